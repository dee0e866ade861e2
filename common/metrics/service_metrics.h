// The metric sets the servers share (names documented in docs/DEPLOY.md,
// "Metrics"):
//   RegisterProcessMetrics  process_cpu_seconds_total, process_resident_memory_bytes,
//                           process_open_fds, process_start_time_seconds
//   RegisterRocksDbMetrics  newsgraph_rocksdb_* for every store open in the process
//   RegisterFeedMetrics     newsgraph_feed_* for a feed follower
// All are callback families: values are read at scrape time, nothing is
// added to the services' hot paths.
#ifndef NEWSGRAPH_COMMON_METRICS_SERVICE_METRICS_H_
#define NEWSGRAPH_COMMON_METRICS_SERVICE_METRICS_H_

#include <functional>
#include <string>

#include "common/grpc/feed_follower.h"
#include "common/metrics/metrics.h"

namespace newsgraph {

void RegisterProcessMetrics(MetricsRegistry* registry);

// Sizes, keys, level-0 files and compactions of every open RocksStore
// (labels path, and cf for per-column-family values). One scrape reads
// each store's properties once.
void RegisterRocksDbMetrics(MetricsRegistry* registry);

// The feed `feed` (the upstream service's name, e.g. "ingest") as followed
// by `progress` (usually FeedFollower::progress): lag in sequence numbers
// and seconds, cursor, upstream head, changes applied, connection.
// `progress` must stay callable while the registry can be scraped.
void RegisterFeedMetrics(MetricsRegistry* registry, const std::string& feed,
                         std::function<FeedProgress()> progress);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_METRICS_SERVICE_METRICS_H_
