// RFC 4180 record parsing: quoting, line ends (LF, CRLF, lone CR), embedded line ends, blank
// lines, physical line numbers, the errors and the field limit.
#include "csv/csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "csv/lines.hpp"

namespace smart_rules::csv {
namespace {

struct Parsed {
  RecordTable table;
  Diagnostics diagnostics;
  bool ok = true;

  std::vector<std::vector<std::string>> records() const {
    std::vector<std::vector<std::string>> out;
    for (std::size_t r = 0; r < table.record_count(); ++r) {
      std::vector<std::string> cells;
      for (std::size_t c = 0; c < table.cell_count(r); ++c) cells.emplace_back(table.cell(r, c));
      out.push_back(cells);
    }
    return out;
  }
  std::vector<std::size_t> lines() const {
    std::vector<std::size_t> out;
    for (std::size_t r = 0; r < table.record_count(); ++r) out.push_back(table.line(r));
    return out;
  }
  std::string message() const {
    return diagnostics.has_errors() ? diagnostics.first_error().message : std::string();
  }
};

Parsed parse(std::string_view text, char delimiter = ',') {
  Parsed parsed;
  RecordParser parser(text, delimiter);
  for (;;) {
    const ParseStep step = parser.next(parsed.table, parsed.diagnostics);
    if (step == ParseStep::kEnd) break;
    if (step == ParseStep::kError) {
      parsed.ok = false;
      break;
    }
  }
  return parsed;
}

using Records = std::vector<std::vector<std::string>>;

TEST(CsvReader, PlainRecords) {
  const Parsed parsed = parse("sku,title\nA1,Tênis\n");
  EXPECT_EQ(parsed.records(), (Records{{"sku", "title"}, {"A1", "Tênis"}}));
}

TEST(CsvReader, QuotedFieldsHoldDelimitersAndDoubledQuotes) {
  const Parsed parsed = parse("a,\"b, c\",\"say \"\"hi\"\"\",\"\"\n");
  EXPECT_TRUE(parsed.ok);
  EXPECT_EQ(parsed.records(), (Records{{"a", "b, c", "say \"hi\"", ""}}));
}

TEST(CsvReader, LineEndsLfCrlfAndLoneCrEndRecords) {
  const Parsed parsed = parse("a\nb\r\nc\rd");
  EXPECT_EQ(parsed.records(), (Records{{"a"}, {"b"}, {"c"}, {"d"}}));
  EXPECT_EQ(parsed.lines(), (std::vector<std::size_t>{1, 2, 3, 4}));
}

TEST(CsvReader, LineEndsInsideQuotesAreKeptAsWritten) {
  const Parsed parsed = parse("\"one\r\ntwo\nthree\rfour\",x\r\nnext,y\r\n");
  EXPECT_EQ(parsed.records(), (Records{{"one\r\ntwo\nthree\rfour", "x"}, {"next", "y"}}));
  EXPECT_EQ(parsed.lines(), (std::vector<std::size_t>{1, 5}));
}

TEST(CsvReader, BlankLinesAreSkippedButDelimiterOnlyRecordsAreKept) {
  const Parsed parsed = parse("\n\r\na,b\n\n\r\r\n,\n");
  EXPECT_EQ(parsed.records(), (Records{{"a", "b"}, {"", ""}}));
  EXPECT_EQ(parsed.lines(), (std::vector<std::size_t>{3, 7}));
}

TEST(CsvReader, QuoteInsideAnUnquotedFieldIsLiteral) {
  const Parsed parsed = parse("TV 50\" 4K,Monitor 27\"\"\n");
  EXPECT_EQ(parsed.records(), (Records{{"TV 50\" 4K", "Monitor 27\"\""}}));
}

TEST(CsvReader, SpacesAfterAClosingQuoteAreDropped) {
  const Parsed parsed = parse("\"a\"  ,\"b\" \n\"c\"   ");
  EXPECT_TRUE(parsed.ok);
  EXPECT_EQ(parsed.records(), (Records{{"a", "b"}, {"c"}}));
}

TEST(CsvReader, SpacesBeforeAQuoteMakeAnUnquotedField) {
  const Parsed parsed = parse("a, \"b\"\n");
  EXPECT_EQ(parsed.records(), (Records{{"a", " \"b\""}}));
}

TEST(CsvReader, TextAfterAClosingQuoteIsAnError) {
  const Parsed parsed = parse("a,b\n\"multi\nline\",\"x\"y,z\n");
  EXPECT_FALSE(parsed.ok);
  EXPECT_EQ(parsed.message(), "line 3: unexpected text after a closing quote in column 2");
  EXPECT_EQ(std::string(sqlstate(parsed.diagnostics.first_error().code)), "22P04");
  EXPECT_EQ(parsed.diagnostics.first_error().where.line, 3);
  EXPECT_EQ(parsed.table.record_count(), 1u);  // the bad record is not kept
}

TEST(CsvReader, UnterminatedQuoteNamesTheLineWhereTheFieldStarted) {
  const Parsed parsed = parse("a,b\r\nc,\"open\r\nmore\r\nstill\r\n");
  EXPECT_FALSE(parsed.ok);
  EXPECT_EQ(parsed.message(), "line 2: unterminated quoted field in column 2");
  EXPECT_EQ(parsed.diagnostics.first_error().where.line, 2);
}

TEST(CsvReader, LineNumbersCountLineEndsInsideQuotedFields) {
  const Parsed parsed = parse("h1,h2\n\"a\nb\nc\",d\ne,\"f\r\n\r\ng\"\nh,i\n");
  EXPECT_EQ(parsed.lines(), (std::vector<std::size_t>{1, 2, 5, 8}));
}

TEST(CsvReader, TrailingDelimiterAndMissingFinalLineEnd) {
  EXPECT_EQ(parse("a,b,").records(), (Records{{"a", "b", ""}}));
  EXPECT_EQ(parse("a,b,\n").records(), (Records{{"a", "b", ""}}));
  EXPECT_EQ(parse("\"a\"").records(), (Records{{"a"}}));
}

TEST(CsvReader, OtherDelimitersMakeCommasOrdinary) {
  EXPECT_EQ(parse("a;b,c;\"d;e\"\n", ';').records(), (Records{{"a", "b,c", "d;e"}}));
  EXPECT_EQ(parse("a\tb,c\t\"d\te\"\n", '\t').records(), (Records{{"a", "b,c", "d\te"}}));
}

TEST(CsvReader, LongUnquotedAndQuotedRunsCrossWordBoundaries) {
  const std::string long_text(1000, 'x');
  const std::string text =
      long_text + "," + "\"" + long_text + "\"\"" + long_text + "\"\n" + long_text + "\n";
  const Parsed parsed = parse(text);
  EXPECT_EQ(parsed.records(), (Records{{long_text, long_text + "\"" + long_text}, {long_text}}));
}

TEST(CsvReader, AtMost1600Fields) {
  std::string fields_1600(1599, ',');
  const Parsed ok = parse(fields_1600 + "\n");
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(ok.table.cell_count(0), 1600u);
  const Parsed too_many = parse("a\n" + fields_1600 + ",\n");
  EXPECT_FALSE(too_many.ok);
  EXPECT_EQ(too_many.message(), "line 2 has more than 1600 fields");
  EXPECT_EQ(std::string(sqlstate(too_many.diagnostics.first_error().code)), "54000");
}

TEST(CsvReader, RecordAtLine) {
  const Parsed parsed = parse("a\n\"b\nc\"\nd\n");
  EXPECT_EQ(parsed.table.record_at_line(1), 0u);
  EXPECT_EQ(parsed.table.record_at_line(2), 1u);
  EXPECT_EQ(parsed.table.record_at_line(3), 3u);  // inside the quoted field: no record starts
  EXPECT_EQ(parsed.table.record_at_line(4), 2u);
  EXPECT_EQ(parsed.table.record_at_line(9), 3u);
}

TEST(CsvLines, LineAtCountsEachKindOfLineEnd) {
  const std::string_view text = "a\nb\r\nc\rd";
  EXPECT_EQ(line_at(text, 0), 1u);
  EXPECT_EQ(line_at(text, 2), 2u);
  EXPECT_EQ(line_at(text, 4), 2u);  // the LF of CRLF
  EXPECT_EQ(line_at(text, 5), 3u);
  EXPECT_EQ(line_at(text, 7), 4u);
}

}  // namespace
}  // namespace smart_rules::csv
