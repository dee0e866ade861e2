#include "services/extraction/knowledge/alias_table.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/extraction/knowledge/lexicon.h"

namespace newsgraph {

std::string AliasTable::Key(EntityType type, std::string_view name) {
  return absl::StrCat(static_cast<int>(type), ":", knowledge::NameKey(name));
}

absl::Status AliasTable::Add(std::string_view alias, std::string_view canonical,
                             EntityType type) {
  if (type != EntityType::kUnknown && !IsNamedType(type)) {
    return absl::InvalidArgumentError(
        absl::StrCat("alias type must be PERSON, ORG, LOCATION or ANY, got ",
                     std::string(EntityTypeName(type))));
  }
  if (knowledge::NameKey(alias).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("alias \"", std::string(alias), "\" has no letters or digits"));
  }
  if (knowledge::NameKey(canonical).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("canonical name \"", std::string(canonical), "\" has no letters or digits"));
  }
  canonical_by_key_[Key(type, alias)] = std::string(canonical);
  // A canonical name is its own canonical form, unless the table says
  // otherwise for it explicitly.
  canonical_by_key_.emplace(Key(type, canonical), std::string(canonical));
  entries_.push_back(AliasEntry{std::string(alias), std::string(canonical), type});
  return absl::OkStatus();
}

std::optional<std::string> AliasTable::Canonical(std::string_view name, EntityType type) const {
  if (type != EntityType::kUnknown) {
    auto it = canonical_by_key_.find(Key(type, name));
    if (it != canonical_by_key_.end()) return it->second;
  }
  auto it = canonical_by_key_.find(Key(EntityType::kUnknown, name));
  if (it != canonical_by_key_.end()) return it->second;
  return std::nullopt;
}

absl::StatusOr<AliasTable> ParseAliasTable(std::string_view text, std::string_view source_name) {
  AliasTable table;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(absl::string_view(text.data(), text.size()), '\n')) {
    ++line_number;
    absl::ConsumeSuffix(&line, "\r");
    absl::string_view stripped = absl::StripAsciiWhitespace(line);
    if (stripped.empty() || stripped[0] == '#') continue;
    auto error = [&](const std::string& reason) {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(source_name), ":", line_number, ": ", reason));
    };
    std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    if (fields.size() != 3) {
      return error(absl::StrCat(
          "expected 3 tab-separated fields (TYPE, ALIAS, CANONICAL), found ", fields.size()));
    }
    absl::string_view type_name = absl::StripAsciiWhitespace(fields[0]);
    EntityType type = EntityType::kUnknown;
    if (type_name != "ANY") {
      std::optional<EntityType> parsed =
          ParseEntityType(std::string_view(type_name.data(), type_name.size()));
      if (!parsed.has_value() || !IsNamedType(*parsed)) {
        return error(absl::StrCat("unknown type \"", std::string(type_name),
                                  "\" (expected PERSON, ORG, LOCATION or ANY)"));
      }
      type = *parsed;
    }
    absl::string_view alias = absl::StripAsciiWhitespace(fields[1]);
    absl::string_view canonical = absl::StripAsciiWhitespace(fields[2]);
    absl::Status added = table.Add(std::string_view(alias.data(), alias.size()),
                                   std::string_view(canonical.data(), canonical.size()), type);
    if (!added.ok()) return error(std::string(added.message()));
  }
  return table;
}

absl::StatusOr<AliasTable> LoadAliasTable(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open alias table ", path));
  std::stringstream content;
  content << in.rdbuf();
  if (in.bad()) return absl::InternalError(absl::StrCat("cannot read alias table ", path));
  return ParseAliasTable(content.str(), path);
}

}  // namespace newsgraph
