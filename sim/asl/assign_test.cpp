// Validation of workflow variable assignments (asl/assign.cpp): where Assign may appear
// (VAR-1.1), the JSONPath and JSONata forms (VAR-1.2, 1.4), the name rules (VAR-1.6, 5.1 to 5.3)
// and the nested-scope rule (VAR-3.2, OQ-14). Evaluation is the engine's (sfn_variables_test).
#include <boost/test/unit_test.hpp>

#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;

Problems one(const Json& state) { return validate(test::single_state(state)); }

Json jsonata_machine(const Json& state) {
  return Json{{"QueryLanguage", "JSONata"}, {"StartAt", "S"}, {"States", {{"S", state}}}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(assign)

BOOST_AUTO_TEST_CASE(every_state_type_aws_allows_takes_assign) {
  // VAR-1.1: Pass, Task, Map, Parallel, Choice (state and rule), Wait and catchers.
  WFSIM_CHECK_NO_PROBLEMS(one(json(R"({"Type": "Pass", "End": true, "Assign": {"a": 1}})")));
  WFSIM_CHECK_NO_PROBLEMS(one(json(R"({"Type": "Wait", "Seconds": 1, "End": true,
      "Assign": {"a.$": "$.x"}})")));
  WFSIM_CHECK_NO_PROBLEMS(one(json(R"({"Type": "Task", "End": true,
      "Resource": "arn:aws:states:::lambda:invoke", "Assign": {"r.$": "$.Payload"},
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "S", "Assign": {"e.$": "$.Error"}}]})")));
  WFSIM_CHECK_NO_PROBLEMS(one(json(R"({"Type": "Choice", "Default": "S", "Assign": {"d": 1},
      "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "S", "Assign": {"c": 2}}]})")));
  WFSIM_CHECK_NO_PROBLEMS(one(json(R"({"Type": "Parallel", "End": true, "Assign": {"p.$": "$[0]"},
      "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]})")));
  WFSIM_CHECK_NO_PROBLEMS(one(json(R"({"Type": "Map", "End": true, "Assign": {"m.$": "$"},
      "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}})")));
  WFSIM_CHECK_PROBLEM(one(json(R"({"Type": "Succeed", "Assign": {}})")), "/States/S/Assign",
                      "a Succeed state cannot assign variables");
  WFSIM_CHECK_PROBLEM(one(json(R"({"Type": "Fail", "Error": "E", "Assign": {}})")),
                      "/States/S/Assign", "a Fail state cannot assign variables");
  WFSIM_CHECK_PROBLEM(one(json(R"({"Type": "Choice", "Default": "S", "Choices": [
      {"Not": {"Variable": "$.a", "IsPresent": true, "Assign": {}}, "Next": "S"}]})")),
                      "/States/S/Choices/0/Not/Assign",
                      "a nested Choice rule must not have Assign");
}

BOOST_AUTO_TEST_CASE(jsonata_states_take_assign_and_compile_its_expressions) {
  const auto definition = test::parse_ok(jsonata_machine(json(R"({"Type": "Pass", "End": true,
      "Assign": {"x": "{% $states.input.a %}", "y": [1, "{% $x %}"], "z": "$literal"}})")));
  const State& pass = definition->root.states[0];
  BOOST_REQUIRE(pass.assign.has_value());
  BOOST_REQUIRE(pass.assign->jsonata.has_value());
  BOOST_CHECK(!pass.assign->jsonpath.has_value());
  BOOST_CHECK_EQUAL(pass.assign->jsonata->holes().size(), 2u);
  BOOST_CHECK_EQUAL(pass.assign->jsonata->holes()[0].location, "Assign/x");
  BOOST_CHECK(pass.assign->names == (std::vector<std::string>{"x", "y", "z"}));
  WFSIM_CHECK_PROBLEM(validate(jsonata_machine(json(R"({"Type": "Pass", "End": true,
      "Assign": {"x": "{% $states.input. %}"}})"))), "/States/S/Assign/x", "S0");
  // A ".$" key is not a name in JSONata (VAR-1.6, OQ-11).
  WFSIM_CHECK_PROBLEM(validate(jsonata_machine(json(R"({"Type": "Pass", "End": true,
      "Assign": {"x.$": "$.a"}})"))), "/States/S/Assign/x.$", "not a valid variable name");
}

BOOST_AUTO_TEST_CASE(jsonpath_assign_strips_the_dollar_suffix_and_checks_paths) {
  const auto definition = test::parse_ok(test::single_state(json(R"j({"Type": "Pass",
      "End": true, "Assign": {"a.$": "$.x", "b": "$.literal",
                              "c.$": "States.Format('{}', $a)"}})j")));
  const State& pass = definition->root.states[0];
  BOOST_REQUIRE(pass.assign && pass.assign->jsonpath);
  BOOST_CHECK(pass.assign->names == (std::vector<std::string>{"a", "b", "c"}));
  WFSIM_CHECK_PROBLEM(one(json(R"({"Type": "Pass", "End": true, "Assign": {"a.$": "$.x["}})")),
                      "/States/S/Assign/a.$", "Invalid path");
}

BOOST_AUTO_TEST_CASE(names_follow_the_rules) {
  WFSIM_CHECK_PROBLEM(one(json(R"({"Type": "Pass", "End": true, "Assign": [1]})")),
                      "/States/S/Assign", "must be an object of variable names to values");
  // VAR-1.6: a plain name, no sub-path.
  WFSIM_CHECK_PROBLEM(one(json(R"({"Type": "Pass", "End": true, "Assign": {"x.y": 1}})")),
                      "/States/S/Assign/x.y", "not a valid variable name");
  WFSIM_CHECK_PROBLEM(one(json(R"({"Type": "Pass", "End": true, "Assign": {"$x": 1}})")),
                      "/States/S/Assign/$x", "not a valid variable name");
  WFSIM_CHECK_PROBLEM(one(json(R"({"Type": "Pass", "End": true, "Assign": {"1x": 1}})")),
                      "/States/S/Assign/1x", "not a valid variable name");
  // VAR-5.1: $states is reserved.
  WFSIM_CHECK_PROBLEM(one(json(R"({"Type": "Pass", "End": true, "Assign": {"states": 1}})")),
                      "/States/S/Assign/states", "'states' is reserved");
  // VAR-5.2: at most 80 characters.
  Json state = json(R"({"Type": "Pass", "End": true})");
  state["Assign"][std::string(80, 'v')] = 1;
  WFSIM_CHECK_NO_PROBLEMS(one(state));
  state["Assign"][std::string(81, 'v')] = 1;
  WFSIM_CHECK_PROBLEM(one(state), "/States/S/Assign/" + std::string(81, 'v'),
                      "longer than 80 characters");
  WFSIM_CHECK_PROBLEM(one(json(R"({"Type": "Pass", "End": true, "Assign": {"a": 1, "a.$": "$"}})")),
                      "/States/S/Assign/a.$", "assigns the variable 'a' a second time");
}

BOOST_AUTO_TEST_CASE(a_branch_or_iteration_cannot_assign_an_outer_name) {
  // VAR-3.2 / OQ-14: reads of outer names are fine, assigning one is a definition problem.
  const Json reads = json(R"({"StartAt": "P", "States": {
      "P": {"Type": "Pass", "Assign": {"x": 1}, "Next": "M"},
      "M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "End": true, "Assign": {"y.$": "$x"}}}}}}})");
  WFSIM_CHECK_NO_PROBLEMS(validate(reads));
  const Json writes = json(R"({"StartAt": "P", "States": {
      "P": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Q"},
      "Q": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Assign": {"x": 2}}}},
          {"StartAt": "B", "States": {"B": {"Type": "Map", "End": true, "ItemProcessor": {
              "StartAt": "C", "States": {"C": {"Type": "Pass", "End": true,
                                               "Assign": {"x.$": "$"}}}}}}}]}}})");
  const Problems problems = validate(writes);
  WFSIM_CHECK_PROBLEM(problems, "/States/Q/Branches/0/States/A/Assign",
                      "assigns the variable 'x', which an enclosing state machine assigns");
  WFSIM_CHECK_PROBLEM(problems, "/States/Q/Branches/1/States/B/ItemProcessor/States/C/Assign",
                      "assigns the variable 'x'");
  // Sibling branches may use the same name: each has its own scope.
  WFSIM_CHECK_NO_PROBLEMS(validate(json(R"({"StartAt": "Q", "States": {
      "Q": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Assign": {"x": 2}}}},
          {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true,
                                            "Assign": {"x": 3}}}}]}}})")));
}

BOOST_AUTO_TEST_CASE(jsonata_catchers_take_output_and_assign) {
  WFSIM_CHECK_NO_PROBLEMS(validate(jsonata_machine(json(R"({"Type": "Task", "End": true,
      "Resource": "arn:aws:states:::lambda:invoke",
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "S",
                 "Output": {"e": "{% $states.errorOutput %}"},
                 "Assign": {"err": "{% $states.errorOutput.Error %}"}}]})"))));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
