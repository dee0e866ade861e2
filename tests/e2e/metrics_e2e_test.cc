// Metrics and logs through the real binaries: each service serves /metrics
// (configured through NEWSGRAPH_METRICS_LISTEN, the form containers use),
// an ingested article shows up in the RPC counts, the stores' gauges and
// the consumers' feed lag, and the access log carries the caller's request
// id as JSON.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/metrics/scrape_for_test.h"
#include "common/status/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/e2e_test_util.h"

namespace newsgraph::e2e {
namespace {

namespace v1 = newsgraph::v1;
using ::testing::HasSubstr;

constexpr auto kWait = std::chrono::seconds(15);

std::string Scrape(int port) {
  absl::StatusOr<HttpResponse> response = HttpRequestForTest(port, "GET", "/metrics");
  if (!response.ok() || response->status != 200) return "";
  return response->body;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

class MetricsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Each child reads its metrics address from the environment at fork.
    int* ports[] = {&ingest_metrics_, &extraction_metrics_, &query_metrics_};
    ServerProcess* processes[] = {&suite_.ingest(), &suite_.extraction(), &suite_.query()};
    for (int i = 0; i < 3; ++i) {
      *ports[i] = PickFreePort();
      setenv("NEWSGRAPH_METRICS_LISTEN", absl::StrCat("127.0.0.1:", *ports[i]).c_str(), 1);
      ASSERT_THAT(processes[i]->Start(), IsOk());
    }
    unsetenv("NEWSGRAPH_METRICS_LISTEN");
  }

  Suite suite_;
  int ingest_metrics_ = 0, extraction_metrics_ = 0, query_metrics_ = 0;
};

TEST_F(MetricsE2eTest, ScrapesShowTheIngestedArticleEverywhere) {
  const std::vector<SampleFile> samples = ReadSamples();
  ASSERT_FALSE(samples.empty());
  auto stub = suite_.IngestStub();
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", "e2e-metrics-1");
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::IngestDocumentRequest request;
  request.set_content(samples[0].content);
  request.set_content_type(samples[0].content_type);
  v1::IngestDocumentResponse response;
  ASSERT_TRUE(stub->IngestDocument(&context, request, &response).ok());
  auto echoed = context.GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(echoed, context.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()), "e2e-metrics-1");

  ASSERT_TRUE(Suite::WaitFor([&] { return suite_.QueryDocumentCount() == 1; }, kWait));
  // The query's cursor is written with the change; the lag gauge reads it.
  std::string query;
  ASSERT_TRUE(Suite::WaitFor(
      [&] {
        query = Scrape(query_metrics_);
        return SampleValue(query, "newsgraph_feed_lag_sequences{feed=\"extraction\"}") == 0 &&
               SampleValue(query, "newsgraph_feed_cursor_sequence{feed=\"extraction\"}") >= 1;
      },
      kWait))
      << query;

  // Ingest: the RPC counted, the document stored, the feed stream open.
  const std::string ingest = Scrape(ingest_metrics_);
  const std::string ingest_method = "{method=\"newsgraph.v1.IngestService/IngestDocument\"";
  EXPECT_GE(SampleValue(ingest, "newsgraph_grpc_server_handled_total" + ingest_method +
                                    ",code=\"OK\"}"),
            1)
      << ingest;
  EXPECT_GE(SampleValue(ingest, "newsgraph_grpc_server_handling_seconds_count" + ingest_method +
                                    "}"),
            1);
  EXPECT_EQ(SampleValue(ingest, "newsgraph_grpc_server_in_flight{method=\"newsgraph.v1."
                                "IngestService/WatchChanges\"}"),
            1);  // extraction's feed stream
  EXPECT_EQ(SampleValue(ingest, "newsgraph_documents_stored"), 1);
  const std::string ingest_path = "{path=\"" + suite_.root() + "/ingest\"}";
  EXPECT_GT(SampleValue(ingest, "newsgraph_rocksdb_disk_bytes" + ingest_path).value_or(0), 0);
  EXPECT_GT(SumOfFamily(ingest, "newsgraph_rocksdb_estimated_keys").first, 0);
  EXPECT_GT(SampleValue(ingest, "process_resident_memory_bytes").value_or(0), 0);

  // Extraction: caught up with ingest, entities linked.
  const std::string extraction = Scrape(extraction_metrics_);
  EXPECT_EQ(SampleValue(extraction, "newsgraph_feed_lag_sequences{feed=\"ingest\"}"), 0)
      << extraction;
  EXPECT_EQ(SampleValue(extraction, "newsgraph_feed_lag_seconds{feed=\"ingest\"}"), 0);
  EXPECT_EQ(SampleValue(extraction, "newsgraph_feed_applied_total{feed=\"ingest\"}"), 1);
  EXPECT_EQ(SampleValue(extraction, "newsgraph_feed_connected{feed=\"ingest\"}"), 1);
  EXPECT_GE(SampleValue(extraction, "newsgraph_registry_entities"), 1);
  EXPECT_GT(
      SampleValue(extraction, "newsgraph_feed_last_applied_change_timestamp_seconds{feed=\"ingest\"}")
          .value_or(0),
      1.7e9);

  // Query: caught up, the document and its entities indexed.
  EXPECT_EQ(SampleValue(query, "newsgraph_feed_lag_seconds{feed=\"extraction\"}"), 0);
  EXPECT_EQ(SampleValue(query, "newsgraph_feed_upstream_head_sequence{feed=\"extraction\"}"),
            SampleValue(query, "newsgraph_feed_cursor_sequence{feed=\"extraction\"}"));
  EXPECT_EQ(SampleValue(query, "newsgraph_documents_stored"), 1);
  const auto [entities, types] = SumOfFamily(query, "newsgraph_entities_stored");
  EXPECT_GE(entities, 1);
  EXPECT_GE(types, 1);
  const std::string query_path = "{path=\"" + suite_.root() + "/query\"}";
  EXPECT_GT(SampleValue(query, "newsgraph_rocksdb_disk_bytes" + query_path).value_or(0), 0);
  EXPECT_GT(SumOfFamily(query, "newsgraph_rocksdb_estimated_keys").first, 0);
  // GetStats calls made by the wait above.
  EXPECT_GE(SampleValue(Scrape(query_metrics_),
                        "newsgraph_grpc_server_handled_total{method=\"newsgraph.v1.QueryService/"
                        "GetStats\",code=\"OK\"}"),
            1);

  // A clean stop, then the access log: one JSON object per line, and the
  // IngestDocument call with the caller's request id.
  suite_.StopAll();
  bool found = false;
  for (absl::string_view line : absl::StrSplit(ReadFile(suite_.ingest().log_file()), '\n',
                                               absl::SkipEmpty())) {
    const nlohmann::json entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(entry.is_discarded()) << "not JSON: " << line;
    ASSERT_TRUE(entry.contains("time") && entry.contains("level") && entry.contains("message") &&
                entry.contains("source"))
        << line;
    if (entry.value("request_id", "") == "e2e-metrics-1" && entry.contains("method")) {
      found = true;
      EXPECT_EQ(entry["method"], "newsgraph.v1.IngestService/IngestDocument");
      EXPECT_EQ(entry["code"], "OK");
      EXPECT_GT(entry["latency_ms"].get<double>(), 0);
      EXPECT_THAT(entry["peer"].get<std::string>(), HasSubstr("127.0.0.1"));
    }
  }
  EXPECT_TRUE(found) << ReadFile(suite_.ingest().log_file());
}

TEST_F(MetricsE2eTest, ATakenMetricsPortStopsTheServerWithAClearError) {
  const std::string log = suite_.root() + "/second.log";
  ServerProcess second(
      "second-ingest", BinaryDir() + "/services/ingest/server/newsgraph-ingest",
      {"--listen=127.0.0.1:0", "--data_dir=" + suite_.root() + "/second",
       absl::StrCat("--metrics_listen=127.0.0.1:", ingest_metrics_), "--log_format=text"},
      suite_.root() + "/second.port", log);
  EXPECT_FALSE(second.Start().ok());
  EXPECT_THAT(ReadFile(log),
              HasSubstr(absl::StrCat("cannot serve metrics on 127.0.0.1:", ingest_metrics_)));
  // The first one keeps serving.
  EXPECT_THAT(Scrape(ingest_metrics_), HasSubstr("newsgraph_documents_stored 0"));
}

}  // namespace
}  // namespace newsgraph::e2e
