#include "common/pagination/page_token.h"

#include "absl/hash/hash.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/encoding/coding.h"

namespace newsgraph {
namespace {

constexpr uint64_t kTokenVersion = 1;

uint64_t Checksum(std::string_view kind, std::string_view cursor) {
  // FNV-1a: stable across processes and builds (absl::Hash is not).
  uint64_t hash = 1469598103934665603ull;
  auto mix = [&hash](std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
  };
  mix(kind);
  mix(std::string_view("\0", 1));
  mix(cursor);
  return hash;
}

}  // namespace

std::string EncodePageToken(std::string_view kind, std::string_view cursor) {
  std::string raw;
  Encoder enc(&raw);
  enc.PutVarint64(kTokenVersion);
  enc.PutString(cursor);
  enc.PutFixed64(Checksum(kind, cursor));
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<std::string> DecodePageToken(std::string_view kind, std::string_view token) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(absl::string_view(token.data(), token.size()), &raw)) {
    return absl::InvalidArgumentError("page_token: not a token this service issued (bad encoding)");
  }
  Decoder dec(raw);
  uint64_t version = 0, checksum = 0;
  std::string cursor;
  if (!dec.GetVarint64(&version) || version != kTokenVersion || !dec.GetString(&cursor) ||
      !dec.GetFixed64(&checksum) || !dec.done() || checksum != Checksum(kind, cursor)) {
    return absl::InvalidArgumentError(
        "page_token: malformed or from another listing; pass next_page_token unchanged");
  }
  return cursor;
}

absl::StatusOr<int> CheckPageSize(int requested, int default_size, int max_size) {
  if (requested <= 0) return default_size;
  if (requested > max_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: ", requested, " is above the limit of ", max_size));
  }
  return requested;
}

}  // namespace newsgraph
