// The C ABI's program facts (capi_program_info.cpp): rule set name and version, pii fields, the
// first rule that uses a field, and whether some rule writes a field.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "smart_rules_capi.h"

namespace {

const char kRules[] =
    "ruleset: sellers\n"
    "version: 2.0.1-rc.1\n"
    "pii: [document, phone]\n"
    "rules:\n"
    "  - id: title-tidy\n    field: title\n    do: trim\n"
    "  - id: cheap\n    field: title\n    when: number(price) < 10\n    do: {prefix: 'promo '}\n"
    "  - id: label\n    field: label\n    do: {set: '{sku} {title}'}\n"
    "  - id: note\n    field: note\n    do: flag\n    message: check {brand}\n"
    "  - id: tax\n    field: tax\n    do: {calculate: {expr: 'amount * 2'}}\n"
    "  - id: copy-code\n    field: code\n    do: {copy: ean}\n";

class ProgramInfo : public ::testing::Test {
 protected:
  void SetUp() override {
    sr_diagnostics *diagnostics = nullptr;
    ASSERT_EQ(sr_compile(kRules, std::strlen(kRules), &program_, &diagnostics), SR_OK);
    sr_diagnostics_free(diagnostics);
  }
  void TearDown() override { sr_program_free(program_); }

  std::string first_rule(const std::string &field) const {
    const char *rule = sr_program_field_first_rule(program_, field.data(), field.size());
    return rule ? rule : "(none)";
  }
  bool written(const std::string &field) const {
    return sr_program_field_written(program_, field.data(), field.size()) != 0;
  }

  sr_program *program_ = nullptr;
};

TEST_F(ProgramInfo, NamesTheRuleSetAndVersion) {
  EXPECT_STREQ(sr_program_ruleset(program_), "sellers");
  EXPECT_STREQ(sr_program_version(program_), "2.0.1-rc.1");
}

TEST_F(ProgramInfo, ListsThePiiFields) {
  ASSERT_EQ(sr_program_pii_count(program_), 2u);
  EXPECT_STREQ(sr_program_pii(program_, 0), "document");
  EXPECT_STREQ(sr_program_pii(program_, 1), "phone");
  EXPECT_EQ(sr_program_pii(program_, 2), nullptr);
}

TEST_F(ProgramInfo, FindsTheFirstRuleThatUsesAField) {
  EXPECT_EQ(first_rule("title"), "title-tidy");  // written
  EXPECT_EQ(first_rule("price"), "cheap");       // read in a condition
  EXPECT_EQ(first_rule("sku"), "label");         // read in a template
  EXPECT_EQ(first_rule("brand"), "note");        // read in a message
  EXPECT_EQ(first_rule("amount"), "tax");        // read in a calculation
  EXPECT_EQ(first_rule("ean"), "copy-code");     // copied
  EXPECT_EQ(first_rule("nothing"), "(none)");
}

TEST_F(ProgramInfo, TellsTheFieldsRulesWrite) {
  EXPECT_TRUE(written("title"));
  EXPECT_TRUE(written("label"));
  EXPECT_FALSE(written("note"));  // its only rule flags it
  EXPECT_FALSE(written("price"));
  EXPECT_FALSE(written("sku"));
  EXPECT_FALSE(written("nothing"));
}

}  // namespace
