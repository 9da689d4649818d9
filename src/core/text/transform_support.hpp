// Internal helpers shared by the text transforms (transforms.hpp): the lazily-copying output
// buffer that makes unchanged values free, UTF-8 encoding, code point stepping over input that
// is known to be well-formed UTF-8, and eight-bytes-at-a-time scanning. Not part of the
// transforms' interface.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "text/utf8.hpp"

namespace smart_rules::text::detail {

constexpr bool is_ascii(unsigned char byte) noexcept { return byte < 0x80; }

constexpr unsigned char ascii_lower(unsigned char byte) noexcept {
  return (byte >= 'A' && byte <= 'Z') ? static_cast<unsigned char>(byte + ('a' - 'A')) : byte;
}

// ASCII White_Space: tab, line feed, vertical tab, form feed, carriage return, space.
constexpr bool is_ascii_whitespace(unsigned char byte) noexcept {
  return byte == ' ' || (byte >= 0x09 && byte <= 0x0D);
}

// Byte length of the UTF-8 sequence that starts with `lead` (a lead byte of well-formed UTF-8).
inline std::size_t sequence_length(unsigned char lead) noexcept {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

inline unsigned char byte_at(std::string_view value, std::size_t pos) noexcept {
  return static_cast<unsigned char>(value[pos]);
}

// Eight bytes at a time ("SIMD within a register"): each function returns a word whose byte i
// has its high bit set exactly when byte i of `word` has the property, and is zero elsewhere.
// The arithmetic never carries from one byte into the next, so the masks are exact.
namespace word {

constexpr std::size_t kSize = sizeof(std::uint64_t);
constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
constexpr std::uint64_t kLowBits = ~kHighBits;

// The eight bytes of `value` from `pos` (pos + 8 <= value.size()), first byte lowest.
inline std::uint64_t load(std::string_view value, std::size_t pos) noexcept {
  std::uint64_t word;
  std::memcpy(&word, value.data() + pos, sizeof word);
  return word;
}

constexpr std::uint64_t zero_bytes(std::uint64_t word) noexcept {
  return ~(((word & kLowBits) + kLowBits) | word | kLowBits);
}

constexpr std::uint64_t bytes_equal(std::uint64_t word, unsigned char byte) noexcept {
  return zero_bytes(word ^ (kOnes * byte));
}

// Bytes below `limit` (at most 0x80): ORing in the high bit makes every byte at least `limit`,
// so the subtraction borrows from no neighbour.
constexpr std::uint64_t bytes_below(std::uint64_t word, unsigned char limit) noexcept {
  return ~((word | kHighBits) - kOnes * limit) & ~word & kHighBits;
}

// Bytes that may belong to whitespace: ASCII whitespace (and the other control bytes) below
// 0x21, and the lead bytes 0xC2, 0xE1, 0xE2, 0xE3 of non-ASCII White_Space. With
// `allow_space`, the ASCII space itself is not included.
constexpr std::uint64_t maybe_whitespace_bytes(std::uint64_t word, bool allow_space) noexcept {
  return bytes_below(word, allow_space ? 0x20 : 0x21) | bytes_equal(word, 0xC2) |
         bytes_equal(word, 0xE1) | bytes_equal(word, 0xE2) | bytes_equal(word, 0xE3);
}

}  // namespace word

// True when every byte of `value` is ASCII, checked eight bytes at a time.
inline bool is_ascii_text(std::string_view value) noexcept {
  std::uint64_t high_bits = 0;
  std::size_t pos = 0;
  for (; pos + word::kSize <= value.size(); pos += word::kSize) high_bits |= word::load(value, pos);
  for (; pos < value.size(); ++pos) high_bits |= byte_at(value, pos);
  return (high_bits & word::kHighBits) == 0;
}

// Whether a byte can be part of whitespace, for scans that look for whitespace byte by byte.
enum class SpaceClass : unsigned char {
  kNever,       // ASCII non-whitespace, continuation bytes, lead bytes no whitespace starts with
  kAsciiSpace,  // ASCII whitespace
  kMaybeLead,   // 0xC2, 0xE1, 0xE2, 0xE3: the lead bytes of every non-ASCII White_Space
};

struct SpaceClassTable {
  SpaceClass of[256];
};

constexpr SpaceClassTable make_space_class_table() noexcept {
  SpaceClassTable table{};
  for (int byte = 0; byte < 256; ++byte) {
    const auto b = static_cast<unsigned char>(byte);
    table.of[byte] = is_ascii_whitespace(b)                    ? SpaceClass::kAsciiSpace
                     : (b == 0xC2 || (b >= 0xE1 && b <= 0xE3)) ? SpaceClass::kMaybeLead
                                                               : SpaceClass::kNever;
  }
  return table;
}

inline constexpr SpaceClassTable kSpaceClass = make_space_class_table();

// Byte length of the whitespace code point at `pos` (< value.size()), or 0 when the code point
// there is not whitespace. Only lead bytes of class kMaybeLead are decoded.
inline std::size_t whitespace_length_at(std::string_view value, std::size_t pos) noexcept {
  switch (kSpaceClass.of[byte_at(value, pos)]) {
    case SpaceClass::kNever:
      return 0;
    case SpaceClass::kAsciiSpace:
      return 1;
    case SpaceClass::kMaybeLead:
      break;
  }
  std::size_t next = pos;
  return is_unicode_whitespace(next_code_point(value, next)) ? next - pos : 0;
}

// Byte offset of the first whitespace code point at or after `pos`, or the end. Words without a
// byte that may belong to whitespace are skipped whole; then bytes of class kNever one at a time
// without decoding (a continuation byte never starts whitespace, so `pos` may even be inside a
// sequence).
inline std::size_t find_whitespace(std::string_view value, std::size_t pos) noexcept {
  while (pos + word::kSize <= value.size() &&
         word::maybe_whitespace_bytes(word::load(value, pos), false) == 0) {
    pos += word::kSize;
  }
  for (;;) {
    while (pos < value.size() && kSpaceClass.of[byte_at(value, pos)] == SpaceClass::kNever) ++pos;
    if (pos == value.size() || whitespace_length_at(value, pos) != 0) return pos;
    ++pos;  // a kMaybeLead byte that starts something else
  }
}

// Byte offset of the first code point at or after `pos` that is not whitespace, or the end.
inline std::size_t skip_whitespace(std::string_view value, std::size_t pos) noexcept {
  while (pos < value.size()) {
    const std::size_t length = whitespace_length_at(value, pos);
    if (length == 0) break;
    pos += length;
  }
  return pos;
}

// Finds the first run of whitespace at or after `pos` that collapse_whitespace must replace
// (any run but a lone ASCII space); `pos` is not inside a run. Words of eight bytes whose only
// whitespace is lone ASCII spaces are skipped whole: a clean description costs about one step
// per eight bytes and no edit per word.
inline bool find_run_to_collapse(std::string_view value, std::size_t pos, std::size_t &run_start,
                                 std::size_t &run_end) noexcept {
  for (;;) {
    while (pos + word::kSize <= value.size()) {
      const std::uint64_t bytes = word::load(value, pos);
      if (word::maybe_whitespace_bytes(bytes, true) != 0) break;
      const std::uint64_t spaces = word::bytes_equal(bytes, ' ');
      if ((spaces & (spaces << 8)) != 0) break;  // two adjacent spaces
      const bool ends_with_space = (spaces >> 63) != 0;
      const std::size_t next = pos + word::kSize;
      // A space at the end must not start a longer run: then the bytes are scanned from here.
      if (ends_with_space && next < value.size() && whitespace_length_at(value, next) != 0) break;
      pos = next;
    }
    run_start = find_whitespace(value, pos);
    if (run_start == value.size()) return false;
    run_end = skip_whitespace(value, run_start);
    if (run_end != run_start + 1 || value[run_start] != ' ') return true;
    pos = run_end;
  }
}

// The byte offset where the code point that ends at `end` (> 0) starts.
inline std::size_t previous_code_point_start(std::string_view value, std::size_t end) noexcept {
  std::size_t start = end - 1;
  while (start > 0 && (byte_at(value, start) & 0xC0) == 0x80) --start;
  return start;
}

// Writes the UTF-8 encoding of the scalar value `c` at `dest` (room for 4 bytes); returns its
// length.
inline std::size_t encode_utf8(char32_t c, char *dest) noexcept {
  if (c < 0x80) {
    dest[0] = static_cast<char>(c);
    return 1;
  }
  std::size_t length;
  if (c < 0x800) {
    dest[0] = static_cast<char>(0xC0 | (c >> 6));
    length = 2;
  } else if (c < 0x10000) {
    dest[0] = static_cast<char>(0xE0 | (c >> 12));
    dest[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    length = 3;
  } else {
    dest[0] = static_cast<char>(0xF0 | (c >> 18));
    dest[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    dest[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    length = 4;
  }
  dest[length - 1] = static_cast<char>(0x80 | (c & 0x3F));
  return length;
}

// Appends the UTF-8 encoding of the scalar value `c`.
inline void append_utf8(std::string &out, char32_t c) {
  char bytes[4];
  out.append(bytes, encode_utf8(c, bytes));
}

// Decodes the code point at `pos` of well-formed UTF-8 and advances `pos`; ASCII inline. The
// out-of-line decoder gets a copy of `pos`, so that the caller's position never has its address
// taken and can stay in a register.
inline char32_t decode_at(std::string_view value, std::size_t &pos) noexcept {
  const unsigned char byte = byte_at(value, pos);
  if (is_ascii(byte)) {
    ++pos;
    return byte;
  }
  std::size_t next = pos;
  const char32_t c = next_code_point(value, next);
  pos = next;
  return c;
}

// Builds a transform's result as a sequence of edits over its input, read left to right. Until
// the first real edit nothing is copied (the result so far is the input's prefix); the first
// edit copies that prefix into `out` once, later kept input is appended. So a transform that
// changes nothing never writes, and finish() says whether anything changed.
class EditBuffer {
 public:
  EditBuffer(std::string_view input, std::string &out) noexcept : input_(input), out_(out) {}

  // The input up to byte `pos` (>= the current position) is kept.
  void keep_until(std::size_t pos) {
    if (editing_) out_.append(input_.data() + position_, pos - position_);
    position_ = pos;
  }

  // The input from the current position up to byte `pos` is replaced by `replacement` (an
  // insertion when `pos` is the current position, a deletion when `replacement` is empty).
  // Replacing bytes by the same bytes is not an edit.
  void replace_until(std::size_t pos, std::string_view replacement) {
    if (!editing_) {
      if (same_as_input(pos, replacement)) {
        position_ = pos;
        return;
      }
      start_editing();
    }
    out_.append(replacement);
    position_ = pos;
  }

  // Replaces the input from the current position up to `pos` by the code point `c`; the caller
  // has checked that this is an edit (c differs from the code point it replaces).
  void replace_with_code_point(std::size_t pos, char32_t c) {
    start_editing();
    append_utf8(out_, c);
    position_ = pos;
  }

  // Keeps the rest of the input; true when the result differs from the input.
  bool finish() {
    keep_until(input_.size());
    return editing_;
  }

 private:
  // True when the input from the current position up to `pos` is `text`. A byte loop: the texts
  // compared are a few bytes long, where a memcmp call costs more than the comparison.
  bool same_as_input(std::size_t pos, std::string_view text) const noexcept {
    if (pos - position_ != text.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (input_[position_ + i] != text[i]) return false;
    }
    return true;
  }

  // On the first edit: the result so far, the input before the current position, goes to out_.
  void start_editing() {
    if (editing_) return;
    out_.reserve(input_.size());
    out_.assign(input_.data(), position_);
    editing_ = true;
  }

  std::string_view input_;
  std::string &out_;
  std::size_t position_ = 0;
  bool editing_ = false;
};

}  // namespace smart_rules::text::detail
