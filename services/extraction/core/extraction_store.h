// ExtractionStore: the extraction service's domain logic and state. Turns a
// change of ingest's feed into annotations (entity recognizer -> document
// knowledge -> cross-document registry), stores them and appends them to its
// own feed together with the ingest cursor, in one WriteBatch. Also serves
// the stateless Extract.
//
// Thread-safety: ApplyDocumentChange must be called from one thread (the
// feed consumer); every other method may run concurrently with it.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_CORE_EXTRACTION_STORE_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_CORE_EXTRACTION_STORE_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/feed/feed_log.h"
#include "common/model/annotations.h"
#include "common/model/document.h"
#include "common/storage/rocks_store.h"
#include "services/extraction/knowledge/entity_registry.h"
#include "services/extraction/ner/entity_recognizer.h"

namespace newsgraph::extraction {

struct ExtractionStoreOptions {
  std::string path;               // RocksDB folder
  std::string model_path;         // NER model file (models/)
  std::string aliases_path;       // alias table (models/aliases.tsv); "" = none
  size_t block_cache_bytes = 64 << 20;
  bool sync_writes = false;
  size_t max_extract_bytes = 4 << 20;  // largest text Extract accepts
  // Threads that annotate the documents of one feed batch in parallel.
  size_t annotate_threads = 2;
};

class ExtractionStore {
 public:
  // Fails with a message naming the file when the model or alias table is
  // missing or corrupt (the service refuses to start without them).
  static absl::StatusOr<std::unique_ptr<ExtractionStore>> Open(
      const ExtractionStoreOptions& options);

  // Applies one change of ingest's feed. Changes at or below the cursor are
  // skipped (already applied), so a replay after a crash is harmless.
  absl::Status ApplyDocumentChange(const DocumentChange& change);
  // Applies changes in feed order, annotating their documents in parallel
  // first. Each change is written with its own cursor, so a failure part-way
  // leaves the applied prefix in place and the rest for the retry.
  absl::Status ApplyDocumentChanges(const std::vector<DocumentChange>& changes);

  // The last ingest feed sequence applied.
  uint64_t cursor() const { return cursor_.load(); }

  // NOT_FOUND when the document is unknown or not annotated yet.
  absl::StatusOr<DocumentAnnotations> GetAnnotations(const std::string& doc_id) const;

  // Annotates `text` without storing anything. `reference_date` (YYYY-MM-DD
  // or "") anchors relative dates. INVALID_ARGUMENT for empty text or a bad
  // date, RESOURCE_EXHAUSTED above max_extract_bytes.
  absl::StatusOr<DocumentAnnotations> Extract(const std::string& text,
                                              const std::string& reference_date) const;

  EntityRegistry& registry() { return *registry_; }
  const EntityRegistry& registry() const { return *registry_; }
  FeedLog& feed() { return *feed_; }
  RocksStore& store() { return *store_; }

 private:
  explicit ExtractionStore(ExtractionStoreOptions options) : options_(std::move(options)) {}

  // An upsert's annotations and document knowledge, computed before linking.
  struct PreparedChange {
    DocumentAnnotations annotations;
    DocumentKnowledge knowledge;
  };
  // Links, stores and publishes one change with the cursor (writer thread).
  absl::Status CommitChange(const DocumentChange& change, PreparedChange prepared);

  // Recognizes and analyzes `text`[body_begin, body_end) into annotations
  // whose offsets point into `text`.
  DocumentAnnotations Annotate(const std::string& text, uint32_t body_begin, uint32_t body_end,
                               const std::string& title, const std::string& published_date,
                               DocumentKnowledge* knowledge) const;

  ExtractionStoreOptions options_;
  std::unique_ptr<EntityRecognizer> recognizer_;
  std::unique_ptr<RocksStore> store_;
  std::unique_ptr<FeedLog> feed_;
  std::unique_ptr<EntityRegistry> registry_;
  std::atomic<uint64_t> cursor_{0};
};

}  // namespace newsgraph::extraction

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_CORE_EXTRACTION_STORE_H_
