// The JSON form of the IR: rule_ir's text output and input (shape in docs/ir-format.md).
//
// The writer prints names instead of indexes (fields, actions, kernels, parameters, functions)
// and nests expressions; constants and regular expressions are not listed. The reader rebuilds
// them by interning while it appends expression nodes in post-order, in the canonical order
// the compiler follows (each rule's `when`, then its actions' arguments in parameter order),
// so that reading what the writer wrote gives back the same Program. nlohmann is used without
// exceptions; the reader checks every type before reading a value, limits the text size and
// the nesting before anything recurses, and ends with verify_program().
#include <algorithm>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/actions.hpp"
#include "compiler/expression.hpp"
#include "compiler/functions.hpp"
#include "compiler/ir_serialization.hpp"
#include "compiler/template.hpp"

namespace smart_rules {

namespace {

// Output keeps the order of keys as written here; input uses std::map objects, whose
// insertion cost stays logarithmic however many keys a hostile object holds.
using JsonOut = nlohmann::ordered_json;
using JsonIn = nlohmann::json;

constexpr std::size_t kMaxJsonBytes = std::size_t{64} << 20;
// Far above what a valid program needs (about two levels per expression level, 64 of them),
// low enough that a hostile value cannot make the parser build millions of nested arrays.
constexpr std::size_t kMaxJsonNesting = 256;
const int kMaxExpressionDepth = ExpressionLimits{}.max_depth;

// JSON names of the operators, in ExprOp order (literal, field and call have their own keys).
constexpr const char *kOperatorNames[] = {"literal", "field", "not",     "and",    "or",  "eq",
                                          "ne",      "lt",    "le",      "gt",     "ge",  "match",
                                          "is_null", "in",    "between", "add",    "sub", "mul",
                                          "div",     "mod",   "neg",     "concat", "call"};
static_assert(sizeof(kOperatorNames) / sizeof(kOperatorNames[0]) == kExprOpCount);

bool takes_pattern(Function function) {
  for (FunctionParam param : function_spec(function).params)
    if (param == FunctionParam::kPatternLiteral) return true;
  return false;
}

JsonOut text_or_null(const std::string &text) {
  return text.empty() ? JsonOut(nullptr) : JsonOut(text);
}

// ---- writing --------------------------------------------------------------------------

class JsonWriter {
 public:
  explicit JsonWriter(const Program &program) : program_(program) {}

  JsonOut program() const {
    JsonOut out = JsonOut::object();
    out["format"] = kProgramFormatVersion;
    out["language"] = program_.language;
    out["ruleset"] = program_.ruleset;
    out["version"] = program_.version;
    out["marketplace"] = text_or_null(program_.marketplace);
    out["description"] = text_or_null(program_.description);
    out["pii"] = program_.pii;
    out["fields"] = program_.fields;
    JsonOut rules = JsonOut::array();
    for (const Rule &rule : program_.rules) rules.push_back(this->rule(rule));
    out["rules"] = std::move(rules);
    return out;
  }

 private:
  JsonOut rule(const Rule &rule) const {
    JsonOut out = JsonOut::object();
    out["id"] = rule.id;
    out["line"] = rule.where.line;
    out["column"] = rule.where.column;
    out["description"] = text_or_null(rule.description);
    out["field"] = field_name(rule.field);
    out["severity"] = rule_severity_name(rule.severity);
    out["message"] = rule.message ? JsonOut(rule.message->source) : JsonOut(nullptr);
    out["tags"] = rule.tags;
    out["when"] = rule.when == kNone ? JsonOut(nullptr) : expression(rule.when);
    JsonOut actions = JsonOut::array();
    for (const Action &action : rule.actions) actions.push_back(this->action(action));
    out["do"] = std::move(actions);
    return out;
  }

  JsonOut action(const Action &action) const {
    const ActionSpec &spec = action_spec(action.kind);
    JsonOut out = JsonOut::object();
    out["action"] = spec.name;
    out["kernel"] = kernel_name(action.kernel);
    out["line"] = action.where.line;
    out["column"] = action.where.column;
    JsonOut args = JsonOut::object();
    for (std::size_t i = 0; i < spec.params.size() && i < action.args.size(); ++i)
      if (action.args[i].kind != ArgKind::kAbsent)
        args[std::string(spec.params[i].name)] = argument(action.args[i]);
    out["args"] = std::move(args);
    return out;
  }

  JsonOut argument(const ArgValue &arg) const {
    switch (arg.kind) {
      case ArgKind::kAbsent:
      case ArgKind::kNull: return nullptr;
      case ArgKind::kBool: return arg.boolean;
      case ArgKind::kInt: return arg.integer;
      case ArgKind::kNumber:
      case ArgKind::kText: return arg.text;
      case ArgKind::kTextList: return arg.list;
      case ArgKind::kTextMap: {
        // Pairs, not an object: the entries' order is kept, and no object of unbounded size.
        JsonOut pairs = JsonOut::array();
        for (const auto &[key, value] : arg.map)
          pairs.push_back(JsonOut::array({key, value ? JsonOut(*value) : JsonOut(nullptr)}));
        return pairs;
      }
      case ArgKind::kTemplate: return arg.tmpl.source;
      case ArgKind::kField: return field_name(arg.index);
      case ArgKind::kExpr: return expression(arg.index);
      case ArgKind::kRegex: {
        const RegexSpec &spec = program_.regexes[static_cast<std::size_t>(arg.index)];
        return JsonOut{{"pattern", spec.pattern}, {"ignore_case", spec.ignore_case}};
      }
    }
    return nullptr;
  }

  std::string field_name(std::int32_t index) const {
    return program_.fields[static_cast<std::size_t>(index)];
  }

  // Recursive over a verified program, so at most the expression depth limit deep.
  JsonOut expression(std::int32_t index) const {
    const ExprNode &node = program_.nodes[static_cast<std::size_t>(index)];
    JsonOut out = JsonOut::object();
    if (node.op == ExprOp::kField) {
      out["field"] = field_name(node.payload);
      return out;
    }
    if (node.op == ExprOp::kLiteral) {
      const Constant &constant = program_.constants[static_cast<std::size_t>(node.payload)];
      if (constant.type == ValueType::kNull)
        out["literal"] = nullptr;
      else if (constant.type == ValueType::kBool)
        out["literal"] = constant.boolean;
      else
        out["literal"] = constant.text;
      out["type"] = value_type_name(constant.type);
      return out;
    }
    if (node.op == ExprOp::kCall)
      out["call"] = function_spec(static_cast<Function>(node.payload)).name;
    else
      out["op"] = kOperatorNames[static_cast<std::size_t>(node.op)];
    out["type"] = value_type_name(node.type);
    std::uint8_t allowed = allowed_expr_flags(node);
    if (allowed & kNumericCompare) out["numeric"] = (node.flags & kNumericCompare) != 0;
    std::int32_t regex = node.op == ExprOp::kRegexMatch ? node.payload : node.aux;
    if (regex != kNone) out["pattern"] = program_.regexes[static_cast<std::size_t>(regex)].pattern;
    if (allowed & kIgnoreCase) out["ignore_case"] = (node.flags & kIgnoreCase) != 0;
    if (allowed & kNegated) out["negated"] = (node.flags & kNegated) != 0;
    JsonOut args = JsonOut::array();
    for (std::int32_t operand : program_.operands_of(node)) args.push_back(expression(operand));
    out["args"] = std::move(args);
    return out;
  }

  const Program &program_;
};

// ---- reading --------------------------------------------------------------------------

// The deepest nesting of arrays and objects in `text`, counting no further than `limit + 1`.
std::size_t json_nesting(std::string_view text, std::size_t limit) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) break;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// Records nlohmann's description of a syntax error (the SAX interface reports it as a value).
struct SyntaxErrorRecorder : nlohmann::json_sax<JsonIn> {
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t &) override { return true; }
  bool string(string_t &) override { return true; }
  bool binary(binary_t &) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t &) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string &,
                   const nlohmann::detail::exception &error) override {
    message = error.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..." -> from "parse"
    std::size_t start = message.find("] ");
    if (start != std::string::npos) message.erase(0, start + 2);
    return false;
  }
};

class JsonReader {
 public:
  explicit JsonReader(Diagnostics &diagnostics) : diagnostics_(diagnostics) {}

  std::optional<Program> read(const JsonIn &root) {
    if (!read_header(root) || !read_rules(root.at("rules"))) return std::nullopt;
    if (!verify_program(program_, ErrorCode::kInvalidText, diagnostics_)) return std::nullopt;
    return std::move(program_);
  }

 private:
  // Records a problem (reading stops at the first); returns false for `return fail(...)`.
  bool fail(const std::string &path, const std::string &message, std::string hint = {}) {
    diagnostics_.error(
        ErrorCode::kInvalidText,
        "invalid rule_ir JSON" + (path.empty() ? "" : " at " + path) + ": " + message, where_,
        rule_id_, std::move(hint));
    return false;
  }

  // Rejects keys outside `allowed`, suggesting the nearest allowed one.
  bool only_keys(const JsonIn &object, const std::vector<std::string_view> &allowed,
                 const std::string &path) {
    for (const auto &item : object.items()) {
      const std::string &key = item.key();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        return fail(path, "unknown key \"" + key + "\"", hint_for(key, allowed));
    }
    return true;
  }

  static std::string hint_for(std::string_view word, const std::vector<std::string_view> &names) {
    std::string nearest = nearest_name(word, names);
    return nearest.empty() ? std::string() : "did you mean \"" + nearest + "\"?";
  }

  // The member `key` of `object`, or nullptr (after a "missing key" problem when required).
  const JsonIn *member(const JsonIn &object, const char *key, const std::string &path,
                       bool required) {
    auto found = object.find(key);
    if (found != object.end()) return &*found;
    if (required) fail(path, "missing key \"" + std::string(key) + "\"");
    return nullptr;
  }

  bool read_string(const JsonIn &value, const std::string &path, std::string &out) {
    if (!value.is_string()) return fail(path, "expected a string");
    out = value.get<std::string>();
    return true;
  }

  // A string, or null for the empty string.
  bool read_optional_string(const JsonIn *value, const std::string &path, std::string &out) {
    if (value == nullptr || value->is_null()) return true;
    return read_string(*value, path, out);
  }

  bool read_strings(const JsonIn &value, const std::string &path, std::vector<std::string> &out) {
    if (!value.is_array()) return fail(path, "expected an array of strings");
    for (std::size_t i = 0; i < value.size(); ++i) {
      out.emplace_back();
      if (!read_string(value[i], path + "[" + std::to_string(i) + "]", out.back())) return false;
    }
    return true;
  }

  bool read_integer(const JsonIn &value, const std::string &path, std::int64_t min,
                    std::int64_t max, std::int64_t &out) {
    bool in_range = false;
    if (value.is_number_unsigned()) {
      auto unsigned_value = value.get<std::uint64_t>();
      in_range = unsigned_value <= static_cast<std::uint64_t>(max);
      out = static_cast<std::int64_t>(unsigned_value);
    } else if (value.is_number_integer()) {
      out = value.get<std::int64_t>();
      in_range = out >= min && out <= max;
    } else {
      return fail(path, "expected an integer");
    }
    if (!in_range)
      return fail(path, "integer out of range " + std::to_string(min) + ".." + std::to_string(max));
    return true;
  }

  bool read_int(const JsonIn *value, const std::string &path, int &out) {
    if (value == nullptr) return true;
    std::int64_t wide = 0;
    if (!read_integer(*value, path, 0, std::numeric_limits<int>::max(), wide)) return false;
    out = static_cast<int>(wide);
    return true;
  }

  bool read_bool(const JsonIn *value, const std::string &path, bool &out) {
    if (value == nullptr) return true;
    if (!value->is_boolean()) return fail(path, "expected true or false");
    out = value->get<bool>();
    return true;
  }

  std::int32_t field_index(const JsonIn &value, const std::string &path) {
    std::string name;
    if (!read_string(value, path, name)) return kNone;
    auto found = field_index_.find(name);
    if (found == field_index_.end()) {
      fail(path, "field \"" + name + "\" is not in the field table");
      return kNone;
    }
    return found->second;
  }

  bool read_template(const JsonIn &value, const std::string &path, Template &out) {
    std::string source;
    if (!read_string(value, path, source)) return false;
    std::string error;
    std::optional<Template> parsed = parse_template_with_fields(source, field_index_, error);
    if (!parsed) return fail(path, error);
    out = std::move(*parsed);
    return true;
  }

  bool read_header(const JsonIn &root) {
    if (!root.is_object()) return fail("", "expected an object");
    if (!only_keys(root,
                   {"format", "language", "ruleset", "version", "marketplace", "description", "pii",
                    "fields", "rules"},
                   ""))
      return false;
    for (const char *key : {"format", "language", "ruleset", "version", "fields", "rules"})
      if (member(root, key, "", true) == nullptr) return false;
    std::int64_t format_version = 0;
    if (!read_integer(root.at("format"), "format", 0, std::numeric_limits<std::int64_t>::max(),
                      format_version))
      return false;
    if (format_version != kProgramFormatVersion) {
      diagnostics_.error(ErrorCode::kInvalidText,
                         "rule_ir JSON has format " + std::to_string(format_version) +
                             ", this build reads format " + std::to_string(kProgramFormatVersion),
                         {});
      return false;
    }
    const JsonIn *pii = member(root, "pii", "", false);
    if (!read_int(&root.at("language"), "language", program_.language) ||
        !read_string(root.at("ruleset"), "ruleset", program_.ruleset) ||
        !read_string(root.at("version"), "version", program_.version) ||
        !read_optional_string(member(root, "marketplace", "", false), "marketplace",
                              program_.marketplace) ||
        !read_optional_string(member(root, "description", "", false), "description",
                              program_.description) ||
        (pii != nullptr && !read_strings(*pii, "pii", program_.pii)) ||
        !read_strings(root.at("fields"), "fields", program_.fields))
      return false;
    field_index_ = index_fields(program_.fields);
    return true;
  }

  bool read_rules(const JsonIn &rules) {
    if (!rules.is_array()) return fail("rules", "expected an array");
    for (std::size_t i = 0; i < rules.size(); ++i) {
      program_.rules.emplace_back();
      if (!read_rule(rules[i], "rules[" + std::to_string(i) + "]", program_.rules.back()))
        return false;
      rule_id_.clear();
      where_ = {};
    }
    return true;
  }

  bool read_rule(const JsonIn &json, const std::string &path, Rule &rule) {
    if (!json.is_object()) return fail(path, "expected an object");
    if (!only_keys(json,
                   {"id", "line", "column", "description", "field", "severity", "message", "tags",
                    "when", "do"},
                   path))
      return false;
    const JsonIn *id = member(json, "id", path, true);
    if (id == nullptr || !read_string(*id, path + ".id", rule.id)) return false;
    rule_id_ = rule.id;
    if (!read_int(member(json, "line", path, false), path + ".line", rule.where.line) ||
        !read_int(member(json, "column", path, false), path + ".column", rule.where.column))
      return false;
    where_ = rule.where;
    if (!read_optional_string(member(json, "description", path, false), path + ".description",
                              rule.description))
      return false;
    const JsonIn *field = member(json, "field", path, true);
    if (field == nullptr) return false;
    rule.field = field_index(*field, path + ".field");
    if (rule.field == kNone) return false;
    if (const JsonIn *severity = member(json, "severity", path, false)) {
      std::string name;
      if (!read_string(*severity, path + ".severity", name)) return false;
      std::optional<RuleSeverity> parsed = parse_rule_severity(name);
      if (!parsed)
        return fail(path + ".severity", "unknown severity \"" + name + "\"",
                    hint_for(name, {"info", "warning", "error"}));
      rule.severity = *parsed;
    }
    const JsonIn *message = member(json, "message", path, false);
    if (message != nullptr && !message->is_null()) {
      rule.message.emplace();
      if (!read_template(*message, path + ".message", *rule.message)) return false;
    }
    if (const JsonIn *tags = member(json, "tags", path, false))
      if (!read_strings(*tags, path + ".tags", rule.tags)) return false;
    const JsonIn *when = member(json, "when", path, false);
    if (when != nullptr && !when->is_null()) {
      rule.when = expression(*when, path + ".when", 0);
      if (rule.when == kNone) return false;
    }
    const JsonIn *actions = member(json, "do", path, true);
    if (actions == nullptr) return false;
    if (!actions->is_array()) return fail(path + ".do", "expected an array");
    for (std::size_t i = 0; i < actions->size(); ++i) {
      rule.actions.emplace_back();
      if (!read_action((*actions)[i], path + ".do[" + std::to_string(i) + "]", rule.actions.back()))
        return false;
    }
    return true;
  }

  bool read_action(const JsonIn &json, const std::string &path, Action &action) {
    if (!json.is_object()) return fail(path, "expected an object");
    if (!only_keys(json, {"action", "kernel", "line", "column", "args"}, path)) return false;
    const JsonIn *name_json = member(json, "action", path, true);
    std::string name, kernel;
    if (name_json == nullptr || !read_string(*name_json, path + ".action", name)) return false;
    const JsonIn *kernel_json = member(json, "kernel", path, true);
    if (kernel_json == nullptr || !read_string(*kernel_json, path + ".kernel", kernel))
      return false;
    const ActionSpec *spec = find_action(name);
    if (spec == nullptr)
      return fail(path + ".action", "unknown action \"" + name + "\"",
                  hint_for(name, action_names()));
    action.kind = spec->kind;
    std::optional<Kernel> parsed_kernel = parse_kernel(kernel);
    if (!parsed_kernel) return fail(path + ".kernel", "unknown kernel \"" + kernel + "\"");
    action.kernel = *parsed_kernel;
    if (!read_int(member(json, "line", path, false), path + ".line", action.where.line) ||
        !read_int(member(json, "column", path, false), path + ".column", action.where.column))
      return false;

    const JsonIn *args = member(json, "args", path, false);
    JsonIn no_args = JsonIn::object();
    if (args == nullptr) args = &no_args;
    if (!args->is_object()) return fail(path + ".args", "expected an object");
    std::vector<std::string_view> param_names;
    for (const ParamSpec &param : spec->params) param_names.push_back(param.name);
    if (!only_keys(*args, param_names, path + ".args")) return false;
    // In parameter order, whatever the key order: interning order is part of the layout.
    for (const ParamSpec &param : spec->params) {
      action.args.emplace_back();
      std::string param_path = path + ".args." + std::string(param.name);
      auto found = args->find(std::string(param.name));
      if (found != args->end() && !read_argument(*found, param, param_path, action.args.back()))
        return false;
    }
    return true;
  }

  bool read_argument(const JsonIn &value, const ParamSpec &param, const std::string &path,
                     ArgValue &arg) {
    bool nullable =
        param.type == ParamType::kTemplateOrNull || param.type == ParamType::kTextOrNull;
    if (nullable && value.is_null()) {
      arg.kind = ArgKind::kNull;
      return true;
    }
    switch (param.type) {
      case ParamType::kInt:
        arg.kind = ArgKind::kInt;
        return read_integer(value, path, std::numeric_limits<std::int64_t>::min(),
                            std::numeric_limits<std::int64_t>::max(), arg.integer);
      case ParamType::kBool: arg.kind = ArgKind::kBool; return read_bool(&value, path, arg.boolean);
      case ParamType::kNumber:
        arg.kind = ArgKind::kNumber;
        return read_string(value, path, arg.text);
      case ParamType::kText:
      case ParamType::kChar:
      case ParamType::kChoice:
      case ParamType::kQualifiedName:
      case ParamType::kTextOrNull:
        arg.kind = ArgKind::kText;
        return read_string(value, path, arg.text);
      case ParamType::kTextList:
        arg.kind = ArgKind::kTextList;
        return read_strings(value, path, arg.list);
      case ParamType::kTextMap: {
        arg.kind = ArgKind::kTextMap;
        if (!value.is_array()) return fail(path, "expected an array of [key, value] pairs");
        for (std::size_t i = 0; i < value.size(); ++i) {
          const JsonIn &pair = value[i];
          std::string pair_path = path + "[" + std::to_string(i) + "]";
          if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() ||
              !(pair[1].is_string() || pair[1].is_null()))
            return fail(pair_path, "expected a [key, value] pair of a string and a string or null");
          arg.map.emplace_back(pair[0].get<std::string>(), std::nullopt);
          if (pair[1].is_string()) arg.map.back().second = pair[1].get<std::string>();
        }
        return true;
      }
      case ParamType::kTemplate:
      case ParamType::kTemplateOrNull:
        arg.kind = ArgKind::kTemplate;
        return read_template(value, path, arg.tmpl);
      case ParamType::kField:
        arg.kind = ArgKind::kField;
        arg.index = field_index(value, path);
        return arg.index != kNone;
      case ParamType::kExpression:
        arg.kind = ArgKind::kExpr;
        arg.index = expression(value, path, 0);
        return arg.index != kNone;
      case ParamType::kRegexPattern: {
        arg.kind = ArgKind::kRegex;
        RegexSpec spec;
        if (!value.is_object()) return fail(path, "expected an object with \"pattern\"");
        if (!only_keys(value, {"pattern", "ignore_case"}, path)) return false;
        const JsonIn *pattern = member(value, "pattern", path, true);
        if (pattern == nullptr || !read_string(*pattern, path + ".pattern", spec.pattern) ||
            !read_bool(member(value, "ignore_case", path, false), path + ".ignore_case",
                       spec.ignore_case))
          return false;
        arg.index = intern_regex(spec);
        return true;
      }
    }
    return fail(path, "unsupported parameter");
  }

  // Appends the expression `json` (operands first) and returns its node index, or kNone.
  // `depth` counts the operators above it; the limit is checked before recursing.
  std::int32_t expression(const JsonIn &json, const std::string &path, int depth) {
    if (!json.is_object()) {
      fail(path, "expected an expression object");
      return kNone;
    }
    if (json.contains("field")) return field_reference(json, path);
    if (json.contains("literal")) return literal(json, path);
    if (!json.contains("op") && !json.contains("call")) {
      fail(path,
           "expected an expression: an object with \"literal\", \"field\", \"op\" or \"call\"");
      return kNone;
    }
    if (depth >= kMaxExpressionDepth) {
      fail(path, "expression nests deeper than " + std::to_string(kMaxExpressionDepth) + " levels");
      return kNone;
    }
    return operation(json, path, depth);
  }

  std::int32_t field_reference(const JsonIn &json, const std::string &path) {
    if (!only_keys(json, {"field"}, path)) return kNone;
    std::int32_t field = field_index(json.at("field"), path + ".field");
    if (field == kNone) return kNone;
    ExprNode node;
    node.op = ExprOp::kField;
    node.type = ValueType::kText;
    node.payload = field;
    return program_.add_node(node, {});
  }

  bool read_value_type(const JsonIn &json, const std::string &path, ValueType &out) {
    const JsonIn *type = member(json, "type", path, true);
    std::string name;
    if (type == nullptr || !read_string(*type, path + ".type", name)) return false;
    for (int i = 0; i < kValueTypeCount; ++i) {
      if (name == value_type_name(static_cast<ValueType>(i))) {
        out = static_cast<ValueType>(i);
        return true;
      }
    }
    return fail(path + ".type", "unknown type \"" + name + "\"",
                hint_for(name, {"null", "boolean", "number", "text"}));
  }

  std::int32_t literal(const JsonIn &json, const std::string &path) {
    if (!only_keys(json, {"literal", "type"}, path)) return kNone;
    Constant constant;
    if (!read_value_type(json, path, constant.type)) return kNone;
    const JsonIn &value = json.at("literal");
    bool ok = constant.type == ValueType::kNull   ? value.is_null()
              : constant.type == ValueType::kBool ? value.is_boolean()
                                                  : value.is_string();
    if (!ok) {
      fail(path + ".literal", std::string("expected a value of type ") +
                                  value_type_name(constant.type) +
                                  (constant.type == ValueType::kNumber ? " (as a string)" : ""));
      return kNone;
    }
    if (value.is_boolean()) constant.boolean = value.get<bool>();
    if (value.is_string()) constant.text = value.get<std::string>();
    ExprNode node;
    node.op = ExprOp::kLiteral;
    node.type = constant.type;
    node.payload = intern_constant(std::move(constant));
    return program_.add_node(node, {});
  }

  // An operator or a function call: its arguments first, then its own regex, then the node.
  std::int32_t operation(const JsonIn &json, const std::string &path, int depth) {
    ExprNode node;
    std::string name;
    bool is_call = json.contains("call");
    if (!read_string(json.at(is_call ? "call" : "op"), path + (is_call ? ".call" : ".op"), name))
      return kNone;
    if (is_call) {
      const FunctionSpec *spec = find_function(name);
      if (spec == nullptr) {
        fail(path + ".call", "unknown function \"" + name + "\"", hint_for(name, function_names()));
        return kNone;
      }
      node.op = ExprOp::kCall;
      node.payload = static_cast<std::int32_t>(spec->id);
    } else {
      const char *const *found =
          std::find_if(std::begin(kOperatorNames), std::end(kOperatorNames),
                       [&](const char *candidate) { return name == candidate; });
      auto op = static_cast<ExprOp>(found - std::begin(kOperatorNames));
      if (found == std::end(kOperatorNames) || op == ExprOp::kLiteral || op == ExprOp::kField ||
          op == ExprOp::kCall) {
        std::vector<std::string_view> names(std::begin(kOperatorNames) + 2,
                                            std::end(kOperatorNames) - 1);
        fail(path + ".op", "unknown operator \"" + name + "\"", hint_for(name, names));
        return kNone;
      }
      node.op = op;
    }

    std::uint8_t allowed = allowed_expr_flags(node);
    bool has_pattern = node.op == ExprOp::kRegexMatch ||
                       (is_call && takes_pattern(static_cast<Function>(node.payload)));
    std::vector<std::string_view> keys = {is_call ? "call" : "op", "type", "args"};
    if (allowed & kNumericCompare) keys.push_back("numeric");
    if (allowed & kNegated) keys.push_back("negated");
    if (allowed & kIgnoreCase) keys.push_back("ignore_case");
    if (has_pattern) keys.push_back("pattern");
    if (!only_keys(json, keys, path) || !read_value_type(json, path, node.type)) return kNone;
    bool numeric = false, negated = false, ignore_case = false;
    if (!read_bool(member(json, "numeric", path, false), path + ".numeric", numeric) ||
        !read_bool(member(json, "negated", path, false), path + ".negated", negated) ||
        !read_bool(member(json, "ignore_case", path, false), path + ".ignore_case", ignore_case))
      return kNone;
    node.flags =
        static_cast<std::uint8_t>((numeric ? kNumericCompare : 0) | (negated ? kNegated : 0) |
                                  (ignore_case ? kIgnoreCase : 0));
    RegexSpec regex;
    regex.ignore_case = ignore_case;
    if (has_pattern) {
      const JsonIn *pattern = member(json, "pattern", path, true);
      if (pattern == nullptr || !read_string(*pattern, path + ".pattern", regex.pattern))
        return kNone;
    }

    const JsonIn *args = member(json, "args", path, true);
    if (args == nullptr) return kNone;
    if (!args->is_array()) {
      fail(path + ".args", "expected an array");
      return kNone;
    }
    std::vector<std::int32_t> operands;
    for (std::size_t i = 0; i < args->size(); ++i) {
      operands.push_back(
          expression((*args)[i], path + ".args[" + std::to_string(i) + "]", depth + 1));
      if (operands.back() == kNone) return kNone;
    }
    if (has_pattern) {
      std::int32_t index = intern_regex(regex);
      if (node.op == ExprOp::kRegexMatch)
        node.payload = index;
      else
        node.aux = index;
    }
    return program_.add_node(node, operands);
  }

  // Program::add_constant and intern_regex, with hashed lookups: a hostile value may hold
  // millions of literals, and a linear search for each would take hours.
  std::int32_t intern_constant(Constant constant) {
    std::string key = std::string(1, static_cast<char>(constant.type)) +
                      (constant.boolean ? 't' : 'f') + constant.text;
    auto [it, added] = constant_index_.emplace(
        std::move(key), static_cast<std::int32_t>(program_.constants.size()));
    if (added) program_.constants.push_back(std::move(constant));
    return it->second;
  }

  std::int32_t intern_regex(const RegexSpec &spec) {
    std::string key = (spec.ignore_case ? 'i' : 'c') + spec.pattern;
    auto [it, added] =
        regex_index_.emplace(std::move(key), static_cast<std::int32_t>(program_.regexes.size()));
    if (added) program_.regexes.push_back(spec);
    return it->second;
  }

  Diagnostics &diagnostics_;
  Program program_;
  FieldIndex field_index_;
  std::unordered_map<std::string, std::int32_t> constant_index_;
  std::unordered_map<std::string, std::int32_t> regex_index_;
  std::string rule_id_;   // of the rule being read, for messages
  SourceLocation where_;  // of the rule being read
};

}  // namespace

std::string serialize_json(const Program &program) {
  return JsonWriter(program).program().dump(-1, ' ', false, JsonOut::error_handler_t::replace);
}

std::optional<Program> deserialize_json(std::string_view text, Diagnostics &diagnostics) {
  if (text.size() > kMaxJsonBytes) {
    diagnostics.error(ErrorCode::kInvalidText, "rule_ir JSON text is larger than 64 MiB", {});
    return std::nullopt;
  }
  if (json_nesting(text, kMaxJsonNesting) > kMaxJsonNesting) {
    diagnostics.error(
        ErrorCode::kInvalidText,
        "rule_ir JSON nests deeper than " + std::to_string(kMaxJsonNesting) + " levels", {});
    return std::nullopt;
  }
  JsonIn root = JsonIn::parse(text, nullptr, false);
  if (root.is_discarded()) {
    SyntaxErrorRecorder recorder;
    JsonIn::sax_parse(text, &recorder);
    diagnostics.error(ErrorCode::kInvalidText,
                      "rule_ir value is not valid JSON: " + recorder.message, {});
    return std::nullopt;
  }
  return JsonReader(diagnostics).read(root);
}

}  // namespace smart_rules
