// newsgraph-ingest: flags -> options -> open store -> serve until SIGTERM.
#include <cstdio>

#include "absl/flags/flag.h"
#include "common/config/flags_env.h"
#include "common/grpc/security.h"
#include "common/grpc/server_runner.h"
#include "common/logging/log.h"
#include "services/ingest/grpc/ingest_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "gRPC listen address (host:port)");
ABSL_FLAG(std::string, port_file, "", "write the bound port to this file");
ABSL_FLAG(std::string, data_dir, "data/ingest", "RocksDB folder of this service");
ABSL_FLAG(int64_t, max_document_bytes, 8 << 20, "largest accepted article, bytes");
ABSL_FLAG(int64_t, max_title_bytes, 1024, "longest stored title, bytes");
ABSL_FLAG(int64_t, max_bulk_documents, 10000, "most articles in one BulkIngest stream");
ABSL_FLAG(int64_t, block_cache_mb, 64, "RocksDB block cache, MiB");
ABSL_FLAG(bool, sync_writes, false, "fsync every write (survives power loss, slower)");
ABSL_FLAG(int64_t, shutdown_deadline_ms, 10000, "grace period for in-flight calls at shutdown");
ABSL_FLAG(
    int64_t, default_deadline_ms, 300000,
    "unary and client-streaming calls without a deadline are cancelled after this (0 = never)");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM server certificate chain (with --tls_key: serve TLS; reloaded)");
ABSL_FLAG(std::string, tls_key, "", "PEM server private key (with --tls_cert; reloaded)");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA: require client certificates signed by it (mutual TLS)");
ABSL_FLAG(std::string, auth_tokens_file, "",
          "require `authorization: Bearer <token>` with a token from this file "
          "(one per line; needs TLS)");
ABSL_FLAG(bool, auth_open_health_reflection, true, "health and reflection need no token");

int main(int argc, char** argv) {
  newsgraph::ServerRunner::BlockShutdownSignals();
  newsgraph::ParseFlagsWithEnvironment(
      argc, argv,
      {"listen", "port_file", "data_dir", "max_document_bytes", "max_title_bytes",
       "max_bulk_documents", "block_cache_mb", "sync_writes", "shutdown_deadline_ms",
       "default_deadline_ms", "tls_cert", "tls_key", "tls_client_ca", "auth_tokens_file",
       "auth_open_health_reflection"});

  newsgraph::ingest::IngestStoreOptions options;
  options.path = absl::GetFlag(FLAGS_data_dir);
  options.block_cache_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_block_cache_mb)) << 20;
  options.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  options.cleaner.max_bytes = absl::GetFlag(FLAGS_max_document_bytes);
  options.cleaner.max_title_bytes = absl::GetFlag(FLAGS_max_title_bytes);

  newsgraph::ServerOptions server_options;
  server_options.listen_address = absl::GetFlag(FLAGS_listen);
  server_options.port_file = absl::GetFlag(FLAGS_port_file);
  server_options.shutdown_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_shutdown_deadline_ms));
  server_options.default_deadline = absl::Milliseconds(absl::GetFlag(FLAGS_default_deadline_ms));
  server_options.security.cert_file = absl::GetFlag(FLAGS_tls_cert);
  server_options.security.key_file = absl::GetFlag(FLAGS_tls_key);
  server_options.security.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  server_options.security.tokens_file = absl::GetFlag(FLAGS_auth_tokens_file);
  server_options.security.open_health_and_reflection =
      absl::GetFlag(FLAGS_auth_open_health_reflection);
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
  if (absl::Status started = runner.Start(); !started.ok()) {
    LOG_ERROR << started;
    return 1;
  }
  runner.SetServing(true);
  LOG_INFO << "ingest ready: " << (*store)->document_count() << " documents, feed at "
           << (*store)->feed().last_sequence();
  runner.WaitForShutdownSignal();
  (*store)->feed().Shutdown();  // ends WatchChanges streams promptly
  runner.Shutdown();
  store->reset();  // flushes and closes RocksDB
  LOG_INFO << "ingest stopped cleanly";
  return 0;
}
