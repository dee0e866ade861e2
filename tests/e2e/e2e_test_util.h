// Small helpers shared by the end-to-end tests: reading samples, ingesting
// them, and collecting every document id a search or a feed returns.
#ifndef NEWSGRAPH_TESTS_E2E_E2E_TEST_UTIL_H_
#define NEWSGRAPH_TESTS_E2E_E2E_TEST_UTIL_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/e2e/suite_harness.h"

namespace newsgraph::e2e {

struct SampleFile {
  std::string path;
  std::string content;
  std::string content_type;
};

// samples/*.txt and samples/*.html, sorted by name.
std::vector<SampleFile> ReadSamples();

// Ingests each sample; returns their doc ids in order.
absl::StatusOr<std::vector<std::string>> IngestSamples(Suite& suite,
                                                       const std::vector<SampleFile>& samples);

// Every doc id the query service returns for `query`, page by page (ids may
// repeat if the service repeats them: callers check).
absl::StatusOr<std::vector<std::string>> SearchAllIds(Suite& suite, const std::string& query);

// Document id -> number of UPSERT entries in extraction's feed, read from the
// start until the feed's head.
absl::StatusOr<std::map<std::string, int>> ExtractionFeedUpserts(Suite& suite);

// Every document id ingest lists.
absl::StatusOr<std::vector<std::string>> ListAllDocumentIds(Suite& suite);

}  // namespace newsgraph::e2e

#endif  // NEWSGRAPH_TESTS_E2E_E2E_TEST_UTIL_H_
