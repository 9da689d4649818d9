// The compile entry point (see compile.hpp): load, check, and hand back a Program or the
// diagnostics that explain why there is none.
#include "compiler/compile.hpp"

#include "compiler/rule_set_checker.hpp"
#include "rules/yaml_document.hpp"
#include "text/utf8.hpp"

namespace smart_rules {

CompileOutput compile_rule_set(std::string_view source) {
  CompileOutput out;
  if (!text::valid_utf8(source)) {
    out.diagnostics.error(ErrorCode::kSyntax, "rule set source is not valid UTF-8", {});
    return out;
  }
  std::optional<YamlNode> root = load_yaml(source, out.diagnostics);
  if (root) {
    Program program;
    check_rule_set(*root, program, out.diagnostics);
    if (!out.diagnostics.has_errors()) out.program = std::move(program);
  }
  out.diagnostics.sort_by_position();
  return out;
}

}  // namespace smart_rules
