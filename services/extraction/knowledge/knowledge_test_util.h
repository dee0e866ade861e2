// Helpers shared by the knowledge layer's tests.
#ifndef NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_KNOWLEDGE_TEST_UTIL_H_
#define NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_KNOWLEDGE_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/model/annotations.h"
#include "gtest/gtest.h"

namespace newsgraph::knowledge_testing {

inline constexpr EntityType kPer = EntityType::kPerson;
inline constexpr EntityType kOrg = EntityType::kOrganization;
inline constexpr EntityType kLoc = EntityType::kLocation;

// Builds mentions from literal surfaces, each searched after the previous
// one ends, so a name listed twice marks its first two occurrences in order.
inline std::vector<Mention> Mark(std::string_view text,
                                 const std::vector<std::pair<std::string, EntityType>>& spans) {
  std::vector<Mention> out;
  size_t from = 0;
  for (const auto& [surface, type] : spans) {
    size_t at = text.find(surface, from);
    EXPECT_NE(at, std::string_view::npos) << surface;
    if (at == std::string_view::npos) continue;
    Mention m;
    m.begin = static_cast<uint32_t>(at);
    m.end = static_cast<uint32_t>(at + surface.size());
    m.text = surface;
    m.type = type;
    out.push_back(m);
    from = at + surface.size();
  }
  return out;
}

}  // namespace newsgraph::knowledge_testing

#endif  // NEWSGRAPH_SERVICES_EXTRACTION_KNOWLEDGE_KNOWLEDGE_TEST_UTIL_H_
