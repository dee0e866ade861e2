// Scores FindNumericMentions against the DATE/MONEY/PERCENT/QUANTITY gold of
// the committed sample articles (samples/*.gold.json): exact span and type,
// and the normalized value of every matched span. The floor is the issue's
// target (F1 >= 0.95), so a grammar change that breaks real articles fails
// here even when the literal unit tests still pass.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/extraction/grammar/numeric_grammar.h"

namespace newsgraph {
namespace {

TEST(NumericGrammarSamplesTest, MeetsF1FloorOnSampleGold) {
  int tp = 0, fp = 0, fn = 0, value_errors = 0, files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(NEWSGRAPH_SAMPLES_DIR)) {
    std::string name = entry.path().filename().string();
    if (name.size() < 10 || name.substr(name.size() - 10) != ".gold.json") {
      continue;
    }
    std::ifstream in(entry.path());
    nlohmann::json gold = nlohmann::json::parse(in, nullptr, false);
    ASSERT_FALSE(gold.is_discarded()) << name;
    if (!gold.contains("entities") || gold["entities"].empty()) continue;
    ++files;
    std::string body = gold.value("body", "");
    std::string date = gold.value("published_date", "");
    std::optional<CivilDay> reference;
    if (date.size() >= 10) {
      reference = CivilDay(std::stoi(date.substr(0, 4)),
                           std::stoi(date.substr(5, 2)),
                           std::stoi(date.substr(8, 2)));
    }
    using Key = std::tuple<uint32_t, uint32_t, std::string>;
    std::map<Key, std::string> expected;
    for (const auto& e : gold["entities"]) {
      std::string type = e.value("type", "");
      if (type != "DATE" && type != "MONEY" && type != "PERCENT" &&
          type != "QUANTITY") {
        continue;
      }
      expected[{e.value("begin", 0u), e.value("end", 0u), type}] =
          e.value("value", "");
    }
    std::vector<Token> tokens = Tokenize(body);
    std::vector<Mention> found =
        FindNumericMentions(body, tokens, reference ? &*reference : nullptr);
    std::set<Key> seen;
    for (const Mention& m : found) {
      Key key{m.begin, m.end, std::string(EntityTypeName(m.type))};
      seen.insert(key);
      auto it = expected.find(key);
      if (it == expected.end()) {
        ++fp;
        std::cout << name << ": extra " << std::get<2>(key) << " '"
                      << m.text << "'";
        std::cout << "\n";
        continue;
      }
      ++tp;
      if (m.value->text != it->second) {
        ++value_errors;
        std::cout << name << ": '" << m.text << "' value "
                      << m.value->text << ", gold " << it->second << "\n";
      }
    }
    for (const auto& [key, value] : expected) {
      if (!seen.count(key)) {
        ++fn;
        std::cout << name << ": missed " << std::get<2>(key) << " '"
                      << body.substr(std::get<0>(key),
                                     std::get<1>(key) - std::get<0>(key))
                      << "'\n";
      }
    }
  }
  ASSERT_GT(files, 0) << "no annotated samples in " << NEWSGRAPH_SAMPLES_DIR;
  double precision = tp + fp ? static_cast<double>(tp) / (tp + fp) : 0;
  double recall = tp + fn ? static_cast<double>(tp) / (tp + fn) : 0;
  double f1 = precision + recall ? 2 * precision * recall / (precision + recall)
                                 : 0;
  RecordProperty("f1", std::to_string(f1));
  std::printf("numeric grammar on %d sample files: P=%.3f R=%.3f F1=%.3f, "
              "%d value errors\n",
              files, precision, recall, f1, value_errors);
  // Errors are listed above; the floors are the targets.
  EXPECT_GE(f1, 0.95);
  EXPECT_LE(value_errors, tp / 20) << "more than 5% of matched values wrong";
}

}  // namespace
}  // namespace newsgraph
