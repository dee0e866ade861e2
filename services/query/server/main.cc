// newsgraph-query: flags -> options -> open index -> follow extraction's
// feed -> serve until SIGTERM.

#include <algorithm>
#include <memory>

#include "absl/flags/flag.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/grpc/annotations_conversion.h"
#include "common/grpc/feed_follower.h"
#include "common/grpc/server_flags.h"
#include "common/grpc/server_runner.h"
#include "common/logging/log.h"
#include "common/metrics/service_metrics.h"
#include "newsgraph/v1/extraction.grpc.pb.h"
#include "services/query/grpc/query_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50053", "gRPC listen address (host:port)");
ABSL_FLAG(std::string, data_dir, "data/query", "RocksDB folder of this service");
ABSL_FLAG(std::string, upstream, "127.0.0.1:50052", "extraction service address (feed)");
ABSL_FLAG(int64_t, block_cache_mb, 256, "RocksDB block cache, MiB");
ABSL_FLAG(bool, sync_writes, false, "fsync every write (survives power loss, slower)");
ABSL_FLAG(int64_t, list_cache_mb, 64, "memory for decoded posting lists of searched terms, MiB");
ABSL_FLAG(bool, word_pairs, true,
          "index adjacent word pairs (faster phrases, slower indexing); fixed when the index "
          "is created");
ABSL_FLAG(std::string, stemming, "porter2",
          "English stemming of ranked words: porter2, light (plurals, -ed, -ing) or none; "
          "phrases and quoted words stay exact; fixed when the index is created");
ABSL_FLAG(int64_t, feed_catch_up_batch, 4096,
          "while at least this many changes of extraction's feed wait, index up to this many "
          "in one write (large batches cost much less per change; near the head of the feed "
          "batches stay at 256 to keep the lag low)");

namespace v1 = newsgraph::v1;

int main(int argc, char** argv) {
  newsgraph::ServerRunner::BlockShutdownSignals();
  std::vector<std::string> own_flags = newsgraph::UpstreamFlagNames();
  for (const char* name :
       {"listen", "data_dir", "upstream", "block_cache_mb", "sync_writes", "list_cache_mb",
        "word_pairs", "stemming", "feed_catch_up_batch"}) {
    own_flags.push_back(name);
  }
  newsgraph::ParseServerCommandLine(argc, argv, own_flags);
  // Outlives the runner and the exporter, which read it.
  newsgraph::MetricsRegistry metrics;
  newsgraph::RegisterProcessMetrics(&metrics);
  newsgraph::RegisterRocksDbMetrics(&metrics);
  newsgraph::QueryIndexOptions options;
  options.path = absl::GetFlag(FLAGS_data_dir);
  options.block_cache_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_block_cache_mb)) << 20;
  options.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  options.list_cache_bytes =
      static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_list_cache_mb))) << 20;
  options.word_pairs = absl::GetFlag(FLAGS_word_pairs);
  if (!newsgraph::ParseStemMode(absl::GetFlag(FLAGS_stemming), &options.stemming)) {
    LOG_ERROR << "cannot start: --stemming must be porter2, light or none, not \""
              << absl::GetFlag(FLAGS_stemming) << "\"";
    return 1;
  }

  newsgraph::ServerOptions server_options;
  server_options.listen_address = absl::GetFlag(FLAGS_listen);
  newsgraph::ApplySharedServerFlags(&server_options);
  server_options.metrics = &metrics;
  auto upstream_channel = newsgraph::UpstreamChannelFromFlags(absl::GetFlag(FLAGS_upstream));
  if (!upstream_channel.ok()) {
    LOG_ERROR << "cannot start: " << upstream_channel.status();
    return 1;
  }
  newsgraph::ServerRunner runner(server_options);

  auto index = newsgraph::QueryIndex::Open(options);
  if (!index.ok()) {
    LOG_ERROR << "cannot open index: " << index.status();
    return 1;
  }
  newsgraph::query::QueryServiceImpl service(index->get());
  runner.AddService(&service, "newsgraph.v1.QueryService");
  newsgraph::QueryIndex* index_ptr = index->get();
  // Both gauge families read one Stats() (a pass over the in-memory document
  // table) per scrape: a result less than a second old is reused, so the
  // second family of a scrape takes the first one's.
  struct StatsMemo {
    absl::Mutex mutex;
    absl::Time taken = absl::InfinitePast();
    absl::StatusOr<newsgraph::IndexStats> stats;
  };
  auto memo = std::make_shared<StatsMemo>();
  auto index_stats = [index_ptr, memo]() -> absl::StatusOr<newsgraph::IndexStats> {
    absl::MutexLock lock(&memo->mutex);
    const absl::Time now = absl::Now();
    if (now - memo->taken > absl::Seconds(1)) {
      memo->stats = index_ptr->Stats();
      memo->taken = now;
    }
    return memo->stats;
  };
  metrics.AddCallbackGauge("newsgraph_documents_stored", "Live documents in the index.", {},
                           [index_stats] {
                             auto stats = index_stats();
                             if (!stats.ok()) return newsgraph::GaugeSamples{};
                             return newsgraph::GaugeSamples{
                                 {{}, static_cast<double>(stats->documents)}};
                           });
  metrics.AddCallbackGauge("newsgraph_entities_stored",
                           "Entities with at least one live mention, by type.", {"type"},
                           [index_stats] {
                             newsgraph::GaugeSamples samples;
                             auto stats = index_stats();
                             if (!stats.ok()) return samples;
                             for (const auto& [type, count] : stats->entities_by_type) {
                               samples.push_back({{type}, static_cast<double>(count)});
                             }
                             return samples;
                           });

  auto upstream = v1::ExtractionService::NewStub(*upstream_channel);
  newsgraph::FeedFollowerOptions follower_options;
  follower_options.name = "query<-extraction";
  follower_options.catch_up_batch =
      static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_feed_catch_up_batch)));
  newsgraph::FeedFollower<v1::AnnotationChange> follower(
      follower_options,
      [&upstream](grpc::ClientContext* context, uint64_t after) {
        v1::WatchAnnotationsRequest request;
        request.set_after_sequence(after);
        return upstream->WatchAnnotations(context, request);
      },
      [index_ptr](const std::vector<v1::AnnotationChange>& protos) {
        std::vector<newsgraph::AnnotationChange> changes;
        changes.reserve(protos.size());
        for (const v1::AnnotationChange& proto : protos) {
          changes.push_back(newsgraph::AnnotationChangeFromProto(proto));
        }
        return index_ptr->ApplyChanges(changes);
      },
      [index_ptr] { return index_ptr->cursor(); }, newsgraph::ServingFollowsUpstream(&runner));
  newsgraph::RegisterFeedMetrics(&metrics, "extraction",
                                 [&follower] { return follower.progress(); });
  auto exporter = newsgraph::StartServerAndMetrics(&runner, &metrics);
  if (!exporter.ok()) {
    LOG_ERROR << exporter.status();
    return 1;
  }
  follower.Start();
  LOG_INFO << "query ready, feed cursor " << index_ptr->cursor();
  runner.WaitForShutdownSignal();
  exporter->reset();  // its callbacks read the index and the follower
  follower.Stop();
  runner.Shutdown();
  (void)index_ptr->Flush();
  index->reset();
  LOG_INFO << "query stopped cleanly";
  return 0;
}
