#include "services/extraction/ner/viterbi.h"

#include <algorithm>

namespace newsgraph::ner {

float Viterbi(const float* emissions, int n, const TransitionScores& ts,
              const uint8_t* allowed, int* out, std::vector<float>* scratch,
              std::vector<int>* backptr) {
  const int L = ts.num_labels;
  if (n == 0) return 0;
  scratch->assign(static_cast<size_t>(n) * L, kImpossible);
  backptr->assign(static_cast<size_t>(n) * L, 0);
  float* delta = scratch->data();
  int* bp = backptr->data();
  for (int y = 0; y < L; ++y) {
    if (allowed && !allowed[y]) continue;
    delta[y] = ts.start[y] + emissions[y];
  }
  for (int t = 1; t < n; ++t) {
    const float* prev = delta + (t - 1) * L;
    float* cur = delta + t * L;
    for (int y = 0; y < L; ++y) {
      if (allowed && !allowed[t * L + y]) continue;
      float best = kImpossible;
      int arg = 0;
      for (int p = 0; p < L; ++p) {
        const float s = prev[p] + ts.trans[p * L + y];
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      cur[y] = best + emissions[t * L + y];
      bp[t * L + y] = arg;
    }
  }
  float best = kImpossible;
  int arg = 0;
  const float* last = delta + (n - 1) * L;
  for (int y = 0; y < L; ++y) {
    const float s = last[y] + ts.end[y];
    if (s > best) {
      best = s;
      arg = y;
    }
  }
  out[n - 1] = arg;
  for (int t = n - 1; t > 0; --t) out[t - 1] = bp[t * L + out[t]];
  return best;
}

void MaxMarginals(const float* emissions, int n, const TransitionScores& ts,
                  std::vector<float>* mm, std::vector<float>* scratch) {
  const int L = ts.num_labels;
  mm->assign(static_cast<size_t>(n) * L, kImpossible);
  scratch->assign(static_cast<size_t>(n) * L, kImpossible);
  float* alpha = mm->data();  // forward, includes emission at t
  float* beta = scratch->data();  // backward, excludes emission at t
  for (int y = 0; y < L; ++y) alpha[y] = ts.start[y] + emissions[y];
  for (int t = 1; t < n; ++t) {
    for (int y = 0; y < L; ++y) {
      float best = kImpossible;
      for (int p = 0; p < L; ++p) {
        best = std::max(best, alpha[(t - 1) * L + p] + ts.trans[p * L + y]);
      }
      alpha[t * L + y] = best + emissions[t * L + y];
    }
  }
  for (int y = 0; y < L; ++y) beta[(n - 1) * L + y] = ts.end[y];
  for (int t = n - 2; t >= 0; --t) {
    for (int y = 0; y < L; ++y) {
      float best = kImpossible;
      for (int c = 0; c < L; ++c) {
        best = std::max(best, ts.trans[y * L + c] + emissions[(t + 1) * L + c] +
                                  beta[(t + 1) * L + c]);
      }
      beta[t * L + y] = best;
    }
  }
  for (size_t i = 0; i < mm->size(); ++i) {
    alpha[i] = std::max(kImpossible, alpha[i] + beta[i]);
  }
}

}  // namespace newsgraph::ner
