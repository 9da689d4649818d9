// The source model: a YAML document as a small tree of nodes that remember where they were
// written. libyaml is used only by the loader (yaml_loader.cpp); everything after loading
// works on this tree, so error messages can always name a line and column.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.hpp"

namespace smart_rules {

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMapping };

  Kind kind = Kind::kNull;
  // Scalar text. `quoted` is true for '...' and "..." scalars (so that "60" is text while 60
  // is a number, and 'null' is text while null is null). A plain `null`, `~` or empty value
  // is loaded as Kind::kNull.
  std::string scalar;
  bool quoted = false;
  // True for a plain scalar that spans several source lines (positions inside it are then
  // only approximate).
  bool multiline = false;
  SourceLocation where;
  // Sequence items, or mapping keys and values (same length, in document order).
  std::vector<YamlNode> items;
  std::vector<YamlNode> keys;
  std::vector<YamlNode> values;

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_mapping() const { return kind == Kind::kMapping; }

  // The value of the first mapping entry whose key is the plain text `key`, or nullptr.
  const YamlNode *find(std::string_view key) const;
  // "a mapping", "a list", "text", "null": for "expected X, found Y" messages.
  const char *kind_name() const;
};

// Limits on the loaded document; exceeding one is a kLimitExceeded diagnostic.
struct YamlLimits {
  std::size_t max_source_bytes = 1 << 20;  // RULES.md: a source at most 1 MiB
  int max_depth = 64;                      // nesting of collections
  std::size_t max_nodes = 1 << 19;         // after alias expansion (billion-laughs guard)
};

// Parses one YAML document. On failure returns nullopt and adds a diagnostic (kSyntax for
// YAML that does not parse, kLimitExceeded for a limit, kInvalidParameter for an empty or
// multi-document source).
std::optional<YamlNode> load_yaml(std::string_view source, Diagnostics &diagnostics,
                                  const YamlLimits &limits = {});

}  // namespace smart_rules
