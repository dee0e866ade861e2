#include "common/metrics/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "absl/strings/str_cat.h"

namespace newsgraph {
namespace {

enum Kind { kCounter, kGauge, kHistogram, kCallbackGauge, kCallbackCounter };

bool ValidName(const std::string& name, bool allow_colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                        (allow_colon && c == ':');
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

void AtomicAdd(std::atomic<double>& target, double delta) {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + delta, std::memory_order_relaxed)) {
  }
}

// `{a="x",b="y"}`, with `extra` (already formatted, e.g. le="0.5") last;
// "" when there are no labels at all.
std::string FormatLabels(const std::vector<std::string>& names,
                         const std::vector<std::string>& values, const std::string& extra = "") {
  if (names.empty() && extra.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ',';
    absl::StrAppend(&out, names[i], "=\"", EscapeLabelValue(values[i]), "\"");
  }
  if (!extra.empty()) {
    if (!names.empty()) out += ',';
    out += extra;
  }
  out += '}';
  return out;
}

}  // namespace

struct MetricsRegistry::Family {
  std::string name;
  std::string help;
  std::vector<std::string> label_names;
  int kind = kCounter;
  std::vector<double> bounds;  // histograms
  std::unique_ptr<CounterFamily> counters;
  std::unique_ptr<GaugeFamily> gauges;
  std::unique_ptr<HistogramFamily> histograms;
  std::function<GaugeSamples()> collect;  // callback families
};

void Gauge::Add(double delta) { AtomicAdd(value_, delta); }

Histogram::Histogram(const std::vector<double>* bounds)
    : bounds_(bounds), buckets_(new std::atomic<uint64_t>[bounds->size() + 1]) {
  for (size_t i = 0; i <= bounds_->size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  // Few buckets: a linear scan beats a binary search and keeps NaN in +Inf.
  size_t i = 0;
  const size_t n = bounds_->size();
  while (i < n && !(value <= (*bounds_)[i])) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  AtomicAdd(sum_, value);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_->size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    snapshot.cumulative.push_back(running);
  }
  return snapshot;
}

std::vector<double> DefaultLatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

MetricsRegistry::Family* MetricsRegistry::Add(const std::string& name, const std::string& help,
                                              const std::vector<std::string>& label_names,
                                              int kind) {
  bool valid = ValidName(name, /*allow_colon=*/true);
  for (const std::string& label : label_names) {
    // "le" is reserved for histogram buckets; "__" prefixes for Prometheus.
    valid = valid && ValidName(label, false) && label != "le" && label.rfind("__", 0) != 0;
  }
  if (!valid) {
    std::fprintf(stderr, "metrics: invalid metric or label name in %s\n", name.c_str());
    std::abort();
  }
  absl::MutexLock lock(&mutex_);
  for (const auto& family : families_) {
    if (family->name == name) {
      std::fprintf(stderr, "metrics: %s registered twice\n", name.c_str());
      std::abort();
    }
  }
  auto family = std::make_unique<Family>();
  family->name = name;
  family->help = help;
  family->label_names = label_names;
  family->kind = kind;
  families_.push_back(std::move(family));
  return families_.back().get();
}

CounterFamily* MetricsRegistry::AddCounter(const std::string& name, const std::string& help,
                                           const std::vector<std::string>& label_names) {
  Family* family = Add(name, help, label_names, kCounter);
  family->counters.reset(new CounterFamily(label_names.size()));
  return family->counters.get();
}

GaugeFamily* MetricsRegistry::AddGauge(const std::string& name, const std::string& help,
                                       const std::vector<std::string>& label_names) {
  Family* family = Add(name, help, label_names, kGauge);
  family->gauges.reset(new GaugeFamily(label_names.size()));
  return family->gauges.get();
}

HistogramFamily* MetricsRegistry::AddHistogram(const std::string& name, const std::string& help,
                                               const std::vector<std::string>& label_names,
                                               std::vector<double> bounds) {
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
      std::fprintf(stderr, "metrics: %s: bucket bounds must increase and be finite\n",
                   name.c_str());
      std::abort();
    }
  }
  Family* family = Add(name, help, label_names, kHistogram);
  family->bounds = std::move(bounds);
  family->histograms.reset(new HistogramFamily(label_names.size(), &family->bounds));
  return family->histograms.get();
}

void MetricsRegistry::AddCallbackGauge(const std::string& name, const std::string& help,
                                       const std::vector<std::string>& label_names,
                                       std::function<GaugeSamples()> collect) {
  Add(name, help, label_names, kCallbackGauge)->collect = std::move(collect);
}

void MetricsRegistry::AddCallbackCounter(const std::string& name, const std::string& help,
                                         const std::vector<std::string>& label_names,
                                         std::function<GaugeSamples()> collect) {
  Add(name, help, label_names, kCallbackCounter)->collect = std::move(collect);
}

std::string MetricsRegistry::Render() const {
  // Families are never removed, so their addresses stay valid after the
  // registry lock is released; callbacks then run without it.
  std::vector<const Family*> families;
  {
    absl::MutexLock lock(&mutex_);
    for (const auto& family : families_) families.push_back(family.get());
  }
  std::string out;
  for (const Family* family : families) {
    const char* type = family->kind == kHistogram                                      ? "histogram"
                       : family->kind == kCounter || family->kind == kCallbackCounter ? "counter"
                                                                                       : "gauge";
    absl::StrAppend(&out, "# HELP ", family->name, " ", EscapeHelp(family->help), "\n");
    absl::StrAppend(&out, "# TYPE ", family->name, " ", type, "\n");
    const std::vector<std::string>& names = family->label_names;
    switch (family->kind) {
      case kCounter: {
        absl::MutexLock lock(&family->counters->mutex_);
        for (const auto& [values, counter] : family->counters->series_) {
          absl::StrAppend(&out, family->name, FormatLabels(names, values), " ",
                          counter->value(), "\n");
        }
        break;
      }
      case kGauge: {
        absl::MutexLock lock(&family->gauges->mutex_);
        for (const auto& [values, gauge] : family->gauges->series_) {
          absl::StrAppend(&out, family->name, FormatLabels(names, values), " ",
                          FormatSampleValue(gauge->value()), "\n");
        }
        break;
      }
      case kHistogram: {
        absl::MutexLock lock(&family->histograms->mutex_);
        for (const auto& [values, histogram] : family->histograms->series_) {
          const Histogram::Snapshot snapshot = histogram->Read();
          for (size_t i = 0; i <= family->bounds.size(); ++i) {
            const std::string le =
                i < family->bounds.size() ? FormatSampleValue(family->bounds[i]) : "+Inf";
            absl::StrAppend(&out, family->name, "_bucket",
                            FormatLabels(names, values, absl::StrCat("le=\"", le, "\"")), " ",
                            snapshot.cumulative[i], "\n");
          }
          const std::string labels = FormatLabels(names, values);
          absl::StrAppend(&out, family->name, "_sum", labels, " ",
                          FormatSampleValue(snapshot.sum), "\n");
          absl::StrAppend(&out, family->name, "_count", labels, " ", snapshot.cumulative.back(),
                          "\n");
        }
        break;
      }
      default: {
        GaugeSamples samples = family->collect();
        std::sort(samples.begin(), samples.end());
        for (const auto& [values, value] : samples) {
          if (values.size() != names.size()) continue;  // a broken callback: skip the series
          absl::StrAppend(&out, family->name, FormatLabels(names, values), " ",
                          FormatSampleValue(value), "\n");
        }
        break;
      }
    }
  }
  return out;
}

std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeHelp(const std::string& help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatSampleValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Integral values below 2^53 print exactly as integers.
  if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
    return absl::StrCat(static_cast<int64_t>(value));
  }
  char buffer[32];
  const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

}  // namespace newsgraph
