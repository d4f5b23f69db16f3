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

BOOST_AUTO_TEST_CASE(what_is_not_built_yet_is_reported) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Parallel", "Next": "T",
      "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}]})")),
                      "/States/S", "JSONata Parallel states are not supported yet");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Task", "Next": "T",
      "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": "{% 5 %}"})")),
                      "/States/S/TimeoutSeconds", "are not supported yet");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
