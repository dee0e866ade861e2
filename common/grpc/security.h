// Transport security and caller authentication for newsgraph servers and for
// the feed connections between them.
//
// Servers: TLS from a certificate and key file, optionally mutual TLS (client
// certificates required and verified against a CA file), and optionally a
// bearer-token check (`authorization: Bearer <token>`, tokens from a file,
// one per line). Health and reflection can stay open to unauthenticated
// callers so that probes and tooling work.
//
//   ServerSecurityOptions security;
//   security.cert_file = "/etc/newsgraph/tls.crt";
//   security.key_file = "/etc/newsgraph/tls.key";
//   security.tokens_file = "/etc/newsgraph/tokens";
//   ASSIGN_OR_RETURN(server_options.credentials,
//   MakeServerCredentials(security));
//
// Clients (a feed follower): TLS trusting a CA file, optionally presenting a
// client certificate, optionally sending a token from a file.
//
//   ClientSecurityOptions upstream;
//   upstream.ca_file = "/etc/newsgraph/ca.crt";
//   upstream.token_file = "/etc/newsgraph/token";
//   ASSIGN_OR_RETURN(auto credentials, MakeChannelCredentials(upstream));
//   auto channel = grpc::CreateChannel(address, credentials);
//
// Reloading: certificate, key and CA files are watched by gRPC's
// FileWatcherCertificateProvider and re-read every `refresh_interval`
// (replace them atomically, e.g. by renaming, as Kubernetes does for
// Secrets); new connections use the new files. Token files are re-read when
// their modification time changes (checked at most once per second); a file
// that becomes unreadable or empty keeps the previous tokens and logs.
#ifndef NEWSGRAPH_COMMON_GRPC_SECURITY_H_
#define NEWSGRAPH_COMMON_GRPC_SECURITY_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"

namespace newsgraph {

struct ServerSecurityOptions {
  // PEM server certificate chain and private key. Both empty: insecure
  // (plaintext) server, as before TLS existed; exactly one set is an error.
  std::string cert_file;
  std::string key_file;
  // PEM CA bundle. When set, clients must present a certificate signed by
  // it (mutual TLS). REQUIRES: cert_file and key_file.
  std::string client_ca_file;
  // When set, every call must carry `authorization: Bearer <token>` with a
  // token listed in this file. REQUIRES: cert_file and key_file (tokens are
  // never accepted over plaintext, where anyone on the path could read them).
  std::string tokens_file;
  // grpc.health.v1.Health and grpc.reflection.* need no token (default), so
  // that liveness/readiness probes and grpcurl-style tools work.
  bool open_health_and_reflection = true;
  // How often certificate files are re-read.
  absl::Duration refresh_interval = absl::Seconds(10);
};

// Server credentials for `options`: insecure when no certificate is given,
// otherwise TLS (mTLS with client_ca_file) with the token check attached.
// Fails with INVALID_ARGUMENT for an inconsistent combination and with
// FAILED_PRECONDITION naming the file when a file is missing, unreadable or
// holds no PEM block / no token.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerSecurityOptions& options);

struct ClientSecurityOptions {
  // PEM CA bundle the server's certificate must chain to. When empty the
  // channel is insecure (and the fields below must be empty too).
  std::string ca_file;
  // PEM client certificate and key for mutual TLS (both or neither).
  std::string cert_file;
  std::string key_file;
  // File whose first non-comment line is the token sent as
  // `authorization: Bearer <token>` on every call. REQUIRES: ca_file.
  std::string token_file;
  // How often certificate files are re-read.
  absl::Duration refresh_interval = absl::Seconds(10);
};

// Channel credentials for `options` (insecure when ca_file is empty), with
// call credentials carrying the token when token_file is set. Same errors as
// MakeServerCredentials.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientSecurityOptions& options);

// Compares two secrets in time that depends only on their lengths, not on
// where they first differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Tokens of a token file: one per line, surrounding whitespace trimmed;
// empty lines and lines starting with '#' are skipped. A token containing
// whitespace inside is rejected (INVALID_ARGUMENT with its line number, never
// its text). No token at all is FAILED_PRECONDITION.
absl::StatusOr<std::vector<std::string>> ParseTokens(std::string_view contents);

// The set of accepted bearer tokens, read from a file and re-read when the
// file changes. Thread-safe.
class BearerTokenChecker {
 public:
  // Reads the file; FAILED_PRECONDITION naming it when it is unreadable or
  // holds no token.
  static absl::StatusOr<std::shared_ptr<BearerTokenChecker>> FromFile(std::string path);
  // For tests and callers that hold the tokens in memory (never reloaded).
  explicit BearerTokenChecker(std::vector<std::string> tokens);

  // True when `authorization` is "Bearer <t>" (scheme case-insensitive) and
  // t equals one of the tokens. Every token is compared, in constant time.
  bool CheckAuthorization(std::string_view authorization);

 private:
  void MaybeReload();

  std::string path_;  // empty: never reloaded
  std::mutex mutex_;
  std::vector<std::string> tokens_;  // guarded by mutex_
  int64_t mtime_ns_ = 0;             // guarded by mutex_
  absl::Time last_check_;            // guarded by mutex_
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_GRPC_SECURITY_H_
