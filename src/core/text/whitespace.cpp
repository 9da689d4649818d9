// Whitespace transforms and predicates (trim, collapse_whitespace, remove_whitespace,
// is_empty_or_blank, word_count): loops over UTF-8 bytes where ASCII bytes other than ASCII
// whitespace are skipped without decoding.
#include "text/transform_support.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

using detail::byte_at;
using detail::EditBuffer;
using detail::is_ascii;
using detail::sequence_length;
using detail::whitespace_length_at;

namespace {

// Byte offset of the first code point at or after `pos` that is not whitespace.
std::size_t skip_whitespace(std::string_view value, std::size_t pos) noexcept {
  while (pos < value.size()) {
    const std::size_t length = whitespace_length_at(value, pos);
    if (length == 0) break;
    pos += length;
  }
  return pos;
}

// Byte offset of the first whitespace code point at or after `pos` (or the end).
std::size_t skip_non_whitespace(std::string_view value, std::size_t pos) noexcept {
  while (pos < value.size()) {
    const unsigned char byte = byte_at(value, pos);
    if (byte > ' ' && is_ascii(byte)) {
      ++pos;
    } else if (whitespace_length_at(value, pos) != 0) {
      break;
    } else {
      pos += sequence_length(byte);
    }
  }
  return pos;
}

// Byte offset just after the last code point before `end` that is not whitespace (0 if none).
std::size_t trailing_whitespace_start(std::string_view value, std::size_t end) noexcept {
  while (end > 0) {
    const std::size_t start = detail::previous_code_point_start(value, end);
    if (whitespace_length_at(value, start) == 0) break;
    end = start;
  }
  return end;
}

// Replaces each maximal run of whitespace by `replacement`; a run that already equals it (a
// lone ASCII space for collapse_whitespace) is not an edit.
bool replace_whitespace_runs(std::string_view value, std::string_view replacement,
                             std::string &out) {
  EditBuffer edit(value, out);
  std::size_t pos = 0;
  while (pos < value.size()) {
    const std::size_t run_start = skip_non_whitespace(value, pos);
    if (run_start == value.size()) break;
    const std::size_t run_end = skip_whitespace(value, run_start);
    edit.keep_until(run_start);
    edit.replace_until(run_end, replacement);
    pos = run_end;
  }
  return edit.finish();
}

}  // namespace

std::string_view trimmed(std::string_view value) noexcept {
  const std::size_t begin = skip_whitespace(value, 0);
  if (begin == value.size()) return value.substr(begin);
  return value.substr(begin, trailing_whitespace_start(value, value.size()) - begin);
}

bool trim(std::string_view value, std::string &out) {
  const std::string_view result = trimmed(value);
  if (result.size() == value.size()) return false;
  out.assign(result.data(), result.size());
  return true;
}

bool collapse_whitespace(std::string_view value, std::string &out) {
  return replace_whitespace_runs(value, " ", out);
}

bool remove_whitespace(std::string_view value, std::string &out) {
  return replace_whitespace_runs(value, "", out);
}

bool is_empty_or_blank(std::string_view value) noexcept {
  return skip_whitespace(value, 0) == value.size();
}

std::size_t word_count(std::string_view value) noexcept {
  std::size_t count = 0;
  std::size_t pos = skip_whitespace(value, 0);
  while (pos < value.size()) {
    ++count;
    pos = skip_whitespace(value, skip_non_whitespace(value, pos));
  }
  return count;
}

}  // namespace smart_rules::text
