// Loads YAML text into the source model (YamlNode). The only file that uses yaml-cpp: its
// exceptions are caught here and become diagnostics, and its nodes are copied into our tree
// with 1-based line/column marks, under limits that make any input safe: source size, nesting
// depth (also guarding against alias cycles) and node count after alias expansion.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "rules/yaml_document.hpp"

namespace smart_rules {

const YamlNode *YamlNode::find(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i].is_scalar() && keys[i].scalar == key) return &values[i];
  return nullptr;
}

const char *YamlNode::kind_name() const {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kScalar: return "text";
    case Kind::kSequence: return "a list";
    case Kind::kMapping: return "a mapping";
  }
  return "null";
}

namespace {

class Converter {
 public:
  Converter(std::string_view source, const YamlLimits &limits, Diagnostics &diagnostics)
      : source_(source), limits_(limits), diagnostics_(diagnostics) {}

  // Copies `node` into `out`; false after a limit diagnostic.
  bool convert(const YAML::Node &node, YamlNode &out, int depth, SourceLocation parent) {
    if (++node_count_ > limits_.max_nodes) {
      diagnostics_.error(ErrorCode::kLimitExceeded,
                         "YAML document has more than " + std::to_string(limits_.max_nodes) +
                             " nodes after expanding aliases",
                         parent);
      return false;
    }
    out.where = location_of(node.Mark(), parent);
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = YamlNode::Kind::kNull;
        return true;
      case YAML::NodeType::Scalar:
        out.kind = YamlNode::Kind::kScalar;
        out.scalar = node.Scalar();
        // yaml-cpp tags plain scalars "?" and quoted ones "!"; an explicit tag (!!str) is text.
        out.quoted = node.Tag() != "?";
        out.multiline = !written_verbatim(node.Mark(), out.scalar, out.quoted);
        return true;
      case YAML::NodeType::Sequence:
      case YAML::NodeType::Map:
        break;
    }
    if (depth >= limits_.max_depth) {
      diagnostics_.error(ErrorCode::kLimitExceeded,
                         "YAML document is nested more than " +
                             std::to_string(limits_.max_depth) + " levels deep",
                         out.where);
      return false;
    }
    if (node.IsSequence()) {
      out.kind = YamlNode::Kind::kSequence;
      out.items.reserve(node.size());
      for (const YAML::Node &item : node) {
        out.items.emplace_back();
        if (!convert(item, out.items.back(), depth + 1, out.where)) return false;
      }
      return true;
    }
    out.kind = YamlNode::Kind::kMapping;
    for (const auto &entry : node) {
      out.keys.emplace_back();
      out.values.emplace_back();
      if (!convert(entry.first, out.keys.back(), depth + 1, out.where)) return false;
      if (!convert(entry.second, out.values.back(), depth + 1, out.keys.back().where))
        return false;
    }
    return true;
  }

 private:
  static SourceLocation location_of(const YAML::Mark &mark, SourceLocation fallback) {
    if (mark.line < 0 || mark.column < 0) return fallback;
    return SourceLocation{mark.line + 1, mark.column + 1};
  }

  // True when the scalar's value appears as is at its position in the source (a one-line
  // plain or quoted scalar without escapes), so offsets inside it map to exact columns.
  bool written_verbatim(const YAML::Mark &mark, const std::string &value, bool quoted) const {
    if (mark.pos < 0) return false;
    std::size_t start = static_cast<std::size_t>(mark.pos) + (quoted ? 1 : 0);
    if (start > source_.size()) return false;
    return source_.substr(start, value.size()) == value &&
           value.find('\n') == std::string::npos;
  }

  std::string_view source_;
  const YamlLimits &limits_;
  Diagnostics &diagnostics_;
  std::size_t node_count_ = 0;
};

// yaml-cpp's messages start with "yaml-cpp: error at line N, column M: "; keep the reason.
std::string yaml_reason(const YAML::Exception &e) {
  std::string reason = e.msg.empty() ? std::string(e.what()) : e.msg;
  if (!reason.empty() && reason.back() == '.') reason.pop_back();
  return reason;
}

}  // namespace

std::optional<YamlNode> load_yaml(std::string_view source, Diagnostics &diagnostics,
                                  const YamlLimits &limits) {
  if (source.size() > limits.max_source_bytes) {
    diagnostics.error(ErrorCode::kLimitExceeded,
                      "rule set source is " + std::to_string(source.size()) +
                          " bytes, more than the limit of " +
                          std::to_string(limits.max_source_bytes),
                      {});
    return std::nullopt;
  }
  if (source.find('\0') != std::string_view::npos) {
    diagnostics.error(ErrorCode::kSyntax, "rule set source contains a NUL byte", {});
    return std::nullopt;
  }
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(source));
  } catch (const YAML::DeepRecursion &e) {
    diagnostics.error(ErrorCode::kLimitExceeded, "YAML document is nested too deeply",
                      SourceLocation{e.mark.line + 1, e.mark.column + 1});
    return std::nullopt;
  } catch (const YAML::Exception &e) {
    SourceLocation where;
    if (!e.mark.is_null()) where = SourceLocation{e.mark.line + 1, e.mark.column + 1};
    diagnostics.error(ErrorCode::kSyntax, "invalid YAML: " + yaml_reason(e), where);
    return std::nullopt;
  }
  if (documents.empty() || (documents.size() == 1 && documents[0].IsNull())) {
    diagnostics.error(ErrorCode::kInvalidParameter, "rule set source is empty", {},
                      {}, "a rule set is a mapping with ruleset, version and rules");
    return std::nullopt;
  }
  if (documents.size() > 1) {
    diagnostics.error(ErrorCode::kInvalidParameter,
                      "rule set source holds " + std::to_string(documents.size()) +
                          " YAML documents, expected one",
                      SourceLocation{documents[1].Mark().line + 1, 1});
    return std::nullopt;
  }
  YamlNode root;
  try {
    Converter converter(source, limits, diagnostics);
    if (!converter.convert(documents[0], root, 0, SourceLocation{1, 1})) return std::nullopt;
  } catch (const YAML::Exception &e) {
    diagnostics.error(ErrorCode::kSyntax, "invalid YAML: " + yaml_reason(e), {});
    return std::nullopt;
  }
  return root;
}

}  // namespace smart_rules
