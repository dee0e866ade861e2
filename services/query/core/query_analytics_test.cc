// Entity profiles, co-occurrence, timelines, quotes and stats on a small
// literal corpus whose numbers are checked by hand in the comments.
#include <cmath>
#include <string>
#include <vector>

#include "common/status/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/query/core/query_index.h"

namespace newsgraph {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

struct E {
  std::string id;
  std::string name;
  EntityType type;
  uint32_t mentions;
  std::vector<std::string> aliases;
};

const E kSerikova{"E_A", "Dana Serikova", EntityType::kPerson, 0, {"Serikova", "Dana Serikova"}};
const E kMinistry{"E_B", "Ministry of Health", EntityType::kOrganization, 0, {"Health Ministry"}};
const E kAstana{"E_C", "Astana", EntityType::kLocation, 0, {"Nur-Sultan", "Astana"}};
const E kWho{"E_D", "World Health Organization", EntityType::kOrganization, 0, {"WHO"}};

E With(E e, uint32_t mentions) {
  e.mentions = mentions;
  return e;
}

struct QuoteSpec {
  std::string text;
  const E* speaker;
};

AnnotationChange Doc(uint64_t sequence, const std::string& id, const std::string& date,
                     const std::string& source, const std::string& text,
                     const std::vector<E>& entities, const std::vector<QuoteSpec>& quotes = {},
                     const std::string& role_title = "") {
  AnnotationChange change;
  change.sequence = sequence;
  change.doc_id = id;
  DocumentAnnotations& doc = change.annotations;
  doc.title = "Title of " + id;
  doc.source = source;
  doc.published_date = date;
  doc.text = text;
  doc.body_end = static_cast<uint32_t>(text.size());
  for (const E& e : entities) {
    DocumentEntity de;
    de.entity_id = e.id;
    de.canonical_name = e.name;
    de.type = e.type;
    de.mention_count = e.mentions;
    de.aliases = e.aliases;
    doc.entities.push_back(de);
    for (uint32_t i = 0; i < e.mentions; ++i) {
      Mention m;
      m.type = e.type;
      m.entity_id = e.id;
      m.text = e.name;
      doc.mentions.push_back(m);
    }
  }
  for (const QuoteSpec& q : quotes) {
    Quote quote;
    quote.text = q.text;
    size_t at = text.find(q.text);
    quote.begin = at == std::string::npos ? 0 : static_cast<uint32_t>(at);
    quote.end = quote.begin + static_cast<uint32_t>(q.text.size());
    quote.speaker_entity_id = q.speaker->id;
    quote.speaker_name = q.speaker->name;
    doc.quotes.push_back(quote);
  }
  if (!role_title.empty()) {
    Role role;
    role.person_entity_id = kSerikova.id;
    role.person_name = kSerikova.name;
    role.title = role_title;
    role.normalized_title = "minister of health";
    role.organization = kMinistry.name;
    role.organization_entity_id = kMinistry.id;
    doc.roles.push_back(role);
  }
  return change;
}

class QueryAnalyticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    QueryIndexOptions options;
    options.path = dir_.Sub("index");
    options.block_cache_bytes = 8 << 20;
    ASSERT_OK_AND_ASSIGN(index_, QueryIndex::Open(options));
    // Serikova: d1 (2 mentions), d2 (1), d3 (3). Astana: d1 d2 d4 d5.
    // Ministry: d1 d3. WHO: d3 d4. N = 5.
    Apply(Doc(1, "d1", "2021-01-04", "example.kz",
              "Health Minister Dana Serikova said: \"We will build ten hospitals\" in Astana.",
              {With(kSerikova, 2), With(kMinistry, 1), With(kAstana, 1)},
              {{"We will build ten hospitals", &kSerikova}}, "Health Minister"));
    Apply(Doc(2, "d2", "2021-01-06", "example.kz",
              "In Astana Serikova promised: \"Salaries will rise next year\".",
              {With(kSerikova, 1), With(kAstana, 1)},
              {{"Salaries will rise next year", &kSerikova}}));
    Apply(Doc(3, "d3", "2021-02-10", "news.kz",
              "Minister Serikova met WHO: \"Hospitals need doctors\", the minister said. "
              "Serikova added more. Serikova left.",
              {With(kSerikova, 3), With(kMinistry, 1), With(kWho, 1)},
              {{"Hospitals need doctors", &kSerikova}}, "Minister"));
    Apply(Doc(4, "d4", "2021-02-11", "news.kz",
              "WHO said \"Hospitals in Astana are ready\" after a visit to Astana.",
              {With(kWho, 1), With(kAstana, 2)}, {{"Hospitals in Astana are ready", &kWho}}));
    Apply(Doc(5, "d5", "2021-03-01", "example.kz", "Snow fell in Astana.",
              {With(kAstana, 1)}));
  }

  void Apply(const AnnotationChange& change) { ASSERT_THAT(index_->ApplyChange(change), IsOk()); }

  TempDir dir_;
  std::unique_ptr<QueryIndex> index_;
};

TEST_F(QueryAnalyticsTest, EntityProfileByAliasWithCooccurrence) {
  EntityProfileOptions options;
  options.min_cooccurrence_for_pmi = 2;
  ASSERT_OK_AND_ASSIGN(EntityProfile p, index_->GetEntityProfile("serikova", options));
  EXPECT_EQ(p.entity_id, "E_A");
  EXPECT_EQ(p.canonical_name, "Dana Serikova");
  EXPECT_EQ(p.type, EntityType::kPerson);
  EXPECT_EQ(p.document_count, 3u);
  EXPECT_EQ(p.mention_count, 6u);  // 2 + 1 + 3
  EXPECT_EQ(p.first_seen, "2021-01-04");
  EXPECT_EQ(p.last_seen, "2021-02-10");
  ASSERT_FALSE(p.aliases.empty());
  EXPECT_EQ(p.aliases[0], "Dana Serikova");  // in all 3 documents (as name)
  ASSERT_EQ(p.roles.size(), 2u);
  EXPECT_EQ(p.roles[0].title, "Minister");  // newest first
  EXPECT_EQ(p.roles[0].doc_id, "d3");
  EXPECT_EQ(p.roles[1].title, "Health Minister");
  EXPECT_EQ(p.roles[1].organization, "Ministry of Health");
  // Together: Astana 2 (d1 d2), Ministry 2 (d1 d3), WHO 1 (d3).
  ASSERT_EQ(p.top_by_count.size(), 3u);
  EXPECT_EQ(p.top_by_count[0].documents_together, 2u);
  EXPECT_EQ(p.top_by_count[1].documents_together, 2u);
  EXPECT_EQ(p.top_by_count[2].entity_id, "E_D");
  EXPECT_EQ(p.top_by_count[2].documents_together, 1u);
  // PMI = ln(together * N / (3 * docs(other))):
  //   Ministry ln(2*5 / (3*2)) = 0.5108, Astana ln(2*5 / (3*4)) = -0.1823;
  //   WHO (together 1) is below min_cooccurrence_for_pmi.
  ASSERT_EQ(p.top_by_pmi.size(), 2u);
  EXPECT_EQ(p.top_by_pmi[0].entity_id, "E_B");
  EXPECT_NEAR(p.top_by_pmi[0].pmi, std::log(10.0 / 6.0), 1e-9);
  EXPECT_EQ(p.top_by_pmi[1].entity_id, "E_C");
  EXPECT_EQ(p.top_by_pmi[1].documents, 4u);
  EXPECT_NEAR(p.top_by_pmi[1].pmi, std::log(10.0 / 12.0), 1e-9);
  // Astana is the most frequent companion but the least specific one.
  ASSERT_EQ(p.latest_documents.size(), 3u);
  EXPECT_EQ(p.latest_documents[0].doc_id, "d3");
  EXPECT_EQ(p.latest_documents[2].doc_id, "d1");
  EXPECT_THAT(index_->GetEntityProfile("Nobody", options), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(QueryAnalyticsTest, RedirectsAreFollowed) {
  // Extraction merged E_A2 ("D. Serikova") into E_A.
  E old{"E_A2", "D. Serikova", EntityType::kPerson, 1, {"D. Serikova"}};
  Apply(Doc(6, "d6", "2021-03-05", "example.kz", "D. Serikova visited a clinic.", {old}));
  AnnotationChange merge = Doc(7, "d7", "2021-03-06", "example.kz", "A clinic opened.", {});
  merge.entity_redirects = {{"E_A2", "E_A"}};
  Apply(merge);
  ASSERT_OK_AND_ASSIGN(EntityProfile p, index_->GetEntityProfile("E_A2", {}));
  EXPECT_EQ(p.entity_id, "E_A");
  EXPECT_THAT(p.merged_ids, ElementsAre("E_A2"));
  EXPECT_EQ(p.document_count, 4u);
  EXPECT_EQ(p.mention_count, 7u);
  EXPECT_EQ(p.last_seen, "2021-03-05");
  SearchQuery q;
  q.query = "entity:\"Dana Serikova\"";
  ASSERT_OK_AND_ASSIGN(SearchResult r, index_->Search(q));
  EXPECT_EQ(r.total_size, 4u);
}

TEST_F(QueryAnalyticsTest, TimelineByWeekAndMonth) {
  TimelineQuery t;
  t.entity = "Dana Serikova";
  t.granularity = Granularity::kWeek;
  t.from = "2021-01-01";
  t.to = "2021-02-14";
  ASSERT_OK_AND_ASSIGN(std::vector<TimelineBucket> weeks, index_->Timeline(t));
  // Mondays from 2020-12-28 to 2021-02-08.
  ASSERT_EQ(weeks.size(), 7u);
  EXPECT_EQ(weeks[0].start, "2020-12-28");
  EXPECT_EQ(weeks[0].documents, 0u);
  EXPECT_EQ(weeks[1].start, "2021-01-04");
  EXPECT_EQ(weeks[1].documents, 2u);
  EXPECT_EQ(weeks[1].mentions, 3u);
  EXPECT_EQ(weeks[6].start, "2021-02-08");
  EXPECT_EQ(weeks[6].documents, 1u);
  EXPECT_EQ(weeks[6].mentions, 3u);

  t.entity = "E_C";  // Astana
  t.granularity = Granularity::kMonth;
  t.from.clear();
  t.to.clear();
  ASSERT_OK_AND_ASSIGN(std::vector<TimelineBucket> months, index_->Timeline(t));
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0].start, "2021-01-01");
  EXPECT_EQ(months[0].documents, 2u);
  EXPECT_EQ(months[1].documents, 1u);
  EXPECT_EQ(months[1].mentions, 2u);
  EXPECT_EQ(months[2].start, "2021-03-01");

  TimelineQuery by_query;
  by_query.query = "hospitals";
  by_query.granularity = Granularity::kMonth;
  ASSERT_OK_AND_ASSIGN(std::vector<TimelineBucket> q, index_->Timeline(by_query));
  ASSERT_EQ(q.size(), 2u);  // d1 (January), d3 and d4 (February)
  EXPECT_EQ(q[0].documents, 1u);
  EXPECT_EQ(q[1].documents, 2u);
  EXPECT_EQ(q[1].mentions, 2u);

  TimelineQuery bad;
  EXPECT_THAT(index_->Timeline(bad), StatusIs(absl::StatusCode::kInvalidArgument));
  bad.entity = "E_A";
  bad.from = "2021-99";
  EXPECT_THAT(index_->Timeline(bad), StatusIs(absl::StatusCode::kInvalidArgument));
  bad.from = "1900";
  bad.granularity = Granularity::kDay;
  EXPECT_THAT(index_->Timeline(bad), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(QueryAnalyticsTest, QuotesBySpeakerWordsOrBoth) {
  QuoteQuery by_speaker;
  by_speaker.speaker = "Dana Serikova";
  by_speaker.page_size = 2;
  ASSERT_OK_AND_ASSIGN(QuoteResult page1, index_->Quotes(by_speaker));
  ASSERT_EQ(page1.quotes.size(), 2u);
  EXPECT_EQ(page1.quotes[0].text, "Hospitals need doctors");
  EXPECT_EQ(page1.quotes[0].doc_id, "d3");
  EXPECT_EQ(page1.quotes[1].doc_id, "d2");
  ASSERT_FALSE(page1.next_page_token.empty());
  // A newer quote arriving between pages does not disturb the pagination.
  Apply(Doc(6, "d6", "2021-04-01", "example.kz", "Serikova: \"More nurses\".",
            {With(kSerikova, 1)}, {{"More nurses", &kSerikova}}));
  by_speaker.page_token = page1.next_page_token;
  ASSERT_OK_AND_ASSIGN(QuoteResult page2, index_->Quotes(by_speaker));
  ASSERT_EQ(page2.quotes.size(), 1u);
  EXPECT_EQ(page2.quotes[0].doc_id, "d1");
  EXPECT_EQ(page2.quotes[0].speaker_entity_id, "E_A");
  EXPECT_TRUE(page2.next_page_token.empty());

  QuoteQuery by_words;
  by_words.words = "HOSPITALS";
  ASSERT_OK_AND_ASSIGN(QuoteResult words, index_->Quotes(by_words));
  ASSERT_EQ(words.quotes.size(), 3u);
  EXPECT_EQ(words.quotes[0].doc_id, "d4");
  EXPECT_EQ(words.quotes[1].doc_id, "d3");
  EXPECT_EQ(words.quotes[2].doc_id, "d1");

  QuoteQuery both;
  both.speaker = "WHO";
  both.words = "hospitals astana";
  ASSERT_OK_AND_ASSIGN(QuoteResult b, index_->Quotes(both));
  ASSERT_EQ(b.quotes.size(), 1u);
  EXPECT_EQ(b.quotes[0].text, "Hospitals in Astana are ready");
  EXPECT_EQ(b.quotes[0].begin, 10u);

  QuoteQuery all;
  ASSERT_OK_AND_ASSIGN(QuoteResult everything, index_->Quotes(all));
  ASSERT_EQ(everything.quotes.size(), 5u);
  EXPECT_EQ(everything.quotes[0].doc_id, "d6");
  EXPECT_EQ(everything.quotes[4].doc_id, "d1");
}

TEST_F(QueryAnalyticsTest, Stats) {
  ASSERT_OK_AND_ASSIGN(IndexStats s, index_->Stats());
  EXPECT_EQ(s.documents, 5u);
  EXPECT_THAT(s.entities_by_type,
              ElementsAre(Pair("LOCATION", 1u), Pair("ORG", 2u), Pair("PERSON", 1u)));
  EXPECT_THAT(s.sources, ElementsAre(Pair("example.kz", 3u), Pair("news.kz", 2u)));
  EXPECT_EQ(s.first_date, "2021-01-04");
  EXPECT_EQ(s.last_date, "2021-03-01");
  EXPECT_GT(s.disk_bytes, 0u);
  EXPECT_EQ(s.cursor, 5u);
  // WHO appears only in d3 and d4: deleting both drops it from the ORG count.
  AnnotationChange del;
  del.kind = AnnotationChange::Kind::kDelete;
  del.sequence = 6;
  del.doc_id = "d3";
  Apply(del);
  del.sequence = 7;
  del.doc_id = "d4";
  Apply(del);
  ASSERT_OK_AND_ASSIGN(IndexStats after, index_->Stats());
  EXPECT_EQ(after.documents, 3u);
  EXPECT_THAT(after.entities_by_type,
              ElementsAre(Pair("LOCATION", 1u), Pair("ORG", 1u), Pair("PERSON", 1u)));
  EXPECT_THAT(after.sources, ElementsAre(Pair("example.kz", 3u)));
}

}  // namespace
}  // namespace newsgraph
