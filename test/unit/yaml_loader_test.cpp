// The YAML loader: positions, quoting, limits and every kind of malformed input.
#include <gtest/gtest.h>

#include <string>

#include "rules/yaml_document.hpp"

namespace smart_rules {
namespace {

TEST(YamlLoader, RecordsOneBasedLinesAndColumns) {
  Diagnostics d;
  auto root = load_yaml("ruleset: x\nrules:\n  - id: a\n    field: title\n", d);
  ASSERT_TRUE(root);
  const YamlNode *rules = root->find("rules");
  ASSERT_TRUE(rules && rules->is_sequence());
  const YamlNode *field = rules->items[0].find("field");
  ASSERT_TRUE(field);
  EXPECT_EQ(field->where.line, 4);
  EXPECT_EQ(field->where.column, 12);
  EXPECT_EQ(field->scalar, "title");
}

TEST(YamlLoader, DistinguishesQuotedPlainAndNull) {
  Diagnostics d;
  auto root = load_yaml("a: 60\nb: '60'\nc: null\nd: 'null'\ne:\nf: ~\n", d);
  ASSERT_TRUE(root);
  EXPECT_FALSE(root->find("a")->quoted);
  EXPECT_TRUE(root->find("b")->quoted);
  EXPECT_TRUE(root->find("c")->is_null());
  EXPECT_TRUE(root->find("d")->is_scalar());
  EXPECT_TRUE(root->find("e")->is_null());
  EXPECT_TRUE(root->find("f")->is_null());
}

TEST(YamlLoader, MarksScalarsWhoseColumnsAreExact) {
  Diagnostics d;
  auto root = load_yaml("a: length(x) > 1\nb: 'it''s'\nc: >\n  folded\n  text\n", d);
  ASSERT_TRUE(root);
  EXPECT_FALSE(root->find("a")->multiline);
  EXPECT_TRUE(root->find("b")->multiline);  // an escape: columns no longer map
  EXPECT_TRUE(root->find("c")->multiline);
  Diagnostics after_accents;  // columns count characters, so exactness survives UTF-8 before it
  auto accented = load_yaml("a: 'ção'\nb: ção > 1\n", after_accents);
  ASSERT_TRUE(accented);
  EXPECT_FALSE(accented->find("b")->multiline);
  EXPECT_EQ(accented->find("b")->where.column, 4);
}

TEST(YamlLoader, ReportsSyntaxErrorsWithPosition) {
  Diagnostics d;
  EXPECT_FALSE(load_yaml("a: [1, 2\nb: c\n", d));
  ASSERT_TRUE(d.has_errors());
  EXPECT_EQ(d.first_error().code, ErrorCode::kSyntax);
  EXPECT_GT(d.first_error().where.line, 0);
}

TEST(YamlLoader, RejectsEmptyAndMultiDocumentSources) {
  Diagnostics empty, multi;
  EXPECT_FALSE(load_yaml("", empty));
  EXPECT_EQ(empty.first_error().code, ErrorCode::kInvalidParameter);
  EXPECT_FALSE(load_yaml("a: 1\n---\nb: 2\n", multi));
  EXPECT_EQ(multi.first_error().code, ErrorCode::kInvalidParameter);
  EXPECT_EQ(multi.first_error().where.line, 2);  // the second "---"
}

TEST(YamlLoader, EnforcesTheSourceSizeLimit) {
  Diagnostics d;
  std::string big = "a: '" + std::string((1 << 20), 'x') + "'\n";
  EXPECT_FALSE(load_yaml(big, d));
  EXPECT_EQ(d.first_error().code, ErrorCode::kLimitExceeded);
}

TEST(YamlLoader, LimitsNestingWithoutCrashing) {
  for (int depth : {65, 1000, 100000}) {
    Diagnostics d;
    std::string flow = std::string(depth, '[') + std::string(depth, ']');
    EXPECT_FALSE(load_yaml(flow, d)) << depth;
    EXPECT_EQ(d.first_error().code, depth < 2000 ? ErrorCode::kLimitExceeded
                                                 : d.first_error().code);
    EXPECT_TRUE(d.has_errors());
  }
  Diagnostics ok;
  EXPECT_TRUE(load_yaml(std::string(60, '[') + std::string(60, ']'), ok));
}

TEST(YamlLoader, StopsAliasExpansionBombs) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char name = 'b'; name <= 'k'; ++name) {
    bomb += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = name;
  }
  Diagnostics d;
  EXPECT_FALSE(load_yaml(bomb, d));
  EXPECT_EQ(d.first_error().code, ErrorCode::kLimitExceeded);
}

TEST(YamlLoader, RejectsNulBytes) {
  Diagnostics d;
  EXPECT_FALSE(load_yaml(std::string("a: b\0c", 6), d));
  EXPECT_EQ(d.first_error().code, ErrorCode::kSyntax);
}

}  // namespace
}  // namespace smart_rules
