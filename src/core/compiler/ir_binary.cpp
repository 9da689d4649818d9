// The binary form of the IR (what a rule_ir value stores): "SRIR", the format version as a
// little-endian u16, then every field of every struct of the Program in declaration order.
// Unsigned integers are LEB128 varints (minimal length), signed ones zigzag varints, enums
// and booleans one byte, strings a length and the bytes, vectors a count and the items, an
// optional a presence byte. The reader trusts nothing: every read is bounds-checked, a count
// is checked against the bytes left before anything is allocated, enums and booleans outside
// their range, non-minimal varints and trailing bytes are rejected, and the result goes
// through verify_program(). Because encodings are unique, write(read(b)) == b.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

#include "compiler/ir_serialization.hpp"

namespace smart_rules {

namespace {

constexpr std::string_view kMagic = "SRIR";

class BinaryWriter {
 public:
  void raw(std::string_view bytes) { out_.append(bytes.data(), bytes.size()); }
  void byte(std::uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void boolean(bool value) { byte(value ? 1 : 0); }
  template <typename Enum>
  void enumeration(Enum value) {
    byte(static_cast<std::uint8_t>(value));
  }
  void varint(std::uint64_t value) {
    while (value >= 0x80) {
      byte(static_cast<std::uint8_t>(value | 0x80));
      value >>= 7;
    }
    byte(static_cast<std::uint8_t>(value));
  }
  void signed_varint(std::int64_t value) {
    // Zigzag: 0, -1, 1, -2, ... -> 0, 1, 2, 3, ...
    varint((static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63));
  }
  void text(const std::string &value) {
    varint(value.size());
    raw(value);
  }
  template <typename T, typename WriteItem>
  void vector(const std::vector<T> &items, WriteItem write_item) {
    varint(items.size());
    for (const T &item : items) write_item(item);
  }
  void texts(const std::vector<std::string> &items) {
    vector(items, [this](const std::string &item) { text(item); });
  }
  void location(SourceLocation where) {
    signed_varint(where.line);
    signed_varint(where.column);
  }
  void tmpl(const Template &value) {
    text(value.source);
    vector(value.parts, [this](const Template::Part &part) {
      signed_varint(part.field);
      text(part.literal);
    });
  }

  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads with sticky failure: after the first problem every read returns a default value and
// `failed()` is true; the caller stops at the next loop or struct boundary.
class BinaryReader {
 public:
  BinaryReader(std::string_view bytes, Diagnostics &diagnostics)
      : bytes_(bytes), diagnostics_(diagnostics) {}

  bool failed() const { return failed_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }

  void fail(const std::string &message) {
    if (failed_) return;
    failed_ = true;
    diagnostics_.error(ErrorCode::kInvalidBinary, message, {});
  }

  std::string_view raw(std::size_t size) {
    if (failed_) return {};
    if (size > remaining()) {
      fail("rule_ir value is truncated");
      return {};
    }
    std::string_view out = bytes_.substr(pos_, size);
    pos_ += size;
    return out;
  }

  std::uint8_t byte() {
    std::string_view b = raw(1);
    return b.empty() ? 0 : static_cast<std::uint8_t>(b[0]);
  }

  bool boolean() {
    std::uint8_t value = byte();
    if (value > 1) fail("rule_ir value holds an invalid boolean byte " + std::to_string(value));
    return value == 1;
  }

  // An enum with `count` values, named `what` in the error message.
  template <typename Enum>
  Enum enumeration(int count, const char *what) {
    std::uint8_t value = byte();
    if (value >= count)
      fail("rule_ir value holds an unknown " + std::string(what) + " " + std::to_string(value));
    return failed_ ? Enum{} : static_cast<Enum>(value);
  }

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; !failed_; shift += 7) {
      std::uint8_t b = byte();
      if (failed_) break;
      // The tenth byte may only carry the top bit of a 64-bit value.
      if (shift == 63 && b > 1) break;
      value |= std::uint64_t{b & 0x7fu} << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) break;  // not minimal: another encoding of the same number
        return value;
      }
    }
    fail("rule_ir value holds a malformed integer");
    return 0;
  }

  std::int64_t signed_varint() {
    std::uint64_t value = varint();
    return static_cast<std::int64_t>((value >> 1) ^ (~(value & 1) + 1));
  }

  // An integer of type T (signed ones are zigzag-encoded), range-checked.
  template <typename T>
  T integer() {
    if constexpr (std::is_signed_v<T>) {
      std::int64_t value = signed_varint();
      if (value < std::numeric_limits<T>::min() || value > std::numeric_limits<T>::max())
        fail("rule_ir value holds an integer out of range");
      return failed_ ? T{} : static_cast<T>(value);
    } else {
      std::uint64_t value = varint();
      if (value > std::numeric_limits<T>::max())
        fail("rule_ir value holds an integer out of range");
      return failed_ ? T{} : static_cast<T>(value);
    }
  }

  // A count of items that each take at least `min_item_bytes` bytes: checked against the
  // bytes left, so no allocation is driven by a count the value cannot back.
  std::size_t count(std::size_t min_item_bytes) {
    std::uint64_t value = varint();
    if (!failed_ && value > remaining() / min_item_bytes)
      fail("rule_ir value is truncated (a count of " + std::to_string(value) +
           " exceeds the bytes left)");
    return failed_ ? 0 : static_cast<std::size_t>(value);
  }

  std::string text() {
    std::size_t size = count(1);
    return std::string(raw(size));
  }

  template <typename T, typename ReadItem>
  void vector(std::vector<T> &items, std::size_t min_item_bytes, ReadItem read_item) {
    std::size_t n = count(min_item_bytes);
    for (std::size_t i = 0; i < n && !failed_; ++i) items.push_back(read_item());
  }

  std::vector<std::string> texts() {
    std::vector<std::string> out;
    vector(out, 1, [this] { return text(); });
    return out;
  }

  SourceLocation location() {
    SourceLocation where;
    where.line = integer<int>();
    where.column = integer<int>();
    return where;
  }

  Template tmpl() {
    Template out;
    out.source = text();
    vector(out.parts, 2, [this] {
      Template::Part part;
      part.field = integer<std::int32_t>();
      part.literal = text();
      return part;
    });
    return out;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  bool failed_ = false;
  Diagnostics &diagnostics_;
};

void write_node(BinaryWriter &w, const ExprNode &node) {
  w.enumeration(node.op);
  w.enumeration(node.type);
  w.byte(node.flags);
  w.varint(node.first_operand);
  w.varint(node.operand_count);
  w.signed_varint(node.payload);
  w.signed_varint(node.aux);
}

ExprNode read_node(BinaryReader &r) {
  ExprNode node;
  node.op = r.enumeration<ExprOp>(kExprOpCount, "expression operator");
  node.type = r.enumeration<ValueType>(kValueTypeCount, "value type");
  node.flags = r.byte();
  node.first_operand = r.integer<std::uint32_t>();
  node.operand_count = r.integer<std::uint32_t>();
  node.payload = r.integer<std::int32_t>();
  node.aux = r.integer<std::int32_t>();
  return node;
}

void write_arg(BinaryWriter &w, const ArgValue &arg) {
  w.enumeration(arg.kind);
  w.boolean(arg.boolean);
  w.signed_varint(arg.integer);
  w.signed_varint(arg.index);
  w.text(arg.text);
  w.texts(arg.list);
  w.vector(arg.map, [&w](const std::pair<std::string, std::optional<std::string>> &entry) {
    w.text(entry.first);
    w.boolean(entry.second.has_value());
    if (entry.second) w.text(*entry.second);
  });
  w.tmpl(arg.tmpl);
}

ArgValue read_arg(BinaryReader &r) {
  ArgValue arg;
  arg.kind = r.enumeration<ArgKind>(kArgKindCount, "argument kind");
  arg.boolean = r.boolean();
  arg.integer = r.integer<std::int64_t>();
  arg.index = r.integer<std::int32_t>();
  arg.text = r.text();
  arg.list = r.texts();
  r.vector(arg.map, 2, [&r] {
    std::pair<std::string, std::optional<std::string>> entry;
    entry.first = r.text();
    if (r.boolean()) entry.second = r.text();
    return entry;
  });
  arg.tmpl = r.tmpl();
  return arg;
}

void write_rule(BinaryWriter &w, const Rule &rule) {
  w.text(rule.id);
  w.text(rule.description);
  w.signed_varint(rule.field);
  w.signed_varint(rule.when);
  w.vector(rule.actions, [&w](const Action &action) {
    w.enumeration(action.kind);
    w.enumeration(action.kernel);
    w.vector(action.args, [&w](const ArgValue &arg) { write_arg(w, arg); });
    w.location(action.where);
  });
  w.enumeration(rule.severity);
  w.boolean(rule.message.has_value());
  if (rule.message) w.tmpl(*rule.message);
  w.texts(rule.tags);
  w.location(rule.where);
}

Rule read_rule(BinaryReader &r) {
  Rule rule;
  rule.id = r.text();
  rule.description = r.text();
  rule.field = r.integer<std::int32_t>();
  rule.when = r.integer<std::int32_t>();
  r.vector(rule.actions, 5, [&r] {
    Action action;
    action.kind = r.enumeration<ActionKind>(kActionKindCount, "action");
    action.kernel = r.enumeration<Kernel>(kKernelCount, "kernel");
    r.vector(action.args, 9, [&r] { return read_arg(r); });
    action.where = r.location();
    return action;
  });
  rule.severity = r.enumeration<RuleSeverity>(kRuleSeverityCount, "severity");
  if (r.boolean()) rule.message = r.tmpl();
  rule.tags = r.texts();
  rule.where = r.location();
  return rule;
}

}  // namespace

std::string serialize_binary(const Program &program) {
  BinaryWriter w;
  w.raw(kMagic);
  w.byte(static_cast<std::uint8_t>(kProgramFormatVersion & 0xff));
  w.byte(static_cast<std::uint8_t>(kProgramFormatVersion >> 8));
  w.signed_varint(program.language);
  w.text(program.ruleset);
  w.text(program.version);
  w.text(program.marketplace);
  w.text(program.description);
  w.texts(program.pii);
  w.texts(program.fields);
  w.vector(program.regexes, [&w](const RegexSpec &spec) {
    w.text(spec.pattern);
    w.boolean(spec.ignore_case);
  });
  w.vector(program.constants, [&w](const Constant &constant) {
    w.enumeration(constant.type);
    w.text(constant.text);
    w.boolean(constant.boolean);
  });
  w.vector(program.nodes, [&w](const ExprNode &node) { write_node(w, node); });
  w.vector(program.operands, [&w](std::uint32_t operand) { w.varint(operand); });
  w.vector(program.rules, [&w](const Rule &rule) { write_rule(w, rule); });
  return w.take();
}

std::optional<Program> deserialize_binary(std::string_view bytes, Diagnostics &diagnostics) {
  if (bytes.size() < kMagic.size() + 2 || bytes.substr(0, kMagic.size()) != kMagic) {
    diagnostics.error(ErrorCode::kInvalidBinary, "not a rule_ir binary value (no SRIR header)", {});
    return std::nullopt;
  }
  unsigned version = static_cast<std::uint8_t>(bytes[4]) | static_cast<std::uint8_t>(bytes[5]) << 8;
  if (version != kProgramFormatVersion) {
    diagnostics.error(ErrorCode::kInvalidBinary,
                      "rule_ir value has format version " + std::to_string(version) +
                          ", this build reads version " + std::to_string(kProgramFormatVersion),
                      {});
    return std::nullopt;
  }

  BinaryReader r(bytes.substr(kMagic.size() + 2), diagnostics);
  Program program;
  program.format_version = static_cast<std::uint16_t>(version);
  program.language = r.integer<int>();
  program.ruleset = r.text();
  program.version = r.text();
  program.marketplace = r.text();
  program.description = r.text();
  program.pii = r.texts();
  program.fields = r.texts();
  r.vector(program.regexes, 2, [&r] {
    RegexSpec spec;
    spec.pattern = r.text();
    spec.ignore_case = r.boolean();
    return spec;
  });
  r.vector(program.constants, 3, [&r] {
    Constant constant;
    constant.type = r.enumeration<ValueType>(kValueTypeCount, "value type");
    constant.text = r.text();
    constant.boolean = r.boolean();
    return constant;
  });
  r.vector(program.nodes, 7, [&r] { return read_node(r); });
  r.vector(program.operands, 1, [&r] { return r.integer<std::uint32_t>(); });
  r.vector(program.rules, 10, [&r] { return read_rule(r); });
  if (r.failed()) return std::nullopt;
  if (r.remaining() != 0) {
    diagnostics.error(ErrorCode::kInvalidBinary,
                      "rule_ir value has " + std::to_string(r.remaining()) + " trailing bytes", {});
    return std::nullopt;
  }
  if (!verify_program(program, ErrorCode::kInvalidBinary, diagnostics)) return std::nullopt;
  return program;
}

}  // namespace smart_rules
