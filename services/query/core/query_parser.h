// The search query language that grpcurl users type, parsed into clauses.
//
//   hospital funding               both words (AND)
//   "health minister"              an exact phrase (consecutive positions)
//   "vaccinated"                   a quoted single word: that exact form
//                                  (unquoted words also match their other
//                                  inflections when the index stems)
//   -covid  -"press release"       exclude documents containing it
//   vaccine OR vaccination         either; OR binds tighter than AND:
//                                  `a b OR c d` means a AND (b OR c) AND d
//   entity:"Nur-Daulet Abenov"     documents mentioning the entity, given by
//   entity:E123                    canonical name, any alias, or entity id
//   type:ORG                       documents with an entity of that type
//   source:example.kz              documents from that source (several
//                                  source: filters mean any of them)
//   after:2020-01-01               published on or after that day (inclusive)
//   before:2021-01                 published before that day (exclusive);
//                                  dates are YYYY, YYYY-MM or YYYY-MM-DD, a
//                                  partial date meaning its first day
//
// Words are tokenized and normalized exactly as documents are (Tokenize +
// NormalizeTerm), so `Shymkent’s` and `shymkent's` match alike and a word the
// tokenizer splits becomes a phrase. A `key:value` whose key is not a filter
// name is searched as text. Filter names are case-insensitive; OR must be
// upper case.
//
// Errors: INVALID_ARGUMENT whose message starts with "query: at byte N:" (N a
// 0-based UTF-8 byte offset into the query) for an unclosed quote, an empty
// filter value, a bad date, an unknown entity type, or a dangling OR.
//
// Limits (INVALID_ARGUMENT beyond them): a query of at most
// kMaxQueryBytes bytes and at most kMaxQueryTerms terms in all its words and
// phrases, so that one request cannot make the service score millions of
// postings dozens of times over.
//
// Thread-safe: ParseQuery is a pure function.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_PARSER_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_PARSER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/model/annotations.h"

namespace newsgraph {

// A word (one term) or a phrase (several), already normalized.
struct QueryClause {
  std::vector<std::string> terms;
  uint32_t position = 0;  // byte offset of the clause in the query
  // Written in double quotes: a quoted single word means that exact form,
  // where an unquoted one also matches its inflections in a stemmed index.
  bool quoted = false;
};

struct QueryFilters {
  std::vector<std::string> entities;  // as typed: id, canonical name or alias
  std::vector<EntityType> types;      // all required
  std::vector<std::string> sources;   // lower case; any of them
  std::optional<int32_t> after_day;   // days since 1970-01-01, inclusive
  std::optional<int32_t> before_day;  // exclusive
};

struct ParsedQuery {
  // Every group must match; a group matches when any of its clauses does.
  std::vector<std::vector<QueryClause>> required;
  std::vector<QueryClause> excluded;
  QueryFilters filters;
};

inline constexpr size_t kMaxQueryBytes = 4096;
inline constexpr size_t kMaxQueryTerms = 64;

absl::StatusOr<ParsedQuery> ParseQuery(std::string_view query);

// Parses YYYY, YYYY-MM or YYYY-MM-DD (a partial date meaning its first day)
// to days since 1970-01-01; std::nullopt when malformed or not a real date.
std::optional<int32_t> ParseDay(std::string_view text);
// Parses the leading date of an ISO date or date-time ("2024-03-14T09:40").
std::optional<int32_t> ParseLeadingDay(std::string_view text);
// Days since 1970-01-01 -> "YYYY-MM-DD".
std::string FormatDay(int32_t day);

// Tokenizes and normalizes text into index terms (words and numbers), the
// single definition used for documents and for queries.
std::vector<std::string> TextTerms(std::string_view text);
// The same terms, handed to `fn` one at a time (the view is valid during the
// call), without building a vector: indexing calls this for every document.
void ForEachTextTerm(std::string_view text, const std::function<void(std::string_view term)>& fn);

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_PARSER_H_
