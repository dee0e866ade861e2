#include "common/grpc/security.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <cctype>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/logging/log.h"
#include "grpc/grpc.h"
#include "grpc/grpc_security.h"
#include "grpc/slice.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace newsgraph {
namespace {

constexpr std::string_view kBearerScheme = "bearer ";
// Token files are checked for changes at most this often (at a call).
constexpr absl::Duration kTokenRecheck = absl::Seconds(1);

absl::StatusOr<std::string> ReadWholeFile(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read ", std::string(what), " file ", path));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot read ", std::string(what), " file ", path));
  }
  return buffer.str();
}

int64_t ModificationTimeNs(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return -1;
  return static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
}

// What identifies a version of a file without reading it: a replaced file
// (Kubernetes swaps a symlink, an operator renames a new file into place)
// has another inode or modification time.
struct FileStamp {
  int64_t mtime_ns = -1;
  int64_t size = -1;
  uint64_t inode = 0;
  bool operator==(const FileStamp& other) const {
    return mtime_ns == other.mtime_ns && size == other.size && inode == other.inode;
  }
};

std::vector<FileStamp> StampFiles(const std::vector<std::string>& paths) {
  std::vector<FileStamp> stamps(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    struct stat info;
    if (stat(paths[i].c_str(), &info) != 0) continue;
    stamps[i].mtime_ns =
        static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
    stamps[i].size = static_cast<int64_t>(info.st_size);
    stamps[i].inode = static_cast<uint64_t>(info.st_ino);
  }
  return stamps;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// ---- PEM checks (OpenSSL, the library gRPC itself uses for TLS) ----------
//
// gRPC reports bad key material only in its own log, and for the feed
// client's file watcher not at all before a handshake fails; parsing here
// turns it into an error that names the file, at start and at each reload.

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

BioPtr MemoryBio(const std::string& pem) {
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
}

// The first certificate of `pem` (null when there is none).
X509Ptr FirstCertificate(const std::string& pem) {
  BioPtr bio = MemoryBio(pem);
  X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, &X509_free);
  ERR_clear_error();
  return cert;
}

absl::Status CheckCertificates(const std::string& pem, const std::string& path,
                               std::string_view what) {
  if (FirstCertificate(pem) == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(std::string(what), " file ", path, " holds no valid PEM certificate"));
  }
  return absl::OkStatus();
}

absl::Status CheckKeyPair(const std::string& cert_pem, const std::string& key_pem,
                          const std::string& cert_path, const std::string& key_path,
                          std::string_view what) {
  BioPtr bio = MemoryBio(key_pem);
  KeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr,
             &EVP_PKEY_free);
  ERR_clear_error();
  if (key == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(std::string(what), " key file ", key_path, " holds no valid PEM private key"));
  }
  X509Ptr cert = FirstCertificate(cert_pem);
  if (cert == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        std::string(what), " certificate file ", cert_path, " holds no valid PEM certificate"));
  }
  const int matches = X509_check_private_key(cert.get(), key.get());
  ERR_clear_error();
  if (matches != 1) {
    return absl::FailedPreconditionError(absl::StrCat(std::string(what), " key file ", key_path,
                                                      " does not match the certificate in ",
                                                      cert_path));
  }
  return absl::OkStatus();
}

// ---- Method scopes ---------------------------------------------------------

struct ScopeTable {
  std::mutex mutex;
  // "/newsgraph.v1.IngestService/IngestDocument" -> scope; guarded by mutex.
  std::map<std::string, Scope, std::less<>> by_path;
};

ScopeTable& Scopes() {
  static ScopeTable* table = new ScopeTable();
  return *table;
}

// ---- Reloading on demand ---------------------------------------------------

// Everything ReloadSecurityFiles() reloads: each live server credential and
// feed-client token, held weakly so that the hub never keeps one alive.
struct ReloadTarget {
  std::weak_ptr<void> owner;
  absl::Status (*reload)(void* owner);
};

struct ReloadHub {
  std::mutex mutex;
  std::vector<ReloadTarget> targets;  // guarded by mutex
};

ReloadHub& Hub() {
  static ReloadHub* hub = new ReloadHub();
  return *hub;
}

template <typename T>
void RegisterReloadable(const std::shared_ptr<T>& target) {
  ReloadHub& hub = Hub();
  std::lock_guard<std::mutex> lock(hub.mutex);
  // Forget the ones that are gone, so that a process that makes many
  // credentials (tests) does not accumulate them.
  std::vector<ReloadTarget> alive;
  for (ReloadTarget& existing : hub.targets) {
    if (!existing.owner.expired()) alive.push_back(std::move(existing));
  }
  alive.push_back({std::weak_ptr<void>(std::shared_ptr<void>(target)),
                   [](void* owner) { return static_cast<T*>(owner)->Reload(); }});
  hub.targets = std::move(alive);
}

// ---- Server side -----------------------------------------------------------

// A server's certificate, key and client CA, handed to gRPC through an SSL
// certificate-config fetcher: gRPC asks for it at every TLS handshake, and
// gets new material only after a successful reload. (gRPC's own file
// watcher cannot be told to reload now, and a bad file it reads replaces
// good material; this keeps the last good material instead.)
class ServerTls {
 public:
  ServerTls(const ServerSecurityOptions& options, std::shared_ptr<BearerTokenChecker> checker)
      : cert_file_(options.cert_file),
        key_file_(options.key_file),
        client_ca_file_(options.client_ca_file),
        refresh_interval_(options.refresh_interval),
        open_health_and_reflection_(options.open_health_and_reflection),
        checker_(std::move(checker)) {}

  BearerTokenChecker* checker() const { return checker_.get(); }
  bool open_health_and_reflection() const { return open_health_and_reflection_; }
  bool mutual() const { return !client_ca_file_.empty(); }

  // Re-reads the certificate and key files (and the token file) now.
  absl::Status Reload() {
    absl::Status status;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      status = ReloadLocked();
    }
    if (checker_ != nullptr) {
      absl::Status tokens = checker_->Reload();
      if (status.ok()) status = tokens;
    }
    return status;
  }

  // A new listening port starts from the current material.
  void ForceNextFetch() {
    std::lock_guard<std::mutex> lock(mutex_);
    fetched_generation_ = 0;
  }

  // gRPC's fetcher callback (see the class comment).
  grpc_ssl_certificate_config_reload_status Fetch(grpc_ssl_server_certificate_config** config) {
    std::lock_guard<std::mutex> lock(mutex_);
    const absl::Time now = absl::Now();
    if (now - last_check_ >= refresh_interval_) {
      last_check_ = now;
      if (!(StampFiles(Files()) == stamps_)) {
        absl::Status reloaded = ReloadLocked();
        if (reloaded.ok()) {
          LOG_INFO << "reloaded the TLS certificate " << cert_file_ << " (changed on disk)";
        } else {
          LOG_ERROR << "keeping the previous TLS certificate: " << reloaded;
        }
      }
    }
    if (generation_ == 0) return GRPC_SSL_CERTIFICATE_CONFIG_RELOAD_FAIL;
    if (fetched_generation_ == generation_) return GRPC_SSL_CERTIFICATE_CONFIG_RELOAD_UNCHANGED;
    grpc_ssl_pem_key_cert_pair pair = {key_.c_str(), cert_.c_str()};
    // gRPC 1.51 asserts that a fetched config has root certificates even
    // when client certificates are not requested; without mutual TLS they
    // are never used, so the server's own chain stands in.
    *config = grpc_ssl_server_certificate_config_create(
        client_ca_.empty() ? cert_.c_str() : client_ca_.c_str(), &pair, 1);
    fetched_generation_ = generation_;
    return GRPC_SSL_CERTIFICATE_CONFIG_RELOAD_NEW;
  }

 private:
  std::vector<std::string> Files() const {
    std::vector<std::string> files = {cert_file_, key_file_};
    if (!client_ca_file_.empty()) files.push_back(client_ca_file_);
    return files;
  }

  // REQUIRES: mutex_ held. All files are read and checked before any is
  // used, so a failure changes nothing (but its stamps are remembered, so
  // that the change check does not repeat the same error every interval).
  absl::Status ReloadLocked() {
    stamps_ = StampFiles(Files());
    absl::StatusOr<std::string> cert = ReadWholeFile(cert_file_, "TLS certificate");
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadWholeFile(key_file_, "TLS key");
    if (!key.ok()) return key.status();
    if (absl::Status s = CheckKeyPair(*cert, *key, cert_file_, key_file_, "TLS"); !s.ok()) {
      return s;
    }
    std::string client_ca;
    if (!client_ca_file_.empty()) {
      absl::StatusOr<std::string> ca = ReadWholeFile(client_ca_file_, "TLS client CA");
      if (!ca.ok()) return ca.status();
      if (absl::Status s = CheckCertificates(*ca, client_ca_file_, "TLS client CA"); !s.ok()) {
        return s;
      }
      client_ca = *std::move(ca);
    }
    cert_ = *std::move(cert);
    key_ = *std::move(key);
    client_ca_ = std::move(client_ca);
    ++generation_;
    return absl::OkStatus();
  }

  const std::string cert_file_, key_file_, client_ca_file_;
  const absl::Duration refresh_interval_;
  const bool open_health_and_reflection_;
  const std::shared_ptr<BearerTokenChecker> checker_;

  std::mutex mutex_;
  std::string cert_, key_, client_ca_;   // guarded by mutex_
  uint64_t generation_ = 0;              // guarded by mutex_; 0 = nothing loaded yet
  uint64_t fetched_generation_ = 0;      // guarded by mutex_; what gRPC has
  std::vector<FileStamp> stamps_;        // guarded by mutex_
  absl::Time last_check_ = absl::Now();  // guarded by mutex_
};

grpc_ssl_certificate_config_reload_status FetchServerConfig(
    void* user_data, grpc_ssl_server_certificate_config** config) {
  return static_cast<ServerTls*>(user_data)->Fetch(config);
}

std::string_view SliceView(const grpc_slice& slice) {
  return std::string_view(reinterpret_cast<const char*>(GRPC_SLICE_START_PTR(slice)),
                          GRPC_SLICE_LENGTH(slice));
}

// The token check, as gRPC's server-side auth metadata processor: it runs
// before the call reaches any handler and its status reaches the client
// unchanged (a server interceptor could only cancel the call). It is set on
// the C credentials because they are what carries the fetcher above; the
// processor's state owns the ServerTls, and gRPC destroys it with the
// credentials, after which the fetcher is no longer called.
struct ProcessorState {
  std::shared_ptr<ServerTls> tls;
};

void ProcessAuthMetadata(void* state, grpc_auth_context* /*context*/, const grpc_metadata* md,
                         size_t num_md, grpc_process_auth_metadata_done_cb done, void* user_data) {
  const ServerTls& tls = *static_cast<ProcessorState*>(state)->tls;
  std::string_view path;
  std::string_view authorization;
  const grpc_metadata* authorization_md = nullptr;
  for (size_t i = 0; i < num_md; ++i) {
    const std::string_view key = SliceView(md[i].key);
    if (key == ":path") {
      path = SliceView(md[i].value);
    } else if (key == "authorization") {
      authorization = SliceView(md[i].value);
      authorization_md = &md[i];
    }
  }
  switch (AuthorizeCall(tls.checker(), tls.open_health_and_reflection(), path, authorization)) {
    case AuthResult::kAllowed:
      // Handlers never see the secret.
      done(user_data, authorization_md, authorization_md == nullptr ? 0 : 1, nullptr, 0,
           GRPC_STATUS_OK, nullptr);
      return;
    case AuthResult::kUnauthenticated:
      // Same message for a missing and a wrong token: nothing to learn.
      done(user_data, nullptr, 0, nullptr, 0, GRPC_STATUS_UNAUTHENTICATED, "unauthenticated");
      return;
    case AuthResult::kPermissionDenied:
      // Names neither the token nor what it may do.
      done(user_data, nullptr, 0, nullptr, 0, GRPC_STATUS_PERMISSION_DENIED,
           "permission denied: the token may not call this method");
      return;
  }
}

void DestroyProcessorState(void* state) { delete static_cast<ProcessorState*>(state); }

// grpc::ServerCredentials over C credentials built with the fetcher (the C++
// API offers no fetcher). AddPortToServer is gRPC's hook for binding a port
// with a credentials object.
class ReloadableServerCredentials : public grpc::ServerCredentials {
 public:
  explicit ReloadableServerCredentials(std::shared_ptr<ServerTls> tls) : tls_(tls) {
    grpc_ssl_server_credentials_options* options =
        grpc_ssl_server_credentials_create_options_using_config_fetcher(
            tls->mutual() ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                          : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE,
            &FetchServerConfig, tls.get());
    credentials_ = grpc_ssl_server_credentials_create_with_options(options);
    grpc_auth_metadata_processor processor;
    processor.process = &ProcessAuthMetadata;
    processor.destroy = &DestroyProcessorState;
    processor.state = new ProcessorState{std::move(tls)};
    grpc_server_credentials_set_auth_metadata_processor(credentials_, processor);
  }
  ~ReloadableServerCredentials() override { grpc_server_credentials_release(credentials_); }

  // The token check is built in; another processor is not supported.
  void SetAuthMetadataProcessor(
      const std::shared_ptr<grpc::AuthMetadataProcessor>& /*processor*/) override {
    LOG_ERROR << "SetAuthMetadataProcessor is not supported on newsgraph TLS credentials";
  }

 private:
  int AddPortToServer(const std::string& address, grpc_server* server) override {
    tls_->ForceNextFetch();
    return grpc_server_add_http2_port(server, address.c_str(), credentials_);
  }

  std::shared_ptr<ServerTls> tls_;
  grpc_server_credentials* credentials_ = nullptr;
};

// ---- Client side -----------------------------------------------------------

// The token a feed client sends, re-read when its file changes (checked at
// most once a second) and on Reload().
class TokenSource {
 public:
  static absl::StatusOr<std::shared_ptr<TokenSource>> FromFile(const std::string& path) {
    auto source = std::make_shared<TokenSource>(path);
    std::lock_guard<std::mutex> lock(source->mutex_);
    if (absl::Status s = source->ReloadLocked(); !s.ok()) return s;
    return source;
  }
  explicit TokenSource(std::string path) : path_(std::move(path)) {}

  absl::Status Reload() {
    std::lock_guard<std::mutex> lock(mutex_);
    return ReloadLocked();
  }

  std::string Current() {
    std::lock_guard<std::mutex> lock(mutex_);
    const absl::Time now = absl::Now();
    if (now - last_check_ >= kTokenRecheck) {
      last_check_ = now;
      const int64_t mtime_ns = ModificationTimeNs(path_);
      if (mtime_ns >= 0 && mtime_ns != mtime_ns_) {
        if (absl::Status s = ReloadLocked(); !s.ok()) {
          LOG_ERROR << "keeping the previous upstream token: " << s;
        }
      }
    }
    return token_;
  }

 private:
  absl::Status ReloadLocked() {
    const int64_t mtime_ns = ModificationTimeNs(path_);
    absl::StatusOr<std::string> contents = ReadWholeFile(path_, "upstream token");
    if (!contents.ok()) return contents.status();
    absl::StatusOr<std::vector<TokenEntry>> tokens = ParseTokens(*contents);
    if (!tokens.ok()) {
      mtime_ns_ = mtime_ns;  // do not repeat the error until the file changes
      return absl::Status(tokens.status().code(), absl::StrCat("upstream token file ", path_, ": ",
                                                               tokens.status().message()));
    }
    token_ = std::move(tokens->front().token);
    mtime_ns_ = mtime_ns;
    return absl::OkStatus();
  }

  const std::string path_;
  std::mutex mutex_;
  std::string token_;                    // guarded by mutex_
  int64_t mtime_ns_ = -1;                // guarded by mutex_
  absl::Time last_check_ = absl::Now();  // guarded by mutex_
};

class TokenFilePlugin : public grpc::MetadataCredentialsPlugin {
 public:
  explicit TokenFilePlugin(std::shared_ptr<TokenSource> source) : source_(std::move(source)) {}

  // A stat() at most once a second: cheap enough for the call's thread.
  bool IsBlocking() const override { return false; }

  grpc::Status GetMetadata(grpc::string_ref /*service_url*/, grpc::string_ref /*method_name*/,
                           const grpc::AuthContext& /*channel_auth_context*/,
                           std::multimap<std::string, std::string>* metadata) override {
    metadata->insert({"authorization", absl::StrCat("Bearer ", source_->Current())});
    return grpc::Status::OK;
  }

 private:
  const std::shared_ptr<TokenSource> source_;
};

unsigned int RefreshSeconds(absl::Duration interval) {
  const int64_t seconds = absl::ToInt64Seconds(interval);
  return seconds < 1 ? 1u : static_cast<unsigned int>(seconds);
}

}  // namespace

std::optional<Scope> ScopeFromName(std::string_view name) {
  if (name == "read") return Scope::kRead;
  if (name == "write") return Scope::kWrite;
  if (name == "feed") return Scope::kFeed;
  return std::nullopt;
}

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kRead:
      return "read";
    case Scope::kWrite:
      return "write";
    case Scope::kFeed:
      return "feed";
  }
  return "unknown";
}

bool RegisterMethodScopes(std::string_view service, absl::Span<const MethodScope> methods) {
  ScopeTable& table = Scopes();
  std::lock_guard<std::mutex> lock(table.mutex);
  for (const auto& entry : methods) {
    table.by_path[absl::StrCat("/", std::string(service), "/", std::string(entry.first))] =
        entry.second;
  }
  return true;
}

std::optional<Scope> RequiredScope(std::string_view path) {
  ScopeTable& table = Scopes();
  std::lock_guard<std::mutex> lock(table.mutex);
  auto it = table.by_path.find(path);
  if (it == table.by_path.end()) return std::nullopt;
  return it->second;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  const size_t length = a.size() > b.size() ? a.size() : b.size();
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  // volatile keeps the compiler from turning the loop into an early exit.
  volatile unsigned char accumulated = 0;
  for (size_t i = 0; i < length; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    accumulated = accumulated | static_cast<unsigned char>(x ^ y);
  }
  return (difference | accumulated) == 0;
}

absl::StatusOr<std::vector<TokenEntry>> ParseTokens(std::string_view contents) {
  std::vector<TokenEntry> tokens;
  size_t line_number = 0;
  size_t start = 0;
  while (start <= contents.size()) {
    size_t end = contents.find('\n', start);
    if (end == std::string_view::npos) end = contents.size();
    std::string_view line = Trim(contents.substr(start, end - start));
    ++line_number;
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    size_t token_end = 0;
    while (token_end < line.size() && !std::isspace(static_cast<unsigned char>(line[token_end]))) {
      ++token_end;
    }
    TokenEntry entry;
    entry.token = std::string(line.substr(0, token_end));
    const std::string_view scopes = Trim(line.substr(token_end));
    if (!scopes.empty()) {
      // Error messages give the line, never the text: a token split by a
      // stray space would otherwise be echoed into a log.
      for (char c : scopes) {
        if (std::isspace(static_cast<unsigned char>(c))) {
          return absl::InvalidArgumentError(
              absl::StrCat("line ", line_number, ": expected a token and an optional scope list"));
        }
      }
      entry.scopes = 0;
      size_t from = 0;
      while (from <= scopes.size()) {
        size_t comma = scopes.find(',', from);
        if (comma == std::string_view::npos) comma = scopes.size();
        std::optional<Scope> scope = ScopeFromName(scopes.substr(from, comma - from));
        if (!scope.has_value()) {
          return absl::InvalidArgumentError(
              absl::StrCat("line ", line_number, ": unknown scope (known: read, write, feed)"));
        }
        entry.scopes |= static_cast<ScopeSet>(*scope);
        from = comma + 1;
      }
    }
    tokens.push_back(std::move(entry));
  }
  if (tokens.empty()) return absl::FailedPreconditionError("no token in token file");
  return tokens;
}

absl::StatusOr<std::shared_ptr<BearerTokenChecker>> BearerTokenChecker::FromFile(std::string path) {
  auto checker = std::make_shared<BearerTokenChecker>(std::vector<TokenEntry>());
  checker->path_ = std::move(path);
  std::lock_guard<std::mutex> lock(checker->mutex_);
  if (absl::Status s = checker->ReloadLocked(); !s.ok()) return s;
  return checker;
}

BearerTokenChecker::BearerTokenChecker(std::vector<TokenEntry> tokens)
    : tokens_(std::move(tokens)), last_check_(absl::Now()) {}

absl::Status BearerTokenChecker::Reload() {
  std::lock_guard<std::mutex> lock(mutex_);
  absl::Status status = ReloadLocked();
  if (status.ok()) {
    LOG_INFO << "reloaded auth tokens from " << path_ << " (" << tokens_.size() << ")";
  }
  return status;
}

absl::Status BearerTokenChecker::ReloadLocked() {
  if (path_.empty()) return absl::OkStatus();
  const int64_t mtime_ns = ModificationTimeNs(path_);
  last_check_ = absl::Now();
  absl::StatusOr<std::string> contents = ReadWholeFile(path_, "auth tokens");
  if (!contents.ok()) return contents.status();
  // Whatever the outcome, this version of the file has been looked at.
  mtime_ns_ = mtime_ns;
  absl::StatusOr<std::vector<TokenEntry>> tokens = ParseTokens(*contents);
  if (!tokens.ok()) {
    return absl::Status(tokens.status().code(),
                        absl::StrCat("auth tokens file ", path_, ": ", tokens.status().message()));
  }
  tokens_ = *std::move(tokens);
  return absl::OkStatus();
}

void BearerTokenChecker::MaybeReloadLocked() {
  if (path_.empty()) return;
  const absl::Time now = absl::Now();
  if (now - last_check_ < kTokenRecheck) return;
  last_check_ = now;
  const int64_t mtime_ns = ModificationTimeNs(path_);
  if (mtime_ns < 0 || mtime_ns == mtime_ns_) return;
  if (absl::Status s = ReloadLocked(); !s.ok()) {
    LOG_ERROR << "keeping the previous auth tokens: " << s;
    return;
  }
  LOG_INFO << "reloaded auth tokens from " << path_ << " (" << tokens_.size()
           << ", changed on disk)";
}

std::optional<ScopeSet> BearerTokenChecker::Lookup(std::string_view authorization) {
  if (authorization.size() < kBearerScheme.size()) return std::nullopt;
  for (size_t i = 0; i < kBearerScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kBearerScheme[i]) {
      return std::nullopt;
    }
  }
  const std::string_view presented = authorization.substr(kBearerScheme.size());
  if (presented.empty()) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  MaybeReloadLocked();
  // No early exit: which token matched (or that none did) must not show in
  // the time taken.
  ScopeSet matched_scopes = 0;
  bool matched = false;
  for (const TokenEntry& entry : tokens_) {
    const bool equal = ConstantTimeEquals(presented, entry.token);
    matched = matched | equal;
    matched_scopes |= entry.scopes & (ScopeSet{0} - static_cast<ScopeSet>(equal));
  }
  if (!matched) return std::nullopt;
  return matched_scopes;
}

AuthResult BearerTokenChecker::Authorize(std::string_view authorization,
                                         std::optional<Scope> required) {
  const std::optional<ScopeSet> scopes = Lookup(authorization);
  if (!scopes.has_value()) return AuthResult::kUnauthenticated;
  if (*scopes == kFullAccess) return AuthResult::kAllowed;
  if (required.has_value() && (*scopes & static_cast<ScopeSet>(*required)) != 0) {
    return AuthResult::kAllowed;
  }
  return AuthResult::kPermissionDenied;
}

bool BearerTokenChecker::IsValid(std::string_view authorization) {
  return Lookup(authorization).has_value();
}

AuthResult AuthorizeCall(BearerTokenChecker* checker, bool open_health_and_reflection,
                         std::string_view path, std::string_view authorization) {
  if (checker == nullptr) return AuthResult::kAllowed;
  const bool infrastructure =
      StartsWith(path, "/grpc.health.v1.Health/") || StartsWith(path, "/grpc.reflection.");
  if (infrastructure) {
    if (open_health_and_reflection) return AuthResult::kAllowed;
    return checker->IsValid(authorization) ? AuthResult::kAllowed : AuthResult::kUnauthenticated;
  }
  return checker->Authorize(authorization, RequiredScope(path));
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerSecurityOptions& options) {
  const bool tls = !options.cert_file.empty() || !options.key_file.empty();
  if (!tls) {
    if (!options.client_ca_file.empty() || !options.tokens_file.empty()) {
      return absl::InvalidArgumentError(
          "--tls_client_ca and --auth_tokens_file need TLS: set --tls_cert and "
          "--tls_key");
    }
    return grpc::InsecureServerCredentials();
  }
  if (options.cert_file.empty() || options.key_file.empty()) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key must be set together");
  }
  std::shared_ptr<BearerTokenChecker> checker;
  if (!options.tokens_file.empty()) {
    absl::StatusOr<std::shared_ptr<BearerTokenChecker>> loaded =
        BearerTokenChecker::FromFile(options.tokens_file);
    if (!loaded.ok()) return loaded.status();
    checker = *std::move(loaded);
  }
  auto server_tls = std::make_shared<ServerTls>(options, std::move(checker));
  if (absl::Status s = server_tls->Reload(); !s.ok()) return s;
  RegisterReloadable(server_tls);
  return std::make_shared<ReloadableServerCredentials>(std::move(server_tls));
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientSecurityOptions& options) {
  if (options.ca_file.empty()) {
    if (!options.cert_file.empty() || !options.key_file.empty() || !options.token_file.empty()) {
      return absl::InvalidArgumentError(
          "--upstream_tls_cert, --upstream_tls_key and --upstream_token_file "
          "need "
          "--upstream_tls_ca (no client certificate or token over plaintext)");
    }
    return grpc::InsecureChannelCredentials();
  }
  if (options.cert_file.empty() != options.key_file.empty()) {
    return absl::InvalidArgumentError(
        "--upstream_tls_cert and --upstream_tls_key must be set together");
  }
  absl::StatusOr<std::string> ca = ReadWholeFile(options.ca_file, "upstream TLS CA");
  if (!ca.ok()) return ca.status();
  if (absl::Status s = CheckCertificates(*ca, options.ca_file, "upstream TLS CA"); !s.ok()) {
    return s;
  }
  const bool identity = !options.cert_file.empty();
  if (identity) {
    absl::StatusOr<std::string> cert = ReadWholeFile(options.cert_file, "upstream TLS certificate");
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadWholeFile(options.key_file, "upstream TLS key");
    if (!key.ok()) return key.status();
    if (absl::Status s =
            CheckKeyPair(*cert, *key, options.cert_file, options.key_file, "upstream TLS");
        !s.ok()) {
      return s;
    }
  }
  std::shared_ptr<grpc::CallCredentials> call_credentials;
  if (!options.token_file.empty()) {
    absl::StatusOr<std::shared_ptr<TokenSource>> source = TokenSource::FromFile(options.token_file);
    if (!source.ok()) return source.status();
    RegisterReloadable(*source);
    call_credentials =
        grpc::MetadataCredentialsFromPlugin(std::make_unique<TokenFilePlugin>(*std::move(source)));
  }

  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      options.key_file, options.cert_file, options.ca_file,
      RefreshSeconds(options.refresh_interval));
  grpc::experimental::TlsChannelCredentialsOptions tls_options;
  tls_options.set_certificate_provider(provider);
  tls_options.watch_root_certs();
  if (identity) tls_options.watch_identity_key_cert_pairs();
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::experimental::TlsCredentials(tls_options);
  if (credentials == nullptr) {
    return absl::FailedPreconditionError("cannot create TLS channel credentials");
  }
  if (call_credentials != nullptr) {
    credentials = grpc::CompositeChannelCredentials(credentials, call_credentials);
  }
  return credentials;
}

absl::Status ReloadSecurityFiles() {
  std::vector<ReloadTarget> targets;
  {
    ReloadHub& hub = Hub();
    std::lock_guard<std::mutex> lock(hub.mutex);
    targets = hub.targets;
  }
  absl::Status first_error;
  size_t reloaded = 0;
  size_t failed = 0;
  for (const ReloadTarget& target : targets) {
    std::shared_ptr<void> owner = target.owner.lock();
    if (owner == nullptr) continue;
    absl::Status status = target.reload(owner.get());
    if (status.ok()) {
      ++reloaded;
    } else {
      ++failed;
      LOG_ERROR << "reload failed, keeping the previous material: " << status;
      if (first_error.ok()) first_error = status;
    }
  }
  LOG_INFO << "reloaded security files: " << reloaded << " ok, " << failed << " failed";
  return first_error;
}

}  // namespace newsgraph
