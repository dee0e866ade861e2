// bench_ner: single-threaded throughput of EntityRecognizer::Recognize over
// a fixed corpus of generated news articles (tools/gen_articles, seed 42,
// 200 articles of ~3 KB, places from the shared gazetteers when present).
//
//   bench_ner [--model=models/ner-en-news.bin] [benchmark flags]
//
// Counters: tokens/s (tokens as the shared tokenizer counts them), bytes/s.
// Before the benchmarks it prints the model file size and the process's
// resident memory (VmRSS) before and after loading the model.
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "common/text/tokenizer.h"
#include "services/extraction/ner/entity_recognizer.h"
#include "tools/gen_articles/article_generator.h"

namespace {

std::string g_model_path =
    std::string(NEWSGRAPH_SOURCE_DIR) + "/models/ner-en-news.bin";

long RssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

struct Corpus {
  std::vector<std::string> bodies;
  size_t tokens = 0;
  size_t bytes = 0;
};

const Corpus& GetCorpus() {
  static const Corpus* corpus = [] {
    auto* c = new Corpus;
    newsgraph::GeneratorOptions options;
    options.seed = 42;
    struct stat st;
    if (stat("/work/shared/data/gazetteers/cities.tsv", &st) == 0) {
      options.gazetteer_dir = "/work/shared/data/gazetteers";
    }
    auto generator = newsgraph::ArticleGenerator::Create(options);
    if (!generator.ok()) {
      std::fprintf(stderr, "generator: %s\n",
                   std::string(generator.status().message()).c_str());
      std::exit(1);
    }
    for (int i = 0; i < 200; ++i) {
      newsgraph::GeneratedArticle article = generator->Next();
      c->tokens += newsgraph::Tokenize(article.body).size();
      c->bytes += article.body.size();
      c->bodies.push_back(std::move(article.body));
    }
    return c;
  }();
  return *corpus;
}

const newsgraph::EntityRecognizer& GetRecognizer() {
  static const newsgraph::EntityRecognizer* recognizer = [] {
    auto loaded = newsgraph::EntityRecognizer::Load(g_model_path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", std::string(loaded.status().message()).c_str());
      std::exit(1);
    }
    return loaded->release();
  }();
  return *recognizer;
}

void BM_Recognize(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  const newsgraph::EntityRecognizer& recognizer = GetRecognizer();
  const absl::CivilDay day(2024, 3, 14);
  size_t mentions = 0;
  for (auto _ : state) {
    for (const std::string& body : corpus.bodies) {
      mentions += recognizer.Recognize(body, &day).size();
    }
  }
  benchmark::DoNotOptimize(mentions);
  state.counters["tokens/s"] = benchmark::Counter(
      static_cast<double>(corpus.tokens) * state.iterations(),
      benchmark::Counter::kIsRate);
  state.counters["bytes/s"] = benchmark::Counter(
      static_cast<double>(corpus.bytes) * state.iterations(),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Recognize)->Unit(benchmark::kMillisecond);

// Tokenizer alone, to show how the time splits.
void BM_TokenizeOnly(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  size_t n = 0;
  for (auto _ : state) {
    for (const std::string& body : corpus.bodies) {
      const auto tokens = newsgraph::Tokenize(body);
      n += newsgraph::SplitSentences(body, tokens).size();
    }
  }
  benchmark::DoNotOptimize(n);
  state.counters["tokens/s"] = benchmark::Counter(
      static_cast<double>(corpus.tokens) * state.iterations(),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TokenizeOnly)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--model=", 8) == 0) g_model_path = argv[i] + 8;
  }
  const long rss_before = RssKb();
  GetRecognizer();
  const long rss_after = RssKb();
  struct stat st;
  const long long model_bytes =
      stat(g_model_path.c_str(), &st) == 0 ? st.st_size : -1;
  const Corpus& corpus = GetCorpus();
  std::printf(
      "model %s: %lld bytes; RSS %ld kB before load, %ld kB after load "
      "(+%ld kB)\ncorpus: %zu articles, %zu tokens, %zu bytes\n",
      g_model_path.c_str(), model_bytes, rss_before, rss_after,
      rss_after - rss_before, corpus.bodies.size(), corpus.tokens,
      corpus.bytes);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
