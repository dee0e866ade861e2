// Snippets for search hits: the window of a document's body with the most
// query-term matches, with the matches highlighted.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_SNIPPET_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_SNIPPET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

#include "common/text/english_stemmer.h"
#include "services/query/core/query_index.h"

namespace newsgraph {

// Picks the `window_tokens`-token window of text[body_begin, body_end) (the
// whole text when that span is empty) holding the most tokens whose
// NormalizeTerm is in `terms` (the earliest such window; the body's start
// when nothing matches). Highlights are offsets into Snippet::text; `marked`
// is the text HTML-escaped with each match wrapped in <b>…</b>.
Snippet MakeSnippet(std::string_view text, uint32_t body_begin, uint32_t body_end,
                    const std::unordered_set<std::string>& terms, int window_tokens);
// As above, a token also matching when its stem (StemTerm with `mode`) is in
// `stems`: the words a stemmed index matched through their inflections.
Snippet MakeSnippet(std::string_view text, uint32_t body_begin, uint32_t body_end,
                    const std::unordered_set<std::string>& terms,
                    const std::unordered_set<std::string>& stems, StemMode mode,
                    int window_tokens);

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_SNIPPET_H_
