// Physical line numbers of CSV text, as a text editor shows them: LF, CRLF and a lone CR each
// end a line. Every CSV error names such a line: this is how an offset becomes one, and how
// messages and diagnostics name it.
#pragma once

#include <climits>
#include <cstddef>
#include <string>
#include <string_view>

#include "common/diagnostic.hpp"

namespace smart_rules::csv {

// The 1-based line on which the byte at `offset` (<= text.size()) lies. Linear in `offset`:
// meant for error paths, not for the parser's inner loop (which counts as it goes).
std::size_t line_at(std::string_view text, std::size_t offset) noexcept;

// "line 12": how messages name a line.
std::string line_name(std::size_t line);

// The location of a diagnostic about a whole line (no column); 0 (unknown) for a line number
// past what a location holds, which only a caller's option can be.
inline SourceLocation line_location(std::size_t line) noexcept {
  return {line <= static_cast<std::size_t>(INT_MAX) ? static_cast<int>(line) : 0, 0};
}

}  // namespace smart_rules::csv
