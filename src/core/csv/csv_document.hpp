// A seller's catalog file read whole: decoded to UTF-8, its delimiter and header row found, the
// header matched to a profile's fields, and the data rows checked against the header. What the
// C ABI's sr_csv handle holds (src/capi/capi_csv.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "common/diagnostic.hpp"
#include "csv/csv_reader.hpp"
#include "csv/encoding.hpp"
#include "csv/header_matching.hpp"

namespace smart_rules::csv {

struct ReadOptions {
  char delimiter = 0;  // ',', ';' or '\t'; 0 detects it
  Encoding encoding = Encoding::kDetect;
  std::size_t header_line = 0;  // 1-based physical line of the header; 0 detects it
};

class Document {
 public:
  // Reads `bytes` (below 1 GiB, records of at most 1600 fields). Errors: 22023 for bad options
  // or a header line where no record starts, 54000 for the limits, 22021 for bytes invalid in
  // the encoding and NUL characters, 22P04 for a malformed document (see csv_reader.hpp and
  // match_columns), including a data row with a non-empty cell past the header's last field.
  // A document without records reads as no columns and no rows.
  static std::optional<Document> read(std::string_view bytes, const ReadOptions &options,
                                      const AliasTable &aliases, Diagnostics &diagnostics);

  char delimiter() const noexcept { return delimiter_; }
  Encoding encoding() const noexcept { return encoding_; }
  // The physical line of the header row; 0 for a document without records.
  std::size_t header_line() const noexcept { return header_line_; }

  std::size_t column_count() const noexcept { return columns_.size(); }
  // The header of `column` as written, trimmed.
  std::string_view column_name(std::size_t column) const noexcept {
    return trim_header_name(table_.cell(header_record_, columns_[column].cell));
  }
  // The canonical field `column` means, or -1.
  long column_field(std::size_t column) const noexcept { return columns_[column].field; }

  std::size_t row_count() const noexcept { return row_count_; }
  // The physical line where data row `row` starts.
  std::size_t row_line(std::size_t row) const noexcept { return table_.line(first_row_ + row); }
  // The cell of data row `row` in `column`; empty past the end of a short row.
  std::string_view cell(std::size_t row, std::size_t column) const noexcept {
    const std::size_t record = first_row_ + row;
    const std::size_t index = columns_[column].cell;
    return index < table_.cell_count(record) ? table_.cell(record, index) : std::string_view("", 0);
  }

 private:
  Document() = default;

  RecordTable table_;
  // Names are looked up in table_ each time: views kept here would not survive a move of
  // table_'s buffer when it is small enough to live inside the string object.
  std::vector<Column> columns_;
  std::size_t header_record_ = 0;
  std::size_t first_row_ = 0;  // the record of data row 0
  std::size_t row_count_ = 0;
  std::size_t header_line_ = 0;
  char delimiter_ = ',';
  Encoding encoding_ = Encoding::kUtf8;
};

}  // namespace smart_rules::csv
