#include "services/extraction/ner/labels.h"

#include "absl/strings/str_cat.h"

namespace newsgraph::ner {

std::vector<TokenSpan> SpansFromBio(const std::vector<std::string>& tags) {
  std::vector<TokenSpan> spans;
  int start = -1;
  std::string type;
  auto close = [&](int end) {
    if (start >= 0) spans.push_back({start, end, type});
    start = -1;
  };
  for (int i = 0; i < static_cast<int>(tags.size()); ++i) {
    const std::string& tag = tags[i];
    if (tag.size() < 3 || tag[1] != '-' ||
        (tag[0] != 'B' && tag[0] != 'I')) {
      close(i);
      continue;
    }
    const std::string_view t = std::string_view(tag).substr(2);
    if (tag[0] == 'B' || start < 0 || t != type) {
      close(i);
      start = i;
      type = std::string(t);
    }
  }
  close(static_cast<int>(tags.size()));
  return spans;
}

LabelSet::LabelSet(TagScheme scheme, const std::vector<std::string>& types)
    : scheme_(scheme), types_(types) {
  names_.push_back("O");
  for (const std::string& t : types_) {
    names_.push_back("B-" + t);
    names_.push_back("I-" + t);
    if (scheme_ == TagScheme::kBilou) {
      names_.push_back("L-" + t);
      names_.push_back("U-" + t);
    }
  }
  Index();
}

absl::StatusOr<LabelSet> LabelSet::FromNames(
    const std::vector<std::string>& names) {
  if (names.empty() || names[0] != "O") {
    return absl::DataLossError("label set must start with O");
  }
  const bool bilou = names.size() > 1 && (names.size() - 1) % 4 == 0 &&
                     names.size() > 3 && names[3].rfind("L-", 0) == 0;
  const size_t per_type = bilou ? 4 : 2;
  if ((names.size() - 1) % per_type != 0) {
    return absl::DataLossError("bad label count");
  }
  std::vector<std::string> types;
  for (size_t i = 1; i < names.size(); i += per_type) {
    if (names[i].size() < 3 || names[i].rfind("B-", 0) != 0) {
      return absl::DataLossError(absl::StrCat("bad label ", names[i]));
    }
    types.push_back(names[i].substr(2));
  }
  LabelSet set(bilou ? TagScheme::kBilou : TagScheme::kBio, types);
  if (set.names_ != names) return absl::DataLossError("bad label names");
  return set;
}

void LabelSet::Index() {
  type_of_.clear();
  prefix_.clear();
  type_of_.push_back(-1);
  prefix_.push_back('O');
  for (size_t i = 1; i < names_.size(); ++i) {
    const size_t per_type = scheme_ == TagScheme::kBilou ? 4 : 2;
    type_of_.push_back(static_cast<int>((i - 1) / per_type));
    prefix_.push_back(names_[i][0]);
  }
}

int LabelSet::TypeIndex(std::string_view type) const {
  for (size_t i = 0; i < types_.size(); ++i) {
    if (types_[i] == type) return static_cast<int>(i);
  }
  return -1;
}

int LabelSet::Label(char prefix, int type) const {
  if (prefix == 'O' || type < 0) return 0;
  const int per_type = scheme_ == TagScheme::kBilou ? 4 : 2;
  int offset = 0;
  switch (prefix) {
    case 'B': offset = 0; break;
    case 'I': offset = 1; break;
    case 'L': offset = scheme_ == TagScheme::kBilou ? 2 : 1; break;
    case 'U': offset = scheme_ == TagScheme::kBilou ? 3 : 0; break;
    default: return 0;
  }
  return 1 + type * per_type + offset;
}

bool LabelSet::AllowedTransition(int prev, int cur) const {
  const char p = prefix_[prev];
  const char c = prefix_[cur];
  const bool continues = c == 'I' || c == 'L';
  const bool prev_open = p == 'B' || p == 'I';
  if (scheme_ == TagScheme::kBio) {
    if (c == 'I') return prev_open && type_of_[prev] == type_of_[cur];
    return true;
  }
  // BILOU: an open chunk must continue with I/L of its type.
  if (prev_open) return continues && type_of_[prev] == type_of_[cur];
  return !continues;
}

bool LabelSet::AllowedStart(int label) const {
  const char c = prefix_[label];
  return c != 'I' && c != 'L';
}

bool LabelSet::AllowedEnd(int label) const {
  if (scheme_ == TagScheme::kBio) return true;
  const char c = prefix_[label];
  return c != 'B' && c != 'I';
}

std::vector<int> LabelSet::Encode(const std::vector<std::string>& tags) const {
  std::vector<int> labels(tags.size(), 0);
  for (const TokenSpan& span : SpansFromBio(tags)) {
    const int type = TypeIndex(span.type);
    if (type < 0) continue;
    const int len = span.end - span.begin;
    for (int i = span.begin; i < span.end; ++i) {
      char prefix = i == span.begin ? 'B' : 'I';
      if (scheme_ == TagScheme::kBilou) {
        if (len == 1) {
          prefix = 'U';
        } else if (i + 1 == span.end) {
          prefix = 'L';
        }
      }
      labels[i] = Label(prefix, type);
    }
  }
  return labels;
}

std::vector<TokenSpan> LabelSet::Decode(const std::vector<int>& labels) const {
  std::vector<TokenSpan> spans;
  int start = -1;
  int type = -1;
  auto close = [&](int end) {
    if (start >= 0) spans.push_back({start, end, types_[type]});
    start = -1;
  };
  for (int i = 0; i < static_cast<int>(labels.size()); ++i) {
    const char p = prefix_[labels[i]];
    const int t = type_of_[labels[i]];
    if (p == 'O') {
      close(i);
    } else if (p == 'B' || p == 'U' || start < 0 || t != type) {
      close(i);
      start = i;
      type = t;
    }
    if (p == 'U' || p == 'L') close(i + 1);
  }
  close(static_cast<int>(labels.size()));
  return spans;
}

void ConstrainTransitions(const LabelSet& labels, const float* transitions, const float* start,
                          const float* end, TransitionScores* out) {
  const int L = labels.size();
  out->num_labels = L;
  out->trans.assign(L * L, kImpossible);
  out->start.assign(L, kImpossible);
  out->end.assign(L, kImpossible);
  for (int p = 0; p < L; ++p) {
    for (int c = 0; c < L; ++c) {
      if (labels.AllowedTransition(p, c)) out->trans[p * L + c] = transitions[p * L + c];
    }
    if (labels.AllowedStart(p)) out->start[p] = start[p];
    if (labels.AllowedEnd(p)) out->end[p] = end[p];
  }
  out->IndexAllowed();
}

}  // namespace newsgraph::ner
