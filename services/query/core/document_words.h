// PackedStrings: strings back to back in one buffer, for lists that are
// filled and read once per batch (no allocation per string). DocumentWords:
// the normalized words of a document's title and body, as the index reads
// them (ForEachTextTerm), computed ahead of the index's writer on a helper
// thread (see common/concurrency/computed_ahead.h) and handed over this way.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_DOCUMENT_WORDS_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_DOCUMENT_WORDS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {

class PackedStrings {
 public:
  void Add(std::string_view s) {
    bytes_.append(s);
    ends_.push_back(bytes_.size());
  }
  void clear() {
    bytes_.clear();
    ends_.clear();
  }
  size_t size() const { return ends_.size(); }
  std::string_view operator[](size_t i) const {
    const size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }

 private:
  std::string bytes_;
  std::vector<size_t> ends_;  // where each string ends in bytes_
};

struct DocumentWords {
  PackedStrings words;
  size_t title_words = 0;  // the first ones are the title's

  size_t size() const { return words.size(); }
  std::string_view word(size_t i) const { return words[i]; }
};

// The words of a document whose indexed sections are `title` and `body`
// (replaces out's contents).
void GatherDocumentWords(std::string_view title, std::string_view body, DocumentWords* out);

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_DOCUMENT_WORDS_H_
