// Speed of ArticleGenerator::Next() (no JSON, no I/O).
//   build-<name>/tools/gen_articles/article_generator_benchmark
#include <cstdlib>

#include "benchmark/benchmark.h"
#include "tools/gen_articles/article_generator.h"

namespace newsgraph {
namespace {

void BM_Next(benchmark::State& state) {
  GeneratorOptions options;
  options.seed = 1;
  options.target_bytes = static_cast<size_t>(state.range(0));
  options.chrome = state.range(1) != 0;
  options.html_fraction = options.chrome ? 0.3 : 0.0;
  absl::StatusOr<ArticleGenerator> generator = ArticleGenerator::Create(options);
  if (!generator.ok()) {
    state.SkipWithError("Create failed");
    return;
  }
  int64_t bytes = 0;
  for (auto _ : state) {
    GeneratedArticle article = generator->Next();
    bytes += static_cast<int64_t>(article.text.size());
    benchmark::DoNotOptimize(article);
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Next)->Args({3000, 0})->Args({3000, 1})->Args({12000, 1});

}  // namespace
}  // namespace newsgraph

BENCHMARK_MAIN();
