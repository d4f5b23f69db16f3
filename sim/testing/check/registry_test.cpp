// The invariant registry and the scenario expectations: every invariant of facts section 6 is
// there once with its fact reference, names are stable and dialect-scoped, unknown names are a
// bug, and "expect" blocks are judged against the record.
#include "testing/check_harness.h"

#include <set>

namespace wfsim::check {
using namespace testing;

BOOST_AUTO_TEST_SUITE(check_registry)

BOOST_AUTO_TEST_CASE(every_section_6_invariant_has_one_named_checker_with_its_fact_reference) {
  std::set<std::string_view> names;
  std::set<int> numbers;
  for (const InvariantInfo& info : all_invariants()) {
    BOOST_TEST(names.insert(info.name).second, "duplicate name " << info.name);
    BOOST_TEST(info.name.starts_with(info.temporal ? "temporal." : "sfn."));
    BOOST_TEST(info.fact.starts_with("invariant "));
    BOOST_TEST(!info.summary.empty());
    numbers.insert(std::stoi(std::string(info.fact.substr(10))));
  }
  // 1-25 from facts section 6; 26, variable scopes, from jsonata-variables-facts (VAR-2, 3);
  // 27-30, Map Runs, from distributed-map-facts (DMAP-2, 4, 6, 11, 12).
  for (int n = 1; n <= 30; ++n) BOOST_TEST(numbers.count(n) == 1u, "invariant " << n);
  BOOST_TEST(names.size() == 31u);
  BOOST_TEST(names.count("sfn.one_outcome_per_attempt") == 1u);
}

BOOST_AUTO_TEST_CASE(an_unknown_invariant_name_is_a_bug_in_the_caller) {
  SfnRun run;
  run.start(R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})");
  run.run();
  BOOST_CHECK_THROW(check_invariant("sfn.no_such_thing", run.observation()), AssertionFailure);
}

BOOST_AUTO_TEST_CASE(invariants_of_the_other_dialect_do_not_apply) {
  SfnRun run;
  run.start(R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})");
  run.run();
  BOOST_TEST(check_invariant("temporal.exact_backoff", run.observation()).empty());
  for (const Violation& v : check_invariants(run.observation())) {
    BOOST_TEST(v.invariant.starts_with("sfn."));
  }
}

BOOST_AUTO_TEST_CASE(expectations_judge_status_duration_states_and_events) {
  SfnRun run;
  run.on_delivery(succeed_integrations(Duration::seconds(3)));
  run.start(R"({"StartAt":"Prepare","States":{
      "Prepare":{"Type":"Choice","Choices":[{"Variable":"$.go","BooleanEquals":false,
                 "Next":"Never"}],"Default":"Ship"},
      "Ship":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true},
      "Never":{"Type":"Fail","Error":"X"}}})",
            Json{{"go", true}});
  run.run();
  const Observation o = run.observation();
  Expectations met;
  met.status = {"SUCCEEDED", "FAILED"};
  met.max_duration = Duration::seconds(3);
  met.states_reached = {"Prepare", "Ship"};
  met.states_not_reached = {"Never"};
  met.events = {"TaskSucceeded", "ExecutionSucceeded"};
  BOOST_TEST(check_expectations(o, met, "SUCCEEDED", Duration::seconds(3)).empty());

  Expectations unmet;
  unmet.status = {"FAILED"};
  unmet.max_duration = Duration::seconds(2);
  unmet.states_reached = {"Never"};
  unmet.states_not_reached = {"Ship"};
  unmet.events = {"TaskFailed", "NoSuchEvent"};
  const auto found = check_expectations(o, unmet, "SUCCEEDED", Duration::seconds(3));
  std::vector<std::string> names;
  for (const Violation& v : found) names.push_back(v.invariant);
  const std::vector<std::string> expected = {"expect.status",         "expect.max_duration",
                                             "expect.states_reached", "expect.states_not_reached",
                                             "expect.events",         "expect.events"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
  BOOST_TEST(of(found, "expect.states_not_reached").front().event_id == 4);  // Ship entered.
  BOOST_TEST(of(found, "expect.events").back().message.find("not a Step Functions") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(temporal_expectations_name_activities_by_type_or_id) {
  TemporalRun run;
  run.start(R"({"steps":[{"activity":"Charge","options":{"start_to_close_seconds":5}}]})");
  run.complete(run.poll("Charge")->task_token);
  const Observation o = run.observation();
  Expectations e;
  e.states_reached = {"Charge", "1"};
  e.events = {"ActivityTaskCompleted", "EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED"};
  BOOST_TEST(check_expectations(o, e, "COMPLETED", Duration::zero()).empty());
  e.states_not_reached = {"Charge"};
  e.events.push_back("ActivityTaskTimedOut");
  const auto found = check_expectations(o, e, "COMPLETED", Duration::zero());
  BOOST_TEST(found.size() == 2u, describe(found));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
