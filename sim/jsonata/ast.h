// The compiled form of an expression: the node arena, the variable-name table and the compiled
// regular expressions. Built once by parse.cpp/parse_post.cpp and read-only afterwards, so any
// number of evaluations may share it.
//
// The node shapes follow JSONata's processed syntax tree (paths of steps with stages, tuple
// flags for focus/index/parent bindings, group and sort clauses). Not here: evaluation.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "jsonata/jsonata.h"
#include "jsonata/signature.h"

namespace wfsim::jsonata::detail {

struct Regex;  // regex.h

enum class NodeType : uint8_t {
  // Parse-tree only (gone after post-processing):
  binary_raw, object_raw, operator_token,
  // Processed tree:
  path, binary, negate, array, object, name, literal, wildcard, descendant, parent, condition,
  block, bind, regex, call, partial, placeholder, variable, lambda, apply, transform, sort,
  group_by, focus_raw, index_raw, order_raw, filter_raw
};

struct Node;

// Parent (%) resolution slot: a generated variable bound in the tuple stream.
struct Slot {
  uint32_t label = 0;  // Variable id of the generated "!N" name.
  int level = 1;
  size_t index = 0;
};

struct Stage {
  enum class Kind : uint8_t { filter, index } kind = Kind::filter;
  Node* expression = nullptr;  // filter
  uint32_t variable = 0;       // index
  size_t position = 0;
};

struct SortTerm {
  bool descending = false;
  Node* expression = nullptr;
};

struct Group {
  std::vector<std::pair<Node*, Node*>> pairs;
  size_t position = 0;
};

struct Node {
  NodeType type = NodeType::literal;
  size_t position = 0;
  std::string value;       // operator text, name, variable name
  uint32_t variable = 0;   // variable id (variable, bind target)
  Json literal;            // literal value (string, number, true/false/null)

  Node* lhs = nullptr;
  Node* rhs = nullptr;
  Node* expression = nullptr;  // negate operand; condition's condition
  Node* then = nullptr;
  Node* otherwise = nullptr;
  std::vector<Node*> expressions;  // array items, block items, path steps, call arguments
  std::vector<std::pair<Node*, Node*>> pairs;  // object constructor
  std::vector<SortTerm> terms;

  // Steps of a path and filters of a non-path expression.
  std::vector<Stage> predicate;
  std::vector<Stage> stages;
  std::unique_ptr<Group> group;
  bool has_focus = false;
  uint32_t focus = 0;
  bool has_index = false;
  uint32_t index = 0;
  bool tuple = false;
  Slot* ancestor = nullptr;
  bool keep_array = false;
  bool keep_singleton_array = false;
  // An object constructor of literal keys and values: `literal` holds the object it always
  // builds, whatever its input (parse_post.cpp, constant_object()).
  bool constant_object = false;
  // An object constructor whose keys are distinct string literals, none integer-like: over one
  // input item it needs no grouping (eval_group.cpp).
  bool literal_keys = false;
  bool consarray = false;
  std::vector<Slot*> seeking_parent;
  Slot* slot = nullptr;  // parent

  // Lambdas.
  std::vector<uint32_t> parameters;
  std::vector<size_t> parameter_positions;
  std::shared_ptr<const Signature> signature;
  Node* body = nullptr;
  bool thunk = false;

  const Regex* regex = nullptr;
  size_t depth = 1;  // Height of the subtree, bounded by kMaxNesting.
};

struct Program {
  std::string source;
  std::deque<Node> nodes;
  std::deque<Slot> slots;
  std::vector<std::unique_ptr<Regex>> regexes;
  std::vector<std::string> variable_names;  // id -> name
  std::unordered_map<std::string, uint32_t> variable_ids;
  std::vector<std::string> free_variables;
  Node* root = nullptr;
  uint32_t root_variable = 0;   // "$" ($$)
  // Built-in functions by variable id (nullptr where the name is not a built-in).
  std::vector<const struct Builtin*> builtins;
  ~Program();

  Node* make(NodeType type, size_t position) {
    Node& node = nodes.emplace_back();
    node.type = type;
    node.position = position;
    return &node;
  }
  uint32_t intern(const std::string& name) {
    auto [it, inserted] = variable_ids.try_emplace(name, static_cast<uint32_t>(variable_names.size()));
    if (inserted) variable_names.push_back(name);
    return it->second;
  }
};

}  // namespace wfsim::jsonata::detail
