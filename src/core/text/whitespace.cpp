// Whitespace transforms and predicates (trim, collapse_whitespace, remove_whitespace,
// is_empty_or_blank, word_count): scans over UTF-8 bytes that skip eight bytes at a time where
// no whitespace can be, decode only the lead bytes non-ASCII whitespace starts with, and edit
// the value only where it changes.
#include "text/transform_support.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

using detail::EditBuffer;
using detail::find_whitespace;
using detail::skip_whitespace;
using detail::whitespace_length_at;

namespace {

// Byte offset just after the last code point before `end` that is not whitespace (0 if none).
std::size_t trailing_whitespace_start(std::string_view value, std::size_t end) noexcept {
  while (end > 0) {
    const std::size_t start = detail::previous_code_point_start(value, end);
    if (whitespace_length_at(value, start) == 0) break;
    end = start;
  }
  return end;
}

// Finds the first run of whitespace at or after `pos` that collapse_whitespace must replace
// (any run but a lone ASCII space); `pos` is not inside a run. Words of eight bytes whose only
// whitespace is lone ASCII spaces are skipped whole: a clean description costs about one step
// per eight bytes and no edit per word.
bool find_run_to_collapse(std::string_view value, std::size_t pos, std::size_t &run_start,
                          std::size_t &run_end) noexcept {
  namespace word = detail::word;
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
  EditBuffer edit(value, out);
  std::size_t run_start;
  std::size_t run_end;
  for (std::size_t pos = 0; find_run_to_collapse(value, pos, run_start, run_end); pos = run_end) {
    edit.keep_until(run_start);
    edit.replace_until(run_end, " ");
  }
  return edit.finish();
}

bool remove_whitespace(std::string_view value, std::string &out) {
  EditBuffer edit(value, out);
  for (std::size_t pos = find_whitespace(value, 0); pos < value.size();
       pos = find_whitespace(value, pos)) {
    edit.keep_until(pos);
    pos = skip_whitespace(value, pos);
    edit.replace_until(pos, "");
  }
  return edit.finish();
}

bool is_empty_or_blank(std::string_view value) noexcept {
  return skip_whitespace(value, 0) == value.size();
}

std::size_t word_count(std::string_view value) noexcept {
  std::size_t count = 0;
  std::size_t pos = skip_whitespace(value, 0);
  while (pos < value.size()) {
    ++count;
    pos = skip_whitespace(value, find_whitespace(value, pos));
  }
  return count;
}

}  // namespace smart_rules::text
