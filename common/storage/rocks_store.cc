#include "common/storage/rocks_store.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/cache.h"
#include "rocksdb/table.h"

namespace newsgraph {
namespace {

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

// The smallest key greater than every key that starts with `prefix`, or ""
// when there is none (all 0xff).
std::string PrefixUpperBound(std::string_view prefix) {
  std::string bound(prefix);
  while (!bound.empty()) {
    unsigned char last = static_cast<unsigned char>(bound.back());
    if (last != 0xff) {
      bound.back() = static_cast<char>(last + 1);
      return bound;
    }
    bound.pop_back();
  }
  return bound;
}

// RocksDB reads ReadOptions::iterate_upper_bound through a pointer for the
// iterator's whole life, so the bound (string and Slice) lives beside it.
struct UpperBound {
  std::string key;
  rocksdb::Slice slice;
};

// An iterator that owns the upper bound it was created with.
class BoundedIterator : public rocksdb::Iterator {
 public:
  BoundedIterator(std::unique_ptr<UpperBound> bound, rocksdb::Iterator* it)
      : bound_(std::move(bound)), it_(it) {}
  bool Valid() const override { return it_->Valid(); }
  void SeekToFirst() override { it_->SeekToFirst(); }
  void SeekToLast() override { it_->SeekToLast(); }
  void Seek(const rocksdb::Slice& target) override { it_->Seek(target); }
  void SeekForPrev(const rocksdb::Slice& target) override { it_->SeekForPrev(target); }
  void Next() override { it_->Next(); }
  void Prev() override { it_->Prev(); }
  rocksdb::Slice key() const override { return it_->key(); }
  rocksdb::Slice value() const override { return it_->value(); }
  rocksdb::Status status() const override { return it_->status(); }

 private:
  std::unique_ptr<UpperBound> bound_;  // must outlive it_
  std::unique_ptr<rocksdb::Iterator> it_;
};

absl::Mutex& OpenStoresMutex() {
  static absl::Mutex* mutex = new absl::Mutex();
  return *mutex;
}

// Every open store of the process (see RocksStore::ForEachOpenStore).
std::set<const RocksStore*>& OpenStores() {
  static std::set<const RocksStore*>* stores = new std::set<const RocksStore*>();
  return *stores;
}

// Reads a number from rocksdb.cfstats' map ("compaction.Sum.WriteGB" ...).
double MapDouble(const std::map<std::string, std::string>& map, const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? 0 : std::strtod(it->second.c_str(), nullptr);
}

}  // namespace

absl::Status FromRocksStatus(const rocksdb::Status& status, std::string_view context) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat(std::string(context), ": ", status.ToString());
  switch (status.code()) {
    case rocksdb::Status::kNotFound:
      return absl::NotFoundError(message);
    case rocksdb::Status::kCorruption:
      return absl::DataLossError(message);
    case rocksdb::Status::kInvalidArgument:
      return absl::InvalidArgumentError(message);
    case rocksdb::Status::kIOError:
      if (status.ToString().find("lock") != std::string::npos) {
        return absl::FailedPreconditionError(
            absl::StrCat(message, " (is another process using this data folder?)"));
      }
      return absl::UnavailableError(message);
    case rocksdb::Status::kBusy:
    case rocksdb::Status::kTryAgain:
    case rocksdb::Status::kTimedOut:
      return absl::UnavailableError(message);
    case rocksdb::Status::kShutdownInProgress:
      return absl::CancelledError(message);
    default:
      return absl::InternalError(message);
  }
}

void WriteBatch::Put(ColumnFamily cf, std::string_view key, std::string_view value) {
  batch_.Put((*handles_)[cf], ToSlice(key), ToSlice(value));
}

void WriteBatch::Delete(ColumnFamily cf, std::string_view key) {
  batch_.Delete((*handles_)[cf], ToSlice(key));
}

void WriteBatch::Merge(ColumnFamily cf, std::string_view key, std::string_view value) {
  batch_.Merge((*handles_)[cf], ToSlice(key), ToSlice(value));
}

absl::Status StoreIterator::status() const {
  return FromRocksStatus(it_->status(), "iterator");
}

absl::StatusOr<std::unique_ptr<RocksStore>> RocksStore::Open(const StoreOptions& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("store path is empty");
  if (options.column_families.empty() || options.column_families[0].name != "default") {
    return absl::InvalidArgumentError("column family 0 must be \"default\"");
  }
  if (options.sync_writes && !options.write_ahead_log) {
    return absl::InvalidArgumentError("store: sync_writes needs the write-ahead log");
  }
  rocksdb::Options db_options;
  // Without the log, a crash must take every family back to the same write.
  db_options.atomic_flush = !options.write_ahead_log;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.max_open_files = options.open_all_files ? -1 : 512;
  db_options.keep_log_file_num = 3;

  int shard_bits = 0;
  while (shard_bits < 6 &&
         (options.block_cache_bytes >> (shard_bits + 1)) >= kMinBlockCacheShardBytes) {
    ++shard_bits;
  }
  std::shared_ptr<rocksdb::Cache> cache =
      rocksdb::NewLRUCache(options.block_cache_bytes, shard_bits);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const ColumnFamilySpec& spec : options.column_families) {
    rocksdb::ColumnFamilyOptions cf_options;
    cf_options.compression = rocksdb::kLZ4Compression;
    cf_options.bottommost_compression = rocksdb::kZSTD;
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = cache;
    table.cache_index_and_filter_blocks = true;
    cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    if (spec.configure) spec.configure(&cf_options);
    descriptors.emplace_back(spec.name, cf_options);
  }

  auto store = std::unique_ptr<RocksStore>(new RocksStore());
  store->path_ = options.path;
  store->sync_writes_ = options.sync_writes;
  store->write_ahead_log_ = options.write_ahead_log;
  rocksdb::DB* db = nullptr;
  rocksdb::Status status =
      rocksdb::DB::Open(db_options, options.path, descriptors, &store->handles_, &db);
  if (!status.ok()) {
    return FromRocksStatus(status, absl::StrCat("opening store at ", options.path));
  }
  store->db_.reset(db);
  {
    absl::MutexLock lock(&OpenStoresMutex());
    OpenStores().insert(store.get());
  }
  return store;
}

RocksStore::~RocksStore() {
  if (!db_) return;
  {
    // Waits for a metrics scrape that is reading this store.
    absl::MutexLock lock(&OpenStoresMutex());
    OpenStores().erase(this);
  }
  rocksdb::FlushOptions flush;
  flush.wait = true;
  db_->Flush(flush, handles_);
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle);
  }
  db_->Close();
}

absl::StatusOr<std::optional<std::string>> RocksStore::Get(ColumnFamily cf,
                                                          std::string_view key) const {
  std::string value;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), handle(cf), ToSlice(key), &value);
  if (status.IsNotFound()) return std::nullopt;
  if (!status.ok()) return FromRocksStatus(status, "get");
  return value;
}

absl::StatusOr<std::unique_ptr<PinnedValue>> RocksStore::GetPinned(ColumnFamily cf,
                                                                   std::string_view key,
                                                                   const ReadMode& mode) const {
  rocksdb::ReadOptions read_options;
  read_options.verify_checksums = mode.verify_checksums;
  auto value = std::make_unique<PinnedValue>();
  rocksdb::Status status = db_->Get(read_options, handle(cf), ToSlice(key), &value->slice_);
  if (status.IsNotFound()) return nullptr;
  if (!status.ok()) return FromRocksStatus(status, "get");
  return value;
}

absl::Status RocksStore::Write(const WriteBatch& batch) {
  rocksdb::WriteOptions write_options;
  write_options.sync = sync_writes_;
  write_options.disableWAL = !write_ahead_log_;
  // WriteBatch is logically const here; RocksDB's API takes a mutable one.
  return FromRocksStatus(
      db_->Write(write_options, const_cast<rocksdb::WriteBatch*>(&batch.batch_)), "write");
}

std::unique_ptr<StoreIterator> RocksStore::NewIterator(ColumnFamily cf,
                                                      std::string_view prefix) const {
  rocksdb::ReadOptions read_options;
  if (prefix.empty()) {
    return std::make_unique<StoreIterator>(
        std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(read_options, handle(cf))));
  }
  auto bound = std::make_unique<UpperBound>();
  bound->key = PrefixUpperBound(prefix);
  bound->slice = rocksdb::Slice(bound->key);
  if (!bound->key.empty()) read_options.iterate_upper_bound = &bound->slice;
  rocksdb::Iterator* raw = db_->NewIterator(read_options, handle(cf));
  return std::make_unique<StoreIterator>(
      std::make_unique<BoundedIterator>(std::move(bound), raw));
}

absl::Status RocksStore::Flush() {
  rocksdb::FlushOptions flush;
  flush.wait = true;
  return FromRocksStatus(db_->Flush(flush, handles_), "flush");
}

uint64_t RocksStore::ApproximateDiskBytes() const {
  uint64_t total = 0;
  for (rocksdb::ColumnFamilyHandle* h : handles_) {
    uint64_t value = 0;
    if (db_->GetIntProperty(h, rocksdb::DB::Properties::kTotalSstFilesSize, &value)) {
      total += value;
    }
    if (db_->GetIntProperty(h, rocksdb::DB::Properties::kCurSizeAllMemTables, &value)) {
      total += value;
    }
  }
  return total;
}

uint64_t RocksStore::GetIntProperty(ColumnFamily cf, const std::string& property) const {
  uint64_t value = 0;
  if (!db_->GetIntProperty(handle(cf), property, &value)) return 0;
  return value;
}

StoreStats RocksStore::Stats() const {
  StoreStats stats;
  auto property = [this](rocksdb::ColumnFamilyHandle* handle, const std::string& name) {
    uint64_t value = 0;
    return db_->GetIntProperty(handle, name, &value) ? value : 0;
  };
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    StoreStats::ColumnFamilyStats cf;
    cf.name = handle->GetName();
    cf.sst_bytes = property(handle, rocksdb::DB::Properties::kTotalSstFilesSize);
    cf.live_data_bytes = property(handle, rocksdb::DB::Properties::kEstimateLiveDataSize);
    cf.memtable_bytes = property(handle, rocksdb::DB::Properties::kCurSizeAllMemTables);
    cf.estimated_keys = property(handle, rocksdb::DB::Properties::kEstimateNumKeys);
    // A string property (GetIntProperty does not know it).
    std::string level0;
    if (db_->GetProperty(handle, rocksdb::DB::Properties::kNumFilesAtLevelPrefix + "0",
                         &level0)) {
      cf.level0_files = std::strtoull(level0.c_str(), nullptr, 10);
    }
    cf.compaction_pending = property(handle, rocksdb::DB::Properties::kCompactionPending) != 0;
    cf.pending_compaction_bytes =
        property(handle, rocksdb::DB::Properties::kEstimatePendingCompactionBytes);
    std::map<std::string, std::string> cfstats;
    if (db_->GetMapProperty(handle, rocksdb::DB::Properties::kCFStats, &cfstats)) {
      constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
      // RocksDB counts flushes in the level-0 row (and so in "Sum"):
      // compactions are the rows of levels 1 and up. Values have six
      // decimals, so bytes are exact to about a kilobyte.
      auto sum_minus_l0 = [&cfstats](const std::string& stat) {
        return std::max(0.0, MapDouble(cfstats, "compaction.Sum." + stat) -
                                 MapDouble(cfstats, "compaction.L0." + stat));
      };
      cf.compactions = static_cast<uint64_t>(sum_minus_l0("CompCount") + 0.5);
      cf.compaction_read_bytes = static_cast<uint64_t>(sum_minus_l0("ReadGB") * kGiB);
      cf.compaction_written_bytes = static_cast<uint64_t>(sum_minus_l0("WriteGB") * kGiB);
    }
    stats.column_families.push_back(std::move(cf));
  }
  rocksdb::ColumnFamilyHandle* any = handles_.front();
  stats.running_compactions = property(any, rocksdb::DB::Properties::kNumRunningCompactions);
  stats.running_flushes = property(any, rocksdb::DB::Properties::kNumRunningFlushes);
  stats.background_errors = property(any, rocksdb::DB::Properties::kBackgroundErrors);
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(path_, error)) {
    std::error_code entry_error;
    if (entry.is_regular_file(entry_error)) {
      const uintmax_t size = entry.file_size(entry_error);
      if (!entry_error) stats.folder_bytes += size;
    }
  }
  return stats;
}

void RocksStore::ForEachOpenStore(const std::function<void(const RocksStore&)>& visit) {
  absl::MutexLock lock(&OpenStoresMutex());
  for (const RocksStore* store : OpenStores()) visit(*store);
}

}  // namespace newsgraph
