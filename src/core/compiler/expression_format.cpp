// Expression printer (see expression_format.hpp). Precedence follows the grammar of RULES.md:
// or < and < not < comparison < sum (+ - ||) < product (* / %) < unary minus < primary.
// Comparisons take sums on both sides; binary arithmetic is left-associative, so a right
// operand of the same level needs parentheses; the flattened `and`/`or` lists parenthesise a
// nested list of the same operator so that the printed text parses back to the same tree.
#include "compiler/expression_format.hpp"

#include "compiler/functions.hpp"

namespace smart_rules {

namespace {

enum Level : int {
  kOrLevel = 1,
  kAndLevel,
  kNotLevel,
  kCompareLevel,
  kSumLevel,
  kProductLevel,
  kUnaryLevel,
  kPrimaryLevel,
};

bool is_keyword(std::string_view word) {
  static const char *const kKeywords[] = {"and", "or",      "not",  "is",   "null",
                                          "in",  "between", "true", "false"};
  for (const char *keyword : kKeywords)
    if (word == keyword) return true;
  return false;
}

// The infix spelling of a binary operator (only asked for those).
const char *binary_operator(ExprOp op) {
  switch (op) {
    case ExprOp::kEq: return " = ";
    case ExprOp::kNe: return " <> ";
    case ExprOp::kLt: return " < ";
    case ExprOp::kLe: return " <= ";
    case ExprOp::kGt: return " > ";
    case ExprOp::kGe: return " >= ";
    case ExprOp::kAdd: return " + ";
    case ExprOp::kSub: return " - ";
    case ExprOp::kMul: return " * ";
    case ExprOp::kDiv: return " / ";
    case ExprOp::kMod: return " % ";
    case ExprOp::kConcat: return " || ";
    default: return " ? ";
  }
}

class ExpressionPrinter {
 public:
  explicit ExpressionPrinter(const Program &program) : program_(program) {}

  // Appends node `index`, in parentheses when it binds less tightly than `min_level`.
  void print(std::int32_t index, int min_level, std::string &out) const {
    const ExprNode &node = program_.nodes[static_cast<std::size_t>(index)];
    bool parenthesise = level_of(node) < min_level;
    if (parenthesise) out += '(';
    print_bare(node, out);
    if (parenthesise) out += ')';
  }

 private:
  int level_of(const ExprNode &node) const {
    switch (node.op) {
      case ExprOp::kLiteral: {  // a negative number reads as a unary minus
        const Constant &constant = program_.constants[static_cast<std::size_t>(node.payload)];
        bool negative = constant.type == ValueType::kNumber && !constant.text.empty() &&
                        constant.text[0] == '-';
        return negative ? kUnaryLevel : kPrimaryLevel;
      }
      case ExprOp::kField:
      case ExprOp::kCall: return kPrimaryLevel;
      case ExprOp::kNot: return kNotLevel;
      case ExprOp::kAnd: return kAndLevel;
      case ExprOp::kOr: return kOrLevel;
      case ExprOp::kAdd:
      case ExprOp::kSub:
      case ExprOp::kConcat: return kSumLevel;
      case ExprOp::kMul:
      case ExprOp::kDiv:
      case ExprOp::kMod: return kProductLevel;
      case ExprOp::kNeg: return kUnaryLevel;
      default: return kCompareLevel;  // = <> < <= > >= ~ is null, in, between
    }
  }

  std::int32_t operand(const ExprNode &node, std::uint32_t i) const {
    return static_cast<std::int32_t>(program_.operands[node.first_operand + i]);
  }

  void print_literal(const Constant &constant, std::string &out) const {
    switch (constant.type) {
      case ValueType::kNull: out += "null"; break;
      case ValueType::kBool: out += constant.boolean ? "true" : "false"; break;
      case ValueType::kNumber: out += constant.text; break;
      case ValueType::kText: out += format_text_literal(constant.text); break;
    }
  }

  void print_list(const ExprNode &node, std::uint32_t from, const char *separator, int min_level,
                  std::string &out) const {
    for (std::uint32_t i = from; i < node.operand_count; ++i) {
      if (i > from) out += separator;
      print(operand(node, i), min_level, out);
    }
  }

  void print_bare(const ExprNode &node, std::string &out) const {
    bool negated = (node.flags & kNegated) != 0;
    bool ignore_case = (node.flags & kIgnoreCase) != 0;
    switch (node.op) {
      case ExprOp::kLiteral:
        print_literal(program_.constants[static_cast<std::size_t>(node.payload)], out);
        return;
      case ExprOp::kField:
        out += format_field_name(program_.fields[static_cast<std::size_t>(node.payload)]);
        return;
      case ExprOp::kNot:
        out += "not ";
        print(operand(node, 0), kNotLevel, out);
        return;
      case ExprOp::kAnd: print_list(node, 0, " and ", kNotLevel, out); return;
      case ExprOp::kOr: print_list(node, 0, " or ", kAndLevel, out); return;
      case ExprOp::kEq:
      case ExprOp::kNe:
      case ExprOp::kLt:
      case ExprOp::kLe:
      case ExprOp::kGt:
      case ExprOp::kGe:
        print(operand(node, 0), kSumLevel, out);
        out += binary_operator(node.op);
        print(operand(node, 1), kSumLevel, out);
        return;
      case ExprOp::kRegexMatch:
        print(operand(node, 0), kSumLevel, out);
        out += negated ? " !~" : " ~";
        out += ignore_case ? "* " : " ";
        out +=
            format_text_literal(program_.regexes[static_cast<std::size_t>(node.payload)].pattern);
        return;
      case ExprOp::kIsNull:
        print(operand(node, 0), kSumLevel, out);
        out += negated ? " is not null" : " is null";
        return;
      case ExprOp::kIn:
        print(operand(node, 0), kSumLevel, out);
        out += negated ? " not in (" : " in (";
        print_list(node, 1, ", ", kOrLevel, out);
        out += ')';
        return;
      case ExprOp::kBetween:
        print(operand(node, 0), kSumLevel, out);
        out += negated ? " not between " : " between ";
        print(operand(node, 1), kSumLevel, out);
        out += " and ";
        print(operand(node, 2), kSumLevel, out);
        return;
      case ExprOp::kAdd:
      case ExprOp::kSub:
      case ExprOp::kConcat:
      case ExprOp::kMul:
      case ExprOp::kDiv:
      case ExprOp::kMod: {
        int level = level_of(node);
        print(operand(node, 0), level, out);
        out += binary_operator(node.op);
        print(operand(node, 1), level + 1, out);
        return;
      }
      case ExprOp::kNeg: {
        std::string inner;
        print(operand(node, 0), kUnaryLevel, inner);
        out += inner[0] == '-' ? "- " : "-";  // never `--`
        out += inner;
        return;
      }
      case ExprOp::kCall: {
        Function function = static_cast<Function>(node.payload);
        out += function_spec(function).name;
        out += '(';
        print_list(node, 0, ", ", kOrLevel, out);
        if (function == Function::kMatches) {
          out += ", ";
          out += format_text_literal(program_.regexes[static_cast<std::size_t>(node.aux)].pattern);
        }
        if (ignore_case) out += ", 'i'";
        out += ')';
        return;
      }
    }
  }

  const Program &program_;
};

}  // namespace

std::string format_expression(const Program &program, std::int32_t root) {
  std::string out;
  ExpressionPrinter(program).print(root, kOrLevel, out);
  return out;
}

std::string format_text_literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string format_field_name(std::string_view name) {
  bool bare = !name.empty() && !(name[0] >= '0' && name[0] <= '9') && !is_keyword(name);
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) bare = false;
  if (bare) return std::string(name);
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace smart_rules
