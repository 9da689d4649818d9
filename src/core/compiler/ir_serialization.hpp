// Reading and writing the IR. The binary form is what a rule_ir value stores (compact,
// versioned: magic "SRIR", format version, then the program); the JSON form is its text
// output and input. Both readers end with verify_program(), so any accepted input is a valid
// program, and both round-trip: read(write(p)) == p.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/diagnostic.hpp"
#include "compiler/program.hpp"

namespace smart_rules {

std::string serialize_binary(const Program &program);
// Problems are kInvalidBinary diagnostics.
std::optional<Program> deserialize_binary(std::string_view bytes, Diagnostics &diagnostics);

std::string serialize_json(const Program &program);
// Problems are kInvalidText diagnostics.
std::optional<Program> deserialize_json(std::string_view text, Diagnostics &diagnostics);

}  // namespace smart_rules
