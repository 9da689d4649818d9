// Helpers for runtime tests: compile a YAML rule set, run it over rows given by field name, and
// read back values, kept rows and events.
#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compile_test_support.hpp"
#include "runtime/executor.hpp"

namespace smart_rules::testing {

using Value = std::optional<std::string>;
using Row = std::map<std::string, Value>;

class RuleRunner {
 public:
  explicit RuleRunner(const std::string &source) : program_(compiled(source)) {
    Diagnostics diagnostics;
    executor_ = runtime::Executor::create(program_, diagnostics);
    EXPECT_NE(executor_, nullptr);
  }

  runtime::Executor &executor() { return *executor_; }
  const Program &program() const { return program_; }

  // Fills a batch with `rows` (fields not given are null) and runs every rule.
  runtime::RunStatus run(const std::vector<Row> &rows, const volatile int *interrupt = nullptr) {
    inputs_.clear();
    batch_.reset(rows.size(), program_.fields.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (const auto &[name, value] : rows[r]) {
        const std::int32_t field = field_index(name);
        if (field == kNone || !value) continue;
        batch_.set_input(static_cast<std::size_t>(field), r, inputs_.emplace_back(*value));
      }
    }
    return executor_->run(batch_, interrupt);
  }

  Value value(std::size_t row, const std::string &field) const {
    const std::int32_t index = field_index(field);
    if (index == kNone) return std::nullopt;
    const runtime::Column &column = batch_.column(static_cast<std::size_t>(index));
    if (column.nulls[row]) return std::nullopt;
    return std::string(column.values[row]);
  }
  bool changed(std::size_t row, const std::string &field) const {
    return batch_.column(static_cast<std::size_t>(field_index(field))).changed[row] != 0;
  }
  bool kept(std::size_t row) const { return executor_->kept()[row] != 0; }
  const std::vector<runtime::Event> &events() const { return executor_->events(); }
  const std::string &rule_id(const runtime::Event &event) const {
    return program_.rules[event.rule].id;
  }

  std::int32_t field_index(const std::string &name) const {
    for (std::size_t i = 0; i < program_.fields.size(); ++i)
      if (program_.fields[i] == name) return static_cast<std::int32_t>(i);
    return kNone;
  }

 private:
  Program program_;
  std::unique_ptr<runtime::Executor> executor_;
  runtime::Batch batch_;
  std::deque<std::string> inputs_;
};

// The value of `field` after a one-rule set whose `do:` is `action_yaml` runs over one row.
inline Value apply_action(const std::string &action_yaml, Value value,
                          const std::string &field = "title") {
  RuleRunner runner(document_with_action(action_yaml, field));
  runner.run({Row{{field, value}}});
  return runner.value(0, field);
}

// Whether `when` (one line, written as is: a YAML block scalar) is true for `row`.
inline bool fires(const std::string &when, const Row &row) {
  RuleRunner runner(document_with_rules("  - id: r1\n    field: title\n    when: >-\n      " +
                                        when + "\n    do: flag\n"));
  runner.run({row});
  return !runner.events().empty();
}

// The three-valued result of `when` for `row`: true, false, or null (neither it nor its
// negation fires).
inline std::optional<bool> truth(const std::string &when, const Row &row) {
  if (fires(when, row)) return true;
  if (fires("not (" + when + ")", row)) return false;
  return std::nullopt;
}

}  // namespace smart_rules::testing
