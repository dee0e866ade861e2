// --metrics_listen, shared by the server binaries: where to serve
// Prometheus metrics over HTTP ("host:port"; empty, the default, serves
// none). Off by default so that several servers on one machine (tests, a
// developer's laptop) never fight over a port; containers set
// NEWSGRAPH_METRICS_LISTEN=0.0.0.0:9091 (see docs/DEPLOY.md, "Metrics").
#ifndef NEWSGRAPH_COMMON_METRICS_METRICS_FLAGS_H_
#define NEWSGRAPH_COMMON_METRICS_METRICS_FLAGS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/metrics/metrics_exporter.h"

namespace newsgraph {

// The metrics flags' names (for ParseFlagsWithEnvironment).
std::vector<std::string> MetricsFlagNames();

// Starts serving `registry` at --metrics_listen; nullptr when the flag is
// empty. Errors as MetricsExporter::Start.
absl::StatusOr<std::unique_ptr<MetricsExporter>> StartMetricsExporterFromFlags(
    const MetricsRegistry* registry);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_METRICS_METRICS_FLAGS_H_
