// Per-token string forms used by the NER features and the gazetteer: a
// lower-cased, quote-normalized form and a word shape. Both are written into
// caller-provided fixed buffers so the tagging hot path never allocates.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_WORD_FORM_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_WORD_FORM_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace newsgraph::ner {

// Longest lower-cased form kept; longer tokens keep their first
// kMaxLowerBytes / 2 and last kMaxLowerBytes / 2 bytes (URLs, junk).
inline constexpr size_t kMaxLowerBytes = 64;
// Longest word shape kept.
inline constexpr size_t kMaxShapeBytes = 12;

// Writes the lower-cased form of `token` into `out` (capacity
// kMaxLowerBytes) and returns its length. Lower-cases ASCII, Latin-1 and
// Cyrillic capitals; maps curly apostrophes to ' and curly double quotes,
// « and » to ".
size_t LowerForm(std::string_view token, char* out);

// Convenience for tests and tools (allocates).
std::string LowerForm(std::string_view token);

// Writes the shape of `token` into `shape` (capacity kMaxShapeBytes): X for
// an upper-case letter, x for a lower-case letter (any non-ASCII letter
// counts as lower case unless it is a Latin-1 or Cyrillic capital), d for a
// digit, other ASCII characters as themselves. Returns the length. When
// `short_shape` is non-null it also receives the shape with runs collapsed
// ("Xxxxx" -> "Xx"); its length is stored in `*short_len`.
size_t WordShape(std::string_view token, char* shape, char* short_shape,
                 size_t* short_len);

// Character classes of a token, as bit flags.
enum WordFlag : uint32_t {
  kFlagInitCap = 1 << 0,    // first letter is upper case
  kFlagAllCaps = 1 << 1,    // two or more letters, all upper case
  kFlagAllLower = 1 << 2,   // has letters, none upper case
  kFlagMixedCaps = 1 << 3,  // an upper-case letter after the first character
  kFlagHasDigit = 1 << 4,
  kFlagAllDigits = 1 << 5,  // digits and separators only
  kFlagHasHyphen = 1 << 6,
  kFlagHasPeriod = 1 << 7,
  kFlagPunct = 1 << 8,      // no letter and no digit
  kFlagNonAscii = 1 << 9,
};

uint32_t WordFlags(std::string_view token);

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_WORD_FORM_H_
