// The parse_decimal action (RULES.md): a number written with currency marks, thousands
// separators and a decimal comma or point, turned into the plain decimal grammar.
#pragma once

#include <string>
#include <string_view>

namespace smart_rules::text {

struct NumberFormat {
  char decimal_separator = '.';     // ',' or '.'
  char thousands_separator = '\0';  // '.', ',', ' ' or '\0' for none; differs from the decimal one
};

enum class ParseDecimalResult {
  kInvalid,    // not a number in this format: `out` unspecified
  kUnchanged,  // the value already is its canonical form
  kChanged,    // `out` holds the canonical form
};

// Parses `value` (well-formed UTF-8, not pointing into `out`):
// 1. Trims Unicode whitespace, then drops at most one currency mark, at the start or at the end,
//    with the whitespace between it and the number: R$, US$, $, €, BRL, USD, their ASCII
//    letters in any case ("r$", "brl", "Usd"). A minus sign may also precede a leading mark
//    ("-R$ 5,00" is "R$ -5,00"), but not appear twice.
// 2. Accepts -?D{1,3}(T D{3})*(S D+)? or -?D+(S D+)? with D an ASCII digit, S the decimal and T
//    the thousands separator; for ' ' any of U+0020, U+00A0 and U+202F (the no-break spaces
//    spreadsheets and CLDR locales write) is a thousands separator. No other character,
//    no '+', no exponent: "12.5" with decimal ',' and thousands '.' is invalid (one digit after
//    a '.' is neither a group nor a decimal part), as are "1.23.4" and "R$".
// 3. Yields the canonical form: '-' only when the number is not zero, no leading zeros, no
//    grouping, '.' as the decimal point, the fractional digits as written ("R$ 1.234,50" ->
//    "1234.50", "-0,00" -> "0.00").
// Equal separators (which the compiler rejects) make every value invalid.
ParseDecimalResult parse_decimal(std::string_view value, NumberFormat format, std::string &out);

}  // namespace smart_rules::text
