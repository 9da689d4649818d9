// Exact decimal numbers for round, clamp, calculate and numeric comparisons (RULES.md): an
// arbitrary-precision value with a scale, like SQL numeric, parsed from the plain decimal
// grammar and printed in canonical form.
//
// A Decimal is sign * unscaled * 10^-scale. The scale is part of the value's text ("1.50" has
// scale 2 and prints "1.50"), not of its numeric identity (compare("1.50", "1.5") == 0).
// Canonical text: '-' only for a non-zero negative value (never "-0"), no leading zeros (a
// single 0 before the point when the integer part is zero), exactly `scale` fractional digits.
//
// Sizes are bounded like PostgreSQL's numeric: at most kMaxIntegerDigits digits before the
// point and kMaxScale after it. Parsing a longer number fails ("not a number"); an arithmetic
// result beyond the bounds is absent, like a division by zero. So no input can make an operation
// allocate or compute without bound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smart_rules::text {

class Decimal {
 public:
  static constexpr std::uint32_t kMaxIntegerDigits = 131072;
  static constexpr std::uint32_t kMaxScale = 16383;
  // Fractional digits a quotient gets beyond the larger operand scale (see divide()).
  static constexpr std::uint32_t kDivisionExtraDigits = 20;

  // Zero, scale 0.
  Decimal() = default;

  // The plain decimal grammar `-?digits(.digits)?` after trimming Unicode whitespace (so
  // " 12.50\u00A0" is 12.50, scale 2); anything else, or a number beyond the size bounds, is
  // absent. The scale is the number of fractional digits written.
  static std::optional<Decimal> parse(std::string_view text);
  static Decimal from_integer(std::int64_t value);

  // The canonical text (see above).
  std::string to_string() const;
  void append_to(std::string &out) const;

  bool is_zero() const noexcept { return magnitude_.empty(); }
  bool is_negative() const noexcept { return negative_; }
  std::uint32_t scale() const noexcept { return scale_; }

  // Rounded half away from zero to `scale` fractional digits, or padded with zeros when it has
  // fewer: 2.5 -> 3, -2.5 -> -3, 1.005 (2) -> 1.01, 7 (2) -> 7.00, -0.004 (2) -> 0.00.
  // Absent only when `scale` > kMaxScale or the carry makes the integer part too long.
  std::optional<Decimal> rounded(std::uint32_t scale) const;

  // -1, 0 or 1 by numeric value (scales do not matter).
  friend int compare(const Decimal &a, const Decimal &b) noexcept;

  // Exact results. Sum and difference have the larger operand scale, a product the sum of the
  // operand scales (as SQL numeric).
  friend std::optional<Decimal> add(const Decimal &a, const Decimal &b);
  friend std::optional<Decimal> subtract(const Decimal &a, const Decimal &b);
  friend std::optional<Decimal> multiply(const Decimal &a, const Decimal &b);
  // The quotient truncated toward zero to max(scale a, scale b) + kDivisionExtraDigits
  // fractional digits; absent when b is zero. Truncation, not rounding, so that rounding the
  // quotient later (calculate rounds to a scale of at most 18) is exact: a truncated value and
  // the true one round alike at any scale at least one digit shorter, while a rounded quotient
  // could round twice (0.00499999... -> 0.005 -> 0.01).
  friend std::optional<Decimal> divide(const Decimal &a, const Decimal &b);
  // a - b * trunc(a / b): the sign of the dividend, like SQL's %, with the larger operand scale
  // (7.5 % 2 = 1.5, -7 % 3 = -1, 7 % -3 = 1); absent when b is zero.
  friend std::optional<Decimal> modulo(const Decimal &a, const Decimal &b);

 private:
  using Limbs = std::vector<std::uint32_t>;  // base 10^9, least significant first, no high zeros

  Decimal(bool negative, std::uint32_t scale, Limbs magnitude);
  // The value when it is within the size bounds.
  static std::optional<Decimal> checked(bool negative, std::uint32_t scale, Limbs magnitude);
  // a + b, with b's sign taken as `b_negative` (add and subtract).
  static std::optional<Decimal> add_signed(const Decimal &a, const Decimal &b, bool b_negative);

  bool negative_ = false;
  std::uint32_t scale_ = 0;
  Limbs magnitude_;  // the unscaled absolute value; empty for zero
};

int compare(const Decimal &a, const Decimal &b) noexcept;
std::optional<Decimal> add(const Decimal &a, const Decimal &b);
std::optional<Decimal> subtract(const Decimal &a, const Decimal &b);
std::optional<Decimal> multiply(const Decimal &a, const Decimal &b);
std::optional<Decimal> divide(const Decimal &a, const Decimal &b);
std::optional<Decimal> modulo(const Decimal &a, const Decimal &b);

}  // namespace smart_rules::text
