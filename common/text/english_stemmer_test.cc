#include "common/text/english_stemmer.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace newsgraph {
namespace {

std::string Porter2(std::string_view word) { return StemTerm(word, StemMode::kPorter2); }
std::string Light(std::string_view word) { return StemTerm(word, StemMode::kLight); }

TEST(EnglishStemmerTest, Step1Plurals) {
  EXPECT_EQ(Porter2("caresses"), "caress");
  EXPECT_EQ(Porter2("ponies"), "poni");
  EXPECT_EQ(Porter2("ties"), "tie");
  EXPECT_EQ(Porter2("cries"), "cri");
  EXPECT_EQ(Porter2("cats"), "cat");
  EXPECT_EQ(Porter2("gaps"), "gap");
  EXPECT_EQ(Porter2("kiwis"), "kiwi");
  // A vowel right before the s does not count; "us" and "ss" are no plurals.
  EXPECT_EQ(Porter2("gas"), "gas");
  EXPECT_EQ(Porter2("this"), "this");
  EXPECT_EQ(Porter2("bus"), "bus");
  EXPECT_EQ(Porter2("class"), "class");
}

TEST(EnglishStemmerTest, Step1bEdAndIng) {
  EXPECT_EQ(Porter2("hopping"), "hop");
  EXPECT_EQ(Porter2("hoping"), "hope");
  EXPECT_EQ(Porter2("hope"), "hope");
  EXPECT_EQ(Porter2("luxuriating"), "luxuri");
  EXPECT_EQ(Porter2("consigned"), "consign");
  EXPECT_EQ(Porter2("consigning"), "consign");
  EXPECT_EQ(Porter2("consignment"), "consign");
  EXPECT_EQ(Porter2("agreed"), "agre");
  EXPECT_EQ(Porter2("feed"), "feed");  // "eed" outside R1
  EXPECT_EQ(Porter2("sing"), "sing");  // no vowel before "ing"
  EXPECT_EQ(Porter2("announced"), "announc");
  EXPECT_EQ(Porter2("announce"), "announc");
}

TEST(EnglishStemmerTest, YHandling) {
  EXPECT_EQ(Porter2("cry"), "cri");
  EXPECT_EQ(Porter2("by"), "by");
  EXPECT_EQ(Porter2("say"), "say");
  EXPECT_EQ(Porter2("yes"), "yes");
  EXPECT_EQ(Porter2("policy"), "polici");
  EXPECT_EQ(Porter2("policies"), "polici");
  EXPECT_EQ(Porter2("knightly"), "knight");
}

TEST(EnglishStemmerTest, DerivationalSteps) {
  EXPECT_EQ(Porter2("hospital"), "hospit");
  EXPECT_EQ(Porter2("hospitals"), "hospit");
  EXPECT_EQ(Porter2("vaccine"), "vaccin");
  EXPECT_EQ(Porter2("vaccines"), "vaccin");
  EXPECT_EQ(Porter2("vaccinated"), "vaccin");
  EXPECT_EQ(Porter2("vaccination"), "vaccin");
  EXPECT_EQ(Porter2("ministers"), "minist");
  EXPECT_EQ(Porter2("ministry"), "ministri");
  // R1 starts after "inter": "intern" and "international" stay apart.
  EXPECT_EQ(Porter2("international"), "internat");
  EXPECT_EQ(Porter2("interns"), "intern");
}

TEST(EnglishStemmerTest, RegionPrefixesKeepWordsApart) {
  EXPECT_EQ(Porter2("general"), "general");
  EXPECT_EQ(Porter2("generally"), "general");
  EXPECT_EQ(Porter2("generate"), "generat");
  EXPECT_EQ(Porter2("generation"), "generat");
  EXPECT_EQ(Porter2("university"), "universiti");
  EXPECT_EQ(Porter2("universities"), "universiti");
  EXPECT_EQ(Porter2("universe"), "univers");
  EXPECT_EQ(Porter2("organ"), "organ");
  EXPECT_EQ(Porter2("organs"), "organ");
  EXPECT_EQ(Porter2("organization"), "organiz");
  EXPECT_EQ(Porter2("organizations"), "organiz");
  EXPECT_EQ(Porter2("communication"), "communic");
}

TEST(EnglishStemmerTest, Exceptions) {
  EXPECT_EQ(Porter2("news"), "news");
  EXPECT_EQ(Porter2("skies"), "sky");
  EXPECT_EQ(Porter2("dying"), "die");
  EXPECT_EQ(Porter2("early"), "earli");
  EXPECT_EQ(Porter2("bias"), "bias");
  EXPECT_EQ(Porter2("succeed"), "succeed");  // left alone after step 1a
  EXPECT_EQ(Porter2("proceed"), "proceed");
}

TEST(EnglishStemmerTest, PossessivesAndApostrophes) {
  EXPECT_EQ(Porter2("shymkent's"), "shymkent");
  EXPECT_EQ(Porter2("doctors'"), "doctor");
  EXPECT_EQ(Porter2("'"), "'");
}

TEST(EnglishStemmerTest, OtherTermsPassThrough) {
  EXPECT_EQ(Porter2(""), "");
  EXPECT_EQ(Porter2("2024"), "2024");
  EXPECT_EQ(Porter2("covid-19"), "covid-19");
  EXPECT_EQ(Porter2("больницы"), "больницы");
  EXPECT_EQ(Porter2("mediсal"), "mediсal");  // Cyrillic с inside
  EXPECT_EQ(Porter2("us$"), "us$");
  EXPECT_EQ(Porter2("a1b2cs"), "a1b2cs");
  EXPECT_EQ(Porter2(std::string(60, 's') + "es"), std::string(60, 's') + "es");  // too long
  EXPECT_EQ(StemTerm("hospitals", StemMode::kNone), "hospitals");
}

TEST(EnglishStemmerTest, HyphenatedHeadIsStemmed) {
  EXPECT_EQ(Porter2("e-prescriptions"), "e-prescript");
  EXPECT_EQ(Porter2("nur-sultan"), "nur-sultan");
  EXPECT_EQ(Porter2("covid-related"), "covid-relat");
}

TEST(EnglishStemmerTest, LightVariantOnlyInflections) {
  EXPECT_EQ(Light("hospitals"), "hospital");
  EXPECT_EQ(Light("hospital"), "hospital");
  EXPECT_EQ(Light("vaccinated"), "vaccinat");
  EXPECT_EQ(Light("vaccinate"), "vaccinat");
  EXPECT_EQ(Light("vaccination"), "vaccination");
  EXPECT_EQ(Light("vaccines"), "vaccin");
  EXPECT_EQ(Light("policies"), "polici");
  EXPECT_EQ(Light("running"), "run");
  EXPECT_EQ(Light("announced"), "announc");
  EXPECT_EQ(Light("announce"), "announc");
  EXPECT_EQ(Light("generally"), "generalli");
  EXPECT_EQ(Light("organizations"), "organization");
  EXPECT_EQ(Light("news"), "news");
}

TEST(EnglishStemmerTest, ReusesTheOutputBuffer) {
  std::string out = "previous contents";
  StemTerm("clinics", StemMode::kPorter2, &out);
  EXPECT_EQ(out, "clinic");
  StemTerm("2021", StemMode::kPorter2, &out);
  EXPECT_EQ(out, "2021");
}

TEST(EnglishStemmerTest, ModeNames) {
  StemMode mode = StemMode::kNone;
  for (StemMode m : {StemMode::kNone, StemMode::kLight, StemMode::kPorter2}) {
    ASSERT_TRUE(ParseStemMode(StemModeName(m), &mode));
    EXPECT_EQ(mode, m);
  }
  EXPECT_FALSE(ParseStemMode("Porter", &mode));
}

}  // namespace
}  // namespace newsgraph
