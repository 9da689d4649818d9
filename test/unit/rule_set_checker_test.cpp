// The checker: document and rule shape, every action's argument checks, hints, positions,
// warnings, and the IR it builds.
#include <gtest/gtest.h>

#include "compile_test_support.hpp"
#include "compiler/actions.hpp"

namespace smart_rules {
namespace {

using testing::compiled;
using testing::compiles;
using testing::document_with_action;
using testing::document_with_rules;
using testing::first_error;

TEST(Document, CompilesTheFullExampleOfTheContract) {
  EXPECT_TRUE(compiles(R"(ruleset: ml-basic
version: 1.4.0
language: 1
marketplace: mercado_livre
description: Clean ML uploads
pii: [seller_document]
rules:
  - id: title-trim
    description: tidy titles
    field: title
    when: length(title) > 60
    do: [trim, collapse_whitespace]
    severity: warning
    message: "title of {sku} was too long"
    tags: [title]
)"));
}

TEST(Document, RequiresRulesetVersionAndRules) {
  Diagnostic d = first_error("description: x\n");
  EXPECT_EQ(d.code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(d.message, "rule set is missing required key \"ruleset\"");
  CompileOutput out = compile_rule_set("description: x\n");
  EXPECT_EQ(out.diagnostics.error_count(), 3u);  // ruleset, version, rules: all reported
}

TEST(Document, RejectsUnknownKeysWithTheNearestName) {
  Diagnostic d = first_error("ruleset: a\nversion: 1.0.0\nrulez: []\n");
  EXPECT_EQ(d.code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(d.message, "unknown key \"rulez\" in rule set");
  EXPECT_EQ(d.hint, "did you mean \"rules\"?");
  EXPECT_EQ(d.where.line, 3);
  EXPECT_EQ(d.where.column, 1);
  // The typo's hint covers the missing key: one error, not two.
  EXPECT_EQ(compile_rule_set("ruleset: a\nversion: 1.0.0\nrulez: []\n").diagnostics.error_count(), 1u);
}

TEST(Document, ChecksNameVersionLanguageAndMarketplace) {
  auto with_header = [](const std::string &header) {
    return header + "rules:\n  - id: r\n    field: f\n    do: trim\n";
  };
  EXPECT_EQ(first_error(with_header("ruleset: Bad Name\nversion: 1.0.0\n")).message,
            "invalid rule set name \"Bad Name\"");
  Diagnostic version = first_error(with_header("ruleset: a\nversion: 1.4\n"));
  EXPECT_EQ(version.message, "invalid version \"1.4\"");
  EXPECT_EQ(version.where.line, 2);
  EXPECT_NE(version.hint.find("SemVer"), std::string::npos);
  EXPECT_EQ(first_error(with_header("ruleset: a\nversion: 1.0.0\nlanguage: 2\n")).hint,
            "only language 1 exists");
  Diagnostic market = first_error(with_header("ruleset: a\nversion: 1.0.0\nmarketplace: amazn\n"));
  EXPECT_EQ(market.hint, "did you mean \"amazon\"?");
  EXPECT_TRUE(compiles(with_header("ruleset: a\nversion: 2.0.0-rc.1+b7\nmarketplace: generic\n")));
}

TEST(Document, ChecksTheRulesList) {
  EXPECT_EQ(first_error("ruleset: a\nversion: 1.0.0\nrules: []\n").message,
            "rules must hold at least one rule");
  EXPECT_EQ(first_error("ruleset: a\nversion: 1.0.0\nrules: {a: 1}\n").message,
            "rules must be a list, found a mapping");
}

TEST(Document, EnforcesTheRuleCountLimit) {
  std::string rules;
  for (int i = 0; i < 10001; ++i)
    rules += "  - {id: r" + std::to_string(i) + ", field: f, do: trim}\n";
  EXPECT_EQ(first_error(document_with_rules(rules)).code, ErrorCode::kLimitExceeded);
}

TEST(Document, ReportsYamlSyntaxErrors) {
  Diagnostic d = first_error("ruleset: a\nversion: 1.0.0\nrules:\n  - id: [r1\n");
  EXPECT_EQ(d.code, ErrorCode::kSyntax);
  EXPECT_GT(d.where.line, 0);
}

TEST(Rule, RequiresIdFieldAndDo) {
  Diagnostic d = first_error(document_with_rules("  - field: title\n    do: trim\n"));
  EXPECT_EQ(d.message, "rule is missing required key \"id\"");
  EXPECT_EQ(d.where.line, 4);
  EXPECT_EQ(first_error(document_with_rules("  - id: r1\n    do: trim\n")).message,
            "rule \"r1\" is missing required key \"field\"");
  Diagnostic missing_do = first_error(document_with_rules("  - id: r1\n    field: title\n"));
  EXPECT_EQ(missing_do.message, "rule \"r1\" is missing required key \"do\"");
  EXPECT_EQ(missing_do.rule_id, "r1");
}

TEST(Rule, RejectsBadAndDuplicateIds) {
  Diagnostic bad = first_error(document_with_rules("  - id: Title Trim\n    field: t\n    do: trim\n"));
  EXPECT_EQ(bad.message, "invalid rule id \"Title Trim\"");
  Diagnostic dup = first_error(document_with_rules(
      "  - id: a\n    field: t\n    do: trim\n  - id: a\n    field: t\n    do: trim\n"));
  EXPECT_EQ(dup.message, "duplicate rule id \"a\"");
  EXPECT_EQ(dup.where.line, 7);
  EXPECT_EQ(dup.hint, "first defined at line 4");
}

TEST(Rule, RejectsUnknownAndDuplicateKeys) {
  Diagnostic unknown = first_error(
      document_with_rules("  - id: r1\n    field: t\n    do: trim\n    severty: error\n"));
  EXPECT_EQ(unknown.message, "unknown key \"severty\" in rule \"r1\"");
  EXPECT_EQ(unknown.hint, "did you mean \"severity\"?");
  EXPECT_EQ(unknown.rule_id, "r1");
  EXPECT_EQ(unknown.detail(), "line 7, column 5, rule \"r1\"");
  Diagnostic duplicate = first_error(
      document_with_rules("  - id: r1\n    field: t\n    do: trim\n    field: u\n"));
  EXPECT_EQ(duplicate.message, "duplicate key \"field\" in rule \"r1\"");
}

TEST(Rule, ChecksSeverityMessageAndTags) {
  Diagnostic severity = first_error(
      document_with_rules("  - id: r1\n    field: t\n    do: trim\n    severity: fatal\n"));
  EXPECT_EQ(severity.message, "invalid severity \"fatal\"");
  EXPECT_EQ(severity.hint, "valid names are: info, warning, error");
  EXPECT_EQ(first_error(document_with_rules(
                            "  - id: r1\n    field: t\n    do: trim\n    message: \"bad {sku\"\n"))
                .code,
            ErrorCode::kInvalidParameter);
  EXPECT_EQ(first_error(document_with_rules(
                            "  - id: r1\n    field: t\n    do: trim\n    tags: [a, [b]]\n"))
                .message,
            "items of tags must be non-empty texts, found a list");
}

TEST(Rule, ChecksFieldNames) {
  EXPECT_EQ(first_error(document_with_action("trim", "''")).code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(first_error(document_with_action("trim", std::string(64, 'f'))).code,
            ErrorCode::kInvalidParameter);
  EXPECT_TRUE(compiles(document_with_action("trim", "\"Product Title\"")));
}

TEST(Rule, CompilesWhenAndReportsItsErrorsInsideTheRule) {
  Program p = compiled(document_with_rules(
      "  - id: r1\n    field: title\n    when: length(title) > 60\n    do: trim\n"));
  ASSERT_EQ(p.rules.size(), 1u);
  EXPECT_NE(p.rules[0].when, kNone);
  Diagnostic syntax = first_error(document_with_rules(
      "  - id: r1\n    field: title\n    when: length(title) >\n    do: trim\n"));
  EXPECT_EQ(syntax.code, ErrorCode::kSyntax);
  EXPECT_EQ(syntax.rule_id, "r1");
  EXPECT_EQ(syntax.where.line, 6);
  Diagnostic function = first_error(document_with_rules(
      "  - id: r1\n    field: title\n    when: lenght(title) > 1\n    do: trim\n"));
  EXPECT_EQ(function.code, ErrorCode::kUndefinedFunction);
  EXPECT_EQ(function.where.column, 11);
  Diagnostic mapping = first_error(document_with_rules(
      "  - id: r1\n    field: title\n    when: {a: 1}\n    do: trim\n"));
  EXPECT_EQ(mapping.code, ErrorCode::kInvalidParameter);
}

TEST(Rule, ReportsEveryProblemOfTheDocument) {
  CompileOutput out = compile_rule_set(document_with_rules(
      "  - id: a\n    field: t\n    do: colapse_whitespace\n"
      "  - id: b\n    field: t\n    do: {truncate: {max: 0}}\n"
      "  - id: c\n    field: t\n    do: {round: 30}\n"));
  EXPECT_EQ(out.diagnostics.error_count(), 3u);
  EXPECT_EQ(out.diagnostics.all()[0].where.line, 6);
  EXPECT_EQ(out.diagnostics.all()[2].where.line, 12);
}

TEST(Actions, AcceptOneActionOrAList) {
  EXPECT_TRUE(compiles(document_with_action("trim")));
  EXPECT_TRUE(compiles(document_with_action("[trim, lower, {truncate: {max: 10}}]")));
  EXPECT_EQ(first_error(document_with_action("[]")).message, "do must hold at least one action");
  EXPECT_EQ(first_error(document_with_action("{a: 1, b: 2}")).code, ErrorCode::kInvalidParameter);
}

TEST(Actions, UnknownActionGetsTheNearestName) {
  Diagnostic d = first_error(document_with_action("[trim, colapse_whitespace]"));
  EXPECT_EQ(d.message, "unknown action \"colapse_whitespace\"");
  EXPECT_EQ(d.hint, "did you mean \"collapse_whitespace\"?");
  EXPECT_EQ(d.where.line, 6);
  EXPECT_EQ(d.where.column, 16);
  Diagnostic far = first_error(document_with_action("frobnicate"));
  EXPECT_EQ(far.hint.rfind("valid names are: trim, collapse_whitespace", 0), 0u);
}

TEST(Actions, ZeroArgumentActionsTakeNoArguments) {
  for (const ActionSpec &spec : action_specs()) {
    if (spec.shape != ArgShape::kNone) continue;
    std::string name(spec.name);
    EXPECT_TRUE(compiles(document_with_action(name))) << name;
    for (const char *argument : {"1", "null"}) {  // RULES.md: written bare, like the schema says
      Diagnostic d = first_error(document_with_action("{" + name + ": " + argument + "}"));
      EXPECT_EQ(d.message, "action \"" + name + "\" takes no arguments");
      EXPECT_EQ(d.hint, "write it bare: - " + name);
    }
  }
}

TEST(Actions, ActionsWithArgumentsNeedThem) {
  for (const ActionSpec &spec : action_specs()) {
    if (spec.shape == ArgShape::kNone) continue;
    std::string name(spec.name);
    Diagnostic d = first_error(document_with_action(name));
    EXPECT_EQ(d.message, "action \"" + name + "\" needs arguments") << name;
    EXPECT_NE(d.hint.find("{" + name + ":"), std::string::npos) << d.hint;
  }
}

struct ArgumentCase {
  const char *action;  // flow YAML for `do:`
  bool valid;
  const char *message;  // expected first error message (when invalid), "" to skip
};

class ActionArguments : public ::testing::TestWithParam<ArgumentCase> {};

TEST_P(ActionArguments, AreChecked) {
  const ArgumentCase &c = GetParam();
  std::string source = document_with_action(c.action);
  if (c.valid) {
    EXPECT_TRUE(compiles(source)) << c.action;
  } else {
    Diagnostic d = first_error(source);
    EXPECT_EQ(d.code, ErrorCode::kInvalidParameter) << c.action << ": " << d.message;
    if (*c.message) EXPECT_EQ(d.message, c.message) << c.action;
    EXPECT_EQ(d.rule_id, "r1");
    EXPECT_EQ(d.where.line, 6) << c.action;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Truncate, ActionArguments,
    ::testing::Values(
        ArgumentCase{"{truncate: {max: 60}}", true, ""},
        ArgumentCase{"{truncate: {max: 60, at: word, ellipsis: '...'}}", true, ""},
        ArgumentCase{"{truncate: {at: word}}", false,
                     "action \"truncate\" is missing required argument \"max\""},
        ArgumentCase{"{truncate: {max: 0}}", false,
                     "\"max\" of \"truncate\" must be an integer from 1 to 1000000, found \"0\""},
        ArgumentCase{"{truncate: {max: '60'}}", false, ""},
        ArgumentCase{"{truncate: {max: 60, at: letter}}", false,
                     "\"at\" of \"truncate\" must be one of: 'char', 'word', found \"letter\""},
        ArgumentCase{"{truncate: {max: 3, ellipsis: '...'}}", false,
                     "ellipsis of \"truncate\" must be shorter than max (3 characters)"},
        ArgumentCase{"{truncate: {max: 60, maximum: 3}}", false,
                     "unknown key \"maximum\" in arguments of \"truncate\""},
        ArgumentCase{"{truncate: 60}", false,
                     "arguments of \"truncate\" must be a mapping, found text"}));

INSTANTIATE_TEST_SUITE_P(
    Replace, ActionArguments,
    ::testing::Values(
        ArgumentCase{"{replace: {from: '!!', to: '!'}}", true, ""},
        ArgumentCase{"{replace: {from: 'x', to: '', ignore_case: true}}", true, ""},
        ArgumentCase{"{replace: {from: '', to: 'x'}}", false,
                     "\"from\" of \"replace\" must be a non-empty text, found \"\""},
        ArgumentCase{"{replace: {from: 'x'}}", false,
                     "action \"replace\" is missing required argument \"to\""},
        ArgumentCase{"{replace: {from: 'x', to: null}}", false,
                     "\"to\" of \"replace\" must be text, found null"},
        ArgumentCase{"{replace: {from: 'x', to: 'y', ignore_case: yes}}", false,
                     "\"ignore_case\" of \"replace\" must be true or false, found \"yes\""},
        ArgumentCase{"{regex_replace: {pattern: '\\s+', with: ' '}}", true, ""},
        ArgumentCase{"{regex_replace: {pattern: '(a)(b)', with: '\\2\\1', ignore_case: true}}",
                     true, ""},
        ArgumentCase{"{regex_replace: {pattern: 'x'}}", false,
                     "action \"regex_replace\" is missing required argument \"with\""}));

INSTANTIATE_TEST_SUITE_P(
    TextActions, ActionArguments,
    ::testing::Values(
        ArgumentCase{"{remove: [frete grátis, promoção]}", true, ""},
        ArgumentCase{"{remove: frete grátis}", true, ""},
        ArgumentCase{"{remove: []}", false,
                     "argument of \"remove\" must be a non-empty list of texts, found an empty list"},
        ArgumentCase{"{remove: ['a', '']}", false, ""},
        ArgumentCase{"{prefix: 'BR-'}", true, ""},
        ArgumentCase{"{suffix: ' cm'}", true, ""},
        ArgumentCase{"{prefix: [a]}", false, "argument of \"prefix\" must be text, found a list"},
        ArgumentCase{"{pad_left: {length: 13}}", true, ""},
        ArgumentCase{"{pad_left: {length: 8, with: ' '}}", true, ""},
        ArgumentCase{"{pad_left: {length: 8, with: 'ab'}}", false,
                     "\"with\" of \"pad_left\" must be exactly one character, found \"ab\""},
        ArgumentCase{"{pad_left: {length: 8, with: 'é'}}", true, ""}));

INSTANTIATE_TEST_SUITE_P(
    ValueActions, ActionArguments,
    ::testing::Values(
        ArgumentCase{"{set: 'BRL'}", true, ""},
        ArgumentCase{"{set: '{brand} {model}'}", true, ""},
        ArgumentCase{"{set: '{{literal}}'}", true, ""},
        ArgumentCase{"{set: null}", true, ""},
        ArgumentCase{"{set: '{brand'}", false, ""},
        ArgumentCase{"{copy: sku}", true, ""},
        ArgumentCase{"{copy: [sku]}", false, ""},
        ArgumentCase{"{default: 'BRL'}", true, ""},
        ArgumentCase{"{default: null}", false, "argument of \"default\" must be text, found null"},
        ArgumentCase{"{map: {values: {Novo: new, Usado: used, 'N/A': null}}}", true, ""},
        ArgumentCase{"{map: {values: {a: b}, ignore_case: false, unmapped: null}}", true, ""},
        ArgumentCase{"{map: {values: {a: b}, unmapped: other}}", true, ""},
        ArgumentCase{"{map: {values: [a, b]}}", false, ""},
        ArgumentCase{"{map: {values: {}}}", false, ""},
        ArgumentCase{"{map: {values: {a: [b]}}}", false, ""},
        ArgumentCase{"{map: {values: {a: b, a: c}}}", false, ""},
        ArgumentCase{"{lookup: {table: catalog.brands, key: alias, value: brand}}", true, ""},
        ArgumentCase{"{lookup: {table: '\"My Schema\".brands', key: k, value: v}}", true, ""},
        ArgumentCase{"{lookup: {table: 'a.b.c', key: k, value: v}}", false, ""},
        ArgumentCase{"{lookup: {table: 'x; drop table y', key: k, value: v}}", false, ""},
        ArgumentCase{"{lookup: {table: t, key: k}}", false, ""}));

INSTANTIATE_TEST_SUITE_P(
    NumberActions, ActionArguments,
    ::testing::Values(
        ArgumentCase{"{parse_decimal: {decimal: ','}}", true, ""},
        ArgumentCase{"{parse_decimal: {decimal: '.', thousands: '', on_invalid: keep}}", true, ""},
        ArgumentCase{"{parse_decimal: {decimal: ',', on_invalid: null}}", true, ""},
        ArgumentCase{"{parse_decimal: {decimal: ',', thousands: ','}}", false,
                     "thousands and decimal separators of \"parse_decimal\" must differ"},
        ArgumentCase{"{parse_decimal: {decimal: ';'}}", false, ""},
        ArgumentCase{"{parse_decimal: {thousands: '.'}}", false, ""},
        ArgumentCase{"{round: 2}", true, ""},
        ArgumentCase{"{round: 0}", true, ""},
        ArgumentCase{"{round: 19}", false,
                     "argument of \"round\" must be an integer from 0 to 18, found \"19\""},
        ArgumentCase{"{round: -1}", false, ""},
        ArgumentCase{"{clamp: {min: 0}}", true, ""},
        ArgumentCase{"{clamp: {min: -1.5, max: '99.90'}}", true, ""},
        ArgumentCase{"{clamp: {}}", false, "action \"clamp\" needs min, max or both"},
        ArgumentCase{"{clamp: {min: 10, max: 9.99}}", false,
                     "min of \"clamp\" (10) is greater than max (9.99)"},
        ArgumentCase{"{clamp: {max: 1e3}}", false, ""},
        ArgumentCase{"{calculate: {expr: 'number(price) * 1.1'}}", true, ""},
        ArgumentCase{"{calculate: {expr: 'price * 2', scale: 0}}", true, ""},
        ArgumentCase{"{calculate: {scale: 2}}", false, ""}));

TEST(Actions, RegexErrorsHaveTheirOwnSqlstate) {
  Diagnostic bad = first_error(document_with_action("{regex_replace: {pattern: '(a', with: ''}}"));
  EXPECT_EQ(bad.code, ErrorCode::kInvalidRegex);
  EXPECT_EQ(bad.where.line, 6);
  Diagnostic huge = first_error(
      document_with_action("{regex_replace: {pattern: '\\pL{1000}', with: ''}}"));
  EXPECT_EQ(huge.code, ErrorCode::kLimitExceeded);
}

TEST(Actions, CalculateExpressionsAreTypeChecked) {
  Diagnostic d = first_error(document_with_action("{calculate: {expr: 'price > 1'}}"));
  EXPECT_EQ(d.code, ErrorCode::kDatatypeMismatch);
}

TEST(Program, InternsFieldsAndFillsDefaults) {
  Program p = compiled(document_with_rules(
      "  - id: r1\n    field: title\n    do: [{truncate: {max: 60}}, {copy: sku}]\n"
      "  - id: r2\n    field: price\n    do: {parse_decimal: {decimal: ','}}\n"));
  ASSERT_EQ(p.rules.size(), 2u);
  EXPECT_EQ(p.fields, (std::vector<std::string>{"title", "sku", "price"}));
  const Action &truncate = p.rules[0].actions[0];
  EXPECT_EQ(truncate.args[1].text, "char");
  EXPECT_EQ(truncate.args[2].kind, ArgKind::kAbsent);
  EXPECT_EQ(truncate.kernel, Kernel::kTruncateChars);
  const Action &parse = p.rules[1].actions[0];
  EXPECT_EQ(parse.args[1].text, ".");
  EXPECT_EQ(parse.args[2].text, "null");
}

TEST(Program, ChoosesKernels) {
  Program p = compiled(document_with_action(
      "[{truncate: {max: 9, at: word}}, {regex_replace: {pattern: 'foo', with: 'bar'}},"
      " {regex_replace: {pattern: 'fo+', with: 'bar'}}, {set: 'x'}, {set: '{sku}'},"
      " {set: null}, {map: {values: {a: b}}}, {map: {values: {a: b}, ignore_case: false}}]"));
  std::vector<Kernel> kernels;
  for (const Action &a : p.rules[0].actions) kernels.push_back(a.kernel);
  EXPECT_EQ(kernels, (std::vector<Kernel>{Kernel::kTruncateWords, Kernel::kReplaceLiteral,
                                          Kernel::kRegexReplace, Kernel::kSetConstant,
                                          Kernel::kSetTemplate, Kernel::kSetNull,
                                          Kernel::kMapFolded, Kernel::kMapExact}));
}

TEST(Warnings, FlagRulesThatCanNeverChangeAnything) {
  CompileOutput out = compile_rule_set(document_with_rules(
      "  - id: never\n    field: t\n    when: false\n    do: trim\n"
      "  - id: gate\n    field: t\n    do: reject\n"
      "  - id: after\n    field: t\n    do: trim\n"));
  ASSERT_TRUE(out.program);
  ASSERT_EQ(out.diagnostics.all().size(), 2u);
  EXPECT_EQ(out.diagnostics.all()[0].severity, Severity::kWarning);
  EXPECT_EQ(out.diagnostics.all()[0].rule_id, "never");
  EXPECT_EQ(out.diagnostics.all()[1].message,
            "rule \"after\" never runs: rule \"gate\" stops or rejects every row before it");
}

TEST(Source, MustBeUtf8) {
  Diagnostic d = first_error(std::string("ruleset: a\xff\n"));
  EXPECT_EQ(d.code, ErrorCode::kSyntax);
}

}  // namespace
}  // namespace smart_rules
