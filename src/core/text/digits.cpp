// The digits_only transform: keeps ASCII digits, deletes every other byte sequence (multi-byte
// code points, Unicode digits such as '٣' included, go whole since none of their bytes is an
// ASCII digit).
#include "text/transform_support.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

namespace {

bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace

bool digits_only(std::string_view value, std::string &out) {
  detail::EditBuffer edit(value, out);
  std::size_t pos = 0;
  while (pos < value.size()) {
    while (pos < value.size() && is_ascii_digit(value[pos])) ++pos;
    edit.keep_until(pos);
    while (pos < value.size() && !is_ascii_digit(value[pos])) ++pos;
    edit.replace_until(pos, "");
  }
  return edit.finish();
}

}  // namespace smart_rules::text
