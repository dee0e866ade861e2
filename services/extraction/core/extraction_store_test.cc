#include "services/extraction/core/extraction_store.h"

#include "common/status/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace newsgraph::extraction {
namespace {

using ::testing::HasSubstr;

ExtractionStoreOptions Options(const std::string& path) {
  ExtractionStoreOptions options;
  options.path = path;
  options.model_path = std::string(NEWSGRAPH_SOURCE_DIR) + "/models/ner-en-news.bin";
  options.aliases_path = std::string(NEWSGRAPH_SOURCE_DIR) + "/models/aliases.tsv";
  return options;
}

DocumentChange Upsert(uint64_t sequence, const std::string& id, const std::string& body,
                      const std::string& date) {
  DocumentChange change;
  change.sequence = sequence;
  change.doc_id = id;
  change.document.id = id;
  change.document.title = "Headline";
  change.document.clean_text = "Headline\n\n" + body;
  change.document.body_begin = 10;
  change.document.body_end = static_cast<uint32_t>(change.document.clean_text.size());
  change.document.published_date = date;
  change.document.source = "example.kz";
  return change;
}

const DocumentEntity* FindEntity(const DocumentAnnotations& a, const std::string& name) {
  for (const DocumentEntity& e : a.entities) {
    if (e.canonical_name == name) return &e;
  }
  return nullptr;
}

TEST(ExtractionStoreTest, AnnotatesStoresAndPublishesWithTheCursor) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, ExtractionStore::Open(Options(dir.path())));
  const std::string body =
      "Health Minister Dana Serikova visited a new hospital in Shymkent on 14 March 2024. "
      "The hospital cost 12 billion tenge, Serikova said.";
  ASSERT_THAT(store->ApplyDocumentChange(Upsert(7, "doc-1", body, "2024-03-15")), IsOk());
  EXPECT_EQ(store->cursor(), 7u);
  ASSERT_OK_AND_ASSIGN(DocumentAnnotations a, store->GetAnnotations("doc-1"));
  bool has_money = false, has_person = false;
  for (const Mention& m : a.mentions) {
    // Offsets point into the clean text, past the headline.
    EXPECT_EQ(a.text.substr(m.begin, m.end - m.begin), m.text);
    EXPECT_GE(m.begin, 10u);
    if (m.type == EntityType::kMoney) has_money = true;
    if (m.type == EntityType::kPerson && !m.entity_id.empty()) has_person = true;
  }
  EXPECT_TRUE(has_money);
  EXPECT_TRUE(has_person);
  ASSERT_NE(FindEntity(a, "Dana Serikova"), nullptr);
  ASSERT_OK_AND_ASSIGN(auto entries, store->feed().ReadAfter(0, 10, 1 << 20));
  ASSERT_EQ(entries.size(), 1u);
  ASSERT_OK_AND_ASSIGN(AnnotationChange change, DecodeAnnotationChange(entries[0].payload));
  EXPECT_EQ(change.annotations.doc_id, "doc-1");
  EXPECT_EQ(change.annotations.source, "example.kz");

  // A replayed change (after a crash) is skipped: nothing doubles.
  ASSERT_THAT(store->ApplyDocumentChange(Upsert(7, "doc-1", body, "2024-03-15")), IsOk());
  EXPECT_EQ(store->feed().last_sequence(), 1u);
}

TEST(ExtractionStoreTest, SurnameInALaterDocumentLinksAcrossDocumentsAndRestarts) {
  TempDir dir;
  std::string first_id;
  {
    ASSERT_OK_AND_ASSIGN(auto store, ExtractionStore::Open(Options(dir.path())));
    ASSERT_THAT(store->ApplyDocumentChange(Upsert(
                    1, "doc-1",
                    "President Nur-Daulet Abenov opened a clinic in Astana on Monday.",
                    "2024-03-01")),
                IsOk());
    ASSERT_OK_AND_ASSIGN(DocumentAnnotations a, store->GetAnnotations("doc-1"));
    const DocumentEntity* abenov = FindEntity(a, "Nur-Daulet Abenov");
    ASSERT_NE(abenov, nullptr);
    first_id = abenov->entity_id;
  }
  ASSERT_OK_AND_ASSIGN(auto store, ExtractionStore::Open(Options(dir.path())));
  EXPECT_EQ(store->cursor(), 1u);
  ASSERT_THAT(store->ApplyDocumentChange(Upsert(
                  2, "doc-2", "Speaking in Almaty on Tuesday, Abenov said salaries would rise.",
                  "2024-03-05")),
              IsOk());
  ASSERT_OK_AND_ASSIGN(DocumentAnnotations b, store->GetAnnotations("doc-2"));
  const DocumentEntity* linked = FindEntity(b, "Nur-Daulet Abenov");
  ASSERT_NE(linked, nullptr);
  EXPECT_EQ(linked->entity_id, first_id);
  ASSERT_OK_AND_ASSIGN(RegistryEntity entity, store->registry().GetEntity(first_id));
  EXPECT_EQ(entity.document_count, 2u);
}

TEST(ExtractionStoreTest, BatchesAnnotateInParallelAndPublishInFeedOrder) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, ExtractionStore::Open(Options(dir.path())));
  std::vector<DocumentChange> batch;
  for (int i = 1; i <= 9; ++i) {
    batch.push_back(Upsert(i, "doc-" + std::to_string(i),
                           "Doctors in Almaty treated " + std::to_string(i * 100) +
                               " patients, Health Minister Dana Serikova said.",
                           "2024-03-15"));
  }
  DocumentChange del;
  del.sequence = 10;
  del.doc_id = "doc-3";
  del.kind = DocumentChange::Kind::kDelete;
  batch.push_back(del);
  ASSERT_THAT(store->ApplyDocumentChanges(batch), IsOk());
  EXPECT_EQ(store->cursor(), 10u);
  ASSERT_OK_AND_ASSIGN(auto entries, store->feed().ReadAfter(0, 100, 1 << 30));
  ASSERT_EQ(entries.size(), 10u);
  for (size_t i = 0; i < entries.size(); ++i) {
    ASSERT_OK_AND_ASSIGN(AnnotationChange change, DecodeAnnotationChange(entries[i].payload));
    EXPECT_EQ(change.doc_id, batch[i].doc_id);  // feed order kept
  }
  EXPECT_THAT(store->GetAnnotations("doc-3"), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(DocumentAnnotations seventh, store->GetAnnotations("doc-7"));
  EXPECT_NE(seventh.text.find("700 patients"), std::string::npos);
  const DocumentEntity* minister = FindEntity(seventh, "Dana Serikova");
  ASSERT_NE(minister, nullptr);
  ASSERT_OK_AND_ASSIGN(RegistryEntity entity, store->registry().GetEntity(minister->entity_id));
  EXPECT_EQ(entity.document_count, 8u);  // nine documents, one deleted
  // The same batch again (a replay after a crash) changes nothing.
  ASSERT_THAT(store->ApplyDocumentChanges(batch), IsOk());
  EXPECT_EQ(store->feed().last_sequence(), 10u);
}

TEST(ExtractionStoreTest, DeleteRemovesAnnotationsAndPublishesATombstone) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, ExtractionStore::Open(Options(dir.path())));
  ASSERT_THAT(store->ApplyDocumentChange(
                  Upsert(1, "doc-1", "The WHO office in Almaty hired 40 nurses.", "2024-01-02")),
              IsOk());
  DocumentChange del;
  del.sequence = 2;
  del.doc_id = "doc-1";
  del.kind = DocumentChange::Kind::kDelete;
  ASSERT_THAT(store->ApplyDocumentChange(del), IsOk());
  EXPECT_THAT(store->GetAnnotations("doc-1"), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(auto entries, store->feed().ReadAfter(1, 10, 1 << 20));
  ASSERT_OK_AND_ASSIGN(AnnotationChange change, DecodeAnnotationChange(entries[0].payload));
  EXPECT_EQ(change.kind, AnnotationChange::Kind::kDelete);
}

TEST(ExtractionStoreTest, ExtractIsStatelessAndValidatesInput) {
  TempDir dir;
  ASSERT_OK_AND_ASSIGN(auto store, ExtractionStore::Open(Options(dir.path())));
  ASSERT_OK_AND_ASSIGN(DocumentAnnotations a,
                       store->Extract("Prices rose 47% in Kazakhstan next year.", "2024-05-01"));
  bool percent = false;
  for (const Mention& m : a.mentions) percent |= m.type == EntityType::kPercent;
  EXPECT_TRUE(percent);
  EXPECT_EQ(store->feed().last_sequence(), 0u);
  EXPECT_EQ(store->registry().size(), 0u);
  EXPECT_THAT(store->Extract("", ""), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("text")));
  EXPECT_THAT(store->Extract("x", "March"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reference_date")));
}

TEST(ExtractionStoreTest, RefusesToStartWithoutAModel) {
  TempDir dir;
  ExtractionStoreOptions options = Options(dir.path());
  options.model_path = dir.Sub("missing.bin");
  EXPECT_THAT(ExtractionStore::Open(options), StatusIs(absl::StatusCode::kNotFound,
                                                       HasSubstr("missing.bin")));
}

}  // namespace
}  // namespace newsgraph::extraction
