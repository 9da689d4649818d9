// Exact decimal arithmetic (decimal.hpp): the unscaled magnitude is a vector of base-10^9 limbs,
// so a typical price is one limb and every operation a few machine instructions on it; long
// values use schoolbook multiplication and Knuth's long division (TAOCP vol. 2, 4.3.1, algorithm
// D), which the size bounds keep affordable.
#include "text/decimal.hpp"

#include <algorithm>
#include <charconv>

#include "text/numbers.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

namespace {

using Limbs = std::vector<std::uint32_t>;

constexpr std::uint32_t kBase = 1000000000;
constexpr std::uint32_t kLimbDigits = 9;
constexpr std::uint32_t kPowersOfTen[kLimbDigits + 1] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};

void trim_high_zeros(Limbs &a) {
  while (!a.empty() && a.back() == 0) a.pop_back();
}

// Number of decimal digits of the magnitude (0 for zero).
std::uint64_t digit_count(const Limbs &a) noexcept {
  if (a.empty()) return 0;
  std::uint32_t top_digits = 1;
  while (top_digits < kLimbDigits && a.back() >= kPowersOfTen[top_digits]) ++top_digits;
  return (a.size() - 1) * std::uint64_t{kLimbDigits} + top_digits;
}

int compare_magnitudes(const Limbs &a, const Limbs &b) noexcept {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (std::size_t i = a.size(); i-- > 0;) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

Limbs add_magnitudes(const Limbs &a, const Limbs &b) {
  const Limbs &longer = a.size() >= b.size() ? a : b;
  const Limbs &shorter = a.size() >= b.size() ? b : a;
  Limbs sum;
  sum.reserve(longer.size() + 1);
  std::uint32_t carry = 0;
  for (std::size_t i = 0; i < longer.size(); ++i) {
    const std::uint32_t limb = longer[i] + (i < shorter.size() ? shorter[i] : 0) + carry;
    carry = limb >= kBase ? 1 : 0;
    sum.push_back(limb - carry * kBase);
  }
  if (carry != 0) sum.push_back(carry);
  return sum;
}

// a - b, for a >= b.
Limbs subtract_magnitudes(const Limbs &a, const Limbs &b) {
  Limbs difference;
  difference.reserve(a.size());
  std::uint32_t borrow = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::uint32_t subtrahend = (i < b.size() ? b[i] : 0) + borrow;
    borrow = a[i] < subtrahend ? 1 : 0;
    difference.push_back(a[i] + borrow * kBase - subtrahend);
  }
  trim_high_zeros(difference);
  return difference;
}

// a = a * factor + addend, for factor <= 10^9 and addend < 10^9. High zero limbs of `a` stay
// (long division relies on that).
void multiply_add_small(Limbs &a, std::uint32_t factor, std::uint32_t addend) {
  std::uint64_t carry = addend;
  for (std::uint32_t &limb : a) {
    const std::uint64_t product = std::uint64_t{limb} * factor + carry;
    limb = static_cast<std::uint32_t>(product % kBase);
    carry = product / kBase;
  }
  if (carry != 0) a.push_back(static_cast<std::uint32_t>(carry));
}

// a = a / divisor (1 <= divisor <= 10^9); returns the remainder.
std::uint32_t divide_small(Limbs &a, std::uint32_t divisor) {
  std::uint64_t remainder = 0;
  for (std::size_t i = a.size(); i-- > 0;) {
    const std::uint64_t current = remainder * kBase + a[i];
    a[i] = static_cast<std::uint32_t>(current / divisor);
    remainder = current % divisor;
  }
  trim_high_zeros(a);
  return static_cast<std::uint32_t>(remainder);
}

// a = a * 10^digits.
void shift_up(Limbs &a, std::uint64_t digits) {
  if (a.empty() || digits == 0) return;
  multiply_add_small(a, kPowersOfTen[digits % kLimbDigits], 0);
  a.insert(a.begin(), digits / kLimbDigits, 0);
}

// a = a / 10^digits, truncated.
void shift_down(Limbs &a, std::uint64_t digits) {
  const std::uint64_t whole_limbs = digits / kLimbDigits;
  if (whole_limbs >= a.size()) {
    a.clear();
    return;
  }
  a.erase(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(whole_limbs));
  divide_small(a, kPowersOfTen[digits % kLimbDigits]);
}

Limbs multiply_magnitudes(const Limbs &a, const Limbs &b) {
  if (a.empty() || b.empty()) return {};
  Limbs product(a.size() + b.size(), 0);
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::uint64_t carry = 0;
    for (std::size_t j = 0; j < b.size(); ++j) {
      const std::uint64_t current = product[i + j] + std::uint64_t{a[i]} * b[j] + carry;
      product[i + j] = static_cast<std::uint32_t>(current % kBase);
      carry = current / kBase;
    }
    product[i + b.size()] = static_cast<std::uint32_t>(carry);
  }
  trim_high_zeros(product);
  return product;
}

// quotient = dividend / divisor and remainder = dividend % divisor, for a non-zero divisor.
void divide_magnitudes(const Limbs &dividend, const Limbs &divisor, Limbs &quotient,
                       Limbs &remainder) {
  if (compare_magnitudes(dividend, divisor) < 0) {
    quotient.clear();
    remainder = dividend;
    return;
  }
  if (divisor.size() == 1) {
    quotient = dividend;
    const std::uint32_t rest = divide_small(quotient, divisor[0]);
    remainder.clear();
    if (rest != 0) remainder.push_back(rest);
    return;
  }
  // Algorithm D. Normalize so that the divisor's top limb is at least kBase / 2, which makes
  // the quotient digit estimated from the top limbs at most one too large after the test below.
  const std::size_t n = divisor.size();
  const std::size_t m = dividend.size() - n;
  const std::uint32_t normalizer = kBase / (divisor.back() + 1);
  Limbs u = dividend;
  u.push_back(0);
  multiply_add_small(u, normalizer, 0);  // fits: the extra zero limb takes the carry
  Limbs v = divisor;
  multiply_add_small(v, normalizer, 0);  // stays n limbs
  const std::uint64_t v_top = v[n - 1];
  const std::uint64_t v_next = v[n - 2];

  quotient.assign(m + 1, 0);
  for (std::size_t j = m + 1; j-- > 0;) {
    const std::uint64_t top_two = std::uint64_t{u[j + n]} * kBase + u[j + n - 1];
    std::uint64_t estimate = top_two / v_top;
    std::uint64_t rest = top_two % v_top;
    while (estimate >= kBase || estimate * v_next > rest * kBase + u[j + n - 2]) {
      --estimate;
      rest += v_top;
      if (rest >= kBase) break;
    }
    // u[j .. j+n] -= estimate * v
    std::uint64_t carry = 0;
    std::int64_t borrow = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t product = estimate * v[i] + carry;
      carry = product / kBase;
      const std::int64_t limb =
          std::int64_t{u[i + j]} - static_cast<std::int64_t>(product % kBase) - borrow;
      borrow = limb < 0 ? 1 : 0;
      u[i + j] = static_cast<std::uint32_t>(limb + borrow * kBase);
    }
    std::int64_t top = std::int64_t{u[j + n]} - static_cast<std::int64_t>(carry) - borrow;
    if (top < 0) {  // the estimate was one too large: add the divisor back once
      --estimate;
      std::uint32_t add_carry = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t limb = u[i + j] + v[i] + add_carry;
        add_carry = limb >= kBase ? 1 : 0;
        u[i + j] = limb - add_carry * kBase;
      }
      top += add_carry;  // back to 0
    }
    u[j + n] = static_cast<std::uint32_t>(top);
    quotient[j] = static_cast<std::uint32_t>(estimate);
  }
  trim_high_zeros(quotient);
  u.resize(n);
  trim_high_zeros(u);
  divide_small(u, normalizer);  // undo the normalization: exact
  remainder = std::move(u);
}

// `magnitude` scaled from `from_scale` up to `to_scale` fractional digits, copied only when the
// scales differ (`storage` holds the copy).
const Limbs &aligned(const Limbs &magnitude, std::uint32_t from_scale, std::uint32_t to_scale,
                     Limbs &storage) {
  if (from_scale == to_scale) return magnitude;
  storage = magnitude;
  shift_up(storage, to_scale - from_scale);
  return storage;
}

}  // namespace

Decimal::Decimal(bool negative, std::uint32_t scale, Limbs magnitude)
    : negative_(negative && !magnitude.empty()), scale_(scale), magnitude_(std::move(magnitude)) {}

std::optional<Decimal> Decimal::checked(bool negative, std::uint32_t scale, Limbs magnitude) {
  const std::uint64_t digits = digit_count(magnitude);
  if (scale > kMaxScale || (digits > scale && digits - scale > kMaxIntegerDigits)) {
    return std::nullopt;
  }
  return Decimal(negative, scale, std::move(magnitude));
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  text = trimmed(text);
  if (!is_plain_decimal(text)) return std::nullopt;
  const bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  const std::size_t point = text.find('.');
  std::string_view integer = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  integer.remove_prefix(std::min(integer.find_first_not_of('0'), integer.size()));
  if (integer.size() > kMaxIntegerDigits || fraction.size() > kMaxScale) return std::nullopt;

  // The unscaled value is the integer digits followed by the fraction digits; limbs are cut
  // from the least significant end.
  const std::size_t total = integer.size() + fraction.size();
  const auto digit_at = [&](std::size_t k) {
    return static_cast<std::uint32_t>(
        (k < integer.size() ? integer[k] : fraction[k - integer.size()]) - '0');
  };
  Limbs magnitude;
  magnitude.reserve(total / kLimbDigits + 1);
  for (std::size_t end = total; end > 0;) {
    const std::size_t start = end >= kLimbDigits ? end - kLimbDigits : 0;
    std::uint32_t limb = 0;
    for (std::size_t k = start; k < end; ++k) limb = limb * 10 + digit_at(k);
    magnitude.push_back(limb);
    end = start;
  }
  trim_high_zeros(magnitude);
  return Decimal(negative, static_cast<std::uint32_t>(fraction.size()), std::move(magnitude));
}

Decimal Decimal::from_integer(std::int64_t value) {
  std::uint64_t absolute =
      value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  Limbs magnitude;
  for (; absolute != 0; absolute /= kBase) {
    magnitude.push_back(static_cast<std::uint32_t>(absolute % kBase));
  }
  return Decimal(value < 0, 0, std::move(magnitude));
}

std::string Decimal::to_string() const {
  std::string text;
  append_to(text);
  return text;
}

void Decimal::append_to(std::string &out) const {
  if (negative_) out += '-';
  const std::size_t digits_start = out.size();
  if (magnitude_.empty()) {
    out += '0';
  } else {
    char limb_text[kLimbDigits];
    const auto top = std::to_chars(limb_text, limb_text + kLimbDigits, magnitude_.back());
    out.append(limb_text, top.ptr);
    for (std::size_t i = magnitude_.size() - 1; i-- > 0;) {
      std::uint32_t limb = magnitude_[i];
      for (std::size_t d = kLimbDigits; d-- > 0; limb /= 10) {
        limb_text[d] = static_cast<char>('0' + limb % 10);
      }
      out.append(limb_text, kLimbDigits);
    }
  }
  if (scale_ == 0) return;
  const std::size_t written = out.size() - digits_start;
  if (written <= scale_) out.insert(digits_start, scale_ + 1 - written, '0');
  out.insert(out.size() - scale_, 1, '.');
}

std::optional<Decimal> Decimal::rounded(std::uint32_t scale) const {
  if (scale > kMaxScale) return std::nullopt;
  Limbs magnitude = magnitude_;
  if (scale >= scale_) {
    shift_up(magnitude, scale - scale_);
    return checked(negative_, scale, std::move(magnitude));
  }
  // Half away from zero depends on the first dropped digit only (on the magnitude).
  shift_down(magnitude, scale_ - scale - 1);
  const std::uint32_t first_dropped = divide_small(magnitude, 10);
  if (first_dropped >= 5) multiply_add_small(magnitude, 1, 1);
  return checked(negative_, scale, std::move(magnitude));
}

int compare(const Decimal &a, const Decimal &b) noexcept {
  const int a_sign = a.is_zero() ? 0 : (a.negative_ ? -1 : 1);
  const int b_sign = b.is_zero() ? 0 : (b.negative_ ? -1 : 1);
  if (a_sign != b_sign) return a_sign < b_sign ? -1 : 1;
  if (a_sign == 0) return 0;
  // Equal signs: compare the magnitudes at the larger scale. Without a copy when the scales are
  // equal; otherwise the integer digit counts usually decide before any copy.
  const auto integer_digits = [](const Decimal &d) {
    const std::uint64_t digits = digit_count(d.magnitude_);
    return digits > d.scale_ ? digits - d.scale_ : 0;
  };
  const std::uint64_t a_integer_digits = integer_digits(a);
  const std::uint64_t b_integer_digits = integer_digits(b);
  int magnitude;
  if (a_integer_digits != b_integer_digits) {
    magnitude = a_integer_digits < b_integer_digits ? -1 : 1;
  } else {
    const std::uint32_t scale = std::max(a.scale_, b.scale_);
    Limbs a_storage;
    Limbs b_storage;
    magnitude = compare_magnitudes(aligned(a.magnitude_, a.scale_, scale, a_storage),
                                   aligned(b.magnitude_, b.scale_, scale, b_storage));
  }
  return a_sign < 0 ? -magnitude : magnitude;
}

std::optional<Decimal> add(const Decimal &a, const Decimal &b) {
  return Decimal::add_signed(a, b, b.negative_);
}

std::optional<Decimal> subtract(const Decimal &a, const Decimal &b) {
  return Decimal::add_signed(a, b, !b.negative_ && !b.is_zero());
}

std::optional<Decimal> Decimal::add_signed(const Decimal &a, const Decimal &b, bool b_negative) {
  const std::uint32_t scale = std::max(a.scale_, b.scale_);
  Limbs a_storage;
  Limbs b_storage;
  const Limbs &a_magnitude = aligned(a.magnitude_, a.scale_, scale, a_storage);
  const Limbs &b_magnitude = aligned(b.magnitude_, b.scale_, scale, b_storage);
  if (a.negative_ == b_negative) {
    return checked(b_negative, scale, add_magnitudes(a_magnitude, b_magnitude));
  }
  const int order = compare_magnitudes(a_magnitude, b_magnitude);
  if (order >= 0) {
    return checked(a.negative_, scale, subtract_magnitudes(a_magnitude, b_magnitude));
  }
  return checked(b_negative, scale, subtract_magnitudes(b_magnitude, a_magnitude));
}

std::optional<Decimal> multiply(const Decimal &a, const Decimal &b) {
  const std::uint64_t scale = std::uint64_t{a.scale_} + b.scale_;
  if (scale > Decimal::kMaxScale) return std::nullopt;
  return Decimal::checked(a.negative_ != b.negative_, static_cast<std::uint32_t>(scale),
                          multiply_magnitudes(a.magnitude_, b.magnitude_));
}

std::optional<Decimal> divide(const Decimal &a, const Decimal &b) {
  if (b.is_zero()) return std::nullopt;
  const std::uint32_t scale = std::max(a.scale_, b.scale_) + Decimal::kDivisionExtraDigits;
  if (scale > Decimal::kMaxScale) return std::nullopt;
  // a / b * 10^scale = A * 10^(scale + scale_b - scale_a) / B, with A and B the unscaled values.
  Limbs numerator = a.magnitude_;
  shift_up(numerator, std::uint64_t{scale} + b.scale_ - a.scale_);
  Limbs quotient;
  Limbs remainder;
  divide_magnitudes(numerator, b.magnitude_, quotient, remainder);
  return Decimal::checked(a.negative_ != b.negative_, scale, std::move(quotient));
}

std::optional<Decimal> modulo(const Decimal &a, const Decimal &b) {
  if (b.is_zero()) return std::nullopt;
  const std::uint32_t scale = std::max(a.scale_, b.scale_);
  Limbs a_storage;
  Limbs b_storage;
  Limbs quotient;
  Limbs remainder;
  divide_magnitudes(aligned(a.magnitude_, a.scale_, scale, a_storage),
                    aligned(b.magnitude_, b.scale_, scale, b_storage), quotient, remainder);
  return Decimal::checked(a.negative_, scale, std::move(remainder));
}

}  // namespace smart_rules::text
