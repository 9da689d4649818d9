// Writing CSV records (see csv_writer.hpp).
#include "csv/csv_writer.hpp"

namespace smart_rules::csv {

namespace {

void append_quoted(std::string &out, std::string_view field) {
  out.push_back('"');
  std::size_t start = 0;
  for (std::size_t quote = field.find('"'); quote != std::string_view::npos;
       quote = field.find('"', start)) {
    out.append(field.data() + start, quote + 1 - start);  // up to and including the quote
    out.push_back('"');
    start = quote + 1;
  }
  out.append(field.data() + start, field.size() - start);
  out.push_back('"');
}

}  // namespace

bool needs_quotes(std::string_view field, char delimiter) noexcept {
  if (field.empty()) return false;
  if (field.front() == ' ' || field.back() == ' ') return true;
  for (char c : field) {
    if (c == delimiter || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}

void append_record(std::string &out, const std::string_view *fields, std::size_t count,
                   char delimiter) {
  if (count == 1 && fields[0].empty()) {
    out += "\"\"\r\n";
    return;
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out.push_back(delimiter);
    if (needs_quotes(fields[i], delimiter)) {
      append_quoted(out, fields[i]);
    } else {
      out.append(fields[i]);
    }
  }
  out += "\r\n";
}

}  // namespace smart_rules::csv
