// Grouping and object construction ({...} after a step and as a constructor, with reduction of
// grouped values and of tuple-stream bindings), and the wildcard (*) and descendant (**) steps.
#include <algorithm>
#include <unordered_map>

#include "jsonata/eval.h"

namespace wfsim::jsonata::detail {

namespace {

struct GroupEntry {
  std::string key;
  Value data;
  std::vector<const Tuple*> tuples;
  size_t pair_index;
};

Value evaluate_pairs(Evaluator& evaluator, const std::vector<std::pair<Node*, Node*>>& pairs,
                     size_t position, const Value& input, Frame* environment,
                     const TupleBox* tuples) {
  std::vector<GroupEntry> groups;
  groups.reserve(pairs.size());
  std::unordered_map<std::string, size_t> by_key;
  auto add = [&](const Value& item, const Tuple* tuple, Frame* frame) {
    const Value& context = tuple ? tuple->context : item;
    for (size_t pair_index = 0; pair_index < pairs.size(); ++pair_index) {
      const Value key = evaluator.evaluate(pairs[pair_index].first, context, frame);
      if (key.is_undefined()) continue;
      if (!key.is_string()) {
        EvalError error = error_with_value("T1003", key);
        error.position = position;
        throw error;
      }
      const std::string_view text = key.as_string();
      // Small objects (the common object constructor) search linearly; large groupings index.
      size_t index = groups.size();
      if (groups.size() < 16) {
        for (size_t g = 0; g < groups.size(); ++g) {
          if (groups[g].key == text) {
            index = g;
            break;
          }
        }
      } else {
        if (by_key.empty())
          for (size_t g = 0; g < groups.size(); ++g) by_key.emplace(groups[g].key, g);
        auto found = by_key.find(std::string(text));
        if (found != by_key.end()) index = found->second;
      }
      if (index == groups.size()) {
        if (!by_key.empty()) by_key.emplace(std::string(text), groups.size());
        GroupEntry entry{std::string(text), item, {}, pair_index};
        if (tuple) entry.tuples.push_back(tuple);
        groups.push_back(std::move(entry));
        continue;
      }
      GroupEntry& entry = groups[index];
      if (entry.pair_index != pair_index) {
        EvalError error = error_with_value("D1009", key);
        error.position = position;
        throw error;
      }
      if (tuple) {
        entry.tuples.push_back(tuple);
      } else {
        entry.data = append_values(evaluator, entry.data, item);
      }
    }
  };
  if (tuples) {
    for (const Tuple& tuple : tuples->tuples) {
      Frame* frame = nullptr;
      Value holder = frame_from_tuple(environment, tuple, &frame);
      add(Value(), &tuple, frame);
    }
    if (tuples->tuples.empty()) add(Value(), nullptr, environment);
  } else {
    if (!input.is_array()) {
      // A sequence of the one item (or, for undefined, of none: one undefined entry).
      add(input, nullptr, environment);
    } else {
      const size_t size = input.size();
      if (size == 0) add(Value(), nullptr, environment);
      for (size_t i = 0; i < size; ++i) add(input.at(i), nullptr, environment);
    }
  }
  auto* object = new ObjectBox();
  Value result = Value::box(Type::object, object);
  object->members.reserve(groups.size());
  for (GroupEntry& entry : groups) {
    Value context = entry.data;
    Frame* frame = environment;
    Value holder;
    if (!entry.tuples.empty()) {
      Tuple merged = *entry.tuples[0];
      for (size_t i = 1; i < entry.tuples.size(); ++i) {
        const Tuple& next = *entry.tuples[i];
        merged.context = append_values(evaluator, merged.context, next.context);
        for (const auto& [id, value] : next.bindings) {
          Value* existing = merged.find(id);
          merged.bind(id, append_values(evaluator, existing ? *existing : Value(), value));
        }
      }
      context = merged.context;
      holder = frame_from_tuple(environment, merged, &frame);
    }
    Value value = evaluator.evaluate(pairs[entry.pair_index].second, context, frame);
    if (!value.is_undefined()) {
      evaluator.check_depth(box_depth(value) + 1);
      if (is_array_index(entry.key)) {
        object->set(entry.key, std::move(value));
      } else {  // Keys of distinct groups are distinct: no search needed.
        object->depth = std::max(object->depth, box_depth(value) + 1);
        object->members.emplace_back(std::move(entry.key), std::move(value));
      }
    }
  }
  return result;
}

}  // namespace

Value Evaluator::evaluate_group(const Group& group, const Value& input, Frame* environment,
                                const TupleBox* tuples) {
  return evaluate_pairs(*this, group.pairs, group.position, input, environment, tuples);
}

Value Evaluator::evaluate_object(const Node* node, const Value& input, Frame* environment) {
  if (node->constant_object) return Value::json(node->literal);
  if (node->literal_keys && !input.is_array()) {
    // One item (or none): each key is its own group over that item, so the values are
    // evaluated in order against the input itself, as evaluate_pairs would.
    auto* object = new ObjectBox();
    Value result = Value::box(Type::object, object);
    object->members.reserve(node->pairs.size());
    for (const auto& [key, value_node] : node->pairs) {
      step();  // The key's literal, as evaluate() would count it.
      Value value = evaluate(value_node, input, environment);
      if (value.is_undefined()) continue;
      check_depth(box_depth(value) + 1);
      object->depth = std::max(object->depth, box_depth(value) + 1);
      object->members.emplace_back(key->literal.get_ref<const std::string&>(), std::move(value));
    }
    return result;
  }
  return evaluate_pairs(*this, node->pairs, node->position, input, environment, nullptr);
}

namespace {

void flatten_into(Evaluator& evaluator, const Value& value, std::vector<Value>& out) {
  if (value.is_array()) {
    evaluator.check_stack();
    const size_t size = value.size();
    for (size_t i = 0; i < size; ++i) flatten_into(evaluator, value.at(i), out);
  } else {
    out.push_back(value);
  }
}

void descend(Evaluator& evaluator, const Value& value, std::vector<Value>& out) {
  evaluator.check_stack();
  evaluator.step();
  if (!value.is_array()) out.push_back(value);
  if (value.is_array()) {
    const size_t size = value.size();
    for (size_t i = 0; i < size; ++i) descend(evaluator, value.at(i), out);
  } else if (value.is_object()) {
    value.for_each_member([&](std::string_view, const Value& member) { descend(evaluator, member, out); });
  }
}

}  // namespace

Value Evaluator::evaluate_wildcard(const Value& input) {
  auto made = new_array(true);
  Value source = input;
  if (input.is_array() && input.outer_wrapper() && input.size() > 0) source = input.at(0);
  if (source.is_object()) {
    source.for_each_member([&](std::string_view, const Value& member) {
      if (member.is_array()) {
        flatten_into(*this, member, made.box->items);
      } else {
        made.box->items.push_back(member);
      }
    });
  }
  count(made.box->items.size());
  return std::move(made.value);
}

Value Evaluator::evaluate_descendants(const Value& input) {
  if (input.is_undefined()) return {};
  auto made = new_array(true);
  descend(*this, input, made.box->items);
  check_array(made.box->items.size());
  if (made.box->items.size() == 1) return made.box->items[0];
  return std::move(made.value);
}

}  // namespace wfsim::jsonata::detail
