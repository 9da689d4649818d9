// Reading whole catalog files: delimiter detection, Amazon's preamble, header line given or
// detected, row widths, encodings, NUL characters, limits and the line numbers of errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "csv_test_support.hpp"

namespace smart_rules::csv {
namespace {

using testing::cells_of;
using testing::column_names;
using testing::read_csv;
using Rows = std::vector<std::vector<std::string>>;
using Names = std::vector<std::string>;

TEST(CsvDocument, ReadsACommaSeparatedCatalog) {
  const auto result = read_csv(
      "sku,title,price,cor\r\nA1,\"Tênis, preto\",199.90,preto\r\nA2,\"Bola "
      "\"\"oficial\"\"\",50,\r\n");
  ASSERT_TRUE(result.document) << result.message();
  const Document &document = *result.document;
  EXPECT_EQ(document.delimiter(), ',');
  EXPECT_EQ(document.encoding(), Encoding::kUtf8);
  EXPECT_EQ(document.header_line(), 1u);
  EXPECT_EQ(column_names(document), (Names{"sku", "title", "price", "cor"}));
  EXPECT_EQ(document.column_field(0), 0);
  EXPECT_EQ(document.column_field(1), 1);
  EXPECT_EQ(document.column_field(2), 2);
  EXPECT_EQ(document.column_field(3), -1);
  EXPECT_EQ(cells_of(document), (Rows{{"A1", "Tênis, preto", "199.90", "preto"},
                                      {"A2", "Bola \"oficial\"", "50", ""}}));
  EXPECT_EQ(document.row_line(0), 2u);
  EXPECT_EQ(document.row_line(1), 3u);
}

TEST(CsvDocument, DetectsSemicolonsEvenWithDecimalCommas) {
  const auto result = read_csv("sku;Preço;Título\nA1;12,50;Tênis\nA2;3,00;Bola, oficial\n");
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(result.document->delimiter(), ';');
  EXPECT_EQ(cells_of(*result.document),
            (Rows{{"A1", "12,50", "Tênis"}, {"A2", "3,00", "Bola, oficial"}}));
}

TEST(CsvDocument, DetectsTabs) {
  const auto result = read_csv("sku\ttitle\tdescription\nA1\tTênis\tConfortável, leve; bonito\n");
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(result.document->delimiter(), '\t');
  EXPECT_EQ(cells_of(*result.document), (Rows{{"A1", "Tênis", "Confortável, leve; bonito"}}));
}

TEST(CsvDocument, DetectionRespectsQuotes) {
  const auto result = read_csv("a;b\n\"x,y,z\";\"1,2,3\"\n\"p,q,r\";\"4,5,6\"\n", {}, AliasTable());
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(result.document->delimiter(), ';');
}

TEST(CsvDocument, DetectionWithoutAliasesUsesTheMostFrequentCount) {
  const auto result = read_csv("x;y;z\n1;2;3\n4;5,5;6\n", {}, AliasTable());
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(result.document->delimiter(), ';');
}

TEST(CsvDocument, OneColumnFileUsesCommas) {
  const auto result = read_csv("sku\nA1\nA2; A3\n");
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(result.document->delimiter(), ',');
  EXPECT_EQ(cells_of(*result.document), (Rows{{"A1"}, {"A2; A3"}}));
}

TEST(CsvDocument, GivenDelimiterIsUsed) {
  ReadOptions options;
  options.delimiter = ';';
  const auto result = read_csv("sku,title\nA1,x\n", options);
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(column_names(*result.document), (Names{"sku,title"}));
}

TEST(CsvDocument, AmazonPreambleIsSkipped) {
  const std::string amazon =
      "TemplateType=fptcustom\tVersion=2022.0920\tTemplateSignature=U0hPRVM=\t"
      "settings=attributeRow=3&contentLanguageTag=en_US&dataRow=4\n"
      "Seller SKU\tProduct Name\tBrand Name\tStandard Price\tColour\n"
      "item_sku\titem_name\tbrand_name\tstandard_price\tcolor_name\n"
      "A1\tTênis Runner\tNike\t199.90\tblack\n"
      "A2\tBola\tPenalty\t50.00\twhite\n";
  const auto result = read_csv(amazon);
  ASSERT_TRUE(result.document) << result.message();
  const Document &document = *result.document;
  EXPECT_EQ(document.delimiter(), '\t');
  EXPECT_EQ(document.header_line(), 3u);
  EXPECT_EQ(column_names(document),
            (Names{"item_sku", "item_name", "brand_name", "standard_price", "color_name"}));
  EXPECT_EQ(document.column_field(3), 2);
  EXPECT_EQ(document.column_field(4), -1);
  ASSERT_EQ(document.row_count(), 2u);
  EXPECT_EQ(document.row_line(0), 4u);
  EXPECT_EQ(document.cell(0, 1), "Tênis Runner");
}

TEST(CsvDocument, GivenHeaderLine) {
  ReadOptions options;
  options.header_line = 3;
  const auto result = read_csv("x,y\n\nsku,title\nA1,t\n", options);
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(result.document->header_line(), 3u);
  EXPECT_EQ(cells_of(*result.document), (Rows{{"A1", "t"}}));
}

TEST(CsvDocument, GivenHeaderLineMustStartARecord) {
  ReadOptions options;
  options.header_line = 2;
  const auto blank = read_csv("x,y\n\nsku,title\n", options);
  EXPECT_FALSE(blank.document);
  EXPECT_EQ(blank.message(), "no row starts at line 2, the header line given");
  EXPECT_EQ(blank.sqlstate(), "22023");
  options.header_line = 9;
  EXPECT_FALSE(read_csv("sku\nA1\n", options).document);
}

TEST(CsvDocument, ShortRowsHaveEmptyCells) {
  const auto result = read_csv("sku,title,price\nA1\nA2,t\n");
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(cells_of(*result.document), (Rows{{"A1", "", ""}, {"A2", "t", ""}}));
  EXPECT_NE(result.document->cell(0, 2).data(), nullptr);
}

TEST(CsvDocument, LongRowsMayOnlyAddEmptyCells) {
  const auto ok = read_csv("sku,title\nA1,t,,\n");
  ASSERT_TRUE(ok.document) << ok.message();
  EXPECT_EQ(cells_of(*ok.document), (Rows{{"A1", "t"}}));
  const auto bad = read_csv("sku,title\r\nA1,t\r\nA2,u,,extra\r\n");
  EXPECT_FALSE(bad.document);
  EXPECT_EQ(bad.message(), "line 3 has 4 fields, the header has 2");
  EXPECT_EQ(bad.sqlstate(), "22P04");
  EXPECT_EQ(bad.line(), 3);
}

TEST(CsvDocument, ErrorLinesCountMultiLineQuotedFields) {
  const auto result =
      read_csv("sku,description\nA1,\"first\nsecond\nthird\"\nA2,\"x\r\ny\"\nA3,ok,bad\n");
  EXPECT_FALSE(result.document);
  EXPECT_EQ(result.message(), "line 7 has 3 fields, the header has 2");
  const auto quote = read_csv("sku,description\nA1,\"first\nsecond\"\nA2,\"x\"y\n");
  EXPECT_EQ(quote.message(), "line 4: unexpected text after a closing quote in column 2");
  EXPECT_EQ(quote.line(), 4);
}

TEST(CsvDocument, RowsOfOnlyDelimitersAreKept) {
  const auto result = read_csv("sku,title\n,\nA1,t\n");
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(cells_of(*result.document), (Rows{{"", ""}, {"A1", "t"}}));
}

TEST(CsvDocument, NulCharactersAreErrorsNamingTheLine) {
  const auto result = read_csv(std::string_view("sku,title\nA1,ok\nA2,b\0d\n", 23));
  EXPECT_FALSE(result.document);
  EXPECT_EQ(result.message(), "line 3: NUL character (0x00) in the data");
  EXPECT_EQ(result.sqlstate(), "22021");
  EXPECT_EQ(result.line(), 3);
}

TEST(CsvDocument, Windows1252CatalogIsDecoded) {
  const auto result = read_csv("sku;Pre\xE7o;T\xEDtulo\nA1;\x80 10;Camisa \x81\x93top\x94\n");
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(result.document->encoding(), Encoding::kWindows1252);
  EXPECT_EQ(column_names(*result.document), (Names{"sku", "Preço", "Título"}));
  EXPECT_EQ(cells_of(*result.document), (Rows{{"A1", "€ 10", "Camisa \u0081“top”"}}));
}

TEST(CsvDocument, Utf16LittleEndianCatalogWithBom) {
  const std::string utf8 = "sku\ttitle\r\nA1\tTênis\r\n";
  std::string utf16 = "\xFF\xFE";
  std::string out;
  Diagnostics diagnostics;
  ASSERT_TRUE(encode_from_utf8(utf8, Encoding::kUtf16Le, out, diagnostics));
  utf16 += out;
  const auto result = read_csv(utf16);
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(result.document->encoding(), Encoding::kUtf16Le);
  EXPECT_EQ(result.document->delimiter(), '\t');
  EXPECT_EQ(cells_of(*result.document), (Rows{{"A1", "Tênis"}}));
}

TEST(CsvDocument, HeaderNamesAreTrimmedOfSpacesAndBom) {
  const auto result = read_csv("\xEF\xBB\xBF sku ,\"Título \" \nA1,x\n");
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(column_names(*result.document), (Names{"sku", "Título"}));
  EXPECT_EQ(result.document->column_field(1), 1);
  const auto inner_bom = read_csv("x\n\xEF\xBB\xBFsku,title\nA1,t\n");
  ASSERT_TRUE(inner_bom.document) << inner_bom.message();
  EXPECT_EQ(inner_bom.document->header_line(), 2u);
  EXPECT_EQ(column_names(*inner_bom.document), (Names{"sku", "title"}));
}

TEST(CsvDocument, InvalidUtf8WhenGivenAsUtf8) {
  ReadOptions options;
  options.encoding = Encoding::kUtf8;
  const auto result = read_csv("sku\nA1\nPre\xE7o\n", options);
  EXPECT_FALSE(result.document);
  EXPECT_EQ(result.sqlstate(), "22021");
  EXPECT_EQ(result.line(), 3);
}

TEST(CsvDocument, EmptyDocumentHasNoColumnsAndNoRows) {
  for (std::string_view text : {"", "\n", "\r\n\r\n"}) {
    const auto result = read_csv(text);
    ASSERT_TRUE(result.document) << result.message();
    EXPECT_EQ(result.document->column_count(), 0u);
    EXPECT_EQ(result.document->row_count(), 0u);
    EXPECT_EQ(result.document->header_line(), 0u);
  }
}

TEST(CsvDocument, HeaderOnly) {
  const auto result = read_csv("sku,title\n");
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(result.document->column_count(), 2u);
  EXPECT_EQ(result.document->row_count(), 0u);
}

TEST(CsvDocument, InputOfOneGibibyteIsRejectedBeforeItIsRead) {
  // The size is checked before a byte is read, so the view may be longer than its buffer.
  const char small[] = "sku\n";
  const auto result = read_csv(std::string_view(small, kMaxInputBytes + 1));
  EXPECT_FALSE(result.document);
  EXPECT_EQ(result.sqlstate(), "54000");
}

TEST(CsvDocument, BadDelimiterOption) {
  ReadOptions options;
  options.delimiter = '|';
  const auto result = read_csv("a|b\n", options);
  EXPECT_FALSE(result.document);
  EXPECT_EQ(result.sqlstate(), "22023");
}

TEST(CsvDocument, TooManyFieldsInARow) {
  const auto result = read_csv("sku\n" + std::string(1600, ',') + "\n");
  EXPECT_FALSE(result.document);
  EXPECT_EQ(result.sqlstate(), "54000");
  EXPECT_EQ(result.line(), 2);
}

}  // namespace
}  // namespace smart_rules::csv
