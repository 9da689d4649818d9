// The executor's evaluation model: rule order, corrections (null-aware), events and their order,
// messages, statistics over several batches, interrupts, and batches larger than a chunk.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "runtime_test_support.hpp"

namespace smart_rules::testing {
namespace {

using runtime::EventKind;
using runtime::RunStatus;

TEST(Executor, LaterRulesSeeWhatEarlierRulesLeft) {
  RuleRunner runner(document_with_rules(
      "  - id: tidy\n    field: title\n    do: [trim, collapse_whitespace]\n"
      "  - id: long\n    field: title\n    when: length(title) > 5\n    do: {truncate: {max: 5}}\n"
      "  - id: copy\n    field: search\n    do: [{copy: title}, lower]\n"));
  runner.run({Row{{"title", "   ab   cd   "}}, Row{{"title", " abc  defgh "}}});
  EXPECT_EQ(runner.value(0, "title"), "ab cd");  // 5 characters once tidied: not truncated
  EXPECT_EQ(runner.value(1, "title"), "abc d");
  EXPECT_EQ(runner.value(1, "search"), "abc d");
  EXPECT_EQ(runner.executor().rule_stats()[1].fired, 1u);
}

TEST(Executor, WhenIsEvaluatedOnceBeforeTheFirstAction) {
  RuleRunner runner(document_with_action("[{set: b}, {set: c}]\n    when: title = 'a'"));
  runner.run({Row{{"title", "a"}}});
  EXPECT_EQ(runner.value(0, "title"), "c");
}

TEST(Executor, NullToEmptyIsACorrection) {
  RuleRunner runner(document_with_action("{set: ''}"));
  runner.run({Row{{"title", std::nullopt}}, Row{{"title", ""}}});
  ASSERT_EQ(runner.events().size(), 1u);
  const runtime::Event &event = runner.events()[0];
  EXPECT_EQ(event.kind, EventKind::kCorrect);
  EXPECT_EQ(event.row, 0u);
  EXPECT_TRUE(event.old_null);
  EXPECT_FALSE(event.new_null);
  EXPECT_EQ(event.new_value, "");
  EXPECT_EQ(event.action, ActionKind::kSet);
  EXPECT_TRUE(runner.changed(0, "title"));
  EXPECT_FALSE(runner.changed(1, "title"));
}

TEST(Executor, ARuleThatGivesBackTheSameValueYieldsNothing) {
  RuleRunner runner(document_with_action("[upper, lower]"));
  runner.run({Row{{"title", "abc"}}, Row{{"title", "Abc"}}});
  ASSERT_EQ(runner.events().size(), 1u);
  EXPECT_EQ(runner.events()[0].row, 1u);
  EXPECT_EQ(runner.events()[0].action, ActionKind::kLower);  // the last action that changed it
  EXPECT_EQ(runner.events()[0].old_value, "Abc");
  EXPECT_EQ(runner.events()[0].new_value, "abc");
  EXPECT_FALSE(runner.changed(0, "title"));
  EXPECT_TRUE(runner.changed(1, "title"));
  EXPECT_EQ(runner.executor().rule_stats()[0].changed, 1u);
  EXPECT_EQ(runner.executor().rule_stats()[0].fired, 2u);
}

TEST(Executor, CorrectionOldValueIsTheValueBeforeTheRule) {
  RuleRunner runner(document_with_rules(
      "  - id: a\n    field: title\n    do: trim\n"
      "  - id: b\n    field: title\n    do: [upper, {suffix: '!'}]\n"));
  runner.run({Row{{"title", " x "}}});
  ASSERT_EQ(runner.events().size(), 2u);
  EXPECT_EQ(runner.events()[0].old_value, " x ");
  EXPECT_EQ(runner.events()[0].new_value, "x");
  EXPECT_EQ(runner.events()[1].old_value, "x");
  EXPECT_EQ(runner.events()[1].new_value, "X!");
  EXPECT_EQ(runner.events()[1].action, ActionKind::kSuffix);
  EXPECT_EQ(runner.rule_id(runner.events()[1]), "b");
}

TEST(Executor, EventsAreRuleByRuleWithRowsAscending) {
  RuleRunner runner(document_with_rules(
      "  - id: a\n    field: price\n    do: [{parse_decimal: {decimal: ','}}, {suffix: x}]\n"
      "  - id: b\n    field: title\n    when: title is not null\n    do: flag\n"));
  runner.run({Row{{"price", "bad"}, {"title", "t"}}, Row{{"price", "1,5"}},
              Row{{"price", "worse"}, {"title", "u"}}});
  std::vector<std::pair<std::string, std::uint32_t>> order;
  for (const runtime::Event &event : runner.events())
    order.emplace_back(runner.rule_id(event) + ":" + runtime::event_kind_name(event.kind),
                       event.row);
  const std::vector<std::pair<std::string, std::uint32_t>> expected{
      {"a:flag", 0},    {"a:correct", 0}, {"a:correct", 1}, {"a:flag", 2},
      {"a:correct", 2}, {"b:flag", 0},    {"b:flag", 2}};
  EXPECT_EQ(order, expected);
  EXPECT_EQ(runner.value(1, "price"), "1.5x");
  EXPECT_EQ(runner.value(0, "price"), std::nullopt);  // suffix leaves null as null
}

TEST(Executor, MessagesUseCurrentValuesAndEmptyForNull) {
  RuleRunner runner(document_with_rules(
      "  - id: a\n    field: title\n    do: upper\n    message: '{sku}/{title}/{brand}'\n"
      "  - id: b\n    field: title\n    do: flag\n    severity: warning\n"));
  runner.run({Row{{"title", "x"}, {"sku", "S1"}}});
  ASSERT_EQ(runner.events().size(), 2u);
  EXPECT_EQ(runner.events()[0].message, "S1/X/");
  EXPECT_EQ(runner.events()[1].message, "");
  EXPECT_EQ(runner.program().rules[1].severity, RuleSeverity::kWarning);
}

TEST(Executor, StatisticsAreSummedOverBatchesAndEventsAreReset) {
  RuleRunner runner(document_with_rules(
      "  - id: a\n    field: title\n    when: length(title) > 1\n    do: upper\n"
      "  - id: b\n    field: title\n    when: title = 'X'\n    do: [flag, reject]\n"));
  runner.run({Row{{"title", "ab"}}, Row{{"title", "x"}}});
  EXPECT_EQ(runner.events().size(), 1u);
  runner.run({Row{{"title", "cd"}}, Row{{"title", "ef"}}, Row{{"title", "X"}}});
  EXPECT_EQ(runner.value(0, "title"), "CD");
  EXPECT_EQ(runner.value(1, "title"), "EF");
  EXPECT_FALSE(runner.kept(2));
  EXPECT_TRUE(runner.kept(0));
  EXPECT_EQ(runner.events().size(), 4u);  // two corrections, a flag and a reject
  const auto &stats = runner.executor().rule_stats();
  EXPECT_EQ(stats[0].fired, 3u);
  EXPECT_EQ(stats[0].changed, 3u);
  EXPECT_EQ(stats[1].fired, 1u);
  EXPECT_EQ(stats[1].violations, 1u);
  EXPECT_EQ(stats[1].rejected, 1u);
  EXPECT_GT(stats[0].elapsed_ns, 0u);
}

TEST(Executor, AnInterruptStopsTheRunAndCountsNothing) {
  RuleRunner runner(document_with_action("upper"));
  volatile int interrupt = 1;
  EXPECT_EQ(runner.run({Row{{"title", "a"}}}, &interrupt), RunStatus::kInterrupted);
  EXPECT_EQ(runner.executor().rule_stats()[0].fired, 0u);
  interrupt = 0;
  EXPECT_EQ(runner.run({Row{{"title", "a"}}}, &interrupt), RunStatus::kDone);
  EXPECT_EQ(runner.value(0, "title"), "A");
  EXPECT_EQ(runner.executor().rule_stats()[0].fired, 1u);
}

TEST(Executor, AnInterruptRaisedDuringTheRunStopsIt) {
  Program program = compiled(document_with_action("[collapse_whitespace, remove_whitespace]"));
  Diagnostics diagnostics;
  std::unique_ptr<runtime::Executor> executor = runtime::Executor::create(program, diagnostics);
  const std::string value(4096, 'x');  // nothing to change: long scans, no writes
  runtime::Batch batch;
  batch.reset(300000, program.fields.size());
  for (std::size_t row = 0; row < batch.rows(); ++row) batch.set_input(0, row, value);
  volatile int interrupt = 0;
  const auto started = std::chrono::steady_clock::now();
  std::thread raiser([&interrupt] {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    interrupt = 1;
  });
  const RunStatus status = executor->run(batch, &interrupt);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  raiser.join();
  EXPECT_EQ(status, RunStatus::kInterrupted);
  EXPECT_EQ(executor->rule_stats()[0].fired, 0u);
  EXPECT_LT(elapsed, std::chrono::milliseconds(200));  // the whole run takes far longer
}

TEST(Executor, BatchesLargerThanAnEvaluationChunk) {
  RuleRunner runner(document_with_rules(
      "  - id: even\n    field: n\n    when: number(n) % 2 = 0 and length(pad) >= 0\n"
      "    do: {calculate: {expr: n / 2, scale: 0}}\n"
      "  - id: mark\n    field: tag\n    when: number(n) % 3 = 0\n    do: {set: 'three {n}'}\n"));
  std::vector<Row> rows;
  const int count = 10007;
  for (int i = 0; i < count; ++i)
    rows.push_back(Row{{"n", std::to_string(i)}, {"pad", std::string(i % 7, ' ')}});
  ASSERT_EQ(runner.run(rows), RunStatus::kDone);
  for (int i : {0, 1, 4096, 4097, 8191, 8192, 10006}) {
    const int n = i % 2 == 0 ? i / 2 : i;
    EXPECT_EQ(runner.value(static_cast<std::size_t>(i), "n"), std::to_string(n)) << i;
    const Value tag = n % 3 == 0 ? Value("three " + std::to_string(n)) : std::nullopt;
    EXPECT_EQ(runner.value(static_cast<std::size_t>(i), "tag"), tag) << i;
  }
  EXPECT_EQ(runner.executor().rule_stats()[0].fired, (count + 1) / 2);
  // Events stay rule by rule, rows ascending, across the blocks the executor works in.
  const auto &events = runner.events();
  ASSERT_EQ(events.size(), static_cast<std::size_t>((count + 1) / 2 - 1 + (count + 2) / 3));
  for (std::size_t e = 1; e < events.size(); ++e) {
    ASSERT_TRUE(events[e - 1].rule < events[e].rule ||
                (events[e - 1].rule == events[e].rule && events[e - 1].row < events[e].row))
        << e;
  }
}

TEST(Executor, ManyRowsThroughEveryTextKernelKeepTheirValues) {
  RuleRunner runner(document_with_rules(
      "  - id: a\n    field: title\n    do: [trim, collapse_whitespace, title_case]\n"));
  std::vector<Row> rows;
  for (int i = 0; i < 5000; ++i) rows.push_back(Row{{"title", "  row  " + std::to_string(i)}});
  ASSERT_EQ(runner.run(rows), RunStatus::kDone);
  EXPECT_EQ(runner.value(0, "title"), "Row 0");
  EXPECT_EQ(runner.value(4999, "title"), "Row 4999");
  EXPECT_EQ(runner.events().size(), 5000u);
  EXPECT_EQ(runner.events()[4999].old_value, "  row  4999");
}

TEST(Executor, CreateCopiesTheProgram) {
  std::unique_ptr<runtime::Executor> executor;
  {
    Program program = compiled(document_with_action("upper"));
    Diagnostics diagnostics;
    executor = runtime::Executor::create(program, diagnostics);
  }
  ASSERT_NE(executor, nullptr);
  runtime::Batch batch;
  batch.reset(1, executor->program().fields.size());
  batch.set_input(0, 0, "abc");
  EXPECT_EQ(executor->run(batch), RunStatus::kDone);
  EXPECT_EQ(batch.column(0).values[0], "ABC");
}

TEST(Executor, ARegexRe2RejectsIsADiagnostic) {
  Program program = compiled(document_with_action("{regex_replace: {pattern: 'a', with: b}}"));
  program.regexes[0].pattern = "(unclosed";
  Diagnostics diagnostics;
  EXPECT_EQ(runtime::Executor::create(program, diagnostics), nullptr);
  ASSERT_TRUE(diagnostics.has_errors());
  EXPECT_EQ(diagnostics.first_error().code, ErrorCode::kInvalidRegex);
}

TEST(ExecutorBatch, ArenaValuesSurviveGrowthAndReset) {
  runtime::Batch batch;
  batch.reset(3, 1);
  const std::string big(200000, 'x');
  batch.set_output(0, 0, "small");
  batch.set_output(0, 1, big);
  batch.set_output(0, 2, "");
  EXPECT_EQ(batch.column(0).values[0], "small");
  EXPECT_EQ(batch.column(0).values[1], big);
  EXPECT_NE(batch.column(0).values[2].data(), nullptr);
  EXPECT_EQ(batch.column(0).changed[1], 1);
  batch.reset(2, 1);
  EXPECT_EQ(batch.column(0).nulls[0], 1);
  EXPECT_EQ(batch.column(0).changed[0], 0);
  batch.set_output(0, 0, big);
  batch.set_output(0, 1, "after");
  EXPECT_EQ(batch.column(0).values[0], big);
  EXPECT_EQ(batch.column(0).values[1], "after");
  batch.set_output_null(0, 1);
  EXPECT_EQ(batch.column(0).nulls[1], 1);
}

}  // namespace
}  // namespace smart_rules::testing

namespace smart_rules::testing {
namespace {

TEST(Executor, PiiFieldsAreMaskedInLogMessagesButNotInValues) {
  RuleRunner runner(
      "ruleset: t\nversion: 1.0.0\npii: [cpf]\nrules:\n"
      "  - id: bad-cpf\n    field: cpf\n    when: not valid_cpf(cpf)\n    do: flag\n"
      "    message: 'invalid CPF {cpf} for seller {seller}'\n"
      "  - id: label\n    field: label\n    do: {set: '{seller}/{cpf}'}\n");
  runner.run({Row{{"cpf", "123"}, {"seller", "acme"}}});
  ASSERT_FALSE(runner.events().empty());
  EXPECT_EQ(runner.events()[0].message, "invalid CPF *** for seller acme");
  EXPECT_EQ(runner.value(0, "label"), "acme/123");  // a value, not log text: unmasked
}

}  // namespace
}  // namespace smart_rules::testing
