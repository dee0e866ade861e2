// QueryIndex: the query service's index over extraction's feed, on RocksDB.
//
// It keeps an inverted index with positions (BM25 search, phrases, filters,
// snippets), per-entity document lists, roles and quotes, and answers entity
// profiles, co-occurrence, timelines, quotes and corpus statistics. See
// key_layout.h for every stored key and posting_list.h for the two posting
// layouts (issue 6 compares them in tools/bench_query).
//
// Feed contract: ApplyChange(change) writes all index updates of a change and
// the feed cursor (change.sequence) in one WriteBatch, so a crash neither
// loses nor doubles a change; a change with sequence <= cursor() is skipped.
// An upsert replaces the previous version of the document exactly (its
// postings and records are removed in the same batch): no ghost hits.
//
// Thread-safety: any number of concurrent readers (Search, GetEntityProfile,
// Timeline, Quotes, Stats, cursor) with one writer (ApplyChange). Readers see
// the index either before or after a whole change. Calling ApplyChange from
// two threads at once is allowed but serialized.
//
// Example:
//   QueryIndexOptions options;
//   options.path = "/var/lib/newsgraph/query";
//   ASSIGN_OR_RETURN(std::unique_ptr<QueryIndex> index, QueryIndex::Open(options));
//   RETURN_IF_ERROR(index->ApplyChange(change));
//   SearchQuery q;
//   q.query = "hospital \"health minister\" after:2021-01-01";
//   ASSIGN_OR_RETURN(SearchResult result, index->Search(q));
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_INDEX_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_INDEX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/model/annotations.h"
#include "common/text/english_stemmer.h"
#include "services/query/core/posting_list.h"

namespace newsgraph {

struct QueryIndexOptions {
  std::string path;                       // RocksDB folder; created if missing
  size_t block_cache_bytes = 256 << 20;   // shared LRU block cache
  PostingLayout layout = PostingLayout::kMergedLists;  // fixed at creation
  bool sync_writes = false;               // fsync every change (see RocksStore)
  // The index is rebuilt from extraction's feed, and each batch stores the
  // feed cursor with its postings, so by default it goes without RocksDB's
  // write-ahead log (a fifth of the build time, docs/BENCHMARKS.md): after a
  // crash it reopens as of its last flush, cursor included, and the feed
  // follower reads the rest again. On with sync_writes.
  bool write_ahead_log = false;
  // Search verifies phrase candidates against positions lazily, best score
  // bound first, and stops once the page is settled (total_size is then an
  // estimate). When at most this many candidates await verification it
  // verifies them all instead, and total_size stays exact. Tests set 0 to
  // exercise the pruning on tiny corpora.
  size_t verify_all_below = 500;
  // Also index adjacent word pairs, so that a two-word phrase is scored from
  // one list and longer phrases from their pairs (see pair_positions).
  // Fixed when the index is created (an existing index keeps what it was
  // created with); costs build time and space (see docs/BENCHMARKS.md).
  bool word_pairs = true;
  // With word_pairs: the pair postings also carry the pairs' positions, and
  // a phrase of three words or more is matched exactly through its pairs in
  // one pass instead of bounded and verified against its words' positions
  // (a pair of common words such as "of the" occurs a few times in a
  // document, each of its words dozens of times). Fixed when the index is
  // created, like word_pairs.
  bool pair_positions = true;
  // English stemming of the ranking lists: an unquoted word matches its
  // inflections ("hospitals" finds "hospital"); phrases and quoted single
  // words stay exact on surface forms. Fixed when the index is created (an
  // existing index keeps what it was created with; one created before this
  // option existed has none). The default is measured by tools/eval_search
  // (docs/BENCHMARKS.md).
  StemMode stemming = StemMode::kPorter2;
  // kMergedLists: keep each ranking term's df in a counter beside its list,
  // so that the words of a phrase (ranked by the sum of their idfs) need not
  // have their lists read. Fixed when the index is created; one created
  // before this option existed counts dfs from the lists.
  bool document_counts = true;
  // Memory for decoded frequency lists and positional lists of searched
  // terms (long ones only), so that hot terms are not read and decoded again
  // for every query. A feed batch drops the lists it changes. 0 disables it.
  size_t list_cache_bytes = 64 << 20;
  // A phrase (three words or more with word pairs) whose Search verified at
  // least this many candidates against positions is expensive: when it is
  // searched again before the index changes, its exact frequency in every
  // document is computed in one pass and cached (in up to a quarter of
  // list_cache_bytes more, until the next change), and later searches score
  // it from that list like a word, with exact totals. 0 disables it. Only
  // for an index whose pairs carry no positions (created without
  // pair_positions): with them, every such phrase is scored from its exact
  // list, and long lists share the same cache.
  size_t phrase_cache_after = 1000;
};

enum class SortOrder { kRelevance = 0, kDate = 1 };

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 1000;

struct SearchQuery {
  // The query language of query_parser.h; may be empty when filters are set.
  std::string query;
  // Structured filters, ANDed with those in `query` (same meaning as there).
  std::vector<std::string> entities;  // ids, canonical names or aliases
  std::vector<std::string> types;     // "PERSON", "ORG", ...
  std::vector<std::string> sources;
  std::string after;   // YYYY[-MM[-DD]], inclusive; "" = none
  std::string before;  // exclusive
  SortOrder sort = SortOrder::kRelevance;
  // 0 means kDefaultPageSize; above kMaxPageSize or negative: INVALID_ARGUMENT.
  int page_size = 0;
  // From SearchResult::next_page_token of the same query, or "". A token
  // pins the documents visible when the first page was served and the BM25
  // statistics (N, average length, df) used then, so later pages neither
  // skip nor repeat while documents arrive: documents added afterwards are
  // not shown (a new search sees them), deleted ones drop out, and a
  // document updated mid-pagination counts as added (its new version is not
  // shown). Tokens survive restarts. Another query's token: INVALID_ARGUMENT.
  std::string page_token;
  // Snippet length in tokens (0 = no snippets).
  int snippet_tokens = 30;
  // Verify every phrase candidate so that total_size is exact, however many
  // there are (slower for phrases of common words; the hits are the same).
  bool exact_total = false;
};

// [begin, end) UTF-8 byte offsets.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct HitEntity {
  std::string entity_id;
  std::string canonical_name;
  EntityType type = EntityType::kUnknown;
  uint32_t mention_count = 0;
};

struct Snippet {
  std::string text;              // an excerpt of the document's clean text
  uint32_t begin = 0;            // where `text` starts in the clean text
  std::vector<Span> highlights;  // matched terms, offsets into `text`
  std::string marked;            // `text` HTML-escaped with <b>…</b> around matches
};

struct SearchHit {
  std::string doc_id;
  std::string title;
  std::string source;
  std::string url;
  std::string published_date;
  double score = 0;  // BM25 (0 for a filter-only query)
  Snippet snippet;
  std::vector<HitEntity> entities;
};

struct SearchResult {
  std::vector<SearchHit> hits;
  // Documents matching the query among those visible to this pagination (the
  // index as of the first page). Exact unless total_size_exact is false: a
  // phrase query over common words stops verifying candidates once the page
  // is settled and estimates the rest from a sample of them.
  uint64_t total_size = 0;
  bool total_size_exact = true;
  std::string next_page_token;  // "" when there are no more hits
};

struct CoEntity {
  std::string entity_id;
  std::string canonical_name;
  EntityType type = EntityType::kUnknown;
  uint64_t documents_together = 0;  // documents mentioning both
  uint64_t documents = 0;           // documents mentioning the other entity
  double pmi = 0;                   // log(P(x,y) / (P(x) P(y))), natural log
};

struct RoleHeld {
  std::string title;
  std::string normalized_title;
  std::string organization;
  std::string organization_entity_id;
  std::string doc_id;
  std::string published_date;
};

struct DocRef {
  std::string doc_id;
  std::string title;
  std::string source;
  std::string published_date;
};

struct EntityProfileOptions {
  int top_entities = 10;   // co-occurring entities in each ranking
  int latest_documents = 10;
  // Entities seen together fewer times are left out of the PMI ranking
  // (PMI overrates pairs seen once).
  int min_cooccurrence_for_pmi = 2;
};

struct EntityProfile {
  std::string entity_id;              // after following redirects
  std::vector<std::string> merged_ids;  // ids redirected into entity_id
  std::string canonical_name;
  EntityType type = EntityType::kUnknown;
  std::vector<std::string> aliases;   // most frequent first
  std::vector<RoleHeld> roles;        // newest first
  uint64_t mention_count = 0;
  uint64_t document_count = 0;
  std::string first_seen;             // earliest publication date (YYYY-MM-DD)
  std::string last_seen;
  std::vector<CoEntity> top_by_count;  // documents_together desc
  std::vector<CoEntity> top_by_pmi;    // pmi desc
  std::vector<DocRef> latest_documents;
};

enum class Granularity { kDay = 0, kWeek = 1, kMonth = 2 };

struct TimelineQuery {
  std::string entity;  // id or name; exactly one of entity and query
  std::string query;   // a search query (its filters apply)
  Granularity granularity = Granularity::kDay;
  std::string from;  // YYYY[-MM[-DD]] inclusive; "" = first document
  std::string to;    // inclusive; "" = last document
};

struct TimelineBucket {
  std::string start;       // first day of the bucket (weeks start on Monday)
  uint64_t documents = 0;  // matching documents published in the bucket
  uint64_t mentions = 0;   // entity mentions, or query term/phrase occurrences
};

inline constexpr int kMaxTimelineBuckets = 5000;

struct QuoteQuery {
  std::string speaker;  // entity id or name; "" = any speaker
  std::string words;    // all these words must be in the quote; "" = any
  int page_size = 0;    // as SearchQuery::page_size
  std::string page_token;
};

struct QuoteHit {
  std::string text;
  std::string speaker_entity_id;
  std::string speaker_name;
  std::string doc_id;
  std::string title;
  std::string published_date;
  uint32_t begin = 0;  // span of the quote in the document's clean text
  uint32_t end = 0;
};

struct QuoteResult {
  std::vector<QuoteHit> quotes;  // newest first
  std::string next_page_token;
};

struct IndexStats {
  uint64_t documents = 0;
  std::vector<std::pair<std::string, uint64_t>> entities_by_type;  // type name, count
  std::vector<std::pair<std::string, uint64_t>> sources;  // source, documents; most first
  std::string first_date;  // earliest publication date, "" if none known
  std::string last_date;
  uint64_t disk_bytes = 0;
  uint64_t cursor = 0;
};

class QueryIndex {
 public:
  // Opens or creates the index at options.path. FAILED_PRECONDITION when
  // another process holds the folder, or when it was created with another
  // posting layout.
  static absl::StatusOr<std::unique_ptr<QueryIndex>> Open(const QueryIndexOptions& options);

  virtual ~QueryIndex() = default;

  // Applies one change of extraction's feed (see the contract above).
  // INVALID_ARGUMENT for a change without doc_id or with sequence 0.
  virtual absl::Status ApplyChange(const AnnotationChange& change) = 0;

  // Applies a batch of feed changes in ascending sequence order, in as few
  // WriteBatches as possible (one, unless a document occurs twice in the
  // batch), each with the cursor of its last change. Much faster than one
  // call per change: the merged posting layout writes one merge operand per
  // term per WriteBatch instead of one per term per document. Changes with a
  // sequence <= cursor() (or not above the previous change) are skipped. On
  // error, the changes before the failing WriteBatch stay applied.
  virtual absl::Status ApplyChanges(const std::vector<AnnotationChange>& changes) = 0;

  // The sequence of the last applied change (0 for a new index).
  virtual uint64_t cursor() const = 0;

  // Ranking: BM25 with k1 = 1.2, b = 0.75 and Lucene's idf
  // log(1 + (N - df + 0.5) / (df + 0.5)); score = sum over matched words of
  // idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl)), a phrase
  // counting as one word with the sum of its words' idf and its occurrence
  // count as tf (as Lucene's PhraseQuery). dl counts indexed words (title
  // and body). Ties: lower docnum (older version) first. In a stemmed index
  // an unquoted word's tf and df are its stem's (all its surface forms),
  // while a phrase's occurrences and a quoted word's tf are exact forms (its
  // words' idf still comes from their stems).
  // Filter-only queries score 0 (sort by date to make the order useful).
  // INVALID_ARGUMENT for a malformed query, filter, page size or page token
  // (the message names the field and, for the query, the byte position).
  virtual absl::StatusOr<SearchResult> Search(const SearchQuery& query) const = 0;

  // NOT_FOUND when no live document mentions the entity.
  virtual absl::StatusOr<EntityProfile> GetEntityProfile(
      std::string_view id_or_name, const EntityProfileOptions& options) const = 0;

  virtual absl::StatusOr<std::vector<TimelineBucket>> Timeline(
      const TimelineQuery& query) const = 0;

  virtual absl::StatusOr<QuoteResult> Quotes(const QuoteQuery& query) const = 0;

  virtual absl::StatusOr<IndexStats> Stats() const = 0;

  // Flushes memtables (for size measurements and shutdown).
  virtual absl::Status Flush() = 0;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_INDEX_H_
