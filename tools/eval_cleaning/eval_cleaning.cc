// eval_cleaning: scores the article cleaner on the gold samples, and its
// near-duplicate fingerprints on generated pairs.
//
//   eval_cleaning [--errors] DIR...          body P/R/F1 (body_metric.h),
//                                            title, date and source accuracy
//   eval_cleaning --dedup [--seed=N] [--pairs=N] [--threshold=K] [--sweep] DIR...
//   eval_cleaning --generated=N [--seed=N] [--errors]   generated pages
//   eval_cleaning --explain=FILE             line-by-line classification
//
// Articles without a URL are cleaned with the gold source as the caller's
// source_name (as a feed that knows where its text comes from would send
// them); all other inputs are the raw file, its content type and URL.
// Titles are compared exactly (a page that shows no headline has an empty
// gold title); a gold date whose year is written nowhere in the page or URL
// cannot be found, and no date is the right answer (ExpectedDate).
//
// Dedup mode builds --pairs pairs (half positives, half negatives) from the
// gold bodies of DIR... and from generated same-topic articles
// (tools/gen_articles), renders each side as a page with its own site chrome
// and cleans it with CleanArticle, then compares SimHash distances with the
// threshold. Positives: one sentence rewritten, teasers swapped, chrome
// changed, the body truncated, or a rewrite with a new headline and chrome.
// Negatives: two different stories (same beat: Kazakhstan health news).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/ingest/cleaning/cleaner.h"
#include "services/ingest/cleaning/explain.h"
#include "tools/eval_cleaning/body_metric.h"
#include "tools/gen_articles/article_generator.h"
#include "tools/gold/gold.h"

ABSL_FLAG(bool, errors, false, "show the differences of every imperfect article");
ABSL_FLAG(bool, dedup, false, "evaluate near-duplicate detection on generated pairs instead");
ABSL_FLAG(bool, sweep, false, "with --dedup: report every threshold from 0 to 32");
ABSL_FLAG(uint64_t, seed, 2, "seed of the generated pairs or pages");
ABSL_FLAG(int, pairs, 1000, "with --dedup: pairs to generate");
ABSL_FLAG(int, threshold, newsgraph::kNearDuplicateMaxDistance, "with --dedup: SimHash distance");
ABSL_FLAG(int, generated, 0, "score N generated pages (with chrome) instead of the gold sets");
ABSL_FLAG(std::string, explain, "", "show how each line of FILE was classified");

namespace newsgraph {
namespace {

struct Flags {
  bool errors = false;
  bool dedup = false;
  bool sweep = false;
  uint64_t seed = 2;
  int pairs = 1000;
  int threshold = kNearDuplicateMaxDistance;
  int generated = 0;  // --generated=N: score N generated pages instead
  std::string explain;  // --explain=FILE: show the line classification
  std::vector<std::string> dirs;
};

// The publication date a cleaner can be asked for: the gold date when its
// year is written somewhere in the page or its URL, else none. A wire text
// that only says "on Monday" carries its date in the feed's metadata, not
// in the text; the gold keeps that date (relative dates in the entity
// annotations resolve against it), but the cleaner is right to return "".
std::string ExpectedDate(const gold::GoldArticle& article) {
  const std::string year = article.published_date.substr(0, 4);
  if (year.size() == 4 && (article.raw.find(year) != std::string::npos ||
                           article.url.find(year) != std::string::npos)) {
    return article.published_date;
  }
  return "";
}

std::vector<std::string> SplitParagraphs(const std::string& body) {
  std::vector<std::string> out;
  for (absl::string_view p : absl::StrSplit(body, "\n\n", absl::SkipEmpty())) {
    out.emplace_back(p);
  }
  return out;
}

int RunQuality(const Flags& flags) {
  int articles = 0, title_ok = 0, date_ok = 0, source_ok = 0, failed = 0;
  double f1_sum = 0, min_f1 = 1.0;
  std::string min_slug;
  eval::BodyScore total;
  for (const std::string& dir : flags.dirs) {
    absl::StatusOr<std::vector<gold::GoldArticle>> loaded =
        gold::LoadGoldDirectory(dir);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s: %s\n", dir.c_str(),
                   std::string(loaded.status().message()).c_str());
      return 2;
    }
    int dir_articles = 0, dir_title = 0, dir_date = 0, dir_source = 0;
    int dir_no_title = 0, dir_no_date = 0;
    double dir_f1 = 0, dir_min = 1.0;
    eval::BodyScore dir_total;
    std::printf("== %s (%zu articles)\n", dir.c_str(), loaded->size());
    std::printf("%-44s %6s %6s %6s  title date source\n", "article", "P", "R",
                "F1");
    for (const gold::GoldArticle& article : *loaded) {
      RawArticle raw;
      raw.content = article.raw;
      raw.content_type = article.content_type;
      raw.url = article.url;
      if (article.url.empty()) raw.source_name = article.source;
      absl::StatusOr<CleanedArticle> cleaned =
          CleanArticle(raw, CleanerOptions());
      std::string body, title, date, source;
      if (cleaned.ok()) {
        body = std::string(cleaned->body());
        title = cleaned->title;
        date = cleaned->published_date;
        source = cleaned->source;
      } else {
        ++failed;
        std::printf("%-44s ERROR %s\n", article.slug.c_str(),
                    std::string(cleaned.status().message()).c_str());
      }
      const eval::BodyScore score = eval::ScoreBody(body, article.body);
      // A page that shows no headline has an empty gold title (see
      // samples/hard/README.md); one whose date is not in the text expects
      // no date (ExpectedDate). Both are counted apart in the summary.
      const std::string want_date = ExpectedDate(article);
      dir_no_title += article.title.empty();
      dir_no_date += want_date.empty();
      const bool t = title == article.title;
      const bool d = date == want_date;
      const bool s = source == article.source;
      std::printf("%-44s %6.3f %6.3f %6.3f  %-5s %-4s %s\n",
                  article.slug.c_str(), score.Precision(), score.Recall(),
                  score.F1(), t ? "ok" : "MISS", d ? "ok" : "MISS",
                  s ? "ok" : "MISS");
      if (flags.errors) {
        if (!t) {
          std::printf("    title: got \"%s\" want \"%s\"\n", title.c_str(),
                      article.title.c_str());
        }
        if (!d) {
          std::printf("    date: got \"%s\" want \"%s\"\n", date.c_str(),
                      want_date.c_str());
        }
        if (!s) {
          std::printf("    source: got \"%s\" want \"%s\"\n", source.c_str(),
                      article.source.c_str());
        }
        const std::vector<std::string> got = SplitParagraphs(body);
        const std::vector<std::string> want = SplitParagraphs(article.body);
        for (const std::string& p : got) {
          if (std::find(want.begin(), want.end(), p) == want.end()) {
            std::printf("    + %s\n", p.substr(0, 160).c_str());
          }
        }
        for (const std::string& p : want) {
          if (std::find(got.begin(), got.end(), p) == got.end()) {
            std::printf("    - %s\n", p.substr(0, 160).c_str());
          }
        }
      }
      ++dir_articles;
      dir_title += t;
      dir_date += d;
      dir_source += s;
      dir_f1 += score.F1();
      dir_min = std::min(dir_min, score.F1());
      if (score.F1() < min_f1) {
        min_f1 = score.F1();
        min_slug = article.slug;
      }
      dir_total.matched += score.matched;
      dir_total.extracted += score.extracted;
      dir_total.gold += score.gold;
    }
    if (dir_articles > 0) {
      std::printf(
          "-- %s: body macro F1 %.4f (min %.3f), micro P %.4f R %.4f F1 "
          "%.4f; title %d/%d (%d pages without one), date %d/%d (%d pages "
          "without one), source %d/%d\n\n",
          dir.c_str(), dir_f1 / dir_articles, dir_min, dir_total.Precision(),
          dir_total.Recall(), dir_total.F1(), dir_title, dir_articles,
          dir_no_title, dir_date, dir_articles, dir_no_date, dir_source,
          dir_articles);
    }
    articles += dir_articles;
    title_ok += dir_title;
    date_ok += dir_date;
    source_ok += dir_source;
    f1_sum += dir_f1;
    total.matched += dir_total.matched;
    total.extracted += dir_total.extracted;
    total.gold += dir_total.gold;
  }
  if (articles == 0) return 0;
  std::printf(
      "== overall: %d articles, body macro F1 %.4f, micro F1 %.4f, min F1 "
      "%.3f (%s); title %.1f%%, date %.1f%%, source %.1f%%; errors %d\n",
      articles, f1_sum / articles, total.F1(), min_f1, min_slug.c_str(),
      100.0 * title_ok / articles, 100.0 * date_ok / articles,
      100.0 * source_ok / articles, failed);
  return 0;
}

int RunExplain(const Flags& flags) {
  std::FILE* file = std::fopen(flags.explain.c_str(), "rb");
  if (file == nullptr) {
    std::fprintf(stderr, "cannot open %s\n", flags.explain.c_str());
    return 2;
  }
  RawArticle raw;
  char buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) {
    raw.content.append(buffer, n);
  }
  std::fclose(file);
  std::fputs(cleaning::ExplainCleaning(raw, CleanerOptions()).c_str(), stdout);
  return 0;
}

// ---- generated pages (tools/gen_articles with chrome, text and HTML) ----

int RunGenerated(const Flags& flags) {
  GeneratorOptions options;
  options.seed = flags.seed;
  options.chrome = true;
  options.html_fraction = 0.5;
  absl::StatusOr<ArticleGenerator> generator = ArticleGenerator::Create(options);
  if (!generator.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(generator.status().message()).c_str());
    return 2;
  }
  int n = 0, title_ok = 0, date_ok = 0, source_ok = 0, failed = 0;
  double f1_sum = 0, min_f1 = 1;
  eval::BodyScore total;
  for (int i = 0; i < flags.generated; ++i) {
    const GeneratedArticle article = generator->Next();
    RawArticle raw;
    raw.content = article.text;
    raw.content_type = article.content_type;
    raw.url = i % 2 == 0 ? article.url : "";  // half without a URL
    absl::StatusOr<CleanedArticle> cleaned = CleanArticle(raw, CleanerOptions());
    std::string body, title, date, source;
    if (cleaned.ok()) {
      body = std::string(cleaned->body());
      title = cleaned->title;
      date = cleaned->published_date;
      source = cleaned->source;
    } else {
      ++failed;
    }
    const eval::BodyScore score = eval::ScoreBody(body, article.body);
    ++n;
    title_ok += title == article.title;
    date_ok += date == article.published_date;
    source_ok += source == article.source;
    f1_sum += score.F1();
    min_f1 = std::min(min_f1, score.F1());
    total.matched += score.matched;
    total.extracted += score.extracted;
    total.gold += score.gold;
    const bool miss = score.F1() < 0.97 || title != article.title ||
                      date != article.published_date ||
                      source != article.source;
    if (flags.errors && miss) {
      std::printf("%s (%s) F1 %.3f\n", article.id.c_str(),
                  article.content_type.c_str(), score.F1());
      if (title != article.title) {
        std::printf("    title: got \"%s\" want \"%s\"\n", title.c_str(),
                    article.title.c_str());
      }
      if (date != article.published_date) {
        std::printf("    date: got \"%s\" want \"%s\"\n", date.c_str(),
                    article.published_date.c_str());
      }
      if (source != article.source) {
        std::printf("    source: got \"%s\" want \"%s\"\n", source.c_str(),
                    article.source.c_str());
      }
      const std::vector<std::string> got = SplitParagraphs(body);
      const std::vector<std::string> want = SplitParagraphs(article.body);
      for (const std::string& p : got) {
        if (std::find(want.begin(), want.end(), p) == want.end()) {
          std::printf("    + %s\n", p.substr(0, 160).c_str());
        }
      }
      for (const std::string& p : want) {
        if (std::find(got.begin(), got.end(), p) == got.end()) {
          std::printf("    - %s\n", p.substr(0, 160).c_str());
        }
      }
    }
  }
  std::printf(
      "== generated (seed %llu): %d pages, body macro F1 %.4f, micro F1 %.4f, "
      "min F1 %.3f; title %.1f%%, date %.1f%%, source %.1f%% (half without "
      "URL); errors %d\n",
      static_cast<unsigned long long>(flags.seed), n, f1_sum / n, total.F1(),
      min_f1, 100.0 * title_ok / n, 100.0 * date_ok / n, 100.0 * source_ok / n,
      failed);
  return 0;
}

// ---- dedup evaluation ----

struct Story {
  std::string title;
  std::vector<std::string> paragraphs;
};

class PageRenderer {
 public:
  explicit PageRenderer(std::mt19937_64* rng) : rng_(rng) {}

  uint64_t Below(uint64_t n) { return n == 0 ? 0 : (*rng_)() % n; }

  // A page: chrome design `design`, the headline, the body, teasers from
  // `others`, a footer.
  std::string Render(const Story& story, const std::vector<Story>& others,
                     int design) {
    static const char* kSites[] = {"qaznews.example.kz", "dala.example.kz",
                                   "medinfo.example.org", "astana-today.kz"};
    const std::string site = kSites[design % 4];
    std::string page;
    switch (design % 3) {
      case 0:
        page += "Main | A A A | Қаз | Рус | Eng\n";
        page += "date 2021-03-" + std::to_string(10 + design % 9) +
                " Photo | " + site + "\n\n";
        page += story.title + "\n\n" + story.title + "\n\n";
        break;
      case 1:
        page += "Tuesday, 2 june 2020\nSearch\n\nNews   Politics   Health   "
                "Regions\n\n";
        page += story.title + "\n" + std::to_string(1 + design % 27) +
                " may 2020 - 16:20   Photo | " + site + "\n\n";
        break;
      default:
        page += story.title + "\n\n";
        break;
    }
    page += absl::StrJoin(story.paragraphs, "\n\n");
    page += "\n\n";
    if (!others.empty() && design % 3 != 2) {
      page += design % 2 == 0 ? "Related news\n\n" : "Read also\n\n";
      for (int i = 0; i < 3; ++i) {
        const Story& other = others[Below(others.size())];
        page += other.title + "\n" + std::to_string(1 + i) +
                " March 2021, 1" + std::to_string(i) + ":05\n";
        if (!other.paragraphs.empty()) {
          page += other.paragraphs[0].substr(0, 120) + "...\n\n";
        }
      }
      page += "^ top\n© " + site + ", 2021. Phone +7 7172 64 20 20\n";
    }
    return page;
  }

 private:
  std::mt19937_64* rng_;
};

std::vector<std::string> SplitSentences(const std::string& paragraph) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i + 1 < paragraph.size(); ++i) {
    if (paragraph[i] == '.' && paragraph[i + 1] == ' ') {
      out.push_back(paragraph.substr(start, i + 1 - start));
      start = i + 2;
    }
  }
  out.push_back(paragraph.substr(start));
  return out;
}

// Rewrites one sentence: a few words replaced by words from elsewhere in the
// story, one dropped, a clause appended.
Story RewriteSentence(const Story& story, PageRenderer* r) {
  Story out = story;
  if (out.paragraphs.empty()) return out;
  std::string& paragraph = out.paragraphs[r->Below(out.paragraphs.size())];
  std::vector<std::string> sentences = SplitSentences(paragraph);
  std::string& sentence = sentences[r->Below(sentences.size())];
  std::vector<std::string> words = absl::StrSplit(sentence, ' ');
  std::vector<std::string> vocabulary =
      absl::StrSplit(story.paragraphs[r->Below(story.paragraphs.size())], ' ');
  for (int k = 0; k < 3 && !words.empty(); ++k) {
    words[r->Below(words.size())] = vocabulary[r->Below(vocabulary.size())];
  }
  if (words.size() > 4) words.erase(words.begin() + r->Below(words.size()));
  sentence = absl::StrJoin(words, " ") + " officials added.";
  paragraph = absl::StrJoin(sentences, " ");
  return out;
}

uint64_t CleanedSimHash(const std::string& page, bool* ok) {
  RawArticle raw;
  raw.content = page;
  raw.content_type = "text/plain";
  absl::StatusOr<CleanedArticle> cleaned = CleanArticle(raw, CleanerOptions());
  *ok = cleaned.ok();
  return cleaned.ok() ? cleaned->simhash : 0;
}

int RunDedup(const Flags& flags) {
  std::vector<Story> stories;
  for (const std::string& dir : flags.dirs) {
    absl::StatusOr<std::vector<gold::GoldArticle>> loaded =
        gold::LoadGoldDirectory(dir);
    if (!loaded.ok()) continue;
    for (const gold::GoldArticle& article : *loaded) {
      if (!article.near_duplicate_of.empty()) continue;  // already a pair
      stories.push_back({article.title, SplitParagraphs(article.body)});
    }
  }
  GeneratorOptions generator_options;
  generator_options.seed = flags.seed;
  absl::StatusOr<ArticleGenerator> generator =
      ArticleGenerator::Create(generator_options);
  if (generator.ok()) {
    for (int i = 0; i < 200; ++i) {
      GeneratedArticle article = generator->Next();
      std::vector<std::string> paragraphs;
      for (absl::string_view p :
           absl::StrSplit(article.text, absl::ByAnyChar("\n"),
                          absl::SkipEmpty())) {
        paragraphs.emplace_back(p);
      }
      stories.push_back({article.title, paragraphs});
    }
  }
  if (stories.size() < 2) {
    std::fprintf(stderr, "need at least two stories\n");
    return 2;
  }
  std::mt19937_64 rng(flags.seed);
  PageRenderer renderer(&rng);
  struct Pair {
    bool positive;
    const char* kind;
    int distance;
  };
  std::vector<Pair> pairs;
  int failures = 0;
  for (int i = 0; i < flags.pairs; ++i) {
    const Story& a = stories[renderer.Below(stories.size())];
    Story b;
    const char* kind;
    const bool positive = i % 2 == 0;
    if (positive) {
      switch (renderer.Below(5)) {
        case 0:
          kind = "rewrite";
          b = RewriteSentence(a, &renderer);
          break;
        case 1:
          kind = "teaser-swap";
          b = a;
          break;
        case 2:
          kind = "chrome";
          b = a;
          break;
        case 3: {
          kind = "truncation";
          b = a;
          const size_t keep = std::max<size_t>(
              1, (a.paragraphs.size() * (60 + renderer.Below(31)) + 99) / 100);
          b.paragraphs.resize(std::min(keep, a.paragraphs.size()));
          break;
        }
        default:
          kind = "rewrite+headline+chrome";
          b = RewriteSentence(a, &renderer);
          b.title = "Officials: " + a.title;
          break;
      }
    } else {
      kind = "different-story";
      const Story* other = &a;
      while (other == &a) other = &stories[renderer.Below(stories.size())];
      b = *other;
    }
    const int design_a = static_cast<int>(renderer.Below(1000));
    int design_b = design_a;
    if (std::string(kind) != "rewrite" && std::string(kind) != "truncation") {
      design_b = design_a + 1 + static_cast<int>(renderer.Below(5));
    }
    bool ok_a, ok_b;
    const uint64_t ha =
        CleanedSimHash(renderer.Render(a, stories, design_a), &ok_a);
    const uint64_t hb =
        CleanedSimHash(renderer.Render(b, stories, design_b), &ok_b);
    if (!ok_a || !ok_b) {
      ++failures;
      continue;
    }
    pairs.push_back({positive, kind, SimHashDistance(ha, hb)});
  }
  auto report = [&pairs](int threshold, bool per_kind) {
    int tp = 0, fp = 0, fn = 0, tn = 0;
    for (const Pair& p : pairs) {
      const bool predicted = p.distance <= threshold;
      if (p.positive && predicted) ++tp;
      if (p.positive && !predicted) ++fn;
      if (!p.positive && predicted) ++fp;
      if (!p.positive && !predicted) ++tn;
    }
    const double precision = tp + fp == 0 ? 1.0 : double(tp) / (tp + fp);
    const double recall = tp + fn == 0 ? 1.0 : double(tp) / (tp + fn);
    const double f1 = precision + recall == 0
                          ? 0
                          : 2 * precision * recall / (precision + recall);
    std::printf("threshold %2d: precision %.4f recall %.4f F1 %.4f "
                "(tp %d fp %d fn %d tn %d)\n",
                threshold, precision, recall, f1, tp, fp, fn, tn);
    if (per_kind) {
      for (const char* kind :
           {"rewrite", "teaser-swap", "chrome", "truncation",
            "rewrite+headline+chrome", "different-story"}) {
        int n = 0, hit = 0, max_d = 0, min_d = 64;
        for (const Pair& p : pairs) {
          if (std::string(p.kind) != kind) continue;
          ++n;
          hit += p.distance <= threshold;
          max_d = std::max(max_d, p.distance);
          min_d = std::min(min_d, p.distance);
        }
        std::printf("  %-24s %4d pairs, %4d within threshold, distance "
                    "%d..%d\n",
                    kind, n, hit, min_d, max_d);
      }
    }
  };
  std::printf("dedup: %zu pairs (seed %llu, %zu stories), %d not cleanable\n",
              pairs.size(), static_cast<unsigned long long>(flags.seed),
              stories.size(), failures);
  if (flags.sweep) {
    for (int t = 0; t <= 32; ++t) report(t, false);
  }
  report(flags.threshold, true);
  return 0;
}

}  // namespace
}  // namespace newsgraph

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "eval_cleaning [--errors] [--dedup [--seed=N] [--pairs=N] [--threshold=K] [--sweep]] "
      "[--generated=N] [--explain=FILE] DIR...");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  newsgraph::Flags flags;
  flags.errors = absl::GetFlag(FLAGS_errors);
  flags.dedup = absl::GetFlag(FLAGS_dedup);
  flags.sweep = absl::GetFlag(FLAGS_sweep);
  flags.seed = absl::GetFlag(FLAGS_seed);
  flags.pairs = absl::GetFlag(FLAGS_pairs);
  flags.threshold = absl::GetFlag(FLAGS_threshold);
  flags.generated = absl::GetFlag(FLAGS_generated);
  flags.explain = absl::GetFlag(FLAGS_explain);
  flags.dirs.assign(positional.begin() + 1, positional.end());
  if (flags.dirs.empty()) flags.dirs = {"samples", "samples/hard"};
  if (!flags.explain.empty()) return newsgraph::RunExplain(flags);
  if (flags.generated > 0) return newsgraph::RunGenerated(flags);
  return flags.dedup ? newsgraph::RunDedup(flags)
                     : newsgraph::RunQuality(flags);
}
