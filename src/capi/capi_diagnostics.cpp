// C ABI: diagnostics handles, buffers and the last-failure message.
#include <cstdlib>
#include <memory>

#include "capi_internal.hpp"

namespace smart_rules::capi {

namespace {
char last_failure[512] = "";
}

void set_failure(const char *message) noexcept {
  std::strncpy(last_failure, message ? message : "", sizeof(last_failure) - 1);
  last_failure[sizeof(last_failure) - 1] = '\0';
}

void hand_over(Diagnostics &&diagnostics, sr_diagnostics **out) {
  if (!out) return;
  auto handle = std::make_unique<sr_diagnostics>();
  handle->items = diagnostics.all();
  for (const Diagnostic &d : handle->items) handle->details.push_back(d.detail());
  *out = handle.release();
}

void fill_buffer(const std::string &bytes, sr_buffer *out) {
  char *data = static_cast<char *>(std::malloc(bytes.size() + 1));
  if (!data) throw std::bad_alloc();
  std::memcpy(data, bytes.data(), bytes.size());
  data[bytes.size()] = '\0';
  out->data = data;
  out->len = bytes.size();
}

}  // namespace smart_rules::capi

using smart_rules::Diagnostic;
using smart_rules::Severity;

extern "C" {

size_t sr_diagnostics_count(const sr_diagnostics *diagnostics) noexcept {
  return diagnostics ? diagnostics->items.size() : 0;
}

sr_diagnostic_view sr_diagnostics_get(const sr_diagnostics *diagnostics, size_t index) noexcept {
  sr_diagnostic_view view{"XX000", "error", "", "", "", "", 0, 0};
  if (!diagnostics || index >= diagnostics->items.size()) return view;
  const Diagnostic &d = diagnostics->items[index];
  view.sqlstate = smart_rules::sqlstate(d.code);
  view.severity = smart_rules::severity_name(d.severity);
  view.message = d.message.c_str();
  view.detail = diagnostics->details[index].c_str();
  view.hint = d.hint.c_str();
  view.rule_id = d.rule_id.c_str();
  view.line = d.where.line;
  view.column = d.where.column;
  return view;
}

long sr_diagnostics_first_error(const sr_diagnostics *diagnostics) noexcept {
  if (!diagnostics) return -1;
  for (size_t i = 0; i < diagnostics->items.size(); ++i)
    if (diagnostics->items[i].severity == Severity::kError) return static_cast<long>(i);
  return -1;
}

void sr_diagnostics_free(sr_diagnostics *diagnostics) noexcept {
  std::unique_ptr<sr_diagnostics> owned(diagnostics);
}

void sr_buffer_free(sr_buffer *buffer) noexcept {
  if (!buffer) return;
  std::free(buffer->data);
  buffer->data = nullptr;
  buffer->len = 0;
}

const char *sr_last_failure(void) noexcept { return smart_rules::capi::last_failure; }

}  // extern "C"
