// TLS, mutual TLS and bearer tokens through the real binaries: a throwaway
// CA, server and client certificates and an untrusted CA are made with the
// openssl CLI in a unique temporary folder; newsgraph-ingest runs with them
// and clients built here (with gRPC's plain SSL credentials, not the code
// under test) check who gets in. A newsgraph-extraction follows the secured
// ingest with the --upstream_* flags and must receive its documents.
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/e2e/suite_harness.h"

namespace newsgraph::e2e {
namespace {

namespace v1 = newsgraph::v1;
using HealthStub = grpc::health::v1::Health;

constexpr char kGoodToken[] = "s3cret-caller-token-0123456789";
constexpr char kOtherToken[] = "second-valid-token";
constexpr char kReadToken[] = "reader-7c1f0e5a9b";
constexpr char kWriteToken[] = "writer-2d8e4b6f13";
constexpr char kFeedToken[] = "follower-94a0c3e7d5";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::trunc);
  out << contents;
}

// Runs a shell command with its output in `log`; true on exit status 0.
bool Run(const std::string& command, const std::string& log) {
  return std::system((command + " >>" + log + " 2>&1").c_str()) == 0;
}

// The certificates every test uses, made once per test binary.
class Pki {
 public:
  Pki() {
    const std::string d = dir_.path();
    const std::string log = d + "/openssl.log";
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    WriteFile(d + "/server.ext",
              "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
              "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:"
              "localhost\n");
    WriteFile(d + "/othername.ext",
              "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
              "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:other.example\n");
    WriteFile(d + "/reissued.ext",
              "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
              "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
    WriteFile(d + "/client.ext",
              "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
              "extendedKeyUsage=clientAuth\n");
    WriteFile(d + "/rogue.ext",
              "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
              "extendedKeyUsage=clientAuth\n");
    auto make_ca = [&](const std::string& name) {
      return Run("openssl req -x509" + ec + " -keyout " + d + "/" + name + ".key -out " + d + "/" +
                     name + ".crt -days 2 -subj /CN=" + name +
                     " -addext basicConstraints=critical,CA:TRUE"
                     " -addext keyUsage=critical,keyCertSign,cRLSign",
                 log);
    };
    auto make_leaf = [&](const std::string& name, const std::string& ca) {
      return Run("openssl req" + ec + " -keyout " + d + "/" + name + ".key -out " + d + "/" + name +
                     ".csr -subj /CN=" + name,
                 log) &&
             Run("openssl x509 -req -in " + d + "/" + name + ".csr -CA " + d + "/" + ca +
                     ".crt -CAkey " + d + "/" + ca + ".key -CAcreateserial -days 2 -out " + d +
                     "/" + name + ".crt -extfile " + d + "/" + name + ".ext",
                 log);
    };
    ok_ = make_ca("ca") && make_ca("untrusted") && make_leaf("server", "ca") &&
          make_leaf("client", "ca") && make_leaf("othername", "ca") &&
          make_leaf("reissued", "untrusted") && make_leaf("rogue", "untrusted");
    WriteFile(d + "/tokens", std::string("# callers\n") + kOtherToken + "\n" + kGoodToken + "\n");
    WriteFile(d + "/good.token", std::string(kGoodToken) + "\n");
    WriteFile(d + "/wrong.token", "not-a-listed-token\n");
    WriteFile(d + "/scoped-tokens", std::string("# full access\n") + kGoodToken + "\n" +
                                        kReadToken + " read\n" + kWriteToken + " read,write\n" +
                                        kFeedToken + " feed\n");
    WriteFile(d + "/read.token", std::string(kReadToken) + "\n");
    WriteFile(d + "/feed.token", std::string(kFeedToken) + "\n");
  }

  bool ok() const { return ok_; }
  std::string Path(const std::string& name) const { return dir_.Sub(name); }
  std::string Pem(const std::string& name) const { return ReadFile(Path(name)); }

 private:
  TempDir dir_;
  bool ok_ = false;
};

Pki* pki = nullptr;

class SecurityE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (pki == nullptr) pki = new Pki();
  }
  static void TearDownTestSuite() {
    delete pki;  // removes the key material
    pki = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(pki->ok()) << "openssl failed; see " << pki->Path("openssl.log");
  }

  // Starts newsgraph-ingest with TLS and tokens plus `extra` flags.
  std::unique_ptr<ServerProcess> StartIngest(std::vector<std::string> extra) {
    std::vector<std::string> args = {"--listen=127.0.0.1:0",
                                     "--data_dir=" + dir_.Sub("ingest"),
                                     "--shutdown_deadline_ms=2000",
                                     "--tls_cert=" + pki->Path("server.crt"),
                                     "--tls_key=" + pki->Path("server.key"),
                                     "--auth_tokens_file=" + pki->Path("tokens")};
    args.insert(args.end(), extra.begin(), extra.end());
    auto process = std::make_unique<ServerProcess>(
        "ingest", BinaryDir() + "/services/ingest/server/newsgraph-ingest", args,
        dir_.Sub("ingest.port"), dir_.Sub("ingest.log"));
    absl::Status started = process->Start();
    EXPECT_TRUE(started.ok()) << started << "\n" << ReadFile(dir_.Sub("ingest.log"));
    return process;
  }

  // Starts ingest serving copies of the server certificate and key at
  // `cert` and `key`, for tests that replace them while it runs.
  std::unique_ptr<ServerProcess> StartIngestWithLiveCertificate(const std::string& cert,
                                                                const std::string& key) {
    WriteFile(cert, pki->Pem("server.crt"));
    WriteFile(key, pki->Pem("server.key"));
    return StartIngest({"--tls_cert=" + cert, "--tls_key=" + key});
  }

  // A TLS channel trusting `ca` (a file name in the PKI folder), presenting
  // the client certificate when `client_cert` is true.
  static std::shared_ptr<grpc::Channel> TlsChannel(const ServerProcess& server,
                                                   const std::string& ca, bool client_cert) {
    return TlsChannelAs(server, ca, client_cert ? "client" : "");
  }
  // The same presenting the certificate `<identity>.crt` ("" = none).
  static std::shared_ptr<grpc::Channel> TlsChannelAs(const ServerProcess& server,
                                                     const std::string& ca,
                                                     const std::string& identity) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = pki->Pem(ca);
    if (!identity.empty()) {
      ssl.pem_private_key = pki->Pem(identity + ".key");
      ssl.pem_cert_chain = pki->Pem(identity + ".crt");
    }
    return grpc::CreateChannel(server.address(), grpc::SslCredentials(ssl));
  }

  // ListDocuments with `token` ("" = no authorization header).
  static grpc::Status List(const std::shared_ptr<grpc::Channel>& channel,
                           const std::string& token) {
    auto stub = v1::IngestService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    v1::ListDocumentsRequest request;
    v1::ListDocumentsResponse response;
    return stub->ListDocuments(&context, request, &response);
  }

  TempDir dir_;
};

TEST_F(SecurityE2eTest, TokenIsRequiredAndChecked) {
  std::unique_ptr<ServerProcess> ingest = StartIngest({});
  ASSERT_TRUE(ingest->running());
  auto channel = TlsChannel(*ingest, "ca.crt", /*client_cert=*/false);

  grpc::Status none = List(channel, "");
  EXPECT_EQ(none.error_code(), grpc::StatusCode::UNAUTHENTICATED) << none.error_message();
  grpc::Status wrong = List(channel, "not-a-listed-token");
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED) << wrong.error_message();
  // A prefix of a valid token is not a valid token.
  grpc::Status prefix = List(channel, std::string(kGoodToken).substr(0, 10));
  EXPECT_EQ(prefix.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // Nothing in the answer tells a missing token from a wrong one.
  EXPECT_EQ(none.error_message(), wrong.error_message());
  EXPECT_THAT(wrong.error_message(), ::testing::Not(::testing::HasSubstr(kGoodToken)));

  grpc::Status good = List(channel, kGoodToken);
  EXPECT_TRUE(good.ok()) << good.error_code() << ": " << good.error_message();
  grpc::Status other = List(channel, kOtherToken);
  EXPECT_TRUE(other.ok()) << other.error_code() << ": " << other.error_message();
}

TEST_F(SecurityE2eTest, UntrustedServerCertificateIsRefusedByTheClient) {
  std::unique_ptr<ServerProcess> ingest = StartIngest({});
  ASSERT_TRUE(ingest->running());
  grpc::Status status = List(TlsChannel(*ingest, "untrusted.crt", false), kGoodToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  // A plaintext client cannot talk to the TLS port at all.
  auto plaintext = grpc::CreateChannel(ingest->address(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(List(plaintext, kGoodToken).error_code(), grpc::StatusCode::UNAVAILABLE);
}

grpc::health::v1::HealthCheckResponse::ServingStatus Health(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
    grpc::Status* status) {
  auto stub = HealthStub::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  *status = stub->Check(&context, request, &response);
  return response.status();
}

TEST_F(SecurityE2eTest, HealthIsOpenByDefault) {
  std::unique_ptr<ServerProcess> ingest = StartIngest({});
  ASSERT_TRUE(ingest->running());
  grpc::Status status;
  EXPECT_EQ(Health(TlsChannel(*ingest, "ca.crt", false), "newsgraph.v1.IngestService", &status),
            grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(SecurityE2eTest, HealthNeedsATokenWhenNotOpen) {
  std::unique_ptr<ServerProcess> ingest = StartIngest({"--auth_open_health_reflection=false"});
  ASSERT_TRUE(ingest->running());
  grpc::Status status;
  Health(TlsChannel(*ingest, "ca.crt", false), "", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

// The container health probe (tools/health_probe) against a server whose
// health needs TLS and a token: plaintext and a missing token fail, the CA
// plus token from flags or from NEWSGRAPH_PROBE_* variables pass, and a
// server name the certificate does not carry fails.
TEST_F(SecurityE2eTest, HealthProbeSpeaksTlsAndTokens) {
  std::unique_ptr<ServerProcess> ingest = StartIngest({"--auth_open_health_reflection=false"});
  ASSERT_TRUE(ingest->running());
  const std::string probe = BinaryDir() + "/tools/health_probe/newsgraph-health-probe --addr=" +
                            ingest->address() + " --service=newsgraph.v1.IngestService";
  const std::string log = dir_.Sub("probe.log");
  // (testing::Test has a Run() of its own.)
  auto run = [&log](const std::string& command) { return e2e::Run(command, log); };
  const std::string ca = " --tls_ca=" + pki->Path("ca.crt");
  const std::string token = " --token_file=" + pki->Path("good.token");
  EXPECT_FALSE(run(probe)) << ReadFile(log);
  EXPECT_FALSE(run(probe + ca)) << ReadFile(log);
  EXPECT_FALSE(run(probe + ca + " --token_file=" + pki->Path("wrong.token")));
  EXPECT_TRUE(run(probe + ca + token)) << ReadFile(log);
  EXPECT_TRUE(run(probe + ca + token + " --tls_server_name=localhost")) << ReadFile(log);
  EXPECT_FALSE(run(probe + ca + token + " --tls_server_name=other.example"));
  EXPECT_TRUE(run("NEWSGRAPH_PROBE_TLS_CA=" + pki->Path("ca.crt") +
                  " NEWSGRAPH_PROBE_TOKEN_FILE=" + pki->Path("good.token") + " " + probe))
      << ReadFile(log);
  EXPECT_THAT(ReadFile(log), ::testing::HasSubstr("SERVING"));
}

TEST_F(SecurityE2eTest, MutualTlsRequiresAClientCertificate) {
  std::unique_ptr<ServerProcess> ingest = StartIngest({"--tls_client_ca=" + pki->Path("ca.crt")});
  ASSERT_TRUE(ingest->running());
  grpc::Status without = List(TlsChannel(*ingest, "ca.crt", /*client_cert=*/false), kGoodToken);
  EXPECT_EQ(without.error_code(), grpc::StatusCode::UNAVAILABLE) << without.error_message();
  grpc::Status with = List(TlsChannel(*ingest, "ca.crt", /*client_cert=*/true), kGoodToken);
  EXPECT_TRUE(with.ok()) << with.error_code() << ": " << with.error_message();
  // A client certificate the server's CA did not sign: refused in the
  // handshake, before any token is looked at.
  grpc::Status rogue = List(TlsChannelAs(*ingest, "ca.crt", "rogue"), kGoodToken);
  EXPECT_EQ(rogue.error_code(), grpc::StatusCode::UNAVAILABLE) << rogue.error_message();
}

TEST_F(SecurityE2eTest, MissingKeyFileStopsTheServerWithItsName) {
  const std::string missing = dir_.Sub("no-such.key");
  ServerProcess ingest("ingest", BinaryDir() + "/services/ingest/server/newsgraph-ingest",
                       {"--listen=127.0.0.1:0", "--data_dir=" + dir_.Sub("ingest"),
                        "--tls_cert=" + pki->Path("server.crt"), "--tls_key=" + missing},
                       dir_.Sub("ingest.port"), dir_.Sub("ingest.log"));
  EXPECT_FALSE(ingest.Start().ok());
  EXPECT_THAT(ReadFile(dir_.Sub("ingest.log")), ::testing::HasSubstr(missing));
}

// The server's certificate and key are replaced on disk (atomically, by
// renaming, as Kubernetes updates a mounted Secret); without a restart, new
// connections get the new certificate (here one from another CA, so that a
// client can tell which one it got).
TEST_F(SecurityE2eTest, ServerCertificateIsReloadedFromDisk) {
  const std::string cert = dir_.Sub("live.crt");
  const std::string key = dir_.Sub("live.key");
  std::unique_ptr<ServerProcess> ingest = StartIngestWithLiveCertificate(cert, key);
  ASSERT_TRUE(ingest->running());
  ASSERT_TRUE(List(TlsChannel(*ingest, "ca.crt", false), kGoodToken).ok());

  WriteFile(cert + ".new", pki->Pem("reissued.crt"));
  WriteFile(key + ".new", pki->Pem("reissued.key"));
  ASSERT_EQ(std::rename((key + ".new").c_str(), key.c_str()), 0);
  ASSERT_EQ(std::rename((cert + ".new").c_str(), cert.c_str()), 0);
  // Without a signal (Kubernetes sends none when it updates a Secret) the
  // files are checked for changes every 10 s.
  EXPECT_TRUE(Suite::WaitFor(
      [&] { return List(TlsChannel(*ingest, "untrusted.crt", false), kGoodToken).ok(); },
      std::chrono::seconds(30)))
      << ReadFile(dir_.Sub("ingest.log"));
  EXPECT_EQ(List(TlsChannel(*ingest, "ca.crt", false), kGoodToken).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ingest->Stop(), 0);
}

// Replaces `path` atomically (write a temporary file, rename), as an
// operator or Kubernetes does.
void ReplaceFile(const std::string& path, const std::string& contents) {
  WriteFile(path + ".new", contents);
  ASSERT_EQ(std::rename((path + ".new").c_str(), path.c_str()), 0);
}

// Sends SIGHUP and waits until the server logged the outcome of its
// `count`-th reload.
void Reload(const ServerProcess& server, int count) {
  ASSERT_EQ(kill(server.pid(), SIGHUP), 0);
  ASSERT_TRUE(Suite::WaitFor(
      [&] {
        const std::string log = ReadFile(server.log_file());
        int seen = 0;
        for (size_t at = log.find("reloaded security files"); at != std::string::npos;
             at = log.find("reloaded security files", at + 1)) {
          ++seen;
        }
        return seen >= count;
      },
      std::chrono::seconds(10)))
      << ReadFile(server.log_file());
}

// SIGHUP re-reads the tokens file at once: a revoked token is refused on the
// next call, a new one accepted, without waiting for a change check.
TEST_F(SecurityE2eTest, SighupReloadsTokensAtOnce) {
  const std::string tokens = dir_.Sub("live-tokens");
  WriteFile(tokens, std::string(kGoodToken) + "\n");
  std::unique_ptr<ServerProcess> ingest = StartIngest({"--auth_tokens_file=" + tokens});
  ASSERT_TRUE(ingest->running());
  auto channel = TlsChannel(*ingest, "ca.crt", false);
  ASSERT_TRUE(List(channel, kGoodToken).ok());
  EXPECT_EQ(List(channel, kOtherToken).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  ReplaceFile(tokens, std::string(kOtherToken) + "\n");
  Reload(*ingest, 1);
  grpc::Status revoked = List(channel, kGoodToken);
  EXPECT_EQ(revoked.error_code(), grpc::StatusCode::UNAUTHENTICATED) << revoked.error_message();
  grpc::Status added = List(channel, kOtherToken);
  EXPECT_TRUE(added.ok()) << added.error_code() << ": " << added.error_message();

  // A broken tokens file is refused with an error in the log; the tokens
  // loaded before stay valid (nobody is locked out by a typo).
  ReplaceFile(tokens, std::string(kGoodToken) + " reed\n");
  Reload(*ingest, 2);
  EXPECT_THAT(ReadFile(ingest->log_file()), ::testing::HasSubstr("unknown scope"));
  EXPECT_THAT(ReadFile(ingest->log_file()), ::testing::Not(::testing::HasSubstr(kGoodToken)));
  EXPECT_TRUE(List(channel, kOtherToken).ok());
  EXPECT_EQ(ingest->Stop(), 0);
}

// SIGHUP with a bad certificate (not PEM, or a key that does not match)
// logs an error and keeps serving the previous certificate; a good
// replacement is served to new connections at once.
TEST_F(SecurityE2eTest, SighupKeepsTheOldCertificateWhenTheNewOneIsBad) {
  const std::string cert = dir_.Sub("live.crt");
  const std::string key = dir_.Sub("live.key");
  std::unique_ptr<ServerProcess> ingest = StartIngestWithLiveCertificate(cert, key);
  ASSERT_TRUE(ingest->running());
  ASSERT_TRUE(List(TlsChannel(*ingest, "ca.crt", false), kGoodToken).ok());

  ReplaceFile(cert,
              "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
  Reload(*ingest, 1);
  EXPECT_THAT(ReadFile(ingest->log_file()), ::testing::HasSubstr(cert));
  grpc::Status kept = List(TlsChannel(*ingest, "ca.crt", false), kGoodToken);
  EXPECT_TRUE(kept.ok()) << kept.error_code() << ": " << kept.error_message();

  // The new certificate with the old key.
  ReplaceFile(cert, pki->Pem("reissued.crt"));
  Reload(*ingest, 2);
  EXPECT_THAT(ReadFile(ingest->log_file()), ::testing::HasSubstr("does not match"));
  kept = List(TlsChannel(*ingest, "ca.crt", false), kGoodToken);
  EXPECT_TRUE(kept.ok()) << kept.error_code() << ": " << kept.error_message();

  // Both files right: the new certificate (another CA) is served now.
  ReplaceFile(key, pki->Pem("reissued.key"));
  Reload(*ingest, 3);
  grpc::Status renewed = List(TlsChannel(*ingest, "untrusted.crt", false), kGoodToken);
  EXPECT_TRUE(renewed.ok()) << renewed.error_code() << ": " << renewed.error_message();
  EXPECT_EQ(List(TlsChannel(*ingest, "ca.crt", false), kGoodToken).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ingest->Stop(), 0);
}

// IngestDocument with `token`.
grpc::Status Ingest(const std::shared_ptr<grpc::Channel>& channel, const std::string& token) {
  auto stub = v1::IngestService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  v1::IngestDocumentRequest request;
  request.set_content(
      "Shymkent, June 2. The regional hospital received new equipment on Friday, the health "
      "department said. The purchase cost 300 million tenge.");
  request.set_content_type("text/plain");
  v1::IngestDocumentResponse response;
  return stub->IngestDocument(&context, request, &response);
}

// Scoped tokens: the token's scopes decide, method by method
// (services/<svc>/grpc/method_scopes.cc), between OK and PERMISSION_DENIED;
// an unknown token stays UNAUTHENTICATED.
TEST_F(SecurityE2eTest, TokenScopesDecidePerMethod) {
  std::unique_ptr<ServerProcess> ingest =
      StartIngest({"--auth_tokens_file=" + pki->Path("scoped-tokens")});
  ASSERT_TRUE(ingest->running());
  auto channel = TlsChannel(*ingest, "ca.crt", false);

  EXPECT_EQ(Ingest(channel, "").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Ingest(channel, "not-a-listed-token").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status denied = Ingest(channel, kReadToken);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED) << denied.error_message();
  // The refusal names no token and no scope list.
  for (const char* secret : {kReadToken, kWriteToken, kFeedToken, kGoodToken}) {
    EXPECT_THAT(denied.error_message(), ::testing::Not(::testing::HasSubstr(secret)));
  }
  EXPECT_THAT(denied.error_message(), ::testing::Not(::testing::HasSubstr("read")));
  EXPECT_TRUE(List(channel, kReadToken).ok());
  // A feed token follows the feed and does nothing else.
  EXPECT_EQ(List(channel, kFeedToken).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status written = Ingest(channel, kWriteToken);
  EXPECT_TRUE(written.ok()) << written.error_code() << ": " << written.error_message();
  EXPECT_TRUE(Ingest(channel, kGoodToken).ok());
  {
    auto stub = v1::IngestService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.AddMetadata("authorization", std::string("Bearer ") + kReadToken);
    v1::DeleteDocumentRequest request;
    request.set_doc_id("any");
    v1::DeleteDocumentResponse response;
    EXPECT_EQ(stub->DeleteDocument(&context, request, &response).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  // Health stays open whatever the tokens.
  grpc::Status health;
  Health(channel, "", &health);
  EXPECT_TRUE(health.ok()) << health.error_message();
  EXPECT_EQ(ingest->Stop(), 0);

  // The query service's table: a read token may search, a write-only
  // token may not. (No upstream: an empty index answers.)
  ServerProcess query(
      "query", BinaryDir() + "/services/query/server/newsgraph-query",
      {"--listen=127.0.0.1:0", "--data_dir=" + dir_.Sub("query"), "--upstream=127.0.0.1:1",
       "--shutdown_deadline_ms=2000", "--tls_cert=" + pki->Path("server.crt"),
       "--tls_key=" + pki->Path("server.key"), "--auth_tokens_file=" + pki->Path("scoped-tokens")},
      dir_.Sub("query.port"), dir_.Sub("query.log"));
  ASSERT_TRUE(query.Start().ok()) << ReadFile(dir_.Sub("query.log"));
  auto query_stub = v1::QueryService::NewStub(TlsChannel(query, "ca.crt", false));
  auto search = [&](const std::string& token) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    v1::SearchRequest request;
    request.set_query("hospital");
    v1::SearchResponse response;
    return query_stub->Search(&context, request, &response);
  };
  grpc::Status read = search(kReadToken);
  EXPECT_TRUE(read.ok()) << read.error_code() << ": " << read.error_message();
  EXPECT_EQ(search(kFeedToken).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(search("").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(query.Stop(), 0);
}

// A request larger than the server's gRPC message limit (the largest
// article plus 1 MiB of framing for ingest) is refused by gRPC itself with
// RESOURCE_EXHAUSTED before any handler runs.
TEST_F(SecurityE2eTest, MessageOverTheLimitIsResourceExhausted) {
  ServerProcess ingest(
      "ingest", BinaryDir() + "/services/ingest/server/newsgraph-ingest",
      {"--listen=127.0.0.1:0", "--data_dir=" + dir_.Sub("ingest"), "--shutdown_deadline_ms=2000",
       "--max_document_bytes=65536", "--max_concurrent_streams=8"},
      dir_.Sub("ingest.port"), dir_.Sub("ingest.log"));
  ASSERT_TRUE(ingest.Start().ok()) << ReadFile(dir_.Sub("ingest.log"));
  auto stub = v1::IngestService::NewStub(
      grpc::CreateChannel(ingest.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::IngestDocumentRequest request;
  // 2 MiB of words: over 64 KiB + 1 MiB.
  std::string content;
  while (content.size() < (2u << 20)) content += "The hospital opened a new ward. ";
  request.set_content(content);
  request.set_content_type("text/plain");
  v1::IngestDocumentResponse response;
  grpc::Status status = stub->IngestDocument(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_EQ(ingest.Stop(), 0);
}

// A caller that opens a client stream without a deadline and never finishes
// it does not hold a server thread forever: the server's default deadline
// cancels it. A unary call without a deadline still works.
TEST_F(SecurityE2eTest, DefaultDeadlineCancelsAStreamThatNeverEnds) {
  ServerProcess ingest("ingest", BinaryDir() + "/services/ingest/server/newsgraph-ingest",
                       {"--listen=127.0.0.1:0", "--data_dir=" + dir_.Sub("ingest"),
                        "--shutdown_deadline_ms=2000", "--default_deadline_ms=1000"},
                       dir_.Sub("ingest.port"), dir_.Sub("ingest.log"));
  ASSERT_TRUE(ingest.Start().ok()) << ReadFile(dir_.Sub("ingest.log"));
  auto channel = grpc::CreateChannel(ingest.address(), grpc::InsecureChannelCredentials());
  auto stub = v1::IngestService::NewStub(channel);
  {
    grpc::ClientContext context;  // no deadline
    v1::ListDocumentsRequest request;
    v1::ListDocumentsResponse response;
    grpc::Status status = stub->ListDocuments(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  grpc::ClientContext context;  // no deadline, and the stream is never closed
  v1::BulkIngestResponse response;
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<grpc::ClientWriterInterface<v1::IngestDocumentRequest>> writer =
      stub->BulkIngest(&context, &response);
  // Finish() without WritesDone() waits for the server to end the call; a
  // watchdog ends it from this side instead if the server never does, so
  // that a broken default deadline fails the test rather than hanging it.
  std::atomic<bool> finished{false}, watchdog_fired{false};
  std::thread watchdog([&] {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!finished.load() && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!finished.load()) {
      watchdog_fired = true;
      context.TryCancel();
    }
  });
  grpc::Status status = writer->Finish();
  finished = true;
  watchdog.join();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(watchdog_fired.load()) << "the server never ended the call";
  EXPECT_EQ(status.error_code(), grpc::StatusCode::CANCELLED) << status.error_message();
  EXPECT_LT(elapsed, std::chrono::seconds(20));
  EXPECT_THAT(ReadFile(dir_.Sub("ingest.log")), ::testing::HasSubstr("default deadline"));
}

// Starts newsgraph-extraction following `upstream` over TLS (trusting the
// test CA) with the client certificate and the token in `token_file`.
std::unique_ptr<ServerProcess> StartExtraction(const TempDir& dir, const std::string& name,
                                               const ServerProcess& upstream,
                                               const std::string& token_file) {
  auto process = std::make_unique<ServerProcess>(
      name, BinaryDir() + "/services/extraction/server/newsgraph-extraction",
      std::vector<std::string>{
          "--listen=127.0.0.1:0", "--data_dir=" + dir.Sub(name), "--upstream=" + upstream.address(),
          "--model=" + SourceDir() + "/models/ner-en-news.bin",
          "--aliases=" + SourceDir() + "/models/aliases.tsv", "--shutdown_deadline_ms=2000",
          "--upstream_tls_ca=" + pki->Path("ca.crt"),
          "--upstream_tls_cert=" + pki->Path("client.crt"),
          "--upstream_tls_key=" + pki->Path("client.key"), "--upstream_token_file=" + token_file},
      dir.Sub(name + ".port"), dir.Sub(name + ".log"));
  absl::Status started = process->Start();
  EXPECT_TRUE(started.ok()) << started << "\n" << ReadFile(dir.Sub(name + ".log"));
  return process;
}

// Whether the extraction service has annotations for `doc_id`.
bool HasDocument(const ServerProcess& extraction, const std::string& doc_id) {
  auto stub = v1::ExtractionService::NewStub(
      grpc::CreateChannel(extraction.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::GetAnnotationsRequest request;
  request.set_doc_id(doc_id);
  v1::Annotations annotations;
  return stub->GetAnnotations(&context, request, &annotations).ok();
}

// The extraction service follows a TLS + mTLS + token ingest through the
// --upstream_* flags and receives the document ingested there. (Health
// alone would not prove it: the follower counts an answered call as
// reachable, whatever its code.)
TEST_F(SecurityE2eTest, ConsumerFollowsASecuredUpstream) {
  std::unique_ptr<ServerProcess> ingest = StartIngest({"--tls_client_ca=" + pki->Path("ca.crt")});
  ASSERT_TRUE(ingest->running());
  auto stub = v1::IngestService::NewStub(TlsChannel(*ingest, "ca.crt", /*client_cert=*/true));
  grpc::ClientContext context;
  context.AddMetadata("authorization", std::string("Bearer ") + kGoodToken);
  v1::IngestDocumentRequest request;
  request.set_content(
      "Astana, March 3. The regional government opened a new bridge over the river on Monday, "
      "officials said. The bridge cost 12 billion tenge and took three years to build.");
  request.set_content_type("text/plain");
  v1::IngestDocumentResponse ingested;
  grpc::Status status = stub->IngestDocument(&context, request, &ingested);
  ASSERT_TRUE(status.ok()) << status.error_message();

  std::unique_ptr<ServerProcess> good =
      StartExtraction(dir_, "extraction", *ingest, pki->Path("good.token"));
  ASSERT_TRUE(good->running());
  EXPECT_TRUE(Suite::WaitFor([&] { return HasDocument(*good, ingested.doc_id()); },
                             std::chrono::seconds(60)))
      << ReadFile(dir_.Sub("extraction.log"));
  grpc::Status health_status;
  EXPECT_EQ(Health(grpc::CreateChannel(good->address(), grpc::InsecureChannelCredentials()),
                   "newsgraph.v1.ExtractionService", &health_status),
            grpc::health::v1::HealthCheckResponse::SERVING);

  // The same consumer with a token ingest does not list gets nothing.
  std::unique_ptr<ServerProcess> refused =
      StartExtraction(dir_, "refused", *ingest, pki->Path("wrong.token"));
  ASSERT_TRUE(refused->running());
  EXPECT_FALSE(Suite::WaitFor([&] { return HasDocument(*refused, ingested.doc_id()); },
                              std::chrono::seconds(5)));
  EXPECT_THAT(ReadFile(dir_.Sub("refused.log")), ::testing::HasSubstr("unauthenticated"));
}

// The feed needs the feed scope: a consumer holding a read token is refused
// (PERMISSION_DENIED) and receives nothing. When its token file is replaced
// with a feed token and it gets SIGHUP, its next reconnect carries the new
// token and the document arrives.
TEST_F(SecurityE2eTest, ConsumerNeedsTheFeedScopeAndReloadsItsToken) {
  std::unique_ptr<ServerProcess> ingest =
      StartIngest({"--auth_tokens_file=" + pki->Path("scoped-tokens")});
  ASSERT_TRUE(ingest->running());
  ASSERT_TRUE(Ingest(TlsChannel(*ingest, "ca.crt", false), kWriteToken).ok());
  auto lister = v1::IngestService::NewStub(TlsChannel(*ingest, "ca.crt", false));
  grpc::ClientContext context;
  context.AddMetadata("authorization", std::string("Bearer ") + kReadToken);
  v1::ListDocumentsResponse listed;
  ASSERT_TRUE(lister->ListDocuments(&context, v1::ListDocumentsRequest(), &listed).ok());
  ASSERT_EQ(listed.documents_size(), 1);
  const std::string doc_id = listed.documents(0).doc_id();

  const std::string token_file = dir_.Sub("upstream.token");
  WriteFile(token_file, std::string(kReadToken) + "\n");
  std::unique_ptr<ServerProcess> extraction =
      StartExtraction(dir_, "extraction", *ingest, token_file);
  ASSERT_TRUE(extraction->running());
  const std::string log = dir_.Sub("extraction.log");
  EXPECT_TRUE(
      Suite::WaitFor([&] { return ReadFile(log).find("permission denied") != std::string::npos; },
                     std::chrono::seconds(20)))
      << ReadFile(log);
  EXPECT_FALSE(HasDocument(*extraction, doc_id));

  ReplaceFile(token_file, std::string(kFeedToken) + "\n");
  Reload(*extraction, 1);
  EXPECT_TRUE(
      Suite::WaitFor([&] { return HasDocument(*extraction, doc_id); }, std::chrono::seconds(60)))
      << ReadFile(log);
  EXPECT_THAT(ReadFile(log), ::testing::Not(::testing::HasSubstr(kFeedToken)));
  EXPECT_THAT(ReadFile(log), ::testing::Not(::testing::HasSubstr(kReadToken)));
}

// A server certificate from the trusted CA but for another name is refused
// by the feed client (no man in the middle with any certificate of the CA).
TEST_F(SecurityE2eTest, ConsumerRefusesACertificateForAnotherHost) {
  std::unique_ptr<ServerProcess> ingest = StartIngest(
      {"--tls_cert=" + pki->Path("othername.crt"), "--tls_key=" + pki->Path("othername.key")});
  ASSERT_TRUE(ingest->running());
  std::unique_ptr<ServerProcess> extraction =
      StartExtraction(dir_, "extraction", *ingest, pki->Path("good.token"));
  ASSERT_TRUE(extraction->running());
  const std::string log = dir_.Sub("extraction.log");
  EXPECT_TRUE(Suite::WaitFor(
      [&] { return ReadFile(log).find("Hostname Verification") != std::string::npos; },
      std::chrono::seconds(20)))
      << ReadFile(log);
  grpc::Status health_status;
  EXPECT_EQ(Health(grpc::CreateChannel(extraction->address(), grpc::InsecureChannelCredentials()),
                   "newsgraph.v1.ExtractionService", &health_status),
            grpc::health::v1::HealthCheckResponse::NOT_SERVING);
}

// The whole chain secured: every server serves TLS and requires tokens, and
// each consumer follows its upstream with TLS and a token; a document
// ingested at one end is counted by query (asked over TLS with a token) at
// the other.
TEST_F(SecurityE2eTest, WholeChainRunsOverTlsWithTokens) {
  std::unique_ptr<ServerProcess> ingest = StartIngest({});
  ASSERT_TRUE(ingest->running());
  const std::vector<std::string> serve = {
      "--tls_cert=" + pki->Path("server.crt"), "--tls_key=" + pki->Path("server.key"),
      "--auth_tokens_file=" + pki->Path("tokens"), "--shutdown_deadline_ms=2000"};
  const std::vector<std::string> follow = {"--upstream_tls_ca=" + pki->Path("ca.crt"),
                                           "--upstream_token_file=" + pki->Path("good.token")};
  std::vector<std::string> extraction_args = {
      "--listen=127.0.0.1:0", "--data_dir=" + dir_.Sub("extraction"),
      "--upstream=" + ingest->address(), "--model=" + SourceDir() + "/models/ner-en-news.bin",
      "--aliases=" + SourceDir() + "/models/aliases.tsv"};
  extraction_args.insert(extraction_args.end(), serve.begin(), serve.end());
  extraction_args.insert(extraction_args.end(), follow.begin(), follow.end());
  ServerProcess extraction(
      "extraction", BinaryDir() + "/services/extraction/server/newsgraph-extraction",
      extraction_args, dir_.Sub("extraction.port"), dir_.Sub("extraction.log"));
  ASSERT_TRUE(extraction.Start().ok()) << ReadFile(dir_.Sub("extraction.log"));
  std::vector<std::string> query_args = {"--listen=127.0.0.1:0", "--data_dir=" + dir_.Sub("query"),
                                         "--upstream=" + extraction.address()};
  query_args.insert(query_args.end(), serve.begin(), serve.end());
  query_args.insert(query_args.end(), follow.begin(), follow.end());
  ServerProcess query("query", BinaryDir() + "/services/query/server/newsgraph-query", query_args,
                      dir_.Sub("query.port"), dir_.Sub("query.log"));
  ASSERT_TRUE(query.Start().ok()) << ReadFile(dir_.Sub("query.log"));

  auto ingest_stub = v1::IngestService::NewStub(TlsChannel(*ingest, "ca.crt", false));
  grpc::ClientContext context;
  context.AddMetadata("authorization", std::string("Bearer ") + kGoodToken);
  v1::IngestDocumentRequest request;
  request.set_content(
      "Almaty, May 5. The city council approved a new tram line on Tuesday, the mayor's office "
      "said. Construction starts next spring.");
  request.set_content_type("text/plain");
  v1::IngestDocumentResponse ingested;
  grpc::Status status = ingest_stub->IngestDocument(&context, request, &ingested);
  ASSERT_TRUE(status.ok()) << status.error_message();

  auto query_stub = v1::QueryService::NewStub(TlsChannel(query, "ca.crt", false));
  auto document_count = [&](const std::string& token, grpc::Status* status) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    v1::Stats stats;
    *status = query_stub->GetStats(&context, v1::GetStatsRequest(), &stats);
    return status->ok() ? static_cast<int64_t>(stats.document_count()) : -1;
  };
  EXPECT_TRUE(Suite::WaitFor([&] { return document_count(kGoodToken, &status) == 1; },
                             std::chrono::seconds(60)))
      << status.error_message() << "\n"
      << ReadFile(dir_.Sub("extraction.log")) << ReadFile(dir_.Sub("query.log"));
  document_count("", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace newsgraph::e2e
