// The plain decimal grammar of RULES.md (`-?digits(.digits)?`): recognition, canonical form and
// exact numeric comparison of decimals of any length, working on the digit strings themselves.
#include "text/numbers.hpp"

namespace smart_rules::text {
namespace {

bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// True when `digits` is non-empty and made of ASCII digits only.
bool all_digits(std::string_view digits) noexcept {
  if (digits.empty()) return false;
  for (char c : digits) {
    if (!is_ascii_digit(c)) return false;
  }
  return true;
}

// The parts of a decimal, reduced so that equal numbers have equal parts: the integer digits
// without leading zeros and the fractional digits without trailing zeros (either may be empty).
// Zero is both parts empty, whatever the sign written.
struct DecimalParts {
  bool negative = false;
  std::string_view integer;
  std::string_view fraction;

  bool is_zero() const noexcept { return integer.empty() && fraction.empty(); }
};

DecimalParts split_decimal(std::string_view value) noexcept {
  DecimalParts parts;
  if (!value.empty() && value.front() == '-') {
    parts.negative = true;
    value.remove_prefix(1);
  }
  const std::size_t point = value.find('.');
  parts.integer = value.substr(0, point);
  if (point != std::string_view::npos) parts.fraction = value.substr(point + 1);

  const std::size_t first_significant = parts.integer.find_first_not_of('0');
  parts.integer.remove_prefix(first_significant == std::string_view::npos ? parts.integer.size()
                                                                          : first_significant);
  const std::size_t last_significant = parts.fraction.find_last_not_of('0');
  parts.fraction = parts.fraction.substr(
      0, last_significant == std::string_view::npos ? 0 : last_significant + 1);
  return parts;
}

int sign_of(int comparison) noexcept { return (comparison > 0) - (comparison < 0); }

// Compares the absolute values of two reduced decimals: a longer integer part is larger, equal
// lengths compare digit by digit, and reduced fractions compare as strings (when one is a prefix
// of the other, the longer one ends with a non-zero digit and so is larger).
int compare_magnitudes(const DecimalParts &a, const DecimalParts &b) noexcept {
  if (a.integer.size() != b.integer.size()) return a.integer.size() < b.integer.size() ? -1 : 1;
  const int by_integer = sign_of(a.integer.compare(b.integer));
  if (by_integer != 0) return by_integer;
  return sign_of(a.fraction.compare(b.fraction));
}

}  // namespace

bool is_plain_decimal(std::string_view value) noexcept {
  if (!value.empty() && value.front() == '-') value.remove_prefix(1);
  const std::size_t point = value.find('.');
  if (point == std::string_view::npos) return all_digits(value);
  return all_digits(value.substr(0, point)) && all_digits(value.substr(point + 1));
}

std::string canonical_decimal(std::string_view value) {
  if (!is_plain_decimal(value)) return std::string(value);

  const bool keep_sign = value.front() == '-' && !split_decimal(value).is_zero();
  if (value.front() == '-') value.remove_prefix(1);
  // Drop the leading zeros, but keep one when the integer part is only zeros.
  std::size_t start = value.find_first_not_of('0');
  if (start == std::string_view::npos) start = value.size();
  if (start == value.size() || value[start] == '.') --start;
  value.remove_prefix(start);

  std::string canonical;
  canonical.reserve(value.size() + 1);
  if (keep_sign) canonical += '-';
  canonical += value;
  return canonical;
}

int compare_decimals(std::string_view a, std::string_view b) noexcept {
  const DecimalParts left = split_decimal(a);
  const DecimalParts right = split_decimal(b);
  const int left_sign = left.is_zero() ? 0 : (left.negative ? -1 : 1);
  const int right_sign = right.is_zero() ? 0 : (right.negative ? -1 : 1);
  if (left_sign != right_sign) return left_sign < right_sign ? -1 : 1;
  if (left_sign == 0) return 0;
  const int magnitude = compare_magnitudes(left, right);
  return left_sign < 0 ? -magnitude : magnitude;
}

}  // namespace smart_rules::text
