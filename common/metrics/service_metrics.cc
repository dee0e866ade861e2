#include "common/metrics/service_metrics.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/storage/rocks_store.h"

namespace newsgraph {
namespace {

// /proc/self/stat fields 14, 15 (utime, stime in clock ticks), 22
// (starttime, ticks after boot) and 24 (rss pages); false if unreadable.
struct ProcStat {
  double cpu_seconds = 0;
  double start_time_seconds = 0;
  double resident_bytes = 0;
};

bool ReadProcStat(ProcStat* out) {
  std::ifstream stat_file("/proc/self/stat");
  std::string content((std::istreambuf_iterator<char>(stat_file)),
                      std::istreambuf_iterator<char>());
  // The command name (field 2) may hold spaces; fields resume after ')'.
  const size_t paren = content.rfind(')');
  if (paren == std::string::npos) return false;
  std::istringstream fields(content.substr(paren + 2));
  std::vector<std::string> f;  // f[0] is field 3
  for (std::string field; fields >> field;) f.push_back(field);
  if (f.size() < 22) return false;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  out->cpu_seconds = (std::stod(f[11]) + std::stod(f[12])) / ticks;
  out->resident_bytes = std::stod(f[21]) * static_cast<double>(sysconf(_SC_PAGESIZE));
  std::ifstream uptime_file("/proc/uptime");
  double uptime = 0;
  if (!(uptime_file >> uptime)) return false;
  const double boot = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch()) - uptime;
  out->start_time_seconds = boot + std::stod(f[19]) / ticks;
  return true;
}

// Every open store's stats, read once per scrape: the families below share
// one snapshot that is reused for a second.
class RocksDbSnapshot {
 public:
  struct Store {
    std::string path;
    StoreStats stats;
  };
  std::shared_ptr<const std::vector<Store>> Get() {
    absl::MutexLock lock(&mutex_);
    const absl::Time now = absl::Now();
    if (stores_ == nullptr || now - taken_ > absl::Seconds(1)) {
      auto stores = std::make_shared<std::vector<Store>>();
      RocksStore::ForEachOpenStore([&stores](const RocksStore& store) {
        stores->push_back({store.path(), store.Stats()});
      });
      stores_ = std::move(stores);
      taken_ = now;
    }
    return stores_;
  }

 private:
  absl::Mutex mutex_;
  std::shared_ptr<const std::vector<Store>> stores_ ABSL_GUARDED_BY(mutex_);
  absl::Time taken_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace

void RegisterProcessMetrics(MetricsRegistry* registry) {
  auto one = [](double (*pick)(const ProcStat&)) {
    return [pick] {
      ProcStat stat;
      if (!ReadProcStat(&stat)) return GaugeSamples{};
      return GaugeSamples{{{}, pick(stat)}};
    };
  };
  registry->AddCallbackCounter("process_cpu_seconds_total", "User and system CPU time, seconds.",
                               {}, one([](const ProcStat& s) { return s.cpu_seconds; }));
  registry->AddCallbackGauge("process_resident_memory_bytes", "Resident memory, bytes.", {},
                             one([](const ProcStat& s) { return s.resident_bytes; }));
  registry->AddCallbackGauge("process_start_time_seconds",
                             "Start time of the process, seconds since the Unix epoch.", {},
                             one([](const ProcStat& s) { return s.start_time_seconds; }));
  registry->AddCallbackGauge("process_open_fds", "Open file descriptors.", {}, [] {
    std::error_code error;
    double count = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", error);
         !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
      ++count;
    }
    return GaugeSamples{{{}, count}};
  });
}

void RegisterRocksDbMetrics(MetricsRegistry* registry) {
  auto snapshot = std::make_shared<RocksDbSnapshot>();
  using Cf = StoreStats::ColumnFamilyStats;
  struct PerCf {
    const char* name;
    const char* help;
    bool counter;
    double (*value)(const Cf&);
  };
  const PerCf per_cf[] = {
      {"newsgraph_rocksdb_sst_bytes", "Size of the SST files (rocksdb.total-sst-files-size).",
       false, [](const Cf& c) { return double(c.sst_bytes); }},
      {"newsgraph_rocksdb_live_data_bytes",
       "Estimated size of the live data (rocksdb.estimate-live-data-size).", false,
       [](const Cf& c) { return double(c.live_data_bytes); }},
      {"newsgraph_rocksdb_memtable_bytes", "Size of the memtables (rocksdb.cur-size-all-mem-tables).",
       false, [](const Cf& c) { return double(c.memtable_bytes); }},
      {"newsgraph_rocksdb_estimated_keys", "Estimated number of keys (rocksdb.estimate-num-keys).",
       false, [](const Cf& c) { return double(c.estimated_keys); }},
      {"newsgraph_rocksdb_level0_files", "SST files in level 0 (rocksdb.num-files-at-level0).",
       false, [](const Cf& c) { return double(c.level0_files); }},
      {"newsgraph_rocksdb_compaction_pending",
       "1 when RocksDB wants to compact (rocksdb.compaction-pending).", false,
       [](const Cf& c) { return c.compaction_pending ? 1.0 : 0.0; }},
      {"newsgraph_rocksdb_pending_compaction_bytes",
       "Estimated bytes compaction must rewrite (rocksdb.estimate-pending-compaction-bytes).",
       false, [](const Cf& c) { return double(c.pending_compaction_bytes); }},
      {"newsgraph_rocksdb_compactions_total",
       "Compactions into levels 1 and up since the store opened (flushes excluded).", true,
       [](const Cf& c) { return double(c.compactions); }},
      {"newsgraph_rocksdb_compaction_read_bytes_total",
       "Bytes read by compactions since the store opened (about 1 KB precision).", true,
       [](const Cf& c) { return double(c.compaction_read_bytes); }},
      {"newsgraph_rocksdb_compaction_written_bytes_total",
       "Bytes written by compactions since the store opened (about 1 KB precision).", true,
       [](const Cf& c) { return double(c.compaction_written_bytes); }},
  };
  for (const PerCf& metric : per_cf) {
    auto value = metric.value;
    auto collect = [snapshot, value] {
      GaugeSamples samples;
      for (const RocksDbSnapshot::Store& store : *snapshot->Get()) {
        for (const Cf& cf : store.stats.column_families) {
          samples.push_back({{store.path, cf.name}, value(cf)});
        }
      }
      return samples;
    };
    if (metric.counter) {
      registry->AddCallbackCounter(metric.name, metric.help, {"path", "cf"}, collect);
    } else {
      registry->AddCallbackGauge(metric.name, metric.help, {"path", "cf"}, collect);
    }
  }
  struct PerStore {
    const char* name;
    const char* help;
    bool counter;
    double (*value)(const StoreStats&);
  };
  const PerStore per_store[] = {
      {"newsgraph_rocksdb_disk_bytes",
       "Every file in the store's folder (SST, WAL, MANIFEST, logs), bytes.", false,
       [](const StoreStats& s) { return double(s.folder_bytes); }},
      {"newsgraph_rocksdb_running_compactions", "Compactions running now.", false,
       [](const StoreStats& s) { return double(s.running_compactions); }},
      {"newsgraph_rocksdb_running_flushes", "Flushes running now.", false,
       [](const StoreStats& s) { return double(s.running_flushes); }},
      {"newsgraph_rocksdb_background_errors_total",
       "Background (flush or compaction) errors since the store opened.", true,
       [](const StoreStats& s) { return double(s.background_errors); }},
  };
  for (const PerStore& metric : per_store) {
    auto value = metric.value;
    auto collect = [snapshot, value] {
      GaugeSamples samples;
      for (const RocksDbSnapshot::Store& store : *snapshot->Get()) {
        samples.push_back({{store.path}, value(store.stats)});
      }
      return samples;
    };
    if (metric.counter) {
      registry->AddCallbackCounter(metric.name, metric.help, {"path"}, collect);
    } else {
      registry->AddCallbackGauge(metric.name, metric.help, {"path"}, collect);
    }
  }
}

void RegisterFeedMetrics(MetricsRegistry* registry, const std::string& feed,
                         std::function<FeedProgress()> progress) {
  auto one = [feed, progress](double (*pick)(const FeedProgress&)) {
    return [feed, progress, pick] { return GaugeSamples{{{feed}, pick(progress())}}; };
  };
  registry->AddCallbackGauge(
      "newsgraph_feed_lag_sequences",
      "Changes upstream has that this service has not applied (upstream head - cursor).",
      {"feed"}, one([](const FeedProgress& p) { return double(p.lag_sequences); }));
  registry->AddCallbackGauge(
      "newsgraph_feed_lag_seconds",
      "0 when caught up, else seconds since upstream stored the oldest change not applied yet.",
      {"feed"}, one([](const FeedProgress& p) { return p.lag_seconds; }));
  registry->AddCallbackGauge("newsgraph_feed_cursor_sequence",
                             "Sequence of the last change applied (stored cursor).", {"feed"},
                             one([](const FeedProgress& p) { return double(p.cursor); }));
  registry->AddCallbackGauge("newsgraph_feed_upstream_head_sequence",
                             "Upstream's last sequence, as last heard from it.", {"feed"},
                             one([](const FeedProgress& p) { return double(p.upstream_head); }));
  registry->AddCallbackCounter("newsgraph_feed_applied_total",
                               "Changes applied since this process started.", {"feed"},
                               one([](const FeedProgress& p) { return double(p.applied); }));
  registry->AddCallbackGauge("newsgraph_feed_connected",
                             "1 while the feed stream to upstream is open.", {"feed"},
                             one([](const FeedProgress& p) { return p.connected ? 1.0 : 0.0; }));
  registry->AddCallbackGauge(
      "newsgraph_feed_last_applied_change_timestamp_seconds",
      "Upstream's store time of the newest change applied by this process (Unix seconds).",
      {"feed"}, [feed, progress] {
        const FeedProgress p = progress();
        if (p.newest_applied_change_time == absl::InfinitePast()) return GaugeSamples{};
        return GaugeSamples{{{feed}, absl::ToDoubleSeconds(p.newest_applied_change_time -
                                                           absl::UnixEpoch())}};
      });
}

}  // namespace newsgraph
