#include "services/extraction/ner/viterbi.h"

#include <algorithm>

namespace newsgraph::ner {

void TransitionScores::IndexAllowed() {
  const int L = num_labels;
  pred_begin.assign(L + 1, 0);
  succ_begin.assign(L + 1, 0);
  predecessors.clear();
  successors.clear();
  for (int c = 0; c < L; ++c) {
    for (int p = 0; p < L; ++p) {
      if (trans[p * L + c] > kImpossible) predecessors.push_back(p);
    }
    pred_begin[c + 1] = static_cast<int>(predecessors.size());
  }
  for (int p = 0; p < L; ++p) {
    for (int c = 0; c < L; ++c) {
      if (trans[p * L + c] > kImpossible) successors.push_back(c);
    }
    succ_begin[p + 1] = static_cast<int>(successors.size());
  }
}

// A disallowed transition adds kImpossible, which absorbs any real score:
// it never beats an allowed one, so skipping it gives the same result as
// the dense loops (same maxima, same first argmax).

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
      for (int k = ts.pred_begin[y]; k < ts.pred_begin[y + 1]; ++k) {
        const int p = ts.predecessors[k];
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
      for (int k = ts.pred_begin[y]; k < ts.pred_begin[y + 1]; ++k) {
        const int p = ts.predecessors[k];
        best = std::max(best, alpha[(t - 1) * L + p] + ts.trans[p * L + y]);
      }
      alpha[t * L + y] = best + emissions[t * L + y];
    }
  }
  for (int y = 0; y < L; ++y) beta[(n - 1) * L + y] = ts.end[y];
  for (int t = n - 2; t >= 0; --t) {
    for (int y = 0; y < L; ++y) {
      float best = kImpossible;
      for (int k = ts.succ_begin[y]; k < ts.succ_begin[y + 1]; ++k) {
        const int c = ts.successors[k];
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
