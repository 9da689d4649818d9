// What a run reports besides the corrected rows: one Event per correction, violation or
// rejection (what correction_logs stores), and per-rule figures (what rule_runs.per_rule stores).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "compiler/program.hpp"

namespace smart_rules::runtime {

enum class EventKind : std::uint8_t {
  kCorrect,  // a rule changed its field (one event per rule and row, old -> new)
  kFlag,     // a violation without a change: flag, or a value that is not a number where one
             // is needed (parse_decimal with on_invalid, round, clamp)
  kReject,   // the row was dropped
};

const char *event_kind_name(EventKind kind) noexcept;  // "correct", "flag", "reject"

// Views point into the batch (input memory or its arena): valid until the batch is reset.
struct Event {
  std::uint32_t row = 0;
  std::uint32_t rule = 0;    // index into Program::rules
  std::int32_t field = kNone;  // index into Program::fields (the rule's field)
  EventKind kind = EventKind::kCorrect;
  ActionKind action = ActionKind::kFlag;  // the action that caused it (the last one for kCorrect)
  bool old_null = false;
  bool new_null = false;
  std::string_view old_value;
  std::string_view new_value;
  std::string_view message;  // the rule's message template rendered for the row, or empty
};

struct RuleStats {
  std::uint64_t fired = 0;    // rows where the rule ran (its `when` was true)
  std::uint64_t changed = 0;  // rows whose field it changed
  std::uint64_t violations = 0;
  std::uint64_t rejected = 0;
  std::uint64_t elapsed_ns = 0;
};

}  // namespace smart_rules::runtime
