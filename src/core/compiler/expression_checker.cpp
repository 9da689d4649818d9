// Type checker, constant folder and emitter of the expression language; defines
// compile_expression (see expression.hpp and expression_checker.hpp).
//
// Decisions (RULES.md "Expressions" leaves them to the implementation):
// - Lexing: identifiers [A-Za-z_][A-Za-z0-9_]*, folded to lower case unless written as a
//   "quoted identifier" ("" escapes a quote), which keeps its exact spelling; 'text' ('' escapes
//   a quote); numbers digits(.digits)? with the unary minus an operator. Keywords (and or not is
//   null in between true false) and function names are case-insensitive; a keyword is never a
//   bare field name.
// - Depth: each operator, function call and parenthesised group is a level; beyond
//   ExpressionLimits::max_depth the parser stops with kLimitExceeded, so no walk here recurses
//   deeper than that. `a + b + c` is left-deep: every operator of a chain counts.
// - Types: a field is text; literals have their own type; null is compatible with everything.
//   and/or/not take boolean (or null) operands. Comparisons give boolean: with a number on either
//   side they compare numbers (flag kNumericCompare: text is parsed as a plain decimal at run
//   time), two texts compare as text, booleans compare only with booleans and only by = and !=.
//   ~ ~* !~ !~* take text on the left and a text literal on the right (an RE2 pattern, checked
//   now; ~* and !~* ignore case). IN takes literals (a '-' before a number included) and BETWEEN
//   sums, with the comparison rules (BETWEEN never on booleans). + - * / % and unary '-' take
//   number, text or null and give a number; || takes text, number or null and gives text.
//   Functions: names, arity and parameter kinds from the registry (functions.hpp); a text
//   parameter accepts text or null; a pattern must be a text literal and flags the literal 'i'.
//   coalesce is a number if any argument is a number, else text, boolean or null, and cannot
//   mix booleans with text or numbers.
// - Roles: `when` needs boolean or null; calculate's expr needs number, text or null.
// - Errors: the parser stops at the first syntax error (kSyntax "syntax error at or near ...");
//   the checker goes on after a type error so that several are reported, but says nothing more
//   about a node whose operand failed. Each error points at the offending operand, operator or
//   function name: with source.exact_columns the column is source.where.column plus the code
//   points before it, otherwise source.where; rule_id is always source.rule_id.
// - Folding, kept to what needs no run-time semantics: `-number` is a negative literal, `not` of
//   a boolean literal is a literal, and/or drop a literal true/false operand or become it
//   (true and x -> x, false and x -> false, true or x -> true, false or x -> x, either side).
//   Nested and/or are flattened into one node with n operands.
// - Emission happens only once the whole expression checked without error, so a failed
//   expression leaves the Program as it was. Nodes are appended in post-order, and fields,
//   constants (numbers in canonical form) and regexes are interned as their node is appended,
//   in that same order (the IR reader relies on it to rebuild the tables).
#include "compiler/expression_checker.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/expression_parser.hpp"
#include "compiler/functions.hpp"
#include "compiler/regex_check.hpp"
#include "text/numbers.hpp"

namespace smart_rules {

namespace {

// A checked node, not yet in the Program: what to intern is kept by value until emission.
struct TypedNode {
  ExprOp op = ExprOp::kLiteral;
  ValueType type = ValueType::kNull;
  std::uint8_t flags = 0;
  std::int32_t function = kNone;   // kCall: the Function
  Constant constant;               // kLiteral
  std::string field;               // kField
  std::optional<RegexSpec> regex;  // kRegexMatch and matches()
  std::vector<std::int32_t> operands;
};

// Which kinds of non-null value a group of operands holds (comparisons, IN, coalesce).
struct TypeMix {
  bool boolean = false;
  bool number = false;
  bool text = false;

  void add(ValueType type) {
    boolean |= type == ValueType::kBool;
    number |= type == ValueType::kNumber;
    text |= type == ValueType::kText;
  }
  bool mixes_boolean() const { return boolean && (number || text); }
  // The type that is not boolean, for "cannot compare boolean with ..." messages.
  ValueType other() const { return number ? ValueType::kNumber : ValueType::kText; }
};

bool is_equality(ExprOp op) { return op == ExprOp::kEq || op == ExprOp::kNe || op == ExprOp::kIn; }

std::string arity_text(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " argument" : " arguments");
}

class Checker {
 public:
  Checker(const ExpressionAst &ast, const ExpressionSource &source, Diagnostics &diagnostics)
      : ast_(ast), source_(source), diagnostics_(diagnostics) {}

  // Checks the subtree at `index` of the AST: the index of its typed node, or kNone after an
  // error (reported here or below). Siblings are checked even after an error, so that several
  // type errors can be reported at once; a node with a failed operand reports nothing more.
  std::int32_t check(std::int32_t index) {
    const AstNode &node = ast_.nodes[index];
    switch (node.op) {
      case ExprOp::kLiteral: return add(literal_from(node));
      case ExprOp::kField: {
        TypedNode field = typed(ExprOp::kField, ValueType::kText);
        field.field = node.text;
        return add(std::move(field));
      }
      case ExprOp::kNot: return check_not(node);
      case ExprOp::kAnd:
      case ExprOp::kOr: return check_logical(node);
      case ExprOp::kEq:
      case ExprOp::kNe:
      case ExprOp::kLt:
      case ExprOp::kLe:
      case ExprOp::kGt:
      case ExprOp::kGe:
      case ExprOp::kIn:
      case ExprOp::kBetween: return check_comparison(node);
      case ExprOp::kRegexMatch: return check_regex_match(node);
      case ExprOp::kIsNull: {
        const std::int32_t operand = check(node.children[0]);
        if (operand == kNone) return kNone;
        TypedNode is_null = typed(ExprOp::kIsNull, ValueType::kBool, node.flags);
        is_null.operands = {operand};
        return add(std::move(is_null));
      }
      case ExprOp::kAdd:
      case ExprOp::kSub:
      case ExprOp::kMul:
      case ExprOp::kDiv:
      case ExprOp::kMod:
      case ExprOp::kNeg:
      case ExprOp::kConcat: return check_arithmetic(node);
      case ExprOp::kCall: return check_call(node);
    }
    return kNone;
  }

  // Whether the checked root suits `role`; reports why not.
  bool check_role(std::int32_t root, ExpressionRole role) {
    const ValueType type = typed_[root].type;
    const AstNode &node = ast_.nodes[ast_.root];
    if (role == ExpressionRole::kCondition) {
      if (type == ValueType::kBool || type == ValueType::kNull) return true;
      mismatch(std::string("argument of WHEN must be boolean, not ") + value_type_name(type),
               node.start, condition_hint(type));
      return false;
    }
    if (type != ValueType::kBool) return true;
    mismatch("argument of calculate must be a number, not boolean", node.start,
             "calculate computes a number, for example: price * 1.1");
    return false;
  }

  // Appends the typed subtree at `index` to `program` in post-order; the index of its root.
  std::int32_t emit(std::int32_t index, Program &program) const {
    const TypedNode &node = typed_[index];
    std::vector<std::int32_t> operands;
    operands.reserve(node.operands.size());
    for (std::int32_t operand : node.operands) operands.push_back(emit(operand, program));
    ExprNode out;
    out.op = node.op;
    out.type = node.type;
    out.flags = node.flags;
    if (node.op == ExprOp::kLiteral) out.payload = program.add_constant(node.constant);
    if (node.op == ExprOp::kField) out.payload = program.intern_field(node.field);
    if (node.op == ExprOp::kCall) out.payload = node.function;
    if (node.regex) {
      const std::int32_t regex = program.intern_regex(*node.regex);
      (node.op == ExprOp::kRegexMatch ? out.payload : out.aux) = regex;
    }
    return program.add_node(out, operands);
  }

 private:
  static TypedNode typed(ExprOp op, ValueType type, std::uint8_t flags = 0) {
    TypedNode node;
    node.op = op;
    node.type = type;
    node.flags = flags;
    return node;
  }

  static TypedNode literal_from(const AstNode &node) {
    TypedNode literal = typed(ExprOp::kLiteral, node.literal_type);
    literal.constant.type = node.literal_type;
    literal.constant.boolean = node.boolean;
    if (node.literal_type == ValueType::kNumber)
      literal.constant.text = text::canonical_decimal(node.text);
    else if (node.literal_type == ValueType::kText)
      literal.constant.text = node.text;
    return literal;
  }

  std::int32_t add(TypedNode node) {
    typed_.push_back(std::move(node));
    return static_cast<std::int32_t>(typed_.size() - 1);
  }

  bool is_literal(std::int32_t index, ValueType type) const {
    return typed_[index].op == ExprOp::kLiteral && typed_[index].type == type;
  }
  bool is_bool_literal(std::int32_t index, bool value) const {
    return is_literal(index, ValueType::kBool) && typed_[index].constant.boolean == value;
  }

  // Checks every child; their typed indexes, or nothing when one of them failed.
  std::optional<std::vector<std::int32_t>> check_children(const AstNode &node) {
    std::vector<std::int32_t> out;
    bool failed = false;
    for (std::int32_t child : node.children) {
      const std::int32_t checked = check(child);
      failed |= checked == kNone;
      out.push_back(checked);
    }
    if (failed) return std::nullopt;
    return out;
  }

  // An operand of and/or/not must be boolean or null.
  bool require_boolean(const AstNode &op, std::int32_t child_ast, std::int32_t operand) {
    const ValueType type = typed_[operand].type;
    if (type == ValueType::kBool || type == ValueType::kNull) return true;
    mismatch("argument of " + op.spelling + " must be boolean, not " + value_type_name(type),
             ast_.nodes[child_ast].start);
    return false;
  }

  std::int32_t check_not(const AstNode &node) {
    const std::int32_t operand = check(node.children[0]);
    if (operand == kNone || !require_boolean(node, node.children[0], operand)) return kNone;
    if (is_literal(operand, ValueType::kBool)) {
      TypedNode folded = typed_[operand];
      folded.constant.boolean = !folded.constant.boolean;
      return add(std::move(folded));
    }
    TypedNode negation = typed(ExprOp::kNot, ValueType::kBool);
    negation.operands = {operand};
    return add(std::move(negation));
  }

  // a and b, a or b: folded when a side is a boolean literal, flattened into the operand list
  // of a child of the same operation.
  std::int32_t check_logical(const AstNode &node) {
    const auto operands = check_children(node);
    if (!operands) return kNone;
    const std::int32_t left = (*operands)[0], right = (*operands)[1];
    const bool left_ok = require_boolean(node, node.children[0], left);
    const bool right_ok = require_boolean(node, node.children[1], right);
    if (!left_ok || !right_ok) return kNone;
    // The literal that decides the result alone: false for and, true for or.
    const bool absorbing = node.op == ExprOp::kOr;
    if (is_bool_literal(left, absorbing)) return left;
    if (is_bool_literal(right, absorbing)) return right;
    if (is_bool_literal(left, !absorbing)) return right;
    if (is_bool_literal(right, !absorbing)) return left;
    TypedNode logical = typed(node.op, ValueType::kBool);
    for (std::int32_t side : {left, right}) {
      if (typed_[side].op == node.op)
        logical.operands.insert(logical.operands.end(), typed_[side].operands.begin(),
                                typed_[side].operands.end());
      else
        logical.operands.push_back(side);
    }
    return add(std::move(logical));
  }

  // = != < <= > >=, IN and BETWEEN: the operands must be comparable with one another.
  std::int32_t check_comparison(const AstNode &node) {
    const auto operands = check_children(node);
    if (!operands) return kNone;
    TypeMix mix;
    for (std::int32_t operand : *operands) mix.add(typed_[operand].type);
    if (mix.mixes_boolean()) {
      mismatch(std::string("cannot compare boolean with ") + value_type_name(mix.other()) +
                   " using " + node.spelling,
               node.offset);
      return kNone;
    }
    if (mix.boolean && !is_equality(node.op)) {
      mismatch("operator " + node.spelling + " cannot compare boolean values", node.offset,
               "booleans are compared with = and != only");
      return kNone;
    }
    TypedNode comparison = typed(node.op, ValueType::kBool, node.flags);
    if (mix.number) comparison.flags |= kNumericCompare;
    comparison.operands = std::move(*operands);
    return add(std::move(comparison));
  }

  // a ~ 'pattern' (and ~*, !~, !~*): operands [a], the pattern interned as a regex.
  std::int32_t check_regex_match(const AstNode &node) {
    const std::int32_t subject = check(node.children[0]);
    const std::int32_t pattern_ast = node.children[1];
    const bool ignore_case = (node.flags & kIgnoreCase) != 0;
    std::optional<RegexSpec> regex =
        check_pattern(pattern_ast, "right operand of " + node.spelling, ignore_case);
    if (subject == kNone || !regex) return kNone;
    const ValueType type = typed_[subject].type;
    if (type != ValueType::kText && type != ValueType::kNull) {
      mismatch("left operand of " + node.spelling + " must be text, not " + value_type_name(type),
               ast_.nodes[node.children[0]].start);
      return kNone;
    }
    TypedNode match = typed(ExprOp::kRegexMatch, ValueType::kBool, node.flags);
    match.regex = std::move(regex);
    match.operands = {subject};
    return add(std::move(match));
  }

  // A pattern operand (of ~ or matches) must be a text literal RE2 accepts.
  std::optional<RegexSpec> check_pattern(std::int32_t pattern_ast, const std::string &what,
                                         bool ignore_case) {
    const AstNode &pattern = ast_.nodes[pattern_ast];
    if (pattern.op != ExprOp::kLiteral || pattern.literal_type != ValueType::kText) {
      error(ErrorCode::kInvalidParameter, what + " must be a text literal", pattern.start,
            "patterns are compiled once, so they are written as 'text' literals");
      return std::nullopt;
    }
    RegexSpec spec{pattern.text, ignore_case};
    ErrorCode code = ErrorCode::kInvalidRegex;
    std::string message;
    if (!check_regex(spec, code, message)) {
      error(code, std::move(message), pattern.start);
      return std::nullopt;
    }
    return spec;
  }

  // + - * / % and unary '-' (number result), || (text result); booleans are refused.
  std::int32_t check_arithmetic(const AstNode &node) {
    const auto operands = check_children(node);
    if (!operands) return kNone;
    for (std::int32_t operand : *operands) {
      if (typed_[operand].type == ValueType::kBool) {
        mismatch("operator " + node.spelling + " cannot be applied to boolean", node.offset);
        return kNone;
      }
    }
    if (node.op == ExprOp::kNeg && is_literal((*operands)[0], ValueType::kNumber)) {
      TypedNode folded = typed_[(*operands)[0]];
      folded.constant.text = text::canonical_decimal(negated_decimal(folded.constant.text));
      return add(std::move(folded));
    }
    TypedNode arithmetic = typed(
        node.op, node.op == ExprOp::kConcat ? ValueType::kText : ValueType::kNumber);
    arithmetic.operands = std::move(*operands);
    return add(std::move(arithmetic));
  }

  static std::string negated_decimal(const std::string &decimal) {
    return decimal[0] == '-' ? decimal.substr(1) : "-" + decimal;
  }

  std::int32_t check_call(const AstNode &node) {
    const FunctionSpec *spec = find_function(node.text);
    if (!spec) {
      std::string hint;
      const std::string nearest = nearest_name(node.text, function_names());
      if (!nearest.empty()) hint = "did you mean \"" + nearest + "\"?";
      error(ErrorCode::kUndefinedFunction, "function " + node.text + " does not exist",
            node.offset, std::move(hint));
      check_children(node);  // still report errors inside the arguments
      return kNone;
    }
    const std::size_t most = spec->params.size();
    const std::size_t least = most - static_cast<std::size_t>(spec->optional_params);
    const std::size_t given = node.children.size();
    if (given < least || (given > most && !spec->variadic)) {
      const std::string takes =
          spec->variadic     ? "at least " + arity_text(least)
          : least == most    ? arity_text(least)
          : least + 1 == most ? std::to_string(least) + " or " + arity_text(most)
                              : std::to_string(least) + " to " + arity_text(most);
      error(ErrorCode::kUndefinedFunction,
            "function " + std::string(spec->name) + " takes " + takes + ", got " +
                std::to_string(given),
            node.offset);
      return kNone;
    }

    // Flags first: they decide how the pattern is compiled.
    bool ignore_case = false;
    bool failed = false;
    for (std::size_t i = 0; i < given; ++i) {
      if (spec->params[std::min(i, most - 1)] != FunctionParam::kFlagsLiteral) continue;
      const AstNode &flags = ast_.nodes[node.children[i]];
      if (flags.op == ExprOp::kLiteral && flags.literal_type == ValueType::kText &&
          flags.text == "i") {
        ignore_case = true;
      } else {
        error(ErrorCode::kInvalidParameter,
              argument_name(i, *spec) + " must be the text literal 'i' (ignore case)",
              flags.start);
        failed = true;
      }
    }
    TypedNode call = typed(ExprOp::kCall, spec->result, ignore_case ? kIgnoreCase : 0);
    call.function = static_cast<std::int32_t>(spec->id);
    TypeMix mix;
    for (std::size_t i = 0; i < given; ++i) {
      const std::int32_t child = node.children[i];
      switch (spec->params[std::min(i, most - 1)]) {
        case FunctionParam::kFlagsLiteral: break;
        case FunctionParam::kPatternLiteral:
          call.regex = check_pattern(child, argument_name(i, *spec), ignore_case);
          failed |= !call.regex;
          break;
        case FunctionParam::kText:
        case FunctionParam::kAny: {
          const std::int32_t argument = check(child);
          if (argument == kNone) {
            failed = true;
            break;
          }
          const ValueType type = typed_[argument].type;
          if (spec->params[std::min(i, most - 1)] == FunctionParam::kText &&
              type != ValueType::kText && type != ValueType::kNull) {
            mismatch(argument_name(i, *spec) + " must be text, not " + value_type_name(type),
                     ast_.nodes[child].start);
            failed = true;
          }
          mix.add(type);
          call.operands.push_back(argument);
          break;
        }
      }
    }
    if (failed) return kNone;
    if (spec->result == ValueType::kNull) {  // the common type of the arguments (coalesce)
      if (mix.mixes_boolean()) {
        mismatch(std::string(spec->name) + " cannot mix boolean with " +
                     value_type_name(mix.other()),
                 node.offset);
        return kNone;
      }
      call.type = mix.number    ? ValueType::kNumber
                  : mix.text    ? ValueType::kText
                  : mix.boolean ? ValueType::kBool
                                : ValueType::kNull;
    }
    return add(std::move(call));
  }

  static std::string argument_name(std::size_t index, const FunctionSpec &spec) {
    return "argument " + std::to_string(index + 1) + " of " + std::string(spec.name);
  }

  // The advice for a `when` that is not boolean: the expression itself turned into a test.
  std::string condition_hint(ValueType type) const {
    std::string_view text = source_.text;
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    const bool short_line =
        !text.empty() && text.size() <= 40 && text.find('\n') == std::string_view::npos;
    if (type == ValueType::kNumber)
      return "compare the value, for example: " +
             (short_line ? std::string(text) : std::string("length(title)")) + " > 0";
    return "compare the value, for example: " +
           (short_line ? std::string(text) : std::string("title")) + " is not null";
  }

  void mismatch(std::string message, std::size_t offset, std::string hint = {}) {
    error(ErrorCode::kDatatypeMismatch, std::move(message), offset, std::move(hint));
  }

  void error(ErrorCode code, std::string message, std::size_t offset, std::string hint = {}) {
    diagnostics_.error(code, std::move(message), expression_location(source_, offset),
                       source_.rule_id, std::move(hint));
  }

  const ExpressionAst &ast_;
  const ExpressionSource &source_;
  Diagnostics &diagnostics_;
  std::vector<TypedNode> typed_;
};

}  // namespace

std::int32_t check_expression(const ExpressionAst &ast, const ExpressionSource &source,
                              ExpressionRole role, Program &program, Diagnostics &diagnostics) {
  Checker checker(ast, source, diagnostics);
  const std::int32_t root = checker.check(ast.root);
  if (root == kNone || !checker.check_role(root, role)) return kNone;
  return checker.emit(root, program);
}

std::int32_t compile_expression(const ExpressionSource &source, ExpressionRole role,
                                Program &program, Diagnostics &diagnostics,
                                const ExpressionLimits &limits) {
  const std::optional<ExpressionAst> ast = parse_expression(source, limits, diagnostics);
  if (!ast) return kNone;
  return check_expression(*ast, source, role, program, diagnostics);
}

}  // namespace smart_rules
