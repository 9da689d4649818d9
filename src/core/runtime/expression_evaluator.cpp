// The vectorized expression evaluator (see expression_evaluator.hpp).
//
// Semantics (RULES.md "Expressions", docs/rules.md "Functions"):
// - SQL three-valued logic: and/or/not on null; comparisons, arithmetic, || and functions give
//   null on a null operand, except is_empty, coalesce and is [not] null.
// - A comparison flagged kNumericCompare reads both sides as numbers (text with the plain decimal
//   grammar after trimming; not a number -> null); otherwise texts compare by code point (the
//   byte order of UTF-8) and booleans by value.
// - x IN (l1, ...): true on a match; otherwise null when x or a list item is null (or, for a
//   numeric IN, a text item that is not a number), else false. BETWEEN is
//   `x >= low and x <= high` in three-valued logic. NOT IN / NOT BETWEEN negate that.
// - Arithmetic is exact (text::Decimal beyond the int64 fast path); / and % by zero give null.
// - coalesce: the first non-null argument, read as the call's type: in a numeric coalesce a
//   text argument that is not a number gives null (it is not skipped).
#include "runtime/expression_evaluator.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>

#include "text/numbers.hpp"
#include "text/utf8.hpp"
#include "text/validators.hpp"

namespace smart_rules::runtime {

namespace {

// Rows times computed nodes that the result columns may hold at once (about 50 bytes each).
constexpr std::size_t kResultCellBudget = std::size_t(1) << 20;
constexpr std::size_t kMaxChunkRows = 4096;
constexpr std::size_t kMinChunkRows = 64;
constexpr std::size_t kPrefetchDistance = 8;

// Integers up to 18 digits always fit an int64.
constexpr std::size_t kFastIntegerDigits = 18;

// Writes `value` in decimal into `buffer` (24 bytes); returns the text.
std::string_view integer_text(std::int64_t value, char *buffer) noexcept {
  const std::to_chars_result written = std::to_chars(buffer, buffer + 24, value);
  return std::string_view(buffer, static_cast<std::size_t>(written.ptr - buffer));
}

// The text of a number in plain form (not necessarily canonical) in `buffer` when needed.
std::string_view plain_text(const EvalNumber &number, char *buffer) noexcept {
  return number.is_integer ? integer_text(number.integer, buffer) : number.text;
}

int compare_eval_numbers(const EvalNumber &a, const EvalNumber &b) noexcept {
  if (a.is_integer && b.is_integer) return (a.integer > b.integer) - (a.integer < b.integer);
  char a_buffer[24], b_buffer[24];
  return text::compare_decimals(plain_text(a, a_buffer), plain_text(b, b_buffer));
}

// True when plain decimal `text` is already canonical (no superfluous leading zero, no "-0").
bool is_canonical_decimal(std::string_view text) noexcept {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '-') {
    digits.remove_prefix(1);
    if (digits.find_first_not_of("0.") == std::string_view::npos) return false;
  }
  return !(digits.size() > 1 && digits[0] == '0' && digits[1] != '.');
}

// The truth of a comparison operator for a three-way result.
bool comparison_holds(ExprOp op, int comparison) noexcept {
  switch (op) {
    case ExprOp::kEq: return comparison == 0;
    case ExprOp::kNe: return comparison != 0;
    case ExprOp::kLt: return comparison < 0;
    case ExprOp::kLe: return comparison <= 0;
    case ExprOp::kGt: return comparison > 0;
    case ExprOp::kGe: return comparison >= 0;
    default: return false;
  }
}

// Integer arithmetic when it cannot overflow; false to fall back to Decimal.
bool fast_integer_arithmetic(ExprOp op, std::int64_t a, std::int64_t b, std::int64_t &out) {
  switch (op) {
    case ExprOp::kAdd: return !__builtin_add_overflow(a, b, &out);
    case ExprOp::kSub: return !__builtin_sub_overflow(a, b, &out);
    case ExprOp::kMul: return !__builtin_mul_overflow(a, b, &out);
    case ExprOp::kMod:
      if (b == 0 || b == -1) return false;  // null, or INT64_MIN % -1
      out = a % b;  // C++ truncates toward zero: the sign of the dividend, like SQL
      return true;
    default: return false;
  }
}

std::optional<text::Decimal> decimal_arithmetic(ExprOp op, const text::Decimal &a,
                                                const text::Decimal &b) {
  switch (op) {
    case ExprOp::kAdd: return add(a, b);
    case ExprOp::kSub: return subtract(a, b);
    case ExprOp::kMul: return multiply(a, b);
    case ExprOp::kDiv: return divide(a, b);
    case ExprOp::kMod: return modulo(a, b);
    default: return std::nullopt;
  }
}

}  // namespace

bool parse_eval_number(std::string_view value, EvalNumber &out) noexcept {
  value = text::trimmed(value);
  if (!text::is_plain_decimal(value)) return false;
  const bool negative = value.front() == '-';
  const std::size_t digits = value.size() - (negative ? 1 : 0);
  if (digits <= kFastIntegerDigits && value.find('.') == std::string_view::npos) {
    std::int64_t magnitude = 0;
    for (std::size_t i = negative ? 1 : 0; i < value.size(); ++i)
      magnitude = magnitude * 10 + (value[i] - '0');
    out.is_integer = true;
    out.integer = negative ? -magnitude : magnitude;
    out.text = std::string_view();
    return true;
  }
  out.is_integer = false;
  out.integer = 0;
  out.text = value;
  return true;
}

std::optional<text::Decimal> to_decimal(const EvalNumber &number) {
  if (number.is_integer) return text::Decimal::from_integer(number.integer);
  return text::Decimal::parse(number.text);
}


ExpressionEvaluator::ExpressionEvaluator(const Program &program,
                                         const std::vector<std::unique_ptr<re2::RE2>> &regexes)
    : program_(program), regexes_(regexes), slots_(program.nodes.size()),
      prepared_(program.nodes.size()), patterns_(program.nodes.size()) {
  for (std::size_t index = 0; index < program.nodes.size(); ++index) {
    const ExprNode &node = program.nodes[index];
    Slot &slot = slots_[index];
    slot.type = node.type;
    if (node.op == ExprOp::kField) {
      slot.kind = SlotKind::kField;
      slot.field = node.payload;
    } else if (node.op == ExprOp::kLiteral) {
      const Constant &constant = program.constants[static_cast<std::size_t>(node.payload)];
      slot.kind = SlotKind::kConstant;
      slot.constant_null = constant.type == ValueType::kNull;
      slot.constant_truth = constant.boolean;
      slot.constant_text = constant.text;
      if (constant.type == ValueType::kNumber || constant.type == ValueType::kText)
        slot.constant_is_number = parse_eval_number(constant.text, slot.constant_number);
    }
  }
}

ExpressionEvaluator::~ExpressionEvaluator() = default;

void ExpressionEvaluator::prepare(std::int32_t root) {
  const auto root_index = static_cast<std::size_t>(root);
  if (prepared_[root_index]) return;
  // Mark what the root reaches (operands have smaller indexes, so one backward pass does).
  std::vector<std::uint8_t> reached(root_index + 1, 0);
  reached[root_index] = 1;
  for (std::size_t index = root_index + 1; index-- > 0;) {
    if (!reached[index]) continue;
    const ExprNode &node = program_.nodes[index];
    for (std::uint32_t k = 0; k < node.operand_count; ++k)
      reached[program_.operands[node.first_operand + k]] = 1;
  }
  auto prepared = std::make_unique<Prepared>();
  std::size_t computed = 0;
  for (std::size_t index = 0; index <= root_index; ++index) {
    if (!reached[index]) continue;
    prepared->nodes.push_back(static_cast<std::uint32_t>(index));
    if (slots_[index].kind == SlotKind::kComputed) ++computed;
    // contains/starts_with/ends_with with a literal pattern: prepared once.
    const ExprNode &node = program_.nodes[index];
    if (node.op != ExprOp::kCall) continue;
    const auto function = static_cast<Function>(node.payload);
    if (function != Function::kContains && function != Function::kStartsWith &&
        function != Function::kEndsWith)
      continue;
    const Slot &pattern = operand(node, 1);
    if (pattern.kind == SlotKind::kConstant && !pattern.constant_null)
      patterns_[index] = std::make_unique<text::TextPattern>(pattern.constant_text,
                                                             (node.flags & kIgnoreCase) != 0);
  }
  prepared_[root_index] = std::move(prepared);
  if (computed > columns_.size()) columns_.resize(computed);
  chunk_rows_ = std::clamp(kResultCellBudget / std::max<std::size_t>(columns_.size(), 1),
                           kMinChunkRows, kMaxChunkRows);
}

void ExpressionEvaluator::evaluate(std::int32_t root, const Batch &batch,
                                   const std::uint32_t *rows, std::size_t count) {
  const Prepared &prepared = *prepared_[static_cast<std::size_t>(root)];
  batch_ = &batch;
  rows_ = rows;
  scratch_.reset();
  std::uint32_t next_column = 0;
  for (std::uint32_t index : prepared.nodes) {
    Slot &slot = slots_[index];
    if (slot.kind != SlotKind::kComputed) continue;
    slot.column = next_column++;
    evaluate_node(index, count);
  }
}

bool ExpressionEvaluator::is_true(std::int32_t root, std::size_t i) const noexcept {
  const Slot &slot = slots_[static_cast<std::size_t>(root)];
  return !null_at(slot, i) && truth_at(slot, i);
}

bool ExpressionEvaluator::number_at(std::int32_t root, std::size_t i,
                                    EvalNumber &out) const noexcept {
  return as_number(slots_[static_cast<std::size_t>(root)], i, out);
}

const ExpressionEvaluator::Slot &ExpressionEvaluator::operand(const ExprNode &node,
                                                              std::uint32_t k) const noexcept {
  return slots_[program_.operands[node.first_operand + k]];
}

void ExpressionEvaluator::prefetch(const Slot &slot, std::size_t i,
                                   std::size_t count) const noexcept {
  if (slot.kind != SlotKind::kField || i >= count) return;
  const std::string_view value = batch_->column(static_cast<std::size_t>(slot.field)).values[rows_[i]];
  __builtin_prefetch(value.data());
}

bool ExpressionEvaluator::null_at(const Slot &slot, std::size_t i) const noexcept {
  switch (slot.kind) {
    case SlotKind::kConstant: return slot.constant_null;
    case SlotKind::kField:
      return batch_->column(static_cast<std::size_t>(slot.field)).nulls[rows_[i]] != 0;
    case SlotKind::kComputed: return columns_[slot.column].nulls[i] != 0;
  }
  return true;
}

bool ExpressionEvaluator::truth_at(const Slot &slot, std::size_t i) const noexcept {
  if (slot.kind == SlotKind::kConstant) return slot.constant_truth;
  return slot.kind == SlotKind::kComputed && columns_[slot.column].truth[i] != 0;
}

std::string_view ExpressionEvaluator::text_at(const Slot &slot, std::size_t i) const noexcept {
  switch (slot.kind) {
    case SlotKind::kConstant: return slot.constant_text;
    case SlotKind::kField:
      return batch_->column(static_cast<std::size_t>(slot.field)).values[rows_[i]];
    case SlotKind::kComputed: return columns_[slot.column].texts[i];
  }
  return std::string_view();
}

bool ExpressionEvaluator::as_number(const Slot &slot, std::size_t i,
                                    EvalNumber &out) const noexcept {
  if (null_at(slot, i)) return false;
  switch (slot.type) {
    case ValueType::kNumber:
      if (slot.kind == SlotKind::kConstant) {
        out = slot.constant_number;
        return slot.constant_is_number;
      }
      out = columns_[slot.column].numbers[i];
      return true;
    case ValueType::kText:
      if (slot.kind == SlotKind::kConstant) {
        out = slot.constant_number;
        return slot.constant_is_number;
      }
      return parse_eval_number(text_at(slot, i), out);
    default: return false;
  }
}

bool ExpressionEvaluator::as_text(const Slot &slot, std::size_t i, std::string_view &out) {
  if (null_at(slot, i)) return false;
  if (slot.type != ValueType::kNumber) {
    out = text_at(slot, i);
    return true;
  }
  EvalNumber number;
  if (!as_number(slot, i, number)) return false;
  if (number.is_integer) {
    char buffer[24];
    out = scratch_.store(integer_text(number.integer, buffer));
  } else if (is_canonical_decimal(number.text)) {
    out = number.text;
  } else {
    out = scratch_.store(text::canonical_decimal(number.text));
  }
  return true;
}

bool ExpressionEvaluator::compare_at(const Slot &a, const Slot &b, bool numeric, std::size_t i,
                                     int &result) {
  if (null_at(a, i) || null_at(b, i)) return false;
  if (numeric) {
    EvalNumber x, y;
    if (!as_number(a, i, x) || !as_number(b, i, y)) return false;
    result = compare_eval_numbers(x, y);
    return true;
  }
  if (a.type == ValueType::kBool || b.type == ValueType::kBool) {
    result = int(truth_at(a, i)) - int(truth_at(b, i));
    return true;
  }
  const int order = text_at(a, i).compare(text_at(b, i));
  result = (order > 0) - (order < 0);
  return true;
}

std::string_view ExpressionEvaluator::store_number(const text::Decimal &value) {
  buffer_.clear();
  value.append_to(buffer_);
  return scratch_.store(buffer_);
}

void ExpressionEvaluator::evaluate_node(std::uint32_t index, std::size_t count) {
  const ExprNode &node = program_.nodes[index];
  ResultColumn &out = columns_[slots_[index].column];
  out.nulls.resize(count);
  switch (node.type) {
    case ValueType::kBool: out.truth.resize(count); break;
    case ValueType::kText: out.texts.resize(count); break;
    case ValueType::kNumber: out.numbers.resize(count); break;
    case ValueType::kNull: break;
  }
  switch (node.op) {
    case ExprOp::kLiteral:
    case ExprOp::kField: return;  // never computed
    case ExprOp::kNot: {
      const Slot &a = operand(node, 0);
      for (std::size_t i = 0; i < count; ++i) {
        out.nulls[i] = null_at(a, i);
        out.truth[i] = !truth_at(a, i);
      }
      return;
    }
    case ExprOp::kAnd:
    case ExprOp::kOr: return evaluate_logical(node, out, count);
    case ExprOp::kEq:
    case ExprOp::kNe:
    case ExprOp::kLt:
    case ExprOp::kLe:
    case ExprOp::kGt:
    case ExprOp::kGe: return evaluate_comparison(node, out, count);
    case ExprOp::kRegexMatch: {
      const Slot &a = operand(node, 0);
      const re2::RE2 &regex = *regexes_[static_cast<std::size_t>(node.payload)];
      const bool negated = (node.flags & kNegated) != 0;
      for (std::size_t i = 0; i < count; ++i) {
        prefetch(a, i + kPrefetchDistance, count);
        out.nulls[i] = null_at(a, i);
        const std::string_view value = out.nulls[i] ? std::string_view() : text_at(a, i);
        out.truth[i] = !out.nulls[i] &&
                       re2::RE2::PartialMatch(re2::StringPiece(value.data(), value.size()),
                                              regex) != negated;
      }
      return;
    }
    case ExprOp::kIsNull: {
      const Slot &a = operand(node, 0);
      const bool negated = (node.flags & kNegated) != 0;
      for (std::size_t i = 0; i < count; ++i) {
        out.nulls[i] = 0;
        out.truth[i] = null_at(a, i) != negated;
      }
      return;
    }
    case ExprOp::kIn: return evaluate_in(node, out, count);
    case ExprOp::kBetween: return evaluate_between(node, out, count);
    case ExprOp::kAdd:
    case ExprOp::kSub:
    case ExprOp::kMul:
    case ExprOp::kDiv:
    case ExprOp::kMod:
    case ExprOp::kNeg: return evaluate_arithmetic(node, out, count);
    case ExprOp::kConcat: {
      const Slot &a = operand(node, 0), &b = operand(node, 1);
      for (std::size_t i = 0; i < count; ++i) {
        std::string_view left, right;
        out.nulls[i] = !as_text(a, i, left) || !as_text(b, i, right);
        if (out.nulls[i]) continue;
        buffer_.assign(left.data(), left.size());
        buffer_.append(right.data(), right.size());
        out.texts[i] = scratch_.store(buffer_);
      }
      return;
    }
    case ExprOp::kCall: return evaluate_call(index, node, out, count);
  }
}

void ExpressionEvaluator::evaluate_logical(const ExprNode &node, ResultColumn &out,
                                           std::size_t count) {
  // and: false wins over null, null over true; or: the same with true and false swapped.
  const bool deciding = node.op == ExprOp::kOr;
  for (std::size_t i = 0; i < count; ++i) {
    out.nulls[i] = 0;
    out.truth[i] = !deciding;
  }
  for (std::uint32_t k = 0; k < node.operand_count; ++k) {
    const Slot &a = operand(node, k);
    for (std::size_t i = 0; i < count; ++i) {
      if (out.truth[i] == deciding && !out.nulls[i]) continue;  // already decided
      if (null_at(a, i)) {
        out.nulls[i] = 1;
      } else if (truth_at(a, i) == deciding) {
        out.truth[i] = deciding;
        out.nulls[i] = 0;
      }
    }
  }
  for (std::size_t i = 0; i < count; ++i)
    if (out.nulls[i]) out.truth[i] = 0;
}

void ExpressionEvaluator::evaluate_comparison(const ExprNode &node, ResultColumn &out,
                                              std::size_t count) {
  const Slot &a = operand(node, 0), &b = operand(node, 1);
  const bool numeric = (node.flags & kNumericCompare) != 0;
  for (std::size_t i = 0; i < count; ++i) {
    prefetch(a, i + kPrefetchDistance, count);
    int comparison = 0;
    out.nulls[i] = !compare_at(a, b, numeric, i, comparison);
    out.truth[i] = !out.nulls[i] && comparison_holds(node.op, comparison);
  }
}

void ExpressionEvaluator::evaluate_in(const ExprNode &node, ResultColumn &out,
                                      std::size_t count) {
  const Slot &a = operand(node, 0);
  const bool numeric = (node.flags & kNumericCompare) != 0;
  const bool negated = (node.flags & kNegated) != 0;
  for (std::size_t i = 0; i < count; ++i) {
    bool found = false, unknown = false;
    for (std::uint32_t k = 1; k < node.operand_count && !found; ++k) {
      int comparison = 0;
      if (!compare_at(a, operand(node, k), numeric, i, comparison))
        unknown = true;
      else
        found = comparison == 0;
    }
    out.nulls[i] = !found && unknown;
    out.truth[i] = !out.nulls[i] && found != negated;
  }
}

void ExpressionEvaluator::evaluate_between(const ExprNode &node, ResultColumn &out,
                                           std::size_t count) {
  const Slot &a = operand(node, 0), &low = operand(node, 1), &high = operand(node, 2);
  const bool numeric = (node.flags & kNumericCompare) != 0;
  const bool negated = (node.flags & kNegated) != 0;
  for (std::size_t i = 0; i < count; ++i) {
    int above = 0, below = 0;
    const bool low_known = compare_at(a, low, numeric, i, above);
    const bool high_known = compare_at(a, high, numeric, i, below);
    // x >= low and x <= high, three-valued.
    const bool is_false = (low_known && above < 0) || (high_known && below > 0);
    out.nulls[i] = !is_false && !(low_known && high_known);
    out.truth[i] = !out.nulls[i] && (!is_false != negated);
  }
}

void ExpressionEvaluator::evaluate_arithmetic(const ExprNode &node, ResultColumn &out,
                                              std::size_t count) {
  const Slot &a = operand(node, 0);
  if (node.op == ExprOp::kNeg) {
    for (std::size_t i = 0; i < count; ++i) {
      EvalNumber x;
      out.nulls[i] = !as_number(a, i, x);
      if (out.nulls[i]) continue;
      if (x.is_integer) {  // |integer| < 10^18, so negation cannot overflow
        out.numbers[i] = EvalNumber{-x.integer, std::string_view(), true};
        continue;
      }
      std::optional<text::Decimal> value = to_decimal(x);
      std::optional<text::Decimal> negated =
          value ? subtract(text::Decimal(), *value) : std::nullopt;
      out.nulls[i] = !negated;
      if (negated) out.numbers[i] = EvalNumber{0, store_number(*negated), false};
    }
    return;
  }
  const Slot &b = operand(node, 1);
  for (std::size_t i = 0; i < count; ++i) {
    EvalNumber x, y;
    out.nulls[i] = !as_number(a, i, x) || !as_number(b, i, y);
    if (out.nulls[i]) continue;
    std::int64_t result = 0;
    if (x.is_integer && y.is_integer && fast_integer_arithmetic(node.op, x.integer, y.integer, result)) {
      if (result > -1000000000000000000LL && result < 1000000000000000000LL) {
        out.numbers[i] = EvalNumber{result, std::string_view(), true};
        continue;
      }
    }
    std::optional<text::Decimal> left = to_decimal(x), right = to_decimal(y);
    std::optional<text::Decimal> value =
        left && right ? decimal_arithmetic(node.op, *left, *right) : std::nullopt;
    out.nulls[i] = !value;
    if (value) out.numbers[i] = EvalNumber{0, store_number(*value), false};
  }
}

void ExpressionEvaluator::evaluate_call(std::uint32_t index, const ExprNode &node,
                                        ResultColumn &out, std::size_t count) {
  const auto function = static_cast<Function>(node.payload);
  switch (function) {
    case Function::kContains:
    case Function::kStartsWith:
    case Function::kEndsWith: return evaluate_text_test(index, node, out, count);
    case Function::kCoalesce: return evaluate_coalesce(node, out, count);
    case Function::kIsEmpty: {
      const Slot &a = operand(node, 0);
      for (std::size_t i = 0; i < count; ++i) {
        out.nulls[i] = 0;
        out.truth[i] = null_at(a, i) || text::is_empty_or_blank(text_at(a, i));
      }
      return;
    }
    default: break;
  }
  // The other functions take one text and propagate null.
  const Slot &a = operand(node, 0);
  const re2::RE2 *regex =
      function == Function::kMatches ? regexes_[static_cast<std::size_t>(node.aux)].get() : nullptr;
  for (std::size_t i = 0; i < count; ++i) {
    prefetch(a, i + kPrefetchDistance, count);
    out.nulls[i] = null_at(a, i);
    if (out.nulls[i]) continue;
    const std::string_view value = text_at(a, i);
    switch (function) {
      case Function::kLength:
        out.numbers[i] = EvalNumber{static_cast<std::int64_t>(text::code_point_count(value)),
                                    std::string_view(), true};
        break;
      case Function::kWordCount:
        out.numbers[i] = EvalNumber{static_cast<std::int64_t>(text::word_count(value)),
                                    std::string_view(), true};
        break;
      case Function::kNumber: out.nulls[i] = !parse_eval_number(value, out.numbers[i]); break;
      case Function::kLower:
        out.texts[i] = text::lower(value, buffer_) ? scratch_.store(buffer_) : value;
        break;
      case Function::kUpper:
        out.texts[i] = text::upper(value, buffer_) ? scratch_.store(buffer_) : value;
        break;
      case Function::kTrim: out.texts[i] = text::trimmed(value); break;
      case Function::kIsAllCaps: out.truth[i] = text::is_all_caps(value); break;
      case Function::kMatches:
        out.truth[i] = re2::RE2::PartialMatch(re2::StringPiece(value.data(), value.size()), *regex);
        break;
      case Function::kValidGtin: out.truth[i] = text::valid_gtin(value); break;
      case Function::kValidCpf: out.truth[i] = text::valid_cpf(value); break;
      case Function::kValidCnpj: out.truth[i] = text::valid_cnpj(value); break;
      case Function::kValidCep: out.truth[i] = text::valid_cep(value); break;
      case Function::kValidNcm: out.truth[i] = text::valid_ncm(value); break;
      default: out.nulls[i] = 1; break;
    }
  }
}

void ExpressionEvaluator::evaluate_text_test(std::uint32_t index, const ExprNode &node,
                                             ResultColumn &out, std::size_t count) {
  const auto function = static_cast<Function>(node.payload);
  const Slot &a = operand(node, 0), &b = operand(node, 1);
  const text::TextPattern *constant = patterns_[index].get();
  const bool ignore_case = (node.flags & kIgnoreCase) != 0;
  for (std::size_t i = 0; i < count; ++i) {
    out.nulls[i] = null_at(a, i) || null_at(b, i);
    if (out.nulls[i]) continue;
    std::string_view value = text_at(a, i);
    if (constant) {
      out.truth[i] = function == Function::kContains     ? text::contains(value, *constant)
                     : function == Function::kStartsWith ? text::starts_with(value, *constant)
                                                         : text::ends_with(value, *constant);
      continue;
    }
    // A pattern that varies by row: compare folded copies (folding maps code point to code
    // point, and UTF-8 matches only at code point boundaries, so this is TextPattern's test).
    std::string_view pattern = text_at(b, i);
    if (ignore_case) {
      buffer_.clear();
      text::append_case_folded(value, buffer_);
      second_buffer_.clear();
      text::append_case_folded(pattern, second_buffer_);
      value = buffer_;
      pattern = second_buffer_;
    }
    const bool fits = pattern.size() <= value.size();
    out.truth[i] =
        function == Function::kContains     ? value.find(pattern) != std::string_view::npos
        : function == Function::kStartsWith ? fits && value.compare(0, pattern.size(), pattern) == 0
                                            : fits && value.compare(value.size() - pattern.size(),
                                                                    pattern.size(), pattern) == 0;
  }
}

void ExpressionEvaluator::evaluate_coalesce(const ExprNode &node, ResultColumn &out,
                                            std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    out.nulls[i] = 1;
    for (std::uint32_t k = 0; k < node.operand_count; ++k) {
      const Slot &a = operand(node, k);
      if (null_at(a, i)) continue;
      switch (node.type) {
        case ValueType::kBool:
          out.truth[i] = truth_at(a, i);
          out.nulls[i] = 0;
          break;
        case ValueType::kNumber: out.nulls[i] = !as_number(a, i, out.numbers[i]); break;
        case ValueType::kText: out.nulls[i] = !as_text(a, i, out.texts[i]); break;
        case ValueType::kNull: break;
      }
      break;
    }
  }
}

}  // namespace smart_rules::runtime
