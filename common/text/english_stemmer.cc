#include "common/text/english_stemmer.h"

#include <cstring>

namespace newsgraph {
namespace {

// Longer words (URLs, glued junk) are not worth stemming; a fixed buffer
// keeps the stemmer free of allocations. Two spare bytes: step 1b may add
// an 'e' and step 1b's "ee" never grows the word.
constexpr size_t kMaxStemmed = 40;

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// The word being stemmed. 'Y' marks a consonant y (set by the prelude).
class Word {
 public:
  explicit Word(std::string_view text) : n_(text.size()) { std::memcpy(s_, text.data(), n_); }

  std::string_view view() const { return std::string_view(s_, n_); }
  size_t size() const { return n_; }
  char at(size_t i) const { return s_[i]; }
  bool Ends(std::string_view suffix) const {
    return n_ >= suffix.size() &&
           std::memcmp(s_ + n_ - suffix.size(), suffix.data(), suffix.size()) == 0;
  }
  // Replaces the last `cut` bytes by `with`.
  void Replace(size_t cut, std::string_view with) {
    n_ -= cut;
    std::memcpy(s_ + n_, with.data(), with.size());
    n_ += with.size();
  }
  void Cut(size_t cut) { n_ -= cut; }
  void Set(size_t i, char c) { s_[i] = c; }
  void DropFirst() {
    std::memmove(s_, s_ + 1, n_ - 1);
    --n_;
  }
  bool HasVowelBefore(size_t end) const {
    for (size_t i = 0; i < end; ++i) {
      if (IsVowel(s_[i])) return true;
    }
    return false;
  }
  // The region after the first non-vowel that follows a vowel, searching
  // from `from` (Porter's R1 and R2).
  size_t RegionAfter(size_t from) const {
    size_t i = from;
    while (i < n_ && !IsVowel(s_[i])) ++i;
    while (i < n_ && IsVowel(s_[i])) ++i;
    return i < n_ ? i + 1 : n_;
  }
  // Whether s_[0, end) ends in a short syllable: non-vowel, vowel, then a
  // non-vowel other than w, x and Y; or a vowel then a non-vowel at the start
  // of the word; or "past" (Snowball's exception for pasted/pasting).
  bool ShortSyllableAt(size_t end) const {
    if (end >= 3) {
      const char last = s_[end - 1];
      if (!IsVowel(last) && last != 'w' && last != 'x' && last != 'Y' && IsVowel(s_[end - 2]) &&
          !IsVowel(s_[end - 3])) {
        return true;
      }
    }
    if (end == 2 && IsVowel(s_[0]) && !IsVowel(s_[1])) return true;
    return end >= 4 && std::memcmp(s_ + end - 4, "past", 4) == 0;
  }

 private:
  char s_[kMaxStemmed + 2];
  size_t n_;
};

struct Rule {
  std::string_view suffix;
  std::string_view replacement;
};

// The longest of `rules` (ordered longest first) that the word ends with,
// or nullptr. Porter2 applies a step's rule only to the longest suffix that
// matches: when that one's condition fails, shorter ones are not tried.
const Rule* Longest(const Word& w, const Rule* rules, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (w.Ends(rules[i].suffix)) return &rules[i];
  }
  return nullptr;
}

bool IsDouble(const Word& w) {
  if (w.size() < 2) return false;
  const char c = w.at(w.size() - 1);
  if (c != w.at(w.size() - 2)) return false;
  return c == 'b' || c == 'd' || c == 'f' || c == 'g' || c == 'm' || c == 'n' || c == 'p' ||
         c == 'r' || c == 't';
}

bool IsValidLiEnding(char c) {
  return c == 'c' || c == 'd' || c == 'e' || c == 'g' || c == 'h' || c == 'k' || c == 'm' ||
         c == 'n' || c == 'r' || c == 't';
}

// Words whose stem the rules get wrong, with their stems (Porter2's
// "exceptional forms"); a stem equal to the word keeps it as it is.
constexpr Rule kExceptions[] = {
    {"skis", "ski"},     {"skies", "sky"},     {"dying", "die"},   {"lying", "lie"},
    {"tying", "tie"},    {"idly", "idl"},      {"gently", "gentl"}, {"ugly", "ugli"},
    {"early", "earli"},  {"only", "onli"},     {"singly", "singl"}, {"sky", "sky"},
    {"news", "news"},    {"howe", "howe"},     {"atlas", "atlas"}, {"cosmos", "cosmos"},
    {"bias", "bias"},    {"andes", "andes"},
};

// Words left alone after step 1a.
constexpr std::string_view kAfterStep1a[] = {"inning",  "outing", "canning", "herring",
                                             "earring", "proceed", "exceed", "succeed"};

// Prefixes after which R1 starts (Snowball's list), so that e.g. "general"
// and "generate", "universe" and "university" stay apart.
constexpr std::string_view kR1Prefixes[] = {"gener", "commun", "arsen", "past", "univers",
                                            "later", "emerg",  "organ", "inter"};

constexpr Rule kStep1b[] = {{"eedly", "ee"}, {"ingly", ""}, {"edly", ""},
                            {"eed", "ee"},   {"ing", ""},   {"ed", ""}};

constexpr Rule kStep2[] = {
    {"ational", "ate"}, {"fulness", "ful"}, {"iveness", "ive"}, {"ization", "ize"},
    {"ousness", "ous"}, {"tional", "tion"}, {"biliti", "ble"},  {"lessli", "less"},
    {"entli", "ent"},   {"ation", "ate"},   {"alism", "al"},    {"aliti", "al"},
    {"ousli", "ous"},   {"iviti", "ive"},   {"fulli", "ful"},   {"enci", "ence"},
    {"anci", "ance"},   {"abli", "able"},   {"izer", "ize"},    {"ator", "ate"},
    {"alli", "al"},     {"bli", "ble"},     {"ogi", "og"},      {"li", ""},
};

// "ative" is deleted only in R2 (below).
constexpr Rule kStep3[] = {{"ational", "ate"}, {"tional", "tion"}, {"alize", "al"},
                           {"icate", "ic"},    {"iciti", "ic"},    {"ative", ""},
                           {"ical", "ic"},     {"ness", ""},       {"ful", ""}};

// "ion" is deleted only after s or t (below).
constexpr Rule kStep4[] = {{"ement", ""}, {"ance", ""}, {"ence", ""}, {"able", ""},
                           {"ible", ""},  {"ment", ""}, {"ant", ""},  {"ent", ""},
                           {"ism", ""},   {"ate", ""},  {"iti", ""},  {"ous", ""},
                           {"ive", ""},   {"ize", ""},  {"ion", ""},  {"al", ""},
                           {"er", ""},    {"ic", ""}};

template <size_t N>
constexpr size_t Count(const Rule (&)[N]) {
  return N;
}

// Stems a word of lower-case ASCII letters and apostrophes into *out.
void StemWord(std::string_view term, StemMode mode, std::string* out) {
  if (term.size() > kMaxStemmed) {
    out->assign(term.data(), term.size());
    return;
  }
  for (const Rule& e : kExceptions) {
    if (term.size() > 6) break;  // the longest exception has 6 letters
    if (term == e.suffix) {
      out->assign(e.replacement.data(), e.replacement.size());
      return;
    }
  }
  Word w(term);
  // Prelude: an initial apostrophe goes; y at the start or after a vowel is
  // a consonant (Y).
  if (w.size() > 0 && w.at(0) == '\'') w.DropFirst();
  if (w.size() <= 2) {
    if (w.size() == 0) w = Word(term);  // "'": nothing to strip
    out->assign(w.view().data(), w.size());
    return;
  }
  if (w.at(0) == 'y') w.Set(0, 'Y');
  for (size_t i = 1; i < w.size(); ++i) {
    if (w.at(i) == 'y' && IsVowel(w.at(i - 1))) w.Set(i, 'Y');
  }
  size_t p1 = w.size();
  for (std::string_view prefix : kR1Prefixes) {
    if (w.view().substr(0, prefix.size()) == prefix) {
      p1 = prefix.size();
      break;
    }
  }
  if (p1 == w.size()) p1 = w.RegionAfter(0);
  const size_t p2 = w.RegionAfter(p1);
  auto in_r1 = [&](size_t suffix) { return w.size() - suffix >= p1; };
  auto in_r2 = [&](size_t suffix) { return w.size() - suffix >= p2; };

  // Step 0: possessives.
  if (w.Ends("'s'")) {
    w.Cut(3);
  } else if (w.Ends("'s")) {
    w.Cut(2);
  } else if (w.Ends("'")) {
    w.Cut(1);
  }
  // Step 1a: plurals.
  if (w.Ends("sses")) {
    w.Cut(2);
  } else if (w.Ends("ied") || w.Ends("ies")) {
    w.Cut(w.size() > 4 ? 2 : 1);  // "cries" -> "cri", "ties" -> "tie"
  } else if (w.Ends("us") || w.Ends("ss")) {
    // "bus", "class": not plurals
  } else if (w.Ends("s") && w.size() >= 2 && w.HasVowelBefore(w.size() - 2)) {
    w.Cut(1);  // "gaps" -> "gap"; "gas" and "this" keep their s
  }
  bool done = false;
  if (w.size() >= 6 && w.size() <= 7) {
    for (std::string_view word : kAfterStep1a) done = done || w.view() == word;
  }
  // Step 1b: -ed, -ing.
  if (const Rule* r = done ? nullptr : Longest(w, kStep1b, Count(kStep1b))) {
    if (!r->replacement.empty()) {
      if (in_r1(r->suffix.size())) w.Replace(r->suffix.size(), r->replacement);
    } else if (w.HasVowelBefore(w.size() - r->suffix.size())) {
      w.Cut(r->suffix.size());
      if (w.Ends("at") || w.Ends("bl") || w.Ends("iz")) {
        w.Replace(0, "e");  // "luxuriat" -> "luxuriate"
      } else if (IsDouble(w)) {
        w.Cut(1);  // "hopp" -> "hop"
      } else if (w.ShortSyllableAt(w.size()) && p1 >= w.size()) {
        w.Replace(0, "e");  // a short word: "hop" -> "hope"
      }
    }
  }
  // Step 1c: a final y after a consonant (not the first letter) becomes i.
  if (!done && w.size() >= 3 && (w.Ends("y") || w.Ends("Y")) && !IsVowel(w.at(w.size() - 2))) {
    w.Set(w.size() - 1, 'i');
  }
  if (!done && mode == StemMode::kPorter2) {
    // Step 2: derivational suffixes in R1.
    if (const Rule* r = Longest(w, kStep2, Count(kStep2))) {
      const size_t len = r->suffix.size();
      if (in_r1(len)) {
        if (r->suffix == "ogi") {
          if (w.size() > 3 && w.at(w.size() - 4) == 'l') w.Replace(len, r->replacement);
        } else if (r->suffix == "li") {
          if (w.size() > 2 && IsValidLiEnding(w.at(w.size() - 3))) w.Cut(len);
        } else {
          w.Replace(len, r->replacement);
        }
      }
    }
    // Step 3.
    if (const Rule* r = Longest(w, kStep3, Count(kStep3))) {
      const size_t len = r->suffix.size();
      if (r->suffix == "ative") {
        if (in_r1(len) && in_r2(len)) w.Cut(len);
      } else if (in_r1(len)) {
        w.Replace(len, r->replacement);
      }
    }
    // Step 4: suffixes in R2.
    if (const Rule* r = Longest(w, kStep4, Count(kStep4))) {
      const size_t len = r->suffix.size();
      if (in_r2(len)) {
        if (r->suffix != "ion") {
          w.Cut(len);
        } else if (w.size() > 3 && (w.at(w.size() - 4) == 's' || w.at(w.size() - 4) == 't')) {
          w.Cut(len);
        }
      }
    }
  }
  // Step 5: a final e, or the second l of a final ll. The light variant runs
  // it too: it undoes step 1b's restored e ("announced" -> "announc" must
  // meet "announce").
  if (!done && mode != StemMode::kNone) {
    if (w.Ends("e")) {
      if (in_r2(1) || (in_r1(1) && !w.ShortSyllableAt(w.size() - 1))) w.Cut(1);
    } else if (w.Ends("ll") && in_r2(1)) {
      w.Cut(1);
    }
  }
  out->assign(w.view().data(), w.size());
  for (char& c : *out) {
    if (c == 'Y') c = 'y';
  }
}

bool IsPlainWord(std::string_view s) {
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || c == '\'')) return false;
  }
  return true;
}

}  // namespace

void StemTerm(std::string_view term, StemMode mode, std::string* out) {
  if (mode == StemMode::kNone || term.empty()) {
    out->assign(term.data(), term.size());
    return;
  }
  if (IsPlainWord(term)) {
    StemWord(term, mode, out);
    return;
  }
  // A compound's head: the part after its last hyphen, when it is a plain
  // word and the rest holds no character the tokenizer never puts in a word.
  const size_t hyphen = term.rfind('-');
  if (hyphen == std::string_view::npos || hyphen + 1 >= term.size() ||
      !IsPlainWord(term.substr(hyphen + 1))) {
    out->assign(term.data(), term.size());
    return;
  }
  // The head is stemmed into *out first, then the rest is put before it.
  std::string_view head = term.substr(hyphen + 1);
  StemWord(head, mode, out);
  out->insert(0, term.data(), hyphen + 1);
}

std::string StemTerm(std::string_view term, StemMode mode) {
  std::string out;
  StemTerm(term, mode, &out);
  return out;
}

std::string_view StemModeName(StemMode mode) {
  switch (mode) {
    case StemMode::kNone: return "none";
    case StemMode::kLight: return "light";
    case StemMode::kPorter2: return "porter2";
  }
  return "none";
}

bool ParseStemMode(std::string_view name, StemMode* mode) {
  for (StemMode m : {StemMode::kNone, StemMode::kLight, StemMode::kPorter2}) {
    if (name == StemModeName(m)) {
      *mode = m;
      return true;
    }
  }
  return false;
}

}  // namespace newsgraph
