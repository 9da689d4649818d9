// Kernel choice: the compiler's last stage picks, for each action, the loop the runtime runs
// (e.g. a `regex_replace` whose pattern is a plain literal runs the literal replace loop; a
// `set` without placeholders sets a constant). The IR verifier calls the same function, so a
// kernel read from outside must be the one the compiler would have chosen.
#pragma once

#include "compiler/program.hpp"

namespace smart_rules {

// Requires `action.args` to be complete and valid for its action.
Kernel choose_kernel(const Action &action, const Program &program);

}  // namespace smart_rules
