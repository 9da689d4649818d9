// The function registry: every function of the expression language with its arity, parameter
// kinds and result type. The expression checker, the IR reader and explain use it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "compiler/program.hpp"

namespace smart_rules {

enum class FunctionParam : std::uint8_t {
  kText,            // a text expression (or null)
  kAny,             // any scalar expression (coalesce)
  kPatternLiteral,  // a text literal, compiled as an RE2 pattern
  kFlagsLiteral,    // the text literal 'i' (ignore case)
};

struct FunctionSpec {
  Function id;
  std::string_view name;
  std::vector<FunctionParam> params;  // the fixed parameters
  int optional_params;                // how many trailing params may be omitted
  bool variadic;                      // the last parameter repeats (coalesce)
  ValueType result;                   // kNull for coalesce: the common type of its arguments
  bool null_propagating;              // null in -> null out (is_empty and coalesce are not)
  std::string_view summary;
};

const std::vector<FunctionSpec> &function_specs();  // in Function order
const FunctionSpec &function_spec(Function id);
const FunctionSpec *find_function(std::string_view name);  // case-insensitive
std::vector<std::string_view> function_names();

}  // namespace smart_rules
