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
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
};

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

 private:
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
          applied_.fetch_add(pending.size());
          progressed = true;
        } else {
          LOG_ERROR << options_.name << ": applying changes " << pending.front().sequence()
                    << ".." << pending.back().sequence() << " failed, will retry: " << status;
        }
        pending.clear();
        return status;
      };
      while (stream->Read(&change)) {
        SetConnected(true);
        upstream_head_.store(std::max<uint64_t>(change.head_sequence(), change.sequence()));
        const bool caught_up = change.sequence() >= change.head_sequence();
        pending.push_back(std::move(change));
        if (caught_up || pending.size() >= options_.max_batch) {
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
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_GRPC_FEED_FOLLOWER_H_
