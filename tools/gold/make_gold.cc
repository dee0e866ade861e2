// make_gold: turns an annotated article source (samples/src/<slug>.src) into
// its gold file (samples/<slug>.gold.json), computing every byte offset, so
// that no offset is ever counted by hand. The source markup is documented in
// docs/ANNOTATION.md; in short:
//
//   raw_file: serikova-salaries.txt        <- header lines "key: value"
//   content_type: text/plain
//   title: Nurses to get 20% more ...
//   published_date: 2024-03-14
//   source: example.kz
//   role: Dana Serikova | Health Minister |
//   ---
//   Health Minister [[Dana Serikova|PERSON]] said on
//   [[Tuesday|DATE|2024-03-12]] that ... {{q|Dana Serikova|We will pay
//   [[248,300 tenge|MONEY|248300 KZT]]}}
//
// Paragraphs are separated by blank lines; lines of one paragraph are joined
// with a space. The result is validated with newsgraph::gold before it is
// written, against the raw file named by raw_file in the output folder.
//
// Usage:
//   make_gold SRC OUT.gold.json     one article
//   make_gold --dir SRC_DIR OUT_DIR every SRC_DIR/*.src ->
//   OUT_DIR/<slug>.gold.json make_gold --check SRC_DIR OUT_DIR  fail if any
//   gold file differs from
//                                      what its source produces
//   make_gold --plain SRC           print the plain body (for writing raw
//   files)
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/status/status_macros.h"
#include "nlohmann/json.hpp"
#include "tools/gold/gold.h"

namespace newsgraph {
namespace gold {
namespace {

using OrderedJson = nlohmann::ordered_json;

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool IsNamedTypeName(const std::string& type) {
  return type == "PERSON" || type == "ORG" || type == "LOCATION";
}

bool IsValueTypeName(const std::string& type) {
  return type == "DATE" || type == "MONEY" || type == "PERCENT" ||
         type == "QUANTITY";
}

struct Source {
  OrderedJson header = OrderedJson::object();
  OrderedJson roles = OrderedJson::array();
  std::string near_duplicate_of;
  std::string marked_body;  // paragraphs joined by "\n\n", markup kept
};

absl::StatusOr<Source> ParseSource(const std::string& text) {
  Source source;
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  size_t i = 0;
  bool separator = false;
  for (; i < lines.size(); ++i) {
    std::string line(absl::StripTrailingAsciiWhitespace(lines[i]));
    if (line == "---") {
      separator = true;
      ++i;
      break;
    }
    if (line.empty() || line[0] == '#') continue;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("header line ", i + 1, " has no \"key:\""));
    }
    const std::string key(absl::StripAsciiWhitespace(line.substr(0, colon)));
    const std::string value(absl::StripAsciiWhitespace(line.substr(colon + 1)));
    if (key == "role") {
      std::vector<std::string> parts = absl::StrSplit(value, '|');
      if (parts.size() != 3) {
        return absl::InvalidArgumentError(absl::StrCat(
            "line ", i + 1, ": role needs \"person | title | organization\""));
      }
      OrderedJson role;
      role["person"] = std::string(absl::StripAsciiWhitespace(parts[0]));
      role["title"] = std::string(absl::StripAsciiWhitespace(parts[1]));
      role["organization"] = std::string(absl::StripAsciiWhitespace(parts[2]));
      source.roles.push_back(std::move(role));
    } else if (key == "near_duplicate_of") {
      source.near_duplicate_of = value;
    } else if (key == "raw_file" || key == "content_type" || key == "url" ||
               key == "title" || key == "published_date" || key == "source") {
      source.header[key] = value;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", i + 1, ": unknown header key \"", key, "\""));
    }
  }
  if (!separator) {
    return absl::InvalidArgumentError("no \"---\" line after the header");
  }
  std::vector<std::string> paragraphs;
  std::string current;
  for (; i <= lines.size(); ++i) {
    const std::string line =
        i < lines.size() ? std::string(absl::StripAsciiWhitespace(lines[i]))
                         : std::string();
    if (line.empty()) {
      if (!current.empty()) paragraphs.push_back(std::move(current));
      current.clear();
      continue;
    }
    if (!current.empty()) current.push_back(' ');
    current.append(line);
  }
  source.marked_body = absl::StrJoin(paragraphs, "\n\n");
  return source;
}

// Expands the inline markup of `marked` into the plain body, appending the
// entities and quotes it marks.
absl::Status ExpandMarkup(const std::string& marked, std::string* body,
                          OrderedJson* entities, OrderedJson* quotes) {
  struct OpenQuote {
    size_t begin;
    std::string speaker;
  };
  std::vector<OpenQuote> open;
  size_t pos = 0;
  while (pos < marked.size()) {
    if (marked.compare(pos, 2, "[[") == 0) {
      const size_t close = marked.find("]]", pos + 2);
      if (close == std::string::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat("unclosed [[ at ", marked.substr(pos, 40)));
      }
      const std::string inner = marked.substr(pos + 2, close - pos - 2);
      std::vector<std::string> parts = absl::StrSplit(inner, '|');
      if (parts.size() < 2 || parts.size() > 3 || parts[0].empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("entity markup needs [[text|TYPE|extra]]: ", inner));
      }
      const std::string& type = parts[1];
      OrderedJson entity;
      entity["begin"] = body->size();
      entity["end"] = body->size() + parts[0].size();
      entity["text"] = parts[0];
      entity["type"] = type;
      if (IsNamedTypeName(type)) {
        entity["canonical"] = parts.size() == 3 ? parts[2] : parts[0];
      } else if (IsValueTypeName(type)) {
        if (parts.size() != 3 || parts[2].empty()) {
          return absl::InvalidArgumentError(
              absl::StrCat(type, " needs a value: ", inner));
        }
        entity["value"] = parts[2];
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown type in ", inner));
      }
      body->append(parts[0]);
      entities->push_back(std::move(entity));
      pos = close + 2;
    } else if (marked.compare(pos, 4, "{{q|") == 0) {
      const size_t bar = marked.find('|', pos + 4);
      if (bar == std::string::npos) {
        return absl::InvalidArgumentError("{{q| without speaker bar");
      }
      open.push_back({body->size(), marked.substr(pos + 4, bar - pos - 4)});
      pos = bar + 1;
    } else if (marked.compare(pos, 2, "}}") == 0) {
      if (open.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "}} without {{q| near ",
            body->substr(body->size() > 40 ? body->size() - 40 : 0)));
      }
      OpenQuote quote = open.back();
      open.pop_back();
      OrderedJson q;
      q["begin"] = quote.begin;
      q["end"] = body->size();
      q["text"] = body->substr(quote.begin);
      q["speaker"] = quote.speaker;
      quotes->push_back(std::move(q));
      pos += 2;
    } else if (marked.compare(pos, 2, "{{") == 0 ||
               marked.compare(pos, 2, "]]") == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("stray markup at ", marked.substr(pos, 40)));
    } else {
      body->push_back(marked[pos]);
      ++pos;
    }
  }
  if (!open.empty()) return absl::InvalidArgumentError("unclosed {{q|");
  // Quotes are listed in text order.
  std::stable_sort(quotes->begin(), quotes->end(),
                   [](const OrderedJson& a, const OrderedJson& b) {
                     return a["begin"].get<size_t>() < b["begin"].get<size_t>();
                   });
  return absl::OkStatus();
}

absl::StatusOr<std::string> MakeGold(const std::string& src_path,
                                     const std::string& out_path,
                                     std::string* plain_body) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(src_path));
  absl::StatusOr<Source> source = ParseSource(text);
  if (!source.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(src_path, ": ", source.status().message()));
  }
  std::string body;
  OrderedJson entities = OrderedJson::array();
  OrderedJson quotes = OrderedJson::array();
  absl::Status status =
      ExpandMarkup(source->marked_body, &body, &entities, &quotes);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(src_path, ": ", status.message()));
  }
  if (plain_body != nullptr) *plain_body = body;

  OrderedJson gold;
  for (const char* key : {"raw_file", "content_type", "url", "title",
                          "published_date", "source"}) {
    gold[key] = source->header.value(key, std::string());
  }
  gold["body"] = body;
  gold["entities"] = std::move(entities);
  gold["roles"] = source->roles;
  gold["quotes"] = std::move(quotes);
  if (!source->near_duplicate_of.empty()) {
    gold["near_duplicate_of"] = source->near_duplicate_of;
  }
  std::string json = gold.dump(1) + "\n";

  if (!out_path.empty()) {
    ASSIGN_OR_RETURN(GoldArticle article, ParseGoldArticle(json, out_path));
    const std::filesystem::path raw_path =
        std::filesystem::path(out_path).parent_path() / article.raw_file;
    ASSIGN_OR_RETURN(article.raw, ReadFile(raw_path.string()));
    RETURN_IF_ERROR(ValidateGoldArticle(article));
  }
  return json;
}

std::vector<std::string> SourcesIn(const std::string& dir) {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".src") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string GoldPathFor(const std::string& src, const std::string& out_dir) {
  return (std::filesystem::path(out_dir) /
          (std::filesystem::path(src).stem().string() + ".gold.json"))
      .string();
}

int Run(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "--plain") {
    std::string body;
    absl::StatusOr<std::string> json = MakeGold(args[1], "", &body);
    if (!json.ok()) {
      std::cerr << json.status() << "\n";
      return 1;
    }
    std::cout << body << "\n";
    return 0;
  }
  std::vector<std::pair<std::string, std::string>> jobs;
  bool check = false;
  if (args.size() == 3 && (args[0] == "--dir" || args[0] == "--check")) {
    check = args[0] == "--check";
    for (const std::string& src : SourcesIn(args[1])) {
      jobs.emplace_back(src, GoldPathFor(src, args[2]));
    }
  } else if (args.size() == 2 && args[0][0] != '-') {
    jobs.emplace_back(args[0], args[1]);
  } else {
    std::cerr << "usage: make_gold SRC OUT.gold.json | --dir SRC_DIR OUT_DIR"
                 " | --check SRC_DIR OUT_DIR | --plain SRC\n";
    return 2;
  }
  int failures = 0;
  for (const auto& [src, out] : jobs) {
    absl::StatusOr<std::string> json = MakeGold(src, out, nullptr);
    if (!json.ok()) {
      std::cerr << json.status() << "\n";
      ++failures;
      continue;
    }
    if (check) {
      absl::StatusOr<std::string> existing = ReadFile(out);
      if (!existing.ok() || *existing != *json) {
        std::cerr << out << " is out of date with " << src << "\n";
        ++failures;
      }
      continue;
    }
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file << *json;
    if (!file) {
      std::cerr << "cannot write " << out << "\n";
      ++failures;
    }
  }
  std::cerr << jobs.size() - failures << " of " << jobs.size()
            << (check ? " gold files up to date\n" : " gold files written\n");
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace gold
}  // namespace newsgraph

int main(int argc, char** argv) { return newsgraph::gold::Run(argc, argv); }
