// csv_fuzzer: a libFuzzer target for the CSV reader and writer, driven through the C ABI as the
// PostgreSQL glue drives them. For every input:
//   - sr_csv_parse(input) with everything detected (encoding, delimiter, header row) and a small
//     catalog profile, then with options the last byte chooses: each call ends in SR_OK or
//     SR_ERROR with consistent diagnostics; a document read has a known delimiter, columns
//     meaning known fields, rows on increasing lines after the header, and cells of valid UTF-8
//     without NUL;
//   - the input cut into fields at each 0x1F byte (when it is valid UTF-8 without NUL): a header
//     and that record written by sr_csv_format_record must parse back to the same cells with
//     each delimiter, and, when sr_csv_encode can write it in Windows-1252, read back from
//     Windows-1252 to the same cells too.
// Anything else, a sanitizer report or a leak aborts. Everything is freed.
//
// Built like compile_fuzzer (build/fuzz, clang, -DSMART_RULES_FUZZ=ON); seeds and regressions
// are in test/fuzz/regressions/csv_*.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "smart_rules_capi.h"

#define SMART_RULES_FUZZER_NAME "csv_fuzzer"
#include "fuzz_checks.hpp"
#include "text/utf8.hpp"

namespace {

using fuzz_checks::check_diagnostics;
using fuzz_checks::DiagnosticsHandle;
using fuzz_checks::fail;
using fuzz_checks::require;

struct CsvFree {
  void operator()(sr_csv *csv) const noexcept { sr_csv_free(csv); }
};
using CsvHandle = std::unique_ptr<sr_csv, CsvFree>;

constexpr size_t kFieldCount = 4;
const sr_csv_alias kAliases[] = {
    {"sku", 0},       {"item_sku", 0}, {"Seller SKU", 0}, {"title", 1}, {"Título", 1},
    {"item_name", 1}, {"price", 2},    {"Preço", 2},      {"brand", 3}, {"Marca", 3},
};

bool is_text(std::string_view bytes) {
  return smart_rules::text::valid_utf8(bytes) && bytes.find('\0') == std::string_view::npos;
}

std::string_view as_view(sr_text_view view) { return std::string_view(view.data, view.len); }

// Parses `bytes`; returns the document when it is accepted, after checking its invariants.
CsvHandle parse(std::string_view bytes, const sr_csv_options &options, const char *call) {
  sr_csv *csv = nullptr;
  sr_diagnostics *diagnostics = nullptr;
  const sr_status status = sr_csv_parse(bytes.data(), bytes.size(), &options, &csv, &diagnostics);
  CsvHandle owned(csv);
  DiagnosticsHandle owned_diagnostics(diagnostics);
  require(status == SR_OK || status == SR_ERROR, call, "neither accepted nor rejected");
  require((status == SR_OK) == (csv != nullptr), call, "handle disagrees with the status");
  check_diagnostics(diagnostics, status, call);
  if (csv == nullptr) return owned;

  const char delimiter = sr_csv_delimiter(csv);
  require(delimiter == ',' || delimiter == ';' || delimiter == '\t', call, "unknown delimiter");
  require(sr_csv_encoding_used(csv) != SR_CSV_DETECT, call, "no encoding reported");
  const size_t columns = sr_csv_column_count(csv);
  const size_t header_line = sr_csv_header_line(csv);
  require(columns <= 1600, call, "too many columns");
  for (size_t column = 0; column < columns; ++column) {
    const long field = sr_csv_column_field(csv, column);
    require(field >= -1 && field < static_cast<long>(options.field_count), call, "bad field");
    const std::string_view name = as_view(sr_csv_column_name(csv, column));
    require(!name.empty() && is_text(name), call, "bad column name");
  }
  size_t previous_line = header_line;
  for (size_t row = 0; row < sr_csv_row_count(csv); ++row) {
    const size_t line = sr_csv_row_line(csv, row);
    require(line > previous_line, call, "row lines do not increase");
    previous_line = line;
    for (size_t column = 0; column < columns; ++column) {
      const sr_text_view cell = sr_csv_cell(csv, row, column);
      require(cell.data != nullptr && is_text(as_view(cell)), call, "a cell is not UTF-8 text");
    }
  }
  return owned;
}

// The fields of `bytes` cut at each 0x1F byte, at most 1600 of them.
std::vector<std::string_view> fields_of(std::string_view bytes) {
  std::vector<std::string_view> fields;
  for (;;) {
    const size_t cut = bytes.find('\x1F');
    fields.push_back(bytes.substr(0, cut));
    if (cut == std::string_view::npos || fields.size() == 1600) break;
    bytes.remove_prefix(cut + 1);
  }
  return fields;
}

std::string format(const std::vector<std::string_view> &fields, char delimiter) {
  std::vector<sr_text_view> views;
  for (std::string_view field : fields) views.push_back({field.data(), field.size()});
  sr_buffer out{nullptr, 0};
  require(sr_csv_format_record(views.data(), views.size(), delimiter, &out) == SR_OK,
          "sr_csv_format_record", "failed");
  std::string record(out.data, out.len);
  sr_buffer_free(&out);
  return record;
}

// A document of a header (c1, c2...) and `fields` read back with `encoding` gives `fields`.
void check_reads_back(std::string_view document, const std::vector<std::string_view> &fields,
                      char delimiter, sr_csv_encoding encoding) {
  sr_csv_options options{};
  options.delimiter = delimiter;
  options.encoding = encoding;
  options.header_line = 1;
  const CsvHandle csv = parse(document, options, "round trip");
  require(csv != nullptr, "round trip", "a formatted record was rejected");
  require(sr_csv_row_count(csv.get()) == 1, "round trip", "not one row");
  require(sr_csv_column_count(csv.get()) == fields.size(), "round trip", "column count changed");
  for (size_t i = 0; i < fields.size(); ++i) {
    require(as_view(sr_csv_cell(csv.get(), 0, i)) == fields[i], "round trip", "a cell changed");
  }
}

void check_round_trip(std::string_view bytes) {
  if (!is_text(bytes)) return;
  const std::vector<std::string_view> fields = fields_of(bytes);
  std::vector<std::string> names;
  for (size_t i = 0; i < fields.size(); ++i) names.push_back("c" + std::to_string(i + 1));
  const std::vector<std::string_view> header(names.begin(), names.end());
  for (char delimiter : {',', ';', '\t'}) {
    const std::string document = format(header, delimiter) + format(fields, delimiter);
    check_reads_back(document, fields, delimiter, SR_CSV_UTF8);

    sr_buffer encoded{nullptr, 0};
    sr_diagnostics *diagnostics = nullptr;
    const sr_status status = sr_csv_encode(document.data(), document.size(), SR_CSV_WINDOWS_1252,
                                           &encoded, &diagnostics);
    DiagnosticsHandle owned_diagnostics(diagnostics);
    require(status == SR_OK || status == SR_ERROR, "sr_csv_encode",
            "neither accepted nor rejected");
    check_diagnostics(diagnostics, status, "sr_csv_encode");
    if (status != SR_OK) continue;
    const std::string windows_1252(encoded.data, encoded.len);
    sr_buffer_free(&encoded);
    check_reads_back(windows_1252, fields, delimiter, SR_CSV_WINDOWS_1252);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char *>(data), size);
  sr_csv_options options{};
  options.field_count = kFieldCount;
  options.aliases = kAliases;
  options.alias_count = sizeof kAliases / sizeof kAliases[0];
  parse(bytes, options, "sr_csv_parse detected");
  if (size > 0) {
    // The last byte chooses given options: delimiter, header line and encoding.
    const std::uint8_t choice = data[size - 1];
    const char delimiters[] = {0, ',', ';', '\t'};
    options.delimiter = delimiters[choice & 3];
    options.header_line = (choice >> 2) & 7;
    options.encoding = static_cast<sr_csv_encoding>((choice >> 5) % 5);
    parse(bytes, options, "sr_csv_parse given options");
  }
  check_round_trip(bytes);
  return 0;
}
