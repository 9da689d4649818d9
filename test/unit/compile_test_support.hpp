// Helpers for compiler tests: compile a YAML text and look at the first error or the program.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "compiler/compile.hpp"

namespace smart_rules::testing {

// A minimal valid document around `rules_yaml` (the items of `rules:`, indented by 2).
inline std::string document_with_rules(const std::string &rules_yaml) {
  return "ruleset: test\nversion: 1.0.0\nrules:\n" + rules_yaml;
}

// A one-rule document whose `do:` is `action_yaml` (a flow-style YAML value).
inline std::string document_with_action(const std::string &action_yaml,
                                        const std::string &field = "title") {
  return document_with_rules("  - id: r1\n    field: " + field + "\n    do: " + action_yaml + "\n");
}

inline ::testing::AssertionResult compiles(const std::string &source) {
  CompileOutput out = compile_rule_set(source);
  if (out.program) return ::testing::AssertionSuccess();
  const Diagnostic &d = out.diagnostics.first_error();
  return ::testing::AssertionFailure()
         << "[" << sqlstate(d.code) << "] " << d.message << " (" << d.detail() << ")";
}

// The first error of a source that must not compile.
inline Diagnostic first_error(const std::string &source) {
  CompileOutput out = compile_rule_set(source);
  EXPECT_FALSE(out.program.has_value()) << "expected an error for:\n" << source;
  if (!out.diagnostics.has_errors()) return Diagnostic{};
  return out.diagnostics.first_error();
}

inline Program compiled(const std::string &source) {
  CompileOutput out = compile_rule_set(source);
  EXPECT_TRUE(out.program.has_value()) << (out.diagnostics.has_errors()
                                               ? out.diagnostics.first_error().message
                                               : std::string());
  return out.program ? *out.program : Program{};
}

}  // namespace smart_rules::testing
