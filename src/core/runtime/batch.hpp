// A batch: rows as column vectors, one column per program field (Program::fields), the unit the
// runtime works on. Input values are views of memory the caller owns (the glue's tuples: no
// copy); values a rule produces are stored in the batch's arena and live until the next reset.
// Per column: the value, a null flag and a changed flag (the glue reuses the input Datum of any
// value not changed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace smart_rules::runtime {

struct Column {
  std::vector<std::string_view> values;
  std::vector<std::uint8_t> nulls;    // 1: null (values[row] is then empty)
  std::vector<std::uint8_t> changed;  // 1: differs from the input (set by the executor)
};

// Bytes that live until reset(); blocks are kept across resets, so a steady state allocates
// nothing.
class ByteArena {
 public:
  std::string_view store(std::string_view bytes);
  void reset() noexcept;

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    std::size_t size = 0;
  };
  std::vector<Block> blocks_;
  std::size_t current_ = 0;  // block being filled
  std::size_t used_ = 0;     // bytes used in it
};

class Batch {
 public:
  // Makes `rows` rows of `fields` columns, every value null and unchanged.
  void reset(std::size_t rows, std::size_t fields);
  std::size_t rows() const noexcept { return rows_; }
  std::size_t fields() const noexcept { return columns_.size(); }
  Column &column(std::size_t field) { return columns_[field]; }
  const Column &column(std::size_t field) const { return columns_[field]; }

  // Sets an input value (a view of caller memory, not copied).
  void set_input(std::size_t field, std::size_t row, std::string_view value);
  // Sets a produced value: copied into the arena, marked changed.
  void set_output(std::size_t field, std::size_t row, std::string_view value);
  void set_output_null(std::size_t field, std::size_t row);
  // Sets a produced value that already outlives the batch's current rows (a constant the
  // executor owns, or another value of this batch): not copied, marked changed.
  void set_output_view(std::size_t field, std::size_t row, std::string_view value);
  // Copies bytes into the arena (messages, intermediate values).
  std::string_view store(std::string_view bytes) { return arena_.store(bytes); }

 private:
  std::size_t rows_ = 0;
  std::vector<Column> columns_;
  ByteArena arena_;
};

}  // namespace smart_rules::runtime
