// Case transforms and predicates (lower, upper, title_case, is_all_caps) and the case folding
// of case-insensitive matching. An ASCII-only value goes through byte tables; otherwise each
// code point is mapped, ASCII ones by the same tables, the others through utf8proc's simple
// mappings and general categories.
#include <utf8proc.h>

#include <cstring>

#include "text/transform_support.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

using detail::byte_at;
using detail::is_ascii;

namespace {

constexpr bool is_ascii_upper(unsigned char c) noexcept { return c >= 'A' && c <= 'Z'; }
constexpr bool is_ascii_lower(unsigned char c) noexcept { return c >= 'a' && c <= 'z'; }
constexpr bool is_ascii_digit(unsigned char c) noexcept { return c >= '0' && c <= '9'; }

struct AsciiCaseTables {
  unsigned char lower[128];
  unsigned char upper[128];
  bool word[128];  // letters and digits: the word characters of title_case
};

constexpr AsciiCaseTables make_ascii_case_tables() noexcept {
  AsciiCaseTables tables{};
  for (int i = 0; i < 128; ++i) {
    const auto c = static_cast<unsigned char>(i);
    tables.lower[i] = detail::ascii_lower(c);
    tables.upper[i] = is_ascii_lower(c) ? static_cast<unsigned char>(c - ('a' - 'A')) : c;
    tables.word[i] = is_ascii_upper(c) || is_ascii_lower(c) || is_ascii_digit(c);
  }
  return tables;
}

constexpr AsciiCaseTables kAscii = make_ascii_case_tables();

utf8proc_category_t category_of(char32_t c) noexcept {
  return utf8proc_category(static_cast<utf8proc_int32_t>(c));
}

bool is_letter_category(utf8proc_category_t category) noexcept {
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}

// A word character of title_case: general category L* or N*.
bool is_letter_or_digit(char32_t c) noexcept {
  if (c < 0x80) return kAscii.word[c];
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

// Replaces every code point of `value` by its mapping, left to right (so stateful mappings see
// the text in order): `map.ascii(byte)` for ASCII bytes, `map.other(c)` for other code points.
// Every byte is written, through an index into `out` (cheaper than tracking where the first
// change is, for titles and descriptions), and `out` keeps room for the rest of the input plus
// 4 bytes, growing when a mapping lengthens a code point ('ɐ' -> 'Ɐ').
template <typename CaseMap>
bool map_code_points(std::string_view value, std::string &out, CaseMap map) {
  // `map` is a local copy and `dest` a local pointer: char stores may alias anything, and would
  // otherwise force the map's state and out's buffer pointer to be reloaded after every byte.
  out.resize(value.size() + value.size() / 2 + 4);
  char *dest = out.data();
  std::size_t written = 0;
  bool changed = false;
  std::size_t pos = 0;
  while (pos < value.size()) {
    const unsigned char byte = byte_at(value, pos);
    if (is_ascii(byte)) {
      const unsigned char mapped = map.ascii(byte);
      dest[written++] = static_cast<char>(mapped);
      changed |= mapped != byte;
      ++pos;
      continue;
    }
    const std::size_t start = pos;
    const char32_t c = detail::decode_at(value, pos);
    const char32_t mapped = map.other(c);
    if (mapped == c) {
      std::memcpy(dest + written, value.data() + start, pos - start);
      written += pos - start;
    } else {
      written += detail::encode_utf8(mapped, dest + written);
      changed = true;
    }
    const std::size_t needed = written + (value.size() - pos) + 4;
    if (out.size() < needed) {
      out.resize(needed + value.size() / 2);
      dest = out.data();
    }
  }
  out.resize(written);
  return changed;
}

struct LowerMap {
  unsigned char ascii(unsigned char c) const noexcept { return kAscii.lower[c]; }
  char32_t other(char32_t c) const noexcept { return simple_lower(c); }
};

struct UpperMap {
  unsigned char ascii(unsigned char c) const noexcept { return kAscii.upper[c]; }
  char32_t other(char32_t c) const noexcept { return simple_upper(c); }
};

// title_case: the first word character (L*, N*) after a non-word character takes its title case,
// the next ones their lower case.
struct TitleMap {
  bool in_word = false;

  unsigned char ascii(unsigned char c) noexcept {
    const unsigned char mapped = in_word ? kAscii.lower[c] : kAscii.upper[c];
    in_word = kAscii.word[c];
    return mapped;
  }
  char32_t other(char32_t c) noexcept {
    const bool first_of_word = !in_word;
    in_word = is_letter_or_digit(c);
    if (!in_word) return c;
    return first_of_word ? simple_title(c) : simple_lower(c);
  }
};

// lower or upper of an ASCII-only value through `table`; nothing is written when nothing
// changes.
bool map_ascii_bytes(std::string_view value, std::string &out, const unsigned char (&table)[128]) {
  std::size_t i = 0;
  while (i < value.size() && table[byte_at(value, i)] == byte_at(value, i)) ++i;
  if (i == value.size()) return false;
  out.assign(value.data(), value.size());
  for (; i < out.size(); ++i) out[i] = static_cast<char>(table[static_cast<unsigned char>(out[i])]);
  return true;
}

}  // namespace

bool lower(std::string_view value, std::string &out) {
  if (detail::is_ascii_text(value)) return map_ascii_bytes(value, out, kAscii.lower);
  return map_code_points(value, out, LowerMap{});
}

bool upper(std::string_view value, std::string &out) {
  if (detail::is_ascii_text(value)) return map_ascii_bytes(value, out, kAscii.upper);
  return map_code_points(value, out, UpperMap{});
}

bool title_case(std::string_view value, std::string &out) {
  return map_code_points(value, out, TitleMap{});
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
    const utf8proc_category_t category = category_of(detail::decode_at(value, pos));
    if (category == UTF8PROC_CATEGORY_LL) return false;
    has_letter = has_letter || is_letter_category(category);
  }
  return has_letter;
}

char32_t fold_case(char32_t c) noexcept {
  if (c < 0x80) return kAscii.lower[c];
  // With only UTF8PROC_CASEFOLD, utf8proc_decompose_char writes the full case folding (at most
  // three code points) and returns its length.
  utf8proc_int32_t folded[4];
  const utf8proc_ssize_t length = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), folded,
                                                          4, UTF8PROC_CASEFOLD, nullptr);
  if (length == 1) return static_cast<char32_t>(folded[0]);
  return simple_lower(c);
}

void append_case_folded(std::string_view value, std::string &out) {
  std::size_t pos = 0;
  while (pos < value.size()) {
    const unsigned char byte = byte_at(value, pos);
    if (is_ascii(byte)) {
      out += static_cast<char>(kAscii.lower[byte]);
      ++pos;
    } else {
      detail::append_utf8(out, fold_case(detail::decode_at(value, pos)));
    }
  }
}

}  // namespace smart_rules::text
