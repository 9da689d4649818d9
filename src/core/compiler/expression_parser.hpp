// The first stage of the expression compiler: lexer and recursive-descent parser for the grammar
// of RULES.md "Expressions", producing an untyped ExpressionAst.
#pragma once

#include <cstddef>
#include <optional>

#include "common/diagnostic.hpp"
#include "compiler/expression.hpp"
#include "compiler/expression_ast.hpp"

namespace smart_rules {

// Parses `source.text`, which must be UTF-8. On the first syntax error (kSyntax) or exceeded
// limit (kLimitExceeded: text size, nesting depth) adds one diagnostic and returns nothing.
// Never recurses deeper than a constant times limits.max_depth, whatever the input.
std::optional<ExpressionAst> parse_expression(const ExpressionSource &source,
                                              const ExpressionLimits &limits,
                                              Diagnostics &diagnostics);

// The YAML position of the byte `offset` of source.text: the column moves by the number of code
// points before it when source.exact_columns, otherwise the position is source.where.
SourceLocation expression_location(const ExpressionSource &source, std::size_t offset);

}  // namespace smart_rules
