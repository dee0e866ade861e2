// Label sets for sequence tagging (BIO or BILOU over entity types), the
// transition constraints they imply, and conversion between tags and spans.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_LABELS_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_LABELS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/extraction/ner/viterbi.h"

namespace newsgraph::ner {

enum class TagScheme { kBio, kBilou };

// A span of tokens [begin, end) with an entity type name ("PER").
struct TokenSpan {
  int begin = 0;
  int end = 0;
  std::string type;
  bool operator==(const TokenSpan& o) const {
    return begin == o.begin && end == o.end && type == o.type;
  }
};

// Spans of an IOB2 tag sequence ("B-PER", "I-PER", "O"), conlleval-style: an
// I-X that does not continue an X chunk starts a new chunk.
std::vector<TokenSpan> SpansFromBio(const std::vector<std::string>& tags);

class LabelSet {
 public:
  LabelSet() = default;
  // Label 0 is always "O"; then per type B-, I- (and L-, U- for BILOU).
  LabelSet(TagScheme scheme, const std::vector<std::string>& types);
  // Rebuilds a label set from its label names (as stored in a model).
  static absl::StatusOr<LabelSet> FromNames(
      const std::vector<std::string>& names);

  TagScheme scheme() const { return scheme_; }
  int size() const { return static_cast<int>(names_.size()); }
  const std::vector<std::string>& names() const { return names_; }
  const std::vector<std::string>& types() const { return types_; }
  // Type index of a label, -1 for O.
  int TypeOf(int label) const { return type_of_[label]; }
  // 'O', 'B', 'I', 'L' or 'U'.
  char PrefixOf(int label) const { return prefix_[label]; }
  int TypeIndex(std::string_view type) const;
  int Label(char prefix, int type) const;

  // Structural constraints of the scheme.
  bool AllowedTransition(int prev, int cur) const;
  bool AllowedStart(int label) const;
  bool AllowedEnd(int label) const;

  // Gold label ids for IOB2 tags; types not in this set become O.
  std::vector<int> Encode(const std::vector<std::string>& tags) const;
  // Spans of a label sequence produced under the constraints.
  std::vector<TokenSpan> Decode(const std::vector<int>& labels) const;

 private:
  void Index();
  TagScheme scheme_ = TagScheme::kBio;
  std::vector<std::string> types_;
  std::vector<std::string> names_;
  std::vector<int> type_of_;
  std::vector<char> prefix_;
};

// Transition scores for decoding: the raw scores (L * L, L, L) where the
// scheme allows them, kImpossible elsewhere, with the allowed pairs
// indexed. The one way the trainer and the model build them.
void ConstrainTransitions(const LabelSet& labels, const float* transitions, const float* start,
                          const float* end, TransitionScores* out);

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_LABELS_H_
