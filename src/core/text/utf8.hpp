// UTF-8 basics the compiler and runtime share: validation and code point counting.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace smart_rules::text {

// True when `value` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool valid_utf8(std::string_view value) noexcept;

// Number of code points in well-formed UTF-8.
std::size_t code_point_count(std::string_view value) noexcept;

// Decodes the code point starting at `pos` of well-formed UTF-8 and advances `pos`.
char32_t next_code_point(std::string_view value, std::size_t &pos) noexcept;

// Unicode White_Space (includes U+00A0, U+2000..U+200A, U+3000, ...).
bool is_unicode_whitespace(char32_t c) noexcept;

}  // namespace smart_rules::text
