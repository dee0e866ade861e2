#include "services/query/core/posting_list.h"

#include <algorithm>
#include <unordered_set>

#include "common/encoding/coding.h"
#include "rocksdb/slice.h"

namespace newsgraph {
namespace {

// Walks a merged list fragment, calling fn(docnum, entry) for each posting.
template <typename Fn>
bool ForEachMerged(std::string_view list, Fn fn) {
  const char* p = list.data();
  const char* end = p + list.size();
  while (p < end) {
    uint32_t docnum = 0, length = 0;
    if (!ReadListVarint32(&p, end, &docnum) || !ReadListVarint32(&p, end, &length)) return false;
    if (static_cast<size_t>(end - p) < length) return false;
    fn(docnum, std::string_view(p, length));
    p += length;
  }
  return true;
}

class PostingListMergeOperator : public rocksdb::MergeOperator {
 public:
  const char* Name() const override { return "newsgraph.PostingListMerge"; }

  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    bool has_delete = false;
    for (const rocksdb::Slice& op : in.operand_list) {
      if (op.empty() || (op[0] != 'A' && op[0] != 'D')) return false;
      if (op[0] == 'D') has_delete = true;
    }
    std::string& result = out->new_value;
    result.clear();
    if (!has_delete) {
      // The common case: documents only ever get larger docnums, so the
      // fragments concatenate in order.
      size_t total = in.existing_value ? in.existing_value->size() : 0;
      for (const rocksdb::Slice& op : in.operand_list) total += op.size() - 1;
      result.reserve(total);
      if (in.existing_value) result.append(in.existing_value->data(), in.existing_value->size());
      for (const rocksdb::Slice& op : in.operand_list) result.append(op.data() + 1, op.size() - 1);
      return true;
    }
    // Apply operands in order: a delete removes what came before it.
    struct Item {
      uint32_t docnum;
      std::string_view entry;
    };
    std::vector<Item> items;
    auto add_fragment = [&items](std::string_view fragment) {
      return ForEachMerged(fragment, [&items](uint32_t d, std::string_view e) {
        items.push_back({d, e});
      });
    };
    if (in.existing_value &&
        !add_fragment(std::string_view(in.existing_value->data(), in.existing_value->size()))) {
      return false;
    }
    for (const rocksdb::Slice& op : in.operand_list) {
      std::string_view body(op.data() + 1, op.size() - 1);
      if (op[0] == 'A') {
        if (!add_fragment(body)) return false;
      } else {
        const char* p = body.data();
        const char* end = body.data() + body.size();
        std::unordered_set<uint32_t> removed;
        while (p < end) {
          uint32_t docnum = 0;
          if (!ReadListVarint32(&p, end, &docnum)) return false;
          removed.insert(docnum);
        }
        items.erase(std::remove_if(items.begin(), items.end(),
                                   [&removed](const Item& it) { return removed.count(it.docnum) > 0; }),
                    items.end());
      }
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const Item& a, const Item& b) { return a.docnum < b.docnum; });
    Encoder enc(&result);
    for (const Item& it : items) {
      enc.PutVarint32(it.docnum);
      enc.PutString(it.entry);
    }
    return true;
  }

  // Two adds concatenate; anything with a delete waits for a full merge.
  bool PartialMerge(const rocksdb::Slice& key, const rocksdb::Slice& left,
                    const rocksdb::Slice& right, std::string* new_value,
                    rocksdb::Logger* logger) const override {
    if (left.empty() || right.empty() || left[0] != 'A' || right[0] != 'A') return false;
    new_value->assign(left.data(), left.size());
    new_value->append(right.data() + 1, right.size() - 1);
    return true;
  }
};

class TermPrefixExtractor : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "newsgraph.TermPrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const void* zero = memchr(key.data(), 0, key.size());
    size_t length = static_cast<const char*>(zero) - key.data() + 1;
    return rocksdb::Slice(key.data(), length);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return memchr(key.data(), 0, key.size()) != nullptr;
  }
};

}  // namespace

void EncodePostingEntryTo(uint32_t tf, const std::vector<uint32_t>& positions, std::string* out) {
  out->clear();
  Encoder enc(out);
  enc.PutVarint32(tf);
  enc.PutVarint32(static_cast<uint32_t>(positions.size()));
  uint32_t previous = 0;
  for (uint32_t p : positions) {
    enc.PutVarint32(p - previous);
    previous = p;
  }
}

std::string EncodePostingEntry(uint32_t tf, const std::vector<uint32_t>& positions) {
  std::string out;
  EncodePostingEntryTo(tf, positions, &out);
  return out;
}

bool DecodePostingEntry(std::string_view entry, uint32_t docnum, Posting* out) {
  const char* p = entry.data();
  const char* end = p + entry.size();
  uint32_t tf = 0, count = 0;
  if (!ReadListVarint32(&p, end, &tf) || !ReadListVarint32(&p, end, &count)) return false;
  out->docnum = docnum;
  out->tf = tf;
  out->positions = std::string_view(p, end - p);
  return true;
}

bool PositionReader::NextSlow(uint32_t* position) {
  uint32_t delta = 0;
  if (p_ >= end_ || !ReadListVarint32(&p_, end_, &delta)) return false;
  last_ += delta;
  *position = last_;
  return true;
}

void DecodePositions(const Posting& posting, std::vector<uint32_t>* out) {
  out->clear();
  const char* p = posting.positions.data();
  const char* end = p + posting.positions.size();
  uint32_t delta = 0;
  uint32_t position = 0;
  while (p < end && ReadListVarint32(&p, end, &delta)) {
    position += delta;
    out->push_back(position);
  }
}

std::string MergeAddOperand(uint32_t docnum, std::string_view entry) {
  std::string out = "A";
  Encoder enc(&out);
  enc.PutVarint32(docnum);
  enc.PutString(entry);
  return out;
}

void AppendToFragment(uint32_t docnum, std::string_view entry, std::string* fragment) {
  Encoder enc(fragment);
  enc.PutVarint32(docnum);
  enc.PutString(entry);
}

bool ForEachFragmentPosting(std::string_view fragment,
                            const std::function<void(uint32_t docnum, std::string_view entry)>& fn) {
  return ForEachMerged(fragment, fn);
}

std::string MergeDeleteOperand(const std::vector<uint32_t>& docnums) {
  std::string out = "D";
  Encoder enc(&out);
  for (uint32_t d : docnums) enc.PutVarint32(d);
  return out;
}

bool DecodeMergedList(std::string value, PostingList* out) {
  out->buffers.push_back(std::move(value));
  const std::string& stored = out->buffers.back();
  bool ok = true;
  ok = ForEachMerged(stored, [out, &ok](uint32_t docnum, std::string_view entry) {
    Posting posting;
    if (!DecodePostingEntry(entry, docnum, &posting)) {
      ok = false;
      return;
    }
    out->postings.push_back(posting);
  }) && ok;
  return ok;
}

bool DecodeMergedFrequencies(std::string_view value, FrequencyList* out) {
  out->clear();
  // Entries are at least 2 bytes and docnums at least 1: a cheap upper bound
  // that avoids regrowing the vectors of long lists.
  out->docnums.reserve(value.size() / 4);
  out->tfs.reserve(value.size() / 4);
  const char* p = value.data();
  const char* end = p + value.size();
  while (p < end) {
    uint32_t docnum = 0, length = 0, tf = 0;
    if (!ReadListVarint32(&p, end, &docnum) || !ReadListVarint32(&p, end, &length)) return false;
    if (static_cast<size_t>(end - p) < length) return false;
    const char* entry = p;
    if (!ReadListVarint32(&entry, p + length, &tf)) return false;
    out->docnums.push_back(docnum);
    out->tfs.push_back(tf);
    p += length;
  }
  return true;
}

bool CountMergedEntries(std::string_view value, uint64_t* count) {
  *count = 0;
  return ForEachMerged(value, [count](uint32_t, std::string_view) { ++*count; });
}

bool FindMergedEntries(std::string_view value, const std::vector<uint32_t>& wanted,
                       uint32_t* offsets, size_t stride) {
  for (size_t i = 0; i < wanted.size(); ++i) offsets[i * stride] = kNoEntry;
  if (value.size() >= kNoEntry) return false;
  const char* p = value.data();
  const char* end = p + value.size();
  size_t next = 0;
  while (p < end && next < wanted.size()) {
    uint32_t docnum = 0, length = 0;
    if (!ReadListVarint32(&p, end, &docnum)) return false;
    const char* at = p;
    if (!ReadListVarint32(&p, end, &length) || static_cast<size_t>(end - p) < length) return false;
    while (next < wanted.size() && wanted[next] < docnum) ++next;
    if (next < wanted.size() && wanted[next] == docnum) {
      offsets[next++ * stride] = static_cast<uint32_t>(at - value.data());
    }
    p += length;
  }
  return true;
}

bool MergedEntryAt(std::string_view value, uint32_t offset, uint32_t docnum, Posting* out) {
  if (offset >= value.size()) return false;
  const char* p = value.data() + offset;
  const char* end = value.data() + value.size();
  uint32_t length = 0;
  if (!ReadListVarint32(&p, end, &length) || static_cast<size_t>(end - p) < length) return false;
  return DecodePostingEntry(std::string_view(p, length), docnum, out);
}

namespace {

// One entry of a list walked by AdjacentFrequencies.
struct ListEntry {
  uint32_t docnum = 0;
  const char* begin = nullptr;  // tf, count, position deltas
  const char* end = nullptr;
};

// The entry at *p (then past it); false at the list's end or, setting
// *malformed, at a malformed entry.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool NextEntry(const char** p, const char* end,
                                                   ListEntry* entry, bool* malformed) {
  if (*p >= end) return false;
  uint32_t length = 0;
  if (!ReadListVarint32(p, end, &entry->docnum) || !ReadListVarint32(p, end, &length) ||
      static_cast<size_t>(end - *p) < length) {
    *malformed = true;
    return false;
  }
  entry->begin = *p;
  entry->end = *p + length;
  *p += length;
  return true;
}

// The positions of `second` that are one past a position of `first`.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline uint32_t CountAdjacent(const ListEntry& first,
                                                           const ListEntry& second,
                                                           bool* malformed) {
  const char* a = first.begin;
  const char* b = second.begin;
  uint32_t a_tf = 0, a_count = 0, b_tf = 0, b_count = 0;
  if (!ReadListVarint32(&a, first.end, &a_tf) || !ReadListVarint32(&a, first.end, &a_count) ||
      !ReadListVarint32(&b, second.end, &b_tf) || !ReadListVarint32(&b, second.end, &b_count)) {
    *malformed = true;
    return 0;
  }
  uint32_t at_a = 0, at_b = 0, delta = 0;
  if (a_count == 0 || b_count == 0) return 0;
  if (!ReadListVarint32(&a, first.end, &delta)) return 0;
  at_a = delta;
  if (!ReadListVarint32(&b, second.end, &delta)) return 0;
  at_b = delta;
  uint32_t freq = 0;
  for (;;) {
    if (at_b < at_a + 1) {
      if (!ReadListVarint32(&b, second.end, &delta)) break;
      at_b += delta;
    } else if (at_b > at_a + 1) {
      if (!ReadListVarint32(&a, first.end, &delta)) break;
      at_a += delta;
    } else {
      ++freq;
      if (!ReadListVarint32(&a, first.end, &delta)) break;
      at_a += delta;
      if (!ReadListVarint32(&b, second.end, &delta)) break;
      at_b += delta;
    }
  }
  return freq;
}

}  // namespace

bool AdjacentFrequencies(std::string_view first, std::string_view second, FrequencyList* out) {
  out->clear();
  const char* a = first.data();
  const char* a_end = a + first.size();
  const char* b = second.data();
  const char* b_end = b + second.size();
  // An entry with a position takes at least 5 bytes.
  const size_t most = std::min(first.size(), second.size()) / 5;
  out->docnums.reserve(most);
  out->tfs.reserve(most);
  bool malformed = false;
  ListEntry x, y;
  bool more_x = NextEntry(&a, a_end, &x, &malformed);
  bool more_y = NextEntry(&b, b_end, &y, &malformed);
  while (more_x && more_y) {
    if (x.docnum < y.docnum) {
      more_x = NextEntry(&a, a_end, &x, &malformed);
    } else if (y.docnum < x.docnum) {
      more_y = NextEntry(&b, b_end, &y, &malformed);
    } else {
      const uint32_t freq = CountAdjacent(x, y, &malformed);
      if (freq > 0) {
        out->docnums.push_back(x.docnum);
        out->tfs.push_back(freq);
      }
      more_x = NextEntry(&a, a_end, &x, &malformed);
      more_y = NextEntry(&b, b_end, &y, &malformed);
    }
  }
  return !malformed;
}

std::shared_ptr<rocksdb::MergeOperator> NewPostingListMergeOperator() {
  return std::make_shared<PostingListMergeOperator>();
}

std::shared_ptr<const rocksdb::SliceTransform> NewTermPrefixExtractor() {
  return std::make_shared<TermPrefixExtractor>();
}

}  // namespace newsgraph
