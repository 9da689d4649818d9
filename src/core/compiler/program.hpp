// The IR: a compiled rule set, as the runtime executes it.
//
// A Program is immutable plain data. Names are interned once (fields, regular expressions,
// constants); rules refer to them by index. Expressions of every rule live in one arena of
// typed nodes in post-order (a node's operands always have smaller indexes), so walking the
// arena front to back evaluates every sub-expression before its parent and a cycle cannot be
// written. Action arguments are positional, in the order of the action's parameters in the
// registry (compiler/actions.hpp), with every default filled in by the compiler.
//
// The same Program is what serialize_binary()/serialize_json() write and what
// deserialize_*() read back; verify_program() checks every invariant stated here, so a
// Program that came from outside (a rule_ir value typed by a user) is as safe as a compiled one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/diagnostic.hpp"

namespace smart_rules {

// Bumped whenever the binary or JSON layout changes; readers reject other versions.
inline constexpr std::uint16_t kProgramFormatVersion = 1;
inline constexpr int kLanguageVersion = 1;
inline constexpr std::int32_t kNone = -1;

enum class ValueType : std::uint8_t { kNull, kBool, kNumber, kText };

enum class ExprOp : std::uint8_t {
  kLiteral,     // payload: constant index
  kField,       // payload: field index
  kNot,         // [x]
  kAnd,         // [a, b, ...] (flattened)
  kOr,          // [a, b, ...] (flattened)
  kEq, kNe, kLt, kLe, kGt, kGe,  // [a, b]; flag kNumericCompare when compared as numbers
  kRegexMatch,  // [a]; payload: regex index; flag kNegated for !~ and !~*
  kIsNull,      // [a]; flag kNegated for IS NOT NULL
  kIn,          // [a, literal...]; flag kNegated for NOT IN; kNumericCompare as for kEq
  kBetween,     // [a, low, high]; flag kNegated for NOT BETWEEN; kNumericCompare
  kAdd, kSub, kMul, kDiv, kMod,  // [a, b] exact decimal arithmetic
  kNeg,         // [a]
  kConcat,      // [a, b] text || text (null-propagating, as in SQL)
  kCall,        // [args...]; payload: Function; aux: regex index for matches()
};

enum ExprFlag : std::uint8_t {
  kNumericCompare = 1 << 0,
  kNegated = 1 << 1,
  kIgnoreCase = 1 << 2,  // contains(s, t, 'i'), matches(s, p, 'i'), ~*
};

enum class Function : std::uint8_t {
  kLength, kLower, kUpper, kTrim, kIsEmpty, kIsAllCaps, kWordCount, kNumber, kMatches,
  kContains, kStartsWith, kEndsWith, kCoalesce, kValidGtin, kValidCpf, kValidCnpj, kValidCep,
  kValidNcm,
};

struct ExprNode {
  ExprOp op = ExprOp::kLiteral;
  ValueType type = ValueType::kNull;  // the result type
  std::uint8_t flags = 0;
  std::uint32_t first_operand = 0;  // into Program::operands
  std::uint32_t operand_count = 0;
  std::int32_t payload = kNone;
  std::int32_t aux = kNone;
};

// A literal. Numbers hold their canonical plain decimal text (`-?digits(.digits)?`).
struct Constant {
  ValueType type = ValueType::kNull;
  std::string text;
  bool boolean = false;
};

struct RegexSpec {
  std::string pattern;
  bool ignore_case = false;
};

// A `{field}` template (set, default, message). `source` is the text as written.
struct Template {
  struct Part {
    std::int32_t field = kNone;  // kNone: literal text
    std::string literal;
  };
  std::string source;
  std::vector<Part> parts;
};

enum class ArgKind : std::uint8_t {
  kAbsent,    // optional parameter not given and without default
  kNull,      // YAML null where the parameter allows it
  kBool,
  kInt,
  kNumber,    // plain decimal text in `text`
  kText,
  kTextList,  // `list`
  kTextMap,   // `map`
  kTemplate,  // `tmpl`
  kField,     // `index`: field index
  kExpr,      // `index`: root node in the expression arena
  kRegex,     // `index`: regex index
};

struct ArgValue {
  ArgKind kind = ArgKind::kAbsent;
  bool boolean = false;
  std::int64_t integer = 0;
  std::int32_t index = kNone;
  std::string text;
  std::vector<std::string> list;
  std::vector<std::pair<std::string, std::optional<std::string>>> map;
  Template tmpl;
};

enum class ActionKind : std::uint8_t {
  kTrim, kCollapseWhitespace, kRemoveWhitespace, kLower, kUpper, kTitleCase, kRemoveAccents,
  kNormalizeUnicode, kTruncate, kReplace, kRegexReplace, kRemove, kPrefix, kSuffix, kDigitsOnly,
  kPadLeft, kStripHtml, kSet, kCopy, kDefault, kSetNull, kNullIfEmpty, kMap, kLookup,
  kParseDecimal, kRound, kClamp, kCalculate, kFlag, kReject, kStop,
};

// The loop the runtime runs for an action: usually one per action, with specialisations the
// compiler picks from the arguments (e.g. a regex_replace whose pattern has no metacharacter
// runs the literal replace loop; truncate at a word boundary has its own loop).
enum class Kernel : std::uint8_t {
  kTrim, kCollapseWhitespace, kRemoveWhitespace, kLower, kUpper, kTitleCase, kRemoveAccents,
  kNormalizeUnicode, kTruncateChars, kTruncateWords, kReplaceLiteral, kReplaceLiteralIgnoreCase,
  kRegexReplace, kRemoveTerms, kPrefix, kSuffix, kDigitsOnly, kPadLeft, kStripHtml,
  kSetConstant, kSetTemplate, kSetNull, kCopyField, kDefaultConstant, kDefaultTemplate,
  kNullIfEmpty, kMapExact, kMapFolded, kLookup, kParseDecimal, kRound, kClamp, kCalculate,
  kFlag, kReject, kStop,
};

struct Action {
  ActionKind kind = ActionKind::kTrim;
  Kernel kernel = Kernel::kTrim;
  std::vector<ArgValue> args;  // positional, one per registry parameter
  SourceLocation where;
};

enum class RuleSeverity : std::uint8_t { kInfo, kWarning, kError };

struct Rule {
  std::string id;
  std::string description;
  std::int32_t field = kNone;  // the field written
  std::int32_t when = kNone;   // root node in the arena, or kNone (always)
  std::vector<Action> actions;
  RuleSeverity severity = RuleSeverity::kInfo;
  std::optional<Template> message;
  std::vector<std::string> tags;
  SourceLocation where;  // of the rule's `id`
};

struct Program {
  std::uint16_t format_version = kProgramFormatVersion;
  int language = kLanguageVersion;
  std::string ruleset;
  std::string version;
  std::string marketplace;  // empty when not given
  std::string description;
  std::vector<std::string> pii;  // field names

  std::vector<std::string> fields;  // every field a rule writes or reads, in first-use order
  std::vector<RegexSpec> regexes;
  std::vector<Constant> constants;
  std::vector<ExprNode> nodes;
  std::vector<std::uint32_t> operands;
  std::vector<Rule> rules;

  // The index of a field name, adding it when new.
  std::int32_t intern_field(const std::string &name);
  std::int32_t intern_regex(const RegexSpec &spec);
  std::int32_t add_constant(Constant constant);
  // Appends a node whose operands are `operand_nodes` (all already in the arena).
  std::int32_t add_node(ExprNode node, const std::vector<std::int32_t> &operand_nodes);
  // The operand node indexes of `node`.
  std::vector<std::int32_t> operands_of(const ExprNode &node) const;
};

// How many values each IR enum has: readers of untrusted input reject anything beyond.
inline constexpr int kValueTypeCount = static_cast<int>(ValueType::kText) + 1;
inline constexpr int kExprOpCount = static_cast<int>(ExprOp::kCall) + 1;
inline constexpr int kFunctionCount = static_cast<int>(Function::kValidNcm) + 1;
inline constexpr int kArgKindCount = static_cast<int>(ArgKind::kRegex) + 1;
inline constexpr int kActionKindCount = static_cast<int>(ActionKind::kStop) + 1;
inline constexpr int kKernelCount = static_cast<int>(Kernel::kStop) + 1;
inline constexpr int kRuleSeverityCount = static_cast<int>(RuleSeverity::kError) + 1;

const char *value_type_name(ValueType type) noexcept;
const char *rule_severity_name(RuleSeverity severity) noexcept;
std::optional<RuleSeverity> parse_rule_severity(std::string_view name) noexcept;
const char *kernel_name(Kernel kernel) noexcept;
std::optional<Kernel> parse_kernel(std::string_view name) noexcept;

// The ExprFlag bits `node` may carry: they depend on its operator and, for a call, on the
// function (only functions with an 'i' flags parameter take kIgnoreCase).
std::uint8_t allowed_expr_flags(const ExprNode &node) noexcept;

// Every invariant of the IR (indexes in range, operand order, types, argument kinds against
// the registry, regexes RE2 accepts, limits). Problems are added to `diagnostics` with `code`
// (kInvalidText for JSON input, kInvalidBinary for binary input).
bool verify_program(const Program &program, ErrorCode code, Diagnostics &diagnostics);

}  // namespace smart_rules
