// FeedLog: an append-only change log inside a RocksStore (one column family,
// key = big-endian sequence number, value = an encoded change record).
//
// The upstream service adds the log entry to the same WriteBatch as the
// change itself (Append), so a change and its feed entry land together or not
// at all. Sequence numbers start at 1, are dense and strictly increasing;
// appends are serialized so that readers never observe a gap (entry N is
// always visible before N+1).
//
// Thread-safety: all methods may be called concurrently.
#ifndef NEWSGRAPH_COMMON_FEED_FEED_LOG_H_
#define NEWSGRAPH_COMMON_FEED_FEED_LOG_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/storage/rocks_store.h"

namespace newsgraph {

class FeedLog {
 public:
  struct Entry {
    uint64_t sequence = 0;
    std::string payload;
  };

  // REQUIRES: `store` outlives the log; `cf` is the log's column family.
  FeedLog(RocksStore* store, ColumnFamily cf);

  // Reads the last sequence number from the store. Call once before use.
  absl::Status Open();

  // Adds one entry, made by `make_entry(sequence, batch)`, to `batch` and
  // writes the batch. `make_entry` may add rows of its own that depend on the
  // sequence number (e.g. an idempotency record), so they land atomically
  // with the entry. Returns the entry's sequence number.
  using EntryMaker = std::function<std::string(uint64_t sequence, WriteBatch& batch)>;
  absl::StatusOr<uint64_t> Append(WriteBatch batch, const EntryMaker& make_entry);

  // Entries with sequence > `after`, in order, at most `max_entries` and
  // stopping once `max_bytes` of payload were collected (at least one entry
  // is returned when any exists).
  absl::StatusOr<std::vector<Entry>> ReadAfter(uint64_t after, size_t max_entries,
                                               size_t max_bytes) const;

  // The highest sequence number written so far (0 when empty).
  uint64_t last_sequence() const;

  // Blocks until an entry with sequence > `after` exists, `deadline` passes
  // or Shutdown() is called. Returns true when such an entry exists.
  bool WaitForNewer(uint64_t after, absl::Time deadline) const;

  // Wakes every waiter; later waits return immediately.
  void Shutdown();
  bool is_shut_down() const;

  // The store key of a sequence number (for the key-layout docs and tests).
  static std::string KeyFor(uint64_t sequence);

 private:
  RocksStore* const store_;
  const ColumnFamily cf_;
  // Serializes appends so that sequence numbers become visible in order.
  absl::Mutex append_mutex_;
  mutable absl::Mutex mutex_;
  uint64_t last_sequence_ ABSL_GUARDED_BY(mutex_) = 0;
  bool shutdown_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_FEED_FEED_LOG_H_
