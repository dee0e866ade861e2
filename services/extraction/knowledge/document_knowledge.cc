#include "services/extraction/knowledge/document_knowledge.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/text/tokenizer.h"
#include "services/extraction/knowledge/lexicon.h"

namespace newsgraph {
namespace {

using knowledge::Gender;
using knowledge::IsAllCaps;
using knowledge::IsCapitalized;
using knowledge::NameKey;
using knowledge::NameWords;

constexpr std::string_view kLeftDoubleQuote = "\xE2\x80\x9C";   // “
constexpr std::string_view kRightDoubleQuote = "\xE2\x80\x9D";  // ”
constexpr std::string_view kLeftGuillemet = "\xC2\xAB";         // «
constexpr std::string_view kRightGuillemet = "\xC2\xBB";        // »

// Words that never belong to a title or to a capitalized organization
// phrase, even when capitalized at the start of a sentence.
bool IsFunctionWord(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "on", "in", "at", "by", "for", "from", "with", "to", "of", "and", "or", "the", "a", "an",
      "as", "after", "before", "during", "when", "while", "but", "also", "meanwhile",
      "however", "then", "this", "that", "speaking", "according", "is", "was", "are", "were",
      "will", "would", "has", "had", "have", "be", "been", "not", "said", "says", "who",
      "which", "whose", "it", "he", "she", "they", "we", "i", "you", "his", "her", "its",
      "their", "our", "last", "next", "since", "until", "about", "over", "under", "into",
      "than", "there", "here", "all", "some", "many", "more", "most", "other", "such"};
  return kWords.count(w) > 0;
}

bool IsPossessiveToken(std::string_view t) {
  return t == "\xE2\x80\x99s" || t == "'s" || t == "\xE2\x80\x99" || t == "'";
}

struct Cluster {
  EntityType type = EntityType::kUnknown;
  std::string key;
  std::vector<std::string> words;  // PERSON: words of the longest name so far
  std::optional<std::string> alias_canonical;
  std::vector<int> mentions;
  std::vector<std::string> surfaces;
};

// Result of parsing a title phrase over tokens [s, e).
struct TitleParse {
  bool ok = false;
  int title_first = 0;
  int title_end = 0;
  int org_first = -1;  // token span of the organization or place, if any
  int org_end = -1;
  int org_mention = -1;  // mention index when the organization is a mention
  int consumed = 0;      // one past the last token the phrase used
};

// What a speaker cue names.
struct Subject {
  enum class Kind { kNone, kMention, kPronoun, kTitle } kind = Kind::kNone;
  int mention = -1;
  Gender gender = Gender::kUnknown;
  std::string title;  // normalized, for kTitle
  int first = 0;      // token span of the whole cue
  int end = 0;
};

class Analyzer {
 public:
  Analyzer(std::string_view text, const std::vector<Mention>& mentions, const AliasTable& aliases,
           std::string_view headline)
      : text_(text), mentions_(mentions), aliases_(aliases), headline_(headline) {}

  DocumentKnowledge Run() {
    Prepare();
    Cluster();
    BuildEntities();
    FindRoles();
    ResolveAmbiguousByTitle();
    FindQuotes();
    ComputeSalience();
    return std::move(out_);
  }

 private:
  // ---- tokens and mentions ------------------------------------------------
  void Prepare() {
    tokens_ = Tokenize(text_);
    lower_.reserve(tokens_.size());
    for (const Token& t : tokens_) lower_.push_back(NormalizeTerm(t.text(text_)));
    std::vector<Sentence> sentences = SplitSentences(text_, tokens_);
    token_sentence_start_.assign(tokens_.size(), 0);
    token_sentence_end_.assign(tokens_.size(), static_cast<int>(tokens_.size()));
    for (const Sentence& s : sentences) {
      for (uint32_t i = s.first_token; i < s.end_token && i < tokens_.size(); ++i) {
        token_sentence_start_[i] = s.first_token;
        token_sentence_end_[i] = s.end_token;
      }
    }
    token_paragraph_.assign(tokens_.size(), 0);
    int paragraph = 0;
    for (size_t i = 0; i < tokens_.size(); ++i) {
      if (i > 0 && tokens_[i].starts_paragraph) ++paragraph;
      token_paragraph_[i] = paragraph;
    }
    token_mention_.assign(tokens_.size(), -1);
    mention_first_.assign(mentions_.size(), 0);
    mention_end_.assign(mentions_.size(), 0);
    names_.assign(mentions_.size(), "");
    order_.resize(mentions_.size());
    for (size_t i = 0; i < mentions_.size(); ++i) order_[i] = static_cast<int>(i);
    std::stable_sort(order_.begin(), order_.end(),
                     [&](int a, int b) { return mentions_[a].begin < mentions_[b].begin; });
    for (int m : order_) {
      const Mention& mention = mentions_[m];
      mention_first_[m] = TokenAtOrAfter(mention.begin);
      mention_end_[m] = TokenAtOrAfter(mention.end);
      if (IsNamedType(mention.type)) {
        for (int t = mention_first_[m]; t < mention_end_[m]; ++t) {
          if (token_mention_[t] < 0) token_mention_[t] = m;
        }
      }
      names_[m] = CleanName(mention);
    }
  }

  int TokenAtOrAfter(uint32_t offset) const {
    auto it = std::lower_bound(tokens_.begin(), tokens_.end(), offset,
                               [](const Token& t, uint32_t o) { return t.begin < o; });
    return static_cast<int>(it - tokens_.begin());
  }

  std::string_view Span(uint32_t begin, uint32_t end) const {
    if (begin > text_.size() || end > text_.size() || end < begin) return {};
    return text_.substr(begin, end - begin);
  }

  std::string_view TokenSpan(int first, int end) const {
    if (first >= end) return {};
    return Span(tokens_[first].begin, tokens_[end - 1].end);
  }

  std::string CleanName(const Mention& m) const {
    std::string_view surface = Span(m.begin, m.end);
    if (surface.empty()) surface = m.text;
    surface = knowledge::StripPossessive(surface);
    std::vector<std::string> words = NameWords(surface);
    size_t first = 0;
    if (m.type == EntityType::kPerson) {
      while (first + 1 < words.size() && knowledge::IsHonorific(NormalizeTerm(words[first]))) {
        ++first;
      }
    } else if (m.type == EntityType::kOrganization || m.type == EntityType::kLocation) {
      if (first + 1 < words.size() && NormalizeTerm(words[first]) == "the") ++first;
    }
    std::vector<std::string> kept(words.begin() + first, words.end());
    return absl::StrJoin(kept, " ");
  }

  // Mention starting at token t, or -1.
  int MentionStartingAt(int t) const {
    if (t < 0 || t >= static_cast<int>(tokens_.size())) return -1;
    int m = token_mention_[t];
    return m >= 0 && mention_first_[m] == t ? m : -1;
  }
  int MentionEndingAt(int end) const {  // mention whose last token is end-1
    if (end <= 0 || end > static_cast<int>(tokens_.size())) return -1;
    int m = token_mention_[end - 1];
    return m >= 0 && mention_end_[m] == end ? m : -1;
  }
  bool IsOrgOrPlace(int m) const {
    return m >= 0 && (mentions_[m].type == EntityType::kOrganization ||
                      mentions_[m].type == EntityType::kLocation);
  }
  bool IsPerson(int m) const { return m >= 0 && mentions_[m].type == EntityType::kPerson; }
  bool IsWord(int t) const { return tokens_[t].kind == TokenKind::kWord; }
  std::string_view Raw(int t) const { return tokens_[t].text(text_); }

  // ---- clustering ------------------------------------------------------------
  void Cluster() {
    mention_cluster_.assign(mentions_.size(), -1);
    FindAcronymDefinitions();
    for (int m : order_) {
      const Mention& mention = mentions_[m];
      if (!IsNamedType(mention.type) || NameKey(names_[m]).empty()) continue;
      int c = -1;
      switch (mention.type) {
        case EntityType::kPerson:
          c = ClusterPerson(m);
          break;
        case EntityType::kOrganization:
          c = ClusterOrganization(m);
          break;
        default:
          c = ClusterPlace(m);
          break;
      }
      if (c < 0) continue;
      mention_cluster_[m] = c;
      clusters_[c].mentions.push_back(m);
      if (std::find(clusters_[c].surfaces.begin(), clusters_[c].surfaces.end(), names_[m]) ==
          clusters_[c].surfaces.end()) {
        clusters_[c].surfaces.push_back(names_[m]);
      }
    }
  }

  static std::string ClusterKey(EntityType type, const std::string& key) {
    return absl::StrCat(static_cast<int>(type), "/", key);
  }

  int NewCluster(EntityType type, std::string key) {
    clusters_.emplace_back();
    clusters_.back().type = type;
    clusters_.back().key = std::move(key);
    int c = static_cast<int>(clusters_.size()) - 1;
    cluster_by_key_.emplace(ClusterKey(type, clusters_.back().key), c);
    return c;
  }

  int FindCluster(EntityType type, const std::string& key) const {
    auto it = cluster_by_key_.find(ClusterKey(type, key));
    return it == cluster_by_key_.end() ? -1 : it->second;
  }

  // Records the words of a person cluster's full name for surname lookups.
  void IndexPersonWords(int c) {
    const std::vector<std::string>& words = clusters_[c].words;
    for (size_t w = 0; w < words.size(); ++w) {
      std::vector<int>& list = (w == 0 ? first_word_index_ : later_word_index_)[NameKey(words[w])];
      if (std::find(list.begin(), list.end(), c) == list.end()) list.push_back(c);
    }
  }

  int ClusterPerson(int m) {
    std::vector<std::string> words = NameWords(names_[m]);
    std::string key = NameKey(names_[m]);
    if (words.size() >= 2) {
      int c = FindCluster(EntityType::kPerson, key);
      if (c >= 0) return c;
      // A surname seen alone before its full name: upgrade that cluster when
      // no other full name of the document shares the surname.
      std::string surname = NameKey(words.back());
      int single = FindCluster(EntityType::kPerson, surname);
      if (single >= 0 && clusters_[single].words.size() != 1) single = -1;
      bool other_full = false;
      auto later = later_word_index_.find(surname);
      if (later != later_word_index_.end()) {
        for (int other : later->second) {
          other_full |= NameKey(clusters_[other].words.back()) == surname;
        }
      }
      if (single >= 0 && !other_full) {
        cluster_by_key_.erase(ClusterKey(EntityType::kPerson, clusters_[single].key));
        clusters_[single].key = key;
        clusters_[single].words = words;
        cluster_by_key_.emplace(ClusterKey(EntityType::kPerson, key), single);
        IndexPersonWords(single);
        return single;
      }
      c = NewCluster(EntityType::kPerson, key);
      clusters_[c].words = words;
      IndexPersonWords(c);
      return c;
    }
    // One word: a surname (or, failing that, a given name) of a full name.
    std::vector<int> candidates;
    auto later = later_word_index_.find(key);
    if (later != later_word_index_.end()) candidates = later->second;
    if (candidates.empty()) {
      auto first = first_word_index_.find(key);
      if (first != first_word_index_.end()) candidates = first->second;
    }
    if (candidates.size() == 1) return candidates[0];
    if (candidates.size() > 1) {
      ambiguous_.emplace_back(m, candidates);
      return -1;  // ambiguous: never merge people on a guess
    }
    int c = FindCluster(EntityType::kPerson, key);
    if (c >= 0) return c;
    c = NewCluster(EntityType::kPerson, key);
    clusters_[c].words = words;
    return c;
  }

  void FindAcronymDefinitions() {
    for (int m : order_) {
      if (mentions_[m].type != EntityType::kOrganization) continue;
      // "World Health Organization (WHO)"
      size_t p = mentions_[m].end;
      while (p < text_.size() && text_[p] == ' ') ++p;
      if (p >= text_.size() || text_[p] != '(') continue;
      size_t close = text_.find(')', p);
      if (close == std::string_view::npos || close - p > 12) continue;
      std::string_view inner = text_.substr(p + 1, close - p - 1);
      int upper = 0;
      bool ok = !inner.empty();
      for (char ch : inner) {
        if (absl::ascii_isupper(static_cast<unsigned char>(ch))) {
          ++upper;
        } else if (!absl::ascii_islower(static_cast<unsigned char>(ch)) && ch != '.' &&
                   ch != '-' && ch != '&') {
          ok = false;
        }
      }
      if (!ok || upper < 2) continue;
      std::optional<std::string> canonical = aliases_.Canonical(names_[m], EntityType::kOrganization);
      acronyms_[NameKey(inner)] = NameKey(canonical ? *canonical : names_[m]);
      acronym_canonical_[NameKey(inner)] = canonical ? *canonical : names_[m];
    }
  }

  static std::string Initials(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& w : words) {
      std::string lw = NormalizeTerm(w);
      if (lw == "of" || lw == "for" || lw == "the" || lw == "and" || lw == "on" || lw == "in") {
        continue;
      }
      if (!w.empty() && absl::ascii_isalpha(static_cast<unsigned char>(w[0]))) {
        out.push_back(absl::ascii_tolower(static_cast<unsigned char>(w[0])));
      }
    }
    return out;
  }

  int ClusterOrganization(int m) {
    const std::string& name = names_[m];
    std::string name_key = NameKey(name);
    std::optional<std::string> canonical = AliasCanonical(name, EntityType::kOrganization);
    std::string key = NameKey(canonical ? *canonical : name);
    auto acronym = acronyms_.find(name_key);
    if (!canonical && acronym != acronyms_.end()) {
      key = acronym->second;
      canonical = acronym_canonical_[name_key];
    }
    int c = FindCluster(EntityType::kOrganization, key);
    if (c < 0 && !canonical && IsAllCaps(name) && name_key.size() >= 2 && name_key.size() <= 8) {
      // An acronym that spells the initials of exactly one organization.
      std::vector<int> matches;
      for (size_t i = 0; i < clusters_.size(); ++i) {
        if (clusters_[i].type != EntityType::kOrganization) continue;
        for (const std::string& surface : clusters_[i].surfaces) {
          std::vector<std::string> words = NameWords(surface);
          if (words.size() >= 2 && Initials(words) == name_key) {
            matches.push_back(static_cast<int>(i));
            break;
          }
        }
      }
      if (matches.size() == 1) c = matches[0];
    }
    if (c < 0) c = NewCluster(EntityType::kOrganization, key);
    if (canonical && !clusters_[c].alias_canonical) clusters_[c].alias_canonical = canonical;
    return c;
  }

  // True when a region word follows the mention: "Akmola region" is the
  // region, which keeps its name when its old capital is renamed.
  bool FollowedByRegionWord(int m) const {
    int t = mention_end_[m];
    return t < static_cast<int>(tokens_.size()) && IsRegionWord(lower_[t]);
  }
  static bool IsRegionWord(std::string_view w) {
    return w == "region" || w == "oblast" || w == "district" || w == "province" ||
           w == "regions" || w == "county";
  }

  // The alias table's canonical for a name; an acronym the table knows
  // under another named type is taken too (taggers confuse the types of
  // acronyms: "UN" tagged as a place is still the United Nations).
  std::optional<std::string> AliasCanonical(const std::string& name, EntityType type) const {
    std::optional<std::string> canonical = aliases_.Canonical(name, type);
    if (canonical || !IsAllCaps(name) || NameKey(name).size() > 6) return canonical;
    for (EntityType other : {EntityType::kOrganization, EntityType::kLocation, EntityType::kPerson}) {
      if (other == type) continue;
      canonical = aliases_.Canonical(name, other);
      if (canonical) return canonical;
    }
    return std::nullopt;
  }

  int ClusterPlace(int m) {
    const std::string& name = names_[m];
    std::optional<std::string> canonical;
    if (!FollowedByRegionWord(m)) canonical = AliasCanonical(name, mentions_[m].type);
    std::string key = NameKey(canonical ? *canonical : name);
    int c = FindCluster(mentions_[m].type, key);
    if (c < 0) c = NewCluster(mentions_[m].type, key);
    if (canonical && !clusters_[c].alias_canonical) clusters_[c].alias_canonical = canonical;
    return c;
  }

  static std::string CanonicalOf(const struct Cluster& c) {
    if (c.alias_canonical) return *c.alias_canonical;
    std::string best;
    size_t best_words = 0;
    bool best_caps = true;
    for (const std::string& s : c.surfaces) {
      size_t words = NameWords(s).size();
      bool caps = IsAllCaps(s);
      // Prefer more words, then a form not in capitals, then longer.
      bool better = best.empty() || words > best_words ||
                    (words == best_words && best_caps && !caps) ||
                    (words == best_words && caps == best_caps && s.size() > best.size());
      if (better) {
        best = s;
        best_words = words;
        best_caps = caps;
      }
    }
    if (best_caps && c.type != EntityType::kOrganization) {
      std::vector<std::string> words = NameWords(best);
      // Short words in capitals are acronyms ("UN", "USA"), not shouting.
      for (std::string& w : words) {
        if (NameKey(w).size() >= 4) w = knowledge::TitleCaseWord(w);
      }
      best = absl::StrJoin(words, " ");
    }
    return best;
  }

  void BuildEntities() {
    out_.mention_entity = mention_cluster_;
    for (size_t c = 0; c < clusters_.size(); ++c) {
      DocumentEntity e;
      e.entity_id = absl::StrCat(std::string(kLocalEntityPrefix), c);
      e.canonical_name = CanonicalOf(clusters_[c]);
      e.type = clusters_[c].type;
      e.mention_count = static_cast<uint32_t>(clusters_[c].mentions.size());
      e.aliases = clusters_[c].surfaces;
      out_.entities.push_back(std::move(e));
    }
  }

  // ---- roles -----------------------------------------------------------------
  bool IsTitleWordToken(int t) const {
    return IsWord(t) && token_mention_[t] < 0 &&
           (knowledge::IsTitleHead(lower_[t]) || knowledge::IsTitleModifier(lower_[t]));
  }

  // Capitalized words (with inner "of", "for", "and", "on") starting at p, up
  // to e, outside person mentions. Returns one past the last capitalized word.
  int CapitalizedPhraseEnd(int p, int e) const {
    int last = p;
    for (int q = p; q < e; ++q) {
      if (IsPerson(token_mention_[q])) break;
      // "Health Workers’ Trade Union": a possessive inside the name.
      if (q > p && IsPossessiveToken(Raw(q)) && q + 1 < e && IsWord(q + 1) &&
          IsCapitalized(Raw(q + 1))) {
        continue;
      }
      if (!IsWord(q) && Raw(q) != "." && Raw(q) != "-" && Raw(q) != "&") break;
      std::string_view w = lower_[q];
      if (IsWord(q) && IsCapitalized(Raw(q)) && !IsFunctionWord(w) &&
          !knowledge::IsCalendarWord(w)) {
        last = q + 1;
        continue;
      }
      if (q > p && (w == "of" || w == "for" || w == "and" || w == "on" || w == "&")) continue;
      break;
    }
    return last;
  }

  // One past mention m, including a following region word ("Akmola region").
  int OrgMentionEnd(int m) const {
    int end = mention_end_[m];
    if (end < static_cast<int>(tokens_.size()) && IsRegionWord(lower_[end])) ++end;
    return end;
  }

  // [det] ["new"] [org] modifiers* HEAD+ ["of" [the] org-or-portfolio]
  // ["in" place]. The org is a mention (with a region word), capitalized
  // words with an organization noun, or lowercase words ending in one.
  TitleParse ParseTitle(int s, int e, bool allow_free) const {
    TitleParse r;
    int p = s;
    if (p < e && knowledge::IsDeterminer(lower_[p])) {
      ++p;
      allow_free = true;
    }
    if (p < e && lower_[p] == "new") ++p;
    // Leading organization: a mention or "Kyrgyz Foreign Ministry".
    int m = MentionStartingAt(p);
    // "Almaty’s mayor" inside an apposition: skip the possessive.
    int after_org = IsOrgOrPlace(m) ? OrgMentionEnd(m) : -1;
    bool possessive = after_org >= 0 && after_org < e && IsPossessiveToken(Raw(after_org));
    if (IsOrgOrPlace(m) && after_org + (possessive ? 1 : 0) < e &&
        IsTitleWordToken(after_org + (possessive ? 1 : 0))) {
      r.org_first = p;
      r.org_end = after_org;
      r.org_mention = after_org == mention_end_[m] ? m : -1;
      p = after_org + (possessive ? 1 : 0);
    } else if (m < 0 && p < e && IsWord(p) && IsCapitalized(Raw(p))) {
      int end = CapitalizedPhraseEnd(p, e);
      int org_noun = -1;
      for (int q = p; q < end; ++q) {
        if (knowledge::IsOrgNoun(lower_[q])) org_noun = q;
      }
      if (org_noun >= 0 && org_noun + 1 < e && IsTitleWordToken(org_noun + 1) &&
          !IsFunctionWord(lower_[p])) {
        r.org_first = p;
        r.org_end = org_noun + 1;
        p = org_noun + 1;
      }
    }
    r.title_first = p;
    int last_head = -1;
    int free_words = 0;
    while (p < e) {
      if (token_mention_[p] >= 0 || !IsWord(p)) break;
      std::string_view w = lower_[p];
      if (knowledge::IsTitleHead(w)) {
        last_head = p;
      } else if (knowledge::IsTitleModifier(w)) {
        // ok
      } else if (allow_free && last_head < 0 && free_words < 3 && !IsCapitalized(Raw(p)) &&
                 !IsFunctionWord(w) && !knowledge::IsSpeechVerb(w)) {
        ++free_words;
      } else {
        break;
      }
      ++p;
    }
    if (last_head < 0) return r;
    r.title_end = last_head + 1;
    r.consumed = r.title_end;
    bool qualified = r.org_first >= 0 || last_head > r.title_first;
    p = r.title_end;
    if (r.org_first < 0 && p < e && lower_[p] == "of") {
      int q = p + 1;
      if (q < e && lower_[q] == "the") ++q;
      int om = MentionStartingAt(q);
      // The organization phrase: up to 8 words ending in an organization
      // noun ("the Almaty city TB dispensary"), else a mention, else
      // capitalized words that name a portfolio ("Minister of Healthcare").
      int last_org_noun = -1;
      for (int k = q; k < e && k < q + 8; ++k) {
        if (k > q && IsPossessiveToken(Raw(k))) continue;  // "Health Workers’ Trade Union"
        if (!IsWord(k) || IsPerson(token_mention_[k])) break;
        if (IsFunctionWord(lower_[k]) && lower_[k] != "and" && lower_[k] != "for" &&
            lower_[k] != "of") {
          break;
        }
        if (knowledge::IsOrgNoun(lower_[k])) last_org_noun = k;
      }
      int cap_end = om < 0 && q < e && IsWord(q) && IsCapitalized(Raw(q))
                        ? CapitalizedPhraseEnd(q, e)
                        : q;
      if (IsOrgOrPlace(om) && mention_end_[om] <= e &&
          (last_org_noun < mention_end_[om] || mention_end_[om] == e)) {
        r.org_first = q;
        r.org_end = std::min(OrgMentionEnd(om), e);
        r.org_mention = r.org_end == mention_end_[om] ? om : -1;
        r.consumed = r.org_end;
      } else if (cap_end > q && last_org_noun >= q && last_org_noun < cap_end) {
        // An untagged name with an organization noun anywhere in it:
        // "the Committee for Medical and Pharmaceutical Control".
        r.org_first = q;
        r.org_end = cap_end;
        r.consumed = cap_end;
      } else if (last_org_noun >= 0) {
        r.org_first = q;
        r.org_end = last_org_noun + 1;
        r.consumed = last_org_noun + 1;
      } else if (q == p + 1 && q < e && om < 0 && IsWord(q) && IsCapitalized(Raw(q))) {
        int end = CapitalizedPhraseEnd(q, e);
        if (end > q) {
          r.title_end = end;  // "Minister of Healthcare", "Head of State"
          r.consumed = end;
        }
      }
    }
    if (knowledge::IsWeakTitleHead(lower_[last_head]) && !qualified && r.org_first < 0 &&
        r.title_end == last_head + 1) {
      return TitleParse();  // "Doctor X": an occupation, not a position
    }
    // "Representative in Kazakhstan", "... Centre for Primary Health Care in Almaty"
    if (r.consumed + 1 < e && lower_[r.consumed] == "in") {
      int pm = MentionStartingAt(r.consumed + 1);
      if (IsOrgOrPlace(pm) && OrgMentionEnd(pm) <= e) r.consumed = OrgMentionEnd(pm);
    }
    r.ok = true;
    return r;
  }

  bool IsClauseBoundary(int t) const {
    std::string_view w = Raw(t);
    return w == "," || w == ";" || w == ":" || w == "(" || w == ")" || w == "\xE2\x80\x94" ||
           w == "\xE2\x80\x93" || w == kLeftDoubleQuote || w == kRightDoubleQuote ||
           w == kLeftGuillemet || w == kRightGuillemet || w == "\"";
  }

  void AddRole(int person_mention, const TitleParse& r, int span_first, int span_end) {
    int person = mention_cluster_[person_mention];
    if (person < 0) return;
    Role role;
    role.person_entity_id = out_.entities[person].entity_id;
    role.person_name = out_.entities[person].canonical_name;
    std::string_view title = TokenSpan(r.title_first, r.title_end);
    role.title = std::string(title);
    role.normalized_title = knowledge::NormalizeTitle(title);
    if (r.org_first >= 0) {
      if (r.org_mention >= 0) {
        role.organization = names_[r.org_mention];
        int oc = mention_cluster_[r.org_mention];
        if (oc >= 0) role.organization_entity_id = out_.entities[oc].entity_id;
      } else {
        role.organization = std::string(TokenSpan(r.org_first, r.org_end));
      }
    }
    role.begin = tokens_[span_first].begin;
    role.end = tokens_[span_end - 1].end;
    for (const Role& existing : out_.roles) {
      if (existing.person_entity_id == role.person_entity_id &&
          existing.normalized_title == role.normalized_title &&
          NameKey(existing.organization) == NameKey(role.organization)) {
        return;
      }
    }
    role_holders_.push_back({person, role.normalized_title});
    out_.roles.push_back(std::move(role));
  }

  struct FoundTitle {
    TitleParse parse;
    int first;  // token span of the whole role phrase
    int end;
  };

  // The titles attached to the person mention m by a title pattern before
  // the name or an apposition before or after it.
  std::vector<FoundTitle> TitlesFor(int m) const {
    std::vector<FoundTitle> found;
    int a = mention_first_[m];
    int b = mention_end_[m];
    if (a >= static_cast<int>(tokens_.size())) return found;
    int sent_start = token_sentence_start_[a];
    int sent_end = token_sentence_end_[a];
    // Honorifics between a title and the name: "Health Minister Dr. X".
    int i = a;
    while (i - 1 >= sent_start && (knowledge::IsHonorific(lower_[i - 1]) ||
                                   (Raw(i - 1) == "." && i - 2 >= sent_start &&
                                    knowledge::IsHonorific(lower_[i - 2])))) {
      --i;
    }
    if (i - 1 >= sent_start && Raw(i - 1) == ",") {
      // "the new director of the regional health department, X",
      // "According to the head of the ambulance station, X"
      int seg = i - 2;
      while (seg >= sent_start && !IsClauseBoundary(seg)) --seg;
      int seg_start = seg + 1;
      for (int s = seg_start; s < i - 1; ++s) {
        if (!(s == seg_start || knowledge::IsDeterminer(lower_[s]) || IsFunctionWord(lower_[s - 1]))) {
          continue;
        }
        TitleParse r = ParseTitle(s, i - 1, /*allow_free=*/false);
        if (r.ok && r.consumed == i - 1) {
          found.push_back({r, r.org_first >= 0 ? std::min(r.title_first, r.org_first) : r.title_first, b});
          break;
        }
      }
    } else {
      // A title right before the name: the longest phrase that parses.
      for (int s = std::max(sent_start, i - 14); s < i; ++s) {
        bool allow_free = s - 1 >= sent_start && (IsPossessiveToken(Raw(s - 1)) ||
                                                  knowledge::IsDeterminer(lower_[s - 1]));
        TitleParse r = ParseTitle(s, i, allow_free);
        if (!r.ok || r.consumed != i) continue;
        int first = r.org_first >= 0 ? std::min(r.org_first, r.title_first) : r.title_first;
        if (r.org_first < 0 && first - 1 >= sent_start) {
          // "Shymkent’s governor X", "WHO head X"
          int before = first - 1;
          int om = -1;
          if (IsPossessiveToken(Raw(before))) {
            om = MentionEndingAt(before);
            if (om < 0 && token_mention_[before] >= 0 &&
                mention_end_[token_mention_[before]] == before + 1) {
              om = token_mention_[before];  // the mention includes the ’s
            }
          } else {
            om = MentionEndingAt(first);
          }
          if (IsOrgOrPlace(om)) {
            r.org_first = mention_first_[om];
            r.org_end = mention_end_[om];
            r.org_mention = om;
            first = mention_first_[om];
          }
        }
        found.push_back({r, first, b});
        break;
      }
    }
    // Apposition after the name: "X, the Minister of Healthcare," / "X,
    // head of the WHO European Centre ... in Almaty".
    if (b < sent_end && Raw(b) == ",") {
      int e = b + 1;
      while (e < sent_end && Raw(e) != "." && !IsClauseBoundary(e)) ++e;
      TitleParse r = ParseTitle(b + 1, e, /*allow_free=*/false);
      if (r.ok && r.title_first <= b + 3) {
        bool clean_end = r.consumed == e;
        if (!clean_end) {
          std::string_view next = lower_[r.consumed];
          clean_end = next == "in" || next == "at" || next == "for" || next == "from" ||
                      next == "of" || next == "since";
        }
        if (clean_end) found.push_back({r, a, std::max(r.consumed, r.title_end)});
      }
    }
    return found;
  }

  void FindRoles() {
    for (int m : order_) {
      if (!IsPerson(m) || mention_cluster_[m] < 0) continue;
      for (const FoundTitle& t : TitlesFor(m)) AddRole(m, t.parse, t.first, t.end);
    }
  }

  // A surname shared by two people of the document joins one of them only
  // when a title next to it names an office exactly one of them holds here
  // ("Zhakupov, the rector, said").
  void ResolveAmbiguousByTitle() {
    for (const auto& [m, candidates] : ambiguous_) {
      std::set<int> matching;
      for (const FoundTitle& t : TitlesFor(m)) {
        std::string title =
            knowledge::NormalizeTitle(TokenSpan(t.parse.title_first, t.parse.title_end));
        for (const auto& [person, held] : role_holders_) {
          if (std::find(candidates.begin(), candidates.end(), person) != candidates.end() &&
              knowledge::TitleCompatible(title, held)) {
            matching.insert(person);
          }
        }
      }
      if (matching.size() != 1) continue;
      int c = *matching.begin();
      mention_cluster_[m] = c;
      out_.mention_entity[m] = c;
      clusters_[c].mentions.push_back(m);
      out_.entities[c].mention_count += 1;
    }
  }

  // ---- quotes ----------------------------------------------------------------
  // Quote-mark kinds: 0 “ ”, 1 « », 2 ".
  bool At(size_t i, std::string_view s) const { return text_.compare(i, s.size(), s) == 0; }

  // The quote mark at i: kind 0 “ ”, 1 « », 2 "; sets *open and *len.
  int QuoteMarkAt(size_t i, bool* open, size_t* len) const {
    if (At(i, kLeftDoubleQuote)) {
      *open = true;
      *len = kLeftDoubleQuote.size();
      return 0;
    }
    if (At(i, kRightDoubleQuote)) {
      *open = false;
      *len = kRightDoubleQuote.size();
      return 0;
    }
    if (At(i, kLeftGuillemet)) {
      *open = true;
      *len = kLeftGuillemet.size();
      return 1;
    }
    if (At(i, kRightGuillemet)) {
      *open = false;
      *len = kRightGuillemet.size();
      return 1;
    }
    if (text_[i] == '"') {
      *len = 1;
      *open = true;  // decided by the stack
      return 2;
    }
    return -1;
  }

  // One linear pass with a stack of open marks. An outermost pair is a
  // quote; pairs inside it are part of it. A closing mark closes the nearest
  // open mark of its kind (inner marks left open are dropped with it); a
  // straight quote closes an open straight quote, else opens one. At a line
  // break the open marks are dropped, unless the outermost one is reopened
  // at the start of the next paragraph: then the quote goes on.
  void FindQuoteSpans() {
    struct Open {
      int kind;
      size_t pos;
      size_t len;
    };
    std::vector<Open> stack;
    size_t i = 0;
    while (i < text_.size()) {
      if (text_[i] == '\n') {
        if (!stack.empty()) {
          size_t k = i;
          while (k < text_.size() && (text_[k] == '\n' || text_[k] == ' ' || text_[k] == '\r' ||
                                      text_[k] == '\t')) {
            ++k;
          }
          const Open& outer = stack.front();
          bool reopened = k < text_.size() && text_.compare(k, outer.len, text_, outer.pos,
                                                            outer.len) == 0;
          if (reopened) {
            Open kept = outer;
            stack.assign(1, kept);
            i = k + kept.len;
            continue;
          }
          stack.clear();
        }
        ++i;
        continue;
      }
      bool open = false;
      size_t len = 0;
      int kind = QuoteMarkAt(i, &open, &len);
      if (kind < 0) {
        ++i;
        continue;
      }
      if (kind == 2) {
        open = true;
        for (const Open& o : stack) open &= o.kind != 2;
      }
      if (open) {
        stack.push_back({kind, i, len});
      } else {
        int match = -1;
        for (int s = static_cast<int>(stack.size()) - 1; s >= 0; --s) {
          if (stack[s].kind == kind) {
            match = s;
            break;
          }
        }
        if (match == 0) {
          const Open& outer = stack.front();
          quote_spans_.push_back({static_cast<uint32_t>(outer.pos + outer.len),
                                  static_cast<uint32_t>(i), static_cast<uint32_t>(i + len),
                                  static_cast<uint32_t>(outer.pos)});
          stack.clear();
        } else if (match > 0) {
          stack.resize(match);
        }
        // A closing mark with nothing to close is a stray: ignored.
      }
      i += len;
    }
  }

  // quote_spans_ is sorted and disjoint.
  bool InsideQuote(uint32_t offset) const {
    auto it = std::upper_bound(quote_spans_.begin(), quote_spans_.end(), offset,
                               [](uint32_t o, const QuoteSpan& q) { return o < q.begin; });
    if (it == quote_spans_.begin()) return false;
    --it;
    return offset >= it->begin && offset < it->close;
  }

  // Title words starting at t ("the President", "the country’s chief state
  // sanitary doctor", "the Health Minister"): returns one past them, or t.
  int BareTitleEnd(int t, int limit, std::string* normalized) const {
    int p = t;
    bool det = false;
    if (p < limit && knowledge::IsDeterminer(lower_[p])) {
      ++p;
      det = true;
    }
    // "the country’s chief ..." : skip "<word> ’s"
    if (det && p + 1 < limit && IsWord(p) && IsPossessiveToken(Raw(p + 1))) p += 2;
    int first = p;
    int last_head = -1;
    while (p < limit && IsWord(p) && token_mention_[p] < 0) {
      std::string_view w = lower_[p];
      if (knowledge::IsTitleHead(w)) {
        last_head = p;
      } else if (!knowledge::IsTitleModifier(w) &&
                 !(det && !IsCapitalized(Raw(p)) && !IsFunctionWord(w) &&
                   !knowledge::IsSpeechVerb(w))) {
        break;
      }
      ++p;
    }
    if (!det && (last_head < 0 || !IsCapitalized(Raw(first)))) return t;
    if (last_head < 0) return t;
    int end = last_head + 1;
    // "the Head of State"
    if (end + 1 < limit && lower_[end] == "of" && IsWord(end + 1) && IsCapitalized(Raw(end + 1)) &&
        token_mention_[end + 1] < 0) {
      end = CapitalizedPhraseEnd(end + 1, limit);
    }
    *normalized = knowledge::NormalizeTitle(TokenSpan(first, end));
    return end;
  }

  // A subject at t: person mention (possibly after title words), pronoun or
  // bare title. Returns one past it, or t when there is none.
  int ParseSubject(int t, int limit, Subject* subject) const {
    if (t >= limit) return t;
    int m = MentionStartingAt(t);
    if (IsPerson(m)) {
      subject->kind = Subject::Kind::kMention;
      subject->mention = m;
      return mention_end_[m];
    }
    bool is_pronoun = false;
    Gender g = knowledge::PronounGender(lower_[t], &is_pronoun);
    if (is_pronoun && lower_[t] != "his" && lower_[t] != "hers") {
      subject->kind = Subject::Kind::kPronoun;
      subject->gender = g;
      return t + 1;
    }
    // A title with an organization before the name: "Akmola region akim X
    // said", "said Kyrgyz Foreign Ministry Spokesperson X".
    TitleParse r = ParseTitle(t, limit, /*allow_free=*/false);
    if (r.ok) {
      int after = r.consumed;
      while (after < limit && (knowledge::IsHonorific(lower_[after]) || Raw(after) == ".")) ++after;
      int pm = MentionStartingAt(after);
      if (IsPerson(pm)) {
        subject->kind = Subject::Kind::kMention;
        subject->mention = pm;
        return mention_end_[pm];
      }
    }
    std::string normalized;
    int end = BareTitleEnd(t, limit, &normalized);
    if (end > t) {
      // A title followed by the name: "said Health Minister Dana Serikova".
      int after_honorific = end;
      while (after_honorific < limit && (knowledge::IsHonorific(lower_[after_honorific]) ||
                                         Raw(after_honorific) == ".")) {
        ++after_honorific;
      }
      int pm = MentionStartingAt(after_honorific);
      if (IsPerson(pm)) {
        subject->kind = Subject::Kind::kMention;
        subject->mention = pm;
        return mention_end_[pm];
      }
      subject->kind = Subject::Kind::kTitle;
      subject->title = normalized;
      return end;
    }
    return t;
  }

  bool IsAdverb(int t) const {
    static const std::unordered_set<std::string_view> kAdverbs = {
        "also", "then", "later", "further", "again", "once", "repeatedly", "earlier",
        "recently", "previously", "has", "had", "have", "was", "is", "would", "will"};
    return kAdverbs.count(lower_[t]) > 0;
  }

  // Cue starting at t: "Subject [adverb] verb", "verb Subject" or
  // "according to Subject".
  bool CueAt(int t, int limit, Subject* subject) const {
    if (t >= limit) return false;
    if (lower_[t] == "according" && t + 1 < limit && lower_[t + 1] == "to") {
      Subject s;
      int end = ParseSubject(t + 2, limit, &s);
      if (end > t + 2) {
        *subject = s;
        subject->first = t;
        subject->end = end;
        return true;
      }
      return false;
    }
    if (knowledge::IsSpeechVerb(lower_[t])) {
      Subject s;
      int end = ParseSubject(t + 1, limit, &s);
      if (end > t + 1) {
        *subject = s;
        subject->first = t;
        subject->end = end;
        return true;
      }
      return false;
    }
    Subject s;
    int end = ParseSubject(t, limit, &s);
    if (end == t) return false;
    int v = end;
    while (v < limit && v < end + 2 && IsAdverb(v)) ++v;
    if (v < limit && knowledge::IsSpeechVerb(lower_[v])) {
      *subject = s;
      subject->first = t;
      subject->end = v + 1;
      return true;
    }
    return false;
  }

  // Cue in the clause that ends right before the quote opener at token o.
  bool CueBefore(int o, Subject* subject) const {
    int p = o - 1;
    if (p < 0 || token_paragraph_[p] != token_paragraph_[o]) return false;
    if (Raw(p) == ":" || Raw(p) == ",") --p;
    if (p < 0 || token_paragraph_[p] != token_paragraph_[o]) return false;
    int clause_end = p + 1;
    int s = p;
    while (s - 1 >= 0 && token_paragraph_[s - 1] == token_paragraph_[o] &&
           s - 1 >= token_sentence_start_[p] && !IsClauseBoundary(s - 1) && Raw(s - 1) != ".") {
      --s;
    }
    if (clause_end - s > 14) s = clause_end - 14;
    // Prefer the cue that ends at the clause end ("Serikova noted:"), else
    // any cue in the clause ("He told reporters on Tuesday:").
    for (int t = s; t < clause_end; ++t) {
      Subject candidate;
      if (CueAt(t, clause_end, &candidate)) {
        *subject = candidate;
        return true;
      }
    }
    return false;
  }

  int LatestMentionOf(int cluster, uint32_t before) const {
    int best = -1;
    for (int m : clusters_[cluster].mentions) {
      if (mentions_[m].begin < before && !InsideQuote(mentions_[m].begin)) {
        best = std::max(best, static_cast<int>(mentions_[m].begin));
      }
    }
    return best;
  }

  // The person a subject names, or -1 (never a guess: an ambiguous mention,
  // a pronoun with no earlier person, a title nobody held -> -1).
  int ResolveSubject(const Subject& s, uint32_t before) const {
    switch (s.kind) {
      case Subject::Kind::kMention:
        return mention_cluster_[s.mention];
      case Subject::Kind::kPronoun: {
        // The most recent person before the cue, outside quotes, whose name
        // does not contradict the pronoun. An ambiguous surname as the most
        // recent person makes the pronoun unresolvable.
        auto it = std::lower_bound(order_.begin(), order_.end(), before,
                                   [&](int m, uint32_t b) { return mentions_[m].begin < b; });
        while (it != order_.begin()) {
          int m = *--it;
          if (!IsPerson(m) || InsideQuote(mentions_[m].begin)) continue;
          int c = mention_cluster_[m];
          if (c < 0) return -1;
          Gender g = knowledge::NameGender(out_.entities[c].canonical_name);
          if (s.gender != Gender::kUnknown && g != Gender::kUnknown && g != s.gender) continue;
          return c;
        }
        return -1;
      }
      case Subject::Kind::kTitle: {
        int best = -1;
        int best_pos = -2;
        std::set<int> holders;
        for (const auto& [person, title] : role_holders_) {
          if (knowledge::TitleCompatible(s.title, title)) holders.insert(person);
        }
        for (int person : holders) {
          int pos = LatestMentionOf(person, before);
          if (pos > best_pos) {
            best_pos = pos;
            best = person;
          }
        }
        if (best_pos < 0 && holders.size() != 1) return -1;
        return best;
      }
      default:
        return -1;
    }
  }

  void FindQuotes() {
    FindQuoteSpans();
    int previous_paragraph = -1;
    int previous_speaker = -1;
    for (const QuoteSpan& span : quote_spans_) {
      uint32_t begin = span.begin;
      uint32_t end = span.close;
      while (begin < end && absl::ascii_isspace(static_cast<unsigned char>(text_[begin]))) ++begin;
      // The quoted words end before a trailing comma, which belongs to the
      // reporting sentence ("...April 1,” he said").
      while (end > begin && (absl::ascii_isspace(static_cast<unsigned char>(text_[end - 1])) ||
                             text_[end - 1] == ',')) {
        --end;
      }
      if (begin >= end) continue;
      int open_token = TokenAtOrAfter(span.open);
      int after = TokenAtOrAfter(span.after_close);
      int paragraph_of_close = after > 0 ? token_paragraph_[after - 1] : 0;
      Subject subject;
      bool cue = false;
      uint32_t resolve_before = span.open;
      // After the quote: "...,” Serikova noted." Stay in the paragraph.
      int t = after;
      while (t < static_cast<int>(tokens_.size()) &&
             (Raw(t) == "," || Raw(t) == "\xE2\x80\x94" || Raw(t) == "\xE2\x80\x93" ||
              Raw(t) == "-")) {
        ++t;  // "...,” he said", "...” — he said"
      }
      if (t < static_cast<int>(tokens_.size()) && !tokens_[t].starts_paragraph &&
          token_paragraph_[t] == paragraph_of_close) {
        int limit = std::min<int>(tokens_.size(), t + 12);
        cue = CueAt(t, limit, &subject);
      }
      // Before it: "Serikova noted: “...”".
      if (!cue && open_token < static_cast<int>(tokens_.size())) {
        cue = CueBefore(open_token, &subject);
        if (cue) resolve_before = tokens_[subject.first].begin;
      }
      Quote quote;
      quote.begin = begin;
      quote.end = end;
      quote.text = std::string(Span(begin, end));
      int open_paragraph =
          open_token < static_cast<int>(tokens_.size()) ? token_paragraph_[open_token] : -1;
      int speaker = -1;
      if (cue) {
        speaker = ResolveSubject(subject, resolve_before);
        quote.cue_begin = tokens_[subject.first].begin;
        quote.cue_end = tokens_[subject.end - 1].end;
      } else if (open_paragraph == previous_paragraph) {
        speaker = previous_speaker;  // the same speaker goes on
      } else {
        // A short quoted phrase without a speaker is a name or a scare
        // quote, not a quotation.
        size_t words = NameWords(quote.text).size();
        if (words < 3) continue;
      }
      if (speaker >= 0) {
        quote.speaker_entity_id = out_.entities[speaker].entity_id;
        quote.speaker_name = out_.entities[speaker].canonical_name;
        quoted_[speaker] += 1;
      }
      previous_paragraph = paragraph_of_close;
      previous_speaker = speaker;
      out_.quotes.push_back(std::move(quote));
    }
  }

  // ---- salience --------------------------------------------------------------
  void ComputeSalience() {
    if (clusters_.empty()) return;
    int first_paragraph_end = 0;
    while (first_paragraph_end < static_cast<int>(tokens_.size()) &&
           token_paragraph_[first_paragraph_end] == 0) {
      ++first_paragraph_end;
    }
    uint32_t lead_end = first_paragraph_end < static_cast<int>(tokens_.size())
                            ? tokens_[first_paragraph_end].begin
                            : static_cast<uint32_t>(text_.size());
    std::string headline_key = NormalizeTerm(headline_);
    std::vector<double> score(clusters_.size(), 0);
    std::set<int> with_role;
    for (const auto& holder : role_holders_) with_role.insert(holder.first);
    double length = std::max<double>(1, text_.size());
    for (size_t c = 0; c < clusters_.size(); ++c) {
      double s = 0;
      uint32_t first = UINT32_MAX;
      bool in_lead = false;
      for (int m : clusters_[c].mentions) {
        s += 1.0;
        first = std::min(first, mentions_[m].begin);
        in_lead |= mentions_[m].begin < lead_end;
      }
      s += 1.5 * std::max(0.0, 1.0 - first / length);
      if (in_lead) s += 1.0;
      if (!headline_key.empty()) {
        for (const std::string& surface : clusters_[c].surfaces) {
          if (headline_key.find(NormalizeTerm(surface)) != std::string::npos) {
            s += 1.5;
            break;
          }
        }
      }
      if (with_role.count(static_cast<int>(c)) > 0) s += 0.5;
      auto q = quoted_.find(static_cast<int>(c));
      if (q != quoted_.end()) s += 0.5 * std::min(q->second, 4);
      score[c] = s;
    }
    double total = 0;
    for (double s : score) total += s;
    for (size_t c = 0; c < clusters_.size(); ++c) {
      out_.entities[c].salience = static_cast<float>(score[c] / total);
    }
  }

  struct QuoteSpan {
    uint32_t begin;        // after the opening mark
    uint32_t close;        // the closing mark
    uint32_t after_close;  // after the closing mark
    uint32_t open;         // the opening mark
  };

  std::string_view text_;
  const std::vector<Mention>& mentions_;
  const AliasTable& aliases_;
  std::string_view headline_;

  std::vector<Token> tokens_;
  std::vector<std::string> lower_;
  std::vector<int> token_sentence_start_;
  std::vector<int> token_sentence_end_;
  std::vector<int> token_paragraph_;
  std::vector<int> token_mention_;
  std::vector<int> mention_first_;
  std::vector<int> mention_end_;
  std::vector<std::string> names_;
  std::vector<int> order_;

  std::map<std::string, std::string> acronyms_;           // acronym key -> expansion key
  std::map<std::string, std::string> acronym_canonical_;  // acronym key -> expansion
  std::vector<struct Cluster> clusters_;
  std::unordered_map<std::string, int> cluster_by_key_;  // "<type>/<key>" -> cluster
  // Name-word key -> person clusters with a full name having that word
  // first / later (surnames, patronymics).
  std::unordered_map<std::string, std::vector<int>> first_word_index_;
  std::unordered_map<std::string, std::vector<int>> later_word_index_;
  std::vector<int> mention_cluster_;
  std::vector<std::pair<int, std::vector<int>>> ambiguous_;  // mention, candidate clusters
  std::vector<std::pair<int, std::string>> role_holders_;  // cluster, normalized title
  std::vector<QuoteSpan> quote_spans_;
  std::map<int, int> quoted_;  // cluster -> quotes attributed

  DocumentKnowledge out_;
};

}  // namespace

DocumentKnowledge AnalyzeDocument(std::string_view text, const std::vector<Mention>& mentions,
                                  const AliasTable& aliases, std::string_view headline) {
  return Analyzer(text, mentions, aliases, headline).Run();
}

void ApplyKnowledge(const DocumentKnowledge& knowledge, DocumentAnnotations* annotations) {
  for (size_t i = 0; i < annotations->mentions.size(); ++i) {
    int e = i < knowledge.mention_entity.size() ? knowledge.mention_entity[i] : -1;
    annotations->mentions[i].entity_id =
        e >= 0 && e < static_cast<int>(knowledge.entities.size()) ? knowledge.entities[e].entity_id
                                                                  : "";
  }
  annotations->entities = knowledge.entities;
  annotations->roles = knowledge.roles;
  annotations->quotes = knowledge.quotes;
}

}  // namespace newsgraph
