// newsgraph-ingest: flags -> options -> open store -> serve until SIGTERM.
#include "absl/flags/flag.h"
#include "common/grpc/server_flags.h"
#include "common/grpc/server_runner.h"
#include "common/logging/log.h"
#include "common/metrics/service_metrics.h"
#include "services/ingest/grpc/ingest_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "gRPC listen address (host:port)");
ABSL_FLAG(std::string, data_dir, "data/ingest", "RocksDB folder of this service");
ABSL_FLAG(int64_t, max_document_bytes, 8 << 20, "largest accepted article, bytes");
ABSL_FLAG(int64_t, max_title_bytes, 1024, "longest stored title, bytes");
ABSL_FLAG(int64_t, max_bulk_documents, 10000, "most articles in one BulkIngest stream");
ABSL_FLAG(int64_t, block_cache_mb, 64, "RocksDB block cache, MiB");
ABSL_FLAG(bool, sync_writes, false, "fsync every write (survives power loss, slower)");

int main(int argc, char** argv) {
  newsgraph::ServerRunner::BlockShutdownSignals();
  newsgraph::ParseServerCommandLine(
      argc, argv,
      {"listen", "data_dir", "max_document_bytes", "max_title_bytes", "max_bulk_documents",
       "block_cache_mb", "sync_writes"});
  // Outlives the runner and the exporter, which read it.
  newsgraph::MetricsRegistry metrics;
  newsgraph::RegisterProcessMetrics(&metrics);
  newsgraph::RegisterRocksDbMetrics(&metrics);

  newsgraph::ingest::IngestStoreOptions options;
  options.path = absl::GetFlag(FLAGS_data_dir);
  options.block_cache_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_block_cache_mb)) << 20;
  options.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  options.cleaner.max_bytes = absl::GetFlag(FLAGS_max_document_bytes);
  options.cleaner.max_title_bytes = absl::GetFlag(FLAGS_max_title_bytes);

  newsgraph::ServerOptions server_options;
  server_options.listen_address = absl::GetFlag(FLAGS_listen);
  newsgraph::ApplySharedServerFlags(&server_options);
  server_options.metrics = &metrics;
  // Room for the largest article plus protobuf framing.
  server_options.max_receive_message_bytes =
      static_cast<int>(options.cleaner.max_bytes + (1 << 20));

  newsgraph::ServerRunner runner(server_options);
  auto store = newsgraph::ingest::IngestStore::Open(options);
  if (!store.ok()) {
    LOG_ERROR << "cannot open store: " << store.status();
    return 1;
  }
  newsgraph::ingest::IngestServiceImpl service(
      store->get(), {static_cast<size_t>(absl::GetFlag(FLAGS_max_bulk_documents))});
  runner.AddService(&service, "newsgraph.v1.IngestService");
  newsgraph::ingest::IngestStore* store_ptr = store->get();
  metrics.AddCallbackGauge("newsgraph_documents_stored", "Documents stored.", {}, [store_ptr] {
    return newsgraph::GaugeSamples{{{}, static_cast<double>(store_ptr->document_count())}};
  });
  auto exporter = newsgraph::StartServerAndMetrics(&runner, &metrics);
  if (!exporter.ok()) {
    LOG_ERROR << exporter.status();
    return 1;
  }
  runner.SetServing(true);
  LOG_INFO << "ingest ready: " << (*store)->document_count() << " documents, feed at "
           << (*store)->feed().last_sequence();
  runner.WaitForShutdownSignal();
  exporter->reset();  // its callbacks read the store
  (*store)->feed().Shutdown();  // ends WatchChanges streams promptly
  runner.Shutdown();
  store->reset();  // flushes and closes RocksDB
  LOG_INFO << "ingest stopped cleanly";
  return 0;
}
