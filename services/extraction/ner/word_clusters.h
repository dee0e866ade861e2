// Distributional word clusters for the NER tagger: each known word has a
// bit-string path in a binary tree of clusters (the format of Brown
// clusters: words with a long common prefix occur in similar contexts).
// The tagger uses prefixes of the path as features, so a name never seen in
// the labeled corpora still shares weights with the names it resembles in
// unlabeled text ("Abenov" near "Serikova", "Coron" near "Palawan").
//
// The clusters are learned by tools/word_clusters and stored both as a TSV
// (`bits<TAB>word<TAB>count`, the file of models/) and inside the model file
// (Encode/Decode), so the model needs no side file at run time.
//
// Thread-safe: immutable after construction.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_WORD_CLUSTERS_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_WORD_CLUSTERS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace newsgraph::ner {

// A path in the cluster tree: `len` bits, the first bit the most
// significant of the low `len` bits of `bits`. len == 0: unknown word.
struct ClusterPath {
  uint32_t bits = 0;
  uint8_t len = 0;

  // The first `k` bits of the path (the whole path when it is shorter).
  uint32_t Prefix(int k) const { return k >= len ? bits : bits >> (len - k); }
};

class WordClusters {
 public:
  static constexpr int kMaxBits = 32;

  // Adds `word` (exact form) with its path written as '0'/'1' characters.
  // Fails on an empty or over-long path, another character, or a word that
  // is already present.
  absl::Status Add(std::string_view word, std::string_view bits);

  // The path of the word whose HashBytes is `word_hash`; len 0 if unknown.
  ClusterPath Lookup(uint64_t word_hash) const {
    auto it = paths_.find(word_hash);
    return it == paths_.end() ? ClusterPath{} : it->second;
  }
  size_t size() const { return paths_.size(); }
  bool empty() const { return paths_.empty(); }

  void Encode(std::string* out) const;
  static absl::StatusOr<WordClusters> Decode(std::string_view* in);

 private:
  absl::flat_hash_map<uint64_t, ClusterPath> paths_;
};

// Reads a `bits<TAB>word[<TAB>count]` file (tools/word_clusters output).
absl::StatusOr<WordClusters> LoadWordClustersTsv(const std::string& path);

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_WORD_CLUSTERS_H_
