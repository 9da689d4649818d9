// The per-value text transforms and predicates of the rule language (RULES.md, "Actions" and
// the expression functions), the building blocks the runtime's batch kernels call once per row.
//
// Convention of every transform: the input is well-formed UTF-8 (the runtime validates rows
// first); `out` is a buffer the caller reuses across rows. A transform returns true when the
// value changed, and then `out` holds the new value; it returns false when the value is unchanged,
// and then `out`'s content is unspecified (it may have been overwritten). So an unchanged value
// costs no copy. `value` must not point into `out` (chain two buffers). ASCII input never goes
// through utf8proc.
//
// Whitespace is Unicode White_Space (is_unicode_whitespace); lengths count code points.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smart_rules::text {

// --- whitespace (whitespace.cpp) ---

// Removes leading and trailing whitespace.
bool trim(std::string_view value, std::string &out);
// `value` without its leading and trailing whitespace, as a view into it.
std::string_view trimmed(std::string_view value) noexcept;
// Replaces each run of whitespace by one ASCII space; does not trim.
bool collapse_whitespace(std::string_view value, std::string &out);
// Deletes all whitespace.
bool remove_whitespace(std::string_view value, std::string &out);
// True when `value` is empty or only whitespace.
bool is_empty_or_blank(std::string_view value) noexcept;
// Number of maximal runs of non-whitespace characters.
std::size_t word_count(std::string_view value) noexcept;

// --- case (case_mapping.cpp) ---
//
// lower/upper map each code point to one code point, as utf8proc_tolower/utf8proc_toupper give
// them: Unicode's simple case mappings (like PostgreSQL's lower()/upper() with the libc
// provider), so never a change of length in code points: upper never writes "SS" for 'ß';
// utf8proc maps 'ß' to capital 'ẞ' (U+1E9E, also as title case) where UnicodeData has no
// simple mapping. 'İ' (U+0130) lowers to plain 'i', 'ı' (U+0131) uppers to 'I', 'Σ' always
// lowers to 'σ'.
bool lower(std::string_view value, std::string &out);
bool upper(std::string_view value, std::string &out);

// PostgreSQL initcap in a UTF-8 database: a word is a maximal run of letters and digits
// (general categories L* and N*); its first code point takes its title-case mapping
// (utf8proc_totitle: 'ǆ' -> 'ǅ', otherwise the same as upper case), the others their lower-case
// mapping. Any other code point (spaces, punctuation, combining marks) ends the word, so a
// decomposed "e" + U+0301 before "s" starts a new word at "s", as PostgreSQL does.
bool title_case(std::string_view value, std::string &out);

// True when `value` has a letter (L*) and no lower-case letter (Ll). Caseless scripts count as
// letters, so "日本" is all caps; "123" is not (no letter).
bool is_all_caps(std::string_view value) noexcept;

// The case folding used wherever the rule language ignores case (replace, remove, contains,
// starts_with, ends_with, map): each code point maps to one code point, Unicode simple case
// folding (CaseFolding.txt statuses C and S). Code points whose full folding is several code
// points and that have no simple folding fold to their lower-case mapping, which leaves them
// unchanged except 'İ' (U+0130), which folds to 'i' (so "İstanbul" matches "istanbul").
// One code point matches one code point: "ß" does not match "ss".
char32_t fold_case(char32_t c) noexcept;
// `value` with every code point folded (for keys of case-insensitive lookups).
void append_case_folded(std::string_view value, std::string &out);

// --- Unicode normalization (normalization.cpp) ---

// NFC (canonical composition). Text whose code points are all below U+0300 is already NFC and is
// returned unchanged without a utf8proc call.
bool normalize_nfc(std::string_view value, std::string &out);
// Canonical decomposition (NFD), then every nonspacing mark (category Mn) dropped, then NFC:
// "São João" -> "Sao Joao", "が" -> "か". Spacing and enclosing marks (Mc, Me) and letters
// without a decomposition ('ø', 'ł', 'ß', 'đ') stay. Text made of ASCII, U+0080..U+024F and the
// combining diacritics U+0300..U+036F (Latin catalog text) takes a table-driven path with the
// same result and no utf8proc string call.
bool remove_accents(std::string_view value, std::string &out);

// --- character filters (digits.cpp) ---

// Keeps the ASCII digits 0-9 only (other Unicode digits are dropped too).
bool digits_only(std::string_view value, std::string &out);

// --- HTML (html.cpp) ---

// Replaces each tag by one ASCII space and decodes character references, in one pass (decoded
// text is not scanned again: "&amp;lt;" -> "&lt;", "&lt;b&gt;" -> "<b>").
// - A tag starts at '<' followed by an ASCII letter, '/', '!' or '?' (as in HTML's tokenizer)
//   and ends at the next '>'. Any other '<' ("a < b", "<10 kg") is text, and so is a '<' with
//   no '>' after it.
// - References: &amp; &lt; &gt; &quot; &apos; &nbsp; (U+00A0), &#DDD; and &#xHHH; / &#XHHH;
//   (leading zeros allowed), names case-sensitive, the ';' required. A numeric reference to 0,
//   a surrogate or a value past U+10FFFF, and anything else after '&', stay as written.
bool strip_html(std::string_view value, std::string &out);

// Which of strip_html, collapse_whitespace and trim, applied in this order, changed a value.
struct CleanupChanges {
  bool strip_html = false;
  bool collapse_whitespace = false;
  bool trim = false;
};
// strip_html, then collapse_whitespace, then trim, in one pass: the same result as the three in
// sequence, with `changes` saying which of them changed the value. Returns true when any did;
// `out` then holds the result (which may still equal `value`, as the three in sequence may
// give).
bool strip_html_collapse_trim(std::string_view value, std::string &out, CleanupChanges &changes);

// --- length (length.cpp) ---

enum class TruncateAt { kChar, kWord };

// When `value` has more than `max` code points, cuts it so that the result, `ellipsis` included,
// has at most `max` code points; a value of at most `max` code points is unchanged (no ellipsis).
// With budget = max - length(ellipsis):
// - kChar: the first `budget` code points, then the ellipsis.
// - kWord: the longest prefix of at most `budget` code points that ends where a word ends (it
//   contains a non-whitespace code point and the next code point is whitespace), its trailing
//   whitespace removed, then the ellipsis; when there is no such prefix (one long first word,
//   or only whitespace before the budget), the first `budget` code points, then the ellipsis.
// An ellipsis longer than `max` cannot fit and is not added (budget = max). Leading whitespace
// is kept; an empty ellipsis means none.
bool truncate(std::string_view value, std::size_t max, TruncateAt at, std::string_view ellipsis,
              std::string &out);

// Prepends copies of `pad` (one character) until `value` has `length` code points; never
// truncates (a longer value is unchanged).
bool pad_left(std::string_view value, std::size_t length, std::string_view pad, std::string &out);

// --- matching (matching.cpp) ---

// A text to search for, prepared once per rule. With ignore_case, a match is a sequence of code
// points of the value whose fold_case equals the folded pattern, code point by code point;
// without, the exact bytes (for well-formed UTF-8 the same as matching code points).
class TextPattern {
 public:
  TextPattern(std::string_view text, bool ignore_case);

  // The first match starting at or after byte `from` (a code point boundary of `value`): true
  // and its byte range [begin, end), or false. An empty pattern matches at `from`, empty.
  bool find(std::string_view value, std::size_t from, std::size_t &begin,
            std::size_t &end) const noexcept;
  // True when a match starts at byte `pos`; `end` receives where it ends.
  bool matches_at(std::string_view value, std::size_t pos, std::size_t &end) const noexcept;
  // True when a match ends at the end of `value`.
  bool matches_suffix(std::string_view value) const noexcept;

  std::string_view text() const noexcept { return text_; }
  bool ignore_case() const noexcept { return ignore_case_; }
  bool empty() const noexcept { return text_.empty(); }

 private:
  std::string text_;
  bool ignore_case_;
  std::u32string folded_;  // the folded code points of text_, with ignore_case
};

// Replaces every occurrence of `from`, left to right, non-overlapping, by `to` (inserted as
// written); the text outside the matches is kept as it is. An empty pattern replaces nothing.
bool replace_all(std::string_view value, const TextPattern &from, std::string_view to,
                 std::string &out);

// The `remove` action: removes every occurrence of each term in turn (the first term from the
// value, the second from what is left, ...), each matched as by an ignore_case TextPattern
// (terms are prepared with ignore_case = true by the caller; substrings, not whole words:
// removing "cor" from "cores" leaves "es"). When something was removed, the result is then
// collapse_whitespace'd and trimmed; when no term occurs, the value is unchanged, even if it
// has runs of whitespace.
bool remove_terms(std::string_view value, const std::vector<TextPattern> &terms, std::string &out);

// Predicates for the expression functions contains, starts_with and ends_with. An empty pattern
// is contained in, starts and ends every value.
bool contains(std::string_view value, const TextPattern &pattern) noexcept;
bool starts_with(std::string_view value, const TextPattern &pattern) noexcept;
bool ends_with(std::string_view value, const TextPattern &pattern) noexcept;

}  // namespace smart_rules::text
