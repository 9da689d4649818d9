// C ABI: reading a seller's catalog file (sr_csv_parse and the sr_csv accessors) and writing a
// corrected one (sr_csv_format_record, sr_csv_encode), over the core's csv/ classes.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capi_internal.hpp"
#include "csv/csv_document.hpp"
#include "csv/csv_writer.hpp"
#include "csv/encoding.hpp"

struct sr_csv {
  smart_rules::csv::Document document;
};

using smart_rules::Diagnostics;
using smart_rules::ErrorCode;
using smart_rules::capi::fill_buffer;
using smart_rules::capi::guarded;
using smart_rules::capi::hand_over;
namespace csv = smart_rules::csv;

namespace {

// The core's encoding for a C one; false (with a 22023 error) for a value outside the enum.
bool to_encoding(sr_csv_encoding encoding, csv::Encoding &out, Diagnostics &diagnostics) {
  switch (encoding) {
    case SR_CSV_DETECT: out = csv::Encoding::kDetect; return true;
    case SR_CSV_UTF8: out = csv::Encoding::kUtf8; return true;
    case SR_CSV_WINDOWS_1252: out = csv::Encoding::kWindows1252; return true;
    case SR_CSV_UTF16LE: out = csv::Encoding::kUtf16Le; return true;
    case SR_CSV_UTF16BE: out = csv::Encoding::kUtf16Be; return true;
  }
  diagnostics.error(ErrorCode::kInvalidParameter,
                    "unknown encoding " + std::to_string(static_cast<int>(encoding)), {});
  return false;
}

sr_csv_encoding to_c_encoding(csv::Encoding encoding) noexcept {
  switch (encoding) {
    case csv::Encoding::kDetect: return SR_CSV_DETECT;
    case csv::Encoding::kUtf8: return SR_CSV_UTF8;
    case csv::Encoding::kWindows1252: return SR_CSV_WINDOWS_1252;
    case csv::Encoding::kUtf16Le: return SR_CSV_UTF16LE;
    case csv::Encoding::kUtf16Be: return SR_CSV_UTF16BE;
  }
  return SR_CSV_DETECT;
}

// The profile of `options` as an alias table; nullopt with 22023 errors when it is malformed.
std::optional<csv::AliasTable> alias_table(const sr_csv_options &options,
                                           Diagnostics &diagnostics) {
  if (options.alias_count > 0 && options.aliases == nullptr) {
    diagnostics.error(ErrorCode::kInvalidParameter, "the aliases are missing", {});
    return std::nullopt;
  }
  std::vector<csv::Alias> aliases;
  aliases.reserve(options.alias_count);
  for (size_t i = 0; i < options.alias_count; ++i) {
    const sr_csv_alias &alias = options.aliases[i];
    if (alias.name == nullptr) {
      diagnostics.error(ErrorCode::kInvalidParameter, "alias " + std::to_string(i) + " has no name",
                        {});
      return std::nullopt;
    }
    aliases.push_back(csv::Alias{alias.name, alias.field});
  }
  return csv::AliasTable::build(options.field_count, aliases, diagnostics);
}

// Reads a document, or says why not in `diagnostics`.
std::optional<csv::Document> read_document(std::string_view bytes, const sr_csv_options &options,
                                           Diagnostics &diagnostics) {
  csv::ReadOptions read_options;
  read_options.delimiter = options.delimiter;
  read_options.header_line = options.header_line;
  if (!to_encoding(options.encoding, read_options.encoding, diagnostics)) return std::nullopt;
  const std::optional<csv::AliasTable> aliases = alias_table(options, diagnostics);
  if (!aliases) return std::nullopt;
  return csv::Document::read(bytes, read_options, *aliases, diagnostics);
}

bool valid_row(const sr_csv *csv, size_t row) noexcept {
  return csv != nullptr && row < csv->document.row_count();
}

bool valid_column(const sr_csv *csv, size_t column) noexcept {
  return csv != nullptr && column < csv->document.column_count();
}

sr_text_view to_view(std::string_view text) noexcept { return {text.data(), text.size()}; }

constexpr sr_text_view kEmptyView{"", 0};

}  // namespace

extern "C" {

sr_status sr_csv_parse(const char *data, size_t len, const sr_csv_options *options, sr_csv **csv,
                       sr_diagnostics **diagnostics) noexcept {
  if (csv) *csv = nullptr;
  if (diagnostics) *diagnostics = nullptr;
  return guarded([&] {
    const sr_csv_options defaults{0, SR_CSV_DETECT, 0, 0, nullptr, 0};
    const std::string_view bytes =
        data != nullptr ? std::string_view(data, len) : std::string_view();
    Diagnostics found;
    std::optional<csv::Document> document =
        read_document(bytes, options != nullptr ? *options : defaults, found);
    hand_over(std::move(found), diagnostics);
    if (!document) return SR_ERROR;
    *csv = std::make_unique<sr_csv>(sr_csv{std::move(*document)}).release();
    return SR_OK;
  });
}

void sr_csv_free(sr_csv *csv) noexcept { std::unique_ptr<sr_csv> owned(csv); }

char sr_csv_delimiter(const sr_csv *csv) noexcept {
  return csv != nullptr ? csv->document.delimiter() : ',';
}

sr_csv_encoding sr_csv_encoding_used(const sr_csv *csv) noexcept {
  return csv != nullptr ? to_c_encoding(csv->document.encoding()) : SR_CSV_DETECT;
}

size_t sr_csv_header_line(const sr_csv *csv) noexcept {
  return csv != nullptr ? csv->document.header_line() : 0;
}

size_t sr_csv_column_count(const sr_csv *csv) noexcept {
  return csv != nullptr ? csv->document.column_count() : 0;
}

sr_text_view sr_csv_column_name(const sr_csv *csv, size_t column) noexcept {
  return valid_column(csv, column) ? to_view(csv->document.column_name(column)) : kEmptyView;
}

long sr_csv_column_field(const sr_csv *csv, size_t column) noexcept {
  return valid_column(csv, column) ? csv->document.column_field(column) : -1;
}

size_t sr_csv_row_count(const sr_csv *csv) noexcept {
  return csv != nullptr ? csv->document.row_count() : 0;
}

size_t sr_csv_row_line(const sr_csv *csv, size_t row) noexcept {
  return valid_row(csv, row) ? csv->document.row_line(row) : 0;
}

sr_text_view sr_csv_cell(const sr_csv *csv, size_t row, size_t column) noexcept {
  if (!valid_row(csv, row) || !valid_column(csv, column)) return kEmptyView;
  return to_view(csv->document.cell(row, column));
}

sr_status sr_csv_format_record(const sr_text_view *fields, size_t count, char delimiter,
                               sr_buffer *out) noexcept {
  return guarded([&] {
    if (delimiter != ',' && delimiter != ';' && delimiter != '\t') {
      smart_rules::capi::set_failure("the CSV delimiter must be ',', ';' or a tab");
      return SR_ERROR;
    }
    if (fields == nullptr && count > 0) {
      smart_rules::capi::set_failure("no fields given for a CSV record");
      return SR_ERROR;
    }
    std::vector<std::string_view> values;
    values.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      const sr_text_view &field = fields[i];
      values.push_back(field.data != nullptr ? std::string_view(field.data, field.len)
                                             : std::string_view());
    }
    std::string record;
    csv::append_record(record, values.data(), values.size(), delimiter);
    fill_buffer(record, out);
    return SR_OK;
  });
}

sr_status sr_csv_encode(const char *text, size_t len, sr_csv_encoding encoding, sr_buffer *out,
                        sr_diagnostics **diagnostics) noexcept {
  if (diagnostics) *diagnostics = nullptr;
  if (out) *out = sr_buffer{nullptr, 0};
  return guarded([&] {
    Diagnostics found;
    csv::Encoding target = csv::Encoding::kDetect;
    std::string encoded;
    const bool ok =
        to_encoding(encoding, target, found) &&
        csv::encode_from_utf8(text != nullptr ? std::string_view(text, len) : std::string_view(),
                              target, encoded, found);
    hand_over(std::move(found), diagnostics);
    if (!ok) return SR_ERROR;
    fill_buffer(encoded, out);
    return SR_OK;
  });
}

}  // extern "C"
