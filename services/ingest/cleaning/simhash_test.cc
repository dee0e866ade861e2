#include "services/ingest/cleaning/simhash.h"

#include "gtest/gtest.h"

namespace newsgraph {
namespace cleaning {
namespace {

constexpr char kStory[] =
    "President Yerzhan Kassymbekov on Friday ordered the construction of 250 "
    "primary care clinics in rural districts by 2025, saying that villagers "
    "should not have to travel to the regional centre to see a doctor. "
    "Speaking at an expanded meeting of the Ministry of Healthcare, the Head "
    "of State said that 1,024 villages in Kazakhstan still have no medical "
    "post of any kind and that residents of some of them live more than 120 "
    "km from the nearest hospital. According to the ministry, the programme "
    "will cost 148 billion tenge over five years.";

TEST(ContentHashTest, StableAndSensitive) {
  EXPECT_EQ(ContentHash(kStory), ContentHash(kStory));
  EXPECT_NE(ContentHash(kStory), ContentHash(std::string(kStory) + " "));
  EXPECT_NE(ContentHash(""), ContentHash("a"));
}

TEST(SimHashTest, CaseAndQuoteStyleDoNotMatter) {
  EXPECT_EQ(SimHash("The “new” hospital’s beds"),
            SimHash("the \"new\" hospital's beds"));
  EXPECT_EQ(SimHash(""), 0u);
}

TEST(SimHashTest, OneChangedSentenceIsNearAnotherStoryIsFar) {
  std::string changed = kStory;
  changed.replace(changed.find("will cost 148 billion tenge"),
                  27, "is expected to cost about 150 billion tenge");
  const std::string other =
      "The Ministry of Healthcare said on Monday that 4,300 nursing posts "
      "remain vacant, most of them in the Turkestan, Almaty and Zhambyl "
      "regions, and that the average nurse's salary reached 248,300 tenge in "
      "January, 47% more than in 2021. The ministry will set aside 12 "
      "billion tenge next year to train advanced practice nurses, who will "
      "manage patients with stable hypertension and diabetes on their own.";
  const int near = SimHashDistance(SimHash(kStory), SimHash(changed));
  const int far = SimHashDistance(SimHash(kStory), SimHash(other));
  EXPECT_LE(near, kNearDuplicateMaxDistance);
  EXPECT_GT(far, kNearDuplicateMaxDistance);
}

}  // namespace
}  // namespace cleaning
}  // namespace newsgraph
