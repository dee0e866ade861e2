#include "services/query/core/posting_accumulator.h"

#include <algorithm>
#include <utility>

#include "absl/strings/string_view.h"
#include "services/query/core/key_layout.h"
#include "services/query/core/posting_list.h"

namespace newsgraph {

void PostingAccumulator::BeginDocument(uint32_t docnum) {
  docnum_ = docnum;
  previous_word_ = kNone;
  document_words_.clear();
  document_ranks_.clear();
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
    WordSlot& created = words_.back();
    created.word.assign(word);
    created.positions_fragment = "A";
    std::string key = query_keys::RankingTerm(word, stemming_);
    auto [rit, new_rank] = rank_index_.try_emplace(key, static_cast<uint32_t>(ranks_.size()));
    if (new_rank) {
      ranks_.emplace_back();
      ranks_.back().key = std::move(key);
      ranks_.back().tf_fragment = "A";
    }
    created.rank = rit->second;
  } else {
    slot = it->second;
  }
  WordSlot& w = words_[slot];
  if (w.document != docnum_) {
    w.document = docnum_;
    w.positions.clear();
    document_words_.push_back(slot);
  }
  w.positions.push_back(position);

  if (word_pairs_ && previous_word_ != kNone) {
    const uint64_t pair_key = (static_cast<uint64_t>(previous_word_) << 32) | slot;
    auto [pit, inserted] = pair_index_.try_emplace(pair_key, static_cast<uint32_t>(pairs_.size()));
    if (inserted) {
      pairs_.emplace_back();
      PairSlot& created = pairs_.back();
      created.first = previous_word_;
      created.second = slot;
      created.fragment = "A";
    }
    PairSlot& p = pairs_[pit->second];
    if (p.document != docnum_) {
      p.document = docnum_;
      p.tf = 0;
      document_pairs_.push_back(pit->second);
    }
    ++p.tf;
  }
  previous_word_ = slot;
}

uint32_t PostingAccumulator::EndDocument() {
  uint32_t length = 0;
  for (uint32_t slot : document_words_) {
    WordSlot& w = words_[slot];
    const uint32_t tf = static_cast<uint32_t>(w.positions.size());
    length += tf;
    RankSlot& r = ranks_[w.rank];
    if (r.document != docnum_) {
      r.document = docnum_;
      r.tf = 0;
      document_ranks_.push_back(w.rank);
    }
    r.tf += tf;
    EncodePostingEntryTo(tf, w.positions, &entry_);
    AppendToFragment(docnum_, entry_, &w.positions_fragment);
  }
  for (uint32_t slot : document_ranks_) {
    RankSlot& r = ranks_[slot];
    EncodePostingEntryTo(r.tf, {}, &entry_);
    AppendToFragment(docnum_, entry_, &r.tf_fragment);
  }
  for (uint32_t slot : document_pairs_) {
    PairSlot& p = pairs_[slot];
    EncodePostingEntryTo(p.tf, {}, &entry_);
    AppendToFragment(docnum_, entry_, &p.fragment);
  }
  document_words_.clear();
  document_ranks_.clear();
  document_pairs_.clear();
  previous_word_ = kNone;
  return length;
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

void PostingAccumulator::TouchedKeys(std::vector<std::string>* out) const {
  for (const WordSlot& w : words_) out->push_back(query_keys::PositionsTerm(w.word));
  for (const RankSlot& r : ranks_) out->push_back(r.key);
  for (const PairSlot& p : pairs_) {
    out->push_back(query_keys::WordPairTerm(words_[p.first].word, words_[p.second].word));
  }
  for (const auto& entry : others_) out->push_back(entry.first);
  for (const auto& entry : removes_) out->push_back(entry.first);
}

void PostingAccumulator::Emit(
    const std::function<void(std::string_view key, const std::vector<uint32_t>& docnums)>& remove,
    const std::function<void(std::string_view key, std::string_view operand)>& add) {
  // Every operand of the batch with its key, sorted by key. Keys are built
  // here, once per term per batch.
  struct Operand {
    std::string key;
    const std::string* adds = nullptr;
    std::vector<uint32_t>* removes = nullptr;
  };
  std::vector<Operand> operands;
  operands.reserve(words_.size() + ranks_.size() + pairs_.size() + others_.size() +
                   removes_.size());
  for (WordSlot& w : words_) {
    operands.push_back({query_keys::PositionsTerm(w.word), &w.positions_fragment, nullptr});
  }
  for (RankSlot& r : ranks_) operands.push_back({r.key, &r.tf_fragment, nullptr});
  for (PairSlot& p : pairs_) {
    operands.push_back(
        {query_keys::WordPairTerm(words_[p.first].word, words_[p.second].word), &p.fragment,
         nullptr});
  }
  for (auto& entry : others_) operands.push_back({entry.first, &entry.second, nullptr});
  for (auto& entry : removes_) operands.push_back({entry.first, nullptr, &entry.second});
  std::sort(operands.begin(), operands.end(), [](const Operand& a, const Operand& b) {
    if (a.key != b.key) return a.key < b.key;
    return a.removes != nullptr && b.removes == nullptr;  // removes first
  });
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
  word_index_.clear();
  words_.clear();
  rank_index_.clear();
  ranks_.clear();
  document_ranks_.clear();
  pair_index_.clear();
  pairs_.clear();
  others_.clear();
  removes_.clear();
  document_words_.clear();
  document_pairs_.clear();
  previous_word_ = kNone;
}

}  // namespace newsgraph
