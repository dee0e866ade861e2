// DocumentWords: the normalized words of a document's title and body, as the
// index reads them (ForEachTextTerm), in one buffer; and DocumentWordsAhead,
// which computes them for a run of documents on a second thread while the
// index's writer accumulates postings on its own.
//
// Tokenizing and normalizing were about a tenth of indexing a catching-up
// batch on the writer's thread, and the machine the service runs on has a
// second core that RocksDB's flushes and compactions use only part of the
// time (docs/BENCHMARKS.md).
//
// Example:
//   DocumentWordsAhead ahead(sections);       // starts the helper thread
//   for (size_t i = 0; i < sections.size(); ++i) {
//     const DocumentWords& words = ahead.Get(i);  // waits for document i
//     for (size_t w = 0; w < words.size(); ++w) Use(words.word(w));
//   }
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_DOCUMENT_WORDS_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_DOCUMENT_WORDS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

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

class DocumentWordsAhead {
 public:
  // (title, body) of each document; the texts must outlive this object.
  explicit DocumentWordsAhead(std::vector<std::pair<std::string_view, std::string_view>> sections);
  // Stops the helper (after the document it is on) and joins it.
  ~DocumentWordsAhead();
  DocumentWordsAhead(const DocumentWordsAhead&) = delete;
  DocumentWordsAhead& operator=(const DocumentWordsAhead&) = delete;

  // Document i's words, once the helper has them. REQUIRES: i < the number
  // of documents.
  const DocumentWords& Get(size_t i);

 private:
  void Run();

  const std::vector<std::pair<std::string_view, std::string_view>> sections_;
  std::vector<DocumentWords> words_;
  absl::Mutex mu_;
  size_t ready_ ABSL_GUARDED_BY(mu_) = 0;  // words_[0, ready_) are done
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: starts once the rest is constructed
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_DOCUMENT_WORDS_H_
