// explain_rules: a verified program as deterministic, readable text. Conditions and
// expressions are printed in the rule language's own syntax (expression_format), arguments
// as name=value in registry order, and each action with the kernel the compiler chose.
#include "compiler/explain.hpp"

#include <vector>

#include "compiler/actions.hpp"
#include "compiler/expression_format.hpp"

namespace smart_rules {

namespace {

// Whether an action uses the current value of its rule's field (set, copy and set_null
// replace it; flag, reject and stop do not look at it).
bool action_reads_field(ActionKind kind) {
  switch (kind) {
    case ActionKind::kSet:
    case ActionKind::kCopy:
    case ActionKind::kSetNull:
    case ActionKind::kFlag:
    case ActionKind::kReject:
    case ActionKind::kStop: return false;
    default: return true;
  }
}

bool action_writes_field(ActionKind kind) {
  return kind != ActionKind::kFlag && kind != ActionKind::kReject && kind != ActionKind::kStop;
}

std::string join_names(const std::vector<std::string> &names, const std::vector<bool> &chosen) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!chosen[i]) continue;
    if (!out.empty()) out += ", ";
    out += format_field_name(names[i]);
  }
  return out.empty() ? "none" : out;
}

class Explainer {
 public:
  explicit Explainer(const Program &program)
      : program_(program),
        read_(program.fields.size(), false),
        written_(program.fields.size(), false) {}

  std::string run() {
    find_fields_read_and_written();
    line("rule set " + program_.ruleset + ", version " + program_.version + ", language " +
         std::to_string(program_.language) +
         (program_.marketplace.empty() ? "" : ", marketplace " + program_.marketplace));
    if (!program_.description.empty()) line("description: " + program_.description);
    line("fields read: " + join_names(program_.fields, read_));
    line("fields written: " + join_names(program_.fields, written_));
    if (!program_.pii.empty())
      line("pii: " + join_names(program_.pii, std::vector<bool>(program_.pii.size(), true)));
    line("rules: " + std::to_string(program_.rules.size()));
    for (std::size_t i = 0; i < program_.rules.size(); ++i) rule(i);
    if (!out_.empty()) out_.pop_back();  // no final newline
    return out_;
  }

 private:
  void line(const std::string &text, int indent = 0) {
    out_.append(static_cast<std::size_t>(indent), ' ');
    out_ += text;
    out_ += '\n';
  }

  void mark_template(const Template &tmpl) {
    for (const Template::Part &part : tmpl.parts)
      if (part.field != kNone) read_[static_cast<std::size_t>(part.field)] = true;
  }

  void find_fields_read_and_written() {
    // Every node of a verified program belongs to some `when` or calculate expression.
    for (const ExprNode &node : program_.nodes)
      if (node.op == ExprOp::kField) read_[static_cast<std::size_t>(node.payload)] = true;
    for (const Rule &rule : program_.rules) {
      if (rule.message) mark_template(*rule.message);
      for (const Action &action : rule.actions) {
        std::size_t field = static_cast<std::size_t>(rule.field);
        if (action_reads_field(action.kind)) read_[field] = true;
        if (action_writes_field(action.kind)) written_[field] = true;
        for (const ArgValue &arg : action.args) {
          if (arg.kind == ArgKind::kTemplate) mark_template(arg.tmpl);
          if (arg.kind == ArgKind::kField) read_[static_cast<std::size_t>(arg.index)] = true;
        }
      }
    }
  }

  std::string argument(const ArgValue &arg) const {
    switch (arg.kind) {
      case ArgKind::kAbsent:
      case ArgKind::kNull: return "null";
      case ArgKind::kBool: return arg.boolean ? "true" : "false";
      case ArgKind::kInt: return std::to_string(arg.integer);
      case ArgKind::kNumber: return arg.text;
      case ArgKind::kText: return format_text_literal(arg.text);
      case ArgKind::kTextList: {
        std::string out = "(";
        for (std::size_t i = 0; i < arg.list.size(); ++i)
          out += (i > 0 ? ", " : "") + format_text_literal(arg.list[i]);
        return out + ")";
      }
      case ArgKind::kTextMap: {
        std::string out = "{";
        for (std::size_t i = 0; i < arg.map.size(); ++i) {
          const auto &[key, value] = arg.map[i];
          out += (i > 0 ? ", " : "") + format_text_literal(key) + ": " +
                 (value ? format_text_literal(*value) : "null");
        }
        return out + "}";
      }
      case ArgKind::kTemplate: return format_text_literal(arg.tmpl.source);
      case ArgKind::kField:
        return format_field_name(program_.fields[static_cast<std::size_t>(arg.index)]);
      case ArgKind::kExpr: return "(" + format_expression(program_, arg.index) + ")";
      case ArgKind::kRegex:
        return format_text_literal(program_.regexes[static_cast<std::size_t>(arg.index)].pattern);
    }
    return "null";
  }

  std::string action(const Action &action) const {
    const ActionSpec &spec = action_spec(action.kind);
    std::string out(spec.name);
    for (std::size_t i = 0; i < spec.params.size() && i < action.args.size(); ++i) {
      if (action.args[i].kind == ArgKind::kAbsent) continue;
      out += ' ';
      out += spec.params[i].name;
      out += '=';
      out += argument(action.args[i]);
    }
    return out + " [kernel " + kernel_name(action.kernel) + "]";
  }

  void rule(std::size_t index) {
    const Rule &rule = program_.rules[index];
    line("");
    line("rule " + std::to_string(index + 1) + ": " + rule.id + " (line " +
         std::to_string(rule.where.line) + ", column " + std::to_string(rule.where.column) + ")");
    if (!rule.description.empty()) line("description: " + rule.description, 2);
    line("field: " + format_field_name(program_.fields[static_cast<std::size_t>(rule.field)]), 2);
    line(std::string("severity: ") + rule_severity_name(rule.severity), 2);
    line("when: " +
             (rule.when == kNone ? std::string("always") : format_expression(program_, rule.when)),
         2);
    line("do:", 2);
    for (std::size_t i = 0; i < rule.actions.size(); ++i)
      line(std::to_string(i + 1) + ". " + action(rule.actions[i]), 4);
    if (rule.message) line("message: " + format_text_literal(rule.message->source), 2);
    if (!rule.tags.empty()) {
      std::string tags;
      for (const std::string &tag : rule.tags) tags += (tags.empty() ? "" : ", ") + tag;
      line("tags: " + tags, 2);
    }
  }

  const Program &program_;
  std::vector<bool> read_;
  std::vector<bool> written_;
  std::string out_;
};

}  // namespace

std::string explain_program(const Program &program) { return Explainer(program).run(); }

}  // namespace smart_rules
