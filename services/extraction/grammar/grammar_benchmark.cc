// Throughput of the shared tokenizer and of the numeric grammar, in tokens
// per second on one core. The corpus is every *.txt file in the folder given
// by NEWSGRAPH_BENCH_CORPUS (default: the repository's samples/), repeated
// to about 1 MB so that caches and allocation behave as in a long run.
//
//   build-<name>/services/extraction/grammar/grammar_benchmark
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "common/text/tokenizer.h"
#include "services/extraction/grammar/numeric_grammar.h"

namespace newsgraph {
namespace {

const std::string& Corpus() {
  static const std::string* corpus = [] {
    const char* dir = std::getenv("NEWSGRAPH_BENCH_CORPUS");
    std::filesystem::path path = dir ? dir : NEWSGRAPH_SAMPLES_DIR;
    std::string one;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
      if (entry.path().extension() != ".txt") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      one += ss.str();
      one += "\n\n";
    }
    if (one.empty()) {
      one = "President Yerzhan Kassymbekov on Friday ordered 250 clinics by "
            "2025. The programme will cost 148 billion tenge, of which 60% "
            "comes from the budget; 86,412 COVID-19 cases were reported.\n\n";
    }
    auto* s = new std::string;
    while (s->size() < (1 << 20)) *s += one;
    return s;
  }();
  return *corpus;
}

void BM_Tokenize(benchmark::State& state) {
  const std::string& text = Corpus();
  size_t tokens = 0;
  for (auto _ : state) {
    std::vector<Token> t = Tokenize(text);
    tokens += t.size();
    benchmark::DoNotOptimize(t.data());
  }
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

void BM_TokenizeSplitGrammar(benchmark::State& state) {
  const std::string& text = Corpus();
  CivilDay reference(2020, 5, 29);
  size_t tokens = 0;
  size_t mentions = 0;
  for (auto _ : state) {
    std::vector<Token> t = Tokenize(text);
    std::vector<Sentence> s = SplitSentences(text, t);
    std::vector<Mention> m = FindNumericMentions(text, t, &reference);
    tokens += t.size();
    mentions += m.size();
    benchmark::DoNotOptimize(s.data());
  }
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
  state.counters["mentions"] = static_cast<double>(mentions) / state.iterations();
}
BENCHMARK(BM_TokenizeSplitGrammar)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace newsgraph

BENCHMARK_MAIN();
