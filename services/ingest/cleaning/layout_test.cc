#include "services/ingest/cleaning/layout.h"

#include "gtest/gtest.h"

namespace newsgraph {
namespace cleaning {
namespace {

std::vector<Line> Lines(std::initializer_list<const char*> texts) {
  std::vector<Line> lines;
  for (const char* text : texts) {
    Line line;
    line.text = text;
    lines.push_back(line);
  }
  return lines;
}

const char* Reason(const char* text) {
  std::vector<LineInfo> infos = ClassifyLines(Lines({text}));
  return infos[0].reason;
}

LineKind Kind(const char* text) {
  return ClassifyLines(Lines({text}))[0].kind;
}

TEST(ClassifyLinesTest, ChromePatterns) {
  EXPECT_STREQ(Reason("Main | A A A | Қаз | Рус | Eng"), "menu");
  EXPECT_STREQ(Reason("date 2024-03-14 Photo | example.kz"), "date line");
  EXPECT_STREQ(Reason("Related news"), "list heading");
  EXPECT_STREQ(Reason("Read also:"), "list heading");
  EXPECT_STREQ(Reason("Popular"), "list heading");
  EXPECT_STREQ(Reason("News Partner"), "list heading");
  EXPECT_STREQ(Reason("© QazNews, 2021. All rights reserved."), "copyright");
  EXPECT_STREQ(Reason("Tel.: +7 (7172) 74-32-10"), "contact footer");
  EXPECT_STREQ(Reason("Address: Astana, 8 Mangilik El Ave."), "contact footer");
  EXPECT_STREQ(Reason("^ top"), "top marker");
  EXPECT_STREQ(Reason("«« | »»"), "no words");
  EXPECT_STREQ(Reason("« previous | next »"), "pager");
  EXPECT_STREQ(Reason("Photo: press service of the akimat"), "photo credit");
  EXPECT_STREQ(Reason("Read also: Akmola gets 40 ambulances"),
               "inline link teaser");
  EXPECT_STREQ(Reason("Share: Facebook Telegram WhatsApp"), "share bar");
  EXPECT_EQ(Kind("Tuesday, 2 june 2020"), LineKind::kBarrier);
}

TEST(ClassifyLinesTest, ProseAndShortLines) {
  EXPECT_EQ(Kind("The hospital opened on Monday, the akimat said."),
            LineKind::kContent);
  EXPECT_EQ(Kind("“We are ready,” he said."), LineKind::kContent);
  EXPECT_EQ(Kind("Background"), LineKind::kNeutral);
  std::vector<LineInfo> infos =
      ClassifyLines(Lines({"Twenty rural clinics to open in Akmola"}));
  EXPECT_TRUE(infos[0].headline_like);
}

TEST(ClassifyLinesTest, RepeatedShortLinesAreBarriers) {
  std::vector<LineInfo> infos = ClassifyLines(Lines(
      {"Clinics to open in Akmola", "Clinics to open in Akmola",
       "The clinics will open in May, the minister said."}));
  EXPECT_EQ(infos[0].kind, LineKind::kBarrier);
  EXPECT_EQ(infos[0].repeats, 2);
  EXPECT_TRUE(infos[0].headline_like);
  EXPECT_EQ(infos[2].kind, LineKind::kContent);
}

TEST(SelectBodyTest, BestRunBetweenBarriersTrimmedToContent) {
  std::vector<Line> lines = Lines({
      "Main | News | Eng",                                   // 0 barrier
      "Clinics to open in Akmola",                           // 1 neutral
      "The clinics will open in May, the minister said.",    // 2
      "Background",                                          // 3 neutral
      "Photo: press service",                                // 4 skip
      "They will cost 12 billion tenge, the ministry said.",  // 5
      "Related news",                                        // 6 barrier
      "Another story about something else entirely here.",   // 7
  });
  std::vector<LineInfo> infos = ClassifyLines(lines);
  BodySpan body = SelectBody(lines, &infos, "");
  EXPECT_EQ(body.begin, 2u);
  EXPECT_EQ(body.end, 6u);
  EXPECT_EQ(body.excluded, std::vector<size_t>{4});
  EXPECT_EQ(FindTitleLine(lines, infos, body.begin), 1);
}

TEST(SelectBodyTest, TitleCopiesAreBarriers) {
  std::vector<Line> lines = Lines({
      "The clinics will open in May, the minister said.",
      "Clinics to open in Akmola",
      "A longer second story paragraph that is not the article body at all.",
  });
  std::vector<LineInfo> infos = ClassifyLines(lines);
  BodySpan body = SelectBody(lines, &infos, "Clinics to open in Akmola");
  EXPECT_EQ(infos[1].kind, LineKind::kBarrier);
  EXPECT_EQ(body.begin, 2u);
  EXPECT_EQ(body.end, 3u);
}

TEST(FindDateInLinesTest, NearestToHeadlineAndNeverAfterBody) {
  std::vector<Line> lines = Lines({
      "Tuesday, 2 june 2020",                              // banner
      "Main | News | Eng",
      "Clinics to open in Akmola",                         // headline
      "29 may 2020 - 16:20",                               // dateline
      "The clinics will open in May, the minister said.",  // body
      "Related news",
      "30 may 2020",                                       // teaser date
  });
  std::vector<LineInfo> infos = ClassifyLines(lines);
  BodySpan body = SelectBody(lines, &infos, "");
  const int title = FindTitleLine(lines, infos, body.begin);
  EXPECT_EQ(title, 2);
  EXPECT_EQ(FindDateInLines(lines, infos, body, title), "2020-05-29T16:20");
}

TEST(LineKeyTest, FoldsAsciiCaseAndPunctuation) {
  EXPECT_EQ(LineKey("  Read  also: “Clinics” — Қаз!"), "read also clinics Қаз");
}

// Prose is keyed eight bytes at a time; spaces, capitals and punctuation at
// and across the chunk borders give the same key as byte by byte.
TEST(LineKeyTest, SameKeyAcrossEightByteChunks) {
  EXPECT_EQ(LineKey("The new Hospital in Shymkent opens 2024 beds"),
            "the new hospital in shymkent opens 2024 beds");
  EXPECT_EQ(LineKey(" leading space and trailing space "),
            "leading space and trailing space");
  EXPECT_EQ(LineKey("abcdefg  hijklmn   opq"), "abcdefg hijklmn opq");
  EXPECT_EQ(LineKey("abcdefg , hijklmn"), "abcdefg hijklmn");
  EXPECT_EQ(LineKey("ABCDEFGH IJKLMNOP"), "abcdefgh ijklmnop");
  EXPECT_EQ(LineKey("...ABCDEFGH...ijklmnop..."), "abcdefgh ijklmnop");
  EXPECT_EQ(LineKey("«Astana» mediсal centre, 14.03.2024"),
            "astana mediсal centre 14 03 2024");
  EXPECT_EQ(LineKey("        "), "");
  EXPECT_EQ(LineKey(""), "");
}

}  // namespace
}  // namespace cleaning
}  // namespace newsgraph
