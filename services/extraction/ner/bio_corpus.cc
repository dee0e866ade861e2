#include "services/extraction/ner/bio_corpus.h"

#include <algorithm>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace newsgraph::ner {

absl::StatusOr<std::vector<BioSentence>> ReadBioFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::vector<BioSentence> sentences;
  BioSentence current;
  std::string doc_id;
  std::string line;
  int64_t line_no = 0;
  auto flush = [&] {
    if (!current.tokens.empty()) {
      current.doc_id = doc_id;
      sentences.push_back(std::move(current));
      current = BioSentence();
    }
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      flush();
      continue;
    }
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      if (line.rfind("# doc ", 0) == 0) {
        flush();
        doc_id = line.substr(6);
        continue;
      }
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_no, ": line without TAB"));
    }
    std::string tag = line.substr(tab + 1);
    if (tag != "O" && (tag.size() < 3 || tag[1] != '-' ||
                       (tag[0] != 'B' && tag[0] != 'I'))) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_no, ": bad tag '", tag, "'"));
    }
    current.tokens.push_back(line.substr(0, tab));
    current.tags.push_back(std::move(tag));
  }
  flush();
  return sentences;
}

void KeepTypes(const std::vector<std::string>& keep,
               std::vector<std::string>* tags) {
  for (std::string& tag : *tags) {
    if (tag == "O") continue;
    const std::string type = tag.substr(2);
    if (std::find(keep.begin(), keep.end(), type) == keep.end()) tag = "O";
  }
}

void SpanScorer::Add(const std::vector<TokenSpan>& gold,
                     const std::vector<TokenSpan>& predicted) {
  for (const TokenSpan& g : gold) {
    Counts& c = by_type_[g.type];
    if (std::find(predicted.begin(), predicted.end(), g) != predicted.end()) {
      ++c.tp;
    } else {
      ++c.fn;
    }
  }
  for (const TokenSpan& p : predicted) {
    if (std::find(gold.begin(), gold.end(), p) == gold.end()) {
      ++by_type_[p.type].fp;
    }
  }
}

SpanScorer::Counts SpanScorer::Micro() const {
  Counts total;
  for (const auto& [type, c] : by_type_) {
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  return total;
}

std::string SpanScorer::Report() const {
  std::string out = absl::StrFormat("%-10s %7s %7s %7s %6s %6s %6s\n", "type",
                                    "prec", "recall", "F1", "tp", "fp", "fn");
  auto line = [&](const std::string& name, const Counts& c) {
    absl::StrAppend(&out, absl::StrFormat("%-10s %7.4f %7.4f %7.4f %6d %6d %6d\n",
                                          name, c.Precision(), c.Recall(),
                                          c.F1(), c.tp, c.fp, c.fn));
  };
  for (const auto& [type, c] : by_type_) line(type, c);
  line("micro", Micro());
  return out;
}

}  // namespace newsgraph::ner
