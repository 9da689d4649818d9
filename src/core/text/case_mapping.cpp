// Case transforms and predicates (lower, upper, title_case, is_all_caps) and the case folding
// of case-insensitive matching: per code point, ASCII by table-free arithmetic, everything else
// through utf8proc's simple mappings and general categories.
#include <utf8proc.h>

#include "text/transform_support.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

using detail::byte_at;
using detail::EditBuffer;
using detail::is_ascii;

namespace {

bool is_ascii_upper(unsigned char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_ascii_lower(unsigned char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_ascii_digit(unsigned char c) noexcept { return c >= '0' && c <= '9'; }
unsigned char ascii_to_lower(unsigned char c) noexcept {
  return is_ascii_upper(c) ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}
unsigned char ascii_to_upper(unsigned char c) noexcept {
  return is_ascii_lower(c) ? static_cast<unsigned char>(c - ('a' - 'A')) : c;
}

utf8proc_category_t category_of(char32_t c) noexcept {
  return utf8proc_category(static_cast<utf8proc_int32_t>(c));
}

bool is_letter_category(utf8proc_category_t category) noexcept {
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}

// A word character of title_case: general category L* or N*.
bool is_letter_or_digit(char32_t c) noexcept {
  if (c < 0x80) {
    const auto byte = static_cast<unsigned char>(c);
    return is_ascii_upper(byte) || is_ascii_lower(byte) || is_ascii_digit(byte);
  }
  const utf8proc_category_t category = category_of(c);
  return is_letter_category(category) ||
         (category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO);
}

char32_t simple_lower(char32_t c) noexcept {
  return static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c)));
}
char32_t simple_upper(char32_t c) noexcept {
  return static_cast<char32_t>(utf8proc_toupper(static_cast<utf8proc_int32_t>(c)));
}
char32_t simple_title(char32_t c) noexcept {
  return static_cast<char32_t>(utf8proc_totitle(static_cast<utf8proc_int32_t>(c)));
}

// Replaces every code point c of `value` by map(c), called once per code point in order (so a
// stateful map sees the text left to right). ASCII code points are passed without decoding.
template <typename CodePointMap>
bool map_code_points(std::string_view value, std::string &out, CodePointMap map) {
  EditBuffer edit(value, out);
  std::size_t pos = 0;
  while (pos < value.size()) {
    const std::size_t start = pos;
    const unsigned char byte = byte_at(value, pos);
    const char32_t c = is_ascii(byte) ? (++pos, char32_t{byte}) : next_code_point(value, pos);
    const char32_t mapped = map(c);
    if (mapped != c) {
      edit.keep_until(start);
      edit.replace_with_code_point(pos, mapped);
    }
  }
  return edit.finish();
}

}  // namespace

bool lower(std::string_view value, std::string &out) {
  return map_code_points(value, out, [](char32_t c) {
    return c < 0x80 ? char32_t{ascii_to_lower(static_cast<unsigned char>(c))} : simple_lower(c);
  });
}

bool upper(std::string_view value, std::string &out) {
  return map_code_points(value, out, [](char32_t c) {
    return c < 0x80 ? char32_t{ascii_to_upper(static_cast<unsigned char>(c))} : simple_upper(c);
  });
}

bool title_case(std::string_view value, std::string &out) {
  bool in_word = false;
  return map_code_points(value, out, [&in_word](char32_t c) {
    const bool word_character = is_letter_or_digit(c);
    const bool first_of_word = word_character && !in_word;
    in_word = word_character;
    if (!word_character) return c;
    if (c < 0x80) {
      const auto byte = static_cast<unsigned char>(c);
      return char32_t{first_of_word ? ascii_to_upper(byte) : ascii_to_lower(byte)};
    }
    return first_of_word ? simple_title(c) : simple_lower(c);
  });
}

bool is_all_caps(std::string_view value) noexcept {
  bool has_letter = false;
  std::size_t pos = 0;
  while (pos < value.size()) {
    const unsigned char byte = byte_at(value, pos);
    if (is_ascii(byte)) {
      ++pos;
      if (is_ascii_lower(byte)) return false;
      has_letter = has_letter || is_ascii_upper(byte);
      continue;
    }
    const utf8proc_category_t category = category_of(next_code_point(value, pos));
    if (category == UTF8PROC_CATEGORY_LL) return false;
    has_letter = has_letter || is_letter_category(category);
  }
  return has_letter;
}

char32_t fold_case(char32_t c) noexcept {
  if (c < 0x80) return ascii_to_lower(static_cast<unsigned char>(c));
  // With only UTF8PROC_CASEFOLD, utf8proc_decompose_char writes the full case folding (at most
  // three code points) and returns its length.
  utf8proc_int32_t folded[4];
  const utf8proc_ssize_t length = utf8proc_decompose_char(
      static_cast<utf8proc_int32_t>(c), folded, 4, UTF8PROC_CASEFOLD, nullptr);
  if (length == 1) return static_cast<char32_t>(folded[0]);
  return simple_lower(c);
}

void append_case_folded(std::string_view value, std::string &out) {
  std::size_t pos = 0;
  while (pos < value.size()) {
    const unsigned char byte = byte_at(value, pos);
    if (is_ascii(byte)) {
      out += static_cast<char>(ascii_to_lower(byte));
      ++pos;
    } else {
      detail::append_utf8(out, fold_case(next_code_point(value, pos)));
    }
  }
}

}  // namespace smart_rules::text
