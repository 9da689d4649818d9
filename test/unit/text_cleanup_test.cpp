// strip_html_collapse_trim (text/transforms.hpp): the one-pass cleanup must give exactly what
// strip_html, collapse_whitespace and trim give one after the other, and say which of them
// changed the value, on hand-picked cases and on many generated ones.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "text/transforms.hpp"

namespace {

using smart_rules::text::CleanupChanges;
namespace text = smart_rules::text;

// The three transforms in sequence, and which changed their input.
std::string in_sequence(const std::string &value, CleanupChanges &changes) {
  std::string current = value;
  std::string out;
  changes = CleanupChanges{};
  if (text::strip_html(current, out)) {
    changes.strip_html = true;
    current = out;
  }
  if (text::collapse_whitespace(current, out)) {
    changes.collapse_whitespace = true;
    current = out;
  }
  if (text::trim(current, out)) {
    changes.trim = true;
    current = out;
  }
  return current;
}

void expect_same_as_sequence(const std::string &value) {
  CleanupChanges expected_changes;
  const std::string expected = in_sequence(value, expected_changes);
  CleanupChanges changes;
  std::string out = "stale";
  const bool changed = text::strip_html_collapse_trim(value, out, changes);
  const bool expected_changed =
      expected_changes.strip_html || expected_changes.collapse_whitespace || expected_changes.trim;
  ASSERT_EQ(changed, expected_changed) << "value: [" << value << "]";
  if (changed) EXPECT_EQ(out, expected) << "value: [" << value << "]";
  EXPECT_EQ(changes.strip_html, expected_changes.strip_html) << "value: [" << value << "]";
  EXPECT_EQ(changes.collapse_whitespace, expected_changes.collapse_whitespace)
      << "value: [" << value << "]";
  EXPECT_EQ(changes.trim, expected_changes.trim) << "value: [" << value << "]";
}

TEST(StripHtmlCollapseTrim, MatchesTheThreeInSequence) {
  for (const char *value :
       {"", " ", "  ", "a", "a b", "a  b", " a", "a ", "\ta\n", "<p>x</p>", "<p> x </p>",
        "a<br>b", "a <br> b", "a<br> b", "a &amp; b", "a&nbsp;b", "a &nbsp; b", "&nbsp;",
        "&#32;a", "a&#32;", "a&#32;b", "a &#10;b", "&lt;b&gt;", "x < y", "<10 kg", "a <b",
        "<p>Caf\xC3\xA9\xC2\xA0 com leite</p>\n<ul><li>um</li> <li>dois</li></ul>",
        "word\xE2\x80\x83word", "\xE3\x80\x80lead", "tail\xC2\xA0", "plain words only here",
        "twelve chars twelve chars  double", "<b>bold</b>&amp;<i>it</i>"}) {
    expect_same_as_sequence(value);
  }
}

TEST(StripHtmlCollapseTrim, MatchesTheThreeInSequenceOnGeneratedValues) {
  // Pieces that stress runs across tags, references and whitespace of every kind.
  const std::vector<std::string> pieces = {
      "a", "bc", "word", "longerword", " ", "  ", "\t", "\n", "\r\n", "\xC2\xA0", "\xE2\x80\x83",
      "\xE3\x80\x80", "\xC3\xA9", "<p>", "</p>", "<br/>", "<li>", "< b >", "<", ">", "&amp;",
      "&nbsp;", "&#32;", "&#10;", "&#x41;", "&lt;", "&", "&bogus;", "<!-- c -->", "<?x?>"};
  std::mt19937 random(20261124);
  std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 24);
  for (int round = 0; round < 20000; ++round) {
    std::string value;
    for (int n = length(random); n > 0; --n) value += pieces[piece(random)];
    expect_same_as_sequence(value);
    if (testing::Test::HasFailure()) return;
  }
}

}  // namespace
