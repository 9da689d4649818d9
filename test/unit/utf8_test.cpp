// Unit tests of the UTF-8 basics (src/core/text/utf8.hpp): strict validation checked against an
// independent decode-then-check definition on every short byte string, decoding of every scalar
// value, counting, and the exact White_Space property.
#include "text/utf8.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace smart_rules::text {
namespace {

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr char32_t kReplacement = 0xFFFD;

bool is_surrogate(char32_t c) { return c >= 0xD800 && c <= 0xDFFF; }

// The shortest UTF-8 form of `c` (also encodes surrogates, for the tests that reject them).
std::string encode(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// The definition of well-formed UTF-8 written the other way round from the implementation:
// take the length from the lead byte's high bits, decode, then reject overlongs, surrogates and
// values past U+10FFFF.
bool well_formed_by_definition(const std::string &bytes) {
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const auto lead = static_cast<unsigned char>(bytes[pos]);
    std::size_t length;
    char32_t minimum;
    char32_t code_point;
    if ((lead & 0x80) == 0) {
      length = 1, minimum = 0, code_point = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, minimum = 0x80, code_point = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, minimum = 0x800, code_point = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, minimum = 0x10000, code_point = lead & 0x07;
    } else {
      return false;
    }
    if (pos + length > bytes.size()) return false;
    for (std::size_t i = 1; i < length; ++i) {
      const auto continuation = static_cast<unsigned char>(bytes[pos + i]);
      if ((continuation & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (continuation & 0x3F);
    }
    if (code_point < minimum || is_surrogate(code_point) || code_point > kMaxCodePoint) {
      return false;
    }
    pos += length;
  }
  return true;
}

TEST(ValidUtf8, AcceptsAsciiAndMultibyteText) {
  for (const char *value : {"", "hello", "S\xc3\xa3o Paulo" /* São */,
                            "\xe6\x97\xa5\xe6\x9c\xac" /* 日本 */, "\xf0\x9f\x98\x80" /* 😀 */,
                            "R$ 10,00 \xe2\x82\xac" /* € */}) {
    EXPECT_TRUE(valid_utf8(value)) << value;
  }
  EXPECT_TRUE(valid_utf8(std::string("a\0b", 3)));  // U+0000 is a code point like any other
}

TEST(ValidUtf8, AcceptsBoundaryCodePoints) {
  for (char32_t c : {0x00u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xFFFu, 0x1000u, 0xD7FFu, 0xE000u,
                     0xFFFDu, 0xFFFEu, 0xFFFFu, 0x10000u, 0x3FFFFu, 0x40000u, 0xFFFFFu,
                     0x100000u, 0x10FFFFu}) {
    EXPECT_TRUE(valid_utf8(encode(c))) << std::hex << c;
  }
}

TEST(ValidUtf8, AcceptsEveryScalarValue) {
  for (char32_t c = 0; c <= kMaxCodePoint; ++c) {
    if (is_surrogate(c)) continue;
    ASSERT_TRUE(valid_utf8(encode(c))) << std::hex << c;
  }
}

TEST(ValidUtf8, RejectsOverlongForms) {
  for (const char *value :
       {"\xc0\x80" /* U+0000 */, "\xc0\xaf" /* '/' */, "\xc1\xbf" /* U+007F */,
        "\xe0\x80\x80", "\xe0\x80\xaf", "\xe0\x9f\xbf" /* U+07FF */, "\xf0\x80\x80\x80",
        "\xf0\x80\x80\xaf", "\xf0\x8f\xbf\xbf" /* U+FFFF */}) {
    EXPECT_FALSE(valid_utf8(value)) << value;
  }
}

TEST(ValidUtf8, RejectsSurrogates) {
  for (char32_t c : {0xD800u, 0xDB7Fu, 0xDB80u, 0xDBFFu, 0xDC00u, 0xDFFFu}) {
    EXPECT_FALSE(valid_utf8(encode(c))) << std::hex << c;
    EXPECT_FALSE(valid_utf8("ok " + encode(c) + " ok")) << std::hex << c;
  }
  // A CESU-8 style surrogate pair for U+1F600.
  EXPECT_FALSE(valid_utf8("\xed\xa0\xbd\xed\xb8\x80"));
}

TEST(ValidUtf8, RejectsCodePointsPastTheLast) {
  for (const char *value : {"\xf4\x90\x80\x80" /* U+110000 */, "\xf4\xbf\xbf\xbf",
                            "\xf5\x80\x80\x80", "\xf7\xbf\xbf\xbf" /* U+1FFFFF */,
                            "\xf8\x88\x80\x80\x80" /* 5-byte form */,
                            "\xfc\x84\x80\x80\x80\x80" /* 6-byte form */}) {
    EXPECT_FALSE(valid_utf8(value)) << value;
  }
}

TEST(ValidUtf8, RejectsBytesThatNeverAppear) {
  for (int byte : {0xC0, 0xC1, 0xF5, 0xF6, 0xF7, 0xF8, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF}) {
    EXPECT_FALSE(valid_utf8(std::string(1, static_cast<char>(byte)))) << byte;
    EXPECT_FALSE(valid_utf8("abc" + std::string(1, static_cast<char>(byte)) + "\x80\x80"))
        << byte;
  }
}

TEST(ValidUtf8, RejectsTruncatedSequences) {
  for (const char *value : {"\xc3", "\xe2\x82", "\xe2", "\xf0\x9f\x98", "\xf0\x9f", "\xf0",
                            "caf\xc3", "\xc3" "a", "\xe2\x82" "a", "\xf0\x9f\x98" "a",
                            "\xf0\x9f\x98\xf0\x9f\x98\x80"}) {
    EXPECT_FALSE(valid_utf8(value)) << value;
  }
}

TEST(ValidUtf8, RejectsStrayContinuationBytes) {
  for (const char *value : {"\x80", "\xbf", "a\x80" "b", "\xc3\xa3\xa3", "\xe2\x82\xac\x80",
                            "\xf0\x9f\x98\x80\xbf", "\x80\x80\x80\x80\x80\x80\x80\x80"}) {
    EXPECT_FALSE(valid_utf8(value)) << value;
  }
}

// The ASCII fast path reads eight bytes at a time: an error or a multi-byte character must be
// found at every offset of a long ASCII run, including the word boundaries and the tail.
TEST(ValidUtf8, FindsErrorsAtEveryOffsetOfAsciiText) {
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t offset = 0; offset < length; ++offset) {
      std::string text(length, 'a');
      text[offset] = '\x80';
      EXPECT_FALSE(valid_utf8(text)) << length << " " << offset;
      text.replace(offset, 1, "\xc3\xa3");
      EXPECT_TRUE(valid_utf8(text)) << length << " " << offset;
      text.replace(offset, 2, "\xed\xa0\x80");  // a surrogate
      EXPECT_FALSE(valid_utf8(text)) << length << " " << offset;
    }
  }
}

TEST(ValidUtf8, AgreesWithTheDefinitionOnAllStringsOfUpToThreeBytes) {
  std::string bytes;
  for (int first = 0; first < 256; ++first) {
    bytes.assign(1, static_cast<char>(first));
    ASSERT_EQ(valid_utf8(bytes), well_formed_by_definition(bytes)) << first;
    for (int second = 0; second < 256; ++second) {
      bytes.assign({static_cast<char>(first), static_cast<char>(second)});
      ASSERT_EQ(valid_utf8(bytes), well_formed_by_definition(bytes)) << first << " " << second;
      bytes.push_back('\0');
      for (int third = 0; third < 256; ++third) {
        bytes[2] = static_cast<char>(third);
        ASSERT_EQ(valid_utf8(bytes), well_formed_by_definition(bytes))
            << first << " " << second << " " << third;
      }
    }
  }
}

TEST(ValidUtf8, AgreesWithTheDefinitionOnFourByteStrings) {
  const int tails[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0,
                       0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF};
  std::string bytes(4, '\0');
  for (int first = 0xC0; first < 256; ++first) {
    for (int second = 0; second < 256; ++second) {
      for (int third : tails) {
        for (int fourth : tails) {
          bytes[0] = static_cast<char>(first);
          bytes[1] = static_cast<char>(second);
          bytes[2] = static_cast<char>(third);
          bytes[3] = static_cast<char>(fourth);
          ASSERT_EQ(valid_utf8(bytes), well_formed_by_definition(bytes))
              << first << " " << second << " " << third << " " << fourth;
        }
      }
    }
  }
}

TEST(CodePointCount, CountsCodePointsNotBytes) {
  EXPECT_EQ(code_point_count(""), 0u);
  EXPECT_EQ(code_point_count("hello"), 5u);
  EXPECT_EQ(code_point_count("S\xc3\xa3o Paulo"), 9u);
  EXPECT_EQ(code_point_count("\xe6\x97\xa5\xe6\x9c\xac"), 2u);
  EXPECT_EQ(code_point_count("\xf0\x9f\x98\x80!"), 2u);
  EXPECT_EQ(code_point_count(std::string("a\0b", 3)), 3u);
}

TEST(CodePointCount, CountsLongMixedText) {
  std::string text;
  std::size_t expected = 0;
  for (char32_t c : {0x41u, 0xE3u, 0x20ACu, 0x1F600u}) {
    for (int i = 0; i < 1000; ++i) text += encode(c);
    expected += 1000;
  }
  EXPECT_EQ(code_point_count(text), expected);
}

TEST(NextCodePoint, DecodesEveryScalarValue) {
  for (char32_t c = 0; c <= kMaxCodePoint; ++c) {
    if (is_surrogate(c)) continue;
    const std::string bytes = encode(c);
    std::size_t pos = 0;
    ASSERT_EQ(next_code_point(bytes, pos), c) << std::hex << c;
    ASSERT_EQ(pos, bytes.size()) << std::hex << c;
    ASSERT_EQ(code_point_count(bytes), 1u) << std::hex << c;
  }
}

TEST(NextCodePoint, WalksMixedText) {
  const std::string text = "a\xc3\xa3\xe2\x82\xac\xf0\x9f\x98\x80z";
  const std::vector<char32_t> expected = {U'a', 0xE3, 0x20AC, 0x1F600, U'z'};
  std::vector<char32_t> decoded;
  std::size_t pos = 0;
  while (pos < text.size()) decoded.push_back(next_code_point(text, pos));
  EXPECT_EQ(decoded, expected);
  EXPECT_EQ(pos, text.size());
}

TEST(NextCodePoint, StartsAtTheGivenPosition) {
  const std::string text = "ab\xe2\x82\xac";
  std::size_t pos = 2;
  EXPECT_EQ(next_code_point(text, pos), 0x20ACu);
  EXPECT_EQ(pos, 5u);
}

TEST(NextCodePoint, ReplacesMalformedBytesOneByOne) {
  const std::string text = "\x80" "a\xc0\xaf\xed\xa0\x80" "b";
  std::vector<char32_t> decoded;
  std::size_t pos = 0;
  while (pos < text.size()) decoded.push_back(next_code_point(text, pos));
  const std::vector<char32_t> expected = {kReplacement, U'a', kReplacement, kReplacement,
                                          kReplacement, kReplacement, kReplacement, U'b'};
  EXPECT_EQ(decoded, expected);
}

TEST(NextCodePoint, NeverReadsPastTheEnd) {
  // The view stops inside the euro sign: the byte after it must not be used.
  const std::string bytes = "\xe2\x82\xac";
  const std::string_view truncated(bytes.data(), 2);
  std::size_t pos = 0;
  EXPECT_EQ(next_code_point(truncated, pos), kReplacement);
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(next_code_point(truncated, pos), kReplacement);
  EXPECT_EQ(pos, 2u);
  EXPECT_EQ(next_code_point(truncated, pos), kReplacement);
  EXPECT_EQ(pos, 2u);
}

TEST(IsUnicodeWhitespace, MatchesTheWhiteSpacePropertyExactly) {
  const std::set<char32_t> white_space = {
      0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x0020, 0x0085, 0x00A0, 0x1680,
      0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
      0x2009, 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
  for (char32_t c = 0; c <= kMaxCodePoint + 1; ++c) {
    ASSERT_EQ(is_unicode_whitespace(c), white_space.count(c) == 1) << std::hex << c;
  }
}

TEST(IsUnicodeWhitespace, ExcludesLookalikes) {
  for (char32_t c : {0x0000u, 0x0008u, 0x000Eu, 0x001Cu, 0x001Fu, 0x00ADu, 0x180Eu, 0x200Bu,
                     0x200Cu, 0x200Du, 0x2060u, 0xFEFFu, 0xFFFFFFFFu}) {
    EXPECT_FALSE(is_unicode_whitespace(c)) << std::hex << c;
  }
}

}  // namespace
}  // namespace smart_rules::text
