#include "services/extraction/ner/word_form.h"

namespace newsgraph::ner {
namespace {

// Lower-cases one character starting at s[i]; appends to out and returns the
// number of input bytes consumed.
inline size_t LowerChar(std::string_view s, size_t i, char* out, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  auto put = [&](unsigned char b) {
    if (*len < kMaxLowerBytes) out[(*len)++] = static_cast<char>(b);
  };
  if (c < 0x80) {
    put(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return 1;
  }
  if (c >= 0xC0 && c < 0xE0 && i + 1 < s.size()) {
    const unsigned char d = static_cast<unsigned char>(s[i + 1]);
    if (c == 0xC3 && d >= 0x80 && d <= 0x9E && d != 0x97) {  // Latin-1 capital
      put(c);
      put(d + 0x20);
    } else if (c == 0xD0 && d >= 0x90 && d <= 0x9F) {  // Cyrillic А-П
      put(0xD0);
      put(d + 0x20);
    } else if (c == 0xD0 && d >= 0xA0 && d <= 0xAF) {  // Cyrillic Р-Я
      put(0xD1);
      put(d - 0x20);
    } else if (c == 0xD0 && d >= 0x80 && d <= 0x8F) {  // Ѐ-Џ
      put(0xD1);
      put(d + 0x10);
    } else if (c == 0xC2 && (d == 0xAB || d == 0xBB)) {  // « »
      put('"');
    } else {
      put(c);
      put(d);
    }
    return 2;
  }
  if (c == 0xE2 && i + 2 < s.size() &&
      static_cast<unsigned char>(s[i + 1]) == 0x80) {
    const unsigned char e = static_cast<unsigned char>(s[i + 2]);
    if (e == 0x98 || e == 0x99) {
      put('\'');
      return 3;
    }
    if (e == 0x9C || e == 0x9D) {
      put('"');
      return 3;
    }
  }
  put(c);
  return 1;
}

inline bool IsUpperAt(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  if (i + 1 >= s.size()) return false;
  const unsigned char d = static_cast<unsigned char>(s[i + 1]);
  if (c == 0xC3) return d >= 0x80 && d <= 0x9E && d != 0x97;
  if (c == 0xD0) return d >= 0x80 && d <= 0xAF;
  // Kazakh capitals: Ә(D3 98) Ғ(D2 92) Қ(D2 9A) Ң(D2 A2) Ө(D3 A8) Ұ(D2 B0)
  // Ү(D2 AE) Һ(D2 BA) І(D0 86, covered above): even code points.
  if (c == 0xD2 || c == 0xD3) return (d & 1) == 0;
  return false;
}

inline bool IsLetterLead(unsigned char c) {
  // ASCII letters; Latin-1/Latin Extended, Greek, Cyrillic and Latin
  // Extended Additional lead bytes. E2 (punctuation, symbols) is not a letter.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0xC3 && c <= 0xD4) || c == 0xE1;
}

}  // namespace

size_t LowerForm(std::string_view token, char* out) {
  size_t len = 0;
  if (token.size() <= kMaxLowerBytes) {
    for (size_t i = 0; i < token.size();) i += LowerChar(token, i, out, &len);
    return len;
  }
  // Long tokens: head and tail bytes (may split a character; only hashed).
  const size_t half = kMaxLowerBytes / 2;
  for (size_t i = 0; i < half; ++i) {
    const char c = token[i];
    out[len++] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
  }
  for (size_t i = token.size() - half; i < token.size(); ++i) {
    const char c = token[i];
    out[len++] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
  }
  return len;
}

std::string LowerForm(std::string_view token) {
  char buf[kMaxLowerBytes];
  return std::string(buf, LowerForm(token, buf));
}

size_t WordShape(std::string_view token, char* shape, char* short_shape,
                 size_t* short_len) {
  size_t len = 0;
  size_t slen = 0;
  for (size_t i = 0; i < token.size();) {
    const unsigned char c = static_cast<unsigned char>(token[i]);
    char k;
    size_t adv = 1;
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') {
        k = 'X';
      } else if (c >= 'a' && c <= 'z') {
        k = 'x';
      } else if (c >= '0' && c <= '9') {
        k = 'd';
      } else {
        k = static_cast<char>(c);
      }
    } else {
      k = IsUpperAt(token, i) ? 'X' : (IsLetterLead(c) ? 'x' : '*');
      adv = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    }
    i += adv;
    if (len < kMaxShapeBytes) shape[len++] = k;
    if (short_shape != nullptr && (slen == 0 || short_shape[slen - 1] != k) &&
        slen < kMaxShapeBytes) {
      short_shape[slen++] = k;
    }
  }
  if (short_len != nullptr) *short_len = slen;
  return len;
}

uint32_t WordFlags(std::string_view token) {
  uint32_t flags = 0;
  int letters = 0;
  int uppers = 0;
  int digits = 0;
  bool first_letter_seen = false;
  bool only_digits_and_seps = !token.empty();
  for (size_t i = 0; i < token.size();) {
    const unsigned char c = static_cast<unsigned char>(token[i]);
    const size_t adv = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (c >= 0x80) flags |= kFlagNonAscii;
    const bool upper = IsUpperAt(token, i);
    const bool letter = upper || IsLetterLead(c);
    if (letter) {
      ++letters;
      if (upper) {
        ++uppers;
        if (!first_letter_seen) flags |= kFlagInitCap;
        if (i > 0) flags |= kFlagMixedCaps;
      }
      first_letter_seen = true;
      only_digits_and_seps = false;
    } else if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '-') {
      flags |= kFlagHasHyphen;
    } else if (c == '.') {
      flags |= kFlagHasPeriod;
    }
    if (!letter && !(c >= '0' && c <= '9') && c != ',' && c != '.') {
      only_digits_and_seps = false;
    }
    i += adv;
  }
  if (digits > 0) flags |= kFlagHasDigit;
  if (digits > 0 && only_digits_and_seps) flags |= kFlagAllDigits;
  if (letters == 0 && digits == 0) flags |= kFlagPunct;
  if (letters >= 2 && uppers == letters) {
    flags |= kFlagAllCaps;
    flags &= ~kFlagMixedCaps;
  }
  if (letters > 0 && uppers == 0) flags |= kFlagAllLower;
  return flags;
}

}  // namespace newsgraph::ner
