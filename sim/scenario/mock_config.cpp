// Reading Step Functions Local mock-config files; see mock_config.h.
#include "scenario/mock_config.h"

#include "scenario/reader.h"
#include "scenario/scenario_parts.h"

namespace wfsim::scenario {
namespace {

void read_test_cases(Reader& reader, const Json& machine, const std::string& at,
                     const std::map<std::string, Json>& responses,
                     std::map<std::string, MockTestCase>& out) {
  if (!reader.object(machine, at, {"TestCases"})) return;
  const Json* cases = reader.find(machine, at, "TestCases", true);
  if (cases == nullptr) return;
  const std::string cases_at = Reader::child(at, "TestCases");
  if (!cases->is_object()) {
    reader.problem(cases_at, "must be an object of test case name -> {state: response}");
    return;
  }
  for (const auto& [name, states] : cases->items()) {
    MockTestCase test_case;
    test_case.pointer = Reader::child(cases_at, name);
    if (!states.is_object()) {
      reader.problem(test_case.pointer, "must be an object of state name -> response name");
      continue;
    }
    for (const auto& [state, response] : states.items()) {
      const std::string state_at = Reader::child(test_case.pointer, state);
      if (!response.is_string()) {
        reader.problem(state_at, "must be the name of a MockedResponses entry");
        continue;
      }
      const auto& response_name = response.get_ref<const std::string&>();
      if (!responses.contains(response_name)) {
        reader.problem(state_at, "names no MockedResponses entry (\"" + response_name + "\")");
      }
      test_case.states.emplace_back(state, response_name);
    }
    out.emplace(name, std::move(test_case));
  }
}

}  // namespace

std::variant<MockConfig, FileProblems> parse_mock_config(const Json& document,
                                                         const std::string& label) {
  FileProblems problems;
  Reader reader(label, problems);
  MockConfig config;
  if (!reader.object(document, "", {"StateMachines", "MockedResponses"})) return problems;
  if (const Json* responses = reader.find(document, "", "MockedResponses")) {
    if (!responses->is_object()) {
      reader.problem("/MockedResponses", "must be an object of response name -> attempts");
    } else {
      for (const auto& [name, attempts] : responses->items()) {
        const std::string at = Reader::child("/MockedResponses", name);
        detail::parse_attempts(reader, attempts, at, detail::AttemptsDialect{true, false});
        config.responses.emplace(name, attempts);
      }
    }
  }
  if (const Json* machines = reader.find(document, "", "StateMachines", true)) {
    if (!machines->is_object()) {
      reader.problem("/StateMachines", "must be an object of state machine name -> test cases");
    } else {
      for (const auto& [name, machine] : machines->items()) {
        read_test_cases(reader, machine, Reader::child("/StateMachines", name), config.responses,
                        config.test_cases[name]);
      }
    }
  }
  if (!problems.empty()) return problems;
  return config;
}

}  // namespace wfsim::scenario
