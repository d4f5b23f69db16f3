// Payload templates (Parameters, ResultSelector, ItemSelector): compiled once into a tree whose
// static parts are kept as ready JSON, so evaluation copies them wholesale and only resolves the
// "key.$" fields. Also evaluate_intrinsic(), the standalone entry point for one call expression.
//
// Deliberately not here: parsing the intrinsic call syntax (intrinsic_parse.cpp) or running the
// functions (intrinsics_*.cpp).
#include "asl/payload.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "asl/intrinsic.h"
#include "asl/json_util.h"

namespace wfsim::asl {

// Deeper templates are rejected rather than compiled by unbounded recursion.
inline constexpr size_t kMaxTemplateDepth = 100;

struct PayloadTemplate::Node {
  enum class Kind : uint8_t { literal, object, array, path, intrinsic };
  Kind kind = Kind::literal;
  Json literal;                       // literal
  std::vector<std::string> keys;      // object: output keys (".$" removed)
  std::vector<uint32_t> order;        // object: child indexes in output order; empty: as given
  std::vector<Node> children;         // object values, array items
  std::optional<JsonPath> path;       // path
  std::shared_ptr<const detail::IntrinsicCall> call;  // intrinsic
  std::string field;                  // path / intrinsic: the source key, for errors
};

namespace {

using Node = PayloadTemplate::Node;

struct Compiler {
  Problems& problems;
  bool uses_context = false;
  bool uses_random = false;
  std::vector<std::string> variables;

  void note_variables(const std::vector<std::string>& names) {
    for (const std::string& name : names) {
      if (std::find(variables.begin(), variables.end(), name) == variables.end()) {
        variables.push_back(name);
      }
    }
  }

  bool dynamic_inside(const Json& source, size_t depth) const;
  std::optional<Node> compile(const Json& source, const std::string& pointer, size_t depth);
  std::optional<Node> compile_object(const Json& source, const std::string& pointer,
                                     size_t depth);
  std::optional<Node> compile_dynamic(const std::string& key, const Json& value,
                                      const std::string& pointer);
};

bool ends_with_dollar(const std::string& key) {
  return key.size() >= 2 && key.compare(key.size() - 2, 2, ".$") == 0;
}

// Java's String.hashCode, over the UTF-16 code units of a (valid) UTF-8 key.
uint32_t java_string_hash(std::string_view utf8) {
  uint32_t hash = 0;
  const auto mix = [&hash](uint32_t unit) { hash = 31 * hash + unit; };
  for (size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
    uint32_t code = length == 1 ? lead : lead & (0x7Fu >> length);
    for (size_t k = 1; k < length && i + k < utf8.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3Fu);
    }
    i += length;
    if (code >= 0x10000) {
      code -= 0x10000;
      mix(0xD800 + (code >> 10));
      mix(0xDC00 + (code & 0x3FF));
    } else {
      mix(code);
    }
  }
  return hash;
}

// The order AWS writes an evaluated template object's fields in (REC-9): the fields without ".$"
// first, as the definition gives them, then the "key.$" fields in the iteration order of the
// java.util.HashMap that holds them: by bucket at the map's final capacity (16, doubled whenever
// it is more than 3/4 full), ties in insertion order. Empty when that is the definition's order.
std::vector<uint32_t> aws_field_order(const std::vector<std::string>& keys,
                                      const std::vector<bool>& dynamic) {
  WFSIM_ASSERT(keys.size() == dynamic.size());
  std::vector<uint32_t> order;
  std::vector<uint32_t> dynamic_fields;
  for (uint32_t i = 0; i < keys.size(); ++i) (dynamic[i] ? dynamic_fields : order).push_back(i);
  size_t capacity = 16;
  while (dynamic_fields.size() > capacity / 4 * 3) capacity *= 2;
  const auto bucket = [&](uint32_t i) {
    const uint32_t hash = java_string_hash(keys[i]);
    return (hash ^ (hash >> 16)) & static_cast<uint32_t>(capacity - 1);
  };
  std::stable_sort(dynamic_fields.begin(), dynamic_fields.end(),
                   [&](uint32_t a, uint32_t b) { return bucket(a) < bucket(b); });
  order.insert(order.end(), dynamic_fields.begin(), dynamic_fields.end());
  for (uint32_t i = 0; i < order.size(); ++i) {
    if (order[i] != i) return order;
  }
  return {};
}

// Whether any object at or below `source` has a "key.$" field; a subtree without one is kept as
// a literal. Depth beyond the limit counts as dynamic so that compile() reports it.
bool Compiler::dynamic_inside(const Json& source, size_t depth) const {
  if (depth > kMaxTemplateDepth) return true;
  if (source.is_object()) {
    for (auto it = source.begin(); it != source.end(); ++it) {
      if (ends_with_dollar(it.key()) || dynamic_inside(*it, depth + 1)) return true;
    }
  } else if (source.is_array()) {
    for (const Json& item : source) {
      if (dynamic_inside(item, depth + 1)) return true;
    }
  }
  return false;
}

std::optional<Node> Compiler::compile(const Json& source, const std::string& pointer,
                                      size_t depth) {
  if (depth > kMaxTemplateDepth) {
    problems.push_back({pointer, "a payload template nests deeper than " +
                                     std::to_string(kMaxTemplateDepth) + " levels"});
    return std::nullopt;
  }
  if (!dynamic_inside(source, depth)) {
    Node node;
    node.literal = source;
    return node;
  }
  if (source.is_object()) return compile_object(source, pointer, depth);
  Node node;
  node.kind = Node::Kind::array;
  bool ok = true;
  for (size_t i = 0; i < source.size(); ++i) {
    auto child = compile(source[i], pointer + "/" + std::to_string(i), depth + 1);
    ok = ok && child.has_value();
    if (child) node.children.push_back(std::move(*child));
  }
  if (!ok) return std::nullopt;
  return node;
}

std::optional<Node> Compiler::compile_object(const Json& source, const std::string& pointer,
                                             size_t depth) {
  Node node;
  node.kind = Node::Kind::object;
  bool ok = true;
  std::set<std::string> output_keys;
  std::vector<bool> dynamic;
  for (auto it = source.begin(); it != source.end(); ++it) {
    const std::string& key = it.key();
    const std::string child_pointer = pointer + "/" + pointer_segment(key);
    std::optional<Node> child;
    std::string output_key = key;
    if (ends_with_dollar(key)) {
      output_key.resize(key.size() - 2);
      child = compile_dynamic(key, *it, child_pointer);
    } else {
      child = compile(*it, child_pointer, depth + 1);
    }
    if (!output_keys.insert(output_key).second) {
      problems.push_back({child_pointer, "the field '" + output_key + "' is given twice"});
      ok = false;
    }
    ok = ok && child.has_value();
    if (!ok) continue;
    node.keys.push_back(std::move(output_key));
    node.children.push_back(std::move(*child));
    dynamic.push_back(ends_with_dollar(key));
  }
  if (!ok) return std::nullopt;
  node.order = aws_field_order(node.keys, dynamic);
  return node;
}

std::optional<Node> Compiler::compile_dynamic(const std::string& key, const Json& value,
                                              const std::string& pointer) {
  if (!value.is_string()) {
    problems.push_back({pointer, "the value of a field ending in '.$' must be a string"});
    return std::nullopt;
  }
  const std::string& text = value.get_ref<const std::string&>();
  Node node;
  node.field = key;
  if (text.starts_with("$")) {
    auto parsed = JsonPath::parse(text);
    if (auto* message = std::get_if<std::string>(&parsed)) {
      problems.push_back({pointer, *message});
      return std::nullopt;
    }
    node.kind = Node::Kind::path;
    node.path = std::move(std::get<JsonPath>(parsed));
    uses_context = uses_context || node.path->is_context();
    note_variables(node.path->variable_references());
    return node;
  }
  if (text.starts_with("States.")) {
    node.kind = Node::Kind::intrinsic;
    node.call = detail::compile_intrinsic(text, pointer, problems, uses_context, uses_random);
    if (node.call == nullptr) return std::nullopt;
    note_variables(detail::variable_references(*node.call));
    return node;
  }
  problems.push_back({pointer, "the value of a field ending in '.$' must be a path ('$...'), a "
                               "context path ('$$...'), a variable path ('$name...') or an "
                               "intrinsic function ('States...')"});
  return std::nullopt;
}

struct Evaluator {
  const Json& input;
  const Json* context;
  Random& random;
  const Json* variables;

  Outcome<Json> evaluate(const Node& node) const;
};

Outcome<Json> Evaluator::evaluate(const Node& node) const {
  switch (node.kind) {
    case Node::Kind::literal: return node.literal;
    case Node::Kind::object: {
      Json out = Json::object();
      if (node.order.empty()) {
        for (size_t i = 0; i < node.children.size(); ++i) {
          auto value = evaluate(node.children[i]);
          if (!value.ok()) return value;
          detail::append_new_key(out, node.keys[i], std::move(value).value());
        }
        return out;
      }
      // Evaluated in the definition's order (the first failing field is the error), written in
      // AWS's.
      std::vector<Json> values;
      values.reserve(node.children.size());
      for (const Node& child : node.children) {
        auto value = evaluate(child);
        if (!value.ok()) return value;
        values.push_back(std::move(value).value());
      }
      for (const uint32_t i : node.order) {
        detail::append_new_key(out, node.keys[i], std::move(values[i]));
      }
      return out;
    }
    case Node::Kind::array: {
      Json out = Json::array();
      for (const Node& child : node.children) {
        auto value = evaluate(child);
        if (!value.ok()) return value;
        out.push_back(std::move(value).value());
      }
      return out;
    }
    case Node::Kind::path:
      return detail::read_path(*node.path, node.field, input, context, variables);
    case Node::Kind::intrinsic:
      return detail::evaluate_call(*node.call, {input, context, random, node.field, variables});
  }
  WFSIM_UNREACHABLE("unknown template node kind");
}

}  // namespace

std::optional<PayloadTemplate> PayloadTemplate::compile(const Json& source,
                                                        const std::string& pointer,
                                                        Problems& problems) {
  Compiler compiler{problems, false, false, {}};
  const size_t before = problems.size();
  auto root = compiler.compile(source, pointer, 0);
  if (!root || problems.size() != before) return std::nullopt;
  PayloadTemplate out;
  out.root_ = std::make_shared<const Node>(std::move(*root));
  out.uses_context_ = compiler.uses_context;
  out.uses_random_ = compiler.uses_random;
  out.variables_ = std::move(compiler.variables);
  return out;
}

bool PayloadTemplate::uses_context() const { return uses_context_; }
bool PayloadTemplate::uses_random() const { return uses_random_; }
const std::vector<std::string>& PayloadTemplate::variable_references() const {
  return variables_;
}

Outcome<Json> PayloadTemplate::evaluate(const Json& input, const Json* context, Random& random,
                                        const Json* variables) const {
  WFSIM_ASSERT(root_ != nullptr);
  WFSIM_ASSERT_MSG(context != nullptr || !uses_context_,
                   "a template that reads $$ was evaluated without a context object");
  return Evaluator{input, context, random, variables}.evaluate(*root_);
}

std::optional<std::vector<std::string>> intrinsic_variable_references(
    const std::string& expression) {
  Problems problems;
  bool uses_context = false, uses_random = false;
  auto call = detail::compile_intrinsic(expression, "", problems, uses_context, uses_random);
  if (call == nullptr) return std::nullopt;
  return detail::variable_references(*call);
}

Outcome<Json> evaluate_intrinsic(const std::string& expression, const Json& input,
                                 const Json* context, Random& random, const Json* variables) {
  Problems problems;
  bool uses_context = false, uses_random = false;
  auto call = detail::compile_intrinsic(expression, "", problems, uses_context, uses_random);
  if (call == nullptr) {
    return StateError{errors::kIntrinsicFailure,
                      problems.empty() ? "invalid intrinsic function call" : problems[0].message};
  }
  return detail::evaluate_call(*call, {input, context, random, "", variables});
}

}  // namespace wfsim::asl
