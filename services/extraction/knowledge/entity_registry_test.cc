#include "services/extraction/knowledge/entity_registry.h"

#include <atomic>
#include <memory>
#include <thread>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extraction/knowledge/knowledge_test_util.h"

namespace newsgraph {
namespace {

using ::testing::ElementsAre;
using ::testing::Contains;
using ::testing::SizeIs;

using knowledge_testing::kLoc;
using knowledge_testing::kOrg;
using knowledge_testing::kPer;
using knowledge_testing::Mark;

// A real RocksDB with the registry's families after "default", reopened on
// demand to test restarts.
class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<AliasTable> aliases =
        ParseAliasTable("LOCATION\tNur-Sultan\tAstana\nORG\tWHO\tWorld Health Organization\n", "t");
    ASSERT_THAT(aliases, IsOk());
    aliases_ = *aliases;
    Reopen();
  }

  void Reopen() {
    registry_.reset();
    store_.reset();
    StoreOptions options;
    options.path = dir_.Sub("db");
    options.column_families.push_back({"default", nullptr});
    for (ColumnFamilySpec& spec : EntityRegistry::ColumnFamilies()) {
      options.column_families.push_back(std::move(spec));
    }
    absl::StatusOr<std::unique_ptr<RocksStore>> store = RocksStore::Open(options);
    ASSERT_THAT(store, IsOk());
    store_ = std::move(*store);
    absl::StatusOr<std::unique_ptr<EntityRegistry>> registry =
        EntityRegistry::Open(store_.get(), /*first_cf=*/1, aliases_);
    ASSERT_THAT(registry, IsOk());
    registry_ = std::move(*registry);
  }

  // Analyzes and links one document, writing like the feed consumer does.
  DocumentKnowledge Ingest(const std::string& doc_id, const std::string& date,
                           const std::string& text,
                           const std::vector<std::pair<std::string, EntityType>>& spans) {
    DocumentKnowledge k = AnalyzeDocument(text, Mark(text, spans), *registry_->aliases());
    WriteBatch batch = store_->NewWriteBatch();
    absl::StatusOr<LinkResult> linked = registry_->Link(doc_id, date, &k, &batch);
    EXPECT_THAT(linked, IsOk());
    if (!linked.ok()) return k;
    EXPECT_THAT(store_->Write(batch), IsOk());
    registry_->Committed(*linked);
    return k;
  }

  std::string IdOf(const DocumentKnowledge& k, const std::string& canonical) {
    for (const DocumentEntity& e : k.entities) {
      if (e.canonical_name == canonical) return e.entity_id;
    }
    ADD_FAILURE() << "no entity " << canonical;
    return "";
  }

  TempDir dir_;
  AliasTable aliases_;
  std::unique_ptr<RocksStore> store_;
  std::unique_ptr<EntityRegistry> registry_;
};

TEST_F(RegistryTest, ColumnFamiliesArePrefixed) {
  std::vector<ColumnFamilySpec> specs = EntityRegistry::ColumnFamilies();
  ASSERT_THAT(specs, SizeIs(6));
  for (const ColumnFamilySpec& spec : specs) EXPECT_EQ(spec.name.rfind("registry_", 0), 0u);
}

TEST_F(RegistryTest, SurnameInALaterDocumentLinksToTheOnlyMatchingPerson) {
  DocumentKnowledge first = Ingest("doc-1", "2024-03-01",
                                   "President Nur-Daulet Abenov visited Astana.",
                                   {{"Nur-Daulet Abenov", kPer}, {"Astana", kLoc}});
  std::string id = IdOf(first, "Nur-Daulet Abenov");
  EXPECT_EQ(id.rfind("ent-", 0), 0u);

  DocumentKnowledge second =
      Ingest("doc-2", "2024-03-05", "“We will build it,” Abenov said in Nur-Sultan.",
             {{"Abenov", kPer}, {"Nur-Sultan", kLoc}});
  ASSERT_THAT(second.entities, SizeIs(2));
  EXPECT_EQ(second.entities[0].entity_id, id);
  EXPECT_EQ(second.entities[0].canonical_name, "Nur-Daulet Abenov");
  ASSERT_THAT(second.quotes, SizeIs(1));
  EXPECT_EQ(second.quotes[0].speaker_entity_id, id);
  EXPECT_EQ(second.quotes[0].speaker_name, "Nur-Daulet Abenov");
  // Nur-Sultan is Astana: the same place entity.
  EXPECT_EQ(second.entities[1].entity_id, IdOf(first, "Astana"));

  ASSERT_OK_AND_ASSIGN(RegistryEntity e, registry_->GetEntity(id));
  EXPECT_EQ(e.canonical_name, "Nur-Daulet Abenov");
  EXPECT_EQ(e.type, kPer);
  EXPECT_EQ(e.document_count, 2u);
  EXPECT_EQ(e.mention_count, 2u);
  EXPECT_EQ(e.first_seen, "2024-03-01");
  EXPECT_EQ(e.last_seen, "2024-03-05");
  EXPECT_THAT(e.aliases, Contains("Abenov"));
  ASSERT_THAT(e.roles, SizeIs(1));
  EXPECT_EQ(e.roles[0].title, "President");
  EXPECT_EQ(e.roles[0].doc_id, "doc-1");
  EXPECT_EQ(e.roles[0].date, "2024-03-01");
  EXPECT_THAT(registry_->ListDocuments(id, 10), IsOk());
  EXPECT_THAT(*registry_->ListDocuments(id, 10), ElementsAre("doc-1", "doc-2"));
}

TEST_F(RegistryTest, RestartAndReingestionKeepIdsAndCounts) {
  DocumentKnowledge first = Ingest("doc-1", "2024-03-01",
                                   "Health Minister Dana Serikova met WHO experts.",
                                   {{"Dana Serikova", kPer}, {"WHO", kOrg}});
  std::string person = IdOf(first, "Dana Serikova");
  std::string org = IdOf(first, "World Health Organization");
  Reopen();
  EXPECT_EQ(registry_->size(), 2u);
  ASSERT_OK_AND_ASSIGN(RegistryEntity e, registry_->GetEntity(person));
  EXPECT_EQ(e.canonical_name, "Dana Serikova");
  EXPECT_EQ(e.document_count, 1u);

  // The same document again (re-ingestion) and a new one after the restart.
  DocumentKnowledge again = Ingest("doc-1", "2024-03-01",
                                   "Health Minister Dana Serikova met WHO experts.",
                                   {{"Dana Serikova", kPer}, {"WHO", kOrg}});
  EXPECT_EQ(IdOf(again, "Dana Serikova"), person);
  EXPECT_EQ(IdOf(again, "World Health Organization"), org);
  DocumentKnowledge other = Ingest("doc-2", "2024-04-01",
                                   "The World Health Organization praised Serikova.",
                                   {{"World Health Organization", kOrg}, {"Serikova", kPer}});
  EXPECT_EQ(IdOf(other, "World Health Organization"), org);
  EXPECT_EQ(IdOf(other, "Dana Serikova"), person);
  ASSERT_OK_AND_ASSIGN(e, registry_->GetEntity(person));
  EXPECT_EQ(e.document_count, 2u);
  EXPECT_EQ(e.mention_count, 2u);
  EXPECT_THAT(e.roles, SizeIs(1));  // the re-ingested document's role is not doubled
  // A new entity after the restart does not reuse an id.
  DocumentKnowledge third = Ingest("doc-3", "2024-04-02", "Bolat Nurlanov arrived.",
                                   {{"Bolat Nurlanov", kPer}});
  std::string fresh = IdOf(third, "Bolat Nurlanov");
  EXPECT_NE(fresh, person);
  EXPECT_NE(fresh, org);
}

TEST_F(RegistryTest, TwoPeopleSharingASurnameStaySeparate) {
  DocumentKnowledge a = Ingest("doc-1", "2024-01-01", "Marat Seitkali opened a clinic.",
                               {{"Marat Seitkali", kPer}});
  DocumentKnowledge b = Ingest("doc-2", "2024-01-02", "Gulnara Seitkali opened a school.",
                               {{"Gulnara Seitkali", kPer}});
  std::string marat = IdOf(a, "Marat Seitkali");
  std::string gulnara = IdOf(b, "Gulnara Seitkali");
  EXPECT_NE(marat, gulnara);
  DocumentKnowledge c = Ingest("doc-3", "2024-01-03", "Seitkali thanked the donors.",
                               {{"Seitkali", kPer}});
  ASSERT_THAT(c.entities, SizeIs(1));
  EXPECT_NE(c.entities[0].entity_id, marat);
  EXPECT_NE(c.entities[0].entity_id, gulnara);
  EXPECT_EQ(c.entities[0].canonical_name, "Seitkali");
  ASSERT_OK_AND_ASSIGN(RegistryEntity m, registry_->GetEntity(marat));
  ASSERT_OK_AND_ASSIGN(RegistryEntity g, registry_->GetEntity(gulnara));
  EXPECT_EQ(m.document_count, 1u);
  EXPECT_EQ(g.document_count, 1u);
}

TEST_F(RegistryTest, SurnameSeenFirstIsUpgradedInPlaceByTheFullName) {
  DocumentKnowledge a = Ingest("doc-1", "2024-01-01", "Zhakupov criticised the plan.",
                               {{"Zhakupov", kPer}});
  std::string id = IdOf(a, "Zhakupov");
  DocumentKnowledge b = Ingest("doc-2", "2024-01-02", "Rector Serik Zhakupov welcomed it.",
                               {{"Serik Zhakupov", kPer}});
  EXPECT_EQ(IdOf(b, "Serik Zhakupov"), id);
  ASSERT_OK_AND_ASSIGN(RegistryEntity e, registry_->GetEntity(id));
  EXPECT_EQ(e.canonical_name, "Serik Zhakupov");
  EXPECT_EQ(e.document_count, 2u);
}

TEST_F(RegistryTest, MergeRedirectsTheOldIdAndSurvivesRestart) {
  DocumentKnowledge a = Ingest("doc-1", "2024-01-01", "Kazakh Railways raised fares.",
                               {{"Kazakh Railways", kOrg}});
  DocumentKnowledge b = Ingest("doc-2", "2024-02-01", "Kazakhstan Temir Zholy raised fares.",
                               {{"Kazakhstan Temir Zholy", kOrg}});
  std::string from = IdOf(a, "Kazakh Railways");
  std::string into = IdOf(b, "Kazakhstan Temir Zholy");
  ASSERT_NE(from, into);
  ASSERT_OK_AND_ASSIGN(auto redirects, registry_->Merge(from, into));
  EXPECT_THAT(redirects, ElementsAre(std::make_pair(from, into)));
  Reopen();
  ASSERT_OK_AND_ASSIGN(RegistryEntity via_old, registry_->GetEntity(from));
  EXPECT_EQ(via_old.id, into);
  EXPECT_EQ(via_old.canonical_name, "Kazakhstan Temir Zholy");
  EXPECT_EQ(via_old.document_count, 2u);
  EXPECT_EQ(via_old.first_seen, "2024-01-01");
  EXPECT_THAT(via_old.aliases, Contains("Kazakh Railways"));
  EXPECT_EQ(registry_->size(), 1u);
  // A new document naming the old form links to the surviving entity.
  DocumentKnowledge c = Ingest("doc-3", "2024-03-01", "Kazakh Railways cut fares.",
                               {{"Kazakh Railways", kOrg}});
  EXPECT_EQ(c.entities[0].entity_id, into);
  EXPECT_THAT(registry_->Merge(from, "ent-999"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RegistryTest, MergeOfDifferentTypesIsRejected) {
  DocumentKnowledge a = Ingest("doc-1", "2024-01-01", "Turkestan and Turkestan Airlines.",
                               {{"Turkestan", kLoc}, {"Turkestan Airlines", kOrg}});
  EXPECT_THAT(registry_->Merge(IdOf(a, "Turkestan"), IdOf(a, "Turkestan Airlines")),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(RegistryTest, GetUnknownEntityIsNotFound) {
  EXPECT_THAT(registry_->GetEntity("ent-42"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(RegistryTest, ResolveReadsWithoutWriting) {
  Ingest("doc-1", "2024-01-01", "Health Minister Dana Serikova spoke.", {{"Dana Serikova", kPer}});
  std::string text = "Serikova met Bolat Nurlanov.";
  DocumentKnowledge k =
      AnalyzeDocument(text, Mark(text, {{"Serikova", kPer}, {"Bolat Nurlanov", kPer}}),
                      *registry_->aliases());
  registry_->Resolve(&k);
  ASSERT_THAT(k.entities, SizeIs(2));
  EXPECT_EQ(k.entities[0].canonical_name, "Dana Serikova");
  EXPECT_EQ(k.entities[0].entity_id.rfind("ent-", 0), 0u);
  EXPECT_EQ(k.entities[1].entity_id, "local-1");  // unknown: stays document-local
  EXPECT_EQ(registry_->size(), 1u);
  Reopen();
  EXPECT_EQ(registry_->size(), 1u);
}

TEST_F(RegistryTest, UnlinkRemovesTheDocumentContribution) {
  DocumentKnowledge a = Ingest("doc-1", "2024-01-01", "Dana Serikova spoke.", {{"Dana Serikova", kPer}});
  Ingest("doc-2", "2024-01-02", "Serikova spoke again.", {{"Serikova", kPer}});
  std::string id = IdOf(a, "Dana Serikova");
  WriteBatch batch = store_->NewWriteBatch();
  ASSERT_OK_AND_ASSIGN(LinkResult removed, registry_->Unlink("doc-2", &batch));
  ASSERT_THAT(store_->Write(batch), IsOk());
  registry_->Committed(removed);
  ASSERT_OK_AND_ASSIGN(RegistryEntity e, registry_->GetEntity(id));
  EXPECT_EQ(e.document_count, 1u);
  EXPECT_THAT(*registry_->ListDocuments(id, 10), ElementsAre("doc-1"));
}

TEST_F(RegistryTest, ListEntitiesFiltersSortsAndPaginates) {
  Ingest("doc-1", "2024-01-01", "Almaty, Astana and Aktobe. Dana Serikova.",
         {{"Almaty", kLoc}, {"Astana", kLoc}, {"Aktobe", kLoc}, {"Dana Serikova", kPer}});
  Ingest("doc-2", "2024-01-02", "Astana again.", {{"Astana", kLoc}});

  ListEntitiesRequest by_count;
  by_count.type = kLoc;
  by_count.page_size = 2;
  ASSERT_OK_AND_ASSIGN(ListEntitiesPage page, registry_->ListEntities(by_count));
  ASSERT_THAT(page.entities, SizeIs(2));
  EXPECT_EQ(page.entities[0].canonical_name, "Astana");  // 2 documents
  EXPECT_EQ(page.entities[1].canonical_name, "Aktobe");  // then by name
  ASSERT_FALSE(page.next_page_token.empty());
  by_count.page_token = page.next_page_token;
  ASSERT_OK_AND_ASSIGN(page, registry_->ListEntities(by_count));
  ASSERT_THAT(page.entities, SizeIs(1));
  EXPECT_EQ(page.entities[0].canonical_name, "Almaty");
  EXPECT_TRUE(page.next_page_token.empty());

  ListEntitiesRequest by_name;
  by_name.sort = EntitySort::kName;
  by_name.name_prefix = "a";
  ASSERT_OK_AND_ASSIGN(page, registry_->ListEntities(by_name));
  ASSERT_THAT(page.entities, SizeIs(3));
  EXPECT_EQ(page.entities[0].canonical_name, "Aktobe");
  EXPECT_EQ(page.entities[2].canonical_name, "Astana");

  ListEntitiesRequest bad;
  bad.page_token = "garbage";
  EXPECT_THAT(registry_->ListEntities(bad), StatusIs(absl::StatusCode::kInvalidArgument));
  bad.page_token = "";
  bad.page_size = 5000;
  EXPECT_THAT(registry_->ListEntities(bad), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(RegistryTest, AddedAliasIsPersistedAndUsed) {
  ASSERT_THAT(registry_->AddAlias("Alma-Ata", "Almaty", kLoc), IsOk());
  EXPECT_THAT(registry_->AddAlias("", "Almaty", kLoc), StatusIs(absl::StatusCode::kInvalidArgument));
  Reopen();
  EXPECT_EQ(registry_->aliases()->Canonical("Alma-Ata", kLoc), std::optional<std::string>("Almaty"));
  DocumentKnowledge a = Ingest("doc-1", "1990-01-01", "Alma-Ata hosted the meeting.",
                               {{"Alma-Ata", kLoc}});
  DocumentKnowledge b = Ingest("doc-2", "2024-01-01", "Almaty hosted the meeting.",
                               {{"Almaty", kLoc}});
  EXPECT_EQ(a.entities[0].canonical_name, "Almaty");
  EXPECT_EQ(a.entities[0].entity_id, b.entities[0].entity_id);
}

// One writer links documents while readers resolve, get and list: readers
// always see a consistent registry (ids they get are resolvable).
TEST_F(RegistryTest, ReadersRunConcurrentlyWithTheWriter) {
  Ingest("doc-0", "2024-01-01", "Health Minister Dana Serikova spoke.", {{"Dana Serikova", kPer}});
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      std::string text = "Serikova met Person Zero.";
      std::vector<Mention> mentions = Mark(text, {{"Serikova", kPer}, {"Person Zero", kPer}});
      while (!done.load()) {
        DocumentKnowledge k = AnalyzeDocument(text, mentions, *registry_->aliases());
        registry_->Resolve(&k);
        if (k.entities.empty() || k.entities[0].canonical_name != "Dana Serikova") ++failures;
        for (const DocumentEntity& e : k.entities) {
          if (e.entity_id.rfind("ent-", 0) == 0 && !registry_->GetEntity(e.entity_id).ok()) {
            ++failures;
          }
        }
        ListEntitiesRequest request;
        request.type = kPer;
        if (!registry_->ListEntities(request).ok()) ++failures;
      }
    });
  }
  for (int d = 1; d <= 40; ++d) {
    std::string name = absl::StrCat("Person ", d == 20 ? "Zero" : std::to_string(d) + "x", " Nurlanov");
    Ingest(absl::StrCat("doc-", d), "2024-02-01", name + " spoke.", {{name, kPer}});
  }
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(registry_->size(), 41u);
}

}  // namespace
}  // namespace newsgraph
