// Command-line flags that every server binary shares, defined once here:
// --port_file, --shutdown_deadline_ms, --default_deadline_ms,
// --max_concurrent_streams and the TLS and
// token flags (--tls_cert, --tls_key, --tls_client_ca, --auth_tokens_file,
// --auth_open_health_reflection). Consumers of a feed also link
// upstream_flags for --upstream_tls_* and --upstream_token_file. Each
// binary keeps its own --listen, --data_dir and store flags (their defaults
// differ).
#ifndef NEWSGRAPH_COMMON_GRPC_SERVER_FLAGS_H_
#define NEWSGRAPH_COMMON_GRPC_SERVER_FLAGS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"

#include "common/grpc/security.h"
#include "common/grpc/server_runner.h"
#include "common/metrics/metrics_exporter.h"

namespace newsgraph {

// The shared server flags' names (for ParseFlagsWithEnvironment).
std::vector<std::string> SharedServerFlagNames();

// Starts the metrics exporter at --metrics_listen (none when the flag is
// empty), then `runner`: metrics come first so that once the port file
// exists, everything is up. The exporter reads `registry` until it is
// destroyed; destroy it before what its callbacks read.
absl::StatusOr<std::unique_ptr<MetricsExporter>> StartServerAndMetrics(
    ServerRunner* runner, const MetricsRegistry* registry);

// What every server main() does first with its command line: parses the
// shared server flags, the logging and metrics flags and `own_flags` (the
// binary's own, plus UpstreamFlagNames() for feed consumers) from the
// command line and the environment, then applies the logging flags. Exits
// with a message (status 2) on a value that does not parse.
void ParseServerCommandLine(int argc, char** argv, std::vector<std::string> own_flags);

// Sets the port file, deadlines and security of `options` from the flags.
void ApplySharedServerFlags(ServerOptions* options);

// The upstream (feed) client flags' names; only in binaries that link
// newsgraph_upstream_flags.
std::vector<std::string> UpstreamFlagNames();

// The feed channel's security from --upstream_tls_* and --upstream_token_file.
ClientSecurityOptions UpstreamSecurityFromFlags();

// A channel to the upstream at `address` with that security. Fails, naming
// the file, when a certificate, key or token file cannot be read.
absl::StatusOr<std::shared_ptr<grpc::Channel>> UpstreamChannelFromFlags(
    const std::string& address);

// The feed follower's connection callback of a consumer: logs the change
// and makes the runner's services ready only while the upstream is
// reachable, so that load balancers prefer replicas that are current.
std::function<void(bool connected)> ServingFollowsUpstream(ServerRunner* runner);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_GRPC_SERVER_FLAGS_H_
