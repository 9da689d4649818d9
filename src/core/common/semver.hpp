// SemVer 2.0.0 versions: parsing (rule set `version:`) and precedence (catalog ordering).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smart_rules {

struct SemVer {
  // Numeric parts as decimal text without leading zeros (versions may exceed 64 bits).
  std::string major, minor, patch;
  std::vector<std::string> prerelease;  // dot-separated identifiers
  std::string build;                    // ignored by precedence
};

// nullopt unless `text` is a SemVer 2.0.0 version (no leading 'v', no leading zeros).
std::optional<SemVer> parse_semver(std::string_view text);

// SemVer precedence: negative, zero or positive (build metadata ignored).
int compare_semver(const SemVer &a, const SemVer &b);

}  // namespace smart_rules
