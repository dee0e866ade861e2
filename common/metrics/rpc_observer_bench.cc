// Cost of the RPC observer per call: an in-process server answers N unary
// GetDocument calls from one client, with or without the observer. Meant
// for `valgrind --tool=callgrind` (instruction counts are repeatable on a
// busy machine); the per-call cost is the difference of two runs' totals
// divided by N. Also prints the wall-clock time per call for reference.
//
//   rpc_observer_bench <calls> none|metrics|metrics+log
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "common/logging/log.h"
#include "common/metrics/metrics.h"
#include "common/metrics/rpc_observer.h"
#include "grpcpp/grpcpp.h"
#include "newsgraph/v1/ingest.grpc.pb.h"

namespace {

namespace v1 = ::newsgraph::v1;

class TrivialIngest final : public v1::IngestService::Service {
 public:
  grpc::Status GetDocument(grpc::ServerContext*, const v1::GetDocumentRequest* request,
                           v1::Document* response) override {
    response->set_doc_id(request->doc_id());
    return grpc::Status::OK;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <calls> none|metrics|metrics+log\n", argv[0]);
    return 2;
  }
  const int calls = std::atoi(argv[1]);
  const std::string mode = argv[2];
  newsgraph::SetLogFormat(newsgraph::LogFormat::kJson);
  newsgraph::MetricsRegistry registry;
  TrivialIngest service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  if (mode != "none") {
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
    creators.push_back(newsgraph::MakeRpcObserverFactory({&registry, mode == "metrics+log"}));
    builder.experimental().SetInterceptorCreators(std::move(creators));
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  auto stub = v1::IngestService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  v1::GetDocumentRequest request;
  request.set_doc_id("d1");
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < calls; ++i) {
    grpc::ClientContext context;
    v1::Document response;
    if (!stub->GetDocument(&context, request, &response).ok()) {
      std::fprintf(stderr, "call %d failed\n", i);
      return 1;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  server->Shutdown();
  std::printf("%s: %d calls, %.1f us per call (wall clock)\n", mode.c_str(), calls,
              seconds * 1e6 / calls);
  return 0;
}
