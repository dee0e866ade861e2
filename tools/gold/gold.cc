#include "tools/gold/gold.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "nlohmann/json.hpp"

namespace newsgraph {
namespace gold {
namespace {

using Json = nlohmann::json;

// The gold format's type names. Kept here rather than taken from
// common/model so that the file format cannot drift with the model's aliases.
constexpr std::pair<const char*, EntityType> kTypeNames[] = {
    {"PERSON", EntityType::kPerson},     {"ORG", EntityType::kOrganization},
    {"LOCATION", EntityType::kLocation}, {"DATE", EntityType::kDate},
    {"MONEY", EntityType::kMoney},       {"PERCENT", EntityType::kPercent},
    {"QUANTITY", EntityType::kQuantity},
};

bool ParseTypeName(const std::string& name, EntityType* type) {
  for (const auto& [text, value] : kTypeNames) {
    if (name == text) {
      *type = value;
      return true;
    }
  }
  return false;
}

bool IsNamed(EntityType type) {
  return type == EntityType::kPerson || type == EntityType::kOrganization ||
         type == EntityType::kLocation;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("cannot read ", path));
  return buffer.str();
}

// Decodes one UTF-8 sequence at text[*pos]; returns the code point and
// advances *pos, or returns -1 (and advances by one byte) if malformed.
int32_t DecodeUtf8(std::string_view text, size_t* pos) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(text[i]);
  };
  const unsigned char lead = byte(*pos);
  int length = 0;
  int32_t code = 0;
  if (lead < 0x80) {
    ++*pos;
    return lead;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code = lead & 0x07;
  } else {
    ++*pos;
    return -1;
  }
  if (*pos + length > text.size()) {
    ++*pos;
    return -1;
  }
  for (int i = 1; i < length; ++i) {
    const unsigned char next = byte(*pos + i);
    if ((next & 0xC0) != 0x80) {
      ++*pos;
      return -1;
    }
    code = (code << 6) | (next & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) ||
      (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) {
    ++*pos;
    return -1;
  }
  *pos += length;
  return code;
}

void AppendUtf8(int32_t code, std::string* out) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

bool IsValidUtf8(std::string_view text, size_t* bad_offset) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    if (DecodeUtf8(text, &pos) < 0) {
      *bad_offset = start;
      return false;
    }
  }
  return true;
}

// Spaces other than the ASCII space that a cleaner must turn into ' '.
bool IsOddSpace(int32_t code) {
  return code == 0x00A0 || (code >= 0x2000 && code <= 0x200B) ||
         code == 0x202F || code == 0x205F || code == 0x3000 || code == 0xFEFF ||
         code == 0x1680;
}

bool IsWhitespace(int32_t code) {
  return code == ' ' || code == '\t' || code == '\n' || code == '\r' ||
         code == '\f' || code == '\v' || IsOddSpace(code);
}

// Cyrillic letters that look like Latin ones, as they turn up inside
// English words in scraped text ("mediсal" with U+0441).
int32_t FoldHomoglyph(int32_t code) {
  switch (code) {
    case 0x0430:
      return 'a';
    case 0x0441:
      return 'c';
    case 0x0435:
      return 'e';
    case 0x043E:
      return 'o';
    case 0x0440:
      return 'p';
    case 0x0445:
      return 'x';
    case 0x0443:
      return 'y';
    case 0x0456:
      return 'i';
    case 0x0458:
      return 'j';
    case 0x0455:
      return 's';
    case 0x0410:
      return 'A';
    case 0x0412:
      return 'B';
    case 0x0415:
      return 'E';
    case 0x041A:
      return 'K';
    case 0x041C:
      return 'M';
    case 0x041D:
      return 'H';
    case 0x041E:
      return 'O';
    case 0x0420:
      return 'P';
    case 0x0421:
      return 'C';
    case 0x0422:
      return 'T';
    case 0x0425:
      return 'X';
    case 0x0406:
      return 'I';
    default:
      return code;
  }
}

bool IsCyrillic(int32_t code) { return code >= 0x0400 && code <= 0x04FF; }
bool IsLatinLetter(int32_t code) {
  return (code >= 'a' && code <= 'z') || (code >= 'A' && code <= 'Z');
}

bool IsCharBoundary(std::string_view text, size_t offset) {
  if (offset == 0 || offset >= text.size()) return true;
  return (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return c >= '0' && c <= '9'; });
}

// "123", "12.5": a plain number without separators or sign.
bool IsPlainNumber(std::string_view s) {
  const size_t dot = s.find('.');
  if (dot == std::string_view::npos) return AllDigits(s);
  return AllDigits(s.substr(0, dot)) && AllDigits(s.substr(dot + 1));
}

bool InRange(std::string_view digits, int low, int high) {
  const int value = std::atoi(std::string(digits).c_str());
  return value >= low && value <= high;
}

// "YYYY", "YYYY-MM", "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM".
bool IsIsoDateValue(std::string_view s) {
  if (s.size() < 4 || !AllDigits(s.substr(0, 4))) return false;
  if (s.size() == 4) return true;
  if (s.size() < 7 || s[4] != '-' || !AllDigits(s.substr(5, 2)) ||
      !InRange(s.substr(5, 2), 1, 12)) {
    return false;
  }
  if (s.size() == 7) return true;
  if (s.size() < 10 || s[7] != '-' || !AllDigits(s.substr(8, 2)) ||
      !InRange(s.substr(8, 2), 1, 31)) {
    return false;
  }
  if (s.size() == 10) return true;
  return s.size() == 16 && s[10] == 'T' && AllDigits(s.substr(11, 2)) &&
         InRange(s.substr(11, 2), 0, 23) && s[13] == ':' &&
         AllDigits(s.substr(14, 2)) && InRange(s.substr(14, 2), 0, 59);
}

bool IsPublishedDate(std::string_view s) {
  return (s.size() == 10 || s.size() == 16) && IsIsoDateValue(s);
}

absl::Status CheckValue(EntityType type, const std::string& value) {
  switch (type) {
    case EntityType::kDate:
      if (IsIsoDateValue(value)) return absl::OkStatus();
      return absl::InvalidArgumentError(
          "DATE value must be YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM");
    case EntityType::kMoney: {
      const size_t space = value.find(' ');
      if (space != std::string::npos && IsPlainNumber(value.substr(0, space)) &&
          value.size() - space - 1 == 3 &&
          std::all_of(value.begin() + space + 1, value.end(),
                      [](char c) { return c >= 'A' && c <= 'Z'; })) {
        return absl::OkStatus();
      }
      return absl::InvalidArgumentError(
          "MONEY value must be \"<number> <ISO 4217 code>\"");
    }
    case EntityType::kPercent:
      if (IsPlainNumber(value)) return absl::OkStatus();
      return absl::InvalidArgumentError("PERCENT value must be a plain number");
    case EntityType::kQuantity: {
      const size_t space = value.find(' ');
      const std::string number = value.substr(0, space);
      if (IsPlainNumber(number) &&
          (space == std::string::npos || space + 1 < value.size())) {
        return absl::OkStatus();
      }
      return absl::InvalidArgumentError(
          "QUANTITY value must be \"<number>\" or \"<number> <unit>\"");
    }
    default:
      return absl::OkStatus();
  }
}

// Reads a required string member.
absl::Status GetString(const Json& object, const char* key, bool required,
                       std::string* out) {
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) {
      return absl::InvalidArgumentError(absl::StrCat("missing \"", key, "\""));
    }
    return absl::OkStatus();
  }
  if (!it->is_string()) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", key, "\" must be a string"));
  }
  *out = it->get<std::string>();
  return absl::OkStatus();
}

absl::Status GetOffset(const Json& object, const char* key, uint32_t* out) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer() ||
      it->get<int64_t>() < 0 || it->get<int64_t>() > UINT32_MAX) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", key, "\" must be a non-negative integer"));
  }
  *out = static_cast<uint32_t>(it->get<int64_t>());
  return absl::OkStatus();
}

absl::Status ParseInto(const Json& root, GoldArticle* article) {
  if (!root.is_object()) {
    return absl::InvalidArgumentError("top level must be a JSON object");
  }
  RETURN_IF_ERROR(GetString(root, "raw_file", true, &article->raw_file));
  RETURN_IF_ERROR(
      GetString(root, "content_type", true, &article->content_type));
  RETURN_IF_ERROR(GetString(root, "url", false, &article->url));
  RETURN_IF_ERROR(GetString(root, "title", true, &article->title));
  RETURN_IF_ERROR(
      GetString(root, "published_date", true, &article->published_date));
  RETURN_IF_ERROR(GetString(root, "source", true, &article->source));
  RETURN_IF_ERROR(GetString(root, "body", true, &article->body));
  RETURN_IF_ERROR(
      GetString(root, "near_duplicate_of", false, &article->near_duplicate_of));

  const auto array = [&](const char* key) -> absl::StatusOr<const Json*> {
    const auto it = root.find(key);
    if (it == root.end()) {
      return absl::InvalidArgumentError(absl::StrCat("missing \"", key, "\""));
    }
    if (!it->is_array()) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", key, "\" must be an array"));
    }
    return &*it;
  };

  ASSIGN_OR_RETURN(const Json* entities, array("entities"));
  for (size_t i = 0; i < entities->size(); ++i) {
    const Json& item = (*entities)[i];
    GoldEntity entity;
    std::string type;
    absl::Status status = [&]() -> absl::Status {
      if (!item.is_object()) {
        return absl::InvalidArgumentError("must be an object");
      }
      RETURN_IF_ERROR(GetOffset(item, "begin", &entity.begin));
      RETURN_IF_ERROR(GetOffset(item, "end", &entity.end));
      RETURN_IF_ERROR(GetString(item, "text", true, &entity.text));
      RETURN_IF_ERROR(GetString(item, "type", true, &type));
      if (!ParseTypeName(type, &entity.type)) {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown type \"", type, "\""));
      }
      RETURN_IF_ERROR(GetString(item, "canonical", false, &entity.canonical));
      RETURN_IF_ERROR(GetString(item, "value", false, &entity.value));
      return absl::OkStatus();
    }();
    if (!status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("entities[", i, "]: ", status.message()));
    }
    article->entities.push_back(std::move(entity));
  }

  ASSIGN_OR_RETURN(const Json* roles, array("roles"));
  for (size_t i = 0; i < roles->size(); ++i) {
    const Json& item = (*roles)[i];
    GoldRole role;
    absl::Status status = [&]() -> absl::Status {
      if (!item.is_object()) {
        return absl::InvalidArgumentError("must be an object");
      }
      RETURN_IF_ERROR(GetString(item, "person", true, &role.person));
      RETURN_IF_ERROR(GetString(item, "title", true, &role.title));
      RETURN_IF_ERROR(
          GetString(item, "organization", true, &role.organization));
      return absl::OkStatus();
    }();
    if (!status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("roles[", i, "]: ", status.message()));
    }
    article->roles.push_back(std::move(role));
  }

  ASSIGN_OR_RETURN(const Json* quotes, array("quotes"));
  for (size_t i = 0; i < quotes->size(); ++i) {
    const Json& item = (*quotes)[i];
    GoldQuote quote;
    absl::Status status = [&]() -> absl::Status {
      if (!item.is_object()) {
        return absl::InvalidArgumentError("must be an object");
      }
      RETURN_IF_ERROR(GetOffset(item, "begin", &quote.begin));
      RETURN_IF_ERROR(GetOffset(item, "end", &quote.end));
      RETURN_IF_ERROR(GetString(item, "text", true, &quote.text));
      RETURN_IF_ERROR(GetString(item, "speaker", true, &quote.speaker));
      return absl::OkStatus();
    }();
    if (!status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("quotes[", i, "]: ", status.message()));
    }
    article->quotes.push_back(std::move(quote));
  }
  return absl::OkStatus();
}

std::string SlugOf(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  constexpr std::string_view kSuffix = ".gold.json";
  if (name.size() > kSuffix.size() &&
      name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) ==
          0) {
    name.resize(name.size() - kSuffix.size());
  }
  return name;
}

absl::Status CheckBody(const std::string& body) {
  if (body.empty()) return absl::InvalidArgumentError("body is empty");
  size_t bad = 0;
  if (!IsValidUtf8(body, &bad)) {
    return absl::InvalidArgumentError(
        absl::StrCat("body is not valid UTF-8 at byte ", bad));
  }
  size_t start = 0;
  while (start <= body.size()) {
    size_t stop = body.find("\n\n", start);
    if (stop == std::string::npos) stop = body.size();
    const std::string_view paragraph =
        std::string_view(body).substr(start, stop - start);
    if (paragraph.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("empty paragraph at byte ", start,
                       " (paragraphs are joined by exactly \"\\n\\n\")"));
    }
    // Walk the paragraph by code point: no newline, no odd space, no
    // surrounding whitespace, no Cyrillic letter inside a Latin word.
    size_t pos = 0;
    int32_t first = -1, last = -1;
    bool word_has_latin = false, word_has_cyrillic = false;
    size_t word_start = 0;
    while (pos <= paragraph.size()) {
      const size_t here = pos;
      const int32_t code =
          pos < paragraph.size() ? DecodeUtf8(paragraph, &pos) : ' ';
      if (pos == here) ++pos;  // the sentinel
      if (here < paragraph.size()) {
        if (first < 0) first = code;
        last = code;
        if (code == '\n' || code == '\r') {
          return absl::InvalidArgumentError(absl::StrCat(
              "single line break inside a paragraph at byte ", start + here));
        }
        if (IsOddSpace(code) || code == '\t') {
          return absl::InvalidArgumentError(
              absl::StrCat("non-plain space U+", absl::Hex(code), " at byte ",
                           start + here));
        }
      }
      const bool letter = IsLatinLetter(code) || IsCyrillic(code);
      if (letter) {
        if (!word_has_latin && !word_has_cyrillic) word_start = here;
        if (IsLatinLetter(code)) word_has_latin = true;
        if (IsCyrillic(code)) word_has_cyrillic = true;
      } else {
        if (word_has_latin && word_has_cyrillic) {
          return absl::InvalidArgumentError(
              absl::StrCat("word mixing Latin and Cyrillic letters at byte ",
                           start + word_start, " (homoglyph not repaired)"));
        }
        word_has_latin = word_has_cyrillic = false;
      }
    }
    if (IsWhitespace(first) || IsWhitespace(last)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "paragraph at byte ", start, " has leading or trailing whitespace"));
    }
    start = stop + 2;
  }
  return absl::OkStatus();
}

// Presence of the title and, paragraph by paragraph, of the body in the raw
// article.
absl::Status CheckBodyInRaw(const GoldArticle& article) {
  const std::string raw_key = ComparisonKey(
      article.content_type == "text/html" ? StripHtmlForComparison(article.raw)
                                          : article.raw);
  if (raw_key.find(ComparisonKey(article.title)) == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("title \"", article.title,
                                                   "\" not found in raw file ",
                                                   article.raw_file));
  }
  size_t start = 0;
  while (start < article.body.size()) {
    size_t stop = article.body.find("\n\n", start);
    if (stop == std::string::npos) stop = article.body.size();
    const std::string paragraph = article.body.substr(start, stop - start);
    if (raw_key.find(ComparisonKey(paragraph)) == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "body paragraph at byte ", start, " not found in raw file ",
          article.raw_file, ": \"", paragraph.substr(0, 80), "\""));
    }
    start = stop + 2;
  }
  return absl::OkStatus();
}

absl::Status ValidateImpl(const GoldArticle& article) {
  if (article.raw_file.empty()) {
    return absl::InvalidArgumentError("raw_file is empty");
  }
  if (article.content_type != "text/plain" &&
      article.content_type != "text/html") {
    return absl::InvalidArgumentError(
        "content_type must be \"text/plain\" or \"text/html\"");
  }
  if (article.title.empty()) return absl::InvalidArgumentError("empty title");
  if (article.source.empty()) {
    return absl::InvalidArgumentError("empty source");
  }
  if (!IsPublishedDate(article.published_date)) {
    return absl::InvalidArgumentError(
        "published_date must be YYYY-MM-DD or YYYY-MM-DDTHH:MM");
  }
  RETURN_IF_ERROR(CheckBody(article.body));
  const std::string_view body = article.body;

  // Canonical persons, for roles and quote speakers.
  std::set<std::string> persons;
  uint32_t previous_end = 0;
  for (size_t i = 0; i < article.entities.size(); ++i) {
    const GoldEntity& e = article.entities[i];
    const std::string where =
        absl::StrCat("entities[", i, "] \"", e.text, "\"");
    if (e.begin >= e.end || e.end > body.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": offsets [", e.begin, ", ", e.end,
                       ") not inside the body of ", body.size(), " bytes"));
    }
    if (!IsCharBoundary(body, e.begin) || !IsCharBoundary(body, e.end)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": offsets split a UTF-8 character"));
    }
    if (body.substr(e.begin, e.end - e.begin) != e.text) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": body has \"",
                       std::string(body.substr(e.begin, e.end - e.begin)),
                       "\" at [", e.begin, ", ", e.end, ")"));
    }
    if (e.begin < previous_end) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": overlaps or precedes the previous entity"));
    }
    previous_end = e.end;
    if (e.type == EntityType::kUnknown || e.type == EntityType::kMisc) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": bad type"));
    }
    if (IsNamed(e.type)) {
      if (e.canonical.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": named entity without canonical"));
      }
      if (!e.value.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": named entity with a value"));
      }
      if (e.type == EntityType::kPerson) persons.insert(e.canonical);
    } else {
      if (e.value.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": value missing"));
      }
      if (!e.canonical.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": value type with a canonical"));
      }
      absl::Status status = CheckValue(e.type, e.value);
      if (!status.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": value \"", e.value, "\": ", status.message()));
      }
    }
  }

  for (size_t i = 0; i < article.roles.size(); ++i) {
    const GoldRole& role = article.roles[i];
    if (!persons.count(role.person)) {
      return absl::InvalidArgumentError(
          absl::StrCat("roles[", i, "]: \"", role.person,
                       "\" is not the canonical name of a PERSON entity"));
    }
    if (role.title.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("roles[", i, "]: empty title"));
    }
  }

  for (size_t i = 0; i < article.quotes.size(); ++i) {
    const GoldQuote& q = article.quotes[i];
    const std::string where = absl::StrCat("quotes[", i, "]");
    if (q.begin >= q.end || q.end > body.size() ||
        !IsCharBoundary(body, q.begin) || !IsCharBoundary(body, q.end)) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": offsets [", q.begin, ", ", q.end, ") invalid"));
    }
    if (body.substr(q.begin, q.end - q.begin) != q.text) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": text differs from the body at [", q.begin,
                       ", ", q.end, ")"));
    }
    if (!q.speaker.empty() && !persons.count(q.speaker)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": speaker \"", q.speaker,
                       "\" is not the canonical name of a PERSON entity"));
    }
  }

  if (article.raw.empty()) {
    return absl::InvalidArgumentError("raw text is empty (not loaded?)");
  }
  return CheckBodyInRaw(article);
}

// Decodes one character reference starting at html[pos] == '&'. Returns the
// code point and sets *length, or -1 when it is not a reference we know.
int32_t DecodeReference(std::string_view html, size_t pos, size_t* length) {
  static const std::map<std::string, int32_t, std::less<>> kNamed = {
      {"amp", '&'},      {"lt", '<'},        {"gt", '>'},
      {"quot", '"'},     {"apos", '\''},     {"nbsp", 0xA0},
      {"laquo", 0xAB},   {"raquo", 0xBB},    {"lsquo", 0x2018},
      {"rsquo", 0x2019}, {"ldquo", 0x201C},  {"rdquo", 0x201D},
      {"ndash", 0x2013}, {"mdash", 0x2014},  {"hellip", 0x2026},
      {"copy", 0xA9},    {"thinsp", 0x2009}, {"shy", 0xAD},
  };
  const size_t semicolon = html.find(';', pos);
  if (semicolon == std::string_view::npos || semicolon - pos > 10) return -1;
  const std::string_view name = html.substr(pos + 1, semicolon - pos - 1);
  *length = semicolon - pos + 1;
  if (name.size() >= 2 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string digits(name.substr(hex ? 2 : 1));
    if (digits.empty()) return -1;
    char* end = nullptr;
    const long code = std::strtol(digits.c_str(), &end, hex ? 16 : 10);
    if (*end != '\0' || code <= 0 || code > 0x10FFFF) return -1;
    return static_cast<int32_t>(code);
  }
  const auto it = kNamed.find(name);
  return it == kNamed.end() ? -1 : it->second;
}

bool StartsWithNoCase(std::string_view text, size_t pos,
                      std::string_view prefix) {
  if (pos + prefix.size() > text.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) != prefix[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<Mention> GoldArticle::ToMentions() const {
  std::vector<Mention> mentions;
  mentions.reserve(entities.size());
  for (const GoldEntity& e : entities) {
    Mention m;
    m.begin = e.begin;
    m.end = e.end;
    m.text = e.text;
    m.type = e.type;
    m.confidence = 1;
    m.entity_id = e.canonical;
    if (!e.value.empty()) {
      NormalizedValue value;
      value.text = e.value;
      const size_t space = e.value.find(' ');
      if (e.type != EntityType::kDate) {
        value.number = std::strtod(e.value.substr(0, space).c_str(), nullptr);
        if (space != std::string::npos) value.unit = e.value.substr(space + 1);
      }
      m.value = std::move(value);
    }
    mentions.push_back(std::move(m));
  }
  return mentions;
}

std::string ComparisonKey(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const int32_t code = DecodeUtf8(text, &pos);
    if (code < 0) {
      key.append(text.substr(start, pos - start));
      continue;
    }
    if (IsWhitespace(code) || code == 0xAD) continue;
    AppendUtf8(FoldHomoglyph(code), &key);
  }
  return key;
}

std::string StripHtmlForComparison(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  size_t pos = 0;
  while (pos < html.size()) {
    const char c = html[pos];
    if (c == '<') {
      if (html.compare(pos, 4, "<!--") == 0) {
        const size_t end = html.find("-->", pos + 4);
        pos = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      for (std::string_view raw_tag : {"script", "style"}) {
        if (StartsWithNoCase(html, pos + 1, raw_tag)) {
          const std::string close = absl::StrCat("</", std::string(raw_tag));
          size_t end = pos + 1;
          while (end < html.size() && !StartsWithNoCase(html, end, close)) {
            ++end;
          }
          pos = end;  // the closing tag is dropped below as a tag
          break;
        }
      }
      const size_t end = html.find('>', pos);
      pos = end == std::string_view::npos ? html.size() : end + 1;
      out.push_back(' ');  // a tag separates words
      continue;
    }
    if (c == '&') {
      size_t length = 0;
      const int32_t code = DecodeReference(html, pos, &length);
      if (code >= 0) {
        AppendUtf8(code, &out);
        pos += length;
        continue;
      }
    }
    out.push_back(c);
    ++pos;
  }
  return out;
}

absl::StatusOr<GoldArticle> ParseGoldArticle(std::string_view json_text,
                                             const std::string& gold_path) {
  Json root = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    return absl::InvalidArgumentError(
        absl::StrCat(gold_path, ": not valid JSON"));
  }
  GoldArticle article;
  article.gold_path = gold_path;
  article.slug = SlugOf(gold_path);
  absl::Status status = ParseInto(root, &article);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(gold_path, ": ", status.message()));
  }
  return article;
}

absl::StatusOr<GoldArticle> LoadGoldArticle(const std::string& gold_json_path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(gold_json_path));
  ASSIGN_OR_RETURN(GoldArticle article, ParseGoldArticle(text, gold_json_path));
  if (article.raw_file.find('/') != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        gold_json_path, ": raw_file must be a file name in the same folder"));
  }
  const std::filesystem::path raw_path =
      std::filesystem::path(gold_json_path).parent_path() / article.raw_file;
  ASSIGN_OR_RETURN(article.raw, ReadFile(raw_path.string()));
  return article;
}

absl::StatusOr<std::vector<GoldArticle>> LoadGoldDirectory(
    const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    return absl::NotFoundError(absl::StrCat(dir, " is not a directory"));
  }
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() > 10 &&
        name.compare(name.size() - 10, 10, ".gold.json") == 0) {
      paths.push_back(entry.path().string());
    }
  }
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot list ", dir, ": ", error.message()));
  }
  std::sort(paths.begin(), paths.end());
  std::vector<GoldArticle> articles;
  for (const std::string& path : paths) {
    ASSIGN_OR_RETURN(GoldArticle article, LoadGoldArticle(path));
    articles.push_back(std::move(article));
  }
  return articles;
}

absl::Status ValidateGoldArticle(const GoldArticle& article) {
  absl::Status status = ValidateImpl(article);
  if (status.ok()) return status;
  return absl::InvalidArgumentError(
      absl::StrCat(article.gold_path.empty() ? article.slug : article.gold_path,
                   ": ", status.message()));
}

absl::Status ValidateGoldSet(const std::vector<GoldArticle>& articles) {
  std::set<std::string> slugs;
  for (const GoldArticle& article : articles) {
    if (!slugs.insert(article.slug).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("duplicate slug ", article.slug));
    }
  }
  for (const GoldArticle& article : articles) {
    if (article.near_duplicate_of.empty()) continue;
    if (article.near_duplicate_of == article.slug ||
        !slugs.count(article.near_duplicate_of)) {
      return absl::InvalidArgumentError(
          absl::StrCat(article.slug, ": near_duplicate_of \"",
                       article.near_duplicate_of, "\" names no other article"));
    }
  }
  return absl::OkStatus();
}

}  // namespace gold
}  // namespace newsgraph
