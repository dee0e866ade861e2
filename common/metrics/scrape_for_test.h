// Test helpers: one HTTP/1.0 request over a loopback socket (so tests need
// no HTTP client library), and reading one sample out of a text exposition.
#ifndef NEWSGRAPH_COMMON_METRICS_SCRAPE_FOR_TEST_H_
#define NEWSGRAPH_COMMON_METRICS_SCRAPE_FOR_TEST_H_

#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"

namespace newsgraph {

struct HttpResponse {
  int status = 0;
  std::string headers;  // the header block, lower-cased names kept as sent
  std::string body;
};

// Sends `method path HTTP/1.0` to 127.0.0.1:port and reads the reply until
// the server closes the connection (5 s timeout).
absl::StatusOr<HttpResponse> HttpRequestForTest(int port, const std::string& method,
                                                const std::string& path);

// The value of the sample whose name and labels are exactly `series` (e.g.
// `newsgraph_documents_stored` or `x_total{code="OK"}`), or nullopt.
std::optional<double> SampleValue(const std::string& exposition, const std::string& series);

// The sum of every sample of the family `name` (`name` alone or `name{...}`)
// and how many there were.
std::pair<double, int> SumOfFamily(const std::string& exposition, const std::string& name);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_METRICS_SCRAPE_FOR_TEST_H_
