#include "services/query/core/query_parser.h"

#include <cctype>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/text/tokenizer.h"

namespace newsgraph {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

absl::Status ErrorAt(size_t position, std::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("query: at byte ", position, ": ", std::string(what)));
}

bool ParseDigits(std::string_view text, int* value) {
  if (text.empty() || text.size() > 4) return false;
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *value = v;
  return true;
}

enum class FilterKey { kNone, kEntity, kType, kSource, kAfter, kBefore };

FilterKey ClassifyKey(std::string_view key) {
  std::string lower = absl::AsciiStrToLower(std::string(key));
  if (lower == "entity") return FilterKey::kEntity;
  if (lower == "type") return FilterKey::kType;
  if (lower == "source") return FilterKey::kSource;
  if (lower == "after") return FilterKey::kAfter;
  if (lower == "before") return FilterKey::kBefore;
  return FilterKey::kNone;
}

// One lexical item of the query.
struct Item {
  enum Kind { kClause, kOr, kFilter } kind = kClause;
  bool negated = false;
  QueryClause clause;
};

}  // namespace

void ForEachTextTerm(std::string_view text, const std::function<void(std::string_view term)>& fn) {
  for (const Token& token : Tokenize(text)) {
    if (token.kind != TokenKind::kWord && token.kind != TokenKind::kNumber) continue;
    const std::string term = NormalizeTerm(token.text(text));
    if (!term.empty()) fn(term);
  }
}

std::vector<std::string> TextTerms(std::string_view text) {
  std::vector<std::string> terms;
  ForEachTextTerm(text, [&terms](std::string_view term) { terms.emplace_back(term); });
  return terms;
}

std::optional<int32_t> ParseDay(std::string_view text) {
  int year = 0, month = 1, day = 1;
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  if (!ParseDigits(text.substr(0, 4), &year)) return std::nullopt;
  if (text.size() >= 7 && (text[4] != '-' || !ParseDigits(text.substr(5, 2), &month))) {
    return std::nullopt;
  }
  if (text.size() == 10 && (text[7] != '-' || !ParseDigits(text.substr(8, 2), &day))) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  absl::CivilDay civil(year, month, day);
  // CivilDay normalizes 2021-02-30 to March; reject such dates.
  if (civil.month() != month || civil.day() != day) return std::nullopt;
  return static_cast<int32_t>(civil - absl::CivilDay(1970, 1, 1));
}

std::optional<int32_t> ParseLeadingDay(std::string_view text) {
  if (text.size() >= 10) {
    if (auto day = ParseDay(text.substr(0, 10))) return day;
  }
  if (text.size() >= 7) {
    if (auto day = ParseDay(text.substr(0, 7))) return day;
  }
  if (text.size() >= 4) return ParseDay(text.substr(0, 4));
  return std::nullopt;
}

std::string FormatDay(int32_t day) {
  absl::CivilDay civil = absl::CivilDay(1970, 1, 1) + day;
  char buffer[16];
  snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", static_cast<int>(civil.year()),
           civil.month(), civil.day());
  return buffer;
}

absl::StatusOr<ParsedQuery> ParseQuery(std::string_view query) {
  if (query.size() > kMaxQueryBytes) {
    return ErrorAt(kMaxQueryBytes, absl::StrCat("longer than ", kMaxQueryBytes, " bytes"));
  }
  ParsedQuery parsed;
  std::vector<Item> items;
  size_t i = 0;
  const size_t n = query.size();
  // Reads a quoted string starting at the opening quote; returns its content.
  auto read_quoted = [&](size_t open, std::string_view* content) -> absl::Status {
    size_t close = query.find('"', open + 1);
    if (close == std::string_view::npos) return ErrorAt(open, "unclosed quote");
    *content = query.substr(open + 1, close - open - 1);
    i = close + 1;
    return absl::OkStatus();
  };
  while (i < n) {
    if (IsSpace(query[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    bool negated = false;
    if (query[i] == '-' && i + 1 < n && !IsSpace(query[i + 1])) {
      negated = true;
      ++i;
    }
    if (query[i] == '"') {
      std::string_view content;
      if (absl::Status s = read_quoted(i, &content); !s.ok()) return s;
      Item item;
      item.negated = negated;
      item.clause.terms = TextTerms(content);
      item.clause.position = static_cast<uint32_t>(start);
      item.clause.quoted = true;
      if (!item.clause.terms.empty()) items.push_back(std::move(item));
      continue;
    }
    size_t end = i;
    while (end < n && !IsSpace(query[end]) && query[end] != '"') ++end;
    std::string_view word = query.substr(i, end - i);
    size_t colon = word.find(':');
    FilterKey key = colon == std::string_view::npos ? FilterKey::kNone
                                                     : ClassifyKey(word.substr(0, colon));
    if (key != FilterKey::kNone) {
      if (negated) return ErrorAt(start, "a filter cannot be negated");
      const size_t value_pos = i + colon + 1;
      std::string_view value;
      if (value_pos < n && query[value_pos] == '"') {
        if (absl::Status s = read_quoted(value_pos, &value); !s.ok()) return s;
      } else {
        value = query.substr(value_pos, end - value_pos);
        i = end;
      }
      std::string trimmed(absl::StripAsciiWhitespace(std::string(value)));
      if (trimmed.empty()) return ErrorAt(value_pos, "empty filter value");
      QueryFilters& f = parsed.filters;
      switch (key) {
        case FilterKey::kEntity:
          f.entities.push_back(trimmed);
          break;
        case FilterKey::kType: {
          std::optional<EntityType> type = ParseEntityType(absl::AsciiStrToUpper(trimmed));
          if (!type || *type == EntityType::kUnknown) {
            return ErrorAt(value_pos, absl::StrCat("unknown entity type \"", trimmed,
                                                   "\" (PERSON, ORG, LOCATION, DATE, MONEY, "
                                                   "PERCENT, QUANTITY, MISC)"));
          }
          f.types.push_back(*type);
          break;
        }
        case FilterKey::kSource:
          f.sources.push_back(absl::AsciiStrToLower(trimmed));
          break;
        case FilterKey::kAfter:
        case FilterKey::kBefore: {
          std::optional<int32_t> day = ParseDay(trimmed);
          if (!day) {
            return ErrorAt(value_pos, absl::StrCat("bad date \"", trimmed,
                                                   "\" (want YYYY, YYYY-MM or YYYY-MM-DD)"));
          }
          (key == FilterKey::kAfter ? f.after_day : f.before_day) = *day;
          break;
        }
        case FilterKey::kNone:
          break;
      }
      Item item;
      item.kind = Item::kFilter;
      item.clause.position = static_cast<uint32_t>(start);
      items.push_back(std::move(item));
      continue;
    }
    i = end;
    if (!negated && word == "OR") {
      Item item;
      item.kind = Item::kOr;
      item.clause.position = static_cast<uint32_t>(start);
      items.push_back(std::move(item));
      continue;
    }
    Item item;
    item.negated = negated;
    item.clause.terms = TextTerms(word);
    item.clause.position = static_cast<uint32_t>(start);
    if (!item.clause.terms.empty()) items.push_back(std::move(item));
  }

  // Group: OR joins the clauses on either side into one group.
  bool pending_or = false;
  size_t or_position = 0;
  bool last_was_positive_clause = false;
  for (Item& item : items) {
    if (item.kind == Item::kOr) {
      if (!last_was_positive_clause || pending_or) {
        return ErrorAt(item.clause.position, "OR needs a word or phrase on its left");
      }
      pending_or = true;
      or_position = item.clause.position;
      continue;
    }
    if (item.kind == Item::kFilter || item.negated) {
      if (pending_or) {
        return ErrorAt(item.clause.position, "OR needs a word or phrase on its right");
      }
      if (item.negated) parsed.excluded.push_back(std::move(item.clause));
      last_was_positive_clause = false;
      continue;
    }
    if (pending_or) {
      parsed.required.back().push_back(std::move(item.clause));
      pending_or = false;
    } else {
      parsed.required.push_back({std::move(item.clause)});
    }
    last_was_positive_clause = true;
  }
  if (pending_or) return ErrorAt(or_position, "OR needs a word or phrase on its right");
  size_t terms = 0;
  auto count = [&terms](const QueryClause& clause) -> std::optional<uint32_t> {
    terms += clause.terms.size();
    return terms > kMaxQueryTerms ? std::optional<uint32_t>(clause.position) : std::nullopt;
  };
  for (const std::vector<QueryClause>& group : parsed.required) {
    for (const QueryClause& clause : group) {
      if (auto at = count(clause)) {
        return ErrorAt(*at, absl::StrCat("more than ", kMaxQueryTerms, " terms"));
      }
    }
  }
  for (const QueryClause& clause : parsed.excluded) {
    if (auto at = count(clause)) {
      return ErrorAt(*at, absl::StrCat("more than ", kMaxQueryTerms, " terms"));
    }
  }
  return parsed;
}

}  // namespace newsgraph
