#include "services/ingest/cleaning/html_extractor.h"

#include "services/ingest/cleaning/string_view_compat.h"

#include <gumbo.h>

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"

namespace newsgraph {
namespace cleaning {
namespace {

// Elements whose whole subtree is never article text.
bool IsSkippedTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_HEAD:  // metadata is read by HandleHead
      return true;
    default:
      return false;
  }
}

// Elements that start and end a block of text.
bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_HTML:
      return true;
    default:
      return false;
  }
}

int HeadingLevel(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1: return 1;
    case GUMBO_TAG_H2: return 2;
    case GUMBO_TAG_H3: return 3;
    case GUMBO_TAG_H4: return 4;
    case GUMBO_TAG_H5: return 5;
    case GUMBO_TAG_H6: return 6;
    default: return 0;
  }
}

std::string_view Attr(const GumboElement& element, const char* name) {
  const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
  return attr != nullptr ? std::string_view(attr->value) : std::string_view();
}

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

bool HasChromeHint(const GumboElement& element) {
  std::string hint = absl::AsciiStrToLower(Av(Attr(element, "class")));
  hint += ' ';
  hint += absl::AsciiStrToLower(Av(Attr(element, "id")));
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

bool IsHidden(const GumboElement& element) {
  if (gumbo_get_attribute(&element.attributes, "hidden") != nullptr) {
    return true;
  }
  if (absl::EqualsIgnoreCase(Av(Attr(element, "aria-hidden")), Av("true"))) {
    return true;
  }
  const std::string role = absl::AsciiStrToLower(Av(Attr(element, "role")));
  if (role == "navigation" || role == "banner" || role == "contentinfo" ||
      role == "complementary" || role == "search" || role == "menu") {
    return true;
  }
  std::string style = absl::AsciiStrToLower(Av(Attr(element, "style")));
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return absl::StrContains(Av(style), Av("display:none")) ||
         absl::StrContains(Av(style), Av("visibility:hidden"));
}

// Concatenated text of the text children of `node` (for <title>, <script>).
std::string ChildText(const GumboNode* node) {
  std::string text;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const GumboNode* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA ||
        child->type == GUMBO_NODE_WHITESPACE) {
      text += child->v.text.text;
    }
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
  Walker(std::string_view html, HtmlDocument* doc) : html_(html), doc_(doc) {}

  void Walk(const GumboNode* root) {
    struct Frame {
      const GumboNode* node;
      unsigned next_child;
      WalkState state;
      bool block;
    };
    std::vector<Frame> stack;
    stack.push_back({root, 0, WalkState(), false});
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const GumboNode* node = frame.node;
      const GumboVector* children = nullptr;
      if (node->type == GUMBO_NODE_DOCUMENT) {
        children = &node->v.document.children;
      } else if (node->type == GUMBO_NODE_ELEMENT ||
                 node->type == GUMBO_NODE_TEMPLATE) {
        children = &node->v.element.children;
      }
      if (children == nullptr || frame.next_child >= children->length) {
        if (frame.block) {
          Flush();
          block_chain_.pop_back();
        }
        stack.pop_back();
        continue;
      }
      const GumboNode* child =
          static_cast<const GumboNode*>(children->data[frame.next_child++]);
      const WalkState state = frame.state;  // copy: `frame` may move below
      switch (child->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE:
          if (form_ranges_.empty() || !InForm(child)) {
            AppendText(child->v.text.text, state);
          }
          break;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE: {
          WalkState child_state = state;
          bool block = false;
          if (Enter(child, &child_state, &block)) {
            if (block) {
              Flush();
              block_chain_.push_back(next_block_id_++);
            }
            stack.push_back({child, 0, child_state, block});
          }
          break;
        }
        default:
          break;
      }
    }
    Flush();
  }

 private:
  // Handles an element on entry; returns false when its subtree is skipped.
  bool Enter(const GumboNode* node, WalkState* state, bool* block) {
    const GumboElement& element = node->v.element;
    const GumboTag tag = element.tag;
    switch (tag) {
      case GUMBO_TAG_TITLE:
        if (doc_->meta.title_tag.empty()) {
          doc_->meta.title_tag = CollapseSpaces(ChildText(node));
        }
        return false;
      case GUMBO_TAG_META:
        HandleMeta(element);
        return false;
      case GUMBO_TAG_SCRIPT:
        if (absl::EqualsIgnoreCase(Av(Attr(element, "type")), Av("application/ld+json"))) {
          HandleJsonLd(ChildText(node));
        }
        return false;
      case GUMBO_TAG_HEAD:
        ScanHead(node);
        return false;
      case GUMBO_TAG_BR:
        AppendBreak();
        return false;
      case GUMBO_TAG_LINK:
        if (absl::EqualsIgnoreCase(Av(Attr(element, "rel")), "canonical") &&
            doc_->meta.canonical_url.empty()) {
          doc_->meta.canonical_url = std::string(Attr(element, "href"));
        }
        return false;
      case GUMBO_TAG_IMG:
        return false;
      default:
        break;
    }
    if (tag == GUMBO_TAG_FORM) NoteForm(node);
    if (IsSkippedTag(tag) || IsHidden(element)) return false;
    const std::string_view itemprop = Attr(element, "itemprop");
    if (tag == GUMBO_TAG_TIME || itemprop == "datePublished") {
      std::string_view value = Attr(element, "datetime");
      if (value.empty()) value = Attr(element, "content");
      if (!value.empty() && !state->chrome_hint) {
        if (itemprop == "datePublished" && doc_->meta.published_time.empty()) {
          doc_->meta.published_time = std::string(value);
        }
        doc_->meta.time_datetimes.emplace_back(doc_->blocks.size(),
                                               std::string(value));
      }
    }
    *block = IsBlockTag(tag);
    if (tag == GUMBO_TAG_A && !Attr(element, "href").empty()) {
      state->in_anchor = true;
    }
    if (tag == GUMBO_TAG_PRE) state->in_pre = true;
    if (tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN ||
        itemprop == "articleBody" ||
        absl::EqualsIgnoreCase(Av(Attr(element, "role")), Av("main"))) {
      state->in_article = true;
    }
    if (tag == GUMBO_TAG_HEADER && !state->in_article) {
      state->page_header = true;
    }
    if (tag == GUMBO_TAG_FIGURE || tag == GUMBO_TAG_FIGCAPTION) {
      state->caption = true;
    }
    if (tag == GUMBO_TAG_LI) state->list_item = true;
    const int level = HeadingLevel(tag);
    if (level > 0) state->heading_level = level;
    if (!state->chrome_hint && HasChromeHint(element)) {
      state->chrome_hint = true;
    }
    return true;
  }

  // <head> holds <title>, <meta> and JSON-LD; nothing in it is text.
  void ScanHead(const GumboNode* head) {
    const GumboVector& children = head->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const GumboNode* child = static_cast<const GumboNode*>(children.data[i]);
      if (child->type != GUMBO_NODE_ELEMENT) continue;
      WalkState state;
      bool block = false;
      const GumboTag tag = child->v.element.tag;
      if (tag == GUMBO_TAG_TITLE || tag == GUMBO_TAG_META ||
          tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_LINK) {
        Enter(child, &state, &block);
      }
    }
  }

  void HandleMeta(const GumboElement& element) {
    std::string key = absl::AsciiStrToLower(Av(Attr(element, "property")));
    if (key.empty()) key = absl::AsciiStrToLower(Av(Attr(element, "name")));
    if (key.empty()) key = absl::AsciiStrToLower(Av(Attr(element, "itemprop")));
    const std::string content = CollapseSpaces(Attr(element, "content"));
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

  // gumbo 0.10 closes <form> at once and parses its contents as the form's
  // following siblings; the text between <form> and </form> in the source
  // is therefore skipped by source offset.
  void NoteForm(const GumboNode* node) {
    if (!form_closes_found_) {
      // Every "</form" in the source, once: forms are rare, pages are big.
      form_closes_found_ = true;
      for (size_t pos = html_.find("</"); pos != std::string_view::npos;
           pos = html_.find("</", pos + 2)) {
        if (pos + 6 <= html_.size() &&
            absl::EqualsIgnoreCase(Av(html_.substr(pos + 2, 4)), "form")) {
          form_closes_.push_back(pos);
        }
      }
    }
    const size_t start = node->v.element.start_pos.offset;
    auto close = std::lower_bound(form_closes_.begin(), form_closes_.end(),
                                  start);
    if (close == form_closes_.end()) return;
    if (!form_ranges_.empty() && start <= form_ranges_.back().second) {
      form_ranges_.back().second =
          std::max(form_ranges_.back().second, *close);
    } else if (form_ranges_.empty() || start > form_ranges_.back().first) {
      form_ranges_.emplace_back(start, *close);
    }
  }

  bool InForm(const GumboNode* node) const {
    const size_t offset = node->v.text.start_pos.offset;
    auto it = std::upper_bound(
        form_ranges_.begin(), form_ranges_.end(), offset,
        [](size_t value, const std::pair<size_t, size_t>& range) {
          return value < range.first;
        });
    if (it == form_ranges_.begin()) return false;
    --it;
    return offset > it->first && offset < it->second;
  }

  void AppendText(const char* text, const WalkState& state) {
    for (const char* p = text; *p != '\0'; ++p) {
      const char c = *p;
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

  std::string_view html_;
  HtmlDocument* doc_;
  std::vector<uint32_t> block_chain_;  // ids of the open block elements
  uint32_t next_block_id_ = 1;
  // Source ranges from <form> to its "</form", sorted and merged.
  std::vector<std::pair<size_t, size_t>> form_ranges_;
  std::vector<size_t> form_closes_;
  bool form_closes_found_ = false;
  HtmlBlock current_;
  WalkState current_state_;
  bool started_ = false;
  bool pending_space_ = false;
};

}  // namespace

HtmlDocument ExtractHtml(std::string_view html) {
  HtmlDocument doc;
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // we never read parse errors; don't store them
  GumboOutput* output =
      gumbo_parse_with_options(&options, html.data(), html.size());
  Walker walker(html, &doc);
  walker.Walk(output->document);
  gumbo_destroy_output(&options, output);
  return doc;
}

}  // namespace cleaning
}  // namespace newsgraph
