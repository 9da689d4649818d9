// Action kernels: one loop per Kernel (compiler/program.hpp), run over the rows a rule selected.
// Everything an action needs that does not depend on the row is prepared once, in
// prepare_action(): text patterns, map tables, rewrite templates, separators, bounds. Kernels
// call the per-value building blocks of text/ with reused buffers; an unchanged value is never
// copied, and a changed one goes to the batch arena (or is a view of long-lived memory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "compiler/program.hpp"
#include "runtime/expression_evaluator.hpp"
#include "runtime/rule_pipeline.hpp"
#include "runtime/value_table.hpp"
#include "text/parse_decimal.hpp"
#include "text/transforms.hpp"

namespace smart_rules::runtime {

// The `with` of regex_replace, parsed once: literal text and group references (\0..\9).
// A backslash before any other character, or at the end, is literal; `\\` is one backslash.
struct RegexRewrite {
  struct Part {
    int group = -1;  // -1: literal
    std::string literal;
  };
  std::vector<Part> parts;
  int max_group = 0;
};

// Consecutive actions of a rule that one kernel runs in a single pass (fuse_actions).
enum class FusedActions : std::uint8_t {
  kNone,
  kStripHtmlCollapseTrim,  // strip_html, collapse_whitespace, trim
};

struct PreparedAction {
  ActionKind kind = ActionKind::kFlag;
  Kernel kernel = Kernel::kFlag;
  FusedActions fused = FusedActions::kNone;  // when set, this one runs the sequence
  std::string text;                          // prefix/suffix, replacement, constant, pad, ellipsis
  std::size_t size = 0;                      // truncate max, pad length, round/calculate scale
  std::optional<text::TextPattern> pattern;  // replace
  std::vector<text::TextPattern> terms;      // remove
  const Template *tmpl = nullptr;            // set/default with fields
  std::int32_t index = kNone;                // copy: field; calculate: expression root
  const re2::RE2 *regex = nullptr;           // regex_replace
  RegexRewrite rewrite;
  std::unique_ptr<ValueTable> own_table;     // map
  std::size_t lookup = 0;                    // lookup: index into the executor's tables
  bool keep_unmapped = true;                 // map/lookup `unmapped: keep`
  bool null_unmapped = false;                // `unmapped: null`
  std::string unmapped;                      // other text
  text::NumberFormat format;                 // parse_decimal
  bool keep_invalid = false;                 // parse_decimal `on_invalid: keep`
  bool has_min = false, has_max = false;     // clamp
  std::string min, max;
};

// Prepares `action` of `program` (regexes compiled by the caller, indexed like
// Program::regexes; `lookup_index` is the lookup table this action uses, when it is a lookup).
PreparedAction prepare_action(const Action &action, const Program &program,
                              const std::vector<std::unique_ptr<re2::RE2>> &regexes,
                              std::size_t lookup_index);

// Replaces each sequence of a rule's actions that one kernel can run in a single pass (see
// FusedActions) by one action that does: the same values, events and figures, fewer passes over
// the values and fewer copies of intermediate ones.
void fuse_actions(std::vector<PreparedAction> &actions);

// What kernels share across a run: the evaluator (calculate), lookup tables, the per-row
// outcome arrays of the batch, and scratch buffers.
struct KernelContext {
  ExpressionEvaluator *evaluator = nullptr;
  const std::vector<std::unique_ptr<ValueTable>> *lookups = nullptr;
  std::vector<std::uint8_t> *kept = nullptr;      // 0: rejected
  std::vector<std::uint8_t> *finished = nullptr;  // 1: rejected or stopped (no more rules)
  std::string buffer;
  std::vector<re2::StringPiece> groups;  // regex_replace submatches
};

// Runs one action over the pipeline's rows. False when interrupted (the batch is then
// discarded by the caller).
bool run_action(const PreparedAction &action, RulePipeline &pipeline, KernelContext &context);

}  // namespace smart_rules::runtime
