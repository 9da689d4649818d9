// The state of one rule's run over a batch: the rows its `when` selected, their values before
// the rule (to detect corrections), the action that last changed each one, and the rule's events
// and figures. Action kernels (action_kernels.hpp) read and write the rule's field through it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/program.hpp"
#include "runtime/batch.hpp"
#include "runtime/run_log.hpp"

namespace smart_rules::runtime {

class RulePipeline {
 public:
  // Every container is reused from rule to rule and batch to batch (no allocation once warm).
  // The rule's events are appended to `events`.
  void begin(Batch &batch, const Rule &rule, std::uint32_t rule_index,
             const std::vector<std::uint32_t> &selected, std::vector<Event> &events,
             const volatile int *interrupt);

  // Rows still in the pipeline (selected, not rejected), ascending; kernels loop over these.
  const std::vector<std::uint32_t> &rows() const noexcept { return rows_; }
  std::size_t size() const noexcept { return rows_.size(); }
  Batch &batch() noexcept { return *batch_; }

  // The current value of the rule's field for the row at `position`.
  bool is_null(std::size_t position) const noexcept { return column_->nulls[rows_[position]] != 0; }
  std::string_view value(std::size_t position) const noexcept {
    return column_->values[rows_[position]];
  }

  // Asks the CPU to load the value at `position` (if any; its first and last bytes) ahead of
  // use: rows are far apart in memory, so a kernel that prefetches a few rows ahead hides the
  // latency of first touches (trim, for one, reads both ends).
  void prefetch(std::size_t position) const noexcept {
    if (position >= rows_.size()) return;
    const std::string_view value = column_->values[rows_[position]];
    __builtin_prefetch(value.data());
    __builtin_prefetch(value.data() + value.size());
  }

  // Writers: each records `action` as the last change of the row.
  void write_copy(std::size_t position, std::string_view value, ActionKind action);  // into the arena
  void write_view(std::size_t position, std::string_view value, ActionKind action);  // long-lived
  void write_null(std::size_t position, ActionKind action);

  // A kFlag event (value unchanged by the flag itself: old -> new as given).
  void flag(std::size_t position, ActionKind action, bool old_null, std::string_view old_value);
  void flag_unchanged(std::size_t position, ActionKind action) {
    flag(position, action, is_null(position), value(position));
  }
  // Drops the row (kReject event); it leaves the pipeline at the next compact().
  void reject(std::size_t position, std::vector<std::uint8_t> &kept);
  // Removes rejected rows from the pipeline (after the kernel that rejected them).
  void compact();

  // True when the caller's interrupt flag is raised; kernels check it every 256 rows (and the
  // executor between rules), so even a slow kernel reacts quickly.
  bool interrupted() const noexcept { return interrupt_ && *interrupt_ != 0; }
  bool interrupted_at(std::size_t position) const noexcept {
    return (position & 255) == 255 && interrupted();
  }

  // Ends the rule: one kCorrect event per row whose value changed over the rule, a row whose
  // value came back unchanged gets its input state back; the rule's events sorted by row.
  void finish();

  const RuleStats &stats() const noexcept { return stats_; }

  // Whether events are recorded (the default); the figures are counted either way.
  void set_record_events(bool record) noexcept { record_events_ = record; }

 private:
  void add_event(std::size_t position, EventKind kind, ActionKind action, bool old_null,
                 std::string_view old_value, bool new_null, std::string_view new_value);
  // The rule's message for the row at `position`, stored in the batch arena ("" without one).
  std::string_view message(std::size_t position);

  Batch *batch_ = nullptr;
  const Rule *rule_ = nullptr;
  std::uint32_t rule_index_ = 0;
  Column *column_ = nullptr;
  const volatile int *interrupt_ = nullptr;

  std::vector<std::uint32_t> rows_;
  std::vector<std::string_view> old_values_;
  std::vector<std::uint8_t> old_nulls_;
  std::vector<std::uint8_t> old_changed_;
  std::vector<ActionKind> last_change_;
  std::vector<std::uint8_t> rejected_;  // by position
  bool any_rejected_ = false;

  bool record_events_ = true;
  std::vector<Event> *events_ = nullptr;
  std::size_t first_event_ = 0;  // where this rule's events start in *events_
  RuleStats stats_;
  std::string message_buffer_;
};

// Renders a `{field}` template with the row's current values ('' for null) into `out`.
void render_template(const Template &tmpl, const Batch &batch, std::size_t row, std::string &out);

}  // namespace smart_rules::runtime
