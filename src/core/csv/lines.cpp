// Physical line numbers of CSV text (see lines.hpp).
#include "csv/lines.hpp"

namespace smart_rules::csv {

std::size_t line_at(std::string_view text, std::size_t offset) noexcept {
  std::size_t line = 1;
  for (std::size_t pos = 0; pos < offset && pos < text.size(); ++pos) {
    const char c = text[pos];
    // A CR followed by LF is one line end, counted at the LF.
    if (c == '\n' || (c == '\r' && (pos + 1 == text.size() || text[pos + 1] != '\n'))) ++line;
  }
  return line;
}

std::string line_name(std::size_t line) { return "line " + std::to_string(line); }

}  // namespace smart_rules::csv
