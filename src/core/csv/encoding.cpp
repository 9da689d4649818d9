// Encoding detection and transcoding of CSV documents (see encoding.hpp). UTF-8 input is never
// copied; Windows-1252 is decoded through a byte table, ASCII runs eight bytes at a time.
#include "csv/encoding.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "csv/lines.hpp"
#include "text/transform_support.hpp"
#include "text/utf8.hpp"

namespace smart_rules::csv {

namespace {

namespace word = text::detail::word;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";

bool starts_with(std::string_view text, std::string_view prefix) noexcept {
  return text.substr(0, prefix.size()) == prefix;
}

// A byte order mark's encoding; else UTF-8 when the bytes are valid UTF-8, else Windows-1252.
Encoding detect_encoding(std::string_view bytes) noexcept {
  if (starts_with(bytes, kUtf8Bom)) return Encoding::kUtf8;
  if (starts_with(bytes, kUtf16LeBom)) return Encoding::kUtf16Le;
  if (starts_with(bytes, kUtf16BeBom)) return Encoding::kUtf16Be;
  return text::valid_utf8(bytes) ? Encoding::kUtf8 : Encoding::kWindows1252;
}

// The code points of Windows-1252's bytes 0x80..0x9F; the five bytes the code page leaves
// undefined map to the C1 control of the same value.
constexpr char16_t kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 0x80..0x87
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 0x88..0x8F
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 0x90..0x97
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 0x98..0x9F
};

char32_t windows_1252_code_point(unsigned char byte) noexcept {
  return (byte >= 0x80 && byte < 0xA0) ? kWindows1252High[byte - 0x80] : byte;
}

// The Windows-1252 byte of code point `c`, or -1 when the code page has none.
int windows_1252_byte(char32_t c) noexcept {
  if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) return static_cast<int>(c);
  for (int i = 0; i < 32; ++i) {
    if (kWindows1252High[i] == c) return 0x80 + i;
  }
  return -1;
}

// "0xc3 0x28": the bytes of `text` from `pos`, at most `count` of them, as PostgreSQL prints
// them in encoding errors.
std::string hex_bytes(std::string_view text, std::size_t pos, std::size_t count) {
  std::string out;
  for (std::size_t i = pos; i < text.size() && i < pos + count; ++i) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "%s0x%02x", out.empty() ? "" : " ",
                  static_cast<unsigned>(static_cast<unsigned char>(text[i])));
    out += hex;
  }
  return out;
}

// Offset of the first malformed sequence of `text`, or text.size() when there is none.
// next_code_point advances one byte exactly at a malformed sequence (a real U+FFFD takes three).
std::size_t first_malformed_utf8(std::string_view text) noexcept {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    if (text::next_code_point(text, pos) == 0xFFFD && pos == start + 1) return start;
  }
  return text.size();
}

// The 22021 error for the first malformed sequence of `text` (which is not valid UTF-8): its
// line and its bytes.
void report_invalid_utf8(std::string_view text, Diagnostics &diagnostics) {
  const std::size_t start = first_malformed_utf8(text);
  const auto lead = static_cast<unsigned char>(start < text.size() ? text[start] : 0);
  const std::size_t length = lead >= 0xC0 ? text::detail::sequence_length(lead) : 1;
  const std::size_t line = line_at(text, start);
  diagnostics.error(
      ErrorCode::kCharacterNotInRepertoire,
      line_name(line) +
          ": invalid byte sequence for encoding \"UTF8\": " + hex_bytes(text, start, length),
      line_location(line), {}, "if the file is in Windows-1252 (\"ANSI\"), give that encoding");
}

// UTF-8 bytes, or nullopt with an error when they are malformed.
std::optional<DecodedText> decode_utf8(std::string_view bytes, Diagnostics &diagnostics) {
  if (!text::valid_utf8(bytes)) {
    report_invalid_utf8(bytes, diagnostics);
    return std::nullopt;
  }
  return DecodedText::borrowed(bytes, Encoding::kUtf8);
}

// The end of the run of ASCII bytes that starts at `pos`, found a word at a time.
std::size_t ascii_run_end(std::string_view text, std::size_t pos) noexcept {
  while (pos + word::kSize <= text.size() && (word::load(text, pos) & word::kHighBits) == 0) {
    pos += word::kSize;
  }
  while (pos < text.size() && static_cast<unsigned char>(text[pos]) < 0x80) ++pos;
  return pos;
}

// Windows-1252 bytes in UTF-8: every byte has a code point. The exact size is counted first,
// so that the text is written once into a buffer of its final size.
DecodedText decode_windows_1252(std::string_view bytes) {
  std::size_t size = bytes.size();
  for (char byte : bytes) {
    const auto b = static_cast<unsigned char>(byte);
    if (b >= 0x80) size += windows_1252_code_point(b) < 0x800 ? 1 : 2;
  }
  std::string out(size, '\0');
  char *dest = out.data();
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t run_end = ascii_run_end(bytes, pos);
    std::memcpy(dest, bytes.data() + pos, run_end - pos);
    dest += run_end - pos;
    pos = run_end;
    if (pos == bytes.size()) break;
    dest += text::detail::encode_utf8(
        windows_1252_code_point(static_cast<unsigned char>(bytes[pos])), dest);
    ++pos;
  }
  return DecodedText::owned(std::move(out), Encoding::kWindows1252);
}

// The 16-bit code unit at `pos` (pos + 2 <= bytes.size()).
std::uint32_t utf16_unit(std::string_view bytes, std::size_t pos, bool big_endian) noexcept {
  const auto first = static_cast<unsigned char>(bytes[pos]);
  const auto second = static_cast<unsigned char>(bytes[pos + 1]);
  return big_endian ? (first << 8 | second) : (second << 8 | first);
}

// UTF-16 bytes (without their byte order mark) in UTF-8; nullopt with an error at an unpaired
// surrogate or a dangling last byte, naming the line reached in the text decoded so far.
std::optional<DecodedText> decode_utf16(std::string_view bytes, Encoding encoding,
                                        Diagnostics &diagnostics) {
  const bool big_endian = encoding == Encoding::kUtf16Be;
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  auto fail = [&](std::string problem) {
    const std::size_t line = line_at(out, out.size());
    diagnostics.error(ErrorCode::kCharacterNotInRepertoire, line_name(line) + ": " + problem,
                      line_location(line));
    return std::nullopt;
  };
  std::size_t pos = 0;
  while (pos + 2 <= bytes.size()) {
    const std::uint32_t unit = utf16_unit(bytes, pos, big_endian);
    char32_t c = unit;
    std::size_t length = 2;
    if (unit >= 0xD800 && unit <= 0xDBFF && pos + 4 <= bytes.size()) {
      const std::uint32_t low = utf16_unit(bytes, pos + 2, big_endian);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        length = 4;
      }
    }
    if (c >= 0xD800 && c <= 0xDFFF) {
      return fail(std::string("invalid byte sequence for encoding \"") + encoding_name(encoding) +
                  "\": " + hex_bytes(bytes, pos, 2) + " (an unpaired surrogate)");
    }
    text::detail::append_utf8(out, c);
    pos += length;
  }
  if (pos < bytes.size()) {
    return fail(std::string("incomplete character at the end of ") + encoding_name(encoding) +
                " data (an odd number of bytes)");
  }
  return DecodedText::owned(std::move(out), encoding);
}

// The 22P05 error for the character at `pos` of `text`, which has no form in `target`.
void report_untranslatable(std::string_view text, std::size_t pos, Encoding target,
                           Diagnostics &diagnostics) {
  const std::size_t length = text::detail::sequence_length(static_cast<unsigned char>(text[pos]));
  const std::size_t line = line_at(text, pos);
  diagnostics.error(
      ErrorCode::kUntranslatableCharacter,
      line_name(line) + ": character with byte sequence " + hex_bytes(text, pos, length) +
          " in encoding \"UTF8\" has no equivalent in encoding \"" + encoding_name(target) + "\"",
      line_location(line));
}

// Valid UTF-8 `text` in Windows-1252; false with an error at the first character it lacks.
bool encode_windows_1252(std::string_view text, std::string &out, Diagnostics &diagnostics) {
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t run_end = ascii_run_end(text, pos);
    out.append(text.data() + pos, run_end - pos);
    pos = run_end;
    if (pos == text.size()) break;
    const std::size_t start = pos;
    const char32_t c = text::detail::decode_at(text, pos);
    const int byte = windows_1252_byte(c);
    if (byte < 0) {
      report_untranslatable(text, start, Encoding::kWindows1252, diagnostics);
      return false;
    }
    out.push_back(static_cast<char>(byte));
  }
  return true;
}

void append_utf16_unit(std::string &out, std::uint32_t unit, bool big_endian) {
  const char high = static_cast<char>(unit >> 8);
  const char low = static_cast<char>(unit & 0xFF);
  out.push_back(big_endian ? high : low);
  out.push_back(big_endian ? low : high);
}

// Valid UTF-8 `text` in UTF-16 (every character has a form).
void encode_utf16(std::string_view text, bool big_endian, std::string &out) {
  out.reserve(text.size() * 2);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t c = text::detail::decode_at(text, pos);
    if (c < 0x10000) {
      append_utf16_unit(out, c, big_endian);
    } else {
      append_utf16_unit(out, 0xD800 + ((c - 0x10000) >> 10), big_endian);
      append_utf16_unit(out, 0xDC00 + ((c - 0x10000) & 0x3FF), big_endian);
    }
  }
}

}  // namespace

const char *encoding_name(Encoding encoding) noexcept {
  switch (encoding) {
    case Encoding::kDetect: return "detect";
    case Encoding::kUtf8: return "UTF8";
    case Encoding::kWindows1252: return "WIN1252";
    case Encoding::kUtf16Le: return "UTF16LE";
    case Encoding::kUtf16Be: return "UTF16BE";
  }
  return "unknown";
}

std::optional<DecodedText> decode_to_utf8(std::string_view bytes, Encoding encoding,
                                          Diagnostics &diagnostics) {
  if (encoding == Encoding::kDetect) encoding = detect_encoding(bytes);
  switch (encoding) {
    case Encoding::kUtf8:
      if (starts_with(bytes, kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
      return decode_utf8(bytes, diagnostics);
    case Encoding::kWindows1252: return decode_windows_1252(bytes);
    case Encoding::kUtf16Le:
      if (starts_with(bytes, kUtf16LeBom)) bytes.remove_prefix(kUtf16LeBom.size());
      return decode_utf16(bytes, encoding, diagnostics);
    case Encoding::kUtf16Be:
      if (starts_with(bytes, kUtf16BeBom)) bytes.remove_prefix(kUtf16BeBom.size());
      return decode_utf16(bytes, encoding, diagnostics);
    case Encoding::kDetect: break;
  }
  return std::nullopt;  // unreachable: kDetect was resolved above
}

bool encode_from_utf8(std::string_view text, Encoding target, std::string &out,
                      Diagnostics &diagnostics) {
  out.clear();
  if (target == Encoding::kDetect) {
    diagnostics.error(ErrorCode::kInvalidParameter, "an encoding to write must be given", {});
    return false;
  }
  if (!text::valid_utf8(text)) {
    report_invalid_utf8(text, diagnostics);
    return false;
  }
  switch (target) {
    case Encoding::kUtf8: out.assign(text); return true;
    case Encoding::kWindows1252: return encode_windows_1252(text, out, diagnostics);
    case Encoding::kUtf16Le:
    case Encoding::kUtf16Be: encode_utf16(text, target == Encoding::kUtf16Be, out); return true;
    case Encoding::kDetect: break;
  }
  return false;
}

}  // namespace smart_rules::csv
