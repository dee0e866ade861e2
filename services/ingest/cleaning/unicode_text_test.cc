#include "services/ingest/cleaning/unicode_text.h"

#include "common/status/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace cleaning {
namespace {

TEST(FindInvalidUtf8Test, ValidText) {
  EXPECT_EQ(FindInvalidUtf8(""), kValidUtf8);
  EXPECT_EQ(FindInvalidUtf8("plain ascii text that is long enough"), kValidUtf8);
  EXPECT_EQ(FindInvalidUtf8("Қазақстан “quotes” € \xF0\x9F\x98\x80"),
            kValidUtf8);
}

TEST(FindInvalidUtf8Test, ReportsTheFirstBadByte) {
  EXPECT_EQ(FindInvalidUtf8("abc\x80"), 3u);                 // lone continuation
  EXPECT_EQ(FindInvalidUtf8("abcdefgh\xC3"), 8u);            // truncated
  EXPECT_EQ(FindInvalidUtf8("a\xC1\xBF"), 1u);               // overlong 2-byte
  EXPECT_EQ(FindInvalidUtf8("ab\xE0\x80\xAF"), 2u);          // overlong 3-byte
  EXPECT_EQ(FindInvalidUtf8("\xED\xB0\x80"), 0u);            // surrogate
  EXPECT_EQ(FindInvalidUtf8("x\xF4\x90\x80\x80"), 1u);       // > U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("ok \xE2\x82\xAC \xE2\x28\xA1"), 7u);
}

TEST(NormalizeUnicodeTest, SpacesLineBreaksAndInvisibles) {
  ASSERT_OK_AND_ASSIGN(
      std::string out,
      NormalizeUnicode("a\xC2\xA0" "b\tc\r\nd\re\xE2\x80\xA8" "f"
                       "\xE2\x80\x8Bg\xC2\xADh\xEF\xBB\xBFi\x01j\xE3\x80\x80k"));
  EXPECT_EQ(out, "a b c\nd\ne\nfghij k");
}

TEST(NormalizeUnicodeTest, ComposesToNfc) {
  ASSERT_OK_AND_ASSIGN(std::string out, NormalizeUnicode("Cafe\xCC\x81 A\xCC\x8A"));
  EXPECT_EQ(out, "Caf\xC3\xA9 \xC3\x85");
}

TEST(NormalizeUnicodeTest, KeepsCurlyQuotesAndDashes) {
  ASSERT_OK_AND_ASSIGN(std::string out,
                       NormalizeUnicode("“Shymkent’s” «x» – — …"));
  EXPECT_EQ(out, "“Shymkent’s” «x» – — …");
}

TEST(CleanLineTest, CollapsesAndTrimsSpaces) {
  EXPECT_EQ(CleanLine("   a   b  c   ").text, "a b c");
}

TEST(CleanLineTest, RepairsCyrillicLetterInLatinWord) {
  // "mediсal" (Cyrillic es), "dоctor" (Cyrillic o), "Сentre" (capital es).
  CleanedLine line = CleanLine("mediсal dоctor Сentre");
  EXPECT_EQ(line.text, "medical doctor Centre");
  ASSERT_EQ(line.repairs.size(), 3u);
  EXPECT_EQ(line.repairs[0].begin, 4u);
  EXPECT_EQ(line.repairs[0].end, 5u);
  EXPECT_EQ(line.repairs[0].original, "с");
  EXPECT_EQ(line.repairs[0].replacement, "c");
  EXPECT_EQ(line.repairs[1].begin, 9u);
  EXPECT_EQ(line.repairs[2].begin, 15u);
  EXPECT_EQ(line.repairs[2].replacement, "C");
}

TEST(CleanLineTest, LeavesCyrillicWordsAndUnmappableMixesAlone) {
  EXPECT_TRUE(CleanLine("Қаз Рус Астана Алматы").repairs.empty());
  EXPECT_EQ(CleanLine("Қаз Рус").text, "Қаз Рус");
  // Cyrillic majority: not an English word with a stray letter.
  EXPECT_TRUE(CleanLine("сoсна").repairs.empty());
  // A Cyrillic letter without a Latin look-alike (д) is not a homoglyph.
  EXPECT_TRUE(CleanLine("mediдal").repairs.empty());
}

}  // namespace
}  // namespace cleaning
}  // namespace newsgraph
