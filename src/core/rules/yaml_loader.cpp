// Loads YAML text into the source model (YamlNode) with libyaml's event parser, the only file
// that uses a YAML library. Events are turned into our tree directly, with 1-based line/column
// marks, under limits that make any input safe: source size, nesting depth and node count
// after alias expansion (billion-laughs documents).
//
// Why libyaml and not yaml-cpp: yaml-cpp 0.7.0 (Debian 12) allocates without bound on some
// malformed inputs (a stray ',' is enough, upstream jbeder/yaml-cpp#1040), which would let any
// caller of compile_rules exhaust the server's memory; and its DOM costs most of the 50 ms
// budget of a 1,000-rule compile. libyaml's parser keeps explicit stacks (no recursion) and is
// several times faster. See docs/architecture.md.
#include <yaml.h>

#include <map>
#include <memory>
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

SourceLocation location_of(const yaml_mark_t &mark) {
  return SourceLocation{static_cast<int>(mark.line) + 1, static_cast<int>(mark.column) + 1};
}

// Owns a libyaml parser reading `source`.
class Parser {
 public:
  explicit Parser(std::string_view source) {
    ok_ = yaml_parser_initialize(&parser_) != 0;
    if (ok_)
      yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char *>(source.data()),
                                   source.size());
  }
  ~Parser() {
    if (ok_) yaml_parser_delete(&parser_);
  }
  Parser(const Parser &) = delete;
  Parser &operator=(const Parser &) = delete;

  bool initialized() const { return ok_; }
  yaml_parser_t *get() { return &parser_; }

 private:
  yaml_parser_t parser_{};
  bool ok_ = false;
};

// Owns one event.
class Event {
 public:
  Event() = default;
  ~Event() { clear(); }
  Event(const Event &) = delete;
  Event &operator=(const Event &) = delete;

  // Reads the next event; false on a parse error.
  bool next(yaml_parser_t *parser) {
    clear();
    filled_ = yaml_parser_parse(parser, &event_) != 0;
    return filled_;
  }
  const yaml_event_t &operator*() const { return event_; }
  const yaml_event_t *operator->() const { return &event_; }

 private:
  void clear() {
    if (filled_) yaml_event_delete(&event_);
    filled_ = false;
  }
  yaml_event_t event_{};
  bool filled_ = false;
};

std::size_t subtree_size(const YamlNode &node) {
  std::size_t size = 1;
  for (const YamlNode &item : node.items) size += subtree_size(item);
  for (const YamlNode &key : node.keys) size += subtree_size(key);
  for (const YamlNode &value : node.values) size += subtree_size(value);
  return size;
}

class TreeBuilder {
 public:
  TreeBuilder(std::string_view source, const YamlLimits &limits, Diagnostics &diagnostics)
      : source_(source), limits_(limits), diagnostics_(diagnostics) {}

  std::optional<YamlNode> build() {
    Parser parser(source_);
    if (!parser.initialized()) {
      diagnostics_.error(ErrorCode::kOutOfMemory, "out of memory while starting the YAML parser", {});
      return std::nullopt;
    }
    Event event;
    int documents = 0;
    while (true) {
      if (!event.next(parser.get())) return parse_error(*parser.get());
      switch (event->type) {
        case YAML_STREAM_END_EVENT:
          if (!root_) {
            diagnostics_.error(ErrorCode::kInvalidParameter, "rule set source is empty", {}, {},
                               "a rule set is a mapping with ruleset, version and rules");
            return std::nullopt;
          }
          return std::move(root_);
        case YAML_DOCUMENT_START_EVENT:
          if (++documents > 1) {
            diagnostics_.error(ErrorCode::kInvalidParameter,
                               "rule set source holds more than one YAML document, expected one",
                               location_of(event->start_mark));
            return std::nullopt;
          }
          break;
        case YAML_SCALAR_EVENT:
          if (!add(scalar(*event), anchor_of(event->data.scalar.anchor))) return std::nullopt;
          break;
        case YAML_ALIAS_EVENT:
          if (!add_alias(*event)) return std::nullopt;
          break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
          if (!open(*event)) return std::nullopt;
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
          YamlNode done = std::move(open_.back());
          std::string anchor = std::move(open_anchors_.back());
          open_.pop_back();
          open_anchors_.pop_back();
          if (!add(std::move(done), anchor)) return std::nullopt;
          break;
        }
        default:  // stream start, document end
          break;
      }
    }
  }

 private:
  static std::string anchor_of(const yaml_char_t *anchor) {
    return anchor ? std::string(reinterpret_cast<const char *>(anchor)) : std::string();
  }

  YamlNode scalar(const yaml_event_t &event) {
    const auto &data = event.data.scalar;
    YamlNode node;
    node.where = location_of(event.start_mark);
    std::string value(reinterpret_cast<const char *>(data.value), data.length);
    bool plain = data.style == YAML_PLAIN_SCALAR_STYLE && data.tag == nullptr;
    if (plain && (value.empty() || value == "~" || value == "null" || value == "Null" ||
                  value == "NULL")) {
      node.kind = YamlNode::Kind::kNull;
      return node;
    }
    node.kind = YamlNode::Kind::kScalar;
    node.quoted = !plain;
    node.multiline = !written_verbatim(event.start_mark, value, data.style);
    node.scalar = std::move(value);
    return node;
  }

  // True when the scalar's value appears as is at its position (a one-line plain or quoted
  // scalar without escapes), so offsets inside it map to exact columns.
  bool written_verbatim(const yaml_mark_t &mark, const std::string &value,
                        yaml_scalar_style_t style) {
    std::size_t start = byte_offset(mark);
    if (style == YAML_SINGLE_QUOTED_SCALAR_STYLE || style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
      ++start;
    else if (style != YAML_PLAIN_SCALAR_STYLE)
      return false;
    if (start > source_.size() || value.find('\n') != std::string::npos) return false;
    return source_.substr(start, value.size()) == value;
  }

  // The byte offset of a mark (libyaml counts lines and columns in characters).
  std::size_t byte_offset(const yaml_mark_t &mark) {
    if (line_starts_.empty()) {
      line_starts_.push_back(0);
      for (std::size_t i = 0; i < source_.size(); ++i)
        if (source_[i] == '\n') line_starts_.push_back(i + 1);
    }
    if (mark.line >= line_starts_.size()) return source_.size() + 1;
    std::size_t offset = line_starts_[mark.line];
    for (std::size_t column = 0; column < mark.column && offset < source_.size(); ++column) {
      do ++offset;  // skip one UTF-8 sequence: a lead byte, then continuation bytes
      while (offset < source_.size() && (static_cast<unsigned char>(source_[offset]) & 0xC0) == 0x80);
    }
    return offset;
  }

  bool open(const yaml_event_t &event) {
    if (static_cast<int>(open_.size()) >= limits_.max_depth) {
      diagnostics_.error(ErrorCode::kLimitExceeded,
                         "YAML document is nested more than " + std::to_string(limits_.max_depth) +
                             " levels deep",
                         location_of(event.start_mark));
      return false;
    }
    if (!count(1, event.start_mark)) return false;
    YamlNode node;
    node.where = location_of(event.start_mark);
    bool sequence = event.type == YAML_SEQUENCE_START_EVENT;
    node.kind = sequence ? YamlNode::Kind::kSequence : YamlNode::Kind::kMapping;
    open_.push_back(std::move(node));
    open_anchors_.push_back(
        anchor_of(sequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor));
    return true;
  }

  bool add_alias(const yaml_event_t &event) {
    std::string name = anchor_of(event.data.alias.anchor);
    auto it = anchors_.find(name);
    if (it == anchors_.end()) {  // libyaml's parser does not check this
      diagnostics_.error(ErrorCode::kSyntax, "invalid YAML: unknown alias *" + name,
                         location_of(event.start_mark));
      return false;
    }
    if (!count(it->second.size, event.start_mark)) return false;
    return attach(YamlNode(it->second.node));
  }

  // Attaches a finished node (scalar or closed collection) to its parent, or makes it the root.
  bool add(YamlNode node, const std::string &anchor) {
    if (node.kind != YamlNode::Kind::kSequence && node.kind != YamlNode::Kind::kMapping &&
        !count(1, {}))
      return false;
    if (!anchor.empty()) anchors_[anchor] = Anchored{node, subtree_size(node)};
    return attach(std::move(node));
  }

  bool attach(YamlNode node) {
    if (open_.empty()) {
      if (node.is_null()) return true;  // an empty document
      root_ = std::move(node);
      return true;
    }
    YamlNode &parent = open_.back();
    if (parent.is_sequence())
      parent.items.push_back(std::move(node));
    else if (parent.keys.size() == parent.values.size())
      parent.keys.push_back(std::move(node));
    else
      parent.values.push_back(std::move(node));
    return true;
  }

  // Counts `nodes` more nodes against the limit.
  bool count(std::size_t nodes, const yaml_mark_t &mark) {
    node_count_ += nodes;
    if (node_count_ <= limits_.max_nodes) return true;
    diagnostics_.error(ErrorCode::kLimitExceeded,
                       "YAML document has more than " + std::to_string(limits_.max_nodes) +
                           " nodes after expanding aliases",
                       location_of(mark));
    return false;
  }

  std::optional<YamlNode> parse_error(const yaml_parser_t &parser) {
    if (parser.error == YAML_MEMORY_ERROR) {
      diagnostics_.error(ErrorCode::kOutOfMemory, "out of memory while parsing YAML", {});
      return std::nullopt;
    }
    std::string reason = parser.problem ? parser.problem : "malformed document";
    if (parser.context) reason = std::string(parser.context) + ": " + reason;
    SourceLocation where = location_of(parser.problem_mark);
    ErrorCode code = ErrorCode::kSyntax;
    if (parser.error == YAML_READER_ERROR) {
      where = {};
      reason = "the source is not valid UTF-8 (" + reason + ")";
    }
    diagnostics_.error(code, "invalid YAML: " + reason, where);
    return std::nullopt;
  }

  struct Anchored {
    YamlNode node;
    std::size_t size = 0;
  };

  std::string_view source_;
  const YamlLimits &limits_;
  Diagnostics &diagnostics_;
  std::vector<YamlNode> open_;  // collections being filled, innermost last
  std::vector<std::string> open_anchors_;
  std::map<std::string, Anchored> anchors_;
  std::optional<YamlNode> root_;
  std::size_t node_count_ = 0;
  std::vector<std::size_t> line_starts_;  // byte offset of each line, built on first use
};

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
  return TreeBuilder(source, limits, diagnostics).build();
}

}  // namespace smart_rules
