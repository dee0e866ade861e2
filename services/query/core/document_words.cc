#include "services/query/core/document_words.h"

#include "services/query/core/query_parser.h"

namespace newsgraph {

void GatherDocumentWords(std::string_view title, std::string_view body, DocumentWords* out) {
  out->bytes.clear();
  out->ends.clear();
  auto add = [out](std::string_view word) {
    out->bytes.append(word);
    out->ends.push_back(static_cast<uint32_t>(out->bytes.size()));
  };
  ForEachTextTerm(title, add);
  out->title_words = out->ends.size();
  ForEachTextTerm(body, add);
}

}  // namespace newsgraph
