#include "services/query/core/query_index.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "common/encoding/coding.h"
#include "common/status/status_macros.h"
#include "common/storage/rocks_store.h"
#include "common/text/tokenizer.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "services/query/core/key_layout.h"
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
constexpr uint8_t kTokenVersion = 1;

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

// Posting updates of one WriteBatch. For kMergedLists they are gathered per
// term and written as one merge operand per term (adds, then removes) when
// the batch is complete.
struct PostingWriter {
  WriteBatch* batch;
  absl::flat_hash_map<std::string, std::string> adds;  // term -> list fragment
  absl::flat_hash_map<std::string, std::vector<uint32_t>> removes;
  absl::flat_hash_set<std::string> aliases_written;  // alias keys put in this batch
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
  absl::Status RemoveVersion(uint32_t docnum, PostingWriter* postings,
                             std::map<std::string, std::pair<int64_t, EntityType>>* entity_deltas);
  // `doc_id` is the change's (authoritative over doc.doc_id).
  absl::Status AddVersion(uint32_t docnum, const std::string& doc_id,
                          const DocumentAnnotations& doc, PostingWriter* postings,
                          std::map<std::string, std::pair<int64_t, EntityType>>* entity_deltas,
                          DocInfo* info, std::string* source);
  void AddPosting(PostingWriter* postings, const std::string& term, uint32_t docnum,
                  const std::string& entry) const;
  void RemovePosting(PostingWriter* postings, const std::string& term, uint32_t docnum) const;
  void FinishPostings(PostingWriter* postings) const;

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
  absl::StatusOr<std::vector<uint32_t>> ClauseDocs(const QueryClause& clause, uint32_t bound) const;
  uint32_t MaxDocnum() const { return static_cast<uint32_t>(docs_.size() - 1); }
  const DocInfo* Doc(uint32_t docnum) const {
    return docnum < docs_.size() && docs_[docnum].alive ? &docs_[docnum] : nullptr;
  }

  std::unique_ptr<RocksStore> store_;
  PostingLayout layout_ = PostingLayout::kMergedLists;
  absl::Mutex writer_mu_;  // serializes ApplyChange
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
  const PostingLayout layout = options.layout;
  for (const char* name : k::kColumnFamilyNames) {
    ColumnFamilySpec spec;
    spec.name = name;
    if (std::string_view(name) == "postings") {
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
          cf->memtable_whole_key_filtering = true;
          cf->memtable_prefix_bloom_size_ratio = 0.05;
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
    RETURN_IF_ERROR(store->Write(batch));
  }
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

void QueryIndexImpl::AddPosting(PostingWriter* postings, const std::string& term,
                                uint32_t docnum, const std::string& entry) const {
  if (layout_ == PostingLayout::kKeyPerPosting) {
    postings->batch->Put(k::kPostingsCf, k::PostingKey(term, docnum), entry);
  } else {
    AppendToFragment(docnum, entry, &postings->adds[term]);
  }
}

void QueryIndexImpl::RemovePosting(PostingWriter* postings, const std::string& term,
                                   uint32_t docnum) const {
  if (layout_ == PostingLayout::kKeyPerPosting) {
    postings->batch->Delete(k::kPostingsCf, k::PostingKey(term, docnum));
  } else {
    postings->removes[term].push_back(docnum);
  }
}

void QueryIndexImpl::FinishPostings(PostingWriter* postings) const {
  // Removes first: they name older docnums, adds only newer ones, so either
  // order is correct; this one keeps the append fast path for later reads.
  // In key order: RocksDB's memtable inserts a batch's keys in the order
  // given and is much cheaper when each key follows the previous one.
  std::vector<const std::string*> order;
  order.reserve(postings->removes.size());
  for (const auto& entry : postings->removes) order.push_back(&entry.first);
  std::sort(order.begin(), order.end(),
            [](const std::string* a, const std::string* b) { return *a < *b; });
  for (const std::string* term : order) {
    postings->batch->Merge(k::kPostingsCf, *term, MergeDeleteOperand(postings->removes[*term]));
  }
  order.clear();
  order.reserve(postings->adds.size());
  for (const auto& entry : postings->adds) order.push_back(&entry.first);
  std::sort(order.begin(), order.end(),
            [](const std::string* a, const std::string* b) { return *a < *b; });
  for (const std::string* term : order) {
    std::string& fragment = postings->adds[*term];
    fragment.insert(fragment.begin(), 'A');
    postings->batch->Merge(k::kPostingsCf, *term, fragment);
  }
  postings->adds.clear();
  postings->removes.clear();
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
      if (dec.GetString(&term)) RemovePosting(postings, term, docnum);
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

absl::Status QueryIndexImpl::AddVersion(
    uint32_t docnum, const std::string& doc_id, const DocumentAnnotations& doc,
    PostingWriter* postings, std::map<std::string, std::pair<int64_t, EntityType>>* entity_deltas, DocInfo* info,
    std::string* source) {
  WriteBatch* batch = postings->batch;
  std::vector<std::string> posting_terms;
  std::vector<std::pair<ColumnFamily, std::string>> aux_keys;
  auto put_aux = [&](ColumnFamily cf, std::string key, std::string_view value) {
    batch->Put(cf, key, value);
    aux_keys.emplace_back(cf, std::move(key));
  };

  // Words with positions: the title, then the body.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> positions;
  uint32_t position = 0;
  auto index_text = [&](std::string_view text) {
    for (std::string& term : TextTerms(text)) positions[std::move(term)].push_back(position++);
  };
  index_text(doc.title);
  position += kTitleBodyGap;
  uint32_t body_begin = std::min<uint32_t>(doc.body_begin, doc.text.size());
  uint32_t body_end = std::min<uint32_t>(doc.body_end, doc.text.size());
  if (body_end <= body_begin) {
    body_begin = 0;
    body_end = static_cast<uint32_t>(doc.text.size());
  }
  index_text(std::string_view(doc.text).substr(body_begin, body_end - body_begin));
  uint32_t length = 0;
  for (auto& [term, where] : positions) {
    length += static_cast<uint32_t>(where.size());
    const uint32_t tf = static_cast<uint32_t>(where.size());
    std::string key = k::WordTerm(term);
    AddPosting(postings, key, docnum, EncodePostingEntry(tf, {}));
    posting_terms.push_back(std::move(key));
    key = k::PositionsTerm(term);
    AddPosting(postings, key, docnum, EncodePostingEntry(tf, where));
    posting_terms.push_back(std::move(key));
  }

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
  const std::optional<int32_t> day = ParseLeadingDay(doc.published_date);
  info->day = day ? *day : k::kUnknownDay;
  std::string entity_list;
  Encoder list_enc(&entity_list);
  list_enc.PutVarint64(entities.size());
  for (const auto& [id, in] : entities) {
    if (id.find('\0') != std::string::npos) continue;
    std::string term = k::EntityTerm(id);
    AddPosting(postings, term, docnum, EncodePostingEntry(in.mentions, {}));
    posting_terms.push_back(std::move(term));
    // Structured bindings cannot be captured by a lambda before C++20 (and
    // clang 14 refuses it), so the id is captured through a named reference.
    const std::string& entity_id = id;
    auto add_alias = [&](std::string_view alias) {
      const std::string name = NormalizeName(alias);
      if (name.empty()) return;
      std::string key = k::AliasKey(name, entity_id);
      if (postings->aliases_written.insert(key).second) batch->Put(k::kEntitiesCf, key, "");
    };
    add_alias(in.name);
    for (const std::string& a : in.aliases) add_alias(a);
    list_enc.PutString(id);
    list_enc.PutString(in.name);
    list_enc.PutVarint32(static_cast<uint32_t>(in.type));
    list_enc.PutVarint32(in.mentions);
    list_enc.PutVarint64(in.aliases.size());
    for (const std::string& a : in.aliases) list_enc.PutString(a);
    auto& delta = (*entity_deltas)[id];
    delta.first += 1;
    delta.second = in.type;
  }
  for (const auto& [type, count] : type_counts) {
    std::string term = k::TypeTerm(type);
    AddPosting(postings, term, docnum, EncodePostingEntry(count, {}));
    posting_terms.push_back(std::move(term));
  }

  // Roles.
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
    enc.PutSignedVarint64(info->day);
    put_aux(k::kEntitiesCf, k::RoleKey(r.person_entity_id, docnum, static_cast<uint16_t>(i)),
            record);
  }

  // Quotes: newest-first lists, per speaker and overall, and quote words.
  std::map<std::string, uint32_t> quote_terms;
  for (size_t i = 0; i < doc.quotes.size() && i < 65535; ++i) {
    const Quote& q = doc.quotes[i];
    std::string record(1, '\x01');
    Encoder enc(&record);
    enc.PutString(q.text);
    enc.PutString(q.speaker_entity_id);
    enc.PutString(q.speaker_name);
    enc.PutVarint32(q.begin);
    enc.PutVarint32(q.end);
    enc.PutString(doc_id);
    enc.PutString(doc.title);
    enc.PutString(doc.published_date);
    enc.PutVarint32(docnum);
    const uint16_t index = static_cast<uint16_t>(i);
    put_aux(k::kEntitiesCf, k::AllQuoteKey(info->day, docnum, index), record);
    if (!q.speaker_entity_id.empty() && q.speaker_entity_id.find('\0') == std::string::npos) {
      put_aux(k::kEntitiesCf, k::SpeakerQuoteKey(q.speaker_entity_id, info->day, docnum, index),
              record);
    }
    for (std::string& term : TextTerms(q.text)) ++quote_terms[std::move(term)];
  }
  for (const auto& [word, count] : quote_terms) {
    std::string term = k::QuoteTerm(word);
    AddPosting(postings, term, docnum, EncodePostingEntry(count, {}));
    posting_terms.push_back(std::move(term));
  }

  // The document itself and its bookkeeping.
  info->length = length;
  info->alive = true;
  *source = absl::AsciiStrToLower(doc.source);
  if (doc.doc_id == doc_id) {
    batch->Put(k::kDocsCf, k::DocnumKey('n', docnum), EncodeDocumentAnnotations(doc));
  } else {
    DocumentAnnotations copy = doc;
    copy.doc_id = doc_id;
    batch->Put(k::kDocsCf, k::DocnumKey('n', docnum), EncodeDocumentAnnotations(copy));
  }
  batch->Put(k::kDocsCf, k::DocnumKey('m', docnum), EncodeDocMeta(*info, *source));
  batch->Put(k::kDocsCf, k::DocnumKey('x', docnum), entity_list);
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
  WriteBatch batch = store_->NewWriteBatch();
  PostingWriter postings{&batch, {}, {}};
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
      RETURN_IF_ERROR(AddVersion(update.new_docnum, change->doc_id, change->annotations,
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
  FinishPostings(&postings);
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

// Docnums (<= bound) of documents matching a word or phrase, with the number
// of occurrences, via positional postings.
struct ClauseMatch {
  uint32_t docnum;
  uint32_t freq;
};

std::vector<ClauseMatch> MatchPhrase(const std::vector<const PostingList*>& lists, uint32_t bound) {
  std::vector<ClauseMatch> out;
  if (lists.empty()) return out;
  for (const PostingList* l : lists) {
    if (l->postings.empty()) return out;
  }
  if (lists.size() == 1) {
    for (const Posting& p : lists[0]->postings) {
      if (p.docnum <= bound) out.push_back({p.docnum, p.tf});
    }
    return out;
  }
  // Walk the shortest list; look the others up by galloping.
  size_t lead_index = 0;
  for (size_t t = 1; t < lists.size(); ++t) {
    if (lists[t]->postings.size() < lists[lead_index]->postings.size()) lead_index = t;
  }
  std::vector<size_t> cursor(lists.size(), 0);
  std::vector<const Posting*> found(lists.size(), nullptr);
  std::vector<std::vector<uint32_t>> positions(lists.size());
  for (const Posting& p : lists[lead_index]->postings) {
    if (p.docnum > bound) break;
    bool all = true;
    for (size_t t = 0; t < lists.size(); ++t) {
      if (t == lead_index) {
        found[t] = &p;
        continue;
      }
      const auto& ps = lists[t]->postings;
      size_t& c = cursor[t];
      size_t step = 1;
      while (c + step < ps.size() && ps[c + step].docnum < p.docnum) step *= 2;
      c = std::lower_bound(ps.begin() + c, ps.begin() + std::min(ps.size(), c + step + 1), p.docnum,
                           [](const Posting& a, uint32_t d) { return a.docnum < d; }) -
          ps.begin();
      if (c >= ps.size()) return out;
      if (ps[c].docnum != p.docnum) {
        all = false;
        break;
      }
      found[t] = &ps[c];
    }
    if (!all) continue;
    for (size_t t = 0; t < lists.size(); ++t) DecodePositions(*found[t], &positions[t]);
    // A phrase starts at s when word t is at s + t for every t.
    uint32_t freq = 0;
    for (uint32_t at : positions[lead_index]) {
      if (at < lead_index) continue;
      const uint32_t start = at - static_cast<uint32_t>(lead_index);
      bool ok = true;
      for (size_t t = 0; t < lists.size() && ok; ++t) {
        if (t == lead_index) continue;
        ok = std::binary_search(positions[t].begin(), positions[t].end(),
                                start + static_cast<uint32_t>(t));
      }
      if (ok) ++freq;
    }
    if (freq > 0) out.push_back({p.docnum, freq});
  }
  return out;
}

absl::StatusOr<std::vector<Match>> QueryIndexImpl::Evaluate(
    const ParsedQuery& parsed, const Filters& filters, uint32_t bound, uint64_t live_docs,
    uint64_t total_length, std::vector<uint64_t>* df) const {
  if (parsed.required.size() > 64) {
    return absl::InvalidArgumentError("query: more than 64 AND-ed clauses");
  }
  // Distinct positive terms, in order of first appearance (the order of df).
  std::vector<std::string> terms;
  std::unordered_map<std::string, size_t> term_index;
  for (const auto& group : parsed.required) {
    for (const QueryClause& clause : group) {
      for (const std::string& t : clause.terms) {
        if (term_index.emplace(t, terms.size()).second) terms.push_back(t);
      }
    }
  }
  if (!df->empty() && df->size() != terms.size()) {
    return absl::InvalidArgumentError("page_token: belongs to a different query");
  }
  std::vector<PostingList> lists(terms.size());
  for (size_t i = 0; i < terms.size(); ++i) {
    ASSIGN_OR_RETURN(lists[i], LoadPostings(k::WordTerm(terms[i])));
  }
  if (df->empty()) {
    for (const PostingList& l : lists) df->push_back(l.postings.size());
  }
  const double n_docs = static_cast<double>(live_docs);
  const double avg_length = live_docs ? static_cast<double>(total_length) / n_docs : 0;
  std::vector<double> idf(terms.size());
  for (size_t i = 0; i < terms.size(); ++i) idf[i] = Idf(n_docs, static_cast<double>((*df)[i]));

  const size_t size = static_cast<size_t>(bound) + 1;
  // Per-thread scratch reused across queries: fresh multi-megabyte vectors
  // would be mmap'ed and page-faulted in on every query.
  thread_local std::vector<uint64_t> mask;
  thread_local std::vector<double> score;
  thread_local std::vector<uint32_t> occurrences;
  thread_local std::vector<uint8_t> excluded;
  thread_local std::vector<uint8_t> pass;
  mask.clear();
  score.clear();
  occurrences.clear();
  excluded.clear();
  pass.clear();
  if (!parsed.required.empty()) {
    mask.assign(size, 0);
    score.assign(size, 0.0);
    occurrences.assign(size, 0);
  }
  // Positional lists, only for the words of phrases.
  std::unordered_map<std::string, PostingList> positional;
  auto positions_of = [&](const std::string& term) -> absl::StatusOr<const PostingList*> {
    auto it = positional.find(term);
    if (it == positional.end()) {
      ASSIGN_OR_RETURN(PostingList list, LoadPostings(k::PositionsTerm(term)));
      it = positional.emplace(term, std::move(list)).first;
    }
    return &it->second;
  };
  for (size_t g = 0; g < parsed.required.size(); ++g) {
    const uint64_t bit = 1ull << g;
    for (const QueryClause& clause : parsed.required[g]) {
      std::vector<const PostingList*> clause_lists;
      double clause_idf = 0;
      for (const std::string& t : clause.terms) {
        size_t i = term_index[t];
        if (clause.terms.size() == 1) {
          clause_lists.push_back(&lists[i]);
        } else {
          ASSIGN_OR_RETURN(const PostingList* p, positions_of(t));
          clause_lists.push_back(p);
        }
        clause_idf += idf[i];
      }
      for (const ClauseMatch& m : MatchPhrase(clause_lists, bound)) {
        const DocInfo* info = Doc(m.docnum);
        if (info == nullptr) continue;
        score[m.docnum] += Bm25(clause_idf, m.freq, info->length, avg_length);
        occurrences[m.docnum] += m.freq;
        mask[m.docnum] |= bit;
      }
    }
  }
  const uint64_t full = parsed.required.empty()
                            ? 0
                            : (parsed.required.size() == 64 ? ~0ull
                                                            : (1ull << parsed.required.size()) - 1);

  // Excluded words and phrases.
  for (const QueryClause& clause : parsed.excluded) {
    std::vector<PostingList> owned(clause.terms.size());
    std::vector<const PostingList*> ptrs;
    for (size_t i = 0; i < clause.terms.size(); ++i) {
      ASSIGN_OR_RETURN(owned[i], LoadPostings(clause.terms.size() == 1
                                                  ? k::WordTerm(clause.terms[i])
                                                  : k::PositionsTerm(clause.terms[i])));
      ptrs.push_back(&owned[i]);
    }
    if (excluded.empty()) excluded.assign(size, 0);
    for (const ClauseMatch& m : MatchPhrase(ptrs, bound)) excluded[m.docnum] = 1;
  }

  // Entity and type filters: pass[d] counts the filters document d passed,
  // each counted only when all earlier ones passed.
  uint8_t filter_count = 0;
  auto apply_postings_filter = [&](const std::vector<std::string>& filter_terms) -> absl::Status {
    if (pass.empty()) pass.assign(size, 0);
    for (const std::string& term : filter_terms) {
      ASSIGN_OR_RETURN(PostingList list, LoadPostings(term));
      for (const Posting& p : list.postings) {
        if (p.docnum <= bound && pass[p.docnum] == filter_count) pass[p.docnum] = filter_count + 1;
      }
    }
    ++filter_count;
    return absl::OkStatus();
  };
  if (filters.entities.size() + filters.types.size() > 200) {
    return absl::InvalidArgumentError("query: more than 200 entity and type filters");
  }
  for (const std::string& entity : filters.entities) {
    ASSIGN_OR_RETURN(auto resolved, ResolveEntity(entity));
    std::vector<std::string> filter_terms;
    for (const auto& ids : resolved) {
      for (const std::string& id : ids) filter_terms.push_back(k::EntityTerm(id));
    }
    RETURN_IF_ERROR(apply_postings_filter(filter_terms));
  }
  for (EntityType type : filters.types) {
    RETURN_IF_ERROR(apply_postings_filter({k::TypeTerm(EntityTypeName(type))}));
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

  std::vector<Match> matches;
  for (uint32_t d = 1; d < size && d < docs_.size(); ++d) {
    if (!mask.empty() && mask[d] != full) continue;
    if (!pass.empty() && pass[d] != filter_count) continue;
    const DocInfo& info = docs_[d];
    if (!info.alive) continue;
    if (!excluded.empty() && excluded[d]) continue;
    if (!source_ok.empty() && (info.source >= source_ok.size() || !source_ok[info.source])) continue;
    if (filters.after_day && (info.day == k::kUnknownDay || info.day < *filters.after_day)) continue;
    if (filters.before_day && (info.day == k::kUnknownDay || info.day >= *filters.before_day)) continue;
    Match m;
    m.docnum = d;
    if (!score.empty()) {
      m.score = score[d];
      m.occurrences = occurrences[d];
    }
    matches.push_back(m);
  }
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
  ASSIGN_OR_RETURN(std::vector<Match> matches,
                   Evaluate(parsed, filters, next.bound, next.live_docs, next.total_length,
                            &next.df));
  SearchResult result;
  result.total_size = matches.size();
  result.total_size_exact = true;

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
  if (token) {
    Match last;
    last.docnum = token->last_docnum;
    last.score = token->last_score;
    matches.erase(std::remove_if(matches.begin(), matches.end(),
                                 [&](const Match& m) {
                                   if (by_date) {
                                     int32_t dm = day_of(m.docnum);
                                     if (dm != token->last_day) return dm > token->last_day;
                                     return m.docnum >= token->last_docnum;
                                   }
                                   return !before(last, m);
                                 }),
                  matches.end());
  }
  const size_t take = std::min<size_t>(matches.size(), page_size);
  std::partial_sort(matches.begin(), matches.begin() + take, matches.end(), before);
  const bool more = matches.size() > take;
  matches.resize(take);

  std::unordered_set<std::string> highlight_terms;
  for (const auto& group : parsed.required) {
    for (const QueryClause& c : group) highlight_terms.insert(c.terms.begin(), c.terms.end());
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
                                query.snippet_tokens);
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
