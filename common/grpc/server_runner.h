// ServerRunner: what every newsgraph server does around its services —
// binds the listen address, serves gRPC health (grpc.health.v1.Health) and
// reflection (v1 and v1alpha), gives every call a request id, an access-log
// line and RPC metrics (common/metrics/rpc_observer.h), waits for SIGTERM/SIGINT and shuts down
// gracefully: health turns NOT_SERVING, new calls are refused, in-flight
// calls get until the deadline to finish, then the caller closes its store.
//
//   ServerRunner::BlockShutdownSignals();  // first thing in main()
//   ServerRunner runner(options);
//   runner.AddService(&service, "newsgraph.v1.IngestService");
//   RETURN_IF_ERROR(runner.Start());
//   runner.SetServing(true);
//   runner.WaitForShutdownSignal();
//   runner.Shutdown();
#ifndef NEWSGRAPH_COMMON_GRPC_SERVER_RUNNER_H_
#define NEWSGRAPH_COMMON_GRPC_SERVER_RUNNER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/grpc/security.h"
#include "common/metrics/metrics.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/service_type.h"

namespace newsgraph {

struct ServerOptions {
  // host:port; port 0 picks a free port (see ServerRunner::port()).
  std::string listen_address = "127.0.0.1:0";
  // How long in-flight calls may run after a shutdown signal.
  absl::Duration shutdown_deadline = absl::Seconds(10);
  // Largest request message accepted (bytes).
  int max_receive_message_bytes = 64 << 20;
  // Largest response message sent (bytes).
  int max_send_message_bytes = 64 << 20;
  // HTTP/2 concurrent streams allowed per client connection.
  int max_concurrent_streams = 256;
  // Unary and client-streaming calls that arrive without a deadline are
  // cancelled after this long, so that a caller that never finishes cannot
  // hold a server thread forever. Server-streaming calls (feeds, health
  // Watch) are long-lived by design and exempt. Zero: no default.
  absl::Duration default_deadline = absl::Minutes(5);
  // When set, the bound port is written to this file after start (for
  // tests and scripts that listen on port 0).
  std::string port_file;
  // TLS, mutual TLS and bearer tokens (see common/grpc/security.h); all
  // empty (the default) serves plaintext without authentication. Start()
  // fails, naming the file, when a certificate, key or token file is
  // missing or unreadable.
  ServerSecurityOptions security;
  // Ready-made credentials; when set they replace `security`.
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // Every call gets a request id and is counted and timed (see
  // common/metrics/rpc_observer.h): RPC metrics go to this registry, which
  // must outlive the runner (nullptr: no RPC metrics).
  MetricsRegistry* metrics = nullptr;
  // One access-log line per call (health checks excepted).
  bool access_log = true;
};

class ServerRunner {
 public:
  // Blocks SIGTERM, SIGINT and SIGHUP in the calling thread and every
  // thread it starts later, and starts a thread that turns SIGTERM/SIGINT
  // into a shutdown request and SIGHUP into ReloadSecurityFiles().
  // Call at the top of main(), before any other thread exists.
  static void BlockShutdownSignals();

  explicit ServerRunner(ServerOptions options);
  ~ServerRunner();

  // REQUIRES: before Start(). `service` must outlive the runner.
  void AddService(grpc::Service* service, const std::string& full_name);

  // Builds and starts the server. Health of the whole server ("", for
  // liveness probes) is SERVING from here until Shutdown; each registered
  // service starts NOT_SERVING until SetServing(true) (readiness).
  // REQUIRES: the service's store is open (a service is not alive before).
  absl::Status Start();

  // The bound port (useful with port 0).
  int port() const { return port_; }

  // Sets the health of every registered service: whether it is ready to do
  // its whole job (for a feed consumer: whether its upstream is reachable).
  void SetServing(bool serving);

  // Blocks until a shutdown signal arrives or RequestShutdown() is called.
  void WaitForShutdownSignal();
  // Returns true once a shutdown was requested.
  bool ShutdownRequested() const;
  // Asks the runner to shut down (as a signal would).
  static void RequestShutdown();

  // Turns health NOT_SERVING, stops accepting calls and waits up to the
  // deadline for in-flight calls. Idempotent.
  void Shutdown();

 private:
  ServerOptions options_;
  std::vector<std::pair<grpc::Service*, std::string>> services_;
  std::vector<std::unique_ptr<grpc::Service>> reflection_services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_GRPC_SERVER_RUNNER_H_
