// The numeric grammar of extraction: DATE, MONEY, PERCENT and QUANTITY
// mentions with normalized values, found by hand-written scanning over the
// tokens (no regular expressions in the per-token loop).
//
// Spans and values follow docs/ANNOTATION.md:
//   DATE      via FindDates (common/text/dates.h); value.text is the ISO form,
//             value.date_begin/date_end the days it covers.
//   MONEY     "248,300 tenge", "12 billion tenge", "US$3.5 million",
//             "$4 billion", "KZT 5 billion", "1.2 trillion tenge", "€20";
//             value.text "<number> <ISO 4217>" ("3500000 USD"), value.unit
//             the ISO 4217 code, value.number the amount.
//   PERCENT   "47%", "35 percent", "35 per cent", "12.5 %"; value.text is the
//             number ("47", "12.5").
//   QUANTITY  digit numerals with an optional scale word and an optional
//             measurement unit ("86,412", "14.2 million", "18 tons",
//             "250 km", "5,000 square meters"), and spelled-out numbers with
//             a scale word ("two million"); value.text is the number
//             ("14200000") or "<number> <unit>" ("18 ton", "250 km"),
//             value.unit the canonical unit.
// Not quantities: "COVID-19", ordinals ("2nd"), years inside dates, phone
// numbers ("+7 (7172) 74-35-11"), "No. 2", "45-year-old", clock times,
// numbered list markers, spelled small numbers without a scale word.
//
// Numbers inside names ("Hospital No. 2") are left alone here; the pipeline
// resolves overlaps with the tagger's PERSON/ORG/LOCATION spans.
//
// Thread-safe: all functions are pure.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_GRAMMAR_NUMERIC_GRAMMAR_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_GRAMMAR_NUMERIC_GRAMMAR_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/model/annotations.h"
#include "common/text/dates.h"
#include "common/text/tokenizer.h"

namespace newsgraph {

// Finds DATE, MONEY, PERCENT and QUANTITY mentions in `text`, whose tokens
// are `tokens` (from Tokenize(text)). `reference_date` is the article's
// publication date for relative dates; it may be null. The result is sorted
// by offset, mentions do not overlap, each has a value and confidence 1.0.
std::vector<Mention> FindNumericMentions(std::string_view text,
                                         const std::vector<Token>& tokens,
                                         const CivilDay* reference_date);

// Writes a decimal number given as its significant digits and a power of
// ten, plainly and exactly: ("142", 5) -> "14200000", ("125", -1) -> "12.5".
// Exposed for tests.
std::string FormatDecimal(std::string_view digits, int exponent10);

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_GRAMMAR_NUMERIC_GRAMMAR_H_
