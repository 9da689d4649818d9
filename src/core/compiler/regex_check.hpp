// One place that decides whether RE2 accepts a pattern under the project's limits (RULES.md:
// an RE2 program at most 1 MiB of memory). Used by the checker, the expression compiler and
// the IR verifier, so a pattern is judged the same way wherever it comes from.
#pragma once

#include <string>

#include "common/diagnostic.hpp"
#include "compiler/program.hpp"

namespace smart_rules {

inline constexpr long long kRegexMaxMemory = 1 << 20;

// Returns true when RE2 compiles `spec`; otherwise sets `code` (kInvalidRegex, or
// kLimitExceeded when the program would be too large) and `message`.
bool check_regex(const RegexSpec &spec, ErrorCode &code, std::string &message);

}  // namespace smart_rules
