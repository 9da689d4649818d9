// Batch columns and the byte arena that holds the values rules produce (see batch.hpp).
#include "runtime/batch.hpp"

#include <algorithm>
#include <cstring>

namespace smart_rules::runtime {

namespace {
constexpr std::size_t kMinimumBlockSize = 64 * 1024;
}

std::string_view ByteArena::store(std::string_view bytes) {
  if (bytes.empty()) return std::string_view("", 0);
  // Use the current block, else the next kept block that is large enough, else a new one.
  while (current_ < blocks_.size() && blocks_[current_].size - used_ < bytes.size()) {
    ++current_;
    used_ = 0;
  }
  if (current_ == blocks_.size()) {
    // Geometric growth keeps the number of blocks logarithmic in the peak use of a batch.
    std::size_t capacity = 0;
    for (const Block &block : blocks_) capacity += block.size;
    Block block;
    block.size = std::max({kMinimumBlockSize, bytes.size(), capacity});
    block.data = std::make_unique<char[]>(block.size);
    blocks_.push_back(std::move(block));
    used_ = 0;
  }
  char *target = blocks_[current_].data.get() + used_;
  std::memcpy(target, bytes.data(), bytes.size());
  used_ += bytes.size();
  return std::string_view(target, bytes.size());
}

void ByteArena::reset() noexcept {
  current_ = 0;
  used_ = 0;
}

void Batch::reset(std::size_t rows, std::size_t fields) {
  rows_ = rows;
  columns_.resize(fields);
  for (Column &column : columns_) {
    column.values.assign(rows, std::string_view());
    column.nulls.assign(rows, 1);
    column.changed.assign(rows, 0);
  }
  arena_.reset();
}

void Batch::set_input(std::size_t field, std::size_t row, std::string_view value) {
  Column &column = columns_[field];
  column.values[row] = value;
  column.nulls[row] = 0;
}

void Batch::set_output(std::size_t field, std::size_t row, std::string_view value) {
  set_output_view(field, row, arena_.store(value));
}

void Batch::set_output_view(std::size_t field, std::size_t row, std::string_view value) {
  Column &column = columns_[field];
  column.values[row] = value;
  column.nulls[row] = 0;
  column.changed[row] = 1;
}

void Batch::set_output_null(std::size_t field, std::size_t row) {
  Column &column = columns_[field];
  column.values[row] = std::string_view();
  column.nulls[row] = 1;
  column.changed[row] = 1;
}

}  // namespace smart_rules::runtime
