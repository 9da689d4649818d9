// The C ABI: statuses, diagnostics views, ownership, and round trips through the handles.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "smart_rules_capi.h"

namespace {

const char kRules[] =
    "ruleset: shop\nversion: 1.0.0\nrules:\n"
    "  - id: title-trim\n    field: title\n    when: length(title) > 3\n    do: [trim]\n";

TEST(CApi, CompilesAndRoundTripsThroughBinaryAndJson) {
  sr_program *program = nullptr;
  sr_diagnostics *diagnostics = nullptr;
  ASSERT_EQ(sr_compile(kRules, std::strlen(kRules), &program, &diagnostics), SR_OK);
  ASSERT_NE(program, nullptr);
  EXPECT_EQ(sr_diagnostics_count(diagnostics), 0u);
  EXPECT_EQ(sr_diagnostics_first_error(diagnostics), -1);
  sr_diagnostics_free(diagnostics);

  sr_buffer binary{nullptr, 0}, json{nullptr, 0};
  ASSERT_EQ(sr_program_to_binary(program, &binary), SR_OK);
  ASSERT_EQ(sr_program_to_json(program, &json), SR_OK);
  EXPECT_EQ(std::memcmp(binary.data, "SRIR", 4), 0);
  EXPECT_EQ(json.data[json.len], '\0');

  sr_program *from_binary = nullptr, *from_json = nullptr;
  ASSERT_EQ(sr_program_from_binary(binary.data, binary.len, &from_binary, nullptr), SR_OK);
  ASSERT_EQ(sr_program_from_json(json.data, json.len, &from_json, nullptr), SR_OK);
  sr_buffer again{nullptr, 0};
  ASSERT_EQ(sr_program_to_binary(from_json, &again), SR_OK);
  EXPECT_EQ(std::string(again.data, again.len), std::string(binary.data, binary.len));

  sr_buffer explain{nullptr, 0};
  ASSERT_EQ(sr_program_explain(from_binary, &explain), SR_OK);
  EXPECT_NE(std::string(explain.data).find("title-trim"), std::string::npos);

  for (sr_buffer *b : {&binary, &json, &again, &explain}) sr_buffer_free(b);
  EXPECT_EQ(binary.data, nullptr);
  sr_program_free(program);
  sr_program_free(from_binary);
  sr_program_free(from_json);
}

TEST(CApi, ReportsTheFirstErrorWithItsPosition) {
  const char bad[] = "ruleset: shop\nversion: 1.0.0\nrules:\n  - id: r\n    field: t\n"
                     "    do: colapse_whitespace\n";
  sr_program *program = reinterpret_cast<sr_program *>(0x1);
  sr_diagnostics *diagnostics = nullptr;
  ASSERT_EQ(sr_compile(bad, std::strlen(bad), &program, &diagnostics), SR_ERROR);
  EXPECT_EQ(program, nullptr);
  long first = sr_diagnostics_first_error(diagnostics);
  ASSERT_EQ(first, 0);
  sr_diagnostic_view view = sr_diagnostics_get(diagnostics, static_cast<size_t>(first));
  EXPECT_STREQ(view.sqlstate, "22023");
  EXPECT_STREQ(view.severity, "error");
  EXPECT_STREQ(view.message, "unknown action \"colapse_whitespace\"");
  EXPECT_STREQ(view.detail, "line 6, column 9, rule \"r\"");
  EXPECT_STREQ(view.hint, "did you mean \"collapse_whitespace\"?");
  EXPECT_STREQ(view.rule_id, "r");
  EXPECT_EQ(view.line, 6);
  EXPECT_EQ(view.column, 9);
  sr_diagnostics_free(diagnostics);
}

TEST(CApi, RejectsGarbageIrWithoutCrashing) {
  const char garbage[] = "SRIR\x01\x00\xff\xff\xff\xff";
  sr_program *program = nullptr;
  sr_diagnostics *diagnostics = nullptr;
  EXPECT_EQ(sr_program_from_binary(garbage, sizeof(garbage) - 1, &program, &diagnostics), SR_ERROR);
  EXPECT_EQ(program, nullptr);
  ASSERT_GT(sr_diagnostics_count(diagnostics), 0u);
  EXPECT_STREQ(sr_diagnostics_get(diagnostics, 0).sqlstate, "22P03");
  sr_diagnostics_free(diagnostics);

  const char json[] = "{\"format\": 1, \"rules\": 7}";
  EXPECT_EQ(sr_program_from_json(json, sizeof(json) - 1, &program, &diagnostics), SR_ERROR);
  EXPECT_STREQ(sr_diagnostics_get(diagnostics, 0).sqlstate, "22P02");
  sr_diagnostics_free(diagnostics);
}

TEST(CApi, ToleratesNullHandles) {
  EXPECT_EQ(sr_diagnostics_count(nullptr), 0u);
  EXPECT_EQ(sr_diagnostics_first_error(nullptr), -1);
  EXPECT_STREQ(sr_diagnostics_get(nullptr, 0).message, "");
  sr_diagnostics_free(nullptr);
  sr_program_free(nullptr);
  sr_buffer_free(nullptr);
}

}  // namespace
