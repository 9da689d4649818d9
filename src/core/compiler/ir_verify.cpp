// verify_program: checks every invariant of the IR (program.hpp) so that a Program read from a
// user's rule_ir value is as safe to run, print and serialize as a freshly compiled one.
//
// Beyond memory safety (indexes in range, operands before their node) the verifier demands the
// canonical layout the compiler produces and the JSON reader rebuilds: expression nodes appended
// in post-order, rule by rule (its `when`, then the expression arguments of its actions in
// order), without shared or unused nodes; constants and regular expressions interned in the
// order of first use (a regex_replace pattern when its action comes); members an ArgValue or a
// Constant does not use left at their defaults; template parts equal to the parse of their
// source. A verified program therefore has exactly one binary and one JSON form.
//
// Kernels are checked against choose_kernel(), the compiler's own choice. Also defines
// allowed_expr_flags(), the flags each operator may carry (the JSON reader and writer use it).
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "compiler/actions.hpp"
#include "compiler/expression.hpp"
#include "compiler/functions.hpp"
#include "compiler/kernel_choice.hpp"
#include "compiler/program.hpp"
#include "compiler/regex_check.hpp"
#include "compiler/template.hpp"
#include "text/numbers.hpp"
#include "text/utf8.hpp"

namespace smart_rules {

namespace {

constexpr std::size_t kMaxRules = 10000;
const int kMaxExpressionDepth = ExpressionLimits{}.max_depth;
// A hostile value could hold millions of bad nodes; the first problems are enough to act on.
constexpr std::size_t kMaxReportedProblems = 100;

// `[a-z0-9][a-z0-9_.-]{0,62}` (RULES.md: rule set names and rule ids).
bool is_slug(std::string_view text) {
  if (text.empty() || text.size() > 63) return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(text[0])) return false;
  for (char c : text)
    if (!lower_or_digit(c) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

}  // namespace

std::uint8_t allowed_expr_flags(const ExprNode &node) noexcept {
  switch (node.op) {
    case ExprOp::kEq:
    case ExprOp::kNe:
    case ExprOp::kLt:
    case ExprOp::kLe:
    case ExprOp::kGt:
    case ExprOp::kGe: return kNumericCompare;
    case ExprOp::kRegexMatch: return kNegated | kIgnoreCase;
    case ExprOp::kIsNull: return kNegated;
    case ExprOp::kIn:
    case ExprOp::kBetween: return kNumericCompare | kNegated;
    case ExprOp::kCall: {
      if (node.payload < 0 || node.payload >= kFunctionCount) return 0;
      for (FunctionParam param : function_spec(static_cast<Function>(node.payload)).params)
        if (param == FunctionParam::kFlagsLiteral) return kIgnoreCase;
      return 0;
    }
    default: return 0;
  }
}

namespace {

// The argument kinds a parameter type admits (kAbsent is decided by the parameter's defaults).
bool kind_allowed(ParamType type, ArgKind kind) {
  switch (type) {
    case ParamType::kInt: return kind == ArgKind::kInt;
    case ParamType::kBool: return kind == ArgKind::kBool;
    case ParamType::kText:
    case ParamType::kChar:
    case ParamType::kChoice:
    case ParamType::kQualifiedName: return kind == ArgKind::kText;
    case ParamType::kNumber: return kind == ArgKind::kNumber;
    case ParamType::kTextList: return kind == ArgKind::kTextList;
    case ParamType::kTextMap: return kind == ArgKind::kTextMap;
    case ParamType::kTemplate: return kind == ArgKind::kTemplate;
    case ParamType::kTemplateOrNull: return kind == ArgKind::kTemplate || kind == ArgKind::kNull;
    case ParamType::kTextOrNull: return kind == ArgKind::kText || kind == ArgKind::kNull;
    case ParamType::kField: return kind == ArgKind::kField;
    case ParamType::kExpression: return kind == ArgKind::kExpr;
    case ParamType::kRegexPattern: return kind == ArgKind::kRegex;
  }
  return false;
}

// True when a member the argument's kind does not use holds something.
bool has_stray_members(const ArgValue &arg) {
  ArgKind k = arg.kind;
  bool uses_index = k == ArgKind::kField || k == ArgKind::kExpr || k == ArgKind::kRegex;
  bool uses_text = k == ArgKind::kNumber || k == ArgKind::kText;
  return (k != ArgKind::kBool && arg.boolean) || (k != ArgKind::kInt && arg.integer != 0) ||
         (!uses_index && arg.index != kNone) || (!uses_text && !arg.text.empty()) ||
         (k != ArgKind::kTextList && !arg.list.empty()) ||
         (k != ArgKind::kTextMap && !arg.map.empty()) ||
         (k != ArgKind::kTemplate && (!arg.tmpl.source.empty() || !arg.tmpl.parts.empty()));
}

bool is_condition_type(ValueType type) {
  return type == ValueType::kBool || type == ValueType::kNull;
}

bool same_nodes(const ExprNode &a, const ExprNode &b) {
  return a.op == b.op && a.type == b.type && a.flags == b.flags &&
         a.first_operand == b.first_operand && a.operand_count == b.operand_count &&
         a.payload == b.payload && a.aux == b.aux;
}

bool same_parts(const std::vector<Template::Part> &a, const std::vector<Template::Part> &b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].field != b[i].field || a[i].literal != b[i].literal) return false;
  return true;
}

class Verifier {
 public:
  Verifier(const Program &program, ErrorCode code, Diagnostics &diagnostics)
      : program_(program), code_(code), diagnostics_(diagnostics) {}

  bool run() {
    field_index_ = index_fields(program_.fields);
    check_header();
    check_tables();
    find_node_owners();
    for (std::size_t i = 0; i < program_.nodes.size(); ++i) check_node(i);
    bool arena_sound = problems_ == 0;
    if (arena_sound) compute_heights();
    check_rules(arena_sound);
    if (problems_ == 0) check_canonical_layout();
    return problems_ == 0;
  }

 private:
  // Records a problem; `rule` (may be null) names the rule it belongs to.
  void fail(const std::string &message, const Rule *rule = nullptr, SourceLocation where = {}) {
    if (++problems_ > kMaxReportedProblems) return;
    if (rule == nullptr) {
      diagnostics_.error(code_, message, where);
      return;
    }
    if (where.line == 0) where = rule->where;
    diagnostics_.error(code_, "rule \"" + rule->id + "\": " + message, where, rule->id);
  }

  void check_text(const std::string &text, const std::string &what, const Rule *rule = nullptr,
                  SourceLocation where = {}) {
    if (!text::valid_utf8(text)) fail(what + " is not valid UTF-8", rule, where);
  }

  void check_header() {
    if (program_.format_version != kProgramFormatVersion)
      fail("format version " + std::to_string(program_.format_version) +
           " is not supported, this build reads version " + std::to_string(kProgramFormatVersion));
    if (program_.language != kLanguageVersion)
      fail("language " + std::to_string(program_.language) + " is not supported");
    if (!is_slug(program_.ruleset))
      fail("rule set name \"" + program_.ruleset + "\" is not a slug");
    if (program_.version.empty()) fail("rule set version is empty");
    check_text(program_.version, "rule set version");
    if (!program_.marketplace.empty() && !is_slug(program_.marketplace))
      fail("marketplace \"" + program_.marketplace + "\" is not a slug");
    check_text(program_.description, "rule set description");
    for (const std::string &name : program_.pii) {
      if (name.empty()) fail("pii lists an empty field name");
      check_text(name, "a pii field name");
    }
    if (program_.rules.empty()) fail("the program has no rules");
    if (program_.rules.size() > kMaxRules)
      fail("the program has " + std::to_string(program_.rules.size()) + " rules, at most " +
           std::to_string(kMaxRules) + " are allowed");
  }

  void check_tables() {
    std::set<std::string_view> seen;
    for (const std::string &name : program_.fields) {
      if (name.empty()) fail("the field table holds an empty name");
      check_text(name, "a field name");
      if (!seen.insert(name).second)
        fail("field \"" + name + "\" appears twice in the field table");
    }
    for (const RegexSpec &spec : program_.regexes) {
      check_text(spec.pattern, "a regular expression");
      ErrorCode regex_code = ErrorCode::kInvalidRegex;
      std::string message;
      if (!check_regex(spec, regex_code, message)) fail(message);
    }
    for (const Constant &constant : program_.constants) check_constant(constant);
  }

  void check_constant(const Constant &constant) {
    switch (constant.type) {
      case ValueType::kNull:
        if (!constant.text.empty() || constant.boolean) fail("a null constant holds a value");
        return;
      case ValueType::kBool:
        if (!constant.text.empty()) fail("a boolean constant holds text");
        return;
      case ValueType::kNumber:
        if (!text::is_plain_decimal(constant.text) ||
            text::canonical_decimal(constant.text) != constant.text)
          fail("number constant \"" + constant.text + "\" is not a canonical plain decimal");
        if (constant.boolean) fail("a number constant holds a boolean");
        return;
      case ValueType::kText:
        check_text(constant.text, "a text constant");
        if (constant.boolean) fail("a text constant holds a boolean");
        return;
    }
    fail("a constant has an unknown type");
  }

  // The roots of a rule's expressions: its `when`, then the kExpr arguments of its actions.
  std::vector<std::int32_t> roots_of(const Rule &rule) const {
    std::vector<std::int32_t> roots;
    if (rule.when != kNone) roots.push_back(rule.when);
    for (const Action &action : rule.actions)
      for (const ArgValue &arg : action.args)
        if (arg.kind == ArgKind::kExpr) roots.push_back(arg.index);
    return roots;
  }

  bool node_in_range(std::int32_t index) const {
    return index >= 0 && static_cast<std::size_t>(index) < program_.nodes.size();
  }

  // For each node, the first rule whose expressions reach it (to name it in messages). Only
  // follows operands that point backwards, so it terminates on any input.
  void find_node_owners() {
    owner_.assign(program_.nodes.size(), nullptr);
    std::vector<std::size_t> stack;
    for (const Rule &rule : program_.rules) {
      for (std::int32_t root : roots_of(rule)) {
        if (!node_in_range(root)) continue;
        stack.push_back(static_cast<std::size_t>(root));
        while (!stack.empty()) {
          std::size_t index = stack.back();
          stack.pop_back();
          if (owner_[index] != nullptr) continue;
          owner_[index] = &rule;
          const ExprNode &node = program_.nodes[index];
          if (!operands_in_range(node)) continue;
          for (std::uint32_t i = 0; i < node.operand_count; ++i) {
            std::size_t operand = program_.operands[node.first_operand + i];
            if (operand < index && owner_[operand] == nullptr) stack.push_back(operand);
          }
        }
      }
    }
  }

  bool operands_in_range(const ExprNode &node) const {
    return std::uint64_t{node.first_operand} + node.operand_count <= program_.operands.size();
  }

  ValueType operand_type(const ExprNode &node, std::uint32_t i) const {
    return program_.nodes[program_.operands[node.first_operand + i]].type;
  }

  void check_node(std::size_t index) {
    const ExprNode &node = program_.nodes[index];
    const Rule *rule = owner_[index];
    std::string where = "expression node " + std::to_string(index) + ": ";
    auto bad = [&](const std::string &message) { fail(where + message, rule); };
    if (static_cast<int>(node.op) >= kExprOpCount) return bad("unknown operator");
    if (static_cast<int>(node.type) >= kValueTypeCount) return bad("unknown value type");
    if (!operands_in_range(node)) return bad("operands out of range");
    for (std::uint32_t i = 0; i < node.operand_count; ++i)
      if (program_.operands[node.first_operand + i] >= index)
        return bad("an operand does not come before its node");
    if ((node.flags & ~allowed_expr_flags(node)) != 0) bad("flags not allowed for this operator");

    std::string problem = check_operator(node);
    if (!problem.empty()) bad(problem);
  }

  // Arity, payload, auxiliary index and types of one node; an empty string when consistent.
  std::string check_operator(const ExprNode &node) const {
    const std::uint32_t count = node.operand_count;
    auto all_operands = [&](auto predicate) {
      for (std::uint32_t i = 0; i < count; ++i)
        if (!predicate(operand_type(node, i))) return false;
      return true;
    };
    auto not_boolean = [](ValueType type) { return type != ValueType::kBool; };
    bool numeric = (node.flags & kNumericCompare) != 0;
    bool has_payload_or_aux = node.payload != kNone || node.aux != kNone;
    switch (node.op) {
      case ExprOp::kLiteral:
        if (count != 0 || node.aux != kNone) return "a literal has operands";
        if (node.payload < 0 || static_cast<std::size_t>(node.payload) >= program_.constants.size())
          return "constant index out of range";
        if (program_.constants[static_cast<std::size_t>(node.payload)].type != node.type)
          return "literal type differs from its constant";
        return {};
      case ExprOp::kField:
        if (count != 0 || node.aux != kNone) return "a field reference has operands";
        if (node.payload < 0 || static_cast<std::size_t>(node.payload) >= program_.fields.size())
          return "field index out of range";
        if (node.type != ValueType::kText) return "a field reference must have type text";
        return {};
      case ExprOp::kNot:
      case ExprOp::kAnd:
      case ExprOp::kOr:
        if (has_payload_or_aux) return "unexpected payload";
        if (node.op == ExprOp::kNot ? count != 1 : count < 2) return "wrong number of operands";
        if (!all_operands(is_condition_type)) return "a logical operand is not boolean";
        if (node.type != ValueType::kBool) return "a logical operator must have type boolean";
        return {};
      case ExprOp::kEq:
      case ExprOp::kNe:
      case ExprOp::kLt:
      case ExprOp::kLe:
      case ExprOp::kGt:
      case ExprOp::kGe:
      case ExprOp::kIsNull:
      case ExprOp::kIn:
      case ExprOp::kBetween: {
        if (has_payload_or_aux) return "unexpected payload";
        bool arity_ok = node.op == ExprOp::kIsNull    ? count == 1
                        : node.op == ExprOp::kIn      ? count >= 2
                        : node.op == ExprOp::kBetween ? count == 3
                                                      : count == 2;
        if (!arity_ok) return "wrong number of operands";
        if (numeric && !all_operands(not_boolean)) return "a boolean compared as a number";
        if (node.op == ExprOp::kIn)
          for (std::uint32_t i = 1; i < count; ++i)
            if (program_.nodes[program_.operands[node.first_operand + i]].op != ExprOp::kLiteral)
              return "an \"in\" list item is not a literal";
        if (node.type != ValueType::kBool) return "a comparison must have type boolean";
        return {};
      }
      case ExprOp::kRegexMatch:
        if (count != 1 || node.aux != kNone) return "wrong number of operands";
        if (node.payload < 0 || static_cast<std::size_t>(node.payload) >= program_.regexes.size())
          return "regular expression index out of range";
        if (program_.regexes[static_cast<std::size_t>(node.payload)].ignore_case !=
            ((node.flags & kIgnoreCase) != 0))
          return "ignore-case flag differs from its regular expression";
        if (!all_operands(not_boolean)) return "a boolean matched against a pattern";
        if (node.type != ValueType::kBool) return "a match must have type boolean";
        return {};
      case ExprOp::kAdd:
      case ExprOp::kSub:
      case ExprOp::kMul:
      case ExprOp::kDiv:
      case ExprOp::kMod:
      case ExprOp::kNeg:
      case ExprOp::kConcat: {
        if (has_payload_or_aux) return "unexpected payload";
        if (count != (node.op == ExprOp::kNeg ? 1u : 2u)) return "wrong number of operands";
        if (!all_operands(not_boolean)) return "a boolean operand in arithmetic";
        ValueType expected = node.op == ExprOp::kConcat ? ValueType::kText : ValueType::kNumber;
        if (node.type != expected)
          return std::string("this operator must have type ") + value_type_name(expected);
        return {};
      }
      case ExprOp::kCall: return check_call(node);
    }
    return "unknown operator";
  }

  // Calls: operands are the arguments of the function's value parameters (text or any);
  // a pattern argument is the regex in `aux`, an 'i' flags argument the kIgnoreCase flag.
  std::string check_call(const ExprNode &node) const {
    if (node.payload < 0 || node.payload >= kFunctionCount) return "unknown function";
    const FunctionSpec &spec = function_spec(static_cast<Function>(node.payload));
    std::vector<FunctionParam> value_params;  // the parameters that are operands
    std::size_t required_values = 0;
    bool takes_pattern = false;
    std::size_t required_params =
        spec.params.size() - static_cast<std::size_t>(spec.optional_params);
    for (std::size_t i = 0; i < spec.params.size(); ++i) {
      FunctionParam param = spec.params[i];
      if (param == FunctionParam::kPatternLiteral) takes_pattern = true;
      if (param != FunctionParam::kText && param != FunctionParam::kAny) continue;
      value_params.push_back(param);
      if (i < required_params) ++required_values;
    }
    std::size_t count = node.operand_count;
    if (count < required_values || (!spec.variadic && count > value_params.size()))
      return "wrong number of arguments for " + std::string(spec.name) + "()";
    if (takes_pattern != (node.aux != kNone))
      return takes_pattern ? "missing pattern for matches()" : "unexpected auxiliary index";
    if (takes_pattern) {
      if (node.aux < 0 || static_cast<std::size_t>(node.aux) >= program_.regexes.size())
        return "regular expression index out of range";
      if (program_.regexes[static_cast<std::size_t>(node.aux)].ignore_case !=
          ((node.flags & kIgnoreCase) != 0))
        return "ignore-case flag differs from its regular expression";
    }
    bool result_seen = spec.result != ValueType::kNull || node.type == ValueType::kNull;
    for (std::size_t i = 0; i < count; ++i) {
      FunctionParam param = value_params[std::min(i, value_params.size() - 1)];
      ValueType type = operand_type(node, static_cast<std::uint32_t>(i));
      if (param == FunctionParam::kText && type == ValueType::kBool)
        return "a boolean passed to " + std::string(spec.name) + "()";
      if (type == node.type) result_seen = true;
    }
    if (spec.result != ValueType::kNull && node.type != spec.result)
      return std::string(spec.name) + "() must have type " + value_type_name(spec.result);
    if (!result_seen)
      return "the type of " + std::string(spec.name) + "() is none of its arguments'";
    return {};
  }

  // Operator nesting of every node: leaves 0, an operator one more than its deepest operand.
  void compute_heights() {
    heights_.assign(program_.nodes.size(), 0);
    for (std::size_t index = 0; index < program_.nodes.size(); ++index) {
      const ExprNode &node = program_.nodes[index];
      if (node.op == ExprOp::kLiteral || node.op == ExprOp::kField) continue;
      int deepest = 0;
      for (std::uint32_t i = 0; i < node.operand_count; ++i)
        deepest = std::max(deepest, heights_[program_.operands[node.first_operand + i]]);
      heights_[index] = deepest + 1;
    }
  }

  // A root (`when` or a calculate expression): in range, not too deep, of an allowed type.
  void check_root(std::int32_t root, bool condition, const Rule &rule, SourceLocation where,
                  bool arena_sound) {
    const char *what = condition ? "when" : "expression";
    if (!node_in_range(root))
      return fail(std::string(what) + " node index out of range", &rule, where);
    if (!arena_sound) return;
    const ExprNode &node = program_.nodes[static_cast<std::size_t>(root)];
    if (heights_[static_cast<std::size_t>(root)] > kMaxExpressionDepth)
      fail(std::string(what) + " nests deeper than " + std::to_string(kMaxExpressionDepth) +
               " levels",
           &rule, where);
    if (condition && !is_condition_type(node.type))
      fail("when has type " + std::string(value_type_name(node.type)) + ", not boolean", &rule,
           where);
    if (!condition && node.type == ValueType::kBool)
      fail("a calculate expression must not be boolean", &rule, where);
  }

  void check_rules(bool arena_sound) {
    std::set<std::string_view> ids;
    for (const Rule &rule : program_.rules) {
      if (!is_slug(rule.id))
        fail("rule id \"" + rule.id + "\" is not a slug", nullptr, rule.where);
      else if (!ids.insert(rule.id).second)
        fail("duplicate rule id", &rule);
      if (rule.where.line < 0 || rule.where.column < 0) fail("negative source position", &rule);
      check_text(rule.description, "description", &rule);
      for (const std::string &tag : rule.tags) check_text(tag, "a tag", &rule);
      if (static_cast<int>(rule.severity) >= kRuleSeverityCount) fail("unknown severity", &rule);
      if (rule.field < 0 || static_cast<std::size_t>(rule.field) >= program_.fields.size())
        fail("field index out of range", &rule);
      if (rule.when != kNone) check_root(rule.when, true, rule, rule.where, arena_sound);
      if (rule.message) check_template(*rule.message, "message", rule, rule.where);
      if (rule.actions.empty()) fail("the rule has no actions", &rule);
      for (const Action &action : rule.actions) check_action(rule, action, arena_sound);
    }
  }

  void check_action(const Rule &rule, const Action &action, bool arena_sound) {
    if (static_cast<int>(action.kind) >= kActionKindCount)
      return fail("unknown action", &rule, action.where);
    const ActionSpec &spec = action_spec(action.kind);
    std::string name(spec.name);
    if (action.where.line < 0 || action.where.column < 0)
      fail("action " + name + ": negative source position", &rule);
    if (action.args.size() != spec.params.size())
      return fail("action " + name + " has " + std::to_string(action.args.size()) +
                      " arguments, expected " + std::to_string(spec.params.size()),
                  &rule, action.where);
    std::size_t problems_before = problems_;
    for (std::size_t i = 0; i < spec.params.size(); ++i)
      check_arg(rule, action, spec.params[i], action.args[i], arena_sound);
    if (static_cast<int>(action.kernel) >= kKernelCount)
      return fail("action " + name + ": unknown kernel", &rule, action.where);
    if (problems_ != problems_before) return;  // choose_kernel needs valid arguments
    Kernel expected = choose_kernel(action, program_);
    if (action.kernel != expected)
      fail("action " + name + " has kernel " + kernel_name(action.kernel) +
               ", the compiler "
               "chooses " +
               kernel_name(expected),
           &rule, action.where);
  }

  void check_arg(const Rule &rule, const Action &action, const ParamSpec &param,
                 const ArgValue &arg, bool arena_sound) {
    std::string what = "action " + std::string(action_spec(action.kind).name) + ", parameter \"" +
                       std::string(param.name) + "\"";
    auto bad = [&](const std::string &message) {
      fail(what + ": " + message, &rule, action.where);
    };
    if (static_cast<int>(arg.kind) >= kArgKindCount) return bad("unknown argument kind");
    if (has_stray_members(arg)) bad("holds values its kind does not use");
    if (arg.kind == ArgKind::kAbsent) {
      if (param.required || !param.default_value.empty()) bad("missing");
      return;
    }
    if (!kind_allowed(param.type, arg.kind)) return bad("wrong kind of value");
    switch (arg.kind) {
      case ArgKind::kInt:
        if ((param.min != 0 || param.max != 0) &&
            (arg.integer < param.min || arg.integer > param.max))
          bad(std::to_string(arg.integer) + " is not between " + std::to_string(param.min) +
              " and " + std::to_string(param.max));
        return;
      case ArgKind::kNumber:
        if (!text::is_plain_decimal(arg.text)) bad("\"" + arg.text + "\" is not a plain decimal");
        return;
      case ArgKind::kText: return check_text_arg(param, arg.text, bad);
      case ArgKind::kTextList:
        for (const std::string &item : arg.list) {
          if (item.empty()) bad("an empty text in the list");
          if (!text::valid_utf8(item)) bad("not valid UTF-8");
        }
        return;
      case ArgKind::kTextMap: {
        std::set<std::string_view> keys;
        for (const auto &[key, value] : arg.map) {
          if (!text::valid_utf8(key) || (value && !text::valid_utf8(*value)))
            bad("not valid UTF-8");
          if (!keys.insert(key).second) bad("key \"" + key + "\" appears twice");
        }
        return;
      }
      case ArgKind::kTemplate: return check_template(arg.tmpl, what, rule, action.where);
      case ArgKind::kField:
        if (arg.index < 0 || static_cast<std::size_t>(arg.index) >= program_.fields.size())
          bad("field index out of range");
        return;
      case ArgKind::kExpr: return check_root(arg.index, false, rule, action.where, arena_sound);
      case ArgKind::kRegex:
        if (arg.index < 0 || static_cast<std::size_t>(arg.index) >= program_.regexes.size())
          bad("regular expression index out of range");
        return;
      case ArgKind::kAbsent:
      case ArgKind::kNull:
      case ArgKind::kBool: return;
    }
  }

  template <typename Bad>
  void check_text_arg(const ParamSpec &param, const std::string &value, Bad bad) {
    if (!text::valid_utf8(value)) return bad("not valid UTF-8");
    switch (param.type) {
      case ParamType::kChar:
        if (text::code_point_count(value) != 1) bad("\"" + value + "\" is not one character");
        return;
      case ParamType::kChoice:
        for (std::string_view choice : param.choices)
          if (choice == value) return;
        return bad("\"" + value + "\" is not one of the allowed values");
      case ParamType::kQualifiedName:
        if (value.empty()) bad("empty table name");
        return;
      default:
        if (param.non_empty && value.empty()) bad("empty text");
        return;
    }
  }

  // A template's parts must be exactly the parse of its source, against the field table.
  void check_template(const Template &tmpl, const std::string &what, const Rule &rule,
                      SourceLocation where) {
    if (!text::valid_utf8(tmpl.source))
      return fail(what + ": template is not valid UTF-8", &rule, where);
    std::string error;
    std::optional<Template> parsed = parse_template_with_fields(tmpl.source, field_index_, error);
    if (!parsed) return fail(what + ": " + error, &rule, where);
    if (!same_parts(parsed->parts, tmpl.parts))
      fail(what + ": template parts differ from its source text", &rule, where);
  }

  // The roots of every rule, in canonical order.
  std::vector<std::int32_t> all_roots() const {
    std::vector<std::int32_t> roots;
    for (const Rule &rule : program_.rules)
      for (std::int32_t root : roots_of(rule)) roots.push_back(root);
    return roots;
  }

  // Runs only on a sound arena within the depth limit (so the copy's recursion is bounded).
  // The arena: a copy made by walking the roots in canonical order must equal it; the copy
  // stops as soon as it outgrows the original (a shared subtree would unfold exponentially).
  // Constants and regexes: no duplicates, and first used in index order, none unused. All in
  // linear time, whatever a hostile value holds.
  void check_canonical_layout() {
    Program copy;
    bool same_roots = true;
    std::vector<std::int32_t> roots = all_roots();
    for (std::int32_t root : roots) same_roots &= copy_tree(root, copy) == root;
    bool same_nodes_and_operands = copy.operands == program_.operands;
    for (std::size_t i = 0; same_nodes_and_operands && i < copy.nodes.size(); ++i)
      same_nodes_and_operands = same_nodes(copy.nodes[i], program_.nodes[i]);
    if (!same_roots || copy.nodes.size() != program_.nodes.size() || !same_nodes_and_operands)
      return fail(
          "expression nodes are not in canonical order (each rule's when, then its "
          "actions' expressions, in post-order, without shared or unused nodes)");

    std::unordered_set<std::string> seen;
    FirstUse constants;
    for (const Constant &constant : program_.constants)
      constants.unique &= seen.insert(std::string(1, static_cast<char>(constant.type)) +
                                      (constant.boolean ? 't' : 'f') + constant.text)
                              .second;
    for (const ExprNode &node : program_.nodes)
      if (node.op == ExprOp::kLiteral) constants.use(node.payload);
    if (!constants.canonical(program_.constants.size()))
      fail(
          "constants are not in canonical order (first use, without duplicates or unused "
          "entries)");

    seen.clear();
    FirstUse regexes;
    for (const RegexSpec &spec : program_.regexes)
      regexes.unique &= seen.insert((spec.ignore_case ? 'i' : 'c') + spec.pattern).second;
    // Nodes use regexes as they are appended, root by root; a regex_replace pattern is used
    // where its action comes, between the expressions before and after it.
    std::size_t next_node = 0;
    auto use_nodes_up_to = [&](std::int32_t root) {
      for (; next_node <= static_cast<std::size_t>(root); ++next_node) {
        const ExprNode &node = program_.nodes[next_node];
        if (node.op == ExprOp::kRegexMatch) regexes.use(node.payload);
        if (node.op == ExprOp::kCall && node.aux != kNone) regexes.use(node.aux);
      }
    };
    for (const Rule &rule : program_.rules) {
      if (rule.when != kNone) use_nodes_up_to(rule.when);
      for (const Action &action : rule.actions) {
        for (const ArgValue &arg : action.args) {
          if (arg.kind == ArgKind::kExpr) use_nodes_up_to(arg.index);
          if (arg.kind == ArgKind::kRegex) regexes.use(arg.index);
        }
      }
    }
    if (!regexes.canonical(program_.regexes.size()))
      fail(
          "regular expressions are not in canonical order (first use, without duplicates or "
          "unused entries)");
  }

  // Tracks that the entries of a table are first used in index order.
  struct FirstUse {
    std::size_t next = 0;
    bool ordered = true;
    bool unique = true;
    void use(std::int32_t index) {
      if (static_cast<std::size_t>(index) == next)
        ++next;
      else if (static_cast<std::size_t>(index) > next)
        ordered = false;
    }
    bool canonical(std::size_t size) const { return ordered && unique && next == size; }
  };

  // Appends a copy of the tree rooted at `index` to `out`; kNone once `out` is too large.
  std::int32_t copy_tree(std::int32_t index, Program &out) const {
    if (out.nodes.size() >= program_.nodes.size()) return kNone;
    const ExprNode &node = program_.nodes[static_cast<std::size_t>(index)];
    std::vector<std::int32_t> operands;
    for (std::int32_t operand : program_.operands_of(node)) {
      operands.push_back(copy_tree(operand, out));
      if (operands.back() == kNone) return kNone;
    }
    return out.add_node(node, operands);
  }

  const Program &program_;
  ErrorCode code_;
  Diagnostics &diagnostics_;
  std::size_t problems_ = 0;
  std::vector<const Rule *> owner_;
  std::vector<int> heights_;
  FieldIndex field_index_;
};

}  // namespace

bool verify_program(const Program &program, ErrorCode code, Diagnostics &diagnostics) {
  return Verifier(program, code, diagnostics).run();
}

}  // namespace smart_rules
