// Posting lists of the query index and the two ways they are stored (see
// key_layout.h and issue 6's measurement in tools/bench_query):
//   kKeyPerPosting: one RocksDB key per (term, docnum), read by prefix scan;
//   kMergedLists:   one key per term holding the whole sorted list, grown and
//                   shrunk by PostingListMergeOperator.
//
// A posting entry is varint tf, varint position count, then the positions as
// varint deltas. Entity and type postings carry tf only (no positions).
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_POSTING_LIST_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_POSTING_LIST_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/attributes.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/slice_transform.h"

namespace newsgraph {

enum class PostingLayout { kKeyPerPosting = 0, kMergedLists = 1 };

// Encodes one posting entry. `positions` must be ascending.
std::string EncodePostingEntry(uint32_t tf, const std::vector<uint32_t>& positions);
// The same into `out` (cleared first), reusing its buffer.
void EncodePostingEntryTo(uint32_t tf, const std::vector<uint32_t>& positions, std::string* out);

// One posting of a decoded list. `positions` points into the owning
// PostingList's buffer.
struct Posting {
  uint32_t docnum = 0;
  uint32_t tf = 0;
  std::string_view positions;  // encoded; decode with DecodePositions
};

// A term's postings in ascending docnum order, owning the bytes they point to.
struct PostingList {
  std::vector<Posting> postings;
  std::deque<std::string> buffers;  // storage behind Posting::positions (stable)
};

// Reads a posting's positions one at a time, ascending, without storing
// them (a phrase check can stop early).
class PositionReader {
 public:
  explicit PositionReader(const Posting& posting)
      : p_(posting.positions.data()), end_(p_ + posting.positions.size()) {}
  // The next position; false at the end (or on a malformed entry). Inline,
  // with fast paths for one- and two-byte deltas: phrase verification calls
  // it per position, and the deltas between occurrences of a word pair are
  // mostly above 127.
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool Next(uint32_t* position) {
    if (p_ < end_ && static_cast<uint8_t>(*p_) < 0x80) {
      last_ += static_cast<uint8_t>(*p_++);
      *position = last_;
      return true;
    }
    if (end_ - p_ >= 2 && static_cast<uint8_t>(p_[1]) < 0x80) {
      last_ += (static_cast<uint8_t>(p_[0]) & 0x7fu) | (static_cast<uint32_t>(p_[1]) << 7);
      p_ += 2;
      *position = last_;
      return true;
    }
    return NextSlow(position);
  }

 private:
  bool NextSlow(uint32_t* position);

  const char* p_;
  const char* end_;
  uint32_t last_ = 0;
};

// Appends the decoded positions of `posting` to `out` (cleared first).
void DecodePositions(const Posting& posting, std::vector<uint32_t>* out);
// Parses one entry; false when malformed.
bool DecodePostingEntry(std::string_view entry, uint32_t docnum, Posting* out);

// kMergedLists value and merge operands. A list is a sequence of
// (varint docnum, varint entry length, entry). Operands start with 'A' (then a
// list fragment to add, docnums above all existing ones) or 'D' (then varint
// docnums to remove).
std::string MergeAddOperand(uint32_t docnum, std::string_view entry);
// Appends one posting to a list fragment (an 'A' operand without its tag).
void AppendToFragment(uint32_t docnum, std::string_view entry, std::string* fragment);
std::string MergeDeleteOperand(const std::vector<uint32_t>& docnums);
// Calls fn(docnum, entry) for each posting of a list fragment (an 'A'
// operand without its tag, or a whole list); false when malformed.
bool ForEachFragmentPosting(std::string_view fragment,
                            const std::function<void(uint32_t docnum, std::string_view entry)>& fn);
// Decodes a whole merged list into `out` (appends; keeps `value` alive by
// moving it into out->buffers). False when malformed.
bool DecodeMergedList(std::string value, PostingList* out);

// A term's postings decoded for ranking and intersection: ascending docnums
// with the term frequency beside each (positions are not decoded).
struct FrequencyList {
  std::vector<uint32_t> docnums;
  std::vector<uint32_t> tfs;
  void clear() {
    docnums.clear();
    tfs.clear();
  }
};

// Decodes a whole merged list into `out` (cleared first). Reads only each
// entry's tf, so it is several times cheaper than DecodeMergedList. False
// when malformed.
bool DecodeMergedFrequencies(std::string_view value, FrequencyList* out);

// The number of postings in a merged list, walked without decoding them.
// False when malformed.
bool CountMergedEntries(std::string_view value, uint64_t* count);

// Finds the entries of the ascending docnums `wanted` in a merged list in one
// pass that skips every other entry by its length (no position decoding):
// offsets[i * stride] is where wanted[i]'s entry is (for MergedEntryAt), or
// kNoEntry when the list lacks it (a stride above 1 interleaves the offsets
// of several lists, so a reader finds them in one cache line). False when
// malformed or above 4 GiB.
// REQUIRES: offsets has room for wanted.size() * stride values.
inline constexpr uint32_t kNoEntry = 0xffffffffu;
bool FindMergedEntries(std::string_view value, const std::vector<uint32_t>& wanted,
                       uint32_t* offsets, size_t stride = 1);
// Parses the entry FindMergedEntries found at `offset`; false when malformed.
bool MergedEntryAt(std::string_view value, uint32_t offset, uint32_t docnum, Posting* out);

// A varint of at most 32 bits from [*p, end) (list docnums, lengths, tfs,
// position deltas); false when truncated or longer. Inline, with a one-byte
// fast path, for the loops that walk whole lists.
ABSL_ATTRIBUTE_ALWAYS_INLINE inline bool ReadListVarint32(const char** p, const char* end,
                                                          uint32_t* value) {
  const char* q = *p;
  if (q < end && static_cast<uint8_t>(*q) < 0x80) {
    *value = static_cast<uint8_t>(*q);
    *p = q + 1;
    return true;
  }
  // Two and three bytes without a loop: docnums up to two million and most
  // position deltas of word pairs.
  if (end - q >= 3) {
    const uint32_t b0 = static_cast<uint8_t>(q[0]);
    const uint32_t b1 = static_cast<uint8_t>(q[1]);
    if (b1 < 0x80) {
      *value = (b0 & 0x7fu) | (b1 << 7);
      *p = q + 2;
      return true;
    }
    const uint32_t b2 = static_cast<uint8_t>(q[2]);
    if (b2 < 0x80) {
      *value = (b0 & 0x7fu) | ((b1 & 0x7fu) << 7) | (b2 << 14);
      *p = q + 3;
      return true;
    }
  }
  uint32_t result = 0;
  for (int shift = 0; shift <= 28 && q < end; shift += 7) {
    const uint32_t byte = static_cast<uint8_t>(*q++);
    result |= (byte & 0x7fu) << shift;
    if (byte < 0x80) {
      *value = result;
      *p = q;
      return true;
    }
  }
  return false;
}

// Walks a merged list forward entry by entry, skipping entries by their
// length (nothing is decoded until asked for): an intersection driven by a
// rarer list reads a common one without decoding it into vectors first.
// Inline, with one-byte fast paths: a phrase's first search walks two lists
// of ~100,000 entries each this way, and out-of-line varint reads were most
// of that walk's cost (docs/BENCHMARKS.md).
class MergedListCursor {
 public:
  explicit MergedListCursor(std::string_view list) : p_(list.data()), end_(p_ + list.size()) {}
  // Moves to the first entry whose docnum is at least `target` (targets must
  // not decrease); false when there is none or the list is malformed.
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool SeekAtLeast(uint32_t target) {
    if (started_ && docnum_ >= target) return true;
    while (p_ < end_) {
      uint32_t docnum = 0, length = 0;
      if (!ReadListVarint32(&p_, end_, &docnum) || !ReadListVarint32(&p_, end_, &length) ||
          static_cast<size_t>(end_ - p_) < length) {
        ok_ = false;
        p_ = end_;
        return false;
      }
      started_ = true;
      docnum_ = docnum;
      entry_ = p_;
      entry_end_ = p_ + length;
      p_ += length;
      if (docnum_ >= target) return true;
    }
    return false;
  }
  // The current entry (REQUIRES: the last SeekAtLeast returned true).
  uint32_t docnum() const { return docnum_; }
  bool Entry(Posting* out) const {
    return DecodePostingEntry(std::string_view(entry_, entry_end_ - entry_), docnum_, out);
  }
  // False once a malformed entry was met.
  bool ok() const { return ok_; }

 private:
  const char* p_;
  const char* end_;
  bool started_ = false;
  bool ok_ = true;
  uint32_t docnum_ = 0;
  const char* entry_ = nullptr;
  const char* entry_end_ = nullptr;
};

// The documents where list `second` has a position one past a position of
// list `first`, each with the number of such positions, ascending: a
// three-word phrase's frequencies from its two word pairs' positional lists
// (pair t of an occurrence at s is at s + t). One pass over both lists with
// its state in registers: a phrase of common words walks two lists of
// ~100,000 entries on its first search. Replaces out's contents; false when
// a list is malformed.
bool AdjacentFrequencies(std::string_view first, std::string_view second, FrequencyList* out);

// Merges 'A'/'D' operands into a posting list (see above).
std::shared_ptr<rocksdb::MergeOperator> NewPostingListMergeOperator();

// kKeyPerPosting prefix extractor: the key up to and including its first
// '\0', i.e. the term, so prefix bloom filters answer "does this term exist".
std::shared_ptr<const rocksdb::SliceTransform> NewTermPrefixExtractor();

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_POSTING_LIST_H_
