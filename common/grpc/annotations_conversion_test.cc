#include "common/grpc/annotations_conversion.h"

#include "gtest/gtest.h"

namespace newsgraph {
namespace {

namespace v1 = newsgraph::v1;

TEST(OffsetConverterTest, CountsUtf16UnitsAndCodePoints) {
  // "Қаз" is 3 code points of 2 bytes each; "😀" is 4 bytes, 2 UTF-16 units.
  const std::string text = "Қаз 😀 x";
  OffsetConverter utf16(text, v1::UTF16);
  OffsetConverter points(text, v1::CODE_POINTS);
  OffsetConverter bytes(text, v1::ENCODING_TYPE_UNSPECIFIED);
  const uint32_t x = static_cast<uint32_t>(text.find('x'));
  EXPECT_EQ(bytes.Convert(x), x);
  EXPECT_EQ(points.Convert(x), 6u);  // Қ а з ␠ 😀 ␠
  EXPECT_EQ(utf16.Convert(x), 7u);   // the emoji counts twice
  EXPECT_EQ(points.Convert(static_cast<uint32_t>(text.size())), 7u);
}

TEST(AnnotationsConversionTest, FeedChangeRoundTrips) {
  AnnotationChange change;
  change.sequence = 5;
  change.doc_id = "doc-1";
  change.timestamp_ms = 1710000000123;
  DocumentAnnotations& a = change.annotations;
  a.doc_id = "doc-1";
  a.text = "Astana hospitals got 12 billion tenge.";
  a.body_end = static_cast<uint32_t>(a.text.size());
  a.mentions.push_back({0, 6, "Astana", EntityType::kLocation, 0.9f, std::nullopt, "ent-3"});
  a.mentions.push_back({21, 37, "12 billion tenge", EntityType::kMoney, 1.0f,
                        NormalizedValue{"12000000000 KZT", 12e9, "KZT", "", ""}, ""});
  a.entities.push_back({"ent-3", "Astana", EntityType::kLocation, 0.7f, 1, {"Astana"}});
  change.entity_redirects.push_back({"ent-9", "ent-3"});
  v1::AnnotationChange proto;
  AnnotationChangeToProto(change, &proto);
  AnnotationChange back = AnnotationChangeFromProto(proto);
  EXPECT_EQ(back.sequence, 5u);
  EXPECT_EQ(back.timestamp_ms, 1710000000123);
  ASSERT_EQ(back.annotations.mentions.size(), 2u);
  EXPECT_EQ(back.annotations.mentions[0].entity_id, "ent-3");
  EXPECT_FALSE(back.annotations.mentions[0].value.has_value());
  ASSERT_TRUE(back.annotations.mentions[1].value.has_value());
  EXPECT_EQ(back.annotations.mentions[1].value->unit, "KZT");
  EXPECT_EQ(back.annotations.entities[0].canonical_name, "Astana");
  EXPECT_EQ(back.entity_redirects[0].first, "ent-9");
}

TEST(AnnotationsConversionTest, OutOfRangeOffsetsAreClampedNotTrusted) {
  v1::AnnotationChange proto;
  proto.set_kind(v1::AnnotationChange::UPSERT);
  proto.mutable_document()->set_text("short");
  proto.mutable_document()->set_body_end(999);
  v1::Mention* m = proto.mutable_document()->mutable_annotations()->add_mentions();
  m->mutable_span()->set_begin(3);
  m->mutable_span()->set_end(500);
  AnnotationChange change = AnnotationChangeFromProto(proto);
  EXPECT_EQ(change.annotations.body_end, 5u);
  EXPECT_EQ(change.annotations.mentions[0].end, 5u);
}

}  // namespace
}  // namespace newsgraph
