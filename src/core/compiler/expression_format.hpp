// Prints IR expressions back as text in the rule language's own SQL-like syntax (RULES.md,
// Expressions), with only the parentheses the grammar needs. Used by explain; the text parses
// back to the same tree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/program.hpp"

namespace smart_rules {

// The expression rooted at node `root` of a verified program (indexes in range, depth
// within the limit).
std::string format_expression(const Program &program, std::int32_t root);

// A text literal: 'it''s'.
std::string format_text_literal(std::string_view text);

// A field name as an expression would write it: bare when it is a lower-case identifier that
// is not a keyword (title, seller_document), otherwise double-quoted ("Title", "order id").
std::string format_field_name(std::string_view name);

}  // namespace smart_rules
