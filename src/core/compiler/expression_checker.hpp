// The second stage of the expression compiler: binds names (fields, functions), checks types,
// folds constants and appends the typed nodes to a Program. compile_expression (expression.hpp)
// is parse_expression followed by check_expression.
#pragma once

#include <cstdint>

#include "common/diagnostic.hpp"
#include "compiler/expression.hpp"
#include "compiler/expression_ast.hpp"
#include "compiler/program.hpp"

namespace smart_rules {

// Checks `ast` (parsed from `source`) for `role`. On success appends its nodes to `program` in
// post-order and returns the root index; otherwise adds every type error found to
// `diagnostics`, leaves `program` untouched and returns kNone.
std::int32_t check_expression(const ExpressionAst &ast, const ExpressionSource &source,
                              ExpressionRole role, Program &program, Diagnostics &diagnostics);

}  // namespace smart_rules
