// Writing CSV records (RFC 4180) for a corrected catalog file.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace smart_rules::csv {

// True when `field` must be quoted: it holds the delimiter, a quote, CR or LF, or starts or
// ends with a space (which spreadsheet programs would otherwise trim).
bool needs_quotes(std::string_view field, char delimiter) noexcept;

// Appends one record of `count` fields to `out`, ending in CRLF: fields joined by `delimiter`,
// quoted where needs_quotes says, quotes doubled. A record of one empty field is written `""`
// so that it is not a blank line, which readers skip.
void append_record(std::string &out, const std::string_view *fields, std::size_t count,
                   char delimiter);

}  // namespace smart_rules::csv
