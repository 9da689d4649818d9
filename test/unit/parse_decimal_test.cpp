// Unit tests of the parse_decimal action (src/core/text/parse_decimal.hpp) on Brazilian and
// US catalog prices: currency marks, thousands groups, decimal comma or point, the canonical
// output, and the values that must be reported invalid.
#include "text/parse_decimal.hpp"

#include <gtest/gtest.h>

#include <string>

namespace smart_rules::text {
namespace {

constexpr NumberFormat kBrazilian{',', '.'};     // 1.234,56
constexpr NumberFormat kUnitedStates{'.', ','};  // 1,234.56
constexpr NumberFormat kCommaNoGrouping{',', '\0'};
constexpr NumberFormat kPointNoGrouping{'.', '\0'};
constexpr NumberFormat kSpaceGroups{',', ' '};  // 1 234,56

// The canonical text, "unchanged" or "invalid", checking the result convention on the way.
std::string parsed(std::string_view value, NumberFormat format) {
  std::string out = "stale";
  switch (parse_decimal(value, format, out)) {
    case ParseDecimalResult::kInvalid:
      return "invalid";
    case ParseDecimalResult::kUnchanged:
      return "unchanged";
    case ParseDecimalResult::kChanged:
      EXPECT_NE(out, value);
      return out;
  }
  return "unreachable";
}

TEST(ParseDecimal, BrazilianPrices) {
  EXPECT_EQ(parsed("R$ 1.234,56", kBrazilian), "1234.56");
  EXPECT_EQ(parsed("R$1.234.567,00", kBrazilian), "1234567.00");
  EXPECT_EQ(parsed("1234,5", kBrazilian), "1234.5");
  EXPECT_EQ(parsed("-3,00", kBrazilian), "-3.00");
  EXPECT_EQ(parsed("1.234", kBrazilian), "1234");
  EXPECT_EQ(parsed("0,99", kBrazilian), "0.99");
  EXPECT_EQ(parsed("999", kBrazilian), "unchanged");
}

TEST(ParseDecimal, UnitedStatesPrices) {
  EXPECT_EQ(parsed("US$ 1,234.56", kUnitedStates), "1234.56");
  EXPECT_EQ(parsed("$1,099.00", kUnitedStates), "1099.00");
  EXPECT_EQ(parsed("1,234,567", kUnitedStates), "1234567");
  EXPECT_EQ(parsed("12.5", kUnitedStates), "unchanged");
  EXPECT_EQ(parsed("1.234,56", kUnitedStates), "invalid");
}

TEST(ParseDecimal, TrimsWhitespace) {
  EXPECT_EQ(parsed(" 10 ", kBrazilian), "10");
  EXPECT_EQ(parsed("\u00A0R$\u00A010,00\u00A0", kBrazilian), "10.00");
  EXPECT_EQ(parsed("\t1.234,56\n", kBrazilian), "1234.56");
}

TEST(ParseDecimal, CurrencyMarksBeforeOrAfter) {
  for (const char *value : {"R$ 10,50", "R$10,50", "10,50 R$", "BRL 10,50", "10,50 BRL", "10,50BRL",
                            "brl 10,50", "r$ 10,50", "$10,50", "10,50 €", "€10,50", "USD 10,50",
                            "10,50 usd", "US$10,50", "us$ 10,50"}) {
    EXPECT_EQ(parsed(value, kBrazilian), "10.50") << value;
  }
}

TEST(ParseDecimal, AtMostOneCurrencyMark) {
  EXPECT_EQ(parsed("R$ 10,00 BRL", kBrazilian), "invalid");
  EXPECT_EQ(parsed("R$ R$ 10,00", kBrazilian), "invalid");
  EXPECT_EQ(parsed("EUR 10,00", kBrazilian), "invalid");
  EXPECT_EQ(parsed("R$", kBrazilian), "invalid");
  EXPECT_EQ(parsed(" $ ", kBrazilian), "invalid");
}

TEST(ParseDecimal, NegativeSignBeforeOrAfterALeadingMark) {
  EXPECT_EQ(parsed("R$ -5,00", kBrazilian), "-5.00");
  EXPECT_EQ(parsed("-R$ 5,00", kBrazilian), "-5.00");
  EXPECT_EQ(parsed("-5,00 R$", kBrazilian), "-5.00");
  EXPECT_EQ(parsed("-R$ -5,00", kBrazilian), "invalid");
  EXPECT_EQ(parsed("- 5,00", kBrazilian), "invalid");
  EXPECT_EQ(parsed("--5", kBrazilian), "invalid");
  EXPECT_EQ(parsed("+5", kBrazilian), "invalid");
}

TEST(ParseDecimal, CanonicalForm) {
  EXPECT_EQ(parsed("007,50", kBrazilian), "7.50");
  EXPECT_EQ(parsed("000", kBrazilian), "0");
  EXPECT_EQ(parsed("0.123,45", kBrazilian), "123.45");
  EXPECT_EQ(parsed("-0,00", kBrazilian), "0.00");
  EXPECT_EQ(parsed("-0", kBrazilian), "0");
  EXPECT_EQ(parsed("-0,01", kBrazilian), "-0.01");
  EXPECT_EQ(parsed("1,500", kBrazilian), "1.500");  // fractional digits kept as written
  EXPECT_EQ(parsed("10", kBrazilian), "unchanged");
  EXPECT_EQ(parsed("-1", kBrazilian), "unchanged");
}

TEST(ParseDecimal, InvalidValues) {
  for (const char *value :
       {"12.5", "1.23.4", "1.2345", "12.34,5", "1234.567", "", " ", ",5", "5,", "1,2,3", "1..234",
        ".123", "1.234.", "1e3", "abc", "10 kg", "1 234", "\u0661\u0662", "1,5\u200B"}) {
    EXPECT_EQ(parsed(value, kBrazilian), "invalid") << value;
  }
}

TEST(ParseDecimal, NoThousandsSeparator) {
  EXPECT_EQ(parsed("1234,56", kCommaNoGrouping), "1234.56");
  EXPECT_EQ(parsed("1.234,56", kCommaNoGrouping), "invalid");
  EXPECT_EQ(parsed("1234.56", kPointNoGrouping), "unchanged");
  EXPECT_EQ(parsed("1,234.56", kPointNoGrouping), "invalid");
  EXPECT_EQ(parsed("1 234", kPointNoGrouping), "invalid");
}

TEST(ParseDecimal, SpaceThousandsAcceptsNoBreakSpaces) {
  EXPECT_EQ(parsed("1 234,56", kSpaceGroups), "1234.56");
  EXPECT_EQ(parsed("1\u00A0234\u00A0567,89", kSpaceGroups), "1234567.89");
  EXPECT_EQ(parsed("1\u202F234,56", kSpaceGroups), "1234.56");
  EXPECT_EQ(parsed("R$ 1 234,56", kSpaceGroups), "1234.56");
  EXPECT_EQ(parsed("1  234,56", kSpaceGroups), "invalid");
  EXPECT_EQ(parsed("1\u3000234,56", kSpaceGroups), "invalid");  // ideographic space is not one
  EXPECT_EQ(parsed("1 23,56", kSpaceGroups), "invalid");
}

TEST(ParseDecimal, GroupsNeedExactlyThreeDigitsAfterAShortFirstGroup) {
  EXPECT_EQ(parsed("12.345.678", kBrazilian), "12345678");
  EXPECT_EQ(parsed("123.456", kBrazilian), "123456");
  EXPECT_EQ(parsed("1234.567", kBrazilian), "invalid");
  EXPECT_EQ(parsed("1.234.56", kBrazilian), "invalid");
  EXPECT_EQ(parsed("1.2345.678", kBrazilian), "invalid");
}

TEST(ParseDecimal, EqualSeparatorsMakeEveryValueInvalid) {
  EXPECT_EQ(parsed("1,5", NumberFormat{',', ','}), "invalid");
  EXPECT_EQ(parsed("15", NumberFormat{'.', '.'}), "invalid");
}

TEST(ParseDecimal, LongNumbers) {
  std::string grouped = "1";
  std::string plain = "1";
  for (int i = 0; i < 10000; ++i) {
    grouped += ".234";
    plain += "234";
  }
  EXPECT_EQ(parsed("R$ " + grouped + ",5", kBrazilian), plain + ".5");
}

}  // namespace
}  // namespace smart_rules::text
