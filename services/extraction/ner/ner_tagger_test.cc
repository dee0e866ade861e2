#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extraction/ner/bio_corpus.h"
#include "services/extraction/ner/bio_eval.h"
#include "services/extraction/ner/document_consistency.h"
#include "services/extraction/ner/features.h"
#include "services/extraction/ner/gazetteer.h"
#include "services/extraction/ner/hashing.h"
#include "services/extraction/ner/labels.h"
#include "services/extraction/ner/ner_model.h"
#include "services/extraction/ner/perceptron_trainer.h"
#include "services/extraction/ner/viterbi.h"
#include "services/extraction/ner/word_cluster_learner.h"
#include "services/extraction/ner/word_clusters.h"
#include "services/extraction/ner/word_form.h"
#include "services/extraction/ner/wordnet_names.h"

namespace newsgraph::ner {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string_view> Views(const std::vector<std::string>& v) {
  return {v.begin(), v.end()};
}

TEST(WordFormTest, LowerFormNormalizesCaseAndQuotes) {
  EXPECT_EQ(LowerForm("Shymkent’s"), "shymkent's");
  EXPECT_EQ(LowerForm("«WHO»"), "\"who\"");
  EXPECT_EQ(LowerForm("АЛМАТЫ"), "алматы");
  EXPECT_EQ(LowerForm("Ärzte"), "ärzte");
}

TEST(WordFormTest, ShapesAndFlags) {
  char shape[kMaxShapeBytes], short_shape[kMaxShapeBytes];
  size_t short_len = 0;
  const size_t len = WordShape("Nur-Daulet", shape, short_shape, &short_len);
  EXPECT_EQ(std::string(shape, len), "Xxx-Xxxxxx");
  EXPECT_EQ(std::string(short_shape, short_len), "Xx-Xx");
  EXPECT_TRUE(WordFlags("WHO") & kFlagAllCaps);
  EXPECT_TRUE(WordFlags("Almaty") & kFlagInitCap);
  EXPECT_TRUE(WordFlags("86,412") & kFlagAllDigits);
  EXPECT_TRUE(WordFlags("COVID-19") & kFlagHasHyphen);
  EXPECT_FALSE(WordFlags("COVID-19") & kFlagAllDigits);
  EXPECT_TRUE(WordFlags("Қазақстан") & kFlagInitCap);
  EXPECT_TRUE(WordFlags("—") & kFlagPunct);
}

class FeatureTest : public ::testing::Test {
 protected:
  FeatureTest() : extractor_(&gazetteer_, &lexicon_, &clusters_, 18) {
    gazetteer_.Add("Shymkent", kGazCity | kGazKazakhstan);
    gazetteer_.Add("Kazakhstan", kGazCountry);
    gazetteer_.Add("New York", kGazCity);
  }
  Gazetteer gazetteer_;
  CaseLexicon lexicon_;
  WordClusters clusters_;
  FeatureExtractor extractor_;
};

TEST_F(FeatureTest, TitleSurnameGazetteerFeatures) {
  const std::vector<std::string> tokens = {
      "Health", "Minister", "Dana", "Serikova", "visited",
      "Shymkent", "on",     "Tuesday", "."};
  const auto features = extractor_.Describe(Views(tokens));
  ASSERT_EQ(features.size(), tokens.size());
  EXPECT_THAT(features[1], Contains("lower=minister"));
  EXPECT_THAT(features[2], Contains("title_before=1"));
  EXPECT_THAT(features[2], Contains("lower-1=minister"));
  EXPECT_THAT(features[3], Contains("title_before=2"));
  EXPECT_THAT(features[3], Contains("surname_suffix=ova"));
  EXPECT_THAT(features[3], Contains("suffix=ova"));
  EXPECT_THAT(features[3], Contains("shape=Xxxxxxxx"));
  EXPECT_THAT(features[4], Not(Contains("title_before=1")));
  // Shymkent: a one-token (U = 4) match of a city (bit 3) in Kazakhstan (bit 4).
  EXPECT_THAT(features[5], Contains("gaz=" + std::to_string(3 * 8 + 4)));
  EXPECT_THAT(features[5], Contains("gaz=" + std::to_string(4 * 8 + 4)));
  EXPECT_THAT(features[5], Contains("gaz_any=4"));
  EXPECT_THAT(features[4], Contains("gaz+1=" + std::to_string(kGazCity | kGazKazakhstan)));
  EXPECT_THAT(features[0], Contains("lower-1=<s>"));
  EXPECT_THAT(features[8], Contains("lower+1=</s>"));
}

TEST_F(FeatureTest, OrganizationHeadsAndMultiTokenGazetteer) {
  const std::vector<std::string> tokens = {"the", "Ministry", "of",
                                           "Healthcare", "in", "New", "York"};
  const auto features = extractor_.Describe(Views(tokens));
  EXPECT_THAT(features[1], Contains("org_head=1"));
  EXPECT_THAT(features[3], Contains("org_head_behind=2"));
  EXPECT_THAT(features[5], Contains("gaz=" + std::to_string(3 * 8 + kGazBegin)));
  EXPECT_THAT(features[6], Contains("gaz=" + std::to_string(3 * 8 + kGazLast)));
  const std::vector<std::string> tokens2 = {"Turkestan", "region"};
  EXPECT_THAT(extractor_.Describe(Views(tokens2))[0],
              Contains("loc_head_ahead=1"));
}

TEST_F(FeatureTest, ExtractMatchesDescribeCountAndIsDeterministic) {
  const std::vector<std::string> tokens = {"Nur-Daulet", "Abenov", "said", "."};
  SentenceFeatures a, b;
  extractor_.Extract(Views(tokens), &a);
  extractor_.Extract(Views(tokens), &b);
  EXPECT_EQ(a.rows, b.rows);
  const auto described = extractor_.Describe(Views(tokens));
  ASSERT_EQ(a.offsets.size(), tokens.size() + 1);
  for (size_t t = 0; t < tokens.size(); ++t) {
    EXPECT_EQ(a.offsets[t + 1] - a.offsets[t], described[t].size()) << t;
  }
  for (uint32_t row : a.rows) EXPECT_LT(row, 1u << 18);
}

TEST_F(FeatureTest, AcronymInParenthesesMatchingInitials) {
  const std::vector<std::string> tokens = {
      "the", "World", "Health", "Organization", "(", "WHO", ")", "and",
      "the", "party", "(", "DUP", ")"};
  const auto features = extractor_.Describe(Views(tokens));
  // WHO spells the initials of the three capitalized words before it.
  EXPECT_THAT(features[5], Contains("acronym_in_parens=2"));
  EXPECT_THAT(features[1], Contains("before_paren_acronym=1"));
  EXPECT_THAT(features[2], Contains("before_paren_acronym=2"));
  EXPECT_THAT(features[3], Contains("before_paren_acronym=2"));
  EXPECT_THAT(features[0], Not(Contains("before_paren_acronym=1")));
  // DUP follows lower-case words: an acronym, but no name to match.
  EXPECT_THAT(features[11], Contains("acronym_in_parens=1"));
  EXPECT_THAT(features[9], Not(Contains("before_paren_acronym=1")));
  EXPECT_THAT(features[9], Not(Contains("before_paren_acronym=2")));
}

TEST_F(FeatureTest, WiderContextAndWordCaseFeatures) {
  const std::vector<std::string> tokens = {"Will", "said", "he", "will",
                                           "go", "."};
  const auto features = extractor_.Describe(Views(tokens));
  // The same word with different capitalization or position gets different
  // word|case features.
  std::vector<std::string> first, fourth;
  for (const auto& f : features[0]) {
    if (f.rfind("lower|cap=", 0) == 0) first.push_back(f);
  }
  for (const auto& f : features[3]) {
    if (f.rfind("lower|cap=", 0) == 0) fourth.push_back(f);
  }
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(fourth.size(), 1u);
  EXPECT_NE(first[0], fourth[0]);
  // Words three away and shapes two away are there for every token.
  for (const auto& token_features : features) {
    EXPECT_EQ(std::count_if(token_features.begin(), token_features.end(),
                            [](const std::string& f) {
                              return f.rfind("lower_wide=", 0) == 0;
                            }),
              2);
    EXPECT_EQ(std::count_if(token_features.begin(), token_features.end(),
                            [](const std::string& f) {
                              return f.rfind("sshape_wide=", 0) == 0;
                            }),
              2);
  }
}

TEST_F(FeatureTest, SentencesInCapitalsHaveTheirOwnShapeWeights) {
  const auto caps = extractor_.Describe(Views(std::vector<std::string>{"SHYMKENT", "CLINIC"}));
  const auto mixed = extractor_.Describe(Views(std::vector<std::string>{"Shymkent", "clinic"}));
  // The word's letters and its neighbours' words are shared with running
  // text; its shape is not.
  EXPECT_THAT(caps[0], Contains("lower=shymkent"));
  EXPECT_THAT(caps[0], Contains("lower+1=clinic"));
  EXPECT_THAT(mixed[0], Contains("lower=shymkent"));
  EXPECT_THAT(caps[0], Contains("shape^caps=XXXXXXXX"));
  EXPECT_THAT(caps[0], Not(Contains("shape=XXXXXXXX")));
  EXPECT_THAT(mixed[0], Contains("shape=Xxxxxxxx"));
  // The gazetteer still matches a place written in capitals.
  EXPECT_THAT(caps[0], Contains(HasSubstr("gaz=")));
  // One all-caps acronym in running text does not make a sentence of
  // capitals: it keeps the shape weights of running text.
  const auto acronym =
      extractor_.Describe(Views(std::vector<std::string>{"the", "WHO", "office", "opened"}));
  EXPECT_THAT(acronym[1], Contains("shape=XXX"));
  EXPECT_THAT(acronym[1], Not(Contains("shape^caps=XXX")));
}

TEST(WordClustersTest, PathsPrefixesAndEncoding) {
  WordClusters clusters;
  ASSERT_THAT(clusters.Add("Almaty", "0110"), IsOk());
  ASSERT_THAT(clusters.Add("Astana", "01111"), IsOk());
  EXPECT_THAT(clusters.Add("Almaty", "1"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(clusters.Add("x", "01a"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(clusters.Add("y", ""), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(clusters.Add("z", std::string(33, '1')),
              StatusIs(absl::StatusCode::kInvalidArgument));
  const ClusterPath almaty = clusters.Lookup(HashBytes("Almaty"));
  EXPECT_EQ(almaty.len, 4);
  EXPECT_EQ(almaty.bits, 0b0110u);
  EXPECT_EQ(almaty.Prefix(2), 0b01u);
  EXPECT_EQ(almaty.Prefix(8), 0b0110u);                    // shorter path: the whole path
  EXPECT_EQ(clusters.Lookup(HashBytes("almaty")).len, 0);  // exact forms

  std::string bytes;
  clusters.Encode(&bytes);
  bytes += "tail";
  std::string_view in = bytes;
  ASSERT_OK_AND_ASSIGN(WordClusters decoded, WordClusters::Decode(&in));
  EXPECT_EQ(in, "tail");
  EXPECT_EQ(decoded.size(), 2u);
  EXPECT_EQ(decoded.Lookup(HashBytes("Astana")).bits, 0b01111u);
  EXPECT_EQ(decoded.Lookup(HashBytes("Astana")).len, 5);
  std::string_view truncated(bytes.data(), 12);
  EXPECT_THAT(WordClusters::Decode(&truncated), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(WordClustersTest, LoadsTsvAndRejectsBadFiles) {
  const std::string good = ::testing::TempDir() + "/clusters_good.tsv";
  std::ofstream(good) << "0110\tAlmaty\t12\n01111\tAstana\t9\n\n";
  ASSERT_OK_AND_ASSIGN(WordClusters clusters, LoadWordClustersTsv(good));
  EXPECT_EQ(clusters.size(), 2u);
  EXPECT_EQ(clusters.Lookup(HashBytes("Astana")).len, 5);
  EXPECT_THAT(LoadWordClustersTsv(::testing::TempDir() + "/no_such.tsv"),
              StatusIs(absl::StatusCode::kNotFound));
  const std::string bad = ::testing::TempDir() + "/clusters_bad.tsv";
  std::ofstream(bad) << "0110\tAlmaty\n01x1\tAstana\n";
  auto loaded = LoadWordClustersTsv(bad);
  EXPECT_THAT(loaded, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(loaded.status().message()), HasSubstr(":2:"));
  const std::string empty = ::testing::TempDir() + "/clusters_empty.tsv";
  std::ofstream(empty) << "";
  EXPECT_THAT(LoadWordClustersTsv(empty), StatusIs(absl::StatusCode::kInvalidArgument));
}

// Unlabeled sentences where weekdays and cities fill different slots: the
// learner puts each group under its own top-level node.
TEST(WordClusterLearnerTest, WordsOfTheSameSlotShareAPathPrefix) {
  const std::vector<std::string> days = {"Monday", "Tuesday", "Friday", "Sunday"};
  const std::vector<std::string> cities = {"Almaty", "Astana", "Shymkent", "Aktobe"};
  std::vector<std::vector<std::string>> sentences;
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < days.size(); ++i) {
      for (size_t j = 0; j < cities.size(); ++j) {
        sentences.push_back({"on", days[i], "she", "flew", "to", cities[(i + j + round) % 4], "."});
        sentences.push_back({"the", "flight", "to", cities[j], "left", "on", days[i], "."});
      }
    }
  }
  ClusterLearnerOptions options;
  options.dims = 8;
  options.depth = 8;
  options.contexts = 50;
  ASSERT_OK_AND_ASSIGN(LearnedClusters learned, LearnWordClusters(sentences, options));
  std::map<std::string, std::string> bits;
  for (const LearnedWord& w : learned.words) {
    EXPECT_GE(w.bits.size(), 1u);
    EXPECT_LE(w.bits.size(), 8u);
    bits[w.word] = w.bits;
  }
  ASSERT_EQ(bits.count("Monday"), 1u);
  auto top = [&](const std::string& w) { return bits[w].substr(0, 4); };
  for (const std::string& d : days) EXPECT_EQ(top(d), top("Monday")) << d;
  for (const std::string& c : cities) EXPECT_EQ(top(c), top("Almaty")) << c;
  EXPECT_NE(top("Monday"), top("Almaty"));
  // Deterministic, and the most frequent words come first.
  ASSERT_OK_AND_ASSIGN(LearnedClusters again, LearnWordClusters(sentences, options));
  ASSERT_EQ(again.words.size(), learned.words.size());
  for (size_t i = 0; i < learned.words.size(); ++i) {
    EXPECT_EQ(again.words[i].bits, learned.words[i].bits);
    if (i > 0) {
      EXPECT_GE(learned.words[i - 1].count, learned.words[i].count);
    }
  }
  const auto nearest = NearestWords(learned, "Monday", 3);
  ASSERT_EQ(nearest.size(), 3u);
  for (const auto& [word, similarity] : nearest) {
    EXPECT_NE(std::find(days.begin(), days.end(), word), days.end()) << word;
  }
  options.depth = 40;
  EXPECT_THAT(LearnWordClusters(sentences, options), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(WordClustersTest, ClusterFeaturesOfWordAndNeighbours) {
  Gazetteer gazetteer;
  CaseLexicon lexicon;
  WordClusters clusters;
  ASSERT_THAT(clusters.Add("Abenov", "0101101101101101"), IsOk());
  ASSERT_THAT(clusters.Add("met", "1110"), IsOk());
  FeatureExtractor extractor(&gazetteer, &lexicon, &clusters, 18);
  const auto features = extractor.Describe(Views(std::vector<std::string>{"Abenov", "met", "Zed"}));
  auto count = [](const std::vector<std::string>& f, const std::string& p) {
    return std::count_if(f.begin(), f.end(),
                         [&](const std::string& s) { return s.rfind(p, 0) == 0; });
  };
  // Four prefix depths for a known word, none for an unknown one.
  EXPECT_EQ(count(features[0], "cluster="), 4);
  EXPECT_EQ(count(features[2], "cluster="), 0);
  // Neighbour clusters on every token, a boundary value at the edges.
  for (const auto& f : features) {
    EXPECT_EQ(count(f, "cluster-1="), 1);
    EXPECT_EQ(count(f, "cluster+1="), 1);
  }
  EXPECT_THAT(features[0], Contains("cluster-1=1"));
  EXPECT_THAT(features[2], Contains("cluster+1=1"));
  // The same words with and without a cluster path get different features.
  WordClusters none;
  FeatureExtractor plain(&gazetteer, &lexicon, &none, 18);
  EXPECT_EQ(count(plain.Describe(Views(std::vector<std::string>{"Abenov"}))[0], "cluster"), 0);
}

TEST(LabelsTest, BilouRoundTripAndConlleval) {
  LabelSet labels(TagScheme::kBilou, {"PER", "LOC"});
  const std::vector<std::string> tags = {"B-PER", "I-PER", "O", "B-LOC",
                                         "B-MISC", "I-LOC"};
  const std::vector<int> ids = labels.Encode(tags);
  EXPECT_EQ(labels.names()[ids[0]], "B-PER");
  EXPECT_EQ(labels.names()[ids[1]], "L-PER");
  EXPECT_EQ(labels.names()[ids[3]], "U-LOC");
  EXPECT_EQ(ids[4], 0);  // MISC is not in the set
  EXPECT_EQ(labels.names()[ids[5]], "U-LOC");  // conlleval: I- after O starts
  EXPECT_THAT(labels.Decode(ids),
              ElementsAre(TokenSpan{0, 2, "PER"}, TokenSpan{3, 4, "LOC"},
                          TokenSpan{5, 6, "LOC"}));
  EXPECT_FALSE(labels.AllowedTransition(0, labels.Label('I', 0)));
  EXPECT_FALSE(labels.AllowedTransition(labels.Label('B', 0), 0));
  EXPECT_FALSE(labels.AllowedEnd(labels.Label('B', 1)));
}

// Decoding visits only the transitions the scheme allows; it must agree
// with the plain search over every pair of labels.
TEST(ViterbiTest, AllowedTransitionsOnlyGiveTheDensePathAndMaxMarginals) {
  const LabelSet labels(TagScheme::kBilou, {"PER", "ORG", "LOC", "MISC"});
  const int L = labels.size();
  std::mt19937 rng(5);
  std::normal_distribution<float> score(0, 3);
  std::vector<float> trans(L * L), start(L), end(L);
  for (float& v : trans) v = score(rng);
  for (float& v : start) v = score(rng);
  for (float& v : end) v = score(rng);
  TransitionScores ts;
  ConstrainTransitions(labels, trans.data(), start.data(), end.data(), &ts);
  ASSERT_LT(ts.predecessors.size(), static_cast<size_t>(L * L) / 2);
  for (int n : {1, 2, 7, 30}) {
    std::vector<float> emissions(static_cast<size_t>(n) * L);
    for (float& v : emissions) v = score(rng);
    // Dense forward and backward maxima over all label pairs.
    std::vector<float> alpha(n * L), beta(n * L);
    for (int y = 0; y < L; ++y) alpha[y] = ts.start[y] + emissions[y];
    for (int t = 1; t < n; ++t) {
      for (int y = 0; y < L; ++y) {
        float best = kImpossible;
        for (int p = 0; p < L; ++p) best = std::max(best, alpha[(t - 1) * L + p] + ts.trans[p * L + y]);
        alpha[t * L + y] = best + emissions[t * L + y];
      }
    }
    for (int y = 0; y < L; ++y) beta[(n - 1) * L + y] = ts.end[y];
    for (int t = n - 2; t >= 0; --t) {
      for (int y = 0; y < L; ++y) {
        float best = kImpossible;
        for (int c = 0; c < L; ++c) {
          best = std::max(best, ts.trans[y * L + c] + emissions[(t + 1) * L + c] + beta[(t + 1) * L + c]);
        }
        beta[t * L + y] = best;
      }
    }
    float dense_best = kImpossible;
    for (int y = 0; y < L; ++y) dense_best = std::max(dense_best, alpha[(n - 1) * L + y] + ts.end[y]);

    std::vector<int> path(n);
    std::vector<float> scratch, mm;
    std::vector<int> backptr;
    const float best = Viterbi(emissions.data(), n, ts, nullptr, path.data(), &scratch, &backptr);
    EXPECT_FLOAT_EQ(best, dense_best) << n;
    // The path is allowed and scores what Viterbi says.
    float path_score = ts.start[path[0]] + emissions[path[0]] + ts.end[path[n - 1]];
    for (int t = 1; t < n; ++t) {
      EXPECT_TRUE(labels.AllowedTransition(path[t - 1], path[t]));
      path_score += ts.trans[path[t - 1] * L + path[t]] + emissions[t * L + path[t]];
    }
    EXPECT_NEAR(path_score, best, 1e-3f) << n;
    MaxMarginals(emissions.data(), n, ts, &mm, &scratch);
    for (int i = 0; i < n * L; ++i) {
      const float expected = std::max(kImpossible, alpha[i] + beta[i]);
      if (expected < kImpossible / 2) {
        EXPECT_LT(mm[i], kImpossible / 2) << n << " " << i;
      } else {
        EXPECT_FLOAT_EQ(mm[i], expected) << n << " " << i;
      }
    }
  }
}

// A tiny synthetic corpus: capitalized words after "mr" are people, after
// "in" places. The trainer must learn to tell the two apart on unseen names.
std::vector<TrainingSentence> SyntheticCorpus() {
  const std::vector<std::string> people = {"Aldo", "Berik", "Carla", "Dmitri",
                                           "Elif", "Farid", "Gulnar", "Hugo"};
  const std::vector<std::string> places = {"Arlen", "Bostad", "Corvo", "Delmar",
                                           "Esker", "Fjord", "Galt", "Hollis"};
  std::vector<TrainingSentence> data;
  for (size_t i = 0; i < people.size(); ++i) {
    TrainingSentence s;
    s.sentence.tokens = {"yesterday", "mr", people[i], "arrived", "in",
                         places[(i + 3) % places.size()], "."};
    s.sentence.tags = {"O", "O", "B-PER", "O", "O", "B-LOC", "O"};
    data.push_back(s);
    TrainingSentence t;
    t.sentence.tokens = {"in", places[i], "we", "met", "mr",
                         people[(i + 5) % people.size()]};
    t.sentence.tags = {"O", "B-LOC", "O", "O", "O", "B-PER"};
    data.push_back(t);
  }
  return data;
}

std::unique_ptr<NerModel> TrainSynthetic() {
  TrainerOptions options;
  options.types = {"PER", "LOC"};
  options.table_bits = 16;
  options.seed = 7;
  PerceptronTrainer trainer(options, Gazetteer());
  trainer.SetData(SyntheticCorpus());
  for (int epoch = 0; epoch < 8; ++epoch) trainer.RunEpoch();
  return trainer.AveragedModel();
}

std::vector<std::string> TagNames(const NerModel& model,
                                  const std::vector<std::string>& tokens) {
  std::vector<int> labels;
  model.Tag(Views(tokens), &labels);
  std::vector<std::string> names;
  for (int l : labels) names.push_back(model.labels().names()[l]);
  return names;
}

TEST(PerceptronTrainerTest, LearnsTwoObviousClassesOnUnseenNames) {
  const auto model = TrainSynthetic();
  EXPECT_THAT(TagNames(*model, {"yesterday", "mr", "Zorblat", "arrived", "in",
                                "Quixville", "."}),
              ElementsAre("O", "O", "U-PER", "O", "O", "U-LOC", "O"));
  const std::vector<TaggedEntity> entities =
      model->Tag(Views(std::vector<std::string>{"in", "Yarrow", "we", "met",
                                                "mr", "Tobias"}));
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(model->labels().types()[entities[0].type], "LOC");
  EXPECT_EQ(model->labels().types()[entities[1].type], "PER");
  for (const TaggedEntity& e : entities) {
    EXPECT_GT(e.confidence, 0.5f);
    EXPECT_LT(e.confidence, 1.0f + 1e-6f);
  }
}

TEST(PerceptronTrainerTest, AveragedWeightsOfSeveralSeedsFormOneModel) {
  // Two trainers with different seeds, averaged as train_ner --ensemble
  // does: the averaged model still separates the two classes.
  std::vector<float> w, trans, start, end;
  std::unique_ptr<PerceptronTrainer> first;
  for (uint64_t seed : {7, 8}) {
    TrainerOptions options;
    options.types = {"PER", "LOC"};
    options.table_bits = 16;
    options.seed = seed;
    auto trainer = std::make_unique<PerceptronTrainer>(options, Gazetteer());
    trainer->SetData(SyntheticCorpus());
    for (int epoch = 0; epoch < 8; ++epoch) trainer->RunEpoch();
    trainer->AddAveragedWeights(0.5f, &w, &trans, &start, &end);
    if (!first) first = std::move(trainer);
  }
  ASSERT_EQ(w.size(), (size_t{1} << 16) * first->labels().size());
  const auto model =
      NerModel::FromWeights(first->labels(), first->gazetteer(), first->case_lexicon(),
                            first->word_clusters(), 16, w, trans, start, end, 1.0f);
  EXPECT_THAT(TagNames(*model, {"yesterday", "mr", "Zorblat", "arrived", "in",
                                "Quixville", "."}),
              ElementsAre("O", "O", "U-PER", "O", "O", "U-LOC", "O"));
  // Half of one trainer's weights twice equals its weights.
  std::vector<float> once, t1, s1, e1, twice, t2, s2, e2;
  first->AddAveragedWeights(1.0f, &once, &t1, &s1, &e1);
  first->AddAveragedWeights(0.5f, &twice, &t2, &s2, &e2);
  first->AddAveragedWeights(0.5f, &twice, &t2, &s2, &e2);
  for (size_t i = 0; i < once.size(); i += 97) {
    EXPECT_NEAR(once[i], twice[i], 1e-4f) << i;
  }
}

TEST(PerceptronTrainerTest, WordDropoutStillLearnsFromContext) {
  TrainerOptions options;
  options.types = {"PER", "LOC"};
  options.table_bits = 16;
  options.seed = 7;
  options.word_dropout = 0.3;
  PerceptronTrainer trainer(options, Gazetteer());
  trainer.SetData(SyntheticCorpus());
  for (int epoch = 0; epoch < 8; ++epoch) trainer.RunEpoch();
  const auto model = trainer.AveragedModel();
  EXPECT_THAT(TagNames(*model, {"yesterday", "mr", "Zorblat", "arrived", "in",
                                "Quixville", "."}),
              ElementsAre("O", "O", "U-PER", "O", "O", "U-LOC", "O"));
}

TEST(PerceptronTrainerTest, CopiesInCapitalsAndTitleCaseAreTrainedWithTheSameLabels) {
  TrainerOptions options;
  options.types = {"PER", "LOC"};
  options.table_bits = 16;
  options.seed = 7;
  options.name_lexicon_folds = 2;
  PerceptronTrainer plain(options, Gazetteer());
  plain.SetData(SyntheticCorpus());
  const size_t sentences = SyntheticCorpus().size();
  EXPECT_EQ(plain.num_examples(), sentences);

  options.upper_case_fraction = 1;
  options.title_case_fraction = 1;
  PerceptronTrainer both(options, Gazetteer());
  both.SetData(SyntheticCorpus());
  EXPECT_EQ(both.num_examples(), 3 * sentences);
  // The lexicons describe running text: the copies do not enter them.
  EXPECT_EQ(both.case_lexicon().name_bits_size(), plain.case_lexicon().name_bits_size());
  for (int epoch = 0; epoch < 8; ++epoch) both.RunEpoch();
  const auto model = both.AveragedModel();
  EXPECT_THAT(TagNames(*model, {"YESTERDAY", "MR", "ZORBLAT", "ARRIVED", "IN", "QUIXVILLE", "."}),
              ElementsAre("O", "O", "U-PER", "O", "O", "U-LOC", "O"));
  EXPECT_THAT(TagNames(*model, {"Yesterday", "Mr", "Zorblat", "Arrived", "in", "Quixville", "."}),
              ElementsAre("O", "O", "U-PER", "O", "O", "U-LOC", "O"));

  options.title_case_fraction = 0;
  options.upper_case_fraction = 0.5;
  PerceptronTrainer half(options, Gazetteer());
  half.SetData(SyntheticCorpus());
  EXPECT_GT(half.num_examples(), sentences);
  EXPECT_LT(half.num_examples(), 2 * sentences);
}

// Names in contexts that say nothing about their type ("we saw X ."): only
// the word clusters tell people from places, and they carry over to names
// the labeled data never had.
TEST(PerceptronTrainerTest, ClustersCarryTypesToUnseenNames) {
  const std::vector<std::string> people = {"Aldo", "Berik", "Carla", "Dmitri", "Elif", "Farid"};
  const std::vector<std::string> places = {"Arlen", "Bostad", "Corvo", "Delmar", "Esker", "Fjord"};
  WordClusters clusters;
  for (size_t i = 0; i < people.size(); ++i) {
    ASSERT_THAT(clusters.Add(people[i], "0010" + std::to_string(i % 2)), IsOk());
    ASSERT_THAT(clusters.Add(places[i], "1101" + std::to_string(i % 2)), IsOk());
  }
  ASSERT_THAT(clusters.Add("Zorblat", "00101"), IsOk());
  ASSERT_THAT(clusters.Add("Quixville", "11010"), IsOk());
  std::vector<TrainingSentence> data;
  for (size_t i = 0; i < people.size(); ++i) {
    for (const auto& [name, tag] :
         {std::pair<std::string, std::string>{people[i], "B-PER"}, {places[i], "B-LOC"}}) {
      TrainingSentence s;
      s.sentence.tokens = {"we", "saw", name, "."};
      s.sentence.tags = {"O", "O", tag, "O"};
      data.push_back(s);
    }
  }
  TrainerOptions options;
  options.types = {"PER", "LOC"};
  options.table_bits = 16;
  PerceptronTrainer trainer(options, Gazetteer(), clusters);
  trainer.SetData(data);
  for (int epoch = 0; epoch < 10; ++epoch) trainer.RunEpoch();
  const auto model = trainer.AveragedModel();
  EXPECT_EQ(model->word_clusters().size(), clusters.size());
  EXPECT_THAT(TagNames(*model, {"we", "saw", "Zorblat", "."}), ElementsAre("O", "O", "U-PER", "O"));
  EXPECT_THAT(TagNames(*model, {"we", "saw", "Quixville", "."}),
              ElementsAre("O", "O", "U-LOC", "O"));
  // The clusters travel inside the model file.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<NerModel> loaded, ParseNerModel(model->Serialize()));
  EXPECT_EQ(loaded->word_clusters().size(), clusters.size());
  EXPECT_THAT(TagNames(*loaded, {"we", "saw", "Quixville", "."}),
              ElementsAre("O", "O", "U-LOC", "O"));
}

// Lines in the format of WordNet 3.0's data.noun: the three roots at their
// real offsets, and invented synsets below them.
constexpr char kDataNounExcerpt[] =
    "  1 This software and database is being provided to you, the LICENSEE\n"
    "00007846 03 n 02 person 0 individual 0 001 @ 00001740 n 0000 | a human being\n"
    "00027167 03 n 01 location 0 001 @ 00001740 n 0000 | a point or extent in space\n"
    "08008335 14 n 02 organization 0 organisation 0 000 | a group of people\n"
    "10000001 18 n 01 physicist 0 001 @ 00007846 n 0000 | a scientist\n"
    "10000002 18 n 02 Arlen_Tovik 0 Tovik 0 002 @i 10000001 n 0000 + 20000001 v 0101 "
    "| an invented physicist\n"
    "10000003 18 n 01 Zorblatian 0 001 @ 00007846 n 0000 | an inhabitant of Zorblat\n"
    "10000004 18 n 01 Earl_of_Quix 0 001 @i 10000001 n 0000 | a title\n"
    "10000005 14 n 02 Quix_Relief_Council 0 QRC 0 001 @ 08008335 n 0000 | a charity\n"
    "10000006 15 n 01 city 0 001 @ 00027167 n 0000 | a large town\n"
    "10000007 15 n 02 Bostad 0 Tovik 0 001 @i 10000006 n 0000 | an invented city\n"
    "10000008 15 n 01 Bostad 0 001 @i 10000006 n 0000 | the same city again\n";

std::vector<std::string> NameSentences(const std::vector<BioSentence>& names) {
  std::vector<std::string> out;
  for (const BioSentence& s : names) {
    out.push_back(absl::StrCat(absl::StrJoin(s.tokens, " "), "/", absl::StrJoin(s.tags, " ")));
  }
  return out;
}

TEST(WordNetNamesTest, NamedInstancesOfPeopleAndPlacesAndOrganizations) {
  ASSERT_OK_AND_ASSIGN(std::vector<BioSentence> names, ParseWordNetNames(kDataNounExcerpt));
  // Not the class nouns ("physicist", "Zorblatian"), not titles with "of",
  // each name once; a lemma may name a person and a place.
  EXPECT_THAT(NameSentences(names),
              ElementsAre("Arlen Tovik/B-PER I-PER", "Tovik/B-PER",
                          "Quix Relief Council/B-ORG I-ORG I-ORG", "QRC/B-ORG", "Bostad/B-LOC",
                          "Tovik/B-LOC"));
  for (const BioSentence& s : names) EXPECT_EQ(s.doc_id, "wordnet");
}

TEST(WordNetNamesTest, RejectsOtherVersionsAndMalformedLines) {
  std::string moved = kDataNounExcerpt;
  moved.replace(moved.find("00027167 03"), 8, "00027168");
  EXPECT_THAT(ParseWordNetNames(moved).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("WordNet 3.0")));
  EXPECT_THAT(ParseWordNetNames(std::string(kDataNounExcerpt) + "10000009 15 n 03 Galt 0 | x\n")
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 13")));
  EXPECT_THAT(ReadWordNetNames("/nonexistent").status(),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("wordnet-base")));
}

TEST(NameLexiconTest, NameBitsBecomeFeaturesOfTheWordAndItsNeighbours) {
  Gazetteer gazetteer;
  CaseLexicon lexicon;
  WordClusters clusters;
  lexicon.AddNameBits("Dana", kNamePersonFirst);
  lexicon.AddNameBits("DANA", kNamePersonLast);  // same lower form: ORed
  lexicon.AddNameBits("Almaty", kNameLoc);
  FeatureExtractor extractor(&gazetteer, &lexicon, &clusters, 18);
  const auto features =
      extractor.Describe(Views(std::vector<std::string>{"Dana", "Serikova", "visited", "Almaty"}));
  auto has = [](const std::vector<std::string>& f, const std::string& name) {
    return std::find(f.begin(), f.end(), name) != f.end();
  };
  // Bit b, capitalized (1), sentence-initial (2): b * 4 + 3.
  EXPECT_TRUE(has(features[0], "name_bit=3")) << absl::StrJoin(features[0], " ");
  EXPECT_TRUE(has(features[0], "name_bit=7"));
  EXPECT_TRUE(has(features[0], absl::StrCat("name_mask=", (3 << 2) | 3)));
  // The surname after a known first name, the place word with its own bit.
  EXPECT_TRUE(has(features[1], "name_mask-1=3"));
  EXPECT_FALSE(has(features[1], "name_bit=1"));
  EXPECT_TRUE(has(features[3], absl::StrCat("name_bit=", 3 * 4 + 1)));
  // "visited" is lower case: no neighbour name features.
  EXPECT_FALSE(has(features[2], "name_mask+1=8"));
}

TEST(NameLexiconTest, TrainerBakesTheLabelsOfAllDataIntoTheModel) {
  TrainerOptions options;
  options.types = {"PER", "LOC"};
  options.table_bits = 16;
  options.seed = 7;
  options.name_lexicon_folds = 3;
  std::vector<TrainingSentence> data = SyntheticCorpus();
  TrainingSentence full;
  full.sentence.tokens = {"we", "met", "Gulnar", "Abenova", "in", "Corvo", "."};
  full.sentence.tags = {"O", "O", "B-PER", "I-PER", "O", "B-LOC", "O"};
  data.push_back(full);
  PerceptronTrainer trainer(options, Gazetteer());
  trainer.SetData(data);
  for (int epoch = 0; epoch < 8; ++epoch) trainer.RunEpoch();
  const auto model = trainer.AveragedModel();
  auto bits = [&](const NerModel& m, std::string_view word) {
    char lower[kMaxLowerBytes];
    return m.case_lexicon().NameBits(HashBytes(std::string_view(lower, LowerForm(word, lower))));
  };
  EXPECT_EQ(bits(*model, "Gulnar"), kNamePersonFirst | kNamePersonLast);
  EXPECT_EQ(bits(*model, "Abenova"), kNamePersonLast);
  EXPECT_EQ(bits(*model, "Corvo"), kNameLoc);
  EXPECT_EQ(bits(*model, "met"), 0);
  EXPECT_THAT(TagNames(*model, {"yesterday", "mr", "Zorblat", "arrived", "in",
                                "Quixville", "."}),
              ElementsAre("O", "O", "U-PER", "O", "O", "U-LOC", "O"));
  // The table travels inside the model file.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<NerModel> loaded, ParseNerModel(model->Serialize()));
  EXPECT_EQ(bits(*loaded, "Gulnar"), kNamePersonFirst | kNamePersonLast);
  EXPECT_EQ(loaded->case_lexicon().name_bits_size(), model->case_lexicon().name_bits_size());
  // Off by default: no table.
  options.name_lexicon_folds = 0;
  PerceptronTrainer plain(options, Gazetteer());
  plain.SetData(data);
  EXPECT_EQ(plain.case_lexicon().name_bits_size(), 0u);
}

TEST(PerceptronTrainerTest, DeterministicForASeed) {
  EXPECT_EQ(TrainSynthetic()->Serialize(), TrainSynthetic()->Serialize());
}

TEST(NerModelTest, SaveLoadRoundTripTagsTheSame) {
  const auto model = TrainSynthetic();
  const std::string path = ::testing::TempDir() + "/ner_roundtrip.bin";
  ASSERT_THAT(model->Save(path), IsOk());
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<NerModel> loaded, LoadNerModel(path));
  EXPECT_EQ(loaded->labels().names(), model->labels().names());
  EXPECT_EQ(loaded->Serialize(), model->Serialize());
  const std::vector<std::string> sentence = {"we", "met", "mr", "Zorblat",
                                             "in", "Quixville"};
  EXPECT_EQ(TagNames(*loaded, sentence), TagNames(*model, sentence));
}

TEST(NerModelTest, RejectsMissingCorruptAndTruncatedFiles) {
  EXPECT_THAT(LoadNerModel(::testing::TempDir() + "/no_such_model.bin"),
              StatusIs(absl::StatusCode::kNotFound));
  const std::string bytes = TrainSynthetic()->Serialize();

  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x40;
  auto corrupt = ParseNerModel(flipped);
  EXPECT_THAT(corrupt, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(std::string(corrupt.status().message()), HasSubstr("checksum"));

  auto truncated = ParseNerModel(bytes.substr(0, bytes.size() - 10));
  EXPECT_THAT(truncated, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(std::string(truncated.status().message()), HasSubstr("truncated"));

  EXPECT_THAT(ParseNerModel("not a model"), StatusIs(absl::StatusCode::kDataLoss));
  std::string bad_magic = bytes;
  bad_magic[0] = 'X';
  EXPECT_THAT(ParseNerModel(bad_magic), StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(ParseNerModel(""), StatusIs(absl::StatusCode::kDataLoss));
  // A file of the previous format (no word-cluster section) is refused by
  // its version, with both versions in the message.
  std::string old_version = bytes;
  old_version[8] = static_cast<char>(kNerModelVersion - 1);
  auto old_model = ParseNerModel(old_version);
  EXPECT_THAT(old_model, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(
      std::string(old_model.status().message()),
      HasSubstr(absl::StrCat("version ", kNerModelVersion - 1, ", expected ", kNerModelVersion)));

  // A file on disk with a corrupt byte: the message names the file.
  const std::string path = ::testing::TempDir() + "/ner_corrupt.bin";
  std::ofstream(path, std::ios::binary) << flipped;
  auto loaded = LoadNerModel(path);
  EXPECT_THAT(loaded, StatusIs(absl::StatusCode::kDataLoss));
  EXPECT_THAT(std::string(loaded.status().message()), HasSubstr(path));
}

// Types as the caller numbers them: 0 PER, 1 ORG, 2 LOC.
TEST(DocumentConsistencyTest, SurnamesAndKnownNamesRecur) {
  const std::vector<std::string> words = {
      // sentence 0: "Nur-Daulet Abenov met WHO officials in Almaty ."
      "Nur-Daulet", "Abenov", "met", "WHO", "officials", "in", "Almaty", ".",
      // sentence 1: "Abenov said ALMATY and Who ..." (lower-case "who" not)
      "Abenov", "said", "ALMATY", "needs", "who", "?",
      // sentence 2: "Abenov" typed ORG by the tagger
      "Abenov", "spoke", "."};
  const std::vector<std::string_view> tokens = Views(words);
  const std::vector<TokenRange> sentences = {{0, 8}, {8, 14}, {14, 17}};
  std::vector<NameSpan> spans = {
      {14, 15, 1, 0.6f}, {0, 2, 0, 0.95f}, {3, 4, 1, 0.9f}, {6, 7, 2, 0.8f}};
  MakeNamesConsistent(tokens, sentences, /*person_type=*/0, &spans);
  ASSERT_EQ(spans.size(), 6u);
  // Sorted; the surname alone becomes PER, known names are added.
  EXPECT_EQ(spans[0].begin, 0u);
  EXPECT_EQ(spans[3].begin, 8u);  // "Abenov" propagated as a surname
  EXPECT_EQ(spans[3].type, 0);
  EXPECT_NEAR(spans[3].confidence, 0.9f * 0.95f, 1e-6);
  EXPECT_EQ(spans[4].begin, 10u);  // "ALMATY" takes the type of "Almaty"
  EXPECT_EQ(spans[4].type, 2);
  EXPECT_EQ(spans[5].begin, 14u);  // the ORG "Abenov" is a surname: PER
  EXPECT_EQ(spans[5].type, 0);
  // Lower-case "who" is not the acronym.
  for (const NameSpan& sp : spans) EXPECT_NE(sp.begin, 12u);
}

TEST(DocumentConsistencyTest, NamesInCapitalsTakeTheirRunningTextType) {
  // "TARAZ" in a dateline tagged as a person; "Taraz" a place twice in the
  // text; "WHO" stays what it is (no running-text vote against it).
  const std::vector<std::string> words = {"TARAZ", "-", "WHO", "met",  "in", "Taraz", ".",
                                          "Taraz", "is", "a",  "city", "."};
  std::vector<TokenRange> sentences = {{0, 7}, {7, 12}};
  constexpr int kPer = 0, kOrg = 1, kLoc = 2;
  std::vector<NameSpan> spans = {
      {0, 1, kPer, 0.6f}, {2, 3, kOrg, 0.9f}, {5, 6, kLoc, 0.9f}, {7, 8, kLoc, 0.8f}};
  MakeNamesConsistent(Views(words), sentences, kPer, &spans);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0].type, kLoc);
  EXPECT_EQ(spans[1].type, kOrg);
  // Running text keeps its own type even when capitals disagree.
  std::vector<NameSpan> mixed = {{0, 1, kPer, 0.6f}, {5, 6, kPer, 0.9f}, {7, 8, kPer, 0.8f}};
  MakeNamesConsistent(Views(words), sentences, kPer, &mixed);
  EXPECT_EQ(mixed[0].type, kPer);
}

TEST(DocumentConsistencyTest, OneLetterAndOutvotedPlacesAreNoSurnames) {
  constexpr int kPer = 0, kLoc = 2;
  // "Norton I" ends in a letter; "Hands Iraq" is a mistagged person whose
  // last word the document names as a place twice.
  const std::vector<std::string> words = {"Norton", "I", "ruled", ".",    "I",     "met", "Hands",
                                          "Iraq",   ".", "Iraq", "and",  "Iraq",  "."};
  const std::vector<TokenRange> sentences = {{0, 4}, {4, 9}, {9, 13}};
  const std::vector<NameSpan> tagged = {
      {0, 2, kPer, 0.9f}, {6, 8, kPer, 0.6f}, {9, 10, kLoc, 0.9f}, {11, 12, kLoc, 0.9f}};
  std::vector<bool> known_places(words.size(), false);
  known_places[7] = known_places[9] = known_places[11] = true;
  std::vector<NameSpan> spans = tagged;
  MakeNamesConsistent(Views(words), sentences, kPer, &spans, &known_places);
  for (const NameSpan& sp : spans) {
    EXPECT_NE(sp.begin, 4u) << "the pronoun I became a name";
    if (sp.begin == 9 || sp.begin == 11) {
      EXPECT_EQ(sp.type, kLoc) << sp.begin;
    }
  }
  // Without the gazetteer's word, the surname wins as before.
  std::vector<NameSpan> unknown = tagged;
  MakeNamesConsistent(Views(words), sentences, kPer, &unknown);
  for (const NameSpan& sp : unknown) {
    if (sp.begin == 9 || sp.begin == 11) {
      EXPECT_EQ(sp.type, kPer) << sp.begin;
    }
  }
}

TEST(DocumentConsistencyTest, AOneWordNameLeftOutMoreOftenThanTaggedDoesNotSpread) {
  constexpr int kPer = 0, kLoc = 2;
  // "Firefox" tagged once, left out three times: not spread. "Taraz"
  // tagged twice, left out once: spread.
  const std::vector<std::string> words = {"Firefox", "crashed", "Firefox", "again", "Firefox",
                                          "and",     "Firefox", "Taraz",   "Taraz", "Taraz"};
  const std::vector<TokenRange> sentences = {{0, 2}, {2, 4}, {4, 7}, {7, 8}, {8, 9}, {9, 10}};
  std::vector<NameSpan> spans = {{0, 1, kPer, 0.6f}, {7, 8, kLoc, 0.9f}, {8, 9, kLoc, 0.9f}};
  MakeNamesConsistent(Views(words), sentences, kPer, &spans);
  std::vector<uint32_t> begins;
  for (const NameSpan& sp : spans) begins.push_back(sp.begin);
  EXPECT_THAT(begins, ElementsAre(0u, 7u, 8u, 9u));
  // A word the gazetteer knows as a place spreads however rarely tagged.
  std::vector<bool> known_places(words.size(), false);
  for (uint32_t i : {0u, 2u, 4u, 6u}) known_places[i] = true;
  std::vector<NameSpan> place = {{0, 1, kLoc, 0.6f}};
  MakeNamesConsistent(Views(words), sentences, kPer, &place, &known_places);
  begins.clear();
  for (const NameSpan& sp : place) begins.push_back(sp.begin);
  EXPECT_THAT(begins, ElementsAre(0u, 2u, 4u, 6u));
}

TEST(DocumentConsistencyTest, ScoreOnBioGroupsSentencesByDocument) {
  // The synthetic model finds "Quixville" after "in" but not at the start
  // of a sentence without context; by document, the second mention is
  // found too.
  const auto model = TrainSynthetic();
  BioSentence a;
  a.doc_id = "d1";
  a.tokens = {"yesterday", "mr", "Zorblat", "arrived", "in", "Quixville", "."};
  a.tags = {"O", "O", "B-PER", "O", "O", "B-LOC", "O"};
  BioSentence b;
  b.doc_id = "d1";
  b.tokens = {"Quixville", "is", "big", "."};
  b.tags = {"B-LOC", "O", "O", "O"};
  ASSERT_EQ(model->Tag(Views(a.tokens)).size(), 2u);
  ASSERT_TRUE(model->Tag(Views(b.tokens)).empty());
  SpanScorer plain, by_doc;
  ScoreOnBio(*model, {a, b}, {"PER", "LOC"}, &plain);
  ScoreOnBio(*model, {a, b}, {"PER", "LOC"}, &by_doc, nullptr, nullptr,
             /*by_document=*/true);
  EXPECT_EQ(plain.Micro().tp, 2);
  EXPECT_EQ(plain.Micro().fn, 1);
  EXPECT_EQ(by_doc.Micro().tp, 3);
  EXPECT_EQ(by_doc.Micro().fn, 0);
  // Another document does not share names.
  b.doc_id = "d2";
  SpanScorer other_doc;
  ScoreOnBio(*model, {a, b}, {"PER", "LOC"}, &other_doc, nullptr, nullptr, true);
  EXPECT_EQ(other_doc.Micro().tp, 2);
}

TEST(SpanScorerTest, ExactSpansPerTypeAndMicro) {
  SpanScorer scorer;
  scorer.Add({{0, 2, "PER"}, {3, 4, "LOC"}, {5, 6, "ORG"}},
             {{0, 2, "PER"}, {3, 5, "LOC"}, {5, 6, "LOC"}});
  EXPECT_EQ(scorer.by_type().at("PER").tp, 1);
  EXPECT_EQ(scorer.by_type().at("LOC").fp, 2);
  EXPECT_EQ(scorer.by_type().at("LOC").fn, 1);
  EXPECT_EQ(scorer.by_type().at("ORG").fn, 1);
  const SpanScorer::Counts micro = scorer.Micro();
  EXPECT_NEAR(micro.Precision(), 1.0 / 3, 1e-9);
  EXPECT_NEAR(micro.Recall(), 1.0 / 3, 1e-9);
}

// The committed model must keep its quality on the committed GUM dev
// excerpt (tests/data/ner/gum_dev.bio; see tests/data/ner/ATTRIBUTION.md).
// models/README.md states the measured F1; the floor sits a little below it.
// Measured 0.7147 with the committed model (models/README.md); the two
// before it measured 0.7041 and 0.6898. Retraining with other seeds moves
// gum dev by about +-0.015, hence the margin.
constexpr double kGumDevF1Floor = 0.69;

TEST(CommittedModelTest, ReachesF1FloorOnGumDevExcerpt) {
  const std::string root = NEWSGRAPH_SOURCE_DIR;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<NerModel> model,
                       LoadNerModel(root + "/models/ner-en-news.bin"));
  ASSERT_OK_AND_ASSIGN(std::vector<BioSentence> data,
                       ReadBioFile(root + "/tests/data/ner/gum_dev.bio"));
  ASSERT_GE(data.size(), 400u);
  SpanScorer scorer;
  ScoreOnBio(*model, data, {"PER", "ORG", "LOC"}, &scorer);
  EXPECT_GE(scorer.Micro().F1(), kGumDevF1Floor) << scorer.Report();
}

}  // namespace
}  // namespace newsgraph::ner
