// Cleaning throughput on one core: CleanArticle over generated articles with
// site chrome (tools/gen_articles, fixed seeds), plain text and HTML.
//
//   bench_cleaning --benchmark_min_time=2
//
// bytes_per_second is the raw input consumed per second. The argument is the
// generator's target article size in bytes. BM_GumboParseOnly times the HTML
// parser alone on the HTML pages, the bound for BM_CleanHtml.
#include <string>
#include <vector>

#include <gumbo.h>

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

// The HTML parser alone on the same pages: the bound for BM_CleanHtml.
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

}  // namespace
}  // namespace newsgraph

BENCHMARK_MAIN();
