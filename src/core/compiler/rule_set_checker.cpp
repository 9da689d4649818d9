// The checker (see rule_set_checker.hpp). Order of work inside a rule is the IR's canonical
// order (program.hpp): the rule's field, its `when`, then each action in order, then the message.
#include "compiler/rule_set_checker.hpp"

#include <map>
#include <set>
#include <string>

#include "common/semver.hpp"
#include "compiler/actions.hpp"
#include "compiler/expression.hpp"
#include "compiler/kernel_choice.hpp"
#include "compiler/regex_check.hpp"
#include "compiler/template.hpp"
#include "text/numbers.hpp"
#include "text/utf8.hpp"

namespace smart_rules {

namespace {

const std::vector<std::string_view> kDocumentKeys = {
    "ruleset", "version", "language", "marketplace", "description", "pii", "rules"};
const std::vector<std::string_view> kRuleKeys = {
    "id", "description", "field", "when", "do", "severity", "message", "tags"};
const std::vector<std::string_view> kMarketplaces = {"mercado_livre", "amazon", "generic"};
const std::vector<std::string_view> kSeverities = {"info", "warning", "error"};

// [a-z0-9][a-z0-9_.-]{0,62}
bool is_slug(std::string_view s) {
  if (s.empty() || s.size() > 63) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-'))) return false;
  }
  return true;
}

// A table name: `name` or `schema.name`, each part a plain or "quoted" identifier.
bool is_qualified_name(std::string_view s) {
  std::size_t parts = 0;
  std::size_t i = 0;
  while (true) {
    if (i >= s.size()) return false;
    if (s[i] == '"') {
      std::size_t close = ++i;
      while (true) {
        close = s.find('"', close);
        if (close == std::string_view::npos) return false;
        if (close + 1 < s.size() && s[close + 1] == '"') {
          close += 2;
          continue;
        }
        break;
      }
      if (close == i) return false;
      i = close + 1;
    } else {
      std::size_t start = i;
      auto ident_char = [](char c, bool first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
               (!first && ((c >= '0' && c <= '9') || c == '$'));
      };
      while (i < s.size() && ident_char(s[i], i == start)) ++i;
      if (i == start) return false;
    }
    ++parts;
    if (i == s.size()) return parts <= 2;
    if (s[i] != '.' || parts == 2) return false;
    ++i;
  }
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string join(const std::vector<std::string_view> &names) {
  std::string out;
  for (std::string_view name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// "did you mean" advice for an unknown name, or the list of valid names when none is close.
std::string advice(std::string_view word, const std::vector<std::string_view> &valid) {
  std::string nearest = nearest_name(word, valid);
  if (!nearest.empty()) return "did you mean " + quoted(nearest) + "?";
  return "valid names are: " + join(valid);
}

// A YAML boolean in the YAML 1.2 core schema spelling.
std::optional<bool> yaml_bool(const YamlNode &node) {
  if (!node.is_scalar() || node.quoted) return std::nullopt;
  const std::string &s = node.scalar;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

std::optional<std::int64_t> yaml_integer(const YamlNode &node) {
  if (!node.is_scalar() || node.quoted) return std::nullopt;
  std::string_view s = node.scalar;
  bool negative = !s.empty() && s[0] == '-';
  if (negative || (!s.empty() && s[0] == '+')) s.remove_prefix(1);
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

class Checker {
 public:
  Checker(Program &program, Diagnostics &diagnostics, const RuleSetLimits &limits)
      : program_(program), diagnostics_(diagnostics), limits_(limits) {}

  void check_document(const YamlNode &root) {
    if (!root.is_mapping()) {
      error(ErrorCode::kInvalidParameter,
            std::string("rule set must be a mapping, found ") + root.kind_name(), root.where,
            "a rule set is a mapping with ruleset, version and rules");
      return;
    }
    std::set<std::string> suggested = check_keys(root, kDocumentKeys, "rule set");
    for (std::string_view key : {"ruleset", "version", "rules"})
      if (!root.find(key) && !suggested.count(std::string(key)))
        error(ErrorCode::kInvalidParameter, "rule set is missing required key " + quoted(key),
              root.where);

    if (const YamlNode *node = root.find("ruleset")) {
      if (auto name = text_of(*node, "ruleset")) {
        if (is_slug(*name))
          program_.ruleset = *name;
        else
          error(ErrorCode::kInvalidParameter, "invalid rule set name " + quoted(*name),
                node->where, slug_hint());
      }
    }
    if (const YamlNode *node = root.find("version")) {
      if (auto version = text_of(*node, "version")) {
        if (parse_semver(*version))
          program_.version = *version;
        else
          error(ErrorCode::kInvalidParameter, "invalid version " + quoted(*version),
                node->where, "versions follow SemVer 2.0.0, for example 1.4.0 or 2.0.0-rc.1");
      }
    }
    if (const YamlNode *node = root.find("language")) {
      auto language = yaml_integer(*node);
      if (!language || *language != kLanguageVersion)
        error(ErrorCode::kInvalidParameter,
              "unsupported language " + quoted(node->is_scalar() ? node->scalar : "?"),
              node->where, "only language 1 exists");
    }
    if (const YamlNode *node = root.find("marketplace")) {
      if (auto marketplace = text_of(*node, "marketplace")) {
        if (is_one_of(*marketplace, kMarketplaces))
          program_.marketplace = *marketplace;
        else
          error(ErrorCode::kInvalidParameter, "unknown marketplace " + quoted(*marketplace),
                node->where, advice(*marketplace, kMarketplaces));
      }
    }
    if (const YamlNode *node = root.find("description"))
      if (auto description = text_of(*node, "description")) program_.description = *description;
    if (const YamlNode *node = root.find("pii")) check_pii(*node);
    if (const YamlNode *node = root.find("rules")) check_rules(*node);
  }

 private:
  void error(ErrorCode code, std::string message, SourceLocation where, std::string hint = {}) {
    diagnostics_.error(code, std::move(message), where, rule_id_, std::move(hint));
  }

  static std::string slug_hint() {
    return "use lower-case letters, digits, '_', '.' and '-', starting with a letter or digit "
           "(at most 63 characters)";
  }

  static bool is_one_of(std::string_view s, const std::vector<std::string_view> &set) {
    for (std::string_view item : set)
      if (item == s) return true;
    return false;
  }

  // Reports unknown, duplicate and non-text keys of a mapping. Returns the names suggested
  // for unknown keys: a missing required key that was suggested is not reported again.
  std::set<std::string> check_keys(const YamlNode &mapping,
                                   const std::vector<std::string_view> &allowed,
                                   const std::string &context) {
    std::set<std::string> suggested;
    std::map<std::string, int> seen;
    for (const YamlNode &key : mapping.keys) {
      if (!key.is_scalar()) {
        error(ErrorCode::kInvalidParameter,
              "keys of " + context + " must be text, found " + key.kind_name(), key.where);
        continue;
      }
      if (!is_one_of(key.scalar, allowed)) {
        std::string nearest = nearest_name(key.scalar, allowed);
        if (!nearest.empty()) suggested.insert(nearest);
        error(ErrorCode::kInvalidParameter,
              "unknown key " + quoted(key.scalar) + " in " + context, key.where,
              advice(key.scalar, allowed));
        continue;
      }
      auto [it, inserted] = seen.emplace(key.scalar, key.where.line);
      if (!inserted)
        error(ErrorCode::kInvalidParameter, "duplicate key " + quoted(key.scalar) + " in " + context,
              key.where, "first written at line " + std::to_string(it->second));
    }
    return suggested;
  }

  std::optional<std::string> text_of(const YamlNode &node, const std::string &what) {
    if (node.is_scalar()) return node.scalar;
    error(ErrorCode::kInvalidParameter,
          what + " must be text, found " + node.kind_name(), node.where);
    return std::nullopt;
  }

  // A list of non-empty texts; a single text is a list of one.
  std::optional<std::vector<std::string>> text_list_of(const YamlNode &node,
                                                       const std::string &what) {
    std::vector<std::string> out;
    if (node.is_scalar() && !node.scalar.empty()) return std::vector<std::string>{node.scalar};
    if (!node.is_sequence() || node.items.empty()) {
      error(ErrorCode::kInvalidParameter,
            what + " must be a non-empty list of texts, found " +
                (node.is_sequence() ? std::string("an empty list") : node.kind_name()),
            node.where);
      return std::nullopt;
    }
    bool ok = true;
    for (const YamlNode &item : node.items) {
      if (!item.is_scalar() || item.scalar.empty()) {
        error(ErrorCode::kInvalidParameter,
              "items of " + what + " must be non-empty texts, found " +
                  (item.is_scalar() ? std::string("an empty text") : item.kind_name()),
              item.where);
        ok = false;
      } else {
        out.push_back(item.scalar);
      }
    }
    if (!ok) return std::nullopt;
    return out;
  }

  void check_pii(const YamlNode &node) {
    auto fields = text_list_of(node, "pii");
    if (!fields) return;
    for (const std::string &field : *fields) {
      for (const std::string &earlier : program_.pii)
        if (earlier == field)
          error(ErrorCode::kInvalidParameter, "field " + quoted(field) + " is listed twice in pii",
                node.where);
      program_.pii.push_back(field);
    }
  }

  void check_rules(const YamlNode &node) {
    if (!node.is_sequence()) {
      error(ErrorCode::kInvalidParameter,
            std::string("rules must be a list, found ") + node.kind_name(), node.where);
      return;
    }
    if (node.items.empty()) {
      error(ErrorCode::kInvalidParameter, "rules must hold at least one rule", node.where);
      return;
    }
    if (node.items.size() > limits_.max_rules) {
      error(ErrorCode::kLimitExceeded,
            "rule set has " + std::to_string(node.items.size()) + " rules, more than the limit of " +
                std::to_string(limits_.max_rules),
            node.where);
      return;
    }
    program_.rules.reserve(node.items.size());
    for (const YamlNode &item : node.items) check_rule(item);
    warn_about_unreachable_rules();
  }

  void check_rule(const YamlNode &node) {
    rule_id_.clear();
    if (!node.is_mapping()) {
      error(ErrorCode::kInvalidParameter,
            std::string("a rule must be a mapping, found ") + node.kind_name(), node.where,
            "write a rule as: - id: my-rule\n  field: title\n  do: trim");
      return;
    }
    Rule rule;
    rule.where = node.where;
    if (const YamlNode *id = node.find("id")) {
      rule.where = id->where;
      if (auto text = text_of(*id, "rule id")) {
        rule_id_ = *text;
        if (!is_slug(*text)) {
          error(ErrorCode::kInvalidParameter, "invalid rule id " + quoted(*text), id->where,
                slug_hint());
        } else if (auto [it, inserted] = rule_lines_.emplace(*text, id->where.line); !inserted) {
          error(ErrorCode::kInvalidParameter, "duplicate rule id " + quoted(*text), id->where,
                "first defined at line " + std::to_string(it->second));
        }
        rule.id = *text;
      }
    } else {
      error(ErrorCode::kInvalidParameter, "rule is missing required key \"id\"", node.where);
    }
    std::string context = rule_id_.empty() ? "rule" : "rule " + quoted(rule_id_);
    std::set<std::string> suggested = check_keys(node, kRuleKeys, context);

    if (const YamlNode *field = node.find("field")) {
      if (auto name = field_name_of(*field, "field")) rule.field = program_.intern_field(*name);
    } else if (!suggested.count("field")) {
      error(ErrorCode::kInvalidParameter, context + " is missing required key \"field\"",
            node.where, "field names the column the rule writes");
    }
    if (const YamlNode *when = node.find("when")) rule.when = compile_when(*when);
    if (const YamlNode *actions = node.find("do"))
      check_actions(*actions, rule);
    else if (!suggested.count("do"))
      error(ErrorCode::kInvalidParameter, context + " is missing required key \"do\"", node.where,
            "do lists the actions, for example: do: [trim, collapse_whitespace]");
    if (const YamlNode *description = node.find("description"))
      if (auto text = text_of(*description, "description")) rule.description = *text;
    if (const YamlNode *severity = node.find("severity")) {
      if (auto text = text_of(*severity, "severity")) {
        if (auto parsed = parse_rule_severity(*text))
          rule.severity = *parsed;
        else
          error(ErrorCode::kInvalidParameter, "invalid severity " + quoted(*text),
                severity->where, advice(*text, kSeverities));
      }
    }
    if (const YamlNode *message = node.find("message"))
      if (auto text = text_of(*message, "message")) rule.message = template_of(*text, *message);
    if (const YamlNode *tags = node.find("tags"))
      if (auto list = text_list_of(*tags, "tags")) rule.tags = std::move(*list);
    program_.rules.push_back(std::move(rule));
  }

  std::optional<std::string> field_name_of(const YamlNode &node, const std::string &what) {
    auto name = text_of(node, what);
    if (!name) return std::nullopt;
    if (name->empty() || name->size() > limits_.max_field_name_bytes) {
      error(ErrorCode::kInvalidParameter,
            "invalid field name " + quoted(*name) + ": a column name has 1 to " +
                std::to_string(limits_.max_field_name_bytes) + " bytes",
            node.where);
      return std::nullopt;
    }
    return name;
  }

  // Where the expression text starts and whether columns inside it are exact.
  ExpressionSource expression_source(const YamlNode &node) const {
    ExpressionSource source;
    source.text = node.scalar;
    source.where = node.where;
    source.exact_columns = !node.multiline;
    if (node.quoted && source.exact_columns) source.where.column += 1;
    source.rule_id = rule_id_;
    return source;
  }

  std::int32_t compile_when(const YamlNode &node) {
    if (!node.is_scalar()) {
      error(ErrorCode::kInvalidParameter,
            std::string("when must be an expression (text), found ") + node.kind_name(),
            node.where, "for example: when: length(title) > 60");
      return kNone;
    }
    return compile_expression(expression_source(node), ExpressionRole::kCondition, program_,
                              diagnostics_);
  }

  std::optional<Template> template_of(const std::string &text, const YamlNode &node) {
    std::string problem;
    auto parsed = parse_template(text, program_, problem);
    if (!parsed)
      error(ErrorCode::kInvalidParameter, "invalid template " + quoted(text) + ": " + problem,
            node.where, "write {field} to insert a field's value and {{ or }} for a literal brace");
    return parsed;
  }

  void check_actions(const YamlNode &node, Rule &rule) {
    if (node.is_sequence()) {
      if (node.items.empty())
        error(ErrorCode::kInvalidParameter, "do must hold at least one action", node.where);
      for (const YamlNode &item : node.items) check_action(item, rule);
    } else {
      check_action(node, rule);
    }
  }

  void check_action(const YamlNode &node, Rule &rule) {
    const YamlNode *name_node = nullptr;
    const YamlNode *argument = nullptr;
    if (node.is_scalar()) {
      name_node = &node;
    } else if (node.is_mapping() && node.keys.size() == 1 && node.keys[0].is_scalar()) {
      name_node = &node.keys[0];
      argument = &node.values[0];
    } else {
      error(ErrorCode::kInvalidParameter,
            std::string("an action must be a name or a mapping with one key, found ") +
                (node.is_mapping() ? "a mapping with " + std::to_string(node.keys.size()) + " keys"
                                   : std::string(node.kind_name())),
            node.where, "for example: trim, or {truncate: {max: 60}}");
      return;
    }
    const ActionSpec *spec = find_action(name_node->scalar);
    if (!spec) {
      error(ErrorCode::kInvalidParameter, "unknown action " + quoted(name_node->scalar),
            name_node->where, advice(name_node->scalar, action_names()));
      return;
    }
    Action action;
    action.kind = spec->kind;
    action.where = name_node->where;
    bool ok = false;
    switch (spec->shape) {
      case ArgShape::kNone:
        ok = !argument || reject_argument(*spec, *argument);
        break;
      case ArgShape::kValue:
        ok = argument ? check_value_argument(*spec, *argument, action)
                      : missing_argument(*spec, *name_node);
        break;
      case ArgShape::kParams:
        ok = argument ? check_params(*spec, *argument, action) : missing_argument(*spec, *name_node);
        break;
    }
    if (!ok || !check_action_semantics(*spec, action, rule, argument ? *argument : node)) return;
    action.kernel = choose_kernel(action, program_);
    rule.actions.push_back(std::move(action));
  }

  bool reject_argument(const ActionSpec &spec, const YamlNode &argument) {
    error(ErrorCode::kInvalidParameter, "action " + quoted(spec.name) + " takes no arguments",
          argument.where, "write it bare: - " + std::string(spec.name));
    return false;
  }

  bool missing_argument(const ActionSpec &spec, const YamlNode &name) {
    std::string example = spec.shape == ArgShape::kValue
                              ? "{" + std::string(spec.name) + ": ...}"
                              : "{" + std::string(spec.name) + ": {" +
                                    std::string(spec.params.front().name) + ": ...}}";
    error(ErrorCode::kInvalidParameter, "action " + quoted(spec.name) + " needs arguments",
          name.where, "write it as " + example);
    return false;
  }

  bool check_value_argument(const ActionSpec &spec, const YamlNode &argument, Action &action) {
    action.args.resize(1);
    return convert(spec, spec.params[0], argument, action.args[0], false);
  }

  bool check_params(const ActionSpec &spec, const YamlNode &argument, Action &action) {
    if (!argument.is_mapping()) {
      error(ErrorCode::kInvalidParameter,
            "arguments of " + quoted(spec.name) + " must be a mapping, found " +
                argument.kind_name(),
            argument.where,
            "for example: {" + std::string(spec.name) + ": {" +
                std::string(spec.params.front().name) + ": ...}}");
      return false;
    }
    std::vector<std::string_view> names;
    for (const ParamSpec &param : spec.params) names.push_back(param.name);
    std::size_t errors_before = diagnostics_.error_count();
    check_keys(argument, names, "arguments of " + quoted(spec.name));
    action.args.resize(spec.params.size());
    // Regex parameters last: they need ignore_case.
    for (bool regex_pass : {false, true}) {
      for (std::size_t i = 0; i < spec.params.size(); ++i) {
        const ParamSpec &param = spec.params[i];
        if ((param.type == ParamType::kRegexPattern) != regex_pass) continue;
        const YamlNode *value = argument.find(param.name);
        if (value) {
          int ignore_case = param_index(spec, "ignore_case");
          convert(spec, param, *value, action.args[i],
                  ignore_case >= 0 && action.args[static_cast<std::size_t>(ignore_case)].boolean);
        } else if (param.required) {
          error(ErrorCode::kInvalidParameter,
                "action " + quoted(spec.name) + " is missing required argument " +
                    quoted(param.name),
                argument.where);
        } else {
          fill_default(spec, param, action.args[i]);
        }
      }
    }
    return diagnostics_.error_count() == errors_before;
  }

  // The default of an absent optional parameter (registry text, typed).
  void fill_default(const ActionSpec &spec, const ParamSpec &param, ArgValue &out) {
    if (param.default_value.empty() && param.type != ParamType::kChoice) {
      out.kind = ArgKind::kAbsent;
      return;
    }
    switch (param.type) {
      case ParamType::kBool:
        out.kind = ArgKind::kBool;
        out.boolean = param.default_value == "true";
        return;
      case ParamType::kInt:
        out.kind = ArgKind::kInt;
        out.integer = std::stoll(std::string(param.default_value));
        return;
      default:
        out.kind = ArgKind::kText;
        out.text = std::string(param.default_value);
        if (spec.kind == ActionKind::kParseDecimal && param.name == "thousands")
          out.kind = ArgKind::kAbsent;  // depends on `decimal`: see check_action_semantics
        return;
    }
  }

  // Converts one argument value by its parameter type. False after an error.
  bool convert(const ActionSpec &spec, const ParamSpec &param, const YamlNode &node, ArgValue &out,
               bool ignore_case) {
    std::string what = quoted(param.name) + " of " + quoted(spec.name);
    if (spec.shape == ArgShape::kValue) what = "argument of " + quoted(spec.name);
    auto fail = [&](const std::string &expected, std::string hint = {}) {
      std::string found = node.is_scalar() ? quoted(node.scalar) : std::string(node.kind_name());
      error(ErrorCode::kInvalidParameter, what + " must be " + expected + ", found " + found,
            node.where, std::move(hint));
      return false;
    };
    switch (param.type) {
      case ParamType::kInt: {
        auto value = yaml_integer(node);
        if (!value || *value < param.min || *value > param.max)
          return fail("an integer from " + std::to_string(param.min) + " to " +
                      std::to_string(param.max));
        out.kind = ArgKind::kInt;
        out.integer = *value;
        return true;
      }
      case ParamType::kBool: {
        auto value = yaml_bool(node);
        if (!value) return fail("true or false");
        out.kind = ArgKind::kBool;
        out.boolean = *value;
        return true;
      }
      case ParamType::kText:
        if (!node.is_scalar()) return fail("text", node.is_null() ? "write '' for an empty text" : "");
        if (param.non_empty && node.scalar.empty()) return fail("a non-empty text");
        out.kind = ArgKind::kText;
        out.text = node.scalar;
        return true;
      case ParamType::kChar:
        if (!node.is_scalar() || !text::valid_utf8(node.scalar) ||
            text::code_point_count(node.scalar) != 1)
          return fail("exactly one character");
        out.kind = ArgKind::kText;
        out.text = node.scalar;
        return true;
      case ParamType::kChoice: {
        // YAML null spells the choice "null" (on_invalid: null).
        std::string value = node.is_null() ? "null" : node.is_scalar() ? node.scalar : "";
        if (!node.is_null() && !node.is_scalar()) return fail("one of: " + quoted_list(param.choices));
        if (!is_one_of(value, param.choices))
          return fail("one of: " + quoted_list(param.choices), advice(value, param.choices));
        out.kind = ArgKind::kText;
        out.text = value;
        return true;
      }
      case ParamType::kNumber:
        if (!node.is_scalar() || !text::is_plain_decimal(node.scalar))
          return fail("a number written -?digits(.digits)?");
        out.kind = ArgKind::kNumber;
        out.text = text::canonical_decimal(node.scalar);
        return true;
      case ParamType::kTextList: {
        auto list = text_list_of(node, what);
        if (!list) return false;
        out.kind = ArgKind::kTextList;
        out.list = std::move(*list);
        return true;
      }
      case ParamType::kTextMap:
        return convert_map(node, out, what);
      case ParamType::kTemplateOrNull:
        if (node.is_null()) {
          out.kind = ArgKind::kNull;
          return true;
        }
        [[fallthrough]];
      case ParamType::kTemplate: {
        if (!node.is_scalar())
          return fail("text", spec.kind == ActionKind::kDefault && node.is_null()
                                  ? "use set_null to clear a value"
                                  : "");
        auto parsed = template_of(node.scalar, node);
        if (!parsed) return false;
        out.kind = ArgKind::kTemplate;
        out.tmpl = std::move(*parsed);
        return true;
      }
      case ParamType::kTextOrNull:
        if (node.is_null()) {
          out.kind = ArgKind::kNull;
          return true;
        }
        if (!node.is_scalar()) return fail("text or null");
        out.kind = ArgKind::kText;
        out.text = node.scalar;
        return true;
      case ParamType::kField: {
        auto name = field_name_of(node, what);
        if (!name) return false;
        out.kind = ArgKind::kField;
        out.index = program_.intern_field(*name);
        return true;
      }
      case ParamType::kExpression: {
        if (!node.is_scalar()) return fail("an expression (text)");
        out.index = compile_expression(expression_source(node), ExpressionRole::kNumeric, program_,
                                       diagnostics_);
        out.kind = ArgKind::kExpr;
        return out.index != kNone;
      }
      case ParamType::kRegexPattern: {
        if (!node.is_scalar() || node.scalar.empty()) return fail("a non-empty RE2 pattern");
        RegexSpec regex{node.scalar, ignore_case};
        ErrorCode code = ErrorCode::kInvalidRegex;
        std::string message;
        if (!check_regex(regex, code, message)) {
          error(code, message, node.where,
                code == ErrorCode::kInvalidRegex
                    ? "patterns use RE2 syntax (https://github.com/google/re2/wiki/Syntax)"
                    : "simplify the pattern or split the rule");
          return false;
        }
        out.kind = ArgKind::kRegex;
        out.index = program_.intern_regex(regex);
        return true;
      }
      case ParamType::kQualifiedName:
        if (!node.is_scalar() || !is_qualified_name(node.scalar))
          return fail("a table name such as catalog.brands");
        out.kind = ArgKind::kText;
        out.text = node.scalar;
        return true;
    }
    return fail("a valid value");
  }

  static std::string quoted_list(const std::vector<std::string_view> &choices) {
    std::string out;
    for (std::string_view choice : choices) {
      if (!out.empty()) out += ", ";
      out += "'" + std::string(choice) + "'";
    }
    return out;
  }

  bool convert_map(const YamlNode &node, ArgValue &out, const std::string &what) {
    if (!node.is_mapping() || node.keys.empty()) {
      error(ErrorCode::kInvalidParameter,
            what + " must be a non-empty mapping of text to text or null, found " +
                (node.is_mapping() ? std::string("an empty mapping") : node.kind_name()),
            node.where, "for example: values: {Novo: new, Usado: used}");
      return false;
    }
    bool ok = true;
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < node.keys.size(); ++i) {
      const YamlNode &key = node.keys[i];
      const YamlNode &value = node.values[i];
      if (!key.is_scalar()) {
        error(ErrorCode::kInvalidParameter,
              "keys of " + what + " must be text, found " + key.kind_name(), key.where);
        ok = false;
        continue;
      }
      if (auto [it, inserted] = seen.emplace(key.scalar, key.where.line); !inserted) {
        error(ErrorCode::kInvalidParameter, "duplicate key " + quoted(key.scalar) + " in " + what,
              key.where, "first written at line " + std::to_string(it->second));
        ok = false;
        continue;
      }
      if (value.is_null()) {
        out.map.emplace_back(key.scalar, std::nullopt);
      } else if (value.is_scalar()) {
        out.map.emplace_back(key.scalar, value.scalar);
      } else {
        error(ErrorCode::kInvalidParameter,
              "values of " + what + " must be text or null, found " + value.kind_name(),
              value.where);
        ok = false;
      }
    }
    out.kind = ArgKind::kTextMap;
    return ok;
  }

  // Checks that involve several arguments or the rule itself.
  bool check_action_semantics(const ActionSpec &spec, Action &action, const Rule &rule,
                              const YamlNode &where_node) {
    std::vector<ArgValue> &args = action.args;
    switch (spec.kind) {
      case ActionKind::kTruncate:  // max, at, ellipsis
        if (args[2].kind == ArgKind::kText &&
            static_cast<std::int64_t>(text::code_point_count(args[2].text)) >= args[0].integer) {
          error(ErrorCode::kInvalidParameter,
                "ellipsis of \"truncate\" must be shorter than max (" +
                    std::to_string(args[0].integer) + " characters)",
                where_node.where);
          return false;
        }
        return true;
      case ActionKind::kParseDecimal:  // decimal, thousands, on_invalid
        if (args[1].kind == ArgKind::kAbsent) {
          args[1].kind = ArgKind::kText;
          args[1].text = args[0].text == "," ? "." : ",";
        }
        if (args[1].text == args[0].text) {
          error(ErrorCode::kInvalidParameter,
                "thousands and decimal separators of \"parse_decimal\" must differ",
                where_node.where);
          return false;
        }
        return true;
      case ActionKind::kClamp:  // min, max
        if (args[0].kind == ArgKind::kAbsent && args[1].kind == ArgKind::kAbsent) {
          error(ErrorCode::kInvalidParameter, "action \"clamp\" needs min, max or both",
                where_node.where, "for example: {clamp: {min: 0}}");
          return false;
        }
        if (args[0].kind == ArgKind::kNumber && args[1].kind == ArgKind::kNumber &&
            text::compare_decimals(args[0].text, args[1].text) > 0) {
          error(ErrorCode::kInvalidParameter,
                "min of \"clamp\" (" + args[0].text + ") is greater than max (" + args[1].text + ")",
                where_node.where);
          return false;
        }
        return true;
      case ActionKind::kCopy:
        if (args[0].index == rule.field)
          diagnostics_.warning("copy of field " + quoted(program_.fields[rule.field]) +
                                   " onto itself changes nothing",
                               where_node.where, rule_id_);
        return true;
      default:
        return true;
    }
  }

  // Warnings for rules that can never change anything.
  void warn_about_unreachable_rules() {
    std::string stopper;
    for (const Rule &rule : program_.rules) {
      if (!stopper.empty()) {
        diagnostics_.warning("rule " + quoted(rule.id) + " never runs: rule " + quoted(stopper) +
                                 " stops or rejects every row before it",
                             rule.where, rule.id);
        continue;
      }
      if (rule.when != kNone && never_true(rule.when)) {
        diagnostics_.warning("rule " + quoted(rule.id) + " never fires: its condition is never true",
                             rule.where, rule.id);
        continue;
      }
      if (rule.when == kNone)
        for (const Action &action : rule.actions)
          if (action.kind == ActionKind::kStop || action.kind == ActionKind::kReject)
            stopper = rule.id;
    }
  }

  // A condition folded to the constant false or null.
  bool never_true(std::int32_t root) const {
    const ExprNode &node = program_.nodes[static_cast<std::size_t>(root)];
    if (node.op != ExprOp::kLiteral) return false;
    const Constant &constant = program_.constants[static_cast<std::size_t>(node.payload)];
    return constant.type == ValueType::kNull ||
           (constant.type == ValueType::kBool && !constant.boolean);
  }

  Program &program_;
  Diagnostics &diagnostics_;
  const RuleSetLimits &limits_;
  std::string rule_id_;                 // the rule being checked, for diagnostics
  std::map<std::string, int> rule_lines_;  // id -> line, for duplicate ids
};

}  // namespace

void check_rule_set(const YamlNode &root, Program &program, Diagnostics &diagnostics,
                    const RuleSetLimits &limits) {
  Checker(program, diagnostics, limits).check_document(root);
}

}  // namespace smart_rules
