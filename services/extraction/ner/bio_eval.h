// Scoring a NerModel on pre-tokenized .bio sentences (the tokens are tagged
// as given). Used by train_ner (dev F1 per epoch), eval_ner and the
// committed-model floor test.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_BIO_EVAL_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_BIO_EVAL_H_

#include <functional>
#include <string>
#include <vector>

#include "services/extraction/ner/bio_corpus.h"
#include "services/extraction/ner/ner_model.h"

namespace newsgraph::ner {

// Called for each sentence with a mismatch: the sentence, gold and
// predicted spans (already restricted to the scored types).
using BioErrorCallback =
    std::function<void(const BioSentence&, const std::vector<TokenSpan>& gold,
                       const std::vector<TokenSpan>& predicted)>;

// Tags every sentence and adds exact-span counts for `types` (other types,
// e.g. MISC, are dropped from gold and predictions) to `scorer`. Optionally
// collects the margins of predicted entities into `margins`. With
// `by_document`, the sentences of each document (consecutive sentences with
// the same non-empty doc_id) also go through MakeNamesConsistent
// (document_consistency.h), as in the EntityRecognizer; sentences without a
// doc_id are documents of their own.
void ScoreOnBio(const NerModel& model, const std::vector<BioSentence>& data,
                const std::vector<std::string>& types, SpanScorer* scorer,
                const BioErrorCallback& on_error = nullptr, std::vector<float>* margins = nullptr,
                bool by_document = false);

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_BIO_EVAL_H_
