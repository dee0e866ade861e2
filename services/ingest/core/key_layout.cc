#include "services/ingest/core/key_layout.h"

#include "common/encoding/coding.h"

namespace newsgraph::ingest {

std::vector<ColumnFamilySpec> IngestColumnFamilies() {
  return {{"default", nullptr},        {"documents", nullptr},     {"raw", nullptr},
          {"requests", nullptr},       {"content_hashes", nullptr}, {"simhashes", nullptr},
          {"external_ids", nullptr},   {"by_time", nullptr},       {"feed", nullptr}};
}

std::string ContentHashKey(uint64_t hash) {
  std::string key;
  AppendBigEndian64(&key, hash);
  return key;
}

std::string ExternalIdKey(std::string_view source, std::string_view external_id) {
  std::string key(source);
  key.push_back('\0');
  key.append(external_id.data(), external_id.size());
  return key;
}

std::string ByTimeKey(int64_t ingested_at_ms, std::string_view doc_id) {
  std::string key;
  AppendBigEndian64(&key, static_cast<uint64_t>(ingested_at_ms));
  key.append(doc_id.data(), doc_id.size());
  return key;
}

}  // namespace newsgraph::ingest
