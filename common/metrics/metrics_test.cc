#include "common/metrics/metrics.h"

#include <cmath>
#include <limits>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

TEST(MetricsRegistryTest, RendersCountersAndGaugesWithHelpTypeAndSortedSeries) {
  MetricsRegistry registry;
  CounterFamily* handled =
      registry.AddCounter("rpc_handled_total", "RPCs completed.", {"method", "code"});
  handled->WithLabels({"b/Get", "OK"})->Increment(2);
  handled->WithLabels({"a/Put", "NOT_FOUND"})->Increment();
  GaugeFamily* in_flight = registry.AddGauge("rpc_in_flight", "RPCs running.", {});
  Gauge* gauge = in_flight->WithLabels({});
  gauge->Add(3);
  gauge->Add(-1.5);
  EXPECT_EQ(registry.Render(),
            "# HELP rpc_handled_total RPCs completed.\n"
            "# TYPE rpc_handled_total counter\n"
            "rpc_handled_total{method=\"a/Put\",code=\"NOT_FOUND\"} 1\n"
            "rpc_handled_total{method=\"b/Get\",code=\"OK\"} 2\n"
            "# HELP rpc_in_flight RPCs running.\n"
            "# TYPE rpc_in_flight gauge\n"
            "rpc_in_flight 1.5\n");
}

TEST(MetricsRegistryTest, WithLabelsReturnsTheSameSeries) {
  MetricsRegistry registry;
  CounterFamily* family = registry.AddCounter("c_total", "c", {"k"});
  EXPECT_EQ(family->WithLabels({"x"}), family->WithLabels({"x"}));
  EXPECT_NE(family->WithLabels({"x"}), family->WithLabels({"y"}));
}

TEST(MetricsRegistryTest, RendersHistogramBucketsCumulativeWithSumAndCount) {
  MetricsRegistry registry;
  HistogramFamily* latency =
      registry.AddHistogram("latency_seconds", "Latency.", {"method"}, {0.25, 0.5, 1});
  Histogram* histogram = latency->WithLabels({"m"});
  histogram->Observe(0.125);
  histogram->Observe(0.25);  // bounds are inclusive (le)
  histogram->Observe(0.375);
  histogram->Observe(7);
  EXPECT_EQ(registry.Render(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{method=\"m\",le=\"0.25\"} 2\n"
            "latency_seconds_bucket{method=\"m\",le=\"0.5\"} 3\n"
            "latency_seconds_bucket{method=\"m\",le=\"1\"} 3\n"
            "latency_seconds_bucket{method=\"m\",le=\"+Inf\"} 4\n"
            "latency_seconds_sum{method=\"m\"} 7.75\n"
            "latency_seconds_count{method=\"m\"} 4\n");
}

TEST(MetricsRegistryTest, HistogramWithoutLabelsHasOnlyLe) {
  MetricsRegistry registry;
  registry.AddHistogram("h", "H.", {}, {1})->WithLabels({})->Observe(2);
  EXPECT_EQ(registry.Render(),
            "# HELP h H.\n"
            "# TYPE h histogram\n"
            "h_bucket{le=\"1\"} 0\n"
            "h_bucket{le=\"+Inf\"} 1\n"
            "h_sum 2\n"
            "h_count 1\n");
}

TEST(MetricsRegistryTest, CallbackFamiliesAreEvaluatedAtEachScrape) {
  MetricsRegistry registry;
  double stored = 1;
  registry.AddCallbackGauge("docs_stored", "Documents.", {},
                            [&stored] { return GaugeSamples{{{}, stored}}; });
  registry.AddCallbackCounter("applied_total", "Applied.", {"feed"}, [] {
    return GaugeSamples{{{"upstream"}, 5}, {{"extraction"}, 2}};
  });
  const std::string expected_tail =
      "# HELP applied_total Applied.\n"
      "# TYPE applied_total counter\n"
      "applied_total{feed=\"extraction\"} 2\n"
      "applied_total{feed=\"upstream\"} 5\n";
  EXPECT_EQ(registry.Render(),
            "# HELP docs_stored Documents.\n# TYPE docs_stored gauge\ndocs_stored 1\n" +
                expected_tail);
  stored = 42;
  EXPECT_EQ(registry.Render(),
            "# HELP docs_stored Documents.\n# TYPE docs_stored gauge\ndocs_stored 42\n" +
                expected_tail);
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelpPerTheTextFormat) {
  MetricsRegistry registry;
  registry.AddCounter("c_total", "Line one\nback\\slash \"quoted\"", {"path"})
      ->WithLabels({"C:\\data\n\"x\""})
      ->Increment();
  EXPECT_EQ(registry.Render(),
            "# HELP c_total Line one\\nback\\\\slash \"quoted\"\n"
            "# TYPE c_total counter\n"
            "c_total{path=\"C:\\\\data\\n\\\"x\\\"\"} 1\n");
  // UTF-8 passes through unchanged.
  EXPECT_EQ(EscapeLabelValue("Қаз €"), "Қаз €");
}

TEST(MetricsRegistryTest, FormatsSampleValues) {
  EXPECT_EQ(FormatSampleValue(0), "0");
  EXPECT_EQ(FormatSampleValue(12345678901), "12345678901");
  EXPECT_EQ(FormatSampleValue(-3), "-3");
  EXPECT_EQ(FormatSampleValue(0.1), "0.1");
  EXPECT_EQ(FormatSampleValue(2.5e-7), "2.5e-07");
  EXPECT_EQ(FormatSampleValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatSampleValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatSampleValue(std::nan("")), "NaN");
}

TEST(MetricsRegistryTest, ConcurrentUpdatesAreNotLost) {
  MetricsRegistry registry;
  Counter* counter = registry.AddCounter("n_total", "n", {})->WithLabels({});
  Histogram* histogram = registry.AddHistogram("h", "h", {}, {0.5})->WithLabels({});
  Gauge* gauge = registry.AddGauge("g", "g", {})->WithLabels({});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        counter->Increment();
        histogram->Observe(1);
        gauge->Add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter->value(), 40000u);
  EXPECT_EQ(histogram->Read().cumulative.back(), 40000u);
  EXPECT_EQ(histogram->Read().sum, 40000.0);
  EXPECT_EQ(gauge->value(), 40000.0);
}

TEST(MetricsRegistryDeathTest, RejectsBadNamesAndDuplicates) {
  MetricsRegistry registry;
  registry.AddCounter("ok_total", "ok", {});
  EXPECT_DEATH(registry.AddCounter("ok_total", "again", {}), "registered twice");
  EXPECT_DEATH(registry.AddCounter("1bad", "bad", {}), "invalid");
  EXPECT_DEATH(registry.AddCounter("good", "bad label", {"le"}), "invalid");
  EXPECT_DEATH(registry.AddCounter("good", "bad label", {"a-b"}), "invalid");
}

}  // namespace
}  // namespace newsgraph
