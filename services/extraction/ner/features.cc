#include "services/extraction/ner/features.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/encoding/coding.h"
#include "services/extraction/ner/hashing.h"

namespace newsgraph::ner {
namespace {

// Feature templates. The numeric values are part of the model format.
enum Template : uint64_t {
  kBias = 1,
  kWord,
  kLower,
  kShape,
  kShortShape,
  kPrefix,
  kSuffix,
  kPrevLower,
  kNextLower,
  kPrev2Lower,
  kNext2Lower,
  kPrevCurLower,
  kCurNextLower,
  kPrevShortShape,
  kNextShortShape,
  kShapeTrigram,
  kFlagsPosition,
  kCaseClass,
  kGaz,
  kGazAny,
  kGazPrev,
  kGazNext,
  kTitleBefore,
  kOrgHeadSelf,
  kOrgHeadAhead,
  kOrgHeadBehind,
  kLocHeadAhead,
  kSurname,
  kLengthCap,
  kPrevLowerCurShape,
  kNextLowerCurShape,
  kHeadline,
  kPrevCaseClass,
  kNextCaseClass,
  kGazCase,
  kPrevBigram,
  kNextBigram,
  kAcronymInParens,
  kBeforeParenAcronym,
  kShapeBigram,
  kShapeWide,
  kLowerCap,
  kLowerWide,
  kNeighbourSuffix,
  kCluster,
  kClusterPrev,
  kClusterNext,
  kNameBitTemplate,
  kNameMask,
  kNameMaskPrev,
  kNameMaskNext,
  kNumTemplates,
};

constexpr const char* kTemplateNames[] = {
    "",
    "bias",
    "word",
    "lower",
    "shape",
    "sshape",
    "prefix",
    "suffix",
    "lower-1",
    "lower+1",
    "lower-2",
    "lower+2",
    "lower-1|0",
    "lower0|+1",
    "sshape-1",
    "sshape+1",
    "sshape-1|0|+1",
    "flags",
    "case",
    "gaz",
    "gaz_any",
    "gaz-1",
    "gaz+1",
    "title_before",
    "org_head",
    "org_head_ahead",
    "org_head_behind",
    "loc_head_ahead",
    "surname_suffix",
    "len|cap",
    "lower-1|sshape0",
    "lower+1|sshape0",
    "headline",
    "case-1",
    "case+1",
    "gaz|case",
    "lower-2|-1",
    "lower+1|+2",
    "acronym_in_parens",
    "before_paren_acronym",
    "sshape_bigram",
    "sshape_wide",
    "lower|cap",
    "lower_wide",
    "suffix3_nb",
    "cluster",
    "cluster-1",
    "cluster+1",
    "name_bit",
    "name_mask",
    "name_mask-1",
    "name_mask+1",
};
static_assert(sizeof(kTemplateNames) / sizeof(kTemplateNames[0]) ==
              kNumTemplates);

// In a sentence written in capitals (a headline, a dateline) shape and
// case say nothing, and capitalization-conditioned features fire on every
// word: such features get their own weights there (the template id OR-ed
// with this bit), so that learning capitals does not blur what a capital
// means in running text. The features of the word's letters and of its
// neighbours' words are shared by both.
constexpr uint64_t kCapitalsSentenceBit = 0x100;
constexpr uint64_t kSharedWithCapitals =
    (1ull << kLower) | (1ull << kPrefix) | (1ull << kSuffix) | (1ull << kPrevLower) |
    (1ull << kNextLower) | (1ull << kPrev2Lower) | (1ull << kNext2Lower) |
    (1ull << kPrevCurLower) | (1ull << kCurNextLower) | (1ull << kPrevBigram) |
    (1ull << kNextBigram) | (1ull << kLowerWide) | (1ull << kNeighbourSuffix) | (1ull << kGaz) |
    (1ull << kGazAny) | (1ull << kGazPrev) | (1ull << kGazNext) | (1ull << kCluster) |
    (1ull << kClusterPrev) | (1ull << kClusterNext);
static_assert(kNumTemplates <= 64);

constexpr uint64_t kBosHash = 0x2545f4914f6cdd1dULL;
constexpr uint64_t kEosHash = 0x9e6c63d0676a9a99ULL;

// Words that introduce a person's name ("Health Minister Dana Serikova").
constexpr const char* kTitleWords[] = {
    "minister", "president", "prime", "governor", "akim", "head", "director",
    "spokesperson", "spokesman", "spokeswoman", "chairman", "chairwoman",
    "chair", "secretary", "deputy", "mr", "mrs", "ms", "miss", "dr",
    "prof", "professor", "senator", "sen", "rep", "representative", "mayor",
    "general", "gen", "colonel", "col", "lt", "sgt", "capt", "captain",
    "ambassador", "king", "queen", "prince", "princess", "pope", "ceo",
    "chief", "judge", "justice", "commissioner", "manager", "founder",
    "rector", "chancellor", "coach", "leader", "officer", "doctor", "dean",
    "sheikh", "emir", "sultan", "lord", "sir", "dame", "father", "rev",
    "reverend", "bishop", "cardinal", "vice", "vice-president", "vice-minister",
    "chairperson", "inspector", "advisor", "adviser", "envoy", "lawmaker",
    "deputies", "mp", "st", "saint", "gov", "premier", "economist",
    "analyst", "spokesmen", "correspondent", "journalist", "author",
    "actor", "actress", "singer", "player", "striker", "midfielder",
};

// Capitalized words that end (or head) organization names.
constexpr const char* kOrgHeads[] = {
    "ministry", "council", "center", "centre", "university", "fund",
    "commission", "hospital", "agency", "committee", "institute", "bank",
    "company", "corporation", "corp", "inc", "ltd", "llc", "plc", "group",
    "association", "organization", "organisation", "foundation",
    "department", "office", "party", "union", "court", "parliament",
    "assembly", "senate", "academy", "college", "school", "service",
    "authority", "board", "bureau", "clinic", "society", "federation",
    "club", "network", "airlines", "airways", "press", "administration",
    "akimat", "mazhilis", "forces", "army", "police", "polyclinic",
    "museum", "library", "team", "church", "congress", "cabinet",
    "government", "holding", "holdings", "industries", "partners",
    "alliance", "coalition", "movement", "front", "league", "exchange",
    "laboratory", "lab", "labs", "systems", "technologies", "motors",
    "media", "television", "tv", "radio", "times", "post", "journal",
    "news", "agency", "trust", "co", "gmbh", "ag", "sa", "jsc", "llp",
    "nations", "secretariat", "directorate", "inspectorate", "prosecutor",
    "chamber", "guard", "navy", "command", "station", "program",
    "programme", "project", "initiative", "consortium", "cooperative",
    "dispensary", "sanatorium", "maternity", "ministries", "hospice",
};

// Words that follow a place name ("Turkestan region", "Ili River").
constexpr const char* kLocHeads[] = {
    "region", "city", "oblast", "district", "river", "lake", "mountains",
    "mountain", "street", "avenue", "island", "islands", "province",
    "county", "valley", "sea", "ocean", "bay", "village", "town", "state",
    "square", "peninsula", "desert", "mount", "gulf", "strait", "canal",
    "airport", "highway", "road", "park", "territory", "republic",
};

constexpr const char* kConnectors[] = {"of", "and", "for", "the", "&",
                                       "de", "on", "in", "du", "des"};

// Transliterated surname endings, longest first within a family.
constexpr const char* kSurnameSuffixes[] = {
    "bayeva", "bayev", "bayuly", "bekova", "bekov", "baeva", "baev",
    "kyzy", "qyzy", "uly", "uly", "ovna", "evna", "ovich", "evich",
    "enko", "yeva", "yev", "ova", "eva", "ov", "ev", "ina", "in",
    "skaya", "skiy", "sky", "ski", "shvili", "dze", "yan", "ian",
};

using HashSet = absl::flat_hash_set<uint64_t>;

HashSet MakeSet(const char* const* words, size_t n) {
  HashSet set;
  for (size_t i = 0; i < n; ++i) set.insert(HashBytes(words[i]));
  return set;
}

const HashSet& TitleSet() {
  static const HashSet* set =
      new HashSet(MakeSet(kTitleWords, std::size(kTitleWords)));
  return *set;
}
const HashSet& OrgHeadSet() {
  static const HashSet* set =
      new HashSet(MakeSet(kOrgHeads, std::size(kOrgHeads)));
  return *set;
}
const HashSet& LocHeadSet() {
  static const HashSet* set =
      new HashSet(MakeSet(kLocHeads, std::size(kLocHeads)));
  return *set;
}
const HashSet& ConnectorSet() {
  static const HashSet* set =
      new HashSet(MakeSet(kConnectors, std::size(kConnectors)));
  return *set;
}

// Hash of the last three bytes of a token's lower form (BOS when null).
uint64_t Suffix3Hash(const TokenInfo* u) {
  if (u == nullptr) return kBosHash;
  const std::string_view lv = u->lower_view();
  return HashBytes(lv.size() > 3 ? lv.substr(lv.size() - 3) : lv);
}

// Cluster path prefix lengths used as features.
constexpr int kClusterPrefixes[] = {4, 8, 12, 16};
constexpr int kNeighbourClusterBits = 8;

// Feature value of a path's first `k` bits; 0 for a word without a path
// (1 is reserved for the sentence boundary).
uint64_t ClusterValue(const ClusterPath& path, int k) {
  if (path.len == 0) return 0;
  const int used = std::min<int>(k, path.len);
  return (uint64_t{path.Prefix(k)} << 8 | static_cast<uint64_t>(used)) + 2;
}

inline bool Capitalized(const TokenInfo& t) {
  return (t.flags & (kFlagInitCap | kFlagAllCaps)) != 0;
}

// Appends table rows.
class RowSink {
 public:
  RowSink(uint32_t mask, std::vector<uint32_t>* rows)
      : mask_(mask), rows_(rows) {}
  void Add(uint64_t tmpl, uint64_t value, std::string_view = {},
           std::string_view = {}) {
    rows_->push_back(FeatureBucket(Mix(tmpl, value), mask_));
  }
  void EndToken() {}

 private:
  uint32_t mask_;
  std::vector<uint32_t>* rows_;
};

// Records readable feature names.
class DescribeSink {
 public:
  void Add(uint64_t tmpl, uint64_t value, std::string_view a = {},
           std::string_view b = {}) {
    std::string name = kTemplateNames[tmpl & ~kCapitalsSentenceBit];
    if (tmpl & kCapitalsSentenceBit) name.append("^caps");
    if (!a.empty() || !b.empty()) {
      name.append("=").append(a);
      if (!b.empty()) name.append("|").append(b);
    } else if ((tmpl & ~kCapitalsSentenceBit) != kBias) {
      absl::StrAppend(&name, "=", value);
    }
    current_.push_back(std::move(name));
  }
  void EndToken() {
    out.push_back(std::move(current_));
    current_.clear();
  }
  std::vector<std::vector<std::string>> out;

 private:
  std::vector<std::string> current_;
};

// Passes features on, with kCapitalsSentenceBit on the templates that are
// not shared with running text when the sentence is in capitals.
template <typename Sink>
class CapitalsSentenceSink {
 public:
  explicit CapitalsSentenceSink(Sink& inner) : inner_(inner) {}
  void set_capitals(bool capitals) { capitals_ = capitals; }
  void Add(uint64_t tmpl, uint64_t value, std::string_view a = {}, std::string_view b = {}) {
    if (capitals_ && !((kSharedWithCapitals >> tmpl) & 1)) tmpl |= kCapitalsSentenceBit;
    inner_.Add(tmpl, value, a, b);
  }
  void EndToken() { inner_.EndToken(); }

 private:
  Sink& inner_;
  bool capitals_ = false;
};

}  // namespace

bool IsTitleWord(std::string_view lower) {
  if (lower.size() > 1 && lower.back() == '.') lower.remove_suffix(1);
  return TitleSet().contains(HashBytes(lower));
}

bool IsOrgHeadWord(std::string_view lower) {
  if (lower.size() > 1 && lower.back() == '.') lower.remove_suffix(1);
  return OrgHeadSet().contains(HashBytes(lower));
}

bool IsNameConnector(std::string_view lower) {
  return ConnectorSet().contains(HashBytes(lower));
}

bool SurnameSuffix(std::string_view lower, std::string_view* suffix) {
  for (const char* s : kSurnameSuffixes) {
    const std::string_view sv(s);
    // Require a stem of at least three bytes before the ending.
    if (lower.size() >= sv.size() + 3 &&
        lower.substr(lower.size() - sv.size()) == sv) {
      *suffix = sv;
      return true;
    }
  }
  return false;
}

void CaseLexicon::Observe(std::string_view token) {
  const uint32_t flags = WordFlags(token);
  if (flags & (kFlagPunct | kFlagHasDigit)) return;
  char lower[kMaxLowerBytes];
  const uint64_t h = HashBytes(std::string_view(lower, LowerForm(token, lower)));
  Counts& c = counts_[h];
  if (flags & kFlagAllLower) {
    ++c.lower;
  } else if (flags & (kFlagInitCap | kFlagAllCaps)) {
    ++c.capitalized;
  }
}

void CaseLexicon::Finalize(int min_count) {
  for (const auto& [h, c] : counts_) {
    const uint32_t total = c.lower + c.capitalized;
    if (total < static_cast<uint32_t>(min_count)) continue;
    CaseClass cls = CaseClass::kMixed;
    if (c.lower * 10 >= total * 8) {
      cls = CaseClass::kMostlyLower;
    } else if (c.capitalized * 10 >= total * 8) {
      cls = CaseClass::kMostlyCapitalized;
    }
    classes_[h] = static_cast<uint8_t>(cls);
  }
  counts_.clear();
}

CaseClass CaseLexicon::Lookup(uint64_t lower_hash) const {
  auto it = classes_.find(lower_hash);
  return it == classes_.end() ? CaseClass::kUnknown
                              : static_cast<CaseClass>(it->second);
}

void CaseLexicon::AddNameBits(std::string_view token, uint8_t bits) {
  char lower[kMaxLowerBytes];
  name_bits_[HashBytes(std::string_view(lower, LowerForm(token, lower)))] |= bits;
}

void CaseLexicon::PruneNameBits() {
  for (auto it = name_bits_.begin(); it != name_bits_.end();) {
    if (it->second == kNameLowerCase) {
      name_bits_.erase(it++);
    } else {
      ++it;
    }
  }
}

uint8_t CaseLexicon::NameBits(uint64_t lower_hash) const {
  if (name_bits_.empty()) return 0;
  auto it = name_bits_.find(lower_hash);
  return it == name_bits_.end() ? 0 : it->second;
}

namespace {

// A hash -> byte table: entry count, then sorted (fixed64 hash, byte).
void EncodeByteTable(const absl::flat_hash_map<uint64_t, uint8_t>& table, std::string* out) {
  std::vector<std::pair<uint64_t, uint8_t>> sorted(table.begin(), table.end());
  std::sort(sorted.begin(), sorted.end());
  Encoder enc(out);
  enc.PutVarint64(sorted.size());
  for (const auto& [h, value] : sorted) {
    enc.PutFixed64(h);
    out->push_back(static_cast<char>(value));
  }
}

// Reads a table written by EncodeByteTable; values must be <= max_value.
absl::Status DecodeByteTable(std::string_view* in, uint8_t max_value, const char* what,
                             absl::flat_hash_map<uint64_t, uint8_t>* table) {
  Decoder dec(*in);
  uint64_t count = 0;
  if (!dec.GetVarint64(&count) || count > dec.remaining() / 9) {
    return absl::DataLossError(absl::StrCat(what, ": bad entry count"));
  }
  table->reserve(count);
  std::string_view rest = *in;
  rest.remove_prefix(rest.size() - dec.remaining());
  for (uint64_t i = 0; i < count; ++i) {
    Decoder entry(rest.substr(0, 8));
    uint64_t h = 0;
    entry.GetFixed64(&h);
    const uint8_t value = static_cast<uint8_t>(rest[8]);
    if (value > max_value) return absl::DataLossError(absl::StrCat(what, ": bad value"));
    (*table)[h] = value;
    rest.remove_prefix(9);
  }
  *in = rest;
  return absl::OkStatus();
}

}  // namespace

void CaseLexicon::Encode(std::string* out) const {
  EncodeByteTable(classes_, out);
  EncodeByteTable(name_bits_, out);
}

absl::StatusOr<CaseLexicon> CaseLexicon::Decode(std::string_view* in) {
  CaseLexicon lex;
  absl::Status s = DecodeByteTable(in, 3, "case lexicon", &lex.classes_);
  if (!s.ok()) return s;
  s = DecodeByteTable(in, (1u << kNumNameBits) - 1, "name lexicon", &lex.name_bits_);
  if (!s.ok()) return s;
  return lex;
}

FeatureExtractor::FeatureExtractor(const Gazetteer* gazetteer, const CaseLexicon* lexicon,
                                   const WordClusters* clusters, int table_bits)
    : gazetteer_(gazetteer),
      lexicon_(lexicon),
      clusters_(clusters != nullptr && !clusters->empty() ? clusters : nullptr),
      table_bits_(table_bits),
      mask_((1u << table_bits) - 1) {}

template <typename Sink>
void FeatureExtractor::Run(const std::vector<std::string_view>& tokens,
                           std::vector<TokenInfo>* infos_out,
                           std::vector<uint64_t>* lower_hashes,
                           std::vector<uint8_t>* can_start,
                           Sink& out_sink) const {
  CapitalsSentenceSink<Sink> sink(out_sink);
  const size_t n = tokens.size();
  infos_out->resize(n);
  lower_hashes->resize(n);
  can_start->resize(n);
  TokenInfo* infos = infos_out->data();
  const HashSet& titles = TitleSet();
  const HashSet& org_heads = OrgHeadSet();
  const HashSet& loc_heads = LocHeadSet();
  const HashSet& connectors = ConnectorSet();
  int wordlike = 0;
  int capitalized = 0;
  int all_caps = 0;
  for (size_t i = 0; i < n; ++i) {
    TokenInfo& t = infos[i];
    const std::string_view tok = tokens[i];
    t.lower_len = static_cast<uint8_t>(LowerForm(tok, t.lower));
    t.lower_hash = HashBytes(t.lower_view());
    t.word_hash = HashBytes(tok);
    size_t short_len = 0;
    t.shape_len =
        static_cast<uint8_t>(WordShape(tok, t.shape, t.short_shape, &short_len));
    t.short_shape_len = static_cast<uint8_t>(short_len);
    t.shape_hash = HashBytes(t.shape_view());
    t.short_shape_hash = HashBytes(t.short_shape_view());
    t.flags = WordFlags(tok);
    t.case_class = static_cast<uint8_t>(lexicon_->Lookup(t.lower_hash));
    t.name_bits = lexicon_->NameBits(t.lower_hash);
    t.cluster = clusters_ ? clusters_->Lookup(t.word_hash) : ClusterPath{};
    // Titles may be abbreviated with a period ("Gen.", "Dr.").
    std::string_view bare = t.lower_view();
    if (bare.size() > 1 && bare.back() == '.') bare.remove_suffix(1);
    const uint64_t bare_hash =
        bare.size() == t.lower_len ? t.lower_hash : HashBytes(bare);
    t.is_title = titles.contains(bare_hash);
    t.is_org_head = org_heads.contains(bare_hash);
    t.is_loc_head = loc_heads.contains(t.lower_hash);
    t.is_connector = connectors.contains(t.lower_hash);
    (*lower_hashes)[i] = t.lower_hash;
    (*can_start)[i] =
        ((t.flags & (kFlagInitCap | kFlagAllCaps)) ? kGazTokenCanStart : 0) |
        ((t.flags & kFlagAllCaps) ? kGazTokenAllCaps : 0);
    if (t.lower_len >= 4 && !(t.flags & (kFlagPunct | kFlagHasDigit))) {
      ++wordlike;
      if (Capitalized(t)) ++capitalized;
      if (t.flags & kFlagAllCaps) ++all_caps;
    }
  }
  // Scratch arrays for the gazetteer: reuse the TokenInfo fields.
  {
    uint8_t types[256];
    uint8_t positions[256];
    for (size_t start = 0; start < n; start += 256) {
      // Matches do not cross 256-token chunks; sentences are rarely longer.
      const size_t len = std::min<size_t>(256, n - start);
      gazetteer_->Match(lower_hashes->data() + start,
                        can_start->data() + start, len, types, positions);
      for (size_t k = 0; k < len; ++k) {
        infos[start + k].gaz_types = types[k];
        infos[start + k].gaz_position = positions[k];
      }
    }
  }
  // A headline or title-cased line: capitalization says little there.
  // A sentence in capitals ("ASTANA", "MINISTER OPENS CLINIC") is one too,
  // however short.
  const bool capitals = wordlike >= 1 && all_caps * 10 >= wordlike * 8;
  sink.set_capitals(capitals);
  const bool headline = capitals || (wordlike >= 3 && capitalized * 10 >= wordlike * 7);
  // Outside headlines an all-caps word is an acronym, not its lower-case
  // homograph ("WHO" vs. "who", "US" vs. "us"): give it its own lower form.
  if (!headline) {
    for (size_t i = 0; i < n; ++i) {
      if (infos[i].flags & kFlagAllCaps) {
        infos[i].lower_hash = Mix(infos[i].word_hash, 0x41435259ULL);
      }
    }
  }

  // "Name Of Organization ( NOO )": an acronym in parentheses whose letters
  // are the initials of the capitalized words before it marks both the
  // acronym and the words as one name.
  uint8_t acronym_state_buf[256] = {};
  uint8_t before_acronym_buf[256] = {};
  uint8_t* acronym_state = acronym_state_buf;
  uint8_t* before_acronym = before_acronym_buf;
  std::vector<uint8_t> big_a, big_b;
  if (n > 256) {
    big_a.assign(n, 0);
    big_b.assign(n, 0);
    acronym_state = big_a.data();
    before_acronym = big_b.data();
  }
  for (size_t i = 2; i + 1 < n; ++i) {
    if (tokens[i - 1] != "(" || tokens[i + 1] != ")") continue;
    const TokenInfo& a = infos[i];
    if (!(a.flags & (kFlagAllCaps | kFlagMixedCaps))) continue;
    // Upper-case letters of the acronym, in order.
    char letters[16];
    size_t num_letters = 0;
    for (char c : tokens[i]) {
      if (c >= 'A' && c <= 'Z' && num_letters < sizeof(letters)) {
        letters[num_letters++] = c;
      }
    }
    // Initials of the capitalized words before "(", read backwards.
    size_t matched = 0;
    size_t first = i - 1;
    for (size_t j = i - 1; j-- > 0 && matched < num_letters;) {
      const TokenInfo& u = infos[j];
      if (Capitalized(u)) {
        char c = tokens[j][0];
        if (c != letters[num_letters - 1 - matched]) break;
        ++matched;
        first = j;
      } else if (!u.is_connector) {
        break;
      }
    }
    const bool full = num_letters >= 2 && matched == num_letters;
    acronym_state[i] = full ? 2 : 1;
    if (full) {
      for (size_t j = first; j + 1 < i; ++j) {
        before_acronym[j] = j == first ? 1 : 2;
      }
    }
  }

  for (size_t i = 0; i < n; ++i) {
    const TokenInfo& t = infos[i];
    const TokenInfo* prev = i > 0 ? &infos[i - 1] : nullptr;
    const TokenInfo* next = i + 1 < n ? &infos[i + 1] : nullptr;
    const TokenInfo* prev2 = i > 1 ? &infos[i - 2] : nullptr;
    const TokenInfo* next2 = i + 2 < n ? &infos[i + 2] : nullptr;
    const uint64_t prev_lower = prev ? prev->lower_hash : kBosHash;
    const uint64_t next_lower = next ? next->lower_hash : kEosHash;
    const uint64_t prev2_lower = prev2 ? prev2->lower_hash : kBosHash;
    const uint64_t next2_lower = next2 ? next2->lower_hash : kEosHash;
    const uint64_t prev_sshape = prev ? prev->short_shape_hash : kBosHash;
    const uint64_t next_sshape = next ? next->short_shape_hash : kEosHash;
    const std::string_view prev_lv = prev ? prev->lower_view() : "<s>";
    const std::string_view next_lv = next ? next->lower_view() : "</s>";
    const bool cap = Capitalized(t);

    sink.Add(kBias, 0);
    sink.Add(kWord, t.word_hash, tokens[i]);
    sink.Add(kLower, t.lower_hash, t.lower_view());
    sink.Add(kShape, t.shape_hash, t.shape_view());
    sink.Add(kShortShape, t.short_shape_hash, t.short_shape_view());
    if (!(t.flags & kFlagPunct)) {
      const std::string_view lv = t.lower_view();
      for (size_t k = 1; k <= 4 && k < lv.size(); ++k) {
        sink.Add(kPrefix, HashBytes(lv.substr(0, k)), lv.substr(0, k));
        sink.Add(kSuffix, HashBytes(lv.substr(lv.size() - k)),
                 lv.substr(lv.size() - k));
      }
    }
    sink.Add(kPrevLower, prev_lower, prev_lv);
    sink.Add(kNextLower, next_lower, next_lv);
    sink.Add(kPrev2Lower, prev2_lower, prev2 ? prev2->lower_view() : "<s>");
    sink.Add(kNext2Lower, next2_lower, next2 ? next2->lower_view() : "</s>");
    sink.Add(kPrevCurLower, Mix(prev_lower, t.lower_hash), prev_lv,
             t.lower_view());
    sink.Add(kCurNextLower, Mix(t.lower_hash, next_lower), t.lower_view(),
             next_lv);
    sink.Add(kPrevBigram, Mix(prev2_lower, prev_lower));
    sink.Add(kNextBigram, Mix(next_lower, next2_lower));
    sink.Add(kPrevShortShape, prev_sshape,
             prev ? prev->short_shape_view() : "<s>");
    sink.Add(kNextShortShape, next_sshape,
             next ? next->short_shape_view() : "</s>");
    sink.Add(kShapeTrigram,
             Mix(prev_sshape, t.short_shape_hash, next_sshape));
    sink.Add(kFlagsPosition, t.flags | (i == 0 ? 1u << 16 : 0u));
    sink.Add(kCaseClass, t.case_class | ((t.flags & kFlagInitCap) << 4) |
                             (i == 0 ? 1u << 5 : 0u));
    if (prev) sink.Add(kPrevCaseClass, prev->case_class | (Capitalized(*prev) << 4));
    if (next) sink.Add(kNextCaseClass, next->case_class | (Capitalized(*next) << 4));
    if (t.gaz_types != 0) {
      for (int b = 0; b < kNumGazetteerTypes; ++b) {
        if (t.gaz_types & (1u << b)) {
          sink.Add(kGaz, b * 8 + t.gaz_position);
          sink.Add(kGazCase, b * 8 + t.case_class);
        }
      }
      sink.Add(kGazAny, t.gaz_position);
    }
    if (prev && prev->gaz_types != 0) sink.Add(kGazPrev, prev->gaz_types);
    if (next && next->gaz_types != 0) sink.Add(kGazNext, next->gaz_types);
    if (cap) {
      if (prev && prev->is_title) sink.Add(kTitleBefore, 1);
      if (prev2 && prev2->is_title && Capitalized(*prev)) {
        sink.Add(kTitleBefore, 2);
      }
      if (t.is_org_head) sink.Add(kOrgHeadSelf, 1);
      for (size_t j = i + 1; j < n && j <= i + 5; ++j) {
        const TokenInfo& u = infos[j];
        if (Capitalized(u) && u.is_org_head) {
          sink.Add(kOrgHeadAhead, j - i);
          break;
        }
        if (!Capitalized(u) && !u.is_connector) break;
      }
      for (size_t d = 1; d <= 4 && d <= i; ++d) {
        const TokenInfo& u = infos[i - d];
        if (Capitalized(u) && u.is_org_head) {
          sink.Add(kOrgHeadBehind, d);
          break;
        }
        if (!Capitalized(u) && !u.is_connector) break;
      }
      if (next && next->is_loc_head) {
        sink.Add(kLocHeadAhead, 1 | (Capitalized(*next) ? 8 : 0));
      } else if (next2 && next2->is_loc_head && Capitalized(*next)) {
        sink.Add(kLocHeadAhead, 2 | (Capitalized(*next2) ? 8 : 0));
      }
      std::string_view suffix;
      if (SurnameSuffix(t.lower_view(), &suffix)) {
        sink.Add(kSurname, HashBytes(suffix), suffix);
      }
    }
    sink.Add(kLengthCap, std::min<int>(t.lower_len, 12) | (cap ? 16 : 0));
    sink.Add(kPrevLowerCurShape, Mix(prev_lower, t.short_shape_hash), prev_lv,
             t.short_shape_view());
    sink.Add(kNextLowerCurShape, Mix(next_lower, t.short_shape_hash), next_lv,
             t.short_shape_view());
    if (headline) sink.Add(kHeadline, cap ? 1 : 0);
    if (acronym_state[i]) sink.Add(kAcronymInParens, acronym_state[i]);
    if (before_acronym[i]) sink.Add(kBeforeParenAcronym, before_acronym[i]);
    // Wider context: shape bigrams, shapes and words two and three away.
    sink.Add(kShapeBigram, Mix(prev_sshape, t.short_shape_hash));
    sink.Add(kShapeBigram, Mix(t.short_shape_hash, next_sshape, 7));
    sink.Add(kShapeWide, Mix(prev2 ? prev2->short_shape_hash : kBosHash, 1));
    sink.Add(kShapeWide, Mix(next2 ? next2->short_shape_hash : kEosHash, 2));
    sink.Add(kLowerWide, Mix(i > 2 ? infos[i - 3].lower_hash : kBosHash, 1));
    sink.Add(kLowerWide,
             Mix(i + 3 < n ? infos[i + 3].lower_hash : kEosHash, 2));
    // The word with its capitalization and sentence position: "Will" at the
    // start of a sentence vs. "Will" inside one vs. "will".
    sink.Add(kLowerCap, Mix(t.lower_hash, (t.flags & 3) | (i == 0 ? 4 : 0)));
    // Neighbours' endings ("-ed" verbs after a subject, "-ian" adjectives).
    sink.Add(kNeighbourSuffix, Mix(Suffix3Hash(prev), 1));
    sink.Add(kNeighbourSuffix, Mix(Suffix3Hash(next), 2));
    if (clusters_) {
      // Path prefixes at several depths: coarse groups generalize most,
      // fine ones separate first names from surnames and towns.
      if (t.cluster.len > 0) {
        for (int k : kClusterPrefixes) {
          sink.Add(kCluster, ClusterValue(t.cluster, k));
        }
      }
      sink.Add(kClusterPrev, prev ? ClusterValue(prev->cluster, kNeighbourClusterBits) : 1);
      sink.Add(kClusterNext, next ? ClusterValue(next->cluster, kNeighbourClusterBits) : 1);
    }
    // How the word was labelled in (other) training text, with or without
    // a capital here; and the neighbours' labels ("Dana" before a surname).
    if (t.name_bits != 0) {
      const uint32_t here = (cap ? 1u : 0u) | (i == 0 ? 2u : 0u);
      for (int b = 0; b < kNumNameBits; ++b) {
        if ((t.name_bits >> b) & 1) sink.Add(kNameBitTemplate, b * 4 + here);
      }
      sink.Add(kNameMask, uint32_t{t.name_bits} << 2 | here);
    }
    if (cap) {
      if (prev && prev->name_bits != 0) sink.Add(kNameMaskPrev, prev->name_bits);
      if (next && next->name_bits != 0) sink.Add(kNameMaskNext, next->name_bits);
    }
    sink.EndToken();
  }
}

void FeatureExtractor::Extract(const std::vector<std::string_view>& tokens,
                               SentenceFeatures* out) const {
  out->rows.clear();
  out->offsets.clear();
  out->offsets.reserve(tokens.size() + 1);
  RowSink sink(mask_, &out->rows);
  // Offsets are recorded by wrapping EndToken.
  struct OffsetSink {
    RowSink* rows;
    SentenceFeatures* out;
    void Add(uint64_t tmpl, uint64_t value, std::string_view a = {},
             std::string_view b = {}) {
      rows->Add(tmpl, value);
    }
    void EndToken() { out->offsets.push_back(out->rows.size()); }
  } offset_sink{&sink, out};
  out->offsets.push_back(0);
  Run(tokens, &out->tokens, &out->lower_hashes, &out->can_start, offset_sink);
}

std::vector<std::vector<std::string>> FeatureExtractor::Describe(
    const std::vector<std::string_view>& tokens) const {
  std::vector<TokenInfo> infos;
  std::vector<uint64_t> hashes;
  std::vector<uint8_t> can_start;
  DescribeSink sink;
  Run(tokens, &infos, &hashes, &can_start, sink);
  return std::move(sink.out);
}

}  // namespace newsgraph::ner
