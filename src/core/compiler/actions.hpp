// The action registry: the single description of every action of the rule language, its
// argument shape and parameters. The checker validates `do:` entries against it, the IR stores
// arguments in its parameter order, serialization and explain print parameter names from it,
// and a test compares it with the JSON Schema in docs/ so the two cannot drift apart.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "compiler/program.hpp"

namespace smart_rules {

enum class ParamType : std::uint8_t {
  kInt,             // YAML integer within [min, max]
  kBool,            // true / false
  kText,            // any scalar, as text (an empty string allowed unless non_empty)
  kChar,            // exactly one Unicode character
  kChoice,          // one of `choices`
  kNumber,          // plain decimal `-?digits(.digits)?` (YAML number or text)
  kTextList,        // a list of non-empty texts (or one text)
  kTextMap,         // a mapping text -> text or null
  kTemplate,        // a `{field}` template
  kTemplateOrNull,  // a template, or YAML null
  kTextOrNull,      // `unmapped`: text (`keep` keeps the value) or YAML null
  kField,           // a field name
  kExpression,      // an expression (calculate)
  kRegexPattern,    // an RE2 pattern, compiled and checked
  kQualifiedName,   // a table name, optionally schema-qualified
};

// How the action is written after its name.
enum class ArgShape : std::uint8_t {
  kNone,    // `trim`
  kValue,   // `{set: 'x'}`: one bare value, the action's single parameter
  kParams,  // `{truncate: {max: 60}}`: a mapping of parameters
};

struct ParamSpec {
  std::string_view name;
  ParamType type;
  bool required;
  std::string_view default_value;  // as YAML text; empty with !required means absent
  std::vector<std::string_view> choices = {};
  std::int64_t min = 0;
  std::int64_t max = 0;
  bool non_empty = false;  // text must not be empty
};

struct ActionSpec {
  ActionKind kind;
  std::string_view name;
  ArgShape shape;
  std::vector<ParamSpec> params;
  std::string_view summary;  // one line, for explain and docs
};

// All actions in a stable order (ActionKind order).
const std::vector<ActionSpec> &action_specs();
const ActionSpec &action_spec(ActionKind kind);
// nullptr when `name` is not an action.
const ActionSpec *find_action(std::string_view name);
std::vector<std::string_view> action_names();
// The index of parameter `name` in the spec, or -1.
int param_index(const ActionSpec &spec, std::string_view name);

}  // namespace smart_rules
