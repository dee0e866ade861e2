// How close an extracted article body is to the gold body, in characters.
//
// Both texts are split into whitespace-separated tokens; the longest common
// subsequence of the two token sequences is found with each token weighted by
// its length in code points (a weighted LCS, so matching order matters and a
// paragraph moved or repeated is not counted twice). Then
//   precision = matched characters / characters of the extracted body,
//   recall    = matched characters / characters of the gold body,
//   F1        = 2PR / (P + R),
// where "characters" are the non-whitespace code points. This is the
// character-level body metric of docs/BENCHMARKS.md; whitespace and paragraph
// breaks are not scored (the paragraph layout is checked by unit tests).
#ifndef NEWSGRAPH_TOOLS_EVAL_CLEANING_BODY_METRIC_H_
#define NEWSGRAPH_TOOLS_EVAL_CLEANING_BODY_METRIC_H_

#include <cstddef>
#include <string_view>

namespace newsgraph {
namespace eval {

struct BodyScore {
  size_t matched = 0;    // non-whitespace code points in the weighted LCS
  size_t extracted = 0;  // non-whitespace code points of the extracted body
  size_t gold = 0;       // non-whitespace code points of the gold body
  double Precision() const;
  double Recall() const;
  double F1() const;
};

BodyScore ScoreBody(std::string_view extracted, std::string_view gold);

}  // namespace eval
}  // namespace newsgraph

#endif  // NEWSGRAPH_TOOLS_EVAL_CLEANING_BODY_METRIC_H_
