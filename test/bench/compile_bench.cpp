// compile_bench: how long compiling a rule set and reading/writing its IR take, for rule sets
// of 100, 1,000 and 10,000 rules generated here like a large marketplace rule set (cleanup,
// validation, price and category rules, with `when` conditions of every kind).
// Target (issue): a 1,000-rule set compiles in under 50 ms. Method and figures:
// docs/performance.md. Run: build/tests/compile_bench --benchmark_repetitions=5
// --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <map>
#include <sstream>
#include <string>

#include "compiler/compile.hpp"
#include "compiler/ir_serialization.hpp"

namespace {

using smart_rules::CompileOutput;
using smart_rules::Diagnostics;
using smart_rules::Program;

// One rule in YAML flow style, the id already written. `n` varies thresholds, lengths and
// category names so that no two rules are alike. Flow style keeps the 10,000-rule set under
// the 1 MiB source limit.
void write_rule(std::ostringstream &out, int n) {
  const std::string category = "'cat-" + std::to_string(n % 97) + "'";
  switch (n % 24) {
    case 0: out << "field: title, do: [trim, collapse_whitespace]"; break;
    case 1:
      out << "field: title, when: 'length(title) > " << 50 + n % 50
          << "', do: [{truncate: {max: " << 50 + n % 50 << ", at: word}}]";
      break;
    case 2: out << "field: brand, when: category = " << category << ", do: [trim, title_case]"; break;
    case 3: out << "field: gtin, when: gtin is not null, do: [digits_only, {pad_left: {length: 13}}]"; break;
    case 4:
      out << "field: gtin, when: not valid_gtin(gtin), do: [flag], severity: error, "
             "message: 'bad GTIN {gtin}'";
      break;
    case 5: out << "field: price, do: [{parse_decimal: {decimal: ',', thousands: '.'}}, {round: 2}]"; break;
    case 6:
      out << "field: price, when: 'number(price) > " << 1000 * (n % 90 + 10)
          << "', do: [{clamp: {min: 0, max: " << 1000 * (n % 90 + 10) << "}}]";
      break;
    case 7: out << "field: condition, do: [{map: {values: {novo: new, usado: used}, unmapped: null}}]"; break;
    case 8: out << "field: description, do: [strip_html, collapse_whitespace, trim]"; break;
    case 9:
      out << "field: title, when: \"title ~* 'frete gr[aá]tis'\", "
             "do: [{regex_replace: {pattern: '(?i)frete gr[aá]tis', with: ''}}, trim]";
      break;
    case 10: out << "field: stock, when: is_empty(stock), do: [{set: '0'}]"; break;
    case 11:
      out << "field: category, when: \"category in ('celular', 'smartphone', 'fone-" << n % 31
          << "')\", do: [{set: celulares}]";
      break;
    case 12: out << "field: model, when: category = " << category << ", do: [{default: '{brand} {sku}'}]"; break;
    case 13: out << "field: title, do: [{remove: [imperdível, oferta, promoção]}]"; break;
    case 14: out << "field: ncm, when: not valid_ncm(ncm), do: [set_null], severity: warning"; break;
    case 15:
      out << "field: seller_document, when: not valid_cpf(seller_document) and "
             "not valid_cnpj(seller_document), do: [flag]";
      break;
    case 16:
      out << "field: price, when: \"currency = 'USD' and number(price) between 1 and " << 100 * (n % 50 + 1)
          << "\", do: [{calculate: {expr: number(price) * 5.4}}]";
      break;
    case 17: out << "field: title, when: is_all_caps(title) and word_count(title) >= 3, do: [title_case]"; break;
    case 18: out << "field: sku, do: [trim, upper, {replace: {from: ' ', to: '-'}}]"; break;
    case 19:
      out << "field: image_urls, when: \"not starts_with(image_urls, 'https:')\", "
             "do: [{regex_replace: {pattern: '^http:', with: 'https:'}}]";
      break;
    case 20: out << "field: description, when: length(description) < 20, do: [{set: '{title}, {brand}'}]"; break;
    case 21: out << "field: currency, do: [upper, {map: {values: {R$: BRL, US$: USD}}}]"; break;
    case 22: out << "field: brand, when: category = " << category << ", do: [remove_accents, upper]"; break;
    default:
      out << "field: title, when: \"contains(title, 'original', 'i') and coalesce(brand, '') = ''\", "
             "do: [flag], tags: [brand]";
      break;
  }
}

std::string generate_rule_set(int rule_count) {
  std::ostringstream out;
  out << "ruleset: marketplace-bench\nversion: 1.0.0\nmarketplace: mercado_livre\n"
         "pii: [seller_document]\nrules:\n";
  for (int n = 0; n < rule_count; ++n) {
    out << "  - {id: r" << n << ", ";
    write_rule(out, n);
    out << "}\n";
  }
  return out.str();
}

// Each size is generated and compiled once, then shared by the benchmarks.
const std::string &rule_set_source(int rule_count) {
  static std::map<int, std::string> sources;
  auto found = sources.find(rule_count);
  if (found == sources.end()) found = sources.emplace(rule_count, generate_rule_set(rule_count)).first;
  return found->second;
}

const CompileOutput &compiled(int rule_count) {
  static std::map<int, CompileOutput> outputs;
  auto found = outputs.find(rule_count);
  if (found == outputs.end())
    found = outputs.emplace(rule_count, smart_rules::compile_rule_set(rule_set_source(rule_count))).first;
  return found->second;
}

// The compiled program, or nullptr after marking the benchmark failed with the first error.
const Program *program_or_skip(benchmark::State &state) {
  const CompileOutput &output = compiled(static_cast<int>(state.range(0)));
  if (output.program) return &*output.program;
  const std::string reason = output.diagnostics.has_errors()
                                 ? "the generated rule set does not compile: " +
                                       output.diagnostics.first_error().message + " (" +
                                       output.diagnostics.first_error().detail() + ")"
                                 : std::string("the generated rule set does not compile");
  state.SkipWithError(reason.c_str());
  return nullptr;
}

void set_rate(benchmark::State &state, std::size_t bytes) {
  state.SetItemsProcessed(state.iterations() * state.range(0));  // items/s = rules/s
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
}

void BM_CompileRuleSet(benchmark::State &state) {
  if (program_or_skip(state) == nullptr) return;
  const std::string &source = rule_set_source(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(smart_rules::compile_rule_set(source));
  set_rate(state, source.size());
  state.counters["source_bytes"] = static_cast<double>(source.size());
}

void BM_SerializeBinary(benchmark::State &state) {
  const Program *program = program_or_skip(state);
  if (program == nullptr) return;
  std::size_t size = 0;
  for (auto _ : state) {
    std::string bytes = smart_rules::serialize_binary(*program);
    size = bytes.size();
    benchmark::DoNotOptimize(bytes);
  }
  set_rate(state, size);
  state.counters["ir_bytes"] = static_cast<double>(size);
}

void BM_DeserializeBinary(benchmark::State &state) {
  const Program *program = program_or_skip(state);
  if (program == nullptr) return;
  const std::string bytes = smart_rules::serialize_binary(*program);
  for (auto _ : state) {
    Diagnostics diagnostics;
    benchmark::DoNotOptimize(smart_rules::deserialize_binary(bytes, diagnostics));
  }
  set_rate(state, bytes.size());
}

void BM_SerializeJson(benchmark::State &state) {
  const Program *program = program_or_skip(state);
  if (program == nullptr) return;
  std::size_t size = 0;
  for (auto _ : state) {
    std::string text = smart_rules::serialize_json(*program);
    size = text.size();
    benchmark::DoNotOptimize(text);
  }
  set_rate(state, size);
  state.counters["json_bytes"] = static_cast<double>(size);
}

void BM_DeserializeJson(benchmark::State &state) {
  const Program *program = program_or_skip(state);
  if (program == nullptr) return;
  const std::string text = smart_rules::serialize_json(*program);
  for (auto _ : state) {
    Diagnostics diagnostics;
    benchmark::DoNotOptimize(smart_rules::deserialize_json(text, diagnostics));
  }
  set_rate(state, text.size());
}

void rule_counts(benchmark::internal::Benchmark *benchmark) {
  benchmark->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_CompileRuleSet)->Apply(rule_counts);
BENCHMARK(BM_SerializeBinary)->Apply(rule_counts);
BENCHMARK(BM_DeserializeBinary)->Apply(rule_counts);
BENCHMARK(BM_SerializeJson)->Apply(rule_counts);
BENCHMARK(BM_DeserializeJson)->Apply(rule_counts);

}  // namespace

BENCHMARK_MAIN();
