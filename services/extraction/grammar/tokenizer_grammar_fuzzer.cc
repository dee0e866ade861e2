// libFuzzer target: Tokenize, SplitSentences and FindNumericMentions on
// arbitrary bytes must not crash and must keep their invariants (offsets in
// range and ordered, sentences covering the tokens, mentions sorted and
// disjoint, values present).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "common/text/dates.h"
#include "common/text/tokenizer.h"
#include "services/extraction/grammar/numeric_grammar.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<newsgraph::Token> tokens = newsgraph::Tokenize(text);
  uint32_t prev_end = 0;
  for (const newsgraph::Token& t : tokens) {
    Check(t.begin >= prev_end);
    Check(t.begin < t.end);
    Check(t.end <= size);
    prev_end = t.end;
  }
  std::vector<newsgraph::Sentence> sentences =
      newsgraph::SplitSentences(text, tokens);
  uint32_t expected = 0;
  for (const newsgraph::Sentence& s : sentences) {
    Check(s.first_token == expected);
    Check(s.first_token < s.end_token);
    expected = s.end_token;
  }
  Check(expected == tokens.size());

  newsgraph::CivilDay reference(2024, 3, 14);
  std::vector<newsgraph::Mention> mentions =
      newsgraph::FindNumericMentions(text, tokens, &reference);
  uint32_t last = 0;
  for (const newsgraph::Mention& m : mentions) {
    Check(m.begin >= last);
    Check(m.begin < m.end);
    Check(m.end <= size);
    Check(m.text == text.substr(m.begin, m.end - m.begin));
    Check(m.value.has_value());
    last = m.end;
  }
  if (size < 256) {
    std::optional<newsgraph::DateMatch> d = newsgraph::ParseDate(text);
    if (d) Check(d->begin < d->end && d->end <= size && !d->iso.empty());
  }
  for (const newsgraph::Token& t : tokens) {
    if (t.end - t.begin < 64) newsgraph::NormalizeTerm(t.text(text));
  }
  return 0;
}
