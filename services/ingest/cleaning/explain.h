// A debugging view of the cleaner's decisions: every line of the page with
// its class (content, neutral, skip, barrier), the reason, and whether it
// ended up in the body. Used by `eval_cleaning --explain=FILE`.
#ifndef NEWSGRAPH_SERVICES_INGEST_CLEANING_EXPLAIN_H_
#define NEWSGRAPH_SERVICES_INGEST_CLEANING_EXPLAIN_H_

#include <string>

#include "services/ingest/cleaning/cleaner.h"

namespace newsgraph {
namespace cleaning {

// One line per page line: "B" when in the body, index, class, reason, text.
std::string ExplainCleaning(const RawArticle& raw,
                            const CleanerOptions& options);

}  // namespace cleaning
}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_INGEST_CLEANING_EXPLAIN_H_
