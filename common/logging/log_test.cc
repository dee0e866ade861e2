#include "common/logging/log.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace newsgraph {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

std::string Json(absl::string_view text) {
  std::string out;
  AppendJsonString(text, &out);
  return out;
}

TEST(AppendJsonStringTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(Json("plain"), "\"plain\"");
  EXPECT_EQ(Json("say \"hi\" \\ bye"), "\"say \\\"hi\\\" \\\\ bye\"");
  EXPECT_EQ(Json("a\nb\rc\td\be\ff"), "\"a\\nb\\rc\\td\\be\\ff\"");
  EXPECT_EQ(Json(std::string("nul\0x\x01\x1f\x7f", 8)), "\"nul\\u0000x\\u0001\\u001f\\u007f\"");
}

TEST(AppendJsonStringTest, KeepsValidUtf8) {
  EXPECT_EQ(Json("Қаз €  😀"), "\"Қаз €  😀\"");
}

TEST(AppendJsonStringTest, ReplacesEachMaximalInvalidSubsequence) {
  // A lone continuation byte, a truncated 3-byte sequence followed by
  // ASCII, an overlong '/', a UTF-16 surrogate, a code point above
  // U+10FFFF, and a truncated sequence at the end.
  EXPECT_EQ(Json("a\x80z"), "\"a\xEF\xBF\xBDz\"");
  EXPECT_EQ(Json("\xE2\x82z"), "\"\xEF\xBF\xBDz\"");
  EXPECT_EQ(Json("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(Json("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(Json("\xF4\x90\x80\x80"),
            "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(Json("ok\xF0\x9F\x98"), "\"ok\xEF\xBF\xBD\"");
}

TEST(AppendJsonStringTest, OutputAlwaysParsesAndRoundTripsValidText) {
  std::string all_bytes;
  for (int c = 0; c < 256; ++c) all_bytes.push_back(static_cast<char>(c));
  const nlohmann::json parsed = nlohmann::json::parse(Json(all_bytes));
  ASSERT_TRUE(parsed.is_string());
  const std::string valid = "tab\there \"q\" Қаз\n\x01";
  EXPECT_EQ(nlohmann::json::parse(Json(valid)).get<std::string>(), valid);
}

class LogLineTest : public ::testing::Test {
 protected:
  void TearDown() override {
    SetLogFormat(LogFormat::kText);
    SetThreadRequestId("");
    SetMinLogLevel(LogLevel::kInfo);
  }
};

TEST_F(LogLineTest, JsonLineIsOneObjectWithTimeLevelMessageSourceAndRequestId) {
  SetLogFormat(LogFormat::kJson);
  SetThreadRequestId("req-42");
  ::testing::internal::CaptureStderr();
  LOG_WARNING << "disk \"almost\" full\n\x01 at " << 97 << "% \xFF";
  const std::string output = ::testing::internal::GetCapturedStderr();
  ASSERT_FALSE(output.empty());
  EXPECT_EQ(output.back(), '\n');
  EXPECT_EQ(output.find('\n'), output.size() - 1) << "one line: " << output;
  const nlohmann::json line = nlohmann::json::parse(output);
  EXPECT_EQ(line["level"], "warning");
  EXPECT_EQ(line["message"], "disk \"almost\" full\n\x01 at 97% \xEF\xBF\xBD");
  EXPECT_THAT(line["source"].get<std::string>(), MatchesRegex("log_test\\.cc:[0-9]+"));
  EXPECT_EQ(line["request_id"], "req-42");
  EXPECT_THAT(line["time"].get<std::string>(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z"));
}

TEST_F(LogLineTest, JsonLineWithoutRequestIdOutsideRpcsAndWithExtraFields) {
  SetLogFormat(LogFormat::kJson);
  ::testing::internal::CaptureStderr();
  {
    LogMessage message(LogLevel::kInfo, "dir/file.cc", 7);
    message.AddField("method", "a/B").AddField("latency_ms", 1.5).SetRequestId("r1");
    message.stream() << "rpc";
  }
  LOG_ERROR << "no id";
  const std::string output = ::testing::internal::GetCapturedStderr();
  const size_t split = output.find('\n');
  ASSERT_NE(split, std::string::npos);
  const nlohmann::json access = nlohmann::json::parse(output.substr(0, split));
  EXPECT_EQ(access["source"], "file.cc:7");
  EXPECT_EQ(access["method"], "a/B");
  EXPECT_EQ(access["latency_ms"], 1.5);
  EXPECT_EQ(access["request_id"], "r1");
  const nlohmann::json plain = nlohmann::json::parse(output.substr(split + 1));
  EXPECT_EQ(plain["level"], "error");
  EXPECT_FALSE(plain.contains("request_id"));
}

TEST_F(LogLineTest, TextLineAndLevelFilter) {
  SetMinLogLevel(LogLevel::kWarning);
  ::testing::internal::CaptureStderr();
  LOG_INFO << "dropped";
  LOG_WARNING << "kept";
  const std::string output = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(output, Not(HasSubstr("dropped")));
  EXPECT_THAT(output, MatchesRegex("[0-9T:.Z-]+ W log_test\\.cc:[0-9]+\\] kept\n"));
}

}  // namespace
}  // namespace newsgraph
