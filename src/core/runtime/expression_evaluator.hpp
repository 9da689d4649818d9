// The vectorized evaluator of the expression language (`when`, `calculate`): walks the nodes of
// one expression in the arena's post-order and computes each node for a chunk of rows at once,
// a column of results per node. Literals and fields are not copied into columns: a literal is a
// constant read for every row, a field is read from the batch's column through the chunk's row
// numbers. Only computed nodes use a result column, taken from a pool sized once per program.
//
// Value representation per node type (ValueType): a boolean is a 0/1 byte plus a null byte (SQL
// three-valued logic); a text is a string_view (into the batch, the program, or the evaluator's
// scratch arena); a number is an EvalNumber: an int64 fast path, or plain decimal text of any
// length (exact; arithmetic beyond the fast path goes through text::Decimal).
//
// Results of evaluate() stay readable until its next call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/program.hpp"
#include "runtime/batch.hpp"
#include "text/decimal.hpp"
#include "text/transforms.hpp"

namespace re2 {
class RE2;
}

namespace smart_rules::runtime {

// A number during evaluation. `text` (when !is_integer) is `-?digits(.digits)?`, not
// necessarily canonical (leading zeros, "-0" are possible).
struct EvalNumber {
  std::int64_t integer = 0;
  std::string_view text;
  bool is_integer = true;
};

// Reads `value` with the plain decimal grammar after trimming Unicode whitespace; false when it
// is not a number.
bool parse_eval_number(std::string_view value, EvalNumber &out) noexcept;
// The exact value as a Decimal; absent only for a number beyond Decimal's size bounds.
std::optional<text::Decimal> to_decimal(const EvalNumber &number);

class ExpressionEvaluator {
 public:
  ExpressionEvaluator(const Program &program,
                      const std::vector<std::unique_ptr<re2::RE2>> &regexes);
  ~ExpressionEvaluator();
  ExpressionEvaluator(const ExpressionEvaluator &) = delete;
  ExpressionEvaluator &operator=(const ExpressionEvaluator &) = delete;

  // Prepares the expression whose root node is `root` (every expression, before the first
  // evaluate()).
  void prepare(std::int32_t root);
  // How many rows one evaluate() may take: chosen so that the result columns of the largest
  // expression stay within a fixed memory budget.
  std::size_t chunk_rows() const noexcept { return chunk_rows_; }

  // Evaluates the prepared expression `root` for rows[0..count) of `batch` (count <=
  // chunk_rows()).
  void evaluate(std::int32_t root, const Batch &batch, const std::uint32_t *rows,
                std::size_t count);

  // Results of the last evaluate() for the i-th row of the chunk.
  bool is_true(std::int32_t root, std::size_t i) const noexcept;
  // The result as a number (text read with the plain grammar); false when null or not a number.
  bool number_at(std::int32_t root, std::size_t i, EvalNumber &out) const noexcept;

 private:
  enum class SlotKind : std::uint8_t { kConstant, kField, kComputed };

  // How to read a node's value for a row of the chunk.
  struct Slot {
    SlotKind kind = SlotKind::kComputed;
    ValueType type = ValueType::kNull;
    std::int32_t field = kNone;  // kField
    std::uint32_t column = 0;    // kComputed: index into columns_
    bool constant_null = true;   // kConstant
    bool constant_truth = false;
    bool constant_is_number = false;  // a numeric literal, or a text literal that is a number
    std::string_view constant_text;
    EvalNumber constant_number;
  };

  // The results of one computed node for a chunk (only the vectors of its type are used).
  struct ResultColumn {
    std::vector<std::uint8_t> nulls;
    std::vector<std::uint8_t> truth;
    std::vector<std::string_view> texts;
    std::vector<EvalNumber> numbers;
  };

  struct Prepared {
    std::vector<std::uint32_t> nodes;  // every node the root reaches, ascending (post-order)
  };

  void evaluate_node(std::uint32_t index, std::size_t count);
  void evaluate_logical(const ExprNode &node, ResultColumn &out, std::size_t count);
  void evaluate_comparison(const ExprNode &node, ResultColumn &out, std::size_t count);
  void evaluate_in(const ExprNode &node, ResultColumn &out, std::size_t count);
  void evaluate_between(const ExprNode &node, ResultColumn &out, std::size_t count);
  void evaluate_arithmetic(const ExprNode &node, ResultColumn &out, std::size_t count);
  void evaluate_call(std::uint32_t index, const ExprNode &node, ResultColumn &out,
                     std::size_t count);
  void evaluate_text_test(std::uint32_t index, const ExprNode &node, ResultColumn &out,
                          std::size_t count);
  void evaluate_coalesce(const ExprNode &node, ResultColumn &out, std::size_t count);

  // Asks the CPU to load the value of a field operand for row i ahead of use (rows are far
  // apart in memory).
  void prefetch(const Slot &slot, std::size_t i, std::size_t count) const noexcept;
  // Readers of any slot for row i of the chunk.
  bool null_at(const Slot &slot, std::size_t i) const noexcept;
  bool truth_at(const Slot &slot, std::size_t i) const noexcept;
  std::string_view text_at(const Slot &slot, std::size_t i) const noexcept;
  // The value as a number: false when null, or text that is not a number.
  bool as_number(const Slot &slot, std::size_t i, EvalNumber &out) const noexcept;
  // The value as text (numbers in canonical form, stored in the scratch arena): false when null.
  bool as_text(const Slot &slot, std::size_t i, std::string_view &out);
  // Three-way comparison of operands a and b for row i (numbers or text by `numeric`,
  // booleans by truth); false when the comparison is null.
  bool compare_at(const Slot &a, const Slot &b, bool numeric, std::size_t i, int &result);

  const Slot &operand(const ExprNode &node, std::uint32_t k) const noexcept;
  std::string_view store_number(const text::Decimal &value);

  const Program &program_;
  const std::vector<std::unique_ptr<re2::RE2>> &regexes_;
  std::vector<Slot> slots_;                      // one per arena node
  std::vector<std::unique_ptr<Prepared>> prepared_;  // by root node, when prepared
  std::vector<std::unique_ptr<text::TextPattern>> patterns_;  // by node: constant pattern
  std::vector<ResultColumn> columns_;            // the pool of computed results
  std::size_t chunk_rows_ = 4096;

  const Batch *batch_ = nullptr;  // of the current evaluate()
  const std::uint32_t *rows_ = nullptr;
  ByteArena scratch_;              // texts computed in the current evaluate()
  std::string buffer_, second_buffer_;
};

}  // namespace smart_rules::runtime
