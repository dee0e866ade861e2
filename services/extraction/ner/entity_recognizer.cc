#include "services/extraction/ner/entity_recognizer.h"

#include <algorithm>

#include "services/extraction/grammar/numeric_grammar.h"
#include "services/extraction/ner/features.h"
#include "services/extraction/ner/word_form.h"

namespace newsgraph {
namespace {

bool IsPossessive(std::string_view token) {
  return token == "'s" || token == "’s" || token == "'" || token == "’" ||
         token == "'S" || token == "’S";
}

}  // namespace

absl::StatusOr<std::unique_ptr<EntityRecognizer>> EntityRecognizer::Load(
    const std::string& model_path) {
  auto model = ner::LoadNerModel(model_path);
  if (!model.ok()) return model.status();
  return std::make_unique<EntityRecognizer>(std::move(*model));
}

EntityRecognizer::EntityRecognizer(std::unique_ptr<ner::NerModel> model)
    : model_(std::move(model)) {
  for (const std::string& type : model_->labels().types()) {
    EntityType mapped = EntityType::kUnknown;
    if (type == "PER") mapped = EntityType::kPerson;
    if (type == "ORG") mapped = EntityType::kOrganization;
    if (type == "LOC") mapped = EntityType::kLocation;
    type_map_.push_back(mapped);
  }
}

std::vector<Mention> EntityRecognizer::RecognizeNames(
    std::string_view text, const std::vector<Token>& tokens,
    const std::vector<Sentence>& sentences) const {
  std::vector<Mention> mentions;
  std::vector<std::string_view> views;
  for (const Sentence& sentence : sentences) {
    if (sentence.end_token <= sentence.first_token) continue;
    views.clear();
    for (uint32_t i = sentence.first_token; i < sentence.end_token; ++i) {
      views.push_back(tokens[i].text(text));
    }
    for (const ner::TaggedEntity& e : model_->Tag(views)) {
      const EntityType type = type_map_[e.type];
      if (type == EntityType::kUnknown) continue;
      int begin = e.begin;
      int end = e.end;
      // Annotation conventions: no possessive, no title inside a name.
      while (end > begin && IsPossessive(views[end - 1])) --end;
      if (type == EntityType::kPerson) {
        while (end - begin > 1 &&
               ner::IsTitleWord(ner::LowerForm(views[begin]))) {
          ++begin;
        }
      }
      if (end <= begin) continue;
      Mention m;
      m.begin = tokens[sentence.first_token + begin].begin;
      m.end = tokens[sentence.first_token + end - 1].end;
      m.text = std::string(text.substr(m.begin, m.end - m.begin));
      m.type = type;
      m.confidence = e.confidence;
      mentions.push_back(std::move(m));
    }
  }
  return mentions;
}

std::vector<Mention> EntityRecognizer::Recognize(
    std::string_view text, const absl::CivilDay* reference_date) const {
  const std::vector<Token> tokens = Tokenize(text);
  const std::vector<Sentence> sentences = SplitSentences(text, tokens);
  std::vector<Mention> names = RecognizeNames(text, tokens, sentences);
  std::vector<Mention> numeric =
      FindNumericMentions(text, tokens, reference_date);

  // Both lists are sorted and internally disjoint. A numeric mention that
  // strictly contains names replaces them ("11 May 2021" over "May");
  // otherwise any overlap keeps the name ("Hospital No. 2").
  std::vector<bool> name_dropped(names.size(), false);
  std::vector<Mention> out;
  out.reserve(names.size() + numeric.size());
  size_t first_name = 0;
  for (Mention& num : numeric) {
    while (first_name < names.size() && names[first_name].end <= num.begin) {
      ++first_name;
    }
    bool keep = true;
    std::vector<size_t> contained;
    for (size_t i = first_name; i < names.size() && names[i].begin < num.end;
         ++i) {
      if (name_dropped[i]) continue;
      const Mention& name = names[i];
      const bool inside_num = num.begin <= name.begin && name.end <= num.end &&
                              (num.end - num.begin) > (name.end - name.begin);
      if (inside_num) {
        contained.push_back(i);
      } else {
        keep = false;
        break;
      }
    }
    if (!keep) continue;
    for (size_t i : contained) name_dropped[i] = true;
    out.push_back(std::move(num));
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (!name_dropped[i]) out.push_back(std::move(names[i]));
  }
  std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) {
    return a.begin < b.begin;
  });
  return out;
}

}  // namespace newsgraph
