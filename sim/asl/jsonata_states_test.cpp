// Validation of QueryLanguage JSONata states (states_jsonata.cpp): the machine's and each
// state's language and AWS's downgrade rule (JSONATA-1.1 to 1.4), the JSONata field tables and
// the JSONPath-only fields (JSONATA-1.5, 1.6, 1.8), Choice rules of Condition (JSONATA-1.9), a
// syntax error's pointer and position, and what is not supported yet.
#include <boost/test/unit_test.hpp>

#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;

// A JSONata machine (top-level QueryLanguage) whose state "S" is `state`, with a "T" to go to.
Json machine(const Json& state) {
  Json out = {{"QueryLanguage", "JSONata"},
              {"StartAt", "S"},
              {"States", {{"S", state}, {"T", {{"Type", "Succeed"}}}}}};
  return out;
}

Problems problems_of(const Json& state) { return validate(machine(state)); }

// A JSONata machine whose only state is `state` (for Fail, which has no Next).
Problems alone(const Json& state) {
  return validate(Json{{"QueryLanguage", "JSONata"}, {"StartAt", "S"}, {"States", {{"S", state}}}});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(jsonata_states)

BOOST_AUTO_TEST_CASE(a_jsonata_machine_compiles_its_templates_once) {
  const auto definition = test::parse_ok(machine(json(R"({"Type": "Pass", "Next": "T",
      "Output": {"a": "{% $states.input.x %}", "b": [1, "{% 2 %}"]}})")));
  const State& pass = definition->root.states[static_cast<size_t>(definition->root.find("S"))];
  BOOST_CHECK(pass.query_language == QueryLanguage::jsonata);
  BOOST_REQUIRE(pass.output.has_value());
  BOOST_CHECK_EQUAL(pass.output->holes().size(), 2u);
  const State& succeed =
      definition->root.states[static_cast<size_t>(definition->root.find("T"))];
  BOOST_CHECK(succeed.query_language == QueryLanguage::jsonata);  // Inherited (JSONATA-1.1).
}

BOOST_AUTO_TEST_CASE(a_jsonpath_machine_may_hold_jsonata_states_but_not_the_reverse) {
  // JSONATA-1.2.
  Json mixed = test::single_state(json(R"({"Type": "Pass", "QueryLanguage": "JSONata",
      "Output": "{% 1 %}", "End": true})"));
  WFSIM_CHECK_NO_PROBLEMS(validate(mixed));
  // JSONATA-1.3: AWS's text, at the state.
  const Problems problems =
      problems_of(json(R"({"Type": "Pass", "QueryLanguage": "JSONPath", "Next": "T"})"));
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  BOOST_CHECK_EQUAL(problems[0].path, "/States/S");
  BOOST_CHECK_EQUAL(problems[0].message, "'QueryLanguage' can not be 'JSONPath' if set to "
                                         "'JSONata' for whole state machine");
}

BOOST_AUTO_TEST_CASE(jsonpath_only_fields_are_problems_in_a_jsonata_state) {
  for (const char* field : {"InputPath", "OutputPath", "Parameters", "ResultSelector",
                            "ResultPath", "TimeoutSecondsPath"}) {
    Json state = json(R"({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                          "Next": "T"})");
    state[field] = "$.x";
    BOOST_TEST_INFO(field);
    WFSIM_CHECK_PROBLEM(problems_of(state), std::string("/States/S/") + field,
                        "is a JSONPath field; a JSONata state does not take it");
  }
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Pass", "Result": 1, "Next": "T"})")),
                      "/States/S/Result", "is a JSONPath field");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Wait", "SecondsPath": "$.s", "Next": "T"})")),
                      "/States/S/SecondsPath", "is a JSONPath field");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Fail", "ErrorPath": "$.e"})")),
                      "/States/S/ErrorPath", "is a JSONPath field");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Task", "Next": "T",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "T", "ResultPath": "$.e"}]})")),
                      "/States/S/Catch/0/ResultPath", "a JSONata catcher does not take it");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Succeed", "Assign": {}})")),
                      "/States/S/Assign", "a Succeed state cannot assign variables");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Fail", "Output": 1})")), "/States/S/Output",
                      "unknown field 'Output' for a JSONata Fail state");
}

BOOST_AUTO_TEST_CASE(a_syntax_error_names_the_leaf_the_code_and_the_position) {
  const Problems problems = problems_of(json(R"({"Type": "Pass", "Next": "T",
      "Output": {"ok": "{% 1 %}", "bad": "{% $sum( %}"}})"));
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  BOOST_CHECK_EQUAL(problems[0].path, "/States/S/Output/bad");
  BOOST_CHECK(problems[0].message.starts_with("JSONata syntax error at position "));
  BOOST_CHECK(problems[0].message.find("of '$sum(': S0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(choice_rules_have_condition_and_next) {
  WFSIM_CHECK_NO_PROBLEMS(problems_of(json(R"({"Type": "Choice", "Default": "T",
      "Choices": [{"Condition": "{% $states.input.n > 1 %}", "Next": "T", "Output": "x",
                   "Comment": "c"}, {"Condition": true, "Next": "T"}]})")));
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Choice",
      "Choices": [{"Variable": "$.n", "IsPresent": true, "Next": "T"}]})")),
                      "/States/S/Choices/0/Variable", "unknown field 'Variable' in a JSONata");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Choice", "Choices": [{"Next": "T"}]})")),
                      "/States/S/Choices/0", "must have Condition");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Choice",
      "Choices": [{"Condition": "true", "Next": "T"}]})")),
                      "/States/S/Choices/0/Condition", "must be a boolean or a JSONata");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Choice",
      "Choices": [{"Condition": true, "Next": "Nowhere"}]})")),
                      "/States/S/Choices/0/Next", "no state named 'Nowhere'");
}

BOOST_AUTO_TEST_CASE(wait_and_fail_take_literals_or_expressions) {
  WFSIM_CHECK_NO_PROBLEMS(problems_of(json(R"({"Type": "Wait", "Seconds": 5, "Next": "T"})")));
  WFSIM_CHECK_NO_PROBLEMS(
      problems_of(json(R"({"Type": "Wait", "Seconds": "{% $states.input.s %}", "Next": "T"})")));
  WFSIM_CHECK_NO_PROBLEMS(problems_of(
      json(R"({"Type": "Wait", "Timestamp": "2024-01-01T00:00:05Z", "Next": "T"})")));
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Wait", "Next": "T"})")), "/States/S",
                      "exactly one of Seconds and Timestamp");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Wait", "Timestamp": "soon", "Next": "T"})")),
                      "/States/S/Timestamp", "RFC 3339");
  WFSIM_CHECK_NO_PROBLEMS(
      alone(json(R"({"Type": "Fail", "Error": "{% 'E' %}", "Cause": "literal"})")));
  WFSIM_CHECK_PROBLEM(alone(json(R"({"Type": "Fail", "Error": 5})")), "/States/S/Error",
                      "must be a string");
}

BOOST_AUTO_TEST_CASE(a_jsonata_parallel_takes_arguments_and_output_not_parameters) {
  const auto definition = test::parse_ok(machine(json(R"({"Type": "Parallel", "Next": "T",
      "Arguments": {"x": "{% $states.input.x %}"}, "Output": "{% $states.result[0] %}",
      "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}]})")));
  const State& parallel = definition->root.states[static_cast<size_t>(definition->root.find("S"))];
  BOOST_REQUIRE(parallel.parallel.has_value());
  BOOST_CHECK(parallel.parallel->arguments.has_value());
  BOOST_CHECK(parallel.output.has_value());
  BOOST_CHECK(!parallel.parameters.has_value());
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Parallel", "Next": "T",
      "Parameters": {"x.$": "$.x"},
      "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}]})")),
                      "/States/S/Parameters", "is a JSONPath field");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Parallel", "Next": "T",
      "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "T", "ResultPath": "$.e"}]})")),
                      "/States/S/Catch/0/ResultPath", "a JSONata catcher does not take it");
}

BOOST_AUTO_TEST_CASE(a_jsonata_map_takes_items_item_selector_and_numbers_or_expressions) {
  const auto definition = test::parse_ok(machine(json(R"({"Type": "Map", "Next": "T",
      "Items": [1, "{% $number('2') %}", 3],
      "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}"},
      "MaxConcurrency": "{% 2 %}", "ToleratedFailureCount": 1,
      "ToleratedFailurePercentage": "{% $states.input.p %}",
      "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}})")));
  const State& map = definition->root.states[static_cast<size_t>(definition->root.find("S"))];
  BOOST_REQUIRE(map.map.has_value() && map.map->jsonata.has_value());
  const JsonataMapFields& fields = *map.map->jsonata;
  BOOST_REQUIRE(fields.items.has_value());
  BOOST_CHECK_EQUAL(fields.items->holes().size(), 1u);
  BOOST_CHECK(fields.item_selector.has_value());
  BOOST_CHECK(fields.max_concurrency.query.has_value());
  BOOST_CHECK_EQUAL(*fields.tolerated_failure_count.literal, 1.0);
  BOOST_CHECK(fields.tolerated_failure_percentage.query.has_value());
  BOOST_CHECK(!map.map->item_selector.has_value());
}

BOOST_AUTO_TEST_CASE(a_jsonata_map_reports_jsonpath_fields_and_bad_values) {
  const Json processor = json(R"({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}})");
  const auto map_with = [&](const Json& fields) {
    Json state = {{"Type", "Map"}, {"Next", "T"}, {"ItemProcessor", processor}};
    for (auto it = fields.begin(); it != fields.end(); ++it) state[it.key()] = it.value();
    return problems_of(state);
  };
  WFSIM_CHECK_NO_PROBLEMS(map_with(json(R"({})")));
  WFSIM_CHECK_PROBLEM(map_with(json(R"({"ItemsPath": "$.items"})")), "/States/S/ItemsPath",
                      "is a JSONPath field");
  WFSIM_CHECK_PROBLEM(map_with(json(R"({"MaxConcurrencyPath": "$.n"})")),
                      "/States/S/MaxConcurrencyPath", "is a JSONPath field");
  WFSIM_CHECK_PROBLEM(map_with(json(R"({"Items": "abc"})")), "/States/S/Items",
                      "must be an array or a JSONata expression");
  WFSIM_CHECK_PROBLEM(map_with(json(R"({"Items": "{% $x( %}"})")), "/States/S/Items", "S0");
  WFSIM_CHECK_PROBLEM(map_with(json(R"({"MaxConcurrency": -1})")), "/States/S/MaxConcurrency",
                      "non-negative integer");
  WFSIM_CHECK_PROBLEM(map_with(json(R"({"ToleratedFailureCount": 1.5})")),
                      "/States/S/ToleratedFailureCount", "non-negative integer");
  WFSIM_CHECK_PROBLEM(map_with(json(R"({"ToleratedFailurePercentage": 100.5})")),
                      "/States/S/ToleratedFailurePercentage", "from 0 to 100");
  WFSIM_CHECK_PROBLEM(map_with(json(R"({"ItemSelector": {"v": "{% 1 + %}"}})")),
                      "/States/S/ItemSelector/v", "S0");
}

BOOST_AUTO_TEST_CASE(task_timeouts_may_be_expressions_and_credentials_templates) {
  const auto definition = test::parse_ok(machine(json(R"({"Type": "Task", "Next": "T",
      "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": "{% $states.input.t %}",
      "HeartbeatSeconds": 5, "Credentials": {"RoleArn": "{% $states.input.role %}"}})")));
  const State& task = definition->root.states[static_cast<size_t>(definition->root.find("S"))];
  BOOST_CHECK(task.task->timeout.query.has_value());
  BOOST_CHECK(!task.task->timeout.seconds.has_value());
  BOOST_CHECK_EQUAL(*task.task->heartbeat.seconds, 5);
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Task", "Next": "T",
      "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": "{% 5 + %}"})")),
                      "/States/S/TimeoutSeconds", "S0");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Task", "Next": "T",
      "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": "5"})")),
                      "/States/S/TimeoutSeconds", "integer");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
