#include "services/extraction/ner/word_clusters.h"

#include <algorithm>
#include <fstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/encoding/coding.h"
#include "services/extraction/ner/hashing.h"

namespace newsgraph::ner {

absl::Status WordClusters::Add(std::string_view word, std::string_view bits) {
  if (word.empty()) return absl::InvalidArgumentError("empty word");
  if (bits.empty() || bits.size() > kMaxBits) {
    return absl::InvalidArgumentError(absl::StrCat("cluster path of ", bits.size(), " bits for '",
                                                   std::string(word), "' (1..", kMaxBits,
                                                   " allowed)"));
  }
  ClusterPath path;
  for (char c : bits) {
    if (c != '0' && c != '1') {
      return absl::InvalidArgumentError(
          absl::StrCat("cluster path '", std::string(bits), "' is not a bit string"));
    }
    path.bits = (path.bits << 1) | static_cast<uint32_t>(c - '0');
  }
  path.len = static_cast<uint8_t>(bits.size());
  if (!paths_.emplace(HashBytes(word), path).second) {
    return absl::InvalidArgumentError(absl::StrCat("word '", std::string(word), "' listed twice"));
  }
  return absl::OkStatus();
}

void WordClusters::Encode(std::string* out) const {
  std::vector<std::pair<uint64_t, ClusterPath>> sorted(paths_.begin(), paths_.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Encoder enc(out);
  enc.PutVarint64(sorted.size());
  for (const auto& [h, path] : sorted) {
    enc.PutFixed64(h);
    enc.PutVarint32(path.bits);
    enc.PutVarint32(path.len);
  }
}

absl::StatusOr<WordClusters> WordClusters::Decode(std::string_view* in) {
  Decoder dec(*in);
  uint64_t count = 0;
  // Each entry takes at least 8 + 1 + 1 bytes.
  if (!dec.GetVarint64(&count) || count > dec.remaining() / 10) {
    return absl::DataLossError("word clusters: bad entry count");
  }
  WordClusters clusters;
  clusters.paths_.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t h = 0;
    uint32_t bits = 0, len = 0;
    if (!dec.GetFixed64(&h) || !dec.GetVarint32(&bits) || !dec.GetVarint32(&len)) {
      return absl::DataLossError("word clusters: truncated entry");
    }
    if (len == 0 || len > kMaxBits || (len < 32 && (bits >> len) != 0)) {
      return absl::DataLossError("word clusters: bad path");
    }
    if (!clusters.paths_.emplace(h, ClusterPath{bits, static_cast<uint8_t>(len)}).second) {
      return absl::DataLossError("word clusters: duplicate word");
    }
  }
  in->remove_prefix(in->size() - dec.remaining());
  return clusters;
}

absl::StatusOr<WordClusters> LoadWordClustersTsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("word cluster file not found or unreadable: ", path));
  }
  WordClusters clusters;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", line_no, ": no TAB"));
    }
    const size_t tab2 = line.find('\t', tab + 1);
    const std::string_view view(line);
    const std::string_view word =
        view.substr(tab + 1, tab2 == std::string::npos ? std::string::npos : tab2 - tab - 1);
    if (absl::Status s = clusters.Add(word, view.substr(0, tab)); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(path, ":", line_no, ": ", s.message()));
    }
  }
  if (clusters.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": no clusters"));
  }
  return clusters;
}

}  // namespace newsgraph::ner
