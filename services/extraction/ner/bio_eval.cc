#include "services/extraction/ner/bio_eval.h"

#include <algorithm>

#include "services/extraction/ner/document_consistency.h"

namespace newsgraph::ner {

void ScoreOnBio(const NerModel& model, const std::vector<BioSentence>& data,
                const std::vector<std::string>& types, SpanScorer* scorer,
                const BioErrorCallback& on_error, std::vector<float>* margins, bool by_document) {
  const std::vector<std::string>& names = model.labels().types();
  std::vector<bool> scored(names.size());
  for (size_t t = 0; t < names.size(); ++t) {
    scored[t] = std::find(types.begin(), types.end(), names[t]) != types.end();
  }
  const int person_type = model.labels().TypeIndex("PER");
  for (size_t first = 0; first < data.size();) {
    // One document: [first, last).
    size_t last = first + 1;
    if (by_document && !data[first].doc_id.empty()) {
      while (last < data.size() && data[last].doc_id == data[first].doc_id) {
        ++last;
      }
    }
    std::vector<std::string_view> doc_tokens;
    std::vector<TokenRange> sentences;
    std::vector<NameSpan> spans;
    std::vector<std::string_view> views;
    for (size_t k = first; k < last; ++k) {
      const BioSentence& s = data[k];
      const uint32_t offset = static_cast<uint32_t>(doc_tokens.size());
      views.assign(s.tokens.begin(), s.tokens.end());
      for (const TaggedEntity& e : model.Tag(views)) {
        if (!scored[e.type]) continue;
        spans.push_back({offset + e.begin, offset + e.end, e.type, e.confidence});
        if (margins) margins->push_back(e.margin);
      }
      doc_tokens.insert(doc_tokens.end(), views.begin(), views.end());
      sentences.push_back({offset, static_cast<uint32_t>(doc_tokens.size())});
    }
    if (by_document && person_type >= 0) {
      MakeNamesConsistent(doc_tokens, sentences, person_type, &spans);
    } else {
      std::sort(spans.begin(), spans.end(),
                [](const NameSpan& a, const NameSpan& b) { return a.begin < b.begin; });
    }
    size_t next_span = 0;
    for (size_t k = first; k < last; ++k) {
      const BioSentence& s = data[k];
      const TokenRange& range = sentences[k - first];
      std::vector<TokenSpan> gold;
      for (TokenSpan& span : SpansFromBio(s.tags)) {
        if (std::find(types.begin(), types.end(), span.type) != types.end()) {
          gold.push_back(std::move(span));
        }
      }
      std::vector<TokenSpan> predicted;
      for (; next_span < spans.size() && spans[next_span].begin < range.end; ++next_span) {
        const NameSpan& sp = spans[next_span];
        predicted.push_back({static_cast<int>(sp.begin - range.first),
                             static_cast<int>(sp.end - range.first), names[sp.type]});
      }
      scorer->Add(gold, predicted);
      if (on_error && gold != predicted) on_error(s, gold, predicted);
    }
    first = last;
  }
}

}  // namespace newsgraph::ner
