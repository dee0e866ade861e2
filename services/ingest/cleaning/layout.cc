#include "services/ingest/cleaning/layout.h"

#include "services/ingest/cleaning/string_view_compat.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace newsgraph {
namespace cleaning {
namespace {

// Function words: their share tells running prose (many) from menus,
// headlines and labels (few). The idea is jusText's stopword density.
constexpr const char* kStopwords[] = {
    "the",   "a",     "an",    "of",    "to",    "in",    "on",     "at",
    "for",   "from",  "by",    "with",  "and",   "or",    "but",    "is",
    "are",   "was",   "were",  "be",    "been",  "being", "has",    "have",
    "had",   "will",  "would", "can",   "could", "should", "may",   "must",
    "that",  "this",  "these", "those", "it",    "its",   "as",     "he",
    "she",   "they",  "we",    "i",     "you",   "his",   "her",    "their",
    "our",   "not",   "no",    "said",  "says",  "than",  "which",  "who",
    "whom",  "what",  "when",  "where", "there", "also",  "after",  "before",
    "about", "into",  "over",  "under", "more",  "most",  "all",    "some",
    "any",   "other", "such",  "only",  "if",    "so",    "do",     "does",
    "did",   "them",  "him",   "us",    "my",    "your",  "then",   "while"};

// A lower-case ASCII word of up to 8 letters packed into an integer, so that
// the stopword test is a lookup of one integer.
uint64_t PackWord(std::string_view word) {
  uint64_t packed = 0;
  for (char c : word) packed = (packed << 8) | static_cast<unsigned char>(c);
  return packed;
}

// Open addressing over 256 slots (0 marks an empty slot; a packed word is
// never 0): about one probe per lookup, for every short word of every line.
bool IsStopword(uint64_t packed) {
  constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  static const std::array<uint64_t, 256>* kSlots = [] {
    auto* slots = new std::array<uint64_t, 256>();
    for (const char* word : kStopwords) {
      const uint64_t key = PackWord(word);
      size_t slot = (key * kMultiplier) >> 56;
      while ((*slots)[slot] != 0 && (*slots)[slot] != key) slot = (slot + 1) & 255;
      (*slots)[slot] = key;
    }
    return slots;
  }();
  for (size_t slot = (packed * kMultiplier) >> 56;; slot = (slot + 1) & 255) {
    const uint64_t key = (*kSlots)[slot];
    if (key == packed) return packed != 0;
    if (key == 0) return false;
  }
}

// Whole-line headings of link lists and page furniture (compared as
// LineKey()).
const absl::flat_hash_set<std::string_view>& ListHeadings() {
  static const auto* kHeadings = new absl::flat_hash_set<std::string_view>{
      "related news",     "related",          "related articles",
      "related stories",  "related materials", "read also",
      "read more",        "see also",         "also read",
      "popular",          "popular news",     "most popular",
      "most read",        "most viewed",      "most commented",
      "latest news",      "latest",           "more news",
      "other news",       "top news",         "news partner",
      "news partners",    "partner news",     "partners news",
      "recommended",      "we recommend",     "you may also like",
      "more on this topic", "on this topic",  "on the topic",
      "editors choice",   "editor s choice",  "news feed",
      "all news",         "tags",             "share",
      "comments",         "leave a comment",  "trending",
      "top stories",      "more stories",     "similar news",
      "news of the day",  "main news",        "follow us",
      "subscribe",        "print",            "contacts",
      "contact us",       "advertising",      "about us",
      "in focus",         "headlines",        "archive",
      "news archive",     "multimedia",       "photo",
      "video",            "photos",           "videos",
      "search",           "menu",             "home",
      "main",             "back",             "print version"};
  return *kHeadings;
}

// Words of share bars and social links.
const absl::flat_hash_set<std::string_view>& SocialWords() {
  static const auto* kWords = new absl::flat_hash_set<std::string_view>{
      "share",    "tweet",   "facebook", "twitter", "telegram", "whatsapp",
      "vk",       "vkontakte", "instagram", "youtube", "linkedin", "x",
      "print",    "email",   "e",        "mail",    "copy",     "link",
      "ok",       "odnoklassniki", "subscribe", "follow", "us", "on", "in",
      "tiktok",   "rss",     "and",      "or",      "viber",    "share:"};
  return *kWords;
}

constexpr uint64_t kOneBytes = 0x0101010101010101ULL;
constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// High bit set in each byte of `word` within [lo, hi]. REQUIRES: every byte
// of `word` is ASCII (below 0x80), so that no sum carries into the next.
inline uint64_t BytesInRange(uint64_t word, unsigned lo, unsigned hi) {
  return (word + kOneBytes * (0x80 - lo)) & ~(word + kOneBytes * (0x7F - hi)) &
         kHighBits;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

// Strips closing quotes and brackets from the end of `text`.
std::string_view StripClosers(std::string_view text) {
  while (!text.empty()) {
    const char c = text.back();
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == ' ') {
      text.remove_suffix(1);
    } else if (absl::EndsWith(Av(text), Av("\xE2\x80\x9D")) ||   // ”
               absl::EndsWith(Av(text), Av("\xE2\x80\x99"))) {   // ’
      text.remove_suffix(3);
    } else if (absl::EndsWith(Av(text), Av("\xC2\xBB"))) {       // »
      text.remove_suffix(2);
    } else {
      break;
    }
  }
  return text;
}

bool EndsSentence(std::string_view text) {
  text = StripClosers(text);
  if (text.empty()) return false;
  const char c = text.back();
  return c == '.' || c == '!' || c == '?' || c == ';' ||
         absl::EndsWith(Av(text), Av("\xE2\x80\xA6"));  // …
}

struct Features {
  int chars = 0;        // bytes
  int words = 0;        // space-separated tokens with a letter or digit
  int alpha_words = 0;  // tokens with a letter
  int stopwords = 0;
  int separators = 0;   // tokens that are only | • · / » « :: etc.
  int single_letters = 0;
  int digits = 0;
  bool has_alnum = false;
  bool ends_sentence = false;
  bool ends_colon = false;
  bool starts_upper = false;
};

bool IsSeparatorToken(std::string_view token) {
  return token == "|" || token == "/" || token == "\xE2\x80\xA2" ||  // •
         token == "\xC2\xB7" ||                                      // ·
         token == "\xC2\xBB" || token == "\xC2\xAB" ||               // » «
         token == "::" || token == "||" || token == "\xE2\x80\xBA" ||  // ›
         token == ">" || token == "\xE2\x86\x92";                      // →
}

// Byte flags for ComputeFeatures.
enum ByteFlag : uint8_t {
  kFlagSpace = 1,
  kFlagAlnum = 2,   // ASCII letter or digit
  kFlagLetter = 4,  // ASCII letter, or the lead byte of a non-ASCII letter
  kFlagDigit = 8,
  kFlagWide = 16,   // lead byte of a non-ASCII letter: 2-byte (Latin-1 ..
                    // Cyrillic) or 3/4-byte other than E2 (punctuation,
                    // arrows, symbols)
  kFlagOther = 32,  // everything else: punctuation, continuation bytes
};

const std::array<uint8_t, 256>& ByteFlags() {
  static const std::array<uint8_t, 256> kFlags = [] {
    std::array<uint8_t, 256> flags{};
    flags.fill(kFlagOther);
    for (int c = 'A'; c <= 'Z'; ++c) flags[c] = kFlagAlnum | kFlagLetter;
    for (int c = 'a'; c <= 'z'; ++c) flags[c] = kFlagAlnum | kFlagLetter;
    for (int c = '0'; c <= '9'; ++c) flags[c] = kFlagAlnum | kFlagDigit;
    flags[' '] = kFlagSpace;
    for (int c = 0xC3; c <= 0xF4; ++c) flags[c] = kFlagLetter | kFlagWide;
    flags[0xE2] = kFlagOther;
    return flags;
  }();
  return kFlags;
}

Features ComputeFeatures(const Line& line) {
  Features f;
  // Word statistics of long lines come from their first 320 bytes: every
  // rule that counts words is about short lines, and the shares (stopwords)
  // of a long paragraph are well estimated by its start.
  const std::string_view text =
      std::string_view(line.text).substr(0, line.text.size() > 480 ? 320 : 480);
  f.chars = static_cast<int>(line.text.size());
  f.ends_sentence = EndsSentence(line.text);
  const std::string_view stripped = StripClosers(line.text);
  f.ends_colon = !stripped.empty() && stripped.back() == ':';
  const std::array<uint8_t, 256>& flags = ByteFlags();
  const unsigned char* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  bool first_word = true;
  size_t pos = 0;
  while (pos < n) {
    if (s[pos] == ' ') {
      ++pos;
      continue;
    }
    // The token: the flags of its bytes or-ed together; the details are
    // looked at afterwards, in the few tokens that need them.
    const size_t start = pos;
    unsigned seen = 0;
    for (; pos < n; ++pos) {
      const uint8_t flag = flags[s[pos]];
      if (flag & kFlagSpace) break;
      seen |= flag;
    }
    const size_t end = pos;
    if (seen & kFlagDigit) {
      for (size_t i = start; i < end; ++i) f.digits += s[i] >= '0' && s[i] <= '9';
    }
    const bool letter = (seen & kFlagLetter) != 0;
    if (!letter && !(seen & kFlagDigit)) {
      if (IsSeparatorToken(text.substr(start, end - start))) ++f.separators;
      continue;
    }
    f.has_alnum = true;
    ++f.words;
    if (first_word) {
      const unsigned char c0 = s[start];
      f.starts_upper = (c0 >= 'A' && c0 <= 'Z') || c0 >= 0x80 || c0 == '"' ||
                       c0 == '\'' || (c0 >= '0' && c0 <= '9');
      first_word = false;
    }
    if (!letter) continue;
    ++f.alpha_words;
    if (!(seen & kFlagAlnum)) continue;
    // The ASCII alphanumeric core: first to last ASCII letter or digit.
    size_t core_begin = start, core_end = end;
    while (!(flags[s[core_begin]] & kFlagAlnum)) ++core_begin;
    while (!(flags[s[core_end - 1]] & kFlagAlnum)) --core_end;
    const size_t core_length = core_end - core_begin;
    if (core_length == 1 && s[core_begin] >= 'A' && s[core_begin] <= 'Z') {
      ++f.single_letters;
    }
    // A stopword is the whole token but for leading punctuation ("the",
    // "(the"): an ASCII word whose core runs to the token's end.
    if (core_length > 6 || core_end != end || (seen & kFlagWide)) continue;
    uint64_t packed = 0;
    bool ascii_word = true;
    for (size_t i = core_begin; i < core_end; ++i) {
      const unsigned char c = s[i];
      if (!(flags[c] & kFlagAlnum)) ascii_word = false;
      packed = (packed << 8) | (c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
    if (ascii_word && IsStopword(packed)) ++f.stopwords;
  }
  return f;
}

bool StartsWithWord(std::string_view key, std::string_view word) {
  return !key.empty() && !word.empty() && key[0] == word[0] &&
         key.size() >= word.size() &&
         (key.size() == word.size() || key[word.size()] == ' ') &&
         std::memcmp(key.data(), word.data(), word.size()) == 0;
}

bool HasQuoteMark(std::string_view text) {
  return text.find('"') != std::string_view::npos ||
         text.find("\xE2\x80\x9C") != std::string_view::npos ||  // “
         text.find("\xC2\xAB") != std::string_view::npos;         // «
}

// Reported speech ("If you have a fever, stay at home, the doctor
// advised.") is article text even when it addresses the reader.
bool IsAttributed(std::string_view key) {
  for (const char* verb : {" said", " says", " advised", " noted", " told",
                           " according to", " urged", " warned",
                           " recommended", " added", " explained"}) {
    if (absl::StrContains(Av(key), verb)) return true;
  }
  return false;
}

bool HasPhoneNumber(std::string_view text) {
  // A run of 7+ digits interrupted only by spaces, dashes, dots, brackets,
  // optionally after '+': "+7 (7172) 74-32-10", "8 800 080 88 87".
  int digits = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      ++digits;
      if (digits >= 9) return true;
    } else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '+' ||
               c == '.') {
      continue;
    } else {
      digits = 0;
    }
  }
  return false;
}

// Classifies one line by its text; `f` are its features, `key` its LineKey.
LineInfo ClassifyText(const Line& line, const Features& f,
                     const std::string& key) {
  LineInfo info;
  // Every use is `return set(...)`: the result is moved out, not copied.
  auto set = [&info](LineKind kind, const char* reason) {
    info.kind = kind;
    info.reason = reason;
    return std::move(info);
  };
  const std::string_view text = line.text;
  const bool sentence = f.ends_sentence && f.alpha_words >= 3;

  // Markup evidence first: it is the most reliable when present.
  if (line.from_html) {
    if (line.page_header) return set(LineKind::kBarrier, "markup: page header");
    if (line.caption) return set(LineKind::kSkip, "markup: caption");
  }

  if (!f.has_alnum) return set(LineKind::kBarrier, "no words");

  // Short lines dominated by a full date: datelines, teaser dates, banners.
  // A date line is a date (weekday, day, month, year, time: a few words)
  // plus a few labels; longer lines are never date lines.
  // (A sentence of more than nine words leaves more than five words
  // besides a date, and a teaser headline does not end like a sentence.)
  if (f.chars <= 160 && f.alpha_words <= 24 && f.digits >= 4 &&
      !(f.ends_sentence && f.alpha_words > 9)) {
    info.dates = FindFullDates(text);
    if (!info.dates.empty()) {
      // Words outside the dates: "date", "Photo | site.kz", "Published:".
      std::string rest;
      size_t prev = 0;
      for (const FullDate& date : info.dates) {
        rest.append(text.substr(prev, date.begin - prev));
        rest.push_back(' ');
        prev = date.end;
      }
      rest.append(text.substr(prev));
      Line rest_line;
      rest_line.text = rest;
      const Features rest_features = ComputeFeatures(rest_line);
      // (A short sentence with a date, "Registration closes on 1 July
      // 2024.", is prose.)
      if (rest_features.alpha_words <= 5 &&
          !(rest_features.ends_sentence && rest_features.alpha_words >= 2)) {
        info.date_line = true;
        return set(LineKind::kBarrier, "date line");
      }
      // "Nurses' salaries to rise by 20% from July  12 March 2024": another
      // story's headline with its date, at either end of the line.
      const FullDate& first = info.dates.front();
      const FullDate& last = info.dates.back();
      const bool at_edge =
          first.begin == 0 ||
          Sv(absl::StripTrailingAsciiWhitespace(Av(text.substr(last.end))))
              .empty() ||
          absl::StartsWith(Av(text.substr(last.end)), ")");
      const bool list_item = absl::StartsWith(Av(text), "- ") ||
                             absl::StartsWith(Av(text), "\xE2\x80\xA2") ||
                             absl::StartsWith(Av(text), "* ");
      if (at_edge && !list_item && !rest_features.ends_sentence &&
          !rest_features.ends_colon && rest_features.alpha_words >= 2 &&
          rest_features.alpha_words <= 20) {
        info.date_line = true;
        return set(LineKind::kBarrier, "dated teaser");
      }
    }
  }

  if (f.words <= 5 && ListHeadings().contains(key)) {
    return set(LineKind::kBarrier, "list heading");
  }
  if (StartsWithWord(key, "read also") || StartsWithWord(key, "also read") ||
      StartsWithWord(key, "read more") || StartsWithWord(key, "see also") ||
      StartsWithWord(key, "advertisement")) {
    return set(LineKind::kSkip, "inline link teaser");
  }
  if (StartsWithWord(key, "tags") && absl::StrContains(Av(text.substr(0, 8)), Av(":"))) {
    return set(LineKind::kBarrier, "tags");
  }
  const bool short_line = f.chars < 400;
  // Copyright and reprint notices: short, or marked with ©.
  const bool may_be_notice =
      short_line && (f.chars < 240 || text.find("\xC2\xA9") != std::string_view::npos);
  if (may_be_notice) {
    auto has = [&key](const char* phrase) {
      return absl::StrContains(Av(key), phrase);
    };
    const bool copyright =
        text.find("\xC2\xA9") != std::string_view::npos ||  // ©
        (StartsWithWord(key, "copyright") && !sentence) ||
        has("all rights reserved") || absl::StartsWith(Av(text), "(c)") ||
        absl::StartsWith(Av(text), "(C)");
    // "When using materials, a hyperlink is required", "Reprinting is
    // allowed only with a link to the source".
    const bool reprint =
        (has("hyperlink") || has("reprint") || has("use of materials") ||
         has("using materials") || has("reproduction")) &&
        (has("materials") || has("source") || has("site") ||
         has("required") || has("permitted") || has("allowed") ||
         has("prohibited"));
    if (copyright || reprint) return set(LineKind::kBarrier, "copyright");
  }
  if (short_line &&
      (StartsWithWord(key, "address") || StartsWithWord(key, "tel") ||
       StartsWithWord(key, "phone") || StartsWithWord(key, "fax") ||
       StartsWithWord(key, "e mail") || StartsWithWord(key, "email") ||
       StartsWithWord(key, "contacts") || StartsWithWord(key, "hotline") ||
       (!sentence && HasPhoneNumber(text)) ||
       (!sentence && f.words <= 12 &&
        text.find('@') != std::string_view::npos))) {
    return set(LineKind::kBarrier, "contact footer");
  }
  if ((key == "top" || key == "to top" || key == "back to top" ||
       key == "up" || key == "go to top") &&
      (absl::StrContains(Av(text), Av("^")) || absl::StrContains(Av(text), Av("\xE2\x86\x91")) ||
       absl::StartsWithIgnoreCase(Av(text), Av("back")) ||
       absl::StartsWithIgnoreCase(Av(text), Av("go")))) {
    return set(LineKind::kBarrier, "top marker");
  }
  {
    // Pagers: only page words, numbers and arrows.
    bool pager = f.words > 0 && !sentence && f.words <= 12;
    size_t pos = 0;
    while (pager && pos < key.size()) {
      size_t end = key.find(' ', pos);
      if (end == std::string::npos) end = key.size();
      const std::string_view word(key.data() + pos, end - pos);
      pos = end + 1;
      const bool number = std::all_of(word.begin(), word.end(), [](char c) {
        return c >= '0' && c <= '9';
      });
      if (!number && word != "prev" && word != "previous" && word != "next" &&
          word != "older" && word != "newer" && word != "page" &&
          word != "first" && word != "last" && word != "of") {
        pager = false;
      }
    }
    if (pager && !sentence) return set(LineKind::kBarrier, "pager");
  }
  if (absl::StartsWith(Av(text), Av("Photo")) || absl::StartsWith(Av(text), Av("PHOTO")) ||
      absl::StartsWith(Av(text), Av("Video:")) || absl::StartsWith(Av(text), Av("Фото")) ||
      absl::StartsWith(Av(text), Av("Source:")) || absl::StartsWith(Av(text), Av("Image:"))) {
    if (f.words <= 12 && (StartsWithWord(key, "photo") ||
                          StartsWithWord(key, "photos") ||
                          StartsWithWord(key, "video") ||
                          StartsWithWord(key, "фото") ||
                          StartsWithWord(key, "source") ||
                          StartsWithWord(key, "image"))) {
      return set(LineKind::kSkip, "photo credit");
    }
  }
  // Menus: short items between separators or wide gaps ("Main | A A A |
  // Қаз | Рус | Eng", "News   Politics   Society").
  const int separators = f.separators + line.wide_gaps;
  if (separators >= 2 && !sentence &&
      f.words <= 4 * (separators + 1)) {
    return set(LineKind::kBarrier, "menu");
  }
  if (f.single_letters >= 3 && f.single_letters * 2 >= f.words) {
    return set(LineKind::kBarrier, "menu");  // "A A A" font switchers
  }
  {
    // Share bars: only social network words.
    bool social = f.words > 0 && f.words <= 10;
    size_t pos = 0;
    while (social && pos < key.size()) {
      size_t end = key.find(' ', pos);
      if (end == std::string::npos) end = key.size();
      if (!SocialWords().contains(
              std::string_view(key.data() + pos, end - pos))) {
        social = false;
      }
      pos = end + 1;
    }
    if (social && (StartsWithWord(key, "share") || f.words >= 2)) {
      return set(LineKind::kBarrier, "share bar");
    }
  }
  if ((StartsWithWord(key, "views") || StartsWithWord(key, "comments")) &&
      f.words <= 12 && !sentence) {
    return set(LineKind::kBarrier, "counter");
  }
  // Lines that address the reader rather than report ("Subscribe to ...",
  // "If you or someone you know needs help, call ..."); quotes excepted.
  if (f.words <= 40 &&
      (StartsWithWord(key, "subscribe") || StartsWithWord(key, "follow us") ||
       StartsWithWord(key, "join us") || StartsWithWord(key, "sign up") ||
       StartsWithWord(key, "if you") || StartsWithWord(key, "send us") ||
       StartsWithWord(key, "download our") || StartsWithWord(key, "click") ||
       StartsWithWord(key, "share this") ||
       StartsWithWord(key, "for more information") ||
       StartsWithWord(key, "to contact") ||
       StartsWithWord(key, "got a news tip") ||
       StartsWithWord(key, "found a typo") ||
       StartsWithWord(key, "found an error") ||
       StartsWithWord(key, "report a typo") ||
       StartsWithWord(key, "send to a friend") ||
       StartsWithWord(key, "font size") ||
       StartsWithWord(key, "print version") ||
       StartsWithWord(key, "have a news tip")) &&
      !HasQuoteMark(text) && !IsAttributed(key)) {
    return set(LineKind::kBarrier, "call to action");
  }
  // "Also on the site:", "Read more on this topic:": a short label that
  // introduces a list of links.
  if (f.ends_colon && f.words <= 6 && !sentence &&
      (absl::StrContains(Av(key), "news") || absl::StrContains(Av(key), "read") ||
       absl::StrContains(Av(key), "also") || absl::StrContains(Av(key), "related") ||
       absl::StrContains(Av(key), "more") || absl::StrContains(Av(key), "popular") ||
       absl::StrContains(Av(key), "stories") || absl::StrContains(Av(key), "articles") ||
       absl::StrContains(Av(key), "topic") || absl::StrContains(Av(key), "latest"))) {
    return set(LineKind::kBarrier, "list heading");
  }
  if (f.words <= 5 &&
      (StartsWithWord(key, "more from") || StartsWithWord(key, "more in") ||
       StartsWithWord(key, "more on") || StartsWithWord(key, "other news") ||
       StartsWithWord(key, "latest in") || StartsWithWord(key, "also in") ||
       StartsWithWord(key, "see more") || StartsWithWord(key, "more stories"))) {
    return set(LineKind::kBarrier, "list heading");
  }

  if (line.heading_level > 0) {
    info.headline_like = f.alpha_words >= 2;
    return set(LineKind::kNeutral, "heading");
  }
  if (sentence) return set(LineKind::kContent, "sentence");
  if (f.chars >= 120 && f.stopwords * 10 >= f.alpha_words) {
    return set(LineKind::kContent, "long prose");
  }
  info.headline_like = f.alpha_words >= 3 && f.chars <= 300 &&
                       f.starts_upper && !f.ends_colon &&
                       !StartsWithWord(key, "by") &&
                       !StartsWithWord(key, "author");
  return set(LineKind::kNeutral, "short line");
}

// Classifies one line. Markup that marks chrome (a class such as "related"
// or "share", a block made of links) cannot make a line article text, but
// it does not end the body either: inline teasers ("Read also: <link>"),
// share bars and ad slots sit inside article bodies. Such lines are kSkip
// unless their text alone already makes them barriers.
LineInfo ClassifyOne(const Line& line, const Features& f,
                     const std::string& key) {
  LineInfo info = ClassifyText(line, f, key);
  // Long prose full of inline links (names, institutions) is still prose.
  const bool link_block =
      line.link_density >= 0.6f && (f.words < 20 || line.link_density >= 0.85f);
  if (line.from_html && (line.chrome_hint || link_block) &&
      (info.kind == LineKind::kContent || info.kind == LineKind::kNeutral)) {
    info.kind = LineKind::kSkip;
    info.reason = line.chrome_hint ? "markup: chrome class" : "markup: links";
    info.headline_like = false;
  }
  return info;
}

bool AnyContentInArticle(const std::vector<Line>& lines,
                         const std::vector<LineInfo>& infos) {
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].from_html && lines[i].in_article &&
        infos[i].kind == LineKind::kContent) {
      return true;
    }
  }
  return false;
}

// "ASTANA, 14 March 2024 — ...", "14.03.2024 / KAZINFORM –": nothing but a
// place name in capitals before the date, a separator after it.
bool IsDateline(std::string_view line, const FullDate& date) {
  for (size_t i = 0; i < date.begin; ++i) {
    const char c = line[i];
    if (c >= 'a' && c <= 'z') return false;
  }
  size_t pos = date.end;
  while (pos < line.size() && (line[pos] == ' ' || line[pos] == ',')) ++pos;
  const std::string_view rest = line.substr(pos);
  return rest.empty() || rest[0] == '-' || rest[0] == ':' || rest[0] == '|' ||
         rest[0] == '/' || rest[0] == '(' ||
         absl::StartsWith(Av(rest), "\xE2\x80\x93") ||  // –
         absl::StartsWith(Av(rest), "\xE2\x80\x94") ||  // —
         (rest[0] >= 'A' && rest[0] <= 'Z' && date.begin > 0 &&
          rest.size() > 1 && rest[1] >= 'A' && rest[1] <= 'Z');  // AGENCY
}

}  // namespace

std::string LineKey(std::string_view text) {
  // ASCII bytes: their lower-case form if alphanumeric, else 0 (a break).
  static const std::array<char, 128> kAscii = [] {
    std::array<char, 128> table{};
    for (int c = 0; c < 128; ++c) {
      if (IsAsciiAlnum(static_cast<char>(c))) {
        table[c] = absl::ascii_tolower(static_cast<char>(c));
      }
    }
    return table;
  }();
  std::string key(text.size(), '\0');
  char* out = key.data();
  char* const begin = out;
  bool space = false;
  const size_t n = text.size();
  size_t scalar_until = 0;  // bytes before it go one at a time
  for (size_t i = 0; i < n; ++i) {
    if (i >= scalar_until && i + 8 <= n) {
      // Eight bytes of letters, digits and single spaces (most of prose)
      // are their own key once lower-cased.
      uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & kHighBits) == 0) {
        const uint64_t upper = BytesInRange(word, 'A', 'Z');
        const uint64_t spaces = BytesInRange(word, ' ', ' ');
        const uint64_t plain = BytesInRange(word, 'a', 'z') | upper |
                               BytesInRange(word, '0', '9') | spaces;
        if (plain == kHighBits && (spaces & (spaces << 8)) == 0) {
          // A break before the chunk is written unless the chunk starts
          // with its own space; a space at its end waits for what follows.
          if (space && (spaces & 0x80) == 0) *out++ = ' ';
          const uint64_t lowered = word | (upper >> 2);  // 0x80 >> 2 = 0x20
          std::memcpy(out, &lowered, 8);
          space = (spaces >> 63) != 0;
          out += space ? 7 : 8;
          i += 7;
          continue;
        }
      }
      scalar_until = i + 8;
    }
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      // Branch-free: a space is written and kept only before a letter or
      // digit that follows a break, then the letter or digit itself (the
      // buffer has room: a break wrote nothing). A space written first is
      // dropped at the end.
      const char mapped = kAscii[c];
      const bool alnum = mapped != 0;
      *out = ' ';
      out += alnum & space;
      *out = mapped;
      out += alnum;
      space = !alnum;
      continue;
    }
    // Keep non-ASCII letters (Cyrillic, Kazakh), drop general punctuation
    // (U+2000..U+206F: dashes, curly quotes, bullets) and Latin-1 symbols
    // such as « » © (lead byte 0xC2).
    const size_t len = std::min<size_t>(
        (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : 2, n - i);
    const bool punct = (c == 0xE2 && i + 1 < n &&
                        static_cast<unsigned char>(text[i + 1]) <= 0x81) ||
                       c == 0xC2;
    if (punct) {
      space = true;
    } else {
      if (space) *out++ = ' ';
      space = false;
      for (size_t k = 0; k < len; ++k) *out++ = text[i + k];
    }
    i += len - 1;
  }
  key.resize(static_cast<size_t>(out - begin));
  if (!key.empty() && key[0] == ' ') key.erase(0, 1);
  return key;
}

std::vector<LineInfo> ClassifyLines(const std::vector<Line>& lines) {
  std::vector<LineInfo> infos;
  infos.reserve(lines.size());
  std::vector<std::string> keys;
  keys.reserve(lines.size());
  // Long lines are prose: their key only serves prefix tests ("Read also:
  // ...") and they are never treated as repeats.
  constexpr size_t kFullKeyBytes = 320;
  for (const Line& line : lines) {
    keys.push_back(LineKey(std::string_view(line.text).substr(0, kFullKeyBytes)));
  }
  std::vector<int> repeats(lines.size(), 1);
  {
    // Each distinct key gets a number (one hash per line), then counts.
    absl::flat_hash_map<std::string_view, uint32_t> numbers;
    numbers.reserve(lines.size());
    std::vector<uint32_t> number_of(lines.size());
    std::vector<int> counts;
    counts.reserve(lines.size());
    for (size_t i = 0; i < lines.size(); ++i) {
      const auto inserted = numbers.try_emplace(
          keys[i], static_cast<uint32_t>(counts.size()));
      if (inserted.second) counts.push_back(0);
      number_of[i] = inserted.first->second;
      ++counts[number_of[i]];
    }
    for (size_t i = 0; i < lines.size(); ++i) {
      if (!keys[i].empty() && lines[i].text.size() <= kFullKeyBytes) {
        repeats[i] = counts[number_of[i]];
      }
    }
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    const Features f = ComputeFeatures(lines[i]);
    LineInfo info = ClassifyOne(lines[i], f, keys[i]);
    info.repeats = repeats[i];
    // A short line printed more than once is the headline repeated by the
    // layout, or a menu; never body text.
    if (info.repeats >= 2 && info.kind == LineKind::kNeutral) {
      info.kind = LineKind::kBarrier;
      info.reason = "repeated line";
    }
    info.key = std::move(keys[i]);
    infos.push_back(std::move(info));
  }
  // On pages with an <article>/<main>, content outside it is other stories.
  if (AnyContentInArticle(lines, infos)) {
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].from_html && !lines[i].in_article &&
          infos[i].kind != LineKind::kBarrier) {
        infos[i].kind = LineKind::kBarrier;
        infos[i].reason = "markup: outside article";
      }
    }
  }
  return infos;
}

BodySpan SelectBody(const std::vector<Line>& lines,
                    std::vector<LineInfo>* infos, std::string_view title) {
  const std::string title_key = LineKey(title);
  if (!title_key.empty()) {
    for (size_t i = 0; i < lines.size(); ++i) {
      if ((*infos)[i].kind != LineKind::kBarrier &&
          (*infos)[i].key == title_key) {
        (*infos)[i].kind = LineKind::kBarrier;
        (*infos)[i].reason = "title";
      }
    }
  }
  const size_t n = lines.size();
  // The article follows its headline: the first run that starts after the
  // (first) headline, if within a few lines of it, counts three times
  // against sidebars and teaser blocks elsewhere on the page.
  size_t title_index = n;
  if (!title_key.empty()) {
    for (size_t i = 0; i < n; ++i) {
      if ((*infos)[i].key == title_key) {
        title_index = i;
        break;
      }
    }
  }
  BodySpan best;
  size_t best_score = 0;
  bool headline_run_seen = false;  // the bonus goes to one run only
  LineKind best_kind = LineKind::kContent;
  // Runs between barriers; score = bytes of content lines.
  auto consider = [&](size_t run_begin, size_t run_end, LineKind wanted) {
    size_t first = n, last = 0, score = 0;
    for (size_t i = run_begin; i < run_end; ++i) {
      if ((*infos)[i].kind != wanted) continue;
      if (first == n) first = i;
      last = i;
      score += lines[i].text.size();
    }
    if (!headline_run_seen && first < n && title_index < first) {
      headline_run_seen = true;
      if (first - title_index <= 8) score *= 3;
    }
    if (first == n || score <= best_score) return;
    best_score = score;
    best.begin = first;
    best.end = last + 1;
    best_kind = wanted;
  };
  for (LineKind wanted : {LineKind::kContent, LineKind::kNeutral}) {
    headline_run_seen = false;
    size_t run_begin = 0;
    for (size_t i = 0; i <= n; ++i) {
      if (i == n || (*infos)[i].kind == LineKind::kBarrier) {
        if (i > run_begin) consider(run_begin, i, wanted);
        run_begin = i + 1;
      }
    }
    if (best_score > 0) break;  // neutral runs only when there is no prose
  }
  if (best.end == best.begin) return best;
  std::vector<bool> outside(n, false);
  if (lines[best.begin].from_html) {
    // The container of the article: the innermost element enclosing 75% of
    // the run's content bytes. Content after it is another story's teaser;
    // content before it may be the article's lead in its own element.
    absl::flat_hash_map<uint32_t, size_t> bytes;
    size_t total = 0, longest = best.begin;
    for (size_t i = best.begin; i < best.end; ++i) {
      if ((*infos)[i].kind != LineKind::kContent) continue;
      total += lines[i].text.size();
      for (uint32_t id : lines[i].containers) bytes[id] += lines[i].text.size();
      if (lines[i].text.size() > lines[longest].text.size()) longest = i;
    }
    uint32_t container = 0;
    const std::vector<uint32_t>& chain = lines[longest].containers;
    for (size_t k = chain.size(); k-- > 0;) {
      if (bytes[chain[k]] * 4 >= total * 3) {
        container = chain[k];
        break;
      }
    }
    if (container != 0) {
      bool seen_container = false;
      for (size_t i = best.begin; i < best.end; ++i) {
        const std::vector<uint32_t>& c = lines[i].containers;
        const bool inside =
            std::find(c.begin(), c.end(), container) != c.end();
        seen_container = seen_container || inside;
        outside[i] = !inside && seen_container;
      }
      while (best.end > best.begin &&
             (outside[best.end - 1] ||
              (*infos)[best.end - 1].kind != best_kind)) {
        --best.end;
      }
    }
  }
  if (best.end <= best.begin) return BodySpan();
  // A list introduced by a colon continues the body ("The list includes:").
  while (best.end < n && (*infos)[best.end].kind == LineKind::kNeutral) {
    const std::string_view prev = StripClosers(lines[best.end - 1].text);
    const bool after_colon = !prev.empty() && (prev.back() == ':' ||
                                               prev.back() == ';' ||
                                               prev.back() == ',');
    if (!after_colon) break;
    ++best.end;
  }
  for (size_t i = best.begin; i < best.end; ++i) {
    if ((*infos)[i].kind == LineKind::kSkip || outside[i]) {
      best.excluded.push_back(i);
    }
  }
  return best;
}

int FindTitleLine(const std::vector<Line>& lines,
                  const std::vector<LineInfo>& infos, size_t body_begin) {
  body_begin = std::min(body_begin, lines.size());
  // A headline printed more than once above the body: its last copy.
  for (size_t i = body_begin; i-- > 0;) {
    if (infos[i].repeats >= 2 && infos[i].headline_like) {
      return static_cast<int>(i);
    }
  }
  // Otherwise the nearest headline-like line above the body, looking past
  // datelines, photo credits and labels.
  int looked = 0;
  for (size_t i = body_begin; i-- > 0 && looked < 8; ++looked) {
    if (infos[i].headline_like) return static_cast<int>(i);
    if (infos[i].kind == LineKind::kContent) break;
  }
  return -1;
}

std::string FindDateInLines(const std::vector<Line>& lines,
                            const std::vector<LineInfo>& infos,
                            const BodySpan& body, int anchor_line) {
  struct Candidate {
    const FullDate* date;
    FullDate owned;
    long distance;
    bool after;
  };
  const long anchor = anchor_line >= 0 ? anchor_line
                                       : static_cast<long>(body.begin);
  std::vector<Candidate> candidates;
  const size_t limit = std::min(body.begin, lines.size());
  for (size_t i = 0; i < limit; ++i) {
    for (const FullDate& date : infos[i].dates) {
      const long line = static_cast<long>(i);
      // A weekday-led date well above the headline is the site's
      // "today is ..." banner, not the publication date.
      if (date.weekday && line + 1 < anchor) continue;
      candidates.push_back({&date, {}, std::labs(line - anchor), line > anchor});
    }
  }
  // A dateline opening the first paragraph: "NUR-SULTAN, 14 March 2021,
  // 09:40 – ..." (a place in capitals or nothing before the date, a dash or
  // colon after it), not an event date in a sentence ("On 2023-08-31, the
  // council ...").
  if (body.begin < body.end) {
    const std::string_view first = lines[body.begin].text;
    std::vector<FullDate> dates = FindFullDates(first.substr(0, 80));
    if (!dates.empty() && dates.front().begin < 40 &&
        IsDateline(first, dates.front())) {
      Candidate candidate{nullptr, dates.front(),
                          std::labs(static_cast<long>(body.begin) - anchor),
                          static_cast<long>(body.begin) > anchor};
      candidates.push_back(std::move(candidate));
    }
  }
  // Some layouts print "Published: 14 March 2021" under the article: a
  // labelled date line right after the body, before any list of links.
  if (candidates.empty()) {
    for (size_t i = body.end; i < std::min(lines.size(), body.end + 3); ++i) {
      if (infos[i].reason == std::string_view("list heading")) break;
      if (!infos[i].date_line || infos[i].dates.empty()) continue;
      const std::string& key = infos[i].key;
      if (StartsWithWord(key, "published") || StartsWithWord(key, "posted") ||
          StartsWithWord(key, "date") || StartsWithWord(key, "publication")) {
        return infos[i].dates.front().iso;
      }
    }
  }
  if (candidates.empty()) return "";
  auto iso_of = [](const Candidate& c) -> const std::string& {
    return c.date != nullptr ? c.date->iso : c.owned.iso;
  };
  const Candidate* best = &candidates.front();
  for (const Candidate& c : candidates) {
    if (c.distance < best->distance ||
        (c.distance == best->distance && c.after && !best->after)) {
      best = &c;
    }
  }
  // The same day written with a clock time elsewhere is more precise.
  std::string iso = iso_of(*best);
  for (const Candidate& c : candidates) {
    const std::string& other = iso_of(c);
    if (other.size() > iso.size() && other.compare(0, 10, iso, 0, 10) == 0) {
      iso = other;
    }
  }
  return iso;
}

}  // namespace cleaning
}  // namespace newsgraph
