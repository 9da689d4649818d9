// Transforms that bring a value to a length in code points: truncate (at a character or a word
// boundary, with an optional ellipsis) and pad_left. Semantics in transforms.hpp.
#include "text/transform_support.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

bool truncate(std::string_view value, std::size_t max, TruncateAt at, std::string_view ellipsis,
              std::string &out) {
  constexpr std::size_t kNone = std::string_view::npos;
  const std::size_t ellipsis_length = code_point_count(ellipsis);
  const bool add_ellipsis = !ellipsis.empty() && ellipsis_length <= max;
  const std::size_t budget = add_ellipsis ? max - ellipsis_length : max;
  const bool at_word = at == TruncateAt::kWord;

  // One walk over at most max + 1 code points: where the first `budget` code points end, and
  // (at_word) the end of the last word followed by whitespace within the budget.
  std::size_t budget_end = kNone;
  std::size_t word_end = kNone;
  bool previous_is_word = false;
  std::size_t pos = 0;
  for (std::size_t index = 0;; ++index) {
    if (index == budget) budget_end = pos;
    if (pos == value.size()) return false;  // at most `max` code points: unchanged
    const std::size_t whitespace_length = at_word ? detail::whitespace_length_at(value, pos) : 0;
    if (whitespace_length != 0 && previous_is_word && index <= budget) word_end = pos;
    if (index == max) break;  // a code point past `max` exists
    previous_is_word = whitespace_length == 0;
    pos += whitespace_length != 0 ? whitespace_length
                                  : detail::sequence_length(detail::byte_at(value, pos));
  }

  const std::size_t cut = (at_word && word_end != kNone) ? word_end : budget_end;
  out.assign(value.data(), cut);
  if (add_ellipsis) out.append(ellipsis);
  return true;
}

bool pad_left(std::string_view value, std::size_t length, std::string_view pad, std::string &out) {
  const std::size_t current = code_point_count(value);
  if (current >= length || pad.empty()) return false;
  const std::size_t copies = length - current;
  out.clear();
  out.reserve(copies * pad.size() + value.size());
  for (std::size_t i = 0; i < copies; ++i) out.append(pad);
  out.append(value);
  return true;
}

}  // namespace smart_rules::text
