#include "services/extraction/ner/entity_recognizer.h"

#include <algorithm>

#include "services/extraction/grammar/numeric_grammar.h"
#include "services/extraction/ner/document_consistency.h"
#include "services/extraction/ner/features.h"
#include "services/extraction/ner/hashing.h"
#include "services/extraction/ner/word_form.h"

namespace newsgraph {
namespace {

bool IsPossessive(std::string_view token) {
  return token == "'s" || token == "’s" || token == "'" || token == "’" ||
         token == "'S" || token == "’S";
}

// Gazetteer kinds reliable enough to call a word a place on their own:
// countries, capitals, major cities, Kazakhstan's places, world regions.
constexpr uint8_t kReliablePlace = ner::kGazCountry | ner::kGazCapital | ner::kGazCityMajor |
                                   ner::kGazKazakhstan | ner::kGazRegion;

// A name span inside one sentence, in token indices.
struct LocalSpan {
  int begin;
  int end;
  EntityType type;
  float confidence;
  bool dropped = false;
};

// Acronyms of major intergovernmental organizations, which news writes
// without expansion and which the training corpora rarely contain. Only
// matched as all-capital tokens ("WHO", never "who").
constexpr std::string_view kOrganizationAcronyms[] = {
    "UN",    "WHO",   "UNICEF", "UNESCO", "UNDP",  "UNHCR", "UNFPA", "UNAIDS",
    "IMF",   "WTO",   "NATO",   "EU",     "OSCE",  "OECD",  "CIS",   "SCO",
    "EAEU",  "CSTO",  "ASEAN",  "OPEC",   "ICRC",  "ADB",   "EBRD",  "IAEA",
    "FAO",   "ILO",   "WFP",    "UNODC",  "UNEP",  "IFRC",  "OIC",   "AIIB",
};

bool IsOrganizationAcronym(std::string_view word) {
  for (std::string_view a : kOrganizationAcronyms) {
    if (a == word) return true;
  }
  return false;
}

// "WHO", "KazIOR": at least two capitals and no more lower-case letters than
// capitals, no digits.
bool LooksLikeAcronym(std::string_view word) {
  int upper = 0, lower = 0;
  for (char c : word) {
    if (c >= 'A' && c <= 'Z') {
      ++upper;
    } else if (c >= 'a' && c <= 'z') {
      ++lower;
    } else {
      return false;
    }
  }
  return upper >= 2 && lower <= upper && word.size() <= 10;
}

// Endings of common nouns and adjectives that person names do not have
// ("Paediatrician", "Radiology", "Pharmaceutical").
bool HasCommonNounSuffix(std::string_view lower) {
  for (std::string_view suffix : {"ician", "ologist", "ology", "ical", "ics",
                                  "tion", "sion", "ment", "ness", "ship",
                                  "ism"}) {
    if (lower.size() > suffix.size() + 2 &&
        lower.substr(lower.size() - suffix.size()) == suffix) {
      return true;
    }
  }
  return false;
}

bool IsCompassWord(std::string_view lower) {
  for (std::string_view w : {"north", "south", "east", "west", "northern",
                             "southern", "eastern", "western", "central",
                             "north-east", "north-west", "south-east",
                             "south-west", "upper", "lower"}) {
    if (lower == w) return true;
  }
  return false;
}

// Plural place words that follow coordinated place names ("the Zhambyl
// and Almaty regions").
bool IsPluralPlaceWord(std::string_view lower) {
  for (std::string_view w : {"regions", "districts", "provinces", "oblasts", "counties",
                             "cities", "towns", "villages", "rivers", "lakes"}) {
    if (lower == w) return true;
  }
  return false;
}

bool IsParticle(std::string_view lower) {
  return lower == "de" || lower == "van" || lower == "von" || lower == "der" ||
         lower == "bin" || lower == "al" || lower == "da" || lower == "di" ||
         lower == "del" || lower == "la" || lower == "le" || lower == "du" ||
         lower == "ibn" || lower == "ben" || lower == "dos" || lower == "das";
}

// Corrects span boundaries the tagger often gets wrong in news text, with
// general patterns (no word lists of particular names):
//  - leading non-name words inside a PERSON ("Healthcare [Timur Seitkali]"
//    after "Minister of", "Kyrgyz counterpart [Talant Sydykov]");
//  - an organization directly followed by its head's name ("Social Health
//    Insurance Fund [Bolat Mussin]"), split into ORG + PERSON;
//  - names the tagger cut short: "X of A and B", "Children’s Fund",
//    "Hospital No. 4".
void RefineSentence(const ner::NerModel& model,
                    const std::vector<std::string_view>& words,
                    std::vector<LocalSpan>* spans) {
  const int n = static_cast<int>(words.size());
  std::vector<std::string> lower(n);
  std::vector<uint32_t> flags(n);
  std::vector<ner::CaseClass> case_class(n);
  for (int i = 0; i < n; ++i) {
    lower[i] = ner::LowerForm(words[i]);
    flags[i] = ner::WordFlags(words[i]);
    case_class[i] = model.case_lexicon().Lookup(ner::HashBytes(lower[i]));
  }
  auto cap = [&](int i) {
    return (flags[i] & (ner::kFlagInitCap | ner::kFlagAllCaps)) != 0;
  };
  auto lower_word = [&](int i) {
    return (flags[i] & ner::kFlagAllLower) != 0;
  };
  auto name_like = [&](int i) {  // "Bolat", "Nur-Aly", not "Health"
    std::string_view suffix;
    return cap(i) && !(flags[i] & (ner::kFlagAllCaps | ner::kFlagHasDigit |
                                   ner::kFlagPunct | ner::kFlagHasPeriod)) &&
           !ner::IsOrgHeadWord(lower[i]) && !ner::IsNameConnector(lower[i]) &&
           !ner::IsTitleWord(lower[i]) &&
           model.gazetteer().Lookup(words[i]) == 0 &&
           (case_class[i] == ner::CaseClass::kUnknown ||
            ner::SurnameSuffix(lower[i], &suffix));
  };
  std::vector<int> owner(n, -1);  // span index covering each token
  auto reindex = [&] {
    std::fill(owner.begin(), owner.end(), -1);
    for (int s = 0; s < static_cast<int>(spans->size()); ++s) {
      const LocalSpan& sp = (*spans)[s];
      if (sp.dropped) continue;
      for (int i = sp.begin; i < sp.end; ++i) owner[i] = s;
    }
  };
  reindex();

  // The first token of the capitalized words that end at token `last`
  // (at most `max_words`, no title word; with `free_only`, none owned by a
  // span), without a leading function word ("The", "In").
  auto capitalized_run_start = [&](int last, int max_words, bool free_only) {
    int b = last;
    while (b > 0 && b > last - max_words + 1 && cap(b - 1) &&
           (!free_only || owner[b - 1] < 0) && !ner::IsTitleWord(lower[b - 1])) {
      --b;
    }
    while (b < last && (ner::IsNameConnector(lower[b]) || lower[b] == "a" || lower[b] == "an")) {
      ++b;
    }
    return b;
  };

  // "Shymkent Children ’s Hospital", "Health Workers ’ Trade Union": a
  // capitalized common noun ("Children", "Workers": lower case in running
  // text) with a possessive, then capitalized words up to an organization
  // head, is one organization with the capitalized words before it, whatever
  // the tagger made of its parts. A name before the possessive
  // ("Kazakhstan ’s Health Ministry") starts no such organization.
  for (int k = 0; k + 2 < n; ++k) {
    if (!IsPossessive(words[k + 1]) || !cap(k) || (flags[k] & ner::kFlagAllCaps) ||
        case_class[k] != ner::CaseClass::kMostlyLower || model.gazetteer().Lookup(words[k]) != 0) {
      continue;
    }
    int last_head = -1;
    for (int j = k + 2; j < n && j <= k + 5 && cap(j) && !(flags[j] & ner::kFlagAllCaps); ++j) {
      if (ner::IsOrgHeadWord(lower[j])) last_head = j;
    }
    if (last_head < 0) continue;
    const int begin = capitalized_run_start(k, 4, /*free_only=*/false);
    const int end = last_head + 1;
    // A span that starts before the run and reaches into it makes the
    // reading unsure: leave the sentence to the tagger.
    if (begin > 0 && owner[begin] >= 0 && owner[begin] == owner[begin - 1]) continue;
    float confidence = 0.8f;
    for (int i = begin; i < end; ++i) {
      if (owner[i] < 0) continue;
      LocalSpan& other = (*spans)[owner[i]];
      confidence = std::max(confidence, other.confidence);
      if (other.end <= end) {
        other.dropped = true;  // a part of the organization
      } else {
        // "... Hospital [Aigerim Bekova]": what follows the head stays.
        other.begin = end;
        bool person = true;
        for (int j = other.begin; j < other.end; ++j) person &= name_like(j);
        if (person) other.type = EntityType::kPerson;
      }
    }
    spans->push_back({begin, end, EntityType::kOrganization, confidence});
    reindex();
    k = end - 1;
  }

  std::vector<LocalSpan> added;
  for (LocalSpan& sp : *spans) {
    if (sp.type == EntityType::kMisc) continue;
    // Determiners are not part of names ("the [World Bank]"), nor are
    // trailing lower-case words ("[Tobol] river", "[Turkestan] region").
    while (sp.end - sp.begin >= 2 && lower[sp.begin] == "the") ++sp.begin;
    while (sp.end - sp.begin >= 2 && lower_word(sp.end - 1)) --sp.end;
    // "[Ulytau] region [Tulemurova]": a lower-case word (not a connector or
    // particle) inside a name ends it; a name-like rest is a person.
    for (int i = sp.begin + 1; i + 1 < sp.end; ++i) {
      if (lower_word(i) && !ner::IsNameConnector(lower[i]) &&
          !IsParticle(lower[i])) {
        bool rest_is_name = true;
        for (int j = i + 1; j < sp.end; ++j) rest_is_name &= name_like(j);
        if (rest_is_name) {
          added.push_back({i + 1, sp.end, EntityType::kPerson, sp.confidence});
        }
        for (int j = i; j < sp.end; ++j) owner[j] = -1;
        sp.end = i;
        break;
      }
    }
    // "Minister of Healthcare [Vlagelina Tuletayyeva]": a one-word field
    // after "<title> of" followed by a two-word name.
    if (sp.end - sp.begin == 1 && sp.type != EntityType::kPerson &&
        sp.begin >= 2 && lower[sp.begin - 1] == "of" &&
        ner::IsTitleWord(lower[sp.begin - 2]) &&
        model.gazetteer().Lookup(words[sp.begin]) == 0 &&
        sp.end + 1 < n && name_like(sp.end) && name_like(sp.end + 1) &&
        (sp.end + 2 == n || !cap(sp.end + 2))) {
      const int first = sp.end;
      sp.dropped = true;
      for (int i = first; i < first + 2; ++i) {
        if (owner[i] >= 0) (*spans)[owner[i]].dropped = true;
      }
      added.push_back({first, first + 2, EntityType::kPerson, sp.confidence});
      continue;
    }
    // "[East Kazakhstan]": a capitalized compass word before a place.
    if (sp.type == EntityType::kLocation && sp.begin > 0 &&
        owner[sp.begin - 1] < 0 && cap(sp.begin - 1) &&
        IsCompassWord(lower[sp.begin - 1])) {
      --sp.begin;
      owner[sp.begin] = owner[sp.begin + 1];
    }
    // A place or person ending in an organization head word is an
    // organization ("Taraz City Hospital", "World Bank"), and so is a name
    // continued by a possessive and such a head ("Shymkent Children ’s
    // Hospital").
    const bool ends_with_head =
        (ner::IsOrgHeadWord(lower[sp.end - 1]) && cap(sp.end - 1)) ||
        (sp.end - sp.begin >= 3 &&
         (lower[sp.end - 1] == "no." || lower[sp.end - 1] == "no") &&
         ner::IsOrgHeadWord(lower[sp.end - 2]));
    if (sp.type != EntityType::kOrganization && sp.end - sp.begin >= 2 &&
        ends_with_head && !IsCompassWord(lower[sp.begin])) {
      sp.type = EntityType::kOrganization;
    }
    if (sp.type != EntityType::kOrganization && sp.end + 1 < n &&
        case_class[sp.end - 1] == ner::CaseClass::kMostlyLower &&
        IsPossessive(words[sp.end])) {
      for (int j = sp.end + 1; j < n && j <= sp.end + 3 && cap(j); ++j) {
        if (ner::IsOrgHeadWord(lower[j])) {
          sp.type = EntityType::kOrganization;
          break;
        }
      }
    }
    // Nationality adjectives are not names: gazetteer demonyms and the
    // stems of "-stan" countries ("Kazakh", "Kyrgyz", "Uzbek").
    if (sp.end - sp.begin == 1 && sp.type != EntityType::kOrganization) {
      const uint8_t g = model.gazetteer().Lookup(words[sp.begin]);
      const bool demonym =
          (g & ner::kGazDemonym) &&
          !(g & (ner::kGazCountry | ner::kGazCity | ner::kGazRegion));
      const std::string stem(words[sp.begin]);
      const bool stan_stem =
          g == 0 && ((model.gazetteer().Lookup(stem + "stan") & ner::kGazCountry) ||
                     (model.gazetteer().Lookup(stem + "istan") & ner::kGazCountry));
      if (demonym || stan_stem) {
        sp.dropped = true;
        continue;
      }
    }
    std::string_view surname_suffix;
    const bool after_title_of =
        sp.begin >= 2 &&
        (lower[sp.begin - 1] == "of" || lower[sp.begin - 1] == "for") &&
        (ner::IsTitleWord(lower[sp.begin - 2]) ||
         ner::IsOrgHeadWord(lower[sp.begin - 2]));
    if (sp.type == EntityType::kPerson && sp.end - sp.begin == 2 &&
        after_title_of &&
        ner::SurnameSuffix(lower[sp.end - 1], &surname_suffix) &&
        !ner::SurnameSuffix(lower[sp.begin], &surname_suffix)) {
      ++sp.begin;  // "Minister of Healthcare [Beloyeva]"
    }
    if (sp.type == EntityType::kPerson && sp.end - sp.begin >= 3) {
      // "Minister of Healthcare [Timur Seitkali]": the field word after
      // "<title> of" belongs to the title.
      if (after_title_of) {
        ++sp.begin;
      } else if (model.gazetteer().Lookup(words[sp.begin]) &
                 (ner::kGazCountry | ner::kGazCity | ner::kGazRegion)) {
        // "Ambassador of [Kazakhstan] [Ruslan Kemelbayev]".
        added.push_back({sp.begin, sp.begin + 1, EntityType::kLocation,
                         sp.confidence});
        ++sp.begin;
      }
    }
    const int person_begin = sp.begin;
    if (sp.type == EntityType::kPerson && sp.end - sp.begin >= 3 &&
        HasCommonNounSuffix(lower[sp.begin])) {
      ++sp.begin;  // "Paediatrician [Ainur Mamyrbekova]"
    }
    if (sp.type == EntityType::kPerson && sp.end - sp.begin >= 2) {
      // Drop everything up to the last lower-case word (not a particle).
      for (int i = sp.end - 2; i >= sp.begin; --i) {
        if (lower_word(i) && !IsParticle(lower[i])) {
          sp.begin = i + 1;
          break;
        }
      }
      std::string_view suffix;
      while (sp.end - sp.begin >= 2 &&
             case_class[sp.begin] == ner::CaseClass::kMostlyLower &&
             (sp.end - sp.begin >= 3 ||
              ner::SurnameSuffix(lower[sp.end - 1], &suffix))) {
        ++sp.begin;
      }
      // Capitalized words cut from the front of a person that directly
      // follows an organization end that organization ("Social Health
      // Insurance [Fund] Bolat Mussin").
      if (sp.begin > person_begin && person_begin > 0 &&
          owner[person_begin - 1] >= 0) {
        LocalSpan& prev = (*spans)[owner[person_begin - 1]];
        bool all_cap = true;
        for (int i = person_begin; i < sp.begin; ++i) all_cap &= cap(i);
        if (prev.type == EntityType::kOrganization &&
            prev.end == person_begin && all_cap) {
          prev.end = sp.begin;
        }
      }
    }
    if (sp.type == EntityType::kOrganization && sp.end - sp.begin >= 4) {
      const int k = sp.end - 2;
      // A first name may also be a place somewhere ("Serik"): after a
      // surname-shaped last word, any capitalized word that is not an
      // organization or title word will do.
      std::string_view suffix;
      const bool first_name =
          name_like(k) ||
          (ner::SurnameSuffix(lower[k + 1], &suffix) && cap(k) &&
           !(flags[k] & (ner::kFlagAllCaps | ner::kFlagHasDigit)) &&
           !ner::IsOrgHeadWord(lower[k]) && !ner::IsTitleWord(lower[k]) &&
           case_class[k] != ner::CaseClass::kMostlyLower);
      if (first_name && name_like(k + 1) && !ner::IsNameConnector(lower[k - 1]) &&
          cap(k - 1)) {
        added.push_back({k, sp.end, EntityType::kPerson, sp.confidence});
        sp.end = k;
      }
    }
  }
  // A sentence-initial place the tagger left out ("Shymkent’s governor
  // said", "Almaty hosted ..."): capitals say nothing at a sentence start,
  // so the model is unsure of words it has not seen there. A gazetteer
  // place of a reliable kind (country, capital, major city, Kazakhstan
  // place, world region) that is not usually written in lower case, and is
  // not the first word of a longer capitalized name, is taken as a place.
  if (n > 0 && owner[0] < 0 && cap(0) && !(flags[0] & ner::kFlagAllCaps) &&
      case_class[0] != ner::CaseClass::kMostlyLower &&
      case_class[0] != ner::CaseClass::kMixed &&
      std::none_of(added.begin(), added.end(),
                   [](const LocalSpan& a) { return a.begin == 0; })) {
    const uint8_t g = model.gazetteer().Lookup(words[0]);
    if ((g & kReliablePlace) && !(g & ner::kGazDemonym) &&
        (n == 1 || !cap(1) || IsPossessive(words[1]))) {
      added.push_back({0, 1, EntityType::kLocation, 0.6f});
    }
  }
  // "the Chui and Issyk-Kul regions": capitalized words coordinated before
  // a plural place word are places, each on its own, whatever the tagger
  // made of them ("the Aral and [Kazaly] districts" is no person).
  for (int i = 2; i < n; ++i) {
    if (!IsPluralPlaceWord(lower[i]) || !lower_word(i)) continue;
    std::vector<int> conjuncts;
    for (int j = i - 1; j >= 0 && conjuncts.size() < 4; j -= 2) {
      const bool conjunct = cap(j) && !(flags[j] & (ner::kFlagAllCaps | ner::kFlagHasDigit)) &&
                            case_class[j] != ner::CaseClass::kMostlyLower &&
                            !IsCompassWord(lower[j]) && !ner::IsOrgHeadWord(lower[j]) &&
                            (owner[j] < 0 ||
                             (*spans)[owner[j]].end - (*spans)[owner[j]].begin == 1);
      if (!conjunct) break;
      conjuncts.push_back(j);
      if (j == 0 || !(lower[j - 1] == "and" || lower[j - 1] == "or" || lower[j - 1] == ",")) break;
    }
    // A lone word before "regions" is the tagger's call; a coordination
    // ending in "and"/"or" is the pattern.
    if (conjuncts.size() < 2 || !(lower[conjuncts[0] - 1] == "and" || lower[conjuncts[0] - 1] == "or")) {
      continue;
    }
    for (int j : conjuncts) {
      if (owner[j] >= 0) {
        (*spans)[owner[j]].type = EntityType::kLocation;
        continue;
      }
      const bool taken = std::any_of(added.begin(), added.end(), [j](const LocalSpan& a) {
        return a.begin <= j && j < a.end;
      });
      if (!taken) added.push_back({j, j + 1, EntityType::kLocation, 0.7f});
    }
  }
  // A dateline: a place in capitals opening a sentence, before a dash or a
  // comma ("ASTANA – ...", "ALMATY, 14 March ..."). Capitals hide what the
  // word is from the tagger; the gazetteer and the dateline's shape do not.
  if (n > 1 && (flags[0] & ner::kFlagAllCaps) && lower[0].size() >= 3 &&
      (words[1] == "," || words[1] == "-" || words[1] == "–" || words[1] == "—")) {
    const uint8_t g = model.gazetteer().Lookup(words[0]);
    if ((g & kReliablePlace) && !(g & ner::kGazDemonym)) {
      if (owner[0] >= 0 && (*spans)[owner[0]].end == 1) {
        (*spans)[owner[0]].type = EntityType::kLocation;
      } else if (owner[0] < 0) {
        added.push_back({0, 1, EntityType::kLocation, 0.6f});
      }
    }
  }
  spans->insert(spans->end(), added.begin(), added.end());
  std::sort(spans->begin(), spans->end(),
            [](const LocalSpan& a, const LocalSpan& b) { return a.begin < b.begin; });
  reindex();

  for (int s = 0; s < static_cast<int>(spans->size()); ++s) {
    LocalSpan& sp = (*spans)[s];
    if (sp.dropped || sp.type != EntityType::kOrganization) continue;
    // Absorbs tokens [sp.end, new_end) and any ORG or MISC span among them
    // ("Center for [Maternal and Child Health]"); refuses when a person or
    // place is in the way.
    // Only the absorbed tokens' owners change, so the pass stays linear.
    auto extend_to = [&](int new_end) {
      for (int i = sp.end; i < new_end; ++i) {
        if (owner[i] < 0 || owner[i] == s) continue;
        const LocalSpan& other = (*spans)[owner[i]];
        if (other.type != EntityType::kOrganization && other.type != EntityType::kMisc) {
          return false;
        }
        new_end = std::max(new_end, other.end);  // rechecked by the loop
      }
      for (int i = sp.end; i < new_end; ++i) {
        if (owner[i] >= 0 && owner[i] != s) (*spans)[owner[i]].dropped = true;
        owner[i] = s;
      }
      sp.end = new_end;
      return true;
    };
    // A token no span holds, or one a MISC name holds.
    auto unclaimed = [&](int i) {
      return owner[i] < 0 || (*spans)[owner[i]].type == EntityType::kMisc;
    };
    bool changed = true;
    while (changed) {
      changed = false;
      const int e = sp.end;
      // "[Hospital No.] 4": the number was left out.
      if (e < n && (lower[e - 1] == "no." || lower[e - 1] == "no") &&
          e - 2 >= sp.begin && ner::IsOrgHeadWord(lower[e - 2]) &&
          (flags[e] & ner::kFlagAllDigits) && unclaimed(e)) {
        changed = extend_to(e + 1);
        continue;
      }
      // "Hospital No. 4"
      if (e + 1 < n && ner::IsOrgHeadWord(lower[e - 1]) &&
          (lower[e] == "no." || lower[e] == "no") &&
          (flags[e + 1] & ner::kFlagAllDigits) && unclaimed(e + 1)) {
        changed = extend_to(e + 2);
        continue;
      }
      if (e + 2 < n && ner::IsOrgHeadWord(lower[e - 1]) && lower[e] == "no" &&
          words[e + 1] == "." && (flags[e + 2] & ner::kFlagAllDigits)) {
        changed = extend_to(e + 3);
        continue;
      }
      // "[Sarkand Center] for Maternal ...": "of"/"for" and capitalized
      // words after a head word continue the name.
      if (e + 1 < n && ner::IsOrgHeadWord(lower[e - 1]) &&
          (lower[e] == "of" || lower[e] == "for") && unclaimed(e) &&
          cap(e + 1) && !(flags[e + 1] & ner::kFlagAllCaps)) {
        int j = e + 1;
        while (j < n && j <= e + 4 && cap(j) && unclaimed(j)) ++j;
        if (j > e + 1 && (j == n || unclaimed(j))) {
          changed = extend_to(j);
          if (changed) continue;
        }
      }
      // "Social Health Insurance [Fund]": a capitalized head word left out.
      if (e < n && unclaimed(e) && cap(e) && ner::IsOrgHeadWord(lower[e]) &&
          !(flags[e] & ner::kFlagAllCaps)) {
        changed = extend_to(e + 1);
        continue;
      }
      // "United Nations Children ’s Fund"
      if (e + 1 < n && IsPossessive(words[e])) {
        for (int j = e + 1; j < n && j <= e + 3 && cap(j); ++j) {
          if (ner::IsOrgHeadWord(lower[j])) {
            changed = extend_to(j + 1);
            break;
          }
        }
        if (changed) continue;
      }
      // "Institute of Oncology and Radiology", "Bank for Reconstruction and
      // Development": coordination inside an "X of/for ..." name.
      bool of_after_head = false;
      for (int i = sp.begin + 1; i < e; ++i) {
        if ((lower[i] == "of" || lower[i] == "for") &&
            ner::IsOrgHeadWord(lower[i - 1])) {
          of_after_head = true;
        }
      }
      if (of_after_head && e + 1 < n && (lower[e] == "and" || lower[e] == "&") &&
          cap(e + 1) && !(flags[e + 1] & ner::kFlagAllCaps)) {
        int j = e + 1;
        while (j < n && j <= e + 3 && cap(j) && unclaimed(j)) ++j;
        if (j > e + 1) {
          changed = extend_to(j);
        } else if (owner[e + 1] >= 0 &&
                   (*spans)[owner[e + 1]].type == EntityType::kOrganization) {
          changed = extend_to((*spans)[owner[e + 1]].end);
        } else if (owner[e + 1] >= 0) {
          // "Institute of Oncology and [Radiology Aidos Nurpeisov]": the
          // person is the last two name-like words; the rest ends the ORG.
          LocalSpan& person = (*spans)[owner[e + 1]];
          const int k = person.end - 2;
          if (person.type == EntityType::kPerson && person.begin == e + 1 &&
              person.end - person.begin >= 3 && name_like(k) &&
              name_like(k + 1)) {
            for (int i = person.begin; i < k; ++i) owner[i] = -1;
            person.begin = k;
            changed = extend_to(k);
          }
        }
      }
    }
    // "Health Workers ’ [Trade Union]": capitalized words and a possessive
    // right before the name.
    if (sp.begin >= 2 && IsPossessive(words[sp.begin - 1]) &&
        cap(sp.begin - 2) && owner[sp.begin - 2] < 0) {
      const int b = capitalized_run_start(sp.begin - 2, 3, /*free_only=*/true);
      for (int i = b; i < sp.begin; ++i) owner[i] = s;
      sp.begin = b;
    }
  }
  spans->erase(std::remove_if(spans->begin(), spans->end(),
                              [](const LocalSpan& sp) {
                                return sp.dropped || sp.end <= sp.begin;
                              }),
               spans->end());
}

}  // namespace

absl::StatusOr<std::unique_ptr<EntityRecognizer>> EntityRecognizer::Load(
    const std::string& model_path) {
  auto model = ner::LoadNerModel(model_path);
  if (!model.ok()) return model.status();
  return std::make_unique<EntityRecognizer>(std::move(*model));
}

EntityRecognizer::EntityRecognizer(std::unique_ptr<ner::NerModel> model)
    : model_(std::move(model)) {
  for (const std::string& type : model_->labels().types()) {
    EntityType mapped = EntityType::kUnknown;
    if (type == "PER") mapped = EntityType::kPerson;
    if (type == "ORG") mapped = EntityType::kOrganization;
    if (type == "LOC") mapped = EntityType::kLocation;
    // MISC names are never output, but they hold their tokens while the
    // span rules and document consistency run: a place inside an event's
    // name ("the 1995 Ontario general election") is not a mention.
    if (type == "MISC") mapped = EntityType::kMisc;
    type_map_.push_back(mapped);
  }
}

std::vector<Mention> EntityRecognizer::RecognizeNames(
    std::string_view text, const std::vector<Token>& tokens,
    const std::vector<Sentence>& sentences) const {
  // Pass 1: tag each sentence; spans in global token indices.
  struct Span {
    uint32_t begin;  // token index
    uint32_t end;
    EntityType type;
    float confidence;
  };
  std::vector<Span> spans;
  std::vector<std::string_view> views;
  for (const Sentence& sentence : sentences) {
    if (sentence.end_token <= sentence.first_token) continue;
    views.clear();
    for (uint32_t i = sentence.first_token; i < sentence.end_token; ++i) {
      views.push_back(tokens[i].text(text));
    }
    std::vector<LocalSpan> local;
    for (const ner::TaggedEntity& e : model_->Tag(views)) {
      const EntityType type = type_map_[e.type];
      if (type == EntityType::kUnknown) continue;
      int begin = e.begin;
      int end = e.end;
      // Annotation conventions: no possessive, no title inside a name.
      while (end > begin && IsPossessive(views[end - 1])) --end;
      if (type == EntityType::kPerson) {
        while (end - begin > 1 &&
               ner::IsTitleWord(ner::LowerForm(views[begin]))) {
          ++begin;
        }
      }
      if (end <= begin) continue;
      local.push_back({begin, end, type, e.confidence});
    }
    RefineSentence(*model_, views, &local);
    for (const LocalSpan& sp : local) {
      spans.push_back({sentence.first_token + sp.begin,
                       sentence.first_token + sp.end, sp.type, sp.confidence});
    }
  }

  // Acronyms: "World Health Organization (WHO)" introduces WHO as an ORG;
  // well-known intergovernmental acronyms are ORG wherever they appear.
  {
    std::vector<bool> taken(tokens.size(), false);
    for (const Span& sp : spans) {
      for (uint32_t i = sp.begin; i < sp.end; ++i) taken[i] = true;
    }
    std::vector<Span> acronyms;
    for (Span& sp : spans) {
      if (sp.end - sp.begin == 1 &&
          IsOrganizationAcronym(tokens[sp.begin].text(text))) {
        sp.type = EntityType::kOrganization;
      }
      if (sp.type == EntityType::kOrganization && sp.end - sp.begin >= 2 &&
          sp.end + 2 < tokens.size() && tokens[sp.end].text(text) == "(" &&
          tokens[sp.end + 2].text(text) == ")" && !taken[sp.end + 1] &&
          LooksLikeAcronym(tokens[sp.end + 1].text(text))) {
        acronyms.push_back({sp.end + 1, sp.end + 2, EntityType::kOrganization,
                            sp.confidence});
        taken[sp.end + 1] = true;
      }
    }
    for (uint32_t i = 0; i < tokens.size(); ++i) {
      if (!taken[i] && IsOrganizationAcronym(tokens[i].text(text))) {
        acronyms.push_back({i, i + 1, EntityType::kOrganization, 0.8f});
      }
    }
    spans.insert(spans.end(), acronyms.begin(), acronyms.end());
  }

  // Pass 2: document consistency (document_consistency.h): a surname
  // introduced with a full name is a PERSON wherever it recurs, and a name
  // tagged somewhere keeps its type where the tagger missed it (e.g. an
  // all-caps dateline "SHYMKENT").
  {
    std::vector<std::string_view> doc_tokens(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
      doc_tokens[i] = tokens[i].text(text);
    }
    std::vector<ner::TokenRange> ranges;
    ranges.reserve(sentences.size());
    for (const Sentence& sentence : sentences) {
      ranges.push_back({sentence.first_token, sentence.end_token});
    }
    std::vector<ner::NameSpan> names;
    names.reserve(spans.size());
    for (const Span& sp : spans) {
      names.push_back({sp.begin, sp.end, static_cast<int>(sp.type), sp.confidence});
    }
    // Consistency only asks about capitalized words; the lookup is not free.
    std::vector<bool> known_places(tokens.size());
    for (size_t i = 0; i < tokens.size(); ++i) {
      known_places[i] =
          (ner::WordFlags(doc_tokens[i]) & (ner::kFlagInitCap | ner::kFlagAllCaps)) &&
          (model_->gazetteer().Lookup(doc_tokens[i]) & kReliablePlace) != 0;
    }
    ner::MakeNamesConsistent(doc_tokens, ranges, static_cast<int>(EntityType::kPerson), &names,
                             &known_places);
    spans.clear();
    for (const ner::NameSpan& n : names) {
      spans.push_back({n.begin, n.end, static_cast<EntityType>(n.type), n.confidence});
    }
  }

  std::vector<Mention> mentions;
  mentions.reserve(spans.size());
  for (const Span& sp : spans) {
    if (sp.type == EntityType::kMisc) continue;
    Mention m;
    m.begin = tokens[sp.begin].begin;
    m.end = tokens[sp.end - 1].end;
    m.text = std::string(text.substr(m.begin, m.end - m.begin));
    m.type = sp.type;
    m.confidence = sp.confidence;
    mentions.push_back(std::move(m));
  }
  return mentions;
}

std::vector<Mention> EntityRecognizer::Recognize(
    std::string_view text, const absl::CivilDay* reference_date) const {
  const std::vector<Token> tokens = Tokenize(text);
  const std::vector<Sentence> sentences = SplitSentences(text, tokens);
  std::vector<Mention> names = RecognizeNames(text, tokens, sentences);
  std::vector<Mention> numeric =
      FindNumericMentions(text, tokens, reference_date);

  // Both lists are sorted and internally disjoint. A numeric mention that
  // strictly contains names replaces them ("11 May 2021" over "May");
  // otherwise any overlap keeps the name ("Hospital No. 2").
  std::vector<bool> name_dropped(names.size(), false);
  std::vector<Mention> out;
  out.reserve(names.size() + numeric.size());
  size_t first_name = 0;
  for (Mention& num : numeric) {
    while (first_name < names.size() && names[first_name].end <= num.begin) {
      ++first_name;
    }
    bool keep = true;
    std::vector<size_t> contained;
    for (size_t i = first_name; i < names.size() && names[i].begin < num.end;
         ++i) {
      if (name_dropped[i]) continue;
      const Mention& name = names[i];
      const bool inside_num = num.begin <= name.begin && name.end <= num.end &&
                              (num.end - num.begin) > (name.end - name.begin);
      if (inside_num) {
        contained.push_back(i);
      } else {
        keep = false;
        break;
      }
    }
    if (!keep) continue;
    for (size_t i : contained) name_dropped[i] = true;
    out.push_back(std::move(num));
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (!name_dropped[i]) out.push_back(std::move(names[i]));
  }
  std::sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) {
    return a.begin < b.begin;
  });
  return out;
}

}  // namespace newsgraph
