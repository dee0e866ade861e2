// newsgraph-health-probe: asks a server's grpc.health.v1.Health/Check and
// exits 0 when it answers SERVING, 1 otherwise. Used by container health
// checks (compose), where no other gRPC client is installed.
//
//   newsgraph-health-probe --addr=127.0.0.1:50051 [--service=newsgraph.v1.IngestService]
#include <chrono>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(std::string, addr, "127.0.0.1:50051", "server address");
ABSL_FLAG(std::string, service, "", "service name (\"\" = the whole server)");
ABSL_FLAG(int, timeout_ms, 2000, "deadline of the check");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_addr), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(absl::GetFlag(FLAGS_service));
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    std::cerr << "health check failed: " << status.error_code() << " " << status.error_message()
              << "\n";
    return 1;
  }
  const bool serving = response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  std::cout << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status()) << "\n";
  return serving ? 0 : 1;
}
