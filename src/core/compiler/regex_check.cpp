// RE2 acceptance check for user patterns (see regex_check.hpp).
#include "compiler/regex_check.hpp"

#include <re2/re2.h>

namespace smart_rules {

bool check_regex(const RegexSpec &spec, ErrorCode &code, std::string &message) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kRegexMaxMemory);
  options.set_case_sensitive(!spec.ignore_case);
  RE2 regex(spec.pattern, options);
  if (regex.ok()) return true;
  if (regex.error_code() == RE2::ErrorPatternTooLarge) {
    code = ErrorCode::kLimitExceeded;
    message = "regular expression needs more than 1 MiB of memory";
  } else {
    code = ErrorCode::kInvalidRegex;
    message = "invalid regular expression: " + regex.error();
  }
  return false;
}

}  // namespace smart_rules
