#include "services/ingest/cleaning/cleaner.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Three paragraphs of an article body: what every chrome test must get back.
const char kP1[] =
    "ASTANA – The Ministry of Healthcare will open 20 new rural clinics this "
    "year, Health Minister Dana Serikova said on Tuesday.";
const char kP2[] =
    "The clinics will cost 12 billion tenge and will serve about 86,000 "
    "people in the Akmola and Kostanay regions.";
const char kP3[] =
    "“Every village must have a doctor,” Serikova told reporters after the "
    "meeting.";
const char kHeadline[] = "Twenty rural clinics to open in Akmola and Kostanay";

std::string Body() { return absl::StrCat(kP1, "\n\n", kP2, "\n\n", kP3); }

absl::StatusOr<CleanedArticle> CleanText(const std::string& text,
                                         const std::string& url = "") {
  RawArticle raw;
  raw.content = text;
  raw.content_type = "text/plain";
  raw.url = url;
  return CleanArticle(raw, CleanerOptions());
}

absl::StatusOr<CleanedArticle> CleanHtml(const std::string& html,
                                         const std::string& url = "") {
  RawArticle raw;
  raw.content = html;
  raw.content_type = "text/html";
  raw.url = url;
  return CleanArticle(raw, CleanerOptions());
}

// ---- errors ----

TEST(CleanerErrorsTest, EmptyContent) {
  EXPECT_THAT(CleanText(""), StatusIs(absl::StatusCode::kInvalidArgument,
                                      HasSubstr("content: empty")));
  EXPECT_THAT(CleanText(" \n\t\r\n "),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("content: empty")));
}

TEST(CleanerErrorsTest, OverSizeLimitNamesTheLimit) {
  RawArticle raw;
  raw.content = std::string(101, 'a');
  CleanerOptions options;
  options.max_bytes = 100;
  EXPECT_THAT(CleanArticle(raw, options),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("maximum document size of 100 bytes")));
}

TEST(CleanerErrorsTest, InvalidUtf8ReportsOffset) {
  EXPECT_THAT(CleanText("Health\xC3("),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("content: invalid UTF-8 at byte offset 6")));
  // Overlong encoding, surrogate, truncated sequence at the end.
  EXPECT_THAT(CleanText("ab\xC0\xAF"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("byte offset 2")));
  EXPECT_THAT(CleanText("abc\xED\xA0\x80"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("byte offset 3")));
  EXPECT_THAT(CleanText("abcd\xE2\x80"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("byte offset 4")));
  EXPECT_THAT(CleanText("\xF5\x80\x80\x80"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("byte offset 0")));
}

TEST(CleanerErrorsTest, NulBytesAreBinaryJunk) {
  EXPECT_THAT(CleanText(std::string("Hello\0world", 11)),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("NUL byte at byte offset 5")));
}

TEST(CleanerErrorsTest, ControlCharactersAreBinaryJunk) {
  std::string junk;
  for (int i = 0; i < 200; ++i) junk += (i % 3 == 0) ? '\x01' : 'x';
  EXPECT_THAT(CleanText(junk), StatusIs(absl::StatusCode::kInvalidArgument,
                                        HasSubstr("binary junk")));
}

TEST(CleanerErrorsTest, AStrayControlCharacterIsRemovedNotRejected) {
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned,
                       CleanText(absl::StrCat(kP1, "\x07\n\n", kP2)));
  EXPECT_EQ(cleaned.body(), absl::StrCat(kP1, "\n\n", kP2));
}

TEST(CleanerErrorsTest, OnlyChromeLeavesNoBody) {
  EXPECT_THAT(CleanText("Main | News | Health | Eng\n^ top\n© Example, 2021"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("no article text")));
  EXPECT_THAT(CleanHtml("<html><script>var a = 1;</script><nav>Menu</nav>"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("no article text")));
}

TEST(CleanerErrorsTest, AbsurdlyDeepHtmlIsRefused) {
  std::string html;
  for (int i = 0; i < 20000; ++i) html += "<div>";
  html += kP1;
  EXPECT_THAT(CleanHtml(html), StatusIs(absl::StatusCode::kInvalidArgument,
                                        HasSubstr("nested 20000 deep")));
  // Thousands of unclosed paragraphs and list items are not nesting.
  std::string flat = "<ul>";
  for (int i = 0; i < 20000; ++i) flat += "<li>x<p>y";
  flat += std::string("<p>") + kP1;
  EXPECT_THAT(CleanHtml(flat), IsOk());
}

// End tags that close nothing make the parser search every open element:
// under deep nesting that is depth x count work, refused before parsing.
TEST(CleanerErrorsTest, StrayEndTagsUnderDeepNestingAreRefused) {
  std::string html;
  for (int i = 0; i < 3000; ++i) html += "<div>";
  html += kP1;
  for (int i = 0; i < 10000; ++i) html += "</b>";
  EXPECT_THAT(CleanHtml(html), StatusIs(absl::StatusCode::kInvalidArgument,
                                        HasSubstr("end tags that close nothing")));
  // A few stray end tags in an ordinary page are fine.
  std::string page = "<div><div><article><p>";
  page += kP1;
  page += "</span></b></p></i></article></div></div>";
  EXPECT_THAT(CleanHtml(page), IsOk());
}

TEST(CleanerErrorsTest, ShortNoteWithoutProseIsItsOwnBody) {
  // Found by cleaner_fuzzer: a page with one short line and no sentence.
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned, CleanHtml(" vn"));
  EXPECT_EQ(cleaned.body(), "vn");
  ASSERT_OK_AND_ASSIGN(cleaned, CleanText("Clinic hours\n\nMonday to Friday"));
  EXPECT_EQ(cleaned.body(), "Clinic hours\n\nMonday to Friday");
}

TEST(CleanerErrorsTest, UnsupportedContentType) {
  RawArticle raw;
  raw.content = kP1;
  raw.content_type = "application/pdf";
  EXPECT_THAT(CleanArticle(raw, CleanerOptions()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("content_type")));
}

// ---- plain text chrome ----

TEST(CleanerChromeTest, ArticleWithoutChromeComesThroughUntouched) {
  const std::string text =
      absl::StrCat(kP1, "\n\nBackground\n\n", kP2, "\n\nShort.\n\n", kP3);
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned, CleanText(text));
  EXPECT_EQ(cleaned.body(), text);
  EXPECT_EQ(cleaned.content_type, "text/plain");
}

TEST(CleanerChromeTest, MenuAndLanguageSwitcher) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat("Main | A A A | Қаз | Рус | Eng\n"
                             "News   Politics   Society   Health   Sport\n\n",
                             kHeadline, "\n\n", Body())));
  EXPECT_EQ(cleaned.body(), Body());
  EXPECT_EQ(cleaned.title, kHeadline);
}

TEST(CleanerChromeTest, DatePhotoSiteLine) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat("date 2024-03-14 Photo | example.kz\n\n",
                             kHeadline, "\n\n", Body())));
  EXPECT_EQ(cleaned.body(), Body());
  EXPECT_EQ(cleaned.published_date, "2024-03-14");
  EXPECT_EQ(cleaned.source, "example.kz");
}

TEST(CleanerChromeTest, RepeatedHeadline) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat("Health\n", kHeadline, "\n\n", kHeadline, "\n\n",
                             kHeadline, "\nPhoto: press service\n\n", Body())));
  EXPECT_EQ(cleaned.body(), Body());
  EXPECT_EQ(cleaned.title, kHeadline);
}

TEST(CleanerChromeTest, RelatedNewsWithTeasersAndTheirDates) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat(
          kHeadline, "\n14 March 2021, 09:40\n\n", Body(),
          "\n\nRelated news\n\n"
          "Almaty schools return to classrooms on Monday\n"
          "13 March 2021, 18:20\n"
          "Parents of pupils will be able to choose between classes and "
          "distance learning, the city akimat said on Friday.\n\n"
          "Karaganda opens second vaccination centre\n"
          "12 March 2021, 11:05\n"
          "The new centre can vaccinate up to 400 people a day, the regional "
          "health department said.\n")));
  EXPECT_EQ(cleaned.body(), Body());
  EXPECT_EQ(cleaned.published_date, "2021-03-14T09:40");
}

TEST(CleanerChromeTest, ReadAlsoPopularAndNewsPartnerLists) {
  for (const char* heading : {"Read also", "Popular", "News Partner",
                              "Most read", "Related news"}) {
    ASSERT_OK_AND_ASSIGN(
        CleanedArticle cleaned,
        CleanText(absl::StrCat(kHeadline, "\n\n", Body(), "\n\n", heading,
                               "\n - Price of a PCR test capped at 8,000 tenge"
                               "\n - Three regions move to the yellow zone "
                               "as cases rise again this week in the north."
                               "\n - Sputnik V: who can get the second dose "
                               "early, explained by the ministry.\n")));
    EXPECT_EQ(cleaned.body(), Body()) << heading;
  }
}

TEST(CleanerChromeTest, InlineReadAlsoInsideBodyIsDroppedWithoutCuttingIt) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat(kP1, "\n\nRead also: Akmola hospitals get 40 new "
                                  "ambulances\n\n",
                             kP2, "\n\n", kP3)));
  EXPECT_EQ(cleaned.body(), Body());
  EXPECT_THAT(cleaned.clean_text, HasSubstr("Read also"));
}

TEST(CleanerChromeTest, CopyrightAddressAndPhoneFooter) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat(
          Body(),
          "\n\nTags: clinics, Akmola\n"
          "© QazNews, 2021. All rights reserved.\n"
          "Address: Nur-Sultan, 6 Dostyk St., 3rd floor.\n"
          "+7 7172 64 20 20, news@qaznews.example.kz\n")));
  EXPECT_EQ(cleaned.body(), Body());
}

TEST(CleanerChromeTest, TopMarkerAndPager) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat(Body(), "\n\n«« | »»\n\n^ top\n")));
  EXPECT_EQ(cleaned.body(), Body());
  ASSERT_OK_AND_ASSIGN(
      cleaned,
      CleanText(absl::StrCat(Body(), "\n\n« previous | next »\n")));
  EXPECT_EQ(cleaned.body(), Body());
}

TEST(CleanerChromeTest, ReaderCallToActionAfterBody) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat(
          Body(), "\n\nSubscribe to our newsletter: the main news of the day "
                  "in one letter.\n")));
  EXPECT_EQ(cleaned.body(), Body());
}

TEST(CleanerChromeTest, HardWrappedTextIsJoinedIntoParagraphs) {
  const std::string text =
      "The Ministry of Healthcare will open 20 new rural clinics this year,\n"
      "Health Minister Dana Serikova said on Tuesday after a meeting with\n"
      "the regional governors in the capital.\n"
      "\n"
      "The clinics will cost 12 billion tenge and will serve about 86,000\n"
      "people in the Akmola and Kostanay regions, where the nearest hospital\n"
      "is often more than 100 km away.\n";
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned, CleanText(text));
  EXPECT_EQ(cleaned.body(),
            "The Ministry of Healthcare will open 20 new rural clinics this "
            "year, Health Minister Dana Serikova said on Tuesday after a "
            "meeting with the regional governors in the capital.\n\n"
            "The clinics will cost 12 billion tenge and will serve about "
            "86,000 people in the Akmola and Kostanay regions, where the "
            "nearest hospital is often more than 100 km away.");
}

TEST(CleanerChromeTest, SingleNewlineParagraphsStaySeparate) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat(kP1, "\n", kP2, "\n", kP3, "\n")));
  EXPECT_EQ(cleaned.body(), Body());
}

// ---- title, date, source ----

TEST(CleanerMetadataTest, DateForms) {
  struct Case {
    const char* line;
    const char* iso;
  } cases[] = {
      {"date 2024-03-14", "2024-03-14"},
      {"14 March 2021, 09:40", "2021-03-14T09:40"},
      {"22 april 2019", "2019-04-22"},
      {"11 may 2021 - 10:05", "2021-05-11T10:05"},
      {"Published: 5 October 2023", "2023-10-05"},
  };
  for (const Case& c : cases) {
    ASSERT_OK_AND_ASSIGN(
        CleanedArticle cleaned,
        CleanText(absl::StrCat(kHeadline, "\n", c.line, "\n\n", Body())));
    EXPECT_EQ(cleaned.published_date, c.iso) << c.line;
    EXPECT_EQ(cleaned.body(), Body()) << c.line;
    EXPECT_EQ(cleaned.title, kHeadline) << c.line;
  }
}

TEST(CleanerMetadataTest, CurrentDateBannerIsNotThePublicationDate) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat("Tuesday, 2 june 2020\nMain | News | Eng\n\n",
                             kHeadline, "\n29 may 2020 - 16:20\n\n", Body())));
  EXPECT_EQ(cleaned.published_date, "2020-05-29T16:20");
  ASSERT_OK_AND_ASSIGN(
      cleaned,
      CleanText(absl::StrCat("Tuesday, 2 june 2020\nMain | News | Eng\n\n",
                             kHeadline, "\n\n", Body())));
  EXPECT_EQ(cleaned.published_date, "");
}

TEST(CleanerMetadataTest, NeverATeasersDate) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat(kHeadline, "\n\n", Body(),
                             "\n\nRelated news\nAlmaty schools reopen\n"
                             "13 March 2021, 18:20\n")));
  EXPECT_EQ(cleaned.published_date, "");
}

TEST(CleanerMetadataTest, DatelineInFirstParagraph) {
  const std::string body = absl::StrCat(
      "NUR-SULTAN, 14 March 2021, 09:40 – Kazakhstan has recorded 86,412 "
      "COVID-19 cases since the start of the year.\n\n",
      kP2);
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned,
                       CleanText(absl::StrCat(kHeadline, "\n\n", body)));
  EXPECT_EQ(cleaned.published_date, "2021-03-14T09:40");
  EXPECT_EQ(cleaned.body(), body);
}

TEST(CleanerMetadataTest, SourceFromUrlMarkerOrCaller) {
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned,
                       CleanText(Body(), "https://www.Example.kz/news/1?x=2"));
  EXPECT_EQ(cleaned.source, "example.kz");
  ASSERT_OK_AND_ASSIGN(
      cleaned, CleanText(absl::StrCat("11 may 2021   Photo | dala.example.kz\n",
                                      kHeadline, "\n\n", Body())));
  EXPECT_EQ(cleaned.source, "dala.example.kz");
  RawArticle raw;
  raw.content = Body();
  raw.source_name = "Kazinform";
  ASSERT_OK_AND_ASSIGN(cleaned, CleanArticle(raw, CleanerOptions()));
  EXPECT_EQ(cleaned.source, "Kazinform");
}

TEST(CleanerMetadataTest, TitleIsCutToTheLimitAtAWordBoundary) {
  RawArticle raw;
  raw.content = absl::StrCat(kHeadline, "\n\n", Body());
  CleanerOptions options;
  options.max_title_bytes = 20;
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned, CleanArticle(raw, options));
  EXPECT_EQ(cleaned.title, "Twenty rural clinics");
}

// ---- Unicode ----

TEST(CleanerUnicodeTest, SpacesInvisiblesAndBlankLines) {
  absl::StatusOr<CleanedArticle> result = (
      CleanText("The clinic\xC2\xA0opened\xE2\x80\x8B on\xE2\x80\xAFMonday "
                "with 40\xE2\x80\x89" "beds.\r\n\r\n\r\n\r\n\r\nIt cost 12 "
                "billion tenge, the akimat said."));
  ASSERT_TRUE(result.ok()) << result.status();
  const CleanedArticle& cleaned = *result;
  EXPECT_EQ(cleaned.body(),
            "The clinic opened on Monday with 40 beds.\n\nIt cost 12 billion "
            "tenge, the akimat said.");
}

TEST(CleanerUnicodeTest, NfcAndCurlyQuotesKept) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText("The cafe\xCC\x81 in Shymkent\xE2\x80\x99s centre “reopened” "
                "on Monday, the owner said."));
  EXPECT_EQ(cleaned.body(),
            "The caf\xC3\xA9 in Shymkent’s centre “reopened” on Monday, the "
            "owner said.");
}

TEST(CleanerUnicodeTest, HomoglyphRepairIsRecordedWithCleanTextOffsets) {
  // "mediсal" and "Сentre" with Cyrillic es; "Қаз" stays Cyrillic.
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText("Main | Қаз | Рус | Eng\n\nThe medi\xD1\x81" "al \xD0\xA1"
                "entre in Almaty opened a new wing, the akimat said on "
                "Monday."));
  EXPECT_EQ(cleaned.body(),
            "The medical Centre in Almaty opened a new wing, the akimat said "
            "on Monday.");
  ASSERT_EQ(cleaned.repairs.size(), 2u);
  for (const TextRepair& repair : cleaned.repairs) {
    EXPECT_EQ(cleaned.clean_text.substr(repair.begin,
                                        repair.end - repair.begin),
              repair.replacement);
    EXPECT_EQ(repair.reason, "mixed-script homoglyph");
  }
  EXPECT_EQ(cleaned.repairs[0].original, "\xD1\x81");
  EXPECT_EQ(cleaned.repairs[0].replacement, "c");
  EXPECT_EQ(cleaned.repairs[1].original, "\xD0\xA1");
  EXPECT_EQ(cleaned.repairs[1].replacement, "C");
  EXPECT_THAT(cleaned.clean_text, HasSubstr("Қаз | Рус"));
}

// ---- HTML ----

TEST(CleanerHtmlTest, DropsScriptsNavAsideFooterFormAndReadsMetadata) {
  const std::string html = absl::StrCat(
      "<!DOCTYPE html><html><head><title>", kHeadline,
      " | Example News</title>"
      "<meta property=\"og:site_name\" content=\"Example News\">"
      "<meta property=\"article:published_time\" "
      "content=\"2024-03-14T17:45:00+05:00\">"
      "<style>p{color:red}</style><script>var x = \"<p>no</p>\";</script>"
      "</head><body><nav><a href=\"/\">Main</a> <a href=\"/n\">News</a></nav>"
      "<form><input name=q> Search the site</form>"
      "<article><h1>",
      kHeadline, "</h1><p>", kP1, "</p><p>", kP2, "</p><p>", kP3,
      "</p></article><aside><h3>Related news</h3><ul><li><a href=\"/1\">"
      "Other story</a></li></ul></aside>"
      "<noscript>Enable JavaScript</noscript>"
      "<footer>&copy; 2024 Example News</footer></body></html>");
  RawArticle raw;
  raw.content = html;  // content type detected
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned,
                       CleanArticle(raw, CleanerOptions()));
  EXPECT_EQ(cleaned.content_type, "text/html");
  EXPECT_EQ(cleaned.body(), Body());
  EXPECT_EQ(cleaned.title, kHeadline);
  EXPECT_EQ(cleaned.published_date, "2024-03-14T17:45");
  EXPECT_EQ(cleaned.source, "Example News");
  EXPECT_THAT(cleaned.clean_text, Not(HasSubstr("var x")));
  EXPECT_THAT(cleaned.clean_text, Not(HasSubstr("Search the site")));
  EXPECT_THAT(cleaned.clean_text, Not(HasSubstr("Enable JavaScript")));
}

TEST(CleanerHtmlTest, EntitiesAreDecoded) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanHtml("<p>Shymkent&#8217;s governor said &laquo;yes&raquo; &amp; "
                "&ldquo;no&rdquo; to the 600&nbsp;beds &#x2014; twice.</p>"));
  EXPECT_EQ(cleaned.body(),
            "Shymkent’s governor said «yes» & “no” to the 600 beds — twice.");
}

TEST(CleanerHtmlTest, UnclosedTags) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanHtml(absl::StrCat("<html><body><div><p>", kP1, "<p>", kP2,
                             "<p><b>", kP3)));
  EXPECT_EQ(cleaned.body(), Body());
}

TEST(CleanerHtmlTest, NestedTables) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanHtml(absl::StrCat(
          "<table><tr><td><a href=\"/\">Main</a> | <a href=\"/n\">News</a>"
          "</td></tr><tr><td><table><tr><td><b>",
          kHeadline, "</b></td></tr><tr><td>", kP1, "<br><br>", kP2,
          "<br><br>", kP3,
          "</td></tr></table></td></tr><tr><td>&copy; 2019 Example"
          "</td></tr></table>")));
  EXPECT_EQ(cleaned.body(), Body());
  EXPECT_EQ(cleaned.title, kHeadline);
}

TEST(CleanerHtmlTest, BrSoup) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanHtml(absl::StrCat("<font>", kP1, "<br/><br/><br>\n<br />", kP2,
                             "<br><br>", kP3, "<br><br><br>")));
  EXPECT_EQ(cleaned.body(), Body());
}

TEST(CleanerHtmlTest, TimeDatetimeAndJsonLd) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanHtml(absl::StrCat(
          "<h1>", kHeadline, "</h1><time datetime=\"2023-10-05T15:10\">"
          "05.10.2023 15:10</time><p>", kP1, "</p><p>", kP2, "</p>")));
  EXPECT_EQ(cleaned.published_date, "2023-10-05T15:10");
  ASSERT_OK_AND_ASSIGN(
      cleaned,
      CleanHtml(absl::StrCat(
          "<html><head><script type=\"application/ld+json\">{\"@context\":"
          "\"https://schema.org\",\"@graph\":[{\"@type\":\"WebPage\"},"
          "{\"@type\":\"NewsArticle\",\"headline\":\"",
          kHeadline,
          "\",\"datePublished\":\"2024-04-09T20:15:00+06:00\"}]}</script>"
          "</head><body><p>",
          kP1, "</p><p>", kP2, "</p></body></html>")));
  EXPECT_EQ(cleaned.published_date, "2024-04-09T20:15");
  EXPECT_EQ(cleaned.title, kHeadline);
}

TEST(CleanerHtmlTest, MalformedJsonLdIsIgnored) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanHtml(absl::StrCat("<script type=\"application/ld+json\">{\"head"
                             "line\": [1, </script><p>",
                             kP1, "</p>")));
  EXPECT_EQ(cleaned.body(), kP1);
}

TEST(CleanerHtmlTest, InlineTeaserAndAdInsideArticleDoNotCutTheBody) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanHtml(absl::StrCat(
          "<article><p>", kP1,
          "</p><div class=\"embed-teaser\"><span>Read also:</span> <a "
          "href=\"/x\">Dams reinforced as water rises</a></div><p>",
          kP2, "</p><div class=\"inline-ad\"><span>Advertisement</span></div>"
          "<p>",
          kP3, "</p><div class=\"share\">Share: <a href=\"#\">Facebook</a> "
               "<a href=\"#\">Telegram</a></div></article>"
               "<div class=\"other-news\"><div>Other news</div><div><a "
               "href=\"/1\">Bus fares will not change</a> 04.10.2023</div>"
               "</div>")));
  EXPECT_EQ(cleaned.body(), Body());
}

TEST(CleanerHtmlTest, TenMegabytePage) {
  std::string html = "<html><head><title>Big</title></head><body>";
  while (html.size() < 10 * 1024 * 1024) {
    absl::StrAppend(&html, "<div class=\"row\"><p>", kP1, "</p><p>", kP2,
                    "</p></div>\n");
  }
  html += "</body></html>";
  RawArticle raw;
  raw.content = html;
  raw.content_type = "text/html";
  EXPECT_THAT(CleanArticle(raw, CleanerOptions()),
              StatusIs(absl::StatusCode::kResourceExhausted,
                       HasSubstr("8388608")));
  CleanerOptions options;
  options.max_bytes = 16 << 20;
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned, CleanArticle(raw, options));
  EXPECT_GT(cleaned.body().size(), 5u << 20);
  EXPECT_EQ(cleaned.body().substr(0, sizeof(kP1) - 1), kP1);
}

// ---- output contract and fingerprints ----

TEST(CleanerOutputTest, BodySpanPointsIntoCleanTextAndChromeIsKept) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat("Main | News | Eng\n\n", kHeadline, "\n\n",
                             Body(), "\n\n^ top\n")));
  EXPECT_EQ(cleaned.clean_text.substr(cleaned.body_begin,
                                      cleaned.body_end - cleaned.body_begin),
            Body());
  EXPECT_THAT(cleaned.clean_text, HasSubstr("Main | News | Eng"));
  EXPECT_THAT(cleaned.clean_text, HasSubstr("^ top"));
  EXPECT_THAT(std::string(cleaned.body()), Not(HasSubstr(kHeadline)));
}

TEST(CleanerOutputTest, SameBodyUnderOtherChromeHasTheSameHashes) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle a,
      CleanText(absl::StrCat("Main | News | Eng\n\n", kHeadline, "\n\n",
                             Body(), "\n\n© Site A, 2021\n")));
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle b,
      CleanText(absl::StrCat("date 2021-03-14 Photo | b.kz\n\nAnother "
                             "headline for the same story\n\n",
                             Body(), "\n\nRelated news\nOther story\n")));
  EXPECT_EQ(a.content_hash, b.content_hash);
  EXPECT_EQ(a.simhash, b.simhash);
  ASSERT_OK_AND_ASSIGN(CleanedArticle c, CleanText(absl::StrCat(kP1, "\n\n",
                                                                kP2)));
  EXPECT_NE(a.content_hash, c.content_hash);
}

TEST(CleanerOutputTest, SimHashDistanceCountsBits) {
  EXPECT_EQ(SimHashDistance(0, 0), 0);
  EXPECT_EQ(SimHashDistance(0, ~0ULL), 64);
  EXPECT_EQ(SimHashDistance(0b1011, 0b0001), 2);
  EXPECT_GT(kNearDuplicateMaxDistance, 0);
  EXPECT_LT(kNearDuplicateMaxDistance, 32);
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

// Layouts the samples do not have: each must still give back exactly Body().

TEST(CleanerLayoutTest, DatedTeasersWithoutAHeading) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat(
          kHeadline, "\n\n", Body(),
          "\n\nNurses in Balkhash to earn 610,800 tenge a month  April 3, "
          "2019\nThe regional health department said the rise takes effect "
          "in May, and it will cover all nurses.\n"
          "Kazakhstan and UNDP sign cooperation roadmap (11.04.2019)\n")));
  EXPECT_EQ(cleaned.body(), Body());
}

TEST(CleanerLayoutTest, FooterReprintNotice) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat(Body(),
                             "\n\nWhen using materials, a hyperlink to the "
                             "source is required.\n")));
  EXPECT_EQ(cleaned.body(), Body());
}

TEST(CleanerLayoutTest, BodyWithSubheadingAndList) {
  const std::string body = absl::StrCat(
      kP1, "\n\nWhat changes from July\n\n", kP2,
      "\n\nThe list of clinics includes:\n\n- Akmola, 12 clinics;\n\n"
      "- Kostanay, 8 clinics.\n\n",
      kP3);
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned,
                       CleanText(absl::StrCat(kHeadline, "\n\n", body)));
  EXPECT_EQ(cleaned.body(), body);
}

TEST(CleanerLayoutTest, HtmlTeaserLeadsInASiblingListAreNotBody) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanHtml(absl::StrCat(
          "<div class=\"row\"><div class=\"col-8\"><h1>", kHeadline,
          "</h1><div class=\"text\"><p>", kP1, "</p><p>", kP2, "</p><p>", kP3,
          "</p></div></div><div class=\"col-4\"><div class=\"list\">"
          "<div class=\"item\"><a href=\"/1\">Almaty schools return to "
          "classrooms</a><p>Parents of pupils will be able to choose between "
          "classes and distance learning, the akimat said.</p></div></div>"
          "</div></div>")));
  EXPECT_EQ(cleaned.body(), Body());
  EXPECT_EQ(cleaned.title, kHeadline);
}

TEST(CleanerLayoutTest, HtmlCommentsAfterTheArticle) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanHtml(absl::StrCat(
          "<article><p>", kP1, "</p><p>", kP2, "</p><p>", kP3,
          "</p></article><div id=\"comments\"><h3>3 comments</h3><div "
          "class=\"comment\"><b>Aigerim</b> 14 March 2021 10:15<p>Great news "
          "for our village, we waited for this for years.</p></div></div>")));
  EXPECT_EQ(cleaned.body(), Body());
}

TEST(CleanerLayoutTest, BylineAndUpdatedLineUnderTheHeadline) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat(kHeadline,
                             "\nBy Aliya Nurlanova\nUpdated: 14 March 2021, "
                             "10:02\n\n",
                             Body(), "\n\nShare this article\n")));
  EXPECT_EQ(cleaned.body(), Body());
  EXPECT_EQ(cleaned.title, kHeadline);
  EXPECT_EQ(cleaned.published_date, "2021-03-14T10:02");
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

TEST(CleanerLayoutTest, ShortClosingQuoteParagraphStays) {
  const std::string body = absl::StrCat(kP1, "\n\n", kP2, "\n\n“We are ready.”");
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned,
                       CleanText(absl::StrCat(kHeadline, "\n\n", body,
                                              "\n\nRelated news\n")));
  EXPECT_EQ(cleaned.body(), body);
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

TEST(CleanerLayoutTest, ShortArticleBeatsALongerSidebarAfterIt) {
  std::string sidebar;
  for (int i = 0; i < 4; ++i) {
    absl::StrAppend(&sidebar, "<div><p>Doctors in the region urge residents "
                              "to get vaccinated as the number of flu cases "
                              "grows for the third week in a row, the "
                              "department said on Monday.</p></div>");
  }
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanHtml(absl::StrCat("<div><h1>", kHeadline, "</h1><div><p>", kP1,
                             "</p><p>", kP2, "</p></div></div><div><h3>Most "
                             "read</h3>", sidebar, "</div>")));
  EXPECT_EQ(cleaned.body(), absl::StrCat(kP1, "\n\n", kP2));
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

TEST(CleanerLayoutTest, LabelledListHeadingAndTypoNotice) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat(
          kHeadline, "\n\n", Body(),
          "\n\nFound a typo? Select it and press Ctrl+Enter.\n\n"
          "Also on the site:\n"
          "The regional akimat has approved a new plan for the renovation of "
          "twelve district hospitals, officials said.\n")));
  EXPECT_EQ(cleaned.body(), Body());
}

TEST(CleanerLayoutTest, PublishedLineUnderTheArticle) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanText(absl::StrCat(kHeadline, "\n\n", Body(),
                             "\nPublished: 14 March 2021\n\nRelated news\n"
                             "Other story\n13 March 2021\n")));
  EXPECT_EQ(cleaned.body(), Body());
  EXPECT_EQ(cleaned.published_date, "2021-03-14");
}

TEST(CleanerLayoutTest, HtmlTimeOfATeaserIsNotThePublicationDate) {
  ASSERT_OK_AND_ASSIGN(
      CleanedArticle cleaned,
      CleanHtml(absl::StrCat(
          "<h1>", kHeadline, "</h1><p>", kP1, "</p><p>", kP2,
          "</p><h3>Latest</h3><ul><li><time datetime=\"2024-04-09T19:02\">"
          "19:02</time> <a href=\"/r\">Rail traffic suspended</a></li></ul>")));
  EXPECT_EQ(cleaned.published_date, "");
  ASSERT_OK_AND_ASSIGN(
      cleaned,
      CleanHtml(absl::StrCat(
          "<h1>", kHeadline, "</h1><div>By A. Author, <time datetime=\"2024-04-"
          "08T10:00\">8 April</time></div><p>", kP1, "</p><p>", kP2,
          "</p><h3>Latest</h3><ul><li><time datetime=\"2024-04-09T19:02\">"
          "19:02</time> <a href=\"/r\">Rail traffic suspended</a></li></ul>")));
  EXPECT_EQ(cleaned.published_date, "2024-04-08T10:00");
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

TEST(CleanerHtmlTitleTest, TitleTagWithSiteNameFirstOrLast) {
  for (const char* title_tag :
       {"Steppe Times | Twenty rural clinics to open in Akmola and Kostanay",
        "Twenty rural clinics to open in Akmola and Kostanay - Steppe Times"}) {
    ASSERT_OK_AND_ASSIGN(
        CleanedArticle cleaned,
        CleanHtml(absl::StrCat("<title>", title_tag, "</title><p>", kP1,
                               "</p>")));
    EXPECT_EQ(cleaned.title, kHeadline) << title_tag;
  }
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

TEST(CleanerLayoutTest, ShortSentenceWithADateIsProse) {
  const std::string body =
      absl::StrCat(kP1, "\n\nRegistration closes on 1 July 2024.\n\n", kP2);
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned,
                       CleanText(absl::StrCat(kHeadline, "\n\n", body)));
  EXPECT_EQ(cleaned.body(), body);
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

TEST(CleanerLayoutTest, ReportedAdviceToTheReaderIsProse) {
  const std::string body = absl::StrCat(
      kP1, "\n\nIf you have a fever, stay at home and call a doctor, the chief "
           "sanitary doctor advised.\n\n",
      kP2);
  ASSERT_OK_AND_ASSIGN(CleanedArticle cleaned,
                       CleanText(absl::StrCat(kHeadline, "\n\n", body)));
  EXPECT_EQ(cleaned.body(), body);
}

}  // namespace
}  // namespace newsgraph
