// The expression language as the executor evaluates it in `when`: every operator and function,
// three-valued logic, numeric versus text comparison.
#include <gtest/gtest.h>

#include "runtime_test_support.hpp"

namespace smart_rules::testing {
namespace {

const std::optional<bool> kNull = std::nullopt;

TEST(ExecutorExpressions, LengthCountsCodePoints) {
  EXPECT_EQ(truth("length(title) = 4", {{"title", "ação"}}), true);
  EXPECT_EQ(truth("length(title) > 60", {{"title", std::string(61, 'a')}}), true);
  EXPECT_EQ(truth("length(title) > 60", {{"title", std::string(60, 'a')}}), false);
  EXPECT_EQ(truth("length(title) > 60", {{"title", std::nullopt}}), kNull);
  EXPECT_EQ(truth("length(title) = 0", {{"title", ""}}), true);
}

TEST(ExecutorExpressions, TextFunctions) {
  EXPECT_EQ(truth("upper(trim(currency)) in ('R$', 'REAL')", {{"currency", " r$ "}}), true);
  EXPECT_EQ(truth("lower(title) = 'ação'", {{"title", "AÇÃO"}}), true);
  EXPECT_EQ(truth("trim(title) = 'a'", {{"title", "\u00A0a "}}), true);
  EXPECT_EQ(truth("word_count(title) = 3", {{"title", "  Mouse  sem fio "}}), true);
  EXPECT_EQ(truth("is_all_caps(title)", {{"title", "TV LED 32"}}), true);
  EXPECT_EQ(truth("is_all_caps(title)", {{"title", "TV led"}}), false);
  EXPECT_EQ(truth("is_all_caps(title)", {{"title", "123"}}), false);
  EXPECT_EQ(truth("is_all_caps(title)", {{"title", std::nullopt}}), kNull);
}

TEST(ExecutorExpressions, IsEmptyIsNeverNull) {
  EXPECT_EQ(truth("is_empty(title)", {{"title", std::nullopt}}), true);
  EXPECT_EQ(truth("is_empty(title)", {{"title", " \u00A0"}}), true);
  EXPECT_EQ(truth("is_empty(title)", {{"title", "a"}}), false);
}

TEST(ExecutorExpressions, NumberFunction) {
  EXPECT_EQ(truth("number(price) = 12.5", {{"price", " 12.50 "}}), true);
  EXPECT_EQ(truth("number(price) = 12.5", {{"price", "12,50"}}), kNull);
  EXPECT_EQ(truth("number(price) is null", {{"price", "1e3"}}), true);
  EXPECT_EQ(truth("number(price) || '' = '7.50'", {{"price", "007.50"}}), true);
  EXPECT_EQ(truth("number(price) || '' = '0'", {{"price", "-0"}}), true);
  EXPECT_EQ(truth("number(price) || '' = '0.00'", {{"price", "-0.00"}}), true);
}

TEST(ExecutorExpressions, MatchesAndRegexOperators) {
  EXPECT_EQ(truth("matches(title, 'whats\\s*app', 'i')", {{"title", "chama no WhatsApp"}}), true);
  EXPECT_EQ(truth("matches(title, 'whats\\s*app')", {{"title", "chama no WhatsApp"}}), false);
  EXPECT_EQ(truth("title ~ '^[0-9]+$'", {{"title", "123"}}), true);
  EXPECT_EQ(truth("title ~ 'gr[aá]tis'", {{"title", "frete GRÁTIS"}}), false);
  EXPECT_EQ(truth("title ~* 'frete gr[aá]tis'", {{"title", "FRETE GRÁTIS"}}), true);
  EXPECT_EQ(truth("title !~ '^https://'", {{"title", "http://x"}}), true);
  EXPECT_EQ(truth("title !~* '^HTTPS://'", {{"title", "https://x"}}), false);
  EXPECT_EQ(truth("title ~ 'a'", {{"title", std::nullopt}}), kNull);
  EXPECT_EQ(truth("title !~ 'a'", {{"title", std::nullopt}}), kNull);
  EXPECT_EQ(truth("title ~ 'b'", {{"title", "abc"}}), true);  // a search, not anchored
}

TEST(ExecutorExpressions, ContainsStartsWithEndsWith) {
  EXPECT_EQ(truth("contains(title, 'amazon', 'i')", {{"title", "Loja AMAZON"}}), true);
  EXPECT_EQ(truth("contains(title, 'amazon')", {{"title", "Loja AMAZON"}}), false);
  EXPECT_EQ(truth("contains(title, 'ÇÃO', 'i')", {{"title", "ação"}}), true);
  EXPECT_EQ(truth("starts_with(sku, 'ML-')", {{"sku", "ML-1"}}), true);
  EXPECT_EQ(truth("ends_with(lower(title), ' - novo')", {{"title", "Mouse - NOVO"}}), true);
  EXPECT_EQ(truth("contains(title, '')", {{"title", "x"}}), true);
  EXPECT_EQ(truth("starts_with(sku, null)", {{"sku", "x"}}), kNull);
  // A pattern read from a field, per row.
  EXPECT_EQ(truth("contains(title, brand, 'i')", {{"title", "Mouse LOGITECH"}, {"brand", "Logitech"}}),
            true);
  EXPECT_EQ(truth("contains(title, brand)", {{"title", "Mouse LOGITECH"}, {"brand", "Logitech"}}),
            false);
  EXPECT_EQ(truth("starts_with(title, brand)", {{"title", "Acme X"}, {"brand", "Acme"}}), true);
  EXPECT_EQ(truth("ends_with(title, brand)", {{"title", "X Acme"}, {"brand", "Acme"}}), true);
  EXPECT_EQ(truth("ends_with(title, brand)", {{"title", "me"}, {"brand", "Acme"}}), false);
  EXPECT_EQ(truth("contains(title, brand)", {{"title", "x"}, {"brand", std::nullopt}}), kNull);
}

TEST(ExecutorExpressions, CoalesceTakesTheFirstNonNullOfTheCommonType) {
  EXPECT_EQ(truth("coalesce(sale, price) = '5'", {{"sale", std::nullopt}, {"price", "5"}}), true);
  EXPECT_EQ(truth("coalesce(sale, price) = '5'", {{"sale", "4"}, {"price", "5"}}), false);
  EXPECT_EQ(truth("coalesce(sale, 0) > 5", {{"sale", std::nullopt}}), false);
  EXPECT_EQ(truth("coalesce(sale, 0) > 5", {{"sale", "10"}}), true);
  // The first non-null argument is taken; a text that is not a number makes the number null.
  EXPECT_EQ(truth("coalesce(sale, 0) > 5", {{"sale", "abc"}}), kNull);
  EXPECT_EQ(truth("not coalesce(valid_gtin(gtin), false)", {{"gtin", std::nullopt}}), true);
  EXPECT_EQ(truth("not coalesce(valid_gtin(gtin), false)", {{"gtin", "4006381333931"}}), false);
  EXPECT_EQ(truth("coalesce(a, b) is null", {{"a", std::nullopt}}), true);
  EXPECT_EQ(truth("coalesce(a, 'x') || '' = 'x'", {{"a", std::nullopt}}), true);
}

TEST(ExecutorExpressions, Validators) {
  for (const char *gtin : {"4006381333931", "036000291452", "96385074", "10012345000017"})
    EXPECT_EQ(truth("valid_gtin(g)", {{"g", gtin}}), true) << gtin;
  EXPECT_EQ(truth("valid_gtin(g)", {{"g", "4006381333932"}}), false);
  EXPECT_EQ(truth("valid_gtin(g)", {{"g", std::nullopt}}), kNull);
  EXPECT_EQ(truth("valid_cpf(d)", {{"d", "529.982.247-25"}}), true);
  EXPECT_EQ(truth("valid_cpf(d)", {{"d", "111.444.777-35"}}), true);
  EXPECT_EQ(truth("valid_cpf(d)", {{"d", "111.111.111-11"}}), false);
  EXPECT_EQ(truth("valid_cnpj(d)", {{"d", "11.222.333/0001-81"}}), true);
  EXPECT_EQ(truth("valid_cnpj(d)", {{"d", "00.000.000/0001-91"}}), true);
  EXPECT_EQ(truth("valid_cnpj(d)", {{"d", "12.ABC.345/01DE-35"}}), true);
  EXPECT_EQ(truth("valid_cep(c)", {{"c", "01310-100"}}), true);
  EXPECT_EQ(truth("valid_cep(c)", {{"c", "01310100"}}), true);
  EXPECT_EQ(truth("valid_cep(c)", {{"c", "1310-100"}}), false);
  EXPECT_EQ(truth("valid_ncm(n)", {{"n", "8471.30.12"}}), true);
  EXPECT_EQ(truth("valid_ncm(n)", {{"n", "84713012"}}), true);
  EXPECT_EQ(truth("valid_ncm(n)", {{"n", "847130"}}), false);
}

TEST(ExecutorExpressions, NumericVersusTextComparison) {
  // The table of docs/rules.md, "Comparisons: numbers and text".
  EXPECT_EQ(truth("price > 5", {{"price", "9.90"}}), true);
  EXPECT_EQ(truth("price > 5", {{"price", "R$ 9,90"}}), kNull);
  EXPECT_EQ(truth("price > '5'", {{"price", "9.90"}}), true);
  EXPECT_EQ(truth("price > '5'", {{"price", "R$ 9,90"}}), true);
  EXPECT_EQ(truth("price = 9.9", {{"price", "9.90"}}), true);
  EXPECT_EQ(truth("price = 9.9", {{"price", "R$ 9,90"}}), kNull);
  EXPECT_EQ(truth("price = '9.9'", {{"price", "9.90"}}), false);
  EXPECT_EQ(truth("price = '9.9'", {{"price", "R$ 9,90"}}), false);
  // Numbers compare exactly at any length; text by code point.
  EXPECT_EQ(truth("n > 99999999999999999999", {{"n", "100000000000000000000.5"}}), true);
  EXPECT_EQ(truth("n < -0.000000000000000000001", {{"n", "-0.00000000000000000001"}}), true);
  EXPECT_EQ(truth("a < b", {{"a", "Z"}, {"b", "a"}}), true);
  EXPECT_EQ(truth("a < b", {{"a", "z"}, {"b", "é"}}), true);
  EXPECT_EQ(truth("a <> b", {{"a", "x"}, {"b", "x"}}), false);
  EXPECT_EQ(truth("a != b", {{"a", "x"}, {"b", "y"}}), true);
  EXPECT_EQ(truth("a <= b and a >= b", {{"a", "x"}, {"b", "x"}}), true);
  EXPECT_EQ(truth("length(a) = '3'", {{"a", "abc"}}), true);  // text literal read as a number
  EXPECT_EQ(truth("length(a) = 'x'", {{"a", "abc"}}), kNull);
}

TEST(ExecutorExpressions, BooleanComparison) {
  EXPECT_EQ(truth("valid_gtin(g) = false", {{"g", "123"}}), true);
  EXPECT_EQ(truth("valid_gtin(g) != true", {{"g", "96385074"}}), false);
  EXPECT_EQ(truth("is_empty(g) in (true)", {{"g", ""}}), true);
}

TEST(ExecutorExpressions, ThreeValuedLogic) {
  const Row null_a{{"a", std::nullopt}};
  EXPECT_EQ(truth("a = 'x' and false", null_a), false);
  EXPECT_EQ(truth("a = 'x' and true", null_a), kNull);
  EXPECT_EQ(truth("a = 'x' and a is null", null_a), kNull);
  EXPECT_EQ(truth("a = 'x' and a is not null", null_a), false);
  EXPECT_EQ(truth("a = 'x' or a is null", null_a), true);
  EXPECT_EQ(truth("a = 'x' or a is not null", null_a), kNull);
  EXPECT_EQ(truth("not a = 'x'", null_a), kNull);
  EXPECT_EQ(truth("a = null", {{"a", "x"}}), kNull);
  EXPECT_EQ(truth("a is null", null_a), true);
  EXPECT_EQ(truth("a is not null", {{"a", ""}}), true);
  EXPECT_EQ(truth("a = 'x' or b = 'y' or c = 'z'", {{"a", "1"}, {"c", "z"}}), true);
  EXPECT_EQ(truth("a = 'x' or b = 'y' or c = 'z'", {{"a", "1"}, {"c", "1"}}), kNull);
  EXPECT_EQ(truth("a = '1' and b is null and c = '1'", {{"a", "1"}, {"c", "1"}}), true);
}

TEST(ExecutorExpressions, InAndNotIn) {
  EXPECT_EQ(truth("c in ('new', 'used')", {{"c", "used"}}), true);
  EXPECT_EQ(truth("c not in ('new', 'used')", {{"c", "used"}}), false);
  EXPECT_EQ(truth("c not in ('new', 'used')", {{"c", "x"}}), true);
  EXPECT_EQ(truth("c in ('new', null)", {{"c", "new"}}), true);
  EXPECT_EQ(truth("c in ('new', null)", {{"c", "x"}}), kNull);
  EXPECT_EQ(truth("c not in ('new', null)", {{"c", "x"}}), kNull);
  EXPECT_EQ(truth("c in ('new')", {{"c", std::nullopt}}), kNull);
  EXPECT_EQ(truth("n in (1, 2.50, -3)", {{"n", "2.5"}}), true);
  EXPECT_EQ(truth("n in (1, 2.50, -3)", {{"n", " -3 "}}), true);
  EXPECT_EQ(truth("n in (1, 2)", {{"n", "abc"}}), kNull);
}

TEST(ExecutorExpressions, BetweenAndNotBetween) {
  EXPECT_EQ(truth("number(p) between 1 and 50000", {{"p", "1"}}), true);
  EXPECT_EQ(truth("number(p) between 1 and 50000", {{"p", "50000.01"}}), false);
  EXPECT_EQ(truth("number(p) not between 1 and 50000", {{"p", "0.5"}}), true);
  EXPECT_EQ(truth("p between 'a' and 'c'", {{"p", "b"}}), true);
  EXPECT_EQ(truth("p between 'a' and 'c'", {{"p", "d"}}), false);
  EXPECT_EQ(truth("p between 1 and q", {{"p", "5"}, {"q", std::nullopt}}), kNull);
  EXPECT_EQ(truth("p between 1 and q", {{"p", "0"}, {"q", std::nullopt}}), false);
  EXPECT_EQ(truth("p between q and 3", {{"p", "5"}, {"q", std::nullopt}}), false);
}

TEST(ExecutorExpressions, ArithmeticIsExact) {
  EXPECT_EQ(truth("0.1 + 0.2 = 0.3", {}), true);
  EXPECT_EQ(truth("a + b = 0.3", {{"a", "0.1"}, {"b", "0.2"}}), true);
  EXPECT_EQ(truth("a - b = -1", {{"a", "1"}, {"b", "2"}}), true);
  EXPECT_EQ(truth("a * b = 6.25", {{"a", "2.5"}, {"b", "2.5"}}), true);
  EXPECT_EQ(truth("a / b = 2.5", {{"a", "5"}, {"b", "2"}}), true);
  EXPECT_EQ(truth("a / b > 0", {{"a", "5"}, {"b", "0"}}), kNull);
  EXPECT_EQ(truth("a % b = 1.5", {{"a", "7.5"}, {"b", "2"}}), true);
  EXPECT_EQ(truth("a % b = -1", {{"a", "-7"}, {"b", "3"}}), true);
  EXPECT_EQ(truth("a % b > 0", {{"a", "7"}, {"b", "0"}}), kNull);
  EXPECT_EQ(truth("-a < 0", {{"a", "0.5"}}), true);
  EXPECT_EQ(truth("-a = 3", {{"a", "-3"}}), true);
  EXPECT_EQ(truth("a + 1 > 0", {{"a", "x"}}), kNull);
  EXPECT_EQ(truth("a + 1 > 0", {{"a", std::nullopt}}), kNull);
  EXPECT_EQ(truth("(l - p) * 100 / l >= 90", {{"l", "100"}, {"p", "9.99"}}), true);
  EXPECT_EQ(truth("a * a = 999999999999999998000000000000000001", {{"a", "999999999999999999"}}),
            true);
  EXPECT_EQ(truth("a + a = 1999999999999999998", {{"a", "999999999999999999"}}), true);
}

TEST(ExecutorExpressions, Concatenation) {
  EXPECT_EQ(truth("lower(brand || ' ' || model) = lower(title)",
                  {{"brand", "Acme"}, {"model", "X1"}, {"title", "ACME x1"}}),
            true);
  EXPECT_EQ(truth("brand || model is null", {{"brand", "Acme"}, {"model", std::nullopt}}), true);
  EXPECT_EQ(truth("length(a) || 'x' = '3x'", {{"a", "abc"}}), true);
  EXPECT_EQ(truth("a / 4 || '' = '0.25000000000000000000'", {{"a", "1"}}), true);
}

TEST(ExecutorExpressions, ConstantConditions) {
  EXPECT_EQ(fires("true", {{"title", "x"}}), true);
  EXPECT_EQ(fires("null", {{"title", "x"}}), false);
  EXPECT_EQ(fires("1 = 1", {{"title", "x"}}), true);
}

}  // namespace
}  // namespace smart_rules::testing
