// What every libFuzzer target of the project checks of the C ABI, in one place: how a broken
// contract aborts the run (with the call and the core's last failure), and the diagnostics
// contract every call that returns diagnostics must keep. Each target names itself first with
// SMART_RULES_FUZZER_NAME.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "smart_rules_capi.h"

#ifndef SMART_RULES_FUZZER_NAME
#error "define SMART_RULES_FUZZER_NAME before including fuzz_checks.hpp"
#endif

namespace fuzz_checks {

struct DiagnosticsFree {
  void operator()(sr_diagnostics *diagnostics) const noexcept { sr_diagnostics_free(diagnostics); }
};
using DiagnosticsHandle = std::unique_ptr<sr_diagnostics, DiagnosticsFree>;

[[noreturn]] inline void fail(const char *call, const char *what) {
  std::fprintf(stderr, "%s: %s: %s\n", SMART_RULES_FUZZER_NAME, call, what);
  const char *failure = sr_last_failure();
  if (failure != nullptr && failure[0] != '\0') std::fprintf(stderr, "last failure: %s\n", failure);
  std::abort();
}

inline void require(bool condition, const char *call, const char *what) {
  if (!condition) fail(call, what);
}

// The diagnostics contract: readable views, and an error exactly when the call failed.
inline void check_diagnostics(const sr_diagnostics *diagnostics, sr_status status, const char *call) {
  require(diagnostics != nullptr, call, "no diagnostics object returned");
  const size_t count = sr_diagnostics_count(diagnostics);
  for (size_t i = 0; i < count; ++i) {
    const sr_diagnostic_view view = sr_diagnostics_get(diagnostics, i);
    require(view.sqlstate != nullptr && std::strlen(view.sqlstate) == 5, call, "bad SQLSTATE");
    require(view.severity != nullptr && view.message != nullptr && view.detail != nullptr &&
                view.hint != nullptr && view.rule_id != nullptr,
            call, "a diagnostic string is NULL");
    require(view.message[0] != '\0', call, "empty diagnostic message");
    require(view.line >= 0 && view.column >= 0, call, "negative position");
  }
  const long first_error = sr_diagnostics_first_error(diagnostics);
  require(first_error < static_cast<long>(count), call, "first error out of range");
  require((first_error >= 0) == (status == SR_ERROR), call, "first error disagrees with the status");
}

}  // namespace fuzz_checks
