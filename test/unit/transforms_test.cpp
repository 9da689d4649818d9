// Unit tests of the per-value text transforms and predicates (src/core/text/transforms.hpp):
// each action's semantics from RULES.md with ASCII, Latin accents, NBSP and other Unicode
// whitespace, Turkish and German case rules, combining marks, CJK and emoji, empty and
// all-whitespace values, long values, and the "unchanged returns false" convention.
#include "text/transforms.hpp"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "text/utf8.hpp"

namespace smart_rules::text {
namespace {

using Transform = std::function<bool(std::string_view, std::string &)>;

// Runs `transform` on `input` with a dirty output buffer and checks both the result and the
// convention: true exactly when the value changed, and then `out` holds it.
void expect_transform(const Transform &transform, std::string_view input,
                      std::string_view expected) {
  SCOPED_TRACE(testing::Message() << "input: \"" << input << "\"");
  std::string out = "stale output from a previous row";
  const bool changed = transform(input, out);
  EXPECT_EQ(changed, input != expected);
  EXPECT_EQ(changed ? std::string_view(out) : input, expected);
}

// Checks that `transform` leaves each of `inputs` unchanged and says so.
void expect_unchanged(const Transform &transform, const std::vector<std::string> &inputs) {
  for (const std::string &input : inputs) expect_transform(transform, input, input);
}

std::string repeat(std::string_view piece, std::size_t times) {
  std::string result;
  result.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) result += piece;
  return result;
}

// Unicode whitespace samples (UTF-8): NBSP, ideographic space, em space, narrow NBSP, next line,
// ogham space mark, line separator.
const std::vector<std::string> kUnicodeSpaces = {"\u00A0", "\u3000", "\u2003", "\u202F",
                                                 "\u0085", "\u1680", "\u2028"};

Transform truncate_with(std::size_t max, TruncateAt at, std::string ellipsis = "") {
  return [=](std::string_view value, std::string &out) {
    return truncate(value, max, at, ellipsis, out);
  };
}

Transform pad_left_with(std::size_t length, std::string pad) {
  return
      [=](std::string_view value, std::string &out) { return pad_left(value, length, pad, out); };
}

Transform replace_with(std::string from, std::string to, bool ignore_case) {
  return [pattern = TextPattern(from, ignore_case), to](std::string_view value, std::string &out) {
    return replace_all(value, pattern, to, out);
  };
}

Transform remove_terms_with(const std::vector<std::string> &terms) {
  std::vector<TextPattern> patterns;
  for (const std::string &term : terms) patterns.emplace_back(term, true);
  return [patterns](std::string_view value, std::string &out) {
    return remove_terms(value, patterns, out);
  };
}

// --- trim ---

TEST(Trim, RemovesLeadingAndTrailingAsciiWhitespace) {
  expect_transform(trim, "  hello  ", "hello");
  expect_transform(trim, "\t\n\r\v\fhello world\n", "hello world");
  expect_transform(trim, "hello ", "hello");
  expect_transform(trim, " hello", "hello");
}

TEST(Trim, RemovesUnicodeWhitespace) {
  for (const std::string &space : kUnicodeSpaces) {
    expect_transform(trim, space + "São Paulo" + space + space, "São Paulo");
  }
  expect_transform(trim, "\u3000日本語\u3000", "日本語");
}

TEST(Trim, KeepsInnerWhitespace) { expect_transform(trim, " a \u00A0 b ", "a \u00A0 b"); }

TEST(Trim, ZeroWidthSpaceAndByteOrderMarkAreNotWhitespace) {
  expect_unchanged(trim, {"\u200Bx\u200B", "\uFEFFx"});
}

TEST(Trim, AllWhitespaceBecomesEmpty) {
  expect_transform(trim, " \t\u00A0\u3000 ", "");
  expect_transform(trim, " ", "");
}

TEST(Trim, UnchangedReturnsFalse) {
  expect_unchanged(trim, {"", "a", "hello world", "ção", "😀 x 😀", "日本"});
}

TEST(Trim, TrimmedIsAViewIntoTheValue) {
  const std::string value = "\u00A0 abc \u3000";
  const std::string_view view = trimmed(value);
  EXPECT_EQ(view, "abc");
  EXPECT_EQ(view.data(), value.data() + 3);
  EXPECT_EQ(trimmed("   ").size(), 0u);
}

TEST(Trim, LongValue) {
  const std::string middle = repeat("ação ", 20000) + "fim";
  expect_transform(trim, repeat(" ", 5000) + middle + repeat("\u00A0", 5000), middle);
}

// --- collapse_whitespace ---

TEST(CollapseWhitespace, EachRunBecomesOneAsciiSpace) {
  expect_transform(collapse_whitespace, "a  b", "a b");
  expect_transform(collapse_whitespace, "a \t\n b\r\nc", "a b c");
  expect_transform(collapse_whitespace, "Tênis   Nike\u00A0\u00A0Air", "Tênis Nike Air");
}

TEST(CollapseWhitespace, ALoneNonSpaceWhitespaceBecomesASpace) {
  expect_transform(collapse_whitespace, "a\tb", "a b");
  for (const std::string &space : kUnicodeSpaces) {
    expect_transform(collapse_whitespace, "a" + space + "b", "a b");
  }
  expect_transform(collapse_whitespace, "日本\u3000語", "日本 語");
}

TEST(CollapseWhitespace, DoesNotTrim) {
  expect_transform(collapse_whitespace, "  a  ", " a ");
  expect_transform(collapse_whitespace, "\u00A0a", " a");
}

TEST(CollapseWhitespace, AllWhitespaceBecomesOneSpace) {
  expect_transform(collapse_whitespace, " \t\u3000 ", " ");
}

TEST(CollapseWhitespace, UnchangedReturnsFalse) {
  expect_unchanged(collapse_whitespace,
                   {"", " ", "a", "a b c", " a ", "ação é boa", "😀 😀", "\u200B\u200B"});
}

TEST(CollapseWhitespace, LongValue) {
  expect_transform(collapse_whitespace, repeat("palavra \t \u00A0", 30000),
                   repeat("palavra ", 30000));
  const std::string single = repeat("palavra ", 30000);
  expect_transform(collapse_whitespace, single, single);
}

// Random texts mixing ASCII, whitespace of every encoding length and non-whitespace code points
// that share lead bytes with whitespace (U+00AA, U+2013, U+3001), so that the eight-byte scans
// meet every alignment.
std::vector<std::string> random_texts() {
  const std::vector<std::string> pieces = {"a",      "bc",     "palavra", " ",      "  ",
                                           "\t",     "\n",     "\u00A0",  "\u0085", "\u1680",
                                           "\u2003", "\u3000", "ç",       "\u00AA", "\u2013",
                                           "\u3001", "😀",      "<b>",     "&amp;",  "x y"};
  std::mt19937 random(7);
  std::vector<std::string> texts;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 24);
    for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
    texts.push_back(text);
  }
  return texts;
}

// The value's code points.
std::u32string code_points_of(std::string_view value) {
  std::u32string code_points;
  for (std::size_t pos = 0; pos < value.size();) code_points += next_code_point(value, pos);
  return code_points;
}

std::string utf8_of(const std::u32string &code_points) {
  std::string text;
  for (char32_t c : code_points) {
    utf8proc_uint8_t bytes[4];
    text.append(
        reinterpret_cast<const char *>(bytes),
        static_cast<std::size_t>(utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), bytes)));
  }
  return text;
}

TEST(WhitespaceTransforms, AgreeWithTheirDefinitionsOnRandomText) {
  for (const std::string &text : random_texts()) {
    std::u32string collapsed;
    std::u32string removed;
    std::size_t words = 0;
    bool previous_is_space = false;
    bool previous_is_word = false;
    for (char32_t c : code_points_of(text)) {
      const bool space = is_unicode_whitespace(c);
      if (!space) {
        collapsed += c;
        removed += c;
      } else if (!previous_is_space) {
        collapsed += U' ';
      }
      words += !space && !previous_is_word;
      previous_is_space = space;
      previous_is_word = !space;
    }
    const std::u32string all = code_points_of(text);
    std::size_t begin = 0;
    std::size_t end = all.size();
    while (begin < end && is_unicode_whitespace(all[begin])) ++begin;
    while (end > begin && is_unicode_whitespace(all[end - 1])) --end;

    expect_transform(collapse_whitespace, text, utf8_of(collapsed));
    expect_transform(remove_whitespace, text, utf8_of(removed));
    expect_transform(trim, text, utf8_of(all.substr(begin, end - begin)));
    EXPECT_EQ(is_empty_or_blank(text), removed.empty()) << text;
    EXPECT_EQ(word_count(text), words) << text;
  }
}

// --- remove_whitespace ---

TEST(RemoveWhitespace, DeletesEveryWhitespaceCodePoint) {
  expect_transform(remove_whitespace, " 789 1234\t5678\u00A09 ", "789123456789");
  expect_transform(remove_whitespace, "日 本\u3000語", "日本語");
  expect_transform(remove_whitespace, " \u2028 ", "");
}

TEST(RemoveWhitespace, UnchangedReturnsFalse) {
  expect_unchanged(remove_whitespace, {"", "abc", "ção", "\u200B"});
}

// --- is_empty_or_blank, word_count ---

TEST(IsEmptyOrBlank, EmptyAndOnlyWhitespace) {
  EXPECT_TRUE(is_empty_or_blank(""));
  EXPECT_TRUE(is_empty_or_blank(" "));
  EXPECT_TRUE(is_empty_or_blank("\t\n\u00A0\u3000\u2003"));
  EXPECT_FALSE(is_empty_or_blank("a"));
  EXPECT_FALSE(is_empty_or_blank("  .  "));
  EXPECT_FALSE(is_empty_or_blank("\u200B"));  // zero width space is not White_Space
}

TEST(WordCount, CountsWhitespaceSeparatedRuns) {
  EXPECT_EQ(word_count(""), 0u);
  EXPECT_EQ(word_count("   "), 0u);
  EXPECT_EQ(word_count("one"), 1u);
  EXPECT_EQ(word_count("  one two  three "), 3u);
  EXPECT_EQ(word_count("a\u00A0b\u3000c"), 3u);
  EXPECT_EQ(word_count("smart-tv 4k, 50\""), 3u);  // punctuation does not separate
  EXPECT_EQ(word_count("日本語 テキスト"), 2u);
  EXPECT_EQ(word_count(repeat("w ", 100000)), 100000u);
}

// --- lower, upper ---

TEST(Lower, AsciiAndLatinAccents) {
  expect_transform(lower, "Hello WORLD 123", "hello world 123");
  expect_transform(lower, "SÃO PAULO, AÇÚCAR É ÓTIMO", "são paulo, açúcar é ótimo");
}

TEST(Upper, AsciiAndLatinAccents) {
  expect_transform(upper, "hello world 123", "HELLO WORLD 123");
  expect_transform(upper, "são paulo, açúcar é ótimo", "SÃO PAULO, AÇÚCAR É ÓTIMO");
}

TEST(Upper, SharpSBecomesCapitalSharpSNotSS) {
  expect_transform(upper, "straße", "STRA\u1E9EE");  // utf8proc's one-to-one mapping
  expect_transform(lower, "STRA\u1E9EE", "straße");  // capital sharp s lowers to ß
}

TEST(Lower, TurkishDottedCapitalIBecomesPlainI) {
  expect_transform(lower, "İSTANBUL", "istanbul");
  expect_transform(upper, "ıi", "II");  // dotless ı uppers to I
}

TEST(Lower, GreekCapitalSigmaIsAlwaysMedialSigma) {
  expect_transform(lower, "ΟΔΟΣ", "οδοσ");
  expect_transform(upper, "οδος", "ΟΔΟΣ");
}

TEST(Lower, TitleCaseDigraphs) {
  expect_transform(lower, "\u01C5", "\u01C6");
  expect_transform(upper, "\u01C5", "\u01C4");
}

TEST(Lower, CaselessScriptsAndEmojiAreUnchanged) {
  expect_unchanged(lower, {"", "日本語", "😀👍🏽", "١٢٣", "hello", "ação"});
  expect_unchanged(upper, {"", "日本語", "😀👍🏽", "١٢٣", "HELLO", "AÇÃO"});
}

TEST(Lower, KeepsTheLengthInCodePointsOnLongValues) {
  const std::string value = repeat("AçÃo ", 20000);
  std::string out;
  ASSERT_TRUE(lower(value, out));
  EXPECT_EQ(out, repeat("ação ", 20000));
  EXPECT_EQ(code_point_count(out), code_point_count(value));
}

// --- title_case ---

TEST(TitleCase, FirstLetterOfEachWordUpperTheRestLower) {
  expect_transform(title_case, "hello world", "Hello World");
  expect_transform(title_case, "HELLO WORLD", "Hello World");
  expect_transform(title_case, "hELLO wORLD", "Hello World");
}

TEST(TitleCase, PunctuationSeparatesWords) {
  expect_transform(title_case, "o'neil smart-tv a.b/c", "O'Neil Smart-Tv A.B/C");
}

TEST(TitleCase, DigitsBelongToWords) {
  expect_transform(title_case, "iphone 15PRO max 4k", "Iphone 15pro Max 4k");
  expect_transform(title_case, "\u0663ABC",
                   "\u0663abc");  // Arabic-Indic digit three starts the word
}

TEST(TitleCase, AccentedLetters) {
  expect_transform(title_case, "são joão", "São João");
  expect_transform(title_case, "ÁGUA DE CÔCO", "Água De Côco");
  expect_transform(title_case, "STRAßE", "Straße");
}

TEST(TitleCase, CombiningMarksEndAWordAsInPostgresql) {
  expect_transform(title_case, "jose\u0301s", "Jose\u0301S");
}

TEST(TitleCase, UsesTitleCaseMappingForTheFirstLetter) {
  expect_transform(title_case, "\u01C6ungla", "\u01C5ungla");
  expect_transform(title_case, "\u01C4UNGLA", "\u01C5ungla");
}

TEST(TitleCase, TurkishDottedI) {
  expect_transform(title_case, "İSTANBUL", "İstanbul");
  expect_transform(title_case, "istanbul", "Istanbul");
}

TEST(TitleCase, CjkAndEmoji) { expect_transform(title_case, "日本 tv 😀smart", "日本 Tv 😀Smart"); }

TEST(TitleCase, UnchangedReturnsFalse) {
  expect_unchanged(title_case, {"", "   ", "Hello World", "São João", "123", "日本", "A-B"});
}

// --- is_all_caps ---

TEST(IsAllCaps, HasALetterAndNoLowerCaseLetter) {
  EXPECT_TRUE(is_all_caps("ABC"));
  EXPECT_TRUE(is_all_caps("TÊNIS NIKE 42 - PRETO!"));
  EXPECT_TRUE(is_all_caps("Nº 5"));    // º is Lo, not Ll
  EXPECT_TRUE(is_all_caps("\u01C5"));  // title case Lt is not lower case
  EXPECT_TRUE(is_all_caps("日本"));    // caseless letters count as letters
  EXPECT_FALSE(is_all_caps("ABc"));
  EXPECT_FALSE(is_all_caps("AÇãO"));
  EXPECT_FALSE(is_all_caps("STRAßE"));  // ß is Ll
  EXPECT_FALSE(is_all_caps("123 456"));
  EXPECT_FALSE(is_all_caps(""));
  EXPECT_FALSE(is_all_caps("😀 !"));
}

// --- fold_case ---

TEST(FoldCase, SimpleCaseFoldingPerCodePoint) {
  EXPECT_EQ(fold_case(U'A'), U'a');
  EXPECT_EQ(fold_case(U'a'), U'a');
  EXPECT_EQ(fold_case(U'Ç'), U'ç');
  EXPECT_EQ(fold_case(U'Σ'), U'σ');
  EXPECT_EQ(fold_case(U'ς'), U'σ');            // final sigma folds with sigma
  EXPECT_EQ(fold_case(U'\u017F'), U's');       // long s
  EXPECT_EQ(fold_case(U'\u212A'), U'k');       // Kelvin sign
  EXPECT_EQ(fold_case(U'\u1E9E'), U'ß');       // capital sharp s: status S
  EXPECT_EQ(fold_case(U'ß'), U'ß');            // full folding "ss" is not used
  EXPECT_EQ(fold_case(U'\uFB01'), U'\uFB01');  // ligature fi stays
  EXPECT_EQ(fold_case(U'\u1F88'), U'\u1F80');  // status S of a Greek capital with prosgegrammeni
  EXPECT_EQ(fold_case(U'İ'), U'i');            // documented exception
  EXPECT_EQ(fold_case(U'ı'), U'ı');
  EXPECT_EQ(fold_case(U'日'), U'日');
}

TEST(FoldCase, AppendCaseFolded) {
  std::string out = "key:";
  append_case_folded("AÇÃO Σ \u212A 日本", out);
  EXPECT_EQ(out, "key:ação σ k 日本");
}

// --- normalize_nfc ---

TEST(NormalizeNfc, ComposesDecomposedText) {
  expect_transform(normalize_nfc, "Sa\u0303o Joa\u0303o", "São João");
  expect_transform(normalize_nfc, "a\u0323\u0302", "\u1EAD");  // canonical order, then compose
  expect_transform(normalize_nfc, "a\u0302\u0323", "\u1EAD");
  expect_transform(normalize_nfc, "\u1100\u1161", "\uAC00");  // Hangul jamo
}

TEST(NormalizeNfc, ReplacesSingletons) {
  expect_transform(normalize_nfc, "\u212B \u2126", "\u00C5 \u03A9");  // Angstrom, Ohm
}

TEST(NormalizeNfc, UnchangedReturnsFalse) {
  expect_unchanged(normalize_nfc, {"", "plain ascii", "São João", "日本語", "한국어",
                                   "👩‍👩‍👧 emoji zwj", "x\u0301"});  // no precomposed x́
}

TEST(NormalizeNfc, EveryPairOfCodePointsBelowU0300IsAlreadyNfc) {
  // The fast path returns text made only of these unchanged without calling utf8proc.
  for (char32_t first = 1; first < 0x300; ++first) {
    for (char32_t second = 1; second < 0x300; ++second) {
      std::u32string pair{first, second};
      std::string utf8;
      for (char32_t c : pair) {
        utf8proc_uint8_t bytes[4];
        const auto length = utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), bytes);
        utf8.append(reinterpret_cast<const char *>(bytes), static_cast<std::size_t>(length));
      }
      utf8proc_uint8_t *normalized = nullptr;
      const auto length =
          utf8proc_map(reinterpret_cast<const utf8proc_uint8_t *>(utf8.data()),
                       static_cast<utf8proc_ssize_t>(utf8.size()), &normalized,
                       static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_STABLE));
      const bool same = length == static_cast<utf8proc_ssize_t>(utf8.size()) &&
                        std::string(reinterpret_cast<char *>(normalized), utf8.size()) == utf8;
      std::free(normalized);
      ASSERT_TRUE(same) << std::hex << first << " " << second;
    }
  }
}

TEST(NormalizeNfc, LongValue) {
  expect_transform(normalize_nfc, repeat("Sa\u0303o ", 20000), repeat("São ", 20000));
}

// --- remove_accents ---

TEST(RemoveAccents, DropsNonspacingMarks) {
  expect_transform(remove_accents, "São João", "Sao Joao");
  expect_transform(remove_accents, "Açúcar, coração, pão, AÇÃO, Ü, ñ",
                   "Acucar, coracao, pao, ACAO, U, n");
  expect_transform(remove_accents, "Tiếng Việt", "Tieng Viet");
  expect_transform(remove_accents, "Jose\u0301", "Jose");  // already decomposed
}

TEST(RemoveAccents, KeepsLettersWithoutDecomposition) {
  expect_unchanged(remove_accents, {"ø ł ß Æ đ", "ı"});
}

TEST(RemoveAccents, KeepsSpacingAndEnclosingMarks) {
  expect_unchanged(remove_accents, {"कि", "1\u20DD"});  // Mc vowel sign, Me enclosing circle
  expect_transform(remove_accents, "क\u0902", "क");     // Mn anusvara goes
}

TEST(RemoveAccents, RecomposesWhatHasNoMarks) {
  expect_unchanged(remove_accents, {"한국어", "日本語", "😀👍🏽"});
  expect_transform(remove_accents, "が", "か");  // the voicing mark U+3099 is Mn
}

// remove_accents by its definition, with utf8proc's allocating string functions: NFD, drop
// Mn, NFC.
std::string remove_accents_by_definition(const std::string &value) {
  utf8proc_int32_t code_points[64];
  const auto count =
      utf8proc_decompose(reinterpret_cast<const utf8proc_uint8_t *>(value.data()),
                         static_cast<utf8proc_ssize_t>(value.size()), code_points, 64,
                         static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STABLE));
  std::string kept;
  for (utf8proc_ssize_t i = 0; i < count; ++i) {
    if (utf8proc_category(code_points[i]) == UTF8PROC_CATEGORY_MN) continue;
    utf8proc_uint8_t bytes[4];
    kept.append(reinterpret_cast<const char *>(bytes),
                static_cast<std::size_t>(utf8proc_encode_char(code_points[i], bytes)));
  }
  utf8proc_uint8_t *composed = nullptr;
  const auto length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t *>(kept.data()),
                   static_cast<utf8proc_ssize_t>(kept.size()), &composed,
                   static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_STABLE));
  std::string result(reinterpret_cast<char *>(composed), static_cast<std::size_t>(length));
  std::free(composed);
  return result;
}

std::string utf8_of(char32_t c) { return utf8_of(std::u32string(1, c)); }

TEST(RemoveAccents, LatinFastPathAgreesWithTheDefinition) {
  // Every code point of the Latin fast path alone, after a letter and before a mark, and every
  // Latin letter followed by every combining diacritical mark.
  for (char32_t c = 0x80; c < 0x370; ++c) {
    for (const std::string &value : {utf8_of(c), "a" + utf8_of(c) + "\u0301", utf8_of(c) + "b"}) {
      expect_transform(remove_accents, value, remove_accents_by_definition(value));
    }
  }
  for (char32_t letter = 0x41; letter < 0x250; ++letter) {
    for (char32_t mark = 0x300; mark < 0x370; ++mark) {
      const std::string value = utf8_of(letter) + utf8_of(mark) + "x";
      expect_transform(remove_accents, value, remove_accents_by_definition(value));
    }
  }
}

TEST(RemoveAccents, GeneralPathAgreesWithTheDefinition) {
  for (const std::string value : {"Tiếng Việt", "Ελληνικά ά", "ΐ", "क़ि", "\u1100\u1161\u0301",
                                  "ﬁ ǖ ǅ", "a\u0328\u0301", "が ぱ", "ò\u1DC0"}) {
    expect_transform(remove_accents, value, remove_accents_by_definition(value));
  }
}

TEST(RemoveAccents, UnchangedReturnsFalse) {
  expect_unchanged(remove_accents, {"", "plain ascii text", "   "});
}

TEST(RemoveAccents, LongValue) {
  expect_transform(remove_accents, repeat("ação ", 20000), repeat("acao ", 20000));
}

// --- digits_only ---

TEST(DigitsOnly, KeepsAsciiDigits) {
  expect_transform(digits_only, "(11) 98765-4321", "11987654321");
  expect_transform(digits_only, "789.1234.5678-9", "789123456789");
  expect_transform(digits_only, "no digits", "");
}

TEST(DigitsOnly, DropsOtherUnicodeDigits) {
  expect_transform(digits_only, "\u0661\u0662\u06634", "4");  // Arabic-Indic
  expect_transform(digits_only, "\uFF11\uFF123", "3");        // fullwidth
}

TEST(DigitsOnly, UnchangedReturnsFalse) { expect_unchanged(digits_only, {"", "0123456789"}); }

// --- strip_html ---

TEST(StripHtml, ReplacesEachTagByASpace) {
  expect_transform(strip_html, "<p>Hello</p>", " Hello ");
  expect_transform(strip_html, "a<br>b<br/>c", "a b c");
  expect_transform(strip_html, "<a href=\"x.html?a=1&amp;b=2\">link</a>", " link ");
  expect_transform(strip_html, "<div\nclass='x'>multi-line</div>", " multi-line ");
  expect_transform(strip_html, "<!-- comment -->x<?xml version=\"1.0\"?>", " x ");
  expect_transform(strip_html, "<b><i>x</i></b>", "  x  ");
}

TEST(StripHtml, LessThanNotFollowedByATagStartIsText) {
  expect_unchanged(strip_html, {"5 < 10 > 3", "peso <10 kg", "a<>b", "a <3 b", "<", "x<"});
}

TEST(StripHtml, UnterminatedTagIsText) {
  expect_unchanged(strip_html, {"<b", "a <b c", "x <div class='y'"});
  expect_transform(strip_html, "<b>x<y", " x<y");
  expect_transform(strip_html, "<b x &amp;", "<b x &");  // references still decoded
}

TEST(StripHtml, DecodesNamedReferences) {
  expect_transform(strip_html, "a &amp; b", "a & b");
  expect_transform(strip_html, "&lt;&gt;&quot;&apos;", "<>\"'");
  expect_transform(strip_html, "R$&nbsp;10", "R$\u00A010");
}

TEST(StripHtml, DecodesOnceWithoutRescanning) {
  expect_transform(strip_html, "&amp;lt;", "&lt;");
  expect_transform(strip_html, "&lt;b&gt;bold&lt;/b&gt;", "<b>bold</b>");
}

TEST(StripHtml, DecodesNumericReferences) {
  expect_transform(strip_html, "&#65;&#x42;&#X43;&#0068;", "ABCD");
  expect_transform(strip_html, "caf&#233; caf&#xE9;", "café café");
  expect_transform(strip_html, "&#x1F600;", "😀");
  expect_transform(strip_html, "&#1114111;", "\U0010FFFF");
}

TEST(StripHtml, LeavesInvalidReferencesAsWritten) {
  expect_unchanged(strip_html, {"&#0;", "&#x0;", "&#xD800;", "&#55296;", "&#x110000;",
                                "&#99999999999999999999999;", "&#;", "&#x;", "&#65", "&#x4G;",
                                "&copy;", "&AMP;", "& b", "&", "&amp", "&nbsp"});
}

TEST(StripHtml, DecodesEveryAlignmentOfTagsAndReferences) {
  // Pieces whose stripped forms are known, joined at random: every '<' and '&' lands at every
  // position of the eight-byte words the scan skips.
  const std::vector<std::pair<std::string, std::string>> pieces = {
      {"<b>", " "},           {"</p>", " "}, {"&amp;", "&"}, {"&#233;", "é"}, {"a", "a"},
      {"palavra", "palavra"}, {" ", " "},    {"ção", "ção"}, {"<3", "<3"},    {"&x", "&x"}};
  std::mt19937 random(11);
  for (int round = 0; round < 3000; ++round) {
    std::string html;
    std::string stripped;
    const int length = static_cast<int>(random() % 20);
    for (int i = 0; i < length; ++i) {
      const auto &piece = pieces[random() % pieces.size()];
      html += piece.first;
      stripped += piece.second;
    }
    expect_transform(strip_html, html, stripped);
  }
}

TEST(StripHtml, UnchangedReturnsFalse) {
  expect_unchanged(strip_html, {"", "plain text", "ação 😀", "a > b"});
}

TEST(StripHtml, LongDescription) {
  const std::string html = repeat("<p>Tênis <b>Nike</b> &amp; Adidas</p>\n", 10000);
  expect_transform(strip_html, html, repeat(" Tênis  Nike  & Adidas \n", 10000));
}

// --- truncate ---

TEST(Truncate, AtCharKeepsTheFirstMaxCodePoints) {
  expect_transform(truncate_with(5, TruncateAt::kChar), "Hello world", "Hello");
  expect_transform(truncate_with(3, TruncateAt::kChar), "çãõéí", "çãõ");
  expect_transform(truncate_with(2, TruncateAt::kChar), "😀😀😀", "😀😀");
  expect_transform(truncate_with(2, TruncateAt::kChar), "日本語", "日本");
  expect_transform(truncate_with(1, TruncateAt::kChar), "ab", "a");
}

TEST(Truncate, ExactlyMaxIsUnchanged) {
  for (TruncateAt at : {TruncateAt::kChar, TruncateAt::kWord}) {
    expect_unchanged(truncate_with(5, at), {"Hello", "çãõéí", "", "abc", "a b c"});
    expect_unchanged(truncate_with(5, at, "..."), {"Hello", "a b"});
  }
}

TEST(Truncate, MaxPlusOneIsCut) {
  expect_transform(truncate_with(5, TruncateAt::kChar), "Hello!", "Hello");
  expect_transform(truncate_with(5, TruncateAt::kWord), "Hello!", "Hello");  // fallback
  expect_transform(truncate_with(5, TruncateAt::kWord), "Hello x", "Hello");
  expect_transform(truncate_with(5, TruncateAt::kWord), "Hi yo!", "Hi");
}

TEST(Truncate, AtWordKeepsTheLongestPrefixEndingAWord) {
  const Transform at_word_10 = truncate_with(10, TruncateAt::kWord);
  expect_transform(at_word_10, "Hello big world", "Hello big");
  expect_transform(truncate_with(9, TruncateAt::kWord), "Hello big world", "Hello big");
  expect_transform(truncate_with(8, TruncateAt::kWord), "Hello big world", "Hello");
  expect_transform(truncate_with(4, TruncateAt::kWord), "ab   cdefgh",
                   "ab");  // trailing space removed
  expect_transform(truncate_with(4, TruncateAt::kWord), "ab\u00A0cd ef", "ab");  // NBSP separates
  expect_transform(truncate_with(6, TruncateAt::kWord), "São João Pessoa", "São");
}

TEST(Truncate, AtWordFallsBackToCharsForOneLongWord) {
  expect_transform(truncate_with(5, TruncateAt::kWord), "Supercalifragilistic", "Super");
  expect_transform(truncate_with(5, TruncateAt::kWord), "Supercalifragilistic word", "Super");
}

TEST(Truncate, AtWordWithLeadingWhitespace) {
  expect_transform(truncate_with(6, TruncateAt::kWord), "   Supercalifragilistic", "   Sup");
  expect_transform(truncate_with(6, TruncateAt::kWord), "  ab cdefgh", "  ab");
  expect_transform(truncate_with(3, TruncateAt::kWord), "      x", "   ");
}

TEST(Truncate, EllipsisFitsInMax) {
  expect_transform(truncate_with(8, TruncateAt::kChar, "..."), "Hello world", "Hello...");
  expect_transform(truncate_with(8, TruncateAt::kChar, "…"), "Hello world", "Hello w…");
  expect_transform(truncate_with(12, TruncateAt::kWord, "..."), "Hello big world", "Hello big...");
  expect_transform(truncate_with(11, TruncateAt::kWord, "..."), "Hello big world", "Hello...");
  expect_transform(truncate_with(5, TruncateAt::kChar, "…"), "Hello!", "Hell…");
  expect_transform(truncate_with(8, TruncateAt::kWord, "..."), "Supercalifragilistic", "Super...");
  expect_transform(truncate_with(7, TruncateAt::kChar, " (…)"), "Hello world", "Hel (…)");
}

TEST(Truncate, EllipsisAsLongAsMaxIsAllThatRemains) {
  expect_transform(truncate_with(3, TruncateAt::kChar, "..."), "Hello world", "...");
  expect_transform(truncate_with(3, TruncateAt::kWord, "..."), "Hello world", "...");
}

TEST(Truncate, EllipsisLongerThanMaxIsNotAdded) {
  expect_transform(truncate_with(2, TruncateAt::kChar, "..."), "Hello world", "He");
  expect_transform(truncate_with(2, TruncateAt::kWord, "..."), "a bcd", "a");
}

TEST(Truncate, ResultNeverExceedsMax) {
  std::mt19937 random(42);
  const std::vector<std::string> pieces = {"a", "b", " ", "ç", "😀", "\u00A0", "日", "  "};
  for (int round = 0; round < 2000; ++round) {
    std::string value;
    const int length = static_cast<int>(random() % 30);
    for (int i = 0; i < length; ++i) value += pieces[random() % pieces.size()];
    const std::size_t max = 1 + random() % 12;
    const std::string ellipsis = random() % 2 ? "…" : "";
    for (TruncateAt at : {TruncateAt::kChar, TruncateAt::kWord}) {
      std::string out;
      const bool changed = truncate(value, max, at, ellipsis, out);
      const std::string &result = changed ? out : value;
      EXPECT_LE(code_point_count(result), max) << value;
      EXPECT_EQ(changed, code_point_count(value) > max) << value;
      if (changed) {
        ASSERT_TRUE(valid_utf8(result)) << value;
        const std::string_view kept =
            std::string_view(result).substr(0, result.size() - ellipsis.size());
        EXPECT_EQ(value.compare(0, kept.size(), kept), 0) << value;  // a prefix of the value
      }
    }
  }
}

TEST(Truncate, LongValueOnlyWalksToMax) {
  const std::string value = repeat("palavra ", 200000);
  expect_transform(truncate_with(20, TruncateAt::kWord, "…"), value, "palavra palavra…");
  expect_transform(truncate_with(20, TruncateAt::kChar), value, "palavra palavra pala");
}

// --- pad_left ---

TEST(PadLeft, PadsToLengthInCodePoints) {
  expect_transform(pad_left_with(13, "0"), "7891000315507", "7891000315507");
  expect_transform(pad_left_with(13, "0"), "36000291452", "0036000291452");
  expect_transform(pad_left_with(5, "*"), "ção", "**ção");
  expect_transform(pad_left_with(4, "·"), "ab", "··ab");
  expect_transform(pad_left_with(3, "😀"), "", "😀😀😀");
}

TEST(PadLeft, NeverTruncates) {
  expect_unchanged(pad_left_with(3, "0"), {"123", "1234567", "çãõé"});
}

// --- replace_all ---

TEST(ReplaceAll, ReplacesEveryOccurrenceExactly) {
  expect_transform(replace_with("-", "+", false), "a-b-c-", "a+b+c+");
  expect_transform(replace_with("São", "Sao", false), "São Paulo, São José", "Sao Paulo, Sao José");
  expect_transform(replace_with("foo", "", false), "foobarfoo", "bar");
  expect_transform(replace_with("a", "aa", false), "aXa", "aaXaa");  // no rescanning
}

TEST(ReplaceAll, MatchesLeftToRightWithoutOverlap) {
  expect_transform(replace_with("aa", "b", false), "aaaa", "bb");
  expect_transform(replace_with("aa", "b", false), "aaa", "ba");
}

TEST(ReplaceAll, ExactMatchIsCaseSensitive) {
  expect_unchanged(replace_with("foo", "x", false), {"FOO Foo fOo"});
}

TEST(ReplaceAll, IgnoringCaseKeepsTheTextOutsideMatches) {
  expect_transform(replace_with("foo", "x", true), "Foo BAR fOO", "x BAR x");
  expect_transform(replace_with("frete grátis", "", true), "Tênis FRETE GRÁTIS frete grátis!",
                   "Tênis  !");
}

TEST(ReplaceAll, IgnoringCaseUsesSimpleFolding) {
  expect_transform(replace_with("k", "K", true), "10\u212A", "10K");  // Kelvin sign: 3 bytes
  expect_transform(replace_with("οδος", "rua", true), "ΟΔΟΣ, οδος, οδοσ", "rua, rua, rua");
  expect_transform(replace_with("ß", "ss", true), "STRA\u1E9EE straße", "STRAssE strasse");
  expect_unchanged(replace_with("ß", "x", true), {"STRASSE"});  // one code point per code point
  expect_transform(replace_with("istanbul", "X", true), "İSTANBUL Istanbul", "X X");
}

TEST(ReplaceAll, UnchangedReturnsFalse) {
  expect_unchanged(replace_with("b", "b", false), {"abc", ""});
  expect_unchanged(replace_with("x", "y", true), {"abc", "", "ação"});
  expect_unchanged(replace_with("", "y", false), {"abc", ""});  // an empty pattern replaces nothing
}

TEST(ReplaceAll, LongValue) {
  expect_transform(replace_with("AÇÃO", "acao", true), repeat("x ação y ", 20000),
                   repeat("x acao y ", 20000));
}

TEST(TextPattern, FindFromAnOffset) {
  const TextPattern pattern("ab", true);
  std::size_t begin = 0;
  std::size_t end = 0;
  ASSERT_TRUE(pattern.find("AB ab Ab", 1, begin, end));
  EXPECT_EQ(begin, 3u);
  EXPECT_EQ(end, 5u);
  EXPECT_FALSE(pattern.find("AB ab Ab", 7, begin, end));
}

// --- remove_terms ---

TEST(RemoveTerms, RemovesTermsIgnoringCaseThenCollapsesAndTrims) {
  expect_transform(remove_terms_with({"frete grátis", "promoção"}),
                   "Tênis Nike FRETE GRÁTIS  Promoção", "Tênis Nike");
  expect_transform(remove_terms_with({"promo"}), "promo a  PROMO  b promo", "a b");
}

TEST(RemoveTerms, RemovesSubstringsNotWholeWords) {
  expect_transform(remove_terms_with({"cor"}), "cores", "es");
}

TEST(RemoveTerms, AppliesTermsInOrder) {
  expect_transform(remove_terms_with({"x", "ab"}), "axb c", "c");
  expect_transform(remove_terms_with({"ab", "x"}), "axb c", "ab c");
}

TEST(RemoveTerms, EverythingRemovedLeavesEmpty) {
  expect_transform(remove_terms_with({"novo"}), " NOVO novo ", "");
}

TEST(RemoveTerms, NothingRemovedLeavesTheValueAsItIs) {
  expect_unchanged(remove_terms_with({"x"}), {"a  b", "  a ", ""});
  expect_unchanged(remove_terms_with({}), {"a  b"});
}

// --- contains, starts_with, ends_with ---

TEST(Contains, ExactAndIgnoringCase) {
  EXPECT_TRUE(contains("Tênis Nike", TextPattern("Nike", false)));
  EXPECT_FALSE(contains("Tênis Nike", TextPattern("nike", false)));
  EXPECT_TRUE(contains("Tênis Nike", TextPattern("TÊNIS", true)));
  EXPECT_FALSE(contains("Tênis", TextPattern("Tenis", true)));  // accents are not folded
  EXPECT_TRUE(contains("", TextPattern("", false)));
  EXPECT_TRUE(contains("abc", TextPattern("", true)));
  EXPECT_FALSE(contains("ab", TextPattern("abc", true)));
}

TEST(StartsWith, ExactAndIgnoringCase) {
  EXPECT_TRUE(starts_with("İstanbul", TextPattern("istanbul", true)));
  EXPECT_TRUE(starts_with("abc", TextPattern("ab", false)));
  EXPECT_FALSE(starts_with("abc", TextPattern("AB", false)));
  EXPECT_TRUE(starts_with("ABC", TextPattern("ab", true)));
  EXPECT_FALSE(starts_with("a", TextPattern("ab", true)));
  EXPECT_TRUE(starts_with("x", TextPattern("", true)));
}

TEST(EndsWith, ExactAndIgnoringCase) {
  EXPECT_TRUE(ends_with("Tênis Nike", TextPattern("Nike", false)));
  EXPECT_FALSE(ends_with("Tênis Nike", TextPattern("NIKE", false)));
  EXPECT_TRUE(ends_with("AÇÃO", TextPattern("ção", true)));
  EXPECT_TRUE(ends_with("ABC\u212A", TextPattern("ck", true)));  // bytes differ in length
  EXPECT_FALSE(ends_with("straße", TextPattern("SSE", true)));
  EXPECT_TRUE(ends_with("STRASSE", TextPattern("sse", true)));
  EXPECT_FALSE(ends_with("e", TextPattern("se", true)));
  EXPECT_TRUE(ends_with("", TextPattern("", true)));
}

}  // namespace
}  // namespace smart_rules::text
