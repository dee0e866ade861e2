// word_clusters: learns hierarchical word clusters from unlabeled text for
// the NER tagger's cluster features (services/extraction/ner/word_clusters.h)
// and writes them as `bits<TAB>word<TAB>count` lines, the format of Brown
// clusters.
//
//   word_clusters --input=a/train.bio,b/train.bio,notes.txt --min_count=2
//     --window=1 --out=models/word-clusters-en.tsv
// (models/README.md has the command of the committed file.)
//
// Inputs: .bio files (the token column is read, the tags are ignored) and
// plain-text files (split by the shared tokenizer). Only unlabeled text of
// training splits belongs here: clusters learned from dev or test text would
// leak into the scores measured on them.
//
// Method: services/extraction/ner/word_cluster_learner.h. Deterministic for
// given inputs and flags. --neighbors prints the nearest words of some words,
// for judging the vectors.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/text/tokenizer.h"
#include "services/extraction/ner/bio_corpus.h"
#include "services/extraction/ner/word_cluster_learner.h"

ABSL_FLAG(std::string, input, "", "comma-separated .bio and text files");
ABSL_FLAG(std::string, out, "", "output TSV");
ABSL_FLAG(int, min_count, 2, "occurrences a word needs to be clustered");
ABSL_FLAG(int, window, 1, "context positions on each side (1 or 2)");
ABSL_FLAG(int, contexts, 2000, "context words (most frequent, lower-cased)");
ABSL_FLAG(int, dims, 100, "dimensions of the reduced (SVD) vectors");
ABSL_FLAG(int, depth, 16, "depth of the cluster tree (bits per path)");
ABSL_FLAG(int, bits_per_level, 4, "each tree node splits into 2^bits_per_level groups");
ABSL_FLAG(int, iterations, 15, "k-means iterations per node");
ABSL_FLAG(uint64_t, seed, 1, "random seed");
ABSL_FLAG(std::string, neighbors, "",
          "comma-separated words: print their nearest words by cosine of the "
          "reduced vectors (for judging the vectors)");

namespace {

using Sentence = std::vector<std::string>;

bool ReadInput(const std::string& path, std::vector<Sentence>* out) {
  if (absl::EndsWith(path, ".bio")) {
    auto sentences = newsgraph::ner::ReadBioFile(path);
    if (!sentences.ok()) {
      std::fprintf(stderr, "word_clusters: %s\n",
                   std::string(sentences.status().message()).c_str());
      return false;
    }
    for (auto& s : *sentences) out->push_back(std::move(s.tokens));
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "word_clusters: cannot read %s\n", path.c_str());
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  const auto tokens = newsgraph::Tokenize(text);
  for (const auto& s : newsgraph::SplitSentences(text, tokens)) {
    Sentence sentence;
    for (uint32_t i = s.first_token; i < s.end_token; ++i) {
      sentence.emplace_back(tokens[i].text(text));
    }
    out->push_back(std::move(sentence));
  }
  return true;
}

int Main() {
  const std::string out_path = absl::GetFlag(FLAGS_out);
  if (absl::GetFlag(FLAGS_input).empty() || out_path.empty()) {
    std::fprintf(stderr, "word_clusters: --input and --out are required\n");
    return 2;
  }
  std::vector<Sentence> sentences;
  for (const std::string& path : std::vector<std::string>(
           absl::StrSplit(absl::GetFlag(FLAGS_input), ',', absl::SkipEmpty()))) {
    if (!ReadInput(path, &sentences)) return 1;
  }
  newsgraph::ner::ClusterLearnerOptions options;
  options.min_count = absl::GetFlag(FLAGS_min_count);
  options.window = absl::GetFlag(FLAGS_window);
  options.contexts = absl::GetFlag(FLAGS_contexts);
  options.dims = absl::GetFlag(FLAGS_dims);
  options.depth = absl::GetFlag(FLAGS_depth);
  options.bits_per_level = absl::GetFlag(FLAGS_bits_per_level);
  options.iterations = absl::GetFlag(FLAGS_iterations);
  options.seed = absl::GetFlag(FLAGS_seed);
  auto learned = newsgraph::ner::LearnWordClusters(sentences, options);
  if (!learned.ok()) {
    std::fprintf(stderr, "word_clusters: %s\n", std::string(learned.status().message()).c_str());
    return 2;
  }
  std::printf("%zu sentences, %zu tokens, %zu words to cluster, %zu contexts\n", sentences.size(),
              learned->num_tokens, learned->words.size(), learned->num_contexts);
  for (const std::string& w : std::vector<std::string>(
           absl::StrSplit(absl::GetFlag(FLAGS_neighbors), ',', absl::SkipEmpty()))) {
    std::printf("%s:", w.c_str());
    for (const auto& [word, sim] : newsgraph::ner::NearestWords(*learned, w, 10)) {
      std::printf(" %s(%.2f)", word.c_str(), sim);
    }
    std::printf("\n");
  }
  // Sorted by path; words of one path keep their frequency order.
  std::vector<const newsgraph::ner::LearnedWord*> order;
  for (const auto& w : learned->words) order.push_back(&w);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto* a, const auto* b) { return a->bits < b->bits; });
  std::ofstream out(out_path, std::ios::trunc);
  for (const auto* w : order) out << w->bits << '\t' << w->word << '\t' << w->count << '\n';
  if (!out) {
    std::fprintf(stderr, "word_clusters: cannot write %s\n", out_path.c_str());
    return 1;
  }
  std::printf("wrote %zu words to %s\n", order.size(), out_path.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return Main();
}
