// Post-processing of the raw Pratt tree into the evaluator's tree, following JSONata's
// processAST: '.' chains become paths of steps, '[...]' becomes a step's predicate or stages,
// '{...}' after a step becomes its group clause, '^(...)' a sort step, '@$v' / '#$i' mark tuple
// steps, and '%' (parent) is resolved to a generated label bound by an earlier step.
//
// Not here: tokenizing and precedence (parse.cpp). Recursion depth is the tree's height, which
// the parser bounds by kMaxNesting.
#include <algorithm>
#include <cmath>

#include "jsonata/number_text.h"
#include "jsonata/parse_internal.h"
#include "jsonata/value_ops.h"

namespace wfsim::jsonata::detail {
namespace {

class PostProcessor {
 public:
  explicit PostProcessor(Program& program) : program_(program) {}

  Node* process(Node* raw);
  std::vector<Slot*> ancestry_slots;  // by Slot::index

 private:
  Node* make_path(Node* first) {
    Node* path = program_.make(NodeType::path, first->position);
    path->expressions.push_back(first);
    return path;
  }
  Node* binary(Node* raw);
  Node* dot(Node* raw);
  Node* predicate(Node* raw);
  Node* focus(Node* raw);
  Node* position_binding(Node* raw);
  void seek_parent(Node* node, Slot*& slot);
  void push_ancestry(Node* result, Node* value);
  void resolve_ancestry(Node* path);
  Node* last_step(Node* path) { return path->expressions.back(); }

  Program& program_;
  int next_label_ = 0;
};

void PostProcessor::seek_parent(Node* node, Slot*& slot) {
  switch (node->type) {
    case NodeType::name:
    case NodeType::wildcard:
      if (--slot->level == 0) {
        if (node->ancestor == nullptr) {
          node->ancestor = slot;
        } else {
          slot->label = node->ancestor->label;
          node->ancestor = slot;
        }
        node->tuple = true;
      }
      break;
    case NodeType::parent:
      ++slot->level;
      break;
    case NodeType::block:
      if (!node->expressions.empty()) {
        node->tuple = true;
        seek_parent(node->expressions.back(), slot);
      }
      break;
    case NodeType::path: {
      node->tuple = true;
      size_t index = node->expressions.size();
      seek_parent(node->expressions[--index], slot);
      while (slot->level > 0 && index > 0) seek_parent(node->expressions[--index], slot);
      break;
    }
    default:
      syntax_error_token("S0217", node->position, "");
  }
}

void PostProcessor::push_ancestry(Node* result, Node* value) {
  if (value->seeking_parent.empty() && value->type != NodeType::parent) return;
  std::vector<Slot*> slots = value->seeking_parent;
  if (value->type == NodeType::parent) slots.push_back(value->slot);
  result->seeking_parent.insert(result->seeking_parent.end(), slots.begin(), slots.end());
}

void PostProcessor::resolve_ancestry(Node* path) {
  std::vector<Node*>& steps = path->expressions;
  Node* last = steps.back();
  std::vector<Slot*> slots = last->seeking_parent;
  if (last->type == NodeType::parent) slots.push_back(last->slot);
  for (Slot* slot : slots) {
    ptrdiff_t index = static_cast<ptrdiff_t>(steps.size()) - 2;
    while (slot->level > 0) {
      if (index < 0) {
        path->seeking_parent.push_back(slot);
        break;
      }
      Node* step = steps[static_cast<size_t>(index--)];
      while (index >= 0 && step->has_focus && steps[static_cast<size_t>(index)]->has_focus)
        step = steps[static_cast<size_t>(index--)];
      seek_parent(step, slot);
    }
  }
}

Node* PostProcessor::dot(Node* raw) {
  Node* left = process(raw->lhs);
  Node* result = left->type == NodeType::path ? left : make_path(left);
  if (left->type == NodeType::parent) result->seeking_parent = {left->slot};
  Node* rest = process(raw->rhs);
  if (rest->type == NodeType::path) {
    result->expressions.insert(result->expressions.end(), rest->expressions.begin(),
                               rest->expressions.end());
  } else {
    if (!rest->predicate.empty()) {
      rest->stages = std::move(rest->predicate);
      rest->predicate.clear();
    }
    result->expressions.push_back(rest);
  }
  for (Node* step : result->expressions) {
    if (step->type == NodeType::literal) {
      if (!step->literal.is_string())
        syntax_error_value("S0213", step->position,
                           step->literal.is_number() ? js_number_text(step->literal.get<double>())
                                                     : step->literal.dump(-1, ' ', false, Json::error_handler_t::replace));
      step->type = NodeType::name;
      step->value = step->literal.get<std::string>();
    }
  }
  for (Node* step : result->expressions)
    if (step->keep_array) result->keep_singleton_array = true;
  Node* first = result->expressions.front();
  if (first->type == NodeType::array) first->consarray = true;
  Node* last = result->expressions.back();
  if (last->type == NodeType::array) last->consarray = true;
  resolve_ancestry(result);
  return result;
}

Node* PostProcessor::predicate(Node* raw) {
  Node* result = process(raw->lhs);
  Node* step = result;
  bool stages = false;
  if (result->type == NodeType::path) {
    step = last_step(result);
    stages = true;
  }
  if (step->group) syntax_error("S0209", raw->position);
  Node* filter = process(raw->rhs);
  if (!filter->seeking_parent.empty()) {
    for (Slot* slot : filter->seeking_parent) {
      if (slot->level == 1) {
        seek_parent(step, slot);
      } else {
        --slot->level;
      }
    }
    push_ancestry(step, filter);
  }
  Stage stage;
  stage.kind = Stage::Kind::filter;
  stage.expression = filter;
  stage.position = raw->position;
  (stages ? step->stages : step->predicate).push_back(stage);
  return result;
}

Node* PostProcessor::focus(Node* raw) {
  Node* result = process(raw->lhs);
  Node* step = result->type == NodeType::path ? last_step(result) : result;
  if (!step->stages.empty() || !step->predicate.empty()) syntax_error("S0215", raw->position);
  if (step->type == NodeType::sort) syntax_error("S0216", raw->position);
  if (raw->keep_array) step->keep_array = true;
  step->has_focus = true;
  step->focus = raw->rhs->variable;
  step->tuple = true;
  return result;
}

Node* PostProcessor::position_binding(Node* raw) {
  Node* result = process(raw->lhs);
  Node* step = result;
  if (result->type == NodeType::path) {
    step = last_step(result);
  } else {
    result = make_path(result);
    if (!step->predicate.empty()) {
      step->stages = std::move(step->predicate);
      step->predicate.clear();
    }
  }
  if (step->stages.empty()) {
    step->has_index = true;
    step->index = raw->rhs->variable;
  } else {
    Stage stage;
    stage.kind = Stage::Kind::index;
    stage.variable = raw->rhs->variable;
    stage.position = raw->position;
    step->stages.push_back(stage);
  }
  step->tuple = true;
  return result;
}

Node* PostProcessor::binary(Node* raw) {
  const std::string& op = raw->value;
  if (op == ".") return dot(raw);
  if (op == "[") return predicate(raw);
  if (op == "{") {
    Node* result = process(raw->lhs);
    if (result->group) syntax_error("S0210", raw->position);
    auto group = std::make_unique<Group>();
    group->position = raw->position;
    for (auto& [key, value] : raw->pairs) group->pairs.emplace_back(process(key), process(value));
    result->group = std::move(group);
    return result;
  }
  if (op == "^") {
    Node* result = process(raw->lhs);
    if (result->type != NodeType::path) result = make_path(result);
    Node* sort = program_.make(NodeType::sort, raw->position);
    for (const SortTerm& term : raw->terms) {
      Node* expression = process(term.expression);
      push_ancestry(sort, expression);
      sort->terms.push_back({term.descending, expression});
    }
    result->expressions.push_back(sort);
    resolve_ancestry(result);
    return result;
  }
  if (op == ":=") {
    Node* result = program_.make(NodeType::bind, raw->position);
    result->lhs = process(raw->lhs);
    result->variable = result->lhs->variable;
    result->rhs = process(raw->rhs);
    push_ancestry(result, result->rhs);
    return result;
  }
  if (op == "@") return focus(raw);
  if (op == "#") return position_binding(raw);
  if (op == "~>") {
    Node* result = program_.make(NodeType::apply, raw->position);
    result->value = op;
    result->lhs = process(raw->lhs);
    result->rhs = process(raw->rhs);
    result->keep_array = result->lhs->keep_array || result->rhs->keep_array;
    return result;
  }
  Node* result = program_.make(NodeType::binary, raw->position);
  result->value = op;
  result->lhs = process(raw->lhs);
  result->rhs = process(raw->rhs);
  push_ancestry(result, result->lhs);
  push_ancestry(result, result->rhs);
  return result;
}

// A literal as to_json() would give it back: integral numbers as integers.
Json as_result_json(const Json& literal) {
  if (!literal.is_number_float()) return literal;
  const double number = literal.get<double>();
  if (number == std::trunc(number) && std::fabs(number) < 9007199254740992.0)
    return Json(static_cast<int64_t>(number));
  return literal;
}

// An object constructor whose keys are distinct string literals (not integer-like, which
// JavaScript reorders) and whose values are scalar literals or such objects builds the same
// object for every input: grouping puts each key in its own group, and a literal value ignores
// the group's context. Folding it into a host JSON object spares the boxes, key strings and
// later copy each evaluation would make. Duplicate keys stay unfolded: they are D1009 at run
// time. Predicates and groups on the constructor still apply after it (Evaluator::evaluate).
void fold_constant_object(Node* object) {
  std::vector<std::string_view> keys;
  for (const auto& [key, value] : object->pairs) {
    if (key->type != NodeType::literal || !key->literal.is_string() || !key->predicate.empty() ||
        key->group) {
      return;
    }
    const std::string& text = key->literal.get_ref<const std::string&>();
    if (is_array_index(text) || std::find(keys.begin(), keys.end(), text) != keys.end()) return;
    keys.push_back(text);
  }
  object->literal_keys = true;
  Json folded = Json::object();
  for (const auto& [key, value] : object->pairs) {
    const bool plain_value = value->predicate.empty() && value->stages.empty() &&
                             !value->group && !value->keep_array;
    const bool literal_value = (value->type == NodeType::literal && !value->literal.is_object()) ||
                               (value->type == NodeType::object && value->constant_object);
    if (key->type != NodeType::literal || !key->literal.is_string() || !plain_value ||
        !literal_value || !key->predicate.empty() || key->group) {
      return;
    }
    const std::string& text = key->literal.get_ref<const std::string&>();
    if (is_array_index(text) || folded.contains(text)) return;
    folded[text] = as_result_json(value->literal);
  }
  object->constant_object = true;
  object->literal = std::move(folded);
}

Node* PostProcessor::process(Node* raw) {
  Node* result = raw;
  switch (raw->type) {
    case NodeType::binary_raw:
      result = binary(raw);
      break;
    case NodeType::array:
      for (Node*& item : raw->expressions) {
        item = process(item);
        push_ancestry(raw, item);
      }
      break;
    case NodeType::object:
      for (auto& [key, value] : raw->pairs) {
        key = process(key);
        push_ancestry(raw, key);
        value = process(value);
        push_ancestry(raw, value);
      }
      fold_constant_object(raw);
      break;
    case NodeType::negate:
      raw->expression = process(raw->expression);
      if (raw->expression->type == NodeType::literal && raw->expression->literal.is_number()) {
        result = raw->expression;
        result->literal = Json(-result->literal.get<double>());
      } else {
        push_ancestry(raw, raw->expression);
      }
      break;
    case NodeType::call:
    case NodeType::partial:
      for (Node*& argument : raw->expressions) {
        argument = process(argument);
        push_ancestry(raw, argument);
      }
      raw->lhs = process(raw->lhs);
      break;
    case NodeType::lambda:
      raw->body = process(raw->body);
      break;
    case NodeType::condition:
      raw->expression = process(raw->expression);
      push_ancestry(raw, raw->expression);
      raw->then = process(raw->then);
      push_ancestry(raw, raw->then);
      if (raw->otherwise) {
        raw->otherwise = process(raw->otherwise);
        push_ancestry(raw, raw->otherwise);
      }
      break;
    case NodeType::transform:
      raw->lhs = process(raw->lhs);
      raw->rhs = process(raw->rhs);
      if (raw->expression) raw->expression = process(raw->expression);
      break;
    case NodeType::block:
      for (Node*& item : raw->expressions) {
        item = process(item);
        push_ancestry(raw, item);
        if (item->consarray ||
            (item->type == NodeType::path && item->expressions.front()->consarray)) {
          raw->consarray = true;
        }
      }
      break;
    case NodeType::name:
      result = make_path(raw);
      if (raw->keep_array) result->keep_singleton_array = true;
      break;
    case NodeType::parent: {
      Slot& slot = program_.slots.emplace_back();
      std::string label = std::to_string(next_label_++);
      label.insert(label.begin(), '!');
      slot.label = program_.intern(label);
      slot.level = 1;
      slot.index = ancestry_slots.size();
      ancestry_slots.push_back(&slot);
      raw->slot = &slot;
      break;
    }
    case NodeType::operator_token:
      if (raw->value == "and" || raw->value == "or" || raw->value == "in") {
        raw->type = NodeType::name;
        result = process(raw);
      } else if (raw->value == "(end)") {
        syntax_error("S0207", raw->position);
      } else {
        syntax_error_token("S0201", raw->position, raw->value);
      }
      break;
    default:
      break;
  }
  if (raw->keep_array) result->keep_array = true;
  return result;
}

}  // namespace

Node* process_tree(Program& program, Node* raw) {
  PostProcessor processor(program);
  Node* result = processor.process(raw);
  if (result->type == NodeType::parent || !result->seeking_parent.empty())
    syntax_error_token("S0217", result->position, result->type == NodeType::parent ? "parent" : "path");
  return result;
}

}  // namespace wfsim::jsonata::detail
