// transforms_bench: the per-value cost of the text transforms and decimal operations the
// runtime's kernels call once per row, on catalog-like values: a 400-character product
// description (HTML, irregular whitespace, Portuguese accents) and a 60-character title.
// Each benchmark reuses one output buffer, as a kernel does across a batch.
// Run: build/<dir>/transforms_bench --benchmark_repetitions=5
// --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "text/decimal.hpp"
#include "text/parse_decimal.hpp"
#include "text/transforms.hpp"
#include "text/utf8.hpp"

namespace {

namespace text = smart_rules::text;

// 400 characters (code points) of description with tags, entities and runs of spaces.
std::string html_description() {
  std::string value =
      "<p>Tênis  Nike Air   Max &amp; conforto   para o dia a dia.</p>\n<ul><li>Cabedal em "
      "malha  respirável</li><li>Solado de borracha   &quot;Waffle&quot;</li><li>Amortecimento"
      " Air  na entressola</li></ul>\n<p>Garantia de 3 meses &#8211; nota fiscal inclusa.</p>"
      "<p>Cor:  preto/branco. Envio em até 24h úteis após a confirmação"
      " do  pagamento.</p><br/><p>Produto   100% original, com caixa e etiqueta.</p> ";
  while (text::code_point_count(value) < 400) value += ' ';
  return value;
}

// The description as it is after strip_html: no tags, still irregular whitespace.
std::string plain_description() {
  std::string value = html_description();
  std::string out;
  if (text::strip_html(value, out)) value = out;
  return value;
}

// Titles of 60 characters, with and without accents.
const std::string kTitle = "TÊNIS NIKE AIR MAX 90 MASCULINO PRETO E BRANCO ORIGINAL 42 Ç";
const std::string kAsciiTitle = "SMART TV LED 50 POL SAMSUNG 4K UHD WIFI HDMI USB BLUETOOTH X";

// Runs `transform` on `value` in a loop, reporting per-value time and bytes per second.
template <typename Transform>
void run_transform(benchmark::State &state, const std::string &value, Transform transform) {
  std::string out;
  out.reserve(value.size() * 2);
  for (auto _ : state) {
    const bool changed = transform(value, out);
    benchmark::DoNotOptimize(changed);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(value.size()));
}

void BM_CollapseWhitespace_Description(benchmark::State &state) {
  run_transform(state, plain_description(), text::collapse_whitespace);
}
BENCHMARK(BM_CollapseWhitespace_Description);

void BM_CollapseWhitespace_DescriptionUnchanged(benchmark::State &state) {
  std::string value = plain_description();
  std::string out;
  if (text::collapse_whitespace(value, out)) value = out;
  run_transform(state, value, text::collapse_whitespace);
}
BENCHMARK(BM_CollapseWhitespace_DescriptionUnchanged);

void BM_StripHtml_Description(benchmark::State &state) {
  run_transform(state, html_description(), text::strip_html);
}
BENCHMARK(BM_StripHtml_Description);

void BM_StripHtml_DescriptionWithoutHtml(benchmark::State &state) {
  run_transform(state, plain_description(), text::strip_html);
}
BENCHMARK(BM_StripHtml_DescriptionWithoutHtml);

// The description rule's three actions one after the other, each copying its result, as the
// runtime ran them before they were fused...
void BM_StripCollapseTrim_DescriptionInSequence(benchmark::State &state) {
  run_transform(state, html_description(), [](std::string_view value, std::string &out) {
    thread_local std::string stripped, collapsed;
    bool changed = text::strip_html(value, stripped);
    if (changed) value = stripped;
    if (text::collapse_whitespace(value, collapsed)) {
      value = collapsed;
      changed = true;
    }
    const std::string_view result = text::trimmed(value);
    out.assign(result.data(), result.size());
    return changed || result.size() != value.size();
  });
}
BENCHMARK(BM_StripCollapseTrim_DescriptionInSequence);

// ...and fused into one pass.
void BM_StripCollapseTrim_DescriptionFused(benchmark::State &state) {
  run_transform(state, html_description(), [](std::string_view value, std::string &out) {
    text::CleanupChanges changes;
    return text::strip_html_collapse_trim(value, out, changes);
  });
}
BENCHMARK(BM_StripCollapseTrim_DescriptionFused);

void BM_TitleCase_Title(benchmark::State &state) { run_transform(state, kTitle, text::title_case); }
BENCHMARK(BM_TitleCase_Title);

void BM_TitleCase_AsciiTitle(benchmark::State &state) {
  run_transform(state, kAsciiTitle, text::title_case);
}
BENCHMARK(BM_TitleCase_AsciiTitle);

void BM_Trim_TitleUnchanged(benchmark::State &state) {
  run_transform(state, kAsciiTitle, text::trim);
}
BENCHMARK(BM_Trim_TitleUnchanged);

void BM_Lower_Title(benchmark::State &state) { run_transform(state, kTitle, text::lower); }
BENCHMARK(BM_Lower_Title);

void BM_RemoveAccents_Title(benchmark::State &state) {
  run_transform(state, kTitle, text::remove_accents);
}
BENCHMARK(BM_RemoveAccents_Title);

void BM_NormalizeNfc_TitleAlreadyNfc(benchmark::State &state) {
  run_transform(state, kTitle, text::normalize_nfc);
}
BENCHMARK(BM_NormalizeNfc_TitleAlreadyNfc);

void BM_TruncateAtWord_Description(benchmark::State &state) {
  run_transform(state, plain_description(), [](std::string_view value, std::string &out) {
    return text::truncate(value, 60, text::TruncateAt::kWord, "…", out);
  });
}
BENCHMARK(BM_TruncateAtWord_Description);

void BM_RemoveTerms_Title(benchmark::State &state) {
  const std::vector<text::TextPattern> terms = {text::TextPattern("original", true),
                                                text::TextPattern("frete grátis", true)};
  run_transform(state, kTitle, [&terms](std::string_view value, std::string &out) {
    return text::remove_terms(value, terms, out);
  });
}
BENCHMARK(BM_RemoveTerms_Title);

void BM_ParseDecimal_BrazilianPrice(benchmark::State &state) {
  const std::string price = "R$ 1.234,56";
  run_transform(state, price, [](std::string_view value, std::string &out) {
    return text::parse_decimal(value, text::NumberFormat{',', '.'}, out) !=
           text::ParseDecimalResult::kInvalid;
  });
}
BENCHMARK(BM_ParseDecimal_BrazilianPrice);

// calculate: price * 1.15 rounded to 2 places, from text to text.
void BM_Decimal_MarkupAndRound(benchmark::State &state) {
  const std::string price = "1234.56";
  const text::Decimal markup = text::Decimal::parse("1.15").value();
  std::string out;
  for (auto _ : state) {
    out.clear();
    const std::optional<text::Decimal> value = text::Decimal::parse(price);
    const std::optional<text::Decimal> product = text::multiply(*value, markup);
    product->rounded(2)->append_to(out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Decimal_MarkupAndRound);

}  // namespace

BENCHMARK_MAIN();
