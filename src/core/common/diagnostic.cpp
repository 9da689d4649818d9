// Diagnostics: SQLSTATE mapping, DETAIL formatting, ordering and "did you mean" hints.
#include "common/diagnostic.hpp"

#include <algorithm>

namespace smart_rules {

const char *sqlstate(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kSyntax: return "42601";
    case ErrorCode::kInvalidParameter: return "22023";
    case ErrorCode::kInvalidRegex: return "2201B";
    case ErrorCode::kUndefinedFunction: return "42883";
    case ErrorCode::kDatatypeMismatch: return "42804";
    case ErrorCode::kLimitExceeded: return "54000";
    case ErrorCode::kUndefinedColumn: return "42703";
    case ErrorCode::kInvalidText: return "22P02";
    case ErrorCode::kInvalidBinary: return "22P03";
    case ErrorCode::kOutOfMemory: return "53200";
    case ErrorCode::kInternal: return "XX000";
    case ErrorCode::kBadCopyFileFormat: return "22P04";
    case ErrorCode::kCharacterNotInRepertoire: return "22021";
    case ErrorCode::kUntranslatableCharacter: return "22P05";
  }
  return "XX000";
}

const char *severity_name(Severity severity) noexcept {
  return severity == Severity::kError ? "error" : "warning";
}

std::string Diagnostic::detail() const {
  std::string out;
  if (where.line > 0) {
    out += "line " + std::to_string(where.line);
    if (where.column > 0) out += ", column " + std::to_string(where.column);
  }
  if (!rule_id.empty()) {
    if (!out.empty()) out += ", ";
    out += "rule \"" + rule_id + "\"";
  }
  return out;
}

Diagnostic &Diagnostics::error(ErrorCode code, std::string message, SourceLocation where,
                               std::string_view rule_id, std::string hint) {
  add(Diagnostic{code, Severity::kError, std::move(message), where, std::string(rule_id),
                 std::move(hint)});
  return items_.back();
}

Diagnostic &Diagnostics::warning(std::string message, SourceLocation where,
                                 std::string_view rule_id, std::string hint) {
  add(Diagnostic{ErrorCode::kInvalidParameter, Severity::kWarning, std::move(message), where,
                 std::string(rule_id), std::move(hint)});
  return items_.back();
}

void Diagnostics::add(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::kError) ++error_count_;
  items_.push_back(std::move(diagnostic));
}

void Diagnostics::sort_by_position() {
  // Unknown positions (0) sort first: they describe the whole document.
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic &a, const Diagnostic &b) {
    if (a.where.line != b.where.line) return a.where.line < b.where.line;
    return a.where.column < b.where.column;
  });
}

const Diagnostic &Diagnostics::first_error() const {
  for (const Diagnostic &d : items_)
    if (d.severity == Severity::kError) return d;
  return items_.front();
}

namespace {

// Damerau-style optimal string alignment distance, ASCII case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string nearest_name(std::string_view word, const std::vector<std::string_view> &candidates) {
  if (word.size() > 64) return {};
  std::string_view best;
  std::size_t best_distance = SIZE_MAX;
  for (std::string_view candidate : candidates) {
    std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  // A plausible typo: at most a third of the word (and at least one edit) changed.
  std::size_t allowed = std::max<std::size_t>(1, std::max(word.size(), best.size()) / 3);
  if (best.empty() || best_distance > allowed) return {};
  return std::string(best);
}

}  // namespace smart_rules
