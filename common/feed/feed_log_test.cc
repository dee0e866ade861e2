#include "common/feed/feed_log.h"

#include <thread>

#include "common/status/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

constexpr ColumnFamily kData = 0;
constexpr ColumnFamily kFeed = 1;

StoreOptions TestOptions(const std::string& path) {
  StoreOptions options;
  options.path = path;
  options.column_families = {{"default", nullptr}, {"feed", nullptr}};
  return options;
}

TEST(FeedLogTest, AppendsInOrderTogetherWithTheChange) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(TestOptions(dir.path())));
  FeedLog log(store.get(), kFeed);
  ASSERT_THAT(log.Open(), IsOk());
  for (int i = 0; i < 3; ++i) {
    WriteBatch batch = store->NewWriteBatch();
    batch.Put(kData, "doc" + std::to_string(i), "body");
    ASSERT_OK_AND_ASSIGN(uint64_t seq, log.Append(std::move(batch), [&](uint64_t s, WriteBatch&) {
      return "change-" + std::to_string(s);
    }));
    EXPECT_EQ(seq, static_cast<uint64_t>(i + 1));
  }
  ASSERT_OK_AND_ASSIGN(auto entries, log.ReadAfter(1, 10, 1 << 20));
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].sequence, 2u);
  EXPECT_EQ(entries[1].payload, "change-3");
  ASSERT_OK_AND_ASSIGN(auto doc, store->Get(kData, "doc2"));
  EXPECT_TRUE(doc.has_value());
}

TEST(FeedLogTest, ResumesSequenceAfterReopen) {
  TempDir dir;
  {
    ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(TestOptions(dir.path())));
    FeedLog log(store.get(), kFeed);
    ASSERT_THAT(log.Open(), IsOk());
    ASSERT_THAT(log.Append(store->NewWriteBatch(), [](uint64_t, WriteBatch&) { return "x"; }), IsOk());
    ASSERT_THAT(log.Append(store->NewWriteBatch(), [](uint64_t, WriteBatch&) { return "y"; }), IsOk());
  }
  ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(TestOptions(dir.path())));
  FeedLog log(store.get(), kFeed);
  ASSERT_THAT(log.Open(), IsOk());
  EXPECT_EQ(log.last_sequence(), 2u);
  ASSERT_OK_AND_ASSIGN(uint64_t seq, log.Append(store->NewWriteBatch(), [](uint64_t, WriteBatch&) { return "z"; }));
  EXPECT_EQ(seq, 3u);
}

TEST(FeedLogTest, ByteLimitStillReturnsOneEntry) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(TestOptions(dir.path())));
  FeedLog log(store.get(), kFeed);
  ASSERT_THAT(log.Open(), IsOk());
  for (int i = 0; i < 3; ++i) {
    ASSERT_THAT(log.Append(store->NewWriteBatch(),
                           [](uint64_t, WriteBatch&) { return std::string(100, 'a'); }),
                IsOk());
  }
  ASSERT_OK_AND_ASSIGN(auto entries, log.ReadAfter(0, 10, 150));
  EXPECT_EQ(entries.size(), 1u);
}

TEST(FeedLogTest, WaiterWakesOnAppendAndOnShutdown) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(TestOptions(dir.path())));
  FeedLog log(store.get(), kFeed);
  ASSERT_THAT(log.Open(), IsOk());
  EXPECT_FALSE(log.WaitForNewer(0, absl::Now() + absl::Milliseconds(20)));
  std::thread writer([&] {
    absl::SleepFor(absl::Milliseconds(20));
    (void)log.Append(store->NewWriteBatch(), [](uint64_t, WriteBatch&) { return "x"; });
  });
  EXPECT_TRUE(log.WaitForNewer(0, absl::Now() + absl::Seconds(10)));
  writer.join();
  log.Shutdown();
  EXPECT_FALSE(log.WaitForNewer(1, absl::Now() + absl::Seconds(10)));
}

}  // namespace
}  // namespace newsgraph
