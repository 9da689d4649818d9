// The expression compiler for `when` and `calculate`: parse (expression_parser) then check
// types and bind names (expression_checker), appending typed nodes to a Program's arena.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/diagnostic.hpp"
#include "compiler/program.hpp"

namespace smart_rules {

// Where an expression was written, to turn offsets inside it into YAML positions.
struct ExpressionSource {
  std::string_view text;
  SourceLocation where;          // of the first character of the YAML scalar
  bool exact_columns = false;    // a plain or quoted one-line scalar: column + offset is exact
  std::string_view rule_id;
};

enum class ExpressionRole : std::uint8_t {
  kCondition,  // `when`: must be boolean
  kNumeric,    // `calculate.expr`: a number (text operands are parsed as numbers)
};

struct ExpressionLimits {
  int max_depth = 64;                  // RULES.md: each operator, call and group is a level
  std::size_t max_text_bytes = 65536;  // one expression
};

// Parses and type-checks `source`, appends its nodes (post-order) to `program` and returns
// the root node index, or kNone after adding at least one error to `diagnostics`.
std::int32_t compile_expression(const ExpressionSource &source, ExpressionRole role,
                                Program &program, Diagnostics &diagnostics,
                                const ExpressionLimits &limits = {});

}  // namespace smart_rules
