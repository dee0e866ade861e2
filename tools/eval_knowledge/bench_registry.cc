// bench_registry: how much the cross-document registry adds to the
// extraction of one document when it already knows many entities.
//
// Seeds a fresh registry (temporary RocksDB) with --entities synthetic
// entities through the real Link path, then times, per sample article of
// --gold_dir (gold mentions, or the trained recognizer's when --model is
// given and the recognizer is built in):
//   recognize  EntityRecognizer::Recognize (tagger + numeric grammar)
//   analyze    AnalyzeDocument (clustering, roles, quotes, salience)
//   resolve    EntityRegistry::Resolve (read-only lookups, the Extract RPC)
//   link       EntityRegistry::Link into a batch that is not written (the
//              feed consumer's lookups and staging, including its RocksDB read)
// and the time of one ListEntities page over the whole registry.
// and prints the mean per document and link / (recognize + analyze + link).
//
//   bench_registry [--gold_dir=samples] [--aliases=models/aliases.tsv]
//                  [--model=models/ner-en-news.bin] [--entities=100000]
//                  [--rounds=50]
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "common/storage/rocks_store.h"
#include "common/testing/temp_dir.h"
#include "services/extraction/knowledge/alias_table.h"
#include "services/extraction/knowledge/document_knowledge.h"
#include "services/extraction/knowledge/entity_registry.h"
#include "tools/gold/gold.h"
#ifdef NEWSGRAPH_HAVE_RECOGNIZER
#include "services/extraction/ner/entity_recognizer.h"
#endif

ABSL_FLAG(std::string, gold_dir, "samples", "folder of *.gold.json articles");
ABSL_FLAG(std::string, aliases, "models/aliases.tsv", "alias table");
ABSL_FLAG(std::string, model, "", "NER model: run on the recognizer's mentions instead of gold");
ABSL_FLAG(int, entities, 100000, "synthetic entities to seed the registry with");
ABSL_FLAG(int, rounds, 50, "passes over the gold articles");

namespace newsgraph {
namespace {

struct Flags {
  std::string gold_dir = "samples";
  std::string aliases = "models/aliases.tsv";
  std::string model;
  int entities = 100000;
  int rounds = 50;
};

using Clock = std::chrono::steady_clock;

double Micros(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

// Pronounceable synthetic names that do not occur in the samples.
std::string Syllables(std::mt19937_64* rng, int count) {
  static const char* kParts[] = {"ka", "ra", "mu", "zen", "tal", "bek", "sor", "dyn", "ul",
                                 "gar", "mir", "tas", "vel", "nor", "pe", "qu", "lix", "dro"};
  std::string out;
  for (int i = 0; i < count; ++i) out += kParts[(*rng)() % (sizeof(kParts) / sizeof(kParts[0]))];
  out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

// Seeds `target` entities, 100 per synthetic document: people with full
// names (surnames shared by about three people each), organizations and places.
absl::Status Seed(EntityRegistry* registry, RocksStore* store, const AliasTable& aliases,
                  int target) {
  std::mt19937_64 rng(7);
  int made = 0;
  int doc = 0;
  while (made < target) {
    std::string text;
    std::vector<Mention> mentions;
    for (int i = 0; i < 100 && made < target; ++i, ++made) {
      std::string name;
      EntityType type;
      switch (made % 5) {
        case 0:
        case 1:
        case 2:
          type = EntityType::kPerson;
          name = absl::StrCat(Syllables(&rng, 2), " ", Syllables(&rng, 1), "x",
                              made / 3 % 20000, "ov");
          break;
        case 3:
          type = EntityType::kOrganization;
          name = absl::StrCat(Syllables(&rng, 3), " Institute ", made);
          break;
        default:
          type = EntityType::kLocation;
          name = absl::StrCat(Syllables(&rng, 3), "ville", made);
          break;
      }
      Mention m;
      m.begin = static_cast<uint32_t>(text.size());
      text += name;
      m.end = static_cast<uint32_t>(text.size());
      m.text = name;
      m.type = type;
      mentions.push_back(m);
      text += " met people.\n\n";
    }
    DocumentKnowledge k = AnalyzeDocument(text, mentions, aliases);
    WriteBatch batch = store->NewWriteBatch();
    absl::StatusOr<LinkResult> linked =
        registry->Link(absl::StrCat("seed-", doc++), "2020-01-01", &k, &batch);
    if (!linked.ok()) return linked.status();
    absl::Status written = store->Write(batch);
    if (!written.ok()) return written;
    registry->Committed(*linked);
  }
  return absl::OkStatus();
}

struct Timing {
  double recognize = 0, analyze = 0, resolve = 0, link = 0;
};

int Run(const Flags& flags) {
  absl::StatusOr<AliasTable> aliases = LoadAliasTable(flags.aliases);
  if (!aliases.ok()) {
    std::cerr << aliases.status() << "\n";
    return 1;
  }
  absl::StatusOr<std::vector<gold::GoldArticle>> articles = gold::LoadGoldDirectory(flags.gold_dir);
  if (!articles.ok() || articles->empty()) {
    std::cerr << "no articles in " << flags.gold_dir << "\n";
    return 1;
  }
#ifdef NEWSGRAPH_HAVE_RECOGNIZER
  std::unique_ptr<EntityRecognizer> recognizer;
  if (!flags.model.empty()) {
    absl::StatusOr<std::unique_ptr<EntityRecognizer>> loaded = EntityRecognizer::Load(flags.model);
    if (!loaded.ok()) {
      std::cerr << loaded.status() << "\n";
      return 1;
    }
    recognizer = std::move(*loaded);
  }
#else
  if (!flags.model.empty()) {
    std::cerr << "this build has no EntityRecognizer; run without --model\n";
    return 1;
  }
#endif

  for (int known : {0, flags.entities}) {
    TempDir dir;
    StoreOptions options;
    options.path = dir.Sub("db");
    options.column_families.push_back({"default", nullptr});
    for (ColumnFamilySpec& spec : EntityRegistry::ColumnFamilies()) {
      options.column_families.push_back(std::move(spec));
    }
    absl::StatusOr<std::unique_ptr<RocksStore>> store = RocksStore::Open(options);
    if (!store.ok()) {
      std::cerr << store.status() << "\n";
      return 1;
    }
    absl::StatusOr<std::unique_ptr<EntityRegistry>> registry =
        EntityRegistry::Open(store->get(), 1, *aliases);
    if (!registry.ok()) {
      std::cerr << registry.status() << "\n";
      return 1;
    }
    auto seed_start = Clock::now();
    absl::Status seeded = Seed(registry->get(), store->get(), *aliases, known);
    if (!seeded.ok()) {
      std::cerr << seeded << "\n";
      return 1;
    }
    double seed_s = Micros(Clock::now() - seed_start) / 1e6;
    // The samples themselves are known too (as after ingesting them once).
    for (const gold::GoldArticle& a : *articles) {
      DocumentKnowledge k = AnalyzeDocument(a.body, a.ToMentions(), *aliases, a.title);
      WriteBatch batch = (*store)->NewWriteBatch();
      absl::StatusOr<LinkResult> linked = (*registry)->Link(a.slug, a.published_date, &k, &batch);
      if (!linked.ok() || !(*store)->Write(batch).ok()) return 1;
      (*registry)->Committed(*linked);
    }

    Timing total;
    int docs = 0;
    for (int round = 0; round < flags.rounds; ++round) {
      for (const gold::GoldArticle& a : *articles) {
        std::vector<Mention> mentions;
        auto t0 = Clock::now();
#ifdef NEWSGRAPH_HAVE_RECOGNIZER
        if (recognizer != nullptr) mentions = recognizer->Recognize(a.body, nullptr);
#endif
        auto t1 = Clock::now();
        if (mentions.empty()) mentions = a.ToMentions();
        for (Mention& m : mentions) m.entity_id.clear();
        auto t2 = Clock::now();
        DocumentKnowledge k = AnalyzeDocument(a.body, mentions, *aliases, a.title);
        auto t3 = Clock::now();
        DocumentKnowledge resolved = k;
        (*registry)->Resolve(&resolved);
        auto t4 = Clock::now();
        WriteBatch batch = (*store)->NewWriteBatch();
        absl::StatusOr<LinkResult> linked =
            (*registry)->Link(a.slug, a.published_date, &k, &batch);  // never written
        auto t5 = Clock::now();
        if (!linked.ok()) return 1;
        total.recognize += Micros(t1 - t0);
        total.analyze += Micros(t3 - t2);
        total.resolve += Micros(t4 - t3);
        total.link += Micros(t5 - t4);
        ++docs;
      }
    }
    // Registry queries at this size (GetEntity/ListEntities RPCs).
    auto q0 = Clock::now();
    const int kQueries = 20;
    for (int q = 0; q < kQueries; ++q) {
      ListEntitiesRequest request;
      request.sort = q % 2 == 0 ? EntitySort::kDocumentCount : EntitySort::kName;
      request.page_size = 50;
      if (!(*registry)->ListEntities(request).ok()) return 1;
    }
    double list_us = Micros(Clock::now() - q0) / kQueries;
    double r = total.recognize / docs, an = total.analyze / docs, rs = total.resolve / docs,
           l = total.link / docs;
    std::printf("known entities: %zu (seeded %d in %.1f s)\n", (*registry)->size(), known, seed_s);
    std::printf("  per document (mean of %d): recognize %.1f us, analyze %.1f us, resolve %.1f us, "
                "link %.1f us\n",
                docs, r, an, rs, l);
    std::printf("  registry share of extraction: link/(recognize+analyze+link) = %.2f%%, "
                "resolve/(recognize+analyze+resolve) = %.2f%%%s\n",
                100 * l / (r + an + l), 100 * rs / (r + an + rs),
                r == 0 ? "  (no recognizer: gold mentions, share is vs. analysis alone)" : "");
    std::printf("  ListEntities (first page of 50, all types): %.1f ms\n", list_us / 1000);
  }
  return 0;
}

}  // namespace
}  // namespace newsgraph

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  newsgraph::Flags flags;
  flags.gold_dir = absl::GetFlag(FLAGS_gold_dir);
  flags.aliases = absl::GetFlag(FLAGS_aliases);
  flags.model = absl::GetFlag(FLAGS_model);
  flags.entities = absl::GetFlag(FLAGS_entities);
  flags.rounds = std::max(1, absl::GetFlag(FLAGS_rounds));
  return newsgraph::Run(flags);
}
