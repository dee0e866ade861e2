// General word lists and name helpers used by document analysis: title words,
// organization nouns, speech verbs, honorifics, pronouns, and the key under
// which names are compared. These are lists of ordinary English words, never
// of specific people or places (those come from the tagger, the gazetteers
// and models/aliases.tsv).
//
// Thread-safe: all functions are pure.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_LEXICON_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_LEXICON_H_

#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {
namespace knowledge {

// The key under which two spellings of a name are the same name: lower case,
// diacritics folded, and hyphens, spaces, dots and apostrophes dropped, so
// "Nur-Sultan", "NUR-SULTAN" and "Nursultan" share "nursultan" and "U.N."
// equals "UN".
std::string NameKey(std::string_view name);

// `name` without a trailing possessive ("Shymkent’s" -> "Shymkent",
// "Halvorsens'" is left alone unless it ends with an apostrophe).
std::string_view StripPossessive(std::string_view name);

// Splits a name on spaces (hyphenated parts stay together).
std::vector<std::string> NameWords(std::string_view name);

// True when every letter of `word` is upper case and it has at least one.
bool IsAllCaps(std::string_view word);
// True when `word` starts with an upper-case letter (ASCII or any non-ASCII
// letter, which we cannot case-fold cheaply and treat as capitalized).
bool IsCapitalized(std::string_view word);
// "NUR-SULTAN" -> "Nur-Sultan": for names written in capitals in datelines.
std::string TitleCaseWord(std::string_view word);

// Lower-case word lists. All take a lower-cased word (NormalizeTerm).
bool IsTitleHead(std::string_view word);      // minister, president, head, governor, ...
// Heads that are a position only with a qualifier ("chief state sanitary
// doctor", "WHO Representative"), not alone ("Doctor X").
bool IsWeakTitleHead(std::string_view word);
bool IsTitleModifier(std::string_view word);  // deputy, prime, vice, health, foreign, ...
bool IsOrgNoun(std::string_view word);        // ministry, department, institute, ...
bool IsHonorific(std::string_view word);      // dr, mr, mrs, ms, prof (dot optional)
bool IsSpeechVerb(std::string_view word);     // said, noted, emphasized, told, ...
bool IsDeterminer(std::string_view word);     // the, a, an, its, his, her, their, ...
bool IsCalendarWord(std::string_view word);   // weekdays and months

enum class Gender { kUnknown, kMale, kFemale };
// he/him/his -> male, she/her -> female; kUnknown for other words.
// `is_pronoun` tells whether the word is a personal pronoun at all.
Gender PronounGender(std::string_view word, bool* is_pronoun);
// A guess from common Slavic and Turkic surname and patronymic endings
// (-ova/-eva/-ina/-kyzy female; -ov/-ev/-in/-uly male); kUnknown otherwise.
Gender NameGender(std::string_view full_name);

// A comparable form of a job title: lower case, without articles and "new",
// synonyms unified and portfolio adjectives moved after the head:
// "Health Minister" and "Minister of Healthcare" -> "minister of health";
// "Foreign Ministry Spokesman" -> "spokesperson"; "Premier" -> "prime minister".
std::string NormalizeTitle(std::string_view title);

// True when a bare title used as a speaker ("the minister", "the President",
// "the Head of State") can refer to someone holding `held` (both normalized):
// every word of `bare` occurs in `held`, with presidents and heads of state
// treated as one office.
bool TitleCompatible(std::string_view bare, std::string_view held);

}  // namespace knowledge
}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_LEXICON_H_
