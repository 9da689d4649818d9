// The executor (see executor.hpp): prepares a program once, then runs it over batches rule by
// rule. A batch is cut into blocks of rows that go through every rule in turn (so a block's
// values stay in cache); within a block the executor keeps the rows still alive (not rejected,
// not stopped) as a selection vector, each rule's `when` narrows it to the rule's selection,
// the rule's actions run over that as a pipeline (rule_pipeline.hpp), and rows a rule rejected
// or stopped leave the alive selection before the next rule. Rows are independent, so blocks
// change nothing but the order events are produced in, which is restored (rule by rule, rows
// ascending) at the end. Per-rule figures of a run are merged into the totals only when the run
// completes, so an interrupted batch (which the caller discards) counts nothing.
#include "runtime/executor.hpp"

#include <algorithm>

#include <re2/re2.h>

#include <chrono>
#include <numeric>
#include <stdexcept>

#include "compiler/regex_check.hpp"
#include "runtime/action_kernels.hpp"
#include "runtime/expression_evaluator.hpp"
#include "runtime/rule_pipeline.hpp"
#include "runtime/value_table.hpp"

namespace smart_rules::runtime {

namespace {

// Rows run through every rule before the next rows start: the values of a block stay in the
// CPU caches from rule to rule.
constexpr std::size_t kBlockRows = 1024;

void add_stats(RuleStats &into, const RuleStats &from) {
  into.fired += from.fired;
  into.changed += from.changed;
  into.violations += from.violations;
  into.rejected += from.rejected;
  into.elapsed_ns += from.elapsed_ns;
}

}  // namespace

struct Executor::State {
  explicit State(const Program &source) : program(source) { mask_pii_in_messages(); }

  // LGPD: a log message must not carry a pii field in clear (correction_logs stores those
  // values only as digests), so each `{pii_field}` of a rule's message renders as "***".
  // Templates of set/default are values, not log text, and are left alone.
  void mask_pii_in_messages() {
    for (Rule &rule : program.rules) {
      if (!rule.message) continue;
      for (Template::Part &part : rule.message->parts) {
        if (part.field == kNone) continue;
        const std::string &name = program.fields[static_cast<std::size_t>(part.field)];
        if (std::find(program.pii.begin(), program.pii.end(), name) == program.pii.end()) continue;
        part.field = kNone;
        part.literal = "***";
      }
    }
  }

  Program program;
  std::vector<std::unique_ptr<re2::RE2>> regexes;  // by Program::regexes index
  std::unique_ptr<ExpressionEvaluator> evaluator;
  std::vector<std::vector<PreparedAction>> actions;  // by rule
  std::vector<std::uint8_t> ends_rows;               // by rule: has reject or stop
  std::vector<LookupRequest> lookup_requests;
  std::vector<std::unique_ptr<ValueTable>> lookup_tables;
  std::vector<RuleStats> stats;  // totals since create()

  // Per run, reused.
  std::vector<std::uint8_t> kept, finished;
  std::vector<std::uint32_t> alive, selected;
  std::vector<Event> events, event_scratch;
  std::vector<std::size_t> event_offsets;
  std::vector<RuleStats> run_stats;
  RulePipeline pipeline;
  KernelContext context;

  bool compile_regexes(Diagnostics &diagnostics);
  void prepare_rules();
  // Runs every rule over rows [first, last) of the batch; false if interrupted.
  bool run_block(Batch &batch, std::size_t first, std::size_t last, const volatile int *interrupt);
  // Makes `events` rule by rule again after several blocks (stable: rows stay ascending).
  void order_events_by_rule();
  // The rows of `alive` where the rule's `when` is true, into `selected`; false if interrupted.
  // Not called for a rule without `when` (it takes `alive` as it is).
  bool select(const Rule &rule, const Batch &batch, const volatile int *interrupt);
  void drop_finished_rows();
};

bool Executor::State::compile_regexes(Diagnostics &diagnostics) {
  bool ok = true;
  for (const RegexSpec &spec : program.regexes) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(kRegexMaxMemory);
    options.set_case_sensitive(!spec.ignore_case);
    auto regex = std::make_unique<re2::RE2>(spec.pattern, options);
    if (!regex->ok()) {
      const bool too_large = regex->error_code() == re2::RE2::ErrorPatternTooLarge;
      diagnostics.error(too_large ? ErrorCode::kLimitExceeded : ErrorCode::kInvalidRegex,
                        too_large ? "regular expression needs more than 1 MiB of memory"
                                  : "invalid regular expression: " + regex->error(),
                        SourceLocation{});
      ok = false;
    }
    regexes.push_back(std::move(regex));
  }
  return ok;
}

void Executor::State::prepare_rules() {
  evaluator = std::make_unique<ExpressionEvaluator>(program, regexes);
  actions.resize(program.rules.size());
  ends_rows.assign(program.rules.size(), 0);
  for (std::size_t r = 0; r < program.rules.size(); ++r) {
    const Rule &rule = program.rules[r];
    if (rule.when != kNone) evaluator->prepare(rule.when);
    for (std::size_t a = 0; a < rule.actions.size(); ++a) {
      const Action &action = rule.actions[a];
      std::size_t lookup_index = 0;
      if (action.kind == ActionKind::kLookup) {  // table, key, value, ignore_case, unmapped
        lookup_index = lookup_requests.size();
        lookup_requests.push_back(LookupRequest{static_cast<std::uint32_t>(r),
                                                static_cast<std::uint32_t>(a), action.args[0].text,
                                                action.args[1].text, action.args[2].text});
        lookup_tables.push_back(std::make_unique<ValueTable>(action.args[3].boolean));
      }
      if (action.kind == ActionKind::kCalculate) evaluator->prepare(action.args[0].index);
      if (action.kind == ActionKind::kReject || action.kind == ActionKind::kStop)
        ends_rows[r] = 1;
      actions[r].push_back(prepare_action(action, program, regexes, lookup_index));
    }
    fuse_actions(actions[r]);
  }
  stats.assign(program.rules.size(), RuleStats{});
  context.evaluator = evaluator.get();
  context.lookups = &lookup_tables;
  context.kept = &kept;
  context.finished = &finished;
}

bool Executor::State::select(const Rule &rule, const Batch &batch,
                             const volatile int *interrupt) {
  selected.clear();
  const std::size_t chunk = evaluator->chunk_rows();
  for (std::size_t start = 0; start < alive.size(); start += chunk) {
    if (start > 0 && interrupt && *interrupt) return false;
    const std::size_t count = std::min(chunk, alive.size() - start);
    evaluator->evaluate(rule.when, batch, alive.data() + start, count);
    for (std::size_t i = 0; i < count; ++i)
      if (evaluator->is_true(rule.when, i)) selected.push_back(alive[start + i]);
  }
  return true;
}

bool Executor::State::run_block(Batch &batch, std::size_t first, std::size_t last,
                                const volatile int *interrupt) {
  alive.resize(last - first);
  std::iota(alive.begin(), alive.end(), static_cast<std::uint32_t>(first));
  for (std::size_t r = 0; r < program.rules.size() && !alive.empty(); ++r) {
    if (interrupt && *interrupt) return false;
    const auto started = std::chrono::steady_clock::now();
    const Rule &rule = program.rules[r];
    if (rule.when != kNone && !select(rule, batch, interrupt)) return false;
    const std::vector<std::uint32_t> &selection = rule.when == kNone ? alive : selected;
    RuleStats &figures = run_stats[r];
    if (!selection.empty()) {
      pipeline.begin(batch, rule, static_cast<std::uint32_t>(r), selection, events, interrupt);
      for (const PreparedAction &action : actions[r]) {
        if (!run_action(action, pipeline, context)) return false;
        if (pipeline.size() == 0) break;
      }
      pipeline.finish();
      add_stats(figures, pipeline.stats());
      if (ends_rows[r]) drop_finished_rows();
    }
    figures.elapsed_ns += static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() -
                                                             started)
            .count());
  }
  return true;
}

void Executor::State::order_events_by_rule() {
  event_offsets.assign(program.rules.size() + 1, 0);
  for (const Event &event : events) ++event_offsets[event.rule + 1];
  for (std::size_t r = 1; r < event_offsets.size(); ++r) event_offsets[r] += event_offsets[r - 1];
  event_scratch.resize(events.size());
  for (const Event &event : events) event_scratch[event_offsets[event.rule]++] = event;
  events.swap(event_scratch);
}

void Executor::State::drop_finished_rows() {
  std::size_t kept_rows = 0;
  for (std::uint32_t row : alive)
    if (!finished[row]) alive[kept_rows++] = row;
  alive.resize(kept_rows);
}

Executor::Executor(CreateKey) {}

Executor::~Executor() = default;

std::unique_ptr<Executor> Executor::create(const Program &program, Diagnostics &diagnostics) {
  auto executor = std::make_unique<Executor>(CreateKey());
  executor->state_ = std::make_unique<State>(program);
  State &state = *executor->state_;
  if (!state.compile_regexes(diagnostics)) return nullptr;
  state.prepare_rules();
  return executor;
}

const Program &Executor::program() const noexcept { return state_->program; }

const std::vector<LookupRequest> &Executor::lookups() const noexcept {
  return state_->lookup_requests;
}

void Executor::add_lookup_pair(std::size_t index, std::string_view key,
                               std::optional<std::string_view> value) {
  state_->lookup_tables.at(index)->add(key, value);
}

RunStatus Executor::run(Batch &batch, const volatile int *interrupt) {
  State &s = *state_;
  if (batch.fields() != s.program.fields.size())
    throw std::invalid_argument("batch columns do not match the program's fields");
  const std::size_t rows = batch.rows();
  s.kept.assign(rows, 1);
  s.finished.assign(rows, 0);
  s.events.clear();
  s.run_stats.assign(s.program.rules.size(), RuleStats{});
  for (std::size_t first = 0; first < rows; first += kBlockRows) {
    if (!s.run_block(batch, first, std::min(rows, first + kBlockRows), interrupt))
      return RunStatus::kInterrupted;
  }
  if (rows > kBlockRows) s.order_events_by_rule();
  for (std::size_t r = 0; r < s.stats.size(); ++r) add_stats(s.stats[r], s.run_stats[r]);
  return RunStatus::kDone;
}

void Executor::set_record_events(bool record) noexcept { state_->pipeline.set_record_events(record); }

const std::vector<std::uint8_t> &Executor::kept() const noexcept { return state_->kept; }

const std::vector<Event> &Executor::events() const noexcept { return state_->events; }

const std::vector<RuleStats> &Executor::rule_stats() const noexcept { return state_->stats; }

const char *event_kind_name(EventKind kind) noexcept {
  switch (kind) {
    case EventKind::kCorrect: return "correct";
    case EventKind::kFlag: return "flag";
    case EventKind::kReject: return "reject";
  }
  return "flag";
}

}  // namespace smart_rules::runtime
