// Every action of the rule language run through the executor (one kernel per Kernel value):
// values, null handling, and the violations some actions log.
#include <gtest/gtest.h>

#include "runtime_test_support.hpp"

namespace smart_rules::testing {
namespace {

using runtime::EventKind;

TEST(ExecutorActions, WhitespaceActions) {
  EXPECT_EQ(apply_action("trim", "  Mouse sem fio\u00A0"), "Mouse sem fio");
  EXPECT_EQ(apply_action("trim", "   "), "");
  EXPECT_EQ(apply_action("collapse_whitespace", " Mouse \t sem  fio"), " Mouse sem fio");
  EXPECT_EQ(apply_action("remove_whitespace", "789 1234 56789 0"), "7891234567890");
  EXPECT_EQ(apply_action("[trim, collapse_whitespace]", "  a \u00A0 b  "), "a b");
}

TEST(ExecutorActions, NullStaysNullForTextActions) {
  for (const char *action :
       {"trim", "collapse_whitespace", "remove_whitespace", "lower", "upper", "title_case",
        "remove_accents", "normalize_unicode", "digits_only", "strip_html", "null_if_empty",
        "{truncate: {max: 3}}", "{replace: {from: a, to: b}}", "{prefix: x}", "{suffix: x}",
        "{pad_left: {length: 4}}", "{remove: [a]}", "{map: {values: {a: b}, unmapped: z}}",
        "{parse_decimal: {decimal: ','}}", "{round: 2}", "{clamp: {min: 0}}",
        "{regex_replace: {pattern: 'a+', with: b}}"}) {
    EXPECT_EQ(apply_action(action, std::nullopt), std::nullopt) << action;
  }
}

TEST(ExecutorActions, CaseActions) {
  EXPECT_EQ(apply_action("lower", "AÇÃO"), "ação");
  EXPECT_EQ(apply_action("upper", "ação"), "AÇÃO");
  EXPECT_EQ(apply_action("title_case", "TÊNIS de CORRIDA"), "Tênis De Corrida");
  EXPECT_EQ(apply_action("title_case", "x-box"), "X-Box");
}

TEST(ExecutorActions, UnicodeActions) {
  EXPECT_EQ(apply_action("remove_accents", "São João"), "Sao Joao");
  EXPECT_EQ(apply_action("normalize_unicode", "a\u0301"), "\u00e1");
}

TEST(ExecutorActions, TruncateByCharacterAndWord) {
  EXPECT_EQ(apply_action("{truncate: {max: 4}}", "ação ok"), "ação");
  EXPECT_EQ(apply_action("{truncate: {max: 10}}", "short"), "short");
  EXPECT_EQ(apply_action("{truncate: {max: 20, at: word, ellipsis: '...'}}",
                         "Mouse sem fio Logitech M170 cinza"),
            "Mouse sem fio...");
  EXPECT_EQ(apply_action("{truncate: {max: 12, at: word}}", "Mouse sem fio Logitech"),
            "Mouse sem");
}

TEST(ExecutorActions, ReplaceLiteral) {
  EXPECT_EQ(apply_action("{replace: {from: ' c/ ', to: ' com '}}", "Capa c/ alça"),
            "Capa com alça");
  EXPECT_EQ(apply_action("{replace: {from: 'C/', to: 'com'}}", "capa c/ alça"), "capa c/ alça");
  EXPECT_EQ(apply_action("{replace: {from: 'C/', to: 'com', ignore_case: true}}", "capa c/ alça"),
            "capa com alça");
  EXPECT_EQ(apply_action("{replace: {from: 'x', to: ''}}", "axbxc"), "abc");
}

TEST(ExecutorActions, RegexReplaceWithGroups) {
  EXPECT_EQ(apply_action("{regex_replace: {pattern: '(\\d+)\\s*gb\\b', with: '\\1GB', "
                         "ignore_case: true}}",
                         "SSD 480 gb"),
            "SSD 480GB");
  EXPECT_EQ(apply_action("{regex_replace: {pattern: '^(\\d{5})(\\d{3})$', with: '\\1-\\2'}}",
                         "01310100"),
            "01310-100");
  EXPECT_EQ(apply_action("{regex_replace: {pattern: '\\s*[>/|]\\s*', with: ' > '}}",
                         "Casa/Cozinha |Panelas"),
            "Casa > Cozinha > Panelas");
  // \0 is the whole match, \\ one backslash, a group the pattern lacks is empty.
  EXPECT_EQ(apply_action("{regex_replace: {pattern: '[0-9]', with: '<\\0>'}}", "a1b2"),
            "a<1>b<2>");
  EXPECT_EQ(apply_action("{regex_replace: {pattern: 'b', with: '\\\\'}}", "abc"), "a\\c");
  EXPECT_EQ(apply_action("{regex_replace: {pattern: 'b', with: 'x\\7y'}}", "abc"), "axyc");
  // No match: unchanged.
  EXPECT_EQ(apply_action("{regex_replace: {pattern: 'z+', with: 'y'}}", "abc"), "abc");
}

TEST(ExecutorActions, RegexReplaceEmptyMatchesAsRe2GlobalReplace) {
  EXPECT_EQ(apply_action("{regex_replace: {pattern: 'x*', with: '-'}}", "abc"), "-a-b-c-");
  EXPECT_EQ(apply_action("{regex_replace: {pattern: 'x*', with: '-'}}", "ação"), "-a-ç-ã-o-");
  EXPECT_EQ(apply_action("{regex_replace: {pattern: 'b*', with: '-'}}", "abc"), "-a-c-");
}

TEST(ExecutorActions, RegexReplaceWithLiteralPatternUsesTheLiteralKernel) {
  RuleRunner runner(document_with_action("{regex_replace: {pattern: ' - ', with: ' | '}}"));
  EXPECT_EQ(runner.program().rules[0].actions[0].kernel, Kernel::kReplaceLiteral);
  runner.run({Row{{"title", "a - b - c"}}});
  EXPECT_EQ(runner.value(0, "title"), "a | b | c");
  EXPECT_EQ(apply_action("{regex_replace: {pattern: 'ML', with: 'Mercado', ignore_case: true}}",
                         "ml ou Ml"),
            "Mercado ou Mercado");
}

TEST(ExecutorActions, RemoveTerms) {
  EXPECT_EQ(apply_action("{remove: [frete grátis, promoção, oferta imperdível]}",
                         "Fone Bluetooth FRETE GRÁTIS  Promoção"),
            "Fone Bluetooth");
  EXPECT_EQ(apply_action("{remove: cor}", "Camisa  azul"), "Camisa  azul");
}

TEST(ExecutorActions, PrefixSuffixDigitsPad) {
  EXPECT_EQ(apply_action("{prefix: ML-}", "123"), "ML-123");
  EXPECT_EQ(apply_action("{suffix: ' cm'}", "30"), "30 cm");
  EXPECT_EQ(apply_action("digits_only", "529.982.247-25"), "52998224725");
  EXPECT_EQ(apply_action("digits_only", "abc"), "");
  EXPECT_EQ(apply_action("{pad_left: {length: 12}}", "36000291452"), "036000291452");
  EXPECT_EQ(apply_action("{pad_left: {length: 2, with: ' '}}", "123"), "123");
  EXPECT_EQ(apply_action("{pad_left: {length: 5, with: 'é'}}", "ab"), "éééab");
}

TEST(ExecutorActions, StripHtml) {
  EXPECT_EQ(apply_action("[strip_html, collapse_whitespace, trim]",
                         "<p>Caf&eacute; &amp; ch&aacute;<br/>novo</p>"),
            "Caf&eacute; & ch&aacute; novo");
  EXPECT_EQ(apply_action("strip_html", "a&nbsp;b"), "a\u00A0b");
}

TEST(ExecutorActions, SetConstantTemplateAndNull) {
  RuleRunner runner(document_with_rules(
      "  - id: a\n    field: display\n    do: {set: '{brand} {model}'}\n"
      "  - id: b\n    field: status\n    do: {set: ok}\n"
      "  - id: c\n    field: promo\n    do: {set: null}\n"
      "  - id: d\n    field: json\n    do: {set: '{{\"sku\": \"{sku}\"}}'}\n"));
  runner.run({Row{{"brand", "Acme"}, {"model", std::nullopt}, {"promo", "1"}, {"sku", "A1"}},
              Row{{"status", "ok"}}});
  EXPECT_EQ(runner.value(0, "display"), "Acme ");
  EXPECT_EQ(runner.value(0, "status"), "ok");
  EXPECT_EQ(runner.value(0, "promo"), std::nullopt);
  EXPECT_EQ(runner.value(0, "json"), "{\"sku\": \"A1\"}");
  EXPECT_EQ(runner.value(1, "display"), " ");
  EXPECT_EQ(runner.value(1, "status"), "ok");
  EXPECT_FALSE(runner.changed(1, "status"));
}

TEST(ExecutorActions, SetSeesTheFieldAsThePipelineLeftIt) {
  EXPECT_EQ(apply_action("[trim, {set: '[{title}]'}]", "  x  "), "[x]");
}

TEST(ExecutorActions, CopyTakesTheOtherFieldIncludingNull) {
  RuleRunner runner(document_with_rules(
      "  - id: a\n    field: item_name\n    do: {copy: title}\n"));
  runner.run({Row{{"title", "Mouse"}}, Row{{"item_name", "old"}}});
  EXPECT_EQ(runner.value(0, "item_name"), "Mouse");
  EXPECT_EQ(runner.value(1, "item_name"), std::nullopt);
}

TEST(ExecutorActions, DefaultOnlyWhereNullOrBlank) {
  EXPECT_EQ(apply_action("{default: '0'}", std::nullopt), "0");
  EXPECT_EQ(apply_action("{default: '0'}", " \u00A0"), "0");
  EXPECT_EQ(apply_action("{default: '0'}", "5"), "5");
  RuleRunner runner(document_with_rules(
      "  - id: a\n    field: brand\n    do: {default: 'Genérico {sku}'}\n"));
  runner.run({Row{{"sku", "A1"}}, Row{{"brand", "Acme"}, {"sku", "B2"}}});
  EXPECT_EQ(runner.value(0, "brand"), "Genérico A1");
  EXPECT_EQ(runner.value(1, "brand"), "Acme");
}

TEST(ExecutorActions, SetNullAndNullIfEmpty) {
  EXPECT_EQ(apply_action("set_null", "x"), std::nullopt);
  EXPECT_EQ(apply_action("null_if_empty", " \t"), std::nullopt);
  EXPECT_EQ(apply_action("null_if_empty", ""), std::nullopt);
  EXPECT_EQ(apply_action("null_if_empty", " a "), " a ");
  EXPECT_EQ(apply_action("[digits_only, null_if_empty]", "n/a"), std::nullopt);
}

TEST(ExecutorActions, MapIgnoringCaseAfterTrimming) {
  const std::string map =
      "{map: {values: {Novo: new, Usado: used, 'Não informado': null}, unmapped: null}}";
  EXPECT_EQ(apply_action(map, " NOVO "), "new");
  EXPECT_EQ(apply_action(map, "usado"), "used");
  EXPECT_EQ(apply_action(map, "não INFORMADO"), std::nullopt);
  EXPECT_EQ(apply_action(map, "seminovo"), std::nullopt);
}

TEST(ExecutorActions, MapExactAndUnmappedChoices) {
  const std::string exact = "{map: {values: {P: S, G: L}, ignore_case: false}}";
  EXPECT_EQ(apply_action(exact, "P"), "S");
  EXPECT_EQ(apply_action(exact, "p"), "p");  // unmapped: keep
  EXPECT_EQ(apply_action("{map: {values: {a: b}, unmapped: other}}", "z"), "other");
  EXPECT_EQ(apply_action("{map: {values: {a: b}, unmapped: keep}}", " z "), " z ");
}

TEST(ExecutorActions, LookupUsesThePairsTheCallerAdded) {
  RuleRunner runner(document_with_rules(
      "  - id: brand\n    field: brand\n    do:\n"
      "      - lookup: {table: catalog.brand_aliases, key: alias, value: brand}\n"
      "  - id: category\n    field: category\n    do:\n"
      "      - lookup: {table: cats, key: k, value: v, ignore_case: false, unmapped: MLB1953}\n"));
  runtime::Executor &executor = runner.executor();
  ASSERT_EQ(executor.lookups().size(), 2u);
  EXPECT_EQ(executor.lookups()[0].table, "catalog.brand_aliases");
  EXPECT_EQ(executor.lookups()[0].key_column, "alias");
  EXPECT_EQ(executor.lookups()[0].value_column, "brand");
  EXPECT_EQ(executor.lookups()[1].rule, 1u);
  executor.add_lookup_pair(0, "samsung", std::string_view("Samsung"));
  executor.add_lookup_pair(0, "SAMSUNG", std::string_view("loses"));
  executor.add_lookup_pair(0, "none", std::nullopt);
  executor.add_lookup_pair(1, "Casa", std::string_view("MLB1574"));
  runner.run({Row{{"brand", " SamSung "}, {"category", "Casa"}},
              Row{{"brand", "None"}, {"category", "casa"}}, Row{{"brand", "Acme"}}});
  EXPECT_EQ(runner.value(0, "brand"), "Samsung");
  EXPECT_EQ(runner.value(0, "category"), "MLB1574");
  EXPECT_EQ(runner.value(1, "brand"), std::nullopt);
  EXPECT_EQ(runner.value(1, "category"), "MLB1953");
  EXPECT_EQ(runner.value(2, "brand"), "Acme");
  EXPECT_EQ(runner.value(2, "category"), std::nullopt);
}

TEST(ExecutorActions, ParseDecimal) {
  EXPECT_EQ(apply_action("{parse_decimal: {decimal: ','}}", "R$ 1.234,56"), "1234.56");
  EXPECT_EQ(apply_action("{parse_decimal: {decimal: ','}}", "-12,00"), "-12.00");
  EXPECT_EQ(apply_action("{parse_decimal: {decimal: '.'}}", "US$ 1,234.56"), "1234.56");
  EXPECT_EQ(apply_action("{parse_decimal: {decimal: '.'}}", "12.5"), "12.5");
  EXPECT_EQ(apply_action("{parse_decimal: {decimal: ','}}", "12,5 kg"), std::nullopt);
  EXPECT_EQ(apply_action("{parse_decimal: {decimal: ',', on_invalid: keep}}", "12,5 kg"),
            "12,5 kg");
}

TEST(ExecutorActions, ParseDecimalLogsAViolationForInvalidInput) {
  RuleRunner runner(document_with_rules(
      "  - id: price\n    field: price\n    do: {parse_decimal: {decimal: ','}}\n"
      "    severity: warning\n    message: price of {sku} is not a number\n"));
  runner.run({Row{{"price", "abc"}, {"sku", "A1"}}, Row{{"price", "1,50"}}});
  const auto &events = runner.events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].row, 0u);
  EXPECT_EQ(events[0].kind, EventKind::kFlag);
  EXPECT_EQ(events[0].action, ActionKind::kParseDecimal);
  EXPECT_EQ(events[0].old_value, "abc");
  EXPECT_TRUE(events[0].new_null);
  EXPECT_EQ(events[0].message, "price of A1 is not a number");
  EXPECT_EQ(events[1].row, 0u);
  EXPECT_EQ(events[1].kind, EventKind::kCorrect);  // abc -> null is a correction too
  EXPECT_EQ(events[2].row, 1u);
  EXPECT_EQ(events[2].new_value, "1.50");
  EXPECT_EQ(runner.executor().rule_stats()[0].violations, 1u);
  EXPECT_EQ(runner.executor().rule_stats()[0].changed, 2u);
}

TEST(ExecutorActions, RoundHalfAwayFromZero) {
  EXPECT_EQ(apply_action("{round: 2}", "10.005"), "10.01");
  EXPECT_EQ(apply_action("{round: 2}", "-10.005"), "-10.01");
  EXPECT_EQ(apply_action("{round: 2}", "7"), "7.00");
  EXPECT_EQ(apply_action("{round: 0}", " 2.5 "), "3");
  EXPECT_EQ(apply_action("{round: 2}", "1,5"), "1,5");
}

TEST(ExecutorActions, RoundAndClampFlagNonNumbers) {
  RuleRunner runner(document_with_rules(
      "  - id: r\n    field: price\n    do: [{round: 1}, {clamp: {min: 0}}]\n"));
  runner.run({Row{{"price", "R$ 5"}}});
  ASSERT_EQ(runner.events().size(), 2u);
  EXPECT_EQ(runner.events()[0].action, ActionKind::kRound);
  EXPECT_EQ(runner.events()[1].action, ActionKind::kClamp);
  EXPECT_EQ(runner.events()[1].kind, EventKind::kFlag);
  EXPECT_EQ(runner.value(0, "price"), "R$ 5");
}

TEST(ExecutorActions, ClampToTheBoundsAsWritten) {
  const std::string clamp = "{clamp: {min: '0.01', max: 999999.99}}";
  EXPECT_EQ(apply_action(clamp, "0"), "0.01");
  EXPECT_EQ(apply_action(clamp, "-5"), "0.01");
  EXPECT_EQ(apply_action(clamp, "1000000"), "999999.99");
  EXPECT_EQ(apply_action(clamp, " 10.5 "), " 10.5 ");
  EXPECT_EQ(apply_action("{clamp: {max: 100}}", "100.000"), "100.000");
  EXPECT_EQ(apply_action("{clamp: {max: 100}}", "100.001"), "100");
}

TEST(ExecutorActions, CalculateExactDecimal) {
  RuleRunner runner(document_with_rules(
      "  - id: price\n    field: price\n    when: price is null\n    do:\n"
      "      - calculate: {expr: cost * (1 + margin / 100)}\n"
      "  - id: installment\n    field: installment\n"
      "    do: {calculate: {expr: total / n, scale: 2}}\n"
      "  - id: stock\n    field: stock\n    do: {calculate: {expr: packs * units, scale: 0}}\n"
      "  - id: refund\n    field: refund\n    do: {calculate: {expr: -refund, scale: 1}}\n"));
  runner.run({Row{{"cost", "10.00"}, {"margin", "33.3"}, {"total", "100"}, {"n", "3"},
                  {"packs", "4"}, {"units", "12"}, {"refund", "-2.25"}},
              Row{{"cost", "10"}, {"margin", "x"}, {"total", "1"}, {"n", "0"}, {"packs", "2.5"},
                  {"units", "3"}, {"refund", "0.1"}},
              Row{{"cost", "0.1"}, {"margin", "0"}, {"total", "0.2"}, {"n", "0.1"},
                  {"units", "3"}}});
  EXPECT_EQ(runner.value(0, "price"), "13.33");  // 10.00 * 1.333 = 13.33
  EXPECT_EQ(runner.value(0, "installment"), "33.33");
  EXPECT_EQ(runner.value(0, "stock"), "48");
  EXPECT_EQ(runner.value(0, "refund"), "2.3");  // 2.25 rounds half away from zero
  EXPECT_EQ(runner.value(1, "price"), std::nullopt);        // not a number
  EXPECT_EQ(runner.value(1, "installment"), std::nullopt);  // division by zero
  EXPECT_EQ(runner.value(1, "stock"), "8");                 // 7.5 -> 8
  EXPECT_EQ(runner.value(1, "refund"), "-0.1");
  EXPECT_EQ(runner.value(2, "price"), "0.10");   // exact: no binary floating point
  EXPECT_EQ(runner.value(2, "installment"), "2.00");
  EXPECT_EQ(runner.value(2, "stock"), std::nullopt);  // null operand
}

TEST(ExecutorActions, CalculateOfATextFieldReadsItAsANumber) {
  EXPECT_EQ(apply_action("{calculate: {expr: price, scale: 1}}", " 2.25 ", "price"), "2.3");
  EXPECT_EQ(apply_action("{calculate: {expr: price}}", "abc", "price"), std::nullopt);
  EXPECT_EQ(apply_action("{calculate: {expr: 10 % 4, scale: 0}}", std::nullopt, "n"), "2");
  EXPECT_EQ(apply_action("{calculate: {expr: 7 % 0}}", "1", "n"), std::nullopt);
  EXPECT_EQ(apply_action("{calculate: {expr: 1 / 3, scale: 18}}", "1", "n"),
            "0.333333333333333333");
  EXPECT_EQ(apply_action("{calculate: {expr: 2 / 3, scale: 18}}", "1", "n"),
            "0.666666666666666667");
  EXPECT_EQ(apply_action("{calculate: {expr: 999999999999999999 * 999999999999999999, scale: 0}}",
                         "1", "n"),
            "999999999999999998000000000000000001");
}

TEST(ExecutorActions, FlagKeepsTheValueAndDoesNotStopThePipeline) {
  RuleRunner runner(document_with_rules(
      "  - id: f\n    field: title\n    do: [flag, upper]\n    severity: error\n"
      "    message: 'was {title}'\n"));
  runner.run({Row{{"title", "abc"}}});
  ASSERT_EQ(runner.events().size(), 2u);
  EXPECT_EQ(runner.events()[0].kind, EventKind::kFlag);
  EXPECT_EQ(runner.events()[0].old_value, "abc");
  EXPECT_EQ(runner.events()[0].new_value, "abc");
  EXPECT_EQ(runner.events()[0].message, "was abc");  // rendered at the time of the event
  EXPECT_EQ(runner.events()[1].kind, EventKind::kCorrect);
  EXPECT_EQ(runner.events()[1].action, ActionKind::kUpper);
  EXPECT_EQ(runner.events()[1].message, "was ABC");
  EXPECT_EQ(runner.value(0, "title"), "ABC");
}

TEST(ExecutorActions, RejectDropsTheRowForLaterRules) {
  RuleRunner runner(document_with_rules(
      "  - id: bad\n    field: doc\n    when: not (valid_cpf(doc) or valid_cnpj(doc))\n"
      "    do: reject\n    severity: error\n    message: 'document of {sku} is invalid'\n"
      "  - id: tidy\n    field: title\n    do: upper\n"));
  runner.run({Row{{"doc", "529.982.247-25"}, {"title", "a"}},
              Row{{"doc", "111.111.111-11"}, {"title", "b"}, {"sku", "S2"}},
              Row{{"doc", "12.ABC.345/01DE-35"}, {"title", "c"}}});
  EXPECT_TRUE(runner.kept(0));
  EXPECT_FALSE(runner.kept(1));
  EXPECT_TRUE(runner.kept(2));
  EXPECT_EQ(runner.value(1, "title"), "b");  // later rules do not see the rejected row
  EXPECT_EQ(runner.value(2, "title"), "C");
  ASSERT_EQ(runner.events().size(), 3u);
  EXPECT_EQ(runner.events()[0].kind, EventKind::kReject);
  EXPECT_EQ(runner.events()[0].row, 1u);
  EXPECT_EQ(runner.events()[0].message, "document of S2 is invalid");
  EXPECT_EQ(runner.executor().rule_stats()[0].rejected, 1u);
  EXPECT_EQ(runner.executor().rule_stats()[1].fired, 2u);
}

TEST(ExecutorActions, RejectAfterAChangeLogsNoCorrection) {
  RuleRunner runner(document_with_action("[trim, reject]"));
  runner.run({Row{{"title", " x "}}});
  ASSERT_EQ(runner.events().size(), 1u);
  EXPECT_EQ(runner.events()[0].kind, EventKind::kReject);
  EXPECT_EQ(runner.events()[0].old_value, "x");
}

TEST(ExecutorActions, StopEndsTheRowsRulesButNotItsOwnPipeline) {
  RuleRunner runner(document_with_rules(
      "  - id: discontinued\n    field: status\n    when: status = 'discontinued'\n"
      "    do: [flag, stop]\n"
      "  - id: tidy\n    field: title\n    do: [trim]\n"));
  runner.run({Row{{"status", "discontinued"}, {"title", " a "}}, Row{{"title", " b "}}});
  EXPECT_EQ(runner.value(0, "title"), " a ");
  EXPECT_EQ(runner.value(1, "title"), "b");
  EXPECT_TRUE(runner.kept(0));
  ASSERT_EQ(runner.events().size(), 2u);
  EXPECT_EQ(runner.events()[0].kind, EventKind::kFlag);
}

}  // namespace
}  // namespace smart_rules::testing
