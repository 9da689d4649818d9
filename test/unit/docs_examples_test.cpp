// Compiles the rule sets users read and the fixture corpus: every ```yaml block of
// docs/rules.md and every test/fixtures/valid/*.yaml must compile; every
// test/fixtures/invalid/*.yaml must fail with the SQLSTATE and line of its
// `# expect: <SQLSTATE> line <N>` header; together the valid fixtures use every action, function
// and operator of the language. One test per file (or per Markdown block), named after it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <dirent.h>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/actions.hpp"
#include "compiler/compile.hpp"
#include "compiler/functions.hpp"

namespace smart_rules {
namespace {

const std::string kSourceDir = SMART_RULES_SOURCE_DIR;

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A source to compile, named for gtest (letters, digits and '_' only).
struct Example {
  std::string name;
  std::string path;  // for messages
  std::string source;
};

std::string test_name(const std::string &text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

std::string example_name(const ::testing::TestParamInfo<Example> &info) { return info.param.name; }

// The *.yaml files of a fixture directory, sorted by name.
std::vector<Example> fixtures(const std::string &kind) {
  const std::string dir = kSourceDir + "/test/fixtures/" + kind;
  std::vector<std::string> names;
  if (DIR *handle = opendir(dir.c_str())) {
    while (const dirent *entry = readdir(handle)) {
      const std::string name = entry->d_name;
      if (name.size() > 5 && name.compare(name.size() - 5, 5, ".yaml") == 0) names.push_back(name);
    }
    closedir(handle);
  }
  std::sort(names.begin(), names.end());
  std::vector<Example> out;
  for (const std::string &name : names) {
    const std::string path = dir + "/" + name;
    out.push_back({test_name(name.substr(0, name.size() - 5)), path, read_file(path)});
  }
  return out;
}

// Every ```yaml block of docs/rules.md (```yaml-fragment blocks excluded), named by the line
// its fence is on.
std::vector<Example> reference_examples() {
  std::istringstream lines(read_file(kSourceDir + "/docs/rules.md"));
  std::vector<Example> out;
  Example *open = nullptr;
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (open) {
      if (line == "```")
        open = nullptr;
      else
        open->source += line + "\n";
    } else if (line == "```yaml") {
      out.push_back({"rules_md_line_" + std::to_string(number),
                     "docs/rules.md:" + std::to_string(number), ""});
      open = &out.back();
    }
  }
  return out;
}

std::string describe(const Diagnostic &d) {
  return std::string("[") + sqlstate(d.code) + "] " + d.message + " (" + d.detail() + ")";
}

std::string describe_all(const Diagnostics &diagnostics) {
  std::string out;
  for (const Diagnostic &d : diagnostics.all())
    out += std::string("\n  ") + severity_name(d.severity) + " " + describe(d);
  return out;
}

class ReferenceExample : public ::testing::TestWithParam<Example> {};

TEST_P(ReferenceExample, Compiles) {
  CompileOutput out = compile_rule_set(GetParam().source);
  EXPECT_TRUE(out.program.has_value()) << GetParam().path << describe_all(out.diagnostics);
}

// Corpus.IsLargeEnough reports a reference without examples.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ReferenceExample);
INSTANTIATE_TEST_SUITE_P(DocsRulesMd, ReferenceExample, ::testing::ValuesIn(reference_examples()),
                         example_name);

class ValidFixture : public ::testing::TestWithParam<Example> {};

TEST_P(ValidFixture, CompilesWithoutDiagnostics) {
  CompileOutput out = compile_rule_set(GetParam().source);
  EXPECT_TRUE(out.program.has_value()) << GetParam().path << describe_all(out.diagnostics);
  EXPECT_TRUE(out.diagnostics.all().empty()) << GetParam().path << describe_all(out.diagnostics);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ValidFixture, ::testing::ValuesIn(fixtures("valid")),
                         example_name);

class InvalidFixture : public ::testing::TestWithParam<Example> {};

TEST_P(InvalidFixture, FailsWithTheExpectedErrorAndLine) {
  const Example &example = GetParam();
  static const std::regex header("^# expect: ([0-9A-Z]{5}) line ([1-9][0-9]*)\n");
  std::smatch expected;
  ASSERT_TRUE(std::regex_search(example.source, expected, header))
      << example.path << ": the first line must be `# expect: <SQLSTATE> line <N>`";
  CompileOutput out = compile_rule_set(example.source);
  ASSERT_FALSE(out.program.has_value()) << example.path << " compiled";
  ASSERT_TRUE(out.diagnostics.has_errors());
  const Diagnostic &first = out.diagnostics.first_error();
  EXPECT_EQ(sqlstate(first.code), expected[1].str()) << example.path << ": " << describe(first);
  EXPECT_EQ(first.where.line, std::stoi(expected[2].str())) << example.path << ": " << describe(first);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, InvalidFixture, ::testing::ValuesIn(fixtures("invalid")),
                         example_name);

TEST(Corpus, IsLargeEnough) {
  EXPECT_GE(fixtures("valid").size(), 8u);
  EXPECT_GE(fixtures("invalid").size(), 15u);
  EXPECT_GE(reference_examples().size(), 20u);
}

// What the valid fixtures use, gathered from their compiled programs.
struct Usage {
  std::set<ActionKind> actions;
  std::set<Function> functions;
  std::set<std::pair<ExprOp, std::uint8_t>> operators;  // op and its kNegated/kIgnoreCase flags
};

Usage usage_of_valid_fixtures() {
  Usage usage;
  for (const Example &example : fixtures("valid")) {
    CompileOutput out = compile_rule_set(example.source);
    if (!out.program) continue;
    for (const Rule &rule : out.program->rules)
      for (const Action &action : rule.actions) usage.actions.insert(action.kind);
    for (const ExprNode &node : out.program->nodes) {
      if (node.op == ExprOp::kCall) usage.functions.insert(static_cast<Function>(node.payload));
      const std::uint8_t flags = node.op == ExprOp::kCall ? 0 : node.flags & (kNegated | kIgnoreCase);
      usage.operators.insert({node.op, flags});
    }
  }
  return usage;
}

TEST(Corpus, ValidFixturesUseEveryActionFunctionAndOperator) {
  const Usage usage = usage_of_valid_fixtures();
  for (const ActionSpec &spec : action_specs())
    EXPECT_TRUE(usage.actions.count(spec.kind)) << "no valid fixture uses action " << spec.name;
  for (const FunctionSpec &spec : function_specs())
    EXPECT_TRUE(usage.functions.count(spec.id)) << "no valid fixture uses function " << spec.name;
  const std::vector<std::pair<const char *, std::pair<ExprOp, std::uint8_t>>> operators = {
      {"not", {ExprOp::kNot, 0}},
      {"and", {ExprOp::kAnd, 0}},
      {"or", {ExprOp::kOr, 0}},
      {"=", {ExprOp::kEq, 0}},
      {"!= or <>", {ExprOp::kNe, 0}},
      {"<", {ExprOp::kLt, 0}},
      {"<=", {ExprOp::kLe, 0}},
      {">", {ExprOp::kGt, 0}},
      {">=", {ExprOp::kGe, 0}},
      {"~", {ExprOp::kRegexMatch, 0}},
      {"~*", {ExprOp::kRegexMatch, kIgnoreCase}},
      {"!~", {ExprOp::kRegexMatch, kNegated}},
      {"!~*", {ExprOp::kRegexMatch, kNegated | kIgnoreCase}},
      {"is null", {ExprOp::kIsNull, 0}},
      {"is not null", {ExprOp::kIsNull, kNegated}},
      {"in", {ExprOp::kIn, 0}},
      {"not in", {ExprOp::kIn, kNegated}},
      {"between", {ExprOp::kBetween, 0}},
      {"not between", {ExprOp::kBetween, kNegated}},
      {"+", {ExprOp::kAdd, 0}},
      {"-", {ExprOp::kSub, 0}},
      {"*", {ExprOp::kMul, 0}},
      {"/", {ExprOp::kDiv, 0}},
      {"%", {ExprOp::kMod, 0}},
      {"unary -", {ExprOp::kNeg, 0}},
      {"||", {ExprOp::kConcat, 0}},
  };
  for (const auto &[spelling, op] : operators)
    EXPECT_TRUE(usage.operators.count(op)) << "no valid fixture uses operator " << spelling;
}

}  // namespace
}  // namespace smart_rules
