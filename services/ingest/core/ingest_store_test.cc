#include "services/ingest/core/ingest_store.h"

#include "common/status/status_matchers.h"
#include "common/testing/temp_dir.h"
#include <algorithm>
#include <set>

#include "gtest/gtest.h"

namespace newsgraph::ingest {
namespace {

using ::testing::HasSubstr;

constexpr char kArticle[] =
    "Health Minister Dana Serikova opened a new cardiology center in Shymkent on Monday.\n\n"
    "The center has 240 beds and cost 12 billion tenge, the ministry said in a statement.\n\n"
    "Doctors from Almaty and Astana will train local staff over the next two years.\n";

constexpr char kOtherArticle[] =
    "The Senate approved amendments to the law on compulsory social health insurance.\n\n"
    "Senators said the changes would cut waiting times for rural patients by half.\n\n"
    "The amendments take effect in January after the President signs them.\n";

IngestRequest Request(std::string content, std::string request_id = "") {
  IngestRequest request;
  request.content = std::move(content);
  request.content_type = "text/plain";
  request.source_name = "example.kz";
  request.request_id = std::move(request_id);
  return request;
}

class IngestStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    store_.reset();
    IngestStoreOptions options;
    options.path = dir_.path();
    options.cleaner.max_bytes = 64 * 1024;
    auto store = IngestStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }
  TempDir dir_;
  std::unique_ptr<IngestStore> store_;
};

TEST_F(IngestStoreTest, StoresDocumentAndFeedEntryTogether) {
  ASSERT_OK_AND_ASSIGN(IngestResult result, store_->Ingest(Request(kArticle)));
  EXPECT_EQ(result.outcome, IngestOutcome::kCreated);
  EXPECT_EQ(result.sequence, 1u);
  ASSERT_OK_AND_ASSIGN(Document doc, store_->GetDocument(result.doc_id));
  EXPECT_NE(doc.body().find("cardiology center"), std::string_view::npos);
  ASSERT_OK_AND_ASSIGN(auto entries, store_->feed().ReadAfter(0, 10, 1 << 20));
  ASSERT_EQ(entries.size(), 1u);
  ASSERT_OK_AND_ASSIGN(DocumentChange change, DecodeDocumentChange(entries[0].payload));
  EXPECT_EQ(change.doc_id, result.doc_id);
  EXPECT_EQ(change.document.body(), doc.body());
  ASSERT_OK_AND_ASSIGN(std::string raw, store_->GetRawContent(result.doc_id));
  EXPECT_EQ(raw, kArticle);
}

TEST_F(IngestStoreTest, SameRequestIdReturnsTheFirstAnswer) {
  ASSERT_OK_AND_ASSIGN(IngestResult first, store_->Ingest(Request(kArticle, "req-1")));
  // A retry with different content still gets the first answer.
  ASSERT_OK_AND_ASSIGN(IngestResult again, store_->Ingest(Request(kOtherArticle, "req-1")));
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.doc_id, first.doc_id);
  EXPECT_EQ(again.sequence, first.sequence);
  EXPECT_EQ(store_->document_count(), 1u);
  EXPECT_EQ(store_->feed().last_sequence(), 1u);
}

TEST_F(IngestStoreTest, ExactDuplicateIsReportedNotStored) {
  ASSERT_OK_AND_ASSIGN(IngestResult first, store_->Ingest(Request(kArticle)));
  ASSERT_OK_AND_ASSIGN(IngestResult second, store_->Ingest(Request(kArticle)));
  EXPECT_EQ(second.outcome, IngestOutcome::kDuplicate);
  EXPECT_EQ(second.doc_id, first.doc_id);
  EXPECT_EQ(store_->document_count(), 1u);
}

TEST_F(IngestStoreTest, NearDuplicateIsLinkedNotDropped) {
  ASSERT_OK_AND_ASSIGN(IngestResult first, store_->Ingest(Request(kArticle)));
  std::string changed = kArticle;
  changed.replace(changed.find("240 beds"), 8, "250 beds");
  ASSERT_OK_AND_ASSIGN(IngestResult second, store_->Ingest(Request(changed)));
  EXPECT_EQ(second.outcome, IngestOutcome::kCreated);
  EXPECT_EQ(second.near_duplicate_of, first.doc_id);
  ASSERT_OK_AND_ASSIGN(IngestResult third, store_->Ingest(Request(kOtherArticle)));
  EXPECT_EQ(third.near_duplicate_of, "");
}

TEST_F(IngestStoreTest, DocumentsJustOutsideTheThresholdAreNotLinked) {
  // Many unrelated articles: most SimHash distances fall around 32 bits, some
  // exactly one past the threshold; none may be linked (nor crash the scan).
  for (int i = 0; i < 40; ++i) {
    std::string text = "Report number " + std::to_string(i * 7919) + " on regional clinic " +
                       std::to_string(i) + " lists " + std::to_string(i * 31) +
                       " beds.\n\nEach paragraph here differs: item " + std::to_string(i * i) +
                       " of " + std::to_string(1000 + i) + ".\n";
    ASSERT_OK_AND_ASSIGN(IngestResult result, store_->Ingest(Request(text)));
    if (!result.near_duplicate_of.empty()) {
      ASSERT_OK_AND_ASSIGN(Document doc, store_->GetDocument(result.doc_id));
      ASSERT_OK_AND_ASSIGN(Document other, store_->GetDocument(result.near_duplicate_of));
      EXPECT_LE(SimHashDistance(doc.simhash, other.simhash), kNearDuplicateMaxDistance);
    }
  }
}

TEST_F(IngestStoreTest, CallerTitleAndDateReplaceWhatCleaningFinds) {
  IngestRequest request = Request(kArticle);
  request.title = "Cardiology center opens in Shymkent";
  request.published_date = "14 March 2024, 09:40";
  ASSERT_OK_AND_ASSIGN(IngestResult result, store_->Ingest(request));
  EXPECT_EQ(result.title, "Cardiology center opens in Shymkent");
  EXPECT_EQ(result.published_date, "2024-03-14T09:40");
  ASSERT_OK_AND_ASSIGN(Document doc, store_->GetDocument(result.doc_id));
  EXPECT_EQ(doc.published_date, "2024-03-14T09:40");

  IngestRequest bad_date = Request(kOtherArticle);
  bad_date.published_date = "next year";
  EXPECT_THAT(store_->Ingest(bad_date),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("published_date")));
  IngestRequest long_title = Request(kOtherArticle);
  long_title.title = std::string(5000, 't');
  EXPECT_THAT(store_->Ingest(long_title),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("title")));
  EXPECT_EQ(store_->document_count(), 1u);
}

TEST_F(IngestStoreTest, ExternalIdUpdatesKeepTheId) {
  IngestRequest request = Request(kArticle);
  request.external_id = "story-7";
  ASSERT_OK_AND_ASSIGN(IngestResult first, store_->Ingest(request));
  request.content = kOtherArticle;
  ASSERT_OK_AND_ASSIGN(IngestResult second, store_->Ingest(request));
  EXPECT_EQ(second.outcome, IngestOutcome::kUpdated);
  EXPECT_EQ(second.doc_id, first.doc_id);
  ASSERT_OK_AND_ASSIGN(Document doc, store_->GetDocument(first.doc_id));
  EXPECT_EQ(doc.version, 2u);
  EXPECT_NE(doc.body().find("Senate"), std::string_view::npos);
  EXPECT_EQ(store_->document_count(), 1u);
}

TEST_F(IngestStoreTest, BadInputChangesNothing) {
  ASSERT_OK_AND_ASSIGN(IngestResult first, store_->Ingest(Request(kArticle)));
  EXPECT_THAT(store_->Ingest(Request("")), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(store_->Ingest(Request("Valid start \xff\xfe then junk")),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("UTF-8")));
  EXPECT_THAT(store_->Ingest(Request(std::string(100 * 1024, 'a'))),
              StatusIs(absl::StatusCode::kResourceExhausted));
  IngestRequest bad_type = Request(kOtherArticle);
  bad_type.content_type = "application/pdf";
  EXPECT_THAT(store_->Ingest(bad_type),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("content_type")));
  EXPECT_EQ(store_->document_count(), 1u);
  EXPECT_EQ(store_->feed().last_sequence(), 1u);
  EXPECT_THAT(store_->GetDocument("doc-nope"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_TRUE(store_->GetDocument(first.doc_id).ok());
}

TEST_F(IngestStoreTest, DeleteAppendsTombstoneAndIsIdempotent) {
  ASSERT_OK_AND_ASSIGN(IngestResult first, store_->Ingest(Request(kArticle)));
  ASSERT_OK_AND_ASSIGN(uint64_t sequence, store_->Delete(first.doc_id, "del-1"));
  EXPECT_EQ(sequence, 2u);
  ASSERT_OK_AND_ASSIGN(uint64_t again, store_->Delete(first.doc_id, "del-1"));
  EXPECT_EQ(again, 2u);
  EXPECT_THAT(store_->Delete(first.doc_id, ""), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(auto entries, store_->feed().ReadAfter(1, 10, 1 << 20));
  ASSERT_OK_AND_ASSIGN(DocumentChange change, DecodeDocumentChange(entries[0].payload));
  EXPECT_EQ(change.kind, DocumentChange::Kind::kDelete);
  // The same article may now be ingested again as a new document.
  ASSERT_OK_AND_ASSIGN(IngestResult reborn, store_->Ingest(Request(kArticle)));
  EXPECT_EQ(reborn.outcome, IngestOutcome::kCreated);
  EXPECT_NE(reborn.doc_id, first.doc_id);
}

TEST_F(IngestStoreTest, ListPagesNewestFirstWithoutGapsAndSurvivesRestart) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    std::string text = std::string(kArticle) + "Paragraph number " + std::to_string(i) +
                       " adds a distinct closing sentence about clinic " + std::to_string(i * 7) + ".\n";
    ASSERT_OK_AND_ASSIGN(IngestResult result, store_->Ingest(Request(text)));
    ids.push_back(result.doc_id);
  }
  Reopen();
  std::vector<std::string> listed;
  std::string token;
  do {
    ASSERT_OK_AND_ASSIGN(DocumentPage page, store_->ListDocuments(2, token, ""));
    for (const Document& doc : page.documents) listed.push_back(doc.id);
    token = page.next_page_token;
  } while (!token.empty());
  ASSERT_EQ(listed.size(), 5u);
  std::set<std::string> unique(listed.begin(), listed.end());
  EXPECT_EQ(unique.size(), 5u);
  EXPECT_THAT(store_->ListDocuments(2, "garbage!", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  EXPECT_THAT(store_->ListDocuments(5000, "", ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
  // New ids continue after a restart.
  ASSERT_OK_AND_ASSIGN(IngestResult after, store_->Ingest(Request(kOtherArticle)));
  EXPECT_EQ(std::count(ids.begin(), ids.end(), after.doc_id), 0);
  EXPECT_EQ(store_->document_count(), 6u);
}

}  // namespace
}  // namespace newsgraph::ingest
