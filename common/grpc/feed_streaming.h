// Serves a FeedLog as a server-streaming RPC: everything after the caller's
// sequence, then new entries as they land, until the caller goes away, the
// deadline passes or the server shuts down. Shared by ingest's WatchChanges
// and extraction's WatchAnnotations.
#ifndef NEWSGRAPH_COMMON_GRPC_FEED_STREAMING_H_
#define NEWSGRAPH_COMMON_GRPC_FEED_STREAMING_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "common/feed/feed_log.h"
#include "grpcpp/grpcpp.h"

namespace newsgraph {

// `send(sequence, payload, head_sequence)` converts one entry and writes it;
// it returns false when the stream is broken, an error status when the entry
// cannot be decoded.
// Initial-metadata key carrying the feed's last sequence when the stream
// opens: tells the follower it reached its upstream, and how far behind it is.
inline constexpr char kFeedHeadMetadataKey[] = "x-newsgraph-feed-head";

using FeedEntrySender =
    std::function<absl::StatusOr<bool>(uint64_t sequence, const std::string& payload,
                                       uint64_t head_sequence)>;

// `send_initial_metadata` is called once the request is accepted, so that a
// follower knows it reached its upstream before any entry exists.
grpc::Status StreamFeed(grpc::ServerContext* context, const FeedLog& feed,
                        uint64_t after_sequence, const std::function<void()>& send_initial_metadata,
                        const FeedEntrySender& send);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_GRPC_FEED_STREAMING_H_
