// The untyped syntax tree of one expression, as the parser builds it and the checker reads it.
//
// Nodes live in one arena and refer to their children by index, so no part of the compiler
// needs recursion to build or free a tree. The parser guarantees the tree is at most
// ExpressionLimits::max_depth levels high, which bounds every later recursive walk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/program.hpp"

namespace smart_rules {

struct AstNode {
  // What the node is, reusing the IR's operations:
  //   kLiteral      literal_type and text (a number's digits, with '-' when negative) or boolean
  //   kField        text: the field name (unquoted names already folded to lower case)
  //   kNot, kNeg    [x]
  //   kAnd, kOr     [a, b] (binary here; the checker flattens chains)
  //   kEq..kGe      [a, b]
  //   kRegexMatch   [a, pattern]; flags kNegated (!~ !~*) and kIgnoreCase (~* !~*)
  //   kIsNull       [a]; kNegated for IS NOT NULL
  //   kIn           [a, literal...]; kNegated for NOT IN
  //   kBetween      [a, low, high]; kNegated for NOT BETWEEN
  //   kAdd..kMod, kConcat  [a, b]
  //   kCall         text: the function name as written; [args...]
  ExprOp op = ExprOp::kLiteral;
  ValueType literal_type = ValueType::kNull;
  bool boolean = false;
  std::uint8_t flags = 0;
  std::string text;
  std::string spelling;  // operators: the token as written ("<>", "AND"), for messages
  std::size_t offset = 0;  // byte offset of the token naming the node (operator, name, literal)
  std::size_t start = 0;   // byte offset of the node's first token (its opening parenthesis)
  int height = 0;          // levels in the sense of RULES.md "Limits" (a literal or field: 0)
  std::vector<std::int32_t> children;
};

struct ExpressionAst {
  std::vector<AstNode> nodes;
  std::int32_t root = kNone;
};

}  // namespace smart_rules
