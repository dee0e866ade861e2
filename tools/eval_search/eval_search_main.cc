// eval_search: measures what English stemming does to search quality (issue
// 6). It indexes the gold articles of samples/ and samples/hard (title and
// clean body, date, source) into a QueryIndex in a temporary folder once per
// stemming mode, runs the hand-judged queries of queries.tsv and reports,
// per mode, the mean P@5, P@10, recall and average precision (MAP) over the
// queries, then every query whose results changed between modes.
//
//   eval_search [--gold_dirs=samples,samples/hard]
//               [--queries=tools/eval_search/queries.tsv] [--verbose]
//
// queries.tsv: one query per line, "query<TAB>relevant slugs<TAB>need";
// '#' starts a comment line. A query is an ordinary Search query (AND of its
// words), every match is retrieved (ranked by BM25) and judged against the
// relevant slugs. P@k divides by k even when fewer documents match.
// Exit status 0 when it ran, 1 on error.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/testing/temp_dir.h"
#include "common/text/english_stemmer.h"
#include "services/query/core/query_index.h"
#include "tools/gold/gold.h"

ABSL_FLAG(std::string, gold_dirs, "samples,samples/hard",
          "comma-separated folders of *.gold.json articles");
ABSL_FLAG(std::string, queries, "tools/eval_search/queries.tsv", "judged queries");
ABSL_FLAG(bool, verbose, false, "print every query's ranking in every mode");

namespace newsgraph {
namespace {

struct JudgedQuery {
  std::string text;
  std::set<std::string> relevant;
  std::string need;
};

struct Scores {
  double p5 = 0, p10 = 0, recall = 0, ap = 0;
};

absl::StatusOr<std::vector<JudgedQuery>> LoadQueries(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("cannot read " + path);
  std::vector<JudgedQuery> out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields = absl::StrSplit(line, '\t');
    if (fields.size() != 3) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s:%d: want query<TAB>relevant<TAB>need", path, number));
    }
    JudgedQuery q;
    q.text = fields[0];
    for (absl::string_view slug : absl::StrSplit(fields[1], ' ', absl::SkipEmpty())) {
      q.relevant.insert(std::string(slug));
    }
    q.need = fields[2];
    if (q.relevant.empty()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s:%d: a query needs at least one relevant document", path, number));
    }
    out.push_back(std::move(q));
  }
  return out;
}

Scores Score(const std::vector<std::string>& ranking, const std::set<std::string>& relevant) {
  Scores s;
  int found = 0;
  double precision_sum = 0;
  for (size_t i = 0; i < ranking.size(); ++i) {
    if (!relevant.count(ranking[i])) continue;
    ++found;
    precision_sum += static_cast<double>(found) / static_cast<double>(i + 1);
    if (i < 5) s.p5 += 1.0 / 5;
    if (i < 10) s.p10 += 1.0 / 10;
  }
  s.recall = static_cast<double>(found) / static_cast<double>(relevant.size());
  s.ap = precision_sum / static_cast<double>(relevant.size());
  return s;
}

AnnotationChange ChangeOf(const gold::GoldArticle& article, uint64_t sequence) {
  AnnotationChange change;
  change.sequence = sequence;
  change.kind = AnnotationChange::Kind::kUpsert;
  change.doc_id = article.slug;
  DocumentAnnotations& doc = change.annotations;
  doc.doc_id = article.slug;
  doc.title = article.title;
  doc.source = article.source;
  doc.url = article.url;
  doc.published_date = article.published_date;
  doc.text = article.body;
  doc.body_begin = 0;
  doc.body_end = static_cast<uint32_t>(article.body.size());
  doc.mentions = article.ToMentions();
  for (Mention& m : doc.mentions) m.entity_id.clear();  // canonical names, not ids
  return change;
}

// Every query's ranking (slugs, best first) in an index with `mode`.
absl::StatusOr<std::vector<std::vector<std::string>>> Rankings(
    const std::vector<gold::GoldArticle>& articles, const std::vector<JudgedQuery>& queries,
    StemMode mode) {
  TempDir dir;
  QueryIndexOptions options;
  options.path = dir.Sub("index");
  options.stemming = mode;
  options.block_cache_bytes = 8 << 20;
  absl::StatusOr<std::unique_ptr<QueryIndex>> index = QueryIndex::Open(options);
  if (!index.ok()) return index.status();
  std::vector<AnnotationChange> changes;
  for (const gold::GoldArticle& article : articles) {
    changes.push_back(ChangeOf(article, changes.size() + 1));
  }
  if (absl::Status s = (*index)->ApplyChanges(changes); !s.ok()) return s;
  std::vector<std::vector<std::string>> out;
  for (const JudgedQuery& q : queries) {
    SearchQuery search;
    search.query = q.text;
    search.page_size = kMaxPageSize;
    search.snippet_tokens = 0;
    absl::StatusOr<SearchResult> result = (*index)->Search(search);
    if (!result.ok()) return result.status();
    std::vector<std::string>& ranking = out.emplace_back();
    for (const SearchHit& hit : result->hits) ranking.push_back(hit.doc_id);
  }
  return out;
}

int Run() {
  std::vector<gold::GoldArticle> articles;
  for (absl::string_view dir : absl::StrSplit(absl::GetFlag(FLAGS_gold_dirs), ',',
                                              absl::SkipEmpty())) {
    absl::StatusOr<std::vector<gold::GoldArticle>> loaded =
        gold::LoadGoldDirectory(std::string(dir));
    if (!loaded.ok()) {
      std::cerr << loaded.status() << "\n";
      return 1;
    }
    for (gold::GoldArticle& a : *loaded) articles.push_back(std::move(a));
  }
  absl::StatusOr<std::vector<JudgedQuery>> queries = LoadQueries(absl::GetFlag(FLAGS_queries));
  if (!queries.ok()) {
    std::cerr << queries.status() << "\n";
    return 1;
  }
  std::set<std::string> slugs;
  for (const gold::GoldArticle& a : articles) slugs.insert(a.slug);
  for (const JudgedQuery& q : *queries) {
    for (const std::string& slug : q.relevant) {
      if (!slugs.count(slug)) {
        std::cerr << "query \"" << q.text << "\": no article " << slug << "\n";
        return 1;
      }
    }
  }

  const std::vector<StemMode> modes = {StemMode::kNone, StemMode::kLight, StemMode::kPorter2};
  std::vector<std::vector<std::vector<std::string>>> rankings;  // by mode, then query
  for (StemMode mode : modes) {
    absl::StatusOr<std::vector<std::vector<std::string>>> r = Rankings(articles, *queries, mode);
    if (!r.ok()) {
      std::cerr << r.status() << "\n";
      return 1;
    }
    rankings.push_back(std::move(*r));
  }

  std::printf("%zu articles, %zu judged queries\n\n", articles.size(), queries->size());
  std::printf("| stemming | P@5 | P@10 | recall | MAP | queries with no relevant hit |\n");
  std::printf("|---|---|---|---|---|---|\n");
  for (size_t m = 0; m < modes.size(); ++m) {
    Scores mean;
    int missed = 0;
    for (size_t q = 0; q < queries->size(); ++q) {
      const Scores s = Score(rankings[m][q], (*queries)[q].relevant);
      mean.p5 += s.p5;
      mean.p10 += s.p10;
      mean.recall += s.recall;
      mean.ap += s.ap;
      missed += s.recall == 0;
    }
    const double n = static_cast<double>(queries->size());
    std::printf("| %s | %.3f | %.3f | %.3f | %.3f | %d |\n",
                std::string(StemModeName(modes[m])).c_str(), mean.p5 / n, mean.p10 / n,
                mean.recall / n, mean.ap / n, missed);
  }

  // Queries whose rankings differ: AP per mode, and the documents each mode
  // adds to or drops from the unstemmed results (* = relevant).
  std::printf("\nQueries whose results changed (AP none / light / porter2; documents "
              "gained or lost against none, * = relevant):\n\n");
  std::printf("| query | AP none | AP light | AP porter2 | light | porter2 |\n");
  std::printf("|---|---|---|---|---|---|\n");
  for (size_t q = 0; q < queries->size(); ++q) {
    const JudgedQuery& query = (*queries)[q];
    bool changed = false;
    for (size_t m = 1; m < modes.size(); ++m) changed = changed || rankings[m][q] != rankings[0][q];
    if (!changed) continue;
    auto delta = [&](size_t m) {
      std::set<std::string> before(rankings[0][q].begin(), rankings[0][q].end());
      std::set<std::string> after(rankings[m][q].begin(), rankings[m][q].end());
      std::vector<std::string> parts;
      for (const std::string& s : after) {
        if (!before.count(s)) parts.push_back("+" + s + (query.relevant.count(s) ? "*" : ""));
      }
      for (const std::string& s : before) {
        if (!after.count(s)) parts.push_back("-" + s + (query.relevant.count(s) ? "*" : ""));
      }
      if (parts.empty()) return std::string("reordered");
      return absl::StrJoin(parts, " ");
    };
    std::printf("| %s | %.3f | %.3f | %.3f | %s | %s |\n", query.text.c_str(),
                Score(rankings[0][q], query.relevant).ap, Score(rankings[1][q], query.relevant).ap,
                Score(rankings[2][q], query.relevant).ap, delta(1).c_str(), delta(2).c_str());
  }
  if (absl::GetFlag(FLAGS_verbose)) {
    for (size_t q = 0; q < queries->size(); ++q) {
      std::printf("\n%s  [%s]\n", (*queries)[q].text.c_str(), (*queries)[q].need.c_str());
      for (size_t m = 0; m < modes.size(); ++m) {
        std::vector<std::string> marked;
        for (const std::string& s : rankings[m][q]) {
          marked.push_back(s + ((*queries)[q].relevant.count(s) ? "*" : ""));
        }
        std::printf("  %-8s %s\n", std::string(StemModeName(modes[m])).c_str(),
                    absl::StrJoin(marked, " ").c_str());
      }
    }
  }
  return 0;
}

}  // namespace
}  // namespace newsgraph

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return newsgraph::Run();
}
