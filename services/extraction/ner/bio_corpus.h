// Reading the pre-tokenized .bio corpora (TOKEN<TAB>TAG lines, blank line
// after each sentence, "# doc <id>" document markers; see the shared data
// README, section 1) and scoring entity spans the way conlleval does.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_BIO_CORPUS_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_BIO_CORPUS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/extraction/ner/labels.h"

namespace newsgraph::ner {

struct BioSentence {
  std::vector<std::string> tokens;
  std::vector<std::string> tags;  // IOB2
  std::string doc_id;             // "" when the corpus has no documents
};

// Reads one .bio file. Fails on unreadable files and malformed lines.
absl::StatusOr<std::vector<BioSentence>> ReadBioFile(const std::string& path);

// Rewrites tags of types not in `keep` to O (e.g. MISC when scoring
// PER/ORG/LOC only).
void KeepTypes(const std::vector<std::string>& keep,
               std::vector<std::string>* tags);

// Exact-span precision/recall/F1 per type and micro-averaged (conlleval).
class SpanScorer {
 public:
  struct Counts {
    int64_t tp = 0;
    int64_t fp = 0;
    int64_t fn = 0;
    double Precision() const { return tp + fp ? double(tp) / (tp + fp) : 0; }
    double Recall() const { return tp + fn ? double(tp) / (tp + fn) : 0; }
    double F1() const {
      const double p = Precision(), r = Recall();
      return p + r > 0 ? 2 * p * r / (p + r) : 0;
    }
  };

  // Spans are matched exactly (begin, end and type). Units are up to the
  // caller (token indices or byte offsets).
  void Add(const std::vector<TokenSpan>& gold,
           const std::vector<TokenSpan>& predicted);

  Counts Micro() const;
  const std::map<std::string, Counts>& by_type() const { return by_type_; }
  // A conlleval-like table: one line per type and the micro average.
  std::string Report() const;

 private:
  std::map<std::string, Counts> by_type_;
};

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_BIO_CORPUS_H_
