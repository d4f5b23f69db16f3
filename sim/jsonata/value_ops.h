// Operations on evaluator values that mirror JavaScript/JSONata helpers: truthiness ($boolean),
// deep equality (=, $distinct), JSON.stringify ($string, error inserts), conversion to the host
// Json result, and deep copies into boxes (transform's $clone).
//
// Recursive walks here are bounded by value depth (host JSON is refused past kMaxJsonDepth by
// the host; constructed values by Limits::value_depth), so they recurse without a guard.
#pragma once

#include <string>

#include "jsonata/value.h"

namespace wfsim::jsonata::detail {

// jsonata's fn.boolean; undefined stays undefined (returned as nullopt).
std::optional<bool> truthy(const Value& value);
bool deep_equal(const Value& left, const Value& right);

struct StringifyOptions {
  bool round_numbers = false;  // $string: numbers to 15 significant digits
  bool pretty = false;         // indent 2
  bool functions_as_empty = false;  // $string: functions become ""
};
// JSON.stringify; undefined (or a function without functions_as_empty) gives "undefined".
std::string stringify(const Value& value, const StringifyOptions& options = {});
// Appends a JSON string literal as JSON.stringify writes it.
void append_json_string(std::string& out, std::string_view text);
// JSON.stringify of a string (bytes that are not UTF-8 pass through; never throws).
inline std::string json_quote(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

// The host result. A non-finite number throws D1001 (Error thrown as EvalError by the caller's
// conversion hook); undefined object members are left out and undefined array items become
// null, as JSON.stringify does.
struct NonFinite {};
Json to_json(const Value& value);  // throws NonFinite

// A deep copy made of boxes (so it may be changed in place).
Value deep_copy(const Value& value);

// Canonical array index ("0", "17"): JavaScript orders such object keys first, ascending.
bool is_array_index(std::string_view key);

// Nesting depth of a boxed value (host JSON counts as 1).
inline uint32_t box_depth(const Value& value) {
  if (auto* array = value.array_box()) return array->depth;
  if (auto* object = value.object_box()) return object->depth;
  return 0;
}

}  // namespace wfsim::jsonata::detail
