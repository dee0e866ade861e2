// End to end through the real binaries: samples become searchable, bad input
// is refused without changing anything, and a restart changes nothing.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "common/status/status_matchers.h"
#include "gtest/gtest.h"
#include "tests/e2e/e2e_test_util.h"

namespace newsgraph::e2e {
namespace {

namespace v1 = newsgraph::v1;
using ::testing::HasSubstr;

constexpr auto kIndexWait = std::chrono::seconds(120);

// Search keys of a body: its lower-case ASCII words of 4+ letters, and each
// pair of adjacent words as a quoted phrase (for near-duplicate articles,
// which share almost every word).
std::set<std::string> SearchKeys(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  bool plain = true;  // no hyphen, apostrophe or non-ASCII letter inside
  for (char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (c == '-' || c == '\'' || static_cast<unsigned char>(c) >= 0x80) {
      plain = false;  // the tokenizer may keep such a word whole
      word.push_back(c);
    } else {
      if (!word.empty()) words.push_back(plain ? word : "");
      word.clear();
      plain = true;
    }
  }
  std::set<std::string> keys;
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i].size() >= 4) keys.insert(words[i]);  // "" (skipped words) never qualifies
    if (i + 1 < words.size() && words[i].size() >= 4 && words[i + 1].size() >= 4) {
      keys.insert("\"" + words[i] + " " + words[i + 1] + "\"");
    }
  }
  return keys;
}

std::string Body(Suite& suite, const std::string& doc_id) {
  auto stub = suite.IngestStub();
  grpc::ClientContext context;
  v1::GetDocumentRequest request;
  request.set_doc_id(doc_id);
  v1::Document doc;
  EXPECT_TRUE(stub->GetDocument(&context, request, &doc).ok());
  return doc.body();
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_THAT(suite_.StartAll(), IsOk());
    samples_ = ReadSamples();
    ASSERT_GE(samples_.size(), 12u);
  }
  void IngestAndWait() {
    ASSERT_OK_AND_ASSIGN(ids_, IngestSamples(suite_, samples_));
    const std::set<std::string> distinct(ids_.begin(), ids_.end());
    ASSERT_TRUE(Suite::WaitFor(
        [&] { return suite_.QueryDocumentCount() == static_cast<int64_t>(distinct.size()); },
        kIndexWait))
        << "query has " << suite_.QueryDocumentCount() << " of " << distinct.size();
  }
  Suite suite_;
  std::vector<SampleFile> samples_;
  std::vector<std::string> ids_;
};

TEST_F(PipelineTest, EverySampleIsFoundByAWordOfItsBody) {
  IngestAndWait();
  // For each document, a body word (or word pair) no other document's body has.
  std::map<std::string, std::set<std::string>> words;
  std::map<std::string, int> frequency;
  for (const std::string& id : std::set<std::string>(ids_.begin(), ids_.end())) {
    words[id] = SearchKeys(Body(suite_, id));
    for (const std::string& w : words[id]) ++frequency[w];
  }
  for (const auto& [id, doc_words] : words) {
    // Prefer single words; phrases sort after them (they start with '"').
    auto unique = std::find_if(doc_words.rbegin(), doc_words.rend(),
                               [&](const std::string& w) { return frequency[w] == 1; });
    ASSERT_NE(unique, doc_words.rend()) << id << " has no word of its own";
    // Quoted: the word is unique as written, while the service's default
    // stemming would also match other documents' inflections of it.
    const std::string query = unique->front() == '"' ? *unique : "\"" + *unique + "\"";
    ASSERT_OK_AND_ASSIGN(std::vector<std::string> hits, SearchAllIds(suite_, query));
    EXPECT_EQ(hits, std::vector<std::string>{id}) << "searching " << query;
  }
}

TEST_F(PipelineTest, BadInputIsRefusedAndNothingStoredChanges) {
  IngestAndWait();
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> before, ListAllDocumentIds(suite_));
  auto ingest = suite_.IngestStub();
  auto call = [&](const std::string& content) {
    v1::IngestDocumentRequest request;
    request.set_content(content);
    v1::IngestDocumentResponse response;
    grpc::ClientContext context;
    return ingest->IngestDocument(&context, request, &response);
  };
  grpc::Status empty = call("");
  EXPECT_EQ(empty.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(empty.error_message(), HasSubstr("content"));
  grpc::Status bad_utf8 = call("Astana hospitals \xc3\x28 report");
  EXPECT_EQ(bad_utf8.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad_utf8.error_message(), HasSubstr("UTF-8"));
  // Over the suite's 1 MiB article limit, under gRPC's message limit.
  grpc::Status too_big = call(std::string(1536 << 10, 'a'));
  EXPECT_EQ(too_big.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(too_big.error_message(), HasSubstr("1048576"));
  grpc::Status binary = call(std::string("\x01\x02\x00\x03junk\x00\x00", 11));
  EXPECT_EQ(binary.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  {
    v1::ListDocumentsRequest request;
    request.set_page_token("not-a-token");
    v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    grpc::Status status = ingest->ListDocuments(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
  }
  {
    v1::GetDocumentRequest request;
    request.set_doc_id("doc-does-not-exist");
    v1::Document response;
    grpc::ClientContext context;
    EXPECT_EQ(ingest->GetDocument(&context, request, &response).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  {
    auto query = suite_.QueryStub();
    v1::SearchRequest request;
    request.set_query("hospital");
    request.set_page_token("garbage");
    v1::SearchResponse response;
    grpc::ClientContext context;
    grpc::Status status = query->Search(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
    grpc::ClientContext context2;
    request.clear_page_token();
    request.set_query("\"unclosed phrase");
    status = query->Search(&context2, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("byte"));
  }
  {
    auto extraction = suite_.ExtractionStub();
    v1::GetAnnotationsRequest request;
    request.set_doc_id("doc-does-not-exist");
    v1::Annotations response;
    grpc::ClientContext context;
    EXPECT_EQ(extraction->GetAnnotations(&context, request, &response).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> after, ListAllDocumentIds(suite_));
  EXPECT_EQ(after, before);
  EXPECT_EQ(suite_.QueryDocumentCount(), static_cast<int64_t>(before.size()));
}

struct Snapshot {
  std::map<std::string, std::vector<std::string>> searches;
  std::string stats;
  std::string entities;
};

Snapshot TakeSnapshot(Suite& suite) {
  Snapshot snapshot;
  for (const char* query : {"hospital", "vaccine OR vaccines", "\"health minister\"", "tenge"}) {
    auto ids = SearchAllIds(suite, query);
    EXPECT_TRUE(ids.ok()) << ids.status();
    if (ids.ok()) snapshot.searches[query] = *ids;
  }
  auto query = suite.QueryStub();
  grpc::ClientContext context;
  v1::Stats stats;
  EXPECT_TRUE(query->GetStats(&context, v1::GetStatsRequest(), &stats).ok());
  stats.clear_index_bytes();  // compaction may change the size on disk
  snapshot.stats = stats.SerializeAsString();
  auto extraction = suite.ExtractionStub();
  grpc::ClientContext context2;
  v1::ListEntitiesRequest request;
  request.set_page_size(1000);
  request.set_order_by("name");
  v1::ListEntitiesResponse entities;
  EXPECT_TRUE(extraction->ListEntities(&context2, request, &entities).ok());
  snapshot.entities = entities.SerializeAsString();
  return snapshot;
}

TEST_F(PipelineTest, RestartOfAllThreeKeepsStateAndResults) {
  IngestAndWait();
  const Snapshot before = TakeSnapshot(suite_);
  EXPECT_FALSE(before.searches.at("hospital").empty());
  suite_.StopAll();
  ASSERT_THAT(suite_.StartAll(), IsOk());
  ASSERT_TRUE(Suite::WaitFor([&] { return suite_.QueryDocumentCount() >= 0; }, kIndexWait));
  const Snapshot after = TakeSnapshot(suite_);
  EXPECT_EQ(after.searches, before.searches);
  EXPECT_EQ(after.stats, before.stats);
  EXPECT_EQ(after.entities, before.entities);
  // Re-ingesting the same files (same request ids) changes nothing either.
  ASSERT_OK_AND_ASSIGN(std::vector<std::string> again, IngestSamples(suite_, samples_));
  EXPECT_EQ(again, ids_);
  EXPECT_EQ(TakeSnapshot(suite_).stats, before.stats);
}

}  // namespace
}  // namespace newsgraph::e2e

namespace newsgraph::e2e {
namespace {

namespace v1 = newsgraph::v1;

// Issue 5 through the real services: a later article naming only the
// surname joins the person of an earlier article, and ids survive restarts.
TEST(CrossDocumentTest, SurnameInALaterArticleJoinsTheSameEntity) {
  Suite suite;
  ASSERT_THAT(suite.StartAll(), IsOk());
  const std::string first =
      "President Nur-Daulet Abenov opens cardiology center in Taraz\n\n"
      "date 2024-03-01 | example.kz\n\n"
      "President Nur-Daulet Abenov opened a new cardiology center in Taraz on Friday. "
      "The center has 180 beds and cost 9 billion tenge, the regional health department said.\n\n"
      "Doctors from Almaty will train the center's staff during the first year.\n";
  const std::string second =
      "Rural doctors to get higher allowances\n\n"
      "date 2024-03-09 | example.kz\n\n"
      "Speaking in Almaty on Saturday, Abenov said allowances for rural doctors would rise "
      "by 30 percent from July.\n\n"
      "The Ministry of Healthcare will publish the new rates next month.\n";
  auto ingest = suite.IngestStub();
  std::vector<std::string> ids;
  for (const std::string& text : {first, second}) {
    v1::IngestDocumentRequest request;
    request.set_content(text);
    request.set_content_type("text/plain");
    v1::IngestDocumentResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(ingest->IngestDocument(&context, request, &response).ok());
    ids.push_back(response.doc_id());
  }
  ASSERT_TRUE(Suite::WaitFor([&] { return suite.QueryDocumentCount() == 2; },
                             std::chrono::seconds(60)));
  auto profile = [&suite]() {
    auto query = suite.QueryStub();
    v1::GetEntityProfileRequest request;
    request.set_entity("Nur-Daulet Abenov");
    v1::EntityProfile response;
    grpc::ClientContext context;
    grpc::Status status = query->GetEntityProfile(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  const v1::EntityProfile before = profile();
  EXPECT_EQ(before.document_count(), 2u);
  std::set<std::string> documents;
  for (const v1::DocumentRef& doc : before.latest_documents()) documents.insert(doc.doc_id());
  EXPECT_EQ(documents, std::set<std::string>(ids.begin(), ids.end()));
  EXPECT_EQ(before.first_seen().substr(0, 10), "2024-03-01");
  EXPECT_EQ(before.last_seen().substr(0, 10), "2024-03-09");

  suite.StopAll();
  ASSERT_THAT(suite.StartAll(), IsOk());
  const v1::EntityProfile after = profile();
  EXPECT_EQ(after.entity_id(), before.entity_id());
  EXPECT_EQ(after.document_count(), 2u);
  auto extraction = suite.ExtractionStub();
  v1::GetEntityRequest request;
  request.set_entity_id(before.entity_id());
  v1::Entity entity;
  grpc::ClientContext context;
  ASSERT_TRUE(extraction->GetEntity(&context, request, &entity).ok());
  EXPECT_EQ(entity.canonical_name(), "Nur-Daulet Abenov");
  EXPECT_EQ(entity.document_count(), 2u);
}

}  // namespace
}  // namespace newsgraph::e2e
