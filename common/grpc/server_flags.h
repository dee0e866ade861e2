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

#include <string>
#include <vector>

#include "common/grpc/security.h"
#include "common/grpc/server_runner.h"

namespace newsgraph {

// The shared server flags' names (for ParseFlagsWithEnvironment).
std::vector<std::string> SharedServerFlagNames();

// Sets the port file, deadlines and security of `options` from the flags.
void ApplySharedServerFlags(ServerOptions* options);

// The upstream (feed) client flags' names; only in binaries that link
// newsgraph_upstream_flags.
std::vector<std::string> UpstreamFlagNames();

// The feed channel's security from --upstream_tls_* and --upstream_token_file.
ClientSecurityOptions UpstreamSecurityFromFlags();

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_GRPC_SERVER_FLAGS_H_
