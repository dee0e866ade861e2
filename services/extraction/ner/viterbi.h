// Linear-chain decoding shared by the trainer (float weights) and the
// runtime model (quantized weights): emission scores from weight-table rows,
// constrained Viterbi, and max-marginals for confidence.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_VITERBI_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_VITERBI_H_

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace newsgraph::ner {

// Scores below this are "impossible" (disallowed transitions or labels).
inline constexpr float kImpossible = -1e30f;

// Transition scores with the label scheme's constraints applied.
struct TransitionScores {
  int num_labels = 0;
  std::vector<float> trans;  // [prev * L + cur]
  std::vector<float> start;  // [cur]
  std::vector<float> end;    // [prev]

  // The allowed transitions (score above kImpossible), in ascending label
  // order: predecessors[pred_begin[c] .. pred_begin[c + 1]) may precede c,
  // successors[succ_begin[p] .. succ_begin[p + 1]) may follow p. A scheme
  // such as BILOU allows about a third of all pairs, and decoding only
  // visits these. Call IndexAllowed() after filling `trans`.
  std::vector<int> pred_begin, predecessors;
  std::vector<int> succ_begin, successors;
  void IndexAllowed();
};

// emissions[t * L + y] = scale * sum of weights[row * L + y] over the rows of
// token t (rows[offsets[t] .. offsets[t + 1])).
template <typename W>
void ComputeEmissions(const W* weights, int num_labels, float scale,
                      const uint32_t* rows, const uint32_t* offsets, int n,
                      float* emissions) {
  constexpr int kMaxLabels = 32;
  for (int t = 0; t < n; ++t) {
    // Integer weights accumulate exactly in int32, floats in float.
    using Acc = std::conditional_t<std::is_integral_v<W>, int32_t, float>;
    Acc acc[kMaxLabels] = {};
    for (uint32_t k = offsets[t]; k < offsets[t + 1]; ++k) {
      const W* row = weights + static_cast<size_t>(rows[k]) * num_labels;
      for (int y = 0; y < num_labels; ++y) acc[y] += row[y];
    }
    for (int y = 0; y < num_labels; ++y) {
      emissions[t * num_labels + y] = static_cast<float>(acc[y]) * scale;
    }
  }
}

// Best label sequence. `allowed` (optional, n * L) masks labels per token
// (0 = forbidden). Writes n labels into `out`; returns the path score.
float Viterbi(const float* emissions, int n, const TransitionScores& ts,
              const uint8_t* allowed, int* out, std::vector<float>* scratch,
              std::vector<int>* backptr);

// Max-marginals: mm[t * L + y] = score of the best path with label y at t.
void MaxMarginals(const float* emissions, int n, const TransitionScores& ts,
                  std::vector<float>* mm, std::vector<float>* scratch);

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_VITERBI_H_
