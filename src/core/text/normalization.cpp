// Unicode normalization transforms (normalize_nfc, remove_accents) on utf8proc's decomposition
// and composition, through one UTF-32 scratch buffer reused across calls instead of
// utf8proc_map's malloc per value. Text that normalization cannot change is recognised from its
// bytes and skips utf8proc.
#include <utf8proc.h>

#include <vector>

#include "text/transform_support.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

namespace {

using CodePoints = std::vector<utf8proc_int32_t>;

// The scratch buffer of decomposed code points. The core runs one thread per backend, the
// buffer only keeps the capacity of the longest value seen.
CodePoints &scratch_code_points() {
  thread_local CodePoints buffer;
  return buffer;
}

// The canonical decomposition (NFD: decomposed and canonically ordered) of `value` into
// `buffer`; false when utf8proc fails (which well-formed UTF-8 does not make it do).
bool decompose(std::string_view value, CodePoints &buffer) {
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STABLE);
  const auto *bytes = reinterpret_cast<const utf8proc_uint8_t *>(value.data());
  const auto length = static_cast<utf8proc_ssize_t>(value.size());
  if (buffer.size() < value.size()) buffer.resize(value.size());
  for (;;) {
    // The result can have more code points than the input has bytes ("ΐ": 2 bytes, 3 code
    // points); utf8proc then returns the size needed.
    const utf8proc_ssize_t count = utf8proc_decompose(
        bytes, length, buffer.data(), static_cast<utf8proc_ssize_t>(buffer.size()), options);
    if (count < 0) return false;
    if (static_cast<std::size_t>(count) <= buffer.size()) {
      buffer.resize(static_cast<std::size_t>(count));
      return true;
    }
    buffer.resize(static_cast<std::size_t>(count));
  }
}

// Composes the decomposed code points of `buffer` (NFC) and writes them to `out`; true when the
// result differs from `original`.
bool compose_into(CodePoints &buffer, std::string_view original, std::string &out) {
  const auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  const utf8proc_ssize_t count = utf8proc_normalize_utf32(
      buffer.data(), static_cast<utf8proc_ssize_t>(buffer.size()), options);
  if (count < 0) return false;
  out.clear();
  for (utf8proc_ssize_t i = 0; i < count; ++i) {
    detail::append_utf8(out, static_cast<char32_t>(buffer[static_cast<std::size_t>(i)]));
  }
  return out != original;
}

// True when every code point of `value` is below U+0300, the first code point NFC can change or
// combine: all of U+0000..U+02FF are NFC_Quick_Check=Yes and never the second code point of a
// composition. Judged from the bytes: U+0300 starts with lead byte 0xCC, and every byte of a
// code point below it (ASCII, leads 0xC2..0xCB, continuation bytes 0x80..0xBF) is below 0xCC.
bool all_below_u0300(std::string_view value) noexcept {
  for (char byte : value) {
    if (static_cast<unsigned char>(byte) >= 0xCC) return false;
  }
  return true;
}

// remove_accents of the Latin scripts without utf8proc's string functions. For U+0080..U+024F
// (Latin-1 Supplement, Latin Extended-A and -B) the canonical decomposition is the code point
// itself or a base letter below U+0250 followed by nonspacing marks, and U+0300..U+036F are all
// nonspacing marks: so the result is each letter replaced by its base, each such mark dropped.
// No NFC step is needed: what remains is below U+0300, where nothing composes.
class LatinAccents {
 public:
  static constexpr char32_t kFirst = 0x80;
  static constexpr char32_t kEnd = 0x250;
  static constexpr char32_t kMarksFirst = 0x300;
  static constexpr char32_t kMarksEnd = 0x370;

  // Built once from utf8proc's decompositions (a thread-safe static).
  static const LatinAccents &instance() {
    static const LatinAccents table;
    return table;
  }

  // The base of `c` (kFirst <= c < kEnd); 0 when the decomposition does not have the expected
  // shape (the caller then takes the general path).
  char32_t base_of(char32_t c) const noexcept { return base_[c - kFirst]; }

 private:
  LatinAccents() {
    for (char32_t c = kFirst; c < kEnd; ++c) {
      utf8proc_int32_t parts[8];
      const utf8proc_ssize_t count = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c),
                                                             parts, 8, UTF8PROC_DECOMPOSE, nullptr);
      char32_t base = 0;
      bool expected_shape = count >= 1 && count <= 8;
      for (utf8proc_ssize_t i = 0; expected_shape && i < count; ++i) {
        const auto part = static_cast<char32_t>(parts[i]);
        if (i == 0) {
          base = part;
          expected_shape = part < kEnd;
        } else {
          expected_shape = utf8proc_category(parts[i]) == UTF8PROC_CATEGORY_MN;
        }
      }
      base_[c - kFirst] = expected_shape ? base : 0;
    }
  }

  char32_t base_[kEnd - kFirst];
};

// The fast path of remove_accents: true when `value` holds only code points the LatinAccents
// table covers (the result is then in `changed`), false to take the general path.
bool remove_latin_accents(std::string_view value, std::string &out, bool &changed) {
  const LatinAccents &latin = LatinAccents::instance();
  detail::EditBuffer edit(value, out);
  std::size_t pos = 0;
  while (pos < value.size()) {
    const std::size_t start = pos;
    const char32_t c = detail::decode_at(value, pos);
    if (c < LatinAccents::kFirst) continue;
    if (c >= LatinAccents::kMarksFirst && c < LatinAccents::kMarksEnd) {
      edit.keep_until(start);
      edit.replace_until(pos, "");
      continue;
    }
    const char32_t base = c < LatinAccents::kEnd ? latin.base_of(c) : 0;
    if (base == 0) return false;
    if (base != c) {
      edit.keep_until(start);
      edit.replace_with_code_point(pos, base);
    }
  }
  changed = edit.finish();
  return true;
}

}  // namespace

bool normalize_nfc(std::string_view value, std::string &out) {
  if (all_below_u0300(value)) return false;
  CodePoints &buffer = scratch_code_points();
  return decompose(value, buffer) && compose_into(buffer, value, out);
}

bool remove_accents(std::string_view value, std::string &out) {
  if (detail::is_ascii_text(value)) return false;  // ASCII has no marks
  bool changed;
  if (remove_latin_accents(value, out, changed)) return changed;
  CodePoints &buffer = scratch_code_points();
  if (!decompose(value, buffer)) return false;
  std::size_t kept = 0;
  for (const utf8proc_int32_t c : buffer) {
    if (utf8proc_category(c) != UTF8PROC_CATEGORY_MN) buffer[kept++] = c;
  }
  buffer.resize(kept);
  return compose_into(buffer, value, out);
}

}  // namespace smart_rules::text
