// C ABI: running a program over batches (the sr_executor_* functions of smart_rules_capi.h).
// The handle owns the executor and the current batch; every view it returns points into the
// program copy the executor holds (names, ids), static tables (kinds, severities, action
// names) or the batch (values, messages), so it stays valid until the next begin_batch.
#include <memory>

#include "capi_internal.hpp"
#include "compiler/actions.hpp"
#include "runtime/executor.hpp"

using smart_rules::capi::guarded;
using smart_rules::capi::hand_over;
namespace runtime = smart_rules::runtime;

struct sr_executor {
  std::unique_ptr<runtime::Executor> executor;
  runtime::Batch batch;
};

namespace {

const char *non_null(const char *data) { return data ? data : ""; }

}  // namespace

extern "C" {

sr_status sr_executor_create(const sr_program *program, sr_executor **executor,
                             sr_diagnostics **diagnostics) noexcept {
  if (diagnostics) *diagnostics = nullptr;
  if (executor) *executor = nullptr;
  return guarded([&] {
    smart_rules::Diagnostics found;
    auto handle = std::make_unique<sr_executor>();
    handle->executor = runtime::Executor::create(program->program, found);
    hand_over(std::move(found), diagnostics);
    if (!handle->executor) return SR_ERROR;
    handle->batch.reset(0, handle->executor->program().fields.size());
    *executor = handle.release();
    return SR_OK;
  });
}

void sr_executor_free(sr_executor *executor) noexcept { std::unique_ptr<sr_executor> owned(executor); }

size_t sr_executor_field_count(const sr_executor *executor) noexcept {
  return executor->executor->program().fields.size();
}

const char *sr_executor_field_name(const sr_executor *executor, size_t field) noexcept {
  const auto &fields = executor->executor->program().fields;
  return field < fields.size() ? fields[field].c_str() : "";
}

size_t sr_executor_lookup_count(const sr_executor *executor) noexcept {
  return executor->executor->lookups().size();
}

sr_lookup_view sr_executor_lookup(const sr_executor *executor, size_t index) noexcept {
  sr_lookup_view view{"", "", "", ""};
  const auto &lookups = executor->executor->lookups();
  if (index >= lookups.size()) return view;
  const runtime::LookupRequest &lookup = lookups[index];
  view.rule_id = executor->executor->program().rules[lookup.rule].id.c_str();
  view.table = lookup.table.c_str();
  view.key_column = lookup.key_column.c_str();
  view.value_column = lookup.value_column.c_str();
  return view;
}

sr_status sr_executor_add_lookup_pair(sr_executor *executor, size_t index, const char *key,
                                      size_t key_len, const char *value, size_t value_len,
                                      int value_is_null) noexcept {
  return guarded([&] {
    if (index >= executor->executor->lookups().size()) {
      smart_rules::capi::set_failure("lookup index out of range");
      return SR_INTERNAL;
    }
    std::optional<std::string_view> mapped;
    if (!value_is_null) mapped = std::string_view(non_null(value), value_len);
    executor->executor->add_lookup_pair(index, std::string_view(non_null(key), key_len), mapped);
    return SR_OK;
  });
}

sr_status sr_executor_begin_batch(sr_executor *executor, size_t rows) noexcept {
  return guarded([&] {
    executor->batch.reset(rows, executor->executor->program().fields.size());
    return SR_OK;
  });
}

void sr_executor_set_value(sr_executor *executor, size_t field, size_t row, const char *data,
                           size_t len) noexcept {
  runtime::Batch &batch = executor->batch;
  if (field >= batch.fields() || row >= batch.rows()) return;
  batch.set_input(field, row, std::string_view(non_null(data), len));
}

void sr_executor_record_events(sr_executor *executor, int record) noexcept {
  executor->executor->set_record_events(record != 0);
}

sr_status sr_executor_run(sr_executor *executor, const volatile int *interrupt) noexcept {
  return guarded([&] {
    const runtime::RunStatus status = executor->executor->run(executor->batch, interrupt);
    return status == runtime::RunStatus::kInterrupted ? SR_INTERRUPTED : SR_OK;
  });
}

int sr_executor_row_kept(const sr_executor *executor, size_t row) noexcept {
  const auto &kept = executor->executor->kept();
  return row < kept.size() && kept[row] != 0;
}

sr_value_view sr_executor_value(const sr_executor *executor, size_t field, size_t row) noexcept {
  sr_value_view view{"", 0, 1, 0};
  const runtime::Batch &batch = executor->batch;
  if (field >= batch.fields() || row >= batch.rows()) return view;
  const runtime::Column &column = batch.column(field);
  view.is_null = column.nulls[row] != 0;
  view.changed = column.changed[row] != 0;
  if (!view.is_null) {
    view.data = non_null(column.values[row].data());
    view.len = column.values[row].size();
  }
  return view;
}

sr_field_flags sr_executor_field_flags(const sr_executor *executor, size_t field) noexcept {
  const runtime::Batch &batch = executor->batch;
  if (field >= batch.fields()) return sr_field_flags{nullptr, nullptr};
  const runtime::Column &column = batch.column(field);
  return sr_field_flags{column.nulls.data(), column.changed.data()};
}

size_t sr_executor_event_count(const sr_executor *executor) noexcept {
  return executor->executor->events().size();
}

sr_event_view sr_executor_event(const sr_executor *executor, size_t index) noexcept {
  sr_event_view view{};
  const auto &events = executor->executor->events();
  const smart_rules::Program &program = executor->executor->program();
  if (index >= events.size()) {
    view.rule_id = view.field = view.action = view.action_name = view.severity = "";
    view.message = view.old_value = view.new_value = "";
    view.old_is_null = view.new_is_null = 1;
    return view;
  }
  const runtime::Event &event = events[index];
  const smart_rules::Rule &rule = program.rules[event.rule];
  view.row = event.row;
  view.rule_id = rule.id.c_str();
  view.field = program.fields[static_cast<std::size_t>(event.field)].c_str();
  view.action = runtime::event_kind_name(event.kind);
  // Registry names are string literals, so their data is NUL-terminated.
  view.action_name = smart_rules::action_spec(event.action).name.data();
  view.severity = smart_rules::rule_severity_name(rule.severity);
  view.message = non_null(event.message.data());
  view.message_len = event.message.size();
  view.old_value = non_null(event.old_value.data());
  view.old_len = event.old_value.size();
  view.old_is_null = event.old_null;
  view.new_value = non_null(event.new_value.data());
  view.new_len = event.new_value.size();
  view.new_is_null = event.new_null;
  return view;
}

size_t sr_executor_rule_count(const sr_executor *executor) noexcept {
  return executor->executor->rule_stats().size();
}

sr_rule_stats_view sr_executor_rule_stats(const sr_executor *executor, size_t rule) noexcept {
  sr_rule_stats_view view{"", 0, 0, 0, 0, 0};
  const auto &stats = executor->executor->rule_stats();
  if (rule >= stats.size()) return view;
  view.rule_id = executor->executor->program().rules[rule].id.c_str();
  view.fired = stats[rule].fired;
  view.changed = stats[rule].changed;
  view.violations = stats[rule].violations;
  view.rejected = stats[rule].rejected;
  view.elapsed_ns = stats[rule].elapsed_ns;
  return view;
}

}  // extern "C"
