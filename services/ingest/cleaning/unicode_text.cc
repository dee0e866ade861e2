#include "services/ingest/cleaning/unicode_text.h"

#include <cstdint>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "unicode/bytestream.h"
#include "unicode/normalizer2.h"
#include "unicode/stringpiece.h"
#include "unicode/utypes.h"

namespace newsgraph {
namespace cleaning {
namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHigh = 0x8080808080808080ULL;

inline uint64_t Load8(const char* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof(word));
  return word;
}

// True when all 8 bytes at p are ASCII; used to skip plain runs quickly.
inline bool AllAscii8(const char* p) { return (Load8(p) & kHigh) == 0; }

// True when all 8 bytes of `word` are printable ASCII (0x20..0x7E). The
// borrow of a byte below 0x20 can only flag bytes above it, so "none" is
// exact.
inline bool AllPrintableAscii8(uint64_t word) {
  const uint64_t below_space = (word - kOnes * 0x20) & ~word;
  const uint64_t x = word ^ (kOnes * 0x7F);
  const uint64_t is_del = (x - kOnes) & ~x;
  return ((word | below_space | is_del) & kHigh) == 0;
}

// High bit set in each byte of `word` that is a space (exact per byte).
inline uint64_t SpaceBytes(uint64_t word) {
  const uint64_t t = word ^ (kOnes * ' ');
  return ~(((t & ~kHigh) + ~kHigh) | t) & kHigh;
}

// What NormalizeUnicode does with one non-ASCII code point.
enum class CharAction { kKeep, kSpace, kNewline, kRemove };

CharAction ActionFor(char32_t cp) {
  if (cp < 0xA0) {
    if (cp == 0x85) return CharAction::kNewline;  // NEL
    return CharAction::kRemove;                   // C1 controls
  }
  if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
      cp == 0x202F || cp == 0x205F || cp == 0x3000) {
    return CharAction::kSpace;
  }
  if (cp == 0x2028 || cp == 0x2029) return CharAction::kNewline;
  if (cp == 0x00AD || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
      (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
      (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF) {
    return CharAction::kRemove;
  }
  return CharAction::kKeep;
}

// Code points that are NFC whatever surrounds them: their NFC quick check
// is Yes and they neither compose with a following character nor are
// combining marks (which are outside these blocks). Latin-1, Latin
// Extended-A/B, IPA and spacing modifiers, basic Cyrillic, general
// punctuation (dashes, curly quotes, bullets, ellipsis) and currency signs
// (₸, €). Text made of these and ASCII needs no ICU pass.
bool NfcStable(char32_t cp) {
  if (cp >= 0x00A0 && cp <= 0x02FF) {
    // Letters that start canonical compositions with a following combining
    // mark are still stable: a combining mark would itself need ICU.
    return true;
  }
  return (cp >= 0x0400 && cp <= 0x04FF) || (cp >= 0x2010 && cp <= 0x205E) ||
         (cp >= 0x20A0 && cp <= 0x20BF);
}

// Latin look-alike of a Cyrillic letter, or 0 when it has none.
char HomoglyphFor(char32_t cp) {
  switch (cp) {
    case 0x0430: return 'a';
    case 0x0435: return 'e';
    case 0x043E: return 'o';
    case 0x0440: return 'p';
    case 0x0441: return 'c';
    case 0x0443: return 'y';
    case 0x0445: return 'x';
    case 0x0455: return 's';
    case 0x0456: return 'i';
    case 0x0458: return 'j';
    case 0x04BB: return 'h';
    case 0x04CF: return 'l';
    case 0x0501: return 'd';
    case 0x051B: return 'q';
    case 0x051D: return 'w';
    case 0x0410: return 'A';
    case 0x0412: return 'B';
    case 0x0415: return 'E';
    case 0x041A: return 'K';
    case 0x041C: return 'M';
    case 0x041D: return 'H';
    case 0x041E: return 'O';
    case 0x0420: return 'P';
    case 0x0421: return 'C';
    case 0x0422: return 'T';
    case 0x0423: return 'Y';
    case 0x0425: return 'X';
    case 0x0405: return 'S';
    case 0x0406: return 'I';
    case 0x0408: return 'J';
    case 0x04AE: return 'Y';
    case 0x051A: return 'Q';
    case 0x051C: return 'W';
    default: return 0;
  }
}

bool IsLatinLetter(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
         (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

bool IsCyrillicLetter(char32_t cp) { return cp >= 0x400 && cp <= 0x52F; }

// Repairs homoglyphs in one word (a run of Latin/Cyrillic letters) of `in`
// [begin, end), appending the word to `out`.
void AppendWordRepaired(std::string_view in, size_t begin, size_t end,
                        int latin, int cyrillic, int mappable,
                        CleanedLine* out) {
  const bool repair = latin > 0 && cyrillic > 0 && mappable == cyrillic &&
                      latin >= cyrillic;
  if (!repair) {
    out->text.append(in.substr(begin, end - begin));
    return;
  }
  size_t pos = begin;
  while (pos < end) {
    size_t len = 1;
    char32_t cp = DecodeUtf8(in, pos, &len);
    char latin_char = IsCyrillicLetter(cp) ? HomoglyphFor(cp) : 0;
    if (latin_char != 0) {
      TextRepair repair_record;
      repair_record.begin = static_cast<uint32_t>(out->text.size());
      repair_record.end = repair_record.begin + 1;
      repair_record.original = std::string(in.substr(pos, len));
      repair_record.replacement = std::string(1, latin_char);
      repair_record.reason = kHomoglyphRepairReason;
      out->repairs.push_back(std::move(repair_record));
      out->text.push_back(latin_char);
    } else {
      out->text.append(in.substr(pos, len));
    }
    pos += len;
  }
}

}  // namespace

char32_t DecodeUtf8(std::string_view text, size_t pos, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  auto cont = [&](size_t i) -> char32_t {
    return pos + i < text.size()
               ? static_cast<unsigned char>(text[pos + i]) & 0x3F
               : 0;
  };
  if (c < 0xE0) {
    *len = 2;
    return ((c & 0x1F) << 6) | cont(1);
  }
  if (c < 0xF0) {
    *len = 3;
    return ((c & 0x0F) << 12) | (cont(1) << 6) | cont(2);
  }
  *len = 4;
  return ((c & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t CountCodePoints(std::string_view text) {
  // Every byte but the continuation bytes (10xxxxxx) starts a code point.
  size_t continuations = 0;
  size_t i = 0;
  const size_t n = text.size();
  for (; i + 8 <= n; i += 8) {
    const uint64_t word = Load8(text.data() + i);
    // 0 or 1 per byte; the multiplication sums the eight bytes into the
    // top one (no popcount instruction in the baseline x86-64 target).
    const uint64_t marks = (word & ~(word << 1) & kHigh) >> 7;
    continuations += (marks * kOnes) >> 56;
  }
  for (; i < n; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++continuations;
  }
  return n - continuations;
}

size_t FindInvalidUtf8(std::string_view text) {
  const size_t n = text.size();
  const unsigned char* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n && AllAscii8(text.data() + i)) {
      i += 8;
      continue;
    }
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + need >= n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k <= need; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
    }
    i += need + 1;
  }
  return kValidUtf8;
}

absl::StatusOr<std::string> NormalizeUnicode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool non_ascii = false;  // holds a code point that may need NFC work
  const size_t n = text.size();
  size_t i = 0;
  size_t run_start = 0;  // start of a pending run of bytes copied verbatim
  auto flush = [&](size_t upto) {
    if (upto > run_start) out.append(text.data() + run_start, upto - run_start);
  };
  while (i < n) {
    if (i + 8 <= n && AllPrintableAscii8(Load8(text.data() + i))) {
      i += 8;  // fast path: 8 printable ASCII bytes are kept as they are
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c >= 0x20 && c < 0x7F) || c == '\n') {
      ++i;  // kept as it is
      continue;
    }
    if (c < 0x80) {
      flush(i);
      if (c == '\r') {
        out.push_back('\n');
        if (i + 1 < n && text[i + 1] == '\n') ++i;
      } else if (c == '\t' || c == '\v' || c == '\f') {
        out.push_back(' ');
      }  // other C0 controls and DEL are dropped
      ++i;
      run_start = i;
      continue;
    }
    size_t len = 1;
    const char32_t cp = DecodeUtf8(text, i, &len);
    const CharAction action = ActionFor(cp);
    if (action == CharAction::kKeep) {
      if (!NfcStable(cp)) non_ascii = true;
      i += len;
      continue;
    }
    flush(i);
    if (action == CharAction::kSpace) out.push_back(' ');
    if (action == CharAction::kNewline) out.push_back('\n');
    i += len;
    run_start = i;
  }
  flush(n);
  // ASCII and the NFC-stable blocks below are always NFC: skip ICU.
  if (!non_ascii) return out;

  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    return absl::InternalError(
        absl::StrCat("ICU NFC normalizer unavailable: ", u_errorName(status)));
  }
  if (nfc->isNormalizedUTF8(icu::StringPiece(out.data(), out.size()), status) &&
      U_SUCCESS(status)) {
    return out;
  }
  status = U_ZERO_ERROR;
  std::string normalized;
  normalized.reserve(out.size());
  icu::StringByteSink<std::string> sink(&normalized);
  nfc->normalizeUTF8(0, icu::StringPiece(out.data(), out.size()), sink,
                     nullptr, status);
  if (U_FAILURE(status)) {
    return absl::InternalError(
        absl::StrCat("ICU NFC normalization failed: ", u_errorName(status)));
  }
  return normalized;
}

CleanedLine CleanLine(std::string_view line) {
  CleanedLine out;
  size_t b = 0, e = line.size();
  while (b < e && line[b] == ' ') ++b;
  while (e > b && line[e - 1] == ' ') --e;
  const std::string_view core = line.substr(b, e - b);
  // One pass finds what the rest needs: runs of spaces to collapse and
  // Cyrillic letters (lead bytes 0xD0..0xD4) for the homoglyph repair.
  // Eight bytes at a time; text is mostly ASCII with single spaces.
  bool double_space = false, cyrillic = false;
  {
    const char* p = core.data();
    const size_t n = core.size();
    size_t i = 0;
    uint64_t carry = 0;  // high bit of byte 0: the byte before was a space
    for (; i + 8 <= n; i += 8) {
      const uint64_t word = Load8(p + i);
      const uint64_t spaces = SpaceBytes(word);
      if ((spaces & ((spaces << 8) | carry)) != 0) double_space = true;
      carry = spaces >> 56;
      if ((word & kHigh) != 0 && !cyrillic) {
        for (size_t k = 0; k < 8; ++k) {
          const unsigned char u = static_cast<unsigned char>(p[i + k]);
          if (u >= 0xD0 && u <= 0xD4) cyrillic = true;
        }
      }
    }
    bool prev_space = carry != 0;
    for (; i < n; ++i) {
      const unsigned char u = static_cast<unsigned char>(p[i]);
      if (u == ' ' && prev_space) double_space = true;
      prev_space = u == ' ';
      if (u >= 0xD0 && u <= 0xD4) cyrillic = true;
    }
  }
  std::string collapsed;
  if (!double_space) {
    collapsed.assign(core.data(), core.size());
  } else {
    collapsed.reserve(core.size());
    for (size_t i = 0; i < core.size(); ++i) {
      if (core[i] == ' ' && i > 0 && core[i - 1] == ' ') {
        // The second space of a run: count the run once.
        if (i < 2 || core[i - 2] != ' ') ++out.space_runs;
        continue;
      }
      collapsed.push_back(core[i]);
    }
  }
  if (!cyrillic) {
    out.text = std::move(collapsed);
    return out;
  }
  out.text.reserve(collapsed.size());
  // Walk words (runs of Latin or Cyrillic letters) and repair mixed ones.
  const std::string_view in(collapsed);
  size_t pos = 0;
  while (pos < in.size()) {
    size_t len = 1;
    char32_t cp = DecodeUtf8(in, pos, &len);
    if (!IsLatinLetter(cp) && !IsCyrillicLetter(cp)) {
      out.text.append(in.substr(pos, len));
      pos += len;
      continue;
    }
    const size_t word_begin = pos;
    int latin = 0, cyrillic = 0, mappable = 0;
    while (pos < in.size()) {
      cp = DecodeUtf8(in, pos, &len);
      if (IsLatinLetter(cp)) {
        ++latin;
      } else if (IsCyrillicLetter(cp)) {
        ++cyrillic;
        if (HomoglyphFor(cp) != 0) ++mappable;
      } else {
        break;
      }
      pos += len;
    }
    AppendWordRepaired(in, word_begin, pos, latin, cyrillic, mappable, &out);
  }
  return out;
}

}  // namespace cleaning
}  // namespace newsgraph
