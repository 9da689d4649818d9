// Reading a catalog file whole (see csv_document.hpp): limits, decoding, NUL check, delimiter,
// one parse of every record, header row, columns, and the width of each data row.
#include "csv/csv_document.hpp"

#include <cstring>
#include <string>

#include "csv/delimiter_detection.hpp"
#include "csv/lines.hpp"

namespace smart_rules::csv {

namespace {

bool valid_options(std::string_view bytes, const ReadOptions &options, Diagnostics &diagnostics) {
  const std::size_t errors_before = diagnostics.error_count();
  if (bytes.size() > kMaxInputBytes) {
    diagnostics.error(
        ErrorCode::kLimitExceeded,
        "CSV data of " + std::to_string(bytes.size()) + " bytes is too large: the limit is 1 GiB",
        {});
  }
  const char d = options.delimiter;
  if (d != 0 && d != ',' && d != ';' && d != '\t') {
    diagnostics.error(ErrorCode::kInvalidParameter, "the delimiter must be ',', ';' or a tab", {});
  }
  return diagnostics.error_count() == errors_before;
}

// False with a 22021 error at the first NUL character: PostgreSQL text cannot hold one.
bool free_of_nul(std::string_view text, Diagnostics &diagnostics) {
  const void *nul = std::memchr(text.data(), '\0', text.size());
  if (nul == nullptr) return true;
  const auto offset = static_cast<std::size_t>(static_cast<const char *>(nul) - text.data());
  const std::size_t line = line_at(text, offset);
  diagnostics.error(ErrorCode::kCharacterNotInRepertoire,
                    line_name(line) + ": NUL character (0x00) in the data", line_location(line), {},
                    "text values cannot hold NUL characters");
  return false;
}

// False with a 22P04 error at the first data row (a record after `header`) with a non-empty
// cell past the header's last one; empty extra cells (trailing delimiters) are fine.
bool rows_fit_header(const RecordTable &table, std::size_t header, Diagnostics &diagnostics) {
  const std::size_t width = table.cell_count(header);
  for (std::size_t record = header + 1; record < table.record_count(); ++record) {
    const std::size_t count = table.cell_count(record);
    for (std::size_t cell = width; cell < count; ++cell) {
      if (table.cell(record, cell).empty()) continue;
      diagnostics.error(ErrorCode::kBadCopyFileFormat,
                        line_name(table.line(record)) + " has " + std::to_string(count) +
                            " fields, the header has " + std::to_string(width),
                        line_location(table.line(record)));
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<Document> Document::read(std::string_view bytes, const ReadOptions &options,
                                       const AliasTable &aliases, Diagnostics &diagnostics) {
  if (!valid_options(bytes, options, diagnostics)) return std::nullopt;
  const std::optional<DecodedText> decoded = decode_to_utf8(bytes, options.encoding, diagnostics);
  if (!decoded) return std::nullopt;
  const std::string_view text = decoded->text();
  if (!free_of_nul(text, diagnostics)) return std::nullopt;

  Document document;
  document.encoding_ = decoded->encoding();
  document.delimiter_ = options.delimiter != 0
                            ? options.delimiter
                            : detect_delimiter(text, options.header_line, aliases);
  RecordTable &table = document.table_;
  table.reserve(text.size());
  RecordParser parser(text, document.delimiter_);
  for (;;) {
    const ParseStep step = parser.next(table, diagnostics);
    if (step == ParseStep::kError) return std::nullopt;
    if (step == ParseStep::kEnd) break;
  }
  if (table.record_count() == 0) return document;

  std::size_t header = 0;
  if (options.header_line > 0) {
    header = table.record_at_line(options.header_line);
    if (header == table.record_count()) {
      diagnostics.error(ErrorCode::kInvalidParameter,
                        "no row starts at line " + std::to_string(options.header_line) +
                            ", the header line given",
                        line_location(options.header_line));
      return std::nullopt;
    }
  } else {
    header = detect_header_record(table, aliases).record;
  }
  std::optional<std::vector<Column>> columns = match_columns(table, header, aliases, diagnostics);
  if (!columns || !rows_fit_header(table, header, diagnostics)) return std::nullopt;

  document.columns_ = std::move(*columns);
  document.header_record_ = header;
  document.header_line_ = table.line(header);
  document.first_row_ = header + 1;
  document.row_count_ = table.record_count() - header - 1;
  return document;
}

}  // namespace smart_rules::csv
