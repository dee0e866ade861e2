// The query service's RocksDB layout: every column family and every key, in
// one place. The query index is derived data (rebuilt from extraction's feed
// from sequence 0 if lost), so its formats carry a version byte only where a
// record may grow.
//
// Numbers in keys are big-endian fixed width so that bytewise order is
// numeric order. A "docnum" is a uint32 assigned by the index to each stored
// version of a document, increasing with every upsert and never reused: an
// update gets a new docnum and the old one's postings are removed, which is
// what makes pagination tokens and deletes exact.
//
// Column families:
//   default   "cursor"                -> fixed64 last applied feed sequence
//             "next_docnum"           -> fixed64 next docnum to assign
//             "layout"                -> "0" kKeyPerPosting | "1" kMergedLists
//             "word_pairs"            -> "1" when "b" postings are written
//             "stemming"              -> StemModeName of the "w" terms
//                                        ("porter2", "light"); absent: none
//             "document_counts"       -> "1" when "counts" keeps every "w"
//                                        term's document count (kMergedLists
//                                        indexes created since)
//   docs      "d" doc_id              -> BE32 docnum of the live version
//             "n" BE32(docnum)        -> EncodeDocumentAnnotations (for hits,
//                                        snippets and the entity lists; kept
//                                        in RocksDB blob files, so compaction
//                                        does not rewrite the texts)
//             "m" BE32(docnum)        -> DocMeta record (length in tokens,
//                                        day, source); loaded into memory
//             "f" BE32(docnum)        -> forward record: every posting term and
//                                        aux key the version wrote, so a delete
//                                        removes exactly those (no ghosts)
//             "x" BE32(docnum)        -> the version's entities: list of
//                                        (entity_id, name, type, mention_count,
//                                        aliases)
//   postings  layout kKeyPerPosting:
//               term "\0" BE32(docnum) -> posting entry (tf, positions)
//             layout kMergedLists:
//               term                  -> sorted list of (docnum, entry) built
//                                        by PostingListMergeOperator
//             where term is "w" word (tf only: ranking reads these; in a
//             stemmed index "w" stem, its tf summed over the document's
//             words with that stem) |
//             "p" word (tf and positions: phrases read these; tf only in
//             an index with pair positions, where only a quoted single word
//             reads them) |
//             "b" word " " next-word (occurrences of the two words side by
//             side: the exact frequency of a two-word phrase; written when
//             the index was created with word pairs. With pair positions,
//             "word_pairs" -> "2" (the default), they also carry the first
//             word's positions, from which longer phrases are matched
//             exactly (pair t of an occurrence at s is at s + t); an index
//             created with "1" has tf only, a bound for longer phrases
//             that their words' positions verify) |
//             "e" entity_id | "t" TYPE | "q" word-of-a-quote; words are
//             normalized by NormalizeTerm ("p", "b" and "q" words are never
//             stemmed: phrases and quoted words match exact forms).
//             Splitting "w" from "p" keeps the lists that ordinary term
//             queries read ~5x smaller.
//   entities  "a" norm_alias "\0" entity_id -> "" (name -> id dictionary:
//                                        written once, never removed; lookups
//                                        keep only ids with live documents or a
//                                        redirect. An entity's documents and
//                                        mention counts are its "e" postings.)
//             "o" entity_id "\0" BE32(docnum) BE16(i) -> Role record
//             "q" entity_id "\0" DESC(day) DESC(docnum) BE16(i) -> Quote record
//             "Q" DESC(day) DESC(docnum) BE16(i) -> Quote record (all quotes,
//                                        newest first)
//             "c" entity_id           -> fixed64 live documents mentioning it,
//                                        then the type byte
//             "T" TYPE                -> fixed64 entities of that type with at
//                                        least one live document
//             "r" old_id              -> new_id (redirect after a merge)
//             "R" new_id "\0" old_id  -> "" (reverse redirect)
//   counts    "w" term                -> BE64 number of postings in the term's
//                                        "w" list (its df), kept by
//                                        NewCounterMergeOperator deltas written
//                                        with the list's operands: a phrase
//                                        word's df without reading its list
//                                        (hundreds of KB for a common word)
//
// DESC(x) is the bitwise complement of the BE32 of x (newest first); day is
// days since 1970-01-01 plus kDayBias (so unknown dates, kUnknownDay, sort
// last).
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_KEY_LAYOUT_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_KEY_LAYOUT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/encoding/coding.h"
#include "common/storage/rocks_store.h"
#include "common/text/english_stemmer.h"

namespace newsgraph {
namespace query_keys {

inline constexpr ColumnFamily kDefaultCf = 0;
inline constexpr ColumnFamily kDocsCf = 1;
inline constexpr ColumnFamily kPostingsCf = 2;
inline constexpr ColumnFamily kEntitiesCf = 3;
inline constexpr ColumnFamily kCountsCf = 4;
inline constexpr const char* kColumnFamilyNames[] = {"default", "docs", "postings", "entities",
                                                     "counts"};

inline constexpr std::string_view kCursorKey = "cursor";
inline constexpr std::string_view kNextDocnumKey = "next_docnum";

// Days are stored biased so they are positive; kUnknownDay sorts before every
// real date.
inline constexpr int32_t kUnknownDay = -1000000;
inline constexpr uint32_t kDayBias = 1u << 30;

inline uint32_t BiasDay(int32_t day) { return static_cast<uint32_t>(day + static_cast<int64_t>(kDayBias)); }

inline std::string DocIdKey(std::string_view doc_id) {
  std::string key = "d";
  key.append(doc_id);
  return key;
}
inline std::string DocnumKey(char tag, uint32_t docnum) {
  std::string key(1, tag);
  AppendBigEndian32(&key, docnum);
  return key;
}
inline std::string WordTerm(std::string_view word) { return "w" + std::string(word); }
// Whether a postings key is a "w" term (WordTerm, RankingTerm).
inline bool IsRankingTerm(std::string_view term) { return !term.empty() && term[0] == 'w'; }
// The "w" term under which a normalized word is ranked in an index created
// with `stemming`: its stem's (english_stemmer.h), or the word's when none.
// The one definition for documents (PostingAccumulator), deletes and queries.
inline std::string RankingTerm(std::string_view word, StemMode stemming) {
  if (stemming == StemMode::kNone) return WordTerm(word);
  std::string term = "w";
  std::string stem;
  StemTerm(word, stemming, &stem);
  term.append(stem);
  return term;
}
inline std::string PositionsTerm(std::string_view word) { return "p" + std::string(word); }
inline std::string WordPairTerm(std::string_view first, std::string_view second) {
  std::string term = "b";
  term.append(first);
  term.push_back(' ');
  term.append(second);
  return term;
}
inline std::string EntityTerm(std::string_view id) { return "e" + std::string(id); }
inline std::string TypeTerm(std::string_view type) { return "t" + std::string(type); }
inline std::string QuoteTerm(std::string_view word) { return "q" + std::string(word); }

// kKeyPerPosting: the key of one posting, and the prefix of all of a term's.
inline std::string PostingPrefix(std::string_view term) {
  std::string key(term);
  key.push_back('\0');
  return key;
}
inline std::string PostingKey(std::string_view term, uint32_t docnum) {
  std::string key = PostingPrefix(term);
  AppendBigEndian32(&key, docnum);
  return key;
}

inline std::string IdPrefix(char tag, std::string_view id) {
  std::string key(1, tag);
  key.append(id);
  key.push_back('\0');
  return key;
}
inline std::string AliasKey(std::string_view norm_alias, std::string_view id) {
  std::string key = IdPrefix('a', norm_alias);
  key.append(id);
  return key;
}
inline std::string RoleKey(std::string_view id, uint32_t docnum, uint16_t index) {
  std::string key = IdPrefix('o', id);
  AppendBigEndian32(&key, docnum);
  key.push_back(static_cast<char>(index >> 8));
  key.push_back(static_cast<char>(index & 0xff));
  return key;
}
// The newest-first suffix shared by "q" and "Q" quote keys.
inline void AppendQuoteOrder(std::string* key, int32_t day, uint32_t docnum, uint16_t index) {
  AppendBigEndian32(key, ~BiasDay(day));
  AppendBigEndian32(key, ~docnum);
  key->push_back(static_cast<char>(index >> 8));
  key->push_back(static_cast<char>(index & 0xff));
}
inline std::string SpeakerQuoteKey(std::string_view id, int32_t day, uint32_t docnum,
                                   uint16_t index) {
  std::string key = IdPrefix('q', id);
  AppendQuoteOrder(&key, day, docnum, index);
  return key;
}
inline std::string AllQuoteKey(int32_t day, uint32_t docnum, uint16_t index) {
  std::string key = "Q";
  AppendQuoteOrder(&key, day, docnum, index);
  return key;
}
inline std::string EntityCountKey(std::string_view id) { return "c" + std::string(id); }
inline std::string TypeCountKey(std::string_view type) { return "T" + std::string(type); }
inline std::string RedirectKey(std::string_view old_id) { return "r" + std::string(old_id); }
inline std::string ReverseRedirectKey(std::string_view new_id, std::string_view old_id) {
  std::string key = IdPrefix('R', new_id);
  key.append(old_id);
  return key;
}

}  // namespace query_keys
}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_KEY_LAYOUT_H_
