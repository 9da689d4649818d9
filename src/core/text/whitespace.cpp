// Whitespace transforms and predicates (trim, collapse_whitespace, remove_whitespace,
// is_empty_or_blank, word_count): scans over UTF-8 bytes that skip eight bytes at a time where
// no whitespace can be, decode only the lead bytes non-ASCII whitespace starts with, and edit
// the value only where it changes.
#include "text/transform_support.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

using detail::EditBuffer;
using detail::find_run_to_collapse;
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
