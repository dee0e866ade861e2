// What extraction finds in a document, as it stores it and as its change feed
// carries it to the query service. Offsets are UTF-8 byte offsets into the
// document's clean_text (the gRPC layer converts to UTF-16 or code points on
// request).
#ifndef NEWSGRAPH_COMMON_MODEL_ANNOTATIONS_H_
#define NEWSGRAPH_COMMON_MODEL_ANNOTATIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph {

enum class EntityType {
  kUnknown = 0,
  kPerson = 1,
  kOrganization = 2,
  kLocation = 3,
  kDate = 4,
  kMoney = 5,
  kPercent = 6,
  kQuantity = 7,
  kMisc = 8,
};

// "PERSON", "ORG", "LOCATION", "DATE", "MONEY", "PERCENT", "QUANTITY", "MISC".
std::string_view EntityTypeName(EntityType type);
// Accepts the names above and common aliases ("PER", "LOC", "ORGANIZATION").
std::optional<EntityType> ParseEntityType(std::string_view name);
// PERSON, ORG and LOCATION: the types that get canonical entities.
bool IsNamedType(EntityType type);

// A normalized value of a DATE, MONEY, PERCENT or QUANTITY mention.
struct NormalizedValue {
  std::string text;      // "2024-03-14", "2017-03", "12000000000 KZT", "47" (see docs/ANNOTATION.md)
  double number = 0;     // amount, percentage or count
  std::string unit;      // ISO 4217 currency for MONEY, unit for QUANTITY
  std::string date_begin;  // DATE: first day of the range (ISO), if known
  std::string date_end;    // DATE: last day of the range (ISO), if known
};

struct Mention {
  uint32_t begin = 0;  // UTF-8 byte offsets into clean_text
  uint32_t end = 0;
  std::string text;
  EntityType type = EntityType::kUnknown;
  float confidence = 0;
  std::optional<NormalizedValue> value;
  std::string entity_id;  // canonical entity (named types only), "" if none
};

// A canonical entity as it appears in one document.
struct DocumentEntity {
  std::string entity_id;
  std::string canonical_name;
  EntityType type = EntityType::kUnknown;
  float salience = 0;           // 0..1 within this document
  uint32_t mention_count = 0;
  std::vector<std::string> aliases;  // surface forms seen in this document
};

// "Health Minister Dana Serikova": (person, title, organization or place).
struct Role {
  std::string person_entity_id;
  std::string person_name;
  std::string title;             // as written: "Health Minister"
  std::string normalized_title;  // "minister of health"
  std::string organization;      // organization or place the role is in, if any
  std::string organization_entity_id;
  uint32_t begin = 0;  // span of the whole role phrase
  uint32_t end = 0;
};

struct Quote {
  uint32_t begin = 0;  // span of the quoted words, without quote marks
  uint32_t end = 0;
  std::string text;
  std::string speaker_entity_id;  // "" when no speaker could be resolved
  std::string speaker_name;
  uint32_t cue_begin = 0;  // span of the attribution ("Serikova noted")
  uint32_t cue_end = 0;
};

// Everything extraction produced for one document, plus the document fields
// the query service needs to index it without calling ingest.
struct DocumentAnnotations {
  std::string doc_id;
  uint32_t doc_version = 0;
  std::string title;
  std::string source;
  std::string url;
  std::string published_date;
  std::string text;          // the document's clean_text
  uint32_t body_begin = 0;
  uint32_t body_end = 0;
  std::vector<Mention> mentions;
  std::vector<DocumentEntity> entities;
  std::vector<Role> roles;
  std::vector<Quote> quotes;
};

// One entry of extraction's change feed.
struct AnnotationChange {
  enum class Kind { kUpsert = 1, kDelete = 2 };
  uint64_t sequence = 0;
  Kind kind = Kind::kUpsert;
  std::string doc_id;
  int64_t timestamp_ms = 0;
  DocumentAnnotations annotations;  // empty for kDelete
  // Entity ids merged into another since the previous change: old -> new.
  std::vector<std::pair<std::string, std::string>> entity_redirects;
};

std::string EncodeDocumentAnnotations(const DocumentAnnotations& annotations);
absl::StatusOr<DocumentAnnotations> DecodeDocumentAnnotations(std::string_view bytes);

std::string EncodeAnnotationChange(const AnnotationChange& change);
absl::StatusOr<AnnotationChange> DecodeAnnotationChange(std::string_view bytes);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_MODEL_ANNOTATIONS_H_
