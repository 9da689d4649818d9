// UTF-8 basics the compiler and runtime share: validation and code point counting.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace smart_rules::text {

// True when `value` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF, no
// truncated sequence, no stray continuation byte).
bool valid_utf8(std::string_view value) noexcept;

// Number of code points in well-formed UTF-8 (on other input: the bytes that are not
// continuation bytes).
std::size_t code_point_count(std::string_view value) noexcept;

// Decodes the code point starting at `pos` of well-formed UTF-8 and advances `pos`.
// Never reads out of bounds: at a malformed sequence it returns U+FFFD and advances one byte;
// at or past the end it returns U+FFFD and leaves `pos` unchanged.
char32_t next_code_point(std::string_view value, std::size_t &pos) noexcept;

// Unicode White_Space (includes U+00A0, U+2000..U+200A, U+3000, ...), exactly: U+0009..U+000D,
// U+0020, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
// U+200B ZERO WIDTH SPACE and U+FEFF are not White_Space.
bool is_unicode_whitespace(char32_t c) noexcept;

}  // namespace smart_rules::text
