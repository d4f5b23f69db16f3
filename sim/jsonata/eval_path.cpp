// Location paths: steps over sequences with flattening, tuple streams for focus (@$v), position
// (#$i) and parent (%) bindings, predicates and order-by. Mirrors the step semantics of
// jsonata-js 2.0.6. Grouping, object construction, * and ** are in eval_group.cpp.
#include <cmath>

#include "jsonata/eval.h"

namespace wfsim::jsonata::detail {

Value lookup_name(Evaluator& evaluator, const Value& input, std::string_view name) {
  if (input.is_array()) {
    auto made = new_array(true);
    const size_t size = input.size();
    evaluator.count(size);
    for (size_t i = 0; i < size; ++i) {
      Value found = lookup_name(evaluator, input.at(i), name);
      if (found.is_undefined()) continue;
      if (found.is_array()) {
        const size_t count = found.size();
        for (size_t k = 0; k < count; ++k) made.box->items.push_back(found.at(k));
      } else {
        made.box->items.push_back(std::move(found));
      }
    }
    return std::move(made.value);
  }
  if (input.is_object()) return input.member(name);
  return {};
}

Value frame_from_tuple(Frame* environment, const Tuple& tuple, Frame** frame) {
  Value holder = new_frame(environment, frame);
  (*frame)->variables = tuple.bindings;
  return holder;
}

namespace {

// Items of a step's input sequence. A non-array (left by a constructed first step whose
// predicate collapsed it) has no items, as jsonata-js iterates input.length.
template <class F>
void for_each_item(const Value& sequence, F&& f) {
  if (!sequence.is_array()) return;
  const size_t size = sequence.size();
  for (size_t i = 0; i < size; ++i) f(sequence.at(i));
}

struct Sorter {
  Evaluator& evaluator;
  const Node* sort;
  Frame* environment;

  // Whether a must come after b (jsonata's comparator returning "swap").
  bool after(const Value& a_context, Frame* a_frame, const Value& b_context, Frame* b_frame) {
    int comparison = 0;
    for (size_t index = 0; comparison == 0 && index < sort->terms.size(); ++index) {
      const SortTerm& term = sort->terms[index];
      const Value a = evaluator.evaluate(term.expression, a_context, a_frame);
      const Value b = evaluator.evaluate(term.expression, b_context, b_frame);
      if (a.is_undefined()) {
        comparison = b.is_undefined() ? 0 : 1;
        continue;
      }
      if (b.is_undefined()) {
        comparison = -1;
        continue;
      }
      auto scalar = [](const Value& v) { return v.is_string() || v.is_number(); };
      if (!scalar(a) || !scalar(b)) {
        EvalError error = error_with_value("T2008", !scalar(a) ? a : b);
        error.position = sort->position;
        throw error;
      }
      if (a.type() != b.type()) {
        EvalError error = error_with_value("T2007", a);
        error.value2 = stringify(b);
        error.position = sort->position;
        throw error;
      }
      if (a.is_number()) {
        if (a.as_number() == b.as_number()) continue;
        comparison = a.as_number() < b.as_number() ? -1 : 1;
      } else {
        const int c = a.as_string().compare(b.as_string());
        if (c == 0) continue;
        comparison = c < 0 ? -1 : 1;
      }
      if (term.descending) comparison = -comparison;
    }
    return comparison == 1;
  }
};

// Top-down merge sort taking the right element first only when `after(left, right)`: stable,
// and safe with any comparator (a user's function need not be a consistent ordering).
template <class T, class After>
void merge_sort_items(Evaluator& evaluator, std::vector<T>& items, After&& after) {
  if (items.size() <= 1) return;
  std::vector<T> scratch(items.size());
  struct Recurse {
    static void run(Evaluator& ev, std::vector<T>& items, std::vector<T>& scratch, size_t low,
                    size_t high, After& after) {
      if (high - low <= 1) return;
      const size_t middle = low + (high - low) / 2;
      run(ev, items, scratch, low, middle, after);
      run(ev, items, scratch, middle, high, after);
      size_t left = low, right = middle, out = low;
      while (left < middle && right < high) {
        ev.step();
        if (after(items[left], items[right])) {
          scratch[out++] = std::move(items[right++]);
        } else {
          scratch[out++] = std::move(items[left++]);
        }
      }
      while (left < middle) scratch[out++] = std::move(items[left++]);
      while (right < high) scratch[out++] = std::move(items[right++]);
      for (size_t i = low; i < high; ++i) items[i] = std::move(scratch[i]);
    }
  };
  Recurse::run(evaluator, items, scratch, 0, items.size(), after);
}

}  // namespace

void sort_values(Evaluator& evaluator, std::vector<Value>& items,
                 const std::function<bool(const Value&, const Value&)>& after) {
  merge_sort_items(evaluator, items, after);
}

namespace {

Value sort_values_step(Evaluator& evaluator, const Node* sort, const Value& input,
                       Frame* environment) {
  if (!input.is_array() || input.size() <= 1) return input;
  std::vector<Value> items;
  const size_t size = input.size();
  items.reserve(size);
  for (size_t i = 0; i < size; ++i) items.push_back(input.at(i));
  Sorter sorter{evaluator, sort, environment};
  merge_sort_items(evaluator, items, [&](const Value& a, const Value& b) {
    return sorter.after(a, environment, b, environment);
  });
  auto made = new_array();
  made.box->items = std::move(items);
  return std::move(made.value);
}

void sort_tuples(Evaluator& evaluator, const Node* sort, std::vector<Tuple>& tuples,
                 Frame* environment) {
  Sorter sorter{evaluator, sort, environment};
  merge_sort_items(evaluator, tuples, [&](const Tuple& a, const Tuple& b) {
    Frame* a_frame = nullptr;
    Frame* b_frame = nullptr;
    Value a_holder = frame_from_tuple(environment, a, &a_frame);
    Value b_holder = frame_from_tuple(environment, b, &b_frame);
    return sorter.after(a.context, a_frame, b.context, b_frame);
  });
}

Value filter_tuples(Evaluator& evaluator, const Node* predicate, const TupleBox& input,
                    Frame* environment) {
  auto* box = new TupleBox();
  Value result = Value::box(Type::tuples, box);
  const size_t size = input.tuples.size();
  if (predicate->type == NodeType::literal && predicate->literal.is_number()) {
    double index = std::floor(predicate->literal.get<double>());
    if (index < 0) index += static_cast<double>(size);
    if (index >= 0 && index < static_cast<double>(size))
      box->tuples.push_back(input.tuples[static_cast<size_t>(index)]);
    return result;
  }
  for (size_t index = 0; index < size; ++index) {
    const Tuple& tuple = input.tuples[index];
    Frame* frame = nullptr;
    Value holder = frame_from_tuple(environment, tuple, &frame);
    Value outcome = evaluator.evaluate(predicate, tuple.context, frame);
    if (is_numeric(outcome)) outcome = make_sequence(outcome);
    if (all_numbers(outcome)) {
      const size_t count = outcome.size();
      for (size_t k = 0; k < count; ++k) {
        double position = std::floor(outcome.at(k).as_number());
        if (position < 0) position += static_cast<double>(size);
        if (position == static_cast<double>(index)) box->tuples.push_back(tuple);
      }
    } else if (truthy(outcome).value_or(false)) {
      box->tuples.push_back(tuple);
    }
  }
  return result;
}

Value apply_stages(Evaluator& evaluator, const std::vector<Stage>& stages, Value tuples,
                   Frame* environment) {
  for (const Stage& stage : stages) {
    if (stage.kind == Stage::Kind::filter) {
      tuples = filter_tuples(evaluator, stage.expression, *tuples.tuple_box(), environment);
    } else {
      auto& list = tuples.tuple_box()->tuples;
      for (size_t i = 0; i < list.size(); ++i)
        list[i].bind(stage.variable, Value::number(static_cast<double>(i)));
    }
  }
  return tuples;
}

Value tuple_step(Evaluator& evaluator, const Node* step, const Value& input, const Value& tuples,
                 Frame* environment) {
  auto* box = new TupleBox();
  Value result = Value::box(Type::tuples, box);
  if (step->type == NodeType::sort) {
    if (const TupleBox* existing = tuples.tuple_box()) {
      box->tuples = existing->tuples;
      sort_tuples(evaluator, step, box->tuples, environment);
    } else {
      const Value sorted = sort_values_step(evaluator, step, input, environment);
      size_t position = 0;
      for_each_item(sorted, [&](const Value& item) {
        Tuple tuple;
        tuple.context = item;
        if (step->has_index) tuple.bind(step->index, Value::number(static_cast<double>(position)));
        ++position;
        box->tuples.push_back(std::move(tuple));
      });
    }
    return apply_stages(evaluator, step->stages, std::move(result), environment);
  }
  std::vector<Tuple> start;
  const std::vector<Tuple>* source;
  if (const TupleBox* existing = tuples.tuple_box()) {
    source = &existing->tuples;
  } else {
    for_each_item(input, [&](const Value& item) {
      Tuple tuple;
      tuple.context = item;
      start.push_back(std::move(tuple));
    });
    source = &start;
  }
  for (const Tuple& from : *source) {
    Frame* frame = nullptr;
    Value holder = frame_from_tuple(environment, from, &frame);
    const Value outcome = evaluator.evaluate(step, from.context, frame);
    if (outcome.is_undefined()) continue;
    auto add = [&](size_t position, const Value* item, const Tuple* inner) {
      Tuple tuple = from;
      if (inner) {
        tuple.context = inner->context;
        for (const auto& [id, value] : inner->bindings) tuple.bind(id, value);
      } else {
        if (step->has_focus) {
          tuple.bind(step->focus, *item);
          tuple.context = from.context;
        } else {
          tuple.context = *item;
        }
        if (step->has_index) tuple.bind(step->index, Value::number(static_cast<double>(position)));
        if (step->ancestor) tuple.bind(step->ancestor->label, from.context);
      }
      box->tuples.push_back(std::move(tuple));
    };
    if (const TupleBox* inner = outcome.tuple_box()) {
      for (size_t i = 0; i < inner->tuples.size(); ++i) add(i, nullptr, &inner->tuples[i]);
    } else if (outcome.is_array()) {
      const size_t size = outcome.size();
      for (size_t i = 0; i < size; ++i) {
        const Value item = outcome.at(i);
        add(i, &item, nullptr);
      }
    } else {
      add(0, &outcome, nullptr);
    }
    evaluator.check_array(box->tuples.size());
  }
  return apply_stages(evaluator, step->stages, std::move(result), environment);
}

// Appends a step's outcome for one item to the step's result sequence, flattening arrays that
// are not constructed ([...]) arrays.
void flatten_outcome(std::vector<Value>& items, Value outcome) {
  if (!outcome.is_array() || outcome.is_cons()) {
    items.push_back(std::move(outcome));
  } else if (ArrayBox* box = outcome.array_box(); box && box->references == 1) {
    for (Value& item : box->items) items.push_back(std::move(item));
  } else {
    const size_t size = outcome.size();
    for (size_t i = 0; i < size; ++i) items.push_back(outcome.at(i));
  }
}

Value step_outcome(Evaluator& evaluator, const Node* step, const Value& item, Frame* environment) {
  Value outcome = evaluator.evaluate(step, item, environment);
  for (const Stage& stage : step->stages)
    outcome = evaluator.evaluate_filter(stage.expression, outcome, environment);
  return outcome;
}

Value plain_step(Evaluator& evaluator, const Node* step, const Value& input, Frame* environment,
                 bool last) {
  if (step->type == NodeType::sort) {
    Value result = sort_values_step(evaluator, step, input, environment);
    for (const Stage& stage : step->stages)
      result = evaluator.evaluate_filter(stage.expression, result, environment);
    return result;
  }
  auto made = new_array(true);
  auto& items = made.box->items;
  size_t outcomes = 0;
  Value first;  // The only outcome so far, kept whole for the last-step rule.
  for_each_item(input, [&](const Value& item) {
    Value outcome = step_outcome(evaluator, step, item, environment);
    if (outcome.is_undefined()) return;
    if (++outcomes == 1 && last && outcome.is_array() && !outcome.is_sequence()) {
      first = std::move(outcome);
      return;
    }
    if (!first.is_undefined()) {
      flatten_outcome(items, std::move(first));
      first = Value();
    }
    flatten_outcome(items, std::move(outcome));
  });
  if (outcomes == 1 && !first.is_undefined()) return first;
  evaluator.check_array(items.size());
  return std::move(made.value);
}

// A step over a single item (the common first step: the context object). Avoids building the
// one-item sequence; `single` tells the caller whether the result is one item (not an array to
// iterate).
Value single_step(Evaluator& evaluator, const Node* step, const Value& item, Frame* environment,
                  bool last, bool& single) {
  single = false;
  Value outcome = step_outcome(evaluator, step, item, environment);
  if (outcome.is_undefined()) return outcome;
  if (outcome.is_array() && !outcome.is_cons()) {
    if (last && !outcome.is_sequence()) return outcome;
    if (!outcome.is_sequence() && !last) return outcome;  // iterated, never returned as is
    auto made = new_array(true);
    flatten_outcome(made.box->items, std::move(outcome));
    return std::move(made.value);
  }
  single = true;
  return outcome;
}

}  // namespace

Value Evaluator::evaluate_path(const Node* node, const Value& input, Frame* environment) {
  const std::vector<Node*>& steps = node->expressions;
  // `sequence` is the input of the next step: an array to iterate, or (with `single`) one item.
  bool single = !(input.is_array() && steps[0]->type != NodeType::variable);
  Value sequence = input;
  Value result;
  Value tuples;
  bool tuple_stream = false;
  bool result_single = false;
  for (size_t i = 0; i < steps.size(); ++i) {
    const Node* step = steps[i];
    const bool last = i + 1 == steps.size();
    if (step->tuple) tuple_stream = true;
    if (single && (tuple_stream || (i == 0 && step->consarray) || step->type == NodeType::sort)) {
      sequence = make_sequence(sequence);
      single = false;
    }
    bool single_result = false;
    if (i == 0 && step->consarray) {
      result = evaluate(step, sequence, environment);
    } else if (tuple_stream) {
      tuples = tuple_step(*this, step, sequence, tuples, environment);
    } else if (single) {
      result = single_step(*this, step, sequence, environment, last, single_result);
    } else {
      result = plain_step(*this, step, sequence, environment, last);
    }
    result_single = single_result;
    if (!tuple_stream && (result.is_undefined() || (result.is_array() && result.size() == 0))) {
      // An empty array from the last step stands (the last-step rule keeps a whole array), as
      // does a constructed first step's own value; otherwise it was an empty sequence, which
      // collapses to undefined.
      if (!last && !(i == 0 && step->consarray)) result = Value();
      result_single = false;
      break;
    }
    if (!step->has_focus) {
      sequence = result;
      single = single_result;
    }
  }
  if (result_single && !tuple_stream && node->keep_singleton_array) {
    // The last step gave one item: jsonata-js holds it in a sequence of one, which collapses to
    // the item unless the path keeps singleton arrays.
    result = make_sequence(result);
  }
  if (tuple_stream) {
    if (node->tuple) {
      result = tuples;
    } else {
      auto made = new_array(true);
      if (const TupleBox* box = tuples.tuple_box()) {
        made.box->items.reserve(box->tuples.size());
        for (const Tuple& tuple : box->tuples) made.box->items.push_back(tuple.context);
      }
      result = std::move(made.value);
    }
  }
  if (node->keep_singleton_array) {
    if (result.is_array() && result.is_cons() && !result.is_sequence()) result = make_sequence(result);
    if (ArrayBox* box = result.array_box(); box && box->sequence) box->keep_singleton = true;
  }
  if (node->group) {
    result = evaluate_group(*node->group, tuple_stream ? tuples : result, environment,
                            tuple_stream ? tuples.tuple_box() : nullptr);
  }
  return result;
}

Value Evaluator::evaluate_filter(const Node* predicate, const Value& input, Frame* environment) {
  if (const TupleBox* tuples = input.tuple_box())
    return filter_tuples(*this, predicate, *tuples, environment);
  auto made = new_array(true);
  Value list = input.is_array() ? input : make_sequence(input);
  const size_t size = list.size();
  if (predicate->type == NodeType::literal && predicate->literal.is_number()) {
    double index = std::floor(predicate->literal.get<double>());
    if (index < 0) index += static_cast<double>(size);
    if (index >= 0 && index < static_cast<double>(size)) {
      Value item = list.at(static_cast<size_t>(index));
      if (item.is_array()) return item;
      if (!item.is_undefined()) made.box->items.push_back(std::move(item));
    }
    return std::move(made.value);
  }
  for (size_t index = 0; index < size; ++index) {
    Value item = list.at(index);
    Value outcome = evaluate(predicate, item, environment);
    if (is_numeric(outcome)) outcome = make_sequence(outcome);
    if (all_numbers(outcome)) {
      const size_t count = outcome.size();
      for (size_t k = 0; k < count; ++k) {
        double position = std::floor(outcome.at(k).as_number());
        if (position < 0) position += static_cast<double>(size);
        if (position == static_cast<double>(index)) made.box->items.push_back(item);
      }
    } else if (truthy(outcome).value_or(false)) {
      made.box->items.push_back(std::move(item));
    }
  }
  return std::move(made.value);
}

}  // namespace wfsim::jsonata::detail
