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

DocumentWordsAhead::DocumentWordsAhead(
    std::vector<std::pair<std::string_view, std::string_view>> sections)
    : sections_(std::move(sections)), words_(sections_.size()), thread_([this] { Run(); }) {}

DocumentWordsAhead::~DocumentWordsAhead() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  thread_.join();
}

void DocumentWordsAhead::Run() {
  for (size_t i = 0; i < sections_.size(); ++i) {
    {
      absl::MutexLock lock(&mu_);
      if (stop_) return;
    }
    GatherDocumentWords(sections_[i].first, sections_[i].second, &words_[i]);
    absl::MutexLock lock(&mu_);
    ready_ = i + 1;
  }
}

const DocumentWords& DocumentWordsAhead::Get(size_t i) {
  struct Wait {
    const size_t* ready;
    size_t index;
    static bool Done(Wait* wait) { return *wait->ready > wait->index; }
  };
  absl::MutexLock lock(&mu_);
  Wait wait{&ready_, i};
  mu_.Await(absl::Condition(&Wait::Done, &wait));
  return words_[i];
}

}  // namespace newsgraph
