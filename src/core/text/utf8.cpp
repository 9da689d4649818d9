// UTF-8 basics shared by the compiler and the runtime: strict validation (the well-formed byte
// sequences of Unicode Table 3-7), code point counting and decoding, and the White_Space
// property. ASCII, the common case in catalog data, takes the fast paths.
#include "text/utf8.hpp"

#include <cstring>

namespace smart_rules::text {
namespace {

constexpr char32_t kReplacementCharacter = 0xFFFD;

bool is_ascii(unsigned char byte) noexcept { return byte < 0x80; }

// A decoded sequence: its code point and its length in bytes (0 when the bytes are malformed).
struct DecodedSequence {
  char32_t code_point;
  std::size_t length;
};

// Decodes the multi-byte sequence at `bytes` (its lead byte is not ASCII), `available` bytes
// long at most. Only the shortest forms of U+0080..U+D7FF and U+E000..U+10FFFF are accepted:
// the range allowed for the second byte depends on the lead byte, which excludes overlongs,
// surrogates and code points past U+10FFFF without decoding first.
DecodedSequence decode_multibyte(const unsigned char *bytes, std::size_t available) noexcept {
  constexpr DecodedSequence kMalformed{kReplacementCharacter, 0};
  const unsigned char lead = bytes[0];
  std::size_t length;
  char32_t code_point;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead < 0xC2) {  // a continuation byte, or C0/C1 (always overlong)
    return kMalformed;
  } else if (lead < 0xE0) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead < 0xF0) {
    length = 3;
    code_point = lead & 0x0F;
    if (lead == 0xE0) second_min = 0xA0;  // below: overlong
    if (lead == 0xED) second_max = 0x9F;  // above: surrogates
  } else if (lead < 0xF5) {
    length = 4;
    code_point = lead & 0x07;
    if (lead == 0xF0) second_min = 0x90;  // below: overlong
    if (lead == 0xF4) second_max = 0x8F;  // above: past U+10FFFF
  } else {
    return kMalformed;
  }
  if (available < length || bytes[1] < second_min || bytes[1] > second_max) return kMalformed;
  code_point = (code_point << 6) | (bytes[1] & 0x3F);
  for (std::size_t i = 2; i < length; ++i) {
    if ((bytes[i] & 0xC0) != 0x80) return kMalformed;
    code_point = (code_point << 6) | (bytes[i] & 0x3F);
  }
  return {code_point, length};
}

// Length of the run of ASCII bytes at the start of `bytes`, checked eight bytes at a time.
std::size_t ascii_prefix_length(const unsigned char *bytes, std::size_t size) noexcept {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  std::size_t pos = 0;
  for (; pos + sizeof(std::uint64_t) <= size; pos += sizeof(std::uint64_t)) {
    std::uint64_t word;
    std::memcpy(&word, bytes + pos, sizeof word);
    if ((word & kHighBits) != 0) break;
  }
  while (pos < size && is_ascii(bytes[pos])) ++pos;
  return pos;
}

const unsigned char *as_bytes(std::string_view value) noexcept {
  return reinterpret_cast<const unsigned char *>(value.data());
}

}  // namespace

bool valid_utf8(std::string_view value) noexcept {
  const unsigned char *bytes = as_bytes(value);
  const std::size_t size = value.size();
  std::size_t pos = 0;
  while (pos < size) {
    pos += ascii_prefix_length(bytes + pos, size - pos);
    if (pos == size) break;
    const std::size_t length = decode_multibyte(bytes + pos, size - pos).length;
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

std::size_t code_point_count(std::string_view value) noexcept {
  // Every byte but a continuation byte (10xxxxxx) starts a code point.
  std::size_t count = 0;
  for (char byte : value) count += (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
  return count;
}

char32_t next_code_point(std::string_view value, std::size_t &pos) noexcept {
  if (pos >= value.size()) return kReplacementCharacter;
  const unsigned char *bytes = as_bytes(value) + pos;
  if (is_ascii(bytes[0])) {
    ++pos;
    return bytes[0];
  }
  const DecodedSequence decoded = decode_multibyte(bytes, value.size() - pos);
  pos += decoded.length == 0 ? 1 : decoded.length;
  return decoded.code_point;
}

bool is_unicode_whitespace(char32_t c) noexcept {
  if (c < 0x80) return c == 0x20 || (c >= 0x09 && c <= 0x0D);
  if (c < 0x1680) return c == 0x85 || c == 0xA0;
  return c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

}  // namespace smart_rules::text
