// Keeps docs/rules.schema.json and docs/rules.md in step with the action and function
// registries: the schema knows exactly the registry's actions, each with the registry's
// parameters, required flags, defaults, integer bounds and choices; every property of the schema
// is documented for editors; the reference has a section for every action and function.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/actions.hpp"
#include "compiler/functions.hpp"

namespace smart_rules {
namespace {

using nlohmann::json;

std::string read_source_file(const std::string &relative_path) {
  std::ifstream in(std::string(SMART_RULES_SOURCE_DIR) + "/" + relative_path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const json &schema() {
  static const json parsed = json::parse(read_source_file("docs/rules.schema.json"), nullptr, false);
  return parsed;
}

// The member `key` of an object, or null when `node` is not an object or lacks it.
const json &member(const json &node, const std::string &key) {
  static const json absent;
  if (!node.is_object()) return absent;
  auto it = node.find(key);
  return it == node.end() ? absent : *it;
}

// The subschema a local `$ref` ("#/definitions/name") points at, or `node` itself.
const json &resolved(const json &node) {
  const json &ref = member(node, "$ref");
  const std::string prefix = "#/definitions/";
  if (!ref.is_string()) return node;
  const std::string target = ref.get<std::string>();
  if (target.compare(0, prefix.size(), prefix) != 0) return node;
  return member(member(schema(), "definitions"), target.substr(prefix.size()));
}

// `key` of a subschema, looked up through its `$ref` when the subschema itself lacks it.
const json &keyword(const json &node, const std::string &key) {
  const json &own = member(node, key);
  if (!own.is_null() || !member(node, "$ref").is_string()) return own;
  return member(resolved(node), key);
}

std::set<std::string> keys_of(const json &object) {
  std::set<std::string> out;
  if (object.is_object())
    for (auto it = object.begin(); it != object.end(); ++it) out.insert(it.key());
  return out;
}

std::set<std::string> strings_of(const json &array) {
  std::set<std::string> out;
  if (array.is_array())
    for (const json &item : array)
      if (item.is_string()) out.insert(item.get<std::string>());
  return out;
}

// A JSON value as the registry writes defaults and choices: strings bare, the rest as JSON.
std::string as_registry_text(const json &value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

const json &bare_actions() { return member(member(schema(), "definitions"), "bareAction"); }
const json &argument_actions() {
  return member(member(member(schema(), "definitions"), "actionWithArgument"), "properties");
}

TEST(Schema, IsAnObjectWithIdTitleAndComment) {
  ASSERT_FALSE(schema().is_discarded()) << "docs/rules.schema.json is not valid JSON";
  ASSERT_TRUE(schema().is_object());
  EXPECT_EQ(member(schema(), "$schema"), "http://json-schema.org/draft-07/schema#");
  EXPECT_TRUE(member(schema(), "$id").is_string());
  EXPECT_TRUE(member(schema(), "title").is_string());
  EXPECT_TRUE(member(schema(), "$comment").is_string());
  EXPECT_EQ(member(schema(), "additionalProperties"), false);
}

TEST(Schema, BareActionsAreTheZeroArgumentActions) {
  std::set<std::string> in_schema;
  for (const json &alternative : member(bare_actions(), "oneOf"))
    if (member(alternative, "const").is_string())
      in_schema.insert(member(alternative, "const").get<std::string>());
  std::set<std::string> in_registry;
  for (const ActionSpec &spec : action_specs())
    if (spec.shape == ArgShape::kNone) in_registry.insert(std::string(spec.name));
  EXPECT_EQ(in_schema, in_registry);
}

TEST(Schema, ActionsWithArgumentsAreTheRegistrys) {
  std::set<std::string> in_registry;
  for (const ActionSpec &spec : action_specs())
    if (spec.shape != ArgShape::kNone) in_registry.insert(std::string(spec.name));
  EXPECT_EQ(keys_of(argument_actions()), in_registry);
  const json &holder = member(member(schema(), "definitions"), "actionWithArgument");
  EXPECT_EQ(member(holder, "minProperties"), 1);
  EXPECT_EQ(member(holder, "maxProperties"), 1);
  EXPECT_EQ(member(holder, "additionalProperties"), false);
}

// One registry parameter against its schema: default, integer bounds, choices.
void expect_param_matches(const ActionSpec &spec, const ParamSpec &param, const json &node) {
  SCOPED_TRACE(std::string(spec.name) + "." + std::string(param.name));
  const json &default_value = keyword(node, "default");
  // An empty registry default means none (parse_decimal's thousands depends on `decimal`).
  if (param.default_value.empty()) {
    EXPECT_TRUE(default_value.is_null()) << "the registry has no default";
  } else {
    EXPECT_EQ(as_registry_text(default_value), param.default_value);
  }
  if (param.type == ParamType::kInt) {
    EXPECT_EQ(keyword(node, "type"), "integer");
    EXPECT_EQ(keyword(node, "minimum"), param.min);
    EXPECT_EQ(keyword(node, "maximum"), param.max);
  }
  if (param.type == ParamType::kChoice) {
    std::set<std::string> in_schema;
    for (const json &choice : keyword(node, "enum")) in_schema.insert(as_registry_text(choice));
    std::set<std::string> in_registry(param.choices.begin(), param.choices.end());
    EXPECT_EQ(in_schema, in_registry);
  }
  if (param.type == ParamType::kBool) {
    EXPECT_EQ(keyword(node, "type"), "boolean");
  }
}

TEST(Schema, ParametersAreTheRegistrys) {
  for (const ActionSpec &spec : action_specs()) {
    if (spec.shape == ArgShape::kNone) continue;
    SCOPED_TRACE(std::string(spec.name));
    const json &argument = member(argument_actions(), std::string(spec.name));
    ASSERT_TRUE(argument.is_object());
    if (spec.shape == ArgShape::kValue) {
      // The bare value is the single parameter: no parameter mapping.
      ASSERT_EQ(spec.params.size(), 1u);
      EXPECT_TRUE(keyword(argument, "properties").is_null());
      expect_param_matches(spec, spec.params[0], argument);
      continue;
    }
    EXPECT_EQ(member(argument, "type"), "object");
    EXPECT_EQ(member(argument, "additionalProperties"), false);
    const json &properties = member(argument, "properties");
    std::set<std::string> names, required;
    for (const ParamSpec &param : spec.params) {
      names.insert(std::string(param.name));
      if (param.required) required.insert(std::string(param.name));
      expect_param_matches(spec, param, member(properties, std::string(param.name)));
    }
    EXPECT_EQ(keys_of(properties), names);
    EXPECT_EQ(strings_of(member(argument, "required")), required);
  }
}

// Every property (and every bare action) carries description and markdownDescription.
void expect_documented(const json &node, const std::string &path) {
  if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      expect_documented(node[i], path + "/" + std::to_string(i));
    return;
  }
  if (!node.is_object()) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string child = path + "/" + it.key();
    if (it.key() == "properties" && it->is_object()) {
      for (auto property = it->begin(); property != it->end(); ++property) {
        EXPECT_TRUE(member(*property, "description").is_string()) << child << "/" << property.key();
        EXPECT_TRUE(member(*property, "markdownDescription").is_string())
            << child << "/" << property.key();
      }
    }
    // Snippets are editor templates; if/then/not hold constraints on documented properties.
    static const std::set<std::string> undocumented = {"defaultSnippets", "if", "then", "else", "not"};
    if (!undocumented.count(it.key())) expect_documented(*it, child);
  }
}

TEST(Schema, EveryPropertyAndActionIsDocumented) {
  expect_documented(schema(), "");
  for (const json &alternative : member(bare_actions(), "oneOf")) {
    EXPECT_TRUE(member(alternative, "description").is_string()) << alternative.dump();
    EXPECT_TRUE(member(alternative, "markdownDescription").is_string()) << alternative.dump();
  }
}

// True when a Markdown heading line of `markdown` contains `text`.
bool has_heading_with(const std::string &markdown, const std::string &text) {
  std::istringstream lines(markdown);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line[0] == '#' && line.find(text) != std::string::npos) return true;
  return false;
}

TEST(Reference, HasASectionForEveryActionAndFunction) {
  const std::string reference = read_source_file("docs/rules.md");
  ASSERT_FALSE(reference.empty()) << "docs/rules.md is missing";
  for (std::string_view name : action_names())
    EXPECT_TRUE(has_heading_with(reference, "`" + std::string(name) + "`"))
        << "no heading for action " << name;
  for (std::string_view name : function_names())
    EXPECT_TRUE(has_heading_with(reference, "`" + std::string(name) + "("))
        << "no heading for function " << name;
}

}  // namespace
}  // namespace smart_rules
