// The JSON value type of wfsim: insertion-ordered, as Step Functions keeps object keys.
//
// State data (inputs, outputs, parameters) is passed around as Document, an immutable shared JSON
// value, so history events and states can hold the same document without copying it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace wfsim {

using Json = nlohmann::ordered_json;
using Document = std::shared_ptr<const Json>;

inline Document make_document(Json value) { return std::make_shared<const Json>(std::move(value)); }

namespace detail {
inline void add_members(Json::object_t&) {}
template <typename Value, typename... Rest>
void add_members(Json::object_t& object, std::string_view key, Value&& value, Rest&&... rest) {
  object.emplace_back(std::string(key), Json(std::forward<Value>(value)));
  add_members(object, std::forward<Rest>(rest)...);
}
}  // namespace detail

// json_object("key", value, "key2", value2, ...): an object built in one allocation of its
// member list, without nlohmann's initializer-list detour through temporary arrays (which costs
// several allocations per member on hot paths). Keys must be distinct.
template <typename... Members>
Json json_object(Members&&... members) {
  static_assert(sizeof...(Members) % 2 == 0, "json_object takes key, value pairs");
  Json out(Json::value_t::object);
  auto& object = out.get_ref<Json::object_t&>();
  object.reserve(sizeof...(Members) / 2);
  detail::add_members(object, std::forward<Members>(members)...);
  return out;
}

// Compact JSON text, as Step Functions prints inputs and outputs inside history events. Invalid
// UTF-8 in strings is replaced rather than thrown on.
std::string to_compact_text(const Json& value);
// Appends to_compact_text(value) to `out`, printing into its buffer (no string of its own).
void append_compact_text(std::string& out, const Json& value);
// Appends `text` as a JSON string literal, byte for byte as to_compact_text(Json(text)) prints
// it: quotes, backslashes and control characters escaped, valid UTF-8 kept as it is, invalid
// UTF-8 replaced. For printers that write records straight to text.
void append_json_string(std::string& out, std::string_view text);

// Nesting depth of `value` (a scalar is 1), counting no further than `limit + 1`. Iterative, so
// it is safe on documents too deep for nlohmann's recursive copy, comparison and dump, which
// callers must refuse before doing any of those.
size_t json_depth(const Json& value, size_t limit);
// Deeper documents than this are refused where wfsim would otherwise copy or print them.
inline constexpr size_t kMaxJsonDepth = 512;

// Whether to_compact_text(value).size() <= limit, without serialising in the common case: a cheap
// upper bound on the text size is computed first (with an explicit stack, never recursing), and
// only a value whose bound exceeds the limit is serialised to be measured exactly.
bool compact_text_fits(const Json& value, size_t limit);

}  // namespace wfsim
