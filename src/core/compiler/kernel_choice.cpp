// Kernel choice (see kernel_choice.hpp).
#include "compiler/kernel_choice.hpp"

#include <string_view>

namespace smart_rules {

namespace {

// True when RE2 would match `pattern` only as the literal text itself (no metacharacter and no
// escape), so a plain substring replacement gives the same result.
bool is_literal_pattern(std::string_view pattern) {
  if (pattern.empty()) return false;
  for (char c : pattern)
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) return false;
  return true;
}

bool template_has_fields(const Template &tmpl) {
  for (const Template::Part &part : tmpl.parts)
    if (part.field != kNone) return true;
  return false;
}

}  // namespace

Kernel choose_kernel(const Action &action, const Program &program) {
  const std::vector<ArgValue> &args = action.args;
  switch (action.kind) {
    case ActionKind::kTrim: return Kernel::kTrim;
    case ActionKind::kCollapseWhitespace: return Kernel::kCollapseWhitespace;
    case ActionKind::kRemoveWhitespace: return Kernel::kRemoveWhitespace;
    case ActionKind::kLower: return Kernel::kLower;
    case ActionKind::kUpper: return Kernel::kUpper;
    case ActionKind::kTitleCase: return Kernel::kTitleCase;
    case ActionKind::kRemoveAccents: return Kernel::kRemoveAccents;
    case ActionKind::kNormalizeUnicode: return Kernel::kNormalizeUnicode;
    case ActionKind::kTruncate:  // max, at, ellipsis
      return args[1].text == "word" ? Kernel::kTruncateWords : Kernel::kTruncateChars;
    case ActionKind::kReplace:  // from, to, ignore_case
      return args[2].boolean ? Kernel::kReplaceLiteralIgnoreCase : Kernel::kReplaceLiteral;
    case ActionKind::kRegexReplace: {  // pattern, with, ignore_case
      const RegexSpec &regex = program.regexes[static_cast<std::size_t>(args[0].index)];
      bool literal_with = args[1].text.find('\\') == std::string::npos;
      if (is_literal_pattern(regex.pattern) && literal_with)
        return regex.ignore_case ? Kernel::kReplaceLiteralIgnoreCase : Kernel::kReplaceLiteral;
      return Kernel::kRegexReplace;
    }
    case ActionKind::kRemove: return Kernel::kRemoveTerms;
    case ActionKind::kPrefix: return Kernel::kPrefix;
    case ActionKind::kSuffix: return Kernel::kSuffix;
    case ActionKind::kDigitsOnly: return Kernel::kDigitsOnly;
    case ActionKind::kPadLeft: return Kernel::kPadLeft;
    case ActionKind::kStripHtml: return Kernel::kStripHtml;
    case ActionKind::kSet:
      if (args[0].kind == ArgKind::kNull) return Kernel::kSetNull;
      return template_has_fields(args[0].tmpl) ? Kernel::kSetTemplate : Kernel::kSetConstant;
    case ActionKind::kCopy: return Kernel::kCopyField;
    case ActionKind::kDefault:
      return template_has_fields(args[0].tmpl) ? Kernel::kDefaultTemplate
                                               : Kernel::kDefaultConstant;
    case ActionKind::kSetNull: return Kernel::kSetNull;
    case ActionKind::kNullIfEmpty: return Kernel::kNullIfEmpty;
    case ActionKind::kMap:  // values, ignore_case, unmapped
      return args[1].boolean ? Kernel::kMapFolded : Kernel::kMapExact;
    case ActionKind::kLookup: return Kernel::kLookup;
    case ActionKind::kParseDecimal: return Kernel::kParseDecimal;
    case ActionKind::kRound: return Kernel::kRound;
    case ActionKind::kClamp: return Kernel::kClamp;
    case ActionKind::kCalculate: return Kernel::kCalculate;
    case ActionKind::kFlag: return Kernel::kFlag;
    case ActionKind::kReject: return Kernel::kReject;
    case ActionKind::kStop: return Kernel::kStop;
  }
  return Kernel::kFlag;
}

}  // namespace smart_rules
