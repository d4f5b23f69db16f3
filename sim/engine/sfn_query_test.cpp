// The engine's JSONata evaluation service (sfn_query.h): templates evaluated at any depth
// (JSONATA-2.3, 2.4), $states members present or absent (JSONATA-3.1, 3.8), the virtual clock
// and the seeded random stream, and AWS's cause texts for undefined results, evaluation errors,
// wrong and unsupported result types (JSONATA-4.6, 4.10, 4.11, 5.3, 5.5, EX-1, EX-11 to EX-16).
#include <boost/test/unit_test.hpp>

#include "engine/sfn_query.h"

namespace wfsim::sfn {
namespace {

asl::JsonataTemplate compile(const Json& source, const std::string& field = "Output") {
  asl::Problems problems;
  auto compiled = asl::JsonataTemplate::compile(source, field, "/States/S/" + field, problems);
  BOOST_REQUIRE_MESSAGE(compiled.has_value(), "template did not compile");
  return std::move(*compiled);
}

Json json(const char* text) { return Json::parse(text); }

const Instant kNoon = Instant::from_unix_us(1'704'110'400'123'456);  // 2024-01-01T12:00:00.123Z

std::variant<Json, QueryFailure> run(const Json& source, const StatesView& states,
                                     ExpectedType expected = ExpectedType::any,
                                     const std::string& field = "Output") {
  Random random(7);
  return evaluate_query(compile(source, field), states, kNoon, random, expected);
}

Json value_of(const std::variant<Json, QueryFailure>& outcome) {
  if (const auto* failure = std::get_if<QueryFailure>(&outcome)) {
    BOOST_FAIL("evaluation failed at " + failure->location + ": " + failure->detail);
  }
  return std::get<Json>(outcome);
}

QueryFailure failure_of(const std::variant<Json, QueryFailure>& outcome) {
  // Boost builds the message even when the check passes, so it must not assume success.
  const auto* value = std::get_if<Json>(&outcome);
  BOOST_REQUIRE_MESSAGE(value == nullptr, "evaluation succeeded: " << (value ? value->dump() : ""));
  return std::get<QueryFailure>(outcome);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_query)

BOOST_AUTO_TEST_CASE(literals_pass_through_and_expressions_are_replaced_at_any_depth) {
  const Json input = json(R"({"a": 2, "list": [1, 2, 3]})");
  const StatesView states{&input, nullptr, nullptr, nullptr};
  // JSONATA-2.4: any JSON value, unchanged when it holds no expression.
  for (const char* literal : {"null", "0", "0.1", "true", "\"plain\"", "[]", "{}",
                              R"({"k": "$states.input", "j.$": "$", "s": " {% 1 %} "})"}) {
    BOOST_TEST(value_of(run(json(literal), states)) == json(literal));
  }
  // JSONATA-2.3 (R-OUT LIST_RICH, R-EVAL ITEMS).
  BOOST_TEST(value_of(run(json(R"([1, "{% $number(\"2\") %}", 3])"), states)) ==
             json("[1, 2, 3]"));
  BOOST_TEST(value_of(run(json(R"({"x": ["{% $states.input %}", {"key": "{% true %}"}]})"),
                          states)) ==
             json(R"({"x": [{"a": 2, "list": [1, 2, 3]}, {"key": true}]})"));
  BOOST_TEST(value_of(run(Json("{% $sum($states.input.list) + $states.input.a %}"), states)) ==
             Json(8));
}

BOOST_AUTO_TEST_CASE(states_members_are_the_ones_given) {
  const Json input = json(R"({"in": 1})");
  const Json result = json(R"({"Payload": "done"})");
  const Json error = json(R"({"Error": "E", "Cause": "c"})");
  const Json context = json(R"({"State": {"Name": "S"}})");
  const StatesView all{&input, &result, &error, &context};
  BOOST_TEST(value_of(run(json(R"({"i": "{% $states.input.in %}",
      "r": "{% $states.result.Payload %}", "e": "{% $states.errorOutput.Error %}",
      "c": "{% $states.context.State.Name %}"})"), all)) ==
             json(R"({"i": 1, "r": "done", "e": "E", "c": "S"})"));
  // JSONATA-3.8: absent members are undefined, so a leaf reading one fails (JSONATA-4.10).
  const StatesView input_only{&input, nullptr, nullptr, nullptr};
  BOOST_TEST(failure_of(run(Json("{% $states.result %}"), input_only)).detail ==
             "The JSONata expression '$states.result' specified for the field 'Output' returned "
             "nothing (undefined).");
  BOOST_TEST(value_of(run(Json("{% $exists($states.errorOutput) %}"), input_only)) ==
             Json(false));
}

BOOST_AUTO_TEST_CASE(the_clock_is_the_virtual_instant_and_random_is_the_given_stream) {
  const StatesView none;
  BOOST_TEST(value_of(run(Json("{% $now() %}"), none)) == Json("2024-01-01T12:00:00.123Z"));
  BOOST_TEST(value_of(run(Json("{% $millis() %}"), none)) == Json(1'704'110'400'123));
  // One seed, one sequence: the same template twice gives the same numbers and UUIDs.
  const Json source = json(R"({"r": "{% $random() %}", "u": "{% $uuid() %}"})");
  const Json first = value_of(run(source, none));
  BOOST_TEST(first == value_of(run(source, none)));
  BOOST_TEST(first["r"].get<double>() >= 0.0);
  BOOST_TEST(first["r"].get<double>() < 1.0);
  BOOST_TEST(first["u"].get<std::string>().size() == 36u);
  Random other(8);
  const Json second = std::get<Json>(evaluate_query(compile(source), none, kNoon, other));
  BOOST_TEST(first != second);
}

BOOST_AUTO_TEST_CASE(failures_carry_aws_cause_texts_and_locations) {
  const Json input = json("{}");
  const StatesView states{&input, nullptr, nullptr, nullptr};
  // EX-1.
  QueryFailure failure = failure_of(run(json(R"({"result": "{% $doesNotExist %}"})"), states));
  BOOST_TEST(failure.location == "Output/result");
  BOOST_TEST(failure.detail == "The JSONata expression '$doesNotExist' specified for the field "
                               "'Output/result' returned nothing (undefined).");
  // EX-14 (JSONATA-4.6).
  failure = failure_of(run(Json("{% $randomSeeded(1) %}"), states));
  BOOST_TEST(failure.detail == "The JSONata expression '$randomSeeded(1)' specified for the "
                               "field 'Output' threw an error during evaluation. T1006: "
                               "Attempted to invoke a non-function");
  // JSONATA-4.11.
  failure = failure_of(run(Json("{% function($x) { $x } %}"), states, ExpectedType::array,
                           "Items"));
  BOOST_TEST(failure.detail == "The JSONata expression 'function($x) { $x }' specified for the "
                               "field 'Items' returned an unsupported result type.");
  // EX-11.
  failure = failure_of(run(Json("{% {'foo': 'bar'} %}"), states, ExpectedType::array, "Items"));
  BOOST_TEST(failure.location == "Items");
  BOOST_TEST(failure.detail == "The JSONata expression '{'foo': 'bar'}' specified for the field "
                               "'Items' returned an unexpected result type. Expected 'array', "
                               "but was 'object' for value: {\"foo\":\"bar\"}");
  // The first failure in document order wins.
  failure = failure_of(run(json(R"({"a": "{% $x %}", "b": "{% $y %}"})"), states));
  BOOST_TEST(failure.location == "Output/a");
  BOOST_TEST(query_failure_cause("State0", 2, failure) ==
             "An error occurred while executing the state 'State0' (entered at the event id #2). "
             "The JSONata expression '$x' specified for the field 'Output/a' returned nothing "
             "(undefined).");
}

BOOST_AUTO_TEST_CASE(typed_fields_check_the_type_of_a_whole_value_expression) {
  const Json input = json(R"({"t": "2016-12-05T21:29:29", "ok": "2016-12-05T21:29:29.123456789Z",
                              "n": 5, "f": 2.5, "neg": -1, "s": "x"})");
  const StatesView states{&input, nullptr, nullptr, nullptr};
  BOOST_TEST(value_of(run(Json("{% $states.input.n > 1 %}"), states, ExpectedType::boolean,
                          "Condition")) == Json(true));
  BOOST_TEST(failure_of(run(Json("{% $states.input.n %}"), states, ExpectedType::boolean,
                            "Condition")).detail.ends_with(
      "returned an unexpected result type. Expected 'boolean', but was 'number' for value: 5"));
  BOOST_TEST(value_of(run(Json("{% $states.input.n %}"), states,
                          ExpectedType::non_negative_integer, "Seconds")) == Json(5));
  for (const char* bad : {"{% $states.input.f %}", "{% $states.input.neg %}"}) {
    BOOST_TEST(failure_of(run(Json(bad), states, ExpectedType::non_negative_integer, "Seconds"))
                   .detail.find("Expected 'non-negative integer', but was 'number'") !=
               std::string::npos);
  }
  BOOST_TEST(failure_of(run(Json("{% $states.input.s %}"), states,
                            ExpectedType::non_negative_integer, "Seconds"))
                 .detail.ends_with("Expected 'number', but was 'string' for value: \"x\""));
  BOOST_TEST(value_of(run(Json("{% $states.input.s %}"), states, ExpectedType::string, "Error")) ==
             Json("x"));
  BOOST_TEST(failure_of(run(Json("{% $states.input.n %}"), states, ExpectedType::string, "Cause"))
                 .detail.ends_with("Expected 'string', but was 'number' for value: 5"));
  // EX-16 and JSONATA-5.5.
  const QueryFailure timestamp = failure_of(
      run(Json("{% $states.input.t %}"), states, ExpectedType::timestamp, "Timestamp"));
  BOOST_TEST(timestamp.location == "Timestamp");
  BOOST_TEST(timestamp.detail == "The Timestamp field cannot be parsed as an ISO-8601 extended "
                                 "offset date-time format string: 2016-12-05T21:29:29");
  BOOST_TEST(value_of(run(Json("{% $states.input.ok %}"), states, ExpectedType::timestamp,
                          "Timestamp")) == Json("2016-12-05T21:29:29.123456789Z"));
}

BOOST_AUTO_TEST_CASE(a_map_input_that_is_not_an_array_has_no_location) {
  const QueryFailure failure = map_input_not_array(Json(1));
  BOOST_TEST(failure.location.empty());
  BOOST_TEST(failure.detail == "Map state input must be an array but was: 1");
  BOOST_TEST(query_type_name(json("[]")) == "array");
  BOOST_TEST(query_type_name(json("null")) == "null");
  BOOST_TEST(query_type_name(json("1.5")) == "number");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
