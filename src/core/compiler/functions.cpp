// The function registry table (see functions.hpp). Meanings are in docs/rules.md.
#include "compiler/functions.hpp"

namespace smart_rules {

namespace {

using F = FunctionParam;
using V = ValueType;

std::vector<FunctionSpec> build_specs() {
  return {
      {Function::kLength, "length", {F::kText}, 0, false, V::kNumber, true,
       "number of characters"},
      {Function::kLower, "lower", {F::kText}, 0, false, V::kText, true, "lower case"},
      {Function::kUpper, "upper", {F::kText}, 0, false, V::kText, true, "upper case"},
      {Function::kTrim, "trim", {F::kText}, 0, false, V::kText, true,
       "without leading and trailing whitespace"},
      {Function::kIsEmpty, "is_empty", {F::kText}, 0, false, V::kBool, false,
       "null or only whitespace"},
      {Function::kIsAllCaps, "is_all_caps", {F::kText}, 0, false, V::kBool, true,
       "has a letter and no lower-case letter"},
      {Function::kWordCount, "word_count", {F::kText}, 0, false, V::kNumber, true,
       "number of whitespace-separated words"},
      {Function::kNumber, "number", {F::kText}, 0, false, V::kNumber, true,
       "the text as a number, or null"},
      {Function::kMatches, "matches", {F::kText, F::kPatternLiteral, F::kFlagsLiteral}, 1, false,
       V::kBool, true, "RE2 search"},
      {Function::kContains, "contains", {F::kText, F::kText, F::kFlagsLiteral}, 1, false,
       V::kBool, true, "substring test"},
      {Function::kStartsWith, "starts_with", {F::kText, F::kText}, 0, false, V::kBool, true,
       "prefix test"},
      {Function::kEndsWith, "ends_with", {F::kText, F::kText}, 0, false, V::kBool, true,
       "suffix test"},
      {Function::kCoalesce, "coalesce", {F::kAny}, 0, true, V::kNull, false,
       "first non-null argument"},
      {Function::kValidGtin, "valid_gtin", {F::kText}, 0, false, V::kBool, true,
       "GTIN-8/12/13/14 with a correct check digit"},
      {Function::kValidCpf, "valid_cpf", {F::kText}, 0, false, V::kBool, true,
       "CPF with correct check digits"},
      {Function::kValidCnpj, "valid_cnpj", {F::kText}, 0, false, V::kBool, true,
       "CNPJ (numeric or alphanumeric) with correct check digits"},
      {Function::kValidCep, "valid_cep", {F::kText}, 0, false, V::kBool, true,
       "CEP written ddddd-ddd or as 8 digits"},
      {Function::kValidNcm, "valid_ncm", {F::kText}, 0, false, V::kBool, true,
       "NCM written as 8 digits or dddd.dd.dd"},
  };
}

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

const std::vector<FunctionSpec> &function_specs() {
  static const std::vector<FunctionSpec> specs = build_specs();
  return specs;
}

const FunctionSpec &function_spec(Function id) {
  return function_specs()[static_cast<std::size_t>(id)];
}

const FunctionSpec *find_function(std::string_view name) {
  for (const FunctionSpec &spec : function_specs())
    if (equal_ignoring_ascii_case(spec.name, name)) return &spec;
  return nullptr;
}

std::vector<std::string_view> function_names() {
  std::vector<std::string_view> names;
  for (const FunctionSpec &spec : function_specs()) names.push_back(spec.name);
  return names;
}

}  // namespace smart_rules
