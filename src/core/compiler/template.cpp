// The `{field}` template parser (see template.hpp).
#include "compiler/template.hpp"

namespace smart_rules {

namespace {

// The parser proper; `resolve` maps a placeholder's name to a field index, or returns kNone
// after setting `error`.
template <typename Resolve>
std::optional<Template> scan_template(std::string_view text, Resolve resolve, std::string &error) {
  Template result;
  result.source = std::string(text);
  std::string literal;
  auto flush_literal = [&] {
    if (literal.empty()) return;
    result.parts.push_back(Template::Part{kNone, std::move(literal)});
    literal.clear();
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    char c = text[pos];
    if (c == '}') {
      if (pos + 1 < text.size() && text[pos + 1] == '}') {
        literal += '}';
        pos += 2;
        continue;
      }
      error = "unmatched \"}\" in template; write \"}}\" for a literal brace";
      return std::nullopt;
    }
    if (c != '{') {
      literal += c;
      ++pos;
      continue;
    }
    if (pos + 1 < text.size() && text[pos + 1] == '{') {
      literal += '{';
      pos += 2;
      continue;
    }
    std::size_t close = text.find_first_of("{}", pos + 1);
    if (close == std::string_view::npos || text[close] == '{') {
      error = "unclosed \"{\" in template; write \"{{\" for a literal brace";
      return std::nullopt;
    }
    if (close == pos + 1) {
      error = "empty placeholder \"{}\" in template; write \"{{}}\" for literal braces";
      return std::nullopt;
    }
    flush_literal();
    std::int32_t field = resolve(std::string(text.substr(pos + 1, close - pos - 1)));
    if (field == kNone) return std::nullopt;
    result.parts.push_back(Template::Part{field, {}});
    pos = close + 1;
  }
  flush_literal();
  return result;
}

}  // namespace

FieldIndex index_fields(const std::vector<std::string> &fields) {
  FieldIndex index;
  for (std::size_t i = 0; i < fields.size(); ++i)
    index.emplace(fields[i], static_cast<std::int32_t>(i));
  return index;
}

std::optional<Template> parse_template(std::string_view text, Program &program,
                                       std::string &error) {
  // Built on the first placeholder, so interning costs one pass over the table per template
  // instead of one per placeholder.
  std::optional<FieldIndex> known;
  auto intern = [&](const std::string &name) {
    if (!known) known = index_fields(program.fields);
    auto [it, added] = known->emplace(name, static_cast<std::int32_t>(program.fields.size()));
    if (added) program.fields.push_back(name);
    return it->second;
  };
  return scan_template(text, intern, error);
}

std::optional<Template> parse_template_with_fields(std::string_view text, const FieldIndex &fields,
                                                   std::string &error) {
  auto lookup = [&](const std::string &name) {
    auto found = fields.find(name);
    if (found != fields.end()) return found->second;
    error = "template refers to field \"" + name + "\", which is not in the field table";
    return kNone;
  };
  return scan_template(text, lookup, error);
}

}  // namespace smart_rules
