#include "common/storage/counter_merge_operator.h"

#include "common/encoding/coding.h"

namespace newsgraph {
namespace {

class CounterMergeOperator : public rocksdb::AssociativeMergeOperator {
 public:
  // Sums in unsigned arithmetic: two's complement makes that the signed sum,
  // without signed overflow being undefined.
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing_value,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    uint64_t sum = 0;
    if (existing_value != nullptr) {
      std::optional<int64_t> existing = DecodeCounter(existing_value->ToStringView());
      if (!existing) return false;  // RocksDB reports Corruption
      sum = static_cast<uint64_t>(*existing);
    }
    std::optional<int64_t> delta = DecodeCounter(value.ToStringView());
    if (!delta) return false;
    sum += static_cast<uint64_t>(*delta);
    new_value->clear();
    AppendBigEndian64(new_value, sum);
    return true;
  }

  const char* Name() const override { return "newsgraph.Counter"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewCounterMergeOperator() {
  return std::make_shared<CounterMergeOperator>();
}

std::string CounterDelta(int64_t delta) {
  std::string out;
  AppendBigEndian64(&out, static_cast<uint64_t>(delta));
  return out;
}

std::optional<int64_t> DecodeCounter(std::string_view value) {
  if (value.size() != 8) return std::nullopt;
  return static_cast<int64_t>(ReadBigEndian64(value));
}

}  // namespace newsgraph
