// newsgraph-extraction: flags -> options -> load model, open store -> follow
// ingest's feed -> serve until SIGTERM.

#include "absl/flags/flag.h"
#include "common/grpc/feed_follower.h"
#include "common/grpc/server_flags.h"
#include "common/grpc/server_runner.h"
#include "common/logging/log.h"
#include "common/metrics/service_metrics.h"
#include "newsgraph/v1/ingest.grpc.pb.h"
#include "services/extraction/grpc/extraction_service.h"
#include "services/ingest/grpc/ingest_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052", "gRPC listen address (host:port)");
ABSL_FLAG(std::string, data_dir, "data/extraction", "RocksDB folder of this service");
ABSL_FLAG(std::string, upstream, "127.0.0.1:50051", "ingest service address (feed)");
ABSL_FLAG(std::string, model, "models/ner-en-news.bin", "NER model file");
ABSL_FLAG(std::string, aliases, "models/aliases.tsv", "alias table file (\"\" = none)");
ABSL_FLAG(int64_t, max_extract_bytes, 4 << 20, "largest text Extract accepts, bytes");
ABSL_FLAG(int64_t, annotate_threads, 2, "threads annotating the documents of one feed batch");
ABSL_FLAG(int64_t, block_cache_mb, 64, "RocksDB block cache, MiB");
ABSL_FLAG(bool, sync_writes, false, "fsync every write (survives power loss, slower)");

namespace v1 = newsgraph::v1;

int main(int argc, char** argv) {
  newsgraph::ServerRunner::BlockShutdownSignals();
  std::vector<std::string> own_flags = newsgraph::UpstreamFlagNames();
  for (const char* name :
       {"listen", "data_dir", "upstream", "model", "aliases", "max_extract_bytes",
        "annotate_threads", "block_cache_mb", "sync_writes"}) {
    own_flags.push_back(name);
  }
  newsgraph::ParseServerCommandLine(argc, argv, own_flags);
  // Outlives the runner and the exporter, which read it.
  newsgraph::MetricsRegistry metrics;
  newsgraph::RegisterProcessMetrics(&metrics);
  newsgraph::RegisterRocksDbMetrics(&metrics);
  newsgraph::extraction::ExtractionStoreOptions options;
  options.path = absl::GetFlag(FLAGS_data_dir);
  options.model_path = absl::GetFlag(FLAGS_model);
  options.aliases_path = absl::GetFlag(FLAGS_aliases);
  options.max_extract_bytes = absl::GetFlag(FLAGS_max_extract_bytes);
  options.annotate_threads =
      static_cast<size_t>(std::max<int64_t>(1, absl::GetFlag(FLAGS_annotate_threads)));
  options.block_cache_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_block_cache_mb)) << 20;
  options.sync_writes = absl::GetFlag(FLAGS_sync_writes);

  newsgraph::ServerOptions server_options;
  server_options.listen_address = absl::GetFlag(FLAGS_listen);
  newsgraph::ApplySharedServerFlags(&server_options);
  server_options.metrics = &metrics;
  server_options.max_receive_message_bytes =
      static_cast<int>(options.max_extract_bytes + (1 << 20));
  auto upstream_channel = newsgraph::UpstreamChannelFromFlags(absl::GetFlag(FLAGS_upstream));
  if (!upstream_channel.ok()) {
    LOG_ERROR << "cannot start: " << upstream_channel.status();
    return 1;
  }
  newsgraph::ServerRunner runner(server_options);

  auto store = newsgraph::extraction::ExtractionStore::Open(options);
  if (!store.ok()) {
    LOG_ERROR << "cannot start: " << store.status();
    return 1;
  }
  newsgraph::extraction::ExtractionServiceImpl service(store->get());
  runner.AddService(&service, "newsgraph.v1.ExtractionService");
  newsgraph::extraction::ExtractionStore* store_ptr = store->get();
  metrics.AddCallbackGauge(
      "newsgraph_registry_entities", "Canonical entities in the registry (merged ones excluded).",
      {}, [store_ptr] {
        return newsgraph::GaugeSamples{{{}, static_cast<double>(store_ptr->registry().size())}};
      });

  auto upstream = v1::IngestService::NewStub(*upstream_channel);
  newsgraph::FeedFollower<v1::DocumentChange> follower(
      {"extraction<-ingest"},
      [&upstream](grpc::ClientContext* context, uint64_t after) {
        v1::WatchChangesRequest request;
        request.set_after_sequence(after);
        return upstream->WatchChanges(context, request);
      },
      [store_ptr](const std::vector<v1::DocumentChange>& protos) {
        std::vector<newsgraph::DocumentChange> changes(protos.size());
        for (size_t i = 0; i < protos.size(); ++i) {
          const v1::DocumentChange& proto = protos[i];
          newsgraph::DocumentChange& change = changes[i];
          change.sequence = proto.sequence();
          change.doc_id = proto.doc_id();
          if (proto.kind() == v1::DocumentChange::DELETE) {
            change.kind = newsgraph::DocumentChange::Kind::kDelete;
          } else {
            change.kind = newsgraph::DocumentChange::Kind::kUpsert;
            change.document = newsgraph::ingest::DocumentFromProto(proto.document());
          }
        }
        return store_ptr->ApplyDocumentChanges(changes);
      },
      [store_ptr] { return store_ptr->cursor(); }, newsgraph::ServingFollowsUpstream(&runner));
  newsgraph::RegisterFeedMetrics(&metrics, "ingest", [&follower] { return follower.progress(); });
  auto exporter = newsgraph::StartServerAndMetrics(&runner, &metrics);
  if (!exporter.ok()) {
    LOG_ERROR << exporter.status();
    return 1;
  }
  follower.Start();
  LOG_INFO << "extraction ready, ingest cursor " << store_ptr->cursor();
  runner.WaitForShutdownSignal();
  exporter->reset();  // its callbacks read the store and the follower
  follower.Stop();
  store_ptr->feed().Shutdown();
  runner.Shutdown();
  store->reset();
  LOG_INFO << "extraction stopped cleanly";
  return 0;
}
