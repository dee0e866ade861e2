// MetricsExporter: serves a MetricsRegistry over HTTP for Prometheus,
// with civetweb (Debian's libcivetweb) doing all of the HTTP.
//
//   GET /metrics (or HEAD)  200, text exposition format 0.0.4
//   anything else            404 (405 for other methods on /metrics)
//
//   ASSIGN_OR_RETURN(std::unique_ptr<MetricsExporter> exporter,
//                    MetricsExporter::Start("0.0.0.0:9091", &registry));
//   ...
//   exporter.reset();  // stops serving; before the registry's callbacks'
//                      // objects are destroyed
//
// Runs two civetweb worker threads (scrapes are rare and cheap); connections
// are closed after each response.
#ifndef NEWSGRAPH_COMMON_METRICS_METRICS_EXPORTER_H_
#define NEWSGRAPH_COMMON_METRICS_METRICS_EXPORTER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/metrics/metrics.h"

struct mg_context;
struct mg_connection;

namespace newsgraph {

class MetricsExporter {
 public:
  // Listens on `listen_address`, "host:port" with a numeric IPv4 host
  // ("0.0.0.0" = every interface), "[v6]:port", or ":port" (every
  // interface); port 0 picks a free port (see port()). UNAVAILABLE naming
  // the address when it cannot listen (port taken, host not local),
  // INVALID_ARGUMENT for a malformed address. `registry` must outlive the
  // exporter.
  static absl::StatusOr<std::unique_ptr<MetricsExporter>> Start(
      const std::string& listen_address, const MetricsRegistry* registry);

  // Stops serving: waits for in-progress scrapes and closes the socket.
  ~MetricsExporter();
  MetricsExporter(const MetricsExporter&) = delete;
  MetricsExporter& operator=(const MetricsExporter&) = delete;

  int port() const { return port_; }

 private:
  explicit MetricsExporter(const MetricsRegistry* registry) : registry_(registry) {}
  static int HandleRequest(::mg_connection* connection, void* self);

  const MetricsRegistry* const registry_;
  mg_context* context_ = nullptr;
  int port_ = 0;
  std::string wake_host_;  // a local address of the listener (see the .cc)
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_METRICS_METRICS_EXPORTER_H_
