// IngestStore: the ingest service's domain logic and state — cleans articles
// (services/ingest/cleaning), detects exact and near duplicates, stores raw
// and clean text, answers repeated request ids with their first answer, and
// appends every change to the change feed in the same WriteBatch.
//
// Thread-safety: safe for concurrent use. Cleaning runs in the caller's
// thread in parallel; the duplicate check and the write are serialized.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_INGEST_STORE_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_INGEST_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/feed/feed_log.h"
#include "common/model/document.h"
#include "common/storage/rocks_store.h"
#include "services/ingest/cleaning/cleaner.h"

namespace newsgraph::ingest {

struct IngestStoreOptions {
  std::string path;                      // RocksDB folder
  size_t block_cache_bytes = 64 << 20;
  bool sync_writes = false;
  CleanerOptions cleaner;                // size and title limits
  size_t max_request_id_bytes = 256;
  size_t max_external_id_bytes = 512;
  size_t max_url_bytes = 4096;
  // Wall clock in milliseconds; injectable for tests.
  std::function<int64_t()> now_ms;
};

struct IngestRequest {
  std::string content;
  std::string content_type;  // "text/plain", "text/html" or "" (detect)
  std::string url;
  std::string source_name;
  std::string external_id;
  std::string request_id;    // idempotency key, optional
  std::string title;           // caller's headline, replaces the cleaner's
  std::string published_date;  // caller's date (any form ParseDate reads)
};

enum class IngestOutcome { kCreated = 1, kUpdated = 2, kDuplicate = 3 };

struct IngestResult {
  std::string doc_id;
  IngestOutcome outcome = IngestOutcome::kCreated;
  std::string near_duplicate_of;
  std::string title;
  std::string published_date;
  std::string source;
  uint64_t sequence = 0;   // feed sequence of the change, 0 for duplicates
  bool replayed = false;   // answered from the request-id table
};

struct DocumentPage {
  std::vector<Document> documents;  // clean_text left empty
  std::string next_page_token;      // "" on the last page
};

class IngestStore {
 public:
  static absl::StatusOr<std::unique_ptr<IngestStore>> Open(IngestStoreOptions options);

  // Cleans and stores one article. See IngestOutcome; errors come from the
  // cleaner (INVALID_ARGUMENT, RESOURCE_EXHAUSTED) or the store.
  absl::StatusOr<IngestResult> Ingest(const IngestRequest& request);

  // NOT_FOUND for an unknown id.
  absl::StatusOr<Document> GetDocument(const std::string& doc_id) const;
  absl::StatusOr<std::string> GetRawContent(const std::string& doc_id) const;

  // Newest first. page_size: 0 = 20, at most 1000 (INVALID_ARGUMENT above).
  absl::StatusOr<DocumentPage> ListDocuments(int page_size, const std::string& page_token,
                                             const std::string& source) const;

  // Deletes a document and appends a tombstone; returns its sequence.
  // A repeated request_id returns the first answer; NOT_FOUND otherwise for
  // an unknown id.
  absl::StatusOr<uint64_t> Delete(const std::string& doc_id, const std::string& request_id);

  FeedLog& feed() { return *feed_; }
  RocksStore& store() { return *store_; }
  uint64_t document_count() const;

 private:
  explicit IngestStore(IngestStoreOptions options) : options_(std::move(options)) {}

  absl::Status CheckRequestFields(const IngestRequest& request) const;
  absl::StatusOr<std::optional<IngestResult>> FindReplay(const std::string& request_id) const;
  // The closest stored document within the near-duplicate distance.
  std::optional<std::string> FindNearDuplicate(uint64_t simhash, const std::string& self_id) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mutex_);
  // Removes the index rows of `doc` (for updates and deletes).
  void RemoveIndexRows(const Document& doc, WriteBatch& batch) const;
  void AddIndexRows(const Document& doc, const std::string& external_key, WriteBatch& batch) const;

  IngestStoreOptions options_;
  std::unique_ptr<RocksStore> store_;
  std::unique_ptr<FeedLog> feed_;
  // Serializes duplicate checks, id assignment and writes.
  absl::Mutex write_mutex_;
  uint64_t doc_counter_ ABSL_GUARDED_BY(write_mutex_) = 0;
  // Every stored document's SimHash. A linear scan with popcount is exact
  // for any distance threshold and takes about a millisecond per million
  // documents, far below the cost of cleaning one article.
  std::unordered_map<std::string, uint64_t> simhashes_ ABSL_GUARDED_BY(write_mutex_);
  mutable absl::Mutex count_mutex_;
  uint64_t document_count_ ABSL_GUARDED_BY(count_mutex_) = 0;
};

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_INGEST_STORE_H_
