#include "services/query/core/query_index.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "common/concurrency/computed_ahead.h"
#include "common/encoding/coding.h"
#include "common/status/status_macros.h"
#include "common/storage/counter_merge_operator.h"
#include "common/storage/rocks_store.h"
#include "common/text/tokenizer.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "rocksdb/slice_transform.h"
#include "services/query/core/document_words.h"
#include "services/query/core/key_layout.h"
#include "services/query/core/posting_accumulator.h"
#include "services/query/core/query_parser.h"
#include "services/query/core/snippet.h"

namespace newsgraph {
namespace {

namespace k = query_keys;

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
// Title and body positions are separated by this gap so that a phrase never
// matches across them.
constexpr uint32_t kTitleBodyGap = 16;
constexpr std::string_view kLayoutKey = "layout";
// Present when the index was created writing word-pair postings: "1" tf only
// (an index created before pair positions), "2" with the pairs' positions.
// An index created without pairs answers phrases from word positions alone.
constexpr std::string_view kWordPairsKey = "word_pairs";
// The StemModeName of the ranking lists' stemming; absent (an index created
// before stemming existed) means none.
constexpr std::string_view kStemmingKey = "stemming";
// "1" when the "counts" family keeps each "w" term's df (key_layout.h);
// absent in indexes created before it, whose dfs are counted from the lists.
constexpr std::string_view kDocumentCountsKey = "document_counts";
constexpr uint8_t kTokenVersion = 1;

// The bits of a double as an unsigned integer in the same order (for any
// value but NaN; -0.0 is taken as 0.0, which compares equal to it).
uint64_t OrderedBits(double value) {
  if (value == 0) value = 0;  // -0.0
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return (bits & 0x8000000000000000ull) ? ~bits : bits | 0x8000000000000000ull;
}

// The double whose OrderedBits are `ordered`.
double FromOrderedBits(uint64_t ordered) {
  const uint64_t bits =
      (ordered & 0x8000000000000000ull) ? ordered & ~0x8000000000000000ull : ~ordered;
  double value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

// Lucene's BM25 idf.
double Idf(double n_docs, double df) { return std::log(1.0 + (n_docs - df + 0.5) / (df + 0.5)); }

double Bm25(double idf, double tf, double doc_length, double avg_length) {
  const double norm = avg_length > 0 ? doc_length / avg_length : 1.0;
  return idf * tf * (kK1 + 1.0) / (tf + kK1 * (1.0 - kB + kB * norm));
}

struct DocInfo {
  uint32_t length = 0;
  int32_t day = k::kUnknownDay;
  uint32_t source = 0;
  bool alive = false;
};

// The indexed text of a document: its title, then its body (the whole text
// when the body span is empty). Word positions run through the title, skip
// kTitleBodyGap, then run through the body, so no phrase spans the two.
std::pair<std::string_view, std::string_view> IndexedSections(const DocumentAnnotations& doc) {
  uint32_t body_begin = std::min<uint32_t>(doc.body_begin, doc.text.size());
  uint32_t body_end = std::min<uint32_t>(doc.body_end, doc.text.size());
  if (body_end <= body_begin) {
    body_begin = 0;
    body_end = static_cast<uint32_t>(doc.text.size());
  }
  return {doc.title, std::string_view(doc.text).substr(body_begin, body_end - body_begin)};
}

uint64_t Fnv1a(std::string_view data, uint64_t hash = 1469598103934665603ull) {
  for (char c : data) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string NormalizeName(std::string_view name) { return absl::StrJoin(TextTerms(name), " "); }

std::string Fixed64Value(uint64_t v) {
  std::string out;
  AppendBigEndian64(&out, v);
  return out;
}

// What a document version contributes to the entity lists.
struct EntityInDoc {
  std::string name;
  EntityType type = EntityType::kUnknown;
  uint32_t mentions = 0;
  std::vector<std::string> aliases;
};

// How the writer remembers an alias it stored: entity_id "\0" alias.
std::string AliasSeenKey(std::string_view entity_id, std::string_view alias) {
  std::string key(entity_id);
  key.push_back('\0');
  key.append(alias);
  return key;
}

// What a document version writes that depends on its annotations alone, not
// on the index: PrepareVersion computes it, on a helper thread ahead of the
// writer for a long run (ComputedAhead), and AddVersion writes it.
struct PreparedVersion {
  DocumentWords words;
  // Linked entities by id (ids holding '\0' left out), with their mention
  // counts, and the AliasSeenKey of each one's name and aliases.
  std::vector<std::pair<std::string, EntityInDoc>> entities;
  std::vector<std::vector<std::string>> alias_keys;
  std::vector<std::pair<std::string, uint32_t>> type_counts;  // by type name
  std::string entity_list;                                    // the "x" record
  int32_t day = 0;  // of publication (kUnknownDay when unknown)
  std::vector<std::pair<size_t, std::string>> role_records;  // by role index
  // By quote index; AddVersion appends the docnum.
  std::vector<std::string> quote_records;
  std::vector<std::pair<std::string, uint32_t>> quote_terms;  // by word
  std::string stored;  // the "n" record
  std::string source;  // lowercase
};

void PrepareVersion(const std::string& doc_id, const DocumentAnnotations& doc,
                    PreparedVersion* out);

// A match of a query in one document.
struct Match {
  uint32_t docnum = 0;
  double score = 0;
  uint32_t occurrences = 0;  // term and phrase occurrences of positive clauses
};

// Frozen collection statistics carried by a page token so later pages score
// documents exactly as the first page did.
struct PageToken {
  uint64_t fingerprint = 0;
  uint32_t bound = 0;
  uint64_t live_docs = 0;
  uint64_t total_length = 0;
  std::vector<uint64_t> df;
  double last_score = 0;
  int32_t last_day = 0;
  uint32_t last_docnum = 0;
};

std::string EncodePageToken(const PageToken& t) {
  std::string raw;
  raw.push_back(static_cast<char>(kTokenVersion));
  Encoder enc(&raw);
  enc.PutFixed64(t.fingerprint);
  enc.PutVarint32(t.bound);
  enc.PutVarint64(t.live_docs);
  enc.PutVarint64(t.total_length);
  enc.PutVarint64(t.df.size());
  for (uint64_t d : t.df) enc.PutVarint64(d);
  enc.PutDouble(t.last_score);
  enc.PutSignedVarint64(t.last_day);
  enc.PutVarint32(t.last_docnum);
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<PageToken> DecodePageToken(std::string_view text, uint64_t fingerprint) {
  std::string raw;
  auto bad = [](std::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("page_token: ", std::string(why)));
  };
  if (!absl::WebSafeBase64Unescape(std::string(text), &raw) || raw.empty() ||
      static_cast<uint8_t>(raw[0]) != kTokenVersion) {
    return bad("malformed");
  }
  Decoder dec(std::string_view(raw).substr(1));
  PageToken t;
  uint64_t count = 0;
  int64_t day = 0;
  dec.GetFixed64(&t.fingerprint);
  dec.GetVarint32(&t.bound);
  dec.GetVarint64(&t.live_docs);
  dec.GetVarint64(&t.total_length);
  dec.GetVarint64(&count);
  if (!dec.ok() || count > 4096) return bad("malformed");
  t.df.resize(count);
  for (uint64_t& d : t.df) dec.GetVarint64(&d);
  dec.GetDouble(&t.last_score);
  dec.GetSignedVarint64(&day);
  dec.GetVarint32(&t.last_docnum);
  if (!dec.ok() || !dec.done()) return bad("malformed");
  t.last_day = static_cast<int32_t>(day);
  if (t.fingerprint != fingerprint) return bad("belongs to a different query");
  return t;
}

// Combined filters of a search (query language + structured fields).
struct Filters {
  std::vector<std::string> entities;
  std::vector<EntityType> types;
  std::vector<std::string> sources;
  std::optional<int32_t> after_day;
  std::optional<int32_t> before_day;
  bool any() const {
    return !entities.empty() || !types.empty() || !sources.empty() || after_day || before_day;
  }
};

absl::Status ValidatePageSize(int page_size, int* out) {
  if (page_size < 0 || page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(absl::StrCat(
        "page_size: ", page_size, " is outside [0, ", kMaxPageSize, "] (0 means ",
        kDefaultPageSize, ")"));
  }
  *out = page_size == 0 ? kDefaultPageSize : page_size;
  return absl::OkStatus();
}

// Posting updates of one WriteBatch, gathered per term (posting_accumulator.h)
// and written when the batch is complete.
struct PostingWriter {
  PostingWriter(WriteBatch* batch, PostingAccumulator* postings)
      : batch(batch), postings(*postings) {}
  WriteBatch* batch;
  PostingAccumulator& postings;
  // Entity aliases put in this batch, as entity_id "\0" alias (as given).
  absl::flat_hash_set<std::string> aliases_written;
};

// One entity of a document's "x" record.
struct DocEntityEntry {
  std::string id;
  std::string name;
  EntityType type = EntityType::kUnknown;
  uint32_t mentions = 0;
  std::vector<std::string> aliases;
};

bool DecodeDocEntities(std::string_view value, std::vector<DocEntityEntry>* out) {
  Decoder dec(value);
  uint64_t count = 0;
  dec.GetVarint64(&count);
  for (uint64_t i = 0; i < count && dec.ok(); ++i) {
    DocEntityEntry e;
    uint32_t type = 0;
    uint64_t aliases = 0;
    dec.GetString(&e.id);
    dec.GetString(&e.name);
    dec.GetVarint32(&type);
    dec.GetVarint32(&e.mentions);
    dec.GetVarint64(&aliases);
    for (uint64_t j = 0; j < aliases && dec.ok(); ++j) {
      std::string alias;
      if (dec.GetString(&alias)) e.aliases.push_back(std::move(alias));
    }
    e.type = static_cast<EntityType>(type);
    out->push_back(std::move(e));
  }
  return dec.ok();
}

struct Evaluation;
struct Candidate;

// A term's postings in the kMergedLists value format: pinned by RocksDB
// (kMergedLists) or assembled from a prefix scan (kKeyPerPosting).
struct ListBytes {
  std::unique_ptr<PinnedValue> pinned;
  std::string assembled;
  std::string_view view() const { return pinned ? pinned->view() : std::string_view(assembled); }
};

// Lists shorter than this are not cached (they decode in microseconds).
constexpr size_t kMinCachedPostings = 2048;
constexpr size_t kMinCachedPositionalBytes = 256 << 10;
constexpr size_t kMaxCachedCounts = 1 << 16;
// A run of at least this many upserts has its versions prepared on a helper
// thread (PrepareVersion, ComputedAhead); a thread for fewer would cost more
// than it saves.
constexpr size_t kMinRunForPreparingAhead = 64;
// WriteRun reserves at most this much for a batch ahead of time.
constexpr size_t kMaxReservedBatchBytes = 256 << 20;
// Search checks up to this many phrase candidates against their stored texts
// (tens of microseconds each) before it reads the positional lists instead.
constexpr size_t kTextVerifyLimit = 48;

class QueryIndexImpl : public QueryIndex {
 public:
  static absl::StatusOr<std::unique_ptr<QueryIndex>> OpenImpl(const QueryIndexOptions& options);

  absl::Status ApplyChange(const AnnotationChange& change) override {
    return ApplyChanges({change});
  }
  absl::Status ApplyChanges(const std::vector<AnnotationChange>& changes) override;
  uint64_t cursor() const override { return cursor_.load(std::memory_order_acquire); }
  absl::StatusOr<SearchResult> Search(const SearchQuery& query) const override;
  absl::StatusOr<EntityProfile> GetEntityProfile(std::string_view id_or_name,
                                                 const EntityProfileOptions& options) const override;
  absl::StatusOr<std::vector<TimelineBucket>> Timeline(const TimelineQuery& query) const override;
  absl::StatusOr<QuoteResult> Quotes(const QuoteQuery& query) const override;
  absl::StatusOr<IndexStats> Stats() const override;
  absl::Status Flush() override { return store_->Flush(); }

 private:
  // --- writing (under writer_mu_) ---
  // Writes one WriteBatch for changes with distinct doc ids.
  absl::Status ApplyRun(const std::vector<const AnnotationChange*>& run);
  absl::Status WriteRun(const std::vector<const AnnotationChange*>& run);
  absl::Status RemoveVersion(uint32_t docnum, PostingWriter* postings,
                             std::map<std::string, std::pair<int64_t, EntityType>>* entity_deltas);
  // `doc_id` is the change's (authoritative over doc.doc_id).
  // `prepared`: PrepareVersion of the same document and id.
  absl::Status AddVersion(uint32_t docnum, const std::string& doc_id,
                          const DocumentAnnotations& doc, const PreparedVersion& prepared,
                          PostingWriter* postings,
                          std::map<std::string, std::pair<int64_t, EntityType>>* entity_deltas,
                          DocInfo* info, std::string* source);
  // The "w" (ranking) term of a normalized word: its stem's in a stemmed
  // index (key_layout.h).
  std::string RankingTerm(std::string_view word) const { return k::RankingTerm(word, stemming_); }
  // Writes the gathered postings; `touched` receives their terms.
  void FinishPostings(PostingWriter* postings, PackedStrings* touched) const;

  // --- reading (callers hold mu_ at least shared) ---
  absl::StatusOr<PostingList> LoadPostings(const std::string& term) const;
  absl::StatusOr<std::string> FollowRedirects(const std::string& id) const;
  absl::StatusOr<std::vector<DocEntityEntry>> ReadDocEntities(uint32_t docnum) const;
  // Live documents (docnum -> mentions) of any of the ids.
  absl::StatusOr<std::map<uint32_t, uint64_t>> EntityDocs(const std::vector<std::string>& ids) const;
  // Ids (root first, then those merged into it) of each entity the value
  // names; empty when unknown.
  absl::StatusOr<std::vector<std::vector<std::string>>> ResolveEntity(std::string_view value) const;
  absl::StatusOr<Filters> CombineFilters(const ParsedQuery& parsed, const SearchQuery& query) const;
  // All matches of a query among docnums <= bound, scored with the given
  // statistics (df filled in when empty).
  absl::StatusOr<std::vector<Match>> Evaluate(const ParsedQuery& parsed, const Filters& filters,
                                              uint32_t bound, uint64_t live_docs,
                                              uint64_t total_length,
                                              std::vector<uint64_t>* df) const;
  // Search's two steps (see "evaluation" below).
  absl::Status CollectCandidates(const ParsedQuery& parsed, const Filters& filters, uint32_t bound,
                                 uint64_t live_docs, uint64_t total_length,
                                 std::vector<uint64_t>* df, Evaluation* ev,
                                 const std::function<void(const Candidate&)>& certain) const;
  absl::Status PreparePositions(Evaluation* ev) const;
  // Completes a pending candidate's score; false when it does not match.
  // Phrases are checked against the positional lists PreparePositions read,
  // or, with from_text, against the stored document's words (cheaper for a
  // few candidates than reading the lists of common words, megabytes each).
  absl::StatusOr<bool> Verify(Evaluation* ev, Candidate* c, bool from_text) const;
  // A term's postings in the kMergedLists value format, whatever the layout.
  // Pinned in RocksDB's block cache when stored as one value (no copy).
  absl::StatusOr<ListBytes> LoadPostingBytes(const std::string& term,
                                             const ReadMode& mode = {}) const;
  // A term's frequency list, from the cache of decoded lists when there.
  absl::StatusOr<std::shared_ptr<const FrequencyList>> LoadFrequencies(
      const std::string& term) const;
  // The number of postings of a term (a word's df), cached like the lists.
  absl::StatusOr<uint64_t> DocumentFrequency(const std::string& term) const;
  // A positional list's bytes (kMergedLists format), cached like the above.
  absl::StatusOr<std::shared_ptr<const std::string>> LoadPositionalList(
      const std::string& term) const;
  // The exact list (docnum, phrase frequency) of a phrase (words joined by
  // spaces) in every document that has all of
  // `lists`: from the phrase cache; else computed and cached when the phrase
  // was marked expensive (MarkExpensivePhrases) since the last change to the
  // index; else nullptr.
  // `position_keys` are the phrase's words' positional lists, in phrase
  // order. Only for an index whose pairs carry no positions (else
  // PhraseListFromPairs).
  absl::StatusOr<std::shared_ptr<const FrequencyList>> CachedPhraseList(
      const std::string& key, const std::vector<std::string>& position_keys,
      const std::vector<const FrequencyList*>& lists) const;
  void MarkExpensivePhrases(const std::vector<std::string>& keys) const;
  // The exact list (docnum, phrase frequency) of a phrase (words joined by
  // spaces) of three words or more in an index whose word pairs carry
  // positions, from its pairs' lists `pair_keys` in phrase order (pair t of
  // an occurrence starting at s is at s + t): one pass over the pairs'
  // documents, cheaper than bounding candidates and verifying them (the
  // pairs of common words are a few bytes per document). From the phrase
  // cache when there; long lists are stored in it.
  absl::StatusOr<std::shared_ptr<const FrequencyList>> PhraseListFromPairs(
      const std::string& key, const std::vector<std::string>& pair_keys) const;
  // The phrase cache (see phrase_cache_): the list of `key` computed at the
  // current IndexVersion(), or nullptr.
  std::shared_ptr<const FrequencyList> LookupPhraseList(const std::string& key) const;
  void StorePhraseList(const std::string& key, std::shared_ptr<const FrequencyList> list) const;
  // What the index holds, for the phrase cache: any applied change moves it
  // (an upsert adds a docnum, a delete lowers the live count).
  std::pair<uint64_t, uint64_t> IndexVersion() const { return {docs_.size(), live_docs_}; }
  // Makes room for `bytes` in the list cache (REQUIRES: cache_mu_ held).
  void ReserveCache(size_t bytes) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(cache_mu_);
  uint32_t MaxDocnum() const { return static_cast<uint32_t>(docs_.size() - 1); }
  const DocInfo* Doc(uint32_t docnum) const {
    return docnum < docs_.size() && docs_[docnum].alive ? &docs_[docnum] : nullptr;
  }

  std::unique_ptr<RocksStore> store_;
  PostingLayout layout_ = PostingLayout::kMergedLists;
  size_t verify_all_below_ = 0;  // QueryIndexOptions::verify_all_below
  bool word_pairs_ = false;       // fixed at creation (kWordPairsKey)
  bool pair_positions_ = false;   // the pairs carry positions ("2")
  bool document_counts_ = false;  // "counts" has the dfs (kDocumentCountsKey)
  size_t last_batch_bytes_ = 0;  // WriteRun's reserve; guarded by writer_mu_
  StemMode stemming_ = StemMode::kNone;  // fixed at creation (kStemmingKey)
  // Decoded frequency lists of recently searched terms. The writer erases
  // the terms of each batch while holding mu_ exclusively, so an entry always
  // matches the stored list for readers (who hold mu_ shared).
  size_t list_cache_budget_ = 0;  // QueryIndexOptions::list_cache_bytes
  mutable absl::Mutex cache_mu_;
  mutable absl::flat_hash_map<std::string, std::shared_ptr<const FrequencyList>> list_cache_
      ABSL_GUARDED_BY(cache_mu_);
  mutable absl::flat_hash_map<std::string, std::shared_ptr<const std::string>> positional_cache_
      ABSL_GUARDED_BY(cache_mu_);
  mutable absl::flat_hash_map<std::string, uint64_t> df_cache_ ABSL_GUARDED_BY(cache_mu_);
  mutable size_t list_cache_bytes_ ABSL_GUARDED_BY(cache_mu_) = 0;
  // Exact lists of expensive phrases (see CachedPhraseList), each valid for
  // the IndexVersion() it was computed at; at most a quarter of
  // list_cache_budget_, apart from the lists above.
  struct CachedPhrase {
    std::pair<uint64_t, uint64_t> version;
    std::shared_ptr<const FrequencyList> list;
  };
  size_t phrase_cache_after_ = 0;  // QueryIndexOptions::phrase_cache_after
  mutable absl::flat_hash_map<std::string, CachedPhrase> phrase_cache_ ABSL_GUARDED_BY(cache_mu_);
  mutable size_t phrase_cache_bytes_ ABSL_GUARDED_BY(cache_mu_) = 0;
  // Phrases whose last search verified many candidates, with the version.
  mutable absl::flat_hash_map<std::string, std::pair<uint64_t, uint64_t>> expensive_phrases_
      ABSL_GUARDED_BY(cache_mu_);
  absl::Mutex writer_mu_;  // serializes ApplyChange
  // The writer's postings of the run being written; kept between runs for
  // its word dictionary (posting_accumulator.h). Guarded by writer_mu_.
  std::unique_ptr<PostingAccumulator> accumulator_;
  // Aliases known to be stored (entity_id "\0" alias as given), so that
  // their keys are not normalized and put again; bounded by
  // kMaxRememberedAliases. Guarded by writer_mu_.
  static constexpr size_t kMaxRememberedAliases = 1 << 20;
  absl::flat_hash_set<std::string> aliases_stored_;
  // Guards the in-memory tables below; ApplyChange holds it exclusively only
  // while writing its batch, readers hold it shared for a whole call, so a
  // reader sees a change entirely or not at all.
  mutable absl::Mutex mu_;
  std::vector<DocInfo> docs_;  // by docnum; [0] unused
  std::vector<std::string> source_names_;
  std::unordered_map<std::string, uint32_t> source_ids_;
  uint64_t live_docs_ = 0;
  uint64_t total_length_ = 0;
  std::atomic<uint64_t> cursor_{0};
};

uint32_t InternSource(const std::string& source, std::vector<std::string>* names,
                      std::unordered_map<std::string, uint32_t>* ids) {
  auto it = ids->find(source);
  if (it != ids->end()) return it->second;
  uint32_t id = static_cast<uint32_t>(names->size());
  names->push_back(source);
  (*ids)[source] = id;
  return id;
}

std::string EncodeDocMeta(const DocInfo& info, const std::string& source) {
  std::string out(1, '\x01');
  Encoder enc(&out);
  enc.PutVarint32(info.length);
  enc.PutSignedVarint64(info.day);
  enc.PutString(source);
  return out;
}

absl::StatusOr<std::unique_ptr<QueryIndex>> QueryIndexImpl::OpenImpl(
    const QueryIndexOptions& options) {
  StoreOptions store_options;
  store_options.path = options.path;
  store_options.block_cache_bytes = options.block_cache_bytes;
  store_options.sync_writes = options.sync_writes;
  store_options.write_ahead_log = options.write_ahead_log || options.sync_writes;
  // A restarted query service answers at once: its first searches do not
  // each load the index and filter blocks of the files they touch (through
  // gRPC, p99 of every query class 0.2-2 ms lower, docs/BENCHMARKS.md).
  store_options.open_all_files = true;
  const PostingLayout layout = options.layout;
  for (const char* name : k::kColumnFamilyNames) {
    ColumnFamilySpec spec;
    spec.name = name;
    if (std::string_view(name) == "counts") {
      spec.configure = [](rocksdb::ColumnFamilyOptions* cf) {
        cf->merge_operator = NewCounterMergeOperator();
        auto* table = cf->table_factory->GetOptions<rocksdb::BlockBasedTableOptions>();
        rocksdb::BlockBasedTableOptions copy = table ? *table : rocksdb::BlockBasedTableOptions();
        copy.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
        cf->table_factory.reset(rocksdb::NewBlockBasedTableFactory(copy));
      };
    } else if (std::string_view(name) == "postings") {
      spec.configure = [layout](rocksdb::ColumnFamilyOptions* cf) {
        auto* table = cf->table_factory->GetOptions<rocksdb::BlockBasedTableOptions>();
        rocksdb::BlockBasedTableOptions copy = table ? *table : rocksdb::BlockBasedTableOptions();
        copy.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
        if (layout == PostingLayout::kKeyPerPosting) {
          // Bloom filters over terms (the key up to '\0'), not whole keys.
          cf->prefix_extractor = NewTermPrefixExtractor();
          cf->memtable_prefix_bloom_size_ratio = 0.05;
          copy.whole_key_filtering = false;
        } else {
          cf->merge_operator = NewPostingListMergeOperator();
          // A batch's operands arrive in key order (PostingAccumulator::Emit):
          // each memtable insert starts from the previous one of its family
          // (first key byte) instead of the skip list's head. callgrind:
          // memtable inserts -26% of their instructions (docs/BENCHMARKS.md).
          cf->memtable_insert_with_hint_prefix_extractor.reset(
              rocksdb::NewFixedPrefixTransform(1));
          cf->memtable_whole_key_filtering = true;
          cf->memtable_prefix_bloom_size_ratio = 0.05;
          // LZ4 at every level: a search reads a common term's list as one
          // block of up to a megabyte, and ZSTD's decompression was the
          // largest part of a cold phrase search once its dfs came from
          // counters (p99 through gRPC about 0.8 ms lower, the build 4 %
          // faster; 11 % more disk; docs/BENCHMARKS.md).
          cf->bottommost_compression = rocksdb::kLZ4Compression;
        }
        cf->table_factory.reset(rocksdb::NewBlockBasedTableFactory(copy));
      };
    } else {
      const bool docs = std::string_view(name) == "docs";
      spec.configure = [docs](rocksdb::ColumnFamilyOptions* cf) {
        auto* table = cf->table_factory->GetOptions<rocksdb::BlockBasedTableOptions>();
        rocksdb::BlockBasedTableOptions copy = table ? *table : rocksdb::BlockBasedTableOptions();
        copy.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
        cf->table_factory.reset(rocksdb::NewBlockBasedTableFactory(copy));
        // Most keys are a tag and an increasing number (docnums, dates): an
        // insert starts from the previous one with its tag, as in postings.
        cf->memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));
        if (docs) {
          // Stored documents (a few KB each) go to blob files, so compactions
          // of the small records around them do not rewrite the texts.
          cf->enable_blob_files = true;
          cf->min_blob_size = 1024;
          cf->blob_compression_type = rocksdb::kLZ4Compression;
          cf->enable_blob_garbage_collection = true;
        }
      };
    }
    store_options.column_families.push_back(std::move(spec));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<RocksStore> store, RocksStore::Open(store_options));
  auto index = std::unique_ptr<QueryIndexImpl>(new QueryIndexImpl());
  index->layout_ = layout;
  index->verify_all_below_ = options.verify_all_below;
  index->list_cache_budget_ = options.list_cache_bytes;
  index->phrase_cache_after_ = options.phrase_cache_after;
  ASSIGN_OR_RETURN(std::optional<std::string> stored_layout, store->Get(k::kDefaultCf, kLayoutKey));
  const std::string layout_value(1, static_cast<char>('0' + static_cast<int>(layout)));
  if (stored_layout && *stored_layout != layout_value) {
    return absl::FailedPreconditionError(absl::StrCat(
        "query index at ", options.path, " was created with posting layout ", *stored_layout,
        ", not ", layout_value));
  }
  if (!stored_layout) {
    WriteBatch batch = store->NewWriteBatch();
    batch.Put(k::kDefaultCf, kLayoutKey, layout_value);
    if (options.word_pairs) {
      batch.Put(k::kDefaultCf, kWordPairsKey, options.pair_positions ? "2" : "1");
    }
    if (options.stemming != StemMode::kNone) {
      batch.Put(k::kDefaultCf, kStemmingKey, std::string(StemModeName(options.stemming)));
    }
    if (options.document_counts && layout == PostingLayout::kMergedLists) {
      batch.Put(k::kDefaultCf, kDocumentCountsKey, "1");
    }
    RETURN_IF_ERROR(store->Write(batch));
  }
  ASSIGN_OR_RETURN(std::optional<std::string> word_pairs, store->Get(k::kDefaultCf, kWordPairsKey));
  if (word_pairs && *word_pairs != "1" && *word_pairs != "2") {
    return absl::FailedPreconditionError(absl::StrCat(
        "query index at ", options.path, " was created with unknown word-pair postings \"",
        *word_pairs, "\""));
  }
  index->word_pairs_ = word_pairs.has_value();
  index->pair_positions_ = word_pairs.has_value() && *word_pairs == "2";
  ASSIGN_OR_RETURN(std::optional<std::string> counts,
                   store->Get(k::kDefaultCf, kDocumentCountsKey));
  if (counts && *counts != "1") {
    return absl::FailedPreconditionError(absl::StrCat(
        "query index at ", options.path, " was created with unknown document counts \"", *counts,
        "\""));
  }
  index->document_counts_ = counts.has_value();
  ASSIGN_OR_RETURN(std::optional<std::string> stemming, store->Get(k::kDefaultCf, kStemmingKey));
  if (stemming && !ParseStemMode(*stemming, &index->stemming_)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "query index at ", options.path, " was created with unknown stemming \"", *stemming,
        "\""));
  }
  index->accumulator_ =
      std::make_unique<PostingAccumulator>(!index->word_pairs_    ? WordPairs::kNone
                                           : index->pair_positions_ ? WordPairs::kPositions
                                                                    : WordPairs::kCounts,
                                           index->stemming_);
  ASSIGN_OR_RETURN(std::optional<std::string> cursor, store->Get(k::kDefaultCf, k::kCursorKey));
  if (cursor && cursor->size() == 8) index->cursor_ = ReadBigEndian64(*cursor);
  index->docs_.resize(1);
  auto it = store->NewIterator(k::kDocsCf, "m");
  for (it->Seek("m"); it->Valid(); it->Next()) {
    std::string_view key = it->key();
    if (key.size() != 5) continue;
    uint32_t docnum = ReadBigEndian32(key.substr(1));
    std::string_view value = it->value();
    if (value.empty() || value[0] != '\x01') return absl::DataLossError("bad doc meta record");
    Decoder dec(value.substr(1));
    DocInfo info;
    int64_t day = 0;
    std::string source;
    dec.GetVarint32(&info.length);
    dec.GetSignedVarint64(&day);
    dec.GetString(&source);
    if (!dec.ok()) return absl::DataLossError("bad doc meta record");
    info.day = static_cast<int32_t>(day);
    info.alive = true;
    info.source = InternSource(source, &index->source_names_, &index->source_ids_);
    if (index->docs_.size() <= docnum) index->docs_.resize(docnum + 1);
    index->docs_[docnum] = info;
    ++index->live_docs_;
    index->total_length_ += info.length;
  }
  RETURN_IF_ERROR(it->status());
  ASSIGN_OR_RETURN(std::optional<std::string> next, store->Get(k::kDefaultCf, k::kNextDocnumKey));
  if (next && next->size() == 8) {
    uint64_t next_docnum = ReadBigEndian64(*next);
    if (index->docs_.size() < next_docnum) index->docs_.resize(next_docnum);
  }
  index->store_ = std::move(store);
  return std::unique_ptr<QueryIndex>(std::move(index));
}

void QueryIndexImpl::FinishPostings(PostingWriter* writer,
                                    PackedStrings* touched) const {
  WriteBatch* batch = writer->batch;
  if (layout_ == PostingLayout::kMergedLists) {
    // A "w" term's df changes by its added postings minus its removed ones
    // (Emit hands both over together, removals first, in key order).
    std::string counted;
    int64_t delta = 0;
    auto count = [&](std::string_view term, int64_t change) {
      if (!document_counts_ || !k::IsRankingTerm(term)) return;
      if (term != counted) {
        if (delta != 0) batch->Merge(k::kCountsCf, counted, CounterDelta(delta));
        counted.assign(term);
        delta = 0;
      }
      delta += change;
    };
    writer->postings.Emit(
        [&](std::string_view term, const std::vector<uint32_t>& docnums) {
          batch->Merge(k::kPostingsCf, term, MergeDeleteOperand(docnums));
          touched->Add(term);
          count(term, -static_cast<int64_t>(docnums.size()));
        },
        [&](std::string_view term, std::string_view operand) {
          batch->Merge(k::kPostingsCf, term, operand);
          touched->Add(term);
          uint64_t added = 0;
          // Emit's own fragment: well formed; a failure would count 0.
          CountMergedEntries(operand.substr(1), &added);
          count(term, static_cast<int64_t>(added));
        });
    if (delta != 0) batch->Merge(k::kCountsCf, counted, CounterDelta(delta));
    return;
  }
  writer->postings.Emit(
      [batch, touched](std::string_view term, const std::vector<uint32_t>& docnums) {
        for (uint32_t docnum : docnums) batch->Delete(k::kPostingsCf, k::PostingKey(term, docnum));
        touched->Add(term);
      },
      [batch, touched](std::string_view term, std::string_view operand) {
        // The accumulator made this fragment itself: it is well formed.
        ForEachFragmentPosting(operand.substr(1), [batch, term](uint32_t docnum,
                                                                std::string_view entry) {
          batch->Put(k::kPostingsCf, k::PostingKey(term, docnum), entry);
        });
        touched->Add(term);
      });
}

absl::StatusOr<PostingList> QueryIndexImpl::LoadPostings(const std::string& term) const {
  PostingList list;
  if (term.find('\0') != std::string::npos) return list;
  if (layout_ == PostingLayout::kMergedLists) {
    ASSIGN_OR_RETURN(std::optional<std::string> value, store_->Get(k::kPostingsCf, term));
    if (value && !DecodeMergedList(std::move(*value), &list)) {
      return absl::DataLossError(absl::StrCat("corrupt posting list for a term of ", term.size(),
                                              " bytes"));
    }
    return list;
  }
  const std::string prefix = k::PostingPrefix(term);
  auto it = store_->NewIterator(k::kPostingsCf, prefix);
  std::string buffer;
  std::vector<std::pair<uint32_t, std::pair<size_t, size_t>>> spans;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    std::string_view key = it->key();
    if (key.size() != prefix.size() + 4) continue;
    std::string_view value = it->value();
    spans.push_back({ReadBigEndian32(key.substr(prefix.size())), {buffer.size(), value.size()}});
    buffer.append(value);
  }
  RETURN_IF_ERROR(it->status());
  list.buffers.push_back(std::move(buffer));
  const std::string& stored = list.buffers.back();
  list.postings.reserve(spans.size());
  for (const auto& [docnum, span] : spans) {
    Posting posting;
    if (!DecodePostingEntry(std::string_view(stored).substr(span.first, span.second), docnum,
                            &posting)) {
      return absl::DataLossError("corrupt posting entry");
    }
    list.postings.push_back(posting);
  }
  return list;
}

// ---------------------------------------------------------------- writing

absl::Status QueryIndexImpl::RemoveVersion(
    uint32_t docnum, PostingWriter* postings,
    std::map<std::string, std::pair<int64_t, EntityType>>* entity_deltas) {
  ASSIGN_OR_RETURN(std::optional<std::string> forward,
                   store_->Get(k::kDocsCf, k::DocnumKey('f', docnum)));
  if (forward) {
    Decoder dec(*forward);
    uint64_t terms = 0, aux = 0;
    dec.GetVarint64(&terms);
    for (uint64_t i = 0; i < terms && dec.ok(); ++i) {
      std::string term;
      if (dec.GetString(&term)) postings->postings.Remove(term, docnum);
    }
    dec.GetVarint64(&aux);
    for (uint64_t i = 0; i < aux && dec.ok(); ++i) {
      uint32_t cf = 0;
      std::string key;
      if (dec.GetVarint32(&cf) && dec.GetString(&key) && cf < 4) {
        postings->batch->Delete(static_cast<ColumnFamily>(cf), key);
      }
    }
    if (!dec.ok()) return absl::DataLossError("corrupt forward record");
  }
  // Word, positional and pair terms are not in the forward record (they
  // would make it as large as the postings): they are derived again from the
  // stored text, by the same tokenizer. Should a tokenizer change make this
  // miss some, the leftovers name a dead docnum, which every search skips.
  // (Indexes written before this listed "w" and "p" terms in the forward
  // record too; removing a posting twice is harmless.)
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   store_->Get(k::kDocsCf, k::DocnumKey('n', docnum)));
  if (stored) {
    ASSIGN_OR_RETURN(DocumentAnnotations doc, DecodeDocumentAnnotations(*stored));
    const auto [title, body] = IndexedSections(doc);
    absl::flat_hash_set<std::string> keys;
    for (std::string_view section : {title, body}) {
      const std::vector<std::string> terms = TextTerms(section);
      for (size_t i = 0; i < terms.size(); ++i) {
        if (keys.insert(k::PositionsTerm(terms[i])).second) keys.insert(RankingTerm(terms[i]));
        if (word_pairs_ && i + 1 < terms.size()) keys.insert(k::WordPairTerm(terms[i], terms[i + 1]));
      }
    }
    for (const std::string& key : keys) postings->postings.Remove(key, docnum);
  }
  ASSIGN_OR_RETURN(std::optional<std::string> entities,
                   store_->Get(k::kDocsCf, k::DocnumKey('x', docnum)));
  if (entities) {
    std::vector<DocEntityEntry> list;
    if (!DecodeDocEntities(*entities, &list)) return absl::DataLossError("corrupt entity list");
    for (const DocEntityEntry& e : list) {
      auto& delta = (*entity_deltas)[e.id];
      delta.first -= 1;
      delta.second = e.type;
    }
  }
  for (char tag : {'n', 'm', 'f', 'x'}) {
    postings->batch->Delete(k::kDocsCf, k::DocnumKey(tag, docnum));
  }
  return absl::OkStatus();
}

void PrepareVersion(const std::string& doc_id, const DocumentAnnotations& doc,
                    PreparedVersion* out) {
  const auto [title, body] = IndexedSections(doc);
  GatherDocumentWords(title, body, &out->words);

  // Entities: the per-document list, completed by mentions linked to an id.
  std::map<std::string, EntityInDoc> entities;
  for (const DocumentEntity& e : doc.entities) {
    if (e.entity_id.empty()) continue;
    EntityInDoc& in = entities[e.entity_id];
    in.name = e.canonical_name;
    in.type = e.type;
    in.mentions = e.mention_count;
    in.aliases = e.aliases;
  }
  std::map<std::string, uint32_t> type_counts;
  std::map<std::string, uint32_t> mention_counts;
  for (const Mention& m : doc.mentions) {
    ++type_counts[std::string(EntityTypeName(m.type))];
    if (m.entity_id.empty()) continue;
    ++mention_counts[m.entity_id];
    auto [it, inserted] = entities.try_emplace(m.entity_id);
    if (inserted) {
      it->second.name = m.text;
      it->second.type = m.type;
    }
  }
  for (auto& [id, in] : entities) {
    if (in.mentions == 0) in.mentions = std::max<uint32_t>(1, mention_counts[id]);
    type_counts.try_emplace(std::string(EntityTypeName(in.type)), 1);
  }
  out->type_counts.assign(type_counts.begin(), type_counts.end());
  out->entities.clear();
  out->alias_keys.clear();
  for (auto& [id, in] : entities) {
    if (id.find('\0') != std::string::npos) continue;  // no key can hold it
    std::vector<std::string>& keys = out->alias_keys.emplace_back();
    keys.push_back(AliasSeenKey(id, in.name));
    for (const std::string& alias : in.aliases) keys.push_back(AliasSeenKey(id, alias));
    out->entities.emplace_back(id, std::move(in));
  }
  out->entity_list.clear();
  Encoder list_enc(&out->entity_list);
  list_enc.PutVarint64(out->entities.size());
  for (const auto& [id, in] : out->entities) {
    list_enc.PutString(id);
    list_enc.PutString(in.name);
    list_enc.PutVarint32(static_cast<uint32_t>(in.type));
    list_enc.PutVarint32(in.mentions);
    list_enc.PutVarint64(in.aliases.size());
    for (const std::string& a : in.aliases) list_enc.PutString(a);
  }
  const std::optional<int32_t> day = ParseLeadingDay(doc.published_date);
  out->day = day ? *day : k::kUnknownDay;

  out->role_records.clear();
  for (size_t i = 0; i < doc.roles.size() && i < 65535; ++i) {
    const Role& r = doc.roles[i];
    if (r.person_entity_id.empty() || r.person_entity_id.find('\0') != std::string::npos) continue;
    std::string record(1, '\x01');
    Encoder enc(&record);
    enc.PutString(r.title);
    enc.PutString(r.normalized_title);
    enc.PutString(r.organization);
    enc.PutString(r.organization_entity_id);
    enc.PutString(doc_id);
    enc.PutString(doc.published_date);
    enc.PutSignedVarint64(out->day);
    out->role_records.emplace_back(i, std::move(record));
  }

  out->quote_records.clear();
  std::map<std::string, uint32_t> quote_terms;
  for (size_t i = 0; i < doc.quotes.size() && i < 65535; ++i) {
    const Quote& q = doc.quotes[i];
    std::string& record = out->quote_records.emplace_back(1, '\x01');
    Encoder enc(&record);
    enc.PutString(q.text);
    enc.PutString(q.speaker_entity_id);
    enc.PutString(q.speaker_name);
    enc.PutVarint32(q.begin);
    enc.PutVarint32(q.end);
    enc.PutString(doc_id);
    enc.PutString(doc.title);
    enc.PutString(doc.published_date);
    for (std::string& term : TextTerms(q.text)) ++quote_terms[std::move(term)];
  }
  out->quote_terms.assign(quote_terms.begin(), quote_terms.end());

  out->source = absl::AsciiStrToLower(doc.source);
  if (doc.doc_id == doc_id) {
    out->stored = EncodeDocumentAnnotations(doc);
  } else {
    DocumentAnnotations copy = doc;
    copy.doc_id = doc_id;
    out->stored = EncodeDocumentAnnotations(copy);
  }
}

absl::Status QueryIndexImpl::AddVersion(
    uint32_t docnum, const std::string& doc_id, const DocumentAnnotations& doc,
    const PreparedVersion& prepared, PostingWriter* postings,
    std::map<std::string, std::pair<int64_t, EntityType>>* entity_deltas, DocInfo* info,
    std::string* source) {
  WriteBatch* batch = postings->batch;
  std::vector<std::string> posting_terms;
  std::vector<std::pair<ColumnFamily, std::string>> aux_keys;
  auto put_aux = [&](ColumnFamily cf, std::string key, std::string_view value) {
    batch->Put(cf, key, value);
    aux_keys.emplace_back(cf, std::move(key));
  };

  // Words with positions: the title, then the body (with word pairs, none
  // spanning the two). They stay out of the forward record: RemoveVersion
  // derives them from the stored text.
  PostingAccumulator& accumulator = postings->postings;
  accumulator.BeginDocument(docnum);
  uint32_t position = 0;
  const DocumentWords& words = prepared.words;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i == words.title_words) {
      accumulator.BreakPairs();
      position += kTitleBodyGap;
    }
    accumulator.AddWord(words.word(i), position++);
  }
  const uint32_t length = accumulator.EndDocument();

  info->day = prepared.day;
  for (size_t e = 0; e < prepared.entities.size(); ++e) {
    const auto& [id, in] = prepared.entities[e];
    std::string term = k::EntityTerm(id);
    accumulator.AddTerm(term, docnum, in.mentions);
    posting_terms.push_back(std::move(term));
    // Alias keys are never removed, so one Put per alias is enough; an
    // entity's aliases recur in document after document, and normalizing
    // them again cost about a tenth of indexing.
    for (const std::string& seen : prepared.alias_keys[e]) {
      if (aliases_stored_.contains(seen) || !postings->aliases_written.insert(seen).second) continue;
      const std::string name = NormalizeName(std::string_view(seen).substr(id.size() + 1));
      if (name.empty()) continue;
      batch->Put(k::kEntitiesCf, k::AliasKey(name, id), "");
    }
    auto& delta = (*entity_deltas)[id];
    delta.first += 1;
    delta.second = in.type;
  }
  for (const auto& [type, count] : prepared.type_counts) {
    std::string term = k::TypeTerm(type);
    accumulator.AddTerm(term, docnum, count);
    posting_terms.push_back(std::move(term));
  }

  // Roles.
  for (const auto& [i, record] : prepared.role_records) {
    put_aux(k::kEntitiesCf,
            k::RoleKey(doc.roles[i].person_entity_id, docnum, static_cast<uint16_t>(i)), record);
  }

  // Quotes: newest-first lists, per speaker and overall, and quote words.
  std::string record;
  for (size_t i = 0; i < prepared.quote_records.size(); ++i) {
    const Quote& q = doc.quotes[i];
    record = prepared.quote_records[i];
    Encoder(&record).PutVarint32(docnum);
    const uint16_t index = static_cast<uint16_t>(i);
    put_aux(k::kEntitiesCf, k::AllQuoteKey(info->day, docnum, index), record);
    if (!q.speaker_entity_id.empty() && q.speaker_entity_id.find('\0') == std::string::npos) {
      put_aux(k::kEntitiesCf, k::SpeakerQuoteKey(q.speaker_entity_id, info->day, docnum, index),
              record);
    }
  }
  for (const auto& [word, count] : prepared.quote_terms) {
    std::string term = k::QuoteTerm(word);
    accumulator.AddTerm(term, docnum, count);
    posting_terms.push_back(std::move(term));
  }

  // The document itself and its bookkeeping.
  info->length = length;
  info->alive = true;
  *source = prepared.source;
  batch->Put(k::kDocsCf, k::DocnumKey('n', docnum), prepared.stored);
  batch->Put(k::kDocsCf, k::DocnumKey('m', docnum), EncodeDocMeta(*info, *source));
  batch->Put(k::kDocsCf, k::DocnumKey('x', docnum), prepared.entity_list);
  std::string forward;
  Encoder fwd(&forward);
  fwd.PutVarint64(posting_terms.size());
  for (const std::string& t : posting_terms) fwd.PutString(t);
  fwd.PutVarint64(aux_keys.size());
  for (const auto& [cf, key] : aux_keys) {
    fwd.PutVarint32(static_cast<uint32_t>(cf));
    fwd.PutString(key);
  }
  batch->Put(k::kDocsCf, k::DocnumKey('f', docnum), forward);
  std::string docnum_value;
  AppendBigEndian32(&docnum_value, docnum);
  batch->Put(k::kDocsCf, k::DocIdKey(doc_id), docnum_value);
  return absl::OkStatus();
}

absl::Status QueryIndexImpl::ApplyChanges(const std::vector<AnnotationChange>& changes) {
  absl::MutexLock writer(&writer_mu_);
  for (size_t i = 0; i < changes.size(); ++i) {
    if (changes[i].sequence == 0) {
      return absl::InvalidArgumentError(absl::StrCat("changes[", i, "].sequence: must be > 0"));
    }
    if (changes[i].doc_id.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("changes[", i, "].doc_id: empty"));
    }
  }
  std::vector<const AnnotationChange*> run;
  std::unordered_set<std::string> run_ids;
  uint64_t last = cursor();
  for (const AnnotationChange& change : changes) {
    if (change.sequence <= last) continue;  // already applied
    last = change.sequence;
    if (run_ids.count(change.doc_id)) {
      RETURN_IF_ERROR(ApplyRun(run));
      run.clear();
      run_ids.clear();
    }
    run.push_back(&change);
    run_ids.insert(change.doc_id);
  }
  if (!run.empty()) RETURN_IF_ERROR(ApplyRun(run));
  return absl::OkStatus();
}

absl::Status QueryIndexImpl::ApplyRun(const std::vector<const AnnotationChange*>& run) {
  absl::Status status = WriteRun(run);
  // A failed run's postings must not leak into the next one (which reuses
  // its docnums).
  if (!status.ok()) accumulator_->Discard();
  return status;
}

absl::Status QueryIndexImpl::WriteRun(const std::vector<const AnnotationChange*>& run) {
  // Sized like the last batch: catching up, each is tens of MB, and growing
  // the buffer by doubling copied it and faulted in fresh pages each time.
  WriteBatch batch = store_->NewWriteBatch(last_batch_bytes_ + last_batch_bytes_ / 8);
  PostingWriter postings(&batch, accumulator_.get());
  std::map<std::string, std::pair<int64_t, EntityType>> entity_deltas;
  struct MemoryUpdate {
    std::optional<uint32_t> old_docnum;
    bool upsert = false;
    uint32_t new_docnum = 0;
    DocInfo info;
    std::string source;
  };
  std::vector<MemoryUpdate> updates;
  uint64_t next_docnum = docs_.size();  // only the writer grows docs_
  // The upserts' PreparedVersions: computed on a helper thread ahead of this
  // one for a long run (catching up), here for a short one.
  std::vector<const AnnotationChange*> upserts;
  for (const AnnotationChange* change : run) {
    if (change->kind == AnnotationChange::Kind::kUpsert) upserts.push_back(change);
  }
  std::optional<ComputedAhead<PreparedVersion>> prepared_ahead;
  if (upserts.size() >= kMinRunForPreparingAhead) {
    prepared_ahead.emplace(upserts.size(), [&upserts](size_t i, PreparedVersion* out) {
      PrepareVersion(upserts[i]->doc_id, upserts[i]->annotations, out);
    });
  }
  PreparedVersion prepared_here;
  size_t upsert = 0;
  for (const AnnotationChange* change : run) {
    MemoryUpdate update;
    ASSIGN_OR_RETURN(std::optional<std::string> old_docnum_value,
                     store_->Get(k::kDocsCf, k::DocIdKey(change->doc_id)));
    if (old_docnum_value && old_docnum_value->size() == 4) {
      update.old_docnum = ReadBigEndian32(*old_docnum_value);
      RETURN_IF_ERROR(RemoveVersion(*update.old_docnum, &postings, &entity_deltas));
    }
    if (change->kind == AnnotationChange::Kind::kUpsert) {
      if (next_docnum >= 0xffffffffull) return absl::ResourceExhaustedError("docnums exhausted");
      update.upsert = true;
      update.new_docnum = static_cast<uint32_t>(next_docnum++);
      const PreparedVersion* prepared = &prepared_here;
      if (prepared_ahead) {
        prepared = &prepared_ahead->Get(upsert);
      } else {
        PrepareVersion(change->doc_id, change->annotations, &prepared_here);
      }
      ++upsert;
      RETURN_IF_ERROR(AddVersion(update.new_docnum, change->doc_id, change->annotations, *prepared,
                                 &postings, &entity_deltas, &update.info, &update.source));
    } else {
      batch.Delete(k::kDocsCf, k::DocIdKey(change->doc_id));
    }
    for (const auto& [old_id, new_id] : change->entity_redirects) {
      if (old_id == new_id || old_id.empty() || new_id.empty()) continue;
      batch.Put(k::kEntitiesCf, k::RedirectKey(old_id), new_id);
      batch.Put(k::kEntitiesCf, k::ReverseRedirectKey(new_id, old_id), "");
    }
    updates.push_back(std::move(update));
  }
  // The terms the batch wrote, for the caches: ~200,000 of them in a
  // catching-up batch, where a string each was a visible cost.
  PackedStrings touched;
  FinishPostings(&postings, &touched);
  // Entity document counts and the per-type totals of entities in use.
  std::map<std::string, int64_t> type_deltas;
  for (const auto& [id, delta] : entity_deltas) {
    if (delta.first == 0) continue;
    ASSIGN_OR_RETURN(std::optional<std::string> value,
                     store_->Get(k::kEntitiesCf, k::EntityCountKey(id)));
    int64_t count = 0;
    EntityType type = delta.second;
    if (value && value->size() == 9) {
      count = static_cast<int64_t>(ReadBigEndian64(*value));
      type = static_cast<EntityType>((*value)[8]);
    }
    const int64_t updated = std::max<int64_t>(0, count + delta.first);
    if (count == 0 && updated > 0) ++type_deltas[std::string(EntityTypeName(type))];
    if (count > 0 && updated == 0) --type_deltas[std::string(EntityTypeName(type))];
    if (updated == 0) {
      batch.Delete(k::kEntitiesCf, k::EntityCountKey(id));
    } else {
      std::string record = Fixed64Value(static_cast<uint64_t>(updated));
      record.push_back(static_cast<char>(type));
      batch.Put(k::kEntitiesCf, k::EntityCountKey(id), record);
    }
  }
  for (const auto& [type, delta] : type_deltas) {
    if (delta == 0) continue;
    ASSIGN_OR_RETURN(std::optional<std::string> value,
                     store_->Get(k::kEntitiesCf, k::TypeCountKey(type)));
    int64_t count = value && value->size() == 8 ? static_cast<int64_t>(ReadBigEndian64(*value)) : 0;
    batch.Put(k::kEntitiesCf, k::TypeCountKey(type),
              Fixed64Value(static_cast<uint64_t>(std::max<int64_t>(0, count + delta))));
  }
  const uint64_t sequence = run.back()->sequence;
  batch.Put(k::kDefaultCf, k::kCursorKey, Fixed64Value(sequence));
  batch.Put(k::kDefaultCf, k::kNextDocnumKey, Fixed64Value(next_docnum));

  absl::MutexLock lock(&mu_);
  RETURN_IF_ERROR(store_->Write(batch));
  last_batch_bytes_ = std::min<size_t>(batch.ByteSize(), kMaxReservedBatchBytes);
  if (aliases_stored_.size() + postings.aliases_written.size() > kMaxRememberedAliases) {
    aliases_stored_.clear();
  }
  aliases_stored_.merge(postings.aliases_written);
  {
    absl::MutexLock cache_lock(&cache_mu_);
    if (layout_ == PostingLayout::kKeyPerPosting) {
      list_cache_.clear();  // its writes are not gathered per term
      positional_cache_.clear();
      df_cache_.clear();
      list_cache_bytes_ = 0;
    }
    const bool cached = !list_cache_.empty() || !df_cache_.empty() || !positional_cache_.empty();
    for (size_t i = 0; cached && i < touched.size(); ++i) {
      const absl::string_view term(touched[i].data(), touched[i].size());
      auto it = list_cache_.find(term);
      if (it != list_cache_.end()) {
        list_cache_bytes_ -= it->second->docnums.size() * 2 * sizeof(uint32_t) + term.size() + 64;
        list_cache_.erase(it);
      }
      auto dit = df_cache_.find(term);
      if (dit != df_cache_.end()) df_cache_.erase(dit);
      auto pit = positional_cache_.find(term);
      if (pit != positional_cache_.end()) {
        list_cache_bytes_ -= pit->second->size() + term.size() + 64;
        positional_cache_.erase(pit);
      }
    }
  }
  docs_.resize(next_docnum);
  for (MemoryUpdate& u : updates) {
    if (u.old_docnum && *u.old_docnum < docs_.size() && docs_[*u.old_docnum].alive) {
      DocInfo& old = docs_[*u.old_docnum];
      old.alive = false;
      --live_docs_;
      total_length_ -= old.length;
    }
    if (u.upsert) {
      u.info.source = InternSource(u.source, &source_names_, &source_ids_);
      docs_[u.new_docnum] = u.info;
      ++live_docs_;
      total_length_ += u.info.length;
    }
  }
  cursor_.store(sequence, std::memory_order_release);
  return absl::OkStatus();
}

// ---------------------------------------------------------------- entities

absl::StatusOr<std::string> QueryIndexImpl::FollowRedirects(const std::string& id) const {
  std::string current = id;
  for (int hops = 0; hops < 32; ++hops) {
    ASSIGN_OR_RETURN(std::optional<std::string> next,
                     store_->Get(k::kEntitiesCf, k::RedirectKey(current)));
    if (!next || *next == current) return current;
    current = *next;
  }
  return current;  // a cycle: stop somewhere stable
}

absl::StatusOr<std::vector<std::vector<std::string>>> QueryIndexImpl::ResolveEntity(
    std::string_view value) const {
  std::vector<std::string> candidates;
  const std::string id(value);
  if (id.find('\0') == std::string::npos) {
    ASSIGN_OR_RETURN(std::optional<std::string> count,
                     store_->Get(k::kEntitiesCf, k::EntityCountKey(id)));
    ASSIGN_OR_RETURN(std::optional<std::string> redirect,
                     store_->Get(k::kEntitiesCf, k::RedirectKey(id)));
    if (count || redirect) candidates.push_back(id);
  }
  if (candidates.empty()) {
    const std::string name = NormalizeName(value);
    if (!name.empty()) {
      const std::string prefix = k::IdPrefix('a', name);
      auto it = store_->NewIterator(k::kEntitiesCf, prefix);
      for (it->Seek(prefix); it->Valid(); it->Next()) {
        std::string found(it->key().substr(prefix.size()));
        // The dictionary is never pruned: keep ids still in use.
        ASSIGN_OR_RETURN(std::optional<std::string> count,
                         store_->Get(k::kEntitiesCf, k::EntityCountKey(found)));
        ASSIGN_OR_RETURN(std::optional<std::string> redirect,
                         store_->Get(k::kEntitiesCf, k::RedirectKey(found)));
        if (count || redirect) candidates.push_back(found);
      }
      RETURN_IF_ERROR(it->status());
    }
  }
  std::vector<std::vector<std::string>> result;
  std::set<std::string> roots;
  for (const std::string& candidate : candidates) {
    ASSIGN_OR_RETURN(std::string root, FollowRedirects(candidate));
    if (!roots.insert(root).second) continue;
    std::vector<std::string> ids = {root};
    std::set<std::string> seen = {root};
    for (size_t i = 0; i < ids.size() && ids.size() < 1000; ++i) {
      const std::string prefix = k::IdPrefix('R', ids[i]);
      auto it = store_->NewIterator(k::kEntitiesCf, prefix);
      for (it->Seek(prefix); it->Valid(); it->Next()) {
        std::string old_id(it->key().substr(prefix.size()));
        if (seen.insert(old_id).second) ids.push_back(old_id);
      }
      RETURN_IF_ERROR(it->status());
    }
    result.push_back(std::move(ids));
  }
  return result;
}

// ---------------------------------------------------------------- search

absl::StatusOr<Filters> QueryIndexImpl::CombineFilters(const ParsedQuery& parsed,
                                                       const SearchQuery& query) const {
  Filters f;
  f.entities = parsed.filters.entities;
  f.types = parsed.filters.types;
  f.sources = parsed.filters.sources;
  f.after_day = parsed.filters.after_day;
  f.before_day = parsed.filters.before_day;
  for (size_t i = 0; i < query.entities.size(); ++i) {
    if (query.entities[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat("entities[", i, "]: empty"));
    }
    f.entities.push_back(query.entities[i]);
  }
  for (size_t i = 0; i < query.types.size(); ++i) {
    std::optional<EntityType> type = ParseEntityType(absl::AsciiStrToUpper(query.types[i]));
    if (!type || *type == EntityType::kUnknown) {
      return absl::InvalidArgumentError(
          absl::StrCat("types[", i, "]: unknown entity type \"", query.types[i], "\""));
    }
    f.types.push_back(*type);
  }
  for (size_t i = 0; i < query.sources.size(); ++i) {
    if (query.sources[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat("sources[", i, "]: empty"));
    }
    f.sources.push_back(absl::AsciiStrToLower(query.sources[i]));
  }
  if (!query.after.empty()) {
    std::optional<int32_t> day = ParseDay(query.after);
    if (!day) return absl::InvalidArgumentError("after: bad date (want YYYY, YYYY-MM or YYYY-MM-DD)");
    f.after_day = f.after_day ? std::max(*f.after_day, *day) : *day;
  }
  if (!query.before.empty()) {
    std::optional<int32_t> day = ParseDay(query.before);
    if (!day) return absl::InvalidArgumentError("before: bad date (want YYYY, YYYY-MM or YYYY-MM-DD)");
    f.before_day = f.before_day ? std::min(*f.before_day, *day) : *day;
  }
  return f;
}

// ---------------------------------------------------------------- evaluation
//
// A query is evaluated in two steps:
//  1. Candidates, from frequency lists only (CollectCandidates): documents
//     that pass every filter and hold, for each AND-ed group, all words of at
//     least one of its clauses. The walk starts from the smallest group or
//     filter list and probes the others with galloping cursors, so a rare
//     word or entity bounds the work. Single-word clauses are scored exactly.
//     A phrase whose words are all present is pending: its frequency is at
//     most the smallest tf of its words, which gives an upper bound.
//  2. Verification of pending candidates against positional postings
//     (Verify), read only for those candidates.
// Search verifies pending candidates lazily, best upper bound first, and
// stops once no unverified candidate can enter the page (MaxScore-style
// pruning: the page is exact, total_size is then an estimate). Timeline and
// SearchQuery::exact_total verify every candidate.

// A galloping cursor over an ascending docnum list; targets must not decrease.
class DocCursor {
 public:
  explicit DocCursor(const std::vector<uint32_t>* docs) : docs_(docs) {}
  // True when `target` is in the list; *index is then its index.
  bool Seek(uint32_t target, size_t* index) {
    const std::vector<uint32_t>& d = *docs_;
    // The usual step in a walk over common words: the next entry.
    if (pos_ < d.size() && d[pos_] < target) ++pos_;
    if (pos_ < d.size() && d[pos_] < target) {
      size_t lo = pos_;
      size_t step = 1;
      while (lo + step < d.size() && d[lo + step] < target) {
        lo += step;
        step *= 2;
      }
      const size_t hi = std::min(d.size(), lo + step + 1);
      pos_ = static_cast<size_t>(std::lower_bound(d.begin() + lo + 1, d.begin() + hi, target) -
                                 d.begin());
    }
    if (pos_ < d.size() && d[pos_] == target) {
      *index = pos_;
      return true;
    }
    return false;
  }

 private:
  const std::vector<uint32_t>* docs_;
  size_t pos_ = 0;
};

// A word or phrase of the query, resolved to the evaluation's word lists.
struct PlanClause {
  std::vector<size_t> words;  // indexes into Evaluation::words, in phrase order
  // The lists a document must be in to be a candidate, the smallest tf of
  // which bounds the clause's frequency: its word, or a phrase's word pairs
  // (its words in an index without pairs).
  std::vector<size_t> lists;
  bool exact = false;  // that smallest tf is the frequency (a word, a pair)
  double idf = 0;      // the sum of its words' idf (required clauses)
  size_t group = 0;    // its AND-ed group (required clauses)
  int phrase = -1;     // its bit in Candidate::pending / excluded_pending
};

struct Candidate {
  uint32_t docnum = 0;
  uint32_t length = 0;  // the document's length in words (scoring in Verify)
  uint32_t occurrences = 0;
  double score = 0;  // exact contributions so far
  double bound = 0;  // score plus the upper bounds of pending phrases
  uint64_t pending = 0;           // required phrases still to verify
  uint64_t excluded_pending = 0;  // excluded phrases still to verify
  uint64_t groups = 0;            // groups known to match
  bool certain() const { return pending == 0 && excluded_pending == 0; }
};

struct Evaluation {
  // Distinct words (required ones first, in df order), then word pairs and
  // cached phrase lists (both "").
  std::vector<std::string> terms;
  std::vector<std::string> keys;     // their posting keys
  std::vector<std::shared_ptr<const FrequencyList>> words;  // their lists
  std::vector<PlanClause> clauses;   // required, group by group
  std::vector<PlanClause> excluded_words;
  std::vector<PlanClause> excluded_phrases;
  std::vector<std::vector<uint32_t>> filters;  // entity and type filters
  uint64_t full_groups = 0;
  double avg_length = 0;
  std::vector<Candidate> candidates;  // pending (not certain) ones, ascending docnum
  std::vector<std::string> phrase_keys;  // the phrases verified per candidate
  // Positional lists of the phrase words (by term), and where each
  // candidate's entry is in them: position_offsets[i * position_columns +
  // position_column[w]] for candidates[i] and term w (kNoEntry if absent).
  // A candidate's offsets share a cache line (one miss, not one per word).
  std::vector<std::shared_ptr<const std::string>> position_lists;
  std::vector<int> position_column;  // by term; -1 when not read
  size_t position_columns = 0;
  std::vector<uint32_t> position_offsets;
  std::vector<Posting> postings;               // scratch of Verify
  std::vector<const Posting*> posting_ptrs;    // scratch of Verify (into postings)
  std::vector<std::vector<uint32_t>> scratch;  // decoded positions
};

// Occurrences of a phrase whose word t (or word pair t) has posting
// *postings[t]: the starts s where it is at s + t for every t. Starts come
// from the list with the fewest positions and are filtered list by list, each
// list's positions read in one pass that stops after the last start still
// alive.
uint32_t PhraseFrequency(const std::vector<const Posting*>& postings,
                         std::vector<std::vector<uint32_t>>* scratch) {
  if (postings.size() == 2) {
    // The common case (a three-word phrase's two pairs, a two-word phrase's
    // words): one merge of the two position streams, nothing stored.
    PositionReader first(*postings[0]), second(*postings[1]);
    uint32_t a = 0, b = 0;
    bool more_a = first.Next(&a), more_b = second.Next(&b);
    uint32_t freq = 0;
    while (more_a && more_b) {
      if (b < a + 1) {
        more_b = second.Next(&b);
      } else if (b > a + 1) {
        more_a = first.Next(&a);
      } else {
        ++freq;
        more_a = first.Next(&a);
        more_b = second.Next(&b);
      }
    }
    return freq;
  }
  size_t lead = 0;
  for (size_t t = 0; t < postings.size(); ++t) {
    if (postings[t]->tf < postings[lead]->tf) lead = t;
  }
  scratch->resize(1);
  std::vector<uint32_t>& starts = (*scratch)[0];
  starts.clear();
  PositionReader lead_reader(*postings[lead]);
  for (uint32_t at = 0; lead_reader.Next(&at);) {
    if (at >= lead) starts.push_back(at - static_cast<uint32_t>(lead));
  }
  for (size_t t = 0; t < postings.size() && !starts.empty(); ++t) {
    if (t == lead) continue;
    PositionReader reader(*postings[t]);
    uint32_t at = 0;
    bool more = reader.Next(&at);
    size_t kept = 0;
    for (uint32_t start : starts) {
      const uint32_t want = start + static_cast<uint32_t>(t);
      while (more && at < want) more = reader.Next(&at);
      if (!more) break;
      if (at == want) starts[kept++] = start;
    }
    starts.resize(kept);
  }
  return static_cast<uint32_t>(starts.size());
}

absl::StatusOr<ListBytes> QueryIndexImpl::LoadPostingBytes(const std::string& term,
                                                           const ReadMode& mode) const {
  ListBytes bytes;
  if (term.find('\0') != std::string::npos) return bytes;
  if (layout_ == PostingLayout::kMergedLists) {
    ASSIGN_OR_RETURN(bytes.pinned, store_->GetPinned(k::kPostingsCf, term, mode));
    return bytes;
  }
  const std::string prefix = k::PostingPrefix(term);
  auto it = store_->NewIterator(k::kPostingsCf, prefix);
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    std::string_view key = it->key();
    if (key.size() != prefix.size() + 4) continue;
    AppendToFragment(ReadBigEndian32(key.substr(prefix.size())), it->value(), &bytes.assembled);
  }
  RETURN_IF_ERROR(it->status());
  return bytes;
}

absl::StatusOr<std::shared_ptr<const FrequencyList>> QueryIndexImpl::LoadFrequencies(
    const std::string& term) const {
  {
    absl::MutexLock lock(&cache_mu_);
    auto it = list_cache_.find(term);
    if (it != list_cache_.end()) return it->second;
  }
  ASSIGN_OR_RETURN(ListBytes bytes, LoadPostingBytes(term));
  auto list = std::make_shared<FrequencyList>();
  if (!DecodeMergedFrequencies(bytes.view(), list.get())) {
    return absl::DataLossError(absl::StrCat("corrupt posting list for a term of ", term.size(),
                                            " bytes"));
  }
  // Short lists decode fast enough; long ones are worth keeping.
  const size_t bytes_used = list->docnums.size() * 2 * sizeof(uint32_t) + term.size() + 64;
  if (list->docnums.size() >= kMinCachedPostings && bytes_used <= list_cache_budget_) {
    absl::MutexLock lock(&cache_mu_);
    ReserveCache(bytes_used);
    if (list_cache_.emplace(term, list).second) list_cache_bytes_ += bytes_used;
  }
  return std::shared_ptr<const FrequencyList>(std::move(list));
}

absl::StatusOr<uint64_t> QueryIndexImpl::DocumentFrequency(const std::string& term) const {
  {
    absl::MutexLock lock(&cache_mu_);
    auto it = df_cache_.find(term);
    if (it != df_cache_.end()) return it->second;
  }
  uint64_t count = 0;
  {
    absl::MutexLock lock(&cache_mu_);
    auto it = list_cache_.find(term);
    if (it != list_cache_.end()) count = it->second->docnums.size();
  }
  if (count == 0 && document_counts_ && k::IsRankingTerm(term)) {
    // One small record instead of the list: a common word's list is
    // hundreds of KB, and reading it cold cost a phrase search about a
    // millisecond per word (docs/BENCHMARKS.md).
    ASSIGN_OR_RETURN(std::optional<std::string> stored, store_->Get(k::kCountsCf, term));
    if (stored) {
      std::optional<int64_t> counted = DecodeCounter(*stored);
      if (!counted) {
        return absl::DataLossError(
            absl::StrCat("corrupt document count for a term of ", term.size(), " bytes"));
      }
      // Below zero only if a tokenizer change made a delete remove postings
      // its document never had; the list holds none of them either.
      count = static_cast<uint64_t>(std::max<int64_t>(0, *counted));
    }
  } else if (count == 0) {
    // Only the count: decoding (and caching) the list of a phrase's common
    // word, which word pairs make unnecessary, cost a millisecond and
    // evicted lists that searches do use.
    ASSIGN_OR_RETURN(ListBytes bytes, LoadPostingBytes(term));
    if (!CountMergedEntries(bytes.view(), &count)) {
      return absl::DataLossError(
          absl::StrCat("corrupt posting list for a term of ", term.size(), " bytes"));
    }
  }
  if (list_cache_budget_ > 0) {
    absl::MutexLock lock(&cache_mu_);
    if (df_cache_.size() >= kMaxCachedCounts) df_cache_.clear();
    df_cache_.emplace(term, count);
  }
  return count;
}

void QueryIndexImpl::ReserveCache(size_t bytes) const {
  if (list_cache_bytes_ + bytes <= list_cache_budget_) return;
  // Evict entries in hash order (an arbitrary, roughly random choice) until
  // half the budget is free: hot lists usually survive, unlike clearing all.
  // Frequency lists go first: one decodes again from the block cache in
  // about a millisecond, where a common word's positional list is merged
  // from operands and copied (megabytes) or, cold, decompressed.
  const size_t target = list_cache_budget_ / 2;
  for (auto it = list_cache_.begin();
       it != list_cache_.end() && list_cache_bytes_ + bytes > target;) {
    list_cache_bytes_ -= it->second->docnums.size() * 2 * sizeof(uint32_t) + it->first.size() + 64;
    list_cache_.erase(it++);
  }
  for (auto it = positional_cache_.begin();
       it != positional_cache_.end() && list_cache_bytes_ + bytes > target;) {
    list_cache_bytes_ -= it->second->size() + it->first.size() + 64;
    positional_cache_.erase(it++);
  }
}

absl::StatusOr<std::shared_ptr<const std::string>> QueryIndexImpl::LoadPositionalList(
    const std::string& term) const {
  {
    absl::MutexLock lock(&cache_mu_);
    auto it = positional_cache_.find(term);
    if (it != positional_cache_.end()) return it->second;
  }
  // Without checksums: these lists are megabytes for common words, and
  // RocksDB's software CRC32C of every block read from a file cost
  // milliseconds; the list's decoder checks its own bounds.
  ReadMode mode;
  mode.verify_checksums = false;
  ASSIGN_OR_RETURN(ListBytes bytes, LoadPostingBytes(term, mode));
  // A copy even of a pinned value: a common word's list is usually merged
  // from operands in several files, which RocksDB redoes on every read.
  auto list = std::make_shared<const std::string>(bytes.view());
  const size_t bytes_used = list->size() + term.size() + 64;
  // Only long lists: reading them costs milliseconds (merging, copies).
  if (list->size() >= kMinCachedPositionalBytes && bytes_used <= list_cache_budget_ / 2) {
    absl::MutexLock lock(&cache_mu_);
    ReserveCache(bytes_used);
    if (positional_cache_.emplace(term, list).second) list_cache_bytes_ += bytes_used;
  }
  return list;
}

void QueryIndexImpl::MarkExpensivePhrases(const std::vector<std::string>& keys) const {
  if (phrase_cache_after_ == 0 || list_cache_budget_ == 0) return;
  absl::MutexLock lock(&cache_mu_);
  if (expensive_phrases_.size() + keys.size() > kMaxCachedCounts) expensive_phrases_.clear();
  for (const std::string& key : keys) expensive_phrases_[key] = IndexVersion();
}

std::shared_ptr<const FrequencyList> QueryIndexImpl::LookupPhraseList(
    const std::string& key) const {
  absl::MutexLock lock(&cache_mu_);
  auto it = phrase_cache_.find(key);
  if (it == phrase_cache_.end()) return nullptr;
  if (it->second.version == IndexVersion()) return it->second.list;
  phrase_cache_bytes_ -= it->second.list->docnums.size() * 2 * sizeof(uint32_t) + key.size() + 64;
  phrase_cache_.erase(it);
  return nullptr;
}

void QueryIndexImpl::StorePhraseList(const std::string& key,
                                     std::shared_ptr<const FrequencyList> list) const {
  const size_t bytes_used = list->docnums.size() * 2 * sizeof(uint32_t) + key.size() + 64;
  const size_t budget = list_cache_budget_ / 4;
  if (bytes_used > budget) return;
  absl::MutexLock lock(&cache_mu_);
  // When full, evict in hash order (roughly random) until half is free.
  const bool full = phrase_cache_bytes_ + bytes_used > budget;
  for (auto it = phrase_cache_.begin();
       full && it != phrase_cache_.end() && phrase_cache_bytes_ + bytes_used > budget / 2;) {
    phrase_cache_bytes_ -=
        it->second.list->docnums.size() * 2 * sizeof(uint32_t) + it->first.size() + 64;
    phrase_cache_.erase(it++);
  }
  if (phrase_cache_.emplace(key, CachedPhrase{IndexVersion(), std::move(list)}).second) {
    phrase_cache_bytes_ += bytes_used;
  }
}

absl::StatusOr<std::shared_ptr<const FrequencyList>> QueryIndexImpl::PhraseListFromPairs(
    const std::string& key, const std::vector<std::string>& pair_keys) const {
  if (auto cached = LookupPhraseList(key)) return cached;
  // Without checksums, as LoadPositionalList; pinned, not copied: each list
  // is read once here.
  ReadMode mode;
  mode.verify_checksums = false;
  std::vector<ListBytes> bytes(pair_keys.size());
  size_t lead = 0;
  for (size_t t = 0; t < pair_keys.size(); ++t) {
    ASSIGN_OR_RETURN(bytes[t], LoadPostingBytes(pair_keys[t], mode));
    if (bytes[t].view().size() < bytes[lead].view().size()) lead = t;
  }
  auto list = std::make_shared<FrequencyList>();
  if (bytes.size() == 2) {  // a three-word phrase
    if (!AdjacentFrequencies(bytes[0].view(), bytes[1].view(), list.get())) {
      return absl::DataLossError("corrupt word-pair posting list");
    }
    if (list->docnums.size() >= kMinCachedPostings) StorePhraseList(key, list);
    return std::shared_ptr<const FrequencyList>(std::move(list));
  }
  // The walk follows the shortest list (fewest bytes, roughly the fewest
  // documents); the others are skipped forward to each of its documents.
  std::vector<MergedListCursor> cursors;
  cursors.reserve(pair_keys.size());
  for (const ListBytes& b : bytes) cursors.emplace_back(b.view());
  // An entry takes at least 4 bytes (docnum, length, tf, count).
  list->docnums.reserve(bytes[lead].view().size() / 4);
  list->tfs.reserve(bytes[lead].view().size() / 4);
  std::vector<Posting> postings(pair_keys.size());
  std::vector<const Posting*> pointers(pair_keys.size());
  for (size_t t = 0; t < postings.size(); ++t) pointers[t] = &postings[t];
  std::vector<std::vector<uint32_t>> scratch;
  MergedListCursor& driver = cursors[lead];
  for (uint32_t target = 0; driver.SeekAtLeast(target); target = driver.docnum() + 1) {
    const uint32_t d = driver.docnum();
    bool all = true;
    for (size_t t = 0; t < cursors.size() && all; ++t) {
      all = cursors[t].SeekAtLeast(d) && cursors[t].docnum() == d && cursors[t].Entry(&postings[t]);
    }
    if (!all) {
      if (std::any_of(cursors.begin(), cursors.end(),
                      [](const MergedListCursor& c) { return !c.ok(); })) {
        break;
      }
      continue;
    }
    const uint32_t freq = PhraseFrequency(pointers, &scratch);
    if (freq == 0) continue;
    list->docnums.push_back(d);
    list->tfs.push_back(freq);
  }
  for (const MergedListCursor& c : cursors) {
    if (!c.ok()) return absl::DataLossError("corrupt word-pair posting list");
  }
  // Short lists are cheap to compute again; long ones are worth keeping.
  if (list->docnums.size() >= kMinCachedPostings) StorePhraseList(key, list);
  return std::shared_ptr<const FrequencyList>(std::move(list));
}

absl::StatusOr<std::shared_ptr<const FrequencyList>> QueryIndexImpl::CachedPhraseList(
    const std::string& key, const std::vector<std::string>& position_keys,
    const std::vector<const FrequencyList*>& lists) const {
  if (auto cached = LookupPhraseList(key)) return cached;
  const auto version = IndexVersion();
  {
    absl::MutexLock lock(&cache_mu_);
    auto mark = expensive_phrases_.find(key);
    if (mark == expensive_phrases_.end()) return nullptr;
    const bool current = mark->second == version;
    expensive_phrases_.erase(mark);
    if (!current) return nullptr;
  }
  // The second expensive search of the phrase: one pass over every document
  // with all its lists, in docnum order (the cheap order, see Search).
  std::vector<uint32_t> docnums;
  if (!lists.empty()) {
    size_t lead = 0;
    for (size_t i = 1; i < lists.size(); ++i) {
      if (lists[i]->docnums.size() < lists[lead]->docnums.size()) lead = i;
    }
    std::vector<DocCursor> others;
    for (size_t i = 0; i < lists.size(); ++i) {
      if (i != lead) others.emplace_back(&lists[i]->docnums);
    }
    size_t at = 0;
    for (uint32_t d : lists[lead]->docnums) {
      bool all = true;
      for (DocCursor& o : others) all = all && o.Seek(d, &at);
      if (all) docnums.push_back(d);
    }
  }
  const size_t n = position_keys.size();
  std::vector<std::shared_ptr<const std::string>> positional(n);
  std::vector<uint32_t> offsets(docnums.size() * n);
  for (size_t t = 0; t < n; ++t) {
    ASSIGN_OR_RETURN(positional[t], LoadPositionalList(position_keys[t]));
    if (!FindMergedEntries(*positional[t], docnums, offsets.data() + t, n)) {
      return absl::DataLossError("corrupt positional posting list");
    }
  }
  auto list = std::make_shared<FrequencyList>();
  std::vector<Posting> postings(n);
  std::vector<const Posting*> pointers(n);
  std::vector<std::vector<uint32_t>> scratch;
  for (size_t i = 0; i < docnums.size(); ++i) {
    bool all = true;
    for (size_t t = 0; t < n && all; ++t) {
      const uint32_t offset = offsets[i * n + t];
      all = offset != kNoEntry && MergedEntryAt(*positional[t], offset, docnums[i], &postings[t]);
      pointers[t] = &postings[t];
    }
    if (!all) continue;
    const uint32_t freq = PhraseFrequency(pointers, &scratch);
    if (freq == 0) continue;
    list->docnums.push_back(docnums[i]);
    list->tfs.push_back(freq);
  }
  StorePhraseList(key, list);
  return std::shared_ptr<const FrequencyList>(std::move(list));
}

absl::Status QueryIndexImpl::CollectCandidates(const ParsedQuery& parsed, const Filters& filters,
                                               uint32_t bound, uint64_t live_docs,
                                               uint64_t total_length, std::vector<uint64_t>* df,
                                               Evaluation* ev,
                                               const std::function<void(const Candidate&)>& certain)
    const {
  if (parsed.required.size() > 64) {
    return absl::InvalidArgumentError("query: more than 64 AND-ed clauses");
  }
  // Distinct words: the positive ones in order of first appearance (the
  // order of df), then those only excluded. A word's list is its ranking
  // term's (its stem's in a stemmed index), a quoted single word's in a
  // stemmed index is its exact form's positional list (read for its tfs). A
  // phrase word keeps its surface form in ev->terms for the positional lists
  // and shares an entry with single words only when it is its own stem.
  std::unordered_map<std::string, size_t> term_index;
  auto word = [&](const QueryClause& clause, size_t t) {
    const std::string& surface = clause.terms[t];
    std::string key, term, identity;
    if (stemming_ != StemMode::kNone && clause.quoted && clause.terms.size() == 1) {
      key = k::PositionsTerm(surface);
      term = surface;
      identity = key;
    } else {
      key = RankingTerm(surface);
      term = clause.terms.size() == 1 ? key.substr(1) : surface;
      identity = key;
      if (term != key.substr(1)) identity.append(1, '\0').append(surface);
    }
    auto [it, inserted] = term_index.emplace(std::move(identity), ev->terms.size());
    if (inserted) {
      ev->terms.push_back(std::move(term));
      ev->keys.push_back(std::move(key));
    }
    return it->second;
  };
  for (const auto& group : parsed.required) {
    for (const QueryClause& clause : group) {
      for (size_t t = 0; t < clause.terms.size(); ++t) word(clause, t);
    }
  }
  const size_t required_terms = ev->terms.size();
  if (!df->empty() && df->size() != required_terms) {
    return absl::InvalidArgumentError("page_token: belongs to a different query");
  }
  for (const QueryClause& clause : parsed.excluded) {
    for (size_t t = 0; t < clause.terms.size(); ++t) word(clause, t);
  }
  // Word pairs of phrases, when the index has them.
  std::unordered_map<std::string, size_t> pair_index;
  auto pairs_of = [&](const QueryClause& clause) {
    std::vector<size_t> lists;
    for (size_t i = 0; i + 1 < clause.terms.size(); ++i) {
      std::string key = k::WordPairTerm(clause.terms[i], clause.terms[i + 1]);
      auto [it, inserted] = pair_index.emplace(key, ev->keys.size());
      if (inserted) {
        ev->terms.emplace_back();
        ev->keys.push_back(std::move(key));
      }
      lists.push_back(it->second);
    }
    return lists;
  };
  // The lists of a clause (REQUIRES: ev->words loaded). A longer phrase is
  // scored from its exact list, like a word, when its pairs carry positions
  // or when it has proven expensive (then from the cache).
  auto plan_lists = [&](const QueryClause& clause, PlanClause* plan) -> absl::Status {
    if (clause.terms.size() > 1 && word_pairs_) {
      plan->lists = pairs_of(clause);
      plan->exact = clause.terms.size() == 2;
    } else {
      plan->lists = plan->words;
      plan->exact = clause.terms.size() == 1;
    }
    if (plan->exact) return absl::OkStatus();
    std::string key = absl::StrJoin(clause.terms, " ");
    std::shared_ptr<const FrequencyList> exact;
    if (pair_positions_) {
      std::vector<std::string> pair_keys;
      for (size_t i : plan->lists) pair_keys.push_back(ev->keys[i]);
      ASSIGN_OR_RETURN(exact, PhraseListFromPairs(key, pair_keys));
    } else {
      std::vector<const FrequencyList*> lists;
      for (size_t w : plan->lists) lists.push_back(ev->words[w].get());
      std::vector<std::string> position_keys;
      for (size_t w : plan->words) position_keys.push_back(k::PositionsTerm(ev->terms[w]));
      ASSIGN_OR_RETURN(exact, CachedPhraseList(key, position_keys, lists));
    }
    if (exact) {
      plan->lists = {ev->words.size()};
      plan->exact = true;
      ev->terms.emplace_back();
      ev->keys.emplace_back();
      ev->words.push_back(std::move(exact));
    } else {
      ev->phrase_keys.push_back(std::move(key));
    }
    return absl::OkStatus();
  };
  if (word_pairs_) {  // every list is known before loading
    for (const auto& group : parsed.required) {
      for (const QueryClause& clause : group) pairs_of(clause);
    }
    for (const QueryClause& clause : parsed.excluded) pairs_of(clause);
  }
  // With pairs, the words of phrases are needed only for their df; with
  // pair positions, the pairs of longer phrases only for PhraseListFromPairs.
  std::vector<uint8_t> as_list(ev->keys.size(), 1);
  if (word_pairs_) {
    for (size_t i = 0; i < ev->terms.size(); ++i) {
      if (!ev->terms[i].empty() || pair_positions_) as_list[i] = 0;
    }
    if (pair_positions_) {
      for (const auto* clauses : {&parsed.excluded}) {
        for (const QueryClause& clause : *clauses) {
          if (clause.terms.size() == 2) as_list[pairs_of(clause)[0]] = 1;
        }
      }
      for (const auto& group : parsed.required) {
        for (const QueryClause& clause : group) {
          if (clause.terms.size() == 2) as_list[pairs_of(clause)[0]] = 1;
        }
      }
    }
    for (const auto& group : parsed.required) {
      for (const QueryClause& clause : group) {
        if (clause.terms.size() == 1) as_list[word(clause, 0)] = 1;
      }
    }
    for (const QueryClause& clause : parsed.excluded) {
      if (clause.terms.size() == 1) as_list[word(clause, 0)] = 1;
    }
  }
  static const auto* const kNoList = new std::shared_ptr<const FrequencyList>(
      std::make_shared<const FrequencyList>());
  ev->words.resize(ev->keys.size());
  for (size_t i = 0; i < ev->keys.size(); ++i) {
    if (as_list[i]) {
      ASSIGN_OR_RETURN(ev->words[i], LoadFrequencies(ev->keys[i]));
    } else {
      ev->words[i] = *kNoList;
    }
  }
  if (df->empty()) {
    for (size_t i = 0; i < required_terms; ++i) {
      if (as_list[i]) {
        df->push_back(ev->words[i]->docnums.size());
      } else {
        ASSIGN_OR_RETURN(uint64_t count, DocumentFrequency(ev->keys[i]));
        df->push_back(count);
      }
    }
  }
  const double n_docs = static_cast<double>(live_docs);
  ev->avg_length = live_docs ? static_cast<double>(total_length) / n_docs : 0;
  int phrases = 0;
  for (size_t g = 0; g < parsed.required.size(); ++g) {
    for (const QueryClause& clause : parsed.required[g]) {
      PlanClause plan;
      plan.group = g;
      for (size_t t = 0; t < clause.terms.size(); ++t) {
        const size_t i = word(clause, t);
        plan.words.push_back(i);
        plan.idf += Idf(n_docs, static_cast<double>((*df)[i]));
      }
      RETURN_IF_ERROR(plan_lists(clause, &plan));
      if (!plan.exact) plan.phrase = phrases++;
      ev->clauses.push_back(std::move(plan));
    }
  }
  int excluded_phrases = 0;
  for (const QueryClause& clause : parsed.excluded) {
    PlanClause plan;
    for (size_t t = 0; t < clause.terms.size(); ++t) plan.words.push_back(word(clause, t));
    if (plan.words.empty()) continue;
    RETURN_IF_ERROR(plan_lists(clause, &plan));
    if (plan.exact) {
      ev->excluded_words.push_back(std::move(plan));
    } else {
      plan.phrase = excluded_phrases++;
      ev->excluded_phrases.push_back(std::move(plan));
    }
  }
  if (phrases > 64 || excluded_phrases > 64) {
    return absl::InvalidArgumentError("query: more than 64 phrases");
  }
  ev->full_groups = parsed.required.empty()
                        ? 0
                        : (parsed.required.size() == 64 ? ~0ull
                                                        : (1ull << parsed.required.size()) - 1);

  // Entity and type filters: each is the union of its lists.
  if (filters.entities.size() + filters.types.size() > 200) {
    return absl::InvalidArgumentError("query: more than 200 entity and type filters");
  }
  for (const std::string& entity : filters.entities) {
    ASSIGN_OR_RETURN(auto resolved, ResolveEntity(entity));
    std::vector<uint32_t>& docs = ev->filters.emplace_back();
    size_t lists = 0;
    for (const auto& ids : resolved) {
      for (const std::string& id : ids) {
        ASSIGN_OR_RETURN(auto list, LoadFrequencies(k::EntityTerm(id)));
        docs.insert(docs.end(), list->docnums.begin(), list->docnums.end());
        ++lists;
      }
    }
    if (lists > 1) {
      std::sort(docs.begin(), docs.end());
      docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
    }
  }
  for (EntityType type : filters.types) {
    ASSIGN_OR_RETURN(auto list, LoadFrequencies(k::TypeTerm(EntityTypeName(type))));
    ev->filters.push_back(list->docnums);
  }
  std::vector<uint8_t> source_ok;
  if (!filters.sources.empty()) {
    source_ok.assign(source_names_.size(), 0);
    for (const std::string& s : filters.sources) {
      auto it = source_ids_.find(s);
      if (it != source_ids_.end()) source_ok[it->second] = 1;
    }
  }
  if (parsed.required.empty() && !filters.any()) {
    return absl::InvalidArgumentError("query: nothing to search for (no words and no filters)");
  }

  // Cursors, one per word and per filter.
  std::vector<DocCursor> word_cursors;
  word_cursors.reserve(ev->words.size());
  for (const auto& l : ev->words) word_cursors.emplace_back(&l->docnums);
  std::vector<DocCursor> filter_cursors;
  filter_cursors.reserve(ev->filters.size());
  for (const std::vector<uint32_t>& f : ev->filters) filter_cursors.emplace_back(&f);

  // A live document that passes the source and date filters.
  auto eligible = [&](uint32_t d) -> const DocInfo* {
    const DocInfo* info = Doc(d);
    if (info == nullptr) return nullptr;
    if (!source_ok.empty() && (info->source >= source_ok.size() || !source_ok[info->source])) {
      return nullptr;
    }
    if (filters.after_day && (info->day == k::kUnknownDay || info->day < *filters.after_day)) {
      return nullptr;
    }
    if (filters.before_day && (info->day == k::kUnknownDay || info->day >= *filters.before_day)) {
      return nullptr;
    }
    return info;
  };
  auto consider = [&](uint32_t d) {
    const DocInfo* info = eligible(d);
    if (info == nullptr) return;
    size_t at = 0;
    for (DocCursor& f : filter_cursors) {
      if (!f.Seek(d, &at)) return;
    }
    for (const PlanClause& c : ev->excluded_words) {
      if (word_cursors[c.lists[0]].Seek(d, &at)) return;
    }
    Candidate cand;
    cand.docnum = d;
    cand.length = info->length;
    uint64_t possible = 0;
    double pending_bound = 0;
    for (const PlanClause& c : ev->clauses) {
      uint32_t min_tf = std::numeric_limits<uint32_t>::max();
      bool all = true;
      for (size_t w : c.lists) {
        if (!word_cursors[w].Seek(d, &at)) {
          all = false;
          break;
        }
        min_tf = std::min(min_tf, ev->words[w]->tfs[at]);
      }
      if (!all) continue;
      const double s = Bm25(c.idf, min_tf, info->length, ev->avg_length);
      if (c.exact) {
        cand.score += s;
        cand.occurrences += min_tf;
        cand.groups |= 1ull << c.group;
      } else {
        cand.pending |= 1ull << c.phrase;
        pending_bound += s;
        possible |= 1ull << c.group;
      }
    }
    if (((cand.groups | possible) & ev->full_groups) != ev->full_groups) return;
    for (const PlanClause& c : ev->excluded_phrases) {
      bool all = true;
      for (size_t w : c.lists) all = all && word_cursors[w].Seek(d, &at);
      if (all) cand.excluded_pending |= 1ull << c.phrase;
    }
    // A tiny margin keeps the bound above the exact score despite rounding.
    if (cand.certain()) {
      cand.bound = cand.score;
      certain(cand);
      return;
    }
    cand.bound = (cand.score + pending_bound) * (1 + 1e-9);
    ev->candidates.push_back(cand);
  };

  // The walk starts from the smallest group (each clause estimated by its
  // rarest word) or filter list.
  size_t best = std::numeric_limits<size_t>::max();
  int lead_group = -1;
  int lead_filter = -1;
  for (size_t g = 0, c = 0; g < parsed.required.size(); ++g) {
    size_t estimate = 0;
    for (size_t i = 0; i < parsed.required[g].size(); ++i, ++c) {
      size_t rarest = std::numeric_limits<size_t>::max();
      for (size_t w : ev->clauses[c].lists) rarest = std::min(rarest, ev->words[w]->docnums.size());
      estimate += rarest;
    }
    if (estimate < best) {
      best = estimate;
      lead_group = static_cast<int>(g);
    }
  }
  for (size_t f = 0; f < ev->filters.size(); ++f) {
    if (ev->filters[f].size() < best) {
      best = ev->filters[f].size();
      lead_group = -1;
      lead_filter = static_cast<int>(f);
    }
  }
  bool any_pending = !ev->excluded_phrases.empty();
  for (const PlanClause& c : ev->clauses) any_pending = any_pending || !c.exact;
  if (any_pending) ev->candidates.reserve(std::min(best, docs_.size()));
  if (lead_filter >= 0) {
    for (uint32_t d : ev->filters[lead_filter]) {
      if (d > bound) break;
      consider(d);
    }
  } else if (lead_group >= 0) {
    // Documents holding every word of some clause of the group.
    std::vector<uint32_t> lead;
    size_t clauses_in_group = 0;
    for (const PlanClause& c : ev->clauses) {
      if (c.group == static_cast<size_t>(lead_group)) ++clauses_in_group;
    }
    for (const PlanClause& c : ev->clauses) {
      if (c.group != static_cast<size_t>(lead_group)) continue;
      size_t rarest = c.lists[0];
      for (size_t w : c.lists) {
        if (ev->words[w]->docnums.size() < ev->words[rarest]->docnums.size()) rarest = w;
      }
      if (clauses_in_group == 1 && parsed.required.size() == 1 && c.exact &&
          c.lists.size() == 1 && filter_cursors.empty() && ev->excluded_words.empty() &&
          ev->excluded_phrases.empty()) {
        // One word or exactly listed phrase and nothing else to check: its
        // list is scored in one walk, as consider() would (the common query
        // of one ubiquitous term walks ~100,000 documents here).
        const FrequencyList& list = *ev->words[rarest];
        for (size_t i = 0; i < list.docnums.size(); ++i) {
          const uint32_t d = list.docnums[i];
          if (d > bound) break;
          const DocInfo* info = eligible(d);
          if (info == nullptr) continue;
          Candidate cand;
          cand.docnum = d;
          cand.length = info->length;
          cand.score = Bm25(c.idf, list.tfs[i], info->length, ev->avg_length);
          cand.bound = cand.score;
          cand.occurrences = list.tfs[i];
          cand.groups = 1ull << c.group;
          certain(cand);
        }
        break;
      }
      if (clauses_in_group == 1) {
        // consider() probes the clause's other lists itself.
        for (uint32_t d : ev->words[rarest]->docnums) {
          if (d > bound) break;
          consider(d);
        }
        break;
      }
      std::vector<DocCursor> others;
      for (size_t w : c.lists) {
        if (w != rarest) others.emplace_back(&ev->words[w]->docnums);
      }
      size_t at = 0;
      for (uint32_t d : ev->words[rarest]->docnums) {
        if (d > bound) break;
        bool all = true;
        for (DocCursor& o : others) {
          if (!o.Seek(d, &at)) {
            all = false;
            break;
          }
        }
        if (all) lead.push_back(d);
      }
    }
    if (clauses_in_group > 1) {
      std::sort(lead.begin(), lead.end());
      lead.erase(std::unique(lead.begin(), lead.end()), lead.end());
    }
    for (uint32_t d : lead) consider(d);
  } else {
    for (uint32_t d = 1; d <= bound && d < docs_.size(); ++d) consider(d);
  }
  return absl::OkStatus();
}

absl::Status QueryIndexImpl::PreparePositions(Evaluation* ev) const {
  // Every candidate gets a row (those already verified from their texts
  // too), so a candidate's row is its index.
  if (ev->candidates.empty()) return absl::OkStatus();
  std::vector<uint32_t> docnums;
  docnums.reserve(ev->candidates.size());
  for (const Candidate& c : ev->candidates) docnums.push_back(c.docnum);
  ev->position_lists.resize(ev->terms.size());
  ev->position_column.assign(ev->terms.size(), -1);
  ev->position_columns = 0;
  for (const std::vector<PlanClause>* clauses : {&ev->clauses, &ev->excluded_phrases}) {
    for (const PlanClause& c : *clauses) {
      if (c.phrase < 0) continue;
      for (size_t w : c.words) {
        if (ev->position_column[w] < 0) {
          ev->position_column[w] = static_cast<int>(ev->position_columns++);
        }
      }
    }
  }
  ev->position_offsets.resize(docnums.size() * ev->position_columns);
  for (size_t w = 0; w < ev->terms.size(); ++w) {
    if (ev->position_column[w] < 0) continue;
    ASSIGN_OR_RETURN(ev->position_lists[w], LoadPositionalList(k::PositionsTerm(ev->terms[w])));
    if (!FindMergedEntries(*ev->position_lists[w], docnums,
                           ev->position_offsets.data() + ev->position_column[w],
                           ev->position_columns)) {
      return absl::DataLossError("corrupt positional posting list");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> QueryIndexImpl::Verify(Evaluation* ev, Candidate* c, bool from_text) const {
  std::vector<const Posting*>& postings = ev->posting_ptrs;
  std::vector<std::string> sections[2];  // from_text: the title's and the body's words
  if (from_text) {
    ASSIGN_OR_RETURN(std::optional<std::string> stored,
                     store_->Get(k::kDocsCf, k::DocnumKey('n', c->docnum)));
    if (!stored) return absl::DataLossError("document record missing for a posting");
    ASSIGN_OR_RETURN(DocumentAnnotations doc, DecodeDocumentAnnotations(*stored));
    const auto [title, body] = IndexedSections(doc);
    sections[0] = TextTerms(title);
    sections[1] = TextTerms(body);
  }
  // Occurrences of a phrase in the candidate; 0 when a word is missing.
  auto frequency = [&](const PlanClause& clause) -> uint32_t {
    if (from_text) {
      uint32_t freq = 0;
      const size_t n = clause.words.size();
      for (const std::vector<std::string>& words : sections) {
        for (size_t s = 0; s + n <= words.size(); ++s) {
          size_t t = 0;
          while (t < n && words[s + t] == ev->terms[clause.words[t]]) ++t;
          if (t == n) ++freq;
        }
      }
      return freq;
    }
    const std::vector<size_t>& lists = clause.words;
    ev->postings.resize(lists.size());
    postings.clear();
    const uint32_t* row =
        ev->position_offsets.data() + (c - ev->candidates.data()) * ev->position_columns;
    for (size_t t = 0; t < lists.size(); ++t) {
      const size_t w = lists[t];
      const uint32_t offset = row[ev->position_column[w]];
      // A malformed entry cannot be told apart from a missing word here; the
      // list was walked without error by FindMergedEntries.
      if (offset == kNoEntry ||
          !MergedEntryAt(*ev->position_lists[w], offset, c->docnum, &ev->postings[t])) {
        return 0;
      }
      postings.push_back(&ev->postings[t]);
    }
    return PhraseFrequency(postings, &ev->scratch);
  };
  for (const PlanClause& clause : ev->clauses) {
    if (clause.phrase < 0 || !(c->pending & (1ull << clause.phrase))) continue;
    const uint32_t freq = frequency(clause);
    if (freq == 0) continue;
    c->score += Bm25(clause.idf, freq, c->length, ev->avg_length);
    c->occurrences += freq;
    c->groups |= 1ull << clause.group;
  }
  c->pending = 0;
  c->bound = c->score;
  const uint64_t excluded = c->excluded_pending;
  c->excluded_pending = 0;
  for (const PlanClause& clause : ev->excluded_phrases) {
    if ((excluded & (1ull << clause.phrase)) && frequency(clause) > 0) return false;
  }
  return (c->groups & ev->full_groups) == ev->full_groups;
}

absl::StatusOr<std::vector<Match>> QueryIndexImpl::Evaluate(
    const ParsedQuery& parsed, const Filters& filters, uint32_t bound, uint64_t live_docs,
    uint64_t total_length, std::vector<uint64_t>* df) const {
  Evaluation ev;
  std::vector<Match> matches;
  RETURN_IF_ERROR(CollectCandidates(parsed, filters, bound, live_docs, total_length, df, &ev,
                                    [&matches](const Candidate& c) {
                                      matches.push_back({c.docnum, c.score, c.occurrences});
                                    }));
  const bool from_text = ev.candidates.size() <= kTextVerifyLimit;
  if (!from_text) RETURN_IF_ERROR(PreparePositions(&ev));
  for (Candidate& c : ev.candidates) {
    ASSIGN_OR_RETURN(bool matched, Verify(&ev, &c, from_text));
    if (matched) matches.push_back({c.docnum, c.score, c.occurrences});
  }
  std::sort(matches.begin(), matches.end(),
            [](const Match& a, const Match& b) { return a.docnum < b.docnum; });
  return matches;
}

uint64_t SearchFingerprint(const SearchQuery& q) {
  uint64_t h = Fnv1a(q.query);
  auto add = [&h](std::string_view s) {
    h = Fnv1a("\x1f", h);
    h = Fnv1a(s, h);
  };
  for (const auto& e : q.entities) add(e);
  add("|");
  for (const auto& t : q.types) add(t);
  add("|");
  for (const auto& s : q.sources) add(s);
  add(q.after);
  add(q.before);
  add(q.sort == SortOrder::kDate ? "date" : "relevance");
  return h;
}

absl::StatusOr<SearchResult> QueryIndexImpl::Search(const SearchQuery& query) const {
  int page_size = 0;
  RETURN_IF_ERROR(ValidatePageSize(query.page_size, &page_size));
  ASSIGN_OR_RETURN(ParsedQuery parsed, ParseQuery(query.query));
  ASSIGN_OR_RETURN(Filters filters, CombineFilters(parsed, query));
  const uint64_t fingerprint = SearchFingerprint(query);
  std::optional<PageToken> token;
  if (!query.page_token.empty()) {
    ASSIGN_OR_RETURN(token, DecodePageToken(query.page_token, fingerprint));
  }

  absl::ReaderMutexLock lock(&mu_);
  PageToken next;
  next.fingerprint = fingerprint;
  next.bound = token ? std::min(token->bound, MaxDocnum()) : MaxDocnum();
  next.live_docs = token ? token->live_docs : live_docs_;
  next.total_length = token ? token->total_length : total_length_;
  if (token) next.df = token->df;
  const bool by_date = query.sort == SortOrder::kDate;
  auto day_of = [this](uint32_t d) { return docs_[d].day; };
  // Strict order: relevance = (score desc, docnum asc); date = (day desc,
  // docnum desc).
  auto before = [&](const Match& a, const Match& b) {
    if (by_date) {
      int32_t da = day_of(a.docnum), db = day_of(b.docnum);
      if (da != db) return da > db;
      return a.docnum > b.docnum;
    }
    if (a.score != b.score) return a.score > b.score;
    return a.docnum < b.docnum;
  };
  // With a page token, only matches after the previous page's last one.
  Match last;
  if (token) {
    last.docnum = token->last_docnum;
    last.score = token->last_score;
  }
  auto eligible = [&](const Match& m) {
    if (!token) return true;
    if (by_date) {
      const int32_t dm = day_of(m.docnum);
      if (dm != token->last_day) return dm < token->last_day;
      return m.docnum < token->last_docnum;
    }
    return before(last, m);
  };

  // The best page_size + 1 eligible matches (one more tells whether a next
  // page exists), kept as a heap whose top is the worst of them.
  const size_t keep = static_cast<size_t>(page_size) + 1;
  std::vector<Match> best;
  best.reserve(keep);
  uint64_t total = 0;
  auto offer = [&](const Match& m) {
    if (best.size() == keep && !before(m, best.front())) return;
    if (!eligible(m)) return;
    if (best.size() < keep) {
      best.push_back(m);
      std::push_heap(best.begin(), best.end(), before);
    } else {
      std::pop_heap(best.begin(), best.end(), before);
      best.back() = m;
      std::push_heap(best.begin(), best.end(), before);
    }
  };
  Evaluation ev;
  RETURN_IF_ERROR(CollectCandidates(parsed, filters, next.bound, next.live_docs,
                                    next.total_length, &next.df, &ev,
                                    [&](const Candidate& c) {
                                      ++total;
                                      offer({c.docnum, c.score, c.occurrences});
                                    }));
  bool estimated = false;
  // The first few candidates are checked against their texts; when more
  // need checking, the positional lists are read once for all of them.
  size_t from_text = 0;
  size_t checked = 0;  // candidates verified, ahead or not
  auto verify = [&](Candidate* c) -> absl::StatusOr<bool> {
    ++checked;
    if (from_text == kTextVerifyLimit) {
      RETURN_IF_ERROR(PreparePositions(&ev));
      ++from_text;
    }
    if (from_text < kTextVerifyLimit) ++from_text;
    return Verify(&ev, c, from_text <= kTextVerifyLimit);
  };
  if (query.exact_total || ev.candidates.size() <= verify_all_below_) {
    if (ev.candidates.size() > kTextVerifyLimit) from_text = kTextVerifyLimit;  // lists at once
    for (Candidate& c : ev.candidates) {
      ASSIGN_OR_RETURN(bool matched, verify(&c));
      if (!matched) continue;
      ++total;
      offer({c.docnum, c.score, c.occurrences});
    }
  } else {
    // Best bound first; stop when the worst kept match ranks before the next
    // candidate's bound (its exact score can only be lower). Candidates are
    // ranked as compact copies in chunks that double in size: each chunk is
    // the best of the rest (nth_element, O(n)) sorted, so stopping early
    // costs a few linear passes instead of a full sort. `before` is a strict
    // total order, so candidates are taken in the order of a full sort.
    //
    // The first chunk is verified one candidate at a time (from the texts,
    // see kTextVerifyLimit). Later chunks are verified ahead, in docnum
    // order: visiting candidates in bound order jumps around the candidate
    // array, the offsets and megabytes of positional lists, and cache misses
    // made it ~3x slower per candidate than this forward pass. The outcomes
    // are then taken in bound order with the same stopping rule, so pages
    // and totals are those of one-at-a-time verification; candidates checked
    // ahead past the stopping point are ignored (counted as unverified).
    //
    // Each candidate is ranked by an integer key that orders like `before`
    // on its bound: nth_element and sort over ~100,000 candidates with the
    // general comparator took a third of such a search.
    struct Ranked {
      uint64_t major;  // bound (relevance) or day (date), best first
      uint32_t minor;  // docnum, in the order `before` breaks ties
      uint32_t index;  // into ev.candidates
    };
    std::vector<Ranked> ranked;
    ranked.reserve(ev.candidates.size());
    for (size_t i = 0; i < ev.candidates.size(); ++i) {
      const Candidate& c = ev.candidates[i];
      if (by_date) {
        const uint32_t day = static_cast<uint32_t>(day_of(c.docnum)) ^ 0x80000000u;
        ranked.push_back({~static_cast<uint64_t>(day), ~c.docnum, static_cast<uint32_t>(i)});
      } else {
        ranked.push_back({~OrderedBits(c.bound), c.docnum, static_cast<uint32_t>(i)});
      }
    }
    auto ranks_before = [](const Ranked& a, const Ranked& b) {
      return a.major != b.major ? a.major < b.major : a.minor < b.minor;
    };
    // (From the key: a candidate verified ahead has its exact score as its
    // bound by now.)
    auto stops_at = [&](const Ranked& r) {
      if (best.size() < keep) return false;
      Match bound;
      bound.docnum = ev.candidates[r.index].docnum;
      if (!by_date) bound.score = FromOrderedBits(~r.major);
      return before(best.front(), bound);
    };
    // By candidate, for chunks verified ahead.
    enum : uint8_t { kUnchecked = 0, kMatched, kFailed };
    std::vector<uint8_t> outcome;
    std::vector<uint32_t> ahead_indexes;  // of a chunk, ascending
    size_t verified = 0;
    size_t verified_matches = 0;
    size_t next = 0;  // ranked[0, next) taken
    size_t chunk = kTextVerifyLimit;
    bool stopped = false;
    while (next < ranked.size() && !stopped) {
      const auto first = ranked.begin() + static_cast<ptrdiff_t>(next);
      const auto chunk_end =
          ranked.begin() + static_cast<ptrdiff_t>(std::min(ranked.size(), next + chunk));
      if ((chunk_end - first) * 64 < ranked.end() - first) {
        // A small chunk of a long rest (the first, usually the only one):
        // a heap of the chunk sees most of the rest with one comparison.
        std::partial_sort(first, chunk_end, ranked.end(), ranks_before);
      } else {
        if (chunk_end != ranked.end()) {
          std::nth_element(first, chunk_end, ranked.end(), ranks_before);
        }
        std::sort(first, chunk_end, ranks_before);
      }
      auto last = chunk_end;
      const bool ahead = next > 0;
      if (ahead) {
        // The kept matches only get better, so whatever stops the walk now
        // stops it later too: no need to verify it.
        last = std::partition_point(first, last, [&](const Ranked& r) { return !stops_at(r); });
        if (outcome.empty()) outcome.assign(ev.candidates.size(), kUnchecked);
        ahead_indexes.clear();
        for (auto r = first; r != last; ++r) ahead_indexes.push_back(r->index);
        std::sort(ahead_indexes.begin(), ahead_indexes.end());  // docnum order
        for (uint32_t i : ahead_indexes) {
          ASSIGN_OR_RETURN(bool matched, verify(&ev.candidates[i]));
          outcome[i] = matched ? kMatched : kFailed;
        }
      }
      for (auto r = first; r != last; ++r) {
        if (stops_at(*r)) {
          stopped = true;
          break;
        }
        ++next;
        Candidate* c = &ev.candidates[r->index];
        bool matched = false;
        if (ahead) {
          matched = outcome[r->index] == kMatched;
        } else {
          ASSIGN_OR_RETURN(matched, verify(c));
        }
        ++verified;
        if (!matched) continue;
        ++total;
        ++verified_matches;
        offer({c->docnum, c->score, c->occurrences});
      }
      // A chunk cut short by the partition above ends the walk as well.
      if (last != chunk_end) stopped = true;
      chunk *= 2;
    }
    if (next < ranked.size()) {
      // The rest is estimated at the rate the verified ones matched (biased
      // up: those had the best bounds); with none verified, all of them.
      const double rest = static_cast<double>(ranked.size() - next);
      const double rate =
          verified ? static_cast<double>(verified_matches) / static_cast<double>(verified) : 1.0;
      total += static_cast<uint64_t>(std::llround(rest * rate));
      estimated = true;
    }
  }
  if (phrase_cache_after_ > 0 && checked >= phrase_cache_after_) {
    MarkExpensivePhrases(ev.phrase_keys);
  }
  std::sort_heap(best.begin(), best.end(), before);  // best first
  const bool more = best.size() > static_cast<size_t>(page_size);
  if (more) best.resize(page_size);
  const std::vector<Match>& matches = best;
  SearchResult result;
  result.total_size = total;
  result.total_size_exact = !estimated;

  // Exact forms for phrases and quoted words; stems for the words that
  // matched through them.
  std::unordered_set<std::string> highlight_terms;
  std::unordered_set<std::string> highlight_stems;
  for (const auto& group : parsed.required) {
    for (const QueryClause& c : group) {
      if (stemming_ != StemMode::kNone && c.terms.size() == 1 && !c.quoted) {
        highlight_stems.insert(RankingTerm(c.terms[0]).substr(1));
      } else {
        highlight_terms.insert(c.terms.begin(), c.terms.end());
      }
    }
  }
  for (const Match& m : matches) {
    ASSIGN_OR_RETURN(std::optional<std::string> stored,
                     store_->Get(k::kDocsCf, k::DocnumKey('n', m.docnum)));
    if (!stored) return absl::DataLossError("document record missing for a posting");
    ASSIGN_OR_RETURN(DocumentAnnotations doc, DecodeDocumentAnnotations(*stored));
    SearchHit hit;
    hit.doc_id = doc.doc_id;
    hit.title = doc.title;
    hit.source = doc.source;
    hit.url = doc.url;
    hit.published_date = doc.published_date;
    hit.score = m.score;
    if (query.snippet_tokens > 0) {
      hit.snippet = MakeSnippet(doc.text, doc.body_begin, doc.body_end, highlight_terms,
                                highlight_stems, stemming_, query.snippet_tokens);
    }
    for (const DocumentEntity& e : doc.entities) {
      hit.entities.push_back({e.entity_id, e.canonical_name, e.type, e.mention_count});
    }
    result.hits.push_back(std::move(hit));
  }
  if (more && !matches.empty()) {
    next.last_docnum = matches.back().docnum;
    next.last_score = matches.back().score;
    next.last_day = day_of(matches.back().docnum);
    result.next_page_token = EncodePageToken(next);
  }
  return result;
}

// ---------------------------------------------------------------- analytics

absl::StatusOr<std::vector<DocEntityEntry>> QueryIndexImpl::ReadDocEntities(uint32_t docnum) const {
  std::vector<DocEntityEntry> list;
  ASSIGN_OR_RETURN(std::optional<std::string> value,
                   store_->Get(k::kDocsCf, k::DocnumKey('x', docnum)));
  if (value && !DecodeDocEntities(*value, &list)) return absl::DataLossError("corrupt entity list");
  return list;
}

absl::StatusOr<std::map<uint32_t, uint64_t>> QueryIndexImpl::EntityDocs(
    const std::vector<std::string>& ids) const {
  std::map<uint32_t, uint64_t> docs;  // docnum -> mentions
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(PostingList list, LoadPostings(k::EntityTerm(id)));
    for (const Posting& p : list.postings) {
      if (Doc(p.docnum) != nullptr) docs[p.docnum] += p.tf;
    }
  }
  return docs;
}

absl::StatusOr<EntityProfile> QueryIndexImpl::GetEntityProfile(
    std::string_view id_or_name, const EntityProfileOptions& options) const {
  if (id_or_name.empty()) return absl::InvalidArgumentError("entity: empty");
  absl::ReaderMutexLock lock(&mu_);
  ASSIGN_OR_RETURN(auto resolved, ResolveEntity(id_or_name));
  // An ambiguous name picks the entity with the most documents.
  std::vector<std::string> ids;
  std::map<uint32_t, uint64_t> docs;
  for (auto& candidate : resolved) {
    ASSIGN_OR_RETURN(auto these, EntityDocs(candidate));
    if (!these.empty() && these.size() > docs.size()) {
      docs = std::move(these);
      ids = candidate;
    }
  }
  if (docs.empty()) {
    return absl::NotFoundError(
        absl::StrCat("entity: no document mentions \"", std::string(id_or_name), "\""));
  }
  EntityProfile profile;
  profile.entity_id = ids[0];
  profile.merged_ids.assign(ids.begin() + 1, ids.end());
  const std::set<std::string> own(ids.begin(), ids.end());

  // One pass over the entity's documents: its names and aliases, and the
  // entities seen with it (folded into their redirect roots, once per
  // document).
  struct Co {
    std::string name;
    EntityType type = EntityType::kUnknown;
    uint32_t last_docnum = 0;
    uint64_t together = 0;
  };
  std::map<std::string, Co> co;
  std::unordered_map<std::string, std::string> root_of;
  std::map<std::string, int> alias_counts;
  uint32_t name_docnum = 0;
  bool name_from_root = false;
  for (const auto& [docnum, mentions] : docs) {
    ASSIGN_OR_RETURN(std::vector<DocEntityEntry> list, ReadDocEntities(docnum));
    for (const DocEntityEntry& e : list) {
      if (own.count(e.id)) {
        // Name and type from the newest document, the root's own entry first.
        const bool is_root = e.id == ids[0];
        if (docnum > name_docnum || (docnum == name_docnum && is_root && !name_from_root)) {
          profile.canonical_name = e.name;
          profile.type = e.type;
          name_docnum = docnum;
          name_from_root = is_root;
        }
        std::set<std::string> names(e.aliases.begin(), e.aliases.end());
        names.insert(e.name);
        for (const std::string& a : names) ++alias_counts[a];
        continue;
      }
      auto rit = root_of.find(e.id);
      if (rit == root_of.end()) {
        ASSIGN_OR_RETURN(std::string r, FollowRedirects(e.id));
        rit = root_of.emplace(e.id, r).first;
      }
      if (own.count(rit->second)) continue;
      Co& c = co[rit->second];
      if (c.together > 0 && c.last_docnum == docnum) continue;
      c.last_docnum = docnum;
      ++c.together;
      if (c.name.empty() || e.id == rit->second) {
        c.name = e.name;
        c.type = e.type;
      }
    }
  }
  std::vector<std::pair<std::string, int>> aliases(alias_counts.begin(), alias_counts.end());
  std::stable_sort(aliases.begin(), aliases.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (auto& [alias, count] : aliases) profile.aliases.push_back(alias);

  int32_t first = 0, last = 0;
  bool any_day = false;
  for (const auto& [docnum, mentions] : docs) {
    profile.mention_count += mentions;
    const int32_t day = docs_[docnum].day;
    if (day == k::kUnknownDay) continue;
    if (!any_day || day < first) first = day;
    if (!any_day || day > last) last = day;
    any_day = true;
  }
  profile.document_count = docs.size();
  if (any_day) {
    profile.first_seen = FormatDay(first);
    profile.last_seen = FormatDay(last);
  }

  // Roles, newest first.
  std::vector<std::pair<int32_t, RoleHeld>> roles;
  for (const std::string& id : ids) {
    const std::string prefix = k::IdPrefix('o', id);
    auto it = store_->NewIterator(k::kEntitiesCf, prefix);
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      std::string_view value = it->value();
      if (value.empty() || value[0] != '\x01') continue;
      Decoder dec(value.substr(1));
      RoleHeld role;
      int64_t day = 0;
      dec.GetString(&role.title);
      dec.GetString(&role.normalized_title);
      dec.GetString(&role.organization);
      dec.GetString(&role.organization_entity_id);
      dec.GetString(&role.doc_id);
      dec.GetString(&role.published_date);
      dec.GetSignedVarint64(&day);
      if (dec.ok()) roles.emplace_back(static_cast<int32_t>(day), std::move(role));
    }
    RETURN_IF_ERROR(it->status());
  }
  std::stable_sort(roles.begin(), roles.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (auto& [day, role] : roles) profile.roles.push_back(std::move(role));

  std::vector<CoEntity> all;
  const double n_docs = static_cast<double>(live_docs_);
  for (auto& [id, c] : co) {
    CoEntity e;
    e.entity_id = id;
    e.canonical_name = c.name;
    e.type = c.type;
    e.documents_together = c.together;
    ASSIGN_OR_RETURN(std::optional<std::string> count,
                     store_->Get(k::kEntitiesCf, k::EntityCountKey(id)));
    e.documents = count && count->size() == 9 ? ReadBigEndian64(*count) : c.together;
    e.documents = std::max(e.documents, e.documents_together);
    e.pmi = std::log(static_cast<double>(c.together) * n_docs /
                     (static_cast<double>(profile.document_count) * static_cast<double>(e.documents)));
    all.push_back(std::move(e));
  }
  std::vector<CoEntity> by_count = all;
  std::stable_sort(by_count.begin(), by_count.end(), [](const CoEntity& a, const CoEntity& b) {
    return a.documents_together > b.documents_together;
  });
  if (by_count.size() > static_cast<size_t>(std::max(0, options.top_entities))) {
    by_count.resize(std::max(0, options.top_entities));
  }
  profile.top_by_count = std::move(by_count);
  std::vector<CoEntity> by_pmi;
  for (const CoEntity& e : all) {
    if (e.documents_together >= static_cast<uint64_t>(std::max(1, options.min_cooccurrence_for_pmi))) {
      by_pmi.push_back(e);
    }
  }
  std::stable_sort(by_pmi.begin(), by_pmi.end(),
                   [](const CoEntity& a, const CoEntity& b) { return a.pmi > b.pmi; });
  if (by_pmi.size() > static_cast<size_t>(std::max(0, options.top_entities))) {
    by_pmi.resize(std::max(0, options.top_entities));
  }
  profile.top_by_pmi = std::move(by_pmi);

  // Latest documents.
  std::vector<uint32_t> docnums;
  for (const auto& [docnum, mentions] : docs) docnums.push_back(docnum);
  std::sort(docnums.begin(), docnums.end(), [this](uint32_t a, uint32_t b) {
    if (docs_[a].day != docs_[b].day) return docs_[a].day > docs_[b].day;
    return a > b;
  });
  for (size_t i = 0; i < docnums.size() && i < static_cast<size_t>(std::max(0, options.latest_documents)); ++i) {
    ASSIGN_OR_RETURN(std::optional<std::string> stored,
                     store_->Get(k::kDocsCf, k::DocnumKey('n', docnums[i])));
    if (!stored) continue;
    ASSIGN_OR_RETURN(DocumentAnnotations doc, DecodeDocumentAnnotations(*stored));
    profile.latest_documents.push_back({doc.doc_id, doc.title, doc.source, doc.published_date});
  }
  return profile;
}

int32_t BucketStart(int32_t day, Granularity g) {
  switch (g) {
    case Granularity::kDay:
      return day;
    case Granularity::kWeek: {
      // 1970-01-01 was a Thursday; weeks start on Monday.
      int32_t weekday = ((day + 3) % 7 + 7) % 7;  // 0 = Monday
      return day - weekday;
    }
    case Granularity::kMonth: {
      absl::CivilDay civil = absl::CivilDay(1970, 1, 1) + day;
      return static_cast<int32_t>(absl::CivilDay(civil.year(), civil.month(), 1) -
                                  absl::CivilDay(1970, 1, 1));
    }
  }
  return day;
}

int32_t NextBucket(int32_t start, Granularity g) {
  switch (g) {
    case Granularity::kDay:
      return start + 1;
    case Granularity::kWeek:
      return start + 7;
    case Granularity::kMonth: {
      absl::CivilDay civil = absl::CivilDay(1970, 1, 1) + start;
      absl::CivilMonth next = absl::CivilMonth(civil) + 1;
      return static_cast<int32_t>(absl::CivilDay(next) - absl::CivilDay(1970, 1, 1));
    }
  }
  return start + 1;
}

absl::StatusOr<std::vector<TimelineBucket>> QueryIndexImpl::Timeline(
    const TimelineQuery& query) const {
  if (query.entity.empty() == query.query.empty()) {
    return absl::InvalidArgumentError("timeline: set exactly one of entity and query");
  }
  std::optional<int32_t> from, to;
  if (!query.from.empty()) {
    from = ParseDay(query.from);
    if (!from) return absl::InvalidArgumentError("from: bad date (want YYYY, YYYY-MM or YYYY-MM-DD)");
  }
  if (!query.to.empty()) {
    to = ParseDay(query.to);
    if (!to) return absl::InvalidArgumentError("to: bad date (want YYYY, YYYY-MM or YYYY-MM-DD)");
  }
  if (from && to && *from > *to) return absl::InvalidArgumentError("from: after to");
  std::optional<ParsedQuery> parsed;
  std::optional<Filters> filters;
  if (!query.query.empty()) {
    ASSIGN_OR_RETURN(parsed, ParseQuery(query.query));
    ASSIGN_OR_RETURN(filters, CombineFilters(*parsed, SearchQuery()));
  }

  absl::ReaderMutexLock lock(&mu_);
  std::vector<std::pair<uint32_t, uint64_t>> hits;  // docnum, mentions
  if (parsed) {
    std::vector<uint64_t> df;
    ASSIGN_OR_RETURN(std::vector<Match> matches,
                     Evaluate(*parsed, *filters, MaxDocnum(), live_docs_, total_length_, &df));
    for (const Match& m : matches) hits.push_back({m.docnum, m.occurrences});
  } else {
    ASSIGN_OR_RETURN(auto resolved, ResolveEntity(query.entity));
    if (resolved.empty()) {
      return absl::NotFoundError(absl::StrCat("entity: unknown \"", query.entity, "\""));
    }
    std::map<uint32_t, uint64_t> docs;
    for (const auto& ids : resolved) {
      ASSIGN_OR_RETURN(auto these, EntityDocs(ids));
      if (these.size() > docs.size()) docs = std::move(these);
    }
    hits.assign(docs.begin(), docs.end());
  }
  std::optional<int32_t> lo = from, hi = to;
  for (const auto& [docnum, mentions] : hits) {
    const int32_t day = docs_[docnum].day;
    if (day == k::kUnknownDay) continue;
    if (!from && (!lo || day < *lo)) lo = day;
    if (!to && (!hi || day > *hi)) hi = day;
  }
  std::vector<TimelineBucket> buckets;
  if (!lo || !hi) return buckets;
  std::vector<int32_t> starts;
  for (int32_t s = BucketStart(*lo, query.granularity); s <= *hi; s = NextBucket(s, query.granularity)) {
    if (starts.size() >= static_cast<size_t>(kMaxTimelineBuckets)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "timeline: more than ", kMaxTimelineBuckets, " buckets; narrow from/to or use a coarser granularity"));
    }
    starts.push_back(s);
    buckets.push_back({FormatDay(s), 0, 0});
  }
  for (const auto& [docnum, mentions] : hits) {
    const int32_t day = docs_[docnum].day;
    if (day == k::kUnknownDay || day < *lo || day > *hi) continue;
    const int32_t start = BucketStart(day, query.granularity);
    auto it = std::lower_bound(starts.begin(), starts.end(), start);
    if (it == starts.end() || *it != start) continue;
    TimelineBucket& b = buckets[it - starts.begin()];
    ++b.documents;
    b.mentions += mentions;
  }
  return buckets;
}

struct QuoteToken {
  uint32_t bound = 0;
  std::string last_order;  // 10-byte newest-first order of the last quote
};

std::string EncodeQuoteToken(const QuoteToken& t, uint64_t fingerprint) {
  std::string raw(1, static_cast<char>(kTokenVersion));
  Encoder enc(&raw);
  enc.PutFixed64(fingerprint);
  enc.PutVarint32(t.bound);
  enc.PutString(t.last_order);
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<QuoteToken> DecodeQuoteToken(std::string_view text, uint64_t fingerprint) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(std::string(text), &raw) || raw.empty() ||
      static_cast<uint8_t>(raw[0]) != kTokenVersion) {
    return absl::InvalidArgumentError("page_token: malformed");
  }
  Decoder dec(std::string_view(raw).substr(1));
  QuoteToken t;
  uint64_t fp = 0;
  dec.GetFixed64(&fp);
  dec.GetVarint32(&t.bound);
  dec.GetString(&t.last_order);
  if (!dec.ok() || !dec.done() || t.last_order.size() != 10) {
    return absl::InvalidArgumentError("page_token: malformed");
  }
  if (fp != fingerprint) return absl::InvalidArgumentError("page_token: belongs to a different query");
  return t;
}

bool DecodeQuoteRecord(std::string_view value, QuoteHit* out, uint32_t* docnum) {
  if (value.empty() || value[0] != '\x01') return false;
  Decoder dec(value.substr(1));
  dec.GetString(&out->text);
  dec.GetString(&out->speaker_entity_id);
  dec.GetString(&out->speaker_name);
  dec.GetVarint32(&out->begin);
  dec.GetVarint32(&out->end);
  dec.GetString(&out->doc_id);
  dec.GetString(&out->title);
  dec.GetString(&out->published_date);
  dec.GetVarint32(docnum);
  return dec.ok();
}

absl::StatusOr<QuoteResult> QueryIndexImpl::Quotes(const QuoteQuery& query) const {
  int page_size = 0;
  RETURN_IF_ERROR(ValidatePageSize(query.page_size, &page_size));
  const std::vector<std::string> words = TextTerms(query.words);
  if (!query.words.empty() && words.empty()) {
    return absl::InvalidArgumentError("words: no searchable word");
  }
  const uint64_t fingerprint = Fnv1a(query.words, Fnv1a(query.speaker) ^ 0x51);
  std::optional<QuoteToken> token;
  if (!query.page_token.empty()) {
    ASSIGN_OR_RETURN(token, DecodeQuoteToken(query.page_token, fingerprint));
  }
  absl::ReaderMutexLock lock(&mu_);
  const uint32_t bound = token ? std::min(token->bound, MaxDocnum()) : MaxDocnum();
  const std::string after = token ? token->last_order : std::string();
  auto quote_has_words = [&words](const std::string& text) {
    if (words.empty()) return true;
    std::vector<std::string> terms = TextTerms(text);
    std::unordered_set<std::string> set(terms.begin(), terms.end());
    for (const std::string& w : words) {
      if (!set.count(w)) return false;
    }
    return true;
  };
  // Candidates as (order, hit), gathered in newest-first order.
  std::vector<std::pair<std::string, QuoteHit>> found;
  auto consider = [&](std::string_view order, std::string_view value) {
    if (order.size() != 10 || (!after.empty() && order <= after)) return;
    QuoteHit hit;
    uint32_t docnum = 0;
    if (!DecodeQuoteRecord(value, &hit, &docnum)) return;
    if (docnum > bound || Doc(docnum) == nullptr || !quote_has_words(hit.text)) return;
    found.emplace_back(std::string(order), std::move(hit));
  };
  if (!query.speaker.empty()) {
    ASSIGN_OR_RETURN(auto resolved, ResolveEntity(query.speaker));
    for (const auto& ids : resolved) {
      for (const std::string& id : ids) {
        const std::string prefix = k::IdPrefix('q', id);
        auto it = store_->NewIterator(k::kEntitiesCf, prefix);
        for (it->Seek(prefix); it->Valid(); it->Next()) {
          consider(it->key().substr(prefix.size()), it->value());
        }
        RETURN_IF_ERROR(it->status());
      }
    }
    std::sort(found.begin(), found.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  } else if (!words.empty()) {
    // Documents whose quotes hold every word, newest first.
    std::vector<uint8_t> count(static_cast<size_t>(bound) + 1, 0);
    for (size_t i = 0; i < words.size(); ++i) {
      ASSIGN_OR_RETURN(PostingList list, LoadPostings(k::QuoteTerm(words[i])));
      for (const Posting& p : list.postings) {
        if (p.docnum <= bound && count[p.docnum] == i) count[p.docnum] = static_cast<uint8_t>(i + 1);
      }
    }
    std::vector<uint32_t> docnums;
    for (uint32_t d = 1; d <= bound; ++d) {
      if (count[d] == words.size() && Doc(d)) docnums.push_back(d);
    }
    std::sort(docnums.begin(), docnums.end(), [this](uint32_t a, uint32_t b) {
      if (docs_[a].day != docs_[b].day) return docs_[a].day > docs_[b].day;
      return a > b;
    });
    for (uint32_t d : docnums) {
      if (found.size() > static_cast<size_t>(page_size)) break;
      std::string prefix = "Q";
      AppendBigEndian32(&prefix, ~k::BiasDay(docs_[d].day));
      AppendBigEndian32(&prefix, ~d);
      auto it = store_->NewIterator(k::kEntitiesCf, prefix);
      for (it->Seek(prefix); it->Valid(); it->Next()) consider(it->key().substr(1), it->value());
      RETURN_IF_ERROR(it->status());
    }
  } else {
    std::string start = "Q" + after;
    auto it = store_->NewIterator(k::kEntitiesCf, "Q");
    for (it->Seek(start); it->Valid() && found.size() <= static_cast<size_t>(page_size); it->Next()) {
      consider(it->key().substr(1), it->value());
    }
    RETURN_IF_ERROR(it->status());
  }
  QuoteResult result;
  const bool more = found.size() > static_cast<size_t>(page_size);
  if (more) found.resize(page_size);
  for (auto& [order, hit] : found) result.quotes.push_back(std::move(hit));
  if (more && !found.empty()) {
    result.next_page_token = EncodeQuoteToken({bound, found.back().first}, fingerprint);
  }
  return result;
}

absl::StatusOr<IndexStats> QueryIndexImpl::Stats() const {
  IndexStats stats;
  absl::ReaderMutexLock lock(&mu_);
  stats.documents = live_docs_;
  stats.cursor = cursor();
  auto it = store_->NewIterator(k::kEntitiesCf, "T");
  for (it->Seek("T"); it->Valid(); it->Next()) {
    if (it->value().size() != 8) continue;
    uint64_t count = ReadBigEndian64(it->value());
    if (count > 0) stats.entities_by_type.emplace_back(std::string(it->key().substr(1)), count);
  }
  RETURN_IF_ERROR(it->status());
  std::vector<uint64_t> per_source(source_names_.size(), 0);
  std::optional<int32_t> first, last;
  for (const DocInfo& d : docs_) {
    if (!d.alive) continue;
    ++per_source[d.source];
    if (d.day == k::kUnknownDay) continue;
    if (!first || d.day < *first) first = d.day;
    if (!last || d.day > *last) last = d.day;
  }
  for (size_t i = 0; i < per_source.size(); ++i) {
    if (per_source[i] > 0) stats.sources.emplace_back(source_names_[i], per_source[i]);
  }
  std::stable_sort(stats.sources.begin(), stats.sources.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (first) stats.first_date = FormatDay(*first);
  if (last) stats.last_date = FormatDay(*last);
  stats.disk_bytes = store_->ApproximateDiskBytes();
  return stats;
}

}  // namespace

absl::StatusOr<std::unique_ptr<QueryIndex>> QueryIndex::Open(const QueryIndexOptions& options) {
  return QueryIndexImpl::OpenImpl(options);
}

}  // namespace newsgraph
