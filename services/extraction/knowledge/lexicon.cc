#include "services/extraction/knowledge/lexicon.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/text/tokenizer.h"

namespace newsgraph {
namespace knowledge {
namespace {

using WordSet = std::unordered_set<std::string_view>;

bool Contains(const WordSet& set, std::string_view word) { return set.count(word) > 0; }

// Strips one trailing dot so that "Dr." and "Dr" look the same.
std::string_view NoDot(std::string_view word) {
  if (!word.empty() && word.back() == '.') word.remove_suffix(1);
  return word;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string NameKey(std::string_view name) {
  std::string folded = NormalizeTerm(name);
  std::string key;
  key.reserve(folded.size());
  for (size_t i = 0; i < folded.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(folded[i]);
    if (c >= 0x80) {
      // Curly apostrophes and non-ASCII punctuation that survived folding.
      if (folded.compare(i, 3, "\xE2\x80\x99") == 0 || folded.compare(i, 3, "\xE2\x80\x98") == 0) {
        i += 2;
        continue;
      }
      key.push_back(static_cast<char>(c));
    } else if (absl::ascii_isalnum(c)) {
      key.push_back(static_cast<char>(c));
    }
  }
  return key;
}

std::string_view StripPossessive(std::string_view name) {
  for (std::string_view suffix : {"\xE2\x80\x99s", "'s", "\xE2\x80\x99S", "'S"}) {
    if (EndsWith(name, suffix) && name.size() > suffix.size()) {
      return name.substr(0, name.size() - suffix.size());
    }
  }
  for (std::string_view suffix : {"\xE2\x80\x99", "'"}) {
    if (EndsWith(name, suffix) && name.size() > suffix.size()) {
      return name.substr(0, name.size() - suffix.size());
    }
  }
  return name;
}

std::vector<std::string> NameWords(std::string_view name) {
  std::vector<std::string> words;
  for (absl::string_view part :
       absl::StrSplit(absl::string_view(name.data(), name.size()), absl::ByAnyChar(" \t\r\n"),
                      absl::SkipWhitespace())) {
    words.emplace_back(part);
  }
  return words;
}

bool IsAllCaps(std::string_view word) {
  bool letter = false;
  for (char ch : word) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 0x80) return false;  // be conservative with non-ASCII
    if (absl::ascii_islower(c)) return false;
    if (absl::ascii_isupper(c)) letter = true;
  }
  return letter;
}

bool IsCapitalized(std::string_view word) {
  if (word.empty()) return false;
  unsigned char c = static_cast<unsigned char>(word[0]);
  return c >= 0x80 || absl::ascii_isupper(c);
}

std::string TitleCaseWord(std::string_view word) {
  std::string out(word);
  bool start = true;
  for (char& ch : out) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (absl::ascii_isalpha(c)) {
      ch = start ? absl::ascii_toupper(c) : absl::ascii_tolower(c);
      start = false;
    } else if (c < 0x80) {
      start = true;  // after a hyphen or apostrophe
    } else {
      start = false;
    }
  }
  return out;
}

bool IsTitleHead(std::string_view word) {
  // Positions, not occupations: "Psychologist X" names no position
  // (docs/ANNOTATION.md), so occupation words are not heads.
  static const WordSet kHeads = {
      "president", "vice-president", "minister", "premier", "governor", "akim", "mayor",
      "head", "director", "director-general", "chairman", "chairwoman", "chairperson",
      "chair", "spokesperson", "spokesman", "spokeswoman", "secretary", "secretary-general",
      "ambassador", "envoy", "commissioner", "ceo", "rector", "dean", "doctor",
      "adviser", "advisor", "aide", "leader", "chancellor", "senator", "speaker",
      "prosecutor", "prosecutor-general", "judge", "ombudsman", "representative",
      "coordinator", "manager", "officer", "founder", "owner", "inspector", "chief",
      "deputy", "king", "queen", "emir", "sultan", "pope", "patriarch", "mufti",
      "commander", "executive", "president-elect", "principal", "administrator",
      "auditor", "vice-rector", "vice-minister", "head-doctor", "physician"};
  return Contains(kHeads, NoDot(word));
}

bool IsWeakTitleHead(std::string_view word) {
  static const WordSet kWeak = {"doctor", "physician", "officer", "manager", "inspector", "coordinator",
                                "representative", "executive", "chief", "owner", "founder",
                                "leader", "aide", "adviser", "advisor"};
  return Contains(kWeak, NoDot(word));
}

bool IsTitleModifier(std::string_view word) {
  static const WordSet kModifiers = {
      // rank and tenure
      "prime", "deputy", "vice", "first", "acting", "former", "chief", "senior", "executive",
      "general", "state", "press", "assistant", "associate", "permanent", "special",
      "managing", "interim", "new", "outgoing", "incoming", "main", "lead", "head",
      "regional", "national", "city", "district", "local", "federal", "municipal",
      "sanitary", "medical", "presidential", "official",
      // portfolios
      "health", "healthcare", "foreign", "finance", "financial", "education", "defence",
      "defense", "justice", "energy", "agriculture", "economy", "economic", "labour",
      "labor", "transport", "culture", "sports", "sport", "interior", "trade", "industry",
      "information", "digital", "science", "ecology", "environment", "emergency",
      "emergencies", "internal", "social", "family", "tourism", "public", "chief-executive"};
  return Contains(kModifiers, NoDot(word));
}

bool IsOrgNoun(std::string_view word) {
  static const WordSet kOrgNouns = {
      "ministry", "department", "office", "agency", "committee", "administration",
      "institute", "centre", "center", "hospital", "clinic", "university", "college",
      "academy", "company", "corporation", "bank", "fund", "foundation", "council",
      "commission", "service", "services", "party", "association", "union", "organization",
      "organisation", "authority", "board", "bureau", "directorate", "inspectorate",
      "group", "holding", "court", "parliament", "senate", "government",
      "akimat", "school", "laboratory", "society", "federation", "chamber", "programme",
      "program", "team", "club", "network", "assembly", "mission", "secretariat",
      "division", "unit", "branch", "station", "forces", "army", "police", "embassy",
      "consulate", "museum", "theatre", "library", "firm", "enterprise", "cabinet",
      "dispensary", "polyclinic", "centres", "centers", "ministries", "departments",
      "maternity", "hospice", "sanatorium", "pharmacy", "laboratories", "faculty"};
  return Contains(kOrgNouns, word);
}

bool IsHonorific(std::string_view word) {
  static const WordSet kHonorifics = {"dr", "mr", "mrs", "ms", "prof", "sir", "dame",
                                      "madam", "mx", "messrs"};
  return Contains(kHonorifics, NoDot(word));
}

bool IsSpeechVerb(std::string_view word) {
  static const WordSet kVerbs = {
      "said", "says", "say", "noted", "notes", "emphasized", "emphasised", "emphasizes",
      "emphasises", "stressed", "stresses", "added", "adds", "told", "tells", "explained",
      "explains", "stated", "states", "remarked", "underlined", "underscored",
      "continued", "concluded", "asked", "asks", "replied", "answered", "warned", "warns",
      "announced", "declared", "insisted", "argued", "argues", "wrote", "writes",
      "commented", "recalled", "acknowledged", "admitted", "urged", "assured", "reported",
      "observed", "pointed", "believes", "believed", "suggested", "claimed", "claims",
      "affirmed", "confirmed", "highlighted", "reiterated", "complained", "promised",
      "predicted", "cautioned", "responded", "quipped", "joked", "mentioned", "recounted",
      "summed", "shared", "specified", "clarified", "reminded", "thinks", "thought"};
  return Contains(kVerbs, word);
}

bool IsDeterminer(std::string_view word) {
  static const WordSet kDeterminers = {"the", "a", "an", "its", "his", "her", "their",
                                       "our", "this", "that", "these", "those", "your",
                                       "my"};
  return Contains(kDeterminers, word);
}

bool IsCalendarWord(std::string_view word) {
  static const WordSet kCalendar = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
      "january", "february", "march", "april", "may", "june", "july", "august",
      "september", "october", "november", "december", "today", "yesterday", "tomorrow"};
  return Contains(kCalendar, word);
}

Gender PronounGender(std::string_view word, bool* is_pronoun) {
  static const WordSet kMale = {"he", "him", "his", "himself"};
  static const WordSet kFemale = {"she", "her", "hers", "herself"};
  static const WordSet kNeutral = {"they", "them"};
  *is_pronoun = true;
  if (Contains(kMale, word)) return Gender::kMale;
  if (Contains(kFemale, word)) return Gender::kFemale;
  if (!Contains(kNeutral, word)) *is_pronoun = false;
  return Gender::kUnknown;
}

Gender NameGender(std::string_view full_name) {
  std::vector<std::string> words = NameWords(full_name);
  if (words.empty()) return Gender::kUnknown;
  std::string last = NormalizeTerm(words.back());
  for (std::string_view suffix : {"ova", "eva", "yova", "ina", "kyzy", "qyzy", "skaya", "aya"}) {
    if (EndsWith(last, suffix)) return Gender::kFemale;
  }
  for (std::string_view suffix : {"ov", "ev", "yov", "in", "uly", "uli", "sky", "skiy", "ski"}) {
    if (EndsWith(last, suffix)) return Gender::kMale;
  }
  return Gender::kUnknown;
}

std::string NormalizeTitle(std::string_view title) {
  std::vector<std::string> words;
  for (absl::string_view raw :
       absl::StrSplit(absl::string_view(title.data(), title.size()),
                      absl::ByAnyChar(" \t\n,."), absl::SkipWhitespace())) {
    std::string w = NormalizeTerm(std::string_view(raw.data(), raw.size()));
    if (w == "the" || w == "a" || w == "an" || w == "new") continue;
    if (w == "spokesman" || w == "spokeswoman") w = "spokesperson";
    if (w == "chairman" || w == "chairwoman" || w == "chair") w = "chairperson";
    if (w == "healthcare") w = "health";
    if (w == "advisor") w = "adviser";
    if (w == "ceo") {
      words.insert(words.end(), {"chief", "executive", "officer"});
      continue;
    }
    if (w == "premier") {
      words.insert(words.end(), {"prime", "minister"});
      continue;
    }
    words.push_back(std::move(w));
  }
  // "health care" -> "health"
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] == "health" && words[i + 1] == "care") words.erase(words.begin() + i + 1);
  }
  // Move portfolio adjectives after the head: "deputy health minister" ->
  // "deputy minister of health". Rank words stay in front.
  static const WordSet kRank = {"prime", "deputy", "vice", "first", "acting", "former",
                                "chief", "senior", "state", "assistant", "permanent",
                                "executive", "general", "outgoing", "incoming", "interim"};
  for (size_t h = 0; h < words.size(); ++h) {
    if (words[h] != "minister" && words[h] != "secretary" && words[h] != "commissioner") continue;
    if (h + 1 < words.size()) break;  // already "minister of ..."
    std::vector<std::string> rank, portfolio;
    for (size_t i = 0; i < h; ++i) {
      (Contains(kRank, words[i]) ? rank : portfolio).push_back(words[i]);
    }
    if (portfolio.empty()) break;
    if (portfolio.size() == 1 && (portfolio[0] == "foreign" || portfolio[0] == "internal" ||
                                  portfolio[0] == "interior")) {
      portfolio = {portfolio[0] == "foreign" ? "foreign" : "internal", "affairs"};
    }
    std::vector<std::string> rebuilt = rank;
    rebuilt.push_back(words[h]);
    rebuilt.push_back("of");
    rebuilt.insert(rebuilt.end(), portfolio.begin(), portfolio.end());
    words = std::move(rebuilt);
    break;
  }
  return absl::StrJoin(words, " ");
}

bool TitleCompatible(std::string_view bare, std::string_view held) {
  auto canonical_office = [](std::string_view t) -> std::string {
    if (t == "head of state") return "president";
    return std::string(t);
  };
  std::string b = canonical_office(bare);
  std::string h = canonical_office(held);
  if (b.empty() || h.empty()) return false;
  if (b == h) return true;
  std::set<std::string> held_words;
  for (absl::string_view w : absl::StrSplit(h, ' ')) held_words.emplace(w);
  for (absl::string_view w : absl::StrSplit(b, ' ')) {
    if (w == "of") continue;
    if (held_words.count(std::string(w)) == 0) return false;
  }
  // "the minister" must not match "prime minister": a rank word in the held
  // title that the bare title lacks changes the office.
  for (std::string_view rank : {"prime", "deputy", "vice"}) {
    if (held_words.count(std::string(rank)) > 0 && b.find(rank) == std::string::npos) return false;
  }
  return true;
}

}  // namespace knowledge
}  // namespace newsgraph
