// The cleaned article as ingest stores it and as its change feed carries it
// downstream. Plain structs: the gRPC layers convert them to and from the
// protos in protos/newsgraph/v1.
#ifndef NEWSGRAPH_COMMON_MODEL_DOCUMENT_H_
#define NEWSGRAPH_COMMON_MODEL_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph {

// One repair made to the text while cleaning it (e.g. a Cyrillic 'с' inside
// a Latin word replaced by 'c'). Offsets are UTF-8 byte offsets into
// Document::clean_text.
struct TextRepair {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string original;     // what the input had
  std::string replacement;  // what clean_text has
  std::string reason;       // e.g. "mixed-script homoglyph"
};

struct Document {
  std::string id;              // assigned by ingest, stable ("doc-" + 16 hex)
  std::string external_id;     // caller's own id, optional
  std::string url;             // optional
  std::string source;          // site name, e.g. "example.kz"
  std::string title;
  std::string content_type;    // "text/plain" or "text/html" (as detected)
  std::string clean_text;      // the normalized text (UTF-8, NFC)
  uint32_t body_begin = 0;     // byte span of the article body in clean_text
  uint32_t body_end = 0;
  std::string published_date;  // ISO 8601 date or date-time, "" if unknown
  int64_t ingested_at_ms = 0;  // wall clock when first stored
  uint64_t content_hash = 0;   // hash of the normalized body (exact dups)
  uint64_t simhash = 0;        // 64-bit SimHash of body shingles (near dups)
  std::string near_duplicate_of;  // id of an earlier near-duplicate, if any
  std::vector<TextRepair> repairs;
  uint32_t version = 1;        // bumped by every update of the same id

  std::string_view body() const {
    return std::string_view(clean_text).substr(body_begin, body_end - body_begin);
  }
};

// One entry of ingest's change feed.
struct DocumentChange {
  enum class Kind { kUpsert = 1, kDelete = 2 };
  uint64_t sequence = 0;
  Kind kind = Kind::kUpsert;
  std::string doc_id;
  int64_t timestamp_ms = 0;
  Document document;  // empty for kDelete (a tombstone)
};

std::string EncodeDocument(const Document& doc);
absl::StatusOr<Document> DecodeDocument(std::string_view bytes);

std::string EncodeDocumentChange(const DocumentChange& change);
absl::StatusOr<DocumentChange> DecodeDocumentChange(std::string_view bytes);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_MODEL_DOCUMENT_H_
