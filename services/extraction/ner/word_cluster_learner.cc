#include "services/extraction/ner/word_cluster_learner.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "services/extraction/ner/hashing.h"
#include "services/extraction/ner/word_form.h"

namespace newsgraph::ner {
namespace {

std::string Lower(const std::string& word) { return LowerForm(word); }

// Context class of a word outside the context vocabulary.
int ShapeClass(const std::string& word) {
  const uint32_t flags = WordFlags(word);
  if (flags & kFlagHasDigit) return 0;
  if (flags & kFlagPunct) return 1;
  if (flags & (kFlagInitCap | kFlagAllCaps)) {
    return 2;
  }
  return 3;
}

using Vec = std::vector<float>;

float Dot(const float* a, const float* b, int d) {
  float s = 0;
  for (int i = 0; i < d; ++i) s += a[i] * b[i];
  return s;
}

void Normalize(float* v, int d) {
  const float n = std::sqrt(Dot(v, v, d));
  if (n > 0) {
    for (int i = 0; i < d; ++i) v[i] /= n;
  }
}

// Builds the cluster tree top-down: each node's words are split into
// 2^bits_per_level groups by spherical k-means (k-means++ seeding), and a
// word's path is the concatenation of its group numbers.
struct Tree {
  const std::vector<float>* vectors;
  int dims;
  int depth;
  int bits_per_level;
  int iterations;
  std::mt19937_64 rng;
  std::vector<std::string> paths;

  void Split(const std::vector<int>& members, int level) {
    const int bits = std::min(bits_per_level, depth - level);
    if (bits <= 0 || members.size() < 2) return;
    const float* x = vectors->data();
    auto vec = [&](int m) { return x + size_t(m) * dims; };
    const int k = std::min<int>(1 << bits, members.size());
    // k-means++ seeding on cosine distance.
    std::vector<Vec> centers;
    std::vector<float> nearest(members.size(), 2);
    std::uniform_int_distribution<size_t> pick(0, members.size() - 1);
    int next = members[pick(rng)];
    while (static_cast<int>(centers.size()) < k) {
      centers.emplace_back(vec(next), vec(next) + dims);
      double total = 0;
      for (size_t i = 0; i < members.size(); ++i) {
        const float d = 1 - Dot(vec(members[i]), centers.back().data(), dims);
        nearest[i] = std::min(nearest[i], std::max(0.0f, d) * std::max(0.0f, d));
        total += nearest[i];
      }
      if (total <= 0) break;
      std::uniform_real_distribution<double> u(0, total);
      double target = u(rng);
      size_t chosen = members.size() - 1;
      for (size_t i = 0; i < members.size(); ++i) {
        target -= nearest[i];
        if (target <= 0) {
          chosen = i;
          break;
        }
      }
      next = members[chosen];
    }
    const int num_centers = static_cast<int>(centers.size());
    std::vector<int> assign(members.size(), -1);
    for (int it = 0; it < iterations; ++it) {
      bool changed = false;
      std::vector<Vec> sums(num_centers, Vec(dims, 0));
      for (size_t i = 0; i < members.size(); ++i) {
        const float* v = vec(members[i]);
        int best = 0;
        float best_sim = -2;
        for (int c = 0; c < num_centers; ++c) {
          const float sim = Dot(v, centers[c].data(), dims);
          if (sim > best_sim) {
            best_sim = sim;
            best = c;
          }
        }
        changed |= assign[i] != best;
        assign[i] = best;
        for (int d = 0; d < dims; ++d) sums[best][d] += v[d];
      }
      for (int c = 0; c < num_centers; ++c) {
        Normalize(sums[c].data(), dims);
        // An emptied center keeps its place.
        if (Dot(sums[c].data(), sums[c].data(), dims) > 0) centers[c].swap(sums[c]);
      }
      if (!changed) break;
    }
    std::vector<std::vector<int>> groups(1 << bits);
    for (size_t i = 0; i < members.size(); ++i) {
      groups[assign[i]].push_back(members[i]);
    }
    for (int g = 0; g < (1 << bits); ++g) {
      for (int m : groups[g]) {
        for (int b = bits - 1; b >= 0; --b) {
          paths[m].push_back(((g >> b) & 1) ? '1' : '0');
        }
      }
      // Identical vectors in one group cannot be split further.
      if (groups[g].size() < members.size()) Split(groups[g], level + bits);
    }
  }
};

// Orthonormalizes the k columns of the n x k row-major matrix `a` in place
// (modified Gram-Schmidt).
void Orthonormalize(std::vector<float>* a, size_t n, int k) {
  for (int j = 0; j < k; ++j) {
    for (int i = 0; i < j; ++i) {
      double dot = 0;
      for (size_t r = 0; r < n; ++r) dot += (*a)[r * k + i] * (*a)[r * k + j];
      for (size_t r = 0; r < n; ++r) (*a)[r * k + j] -= dot * (*a)[r * k + i];
    }
    double norm = 0;
    for (size_t r = 0; r < n; ++r) norm += (*a)[r * k + j] * (*a)[r * k + j];
    norm = std::sqrt(norm);
    for (size_t r = 0; r < n; ++r) {
      (*a)[r * k + j] = norm > 0 ? (*a)[r * k + j] / norm : 0;
    }
  }
}

// Eigen-decomposition of the symmetric k x k matrix `a` by cyclic Jacobi
// rotations: on return the diagonal of `a` holds the eigenvalues and the
// columns of `v` the eigenvectors.
void JacobiEigen(std::vector<double>* a, int k, std::vector<double>* v) {
  v->assign(size_t(k) * k, 0);
  for (int i = 0; i < k; ++i) (*v)[i * k + i] = 1;
  auto A = [&](int i, int j) -> double& { return (*a)[size_t(i) * k + j]; };
  for (int sweep = 0; sweep < 30; ++sweep) {
    double off = 0;
    for (int i = 0; i < k; ++i) {
      for (int j = i + 1; j < k; ++j) off += A(i, j) * A(i, j);
    }
    if (off < 1e-18) break;
    for (int p = 0; p < k; ++p) {
      for (int q = p + 1; q < k; ++q) {
        if (std::fabs(A(p, q)) < 1e-30) continue;
        const double theta = (A(q, q) - A(p, p)) / (2 * A(p, q));
        const double t = (theta >= 0 ? 1 : -1) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (int r = 0; r < k; ++r) {
          const double arp = A(r, p), arq = A(r, q);
          A(r, p) = c * arp - s * arq;
          A(r, q) = s * arp + c * arq;
        }
        for (int r = 0; r < k; ++r) {
          const double apr = A(p, r), aqr = A(q, r);
          A(p, r) = c * apr - s * aqr;
          A(q, r) = s * apr + c * aqr;
        }
        for (int r = 0; r < k; ++r) {
          double& vp = (*v)[size_t(r) * k + p];
          double& vq = (*v)[size_t(r) * k + q];
          const double a0 = vp, b0 = vq;
          vp = c * a0 - s * b0;
          vq = s * a0 + c * b0;
        }
      }
    }
  }
}

// Rank-`dims` truncated SVD of the sparse matrix (rows x num_contexts) by a
// randomized range finder with two power iterations (Halko et al. 2011);
// returns each row's left singular vector coordinates scaled by the square
// root of the singular values, normalized to unit length.
template <typename Rows>
std::vector<float> ReducedVectors(const Rows& rows, int num_contexts, int dims, uint64_t seed) {
  const size_t n = rows.size();
  const int k = dims + 10;
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> gauss;
  std::vector<float> omega(size_t(num_contexts) * k);
  for (float& x : omega) x = gauss(rng);
  // y = M * omega
  auto times = [&](const std::vector<float>& right, std::vector<float>* y) {
    y->assign(n * k, 0);
    for (size_t r = 0; r < n; ++r) {
      float* out = y->data() + r * k;
      for (const auto& cell : rows[r]) {
        const float* in = right.data() + size_t(cell.context) * k;
        for (int j = 0; j < k; ++j) out[j] += cell.value * in[j];
      }
    }
  };
  // z = M^T * y
  auto transpose_times = [&](const std::vector<float>& y, std::vector<float>* z) {
    z->assign(size_t(num_contexts) * k, 0);
    for (size_t r = 0; r < n; ++r) {
      const float* in = y.data() + r * k;
      for (const auto& cell : rows[r]) {
        float* out = z->data() + size_t(cell.context) * k;
        for (int j = 0; j < k; ++j) out[j] += cell.value * in[j];
      }
    }
  };
  std::vector<float> y, z;
  times(omega, &y);
  Orthonormalize(&y, n, k);
  for (int power = 0; power < 2; ++power) {
    transpose_times(y, &z);
    Orthonormalize(&z, num_contexts, k);
    times(z, &y);
    Orthonormalize(&y, n, k);
  }
  // B = Q^T M (k x C), stored transposed as z (C x k); then B B^T.
  transpose_times(y, &z);
  std::vector<double> bbt(size_t(k) * k, 0);
  for (int c = 0; c < num_contexts; ++c) {
    const float* col = z.data() + size_t(c) * k;
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < k; ++j) bbt[size_t(i) * k + j] += col[i] * col[j];
    }
  }
  std::vector<double> eigvec;
  JacobiEigen(&bbt, k, &eigvec);
  std::vector<int> order(k);
  for (int i = 0; i < k; ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return bbt[size_t(a) * k + a] > bbt[size_t(b) * k + b]; });
  std::vector<float> out(n * size_t(dims), 0);
  for (int d = 0; d < dims; ++d) {
    const int e = order[d];
    const double lambda = std::max(0.0, bbt[size_t(e) * k + e]);
    // sqrt(singular value) = lambda^(1/4).
    const double scale = std::pow(lambda, 0.25);
    for (size_t r = 0; r < n; ++r) {
      double u = 0;
      for (int j = 0; j < k; ++j) u += y[r * k + j] * eigvec[size_t(j) * k + e];
      out[r * dims + d] = static_cast<float>(u * scale);
    }
  }
  for (size_t r = 0; r < n; ++r) Normalize(out.data() + r * dims, dims);
  return out;
}

}  // namespace

absl::StatusOr<LearnedClusters> LearnWordClusters(
    const std::vector<std::vector<std::string>>& sentences, const ClusterLearnerOptions& options) {
  if (options.depth < 1 || options.depth > 32) {
    return absl::InvalidArgumentError(absl::StrCat("depth ", options.depth, " (1..32 allowed)"));
  }
  if (options.bits_per_level < 1 || options.bits_per_level > 8) {
    return absl::InvalidArgumentError(
        absl::StrCat("bits_per_level ", options.bits_per_level, " (1..8 allowed)"));
  }
  if (options.window < 1 || options.window > 2 || options.min_count < 1 || options.dims < 1 ||
      options.contexts < 1 || options.iterations < 1) {
    return absl::InvalidArgumentError(
        "window must be 1 or 2; min_count, dims, contexts and iterations at least 1");
  }
  LearnedClusters result;
  size_t num_tokens = 0;
  absl::flat_hash_map<std::string, int64_t> word_counts, lower_counts;
  for (const std::vector<std::string>& s : sentences) {
    num_tokens += s.size();
    for (const std::string& w : s) {
      ++word_counts[w];
      ++lower_counts[Lower(w)];
    }
  }
  // Vocabulary to cluster, by descending count then bytes (deterministic).
  std::vector<std::pair<int64_t, std::string>> vocab;
  for (const auto& [w, c] : word_counts) {
    if (c >= options.min_count) vocab.emplace_back(-c, w);
  }
  std::sort(vocab.begin(), vocab.end());
  absl::flat_hash_map<std::string, int> word_index;
  for (size_t i = 0; i < vocab.size(); ++i) word_index[vocab[i].second] = i;
  // Context vocabulary.
  std::vector<std::pair<int64_t, std::string>> ctx_words;
  for (const auto& [w, c] : lower_counts) ctx_words.emplace_back(-c, w);
  std::sort(ctx_words.begin(), ctx_words.end());
  ctx_words.resize(std::min<size_t>(ctx_words.size(), static_cast<size_t>(options.contexts)));
  absl::flat_hash_map<std::string, int> ctx_index;
  for (size_t i = 0; i < ctx_words.size(); ++i) ctx_index[ctx_words[i].second] = i;
  // Per position: context words, 4 shape classes, sentence boundary.
  const int per_position = static_cast<int>(ctx_words.size()) + 5;
  // Positions -1, +1 and, with --window=2, -2, +2.
  const int num_positions = options.window >= 2 ? 4 : 2;
  const int num_contexts = num_positions * per_position;
  result.num_tokens = num_tokens;
  result.num_contexts = num_contexts;

  // Co-occurrence counts.
  std::vector<absl::flat_hash_map<int, float>> cooc(vocab.size());
  std::vector<double> ctx_total(num_contexts, 0);
  const int offsets[4] = {-1, 1, -2, 2};
  for (const std::vector<std::string>& s : sentences) {
    std::vector<int> ctx_id(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
      auto it = ctx_index.find(Lower(s[i]));
      ctx_id[i] = it != ctx_index.end() ? it->second
                                        : static_cast<int>(ctx_words.size()) + ShapeClass(s[i]);
    }
    for (size_t i = 0; i < s.size(); ++i) {
      auto w = word_index.find(s[i]);
      if (w == word_index.end()) continue;
      for (int p = 0; p < num_positions; ++p) {
        const long j = static_cast<long>(i) + offsets[p];
        const int local =
            (j < 0 || j >= static_cast<long>(s.size())) ? per_position - 1 : ctx_id[j];
        const int c = p * per_position + local;
        cooc[w->second][c] += 1;
        ctx_total[c] += 1;
      }
    }
  }
  // PPMI with context probabilities smoothed by the power 0.75.
  double smoothed_sum = 0;
  for (double& t : ctx_total) {
    t = std::pow(t, 0.75);
    smoothed_sum += t;
  }
  // Sparse PPMI rows.
  struct Cell {
    int context;
    float value;
  };
  std::vector<std::vector<Cell>> ppmi(vocab.size());
  for (size_t w = 0; w < vocab.size(); ++w) {
    double row_total = 0;
    for (const auto& [c, n] : cooc[w]) row_total += n;
    for (const auto& [c, n] : cooc[w]) {
      const double pmi = std::log((n / row_total) / (ctx_total[c] / smoothed_sum));
      if (pmi > 0) ppmi[w].push_back({c, static_cast<float>(pmi)});
    }
    std::sort(ppmi[w].begin(), ppmi[w].end(),
              [](const Cell& a, const Cell& b) { return a.context < b.context; });
  }
  cooc.clear();
  const int dims = options.dims;
  result.vectors = ReducedVectors(ppmi, num_contexts, dims, options.seed);
  result.dims = dims;

  if (vocab.empty()) return result;
  Tree tree{&result.vectors,
            dims,
            options.depth,
            options.bits_per_level,
            options.iterations,
            std::mt19937_64(options.seed),
            std::vector<std::string>(vocab.size())};
  std::vector<int> all(vocab.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  tree.Split(all, 0);

  result.words.resize(vocab.size());
  for (size_t i = 0; i < vocab.size(); ++i) {
    LearnedWord& w = result.words[i];
    w.word = vocab[i].second;
    w.count = -vocab[i].first;
    // A word alone at the root (a one-word vocabulary) still needs a bit.
    w.bits = tree.paths[i].empty() ? "0" : std::move(tree.paths[i]);
  }
  return result;
}

std::vector<std::pair<std::string, float>> NearestWords(const LearnedClusters& clusters,
                                                        std::string_view word, int k) {
  std::vector<std::pair<std::string, float>> out;
  const int dims = clusters.dims;
  size_t query = clusters.words.size();
  for (size_t i = 0; i < clusters.words.size(); ++i) {
    if (clusters.words[i].word == word) query = i;
  }
  if (query == clusters.words.size()) return out;
  const float* q = clusters.vectors.data() + query * dims;
  std::vector<std::pair<float, size_t>> sims;
  for (size_t i = 0; i < clusters.words.size(); ++i) {
    if (i != query) sims.emplace_back(-Dot(q, clusters.vectors.data() + i * dims, dims), i);
  }
  const size_t n = std::min<size_t>(k, sims.size());
  std::partial_sort(sims.begin(), sims.begin() + n, sims.end());
  for (size_t i = 0; i < n; ++i)
    out.emplace_back(clusters.words[sims[i].second].word, -sims[i].first);
  return out;
}

}  // namespace newsgraph::ner
