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

// True when every byte of `value` is below `limit`. For `limit` 0x80 that means ASCII; for a lead
// byte >= 0xC2 it means every code point is below the first one that lead byte starts
// (continuation bytes, 0x80..0xBF, are below every such lead byte).
bool all_bytes_below(std::string_view value, unsigned char limit) noexcept {
  for (char byte : value) {
    if (static_cast<unsigned char>(byte) >= limit) return false;
  }
  return true;
}

// Lead byte 0xCC starts U+0300, the first code point that NFC can change or combine: all of
// U+0000..U+02FF are NFC_Quick_Check=Yes and never the second code point of a composition.
constexpr unsigned char kLeadOfU0300 = 0xCC;

}  // namespace

bool normalize_nfc(std::string_view value, std::string &out) {
  if (all_bytes_below(value, kLeadOfU0300)) return false;
  CodePoints &buffer = scratch_code_points();
  return decompose(value, buffer) && compose_into(buffer, value, out);
}

bool remove_accents(std::string_view value, std::string &out) {
  if (all_bytes_below(value, 0x80)) return false;  // ASCII has no marks
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
