// The C ABI of the runtime (sr_executor_*): a program applied to batches end to end, as the
// PostgreSQL glue drives it.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "smart_rules_capi.h"

namespace {

std::string text_of(const char *data, size_t len) { return std::string(data, len); }

sr_program *compile(const std::string &source) {
  sr_program *program = nullptr;
  sr_diagnostics *diagnostics = nullptr;
  EXPECT_EQ(sr_compile(source.data(), source.size(), &program, &diagnostics), SR_OK);
  sr_diagnostics_free(diagnostics);
  return program;
}

size_t field_index(const sr_executor *executor, const std::string &name) {
  for (size_t i = 0; i < sr_executor_field_count(executor); ++i)
    if (name == sr_executor_field_name(executor, i)) return i;
  ADD_FAILURE() << "no field " << name;
  return 0;
}

TEST(ExecutorCApi, RunsABatchEndToEnd) {
  sr_program *program = compile(
      "ruleset: shop\nversion: 1.0.0\nrules:\n"
      "  - id: tidy\n    field: title\n    do: [trim, collapse_whitespace]\n"
      "  - id: shout\n    field: title\n    when: length(title) > 5\n    do: upper\n"
      "    severity: warning\n    message: 'title of {sku} upper-cased'\n"
      "  - id: no-sku\n    field: sku\n    when: sku is null\n    do: reject\n"
      "  - id: check\n    field: sku\n    when: length(sku) > 3\n    do: flag\n"
      "  - id: status\n    field: status\n    do: {set: ok}\n");
  ASSERT_NE(program, nullptr);
  sr_executor *executor = nullptr;
  sr_diagnostics *diagnostics = nullptr;
  ASSERT_EQ(sr_executor_create(program, &executor, &diagnostics), SR_OK);
  sr_diagnostics_free(diagnostics);
  sr_program_free(program);  // the executor keeps its own copy

  const size_t title = field_index(executor, "title");
  const size_t sku = field_index(executor, "sku");
  const size_t status = field_index(executor, "status");

  ASSERT_EQ(sr_executor_begin_batch(executor, 3), SR_OK);
  const std::string titles[] = {"  big   mouse ", "tv", "  no sku "};
  sr_executor_set_value(executor, title, 0, titles[0].data(), titles[0].size());
  sr_executor_set_value(executor, sku, 0, "A1234", 5);
  sr_executor_set_value(executor, title, 1, titles[1].data(), titles[1].size());
  sr_executor_set_value(executor, sku, 1, "B1", 2);
  sr_executor_set_value(executor, title, 2, titles[2].data(), titles[2].size());
  ASSERT_EQ(sr_executor_run(executor, nullptr), SR_OK);

  EXPECT_EQ(sr_executor_row_kept(executor, 0), 1);
  EXPECT_EQ(sr_executor_row_kept(executor, 1), 1);
  EXPECT_EQ(sr_executor_row_kept(executor, 2), 0);

  sr_value_view v = sr_executor_value(executor, title, 0);
  EXPECT_EQ(text_of(v.data, v.len), "BIG MOUSE");
  EXPECT_TRUE(v.changed);
  v = sr_executor_value(executor, title, 1);
  EXPECT_EQ(text_of(v.data, v.len), "tv");
  EXPECT_FALSE(v.changed);
  v = sr_executor_value(executor, sku, 1);
  EXPECT_EQ(text_of(v.data, v.len), "B1");
  v = sr_executor_value(executor, status, 1);
  EXPECT_FALSE(v.is_null);
  EXPECT_EQ(text_of(v.data, v.len), "ok");
  const sr_field_flags title_flags = sr_executor_field_flags(executor, title);
  EXPECT_EQ(title_flags.changed[0], 1);
  EXPECT_EQ(title_flags.changed[1], 0);
  EXPECT_EQ(title_flags.nulls[1], 0);
  const sr_field_flags sku_flags = sr_executor_field_flags(executor, sku);
  EXPECT_EQ(sku_flags.nulls[2], 1);
  EXPECT_EQ(sr_executor_field_flags(executor, 99).nulls, nullptr);

  // Rule by rule: tidy (rows 0, 2), shout (rows 0, 2), no-sku (reject row 2), check (flag
  // row 0), status (rows 0, 1).
  ASSERT_EQ(sr_executor_event_count(executor), 8u);
  sr_event_view e = sr_executor_event(executor, 0);
  EXPECT_EQ(e.row, 0u);
  EXPECT_STREQ(e.rule_id, "tidy");
  EXPECT_STREQ(e.action, "correct");
  EXPECT_STREQ(e.action_name, "collapse_whitespace");
  EXPECT_EQ(text_of(e.old_value, e.old_len), "  big   mouse ");
  EXPECT_EQ(text_of(e.new_value, e.new_len), "big mouse");
  e = sr_executor_event(executor, 2);
  EXPECT_STREQ(e.rule_id, "shout");
  EXPECT_STREQ(e.severity, "warning");
  EXPECT_EQ(text_of(e.message, e.message_len), "title of A1234 upper-cased");
  e = sr_executor_event(executor, 4);
  EXPECT_STREQ(e.rule_id, "no-sku");
  EXPECT_STREQ(e.action, "reject");
  EXPECT_EQ(e.row, 2u);
  e = sr_executor_event(executor, 5);
  EXPECT_STREQ(e.rule_id, "check");
  EXPECT_STREQ(e.action, "flag");
  EXPECT_EQ(e.message_len, 0u);

  ASSERT_EQ(sr_executor_rule_count(executor), 5u);
  sr_rule_stats_view stats = sr_executor_rule_stats(executor, 1);
  EXPECT_STREQ(stats.rule_id, "shout");
  EXPECT_EQ(stats.fired, 2u);
  EXPECT_EQ(stats.changed, 2u);
  sr_executor_free(executor);
}

TEST(ExecutorCApi, RunsWithoutEventsStillCorrectAndCount) {
  sr_program *program = compile(
      "ruleset: shop\nversion: 1.0.0\nrules:\n"
      "  - id: tidy\n    field: title\n    do: trim\n"
      "  - id: check\n    field: title\n    when: length(title) > 3\n    do: flag\n"
      "    message: 'long {title}'\n");
  ASSERT_NE(program, nullptr);
  sr_executor *executor = nullptr;
  sr_diagnostics *diagnostics = nullptr;
  ASSERT_EQ(sr_executor_create(program, &executor, &diagnostics), SR_OK);
  sr_diagnostics_free(diagnostics);
  sr_program_free(program);
  sr_executor_record_events(executor, 0);

  ASSERT_EQ(sr_executor_begin_batch(executor, 2), SR_OK);
  sr_executor_set_value(executor, 0, 0, " mouse ", 7);
  sr_executor_set_value(executor, 0, 1, "tv", 2);
  ASSERT_EQ(sr_executor_run(executor, nullptr), SR_OK);
  EXPECT_EQ(sr_executor_event_count(executor), 0u);
  const sr_value_view v = sr_executor_value(executor, 0, 0);
  EXPECT_EQ(text_of(v.data, v.len), "mouse");
  EXPECT_TRUE(v.changed);
  EXPECT_EQ(sr_executor_rule_stats(executor, 0).changed, 1u);
  EXPECT_EQ(sr_executor_rule_stats(executor, 1).violations, 1u);

  sr_executor_record_events(executor, 1);
  ASSERT_EQ(sr_executor_begin_batch(executor, 1), SR_OK);
  sr_executor_set_value(executor, 0, 0, " mouse ", 7);
  ASSERT_EQ(sr_executor_run(executor, nullptr), SR_OK);
  EXPECT_EQ(sr_executor_event_count(executor), 2u);
  sr_executor_free(executor);
}

TEST(ExecutorCApi, FusedCleanupAttributesEachCorrectionLikeTheSequence) {
  // strip_html, collapse_whitespace, trim run as one kernel: each correction still names the
  // last of the three that changed the value.
  sr_program *program = compile(
      "ruleset: shop\nversion: 1.0.0\nrules:\n"
      "  - id: text\n    field: description\n    do: [strip_html, collapse_whitespace, trim]\n");
  ASSERT_NE(program, nullptr);
  sr_executor *executor = nullptr;
  sr_diagnostics *diagnostics = nullptr;
  ASSERT_EQ(sr_executor_create(program, &executor, &diagnostics), SR_OK);
  sr_diagnostics_free(diagnostics);
  sr_program_free(program);

  const std::string values[] = {"<p>x</p>", "a<br>b", "a \n b", "clean"};
  ASSERT_EQ(sr_executor_begin_batch(executor, 4), SR_OK);
  for (size_t row = 0; row < 4; ++row)
    sr_executor_set_value(executor, 0, row, values[row].data(), values[row].size());
  ASSERT_EQ(sr_executor_run(executor, nullptr), SR_OK);
  ASSERT_EQ(sr_executor_event_count(executor), 3u);
  const char *expected_action[] = {"trim", "strip_html", "collapse_whitespace"};
  const char *expected_value[] = {"x", "a b", "a b"};
  for (size_t i = 0; i < 3; ++i) {
    const sr_event_view e = sr_executor_event(executor, i);
    EXPECT_EQ(e.row, i);
    EXPECT_STREQ(e.action_name, expected_action[i]);
    EXPECT_EQ(text_of(e.new_value, e.new_len), expected_value[i]);
  }
  EXPECT_FALSE(sr_executor_value(executor, 0, 3).changed);
  sr_executor_free(executor);
}

TEST(ExecutorCApi, LookupsAreListedAndFilledByTheCaller) {
  sr_program *program = compile(
      "ruleset: shop\nversion: 1.0.0\nrules:\n"
      "  - id: brand\n    field: brand\n    do:\n"
      "      - lookup: {table: catalog.aliases, key: alias, value: brand, unmapped: null}\n");
  ASSERT_NE(program, nullptr);
  sr_executor *executor = nullptr;
  ASSERT_EQ(sr_executor_create(program, &executor, nullptr), SR_OK);
  sr_program_free(program);
  ASSERT_EQ(sr_executor_lookup_count(executor), 1u);
  sr_lookup_view lookup = sr_executor_lookup(executor, 0);
  EXPECT_STREQ(lookup.rule_id, "brand");
  EXPECT_STREQ(lookup.table, "catalog.aliases");
  EXPECT_STREQ(lookup.key_column, "alias");
  EXPECT_STREQ(lookup.value_column, "brand");
  EXPECT_EQ(sr_executor_add_lookup_pair(executor, 0, "lg", 2, "LG", 2, 0), SR_OK);
  EXPECT_EQ(sr_executor_add_lookup_pair(executor, 0, "none", 4, nullptr, 0, 1), SR_OK);
  EXPECT_EQ(sr_executor_add_lookup_pair(executor, 1, "x", 1, "y", 1, 0), SR_INTERNAL);
  EXPECT_NE(std::string(sr_last_failure()), "");

  ASSERT_EQ(sr_executor_begin_batch(executor, 4), SR_OK);
  sr_executor_set_value(executor, 0, 0, "Lg", 2);
  sr_executor_set_value(executor, 0, 1, "none", 4);
  sr_executor_set_value(executor, 0, 2, "acme", 4);
  ASSERT_EQ(sr_executor_run(executor, nullptr), SR_OK);
  sr_value_view v = sr_executor_value(executor, 0, 0);
  EXPECT_EQ(text_of(v.data, v.len), "LG");
  EXPECT_TRUE(sr_executor_value(executor, 0, 1).is_null);
  EXPECT_TRUE(sr_executor_value(executor, 0, 1).changed);
  EXPECT_TRUE(sr_executor_value(executor, 0, 2).is_null);
  v = sr_executor_value(executor, 0, 3);  // null in, null out
  EXPECT_TRUE(v.is_null);
  EXPECT_FALSE(v.changed);
  EXPECT_NE(v.data, nullptr);
  ASSERT_EQ(sr_executor_event_count(executor), 3u);
  sr_event_view e = sr_executor_event(executor, 1);
  EXPECT_STREQ(e.action_name, "lookup");
  EXPECT_EQ(text_of(e.old_value, e.old_len), "none");
  EXPECT_TRUE(e.new_is_null);
  EXPECT_FALSE(e.old_is_null);
  EXPECT_STREQ(e.severity, "info");
  EXPECT_STREQ(e.message, "");
  sr_executor_free(executor);
}

TEST(ExecutorCApi, InterruptedRunsReportTheirStatus) {
  sr_program *program = compile(
      "ruleset: shop\nversion: 1.0.0\nrules:\n  - id: up\n    field: t\n    do: upper\n");
  sr_executor *executor = nullptr;
  ASSERT_EQ(sr_executor_create(program, &executor, nullptr), SR_OK);
  sr_program_free(program);
  ASSERT_EQ(sr_executor_begin_batch(executor, 1), SR_OK);
  sr_executor_set_value(executor, 0, 0, "a", 1);
  volatile int interrupt = 1;
  EXPECT_EQ(sr_executor_run(executor, &interrupt), SR_INTERRUPTED);
  EXPECT_EQ(sr_executor_rule_stats(executor, 0).fired, 0u);
  interrupt = 0;
  EXPECT_EQ(sr_executor_run(executor, &interrupt), SR_OK);
  EXPECT_EQ(sr_executor_rule_stats(executor, 0).fired, 1u);
  sr_executor_free(executor);
}

TEST(ExecutorCApi, BatchesAreIndependentAndEmptyValuesAreNotNull) {
  sr_program *program = compile(
      "ruleset: shop\nversion: 1.0.0\nrules:\n  - id: up\n    field: t\n"
      "    when: t is not null\n    do: [trim, upper]\n");
  sr_executor *executor = nullptr;
  ASSERT_EQ(sr_executor_create(program, &executor, nullptr), SR_OK);
  sr_program_free(program);
  for (int batch = 0; batch < 3; ++batch) {
    const std::string input = " v" + std::to_string(batch) + " ";
    ASSERT_EQ(sr_executor_begin_batch(executor, 2), SR_OK);
    sr_executor_set_value(executor, 0, 0, input.data(), input.size());
    sr_executor_set_value(executor, 0, 1, nullptr, 0);
    ASSERT_EQ(sr_executor_run(executor, nullptr), SR_OK);
    sr_value_view v = sr_executor_value(executor, 0, 0);
    EXPECT_EQ(text_of(v.data, v.len), "V" + std::to_string(batch));
    v = sr_executor_value(executor, 0, 1);
    EXPECT_FALSE(v.is_null);
    EXPECT_EQ(v.len, 0u);
    EXPECT_EQ(sr_executor_event_count(executor), 1u);
  }
  sr_rule_stats_view stats = sr_executor_rule_stats(executor, 0);
  EXPECT_EQ(stats.fired, 6u);
  EXPECT_EQ(stats.changed, 3u);
  EXPECT_STREQ(sr_executor_rule_stats(executor, 9).rule_id, "");
  sr_executor_free(executor);
}

TEST(ExecutorCApi, AProgramReadFromJsonRuns) {
  sr_program *program = compile(
      "ruleset: shop\nversion: 1.0.0\nrules:\n  - id: d\n    field: price\n"
      "    do: {parse_decimal: {decimal: ','}}\n");
  sr_buffer json{nullptr, 0};
  ASSERT_EQ(sr_program_to_json(program, &json), SR_OK);
  sr_program_free(program);
  sr_program *again = nullptr;
  ASSERT_EQ(sr_program_from_json(json.data, json.len, &again, nullptr), SR_OK);
  sr_buffer_free(&json);
  sr_executor *executor = nullptr;
  ASSERT_EQ(sr_executor_create(again, &executor, nullptr), SR_OK);
  sr_program_free(again);
  ASSERT_EQ(sr_executor_begin_batch(executor, 1), SR_OK);
  const std::string price = "R$ 1.234,50";
  sr_executor_set_value(executor, 0, 0, price.data(), price.size());
  ASSERT_EQ(sr_executor_run(executor, nullptr), SR_OK);
  sr_value_view v = sr_executor_value(executor, 0, 0);
  EXPECT_EQ(text_of(v.data, v.len), "1234.50");
  sr_executor_free(executor);
}

}  // namespace
