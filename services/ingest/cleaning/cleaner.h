// The article cleaner: what ingest does to every incoming article before it
// is stored. Pure C++ (no I/O, no gRPC): the ingest service converts its
// request into a RawArticle, calls CleanArticle and stores the result.
//
// What it does, in order:
//   1. limits and junk: size limit, empty input, NUL bytes, invalid UTF-8,
//      a high share of control characters;
//   2. HTML or text: HTML (declared or detected) is parsed with libxml2's
//      HTML parser (pages nested absurdly deep are refused first); script,
//      style, nav, aside, footer, form, noscript and iframe are dropped,
//      paragraphs, headings, list items and <br> become lines, entities are
//      decoded, and <title>, og:*, article:published_time, <time datetime>
//      and JSON-LD are read;
//   3. Unicode: NFC (ICU), odd spaces to spaces, invisible characters
//      removed, blank-line runs collapsed, mixed-script homoglyphs repaired
//      (each repair recorded); curly quotes are kept;
//   4. boilerplate: every line is classified as content or chrome and the
//      body is the best contiguous run of content (layout.h);
//   5. title, publication date, source;
//   6. fingerprints of the body for exact and near-duplicate detection.
//
//   ASSIGN_OR_RETURN(CleanedArticle cleaned,
//                    CleanArticle({html, "text/html", url, ""}, {}));
//   std::string_view body = std::string_view(cleaned.clean_text)
//       .substr(cleaned.body_begin, cleaned.body_end - cleaned.body_begin);
//
// Thread-safe: CleanArticle is a pure function.
#ifndef NEWSGRAPH_SERVICES_INGEST_CLEANING_CLEANER_H_
#define NEWSGRAPH_SERVICES_INGEST_CLEANING_CLEANER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/model/document.h"

namespace newsgraph {

struct RawArticle {
  std::string content;       // the bytes as received
  // "text/plain", "text/html" (parameters such as "; charset=utf-8" are
  // ignored) or "" to detect. Anything else is INVALID_ARGUMENT.
  std::string content_type;
  std::string url;           // optional; its host is the preferred source
  std::string source_name;   // optional; the caller's name for the source
};

struct CleanerOptions {
  // Larger content is RESOURCE_EXHAUSTED (checked before any work).
  size_t max_bytes = 8 << 20;
  // Longer titles are cut at a word boundary (never inside a UTF-8
  // sequence) to at most this many bytes.
  size_t max_title_bytes = 1024;
};

struct CleanedArticle {
  std::string content_type;  // "text/plain" or "text/html" (as detected)
  // The full normalized text: the page's lines before the body, the body,
  // then the lines after it (and chrome found inside the body run).
  std::string clean_text;
  // Byte span of the body in clean_text: its paragraphs, each trimmed,
  // joined by "\n\n"; the headline is not part of it.
  uint32_t body_begin = 0;
  uint32_t body_end = 0;
  std::string title;
  std::string published_date;  // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM", or ""
  std::string source;          // e.g. "example.kz"; "" when unknown
  // Every repair made to the text; offsets into clean_text.
  std::vector<newsgraph::TextRepair> repairs;
  uint64_t content_hash = 0;  // of the body bytes (exact duplicates)
  uint64_t simhash = 0;       // 64-bit SimHash over body word shingles

  std::string_view body() const {
    return std::string_view(clean_text).substr(body_begin,
                                               body_end - body_begin);
  }
};

// Cleans one article. Errors:
//   RESOURCE_EXHAUSTED  content larger than options.max_bytes (the message
//                       names the limit);
//   INVALID_ARGUMENT    empty content; an unsupported content_type; NUL
//                       bytes or a high share of control characters (binary
//                       junk); invalid UTF-8 ("content: invalid UTF-8 at byte
//                       offset N"); no article text left after cleaning.
absl::StatusOr<CleanedArticle> CleanArticle(const RawArticle& raw,
                                            const CleanerOptions& options);

// Number of bits in which two SimHashes differ.
int SimHashDistance(uint64_t a, uint64_t b);

// Bodies whose SimHashes differ in at most this many bits are near
// duplicates. How it was chosen: see kNearDuplicateMaxDistance in
// services/ingest/cleaning/simhash.h.
extern const int kNearDuplicateMaxDistance;

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_INGEST_CLEANING_CLEANER_H_
