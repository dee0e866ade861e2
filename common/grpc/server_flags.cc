#include "common/grpc/server_flags.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/flags/flag.h"
#include "common/config/flags_env.h"
#include "common/logging/log_flags.h"
#include "common/metrics/metrics_flags.h"

ABSL_FLAG(std::string, port_file, "", "write the bound port to this file");
ABSL_FLAG(int64_t, shutdown_deadline_ms, 10000, "grace period for in-flight calls at shutdown");
ABSL_FLAG(
    int64_t, default_deadline_ms, 300000,
    "unary and client-streaming calls without a deadline are cancelled after this (0 = never)");
ABSL_FLAG(int64_t, max_concurrent_streams, 256,
          "calls one client connection may have in flight at once (HTTP/2 streams; more wait)");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM server certificate chain (with --tls_key: serve TLS; reloaded on SIGHUP and "
          "when it changes)");
ABSL_FLAG(std::string, tls_key, "", "PEM server private key (with --tls_cert; reloaded)");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA: require client certificates signed by it (mutual TLS)");
ABSL_FLAG(std::string, auth_tokens_file, "",
          "require `authorization: Bearer <token>` with a token from this file (one per line, "
          "`<token>` = full access or `<token> read,write,feed`; needs TLS; reloaded)");
ABSL_FLAG(bool, auth_open_health_reflection, true, "health and reflection need no token");

namespace newsgraph {

std::vector<std::string> SharedServerFlagNames() {
  return {"port_file",
          "shutdown_deadline_ms",
          "default_deadline_ms",
          "max_concurrent_streams",
          "tls_cert",
          "tls_key",
          "tls_client_ca",
          "auth_tokens_file",
          "auth_open_health_reflection"};
}

void ParseServerCommandLine(int argc, char** argv, std::vector<std::string> own_flags) {
  std::vector<std::string> names = SharedServerFlagNames();
  for (const auto& more : {own_flags, LogFlagNames(), MetricsFlagNames()}) {
    names.insert(names.end(), more.begin(), more.end());
  }
  ParseFlagsWithEnvironment(argc, argv, names);
  if (absl::Status logging = ApplyLogFlags(); !logging.ok()) {
    std::fprintf(stderr, "%s\n", logging.ToString().c_str());
    std::exit(2);
  }
}

absl::StatusOr<std::unique_ptr<MetricsExporter>> StartServerAndMetrics(
    ServerRunner* runner, const MetricsRegistry* registry) {
  auto exporter = StartMetricsExporterFromFlags(registry);
  if (!exporter.ok()) return exporter.status();
  if (absl::Status started = runner->Start(); !started.ok()) return started;
  return exporter;
}

void ApplySharedServerFlags(ServerOptions* options) {
  options->port_file = absl::GetFlag(FLAGS_port_file);
  options->shutdown_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_shutdown_deadline_ms));
  options->default_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_default_deadline_ms));
  options->max_concurrent_streams = static_cast<int>(
      std::clamp<int64_t>(absl::GetFlag(FLAGS_max_concurrent_streams), 1, 1 << 20));
  options->security.cert_file = absl::GetFlag(FLAGS_tls_cert);
  options->security.key_file = absl::GetFlag(FLAGS_tls_key);
  options->security.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options->security.tokens_file = absl::GetFlag(FLAGS_auth_tokens_file);
  options->security.open_health_and_reflection = absl::GetFlag(FLAGS_auth_open_health_reflection);
}

}  // namespace newsgraph
