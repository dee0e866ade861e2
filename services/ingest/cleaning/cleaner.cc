#include "services/ingest/cleaning/cleaner.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status/status_macros.h"
#include "services/ingest/cleaning/date_lines.h"
#include "services/ingest/cleaning/explain.h"
#include "services/ingest/cleaning/string_view_compat.h"
#include "services/ingest/cleaning/html_extractor.h"
#include "services/ingest/cleaning/layout.h"
#include "services/ingest/cleaning/simhash.h"
#include "services/ingest/cleaning/unicode_text.h"

namespace newsgraph {

const int kNearDuplicateMaxDistance = cleaning::kNearDuplicateMaxDistance;

int SimHashDistance(uint64_t a, uint64_t b) {
  return cleaning::SimHashDistance(a, b);
}

namespace {

using cleaning::Av;
using cleaning::Line;
using cleaning::LineInfo;
using cleaning::LineKind;
using cleaning::Sv;

constexpr char kTextPlain[] = "text/plain";
constexpr char kTextHtml[] = "text/html";

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
        c != '\v') {
      return false;
    }
  }
  return true;
}

// Sniffs HTML: markup at the start, or several paragraph/break tags early.
bool LooksLikeHtml(std::string_view content) {
  std::string_view head = content.substr(0, 4096);
  if (absl::StartsWith(Av(head), Av("\xEF\xBB\xBF"))) head.remove_prefix(3);
  head = Sv(absl::StripLeadingAsciiWhitespace(Av(head)));
  const std::string lower = absl::AsciiStrToLower(Av(head.substr(0, 1024)));
  static constexpr const char* kStarts[] = {
      "<!doctype html", "<html", "<head", "<body", "<meta", "<title",
      "<!--",           "<div",  "<p>",   "<p ",   "<article", "<section",
      "<h1",            "<h2",   "<table", "<main", "<header", "<span",
      "<ul",            "<br"};
  for (const char* start : kStarts) {
    if (absl::StartsWith(Av(lower), Av(start))) return true;
  }
  const std::string sample = absl::AsciiStrToLower(Av(content.substr(0, 65536)));
  int tags = 0;
  for (const char* tag : {"</p>", "<br>", "<br/>", "<br />", "</div>",
                          "</li>", "</h1>", "</h2>", "</a>"}) {
    size_t pos = 0;
    while ((pos = sample.find(tag, pos)) != std::string::npos) {
      ++tags;
      pos += std::strlen(tag);
    }
  }
  return tags >= 3;
}

absl::StatusOr<std::string> ResolveContentType(const RawArticle& raw) {
  std::string type = absl::AsciiStrToLower(absl::StripAsciiWhitespace(
      Av(std::string_view(raw.content_type)
             .substr(0, raw.content_type.find(';')))));
  if (type.empty()) return LooksLikeHtml(raw.content) ? kTextHtml : kTextPlain;
  if (type == kTextPlain || type == "text") return std::string(kTextPlain);
  if (type == kTextHtml || type == "application/xhtml+xml" || type == "html") {
    return std::string(kTextHtml);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "content_type: unsupported \"", raw.content_type,
      "\"; expected \"text/plain\", \"text/html\" or \"\" to detect"));
}

// Tree builders do work per open element: a page of thousands of nested
// elements is refused before it is parsed. The depth is estimated from the
// tag stream: start tags of elements that really nest count up, end tags
// count down; void elements and elements that a sibling closes (<p>, <li>,
// <td>, <option>, ...) do not count.
constexpr int kMaxHtmlDepth = 5000;
// libxml2 looks for the element an end tag closes through all open
// elements: end tags that close nothing (stray "</b>"s) under deep nesting
// cost depth x count, minutes for a crafted 8 MB page. The same search is
// simulated over the tag stream and the page refused beyond this many
// steps (about 35 ms of parsing).
constexpr uint64_t kMaxEndTagSearch = 20'000'000;

bool NestsInHtml(std::string_view name) {
  static constexpr const char* kFlat[] = {
      "br",    "img",   "hr",    "meta",  "link",   "input", "wbr",
      "area",  "base",  "col",   "embed", "param",  "source", "track",
      "p",     "li",    "dt",    "dd",    "option", "optgroup", "tr",
      "td",    "th",    "rb",    "rt",    "rp",     "tbody", "thead",
      "tfoot", "colgroup", "caption", "head", "body", "html", "keygen"};
  for (const char* flat : kFlat) {
    if (absl::EqualsIgnoreCase(Av(name), flat)) return false;
  }
  return true;
}

struct HtmlNesting {
  int max_depth = 0;
  uint64_t end_tag_search = 0;  // stops counting past kMaxEndTagSearch
};

HtmlNesting EstimateHtmlNesting(std::string_view html) {
  HtmlNesting nesting;
  int depth = 0;
  std::vector<std::string_view> open;  // nesting elements, innermost last
  size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    ++pos;
    if (html.substr(pos, 3) == "!--") {
      const size_t end = html.find("-->", pos + 3);
      if (end == std::string_view::npos) break;
      pos = end + 3;
      continue;
    }
    const bool closing = pos < html.size() && html[pos] == '/';
    if (closing) ++pos;
    size_t end = pos;
    while (end < html.size() &&
           absl::ascii_isalnum(static_cast<unsigned char>(html[end]))) {
      ++end;
    }
    if (end == pos || !absl::ascii_isalpha(static_cast<unsigned char>(html[pos]))) {
      continue;
    }
    const std::string_view name = html.substr(pos, end - pos);
    pos = end;
    if (closing && nesting.end_tag_search <= kMaxEndTagSearch) {
      // The search for the element this end tag closes, innermost first.
      size_t k = open.size();
      while (k > 0 && !absl::EqualsIgnoreCase(Av(open[k - 1]), Av(name))) --k;
      nesting.end_tag_search += open.size() - k + 1;
      if (k > 0) open.resize(k - 1);
    }
    if (!NestsInHtml(name)) continue;
    if (closing) {
      depth = std::max(0, depth - 1);
    } else {
      // "<div/>" does not open an element either (in foreign content).
      const size_t close = html.find('>', end);
      if (close != std::string_view::npos && close > end &&
          html[close - 1] == '/') {
        continue;
      }
      nesting.max_depth = std::max(nesting.max_depth, ++depth);
      open.push_back(name);
    }
  }
  return nesting;
}

absl::Status CheckContent(const RawArticle& raw, const CleanerOptions& options) {
  const std::string& content = raw.content;
  if (content.size() > options.max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "content: ", content.size(), " bytes exceeds the maximum document size of ",
        options.max_bytes, " bytes"));
  }
  if (IsBlank(content)) {
    return absl::InvalidArgumentError("content: empty");
  }
  const void* nul = std::memchr(content.data(), '\0', content.size());
  if (nul != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "content: binary data (NUL byte at byte offset ",
        static_cast<const char*>(nul) - content.data(), ")"));
  }
  const size_t bad = cleaning::FindInvalidUtf8(content);
  if (bad != cleaning::kValidUtf8) {
    return absl::InvalidArgumentError(
        absl::StrCat("content: invalid UTF-8 at byte offset ", bad));
  }
  size_t controls = 0;
  const size_t n = content.size();
  for (size_t i = 0; i < n;) {
    if (i + 8 <= n) {
      // Skip 8 bytes at once when none is below 0x20 or equal to 0x7F.
      uint64_t word;
      std::memcpy(&word, content.data() + i, 8);
      constexpr uint64_t kOnes = 0x0101010101010101ULL;
      constexpr uint64_t kHigh = 0x8080808080808080ULL;
      const uint64_t below_space = (word - kOnes * 0x20) & ~word & kHigh;
      const uint64_t x = word ^ (kOnes * 0x7F);
      const uint64_t is_del = (x - kOnes) & ~x & kHigh;
      if ((below_space | is_del) == 0) {
        i += 8;
        continue;
      }
    }
    const char c = content[i++];
    const unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' &&
         c != '\v') ||
        u == 0x7F) {
      ++controls;
    }
  }
  // Text never has more than a stray control character or two; 1% is junk.
  if (controls >= 4 && controls * 100 > content.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "content: binary junk (", controls, " control characters in ",
        content.size(), " bytes)"));
  }
  return absl::OkStatus();
}

// Cleans one physical line and appends it unless it is empty.
void AppendLine(std::string_view raw_line, const Line& prototype,
                std::vector<Line>* lines) {
  cleaning::CleanedLine cleaned = cleaning::CleanLine(raw_line);
  if (cleaned.text.empty()) return;
  lines->push_back(prototype);
  Line& line = lines->back();
  line.wide_gaps = prototype.from_html ? 0 : cleaned.space_runs;
  line.text = std::move(cleaned.text);
  line.repairs = std::move(cleaned.repairs);
}

// Calls fn on every piece of `text` between '\n's (n + 1 pieces for n
// breaks, empty ones included).
template <typename Fn>
void ForEachLine(std::string_view text, Fn fn) {
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string_view::npos;
       start = end + 1) {
    fn(text.substr(start, end - start));
  }
  fn(text.substr(start));
}

// Splits normalized text into cleaned, non-empty lines.
void AppendLines(std::string_view normalized, const Line& prototype,
                 std::vector<Line>* lines) {
  ForEachLine(normalized, [&prototype, lines](std::string_view piece) {
    AppendLine(piece, prototype, lines);
  });
}

// Hard-wrapped plain text (e-mail style, lines cut near a fixed width such
// as 72 or 80 characters, often by hand and unevenly) is joined back into
// paragraphs. The wrap width is detected from the densest 10-character band
// of line lengths in 40..100. A line break inside a block is soft when
//   - the next line continues the sentence (starts with a lower-case letter
//     or a digit), or
//   - the next line's first word would not have fitted on the line (the
//     classic unwrap rule, with a little slack for hand wrapping),
// and never when the two lines are the same text (a repeated headline), the
// next line holds a date (a dateline under a headline), starts a list item
// or is laid out in columns. Returns 0 when the text is not wrapped.
size_t DetectWrapWidth(const std::vector<std::string_view>& lines) {
  // Line lengths of 40 and more as a histogram, exact up to kMax + 3 (the
  // reach of the final step), longer ones in one bucket: support and
  // overflow of every width come from it.
  constexpr size_t kMin = 40, kMax = 100, kTop = kMax + 3;
  std::array<size_t, kTop + 2> histogram{};  // [kTop + 1]: longer lines
  size_t counted = 0;
  for (std::string_view line : lines) {
    if (line.size() < kMin) continue;  // fewer bytes, fewer code points
    const size_t length =
        cleaning::CountCodePoints(Sv(absl::StripAsciiWhitespace(Av(line))));
    if (length < kMin) continue;
    ++histogram[std::min(length, kTop + 1)];
    ++counted;
  }
  if (counted < 4) return 0;
  size_t best_width = 0, best_support = 0;
  for (size_t width = kMin; width <= kMax; ++width) {
    size_t support = 0, over = 0;
    for (size_t length = std::max(kMin, width - 10); length <= width; ++length) {
      support += histogram[length];
    }
    for (size_t length = width + 1; length <= kTop + 1; ++length) {
      over += histogram[length];
    }
    if (support >= best_support && support * 10 >= counted * 3 &&
        over * 2 <= counted) {
      best_support = support;
      best_width = width;
    }
  }
  if (best_support < 4) return 0;
  // The real width is the longest line within the band's reach.
  size_t width = 0;
  for (size_t length = kMin; length <= best_width + 3; ++length) {
    if (histogram[length] > 0) width = length;
  }
  return width;
}

size_t FirstWordLength(std::string_view line) {
  const size_t space = line.find(' ');
  return cleaning::CountCodePoints(line.substr(0, space));
}

bool StartsListItem(std::string_view line) {
  return absl::StartsWith(Av(line), "- ") || absl::StartsWith(Av(line), "* ") ||
         absl::StartsWith(Av(line), "\xE2\x80\xA2") ||
         absl::StartsWith(Av(line), "\xE2\x80\x93 ") ||
         absl::StartsWith(Av(line), "\xE2\x80\x94 ");
}

bool HasDoubleSpace(std::string_view text) {
  for (size_t i = 1; i < text.size(); ++i) {
    if (text[i] == ' ' && text[i - 1] == ' ') return true;
  }
  return false;
}

bool SoftBreak(std::string_view line, std::string_view next, size_t width,
               const std::unordered_map<std::string, int>& key_counts) {
  if (line.empty() || next.empty() || StartsListItem(next)) return false;
  // A line printed twice is a headline: it stands on its own.
  auto repeated = [&key_counts](std::string_view text) {
    auto it = key_counts.find(cleaning::LineKey(text));
    return it != key_counts.end() && it->second > 1;
  };
  if (repeated(line) || repeated(next)) return false;
  const size_t length = cleaning::CountCodePoints(line);
  if (length > width + 2 || length * 2 < width) return false;
  if (HasDoubleSpace(next) || HasDoubleSpace(line)) {
    return false;  // columns: menus, datelines with view counters
  }
  const unsigned char c0 = static_cast<unsigned char>(next[0]);
  if (c0 >= 'a' && c0 <= 'z') return true;
  if (next.size() <= 160 && cleaning::CountCodePoints(next) < 60 &&
      !cleaning::FindFullDates(next).empty()) {
    return false;  // a dateline under a headline
  }
  if (c0 >= '0' && c0 <= '9') return true;
  return length + 1 + FirstWordLength(next) + 3 > width;
}

// Splits normalized plain text into cleaned lines, joining soft-wrapped ones.
void AppendTextLines(std::string_view normalized, std::vector<Line>* lines) {
  std::vector<std::string_view> raw;
  ForEachLine(normalized,
              [&raw](std::string_view piece) { raw.push_back(piece); });
  const Line prototype;
  lines->reserve(raw.size());
  const size_t width = DetectWrapWidth(raw);
  if (width == 0) {
    for (std::string_view line : raw) AppendLine(line, prototype, lines);
    return;
  }
  std::unordered_map<std::string, int> key_counts;
  for (std::string_view line : raw) {
    std::string key = cleaning::LineKey(line);
    if (!key.empty()) ++key_counts[std::move(key)];
  }
  std::vector<std::string> out;
  out.reserve(raw.size());
  bool join = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    const std::string_view trimmed = Sv(absl::StripAsciiWhitespace(Av(raw[i])));
    if (join) {
      out.back().push_back(' ');
      out.back().append(trimmed.data(), trimmed.size());
    } else {
      out.emplace_back(raw[i]);
    }
    join = i + 1 < raw.size() &&
           SoftBreak(trimmed, Sv(absl::StripAsciiWhitespace(Av(raw[i + 1]))),
                     width, key_counts);
  }
  for (const std::string& line : out) AppendLine(line, prototype, lines);
}

// Normalizes a metadata string (title, site name) like article text.
std::string CleanMetaText(std::string_view value) {
  if (cleaning::FindInvalidUtf8(value) != cleaning::kValidUtf8) return "";
  absl::StatusOr<std::string> normalized = cleaning::NormalizeUnicode(value);
  if (!normalized.ok()) return "";
  std::string out;
  for (absl::string_view part : absl::StrSplit(*normalized, '\n')) {
    cleaning::CleanedLine line = cleaning::CleanLine(Sv(part));
    if (line.text.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += line.text;
  }
  return out;
}

int CountWords(std::string_view text) {
  int words = 0;
  for (absl::string_view w : absl::StrSplit(Av(text), ' ', absl::SkipEmpty())) {
    (void)w;
    ++words;
  }
  return words;
}

// "Headline | Site", "Headline - Site Name", "Site | Headline": drops a short
// site name.
std::string StripSiteSuffix(const std::string& title) {
  static constexpr const char* kSeparators[] = {
      " | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: ", " \xC2\xBB "};
  for (const char* separator : kSeparators) {
    const size_t pos = title.rfind(separator);
    if (pos == std::string::npos || pos == 0) continue;
    const std::string_view suffix =
        std::string_view(title).substr(pos + std::strlen(separator));
    if (CountWords(suffix) <= 4 && CountWords(title.substr(0, pos)) >= 3) {
      return title.substr(0, pos);
    }
  }
  // "Site Name | Headline": a short site name first.
  for (const char* separator : kSeparators) {
    const size_t pos = title.find(separator);
    if (pos == std::string::npos || pos == 0) continue;
    const std::string rest = title.substr(pos + std::strlen(separator));
    if (CountWords(title.substr(0, pos)) <= 3 && CountWords(rest) >= 4) {
      return rest;
    }
  }
  return title;
}

std::string TruncateTitle(std::string title, size_t max_bytes) {
  if (title.size() <= max_bytes) return title;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(title[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  const size_t space = title.rfind(' ', cut);
  if (space != std::string::npos && space > cut / 2) cut = space;
  title.resize(cut);
  while (!title.empty() && title.back() == ' ') title.pop_back();
  return title;
}

std::string HostOf(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  const size_t at = url.rfind('@');
  if (at != std::string_view::npos) url.remove_prefix(at + 1);
  url = url.substr(0, url.find(':'));
  std::string host = absl::AsciiStrToLower(absl::StripAsciiWhitespace(Av(url)));
  if (absl::StartsWith(Av(host), Av("www."))) host.erase(0, 4);
  if (host.find('.') == std::string::npos && host != "localhost") return "";
  return host;
}

// The first host name in `text` ("qaznews.example.kz" in "© 2021
// qaznews.example.kz. All rights reserved."): dot-separated labels of
// letters, digits and hyphens ending in an alphabetic top-level domain, not
// part of an e-mail address or a URL path. Lower-cased, without "www.".
std::string HostToken(std::string_view text) {
  auto is_label_char = [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-';
  };
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && !is_label_char(text[pos])) ++pos;
    size_t end = pos;
    while (end < text.size() && (is_label_char(text[end]) || text[end] == '.')) {
      ++end;
    }
    std::string_view candidate = text.substr(pos, end - pos);
    const bool after_at = pos > 0 && (text[pos - 1] == '@' || text[pos - 1] == '/');
    const bool before_at = end < text.size() && text[end] == '@';
    pos = end + 1;
    while (!candidate.empty() && candidate.back() == '.') candidate.remove_suffix(1);
    const size_t dot = candidate.rfind('.');
    if (after_at || before_at || dot == std::string_view::npos || dot == 0) {
      continue;
    }
    const std::string_view tld = candidate.substr(dot + 1);
    if (tld.size() < 2 || tld.size() > 6 ||
        !std::all_of(tld.begin(), tld.end(), [](char c) {
          return absl::ascii_isalpha(static_cast<unsigned char>(c));
        })) {
      continue;
    }
    if (candidate.find("..") != std::string_view::npos) continue;
    std::string host = absl::AsciiStrToLower(Av(candidate));
    if (absl::StartsWith(host, "www.")) host.erase(0, 4);
    return host;
  }
  return "";
}

// "example.kz" in "Photo | example.kz": a host name right after a '|'.
std::string SourceMarker(std::string_view line) {
  size_t pos = 0;
  while ((pos = line.find('|', pos)) != std::string_view::npos) {
    ++pos;
    size_t b = pos;
    while (b < line.size() && line[b] == ' ') ++b;
    size_t e = b;
    while (e < line.size() && line[e] != ' ' && line[e] != '|') ++e;
    std::string host = HostToken(line.substr(b, e - b));
    if (!host.empty() && host.size() + 1 >= e - b) return host;
  }
  return "";
}

// The site suffix of a <title> when it is a host name ("Headline |
// example.kz").
std::string TitleSuffixHost(const std::string& title) {
  const size_t bar = title.rfind(" | ");
  if (bar == std::string::npos) return "";
  const std::string_view suffix = std::string_view(title).substr(bar + 3);
  std::string host = HostToken(suffix);
  return host.size() + 1 >= suffix.size() ? host : "";
}

struct Assembled {
  std::string text;
  uint32_t body_begin = 0;
  uint32_t body_end = 0;
  std::vector<TextRepair> repairs;
};

Assembled Assemble(const std::vector<Line>& lines,
                   const cleaning::BodySpan& body) {
  Assembled out;
  size_t total = 0;
  for (const Line& line : lines) total += line.text.size() + 2;
  out.text.reserve(total);
  auto append = [&out](const Line& line) {
    const uint32_t base = static_cast<uint32_t>(out.text.size());
    out.text += line.text;
    for (TextRepair repair : line.repairs) {
      repair.begin += base;
      repair.end += base;
      out.repairs.push_back(std::move(repair));
    }
  };
  std::vector<bool> excluded(lines.size(), false);
  for (size_t i : body.excluded) excluded[i] = true;
  for (size_t i = 0; i < body.begin; ++i) {
    if (i > 0) out.text.push_back('\n');
    append(lines[i]);
  }
  if (body.begin > 0) out.text += "\n\n";
  out.body_begin = static_cast<uint32_t>(out.text.size());
  bool first = true;
  for (size_t i = body.begin; i < body.end; ++i) {
    if (excluded[i]) continue;
    if (!first) out.text += "\n\n";
    first = false;
    append(lines[i]);
  }
  out.body_end = static_cast<uint32_t>(out.text.size());
  bool first_after = true;
  auto append_after = [&](size_t i) {
    out.text += first_after ? "\n\n" : "\n";
    first_after = false;
    append(lines[i]);
  };
  for (size_t i = body.end; i < lines.size(); ++i) append_after(i);
  for (size_t i : body.excluded) append_after(i);
  return out;
}

int FindLineWithKey(const std::vector<LineInfo>& infos, std::string_view text) {
  const std::string key = cleaning::LineKey(text);
  if (key.empty()) return -1;
  for (size_t i = 0; i < infos.size(); ++i) {
    if (infos[i].key == key) return static_cast<int>(i);
  }
  return -1;
}

// The headline of an HTML page: the first <h1> when the page's metadata
// agrees with it (or has nothing to say), else og:title, JSON-LD headline
// or the <title> without its site suffix.
std::string HtmlTitle(const cleaning::HtmlMetadata& meta,
                      const std::vector<Line>& lines,
                      const std::vector<LineInfo>& infos) {
  std::string h1;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].heading_level == 1 && !lines[i].chrome_hint &&
        !lines[i].page_header) {
      h1 = lines[i].text;
      break;
    }
  }
  const std::string og = CleanMetaText(meta.og_title);
  const std::string ld = CleanMetaText(meta.jsonld_headline);
  const std::string tag = StripSiteSuffix(CleanMetaText(meta.title_tag));
  if (!h1.empty()) {
    const std::string h1_key = cleaning::LineKey(h1);
    bool agrees = og.empty() && ld.empty() && tag.empty();
    for (const std::string* candidate : {&og, &ld, &tag}) {
      if (!candidate->empty() &&
          absl::StrContains(Av(cleaning::LineKey(*candidate)), Av(h1_key))) {
        agrees = true;
      }
    }
    if (agrees) return h1;
  }
  if (!og.empty()) return StripSiteSuffix(og);
  if (!ld.empty()) return ld;
  if (!tag.empty()) return tag;
  return h1;
}


// Everything CleanArticle decides before it builds its output.
struct Analysis {
  std::string content_type;
  std::vector<Line> lines;
  std::vector<LineInfo> infos;
  cleaning::HtmlDocument page;
  cleaning::BodySpan body;
  std::string title;
  int title_line = -1;
  std::vector<size_t> block_first_line;  // HTML: block index -> line index
};

absl::StatusOr<Analysis> Analyze(const RawArticle& raw,
                                 const CleanerOptions& options) {
  RETURN_IF_ERROR(CheckContent(raw, options));
  Analysis a;
  ASSIGN_OR_RETURN(a.content_type, ResolveContentType(raw));
  const bool html = a.content_type == kTextHtml;
  if (html) {
    const HtmlNesting nesting = EstimateHtmlNesting(raw.content);
    if (nesting.max_depth > kMaxHtmlDepth) {
      return absl::InvalidArgumentError(absl::StrCat(
          "content: HTML elements nested ", nesting.max_depth,
          " deep; at most ", kMaxHtmlDepth, " are supported"));
    }
    if (nesting.end_tag_search > kMaxEndTagSearch) {
      return absl::InvalidArgumentError(absl::StrCat(
          "content: malformed HTML: its end tags search more than ",
          kMaxEndTagSearch,
          " open elements in all (end tags that close nothing, under deep "
          "nesting)"));
    }
    a.page = cleaning::ExtractHtml(raw.content);
    for (const cleaning::HtmlBlock& block : a.page.blocks) {
      Line prototype;
      prototype.from_html = true;
      prototype.heading_level = block.heading_level;
      prototype.link_density =
          block.text_chars > 0
              ? static_cast<float>(block.link_chars) / block.text_chars
              : 0.f;
      prototype.in_article = block.in_article;
      prototype.chrome_hint = block.chrome_hint;
      prototype.caption = block.caption;
      prototype.list_item = block.list_item;
      prototype.page_header = block.page_header;
      prototype.containers = block.containers;
      ASSIGN_OR_RETURN(std::string normalized,
                       cleaning::NormalizeUnicode(block.text));
      a.block_first_line.push_back(a.lines.size());
      AppendLines(normalized, prototype, &a.lines);
    }
  } else {
    ASSIGN_OR_RETURN(std::string normalized,
                     cleaning::NormalizeUnicode(raw.content));
    AppendTextLines(normalized, &a.lines);
  }

  a.infos = cleaning::ClassifyLines(a.lines);
  a.title = html ? HtmlTitle(a.page.meta, a.lines, a.infos) : "";
  a.body = cleaning::SelectBody(a.lines, &a.infos, a.title);
  if (a.title.empty()) {
    a.title_line = cleaning::FindTitleLine(a.lines, a.infos, a.body.begin);
    if (a.title_line >= 0) {
      a.title = a.lines[a.title_line].text;
      // Copies of the headline never belong to the body.
      a.body = cleaning::SelectBody(a.lines, &a.infos, a.title);
    }
  } else {
    a.title_line = FindLineWithKey(a.infos, a.title);
  }
  return a;
}

const char* KindName(LineKind kind) {
  switch (kind) {
    case LineKind::kContent: return "CONTENT";
    case LineKind::kNeutral: return "neutral";
    case LineKind::kSkip: return "skip";
    case LineKind::kBarrier: return "BARRIER";
  }
  return "?";
}

}  // namespace

namespace cleaning {

std::string ExplainCleaning(const RawArticle& raw,
                            const CleanerOptions& options) {
  absl::StatusOr<Analysis> analysis = Analyze(raw, options);
  if (!analysis.ok()) return analysis.status().ToString() + "\n";
  const Analysis& a = *analysis;
  std::string out = absl::StrCat("content_type ", a.content_type, ", title \"",
                                 a.title, "\" (line ", a.title_line, ")\n");
  std::vector<bool> excluded(a.lines.size(), false);
  for (size_t i : a.body.excluded) excluded[i] = true;
  for (size_t i = 0; i < a.lines.size(); ++i) {
    const bool in_body = i >= a.body.begin && i < a.body.end && !excluded[i];
    absl::StrAppend(&out, in_body ? "B " : "  ", i, " ",
                    KindName(a.infos[i].kind), " (", a.infos[i].reason,
                    a.infos[i].headline_like ? ", headline-like" : "",
                    a.infos[i].repeats > 1 ? ", repeated" : "", ") ",
                    a.lines[i].text.substr(0, 100), "\n");
  }
  return out;
}

}  // namespace cleaning

absl::StatusOr<CleanedArticle> CleanArticle(const RawArticle& raw,
                                            const CleanerOptions& options) {
  ASSIGN_OR_RETURN(Analysis analysis, Analyze(raw, options));
  const std::vector<Line>& lines = analysis.lines;
  const std::vector<LineInfo>& infos = analysis.infos;
  const cleaning::HtmlDocument& page = analysis.page;
  const cleaning::BodySpan& body = analysis.body;
  const std::string& title = analysis.title;
  const int title_line = analysis.title_line;
  const bool html = analysis.content_type == kTextHtml;
  CleanedArticle result;
  result.content_type = analysis.content_type;
  if (body.begin == body.end) {
    return absl::InvalidArgumentError(
        "content: no article text left after removing markup and site "
        "chrome");
  }
  result.title = TruncateTitle(title, options.max_title_bytes);

  // Publication date: markup first, then the lines around the headline.
  if (html) {
    for (const std::string* value :
         {&page.meta.published_time, &page.meta.jsonld_date_published}) {
      if (!result.published_date.empty() || value->empty()) continue;
      std::optional<std::string> iso = cleaning::NormalizeMarkupDate(*value);
      if (iso) result.published_date = *iso;
    }
    if (result.published_date.empty()) {
      // The <time> nearest the headline, never one after the body (a
      // teaser's).
      const long anchor = title_line >= 0 ? title_line : static_cast<long>(body.begin);
      long best_distance = -1;
      std::optional<std::string> best_iso;
      for (const auto& [block, value] : page.meta.time_datetimes) {
        const long line = block < analysis.block_first_line.size()
                              ? static_cast<long>(analysis.block_first_line[block])
                              : static_cast<long>(lines.size());
        if (line >= static_cast<long>(body.end)) continue;
        std::optional<std::string> iso = cleaning::NormalizeMarkupDate(value);
        if (!iso) continue;
        const long distance = std::labs(line - anchor);
        if (best_distance < 0 || distance < best_distance) {
          best_distance = distance;
          best_iso = std::move(iso);
        }
      }
      if (best_iso) result.published_date = *best_iso;
    }
  }
  if (result.published_date.empty()) {
    result.published_date =
        cleaning::FindDateInLines(lines, infos, body, title_line);
  }

  // Source, most specific first: the URL's host; a "| site.kz" marker above
  // the body; the page's canonical URL; a host as the <title>'s site
  // suffix; a host in a copyright line; og:site_name or the JSON-LD
  // publisher; the caller's source_name.
  result.source = HostOf(raw.url);
  for (size_t i = 0; i < body.begin && result.source.empty(); ++i) {
    result.source = SourceMarker(lines[i].text);
  }
  if (result.source.empty()) result.source = HostOf(page.meta.canonical_url);
  if (result.source.empty()) {
    result.source = TitleSuffixHost(CleanMetaText(page.meta.title_tag));
  }
  for (size_t i = body.end; i < lines.size() && result.source.empty(); ++i) {
    if (std::string_view(infos[i].reason) == "copyright") {
      result.source = HostToken(lines[i].text);
    }
  }
  if (result.source.empty()) result.source = CleanMetaText(page.meta.og_site_name);
  if (result.source.empty()) {
    result.source = CleanMetaText(page.meta.jsonld_publisher);
  }
  if (result.source.empty()) result.source = raw.source_name;

  Assembled assembled = Assemble(lines, body);
  result.clean_text = std::move(assembled.text);
  result.body_begin = assembled.body_begin;
  result.body_end = assembled.body_end;
  result.repairs = std::move(assembled.repairs);
  const std::string_view body_text = result.body();
  result.content_hash = cleaning::ContentHash(body_text);
  result.simhash = cleaning::SimHash(body_text);
  return result;
}

}  // namespace newsgraph
