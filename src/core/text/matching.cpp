// Literal text matching, exact or ignoring case (TextPattern), and what is built on it: the
// replace and remove actions and the contains/starts_with/ends_with predicates. Matching
// ignoring case compares fold_case of each code point with the pre-folded pattern; ASCII bytes
// are folded inline without decoding.
#include "text/transform_support.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

using detail::byte_at;
using detail::is_ascii;

namespace {

// Folds the code point at `pos` and advances `pos` past it.
char32_t next_folded_code_point(std::string_view value, std::size_t &pos) noexcept {
  const char32_t c = detail::decode_at(value, pos);
  return c < 0x80 ? detail::ascii_lower(static_cast<unsigned char>(c)) : fold_case(c);
}

// A scratch string reused across calls by remove_terms (one thread per backend).
std::string &scratch_text() {
  thread_local std::string buffer;
  return buffer;
}

// Runs transforms one after another on a value, alternating between the caller's `out` and a
// scratch buffer so that no step reads the buffer it writes.
class TransformChain {
 public:
  TransformChain(std::string_view value, std::string &out, std::string &scratch) noexcept
      : current_(value), out_(out), scratch_(scratch) {}

  // Applies `transform` (a transform of transforms.hpp's convention); true when it changed the
  // value.
  template <typename Transform>
  bool apply(Transform transform) {
    std::string &target = current_in_out_ ? scratch_ : out_;
    if (!transform(current_, target)) return false;
    current_ = target;
    current_in_out_ = &target == &out_;
    changed_ = true;
    return true;
  }

  // Leaves the final value in `out`; true when any step changed the value.
  bool finish() {
    if (changed_ && !current_in_out_) out_.assign(current_.data(), current_.size());
    return changed_;
  }

 private:
  std::string_view current_;
  std::string &out_;
  std::string &scratch_;
  bool current_in_out_ = false;
  bool changed_ = false;
};

}  // namespace

TextPattern::TextPattern(std::string_view text, bool ignore_case)
    : text_(text), ignore_case_(ignore_case) {
  if (!ignore_case_) return;
  std::size_t pos = 0;
  while (pos < text_.size()) folded_ += next_folded_code_point(text_, pos);
}

bool TextPattern::matches_at(std::string_view value, std::size_t pos,
                             std::size_t &end) const noexcept {
  if (!ignore_case_) {
    if (value.size() - pos < text_.size() || value.compare(pos, text_.size(), text_) != 0) {
      return false;
    }
    end = pos + text_.size();
    return true;
  }
  for (const char32_t expected : folded_) {
    if (pos >= value.size() || next_folded_code_point(value, pos) != expected) return false;
  }
  end = pos;
  return true;
}

bool TextPattern::find(std::string_view value, std::size_t from, std::size_t &begin,
                       std::size_t &end) const noexcept {
  if (!ignore_case_ || folded_.empty()) {
    const std::size_t found = value.find(text_, from);
    if (found == std::string_view::npos) return false;
    begin = found;
    end = found + text_.size();
    return true;
  }
  // An ASCII byte folds to an ASCII code point, so one that differs from the pattern's first
  // folded code point is skipped at once; other positions are tried in full.
  const char32_t first = folded_.front();
  for (std::size_t pos = from; pos < value.size();) {
    const unsigned char byte = byte_at(value, pos);
    if (is_ascii(byte) && detail::ascii_lower(byte) != first) {
      ++pos;
      continue;
    }
    if (matches_at(value, pos, end)) {
      begin = pos;
      return true;
    }
    pos += detail::sequence_length(byte);
  }
  return false;
}

bool TextPattern::matches_suffix(std::string_view value) const noexcept {
  if (!ignore_case_) {
    return value.size() >= text_.size() &&
           value.compare(value.size() - text_.size(), text_.size(), text_) == 0;
  }
  // Each folded code point matches exactly one code point of the value: the match, if any,
  // starts as many code points before the end as the pattern has.
  std::size_t start = value.size();
  for (std::size_t i = 0; i < folded_.size(); ++i) {
    if (start == 0) return false;
    start = detail::previous_code_point_start(value, start);
  }
  std::size_t end;
  return matches_at(value, start, end);
}

bool replace_all(std::string_view value, const TextPattern &from, std::string_view to,
                 std::string &out) {
  if (from.empty()) return false;
  detail::EditBuffer edit(value, out);
  std::size_t begin;
  std::size_t end;
  for (std::size_t pos = 0; from.find(value, pos, begin, end); pos = end) {
    edit.keep_until(begin);
    edit.replace_until(end, to);
  }
  return edit.finish();
}

bool remove_terms(std::string_view value, const std::vector<TextPattern> &terms, std::string &out) {
  TransformChain chain(value, out, scratch_text());
  bool removed = false;
  for (const TextPattern &term : terms) {
    removed |= chain.apply([&term](std::string_view current, std::string &target) {
      return replace_all(current, term, "", target);
    });
  }
  if (!removed) return false;
  chain.apply(collapse_whitespace);
  chain.apply(trim);
  return chain.finish();
}

bool contains(std::string_view value, const TextPattern &pattern) noexcept {
  std::size_t begin;
  std::size_t end;
  return pattern.find(value, 0, begin, end);
}

bool starts_with(std::string_view value, const TextPattern &pattern) noexcept {
  std::size_t end;
  return pattern.matches_at(value, 0, end);
}

bool ends_with(std::string_view value, const TextPattern &pattern) noexcept {
  return pattern.matches_suffix(value);
}

}  // namespace smart_rules::text
