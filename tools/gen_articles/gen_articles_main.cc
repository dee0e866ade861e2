// gen_articles: writes seeded synthetic articles with their true entity spans.
//
//   gen_articles --count=10000 --seed=7 --out=articles.jsonl
//   gen_articles --count=50 --chrome --html_fraction=0.3 --format=dir --out=/tmp/arts
//
// --format=jsonl (default) writes one JSON object per line:
//   {"id","title","source","url","published_date","content_type","text",
//    "entities":[{"begin","end","type","text","canonical","value"}]}
// (plus "body", the clean body, with --emit_body)
// with UTF-8 byte offsets into "text". --format=dir writes, per article,
// <id>.txt or <id>.html (the text) and <id>.json (everything else) into the
// folder --out, which is created if missing.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "nlohmann/json.hpp"
#include "tools/gen_articles/article_generator.h"

ABSL_FLAG(int64_t, count, 100, "number of articles to write");
ABSL_FLAG(uint64_t, seed, 1, "seed of the pseudo-random sequence");
ABSL_FLAG(int64_t, target_bytes, 3000, "approximate size of each article's text");
ABSL_FLAG(double, html_fraction, 0.0, "share of articles written as HTML (0..1)");
ABSL_FLAG(bool, chrome, false, "surround bodies with site chrome (menus, teasers, footers)");
ABSL_FLAG(std::string, gazetteers, "",
          "folder with cities.tsv and countries.tsv; empty = built-in list");
ABSL_FLAG(std::string, first_date, "2019-01-01", "earliest publication date");
ABSL_FLAG(std::string, last_date, "2024-12-31", "latest publication date");
ABSL_FLAG(std::string, out, "-", "output file (jsonl) or folder (dir); - = stdout");
ABSL_FLAG(std::string, format, "jsonl", "jsonl or dir");
ABSL_FLAG(bool, emit_body, false,
          "also write \"body\": the clean body a perfect cleaner would output");

namespace {

// Keys in the documented order (ordered_json keeps insertion order).
nlohmann::ordered_json Meta(const newsgraph::GeneratedArticle& a, bool with_text,
                            bool with_body) {
  nlohmann::ordered_json j;
  j["id"] = a.id;
  j["title"] = a.title;
  j["source"] = a.source;
  j["url"] = a.url;
  j["published_date"] = a.published_date;
  j["content_type"] = a.content_type;
  if (with_text) j["text"] = a.text;
  if (with_body) j["body"] = a.body;
  nlohmann::ordered_json entities = nlohmann::ordered_json::array();
  for (const newsgraph::GeneratedEntity& e : a.entities) {
    nlohmann::ordered_json entity;
    entity["begin"] = e.begin;
    entity["end"] = e.end;
    entity["type"] = e.type;
    entity["text"] = e.text;
    entity["canonical"] = e.canonical;
    entity["value"] = e.value;
    entities.push_back(std::move(entity));
  }
  j["entities"] = std::move(entities);
  return j;
}

int Fail(const std::string& message) {
  std::cerr << "gen_articles: " << message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Writes seeded synthetic news articles with their entity spans.\n"
      "  gen_articles --count=N [--seed=S] [--target_bytes=B] "
      "[--html_fraction=F] [--chrome] [--gazetteers=DIR] "
      "[--format=jsonl|dir] [--out=FILE|DIR]");
  absl::ParseCommandLine(argc, argv);

  newsgraph::GeneratorOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  if (absl::GetFlag(FLAGS_target_bytes) <= 0) return Fail("--target_bytes must be positive");
  options.target_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_target_bytes));
  options.html_fraction = absl::GetFlag(FLAGS_html_fraction);
  options.chrome = absl::GetFlag(FLAGS_chrome);
  options.gazetteer_dir = absl::GetFlag(FLAGS_gazetteers);
  if (!absl::ParseCivilTime(absl::GetFlag(FLAGS_first_date), &options.first_date) ||
      !absl::ParseCivilTime(absl::GetFlag(FLAGS_last_date), &options.last_date)) {
    return Fail("--first_date and --last_date must look like 2024-03-14");
  }
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "jsonl" && format != "dir") return Fail("--format must be jsonl or dir");
  const int64_t count = absl::GetFlag(FLAGS_count);
  const bool emit_body = absl::GetFlag(FLAGS_emit_body);
  if (count < 0) return Fail("--count must not be negative");

  absl::StatusOr<newsgraph::ArticleGenerator> generator =
      newsgraph::ArticleGenerator::Create(options);
  if (!generator.ok()) return Fail(generator.status().ToString());

  const std::string out = absl::GetFlag(FLAGS_out);
  if (format == "dir") {
    if (out == "-") return Fail("--format=dir needs --out=FOLDER");
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) return Fail(absl::StrCat("cannot create ", out, ": ", ec.message()));
    for (int64_t i = 0; i < count; ++i) {
      const newsgraph::GeneratedArticle a = generator->Next();
      const std::string base = absl::StrCat(out, "/", a.id);
      std::ofstream text(base + (a.content_type == "text/html" ? ".html" : ".txt"),
                         std::ios::binary);
      text << a.text;
      std::ofstream meta(base + ".json", std::ios::binary);
      meta << Meta(a, /*with_text=*/false, emit_body).dump(2) << "\n";
      if (!text || !meta) return Fail(absl::StrCat("cannot write ", base));
    }
    return 0;
  }

  std::ofstream file;
  std::ostream* stream = &std::cout;
  if (out != "-") {
    file.open(out, std::ios::binary | std::ios::trunc);
    if (!file) return Fail(absl::StrCat("cannot open ", out));
    stream = &file;
  }
  std::string line;
  for (int64_t i = 0; i < count; ++i) {
    const newsgraph::GeneratedArticle a = generator->Next();
    line = Meta(a, /*with_text=*/true, emit_body).dump();
    line.push_back('\n');
    stream->write(line.data(), static_cast<std::streamsize>(line.size()));
  }
  stream->flush();
  if (!*stream) return Fail(absl::StrCat("write to ", out, " failed"));
  return 0;
}
