// Allocation-free string and feature hashing for the NER tagger.
//
// Features are never materialized as strings: each token's strings are hashed
// once, and a feature is Mix(template id, value hash[, value hash]). The
// resulting 64-bit value is folded into a fixed-size weight table by
// FeatureBucket. Changing any function here changes every trained model, so
// the model format version must be bumped with it.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_HASHING_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_HASHING_H_

#include <cstdint>
#include <string_view>

namespace newsgraph::ner {

// FNV-1a over the bytes, then a finalizer so that short strings spread well.
inline uint64_t HashBytes(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

// Combines two hashes; order matters (Mix(a, b) != Mix(b, a)).
inline uint64_t Mix(uint64_t a, uint64_t b) {
  uint64_t h = a * 0x9e3779b97f4a7c15ULL + b + 0x632be59bd9b4e019ULL;
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ULL;
  h ^= h >> 32;
  return h;
}

inline uint64_t Mix(uint64_t a, uint64_t b, uint64_t c) {
  return Mix(Mix(a, b), c);
}

// Maps a feature hash to a row of a table with `mask + 1` rows (a power of 2).
inline uint32_t FeatureBucket(uint64_t feature_hash, uint32_t mask) {
  return static_cast<uint32_t>(feature_hash >> 20) & mask;
}

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_HASHING_H_
