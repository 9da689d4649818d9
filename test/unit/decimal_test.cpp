// Unit tests of exact decimal arithmetic (src/core/text/decimal.hpp): parsing and canonical text,
// comparison, the five operations with their result scales, rounding half away from zero,
// the size bounds, a randomized cross-check of small values against 128-bit integer arithmetic
// and identity checks of long division on numbers of hundreds of digits.
#include "text/decimal.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace smart_rules::text {
namespace {

Decimal number(std::string_view text) {
  const std::optional<Decimal> parsed = Decimal::parse(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  return parsed.value_or(Decimal());
}

// The canonical text of an optional result, or "absent".
std::string text_of(const std::optional<Decimal> &value) {
  return value ? value->to_string() : "absent";
}

std::string add_text(std::string_view a, std::string_view b) {
  return text_of(add(number(a), number(b)));
}
std::string subtract_text(std::string_view a, std::string_view b) {
  return text_of(subtract(number(a), number(b)));
}
std::string multiply_text(std::string_view a, std::string_view b) {
  return text_of(multiply(number(a), number(b)));
}
std::string divide_text(std::string_view a, std::string_view b) {
  return text_of(divide(number(a), number(b)));
}
std::string modulo_text(std::string_view a, std::string_view b) {
  return text_of(modulo(number(a), number(b)));
}
std::string round_text(std::string_view a, std::uint32_t scale) {
  return text_of(number(a).rounded(scale));
}

// --- parsing and canonical text ---

TEST(DecimalParse, AcceptsThePlainGrammarAndKeepsTheScale) {
  EXPECT_EQ(number("0").to_string(), "0");
  EXPECT_EQ(number("12").to_string(), "12");
  EXPECT_EQ(number("12.50").to_string(), "12.50");
  EXPECT_EQ(number("12.50").scale(), 2u);
  EXPECT_EQ(number("-3.1").to_string(), "-3.1");
  EXPECT_EQ(number("0.000100").to_string(), "0.000100");
  EXPECT_EQ(number("1234567890123456789012345678901234567890.123456789012345").to_string(),
            "1234567890123456789012345678901234567890.123456789012345");
}

TEST(DecimalParse, DropsLeadingZerosAndTheSignOfZero) {
  EXPECT_EQ(number("007.50").to_string(), "7.50");
  EXPECT_EQ(number("-000").to_string(), "0");
  EXPECT_EQ(number("-0.00").to_string(), "0.00");
  EXPECT_FALSE(number("-0.00").is_negative());
  EXPECT_EQ(number("000000000000000000000001").to_string(), "1");
  EXPECT_EQ(number("-0.001").to_string(), "-0.001");
}

TEST(DecimalParse, TrimsUnicodeWhitespace) {
  EXPECT_EQ(number(" 12.50\u00A0").to_string(), "12.50");
  EXPECT_EQ(number("\t\u3000-7\n").to_string(), "-7");
}

TEST(DecimalParse, RejectsEverythingElse) {
  for (const char *text : {"", " ", "-", ".5", "5.", "+5", "1,5", "1 000", "1e5", "--1", "0x10",
                           "NaN", "R$ 5", "5 5", "\u0663", "1.2.3", "\u200B5"}) {
    EXPECT_FALSE(Decimal::parse(text).has_value()) << text;
  }
}

TEST(DecimalParse, BoundsTheDigitsLikePostgresqlNumeric) {
  const std::string longest_integer(Decimal::kMaxIntegerDigits, '9');
  EXPECT_TRUE(Decimal::parse(longest_integer).has_value());
  EXPECT_FALSE(Decimal::parse(longest_integer + "9").has_value());
  EXPECT_TRUE(Decimal::parse("000" + longest_integer).has_value());  // leading zeros are free
  const std::string longest_fraction = "0." + std::string(Decimal::kMaxScale, '1');
  EXPECT_TRUE(Decimal::parse(longest_fraction).has_value());
  EXPECT_FALSE(Decimal::parse(longest_fraction + "1").has_value());
}

TEST(DecimalParse, RoundTripsLongNumbers) {
  std::mt19937_64 random(7);
  for (int round = 0; round < 200; ++round) {
    std::string text = random() % 2 ? "-" : "";
    text += static_cast<char>('1' + random() % 9);
    const int integer_digits = static_cast<int>(random() % 60);
    for (int i = 0; i < integer_digits; ++i) text += static_cast<char>('0' + random() % 10);
    const int fraction_digits = static_cast<int>(random() % 40);
    if (fraction_digits > 0) text += '.';
    for (int i = 0; i < fraction_digits; ++i) text += static_cast<char>('0' + random() % 10);
    EXPECT_EQ(number(text).to_string(), text);
  }
}

TEST(DecimalFromInteger, CoversTheInt64Range) {
  EXPECT_EQ(Decimal::from_integer(0).to_string(), "0");
  EXPECT_EQ(Decimal::from_integer(-1).to_string(), "-1");
  EXPECT_EQ(Decimal::from_integer(1000000000).to_string(), "1000000000");
  EXPECT_EQ(Decimal::from_integer(INT64_MAX).to_string(), "9223372036854775807");
  EXPECT_EQ(Decimal::from_integer(INT64_MIN).to_string(), "-9223372036854775808");
}

// --- compare ---

TEST(DecimalCompare, ByNumericValueWhateverTheScale) {
  EXPECT_EQ(compare(number("1.10"), number("1.1")), 0);
  EXPECT_EQ(compare(number("-0"), number("0.000")), 0);
  EXPECT_EQ(compare(number("2"), number("10")), -1);
  EXPECT_EQ(compare(number("10"), number("9.999")), 1);
  EXPECT_EQ(compare(number("-10"), number("-9.999")), -1);
  EXPECT_EQ(compare(number("-0.5"), number("0")), -1);
  EXPECT_EQ(compare(number("0.05"), number("0.5")), -1);
  EXPECT_EQ(compare(number("0.5"), number("0.49999999999999999999999")), 1);
  EXPECT_EQ(
      compare(number("123456789012345678901234567890"), number("123456789012345678901234567891")),
      -1);
  EXPECT_EQ(compare(number("1000000000.000000001"), number("1000000000")), 1);
}

// --- add, subtract ---

TEST(DecimalAdd, ExactWithTheLargerScale) {
  EXPECT_EQ(add_text("0.1", "0.2"), "0.3");
  EXPECT_EQ(add_text("19.90", "0.1"), "20.00");
  EXPECT_EQ(add_text("1.5", "-1.5"), "0.0");
  EXPECT_EQ(add_text("-0.5", "0.25"), "-0.25");
  EXPECT_EQ(add_text("-1", "-2.5"), "-3.5");
  EXPECT_EQ(add_text("999999999", "1"), "1000000000");
  EXPECT_EQ(add_text("999999999999999999.999999999", "0.000000001"),
            "1000000000000000000.000000000");
}

TEST(DecimalSubtract, ExactWithTheLargerScale) {
  EXPECT_EQ(subtract_text("10", "0.01"), "9.99");
  EXPECT_EQ(subtract_text("0.01", "10"), "-9.99");
  EXPECT_EQ(subtract_text("5", "5.00"), "0.00");
  EXPECT_EQ(subtract_text("-5", "-7"), "2");
  EXPECT_EQ(subtract_text("0", "0"), "0");
  EXPECT_EQ(subtract_text("1000000000000000000", "1"), "999999999999999999");
}

// --- multiply ---

TEST(DecimalMultiply, ExactWithTheSumOfScales) {
  EXPECT_EQ(multiply_text("19.90", "3"), "59.70");
  EXPECT_EQ(multiply_text("1.5", "1.5"), "2.25");
  EXPECT_EQ(multiply_text("0.1", "0.1"), "0.01");
  EXPECT_EQ(multiply_text("-2", "0"), "0");
  EXPECT_EQ(multiply_text("-2.50", "-4"), "10.00");
  EXPECT_EQ(multiply_text("-0.001", "0.001"), "-0.000001");
  EXPECT_EQ(multiply_text("123456789012345678901234567890", "987654321098765432109876543210"),
            "121932631137021795226185032733622923332237463801111263526900");
}

// --- divide ---

TEST(DecimalDivide, TruncatesToTheLargerScalePlusTwentyDigits) {
  EXPECT_EQ(divide_text("1", "3"), "0.33333333333333333333");
  EXPECT_EQ(divide_text("2", "3"), "0.66666666666666666666");  // truncated, not rounded
  EXPECT_EQ(divide_text("-2", "3"), "-0.66666666666666666666");
  EXPECT_EQ(divide_text("10.00", "4"), "2.5000000000000000000000");
  EXPECT_EQ(divide_text("1", "0.003"), "333.33333333333333333333333");
  EXPECT_EQ(divide_text("-7", "-2"), "3.50000000000000000000");
}

TEST(DecimalDivide, ByZeroIsAbsent) {
  EXPECT_EQ(divide_text("1", "0"), "absent");
  EXPECT_EQ(divide_text("0", "0.00"), "absent");
}

TEST(DecimalDivide, ZeroQuotientHasNoSign) {
  EXPECT_EQ(divide_text("0", "-5"), "0.00000000000000000000");
  EXPECT_EQ(divide_text("-1", "1000000000000000000000000"), "0.00000000000000000000");
}

TEST(DecimalDivide, RoundingTheQuotientAfterwardsIsExact) {
  // 0.004999...: a quotient rounded to 3 places would become 0.005 and then 0.01.
  EXPECT_EQ(text_of(divide(number("1"), number("200.0000000000000000004"))->rounded(2)), "0.00");
  EXPECT_EQ(text_of(divide(number("10"), number("3"))->rounded(2)), "3.33");
  EXPECT_EQ(text_of(divide(number("20"), number("3"))->rounded(2)), "6.67");
  EXPECT_EQ(text_of(divide(number("1"), number("8"))->rounded(2)), "0.13");
  EXPECT_EQ(text_of(divide(number("-1"), number("8"))->rounded(2)), "-0.13");
}

TEST(DecimalDivide, LongOperands) {
  // 2^200 / 3^50, computed with Python's decimal module (ROUND_DOWN).
  EXPECT_EQ(divide_text("1606938044258990275541962092341162602522202993782792835301376",
                        "717897987691852588770249"),
            "2238393297946874000179418290327143433.34777547449473063759");
}

// --- modulo ---

TEST(DecimalModulo, SignOfTheDividend) {
  EXPECT_EQ(modulo_text("7", "3"), "1");
  EXPECT_EQ(modulo_text("-7", "3"), "-1");
  EXPECT_EQ(modulo_text("7", "-3"), "1");
  EXPECT_EQ(modulo_text("-7", "-3"), "-1");
  EXPECT_EQ(modulo_text("-6", "3"), "0");
  EXPECT_EQ(modulo_text("7.5", "2"), "1.5");
  EXPECT_EQ(modulo_text("5.25", "0.5"), "0.25");
  EXPECT_EQ(modulo_text("1", "0.3"), "0.1");
  EXPECT_EQ(modulo_text("2", "5"), "2");
  EXPECT_EQ(modulo_text("1", "0"), "absent");
}

// --- rounded ---

TEST(DecimalRounded, HalfAwayFromZero) {
  EXPECT_EQ(round_text("2.5", 0), "3");
  EXPECT_EQ(round_text("-2.5", 0), "-3");
  EXPECT_EQ(round_text("2.4999", 0), "2");
  EXPECT_EQ(round_text("1.005", 2), "1.01");
  EXPECT_EQ(round_text("1.0049999", 2), "1.00");
  EXPECT_EQ(round_text("-1.005", 2), "-1.01");
  EXPECT_EQ(round_text("0.5", 0), "1");
  EXPECT_EQ(round_text("-0.5", 0), "-1");
  EXPECT_EQ(round_text("999.995", 2), "1000.00");
  EXPECT_EQ(round_text("999999999.9", 0), "1000000000");
  EXPECT_EQ(round_text("0.123456789012345678901234567", 18), "0.123456789012345679");
  EXPECT_EQ(round_text("12.3456", 0), "12");
}

TEST(DecimalRounded, PadsWithZeros) {
  EXPECT_EQ(round_text("7", 2), "7.00");
  EXPECT_EQ(round_text("-7.5", 3), "-7.500");
  EXPECT_EQ(round_text("0", 18), "0.000000000000000000");
  EXPECT_EQ(round_text("1.25", 2), "1.25");
}

TEST(DecimalRounded, NeverNegativeZero) {
  EXPECT_EQ(round_text("-0.004", 2), "0.00");
  EXPECT_EQ(round_text("-0.4", 0), "0");
  EXPECT_EQ(round_text("-0.005", 2), "-0.01");
}

TEST(DecimalRounded, BeyondTheMaximumScaleIsAbsent) {
  EXPECT_EQ(round_text("1", Decimal::kMaxScale + 1), "absent");
  EXPECT_NE(round_text("1", Decimal::kMaxScale), "absent");
}

// --- size bounds ---

TEST(DecimalBounds, ResultsBeyondThemAreAbsent) {
  const std::string longest(Decimal::kMaxIntegerDigits, '9');
  EXPECT_EQ(add_text(longest, "1"), "absent");
  EXPECT_EQ(subtract_text("-" + longest, "1"), "absent");
  EXPECT_NE(add_text(longest, "-1"), "absent");
  const std::string half(Decimal::kMaxIntegerDigits / 2 + 1, '9');
  EXPECT_EQ(multiply_text(half, half), "absent");
  EXPECT_EQ(round_text(longest + ".9", 0), "absent");  // the carry adds a digit
  const std::string fine = "0." + std::string(Decimal::kMaxScale - 10, '1');
  EXPECT_EQ(divide_text(fine, "3"), "absent");  // the quotient's scale would pass kMaxScale
  EXPECT_EQ(multiply_text(fine, "0.12345678901"), "absent");
}

// --- cross-check against 128-bit integers ---

using Int128 = __int128;

// Canonical text of unscaled * 10^-scale, written independently of Decimal.
std::string reference_text(Int128 unscaled, int scale) {
  const bool negative = unscaled < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(unscaled) : unscaled;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  while (static_cast<int>(digits.size()) <= scale) digits.insert(digits.begin(), '0');
  if (scale > 0) digits.insert(digits.size() - static_cast<std::size_t>(scale), ".");
  return (negative ? "-" : "") + digits;
}

Int128 power_of_ten(int exponent) {
  Int128 result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

TEST(DecimalArithmetic, MatchesIntegerArithmeticOnRandomSmallValues) {
  std::mt19937_64 random(2024);
  const auto random_unscaled = [&](std::int64_t limit) {
    // Zero, values around limb boundaries and plain random values.
    switch (random() % 6) {
      case 0:
        return std::int64_t{0};
      case 1:
        return static_cast<std::int64_t>(999999999 + random() % 3) * (random() % 2 ? 1 : -1);
      default: {
        const auto value = static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(limit));
        return random() % 2 ? value : -value;
      }
    }
  };
  for (int round = 0; round < 20000; ++round) {
    const std::int64_t a_unscaled = random_unscaled(1000000000000000);
    const std::int64_t b_unscaled = random_unscaled(1000000000000000);
    const int a_scale = static_cast<int>(random() % 7);
    const int b_scale = static_cast<int>(random() % 7);
    const Decimal a = number(reference_text(a_unscaled, a_scale));
    const Decimal b = number(reference_text(b_unscaled, b_scale));
    const int scale = std::max(a_scale, b_scale);
    const Int128 a_aligned = Int128{a_unscaled} * power_of_ten(scale - a_scale);
    const Int128 b_aligned = Int128{b_unscaled} * power_of_ten(scale - b_scale);
    SCOPED_TRACE(a.to_string() + " and " + b.to_string());

    EXPECT_EQ(text_of(add(a, b)), reference_text(a_aligned + b_aligned, scale));
    EXPECT_EQ(text_of(subtract(a, b)), reference_text(a_aligned - b_aligned, scale));
    EXPECT_EQ(text_of(multiply(a, b)),
              reference_text(Int128{a_unscaled} * b_unscaled, a_scale + b_scale));
    EXPECT_EQ(compare(a, b), (a_aligned > b_aligned) - (a_aligned < b_aligned));
    if (b_unscaled == 0) {
      EXPECT_FALSE(divide(a, b).has_value());
      EXPECT_FALSE(modulo(a, b).has_value());
      continue;
    }
    EXPECT_EQ(text_of(modulo(a, b)), reference_text(a_aligned % b_aligned, scale));
    // Division on smaller operands so that the scaled numerator fits 128 bits.
    const Int128 small_a = a_unscaled % 1000000;
    const Int128 small_b = b_unscaled % 1000000 == 0 ? 7 : b_unscaled % 1000000;
    const int small_a_scale = a_scale % 4;
    const int small_b_scale = b_scale % 4;
    const int quotient_scale = std::max(small_a_scale, small_b_scale) + 20;
    const Int128 numerator = small_a * power_of_ten(quotient_scale + small_b_scale - small_a_scale);
    EXPECT_EQ(text_of(divide(number(reference_text(small_a, small_a_scale)),
                             number(reference_text(small_b, small_b_scale)))),
              reference_text(numerator / small_b, quotient_scale));  // C++ truncates toward zero
    // Rounding half away from zero of a to a random smaller or larger scale.
    const int target = static_cast<int>(random() % 8);
    Int128 expected_rounded;
    if (target >= a_scale) {
      expected_rounded = Int128{a_unscaled} * power_of_ten(target - a_scale);
    } else {
      const Int128 divisor = power_of_ten(a_scale - target);
      const Int128 magnitude = a_unscaled < 0 ? -Int128{a_unscaled} : Int128{a_unscaled};
      const Int128 rounded = (magnitude + divisor / 2) / divisor;
      expected_rounded = a_unscaled < 0 ? -rounded : rounded;
    }
    EXPECT_EQ(text_of(a.rounded(static_cast<std::uint32_t>(target))),
              reference_text(expected_rounded, target));
  }
}

// --- long division on long numbers ---

// A random integer of `digits` digits whose digits lean towards 0 and 9, the values that make
// long division's quotient estimates wrong most often.
std::string random_integer_text(std::mt19937_64 &random, int digits) {
  std::string text(1, static_cast<char>('1' + random() % 9));
  for (int i = 1; i < digits; ++i) {
    const auto pick = random() % 4;
    text += pick == 0 ? '0' : pick == 1 ? '9' : static_cast<char>('0' + random() % 10);
  }
  return text;
}

TEST(DecimalArithmetic, LongDivisionIdentitiesOnHundredsOfDigits) {
  std::mt19937_64 random(99);
  for (int round = 0; round < 1500; ++round) {
    const int divisor_digits = 10 + static_cast<int>(random() % 150);
    const int dividend_digits = divisor_digits + static_cast<int>(random() % 150);
    const Decimal a = number(random_integer_text(random, dividend_digits));
    const Decimal b = number(random_integer_text(random, divisor_digits));
    SCOPED_TRACE(a.to_string() + " / " + b.to_string());

    // a = b * q + r with 0 <= r < b, q an integer.
    const Decimal r = modulo(a, b).value();
    EXPECT_FALSE(r.is_negative());
    EXPECT_LT(compare(r, b), 0);
    const Decimal q = divide(subtract(a, r).value(), b)->rounded(0).value();
    EXPECT_EQ(compare(add(multiply(b, q).value(), r).value(), a), 0);

    // The quotient truncated to 20 places: q20 * b <= a < (q20 + 10^-20) * b.
    const Decimal q20 = divide(a, b).value();
    EXPECT_LE(compare(multiply(q20, b).value(), a), 0);
    const Decimal next = add(q20, number("0.00000000000000000001")).value();
    EXPECT_GT(compare(multiply(next, b).value(), a), 0);
  }
}

}  // namespace
}  // namespace smart_rules::text
