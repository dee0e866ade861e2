// DocumentWords: the normalized words of a document's title and body, as the
// index reads them (ForEachTextTerm), in one buffer, so that they can be
// computed ahead of the index's writer (on a helper thread, see
// common/concurrency/computed_ahead.h) and handed over without a string per
// word.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_DOCUMENT_WORDS_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_DOCUMENT_WORDS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {

struct DocumentWords {
  std::string bytes;          // the words, back to back
  std::vector<uint32_t> ends;  // where each word ends in `bytes`
  size_t title_words = 0;     // the first ones are the title's

  size_t size() const { return ends.size(); }
  std::string_view word(size_t i) const {
    const uint32_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes).substr(begin, ends[i] - begin);
  }
};

// The words of a document whose indexed sections are `title` and `body`
// (replaces out's contents).
void GatherDocumentWords(std::string_view title, std::string_view body, DocumentWords* out);

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_DOCUMENT_WORDS_H_
