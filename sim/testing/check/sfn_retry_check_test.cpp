// Invariants 1-6 (Retry and Catch) on faithful engine runs, and on histories edited by hand into
// each kind of violation. The planted defects are in mutants_caught_test.cpp.
#include "testing/check_harness.h"

namespace wfsim::check {
using namespace testing;

namespace {

// A Lambda task "Work" with the given Retry (and Catch to the Pass state "Handle").
std::string task_with(const std::string& retry, const std::string& catch_ = "",
                      const std::string& extra = "") {
  std::string text = R"({"StartAt":"Work","States":{"Work":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke",)" +
                     extra + R"("Retry":)" + retry;
  if (!catch_.empty()) text += R"(,"Catch":)" + catch_;
  text += R"(,"End":true})";
  if (!catch_.empty()) {
    text += R"(,"Handle":{"Type":"Pass","Next":"Other"},"Other":{"Type":"Pass","End":true})";
  }
  return text + "}}";
}

std::vector<std::optional<std::string>> errors(size_t n, const std::string& name) {
  return std::vector<std::optional<std::string>>(n, name);
}

int64_t id_of(const History& h, EventType type, size_t nth = 0) {
  const auto all = events_of(h, type);
  BOOST_TEST_REQUIRE(all.size() > nth);
  return all[nth]->id;
}

const char* kCatchTwoRetries = R"([{"ErrorEquals":["States.ALL"],"Next":"Handle",
                                   "ResultPath":"$.error"}])";
const char* kTwoRetries = R"([{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":2}])";

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_retry_checks)

BOOST_AUTO_TEST_CASE(backoff_with_and_without_jitter_and_max_delay_holds_on_the_engine) {
  for (const char* retrier :
       {R"({"ErrorEquals":["E"],"IntervalSeconds":3,"BackoffRate":2,"MaxDelaySeconds":5})",
        R"({"ErrorEquals":["E"],"IntervalSeconds":3,"BackoffRate":1.5,"MaxAttempts":4})",
        R"({"ErrorEquals":["E"],"IntervalSeconds":2,"MaxAttempts":5,"MaxDelaySeconds":7,
            "JitterStrategy":"FULL"})"}) {
    SfnRun run({}, 42);
    run.on_delivery(integration_script(errors(6, "E")));
    run.start(task_with(std::string("[") + retrier + "]"));
    run.run();
    WFSIM_CHECK_CLEAN(run.observation());
  }
}

BOOST_AUTO_TEST_CASE(a_retry_that_waits_longer_than_the_formula_breaks_the_delay_bound) {
  SfnRun run;
  run.on_delivery(integration_script(errors(3, "E")));
  run.start(task_with(R"([{"ErrorEquals":["E"],"IntervalSeconds":2,"MaxAttempts":2}])"));
  run.run();
  History edited = run.history();
  shift_from(edited, id_of(edited, EventType::TaskScheduled, 1), Duration::milliseconds(1500));
  const Observation o = run.observation_with(&edited, &run.calls);
  WFSIM_CHECK_VIOLATES(o, "sfn.retry_delay_bound");
  const auto found = check_invariant("sfn.retry_delay_bound", o);
  BOOST_TEST(found.front().event_id == id_of(edited, EventType::TaskScheduled, 1));
  BOOST_TEST(found.front().message.find("waited 3.500000s") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_counter_per_retrier_across_its_errors_holds_on_the_engine_sfn_2_2b) {
  SfnRun run;
  run.on_delivery(integration_script({"ErrorA", "ErrorB", "ErrorC", "ErrorB"}));
  run.start(task_with(R"([{"ErrorEquals":["ErrorA","ErrorB"],"IntervalSeconds":1,"MaxAttempts":2},
                          {"ErrorEquals":["ErrorC"],"IntervalSeconds":5}])"));
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_CASE(a_branch_aborted_during_its_retry_wait_by_a_sibling_failing_at_once_holds) {
  // Both branches time out at 5 s. The second branch's nested Parallel fails the outer one, which
  // aborts the first branch's task while it waits to retry: an abort, not giving up (found by
  // the soak profile of properties_sfn_invariants).
  SfnRun run;
  run.on_delivery([](SfnRun&, const sfn::Delivery&) {});  // Every integration hangs.
  run.start(R"({"StartAt":"Fork","States":{"Fork":{"Type":"Parallel","End":true,"Branches":[
      {"StartAt":"Work","States":{"Work":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
        "TimeoutSeconds":5,"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":1}],"End":true}}},
      {"StartAt":"Inner","States":{"Inner":{"Type":"Parallel","End":true,"Branches":[
        {"StartAt":"Other","States":{"Other":{"Type":"Task",
          "Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":5,"End":true}}}]}}}]}}})");
  run.run();
  const History& h = run.history();
  BOOST_TEST_REQUIRE(events_of(h, EventType::TaskTimedOut).size() == 2u);
  BOOST_TEST(events_of(h, EventType::TaskScheduled).size() == 2u);  // No retry ran.
  BOOST_TEST(h.events.back().type == EventType::ExecutionFailed);
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_CASE(a_task_in_a_parallel_aborted_from_outside_during_its_retry_wait_holds) {
  // The task's nested Parallel is aborted (ParallelStateAborted) at the instant the task failed
  // with a retry left, by the other branch failing the outer Parallel: the task was interrupted.
  SfnRun run;
  run.on_delivery([](SfnRun&, const sfn::Delivery&) {});  // Every integration hangs.
  run.start(R"({"StartAt":"Fork","States":{"Fork":{"Type":"Parallel","End":true,"Branches":[
      {"StartAt":"Nest","States":{"Nest":{"Type":"Parallel","End":true,"Branches":[
        {"StartAt":"Work","States":{"Work":{"Type":"Task",
          "Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":5,
          "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":1}],"End":true}}}]}}},
      {"StartAt":"Other","States":{"Other":{"Type":"Task",
        "Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":5,"End":true}}}]}}})");
  run.run();
  const History& h = run.history();
  BOOST_TEST_REQUIRE(events_of(h, EventType::TaskTimedOut).size() == 2u);
  BOOST_TEST(events_of(h, EventType::ParallelStateAborted).size() == 1u);
  BOOST_TEST(events_of(h, EventType::TaskScheduled).size() == 2u);  // No retry ran.
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_CASE(giving_up_before_the_retrier_is_exhausted_breaks_the_retry_budget) {
  SfnRun run;
  run.on_delivery(integration_script(errors(3, "E")));
  run.start(task_with(kTwoRetries));
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  // Drop the third attempt: the execution now fails after one retry of two.
  History edited = run.history();
  const int64_t third = id_of(edited, EventType::TaskScheduled, 2);
  const Instant second_failed = edited.at(third - 1).timestamp;
  remove_events(edited, {third, third + 1, third + 2});
  edited.events.back().timestamp = second_failed;
  CallLog calls = run.calls;
  calls.records.resize(calls.records.size() - 2);  // Its delivery and completion.
  WFSIM_CHECK_VIOLATES(run.observation_with(&edited, &calls), "sfn.retry_budget");
}

BOOST_AUTO_TEST_CASE(a_retry_with_no_retrier_left_breaks_the_retry_budget) {
  SfnRun run;
  run.on_delivery(integration_script(errors(3, "E")));
  run.start(task_with(R"([{"ErrorEquals":["E"],"IntervalSeconds":1,"MaxAttempts":1}])"));
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  // Claim MaxAttempts 0: the one retry recorded is then one too many.
  SfnRun stricter;
  stricter.start(task_with(R"([{"ErrorEquals":["E"],"MaxAttempts":0}])"));
  Observation o = run.observation();
  o.definition = stricter.definition.get();
  WFSIM_CHECK_VIOLATES(o, "sfn.retry_budget");
}

BOOST_AUTO_TEST_CASE(a_later_retrier_taking_over_breaks_no_fall_through) {
  SfnRun run;
  run.on_delivery(integration_script(errors(3, "E")));
  run.start(task_with(R"([{"ErrorEquals":["E"],"IntervalSeconds":1,"MaxAttempts":2}])"));
  run.run();
  // Read the same record against a definition whose first retrier allows one retry only.
  SfnRun other;
  other.start(task_with(R"([{"ErrorEquals":["E"],"IntervalSeconds":1,"MaxAttempts":1},
                            {"ErrorEquals":["States.ALL"],"IntervalSeconds":2,"MaxAttempts":3}])"));
  Observation o = run.observation();
  o.definition = other.definition.get();
  WFSIM_CHECK_VIOLATES(o, "sfn.no_fall_through");
  BOOST_TEST(check_invariant("sfn.retry_budget", o).empty());
}

BOOST_AUTO_TEST_CASE(re_entered_states_restart_their_counters_on_the_engine_sfn_2_2c) {
  SfnRun run;
  run.on_delivery(integration_script({"E", std::nullopt, "E", std::nullopt, "E"}));
  run.start(R"json({"StartAt":"Count","States":{
      "Count":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 1)"},"Next":"Work"},
      "Work":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","ResultPath":null,
              "Retry":[{"ErrorEquals":["E"],"IntervalSeconds":1,"MaxAttempts":1}],"Next":"Again"},
      "Again":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":3,"Next":"Count"}],
               "Default":"Done"},
      "Done":{"Type":"Succeed"}}})json",
            Json{{"n", 0}});
  run.run();
  BOOST_TEST(run.history().events.back().type == EventType::ExecutionSucceeded);
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_CASE(states_runtime_is_neither_retried_nor_caught_on_the_engine) {
  SfnRun run;
  run.on_delivery(integration_script({"States.Runtime"}));
  run.start(task_with(R"([{"ErrorEquals":["States.ALL"]}])", R"([{"ErrorEquals":["States.ALL"],
                      "Next":"Handle"}])"));
  run.run();
  BOOST_TEST(*run.history().events.back().error == "States.Runtime");
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_CASE(catching_a_data_limit_failure_breaks_uncatchable_errors) {
  SfnRun run;
  run.on_delivery(integration_script({"Boom"}));
  run.start(task_with("[]", R"([{"ErrorEquals":["States.ALL"],"Next":"Handle"}])"));
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  History edited = run.history();
  const int64_t failed = id_of(edited, EventType::TaskFailed);
  edited.events[static_cast<size_t>(failed - 1)].error = "States.DataLimitExceeded";
  CallLog calls = run.calls;
  for (CallRecord& r : calls.records) {
    if (r.api == ApiCall::CompleteIntegration) r.request["error"] = "States.DataLimitExceeded";
  }
  WFSIM_CHECK_VIOLATES(run.observation_with(&edited, &calls), "sfn.uncatchable_errors");
}

BOOST_AUTO_TEST_CASE(a_task_failed_catcher_does_not_take_a_timeout_on_the_engine) {
  SfnRun run;  // Nobody answers: the task times out.
  run.start(task_with(R"([{"ErrorEquals":["States.TaskFailed"]}])",
                      R"([{"ErrorEquals":["States.TaskFailed"],"Next":"Handle"}])",
                      R"("TimeoutSeconds":2,)"));
  run.run();
  BOOST_TEST(run.history().events.back().type == EventType::ExecutionFailed);
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_CASE(retries_then_catch_with_result_path_hold_on_the_engine_4_4) {
  SfnRun run;
  run.on_delivery(integration_script(errors(3, "Boom")));
  run.start(task_with(kTwoRetries, kCatchTwoRetries), Json{{"order", 1}});
  run.run();
  BOOST_TEST(*run.history().events.back().output ==
             (Json{{"order", 1}, {"error", {{"Error", "Boom"}, {"Cause", "attempt 2"}}}}));
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_CASE(catching_while_retries_remain_breaks_catch_after_retry) {
  SfnRun run;
  run.on_delivery(integration_script(errors(3, "Boom")));
  run.start(task_with(kTwoRetries, kCatchTwoRetries), Json{{"order", 1}});
  run.run();
  History edited = run.history();
  const int64_t second = id_of(edited, EventType::TaskScheduled, 1);
  remove_events(edited, {second, second + 1, second + 2, second + 3, second + 4, second + 5});
  WFSIM_CHECK_VIOLATES(run.observation_with(&edited, nullptr), "sfn.catch_after_retry");
}

BOOST_AUTO_TEST_CASE(a_catcher_passing_the_wrong_error_output_or_next_state_is_caught) {
  SfnRun run;
  run.on_delivery(integration_script(errors(3, "Boom")));
  run.start(task_with(kTwoRetries, kCatchTwoRetries), Json{{"order", 1}});
  run.run();
  History wrong_output = run.history();
  const int64_t exited = id_of(wrong_output, EventType::TaskStateExited);
  wrong_output.events[static_cast<size_t>(exited - 1)].output =
      make_document(Json{{"Error", "Boom"}, {"Cause", "attempt 2"}});  // ResultPath ignored.
  WFSIM_CHECK_VIOLATES(run.observation_with(&wrong_output, &run.calls), "sfn.catch_after_retry");
  History wrong_next = run.history();
  for (HistoryEvent& e : wrong_next.events) {
    if (e.name == "Handle") e.name = "Other";
  }
  WFSIM_CHECK_VIOLATES(run.observation_with(&wrong_next, &run.calls), "sfn.catch_after_retry");
}

BOOST_AUTO_TEST_CASE(a_parallel_retry_reads_the_failing_branch_error_4_4e) {
  SfnRun run;
  run.on_delivery(integration_script({"Flaky", "Flaky"}));
  run.start(R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel",
      "Branches":[{"StartAt":"W","States":{"W":{"Type":"Task",
        "Resource":"arn:aws:states:::lambda:invoke","End":true}}}],
      "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":2,"MaxAttempts":1}],
      "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
      "H":{"Type":"Pass","End":true}}})");
  run.run();
  BOOST_TEST(events_of(run.history(), EventType::ParallelStateStarted).size() == 2u);
  WFSIM_CHECK_CLEAN(run.observation());
  // Shorten the retry wait: the Parallel's own retrier promised 2 s.
  History edited = run.history();
  shift_from(edited, id_of(edited, EventType::ParallelStateStarted, 1), -Duration::seconds(1));
  WFSIM_CHECK_VIOLATES(run.observation_with(&edited, &run.calls), "sfn.retry_delay_bound");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
