// executor_bench: the whole runtime over a realistic catalog batch: the 16 cleanup rules of the
// SQL baselines (sku, title tidy, title case of all-caps titles, truncate at a word, HTML
// descriptions, brand, prices, currency, stock, GTIN digits and check, condition map, category
// separators, https images) applied to 10,000 product rows drawn like the baselines' gen.sql,
// as the PostgreSQL glue drives it: fill a batch with views of the input, run, read every
// changed value and every event. Reports rows per second.
// Run: build/<dir>/executor_bench --benchmark_repetitions=5
// --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "runtime/executor.hpp"
#include "smart_rules_capi.h"

namespace {

namespace runtime = smart_rules::runtime;

// The 16 rules of the SQL and PL/pgSQL baselines (/work/shared/bench-reference/rules_sql.sql),
// in the rule language.
const char kRuleSet[] = R"(ruleset: bench
version: 1.0.0
rules:
  - id: sku-squeeze
    field: sku
    do: [remove_whitespace, upper, null_if_empty]
  - id: title-tidy
    field: title
    do: [trim, collapse_whitespace]
  - id: title-caps
    field: title
    when: is_all_caps(title)
    do: title_case
  - id: title-60
    field: title
    when: length(title) > 60
    do: {truncate: {max: 60, at: word}}
    severity: warning
    message: title of {sku} was cut to 60 characters
  - id: description-html
    field: description
    do: [strip_html, collapse_whitespace, trim]
  - id: brand-tidy
    field: brand
    do: [trim, title_case, null_if_empty]
  - id: price-parse
    field: price_raw
    do: {parse_decimal: {decimal: ',', on_invalid: keep}}
    severity: warning
    message: price of {sku} is not a number
  - id: price-round
    field: price_raw
    when: number(price_raw) is not null
    do: {round: 2}
  - id: currency-default
    field: currency
    do: [trim, upper, {default: BRL}]
  - id: stock-not-negative
    field: stock
    when: number(stock) is not null
    do: [trim, {clamp: {min: 0}}]
  - id: gtin-digits
    field: gtin
    do: [digits_only, null_if_empty]
  - id: gtin-check
    field: gtin
    when: gtin is not null and not valid_gtin(gtin)
    do: [flag, set_null]
    severity: error
    message: GTIN {gtin} of {sku} has a wrong check digit
  - id: condition
    field: condition
    do:
      - map:
          values: {novo: new, new: new, usado: used, used: used, recondicionado: refurbished,
                   refurbished: refurbished}
          unmapped: null
  - id: category-separators
    field: category
    do: [trim, {regex_replace: {pattern: '\s*>\s*', with: ' > '}}, null_if_empty]
  - id: image-scheme
    field: image_url
    do: [trim, {regex_replace: {pattern: '^([A-Za-z][A-Za-z0-9+.-]*:)?//', with: ''}}]
  - id: image-https
    field: image_url
    when: image_url <> ''
    do: {prefix: 'https://'}
)";

using Value = std::optional<std::string>;

// Generated rows, one value per program field (nullopt: null), deterministic. Like tuples on
// heap pages, the values of a row are stored next to each other and rows follow one another.
struct Catalog {
  std::vector<std::string> fields;
  std::string storage;
  std::vector<std::vector<std::optional<std::string_view>>> rows;
};

// A deterministic uniform number in [0, 1) for (row, salt).
double uniform(std::uint64_t row, std::uint64_t salt) {
  std::uint64_t x = row * 0x9E3779B97F4A7C15ull + salt * 0xC2B2AE3D27D4EB4Full;
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDull;
  x ^= x >> 33;
  x *= 0xC4CEB9FE1A85EC53ull;
  x ^= x >> 33;
  return static_cast<double>(x >> 11) / 9007199254740992.0;
}

std::string pick_words(std::uint64_t row, std::uint64_t salt, int count) {
  static const char *const words[] = {
      "Smartphone", "Celular",  "Tênis",      "Camiseta", "Calça",     "Jaqueta",   "Notebook",
      "Fone",       "de",       "Ouvido",     "Sem",      "Fio",       "Bluetooth", "Preto",
      "Branco",     "Azul",     "Algodão",    "Couro",    "Masculino", "Feminino",  "Edição",
      "Promoção",   "Máquina",  "Café",       "Geladeira", "Fogão",    "Micro-ondas", "Câmera",
      "Lâmpada",    "Mesa",     "Cadeira",    "Ergonômica", "Mochila", "Relógio",   "Óculos",
      "Proteção",   "UV",       "Kit",        "com",      "para",      "Original",  "Garantia",
      "Coração",    "Açúcar",   "Água",       "Portátil", "Bateria",   "USB-C",     "Tela",
      "4K",         "128GB",    "8GB",        "Octa-Core", "Premium",  "e",         "o",
      "a",          "110V",     "Bivolt",     "Inox",     "Panela",    "Conjunto"};
  const std::size_t n = sizeof(words) / sizeof(words[0]);
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ' ';
    out += words[static_cast<std::size_t>(uniform(row * 128 + static_cast<std::uint64_t>(i), salt) * n)];
  }
  return out;
}

std::string upper_ascii(std::string value) {
  for (char &c : value)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return value;
}

// Brazilian formatting of a price in cents: 1.234,56.
std::string brazilian(std::uint64_t cents) {
  std::string integer = std::to_string(cents / 100), grouped;
  for (std::size_t i = 0; i < integer.size(); ++i) {
    if (i > 0 && (integer.size() - i) % 3 == 0) grouped += '.';
    grouped += integer[i];
  }
  const std::uint64_t fraction = cents % 100;
  return grouped + ',' + (fraction < 10 ? "0" : "") + std::to_string(fraction);
}

// One product as gen.sql draws it (the same shapes and proportions).
std::vector<std::pair<std::string, Value>> product(std::uint64_t g) {
  std::vector<std::pair<std::string, Value>> p;
  const std::string id = std::to_string(g);
  const std::string padded = std::string(7 - std::min<std::size_t>(7, id.size()), '0') + id;
  const double u_sku = uniform(g, 2);
  p.emplace_back("sku", u_sku < 0.60   ? "SKU-" + padded
                        : u_sku < 0.80 ? " sku-" + padded + " "
                        : u_sku < 0.95 ? "ab " + std::to_string(g % 97) + " cd " +
                                             std::to_string(g % 1013)
                                       : "");
  std::string title = pick_words(g, 19, 20);
  title.resize(std::min<std::size_t>(title.size(), 20 + static_cast<std::size_t>(uniform(g, 16) * 101)));
  while (!title.empty() && title.back() == ' ') title.pop_back();
  if (uniform(g, 17) < 0.15) {
    std::string spaced;
    for (char c : title) spaced += c == ' ' ? std::string("   ") : std::string(1, c);
    title = spaced;
  }
  p.emplace_back("title", std::string(uniform(g, 3) < 0.12 ? "   " : "") +
                              (uniform(g, 4) < 0.08 ? upper_ascii(title) : title) +
                              (uniform(g, 6) < 0.12 ? "  " : ""));
  const std::string words = pick_words(g, 20, 70);
  const std::size_t length = 80 + static_cast<std::size_t>(uniform(g, 18) * 520);
  const double u_d = uniform(g, 7);
  p.emplace_back("description",
                 u_d < 0.35 ? "<p>" + words.substr(0, 60) + "</p><ul><li><b>" + words.substr(60, 40) +
                                  "</b></li><li>" + words.substr(100, 80) +
                                  "&nbsp;&amp; mais</li></ul><br/>" + words.substr(180, length)
                 : u_d < 0.45 ? "  " + words.substr(0, length) + "\n\nGarantia de 12 meses."
                              : words.substr(0, length));
  static const char *const brands[] = {"samsung", "SAMSUNG", "Samsung ", " apple", "Apple",
                                       "xiaomi", "LG", "lg ", "motorola", "Positivo", "",
                                       "ÓTICA VISÃO", "coração de mãe", "Genérico", "Lenovo"};
  p.emplace_back("brand", brands[static_cast<std::size_t>(uniform(g, 5) * 15)]);
  const auto cents = static_cast<std::uint64_t>(std::exp(uniform(g, 21) * std::log(8000.0)) * 100);
  const std::string br = brazilian(cents);
  const double u_p = uniform(g, 8);
  p.emplace_back("price_raw", u_p < 0.40   ? br
                              : u_p < 0.65 ? "R$ " + br
                              : u_p < 0.80 ? std::to_string(cents / 100) + "." +
                                                 std::to_string(cents % 100 / 10)
                              : u_p < 0.88 ? std::to_string((cents + 50) / 100)
                              : u_p < 0.93 ? "R$" + br
                              : u_p < 0.96 ? " " + br + " "
                              : u_p < 0.98 ? ""
                                           : "consulte");
  const double u_c = uniform(g, 10);
  p.emplace_back("currency", u_c < 0.70   ? Value("BRL")
                             : u_c < 0.88 ? Value("")
                             : u_c < 0.94 ? Value("brl")
                             : u_c < 0.97 ? Value(" BRL ")
                                          : std::nullopt);
  const std::uint64_t stock = static_cast<std::uint64_t>(uniform(g, 9) * 500);
  const double u_s = uniform(g, 11);
  p.emplace_back("stock", u_s < 0.70   ? std::to_string(stock)
                          : u_s < 0.80 ? "-" + std::to_string(1 + stock % 20)
                          : u_s < 0.88 ? ""
                          : u_s < 0.95 ? " " + std::to_string(stock % 50) + " "
                          : u_s < 0.98 ? "0"
                                       : "sob consulta");
  std::string b12 = "789" + std::to_string(100000000 + static_cast<std::uint64_t>(uniform(g, 22) * 899999999));
  int sum = 0;
  for (std::size_t i = 0; i < 12; ++i) sum += (b12[i] - '0') * (i % 2 == 0 ? 1 : 3);
  const std::string ean = b12 + std::to_string((10 - sum % 10) % 10);
  const double u_g = uniform(g, 13);
  p.emplace_back("gtin", u_g < 0.50   ? ean
                         : u_g < 0.65 ? b12 + std::to_string((sum + 1) % 10)
                         : u_g < 0.75 ? ean.substr(0, 3) + " " + ean.substr(3, 4) + " " +
                                            ean.substr(7, 5) + " " + ean.substr(12, 1)
                         : u_g < 0.82 ? ean.substr(0, 1) + "-" + ean.substr(1, 6) + "-" +
                                            ean.substr(7, 6)
                         : u_g < 0.95 ? ""
                         : u_g < 0.98 ? ean.substr(0, 5)
                                      : "SEM GTIN");
  static const char *const conditions[] = {"Novo", "Novo", "Novo", "novo ", "usado",
                                           "Recondicionado", "new", "", "NOVO", " Usado"};
  p.emplace_back("condition", conditions[static_cast<std::size_t>(uniform(g, 14) * 10)]);
  static const char *const categories[] = {
      "Eletrônicos>Celulares e Smartphones", "Eletrônicos > Celulares e Smartphones",
      "Casa > Cozinha > Eletroportáteis",    "Casa>Cozinha>Eletroportáteis",
      " Moda >Calçados",                     "Moda > Roupas Femininas",
      "Informática > Notebooks",             "informática>periféricos",
      "Brinquedos",                          "Eletrodomésticos >  Geladeiras"};
  p.emplace_back("category", categories[static_cast<std::size_t>(uniform(g, 12) * 10)]);
  const double u_i = uniform(g, 15);
  p.emplace_back("image_url", u_i < 0.40   ? "https://cdn.lojaexemplo.com.br/img/" + id + ".jpg"
                              : u_i < 0.70 ? "http://cdn.lojaexemplo.com.br/img/" + id + ".jpg"
                              : u_i < 0.80 ? "HTTP://CDN.lojaexemplo.com.br/img/" + id + ".JPG"
                              : u_i < 0.85 ? "Https://cdn.lojaexemplo.com.br/img/" + id + ".png"
                              : u_i < 0.92 ? "//cdn.lojaexemplo.com.br/img/" + id + ".webp"
                              : u_i < 0.97 ? " cdn.lojaexemplo.com.br/img/" + id + ".jpg "
                                           : "");
  return p;
}

Catalog make_catalog(const smart_rules::Program &program, std::size_t count) {
  Catalog catalog;
  catalog.fields = program.fields;
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> spans;  // offset, size or npos
  for (std::size_t r = 0; r < count; ++r) {
    std::vector<std::pair<std::size_t, std::size_t>> row(program.fields.size(),
                                                         {0, std::string::npos});
    for (auto &[name, value] : product(r + 1))
      for (std::size_t f = 0; f < program.fields.size(); ++f)
        if (program.fields[f] == name && value) {
          row[f] = {catalog.storage.size(), value->size()};
          catalog.storage += *value;
        }
    spans.push_back(std::move(row));
  }
  for (const auto &row : spans) {
    std::vector<std::optional<std::string_view>> views;
    for (const auto &[offset, size] : row)
      views.push_back(size == std::string::npos
                          ? std::nullopt
                          : std::optional<std::string_view>(
                                std::string_view(catalog.storage).substr(offset, size)));
    catalog.rows.push_back(std::move(views));
  }
  return catalog;
}

constexpr std::size_t kRows = 10000;

// The core API: fill, run, read every value and event; state.range(0) rows per batch (the same
// 10,000 rows in all, so that only the batch size varies).
void BM_Executor_16Rules(benchmark::State &state) {
  smart_rules::CompileOutput compiled = smart_rules::compile_rule_set(kRuleSet);
  if (!compiled.program) {
    state.SkipWithError("rule set does not compile");
    return;
  }
  smart_rules::Diagnostics diagnostics;
  std::unique_ptr<runtime::Executor> executor =
      runtime::Executor::create(*compiled.program, diagnostics);
  const Catalog catalog = make_catalog(*compiled.program, kRows);
  const auto batch_rows = static_cast<std::size_t>(state.range(0));
  runtime::Batch batch;
  std::size_t events = 0, bytes = 0;
  for (auto _ : state) {
    for (std::size_t first = 0; first < kRows; first += batch_rows) {
      const std::size_t rows = std::min(batch_rows, kRows - first);
      batch.reset(rows, catalog.fields.size());
      for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t f = 0; f < catalog.fields.size(); ++f)
          if (catalog.rows[first + r][f]) batch.set_input(f, r, *catalog.rows[first + r][f]);
      executor->run(batch);
      for (std::size_t f = 0; f < catalog.fields.size(); ++f)
        for (std::size_t r = 0; r < rows; ++r)
          if (batch.column(f).changed[r]) bytes += batch.column(f).values[r].size();
      events += executor->events().size();
    }
  }
  benchmark::DoNotOptimize(bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kRows));
  state.counters["events_per_row"] =
      static_cast<double>(events) / static_cast<double>(state.iterations() * kRows);
}
BENCHMARK(BM_Executor_16Rules)->Arg(1000)->Arg(2500)->Arg(10000)->Unit(benchmark::kMillisecond);

// The same through the C ABI, as the glue calls it.
void BM_ExecutorCApi_16Rules(benchmark::State &state) {
  sr_program *program = nullptr;
  if (sr_compile(kRuleSet, std::strlen(kRuleSet), &program, nullptr) != SR_OK) {
    state.SkipWithError("rule set does not compile");
    return;
  }
  sr_executor *executor = nullptr;
  sr_executor_create(program, &executor, nullptr);
  // The same source compiles to the same field order.
  const Catalog catalog = make_catalog(*smart_rules::compile_rule_set(kRuleSet).program, kRows);
  const std::size_t fields = sr_executor_field_count(executor);
  std::size_t bytes = 0;
  for (auto _ : state) {
    sr_executor_begin_batch(executor, kRows);
    for (std::size_t r = 0; r < kRows; ++r)
      for (std::size_t f = 0; f < fields; ++f)
        if (catalog.rows[r][f])
          sr_executor_set_value(executor, f, r, catalog.rows[r][f]->data(),
                                catalog.rows[r][f]->size());
    sr_executor_run(executor, nullptr);
    for (std::size_t r = 0; r < kRows; ++r) {
      if (!sr_executor_row_kept(executor, r)) continue;
      for (std::size_t f = 0; f < fields; ++f) {
        const sr_value_view value = sr_executor_value(executor, f, r);
        if (value.changed) bytes += value.len;
      }
    }
    const std::size_t count = sr_executor_event_count(executor);
    for (std::size_t e = 0; e < count; ++e) bytes += sr_executor_event(executor, e).message_len;
  }
  benchmark::DoNotOptimize(bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kRows));
  sr_executor_free(executor);
  sr_program_free(program);
}
BENCHMARK(BM_ExecutorCApi_16Rules)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
