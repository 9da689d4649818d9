// RFC 4180 record parsing (see csv_reader.hpp).
#include "csv/csv_reader.hpp"

#include <algorithm>

#include "csv/lines.hpp"
#include "text/transform_support.hpp"

namespace smart_rules::csv {

namespace {

namespace word = text::detail::word;

// The position of the first byte of `text` at or after `pos` that is `a`, `b` or `c`, or
// text.size(). Eight bytes at a time: the usual unquoted run of a catalog cell holds none.
std::size_t find_first_of3(std::string_view text, std::size_t pos, char a, char b,
                           char c) noexcept {
  const auto ua = static_cast<unsigned char>(a);
  const auto ub = static_cast<unsigned char>(b);
  const auto uc = static_cast<unsigned char>(c);
  for (; pos + word::kSize <= text.size(); pos += word::kSize) {
    const std::uint64_t bytes = word::load(text, pos);
    const std::uint64_t found =
        word::bytes_equal(bytes, ua) | word::bytes_equal(bytes, ub) | word::bytes_equal(bytes, uc);
    if (found != 0) {
      // The mask has the high bit of each matching byte set; the first byte in memory is the
      // lowest one on a little-endian machine, the highest on a big-endian one.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
      return pos + static_cast<std::size_t>(__builtin_clzll(found)) / 8;
#else
      return pos + static_cast<std::size_t>(__builtin_ctzll(found)) / 8;
#endif
    }
  }
  while (pos < text.size() && text[pos] != a && text[pos] != b && text[pos] != c) ++pos;
  return pos;
}

bool is_line_end(char c) noexcept { return c == '\n' || c == '\r'; }

}  // namespace

std::size_t RecordTable::record_at_line(std::size_t line) const noexcept {
  const auto found = std::lower_bound(record_lines_.begin(), record_lines_.end(), line);
  if (found == record_lines_.end() || *found != line) return record_count();
  return static_cast<std::size_t>(found - record_lines_.begin());
}

void RecordParser::consume_line_end() noexcept {
  if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

void RecordParser::parse_unquoted_field(std::string &bytes) noexcept {
  const std::size_t end = find_first_of3(text_, pos_, delimiter_, '\n', '\r');
  bytes.append(text_.data() + pos_, end - pos_);
  pos_ = end;
}

bool RecordParser::parse_quoted_field(std::string &bytes, std::size_t column,
                                      Diagnostics &diagnostics) {
  const std::size_t start_line = line_;
  ++pos_;  // the opening quote
  std::size_t run_start = pos_;
  for (;;) {
    const std::size_t found = find_first_of3(text_, pos_, '"', '\n', '\r');
    if (found == text_.size()) {
      diagnostics.error(
          ErrorCode::kBadCopyFileFormat,
          line_name(start_line) + ": unterminated quoted field in column " + std::to_string(column),
          line_location(start_line));
      return false;
    }
    pos_ = found;
    if (is_line_end(text_[found])) {
      consume_line_end();  // kept in the cell: the run goes on
      continue;
    }
    bytes.append(text_.data() + run_start, found - run_start);
    if (found + 1 < text_.size() && text_[found + 1] == '"') {
      // '""': the second quote starts the next run.
      pos_ = found + 2;
      run_start = found + 1;
      continue;
    }
    pos_ = found + 1;
    break;
  }
  while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  if (pos_ < text_.size() && text_[pos_] != delimiter_ && !is_line_end(text_[pos_])) {
    diagnostics.error(ErrorCode::kBadCopyFileFormat,
                      line_name(line_) + ": unexpected text after a closing quote in column " +
                          std::to_string(column),
                      line_location(line_));
    return false;
  }
  return true;
}

ParseStep RecordParser::next(RecordTable &table, Diagnostics &diagnostics) {
  while (pos_ < text_.size() && is_line_end(text_[pos_])) consume_line_end();  // blank lines
  if (pos_ == text_.size()) return ParseStep::kEnd;

  const std::size_t record_line = line_;
  const std::size_t cells_before = table.cell_bounds_.size();
  const std::size_t bytes_before = table.bytes_.size();
  auto fail = [&] {
    table.cell_bounds_.resize(cells_before);
    table.bytes_.resize(bytes_before);
    return ParseStep::kError;
  };
  for (std::size_t column = 1;; ++column) {
    if (column > kMaxFields) {
      diagnostics.error(
          ErrorCode::kLimitExceeded,
          line_name(record_line) + " has more than " + std::to_string(kMaxFields) + " fields",
          line_location(record_line));
      return fail();
    }
    if (pos_ < text_.size() && text_[pos_] == '"') {
      if (!parse_quoted_field(table.bytes_, column, diagnostics)) return fail();
    } else {
      parse_unquoted_field(table.bytes_);
    }
    table.cell_bounds_.push_back(static_cast<std::uint32_t>(table.bytes_.size()));
    if (pos_ == text_.size()) break;
    if (text_[pos_] != delimiter_) {
      consume_line_end();
      break;
    }
    ++pos_;
  }
  table.record_first_cell_.push_back(static_cast<std::uint32_t>(table.cell_bounds_.size() - 1));
  table.record_lines_.push_back(static_cast<std::uint32_t>(record_line));
  return ParseStep::kRecord;
}

}  // namespace smart_rules::csv
