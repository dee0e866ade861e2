#include "common/storage/rocks_store.h"

#include "common/status/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"

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

TEST(RocksStoreTest, RejectsOptionsWithoutDefaultFamily) {
  TempDir dir;
  StoreOptions options;
  options.path = dir.path();
  options.column_families = {{"items", nullptr}};
  EXPECT_THAT(RocksStore::Open(options), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace newsgraph
