#include "common/model/annotations.h"
#include "common/model/document.h"
#include "common/status/status_matchers.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

TEST(DocumentCodecTest, RoundTripsAChange) {
  DocumentChange change;
  change.sequence = 42;
  change.doc_id = "doc-1";
  change.timestamp_ms = 1700000000000;
  change.document.id = "doc-1";
  change.document.title = "Hospital opens in Shymkent";
  change.document.clean_text = "Title\n\nBody text here.";
  change.document.body_begin = 7;
  change.document.body_end = 22;
  change.document.repairs.push_back({7, 8, "\xD0\xA1", "C", "homoglyph"});
  change.document.simhash = 0xdeadbeef;
  ASSERT_OK_AND_ASSIGN(DocumentChange decoded,
                       DecodeDocumentChange(EncodeDocumentChange(change)));
  EXPECT_EQ(decoded.sequence, 42u);
  EXPECT_EQ(decoded.document.title, "Hospital opens in Shymkent");
  EXPECT_EQ(decoded.document.body(), "Body text here.");
  ASSERT_EQ(decoded.document.repairs.size(), 1u);
  EXPECT_EQ(decoded.document.repairs[0].original, "\xD0\xA1");
  EXPECT_EQ(decoded.document.simhash, 0xdeadbeefu);
}

TEST(DocumentCodecTest, RejectsBodySpanOutsideText) {
  Document doc;
  doc.clean_text = "short";
  doc.body_end = 100;
  EXPECT_THAT(DecodeDocument(EncodeDocument(doc)), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(DocumentCodecTest, TombstoneCarriesNoDocument) {
  DocumentChange change;
  change.kind = DocumentChange::Kind::kDelete;
  change.doc_id = "doc-9";
  ASSERT_OK_AND_ASSIGN(DocumentChange decoded,
                       DecodeDocumentChange(EncodeDocumentChange(change)));
  EXPECT_EQ(decoded.kind, DocumentChange::Kind::kDelete);
  EXPECT_EQ(decoded.doc_id, "doc-9");
  EXPECT_TRUE(decoded.document.id.empty());
}

TEST(AnnotationCodecTest, RoundTripsEveryPart) {
  AnnotationChange change;
  change.sequence = 7;
  change.doc_id = "doc-2";
  DocumentAnnotations& a = change.annotations;
  a.doc_id = "doc-2";
  a.text = "Dana Serikova said 47% of beds are free.";
  Mention person{0, 13, "Dana Serikova", EntityType::kPerson, 0.9f, std::nullopt, "ent-1"};
  Mention percent{19, 22, "47%", EntityType::kPercent, 1.0f, NormalizedValue{"47", 47, "", "", ""}, ""};
  a.mentions = {person, percent};
  a.entities.push_back({"ent-1", "Dana Serikova", EntityType::kPerson, 0.8f, 1, {"Dana Serikova"}});
  a.roles.push_back({"ent-1", "Dana Serikova", "Health Minister", "minister of health", "", "", 0, 13});
  a.quotes.push_back({19, 40, "47% of beds are free.", "ent-1", "Dana Serikova", 14, 18});
  change.entity_redirects.push_back({"ent-old", "ent-1"});
  ASSERT_OK_AND_ASSIGN(AnnotationChange decoded,
                       DecodeAnnotationChange(EncodeAnnotationChange(change)));
  ASSERT_EQ(decoded.annotations.mentions.size(), 2u);
  EXPECT_EQ(decoded.annotations.mentions[0].entity_id, "ent-1");
  EXPECT_FALSE(decoded.annotations.mentions[0].value.has_value());
  ASSERT_TRUE(decoded.annotations.mentions[1].value.has_value());
  EXPECT_EQ(decoded.annotations.mentions[1].value->number, 47);
  EXPECT_EQ(decoded.annotations.entities[0].aliases[0], "Dana Serikova");
  EXPECT_EQ(decoded.annotations.roles[0].normalized_title, "minister of health");
  EXPECT_EQ(decoded.annotations.quotes[0].speaker_name, "Dana Serikova");
  EXPECT_EQ(decoded.entity_redirects[0].second, "ent-1");
}

TEST(AnnotationCodecTest, CorruptCountIsDataLossNotACrash) {
  std::string bytes = EncodeDocumentAnnotations(DocumentAnnotations{});
  bytes.back() = '\x7f';  // a quote count far beyond the remaining bytes
  EXPECT_THAT(DecodeDocumentAnnotations(bytes), StatusIs(absl::StatusCode::kDataLoss));
}

TEST(EntityTypeTest, ParsesNamesAndAliases) {
  EXPECT_EQ(ParseEntityType("per"), EntityType::kPerson);
  EXPECT_EQ(ParseEntityType("LOCATION"), EntityType::kLocation);
  EXPECT_EQ(EntityTypeName(EntityType::kOrganization), "ORG");
  EXPECT_FALSE(ParseEntityType("WEAPON").has_value());
}

}  // namespace
}  // namespace newsgraph
