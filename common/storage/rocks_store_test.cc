#include "common/storage/rocks_store.h"

#include "absl/strings/str_cat.h"
#include "common/status/status_matchers.h"
#include "common/storage/counter_merge_operator.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "gmock/gmock.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

namespace newsgraph {
namespace {

constexpr ColumnFamily kDefault = 0;
constexpr ColumnFamily kItems = 1;

StoreOptions TestOptions(const std::string& path) {
  StoreOptions options;
  options.path = path;
  options.column_families = {{"default", nullptr}, {"items", nullptr}};
  return options;
}

TEST(RocksStoreTest, BatchIsAtomicAndSurvivesReopen) {
  TempDir dir;
  {
    ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(TestOptions(dir.path())));
    WriteBatch batch = store->NewWriteBatch();
    batch.Put(kItems, "a", "1");
    batch.Put(kDefault, "cursor", "7");
    ASSERT_THAT(store->Write(batch), IsOk());
  }
  ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(TestOptions(dir.path())));
  ASSERT_OK_AND_ASSIGN(auto value, store->Get(kItems, "a"));
  ASSERT_TRUE(value.has_value());
  EXPECT_EQ(*value, "1");
  ASSERT_OK_AND_ASSIGN(auto missing, store->Get(kItems, "cursor"));
  EXPECT_FALSE(missing.has_value());
}

TEST(RocksStoreTest, GetPinnedReadsValuesFromMemtableAndFiles) {
  TempDir dir;
  StoreOptions options = TestOptions(dir.path());
  options.block_cache_bytes = 8 << 20;  // one shard, smaller than the value below
  ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(options));
  const std::string big(12 << 20, 'x');  // one block of its own, above the cache size
  WriteBatch batch = store->NewWriteBatch();
  batch.Put(kItems, "big", big);
  batch.Put(kItems, "small", "v");
  ASSERT_THAT(store->Write(batch), IsOk());
  for (int pass = 0; pass < 2; ++pass) {  // from the memtable, then from a file
    ReadMode unchecked;
    unchecked.verify_checksums = false;
    ASSERT_OK_AND_ASSIGN(auto value, store->GetPinned(kItems, "big", unchecked));
    ASSERT_NE(value, nullptr);
    EXPECT_EQ(value->size(), big.size());
    EXPECT_TRUE(value->view() == big);
    ASSERT_OK_AND_ASSIGN(auto small, store->GetPinned(kItems, "small"));
    ASSERT_NE(small, nullptr);
    EXPECT_EQ(small->view(), "v");
    ASSERT_OK_AND_ASSIGN(auto missing, store->GetPinned(kItems, "none"));
    EXPECT_EQ(missing, nullptr);
    ASSERT_THAT(store->Flush(), IsOk());
  }
}

// Counts kept by merge operands add up across the memtable, flushed files
// and a reopen, a Put resets them, and a malformed operand is an error, not
// a silently wrong count.
TEST(RocksStoreTest, CounterFamilySumsDeltasAcrossFlushesAndReopen) {
  TempDir dir;
  StoreOptions options = TestOptions(dir.path());
  options.column_families[1].configure = [](rocksdb::ColumnFamilyOptions* cf) {
    cf->merge_operator = NewCounterMergeOperator();
  };
  auto count = [](RocksStore* store, std::string_view key) -> std::optional<int64_t> {
    auto value = store->Get(kItems, key);
    EXPECT_THAT(value, IsOk());
    if (!value.ok() || !value->has_value()) return std::nullopt;
    return DecodeCounter(**value);
  };
  {
    ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(options));
    WriteBatch batch = store->NewWriteBatch();
    batch.Merge(kItems, "a", CounterDelta(5));
    batch.Merge(kItems, "a", CounterDelta(-2));
    batch.Merge(kItems, "b", CounterDelta(-1));
    batch.Put(kItems, "c", CounterDelta(10));
    ASSERT_THAT(store->Write(batch), IsOk());
    EXPECT_EQ(count(store.get(), "a"), 3);
    EXPECT_EQ(count(store.get(), "b"), -1);
    ASSERT_THAT(store->Flush(), IsOk());
    WriteBatch more = store->NewWriteBatch();
    more.Merge(kItems, "a", CounterDelta(1000000000000));
    more.Merge(kItems, "c", CounterDelta(-4));
    ASSERT_THAT(store->Write(more), IsOk());
  }
  ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(options));
  EXPECT_EQ(count(store.get(), "a"), 1000000000003);
  EXPECT_EQ(count(store.get(), "b"), -1);
  EXPECT_EQ(count(store.get(), "c"), 6);
  EXPECT_EQ(count(store.get(), "missing"), std::nullopt);
  WriteBatch bad = store->NewWriteBatch();
  bad.Merge(kItems, "a", "not eight");
  ASSERT_THAT(store->Write(bad), IsOk());
  EXPECT_FALSE(store->Get(kItems, "a").ok());
  EXPECT_EQ(DecodeCounter("short"), std::nullopt);
}

TEST(RocksStoreTest, PrefixIteratorStopsAtPrefixEnd) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(TestOptions(dir.path())));
  WriteBatch batch = store->NewWriteBatch();
  for (const char* key : {"t/apple/1", "t/apple/2", "t/apricot/1", "u/x"}) {
    batch.Put(kItems, key, "v");
  }
  ASSERT_THAT(store->Write(batch), IsOk());
  auto it = store->NewIterator(kItems, "t/apple/");
  std::vector<std::string> keys;
  for (it->Seek("t/apple/"); it->Valid(); it->Next()) keys.emplace_back(it->key());
  EXPECT_THAT(keys, ::testing::ElementsAre("t/apple/1", "t/apple/2"));
  EXPECT_THAT(it->status(), IsOk());
}

TEST(RocksStoreTest, SecondOpenOfTheSameFolderFailsClearly) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(TestOptions(dir.path())));
  auto second = RocksStore::Open(TestOptions(dir.path()));
  EXPECT_THAT(second, StatusIs(absl::StatusCode::kFailedPrecondition));
}

// Without the write-ahead log, a process killed after a flush reopens with
// exactly the flushed writes, in every family alike; the writes after it are
// gone, unflushed, with their cursor. The crash is a child process that
// exits without closing the store: a death test in the "threadsafe" style,
// whose child is a fresh run of this binary (a plain fork would copy a
// process whose RocksDB background threads do not exist in the child, and
// its flush would wait for them forever).
TEST(RocksStoreTest, WithoutTheLogACrashKeepsTheLastFlushedWritesInEveryFamily) {
  // The child runs this test from its start again, so the folder is named
  // after the parent's pid, which both know.
  auto folder = [](pid_t parent) {
    return absl::StrCat(::testing::TempDir(), "rocks_store_crash_", parent);
  };
  StoreOptions options = TestOptions(folder(getpid()));
  options.write_ahead_log = false;
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        options.path = folder(getppid());
        auto store = RocksStore::Open(options);
        if (!store.ok()) _exit(2);
        for (int i = 1; i <= 2; ++i) {
          WriteBatch batch = (*store)->NewWriteBatch();
          batch.Put(kItems, std::to_string(i), "item");
          batch.Put(kDefault, "cursor", std::to_string(i));
          if (!(*store)->Write(batch).ok()) _exit(3);
          if (i == 1 && !(*store)->Flush().ok()) _exit(4);
        }
        _exit(0);  // no close, no flush: like kill -9
      },
      ::testing::ExitedWithCode(0), "");
  ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(options));
  ASSERT_OK_AND_ASSIGN(auto cursor, store->Get(kDefault, "cursor"));
  ASSERT_TRUE(cursor.has_value());
  EXPECT_EQ(*cursor, "1");
  ASSERT_OK_AND_ASSIGN(auto first, store->Get(kItems, "1"));
  EXPECT_TRUE(first.has_value());
  ASSERT_OK_AND_ASSIGN(auto second, store->Get(kItems, "2"));
  EXPECT_FALSE(second.has_value());
  store.reset();
  std::filesystem::remove_all(options.path);
}

TEST(RocksStoreTest, SyncWritesNeedTheLog) {
  TempDir dir;
  StoreOptions options = TestOptions(dir.path());
  options.write_ahead_log = false;
  options.sync_writes = true;
  EXPECT_THAT(RocksStore::Open(options), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(RocksStoreTest, RejectsOptionsWithoutDefaultFamily) {
  TempDir dir;
  StoreOptions options;
  options.path = dir.path();
  options.column_families = {{"items", nullptr}};
  EXPECT_THAT(RocksStore::Open(options), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

TEST(RocksStoreStatsTest, ReportsSizesKeysAndCompactionsPerColumnFamily) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, RocksStore::Open(TestOptions(dir.path())));
  // Flushed files of overlapping keys: the fourth level-0 file triggers
  // RocksDB's automatic compaction (level0_file_num_compaction_trigger).
  for (int round = 0; round < 4; ++round) {
    WriteBatch batch = store->NewWriteBatch();
    for (int i = 0; i < 1000; ++i) {
      batch.Put(kItems, "key" + std::to_string(i), std::string(100, 'a' + round));
    }
    ASSERT_THAT(store->Write(batch), IsOk());
    ASSERT_THAT(store->Flush(), IsOk());
  }
  StoreStats stats = store->Stats();
  for (int i = 0; i < 200 && stats.column_families[1].compactions == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stats = store->Stats();
  }
  ASSERT_EQ(stats.column_families.size(), 2u);
  EXPECT_EQ(stats.column_families[0].name, "default");
  EXPECT_EQ(stats.column_families[0].sst_bytes, 0u);
  const StoreStats::ColumnFamilyStats& items = stats.column_families[1];
  EXPECT_EQ(items.name, "items");
  EXPECT_GT(items.sst_bytes, 0u);
  EXPECT_GT(items.live_data_bytes, 0u);
  EXPECT_GE(items.estimated_keys, 1000u);
  EXPECT_EQ(items.compactions, 1u);
  EXPECT_GT(items.compaction_read_bytes, items.compaction_written_bytes);  // 4 versions -> 1
  EXPECT_GT(items.compaction_written_bytes, 0u);
  EXPECT_LT(items.level0_files, 4u);
  EXPECT_GE(stats.folder_bytes, items.sst_bytes);
  EXPECT_EQ(stats.background_errors, 0u);
}

TEST(RocksStoreStatsTest, ForEachOpenStoreSeesOpenStoresOnly) {
  TempDir dir_a, dir_b;
  auto paths = [] {
    std::vector<std::string> seen;
    RocksStore::ForEachOpenStore([&seen](const RocksStore& store) { seen.push_back(store.path()); });
    return seen;
  };
  ASSERT_OK_AND_ASSIGN(auto a, RocksStore::Open(TestOptions(dir_a.path())));
  {
    ASSERT_OK_AND_ASSIGN(auto b, RocksStore::Open(TestOptions(dir_b.path())));
    EXPECT_THAT(paths(), ::testing::UnorderedElementsAre(dir_a.path(), dir_b.path()));
  }
  EXPECT_THAT(paths(), ::testing::ElementsAre(dir_a.path()));
}

}  // namespace
}  // namespace newsgraph
