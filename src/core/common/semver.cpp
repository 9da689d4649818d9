// SemVer 2.0.0 parsing and precedence (https://semver.org/spec/v2.0.0.html, sections 2, 9-11).
#include "common/semver.hpp"

namespace smart_rules {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_identifier_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return !s.empty();
}
// A numeric identifier: digits, no leading zero unless it is "0".
bool numeric_identifier(std::string_view s) {
  return all_digits(s) && (s.size() == 1 || s[0] != '0');
}

// Splits on '.'; every part must be a non-empty run of [0-9A-Za-z-].
std::optional<std::vector<std::string>> identifiers(std::string_view s) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.empty()) return std::nullopt;
    for (char c : part)
      if (!is_identifier_char(c)) return std::nullopt;
    parts.emplace_back(part);
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

int compare_numeric(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

}  // namespace

std::optional<SemVer> parse_semver(std::string_view text) {
  SemVer v;
  std::size_t plus = text.find('+');
  if (plus != std::string_view::npos) {
    if (!identifiers(text.substr(plus + 1))) return std::nullopt;
    v.build = std::string(text.substr(plus + 1));
    text = text.substr(0, plus);
  }
  std::size_t dash = text.find('-');
  if (dash != std::string_view::npos) {
    auto pre = identifiers(text.substr(dash + 1));
    if (!pre) return std::nullopt;
    for (const std::string &id : *pre)
      if (all_digits(id) && !numeric_identifier(id)) return std::nullopt;
    v.prerelease = std::move(*pre);
    text = text.substr(0, dash);
  }
  auto core = identifiers(text);
  if (!core || core->size() != 3) return std::nullopt;
  for (const std::string &part : *core)
    if (!numeric_identifier(part)) return std::nullopt;
  v.major = (*core)[0];
  v.minor = (*core)[1];
  v.patch = (*core)[2];
  return v;
}

int compare_semver(const SemVer &a, const SemVer &b) {
  for (auto [x, y] : {std::pair{&a.major, &b.major}, {&a.minor, &b.minor}, {&a.patch, &b.patch}})
    if (int c = compare_numeric(*x, *y)) return c;
  // A pre-release has lower precedence than the release.
  if (a.prerelease.empty() || b.prerelease.empty())
    return a.prerelease.empty() == b.prerelease.empty() ? 0 : (a.prerelease.empty() ? 1 : -1);
  for (std::size_t i = 0; i < a.prerelease.size() && i < b.prerelease.size(); ++i) {
    const std::string &x = a.prerelease[i], &y = b.prerelease[i];
    bool xn = all_digits(x), yn = all_digits(y);
    int c = (xn && yn) ? compare_numeric(x, y) : (xn != yn ? (xn ? -1 : 1) : x.compare(y));
    if (c != 0) return c < 0 ? -1 : 1;
  }
  if (a.prerelease.size() == b.prerelease.size()) return 0;
  return a.prerelease.size() < b.prerelease.size() ? -1 : 1;
}

}  // namespace smart_rules
