#include "common/text/tokenizer.h"

#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Texts(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(text)) out.emplace_back(t.text(text));
  return out;
}

std::vector<TokenKind> Kinds(std::string_view text) {
  std::vector<TokenKind> out;
  for (const Token& t : Tokenize(text)) out.push_back(t.kind);
  return out;
}

std::vector<std::string> SentenceTexts(std::string_view text) {
  std::vector<Token> tokens = Tokenize(text);
  std::vector<std::string> out;
  for (const Sentence& s : SplitSentences(text, tokens)) {
    uint32_t b = tokens[s.first_token].begin;
    uint32_t e = tokens[s.end_token - 1].end;
    out.emplace_back(text.substr(b, e - b));
  }
  return out;
}

TEST(TokenizerTest, EmptyAndWhitespace) {
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(Tokenize(" \n\t\xC2\xA0 ").empty());
  EXPECT_TRUE(SplitSentences("", {}).empty());
}

TEST(TokenizerTest, OffsetsAndSpaces) {
  std::string_view text = "Health  Minister";
  std::vector<Token> tokens = Tokenize(text);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].begin, 0u);
  EXPECT_EQ(tokens[0].end, 6u);
  EXPECT_FALSE(tokens[0].space_before);
  EXPECT_TRUE(tokens[0].starts_paragraph);
  EXPECT_EQ(tokens[1].begin, 8u);
  EXPECT_EQ(tokens[1].end, 16u);
  EXPECT_TRUE(tokens[1].space_before);
  EXPECT_FALSE(tokens[1].starts_paragraph);
}

TEST(TokenizerTest, HyphenatedNames) {
  EXPECT_THAT(Texts("Nur-Daulet Abenov visited Nur-Sultan."),
              ElementsAre("Nur-Daulet", "Abenov", "visited", "Nur-Sultan", "."));
}

TEST(TokenizerTest, PossessiveSplitsOff) {
  EXPECT_THAT(Texts("Shymkent’s governor"),
              ElementsAre("Shymkent", "’s", "governor"));
  EXPECT_THAT(Texts("Shymkent's governor"),
              ElementsAre("Shymkent", "'s", "governor"));
  EXPECT_THAT(Kinds("Shymkent's"),
              ElementsAre(TokenKind::kWord, TokenKind::kWord));
  // Inner apostrophes that are not possessives stay in the word.
  EXPECT_THAT(Texts("O'Brien don't"), ElementsAre("O'Brien", "don't"));
  // A plural possessive apostrophe is punctuation.
  EXPECT_THAT(Texts("doctors' salaries"),
              ElementsAre("doctors", "'", "salaries"));
}

TEST(TokenizerTest, AbbreviationsKeepTheirPeriod) {
  EXPECT_THAT(Texts("the U.S. embassy"), ElementsAre("the", "U.S.", "embassy"));
  EXPECT_THAT(Texts("on Sept. 5"), ElementsAre("on", "Sept.", "5"));
  EXPECT_THAT(Texts("Oct. 3"), ElementsAre("Oct.", "3"));
  EXPECT_THAT(Texts("Dr. Abenov"), ElementsAre("Dr.", "Abenov"));
  EXPECT_THAT(Texts("N. Abenov"), ElementsAre("N.", "Abenov"));
  EXPECT_THAT(Texts("Hospital No. 2"), ElementsAre("Hospital", "No.", "2"));
  // "no" at the end of a sentence is a word and a period.
  EXPECT_THAT(Texts("He said no."), ElementsAre("He", "said", "no", "."));
  // Ordinary words do not keep the period.
  EXPECT_THAT(Texts("in May."), ElementsAre("in", "May", "."));
}

TEST(TokenizerTest, CurrencyPrefixes) {
  EXPECT_THAT(Texts("US$3.5 million"), ElementsAre("US$", "3.5", "million"));
  EXPECT_THAT(Kinds("US$3.5"),
              ElementsAre(TokenKind::kSymbol, TokenKind::kNumber));
  EXPECT_THAT(Texts("$4 billion"), ElementsAre("$", "4", "billion"));
  EXPECT_THAT(Kinds("$4"), ElementsAre(TokenKind::kSymbol, TokenKind::kNumber));
  EXPECT_THAT(Texts("5000₸"), ElementsAre("5000", "₸"));
  EXPECT_THAT(Texts("€20"), ElementsAre("€", "20"));
}

TEST(TokenizerTest, Numbers) {
  EXPECT_THAT(Texts("86,412 cases"), ElementsAre("86,412", "cases"));
  EXPECT_THAT(Kinds("86,412"), ElementsAre(TokenKind::kNumber));
  EXPECT_THAT(Texts("14.2 million."), ElementsAre("14.2", "million", "."));
  EXPECT_THAT(Texts("47%"), ElementsAre("47", "%"));
  EXPECT_THAT(Kinds("47%"), ElementsAre(TokenKind::kNumber, TokenKind::kSymbol));
  EXPECT_THAT(Texts("in 2024, 1,850 nurses"),
              ElementsAre("in", "2024", ",", "1,850", "nurses"));
  EXPECT_THAT(Texts("ended 2020."), ElementsAre("ended", "2020", "."));
  EXPECT_THAT(Texts("2024-03-14"), ElementsAre("2024", "-", "03", "-", "14"));
  EXPECT_THAT(Texts("09:40"), ElementsAre("09", ":", "40"));
}

TEST(TokenizerTest, WordsWithDigits) {
  EXPECT_THAT(Texts("COVID-19 cases"), ElementsAre("COVID-19", "cases"));
  EXPECT_THAT(Kinds("COVID-19"), ElementsAre(TokenKind::kWord));
  EXPECT_THAT(Texts("the 2nd wave"), ElementsAre("the", "2nd", "wave"));
  EXPECT_THAT(Texts("a 45-year-old man"),
              ElementsAre("a", "45-year-old", "man"));
}

TEST(TokenizerTest, QuotesAndDashes) {
  EXPECT_THAT(Texts("«quoted»"), ElementsAre("«", "quoted", "»"));
  EXPECT_THAT(Texts("“We will,” he said"),
              ElementsAre("“", "We", "will", ",", "”", "he", "said"));
  EXPECT_THAT(Texts("Astana—the capital"),
              ElementsAre("Astana", "—", "the", "capital"));
  EXPECT_THAT(Texts("2019–2021"), ElementsAre("2019", "–", "2021"));
  EXPECT_THAT(Kinds("—"), ElementsAre(TokenKind::kPunctuation));
  EXPECT_THAT(Texts("wait... now"), ElementsAre("wait", "...", "now"));
}

TEST(TokenizerTest, UrlsAndEmails) {
  EXPECT_THAT(Texts("see https://example.kz/news?id=5."),
              ElementsAre("see", "https://example.kz/news?id=5", "."));
  EXPECT_THAT(Kinds("https://example.kz/a"), ElementsAre(TokenKind::kUrl));
  EXPECT_THAT(Texts("(www.gov.kz)"), ElementsAre("(", "www.gov.kz", ")"));
  EXPECT_THAT(Texts("Photo | example.kz"),
              ElementsAre("Photo", "|", "example.kz"));
  EXPECT_THAT(Kinds("example.kz"), ElementsAre(TokenKind::kUrl));
  EXPECT_THAT(Texts("write to press@health.gov.kz today"),
              ElementsAre("write", "to", "press@health.gov.kz", "today"));
  EXPECT_THAT(Kinds("press@health.gov.kz"), ElementsAre(TokenKind::kEmail));
  // A missing space after a period is not a host name.
  EXPECT_THAT(Texts("ended.The"), ElementsAre("ended", ".", "The"));
}

TEST(TokenizerTest, CyrillicAndKazakh) {
  EXPECT_THAT(Texts("Main | Қаз | Рус | Eng"),
              ElementsAre("Main", "|", "Қаз", "|", "Рус", "|", "Eng"));
  EXPECT_THAT(Texts("Өскемен, Алматы."),
              ElementsAre("Өскемен", ",", "Алматы", "."));
  // A Cyrillic "с" inside an English word does not split it.
  EXPECT_THAT(Texts("mediсal care"), ElementsAre("mediсal", "care"));
}

TEST(TokenizerTest, InvalidUtf8BecomesSymbols) {
  std::string text = "ab\xFF\xC3 cd";
  std::vector<Token> tokens = Tokenize(text);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].text(text), "ab");
  EXPECT_EQ(tokens[1].text(text), "\xFF");
  EXPECT_EQ(tokens[1].kind, TokenKind::kSymbol);
  EXPECT_EQ(tokens[2].text(text), "\xC3");
  EXPECT_EQ(tokens[3].text(text), "cd");
}

TEST(TokenizerTest, ParagraphStarts) {
  std::string_view text = "First line.\nSecond line.\n\n  Third para.";
  std::vector<Token> tokens = Tokenize(text);
  std::vector<std::string> paragraph_starts;
  std::vector<std::string> line_starts;
  for (const Token& t : tokens) {
    if (t.starts_paragraph) paragraph_starts.emplace_back(t.text(text));
    if (t.starts_line) line_starts.emplace_back(t.text(text));
  }
  EXPECT_THAT(paragraph_starts, ElementsAre("First", "Third"));
  EXPECT_THAT(line_starts, ElementsAre("First", "Second", "Third"));
}

TEST(SentenceSplitterTest, BasicSentences) {
  EXPECT_THAT(SentenceTexts("The ministry met. It agreed! Why? Yes."),
              ElementsAre("The ministry met.", "It agreed!", "Why?", "Yes."));
}

TEST(SentenceSplitterTest, NoSplitAfterTitlesAndInitials) {
  EXPECT_THAT(SentenceTexts("Dr. Abenov arrived. N. Abenov said it works."),
              ElementsAre("Dr. Abenov arrived.", "N. Abenov said it works."));
  EXPECT_THAT(SentenceTexts("It opened on Oct. 3 in Astana. Then it closed."),
              ElementsAre("It opened on Oct. 3 in Astana.", "Then it closed."));
  EXPECT_THAT(SentenceTexts("The U.S. Embassy said so. We agree."),
              ElementsAre("The U.S. Embassy said so.", "We agree."));
  EXPECT_THAT(SentenceTexts("He grew 14.2 percent. Good."),
              ElementsAre("He grew 14.2 percent.", "Good."));
}

TEST(SentenceSplitterTest, AbbreviationCanEndSentence) {
  EXPECT_THAT(SentenceTexts("He moved to the U.S. The family followed."),
              ElementsAre("He moved to the U.S.", "The family followed."));
}

TEST(SentenceSplitterTest, ClosingQuotes) {
  EXPECT_THAT(SentenceTexts("“We will build it.” The minister left."),
              ElementsAre("“We will build it.”", "The minister left."));
  EXPECT_THAT(SentenceTexts("“Is it ready?” he asked. Yes."),
              ElementsAre("“Is it ready?” he asked.", "Yes."));
  EXPECT_THAT(SentenceTexts("«Done!» – said Abenov."),
              ElementsAre("«Done!» – said Abenov."));
}

TEST(SentenceSplitterTest, ParagraphsAndLines) {
  EXPECT_THAT(SentenceTexts("Headline without period\n\nBody starts here. "
                            "Second one"),
              ElementsAre("Headline without period", "Body starts here.",
                          "Second one"));
  EXPECT_THAT(SentenceTexts("date 2024-03-14 Photo | example.kz\nMinister visits"),
              ElementsAre("date 2024-03-14 Photo | example.kz",
                          "Minister visits"));
  // A hard-wrapped line continuing in lower case stays in its sentence.
  EXPECT_THAT(SentenceTexts("The minister said\nthat it works."),
              ElementsAre("The minister said\nthat it works."));
}

TEST(SentenceSplitterTest, SentencesCoverAllTokensInOrder) {
  std::string_view text = "A. B. C. The end. «Q?» Next — yes.\n\nP2 start";
  std::vector<Token> tokens = Tokenize(text);
  std::vector<Sentence> sentences = SplitSentences(text, tokens);
  uint32_t expected = 0;
  for (const Sentence& s : sentences) {
    EXPECT_EQ(s.first_token, expected);
    EXPECT_LT(s.first_token, s.end_token);
    expected = s.end_token;
  }
  EXPECT_EQ(expected, tokens.size());
}

TEST(NormalizeTermTest, CaseAndDiacritics) {
  EXPECT_EQ(NormalizeTerm("Ministry"), "ministry");
  EXPECT_EQ(NormalizeTerm("COVID-19"), "covid-19");
  EXPECT_EQ(NormalizeTerm("Ä"), "a");
  EXPECT_EQ(NormalizeTerm("Café"), "cafe");
  EXPECT_EQ(NormalizeTerm("Shymkent’s"), "shymkent's");
  EXPECT_EQ(NormalizeTerm("ҚАЗ"), "қаз");
  EXPECT_EQ(NormalizeTerm("Рус"), "рус");
  EXPECT_EQ(NormalizeTerm(""), "");
}

}  // namespace
}  // namespace newsgraph
