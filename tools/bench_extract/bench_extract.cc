// bench_extract: the stateless Extract RPC of the real newsgraph-extraction
// binary over gRPC on loopback: latency for ~3 KB articles (one client), and
// time and memory for one 1 MB document.
//
//   build/tools/bench_extract/bench_extract --count=1000
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "grpcpp/grpcpp.h"
#include "newsgraph/v1/extraction.grpc.pb.h"
#include "tests/e2e/suite_harness.h"
#include "tools/gen_articles/article_generator.h"

ABSL_FLAG(int, count, 1000, "articles to extract");
ABSL_FLAG(int, seed, 3, "generator seed");
ABSL_FLAG(int, large_bytes, 1 << 20, "size of the large document");

namespace v1 = newsgraph::v1;
using Clock = std::chrono::steady_clock;

namespace {

uint64_t ProcStatusKb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::strtoull(line.c_str() + field.size() + 1, nullptr, 10);
    }
  }
  return 0;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  newsgraph::TempDir dir;
  const int port = newsgraph::e2e::PickFreePort();
  newsgraph::e2e::ServerProcess server(
      "extraction", newsgraph::e2e::BinaryDir() + "/services/extraction/server/newsgraph-extraction",
      {"--listen=127.0.0.1:" + std::to_string(port), "--data_dir=" + dir.Sub("data"),
       "--upstream=127.0.0.1:1",  // Extract needs no upstream
       "--model=" + newsgraph::e2e::SourceDir() + "/models/ner-en-news.bin",
       "--aliases=" + newsgraph::e2e::SourceDir() + "/models/aliases.tsv"},
      dir.Sub("port"), dir.Sub("log"));
  if (absl::Status s = server.Start(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  auto stub = v1::ExtractionService::NewStub(
      grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()));
  newsgraph::GeneratorOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  auto generator = newsgraph::ArticleGenerator::Create(options);
  if (!generator.ok()) return 1;
  std::vector<std::string> texts;
  size_t bytes = 0;
  for (int i = 0; i < absl::GetFlag(FLAGS_count); ++i) {
    texts.push_back(generator->Next().text);
    bytes += texts.back().size();
  }
  auto extract = [&](const std::string& text, size_t* mentions) {
    v1::ExtractRequest request;
    request.set_text(text);
    request.set_reference_date("2024-03-14");
    v1::ExtractResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    grpc::Status status = stub->Extract(&context, request, &response);
    if (mentions != nullptr) *mentions = response.annotations().mentions_size();
    return status;
  };
  // Warm up the connection and caches.
  for (int i = 0; i < 20 && i < static_cast<int>(texts.size()); ++i) extract(texts[i], nullptr);
  std::vector<double> latencies;
  for (const std::string& text : texts) {
    auto t0 = Clock::now();
    grpc::Status status = extract(text, nullptr);
    latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!status.ok()) {
      std::fprintf(stderr, "Extract failed: %s\n", status.error_message().c_str());
      return 1;
    }
  }
  std::printf("Extract over gRPC, %zu articles of %.0f bytes average: p50 %.2f ms, p99 %.2f ms\n",
              texts.size(), static_cast<double>(bytes) / texts.size(), Percentile(latencies, 0.5),
              Percentile(latencies, 0.99));
  const uint64_t rss_before = ProcStatusKb(server.pid(), "VmRSS");
  std::string large;
  while (large.size() < static_cast<size_t>(absl::GetFlag(FLAGS_large_bytes))) {
    large += generator->Next().text;
    large += "\n\n";
  }
  large.resize(absl::GetFlag(FLAGS_large_bytes));
  while (!large.empty() && (static_cast<unsigned char>(large.back()) & 0xC0) == 0x80) large.pop_back();
  if (!large.empty() && static_cast<unsigned char>(large.back()) >= 0xC0) large.pop_back();
  size_t mentions = 0;
  auto t0 = Clock::now();
  grpc::Status status = extract(large, &mentions);
  const double large_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  std::printf("Extract of one %zu-byte document: %s in %.0f ms, %zu mentions; server RSS %.1f -> "
              "%.1f MiB (peak %.1f MiB)\n",
              large.size(), status.ok() ? "OK" : status.error_message().c_str(), large_ms,
              mentions, rss_before / 1024.0, ProcStatusKb(server.pid(), "VmRSS") / 1024.0,
              ProcStatusKb(server.pid(), "VmHWM") / 1024.0);
  server.Stop();
  return status.ok() ? 0 : 1;
}
