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

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c >= 0x80;
}

// Hashes of the words of `text`: ASCII letters lower-cased, non-ASCII bytes
// kept except general punctuation (U+2000..U+206F: curly quotes, dashes)
// and « », which split words like ASCII punctuation does.
std::vector<uint64_t> WordHashes(std::string_view text) {
  std::vector<uint64_t> words;
  uint64_t h = kFnvOffset;
  bool in_word = false;
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool word = IsWordByte(c);
    size_t len = 1;
    if (c >= 0x80) {
      len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      if ((c == 0xE2 && i + 1 < n &&
           static_cast<unsigned char>(text[i + 1]) <= 0x81) ||
          (c == 0xC2 && i + 1 < n &&
           (static_cast<unsigned char>(text[i + 1]) == 0xAB ||
            static_cast<unsigned char>(text[i + 1]) == 0xBB))) {
        word = false;
      }
    }
    if (!word) {
      if (in_word) words.push_back(Mix(h));
      in_word = false;
      h = kFnvOffset;
      i += len - 1;
      continue;
    }
    in_word = true;
    for (size_t k = 0; k < len && i + k < n; ++k) {
      unsigned char b = static_cast<unsigned char>(text[i + k]);
      if (b >= 'A' && b <= 'Z') b = b - 'A' + 'a';
      h = (h ^ b) * kFnvPrime;
    }
    i += len - 1;
  }
  if (in_word) words.push_back(Mix(h));
  return words;
}

}  // namespace

uint64_t ContentHash(std::string_view text) {
  uint64_t h = kFnvOffset;
  for (char c : text) {
    h = (h ^ static_cast<unsigned char>(c)) * kFnvPrime;
  }
  return Mix(h ^ text.size());
}

uint64_t SimHash(std::string_view text) {
  const std::vector<uint64_t> words = WordHashes(text);
  if (words.empty()) return 0;
  constexpr size_t kShingle = 3;
  std::array<int32_t, 64> votes{};
  auto vote = [&votes](uint64_t h) {
    for (int bit = 0; bit < 64; ++bit) {
      votes[bit] += ((h >> bit) & 1) ? 1 : -1;
    }
  };
  if (words.size() < kShingle) {
    for (uint64_t w : words) vote(w);
  } else {
    for (size_t i = 0; i + kShingle <= words.size(); ++i) {
      uint64_t h = words[i];
      for (size_t k = 1; k < kShingle; ++k) {
        h = Mix(h * 31 + words[i + k] + k);
      }
      vote(h);
    }
  }
  uint64_t result = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (votes[bit] > 0) result |= (1ULL << bit);
  }
  return result;
}

int SimHashDistance(uint64_t a, uint64_t b) {
  return __builtin_popcountll(a ^ b);
}

}  // namespace cleaning
}  // namespace newsgraph
