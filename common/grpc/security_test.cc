#include "common/grpc/security.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/status/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::trunc);
  out << contents;
}

TEST(ConstantTimeEqualsTest, EqualOnlyForIdenticalBytes) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("s3cret-token", "s3cret-token"));
  EXPECT_FALSE(ConstantTimeEquals("s3cret-token", "s3cret-tokeN"));
  EXPECT_FALSE(ConstantTimeEquals("s3cret-token", "X3cret-token"));
  // A prefix is not a match, in either order.
  EXPECT_FALSE(ConstantTimeEquals("s3cret", "s3cret-token"));
  EXPECT_FALSE(ConstantTimeEquals("s3cret-token", "s3cret"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  // Bytes past the shorter string are compared against zero; a NUL tail
  // must still not match.
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("ab\0", 3), "ab"));
}

std::vector<std::string> TokenTexts(const std::vector<TokenEntry>& entries) {
  std::vector<std::string> texts;
  for (const TokenEntry& entry : entries) texts.push_back(entry.token);
  return texts;
}

TEST(ParseTokensTest, OnePerLineTrimmedSkippingBlanksAndComments) {
  ASSERT_OK_AND_ASSIGN(std::vector<TokenEntry> tokens,
                       ParseTokens("# callers\nalpha\n\n  beta \r\n\t#gamma\ndelta"));
  EXPECT_THAT(TokenTexts(tokens), ElementsAre("alpha", "beta", "delta"));
  for (const TokenEntry& entry : tokens) EXPECT_EQ(entry.scopes, kFullAccess);
}

TEST(ParseTokensTest, ScopesAfterTheToken) {
  ASSERT_OK_AND_ASSIGN(std::vector<TokenEntry> tokens,
                       ParseTokens("reader read\nwriter\tread,write\nfollower  feed \nroot\n"));
  EXPECT_THAT(TokenTexts(tokens), ElementsAre("reader", "writer", "follower", "root"));
  EXPECT_EQ(tokens[0].scopes, static_cast<ScopeSet>(Scope::kRead));
  EXPECT_EQ(tokens[1].scopes,
            static_cast<ScopeSet>(Scope::kRead) | static_cast<ScopeSet>(Scope::kWrite));
  EXPECT_EQ(tokens[2].scopes, static_cast<ScopeSet>(Scope::kFeed));
  EXPECT_EQ(tokens[3].scopes, kFullAccess);
}

TEST(ParseTokensTest, NoTokenIsFailedPrecondition) {
  EXPECT_THAT(ParseTokens(""), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(ParseTokens("# only a comment\n\n   \n"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

// A token split by a stray space reads as a token and a bad scope; the error
// gives the line only, so that no part of a secret reaches a log.
TEST(ParseTokensTest, BadScopesRejectedWithoutLeakingTheLine) {
  for (const char* contents :
       {"good\nbad token\n", "good\nbad read,\n", "good\nbad read write\n", "good\nbad READ\n"}) {
    absl::StatusOr<std::vector<TokenEntry>> tokens = ParseTokens(contents);
    ASSERT_THAT(tokens, StatusIs(absl::StatusCode::kInvalidArgument)) << contents;
    EXPECT_THAT(std::string(tokens.status().message()), HasSubstr("line 2"));
    EXPECT_THAT(std::string(tokens.status().message()), ::testing::Not(HasSubstr("bad")));
  }
}

TEST(BearerTokenCheckerTest, AcceptsOnlyListedTokensWithBearerScheme) {
  BearerTokenChecker checker({{"alpha"}, {"beta"}});
  EXPECT_TRUE(checker.IsValid("Bearer alpha"));
  EXPECT_TRUE(checker.IsValid("bearer beta"));
  EXPECT_FALSE(checker.IsValid("Bearer gamma"));
  EXPECT_FALSE(checker.IsValid("Bearer alph"));
  EXPECT_FALSE(checker.IsValid("Bearer alphaa"));
  EXPECT_FALSE(checker.IsValid("Bearer "));
  EXPECT_FALSE(checker.IsValid("Basic alpha"));
  EXPECT_FALSE(checker.IsValid("alpha"));
  EXPECT_FALSE(checker.IsValid(""));
}

TEST(BearerTokenCheckerTest, ScopesDecideBetweenAllowedAndPermissionDenied) {
  BearerTokenChecker checker(
      {{"root", kFullAccess},
       {"reader", static_cast<ScopeSet>(Scope::kRead)},
       {"writer", static_cast<ScopeSet>(Scope::kRead) | static_cast<ScopeSet>(Scope::kWrite)}});
  EXPECT_EQ(checker.Authorize("Bearer reader", Scope::kRead), AuthResult::kAllowed);
  EXPECT_EQ(checker.Authorize("Bearer reader", Scope::kWrite), AuthResult::kPermissionDenied);
  EXPECT_EQ(checker.Authorize("Bearer reader", Scope::kFeed), AuthResult::kPermissionDenied);
  EXPECT_EQ(checker.Authorize("Bearer writer", Scope::kWrite), AuthResult::kAllowed);
  EXPECT_EQ(checker.Authorize("Bearer writer", Scope::kFeed), AuthResult::kPermissionDenied);
  EXPECT_EQ(checker.Authorize("Bearer root", Scope::kFeed), AuthResult::kAllowed);
  // A method that no table declares: full access only.
  EXPECT_EQ(checker.Authorize("Bearer root", std::nullopt), AuthResult::kAllowed);
  EXPECT_EQ(checker.Authorize("Bearer writer", std::nullopt), AuthResult::kPermissionDenied);
  // An unknown token is unauthenticated whatever the method needs.
  EXPECT_EQ(checker.Authorize("Bearer nobody", Scope::kRead), AuthResult::kUnauthenticated);
  EXPECT_EQ(checker.Authorize("", std::nullopt), AuthResult::kUnauthenticated);
}

TEST(AuthorizeCallTest, MethodTablesHealthAndReflection) {
  constexpr MethodScope kScopes[] = {{"Lookup", Scope::kRead}, {"Store", Scope::kWrite}};
  RegisterMethodScopes("newsgraph.test.Fake", kScopes);
  EXPECT_EQ(RequiredScope("/newsgraph.test.Fake/Lookup"), Scope::kRead);
  EXPECT_EQ(RequiredScope("/newsgraph.test.Fake/Store"), Scope::kWrite);
  EXPECT_EQ(RequiredScope("/newsgraph.test.Fake/Other"), std::nullopt);
  EXPECT_EQ(RequiredScope("/newsgraph.test.Fake"), std::nullopt);

  BearerTokenChecker checker({{"reader", static_cast<ScopeSet>(Scope::kRead)}});
  EXPECT_EQ(AuthorizeCall(&checker, true, "/newsgraph.test.Fake/Lookup", "Bearer reader"),
            AuthResult::kAllowed);
  EXPECT_EQ(AuthorizeCall(&checker, true, "/newsgraph.test.Fake/Store", "Bearer reader"),
            AuthResult::kPermissionDenied);
  EXPECT_EQ(AuthorizeCall(&checker, true, "/newsgraph.test.Fake/Other", "Bearer reader"),
            AuthResult::kPermissionDenied);
  EXPECT_EQ(AuthorizeCall(&checker, true, "/newsgraph.test.Fake/Lookup", ""),
            AuthResult::kUnauthenticated);
  // Health and reflection: open, or any valid token whatever its scopes.
  EXPECT_EQ(AuthorizeCall(&checker, true, "/grpc.health.v1.Health/Check", ""),
            AuthResult::kAllowed);
  EXPECT_EQ(AuthorizeCall(&checker, false, "/grpc.health.v1.Health/Check", ""),
            AuthResult::kUnauthenticated);
  EXPECT_EQ(AuthorizeCall(&checker, false,
                          "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                          "Bearer reader"),
            AuthResult::kAllowed);
  // No checker: nothing is required.
  EXPECT_EQ(AuthorizeCall(nullptr, false, "/newsgraph.test.Fake/Store", ""), AuthResult::kAllowed);
}

TEST(BearerTokenCheckerTest, FromFileNamesAMissingFile) {
  TempDir dir;
  const std::string path = dir.Sub("absent-tokens");
  absl::StatusOr<std::shared_ptr<BearerTokenChecker>> checker = BearerTokenChecker::FromFile(path);
  ASSERT_THAT(checker, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(checker.status().message()), HasSubstr(path));
}

TEST(BearerTokenCheckerTest, ReloadsWhenTheFileChanges) {
  TempDir dir;
  const std::string path = dir.Sub("tokens");
  WriteFile(path, "old-token\n");
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<BearerTokenChecker> checker,
                       BearerTokenChecker::FromFile(path));
  EXPECT_TRUE(checker->IsValid("Bearer old-token"));
  // The check runs at most once a second; wait past that and past the file
  // system's timestamp granularity.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  WriteFile(path, "new-token\n");
  EXPECT_TRUE(checker->IsValid("Bearer new-token"));
  EXPECT_FALSE(checker->IsValid("Bearer old-token"));
  // An emptied file keeps the previous tokens rather than locking all out.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  WriteFile(path, "\n");
  EXPECT_TRUE(checker->IsValid("Bearer new-token"));
}

TEST(BearerTokenCheckerTest, ReloadIsImmediateAndKeepsTokensOnFailure) {
  TempDir dir;
  const std::string path = dir.Sub("tokens");
  WriteFile(path, "old-token\n");
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<BearerTokenChecker> checker,
                       BearerTokenChecker::FromFile(path));
  WriteFile(path, "new-token read\n");
  ASSERT_THAT(checker->Reload(), IsOk());
  EXPECT_FALSE(checker->IsValid("Bearer old-token"));
  EXPECT_EQ(checker->Authorize("Bearer new-token", Scope::kRead), AuthResult::kAllowed);
  EXPECT_EQ(checker->Authorize("Bearer new-token", Scope::kWrite), AuthResult::kPermissionDenied);

  WriteFile(path, "broken-token reed\n");
  absl::Status status = checker->Reload();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(status.message()), HasSubstr(path));
  EXPECT_EQ(checker->Authorize("Bearer new-token", Scope::kRead), AuthResult::kAllowed);
  ASSERT_EQ(std::remove(path.c_str()), 0);
  EXPECT_THAT(checker->Reload(), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(checker->Authorize("Bearer new-token", Scope::kRead), AuthResult::kAllowed);
}

TEST(MakeServerCredentialsTest, InsecureWhenNothingIsSet) {
  ASSERT_OK_AND_ASSIGN(auto credentials, MakeServerCredentials({}));
  EXPECT_NE(credentials, nullptr);
}

TEST(MakeServerCredentialsTest, TokensOrClientCaWithoutTlsAreRefused) {
  ServerSecurityOptions tokens_only;
  tokens_only.tokens_file = "/some/tokens";
  EXPECT_THAT(MakeServerCredentials(tokens_only), StatusIs(absl::StatusCode::kInvalidArgument));
  ServerSecurityOptions ca_only;
  ca_only.client_ca_file = "/some/ca.pem";
  EXPECT_THAT(MakeServerCredentials(ca_only), StatusIs(absl::StatusCode::kInvalidArgument));
  ServerSecurityOptions cert_only;
  cert_only.cert_file = "/some/cert.pem";
  EXPECT_THAT(MakeServerCredentials(cert_only), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(MakeServerCredentialsTest, MissingOrNonPemFilesAreNamed) {
  TempDir dir;
  const std::string cert = dir.Sub("cert.pem");
  const std::string key = dir.Sub("key.pem");
  WriteFile(cert, "-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n");
  ServerSecurityOptions options;
  options.cert_file = cert;
  options.key_file = key;  // does not exist
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(options);
  ASSERT_THAT(credentials, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(credentials.status().message()), HasSubstr(key));

  WriteFile(key, "just text\n");
  credentials = MakeServerCredentials(options);
  ASSERT_THAT(credentials, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(credentials.status().message()), HasSubstr(key));
}

// Two self-signed certificates with their keys, made with the openssl CLI.
class KeyPairs {
 public:
  KeyPairs() { ok_ = Make("a") && Make("b"); }
  bool ok() const { return ok_; }
  std::string Path(const std::string& name) const { return dir_.Sub(name); }

 private:
  bool Make(const std::string& name) {
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
        "-subj /CN=" +
        name + " -keyout " + dir_.Sub(name + ".key") + " -out " + dir_.Sub(name + ".crt") +
        " >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
  }

  TempDir dir_;
  bool ok_ = false;
};

TEST(MakeServerCredentialsTest, KeyThatDoesNotMatchTheCertificateIsNamed) {
  KeyPairs pairs;
  ASSERT_TRUE(pairs.ok());
  ServerSecurityOptions options;
  options.cert_file = pairs.Path("a.crt");
  options.key_file = pairs.Path("b.key");
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      MakeServerCredentials(options);
  ASSERT_THAT(credentials, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(credentials.status().message()), HasSubstr("does not match"));
  EXPECT_THAT(std::string(credentials.status().message()), HasSubstr(options.key_file));
  options.key_file = pairs.Path("a.key");
  EXPECT_THAT(MakeServerCredentials(options).status(), IsOk());
}

// ReloadSecurityFiles() reaches live credentials: a bad replacement is an
// error naming the file (and the credentials keep their material), a good
// one reloads.
TEST(ReloadSecurityFilesTest, ReportsBadFilesOfLiveCredentials) {
  KeyPairs pairs;
  ASSERT_TRUE(pairs.ok());
  TempDir dir;
  const std::string cert = dir.Sub("tls.crt");
  const std::string key = dir.Sub("tls.key");
  std::ifstream a_cert(pairs.Path("a.crt")), a_key(pairs.Path("a.key"));
  std::stringstream cert_pem, key_pem;
  cert_pem << a_cert.rdbuf();
  key_pem << a_key.rdbuf();
  WriteFile(cert, cert_pem.str());
  WriteFile(key, key_pem.str());
  ServerSecurityOptions options;
  options.cert_file = cert;
  options.key_file = key;
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<grpc::ServerCredentials> credentials,
                       MakeServerCredentials(options));
  ASSERT_THAT(ReloadSecurityFiles(), IsOk());

  WriteFile(cert, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
  absl::Status status = ReloadSecurityFiles();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(status.message()), HasSubstr(cert));

  WriteFile(cert, cert_pem.str());
  EXPECT_THAT(ReloadSecurityFiles(), IsOk());
  // Credentials that are gone are no longer reloaded.
  credentials.reset();
  WriteFile(cert, "not a certificate\n");
  EXPECT_THAT(ReloadSecurityFiles(), IsOk());
}

TEST(MakeChannelCredentialsTest, InsecureWhenNothingIsSetAndNoSecretsOverPlaintext) {
  ASSERT_OK_AND_ASSIGN(auto credentials, MakeChannelCredentials({}));
  EXPECT_NE(credentials, nullptr);
  ClientSecurityOptions token_only;
  token_only.token_file = "/some/token";
  EXPECT_THAT(MakeChannelCredentials(token_only), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(MakeChannelCredentialsTest, MissingCaFileIsNamed) {
  ClientSecurityOptions options;
  options.ca_file = "/nonexistent/newsgraph-ca.pem";
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      MakeChannelCredentials(options);
  ASSERT_THAT(credentials, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(credentials.status().message()), HasSubstr(options.ca_file));
}

}  // namespace
}  // namespace newsgraph
