#include "tools/eval_cleaning/body_metric.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace newsgraph {
namespace eval {
namespace {

struct Tokens {
  std::vector<std::string_view> text;
  std::vector<uint32_t> weight;  // code points
  size_t total = 0;
};

Tokens Split(std::string_view s) {
  Tokens tokens;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' ||
                            s[i] == '\r')) {
      ++i;
    }
    const size_t begin = i;
    uint32_t code_points = 0;
    while (i < s.size() && !(s[i] == ' ' || s[i] == '\n' || s[i] == '\t' ||
                             s[i] == '\r')) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++code_points;
      ++i;
    }
    if (i > begin) {
      tokens.text.push_back(s.substr(begin, i - begin));
      tokens.weight.push_back(code_points);
      tokens.total += code_points;
    }
  }
  return tokens;
}

}  // namespace

double BodyScore::Precision() const {
  return extracted == 0 ? (gold == 0 ? 1.0 : 0.0)
                        : static_cast<double>(matched) / extracted;
}

double BodyScore::Recall() const {
  return gold == 0 ? 1.0 : static_cast<double>(matched) / gold;
}

double BodyScore::F1() const {
  const double p = Precision(), r = Recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

BodyScore ScoreBody(std::string_view extracted, std::string_view gold) {
  const Tokens a = Split(extracted);
  const Tokens b = Split(gold);
  BodyScore score;
  score.extracted = a.total;
  score.gold = b.total;
  // Weighted LCS with two rows.
  std::vector<uint64_t> prev(b.text.size() + 1, 0), cur(b.text.size() + 1, 0);
  for (size_t i = 1; i <= a.text.size(); ++i) {
    cur[0] = 0;
    for (size_t j = 1; j <= b.text.size(); ++j) {
      uint64_t best = std::max(prev[j], cur[j - 1]);
      if (a.text[i - 1] == b.text[j - 1]) {
        best = std::max(best, prev[j - 1] + a.weight[i - 1]);
      }
      cur[j] = best;
    }
    std::swap(prev, cur);
  }
  score.matched = prev[b.text.size()];
  return score;
}

}  // namespace eval
}  // namespace newsgraph
