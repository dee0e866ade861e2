#include "common/grpc/feed_streaming.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/status_conversion.h"
#include "common/logging/log.h"

namespace newsgraph {
namespace {

// Entries per read and bytes per read: bounded so that one slow consumer
// does not hold a large batch in memory.
constexpr size_t kBatchEntries = 256;
constexpr size_t kBatchBytes = 4 << 20;
// How often an idle stream rechecks cancellation.
constexpr absl::Duration kIdleWait = absl::Milliseconds(500);
// After waiting for a new entry, how long to let more arrive before sending:
// a consumer that is caught up applies each change it receives at once, and
// one change at a time costs it several times more per change than a batch
// (query indexing most). At a few hundred changes per second this turns a
// stream of single changes into small batches, for at most this much added
// lag per hop.
constexpr absl::Duration kCoalesceWindow = absl::Milliseconds(5);

}  // namespace

grpc::Status StreamFeed(grpc::ServerContext* context, const FeedLog& feed,
                        uint64_t after_sequence, const std::function<void()>& send_initial_metadata,
                        const FeedEntrySender& send) {
  if (after_sequence > feed.last_sequence()) {
    return grpc::Status(grpc::StatusCode::OUT_OF_RANGE,
                        absl::StrCat("after_sequence: ", after_sequence,
                                     " is beyond the feed's last sequence ", feed.last_sequence(),
                                     " (was the upstream store replaced?)"));
  }
  context->AddInitialMetadata(kFeedHeadMetadataKey, std::to_string(feed.last_sequence()));
  send_initial_metadata();
  uint64_t cursor = after_sequence;
  while (!context->IsCancelled()) {
    absl::StatusOr<std::vector<FeedLog::Entry>> entries =
        feed.ReadAfter(cursor, kBatchEntries, kBatchBytes);
    if (!entries.ok()) return ToGrpcStatus(entries.status());
    if (entries->empty()) {
      if (feed.is_shut_down()) {
        // The consumer reconnects (with backoff) to this or another replica.
        return grpc::Status(grpc::StatusCode::UNAVAILABLE, "server is shutting down");
      }
      if (feed.WaitForNewer(cursor, absl::Now() + kIdleWait) && !feed.is_shut_down()) {
        absl::SleepFor(kCoalesceWindow);
      }
      continue;
    }
    const uint64_t head = feed.last_sequence();
    for (const FeedLog::Entry& entry : *entries) {
      absl::StatusOr<bool> sent = send(entry.sequence, entry.payload, head);
      if (!sent.ok()) {
        LOG_ERROR << "feed entry " << entry.sequence << ": " << sent.status();
        return ToGrpcStatus(sent.status());
      }
      if (!*sent) return grpc::Status(grpc::StatusCode::CANCELLED, "stream closed by the client");
      cursor = entry.sequence;
    }
  }
  return grpc::Status(grpc::StatusCode::CANCELLED, "stream cancelled");
}

}  // namespace newsgraph
