#include "services/query/core/document_words.h"

#include "services/query/core/query_parser.h"

namespace newsgraph {

void GatherDocumentWords(std::string_view title, std::string_view body, DocumentWords* out) {
  out->words.clear();
  auto add = [out](std::string_view word) { out->words.Add(word); };
  ForEachTextTerm(title, add);
  out->title_words = out->words.size();
  ForEachTextTerm(body, add);
}

}  // namespace newsgraph
