// CSV encodings: detection by BOM and by validity, Windows-1252's whole table (0x80..0x9F and
// the five undefined bytes), UTF-16 with BOMs and surrogates, and encoding back with its errors.
#include <gtest/gtest.h>

#include <string>

#include "csv/encoding.hpp"

namespace smart_rules::csv {
namespace {

struct Decoded {
  std::optional<DecodedText> text;
  Diagnostics diagnostics;
};

Decoded decode(std::string_view bytes, Encoding encoding = Encoding::kDetect) {
  Decoded result;
  result.text = decode_to_utf8(bytes, encoding, result.diagnostics);
  return result;
}

std::string decoded_text(std::string_view bytes, Encoding encoding = Encoding::kDetect) {
  Decoded result = decode(bytes, encoding);
  EXPECT_TRUE(result.text.has_value()) << bytes;
  return result.text ? std::string(result.text->text()) : std::string();
}

TEST(CsvEncoding, ValidUtf8IsDetectedAndNotCopied) {
  const std::string bytes = "sku,título\nA1,Tênis\n";
  Decoded result = decode(bytes);
  ASSERT_TRUE(result.text);
  EXPECT_EQ(result.text->encoding(), Encoding::kUtf8);
  EXPECT_EQ(result.text->text().data(), bytes.data());
  EXPECT_EQ(result.text->text(), bytes);
}

TEST(CsvEncoding, Utf8ByteOrderMarkIsRemoved) {
  EXPECT_EQ(decoded_text("\xEF\xBB\xBFsku\n"), "sku\n");
  EXPECT_EQ(decoded_text("\xEF\xBB\xBFsku\n", Encoding::kUtf8), "sku\n");
}

TEST(CsvEncoding, InvalidUtf8WithoutBomIsWindows1252) {
  Decoded result = decode("sku;Pre\xE7o\nA1;\x80 10\n");
  ASSERT_TRUE(result.text);
  EXPECT_EQ(result.text->encoding(), Encoding::kWindows1252);
  EXPECT_EQ(result.text->text(), "sku;Preço\nA1;€ 10\n");
}

TEST(CsvEncoding, Windows1252HasItsWholeTable) {
  std::string high;
  for (int byte = 0x80; byte < 0xA0; ++byte) high.push_back(static_cast<char>(byte));
  EXPECT_EQ(decoded_text(high, Encoding::kWindows1252),
            "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ");
  EXPECT_EQ(decoded_text("\xA0\xE7\xE3\xFF", Encoding::kWindows1252), "\u00A0çãÿ");
}

TEST(CsvEncoding, UndefinedWindows1252BytesAreC1Controls) {
  EXPECT_EQ(decoded_text("\x81\x8D\x8F\x90\x9D", Encoding::kWindows1252),
            "\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D");
}

TEST(CsvEncoding, EveryWindows1252ByteRoundTrips) {
  std::string all;
  for (int byte = 1; byte < 256; ++byte) all.push_back(static_cast<char>(byte));
  const std::string utf8 = decoded_text(all, Encoding::kWindows1252);
  std::string back;
  Diagnostics diagnostics;
  ASSERT_TRUE(encode_from_utf8(utf8, Encoding::kWindows1252, back, diagnostics));
  EXPECT_EQ(back, all);
}

TEST(CsvEncoding, Utf16LittleEndianWithBom) {
  const std::string bytes("\xFF\xFEs\0k\0u\0;\0P\0r\0e\0\xE7\0o\0\n\0\x3D\xD8\x00\xDE", 26);
  Decoded result = decode(bytes);
  ASSERT_TRUE(result.text);
  EXPECT_EQ(result.text->encoding(), Encoding::kUtf16Le);
  EXPECT_EQ(result.text->text(), "sku;Preço\n\U0001F600");
}

TEST(CsvEncoding, Utf16BigEndianWithBom) {
  const std::string bytes("\xFE\xFF\0a\0,\0\xE9", 8);
  Decoded result = decode(bytes);
  ASSERT_TRUE(result.text);
  EXPECT_EQ(result.text->encoding(), Encoding::kUtf16Be);
  EXPECT_EQ(result.text->text(), "a,é");
  EXPECT_EQ(decoded_text(std::string("\0a", 2), Encoding::kUtf16Be), "a");
}

TEST(CsvEncoding, UnpairedSurrogateIsAnErrorNamingTheLine) {
  const std::string bytes(
      "\xFF\xFE"
      "a\0\n\0b\0\r\0\n\0\x00\xD8"
      "c\0",
      16);
  Decoded result = decode(bytes);
  EXPECT_FALSE(result.text);
  ASSERT_TRUE(result.diagnostics.has_errors());
  const Diagnostic &error = result.diagnostics.first_error();
  EXPECT_EQ(std::string(sqlstate(error.code)), "22021");
  EXPECT_EQ(error.where.line, 3);
  EXPECT_EQ(error.message,
            "line 3: invalid byte sequence for encoding \"UTF16LE\": 0x00 0xd8 (an unpaired "
            "surrogate)");
}

TEST(CsvEncoding, OddUtf16LengthIsAnError) {
  Decoded result =
      decode(std::string("\xFF\xFE"
                         "a\0b",
                         5));
  EXPECT_FALSE(result.text);
  ASSERT_TRUE(result.diagnostics.has_errors());
  EXPECT_EQ(result.diagnostics.first_error().message,
            "line 1: incomplete character at the end of UTF16LE data (an odd number of bytes)");
}

TEST(CsvEncoding, InvalidUtf8WhenUtf8IsGivenNamesTheLine) {
  Decoded result = decode("sku\r\nA1\rB\xC3(\n", Encoding::kUtf8);
  EXPECT_FALSE(result.text);
  ASSERT_TRUE(result.diagnostics.has_errors());
  const Diagnostic &error = result.diagnostics.first_error();
  EXPECT_EQ(std::string(sqlstate(error.code)), "22021");
  EXPECT_EQ(error.where.line, 3);
  EXPECT_EQ(error.message, "line 3: invalid byte sequence for encoding \"UTF8\": 0xc3 0x28");
}

TEST(CsvEncoding, AUtf8BomAnnouncesUtf8) {
  Decoded result = decode("\xEF\xBB\xBFsku\nPre\xE7o\n");
  EXPECT_FALSE(result.text);
  ASSERT_TRUE(result.diagnostics.has_errors());
  EXPECT_EQ(result.diagnostics.first_error().where.line, 2);
}

TEST(CsvEncoding, EncodesToWindows1252) {
  std::string out;
  Diagnostics diagnostics;
  ASSERT_TRUE(encode_from_utf8("Preço: € 10 — “novo”", Encoding::kWindows1252, out, diagnostics));
  EXPECT_EQ(out, "Pre\xE7o: \x80 10 \x97 \x93novo\x94");
}

TEST(CsvEncoding, UntranslatableCharacterNamesItsLine) {
  std::string out;
  Diagnostics diagnostics;
  EXPECT_FALSE(encode_from_utf8("sku,title\r\nA1,ok\r\nA2,日本\r\n", Encoding::kWindows1252, out,
                                diagnostics));
  ASSERT_TRUE(diagnostics.has_errors());
  const Diagnostic &error = diagnostics.first_error();
  EXPECT_EQ(std::string(sqlstate(error.code)), "22P05");
  EXPECT_EQ(error.where.line, 3);
  EXPECT_EQ(error.message,
            "line 3: character with byte sequence 0xe6 0x97 0xa5 in encoding \"UTF8\" has no "
            "equivalent in encoding \"WIN1252\"");
}

TEST(CsvEncoding, C1ControlsWithoutWindows1252FormAreUntranslatable) {
  std::string out;
  Diagnostics diagnostics;
  EXPECT_FALSE(encode_from_utf8("\xC2\x80", Encoding::kWindows1252, out, diagnostics));
  EXPECT_EQ(std::string(sqlstate(diagnostics.first_error().code)), "22P05");
}

TEST(CsvEncoding, EncodingRejectsInvalidUtf8) {
  std::string out;
  Diagnostics diagnostics;
  EXPECT_FALSE(encode_from_utf8("a\n\xFF", Encoding::kUtf8, out, diagnostics));
  EXPECT_EQ(std::string(sqlstate(diagnostics.first_error().code)), "22021");
  EXPECT_EQ(diagnostics.first_error().where.line, 2);
}

TEST(CsvEncoding, EncodesToUtf8AndUtf16) {
  std::string out;
  Diagnostics diagnostics;
  ASSERT_TRUE(encode_from_utf8("a€\U0001F600", Encoding::kUtf8, out, diagnostics));
  EXPECT_EQ(out, "a€\U0001F600");
  ASSERT_TRUE(encode_from_utf8("a€\U0001F600", Encoding::kUtf16Le, out, diagnostics));
  EXPECT_EQ(out, std::string("a\0\xAC\x20\x3D\xD8\x00\xDE", 8));
  ASSERT_TRUE(encode_from_utf8("a€", Encoding::kUtf16Be, out, diagnostics));
  EXPECT_EQ(out, std::string("\0a\x20\xAC", 4));
}

TEST(CsvEncoding, DetectIsNoTarget) {
  std::string out;
  Diagnostics diagnostics;
  EXPECT_FALSE(encode_from_utf8("a", Encoding::kDetect, out, diagnostics));
  EXPECT_EQ(std::string(sqlstate(diagnostics.first_error().code)), "22023");
}

}  // namespace
}  // namespace smart_rules::csv
