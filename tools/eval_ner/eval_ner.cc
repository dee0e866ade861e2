// eval_ner: exact-span precision/recall/F1 per type and micro-averaged, as
// conlleval computes them.
//
// (a) .bio files: the given tokens are tagged with the model; PER, ORG and
//     LOC are scored (MISC is dropped from gold and predictions).
//       eval_ner --model=models/ner-en-news.bin --bio=a/test.bio,b/test.bio
//     --by_document adds the recognizer's document consistency pass
//     (sentences grouped by their "# doc" markers).
// (b) gold articles (samples/*.gold.json, docs/ANNOTATION.md): the full
//     EntityRecognizer runs on each body; byte spans and types of all seven
//     types are compared.
//       eval_ner --model=models/ner-en-news.bin --gold_dir=samples
// (c) generated articles (tools/gen_articles, true spans known): the full
//     EntityRecognizer on N bodies of a seeded generator.
//       eval_ner --model=models/ner-en-news.bin --generated=200 --seed=42
// --errors lists every missed and spurious span.
// --tag="Shymkent ’s governor said ." prints the model's label of each
//   space-separated token (MISC included), for reading errors.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/extraction/ner/bio_corpus.h"
#include "services/extraction/ner/bio_eval.h"
#include "services/extraction/ner/ner_model.h"
#ifdef NEWSGRAPH_EVAL_GOLD
#include "common/model/annotations.h"
#include "services/extraction/ner/entity_recognizer.h"
#include "tools/gold/gold.h"
#endif
#ifdef NEWSGRAPH_EVAL_GENERATED
#include "services/extraction/ner/entity_recognizer.h"
#include "tools/gen_articles/article_generator.h"
#endif

ABSL_FLAG(std::string, model, "models/ner-en-news.bin", "model file");
ABSL_FLAG(std::string, bio, "", "comma-separated .bio files to score");
ABSL_FLAG(std::string, gold_dir, "", "folder of *.gold.json articles");
ABSL_FLAG(bool, errors, false, "list the errors");
ABSL_FLAG(std::string, text, "", "print the mentions found in this text");
ABSL_FLAG(std::string, tag, "",
          "space-separated tokens: print the model's label for each "
          "(MISC included), for reading errors");
ABSL_FLAG(int, generated, 0, "score this many generated articles");
ABSL_FLAG(uint64_t, seed, 42, "generator seed for --generated");
ABSL_FLAG(bool, by_document, false,
          "--bio: also apply the recognizer's document consistency pass to "
          "the sentences of each document (# doc markers)");

namespace {

using namespace newsgraph::ner;

std::string SpanText(const BioSentence& s, const TokenSpan& span) {
  std::vector<std::string> words(s.tokens.begin() + span.begin,
                                 s.tokens.begin() + span.end);
  return absl::StrJoin(words, " ");
}

int ScoreBio(const NerModel& model, const std::string& path) {
  auto data = ReadBioFile(path);
  if (!data.ok()) {
    std::fprintf(stderr, "eval_ner: %s\n",
                 std::string(data.status().message()).c_str());
    return 1;
  }
  const bool errors = absl::GetFlag(FLAGS_errors);
  SpanScorer scorer;
  BioErrorCallback on_error;
  if (errors) {
    on_error = [](const BioSentence& s, const std::vector<TokenSpan>& gold,
                  const std::vector<TokenSpan>& predicted) {
      std::printf("  | %s\n", absl::StrJoin(s.tokens, " ").c_str());
      for (const TokenSpan& g : gold) {
        if (std::find(predicted.begin(), predicted.end(), g) == predicted.end())
          std::printf("  missed   %-4s %s\n", g.type.c_str(),
                      SpanText(s, g).c_str());
      }
      for (const TokenSpan& p : predicted) {
        if (std::find(gold.begin(), gold.end(), p) == gold.end())
          std::printf("  spurious %-4s %s\n", p.type.c_str(),
                      SpanText(s, p).c_str());
      }
    };
  }
  ScoreOnBio(model, *data, {"PER", "ORG", "LOC"}, &scorer, on_error, nullptr,
             absl::GetFlag(FLAGS_by_document));
  std::printf("== %s (%zu sentences)\n%s", path.c_str(), data->size(),
              scorer.Report().c_str());
  return 0;
}

#ifdef NEWSGRAPH_EVAL_GOLD
int ScoreGold(const std::string& model_path, const std::string& dir) {
  auto recognizer = newsgraph::EntityRecognizer::Load(model_path);
  if (!recognizer.ok()) {
    std::fprintf(stderr, "eval_ner: %s\n",
                 std::string(recognizer.status().message()).c_str());
    return 1;
  }
  auto articles = newsgraph::gold::LoadGoldDirectory(dir);
  if (!articles.ok()) {
    std::fprintf(stderr, "eval_ner: %s\n",
                 std::string(articles.status().message()).c_str());
    return 1;
  }
  const bool errors = absl::GetFlag(FLAGS_errors);
  SpanScorer all;
  SpanScorer named;
  for (const auto& article : *articles) {
    absl::CivilDay day;
    const absl::CivilDay* reference = nullptr;
    if (article.published_date.size() >= 10 &&
        absl::ParseCivilTime(article.published_date.substr(0, 10), &day)) {
      reference = &day;
    }
    const std::vector<newsgraph::Mention> mentions =
        (*recognizer)->Recognize(article.body, reference);
    std::vector<TokenSpan> gold, predicted, gold_named, predicted_named;
    for (const auto& g : article.entities) {
      TokenSpan s{static_cast<int>(g.begin), static_cast<int>(g.end),
                  std::string(newsgraph::EntityTypeName(g.type))};
      if (newsgraph::IsNamedType(g.type)) gold_named.push_back(s);
      gold.push_back(std::move(s));
    }
    for (const auto& m : mentions) {
      TokenSpan s{static_cast<int>(m.begin), static_cast<int>(m.end),
                  std::string(newsgraph::EntityTypeName(m.type))};
      if (newsgraph::IsNamedType(m.type)) predicted_named.push_back(s);
      predicted.push_back(std::move(s));
    }
    all.Add(gold, predicted);
    named.Add(gold_named, predicted_named);
    if (errors) {
      std::printf("-- %s\n", article.slug.c_str());
      auto text = [&](const TokenSpan& s) {
        return article.body.substr(s.begin, s.end - s.begin);
      };
      for (const TokenSpan& g : gold) {
        if (std::find(predicted.begin(), predicted.end(), g) == predicted.end())
          std::printf("  missed   %-8s [%d,%d) %s\n", g.type.c_str(), g.begin,
                      g.end, text(g).c_str());
      }
      for (const TokenSpan& p : predicted) {
        if (std::find(gold.begin(), gold.end(), p) == gold.end())
          std::printf("  spurious %-8s [%d,%d) %s\n", p.type.c_str(), p.begin,
                      p.end, text(p).c_str());
      }
    }
  }
  std::printf("== %s gold (%zu articles), all types\n%s", dir.c_str(),
              articles->size(), all.Report().c_str());
  std::printf("== PERSON/ORG/LOCATION only\n%s", named.Report().c_str());
  return 0;
}
#endif

#ifdef NEWSGRAPH_EVAL_GENERATED
int ScoreGenerated(const std::string& model_path, int count) {
  auto recognizer = newsgraph::EntityRecognizer::Load(model_path);
  if (!recognizer.ok()) {
    std::fprintf(stderr, "eval_ner: %s\n",
                 std::string(recognizer.status().message()).c_str());
    return 1;
  }
  newsgraph::GeneratorOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  options.gazetteer_dir = "/work/shared/data/gazetteers";
  auto generator = newsgraph::ArticleGenerator::Create(options);
  if (!generator.ok()) {
    std::fprintf(stderr, "eval_ner: %s\n",
                 std::string(generator.status().message()).c_str());
    return 1;
  }
  const bool errors = absl::GetFlag(FLAGS_errors);
  SpanScorer all, named;
  for (int i = 0; i < count; ++i) {
    const newsgraph::GeneratedArticle article = generator->Next();
    absl::CivilDay day;
    const absl::CivilDay* reference = nullptr;
    if (article.published_date.size() >= 10 &&
        absl::ParseCivilTime(article.published_date.substr(0, 10), &day)) {
      reference = &day;
    }
    // Entities are given on `text`; without chrome text is the body.
    std::vector<TokenSpan> gold, predicted, gold_named, predicted_named;
    for (const auto& g : article.entities) {
      TokenSpan s{static_cast<int>(g.begin), static_cast<int>(g.end), g.type};
      if (g.type == "PERSON" || g.type == "ORG" || g.type == "LOCATION") {
        gold_named.push_back(s);
      }
      gold.push_back(std::move(s));
    }
    for (const auto& m : (*recognizer)->Recognize(article.text, reference)) {
      TokenSpan s{static_cast<int>(m.begin), static_cast<int>(m.end),
                  std::string(newsgraph::EntityTypeName(m.type))};
      if (newsgraph::IsNamedType(m.type)) predicted_named.push_back(s);
      predicted.push_back(std::move(s));
    }
    all.Add(gold, predicted);
    named.Add(gold_named, predicted_named);
    if (errors) {
      auto text = [&](const TokenSpan& s) {
        return article.text.substr(s.begin, s.end - s.begin);
      };
      for (const TokenSpan& g : gold) {
        if (std::find(predicted.begin(), predicted.end(), g) == predicted.end())
          std::printf("  missed   %-8s %s\n", g.type.c_str(), text(g).c_str());
      }
      for (const TokenSpan& p : predicted) {
        if (std::find(gold.begin(), gold.end(), p) == gold.end())
          std::printf("  spurious %-8s %s\n", p.type.c_str(), text(p).c_str());
      }
    }
  }
  std::printf("== generated (%d articles, seed %llu), all types\n%s", count,
              static_cast<unsigned long long>(options.seed),
              all.Report().c_str());
  std::printf("== PERSON/ORG/LOCATION only\n%s", named.Report().c_str());
  return 0;
}
#endif

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string model_path = absl::GetFlag(FLAGS_model);
  int rc = 0;
  const std::vector<std::string> bio_files =
      absl::StrSplit(absl::GetFlag(FLAGS_bio), ',', absl::SkipEmpty());
  if (!bio_files.empty()) {
    auto model = LoadNerModel(model_path);
    if (!model.ok()) {
      std::fprintf(stderr, "eval_ner: %s\n",
                   std::string(model.status().message()).c_str());
      return 1;
    }
    for (const std::string& path : bio_files) rc |= ScoreBio(**model, path);
  }
  if (const std::string tag = absl::GetFlag(FLAGS_tag); !tag.empty()) {
    auto model = LoadNerModel(model_path);
    if (!model.ok()) {
      std::fprintf(stderr, "eval_ner: %s\n",
                   std::string(model.status().message()).c_str());
      return 1;
    }
    const std::vector<std::string> words =
        absl::StrSplit(tag, ' ', absl::SkipEmpty());
    const std::vector<std::string_view> tokens(words.begin(), words.end());
    std::vector<int> labels;
    (*model)->Tag(tokens, &labels);
    for (size_t i = 0; i < tokens.size(); ++i) {
      std::printf("%s/%s ", std::string(tokens[i]).c_str(),
                  (*model)->labels().names()[labels[i]].c_str());
    }
    std::printf("\n");
  }
#ifdef NEWSGRAPH_EVAL_GOLD
  if (const std::string text = absl::GetFlag(FLAGS_text); !text.empty()) {
    auto recognizer = newsgraph::EntityRecognizer::Load(model_path);
    if (!recognizer.ok()) {
      std::fprintf(stderr, "eval_ner: %s\n",
                   std::string(recognizer.status().message()).c_str());
      return 1;
    }
    for (const auto& m : (*recognizer)->Recognize(text, nullptr)) {
      std::printf("%-8s [%u,%u) %.3f %s\n",
                  std::string(newsgraph::EntityTypeName(m.type)).c_str(),
                  m.begin, m.end, m.confidence, m.text.c_str());
    }
  }
#endif
#ifdef NEWSGRAPH_EVAL_GENERATED
  if (const int count = absl::GetFlag(FLAGS_generated); count > 0) {
    rc |= ScoreGenerated(model_path, count);
  }
#endif
  const std::string gold_dir = absl::GetFlag(FLAGS_gold_dir);
  if (!gold_dir.empty()) {
#ifdef NEWSGRAPH_EVAL_GOLD
    rc |= ScoreGold(model_path, gold_dir);
#else
    std::fprintf(stderr,
                 "eval_ner: built without the recognizer/gold libraries\n");
    rc = 1;
#endif
  }
  return rc;
}
