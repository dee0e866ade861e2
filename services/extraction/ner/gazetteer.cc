#include "services/extraction/ner/gazetteer.h"

#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/encoding/coding.h"
#include "services/extraction/ner/hashing.h"
#include "services/extraction/ner/word_form.h"

namespace newsgraph::ner {
namespace {

// Debian's Abseil has its own string_view type.
absl::string_view AV(std::string_view s) { return {s.data(), s.size()}; }
std::string_view SV(absl::string_view s) { return {s.data(), s.size()}; }

std::vector<std::string_view> Split(std::string_view s, char sep,
                                    bool skip_empty) {
  std::vector<std::string_view> out;
  for (absl::string_view part : absl::StrSplit(AV(s), sep)) {
    if (skip_empty && part.empty()) continue;
    out.push_back(SV(part));
  }
  return out;
}

std::vector<std::string_view> PhraseTokens(std::string_view phrase) {
  return Split(phrase, ' ', true);
}

// Continents and common world-region names (geography, not tied to any text).
constexpr const char* kRegions[] = {
    "Africa",        "Asia",          "Europe",         "North America",
    "South America", "Latin America", "Central Asia",   "Middle East",
    "Oceania",       "Antarctica",    "Eurasia",        "Caucasus",
    "Central America", "Southeast Asia", "East Asia",   "South Asia",
    "Western Europe", "Eastern Europe", "Central Europe", "Scandinavia",
    "Balkans",       "Siberia",       "Caribbean",      "Arctic",
    "Mediterranean", "Pacific",       "Atlantic",       "Persian Gulf",
    "Gulf",          "Sahara",        "Far East",       "Baltic",
};

}  // namespace

uint64_t PhraseHash(const uint64_t* lower_hashes, size_t n) {
  uint64_t h = 0x51ed270b27f1a3c5ULL;
  for (size_t i = 0; i < n; ++i) h = Mix(h, lower_hashes[i]);
  return h;
}

void Gazetteer::Add(std::string_view phrase, uint8_t types) {
  AddPhrase(phrase, types);
}

uint64_t Gazetteer::AddPhrase(std::string_view phrase, uint8_t types) {
  const std::vector<std::string_view> tokens = PhraseTokens(phrase);
  if (tokens.empty() || tokens.size() > kMaxPhraseTokens || types == 0) return 0;
  std::string key;
  uint64_t hashes[kMaxPhraseTokens];
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string lower = LowerForm(tokens[i]);
    hashes[i] = HashBytes(lower);
    if (i > 0) key.push_back(' ');
    key += lower;
  }
  const uint64_t key_hash = PhraseHash(hashes, tokens.size());
  auto it = entry_index_.find(key);
  if (it == entry_index_.end()) {
    entry_index_.emplace(key, entries_.size());
    entries_.emplace_back(key, types);
    entry_hashes_.push_back(key_hash);
  } else {
    entries_[it->second].second |= types;
    types = entries_[it->second].second;
  }
  by_hash_[key_hash] = types;
  const bool acronym =
      tokens.size() == 1 && (WordFlags(tokens[0]) & kFlagAllCaps) != 0;
  auto acr = acronym_only_.find(key_hash);
  if (acr == acronym_only_.end()) {
    acronym_only_[key_hash] = acronym;
  } else if (!acronym) {
    acr->second = false;
  }
  max_tokens_ = std::max<int>(max_tokens_, tokens.size());
  return key_hash;
}

uint8_t Gazetteer::Lookup(std::string_view phrase) const {
  const std::vector<std::string_view> tokens = PhraseTokens(phrase);
  if (tokens.empty() || tokens.size() > kMaxPhraseTokens) return 0;
  uint64_t hashes[kMaxPhraseTokens];
  for (size_t i = 0; i < tokens.size(); ++i) {
    hashes[i] = HashBytes(LowerForm(tokens[i]));
  }
  auto it = by_hash_.find(PhraseHash(hashes, tokens.size()));
  return it == by_hash_.end() ? 0 : it->second;
}

void Gazetteer::Match(const uint64_t* lower_hashes, const uint8_t* token_flags,
                      size_t n, uint8_t* types, uint8_t* positions) const {
  for (size_t i = 0; i < n; ++i) {
    types[i] = 0;
    positions[i] = kGazNone;
  }
  for (size_t i = 0; i < n;) {
    if (!(token_flags[i] & kGazTokenCanStart)) {
      ++i;
      continue;
    }
    size_t best_len = 0;
    uint8_t best_types = 0;
    uint64_t h = 0x51ed270b27f1a3c5ULL;
    const size_t limit = std::min<size_t>(max_tokens_, n - i);
    for (size_t len = 1; len <= limit; ++len) {
      h = Mix(h, lower_hashes[i + len - 1]);
      auto it = by_hash_.find(h);
      if (it != by_hash_.end()) {
        if (len == 1 && !(token_flags[i] & kGazTokenAllCaps)) {
          auto acr = acronym_only_.find(h);
          if (acr != acronym_only_.end() && acr->second) continue;
        }
        best_len = len;
        best_types = it->second;
      }
    }
    if (best_len == 0) {
      ++i;
      continue;
    }
    for (size_t k = 0; k < best_len; ++k) {
      types[i + k] = best_types;
      positions[i + k] = best_len == 1        ? kGazUnit
                         : k == 0             ? kGazBegin
                         : k + 1 == best_len ? kGazLast
                                              : kGazInside;
    }
    i += best_len;
  }
}

void Gazetteer::Encode(std::string* out) const {
  Encoder enc(out);
  enc.PutVarint64(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) {
    enc.PutString(entries_[i].first);
    auto acr = acronym_only_.find(entry_hashes_[i]);
    const bool acronym = acr != acronym_only_.end() && acr->second;
    enc.PutVarint32(entries_[i].second | (acronym ? 0x100u : 0u));
  }
}

absl::StatusOr<Gazetteer> Gazetteer::Decode(std::string_view* in) {
  Decoder dec(*in);
  uint64_t count = 0;
  if (!dec.GetVarint64(&count) || count > (1u << 24)) {
    return absl::DataLossError("gazetteer: bad entry count");
  }
  Gazetteer gaz;
  gaz.entries_.reserve(count);
  std::string_view phrase;
  uint32_t types = 0;
  for (uint64_t i = 0; i < count; ++i) {
    if (!dec.GetStringView(&phrase) || !dec.GetVarint32(&types)) {
      return absl::DataLossError(
          absl::StrCat("gazetteer: truncated at entry ", i));
    }
    const uint64_t h = gaz.AddPhrase(phrase, static_cast<uint8_t>(types));
    if (h != 0) gaz.acronym_only_[h] = (types & 0x100) != 0;
  }
  in->remove_prefix(in->size() - dec.remaining());
  return gaz;
}

absl::StatusOr<Gazetteer> BuildGazetteerFromTsv(
    const std::string& dir, const GazetteerOptions& options) {
  Gazetteer gaz;
  for (const char* region : kRegions) gaz.Add(region, kGazRegion);

  const std::string countries_path = dir + "/countries.tsv";
  std::ifstream countries(countries_path);
  if (!countries) {
    return absl::NotFoundError(absl::StrCat("cannot open ", countries_path));
  }
  std::string line;
  std::getline(countries, line);  // header
  // iso2 iso3 name official_name capital demonym native_names aliases continent
  while (std::getline(countries, line)) {
    std::vector<std::string_view> cols = Split(line, '\t', false);
    if (cols.size() < 9) continue;
    gaz.Add(cols[2], kGazCountry);
    gaz.Add(cols[3], kGazCountry);
    for (std::string_view alias : Split(cols[7], '|', true)) {
      // Two-letter aliases ("KZ", "US") collide with words; keep longer ones.
      if (alias.size() > 2) gaz.Add(alias, kGazCountry);
    }
    for (std::string_view native : Split(cols[6], '|', true)) {
      if (native.size() > 2) gaz.Add(native, kGazCountry);
    }
    for (std::string_view capital : Split(cols[4], '|', true)) {
      gaz.Add(capital, kGazCapital);
    }
    for (std::string_view demonym : Split(cols[5], '|', true)) {
      gaz.Add(demonym, kGazDemonym);
    }
  }

  const std::string cities_path = dir + "/cities.tsv";
  std::ifstream cities(cities_path);
  if (!cities) {
    return absl::NotFoundError(absl::StrCat("cannot open ", cities_path));
  }
  std::getline(cities, line);  // header
  // geonameid name asciiname country_code admin1_code feature_code population
  // alternate_names
  while (std::getline(cities, line)) {
    std::vector<std::string_view> cols = Split(line, '\t', false);
    if (cols.size() < 8) continue;
    int64_t population = 0;
    if (!absl::SimpleAtoi(AV(cols[6]), &population)) continue;
    const bool kazakhstan = cols[3] == "KZ";
    uint8_t types = 0;
    if (population >= options.city_population) types |= kGazCity;
    if (population >= options.major_city_population) types |= kGazCityMajor;
    // Every Kazakhstan place also counts as a city: the Kazakhstan bit alone
    // rarely fires in the training corpora, so it would learn little weight.
    if (kazakhstan) types |= kGazKazakhstan | kGazCity;
    if (cols[5] == "PPLC") types |= kGazCapital;
    if (types == 0) continue;
    gaz.Add(cols[1], types);
    gaz.Add(cols[2], types);
    if (kazakhstan || population >= options.alternate_names_population) {
      for (std::string_view alt : Split(cols[7], '|', true)) {
        gaz.Add(alt, types);
      }
    }
  }
  return gaz;
}

}  // namespace newsgraph::ner
