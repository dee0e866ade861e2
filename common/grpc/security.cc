#include "common/grpc/security.h"

#include <sys/stat.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/logging/log.h"
#include "grpcpp/security/auth_metadata_processor.h"
#include "grpcpp/security/tls_certificate_provider.h"
#include "grpcpp/security/tls_credentials_options.h"

namespace newsgraph {
namespace {

constexpr std::string_view kBearerScheme = "bearer ";

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

// gRPC's file watcher only logs when a file is missing or malformed and then
// serves no certificate at all; checking up front turns that into a refusal
// to start that names the file.
absl::Status CheckPemFile(const std::string& path, std::string_view what) {
  absl::StatusOr<std::string> contents = ReadWholeFile(path, what);
  if (!contents.ok()) return contents.status();
  if (contents->find("-----BEGIN ") == std::string::npos) {
    return absl::FailedPreconditionError(
        absl::StrCat(std::string(what), " file ", path, " holds no PEM block"));
  }
  return absl::OkStatus();
}

int64_t ModificationTimeNs(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return -1;
  return static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
}

unsigned int RefreshSeconds(absl::Duration interval) {
  const int64_t seconds = absl::ToInt64Seconds(interval);
  return seconds < 1 ? 1u : static_cast<unsigned int>(seconds);
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The token check runs as an AuthMetadataProcessor rather than a server
// interceptor: it is gRPC's hook for exactly this, it runs before the call
// reaches any handler, and its status (UNAUTHENTICATED) reaches the client
// unchanged, whereas an interceptor can only cancel a call (CANCELLED). It
// needs secure credentials, which is what we want anyway: we refuse tokens
// over plaintext (MakeServerCredentials requires TLS for them).
class TokenAuthProcessor : public grpc::AuthMetadataProcessor {
 public:
  TokenAuthProcessor(std::shared_ptr<BearerTokenChecker> checker, bool open_health_and_reflection)
      : checker_(std::move(checker)), open_health_and_reflection_(open_health_and_reflection) {}

  // Comparing a handful of short tokens and a stat() once a second is cheap
  // enough to run on the call's own thread.
  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* /*context*/,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* /*response_metadata*/) override {
    if (open_health_and_reflection_) {
      auto path = auth_metadata.find(":path");
      if (path != auth_metadata.end()) {
        const std::string_view method(path->second.data(), path->second.size());
        if (StartsWith(method, "/grpc.health.v1.Health/") ||
            StartsWith(method, "/grpc.reflection.")) {
          return grpc::Status::OK;
        }
      }
    }
    auto authorization = auth_metadata.find("authorization");
    if (authorization != auth_metadata.end() &&
        checker_->CheckAuthorization(
            std::string_view(authorization->second.data(), authorization->second.size()))) {
      // Handlers never see the secret.
      consumed_auth_metadata->insert({"authorization", std::string(authorization->second.data(),
                                                                   authorization->second.size())});
      return grpc::Status::OK;
    }
    // Same message for a missing and a wrong token: nothing to learn from it.
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unauthenticated");
  }

 private:
  std::shared_ptr<BearerTokenChecker> checker_;
  const bool open_health_and_reflection_;
};

// Sends the token of a token file on every call, re-reading the file when it
// changes (so a rotated Secret is picked up without a restart).
class TokenFilePlugin : public grpc::MetadataCredentialsPlugin {
 public:
  TokenFilePlugin(std::string path, std::string token, int64_t mtime_ns)
      : path_(std::move(path)), token_(std::move(token)), mtime_ns_(mtime_ns) {}

  bool IsBlocking() const override { return false; }

  grpc::Status GetMetadata(grpc::string_ref /*service_url*/, grpc::string_ref /*method_name*/,
                           const grpc::AuthContext& /*channel_auth_context*/,
                           std::multimap<std::string, std::string>* metadata) override {
    std::string token;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const int64_t mtime_ns = ModificationTimeNs(path_);
      if (mtime_ns >= 0 && mtime_ns != mtime_ns_) {
        absl::StatusOr<std::string> contents = ReadWholeFile(path_, "token");
        absl::StatusOr<std::vector<std::string>> tokens =
            contents.ok() ? ParseTokens(*contents) : contents.status();
        if (tokens.ok()) {
          token_ = tokens->front();
          mtime_ns_ = mtime_ns;
        } else {
          LOG_WARNING << "keeping the previous token: " << tokens.status();
        }
      }
      token = token_;
    }
    metadata->insert({"authorization", absl::StrCat("Bearer ", token)});
    return grpc::Status::OK;
  }

 private:
  const std::string path_;
  std::mutex mutex_;
  std::string token_;  // guarded by mutex_
  int64_t mtime_ns_;   // guarded by mutex_
};

}  // namespace

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

absl::StatusOr<std::vector<std::string>> ParseTokens(std::string_view contents) {
  std::vector<std::string> tokens;
  size_t line_number = 0;
  size_t start = 0;
  while (start <= contents.size()) {
    size_t end = contents.find('\n', start);
    if (end == std::string_view::npos) end = contents.size();
    std::string_view line = contents.substr(start, end - start);
    ++line_number;
    start = end + 1;
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) {
      line.remove_prefix(1);
    }
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) {
      line.remove_suffix(1);
    }
    if (line.empty() || line.front() == '#') continue;
    for (char c : line) {
      if (std::isspace(static_cast<unsigned char>(c))) {
        return absl::InvalidArgumentError(
            absl::StrCat("token on line ", line_number, " contains whitespace"));
      }
    }
    tokens.emplace_back(line);
  }
  if (tokens.empty()) return absl::FailedPreconditionError("no token in token file");
  return tokens;
}

absl::StatusOr<std::shared_ptr<BearerTokenChecker>> BearerTokenChecker::FromFile(std::string path) {
  const int64_t mtime_ns = ModificationTimeNs(path);
  absl::StatusOr<std::string> contents = ReadWholeFile(path, "auth tokens");
  if (!contents.ok()) return contents.status();
  absl::StatusOr<std::vector<std::string>> tokens = ParseTokens(*contents);
  if (!tokens.ok()) {
    return absl::Status(tokens.status().code(),
                        absl::StrCat("auth tokens file ", path, ": ", tokens.status().message()));
  }
  auto checker = std::make_shared<BearerTokenChecker>(*std::move(tokens));
  checker->path_ = std::move(path);
  checker->mtime_ns_ = mtime_ns;
  checker->last_check_ = absl::Now();
  return checker;
}

BearerTokenChecker::BearerTokenChecker(std::vector<std::string> tokens)
    : tokens_(std::move(tokens)) {}

void BearerTokenChecker::MaybeReload() {
  // REQUIRES: mutex_ held.
  if (path_.empty()) return;
  const absl::Time now = absl::Now();
  if (now - last_check_ < absl::Seconds(1)) return;
  last_check_ = now;
  const int64_t mtime_ns = ModificationTimeNs(path_);
  if (mtime_ns < 0 || mtime_ns == mtime_ns_) return;
  absl::StatusOr<std::string> contents = ReadWholeFile(path_, "auth tokens");
  absl::StatusOr<std::vector<std::string>> tokens =
      contents.ok() ? ParseTokens(*contents) : contents.status();
  if (!tokens.ok()) {
    LOG_WARNING << "keeping the previous auth tokens, " << path_ << ": " << tokens.status();
    return;
  }
  tokens_ = *std::move(tokens);
  mtime_ns_ = mtime_ns;
  LOG_INFO << "reloaded auth tokens from " << path_ << " (" << tokens_.size() << ")";
}

bool BearerTokenChecker::CheckAuthorization(std::string_view authorization) {
  if (authorization.size() < kBearerScheme.size()) return false;
  for (size_t i = 0; i < kBearerScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kBearerScheme[i]) {
      return false;
    }
  }
  const std::string_view presented = authorization.substr(kBearerScheme.size());
  if (presented.empty()) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  MaybeReload();
  // No early exit: which token matched (or that none did) must not show in
  // the time taken.
  bool matched = false;
  for (const std::string& token : tokens_) {
    matched = ConstantTimeEquals(presented, token) | matched;
  }
  return matched;
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
  if (absl::Status s = CheckPemFile(options.cert_file, "TLS certificate"); !s.ok()) return s;
  if (absl::Status s = CheckPemFile(options.key_file, "TLS key"); !s.ok()) return s;
  if (!options.client_ca_file.empty()) {
    if (absl::Status s = CheckPemFile(options.client_ca_file, "TLS client CA"); !s.ok()) return s;
  }
  std::shared_ptr<BearerTokenChecker> checker;
  if (!options.tokens_file.empty()) {
    absl::StatusOr<std::shared_ptr<BearerTokenChecker>> loaded =
        BearerTokenChecker::FromFile(options.tokens_file);
    if (!loaded.ok()) return loaded.status();
    checker = *std::move(loaded);
  }

  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      options.key_file, options.cert_file, options.client_ca_file,
      RefreshSeconds(options.refresh_interval));
  grpc::experimental::TlsServerCredentialsOptions tls_options(provider);
  tls_options.watch_identity_key_cert_pairs();
  if (options.client_ca_file.empty()) {
    tls_options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  } else {
    tls_options.watch_root_certs();
    tls_options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  std::shared_ptr<grpc::ServerCredentials> credentials =
      grpc::experimental::TlsServerCredentials(tls_options);
  if (credentials == nullptr) {
    return absl::FailedPreconditionError("cannot create TLS server credentials");
  }
  if (checker != nullptr) {
    credentials->SetAuthMetadataProcessor(
        std::make_shared<TokenAuthProcessor>(checker, options.open_health_and_reflection));
  }
  return credentials;
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
  if (absl::Status s = CheckPemFile(options.ca_file, "upstream TLS CA"); !s.ok()) return s;
  const bool identity = !options.cert_file.empty();
  if (identity) {
    if (absl::Status s = CheckPemFile(options.cert_file, "upstream TLS certificate"); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckPemFile(options.key_file, "upstream TLS key"); !s.ok()) return s;
  }
  std::shared_ptr<grpc::CallCredentials> call_credentials;
  if (!options.token_file.empty()) {
    const int64_t mtime_ns = ModificationTimeNs(options.token_file);
    absl::StatusOr<std::string> contents = ReadWholeFile(options.token_file, "upstream token");
    if (!contents.ok()) return contents.status();
    absl::StatusOr<std::vector<std::string>> tokens = ParseTokens(*contents);
    if (!tokens.ok()) {
      return absl::Status(tokens.status().code(),
                          absl::StrCat("upstream token file ", options.token_file, ": ",
                                       tokens.status().message()));
    }
    call_credentials = grpc::MetadataCredentialsFromPlugin(
        std::make_unique<TokenFilePlugin>(options.token_file, tokens->front(), mtime_ns));
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

}  // namespace newsgraph
