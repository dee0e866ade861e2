// The RPC observer through a real in-process gRPC server (ServerRunner on a
// loopback port) and a real client channel.
#include "common/metrics/rpc_observer.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "grpcpp/generic/generic_stub.h"
#include "common/grpc/server_runner.h"
#include "common/logging/log.h"
#include "common/metrics/scrape_for_test.h"
#include "common/status/status_matchers.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "newsgraph/v1/ingest.grpc.pb.h"
#include "nlohmann/json.hpp"

namespace newsgraph {
namespace {

namespace v1 = ::newsgraph::v1;
using ::testing::MatchesRegex;
using ::testing::Not;

constexpr char kGet[] = "newsgraph.v1.IngestService/GetDocument";
constexpr char kWatch[] = "newsgraph.v1.IngestService/WatchChanges";

// GetDocument: NOT_FOUND for "missing", otherwise the document, after
// logging a line (to check the handler thread's request id).
// WatchChanges: two changes, then OK.
class FakeIngest final : public v1::IngestService::Service {
 public:
  grpc::Status GetDocument(grpc::ServerContext*, const v1::GetDocumentRequest* request,
                           v1::Document* response) override {
    LOG_INFO << "handler for " << request->doc_id();
    if (request->doc_id() == "missing") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no document \"missing\"");
    }
    response->set_doc_id(request->doc_id());
    return grpc::Status::OK;
  }
  grpc::Status WatchChanges(grpc::ServerContext*, const v1::WatchChangesRequest*,
                            grpc::ServerWriter<v1::DocumentChange>* writer) override {
    for (uint64_t sequence = 1; sequence <= 2; ++sequence) {
      v1::DocumentChange change;
      change.set_sequence(sequence);
      writer->Write(change);
    }
    return grpc::Status::OK;
  }
};

class RpcObserverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.metrics = &registry_;
    runner_ = std::make_unique<ServerRunner>(options);
    runner_->AddService(&service_, "newsgraph.v1.IngestService");
    ASSERT_THAT(runner_->Start(), IsOk());
    stub_ = v1::IngestService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(runner_->port()), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    runner_->Shutdown();
    SetLogFormat(LogFormat::kText);
  }

  // Calls GetDocument; returns the status and the x-request-id sent back.
  std::pair<grpc::StatusCode, std::string> Get(const std::string& doc_id,
                                               const std::string& request_id = "") {
    grpc::ClientContext context;
    if (!request_id.empty()) context.AddMetadata(kRequestIdMetadataKey, request_id);
    v1::GetDocumentRequest request;
    request.set_doc_id(doc_id);
    v1::Document response;
    const grpc::Status status = stub_->GetDocument(&context, request, &response);
    const auto& metadata = context.GetServerInitialMetadata();
    auto it = metadata.find(kRequestIdMetadataKey);
    return {status.error_code(),
            it == metadata.end() ? "" : std::string(it->second.data(), it->second.size())};
  }

  std::optional<double> Sample(const std::string& series) {
    return SampleValue(registry_.Render(), series);
  }

  MetricsRegistry registry_;
  FakeIngest service_;
  std::unique_ptr<ServerRunner> runner_;
  std::unique_ptr<v1::IngestService::Stub> stub_;
};

TEST_F(RpcObserverTest, CountsCallsByMethodAndCodeAndTimesThem) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Get("d1").first, grpc::StatusCode::OK);
  EXPECT_EQ(Get("missing").first, grpc::StatusCode::NOT_FOUND);
  const std::string m = std::string("{method=\"") + kGet + "\"";
  EXPECT_EQ(Sample("newsgraph_grpc_server_started_total" + m + "}"), 4);
  EXPECT_EQ(Sample("newsgraph_grpc_server_handled_total" + m + ",code=\"OK\"}"), 3);
  EXPECT_EQ(Sample("newsgraph_grpc_server_handled_total" + m + ",code=\"NOT_FOUND\"}"), 1);
  EXPECT_EQ(Sample("newsgraph_grpc_server_handled_total" + m + ",code=\"INTERNAL\"}"),
            std::nullopt);  // codes appear when they first happen
  EXPECT_EQ(Sample("newsgraph_grpc_server_handling_seconds_count" + m + "}"), 4);
  EXPECT_EQ(Sample("newsgraph_grpc_server_handling_seconds_bucket" + m + ",le=\"+Inf\"}"), 4);
  EXPECT_GT(*Sample("newsgraph_grpc_server_handling_seconds_sum" + m + "}"), 0);
  EXPECT_EQ(Sample("newsgraph_grpc_server_in_flight" + m + "}"), 0);
}

TEST_F(RpcObserverTest, CountsServerStreamingCalls) {
  grpc::ClientContext context;
  v1::WatchChangesRequest request;
  auto reader = stub_->WatchChanges(&context, request);
  v1::DocumentChange change;
  int received = 0;
  while (reader->Read(&change)) ++received;
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(received, 2);
  const std::string m = std::string("{method=\"") + kWatch + "\"";
  // The status is recorded just after it is sent; give the server a moment.
  for (int i = 0; i < 100 && Sample("newsgraph_grpc_server_in_flight" + m + "}") != 0; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(Sample("newsgraph_grpc_server_handled_total" + m + ",code=\"OK\"}"), 1);
  EXPECT_EQ(Sample("newsgraph_grpc_server_in_flight" + m + "}"), 0);
}

TEST_F(RpcObserverTest, ReturnsTheCallersRequestIdOrANewOne) {
  EXPECT_EQ(Get("d1", "caller-id-7").second, "caller-id-7");
  // Also on an error, where no response message carries the metadata.
  EXPECT_EQ(Get("missing", "caller-id-8").second, "caller-id-8");
  const std::string generated = Get("d1").second;
  EXPECT_THAT(generated, MatchesRegex("[0-9a-f]{16}"));
  EXPECT_NE(Get("d1").second, generated);
  // Unusable ids (too long, spaces) are replaced.
  EXPECT_THAT(Get("d1", std::string(200, 'x')).second, MatchesRegex("[0-9a-f]{16}"));
  EXPECT_THAT(Get("d1", "has space").second, MatchesRegex("[0-9a-f]{16}"));
}

TEST_F(RpcObserverTest, WritesOneJsonAccessLineWithTheRequestIdAlsoOnHandlerLines) {
  SetLogFormat(LogFormat::kJson);
  ::testing::internal::CaptureStderr();
  Get("missing", "req-abc");
  Get("d2", "req-def");
  // The access line is written when the status is sent, which may be just
  // after the client has it.
  absl::SleepFor(absl::Milliseconds(200));
  const std::string output = ::testing::internal::GetCapturedStderr();
  std::vector<nlohmann::json> lines;
  for (absl::string_view line : absl::StrSplit(output, '\n', absl::SkipEmpty())) {
    if (line.front() != '{') continue;  // gRPC's own messages, if any
    lines.push_back(nlohmann::json::parse(line));
  }
  int access_lines = 0;
  bool handler_line_has_id = false;
  for (const nlohmann::json& line : lines) {
    if (line["message"] == "handler for missing") {
      handler_line_has_id = line.value("request_id", "") == "req-abc";
    }
    if (!line.contains("method")) continue;
    ++access_lines;
    EXPECT_EQ(line["method"], kGet);
    EXPECT_EQ(line["level"], "info");
    EXPECT_THAT(line["peer"].get<std::string>(), MatchesRegex("ipv4:127\\.0\\.0\\.1:[0-9]+"));
    EXPECT_GE(line["latency_ms"].get<double>(), 0);
    if (line["request_id"] == "req-abc") {
      EXPECT_EQ(line["code"], "NOT_FOUND");
      EXPECT_EQ(line["error"], "no document \"missing\"");
    } else {
      EXPECT_EQ(line["request_id"], "req-def");
      EXPECT_EQ(line["code"], "OK");
      EXPECT_FALSE(line.contains("error"));
    }
  }
  EXPECT_EQ(access_lines, 2) << output;
  EXPECT_TRUE(handler_line_has_id) << output;
}

TEST_F(RpcObserverTest, HealthChecksAreCountedButNotLogged) {
  ::testing::internal::CaptureStderr();
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(runner_->port()),
                                     grpc::InsecureChannelCredentials());
  grpc::ClientContext context;
  grpc::Slice nothing("");
  grpc::ByteBuffer empty_request(&nothing, 1);
  // grpc.health.v1.Health/Check through the generic stub keeps this test
  // free of the health proto: an empty HealthCheckRequest is zero bytes.
  grpc::GenericStub generic(channel);
  grpc::ByteBuffer response;
  grpc::Status status;
  bool done = false;
  absl::Mutex mutex;
  generic.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                    &empty_request, &response, [&](grpc::Status s) {
                      absl::MutexLock lock(&mutex);
                      status = s;
                      done = true;
                    });
  {
    absl::MutexLock lock(&mutex);
    mutex.Await(absl::Condition(&done));
  }
  EXPECT_TRUE(status.ok()) << status.error_message();
  absl::SleepFor(absl::Milliseconds(100));
  const std::string output = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(output, Not(::testing::HasSubstr("grpc.health.v1.Health/Check")));
  EXPECT_EQ(
      Sample("newsgraph_grpc_server_handled_total{method=\"grpc.health.v1.Health/Check\","
             "code=\"OK\"}"),
      1);
}

}  // namespace
}  // namespace newsgraph
