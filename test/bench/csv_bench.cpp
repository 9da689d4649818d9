// csv_bench: reading and writing catalog files through the C ABI, as read_csv and to_csv do.
// The catalog: 100k rows of 15 columns (sku, title, quoted 400-character descriptions with
// commas, quotes and, in one row of ten, line breaks, prices, GTINs, image URL lists...), in
// UTF-8 and in Windows-1252 (detected), read with delimiter and header detection and a profile
// of aliases. Figures are bytes of input per second.
// Run: build/<dir>/csv_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "smart_rules_capi.h"

namespace {

constexpr std::size_t kRows = 100000;

const sr_csv_alias kAliases[] = {
    {"sku", 0},       {"title", 1},       {"description", 2}, {"brand", 3}, {"model", 4},
    {"gtin", 5},      {"price", 6},       {"currency", 7},    {"stock", 8}, {"condition", 9},
    {"category", 10}, {"image_urls", 11}, {"ncm", 12},        {"Preço", 6}, {"Marca", 3},
};

sr_csv_options catalog_options() {
  sr_csv_options options{};
  options.field_count = 13;
  options.aliases = kAliases;
  options.alias_count = sizeof kAliases / sizeof kAliases[0];
  return options;
}

// A 400-character product description, written as a quoted CSV field: commas, a doubled quote,
// Portuguese accents and, when `multi_line`, two line breaks.
std::string quoted_description(std::size_t row, bool multi_line) {
  std::string text =
      "Tênis de corrida leve, confortável e respirável. Cabedal em malha, solado de borracha "
      "\"\"Waffle\"\" e amortecimento na entressola; ideal para treinos diários, caminhadas e uso "
      "casual. Modelo " +
      std::to_string(row) + ", garantia de 3 meses, nota fiscal inclusa.";
  if (multi_line) text += "\r\nCuidados: lavar à mão.\r\nNão usar secadora.";
  while (text.size() < 400) text += " Envio em até 24h úteis após a confirmação.";
  text.resize(400);
  if (text.back() == '"') text.back() = '.';
  // Never cut in the middle of a UTF-8 sequence or a doubled quote.
  while ((static_cast<unsigned char>(text.back()) & 0xC0) == 0x80 ||
         static_cast<unsigned char>(text.back()) >= 0xC0) {
    text.pop_back();
  }
  return "\"" + text + "\"";
}

std::string catalog_utf8() {
  std::string csv =
      "sku,title,description,brand,model,gtin,price,currency,stock,condition,category,"
      "image_urls,ncm,cor,tamanho\r\n";
  for (std::size_t row = 0; row < kRows; ++row) {
    const std::string n = std::to_string(row);
    csv += "SKU-" + n + ",Tênis Nike Air Zoom Pegasus " + n + " Masculino Preto," +
           quoted_description(row, row % 10 == 0) + ",Nike,Pegasus " + n + ",789" +
           std::to_string(1000000000 + row) + "," + std::to_string(100 + row % 900) + ".90,BRL," +
           std::to_string(row % 50) + ",new,Calçados > Tênis > Corrida," +
           "\"https://img.example.com/" + n + "/1.jpg,https://img.example.com/" + n +
           "/2.jpg\",6404.11.00,preto,42\r\n";
  }
  return csv;
}

// The catalog in Windows-1252 (every character it uses has a form there).
std::string catalog_windows_1252(const std::string &utf8) {
  sr_buffer out{nullptr, 0};
  sr_diagnostics *diagnostics = nullptr;
  if (sr_csv_encode(utf8.data(), utf8.size(), SR_CSV_WINDOWS_1252, &out, &diagnostics) != SR_OK) {
    std::abort();
  }
  std::string bytes(out.data, out.len);
  sr_buffer_free(&out);
  sr_diagnostics_free(diagnostics);
  return bytes;
}

const std::string &utf8_catalog() {
  static const std::string catalog = catalog_utf8();
  return catalog;
}

const std::string &windows_1252_catalog() {
  static const std::string catalog = catalog_windows_1252(utf8_catalog());
  return catalog;
}

// Parses `bytes` whole per iteration and touches every cell, as the glue does building rows.
void run_parse(benchmark::State &state, const std::string &bytes, const sr_csv_options &options) {
  for (auto _ : state) {
    sr_csv *csv = nullptr;
    sr_diagnostics *diagnostics = nullptr;
    if (sr_csv_parse(bytes.data(), bytes.size(), &options, &csv, &diagnostics) != SR_OK ||
        sr_csv_row_count(csv) != kRows) {
      state.SkipWithError("the catalog did not parse");
      break;
    }
    std::size_t total = 0;
    const std::size_t columns = sr_csv_column_count(csv);
    for (std::size_t row = 0; row < kRows; ++row) {
      for (std::size_t column = 0; column < columns; ++column)
        total += sr_csv_cell(csv, row, column).len;
    }
    benchmark::DoNotOptimize(total);
    sr_csv_free(csv);
    sr_diagnostics_free(diagnostics);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
  state.counters["MB"] = static_cast<double>(bytes.size()) / 1e6;
}

void BM_ParseCatalog_Utf8_Detected(benchmark::State &state) {
  run_parse(state, utf8_catalog(), catalog_options());
}
BENCHMARK(BM_ParseCatalog_Utf8_Detected)->Unit(benchmark::kMillisecond);

void BM_ParseCatalog_Utf8_Given(benchmark::State &state) {
  sr_csv_options options = catalog_options();
  options.delimiter = ',';
  options.encoding = SR_CSV_UTF8;
  options.header_line = 1;
  run_parse(state, utf8_catalog(), options);
}
BENCHMARK(BM_ParseCatalog_Utf8_Given)->Unit(benchmark::kMillisecond);

void BM_ParseCatalog_Windows1252_Detected(benchmark::State &state) {
  run_parse(state, windows_1252_catalog(), catalog_options());
}
BENCHMARK(BM_ParseCatalog_Windows1252_Detected)->Unit(benchmark::kMillisecond);

// Formats every row of a parsed catalog back into CSV (to_csv's work per row).
void BM_FormatCatalog(benchmark::State &state) {
  const std::string &bytes = utf8_catalog();
  const sr_csv_options options = catalog_options();
  sr_csv *csv = nullptr;
  if (sr_csv_parse(bytes.data(), bytes.size(), &options, &csv, nullptr) != SR_OK) std::abort();
  const std::size_t columns = sr_csv_column_count(csv);
  std::vector<sr_text_view> fields(columns);
  std::size_t written = 0;
  for (auto _ : state) {
    written = 0;
    for (std::size_t row = 0; row < kRows; ++row) {
      for (std::size_t column = 0; column < columns; ++column)
        fields[column] = sr_csv_cell(csv, row, column);
      sr_buffer out{nullptr, 0};
      if (sr_csv_format_record(fields.data(), columns, ',', &out) != SR_OK) std::abort();
      written += out.len;
      sr_buffer_free(&out);
    }
  }
  sr_csv_free(csv);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(written));
}
BENCHMARK(BM_FormatCatalog)->Unit(benchmark::kMillisecond);

void BM_EncodeCatalog_Windows1252(benchmark::State &state) {
  const std::string &bytes = utf8_catalog();
  for (auto _ : state) {
    sr_buffer out{nullptr, 0};
    if (sr_csv_encode(bytes.data(), bytes.size(), SR_CSV_WINDOWS_1252, &out, nullptr) != SR_OK) {
      std::abort();
    }
    sr_buffer_free(&out);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(BM_EncodeCatalog_Windows1252)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
