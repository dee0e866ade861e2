#include "common/feed/feed_log.h"

#include "common/encoding/coding.h"
#include "common/status/status_macros.h"

namespace newsgraph {

FeedLog::FeedLog(RocksStore* store, ColumnFamily cf) : store_(store), cf_(cf) {}

std::string FeedLog::KeyFor(uint64_t sequence) {
  std::string key;
  AppendBigEndian64(&key, sequence);
  return key;
}

absl::Status FeedLog::Open() {
  std::unique_ptr<StoreIterator> it = store_->NewIterator(cf_);
  it->SeekToLast();
  uint64_t last = 0;
  if (it->Valid()) {
    if (it->key().size() != 8) {
      return absl::DataLossError("feed log holds a key that is not a sequence number");
    }
    last = ReadBigEndian64(it->key());
  }
  RETURN_IF_ERROR(it->status());
  absl::MutexLock lock(&mutex_);
  last_sequence_ = last;
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> FeedLog::Append(WriteBatch batch, const EntryMaker& make_entry) {
  absl::MutexLock append_lock(&append_mutex_);
  const uint64_t sequence = last_sequence() + 1;
  const std::string entry = make_entry(sequence, batch);
  batch.Put(cf_, KeyFor(sequence), entry);
  RETURN_IF_ERROR(store_->Write(batch));
  absl::MutexLock lock(&mutex_);
  last_sequence_ = sequence;
  return sequence;
}

absl::StatusOr<std::vector<FeedLog::Entry>> FeedLog::ReadAfter(uint64_t after,
                                                               size_t max_entries,
                                                               size_t max_bytes) const {
  std::vector<Entry> entries;
  const uint64_t last = last_sequence();
  if (after >= last) return entries;
  std::unique_ptr<StoreIterator> it = store_->NewIterator(cf_);
  size_t bytes = 0;
  for (it->Seek(KeyFor(after + 1)); it->Valid() && entries.size() < max_entries;
       it->Next()) {
    const uint64_t sequence = ReadBigEndian64(it->key());
    // Entries past `last` may belong to an append that has not returned yet;
    // they are served on the next read, keeping order strict.
    if (sequence > last) break;
    if (!entries.empty() && bytes + it->value().size() > max_bytes) break;
    bytes += it->value().size();
    entries.push_back(Entry{sequence, std::string(it->value())});
  }
  RETURN_IF_ERROR(it->status());
  return entries;
}

uint64_t FeedLog::last_sequence() const {
  absl::MutexLock lock(&mutex_);
  return last_sequence_;
}

bool FeedLog::WaitForNewer(uint64_t after, absl::Time deadline) const {
  absl::MutexLock lock(&mutex_);
  auto ready = [this, after]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return last_sequence_ > after || shutdown_;
  };
  mutex_.AwaitWithDeadline(absl::Condition(&ready), deadline);
  return last_sequence_ > after;
}

bool FeedLog::is_shut_down() const {
  absl::MutexLock lock(&mutex_);
  return shutdown_;
}

void FeedLog::Shutdown() {
  absl::MutexLock lock(&mutex_);
  shutdown_ = true;
}

}  // namespace newsgraph
