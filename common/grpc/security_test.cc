#include "common/grpc/security.h"

#include <fstream>
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

TEST(ParseTokensTest, OnePerLineTrimmedSkippingBlanksAndComments) {
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> tokens,
                       ParseTokens("# callers\nalpha\n\n  beta \r\n\t#gamma\ndelta"));
  EXPECT_THAT(tokens, ElementsAre("alpha", "beta", "delta"));
}

TEST(ParseTokensTest, NoTokenIsFailedPrecondition) {
  EXPECT_THAT(ParseTokens(""), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(ParseTokens("# only a comment\n\n   \n"),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST(ParseTokensTest, InnerWhitespaceRejectedWithoutLeakingTheToken) {
  absl::StatusOr<std::vector<std::string>> tokens = ParseTokens("good\nbad token\n");
  ASSERT_THAT(tokens, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(tokens.status().message()), HasSubstr("line 2"));
  EXPECT_THAT(std::string(tokens.status().message()), ::testing::Not(HasSubstr("bad")));
}

TEST(BearerTokenCheckerTest, AcceptsOnlyListedTokensWithBearerScheme) {
  BearerTokenChecker checker({"alpha", "beta"});
  EXPECT_TRUE(checker.CheckAuthorization("Bearer alpha"));
  EXPECT_TRUE(checker.CheckAuthorization("bearer beta"));
  EXPECT_FALSE(checker.CheckAuthorization("Bearer gamma"));
  EXPECT_FALSE(checker.CheckAuthorization("Bearer alph"));
  EXPECT_FALSE(checker.CheckAuthorization("Bearer alphaa"));
  EXPECT_FALSE(checker.CheckAuthorization("Bearer "));
  EXPECT_FALSE(checker.CheckAuthorization("Basic alpha"));
  EXPECT_FALSE(checker.CheckAuthorization("alpha"));
  EXPECT_FALSE(checker.CheckAuthorization(""));
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
  EXPECT_TRUE(checker->CheckAuthorization("Bearer old-token"));
  // The check runs at most once a second; wait past that and past the file
  // system's timestamp granularity.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  WriteFile(path, "new-token\n");
  EXPECT_TRUE(checker->CheckAuthorization("Bearer new-token"));
  EXPECT_FALSE(checker->CheckAuthorization("Bearer old-token"));
  // An emptied file keeps the previous tokens rather than locking all out.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  WriteFile(path, "\n");
  EXPECT_TRUE(checker->CheckAuthorization("Bearer new-token"));
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
