// newsgraph-health-probe: asks a server's grpc.health.v1.Health/Check and
// exits 0 when it answers SERVING, 1 otherwise. Used by container health
// checks (compose, Kubernetes exec probes), where no other gRPC client is
// installed.
//
//   newsgraph-health-probe --addr=127.0.0.1:50051 [--service=newsgraph.v1.IngestService]
//       [--tls_ca=ca.crt [--tls_cert=probe.crt --tls_key=probe.key]
//        [--token_file=probe.token] [--tls_server_name=ingest.example]]
//
// The TLS and token flags can also come from NEWSGRAPH_PROBE_<FLAG> variables
// (NEWSGRAPH_PROBE_TLS_CA, ...), so that an image's HEALTHCHECK line stays the
// same whether or not the server runs with TLS. They are not read from the
// server's own NEWSGRAPH_TLS_* variables: those name the server's identity,
// not what a client trusts.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "common/grpc/security.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(std::string, addr, "127.0.0.1:50051", "server address");
ABSL_FLAG(std::string, service, "", "service name (\"\" = the whole server)");
ABSL_FLAG(int, timeout_ms, 2000, "deadline of the check");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA bundle the server's certificate must chain to; empty = plaintext");
ABSL_FLAG(std::string, tls_cert, "", "PEM client certificate, for servers that require mutual TLS");
ABSL_FLAG(std::string, tls_key, "", "PEM key of --tls_cert");
ABSL_FLAG(std::string, token_file, "",
          "file whose first token is sent as a bearer token (for servers whose health is not open)");
ABSL_FLAG(std::string, tls_server_name, "",
          "name to verify the server's certificate against instead of the host in --addr "
          "(the probe usually dials 127.0.0.1, the certificate names the service)");

namespace {

// Sets each TLS flag from NEWSGRAPH_PROBE_<FLAG> when present; the command
// line parsed afterwards wins.
bool ApplyProbeEnvironment() {
  for (const char* name : {"tls_ca", "tls_cert", "tls_key", "token_file", "tls_server_name"}) {
    const std::string variable = "NEWSGRAPH_PROBE_" + absl::AsciiStrToUpper(name);
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    std::string error;
    if (flag == nullptr || !flag->ParseFrom(value, &error)) {
      std::cerr << variable << ": " << error << "\n";
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (!ApplyProbeEnvironment()) return 2;
  absl::ParseCommandLine(argc, argv);
  newsgraph::ClientSecurityOptions security;
  security.ca_file = absl::GetFlag(FLAGS_tls_ca);
  security.cert_file = absl::GetFlag(FLAGS_tls_cert);
  security.key_file = absl::GetFlag(FLAGS_tls_key);
  security.token_file = absl::GetFlag(FLAGS_token_file);
  auto credentials = newsgraph::MakeChannelCredentials(security);
  if (!credentials.ok()) {
    std::cerr << "health probe: " << credentials.status() << "\n";
    return 2;
  }
  grpc::ChannelArguments arguments;
  if (!absl::GetFlag(FLAGS_tls_server_name).empty()) {
    arguments.SetSslTargetNameOverride(absl::GetFlag(FLAGS_tls_server_name));
  }
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateCustomChannel(absl::GetFlag(FLAGS_addr), *credentials, arguments));
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
