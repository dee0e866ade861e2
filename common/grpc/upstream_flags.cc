// The feed client's flags, linked only into binaries that follow a feed
// (declared in server_flags.h).
#include "absl/flags/flag.h"
#include "common/grpc/security.h"
#include "common/grpc/server_flags.h"
#include "common/logging/log.h"

ABSL_FLAG(std::string, upstream_tls_ca, "",
          "PEM CA trusted for the upstream (set: the feed uses TLS)");
ABSL_FLAG(std::string, upstream_tls_cert, "",
          "PEM client certificate for the upstream (mutual TLS)");
ABSL_FLAG(std::string, upstream_tls_key, "", "PEM client key for the upstream (mutual TLS)");
ABSL_FLAG(std::string, upstream_token_file, "",
          "file whose token is sent to the upstream as a bearer token (reloaded on SIGHUP and "
          "when it changes; the upstream must give it the feed scope)");

namespace newsgraph {

std::vector<std::string> UpstreamFlagNames() {
  return {"upstream_tls_ca", "upstream_tls_cert", "upstream_tls_key", "upstream_token_file"};
}

ClientSecurityOptions UpstreamSecurityFromFlags() {
  ClientSecurityOptions security;
  security.ca_file = absl::GetFlag(FLAGS_upstream_tls_ca);
  security.cert_file = absl::GetFlag(FLAGS_upstream_tls_cert);
  security.key_file = absl::GetFlag(FLAGS_upstream_tls_key);
  security.token_file = absl::GetFlag(FLAGS_upstream_token_file);
  return security;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> UpstreamChannelFromFlags(
    const std::string& address) {
  auto credentials = MakeChannelCredentials(UpstreamSecurityFromFlags());
  if (!credentials.ok()) return credentials.status();
  return grpc::CreateChannel(address, *credentials);
}

std::function<void(bool connected)> ServingFollowsUpstream(ServerRunner* runner) {
  return [runner](bool connected) {
    LOG_INFO << "upstream " << (connected ? "connected" : "unreachable");
    runner->SetServing(connected);
  };
}

}  // namespace newsgraph
