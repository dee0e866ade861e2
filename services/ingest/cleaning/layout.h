// Finds the article in a page's lines: classifies every line as article
// content or site chrome and picks the body as the best contiguous run of
// content, then finds the headline and the dateline around it.
//
// Works on plain text, where there are no tags to help: the evidence is the
// kind of line (sentence-like prose vs. menus, date-only lines, list headings
// such as "Related news", copyright/contact footers, pagers, photo credits),
// repetition (the headline printed two or three times) and position. Lines
// that came from HTML also carry markup evidence (headings, link density,
// chrome-like class names), weighed by the same classifier.
//
// Thread-safe: pure functions.
#ifndef NEWSGRAPH_SERVICES_INGEST_CLEANING_LAYOUT_H_
#define NEWSGRAPH_SERVICES_INGEST_CLEANING_LAYOUT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/model/document.h"
#include "services/ingest/cleaning/date_lines.h"

namespace newsgraph {
namespace cleaning {

// One line of the page after Unicode cleaning.
struct Line {
  std::string text;                 // cleaned: trimmed, single spaces
  std::vector<TextRepair> repairs;  // offsets into `text`
  int wide_gaps = 0;  // runs of 2+ spaces inside the raw line (column menus)
  // Markup evidence; defaults for plain text.
  bool from_html = false;
  int heading_level = 0;
  float link_density = 0;
  bool in_article = false;
  bool chrome_hint = false;
  bool caption = false;
  bool list_item = false;
  bool page_header = false;
  std::vector<uint32_t> containers;  // HtmlBlock::containers
};

enum class LineKind {
  kContent,  // prose: sentence-like or long
  kNeutral,  // short non-sentence: headline, subheading, byline, label
  kSkip,     // chrome that can sit inside a body (photo credit, "Read also:
             // ..." link, caption): left out, but does not end the body
  kBarrier,  // chrome that never sits inside a body (menus, date lines,
             // list headings, footers, pagers): ends a run of content
};

struct LineInfo {
  LineKind kind = LineKind::kNeutral;
  const char* reason = "";      // why, for debugging and --errors output
  bool date_line = false;       // the line is essentially one date
  bool headline_like = false;   // could be a headline
  std::string key;              // LineKey(text)
  int repeats = 1;              // occurrences of the same text in the page
  std::vector<FullDate> dates;  // full dates found in short lines
};

// Classifies every line (see LineKind).
std::vector<LineInfo> ClassifyLines(const std::vector<Line>& lines);

struct BodySpan {
  size_t begin = 0;  // first body line
  size_t end = 0;    // one past the last body line; begin == end: no body
  // Lines inside [begin, end) that are chrome and left out of the body.
  std::vector<size_t> excluded;
};

// Picks the body: the run of lines between barriers with the most content
// text, trimmed to its first and last content line (neutral lines between
// them, such as subheadings, stay; kSkip lines are excluded). Lines whose
// text equals `title` are barriers. When the page has no content line at
// all, the longest run of neutral lines is the body (a short note is still
// an article). On HTML pages the body is also kept inside one container:
// the innermost element that holds 75% of the run's content; lines after
// it (another story's teaser in a sibling list) are left out.
BodySpan SelectBody(const std::vector<Line>& lines,
                    std::vector<LineInfo>* infos, std::string_view title);

// The headline among the lines before the body: a headline-like line printed
// more than once near the top wins; otherwise the nearest headline-like line
// above the body. Returns the line index or -1.
int FindTitleLine(const std::vector<Line>& lines,
                  const std::vector<LineInfo>& infos, size_t body_begin);

// The publication date from the lines: date lines and datelines before the
// body end (never a teaser's date after it), nearest to `anchor_line` (the
// headline, or the body start); a weekday-led date banner separated from the
// headline by other lines is not a publication date. When several candidates
// name the same day, the one with a clock time wins. "" when none.
std::string FindDateInLines(const std::vector<Line>& lines,
                            const std::vector<LineInfo>& infos,
                            const BodySpan& body, int anchor_line);

// Letters and digits of `text` (ASCII lower-cased), single-spaced, with
// punctuation dropped: the key under
// which lines are compared for repetition and against the title.
std::string LineKey(std::string_view text);

}  // namespace cleaning
}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_INGEST_CLEANING_LAYOUT_H_
