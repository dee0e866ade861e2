// A RocksDB merge operator for signed 64-bit counters: a family that keeps
// counts updates them with Merge(key, CounterDelta(d)) instead of reading,
// adding and writing them back, so a batch that changes thousands of counts
// does no reads. Values and operands are 8 bytes, the two's complement of the
// count big-endian (the same bytes AppendBigEndian64 writes, so a count put
// with Put reads back alike).
//
// Example:
//   cf_options.merge_operator = NewCounterMergeOperator();
//   batch.Merge(kCountsCf, key, CounterDelta(+1));
//   int64_t count = DecodeCounter(*store->Get(kCountsCf, key)).value_or(0);
#ifndef NEWSGRAPH_COMMON_STORAGE_COUNTER_MERGE_OPERATOR_H_
#define NEWSGRAPH_COMMON_STORAGE_COUNTER_MERGE_OPERATOR_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "rocksdb/merge_operator.h"

namespace newsgraph {

std::shared_ptr<rocksdb::MergeOperator> NewCounterMergeOperator();

// The operand (or value) that adds `delta`.
std::string CounterDelta(int64_t delta);
// A stored count; nullopt when `value` is not 8 bytes.
std::optional<int64_t> DecodeCounter(std::string_view value);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_STORAGE_COUNTER_MERGE_OPERATOR_H_
