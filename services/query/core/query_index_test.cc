#include "services/query/core/query_index.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/query/core/posting_accumulator.h"

namespace newsgraph {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

struct EntitySpec {
  std::string id;
  std::string name;
  EntityType type;
  std::vector<std::string> aliases;
};

AnnotationChange Upsert(uint64_t sequence, const std::string& id, const std::string& text,
                        const std::string& date = "2021-03-01",
                        const std::string& source = "example.kz",
                        const std::vector<EntitySpec>& entities = {}) {
  AnnotationChange change;
  change.sequence = sequence;
  change.kind = AnnotationChange::Kind::kUpsert;
  change.doc_id = id;
  DocumentAnnotations& doc = change.annotations;
  doc.doc_id = id;
  doc.title = "";
  doc.source = source;
  doc.url = "https://" + source + "/" + id;
  doc.published_date = date;
  doc.text = text;
  doc.body_begin = 0;
  doc.body_end = static_cast<uint32_t>(text.size());
  for (const EntitySpec& e : entities) {
    DocumentEntity de;
    de.entity_id = e.id;
    de.canonical_name = e.name;
    de.type = e.type;
    de.mention_count = 1;
    de.aliases = e.aliases;
    doc.entities.push_back(de);
    Mention m;
    m.type = e.type;
    m.entity_id = e.id;
    m.text = e.name;
    doc.mentions.push_back(m);
  }
  return change;
}

AnnotationChange Delete(uint64_t sequence, const std::string& id) {
  AnnotationChange change;
  change.sequence = sequence;
  change.kind = AnnotationChange::Kind::kDelete;
  change.doc_id = id;
  return change;
}

class QueryIndexTest : public ::testing::TestWithParam<PostingLayout> {
 protected:
  void SetUp() override { Reopen(); }

  // The tests here compute their expectations on surface forms, so the
  // index they open does not stem unless a test asks for it.
  void Reopen(size_t verify_all_below = QueryIndexOptions().verify_all_below,
              WordPairs pairs = WordPairs::kPositions, const std::string& folder = "index",
              StemMode stemming = StemMode::kNone) {
    index_.reset();
    QueryIndexOptions options;
    options.path = dir_.Sub(folder);
    options.word_pairs = pairs != WordPairs::kNone;
    options.pair_positions = pairs == WordPairs::kPositions;
    options.stemming = stemming;
    options.block_cache_bytes = 8 << 20;
    options.layout = GetParam();
    options.verify_all_below = verify_all_below;
    options.phrase_cache_after = phrase_cache_after_;
    options.document_counts = document_counts_;
    auto opened = QueryIndex::Open(options);
    ASSERT_THAT(opened, IsOk());
    index_ = std::move(opened).value();
  }

  void Apply(const AnnotationChange& change) { ASSERT_THAT(index_->ApplyChange(change), IsOk()); }

  size_t phrase_cache_after_ = QueryIndexOptions().phrase_cache_after;  // for Reopen
  bool document_counts_ = QueryIndexOptions().document_counts;          // for Reopen

  SearchResult Run(const SearchQuery& q) {
    auto result = index_->Search(q);
    EXPECT_THAT(result, IsOk()) << q.query;
    return result.ok() ? *result : SearchResult();
  }
  SearchResult Run(const std::string& query) {
    SearchQuery q;
    q.query = query;
    return Run(q);
  }
  std::vector<std::string> Ids(const std::string& query) {
    std::vector<std::string> ids;
    for (const SearchHit& h : Run(query).hits) ids.push_back(h.doc_id);
    return ids;
  }

  TempDir dir_;
  std::unique_ptr<QueryIndex> index_;
};

TEST_P(QueryIndexTest, Bm25ScoresMatchHandComputedValues) {
  Apply(Upsert(1, "d1", "apple banana apple"));
  Apply(Upsert(2, "d2", "banana cherry"));
  Apply(Upsert(3, "d3", "cherry date elder fig"));
  // N = 3, avgdl = 9 / 3 = 3, k1 = 1.2, b = 0.75.
  // apple: df 1, idf = ln(1 + 2.5 / 1.5) = 0.98083; d1 tf 2, dl 3:
  //   0.98083 * 2 * 2.2 / (2 + 1.2) = 1.34864
  SearchResult apple = Run("apple");
  ASSERT_EQ(apple.hits.size(), 1u);
  EXPECT_EQ(apple.hits[0].doc_id, "d1");
  EXPECT_NEAR(apple.hits[0].score, 1.3486402, 1e-6);
  // banana: df 2, idf = ln(1 + 1.5 / 2.5) = 0.47000;
  //   d2 (dl 2): 0.47 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 2/3)) = 0.54421
  //   d1 (dl 3): 0.47 * 2.2 / (1 + 1.2) = 0.47000
  SearchResult banana = Run("banana");
  ASSERT_EQ(banana.hits.size(), 2u);
  EXPECT_EQ(banana.hits[0].doc_id, "d2");
  EXPECT_NEAR(banana.hits[0].score, 0.5442147, 1e-6);
  EXPECT_EQ(banana.hits[1].doc_id, "d1");
  EXPECT_NEAR(banana.hits[1].score, 0.4700036, 1e-6);
  EXPECT_EQ(banana.total_size, 2u);
  EXPECT_TRUE(banana.total_size_exact);
  // Two terms add up: d1 = 1.34864 + 0.47000.
  SearchResult both = Run("apple banana");
  ASSERT_EQ(both.hits.size(), 1u);
  EXPECT_NEAR(both.hits[0].score, 1.3486402 + 0.4700036, 1e-6);
  // A phrase scores with the sum of its terms' idf: d2 "banana cherry",
  //   (0.47000 + 0.47000) * 2.2 / 1.9 = 1.08843
  SearchResult phrase = Run("\"banana cherry\"");
  ASSERT_EQ(phrase.hits.size(), 1u);
  EXPECT_EQ(phrase.hits[0].doc_id, "d2");
  EXPECT_NEAR(phrase.hits[0].score, 1.0884295, 1e-6);
}

TEST_P(QueryIndexTest, CaseAndDiacriticsAreNormalizedLikeDocuments) {
  Apply(Upsert(1, "d1", "The Ministry of Health in ASTANA"));
  EXPECT_THAT(Ids("astana"), ElementsAre("d1"));
  EXPECT_THAT(Ids("MINISTRY health"), ElementsAre("d1"));
}

TEST_P(QueryIndexTest, PhraseNeedsConsecutivePositions) {
  Apply(Upsert(1, "d1", "the health minister visited the hospital"));
  Apply(Upsert(2, "d2", "the minister of health visited"));
  Apply(Upsert(3, "d3", "health ministers met; the minister spoke"));
  EXPECT_THAT(Ids("\"health minister\""), ElementsAre("d1"));
  EXPECT_THAT(Ids("\"minister of health\""), ElementsAre("d2"));
  EXPECT_THAT(Ids("health minister"), UnorderedElementsAre("d1", "d2", "d3"));
  EXPECT_TRUE(Ids("\"hospital health\"").empty());
}

TEST_P(QueryIndexTest, ExclusionAndOr) {
  Apply(Upsert(1, "d1", "vaccine doses arrived in Almaty"));
  Apply(Upsert(2, "d2", "vaccination campaign in Shymkent"));
  Apply(Upsert(3, "d3", "vaccine campaign in Almaty"));
  Apply(Upsert(4, "d4", "hospital funding in Almaty"));
  EXPECT_THAT(Ids("vaccine OR vaccination"), UnorderedElementsAre("d1", "d2", "d3"));
  EXPECT_THAT(Ids("vaccine -almaty"), ElementsAre());
  EXPECT_THAT(Ids("almaty -vaccine"), ElementsAre("d4"));
  EXPECT_THAT(Ids("almaty -\"vaccine doses\""), UnorderedElementsAre("d3", "d4"));
  EXPECT_THAT(Ids("campaign vaccine OR vaccination"), UnorderedElementsAre("d2", "d3"));
  EXPECT_THAT(Ids("vaccine OR vaccination -campaign"), ElementsAre("d1"));
}

TEST_P(QueryIndexTest, EachFilter) {
  const EntitySpec abenov{"E1", "Nur-Daulet Abenov", EntityType::kPerson, {"Abenov"}};
  const EntitySpec who{"E2", "World Health Organization", EntityType::kOrganization, {"WHO"}};
  Apply(Upsert(1, "d1", "Abenov opened a hospital", "2019-05-01", "example.kz", {abenov}));
  Apply(Upsert(2, "d2", "WHO praised the hospital", "2020-02-10", "news.kz", {who}));
  Apply(Upsert(3, "d3", "Abenov and WHO talked about the hospital", "2021-07-15", "Example.KZ",
               {abenov, who}));
  Apply(Upsert(4, "d4", "a hospital without entities", "", "other.kz"));

  EXPECT_THAT(Ids("hospital entity:\"Nur-Daulet Abenov\""), UnorderedElementsAre("d1", "d3"));
  EXPECT_THAT(Ids("hospital entity:abenov"), UnorderedElementsAre("d1", "d3"));  // alias
  EXPECT_THAT(Ids("hospital entity:E2"), UnorderedElementsAre("d2", "d3"));      // id
  EXPECT_THAT(Ids("entity:E1 entity:WHO"), ElementsAre("d3"));
  EXPECT_THAT(Ids("entity:\"Nobody Known\""), ElementsAre());
  EXPECT_THAT(Ids("hospital type:ORG"), UnorderedElementsAre("d2", "d3"));
  EXPECT_THAT(Ids("hospital type:person"), UnorderedElementsAre("d1", "d3"));
  EXPECT_THAT(Ids("hospital source:example.kz"), UnorderedElementsAre("d1", "d3"));
  EXPECT_THAT(Ids("hospital source:news.kz source:other.kz"), UnorderedElementsAre("d2", "d4"));
  EXPECT_THAT(Ids("hospital after:2020-01-01"), UnorderedElementsAre("d2", "d3"));
  EXPECT_THAT(Ids("hospital before:2020-02-10"), ElementsAre("d1"));  // exclusive
  EXPECT_THAT(Ids("hospital after:2020-02-10 before:2021"), ElementsAre("d2"));
  EXPECT_THAT(Ids("hospital after:2019"), UnorderedElementsAre("d1", "d2", "d3"));

  SearchQuery structured;
  structured.query = "hospital";
  structured.entities = {"WHO"};
  structured.types = {"PERSON"};
  structured.after = "2021-01-01";
  EXPECT_THAT(Run(structured).hits, ::testing::SizeIs(1));
  structured.sources = {"news.kz"};
  EXPECT_THAT(Run(structured).hits, ::testing::IsEmpty());

  // A filter-only query returns every matching document.
  SearchQuery by_date;
  by_date.entities = {"E2"};
  by_date.sort = SortOrder::kDate;
  SearchResult r = Run(by_date);
  ASSERT_EQ(r.hits.size(), 2u);
  EXPECT_EQ(r.hits[0].doc_id, "d3");  // newest first
  EXPECT_EQ(r.hits[1].doc_id, "d2");
  ASSERT_EQ(r.hits[0].entities.size(), 2u);
  EXPECT_EQ(r.hits[0].entities[0].canonical_name, "Nur-Daulet Abenov");
}

TEST_P(QueryIndexTest, HitsCarryFieldsAndHighlightedSnippet) {
  Apply(Upsert(1, "d1",
               "Menu. The regional <hospital> got new funding. Officials said the hospital "
               "will open in May.",
               "2022-04-01T09:40", "example.kz"));
  SearchQuery q;
  q.query = "hospital";
  q.snippet_tokens = 8;
  SearchResult r = Run(q);
  ASSERT_EQ(r.hits.size(), 1u);
  const SearchHit& hit = r.hits[0];
  EXPECT_EQ(hit.url, "https://example.kz/d1");
  EXPECT_EQ(hit.published_date, "2022-04-01T09:40");
  ASSERT_FALSE(hit.snippet.highlights.empty());
  for (const Span& s : hit.snippet.highlights) {
    EXPECT_EQ(hit.snippet.text.substr(s.begin, s.end - s.begin), "hospital");
  }
  EXPECT_THAT(hit.snippet.marked, HasSubstr("&lt;<b>hospital</b>&gt;"));
}

TEST_P(QueryIndexTest, PaginationNeitherSkipsNorRepeatsWhileDocumentsArrive) {
  uint64_t sequence = 0;
  for (int i = 0; i < 40; ++i) {
    std::string text = "clinic";
    for (int j = 0; j < i % 5; ++j) text += " clinic";
    for (int j = 0; j < i % 7; ++j) text += " filler";
    Apply(Upsert(++sequence, absl::StrCat("d", i), text, absl::StrCat("2021-01-", 10 + i % 20)));
  }
  for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kDate}) {
    // What the index holds when pagination starts (the second round also
    // sees the documents the first round added).
    std::set<std::string> expected;
    SearchQuery all;
    all.query = "clinic";
    all.page_size = 1000;
    for (const SearchHit& h : Run(all).hits) expected.insert(h.doc_id);
    ASSERT_GE(expected.size(), 40u);
    SearchQuery q;
    q.query = "clinic";
    q.sort = sort;
    q.page_size = 7;
    std::vector<std::string> seen;
    int added = 0;
    uint64_t first_total = 0;
    double previous_score = 1e9;
    for (int page = 0; page < 20; ++page) {
      SearchResult r = Run(q);
      if (page == 0) first_total = r.total_size;
      for (const SearchHit& h : r.hits) {
        seen.push_back(h.doc_id);
        if (sort == SortOrder::kRelevance) {
          EXPECT_LE(h.score, previous_score);
          previous_score = h.score;
        }
      }
      // New documents: some rank before everything seen so far, some after
      // the current page (they must not appear in later pages either).
      for (int k = 0; k < 4; ++k) {
        const bool high = k % 2 == 0;
        Apply(Upsert(++sequence, absl::StrCat("new", sort == SortOrder::kDate, "-", added++),
                     high ? "clinic clinic clinic clinic clinic clinic"
                          : "clinic filler filler filler filler filler filler filler filler",
                     high ? "2030-01-01" : "2000-01-01"));
      }
      if (r.next_page_token.empty()) break;
      q.page_token = r.next_page_token;
    }
    EXPECT_EQ(first_total, expected.size());
    std::set<std::string> unique(seen.begin(), seen.end());
    EXPECT_EQ(unique.size(), seen.size()) << "a document was repeated";
    EXPECT_EQ(unique, expected) << "documents were skipped or added mid-pagination";
    // A fresh search sees the new documents.
    SearchQuery fresh;
    fresh.query = "clinic";
    EXPECT_GT(Run(fresh).total_size, expected.size());
  }
}

TEST_P(QueryIndexTest, PageSizeAndTokenValidation) {
  Apply(Upsert(1, "d1", "clinic"));
  SearchQuery q;
  q.query = "clinic";
  q.page_size = 1001;
  EXPECT_THAT(index_->Search(q), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
  q.page_size = -1;
  EXPECT_THAT(index_->Search(q), StatusIs(absl::StatusCode::kInvalidArgument));
  q.page_size = 1000;
  EXPECT_THAT(index_->Search(q), IsOk());
  q.page_token = "not a token!";
  EXPECT_THAT(index_->Search(q), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  // A token from another query is refused.
  Apply(Upsert(2, "d2", "clinic"));
  SearchQuery a;
  a.query = "clinic";
  a.page_size = 1;
  ASSERT_OK_AND_ASSIGN(SearchResult first, index_->Search(a));
  ASSERT_FALSE(first.next_page_token.empty());
  SearchQuery b;
  b.query = "hospital";
  b.page_token = first.next_page_token;
  EXPECT_THAT(index_->Search(b), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("different query")));
}

SearchQuery QueryOf(const std::string& text) {
  SearchQuery q;
  q.query = text;
  return q;
}

TEST_P(QueryIndexTest, MalformedQueriesReportThePosition) {
  Apply(Upsert(1, "d1", "clinic"));
  EXPECT_THAT(index_->Search(QueryOf("clinic \"open")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at byte 7")));
  EXPECT_THAT(index_->Search(QueryOf("clinic type:XYZ")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at byte 12:")));
  EXPECT_THAT(index_->Search(QueryOf("after:2021-13-01")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at byte 6")));
  EXPECT_THAT(index_->Search(QueryOf("-clinic")), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(index_->Search(QueryOf("")), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(QueryIndexTest, UpdatesAndDeletesLeaveNoGhosts) {
  const EntitySpec who{"E2", "World Health Organization", EntityType::kOrganization, {"WHO"}};
  Apply(Upsert(1, "d1", "alpha clinic", "2021-01-01", "a.kz", {who}));
  Apply(Upsert(2, "d2", "alpha beta", "2021-01-02", "b.kz"));
  EXPECT_THAT(Ids("alpha"), UnorderedElementsAre("d1", "d2"));
  // Update d1: its old words, entity and source disappear.
  Apply(Upsert(3, "d1", "gamma clinic", "2021-01-03", "c.kz"));
  EXPECT_THAT(Ids("alpha"), ElementsAre("d2"));
  EXPECT_THAT(Ids("gamma"), ElementsAre("d1"));
  EXPECT_THAT(Ids("clinic"), ElementsAre("d1"));
  EXPECT_THAT(Ids("entity:E2"), ElementsAre());
  EXPECT_THAT(Ids("entity:WHO"), ElementsAre());
  EXPECT_THAT(Ids("clinic source:a.kz"), ElementsAre());
  EXPECT_THAT(Ids("clinic source:c.kz"), ElementsAre("d1"));
  // Updating twice in a row keeps one live version.
  Apply(Upsert(4, "d1", "gamma delta", "2021-01-04", "c.kz"));
  EXPECT_EQ(Run("gamma").total_size, 1u);
  EXPECT_THAT(Ids("clinic"), ElementsAre());
  // Delete.
  Apply(Delete(5, "d1"));
  EXPECT_THAT(Ids("gamma"), ElementsAre());
  EXPECT_THAT(Ids("delta"), ElementsAre());
  // Deleting an unknown document just advances the cursor.
  Apply(Delete(6, "nope"));
  EXPECT_EQ(index_->cursor(), 6u);
  ASSERT_OK_AND_ASSIGN(IndexStats stats, index_->Stats());
  EXPECT_EQ(stats.documents, 1u);
  EXPECT_THAT(stats.entities_by_type, ElementsAre());
  // BM25 statistics follow: one document left, df("alpha") = 1.
  SearchResult r = Run("alpha");
  ASSERT_EQ(r.hits.size(), 1u);
  // N = 1, df = 1, idf = ln(1 + 0.5/1.5); tf 1, dl = avgdl = 2.
  EXPECT_NEAR(r.hits[0].score, std::log(1 + 0.5 / 1.5) * 2.2 / 2.2, 1e-9);
  // Surviving the reopen too.
  Reopen();
  EXPECT_THAT(Ids("gamma"), ElementsAre());
  EXPECT_THAT(Ids("alpha"), ElementsAre("d2"));
}

TEST_P(QueryIndexTest, ReopenKeepsResultsAndCursor) {
  for (int i = 1; i <= 30; ++i) {
    Apply(Upsert(i, absl::StrCat("d", i), absl::StrCat("report number ", i, " on clinic ", i % 3 ? "beds" : "staff"),
                 absl::StrCat("2020-0", 1 + i % 9, "-01")));
  }
  SearchQuery q;
  q.query = "clinic beds";
  q.page_size = 5;
  SearchResult before = Run(q);
  ASSERT_FALSE(before.next_page_token.empty());
  EXPECT_EQ(index_->cursor(), 30u);
  Reopen();
  EXPECT_EQ(index_->cursor(), 30u);
  SearchResult after = Run(q);
  ASSERT_EQ(after.hits.size(), before.hits.size());
  for (size_t i = 0; i < after.hits.size(); ++i) {
    EXPECT_EQ(after.hits[i].doc_id, before.hits[i].doc_id);
    EXPECT_DOUBLE_EQ(after.hits[i].score, before.hits[i].score);
  }
  EXPECT_EQ(after.total_size, before.total_size);
  // A token from before the restart still continues the same pagination.
  q.page_token = before.next_page_token;
  SearchResult next = Run(q);
  ASSERT_FALSE(next.hits.empty());
  for (const SearchHit& h : next.hits) {
    for (const SearchHit& b : before.hits) EXPECT_NE(h.doc_id, b.doc_id);
  }
  // Re-applying an old change is a no-op, even with different content.
  Apply(Upsert(7, "d7", "rewritten by a stale replay"));
  EXPECT_THAT(Ids("stale"), ElementsAre());
  EXPECT_THAT(Ids("report clinic number 7"), ElementsAre("d7"));
  EXPECT_EQ(index_->cursor(), 30u);
  Apply(Upsert(31, "d7", "rewritten for real"));
  EXPECT_EQ(index_->cursor(), 31u);
  Reopen();
  EXPECT_EQ(index_->cursor(), 31u);
  EXPECT_THAT(Ids("rewritten"), ElementsAre("d7"));
}

TEST_P(QueryIndexTest, BatchesApplyLikeSingleChanges) {
  Apply(Upsert(1, "d0", "zeta clinic"));
  std::vector<AnnotationChange> batch = {
      Upsert(1, "d0", "stale replay"),  // already applied: skipped
      Upsert(2, "d1", "alpha clinic"),
      Upsert(3, "d2", "beta clinic"),
      Upsert(4, "d1", "gamma clinic"),  // same document again in one batch
      Delete(5, "d2"),
      Upsert(6, "d3", "alpha beta"),
      Delete(7, "d0"),
  };
  ASSERT_THAT(index_->ApplyChanges(batch), IsOk());
  EXPECT_EQ(index_->cursor(), 7u);
  EXPECT_THAT(Ids("clinic"), ElementsAre("d1"));
  EXPECT_THAT(Ids("alpha"), ElementsAre("d3"));
  EXPECT_THAT(Ids("gamma"), ElementsAre("d1"));
  EXPECT_THAT(Ids("stale OR zeta"), ElementsAre());
  ASSERT_OK_AND_ASSIGN(IndexStats stats, index_->Stats());
  EXPECT_EQ(stats.documents, 2u);
  // The same index built one change at a time scores identically.
  TempDir other_dir;
  QueryIndexOptions options;
  options.path = other_dir.Sub("index");
  options.layout = GetParam();
  ASSERT_OK_AND_ASSIGN(auto other, QueryIndex::Open(options));
  ASSERT_THAT(other->ApplyChange(Upsert(1, "d0", "zeta clinic")), IsOk());
  for (const AnnotationChange& c : batch) ASSERT_THAT(other->ApplyChange(c), IsOk());
  SearchQuery q;
  q.query = "alpha OR clinic";
  ASSERT_OK_AND_ASSIGN(SearchResult a, index_->Search(q));
  ASSERT_OK_AND_ASSIGN(SearchResult b, other->Search(q));
  ASSERT_EQ(a.hits.size(), b.hits.size());
  for (size_t i = 0; i < a.hits.size(); ++i) {
    EXPECT_EQ(a.hits[i].doc_id, b.hits[i].doc_id);
    EXPECT_DOUBLE_EQ(a.hits[i].score, b.hits[i].score);
  }
}

// The pruned search (phrase candidates verified lazily, best score bound
// first, stopping once the page is settled) must rank exactly like verifying
// every candidate, on every page and in both orders; and both must agree with
// a brute-force BM25 written here from the definition. With word-pair
// postings (two-word phrases exact from one list; longer ones exact from
// their pairs' positions, or verified from their words' positions when the
// pairs have none) and without, and in a stemmed index (single words by stem, phrases on surface
// forms).
class PrunedSearchTest : public QueryIndexTest {
 protected:
  void Check(WordPairs pairs, StemMode stemming = StemMode::kNone);
};

TEST_P(PrunedSearchTest, RanksLikeExhaustiveScoringWithWordPairs) {
  Check(WordPairs::kPositions);
}
TEST_P(PrunedSearchTest, RanksLikeExhaustiveScoringWithPairCountsOnly) {
  Check(WordPairs::kCounts);
}
TEST_P(PrunedSearchTest, RanksLikeExhaustiveScoringWithoutWordPairs) { Check(WordPairs::kNone); }
TEST_P(PrunedSearchTest, RanksLikeExhaustiveScoringStemmed) {
  Check(WordPairs::kPositions, StemMode::kPorter2);
}
TEST_P(PrunedSearchTest, RanksLikeExhaustiveScoringStemmedWithoutWordPairs) {
  Check(WordPairs::kNone, StemMode::kPorter2);
}

void PrunedSearchTest::Check(WordPairs pairs, StemMode stemming) {
  Reopen(/*verify_all_below=*/0, pairs,
         absl::StrCat("pairs", static_cast<int>(pairs), std::string(StemModeName(stemming))),
         stemming);
  std::mt19937 rng(20261123);
  // A small skewed vocabulary makes most phrases candidates in many documents.
  // Stemmed, it holds inflections of some words, which rank by their stems.
  std::vector<std::string> vocab = {"the",    "of",     "health", "minister",
                                    "said",   "clinic", "new",    "region",
                                    "budget", "doses",  "city",   "staff"};
  if (stemming != StemMode::kNone) {
    vocab = {"the",    "clinics", "of",     "health", "clinic", "minister", "ministers",
             "said",   "new",     "region", "dose",   "doses",  "city",     "cities"};
  }
  auto stem = [stemming](const std::string& w) { return StemTerm(w, stemming); };
  auto word = [&] {
    const size_t a = rng() % vocab.size(), b = rng() % vocab.size();
    return vocab[std::min(a, b)];
  };
  struct RefDoc {
    std::vector<std::string> words;
    std::string date;
    int version = 0;  // order of indexing, as docnums
    bool alive = true;
  };
  std::map<std::string, RefDoc> ref;
  int version = 0;
  std::vector<AnnotationChange> changes;
  for (int i = 1; i <= 300; ++i) {
    RefDoc doc;
    const int n = 2 + static_cast<int>(rng() % 40);
    for (int w = 0; w < n; ++w) doc.words.push_back(word());
    doc.date = absl::StrFormat("2021-%02d-%02d", 1 + rng() % 12, 1 + rng() % 28);
    doc.version = ++version;
    const std::string id = absl::StrCat("d", i);
    changes.push_back(Upsert(i, id, absl::StrJoin(doc.words, " "), doc.date));
    ref[id] = doc;
  }
  ASSERT_THAT(index_->ApplyChanges(changes), IsOk());
  Apply(Delete(301, "d7"));
  ref["d7"].alive = false;
  Apply(Upsert(302, "d9", "the health minister said the clinic staff", "2021-06-01"));
  ref["d9"] = {{"the", "health", "minister", "said", "the", "clinic", "staff"}, "2021-06-01",
               ++version, true};

  // Queries: AND-ed groups of OR-ed clauses, excluded clauses, an after date.
  struct RefQuery {
    std::vector<std::vector<std::vector<std::string>>> groups;
    std::vector<std::vector<std::string>> excluded;
    std::string after;
    std::string text;
  };
  auto phrase = [&](size_t n) {
    std::vector<std::string> p;
    for (size_t i = 0; i < n; ++i) p.push_back(word());
    return p;
  };
  auto render = [](const std::vector<std::string>& clause) {
    return clause.size() == 1 ? clause[0] : "\"" + absl::StrJoin(clause, " ") + "\"";
  };
  std::vector<RefQuery> queries;
  for (int i = 0; i < 48; ++i) {
    RefQuery q;
    switch (i % 6) {
      case 0: q.groups = {{phrase(2)}}; break;
      case 1: q.groups = {{phrase(3)}}; break;
      case 2: q.groups = {{phrase(1)}, {phrase(2)}}; break;
      case 3: q.groups = {{phrase(2), phrase(1)}}; break;
      case 4: q.groups = {{phrase(2)}}; q.excluded = {phrase(2)}; break;
      default:
        q.groups = {{phrase(2)}, {phrase(2), phrase(2)}};
        q.excluded = {phrase(1)};
        q.after = "2021-04-01";
    }
    std::vector<std::string> parts;
    for (const auto& group : q.groups) {
      std::vector<std::string> alternatives;
      for (const auto& clause : group) alternatives.push_back(render(clause));
      parts.push_back(absl::StrJoin(alternatives, " OR "));
    }
    for (const auto& clause : q.excluded) parts.push_back("-" + render(clause));
    if (!q.after.empty()) parts.push_back("after:" + q.after);
    q.text = absl::StrJoin(parts, " ");
    queries.push_back(q);
  }

  // Brute force, from the definition in query_index.h.
  // A single word counts every word with its stem, a phrase its exact form.
  auto occurrences = [&](const std::vector<std::string>& words,
                         const std::vector<std::string>& clause) {
    uint32_t count = 0;
    if (clause.size() == 1) {
      for (const std::string& w : words) count += stem(w) == stem(clause[0]);
      return count;
    }
    for (size_t s = 0; s + clause.size() <= words.size(); ++s) {
      if (std::equal(clause.begin(), clause.end(), words.begin() + s)) ++count;
    }
    return count;
  };
  auto brute_force = [&](const RefQuery& q, bool by_date) {
    double n = 0, total_length = 0;
    std::map<std::string, double> df;
    for (const auto& [id, doc] : ref) {
      if (!doc.alive) continue;
      ++n;
      total_length += doc.words.size();
      std::set<std::string> stems;
      for (const std::string& w : doc.words) stems.insert(stem(w));
      for (const std::string& w : stems) ++df[w];
    }
    const double avg = total_length / n;
    struct Hit {
      std::string id;
      double score;
      int version;
      std::string date;
    };
    std::vector<Hit> hits;
    for (const auto& [id, doc] : ref) {
      if (!doc.alive || (!q.after.empty() && doc.date < q.after)) continue;
      bool excluded = false;
      for (const auto& clause : q.excluded) excluded = excluded || occurrences(doc.words, clause) > 0;
      if (excluded) continue;
      // Single words first, then phrases: the engine's order of addition.
      double score = 0;
      bool all_groups = true;
      for (bool phrases : {false, true}) {
        for (const auto& group : q.groups) {
          for (const auto& clause : group) {
            if ((clause.size() > 1) != phrases) continue;
            const uint32_t tf = occurrences(doc.words, clause);
            if (tf == 0) continue;
            double idf = 0;
            for (const std::string& w : clause) {
              const double d = df[stem(w)];
              idf += std::log(1 + (n - d + 0.5) / (d + 0.5));
            }
            const double norm = doc.words.size() / avg;
            score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * norm));
          }
        }
      }
      for (const auto& group : q.groups) {
        bool any = false;
        for (const auto& clause : group) any = any || occurrences(doc.words, clause) > 0;
        all_groups = all_groups && any;
      }
      if (all_groups) hits.push_back({id, score, doc.version, doc.date});
    }
    std::sort(hits.begin(), hits.end(), [by_date](const Hit& a, const Hit& b) {
      if (by_date) {
        if (a.date != b.date) return a.date > b.date;
        return a.version > b.version;
      }
      if (a.score != b.score) return a.score > b.score;
      return a.version < b.version;
    });
    std::vector<std::pair<std::string, double>> out;
    for (const Hit& h : hits) out.emplace_back(h.id, h.score);
    return out;
  };

  // Every page of a search, concatenated; the first page's total.
  auto all_pages = [&](SearchQuery q, SearchResult* first) {
    std::vector<std::pair<std::string, double>> out;
    for (int page = 0; page < 400; ++page) {
      SearchResult r = Run(q);
      if (page == 0) *first = r;
      for (const SearchHit& h : r.hits) out.emplace_back(h.doc_id, h.score);
      if (r.next_page_token.empty()) break;
      q.page_token = r.next_page_token;
    }
    return out;
  };

  int estimated = 0;
  for (const RefQuery& rq : queries) {
    for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kDate}) {
      SearchQuery q;
      q.query = rq.text;
      q.sort = sort;
      q.page_size = 1 + static_cast<int>(rng() % 7);
      q.snippet_tokens = 0;
      SearchResult pruned_first, exact_first;
      const auto pruned = all_pages(q, &pruned_first);
      q.exact_total = true;
      const auto exact = all_pages(q, &exact_first);
      const auto expected = brute_force(rq, sort == SortOrder::kDate);
      SCOPED_TRACE(q.query + (sort == SortOrder::kDate ? " by date" : " by relevance"));
      ASSERT_EQ(exact.size(), expected.size());
      for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(exact[i].first, expected[i].first) << "rank " << i;
        EXPECT_NEAR(exact[i].second, expected[i].second, 1e-9) << "rank " << i;
      }
      EXPECT_EQ(pruned, exact);
      EXPECT_TRUE(exact_first.total_size_exact);
      EXPECT_EQ(exact_first.total_size, expected.size());
      if (pruned_first.total_size_exact) {
        EXPECT_EQ(pruned_first.total_size, expected.size());
      } else {
        ++estimated;
        EXPECT_GE(pruned_first.total_size, pruned_first.hits.size());
      }
    }
  }
  if (pairs == WordPairs::kPositions) {
    // Every phrase is scored from its exact list: nothing is left pending,
    // so no total is estimated.
    EXPECT_EQ(estimated, 0);
  } else {
    EXPECT_GT(estimated, 0) << "the pruning never stopped early; the test exercises nothing";
  }
}

INSTANTIATE_TEST_SUITE_P(Layouts, PrunedSearchTest,
                         ::testing::Values(PostingLayout::kMergedLists,
                                           PostingLayout::kKeyPerPosting),
                         [](const auto& info) {
                           return info.param == PostingLayout::kMergedLists ? std::string("Merged")
                                                                            : std::string("KeyPerPosting");
                         });

// Long lists are cached decoded; every change must drop what it changes.
TEST_P(QueryIndexTest, CachedListsFollowUpdatesAndDeletes) {
  // Long enough texts that the positional list of "common" is cached too.
  std::vector<AnnotationChange> changes;
  for (int i = 1; i <= 3000; ++i) {
    std::string text;
    for (int r = 0; r < 100; ++r) absl::StrAppend(&text, "common ground w", i % 7, " ");
    changes.push_back(Upsert(i, absl::StrCat("d", i), text));
  }
  ASSERT_THAT(index_->ApplyChanges(changes), IsOk());
  SearchQuery phrase;
  phrase.query = "\"common ground w1\"";
  phrase.exact_total = true;  // reads the positional lists for all candidates
  EXPECT_EQ(Run("common").total_size, 3000u);
  EXPECT_EQ(Run("\"common ground\"").total_size, 3000u);
  EXPECT_EQ(Run(phrase).total_size, 429u);  // i % 7 == 1
  Apply(Delete(3001, "d5"));
  Apply(Upsert(3002, "d6", "rare words only"));
  Apply(Upsert(3003, "d3001", "common ground again"));
  Apply(Delete(3004, "d8"));
  Apply(Upsert(3005, "d3002", "the common ground w1 once"));
  EXPECT_EQ(Run("common").total_size, 2999u);
  EXPECT_EQ(Run("\"common ground\"").total_size, 2999u);
  EXPECT_EQ(Run(phrase).total_size, 429u);
  SearchQuery q;
  q.query = "common -w5";  // d5 and d6 had w5 and w6
  q.page_size = 1000;
  std::set<std::string> seen;
  for (int page = 0; page < 10; ++page) {
    SearchResult r = Run(q);
    for (const SearchHit& h : r.hits) seen.insert(h.doc_id);
    if (r.next_page_token.empty()) break;
    q.page_token = r.next_page_token;
  }
  EXPECT_EQ(seen.count("d5"), 0u);
  EXPECT_EQ(seen.count("d6"), 0u);
  EXPECT_EQ(seen.count("d3001"), 1u);
  EXPECT_THAT(Ids("rare"), ElementsAre("d6"));
  Reopen();
  EXPECT_EQ(Run("common").total_size, 2999u);
  EXPECT_EQ(Run(phrase).total_size, 429u);
}

// A phrase ranks by the sum of its words' idfs. An index created with
// document counts reads those dfs from counters that every batch updates
// with the lists; one created without them counts the lists. Through adds,
// updates and deletes, in batches and one by one, and across a reopen, both
// score every phrase alike, with the dfs of the documents left.
TEST_P(QueryIndexTest, DocumentCountsFollowUpdatesAndDeletes) {
  std::mt19937 rng(20261123);
  const std::vector<std::string> vocab = {"the", "minister", "of", "health", "said", "clinic"};
  auto text = [&] {
    std::string out;
    const int n = 5 + static_cast<int>(rng() % 20);
    for (int w = 0; w < n; ++w) absl::StrAppend(&out, vocab[rng() % vocab.size()], " ");
    return out;
  };
  std::vector<std::vector<AnnotationChange>> batches;
  uint64_t sequence = 0;
  for (int b = 0; b < 6; ++b) {
    std::vector<AnnotationChange> batch;
    for (int i = 0; i < 40; ++i) {
      const std::string id = absl::StrCat("d", rng() % 120);
      if (rng() % 5 == 0) {
        batch.push_back(Delete(++sequence, id));
      } else {
        batch.push_back(Upsert(++sequence, id, text()));
      }
    }
    batches.push_back(std::move(batch));
  }
  std::vector<std::string> phrases;
  for (int i = 0; i < 30; ++i) {
    std::string phrase = absl::StrCat(vocab[rng() % vocab.size()], " ", vocab[rng() % vocab.size()]);
    if (i % 2 == 0) absl::StrAppend(&phrase, " ", vocab[rng() % vocab.size()]);
    phrases.push_back(absl::StrCat("\"", phrase, "\""));
  }
  auto scores = [&] {
    std::vector<std::vector<std::pair<std::string, double>>> out;
    for (const std::string& phrase : phrases) {
      SearchQuery q;
      q.query = phrase;
      q.page_size = 1000;
      q.snippet_tokens = 0;
      out.emplace_back();
      for (const SearchHit& h : Run(q).hits) out.back().emplace_back(h.doc_id, h.score);
    }
    return out;
  };
  std::vector<std::vector<std::vector<std::pair<std::string, double>>>> runs;
  for (bool counts : {true, false}) {
    document_counts_ = counts;
    const std::string folder = counts ? "with_counts" : "without_counts";
    Reopen(/*verify_all_below=*/0, WordPairs::kPositions, folder);
    for (size_t b = 0; b < batches.size(); ++b) {
      if (b % 2 == 0) {
        ASSERT_THAT(index_->ApplyChanges(batches[b]), IsOk());
      } else {
        for (const AnnotationChange& change : batches[b]) Apply(change);
      }
      if (b == 3) Reopen(/*verify_all_below=*/0, WordPairs::kPositions, folder);
    }
    runs.push_back(scores());
    Reopen(/*verify_all_below=*/0, WordPairs::kPositions, folder);
    EXPECT_EQ(scores(), runs.back()) << folder << " after reopen";
  }
  size_t hits = 0;
  for (size_t i = 0; i < phrases.size(); ++i) {
    ASSERT_EQ(runs[0][i].size(), runs[1][i].size()) << phrases[i];
    hits += runs[0][i].size();
    for (size_t h = 0; h < runs[0][i].size(); ++h) {
      EXPECT_EQ(runs[0][i][h].first, runs[1][i][h].first) << phrases[i] << " rank " << h;
      EXPECT_DOUBLE_EQ(runs[0][i][h].second, runs[1][i][h].second) << phrases[i] << " rank " << h;
    }
  }
  EXPECT_GT(hits, 200u) << "too few phrase matches to compare";
}

// The kind of word-pair postings is fixed when an index is created: reopened
// with other options, it keeps writing and reading what it was created with,
// so documents added before and after the reopen match a long phrase alike.
TEST_P(QueryIndexTest, WordPairModeIsKeptAcrossReopen) {
  for (WordPairs created : {WordPairs::kPositions, WordPairs::kCounts}) {
    const std::string folder = absl::StrCat("pair_mode", static_cast<int>(created));
    const WordPairs other =
        created == WordPairs::kPositions ? WordPairs::kCounts : WordPairs::kPositions;
    Reopen(/*verify_all_below=*/0, created, folder);
    Apply(Upsert(1, "d1", "the minister of health said the minister of health will come"));
    Apply(Upsert(2, "d2", "the minister said health of the minister"));
    Reopen(/*verify_all_below=*/0, other, folder);
    Apply(Upsert(3, "d3", "a minister of health spoke"));
    Apply(Upsert(4, "d4", "minister of the health office"));
    const SearchResult r = Run("\"minister of health\"");
    std::vector<std::string> ids;
    for (const SearchHit& hit : r.hits) ids.push_back(hit.doc_id);
    EXPECT_THAT(ids, UnorderedElementsAre("d1", "d3"))
        << "created with mode " << static_cast<int>(created);
    EXPECT_EQ(Run("\"said health of the minister\"").total_size, 1u);
  }
}

// A phrase whose search verified many candidates is scored from its exact
// list when searched again: same pages as verification, exact totals, and
// any change to the index drops the list.
TEST_P(QueryIndexTest, ExpensivePhrasesAreCachedExactlyUntilTheIndexChanges) {
  phrase_cache_after_ = 10;
  Reopen(/*verify_all_below=*/0);
  std::vector<AnnotationChange> changes;
  for (int i = 1; i <= 200; ++i) {
    std::string text;
    // "for the" and "the project" are everywhere, the phrase in a third.
    for (int r = 0; r < 1 + i % 5; ++r) {
      absl::StrAppend(&text, "money for the roads and the project ");
    }
    if (i % 3 == 0) {
      absl::StrAppend(&text, "paid for the project ", i % 4 ? "" : "for the project ");
    }
    changes.push_back(Upsert(i, absl::StrCat("d", i), text));
  }
  ASSERT_THAT(index_->ApplyChanges(changes), IsOk());
  SearchQuery q;
  q.query = "\"for the project\"";
  q.page_size = 7;
  SearchQuery exact = q;
  exact.exact_total = true;
  auto same_page = [](const SearchResult& a, const SearchResult& b) {
    ASSERT_EQ(a.hits.size(), b.hits.size());
    for (size_t i = 0; i < a.hits.size(); ++i) {
      EXPECT_EQ(a.hits[i].doc_id, b.hits[i].doc_id) << "rank " << i;
      EXPECT_DOUBLE_EQ(a.hits[i].score, b.hits[i].score) << "rank " << i;
    }
  };
  const SearchResult want = Run(exact);
  EXPECT_EQ(want.total_size, 66u);
  const SearchResult first = Run(q);  // verifies candidates; marks the phrase expensive
  same_page(first, want);
  for (int round = 0; round < 2; ++round) {  // computes the list, then reads it
    const SearchResult again = Run(q);
    same_page(again, want);
    EXPECT_TRUE(again.total_size_exact);
    EXPECT_EQ(again.total_size, want.total_size);
    SearchQuery next = q;
    next.page_token = again.next_page_token;
    SearchQuery exact_next = exact;
    exact_next.page_token = want.next_page_token;
    same_page(Run(next), Run(exact_next));
  }
  // A short document with the phrase twice ranks first once added.
  Apply(Upsert(201, "d201", "for the project for the project"));
  SearchResult changed = Run(q);
  ASSERT_FALSE(changed.hits.empty());
  EXPECT_EQ(changed.hits[0].doc_id, "d201");
  same_page(changed, Run(exact));
  Run(q);  // computes the list again for the new version
  EXPECT_EQ(Run(q).hits[0].doc_id, "d201");
  Apply(Delete(202, "d201"));
  const SearchResult deleted = Run(q);
  same_page(deleted, want);
  EXPECT_EQ(Run(exact).total_size, want.total_size);
}

TEST_P(QueryIndexTest, RejectsBadChanges) {
  AnnotationChange no_sequence = Upsert(0, "d1", "x");
  EXPECT_THAT(index_->ApplyChange(no_sequence), StatusIs(absl::StatusCode::kInvalidArgument));
  AnnotationChange no_id = Upsert(1, "", "x");
  EXPECT_THAT(index_->ApplyChange(no_id), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(index_->cursor(), 0u);
}

// Stemming: unquoted words rank by stem, quoted words and phrases stay exact.
TEST_P(QueryIndexTest, StemmedWordsMatchTheirInflections) {
  Reopen(QueryIndexOptions().verify_all_below, WordPairs::kPositions, "stemmed", StemMode::kPorter2);
  Apply(Upsert(1, "d1", "The regional hospital opened"));
  Apply(Upsert(2, "d2", "New hospitals were opened in the regions"));
  Apply(Upsert(3, "d3", "A clinic opening in Almaty"));
  EXPECT_THAT(Ids("hospitals"), UnorderedElementsAre("d1", "d2"));
  EXPECT_THAT(Ids("hospital"), UnorderedElementsAre("d1", "d2"));
  EXPECT_THAT(Ids("opens"), UnorderedElementsAre("d1", "d2", "d3"));
  // A quoted single word is that exact form.
  EXPECT_THAT(Ids("\"hospitals\""), ElementsAre("d2"));
  EXPECT_THAT(Ids("\"hospital\""), ElementsAre("d1"));
  EXPECT_THAT(Ids("\"opening\" OR \"hospitals\""), UnorderedElementsAre("d2", "d3"));
  // Phrases match surface forms, even when a word is its own stem.
  EXPECT_THAT(Ids("\"new hospitals\""), ElementsAre("d2"));
  EXPECT_THAT(Ids("\"new hospital\""), ElementsAre());
  EXPECT_THAT(Ids("\"regional hospital\" hospitals"), ElementsAre("d1"));
  EXPECT_THAT(Ids("hospital \"regional hospital\""), ElementsAre("d1"));
  // Exclusions: an unquoted word excludes every inflection, a quoted one
  // only its form ("opened" also finds "opening"; Porter2 makes "regional"
  // and "regions" both "region").
  EXPECT_THAT(Ids("opened -hospitals"), ElementsAre("d3"));
  EXPECT_THAT(Ids("opened -\"hospitals\""), UnorderedElementsAre("d1", "d3"));
  EXPECT_THAT(Ids("opened -regions"), ElementsAre("d3"));
  EXPECT_THAT(Ids("opened -\"regions\""), UnorderedElementsAre("d1", "d3"));
}

TEST_P(QueryIndexTest, StemmedTermFrequencyIsSummedOverSurfaceForms) {
  Reopen(QueryIndexOptions().verify_all_below, WordPairs::kPositions, "stemmed", StemMode::kPorter2);
  Apply(Upsert(1, "d1", "hospital hospitals budget"));
  Apply(Upsert(2, "d2", "hospital hospital budget"));
  Apply(Upsert(3, "d3", "hospital clinic budget"));
  Apply(Upsert(4, "d4", "clinic staff budget"));
  SearchResult r = Run("hospitals");
  ASSERT_EQ(r.hits.size(), 3u);
  // N = 4, df 3: idf = ln(1 + 1.5 / 3.5); all dl 3 = avgdl.
  const double idf = std::log(1 + 1.5 / 3.5);
  EXPECT_EQ(r.hits[0].doc_id, "d1");
  EXPECT_EQ(r.hits[1].doc_id, "d2");
  EXPECT_NEAR(r.hits[0].score, idf * 2 * 2.2 / (2 + 1.2), 1e-9);
  EXPECT_NEAR(r.hits[1].score, r.hits[0].score, 1e-12);
  EXPECT_NEAR(r.hits[2].score, idf * 2.2 / (1 + 1.2), 1e-9);
  // The quoted form counts its own occurrences and its own df (1).
  SearchResult exact = Run("\"hospitals\"");
  ASSERT_EQ(exact.hits.size(), 1u);
  EXPECT_NEAR(exact.hits[0].score, std::log(1 + 3.5 / 1.5) * 2.2 / (1 + 1.2), 1e-9);
}

TEST_P(QueryIndexTest, StemmedSnippetsHighlightInflections) {
  Reopen(QueryIndexOptions().verify_all_below, WordPairs::kPositions, "stemmed", StemMode::kPorter2);
  Apply(Upsert(1, "d1", "Two hospitals and one hospital were funded by the hospital fund."));
  SearchQuery q;
  q.query = "hospital";
  q.snippet_tokens = 20;
  SearchResult r = Run(q);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].snippet.highlights.size(), 3u);
  EXPECT_THAT(r.hits[0].snippet.marked, HasSubstr("Two <b>hospitals</b> and one <b>hospital</b>"));
  q.query = "\"hospitals\"";
  r = Run(q);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].snippet.highlights.size(), 1u);
}

TEST_P(QueryIndexTest, LightStemmingKeepsDerivationsApart) {
  Reopen(QueryIndexOptions().verify_all_below, WordPairs::kPositions, "light", StemMode::kLight);
  Apply(Upsert(1, "d1", "children were vaccinated"));
  Apply(Upsert(2, "d2", "the vaccination campaign"));
  Apply(Upsert(3, "d3", "doctors vaccinate adults"));
  EXPECT_THAT(Ids("vaccinated"), UnorderedElementsAre("d1", "d3"));
  EXPECT_THAT(Ids("vaccinations"), ElementsAre("d2"));
  EXPECT_THAT(Ids("doctor"), ElementsAre("d3"));
}

// The stemming an index was created with survives restarts with another
// option: documents indexed before and after answer alike.
TEST_P(QueryIndexTest, StemmingIsFixedAtCreation) {
  Reopen(QueryIndexOptions().verify_all_below, WordPairs::kPositions, "unstemmed", StemMode::kNone);
  Apply(Upsert(1, "d1", "a new hospital"));
  Reopen(QueryIndexOptions().verify_all_below, WordPairs::kPositions, "unstemmed", StemMode::kPorter2);
  Apply(Upsert(2, "d2", "two new hospitals"));
  EXPECT_THAT(Ids("hospitals"), ElementsAre("d2"));
  EXPECT_THAT(Ids("hospital"), ElementsAre("d1"));
  EXPECT_THAT(Ids("\"hospital\""), ElementsAre("d1"));
  EXPECT_THAT(Ids("new"), UnorderedElementsAre("d1", "d2"));

  Reopen(QueryIndexOptions().verify_all_below, WordPairs::kPositions, "stemmed", StemMode::kPorter2);
  Apply(Upsert(1, "d1", "a new hospital"));
  Reopen(QueryIndexOptions().verify_all_below, WordPairs::kPositions, "stemmed", StemMode::kNone);
  Apply(Upsert(2, "d2", "two new hospitals"));
  EXPECT_THAT(Ids("hospitals"), UnorderedElementsAre("d1", "d2"));
  EXPECT_THAT(Ids("\"hospitals\""), ElementsAre("d2"));
  // Updates and deletes remove the stemmed postings they wrote.
  Apply(Upsert(3, "d2", "two new clinics"));
  Apply(Delete(4, "d1"));
  EXPECT_THAT(Ids("hospital"), ElementsAre());
  EXPECT_THAT(Ids("clinic"), ElementsAre("d2"));
}

INSTANTIATE_TEST_SUITE_P(Layouts, QueryIndexTest,
                         ::testing::Values(PostingLayout::kMergedLists,
                                           PostingLayout::kKeyPerPosting),
                         [](const auto& info) {
                           return info.param == PostingLayout::kMergedLists ? std::string("Merged")
                                                                            : std::string("KeyPerPosting");
                         });

TEST(QueryIndexLayoutTest, RefusesToReopenWithAnotherLayout) {
  TempDir dir;
  QueryIndexOptions options;
  options.path = dir.Sub("index");
  options.layout = PostingLayout::kMergedLists;
  { ASSERT_THAT(QueryIndex::Open(options), IsOk()); }
  options.layout = PostingLayout::kKeyPerPosting;
  EXPECT_THAT(QueryIndex::Open(options), StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace newsgraph
