#include "services/extraction/ner/wordnet_names.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace newsgraph::ner {
namespace {

// The root synsets, by their WordNet 3.0 byte offsets, with the first lemma
// each must have there (a check that the file is WordNet 3.0).
struct Root {
  const char* offset;
  const char* lemma;
  const char* type;
};
constexpr Root kRoots[] = {
    {"00007846", "person", "PER"},
    {"08008335", "organization", "ORG"},
    {"00027167", "location", "LOC"},
};
constexpr int kNumRoots = 3;
constexpr int kMaxHypernymDepth = 40;

struct Synset {
  std::vector<std::string> lemmas;
  std::vector<std::string> hypernyms;  // offsets
  bool instance = false;               // has an instance hypernym
};

// Parses one synset line: offset lex_filenum ss_type w_cnt (hex) then
// w_cnt pairs of (lemma, lex_id), p_cnt then p_cnt pointers of four
// fields, then "| gloss".
absl::Status ParseSynset(std::string_view line, std::string* offset, Synset* out) {
  const std::string_view fields_part = line.substr(0, line.find(" | "));
  const std::vector<absl::string_view> f = absl::StrSplit(
      absl::string_view(fields_part.data(), fields_part.size()), ' ', absl::SkipEmpty());
  uint32_t words = 0;
  if (f.size() < 5 || !absl::SimpleHexAtoi(f[3], &words) || f.size() < 5 + 2 * words) {
    return absl::InvalidArgumentError("bad word count");
  }
  *offset = std::string(f[0]);
  for (uint32_t i = 0; i < words; ++i) out->lemmas.emplace_back(f[4 + 2 * i]);
  size_t k = 4 + 2 * words;
  uint32_t pointers = 0;
  if (!absl::SimpleAtoi(f[k], &pointers) || f.size() < k + 1 + 4 * size_t{pointers}) {
    return absl::InvalidArgumentError("bad pointer count");
  }
  ++k;
  for (uint32_t i = 0; i < pointers; ++i, k += 4) {
    const absl::string_view symbol = f[k];
    if (f[k + 2] != "n" || (symbol != "@" && symbol != "@i")) continue;
    out->hypernyms.emplace_back(f[k + 1]);
    if (symbol == "@i") out->instance = true;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<BioSentence>> ParseWordNetNames(std::string_view data_noun) {
  absl::flat_hash_map<std::string, Synset> synsets;
  std::vector<std::string> order;  // file order, for a deterministic output
  int64_t line_no = 0;
  for (const absl::string_view line :
       absl::StrSplit(absl::string_view(data_noun.data(), data_noun.size()), '\n')) {
    ++line_no;
    // The license text at the top of the file is indented by two spaces.
    if (line.empty() || line[0] == ' ') continue;
    std::string offset;
    Synset synset;
    if (absl::Status s = ParseSynset(std::string_view(line.data(), line.size()), &offset, &synset);
        !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("data.noun line ", line_no, ": ", s.message()));
    }
    order.push_back(offset);
    synsets[offset] = std::move(synset);
  }
  for (const Root& root : kRoots) {
    auto it = synsets.find(root.offset);
    if (it == synsets.end() || it->second.lemmas.empty() ||
        it->second.lemmas[0] != root.lemma) {
      return absl::FailedPreconditionError(
          absl::StrCat("data.noun: no synset \"", root.lemma, "\" at offset ", root.offset,
                       "; WordNet 3.0 is expected"));
    }
  }

  // Which roots each synset reaches through its hypernyms (bit i: kRoots[i]).
  absl::flat_hash_map<std::string, uint8_t> reaches;
  auto roots_of = [&](const std::string& start) {
    // Depth-first with an explicit stack; WordNet's hypernym graph is
    // acyclic, and the depth cap guards against a damaged file.
    uint8_t found = 0;
    std::vector<std::pair<const std::string*, int>> stack = {{&start, 0}};
    absl::flat_hash_set<std::string> seen;
    while (!stack.empty()) {
      auto [offset, depth] = stack.back();
      stack.pop_back();
      if (!seen.insert(*offset).second) continue;
      if (auto memo = reaches.find(*offset); memo != reaches.end()) {
        found |= memo->second;
        continue;
      }
      for (int r = 0; r < kNumRoots; ++r) {
        if (*offset == kRoots[r].offset) found |= 1 << r;
      }
      auto it = synsets.find(*offset);
      if (it == synsets.end() || depth >= kMaxHypernymDepth) continue;
      for (const std::string& h : it->second.hypernyms) stack.push_back({&h, depth + 1});
    }
    reaches[start] = found;
    return found;
  };

  std::vector<BioSentence> names;
  absl::flat_hash_set<std::string> emitted;
  for (const std::string& offset : order) {
    const Synset& synset = synsets.at(offset);
    const uint8_t roots = roots_of(offset);
    const char* type = nullptr;
    if ((roots & 1) && synset.instance) {
      type = "PER";
    } else if (roots & 2) {
      type = "ORG";
    } else if ((roots & 4) && synset.instance) {
      type = "LOC";
    }
    if (type == nullptr) continue;
    for (const std::string& lemma : synset.lemmas) {
      if (lemma.empty() || lemma[0] < 'A' || lemma[0] > 'Z') continue;
      std::vector<std::string> tokens = absl::StrSplit(lemma, '_', absl::SkipEmpty());
      if (std::string_view(type) == "PER" &&
          std::find(tokens.begin(), tokens.end(), "of") != tokens.end()) {
        continue;
      }
      if (!emitted.insert(absl::StrCat(type, " ", absl::StrJoin(tokens, " "))).second) continue;
      BioSentence name;
      name.doc_id = "wordnet";
      for (size_t i = 0; i < tokens.size(); ++i) {
        name.tags.push_back(absl::StrCat(i == 0 ? "B-" : "I-", type));
      }
      name.tokens = std::move(tokens);
      names.push_back(std::move(name));
    }
  }
  return names;
}

absl::StatusOr<std::vector<BioSentence>> ReadWordNetNames(const std::string& dir) {
  const std::string path = dir + "/data.noun";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("cannot open ", path, " (apt-get install -y wordnet-base)"));
  }
  std::stringstream text;
  text << in.rdbuf();
  return ParseWordNetNames(text.str());
}

}  // namespace newsgraph::ner
