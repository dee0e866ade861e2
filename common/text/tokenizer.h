// The tokenizer and sentence splitter shared by extraction (tagging) and
// query (indexing and query parsing), so that both see the same tokens.
//
// Built for news text: hyphenated names ("Nur-Daulet"), possessives
// ("Shymkent’s" -> "Shymkent" + "’s"), abbreviations ("U.S.", "Sept."),
// currency prefixes ("US$3" -> "US$" + "3"), numbers with separators
// ("86,412", "14.2"), percentages ("47" + "%"), guillemets, dashes, URLs and
// e-mail addresses, Cyrillic and Kazakh letters.
//
// Thread-safe: all functions are pure.
#ifndef NEWSGRAPH_COMMON_TEXT_TOKENIZER_H_
#define NEWSGRAPH_COMMON_TEXT_TOKENIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {

enum class TokenKind {
  kWord,         // letters, possibly with inner hyphens/apostrophes/digits
  kNumber,       // 86,412  14.2  2024
  kPunctuation,  // . , ; : ! ? quotes brackets dashes
  kSymbol,       // % $ US$ € ₸ & @ #
  kUrl,
  kEmail,
};

struct Token {
  uint32_t begin = 0;  // UTF-8 byte offsets into the tokenized text
  uint32_t end = 0;
  TokenKind kind = TokenKind::kWord;
  // True when the token follows a line break with a blank line (a paragraph
  // boundary) or starts the text.
  bool starts_paragraph = false;
  // True when a line break precedes the token, or it starts the text.
  bool starts_line = false;
  // True when whitespace separates this token from the previous one.
  bool space_before = false;

  std::string_view text(std::string_view source) const {
    return source.substr(begin, end - begin);
  }
};

struct Sentence {
  uint32_t first_token = 0;  // index into the token vector
  uint32_t end_token = 0;    // one past the last token
};

// Splits `text` (valid UTF-8) into tokens. Never fails; invalid bytes become
// single-byte symbol tokens.
std::vector<Token> Tokenize(std::string_view text);

// Groups tokens into sentences: ends at . ! ? (not after an abbreviation,
// initial or inside a number), at paragraph boundaries and at closing quotes
// that follow sentence punctuation.
std::vector<Sentence> SplitSentences(std::string_view text,
                                     const std::vector<Token>& tokens);

// The form under which a token is indexed and matched: lower case, diacritics
// folded ("Ä" -> "a"), curly apostrophes unified. Query and extraction use it
// for search terms and for case-insensitive lookups.
std::string NormalizeTerm(std::string_view token_text);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_TEXT_TOKENIZER_H_
