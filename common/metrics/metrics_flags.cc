#include "common/metrics/metrics_flags.h"

#include "absl/flags/flag.h"

ABSL_FLAG(std::string, metrics_listen, "",
          "serve Prometheus metrics at http://<this host:port>/metrics (\"\" = off)");

namespace newsgraph {

std::vector<std::string> MetricsFlagNames() { return {"metrics_listen"}; }

absl::StatusOr<std::unique_ptr<MetricsExporter>> StartMetricsExporterFromFlags(
    const MetricsRegistry* registry) {
  const std::string listen = absl::GetFlag(FLAGS_metrics_listen);
  if (listen.empty()) return std::unique_ptr<MetricsExporter>();
  return MetricsExporter::Start(listen, registry);
}

}  // namespace newsgraph
