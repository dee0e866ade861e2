// A seeded generator of original synthetic news articles in the style of the
// Kazakhstan health beat (appointments, budgets in tenge, COVID-19 counts,
// hospitals, WHO meetings), with the true entity spans written beside each
// article. It feeds load, crash and benchmark runs of any size and gives the
// extraction evaluation a source of text whose answers are known exactly.
//
// Everything is made up here: people are built from syllables, organizations
// from patterns ("<City> Regional Hospital", "Ministry of <X>",
// "<Surname> National Center for <Y>"), places come from the gazetteers (or a
// small built-in list), sentences from templates.
//
// Determinism: two generators created with equal options produce the same
// sequence of articles on every platform (the generator uses its own
// arithmetic on a std::mt19937_64, never std:: distributions, whose results
// are implementation-defined).
//
// Example:
//   GeneratorOptions options;
//   options.seed = 7;
//   ASSIGN_OR_RETURN(ArticleGenerator generator,
//                    ArticleGenerator::Create(options));
//   for (int i = 0; i < 1000; ++i) Consume(generator.Next());
//
// An ArticleGenerator is not safe for concurrent use; give each thread its own
// (with its own seed).
#ifndef NEWSGRAPH_TOOLS_GEN_ARTICLES_ARTICLE_GENERATOR_H_
#define NEWSGRAPH_TOOLS_GEN_ARTICLES_ARTICLE_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace newsgraph {

// One true entity mention. Offsets are UTF-8 byte offsets into
// GeneratedArticle::text, [begin, end); text == article.text.substr(begin,
// end - begin) always holds.
struct GeneratedEntity {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string type;       // PERSON, ORG, LOCATION, DATE, MONEY, PERCENT, QUANTITY
  std::string text;       // the mention as written
  std::string canonical;  // full name for PERSON/ORG/LOCATION ("World Health
                          // Organization" for "WHO", "Astana" for
                          // "Nur-Sultan"); the mention itself otherwise
  std::string value;      // normalized value as docs/ANNOTATION.md defines it
                          // for DATE ("2024-03-14"), MONEY ("12000000000
                          // KZT"), PERCENT ("47"), QUANTITY ("86412",
                          // "250 km"); "" for named types
};

struct GeneratedArticle {
  std::string id;              // "gen-<seed>-<index>", unique per generator
  std::string title;           // the headline
  std::string source;          // host name of the invented site ("news-agency.kz")
  std::string url;             // https://<source>/<path>
  std::string published_date;  // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
  std::string content_type;    // "text/plain" or "text/html"
  std::string text;            // the whole article as delivered (with chrome
                               // when asked for it)
  std::string body;            // the body as a perfect cleaner outputs it:
                               // paragraphs joined by "\n\n", no headline,
                               // no chrome (for scoring cleaners)
  std::vector<GeneratedEntity> entities;  // sorted by begin, non-overlapping
};

struct GeneratorOptions {
  // Seed of the pseudo-random sequence. Equal options => equal output.
  uint64_t seed = 1;
  // Folder holding cities.tsv and countries.tsv in the format of
  // /work/shared/data/gazetteers. "" (the default) uses a small built-in list
  // of Kazakh cities and countries, so tests need no files.
  std::string gazetteer_dir;
  // Approximate size of GeneratedArticle::text in bytes (whole paragraphs are
  // added until the text reaches it). Default 3000.
  size_t target_bytes = 3000;
  // Share of articles delivered as HTML (0..1). Default 0: all plain text.
  double html_fraction = 0.0;
  // Surround the body with site chrome: menus, date lines, the headline
  // repeated, "Related news" teaser lists, footers. Entities inside the
  // chrome are annotated too. Default false: the text is the body only
  // (for HTML: a minimal page around the body).
  bool chrome = false;
  // Publication dates are drawn uniformly from [first_date, last_date].
  absl::CivilDay first_date = absl::CivilDay(2019, 1, 1);
  absl::CivilDay last_date = absl::CivilDay(2024, 12, 31);
};

class ArticleGenerator {
 public:
  // Validates the options and loads the gazetteers. Errors: INVALID_ARGUMENT
  // for an html_fraction outside [0, 1], an empty date range or a
  // target_bytes of 0; NOT_FOUND / INVALID_ARGUMENT when gazetteer_dir is set
  // but its files are missing or hold no usable rows.
  static absl::StatusOr<ArticleGenerator> Create(const GeneratorOptions& options);

  ArticleGenerator(ArticleGenerator&&) = default;
  ArticleGenerator& operator=(ArticleGenerator&&) = default;

  // The next article of the sequence.
  GeneratedArticle Next();

  // Opaque tables shared by generators (places, name parts); defined in the .cc.
  struct Tables;

 private:
  ArticleGenerator(const GeneratorOptions& options,
                   std::shared_ptr<const Tables> tables);

  GeneratorOptions options_;
  std::shared_ptr<const Tables> tables_;
  std::mt19937_64 rng_;
  uint64_t index_ = 0;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_TOOLS_GEN_ARTICLES_ARTICLE_GENERATOR_H_
