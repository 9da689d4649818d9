// compile_fuzzer: a libFuzzer target for the compiler and the IR readers, driven through the
// C ABI exactly as the PostgreSQL glue drives them. For every input:
//   - sr_compile(input); a program it accepts must survive program -> binary -> program ->
//     JSON -> program with each form written again byte-identical to the form it was read
//     from, and explain_rules text unchanged;
//   - sr_program_from_binary(input) and sr_program_from_json(input): garbage must be rejected
//     with a diagnostic, and whatever they accept must round-trip like a compiled program.
// Every call must end in SR_OK or SR_ERROR with consistent diagnostics; anything else, a
// sanitizer report or a leak (LeakSanitizer) aborts. Everything is freed.
//
// Built by scripts/test (build/fuzz, clang, -DSMART_RULES_FUZZ=ON) and run there for
// FUZZ_SECONDS; README.md ("Development") shows how to run it longer by hand.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "smart_rules_capi.h"

#define SMART_RULES_FUZZER_NAME "compile_fuzzer"
#include "fuzz_checks.hpp"

namespace {

using fuzz_checks::check_diagnostics;
using fuzz_checks::DiagnosticsHandle;
using fuzz_checks::fail;
using fuzz_checks::require;

struct ProgramFree {
  void operator()(sr_program *program) const noexcept { sr_program_free(program); }
};
using ProgramHandle = std::unique_ptr<sr_program, ProgramFree>;

// sr_compile, sr_program_from_binary and sr_program_from_json share this shape.
using Reader = sr_status (*)(const char *, size_t, sr_program **, sr_diagnostics **);

struct NamedReader {
  Reader read;
  const char *name;
};

// Runs a reader on `len` bytes; returns the program when it accepts them.
ProgramHandle read_with(const NamedReader &reader, const char *data, size_t len) {
  sr_program *program = nullptr;
  sr_diagnostics *diagnostics = nullptr;
  const sr_status status = reader.read(data, len, &program, &diagnostics);
  ProgramHandle owned_program(program);
  DiagnosticsHandle owned_diagnostics(diagnostics);
  require(status == SR_OK || status == SR_ERROR, reader.name, "neither accepted nor rejected");
  require((status == SR_OK) == (program != nullptr), reader.name,
          "program handle disagrees with the status");
  check_diagnostics(diagnostics, status, reader.name);
  return owned_program;
}

// Copies a buffer the core produced into a string and frees it.
std::string take(sr_status status, sr_buffer &buffer, const char *call) {
  require(status == SR_OK, call, "failed on a valid program");
  std::string bytes = buffer.len > 0 ? std::string(buffer.data, buffer.len) : std::string();
  sr_buffer_free(&buffer);
  return bytes;
}

std::string to_binary(const sr_program *program) {
  sr_buffer buffer{nullptr, 0};
  return take(sr_program_to_binary(program, &buffer), buffer, "sr_program_to_binary");
}

std::string to_json(const sr_program *program) {
  sr_buffer buffer{nullptr, 0};
  return take(sr_program_to_json(program, &buffer), buffer, "sr_program_to_json");
}

std::string explain(const sr_program *program) {
  sr_buffer buffer{nullptr, 0};
  return take(sr_program_explain(program, &buffer), buffer, "sr_program_explain");
}

const NamedReader kCompile{sr_compile, "sr_compile"};
const NamedReader kFromBinary{sr_program_from_binary, "sr_program_from_binary"};
const NamedReader kFromJson{sr_program_from_json, "sr_program_from_json"};

// program -> binary -> program -> JSON -> program: each form is written again identically
// from the program read back, the last program's binary form is the first one, and explain
// does not change.
void check_round_trips(const sr_program *program) {
  const std::string binary = to_binary(program);
  const ProgramHandle from_binary = read_with(kFromBinary, binary.data(), binary.size());
  require(from_binary != nullptr, "round trip", "a program's own binary form was rejected");
  require(to_binary(from_binary.get()) == binary, "round trip", "binary -> program -> binary changed");

  const std::string json = to_json(from_binary.get());
  const ProgramHandle from_json = read_with(kFromJson, json.data(), json.size());
  require(from_json != nullptr, "round trip", "a program's own JSON form was rejected");
  require(to_json(from_json.get()) == json, "round trip", "JSON -> program -> JSON changed");
  require(to_binary(from_json.get()) == binary, "round trip", "binary -> JSON -> binary changed");
  require(explain(from_json.get()) == explain(program), "round trip", "explain changed");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size) {
  const char *bytes = reinterpret_cast<const char *>(data);
  for (const NamedReader *reader : {&kCompile, &kFromBinary, &kFromJson}) {
    const ProgramHandle program = read_with(*reader, bytes, size);
    if (program != nullptr) check_round_trips(program.get());
  }
  return 0;
}
