#include "services/extraction/core/extraction_store.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/encoding/coding.h"
#include "common/status/status_macros.h"
#include "services/extraction/core/key_layout.h"
#include "services/extraction/knowledge/alias_table.h"
#include "services/extraction/knowledge/document_knowledge.h"

namespace newsgraph::extraction {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "YYYY-MM-DD..." -> CivilDay; std::nullopt for anything else.
std::optional<absl::CivilDay> ParseIsoDay(std::string_view date) {
  if (date.size() < 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  int year = 0, month = 0, day = 0;
  if (!absl::SimpleAtoi(absl::string_view(date.data(), 4), &year) ||
      !absl::SimpleAtoi(absl::string_view(date.data() + 5, 2), &month) ||
      !absl::SimpleAtoi(absl::string_view(date.data() + 8, 2), &day)) {
    return std::nullopt;
  }
  absl::CivilDay civil(year, month, day);
  if (civil.year() != year || civil.month() != month || civil.day() != day) return std::nullopt;
  return civil;
}

}  // namespace

std::vector<ColumnFamilySpec> ExtractionColumnFamilies() {
  std::vector<ColumnFamilySpec> families = {
      {"default", nullptr}, {"annotations", nullptr}, {"feed", nullptr}};
  for (ColumnFamilySpec& spec : EntityRegistry::ColumnFamilies()) families.push_back(spec);
  return families;
}

absl::StatusOr<std::unique_ptr<ExtractionStore>> ExtractionStore::Open(
    const ExtractionStoreOptions& options) {
  auto store = std::unique_ptr<ExtractionStore>(new ExtractionStore(options));
  ASSIGN_OR_RETURN(store->recognizer_, EntityRecognizer::Load(options.model_path));
  AliasTable aliases;
  if (!options.aliases_path.empty()) {
    ASSIGN_OR_RETURN(aliases, LoadAliasTable(options.aliases_path));
  }
  StoreOptions store_options;
  store_options.path = options.path;
  store_options.block_cache_bytes = options.block_cache_bytes;
  store_options.sync_writes = options.sync_writes;
  store_options.column_families = ExtractionColumnFamilies();
  ASSIGN_OR_RETURN(store->store_, RocksStore::Open(store_options));
  store->feed_ = std::make_unique<FeedLog>(store->store_.get(), kCfFeed);
  RETURN_IF_ERROR(store->feed_->Open());
  ASSIGN_OR_RETURN(store->registry_,
                   EntityRegistry::Open(store->store_.get(), kCfRegistryFirst, aliases));
  ASSIGN_OR_RETURN(std::optional<std::string> cursor,
                   store->store_->Get(kCfDefault, kIngestCursorKey));
  if (cursor.has_value()) {
    Decoder dec(*cursor);
    uint64_t value = 0;
    if (!dec.GetVarint64(&value)) return absl::DataLossError("corrupt ingest cursor");
    store->cursor_.store(value);
  }
  return store;
}

DocumentAnnotations ExtractionStore::Annotate(const std::string& text, uint32_t body_begin,
                                              uint32_t body_end, const std::string& title,
                                              const std::string& published_date,
                                              DocumentKnowledge* knowledge) const {
  std::optional<absl::CivilDay> reference = ParseIsoDay(published_date);
  const std::string_view body = std::string_view(text).substr(body_begin, body_end - body_begin);
  DocumentAnnotations annotations;
  annotations.mentions = recognizer_->Recognize(body, reference ? &*reference : nullptr);
  for (Mention& mention : annotations.mentions) {
    mention.begin += body_begin;
    mention.end += body_begin;
  }
  *knowledge = AnalyzeDocument(text, annotations.mentions, *registry_->aliases(), title);
  annotations.text = text;
  annotations.body_begin = body_begin;
  annotations.body_end = body_end;
  annotations.title = title;
  annotations.published_date = published_date;
  return annotations;
}

absl::Status ExtractionStore::ApplyDocumentChange(const DocumentChange& change) {
  return ApplyDocumentChanges({change});
}

absl::Status ExtractionStore::ApplyDocumentChanges(const std::vector<DocumentChange>& changes) {
  for (const DocumentChange& change : changes) {
    if (change.sequence == 0 || change.doc_id.empty()) {
      return absl::InvalidArgumentError("change: sequence and doc_id are required");
    }
  }
  // Annotating is pure CPU work and dominates the cost, so the upserts of a
  // batch are annotated in parallel; linking and writing then run in feed
  // order, one write (with its cursor) per change.
  std::vector<PreparedChange> prepared(changes.size());
  std::vector<size_t> to_annotate;
  for (size_t i = 0; i < changes.size(); ++i) {
    if (changes[i].sequence > cursor() && changes[i].kind == DocumentChange::Kind::kUpsert) {
      to_annotate.push_back(i);
    }
  }
  auto annotate = [&](size_t worker, size_t workers) {
    for (size_t k = worker; k < to_annotate.size(); k += workers) {
      const Document& doc = changes[to_annotate[k]].document;
      PreparedChange& out = prepared[to_annotate[k]];
      out.annotations = Annotate(doc.clean_text, doc.body_begin, doc.body_end, doc.title,
                                 doc.published_date, &out.knowledge);
    }
  };
  const size_t workers =
      std::max<size_t>(1, std::min<size_t>(options_.annotate_threads, to_annotate.size()));
  std::vector<std::thread> threads;
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(annotate, w, workers);
  annotate(0, workers);
  for (std::thread& thread : threads) thread.join();

  for (size_t i = 0; i < changes.size(); ++i) {
    if (changes[i].sequence <= cursor()) continue;  // applied before
    RETURN_IF_ERROR(CommitChange(changes[i], std::move(prepared[i])));
  }
  return absl::OkStatus();
}

absl::Status ExtractionStore::CommitChange(const DocumentChange& change, PreparedChange prepared) {
  WriteBatch batch = store_->NewWriteBatch();
  std::string cursor_value;
  Encoder(&cursor_value).PutVarint64(change.sequence);
  batch.Put(kCfDefault, kIngestCursorKey, cursor_value);

  AnnotationChange out;
  out.doc_id = change.doc_id;
  out.timestamp_ms = NowMs();
  LinkResult linked;
  if (change.kind == DocumentChange::Kind::kDelete) {
    out.kind = AnnotationChange::Kind::kDelete;
    ASSIGN_OR_RETURN(linked, registry_->Unlink(change.doc_id, &batch));
    batch.Delete(kCfAnnotations, change.doc_id);
  } else {
    const Document& doc = change.document;
    out.kind = AnnotationChange::Kind::kUpsert;
    out.annotations = std::move(prepared.annotations);
    ASSIGN_OR_RETURN(linked,
                     registry_->Link(doc.id, doc.published_date, &prepared.knowledge, &batch));
    ApplyKnowledge(prepared.knowledge, &out.annotations);
    DocumentAnnotations& a = out.annotations;
    a.doc_id = doc.id;
    a.doc_version = doc.version;
    a.source = doc.source;
    a.url = doc.url;
    batch.Put(kCfAnnotations, doc.id, EncodeDocumentAnnotations(a));
  }
  out.entity_redirects = linked.redirects;
  RETURN_IF_ERROR(feed_->Append(std::move(batch), [&out](uint64_t sequence, WriteBatch&) {
                    out.sequence = sequence;
                    return EncodeAnnotationChange(out);
                  }).status());
  registry_->Committed(linked);
  cursor_.store(change.sequence);
  return absl::OkStatus();
}

absl::StatusOr<DocumentAnnotations> ExtractionStore::GetAnnotations(
    const std::string& doc_id) const {
  ASSIGN_OR_RETURN(std::optional<std::string> raw, store_->Get(kCfAnnotations, doc_id));
  if (!raw.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("doc_id: no annotations for \"", doc_id, "\" (unknown or not annotated yet)"));
  }
  return DecodeDocumentAnnotations(*raw);
}

absl::StatusOr<DocumentAnnotations> ExtractionStore::Extract(
    const std::string& text, const std::string& reference_date) const {
  if (text.empty()) return absl::InvalidArgumentError("text: empty");
  if (text.size() > options_.max_extract_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "text: ", text.size(), " bytes is above the limit of ", options_.max_extract_bytes));
  }
  std::string date = reference_date;
  if (!date.empty() && !ParseIsoDay(date)) {
    return absl::InvalidArgumentError(
        absl::StrCat("reference_date: \"", reference_date, "\" is not YYYY-MM-DD"));
  }
  if (date.empty()) {
    date = absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()));
  }
  DocumentKnowledge knowledge;
  DocumentAnnotations annotations =
      Annotate(text, 0, static_cast<uint32_t>(text.size()), "", date, &knowledge);
  registry_->Resolve(&knowledge);
  ApplyKnowledge(knowledge, &annotations);
  return annotations;
}

}  // namespace newsgraph::extraction
