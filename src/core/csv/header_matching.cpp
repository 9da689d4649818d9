// Header-name normalization, the alias table, header row detection and the header's checks
// (see header_matching.hpp).
#include "csv/header_matching.hpp"

#include <utf8proc.h>

#include "csv/lines.hpp"
#include "text/transform_support.hpp"
#include "text/utf8.hpp"

namespace smart_rules::csv {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The decomposition of one code point as normalize_header_name wants it: compatibility
// decomposition, marks stripped, case folded.
constexpr auto kHeaderNameOptions = static_cast<utf8proc_option_t>(
    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);

// Builds a normalized name code point by code point: separators (whitespace, '_', '-') between
// other characters become one space, leading and trailing ones vanish.
class NameBuilder {
 public:
  explicit NameBuilder(std::string &out) : out_(out) { out_.clear(); }

  void add(char32_t c) {
    if (c == '_' || c == '-' || text::is_unicode_whitespace(c)) {
      space_pending_ = !out_.empty();
      return;
    }
    if (space_pending_) out_.push_back(' ');
    space_pending_ = false;
    text::detail::append_utf8(out_, c);
  }

 private:
  std::string &out_;
  bool space_pending_ = false;
};

std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

// "3 (\"Preço\")": a column as messages name it, 1-based.
std::string column_label(std::size_t cell, std::string_view name) {
  return std::to_string(cell + 1) + " (" + quoted(name) + ")";
}

// For each of `cells` (ascending cell indexes), the first data record (after `header`) with a
// non-empty cell there, or record_count(). One pass over the rows that never visits a cell past
// a row's end, so the cost is bounded by the cells of the document.
std::vector<std::size_t> first_records_using(const RecordTable &table, std::size_t header,
                                             const std::vector<std::size_t> &cells) {
  std::vector<std::size_t> first(cells.size(), table.record_count());
  if (cells.empty()) return first;
  for (std::size_t record = header + 1; record < table.record_count(); ++record) {
    const std::size_t count = table.cell_count(record);
    for (std::size_t i = 0; i < cells.size() && cells[i] < count; ++i) {
      if (first[i] == table.record_count() && !table.cell(record, cells[i]).empty()) {
        first[i] = record;
      }
    }
  }
  return first;
}

}  // namespace

std::string_view trim_header_name(std::string_view name) noexcept {
  auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
  for (;;) {
    if (!name.empty() && is_blank(name.front())) {
      name.remove_prefix(1);
    } else if (name.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
      name.remove_prefix(kByteOrderMark.size());
    } else {
      break;
    }
  }
  while (!name.empty() && is_blank(name.back())) name.remove_suffix(1);
  return name;
}

void normalize_header_name(std::string_view name, std::string &out) {
  NameBuilder builder(out);
  std::size_t pos = 0;
  while (pos < name.size()) {
    const unsigned char byte = text::detail::byte_at(name, pos);
    if (text::detail::is_ascii(byte)) {
      builder.add(text::detail::ascii_lower(byte));
      ++pos;
      continue;
    }
    const char32_t c = text::next_code_point(name, pos);
    // No code point decomposes into more than 18 (U+FDFA, with COMPAT); utf8proc returns the
    // size it needs when the buffer is too small, and then the code point is kept as it is.
    constexpr utf8proc_ssize_t kRoom = 32;
    utf8proc_int32_t parts[kRoom];
    const utf8proc_ssize_t count = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), parts,
                                                           kRoom, kHeaderNameOptions, nullptr);
    if (count < 0 || count > kRoom) {
      builder.add(c);
      continue;
    }
    for (utf8proc_ssize_t i = 0; i < count; ++i) builder.add(static_cast<char32_t>(parts[i]));
  }
}

std::optional<AliasTable> AliasTable::build(std::size_t field_count,
                                            const std::vector<Alias> &aliases,
                                            Diagnostics &diagnostics) {
  const std::size_t errors_before = diagnostics.error_count();
  AliasTable table;
  table.field_names_.resize(field_count);
  std::string normalized;
  for (const Alias &alias : aliases) {
    if (alias.field >= field_count) {
      diagnostics.error(ErrorCode::kInvalidParameter,
                        "alias " + quoted(alias.name) + " means field " +
                            std::to_string(alias.field) + ", but there are " +
                            std::to_string(field_count) + " fields",
                        {});
      continue;
    }
    normalize_header_name(alias.name, normalized);
    if (normalized.empty()) {
      diagnostics.error(ErrorCode::kInvalidParameter,
                        "alias " + quoted(alias.name) + " has no letters or digits", {});
      continue;
    }
    if (table.field_names_[alias.field].empty()) table.field_names_[alias.field] = alias.name;
    const auto [found, added] = table.fields_by_name_.emplace(normalized, alias.field);
    if (!added && found->second != alias.field) {
      diagnostics.error(
          ErrorCode::kInvalidParameter,
          "alias " + quoted(alias.name) + " means field " + std::to_string(alias.field) +
              ", but an alias of the same name means field " + std::to_string(found->second),
          {});
    }
  }
  if (diagnostics.error_count() > errors_before) return std::nullopt;
  for (std::size_t field = 0; field < field_count; ++field) {
    if (table.field_names_[field].empty()) {
      table.field_names_[field] = "field " + std::to_string(field);
    }
  }
  return table;
}

long AliasTable::field_of_normalized(const std::string &normalized) const {
  const auto found = fields_by_name_.find(normalized);
  return found == fields_by_name_.end() ? -1 : static_cast<long>(found->second);
}

HeaderChoice detect_header_record(const RecordTable &table, const AliasTable &aliases) {
  HeaderChoice best;
  std::string normalized;
  const std::size_t searched = std::min(table.record_count(), kHeaderSearchRecords);
  for (std::size_t record = 0; record < searched; ++record) {
    std::size_t matches = 0;
    for (std::size_t cell = 0; cell < table.cell_count(record); ++cell) {
      const std::string_view name = trim_header_name(table.cell(record, cell));
      if (name.empty() || name.size() > kMaxHeaderNameBytes) continue;
      normalize_header_name(name, normalized);
      if (aliases.field_of_normalized(normalized) >= 0) ++matches;
    }
    if (matches > 0 && matches >= best.matches) best = {record, matches};
  }
  return best;
}

std::optional<std::vector<Column>> match_columns(const RecordTable &table, std::size_t header,
                                                 const AliasTable &aliases,
                                                 Diagnostics &diagnostics) {
  const std::size_t line = table.line(header);
  const std::size_t errors_before = diagnostics.error_count();
  std::vector<Column> columns;
  std::vector<std::size_t> unnamed_cells;
  // The column (index into `columns`) of each field seen, and of each unknown normalized name.
  std::unordered_map<long, std::size_t> column_of_field;
  std::unordered_map<std::string, std::size_t> column_of_unknown_name;
  std::string normalized;
  for (std::size_t cell = 0; cell < table.cell_count(header); ++cell) {
    const std::string_view name = trim_header_name(table.cell(header, cell));
    if (name.empty()) {
      unnamed_cells.push_back(cell);
      continue;
    }
    normalize_header_name(name, normalized);
    const long field = aliases.field_of_normalized(normalized);
    // The column seen first with this field or name; this one when it is the first.
    const std::size_t first_index =
        field >= 0 ? column_of_field.try_emplace(field, columns.size()).first->second
                   : column_of_unknown_name.try_emplace(normalized, columns.size()).first->second;
    if (first_index != columns.size()) {
      const std::size_t first_cell = columns[first_index].cell;
      const std::string_view first_name = trim_header_name(table.cell(header, first_cell));
      const std::string meaning =
          field >= 0
              ? "both mean the field " + quoted(aliases.field_name(static_cast<std::size_t>(field)))
              : std::string("have the same name");
      diagnostics.error(ErrorCode::kBadCopyFileFormat,
                        "columns " + column_label(first_cell, first_name) + " and " +
                            column_label(cell, name) + " " + meaning,
                        line_location(line));
    }
    columns.push_back(Column{field, cell});
  }
  const std::vector<std::size_t> users = first_records_using(table, header, unnamed_cells);
  for (std::size_t i = 0; i < unnamed_cells.size(); ++i) {
    if (users[i] == table.record_count()) continue;  // an empty column: not a column at all
    diagnostics.error(ErrorCode::kBadCopyFileFormat,
                      "column " + std::to_string(unnamed_cells[i] + 1) + " has no header name",
                      line_location(line), {},
                      line_name(table.line(users[i])) + " has a value in it");
  }
  if (diagnostics.error_count() > errors_before) return std::nullopt;
  return columns;
}

}  // namespace smart_rules::csv
