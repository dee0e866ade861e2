// RpcObserver: a gRPC server interceptor that makes every call observable.
//
// Metrics (when a registry is given), labelled by the full method name
// without the leading slash ("newsgraph.v1.IngestService/Ingest"):
//   newsgraph_grpc_server_started_total{method}         counter
//   newsgraph_grpc_server_handled_total{method,code}    counter; code is the
//       canonical status name ("OK", "INVALID_ARGUMENT", ...). Errors are
//       the series with code != "OK".
//   newsgraph_grpc_server_handling_seconds{method}      histogram, from the
//       call's arrival to its status (for server-streaming feeds: the
//       stream's whole life)
//   newsgraph_grpc_server_in_flight{method}             gauge
//
// Request ids: the caller's `x-request-id` metadata when it is 1..128
// printable ASCII characters, otherwise a new random 16-hex-digit id. It is
// returned in the initial metadata `x-request-id`, set as the handler
// thread's log request id (common/logging/log.h) while the call runs, and
// written in the call's access-log line.
//
// Access log: one info line per call when it ends (health checks excepted,
// as probes would flood it): message "rpc <method> <code> <ms> ms" with the
// fields method, code, latency_ms, peer, request_id and, for errors, error.
//
// Overhead: see docs/BENCHMARKS.md ("Metrics and logs").
#ifndef NEWSGRAPH_COMMON_METRICS_RPC_OBSERVER_H_
#define NEWSGRAPH_COMMON_METRICS_RPC_OBSERVER_H_

#include <memory>

#include "common/metrics/metrics.h"
#include "grpcpp/support/server_interceptor.h"

namespace newsgraph {

inline constexpr char kRequestIdMetadataKey[] = "x-request-id";

struct RpcObserverOptions {
  // Where the RPC metrics are registered (must outlive the server); nullptr
  // records none. The families are added when the factory is made.
  MetricsRegistry* metrics = nullptr;
  // One info line per finished call.
  bool access_log = true;
};

// For grpc::ServerBuilder::experimental().SetInterceptorCreators; put it
// first so that it sees every call.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRpcObserverFactory(
    const RpcObserverOptions& options);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_METRICS_RPC_OBSERVER_H_
