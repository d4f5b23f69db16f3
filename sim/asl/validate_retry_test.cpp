// Retry and Catch: ErrorEquals rules (any names, States.ALL alone and last), retrier field
// limits and defaults (SFN-2.1a), catcher Next and ResultPath.
#include <boost/test/unit_test.hpp>

#include "asl/definition.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;

Json task_with(const char* field, const Json& value) {
  Json source = json(R"({"StartAt": "S", "States": {
      "S": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true},
      "Caught": {"Type": "Succeed"}}})");
  source["States"]["S"][field] = value;
  // Keep "Caught" reachable when the test is about Retry.
  if (std::string(field) != "Catch") {
    source["States"]["S"]["Catch"] = json(R"([{"ErrorEquals": ["Custom"], "Next": "Caught"}])");
  }
  return source;
}

Problems retry_problems(const Json& retry) { return validate(task_with("Retry", retry)); }
Problems catch_problems(const Json& catchers) { return validate(task_with("Catch", catchers)); }

const State& first_state(const std::shared_ptr<const Definition>& definition) {
  return definition->root.states.front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(retry_and_catch)

BOOST_AUTO_TEST_CASE(a_retrier_without_fields_gets_the_aws_defaults) {
  auto definition = test::parse_ok(task_with("Retry", json(R"([{"ErrorEquals": ["E"]}])")));
  const Retrier& retrier = first_state(definition).retry.at(0);
  BOOST_CHECK((retrier.error_equals == std::vector<std::string>{"E"}));
  BOOST_CHECK_EQUAL(retrier.interval_seconds, 1);
  BOOST_CHECK_EQUAL(retrier.max_attempts, 3);
  BOOST_CHECK_EQUAL(retrier.backoff_rate, 2.0);
  BOOST_CHECK(!retrier.max_delay_seconds.has_value());
  BOOST_CHECK(retrier.jitter == JitterStrategy::none);
}

BOOST_AUTO_TEST_CASE(a_retrier_compiles_every_field_it_is_given) {
  auto definition = test::parse_ok(task_with("Retry", json(R"([{"ErrorEquals": ["A", "B"],
      "IntervalSeconds": 3, "MaxAttempts": 0, "BackoffRate": 1.5, "MaxDelaySeconds": 31622400,
      "JitterStrategy": "FULL", "Comment": "c"}])")));
  const Retrier& retrier = first_state(definition).retry.at(0);
  BOOST_CHECK_EQUAL(retrier.error_equals.size(), 2u);
  BOOST_CHECK_EQUAL(retrier.interval_seconds, 3);
  BOOST_CHECK_EQUAL(retrier.max_attempts, 0);
  BOOST_CHECK_EQUAL(retrier.backoff_rate, 1.5);
  BOOST_CHECK_EQUAL(*retrier.max_delay_seconds, 31'622'400);
  BOOST_CHECK(retrier.jitter == JitterStrategy::full);
}

BOOST_AUTO_TEST_CASE(retrier_numbers_outside_their_limits_are_problems_at_the_field) {
  const auto check = [](const char* field, const Json& value, const char* fragment) {
    Json retrier = {{"ErrorEquals", {"E"}}, {field, value}};
    WFSIM_CHECK_PROBLEM(retry_problems(Json::array({retrier})),
                        std::string("/States/S/Retry/0/") + field, fragment);
  };
  check("IntervalSeconds", 0, "must be a positive integer");
  check("IntervalSeconds", 100'000'000, "must be at most 99999999");
  check("MaxAttempts", -1, "must be a non-negative integer");
  check("MaxAttempts", 100'000'000, "must be at most 99999999");
  check("MaxAttempts", "3", "must be a non-negative integer");
  check("BackoffRate", 0.5, "greater than or equal to 1.0");
  check("BackoffRate", "2", "greater than or equal to 1.0");
  check("MaxDelaySeconds", 0, "must be a positive integer");
  check("MaxDelaySeconds", 31'622'401, "must be at most 31622400");
  check("JitterStrategy", "PARTIAL", "must be \"FULL\" or \"NONE\"");
  check("Comment", 5, "must be a string");
  check("Bogus", 1, "unknown field 'Bogus' in a retrier");
}

BOOST_AUTO_TEST_CASE(a_backoff_rate_of_exactly_one_is_allowed) {
  WFSIM_CHECK_NO_PROBLEMS(retry_problems(json(R"([{"ErrorEquals": ["E"], "BackoffRate": 1}])")));
}

BOOST_AUTO_TEST_CASE(error_equals_must_be_a_non_empty_array_of_non_empty_names) {
  WFSIM_CHECK_PROBLEM(retry_problems(json(R"([{"MaxAttempts": 1}])")), "/States/S/Retry/0",
                      "must have ErrorEquals");
  WFSIM_CHECK_PROBLEM(retry_problems(json(R"([{"ErrorEquals": []}])")),
                      "/States/S/Retry/0/ErrorEquals", "non-empty array");
  WFSIM_CHECK_PROBLEM(retry_problems(json(R"([{"ErrorEquals": "E"}])")),
                      "/States/S/Retry/0/ErrorEquals", "non-empty array");
  WFSIM_CHECK_PROBLEM(retry_problems(json(R"([{"ErrorEquals": ["E", ""]}])")),
                      "/States/S/Retry/0/ErrorEquals/1", "non-empty string");
  WFSIM_CHECK_PROBLEM(retry_problems(json(R"([{"ErrorEquals": [3]}])")),
                      "/States/S/Retry/0/ErrorEquals/0", "non-empty string");
}

// AWS accepts custom names that begin with "States." (public definitions catch
// "States.QuorumMet"; SFN-1.6b caveat), so only the real States.ALL is special.
BOOST_AUTO_TEST_CASE(custom_names_beginning_with_states_are_accepted_like_any_name) {
  WFSIM_CHECK_NO_PROBLEMS(retry_problems(json(R"([{"ErrorEquals": ["States.Oops"]},
                                                 {"ErrorEquals": ["States.ALL"]}])")));
  WFSIM_CHECK_NO_PROBLEMS(catch_problems(json(R"([
      {"ErrorEquals": ["States.QuorumMet", "States.Timeout"], "Next": "Caught"},
      {"ErrorEquals": ["States.ALL"], "Next": "Caught"}])")));
  // Lookalikes of States.ALL are ordinary names: neither alone nor last is required.
  WFSIM_CHECK_NO_PROBLEMS(retry_problems(json(R"([{"ErrorEquals": ["States.all", "E"]},
                                                 {"ErrorEquals": ["States.ALLx", "E"]},
                                                 {"ErrorEquals": ["E"]}])")));
  WFSIM_CHECK_PROBLEM(catch_problems(json(R"([{"ErrorEquals": ["States.ALL"], "Next": "Caught"},
      {"ErrorEquals": ["States.QuorumMet"], "Next": "Caught"}])")),
                      "/States/S/Catch/0/ErrorEquals",
                      "a catcher with States.ALL must be the last");
  WFSIM_CHECK_NO_PROBLEMS(retry_problems(json(R"([{"ErrorEquals": [
      "States.Timeout", "States.HeartbeatTimeout", "States.TaskFailed", "States.Permissions",
      "States.ResultPathMatchFailure", "States.ParameterPathFailure", "States.BranchFailed",
      "States.NoChoiceMatched", "States.IntrinsicFailure", "States.QueryEvaluationError",
      "States.ExceedToleratedFailureThreshold", "States.ItemReaderFailed",
      "States.ResultWriterFailed", "States.DataLimitExceeded", "States.Runtime",
      "States.Http.Socket", "Lambda.ServiceException", "MyError"]}])")));
}

BOOST_AUTO_TEST_CASE(states_all_must_be_alone_in_its_error_equals) {
  const Problems problems =
      retry_problems(json(R"([{"ErrorEquals": ["States.ALL", "States.Timeout"]}])"));
  WFSIM_CHECK_PROBLEM(problems, "/States/S/Retry/0/ErrorEquals",
                      "States.ALL must be the only entry of ErrorEquals");
}

BOOST_AUTO_TEST_CASE(a_retrier_with_states_all_not_last_is_rejected_with_its_path) {
  const Problems problems = retry_problems(json(R"([{"ErrorEquals": ["A"]},
      {"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["B"]}])"));
  BOOST_CHECK_EQUAL(problems.size(), 1u);
  WFSIM_CHECK_PROBLEM(problems, "/States/S/Retry/1/ErrorEquals",
                      "a retrier with States.ALL must be the last one");
  WFSIM_CHECK_NO_PROBLEMS(retry_problems(json(R"([{"ErrorEquals": ["A"]},
      {"ErrorEquals": ["States.ALL"]}])")));
}

BOOST_AUTO_TEST_CASE(retry_must_be_an_array_of_objects) {
  WFSIM_CHECK_PROBLEM(retry_problems(json(R"({"ErrorEquals": ["E"]})")), "/States/S/Retry",
                      "must be an array of retriers");
  WFSIM_CHECK_PROBLEM(retry_problems(json("[1]")), "/States/S/Retry/0",
                      "a retrier must be an object");
  WFSIM_CHECK_NO_PROBLEMS(retry_problems(json("[]")));
}

BOOST_AUTO_TEST_CASE(retry_and_catch_are_only_for_task_parallel_and_map) {
  const Json source = json(R"({"StartAt": "S", "States": {"S": {"Type": "Wait", "Seconds": 1,
      "End": true, "Retry": [], "Catch": []}}})");
  const Problems problems = validate(source);
  WFSIM_CHECK_PROBLEM(problems, "/States/S/Retry", "unknown field 'Retry' for a Wait state");
  WFSIM_CHECK_PROBLEM(problems, "/States/S/Catch", "unknown field 'Catch' for a Wait state");
}

BOOST_AUTO_TEST_CASE(a_catcher_compiles_its_next_and_result_path) {
  auto definition = test::parse_ok(task_with("Catch", json(R"([
      {"ErrorEquals": ["E"], "Next": "Caught", "ResultPath": "$.error"},
      {"ErrorEquals": ["States.ALL"], "Next": "Caught", "ResultPath": null, "Comment": "c"}])")));
  const State& state = first_state(definition);
  BOOST_REQUIRE_EQUAL(state.catch_.size(), 2u);
  BOOST_CHECK_EQUAL(state.catch_[0].next, 1);
  BOOST_CHECK_EQUAL(state.catch_[0].result_path.path->text(), "$.error");
  BOOST_CHECK(state.catch_[1].result_path.kind == IoPath::Kind::null);
  auto plain = test::parse_ok(task_with("Catch", json(R"([{"ErrorEquals": ["E"],
                                                           "Next": "Caught"}])")));
  BOOST_CHECK(first_state(plain).catch_[0].result_path.kind == IoPath::Kind::root);
}

BOOST_AUTO_TEST_CASE(a_catcher_needs_a_next_naming_a_state_of_its_machine) {
  WFSIM_CHECK_PROBLEM(catch_problems(json(R"([{"ErrorEquals": ["E"]}])")), "/States/S/Catch/0",
                      "a catcher must have Next");
  WFSIM_CHECK_PROBLEM(catch_problems(json(R"([{"ErrorEquals": ["E"], "Next": "Nope"},
                                               {"ErrorEquals": ["F"], "Next": "Caught"}])")),
                      "/States/S/Catch/0/Next", "no state named 'Nope'");
}

BOOST_AUTO_TEST_CASE(a_catcher_with_states_all_not_last_is_rejected_with_its_path) {
  WFSIM_CHECK_PROBLEM(catch_problems(json(R"([{"ErrorEquals": ["States.ALL"], "Next": "Caught"},
                                               {"ErrorEquals": ["E"], "Next": "Caught"}])")),
                      "/States/S/Catch/0/ErrorEquals",
                      "a catcher with States.ALL must be the last one");
}

BOOST_AUTO_TEST_CASE(catcher_fields_are_checked) {
  WFSIM_CHECK_PROBLEM(catch_problems(json(R"([{"ErrorEquals": ["E"], "Next": "Caught",
                                               "ResultPath": "$.a[*]"}])")),
                      "/States/S/Catch/0/ResultPath", "Reference Path");
  WFSIM_CHECK_PROBLEM(catch_problems(json(R"([{"ErrorEquals": ["E"], "Next": "Caught",
                                               "Retry": 1}])")),
                      "/States/S/Catch/0/Retry", "unknown field 'Retry' in a catcher");
  WFSIM_CHECK_PROBLEM(catch_problems(json(R"([{"ErrorEquals": ["E"], "Next": "Caught",
                                               "Assign": {"bad name": 1}}])")),
                      "/States/S/Catch/0/Assign/bad name", "not a valid variable name");
  WFSIM_CHECK_PROBLEM(catch_problems(json(R"([{"ErrorEquals": ["E"], "Next": "Caught",
                                               "Output": {}}])")),
                      "/States/S/Catch/0/Output", "exists only in JSONata catchers");
  WFSIM_CHECK_PROBLEM(catch_problems(json(R"({"ErrorEquals": ["E"]})")), "/States/S/Catch",
                      "must be an array of catchers");
  WFSIM_CHECK_PROBLEM(catch_problems(json(R"(["E"])")), "/States/S/Catch/0",
                      "a catcher must be an object");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
