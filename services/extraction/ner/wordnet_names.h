// Named people, organizations and places from WordNet 3.0's noun database
// (data.noun; Debian's wordnet-base installs it in /usr/share/wordnet), as
// sentences for the trainer's name lexicon: what a dictionary says a name
// is reaches the names the labeled corpora never had (train_ner --wordnet).
//
// A synset's type comes from its hypernyms (instance and class links):
// PER: a named instance of "person"; LOC: a named instance of "location";
// ORG: any capitalized synset under "organization" (WordNet files most
// organizations, "Red Cross", as classes). A synset under several roots
// takes the first of PER, ORG, LOC. Person names with "of" ("Duke of X")
// are titles, not names, and are left out.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_WORDNET_NAMES_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_WORDNET_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/extraction/ner/bio_corpus.h"

namespace newsgraph::ner {

// Parses the text of data.noun. Each name becomes one sentence of its
// tokens ("Red_Cross" -> "Red", "Cross") tagged B-/I-<type>, with doc_id
// "wordnet"; duplicates are dropped. Fails if the root synsets are not at
// their WordNet 3.0 offsets (another version) or a line is malformed.
absl::StatusOr<std::vector<BioSentence>> ParseWordNetNames(std::string_view data_noun);

// Reads `dir`/data.noun and parses it.
absl::StatusOr<std::vector<BioSentence>> ReadWordNetNames(const std::string& dir);

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_WORDNET_NAMES_H_
