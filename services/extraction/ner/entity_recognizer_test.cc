#include "services/extraction/ner/entity_recognizer.h"

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "common/status/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

using ::testing::Contains;
using ::testing::Not;
using ::testing::Pair;

class EntityRecognizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = EntityRecognizer::Load(std::string(NEWSGRAPH_SOURCE_DIR) +
                                         "/models/ner-en-news.bin");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    recognizer_ = loaded->release();
  }
  static void TearDownTestSuite() { delete recognizer_; }

  // (type name, text) of every mention, with the offsets checked.
  static std::vector<std::pair<std::string, std::string>> Find(
      const std::string& text, const absl::CivilDay* day = nullptr) {
    std::vector<std::pair<std::string, std::string>> out;
    const std::vector<Mention> mentions = recognizer_->Recognize(text, day);
    uint32_t last_end = 0;
    for (const Mention& m : mentions) {
      EXPECT_GE(m.begin, last_end) << "overlap or unsorted at " << m.text;
      EXPECT_LT(m.begin, m.end);
      EXPECT_EQ(text.substr(m.begin, m.end - m.begin), m.text);
      EXPECT_GT(m.confidence, 0.0f);
      EXPECT_LE(m.confidence, 1.0f);
      EXPECT_NE(m.type, EntityType::kMisc);
      last_end = m.end;
      out.emplace_back(std::string(EntityTypeName(m.type)), m.text);
    }
    return out;
  }

  static EntityRecognizer* recognizer_;
};

EntityRecognizer* EntityRecognizerTest::recognizer_ = nullptr;

TEST_F(EntityRecognizerTest, MinisterVisitsCity) {
  const absl::CivilDay day(2024, 3, 14);
  const auto found =
      Find("Health Minister Dana Serikova visited Shymkent on Tuesday.", &day);
  EXPECT_THAT(found, Contains(Pair("PERSON", "Dana Serikova")));
  EXPECT_THAT(found, Contains(Pair("LOCATION", "Shymkent")));
  EXPECT_THAT(found, Contains(Pair("DATE", "Tuesday")));
  EXPECT_THAT(found, Not(Contains(Pair("PERSON", "Minister Dana Serikova"))));
}

TEST_F(EntityRecognizerTest, SentenceInitialGazetteerPlace) {
  // A known place opening a sentence, where capitals carry no evidence.
  EXPECT_THAT(Find("Kazakhstan’s exports grew."),
              Contains(Pair("LOCATION", "Kazakhstan")));
  // A usually lower-case word that is also a place name is not one here.
  EXPECT_THAT(Find("Mobile phones are cheap."),
              Not(Contains(Pair("LOCATION", "Mobile"))));
}

TEST_F(EntityRecognizerTest, PossessiveIsNotPartOfTheName) {
  const auto found = Find(
      "Shymkent’s governor Yerlan Mukhametzhanov said the city needs "
      "1,850 nurses.");
  EXPECT_THAT(found, Contains(Pair("LOCATION", "Shymkent")));
  EXPECT_THAT(found, Contains(Pair("PERSON", "Yerlan Mukhametzhanov")));
  EXPECT_THAT(found, Contains(Pair("QUANTITY", "1,850")));
}

TEST_F(EntityRecognizerTest, PossessiveInsideAnOrganizationName) {
  // A capitalized common noun with a possessive, then an organization head:
  // one organization, with the name before it, and a person after it apart.
  EXPECT_THAT(Find("The Turgen Children's Hospital opened a new wing."),
              Contains(Pair("ORG", "Turgen Children's Hospital")));
  EXPECT_THAT(Find("Members of the Veterinary Workers’ Trade Union met on Monday."),
              Contains(Pair("ORG", "Veterinary Workers’ Trade Union")));
  const auto head = Find("Aliya Nurbek, head of the Zhanatas Women's Council Saule Omarova, spoke.");
  EXPECT_THAT(head, Contains(Pair("ORG", "Zhanatas Women's Council")));
  EXPECT_THAT(head, Contains(Pair("PERSON", "Saule Omarova")));
  // A name before the possessive owns it: a place and an organization.
  const auto owned = Find("Kyrgyzstan's Health Ministry reported 12 cases.");
  EXPECT_THAT(owned, Contains(Pair("LOCATION", "Kyrgyzstan")));
  EXPECT_THAT(owned, Not(Contains(Pair("ORG", "Kyrgyzstan's Health Ministry"))));
}

TEST_F(EntityRecognizerTest, DatelinePlaceInCapitals) {
  EXPECT_THAT(Find("SEMEY – The regional clinic opened on Monday."),
              Contains(Pair("LOCATION", "SEMEY")));
  EXPECT_THAT(Find("PAVLODAR, 3 June 2024 — Doctors met in the city."),
              Contains(Pair("LOCATION", "PAVLODAR")));
  // Not a dateline: an acronym before a dash is left to the tagger.
  EXPECT_THAT(Find("UNICEF – the fund – sent 40 boxes."),
              Not(Contains(Pair("LOCATION", "UNICEF"))));
}

TEST_F(EntityRecognizerTest, CoordinatedPlacesBeforeAPluralPlaceWord) {
  const auto found = Find("Hospitals in the Chui and Talas regions were full.");
  EXPECT_THAT(found, Contains(Pair("LOCATION", "Chui")));
  EXPECT_THAT(found, Contains(Pair("LOCATION", "Talas")));
  // Whatever the tagger made of a conjunct: here a person.
  const auto districts = Find("It covers the Aral and Kazaly districts.");
  EXPECT_THAT(districts, Contains(Pair("LOCATION", "Aral")));
  EXPECT_THAT(districts, Contains(Pair("LOCATION", "Kazaly")));
  // Common nouns in capitals are not places.
  EXPECT_THAT(Find("Farmers in the Health and Education regions complained."),
              Not(Contains(Pair("LOCATION", testing::_))));
}

TEST_F(EntityRecognizerTest, PersonAfterAnOrganizationWhoseFirstNameIsAlsoAPlace) {
  // "Serik" is a town in the gazetteer, and a first name here.
  const auto found =
      Find("Rector of Kokshetau Medical Academy Serik Temirbekov opened the new building.");
  EXPECT_THAT(found, Contains(Pair("ORG", "Kokshetau Medical Academy")));
  EXPECT_THAT(found, Contains(Pair("PERSON", "Serik Temirbekov")));
}

TEST_F(EntityRecognizerTest, PlaceInsideAnEventNameIsNoMention) {
  // The tagger calls the election a MISC name: never output, but the place
  // inside it is not propagated from the first sentence either.
  const auto found = Find("Doctors from Ontario met in Toronto. She was elected in the 2016 Ontario "
                          "general election.");
  EXPECT_EQ(std::count(found.begin(), found.end(), std::make_pair(std::string("LOCATION"),
                                                                  std::string("Ontario"))),
            1);
  EXPECT_THAT(found, Contains(Pair("LOCATION", "Toronto")));
}

TEST_F(EntityRecognizerTest, NumberInsideANameStaysInTheName) {
  const auto found = Find(
      "Doctors at Shymkent City Hospital No. 2 treated 86,412 patients in "
      "Kazakhstan.");
  for (const auto& [type, text] : found) {
    EXPECT_NE(text, "2") << type;
  }
  EXPECT_THAT(found, Contains(Pair("QUANTITY", "86,412")));
  EXPECT_THAT(found, Contains(Pair("LOCATION", "Kazakhstan")));
}

TEST_F(EntityRecognizerTest, OrganizationsAndMoney) {
  const auto found = Find(
      "The World Health Organization and the Ministry of Healthcare will "
      "spend 12 billion tenge on new clinics in Almaty.");
  EXPECT_THAT(found, Contains(Pair("ORG", "World Health Organization")));
  EXPECT_THAT(found, Contains(Pair("ORG", "Ministry of Healthcare")));
  EXPECT_THAT(found, Contains(Pair("MONEY", "12 billion tenge")));
  EXPECT_THAT(found, Contains(Pair("LOCATION", "Almaty")));
}

TEST_F(EntityRecognizerTest, AcronymsOfOrganizations) {
  const auto found = Find(
      "The Kazakh Institute of Oncology and Radiology (KazIOR) signed a deal. "
      "Experts from WHO visited KazIOR on Monday, who said it was ready.");
  EXPECT_THAT(found, Contains(Pair("ORG", "KazIOR")));
  EXPECT_THAT(found, Contains(Pair("ORG", "WHO")));
  for (const auto& [type, text] : found) EXPECT_NE(text, "who");
}

TEST_F(EntityRecognizerTest, EmptyAndJunkInput) {
  EXPECT_TRUE(Find("").empty());
  EXPECT_TRUE(Find("   \n\n  ").empty());
  Find(std::string("\xff\xfe broken \xc3 bytes", 19));  // must not crash
}

// A 1 MB body that is one endless "sentence" (no sentence punctuation):
// the recognizer must handle it (linear passes) and keep its contract.
TEST_F(EntityRecognizerTest, OneMegabyteWithoutSentenceBreaks) {
  std::string text;
  while (text.size() < (1u << 20)) {
    text += "Health Minister Dana Serikova visited Shymkent City Hospital No. 2 "
            "with 1,850 nurses and ";
  }
  const std::vector<Mention> mentions = recognizer_->Recognize(text, nullptr);
  ASSERT_GT(mentions.size(), 10000u);
  uint32_t last_end = 0;
  size_t people = 0;
  for (const Mention& m : mentions) {
    ASSERT_GE(m.begin, last_end);
    ASSERT_LE(m.end, text.size());
    last_end = m.end;
    if (m.type == EntityType::kPerson) ++people;
  }
  EXPECT_GT(people, 10000u);
}

TEST_F(EntityRecognizerTest, ConcurrentCallsGiveTheSameResults) {
  const std::vector<std::string> texts = {
      "Health Minister Dana Serikova visited Shymkent on Tuesday.",
      "The World Health Organization (WHO) sent experts to Almaty, said "
      "Yerlan Mukhametzhanov.",
      "Kazakhstan allocated 12 billion tenge to 47% of rural clinics.",
  };
  std::vector<std::vector<Mention>> expected;
  for (const std::string& t : texts) {
    expected.push_back(recognizer_->Recognize(t, nullptr));
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (int round = 0; round < 50; ++round) {
        for (size_t i = 0; i < texts.size(); ++i) {
          const std::vector<Mention> got = recognizer_->Recognize(texts[i], nullptr);
          bool same = got.size() == expected[i].size();
          for (size_t j = 0; same && j < got.size(); ++j) {
            same = got[j].begin == expected[i][j].begin &&
                   got[j].end == expected[i][j].end &&
                   got[j].type == expected[i][j].type &&
                   got[j].confidence == expected[i][j].confidence;
          }
          if (!same) ++mismatches[k];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int k = 0; k < 4; ++k) EXPECT_EQ(mismatches[k], 0) << "thread " << k;
}

TEST(EntityRecognizerLoadTest, MissingModelIsAClearError) {
  auto loaded = EntityRecognizer::Load("/nonexistent/ner.bin");
  EXPECT_THAT(loaded, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_NE(std::string(loaded.status().message()).find("/nonexistent/ner.bin"),
            std::string::npos);
}

}  // namespace
}  // namespace newsgraph
