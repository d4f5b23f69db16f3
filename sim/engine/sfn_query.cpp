// The JSONata evaluation service of the Step Functions engine (sfn_query.h): evaluates a
// compiled template against $states, the virtual clock and the execution's random stream, and
// words each failure as AWS records it (JSONATA-5.3). It keeps no state between calls.
#include "engine/sfn_query.h"

#include <array>
#include <charconv>
#include <cmath>
#include <span>
#include <vector>

#include "core/assert.h"

namespace wfsim::sfn {
namespace {

std::string expression_prefix(const asl::JsonataTemplate::Hole& hole) {
  return "The JSONata expression '" + hole.text + "' specified for the field '" + hole.location +
         "' ";
}

QueryFailure unexpected_type(const asl::JsonataTemplate::Hole& hole, std::string_view expected,
                             const Json& value) {
  return {hole.location, expression_prefix(hole) + "returned an unexpected result type. " +
                             "Expected '" + std::string(expected) + "', but was '" +
                             std::string(query_type_name(value)) +
                             "' for value: " + to_compact_text(value)};
}

bool is_non_negative_integer(const Json& value) {
  if (value.is_number_unsigned()) return true;
  if (value.is_number_integer()) return value.get<int64_t>() >= 0;
  if (!value.is_number_float()) return false;
  const double number = value.get<double>();
  return number >= 0 && number <= 9.0e15 && std::floor(number) == number;
}

// The type check of a typed field whose whole value is one expression (JSONATA-5.5; OQ-9 for
// the types AWS has not been recorded checking: the same cause with the type we expect).
std::optional<QueryFailure> check_type(const asl::JsonataTemplate::Hole& hole,
                                       ExpectedType expected, const Json& value) {
  switch (expected) {
    case ExpectedType::any: return std::nullopt;
    case ExpectedType::boolean:
      if (value.is_boolean()) return std::nullopt;
      return unexpected_type(hole, "boolean", value);
    case ExpectedType::array:
      if (value.is_array()) return std::nullopt;
      return unexpected_type(hole, "array", value);
    case ExpectedType::string:
      if (value.is_string()) return std::nullopt;
      return unexpected_type(hole, "string", value);
    case ExpectedType::non_negative_integer:
      if (is_non_negative_integer(value)) return std::nullopt;
      if (!value.is_number()) return unexpected_type(hole, "number", value);
      return unexpected_type(hole, "non-negative integer", value);
    case ExpectedType::positive_integer:
      if (is_non_negative_integer(value) && value.get<double>() >= 1) return std::nullopt;
      if (!value.is_number()) return unexpected_type(hole, "number", value);
      return unexpected_type(hole, "positive integer", value);
    case ExpectedType::task_seconds:
      if (!value.is_number()) return unexpected_type(hole, "number", value);
      if (is_non_negative_integer(value) && value.get<double>() >= 1 &&
          value.get<double>() <= 99'999'999) {
        return std::nullopt;
      }
      return unexpected_type(hole, "integer from 1 to 99999999", value);
    case ExpectedType::percentage:
      if (!value.is_number()) return unexpected_type(hole, "number", value);
      if (value.get<double>() >= 0 && value.get<double>() <= 100) return std::nullopt;
      return unexpected_type(hole, "number from 0 to 100", value);
    case ExpectedType::timestamp: {
      if (!value.is_string()) return unexpected_type(hole, "string", value);
      const auto& text = value.get_ref<const std::string&>();
      if (parse_iso8601(text)) return std::nullopt;
      return QueryFailure{hole.location,
                          "The Timestamp field cannot be parsed as an ISO-8601 extended offset "
                          "date-time format string: " + text};
    }
  }
  WFSIM_UNREACHABLE("ExpectedType");
}

// The node of `root` at the hole's keys (which exist: the hole was found by walking it).
Json& node_at(Json& root, const std::vector<std::string>& keys) {
  Json* node = &root;
  for (const std::string& key : keys) {
    if (node->is_array()) {
      size_t index = 0;
      const auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), index);
      WFSIM_ASSERT(error == std::errc() && end == key.data() + key.size());
      WFSIM_ASSERT(index < node->size());
      node = &(*node)[index];
    } else {
      WFSIM_ASSERT(node->is_object() && node->contains(key));
      node = &(*node)[key];
    }
  }
  return *node;
}

std::variant<Json, QueryFailure> evaluate_hole(const asl::JsonataTemplate::Hole& hole,
                                               const jsonata::Environment& environment) {
  jsonata::Outcome outcome = jsonata::evaluate(hole.expression, nullptr, environment);
  switch (outcome.kind) {
    case jsonata::Outcome::Kind::value: return std::move(outcome.value);
    case jsonata::Outcome::Kind::undefined:
      return QueryFailure{hole.location,
                          expression_prefix(hole) + "returned nothing (undefined)."};
    case jsonata::Outcome::Kind::function:
      return QueryFailure{hole.location,
                          expression_prefix(hole) + "returned an unsupported result type."};
    case jsonata::Outcome::Kind::error:
      return QueryFailure{hole.location, expression_prefix(hole) +
                                             "threw an error during evaluation. " +
                                             outcome.error.describe()};
  }
  WFSIM_UNREACHABLE("jsonata::Outcome::Kind");
}

}  // namespace

std::variant<Json, QueryFailure> evaluate_query(const asl::JsonataTemplate& field,
                                                const StatesView& states, Instant now,
                                                Random& random, ExpectedType expected) {
  if (field.holes().empty()) return field.source();
  const std::array<jsonata::Binding::Member, 4> states_members{
      {{"input", states.input}, {"result", states.result},
       {"errorOutput", states.error_output}, {"context", states.context}}};
  // $states and each variable; most evaluations see none or a few, so no allocation for them.
  constexpr size_t kInlineBindings = 8;
  std::array<jsonata::Binding, kInlineBindings> inline_bindings;
  std::vector<jsonata::Binding> more_bindings;
  const size_t variable_count =
      states.variables != nullptr && states.variables->is_object() ? states.variables->size() : 0;
  std::span<jsonata::Binding> bindings(inline_bindings.data(), 1 + variable_count);
  if (1 + variable_count > kInlineBindings) {
    more_bindings.resize(1 + variable_count);
    bindings = more_bindings;
  }
  bindings[0] = jsonata::Binding{"states", nullptr, states_members};
  if (variable_count > 0) {
    size_t next = 1;
    for (auto it = states.variables->begin(); it != states.variables->end(); ++it) {
      bindings[next++] = jsonata::Binding{it.key(), &*it, {}};
    }
  }
  jsonata::Environment environment;
  // Floor division: an Instant before 1970 still gives the millisecond it falls in.
  const int64_t us = now.unix_us();
  environment.now_millis = us / 1000 - (us % 1000 < 0 ? 1 : 0);
  environment.random = &random;
  environment.bindings = bindings;
  if (field.is_expression()) {
    auto value = evaluate_hole(field.holes().front(), environment);
    if (auto* json = std::get_if<Json>(&value)) {
      if (auto failure = check_type(field.holes().front(), expected, *json)) return *failure;
    }
    return value;
  }
  // A template with expressions inside: typed fields (Items) are arrays by construction, so
  // only the leaves are checked (each must yield a value; JSONATA-4.10).
  Json out = field.source();
  for (const asl::JsonataTemplate::Hole& hole : field.holes()) {
    auto value = evaluate_hole(hole, environment);
    if (auto* failure = std::get_if<QueryFailure>(&value)) return std::move(*failure);
    node_at(out, hole.keys) = std::move(std::get<Json>(value));
  }
  return out;
}

std::string query_failure_cause(std::string_view state, int64_t entered_event_id,
                                const QueryFailure& failure) {
  WFSIM_ASSERT(entered_event_id > 0);
  return "An error occurred while executing the state '" + std::string(state) +
         "' (entered at the event id #" + std::to_string(entered_event_id) + "). " +
         failure.detail;
}

QueryFailure map_input_not_array(const Json& input) {
  return {"", "Map state input must be an array but was: " + to_compact_text(input)};
}

std::string_view query_type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::array: return "array";
    case Json::value_t::object: return "object";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::null: return "null";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "number";
    case Json::value_t::binary:
    case Json::value_t::discarded: break;
  }
  WFSIM_UNREACHABLE("a JSON value of no JSON type");
}

}  // namespace wfsim::sfn
