// Learning hierarchical word clusters from unlabeled sentences, for the
// tagger's cluster features (word_clusters.h); tools/word_clusters is the
// command line around it.
//
// Every word seen at least `min_count` times (exact form) gets a context
// vector over its left and right neighbours (`window` 2 adds the words two
// positions away): the `contexts` most frequent lower-cased words, other
// words by coarse shape (digits, punctuation, capitalized, lower case), and
// the sentence boundary, weighted by positive pointwise mutual information
// with context probabilities smoothed by the power 0.75. A randomized
// truncated SVD (Halko et al. 2011) reduces the vectors to `dims`
// dimensions, scaled by the square root of the singular values and
// normalized. The tree is built top-down: each node's words are split into
// 2^bits_per_level groups by spherical k-means with k-means++ seeding, down
// to `depth` bits; a word's path of group numbers is its bit string.
//
// Deterministic for given sentences and options. Thread-compatible.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_WORD_CLUSTER_LEARNER_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_WORD_CLUSTER_LEARNER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph::ner {

struct ClusterLearnerOptions {
  int min_count = 2;       // occurrences a word needs to be clustered
  int window = 1;          // context positions on each side: 1 or 2
  int contexts = 2000;     // context words (most frequent, lower-cased)
  int dims = 100;          // SVD dimensions
  int depth = 16;          // bits per path, 1..32
  int bits_per_level = 4;  // each node splits into 2^bits_per_level groups
  int iterations = 15;     // k-means iterations per node
  uint64_t seed = 1;
};

struct LearnedWord {
  std::string word;
  std::string bits;  // '0'/'1', 1..depth characters
  int64_t count = 0;
};

struct LearnedClusters {
  // By descending count, then bytes.
  std::vector<LearnedWord> words;
  // The reduced vectors, `dims` floats per word, in `words` order.
  std::vector<float> vectors;
  int dims = 0;
  size_t num_tokens = 0;
  size_t num_contexts = 0;
};

// Fails with INVALID_ARGUMENT on options out of range. No sentences or no
// word reaching min_count: an empty result.
absl::StatusOr<LearnedClusters> LearnWordClusters(
    const std::vector<std::vector<std::string>>& sentences, const ClusterLearnerOptions& options);

// The `k` words most similar to `word` by cosine of the reduced vectors,
// most similar first; empty if `word` was not clustered. For judging the
// vectors.
std::vector<std::pair<std::string, float>> NearestWords(const LearnedClusters& clusters,
                                                        std::string_view word, int k);

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_WORD_CLUSTER_LEARNER_H_
