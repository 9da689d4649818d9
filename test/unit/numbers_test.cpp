// Unit tests of the plain decimal grammar (src/core/text/numbers.hpp): recognition, canonical
// form and exact comparison, including digit strings far longer than any machine number.
#include "text/numbers.hpp"

#include <gtest/gtest.h>

#include <string>

namespace smart_rules::text {
namespace {

TEST(IsPlainDecimal, AcceptsIntegersAndDecimals) {
  for (const char *value : {"0", "7", "-0", "-12", "007", "1.5", "-1.50", "0.000", "00.01",
                            "123456789012345678901234567890.123456789"}) {
    EXPECT_TRUE(is_plain_decimal(value)) << value;
  }
}

TEST(IsPlainDecimal, RejectsEverythingElse) {
  for (const char *value :
       {"", "-", ".", "-.", ".5", "5.", "-.5", "-5.", "+5", " 5", "5 ", "1 000", "1,5", "1.2.3",
        "1e5", "1E5", "--1", "1-", "0x1F", "NaN", "inf", "1..2", "\xd9\xa3" /* ARABIC-INDIC 3 */,
        "\xef\xbc\x95" /* FULLWIDTH 5 */}) {
    EXPECT_FALSE(is_plain_decimal(value)) << value;
  }
}

TEST(IsPlainDecimal, RejectsEmbeddedNul) {
  EXPECT_FALSE(is_plain_decimal(std::string("1\0" "2", 3)));
}

TEST(CanonicalDecimal, StripsLeadingZerosOfTheIntegerPart) {
  EXPECT_EQ(canonical_decimal("007.50"), "7.50");
  EXPECT_EQ(canonical_decimal("-00012"), "-12");
  EXPECT_EQ(canonical_decimal("000"), "0");
  EXPECT_EQ(canonical_decimal("000.5"), "0.5");
  EXPECT_EQ(canonical_decimal("-000.5"), "-0.5");
  EXPECT_EQ(canonical_decimal("100"), "100");
  EXPECT_EQ(canonical_decimal("10.01"), "10.01");
}

TEST(CanonicalDecimal, KeepsFractionalDigitsAsWritten) {
  EXPECT_EQ(canonical_decimal("1.500"), "1.500");
  EXPECT_EQ(canonical_decimal("0.000100"), "0.000100");
  EXPECT_EQ(canonical_decimal("-3.10"), "-3.10");
}

TEST(CanonicalDecimal, DropsTheSignOfZero) {
  EXPECT_EQ(canonical_decimal("-0"), "0");
  EXPECT_EQ(canonical_decimal("-000"), "0");
  EXPECT_EQ(canonical_decimal("-0.00"), "0.00");
  EXPECT_EQ(canonical_decimal("-00.0"), "0.0");
  EXPECT_EQ(canonical_decimal("-0.001"), "-0.001");
}

TEST(CanonicalDecimal, IsIdempotent) {
  for (const char *value : {"007.50", "-0", "-0.00", "-00012", "0", "12.340"}) {
    const std::string once = canonical_decimal(value);
    EXPECT_EQ(canonical_decimal(once), once) << value;
  }
}

TEST(CanonicalDecimal, ReturnsNonDecimalsUnchanged) {
  EXPECT_EQ(canonical_decimal(""), "");
  EXPECT_EQ(canonical_decimal("abc"), "abc");
  EXPECT_EQ(canonical_decimal("007."), "007.");
}

TEST(CanonicalDecimal, HandlesVeryLongDigitStrings) {
  const std::string digits(5000, '9');
  EXPECT_EQ(canonical_decimal(std::string(3000, '0') + digits + ".10"), digits + ".10");
  EXPECT_EQ(canonical_decimal("-" + std::string(10000, '0') + "." + std::string(10000, '0')),
            "0." + std::string(10000, '0'));
}

TEST(CompareDecimals, OrdersNumerically) {
  EXPECT_LT(compare_decimals("1", "2"), 0);
  EXPECT_GT(compare_decimals("10", "9"), 0);
  EXPECT_LT(compare_decimals("9.99", "10"), 0);
  EXPECT_LT(compare_decimals("1.09", "1.1"), 0);
  EXPECT_GT(compare_decimals("1.11", "1.1"), 0);
  EXPECT_LT(compare_decimals("0.001", "0.01"), 0);
  EXPECT_GT(compare_decimals("100", "099.999"), 0);
}

TEST(CompareDecimals, ReturnsMinusOneZeroOrOne) {
  EXPECT_EQ(compare_decimals("1", "1000"), -1);
  EXPECT_EQ(compare_decimals("1000", "1"), 1);
  EXPECT_EQ(compare_decimals("5", "5.0"), 0);
}

TEST(CompareDecimals, IgnoresLeadingAndTrailingZeros) {
  EXPECT_EQ(compare_decimals("1.10", "1.1"), 0);
  EXPECT_EQ(compare_decimals("007", "7.000"), 0);
  EXPECT_EQ(compare_decimals("-007.50", "-7.5"), 0);
  EXPECT_EQ(compare_decimals("0010.0100", "10.01"), 0);
}

TEST(CompareDecimals, TreatsAllZerosAsEqual) {
  EXPECT_EQ(compare_decimals("0.000", "-0"), 0);
  EXPECT_EQ(compare_decimals("-0.0", "0"), 0);
  EXPECT_EQ(compare_decimals("000", "-000.000"), 0);
}

TEST(CompareDecimals, OrdersNegativeNumbers) {
  EXPECT_LT(compare_decimals("-2", "-1.5"), 0);
  EXPECT_GT(compare_decimals("-1.5", "-2"), 0);
  EXPECT_LT(compare_decimals("-10", "-9"), 0);
  EXPECT_LT(compare_decimals("-0.01", "0"), 0);
  EXPECT_GT(compare_decimals("0", "-0.01"), 0);
  EXPECT_LT(compare_decimals("-1", "0.001"), 0);
  EXPECT_GT(compare_decimals("0.001", "-1000"), 0);
  EXPECT_LT(compare_decimals("-1.11", "-1.1"), 0);
}

TEST(CompareDecimals, IsAntisymmetric) {
  const char *values[] = {"-10", "-2", "-1.5", "-0.01", "-0", "0", "0.000", "0.01",
                          "1",   "1.1", "1.10", "1.11", "9.99", "10", "100"};
  for (const char *a : values) {
    for (const char *b : values) {
      EXPECT_EQ(compare_decimals(a, b), -compare_decimals(b, a)) << a << " vs " << b;
    }
  }
}

TEST(CompareDecimals, HandlesVeryLongDigitStrings) {
  const std::string huge(10000, '9');
  const std::string one_more = "1" + std::string(10000, '0');
  EXPECT_LT(compare_decimals(huge, one_more), 0);
  EXPECT_GT(compare_decimals("-" + huge, "-" + one_more), 0);
  EXPECT_EQ(compare_decimals(std::string(5000, '0') + huge + ".5000", huge + ".5"), 0);

  // Two numbers that a double cannot tell apart.
  const std::string tiny_fraction = "0." + std::string(400, '0') + "1";
  EXPECT_GT(compare_decimals(tiny_fraction, "0"), 0);
  EXPECT_LT(compare_decimals("1" + tiny_fraction.substr(1), "1" + tiny_fraction.substr(1) + "1"),
            0);
  EXPECT_LT(compare_decimals("9007199254740992", "9007199254740993"), 0);
}

}  // namespace
}  // namespace smart_rules::text
