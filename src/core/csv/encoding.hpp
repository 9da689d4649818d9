// The character encodings of catalog files: detecting the encoding of a document's bytes and
// transcoding them to UTF-8 (reading), and UTF-8 text to a file's encoding (writing).
//
// Detection: a byte order mark decides (UTF-8, UTF-16LE, UTF-16BE); without one, bytes that are
// valid UTF-8 are UTF-8, anything else is Windows-1252 (what Excel writes as "CSV" on a
// Portuguese or English Windows). Windows-1252 is decoded with its full table, including
// 0x80..0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ); the five bytes the code
// page leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) become U+0081, U+008D, U+008F, U+0090 and
// U+009D, as Windows' MultiByteToWideChar does, and encode back to the same bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/diagnostic.hpp"

namespace smart_rules::csv {

// Same order and values as sr_csv_encoding in the C ABI.
enum class Encoding : unsigned char { kDetect, kUtf8, kWindows1252, kUtf16Le, kUtf16Be };

// PostgreSQL's name for an encoding ("UTF8", "WIN1252", "UTF16LE"...), as error messages use it.
const char *encoding_name(Encoding encoding) noexcept;

// A document's text in UTF-8: a view of the caller's bytes when they were UTF-8 already (only a
// byte order mark removed: no copy), else the transcoded text it owns. Either way, text() is
// valid while this object and the caller's bytes live.
class DecodedText {
 public:
  static DecodedText borrowed(std::string_view text, Encoding encoding) {
    return DecodedText(text, std::string(), false, encoding);
  }
  static DecodedText owned(std::string text, Encoding encoding) {
    return DecodedText({}, std::move(text), true, encoding);
  }

  std::string_view text() const noexcept {
    return is_owned_ ? std::string_view(owned_) : borrowed_;
  }
  // The encoding the bytes were in (never kDetect).
  Encoding encoding() const noexcept { return encoding_; }

 private:
  DecodedText(std::string_view borrowed, std::string owned, bool is_owned, Encoding encoding)
      : borrowed_(borrowed), owned_(std::move(owned)), is_owned_(is_owned), encoding_(encoding) {}

  std::string_view borrowed_;
  std::string owned_;
  bool is_owned_;
  Encoding encoding_;
};

// Decodes `bytes` in `encoding` (kDetect: detected as above) to UTF-8 text without a byte order
// mark. A byte order mark of the given encoding is skipped too. Bytes invalid in the encoding
// (malformed UTF-8 when UTF-8 is given or announced by its BOM, unpaired UTF-16 surrogates, an odd
// number of UTF-16 bytes) are an error 22021 naming the line; nullopt then.
std::optional<DecodedText> decode_to_utf8(std::string_view bytes, Encoding encoding,
                                          Diagnostics &diagnostics);

// Writes the UTF-8 `text` in `target` to `out` (replacing its content): UTF-8 is copied,
// Windows-1252 and UTF-16 (without a byte order mark) converted. False with an error when `text`
// is not valid UTF-8 (22021), when a character has no Windows-1252 form (22P05, naming its line)
// or when `target` is kDetect (22023).
bool encode_from_utf8(std::string_view text, Encoding target, std::string &out,
                      Diagnostics &diagnostics);

}  // namespace smart_rules::csv
