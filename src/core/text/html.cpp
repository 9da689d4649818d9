// The strip_html transform: one left-to-right pass that replaces tags by a space and decodes
// the character references RULES.md lists; everything else is copied only once something
// changed. See transforms.hpp for what counts as a tag and as a reference.
#include <array>

#include "text/transform_support.hpp"
#include "text/transforms.hpp"

namespace smart_rules::text {

namespace {

constexpr char32_t kNoBreakSpace = 0xA0;
constexpr char32_t kBeyondUnicode = 0x110000;

bool is_ascii_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// True when the '<' at `pos` opens a tag: it is followed by a letter, '/', '!' or '?'.
bool opens_tag(std::string_view value, std::size_t pos) noexcept {
  if (pos + 1 >= value.size()) return false;
  const char next = value[pos + 1];
  return is_ascii_letter(next) || next == '/' || next == '!' || next == '?';
}

struct NamedReference {
  std::string_view name;  // without '&', with ';'
  char32_t code_point;
};

constexpr std::array<NamedReference, 6> kNamedReferences{{
    {"amp;", '&'},
    {"lt;", '<'},
    {"gt;", '>'},
    {"quot;", '"'},
    {"apos;", '\''},
    {"nbsp;", kNoBreakSpace},
}};

// The value of hexadecimal digit `c`, or -1.
int hex_digit_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the numeric reference whose digits start at `pos` (after "&#"): "DDD;" or "xHHH;" /
// "XHHH;". True with the code point and the offset after ';' when it is well formed and names a
// Unicode scalar value other than U+0000.
bool decode_numeric_reference(std::string_view value, std::size_t pos, char32_t &decoded,
                              std::size_t &end) noexcept {
  int base = 10;
  if (pos < value.size() && (value[pos] == 'x' || value[pos] == 'X')) {
    base = 16;
    ++pos;
  }
  const std::size_t digits_start = pos;
  char32_t code_point = 0;
  for (; pos < value.size(); ++pos) {
    const int digit = hex_digit_value(value[pos]);
    if (digit < 0 || digit >= base) break;
    // Saturates past the Unicode range so that any number of digits is safe.
    code_point = code_point >= kBeyondUnicode ? kBeyondUnicode
                                              : code_point * base + static_cast<char32_t>(digit);
  }
  if (pos == digits_start || pos >= value.size() || value[pos] != ';') return false;
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point == 0 || surrogate || code_point >= kBeyondUnicode) return false;
  decoded = code_point;
  end = pos + 1;
  return true;
}

// Decodes the character reference at `pos` (an '&'): true with its code point and the offset
// after its ';', false when the text there is not a reference this transform decodes.
bool decode_reference(std::string_view value, std::size_t pos, char32_t &decoded,
                      std::size_t &end) noexcept {
  const std::string_view rest = value.substr(pos + 1);
  if (!rest.empty() && rest.front() == '#') {
    return decode_numeric_reference(value, pos + 2, decoded, end);
  }
  for (const NamedReference &reference : kNamedReferences) {
    if (rest.substr(0, reference.name.size()) == reference.name) {
      decoded = reference.code_point;
      end = pos + 1 + reference.name.size();
      return true;
    }
  }
  return false;
}

// Reads `value` as strip_html does, left to right, telling `reader` what each part becomes:
// kept(begin, end) for input bytes kept as they are (never empty; each run of kept bytes may
// come in several calls), tag(begin, end) for a tag (one ASCII space in the result) and
// reference(begin, end, code_point) for a decoded character reference.
template <class Reader>
void read_html(std::string_view value, Reader &reader) {
  bool closing_bracket_ahead = true;  // false once a '<' found no '>' after it
  std::size_t kept_from = 0;
  std::size_t pos = 0;
  while (pos < value.size()) {
    // Words of eight bytes without '<' or '&' are kept whole.
    if (pos + detail::word::kSize <= value.size()) {
      const std::uint64_t bytes = detail::word::load(value, pos);
      if ((detail::word::bytes_equal(bytes, '<') | detail::word::bytes_equal(bytes, '&')) == 0) {
        pos += detail::word::kSize;
        continue;
      }
    }
    const char c = value[pos];
    if (c == '<' && closing_bracket_ahead && opens_tag(value, pos)) {
      const std::size_t close = value.find('>', pos + 2);
      if (close == std::string_view::npos) {
        closing_bracket_ahead = false;
      } else {
        if (kept_from < pos) reader.kept(kept_from, pos);
        reader.tag(pos, close + 1);
        pos = kept_from = close + 1;
        continue;
      }
    } else if (c == '&') {
      char32_t decoded;
      std::size_t end;
      if (decode_reference(value, pos, decoded, end)) {
        if (kept_from < pos) reader.kept(kept_from, pos);
        reader.reference(pos, end, decoded);
        pos = kept_from = end;
        continue;
      }
    }
    ++pos;
  }
  if (kept_from < value.size()) reader.kept(kept_from, value.size());
}

// strip_html's result built by edits over the input (nothing copied while nothing changes).
class HtmlStripper {
 public:
  HtmlStripper(std::string_view value, std::string &out) : edit_(value, out) {}
  void kept(std::size_t, std::size_t) noexcept {}
  void tag(std::size_t begin, std::size_t end) {
    edit_.keep_until(begin);
    edit_.replace_until(end, " ");
  }
  void reference(std::size_t begin, std::size_t end, char32_t code_point) {
    edit_.keep_until(begin);
    edit_.replace_with_code_point(end, code_point);
  }
  bool finish() { return edit_.finish(); }

 private:
  detail::EditBuffer edit_;
};

// collapse_whitespace then trim over the text strip_html makes of a value, as it is read
// (read_html): words are appended, each run of whitespace becomes one space once a word
// follows it (none at either end), and what each of the three steps would have changed is
// noted. A run may span kept text, tags (a space) and references that decode to whitespace.
class CleanupWriter {
 public:
  CleanupWriter(std::string_view value, std::string &out, CleanupChanges &changes)
      : value_(value), out_(out), changes_(changes) {
    out_.clear();
    changes_ = CleanupChanges{};
  }

  void kept(std::size_t begin, std::size_t end) {
    // The kept bytes as a value of their own: a run inside them cannot reach past `end`, since
    // a tag or a reference starts with an ASCII byte.
    const std::string_view text(value_.data(), end);
    std::size_t pos = begin;
    while (pos < end) {
      const std::size_t length = detail::whitespace_length_at(text, pos);
      if (length != 0) {
        whitespace(length == 1 && text[pos] == ' ');
        pos += length;
        continue;
      }
      // Words and the lone spaces between them are kept as they are, in one append, up to a
      // run collapse_whitespace must replace, or a space at the end that a run may continue.
      std::size_t run_start = end;
      std::size_t run_end;
      if (!detail::find_run_to_collapse(text, pos, run_start, run_end)) run_start = end;
      std::size_t words_end = run_start;
      if (words_end == end && text[end - 1] == ' ') --words_end;
      word(pos, words_end);
      pos = words_end;
    }
  }

  void tag(std::size_t, std::size_t) {
    changes_.strip_html = true;
    whitespace(true);
  }

  void reference(std::size_t, std::size_t, char32_t code_point) {
    changes_.strip_html = true;
    if (is_unicode_whitespace(code_point)) {
      whitespace(code_point == ' ');
      return;
    }
    end_run();
    detail::append_utf8(out_, code_point);
  }

  void finish() {
    if (!in_run_) return;
    if (!run_is_one_space_) changes_.collapse_whitespace = true;
    changes_.trim = true;  // whitespace at the end (or the whole value)
  }

 private:
  void whitespace(bool is_ascii_space) {
    run_is_one_space_ = !in_run_ && is_ascii_space;
    in_run_ = true;
  }

  void word(std::size_t begin, std::size_t end) {
    end_run();
    out_.append(value_.data() + begin, end - begin);
  }

  // A run followed by a word: one space, or none at the start (trimmed).
  void end_run() {
    if (!in_run_) return;
    in_run_ = false;
    if (!run_is_one_space_) changes_.collapse_whitespace = true;
    if (out_.empty())
      changes_.trim = true;
    else
      out_ += ' ';
  }

  std::string_view value_;
  std::string &out_;
  CleanupChanges &changes_;
  bool in_run_ = false;
  bool run_is_one_space_ = false;
};

}  // namespace

bool strip_html(std::string_view value, std::string &out) {
  HtmlStripper stripper(value, out);
  read_html(value, stripper);
  return stripper.finish();
}

bool strip_html_collapse_trim(std::string_view value, std::string &out, CleanupChanges &changes) {
  CleanupWriter writer(value, out, changes);
  read_html(value, writer);
  writer.finish();
  return changes.strip_html || changes.collapse_whitespace || changes.trim;
}

}  // namespace smart_rules::text
