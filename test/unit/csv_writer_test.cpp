// Writing CSV records: when fields are quoted, doubled quotes, CRLF, and round trips of tricky
// fields through the reader.
#include "csv/csv_writer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "csv_test_support.hpp"

namespace smart_rules::csv {
namespace {

std::string record(const std::vector<std::string_view> &fields, char delimiter = ',') {
  std::string out;
  append_record(out, fields.data(), fields.size(), delimiter);
  return out;
}

TEST(CsvWriter, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(record({"A1", "Tênis", "199.90"}), "A1,Tênis,199.90\r\n");
  EXPECT_EQ(record({"a,b", "say \"hi\"", "two\nlines", "cr\rhere", " lead", "trail "}),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\" lead\",\"trail \"\r\n");
  EXPECT_EQ(record({"a,b", "c;d"}, ';'), "a,b;\"c;d\"\r\n");
  EXPECT_EQ(record({"a\tb", "c"}, '\t'), "\"a\tb\"\tc\r\n");
  EXPECT_EQ(record({"12\" screen"}), "\"12\"\" screen\"\r\n");
}

TEST(CsvWriter, EmptyFields) {
  EXPECT_EQ(record({"", "", ""}), ",,\r\n");
  EXPECT_EQ(record({""}), "\"\"\r\n");  // not a blank line
  EXPECT_EQ(record({}), "\r\n");
}

TEST(CsvWriter, NeedsQuotes) {
  EXPECT_FALSE(needs_quotes("", ','));
  EXPECT_FALSE(needs_quotes("a;b", ','));
  EXPECT_TRUE(needs_quotes("a;b", ';'));
  EXPECT_TRUE(needs_quotes(" ", ','));
  EXPECT_FALSE(needs_quotes("a b", ','));
}

TEST(CsvWriter, RecordsRoundTripThroughTheReader) {
  const std::vector<std::vector<std::string_view>> rows = {
      {"", "", ""},
      {"\"", "\"\"", "a\"b"},
      {" spaced ", "tab\there", "line\r\nend"},
      {"lone\rcr", "x,y;z", "Preço € “ok”"},
  };
  for (char delimiter : {',', ';', '\t'}) {
    std::string text = record({"c1", "c2", "c3"}, delimiter);
    for (const auto &row : rows) text += record(row, delimiter);
    ReadOptions options;
    options.delimiter = delimiter;
    const auto result = testing::read_csv(text, options, AliasTable());
    ASSERT_TRUE(result.document) << result.message();
    ASSERT_EQ(result.document->row_count(), rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < 3; ++c) {
        EXPECT_EQ(result.document->cell(r, c), rows[r][c]) << "delimiter " << int(delimiter);
      }
    }
  }
}

TEST(CsvWriter, OneEmptyFieldRoundTrips) {
  const std::string text = record({"c1"}) + record({""}) + record({"x"});
  const auto result = testing::read_csv(text, {}, AliasTable());
  ASSERT_TRUE(result.document) << result.message();
  EXPECT_EQ(testing::cells_of(*result.document),
            (std::vector<std::vector<std::string>>{{""}, {"x"}}));
}

}  // namespace
}  // namespace smart_rules::csv
