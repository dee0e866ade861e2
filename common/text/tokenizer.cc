// Tokenizer, sentence splitter and term normalization for news text.
//
// The scanner walks the UTF-8 bytes once. ASCII is classified through a
// 256-entry table; only non-ASCII code points go through ICU's character
// properties, so English news (almost all ASCII) stays on the fast path.

#include "common/text/tokenizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <array>
#include <cstring>

#include "absl/strings/ascii.h"

namespace newsgraph {
namespace {

// ---------------------------------------------------------------------------
// UTF-8 decoding.

// Decodes one code point at `p` (p < end). Returns its length in bytes and
// stores the code point in `*cp`; returns 0 for an invalid sequence (overlong
// forms, surrogates, values above U+10FFFF, truncated sequences).
inline int DecodeUtf8(const unsigned char* p, const unsigned char* end,
                      char32_t* cp) {
  unsigned char c = p[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  int len;
  char32_t v;
  char32_t min;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    v = c & 0x1F;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    v = c & 0x0F;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    v = c & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (end - p < len) return 0;
  for (int i = 1; i < len; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (p[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

// ---------------------------------------------------------------------------
// Character classes.

enum class CharClass : uint8_t {
  kSpace,       // separates tokens
  kNewline,     // separates tokens and counts towards paragraph breaks
  kJoiner,      // soft hyphen, ZWJ/ZWNJ: invisible, kept inside words
  kLetter,      // letters and combining marks
  kDigit,       // ASCII digits
  kHyphen,      // '-' and Unicode hyphens that may join word parts
  kApostrophe,  // ' ’ ʼ: inner apostrophes and the possessive
  kPeriod,      // '.'
  kPunct,       // other punctuation, quotes, brackets, dashes
  kSymbol,      // currency, math and other symbols
  kInvalid,     // a byte that is not valid UTF-8
};

constexpr std::array<CharClass, 128> MakeAsciiTable() {
  std::array<CharClass, 128> t{};
  for (int c = 0; c < 128; ++c) {
    CharClass k = CharClass::kSymbol;
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r') {
      k = CharClass::kSpace;
    } else if (c == '\n') {
      k = CharClass::kNewline;
    } else if (c < 0x20 || c == 0x7F) {
      k = CharClass::kSpace;  // control characters separate tokens
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      k = CharClass::kLetter;
    } else if (c >= '0' && c <= '9') {
      k = CharClass::kDigit;
    } else if (c == '-') {
      k = CharClass::kHyphen;
    } else if (c == '\'') {
      k = CharClass::kApostrophe;
    } else if (c == '.') {
      k = CharClass::kPeriod;
    } else if (c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
               c == '"' || c == '(' || c == ')' || c == '[' || c == ']' ||
               c == '{' || c == '}' || c == '`') {
      k = CharClass::kPunct;
    }
    t[c] = k;
  }
  return t;
}

constexpr std::array<CharClass, 128> kAsciiClass = MakeAsciiTable();

CharClass ClassifyNonAscii(char32_t c) {
  switch (c) {
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
    case 0x200B: case 0xFEFF: case 0x0085:
      return CharClass::kSpace;
    case 0x2028: case 0x2029:
      return CharClass::kNewline;
    case 0x00AD: case 0x200C: case 0x200D: case 0x2060:
      return CharClass::kJoiner;
    case 0x2010: case 0x2011:
      return CharClass::kHyphen;
    case 0x2019: case 0x02BC:
      return CharClass::kApostrophe;
    default:
      break;
  }
  if (c >= 0x2000 && c <= 0x200A) return CharClass::kSpace;
  int8_t type = u_charType(static_cast<UChar32>(c));
  switch (type) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_DECIMAL_DIGIT_NUMBER:  // non-ASCII digits behave as word letters
    case U_LETTER_NUMBER:
      return CharClass::kLetter;
    case U_SPACE_SEPARATOR:
      return CharClass::kSpace;
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
      return CharClass::kNewline;
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
      return CharClass::kSpace;
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
      return CharClass::kPunct;
    default:
      return CharClass::kSymbol;
  }
}

// A cursor over the text that decodes and classifies one code point at a time.
struct CharInfo {
  CharClass cls = CharClass::kInvalid;
  char32_t cp = 0;
  int len = 0;  // 0 at end of text
};

class Scanner {
 public:
  explicit Scanner(std::string_view text)
      : begin_(reinterpret_cast<const unsigned char*>(text.data())),
        end_(begin_ + text.size()) {}

  size_t size() const { return static_cast<size_t>(end_ - begin_); }

  // Classifies the code point at byte offset `pos`.
  CharInfo At(size_t pos) const {
    CharInfo info;
    if (pos >= size()) return info;
    const unsigned char* p = begin_ + pos;
    if (*p < 0x80) {
      info.cp = *p;
      info.len = 1;
      info.cls = kAsciiClass[*p];
      return info;
    }
    char32_t cp;
    int len = DecodeUtf8(p, end_, &cp);
    if (len == 0) {
      info.cp = *p;
      info.len = 1;
      info.cls = CharClass::kInvalid;
      return info;
    }
    info.cp = cp;
    info.len = len;
    info.cls = ClassifyNonAscii(cp);
    return info;
  }

  unsigned char Byte(size_t pos) const {
    return pos < size() ? begin_[pos] : 0;
  }

 private:
  const unsigned char* begin_;
  const unsigned char* end_;
};

inline bool IsWordChar(CharClass c) {
  return c == CharClass::kLetter || c == CharClass::kDigit ||
         c == CharClass::kJoiner;
}

inline bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

inline bool IsAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Debian's Abseil string_view is its own type, not std::string_view, so the
// few ASCII helpers needed here are local.
bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (absl::ascii_tolower(static_cast<unsigned char>(a[i])) !=
        absl::ascii_tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

inline bool IsAsciiLower(unsigned char c) { return c >= 'a' && c <= 'z'; }

// ---------------------------------------------------------------------------
// Abbreviations.

// Abbreviations that keep their period when followed by one ("Dr.", "Sept.").
// Lower case, without the period.
constexpr std::string_view kAbbreviations[] = {
    // titles
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj",
    "adm", "gov", "sen", "rep", "rev", "st", "jr", "sr", "hon", "pres", "messrs",
    "mme", "mlle", "cmdr", "supt", "insp", "amb", "atty",
    // months ("may" is a word, never an abbreviation)
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec",
    // weekdays (not "sun" and "sat", which are words)
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
    // organizations and others
    "inc", "ltd", "co", "corp", "llc", "plc", "dept", "univ", "assn", "bros",
    "etc", "vs", "approx", "est", "fig", "vol", "tel", "ext", "ave", "blvd",
    "rd", "mt", "sq", "cf", "al", "ca", "nos"};

// Abbreviations that often end a sentence ("... Kazakhstan Temir Zholy Inc.").
constexpr std::string_view kSentenceFinalAbbreviations[] = {
    "inc", "ltd", "co", "corp", "llc", "plc", "etc", "bros", "al"};

bool InList(std::string_view lower_word, const std::string_view* list,
            size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (list[i] == lower_word) return true;
  }
  return false;
}

// Lower-cases an ASCII word of up to 7 bytes into `buf`; returns "" if the
// word is longer or not ASCII.
std::string_view LowerShortAscii(std::string_view word, char* buf) {
  if (word.empty() || word.size() > 7) return {};
  for (size_t i = 0; i < word.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    if (c >= 0x80) return {};
    buf[i] = static_cast<char>(absl::ascii_tolower(c));
  }
  return std::string_view(buf, word.size());
}


// Top-level domains accepted for bare host names ("example.kz") so that a
// missing space after a period ("end.The") is not taken for a URL.
constexpr std::string_view kTopLevelDomains[] = {
    "com", "org", "net", "edu", "gov", "int", "info", "biz", "io", "news",
    "kz", "ru", "kg", "uz", "tj", "tm", "az", "ge", "am", "by", "ua", "cn",
    "uk", "de", "fr", "eu", "us", "tr", "in", "jp", "kr", "me", "tv", "co"};

bool IsTopLevelDomain(std::string_view label) {
  return InList(label, kTopLevelDomains, std::size(kTopLevelDomains));
}

// ---------------------------------------------------------------------------
// The tokenizer proper.

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text), scan_(text) {}

  std::vector<Token> Run() {
    std::vector<Token> tokens;
    tokens.reserve(text_.size() / 5 + 4);
    size_t pos = 0;
    const size_t n = text_.size();
    int newlines = 0;
    bool space = false;
    bool first = true;
    while (pos < n) {
      CharInfo ci = scan_.At(pos);
      if (ci.cls == CharClass::kSpace || ci.cls == CharClass::kJoiner) {
        // A lone '\r' counts as a line break; "\r\n" counts once.
        if (ci.cp == '\r' && scan_.Byte(pos + 1) != '\n') ++newlines;
        space = true;
        pos += ci.len;
        continue;
      }
      if (ci.cls == CharClass::kNewline) {
        newlines += ci.cp == 0x2029 ? 2 : 1;
        space = true;
        pos += ci.len;
        continue;
      }
      Token tok;
      tok.begin = static_cast<uint32_t>(pos);
      size_t end = ScanToken(pos, ci, tokens, &tok.kind);
      tok.end = static_cast<uint32_t>(end);
      tok.space_before = space;
      tok.starts_paragraph = first || newlines >= 2;
      tok.starts_line = first || newlines >= 1;
      tokens.push_back(tok);
      first = false;
      newlines = 0;
      space = false;
      pos = end;
    }
    return tokens;
  }

 private:
  // Scans one token starting at `pos` (not whitespace); returns its end.
  size_t ScanToken(size_t pos, const CharInfo& ci,
                   const std::vector<Token>& tokens, TokenKind* kind) {
    switch (ci.cls) {
      case CharClass::kLetter:
        return ScanWordLike(pos, kind);
      case CharClass::kDigit:
        return ScanNumberLike(pos, kind);
      case CharClass::kApostrophe:
        return ScanApostrophe(pos, ci, tokens, kind);
      case CharClass::kPeriod: {
        // A run of periods ("...") is one token.
        size_t end = pos + 1;
        while (scan_.Byte(end) == '.') ++end;
        *kind = TokenKind::kPunctuation;
        return end;
      }
      case CharClass::kHyphen: {
        // "--" stands in for a dash.
        size_t end = pos + ci.len;
        while (scan_.Byte(end) == '-') ++end;
        *kind = TokenKind::kPunctuation;
        return end;
      }
      case CharClass::kPunct:
        *kind = TokenKind::kPunctuation;
        return pos + ci.len;
      case CharClass::kSymbol:
        *kind = TokenKind::kSymbol;
        return pos + ci.len;
      default:  // kInvalid
        *kind = TokenKind::kSymbol;
        return pos + ci.len;
    }
  }

  // A word: letters with inner hyphens, apostrophes and digits; or an URL,
  // e-mail, acronym ("U.S."), abbreviation ("Sept."), initial ("N."),
  // currency prefix ("US$").
  size_t ScanWordLike(size_t pos, TokenKind* kind) {
    unsigned char b = scan_.Byte(pos);
    if (b < 0x80) {
      size_t url_end = TryUrl(pos);
      if (url_end) {
        *kind = TokenKind::kUrl;
        return url_end;
      }
      size_t email_end = TryEmail(pos);
      if (email_end) {
        *kind = TokenKind::kEmail;
        return email_end;
      }
      size_t acronym_end = TryDottedAcronym(pos);
      if (acronym_end) {
        *kind = TokenKind::kWord;
        return acronym_end;
      }
    }
    *kind = TokenKind::kWord;
    size_t end = ScanWordBody(pos);
    std::string_view word = text_.substr(pos, end - pos);
    unsigned char next = scan_.Byte(end);
    if (next == '$' && word.size() <= 3) {
      bool upper = true;
      for (char c : word) upper = upper && c >= 'A' && c <= 'Z';
      if (upper) {  // "US$", "C$", "A$"
        *kind = TokenKind::kSymbol;
        return end + 1;
      }
    }
    if (next == '.') {
      size_t host_end = TryBareHost(pos, end);
      if (host_end) {
        *kind = TokenKind::kUrl;
        return host_end;
      }
      if (KeepsPeriod(word, end)) return end + 1;
    }
    return end;
  }

  // Consumes letters, digits, joiners, and hyphens/apostrophes between word
  // characters. Stops before a possessive "'s".
  size_t ScanWordBody(size_t pos) {
    size_t end = pos;
    for (;;) {
      CharInfo ci = scan_.At(end);
      if (IsWordChar(ci.cls)) {
        end += ci.len;
        continue;
      }
      if (ci.cls == CharClass::kHyphen) {
        CharInfo next = scan_.At(end + ci.len);
        if (next.cls == CharClass::kLetter || next.cls == CharClass::kDigit) {
          end += ci.len;
          continue;
        }
        break;
      }
      if (ci.cls == CharClass::kApostrophe) {
        CharInfo next = scan_.At(end + ci.len);
        if (next.cls != CharClass::kLetter) break;
        if (next.cp == 's' || next.cp == 'S') {
          CharInfo after = scan_.At(end + ci.len + 1);
          if (!IsWordChar(after.cls)) break;  // possessive: split it off
        }
        end += ci.len;
        continue;
      }
      break;
    }
    return end;
  }

  // Whether the period after `word` (which ends at `end`) belongs to it.
  bool KeepsPeriod(std::string_view word, size_t end) {
    // An initial: one upper-case letter ("N. Abenov").
    CharInfo first = scan_.At(end - word.size());
    if (static_cast<size_t>(first.len) == word.size()) {
      if (first.cp < 0x80) return first.cp >= 'A' && first.cp <= 'Z';
      return u_isupper(static_cast<UChar32>(first.cp));
    }
    char buf[8];
    std::string_view lower = LowerShortAscii(word, buf);
    if (lower.empty()) return false;
    if (lower == "no") {
      // "No. 2" but not "He said no."
      size_t p = end + 1;
      while (scan_.Byte(p) == ' ') ++p;
      return IsAsciiDigit(scan_.Byte(p)) && word[0] == 'N';
    }
    return InList(lower, kAbbreviations, std::size(kAbbreviations));
  }

  // "U.S.", "U.N.", "e.g.", "a.m.": single letters each followed by a period,
  // at least two of them. Returns the end or 0.
  size_t TryDottedAcronym(size_t pos) {
    size_t p = pos;
    int letters = 0;
    for (;;) {
      unsigned char c = scan_.Byte(p);
      unsigned char c1 = scan_.Byte(p + 1);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) || c1 != '.') {
        break;
      }
      p += 2;
      ++letters;
    }
    if (letters < 2) return 0;
    // "U.S.-based": the acronym still ends at its last period. A following
    // letter ("U.S.A" without the final period) is not covered.
    return p;
  }

  // "http://...", "https://...", "www....". Returns the end or 0.
  size_t TryUrl(size_t pos) {
    std::string_view rest = text_.substr(pos);
    size_t prefix = 0;
    if (StartsWithIgnoreCase(rest, "https://")) {
      prefix = 8;
    } else if (StartsWithIgnoreCase(rest, "http://")) {
      prefix = 7;
    } else if (StartsWithIgnoreCase(rest, "ftp://")) {
      prefix = 6;
    } else if (StartsWithIgnoreCase(rest, "www.") && rest.size() > 4 &&
               IsAsciiAlnum(static_cast<unsigned char>(rest[4]))) {
      prefix = 4;
    } else {
      return 0;
    }
    size_t end = pos + prefix;
    while (end < text_.size()) {
      CharInfo ci = scan_.At(end);
      if (ci.cls == CharClass::kSpace || ci.cls == CharClass::kNewline ||
          ci.cls == CharClass::kInvalid) {
        break;
      }
      if (ci.cp == '"' || ci.cp == '<' || ci.cp == '>' || ci.cp == 0xAB ||
          ci.cp == 0xBB || ci.cp == 0x201C || ci.cp == 0x201D) {
        break;
      }
      end += ci.len;
    }
    return TrimUrlEnd(pos + prefix, end);
  }

  // Drops trailing sentence punctuation and an unbalanced ')' from a URL.
  size_t TrimUrlEnd(size_t body_begin, size_t end) {
    for (;;) {
      if (end <= body_begin) return body_begin;
      unsigned char c = scan_.Byte(end - 1);
      if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
          c == '?' || c == '\'') {
        --end;
        continue;
      }
      if (c == ')') {
        std::string_view body = text_.substr(body_begin, end - body_begin);
        size_t open = 0, close = 0;
        for (char ch : body) {
          open += ch == '(';
          close += ch == ')';
        }
        if (close > open) {
          --end;
          continue;
        }
      }
      // A curly apostrophe or quote (3 bytes, E2 80 99 / E2 80 9D).
      if (end - body_begin >= 3 && c >= 0x98 && c <= 0x9D &&
          scan_.Byte(end - 2) == 0x80 && scan_.Byte(end - 3) == 0xE2) {
        end -= 3;
        continue;
      }
      return end;
    }
  }

  // "name@example.kz": returns the end or 0.
  size_t TryEmail(size_t pos) {
    // A failed scan covers the rest of its run: any later start inside the
    // run would find the same (missing) '@'. Remembering it keeps runs such
    // as "1-2-3-4-..." linear instead of quadratic.
    if (pos < email_fail_end_) return 0;
    size_t p = pos;
    auto local_char = [](unsigned char c) {
      return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
             c == '-';
    };
    while (local_char(scan_.Byte(p))) ++p;
    if (scan_.Byte(p) != '@' || p == pos) {
      email_fail_end_ = p;
      return 0;
    }
    size_t domain_begin = p + 1;
    size_t q = domain_begin;
    size_t last_dot = 0;
    while (IsAsciiAlnum(scan_.Byte(q)) || scan_.Byte(q) == '-' ||
           (scan_.Byte(q) == '.' && IsAsciiAlnum(scan_.Byte(q + 1)))) {
      if (scan_.Byte(q) == '.') last_dot = q;
      ++q;
    }
    if (last_dot == 0 || last_dot == domain_begin || q - last_dot < 3) return 0;
    return q;
  }

  // "example.kz", "gov.kz/en": a host name ending in a known top-level
  // domain, with an optional path. `word_end` is where the first label ends.
  size_t TryBareHost(size_t pos, size_t word_end) {
    // As in TryEmail: a failed scan of "a.b.c.d..." is not repeated from
    // every label inside it.
    if (pos < host_fail_end_) return 0;
    size_t result = ScanBareHost(pos, word_end);
    if (result == 0) host_fail_end_ = host_scan_end_;
    return result;
  }

  size_t ScanBareHost(size_t pos, size_t word_end) {
    host_scan_end_ = word_end;
    auto label_char = [](unsigned char c) {
      return IsAsciiAlnum(c) || c == '-';
    };
    for (size_t i = pos; i < word_end; ++i) {
      if (!label_char(scan_.Byte(i))) return 0;
    }
    size_t p = word_end;
    size_t host_end = 0;
    while (scan_.Byte(p) == '.' && IsAsciiLower(scan_.Byte(p + 1))) {
      size_t label_begin = p + 1;
      size_t q = label_begin;
      while (label_char(scan_.Byte(q))) ++q;
      std::string_view label = text_.substr(label_begin, q - label_begin);
      if (IsTopLevelDomain(label)) host_end = q;
      p = q;
    }
    host_scan_end_ = p;
    if (host_end == 0 || host_end != p) return 0;
    if (IsAsciiAlnum(scan_.Byte(host_end)) || scan_.Byte(host_end) == '@') {
      return 0;
    }
    if (scan_.Byte(host_end) != '/') return host_end;
    size_t end = host_end;
    while (end < text_.size()) {
      CharInfo ci = scan_.At(end);
      if (ci.cls == CharClass::kSpace || ci.cls == CharClass::kNewline ||
          ci.cls == CharClass::kInvalid || ci.cp == '"' || ci.cp == '<' ||
          ci.cp == '>' || ci.cp > 0x7F) {
        break;
      }
      end += ci.len;
    }
    return TrimUrlEnd(host_end, end);
  }

  // Digits with inner ',' or '.' between digits ("86,412", "14.2"); a number
  // glued to letters is a word ("2nd", "5G", "45-year-old").
  size_t ScanNumberLike(size_t pos, TokenKind* kind) {
    size_t email_end = TryEmail(pos);
    if (email_end) {
      *kind = TokenKind::kEmail;
      return email_end;
    }
    size_t end = pos;
    for (;;) {
      unsigned char c = scan_.Byte(end);
      if (IsAsciiDigit(c)) {
        ++end;
        continue;
      }
      if ((c == ',' || c == '.') && IsAsciiDigit(scan_.Byte(end + 1))) {
        end += 2;
        continue;
      }
      break;
    }
    CharInfo next = scan_.At(end);
    bool glued = next.cls == CharClass::kLetter;
    if (!glued && next.cls == CharClass::kHyphen) {
      glued = scan_.At(end + next.len).cls == CharClass::kLetter;
    }
    if (glued) {
      *kind = TokenKind::kWord;
      return ScanWordBody(end);
    }
    *kind = TokenKind::kNumber;
    return end;
  }

  // An apostrophe: the possessive "'s"/"’s" right after a word or number is
  // its own word token; otherwise the apostrophe is punctuation.
  size_t ScanApostrophe(size_t pos, const CharInfo& ci,
                        const std::vector<Token>& tokens, TokenKind* kind) {
    size_t after = pos + ci.len;
    unsigned char s = scan_.Byte(after);
    if ((s == 's' || s == 'S') && !tokens.empty() && tokens.back().end == pos &&
        (tokens.back().kind == TokenKind::kWord ||
         tokens.back().kind == TokenKind::kNumber) &&
        !IsWordChar(scan_.At(after + 1).cls)) {
      *kind = TokenKind::kWord;
      return after + 1;
    }
    *kind = TokenKind::kPunctuation;
    return after;
  }

  std::string_view text_;
  Scanner scan_;
  size_t email_fail_end_ = 0;
  size_t host_fail_end_ = 0;
  size_t host_scan_end_ = 0;
};

// ---------------------------------------------------------------------------
// Sentence splitting helpers.

bool IsClosingQuoteOrBracket(std::string_view t) {
  return t == "\"" || t == "'" || t == ")" || t == "]" || t == "\xE2\x80\x99" ||
         t == "\xE2\x80\x9D" || t == "\xC2\xBB" || t == "\xE2\x80\xBA";
}

bool IsSentenceFinalPunct(std::string_view t) {
  if (t.empty()) return false;
  if (t[0] == '.') return true;  // ".", "..."
  return t == "!" || t == "?" || t == "\xE2\x80\xA6" /* … */;
}

bool StartsLowercase(std::string_view t) {
  if (t.empty()) return false;
  unsigned char c = static_cast<unsigned char>(t[0]);
  if (c < 0x80) return c >= 'a' && c <= 'z';
  char32_t cp;
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  if (DecodeUtf8(p, p + t.size(), &cp) == 0) return false;
  return u_islower(static_cast<UChar32>(cp));
}

bool StartsUppercase(std::string_view t) {
  if (t.empty()) return false;
  unsigned char c = static_cast<unsigned char>(t[0]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  char32_t cp;
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  if (DecodeUtf8(p, p + t.size(), &cp) == 0) return false;
  return u_isupper(static_cast<UChar32>(cp)) || u_istitle(static_cast<UChar32>(cp));
}

// Closed-class words that start sentences; after an abbreviation that can end
// a sentence ("U.S.", "Inc.") one of these means a new sentence began.
constexpr std::string_view kSentenceStarters[] = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this",
    "that", "these", "those", "there", "in", "on", "at", "as", "but", "and",
    "however", "according", "its", "his", "her", "their", "our", "meanwhile",
    "also", "earlier", "later", "then", "since", "after", "before", "for",
    "if", "when", "while", "what", "who", "why", "how", "all", "some",
    "many", "most", "last", "next", "one", "two", "three", "moreover",
    "besides", "overall", "thus", "so", "today", "yesterday", "now"};

bool IsSentenceStarter(std::string_view word) {
  char buf[8];
  std::string_view lower = LowerShortAscii(word, buf);
  if (lower.empty()) {
    if (word.size() > 7 && EqualsIgnoreCase(word, "meanwhile")) return true;
    return false;
  }
  return InList(lower, kSentenceStarters, std::size(kSentenceStarters));
}

// Whether a word token ending in '.' is an abbreviation that may also end a
// sentence ("U.S.", "etc.", "Inc."), as opposed to one that never does
// ("Dr.", "N.", "Sept.").
bool MayEndSentence(std::string_view word_with_period) {
  std::string_view w = word_with_period.substr(0, word_with_period.size() - 1);
  if (w.find('.') != std::string_view::npos) return true;  // "U.S", "a.m"
  char buf[8];
  std::string_view lower = LowerShortAscii(w, buf);
  if (lower.empty()) return false;
  return InList(lower, kSentenceFinalAbbreviations,
                std::size(kSentenceFinalAbbreviations));
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  // Offsets are uint32_t; longer inputs are cut (callers cap sizes far below).
  if (text.size() > 0xFFFFFFF0u) text = text.substr(0, 0xFFFFFFF0u);
  return Tokenizer(text).Run();
}

std::vector<Sentence> SplitSentences(std::string_view text,
                                     const std::vector<Token>& tokens) {
  std::vector<Sentence> sentences;
  const uint32_t n = static_cast<uint32_t>(tokens.size());
  uint32_t start = 0;
  auto close = [&](uint32_t end) {
    if (end > start) sentences.push_back({start, end});
    start = end;
  };
  for (uint32_t i = 0; i < n; ++i) {
    const Token& tok = tokens[i];
    if (i > start) {
      // Paragraph breaks always end a sentence; a single line break does so
      // unless the next line continues in lower case (hard-wrapped text).
      if (tok.starts_paragraph) {
        close(i);
      } else if (tok.starts_line) {
        std::string_view t = tok.text(text);
        std::string_view prev = tokens[i - 1].text(text);
        bool continues = StartsLowercase(t) ||
                         (prev == "," || prev == "-" || prev == "and" ||
                          prev == "of" || prev == "the");
        if (!continues) close(i);
      }
    }
    std::string_view t = tok.text(text);
    bool candidate = false;
    if (tok.kind == TokenKind::kPunctuation && IsSentenceFinalPunct(t)) {
      candidate = true;
    } else if (tok.kind == TokenKind::kWord && t.size() > 1 && t.back() == '.') {
      // An abbreviation that kept its period: only some may end a sentence,
      // and only when a clear sentence start follows.
      if (MayEndSentence(t) && i + 1 < n) {
        std::string_view next = tokens[i + 1].text(text);
        candidate = IsSentenceStarter(next) && StartsUppercase(next);
      }
    }
    if (!candidate) continue;
    // Take closing quotes and brackets and further final punctuation ("?!").
    uint32_t j = i + 1;
    while (j < n && !tokens[j].starts_line && !tokens[j].space_before &&
           (IsClosingQuoteOrBracket(tokens[j].text(text)) ||
            (tokens[j].kind == TokenKind::kPunctuation &&
             IsSentenceFinalPunct(tokens[j].text(text))))) {
      ++j;
    }
    if (j >= n) {
      i = j - 1;
      continue;
    }
    // What follows must look like a sentence start: not lower case, not a
    // comma or a dash continuing the same sentence ("«...!» – said Abenov").
    std::string_view next = tokens[j].text(text);
    if (!tokens[j].starts_line) {
      if (StartsLowercase(next)) continue;
      if (tokens[j].kind == TokenKind::kPunctuation && !next.empty() &&
          (next[0] == ',' || next[0] == ';' || next[0] == ':' ||
           next == "-" || next == "--" || next == "\xE2\x80\x94" ||
           next == "\xE2\x80\x93" || next == ")")) {
        continue;
      }
      // A period directly followed by a non-space ("end.Next") is not split.
      if (!tokens[j].space_before && tokens[j].kind == TokenKind::kWord &&
          t == ".") {
        continue;
      }
    }
    close(j);
    i = j - 1;
  }
  close(n);
  return sentences;
}

std::string NormalizeTerm(std::string_view token_text) {
  std::string out;
  out.reserve(token_text.size());
  bool ascii = true;
  for (char ch : token_text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {
      ascii = false;
      break;
    }
    out.push_back(static_cast<char>(c == '`' ? '\'' : absl::ascii_tolower(c)));
  }
  if (ascii) return out;

  // Slow path: decompose, drop combining marks, fold case, unify apostrophes.
  out.clear();
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(token_text.data(), static_cast<int32_t>(token_text.size())));
  icu::UnicodeString decomposed;
  if (U_SUCCESS(status)) {
    decomposed = nfd->normalize(source, status);
  }
  if (U_FAILURE(status)) decomposed = source;
  icu::UnicodeString folded;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK) continue;
    if (c == 0x00AD || c == 0x200B || c == 0x200C || c == 0x200D ||
        c == 0x2060 || c == 0xFEFF) {
      continue;
    }
    if (c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x0060 ||
        c == 0x00B4) {
      c = '\'';
    }
    folded.append(c);
  }
  folded.foldCase(U_FOLD_CASE_DEFAULT);
  folded.toUTF8String(out);
  return out;
}

}  // namespace newsgraph
