#include "services/query/core/snippet.h"

#include <algorithm>
#include <vector>

#include "common/text/tokenizer.h"

namespace newsgraph {
namespace {

void AppendEscaped(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '&': out->append("&amp;"); break;
      case '"': out->append("&quot;"); break;
      default: out->push_back(c);
    }
  }
}

}  // namespace

Snippet MakeSnippet(std::string_view text, uint32_t body_begin, uint32_t body_end,
                    const std::unordered_set<std::string>& terms, int window_tokens) {
  static const auto* const kNoStems = new std::unordered_set<std::string>();
  return MakeSnippet(text, body_begin, body_end, terms, *kNoStems, StemMode::kNone,
                     window_tokens);
}

Snippet MakeSnippet(std::string_view text, uint32_t body_begin, uint32_t body_end,
                    const std::unordered_set<std::string>& terms,
                    const std::unordered_set<std::string>& stems, StemMode mode,
                    int window_tokens) {
  Snippet snippet;
  body_end = std::min<uint32_t>(body_end, text.size());
  if (body_end <= body_begin) {
    body_begin = 0;
    body_end = static_cast<uint32_t>(text.size());
  }
  const std::string_view body = text.substr(body_begin, body_end - body_begin);
  std::vector<Token> tokens = Tokenize(body);
  if (tokens.empty() || window_tokens <= 0) return snippet;
  std::vector<uint8_t> matched(tokens.size(), 0);
  // Stemming a whole body for every hit would cost more than the search (a
  // few hundred ns a word), so only words that can have a wanted stem are
  // stemmed: a stem keeps its word's first byte (after a leading
  // apostrophe, which Porter2 drops) and is never longer than the word.
  bool first_byte[256] = {};
  size_t shortest_stem = std::string::npos;
  for (const std::string& s : stems) {
    if (s.empty()) continue;
    first_byte[static_cast<unsigned char>(s[0])] = true;
    shortest_stem = std::min(shortest_stem, s.size());
  }
  std::string stem;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind != TokenKind::kWord && t.kind != TokenKind::kNumber) continue;
    if (terms.empty() && stems.empty()) continue;
    const std::string term = NormalizeTerm(t.text(body));
    if (terms.count(term)) {
      matched[i] = 1;
      continue;
    }
    if (term.empty() || term.size() < shortest_stem) continue;
    const bool candidate = first_byte[static_cast<unsigned char>(term[0])] ||
                           (term[0] == '\'' && term.size() > 1 &&
                            first_byte[static_cast<unsigned char>(term[1])]);
    if (!candidate) continue;
    StemTerm(term, mode, &stem);
    if (stems.count(stem)) matched[i] = 1;
  }
  const size_t window = std::min<size_t>(tokens.size(), window_tokens);
  size_t best_start = 0;
  int best = -1;
  int current = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    current += matched[i];
    if (i >= window) current -= matched[i - window];
    if (i + 1 >= window && current > best) {
      best = current;
      best_start = i + 1 - window;
    }
  }
  // Start a little before the first match so it has context.
  if (best > 0) {
    size_t first = best_start;
    while (first < best_start + window && !matched[first]) ++first;
    const size_t lead = std::min<size_t>(3, first - best_start);
    const size_t shift = first - best_start - lead;
    best_start = std::min(best_start + shift, tokens.size() - window);
  }
  const size_t end_token = best_start + window;
  const uint32_t begin = tokens[best_start].begin;
  const uint32_t end = tokens[end_token - 1].end;
  snippet.begin = body_begin + begin;
  snippet.text = std::string(body.substr(begin, end - begin));
  uint32_t cursor = 0;
  for (size_t i = best_start; i < end_token; ++i) {
    if (!matched[i]) continue;
    Span span{tokens[i].begin - begin, tokens[i].end - begin};
    snippet.highlights.push_back(span);
    AppendEscaped(std::string_view(snippet.text).substr(cursor, span.begin - cursor), &snippet.marked);
    snippet.marked.append("<b>");
    AppendEscaped(std::string_view(snippet.text).substr(span.begin, span.end - span.begin),
                  &snippet.marked);
    snippet.marked.append("</b>");
    cursor = span.end;
  }
  AppendEscaped(std::string_view(snippet.text).substr(cursor), &snippet.marked);
  return snippet;
}

}  // namespace newsgraph
