#include "services/extraction/knowledge/alias_table.h"

#include <fstream>

#include "common/status/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

TEST(AliasTableTest, LooksUpIgnoringCaseHyphensAndDots) {
  ASSERT_OK_AND_ASSIGN(AliasTable table, ParseAliasTable("# renamed places\n"
                                                          "LOCATION\tNur-Sultan\tAstana\n"
                                                          "\n"
                                                          "ORG\tU.N.\tUnited Nations\n",
                                                          "test.tsv"));
  EXPECT_EQ(table.size(), 2u);
  EXPECT_THAT(table.Canonical("Nur-Sultan", EntityType::kLocation), Optional(std::string("Astana")));
  EXPECT_THAT(table.Canonical("NUR-SULTAN", EntityType::kLocation), Optional(std::string("Astana")));
  EXPECT_THAT(table.Canonical("Nursultan", EntityType::kLocation), Optional(std::string("Astana")));
  // A canonical name is its own canonical form ("ASTANA" in a dateline).
  EXPECT_THAT(table.Canonical("ASTANA", EntityType::kLocation), Optional(std::string("Astana")));
  EXPECT_THAT(table.Canonical("UN", EntityType::kOrganization),
              Optional(std::string("United Nations")));
  // Types do not mix: a place entry does not rename an organization.
  EXPECT_EQ(table.Canonical("Nur-Sultan", EntityType::kOrganization), std::nullopt);
  EXPECT_EQ(table.Canonical("Almaty", EntityType::kLocation), std::nullopt);
}

TEST(AliasTableTest, AnyTypeEntriesApplyToEveryNamedType) {
  ASSERT_OK_AND_ASSIGN(AliasTable table, ParseAliasTable("ANY\tEU\tEuropean Union\n", "t"));
  EXPECT_THAT(table.Canonical("EU", EntityType::kOrganization),
              Optional(std::string("European Union")));
  EXPECT_THAT(table.Canonical("EU", EntityType::kLocation), Optional(std::string("European Union")));
}

TEST(AliasTableTest, BadLineNamesFileLineAndReason) {
  absl::StatusOr<AliasTable> table =
      ParseAliasTable("# header\nLOCATION\tAkmola\tAstana\nLOCATION Alma-Ata Almaty\n", "aliases.tsv");
  ASSERT_THAT(table, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(table.status().message()),
              HasSubstr("aliases.tsv:3: expected 3 tab-separated fields"));
  EXPECT_THAT(std::string(table.status().message()), HasSubstr("found 1"));
}

TEST(AliasTableTest, UnknownTypeAndEmptyNamesAreErrors) {
  absl::StatusOr<AliasTable> bad_type = ParseAliasTable("CITY\tAkmola\tAstana\n", "a.tsv");
  ASSERT_THAT(bad_type, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(bad_type.status().message()), HasSubstr("a.tsv:1: unknown type \"CITY\""));

  absl::StatusOr<AliasTable> numeric = ParseAliasTable("\n\nDATE\tx\ty\n", "a.tsv");
  ASSERT_THAT(numeric, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(numeric.status().message()), HasSubstr("a.tsv:3:"));

  absl::StatusOr<AliasTable> empty = ParseAliasTable("ORG\t--\tSomething\n", "a.tsv");
  ASSERT_THAT(empty, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(empty.status().message()), HasSubstr("a.tsv:1: alias \"--\""));
}

TEST(AliasTableTest, LoadsFilesAndReportsMissingOnes) {
  TempDir dir;
  std::string path = dir.Sub("aliases.tsv");
  {
    std::ofstream out(path);
    out << "ORG\tWHO\tWorld Health Organization\r\nORG\tbroken line\n";
  }
  absl::StatusOr<AliasTable> bad = LoadAliasTable(path);
  ASSERT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr(path + ":2:"));

  EXPECT_THAT(LoadAliasTable(dir.Sub("missing.tsv")), StatusIs(absl::StatusCode::kNotFound));
}

TEST(AliasTableTest, CommittedAliasFileLoads) {
  ASSERT_OK_AND_ASSIGN(AliasTable table,
                       LoadAliasTable(std::string(NEWSGRAPH_SOURCE_DIR) + "/models/aliases.tsv"));
  EXPECT_THAT(table.Canonical("Nur-Sultan", EntityType::kLocation), Optional(std::string("Astana")));
  EXPECT_THAT(table.Canonical("Akmola", EntityType::kLocation), Optional(std::string("Astana")));
  EXPECT_THAT(table.Canonical("Alma-Ata", EntityType::kLocation), Optional(std::string("Almaty")));
  EXPECT_THAT(table.Canonical("WHO", EntityType::kOrganization),
              Optional(std::string("World Health Organization")));
  EXPECT_THAT(table.Canonical("CIS", EntityType::kOrganization),
              Optional(std::string("Commonwealth of Independent States")));
}

}  // namespace
}  // namespace newsgraph
