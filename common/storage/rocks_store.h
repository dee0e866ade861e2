// RocksStore: the one place newsgraph talks to RocksDB.
//
// A store is one RocksDB folder with a fixed list of column families, given
// at Open by each service's key-layout file (see e.g.
// services/ingest/core/key_layout.h). rocksdb::Status never leaves this
// wrapper: every call returns absl::Status.
//
// Thread-safety: a RocksStore is safe for concurrent use from many threads
// without external synchronization (as rocksdb::DB is). A WriteBatch is not.
//
// Durability: every write goes through the write-ahead log, so a killed
// process (kill -9) loses nothing it acknowledged. `sync_writes` additionally
// fsyncs each batch, which protects against power loss at a large cost in
// write latency. A store that can be rebuilt from elsewhere may go without
// the log (`write_ahead_log` false): a killed process then loses the writes
// since the last flush, all column families back to the same write (atomic
// flush), so the store reopens as it was after some earlier write batch.
#ifndef NEWSGRAPH_COMMON_STORAGE_ROCKS_STORE_H_
#define NEWSGRAPH_COMMON_STORAGE_ROCKS_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"

namespace newsgraph {

// Index of a column family in StoreOptions::column_families.
using ColumnFamily = int;

inline constexpr size_t kMinBlockCacheShardBytes = 32 << 20;

// How RocksStore::GetPinned reads.
struct ReadMode {
  // Check each block's checksum when it is read from a file (not when it is
  // found in the block cache). Off saves RocksDB's software CRC32C over
  // every byte of large values, for data whose decoder checks its own
  // bounds and where a corrupt block is caught by the next compaction.
  bool verify_checksums = true;
};

// A value read without a copy: it points into RocksDB's block cache (or,
// for a value merged from operands, into a buffer of its own), kept alive
// until this object is destroyed.
class PinnedValue {
 public:
  std::string_view view() const { return slice_.ToStringView(); }
  size_t size() const { return slice_.size(); }

 private:
  friend class RocksStore;
  rocksdb::PinnableSlice slice_;
};

struct ColumnFamilySpec {
  std::string name;
  // Optional tuning (merge operator, prefix extractor, bloom filters, ...).
  // Called after the store-wide defaults (block cache, compression) are set.
  std::function<void(rocksdb::ColumnFamilyOptions*)> configure;
};

struct StoreOptions {
  std::string path;  // folder; created if missing
  // Column family 0 must be named "default" (RocksDB requires it to exist).
  std::vector<ColumnFamilySpec> column_families;
  // Shared LRU cache for all families. It is split into as many shards as
  // keep each at least kMinBlockCacheShardBytes: RocksDB frees at once a
  // block larger than its shard (its default, 512 KiB shards up to 64 of
  // them, gives 4 MiB shards at 256 MiB), and one value is one block, so
  // megabyte-sized values (a common word's postings) were never cached.
  size_t block_cache_bytes = 64 << 20;
  bool sync_writes = false;             // fsync every write batch
  // Off: writes skip the write-ahead log and the column families flush
  // together (see Durability above). For a store whose writes can be
  // replayed (e.g. a follower of another service's feed that stores its
  // cursor in the same batches); the log cost a fifth of the query index's
  // build time. Incompatible with sync_writes.
  bool write_ahead_log = true;
  // Open every table file at start, loading its index and filter blocks,
  // instead of on first use (then the first queries after a start pay for
  // the index and filter of each file they touch, megabytes for a large
  // index). Costs a file descriptor per table file; otherwise at most 512
  // files are kept open.
  bool open_all_files = false;
};

// A set of updates applied atomically by RocksStore::Write. Made by
// RocksStore::NewWriteBatch and only valid for that store.
class WriteBatch {
 public:
  void Put(ColumnFamily cf, std::string_view key, std::string_view value);
  void Delete(ColumnFamily cf, std::string_view key);
  void Merge(ColumnFamily cf, std::string_view key, std::string_view value);
  int Count() const { return batch_.Count(); }
  size_t ByteSize() const { return batch_.GetDataSize(); }

 private:
  friend class RocksStore;
  WriteBatch(const std::vector<rocksdb::ColumnFamilyHandle*>* handles, size_t reserved_bytes)
      : handles_(handles), batch_(reserved_bytes) {}
  const std::vector<rocksdb::ColumnFamilyHandle*>* handles_;
  rocksdb::WriteBatch batch_;
};

// Iterates one column family in key order.
class StoreIterator {
 public:
  explicit StoreIterator(std::unique_ptr<rocksdb::Iterator> it) : it_(std::move(it)) {}
  void Seek(std::string_view key) { it_->Seek(rocksdb::Slice(key.data(), key.size())); }
  void SeekToFirst() { it_->SeekToFirst(); }
  void SeekToLast() { it_->SeekToLast(); }
  // Positions at the last key <= `key`.
  void SeekForPrev(std::string_view key) {
    it_->SeekForPrev(rocksdb::Slice(key.data(), key.size()));
  }
  bool Valid() const { return it_->Valid(); }
  void Next() { it_->Next(); }
  void Prev() { it_->Prev(); }
  std::string_view key() const { return it_->key().ToStringView(); }
  std::string_view value() const { return it_->value().ToStringView(); }
  // OK unless iteration stopped because of an error.
  absl::Status status() const;

 private:
  std::unique_ptr<rocksdb::Iterator> it_;
};

// RocksDB's view of one store, for metrics (see RocksStore::Stats()).
struct StoreStats {
  struct ColumnFamilyStats {
    std::string name;
    uint64_t sst_bytes = 0;                 // rocksdb.total-sst-files-size
    uint64_t live_data_bytes = 0;           // rocksdb.estimate-live-data-size
    uint64_t memtable_bytes = 0;            // rocksdb.cur-size-all-mem-tables
    uint64_t estimated_keys = 0;            // rocksdb.estimate-num-keys
    uint64_t level0_files = 0;              // rocksdb.num-files-at-level0
    bool compaction_pending = false;        // rocksdb.compaction-pending
    uint64_t pending_compaction_bytes = 0;  // rocksdb.estimate-pending-compaction-bytes
    // Cumulative since the store opened (rocksdb.cfstats): compactions
    // into levels 1 and up (flushes excluded), the bytes they read and wrote.
    uint64_t compactions = 0;
    uint64_t compaction_read_bytes = 0;
    uint64_t compaction_written_bytes = 0;
  };
  std::vector<ColumnFamilyStats> column_families;
  uint64_t running_compactions = 0;  // rocksdb.num-running-compactions
  uint64_t running_flushes = 0;      // rocksdb.num-running-flushes
  uint64_t background_errors = 0;    // rocksdb.background-errors (cumulative)
  // Every regular file in the folder (SST, WAL, MANIFEST, logs): what the
  // store really takes on disk.
  uint64_t folder_bytes = 0;
};

class RocksStore {
 public:
  // Opens (creating if needed) the store at options.path. Fails with
  // FAILED_PRECONDITION if another process holds the folder's lock.
  static absl::StatusOr<std::unique_ptr<RocksStore>> Open(const StoreOptions& options);

  // Flushes memtables and closes the database.
  ~RocksStore();

  RocksStore(const RocksStore&) = delete;
  RocksStore& operator=(const RocksStore&) = delete;

  // std::nullopt when the key is absent.
  absl::StatusOr<std::optional<std::string>> Get(ColumnFamily cf, std::string_view key) const;
  // Like Get without copying the value (see PinnedValue); nullptr when the
  // key is absent. Worth it for values of many kilobytes.
  absl::StatusOr<std::unique_ptr<PinnedValue>> GetPinned(ColumnFamily cf, std::string_view key,
                                                         const ReadMode& mode = {}) const;

  // `reserved_bytes`: the batch's expected size, when known, so that a large
  // batch is not copied each time its buffer doubles.
  WriteBatch NewWriteBatch(size_t reserved_bytes = 0) const {
    return WriteBatch(&handles_, reserved_bytes);
  }

  // Applies all updates of `batch` atomically.
  absl::Status Write(const WriteBatch& batch);

  // A consistent view of one column family. With `prefix` set, iteration is
  // bounded to keys starting with it (and may use prefix bloom filters).
  std::unique_ptr<StoreIterator> NewIterator(ColumnFamily cf,
                                             std::string_view prefix = {}) const;

  // Flushes memtables to SST files (used at shutdown and in tests).
  absl::Status Flush();

  // Approximate on-disk size of all column families (SST + WAL files).
  uint64_t ApproximateDiskBytes() const;
  // A RocksDB property summed over all column families, e.g.
  // "rocksdb.estimate-num-keys". 0 when unknown.
  uint64_t GetIntProperty(ColumnFamily cf, const std::string& property) const;

  // Reads the properties above; cheap (no I/O but a directory listing).
  StoreStats Stats() const;

  // Calls `visit` for every store open in this process, while none of them
  // can close (metrics cover whatever stores a process has open without
  // each service handing its store out). `visit` must not open or close a
  // store.
  static void ForEachOpenStore(const std::function<void(const RocksStore&)>& visit);

  const std::string& path() const { return path_; }
  rocksdb::DB* raw_db() const { return db_.get(); }

 private:
  RocksStore() = default;
  rocksdb::ColumnFamilyHandle* handle(ColumnFamily cf) const { return handles_[cf]; }

  std::string path_;
  bool sync_writes_ = false;
  bool write_ahead_log_ = true;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

// Converts a RocksDB status to the matching absl status (used only inside
// common/storage).
absl::Status FromRocksStatus(const rocksdb::Status& status, std::string_view context);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_STORAGE_ROCKS_STORE_H_
