// bench_pipeline: end-to-end throughput and lag of the whole suite.
//
// Starts the three real binaries on loopback (fresh data folders), ingests N
// generated ~3 KB articles through BulkIngest, and measures
//  - throughput: documents per second from the first ingest call until the
//    query service has indexed all of them;
//  - lag per document: from its ingest acknowledgement until the query
//    service's document count covers it (documents flow through the feeds in
//    ingest order, so document i is searchable once the count reaches i).
//
//   build/tools/bench_pipeline/bench_pipeline --count=10000            # capacity
//   build/tools/bench_pipeline/bench_pipeline --count=10000 --rate=250 --batch=10  # lag
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "tests/e2e/suite_harness.h"
#include "tools/gen_articles/article_generator.h"

ABSL_FLAG(int, count, 10000, "articles to ingest");
ABSL_FLAG(int, batch, 100, "articles per BulkIngest stream");
ABSL_FLAG(int, seed, 42, "generator seed");
ABSL_FLAG(int, target_bytes, 3000, "approximate article size");
ABSL_FLAG(double, rate, 0, "articles per second to send (0 = as fast as ingest takes them); "
          "lag is meaningful below the pipeline's capacity, where no backlog builds up");

namespace v1 = newsgraph::v1;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int count = absl::GetFlag(FLAGS_count);
  newsgraph::e2e::Suite suite;
  if (absl::Status started = suite.StartAll(); !started.ok()) {
    std::fprintf(stderr, "%s\n", started.ToString().c_str());
    return 1;
  }
  newsgraph::GeneratorOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  options.target_bytes = absl::GetFlag(FLAGS_target_bytes);
  auto generator = newsgraph::ArticleGenerator::Create(options);
  if (!generator.ok()) return 1;
  // Generate first so that generation time is not measured.
  std::vector<std::string> texts;
  size_t bytes = 0;
  for (int i = 0; i < count; ++i) {
    texts.push_back(generator->Next().text);
    bytes += texts.back().size();
  }

  // ack_time[k]: when the k-th created document (in feed order) was acked.
  std::vector<Clock::time_point> ack_times;
  std::mutex ack_mutex;
  std::atomic<bool> producing{true};
  const Clock::time_point start = Clock::now();
  std::thread producer([&] {
    auto stub = suite.IngestStub();
    const double rate = absl::GetFlag(FLAGS_rate);
    for (int first = 0; first < count; first += absl::GetFlag(FLAGS_batch)) {
      if (rate > 0) {
        // Pace the stream: batch `first` starts no earlier than first / rate.
        std::this_thread::sleep_until(
            start + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(first / rate)));
      }
      grpc::ClientContext context;
      v1::BulkIngestResponse response;
      auto writer = stub->BulkIngest(&context, &response);
      const int end = std::min(count, first + absl::GetFlag(FLAGS_batch));
      for (int i = first; i < end; ++i) {
        v1::IngestDocumentRequest request;
        request.set_content(texts[i]);
        request.set_content_type("text/plain");
        request.set_request_id(absl::StrCat("bench:", i));
        writer->Write(request);
      }
      writer->WritesDone();
      grpc::Status status = writer->Finish();
      const Clock::time_point acked = Clock::now();
      if (!status.ok()) {
        std::fprintf(stderr, "BulkIngest: %s\n", status.error_message().c_str());
        continue;
      }
      std::lock_guard<std::mutex> lock(ack_mutex);
      for (const v1::BulkIngestResult& result : response.results()) {
        if (result.code() == 0 && result.response().outcome() == v1::CREATED) {
          ack_times.push_back(acked);
        }
      }
    }
    producing = false;
  });

  // searchable_time[k]: when the query service's count first covered k+1.
  std::vector<Clock::time_point> searchable_times;
  int64_t indexed = 0;
  while (true) {
    const int64_t now_indexed = suite.QueryDocumentCount();
    const Clock::time_point now = Clock::now();
    while (indexed < now_indexed) {
      searchable_times.push_back(now);
      ++indexed;
    }
    size_t expected;
    {
      std::lock_guard<std::mutex> lock(ack_mutex);
      expected = ack_times.size();
    }
    if (!producing && indexed >= static_cast<int64_t>(expected)) break;
    if (now - start > std::chrono::minutes(20)) {
      std::fprintf(stderr, "timed out with %lld indexed\n", static_cast<long long>(indexed));
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  producer.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<double> lags_ms;
  for (size_t k = 0; k < ack_times.size() && k < searchable_times.size(); ++k) {
    lags_ms.push_back(std::max(
        0.0, std::chrono::duration<double, std::milli>(searchable_times[k] - ack_times[k]).count()));
  }
  std::sort(lags_ms.begin(), lags_ms.end());
  auto percentile = [&](double p) {
    return lags_ms.empty() ? 0.0 : lags_ms[std::min(lags_ms.size() - 1,
                                                    static_cast<size_t>(p * lags_ms.size()))];
  };
  std::printf("articles: %d sent, %zu created, %.0f bytes average\n", count, ack_times.size(),
              static_cast<double>(bytes) / count);
  std::printf("first ingest call -> all searchable: %.2f s, %.0f documents/s\n", seconds,
              ack_times.size() / seconds);
  std::printf("lag ack -> searchable: p50 %.0f ms, p99 %.0f ms, max %.0f ms\n", percentile(0.50),
              percentile(0.99), lags_ms.empty() ? 0.0 : lags_ms.back());
  suite.StopAll();
  return 0;
}
