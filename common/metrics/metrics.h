// A small Prometheus metrics registry: counters, gauges and fixed-bucket
// histograms, each a family of series told apart by label values, plus
// gauges computed at scrape time by a callback. Render() writes the text
// exposition format 0.0.4 that Prometheus scrapes.
//
//   MetricsRegistry registry;
//   CounterFamily* handled = registry.AddCounter(
//       "newsgraph_grpc_server_handled_total", "RPCs completed.", {"method", "code"});
//   Counter* ok = handled->WithLabels({"newsgraph.v1.IngestService/Ingest", "OK"});
//   ok->Increment();                       // hot path: one atomic add
//   registry.AddCallbackGauge("newsgraph_documents_stored", "Documents stored.", {},
//                             [&] { return GaugeSamples{{{}, double(store.count())}}; });
//   std::string text = registry.Render();  // what GET /metrics returns
//
// Thread-safety: everything may be called from any thread. Counter, Gauge
// and Histogram updates are lock-free; WithLabels() takes the family's
// mutex, so hot paths look a series up once and keep the pointer (series
// live as long as the registry). Callbacks run on the scraping thread,
// without any registry lock held, and must be safe to call from it.
//
// Names must match [a-zA-Z_:][a-zA-Z0-9_:]* and label names
// [a-zA-Z_][a-zA-Z0-9_]* (checked when a family is added: a bad name is a
// programming error and aborts). Label values are any bytes; Render()
// escapes them as the format requires.
#ifndef NEWSGRAPH_COMMON_METRICS_METRICS_H_
#define NEWSGRAPH_COMMON_METRICS_METRICS_H_

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace newsgraph {

// A monotonically increasing count of events.
class Counter {
 public:
  void Increment(uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down.
class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Counts observations into fixed buckets (upper bounds, inclusive, as
// Prometheus' `le`) and sums them. A scrape concurrent with Observe() may
// see the sum and the buckets one observation apart; both stay monotonic.
class Histogram {
 public:
  // REQUIRES: `bounds` strictly increasing and finite (+Inf is implicit).
  explicit Histogram(const std::vector<double>* bounds);
  void Observe(double value);

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // per bound, then +Inf (== count)
    double sum = 0;
  };
  Snapshot Read() const;

 private:
  const std::vector<double>* const bounds_;            // owned by the family
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_->size() + 1
  std::atomic<double> sum_{0};
};

// Buckets for request latencies in seconds: 0.5 ms to 60 s.
std::vector<double> DefaultLatencyBuckets();

// One family: a metric name with its series, one per distinct label values.
template <typename Series>
class MetricFamily {
 public:
  // The series for these label values (in the family's label-name order),
  // created at zero on first use. The pointer stays valid for the
  // registry's life. REQUIRES: values.size() == number of label names.
  Series* WithLabels(const std::vector<std::string>& values);

 private:
  friend class MetricsRegistry;
  template <typename... Args>
  explicit MetricFamily(size_t label_count, Args... series_args)
      : label_count_(label_count), make_([series_args...] {
          return std::make_unique<Series>(series_args...);
        }) {}

  const size_t label_count_;
  const std::function<std::unique_ptr<Series>()> make_;
  mutable absl::Mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Series>> series_ ABSL_GUARDED_BY(mutex_);
};

using CounterFamily = MetricFamily<Counter>;
using GaugeFamily = MetricFamily<Gauge>;
using HistogramFamily = MetricFamily<Histogram>;

// What a callback gauge returns: label values (in its label-name order)
// and a value, one entry per series.
using GaugeSamples = std::vector<std::pair<std::vector<std::string>, double>>;

class MetricsRegistry {
 public:
  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Each Add* registers a new family; families render in the order added.
  // A name added twice is a programming error and aborts. The returned
  // family lives as long as the registry.
  CounterFamily* AddCounter(const std::string& name, const std::string& help,
                            const std::vector<std::string>& label_names);
  GaugeFamily* AddGauge(const std::string& name, const std::string& help,
                        const std::vector<std::string>& label_names);
  HistogramFamily* AddHistogram(const std::string& name, const std::string& help,
                                const std::vector<std::string>& label_names,
                                std::vector<double> bounds);
  // A gauge family whose series are computed by `collect` at each scrape.
  void AddCallbackGauge(const std::string& name, const std::string& help,
                        const std::vector<std::string>& label_names,
                        std::function<GaugeSamples()> collect);
  // A counter family computed at each scrape (for counts kept elsewhere,
  // e.g. a component's own atomic). Values must never decrease.
  void AddCallbackCounter(const std::string& name, const std::string& help,
                          const std::vector<std::string>& label_names,
                          std::function<GaugeSamples()> collect);

  // The text exposition format 0.0.4 (Content-Type
  // "text/plain; version=0.0.4; charset=utf-8"): HELP and TYPE lines, then
  // the series sorted by label values; histograms as _bucket (cumulative,
  // with le), _sum and _count.
  std::string Render() const;

 private:
  struct Family;
  Family* Add(const std::string& name, const std::string& help,
              const std::vector<std::string>& label_names, int kind);

  mutable absl::Mutex mutex_;
  std::vector<std::unique_ptr<Family>> families_ ABSL_GUARDED_BY(mutex_);
};

// The exposition format's escaping: label values escape backslash, double
// quote and line feed; HELP text escapes backslash and line feed.
std::string EscapeLabelValue(const std::string& value);
std::string EscapeHelp(const std::string& help);
// A sample value: integers without a fraction, others in the shortest form
// that reads back exactly, and +Inf, -Inf, NaN.
std::string FormatSampleValue(double value);

// --- implementation of the template above ---

template <typename Series>
Series* MetricFamily<Series>::WithLabels(const std::vector<std::string>& values) {
  if (values.size() != label_count_) std::abort();  // programming error
  absl::MutexLock lock(&mutex_);
  std::unique_ptr<Series>& slot = series_[values];
  if (slot == nullptr) slot = make_();
  return slot.get();
}

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_METRICS_METRICS_H_
