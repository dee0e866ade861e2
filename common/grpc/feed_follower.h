// FeedFollower: the consumer side of a change feed. A background thread
// opens the upstream's server-streaming feed RPC from the consumer's stored
// cursor, applies every change (the apply function stores the change's
// effects and the new cursor in one WriteBatch), and on any failure
// reconnects with capped exponential backoff, resuming from the cursor.
// A crash at any point neither loses nor doubles a change: the cursor and the
// effects are committed together.
//
// Thread-safety: Start/Stop from one thread; the status accessors from any.
#ifndef NEWSGRAPH_COMMON_GRPC_FEED_FOLLOWER_H_
#define NEWSGRAPH_COMMON_GRPC_FEED_FOLLOWER_H_

#include <algorithm>
#include <atomic>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/strings/numbers.h"
#include "common/grpc/feed_streaming.h"
#include "common/grpc/status_conversion.h"
#include "common/logging/log.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/sync_stream.h"

namespace newsgraph {

struct FeedFollowerOptions {
  std::string name = "feed";  // for logs
  // Most changes applied in one batch. The follower batches only while it
  // is behind (more entries were already waiting upstream when this one was
  // sent); once caught up it applies each change at once, keeping lag low.
  size_t max_batch = 256;
  // Catching up on a deep backlog (at least this many more changes waiting
  // upstream beyond those gathered), batches grow up to catch_up_batch
  // instead: per change, a large batch costs some consumers much less, and
  // changes that far behind lose nothing by waiting for their batch. Near
  // the head, max_batch keeps batches (and the lag they add) small. 0 = off.
  // (No time bound is needed: changes that far behind are stored upstream
  // already and arrive as fast as they are read.)
  size_t catch_up_batch = 0;
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
};

// Where a follower stands, for metrics and health (see progress()).
struct FeedProgress {
  bool connected = false;
  uint64_t cursor = 0;         // the consumer's durable cursor
  uint64_t upstream_head = 0;  // upstream's last sequence, as last heard
  uint64_t applied = 0;        // changes applied since this process started
  // Sequence numbers behind: upstream_head - cursor (0 when caught up).
  uint64_t lag_sequences = 0;
  // Seconds behind: 0 when caught up; otherwise how long ago upstream
  // stored the oldest change not applied yet. That change's time is known
  // once it was received; until then (e.g. just after a reconnect) the
  // store time of the newest applied change stands in for it, an upper
  // bound as every unapplied change is newer, or the follower's start
  // when it applied nothing yet. Store times come from upstream's clock
  // (the result is clamped at 0).
  double lag_seconds = 0;
  // Upstream's store time of the newest change applied by this process
  // (absl::InfinitePast() when none).
  absl::Time newest_applied_change_time = absl::InfinitePast();
};

// Whether a follower applies the changes it has gathered now: once caught up
// with upstream (lag stays low), or when the batch is full (max_batch, or
// catch_up_batch while `waiting` more changes upstream make a deep backlog).
inline bool ShouldApplyBatch(const FeedFollowerOptions& options, size_t gathered, bool caught_up,
                             uint64_t waiting) {
  if (caught_up) return true;
  const bool deep_backlog =
      options.catch_up_batch > options.max_batch && waiting >= options.catch_up_batch;
  return gathered >= (deep_backlog ? options.catch_up_batch : options.max_batch);
}

template <typename Change>
class FeedFollower {
 public:
  // Opens the feed stream after `after_sequence` on `context`.
  using StreamOpener = std::function<std::unique_ptr<grpc::ClientReaderInterface<Change>>(
      grpc::ClientContext* context, uint64_t after_sequence)>;
  // Applies changes durably and atomically (their effects and the cursor of
  // the last one in one write). Changes arrive in feed order.
  using Applier = std::function<absl::Status(const std::vector<Change>& changes)>;
  // The consumer's durable cursor.
  using CursorReader = std::function<uint64_t()>;
  // Told when the follower connects to or loses its upstream.
  using ConnectionObserver = std::function<void(bool connected)>;

  FeedFollower(FeedFollowerOptions options, StreamOpener open, Applier apply,
               CursorReader cursor, ConnectionObserver on_connection)
      : options_(std::move(options)),
        open_(std::move(open)),
        apply_(std::move(apply)),
        cursor_(std::move(cursor)),
        on_connection_(std::move(on_connection)) {}

  ~FeedFollower() { Stop(); }

  void Start() {
    thread_ = std::thread([this] { Run(); });
  }

  // Cancels the stream and joins the thread. Idempotent.
  void Stop() {
    {
      absl::MutexLock lock(&mutex_);
      if (stopping_) return;
      stopping_ = true;
      if (context_ != nullptr) context_->TryCancel();
    }
    if (thread_.joinable()) thread_.join();
  }

  bool connected() const { return connected_.load(); }
  // The upstream's last sequence as of the latest entry received.
  uint64_t upstream_head() const { return upstream_head_.load(); }
  // Changes applied since start.
  uint64_t applied() const { return applied_.load(); }

  // A consistent-enough snapshot for metrics (each field is read
  // atomically; `now` is when lag_seconds is measured).
  FeedProgress progress(absl::Time now = absl::Now()) const {
    FeedProgress progress;
    progress.connected = connected_.load();
    progress.cursor = cursor_();
    progress.upstream_head = upstream_head_.load();
    progress.applied = applied_.load();
    progress.lag_sequences =
        progress.upstream_head > progress.cursor ? progress.upstream_head - progress.cursor : 0;
    const int64_t newest = newest_applied_micros_.load();
    if (newest != kNoTime) progress.newest_applied_change_time = absl::FromUnixMicros(newest);
    if (progress.lag_sequences > 0) {
      const int64_t oldest_pending = oldest_pending_micros_.load();
      const absl::Time since = oldest_pending != kNoTime ? absl::FromUnixMicros(oldest_pending)
                               : newest != kNoTime       ? progress.newest_applied_change_time
                                                         : started_;
      progress.lag_seconds = std::max(0.0, absl::ToDoubleSeconds(now - since));
    }
    return progress;
  }

 private:
  // Upstream's store time of a change, unix microseconds.
  static int64_t StoreMicros(const Change& change) {
    return change.time().seconds() * 1000000 + change.time().nanos() / 1000;
  }

  void SetConnected(bool connected) {
    if (connected_.exchange(connected) != connected && on_connection_) on_connection_(connected);
  }

  // Sleeps for `delay` unless Stop() is called first. Returns false when stopping.
  bool SleepUnlessStopping(absl::Duration delay) {
    absl::MutexLock lock(&mutex_);
    mutex_.AwaitWithTimeout(absl::Condition(&stopping_), delay);
    return !stopping_;
  }

  void Run() {
    absl::Duration backoff = options_.initial_backoff;
    while (true) {
      grpc::ClientContext context;
      {
        absl::MutexLock lock(&mutex_);
        if (stopping_) break;
        context_ = &context;
      }
      const uint64_t after = cursor_();
      std::unique_ptr<grpc::ClientReaderInterface<Change>> stream = open_(&context, after);
      stream->WaitForInitialMetadata();
      const auto& metadata = context.GetServerInitialMetadata();
      if (auto head = metadata.find(kFeedHeadMetadataKey); head != metadata.end()) {
        uint64_t value = 0;
        if (absl::SimpleAtoi(absl::string_view(head->second.data(), head->second.size()), &value)) {
          upstream_head_.store(value);
        }
        SetConnected(true);
      }
      Change change;
      bool progressed = false;
      absl::Status apply_error;
      std::vector<Change> pending;
      auto apply_pending = [&]() {
        if (pending.empty()) return absl::OkStatus();
        absl::Status status = apply_(pending);
        if (status.ok()) {
          newest_applied_micros_.store(StoreMicros(pending.back()));
          applied_.fetch_add(pending.size());
          progressed = true;
        } else {
          LOG_ERROR << options_.name << ": applying changes " << pending.front().sequence()
                    << ".." << pending.back().sequence() << " failed, will retry: " << status;
        }
        pending.clear();
        oldest_pending_micros_.store(kNoTime);
        return status;
      };
      while (stream->Read(&change)) {
        SetConnected(true);
        // Before the head moves, so that lag_seconds never sees a change
        // counted as behind without its time.
        if (pending.empty()) oldest_pending_micros_.store(StoreMicros(change));
        upstream_head_.store(std::max<uint64_t>(change.head_sequence(), change.sequence()));
        const bool caught_up = change.sequence() >= change.head_sequence();
        const uint64_t waiting = caught_up ? 0 : change.head_sequence() - change.sequence();
        pending.push_back(std::move(change));
        if (ShouldApplyBatch(options_, pending.size(), caught_up, waiting)) {
          apply_error = apply_pending();
          if (!apply_error.ok()) break;
        }
      }
      if (apply_error.ok()) {
        apply_error = apply_pending();
      }
      if (!apply_error.ok()) context.TryCancel();
      const grpc::Status finish = stream->Finish();
      {
        absl::MutexLock lock(&mutex_);
        context_ = nullptr;
        if (stopping_) break;
      }
      // The upstream is usable only if the stream did not fail to connect,
      // time out or get refused (a wrong token or certificate is as bad as
      // an unreachable upstream: nothing arrives).
      const grpc::StatusCode code = finish.error_code();
      const bool reachable = code != grpc::StatusCode::UNAVAILABLE &&
                             code != grpc::StatusCode::DEADLINE_EXCEEDED &&
                             code != grpc::StatusCode::UNAUTHENTICATED &&
                             code != grpc::StatusCode::PERMISSION_DENIED;
      SetConnected(reachable && apply_error.ok());
      if (progressed) backoff = options_.initial_backoff;
      LOG_WARNING << options_.name << ": feed stream ended (" << finish.error_code() << ": "
                  << finish.error_message() << "), reconnecting in "
                  << absl::FormatDuration(backoff);
      if (!SleepUnlessStopping(backoff)) break;
      backoff = std::min(backoff * 2, options_.max_backoff);
    }
    SetConnected(false);
  }

  const FeedFollowerOptions options_;
  const StreamOpener open_;
  const Applier apply_;
  const CursorReader cursor_;
  const ConnectionObserver on_connection_;
  std::thread thread_;
  absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  grpc::ClientContext* context_ ABSL_GUARDED_BY(mutex_) = nullptr;
  std::atomic<bool> connected_{false};
  std::atomic<uint64_t> upstream_head_{0};
  std::atomic<uint64_t> applied_{0};
  static constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();
  std::atomic<int64_t> newest_applied_micros_{kNoTime};  // unix microseconds
  std::atomic<int64_t> oldest_pending_micros_{kNoTime};  // received, not applied
  const absl::Time started_ = absl::Now();
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_GRPC_FEED_FOLLOWER_H_
