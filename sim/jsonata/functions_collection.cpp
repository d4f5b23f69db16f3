// Array, object and higher-order functions: $append, $reverse, $sort, $shuffle, $distinct, $zip,
// $keys, $lookup, $spread, $merge, $each, $sift, $map, $filter, $single, $reduce, $clone, and
// AWS's $partition. Results follow jsonata-js's sequence flags (which collapse to a single value
// and which stay arrays).
#include <algorithm>
#include <cmath>

#include "jsonata/eval.h"

namespace wfsim::jsonata::detail {
namespace {

Value fn_append(Evaluator& evaluator, Call& call) {
  return append_values(evaluator, call.args[0], call.args[1]);
}

Value plain_array(std::vector<Value> items) {
  auto made = new_array();
  uint32_t depth = 1;
  for (const Value& item : items) depth = std::max(depth, box_depth(item) + 1);
  made.box->depth = depth;
  made.box->items = std::move(items);
  return std::move(made.value);
}

std::vector<Value> items_of(const Value& array) {
  std::vector<Value> items;
  const size_t size = array.size();
  items.reserve(size);
  for (size_t i = 0; i < size; ++i) items.push_back(array.at(i));
  return items;
}

Value fn_reverse(Evaluator&, Call& call) {
  const Value& array = call.args[0];
  if (array.is_undefined()) return {};
  if (array.size() <= 1) return array;
  std::vector<Value> items = items_of(array);
  std::reverse(items.begin(), items.end());
  return plain_array(std::move(items));
}

Value fn_sort(Evaluator& evaluator, Call& call) {
  const Value& array = call.args[0];
  if (array.is_undefined()) return {};
  if (array.size() <= 1) return array;
  std::vector<Value> items = items_of(array);
  const bool with_comparator = call.args.size() > 1 && !call.args[1].is_undefined();
  if (!with_comparator) {
    if (!all_numbers(array) && !all_strings(array)) {
      EvalError error{"D3070"};
      error.index = 1;
      throw error;
    }
    sort_values(evaluator, items, [](const Value& a, const Value& b) {
      if (a.is_number()) return a.as_number() > b.as_number();
      return a.as_string() > b.as_string();
    });
  } else {
    const Value comparator = call.args[1];
    sort_values(evaluator, items, [&](const Value& a, const Value& b) {
      std::vector<Value> args{a, b};
      return truthy(evaluator.apply(comparator, args, Value(), call.environment)).value_or(false);
    });
  }
  return plain_array(std::move(items));
}

Value fn_shuffle(Evaluator& evaluator, Call& call) {
  const Value& array = call.args[0];
  if (array.is_undefined()) return {};
  if (array.size() <= 1) return array;
  if (!evaluator.random) {
    EvalError error{"U1004"};
    error.message = "No random source was provided for $shuffle()";
    throw error;
  }
  const size_t size = array.size();
  std::vector<Value> result(size);
  for (size_t i = 0; i < size; ++i) {
    const auto j = static_cast<size_t>(evaluator.random->uniform(i + 1));
    if (i != j) result[i] = result[j];
    result[j] = array.at(i);
  }
  evaluator.count(size);
  return plain_array(std::move(result));
}

Value fn_distinct(Evaluator& evaluator, Call& call) {
  const Value& array = call.args[0];
  if (array.is_undefined()) return {};
  if (!array.is_array() || array.size() <= 1) return array;
  auto made = new_array(array.is_sequence());
  auto& results = made.box->items;
  const size_t size = array.size();
  for (size_t i = 0; i < size; ++i) {
    Value item = array.at(i);
    bool seen = false;
    for (const Value& kept : results) {
      if (deep_equal(item, kept)) {
        seen = true;
        break;
      }
    }
    evaluator.count(results.size() + 1);
    if (!seen) results.push_back(std::move(item));
  }
  return std::move(made.value);
}

Value fn_zip(Evaluator& evaluator, Call& call) {
  size_t length = call.args.empty() ? 0 : SIZE_MAX;
  for (const Value& arg : call.args) length = std::min(length, arg.is_array() ? arg.size() : 0);
  std::vector<Value> result;
  result.reserve(length);
  for (size_t i = 0; i < length; ++i) {
    std::vector<Value> tuple;
    for (const Value& arg : call.args) tuple.push_back(arg.at(i));
    result.push_back(plain_array(std::move(tuple)));
  }
  evaluator.count(length * call.args.size());
  return plain_array(std::move(result));
}

void collect_keys(const Value& value, ObjectBox& seen) {
  if (value.is_array()) {
    const size_t size = value.size();
    for (size_t i = 0; i < size; ++i) collect_keys(value.at(i), seen);
  } else if (value.is_object()) {
    value.for_each_member([&](std::string_view key, const Value&) {
      if (seen.find(key) == ObjectBox::npos) seen.set(key, Value::boolean(true));
    });
  }
}

Value fn_keys(Evaluator& evaluator, Call& call) {
  auto made = new_array(true);
  const Value& arg = call.args[0];
  if (arg.is_array()) {
    ObjectBox seen;
    collect_keys(arg, seen);
    for (const auto& [key, value] : seen.members) made.box->items.push_back(Value::string(key));
  } else if (arg.is_object()) {
    arg.for_each_member([&](std::string_view key, const Value&) {
      made.box->items.push_back(Value::string(std::string(key)));
    });
  }
  evaluator.count(made.box->items.size());
  return std::move(made.value);
}

Value fn_lookup(Evaluator& evaluator, Call& call) {
  return lookup_name(evaluator, call.args[0], call.args[1].as_string());
}

Value spread(Evaluator& evaluator, const Value& arg) {
  if (arg.is_array()) {
    Value result = make_sequence();
    const size_t size = arg.size();
    for (size_t i = 0; i < size; ++i) result = append_values(evaluator, result, spread(evaluator, arg.at(i)));
    return result;
  }
  if (arg.is_object()) {
    auto made = new_array(true);
    arg.for_each_member([&](std::string_view key, const Value& value) {
      auto* object = new ObjectBox();
      Value single = Value::box(Type::object, object);
      object->set(key, value);
      made.box->items.push_back(std::move(single));
    });
    return std::move(made.value);
  }
  return arg;
}

Value fn_spread(Evaluator& evaluator, Call& call) { return spread(evaluator, call.args[0]); }

Value fn_merge(Evaluator& evaluator, Call& call) {
  const Value& objects = call.args[0];
  if (objects.is_undefined()) return {};
  auto* object = new ObjectBox();
  Value result = Value::box(Type::object, object);
  const size_t size = objects.size();
  size_t members = 0;
  for (size_t i = 0; i < size; ++i) members += objects.at(i).member_count();
  object->members.reserve(members);
  for (size_t i = 0; i < size; ++i) {
    const Value item = objects.at(i);
    if (object->members.empty()) {
      // The first object's members are distinct and already in JavaScript's key order.
      item.for_each_member([&](std::string_view key, const Value& value) {
        object->depth = std::max(object->depth, box_depth(value) + 1);
        object->members.emplace_back(std::string(key), value);
      });
      continue;
    }
    item.for_each_member([&](std::string_view key, const Value& value) {
      object->set(key, value);
    });
  }
  evaluator.count(object->members.size());
  return result;
}

Value fn_each(Evaluator& evaluator, Call& call) {
  auto made = new_array(true);
  const Value& object = call.args[0];
  object.for_each_member([&](std::string_view key, const Value& value) {
    Value result = evaluator.apply_hof(call.args[1], value, Value::string(std::string(key)), object,
                                       call.environment);
    if (!result.is_undefined()) made.box->items.push_back(std::move(result));
  });
  return std::move(made.value);
}

Value fn_sift(Evaluator& evaluator, Call& call) {
  const Value& object = call.args[0];
  auto* out = new ObjectBox();
  Value result = Value::box(Type::object, out);
  object.for_each_member([&](std::string_view key, const Value& value) {
    const Value keep = evaluator.apply_hof(call.args[1], value, Value::string(std::string(key)),
                                           object, call.environment);
    if (truthy(keep).value_or(false)) out->set(key, value);
  });
  if (out->members.empty()) return {};
  return result;
}

Value fn_map(Evaluator& evaluator, Call& call) {
  const Value& array = call.args[0];
  if (array.is_undefined()) return {};
  auto made = new_array(true);
  const size_t size = array.size();
  made.box->items.reserve(size);
  for (size_t i = 0; i < size; ++i) {
    Value result = evaluator.apply_hof(call.args[1], array.at(i),
                                       Value::number(static_cast<double>(i)), array,
                                       call.environment);
    if (!result.is_undefined()) made.box->items.push_back(std::move(result));
  }
  return std::move(made.value);
}

Value fn_filter(Evaluator& evaluator, Call& call) {
  const Value& array = call.args[0];
  if (array.is_undefined()) return {};
  auto made = new_array(true);
  const size_t size = array.size();
  for (size_t i = 0; i < size; ++i) {
    Value item = array.at(i);
    const Value keep = evaluator.apply_hof(call.args[1], item, Value::number(static_cast<double>(i)),
                                           array, call.environment);
    if (truthy(keep).value_or(false)) made.box->items.push_back(std::move(item));
  }
  return std::move(made.value);
}

Value fn_single(Evaluator& evaluator, Call& call) {
  const Value& array = call.args[0];
  if (array.is_undefined()) return {};
  const bool with_function = call.args.size() > 1 && !call.args[1].is_undefined();
  std::optional<Value> found;
  const size_t size = array.size();
  for (size_t i = 0; i < size; ++i) {
    Value item = array.at(i);
    bool matches = true;
    if (with_function) {
      matches = truthy(evaluator.apply_hof(call.args[1], item, Value::number(static_cast<double>(i)),
                                           array, call.environment))
                    .value_or(false);
    }
    if (!matches) continue;
    if (found) {
      EvalError error{"D3138"};
      error.index = i;
      throw error;
    }
    found = std::move(item);
  }
  if (!found) fail("D3139");
  return *found;
}

Value fn_reduce(Evaluator& evaluator, Call& call) {
  const Value& array = call.args[0];
  if (array.is_undefined()) return {};
  const Value& function = call.args[1];
  const size_t arity = evaluator.arity(function);
  if (arity < 2) {
    EvalError error{"D3050"};
    error.index = 1;
    throw error;
  }
  const size_t size = array.size();
  Value result;
  size_t index = 0;
  if ((call.args.size() < 3 || call.args[2].is_undefined()) && size > 0) {
    result = array.at(0);
    index = 1;
  } else if (call.args.size() > 2) {
    result = call.args[2];
  }
  for (; index < size; ++index) {
    std::vector<Value> args{result, array.at(index)};
    if (arity >= 3) args.push_back(Value::number(static_cast<double>(index)));
    if (arity >= 4) args.push_back(array);
    result = evaluator.apply(function, args, Value(), call.environment);
  }
  return result;
}

Value fn_clone(Evaluator&, Call& call) {
  if (call.args[0].is_undefined()) return {};
  return deep_copy(call.args[0]);
}

// AWS's $partition(array, size): consecutive chunks of `size` items, the last one shorter.
Value fn_partition(Evaluator& evaluator, Call& call) {
  const Value& array = call.args[0];
  if (array.is_undefined()) return {};
  const double size = call.args[1].as_number();
  if (!(size >= 1) || size != std::floor(size)) {
    EvalError error = error_with_value("D3200", call.args[1]);
    error.index = 2;
    throw error;
  }
  const size_t chunk = static_cast<size_t>(std::min(size, 1e9));
  std::vector<Value> chunks;
  const size_t total = array.size();
  for (size_t start = 0; start < total; start += chunk) {
    std::vector<Value> items;
    for (size_t i = start; i < std::min(total, start + chunk); ++i) items.push_back(array.at(i));
    chunks.push_back(plain_array(std::move(items)));
  }
  evaluator.count(total);
  return plain_array(std::move(chunks));
}

const Builtin kCollectionBuiltins[] = {
    {"append", "<xx:a>", fn_append, 2, {}},
    {"reverse", "<a:a>", fn_reverse, 1, {}},
    {"sort", "<af?:a>", fn_sort, 2, {}},
    {"shuffle", "<a:a>", fn_shuffle, 1, {}},
    {"distinct", "<x:x>", fn_distinct, 1, {}},
    {"zip", "<a+>", fn_zip, 0, {}},
    {"keys", "<x-:a<s>>", fn_keys, 1, {}},
    {"lookup", "<x-s:x>", fn_lookup, 2, {}},
    {"spread", "<x-:a<o>>", fn_spread, 1, {}},
    {"merge", "<a<o>:o>", fn_merge, 1, {}},
    {"each", "<o-f:a>", fn_each, 2, {}},
    {"sift", "<o-f?:o>", fn_sift, 2, {}},
    {"map", "<af>", fn_map, 2, {}},
    {"filter", "<af>", fn_filter, 2, {}},
    {"single", "<af?>", fn_single, 2, {}},
    {"reduce", "<afj?:j>", fn_reduce, 3, {}},
    {"clone", "<(oa)-:o>", fn_clone, 1, {}},
    {"partition", "<an:a<a>>", fn_partition, 2, {}},
};

}  // namespace

std::span<const Builtin> collection_builtins() { return kCollectionBuiltins; }

}  // namespace wfsim::jsonata::detail
