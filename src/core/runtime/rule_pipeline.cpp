// One rule's run over a batch: writers, events, corrections (see rule_pipeline.hpp).
#include "runtime/rule_pipeline.hpp"

#include <algorithm>

namespace smart_rules::runtime {

void render_template(const Template &tmpl, const Batch &batch, std::size_t row, std::string &out) {
  out.clear();
  for (const Template::Part &part : tmpl.parts) {
    if (part.field == kNone) {
      out += part.literal;
      continue;
    }
    const Column &column = batch.column(static_cast<std::size_t>(part.field));
    if (!column.nulls[row]) out.append(column.values[row].data(), column.values[row].size());
  }
}

void RulePipeline::begin(Batch &batch, const Rule &rule, std::uint32_t rule_index,
                         const std::vector<std::uint32_t> &selected, std::vector<Event> &events,
                         const volatile int *interrupt) {
  batch_ = &batch;
  rule_ = &rule;
  rule_index_ = rule_index;
  column_ = &batch.column(static_cast<std::size_t>(rule.field));
  interrupt_ = interrupt;
  rows_.assign(selected.begin(), selected.end());
  const std::size_t count = rows_.size();
  old_values_.resize(count);
  old_nulls_.resize(count);
  old_changed_.resize(count);
  last_change_.assign(count, ActionKind::kFlag);
  rejected_.assign(count, 0);
  for (std::size_t position = 0; position < count; ++position) {
    const std::uint32_t row = rows_[position];
    old_values_[position] = column_->values[row];
    old_nulls_[position] = column_->nulls[row];
    old_changed_[position] = column_->changed[row];
  }
  any_rejected_ = false;
  events_ = &events;
  first_event_ = events.size();
  stats_ = RuleStats{};
  stats_.fired = count;
}

void RulePipeline::write_copy(std::size_t position, std::string_view value, ActionKind action) {
  batch_->set_output(static_cast<std::size_t>(rule_->field), rows_[position], value);
  last_change_[position] = action;
}

void RulePipeline::write_view(std::size_t position, std::string_view value, ActionKind action) {
  batch_->set_output_view(static_cast<std::size_t>(rule_->field), rows_[position], value);
  last_change_[position] = action;
}

void RulePipeline::write_null(std::size_t position, ActionKind action) {
  batch_->set_output_null(static_cast<std::size_t>(rule_->field), rows_[position]);
  last_change_[position] = action;
}

void RulePipeline::flag(std::size_t position, ActionKind action, bool old_null,
                        std::string_view old_value) {
  add_event(position, EventKind::kFlag, action, old_null, old_value, is_null(position),
            value(position));
  ++stats_.violations;
}

void RulePipeline::reject(std::size_t position, std::vector<std::uint8_t> &kept) {
  add_event(position, EventKind::kReject, ActionKind::kReject, is_null(position), value(position),
            is_null(position), value(position));
  kept[rows_[position]] = 0;
  rejected_[position] = 1;
  any_rejected_ = true;
  ++stats_.rejected;
}

void RulePipeline::compact() {
  if (!any_rejected_) return;
  std::size_t kept = 0;
  for (std::size_t position = 0; position < rows_.size(); ++position) {
    if (rejected_[position]) continue;
    rows_[kept] = rows_[position];
    old_values_[kept] = old_values_[position];
    old_nulls_[kept] = old_nulls_[position];
    old_changed_[kept] = old_changed_[position];
    last_change_[kept] = last_change_[position];
    rejected_[kept] = 0;
    ++kept;
  }
  rows_.resize(kept);
  old_values_.resize(kept);
  old_nulls_.resize(kept);
  old_changed_.resize(kept);
  last_change_.resize(kept);
  rejected_.resize(kept);
  any_rejected_ = false;
}

void RulePipeline::finish() {
  compact();
  for (std::size_t position = 0; position < rows_.size(); ++position) {
    const std::uint32_t row = rows_[position];
    const bool now_null = column_->nulls[row] != 0;
    const std::string_view now = column_->values[row];
    const std::string_view before = old_values_[position];
    const bool same = now_null == (old_nulls_[position] != 0) &&
                      (now_null || (now.size() == before.size() &&
                                    (now.data() == before.data() || now == before)));
    if (same) {
      // Restore the exact view and flag, so that "changed" keeps meaning "differs from input".
      column_->values[row] = before;
      column_->changed[row] = old_changed_[position];
      continue;
    }
    add_event(position, EventKind::kCorrect, last_change_[position], old_nulls_[position] != 0,
              before, now_null, now);
    ++stats_.changed;
  }
  const auto by_row = [](const Event &a, const Event &b) { return a.row < b.row; };
  const auto first = events_->begin() + static_cast<std::ptrdiff_t>(first_event_);
  if (!std::is_sorted(first, events_->end(), by_row))
    std::stable_sort(first, events_->end(), by_row);
}

void RulePipeline::add_event(std::size_t position, EventKind kind, ActionKind action,
                             bool old_null, std::string_view old_value, bool new_null,
                             std::string_view new_value) {
  if (!record_events_) return;
  Event event;
  event.row = rows_[position];
  event.rule = rule_index_;
  event.field = rule_->field;
  event.kind = kind;
  event.action = action;
  event.old_null = old_null;
  event.new_null = new_null;
  event.old_value = old_null ? std::string_view() : old_value;
  event.new_value = new_null ? std::string_view() : new_value;
  event.message = message(position);
  events_->push_back(event);
}

std::string_view RulePipeline::message(std::size_t position) {
  if (!rule_->message) return std::string_view();
  render_template(*rule_->message, *batch_, rows_[position], message_buffer_);
  return batch_->store(message_buffer_);
}

}  // namespace smart_rules::runtime
