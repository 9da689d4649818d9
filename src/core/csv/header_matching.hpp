// Matching a CSV header row to a marketplace profile's canonical fields: header-name
// normalization, the alias table, detection of the header row among preamble rows (Amazon's
// templates put two rows above it), and the checks on the header's names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/diagnostic.hpp"
#include "csv/csv_reader.hpp"

namespace smart_rules::csv {

// Cells longer than this (in bytes, trimmed) are never taken for header names when looking for
// the header row: a description is not a column name, and normalizing it would cost time.
constexpr std::size_t kMaxHeaderNameBytes = 1024;
// The header row is looked for among this many first records.
constexpr std::size_t kHeaderSearchRecords = 10;

// A header name as written, without surrounding spaces and tabs and without a leading byte order
// mark (U+FEFF).
std::string_view trim_header_name(std::string_view name) noexcept;

// The form in which header names and aliases are compared, written to `out`: Unicode NFKD,
// combining marks dropped, case folded, each run of whitespace, '_' and '-' made one space,
// trimmed. "  Preço_Unitário " -> "preco unitario". `name` is valid UTF-8.
void normalize_header_name(std::string_view name, std::string &out);

// One header name of a profile and the canonical field it means.
struct Alias {
  std::string_view name;
  std::size_t field;
};

// A profile's aliases by normalized name.
class AliasTable {
 public:
  // An empty table: no name matches.
  AliasTable() = default;

  // The table of `aliases` for fields 0..field_count-1, or nullopt with 22023 errors when an
  // alias names no field, normalizes to nothing, or means two fields.
  static std::optional<AliasTable> build(std::size_t field_count, const std::vector<Alias> &aliases,
                                         Diagnostics &diagnostics);

  // The field whose alias normalizes to `normalized`, or -1.
  long field_of_normalized(const std::string &normalized) const;
  // How messages name a field: its first alias as given (the profile lists the canonical name
  // first).
  const std::string &field_name(std::size_t field) const { return field_names_[field]; }

 private:
  std::unordered_map<std::string, std::size_t> fields_by_name_;
  std::vector<std::string> field_names_;
};

// The record of `table` that is the header: among the first kHeaderSearchRecords records, the
// one with the most cells naming a field (on a tie the later one: Amazon's labels row and
// field-names row may both match, the field-names row is the header); the first record when no
// cell names a field. `matches` is that record's count of such cells. Requires records.
struct HeaderChoice {
  std::size_t record = 0;
  std::size_t matches = 0;
};
HeaderChoice detect_header_record(const RecordTable &table, const AliasTable &aliases);

// A column of the result: its field (-1 when no alias names it) and the index of its cell in
// each record (the header's too).
struct Column {
  long field = -1;
  std::size_t cell = 0;
};

// The columns of header record `header` (the records after it are the data rows), or nullopt
// with 22P04 errors at the header's line: two columns meaning one field, two unknown columns with
// one normalized name, an empty name over a column with a non-empty cell. An empty-named column
// whose cells are all empty (trailing delimiters of spreadsheet exports) is not a column.
std::optional<std::vector<Column>> match_columns(const RecordTable &table, std::size_t header,
                                                 const AliasTable &aliases,
                                                 Diagnostics &diagnostics);

}  // namespace smart_rules::csv
