#include "services/extraction/knowledge/document_knowledge.h"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/status/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extraction/knowledge/knowledge_test_util.h"
#include "services/extraction/knowledge/lexicon.h"

namespace newsgraph {
namespace {

using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

using knowledge_testing::kLoc;
using knowledge_testing::kOrg;
using knowledge_testing::kPer;
using knowledge_testing::Mark;

AliasTable TestAliases() {
  absl::StatusOr<AliasTable> table = ParseAliasTable(
      "LOCATION\tNur-Sultan\tAstana\nLOCATION\tAkmola\tAstana\n"
      "ORG\tUN\tUnited Nations\nORG\tCIS\tCommonwealth of Independent States\n",
      "test");
  EXPECT_TRUE(table.ok());
  return *table;
}

struct Analyzed {
  std::string text;
  std::vector<Mention> mentions;
  DocumentKnowledge k;

  const DocumentEntity* EntityOf(size_t mention) const {
    int e = k.mention_entity.at(mention);
    return e < 0 ? nullptr : &k.entities[e];
  }
  std::string CanonicalOf(size_t mention) const {
    const DocumentEntity* e = EntityOf(mention);
    return e == nullptr ? "" : e->canonical_name;
  }
};

Analyzed Analyze(std::string text, const std::vector<std::pair<std::string, EntityType>>& spans,
                 const AliasTable& aliases = TestAliases()) {
  Analyzed a;
  a.text = std::move(text);
  a.mentions = Mark(a.text, spans);
  a.k = AnalyzeDocument(a.text, a.mentions, aliases);
  return a;
}

// ---- entities ----------------------------------------------------------------

TEST(DocumentKnowledgeTest, SurnameJoinsFullNameMentionedEarlier) {
  Analyzed a = Analyze(
      "Health Minister Dana Serikova visited the clinic. Later Serikova said it was ready.",
      {{"Dana Serikova", kPer}, {"Serikova", kPer}});
  ASSERT_THAT(a.k.entities, SizeIs(1));
  EXPECT_EQ(a.k.mention_entity[0], a.k.mention_entity[1]);
  EXPECT_EQ(a.k.entities[0].canonical_name, "Dana Serikova");
  EXPECT_EQ(a.k.entities[0].mention_count, 2u);
  EXPECT_EQ(a.k.entities[0].entity_id, "local-0");
}

TEST(DocumentKnowledgeTest, TwoPeopleSharingASurnameAreNeverMerged) {
  Analyzed a = Analyze(
      "Marat Seitkali and Gulnara Seitkali opened the centre. Seitkali thanked the donors.",
      {{"Marat Seitkali", kPer}, {"Gulnara Seitkali", kPer}, {"Seitkali", kPer}});
  ASSERT_THAT(a.k.entities, SizeIs(2));
  EXPECT_NE(a.k.mention_entity[0], a.k.mention_entity[1]);
  EXPECT_EQ(a.k.mention_entity[2], -1);  // ambiguous: left unlinked
  EXPECT_EQ(a.CanonicalOf(0), "Marat Seitkali");
  EXPECT_EQ(a.CanonicalOf(1), "Gulnara Seitkali");
}

TEST(DocumentKnowledgeTest, SharedSurnameResolvedByATitleOnlyOneOfThemHolds) {
  Analyzed a = Analyze(
      "Rector Serik Zhakupov welcomed the plan. Deputy Arman Zhakupov criticised it. "
      "Zhakupov, the rector, said the draft was ready.",
      {{"Serik Zhakupov", kPer}, {"Arman Zhakupov", kPer}, {"Zhakupov", kPer}});
  EXPECT_EQ(a.CanonicalOf(2), "Serik Zhakupov");
  EXPECT_EQ(a.k.mention_entity[2], a.k.mention_entity[0]);
}

TEST(DocumentKnowledgeTest, TitlesAndHonorificsAreNotPartOfNames) {
  Analyzed a = Analyze(
      "President Nur-Daulet Abenov arrived. The mission was led by Dr. Ingrid Halvorsen. "
      "Abenov met Halvorsen.",
      {{"Nur-Daulet Abenov", kPer}, {"Dr. Ingrid Halvorsen", kPer}, {"Abenov", kPer},
       {"Halvorsen", kPer}});
  ASSERT_THAT(a.k.entities, SizeIs(2));
  EXPECT_EQ(a.CanonicalOf(0), "Nur-Daulet Abenov");
  EXPECT_EQ(a.CanonicalOf(1), "Ingrid Halvorsen");
  EXPECT_EQ(a.k.mention_entity[2], a.k.mention_entity[0]);
  EXPECT_EQ(a.k.mention_entity[3], a.k.mention_entity[1]);
}

TEST(DocumentKnowledgeTest, AcronymJoinsExpansionDefinedInText) {
  AliasTable none;
  Analyzed a = Analyze(
      "A mission of the World Health Organization (WHO) arrived. WHO experts will stay.",
      {{"World Health Organization", kOrg}, {"WHO", kOrg}, {"WHO", kOrg}}, none);
  ASSERT_THAT(a.k.entities, SizeIs(1));
  EXPECT_EQ(a.k.entities[0].canonical_name, "World Health Organization");
  EXPECT_EQ(a.k.entities[0].mention_count, 3u);
}

TEST(DocumentKnowledgeTest, AcronymJoinsExpansionFromAliasTable) {
  Analyzed a = Analyze("The UN said the CIS summit will go ahead. The United Nations agreed.",
                       {{"UN", kOrg}, {"CIS", kOrg}, {"United Nations", kOrg}});
  ASSERT_THAT(a.k.entities, SizeIs(2));
  EXPECT_EQ(a.CanonicalOf(0), "United Nations");
  EXPECT_EQ(a.k.mention_entity[0], a.k.mention_entity[2]);
  EXPECT_EQ(a.CanonicalOf(1), "Commonwealth of Independent States");
}

TEST(DocumentKnowledgeTest, AcronymTaggedWithAnotherTypeStillFindsItsExpansion) {
  Analyzed a = Analyze("The UN and the USA agreed.", {{"UN", kLoc}, {"USA", kLoc}});
  EXPECT_EQ(a.CanonicalOf(0), "United Nations");
  EXPECT_EQ(a.CanonicalOf(1), "USA");  // short capitals are an acronym, not title-cased
}

TEST(DocumentKnowledgeTest, AcronymMatchingInitialsOfOneOrganization) {
  AliasTable none;
  Analyzed a = Analyze("The Social Health Insurance Fund paid. The SHIF said more will come.",
                       {{"Social Health Insurance Fund", kOrg}, {"SHIF", kOrg}}, none);
  ASSERT_THAT(a.k.entities, SizeIs(1));
  EXPECT_EQ(a.k.entities[0].canonical_name, "Social Health Insurance Fund");
}

TEST(DocumentKnowledgeTest, RenamedPlacesHyphensCapsAndPossessivesNormalize) {
  Analyzed a = Analyze(
      "NUR-SULTAN. Clinics in Nursultan and Nur-Sultan’s suburbs opened. "
      "Shymkent’s mayor and Shymkent agreed.",
      {{"NUR-SULTAN", kLoc}, {"Nursultan", kLoc}, {"Nur-Sultan’s", kLoc}, {"Shymkent", kLoc},
       {"Shymkent", kLoc}});
  ASSERT_THAT(a.k.entities, SizeIs(2));
  EXPECT_EQ(a.CanonicalOf(0), "Astana");
  EXPECT_EQ(a.k.mention_entity[0], a.k.mention_entity[1]);
  EXPECT_EQ(a.k.mention_entity[0], a.k.mention_entity[2]);
  EXPECT_EQ(a.CanonicalOf(3), "Shymkent");
  EXPECT_EQ(a.k.mention_entity[3], a.k.mention_entity[4]);
  EXPECT_THAT(a.k.entities[0].aliases, UnorderedElementsAre("NUR-SULTAN", "Nursultan", "Nur-Sultan"));
}

TEST(DocumentKnowledgeTest, RegionKeepsItsNameWhenItsOldCapitalWasRenamed) {
  Analyzed a = Analyze("The Akmola region will get ambulances. The capital moved to Akmola in 1997.",
                       {{"Akmola", kLoc}, {"Akmola", kLoc}});
  EXPECT_EQ(a.CanonicalOf(0), "Akmola");
  EXPECT_EQ(a.CanonicalOf(1), "Astana");
}

TEST(DocumentKnowledgeTest, PlaceSeenOnlyInCapitalsIsTitleCased) {
  AliasTable none;
  Analyzed a = Analyze("KOKSHETAU. The hospital opened.", {{"KOKSHETAU", kLoc}}, none);
  EXPECT_EQ(a.CanonicalOf(0), "Kokshetau");
}

TEST(DocumentKnowledgeTest, SalienceIsBetweenZeroAndOneAndFavoursTheMainEntity) {
  Analyzed a = Analyze(
      "Health Minister Dana Serikova opened a clinic in Shymkent.\n\n"
      "Serikova said the clinic would serve 40 villages. Serikova also visited a school.\n\n"
      "The project was supported by Bolat Nurlanov.",
      {{"Dana Serikova", kPer}, {"Shymkent", kLoc}, {"Serikova", kPer}, {"Serikova", kPer},
       {"Bolat Nurlanov", kPer}});
  ASSERT_THAT(a.k.entities, SizeIs(3));
  double total = 0;
  for (const DocumentEntity& e : a.k.entities) {
    EXPECT_GT(e.salience, 0.0f);
    EXPECT_LE(e.salience, 1.0f);
    total += e.salience;
  }
  EXPECT_NEAR(total, 1.0, 1e-4);
  EXPECT_GT(a.EntityOf(0)->salience, a.EntityOf(1)->salience);
  EXPECT_GT(a.EntityOf(1)->salience, a.EntityOf(4)->salience);
}

// ---- roles -------------------------------------------------------------------

struct RoleView {
  std::string person, title, normalized, organization;
};

void PrintTo(const RoleView& r, std::ostream* os) {
  *os << "(" << r.person << " | " << r.title << " | " << r.normalized << " | " << r.organization
      << ")";
}

std::vector<RoleView> Roles(const Analyzed& a) {
  std::vector<RoleView> out;
  for (const Role& r : a.k.roles) {
    out.push_back({r.person_name, r.title, r.normalized_title, r.organization});
  }
  return out;
}

MATCHER_P4(RoleIs, person, title, normalized, organization, "") {
  return arg.person == person && arg.title == title && arg.normalized == normalized &&
         arg.organization == organization;
}

TEST(DocumentKnowledgeTest, RoleFromTitleBeforeName) {
  Analyzed a = Analyze("Health Minister Dana Serikova visited Shymkent.",
                       {{"Dana Serikova", kPer}, {"Shymkent", kLoc}});
  EXPECT_THAT(Roles(a), UnorderedElementsAre(RoleIs("Dana Serikova", "Health Minister",
                                                    "minister of health", "")));
}

TEST(DocumentKnowledgeTest, RoleWithPlaceAfterOf) {
  Analyzed a = Analyze("He met Prime Minister of Kazakhstan Marat Zhaksylykov on Monday.",
                       {{"Kazakhstan", kLoc}, {"Marat Zhaksylykov", kPer}});
  EXPECT_THAT(Roles(a), UnorderedElementsAre(RoleIs("Marat Zhaksylykov", "Prime Minister",
                                                    "prime minister", "Kazakhstan")));
  EXPECT_FALSE(a.k.roles[0].organization_entity_id.empty());
}

TEST(DocumentKnowledgeTest, RoleWithPossessivePlace) {
  Analyzed a = Analyze("Shymkent’s governor Yerlan Mukhametzhanov opened the hospital.",
                       {{"Shymkent", kLoc}, {"Yerlan Mukhametzhanov", kPer}});
  EXPECT_THAT(Roles(a), UnorderedElementsAre(RoleIs("Yerlan Mukhametzhanov", "governor",
                                                    "governor", "Shymkent")));
}

TEST(DocumentKnowledgeTest, RoleWithOrganizationMentionAfterOf) {
  Analyzed a = Analyze(
      "According to head of the Steppe Institute for Policy Studies Olga Petrenko, costs rose.",
      {{"Steppe Institute for Policy Studies", kOrg}, {"Olga Petrenko", kPer}});
  EXPECT_THAT(Roles(a), UnorderedElementsAre(RoleIs("Olga Petrenko", "head", "head",
                                                    "Steppe Institute for Policy Studies")));
}

TEST(DocumentKnowledgeTest, RoleFromAppositionBeforeNameWithLowercaseOrganization) {
  Analyzed a = Analyze(
      "Speaking on Monday, the new director of the regional health department, Timur Alimbetov, "
      "promised more staff.",
      {{"Timur Alimbetov", kPer}});
  EXPECT_THAT(Roles(a), UnorderedElementsAre(RoleIs("Timur Alimbetov", "director", "director",
                                                    "regional health department")));
}

TEST(DocumentKnowledgeTest, RoleWithOrganizationWordsBeforeTitle) {
  Analyzed a = Analyze("Kyrgyz Foreign Ministry Spokesperson Aibek Usenov confirmed the talks.",
                       {{"Aibek Usenov", kPer}});
  EXPECT_THAT(Roles(a), UnorderedElementsAre(RoleIs("Aibek Usenov", "Spokesperson",
                                                    "spokesperson", "Kyrgyz Foreign Ministry")));
}

TEST(DocumentKnowledgeTest, RoleFromAppositionAfterName) {
  Analyzed a = Analyze(
      "Dana Serikova, the Minister of Healthcare, said the plan works. "
      "The visit was led by Ingrid Halvorsen, head of the WHO European Centre in Almaty, "
      "which advises the ministry.",
      {{"Dana Serikova", kPer}, {"Ingrid Halvorsen", kPer}, {"WHO European Centre", kOrg},
       {"Almaty", kLoc}});
  EXPECT_THAT(Roles(a),
              UnorderedElementsAre(
                  RoleIs("Dana Serikova", "Minister of Healthcare", "minister of health", ""),
                  RoleIs("Ingrid Halvorsen", "head", "head", "WHO European Centre")));
}

TEST(DocumentKnowledgeTest, RoleWithLowercaseModifiersAfterPossessive) {
  Analyzed a = Analyze(
      "Kazakhstan has recorded new cases, the country’s chief state sanitary doctor Daniyar "
      "Amangeldiuly told a briefing.",
      {{"Kazakhstan", kLoc}, {"Daniyar Amangeldiuly", kPer}});
  EXPECT_THAT(Roles(a), UnorderedElementsAre(RoleIs("Daniyar Amangeldiuly",
                                                    "chief state sanitary doctor",
                                                    "chief state sanitary doctor", "")));
}

TEST(DocumentKnowledgeTest, RoleInRegionAndAdjacentPlace) {
  Analyzed a = Analyze(
      "The chief sanitary doctor of the Almaty region, Gaukhar Sultanbekova, confirmed it. "
      "Almaty akim Yerbol Sadykov agreed, and Kostanay region akim Marlen Dosmagambetov too.",
      {{"Almaty", kLoc}, {"Gaukhar Sultanbekova", kPer}, {"Almaty", kLoc},
       {"Yerbol Sadykov", kPer}, {"Kostanay", kLoc}, {"Marlen Dosmagambetov", kPer}});
  EXPECT_THAT(Roles(a),
              UnorderedElementsAre(
                  RoleIs("Gaukhar Sultanbekova", "chief sanitary doctor", "chief sanitary doctor",
                         "Almaty region"),
                  RoleIs("Yerbol Sadykov", "akim", "akim", "Almaty"),
                  RoleIs("Marlen Dosmagambetov", "akim", "akim", "Kostanay region")));
}

TEST(DocumentKnowledgeTest, MoreTitleShapes) {
  Analyzed a = Analyze(
      "Deputy Prime Minister Serik Zhumangarin chaired the meeting with Vice Minister of "
      "Healthcare Svetlana Pak and Senator Bolat Nurlanov. The mayor of Almaty, Yerbol Sadykov, "
      "and Aidar Kenzhebayev, Shymkent’s mayor, also attended.",
      {{"Serik Zhumangarin", kPer}, {"Svetlana Pak", kPer}, {"Bolat Nurlanov", kPer},
       {"Almaty", kLoc}, {"Yerbol Sadykov", kPer}, {"Aidar Kenzhebayev", kPer},
       {"Shymkent", kLoc}});
  EXPECT_THAT(Roles(a),
              UnorderedElementsAre(
                  RoleIs("Serik Zhumangarin", "Deputy Prime Minister", "deputy prime minister", ""),
                  RoleIs("Svetlana Pak", "Vice Minister of Healthcare", "vice minister of health", ""),
                  RoleIs("Bolat Nurlanov", "Senator", "senator", ""),
                  RoleIs("Yerbol Sadykov", "mayor", "mayor", "Almaty"),
                  RoleIs("Aidar Kenzhebayev", "mayor", "mayor", "Shymkent")));
}

TEST(DocumentKnowledgeTest, UntaggedOrganizationWithPossessiveInsideItsName) {
  Analyzed a = Analyze("The head of the Health Workers’ Trade Union Olga Ivanchenko disagreed.",
                       {{"Olga Ivanchenko", kPer}});
  EXPECT_THAT(Roles(a), UnorderedElementsAre(RoleIs("Olga Ivanchenko", "head", "head",
                                                    "Health Workers’ Trade Union")));
}

TEST(DocumentKnowledgeTest, UntaggedOrganizationStartingWithItsNoun) {
  Analyzed a = Analyze(
      "The chairman of the Committee for Medical and Pharmaceutical Control Asylbek Nurgaliyev "
      "signed the order.",
      {{"Asylbek Nurgaliyev", kPer}});
  EXPECT_THAT(Roles(a), UnorderedElementsAre(RoleIs("Asylbek Nurgaliyev", "chairman", "chairperson",
                                                    "Committee for Medical and Pharmaceutical Control")));
}

TEST(DocumentKnowledgeTest, OccupationsAndRelationsAreNotRoles) {
  Analyzed a = Analyze(
      "Psychologist Yekaterina Lim answered calls. Doctor Ainur Mamyrbekova agreed. "
      "Bolat Nurlanov met his Kyrgyz counterpart Aibek Usenov.",
      {{"Yekaterina Lim", kPer}, {"Ainur Mamyrbekova", kPer}, {"Bolat Nurlanov", kPer},
       {"Aibek Usenov", kPer}});
  EXPECT_THAT(a.k.roles, IsEmpty());
}

TEST(DocumentKnowledgeTest, TitleWithoutANameYieldsNoRole) {
  Analyzed a = Analyze(
      "The President said the plan is ready. The Health Minister agreed, and a governor "
      "visited Almaty. He met Marat Zhaksylykov.",
      {{"Almaty", kLoc}, {"Marat Zhaksylykov", kPer}});
  EXPECT_THAT(a.k.roles, IsEmpty());
}

TEST(DocumentKnowledgeTest, EquivalentTitlesNormalizeAlike) {
  using knowledge::NormalizeTitle;
  EXPECT_EQ(NormalizeTitle("Health Minister"), "minister of health");
  EXPECT_EQ(NormalizeTitle("Minister of Healthcare"), "minister of health");
  EXPECT_EQ(NormalizeTitle("the Minister of Health"), "minister of health");
  EXPECT_EQ(NormalizeTitle("Deputy Health Minister"), "deputy minister of health");
  EXPECT_EQ(NormalizeTitle("Foreign Minister"), "minister of foreign affairs");
  EXPECT_EQ(NormalizeTitle("Minister of Foreign Affairs"), "minister of foreign affairs");
  EXPECT_EQ(NormalizeTitle("Spokesman"), "spokesperson");
  EXPECT_EQ(NormalizeTitle("Premier"), "prime minister");
  EXPECT_EQ(NormalizeTitle("Prime Minister"), "prime minister");
  EXPECT_TRUE(knowledge::TitleCompatible("minister", "minister of health"));
  EXPECT_TRUE(knowledge::TitleCompatible("head of state", "president"));
  EXPECT_FALSE(knowledge::TitleCompatible("minister", "prime minister"));
  EXPECT_FALSE(knowledge::TitleCompatible("president", "minister of health"));
}

// ---- quotes ------------------------------------------------------------------

struct QuoteView {
  std::string text, speaker;
};

void PrintTo(const QuoteView& q, std::ostream* os) {
  *os << "(\"" << q.text << "\" by \"" << q.speaker << "\")";
}

std::vector<QuoteView> Quotes(const Analyzed& a) {
  std::vector<QuoteView> out;
  for (const Quote& q : a.k.quotes) out.push_back({q.text, q.speaker_name});
  return out;
}

MATCHER_P2(QuoteIs, text, speaker, "") { return arg.text == text && arg.speaker == speaker; }

TEST(DocumentKnowledgeTest, QuoteWithPronounCueAfter) {
  Analyzed a = Analyze(
      "Yerlan Mukhametzhanov visited the site.\n\n“The hospital will open in May,” he said.",
      {{"Yerlan Mukhametzhanov", kPer}});
  EXPECT_THAT(Quotes(a), UnorderedElementsAre(
                             QuoteIs("The hospital will open in May", "Yerlan Mukhametzhanov")));
  const Quote& q = a.k.quotes[0];
  EXPECT_EQ(a.text.substr(q.begin, q.end - q.begin), q.text);
  EXPECT_EQ(a.text.substr(q.cue_begin, q.cue_end - q.cue_begin), "he said");
}

TEST(DocumentKnowledgeTest, QuoteWithSurnameCueBeforeInGuillemets) {
  Analyzed a = Analyze(
      "Health Minister Dana Serikova met doctors. Serikova noted: «Salaries will rise next year.»",
      {{"Dana Serikova", kPer}, {"Serikova", kPer}});
  EXPECT_THAT(Quotes(a),
              UnorderedElementsAre(QuoteIs("Salaries will rise next year.", "Dana Serikova")));
}

TEST(DocumentKnowledgeTest, QuoteWithVerbBeforeNameInStraightQuotes) {
  Analyzed a = Analyze(
      "\"We need three more clinics in the south,\" said Shymkent governor Yerlan "
      "Mukhametzhanov.",
      {{"Shymkent", kLoc}, {"Yerlan Mukhametzhanov", kPer}});
  EXPECT_THAT(Quotes(a), UnorderedElementsAre(QuoteIs("We need three more clinics in the south",
                                                      "Yerlan Mukhametzhanov")));
}

TEST(DocumentKnowledgeTest, BareTitleResolvesToWhoHeldItInTheDocument) {
  Analyzed a = Analyze(
      "President Nur-Daulet Abenov met Health Minister Dana Serikova.\n\n"
      "“Every village must have a doctor,” the President emphasized.\n\n"
      "“We are ready,” the minister replied.",
      {{"Nur-Daulet Abenov", kPer}, {"Dana Serikova", kPer}});
  EXPECT_THAT(Quotes(a),
              UnorderedElementsAre(QuoteIs("Every village must have a doctor", "Nur-Daulet Abenov"),
                                   QuoteIs("We are ready", "Dana Serikova")));
}

TEST(DocumentKnowledgeTest, AccordingToHimResolvesToMostRecentPerson) {
  Analyzed a = Analyze(
      "Aliya Nurlanova spoke first. Then Bolat Nurlanov took the floor.\n\n"
      "“The budget is not enough for all regions,” according to him.",
      {{"Aliya Nurlanova", kPer}, {"Bolat Nurlanov", kPer}});
  EXPECT_THAT(Quotes(a), UnorderedElementsAre(
                             QuoteIs("The budget is not enough for all regions", "Bolat Nurlanov")));
}

TEST(DocumentKnowledgeTest, QuoteSpanningParagraphsIsOneQuote) {
  Analyzed a = Analyze(
      "Daniyar Amangeldiuly briefed reporters.\n\n"
      "“The situation is stable. The variant has been found in three regions.\n\n"
      "“That is why we are keeping the masks,” Amangeldiuly said.",
      {{"Daniyar Amangeldiuly", kPer}, {"Amangeldiuly", kPer}});
  ASSERT_THAT(a.k.quotes, SizeIs(1));
  EXPECT_EQ(a.k.quotes[0].speaker_name, "Daniyar Amangeldiuly");
  EXPECT_THAT(a.k.quotes[0].text, ::testing::StartsWith("The situation is stable."));
  EXPECT_THAT(a.k.quotes[0].text, ::testing::EndsWith("we are keeping the masks"));
}

TEST(DocumentKnowledgeTest, QuoteInsideQuoteStaysInsideTheOuterQuote) {
  Analyzed a = Analyze(
      "Dana Serikova recalled the meeting. “A nurse told me «we have no gloves» and I "
      "did not believe it,” Serikova said.",
      {{"Dana Serikova", kPer}, {"Serikova", kPer}});
  EXPECT_THAT(Quotes(a), UnorderedElementsAre(
                             QuoteIs("A nurse told me «we have no gloves» and I did not believe it",
                                     "Dana Serikova")));
}

TEST(DocumentKnowledgeTest, QuoteContinuingInTheSameParagraphKeepsItsSpeaker) {
  Analyzed a = Analyze(
      "“Kazakhstan has moved further than most,” Ingrid Halvorsen told journalists. “The next "
      "step is the workforce.”",
      {{"Kazakhstan", kLoc}, {"Ingrid Halvorsen", kPer}});
  EXPECT_THAT(Quotes(a),
              UnorderedElementsAre(QuoteIs("Kazakhstan has moved further than most", "Ingrid Halvorsen"),
                                   QuoteIs("The next step is the workforce.", "Ingrid Halvorsen")));
}

TEST(DocumentKnowledgeTest, MoreCueShapes) {
  Analyzed a = Analyze(
      "Dana Serikova visited Kostanay. She told reporters on Tuesday: “The shelters are ready.”\n\n"
      "Bolat Nurlanov disagreed. He said: \"Not all of them have heating yet.\"\n\n"
      "“We will check every one of them,” Serikova added. “Nobody will be left outside.”\n\n"
      "“The water is falling” — Nurlanov said later.",
      {{"Dana Serikova", kPer}, {"Kostanay", kLoc}, {"Bolat Nurlanov", kPer}, {"Serikova", kPer},
       {"Nurlanov", kPer}});
  EXPECT_THAT(Quotes(a),
              UnorderedElementsAre(QuoteIs("The shelters are ready.", "Dana Serikova"),
                                   QuoteIs("Not all of them have heating yet.", "Bolat Nurlanov"),
                                   QuoteIs("We will check every one of them", "Dana Serikova"),
                                   QuoteIs("Nobody will be left outside.", "Dana Serikova"),
                                   QuoteIs("The water is falling", "Bolat Nurlanov")));
}

TEST(DocumentKnowledgeTest, StraightQuoteOverAParagraphBreak) {
  Analyzed a = Analyze(
      "Aliya Nurlanova spoke at the forum.\n\n\"Our clinics have doubled. The staff has not.\n\n"
      "\"This is the problem we must solve first,\" she said.",
      {{"Aliya Nurlanova", kPer}});
  ASSERT_THAT(a.k.quotes, SizeIs(1));
  EXPECT_EQ(a.k.quotes[0].speaker_name, "Aliya Nurlanova");
  EXPECT_THAT(a.k.quotes[0].text, ::testing::HasSubstr("\n\n\"This is the problem"));
}

TEST(DocumentKnowledgeTest, QuoteWithoutResolvableSpeakerStaysEmpty) {
  Analyzed a = Analyze(
      "Dana Serikova opened the clinic.\n\n"
      "“No one should wait three hours for an ambulance,” a statement on the website read.\n\n"
      "“The money is already in the budget,” the governor said.\n\n"
      "Marat Seitkali and Gulnara Seitkali attended. “We are grateful to everyone,” Seitkali said.",
      {{"Dana Serikova", kPer}, {"Marat Seitkali", kPer}, {"Gulnara Seitkali", kPer},
       {"Seitkali", kPer}});
  // No cue; a title nobody in the document held; an ambiguous surname.
  EXPECT_THAT(Quotes(a),
              UnorderedElementsAre(QuoteIs("No one should wait three hours for an ambulance", ""),
                                   QuoteIs("The money is already in the budget", ""),
                                   QuoteIs("We are grateful to everyone", "")));
}

TEST(DocumentKnowledgeTest, PronounWithNoEarlierPersonStaysEmpty) {
  Analyzed a = Analyze("“We will build it by 2025,” she said. Dana Serikova later left.",
                       {{"Dana Serikova", kPer}});
  ASSERT_THAT(a.k.quotes, SizeIs(1));
  EXPECT_EQ(a.k.quotes[0].speaker_entity_id, "");
}

TEST(DocumentKnowledgeTest, ShortScareQuotesAreNotQuotations) {
  Analyzed a = Analyze("The so-called “green corridor” programme started.", {});
  EXPECT_THAT(a.k.quotes, IsEmpty());
}

TEST(DocumentKnowledgeTest, ApplyKnowledgeFillsAnnotations) {
  Analyzed a = Analyze("Health Minister Dana Serikova spoke. “We are ready,” Serikova said.",
                       {{"Dana Serikova", kPer}, {"Serikova", kPer}});
  DocumentAnnotations annotations;
  annotations.mentions = a.mentions;
  ApplyKnowledge(a.k, &annotations);
  EXPECT_EQ(annotations.mentions[0].entity_id, "local-0");
  EXPECT_EQ(annotations.mentions[1].entity_id, "local-0");
  EXPECT_THAT(annotations.entities, SizeIs(1));
  EXPECT_THAT(annotations.roles, SizeIs(1));
  ASSERT_THAT(annotations.quotes, SizeIs(1));
  EXPECT_EQ(annotations.quotes[0].speaker_entity_id, "local-0");
}

}  // namespace
}  // namespace newsgraph

namespace newsgraph {
namespace {

// Junk input is normal input: random text full of quote marks, titles and
// names, with mentions that overlap, run past the text or are empty. The
// analysis must not crash and its outputs must stay well formed.
TEST(DocumentKnowledgeRobustnessTest, RandomTextAndMentionsKeepInvariants) {
  const std::vector<std::string> pieces = {
      "“", "”", "«", "»", "\"", "‘", "’s", " ", "\n\n", "\n", ", ", ". ", ": ", "(", ")",
      "said", "he", "she", "according to", "the", "President", "Minister", "of", "head",
      "Dana Serikova", "Serikova", "WHO", "World Health Organization", "Nur-Sultan", "\xff\xfe",
      "governor", "Health", "Seitkali", "Marat Seitkali", "Gulnara Seitkali", "region"};
  const EntityType types[] = {kPer, kOrg, kLoc, EntityType::kDate, EntityType::kMisc};
  std::mt19937 rng(12345);
  AliasTable aliases = TestAliases();
  for (int round = 0; round < 300; ++round) {
    std::string text;
    int n = rng() % 80;
    for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
    std::vector<Mention> mentions;
    int m = rng() % 12;
    for (int i = 0; i < m; ++i) {
      Mention mention;
      mention.begin = text.empty() ? 0 : rng() % (text.size() + 5);
      mention.end = mention.begin + rng() % 20;
      mention.type = types[rng() % 5];
      mention.text = "x";
      mentions.push_back(mention);
    }
    DocumentKnowledge k = AnalyzeDocument(text, mentions, aliases, "President Serikova");
    ASSERT_EQ(k.mention_entity.size(), mentions.size());
    for (int e : k.mention_entity) ASSERT_LT(e, static_cast<int>(k.entities.size()));
    double total = 0;
    for (const DocumentEntity& e : k.entities) {
      ASSERT_GE(e.salience, 0.0f);
      ASSERT_LE(e.salience, 1.0f);
      total += e.salience;
    }
    if (!k.entities.empty()) {
      ASSERT_NEAR(total, 1.0, 1e-3);
    }
    for (const Quote& q : k.quotes) {
      ASSERT_LE(q.begin, q.end);
      ASSERT_LE(q.end, text.size());
      ASSERT_EQ(text.substr(q.begin, q.end - q.begin), q.text);
    }
    for (const Role& r : k.roles) {
      ASSERT_LE(r.begin, r.end);
      ASSERT_FALSE(r.person_entity_id.empty());
    }
  }
}

TEST(DocumentKnowledgeRobustnessTest, UnmatchedQuoteMarksInLongTextStayCheap) {
  // Thousands of opening marks that never close, on one line.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "“word ";
  DocumentKnowledge k = AnalyzeDocument(text, {}, TestAliases());
  EXPECT_THAT(k.quotes, IsEmpty());
}

}  // namespace
}  // namespace newsgraph
