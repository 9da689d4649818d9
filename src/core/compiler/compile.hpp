// The compile entry point: YAML source text -> verified Program, with every problem collected.
// Stages (cel-cpp style): load (rules/yaml_loader) -> check the document and each rule
// (rule_set_checker) -> compile expressions (expression) -> choose kernels (kernel_choice).
#pragma once

#include <optional>
#include <string_view>

#include "common/diagnostic.hpp"
#include "compiler/program.hpp"

namespace smart_rules {

struct CompileOutput {
  std::optional<Program> program;  // present when there is no error (warnings allowed)
  Diagnostics diagnostics;         // sorted by position
};

CompileOutput compile_rule_set(std::string_view source);

}  // namespace smart_rules
