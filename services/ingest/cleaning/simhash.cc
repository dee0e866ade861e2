#include "services/ingest/cleaning/simhash.h"

#include <array>
#include <vector>

namespace newsgraph {
namespace cleaning {
namespace {

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// Hashes of the words of `text` (a polynomial hash of the bytes, mixed):
// ASCII letters lower-cased, non-ASCII bytes
// kept except general punctuation (U+2000..U+206F: curly quotes, dashes)
// and « », which split words like ASCII punctuation does.
std::vector<uint64_t> WordHashes(std::string_view text) {
  // kByte[c] < 0x100: a word byte, as hashed (ASCII letters lower-cased;
  // bytes from 0x80 as they are). kBreak: ASCII that splits words.
  // kMaybePunct | c: the lead bytes C2 and E2, which start word bytes or
  // punctuation (tested below).
  constexpr uint16_t kBreak = 0x100, kMaybePunct = 0x200;
  static const std::array<uint16_t, 256> kByte = [] {
    std::array<uint16_t, 256> table{};
    for (int c = 0; c < 0x80; ++c) table[c] = kBreak;
    for (int c = '0'; c <= '9'; ++c) table[c] = static_cast<uint16_t>(c);
    for (int c = 'a'; c <= 'z'; ++c) table[c] = static_cast<uint16_t>(c);
    for (int c = 'A'; c <= 'Z'; ++c) {
      table[c] = static_cast<uint16_t>(c - 'A' + 'a');
    }
    for (int c = 0x80; c < 256; ++c) table[c] = static_cast<uint16_t>(c);
    table[0xC2] = kMaybePunct | 0xC2;
    table[0xE2] = kMaybePunct | 0xE2;
    return table;
  }();
  std::vector<uint64_t> words;
  words.reserve(text.size() / 5);
  const unsigned char* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  uint64_t h = kFnvOffset;
  bool in_word = false;
  size_t i = 0;
  while (i < n) {
    uint16_t v = kByte[s[i]];
    if (v < kBreak) {
      // The common case: a run of word bytes.
      do {
        h = h * 31 + v;  // mixed once per word below
        if (++i == n) break;
        v = kByte[s[i]];
      } while (v < kBreak);
      in_word = true;
      continue;
    }
    // U+2000..U+207F (E2 80/81 xx) and « » (C2 AB, C2 BB) split words;
    // a sequence cut short by the end of the text is skipped whole.
    const unsigned char c = s[i];
    const bool punct =
        v == kBreak ||
        (c == 0xE2 && i + 1 < n && s[i + 1] <= 0x81) ||
        (c == 0xC2 && i + 1 < n && (s[i + 1] == 0xAB || s[i + 1] == 0xBB));
    if (!punct) {
      h = h * 31 + c;  // C2 or E2 starting a word byte sequence
      in_word = true;
      ++i;
      continue;
    }
    if (in_word) words.push_back(Mix(h));
    in_word = false;
    h = kFnvOffset;
    i += v == kBreak ? 1 : (c == 0xE2 ? 3 : 2);
  }
  if (in_word) words.push_back(Mix(h));
  return words;
}

}  // namespace

uint64_t ContentHash(std::string_view text) {
  uint64_t h = kFnvOffset;
  const unsigned char* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {  // FNV-1a, four bytes per loop turn
    h = (h ^ s[i]) * kFnvPrime;
    h = (h ^ s[i + 1]) * kFnvPrime;
    h = (h ^ s[i + 2]) * kFnvPrime;
    h = (h ^ s[i + 3]) * kFnvPrime;
  }
  for (; i < n; ++i) h = (h ^ s[i]) * kFnvPrime;
  return Mix(h ^ n);
}

uint64_t SimHash(std::string_view text) {
  const std::vector<uint64_t> words = WordHashes(text);
  if (words.empty()) return 0;
  constexpr size_t kShingle = 3;
  // counts[bit] is the number of feature hashes with that bit set; a bit of
  // the SimHash is set when more than half of the features vote for it.
  // Counting is bit-sliced: packed[b] holds eight 8-bit counters, one for
  // bit k of byte b of each hash (kSpread spreads a byte's 8 bits into the
  // 8 lanes), flushed into `counts` before a lane can overflow.
  static const std::array<uint64_t, 256> kSpread = [] {
    std::array<uint64_t, 256> table{};
    for (int byte = 0; byte < 256; ++byte) {
      for (int k = 0; k < 8; ++k) {
        if (byte & (1 << k)) table[byte] |= 1ULL << (8 * k);
      }
    }
    return table;
  }();
  std::array<uint32_t, 64> counts{};
  std::array<uint64_t, 8> packed{};
  uint32_t features = 0, pending = 0;
  auto flush = [&counts, &packed, &pending] {
    for (int b = 0; b < 8; ++b) {
      for (int k = 0; k < 8; ++k) {
        counts[8 * b + k] += (packed[b] >> (8 * k)) & 0xFF;
      }
      packed[b] = 0;
    }
    pending = 0;
  };
  auto vote = [&](uint64_t h) {
    for (int b = 0; b < 8; ++b) packed[b] += kSpread[(h >> (8 * b)) & 0xFF];
    ++features;
    if (++pending == 255) flush();
  };
  if (words.size() < kShingle) {
    for (uint64_t w : words) vote(w);
  } else {
    for (size_t i = 0; i + kShingle <= words.size(); ++i) {
      // Word hashes are already mixed; one more mix binds them in order.
      vote(Mix(words[i] ^ ((words[i + 1] << 21) | (words[i + 1] >> 43)) ^
               ((words[i + 2] << 42) | (words[i + 2] >> 22))));
    }
  }
  flush();
  uint64_t result = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (2 * counts[bit] > features) result |= (1ULL << bit);
  }
  return result;
}

int SimHashDistance(uint64_t a, uint64_t b) {
  return __builtin_popcountll(a ^ b);
}

}  // namespace cleaning
}  // namespace newsgraph
