// EntityRecognizer: the named-entity and numeric mention finder the
// extraction service calls on an article body. It tokenizes and splits
// sentences (common/text/tokenizer.h), tags PERSON/ORG/LOCATION with the
// trained NerModel, and merges the DATE/MONEY/PERCENT/QUANTITY mentions of
// the numeric grammar (services/extraction/grammar/numeric_grammar.h).
//
// Output contract (docs/ANNOTATION.md):
//   - UTF-8 byte offsets into `text`, sorted by begin, never overlapping;
//   - PERSON spans carry no leading title ("Health Minister [Dana Serikova]")
//     and no possessive ("[Serikova]’s"); MISC is never returned;
//   - a number inside a name stays in the name ("[Shymkent City Hospital
//     No. 2]"); a name wholly inside a numeric mention yields to it
//     ("[11 May 2021]");
//   - names get confidence = logistic(tagging margin / model scale) in (0,1),
//     numeric mentions the grammar's confidence and normalized value.
//
// Thread-safe: Recognize may be called concurrently on one instance.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_ENTITY_RECOGNIZER_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_ENTITY_RECOGNIZER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/model/annotations.h"
#include "common/text/tokenizer.h"
#include "services/extraction/ner/ner_model.h"

namespace newsgraph {

class EntityRecognizer {
 public:
  // Loads the model file; fails (NOT_FOUND, DATA_LOSS, FAILED_PRECONDITION)
  // with a message naming the file when it is missing, corrupt, truncated or
  // of another format version.
  static absl::StatusOr<std::unique_ptr<EntityRecognizer>> Load(
      const std::string& model_path);
  explicit EntityRecognizer(std::unique_ptr<ner::NerModel> model);

  // All mentions of the seven types in `text` (valid UTF-8 expected; other
  // bytes are tolerated). `reference_date` is the publication date used to
  // resolve relative dates; may be null.
  std::vector<Mention> Recognize(std::string_view text,
                                 const absl::CivilDay* reference_date) const;

  // PERSON/ORG/LOCATION only, for callers that already tokenized `text`.
  std::vector<Mention> RecognizeNames(std::string_view text,
                                      const std::vector<Token>& tokens,
                                      const std::vector<Sentence>& sentences) const;

  const ner::NerModel& model() const { return *model_; }

 private:
  std::unique_ptr<ner::NerModel> model_;
  // Entity type of each model type index (kUnknown for MISC: dropped).
  std::vector<EntityType> type_map_;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_ENTITY_RECOGNIZER_H_
