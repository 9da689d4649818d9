// Diagnostics: how the core reports bad user input, as values (never as exceptions).
//
// Every problem found while loading, checking or compiling a rule set becomes a Diagnostic with
// an error class (mapped one-to-one to a PostgreSQL SQLSTATE by sqlstate()), a message in
// PostgreSQL's style (lower case, no final period), the YAML location, the rule id when the
// problem is inside a rule, and an optional hint.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smart_rules {

// One error class per SQLSTATE the project raises (see docs/sql-api.md, "Errors").
enum class ErrorCode : std::uint8_t {
  kSyntax,              // 42601 YAML or an expression that does not parse
  kInvalidParameter,    // 22023 wrong document shape, bad value
  kInvalidRegex,        // 2201B a pattern RE2 rejects
  kUndefinedFunction,   // 42883 unknown function in an expression
  kDatatypeMismatch,    // 42804 an expression of the wrong type (e.g. `when: title`)
  kLimitExceeded,       // 54000 a limit of RULES.md exceeded
  kUndefinedColumn,     // 42703 a field that is not a column (apply time)
  kInvalidText,         // 22P02 a rule_ir text (JSON) value that is not a valid program
  kInvalidBinary,       // 22P03 a rule_ir binary value that is not a valid program
  kOutOfMemory,         // 53200
  kInternal,            // XX000 a bug
  kBadCopyFileFormat,   // 22P04 a malformed CSV document (quotes, row widths, header names)
  kCharacterNotInRepertoire,  // 22021 bytes invalid in the encoding of a CSV document
  kUntranslatableCharacter,   // 22P05 a character with no form in the target encoding
};

// The five-character SQLSTATE for an error class.
const char *sqlstate(ErrorCode code) noexcept;

enum class Severity : std::uint8_t { kError, kWarning };

const char *severity_name(Severity severity) noexcept;

// 1-based line and column in the YAML source; 0 means unknown.
struct SourceLocation {
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  ErrorCode code = ErrorCode::kInternal;
  Severity severity = Severity::kError;
  std::string message;
  SourceLocation where;
  std::string rule_id;  // empty outside a rule
  std::string hint;     // empty when there is no advice

  // "line 3, column 7, rule \"title-trim\"" (the parts that are known), for DETAIL.
  std::string detail() const;
};

// An ordered collection of diagnostics; compilation goes on after an error so that
// validate_rules can list every problem at once.
class Diagnostics {
 public:
  Diagnostic &error(ErrorCode code, std::string message, SourceLocation where,
                    std::string_view rule_id = {}, std::string hint = {});
  Diagnostic &warning(std::string message, SourceLocation where, std::string_view rule_id = {},
                      std::string hint = {});
  void add(Diagnostic diagnostic);

  bool has_errors() const noexcept { return error_count_ > 0; }
  std::size_t error_count() const noexcept { return error_count_; }
  const std::vector<Diagnostic> &all() const noexcept { return items_; }

  // Sorts by position (line, column), keeping discovery order for ties.
  void sort_by_position();
  // The first error by position; requires has_errors().
  const Diagnostic &first_error() const;

 private:
  std::vector<Diagnostic> items_;
  std::size_t error_count_ = 0;
};

// "did you mean" support: the candidate nearest to `word` by edit distance, or empty when
// none is close enough to be a plausible typo.
std::string nearest_name(std::string_view word, const std::vector<std::string_view> &candidates);

}  // namespace smart_rules
