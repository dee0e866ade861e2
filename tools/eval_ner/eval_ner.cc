// eval_ner: exact-span precision/recall/F1 per type and micro-averaged, as
// conlleval computes them.
//
// (a) .bio files: the given tokens are tagged with the model; PER, ORG and
//     LOC are scored (MISC is dropped from gold and predictions).
//       eval_ner --model=models/ner-en-news.bin --bio=a/test.bio,b/test.bio
//     --by_document adds the recognizer's document consistency pass
//     (sentences grouped by their "# doc" markers); --recognizer runs the
//     recognizer's whole name pipeline on each document's tokens.
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
#include <algorithm>
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
ABSL_FLAG(bool, recognizer, false,
          "--bio: run the EntityRecognizer's whole name pipeline (tagger, "
          "span rules, acronyms, document consistency) on the given tokens "
          "of each document instead of the model alone");

namespace {

using namespace newsgraph::ner;

std::string SpanText(const BioSentence& s, const TokenSpan& span) {
  std::vector<std::string> words(s.tokens.begin() + span.begin,
                                 s.tokens.begin() + span.end);
  return absl::StrJoin(words, " ");
}

// The sentence, then each gold span not predicted and each predicted span
// not in the gold.
void PrintSentenceErrors(const BioSentence& s, const std::vector<TokenSpan>& gold,
                         const std::vector<TokenSpan>& predicted) {
  std::printf("  | %s\n", absl::StrJoin(s.tokens, " ").c_str());
  for (const TokenSpan& g : gold) {
    if (std::find(predicted.begin(), predicted.end(), g) == predicted.end()) {
      std::printf("  missed   %-4s %s\n", g.type.c_str(), SpanText(s, g).c_str());
    }
  }
  for (const TokenSpan& p : predicted) {
    if (std::find(gold.begin(), gold.end(), p) == gold.end()) {
      std::printf("  spurious %-4s %s\n", p.type.c_str(), SpanText(s, p).c_str());
    }
  }
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
  if (errors) on_error = PrintSentenceErrors;
  ScoreOnBio(model, *data, {"PER", "ORG", "LOC"}, &scorer, on_error, nullptr,
             absl::GetFlag(FLAGS_by_document));
  std::printf("== %s (%zu sentences)\n%s", path.c_str(), data->size(),
              scorer.Report().c_str());
  return 0;
}

#ifdef NEWSGRAPH_EVAL_GOLD
// The recognizer's names on the given tokens: each document's tokens are
// joined by spaces into a text (sentences by newlines) and its sentences
// are the .bio sentences, so only the tokenizer is left out.
int ScoreBioWithRecognizer(const std::string& model_path, const std::string& path) {
  auto recognizer = newsgraph::EntityRecognizer::Load(model_path);
  if (!recognizer.ok()) {
    std::fprintf(stderr, "eval_ner: %s\n", std::string(recognizer.status().message()).c_str());
    return 1;
  }
  auto data = ReadBioFile(path);
  if (!data.ok()) {
    std::fprintf(stderr, "eval_ner: %s\n", std::string(data.status().message()).c_str());
    return 1;
  }
  const bool errors = absl::GetFlag(FLAGS_errors);
  const std::vector<std::string> types = {"PER", "ORG", "LOC"};
  SpanScorer scorer;
  for (size_t first = 0; first < data->size();) {
    size_t end = first + 1;
    const std::string& doc = (*data)[first].doc_id;
    while (!doc.empty() && end < data->size() && (*data)[end].doc_id == doc) ++end;
    std::string text;
    std::vector<newsgraph::Token> tokens;
    std::vector<newsgraph::Sentence> sentences;
    for (size_t k = first; k < end; ++k) {
      newsgraph::Sentence sentence;
      sentence.first_token = static_cast<uint32_t>(tokens.size());
      for (size_t i = 0; i < (*data)[k].tokens.size(); ++i) {
        if (!text.empty()) text.push_back(i == 0 ? '\n' : ' ');
        const std::string& word = (*data)[k].tokens[i];
        newsgraph::Token token;
        token.begin = static_cast<uint32_t>(text.size());
        text += word;
        token.end = static_cast<uint32_t>(text.size());
        const uint32_t flags = WordFlags(word);
        token.kind = (flags & kFlagPunct) ? newsgraph::TokenKind::kPunctuation
                     : (flags & kFlagAllDigits) ? newsgraph::TokenKind::kNumber
                                                : newsgraph::TokenKind::kWord;
        token.space_before = i > 0;
        token.starts_line = i == 0;
        token.starts_paragraph = i == 0;
        tokens.push_back(token);
      }
      sentence.end_token = static_cast<uint32_t>(tokens.size());
      sentences.push_back(sentence);
    }
    // Byte offset -> token index, to read mentions back as token spans.
    std::vector<int> token_at(text.size() + 1, -1);
    for (size_t t = 0; t < tokens.size(); ++t) token_at[tokens[t].begin] = static_cast<int>(t);
    std::vector<std::vector<TokenSpan>> predicted(end - first);
    for (const newsgraph::Mention& m : (*recognizer)->RecognizeNames(text, tokens, sentences)) {
      const std::string_view type_name = newsgraph::EntityTypeName(m.type);
      const std::string type = type_name == "PERSON" ? "PER" : type_name == "LOCATION" ? "LOC" : std::string(type_name);
      const int b = token_at[m.begin];
      if (b < 0) continue;
      int e = b;
      while (e < static_cast<int>(tokens.size()) && tokens[e].end <= m.end) ++e;
      for (size_t k = 0; k < sentences.size(); ++k) {
        const auto& sentence = sentences[k];
        if (static_cast<uint32_t>(b) >= sentence.first_token && static_cast<uint32_t>(b) < sentence.end_token) {
          predicted[k].push_back({b - static_cast<int>(sentence.first_token),
                                  e - static_cast<int>(sentence.first_token), type});
        }
      }
    }
    for (size_t k = first; k < end; ++k) {
      std::vector<std::string> tags = (*data)[k].tags;
      KeepTypes(types, &tags);
      const std::vector<TokenSpan> gold = SpansFromBio(tags);
      std::vector<TokenSpan>& mine = predicted[k - first];
      std::sort(mine.begin(), mine.end(), [](const TokenSpan& a, const TokenSpan& b) { return a.begin < b.begin; });
      scorer.Add(gold, mine);
      if (errors && gold != mine) PrintSentenceErrors((*data)[k], gold, mine);
    }
    first = end;
  }
  std::printf("== %s (%zu sentences, whole recognizer)\n%s", path.c_str(), data->size(),
              scorer.Report().c_str());
  return 0;
}

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
    for (const std::string& path : bio_files) {
#ifdef NEWSGRAPH_EVAL_GOLD
      if (absl::GetFlag(FLAGS_recognizer)) {
        rc |= ScoreBioWithRecognizer(model_path, path);
        continue;
      }
#endif
      rc |= ScoreBio(**model, path);
    }
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
