// eval_knowledge: scores the knowledge layer (services/extraction/knowledge)
// alone on the gold of samples/. It runs AnalyzeDocument on the GOLD
// mentions, so tagging errors do not count here, and reports:
//   linking   share of gold PERSON/ORG/LOCATION mentions whose entity's
//             canonical name equals the gold canonical (case-insensitive)
//   roles     precision/recall of (person, title, organization) triples,
//             compared case-insensitively
//   quotes    span F1 (exact begin/end) and speaker accuracy over the
//             quotes whose span matched ("" == "" counts as right)
//
//   eval_knowledge [--gold_dir=samples] [--aliases=models/aliases.tsv]
//                  [--model=models/ner-en-news.bin] [--verbose]
// With --model (when the recognizer is built in) the mentions come from the
// trained EntityRecognizer instead of the gold, which measures the whole
// chain; a gold mention then counts as linked right only when a predicted
// mention has exactly its span and the right canonical name.
// Exit status 0 when it ran (targets are reported, not enforced), 1 on error.
#include <cstdio>
#include <iostream>
#include <memory>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/text/tokenizer.h"
#include "services/extraction/knowledge/alias_table.h"
#include "services/extraction/knowledge/document_knowledge.h"
#include "tools/gold/gold.h"
#ifdef NEWSGRAPH_HAVE_RECOGNIZER
#include "absl/time/civil_time.h"
#include "services/extraction/ner/entity_recognizer.h"
#endif

ABSL_FLAG(std::string, gold_dir, "samples", "folder of *.gold.json articles");
ABSL_FLAG(std::string, aliases, "models/aliases.tsv", "alias table");
ABSL_FLAG(std::string, model, "", "NER model: run on the recognizer's mentions instead of gold");
ABSL_FLAG(bool, verbose, false, "list every miss");

namespace newsgraph {
namespace {

struct Flags {
  std::string gold_dir = "samples";
  std::string aliases = "models/aliases.tsv";
  std::string model;
  bool verbose = false;
};

std::string Fold(const std::string& s) { return NormalizeTerm(s); }

struct Totals {
  int link_total = 0, link_right = 0;
  int role_predicted = 0, role_gold = 0, role_matched = 0;
  int quote_predicted = 0, quote_gold = 0, quote_matched = 0, speaker_right = 0;
};

int Run(const Flags& flags) {
  absl::StatusOr<AliasTable> aliases = LoadAliasTable(flags.aliases);
  if (!aliases.ok()) {
    std::cerr << aliases.status() << "\n";
    return 1;
  }
  absl::StatusOr<std::vector<gold::GoldArticle>> articles = gold::LoadGoldDirectory(flags.gold_dir);
  if (!articles.ok()) {
    std::cerr << articles.status() << "\n";
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
  Totals t;
  for (const gold::GoldArticle& article : *articles) {
    std::vector<Mention> mentions = article.ToMentions();
    for (Mention& m : mentions) m.entity_id.clear();  // the gold canonical must not leak in
    // gold mention index -> index into `mentions` (identity with gold mentions)
    std::vector<int> aligned(article.entities.size());
    for (size_t i = 0; i < aligned.size(); ++i) aligned[i] = static_cast<int>(i);
#ifdef NEWSGRAPH_HAVE_RECOGNIZER
    if (recognizer != nullptr) {
      absl::CivilDay day;
      bool has_day = absl::ParseCivilTime(article.published_date.substr(0, 10), &day);
      mentions = recognizer->Recognize(article.body, has_day ? &day : nullptr);
      for (size_t i = 0; i < aligned.size(); ++i) {
        aligned[i] = -1;
        for (size_t j = 0; j < mentions.size(); ++j) {
          if (mentions[j].begin == article.entities[i].begin &&
              mentions[j].end == article.entities[i].end) {
            aligned[i] = static_cast<int>(j);
          }
        }
      }
    }
#endif
    DocumentKnowledge k = AnalyzeDocument(article.body, mentions, *aliases, article.title);
    Totals a;
    // Linking.
    for (size_t i = 0; i < article.entities.size(); ++i) {
      const gold::GoldEntity& g = article.entities[i];
      if (!IsNamedType(g.type)) continue;
      int e = aligned[i] < 0 ? -1 : k.mention_entity[aligned[i]];
      std::string predicted = e >= 0 ? k.entities[e].canonical_name : "";
      ++a.link_total;
      if (Fold(predicted) == Fold(g.canonical)) {
        ++a.link_right;
      } else if (flags.verbose) {
        std::cout << "  link  " << article.slug << " @" << g.begin << " \"" << g.text
                  << "\": got \"" << predicted << "\", want \"" << g.canonical << "\"\n";
      }
    }
    // Roles.
    using Triple = std::tuple<std::string, std::string, std::string>;
    std::map<Triple, int> gold_roles;
    for (const gold::GoldRole& r : article.roles) {
      ++gold_roles[{Fold(r.person), Fold(r.title), Fold(r.organization)}];
    }
    a.role_gold = static_cast<int>(article.roles.size());
    for (const Role& r : k.roles) {
      ++a.role_predicted;
      Triple key{Fold(r.person_name), Fold(r.title), Fold(r.organization)};
      auto it = gold_roles.find(key);
      if (it != gold_roles.end() && it->second > 0) {
        --it->second;
        ++a.role_matched;
      } else if (flags.verbose) {
        std::cout << "  role+ " << article.slug << " (" << r.person_name << ", " << r.title
                  << ", " << r.organization << ") not in gold\n";
      }
    }
    if (flags.verbose) {
      for (const auto& [key, left] : gold_roles) {
        for (int i = 0; i < left; ++i) {
          std::cout << "  role- " << article.slug << " (" << std::get<0>(key) << ", "
                    << std::get<1>(key) << ", " << std::get<2>(key) << ") missed\n";
        }
      }
    }
    // Quotes.
    a.quote_gold = static_cast<int>(article.quotes.size());
    a.quote_predicted = static_cast<int>(k.quotes.size());
    for (const gold::GoldQuote& g : article.quotes) {
      const Quote* match = nullptr;
      for (const Quote& q : k.quotes) {
        if (q.begin == g.begin && q.end == g.end) match = &q;
      }
      if (match == nullptr) {
        if (flags.verbose) {
          std::cout << "  quote- " << article.slug << " [" << g.begin << "," << g.end
                    << ") missed\n";
        }
        continue;
      }
      ++a.quote_matched;
      if (Fold(match->speaker_name) == Fold(g.speaker)) {
        ++a.speaker_right;
      } else if (flags.verbose) {
        std::cout << "  speaker " << article.slug << " [" << g.begin << "," << g.end
                  << "): got \"" << match->speaker_name << "\", want \"" << g.speaker << "\"\n";
      }
    }
    if (flags.verbose) {
      for (const Quote& q : k.quotes) {
        bool in_gold = false;
        for (const gold::GoldQuote& g : article.quotes) in_gold |= q.begin == g.begin && q.end == g.end;
        if (!in_gold) {
          std::cout << "  quote+ " << article.slug << " [" << q.begin << "," << q.end << ") \""
                    << q.text.substr(0, 60) << "\" not in gold\n";
        }
      }
    }
    std::printf("%-40s linking %d/%d  roles %d/%d pred %d  quotes %d/%d pred %d  speakers %d/%d\n",
                article.slug.c_str(), a.link_right, a.link_total, a.role_matched, a.role_gold,
                a.role_predicted, a.quote_matched, a.quote_gold, a.quote_predicted,
                a.speaker_right, a.quote_matched);
    t.link_total += a.link_total;
    t.link_right += a.link_right;
    t.role_predicted += a.role_predicted;
    t.role_gold += a.role_gold;
    t.role_matched += a.role_matched;
    t.quote_predicted += a.quote_predicted;
    t.quote_gold += a.quote_gold;
    t.quote_matched += a.quote_matched;
    t.speaker_right += a.speaker_right;
  }
  auto ratio = [](int num, int den) { return den == 0 ? 1.0 : static_cast<double>(num) / den; };
  double link = ratio(t.link_right, t.link_total);
  double rp = ratio(t.role_matched, t.role_predicted);
  double rr = ratio(t.role_matched, t.role_gold);
  double qp = ratio(t.quote_matched, t.quote_predicted);
  double qr = ratio(t.quote_matched, t.quote_gold);
  double qf = qp + qr == 0 ? 0 : 2 * qp * qr / (qp + qr);
  double sp = ratio(t.speaker_right, t.quote_matched);
  std::printf("\narticles: %zu\n", articles->size());
  std::printf("linking accuracy:  %.3f (%d/%d)   target >= 0.95 %s\n", link, t.link_right,
              t.link_total, link >= 0.95 ? "ok" : "MISSED");
  std::printf("role precision:    %.3f (%d/%d)   target >= 0.90 %s\n", rp, t.role_matched,
              t.role_predicted, rp >= 0.9 ? "ok" : "MISSED");
  std::printf("role recall:       %.3f (%d/%d)   target >= 0.80 %s\n", rr, t.role_matched,
              t.role_gold, rr >= 0.8 ? "ok" : "MISSED");
  std::printf("quote span F1:     %.3f (P %.3f R %.3f)   target >= 0.90 %s\n", qf, qp, qr,
              qf >= 0.9 ? "ok" : "MISSED");
  std::printf("speaker accuracy:  %.3f (%d/%d)   target >= 0.90 %s\n", sp, t.speaker_right,
              t.quote_matched, sp >= 0.9 ? "ok" : "MISSED");
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
  flags.verbose = absl::GetFlag(FLAGS_verbose);
  return newsgraph::Run(flags);
}
