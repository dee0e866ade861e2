// Turns an HTML page into text blocks and page metadata with libxml2's HTML
// parser (unclosed tags, misnested tables and <br> soup are repaired into a
// tree, entities are decoded). It is not an HTML5 tree builder like gumbo,
// which it replaced for speed (3x faster here); on every page of samples/,
// samples/hard and generated pages the cleaner's output is the same with
// either (docs/BENCHMARKS.md, "Ingest cleaning").
//
// Content that is never article text is dropped here: script, style,
// noscript, template, iframe, nav, aside, footer, form, svg, buttons and
// hidden elements. Everything else becomes blocks in document order, split at
// block-level elements; <br> becomes "\n" inside a block. Each block carries
// the markup evidence the boilerplate classifier weighs (heading level, link
// density, chrome-like class/id, inside <article>/<main>, ...).
//
// Thread-safe: pure function.
#ifndef NEWSGRAPH_SERVICES_INGEST_CLEANING_HTML_EXTRACTOR_H_
#define NEWSGRAPH_SERVICES_INGEST_CLEANING_HTML_EXTRACTOR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {
namespace cleaning {

struct HtmlBlock {
  std::string text;           // entities decoded; "\n" where <br> was
  int heading_level = 0;      // 1..6 inside <h1>..<h6>, else 0
  uint32_t text_chars = 0;    // bytes of non-space text
  uint32_t link_chars = 0;    // of which inside <a href>
  bool in_article = false;    // inside <article>, <main> or articleBody
  bool chrome_hint = false;   // inside an element whose class/id says chrome
                              // (related, share, comments, menu, ...)
  bool caption = false;       // inside <figcaption> or <figure>
  bool list_item = false;     // inside <li>
  bool page_header = false;   // inside <header> outside any <article>
  // Ids of the block elements enclosing the text, outermost first (at most
  // the 32 innermost); equal ids mean the same element.
  std::vector<uint32_t> containers;
};

struct HtmlMetadata {
  std::string title_tag;           // <title>
  std::string og_title;            // og:title / twitter:title
  std::string og_site_name;        // og:site_name
  std::string canonical_url;       // <link rel="canonical"> or og:url
  std::string published_time;      // article:published_time, itemprop or
                                   // name="pubdate"/"date" meta
  std::string jsonld_headline;     // JSON-LD headline of an article object
  std::string jsonld_date_published;
  std::string jsonld_publisher;
  // <time datetime="..."> values outside chrome, with the index of the next
  // block emitted after them (their position in the text).
  std::vector<std::pair<size_t, std::string>> time_datetimes;
};

struct HtmlDocument {
  std::vector<HtmlBlock> blocks;
  HtmlMetadata meta;
};

// Parses `html` (valid UTF-8) and extracts blocks and metadata. Never fails:
// the parser recovers from any input (an empty document at worst).
HtmlDocument ExtractHtml(std::string_view html);

}  // namespace cleaning
}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_INGEST_CLEANING_HTML_EXTRACTOR_H_
