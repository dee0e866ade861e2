#include "common/metrics/metrics_exporter.h"

#include <memory>

#include "common/metrics/scrape_for_test.h"
#include "common/status/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

using ::testing::HasSubstr;

class MetricsExporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.AddCounter("requests_total", "Requests.", {"path"})
        ->WithLabels({"a\"b"})
        ->Increment(3);
    ASSERT_OK_AND_ASSIGN(exporter_, MetricsExporter::Start("127.0.0.1:0", &registry_));
    ASSERT_GT(exporter_->port(), 0);
  }

  MetricsRegistry registry_;
  std::unique_ptr<MetricsExporter> exporter_;
};

TEST_F(MetricsExporterTest, ServesTheExpositionAtSlashMetrics) {
  ASSERT_OK_AND_ASSIGN(HttpResponse response,
                       HttpRequestForTest(exporter_->port(), "GET", "/metrics"));
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(response.headers,
              HasSubstr("Content-Type: text/plain; version=0.0.4; charset=utf-8"));
  EXPECT_EQ(response.body,
            "# HELP requests_total Requests.\n"
            "# TYPE requests_total counter\n"
            "requests_total{path=\"a\\\"b\"} 3\n");
  EXPECT_EQ(response.body, registry_.Render());
}

TEST_F(MetricsExporterTest, EachScrapeSeesCurrentValues) {
  registry_.AddGauge("g", "G.", {})->WithLabels({})->Set(7);
  ASSERT_OK_AND_ASSIGN(HttpResponse response,
                       HttpRequestForTest(exporter_->port(), "GET", "/metrics"));
  EXPECT_EQ(SampleValue(response.body, "g"), 7);
  EXPECT_EQ(SampleValue(response.body, "requests_total{path=\"a\\\"b\"}"), 3);
}

TEST_F(MetricsExporterTest, HeadHasNoBodyAndOtherPathsAndMethodsAreRefused) {
  ASSERT_OK_AND_ASSIGN(HttpResponse head,
                       HttpRequestForTest(exporter_->port(), "HEAD", "/metrics"));
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  for (const char* path : {"/", "/metrics/x", "/metricsx", "/index.html", "/../etc/passwd"}) {
    ASSERT_OK_AND_ASSIGN(HttpResponse response,
                         HttpRequestForTest(exporter_->port(), "GET", path));
    EXPECT_EQ(response.status, 404) << path;
  }
  ASSERT_OK_AND_ASSIGN(HttpResponse post,
                       HttpRequestForTest(exporter_->port(), "POST", "/metrics"));
  EXPECT_EQ(post.status, 405);
}

TEST_F(MetricsExporterTest, PortTakenIsAClearError) {
  const std::string address = "127.0.0.1:" + std::to_string(exporter_->port());
  absl::StatusOr<std::unique_ptr<MetricsExporter>> second =
      MetricsExporter::Start(address, &registry_);
  EXPECT_THAT(second.status(), StatusIs(absl::StatusCode::kUnavailable, HasSubstr(address)));
  EXPECT_THAT(second.status().message(), HasSubstr("Address already in use"));
  // The first one still serves.
  ASSERT_OK_AND_ASSIGN(HttpResponse response,
                       HttpRequestForTest(exporter_->port(), "GET", "/metrics"));
  EXPECT_EQ(response.status, 200);
}

TEST_F(MetricsExporterTest, StopClosesThePortAndItCanBeReused) {
  const int port = exporter_->port();
  exporter_.reset();
  EXPECT_FALSE(HttpRequestForTest(port, "GET", "/metrics").ok());
  ASSERT_OK_AND_ASSIGN(exporter_,
                       MetricsExporter::Start("127.0.0.1:" + std::to_string(port), &registry_));
  EXPECT_EQ(exporter_->port(), port);
  ASSERT_OK_AND_ASSIGN(HttpResponse response, HttpRequestForTest(port, "GET", "/metrics"));
  EXPECT_EQ(response.status, 200);
}

TEST(MetricsExporterAddressTest, MalformedAddressesAreInvalidArguments) {
  MetricsRegistry registry;
  for (const char* address : {"", "9091", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:70000"}) {
    EXPECT_THAT(MetricsExporter::Start(address, &registry).status(),
                StatusIs(absl::StatusCode::kInvalidArgument)) << address;
  }
}

TEST(MetricsExporterAddressTest, Ipv6ServesOrIsRefusedClearly) {
  MetricsRegistry registry;
  absl::StatusOr<std::unique_ptr<MetricsExporter>> exporter =
      MetricsExporter::Start("[::1]:0", &registry);
  if (!exporter.ok()) {  // Debian's civetweb is built without IPv6
    EXPECT_THAT(exporter.status(),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no IPv6")));
  }
}

}  // namespace
}  // namespace newsgraph
