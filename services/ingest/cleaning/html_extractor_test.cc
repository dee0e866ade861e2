#include "services/ingest/cleaning/html_extractor.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace cleaning {
namespace {

std::vector<std::string> Texts(const HtmlDocument& doc) {
  std::vector<std::string> texts;
  for (const HtmlBlock& block : doc.blocks) texts.push_back(block.text);
  return texts;
}

TEST(ExtractHtmlTest, BlocksFollowBlockElementsAndBr) {
  HtmlDocument doc = ExtractHtml(
      "<div>One <b>bold</b>\n   word<p>Two<br>lines</p><ul><li>Item "
      "a</li><li>Item b</li></ul></div>");
  EXPECT_THAT(Texts(doc), ::testing::ElementsAre("One bold word", "Two\nlines",
                                                 "Item a", "Item b"));
  EXPECT_TRUE(doc.blocks[2].list_item);
}

TEST(ExtractHtmlTest, SkipsNonTextElementsAndHiddenOnes) {
  HtmlDocument doc = ExtractHtml(
      "<script>x()</script><style>p{}</style><nav>Menu</nav><aside>Side"
      "</aside><footer>Foot</footer><form>Form</form><noscript>No</noscript>"
      "<iframe>Frame</iframe><div hidden>Hidden</div><div style=\"display: "
      "none\">None</div><div aria-hidden=\"true\">Aria</div><p>Text</p>");
  EXPECT_THAT(Texts(doc), ::testing::ElementsAre("Text"));
}

TEST(ExtractHtmlTest, MarkupEvidence) {
  HtmlDocument doc = ExtractHtml(
      "<header><a href=\"/\">Site</a></header><article><h1>Head</h1><p>Body "
      "<a href=\"/x\">link</a></p></article><div class=\"related-news\">"
      "<a href=\"/y\">Other</a></div><figure><figcaption>Cap</figcaption>"
      "</figure>");
  ASSERT_EQ(doc.blocks.size(), 5u);
  EXPECT_TRUE(doc.blocks[0].page_header);
  EXPECT_EQ(doc.blocks[1].heading_level, 1);
  EXPECT_TRUE(doc.blocks[1].in_article);
  EXPECT_EQ(doc.blocks[2].text, "Body link");
  EXPECT_EQ(doc.blocks[2].link_chars, 4u);
  EXPECT_EQ(doc.blocks[2].text_chars, 8u);
  EXPECT_TRUE(doc.blocks[3].chrome_hint);
  EXPECT_FALSE(doc.blocks[2].chrome_hint);
  EXPECT_TRUE(doc.blocks[4].caption);
}

TEST(ExtractHtmlTest, Metadata) {
  HtmlDocument doc = ExtractHtml(
      "<html><head><title> Head  line | Site </title>"
      "<meta property=\"og:title\" content=\"OG head\">"
      "<meta property=\"og:site_name\" content=\"Site\">"
      "<meta property=\"article:published_time\" content=\"2024-01-02\">"
      "<script type=\"application/ld+json\">[{\"@type\":\"NewsArticle\","
      "\"headline\":\"LD head\",\"datePublished\":\"2024-01-03\","
      "\"publisher\":{\"name\":\"Pub\"}}]</script></head><body>"
      "<time datetime=\"2024-01-04T10:00\">4 Jan</time><p>x</p></body></html>");
  EXPECT_EQ(doc.meta.title_tag, "Head line | Site");
  EXPECT_EQ(doc.meta.og_title, "OG head");
  EXPECT_EQ(doc.meta.og_site_name, "Site");
  EXPECT_EQ(doc.meta.published_time, "2024-01-02");
  EXPECT_EQ(doc.meta.jsonld_headline, "LD head");
  EXPECT_EQ(doc.meta.jsonld_date_published, "2024-01-03");
  EXPECT_EQ(doc.meta.jsonld_publisher, "Pub");
  ASSERT_EQ(doc.meta.time_datetimes.size(), 1u);
  EXPECT_EQ(doc.meta.time_datetimes[0].second, "2024-01-04T10:00");
}

TEST(ExtractHtmlTest, DeepNestingDoesNotOverflowTheWalker) {
  std::string html;
  for (int i = 0; i < 20000; ++i) html += "<span>";
  html += "deep";
  EXPECT_THAT(Texts(ExtractHtml(html)), ::testing::ElementsAre("deep"));
}

// What the parser must repair for the cleaner: paragraphs and list items
// left open, inline tags closed in the wrong order, text after a form in the
// same block, entities with and without names, a page without <html>,
// <head> or <body>.
TEST(ExtractHtmlTest, RepairsTagSoupIntoBlocks) {
  HtmlDocument doc = ExtractHtml(
      "<title>T</title><p>First <b>bold <i>both</b> italic</i> end"
      "<p>Second&nbsp;&mdash; &#8220;q&#x201D; &laquo;k&raquo; AT&amp;T"
      "<ul><li>one<li>two</ul>"
      "<div><form><input name=q> Search the site</form>After form</div>");
  EXPECT_EQ(doc.meta.title_tag, "T");
  EXPECT_THAT(Texts(doc),
              ::testing::ElementsAre(
                  "First bold both italic end",
                  "Second\xC2\xA0\xE2\x80\x94 \xE2\x80\x9Cq\xE2\x80\x9D "
                  "\xC2\xABk\xC2\xBB AT&T",
                  "one", "two", "After form"));
}

TEST(ExtractHtmlTest, PreKeepsLineBreaks) {
  HtmlDocument doc = ExtractHtml("<pre>a  b\nc</pre>");
  EXPECT_THAT(Texts(doc), ::testing::ElementsAre("a  b\nc"));
}

}  // namespace
}  // namespace cleaning
}  // namespace newsgraph
