// C ABI: facts about a compiled program that the glue records with a run (rule set name and
// version for rule_runs and correction_logs, the pii fields it masks) or reports in errors
// (the first rule that uses a field) or writes back (the fields rules write). Plain reads of
// the Program: nothing here allocates.
#include <cstdint>
#include <string_view>

#include "capi_internal.hpp"

namespace {

using smart_rules::ActionKind;
using smart_rules::ArgKind;
using smart_rules::ArgValue;
using smart_rules::ExprNode;
using smart_rules::ExprOp;
using smart_rules::kNone;
using smart_rules::Program;
using smart_rules::Rule;
using smart_rules::Template;

bool template_uses(const Template &tmpl, std::int32_t field) {
  for (const Template::Part &part : tmpl.parts)
    if (part.field == field) return true;
  return false;
}

// Whether the expression rooted at `node` reads `field`. Recursion depth is bounded by the
// language's nesting limit, which verify_program enforces.
bool expression_uses(const Program &program, std::int32_t node, std::int32_t field) {
  if (node < 0 || static_cast<std::size_t>(node) >= program.nodes.size()) return false;
  const ExprNode &expr = program.nodes[static_cast<std::size_t>(node)];
  if (expr.op == ExprOp::kField) return expr.payload == field;
  for (std::uint32_t i = 0; i < expr.operand_count; ++i) {
    std::size_t slot = static_cast<std::size_t>(expr.first_operand) + i;
    if (slot < program.operands.size() &&
        expression_uses(program, static_cast<std::int32_t>(program.operands[slot]), field))
      return true;
  }
  return false;
}

bool argument_uses(const Program &program, const ArgValue &arg, std::int32_t field) {
  switch (arg.kind) {
    case ArgKind::kField: return arg.index == field;
    case ArgKind::kExpr: return expression_uses(program, arg.index, field);
    case ArgKind::kTemplate: return template_uses(arg.tmpl, field);
    default: return false;
  }
}

// Whether `rule` writes `field` or reads it anywhere: condition, arguments, message.
bool rule_uses(const Program &program, const Rule &rule, std::int32_t field) {
  if (rule.field == field) return true;
  if (rule.when != kNone && expression_uses(program, rule.when, field)) return true;
  for (const auto &action : rule.actions)
    for (const ArgValue &arg : action.args)
      if (argument_uses(program, arg, field)) return true;
  return rule.message && template_uses(*rule.message, field);
}

// Whether some action of `rule` can change its field: flag, reject and stop never do.
bool rule_writes_its_field(const Rule &rule) {
  for (const auto &action : rule.actions)
    if (action.kind != ActionKind::kFlag && action.kind != ActionKind::kReject &&
        action.kind != ActionKind::kStop)
      return true;
  return false;
}

// The index of the field called `name`, or kNone.
std::int32_t field_index(const Program &program, std::string_view name) {
  for (std::size_t f = 0; f < program.fields.size(); ++f)
    if (program.fields[f] == name) return static_cast<std::int32_t>(f);
  return kNone;
}

}  // namespace

extern "C" {

const char *sr_program_ruleset(const sr_program *program) noexcept {
  return program->program.ruleset.c_str();
}

const char *sr_program_version(const sr_program *program) noexcept {
  return program->program.version.c_str();
}

size_t sr_program_pii_count(const sr_program *program) noexcept {
  return program->program.pii.size();
}

const char *sr_program_pii(const sr_program *program, size_t index) noexcept {
  const auto &pii = program->program.pii;
  return index < pii.size() ? pii[index].c_str() : nullptr;
}

const char *sr_program_field_first_rule(const sr_program *program, const char *field,
                                        size_t len) noexcept {
  const Program &p = program->program;
  std::int32_t index = field_index(p, {field, len});
  if (index == kNone) return nullptr;
  for (const Rule &rule : p.rules)
    if (rule_uses(p, rule, index)) return rule.id.c_str();
  return nullptr;
}

int sr_program_field_written(const sr_program *program, const char *field, size_t len) noexcept {
  const Program &p = program->program;
  std::int32_t index = field_index(p, {field, len});
  if (index == kNone) return 0;
  for (const Rule &rule : p.rules)
    if (rule.field == index && rule_writes_its_field(rule)) return 1;
  return 0;
}

}  // extern "C"
