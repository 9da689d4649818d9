// Action kernels (see action_kernels.hpp). Meanings: RULES.md "Actions" and docs/rules.md.
//
// Decisions where the contract leaves room:
// - round, clamp and calculate leave null as null, without a violation (null is not "a value
//   that is not a number").
// - parse_decimal, round and clamp log their violation with old = the value before the action
//   and new = the value after it; flag and reject log the current value as both.
// - regex_replace replaces like RE2::GlobalReplace (an empty match right after the previous
//   match is skipped) with its own rewrite: \0..\9 are groups (a group the pattern does not have
//   is empty), \\ is one backslash, any other backslash is literal.
// - map/lookup keys are trimmed (and case-folded with ignore_case) like the values looked up.
#include "runtime/action_kernels.hpp"

#include "text/decimal.hpp"
#include "text/numbers.hpp"
#include "text/utf8.hpp"

namespace smart_rules::runtime {

namespace {

// How many rows ahead kernels prefetch values.
constexpr std::size_t kPrefetchDistance = 8;

RegexRewrite parse_rewrite(std::string_view with) {
  RegexRewrite rewrite;
  std::string literal;
  auto flush = [&] {
    if (literal.empty()) return;
    rewrite.parts.push_back(RegexRewrite::Part{-1, literal});
    literal.clear();
  };
  for (std::size_t i = 0; i < with.size(); ++i) {
    const char c = with[i];
    if (c != '\\' || i + 1 == with.size()) {
      literal += c;
      continue;
    }
    const char next = with[i + 1];
    if (next >= '0' && next <= '9') {
      flush();
      const int group = next - '0';
      rewrite.parts.push_back(RegexRewrite::Part{group, std::string()});
      rewrite.max_group = std::max(rewrite.max_group, group);
      ++i;
    } else if (next == '\\') {
      literal += '\\';
      ++i;
    } else {
      literal += c;
    }
  }
  flush();
  return rewrite;
}

// Replaces every match of `regex` in `value` by `rewrite` into `out`; false when nothing matched.
bool regex_replace_all(std::string_view value, const re2::RE2 &regex, const RegexRewrite &rewrite,
                       std::vector<re2::StringPiece> &groups, std::string &out) {
  const int group_count = 1 + std::min(rewrite.max_group, regex.NumberOfCapturingGroups());
  groups.resize(static_cast<std::size_t>(group_count));
  const re2::StringPiece text(value.data(), value.size());
  out.clear();
  std::size_t pos = 0;
  std::size_t last_end = std::string_view::npos;
  bool replaced = false;
  while (pos <= value.size()) {
    if (!regex.Match(text, pos, value.size(), re2::RE2::UNANCHORED, groups.data(), group_count))
      break;
    const auto begin = static_cast<std::size_t>(groups[0].data() - value.data());
    const std::size_t end = begin + groups[0].size();
    out.append(value.data() + pos, begin - pos);
    if (begin == end && begin == last_end) {
      // An empty match where the previous match ended: keep one character and go on.
      if (pos == value.size()) break;
      std::size_t next = pos;
      text::next_code_point(value, next);
      if (next == pos) next = pos + 1;
      out.append(value.data() + pos, next - pos);
      pos = next;
      continue;
    }
    for (const RegexRewrite::Part &part : rewrite.parts) {
      if (part.group < 0) {
        out += part.literal;
      } else if (part.group < group_count) {
        const re2::StringPiece &group = groups[static_cast<std::size_t>(part.group)];
        out.append(group.data(), group.size());
      }
    }
    replaced = true;
    pos = end;
    last_end = end;
  }
  if (!replaced) return false;
  if (pos < value.size()) out.append(value.data() + pos, value.size() - pos);
  return true;
}

void prepare_unmapped(const ArgValue &arg, PreparedAction &prepared) {
  if (arg.kind == ArgKind::kNull) {
    prepared.keep_unmapped = false;
    prepared.null_unmapped = true;
  } else if (arg.kind == ArgKind::kText && arg.text != "keep") {
    prepared.keep_unmapped = false;
    prepared.unmapped = arg.text;
  }
}

std::string literal_text(const Template &tmpl) {
  std::string text;
  for (const Template::Part &part : tmpl.parts) text += part.literal;
  return text;
}

// The loop of every transform whose result is computed into a buffer: non-null rows only.
template <class Transform>
bool transform_each(RulePipeline &pipeline, KernelContext &context, ActionKind kind,
                    Transform transform) {
  for (std::size_t position = 0; position < pipeline.size(); ++position) {
    if (pipeline.interrupted_at(position)) return false;
    pipeline.prefetch(position + kPrefetchDistance);
    if (pipeline.is_null(position)) continue;
    if (transform(pipeline.value(position), context.buffer))
      pipeline.write_copy(position, context.buffer, kind);
  }
  return true;
}

// Sets the value to `text` (long-lived) where it differs.
void set_view(RulePipeline &pipeline, std::size_t position, std::string_view text,
              ActionKind kind) {
  if (pipeline.is_null(position) || pipeline.value(position) != text)
    pipeline.write_view(position, text, kind);
}

void set_null(RulePipeline &pipeline, std::size_t position, ActionKind kind) {
  if (!pipeline.is_null(position)) pipeline.write_null(position, kind);
}

bool translate(const PreparedAction &action, const ValueTable &table, RulePipeline &pipeline,
               KernelContext &context) {
  for (std::size_t position = 0; position < pipeline.size(); ++position) {
    if (pipeline.interrupted_at(position)) return false;
    if (pipeline.is_null(position)) continue;
    const ValueTable::Entry *entry = table.find(pipeline.value(position), context.buffer);
    if (entry) {
      if (entry->is_null)
        set_null(pipeline, position, action.kind);
      else
        set_view(pipeline, position, entry->value, action.kind);
    } else if (action.null_unmapped) {
      set_null(pipeline, position, action.kind);
    } else if (!action.keep_unmapped) {
      set_view(pipeline, position, action.unmapped, action.kind);
    }
  }
  return true;
}

// `set`/`default` with a template: the rendered text where `applies` says so.
template <class Applies>
bool set_template(const PreparedAction &action, RulePipeline &pipeline, KernelContext &context,
                  Applies applies) {
  for (std::size_t position = 0; position < pipeline.size(); ++position) {
    if (pipeline.interrupted_at(position)) return false;
    if (!applies(position)) continue;
    render_template(*action.tmpl, pipeline.batch(), pipeline.rows()[position], context.buffer);
    if (pipeline.is_null(position) || pipeline.value(position) != context.buffer)
      pipeline.write_copy(position, context.buffer, action.kind);
  }
  return true;
}

bool run_round(const PreparedAction &action, RulePipeline &pipeline, KernelContext &context) {
  for (std::size_t position = 0; position < pipeline.size(); ++position) {
    if (pipeline.interrupted_at(position)) return false;
    if (pipeline.is_null(position)) continue;
    const std::string_view value = pipeline.value(position);
    const std::optional<text::Decimal> number = text::Decimal::parse(value);
    const std::optional<text::Decimal> rounded =
        number ? number->rounded(static_cast<std::uint32_t>(action.size)) : std::nullopt;
    if (!rounded) {
      pipeline.flag_unchanged(position, action.kind);
      continue;
    }
    context.buffer.clear();
    rounded->append_to(context.buffer);
    if (value != context.buffer) pipeline.write_copy(position, context.buffer, action.kind);
  }
  return true;
}

bool run_clamp(const PreparedAction &action, RulePipeline &pipeline) {
  for (std::size_t position = 0; position < pipeline.size(); ++position) {
    if (pipeline.interrupted_at(position)) return false;
    if (pipeline.is_null(position)) continue;
    const std::string_view number = text::trimmed(pipeline.value(position));
    if (!text::is_plain_decimal(number)) {
      pipeline.flag_unchanged(position, action.kind);
    } else if (action.has_min && text::compare_decimals(number, action.min) < 0) {
      set_view(pipeline, position, action.min, action.kind);
    } else if (action.has_max && text::compare_decimals(number, action.max) > 0) {
      set_view(pipeline, position, action.max, action.kind);
    }
  }
  return true;
}

bool run_parse_decimal(const PreparedAction &action, RulePipeline &pipeline,
                       KernelContext &context) {
  for (std::size_t position = 0; position < pipeline.size(); ++position) {
    if (pipeline.interrupted_at(position)) return false;
    if (pipeline.is_null(position)) continue;
    const std::string_view value = pipeline.value(position);
    switch (text::parse_decimal(value, action.format, context.buffer)) {
      case text::ParseDecimalResult::kUnchanged: break;
      case text::ParseDecimalResult::kChanged:
        pipeline.write_copy(position, context.buffer, action.kind);
        break;
      case text::ParseDecimalResult::kInvalid:
        if (!action.keep_invalid) pipeline.write_null(position, action.kind);
        pipeline.flag(position, action.kind, false, value);
        break;
    }
  }
  return true;
}

// calculate: the expression evaluated chunk by chunk over the pipeline's rows, rounded.
bool run_calculate(const PreparedAction &action, RulePipeline &pipeline, KernelContext &context) {
  ExpressionEvaluator &evaluator = *context.evaluator;
  const std::vector<std::uint32_t> &rows = pipeline.rows();
  const std::size_t chunk = evaluator.chunk_rows();
  for (std::size_t start = 0; start < rows.size(); start += chunk) {
    if (pipeline.interrupted()) return false;
    const std::size_t count = std::min(chunk, rows.size() - start);
    evaluator.evaluate(action.index, pipeline.batch(), rows.data() + start, count);
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t position = start + i;
      EvalNumber number;
      std::optional<text::Decimal> value;
      if (evaluator.number_at(action.index, i, number)) value = to_decimal(number);
      if (value) value = value->rounded(static_cast<std::uint32_t>(action.size));
      if (!value) {
        set_null(pipeline, position, action.kind);
        continue;
      }
      context.buffer.clear();
      value->append_to(context.buffer);
      if (pipeline.is_null(position) || pipeline.value(position) != context.buffer)
        pipeline.write_copy(position, context.buffer, action.kind);
    }
  }
  return true;
}

// strip_html, collapse_whitespace and trim in one pass; a correction is attributed to the last
// of the three that changed the value, as if they had run one after the other.
bool run_strip_html_collapse_trim(RulePipeline &pipeline, KernelContext &context) {
  text::CleanupChanges changes;
  for (std::size_t position = 0; position < pipeline.size(); ++position) {
    if (pipeline.interrupted_at(position)) return false;
    pipeline.prefetch(position + kPrefetchDistance);
    if (pipeline.is_null(position)) continue;
    if (!text::strip_html_collapse_trim(pipeline.value(position), context.buffer, changes))
      continue;
    const ActionKind last = changes.trim                  ? ActionKind::kTrim
                            : changes.collapse_whitespace ? ActionKind::kCollapseWhitespace
                                                          : ActionKind::kStripHtml;
    pipeline.write_copy(position, context.buffer, last);
  }
  return true;
}

}  // namespace

void fuse_actions(std::vector<PreparedAction> &actions) {
  static constexpr Kernel kCleanup[] = {Kernel::kStripHtml, Kernel::kCollapseWhitespace,
                                        Kernel::kTrim};
  constexpr std::size_t kCleanupLength = sizeof(kCleanup) / sizeof(kCleanup[0]);
  for (std::size_t first = 0; first + kCleanupLength <= actions.size(); ++first) {
    bool matches = true;
    for (std::size_t i = 0; i < kCleanupLength && matches; ++i)
      matches = actions[first + i].kernel == kCleanup[i];
    if (!matches) continue;
    actions[first].fused = FusedActions::kStripHtmlCollapseTrim;
    actions.erase(actions.begin() + static_cast<std::ptrdiff_t>(first + 1),
                  actions.begin() + static_cast<std::ptrdiff_t>(first + kCleanupLength));
  }
}

PreparedAction prepare_action(const Action &action, const Program &program,
                              const std::vector<std::unique_ptr<re2::RE2>> &regexes,
                              std::size_t lookup_index) {
  PreparedAction prepared;
  prepared.kind = action.kind;
  prepared.kernel = action.kernel;
  const std::vector<ArgValue> &args = action.args;
  switch (action.kernel) {
    case Kernel::kTruncateChars:
    case Kernel::kTruncateWords:  // max, at, ellipsis
      prepared.size = static_cast<std::size_t>(args[0].integer);
      if (args[2].kind == ArgKind::kText) prepared.text = args[2].text;
      break;
    case Kernel::kReplaceLiteral:
    case Kernel::kReplaceLiteralIgnoreCase: {
      // replace: from, to, ignore_case; regex_replace with a literal pattern: pattern, with.
      const std::string &from =
          action.kind == ActionKind::kReplace
              ? args[0].text
              : program.regexes[static_cast<std::size_t>(args[0].index)].pattern;
      prepared.pattern.emplace(from, action.kernel == Kernel::kReplaceLiteralIgnoreCase);
      prepared.text = args[1].text;
      break;
    }
    case Kernel::kRegexReplace:  // pattern, with, ignore_case
      prepared.regex = regexes[static_cast<std::size_t>(args[0].index)].get();
      prepared.rewrite = parse_rewrite(args[1].text);
      break;
    case Kernel::kRemoveTerms:
      for (const std::string &term : args[0].list) prepared.terms.emplace_back(term, true);
      break;
    case Kernel::kPrefix:
    case Kernel::kSuffix: prepared.text = args[0].text; break;
    case Kernel::kPadLeft:  // length, with
      prepared.size = static_cast<std::size_t>(args[0].integer);
      prepared.text = args[1].text;
      break;
    case Kernel::kSetConstant:
    case Kernel::kDefaultConstant: prepared.text = literal_text(args[0].tmpl); break;
    case Kernel::kSetTemplate:
    case Kernel::kDefaultTemplate: prepared.tmpl = &args[0].tmpl; break;
    case Kernel::kCopyField: prepared.index = args[0].index; break;
    case Kernel::kMapExact:
    case Kernel::kMapFolded:  // values, ignore_case, unmapped
      prepared.own_table = std::make_unique<ValueTable>(action.kernel == Kernel::kMapFolded);
      for (const auto &[key, value] : args[0].map)
        prepared.own_table->add(key, value ? std::optional<std::string_view>(*value)
                                           : std::nullopt);
      prepare_unmapped(args[2], prepared);
      break;
    case Kernel::kLookup:  // table, key, value, ignore_case, unmapped
      prepared.lookup = lookup_index;
      prepare_unmapped(args[4], prepared);
      break;
    case Kernel::kParseDecimal:  // decimal, thousands, on_invalid
      prepared.format.decimal_separator = args[0].text.empty() ? '.' : args[0].text[0];
      prepared.format.thousands_separator = args[1].text.empty() ? '\0' : args[1].text[0];
      prepared.keep_invalid = args[2].text == "keep";
      break;
    case Kernel::kRound: prepared.size = static_cast<std::size_t>(args[0].integer); break;
    case Kernel::kClamp:  // min, max
      prepared.has_min = args[0].kind == ArgKind::kNumber;
      prepared.has_max = args[1].kind == ArgKind::kNumber;
      prepared.min = args[0].text;
      prepared.max = args[1].text;
      break;
    case Kernel::kCalculate:  // expr, scale
      prepared.index = args[0].index;
      prepared.size = static_cast<std::size_t>(args[1].integer);
      break;
    default: break;
  }
  return prepared;
}

bool run_action(const PreparedAction &action, RulePipeline &pipeline, KernelContext &context) {
  if (action.fused == FusedActions::kStripHtmlCollapseTrim)
    return run_strip_html_collapse_trim(pipeline, context);
  const ActionKind kind = action.kind;
  switch (action.kernel) {
    case Kernel::kTrim:
      for (std::size_t position = 0; position < pipeline.size(); ++position) {
        if (pipeline.interrupted_at(position)) return false;
        pipeline.prefetch(position + kPrefetchDistance);
        if (pipeline.is_null(position)) continue;
        const std::string_view value = pipeline.value(position);
        const std::string_view trimmed = text::trimmed(value);
        if (trimmed.size() != value.size()) pipeline.write_view(position, trimmed, kind);
      }
      return true;
    case Kernel::kCollapseWhitespace:
      return transform_each(pipeline, context, kind, [](std::string_view v, std::string &out) {
        return text::collapse_whitespace(v, out);
      });
    case Kernel::kRemoveWhitespace:
      return transform_each(pipeline, context, kind, [](std::string_view v, std::string &out) {
        return text::remove_whitespace(v, out);
      });
    case Kernel::kLower:
      return transform_each(pipeline, context, kind,
                            [](std::string_view v, std::string &out) { return text::lower(v, out); });
    case Kernel::kUpper:
      return transform_each(pipeline, context, kind,
                            [](std::string_view v, std::string &out) { return text::upper(v, out); });
    case Kernel::kTitleCase:
      return transform_each(pipeline, context, kind, [](std::string_view v, std::string &out) {
        return text::title_case(v, out);
      });
    case Kernel::kRemoveAccents:
      return transform_each(pipeline, context, kind, [](std::string_view v, std::string &out) {
        return text::remove_accents(v, out);
      });
    case Kernel::kNormalizeUnicode:
      return transform_each(pipeline, context, kind, [](std::string_view v, std::string &out) {
        return text::normalize_nfc(v, out);
      });
    case Kernel::kTruncateChars:
    case Kernel::kTruncateWords: {
      const text::TruncateAt at =
          action.kernel == Kernel::kTruncateWords ? text::TruncateAt::kWord : text::TruncateAt::kChar;
      return transform_each(pipeline, context, kind, [&](std::string_view v, std::string &out) {
        return text::truncate(v, action.size, at, action.text, out);
      });
    }
    case Kernel::kReplaceLiteral:
    case Kernel::kReplaceLiteralIgnoreCase:
      return transform_each(pipeline, context, kind, [&](std::string_view v, std::string &out) {
        return text::replace_all(v, *action.pattern, action.text, out);
      });
    case Kernel::kRegexReplace:
      return transform_each(pipeline, context, kind, [&](std::string_view v, std::string &out) {
        return regex_replace_all(v, *action.regex, action.rewrite, context.groups, out);
      });
    case Kernel::kRemoveTerms:
      return transform_each(pipeline, context, kind, [&](std::string_view v, std::string &out) {
        return text::remove_terms(v, action.terms, out);
      });
    case Kernel::kPrefix:
    case Kernel::kSuffix: {
      if (action.text.empty()) return true;
      const bool before = action.kernel == Kernel::kPrefix;
      return transform_each(pipeline, context, kind, [&](std::string_view v, std::string &out) {
        out.clear();
        if (before) out += action.text;
        out.append(v.data(), v.size());
        if (!before) out += action.text;
        return true;
      });
    }
    case Kernel::kDigitsOnly:
      return transform_each(pipeline, context, kind, [](std::string_view v, std::string &out) {
        return text::digits_only(v, out);
      });
    case Kernel::kPadLeft:
      return transform_each(pipeline, context, kind, [&](std::string_view v, std::string &out) {
        return text::pad_left(v, action.size, action.text, out);
      });
    case Kernel::kStripHtml:
      return transform_each(pipeline, context, kind, [](std::string_view v, std::string &out) {
        return text::strip_html(v, out);
      });
    case Kernel::kSetConstant:
      for (std::size_t position = 0; position < pipeline.size(); ++position)
        set_view(pipeline, position, action.text, kind);
      return true;
    case Kernel::kSetTemplate:
      return set_template(action, pipeline, context, [](std::size_t) { return true; });
    case Kernel::kSetNull:
      for (std::size_t position = 0; position < pipeline.size(); ++position)
        set_null(pipeline, position, kind);
      return true;
    case Kernel::kCopyField: {
      const Column &source = pipeline.batch().column(static_cast<std::size_t>(action.index));
      for (std::size_t position = 0; position < pipeline.size(); ++position) {
        const std::uint32_t row = pipeline.rows()[position];
        if (source.nulls[row])
          set_null(pipeline, position, kind);
        else
          set_view(pipeline, position, source.values[row], kind);
      }
      return true;
    }
    case Kernel::kDefaultConstant:
      for (std::size_t position = 0; position < pipeline.size(); ++position) {
        if (pipeline.is_null(position) || text::is_empty_or_blank(pipeline.value(position)))
          set_view(pipeline, position, action.text, kind);
      }
      return true;
    case Kernel::kDefaultTemplate:
      return set_template(action, pipeline, context, [&](std::size_t position) {
        return pipeline.is_null(position) || text::is_empty_or_blank(pipeline.value(position));
      });
    case Kernel::kNullIfEmpty:
      for (std::size_t position = 0; position < pipeline.size(); ++position) {
        if (!pipeline.is_null(position) && text::is_empty_or_blank(pipeline.value(position)))
          pipeline.write_null(position, kind);
      }
      return true;
    case Kernel::kMapExact:
    case Kernel::kMapFolded: return translate(action, *action.own_table, pipeline, context);
    case Kernel::kLookup:
      return translate(action, *(*context.lookups)[action.lookup], pipeline, context);
    case Kernel::kParseDecimal: return run_parse_decimal(action, pipeline, context);
    case Kernel::kRound: return run_round(action, pipeline, context);
    case Kernel::kClamp: return run_clamp(action, pipeline);
    case Kernel::kCalculate: return run_calculate(action, pipeline, context);
    case Kernel::kFlag:
      for (std::size_t position = 0; position < pipeline.size(); ++position)
        pipeline.flag_unchanged(position, kind);
      return true;
    case Kernel::kReject:
      for (std::size_t position = 0; position < pipeline.size(); ++position) {
        (*context.finished)[pipeline.rows()[position]] = 1;
        pipeline.reject(position, *context.kept);
      }
      pipeline.compact();
      return true;
    case Kernel::kStop:
      for (std::uint32_t row : pipeline.rows()) (*context.finished)[row] = 1;
      return true;
  }
  return true;
}

}  // namespace smart_rules::runtime
