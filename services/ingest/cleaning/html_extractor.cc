#include "services/ingest/cleaning/html_extractor.h"

#include "services/ingest/cleaning/string_view_compat.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <climits>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"

namespace newsgraph {
namespace cleaning {
namespace {

// The elements the walker treats specially; every other element is kOther
// (inline: its text joins the block around it).
enum class Tag {
  kOther,
  // Never article text: the whole subtree is skipped.
  kScript, kStyle, kNoscript, kTemplate, kIframe, kNav, kAside, kFooter,
  kForm, kSvg, kMath, kButton, kSelect, kTextarea, kInput, kObject, kEmbed,
  kCanvas, kAudio, kVideo, kMap, kFrameset, kFrame, kNoframes, kHead,
  // Metadata and void elements.
  kTitle, kMeta, kLink, kBr, kImg,
  // Inline elements with a meaning here.
  kA, kTime,
  // Block elements: they start and end a block of text.
  kAddress, kArticle, kBlockquote, kBody, kCenter, kDd, kDetails, kDir,
  kDiv, kDl, kDt, kFieldset, kFigcaption, kFigure, kH1, kH2, kH3, kH4, kH5,
  kH6, kHeader, kHgroup, kHr, kLi, kMain, kMenu, kOl, kP, kPre, kSection,
  kSummary, kTable, kTbody, kThead, kTfoot, kTr, kTd, kTh, kUl, kCaption,
  kLegend, kOption, kHtml,
};

Tag TagOf(const xmlNode* node) {
  static const auto* kTags = new absl::flat_hash_map<std::string_view, Tag>{
      {"script", Tag::kScript},     {"style", Tag::kStyle},
      {"noscript", Tag::kNoscript}, {"template", Tag::kTemplate},
      {"iframe", Tag::kIframe},     {"nav", Tag::kNav},
      {"aside", Tag::kAside},       {"footer", Tag::kFooter},
      {"form", Tag::kForm},         {"svg", Tag::kSvg},
      {"math", Tag::kMath},         {"button", Tag::kButton},
      {"select", Tag::kSelect},     {"textarea", Tag::kTextarea},
      {"input", Tag::kInput},       {"object", Tag::kObject},
      {"embed", Tag::kEmbed},       {"canvas", Tag::kCanvas},
      {"audio", Tag::kAudio},       {"video", Tag::kVideo},
      {"map", Tag::kMap},           {"frameset", Tag::kFrameset},
      {"frame", Tag::kFrame},       {"noframes", Tag::kNoframes},
      {"head", Tag::kHead},         {"title", Tag::kTitle},
      {"meta", Tag::kMeta},         {"link", Tag::kLink},
      {"br", Tag::kBr},             {"img", Tag::kImg},
      {"a", Tag::kA},               {"time", Tag::kTime},
      {"address", Tag::kAddress},   {"article", Tag::kArticle},
      {"blockquote", Tag::kBlockquote}, {"body", Tag::kBody},
      {"center", Tag::kCenter},     {"dd", Tag::kDd},
      {"details", Tag::kDetails},   {"dir", Tag::kDir},
      {"div", Tag::kDiv},           {"dl", Tag::kDl},
      {"dt", Tag::kDt},             {"fieldset", Tag::kFieldset},
      {"figcaption", Tag::kFigcaption}, {"figure", Tag::kFigure},
      {"h1", Tag::kH1},             {"h2", Tag::kH2},
      {"h3", Tag::kH3},             {"h4", Tag::kH4},
      {"h5", Tag::kH5},             {"h6", Tag::kH6},
      {"header", Tag::kHeader},     {"hgroup", Tag::kHgroup},
      {"hr", Tag::kHr},             {"li", Tag::kLi},
      {"main", Tag::kMain},         {"menu", Tag::kMenu},
      {"ol", Tag::kOl},             {"p", Tag::kP},
      {"pre", Tag::kPre},           {"section", Tag::kSection},
      {"summary", Tag::kSummary},   {"table", Tag::kTable},
      {"tbody", Tag::kTbody},       {"thead", Tag::kThead},
      {"tfoot", Tag::kTfoot},       {"tr", Tag::kTr},
      {"td", Tag::kTd},             {"th", Tag::kTh},
      {"ul", Tag::kUl},             {"caption", Tag::kCaption},
      {"legend", Tag::kLegend},     {"option", Tag::kOption},
      {"html", Tag::kHtml}};
  if (node->name == nullptr) return Tag::kOther;
  // libxml2 lower-cases HTML element names.
  auto it = kTags->find(
      std::string_view(reinterpret_cast<const char*>(node->name)));
  return it == kTags->end() ? Tag::kOther : it->second;
}

bool IsSkippedTag(Tag tag) {
  return tag >= Tag::kScript && tag <= Tag::kHead;
}

bool IsBlockTag(Tag tag) { return tag >= Tag::kAddress; }

int HeadingLevel(Tag tag) {
  switch (tag) {
    case Tag::kH1: return 1;
    case Tag::kH2: return 2;
    case Tag::kH3: return 3;
    case Tag::kH4: return 4;
    case Tag::kH5: return 5;
    case Tag::kH6: return 6;
    default: return 0;
  }
}

std::string_view Chars(const xmlChar* text) {
  return text != nullptr ? std::string_view(reinterpret_cast<const char*>(text))
                         : std::string_view();
}

// An element's attributes, read once when the walker enters it (libxml2
// keeps them as a list; the walker asks for up to ten of them).
class Attributes {
 public:
  explicit Attributes(const xmlNode* node) : node_(node) {}

  // The value of attribute `name` (lower-case), "" when absent or empty.
  std::string_view Get(std::string_view name) const {
    const xmlAttr* attr = Find(name);
    if (attr == nullptr || attr->children == nullptr) return {};
    if (attr->children->next == nullptr &&
        attr->children->type == XML_TEXT_NODE) {
      return Chars(attr->children->content);
    }
    // Rare: a value split into several nodes.
    joined_.clear();
    for (const xmlNode* part = attr->children; part != nullptr;
         part = part->next) {
      joined_ += Chars(part->content);
    }
    return joined_;
  }

  bool Has(std::string_view name) const { return Find(name) != nullptr; }

 private:
  const xmlAttr* Find(std::string_view name) const {
    for (const xmlAttr* attr = node_->properties; attr != nullptr;
         attr = attr->next) {
      if (absl::EqualsIgnoreCase(Av(Chars(attr->name)), Av(name))) return attr;
    }
    return nullptr;
  }

  const xmlNode* node_;
  mutable std::string joined_;
};

// Class/id words that mark page furniture rather than article text (the same
// evidence readability-style extractors use). Matched as substrings of the
// lower-cased class and id.
constexpr const char* kChromeHints[] = {
    "related",   "recommend",  "popular",   "share",      "social",
    "comment",   "sidebar",    "widget",    "promo",      "advert",
    "banner",    "breadcrumb", "menu",      "navbar",     "subscribe",
    "newsletter", "cookie",    "footer",    "pagination", "pager",
    "teaser",    "more-news",  "read-also", "readalso",   "also-read",
    "most-read", "mostread",   "sponsor",   "outbrain",   "taboola",
    "tags",      "login",      "search",    "copyright",  "partner"};
// Class/id words that mark the article text itself; they win over the above.
constexpr const char* kArticleHints[] = {
    "article-body", "articlebody", "article-text", "article__body",
    "article__text", "story-body", "entry-content", "post-content",
    "article-content", "news-text", "news-body"};

bool HasChromeHint(const Attributes& attributes) {
  std::string hint = absl::AsciiStrToLower(Av(attributes.Get("class")));
  hint += ' ';
  hint += absl::AsciiStrToLower(Av(attributes.Get("id")));
  if (hint.size() <= 1) return false;
  for (const char* word : kArticleHints) {
    if (absl::StrContains(Av(hint), Av(word))) return false;
  }
  for (const char* word : kChromeHints) {
    if (absl::StrContains(Av(hint), Av(word))) return true;
  }
  // Short tokens only as whole class words ("ad", "ads", "nav").
  for (absl::string_view token :
       absl::StrSplit(hint, absl::ByAnyChar(" -_"), absl::SkipEmpty())) {
    if (token == "ad" || token == "ads" || token == "nav" || token == "tag" ||
        token == "more") {
      return true;
    }
  }
  return false;
}

bool IsHidden(const Attributes& attributes) {
  if (attributes.Has("hidden")) return true;
  if (absl::EqualsIgnoreCase(Av(attributes.Get("aria-hidden")), Av("true"))) {
    return true;
  }
  const std::string role = absl::AsciiStrToLower(Av(attributes.Get("role")));
  if (role == "navigation" || role == "banner" || role == "contentinfo" ||
      role == "complementary" || role == "search" || role == "menu") {
    return true;
  }
  std::string style = absl::AsciiStrToLower(Av(attributes.Get("style")));
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return absl::StrContains(Av(style), Av("display:none")) ||
         absl::StrContains(Av(style), Av("visibility:hidden"));
}

bool IsTextNode(const xmlNode* node) {
  return node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE;
}

// Concatenated text of the text children of `node` (for <title>, <script>).
std::string ChildText(const xmlNode* node) {
  std::string text;
  for (const xmlNode* child = node->children; child != nullptr;
       child = child->next) {
    if (IsTextNode(child)) text += Chars(child->content);
  }
  return text;
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string JsonString(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {
    auto name = it->find("name");
    if (name != it->end() && name->is_string()) return name->get<std::string>();
  }
  if (it->is_array() && !it->empty() && it->front().is_string()) {
    return it->front().get<std::string>();
  }
  return "";
}

bool IsArticleType(const nlohmann::json& object) {
  auto it = object.find("@type");
  if (it == object.end()) return false;
  auto matches = [](const nlohmann::json& value) {
    if (!value.is_string()) return false;
    const std::string& type = value.get_ref<const std::string&>();
    return absl::StrContains(Av(type), Av("Article")) ||
           absl::StrContains(Av(type), Av("BlogPosting")) ||
           absl::StrContains(Av(type), Av("Report"));
  };
  if (it->is_array()) {
    for (const auto& value : *it) {
      if (matches(value)) return true;
    }
    return false;
  }
  return matches(*it);
}

// Reads headline/datePublished/publisher from JSON-LD; article objects win
// over untyped ones, the first article object wins over later ones.
void ReadJsonLd(const nlohmann::json& value, HtmlMetadata* meta, int depth,
                bool* have_article) {
  if (depth > 8) return;
  if (value.is_array()) {
    for (const auto& item : value) ReadJsonLd(item, meta, depth + 1, have_article);
    return;
  }
  if (!value.is_object()) return;
  auto graph = value.find("@graph");
  if (graph != value.end()) ReadJsonLd(*graph, meta, depth + 1, have_article);
  const bool article = IsArticleType(value);
  if (*have_article && !article) return;
  const std::string headline = JsonString(value, "headline");
  const std::string date = JsonString(value, "datePublished");
  if (headline.empty() && date.empty()) return;
  if (article && !*have_article) {
    *have_article = true;
    meta->jsonld_headline.clear();
    meta->jsonld_date_published.clear();
    meta->jsonld_publisher.clear();
  }
  if (meta->jsonld_headline.empty()) meta->jsonld_headline = headline;
  if (meta->jsonld_date_published.empty()) meta->jsonld_date_published = date;
  if (meta->jsonld_publisher.empty()) {
    meta->jsonld_publisher = JsonString(value, "publisher");
  }
}

struct WalkState {
  bool in_anchor = false;
  bool in_pre = false;
  bool in_article = false;
  bool chrome_hint = false;
  bool caption = false;
  bool list_item = false;
  bool page_header = false;
  int heading_level = 0;
};

class Walker {
 public:
  explicit Walker(HtmlDocument* doc) : doc_(doc) {}

  // Depth-first over `first` and its following siblings and all their
  // descendants, without recursion (pages nest deeply).
  void Walk(const xmlNode* first) {
    struct Frame {
      const xmlNode* next_child;
      WalkState state;
      bool block;
    };
    std::vector<Frame> stack;
    stack.push_back({first, WalkState(), false});
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const xmlNode* child = frame.next_child;
      if (child == nullptr) {
        if (frame.block) {
          Flush();
          block_chain_.pop_back();
        }
        stack.pop_back();
        continue;
      }
      frame.next_child = child->next;
      const WalkState state = frame.state;  // copy: `frame` may move below
      if (IsTextNode(child)) {
        AppendText(Chars(child->content), state);
      } else if (child->type == XML_ELEMENT_NODE) {
        WalkState child_state = state;
        bool block = false;
        if (Enter(child, &child_state, &block)) {
          if (block) {
            Flush();
            block_chain_.push_back(next_block_id_++);
          }
          stack.push_back({child->children, child_state, block});
        }
      }
    }
    Flush();
  }

 private:
  // Handles an element on entry; returns false when its subtree is skipped.
  bool Enter(const xmlNode* node, WalkState* state, bool* block) {
    const Tag tag = TagOf(node);
    const Attributes attributes(node);
    switch (tag) {
      case Tag::kTitle:
        if (doc_->meta.title_tag.empty()) {
          doc_->meta.title_tag = CollapseSpaces(ChildText(node));
        }
        return false;
      case Tag::kMeta:
        HandleMeta(attributes);
        return false;
      case Tag::kScript:
        if (absl::EqualsIgnoreCase(Av(attributes.Get("type")),
                                   Av("application/ld+json"))) {
          HandleJsonLd(ChildText(node));
        }
        return false;
      case Tag::kHead:
        ScanHead(node);
        return false;
      case Tag::kBr:
        AppendBreak();
        return false;
      case Tag::kLink:
        if (absl::EqualsIgnoreCase(Av(attributes.Get("rel")), "canonical") &&
            doc_->meta.canonical_url.empty()) {
          doc_->meta.canonical_url = std::string(attributes.Get("href"));
        }
        return false;
      case Tag::kImg:
        return false;
      default:
        break;
    }
    if (IsSkippedTag(tag) || IsHidden(attributes)) return false;
    const std::string itemprop(attributes.Get("itemprop"));
    if (tag == Tag::kTime || itemprop == "datePublished") {
      std::string_view value = attributes.Get("datetime");
      if (value.empty()) value = attributes.Get("content");
      if (!value.empty() && !state->chrome_hint) {
        if (itemprop == "datePublished" && doc_->meta.published_time.empty()) {
          doc_->meta.published_time = std::string(value);
        }
        doc_->meta.time_datetimes.emplace_back(doc_->blocks.size(),
                                               std::string(value));
      }
    }
    *block = IsBlockTag(tag);
    if (tag == Tag::kA && !attributes.Get("href").empty()) {
      state->in_anchor = true;
    }
    if (tag == Tag::kPre) state->in_pre = true;
    if (tag == Tag::kArticle || tag == Tag::kMain ||
        itemprop == "articleBody" ||
        absl::EqualsIgnoreCase(Av(attributes.Get("role")), Av("main"))) {
      state->in_article = true;
    }
    if (tag == Tag::kHeader && !state->in_article) {
      state->page_header = true;
    }
    if (tag == Tag::kFigure || tag == Tag::kFigcaption) {
      state->caption = true;
    }
    if (tag == Tag::kLi) state->list_item = true;
    const int level = HeadingLevel(tag);
    if (level > 0) state->heading_level = level;
    if (!state->chrome_hint && HasChromeHint(attributes)) {
      state->chrome_hint = true;
    }
    return true;
  }

  // <head> holds <title>, <meta> and JSON-LD; nothing in it is text.
  void ScanHead(const xmlNode* head) {
    for (const xmlNode* child = head->children; child != nullptr;
         child = child->next) {
      if (child->type != XML_ELEMENT_NODE) continue;
      WalkState state;
      bool block = false;
      const Tag tag = TagOf(child);
      if (tag == Tag::kTitle || tag == Tag::kMeta || tag == Tag::kScript ||
          tag == Tag::kLink) {
        Enter(child, &state, &block);
      }
    }
  }

  void HandleMeta(const Attributes& attributes) {
    std::string key = absl::AsciiStrToLower(Av(attributes.Get("property")));
    if (key.empty()) key = absl::AsciiStrToLower(Av(attributes.Get("name")));
    if (key.empty()) {
      key = absl::AsciiStrToLower(Av(attributes.Get("itemprop")));
    }
    const std::string content = CollapseSpaces(attributes.Get("content"));
    if (key.empty() || content.empty()) return;
    HtmlMetadata& meta = doc_->meta;
    if ((key == "og:title" || key == "twitter:title") && meta.og_title.empty()) {
      meta.og_title = content;
    } else if (key == "og:site_name" && meta.og_site_name.empty()) {
      meta.og_site_name = content;
    } else if (key == "og:url" && meta.canonical_url.empty()) {
      meta.canonical_url = content;
    } else if (key == "article:published_time" || key == "datepublished" ||
               key == "pubdate" || key == "publishdate" ||
               key == "publish-date" || key == "date" ||
               key == "dc.date.issued" || key == "dcterms.created") {
      // article:published_time is the most specific: it overrides the rest.
      if (meta.published_time.empty() || key == "article:published_time") {
        meta.published_time = content;
      }
    }
  }

  void HandleJsonLd(const std::string& text) {
    nlohmann::json value =
        nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) return;
    bool have_article = !doc_->meta.jsonld_headline.empty() ||
                        !doc_->meta.jsonld_date_published.empty();
    if (!have_article) ReadJsonLd(value, &doc_->meta, 0, &have_article);
  }

  void AppendText(std::string_view text, const WalkState& state) {
    for (const char c : text) {
      const bool space =
          c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (state.in_pre) {
        current_.text.push_back(c == '\r' ? '\n' : c);
        if (!space) Count(state);
        continue;
      }
      if (space) {
        pending_space_ = true;
        continue;
      }
      if (pending_space_ && !current_.text.empty() &&
          current_.text.back() != '\n') {
        current_.text.push_back(' ');
      }
      pending_space_ = false;
      current_.text.push_back(c);
      Count(state);
    }
  }

  void Count(const WalkState& state) {
    if (!started_) {
      started_ = true;
      current_state_ = state;
      // The innermost block elements around the text (enough to find the
      // container an article's paragraphs share).
      const size_t keep = std::min<size_t>(block_chain_.size(), 32);
      current_.containers.assign(block_chain_.end() - keep, block_chain_.end());
    }
    ++current_.text_chars;
    if (state.in_anchor) ++current_.link_chars;
  }

  void AppendBreak() {
    if (!current_.text.empty()) current_.text.push_back('\n');
    pending_space_ = false;
  }

  void Flush() {
    if (started_) {
      current_.heading_level = current_state_.heading_level;
      current_.in_article = current_state_.in_article;
      current_.chrome_hint = current_state_.chrome_hint;
      current_.caption = current_state_.caption;
      current_.list_item = current_state_.list_item;
      current_.page_header = current_state_.page_header;
      doc_->blocks.push_back(std::move(current_));
    }
    current_ = HtmlBlock();
    started_ = false;
    pending_space_ = false;
  }

  HtmlDocument* doc_;
  std::vector<uint32_t> block_chain_;  // ids of the open block elements
  uint32_t next_block_id_ = 1;
  HtmlBlock current_;
  WalkState current_state_;
  bool started_ = false;
  bool pending_space_ = false;
};

}  // namespace

HtmlDocument ExtractHtml(std::string_view html) {
  HtmlDocument doc;
  if (html.size() > static_cast<size_t>(INT_MAX)) return doc;
  // The input is valid UTF-8 (the cleaner checks it first), so the page's
  // own charset declaration is overridden. No network, no error output.
  htmlDocPtr tree = htmlReadMemory(
      html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
      HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
          HTML_PARSE_COMPACT | XML_PARSE_HUGE);
  if (tree == nullptr) return doc;
  Walker walker(&doc);
  walker.Walk(tree->children);
  xmlFreeDoc(tree);
  return doc;
}

}  // namespace cleaning
}  // namespace newsgraph
