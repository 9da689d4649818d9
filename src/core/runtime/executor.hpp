// The executor: runs a compiled Program over batches, rule by rule (DESIGN.md, "The hot path").
// For each rule: evaluate `when` over the rows still alive into a selection vector, then run the
// rule's action kernels over the selected rows only; record an Event per correction, violation
// and rejection, and the rule's figures. Everything that can be prepared once per program is
// prepared in create(): RE2 objects, case-folded map keys, text patterns, template parts.
#pragma once

#include <csignal>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.hpp"
#include "compiler/program.hpp"
#include "runtime/batch.hpp"
#include "runtime/run_log.hpp"

namespace smart_rules::runtime {

// A `lookup` action whose pairs the caller must read (with the caller's privileges) and add.
struct LookupRequest {
  std::uint32_t rule = 0;
  std::uint32_t action = 0;
  std::string table, key_column, value_column;
};

enum class RunStatus : std::uint8_t { kDone, kInterrupted };

class Executor {
 public:
  // Prepares `program` (which must be verified); the executor keeps its own copy. Problems (e.g.
  // a regex RE2 rejects at run time because of a different build) are diagnostics; returns
  // nullptr then.
  static std::unique_ptr<Executor> create(const Program &program, Diagnostics &diagnostics);
  ~Executor();

  const Program &program() const noexcept;
  const std::vector<LookupRequest> &lookups() const noexcept;
  // Adds one pair to lookup `index` (before the first run). Later duplicates of a key lose.
  void add_lookup_pair(std::size_t index, std::string_view key, std::optional<std::string_view> value);

  // Runs every rule over `batch` (whose values must be well-formed UTF-8). `interrupt`, when not
  // null, is polled between rules and every few hundred rows; when it becomes non-zero the run
  // stops and returns kInterrupted (the batch is then partially processed and must be discarded).
  RunStatus run(Batch &batch, const volatile int *interrupt = nullptr);

  // Whether run() records events (the default). Without, events() stays empty; the per-rule
  // figures are counted all the same. For a caller that discards events (apply without a log).
  void set_record_events(bool record) noexcept;

  // Results of the last run(): rows kept (0 = rejected), and events rule by rule, rows in
  // ascending order within a rule.
  const std::vector<std::uint8_t> &kept() const noexcept;
  const std::vector<Event> &events() const noexcept;
  // Figures per rule, summed over every run since create().
  const std::vector<RuleStats> &rule_stats() const noexcept;

 private:
  // Only create() makes executors (the key cannot be named, nor built from `{}`, outside).
  struct CreateKey {
    explicit CreateKey() = default;
  };

 public:
  explicit Executor(CreateKey);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace smart_rules::runtime
