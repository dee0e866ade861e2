// Key layout of the entity registry's column families (all in the
// extraction service's RocksDB, appended after the store's own families by
// EntityRegistry::ColumnFamilies). Every value starts with a format version
// byte (kRegistryFormatVersion) followed by fields in common/encoding's
// varint/length-prefixed codec, so records can grow trailing fields.
//
// registry_entities   "<entity_id>"                 -> entity record:
//                     canonical, type, aliases[], document_count,
//                     mention_count, first_seen, last_seen
// registry_redirects  "<old_entity_id>"             -> "<new_entity_id>"
//                     (raw id, no version byte; always points at a live id)
// registry_docs       "d/<doc_id>"                  -> what the document last
//                     contributed: [(entity_id, mentions)], [role keys]
//                     "m/<entity_id>/<doc_id>"      -> published_date, mentions
// registry_roles      "<entity_id>/<date>/<doc_id>/<nnn>" -> role record:
//                     title, normalized_title, organization,
//                     organization_entity_id, doc_id, date
// registry_aliases    "<TYPE>/<name key>"           -> alias, canonical, type
//                     (operator additions; they override models/aliases.tsv)
// registry_meta       "next_id"                     -> varint: next entity number
//
// Entity ids are "ent-<n>" with n from the persisted counter: they never
// contain '/', so "m/<entity_id>/" and "<entity_id>/" are exact prefixes.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_REGISTRY_KEY_LAYOUT_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_REGISTRY_KEY_LAYOUT_H_

#include <string>
#include <string_view>

namespace newsgraph {
namespace registry_keys {

inline constexpr char kRegistryFormatVersion = 1;

// Offsets of the registry's families from the `first_cf` given to Open, in
// the order EntityRegistry::ColumnFamilies returns them.
enum Family : int {
  kEntities = 0,
  kRedirects = 1,
  kDocs = 2,
  kRoles = 3,
  kAliases = 4,
  kMeta = 5,
  kFamilyCount = 6,
};

inline constexpr std::string_view kFamilyNames[kFamilyCount] = {
    "registry_entities", "registry_redirects", "registry_docs",
    "registry_roles",    "registry_aliases",   "registry_meta"};

inline constexpr std::string_view kEntityIdPrefix = "ent-";
inline constexpr std::string_view kNextIdKey = "next_id";

inline std::string DocKey(std::string_view doc_id) {
  return "d/" + std::string(doc_id);
}
inline std::string EntityDocPrefix(std::string_view entity_id) {
  return "m/" + std::string(entity_id) + "/";
}
inline std::string EntityDocKey(std::string_view entity_id, std::string_view doc_id) {
  return EntityDocPrefix(entity_id) + std::string(doc_id);
}
inline std::string RolePrefix(std::string_view entity_id) {
  return std::string(entity_id) + "/";
}

}  // namespace registry_keys
}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_REGISTRY_KEY_LAYOUT_H_
