// Step Functions Local mock-config import: the file's shape, and merging a test case into a
// scenario's resources.
#include <boost/test/unit_test.hpp>

#include "scenario/mock_config.h"
#include "scenario_test_support.h"

namespace wfsim::scenario {
namespace {

using test::has_problem;
using test::render;

const std::string kDefinition = R"({"StartAt": "Charge", "States": {
  "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "Ship"},
  "Ship": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:ship",
           "End": true}}})";

const std::string kMockConfig = R"({
  "StateMachines": {"Order": {"TestCases": {
    "HappyPath": {"Charge": "ChargeOk", "Ship": "ShipFlaky"},
    "Broken": {"Charge": "ChargeOk"}}}},
  "MockedResponses": {
    "ChargeOk": {"0": {"Return": {"StatusCode": 200, "Payload": {"charged": true}}}},
    "ShipFlaky": {"0-1": {"Throw": {"Error": "Ship.Unavailable", "Cause": "down"}},
                  "2": {"Return": {"tracking": "1Z"}}}}})";

BOOST_AUTO_TEST_CASE(a_mock_config_file_is_read_with_its_test_cases_and_responses) {
  const auto parsed = parse_mock_config(Json::parse(kMockConfig), "MockConfigFile.json");
  BOOST_REQUIRE(std::holds_alternative<MockConfig>(parsed));
  const MockConfig& mock = std::get<MockConfig>(parsed);
  const MockTestCase& happy = mock.test_cases.at("Order").at("HappyPath");
  BOOST_TEST(happy.pointer == "/StateMachines/Order/TestCases/HappyPath");
  BOOST_REQUIRE_EQUAL(happy.states.size(), 2U);
  BOOST_TEST(happy.states[1].first == "Ship");
  BOOST_TEST(happy.states[1].second == "ShipFlaky");
  BOOST_TEST(mock.responses.at("ShipFlaky").contains("0-1"));
}

BOOST_AUTO_TEST_CASE(a_mock_config_allows_only_return_and_throw_and_names_existing_responses) {
  const auto parsed = parse_mock_config(Json::parse(R"({
    "StateMachines": {"Order": {"TestCases": {"T": {"Charge": "Missing", "Ship": 3}},
                                "Extra": 1}},
    "MockedResponses": {"R": {"0": {"Hang": true}, "1": {"Throw": {"Error": 5}}}},
    "Comment": "x"})"),
                                        "mock.json");
  const auto& problems = std::get<FileProblems>(parsed);
  BOOST_TEST(has_problem(problems, "/Comment", "unknown key", "mock.json"), render(problems));
  BOOST_TEST(has_problem(problems, "/StateMachines/Order/Extra", "unknown key", "mock.json"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/StateMachines/Order/TestCases/T/Charge",
                         "names no MockedResponses entry", "mock.json"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/StateMachines/Order/TestCases/T/Ship", "must be the name",
                         "mock.json"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/MockedResponses/R/0/Hang", "unknown key", "mock.json"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/MockedResponses/R/1/Throw/Error", "must be a string",
                         "mock.json"),
             render(problems));
}

BOOST_AUTO_TEST_CASE(a_scenario_imports_the_test_case_into_resources_keyed_by_state_name) {
  const test::ScratchDirectory scratch("mock-import");
  scratch.write("MockConfigFile.json", kMockConfig);
  const auto scenario = test::load_ok(R"({"definition": )" + kDefinition + R"(,
    "mock_config": {"file": "MockConfigFile.json", "state_machine": "Order",
                    "test_case": "HappyPath"},
    "resources": {"Ship": {"workers": 2}}})",
                                      scratch.path());
  const auto& resources = scenario.config.resources;
  BOOST_REQUIRE_EQUAL(resources.size(), 2U);
  BOOST_TEST(resources[0].key == "Ship");
  BOOST_TEST(resources[0].workers == 2U);
  BOOST_REQUIRE_EQUAL(resources[0].attempts.size(), 2U);
  BOOST_TEST(resources[0].attempts[0].last == 1U);
  BOOST_TEST((resources[0].attempts[0].behaviour.kind ==
              world::AttemptBehaviour::Kind::throw_error));
  BOOST_TEST(resources[1].key == "Charge");
  BOOST_TEST(resources[1].attempts.at(0).behaviour.value["Payload"]["charged"] == true);
  // The self-contained form has the test case merged and no mock_config left.
  BOOST_TEST(!scenario.self_contained.contains("mock_config"));
  BOOST_TEST(scenario.self_contained["resources"]["Charge"]["attempts"]["0"].contains("Return"));
}

BOOST_AUTO_TEST_CASE(mock_config_lookups_that_fail_point_at_the_scenario_key) {
  const test::ScratchDirectory scratch("mock-lookup");
  scratch.write("MockConfigFile.json", kMockConfig);
  const std::string base = R"({"definition": )" + kDefinition + R"(, "mock_config": )";
  const auto machine = test::load_problems(
      base + R"({"file": "MockConfigFile.json", "state_machine": "Nope", "test_case": "X"}})",
      scratch.path());
  BOOST_TEST(has_problem(machine, "/mock_config/state_machine", "no state machine \"Nope\""),
             render(machine));
  const auto test_case = test::load_problems(
      base + R"({"file": "MockConfigFile.json", "state_machine": "Order", "test_case": "X"}})",
      scratch.path());
  BOOST_TEST(has_problem(test_case, "/mock_config/test_case", "no test case \"X\""),
             render(test_case));
  const auto missing = test::load_problems(base + R"({"file": "MockConfigFile.json"}})",
                                           scratch.path());
  BOOST_TEST(has_problem(missing, "/mock_config", "missing required key \"state_machine\""),
             render(missing));
}

BOOST_AUTO_TEST_CASE(attempts_given_both_by_the_scenario_and_the_mock_config_are_a_problem) {
  const test::ScratchDirectory scratch("mock-conflict");
  scratch.write("MockConfigFile.json", kMockConfig);
  const auto problems = test::load_problems(R"({"definition": )" + kDefinition + R"(,
    "mock_config": {"file": "MockConfigFile.json", "state_machine": "Order",
                    "test_case": "HappyPath"},
    "resources": {"Ship": {"attempts": {"0": {"Return": 1}}}}})",
                                            scratch.path());
  BOOST_TEST(has_problem(problems, "/resources/Ship/attempts", "also given by mock_config"),
             render(problems));
}

BOOST_AUTO_TEST_CASE(a_mocked_state_that_is_not_a_task_of_the_definition_names_the_mock_file) {
  const test::ScratchDirectory scratch("mock-state");
  scratch.write("mock.json", R"({"StateMachines": {"Order": {"TestCases": {
      "T": {"Billing": "R"}}}}, "MockedResponses": {"R": {"0": {"Return": 1}}}})");
  const auto problems = test::load_problems(R"({"definition": )" + kDefinition + R"(,
    "mock_config": {"file": "mock.json", "state_machine": "Order", "test_case": "T"}})",
                                            scratch.path());
  const std::string file = (scratch.path() / "mock.json").string();
  BOOST_TEST(has_problem(problems, "/StateMachines/Order/TestCases/T/Billing",
                         "matches no Task state", file),
             render(problems));
}

}  // namespace
}  // namespace wfsim::scenario
