// Averaged structured perceptron training for NerModel.
//
// Each sentence is decoded with the current weights under the label
// scheme's constraints; on a mistake, the features of the gold labels are
// rewarded and those of the predicted labels penalized (emissions and
// transitions). The returned model uses the averaged weights (Collins 2002).
//
// Corpora that do not annotate MISC (their MISC-like names are tagged O) are
// trained with a latent gold path: where such a corpus says O, both O and
// MISC labels count as correct, and the best-scoring of them is the target.
//
// Deterministic for a given seed and input. Not thread-safe.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_NER_PERCEPTRON_TRAINER_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_NER_PERCEPTRON_TRAINER_H_

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "services/extraction/ner/bio_corpus.h"
#include "services/extraction/ner/features.h"
#include "services/extraction/ner/gazetteer.h"
#include "services/extraction/ner/labels.h"
#include "services/extraction/ner/ner_model.h"
#include "services/extraction/ner/word_clusters.h"

namespace newsgraph::ner {

struct TrainerOptions {
  TagScheme scheme = TagScheme::kBilou;
  // Entity types to learn; tags of other types become O.
  std::vector<std::string> types = {"PER", "ORG", "LOC", "MISC"};
  int table_bits = 20;
  uint64_t seed = 1;
  // Words must be seen this often (not sentence-initially) to enter the
  // case lexicon.
  int case_lexicon_min_count = 3;
  // Probability of hiding a token's word and lower-case features in one
  // training step (they are replaced by an "unknown word" feature), so that
  // the weights also learn to recognize names from context, shape, affixes
  // and gazetteers: unseen names are the rule in news. 0 disables it.
  double word_dropout = 0;
  // How the training text labels each word (CaseLexicon name bits) becomes
  // a feature when > 0: the data is cut into this many folds of whole
  // documents, and each sentence's features see the labels of the other
  // folds only; the model keeps the labels of all the data.
  int name_lexicon_folds = 0;
  // Fraction of the training sentences that are also trained in capitals
  // ("HEALTH MINISTER MEETS WHO ENVOY IN ASTANA"): headlines, datelines and
  // site chrome are often written that way, and the corpora hardly ever
  // are. The copies share their sentence's fold and never enter the case or
  // name lexicons, which describe running text. 0 disables it.
  double upper_case_fraction = 0;
  // Likewise in headline title case ("Health Minister Meets WHO Envoy in
  // Astana": every word capitalized but short function words).
  double title_case_fraction = 0;
};

// A training sentence with the knowledge of whether its corpus annotates
// the type "MISC".
struct TrainingSentence {
  BioSentence sentence;
  bool annotates_misc = true;
  // Not trained on: only its labels enter the name lexicon (of every fold).
  bool lexicon_only = false;
};

class PerceptronTrainer {
 public:
  // `clusters` may be empty (no cluster features).
  PerceptronTrainer(TrainerOptions options, Gazetteer gazetteer, WordClusters clusters = {});

  // Builds the case lexicon from the sentences' text, extracts and caches
  // their features. Call once before the epochs.
  void SetData(std::vector<TrainingSentence> data);

  // One pass over the data in a seeded random order. Returns the number of
  // sentences the current weights got wrong.
  int RunEpoch();

  // The averaged weights so far, quantized into a model.
  std::unique_ptr<NerModel> AveragedModel() const;

  // Adds `factor` times the averaged weights so far to the given vectors
  // (resized and zero-filled first when empty). Used to average several
  // trainers that differ only in their seed: an ensemble in one model.
  void AddAveragedWeights(float factor, std::vector<float>* weights,
                          std::vector<float>* transitions,
                          std::vector<float>* start,
                          std::vector<float>* end) const;

  const Gazetteer& gazetteer() const { return gazetteer_; }
  const CaseLexicon& case_lexicon() const { return lexicon_; }
  const WordClusters& word_clusters() const { return clusters_; }
  const TrainerOptions& options() const { return options_; }

  const LabelSet& labels() const { return labels_; }
  // Sentences trained per epoch, copies in capitals and title case included.
  size_t num_examples() const { return examples_.size(); }

 private:
  void Update(const std::vector<uint32_t>& rows,
              const std::vector<uint32_t>& offsets, const std::vector<int>& gold,
              const std::vector<int>& predicted);
  void AddWeight(size_t index, float delta, std::vector<float>* w,
                 std::vector<double>* acc);

  TrainerOptions options_;
  LabelSet labels_;
  Gazetteer gazetteer_;
  CaseLexicon lexicon_;
  WordClusters clusters_;
  int misc_type_ = -1;
  std::mt19937_64 rng_;
  std::mt19937_64 dropout_rng_;
  uint32_t unknown_word_row_ = 0;
  uint32_t unknown_lower_row_ = 0;

  struct Example {
    std::vector<uint32_t> rows;
    std::vector<uint32_t> offsets;
    std::vector<int> gold;
    bool latent_misc = false;  // O may be MISC
  };
  std::vector<Example> examples_;

  // Weights and averaging accumulators: avg = w - acc / steps_.
  std::vector<float> w_, trans_, start_, end_;
  std::vector<double> w_acc_, trans_acc_, start_acc_, end_acc_;
  double steps_ = 1;
};

}  // namespace newsgraph::ner

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_NER_PERCEPTRON_TRAINER_H_
