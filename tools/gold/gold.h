// Gold annotations of the sample articles in samples/: loading and checking.
//
// Every sample article samples/<slug>.txt or samples/<slug>.html has a gold
// file samples/<slug>.gold.json beside it, produced by tools/gold/make_gold
// from an annotated source in samples/src/<slug>.src. The format and the
// annotation guidelines are in docs/ANNOTATION.md; this library is the one
// reader of that format, so that the evaluation tools (eval_ner,
// eval_cleaning, the linking/roles/quotes scorers) and the tests agree on it.
//
//   ASSIGN_OR_RETURN(std::vector<GoldArticle> gold,
//                    LoadGoldDirectory("samples"));
//   for (const GoldArticle& article : gold) {
//     RETURN_IF_ERROR(ValidateGoldArticle(article));
//     ... score Extract(article.body) against article.entities ...
//   }
#ifndef NEWSGRAPH_TOOLS_GOLD_GOLD_H_
#define NEWSGRAPH_TOOLS_GOLD_GOLD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/model/annotations.h"

namespace newsgraph {
namespace gold {

// One gold mention. Offsets are UTF-8 byte offsets into GoldArticle::body,
// [begin, end). `canonical` is set for PERSON, ORG and LOCATION (the full
// name as first introduced, today's name of a renamed place, the expansion
// of an acronym); `value` is set for DATE, MONEY, PERCENT and QUANTITY
// ("2024-03-14", "12000000000 KZT", "47", "86412", "18 ton").
struct GoldEntity {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string text;
  EntityType type = EntityType::kUnknown;
  std::string canonical;
  std::string value;
};

// (person, title, organization or place): "Health Minister Dana Serikova" ->
// {"Dana Serikova", "Health Minister", ""}; "Shymkent’s governor Yerlan
// Mukhametzhanov" -> {"Yerlan Mukhametzhanov", "governor", "Shymkent"}.
// `person` is the canonical name of a PERSON entity of the same article.
struct GoldRole {
  std::string person;
  std::string title;         // as written
  std::string organization;  // as written, "" when the text names none
};

// A direct quotation: the quoted words without the quote marks. `speaker` is
// the canonical name of a PERSON entity of the article, or "" when the text
// gives no resolvable speaker.
struct GoldQuote {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string text;
  std::string speaker;
};

struct GoldArticle {
  std::string slug;          // file name of the gold file without ".gold.json"
  std::string gold_path;     // path the article was loaded from
  std::string raw_file;      // file name of the raw article, beside the gold
  std::string raw;           // the raw article's bytes, as committed
  std::string content_type;  // "text/plain" or "text/html"
  std::string url;           // "" when the article has none
  std::string title;         // the headline, exactly
  std::string published_date;  // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
  std::string source;          // site host, e.g. "example.kz"
  // The article body as a perfect cleaner outputs it: paragraphs joined by
  // "\n\n", no chrome, homoglyphs repaired, odd spaces made plain.
  std::string body;
  std::vector<GoldEntity> entities;  // sorted by begin, never overlapping
  std::vector<GoldRole> roles;
  std::vector<GoldQuote> quotes;
  std::string near_duplicate_of;  // slug of the other sample, or ""

  // The gold mentions as the domain model's Mention (confidence 1, value in
  // NormalizedValue::text, canonical name in entity_id), for scorers that
  // compare against extraction output.
  std::vector<Mention> ToMentions() const;
};

// Parses gold JSON text. `gold_path` names the file in error messages and
// sets `slug`; the raw file is not read.
absl::StatusOr<GoldArticle> ParseGoldArticle(std::string_view json_text,
                                             const std::string& gold_path);

// Reads and parses `gold_json_path` and reads the raw file it names (from the
// same folder) into GoldArticle::raw. Does not validate: call
// ValidateGoldArticle for that.
absl::StatusOr<GoldArticle> LoadGoldArticle(const std::string& gold_json_path);

// Loads every "*.gold.json" directly inside `dir`, sorted by file name.
// NOT_FOUND if `dir` does not exist.
absl::StatusOr<std::vector<GoldArticle>> LoadGoldDirectory(
    const std::string& dir);

// Checks one article against the format's contract (docs/ANNOTATION.md):
// fields present and well formed, body valid UTF-8 with clean paragraphs,
// every entity's offsets inside the body on character boundaries with
// text == body.substr(begin, end - begin), entities sorted and disjoint,
// types known, canonical/value present and well formed as the type requires,
// quotes exact and attributed to a canonical PERSON of the article or "",
// roles naming such a person, and the title and every body paragraph
// present in the raw
// text (compared without whitespace, with Cyrillic homoglyphs folded to
// Latin and, for HTML, tags removed and character references decoded).
// Returns INVALID_ARGUMENT naming the article and the first problem found.
absl::Status ValidateGoldArticle(const GoldArticle& article);

// Checks what spans articles: slugs unique, near_duplicate_of naming another
// loaded article.
absl::Status ValidateGoldSet(const std::vector<GoldArticle>& articles);

// Exposed for tests and for the cleaning evaluator: the comparison key the
// raw-text check uses (whitespace dropped, Cyrillic look-alikes folded to
// Latin letters). For HTML input call StripHtmlForComparison first.
std::string ComparisonKey(std::string_view text);
// Removes tags, comments, <script> and <style> contents, and decodes the
// common character references (&amp; &nbsp; &#8217; &#x2019; ...).
std::string StripHtmlForComparison(std::string_view html);

}  // namespace gold
}  // namespace newsgraph

#endif  // NEWSGRAPH_TOOLS_GOLD_GOLD_H_
