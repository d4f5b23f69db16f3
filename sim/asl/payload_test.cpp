// Payload templates: static values, ".$" fields (paths, context paths, intrinsics), nesting in
// objects and arrays, runtime errors with the AWS message, compile problems with pointers, and
// the uses_context / uses_random flags.
#include <boost/test/unit_test.hpp>

#include "asl/payload.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;

PayloadTemplate compile_ok(const Json& source) {
  Problems problems;
  auto compiled = PayloadTemplate::compile(source, "/States/S/Parameters", problems);
  BOOST_REQUIRE_MESSAGE(compiled.has_value() && problems.empty(),
                        "template did not compile:\n" << test::describe(problems));
  return std::move(*compiled);
}

Problems compile_problems(const Json& source) {
  Problems problems;
  auto compiled = PayloadTemplate::compile(source, "/States/S/Parameters", problems);
  BOOST_CHECK(!compiled.has_value());
  return problems;
}

Outcome<Json> evaluate(const PayloadTemplate& compiled, const Json& input,
                       const Json* context = nullptr) {
  Random random(11);
  return compiled.evaluate(input, context, random);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(payload_templates)

BOOST_AUTO_TEST_CASE(a_template_without_dollar_fields_evaluates_to_itself) {
  const Json source = json(R"({"a": 1, "b": {"c": [1, {"d": "$.not.a.path"}]}, "e": null})");
  const PayloadTemplate compiled = compile_ok(source);
  BOOST_CHECK(!compiled.uses_context());
  BOOST_CHECK(!compiled.uses_random());
  BOOST_CHECK_EQUAL(evaluate(compiled, json("{}")).value(), source);
}

// REC-9: literal fields first, then the ".$" fields in java.util.HashMap order; the expected
// orders are the ones recorded on AWS (LocalStack snapshot tests named in docs/semantics.md).
BOOST_AUTO_TEST_CASE(evaluated_fields_come_in_the_order_aws_writes_them_rec_9) {
  const auto keys_after = [](const Json& source) {
    Json input = Json::object();
    for (char name = 'a'; name <= 'z'; ++name) input[std::string(1, name)] = 1;
    std::string keys;
    const Json out = evaluate(compile_ok(source), input).value();
    for (auto it = out.begin(); it != out.end(); ++it) keys += it.key() + " ";
    return keys;
  };
  // test_map_state_config_inline_item_selector: ItemSelector fields.
  BOOST_TEST(keys_after(json(R"({"constant_value": "HelloWorld", "original_input.$": "$.o",
      "iteration_input_value.$": "$.v", "iteration_index.$": "$.i",
      "from_input_constant.$": "$.f"})")) ==
             "constant_value iteration_input_value from_input_constant iteration_index "
             "original_input ");
  // test_result_selector: two ".$" fields; a literal object before a ".$" field.
  BOOST_TEST(keys_after(json(R"({"LambdaOutput.$": "$.l", "ContextObjectValue.$": "$.c"})")) ==
             "ContextObjectValue LambdaOutput ");
  BOOST_TEST(keys_after(json(R"({"FunctionName.$": "$.n", "Payload": {"Input.$": "$.i"}})")) ==
             "Payload FunctionName ");
  // test_query_context_object_values: 13 fields, past the resize to 32 buckets.
  BOOST_TEST(keys_after(json(R"({"context_object.$": "$.a", "execution.$": "$.b",
      "execution_id.$": "$.c", "execution_input.$": "$.d", "execution_name.$": "$.e",
      "execution_rolearn.$": "$.f", "execution_starttime.$": "$.g", "state.$": "$.h",
      "state_enteredtime.$": "$.i", "state_name.$": "$.j", "statemachine.$": "$.k",
      "statemachine_id.$": "$.l", "statemachine_name.$": "$.m"})")) ==
             "execution execution_rolearn execution_name statemachine_id execution_id "
             "execution_input execution_starttime state_name state_enteredtime statemachine "
             "state context_object statemachine_name ");
  // All-literal templates keep the definition's order.
  BOOST_TEST(keys_after(json(R"({"b": 1, "a": 2})")) == "b a ");
}

BOOST_AUTO_TEST_CASE(dollar_fields_take_path_values_and_lose_their_suffix) {
  const PayloadTemplate compiled =
      compile_ok(json(R"({"static": "x", "name.$": "$.user.name", "all.$": "$"})"));
  const Json input = json(R"({"user": {"name": "Ann"}})");
  BOOST_CHECK_EQUAL(evaluate(compiled, input).value(),
                    json(R"({"static": "x", "all": {"user": {"name": "Ann"}}, "name": "Ann"})"));
}

// Literal fields first, then ".$" fields by java.util.HashMap bucket ("x" 8, "z" 10): REC-9.
BOOST_AUTO_TEST_CASE(output_keys_come_literal_first_then_in_aws_order) {
  const PayloadTemplate compiled = compile_ok(json(R"({"z.$": "$.a", "y": 2, "x.$": "$.a"})"));
  const Json output = evaluate(compiled, json(R"({"a": 1})")).value();
  BOOST_CHECK_EQUAL(output.dump(), R"({"y":2,"x":1,"z":1})");
}

BOOST_AUTO_TEST_CASE(nested_objects_and_objects_inside_arrays_are_templates_too) {
  const PayloadTemplate compiled = compile_ok(json(R"({
    "outer": {"inner.$": "$.v"},
    "list": [1, {"item.$": "$.v"}, [{"deep.$": "$.v"}], "$.v"]
  })"));
  BOOST_CHECK_EQUAL(evaluate(compiled, json(R"({"v": 5})")).value(), json(R"({
    "outer": {"inner": 5}, "list": [1, {"item": 5}, [{"deep": 5}], "$.v"]
  })"));
}

BOOST_AUTO_TEST_CASE(an_indefinite_path_yields_an_array_of_its_matches) {
  const PayloadTemplate compiled = compile_ok(json(R"({"ids.$": "$.items[*].id"})"));
  BOOST_CHECK_EQUAL(evaluate(compiled, json(R"({"items": [{"id": 1}, {"id": 2}]})")).value(),
                    json(R"({"ids": [1, 2]})"));
  BOOST_CHECK_EQUAL(evaluate(compiled, json(R"({"items": []})")).value(), json(R"({"ids": []})"));
}

BOOST_AUTO_TEST_CASE(a_path_that_matches_nothing_is_a_runtime_error_naming_field_and_input) {
  const PayloadTemplate compiled = compile_ok(json(R"({"y.$": "$.x"})"));
  auto result = evaluate(compiled, json(R"({"a": 1})"));
  BOOST_REQUIRE(!result.ok());
  BOOST_CHECK_EQUAL(result.error().error, "States.Runtime");
  BOOST_CHECK_EQUAL(result.error().cause,
                    "The JSONPath '$.x' specified for the field 'y.$' could not be found in the "
                    "input '{\"a\":1}'");
}

BOOST_AUTO_TEST_CASE(an_error_deep_inside_stops_the_whole_evaluation) {
  const PayloadTemplate compiled =
      compile_ok(json(R"({"ok.$": "$.a", "nested": [{"bad.$": "$.missing"}]})"));
  auto result = evaluate(compiled, json(R"({"a": 1})"));
  BOOST_REQUIRE(!result.ok());
  BOOST_CHECK(result.error().cause.find("'bad.$'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(context_paths_read_the_context_object_and_flag_the_template) {
  const PayloadTemplate compiled =
      compile_ok(json(R"({"token.$": "$$.Task.Token", "input.$": "$.v"})"));
  BOOST_CHECK(compiled.uses_context());
  const Json context = json(R"({"Task": {"Token": "tok"}})");
  BOOST_CHECK_EQUAL(evaluate(compiled, json(R"({"v": 1})"), &context).value(),
                    json(R"({"input": 1, "token": "tok"})"));
}

// AWS quotes the state's input even for a context path (REC-1.4, test_invalid_jsonpath
// [INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH]).
BOOST_AUTO_TEST_CASE(a_context_path_that_matches_nothing_quotes_the_state_input) {
  const PayloadTemplate compiled = compile_ok(json(R"({"t.$": "$$.Task.Token"})"));
  const Json context = json(R"({"Execution": {}})");
  auto result = evaluate(compiled, json(R"({"int-literal": 0})"), &context);
  BOOST_REQUIRE(!result.ok());
  BOOST_CHECK_EQUAL(result.error().cause,
                    "The JSONPath '$$.Task.Token' specified for the field 't.$' could not be "
                    "found in the input '{\"int-literal\":0}'");
}

BOOST_AUTO_TEST_CASE(evaluating_a_context_template_without_a_context_is_a_caller_bug) {
  const PayloadTemplate compiled = compile_ok(json(R"({"t.$": "$$.Task.Token"})"));
  Random random(1);
  BOOST_CHECK_THROW(compiled.evaluate(json("{}"), nullptr, random), AssertionFailure);
}

BOOST_AUTO_TEST_CASE(intrinsic_fields_are_evaluated_and_random_ones_flag_the_template) {
  const PayloadTemplate greeting =
      compile_ok(json(R"j({"greeting.$": "States.Format('Hi {}', $.name)"})j"));
  BOOST_CHECK(!greeting.uses_random());
  BOOST_CHECK_EQUAL(evaluate(greeting, json(R"({"name": "Bo"})")).value(),
                    json(R"({"greeting": "Hi Bo"})"));
  const PayloadTemplate id = compile_ok(json(R"j({"id.$": "States.UUID()"})j"));
  BOOST_CHECK(id.uses_random());
  const PayloadTemplate token =
      compile_ok(json(R"j({"t.$": "States.Format('{}', $$.Task.Token)"})j"));
  BOOST_CHECK(token.uses_context());
}

BOOST_AUTO_TEST_CASE(an_intrinsic_failure_surfaces_as_the_evaluation_error) {
  const PayloadTemplate compiled = compile_ok(json(R"j({"v.$": "States.ArrayGetItem($.a, 5)"})j"));
  auto result = evaluate(compiled, json(R"({"a": [1]})"));
  BOOST_REQUIRE(!result.ok());
  BOOST_CHECK_EQUAL(result.error().error, "States.IntrinsicFailure");
}

BOOST_AUTO_TEST_CASE(an_intrinsic_path_argument_that_matches_nothing_names_the_field) {
  const PayloadTemplate compiled = compile_ok(json(R"j({"v.$": "States.Array($.nope)"})j"));
  auto result = evaluate(compiled, json("{}"));
  BOOST_REQUIRE(!result.ok());
  BOOST_CHECK_EQUAL(result.error().error, "States.Runtime");
  BOOST_CHECK_EQUAL(result.error().cause,
                    "The JSONPath '$.nope' specified for the field 'v.$' could not be found in "
                    "the input '{}'");
}

BOOST_AUTO_TEST_CASE(a_dollar_field_whose_value_is_not_a_string_is_a_problem_at_its_pointer) {
  const Problems problems = compile_problems(json(R"({"a": {"b.$": 5}})"));
  WFSIM_CHECK_PROBLEM(problems, "/States/S/Parameters/a/b.$", "must be a string");
}

BOOST_AUTO_TEST_CASE(a_dollar_field_must_hold_a_path_a_context_path_or_an_intrinsic) {
  WFSIM_CHECK_PROBLEM(compile_problems(json(R"({"a.$": "plain"})")), "/States/S/Parameters/a.$",
                      "must be a path");
  WFSIM_CHECK_PROBLEM(compile_problems(json(R"({"a.$": "$.x["})")), "/States/S/Parameters/a.$",
                      "Invalid path '$.x[': Could not parse token starting at position 3");
  WFSIM_CHECK_PROBLEM(compile_problems(json(R"({"a.$": ""})")), "/States/S/Parameters/a.$",
                      "must be a path");
  WFSIM_CHECK_PROBLEM(compile_problems(json(R"([{"x.$": 1}])")), "/States/S/Parameters/0/x.$",
                      "must be a string");
}

BOOST_AUTO_TEST_CASE(pointers_escape_slashes_and_tildes_in_keys) {
  WFSIM_CHECK_PROBLEM(compile_problems(json(R"({"a/b~c.$": 1})")),
                      "/States/S/Parameters/a~1b~0c.$", "must be a string");
}

BOOST_AUTO_TEST_CASE(a_key_given_both_plain_and_with_dollar_is_a_problem) {
  WFSIM_CHECK_PROBLEM(compile_problems(json(R"({"a": 1, "a.$": "$.x"})")),
                      "/States/S/Parameters/a.$", "the field 'a' is given twice");
}

BOOST_AUTO_TEST_CASE(every_problem_of_a_template_is_reported_not_just_the_first) {
  const Problems problems = compile_problems(json(R"({"a.$": 1, "b.$": "nope", "c.$": "$["})"));
  BOOST_CHECK_EQUAL(problems.size(), 3u);
}

BOOST_AUTO_TEST_CASE(a_template_nested_deeper_than_one_hundred_levels_is_rejected) {
  Json deep = json(R"({"v.$": "$.a"})");
  for (int i = 0; i < 150; ++i) deep = Json{{"n", deep}};
  const Problems problems = compile_problems(deep);
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  BOOST_CHECK(problems[0].message.find("deeper than 100") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bare_dollar_key_is_a_dynamic_field_with_an_empty_name) {
  const PayloadTemplate compiled = compile_ok(json(R"({".$": "$.a"})"));
  BOOST_CHECK_EQUAL(evaluate(compiled, json(R"({"a": 1})")).value(), json(R"({"": 1})"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
