// Physical line numbers of CSV text, as a text editor shows them: LF, CRLF and a lone CR each
// end a line. Every CSV error names such a line; this is how an offset becomes one.
#pragma once

#include <cstddef>
#include <string_view>

namespace smart_rules::csv {

// The 1-based line on which the byte at `offset` (<= text.size()) lies. Linear in `offset`:
// meant for error paths, not for the parser's inner loop (which counts as it goes).
std::size_t line_at(std::string_view text, std::size_t offset) noexcept;

}  // namespace smart_rules::csv
