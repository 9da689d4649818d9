// Header names: normalization, the alias table, the header row among preamble rows, and the
// header's errors (duplicates, missing names, empty trailing columns).
#include <gtest/gtest.h>

#include <string>

#include "csv/csv_reader.hpp"
#include "csv/header_matching.hpp"
#include "csv_test_support.hpp"

namespace smart_rules::csv {
namespace {

using testing::catalog_table;
using testing::read_csv;

std::string normalized(std::string_view name) {
  std::string out;
  normalize_header_name(name, out);
  return out;
}

TEST(CsvHeaderNames, NormalizationIgnoresCaseAccentsAndSeparators) {
  EXPECT_EQ(normalized("  Preço_Unitário "), "preco unitario");
  EXPECT_EQ(normalized("item_sku"), normalized("Item SKU"));
  EXPECT_EQ(normalized("--Item -_- SKU--"), "item sku");
  EXPECT_EQ(normalized("Título\t\n do\u00A0Produto"), "titulo do produto");
  EXPECT_EQ(normalized("ＳＫＵ"), "sku");               // fullwidth letters (NFKD)
  EXPECT_EQ(normalized("Straße"), "strasse");           // full case folding
  EXPECT_EQ(normalized("Pre\u0301c\u0327o"), "preco");  // decomposed marks dropped
  EXPECT_EQ(normalized("ÅNGSTRÖM"), "angstrom");
  EXPECT_EQ(normalized(" _ - "), "");
}

TEST(CsvHeaderNames, TrimmingRemovesSpacesTabsAndALeadingBom) {
  EXPECT_EQ(trim_header_name(" \t\xEF\xBB\xBF Preço \t"), "Preço");
  EXPECT_EQ(trim_header_name("a b"), "a b");
  EXPECT_EQ(trim_header_name("  "), "");
}

TEST(CsvAliasTable, MatchesNormalizedNames) {
  const AliasTable table = catalog_table();
  EXPECT_EQ(table.field_of_normalized(normalized("PREÇO")), 2);
  EXPECT_EQ(table.field_of_normalized(normalized("Seller-SKU")), 0);
  EXPECT_EQ(table.field_of_normalized(normalized("colour")), -1);
  EXPECT_EQ(table.field_name(2), "price");
}

TEST(CsvAliasTable, RejectsBadProfiles) {
  Diagnostics diagnostics;
  EXPECT_FALSE(AliasTable::build(2, {{"sku", 0}, {"SKU", 1}}, diagnostics));
  EXPECT_EQ(diagnostics.first_error().message,
            "alias \"SKU\" means field 1, but an alias of the same name means field 0");
  Diagnostics out_of_range;
  EXPECT_FALSE(AliasTable::build(1, {{"sku", 3}}, out_of_range));
  EXPECT_EQ(std::string(sqlstate(out_of_range.first_error().code)), "22023");
  Diagnostics empty;
  EXPECT_FALSE(AliasTable::build(1, {{" _ ", 0}}, empty));
  Diagnostics same_field;
  EXPECT_TRUE(AliasTable::build(1, {{"sku", 0}, {"SKU", 0}}, same_field));
}

RecordTable records_of(std::string_view text, char delimiter = ',') {
  RecordTable table;
  RecordParser parser(text, delimiter);
  Diagnostics diagnostics;
  while (parser.next(table, diagnostics) == ParseStep::kRecord) {
  }
  return table;
}

TEST(CsvHeaderRow, TheRowWithTheMostMatchesWinsAndTheLaterOnATie) {
  const RecordTable amazon = records_of(
      "TemplateType=fptcustom\tVersion=2022.0920\tTemplateSignature=X\n"
      "Seller SKU\tProduct Name\tBrand\tPrice\n"
      "item_sku\titem_name\tbrand_name\tstandard_price\n"
      "A1\tTênis\tNike\t10\n",
      '\t');
  const HeaderChoice choice = detect_header_record(amazon, catalog_table());
  EXPECT_EQ(choice.record, 2u);
  EXPECT_EQ(choice.matches, 4u);
}

TEST(CsvHeaderRow, FirstRecordWhenNothingMatches) {
  const RecordTable table = records_of("x,y\nsku,z\n1,2\n");
  EXPECT_EQ(detect_header_record(table, catalog_table()).record, 1u);
  const RecordTable none = records_of("x,y\n1,2\n");
  EXPECT_EQ(detect_header_record(none, catalog_table()).record, 0u);
  EXPECT_EQ(detect_header_record(none, catalog_table()).matches, 0u);
}

TEST(CsvHeaderRow, OnlyTheFirstTenRecordsAreSearched) {
  std::string text;
  for (int i = 0; i < 10; ++i) text += "x,y\n";
  text += "sku,title\n";
  EXPECT_EQ(detect_header_record(records_of(text), catalog_table()).record, 0u);
}

TEST(CsvHeaderErrors, TwoColumnsMeaningOneField) {
  const auto result = read_csv("sku,title,Preço,x,y,z,price\nA1,t,1,,,,2\n");
  EXPECT_FALSE(result.document);
  EXPECT_EQ(result.message(),
            "columns 3 (\"Preço\") and 7 (\"price\") both mean the field \"price\"");
  EXPECT_EQ(result.sqlstate(), "22P04");
  EXPECT_EQ(result.line(), 1);
}

TEST(CsvHeaderErrors, TwoUnknownColumnsWithOneNormalizedName) {
  const auto result = read_csv("junk\nsku,Cor Principal,cor_principal\nA1,a,b\n", {});
  EXPECT_FALSE(result.document);
  EXPECT_EQ(result.message(),
            "columns 2 (\"Cor Principal\") and 3 (\"cor_principal\") have the same name");
  EXPECT_EQ(result.line(), 2);
}

TEST(CsvHeaderErrors, EmptyNameOverAValue) {
  const auto result = read_csv("sku,,title\nA1,,t\nA2,oops,u\n");
  EXPECT_FALSE(result.document);
  EXPECT_EQ(result.message(), "column 2 has no header name");
  EXPECT_EQ(result.diagnostics.first_error().hint, "line 3 has a value in it");
  EXPECT_EQ(result.line(), 1);
}

TEST(CsvHeaderErrors, EmptyNamedEmptyColumnsAreDropped) {
  const auto result = read_csv("sku,title,,\nA1,t,,\nA2,u\n");
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(testing::column_names(*result.document), (std::vector<std::string>{"sku", "title"}));
  EXPECT_EQ(testing::cells_of(*result.document),
            (std::vector<std::vector<std::string>>{{"A1", "t"}, {"A2", "u"}}));
}

TEST(CsvHeaderErrors, EveryProblemIsListed) {
  const auto result = read_csv("sku,SKU,x,X,\nA1,A2,a,b,c\n");
  EXPECT_FALSE(result.document);
  EXPECT_EQ(result.diagnostics.error_count(), 3u);
}

}  // namespace
}  // namespace smart_rules::csv
