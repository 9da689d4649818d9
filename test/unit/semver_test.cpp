// SemVer 2.0.0 parsing and precedence.
#include <gtest/gtest.h>

#include "common/semver.hpp"

namespace smart_rules {
namespace {

TEST(SemVer, AcceptsReleasesPrereleasesAndBuildMetadata) {
  for (const char *v : {"0.0.0", "1.4.0", "10.20.30", "2.0.0-rc.1", "1.0.0-alpha.beta.1",
                        "1.0.0+build.5", "1.0.0-0.3.7", "1.0.0-x-y-z.--",
                        "99999999999999999999.0.0"})
    EXPECT_TRUE(parse_semver(v)) << v;
}

TEST(SemVer, RejectsMalformedVersions) {
  for (const char *v : {"", "1", "1.4", "v1.0.0", "01.0.0", "1.02.0", "1.0.0-", "1.0.0-01",
                        "1.0.0+", "1.0.0-a..b", "1.0.0 ", "1.0.0-é", "1.0.0.0", "-1.0.0"})
    EXPECT_FALSE(parse_semver(v)) << v;
}

int compare(const char *a, const char *b) { return compare_semver(*parse_semver(a), *parse_semver(b)); }

TEST(SemVer, OrdersBySpecPrecedence) {
  const char *ordered[] = {"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                           "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1",
                           "1.2.0", "1.10.0", "2.0.0"};
  for (std::size_t i = 0; i + 1 < std::size(ordered); ++i) {
    EXPECT_LT(compare(ordered[i], ordered[i + 1]), 0) << ordered[i] << " < " << ordered[i + 1];
    EXPECT_GT(compare(ordered[i + 1], ordered[i]), 0);
  }
  EXPECT_EQ(compare("1.0.0+a", "1.0.0+b"), 0);
}

}  // namespace
}  // namespace smart_rules
