// English stemming for search terms: the Snowball English ("Porter2")
// algorithm, and a light inflectional variant of it.
//
// Input is a term as NormalizeTerm produces it (lower case, diacritics
// folded, apostrophes unified to '). Only plain ASCII words are stemmed:
// a term holding digits, non-ASCII letters (Cyrillic, Kazakh) or other
// symbols passes through unchanged, except that a hyphenated term has its
// last part stemmed when that part is a plain word ("e-prescriptions" ->
// "e-prescript"), so that compounds inflect like their head.
//
//   StemMode::kPorter2  the full algorithm as published by Martin Porter on
//                       snowballstem.org, with the R1 exceptions of the
//                       current Snowball release (gener, commun, arsen,
//                       past, univers, later, emerg, organ, inter), which
//                       keep e.g. "university" apart from "universe" and
//                       "organization" apart from "organ".
//                       "vaccination", "vaccinated" and "vaccines" all
//                       become "vaccin".
//   StemMode::kLight    Porter2's steps 0 and 1 (possessives, plurals, -ed,
//                       -ing, final y -> i) and step 5 (final e), without
//                       the derivational suffixes of steps 2 to 4:
//                       "hospitals" -> "hospital" (Porter2: "hospit"),
//                       "vaccinated" and "vaccinate" -> "vaccinat",
//                       "vaccination" stays.
//   StemMode::kNone     the term itself.
//
// Thread-safe: pure functions. StemTerm(term, mode, &out) does not allocate
// when `out` already has room for the term.
#ifndef NEWSGRAPH_COMMON_TEXT_ENGLISH_STEMMER_H_
#define NEWSGRAPH_COMMON_TEXT_ENGLISH_STEMMER_H_

#include <string>
#include <string_view>

namespace newsgraph {

enum class StemMode { kNone = 0, kLight = 1, kPorter2 = 2 };

// Writes the stem of `term` to *out (replacing its contents).
void StemTerm(std::string_view term, StemMode mode, std::string* out);
std::string StemTerm(std::string_view term, StemMode mode);

// "none", "light", "porter2".
std::string_view StemModeName(StemMode mode);
// Parses a StemModeName (case-sensitive); false when unknown.
bool ParseStemMode(std::string_view name, StemMode* mode);

}  // namespace newsgraph

#endif  // NEWSGRAPH_COMMON_TEXT_ENGLISH_STEMMER_H_
