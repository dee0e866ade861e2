// bench_query: indexes the same generated corpus into QueryIndex (each posting
// layout) and into SQLite FTS5, runs the same query mix on both and prints
// index build time, index size on disk and single-threaded p50/p99 latency
// per query class (top 20 hits with snippets).
//
//   bench_query --docs=100000 --queries=1000 --dir=/tmp/bench_query
//
// Corpus: tools/gen_articles' seeded ArticleGenerator (plain-text bodies,
// ~3 KB); its true entity spans stand in for extraction's output (named
// entities get ids from their canonical names).
//
// Stemming (--stemming, default porter2 like the service): QueryIndex stems
// its ranking lists, and FTS5 gets its "porter" tokenizer wrapper so that
// both stem. They do not stem alike: FTS5's porter is the 1980 algorithm
// (Porter2 differs on some suffixes) and FTS5 stems phrases too, where
// QueryIndex keeps phrases exact, so match counts cross-check only roughly
// (FTS5 counts more phrase matches). --stemming=none compares both unstemmed.
#include <sqlite3.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/text/tokenizer.h"
#include "grpcpp/grpcpp.h"
#include "newsgraph/v1/query.grpc.pb.h"
#include "services/query/core/query_index.h"
#include "services/query/core/query_parser.h"
#include "tests/e2e/suite_harness.h"
#include "tools/gen_articles/article_generator.h"

ABSL_FLAG(int, docs, 100000, "articles to index");
ABSL_FLAG(int, queries, 1000, "queries per class");
ABSL_FLAG(std::string, dir, "/tmp/bench_query", "work folder (wiped first)");
ABSL_FLAG(uint64_t, seed, 7, "generator and query-mix seed");
ABSL_FLAG(std::string, engines, "merged,perkey,fts5", "engines to run: merged, perkey, fts5");
ABSL_FLAG(int, fts5_queries, 0,
          "if > 0, FTS5 runs only the first N queries of each class (its slow classes "
          "take ~1 s per query at 100,000 documents)");
ABSL_FLAG(int, fts5_batch, 1000, "documents per FTS5 transaction");
ABSL_FLAG(int, apply_batch, 4096,
          "feed changes per QueryIndex::ApplyChanges call, as the query service batches them "
          "while catching up (--feed_catch_up_batch; 1 = one WriteBatch per document)");
ABSL_FLAG(int, cache_mb, 256, "QueryIndex block cache (MiB)");
ABSL_FLAG(int, grpc_clients, 0,
          "after the merged run: serve its index with the newsgraph-query binary and "
          "measure Search through gRPC with one client, then with this many (0 = skip)");
ABSL_FLAG(int, grpc_seconds, 20, "duration of the concurrent gRPC phase");
ABSL_FLAG(std::string, only_class, "",
          "run only this query class (terms, phrase, entity, date), e.g. to profile it");
ABSL_FLAG(int, print_slowest, 0,
          "print this many slowest queries of each class (thread CPU ms, total_size) after "
          "the QueryIndex runs, to see what the tail is made of");
ABSL_FLAG(std::string, stemming, "porter2",
          "QueryIndex stemming (porter2, light, none; the service's default is porter2). "
          "When not none, FTS5 stems too, with its own porter tokenizer (Porter's 1980 "
          "algorithm), so both engines answer comparable queries");
ABSL_FLAG(bool, write_ahead_log, false,
          "QueryIndex writes through RocksDB's write-ahead log (off, as in the service: "
          "QueryIndexOptions::write_ahead_log)");
ABSL_FLAG(bool, reuse_index, false,
          "query the QueryIndex folders a previous run with the same --docs and --seed left "
          "in --dir instead of rebuilding them (build time and size are then not measured)");

namespace newsgraph {
namespace {

using Clock = std::chrono::steady_clock;
namespace v1 = newsgraph::v1;

// CPU milliseconds of the calling thread: on a shared machine this, unlike
// wall time, does not include the time other processes held the core.
double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU seconds (user + system) of the whole process, background threads
// included: the machine is shared, so wall time alone overstates work.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// A stable id for a named entity: type + canonical name, hashed, alphanumeric
// (so FTS5's tokenizer keeps it as one token).
std::string EntityId(const std::string& type, const std::string& canonical) {
  uint64_t h = 1469598103934665603ull;
  for (char c : type + "|" + canonical) {
    h ^= static_cast<uint8_t>(c);
    h *= 1099511628211ull;
  }
  return absl::StrFormat("e%016x", h);
}

struct Article {
  AnnotationChange change;
  std::vector<std::string> entity_ids;
};

Article ToChange(const GeneratedArticle& a, uint64_t sequence) {
  Article out;
  AnnotationChange& c = out.change;
  c.sequence = sequence;
  c.doc_id = a.id;
  DocumentAnnotations& d = c.annotations;
  d.doc_id = a.id;
  d.title = a.title;
  d.source = a.source;
  d.url = a.url;
  d.published_date = a.published_date;
  d.text = a.text;
  d.body_begin = 0;
  d.body_end = static_cast<uint32_t>(a.text.size());
  std::map<std::string, size_t> entity_index;
  for (const GeneratedEntity& g : a.entities) {
    Mention m;
    m.begin = g.begin;
    m.end = g.end;
    m.text = g.text;
    m.type = ParseEntityType(g.type).value_or(EntityType::kMisc);
    if (IsNamedType(m.type)) {
      m.entity_id = EntityId(g.type, g.canonical);
      auto [it, inserted] = entity_index.try_emplace(m.entity_id, d.entities.size());
      if (inserted) {
        DocumentEntity e;
        e.entity_id = m.entity_id;
        e.canonical_name = g.canonical;
        e.type = m.type;
        d.entities.push_back(e);
        out.entity_ids.push_back(m.entity_id);
      }
      DocumentEntity& e = d.entities[it->second];
      ++e.mention_count;
      if (std::find(e.aliases.begin(), e.aliases.end(), g.text) == e.aliases.end()) {
        e.aliases.push_back(g.text);
      }
    }
    d.mentions.push_back(m);
  }
  return out;
}

enum QueryClass { kTerms = 0, kPhrase = 1, kEntityTerm = 2, kDateTerm = 3, kClasses = 4 };
const char* kClassNames[] = {"terms(1-3)", "phrase", "entity+term", "date+term"};

struct BenchQuery {
  QueryClass cls;
  std::vector<std::string> words;  // terms, or the phrase's words
  std::string entity;              // entity id
  std::string after, before;       // YYYY-MM-DD
};

std::string OurQuery(const BenchQuery& q) {
  std::string s;
  if (q.cls == kPhrase) {
    s = "\"" + absl::StrJoin(q.words, " ") + "\"";
  } else {
    s = absl::StrJoin(q.words, " ");
  }
  if (!q.entity.empty()) absl::StrAppend(&s, " entity:", q.entity);
  if (!q.after.empty()) absl::StrAppend(&s, " after:", q.after, " before:", q.before);
  return s;
}

std::string Fts5Match(const BenchQuery& q) {
  std::vector<std::string> parts;
  if (q.cls == kPhrase) {
    parts.push_back("\"" + absl::StrJoin(q.words, " ") + "\"");
  } else {
    for (const std::string& w : q.words) parts.push_back("\"" + w + "\"");
  }
  if (!q.entity.empty()) parts.push_back("entities:\"" + q.entity + "\"");
  return absl::StrJoin(parts, " AND ");
}

// Content words of a document (letters only, 3+ bytes), normalized.
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(text)) {
    if (t.kind != TokenKind::kWord) continue;
    std::string w = NormalizeTerm(t.text(text));
    if (w.size() < 3) continue;
    if (!std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; })) continue;
    out.push_back(w);
  }
  return out;
}

std::vector<BenchQuery> MakeQueries(const std::vector<Article>& corpus, int per_class,
                                    uint64_t seed) {
  std::mt19937_64 rng(seed * 7919 + 1);
  auto pick = [&rng](size_t n) { return static_cast<size_t>(rng() % n); };
  std::vector<BenchQuery> out;
  for (int cls = 0; cls < kClasses; ++cls) {
    for (int i = 0; i < per_class;) {
      const Article& a = corpus[pick(corpus.size())];
      std::vector<std::string> words = Words(a.change.annotations.text);
      if (words.size() < 4) continue;
      BenchQuery q;
      q.cls = static_cast<QueryClass>(cls);
      if (cls == kTerms) {
        const size_t n = 1 + pick(3);
        for (size_t k = 0; k < n; ++k) q.words.push_back(words[pick(words.size())]);
      } else if (cls == kPhrase) {
        // Two or three consecutive words of the text.
        std::vector<Token> tokens = Tokenize(a.change.annotations.text);
        const std::string& text = a.change.annotations.text;
        size_t start = pick(tokens.size());
        const size_t len = 2 + pick(2);
        if (start + len > tokens.size()) continue;
        bool ok = true;
        for (size_t k = start; k < start + len; ++k) {
          if (tokens[k].kind != TokenKind::kWord) ok = false;
          else q.words.push_back(NormalizeTerm(tokens[k].text(text)));
        }
        if (!ok) continue;
      } else if (cls == kEntityTerm) {
        if (a.entity_ids.empty()) continue;
        q.entity = a.entity_ids[pick(a.entity_ids.size())];
        q.words.push_back(words[pick(words.size())]);
      } else {
        q.words.push_back(words[pick(words.size())]);
        const int year = 2019 + static_cast<int>(pick(6));
        const int month = 1 + static_cast<int>(pick(12));
        q.after = absl::StrFormat("%04d-%02d-01", year, month);
        q.before = absl::StrFormat("%04d-%02d-01", month == 12 ? year + 1 : year + (month + 5) / 12,
                                   (month + 5) % 12 + 1);
        if (q.before <= q.after) q.before = absl::StrFormat("%04d-12-31", year);
      }
      out.push_back(q);
      ++i;
    }
  }
  return out;
}

uint64_t FolderBytes(const std::string& path) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

struct EngineReport {
  std::string name;
  double build_seconds = 0;
  double build_cpu_seconds = 0;
  // Of which on the thread calling ApplyChanges (the rest is RocksDB's
  // flushes and compactions); QueryIndex engines only.
  double build_apply_thread_seconds = -1;
  uint64_t bytes = 0;
  std::vector<std::vector<double>> latencies_ms = std::vector<std::vector<double>>(kClasses);
  std::vector<std::vector<double>> cpu_ms = std::vector<std::vector<double>>(kClasses);
  std::vector<uint64_t> hits = std::vector<uint64_t>(kClasses, 0);
  std::vector<uint64_t> estimated = std::vector<uint64_t>(kClasses, 0);  // inexact totals
  // (thread CPU ms, query text, total_size) of every query, for --print_slowest.
  std::vector<std::vector<std::tuple<double, std::string, uint64_t>>> traces =
      std::vector<std::vector<std::tuple<double, std::string, uint64_t>>>(kClasses);
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * (v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

bool RunOurs(const std::vector<Article>& corpus, const std::vector<BenchQuery>& queries,
             PostingLayout layout, const std::string& path, EngineReport* report) {
  const bool reuse = absl::GetFlag(FLAGS_reuse_index) && std::filesystem::exists(path);
  if (!reuse) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  QueryIndexOptions options;
  options.path = path;
  options.layout = layout;
  options.block_cache_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_cache_mb)) << 20;
  ParseStemMode(absl::GetFlag(FLAGS_stemming), &options.stemming);  // validated in Main
  options.write_ahead_log = absl::GetFlag(FLAGS_write_ahead_log);
  auto opened = QueryIndex::Open(options);
  if (!opened.ok()) {
    std::fprintf(stderr, "open: %s\n", opened.status().ToString().c_str());
    return false;
  }
  std::unique_ptr<QueryIndex> index = std::move(opened).value();
  // Batches are cut before timing, as the feed consumer receives them.
  const size_t batch_size = std::max(1, absl::GetFlag(FLAGS_apply_batch));
  std::vector<std::vector<AnnotationChange>> batches;
  for (size_t i = 0; i < corpus.size(); ++i) {
    if (i % batch_size == 0) batches.emplace_back();
    batches.back().push_back(corpus[i].change);
  }
  auto start = Clock::now();
  const double cpu_start = CpuSeconds();
  const double thread_cpu_start = ThreadCpuMs();
  for (const std::vector<AnnotationChange>& batch : batches) {
    if (reuse) break;
    absl::Status s = index->ApplyChanges(batch);
    if (!s.ok()) {
      std::fprintf(stderr, "apply: %s\n", s.ToString().c_str());
      return false;
    }
  }
  absl::Status flushed = index->Flush();
  report->build_seconds = Seconds(start, Clock::now());
  report->build_cpu_seconds = CpuSeconds() - cpu_start;
  report->build_apply_thread_seconds = (ThreadCpuMs() - thread_cpu_start) / 1000;
  report->bytes = FolderBytes(path);
  for (const BenchQuery& q : queries) {
    SearchQuery sq;
    sq.query = OurQuery(q);
    sq.page_size = 20;
    const double c0 = ThreadCpuMs();
    auto t0 = Clock::now();
    auto result = index->Search(sq);
    auto t1 = Clock::now();
    report->cpu_ms[q.cls].push_back(ThreadCpuMs() - c0);
    if (!result.ok()) {
      std::fprintf(stderr, "search %s: %s\n", sq.query.c_str(), result.status().ToString().c_str());
      return false;
    }
    report->latencies_ms[q.cls].push_back(Seconds(t0, t1) * 1000);
    report->hits[q.cls] += result->total_size;
    if (!result->total_size_exact) ++report->estimated[q.cls];
    report->traces[q.cls].emplace_back(report->cpu_ms[q.cls].back(), sq.query, result->total_size);
  }
  return flushed.ok();
}

// Keeps the compiler from dropping reads whose results are unused.
volatile size_t sink_ = 0;

bool Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s: %s\n", sql, error ? error : "?");
    sqlite3_free(error);
    return false;
  }
  return true;
}

bool RunFts5(const std::vector<Article>& corpus, const std::vector<BenchQuery>& queries,
             const std::string& folder, EngineReport* report) {
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  const std::string path = folder + "/fts5.db";
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return false;
  // WAL without fsync per commit: the closest match to QueryIndex's default
  // (RocksDB WAL, sync_writes = false).
  const std::string tokenizer = absl::GetFlag(FLAGS_stemming) == "none"
                                    ? "unicode61 remove_diacritics 2"
                                    : "porter unicode61 remove_diacritics 2";
  const std::string create = absl::StrCat(
      "CREATE VIRTUAL TABLE docs USING fts5(doc_id UNINDEXED, title, body, entities, "
      "source UNINDEXED, date UNINDEXED, url UNINDEXED, tokenize='", tokenizer, "')");
  if (!Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;") ||
      !Exec(db, create.c_str())) {
    return false;
  }
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO docs(doc_id, title, body, entities, source, date, url) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     -1, &insert, nullptr);
  const int batch = std::max(1, absl::GetFlag(FLAGS_fts5_batch));
  auto start = Clock::now();
  const double cpu_start = CpuSeconds();
  Exec(db, "BEGIN");
  for (size_t i = 0; i < corpus.size(); ++i) {
    const DocumentAnnotations& d = corpus[i].change.annotations;
    const std::string entities = absl::StrJoin(corpus[i].entity_ids, " ");
    sqlite3_bind_text(insert, 1, d.doc_id.data(), d.doc_id.size(), SQLITE_STATIC);
    sqlite3_bind_text(insert, 2, d.title.data(), d.title.size(), SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, d.text.data(), d.text.size(), SQLITE_STATIC);
    sqlite3_bind_text(insert, 4, entities.data(), entities.size(), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 5, d.source.data(), d.source.size(), SQLITE_STATIC);
    const std::string date = d.published_date.substr(0, 10);
    sqlite3_bind_text(insert, 6, date.data(), date.size(), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 7, d.url.data(), d.url.size(), SQLITE_STATIC);
    if (sqlite3_step(insert) != SQLITE_DONE) {
      std::fprintf(stderr, "insert: %s\n", sqlite3_errmsg(db));
      return false;
    }
    sqlite3_reset(insert);
    if ((i + 1) % batch == 0) {
      Exec(db, "COMMIT");
      Exec(db, "BEGIN");
    }
  }
  Exec(db, "COMMIT");
  Exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
  report->build_seconds = Seconds(start, Clock::now());
  report->build_cpu_seconds = CpuSeconds() - cpu_start;
  sqlite3_finalize(insert);
  report->bytes = FolderBytes(folder);

  sqlite3_stmt* plain = nullptr;
  sqlite3_stmt* dated = nullptr;
  sqlite3_stmt* count_plain = nullptr;
  sqlite3_stmt* count_dated = nullptr;
  const char* select =
      "SELECT doc_id, title, source, url, date, bm25(docs), "
      "snippet(docs, 2, '<b>', '</b>', '…', 30) FROM docs WHERE docs MATCH ?1 ";
  sqlite3_prepare_v2(db, absl::StrCat(select, "ORDER BY rank LIMIT 20").c_str(), -1, &plain, nullptr);
  sqlite3_prepare_v2(db, absl::StrCat(select, "AND date >= ?2 AND date < ?3 ORDER BY rank LIMIT 20").c_str(),
                     -1, &dated, nullptr);
  // total_size, as QueryIndex reports an exact count with every page.
  sqlite3_prepare_v2(db, "SELECT count(*) FROM docs WHERE docs MATCH ?1", -1, &count_plain, nullptr);
  sqlite3_prepare_v2(db, "SELECT count(*) FROM docs WHERE docs MATCH ?1 AND date >= ?2 AND date < ?3",
                     -1, &count_dated, nullptr);
  const int limit = absl::GetFlag(FLAGS_fts5_queries);
  std::vector<int> run_per_class(kClasses, 0);
  for (const BenchQuery& q : queries) {
    if (limit > 0 && run_per_class[q.cls]++ >= limit) continue;
    const std::string match = Fts5Match(q);
    const bool has_date = !q.after.empty();
    sqlite3_stmt* s = has_date ? dated : plain;
    sqlite3_stmt* c = has_date ? count_dated : count_plain;
    auto t0 = Clock::now();
    for (sqlite3_stmt* st : {s, c}) {
      sqlite3_bind_text(st, 1, match.data(), match.size(), SQLITE_STATIC);
      if (has_date) {
        sqlite3_bind_text(st, 2, q.after.data(), q.after.size(), SQLITE_STATIC);
        sqlite3_bind_text(st, 3, q.before.data(), q.before.size(), SQLITE_STATIC);
      }
    }
    size_t reply_bytes = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
      // Read every column as a server would when building the reply.
      for (int col = 0; col < 7; ++col) {
        sqlite3_column_text(s, col);
        reply_bytes += sqlite3_column_bytes(s, col);
      }
    }
    sink_ += reply_bytes;
    uint64_t total = 0;
    if (sqlite3_step(c) == SQLITE_ROW) total = sqlite3_column_int64(c, 0);
    auto t1 = Clock::now();
    sqlite3_reset(s);
    sqlite3_reset(c);
    report->latencies_ms[q.cls].push_back(Seconds(t0, t1) * 1000);
    report->hits[q.cls] += total;
  }
  for (sqlite3_stmt* st : {plain, dated, count_plain, count_dated}) sqlite3_finalize(st);
  sqlite3_close(db);
  return true;
}

void PrintHeader() {
  std::printf("\n%-26s %8s %8s %8s", "engine", "build s", "cpu s", "size MB");
  for (int c = 0; c < kClasses; ++c) std::printf(" | %-11s p50/p99 ms", kClassNames[c]);
  std::printf("\n");
}

void PrintRow(const EngineReport& r) {
  std::printf("%-26s %8.1f %8.1f %8.1f", r.name.c_str(), r.build_seconds, r.build_cpu_seconds,
              r.bytes / 1e6);
  for (int c = 0; c < kClasses; ++c) {
    std::printf(" | %8.3f / %8.3f   ", Percentile(r.latencies_ms[c], 0.5),
                Percentile(r.latencies_ms[c], 0.99));
  }
  std::printf("\n");
  if (r.build_apply_thread_seconds >= 0) {
    std::printf("%-26s %8s %8.1f   (build CPU on the applying thread; the rest is RocksDB's "
                "background flushes and compactions)\n",
                "  of which applying", "", r.build_apply_thread_seconds);
  }
  // Any class with queries (--only_class runs just one of them).
  bool timed = false;
  for (const std::vector<double>& ms : r.cpu_ms) timed = timed || !ms.empty();
  if (!timed) return;
  const size_t slowest = static_cast<size_t>(std::max(0, absl::GetFlag(FLAGS_print_slowest)));
  for (int c = 0; c < kClasses && slowest > 0; ++c) {
    std::vector<std::tuple<double, std::string, uint64_t>> t = r.traces[c];
    std::sort(t.begin(), t.end(), [](const auto& a, const auto& b) { return std::get<0>(a) > std::get<0>(b); });
    for (size_t i = 0; i < std::min(slowest, t.size()); ++i) {
      std::printf("  slow %-12s %8.3f ms  %-50s total %llu\n", kClassNames[c], std::get<0>(t[i]),
                  std::get<1>(t[i]).c_str(), static_cast<unsigned long long>(std::get<2>(t[i])));
    }
  }
  std::printf("%-26s %8s %8s %8s", "  same, thread CPU ms", "", "", "");
  for (int c = 0; c < kClasses; ++c) {
    std::printf(" | %8.3f / %8.3f   ", Percentile(r.cpu_ms[c], 0.5), Percentile(r.cpu_ms[c], 0.99));
  }
  std::printf("\n");
}

// Kilobytes of a /proc/PID/status field ("VmHWM", "VmRSS"); 0 if unknown.
uint64_t ProcStatusKb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::strtoull(line.c_str() + field.size() + 1, nullptr, 10);
  }
  return 0;
}

// Serves the merged index at `path` with the real newsgraph-query binary and
// runs the query mix through gRPC: once with one client (latency per class),
// then with `clients` concurrent clients for a bounded time (throughput).
bool RunGrpc(const std::vector<BenchQuery>& queries, const std::string& path, int clients) {
  const int port = e2e::PickFreePort();
  e2e::ServerProcess server(
      "query", e2e::BinaryDir() + "/services/query/server/newsgraph-query",
      {"--listen=127.0.0.1:" + std::to_string(port), "--data_dir=" + path,
       // No extraction runs: the index is served as built.
       "--upstream=127.0.0.1:1",
       "--block_cache_mb=" + std::to_string(absl::GetFlag(FLAGS_cache_mb))},
      path + ".port", path + ".log");
  if (absl::Status s = server.Start(); !s.ok()) {
    std::fprintf(stderr, "query server: %s\n", s.ToString().c_str());
    return false;
  }
  auto channel = grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
  auto search = [](v1::QueryService::Stub* stub, const BenchQuery& q) {
    v1::SearchRequest request;
    request.set_query(OurQuery(q));
    request.set_page_size(20);
    v1::SearchResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return stub->Search(&context, request, &response).ok();
  };
  auto stub = v1::QueryService::NewStub(channel);
  std::vector<std::vector<double>> latencies(kClasses);
  for (const BenchQuery& q : queries) {
    auto t0 = Clock::now();
    if (!search(stub.get(), q)) {
      std::fprintf(stderr, "gRPC search failed: %s\n", OurQuery(q).c_str());
      return false;
    }
    latencies[q.cls].push_back(Seconds(t0, Clock::now()) * 1000);
  }
  std::printf("\nthrough gRPC (newsgraph-query binary, one client), p50 / p99 ms:\n");
  for (int c = 0; c < kClasses; ++c) {
    std::printf("  %-12s %8.3f / %8.3f\n", kClassNames[c], Percentile(latencies[c], 0.5),
                Percentile(latencies[c], 0.99));
  }
  std::atomic<uint64_t> done{0};
  std::atomic<uint64_t> failed{0};
  std::vector<std::vector<double>> per_thread(clients);
  const auto stop_at = Clock::now() + std::chrono::seconds(absl::GetFlag(FLAGS_grpc_seconds));
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      // One channel per client, as separate backends would have.
      auto own = v1::QueryService::NewStub(
          grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()));
      for (size_t i = t; Clock::now() < stop_at; i = (i + clients) % queries.size()) {
        auto t0 = Clock::now();
        if (search(own.get(), queries[i])) {
          per_thread[t].push_back(Seconds(t0, Clock::now()) * 1000);
          ++done;
        } else {
          ++failed;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double elapsed = Seconds(start, Clock::now());
  std::vector<double> all;
  for (const auto& v : per_thread) all.insert(all.end(), v.begin(), v.end());
  std::printf("through gRPC, %d concurrent clients for %.1f s: %.0f queries/s, p50 %.3f ms, "
              "p99 %.3f ms, %llu failed\n",
              clients, elapsed, done / elapsed, Percentile(all, 0.5), Percentile(all, 0.99),
              static_cast<unsigned long long>(failed.load()));
  std::printf("query process memory: peak RSS %.1f MiB, RSS now %.1f MiB\n",
              ProcStatusKb(server.pid(), "VmHWM") / 1024.0,
              ProcStatusKb(server.pid(), "VmRSS") / 1024.0);
  server.Stop();
  return failed == 0;
}

int Main() {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress visible when redirected
  const int n_docs = absl::GetFlag(FLAGS_docs);
  const std::string dir = absl::GetFlag(FLAGS_dir);
  const uint64_t seed = absl::GetFlag(FLAGS_seed);
  GeneratorOptions gen_options;
  gen_options.seed = seed;
  auto generator = ArticleGenerator::Create(gen_options);
  if (!generator.ok()) {
    std::fprintf(stderr, "generator: %s\n", generator.status().ToString().c_str());
    return 1;
  }
  auto g0 = Clock::now();
  std::vector<Article> corpus;
  corpus.reserve(n_docs);
  uint64_t text_bytes = 0;
  for (int i = 0; i < n_docs; ++i) {
    corpus.push_back(ToChange(generator->Next(), i + 1));
    text_bytes += corpus.back().change.annotations.text.size();
  }
  std::printf("corpus: %d articles, %.1f MB of text, generated in %.1f s (seed %llu)\n", n_docs,
              text_bytes / 1e6, Seconds(g0, Clock::now()), static_cast<unsigned long long>(seed));
  std::vector<BenchQuery> queries = MakeQueries(corpus, absl::GetFlag(FLAGS_queries), seed);
  std::shuffle(queries.begin(), queries.end(), std::mt19937_64(seed));
  if (const std::string only = absl::GetFlag(FLAGS_only_class); !only.empty()) {
    queries.erase(std::remove_if(queries.begin(), queries.end(),
                                 [&only](const BenchQuery& q) {
                                   return std::string(kClassNames[q.cls]).rfind(only, 0) != 0;
                                 }),
                  queries.end());
  }
  StemMode stemming = StemMode::kPorter2;
  if (!ParseStemMode(absl::GetFlag(FLAGS_stemming), &stemming)) {
    std::fprintf(stderr, "--stemming: want porter2, light or none\n");
    return 1;
  }
  std::printf("queries: %zu (%d per class), apply batch %d, stemming %s\n", queries.size(),
              absl::GetFlag(FLAGS_queries), absl::GetFlag(FLAGS_apply_batch),
              std::string(StemModeName(stemming)).c_str());

  std::vector<EngineReport> reports;
  const std::string engines = absl::GetFlag(FLAGS_engines);
  auto wants = [&engines](const char* name) { return engines.find(name) != std::string::npos; };
  PrintHeader();
  if (wants("merged")) {
    EngineReport r;
    r.name = "QueryIndex merged lists";
    if (!RunOurs(corpus, queries, PostingLayout::kMergedLists, dir + "/merged", &r)) return 1;
    PrintRow(r);
    reports.push_back(r);
  }
  if (wants("merged") && absl::GetFlag(FLAGS_grpc_clients) > 0) {
    if (!RunGrpc(queries, dir + "/merged", absl::GetFlag(FLAGS_grpc_clients))) return 1;
  }
  if (wants("perkey")) {
    EngineReport r;
    r.name = "QueryIndex key/posting";
    if (!RunOurs(corpus, queries, PostingLayout::kKeyPerPosting, dir + "/perkey", &r)) return 1;
    PrintRow(r);
    reports.push_back(r);
  }
  if (wants("fts5")) {
    EngineReport r;
    r.name = absl::StrCat("SQLite ", sqlite3_libversion(), " FTS5");
    if (!RunFts5(corpus, queries, dir + "/fts5", &r)) return 1;
    PrintRow(r);
    reports.push_back(r);
  }
  std::printf("\nqueries run and matches per class (sum of total_size; equal query counts "
              "give a cross-check between engines):\n");
  for (const EngineReport& r : reports) {
    std::printf("%-26s", r.name.c_str());
    for (int c = 0; c < kClasses; ++c) {
      std::printf(" %s: %zu queries, %llu matches (%llu totals estimated);", kClassNames[c],
                  r.latencies_ms[c].size(), static_cast<unsigned long long>(r.hits[c]),
                  static_cast<unsigned long long>(r.estimated[c]));
    }
    std::printf("\n");
  }
  return 0;
}

}  // namespace
}  // namespace newsgraph

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return newsgraph::Main();
}
