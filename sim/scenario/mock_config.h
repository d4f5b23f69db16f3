// Step Functions Local mock-config files (MockConfigFile.json):
//
//   {"StateMachines": {"<machine>": {"TestCases": {"<case>": {"<state>": "<response>"}}}},
//    "MockedResponses": {"<response>": {"0": {"Return": ...}, "1-2": {"Throw": {...}}}}}
//
// A scenario imports one test case ("mock_config": {"file", "state_machine", "test_case"}); each
// mocked state becomes a resource keyed by the state name whose "attempts" are the response.
//
// This file owns reading and checking the file's shape (strictly, as the rest of wfsim's input).
// Merging into a scenario happens in the scenario loader.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "record/json.h"
#include "scenario/problems.h"

namespace wfsim::scenario {

struct MockTestCase {
  std::string pointer;  // Where the test case sits in the file.
  // (state name, response name) in file order.
  std::vector<std::pair<std::string, std::string>> states;
};

struct MockConfig {
  // State machine -> test case name -> test case.
  std::map<std::string, std::map<std::string, MockTestCase>> test_cases;
  // Response name -> its attempts table (already checked), as written.
  std::map<std::string, Json> responses;
};

// Checks and reads a mock-config document; problems name `label`. Every response is checked with
// the attempts rules (Return or Throw{Error, Cause} per "N" / "N-M" key) and every test case must
// name responses that exist.
std::variant<MockConfig, FileProblems> parse_mock_config(const Json& document,
                                                         const std::string& label);

}  // namespace wfsim::scenario
