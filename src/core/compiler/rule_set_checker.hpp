// The checker: the compiler stage between the YAML tree and the IR. It checks the document's
// shape against RULES.md (every key, value type, action and argument; unknown keys are errors
// with a "did you mean" hint), compiles expressions and templates, chooses kernels, and fills a
// Program. Every problem is collected; checking goes on after an error wherever the rest of the
// document can still be understood.
#pragma once

#include "common/diagnostic.hpp"
#include "compiler/program.hpp"
#include "rules/yaml_document.hpp"

namespace smart_rules {

struct RuleSetLimits {
  std::size_t max_rules = 10000;        // RULES.md, Limits
  std::size_t max_field_name_bytes = 63;  // PostgreSQL's NAMEDATALEN - 1
};

// Fills `program` from `root`. The program is meaningful only when no error was added.
void check_rule_set(const YamlNode &root, Program &program, Diagnostics &diagnostics,
                    const RuleSetLimits &limits = {});

}  // namespace smart_rules
