// Document-level consistency of tagged names: news repeats names, and a
// mention the tagger missed or mistyped in one sentence is often tagged
// right in another ("Nur-Daulet Abenov ..." then "Abenov said").
//
// After every sentence of a document is tagged:
//  - the last word of a multi-word PERSON is a known surname; a one-word
//    name equal to a known surname becomes a PERSON;
//  - a capitalized, untagged token sequence equal (case-insensitively) to a
//    name tagged elsewhere in the document is tagged with that name's
//    majority type (longest match first), or as a PERSON when it is a
//    known surname; propagated mentions get 0.9 times the best confidence.
//    A one-word name spreads only when the tagger found it at least as
//    often as it left it out (one stray tag does not name a product seven
//    times), or when it is one of `known_places`;
//  - a name in capitals takes the type its running-text mentions have.
//
// Used by the EntityRecognizer on whole articles and by ScoreOnBio on the
// documents of the .bio corpora, so that both measure the same pass.
// Thread-safe: a pure function.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_DOCUMENT_CONSISTENCY_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_DOCUMENT_CONSISTENCY_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace newsgraph::ner {

// A name over document tokens [begin, end). `type` is the caller's type id,
// in [0, kMaxNameTypes).
struct NameSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  int type = 0;
  float confidence = 0;
};

inline constexpr int kMaxNameTypes = 16;

// A sentence: document tokens [first, end).
struct TokenRange {
  uint32_t first = 0;
  uint32_t end = 0;
};

// Applies the rules above to `spans` (disjoint, any order; sorted by begin
// on return). `tokens` are the document's tokens, `sentences` its sentences
// (a propagated mention never crosses a sentence end). Ties between types
// go to the smaller type id.
//
// `known_places` (optional, one flag per token) marks words a gazetteer
// knows as a country, capital, major city or region: such a word is a
// surname only where the document names it as a person at least as often
// as it names it otherwise ("Iraq" tagged a place six times stays a place
// when a mistagged person ends in it).
void MakeNamesConsistent(const std::vector<std::string_view>& tokens,
                         const std::vector<TokenRange>& sentences, int person_type,
                         std::vector<NameSpan>* spans,
                         const std::vector<bool>* known_places = nullptr);

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_DOCUMENT_CONSISTENCY_H_
