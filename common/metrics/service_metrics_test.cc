#include "common/metrics/service_metrics.h"

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/grpc/feed_follower.h"
#include "common/grpc/feed_streaming.h"
#include "common/metrics/scrape_for_test.h"
#include "common/status/status_matchers.h"
#include "common/storage/rocks_store.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "newsgraph/v1/ingest.grpc.pb.h"

namespace newsgraph {
namespace {

namespace v1 = ::newsgraph::v1;
using ::google::protobuf::util::TimeUtil;
using ::testing::HasSubstr;
using ::testing::Not;

// A feed of three changes stored 30 s ago; the stream then stays open, as a
// real feed does, until the follower cancels it.
class OldFeed final : public v1::IngestService::Service {
 public:
  explicit OldFeed(absl::Time stored) : stored_(stored) {}
  grpc::Status WatchChanges(grpc::ServerContext* context, const v1::WatchChangesRequest* request,
                            grpc::ServerWriter<v1::DocumentChange>* writer) override {
    context->AddInitialMetadata(kFeedHeadMetadataKey, "3");
    writer->SendInitialMetadata();
    for (uint64_t sequence = request->after_sequence() + 1; sequence <= 3; ++sequence) {
      v1::DocumentChange change;
      change.set_sequence(sequence);
      change.set_head_sequence(3);
      *change.mutable_time() = TimeUtil::MillisecondsToTimestamp(absl::ToUnixMillis(stored_));
      if (!writer->Write(change)) return grpc::Status::OK;
    }
    while (!context->IsCancelled()) absl::SleepFor(absl::Milliseconds(10));
    return grpc::Status::CANCELLED;
  }

 private:
  const absl::Time stored_;
};

TEST(FeedMetricsTest, LagInSequencesAndSecondsWhileBehindThenZero) {
  const absl::Time stored = absl::Now() - absl::Seconds(30);
  OldFeed feed(stored);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&feed);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  auto stub = v1::IngestService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));

  std::atomic<uint64_t> cursor{0};
  absl::Notification first_apply_started, release;
  FeedFollowerOptions options;
  options.max_batch = 1;
  FeedFollower<v1::DocumentChange> follower(
      options,
      [&stub](grpc::ClientContext* context, uint64_t after) {
        v1::WatchChangesRequest request;
        request.set_after_sequence(after);
        return stub->WatchChanges(context, request);
      },
      [&](const std::vector<v1::DocumentChange>& changes) {
        if (!first_apply_started.HasBeenNotified()) first_apply_started.Notify();
        release.WaitForNotification();
        cursor.store(changes.back().sequence());
        return absl::OkStatus();
      },
      [&cursor] { return cursor.load(); }, nullptr);
  MetricsRegistry registry;
  RegisterFeedMetrics(&registry, "ingest", [&follower] { return follower.progress(); });
  auto sample = [&registry](const std::string& name) {
    return SampleValue(registry.Render(), name + "{feed=\"ingest\"}");
  };
  EXPECT_EQ(sample("newsgraph_feed_connected"), 0);
  EXPECT_EQ(sample("newsgraph_feed_last_applied_change_timestamp_seconds"), std::nullopt);

  follower.Start();
  ASSERT_TRUE(first_apply_started.WaitForNotificationWithTimeout(absl::Seconds(10)));
  // Applying change 1 of 3, stored 30 s ago.
  EXPECT_EQ(sample("newsgraph_feed_lag_sequences"), 3);
  EXPECT_EQ(sample("newsgraph_feed_upstream_head_sequence"), 3);
  EXPECT_EQ(sample("newsgraph_feed_cursor_sequence"), 0);
  EXPECT_EQ(sample("newsgraph_feed_connected"), 1);
  const double behind = sample("newsgraph_feed_lag_seconds").value_or(-1);
  EXPECT_GE(behind, 29.9);
  EXPECT_LT(behind, 60);

  release.Notify();
  for (int i = 0; i < 500 && follower.progress().cursor < 3; ++i) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(sample("newsgraph_feed_lag_sequences"), 0);
  EXPECT_EQ(sample("newsgraph_feed_lag_seconds"), 0);
  EXPECT_EQ(sample("newsgraph_feed_applied_total"), 3);
  EXPECT_NEAR(sample("newsgraph_feed_last_applied_change_timestamp_seconds").value_or(0),
              absl::ToUnixMillis(stored) / 1000.0, 0.001);
  follower.Stop();
  EXPECT_EQ(sample("newsgraph_feed_connected"), 0);
  server->Shutdown();
}

TEST(RocksDbMetricsTest, EveryOpenStoreByPathAndColumnFamily) {
  TempDir dir;
  StoreOptions options;
  options.path = dir.path();
  options.column_families = {{"default", nullptr}, {"docs", nullptr}};
  ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(options));
  WriteBatch batch = store->NewWriteBatch();
  batch.Put(1, "k", "v");
  ASSERT_THAT(store->Write(batch), IsOk());
  ASSERT_THAT(store->Flush(), IsOk());

  MetricsRegistry registry;
  RegisterRocksDbMetrics(&registry);
  const std::string text = registry.Render();
  const std::string docs = "{path=\"" + dir.path() + "\",cf=\"docs\"}";
  EXPECT_GT(SampleValue(text, "newsgraph_rocksdb_sst_bytes" + docs).value_or(0), 0) << text;
  EXPECT_EQ(SampleValue(text, "newsgraph_rocksdb_estimated_keys" + docs), 1);
  EXPECT_EQ(SampleValue(text, "newsgraph_rocksdb_level0_files" + docs), 1);
  EXPECT_EQ(SampleValue(text, "newsgraph_rocksdb_compactions_total" + docs), 0);
  EXPECT_EQ(SampleValue(text, "newsgraph_rocksdb_sst_bytes{path=\"" + dir.path() +
                                  "\",cf=\"default\"}"),
            0);
  EXPECT_GT(
      SampleValue(text, "newsgraph_rocksdb_disk_bytes{path=\"" + dir.path() + "\"}").value_or(0),
      0);
  EXPECT_THAT(text, HasSubstr("# TYPE newsgraph_rocksdb_compactions_total counter\n"));
  store.reset();
  // A closed store disappears (after the one-second snapshot expires).
  absl::SleepFor(absl::Milliseconds(1100));
  EXPECT_THAT(registry.Render(), Not(HasSubstr(dir.path())));
}

TEST(ProcessMetricsTest, ReadsProc) {
  MetricsRegistry registry;
  RegisterProcessMetrics(&registry);
  const std::string text = registry.Render();
  EXPECT_GT(SampleValue(text, "process_resident_memory_bytes").value_or(0), 1 << 20);
  EXPECT_GE(SampleValue(text, "process_open_fds").value_or(0), 3);
  const double start = SampleValue(text, "process_start_time_seconds").value_or(0);
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  EXPECT_LE(start, now + 1);
  EXPECT_GT(start, now - 3600);
  EXPECT_GE(SampleValue(text, "process_cpu_seconds_total").value_or(-1), 0);
}

}  // namespace
}  // namespace newsgraph
