// Tests of the IR's binary and JSON forms, the verifier, the template parser, the expression
// printer and explain. Programs are built by hand here (in the canonical order the compiler
// follows), so these tests do not depend on the YAML compiler.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/actions.hpp"
#include "compiler/compile.hpp"
#include "compiler/explain.hpp"
#include "compiler/expression_format.hpp"
#include "compiler/functions.hpp"
#include "compiler/ir_serialization.hpp"
#include "compiler/program.hpp"
#include "compiler/template.hpp"

namespace smart_rules {
namespace {

using Json = nlohmann::ordered_json;

ArgValue absent() { return {}; }
ArgValue null_arg() {
  ArgValue a;
  a.kind = ArgKind::kNull;
  return a;
}
ArgValue int_arg(std::int64_t value) {
  ArgValue a;
  a.kind = ArgKind::kInt;
  a.integer = value;
  return a;
}
ArgValue bool_arg(bool value) {
  ArgValue a;
  a.kind = ArgKind::kBool;
  a.boolean = value;
  return a;
}
ArgValue text_arg(const std::string &value) {
  ArgValue a;
  a.kind = ArgKind::kText;
  a.text = value;
  return a;
}
ArgValue number_arg(const std::string &value) {
  ArgValue a;
  a.kind = ArgKind::kNumber;
  a.text = value;
  return a;
}
ArgValue list_arg(std::vector<std::string> items) {
  ArgValue a;
  a.kind = ArgKind::kTextList;
  a.list = std::move(items);
  return a;
}
ArgValue map_arg(std::vector<std::pair<std::string, std::optional<std::string>>> entries) {
  ArgValue a;
  a.kind = ArgKind::kTextMap;
  a.map = std::move(entries);
  return a;
}
ArgValue expr_arg(std::int32_t root) {
  ArgValue a;
  a.kind = ArgKind::kExpr;
  a.index = root;
  return a;
}

// Builds a Program the way the compiler does: each rule's `when` first, then its actions with
// their arguments in parameter order, nodes appended in post-order.
class Builder {
 public:
  Program p;

  Builder() {
    p.ruleset = "test-set";
    p.version = "1.0.0";
  }

  std::int32_t node(ExprOp op, ValueType type, std::vector<std::int32_t> operands = {},
                    std::uint8_t flags = 0, std::int32_t payload = kNone,
                    std::int32_t aux = kNone) {
    ExprNode n;
    n.op = op;
    n.type = type;
    n.flags = flags;
    n.payload = payload;
    n.aux = aux;
    return p.add_node(n, operands);
  }
  std::int32_t field(const std::string &name) {
    return node(ExprOp::kField, ValueType::kText, {}, 0, p.intern_field(name));
  }
  std::int32_t literal(ValueType type, const std::string &text = {}, bool boolean = false) {
    return node(ExprOp::kLiteral, type, {}, 0, p.add_constant(Constant{type, text, boolean}));
  }
  std::int32_t text(const std::string &s) { return literal(ValueType::kText, s); }
  std::int32_t number(const std::string &s) { return literal(ValueType::kNumber, s); }
  std::int32_t boolean(bool b) { return literal(ValueType::kBool, {}, b); }
  std::int32_t null_literal() { return literal(ValueType::kNull); }
  std::int32_t logic(ExprOp op, std::vector<std::int32_t> operands) {
    return node(op, ValueType::kBool, std::move(operands));
  }
  std::int32_t compare(ExprOp op, std::vector<std::int32_t> operands, std::uint8_t flags = 0) {
    return node(op, ValueType::kBool, std::move(operands), flags);
  }
  std::int32_t arith(ExprOp op, std::vector<std::int32_t> operands) {
    return node(op, op == ExprOp::kConcat ? ValueType::kText : ValueType::kNumber,
                std::move(operands));
  }
  // `operand ~ pattern`: the regex is interned after the operand, as the reader does.
  std::int32_t match(std::int32_t operand, const std::string &pattern, std::uint8_t flags = 0) {
    std::int32_t regex = p.intern_regex(RegexSpec{pattern, (flags & kIgnoreCase) != 0});
    return node(ExprOp::kRegexMatch, ValueType::kBool, {operand}, flags, regex);
  }
  std::int32_t call(Function function, ValueType type, std::vector<std::int32_t> operands,
                    std::uint8_t flags = 0, const char *pattern = nullptr) {
    std::int32_t aux = kNone;
    if (pattern) aux = p.intern_regex(RegexSpec{pattern, (flags & kIgnoreCase) != 0});
    return node(ExprOp::kCall, type, std::move(operands), flags,
                static_cast<std::int32_t>(function), aux);
  }

  void rule(const std::string &id, const std::string &field_name, int line = 0) {
    Rule r;
    r.id = id;
    r.field = p.intern_field(field_name);
    r.where = {line == 0 ? static_cast<int>(p.rules.size()) * 10 + 3 : line, 5};
    p.rules.push_back(std::move(r));
  }
  void when(std::int32_t root) { p.rules.back().when = root; }
  void action(ActionKind kind, Kernel kernel, std::vector<ArgValue> args = {}) {
    Action a;
    a.kind = kind;
    a.kernel = kernel;
    a.args = std::move(args);
    a.where = {p.rules.back().where.line + 1 + static_cast<int>(p.rules.back().actions.size()), 9};
    p.rules.back().actions.push_back(std::move(a));
  }
  Template tmpl(const std::string &source) {
    std::string error;
    std::optional<Template> t = parse_template(source, p, error);
    EXPECT_TRUE(t) << error;
    return t ? *t : Template{};
  }
  ArgValue template_arg(const std::string &source) {
    ArgValue a;
    a.kind = ArgKind::kTemplate;
    a.tmpl = tmpl(source);
    return a;
  }
  ArgValue field_arg(const std::string &name) {
    ArgValue a;
    a.kind = ArgKind::kField;
    a.index = p.intern_field(name);
    return a;
  }
  ArgValue regex_arg(const std::string &pattern, bool ignore_case) {
    ArgValue a;
    a.kind = ArgKind::kRegex;
    a.index = p.intern_regex(RegexSpec{pattern, ignore_case});
    return a;
  }
};

constexpr std::uint8_t kNum = kNumericCompare;

// A program that uses every operator, every function and every action.
Program full_program() {
  Builder b;
  b.p.marketplace = "mercado_livre";
  b.p.description = "every feature once";
  b.p.pii = {"doc"};
  using E = ExprOp;
  using V = ValueType;
  using F = Function;

  b.rule("logic", "title");
  {
    std::int32_t a = b.logic(E::kNot, {b.compare(E::kEq, {b.field("title"), b.text("x")})});
    std::int32_t o = b.logic(E::kOr, {b.compare(E::kNe, {b.field("sku"), b.text("it's")}),
                                      b.compare(E::kLt, {b.field("price"), b.number("10")}, kNum)});
    std::int32_t le = b.compare(E::kLe, {b.field("price"), b.number("5.50")}, kNum);
    b.when(b.logic(E::kAnd, {a, o, le, b.boolean(true)}));
  }
  b.action(ActionKind::kTrim, Kernel::kTrim);

  b.rule("compare", "title");
  b.when(b.logic(
      E::kOr,
      {b.compare(E::kGt, {b.call(F::kLength, V::kNumber, {b.field("title")}), b.number("60")},
                 kNum),
       b.compare(E::kGe, {b.field("price"), b.number("-1.5")}, kNum),
       b.match(b.field("title"), "^a"), b.match(b.field("title"), "b+", kNegated | kIgnoreCase),
       b.compare(E::kIsNull, {b.field("title")}), b.compare(E::kIsNull, {b.field("sku")}, kNegated),
       b.compare(E::kIsNull, {b.null_literal()})}));
  b.action(ActionKind::kCollapseWhitespace, Kernel::kCollapseWhitespace);

  b.rule("sets", "sku");
  b.when(
      b.logic(E::kAnd,
              {b.compare(E::kIn, {b.field("sku"), b.text("a"), b.text("b")}),
               b.compare(E::kIn, {b.field("price"), b.number("1"), b.number("2")}, kNum | kNegated),
               b.compare(E::kBetween, {b.field("price"), b.number("1"), b.number("10")}, kNum),
               b.compare(E::kBetween, {b.field("sku"), b.text("a"), b.text("m")}, kNegated)}));
  b.action(ActionKind::kRemoveWhitespace, Kernel::kRemoveWhitespace);

  b.rule("arith", "price");
  {
    std::int32_t left =
        b.arith(E::kAdd, {b.arith(E::kMul, {b.field("price"), b.number("2")}),
                          b.arith(E::kDiv, {b.arith(E::kSub, {b.field("price"), b.number("1")}),
                                            b.arith(E::kMod, {b.field("price"), b.number("3")})})});
    std::int32_t gt = b.compare(E::kGt, {left, b.arith(E::kNeg, {b.number("5")})}, kNum);
    std::int32_t concat =
        b.compare(E::kEq, {b.arith(E::kConcat, {b.field("title"), b.field("sku")}), b.text("ab")});
    b.when(b.logic(E::kAnd, {gt, concat, b.logic(E::kNot, {b.boolean(false)})}));
  }
  b.action(ActionKind::kLower, Kernel::kLower);

  b.rule("calls", "title");
  {
    std::vector<std::int32_t> conditions = {
        b.call(F::kIsEmpty, V::kBool, {b.field("title")}),
        b.call(F::kIsAllCaps, V::kBool,
               {b.call(F::kUpper, V::kText,
                       {b.call(F::kLower, V::kText,
                               {b.call(F::kTrim, V::kText, {b.field("title")})})})}),
        b.compare(E::kGt, {b.call(F::kWordCount, V::kNumber, {b.field("title")}), b.number("2")},
                  kNum),
        b.compare(E::kGt, {b.call(F::kNumber, V::kNumber, {b.field("price")}), b.number("0")},
                  kNum),
        b.call(F::kMatches, V::kBool, {b.field("title")}, kIgnoreCase, "\\d+"),
        b.call(F::kMatches, V::kBool, {b.field("title")}, 0, "^a"),
        b.call(F::kContains, V::kBool, {b.field("title"), b.text("x")}, kIgnoreCase),
        b.call(F::kStartsWith, V::kBool, {b.field("title"), b.text("a")}),
        b.call(F::kEndsWith, V::kBool, {b.field("title"), b.text("z")}),
        b.call(F::kValidGtin, V::kBool, {b.field("gtin")}),
        b.call(F::kValidCpf, V::kBool, {b.field("doc")}),
        b.call(F::kValidCnpj, V::kBool, {b.field("doc")}),
        b.call(F::kValidCep, V::kBool, {b.field("cep")}),
        b.call(F::kValidNcm, V::kBool, {b.field("ncm")}),
        b.compare(E::kEq, {b.call(F::kCoalesce, V::kText, {b.field("title"), b.field("sku")}),
                           b.text("x")}),
    };
    b.when(b.logic(E::kAnd, conditions));
  }
  b.action(ActionKind::kUpper, Kernel::kUpper);
  b.action(ActionKind::kTitleCase, Kernel::kTitleCase);
  b.action(ActionKind::kRemoveAccents, Kernel::kRemoveAccents);
  b.action(ActionKind::kNormalizeUnicode, Kernel::kNormalizeUnicode);

  b.rule("text-edits", "title");
  b.action(ActionKind::kTruncate, Kernel::kTruncateWords,
           {int_arg(60), text_arg("word"), text_arg("\xe2\x80\xa6")});
  b.action(ActionKind::kTruncate, Kernel::kTruncateChars,
           {int_arg(10), text_arg("char"), absent()});
  b.action(ActionKind::kReplace, Kernel::kReplaceLiteralIgnoreCase,
           {text_arg("a"), text_arg(""), bool_arg(true)});
  b.action(ActionKind::kRegexReplace, Kernel::kRegexReplace,
           {b.regex_arg("\\s+", false), text_arg(" "), bool_arg(false)});
  b.action(ActionKind::kRegexReplace, Kernel::kReplaceLiteral,
           {b.regex_arg("abc", false), text_arg("b"), bool_arg(false)});
  b.action(ActionKind::kRemove, Kernel::kRemoveTerms, {list_arg({"promo", "oferta"})});
  b.action(ActionKind::kPrefix, Kernel::kPrefix, {text_arg("[")});
  b.action(ActionKind::kSuffix, Kernel::kSuffix, {text_arg("]")});
  b.action(ActionKind::kStripHtml, Kernel::kStripHtml);

  b.rule("numbers", "price");
  b.action(ActionKind::kDigitsOnly, Kernel::kDigitsOnly);
  b.action(ActionKind::kPadLeft, Kernel::kPadLeft, {int_arg(8), text_arg("0")});
  b.action(ActionKind::kParseDecimal, Kernel::kParseDecimal,
           {text_arg(","), text_arg("."), text_arg("null")});
  b.action(ActionKind::kParseDecimal, Kernel::kParseDecimal,
           {text_arg("."), absent(), text_arg("keep")});
  b.action(ActionKind::kRound, Kernel::kRound, {int_arg(2)});
  b.action(ActionKind::kClamp, Kernel::kClamp, {number_arg("0"), absent()});
  b.action(ActionKind::kCalculate, Kernel::kCalculate,
           {expr_arg(b.arith(
                E::kMul, {b.call(F::kNumber, V::kNumber, {b.field("price")}), b.number("1.1")})),
            int_arg(2)});

  b.rule("values", "brand");
  b.action(ActionKind::kSet, Kernel::kSetTemplate, {b.template_arg("{brand} by {{x}}")});
  b.action(ActionKind::kSet, Kernel::kSetNull, {null_arg()});
  b.action(ActionKind::kCopy, Kernel::kCopyField, {b.field_arg("sku")});
  b.action(ActionKind::kDefault, Kernel::kDefaultConstant, {b.template_arg("n/a")});
  b.action(ActionKind::kSetNull, Kernel::kSetNull);
  b.action(ActionKind::kNullIfEmpty, Kernel::kNullIfEmpty);
  b.action(ActionKind::kMap, Kernel::kMapFolded,
           {map_arg({{"novo", "new"}, {"usado", std::nullopt}}), bool_arg(true), text_arg("keep")});
  b.action(ActionKind::kLookup, Kernel::kLookup,
           {text_arg("public.brands"), text_arg("k"), text_arg("v"), bool_arg(false), null_arg()});

  b.rule("checks", "gtin");
  b.p.rules.back().severity = RuleSeverity::kWarning;
  b.p.rules.back().message = b.tmpl("bad gtin {gtin} for {sku}");
  b.p.rules.back().tags = {"gtin", "quality"};
  b.p.rules.back().description = "flag bad GTINs";
  b.when(b.logic(E::kNot, {b.call(Function::kValidGtin, ValueType::kBool, {b.field("gtin")})}));
  b.action(ActionKind::kFlag, Kernel::kFlag);

  b.rule("drop", "sku");
  b.p.rules.back().severity = RuleSeverity::kError;
  b.when(b.compare(E::kIsNull, {b.field("sku")}));
  b.action(ActionKind::kReject, Kernel::kReject);
  b.action(ActionKind::kStop, Kernel::kStop);
  return b.p;
}

std::string errors_of(const Diagnostics &diagnostics) {
  std::string out;
  for (const Diagnostic &d : diagnostics.all()) out += d.message + "\n";
  return out;
}

bool verifies(const Program &program, std::string *messages = nullptr) {
  Diagnostics diagnostics;
  bool ok = verify_program(program, ErrorCode::kInvalidText, diagnostics);
  if (messages) *messages = errors_of(diagnostics);
  EXPECT_EQ(ok, !diagnostics.has_errors());
  return ok;
}

// ---- the test program itself --------------------------------------------------------------

TEST(IrProgram, FullProgramVerifiesAndCoversEverything) {
  Program p = full_program();
  std::string messages;
  ASSERT_TRUE(verifies(p, &messages)) << messages;
  std::set<int> ops, functions, actions;
  for (const ExprNode &node : p.nodes) {
    ops.insert(static_cast<int>(node.op));
    if (node.op == ExprOp::kCall) functions.insert(node.payload);
  }
  for (const Rule &rule : p.rules)
    for (const Action &action : rule.actions) actions.insert(static_cast<int>(action.kind));
  EXPECT_EQ(ops.size(), static_cast<std::size_t>(kExprOpCount));
  EXPECT_EQ(functions.size(), static_cast<std::size_t>(kFunctionCount));
  EXPECT_EQ(actions.size(), static_cast<std::size_t>(kActionKindCount));
}

// ---- round trips -------------------------------------------------------------------------

TEST(IrRoundTrip, Binary) {
  Program p = full_program();
  std::string bytes = serialize_binary(p);
  EXPECT_EQ(bytes.substr(0, 6), std::string("SRIR\x01\x00", 6));
  Diagnostics diagnostics;
  std::optional<Program> back = deserialize_binary(bytes, diagnostics);
  ASSERT_TRUE(back) << errors_of(diagnostics);
  EXPECT_EQ(serialize_binary(*back), bytes);
}

TEST(IrRoundTrip, Json) {
  Program p = full_program();
  std::string json = serialize_json(p);
  Diagnostics diagnostics;
  std::optional<Program> back = deserialize_json(json, diagnostics);
  ASSERT_TRUE(back) << errors_of(diagnostics);
  EXPECT_EQ(serialize_json(*back), json);
  EXPECT_EQ(serialize_binary(*back), serialize_binary(p));
}

TEST(IrRoundTrip, EachRuleAlone) {
  // Every rule of the full program as a program of its own: each action kind and each
  // operator round-trips alone, its JSON rebuilding its own arena, constants and regexes.
  Program full = full_program();
  for (std::size_t i = 0; i < full.rules.size(); ++i) {
    Json json = Json::parse(serialize_json(full));
    Json rules = Json::array();
    rules.push_back(json["rules"][i]);
    json["rules"] = rules;
    Diagnostics diagnostics;
    std::optional<Program> read = deserialize_json(json.dump(), diagnostics);
    ASSERT_TRUE(read) << full.rules[i].id << ": " << errors_of(diagnostics);
    EXPECT_EQ(serialize_json(*read), json.dump()) << full.rules[i].id;
    std::string bytes = serialize_binary(*read);
    Diagnostics binary_diagnostics;
    std::optional<Program> again = deserialize_binary(bytes, binary_diagnostics);
    ASSERT_TRUE(again) << errors_of(binary_diagnostics);
    EXPECT_EQ(serialize_binary(*again), bytes);
    EXPECT_EQ(serialize_json(*again), json.dump());
  }
}

TEST(IrRoundTrip, JsonShape) {
  Builder b;
  b.rule("r1", "title", 5);
  b.when(
      b.compare(ExprOp::kGt,
                {b.call(Function::kLength, ValueType::kNumber, {b.field("title")}), b.number("60")},
                kNumericCompare));
  b.action(ActionKind::kTruncate, Kernel::kTruncateWords,
           {int_arg(60), text_arg("word"), absent()});
  EXPECT_EQ(
      serialize_json(b.p),
      R"({"format":1,"language":1,"ruleset":"test-set","version":"1.0.0",)"
      R"("marketplace":null,"description":null,"pii":[],"fields":["title"],)"
      R"("rules":[{"id":"r1","line":5,"column":5,"description":null,"field":"title",)"
      R"("severity":"info","message":null,"tags":[],"when":{"op":"gt","type":"boolean",)"
      R"("numeric":true,"args":[{"call":"length","type":"number","args":[{"field":"title"}]},)"
      R"({"literal":"60","type":"number"}]},"do":[{"action":"truncate",)"
      R"("kernel":"truncate_words","line":6,"column":9,"args":{"max":60,"at":"word"}}]}]})");
}

TEST(IrRoundTrip, JsonAcceptsAnyKeyOrderAndOptionalKeys) {
  const char *text = R"({"rules":[{"do":[{"args":{"at":"word","max":60},"kernel":"truncate_words",)"
                     R"("action":"truncate"}],"field":"title","id":"r1"}],"fields":["title"],)"
                     R"("version":"1","ruleset":"s","language":1,"format":1})";
  Diagnostics diagnostics;
  std::optional<Program> p = deserialize_json(text, diagnostics);
  ASSERT_TRUE(p) << errors_of(diagnostics);
  EXPECT_EQ(p->rules[0].actions[0].args[0].integer, 60);
  EXPECT_EQ(p->rules[0].actions[0].args[1].text, "word");
  EXPECT_EQ(p->rules[0].actions[0].args[2].kind, ArgKind::kAbsent);
}

TEST(IrRoundTrip, CompiledRuleSets) {
  // What the compiler produces must pass the verifier and round-trip, for every valid fixture
  // and example rule set.
  std::vector<std::filesystem::path> files;
  const std::string source_dir = SMART_RULES_SOURCE_DIR;
  for (const char *dir : {"/test/fixtures/valid", "/examples"})
    for (const auto &entry : std::filesystem::directory_iterator(source_dir + dir))
      if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  ASSERT_FALSE(files.empty());
  for (const std::filesystem::path &file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    CompileOutput compiled = compile_rule_set(text.str());
    ASSERT_TRUE(compiled.program) << file << ": " << errors_of(compiled.diagnostics);
    std::string messages;
    EXPECT_TRUE(verifies(*compiled.program, &messages)) << file << ":\n" << messages;
    std::string bytes = serialize_binary(*compiled.program);
    std::string json = serialize_json(*compiled.program);
    Diagnostics diagnostics;
    std::optional<Program> from_binary = deserialize_binary(bytes, diagnostics);
    std::optional<Program> from_json = deserialize_json(json, diagnostics);
    ASSERT_TRUE(from_binary && from_json) << file << ": " << errors_of(diagnostics);
    EXPECT_EQ(serialize_binary(*from_binary), bytes) << file;
    EXPECT_EQ(serialize_binary(*from_json), bytes) << file;
    EXPECT_EQ(serialize_json(*from_json), json) << file;
    EXPECT_EQ(explain_program(*from_json), explain_program(*compiled.program)) << file;
  }
}

// ---- binary reader rejects ---------------------------------------------------------------

std::optional<Program> read_binary(const std::string &bytes, std::string *messages = nullptr) {
  Diagnostics diagnostics;
  std::optional<Program> p = deserialize_binary(bytes, diagnostics);
  if (messages) *messages = errors_of(diagnostics);
  EXPECT_EQ(p.has_value(), !diagnostics.has_errors());
  for (const Diagnostic &d : diagnostics.all()) EXPECT_EQ(d.code, ErrorCode::kInvalidBinary);
  return p;
}

TEST(IrBinary, EveryTruncationFailsCleanly) {
  std::string bytes = serialize_binary(full_program());
  for (std::size_t size = 0; size < bytes.size(); ++size)
    EXPECT_FALSE(read_binary(bytes.substr(0, size))) << "size " << size;
}

TEST(IrBinary, FlippedBytesFailCleanlyOrReadBackExactly) {
  std::string bytes = serialize_binary(full_program());
  for (std::size_t pos = 0; pos < bytes.size(); ++pos) {
    for (unsigned char mask : {0x01, 0x80, 0xff}) {
      std::string mutated = bytes;
      mutated[pos] = static_cast<char>(mutated[pos] ^ mask);
      std::optional<Program> p = read_binary(mutated);
      // An accepted value is a valid program with exactly this encoding.
      if (p) EXPECT_EQ(serialize_binary(*p), mutated) << "pos " << pos;
    }
  }
}

TEST(IrBinary, WrongMagic) {
  std::string bytes = serialize_binary(full_program());
  bytes[0] = 'X';
  std::string messages;
  EXPECT_FALSE(read_binary(bytes, &messages));
  EXPECT_EQ(messages, "not a rule_ir binary value (no SRIR header)\n");
}

TEST(IrBinary, WrongVersion) {
  std::string bytes = serialize_binary(full_program());
  bytes[4] = 7;
  std::string messages;
  EXPECT_FALSE(read_binary(bytes, &messages));
  EXPECT_EQ(messages, "rule_ir value has format version 7, this build reads version 1\n");
}

TEST(IrBinary, TrailingBytes) {
  std::string messages;
  EXPECT_FALSE(read_binary(serialize_binary(full_program()) + "xy", &messages));
  EXPECT_EQ(messages, "rule_ir value has 2 trailing bytes\n");
}

TEST(IrBinary, CountLargerThanTheRestIsRejectedBeforeAllocating) {
  // Header, language 1, then a ruleset name claiming 2^34 bytes.
  std::string bytes("SRIR\x01\x00\x02\x80\x80\x80\x80\x40", 12);
  std::string messages;
  EXPECT_FALSE(read_binary(bytes, &messages));
  EXPECT_NE(messages.find("exceeds the bytes left"), std::string::npos) << messages;
  // A vector count that could not be backed: 10^9 rules in a few bytes.
  std::string huge_vector(
      "SRIR\x01\x00\x02\x01s\x01v\x00\x00\x00\x00\x00\x00\x00\x00\x80\x94\xeb\xdc\x03", 24);
  EXPECT_FALSE(read_binary(huge_vector, &messages));
  EXPECT_NE(messages.find("exceeds the bytes left"), std::string::npos) << messages;
}

TEST(IrBinary, MalformedIntegers) {
  std::string bytes = serialize_binary(full_program());
  std::string messages;
  // language 1 written as a two-byte varint: another encoding of the same value.
  std::string overlong = bytes.substr(0, 6) + std::string("\x82\x00", 2) + bytes.substr(7);
  EXPECT_FALSE(read_binary(overlong, &messages));
  EXPECT_EQ(messages, "rule_ir value holds a malformed integer\n");
  std::string too_long = bytes.substr(0, 6) + std::string(11, '\xff') + bytes.substr(7);
  EXPECT_FALSE(read_binary(too_long, &messages));
  EXPECT_EQ(messages, "rule_ir value holds a malformed integer\n");
  std::string out_of_range =
      bytes.substr(0, 6) + std::string("\x80\x80\x80\x80\x80\x01", 6) + bytes.substr(7);
  EXPECT_FALSE(read_binary(out_of_range, &messages));
  EXPECT_EQ(messages, "rule_ir value holds an integer out of range\n");
}

TEST(IrBinary, InvalidBooleanByte) {
  Builder b;
  b.rule("r", "title");
  b.when(b.match(b.field("title"), "QQQ"));
  b.action(ActionKind::kTrim, Kernel::kTrim);
  std::string bytes = serialize_binary(b.p);
  std::size_t at = bytes.find("QQQ") + 3;  // the regex's ignore_case byte
  bytes[at] = 2;
  std::string messages;
  EXPECT_FALSE(read_binary(bytes, &messages));
  EXPECT_EQ(messages, "rule_ir value holds an invalid boolean byte 2\n");
}

TEST(IrBinary, UnknownEnumValues) {
  struct Case {
    std::function<void(Program &)> corrupt;
    std::string message;
  };
  std::vector<Case> cases = {
      {[](Program &p) { p.nodes[0].op = static_cast<ExprOp>(200); },
       "rule_ir value holds an unknown expression operator 200\n"},
      {[](Program &p) { p.nodes[0].type = static_cast<ValueType>(9); },
       "rule_ir value holds an unknown value type 9\n"},
      {[](Program &p) { p.constants[0].type = static_cast<ValueType>(4); },
       "rule_ir value holds an unknown value type 4\n"},
      {[](Program &p) { p.rules[0].actions[0].kind = static_cast<ActionKind>(99); },
       "rule_ir value holds an unknown action 99\n"},
      {[](Program &p) { p.rules[0].actions[0].kernel = static_cast<Kernel>(36); },
       "rule_ir value holds an unknown kernel 36\n"},
      {[](Program &p) { p.rules[0].severity = static_cast<RuleSeverity>(3); },
       "rule_ir value holds an unknown severity 3\n"},
      {[](Program &p) { p.rules[5].actions[0].args[0].kind = static_cast<ArgKind>(12); },
       "rule_ir value holds an unknown argument kind 12\n"},
  };
  for (const Case &c : cases) {
    Program p = full_program();
    c.corrupt(p);
    std::string messages;
    EXPECT_FALSE(read_binary(serialize_binary(p), &messages));
    EXPECT_EQ(messages, c.message);
  }
}

TEST(IrBinary, VerifierRunsOnBinaryInput) {
  Program p = full_program();
  p.rules[0].field = 99;
  std::string messages;
  EXPECT_FALSE(read_binary(serialize_binary(p), &messages));
  EXPECT_NE(messages.find("rule \"logic\": field index out of range"), std::string::npos)
      << messages;
}

TEST(IrBinary, BenchmarkSizedProgramIsCompact) {
  // 16 rules like the benchmark set: well under 16 KiB.
  Program p = full_program();
  while (p.rules.size() < 16) {
    Rule copy = p.rules[5];
    copy.id = "copy-" + std::to_string(p.rules.size());
    p.rules.push_back(copy);
  }
  EXPECT_LT(serialize_binary(p).size(), 16u * 1024);
}

// ---- JSON reader rejects -----------------------------------------------------------------

std::string json_error(const std::string &text) {
  Diagnostics diagnostics;
  std::optional<Program> p = deserialize_json(text, diagnostics);
  EXPECT_FALSE(p) << text.substr(0, 200);
  for (const Diagnostic &d : diagnostics.all()) EXPECT_EQ(d.code, ErrorCode::kInvalidText);
  return errors_of(diagnostics);
}

std::string json_error(const Json &json) { return json_error(json.dump()); }

Json full_json() { return Json::parse(serialize_json(full_program())); }

TEST(IrJson, NotJsonOrTooLarge) {
  EXPECT_EQ(json_error(std::string("{\"format\":")),
            "rule_ir value is not valid JSON: parse error at line 1, column 11: syntax error "
            "while parsing value - unexpected end of input; expected '[', '{', or a literal\n");
  EXPECT_EQ(json_error(std::string("[1]")), "invalid rule_ir JSON: expected an object\n");
  EXPECT_EQ(json_error(std::string((64u << 20) + 1, ' ')),
            "rule_ir JSON text is larger than 64 MiB\n");
}

TEST(IrJson, DeepNestingIsACleanError) {
  std::string arrays = std::string(10000, '[') + std::string(10000, ']');
  EXPECT_EQ(json_error(arrays), "rule_ir JSON nests deeper than 256 levels\n");
  // 10000 nested `not` in a `when`: stopped by the nesting check before anything recurses.
  Json json = full_json();
  std::string when;
  for (int i = 0; i < 10000; ++i) when += R"({"op":"not","type":"boolean","args":[)";
  when += R"({"literal":true,"type":"boolean"})";
  for (int i = 0; i < 10000; ++i) when += "]}";
  std::string text = json.dump();
  std::string marker = R"("when":)";
  std::size_t at = text.find(marker) + marker.size();
  std::size_t end = text.find(R"(,"do":)", at);
  std::string deep = text.substr(0, at) + when + text.substr(end);
  EXPECT_EQ(json_error(deep), "rule_ir JSON nests deeper than 256 levels\n");
}

Json nested_not(int levels) {
  Json node = {{"literal", true}, {"type", "boolean"}};
  for (int i = 0; i < levels; ++i)
    node = Json{{"op", "not"}, {"type", "boolean"}, {"args", Json::array({node})}};
  return node;
}

TEST(IrJson, ExpressionDepthLimit) {
  Json json = full_json();
  json["rules"][0]["when"] = nested_not(64);
  Diagnostics diagnostics;
  EXPECT_TRUE(deserialize_json(json.dump(), diagnostics)) << errors_of(diagnostics);
  json["rules"][0]["when"] = nested_not(65);
  std::string error = json_error(json);
  EXPECT_NE(error.find("expression nests deeper than 64 levels"), std::string::npos) << error;
}

TEST(IrJson, MissingKeys) {
  Json json = full_json();
  json.erase("rules");
  EXPECT_EQ(json_error(json), "invalid rule_ir JSON: missing key \"rules\"\n");
  json = full_json();
  json["rules"][1].erase("id");
  EXPECT_EQ(json_error(json), "invalid rule_ir JSON at rules[1]: missing key \"id\"\n");
  json = full_json();
  json["rules"][0]["do"][0].erase("kernel");
  EXPECT_EQ(json_error(json), "invalid rule_ir JSON at rules[0].do[0]: missing key \"kernel\"\n");
  json = full_json();
  json["rules"][0]["when"]["args"][0].erase("type");
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[0].when.args[0]: missing key \"type\"\n");
  json = full_json();
  json["rules"][5]["do"][0]["args"].erase("max");
  EXPECT_EQ(json_error(json), "rule \"text-edits\": action truncate, parameter \"max\": missing\n");
}

TEST(IrJson, WrongTypes) {
  Json json = full_json();
  json["fields"] = "title";
  EXPECT_EQ(json_error(json), "invalid rule_ir JSON at fields: expected an array of strings\n");
  json = full_json();
  json["rules"][0]["line"] = "5";
  EXPECT_EQ(json_error(json), "invalid rule_ir JSON at rules[0].line: expected an integer\n");
  json = full_json();
  json["rules"][0]["line"] = -1;
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[0].line: integer out of range 0..2147483647\n");
  json = full_json();
  json["format"] = 7;
  EXPECT_EQ(json_error(json), "rule_ir JSON has format 7, this build reads format 1\n");
  json = full_json();
  json["rules"][5]["do"][0]["args"]["max"] = 60.5;
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[5].do[0].args.max: expected an integer\n");
  json = full_json();
  json["rules"][6]["do"][5]["args"]["min"] = 0;
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[6].do[5].args.min: expected a string\n");
  json = full_json();
  json["rules"][1]["when"]["args"][1]["args"][1]["literal"] = 1.5;
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[1].when.args[1].args[1].literal: expected a value of "
            "type number (as a string)\n");
  json = full_json();
  json["rules"][0]["when"] = "title = 'x'";
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[0].when: expected an expression object\n");
}

TEST(IrJson, UnknownNamesWithHints) {
  Json json = full_json();
  json["rules"][0]["do"][0]["action"] = "trimm";
  Diagnostics diagnostics;
  EXPECT_FALSE(deserialize_json(json.dump(), diagnostics));
  ASSERT_TRUE(diagnostics.has_errors());
  EXPECT_EQ(diagnostics.first_error().message,
            "invalid rule_ir JSON at rules[0].do[0].action: unknown action \"trimm\"");
  EXPECT_EQ(diagnostics.first_error().hint, "did you mean \"trim\"?");
  EXPECT_EQ(diagnostics.first_error().rule_id, "logic");

  json = full_json();
  json["rulez"] = json["rules"];
  EXPECT_EQ(json_error(json), "invalid rule_ir JSON: unknown key \"rulez\"\n");
  json = full_json();
  json["rules"][5]["do"][0]["args"]["maxx"] = 1;
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[5].do[0].args: unknown key \"maxx\"\n");
  json = full_json();
  json["rules"][0]["when"]["op"] = "xor";
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[0].when.op: unknown operator \"xor\"\n");
  json = full_json();
  json["rules"][1]["when"]["args"][0]["args"][0]["call"] = "len";
  EXPECT_EQ(
      json_error(json),
      "invalid rule_ir JSON at rules[1].when.args[0].args[0].call: unknown function \"len\"\n");
  json = full_json();
  json["rules"][0]["severity"] = "fatal";
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[0].severity: unknown severity \"fatal\"\n");
  json = full_json();
  json["rules"][0]["when"]["args"][0]["negated"] = true;  // `not` has no flags
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[0].when.args[0]: unknown key \"negated\"\n");
}

TEST(IrJson, KernelMustBeTheCompilersChoice) {
  Json json = full_json();
  json["rules"][0]["do"][0]["kernel"] = "truncate_words";
  EXPECT_EQ(json_error(json),
            "rule \"logic\": action trim has kernel truncate_words, the compiler chooses trim\n");
  json = full_json();
  json["rules"][5]["do"][0]["kernel"] = "truncate_chars";  // at: word
  EXPECT_EQ(json_error(json),
            "rule \"text-edits\": action truncate has kernel truncate_chars, the compiler "
            "chooses truncate_words\n");
  json["rules"][0]["do"][0]["kernel"] = "fast_trim";
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[0].do[0].kernel: unknown kernel \"fast_trim\"\n");
}

TEST(IrJson, FieldsMustBeInTheTable) {
  Json json = full_json();
  json["rules"][0]["field"] = "nope";
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[0].field: field \"nope\" is not in the field table\n");
  json = full_json();
  json["rules"][8]["message"] = "bad {nope}";  // fields are listed, never added
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[8].message: template refers to field \"nope\", which "
            "is not in the field table\n");
  json = full_json();
  json["rules"][8]["message"] = "bad {gtin";
  EXPECT_EQ(json_error(json),
            "invalid rule_ir JSON at rules[8].message: unclosed \"{\" in template; write \"{{\" "
            "for a literal brace\n");
}

TEST(IrJson, VerifierRunsOnJsonInput) {
  Json json = full_json();
  json["rules"][1]["id"] = "logic";
  EXPECT_EQ(json_error(json), "rule \"logic\": duplicate rule id\n");
  json = full_json();
  json["rules"][5]["do"][3]["args"]["pattern"]["pattern"] = "(";
  std::string error = json_error(json);
  EXPECT_NE(error.find("invalid regular expression"), std::string::npos) << error;
}

// ---- verifier ----------------------------------------------------------------------------

struct Mutation {
  const char *name;
  std::function<void(Program &)> apply;
  const char *expected;  // a substring of one of the messages
};

std::int32_t first_node(const Program &p, ExprOp op) {
  for (std::size_t i = 0; i < p.nodes.size(); ++i)
    if (p.nodes[i].op == op) return static_cast<std::int32_t>(i);
  return kNone;
}

std::int32_t first_call(const Program &p, Function function) {
  for (std::size_t i = 0; i < p.nodes.size(); ++i)
    if (p.nodes[i].op == ExprOp::kCall && p.nodes[i].payload == static_cast<std::int32_t>(function))
      return static_cast<std::int32_t>(i);
  return kNone;
}

ArgValue &arg(Program &p, const char *rule_id, std::size_t action, std::size_t index) {
  for (Rule &rule : p.rules)
    if (rule.id == rule_id) return rule.actions[action].args[index];
  ADD_FAILURE() << "no rule " << rule_id;
  return p.rules[0].actions[0].args[0];
}

TEST(IrVerify, CatchesEachInvariant) {
  using E = ExprOp;
  std::vector<Mutation> mutations = {
      {"format", [](Program &p) { p.format_version = 2; }, "format version 2 is not supported"},
      {"language", [](Program &p) { p.language = 2; }, "language 2 is not supported"},
      {"ruleset slug", [](Program &p) { p.ruleset = "Bad Name"; },
       "rule set name \"Bad Name\" is not a slug"},
      {"version", [](Program &p) { p.version.clear(); }, "rule set version is empty"},
      {"marketplace", [](Program &p) { p.marketplace = "Mercado Livre"; }, "marketplace"},
      {"utf-8", [](Program &p) { p.description = "\xff"; },
       "rule set description is not valid UTF-8"},
      {"pii", [](Program &p) { p.pii.push_back(""); }, "pii lists an empty field name"},
      {"no rules", [](Program &p) { p.rules.clear(); }, "the program has no rules"},
      {"duplicate field", [](Program &p) { p.fields.push_back("title"); },
       "field \"title\" appears twice"},
      {"bad regex", [](Program &p) { p.regexes[0].pattern = "("; }, "invalid regular expression"},
      {"number constant", [](Program &p) { p.constants[2].text = "010"; },
       "number constant \"010\" is not a canonical plain decimal"},
      {"null constant",
       [](Program &p) {
         p.constants.back() = Constant{ValueType::kNull, "x", false};
       },
       "a null constant holds a value"},
      {"operator", [](Program &p) { p.nodes[2].op = static_cast<ExprOp>(77); },
       "expression node 2: unknown operator"},
      {"value type", [](Program &p) { p.nodes[2].type = static_cast<ValueType>(9); },
       "unknown value type"},
      {"post-order", [](Program &p) { p.operands[0] = 5; },
       "an operand does not come before its node"},
      {"operand range", [](Program &p) { p.nodes[2].first_operand = 1u << 31; },
       "operands out of range"},
      {"constant index", [](Program &p) { p.nodes[1].payload = 999; },
       "constant index out of range"},
      {"field index", [](Program &p) { p.nodes[0].payload = 999; }, "field index out of range"},
      {"comparison type", [](Program &p) { p.nodes[2].type = ValueType::kNumber; },
       "a comparison must have type boolean"},
      {"arity", [](Program &p) { p.nodes[2].operand_count = 1; }, "wrong number of operands"},
      {"flags", [](Program &p) { p.nodes[2].flags = kNegated; },
       "flags not allowed for this operator"},
      {"payload", [](Program &p) { p.nodes[3].payload = 0; }, "unexpected payload"},
      {"logical operand", [](Program &p) { p.operands[2] = 0; },
       "a logical operand is not boolean"},
      {"arithmetic type",
       [](Program &p) { p.nodes[first_node(p, E::kAdd)].type = ValueType::kText; },
       "this operator must have type number"},
      {"in list",
       [](Program &p) {
         std::int32_t in = first_node(p, E::kIn);
         p.operands[p.nodes[in].first_operand + 1] = p.operands[p.nodes[in].first_operand];
       },
       "an \"in\" list item is not a literal"},
      {"regex index", [](Program &p) { p.nodes[first_node(p, E::kRegexMatch)].payload = 99; },
       "regular expression index out of range"},
      {"regex ignore case",
       [](Program &p) { p.nodes[first_node(p, E::kRegexMatch)].flags = kIgnoreCase; },
       "ignore-case flag differs from its regular expression"},
      {"function", [](Program &p) { p.nodes[first_call(p, Function::kLength)].payload = 99; },
       "unknown function"},
      {"function arity",
       [](Program &p) {
         p.nodes[first_call(p, Function::kLength)].payload =
             static_cast<std::int32_t>(Function::kStartsWith);
       },
       "wrong number of arguments for starts_with()"},
      {"function type",
       [](Program &p) { p.nodes[first_call(p, Function::kLength)].type = ValueType::kText; },
       "length() must have type number"},
      {"matches pattern",
       [](Program &p) { p.nodes[first_call(p, Function::kMatches)].aux = kNone; },
       "missing pattern for matches()"},
      {"when type", [](Program &p) { p.rules[1].when = first_call(p, Function::kLength); },
       "rule \"compare\": when has type number, not boolean"},
      {"when range", [](Program &p) { p.rules[1].when = 100000; },
       "rule \"compare\": when node index out of range"},
      {"calculate type", [](Program &p) { arg(p, "numbers", 6, 0).index = p.rules[0].when; },
       "a calculate expression must not be boolean"},
      {"rule id", [](Program &p) { p.rules[0].id = "Logic"; }, "rule id \"Logic\" is not a slug"},
      {"duplicate id", [](Program &p) { p.rules[1].id = "logic"; },
       "rule \"logic\": duplicate rule id"},
      {"rule field", [](Program &p) { p.rules[0].field = -2; },
       "rule \"logic\": field index out of range"},
      {"severity", [](Program &p) { p.rules[0].severity = static_cast<RuleSeverity>(5); },
       "unknown severity"},
      {"no actions", [](Program &p) { p.rules[0].actions.clear(); }, "the rule has no actions"},
      {"action kind", [](Program &p) { p.rules[0].actions[0].kind = static_cast<ActionKind>(99); },
       "unknown action"},
      {"kernel", [](Program &p) { p.rules[0].actions[0].kernel = Kernel::kUpper; },
       "rule \"logic\": action trim has kernel upper, the compiler chooses trim"},
      {"kernel choice", [](Program &p) { p.rules[5].actions[4].kernel = Kernel::kRegexReplace; },
       "action regex_replace has kernel regex_replace, the compiler chooses replace_literal"},
      {"kernel range", [](Program &p) { p.rules[0].actions[0].kernel = static_cast<Kernel>(99); },
       "unknown kernel"},
      {"arg count", [](Program &p) { p.rules[5].actions[0].args.pop_back(); },
       "action truncate has 2 arguments, expected 3"},
      {"arg kind range",
       [](Program &p) { arg(p, "text-edits", 0, 0).kind = static_cast<ArgKind>(40); },
       "unknown argument kind"},
      {"required", [](Program &p) { arg(p, "text-edits", 0, 0) = absent(); },
       "action truncate, parameter \"max\": missing"},
      {"defaulted", [](Program &p) { arg(p, "text-edits", 0, 1) = absent(); },
       "action truncate, parameter \"at\": missing"},
      {"wrong kind", [](Program &p) { arg(p, "text-edits", 0, 0) = text_arg("60"); },
       "parameter \"max\": wrong kind of value"},
      {"int range", [](Program &p) { arg(p, "text-edits", 0, 0).integer = 0; },
       "parameter \"max\": 0 is not between 1 and 1000000"},
      {"choice", [](Program &p) { arg(p, "text-edits", 0, 1).text = "line"; },
       "parameter \"at\": \"line\" is not one of the allowed values"},
      {"char", [](Program &p) { arg(p, "numbers", 1, 1).text = "ab"; },
       "parameter \"with\": \"ab\" is not one character"},
      {"non-empty", [](Program &p) { arg(p, "text-edits", 2, 0).text.clear(); },
       "parameter \"from\": empty text"},
      {"list item", [](Program &p) { arg(p, "text-edits", 5, 0).list.push_back(""); },
       "an empty text in the list"},
      {"map key",
       [](Program &p) {
         arg(p, "values", 6, 0).map.push_back({"novo", "x"});
       },
       "key \"novo\" appears twice"},
      {"plain decimal", [](Program &p) { arg(p, "numbers", 5, 0).text = "1e3"; },
       "\"1e3\" is not a plain decimal"},
      {"table name", [](Program &p) { arg(p, "values", 7, 0).text.clear(); }, "empty table name"},
      {"stray member", [](Program &p) { arg(p, "text-edits", 0, 0).text = "x"; },
       "holds values its kind does not use"},
      {"arg field", [](Program &p) { arg(p, "values", 2, 0).index = 50; },
       "parameter \"field\": field index out of range"},
      {"arg regex", [](Program &p) { arg(p, "text-edits", 3, 0).index = 50; },
       "parameter \"pattern\": regular expression index out of range"},
      {"template field", [](Program &p) { p.rules[8].message->parts[1].field = 0; },
       "message: template parts differ from its source text"},
      {"template source", [](Program &p) { p.rules[8].message->source = "{zzz}"; },
       "message: template refers to field \"zzz\", which is not in the field table"},
      {"template syntax", [](Program &p) { arg(p, "values", 0, 0).tmpl.source = "}"; },
       "unmatched \"}\" in template"},
      {"position", [](Program &p) { p.rules[0].where.line = -1; }, "negative source position"},
      {"unused constant",
       [](Program &p) {
         p.constants.push_back(Constant{ValueType::kText, "zz", false});
       },
       "constants are not in canonical order"},
      {"unused regex",
       [](Program &p) {
         p.regexes.push_back(RegexSpec{"zz", false});
       },
       "regular expressions are not in canonical order"},
      {"unused node",
       [](Program &p) {
         ExprNode n;
         n.op = ExprOp::kField;
         n.type = ValueType::kText;
         n.payload = 0;
         p.add_node(n, {});
       },
       "expression nodes are not in canonical order"},
      {"shared node", [](Program &p) { p.rules[8].when = p.rules[0].when; },
       "expression nodes are not in canonical order"},
      {"swapped constants",
       [](Program &p) {
         std::swap(p.constants[0], p.constants[1]);
         for (ExprNode &n : p.nodes)
           if (n.op == ExprOp::kLiteral && n.payload < 2) n.payload = 1 - n.payload;
       },
       "constants are not in canonical order"},
  };
  std::string messages;
  ASSERT_TRUE(verifies(full_program(), &messages)) << messages;
  for (const Mutation &m : mutations) {
    Program p = full_program();
    m.apply(p);
    EXPECT_FALSE(verifies(p, &messages)) << m.name;
    EXPECT_NE(messages.find(m.expected), std::string::npos) << m.name << ":\n" << messages;
  }
}

TEST(IrVerify, MessagesNameTheRule) {
  Program p = full_program();
  p.rules[5].actions[0].args[0].integer = 0;
  Diagnostics diagnostics;
  EXPECT_FALSE(verify_program(p, ErrorCode::kInvalidBinary, diagnostics));
  ASSERT_EQ(diagnostics.all().size(), 1u);
  const Diagnostic &d = diagnostics.all()[0];
  EXPECT_EQ(d.code, ErrorCode::kInvalidBinary);
  EXPECT_EQ(d.rule_id, "text-edits");
  EXPECT_EQ(d.message,
            "rule \"text-edits\": action truncate, parameter \"max\": 0 is not between 1 and "
            "1000000");
  EXPECT_EQ(d.where.line, p.rules[5].actions[0].where.line);
}

TEST(IrVerify, DepthAndRuleLimits) {
  Builder b;
  b.rule("deep", "title");
  std::int32_t node = b.boolean(true);
  for (int i = 0; i < 64; ++i) node = b.logic(ExprOp::kNot, {node});
  b.when(node);
  b.action(ActionKind::kTrim, Kernel::kTrim);
  std::string messages;
  EXPECT_TRUE(verifies(b.p, &messages)) << messages;
  b.p.rules[0].when = b.logic(ExprOp::kNot, {node});
  EXPECT_FALSE(verifies(b.p, &messages));
  EXPECT_NE(messages.find("rule \"deep\": when nests deeper than 64 levels"), std::string::npos)
      << messages;

  Builder many;
  for (int i = 0; i <= 10000; ++i) {
    many.rule("r" + std::to_string(i), "title");
    many.action(ActionKind::kTrim, Kernel::kTrim);
  }
  EXPECT_FALSE(verifies(many.p, &messages));
  EXPECT_EQ(messages, "the program has 10001 rules, at most 10000 are allowed\n");
  many.p.rules.pop_back();
  EXPECT_TRUE(verifies(many.p, &messages)) << messages;
}

TEST(IrVerify, SharedSubtreesCannotBlowUp) {
  // A DAG of 60 levels whose unfolded tree has 2^60 nodes: rejected quickly.
  Builder b;
  b.rule("dag", "price");
  std::int32_t node = b.field("price");
  for (int i = 0; i < 60; ++i) node = b.node(ExprOp::kAdd, ValueType::kNumber, {node, node});
  b.when(b.compare(ExprOp::kGt, {node, b.number("1")}, kNumericCompare));
  b.action(ActionKind::kTrim, Kernel::kTrim);
  std::string messages;
  EXPECT_FALSE(verifies(b.p, &messages));
  EXPECT_NE(messages.find("expression nodes are not in canonical order"), std::string::npos);
}

TEST(IrVerify, LargeTablesAreCheckedInLinearTime) {
  // 100000 distinct literals in one `in` list: interning and verifying them must not search
  // the constant table linearly for each (that would take minutes).
  Builder b;
  b.rule("big", "sku");
  std::vector<std::int32_t> operands = {b.field("sku")};
  for (int i = 0; i < 100000; ++i) {
    b.p.constants.push_back(Constant{ValueType::kText, "v" + std::to_string(i), false});
    ExprNode literal;
    literal.op = ExprOp::kLiteral;
    literal.type = ValueType::kText;
    literal.payload = i;
    operands.push_back(b.p.add_node(literal, {}));
  }
  b.when(b.compare(ExprOp::kIn, operands));
  b.action(ActionKind::kTrim, Kernel::kTrim);
  std::string bytes = serialize_binary(b.p);
  std::string json = serialize_json(b.p);
  Diagnostics diagnostics;
  std::optional<Program> from_binary = deserialize_binary(bytes, diagnostics);
  std::optional<Program> from_json = deserialize_json(json, diagnostics);
  ASSERT_TRUE(from_binary && from_json) << errors_of(diagnostics);
  EXPECT_EQ(serialize_binary(*from_json), bytes);
}

// ---- templates ---------------------------------------------------------------------------

TEST(IrTemplate, Parses) {
  Program p;
  std::string error;
  std::optional<Template> t = parse_template("a {sku} {{x}} {title}}}", p, error);
  ASSERT_TRUE(t) << error;
  ASSERT_EQ(t->parts.size(), 5u);
  EXPECT_EQ(t->parts[0].literal, "a ");
  EXPECT_EQ(t->parts[1].field, 0);
  EXPECT_EQ(t->parts[2].literal, " {x} ");
  EXPECT_EQ(t->parts[3].field, 1);
  EXPECT_EQ(t->parts[4].literal, "}");
  EXPECT_EQ(p.fields, (std::vector<std::string>{"sku", "title"}));
  EXPECT_EQ(t->source, "a {sku} {{x}} {title}}}");
  t = parse_template("", p, error);
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->parts.empty());
}

TEST(IrTemplate, Rejects) {
  Program p;
  std::string error;
  EXPECT_FALSE(parse_template("a } b", p, error));
  EXPECT_EQ(error, "unmatched \"}\" in template; write \"}}\" for a literal brace");
  EXPECT_FALSE(parse_template("a {b", p, error));
  EXPECT_EQ(error, "unclosed \"{\" in template; write \"{{\" for a literal brace");
  EXPECT_FALSE(parse_template("a {b{c}", p, error));
  EXPECT_EQ(error, "unclosed \"{\" in template; write \"{{\" for a literal brace");
  EXPECT_FALSE(parse_template("{}", p, error));
  EXPECT_EQ(error, "empty placeholder \"{}\" in template; write \"{{}}\" for literal braces");
  EXPECT_TRUE(p.fields.empty());
}

// ---- expression printer ------------------------------------------------------------------

TEST(IrExpressionFormat, MinimalParentheses) {
  using E = ExprOp;
  Builder b;
  auto text = [&](std::int32_t root) { return format_expression(b.p, root); };
  std::int32_t x = b.field("x"), y = b.field("y"), z = b.field("z");
  EXPECT_EQ(text(b.arith(E::kMul, {b.arith(E::kAdd, {x, y}), z})), "(x + y) * z");
  EXPECT_EQ(text(b.arith(E::kAdd, {x, b.arith(E::kMul, {y, z})})), "x + y * z");
  EXPECT_EQ(text(b.arith(E::kSub, {b.arith(E::kSub, {x, y}), z})), "x - y - z");
  EXPECT_EQ(text(b.arith(E::kSub, {x, b.arith(E::kSub, {y, z})})), "x - (y - z)");
  EXPECT_EQ(text(b.arith(E::kNeg, {b.number("-5")})), "- -5");
  EXPECT_EQ(text(b.arith(E::kNeg, {b.arith(E::kAdd, {x, y})})), "-(x + y)");
  EXPECT_EQ(text(b.arith(E::kMul, {b.number("-2"), b.text("-x")})), "-2 * '-x'");
  EXPECT_EQ(text(b.arith(E::kNeg, {b.text("-x")})), "-'-x'");
  EXPECT_EQ(text(b.arith(E::kConcat, {x, b.text("it's")})), "x || 'it''s'");
  std::int32_t eq = b.compare(E::kEq, {x, b.text("a")});
  std::int32_t gt = b.compare(E::kGt, {y, b.number("2")}, kNumericCompare);
  std::int32_t either = b.logic(E::kOr, {eq, gt});
  EXPECT_EQ(text(b.logic(E::kAnd, {either, b.compare(E::kIsNull, {z}, kNegated)})),
            "(x = 'a' or y > 2) and z is not null");
  EXPECT_EQ(text(b.logic(E::kOr, {b.logic(E::kAnd, {eq, gt}), b.boolean(false)})),
            "x = 'a' and y > 2 or false");
  EXPECT_EQ(text(b.logic(E::kNot, {b.logic(E::kAnd, {eq, gt})})), "not (x = 'a' and y > 2)");
  EXPECT_EQ(text(b.logic(E::kNot, {eq})), "not x = 'a'");
  EXPECT_EQ(text(b.logic(E::kOr, {b.logic(E::kOr, {eq, gt}), b.null_literal()})),
            "(x = 'a' or y > 2) or null");
  EXPECT_EQ(text(b.compare(E::kEq, {eq, b.boolean(true)})), "(x = 'a') = true");
  EXPECT_EQ(text(b.compare(E::kIn, {x, b.text("a"), b.number("-1")}, kNegated)),
            "x not in ('a', -1)");
  EXPECT_EQ(text(b.compare(E::kBetween, {b.arith(E::kAdd, {x, y}), b.number("1"), z})),
            "x + y between 1 and z");
  EXPECT_EQ(text(b.match(x, "^a'b", kNegated | kIgnoreCase)), "x !~* '^a''b'");
  EXPECT_EQ(text(b.call(Function::kMatches, ValueType::kBool, {x}, kIgnoreCase, "\\d")),
            "matches(x, '\\d', 'i')");
  EXPECT_EQ(text(b.call(Function::kCoalesce, ValueType::kText, {x, b.text("-")})),
            "coalesce(x, '-')");
  EXPECT_EQ(text(b.field("Title")), "\"Title\"");
  EXPECT_EQ(text(b.field("order id")), "\"order id\"");
  EXPECT_EQ(text(b.field("in")), "\"in\"");
  EXPECT_EQ(text(b.field("say \"hi\"")), "\"say \"\"hi\"\"\"");
}

// ---- explain -----------------------------------------------------------------------------

TEST(IrExplain, SmallProgram) {
  Builder b;
  b.p.ruleset = "ml-basic";
  b.p.version = "1.4.0";
  b.p.marketplace = "mercado_livre";
  b.p.description = "Clean ML uploads";
  b.p.pii = {"seller_document"};
  b.rule("title-trim", "title", 5);
  b.p.rules.back().severity = RuleSeverity::kWarning;
  b.p.rules.back().tags = {"title", "seo"};
  b.when(
      b.compare(ExprOp::kGt,
                {b.call(Function::kLength, ValueType::kNumber, {b.field("title")}), b.number("60")},
                kNumericCompare));
  b.p.rules.back().message = b.tmpl("title of {sku} was too long");
  b.action(ActionKind::kTruncate, Kernel::kTruncateWords,
           {int_arg(60), text_arg("word"), absent()});
  b.action(ActionKind::kTrim, Kernel::kTrim);
  b.rule("price-calc", "price", 12);
  b.when(b.logic(ExprOp::kAnd, {b.compare(ExprOp::kIsNull, {b.field("price")}, kNegated),
                                b.logic(ExprOp::kNot, {b.match(b.field("price"), "^[0-9]+$")})}));
  b.action(ActionKind::kCalculate, Kernel::kCalculate,
           {expr_arg(b.arith(ExprOp::kAdd,
                             {b.arith(ExprOp::kMul, {b.call(Function::kNumber, ValueType::kNumber,
                                                            {b.field("price")}),
                                                     b.number("1.1")}),
                              b.number("2")})),
            int_arg(2)});
  b.rule("brand-copy", "brand", 20);
  b.action(ActionKind::kCopy, Kernel::kCopyField, {b.field_arg("sku")});
  b.action(ActionKind::kMap, Kernel::kMapFolded,
           {map_arg({{"acme", "ACME"}, {"none", std::nullopt}}), bool_arg(true), text_arg("keep")});
  b.action(ActionKind::kFlag, Kernel::kFlag);
  std::string messages;
  ASSERT_TRUE(verifies(b.p, &messages)) << messages;
  EXPECT_EQ(explain_program(b.p),
            "rule set ml-basic, version 1.4.0, language 1, marketplace mercado_livre\n"
            "description: Clean ML uploads\n"
            "fields read: title, sku, price, brand\n"
            "fields written: title, price, brand\n"
            "pii: seller_document\n"
            "rules: 3\n"
            "\n"
            "rule 1: title-trim (line 5, column 5)\n"
            "  field: title\n"
            "  severity: warning\n"
            "  when: length(title) > 60\n"
            "  do:\n"
            "    1. truncate max=60 at='word' [kernel truncate_words]\n"
            "    2. trim [kernel trim]\n"
            "  message: 'title of {sku} was too long'\n"
            "  tags: title, seo\n"
            "\n"
            "rule 2: price-calc (line 12, column 5)\n"
            "  field: price\n"
            "  severity: info\n"
            "  when: price is not null and not price ~ '^[0-9]+$'\n"
            "  do:\n"
            "    1. calculate expr=(number(price) * 1.1 + 2) scale=2 [kernel calculate]\n"
            "\n"
            "rule 3: brand-copy (line 20, column 5)\n"
            "  field: brand\n"
            "  severity: info\n"
            "  when: always\n"
            "  do:\n"
            "    1. copy field=sku [kernel copy_field]\n"
            "    2. map values={'acme': 'ACME', 'none': null} ignore_case=true unmapped='keep' "
            "[kernel map_folded]\n"
            "    3. flag [kernel flag]");
}

TEST(IrExplain, FullProgramIsDeterministic) {
  Program p = full_program();
  std::string text = explain_program(p);
  EXPECT_EQ(text, explain_program(full_program()));
  EXPECT_NE(
      text.find("regex_replace pattern='\\s+' with=' ' ignore_case=false [kernel regex_replace]"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("set value=null [kernel set_null]"), std::string::npos) << text;
  EXPECT_NE(text.find("remove terms=('promo', 'oferta') [kernel remove_terms]"), std::string::npos);
}

}  // namespace
}  // namespace smart_rules
