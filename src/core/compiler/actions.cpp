// The action registry table (see actions.hpp). Meanings are in docs/rules.md.
#include "compiler/actions.hpp"

namespace smart_rules {

namespace {

using P = ParamType;

std::vector<ActionSpec> build_specs() {
  const ParamSpec unmapped{"unmapped", P::kTextOrNull, false, "keep"};
  return {
      {ActionKind::kTrim, "trim", ArgShape::kNone, {}, "remove leading and trailing whitespace"},
      {ActionKind::kCollapseWhitespace, "collapse_whitespace", ArgShape::kNone, {},
       "replace each run of whitespace by one space"},
      {ActionKind::kRemoveWhitespace, "remove_whitespace", ArgShape::kNone, {},
       "delete all whitespace"},
      {ActionKind::kLower, "lower", ArgShape::kNone, {}, "Unicode lower case"},
      {ActionKind::kUpper, "upper", ArgShape::kNone, {}, "Unicode upper case"},
      {ActionKind::kTitleCase, "title_case", ArgShape::kNone, {},
       "first letter of each word upper case, the rest lower case"},
      {ActionKind::kRemoveAccents, "remove_accents", ArgShape::kNone, {},
       "drop combining marks"},
      {ActionKind::kNormalizeUnicode, "normalize_unicode", ArgShape::kNone, {},
       "Unicode NFC"},
      {ActionKind::kTruncate,
       "truncate",
       ArgShape::kParams,
       {{"max", P::kInt, true, "", {}, 1, 1000000},
        {"at", P::kChoice, false, "char", {"char", "word"}},
        {"ellipsis", P::kText, false, "", {}, 0, 0, true}},
       "cut to at most `max` characters"},
      {ActionKind::kReplace,
       "replace",
       ArgShape::kParams,
       {{"from", P::kText, true, "", {}, 0, 0, true},
        {"to", P::kText, true, ""},
        {"ignore_case", P::kBool, false, "false"}},
       "replace every occurrence of a text"},
      {ActionKind::kRegexReplace,
       "regex_replace",
       ArgShape::kParams,
       {{"pattern", P::kRegexPattern, true, ""},
        {"with", P::kText, true, ""},
        {"ignore_case", P::kBool, false, "false"}},
       "replace every match of an RE2 pattern"},
      {ActionKind::kRemove, "remove", ArgShape::kValue, {{"terms", P::kTextList, true, ""}},
       "remove terms (case-insensitive), then collapse whitespace and trim"},
      {ActionKind::kPrefix, "prefix", ArgShape::kValue, {{"text", P::kText, true, ""}},
       "prepend a text"},
      {ActionKind::kSuffix, "suffix", ArgShape::kValue, {{"text", P::kText, true, ""}},
       "append a text"},
      {ActionKind::kDigitsOnly, "digits_only", ArgShape::kNone, {}, "keep ASCII digits only"},
      {ActionKind::kPadLeft,
       "pad_left",
       ArgShape::kParams,
       {{"length", P::kInt, true, "", {}, 1, 10000}, {"with", P::kChar, false, "0"}},
       "left-pad to a length"},
      {ActionKind::kStripHtml, "strip_html", ArgShape::kNone, {},
       "replace tags by spaces and decode entities"},
      {ActionKind::kSet, "set", ArgShape::kValue, {{"value", P::kTemplateOrNull, true, ""}},
       "set a template's value (or null)"},
      {ActionKind::kCopy, "copy", ArgShape::kValue, {{"field", P::kField, true, ""}},
       "copy another field's value"},
      {ActionKind::kDefault, "default", ArgShape::kValue, {{"value", P::kTemplate, true, ""}},
       "set a template's value where null or blank"},
      {ActionKind::kSetNull, "set_null", ArgShape::kNone, {}, "set null"},
      {ActionKind::kNullIfEmpty, "null_if_empty", ArgShape::kNone, {},
       "blank text becomes null"},
      {ActionKind::kMap,
       "map",
       ArgShape::kParams,
       {{"values", P::kTextMap, true, ""}, {"ignore_case", P::kBool, false, "true"}, unmapped},
       "translate values through a mapping"},
      {ActionKind::kLookup,
       "lookup",
       ArgShape::kParams,
       {{"table", P::kQualifiedName, true, ""},
        {"key", P::kText, true, "", {}, 0, 0, true},
        {"value", P::kText, true, "", {}, 0, 0, true},
        {"ignore_case", P::kBool, false, "true"},
        unmapped},
       "translate values through a table"},
      {ActionKind::kParseDecimal,
       "parse_decimal",
       ArgShape::kParams,
       {{"decimal", P::kChoice, true, "", {",", "."}},
        {"thousands", P::kChoice, false, "", {".", ",", " ", ""}},
        {"on_invalid", P::kChoice, false, "null", {"null", "keep"}}},
       "parse a formatted number into plain decimal text"},
      {ActionKind::kRound, "round", ArgShape::kValue, {{"scale", P::kInt, true, "", {}, 0, 18}},
       "round half away from zero"},
      {ActionKind::kClamp,
       "clamp",
       ArgShape::kParams,
       {{"min", P::kNumber, false, ""}, {"max", P::kNumber, false, ""}},
       "bound a number"},
      {ActionKind::kCalculate,
       "calculate",
       ArgShape::kParams,
       {{"expr", P::kExpression, true, ""}, {"scale", P::kInt, false, "2", {}, 0, 18}},
       "compute an exact decimal expression"},
      {ActionKind::kFlag, "flag", ArgShape::kNone, {}, "log a violation"},
      {ActionKind::kReject, "reject", ArgShape::kNone, {}, "drop the row and log it"},
      {ActionKind::kStop, "stop", ArgShape::kNone, {}, "apply no further rules to the row"},
  };
}

}  // namespace

const std::vector<ActionSpec> &action_specs() {
  static const std::vector<ActionSpec> specs = build_specs();
  return specs;
}

const ActionSpec &action_spec(ActionKind kind) {
  return action_specs()[static_cast<std::size_t>(kind)];
}

const ActionSpec *find_action(std::string_view name) {
  for (const ActionSpec &spec : action_specs())
    if (spec.name == name) return &spec;
  return nullptr;
}

std::vector<std::string_view> action_names() {
  std::vector<std::string_view> names;
  for (const ActionSpec &spec : action_specs()) names.push_back(spec.name);
  return names;
}

int param_index(const ActionSpec &spec, std::string_view name) {
  for (std::size_t i = 0; i < spec.params.size(); ++i)
    if (spec.params[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace smart_rules
