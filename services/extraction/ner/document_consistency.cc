#include "services/extraction/ner/document_consistency.h"

#include <algorithm>
#include <array>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "services/extraction/ner/word_form.h"

namespace newsgraph::ner {

void MakeNamesConsistent(const std::vector<std::string_view>& tokens,
                         const std::vector<TokenRange>& sentences, int person_type,
                         std::vector<NameSpan>* spans, const std::vector<bool>* known_places) {
  std::vector<std::string> lower(tokens.size());
  auto lower_of = [&](uint32_t i) -> const std::string& {
    if (lower[i].empty()) lower[i] = LowerForm(tokens[i]);
    return lower[i];
  };
  // Each token's case flags, read once: the passes below ask many times.
  std::vector<uint32_t> flags(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) flags[i] = WordFlags(tokens[i]);
  auto capitalized = [&](uint32_t i) { return (flags[i] & (kFlagInitCap | kFlagAllCaps)) != 0; };
  struct Surname {
    float confidence = 0;
    int count = 0;  // multi-word persons ending in it
  };
  absl::flat_hash_map<std::string, Surname> surnames;
  struct Votes {
    std::array<int, kMaxNameTypes> count{};
    float confidence = 0;
  };
  absl::flat_hash_map<std::string, Votes> names;  // lower surface -> votes
  // The same, from mentions in running text only (not all in capitals).
  absl::flat_hash_map<std::string, Votes> running_text_names;
  auto in_capitals = [&](const NameSpan& sp) {
    for (uint32_t i = sp.begin; i < sp.end; ++i) {
      if (!(flags[i] & kFlagAllCaps)) return false;
    }
    return true;
  };
  auto key_of = [&](const NameSpan& sp) {
    std::string key;
    for (uint32_t i = sp.begin; i < sp.end; ++i) {
      if (i > sp.begin) key.push_back(' ');
      key += lower_of(i);
    }
    return key;
  };
  size_t max_name_tokens = 0;
  for (const NameSpan& sp : *spans) {
    if (sp.type < 0 || sp.type >= kMaxNameTypes) continue;
    const std::string key = key_of(sp);
    Votes& v = names[key];
    v.count[sp.type]++;
    v.confidence = std::max(v.confidence, sp.confidence);
    if (!in_capitals(sp)) running_text_names[key].count[sp.type]++;
    max_name_tokens = std::max<size_t>(max_name_tokens, sp.end - sp.begin);
    // A one-letter last word ("Norton I", "John F") is no surname: "I"
    // would turn every "I" into a person.
    if (sp.type == person_type && sp.end - sp.begin >= 2 && capitalized(sp.end - 1) &&
        lower_of(sp.end - 1).size() >= 2) {
      Surname& surname = surnames[lower_of(sp.end - 1)];
      surname.confidence = std::max(surname.confidence, sp.confidence);
      ++surname.count;
    }
  }
  auto majority = [](const Votes& v) {
    int best = 0;
    for (int t = 1; t < kMaxNameTypes; ++t) {
      if (v.count[t] > v.count[best]) best = t;
    }
    return best;
  };
  // A name in capitals ("ASTANA" in a dateline) that the document also
  // names in running text takes the type it has there: in capitals the
  // tagger sees neither case nor shape.
  for (NameSpan& sp : *spans) {
    if (sp.type < 0 || sp.type >= kMaxNameTypes || !in_capitals(sp)) continue;
    auto it = running_text_names.find(key_of(sp));
    if (it != running_text_names.end()) sp.type = majority(it->second);
  }
  // Whether token i's word is a surname here (see known_places).
  auto surname_holds = [&](uint32_t i) {
    auto it = surnames.find(lower_of(i));
    if (it == surnames.end()) return false;
    if (known_places == nullptr || !(*known_places)[i]) return true;
    auto votes = names.find(lower_of(i));
    if (votes == names.end()) return true;
    int other = 0;
    for (int t = 0; t < kMaxNameTypes; ++t) {
      if (t != person_type) other = std::max(other, votes->second.count[t]);
    }
    return it->second.count >= other;
  };
  // Single-token names that are a known surname become PERSON.
  for (NameSpan& sp : *spans) {
    if (sp.end - sp.begin == 1 && sp.type != person_type && surname_holds(sp.begin)) {
      sp.type = person_type;
    }
  }
  std::vector<bool> covered(tokens.size(), false);
  for (const NameSpan& sp : *spans) {
    for (uint32_t i = sp.begin; i < sp.end; ++i) covered[i] = true;
  }
  // A one-word name the tagger found in fewer places than it left out
  // ("Firefox" tagged a person once among seven) is too weak to spread,
  // unless the gazetteer knows the word as a place.
  absl::flat_hash_map<std::string, int> untagged;  // capitalized, uncovered
  for (const TokenRange& sentence : sentences) {
    for (uint32_t i = sentence.first; i < sentence.end; ++i) {
      if (!covered[i] && capitalized(i)) ++untagged[lower_of(i)];
    }
  }
  auto tagged_often_enough = [&](const std::string& word, const Votes& votes) {
    int tagged = 0;
    for (int count : votes.count) tagged += count;
    auto it = untagged.find(word);
    return it == untagged.end() || tagged >= it->second;
  };
  std::vector<NameSpan> added;
  for (const TokenRange& sentence : sentences) {
    for (uint32_t i = sentence.first; i < sentence.end;) {
      if (covered[i] || !capitalized(i)) {
        ++i;
        continue;
      }
      // Longest known name starting here over uncovered tokens.
      size_t best_len = 0;
      int best_type = 0;
      float best_conf = 0;
      std::string key;
      for (size_t len = 1;
           len <= max_name_tokens && i + len <= sentence.end && !covered[i + len - 1]; ++len) {
        if (len > 1) key.push_back(' ');
        key += lower_of(i + len - 1);
        auto it = names.find(key);
        if (it != names.end() &&
            (len > 1 || (known_places != nullptr && (*known_places)[i]) ||
             tagged_often_enough(key, it->second))) {
          best_len = len;
          best_type = majority(it->second);
          best_conf = it->second.confidence;
        }
      }
      if (best_len <= 1 && surname_holds(i)) {
        best_len = 1;
        best_type = person_type;
        best_conf = surnames.at(lower_of(i)).confidence;
      }
      if (best_len == 0) {
        ++i;
        continue;
      }
      // Propagated mentions are less certain than tagged ones.
      added.push_back({i, static_cast<uint32_t>(i + best_len), best_type, 0.9f * best_conf});
      i += best_len;
    }
  }
  spans->insert(spans->end(), added.begin(), added.end());
  std::sort(spans->begin(), spans->end(),
            [](const NameSpan& a, const NameSpan& b) { return a.begin < b.begin; });
}

}  // namespace newsgraph::ner
