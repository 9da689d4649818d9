// explain_rules: a compiled program as readable text (rules, fields read and written,
// conditions, kernels chosen), for DBAs reviewing what a rule set will do.
#pragma once

#include <string>

#include "compiler/program.hpp"

namespace smart_rules {

std::string explain_program(const Program &program);

}  // namespace smart_rules
