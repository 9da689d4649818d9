// Lexer and recursive-descent parser of the expression language (see expression_parser.hpp).
//
// The lexer turns the whole text into tokens first (unquoted identifiers folded to lower case,
// quoted ones and text literals unescaped). The parser has one function per grammar rule of
// RULES.md; each returns a node index or kNone once an error has been reported, and the first
// error ends the parse.
//
// Depth: a parenthesised group, a `not`, a unary '-' and a function call are the only ways the
// parser recurses back into itself, and each of them is a level of the limit. The parser counts
// those it is inside of (open_levels_) and refuses to open one more than the limit allows, so
// its stack stays bounded whatever the input. Operators parsed by a loop (a + b + c, a and b)
// build left-deep trees without recursing; every node records its height, checked when the
// node is built, so 65 chained '+' exceed a limit of 64 as well.
#include "compiler/expression_parser.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text/utf8.hpp"

namespace smart_rules {

namespace {

enum class TokenKind : std::uint8_t {
  kIdentifier,        // value: the name in lower case
  kQuotedIdentifier,  // value: the name, unescaped
  kText,              // value: the literal, unescaped
  kNumber,            // value: digits(.digits)?
  kOperator,          // value: the operator
  kLeftParen,
  kRightParen,
  kComma,
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string value;
  std::string_view raw;  // as written, for messages
  std::size_t offset = 0;
};

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_identifier_part(char c) { return is_identifier_start(c) || is_ascii_digit(c); }
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Longest first, so that "!~*" is not read as "!~" followed by "*".
constexpr std::string_view kOperators[] = {"!~*", "!=", "<>", "<=", ">=", "~*", "!~", "||",
                                           "=",   "<",  ">",  "~",  "+",  "-",  "*",  "/",
                                           "%"};

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char &c : out)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return out;
}

// Splits an expression into tokens; reports the first lexical error and returns false.
class Lexer {
 public:
  Lexer(const ExpressionSource &source, Diagnostics &diagnostics)
      : source_(source), text_(source.text), diagnostics_(diagnostics) {}

  bool tokenize(std::vector<Token> &tokens) {
    while (true) {
      while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
      if (pos_ == text_.size()) {
        tokens.push_back(Token{TokenKind::kEnd, {}, {}, pos_});
        return true;
      }
      Token token;
      if (!next(token)) return false;
      tokens.push_back(std::move(token));
    }
  }

 private:
  // Reads the token at pos_ (not whitespace, not the end).
  bool next(Token &token) {
    const std::size_t begin = pos_;
    const char c = text_[pos_];
    token.offset = begin;
    if (is_identifier_start(c)) {
      while (pos_ < text_.size() && is_identifier_part(text_[pos_])) ++pos_;
      token.kind = TokenKind::kIdentifier;
      token.value = ascii_lower(text_.substr(begin, pos_ - begin));
    } else if (is_ascii_digit(c)) {
      while (pos_ < text_.size() && is_ascii_digit(text_[pos_])) ++pos_;
      if (pos_ + 1 < text_.size() && text_[pos_] == '.' && is_ascii_digit(text_[pos_ + 1])) {
        ++pos_;
        while (pos_ < text_.size() && is_ascii_digit(text_[pos_])) ++pos_;
      }
      token.kind = TokenKind::kNumber;
      token.value = std::string(text_.substr(begin, pos_ - begin));
    } else if (c == '\'' || c == '"') {
      token.kind = c == '\'' ? TokenKind::kText : TokenKind::kQuotedIdentifier;
      if (!read_quoted(c, token.value)) {
        error(c == '\'' ? "unterminated quoted string" : "unterminated quoted identifier",
              begin, text_.size());
        return false;
      }
      if (token.kind == TokenKind::kQuotedIdentifier && token.value.empty()) {
        error("zero-length delimited identifier", begin, pos_);
        return false;
      }
    } else if (c == '(' || c == ')' || c == ',') {
      ++pos_;
      token.kind = c == '(' ? TokenKind::kLeftParen
                            : (c == ')' ? TokenKind::kRightParen : TokenKind::kComma);
    } else {
      for (std::string_view op : kOperators) {
        if (text_.substr(pos_, op.size()) == op) {
          pos_ += op.size();
          token.kind = TokenKind::kOperator;
          token.value = std::string(op);
          break;
        }
      }
      if (pos_ == begin) {
        // Not a token: report the whole (possibly multi-byte) character.
        ++pos_;
        while (pos_ < text_.size() && (static_cast<unsigned char>(text_[pos_]) & 0xC0) == 0x80)
          ++pos_;
        error("syntax error", begin, pos_);
        return false;
      }
    }
    token.raw = text_.substr(begin, pos_ - begin);
    return true;
  }

  // Reads a literal delimited by `quote` (doubled inside to stand for itself) starting at pos_;
  // false when it is not closed.
  bool read_quoted(char quote, std::string &value) {
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c != quote) {
        value += c;
      } else if (pos_ < text_.size() && text_[pos_] == quote) {
        value += quote;
        ++pos_;
      } else {
        return true;
      }
    }
    return false;
  }

  void error(std::string_view what, std::size_t begin, std::size_t end) {
    diagnostics_.error(ErrorCode::kSyntax,
                       std::string(what) + " at or near \"" +
                           std::string(text_.substr(begin, end - begin)) + "\"",
                       expression_location(source_, begin), source_.rule_id);
  }

  const ExpressionSource &source_;
  std::string_view text_;
  Diagnostics &diagnostics_;
  std::size_t pos_ = 0;
};

class Parser {
 public:
  Parser(const ExpressionSource &source, const ExpressionLimits &limits,
         Diagnostics &diagnostics, std::vector<Token> tokens)
      : source_(source), limits_(limits), diagnostics_(diagnostics), tokens_(std::move(tokens)) {}

  std::optional<ExpressionAst> parse() {
    const std::int32_t root = parse_or();
    if (root == kNone) return std::nullopt;
    if (peek().kind != TokenKind::kEnd) {
      syntax_error(peek());
      return std::nullopt;
    }
    ast_.root = root;
    return std::move(ast_);
  }

 private:
  // or := and ('or' and)*
  std::int32_t parse_or() {
    std::int32_t left = parse_and();
    while (left != kNone && is_keyword(peek(), "or")) {
      const Token &op = advance();
      const std::int32_t right = parse_and();
      if (right == kNone) return kNone;
      left = add_operator(ExprOp::kOr, op, "OR", 0, {left, right});
    }
    return left;
  }

  // and := not ('and' not)*
  std::int32_t parse_and() {
    std::int32_t left = parse_not();
    while (left != kNone && is_keyword(peek(), "and")) {
      const Token &op = advance();
      const std::int32_t right = parse_not();
      if (right == kNone) return kNone;
      left = add_operator(ExprOp::kAnd, op, "AND", 0, {left, right});
    }
    return left;
  }

  // not := 'not' not | compare
  std::int32_t parse_not() {
    if (!is_keyword(peek(), "not")) return parse_compare();
    const Token &op = advance();
    if (!open_level(op)) return kNone;
    const std::int32_t operand = parse_not();
    --open_levels_;
    if (operand == kNone) return kNone;
    return add_operator(ExprOp::kNot, op, "NOT", 0, {operand});
  }

  // compare := sum [ op sum | 'is' ['not'] 'null' | ['not'] 'in' '(' literal, ... ')'
  //                | ['not'] 'between' sum 'and' sum ]
  std::int32_t parse_compare() {
    const std::int32_t left = parse_sum();
    if (left == kNone) return kNone;
    const Token &next = peek();
    if (next.kind == TokenKind::kOperator) {
      ExprOp op = ExprOp::kEq;
      std::uint8_t flags = 0;
      if (!comparison_operator(next.value, op, flags)) return left;
      const Token &op_token = advance();
      const std::int32_t right = parse_sum();
      if (right == kNone) return kNone;
      return add_operator(op, op_token, std::string(op_token.raw), flags, {left, right});
    }
    if (is_keyword(next, "is")) {
      const Token &op_token = advance();
      const bool negated = accept_keyword("not");
      if (!is_keyword(peek(), "null")) {
        syntax_error(peek());
        return kNone;
      }
      advance();
      return add_operator(ExprOp::kIsNull, op_token, negated ? "IS NOT NULL" : "IS NULL",
                          negated ? kNegated : 0, {left});
    }
    const bool negated = is_keyword(next, "not");
    const Token &op_token = peek();
    if (negated) {
      if (!is_keyword(peek(1), "in") && !is_keyword(peek(1), "between")) {
        syntax_error(peek(1));
        return kNone;
      }
      advance();
    }
    if (is_keyword(peek(), "in")) {
      advance();
      return parse_in_list(left, op_token, negated);
    }
    if (is_keyword(peek(), "between")) {
      advance();
      const std::int32_t low = parse_sum();
      if (low == kNone) return kNone;
      if (!is_keyword(peek(), "and")) {
        syntax_error(peek());
        return kNone;
      }
      advance();
      const std::int32_t high = parse_sum();
      if (high == kNone) return kNone;
      return add_operator(ExprOp::kBetween, op_token, negated ? "NOT BETWEEN" : "BETWEEN",
                          negated ? kNegated : 0, {left, low, high});
    }
    return left;
  }

  // '(' literal (',' literal)* ')' after [not] in. A '-' directly before a number makes it a
  // negative number literal here, as the grammar allows only literals in the list.
  std::int32_t parse_in_list(std::int32_t value, const Token &op_token, bool negated) {
    if (peek().kind != TokenKind::kLeftParen) {
      syntax_error(peek());
      return kNone;
    }
    advance();
    std::vector<std::int32_t> children = {value};
    while (true) {
      const bool minus = peek().kind == TokenKind::kOperator && peek().value == "-" &&
                         peek(1).kind == TokenKind::kNumber;
      const std::size_t minus_offset = peek().offset;
      if (minus) advance();
      const std::int32_t literal = parse_literal();
      if (literal == kNone) return kNone;
      if (minus) {
        ast_.nodes[literal].text.insert(0, 1, '-');
        ast_.nodes[literal].offset = ast_.nodes[literal].start = minus_offset;
      }
      children.push_back(literal);
      if (peek().kind == TokenKind::kRightParen) break;
      if (peek().kind != TokenKind::kComma) {
        syntax_error(peek());
        return kNone;
      }
      advance();
    }
    advance();
    return add_operator(ExprOp::kIn, op_token, negated ? "NOT IN" : "IN", negated ? kNegated : 0,
                        std::move(children));
  }

  // sum := product (('+' | '-' | '||') product)*
  std::int32_t parse_sum() {
    std::int32_t left = parse_product();
    while (left != kNone && peek().kind == TokenKind::kOperator) {
      const std::string &v = peek().value;
      const ExprOp op = v == "+"    ? ExprOp::kAdd
                        : v == "-"  ? ExprOp::kSub
                        : v == "||" ? ExprOp::kConcat
                                    : ExprOp::kLiteral;
      if (op == ExprOp::kLiteral) break;
      const Token &op_token = advance();
      const std::int32_t right = parse_product();
      if (right == kNone) return kNone;
      left = add_operator(op, op_token, std::string(op_token.raw), 0, {left, right});
    }
    return left;
  }

  // product := unary (('*' | '/' | '%') unary)*
  std::int32_t parse_product() {
    std::int32_t left = parse_unary();
    while (left != kNone && peek().kind == TokenKind::kOperator) {
      const std::string &v = peek().value;
      const ExprOp op = v == "*"   ? ExprOp::kMul
                        : v == "/" ? ExprOp::kDiv
                        : v == "%" ? ExprOp::kMod
                                   : ExprOp::kLiteral;
      if (op == ExprOp::kLiteral) break;
      const Token &op_token = advance();
      const std::int32_t right = parse_unary();
      if (right == kNone) return kNone;
      left = add_operator(op, op_token, std::string(op_token.raw), 0, {left, right});
    }
    return left;
  }

  // unary := '-' unary | primary
  std::int32_t parse_unary() {
    if (peek().kind != TokenKind::kOperator || peek().value != "-") return parse_primary();
    const Token &op = advance();
    if (!open_level(op)) return kNone;
    const std::int32_t operand = parse_unary();
    --open_levels_;
    if (operand == kNone) return kNone;
    return add_operator(ExprOp::kNeg, op, "-", 0, {operand});
  }

  // primary := literal | field | name '(' [expr (',' expr)*] ')' | '(' expr ')'
  std::int32_t parse_primary() {
    const Token &token = peek();
    switch (token.kind) {
      case TokenKind::kNumber:
      case TokenKind::kText:
        return parse_literal();
      case TokenKind::kQuotedIdentifier:
        return add_field(advance());
      case TokenKind::kIdentifier:
        if (is_keyword(token, "true") || is_keyword(token, "false") ||
            is_keyword(token, "null"))
          return parse_literal();
        if (is_reserved(token.value)) break;
        if (peek(1).kind == TokenKind::kLeftParen) return parse_call();
        return add_field(advance());
      case TokenKind::kLeftParen:
        return parse_group();
      default:
        break;
    }
    syntax_error(token);
    return kNone;
  }

  // '(' expr ')': the group is a level of its own.
  std::int32_t parse_group() {
    const Token &open = advance();
    if (!open_level(open)) return kNone;
    const std::int32_t inner = parse_or();
    --open_levels_;
    if (inner == kNone) return kNone;
    if (peek().kind != TokenKind::kRightParen) {
      syntax_error(peek());
      return kNone;
    }
    advance();
    AstNode &node = ast_.nodes[inner];
    node.start = open.offset;
    if (++node.height > limits_.max_depth) {
      depth_error(open);
      return kNone;
    }
    return inner;
  }

  // name '(' [expr (',' expr)*] ')'
  std::int32_t parse_call() {
    const Token &name = advance();
    advance();  // '('
    if (!open_level(name)) return kNone;
    std::vector<std::int32_t> arguments;
    const bool parsed = parse_arguments(arguments);
    --open_levels_;
    if (!parsed) return kNone;
    if (peek().kind != TokenKind::kRightParen) {
      syntax_error(peek());
      return kNone;
    }
    advance();
    const std::int32_t call = add_operator(ExprOp::kCall, name, name.value, 0,
                                           std::move(arguments));
    if (call != kNone) ast_.nodes[call].text = name.value;
    return call;
  }

  // [expr (',' expr)*] inside a call's parentheses.
  bool parse_arguments(std::vector<std::int32_t> &arguments) {
    if (peek().kind == TokenKind::kRightParen) return true;
    while (true) {
      const std::int32_t argument = parse_or();
      if (argument == kNone) return false;
      arguments.push_back(argument);
      if (peek().kind != TokenKind::kComma) return true;
      advance();
    }
  }

  // literal := 'text' | number | true | false | null
  std::int32_t parse_literal() {
    const Token &token = peek();
    AstNode node;
    if (token.kind == TokenKind::kNumber) {
      node.literal_type = ValueType::kNumber;
      node.text = token.value;
    } else if (token.kind == TokenKind::kText) {
      node.literal_type = ValueType::kText;
      node.text = token.value;
    } else if (is_keyword(token, "true") || is_keyword(token, "false")) {
      node.literal_type = ValueType::kBool;
      node.boolean = token.value == "true";
    } else if (is_keyword(token, "null")) {
      node.literal_type = ValueType::kNull;
    } else {
      syntax_error(token);
      return kNone;
    }
    advance();
    node.op = ExprOp::kLiteral;
    node.offset = node.start = token.offset;
    return push(std::move(node));
  }

  std::int32_t add_field(const Token &token) {
    AstNode node;
    node.op = ExprOp::kField;
    node.text = token.value;
    node.offset = node.start = token.offset;
    return push(std::move(node));
  }

  // Appends an operator or call node one level above its highest child; kNone (after an
  // error) when that is beyond the depth limit.
  std::int32_t add_operator(ExprOp op, const Token &token, std::string spelling,
                            std::uint8_t flags, std::vector<std::int32_t> children) {
    AstNode node;
    node.op = op;
    node.flags = flags;
    node.spelling = std::move(spelling);
    node.offset = node.start = token.offset;
    for (std::int32_t child : children) {
      node.height = std::max(node.height, ast_.nodes[child].height);
      node.start = std::min(node.start, ast_.nodes[child].start);
    }
    if (++node.height > limits_.max_depth) {
      depth_error(token);
      return kNone;
    }
    node.children = std::move(children);
    return push(std::move(node));
  }

  std::int32_t push(AstNode node) {
    ast_.nodes.push_back(std::move(node));
    return static_cast<std::int32_t>(ast_.nodes.size() - 1);
  }

  // Enters a construct the parser recurses into (group, not, unary '-', call). Every construct
  // being parsed adds a level above what is inside it, so opening one more than the limit can
  // only end in an over-deep tree: refuse it now, before the stack grows.
  bool open_level(const Token &token) {
    if (open_levels_ >= limits_.max_depth) {
      depth_error(token);
      return false;
    }
    ++open_levels_;
    return true;
  }

  static bool comparison_operator(const std::string &value, ExprOp &op, std::uint8_t &flags) {
    static const std::pair<std::string_view, std::pair<ExprOp, std::uint8_t>> table[] = {
        {"=", {ExprOp::kEq, 0}},
        {"!=", {ExprOp::kNe, 0}},
        {"<>", {ExprOp::kNe, 0}},
        {"<", {ExprOp::kLt, 0}},
        {"<=", {ExprOp::kLe, 0}},
        {">", {ExprOp::kGt, 0}},
        {">=", {ExprOp::kGe, 0}},
        {"~", {ExprOp::kRegexMatch, 0}},
        {"~*", {ExprOp::kRegexMatch, kIgnoreCase}},
        {"!~", {ExprOp::kRegexMatch, kNegated}},
        {"!~*", {ExprOp::kRegexMatch, kNegated | kIgnoreCase}},
    };
    for (const auto &entry : table) {
      if (entry.first == value) {
        op = entry.second.first;
        flags = entry.second.second;
        return true;
      }
    }
    return false;
  }

  static bool is_reserved(const std::string &word) {
    static constexpr std::string_view kKeywords[] = {"and", "or",      "not",  "is",   "null",
                                                     "in",  "between", "true", "false"};
    return std::find(std::begin(kKeywords), std::end(kKeywords), word) != std::end(kKeywords);
  }

  static bool is_keyword(const Token &token, std::string_view keyword) {
    return token.kind == TokenKind::kIdentifier && token.value == keyword;
  }

  bool accept_keyword(std::string_view keyword) {
    if (!is_keyword(peek(), keyword)) return false;
    advance();
    return true;
  }

  const Token &peek(std::size_t ahead = 0) const {
    return tokens_[std::min(position_ + ahead, tokens_.size() - 1)];
  }

  const Token &advance() {
    const Token &token = tokens_[position_];
    if (position_ + 1 < tokens_.size()) ++position_;
    return token;
  }

  void syntax_error(const Token &token) {
    std::string message = token.kind == TokenKind::kEnd
                              ? "syntax error at end of expression"
                              : "syntax error at or near \"" + std::string(token.raw) + "\"";
    diagnostics_.error(ErrorCode::kSyntax, std::move(message),
                       expression_location(source_, token.offset), source_.rule_id);
  }

  void depth_error(const Token &token) {
    diagnostics_.error(ErrorCode::kLimitExceeded,
                       "expression is nested more than " + std::to_string(limits_.max_depth) +
                           " levels deep",
                       expression_location(source_, token.offset), source_.rule_id,
                       "each operator, function call and parenthesised group is a level; "
                       "IN (...) tests many values with one");
  }

  const ExpressionSource &source_;
  const ExpressionLimits &limits_;
  Diagnostics &diagnostics_;
  std::vector<Token> tokens_;
  std::size_t position_ = 0;
  int open_levels_ = 0;
  ExpressionAst ast_;
};

}  // namespace

std::optional<ExpressionAst> parse_expression(const ExpressionSource &source,
                                              const ExpressionLimits &limits,
                                              Diagnostics &diagnostics) {
  if (source.text.size() > limits.max_text_bytes) {
    diagnostics.error(ErrorCode::kLimitExceeded,
                      "expression is longer than " + std::to_string(limits.max_text_bytes) +
                          " bytes",
                      source.where, source.rule_id);
    return std::nullopt;
  }
  if (!text::valid_utf8(source.text)) {
    diagnostics.error(ErrorCode::kSyntax, "expression is not valid UTF-8", source.where,
                      source.rule_id);
    return std::nullopt;
  }
  std::vector<Token> tokens;
  if (!Lexer(source, diagnostics).tokenize(tokens)) return std::nullopt;
  return Parser(source, limits, diagnostics, std::move(tokens)).parse();
}

SourceLocation expression_location(const ExpressionSource &source, std::size_t offset) {
  SourceLocation where = source.where;
  if (!source.exact_columns || where.column <= 0) return where;
  const std::size_t end = std::min(offset, source.text.size());
  for (std::size_t i = 0; i < end; ++i)
    if ((static_cast<unsigned char>(source.text[i]) & 0xC0) != 0x80) ++where.column;
  return where;
}

}  // namespace smart_rules
