// parse_decimal (parse_decimal.hpp): strips a currency mark, recognises the grouped or plain
// number grammar in one scan and writes the canonical form straight into the caller's buffer.
#include "text/parse_decimal.hpp"

#include <array>

#include "text/transform_support.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

namespace {

// Longer marks first, so that "US$" is not taken for "$".
constexpr std::array<std::string_view, 6> kCurrencyMarks{"US$", "R$", "BRL", "USD", "$", "€"};

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (detail::ascii_lower(static_cast<unsigned char>(a[i])) !=
        detail::ascii_lower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The length of the currency mark `text` starts with (at_end: ends with), or 0.
std::size_t currency_mark_length(std::string_view text, bool at_end) noexcept {
  for (const std::string_view mark : kCurrencyMarks) {
    if (text.size() < mark.size()) continue;
    const std::size_t start = at_end ? text.size() - mark.size() : 0;
    if (equal_ignoring_ascii_case(text.substr(start, mark.size()), mark)) return mark.size();
  }
  return 0;
}

bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// The length of the thousands separator at `pos`, or 0. ' ' stands for the ASCII space, U+00A0
// and U+202F.
std::size_t thousands_separator_length(std::string_view text, std::size_t pos,
                                       char separator) noexcept {
  if (separator == '\0' || pos >= text.size()) return 0;
  if (text[pos] == separator) return 1;
  if (separator != ' ') return 0;
  const std::string_view rest = text.substr(pos);
  if (rest.substr(0, 2) == "\u00A0") return 2;
  if (rest.substr(0, 3) == "\u202F") return 3;
  return 0;
}

std::size_t digit_run_end(std::string_view text, std::size_t pos) noexcept {
  while (pos < text.size() && is_ascii_digit(text[pos])) ++pos;
  return pos;
}

// The number without its currency mark and surrounding whitespace, and whether a minus sign
// stood before a leading mark; false when the text cannot be a number.
bool strip_currency_mark(std::string_view value, std::string_view &number,
                         bool &sign_before_mark) noexcept {
  number = trimmed(value);
  sign_before_mark = false;
  if (number.size() > 1 && number.front() == '-' &&
      currency_mark_length(number.substr(1), false) != 0) {
    sign_before_mark = true;
    number.remove_prefix(1);
  }
  if (const std::size_t leading = currency_mark_length(number, false); leading != 0) {
    number = trimmed(number.substr(leading));
  } else if (const std::size_t trailing = currency_mark_length(number, true); trailing != 0) {
    number = trimmed(number.substr(0, number.size() - trailing));
  }
  return !number.empty();
}

}  // namespace

ParseDecimalResult parse_decimal(std::string_view value, NumberFormat format, std::string &out) {
  const char decimal = format.decimal_separator;
  const char thousands = format.thousands_separator;
  if (decimal == thousands) return ParseDecimalResult::kInvalid;
  std::string_view number;
  bool negative;
  if (!strip_currency_mark(value, number, negative)) return ParseDecimalResult::kInvalid;
  if (number.front() == '-') {
    if (negative) return ParseDecimalResult::kInvalid;
    negative = true;
    number.remove_prefix(1);
  }

  out.clear();
  if (negative) out += '-';
  const std::size_t digits_start = out.size();
  bool all_zero = true;
  // Appends digits [begin, end) of `number`, dropping the integer part's leading zeros.
  const auto append_digits = [&](std::size_t begin, std::size_t end, bool integer_part) {
    for (std::size_t i = begin; i < end; ++i) {
      const char digit = number[i];
      all_zero = all_zero && digit == '0';
      if (!(integer_part && digit == '0' && out.size() == digits_start)) out += digit;
    }
  };

  // Integer part: a first run of digits, then, when it is 1 to 3 digits long, groups of a
  // separator and exactly three digits.
  std::size_t pos = digit_run_end(number, 0);
  if (pos == 0) return ParseDecimalResult::kInvalid;
  append_digits(0, pos, true);
  if (pos <= 3) {
    while (const std::size_t separator = thousands_separator_length(number, pos, thousands)) {
      const std::size_t group_end = digit_run_end(number, pos + separator);
      if (group_end - (pos + separator) != 3) return ParseDecimalResult::kInvalid;
      append_digits(pos + separator, group_end, true);
      pos = group_end;
    }
  }
  if (out.size() == digits_start) out += '0';

  if (pos < number.size() && number[pos] == decimal) {
    const std::size_t fraction_end = digit_run_end(number, pos + 1);
    if (fraction_end == pos + 1) return ParseDecimalResult::kInvalid;
    out += '.';
    append_digits(pos + 1, fraction_end, false);
    pos = fraction_end;
  }
  if (pos != number.size()) return ParseDecimalResult::kInvalid;

  if (negative && all_zero) out.erase(0, 1);  // never "-0"
  return out == value ? ParseDecimalResult::kUnchanged : ParseDecimalResult::kChanged;
}

}  // namespace smart_rules::text
