// Unit tests of the expression compiler (compiler/expression.hpp): parsing, type checking,
// folding, emission order, positions of errors and limits. Compiled expressions are printed
// back as S-expressions so that expectations read like the tree they describe.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "compiler/expression.hpp"
#include "compiler/functions.hpp"

namespace smart_rules {
namespace {

std::string quoted_text(const std::string &text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

const char *op_name(ExprOp op) {
  switch (op) {
    case ExprOp::kNot: return "not";
    case ExprOp::kAnd: return "and";
    case ExprOp::kOr: return "or";
    case ExprOp::kEq: return "=";
    case ExprOp::kNe: return "!=";
    case ExprOp::kLt: return "<";
    case ExprOp::kLe: return "<=";
    case ExprOp::kGt: return ">";
    case ExprOp::kGe: return ">=";
    case ExprOp::kRegexMatch: return "~";
    case ExprOp::kIsNull: return "is-null";
    case ExprOp::kIn: return "in";
    case ExprOp::kBetween: return "between";
    case ExprOp::kAdd: return "+";
    case ExprOp::kSub: return "-";
    case ExprOp::kMul: return "*";
    case ExprOp::kDiv: return "/";
    case ExprOp::kMod: return "%";
    case ExprOp::kNeg: return "neg";
    case ExprOp::kConcat: return "||";
    default: return "?";
  }
}

// The subtree at `index` as an S-expression: literals as written in the language, fields by
// name, operators as (op:flags operands...), regexes as /pattern/.
std::string sexpr(const Program &program, std::int32_t index) {
  const ExprNode &node = program.nodes[index];
  if (node.op == ExprOp::kLiteral) {
    const Constant &c = program.constants[node.payload];
    switch (c.type) {
      case ValueType::kNull: return "null";
      case ValueType::kBool: return c.boolean ? "true" : "false";
      case ValueType::kNumber: return c.text;
      case ValueType::kText: return quoted_text(c.text);
    }
  }
  if (node.op == ExprOp::kField) return program.fields[node.payload];
  std::string out = "(";
  out += node.op == ExprOp::kCall
             ? std::string(function_spec(static_cast<Function>(node.payload)).name)
             : op_name(node.op);
  if (node.flags & kNumericCompare) out += ":num";
  if (node.flags & kNegated) out += ":not";
  if (node.flags & kIgnoreCase) out += ":i";
  for (std::int32_t operand : program.operands_of(node)) out += " " + sexpr(program, operand);
  const std::int32_t regex = node.op == ExprOp::kRegexMatch ? node.payload : node.aux;
  if (regex != kNone) out += " /" + program.regexes[regex].pattern + "/";
  return out + ")";
}

// The arena invariant: every operand of a node has a smaller index.
void expect_post_order(const Program &program) {
  for (std::size_t i = 0; i < program.nodes.size(); ++i)
    for (std::int32_t operand : program.operands_of(program.nodes[i]))
      EXPECT_LT(static_cast<std::size_t>(operand), i) << "node " << i;
}

struct Result {
  std::int32_t root = kNone;
  Program program;
  Diagnostics diagnostics;
};

Result compile(std::string_view text, ExpressionRole role = ExpressionRole::kCondition,
               const ExpressionLimits &limits = {}) {
  Result result;
  ExpressionSource source{text, SourceLocation{3, 11}, true, "rule-1"};
  result.root = compile_expression(source, role, result.program, result.diagnostics, limits);
  return result;
}

// Compiles an expression that must be valid; its tree as an S-expression.
std::string ok(std::string_view text, ExpressionRole role = ExpressionRole::kCondition) {
  Result result = compile(text, role);
  EXPECT_FALSE(result.diagnostics.has_errors())
      << text << ": " << (result.diagnostics.has_errors()
                              ? result.diagnostics.first_error().message
                              : std::string());
  if (result.root == kNone) return "<error>";
  EXPECT_EQ(static_cast<std::size_t>(result.root), result.program.nodes.size() - 1);
  expect_post_order(result.program);
  return sexpr(result.program, result.root);
}

ValueType type_of(std::string_view text, ExpressionRole role = ExpressionRole::kNumeric) {
  Result result = compile(text, role);
  EXPECT_NE(result.root, kNone) << text;
  for (const ExprNode &node : result.program.nodes) EXPECT_TRUE(node.type <= ValueType::kText);
  return result.root == kNone ? ValueType::kNull : result.program.nodes[result.root].type;
}

// Compiles an expression that must fail; its first error. Nothing may reach the arena.
Diagnostic fails(std::string_view text, ExpressionRole role = ExpressionRole::kCondition,
                 const ExpressionLimits &limits = {}) {
  Result result = compile(text, role, limits);
  EXPECT_EQ(result.root, kNone) << text;
  EXPECT_TRUE(result.diagnostics.has_errors()) << text;
  EXPECT_TRUE(result.program.nodes.empty()) << text;
  EXPECT_TRUE(result.program.fields.empty()) << text;
  if (!result.diagnostics.has_errors()) return Diagnostic{};
  const Diagnostic &error = result.diagnostics.first_error();
  EXPECT_EQ(error.rule_id, "rule-1");
  return error;
}

std::string repeat(std::string_view part, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += part;
  return out;
}

TEST(ExpressionLiterals, EachKindOfLiteral) {
  EXPECT_EQ(ok("true"), "true");
  EXPECT_EQ(ok("false"), "false");
  EXPECT_EQ(ok("null"), "null");
  EXPECT_EQ(ok("007.50", ExpressionRole::kNumeric), "7.50");
  EXPECT_EQ(ok("'it''s'", ExpressionRole::kNumeric), "'it''s'");
  EXPECT_EQ(ok("''", ExpressionRole::kNumeric), "''");
  EXPECT_EQ(type_of("1"), ValueType::kNumber);
  EXPECT_EQ(type_of("'1'"), ValueType::kText);
  EXPECT_EQ(type_of("true", ExpressionRole::kCondition), ValueType::kBool);
  EXPECT_EQ(type_of("null"), ValueType::kNull);
}

TEST(ExpressionFields, UnquotedNamesFoldToLowerCaseQuotedNamesKeepTheirSpelling) {
  Result result = compile("Title IS NULL and \"Title\" is null and \"a\"\"b c\" is null");
  ASSERT_NE(result.root, kNone);
  EXPECT_EQ(result.program.fields, (std::vector<std::string>{"title", "Title", "a\"b c"}));
  EXPECT_EQ(result.program.nodes[0].type, ValueType::kText);
}

TEST(ExpressionFields, KeywordIsNotAFieldUnlessQuoted) {
  EXPECT_EQ(fails("and = 'x'").message, "syntax error at or near \"and\"");
  EXPECT_EQ(fails("x = Between").message, "syntax error at or near \"Between\"");
  EXPECT_EQ(ok("\"and\" = 'x'"), "(= and 'x')");
}

TEST(ExpressionKeywords, AreCaseInsensitive) {
  EXPECT_EQ(ok("title IS NOT NULL AND Price > 10 Or NOT x In ('a')"),
            "(or (and (is-null:not title) (>:num price 10)) (not (in x 'a')))");
  EXPECT_EQ(ok("x NoT BeTwEeN 1 AnD 2"), "(between:num:not x 1 2)");
  EXPECT_EQ(ok("TRUE"), "true");
  EXPECT_EQ(ok("x = NULL"), "(= x null)");
}

TEST(ExpressionComparison, EveryOperatorOnTexts) {
  EXPECT_EQ(ok("a = b"), "(= a b)");
  EXPECT_EQ(ok("a != b"), "(!= a b)");
  EXPECT_EQ(ok("a <> b"), "(!= a b)");
  EXPECT_EQ(ok("a < b"), "(< a b)");
  EXPECT_EQ(ok("a <= b"), "(<= a b)");
  EXPECT_EQ(ok("a > b"), "(> a b)");
  EXPECT_EQ(ok("a >= 'x'"), "(>= a 'x')");
}

TEST(ExpressionComparison, ANumberOnEitherSideComparesNumbers) {
  EXPECT_EQ(ok("price >= 10.5"), "(>=:num price 10.5)");
  EXPECT_EQ(ok("length(title) > '60'"), "(>:num (length title) '60')");
  EXPECT_EQ(ok("a + 0 = b"), "(=:num (+ a 0) b)");
  EXPECT_EQ(ok("a = -1"), "(=:num a -1)");
}

TEST(ExpressionComparison, BooleansCompareWithBooleansByEqualityOnly) {
  EXPECT_EQ(ok("is_empty(a) = true"), "(= (is_empty a) true)");
  EXPECT_EQ(ok("is_empty(a) <> is_empty(b)"), "(!= (is_empty a) (is_empty b))");
  EXPECT_EQ(ok("is_empty(a) = null"), "(= (is_empty a) null)");
  Diagnostic error = fails("is_empty(a) = 'yes'");
  EXPECT_EQ(error.code, ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(error.message, "cannot compare boolean with text using =");
  EXPECT_EQ(fails("1 != true").message, "cannot compare boolean with number using !=");
  error = fails("is_empty(a) < true");
  EXPECT_EQ(error.code, ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(error.message, "operator < cannot compare boolean values");
  EXPECT_EQ(error.hint, "booleans are compared with = and != only");
}

TEST(ExpressionComparison, ChainedComparisonIsASyntaxError) {
  EXPECT_EQ(fails("a = b = c").message, "syntax error at or near \"=\"");
}

TEST(ExpressionRegex, EveryMatchOperator) {
  Result result = compile("a ~ 'x+' and a ~* 'x+' and b !~ '^y' and b !~* '^y'");
  ASSERT_NE(result.root, kNone);
  EXPECT_EQ(sexpr(result.program, result.root),
            "(and (~ a /x+/) (~:i a /x+/) (~:not b /^y/) (~:not:i b /^y/))");
  // One regex per pattern and case mode.
  ASSERT_EQ(result.program.regexes.size(), 4u);
  EXPECT_FALSE(result.program.regexes[0].ignore_case);
  EXPECT_TRUE(result.program.regexes[1].ignore_case);
  EXPECT_EQ(result.program.regexes[2].pattern, "^y");
  EXPECT_TRUE(result.program.regexes[3].ignore_case);
  EXPECT_EQ(ok("null ~ 'a'"), "(~ null /a/)");
  EXPECT_EQ(ok("a ~ ('(x|y)')"), "(~ a /(x|y)/)");
}

TEST(ExpressionRegex, BadPatternIsInvalidRegex) {
  Diagnostic error = fails("title ~ 'a('");
  EXPECT_EQ(error.code, ErrorCode::kInvalidRegex);
  EXPECT_EQ(error.message.rfind("invalid regular expression: ", 0), 0u) << error.message;
  EXPECT_EQ(error.where.column, 11 + 8);
  EXPECT_EQ(fails("matches(title, '[z-a]')").code, ErrorCode::kInvalidRegex);
}

TEST(ExpressionRegex, HugePatternIsLimitExceeded) {
  Diagnostic error = fails("title ~ '\\pL{1000}'");
  EXPECT_EQ(error.code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(error.where.column, 11 + 8);
  EXPECT_EQ(fails("matches(title, '(?s).{300}\\pL{300}', 'i')").code, ErrorCode::kLimitExceeded);
  // RE2 refuses nested repetitions over 1000 before measuring memory; the code is whatever
  // check_regex() makes of RE2's "invalid repetition size".
  error = fails("title ~ '((a{1000}){1000}){1000}'");
  EXPECT_TRUE(error.code == ErrorCode::kInvalidRegex || error.code == ErrorCode::kLimitExceeded);
}

TEST(ExpressionRegex, PatternMustBeATextLiteral) {
  Diagnostic error = fails("title ~ pattern");
  EXPECT_EQ(error.code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(error.message, "right operand of ~ must be a text literal");
  EXPECT_EQ(fails("title !~* 'a' || 'b'").message, "right operand of !~* must be a text literal");
  EXPECT_EQ(fails("title ~ 5").code, ErrorCode::kInvalidParameter);
}

TEST(ExpressionRegex, SubjectMustBeText) {
  Diagnostic error = fails("length(title) ~ '1'");
  EXPECT_EQ(error.code, ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(error.message, "left operand of ~ must be text, not number");
}

TEST(ExpressionIsNull, BothForms) {
  EXPECT_EQ(ok("a is null"), "(is-null a)");
  EXPECT_EQ(ok("a is not null"), "(is-null:not a)");
  EXPECT_EQ(ok("is_empty(a) is null"), "(is-null (is_empty a))");
  EXPECT_EQ(fails("a is 5").message, "syntax error at or near \"5\"");
}

TEST(ExpressionIn, LiteralsOnlyWithNumericComparisonWhenANumberTakesPart) {
  EXPECT_EQ(ok("a in ('x', 'y')"), "(in a 'x' 'y')");
  EXPECT_EQ(ok("a not in ('x', null)"), "(in:not a 'x' null)");
  EXPECT_EQ(ok("a in ('x', -1.50, 2)"), "(in:num a 'x' -1.50 2)");
  EXPECT_EQ(ok("length(a) in ('3')"), "(in:num (length a) '3')");
  EXPECT_EQ(ok("is_empty(a) in (true, null)"), "(in (is_empty a) true null)");
  EXPECT_EQ(fails("a in (b)").message, "syntax error at or near \"b\"");
  EXPECT_EQ(fails("a in ()").message, "syntax error at or near \")\"");
  EXPECT_EQ(fails("a in ('x'").message, "syntax error at end of expression");
  EXPECT_EQ(fails("a in (- 'x')").message, "syntax error at or near \"-\"");
  EXPECT_EQ(fails("a not like 'x'").message, "syntax error at or near \"like\"");
  Diagnostic error = fails("is_empty(a) in (1)");
  EXPECT_EQ(error.code, ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(error.message, "cannot compare boolean with number using IN");
}

TEST(ExpressionBetween, BoundsAreSums) {
  EXPECT_EQ(ok("a between 1 and b + 2 and c = 'x'"),
            "(and (between:num a 1 (+ b 2)) (= c 'x'))");
  EXPECT_EQ(ok("a not between 'a' and 'm'"), "(between:not a 'a' 'm')");
  EXPECT_EQ(fails("is_empty(a) between true and false").message,
            "operator BETWEEN cannot compare boolean values");
  EXPECT_EQ(fails("a between 1").message, "syntax error at end of expression");
}

TEST(ExpressionArithmetic, EveryOperatorAndPrecedence) {
  constexpr ExpressionRole kNumeric = ExpressionRole::kNumeric;
  EXPECT_EQ(ok("a + b - c", kNumeric), "(- (+ a b) c)");
  EXPECT_EQ(ok("a + b * c", kNumeric), "(+ a (* b c))");
  EXPECT_EQ(ok("a / b % c", kNumeric), "(% (/ a b) c)");
  EXPECT_EQ(ok("-a * b", kNumeric), "(* (neg a) b)");
  EXPECT_EQ(ok("(a + b) * c", kNumeric), "(* (+ a b) c)");
  EXPECT_EQ(ok("a || b + c", kNumeric), "(+ (|| a b) c)");
  EXPECT_EQ(ok("a || 1 || null", kNumeric), "(|| (|| a 1) null)");
  EXPECT_EQ(type_of("a + 'b'"), ValueType::kNumber);
  EXPECT_EQ(type_of("-a"), ValueType::kNumber);
  EXPECT_EQ(type_of("1 || 2"), ValueType::kText);
  EXPECT_EQ(ok("a - -b", kNumeric), "(- a (neg b))");
}

TEST(ExpressionArithmetic, BooleansAreRefused) {
  Diagnostic error = fails("1 + true", ExpressionRole::kNumeric);
  EXPECT_EQ(error.code, ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(error.message, "operator + cannot be applied to boolean");
  EXPECT_EQ(fails("-is_empty(a)", ExpressionRole::kNumeric).message,
            "operator - cannot be applied to boolean");
  EXPECT_EQ(fails("a || false", ExpressionRole::kNumeric).message,
            "operator || cannot be applied to boolean");
  EXPECT_EQ(fails("a % (b = c)", ExpressionRole::kNumeric).message,
            "operator % cannot be applied to boolean");
}

TEST(ExpressionLogic, OperandsMustBeBoolean) {
  Diagnostic error = fails("title and true");
  EXPECT_EQ(error.code, ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(error.message, "argument of AND must be boolean, not text");
  EXPECT_EQ(fails("not 1").message, "argument of NOT must be boolean, not number");
  EXPECT_EQ(fails("a = b or length(c)").message, "argument of OR must be boolean, not number");
  EXPECT_EQ(ok("null and a = b"), "(and null (= a b))");
}

TEST(ExpressionLogic, SeveralTypeErrorsAreReportedAtOnce) {
  Result result = compile("(a and b) or upper(1) = 'x' or matches(c, 'a', 'x')");
  EXPECT_EQ(result.root, kNone);
  ASSERT_EQ(result.diagnostics.error_count(), 4u);
  const auto &all = result.diagnostics.all();
  EXPECT_EQ(all[0].message, "argument of AND must be boolean, not text");
  EXPECT_EQ(all[0].where.column, 11 + 1);
  EXPECT_EQ(all[1].where.column, 11 + 7);
  EXPECT_EQ(all[2].message, "argument 1 of upper must be text, not number");
  EXPECT_EQ(all[3].code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(all[3].message, "argument 3 of matches must be the text literal 'i' (ignore case)");
  EXPECT_TRUE(result.program.nodes.empty());
}

TEST(ExpressionLogic, NestedAndOrAreFlattened) {
  EXPECT_EQ(ok("a = '1' and b = '2' and c = '3'"), "(and (= a '1') (= b '2') (= c '3'))");
  EXPECT_EQ(ok("a = '1' and (b = '2' and c = '3')"), "(and (= a '1') (= b '2') (= c '3'))");
  EXPECT_EQ(ok("a = '1' or b = '2' and c = '3' or d = '4'"),
            "(or (= a '1') (and (= b '2') (= c '3')) (= d '4'))");
  EXPECT_EQ(ok("(a = '1' or b = '2') and c = '3'"), "(and (or (= a '1') (= b '2')) (= c '3'))");
}

TEST(ExpressionFolding, NegativeNumberLiterals) {
  constexpr ExpressionRole kNumeric = ExpressionRole::kNumeric;
  EXPECT_EQ(ok("-5", kNumeric), "-5");
  EXPECT_EQ(ok("- -5", kNumeric), "5");
  EXPECT_EQ(ok("-0.00", kNumeric), "0.00");
  EXPECT_EQ(ok("-(007)", kNumeric), "-7");
  EXPECT_EQ(ok("a * -1.5", kNumeric), "(* a -1.5)");
  EXPECT_EQ(ok("-'5'", kNumeric), "(neg '5')");
}

TEST(ExpressionFolding, NotOfABooleanLiteral) {
  EXPECT_EQ(ok("not true"), "false");
  EXPECT_EQ(ok("not not true"), "true");
  EXPECT_EQ(ok("not null"), "(not null)");
}

TEST(ExpressionFolding, AndOrWithABooleanLiteral) {
  EXPECT_EQ(ok("true and a = 'x'"), "(= a 'x')");
  EXPECT_EQ(ok("a = 'x' and true"), "(= a 'x')");
  EXPECT_EQ(ok("false or a = 'x'"), "(= a 'x')");
  EXPECT_EQ(ok("a = 'x' or false"), "(= a 'x')");
  EXPECT_EQ(ok("a = 'x' or true or b ~ 'y'"), "true");
  EXPECT_EQ(ok("true and null"), "null");
  EXPECT_EQ(ok("a = 'x' and not true and b = 'y'"), "false");
  EXPECT_EQ(ok("a = '1' and true and b = '2'"), "(and (= a '1') (= b '2'))");
  // What was folded away is not interned.
  Result result = compile("false and a ~ 'x' and b = 5");
  ASSERT_NE(result.root, kNone);
  EXPECT_TRUE(result.program.fields.empty());
  EXPECT_TRUE(result.program.regexes.empty());
  EXPECT_EQ(result.program.nodes.size(), 1u);
  // A folded-away branch is still checked.
  EXPECT_EQ(fails("false and a ~ '('").code, ErrorCode::kInvalidRegex);
  EXPECT_EQ(fails("true or 1").code, ErrorCode::kDatatypeMismatch);
}

// One call of every registered function with well-typed arguments compiles to a kCall of that
// function with the registry's result type.
TEST(ExpressionFunctions, EveryFunctionOfTheRegistry) {
  for (const FunctionSpec &spec : function_specs()) {
    std::string call = std::string(spec.name) + "(";
    std::size_t required = spec.params.size() - static_cast<std::size_t>(spec.optional_params);
    for (std::size_t i = 0; i < required; ++i) {
      if (i > 0) call += ", ";
      call += spec.params[i] == FunctionParam::kPatternLiteral ? std::string("'a+'")
                                                               : "field_" + std::to_string(i);
    }
    call += ")";
    Result result = compile(call, spec.result == ValueType::kBool ? ExpressionRole::kCondition
                                                                  : ExpressionRole::kNumeric);
    ASSERT_NE(result.root, kNone) << call;
    const ExprNode &root = result.program.nodes[result.root];
    EXPECT_EQ(root.op, ExprOp::kCall) << call;
    EXPECT_EQ(root.payload, static_cast<std::int32_t>(spec.id)) << call;
    const ValueType expected = spec.result == ValueType::kNull ? ValueType::kText : spec.result;
    EXPECT_EQ(root.type, expected) << call;
  }
}

TEST(ExpressionFunctions, MatchesKeepsOnlyItsSubjectAsOperand) {
  EXPECT_EQ(ok("matches(title, '^[A-Z]')"), "(matches title /^[A-Z]/)");
  Result result = compile("matches(title, 'abc', 'i')");
  ASSERT_NE(result.root, kNone);
  EXPECT_EQ(sexpr(result.program, result.root), "(matches:i title /abc/)");
  EXPECT_TRUE(result.program.regexes[0].ignore_case);
  EXPECT_EQ(result.program.nodes[result.root].aux, 0);
}

TEST(ExpressionFunctions, ContainsWithAndWithoutIgnoreCase) {
  EXPECT_EQ(ok("contains(title, 'kit')"), "(contains title 'kit')");
  EXPECT_EQ(ok("contains(title, sku, 'i')"), "(contains:i title sku)");
  EXPECT_EQ(ok("starts_with(a, 'x') and ends_with(a, 'y')"),
            "(and (starts_with a 'x') (ends_with a 'y'))");
}

TEST(ExpressionFunctions, NamesAreCaseInsensitive) {
  EXPECT_EQ(ok("LENGTH(Title) > 60"), "(>:num (length title) 60)");
  EXPECT_EQ(ok("Valid_Gtin(gtin)"), "(valid_gtin gtin)");
}

TEST(ExpressionFunctions, CoalesceTakesTheCommonType) {
  EXPECT_EQ(type_of("coalesce(a, 1)"), ValueType::kNumber);
  EXPECT_EQ(type_of("coalesce(a, 'x', null)"), ValueType::kText);
  EXPECT_EQ(type_of("coalesce(null)"), ValueType::kNull);
  EXPECT_EQ(type_of("coalesce(null, is_empty(a))", ExpressionRole::kCondition),
            ValueType::kBool);
  EXPECT_EQ(ok("coalesce(a, b, 'x')", ExpressionRole::kNumeric), "(coalesce a b 'x')");
  Diagnostic error = fails("coalesce(is_empty(a), 'x') = 'y'");
  EXPECT_EQ(error.code, ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(error.message, "coalesce cannot mix boolean with text");
}

TEST(ExpressionFunctions, UnknownFunctionWithHint) {
  Diagnostic error = fails("lenght(title) > 60");
  EXPECT_EQ(error.code, ErrorCode::kUndefinedFunction);
  EXPECT_EQ(error.message, "function lenght does not exist");
  EXPECT_EQ(error.hint, "did you mean \"length\"?");
  error = fails("frobnicate(title)");
  EXPECT_EQ(error.message, "function frobnicate does not exist");
  EXPECT_EQ(error.hint, "");
  EXPECT_EQ(fails("\"length\"(title) > 1").message, "syntax error at or near \"(\"");
}

TEST(ExpressionFunctions, ArityErrors) {
  Diagnostic error = fails("length(a, b) > 1");
  EXPECT_EQ(error.code, ErrorCode::kUndefinedFunction);
  EXPECT_EQ(error.message, "function length takes 1 argument, got 2");
  EXPECT_EQ(fails("matches(a)").message, "function matches takes 2 or 3 arguments, got 1");
  EXPECT_EQ(fails("contains(a, 'b', 'i', 'j')").message,
            "function contains takes 2 or 3 arguments, got 4");
  EXPECT_EQ(fails("coalesce() is null").message,
            "function coalesce takes at least 1 argument, got 0");
  EXPECT_EQ(fails("starts_with(a)").message, "function starts_with takes 2 arguments, got 1");
}

TEST(ExpressionFunctions, ParameterKinds) {
  Diagnostic error = fails("upper(1) = 'X'");
  EXPECT_EQ(error.code, ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(error.message, "argument 1 of upper must be text, not number");
  EXPECT_EQ(fails("is_empty(is_empty(a))").message,
            "argument 1 of is_empty must be text, not boolean");
  EXPECT_EQ(ok("is_empty(null)"), "(is_empty null)");
  error = fails("matches(a, b)");
  EXPECT_EQ(error.code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(error.message, "argument 2 of matches must be a text literal");
  EXPECT_EQ(fails("matches(a, 'x', 'I')").code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(fails("contains(a, 'x', flags)").message,
            "argument 3 of contains must be the text literal 'i' (ignore case)");
}

TEST(ExpressionRoles, ConditionMustBeBoolean) {
  Diagnostic error = fails("title");
  EXPECT_EQ(error.code, ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(error.message, "argument of WHEN must be boolean, not text");
  EXPECT_EQ(error.hint, "compare the value, for example: title is not null");
  EXPECT_EQ(error.where.column, 11);
  error = fails("length(title)");
  EXPECT_EQ(error.message, "argument of WHEN must be boolean, not number");
  EXPECT_EQ(error.hint, "compare the value, for example: length(title) > 0");
  EXPECT_EQ(ok("null"), "null");
}

TEST(ExpressionRoles, NumericRejectsBooleans) {
  EXPECT_EQ(ok("price * 1.10", ExpressionRole::kNumeric), "(* price 1.10)");
  EXPECT_EQ(ok("price", ExpressionRole::kNumeric), "price");
  Diagnostic error = fails("price > 1", ExpressionRole::kNumeric);
  EXPECT_EQ(error.code, ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(error.message, "argument of calculate must be a number, not boolean");
}

TEST(ExpressionPositions, ColumnOfTheOffendingToken) {
  // The source starts at line 3, column 11; columns count code points.
  Diagnostic error = fails("length(title) > 1 and lenght(x) > 0");
  EXPECT_EQ(error.where.line, 3);
  EXPECT_EQ(error.where.column, 11 + 22);
  EXPECT_EQ(fails("'ção' = x and foo(x)").where.column, 11 + 14);
  EXPECT_EQ(fails("title =").where.column, 11 + 7);
  EXPECT_EQ(fails("a = 'x' b").where.column, 11 + 8);
  EXPECT_EQ(fails("a + b > 1 and is_empty(a) < true").where.column, 11 + 26);
}

TEST(ExpressionPositions, InexactColumnsReportTheScalarPosition) {
  ExpressionSource source{"a = \n lenght(b)", SourceLocation{7, 5}, false, "r"};
  Program program;
  Diagnostics diagnostics;
  EXPECT_EQ(compile_expression(source, ExpressionRole::kCondition, program, diagnostics), kNone);
  ASSERT_TRUE(diagnostics.has_errors());
  EXPECT_EQ(diagnostics.first_error().where.line, 7);
  EXPECT_EQ(diagnostics.first_error().where.column, 5);
  EXPECT_EQ(diagnostics.first_error().rule_id, "r");
}

TEST(ExpressionSyntax, FirstErrorOnly) {
  Result result = compile("a = = b and c = = d");
  EXPECT_EQ(result.diagnostics.error_count(), 1u);
  EXPECT_EQ(result.diagnostics.first_error().code, ErrorCode::kSyntax);
  EXPECT_EQ(result.diagnostics.first_error().message, "syntax error at or near \"=\"");
}

TEST(ExpressionSyntax, LexicalErrors) {
  EXPECT_EQ(fails("").message, "syntax error at end of expression");
  EXPECT_EQ(fails("   ").message, "syntax error at end of expression");
  EXPECT_EQ(fails("a = 'abc").message, "unterminated quoted string at or near \"'abc\"");
  EXPECT_EQ(fails("\"abc = 1").message,
            "unterminated quoted identifier at or near \"\"abc = 1\"");
  EXPECT_EQ(fails("\"\" = 'x'").message, "zero-length delimited identifier at or near \"\"\"\"");
  EXPECT_EQ(fails("a $ b").message, "syntax error at or near \"$\"");
  EXPECT_EQ(fails("a = ç").message, "syntax error at or near \"ç\"");
  EXPECT_EQ(fails("a = 1.").message, "syntax error at or near \".\"");
  EXPECT_EQ(fails("a = .5").message, "syntax error at or near \".\"");
  EXPECT_EQ(fails("a == 1").message, "syntax error at or near \"=\"");
  EXPECT_EQ(fails("a = 'x' || 'y' |").message, "syntax error at or near \"|\"");
  EXPECT_EQ(fails("a = +1").message, "syntax error at or near \"+\"");
  EXPECT_EQ(fails("(a = 1").message, "syntax error at end of expression");
  EXPECT_EQ(fails("length(a,) > 1").message, "syntax error at or near \")\"");
  EXPECT_EQ(fails("a = 1)").message, "syntax error at or near \")\"");
  EXPECT_EQ(fails("a = 1abc").message, "syntax error at or near \"abc\"");
  EXPECT_EQ(fails("a = 'x' and").message, "syntax error at end of expression");
  EXPECT_EQ(fails("a = 'x' not").message, "syntax error at or near \"not\"");
  EXPECT_EQ(fails("a ~").message, "syntax error at end of expression");
  EXPECT_EQ(fails("a = '\xff'").message, "expression is not valid UTF-8");
}

TEST(ExpressionSyntax, WhitespaceAndEscapes) {
  EXPECT_EQ(ok("\ta\n=\r\n'x''y'  "), "(= a 'x''y')");
  EXPECT_EQ(ok("a!~*'x'"), "(~:not:i a /x/)");
  EXPECT_EQ(ok("a<>'x'"), "(!= a 'x')");
}

TEST(ExpressionDepth, SixtyFourLevelsAreAllowedSixtyFiveAreNot) {
  EXPECT_EQ(ok(repeat("(", 64) + "true" + repeat(")", 64)), "true");
  Diagnostic error = fails(repeat("(", 65) + "true" + repeat(")", 65));
  EXPECT_EQ(error.code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(error.message, "expression is nested more than 64 levels deep");
  EXPECT_EQ(error.where.column, 11 + 64);

  EXPECT_EQ(ok(repeat("not ", 64) + "true"), "true");
  EXPECT_EQ(fails(repeat("not ", 65) + "true").code, ErrorCode::kLimitExceeded);

  constexpr ExpressionRole kNumeric = ExpressionRole::kNumeric;
  EXPECT_EQ(ok(repeat("-", 64) + "1", kNumeric), "1");
  EXPECT_EQ(fails(repeat("-", 65) + "1", kNumeric).code, ErrorCode::kLimitExceeded);

  EXPECT_NE(ok("a" + repeat(" + a", 64), kNumeric), "<error>");
  EXPECT_EQ(fails("a" + repeat(" + a", 65), kNumeric).code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(fails("a = 'x'" + repeat(" or a = 'x'", 64)).code, ErrorCode::kLimitExceeded);

  EXPECT_NE(ok(repeat("lower(", 64) + "a" + repeat(")", 64), kNumeric), "<error>");
  EXPECT_EQ(fails(repeat("lower(", 65) + "a" + repeat(")", 65), kNumeric).code,
            ErrorCode::kLimitExceeded);
  // A group counts on top of what it holds: (a = 'x') is two levels.
  EXPECT_EQ(fails(repeat("(", 64) + "a = 'x'" + repeat(")", 64)).code,
            ErrorCode::kLimitExceeded);
}

TEST(ExpressionDepth, HugeNestingDoesNotOverflowTheStack) {
  ExpressionLimits limits;
  limits.max_text_bytes = 1 << 20;
  EXPECT_EQ(fails(repeat("(", 100000), ExpressionRole::kCondition, limits).code,
            ErrorCode::kLimitExceeded);
  EXPECT_EQ(fails(repeat("not ", 100000) + "true", ExpressionRole::kCondition, limits).code,
            ErrorCode::kLimitExceeded);
  EXPECT_EQ(fails(repeat("-", 100000) + "1", ExpressionRole::kNumeric, limits).code,
            ErrorCode::kLimitExceeded);
  EXPECT_EQ(fails(repeat("length(", 100000), ExpressionRole::kCondition, limits).code,
            ErrorCode::kLimitExceeded);
}

TEST(ExpressionLimitsTest, TextSize) {
  const std::string long_text = "a = '" + std::string(65536, 'x') + "'";
  Diagnostic error = fails(long_text);
  EXPECT_EQ(error.code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(error.message, "expression is longer than 65536 bytes");
  EXPECT_NE(ok("a = '" + std::string(65000, 'x') + "'"), "<error>");
}

TEST(ExpressionLimitsTest, LongInListIsFine) {
  std::string list = "a in (0";
  for (int i = 1; i < 5000; ++i) list += ", " + std::to_string(i);
  Result result = compile(list + ")");
  ASSERT_NE(result.root, kNone);
  EXPECT_EQ(result.program.nodes[result.root].operand_count, 5001u);
  EXPECT_EQ(result.program.constants.size(), 5000u);
}

TEST(ExpressionEmission, FailedExpressionLeavesTheArenaAsItWas) {
  Program program;
  Diagnostics diagnostics;
  ExpressionSource first{"a ~ 'x' and b > 1", SourceLocation{1, 1}, true, "r1"};
  ASSERT_NE(compile_expression(first, ExpressionRole::kCondition, program, diagnostics), kNone);
  const Program before = program;
  ExpressionSource second{"c ~ 'y' and d = 7 and e in ('q') and 1 + true > 2",
                          SourceLocation{2, 1}, true, "r2"};
  EXPECT_EQ(compile_expression(second, ExpressionRole::kCondition, program, diagnostics), kNone);
  EXPECT_TRUE(diagnostics.has_errors());
  EXPECT_EQ(program.nodes.size(), before.nodes.size());
  EXPECT_EQ(program.operands, before.operands);
  EXPECT_EQ(program.fields, before.fields);
  EXPECT_EQ(program.constants.size(), before.constants.size());
  EXPECT_EQ(program.regexes.size(), before.regexes.size());
}

TEST(ExpressionEmission, PostOrderWithTablesInternedInTheSameOrder) {
  Program program;
  Diagnostics diagnostics;
  ExpressionSource source{"b ~ 'x' or (a = 'k' and length(b) > 2) or matches(c, 'y')",
                          SourceLocation{1, 1}, true, "r"};
  const std::int32_t root =
      compile_expression(source, ExpressionRole::kCondition, program, diagnostics);
  ASSERT_NE(root, kNone);
  expect_post_order(program);
  EXPECT_EQ(static_cast<std::size_t>(root), program.nodes.size() - 1);
  EXPECT_EQ(program.fields, (std::vector<std::string>{"b", "a", "c"}));
  ASSERT_EQ(program.constants.size(), 2u);
  EXPECT_EQ(program.constants[0].text, "k");
  EXPECT_EQ(program.constants[1].text, "2");
  ASSERT_EQ(program.regexes.size(), 2u);
  EXPECT_EQ(program.regexes[0].pattern, "x");
  EXPECT_EQ(program.regexes[1].pattern, "y");
  // Walking the arena front to back meets each table entry first in index order.
  std::int32_t next_field = 0, next_constant = 0, next_regex = 0;
  auto meet = [](std::int32_t index, std::int32_t &next) {
    EXPECT_LE(index, next);
    if (index == next) ++next;
  };
  for (const ExprNode &node : program.nodes) {
    if (node.op == ExprOp::kField) meet(node.payload, next_field);
    if (node.op == ExprOp::kLiteral) meet(node.payload, next_constant);
    if (node.op == ExprOp::kRegexMatch) meet(node.payload, next_regex);
    if (node.op == ExprOp::kCall && node.aux != kNone) meet(node.aux, next_regex);
  }
  EXPECT_EQ(next_field, 3);
  EXPECT_EQ(next_constant, 2);
  EXPECT_EQ(next_regex, 2);
  EXPECT_EQ(sexpr(program, root),
            "(or (~ b /x/) (and (= a 'k') (>:num (length b) 2)) (matches c /y/))");
}

TEST(ExpressionEmission, SharedTablesAreReusedAcrossExpressions) {
  Program program;
  Diagnostics diagnostics;
  ExpressionSource first{"title ~ 'x'", SourceLocation{1, 1}, true, "r1"};
  ExpressionSource second{"length(title) > 1 and title ~ 'x'", SourceLocation{2, 1}, true, "r2"};
  const std::int32_t root1 =
      compile_expression(first, ExpressionRole::kCondition, program, diagnostics);
  const std::int32_t root2 =
      compile_expression(second, ExpressionRole::kCondition, program, diagnostics);
  ASSERT_NE(root1, kNone);
  ASSERT_NE(root2, kNone);
  EXPECT_LT(root1, root2);
  EXPECT_EQ(program.fields.size(), 1u);
  EXPECT_EQ(program.regexes.size(), 1u);
  expect_post_order(program);
}

}  // namespace
}  // namespace smart_rules
