#include "services/query/core/posting_accumulator.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/string_view.h"
#include "common/encoding/coding.h"
#include "services/query/core/key_layout.h"
#include "services/query/core/posting_list.h"

namespace newsgraph {

void PostingAccumulator::BeginDocument(uint32_t docnum) {
  docnum_ = docnum;
  previous_word_ = kNone;
  document_pair_keys_.clear();
  document_words_.clear();
  document_rankings_.clear();
  document_pairs_.clear();
}

void PostingAccumulator::AddWord(std::string_view word, uint32_t position) {
  // Debian's Abseil has its own string_view: heterogeneous lookup needs it.
  auto it = word_index_.find(absl::string_view(word.data(), word.size()));
  uint32_t slot;
  if (it == word_index_.end()) {
    slot = static_cast<uint32_t>(words_.size());
    word_index_.emplace(std::string(word), slot);
    words_.emplace_back();
    words_.back().word.assign(word);
    // Its ranking term, shared with the other words of its stem.
    std::string key = query_keys::RankingTerm(word, stemming_);
    auto [rit, created] =
        ranking_index_.try_emplace(key, static_cast<uint32_t>(rankings_.size()));
    if (created) {
      rankings_.emplace_back();
      rankings_.back().key = std::move(key);
    }
    words_.back().ranking = rit->second;
  } else {
    slot = it->second;
  }
  WordSlot& w = words_[slot];
  if (w.document != docnum_) {
    if (w.positions_fragment.empty()) {  // first use in this batch
      w.positions_fragment = "A";
      batch_words_.push_back(slot);
    }
    w.document = docnum_;
    w.positions.clear();
    w.tf = 0;
    document_words_.push_back(slot);
  }
  ++w.tf;
  if (word_pairs_ != WordPairs::kPositions) w.positions.push_back(position);

  if (word_pairs_ != WordPairs::kNone && previous_word_ != kNone) {
    // Gathered at EndDocument, where the lookups can be prefetched.
    document_pair_keys_.push_back(
        {(static_cast<uint64_t>(previous_word_) << 32) | slot, previous_position_});
  }
  previous_word_ = slot;
  previous_position_ = position;
}

// A batch holds ~100,000 distinct pairs (more retained from earlier
// batches), so each lookup and each PairSlot is a cache miss: the keys of a
// document are looked up a few ahead of their use (prefetched), and the
// slots found are prefetched before they are updated.
void PostingAccumulator::GatherPairs() {
  constexpr size_t kAhead = 8;
  const size_t n = document_pair_keys_.size();
  document_pair_slots_.resize(n);
  for (size_t i = 0; i < n && i < kAhead; ++i) pair_index_.prefetch(document_pair_keys_[i].key);
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) pair_index_.prefetch(document_pair_keys_[i + kAhead].key);
    const uint64_t key = document_pair_keys_[i].key;
    auto [it, inserted] = pair_index_.try_emplace(key, static_cast<uint32_t>(pairs_.size()));
    if (inserted) {
      pairs_.emplace_back();
      pairs_.back().first = static_cast<uint32_t>(key >> 32);
      pairs_.back().second = static_cast<uint32_t>(key);
    }
    document_pair_slots_[i] = it->second;
    __builtin_prefetch(&pairs_[it->second], /*rw=*/1);
  }
  for (size_t i = 0; i < n; ++i) {
    const uint32_t slot = document_pair_slots_[i];
    PairSlot& p = pairs_[slot];
    if (p.document != docnum_) {
      if (p.fragment.empty()) {
        p.fragment = "A";
        batch_pairs_.push_back(slot);
      }
      p.document = docnum_;
      p.positions.clear();
      document_pairs_.push_back(slot);
    }
    p.positions.push_back(document_pair_keys_[i].position);  // the pair's first word's
  }
  document_pair_keys_.clear();
}

// The list elements are written with raw varint writes into buffers sized
// once: this loop runs for every distinct word of every document and was the
// accumulator's main cost with Encoder's appends.
uint32_t PostingAccumulator::EndDocument() {
  GatherPairs();
  uint32_t length = 0;
  char element[16];  // varint docnum, entry length (1 byte), tf, 0 positions
  char* const tf_start = WriteVarint32(element, docnum_) + 1;
  for (uint32_t slot : document_words_) {
    WordSlot& w = words_[slot];
    const uint32_t tf = w.tf;
    length += tf;
    // "w" counts every word of its stem: summed here, written below.
    RankingSlot& r = rankings_[w.ranking];
    if (r.document != docnum_) {
      if (r.tf_fragment.empty()) {
        r.tf_fragment = "A";
        batch_rankings_.push_back(w.ranking);
      }
      r.document = docnum_;
      r.tf = 0;
      document_rankings_.push_back(w.ranking);
    }
    r.tf += tf;
    // With pair positions a phrase never reads its words' positions: "p"
    // keeps only the exact form's tf (a quoted word in a stemmed index).
    AppendEntry(tf, word_pairs_ != WordPairs::kPositions ? w.positions.data() : nullptr,
                &w.positions_fragment);
  }
  // "w": (docnum, length, tf, 0).
  for (uint32_t slot : document_rankings_) {
    RankingSlot& r = rankings_[slot];
    char* end = WriteVarint32(tf_start, r.tf);
    *end++ = 0;
    tf_start[-1] = static_cast<char>(end - tf_start);
    r.tf_fragment.append(element, end - element);
  }
  const bool pair_positions = word_pairs_ == WordPairs::kPositions;
  for (uint32_t slot : document_pairs_) {
    PairSlot& p = pairs_[slot];
    AppendEntry(static_cast<uint32_t>(p.positions.size()),
                pair_positions ? p.positions.data() : nullptr, &p.fragment);
  }
  document_words_.clear();
  document_rankings_.clear();
  document_pairs_.clear();
  previous_word_ = kNone;
  return length;
}

void PostingAccumulator::AppendEntry(uint32_t tf, const uint32_t* positions,
                                     std::string* fragment) {
  entry_.resize(10 + (positions != nullptr ? 5 * static_cast<size_t>(tf) : 0));
  char* p = WriteVarint32(entry_.data(), tf);
  if (positions != nullptr) {
    p = WriteVarint32(p, tf);
    uint32_t previous = 0;
    for (uint32_t i = 0; i < tf; ++i) {
      p = WriteVarint32(p, positions[i] - previous);
      previous = positions[i];
    }
  } else {
    *p++ = 0;
  }
  const uint32_t entry_size = static_cast<uint32_t>(p - entry_.data());
  char header[10];
  char* h = WriteVarint32(header, docnum_);
  h = WriteVarint32(h, entry_size);
  fragment->append(header, h - header);
  fragment->append(entry_.data(), entry_size);
}

void PostingAccumulator::AddTerm(std::string_view key, uint32_t docnum, uint32_t tf) {
  auto [it, inserted] = others_.try_emplace(std::string(key));
  if (inserted) it->second = "A";
  EncodePostingEntryTo(tf, {}, &entry_);
  AppendToFragment(docnum, entry_, &it->second);
}

void PostingAccumulator::Remove(std::string_view key, uint32_t docnum) {
  removes_[std::string(key)].push_back(docnum);
}

void PostingAccumulator::Emit(
    const std::function<void(std::string_view key, const std::vector<uint32_t>& docnums)>& remove,
    const std::function<void(std::string_view key, std::string_view operand)>& add) {
  struct Operand {
    std::string key;
    const std::string* adds = nullptr;
    std::vector<uint32_t>* removes = nullptr;
  };
  // Key order without sorting every key: the words are sorted once; the
  // pairs follow by the ranks of their words ("b" a " " b sorts like (a, b)
  // because a space sorts below every byte of a word); the ranking terms
  // (stems in a stemmed index) are sorted by their keys; the pair,
  // positional and frequency families start with 'b' < 'p' < 'w'. The few other terms
  // and the removals are sorted by key and merged in. (Were the order ever
  // off, only insert speed would suffer: a term's removals name older
  // docnums than its adds, so the two commute.)
  std::sort(batch_words_.begin(), batch_words_.end(),
            [this](uint32_t a, uint32_t b) { return words_[a].word < words_[b].word; });
  rank_.resize(words_.size());
  for (uint32_t i = 0; i < batch_words_.size(); ++i) rank_[batch_words_[i]] = i;
  std::sort(batch_pairs_.begin(), batch_pairs_.end(), [this](uint32_t a, uint32_t b) {
    const PairSlot& x = pairs_[a];
    const PairSlot& y = pairs_[b];
    if (rank_[x.first] != rank_[y.first]) return rank_[x.first] < rank_[y.first];
    return rank_[x.second] < rank_[y.second];
  });
  std::sort(batch_rankings_.begin(), batch_rankings_.end(), [this](uint32_t a, uint32_t b) {
    return rankings_[a].key < rankings_[b].key;
  });
  std::vector<Operand> families;
  families.reserve(batch_words_.size() + batch_rankings_.size() + batch_pairs_.size());
  for (uint32_t slot : batch_pairs_) {
    PairSlot& p = pairs_[slot];
    families.push_back(
        {query_keys::WordPairTerm(words_[p.first].word, words_[p.second].word), &p.fragment});
  }
  for (uint32_t slot : batch_words_) {
    families.push_back({query_keys::PositionsTerm(words_[slot].word), &words_[slot].positions_fragment});
  }
  for (uint32_t slot : batch_rankings_) {
    families.push_back({rankings_[slot].key, &rankings_[slot].tf_fragment});
  }
  std::vector<Operand> extras;
  extras.reserve(others_.size() + removes_.size());
  for (auto& entry : others_) extras.push_back({entry.first, &entry.second, nullptr});
  for (auto& entry : removes_) extras.push_back({entry.first, nullptr, &entry.second});
  auto by_key = [](const Operand& a, const Operand& b) {
    if (a.key != b.key) return a.key < b.key;
    return a.removes != nullptr && b.removes == nullptr;  // removals first
  };
  std::sort(extras.begin(), extras.end(), by_key);
  std::vector<Operand> operands;
  operands.reserve(families.size() + extras.size());
  // Stable: on equal keys the extras (removals) come first.
  std::merge(std::make_move_iterator(extras.begin()), std::make_move_iterator(extras.end()),
             std::make_move_iterator(families.begin()), std::make_move_iterator(families.end()),
             std::back_inserter(operands), by_key);
  for (Operand& op : operands) {
    if (op.removes != nullptr) {
      std::vector<uint32_t>& docnums = *op.removes;
      std::sort(docnums.begin(), docnums.end());
      docnums.erase(std::unique(docnums.begin(), docnums.end()), docnums.end());
      remove(op.key, docnums);
    } else if (op.adds->size() > 1) {
      add(op.key, *op.adds);
    }
  }
  // The fragments are cleared but keep their capacity: frequent words and
  // pairs come back in every batch, and regrowing their buffers (copies and
  // fresh pages) cost more than the rest of their indexing. The
  // dictionaries are dropped once they hold more than kMaxRetainedSlots
  // (rare words accumulate).
  if (words_.size() + pairs_.size() > kMaxRetainedSlots) {
    Discard();
    return;
  }
  for (uint32_t slot : batch_words_) words_[slot].positions_fragment.clear();
  for (uint32_t slot : batch_rankings_) rankings_[slot].tf_fragment.clear();
  for (uint32_t slot : batch_pairs_) pairs_[slot].fragment.clear();
  ClearBatch();
}

void PostingAccumulator::ClearBatch() {
  batch_words_.clear();
  batch_rankings_.clear();
  batch_pairs_.clear();
  others_.clear();
  removes_.clear();
  document_words_.clear();
  document_rankings_.clear();
  document_pairs_.clear();
  document_pair_keys_.clear();
  previous_word_ = kNone;
}

void PostingAccumulator::Discard() {
  word_index_.clear();
  words_.clear();
  ranking_index_.clear();
  rankings_.clear();
  pair_index_.clear();
  pairs_.clear();
  ClearBatch();
}

}  // namespace newsgraph
