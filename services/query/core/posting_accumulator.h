// PostingAccumulator: the postings a batch of feed changes writes, gathered
// in memory per term so that each term gets one merge operand per batch.
//
// Indexing is the query service's main write cost: every distinct word of a
// document adds a tf posting ("w"; per stem in a stemmed index, see
// key_layout.h), a positional posting ("p") and, with word
// pairs, a pair posting per adjacent word pair ("b"; see key_layout.h), with
// the pair's positions when asked for (WordPairs::kPositions). Doing
// that through per-posting strings and maps keyed by full term keys made the
// build several times slower than an embedded engine's, so words are interned
// once per batch and their list fragments are appended in place; term keys
// are built once per batch, when the operands are emitted.
//
// The bytes produced are exactly those of posting_list.h: each term's operand
// is 'A' followed by (varint docnum, varint entry length, entry) per
// document, in ascending docnum order; removals are 'D' operands.
//
// Not thread-safe: one writer fills and emits it.
//
// Example:
//   PostingAccumulator postings(WordPairs::kPositions);
//   postings.BeginDocument(docnum);
//   for (...) postings.AddWord(word, position);
//   postings.BreakPairs();  // between title and body
//   uint32_t length = postings.EndDocument();
//   postings.AddTerm(query_keys::EntityTerm(id), docnum, mentions);
//   postings.Emit(
//       [&](std::string_view key, const std::vector<uint32_t>& docnums) {
//         batch.Merge(kPostingsCf, key, MergeDeleteOperand(docnums));
//       },
//       [&](std::string_view key, std::string_view operand) {
//         batch.Merge(kPostingsCf, key, operand);
//       });
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_POSTING_ACCUMULATOR_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_POSTING_ACCUMULATOR_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "common/text/english_stemmer.h"

namespace newsgraph {

// Which word-pair postings ("b") an index keeps.
enum class WordPairs {
  kNone,
  kCounts,     // tf only: a two-word phrase's frequency, a bound for longer ones
  kPositions,  // tf and the pair's positions (those of its first word); the
               // words' "p" postings then carry tf only, as every phrase is
               // matched through its pairs
};

class PostingAccumulator {
 public:
  // With `stemming`, a document's "w" posting is per stem (key_layout.h's
  // RankingTerm), its tf summed over the words with that stem; "p" and "b"
  // postings stay per word.
  explicit PostingAccumulator(WordPairs word_pairs, StemMode stemming = StemMode::kNone)
      : word_pairs_(word_pairs), stemming_(stemming) {}

  // Starts the word postings of a document version. Docnums must increase
  // from one document to the next (the merge operator appends fragments).
  void BeginDocument(uint32_t docnum);
  // One occurrence of normalized word `word` at `position` of the current
  // document; positions must increase. Consecutive words form a pair unless
  // BreakPairs() came between them.
  void AddWord(std::string_view word, uint32_t position);
  // No word pair spans this point (e.g. between title and body).
  void BreakPairs() { previous_word_ = kNone; }
  // Appends the current document's word postings to their terms' fragments
  // and returns the document's length in words.
  uint32_t EndDocument();

  // A tf-only posting of any other term (entities, types, quote words);
  // docnum must not be below the term's earlier postings in this batch.
  void AddTerm(std::string_view key, uint32_t docnum, uint32_t tf);
  // Removes docnum from term `key` (applied before this batch's adds of the
  // same key, which always carry larger docnums).
  void Remove(std::string_view key, uint32_t docnum);

  // Hands every term touched since the last Emit over, in ascending key
  // order (RocksDB's memtable inserts sorted keys much faster): first
  // `remove(key, docnums)` when the term lost documents (docnums ascending,
  // unique), then `add(key, operand)` when it gained some, with operand the
  // 'A' merge operand (posting_list.h). Then clears the accumulator for the
  // next batch (keeping its word dictionary, up to a bound).
  void Emit(const std::function<void(std::string_view key, const std::vector<uint32_t>& docnums)>&
                remove,
            const std::function<void(std::string_view key, std::string_view operand)>& add);

  // Drops everything gathered since the last Emit (after a failed batch,
  // whose docnums will be used again) and the word dictionary.
  void Discard();

  bool empty() const {
    return batch_words_.empty() && batch_pairs_.empty() && batch_rankings_.empty() &&
           others_.empty() && removes_.empty();
  }

 private:
  // Forgets which words, pairs and terms the batch used (not the words).
  void ClearBatch();

  static constexpr uint32_t kNone = 0xffffffffu;
  static constexpr size_t kMaxRetainedSlots = 1 << 20;

  // A word, ranking term or pair is in the current batch when its fragment
  // is not empty (it starts with the 'A' tag).
  struct WordSlot {
    std::string word;
    uint32_t ranking = 0;            // its RankingSlot
    std::string positions_fragment;  // 'A' then (docnum, entry) of "p" word
    // In the current document: its positions, or only their count when "p"
    // keeps tf alone (WordPairs::kPositions).
    std::vector<uint32_t> positions;
    uint32_t tf = 0;
    uint32_t document = kNone;  // docnum `positions` and `tf` belong to
  };
  // A "w" term: a word's, or in a stemmed index a stem's shared by words.
  struct RankingSlot {
    std::string key;          // query_keys::RankingTerm of its words
    std::string tf_fragment;  // 'A' then (docnum, entry) of `key`
    uint32_t tf = 0;          // in the current document
    uint32_t document = kNone;
  };
  struct PairSlot {
    uint32_t first = 0;   // word slots
    uint32_t second = 0;
    std::string fragment;  // 'A' then (docnum, entry) of "b" first second
    // In the current document (tf = its size). Inline: a pair seldom occurs
    // more than twice in a document, and a heap buffer per pair cost a cache
    // miss per token.
    absl::InlinedVector<uint32_t, 3> positions;
    uint32_t document = kNone;
  };

  // Looks up the current document's pairs (document_pair_keys_) and adds
  // their occurrences.
  void GatherPairs();
  // Appends the entry (docnum, length, tf, count, deltas) of `tf` positions
  // (count 0 and no deltas when `positions` is null) to `fragment`.
  void AppendEntry(uint32_t tf, const uint32_t* positions, std::string* fragment);

  WordPairs word_pairs_;
  StemMode stemming_;
  uint32_t docnum_ = 0;
  uint32_t previous_word_ = kNone;
  uint32_t previous_position_ = 0;  // of previous_word_
  absl::flat_hash_map<std::string, uint32_t> word_index_;
  std::vector<WordSlot> words_;
  absl::flat_hash_map<std::string, uint32_t> ranking_index_;  // key -> RankingSlot
  std::vector<RankingSlot> rankings_;
  absl::flat_hash_map<uint64_t, uint32_t> pair_index_;
  std::vector<PairSlot> pairs_;
  std::vector<uint32_t> rank_;  // Emit's scratch: word slot -> its place in key order
  std::vector<uint32_t> batch_words_;  // slots used since the last Emit
  std::vector<uint32_t> batch_pairs_;
  std::vector<uint32_t> batch_rankings_;
  std::vector<uint32_t> document_words_;  // slots used by the current document
  std::vector<uint32_t> document_rankings_;
  std::vector<uint32_t> document_pairs_;
  struct PairOccurrence {
    uint64_t key;       // first word slot << 32 | second word slot
    uint32_t position;  // of the first word
  };
  std::vector<PairOccurrence> document_pair_keys_;  // the current document's
  std::vector<uint32_t> document_pair_slots_;       // GatherPairs' scratch
  absl::flat_hash_map<std::string, std::string> others_;  // key -> 'A' fragment
  absl::flat_hash_map<std::string, std::vector<uint32_t>> removes_;
  std::string entry_;  // scratch
};

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_POSTING_ACCUMULATOR_H_
