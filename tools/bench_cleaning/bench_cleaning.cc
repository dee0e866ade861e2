// Cleaning throughput on one core: CleanArticle over generated articles with
// site chrome (tools/gen_articles, fixed seeds), plain text and HTML.
//
//   bench_cleaning --benchmark_min_time=2
//
// bytes_per_second is the raw input consumed per second. The argument is the
// generator's target article size in bytes. BM_LibxmlParseOnly times the HTML
// parser the cleaner uses (libxml2) alone on the HTML pages, the bound for
// BM_CleanHtml; BM_GumboParseOnly times gumbo, the HTML5 parser it replaced,
// on the same pages (kept for that comparison).
//
// For instruction counts (repeatable on a shared machine), a fixed amount of
// work instead of timed runs:
//
//   valgrind --tool=callgrind bench_cleaning --passes=3 --only=text
//
// runs CleanArticle over the 200 text pages 3 times (--only=html: the HTML
// pages; --only=libxml, --only=gumbo: that parser alone on them) and exits.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <gumbo.h>
#include <libxml/HTMLparser.h>

#include "benchmark/benchmark.h"
#include "services/ingest/cleaning/cleaner.h"
#include "tools/gen_articles/article_generator.h"

namespace newsgraph {
namespace {

std::vector<RawArticle> MakeArticles(double html_fraction, size_t bytes,
                                     int count) {
  GeneratorOptions options;
  options.seed = 42;
  options.chrome = true;
  options.html_fraction = html_fraction;
  options.target_bytes = bytes;
  absl::StatusOr<ArticleGenerator> generator = ArticleGenerator::Create(options);
  std::vector<RawArticle> articles;
  if (!generator.ok()) return articles;
  for (int i = 0; i < count; ++i) {
    GeneratedArticle generated = generator->Next();
    RawArticle raw;
    raw.content = std::move(generated.text);
    raw.content_type = generated.content_type;
    raw.url = generated.url;
    articles.push_back(std::move(raw));
  }
  return articles;
}

void RunCleaning(benchmark::State& state,
                 const std::vector<RawArticle>& articles) {
  if (articles.empty()) {
    state.SkipWithError("article generator failed");
    return;
  }
  const CleanerOptions options;
  int64_t bytes = 0;
  size_t next = 0;
  for (auto _ : state) {
    const RawArticle& raw = articles[next];
    next = (next + 1) % articles.size();
    absl::StatusOr<CleanedArticle> cleaned = CleanArticle(raw, options);
    benchmark::DoNotOptimize(cleaned);
    bytes += static_cast<int64_t>(raw.content.size());
  }
  state.SetBytesProcessed(bytes);
}

void BM_CleanText(benchmark::State& state) {
  static const std::vector<RawArticle>* articles = new std::vector<RawArticle>(
      MakeArticles(0.0, static_cast<size_t>(state.range(0)), 200));
  RunCleaning(state, *articles);
}
BENCHMARK(BM_CleanText)->Arg(3000);

void BM_CleanHtml(benchmark::State& state) {
  static const std::vector<RawArticle>* articles = new std::vector<RawArticle>(
      MakeArticles(1.0, static_cast<size_t>(state.range(0)), 200));
  RunCleaning(state, *articles);
}
BENCHMARK(BM_CleanHtml)->Arg(3000);

// libxml2's HTML parser alone, as the cleaner calls it (html_extractor.cc):
// the bound for BM_CleanHtml.
htmlDocPtr LibxmlParse(const std::string& html) {
  return htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr,
                        "UTF-8",
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                            HTML_PARSE_NONET | HTML_PARSE_COMPACT |
                            XML_PARSE_HUGE);
}

void BM_LibxmlParseOnly(benchmark::State& state) {
  static const std::vector<RawArticle>* articles = new std::vector<RawArticle>(
      MakeArticles(1.0, static_cast<size_t>(state.range(0)), 200));
  int64_t bytes = 0;
  size_t next = 0;
  for (auto _ : state) {
    const RawArticle& raw = (*articles)[next];
    next = (next + 1) % articles->size();
    htmlDocPtr doc = LibxmlParse(raw.content);
    benchmark::DoNotOptimize(doc);
    xmlFreeDoc(doc);
    bytes += static_cast<int64_t>(raw.content.size());
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_LibxmlParseOnly)->Arg(3000);

// gumbo (HTML5) alone on the same pages, for the comparison that made the
// cleaner switch to libxml2.
void BM_GumboParseOnly(benchmark::State& state) {
  static const std::vector<RawArticle>* articles = new std::vector<RawArticle>(
      MakeArticles(1.0, static_cast<size_t>(state.range(0)), 200));
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // as the cleaner parses
  int64_t bytes = 0;
  size_t next = 0;
  for (auto _ : state) {
    const RawArticle& raw = (*articles)[next];
    next = (next + 1) % articles->size();
    GumboOutput* output = gumbo_parse_with_options(
        &options, raw.content.data(), raw.content.size());
    benchmark::DoNotOptimize(output);
    gumbo_destroy_output(&options, output);
    bytes += static_cast<int64_t>(raw.content.size());
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_GumboParseOnly)->Arg(3000);

uint64_t Digest(const CleanedArticle& c, uint64_t h) {
  auto add = [&h](std::string_view bytes) {
    for (char ch : bytes) h = (h ^ static_cast<unsigned char>(ch)) * 0x100000001b3ULL;
    h = (h ^ bytes.size()) * 0x100000001b3ULL;
  };
  add(c.content_type);
  add(c.clean_text);
  add(std::to_string(c.body_begin) + " " + std::to_string(c.body_end));
  add(c.title);
  add(c.published_date);
  add(c.source);
  for (const TextRepair& r : c.repairs) {
    add(std::to_string(r.begin) + " " + std::to_string(r.end) + r.original +
        r.replacement + r.reason);
  }
  add(std::to_string(c.content_hash) + " " + std::to_string(c.simhash));
  return h;
}

// --passes=N [--only=text|html|gumbo]: fixed work for callgrind. Returns
// the process exit code.
int RunPasses(int passes, const std::string& only) {
  const bool html = only != "text";
  const std::vector<RawArticle> articles =
      MakeArticles(html ? 1.0 : 0.0, 3000, 200);
  if (articles.empty()) return 1;
  GumboOptions gumbo_options = kGumboDefaultOptions;
  gumbo_options.max_errors = 0;
  size_t bytes = 0, failures = 0;
  uint64_t digest = 0;
  for (int pass = 0; pass < passes; ++pass) {
    for (const RawArticle& raw : articles) {
      bytes += raw.content.size();
      if (only == "libxml") {
        xmlFreeDoc(LibxmlParse(raw.content));
        continue;
      }
      if (only == "gumbo") {
        GumboOutput* output = gumbo_parse_with_options(
            &gumbo_options, raw.content.data(), raw.content.size());
        gumbo_destroy_output(&gumbo_options, output);
        continue;
      }
      absl::StatusOr<CleanedArticle> cleaned = CleanArticle(raw, CleanerOptions());
      if (!cleaned.ok()) {
        ++failures;
        continue;
      }
      if (pass == 0) digest = Digest(*cleaned, digest);
    }
  }
  // The digest of every output field tells a faster variant that changed
  // nothing from one that did.
  std::printf("%s: %zu bytes in %d passes, %zu failures, output digest %016llx\n",
              only.c_str(), bytes, passes, failures,
              static_cast<unsigned long long>(digest));
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace newsgraph

int main(int argc, char** argv) {
  int passes = 0;
  std::string only = "text";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--passes=", 9) == 0) {
      passes = std::atoi(argv[i] + 9);
    } else if (std::strncmp(argv[i], "--only=", 7) == 0) {
      only = argv[i] + 7;
    }
  }
  if (passes > 0) return newsgraph::RunPasses(passes, only);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
