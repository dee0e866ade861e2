#include "services/ingest/core/ingest_store.h"

#include <chrono>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/encoding/coding.h"
#include "common/pagination/page_token.h"
#include "common/status/status_macros.h"
#include "common/text/dates.h"
#include "services/ingest/core/key_layout.h"

namespace newsgraph::ingest {
namespace {

constexpr std::string_view kDocCountKey = "doc_count";
constexpr std::string_view kListKind = "ingest.docs";
constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 1000;
constexpr uint64_t kResultFormat = 1;

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string EncodeIngestResult(const IngestResult& result) {
  std::string out;
  Encoder enc(&out);
  enc.PutVarint64(kResultFormat);
  enc.PutString(result.doc_id);
  enc.PutVarint32(static_cast<uint32_t>(result.outcome));
  enc.PutString(result.near_duplicate_of);
  enc.PutString(result.title);
  enc.PutString(result.published_date);
  enc.PutString(result.source);
  enc.PutVarint64(result.sequence);
  return out;
}

absl::StatusOr<IngestResult> DecodeIngestResult(std::string_view bytes) {
  Decoder dec(bytes);
  IngestResult result;
  uint64_t format = 0;
  uint32_t outcome = 0;
  if (!dec.GetVarint64(&format) || format != kResultFormat || !dec.GetString(&result.doc_id) ||
      !dec.GetVarint32(&outcome) || outcome < 1 || outcome > 3 ||
      !dec.GetString(&result.near_duplicate_of) || !dec.GetString(&result.title) ||
      !dec.GetString(&result.published_date) || !dec.GetString(&result.source) ||
      !dec.GetVarint64(&result.sequence) || !dec.done()) {
    return absl::DataLossError("corrupt request record");
  }
  result.outcome = static_cast<IngestOutcome>(outcome);
  return result;
}

std::string EncodeCounter(uint64_t value) {
  std::string out;
  Encoder(&out).PutVarint64(value);
  return out;
}

absl::StatusOr<uint64_t> ReadCounter(const RocksStore& store, std::string_view key) {
  ASSIGN_OR_RETURN(std::optional<std::string> raw, store.Get(kCfDefault, key));
  if (!raw.has_value()) return 0;
  Decoder dec(*raw);
  uint64_t value = 0;
  if (!dec.GetVarint64(&value)) return absl::DataLossError(absl::StrCat("corrupt ", std::string(key)));
  return value;
}

}  // namespace

absl::StatusOr<std::unique_ptr<IngestStore>> IngestStore::Open(IngestStoreOptions options) {
  if (!options.now_ms) options.now_ms = SystemNowMs;
  auto store = std::unique_ptr<IngestStore>(new IngestStore(std::move(options)));
  StoreOptions store_options;
  store_options.path = store->options_.path;
  store_options.block_cache_bytes = store->options_.block_cache_bytes;
  store_options.sync_writes = store->options_.sync_writes;
  store_options.column_families = IngestColumnFamilies();
  ASSIGN_OR_RETURN(store->store_, RocksStore::Open(store_options));
  store->feed_ = std::make_unique<FeedLog>(store->store_.get(), kCfFeed);
  RETURN_IF_ERROR(store->feed_->Open());
  ASSIGN_OR_RETURN(uint64_t counter, ReadCounter(*store->store_, kDocCounterKey));
  ASSIGN_OR_RETURN(uint64_t count, ReadCounter(*store->store_, kDocCountKey));
  {
    absl::MutexLock lock(&store->write_mutex_);
    store->doc_counter_ = counter;
    std::unique_ptr<StoreIterator> it = store->store_->NewIterator(kCfSimhashes);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      Decoder dec(it->value());
      uint64_t simhash = 0;
      if (!dec.GetFixed64(&simhash)) return absl::DataLossError("corrupt simhash row");
      store->simhashes_.emplace(std::string(it->key()), simhash);
    }
    RETURN_IF_ERROR(it->status());
  }
  absl::MutexLock lock(&store->count_mutex_);
  store->document_count_ = count;
  return store;
}

uint64_t IngestStore::document_count() const {
  absl::MutexLock lock(&count_mutex_);
  return document_count_;
}

absl::Status IngestStore::CheckRequestFields(const IngestRequest& request) const {
  if (request.request_id.size() > options_.max_request_id_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "request_id: longer than ", options_.max_request_id_bytes, " bytes"));
  }
  if (request.external_id.size() > options_.max_external_id_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "external_id: longer than ", options_.max_external_id_bytes, " bytes"));
  }
  if (request.url.size() > options_.max_url_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("url: longer than ", options_.max_url_bytes, " bytes"));
  }
  if (request.title.size() > options_.cleaner.max_title_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "title: longer than ", options_.cleaner.max_title_bytes, " bytes"));
  }
  if (!request.content_type.empty() && request.content_type != "text/plain" &&
      request.content_type != "text/html") {
    return absl::InvalidArgumentError(absl::StrCat(
        "content_type: \"", request.content_type,
        "\" is not supported; use text/plain, text/html or leave it empty to detect"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<IngestResult>> IngestStore::FindReplay(
    const std::string& request_id) const {
  if (request_id.empty()) return std::nullopt;
  ASSIGN_OR_RETURN(std::optional<std::string> raw, store_->Get(kCfRequests, request_id));
  if (!raw.has_value()) return std::nullopt;
  ASSIGN_OR_RETURN(IngestResult result, DecodeIngestResult(*raw));
  result.replayed = true;
  return result;
}

std::optional<std::string> IngestStore::FindNearDuplicate(uint64_t simhash,
                                                          const std::string& self_id) const {
  std::optional<std::string> best;
  int best_distance = kNearDuplicateMaxDistance + 1;
  for (const auto& [doc_id, other] : simhashes_) {
    if (doc_id == self_id) continue;
    const int distance = SimHashDistance(simhash, other);
    // Ties go to the smaller id (the earlier document), so the answer does
    // not depend on hash-map order.
    if (distance > kNearDuplicateMaxDistance) continue;
    if (!best.has_value() || distance < best_distance ||
        (distance == best_distance && doc_id < *best)) {
      best_distance = distance;
      best = doc_id;
    }
  }
  return best;
}

void IngestStore::RemoveIndexRows(const Document& doc, WriteBatch& batch) const {
  batch.Delete(kCfContentHashes, ContentHashKey(doc.content_hash));
  batch.Delete(kCfSimhashes, doc.id);
  batch.Delete(kCfByTime, ByTimeKey(doc.ingested_at_ms, doc.id));
}

void IngestStore::AddIndexRows(const Document& doc, const std::string& external_key,
                               WriteBatch& batch) const {
  batch.Put(kCfContentHashes, ContentHashKey(doc.content_hash), doc.id);
  std::string simhash;
  Encoder(&simhash).PutFixed64(doc.simhash);
  batch.Put(kCfSimhashes, doc.id, simhash);
  batch.Put(kCfByTime, ByTimeKey(doc.ingested_at_ms, doc.id), "");
  if (!external_key.empty()) batch.Put(kCfExternalIds, external_key, doc.id);
}

absl::StatusOr<IngestResult> IngestStore::Ingest(const IngestRequest& request) {
  RETURN_IF_ERROR(CheckRequestFields(request));
  ASSIGN_OR_RETURN(std::optional<IngestResult> replay, FindReplay(request.request_id));
  if (replay.has_value()) return *replay;

  RawArticle raw;
  raw.content = request.content;
  raw.content_type = request.content_type;
  raw.url = request.url;
  raw.source_name = request.source_name;
  ASSIGN_OR_RETURN(CleanedArticle cleaned, CleanArticle(raw, options_.cleaner));
  // What the caller knows beats what cleaning infers.
  if (!request.title.empty()) cleaned.title = request.title;
  if (!request.published_date.empty()) {
    std::optional<DateMatch> date = ParseDate(request.published_date);
    if (!date.has_value() || date->iso.size() < 10 || date->iso[0] == 'X') {
      return absl::InvalidArgumentError(absl::StrCat(
          "published_date: \"", request.published_date, "\" is not a full date"));
    }
    cleaned.published_date = date->iso;
  }

  absl::MutexLock lock(&write_mutex_);
  // Checked again under the lock: a concurrent retry may have won the race.
  ASSIGN_OR_RETURN(replay, FindReplay(request.request_id));
  if (replay.has_value()) return *replay;

  WriteBatch batch = store_->NewWriteBatch();
  IngestResult result;
  result.title = cleaned.title;
  result.published_date = cleaned.published_date;
  result.source = cleaned.source;

  const std::string external_key =
      request.external_id.empty() ? "" : ExternalIdKey(cleaned.source, request.external_id);
  std::optional<Document> previous;
  if (!external_key.empty()) {
    ASSIGN_OR_RETURN(std::optional<std::string> existing_id,
                     store_->Get(kCfExternalIds, external_key));
    if (existing_id.has_value()) {
      ASSIGN_OR_RETURN(std::optional<std::string> existing, store_->Get(kCfDocuments, *existing_id));
      if (existing.has_value()) {
        ASSIGN_OR_RETURN(Document doc, DecodeDocument(*existing));
        previous = std::move(doc);
      }
    }
  }

  ASSIGN_OR_RETURN(std::optional<std::string> same_body,
                   store_->Get(kCfContentHashes, ContentHashKey(cleaned.content_hash)));
  if (same_body.has_value()) {
    // The same normalized body is stored already (possibly as this very
    // document's current version): nothing changes.
    result.doc_id = *same_body;
    result.outcome = IngestOutcome::kDuplicate;
    if (!request.request_id.empty()) {
      batch.Put(kCfRequests, request.request_id, EncodeIngestResult(result));
      RETURN_IF_ERROR(store_->Write(batch));
    }
    return result;
  }

  Document doc;
  const bool is_update = previous.has_value();
  if (is_update) {
    doc.id = previous->id;
    doc.version = previous->version + 1;
    doc.ingested_at_ms = previous->ingested_at_ms;
    RemoveIndexRows(*previous, batch);
  } else {
    ++doc_counter_;
    doc.id = absl::StrFormat("doc-%012d", doc_counter_);
    doc.ingested_at_ms = options_.now_ms();
    batch.Put(kCfDefault, kDocCounterKey, EncodeCounter(doc_counter_));
    batch.Put(kCfDefault, kDocCountKey, EncodeCounter(document_count() + 1));
  }
  doc.external_id = request.external_id;
  doc.url = request.url;
  doc.source = cleaned.source;
  doc.title = cleaned.title;
  doc.content_type = cleaned.content_type;
  doc.clean_text = std::move(cleaned.clean_text);
  doc.body_begin = cleaned.body_begin;
  doc.body_end = cleaned.body_end;
  doc.published_date = cleaned.published_date;
  doc.content_hash = cleaned.content_hash;
  doc.simhash = cleaned.simhash;
  doc.repairs = std::move(cleaned.repairs);
  std::optional<std::string> near = FindNearDuplicate(doc.simhash, doc.id);
  if (near.has_value()) doc.near_duplicate_of = *near;

  batch.Put(kCfDocuments, doc.id, EncodeDocument(doc));
  batch.Put(kCfRaw, doc.id, request.content);
  AddIndexRows(doc, external_key, batch);

  result.doc_id = doc.id;
  result.outcome = is_update ? IngestOutcome::kUpdated : IngestOutcome::kCreated;
  result.near_duplicate_of = doc.near_duplicate_of;

  DocumentChange change;
  change.kind = DocumentChange::Kind::kUpsert;
  change.doc_id = doc.id;
  change.timestamp_ms = options_.now_ms();
  change.document = std::move(doc);
  ASSIGN_OR_RETURN(result.sequence,
                   feed_->Append(std::move(batch), [&](uint64_t sequence, WriteBatch& b) {
                     change.sequence = sequence;
                     result.sequence = sequence;
                     if (!request.request_id.empty()) {
                       b.Put(kCfRequests, request.request_id, EncodeIngestResult(result));
                     }
                     return EncodeDocumentChange(change);
                   }));
  simhashes_[result.doc_id] = cleaned.simhash;
  if (!is_update) {
    absl::MutexLock count_lock(&count_mutex_);
    ++document_count_;
  }
  return result;
}

absl::StatusOr<Document> IngestStore::GetDocument(const std::string& doc_id) const {
  ASSIGN_OR_RETURN(std::optional<std::string> raw, store_->Get(kCfDocuments, doc_id));
  if (!raw.has_value()) {
    return absl::NotFoundError(absl::StrCat("doc_id: no document \"", doc_id, "\""));
  }
  return DecodeDocument(*raw);
}

absl::StatusOr<std::string> IngestStore::GetRawContent(const std::string& doc_id) const {
  ASSIGN_OR_RETURN(std::optional<std::string> raw, store_->Get(kCfRaw, doc_id));
  if (!raw.has_value()) {
    return absl::NotFoundError(absl::StrCat("doc_id: no document \"", doc_id, "\""));
  }
  return *std::move(raw);
}

absl::StatusOr<DocumentPage> IngestStore::ListDocuments(int page_size,
                                                        const std::string& page_token,
                                                        const std::string& source) const {
  ASSIGN_OR_RETURN(int limit, CheckPageSize(page_size, kDefaultPageSize, kMaxPageSize));
  std::string start_before;  // exclusive upper bound in by_time order
  if (!page_token.empty()) {
    ASSIGN_OR_RETURN(start_before, DecodePageToken(kListKind, page_token));
  }
  DocumentPage page;
  std::unique_ptr<StoreIterator> it = store_->NewIterator(kCfByTime);
  if (start_before.empty()) {
    it->SeekToLast();
  } else {
    it->SeekForPrev(start_before);
    if (it->Valid() && it->key() == start_before) it->Prev();
  }
  std::string last_key;
  for (; it->Valid(); it->Prev()) {
    if (static_cast<int>(page.documents.size()) == limit) {
      page.next_page_token = EncodePageToken(kListKind, last_key);
      break;
    }
    const std::string doc_id(it->key().substr(8));
    ASSIGN_OR_RETURN(std::optional<std::string> raw, store_->Get(kCfDocuments, doc_id));
    last_key = std::string(it->key());
    if (!raw.has_value()) continue;
    ASSIGN_OR_RETURN(Document doc, DecodeDocument(*raw));
    if (!source.empty() && doc.source != source) continue;
    doc.clean_text.clear();
    doc.body_begin = doc.body_end = 0;
    page.documents.push_back(std::move(doc));
  }
  RETURN_IF_ERROR(it->status());
  return page;
}

absl::StatusOr<uint64_t> IngestStore::Delete(const std::string& doc_id,
                                             const std::string& request_id) {
  if (request_id.size() > options_.max_request_id_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "request_id: longer than ", options_.max_request_id_bytes, " bytes"));
  }
  absl::MutexLock lock(&write_mutex_);
  // Deletes keep their own request namespace so that an ingest and a delete
  // sharing a request_id do not answer for each other.
  const std::string request_key =
      request_id.empty() ? "" : std::string("delete\0", 7) + request_id;
  if (!request_key.empty()) {
    ASSIGN_OR_RETURN(std::optional<std::string> seen, store_->Get(kCfRequests, request_key));
    if (seen.has_value()) {
      Decoder dec(*seen);
      uint64_t sequence = 0;
      if (!dec.GetVarint64(&sequence)) return absl::DataLossError("corrupt request record");
      return sequence;
    }
  }
  ASSIGN_OR_RETURN(Document doc, GetDocument(doc_id));
  WriteBatch batch = store_->NewWriteBatch();
  RemoveIndexRows(doc, batch);
  batch.Delete(kCfDocuments, doc.id);
  batch.Delete(kCfRaw, doc.id);
  if (!doc.external_id.empty()) {
    batch.Delete(kCfExternalIds, ExternalIdKey(doc.source, doc.external_id));
  }
  batch.Put(kCfDefault, kDocCountKey, EncodeCounter(document_count() - 1));
  DocumentChange change;
  change.kind = DocumentChange::Kind::kDelete;
  change.doc_id = doc.id;
  change.timestamp_ms = options_.now_ms();
  ASSIGN_OR_RETURN(uint64_t sequence,
                   feed_->Append(std::move(batch), [&](uint64_t seq, WriteBatch& b) {
                     change.sequence = seq;
                     if (!request_key.empty()) b.Put(kCfRequests, request_key, EncodeCounter(seq));
                     return EncodeDocumentChange(change);
                   }));
  simhashes_.erase(doc.id);
  absl::MutexLock count_lock(&count_mutex_);
  --document_count_;
  return sequence;
}

}  // namespace newsgraph::ingest
