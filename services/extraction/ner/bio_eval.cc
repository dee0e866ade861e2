#include "services/extraction/ner/bio_eval.h"

#include <algorithm>

namespace newsgraph::ner {

void ScoreOnBio(const NerModel& model, const std::vector<BioSentence>& data,
                const std::vector<std::string>& types, SpanScorer* scorer,
                const BioErrorCallback& on_error, std::vector<float>* margins) {
  std::vector<std::string_view> views;
  auto keep = [&](const std::string& type) {
    return std::find(types.begin(), types.end(), type) != types.end();
  };
  for (const BioSentence& s : data) {
    views.assign(s.tokens.begin(), s.tokens.end());
    std::vector<TokenSpan> gold;
    for (TokenSpan& span : SpansFromBio(s.tags)) {
      if (keep(span.type)) gold.push_back(std::move(span));
    }
    std::vector<TokenSpan> predicted;
    for (const TaggedEntity& e : model.Tag(views)) {
      const std::string& type = model.labels().types()[e.type];
      if (!keep(type)) continue;
      predicted.push_back({e.begin, e.end, type});
      if (margins) margins->push_back(e.margin);
    }
    scorer->Add(gold, predicted);
    if (on_error && gold != predicted) on_error(s, gold, predicted);
  }
}

}  // namespace newsgraph::ner
