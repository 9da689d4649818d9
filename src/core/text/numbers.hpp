// The plain decimal grammar of RULES.md (`-?digits(.digits)?`), shared by the compiler (number
// literals, clamp bounds) and the runtime (comparisons, round, clamp).
#pragma once

#include <string>
#include <string_view>

namespace smart_rules::text {

// True when `value` (not trimmed) is `-?digits(.digits)?`.
bool is_plain_decimal(std::string_view value) noexcept;

// The canonical form of a plain decimal: no leading zeros in the integer part (but at least one
// digit), no "-0"; the fractional digits are kept as written ("-007.50" -> "-7.50", "-0.00" ->
// "0.00"). Requires is_plain_decimal(value); any other value is returned unchanged.
std::string canonical_decimal(std::string_view value);

// Compares two plain decimals numerically, exactly and whatever their length ("1.10" == "1.1",
// "-0" == "0.000"): -1, 0 or 1. Requires is_plain_decimal of both (others give an unspecified
// result, without undefined behaviour).
int compare_decimals(std::string_view a, std::string_view b) noexcept;

}  // namespace smart_rules::text
