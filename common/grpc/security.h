// Transport security and caller authentication for newsgraph servers and for
// the feed connections between them.
//
// Servers: TLS from a certificate and key file, optionally mutual TLS (client
// certificates required and verified against a CA file), and optionally a
// bearer-token check (`authorization: Bearer <token>`, tokens from a file).
// Each token may be limited to scopes; each service declares which scope
// each of its methods needs (RegisterMethodScopes, in
// services/<svc>/grpc/method_scopes.cc). Health and reflection can stay open
// to unauthenticated callers so that probes and tooling work.
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
// Reloading. ReloadSecurityFiles() (the servers call it on SIGHUP) re-reads
// at once every certificate, key, CA and token file of every server and feed
// client of the process, except the feed client's certificate files (below).
// The files are also checked for changes without a signal, so that a
// Kubernetes Secret update (which sends none) is picked up: server
// certificate files every `refresh_interval` (at the next TLS handshake),
// token files at most once a second (at the next call). A reload that fails
// (missing file, bad PEM, key not matching the certificate, no token) keeps
// the previous material, logs an error naming the file and never stops the
// server. New connections use new certificates; open connections keep theirs.
// The feed client's certificate and CA files are watched by gRPC's file
// watcher every `refresh_interval` (gRPC 1.51's public API cannot push new
// client key material into an existing channel), so SIGHUP does not speed
// them up.
#ifndef NEWSGRAPH_COMMON_GRPC_SECURITY_H_
#define NEWSGRAPH_COMMON_GRPC_SECURITY_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"

namespace newsgraph {

// What a token may do. A method needs exactly one scope; a token holds a set.
enum class Scope : uint32_t {
  kRead = 1u << 0,   // searches, lookups, listings, Extract
  kWrite = 1u << 1,  // ingesting, deleting, adding aliases
  kFeed = 1u << 2,   // following a change feed (service to service)
};
using ScopeSet = uint32_t;
// A token listed without scopes: every method, including methods that no
// table declares.
inline constexpr ScopeSet kFullAccess = ~ScopeSet{0};

// "read", "write", "feed"; nullopt for anything else.
std::optional<Scope> ScopeFromName(std::string_view name);
std::string_view ScopeName(Scope scope);

// A method's short name ("IngestDocument") and the scope it needs.
using MethodScope = std::pair<std::string_view, Scope>;

// Declares which scope each method of `service` (full name, e.g.
// "newsgraph.v1.IngestService") needs. Called once per service at start-up
// by its services/<svc>/grpc/method_scopes.cc; returns true so that it can
// initialize a namespace-scope constant. A method no table declares can only
// be called with a full-access token.
bool RegisterMethodScopes(std::string_view service, absl::Span<const MethodScope> methods);
// The scope `path` ("/newsgraph.v1.IngestService/IngestDocument") needs;
// nullopt when undeclared.
std::optional<Scope> RequiredScope(std::string_view path);

struct ServerSecurityOptions {
  // PEM server certificate chain and private key. Both empty: insecure
  // (plaintext) server, as before TLS existed; exactly one set is an error.
  std::string cert_file;
  std::string key_file;
  // PEM CA bundle. When set, clients must present a certificate signed by
  // it (mutual TLS). REQUIRES: cert_file and key_file.
  std::string client_ca_file;
  // When set, every call must carry `authorization: Bearer <token>` with a
  // token listed in this file (format: ParseTokens). REQUIRES: cert_file and
  // key_file (tokens are never accepted over plaintext, where anyone on the
  // path could read them).
  std::string tokens_file;
  // grpc.health.v1.Health and grpc.reflection.* need no token (default), so
  // that liveness/readiness probes and grpcurl-style tools work. When false
  // they need a valid token of any scope.
  bool open_health_and_reflection = true;
  // How often certificate files are checked for changes without a signal.
  absl::Duration refresh_interval = absl::Seconds(10);
};

// Server credentials for `options`: insecure when no certificate is given,
// otherwise TLS (mTLS with client_ca_file) with the token check attached;
// the files are reloadable (see the top of this file). Fails with
// INVALID_ARGUMENT for an inconsistent combination and with
// FAILED_PRECONDITION naming the file when a file is missing, unreadable,
// not valid PEM, a key that does not match its certificate, or a token file
// without a token.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerSecurityOptions& options);

struct ClientSecurityOptions {
  // PEM CA bundle the server's certificate must chain to. When empty the
  // channel is insecure (and the fields below must be empty too).
  std::string ca_file;
  // PEM client certificate and key for mutual TLS (both or neither).
  std::string cert_file;
  std::string key_file;
  // File whose first token (ParseTokens format; scopes, if any, are ignored)
  // is sent as `authorization: Bearer <token>` on every call.
  // REQUIRES: ca_file.
  std::string token_file;
  // How often gRPC's file watcher re-reads the certificate files.
  absl::Duration refresh_interval = absl::Seconds(1);
};

// Channel credentials for `options` (insecure when ca_file is empty), with
// call credentials carrying the token when token_file is set. Same errors as
// MakeServerCredentials.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientSecurityOptions& options);

// Re-reads now the files of every server credential and feed client token
// made by this process (see the top of this file). Failures keep the old
// material and are logged; the first one is returned. Thread-safe.
absl::Status ReloadSecurityFiles();

// Compares two secrets in time that depends only on their lengths, not on
// where they first differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// One line of a tokens file.
struct TokenEntry {
  std::string token;
  ScopeSet scopes = kFullAccess;
};

// A tokens file: one token per line, optionally followed by whitespace and a
// comma-separated scope list; a token alone has full access:
//
//   # name of the caller, for the operator
//   4f9c...e1               <- full access
//   77ab...09 read          <- searches and lookups only
//   c03d...5a read,write
//   91e0...7b feed          <- a downstream service following the feed
//
// Surrounding whitespace is trimmed; empty lines and lines starting with '#'
// are skipped. An unknown scope or a third field is INVALID_ARGUMENT with the
// line number (never the token's text); no token at all is
// FAILED_PRECONDITION.
absl::StatusOr<std::vector<TokenEntry>> ParseTokens(std::string_view contents);

// The outcome of checking a call.
enum class AuthResult { kAllowed, kUnauthenticated, kPermissionDenied };

// The accepted bearer tokens and their scopes, read from a file, re-read when
// it changes (checked at most once a second) and on Reload(). Thread-safe.
class BearerTokenChecker {
 public:
  // Reads the file; FAILED_PRECONDITION or INVALID_ARGUMENT naming it when it
  // is unreadable, malformed or holds no token.
  static absl::StatusOr<std::shared_ptr<BearerTokenChecker>> FromFile(std::string path);
  // For tests and callers that hold the tokens in memory (never reloaded).
  explicit BearerTokenChecker(std::vector<TokenEntry> tokens);

  // kAllowed when `authorization` is "Bearer <t>" (scheme case-insensitive),
  // t is a listed token, and the token has `required` (nullopt: the method
  // is undeclared and needs full access). kUnauthenticated when the token is
  // missing or unknown, kPermissionDenied when it lacks the scope. Every
  // token is compared, in constant time.
  AuthResult Authorize(std::string_view authorization, std::optional<Scope> required);
  // Authorize for a call that needs no particular scope (health and
  // reflection when they are not open).
  bool IsValid(std::string_view authorization);

  // Re-reads the file now. On failure the previous tokens stay and the
  // error (naming the file) is returned.
  absl::Status Reload();

 private:
  // The scopes of the presented token, or nullopt when it is not listed.
  std::optional<ScopeSet> Lookup(std::string_view authorization);
  void MaybeReloadLocked();
  absl::Status ReloadLocked();

  std::string path_;  // empty: never reloaded
  std::mutex mutex_;
  std::vector<TokenEntry> tokens_;  // guarded by mutex_
  int64_t mtime_ns_ = 0;            // guarded by mutex_
  absl::Time last_check_;           // guarded by mutex_
};

// The decision for one call: `path` is the gRPC method path, `authorization`
// the header's value (empty when absent), `checker` null when no token is
// required.
AuthResult AuthorizeCall(BearerTokenChecker* checker, bool open_health_and_reflection,
                         std::string_view path, std::string_view authorization);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_GRPC_SECURITY_H_
