// Program: interning of names and the arena of expression nodes; names of IR enums.
#include "compiler/program.hpp"

#include <array>

namespace smart_rules {

std::int32_t Program::intern_field(const std::string &name) {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i] == name) return static_cast<std::int32_t>(i);
  fields.push_back(name);
  return static_cast<std::int32_t>(fields.size() - 1);
}

std::int32_t Program::intern_regex(const RegexSpec &spec) {
  for (std::size_t i = 0; i < regexes.size(); ++i)
    if (regexes[i].pattern == spec.pattern && regexes[i].ignore_case == spec.ignore_case)
      return static_cast<std::int32_t>(i);
  regexes.push_back(spec);
  return static_cast<std::int32_t>(regexes.size() - 1);
}

std::int32_t Program::add_constant(Constant constant) {
  for (std::size_t i = 0; i < constants.size(); ++i) {
    const Constant &c = constants[i];
    if (c.type == constant.type && c.text == constant.text && c.boolean == constant.boolean)
      return static_cast<std::int32_t>(i);
  }
  constants.push_back(std::move(constant));
  return static_cast<std::int32_t>(constants.size() - 1);
}

std::int32_t Program::add_node(ExprNode node, const std::vector<std::int32_t> &operand_nodes) {
  node.first_operand = static_cast<std::uint32_t>(operands.size());
  node.operand_count = static_cast<std::uint32_t>(operand_nodes.size());
  for (std::int32_t operand : operand_nodes) operands.push_back(static_cast<std::uint32_t>(operand));
  nodes.push_back(node);
  return static_cast<std::int32_t>(nodes.size() - 1);
}

std::vector<std::int32_t> Program::operands_of(const ExprNode &node) const {
  std::vector<std::int32_t> out;
  out.reserve(node.operand_count);
  for (std::uint32_t i = 0; i < node.operand_count; ++i)
    out.push_back(static_cast<std::int32_t>(operands[node.first_operand + i]));
  return out;
}

const char *value_type_name(ValueType type) noexcept {
  switch (type) {
    case ValueType::kNull: return "null";
    case ValueType::kBool: return "boolean";
    case ValueType::kNumber: return "number";
    case ValueType::kText: return "text";
  }
  return "null";
}

namespace {

constexpr std::array<const char *, 3> kRuleSeverityNames = {"info", "warning", "error"};

constexpr std::array<const char *, 36> kKernelNames = {
    "trim", "collapse_whitespace", "remove_whitespace", "lower", "upper", "title_case",
    "remove_accents", "normalize_unicode", "truncate_chars", "truncate_words",
    "replace_literal", "replace_literal_ignore_case", "regex_replace", "remove_terms", "prefix",
    "suffix", "digits_only", "pad_left", "strip_html", "set_constant", "set_template",
    "set_null", "copy_field", "default_constant", "default_template", "null_if_empty",
    "map_exact", "map_folded", "lookup", "parse_decimal", "round", "clamp", "calculate", "flag",
    "reject", "stop"};

}  // namespace

const char *rule_severity_name(RuleSeverity severity) noexcept {
  return kRuleSeverityNames[static_cast<std::size_t>(severity)];
}

std::optional<RuleSeverity> parse_rule_severity(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kRuleSeverityNames.size(); ++i)
    if (name == kRuleSeverityNames[i]) return static_cast<RuleSeverity>(i);
  return std::nullopt;
}

const char *kernel_name(Kernel kernel) noexcept {
  return kKernelNames[static_cast<std::size_t>(kernel)];
}

std::optional<Kernel> parse_kernel(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kKernelNames.size(); ++i)
    if (name == kKernelNames[i]) return static_cast<Kernel>(i);
  return std::nullopt;
}

}  // namespace smart_rules
