// AliasTable: known equivalences between names, such as renamed places
// ("Nur-Sultan" -> "Astana"), short forms of countries ("UK" -> "United
// Kingdom") and acronyms of organizations ("WHO" -> "World Health
// Organization"). Loaded at start from models/aliases.tsv and extended by
// operators (EntityRegistry::AddAlias persists additions).
//
// Lookups compare names by NameKey (case, hyphens, dots, apostrophes and
// diacritics ignored), so "NUR-SULTAN", "Nur-Sultan" and "Nursultan" all find
// the same entry. A canonical name maps to itself, which lets a dateline
// "ASTANA" come out as "Astana".
//
// File format (UTF-8, one entry per line, '#' starts a comment line, blank
// lines ignored):
//   TYPE<TAB>ALIAS<TAB>CANONICAL
// TYPE is PERSON, ORG, LOCATION (or an alias accepted by ParseEntityType) or
// "ANY" for an entry that applies to every named type.
//
// Thread-safety: const methods may be called concurrently; Add needs
// exclusive access.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_ALIAS_TABLE_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_ALIAS_TABLE_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/model/annotations.h"

namespace newsgraph {

struct AliasEntry {
  std::string alias;
  std::string canonical;
  EntityType type = EntityType::kUnknown;  // kUnknown: any named type
};

class AliasTable {
 public:
  // Adds (or replaces) alias -> canonical. INVALID_ARGUMENT when either name
  // is empty or has no letters or digits, or `type` is a numeric type.
  absl::Status Add(std::string_view alias, std::string_view canonical, EntityType type);

  // The canonical name for `name` of `type`: an entry of that exact type
  // wins over an ANY entry. std::nullopt when the table does not know it.
  std::optional<std::string> Canonical(std::string_view name, EntityType type) const;

  // Every entry, in the order added.
  const std::vector<AliasEntry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

 private:
  static std::string Key(EntityType type, std::string_view name);
  std::unordered_map<std::string, std::string> canonical_by_key_;
  std::vector<AliasEntry> entries_;
};

// Parses alias-table text (format above). `source_name` names the input in
// error messages, which give the 1-based line number and the reason:
//   "models/aliases.tsv:12: expected 3 tab-separated fields (TYPE, ALIAS,
//    CANONICAL), found 2".
absl::StatusOr<AliasTable> ParseAliasTable(std::string_view text, std::string_view source_name);

// Reads and parses the file at `path`. NOT_FOUND when it does not exist.
absl::StatusOr<AliasTable> LoadAliasTable(const std::string& path);

}  // namespace newsgraph

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_ALIAS_TABLE_H_
