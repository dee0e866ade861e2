// Feature extraction for the NER tagger.
//
// Each token gets a few dozen sparse binary features (word, lower form,
// shape, affixes, neighbours, sentence position, capitalization, gazetteer
// matches, title words before a name, organization and place head words,
// transliterated surname endings, corpus case statistics, words and shapes
// up to three tokens away, an acronym in parentheses matching the initials
// of the words before it, the word with its capitalization, neighbours'
// endings, prefixes of the word's distributional cluster path and of its
// neighbours', how the word and its neighbours were labelled in training). A feature is a 64-bit hash of (template, value) folded into a
// row of the weight table: no strings are built per feature.
//
// Thread-safe: FeatureExtractor is immutable after construction; the
// per-sentence scratch lives in SentenceFeatures, owned by the caller.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_FEATURES_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_FEATURES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "services/extraction/ner/gazetteer.h"
#include "services/extraction/ner/word_clusters.h"
#include "services/extraction/ner/word_form.h"

namespace newsgraph::ner {

// How a lower-cased word is usually written in running text (not at the
// start of a sentence), learned from unlabeled training text: a strong hint
// for sentence-initial and headline words ("The", "Health" vs. "Almaty").
enum class CaseClass : uint8_t {
  kUnknown = 0,
  kMostlyLower = 1,
  kMixed = 2,
  kMostlyCapitalized = 3,
};

// Also holds what the labelled training text says about a lower-cased word
// (NameBit): first or last word of a person's name, a word of an
// organization, place or other name, or a capitalized word inside a sentence
// that is no name. The trainer fills these from the other folds of its data
// for each training sentence (jackknifing), so that the weights learn how
// far to trust a word's labels in *other* texts, as at tagging time.
enum NameBit : uint8_t {
  kNamePersonFirst = 1,  // first word of a multi-word PER
  kNamePersonLast = 2,   // last (or only) word of a PER
  kNameOrg = 4,
  kNameLoc = 8,
  kNameMisc = 16,        // only from corpora that annotate MISC
  kNameNone = 32,        // capitalized inside a sentence, tagged O (same)
  // Written in lower case and tagged O: kept only beside another bit, so
  // that a common word that is sometimes a name ("mobile", "will") is told
  // from a name.
  kNameLowerCase = 64,
};
inline constexpr int kNumNameBits = 7;

class CaseLexicon {
 public:
  // Counts one occurrence of `token` not at a sentence start.
  void Observe(std::string_view token);
  // Turns counts into classes for words seen at least `min_count` times and
  // drops the counts.
  void Finalize(int min_count);
  CaseClass Lookup(uint64_t lower_hash) const;
  size_t size() const { return classes_.size(); }

  // ORs NameBit `bits` into the entry of `token`'s lower form.
  void AddNameBits(std::string_view token, uint8_t bits);
  uint8_t NameBits(uint64_t lower_hash) const;
  void ClearNameBits() { name_bits_.clear(); }
  // Drops the entries whose only bit is kNameLowerCase (most of the
  // vocabulary). Call after the last AddNameBits.
  void PruneNameBits();
  size_t name_bits_size() const { return name_bits_.size(); }

  void Encode(std::string* out) const;
  static absl::StatusOr<CaseLexicon> Decode(std::string_view* in);

 private:
  struct Counts {
    uint32_t lower = 0;
    uint32_t capitalized = 0;
  };
  absl::flat_hash_map<uint64_t, Counts> counts_;
  absl::flat_hash_map<uint64_t, uint8_t> classes_;
  absl::flat_hash_map<uint64_t, uint8_t> name_bits_;
};

// Per-token forms computed once per sentence.
struct TokenInfo {
  uint64_t word_hash = 0;
  uint64_t lower_hash = 0;
  uint64_t shape_hash = 0;
  uint64_t short_shape_hash = 0;
  uint32_t flags = 0;  // WordFlag bits
  uint8_t gaz_types = 0;
  uint8_t gaz_position = 0;
  uint8_t case_class = 0;
  uint8_t name_bits = 0;  // NameBit
  uint8_t lower_len = 0;
  uint8_t shape_len = 0;
  uint8_t short_shape_len = 0;
  bool is_title = false;     // "minister", "president", "akim", ...
  bool is_org_head = false;  // "ministry", "university", "fund", ...
  bool is_loc_head = false;  // "region", "river", "oblast", ...
  bool is_connector = false; // "of", "and", "for", "the", "&", "de"
  ClusterPath cluster;       // len 0: not in the word clusters
  char lower[kMaxLowerBytes];
  char shape[kMaxShapeBytes];
  char short_shape[kMaxShapeBytes];

  std::string_view lower_view() const { return {lower, lower_len}; }
  std::string_view shape_view() const { return {shape, shape_len}; }
  std::string_view short_shape_view() const {
    return {short_shape, short_shape_len};
  }
};

// Features of one sentence: token t's weight-table rows are
// rows[offsets[t] .. offsets[t + 1]). Reuse one object across sentences to
// avoid allocations.
struct SentenceFeatures {
  std::vector<uint32_t> rows;
  std::vector<uint32_t> offsets;
  std::vector<TokenInfo> tokens;  // scratch
  std::vector<uint64_t> lower_hashes;  // scratch
  std::vector<uint8_t> can_start;  // scratch
};

// Every token's rows begin with these features, in this order (the trainer's
// word dropout relies on it): bias, exact word, lower-case word.
inline constexpr uint32_t kBiasSlot = 0;
inline constexpr uint32_t kWordSlot = 1;
inline constexpr uint32_t kLowerSlot = 2;
inline constexpr uint32_t kFirstNonLexicalSlot = 3;
// Template id of the trainer's "word hidden" stand-in features; never
// produced by FeatureExtractor.
inline constexpr uint64_t kUnknownWordFeature = 0x554e4b574f5244ULL;

class FeatureExtractor {
 public:
  // `gazetteer`, `lexicon` and `clusters` must outlive the extractor. The
  // weight table has 2^table_bits rows. Empty clusters add no features.
  FeatureExtractor(const Gazetteer* gazetteer, const CaseLexicon* lexicon,
                   const WordClusters* clusters, int table_bits);

  void Extract(const std::vector<std::string_view>& tokens,
               SentenceFeatures* out) const;

  // The same features as readable strings ("lower=minister",
  // "title_before", ...), one list per token. For tests and debugging.
  std::vector<std::vector<std::string>> Describe(
      const std::vector<std::string_view>& tokens) const;

  int table_bits() const { return table_bits_; }

 private:
  template <typename Sink>
  void Run(const std::vector<std::string_view>& tokens,
           std::vector<TokenInfo>* infos, std::vector<uint64_t>* lower_hashes,
           std::vector<uint8_t>* can_start, Sink& sink) const;

  const Gazetteer* gazetteer_;
  const CaseLexicon* lexicon_;
  const WordClusters* clusters_;
  int table_bits_;
  uint32_t mask_;
};

// Returns true when `lower` (a LowerForm, a trailing period allowed) is a
// title or role word that may precede a person's name ("minister", "dr.").
bool IsTitleWord(std::string_view lower);

// Returns true when `lower` heads or ends organization names ("ministry",
// "fund", "university", "hospital", ...).
bool IsOrgHeadWord(std::string_view lower);

// "of", "and", "for", "the", "&", "de", ...: words that may sit inside a
// multi-word name.
bool IsNameConnector(std::string_view lower);

// Returns true when `lower` (a LowerForm) is a transliterated surname ending
// such as -uly, -kyzy, -ov, -ova, -enko, -bayev; sets *suffix to it.
bool SurnameSuffix(std::string_view lower, std::string_view* suffix);

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_FEATURES_H_
