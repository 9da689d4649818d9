// Helpers shared by the CSV unit tests: reading a document with a small catalog profile and
// looking at its first error.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.hpp"
#include "csv/csv_document.hpp"
#include "csv/header_matching.hpp"

namespace smart_rules::csv::testing {

// A small catalog profile: fields 0 sku, 1 title, 2 price, 3 brand, 4 description.
inline const std::vector<Alias> &catalog_aliases() {
  static const std::vector<Alias> aliases = {
      {"sku", 0},        {"item_sku", 0},       {"Seller SKU", 0},   {"title", 1},
      {"item_name", 1},  {"Título", 1},         {"Product Name", 1}, {"price", 2},
      {"Preço", 2},      {"standard_price", 2}, {"Price", 2},        {"brand", 3},
      {"brand_name", 3}, {"Marca", 3},          {"description", 4},  {"product_description", 4},
  };
  return aliases;
}

inline AliasTable catalog_table() {
  Diagnostics diagnostics;
  std::optional<AliasTable> table = AliasTable::build(5, catalog_aliases(), diagnostics);
  EXPECT_TRUE(table.has_value());
  return table ? *table : AliasTable();
}

// The result of reading a document: the document, or the diagnostics that say why not.
struct ReadResult {
  std::optional<Document> document;
  Diagnostics diagnostics;

  // The first error's message ("" when there is none).
  std::string message() const {
    return diagnostics.has_errors() ? diagnostics.first_error().message : std::string();
  }
  std::string sqlstate() const {
    return diagnostics.has_errors() ? smart_rules::sqlstate(diagnostics.first_error().code) : "";
  }
  int line() const { return diagnostics.has_errors() ? diagnostics.first_error().where.line : 0; }
};

inline ReadResult read_csv(std::string_view bytes, ReadOptions options = {},
                           const AliasTable &aliases = catalog_table()) {
  ReadResult result;
  result.document = Document::read(bytes, options, aliases, result.diagnostics);
  return result;
}

// Every cell of a document, row by row.
inline std::vector<std::vector<std::string>> cells_of(const Document &document) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t row = 0; row < document.row_count(); ++row) {
    std::vector<std::string> cells;
    for (std::size_t column = 0; column < document.column_count(); ++column) {
      cells.emplace_back(document.cell(row, column));
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

inline std::vector<std::string> column_names(const Document &document) {
  std::vector<std::string> names;
  for (std::size_t column = 0; column < document.column_count(); ++column) {
    names.emplace_back(document.column_name(column));
  }
  return names;
}

}  // namespace smart_rules::csv::testing
