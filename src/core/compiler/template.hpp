// `{field}` templates (the values of `set`, `default` and a rule's `message`): the one parser
// of their syntax, used by the rule set checker and by the IR's JSON reader and verifier.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "compiler/program.hpp"

namespace smart_rules {

// Parses `text`: `{name}` is a placeholder for the field `name` (interned into `program`),
// `{{` and `}}` are literal braces, everything else is literal text. Consecutive literal text
// forms one part, so a template has one canonical list of parts. On malformed text returns
// nullopt and sets `error` (a message in PostgreSQL style).
std::optional<Template> parse_template(std::string_view text, Program &program, std::string &error);

// A field table by name (the first index of each name), for lookups that must not grow it.
using FieldIndex = std::unordered_map<std::string, std::int32_t>;
FieldIndex index_fields(const std::vector<std::string> &fields);

// Like parse_template, against a fixed field table: a placeholder naming a field that is not
// in `fields` is an error. For the IR readers and verifier, where the table is already known.
std::optional<Template> parse_template_with_fields(std::string_view text, const FieldIndex &fields,
                                                   std::string &error);

}  // namespace smart_rules
