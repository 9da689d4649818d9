// Internal helpers shared by the text transforms (transforms.hpp): the lazily-copying output
// buffer that makes unchanged values free, UTF-8 encoding, and code point stepping over input
// that is known to be well-formed UTF-8. Not part of the transforms' interface.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "text/utf8.hpp"

namespace smart_rules::text::detail {

inline bool is_ascii(unsigned char byte) noexcept { return byte < 0x80; }

// ASCII White_Space: tab, line feed, vertical tab, form feed, carriage return, space.
inline bool is_ascii_whitespace(unsigned char byte) noexcept {
  return byte == ' ' || (byte >= 0x09 && byte <= 0x0D);
}

// Byte length of the UTF-8 sequence that starts with `lead` (a lead byte of well-formed UTF-8).
inline std::size_t sequence_length(unsigned char lead) noexcept {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

inline unsigned char byte_at(std::string_view value, std::size_t pos) noexcept {
  return static_cast<unsigned char>(value[pos]);
}

// Byte length of the whitespace code point at `pos` (< value.size()), or 0 when the code point
// there is not whitespace. Only the lead bytes 0xC2, 0xE1, 0xE2 and 0xE3 can start non-ASCII
// whitespace, so other sequences are rejected without decoding.
inline std::size_t whitespace_length_at(std::string_view value, std::size_t pos) noexcept {
  const unsigned char lead = byte_at(value, pos);
  if (is_ascii(lead)) return is_ascii_whitespace(lead) ? 1 : 0;
  if (lead != 0xC2 && (lead < 0xE1 || lead > 0xE3)) return 0;
  std::size_t next = pos;
  return is_unicode_whitespace(next_code_point(value, next)) ? next - pos : 0;
}

// The byte offset where the code point that ends at `end` (> 0) starts.
inline std::size_t previous_code_point_start(std::string_view value, std::size_t end) noexcept {
  std::size_t start = end - 1;
  while (start > 0 && (byte_at(value, start) & 0xC0) == 0x80) --start;
  return start;
}

// Appends the UTF-8 encoding of the scalar value `c`.
inline void append_utf8(std::string &out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
    return;
  }
  char bytes[4];
  std::size_t length;
  if (c < 0x800) {
    bytes[0] = static_cast<char>(0xC0 | (c >> 6));
    length = 2;
  } else if (c < 0x10000) {
    bytes[0] = static_cast<char>(0xE0 | (c >> 12));
    bytes[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    length = 3;
  } else {
    bytes[0] = static_cast<char>(0xF0 | (c >> 18));
    bytes[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    bytes[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    length = 4;
  }
  bytes[length - 1] = static_cast<char>(0x80 | (c & 0x3F));
  out.append(bytes, length);
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
      if (input_.substr(position_, pos - position_) == replacement) {
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

  std::size_t position() const noexcept { return position_; }

 private:
  // On the first edit: the result so far, the input before the current position, goes to out_.
  void start_editing() {
    if (editing_) return;
    out_.assign(input_.data(), position_);
    editing_ = true;
  }

  std::string_view input_;
  std::string &out_;
  std::size_t position_ = 0;
  bool editing_ = false;
};

}  // namespace smart_rules::text::detail
