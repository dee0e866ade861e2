// train_ner: trains the NER tagger from .bio corpora with an averaged
// structured perceptron, prints dev F1 (PER/ORG/LOC, exact spans) after
// every epoch, and writes the model of the best epoch by mean dev F1.
//
//   train_ner --train=a/train.bio,b/train.bio --dev=a/dev.bio,b/dev.bio
//     --gazetteers=/work/shared/data/gazetteers --epochs=12 --seed=1
//     --out=models/ner-en-news.bin
//
// --clusters=models/word-clusters-en.tsv bakes word clusters
// (tools/word_clusters) into the model and turns on the cluster features.
// --ensemble=K trains K perceptrons (seeds seed..seed+K-1) in lockstep and
// writes the average of their averaged weights; --word_dropout and
// --replace_loc are regularizers that were measured and are off by default
// (models/README.md); so is --demonyms_not_loc (for corpora that tag
// nationalities as places).
//
// A --train entry may end in ":nomisc" to mark a corpus whose MISC-like
// names are tagged O (trained with a latent O-or-MISC target); files with
// no MISC tag at all are detected as such automatically. An entry ending in
// ":lexicon" (after any ":nomisc") is not trained on: only its labels enter
// the name lexicon (--name_lexicon_folds); --wordnet adds WordNet's
// named people, organizations and places the same way.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/extraction/ner/bio_corpus.h"
#include "services/extraction/ner/bio_eval.h"
#include "services/extraction/ner/gazetteer.h"
#include "services/extraction/ner/perceptron_trainer.h"
#include "services/extraction/ner/word_clusters.h"
#include "services/extraction/ner/wordnet_names.h"

ABSL_FLAG(std::string, train, "", "comma-separated .bio training files");
ABSL_FLAG(std::string, dev, "", "comma-separated .bio dev files");
ABSL_FLAG(int, epochs, 10, "training epochs (the best by dev F1 is kept)");
ABSL_FLAG(std::string, gazetteers, "/work/shared/data/gazetteers",
          "folder with countries.tsv and cities.tsv");
ABSL_FLAG(std::string, out, "", "output model path");
ABSL_FLAG(uint64_t, seed, 1, "random seed (shuffling)");
ABSL_FLAG(std::string, scheme, "bilou", "bio or bilou");
ABSL_FLAG(int, table_bits, 20, "log2 of the feature table rows");
ABSL_FLAG(std::string, misc, "keep", "keep: learn MISC internally; drop: MISC -> O");
ABSL_FLAG(int, ensemble, 1,
          "train this many models in lockstep with seeds seed, seed+1, ... "
          "and average their weights into one model (less seed variance)");
ABSL_FLAG(double, word_dropout, 0,
          "probability of hiding a token's word features in a training step");
ABSL_FLAG(int, case_lexicon_min_count, 3,
          "occurrences a word needs to enter the case lexicon");
ABSL_FLAG(double, replace_loc, 0,
          "for this fraction of training sentences with a LOC mention, add a "
          "copy whose LOC mentions are replaced by random gazetteer places "
          "(countries, Kazakhstan places, major cities)");
ABSL_FLAG(double, upper_case_copies, 0,
          "fraction of the training sentences also trained in capitals, as "
          "headlines and datelines are written");
ABSL_FLAG(double, title_case_copies, 0,
          "fraction of the training sentences also trained in headline "
          "title case");
ABSL_FLAG(int64_t, city_population, 15000, "gazetteer city threshold");
ABSL_FLAG(bool, demonyms_not_loc, false,
          "a one-word LOC mention that the gazetteer knows only as a "
          "demonym (\"Russian\", \"British\") is trained as O: no corpus "
          "guideline makes nationalities places (CoNLL: MISC, UNER: O), but "
          "BTC tags them LOC");
ABSL_FLAG(int, name_lexicon_folds, 0,
          "> 0: bake how the training data labels each word into the model "
          "as features, jackknifed over this many folds of documents while "
          "training (0: no name lexicon)");
ABSL_FLAG(std::string, wordnet, "",
          "folder of WordNet 3.0's data.noun (/usr/share/wordnet, package "
          "wordnet-base): its named people, organizations and places enter "
          "the name lexicon only; empty: none");
ABSL_FLAG(std::string, wordnet_types, "PER,ORG,LOC",
          "which of WordNet's name types --wordnet takes");
ABSL_FLAG(std::string, clusters, "",
          "word cluster TSV (tools/word_clusters) baked into the model for "
          "cluster features; empty: none");

namespace {

using newsgraph::ner::BioSentence;

// Place names for mention replacement, each as tokens: country names,
// Kazakhstan places of >= 5,000 people and cities of >= 500,000.
std::vector<std::vector<std::string>> ReplacementPlaces(const std::string& dir) {
  std::vector<std::vector<std::string>> places;
  auto add = [&](std::string_view name) {
    std::vector<std::string> tokens = absl::StrSplit(
        absl::string_view(name.data(), name.size()), ' ', absl::SkipEmpty());
    if (!tokens.empty() && tokens.size() <= 4) places.push_back(tokens);
  };
  std::string line;
  std::ifstream countries(dir + "/countries.tsv");
  std::getline(countries, line);
  while (std::getline(countries, line)) {
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    if (cols.size() > 2) add(cols[2]);
  }
  std::ifstream cities(dir + "/cities.tsv");
  std::getline(cities, line);
  while (std::getline(cities, line)) {
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    if (cols.size() < 8) continue;
    int64_t population = 0;
    if (!absl::SimpleAtoi(cols[6], &population)) continue;
    if ((cols[3] == "KZ" && population >= 5000) || population >= 500000) {
      add(cols[1]);
    }
  }
  return places;
}

// A copy of `s` with every LOC mention replaced by a random place.
BioSentence ReplaceLocations(const BioSentence& s,
                             const std::vector<std::vector<std::string>>& places,
                             std::mt19937_64* rng) {
  BioSentence out;
  out.doc_id = s.doc_id;
  std::uniform_int_distribution<size_t> pick(0, places.size() - 1);
  for (size_t i = 0; i < s.tokens.size();) {
    if (s.tags[i] == "B-LOC") {
      size_t end = i + 1;
      while (end < s.tokens.size() && s.tags[end] == "I-LOC") ++end;
      const std::vector<std::string>& place = places[pick(*rng)];
      for (size_t k = 0; k < place.size(); ++k) {
        out.tokens.push_back(place[k]);
        out.tags.push_back(k == 0 ? "B-LOC" : "I-LOC");
      }
      i = end;
    } else {
      out.tokens.push_back(s.tokens[i]);
      out.tags.push_back(s.tags[i]);
      ++i;
    }
  }
  return out;
}

// Relabels one-word LOC mentions that are demonyms (and not also a place
// name) as O; returns how many.
int DemonymsNotLoc(const newsgraph::ner::Gazetteer& gazetteer, BioSentence* s) {
  using namespace newsgraph::ner;
  int changed = 0;
  for (size_t i = 0; i < s->tokens.size(); ++i) {
    if (s->tags[i] != "B-LOC") continue;
    if (i + 1 < s->tokens.size() && s->tags[i + 1] == "I-LOC") continue;
    const uint8_t types = gazetteer.Lookup(s->tokens[i]);
    if ((types & kGazDemonym) && !(types & (kGazCountry | kGazCity | kGazCityMajor |
                                            kGazKazakhstan | kGazCapital | kGazRegion))) {
      s->tags[i] = "O";
      ++changed;
    }
  }
  return changed;
}

int Main() {
  using namespace newsgraph::ner;
  const std::string out = absl::GetFlag(FLAGS_out);
  if (absl::GetFlag(FLAGS_train).empty() || out.empty()) {
    std::fprintf(stderr, "train_ner: --train and --out are required\n");
    return 2;
  }
  const bool keep_misc = absl::GetFlag(FLAGS_misc) == "keep";
  TrainerOptions options;
  options.scheme = absl::GetFlag(FLAGS_scheme) == "bio" ? TagScheme::kBio
                                                        : TagScheme::kBilou;
  options.table_bits = absl::GetFlag(FLAGS_table_bits);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.word_dropout = absl::GetFlag(FLAGS_word_dropout);
  options.case_lexicon_min_count = absl::GetFlag(FLAGS_case_lexicon_min_count);
  options.name_lexicon_folds = absl::GetFlag(FLAGS_name_lexicon_folds);
  options.upper_case_fraction = absl::GetFlag(FLAGS_upper_case_copies);
  options.title_case_fraction = absl::GetFlag(FLAGS_title_case_copies);
  options.types = {"PER", "ORG", "LOC"};
  if (keep_misc) options.types.push_back("MISC");

  GazetteerOptions gaz_options;
  gaz_options.city_population = absl::GetFlag(FLAGS_city_population);
  auto gazetteer =
      BuildGazetteerFromTsv(absl::GetFlag(FLAGS_gazetteers), gaz_options);
  if (!gazetteer.ok()) {
    std::fprintf(stderr, "train_ner: %s\n",
                 std::string(gazetteer.status().message()).c_str());
    return 1;
  }
  std::printf("gazetteer: %zu phrases\n", gazetteer->size());
  WordClusters clusters;
  if (const std::string path = absl::GetFlag(FLAGS_clusters); !path.empty()) {
    auto loaded = LoadWordClustersTsv(path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "train_ner: %s\n", std::string(loaded.status().message()).c_str());
      return 1;
    }
    clusters = std::move(*loaded);
    std::printf("word clusters: %zu words\n", clusters.size());
  }

  std::vector<TrainingSentence> data;
  for (const std::string& entry : std::vector<std::string>(absl::StrSplit(
           absl::GetFlag(FLAGS_train), ',', absl::SkipEmpty()))) {
    bool force_nomisc = false;
    bool lexicon_only = false;
    std::string path(entry);
    if (path.size() > 8 && path.compare(path.size() - 8, 8, ":lexicon") == 0) {
      lexicon_only = true;
      path.resize(path.size() - 8);
    }
    if (path.size() > 7 && path.compare(path.size() - 7, 7, ":nomisc") == 0) {
      force_nomisc = true;
      path.resize(path.size() - 7);
    }
    auto sentences = ReadBioFile(path);
    if (!sentences.ok()) {
      std::fprintf(stderr, "train_ner: %s\n",
                   std::string(sentences.status().message()).c_str());
      return 1;
    }
    bool has_misc = false;
    for (const BioSentence& s : *sentences) {
      for (const std::string& t : s.tags) has_misc |= t.size() > 2 && t.substr(2) == "MISC";
    }
    const bool annotates_misc = has_misc && !force_nomisc;
    std::printf("train %s: %zu sentences, MISC %s%s\n", path.c_str(),
                sentences->size(),
                annotates_misc ? "annotated" : "latent (O or MISC)",
                lexicon_only ? ", name lexicon only" : "");
    int demonyms = 0;
    for (BioSentence& s : *sentences) {
      if (absl::GetFlag(FLAGS_demonyms_not_loc)) {
        demonyms += DemonymsNotLoc(*gazetteer, &s);
      }
      if (!keep_misc) KeepTypes({"PER", "ORG", "LOC"}, &s.tags);
      data.push_back({std::move(s), annotates_misc, lexicon_only});
    }
    if (demonyms > 0) {
      std::printf("  %d demonym LOC mentions trained as O\n", demonyms);
    }
  }

  if (const std::string dir = absl::GetFlag(FLAGS_wordnet); !dir.empty()) {
    auto names = ReadWordNetNames(dir);
    if (!names.ok()) {
      std::fprintf(stderr, "train_ner: %s\n", std::string(names.status().message()).c_str());
      return 1;
    }
    const std::vector<std::string> types =
        absl::StrSplit(absl::GetFlag(FLAGS_wordnet_types), ',', absl::SkipEmpty());
    size_t taken = 0;
    for (BioSentence& name : *names) {
      if (std::find(types.begin(), types.end(), name.tags[0].substr(2)) == types.end()) continue;
      data.push_back({std::move(name), /*annotates_misc=*/false, /*lexicon_only=*/true});
      ++taken;
    }
    std::printf("wordnet %s: %zu of %zu names (%s), name lexicon only\n", dir.c_str(), taken,
                names->size(), absl::GetFlag(FLAGS_wordnet_types).c_str());
  }

  if (const double fraction = absl::GetFlag(FLAGS_replace_loc); fraction > 0) {
    const auto places = ReplacementPlaces(absl::GetFlag(FLAGS_gazetteers));
    std::mt19937_64 rng(absl::GetFlag(FLAGS_seed) * 7919 + 17);
    std::bernoulli_distribution take(fraction);
    const size_t original = data.size();
    for (size_t i = 0; i < original && !places.empty(); ++i) {
      const BioSentence& s = data[i].sentence;
      if (data[i].lexicon_only) continue;
      if (std::find(s.tags.begin(), s.tags.end(), "B-LOC") == s.tags.end() ||
          !take(rng)) {
        continue;
      }
      BioSentence copy = ReplaceLocations(s, places, &rng);
      data.push_back({std::move(copy), data[i].annotates_misc});
    }
    std::printf("mention replacement: %zu places, %zu sentences added\n",
                places.size(), data.size() - original);
  }

  std::vector<std::pair<std::string, std::vector<BioSentence>>> dev;
  for (const std::string& path : std::vector<std::string>(absl::StrSplit(
           absl::GetFlag(FLAGS_dev), ',', absl::SkipEmpty()))) {
    auto sentences = ReadBioFile(std::string(path));
    if (!sentences.ok()) {
      std::fprintf(stderr, "train_ner: %s\n",
                   std::string(sentences.status().message()).c_str());
      return 1;
    }
    dev.emplace_back(std::string(path), std::move(*sentences));
  }

  const absl::Time start = absl::Now();
  const int ensemble = std::max(1, absl::GetFlag(FLAGS_ensemble));
  std::vector<std::unique_ptr<PerceptronTrainer>> trainers;
  for (int k = 0; k < ensemble; ++k) {
    TrainerOptions member = options;
    member.seed = options.seed + k;
    trainers.push_back(std::make_unique<PerceptronTrainer>(member, *gazetteer, clusters));
    if (k + 1 < ensemble) {
      trainers.back()->SetData(data);
    } else {
      trainers.back()->SetData(std::move(data));
    }
  }
  std::printf("features extracted in %.1fs; name lexicon: %zu words\n",
              absl::ToDoubleSeconds(absl::Now() - start),
              trainers[0]->case_lexicon().name_bits_size());

  const std::vector<std::string> scored = {"PER", "ORG", "LOC"};
  std::unique_ptr<NerModel> best;
  double best_f1 = -1;
  int best_epoch = 0;
  for (int epoch = 1; epoch <= absl::GetFlag(FLAGS_epochs); ++epoch) {
    int mistakes = 0;
    std::unique_ptr<NerModel> model;
    if (ensemble == 1) {
      mistakes = trainers[0]->RunEpoch();
      model = trainers[0]->AveragedModel();
    } else {
      std::vector<float> w, trans, start_w, end_w;
      for (auto& trainer : trainers) {
        mistakes += trainer->RunEpoch();
        trainer->AddAveragedWeights(1.0f / ensemble, &w, &trans, &start_w,
                                    &end_w);
      }
      const PerceptronTrainer& first = *trainers[0];
      model = NerModel::FromWeights(first.labels(), first.gazetteer(), first.case_lexicon(),
                                    first.word_clusters(), options.table_bits, w, trans, start_w,
                                    end_w, 1.0f);
    }
    std::printf("epoch %2d: %6d sentences wrong; dev F1", epoch, mistakes);
    double sum = 0;
    for (const auto& [path, sentences] : dev) {
      SpanScorer scorer;
      ScoreOnBio(*model, sentences, scored, &scorer);
      const double f1 = scorer.Micro().F1();
      sum += f1;
      std::printf(" %.4f", f1);
    }
    const double mean = dev.empty() ? 0 : sum / dev.size();
    std::printf(" mean %.4f (%.0fs)\n", mean,
                absl::ToDoubleSeconds(absl::Now() - start));
    std::fflush(stdout);
    if (dev.empty() || mean > best_f1) {
      best_f1 = mean;
      best_epoch = epoch;
      best = std::move(model);
    }
  }
  if (!best) return 1;

  // Confidence: the median margin of dev entities maps to 0.9.
  std::vector<float> margins;
  for (const auto& [path, sentences] : dev) {
    SpanScorer scorer;
    ScoreOnBio(*best, sentences, scored, &scorer, nullptr, &margins);
  }
  if (!margins.empty()) {
    std::nth_element(margins.begin(), margins.begin() + margins.size() / 2,
                     margins.end());
    const float median = margins[margins.size() / 2];
    if (median > 0) best->set_confidence_scale(median / std::log(9.0f));
  }
  if (absl::Status s = best->Save(out); !s.ok()) {
    std::fprintf(stderr, "train_ner: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  std::printf("best epoch %d, mean dev F1 %.4f; wrote %s (%zu bytes)\n",
              best_epoch, best_f1, out.c_str(), best->Serialize().size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return Main();
}
