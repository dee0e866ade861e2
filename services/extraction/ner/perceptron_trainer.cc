#include "services/extraction/ner/perceptron_trainer.h"

#include <algorithm>
#include <numeric>

#include "absl/strings/ascii.h"
#include "services/extraction/ner/hashing.h"

namespace newsgraph::ner {
namespace {

// What the labels of a training sentence say about its token i (NameBit).
uint8_t NameBitsOfToken(const TrainingSentence& ts, size_t i) {
  const BioSentence& s = ts.sentence;
  const std::string& tag = s.tags[i];
  if (tag == "O") {
    const uint32_t flags = WordFlags(s.tokens[i]);
    // Only a corpus that annotates MISC says that a capitalized word is no
    // name at all.
    if (i > 0 && ts.annotates_misc && (flags & kFlagInitCap) && !(flags & kFlagAllCaps)) {
      return kNameNone;
    }
    return (flags & kFlagAllLower) ? kNameLowerCase : 0;
  }
  if (tag.size() <= 2) return 0;
  const std::string_view type = std::string_view(tag).substr(2);
  if (type == "PER") {
    const bool continues = i + 1 < s.tags.size() && s.tags[i + 1].size() > 2 &&
                           s.tags[i + 1][0] == 'I' &&
                           std::string_view(s.tags[i + 1]).substr(2) == type;
    uint8_t bits = 0;
    if (tag[0] == 'B' && continues) bits |= kNamePersonFirst;
    if (!continues) bits |= kNamePersonLast;
    return bits;
  }
  if (type == "ORG") return kNameOrg;
  if (type == "LOC") return kNameLoc;
  if (type == "MISC") return kNameMisc;
  return 0;
}

// Words a headline leaves in lower case.
constexpr std::string_view kHeadlineMinorWords[] = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in",
    "nor", "of", "on", "or", "the", "to", "with",
};

// `word` as a title-case headline writes it: an ASCII lower-case initial is
// capitalized unless the word is a minor word inside the headline.
std::string TitleCaseWord(const std::string& word, bool first) {
  if (word.empty() || word[0] < 'a' || word[0] > 'z') return word;
  if (!first && std::find(std::begin(kHeadlineMinorWords), std::end(kHeadlineMinorWords),
                          std::string_view(word)) != std::end(kHeadlineMinorWords)) {
    return word;
  }
  std::string out = word;
  out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

}  // namespace

PerceptronTrainer::PerceptronTrainer(TrainerOptions options, Gazetteer gazetteer,
                                     WordClusters clusters)
    : options_(std::move(options)),
      labels_(options_.scheme, options_.types),
      gazetteer_(std::move(gazetteer)),
      clusters_(std::move(clusters)),
      rng_(options_.seed),
      dropout_rng_(options_.seed ^ 0x5eed0fd50f7ULL) {
  const uint32_t mask = (1u << options_.table_bits) - 1;
  unknown_word_row_ = FeatureBucket(Mix(kUnknownWordFeature, 1), mask);
  unknown_lower_row_ = FeatureBucket(Mix(kUnknownWordFeature, 2), mask);
  misc_type_ = labels_.TypeIndex("MISC");
  const size_t L = labels_.size();
  const size_t rows = size_t{1} << options_.table_bits;
  w_.assign(rows * L, 0);
  w_acc_.assign(rows * L, 0);
  trans_.assign(L * L, 0);
  trans_acc_.assign(L * L, 0);
  start_.assign(L, 0);
  start_acc_.assign(L, 0);
  end_.assign(L, 0);
  end_acc_.assign(L, 0);
}

void PerceptronTrainer::SetData(std::vector<TrainingSentence> data) {
  for (const TrainingSentence& ts : data) {
    if (ts.lexicon_only) continue;
    const auto& tokens = ts.sentence.tokens;
    for (size_t i = 1; i < tokens.size(); ++i) lexicon_.Observe(tokens[i]);
  }
  lexicon_.Finalize(options_.case_lexicon_min_count);
  // Jackknifed name lexicons: fold k's sentences see the labels of the
  // other folds only; folds are whole documents (consecutive sentences with
  // one doc_id) dealt out in turn.
  const int folds = std::max(0, options_.name_lexicon_folds);
  std::vector<int> fold_of(data.size(), 0);
  std::vector<CaseLexicon> fold_lexicons;
  if (folds > 0) {
    int group = -1;
    for (size_t k = 0; k < data.size(); ++k) {
      const std::string& id = data[k].sentence.doc_id;
      if (k == 0 || id.empty() || id != data[k - 1].sentence.doc_id) ++group;
      fold_of[k] = group % folds;
    }
    fold_lexicons.assign(folds, lexicon_);
    for (size_t k = 0; k < data.size(); ++k) {
      const BioSentence& s = data[k].sentence;
      for (size_t i = 0; i < s.tokens.size(); ++i) {
        const uint8_t bits = NameBitsOfToken(data[k], i);
        if (bits == 0) continue;
        lexicon_.AddNameBits(s.tokens[i], bits);
        for (int f = 0; f < folds; ++f) {
          if (f != fold_of[k] || data[k].lexicon_only) {
            fold_lexicons[f].AddNameBits(s.tokens[i], bits);
          }
        }
      }
    }
  }
  lexicon_.PruneNameBits();
  for (CaseLexicon& lex : fold_lexicons) lex.PruneNameBits();
  std::vector<FeatureExtractor> extractors;
  if (folds == 0) {
    extractors.emplace_back(&gazetteer_, &lexicon_, &clusters_, options_.table_bits);
  } else {
    for (const CaseLexicon& lex : fold_lexicons) {
      extractors.emplace_back(&gazetteer_, &lex, &clusters_, options_.table_bits);
    }
  }
  SentenceFeatures features;
  std::vector<std::string_view> views;
  std::vector<std::string> recased_tokens;
  // Its own stream, so that the choice of copies does not move the
  // shuffling of the epochs.
  std::mt19937_64 copy_rng(options_.seed ^ 0xca5e5ca1eULL);
  std::bernoulli_distribution copy_in_capitals(options_.upper_case_fraction);
  std::bernoulli_distribution copy_in_title_case(options_.title_case_fraction);
  examples_.clear();
  examples_.reserve(data.size());
  for (size_t k = 0; k < data.size(); ++k) {
    const TrainingSentence& ts = data[k];
    if (ts.lexicon_only) continue;
    views.assign(ts.sentence.tokens.begin(), ts.sentence.tokens.end());
    const FeatureExtractor& extractor = extractors[fold_of[k]];
    extractor.Extract(views, &features);
    Example ex;
    ex.rows = features.rows;
    ex.offsets = features.offsets;
    ex.gold = labels_.Encode(ts.sentence.tags);
    ex.latent_misc = !ts.annotates_misc && misc_type_ >= 0;
    const size_t original = examples_.size();
    examples_.push_back(std::move(ex));
    // Each sentence may have one copy in capitals and one in title case.
    const bool in_capitals =
        options_.upper_case_fraction > 0 && copy_in_capitals(copy_rng);
    const bool in_title_case =
        options_.title_case_fraction > 0 && copy_in_title_case(copy_rng);
    for (const bool capitals : {true, false}) {
      if (!(capitals ? in_capitals : in_title_case)) continue;
      recased_tokens.clear();
      for (size_t i = 0; i < ts.sentence.tokens.size(); ++i) {
        const std::string& token = ts.sentence.tokens[i];
        recased_tokens.push_back(capitals ? absl::AsciiStrToUpper(token)
                                        : TitleCaseWord(token, i == 0));
      }
      views.assign(recased_tokens.begin(), recased_tokens.end());
      extractor.Extract(views, &features);
      Example copy;
      copy.rows = features.rows;
      copy.offsets = features.offsets;
      copy.gold = examples_[original].gold;
      copy.latent_misc = examples_[original].latent_misc;
      examples_.push_back(std::move(copy));
    }
  }
}

void PerceptronTrainer::AddWeight(size_t index, float delta,
                                  std::vector<float>* w,
                                  std::vector<double>* acc) {
  (*w)[index] += delta;
  (*acc)[index] += steps_ * delta;
}

void PerceptronTrainer::Update(const std::vector<uint32_t>& rows,
                               const std::vector<uint32_t>& offsets,
                               const std::vector<int>& gold,
                               const std::vector<int>& predicted) {
  const size_t L = labels_.size();
  const size_t n = gold.size();
  for (size_t t = 0; t < n; ++t) {
    if (gold[t] != predicted[t]) {
      for (uint32_t k = offsets[t]; k < offsets[t + 1]; ++k) {
        const size_t base = static_cast<size_t>(rows[k]) * L;
        AddWeight(base + gold[t], 1, &w_, &w_acc_);
        AddWeight(base + predicted[t], -1, &w_, &w_acc_);
      }
    }
    if (t == 0) {
      if (gold[0] != predicted[0]) {
        AddWeight(gold[0], 1, &start_, &start_acc_);
        AddWeight(predicted[0], -1, &start_, &start_acc_);
      }
    } else if (gold[t - 1] != predicted[t - 1] || gold[t] != predicted[t]) {
      AddWeight(gold[t - 1] * L + gold[t], 1, &trans_, &trans_acc_);
      AddWeight(predicted[t - 1] * L + predicted[t], -1, &trans_, &trans_acc_);
    }
  }
  if (gold[n - 1] != predicted[n - 1]) {
    AddWeight(gold[n - 1], 1, &end_, &end_acc_);
    AddWeight(predicted[n - 1], -1, &end_, &end_acc_);
  }
}

int PerceptronTrainer::RunEpoch() {
  const int L = labels_.size();
  std::vector<size_t> order(examples_.size());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng_);

  TransitionScores ts;
  std::vector<float> emissions, scratch;
  std::vector<int> backptr, predicted, gold;
  std::vector<uint8_t> allowed;
  std::vector<uint32_t> dropped_rows;
  std::bernoulli_distribution drop(options_.word_dropout);
  int mistakes = 0;
  for (size_t idx : order) {
    const Example& ex = examples_[idx];
    const int n = static_cast<int>(ex.gold.size());
    const std::vector<uint32_t>* rows = &ex.rows;
    if (options_.word_dropout > 0) {
      dropped_rows = ex.rows;
      for (int t = 0; t < n; ++t) {
        if (ex.offsets[t + 1] - ex.offsets[t] < kFirstNonLexicalSlot) continue;
        if (!drop(dropout_rng_)) continue;
        dropped_rows[ex.offsets[t] + kWordSlot] = unknown_word_row_;
        dropped_rows[ex.offsets[t] + kLowerSlot] = unknown_lower_row_;
      }
      rows = &dropped_rows;
    }
    // Current transition scores with the constraints.
    ConstrainTransitions(labels_, trans_.data(), start_.data(), end_.data(), &ts);
    emissions.resize(static_cast<size_t>(n) * L);
    ComputeEmissions(w_.data(), L, 1.0f, rows->data(), ex.offsets.data(), n,
                     emissions.data());
    predicted.resize(n);
    Viterbi(emissions.data(), n, ts, nullptr, predicted.data(), &scratch,
            &backptr);
    gold = ex.gold;
    if (ex.latent_misc) {
      // Best path that agrees with the annotation, reading O as "O or MISC".
      allowed.assign(static_cast<size_t>(n) * L, 0);
      for (int t = 0; t < n; ++t) {
        if (ex.gold[t] != 0) {
          allowed[t * L + ex.gold[t]] = 1;
          continue;
        }
        for (int y = 0; y < L; ++y) {
          allowed[t * L + y] = y == 0 || labels_.TypeOf(y) == misc_type_;
        }
      }
      Viterbi(emissions.data(), n, ts, allowed.data(), gold.data(), &scratch,
              &backptr);
    }
    if (gold != predicted) {
      ++mistakes;
      Update(*rows, ex.offsets, gold, predicted);
    }
    steps_ += 1;
  }
  return mistakes;
}

void PerceptronTrainer::AddAveragedWeights(float factor,
                                           std::vector<float>* weights,
                                           std::vector<float>* transitions,
                                           std::vector<float>* start,
                                           std::vector<float>* end) const {
  auto add = [&](const std::vector<float>& w, const std::vector<double>& acc,
                 std::vector<float>* out) {
    if (out->empty()) out->assign(w.size(), 0);
    for (size_t i = 0; i < w.size(); ++i) {
      (*out)[i] += factor * static_cast<float>(w[i] - acc[i] / steps_);
    }
  };
  add(w_, w_acc_, weights);
  add(trans_, trans_acc_, transitions);
  add(start_, start_acc_, start);
  add(end_, end_acc_, end);
}

std::unique_ptr<NerModel> PerceptronTrainer::AveragedModel() const {
  std::vector<float> w, trans, start, end;
  AddAveragedWeights(1.0f, &w, &trans, &start, &end);
  return NerModel::FromWeights(labels_, gazetteer_, lexicon_, clusters_, options_.table_bits, w,
                               trans, start, end, 1.0f);
}

}  // namespace newsgraph::ner
