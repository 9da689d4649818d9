// Shared pieces of the C ABI implementation: the structs behind the opaque handles, and
// `guarded`, which runs core code so that no exception can ever leave a C ABI function.
#pragma once

#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "common/diagnostic.hpp"
#include "compiler/program.hpp"
#include "smart_rules_capi.h"

struct sr_program {
  smart_rules::Program program;
};

struct sr_diagnostics {
  std::vector<smart_rules::Diagnostic> items;
  std::vector<std::string> details;  // items[i].detail(), kept alive for the views
};

namespace smart_rules::capi {

// Records the message returned by sr_last_failure() (no allocation: it cannot fail).
void set_failure(const char *message) noexcept;

// Moves `diagnostics` into a new handle stored in `*out` (when out is not null).
void hand_over(Diagnostics &&diagnostics, sr_diagnostics **out);

// Copies bytes into a core-owned, NUL-terminated buffer.
void fill_buffer(const std::string &bytes, sr_buffer *out);

// Runs `body` (which returns sr_status), turning any exception into a status.
template <class Body>
sr_status guarded(Body &&body) noexcept {
  try {
    return std::forward<Body>(body)();
  } catch (const std::bad_alloc &) {
    set_failure("out of memory in the rules core");
    return SR_OUT_OF_MEMORY;
  } catch (const std::exception &e) {
    set_failure(e.what());
    return SR_INTERNAL;
  } catch (...) {
    set_failure("unknown failure in the rules core");
    return SR_INTERNAL;
  }
}

}  // namespace smart_rules::capi
