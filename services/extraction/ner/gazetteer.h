// Case-insensitive multi-token phrase lists (countries, cities, ...) whose
// matches become NER features. The entries are baked into the model file so
// the service loads one file; BuildGazetteerFromTsv reads the shared
// GeoNames/countries files at training time.
//
// Thread-safe after construction: Match is const and allocation-free.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_GAZETTEER_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_GAZETTEER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace newsgraph::ner {

// What a gazetteer phrase is; a phrase may be several (bit flags).
enum GazetteerType : uint8_t {
  kGazCountry = 1 << 0,       // country names, official names, aliases
  kGazDemonym = 1 << 1,       // "Kazakhstani", "French"
  kGazCityMajor = 1 << 2,     // population >= major_city_population
  kGazCity = 1 << 3,          // population >= city_population
  kGazKazakhstan = 1 << 4,    // any populated place in Kazakhstan
  kGazCapital = 1 << 5,       // national capitals
  kGazRegion = 1 << 6,        // continents and world regions
};
inline constexpr int kNumGazetteerTypes = 7;

// Per-token flags for Gazetteer::Match.
enum GazetteerTokenFlag : uint8_t {
  kGazTokenCanStart = 1,  // a match may start here (capitalized)
  kGazTokenAllCaps = 2,   // acronym entries ("WHO") only match such tokens
};

// Position of a token inside a gazetteer match (BILOU).
enum GazetteerPosition : uint8_t {
  kGazNone = 0,
  kGazBegin = 1,
  kGazInside = 2,
  kGazLast = 3,
  kGazUnit = 4,
};

// Hash of a token sequence from the tokens' lower-form hashes, as used by
// Gazetteer (HashBytes of LowerForm of each token).
uint64_t PhraseHash(const uint64_t* lower_hashes, size_t n);

class Gazetteer {
 public:
  // Adds `phrase` (tokens separated by spaces) with `types` (OR-ed into any
  // existing entry). Phrases longer than kMaxPhraseTokens are ignored.
  void Add(std::string_view phrase, uint8_t types);

  // Greedy longest match, left to right, over a sentence whose tokens have
  // lower-form hashes `lower_hashes` and GazetteerTokenFlag bits
  // `token_flags`. Writes each token's match types (0 if none) and
  // GazetteerPosition into `types` and `positions` (arrays of size n).
  void Match(const uint64_t* lower_hashes, const uint8_t* token_flags,
             size_t n, uint8_t* types, uint8_t* positions) const;

  // Types of the exact phrase, 0 if absent.
  uint8_t Lookup(std::string_view phrase) const;

  size_t size() const { return entries_.size(); }

  // Serialization into the model file.
  void Encode(std::string* out) const;
  static absl::StatusOr<Gazetteer> Decode(std::string_view* in);

  static constexpr int kMaxPhraseTokens = 6;

 private:
  // Adds and returns the phrase hash (0 if the phrase was ignored).
  uint64_t AddPhrase(std::string_view phrase, uint8_t types);

  // Phrase text (lower form, single spaces) -> types, in insertion order,
  // with the phrase hash.
  std::vector<std::pair<std::string, uint8_t>> entries_;
  std::vector<uint64_t> entry_hashes_;
  absl::flat_hash_map<std::string, size_t> entry_index_;
  absl::flat_hash_map<uint64_t, uint8_t> by_hash_;
  // One-token entries only ever written in capitals ("WHO", "NATO"): they
  // must not match "who" or "Who".
  absl::flat_hash_map<uint64_t, bool> acronym_only_;
  int max_tokens_ = 0;
};

struct GazetteerOptions {
  // Cities at or above this population get kGazCity.
  int64_t city_population = 15000;
  // ... and kGazCityMajor at or above this one.
  int64_t major_city_population = 500000;
  // Alternate names are only taken for cities at or above this population
  // (and for all of Kazakhstan).
  int64_t alternate_names_population = 100000;
};

// Reads countries.tsv and cities.tsv from `dir` (columns as documented in
// the shared data README, section 3) plus a small built-in list of
// continents and world regions.
absl::StatusOr<Gazetteer> BuildGazetteerFromTsv(const std::string& dir,
                                                const GazetteerOptions& options);

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_GAZETTEER_H_
