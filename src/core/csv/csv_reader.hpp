// RFC 4180 parsing of UTF-8 CSV text into records of unescaped cells, in one pass.
//
// Records end at LF, CRLF or a lone CR; a line with no characters at all is skipped. A field
// that starts with '"' is quoted: it ends at a '"' not followed by another ('""' is one quote
// in the cell), may hold delimiters and line ends (kept as written, CRLF stays CRLF), and may be
// followed by spaces only (dropped) before the delimiter or the line end. A '"' inside an
// unquoted field is an ordinary character (12" screen). Unquoted runs are scanned eight bytes
// at a time; cells are written back to back into one buffer, so a cell costs no allocation.
//
// Lines are physical lines (1-based) counting the line ends inside quoted fields, so that an
// error names the line a text editor shows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.hpp"

namespace smart_rules::csv {

// Limits (54000 when exceeded): input bytes, and cells in one record.
constexpr std::size_t kMaxInputBytes = (std::size_t{1} << 30) - 1;
constexpr std::size_t kMaxFields = 1600;

// The records parsed so far: every cell's bytes back to back in one buffer, where each cell and
// each record starts, and each record's first line. Offsets are 32-bit: the UTF-8 text of an
// input below 1 GiB is below 3 GiB (a Windows-1252 byte becomes at most 3 UTF-8 bytes).
class RecordTable {
 public:
  RecordTable() : cell_bounds_{0}, record_first_cell_{0} {}

  std::size_t record_count() const noexcept { return record_lines_.size(); }
  std::size_t cell_count(std::size_t record) const noexcept {
    return record_first_cell_[record + 1] - record_first_cell_[record];
  }
  // Cell `index` (< cell_count(record)) of `record`.
  std::string_view cell(std::size_t record, std::size_t index) const noexcept {
    const std::size_t cell = record_first_cell_[record] + index;
    return std::string_view(bytes_).substr(cell_bounds_[cell],
                                           cell_bounds_[cell + 1] - cell_bounds_[cell]);
  }
  // The physical line where `record` starts.
  std::size_t line(std::size_t record) const noexcept { return record_lines_[record]; }
  // The record that starts on physical line `line`, or record_count() when none does.
  std::size_t record_at_line(std::size_t line) const noexcept;

  // Room for `bytes` bytes of cells (the size of the text parsed is always enough).
  void reserve(std::size_t bytes) { bytes_.reserve(bytes); }

 private:
  friend class RecordParser;

  std::string bytes_;
  std::vector<std::uint32_t> cell_bounds_;        // cell i is bytes_[bounds[i], bounds[i+1])
  std::vector<std::uint32_t> record_first_cell_;  // record r's cells: [first[r], first[r+1])
  std::vector<std::uint32_t> record_lines_;
};

static_assert(3 * kMaxInputBytes < (std::uint64_t{1} << 32), "cell offsets must fit 32 bits");

enum class ParseStep { kRecord, kEnd, kError };

// Reads the records of `text` one at a time into a RecordTable.
class RecordParser {
 public:
  // `delimiter` is ',', ';' or '\t'. `text` must outlive the parser.
  RecordParser(std::string_view text, char delimiter) noexcept
      : text_(text), delimiter_(delimiter) {}

  // Appends the next record to `table` (kRecord), or reports the end of the text (kEnd), or a
  // malformed record (kError, with a 22P04 or 54000 error in `diagnostics`; `table` is left as
  // it was before the call).
  ParseStep next(RecordTable &table, Diagnostics &diagnostics);

 private:
  // Each appends one field's cell bytes to `bytes` and leaves pos_ after the field (at a
  // delimiter, a line end or the end of the text); parse_quoted_field returns false on an error.
  void parse_unquoted_field(std::string &bytes) noexcept;
  bool parse_quoted_field(std::string &bytes, std::size_t column, Diagnostics &diagnostics);
  // Consumes the line end at pos_ (LF, CRLF or CR) and counts the line.
  void consume_line_end() noexcept;

  std::string_view text_;
  char delimiter_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace smart_rules::csv
