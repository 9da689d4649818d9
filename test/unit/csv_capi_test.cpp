// The CSV functions of the C ABI: parsing with a profile, the accessors (also out of range),
// diagnostics with SQLSTATE and line, formatting records and encoding text.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "smart_rules_capi.h"

namespace {

const sr_csv_alias kAliases[] = {
    {"sku", 0}, {"item_sku", 0}, {"title", 1}, {"Título", 1}, {"price", 2}, {"Preço", 2},
};

sr_csv_options catalog_options() {
  sr_csv_options options{};
  options.field_count = 3;
  options.aliases = kAliases;
  options.alias_count = sizeof kAliases / sizeof kAliases[0];
  return options;
}

std::string text(sr_text_view view) { return std::string(view.data, view.len); }

sr_text_view view(const char *text) { return {text, std::strlen(text)}; }

struct Parsed {
  sr_status status;
  sr_csv *csv = nullptr;
  sr_diagnostics *diagnostics = nullptr;

  Parsed(std::string_view data, const sr_csv_options *options) {
    status = sr_csv_parse(data.data(), data.size(), options, &csv, &diagnostics);
  }
  ~Parsed() {
    sr_csv_free(csv);
    sr_diagnostics_free(diagnostics);
  }
  sr_diagnostic_view first_error() const {
    const long index = sr_diagnostics_first_error(diagnostics);
    EXPECT_GE(index, 0);
    return sr_diagnostics_get(diagnostics, index < 0 ? 0 : static_cast<size_t>(index));
  }
};

TEST(CsvCApi, ParsesAndExposesTheDocument) {
  const sr_csv_options options = catalog_options();
  const Parsed parsed("junk;x\nSKU;Preço;Cor;;\nA1;12,50;preto;;\nA2\n", &options);
  ASSERT_EQ(parsed.status, SR_OK);
  ASSERT_NE(parsed.diagnostics, nullptr);
  EXPECT_EQ(sr_diagnostics_count(parsed.diagnostics), 0u);
  const sr_csv *csv = parsed.csv;
  EXPECT_EQ(sr_csv_delimiter(csv), ';');
  EXPECT_EQ(sr_csv_encoding_used(csv), SR_CSV_UTF8);
  EXPECT_EQ(sr_csv_header_line(csv), 2u);
  ASSERT_EQ(sr_csv_column_count(csv), 3u);
  EXPECT_EQ(text(sr_csv_column_name(csv, 0)), "SKU");
  EXPECT_EQ(sr_csv_column_field(csv, 0), 0);
  EXPECT_EQ(sr_csv_column_field(csv, 1), 2);
  EXPECT_EQ(sr_csv_column_field(csv, 2), -1);
  ASSERT_EQ(sr_csv_row_count(csv), 2u);
  EXPECT_EQ(sr_csv_row_line(csv, 1), 4u);
  EXPECT_EQ(text(sr_csv_cell(csv, 0, 1)), "12,50");
  const sr_text_view missing = sr_csv_cell(csv, 1, 2);
  ASSERT_NE(missing.data, nullptr);
  EXPECT_EQ(missing.len, 0u);
}

TEST(CsvCApi, AccessorsAreSafeOutOfRange) {
  const Parsed parsed("sku\nA1\n", nullptr);
  ASSERT_EQ(parsed.status, SR_OK);
  EXPECT_EQ(sr_csv_column_field(parsed.csv, 5), -1);
  EXPECT_EQ(sr_csv_column_name(parsed.csv, 5).len, 0u);
  EXPECT_NE(sr_csv_column_name(parsed.csv, 5).data, nullptr);
  EXPECT_EQ(sr_csv_cell(parsed.csv, 9, 0).len, 0u);
  EXPECT_EQ(sr_csv_row_line(parsed.csv, 9), 0u);
  EXPECT_EQ(sr_csv_column_count(nullptr), 0u);
  sr_csv_free(nullptr);
}

TEST(CsvCApi, MalformedDocumentsReportSqlstateAndLine) {
  const sr_csv_options options = catalog_options();
  struct Case {
    const char *data;
    const char *sqlstate;
    int line;
    const char *message;
  } cases[] = {
      {"sku,title\nA1,\"open\nstill open\n", "22P04", 2,
       "line 2: unterminated quoted field in column 2"},
      {"sku,title\nA1,\"a\nb\"c\n", "22P04", 3,
       "line 3: unexpected text after a closing quote in column 2"},
      {"sku,title\nA1,t,x\n", "22P04", 2, "line 2 has 3 fields, the header has 2"},
      {"sku,title,Preço,price\n", "22P04", 1,
       "columns 3 (\"Preço\") and 4 (\"price\") both mean the field \"price\""},
      {"sku,title\n,x\n\nA1,\xC3\n", "22021", 0, nullptr},
  };
  for (const Case &c : cases) {
    sr_csv_options given = options;
    if (std::strcmp(c.sqlstate, "22021") == 0) given.encoding = SR_CSV_UTF8;
    const Parsed parsed(c.data, &given);
    ASSERT_EQ(parsed.status, SR_ERROR) << c.data;
    EXPECT_EQ(parsed.csv, nullptr);
    const sr_diagnostic_view error = parsed.first_error();
    EXPECT_STREQ(error.sqlstate, c.sqlstate) << c.data;
    if (c.message != nullptr) {
      EXPECT_EQ(error.line, c.line);
      EXPECT_STREQ(error.message, c.message);
    } else {
      EXPECT_EQ(error.line, 4);
    }
  }
}

TEST(CsvCApi, NulCharactersAndLimits) {
  const Parsed nul(std::string_view("sku\r\n\"a\nb\"\r\nx\0y\r\n", 17), nullptr);
  ASSERT_EQ(nul.status, SR_ERROR);
  EXPECT_STREQ(nul.first_error().sqlstate, "22021");
  EXPECT_EQ(nul.first_error().line, 4);

  sr_csv_options tabs{};
  tabs.delimiter = '\t';
  const Parsed wide(("sku\n" + std::string(1600, '\t') + "x\n"), &tabs);
  ASSERT_EQ(wide.status, SR_ERROR);
  EXPECT_STREQ(wide.first_error().sqlstate, "54000");

  // The size is checked before a byte is read, so the length may exceed the buffer.
  const char small[] = "sku\n";
  sr_csv *csv = nullptr;
  sr_diagnostics *diagnostics = nullptr;
  ASSERT_EQ(sr_csv_parse(small, size_t{1} << 30, nullptr, &csv, &diagnostics), SR_ERROR);
  EXPECT_EQ(csv, nullptr);
  EXPECT_STREQ(sr_diagnostics_get(diagnostics, 0).sqlstate, "54000");
  sr_diagnostics_free(diagnostics);
}

TEST(CsvCApi, BadOptionsAre22023) {
  sr_csv_options options = catalog_options();
  options.delimiter = '|';
  EXPECT_STREQ(Parsed("a\n", &options).first_error().sqlstate, "22023");
  options = catalog_options();
  options.encoding = static_cast<sr_csv_encoding>(42);
  EXPECT_STREQ(Parsed("a\n", &options).first_error().sqlstate, "22023");
  options = catalog_options();
  options.field_count = 2;  // "price" names field 2
  EXPECT_STREQ(Parsed("a\n", &options).first_error().sqlstate, "22023");
  options = catalog_options();
  const sr_csv_alias unnamed[] = {{nullptr, 0}};
  options.aliases = unnamed;
  options.alias_count = 1;
  EXPECT_STREQ(Parsed("a\n", &options).first_error().sqlstate, "22023");
}

TEST(CsvCApi, Windows1252AndUtf16Input) {
  const Parsed cp1252("sku;Pre\xE7o\nA1;\x80 5\n", nullptr);
  ASSERT_EQ(cp1252.status, SR_OK);
  EXPECT_EQ(sr_csv_encoding_used(cp1252.csv), SR_CSV_WINDOWS_1252);
  EXPECT_EQ(text(sr_csv_column_name(cp1252.csv, 1)), "Preço");
  EXPECT_EQ(text(sr_csv_cell(cp1252.csv, 0, 1)), "€ 5");

  const Parsed utf16(std::string_view("\xFE\xFF\0a\0\n\0b", 8), nullptr);
  ASSERT_EQ(utf16.status, SR_OK);
  EXPECT_EQ(sr_csv_encoding_used(utf16.csv), SR_CSV_UTF16BE);
  EXPECT_EQ(text(sr_csv_cell(utf16.csv, 0, 0)), "b");
}

TEST(CsvCApi, FormatsRecords) {
  const sr_text_view fields[] = {view("A1"), view("a \"b\", c"), {nullptr, 0}, view(" x")};
  sr_buffer out{nullptr, 0};
  ASSERT_EQ(sr_csv_format_record(fields, 4, ',', &out), SR_OK);
  EXPECT_EQ(std::string(out.data, out.len), "A1,\"a \"\"b\"\", c\",,\" x\"\r\n");
  sr_buffer_free(&out);
  EXPECT_EQ(sr_csv_format_record(fields, 4, '|', &out), SR_ERROR);
  EXPECT_STREQ(sr_last_failure(), "the CSV delimiter must be ',', ';' or a tab");
}

TEST(CsvCApi, FormattedRecordsParseBack) {
  const sr_text_view header[] = {view("sku"), view("title")};
  const sr_text_view row[] = {view("A1"), view("multi\r\nline, \"quoted\"")};
  sr_buffer first{nullptr, 0}, second{nullptr, 0};
  ASSERT_EQ(sr_csv_format_record(header, 2, ';', &first), SR_OK);
  ASSERT_EQ(sr_csv_format_record(row, 2, ';', &second), SR_OK);
  const std::string document =
      std::string(first.data, first.len) + std::string(second.data, second.len);
  sr_buffer_free(&first);
  sr_buffer_free(&second);
  const Parsed parsed(document, nullptr);
  ASSERT_EQ(parsed.status, SR_OK);
  EXPECT_EQ(sr_csv_delimiter(parsed.csv), ';');
  EXPECT_EQ(text(sr_csv_cell(parsed.csv, 0, 1)), "multi\r\nline, \"quoted\"");
}

TEST(CsvCApi, Encodes) {
  sr_buffer out{nullptr, 0};
  sr_diagnostics *diagnostics = nullptr;
  const char utf8[] = "Preço €";
  ASSERT_EQ(sr_csv_encode(utf8, std::strlen(utf8), SR_CSV_WINDOWS_1252, &out, &diagnostics), SR_OK);
  EXPECT_EQ(std::string(out.data, out.len), "Pre\xE7o \x80");
  sr_buffer_free(&out);
  sr_diagnostics_free(diagnostics);

  ASSERT_EQ(sr_csv_encode(utf8, std::strlen(utf8), SR_CSV_UTF8, &out, &diagnostics), SR_OK);
  EXPECT_EQ(std::string(out.data, out.len), utf8);
  sr_buffer_free(&out);
  sr_diagnostics_free(diagnostics);

  const char untranslatable[] = "a\r\nb\r\n→";
  ASSERT_EQ(sr_csv_encode(untranslatable, std::strlen(untranslatable), SR_CSV_WINDOWS_1252, &out,
                          &diagnostics),
            SR_ERROR);
  EXPECT_EQ(out.data, nullptr);
  const sr_diagnostic_view error = sr_diagnostics_get(diagnostics, 0);
  EXPECT_STREQ(error.sqlstate, "22P05");
  EXPECT_EQ(error.line, 3);
  sr_diagnostics_free(diagnostics);
}

}  // namespace
