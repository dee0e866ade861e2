// Unicode hygiene for article text: UTF-8 validation, the character-level
// normalization every cleaned article goes through (NFC, odd spaces, invisible
// characters, line separators) and the per-line repairs (space collapsing,
// mixed-script homoglyph repair).
//
// The pipeline is split in two because the cleaner works line by line: the
// whole text is normalized once with NormalizeUnicode(), then each line is
// cleaned with CleanLine(), which records its repairs with line-local offsets
// that the cleaner later shifts into clean_text.
//
// Thread-safe: all functions are pure (ICU's NFC instance is immutable).
#ifndef NEWSGRAPH_SERVICES_INGEST_CLEANING_UNICODE_TEXT_H_
#define NEWSGRAPH_SERVICES_INGEST_CLEANING_UNICODE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/model/document.h"

namespace newsgraph {
namespace cleaning {

inline constexpr size_t kValidUtf8 = std::string_view::npos;

// Returns the byte offset of the first byte of the first invalid UTF-8
// sequence in `text` (overlong forms, surrogates, code points above U+10FFFF
// and truncated sequences are invalid), or kValidUtf8 when the whole text is
// valid.
size_t FindInvalidUtf8(std::string_view text);

// Character-level normalization of valid UTF-8 text:
//   - CR LF, CR, NEL, U+2028 and U+2029 become "\n";
//   - tabs, vertical tabs, form feeds, NBSP, the U+2000..U+200A spaces,
//     U+202F, U+205F, U+3000 and U+1680 become a plain space;
//   - zero-width and invisible format characters (ZWSP, ZWNJ, ZWJ, word
//     joiner, BOM, soft hyphen, bidi marks) and other control characters
//     are removed;
//   - the result is put in Unicode NFC (ICU).
// Curly quotes, dashes and all other characters are kept as they are: the
// tokenizer unifies them for matching, the stored text stays faithful.
// REQUIRES: FindInvalidUtf8(text) == kValidUtf8.
absl::StatusOr<std::string> NormalizeUnicode(std::string_view text);

// One line after CleanLine(): runs of spaces collapsed, trimmed, homoglyphs
// repaired. `repairs` offsets are byte offsets into `text`.
struct CleanedLine {
  std::string text;
  std::vector<TextRepair> repairs;
  // Runs of two or more spaces inside the trimmed input line (before they
  // were collapsed): wide gaps lay out menus in columns.
  int space_runs = 0;
};

// Cleans one line of NormalizeUnicode() output (no "\n" inside): collapses
// space runs, trims, and repairs mixed-script words: inside a word made of
// Latin and Cyrillic letters where Latin letters are at least as many as
// Cyrillic ones and every Cyrillic letter has a Latin look-alike ("mediсal"
// with a Cyrillic es), each Cyrillic letter is replaced by the Latin one and
// recorded as a TextRepair with reason kHomoglyphRepairReason. Words that are
// entirely Cyrillic ("Қаз", "Рус") are never touched.
CleanedLine CleanLine(std::string_view line);

inline constexpr char kHomoglyphRepairReason[] = "mixed-script homoglyph";

// Decodes the code point starting at text[pos] of valid UTF-8 and stores its
// length in *len. Exposed for the other cleaning stages.
char32_t DecodeUtf8(std::string_view text, size_t pos, size_t* len);

// Appends the UTF-8 encoding of `cp` to `out`.
void AppendUtf8(char32_t cp, std::string* out);

// Number of code points of valid UTF-8 `text`.
size_t CountCodePoints(std::string_view text);

}  // namespace cleaning
}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_INGEST_CLEANING_UNICODE_TEXT_H_
