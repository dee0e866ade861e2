// The trained named-entity tagger: features, quantized weights, label
// transitions, and the gazetteer and case lexicon it was trained with, all
// loaded from one model file.
//
// Model file layout (little-endian):
//   "NGNERMDL"  8-byte magic
//   fixed64     format version (kNerModelVersion)
//   fixed64     payload size in bytes
//   fixed64     FNV-1a 64 checksum of the payload
//   payload     labels, table size, scales, transitions, gazetteer, case
//               lexicon, word clusters (possibly empty), sparse int16
//               weight rows, end marker
// LoadNerModel rejects a missing file, a wrong magic or version, a size or
// checksum mismatch and any malformed section, with a message saying which.
//
// Thread-safe: a loaded NerModel is immutable; Tag may be called from many
// threads at once (scratch space is thread-local).
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_NER_MODEL_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_NER_MODEL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/extraction/ner/features.h"
#include "services/extraction/ner/gazetteer.h"
#include "services/extraction/ner/labels.h"
#include "services/extraction/ner/viterbi.h"
#include "services/extraction/ner/word_clusters.h"

namespace newsgraph::ner {

// 2: wider context, acronym-in-parentheses, word|case and neighbour-suffix
// features (features.cc); a version-1 file would be scored with features
// it was not trained on, so it is refused.
// 3: a word-cluster section after the case lexicon, and cluster features.
// 4: the case lexicon section ends with a name table (how the training data
// labels each word) and name features; a version-3 file has neither.
inline constexpr uint64_t kNerModelVersion = 4;

// An entity found in a sentence: tokens [begin, end), its type index into
// NerModel::labels().types(), and a confidence in (0, 1).
struct TaggedEntity {
  int begin = 0;
  int end = 0;
  int type = 0;
  float confidence = 0;
  // Score margin behind the confidence: best path minus the best path that
  // labels some token of the entity differently (score units).
  float margin = 0;
};

class NerModel {
 public:
  // Builds a model from float weights (table rows x labels, row-major) by
  // quantizing them to int16. Used by the trainer.
  static std::unique_ptr<NerModel> FromWeights(
      LabelSet labels, Gazetteer gazetteer, CaseLexicon lexicon, WordClusters clusters,
      int table_bits, const std::vector<float>& weights, const std::vector<float>& transitions,
      const std::vector<float>& start, const std::vector<float>& end, float confidence_scale);

  NerModel(const NerModel&) = delete;
  NerModel& operator=(const NerModel&) = delete;

  // Tags one sentence; returns the entities in order. `labels_out`, if
  // non-null, receives the label of every token.
  std::vector<TaggedEntity> Tag(const std::vector<std::string_view>& tokens,
                                std::vector<int>* labels_out = nullptr) const;

  const LabelSet& labels() const { return labels_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }
  const CaseLexicon& case_lexicon() const { return lexicon_; }
  const WordClusters& word_clusters() const { return clusters_; }
  const FeatureExtractor& features() const { return extractor_; }
  int table_bits() const { return table_bits_; }
  // Scores are divided by this before the logistic in confidences.
  float confidence_scale() const { return confidence_scale_; }
  void set_confidence_scale(float s) { confidence_scale_ = s; }

  std::string Serialize() const;
  absl::Status Save(const std::string& path) const;

 private:
  friend absl::StatusOr<std::unique_ptr<NerModel>> ParseNerModel(
      std::string_view bytes);
  NerModel(LabelSet labels, Gazetteer gazetteer, CaseLexicon lexicon, WordClusters clusters,
           int table_bits);
  void BuildTransitions();
  void Emissions(const std::vector<std::string_view>& tokens,
                 SentenceFeatures* features, std::vector<float>* em) const;

  LabelSet labels_;
  Gazetteer gazetteer_;
  CaseLexicon lexicon_;
  WordClusters clusters_;
  int table_bits_;
  FeatureExtractor extractor_;
  // Only rows with a non-zero weight are stored (a small fraction of the
  // table): row_slot_[row] is the row's index into weights_ (rows in
  // ascending order, L weights each) or kNoSlot.
  static constexpr uint32_t kNoSlot = 0xffffffffu;
  void AppendRow(uint32_t row, const int16_t* values);
  std::vector<uint32_t> row_slot_;
  std::vector<uint32_t> slot_row_;
  std::vector<int16_t> weights_;
  float weight_scale_ = 1;
  std::vector<float> raw_transitions_, raw_start_, raw_end_;
  TransitionScores transitions_;  // with constraints applied
  float confidence_scale_ = 1;
};

// Reads and validates a model file.
absl::StatusOr<std::unique_ptr<NerModel>> LoadNerModel(const std::string& path);
// Same, from the file's bytes.
absl::StatusOr<std::unique_ptr<NerModel>> ParseNerModel(std::string_view bytes);

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_NER_MODEL_H_
