// The strip_html transform: one left-to-right pass that replaces tags by a space and decodes
// the character references RULES.md lists; everything else is copied only once something
// changed. See transforms.hpp for what counts as a tag and as a reference.
#include <array>

#include "text/transform_support.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

namespace {

constexpr char32_t kNoBreakSpace = 0xA0;
constexpr char32_t kBeyondUnicode = 0x110000;

bool is_ascii_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// True when the '<' at `pos` opens a tag: it is followed by a letter, '/', '!' or '?'.
bool opens_tag(std::string_view value, std::size_t pos) noexcept {
  if (pos + 1 >= value.size()) return false;
  const char next = value[pos + 1];
  return is_ascii_letter(next) || next == '/' || next == '!' || next == '?';
}

struct NamedReference {
  std::string_view name;  // without '&', with ';'
  char32_t code_point;
};

constexpr std::array<NamedReference, 6> kNamedReferences{{
    {"amp;", '&'},
    {"lt;", '<'},
    {"gt;", '>'},
    {"quot;", '"'},
    {"apos;", '\''},
    {"nbsp;", kNoBreakSpace},
}};

// The value of hexadecimal digit `c`, or -1.
int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the numeric reference whose digits start at `pos` (after "&#"): "DDD;" or "xHHH;" /
// "XHHH;". True with the code point and the offset after ';' when it is well formed and names a
// Unicode scalar value other than U+0000.
bool decode_numeric_reference(std::string_view value, std::size_t pos, char32_t &decoded,
                              std::size_t &end) noexcept {
  int base = 10;
  if (pos < value.size() && (value[pos] == 'x' || value[pos] == 'X')) {
    base = 16;
    ++pos;
  }
  const std::size_t digits_start = pos;
  char32_t code_point = 0;
  for (; pos < value.size(); ++pos) {
    const int digit = hex_digit_value(value[pos]);
    if (digit < 0 || digit >= base) break;
    // Saturates past the Unicode range so that any number of digits is safe.
    code_point = code_point >= kBeyondUnicode ? kBeyondUnicode
                                              : code_point * base + static_cast<char32_t>(digit);
  }
  if (pos == digits_start || pos >= value.size() || value[pos] != ';') return false;
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point == 0 || surrogate || code_point >= kBeyondUnicode) return false;
  decoded = code_point;
  end = pos + 1;
  return true;
}

// Decodes the character reference at `pos` (an '&'): true with its code point and the offset
// after its ';', false when the text there is not a reference this transform decodes.
bool decode_reference(std::string_view value, std::size_t pos, char32_t &decoded,
                      std::size_t &end) noexcept {
  const std::string_view rest = value.substr(pos + 1);
  if (!rest.empty() && rest.front() == '#') {
    return decode_numeric_reference(value, pos + 2, decoded, end);
  }
  for (const NamedReference &reference : kNamedReferences) {
    if (rest.substr(0, reference.name.size()) == reference.name) {
      decoded = reference.code_point;
      end = pos + 1 + reference.name.size();
      return true;
    }
  }
  return false;
}

}  // namespace

bool strip_html(std::string_view value, std::string &out) {
  detail::EditBuffer edit(value, out);
  bool closing_bracket_ahead = true;  // false once a '<' found no '>' after it
  std::size_t pos = 0;
  while (pos < value.size()) {
    // Words of eight bytes without '<' or '&' are kept whole.
    if (pos + detail::word::kSize <= value.size()) {
      const std::uint64_t bytes = detail::word::load(value, pos);
      if ((detail::word::bytes_equal(bytes, '<') | detail::word::bytes_equal(bytes, '&')) == 0) {
        pos += detail::word::kSize;
        continue;
      }
    }
    const char c = value[pos];
    if (c == '<' && closing_bracket_ahead && opens_tag(value, pos)) {
      const std::size_t close = value.find('>', pos + 2);
      if (close == std::string_view::npos) {
        closing_bracket_ahead = false;
      } else {
        edit.keep_until(pos);
        edit.replace_until(close + 1, " ");
        pos = close + 1;
        continue;
      }
    } else if (c == '&') {
      char32_t decoded;
      std::size_t end;
      if (decode_reference(value, pos, decoded, end)) {
        edit.keep_until(pos);
        edit.replace_with_code_point(end, decoded);
        pos = end;
        continue;
      }
    }
    ++pos;
  }
  return edit.finish();
}

}  // namespace smart_rules::text
