// C ABI: compiling, and the IR's binary, JSON and explain forms.
#include <memory>

#include "capi_internal.hpp"
#include "compiler/compile.hpp"
#include "compiler/explain.hpp"
#include "compiler/ir_serialization.hpp"

using smart_rules::capi::fill_buffer;
using smart_rules::capi::guarded;
using smart_rules::capi::hand_over;

namespace {

// Hands a read program (or the reasons there is none) to the caller.
sr_status deliver(std::optional<smart_rules::Program> program,
                  smart_rules::Diagnostics &&diagnostics, sr_program **out,
                  sr_diagnostics **diagnostics_out) {
  *out = nullptr;
  hand_over(std::move(diagnostics), diagnostics_out);
  if (!program) return SR_ERROR;
  auto handle = std::make_unique<sr_program>();
  handle->program = std::move(*program);
  *out = handle.release();
  return SR_OK;
}

}  // namespace

extern "C" {

sr_status sr_compile(const char *source, size_t len, sr_program **program,
                     sr_diagnostics **diagnostics) noexcept {
  if (diagnostics) *diagnostics = nullptr;
  return guarded([&] {
    smart_rules::CompileOutput output = smart_rules::compile_rule_set({source, len});
    return deliver(std::move(output.program), std::move(output.diagnostics), program, diagnostics);
  });
}

sr_status sr_program_to_binary(const sr_program *program, sr_buffer *out) noexcept {
  return guarded([&] {
    fill_buffer(smart_rules::serialize_binary(program->program), out);
    return SR_OK;
  });
}

sr_status sr_program_from_binary(const char *data, size_t len, sr_program **program,
                                 sr_diagnostics **diagnostics) noexcept {
  if (diagnostics) *diagnostics = nullptr;
  return guarded([&] {
    smart_rules::Diagnostics found;
    auto read = smart_rules::deserialize_binary({data, len}, found);
    return deliver(std::move(read), std::move(found), program, diagnostics);
  });
}

sr_status sr_program_to_json(const sr_program *program, sr_buffer *out) noexcept {
  return guarded([&] {
    fill_buffer(smart_rules::serialize_json(program->program), out);
    return SR_OK;
  });
}

sr_status sr_program_from_json(const char *text, size_t len, sr_program **program,
                               sr_diagnostics **diagnostics) noexcept {
  if (diagnostics) *diagnostics = nullptr;
  return guarded([&] {
    smart_rules::Diagnostics found;
    auto read = smart_rules::deserialize_json({text, len}, found);
    return deliver(std::move(read), std::move(found), program, diagnostics);
  });
}

sr_status sr_program_explain(const sr_program *program, sr_buffer *out) noexcept {
  return guarded([&] {
    fill_buffer(smart_rules::explain_program(program->program), out);
    return SR_OK;
  });
}

void sr_program_free(sr_program *program) noexcept { std::unique_ptr<sr_program> owned(program); }

}  // extern "C"
