// Invariants 15-18 (redrive): eligibility and DescribeExecution, no rerun of succeeded steps,
// append-only history, restarted clocks and retry counts; faithful runs and edited records.
#include "testing/check_harness.h"

namespace wfsim::check {
using namespace testing;

namespace {

const char* kPassThenTask = R"({"StartAt":"Prepare","States":{
  "Prepare":{"Type":"Pass","Result":{"prepared":true},"ResultPath":"$.prep","Next":"Ship"},
  "Ship":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","ResultPath":"$.ship",
          "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":1}],
          "End":true}}})";

// Fails the first `failures` Lambda calls, answers the rest.
SfnRun::Responder fail_first(size_t failures) {
  return integration_script(std::vector<std::optional<std::string>>(failures, "Ship.Unavailable"));
}

CallRecord* find_call(CallLog& log, ApiCall api, size_t nth = 0) {
  for (CallRecord& r : log.records) {
    if (r.api == api && nth-- == 0) return &r;
  }
  BOOST_FAIL("no such call");
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_redrive_checks)

BOOST_AUTO_TEST_CASE(a_redrive_after_failure_resumes_at_the_failed_task_4_6) {
  SfnRun run;
  run.on_delivery(fail_first(2));
  run.start(kPassThenTask, Json{{"order", 7}});
  run.run();
  BOOST_TEST(run.redrive().ok());
  run.run();
  BOOST_TEST(run.history().events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(run.redrive().error->code == "ExecutionNotRedrivable");  // SUCCEEDED.
  run.describe();
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_CASE(refusals_and_describe_agree_with_eligibility_on_the_engine) {
  SfnRun run;
  run.on_delivery(fail_first(10));
  run.start(R"({"StartAt":"Hold","States":{"Hold":{"Type":"Wait","Seconds":5,"Next":"Ship"},
      "Ship":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}})");
  run.run_until(kDefaultEpoch + Duration::seconds(1));
  BOOST_TEST(run.redrive().error->message == "Execution is RUNNING and cannot be redriven");
  run.describe();
  run.run();
  run.describe();
  run.run_until(run.now() + Duration::seconds(15 * 86'400));
  BOOST_TEST(run.redrive().error->message == "Execution redrivable period exceeded");
  run.describe();
  WFSIM_CHECK_CLEAN(run.observation());
  // Judged with a 30-day window, the same refusal is wrong.
  Semantics longer;
  longer.redrive_window = Duration::seconds(30 * 86'400);
  WFSIM_CHECK_VIOLATES(run.observation(longer), "sfn.redrive_eligibility");
  // And so is a describe that says the opposite of what a redrive would get.
  CallLog lying = run.calls;
  (*find_call(lying, ApiCall::DescribeExecution, 0)->response)["redriveStatus"] = "REDRIVABLE";
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &lying), "sfn.redrive_eligibility");
}

BOOST_AUTO_TEST_CASE(an_accepted_redrive_of_a_running_execution_breaks_eligibility) {
  SfnRun run;
  run.on_delivery(fail_first(2));
  run.start(kPassThenTask);
  run.run();
  run.redrive();
  run.run();
  // Pretend the redrive happened before the execution failed.
  History early = run.history();
  const int64_t redriven = events_of(early, EventType::ExecutionRedriven).front()->id;
  CallLog calls = run.calls;
  CallRecord* call = find_call(calls, ApiCall::RedriveExecution);
  call->time = early.at(redriven - 1).timestamp - Duration::milliseconds(1);
  early.events[static_cast<size_t>(redriven - 2)].timestamp =
      call->time + Duration::milliseconds(2);
  WFSIM_CHECK_VIOLATES(run.observation_with(&early, &calls), "sfn.redrive_eligibility");
}

BOOST_AUTO_TEST_CASE(redrive_reruns_only_the_failed_branch_and_iterations_on_the_engine) {
  SfnRun parallel;
  parallel.on_delivery([](SfnRun& r, const sfn::Delivery& d) {
    const bool fail = d.state_name == "B" && d.invocation == 0;
    r.complete(d.token, fail ? sfn::IntegrationResult::failure("Bad", "")
                             : sfn::IntegrationResult::success(Json{{"from", d.state_name}}));
  });
  parallel.start(R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel","Branches":[
      {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
        "End":true}}},
      {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
        "End":true}}}],"End":true}}})");
  parallel.run();
  parallel.redrive();
  parallel.run();
  WFSIM_CHECK_CLEAN(parallel.observation());

  SfnRun map;
  int round = 0;
  map.on_delivery([&round](SfnRun& r, const sfn::Delivery& d) {
    const int n = d.payload["n"].get<int>();
    r.complete(d.token, round == 0 && n % 2 == 1 ? sfn::IntegrationResult::failure("Odd", "")
                                                 : sfn::IntegrationResult::success(Json{{"n", n}}));
  });
  map.start(R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",
      "MaxConcurrency":1,"ItemProcessor":{"StartAt":"W","States":{
      "W":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},
      "End":true}}})",
            Json{{"items", {{{"n", 0}}, {{"n", 1}}, {{"n", 2}}}}});
  map.run();
  round = 1;
  map.redrive();
  map.run();
  WFSIM_CHECK_CLEAN(map.observation());
  // Read the iteration that succeeded before the redrive as if it had run again.
  History edited = map.history();
  for (HistoryEvent& e : edited.events) {
    if (e.type == EventType::MapIterationStarted && e.index == 2 && e.id > 20) e.index = 0;
    if (e.type == EventType::MapIterationSucceeded && e.index == 2 && e.id > 20) e.index = 0;
  }
  WFSIM_CHECK_VIOLATES(map.observation_with(&edited, &map.calls),
                       "sfn.redrive_no_rerun_of_succeeded");
}

BOOST_AUTO_TEST_CASE(resuming_at_a_state_that_had_succeeded_breaks_no_rerun) {
  SfnRun run;
  run.on_delivery(fail_first(2));
  run.start(kPassThenTask);
  run.run();
  run.redrive();
  run.run();
  History edited = run.history();
  // Replace the resumed TaskStateEntered by a re-run of Prepare.
  const int64_t redriven = events_of(edited, EventType::ExecutionRedriven).front()->id;
  HistoryEvent again = edited.at(2);  // PassStateEntered Prepare.
  again.previous_event_id = redriven;
  again.timestamp = edited.at(redriven).timestamp;
  insert_event(edited, redriven, again);
  HistoryEvent exited = edited.at(3);
  exited.previous_event_id = redriven + 1;
  exited.timestamp = again.timestamp;
  insert_event(edited, redriven + 1, exited);
  edited.events[static_cast<size_t>(redriven + 2)].previous_event_id = redriven + 2;
  WFSIM_CHECK_VIOLATES(run.observation_with(&edited, &run.calls),
                       "sfn.redrive_no_rerun_of_succeeded");
}

BOOST_AUTO_TEST_CASE(the_history_is_only_appended_to_and_counts_redrives_by_one) {
  SfnRun run;
  run.on_delivery(fail_first(4));
  run.start(kPassThenTask);
  run.run();
  BOOST_TEST(run.redrive("token-1").ok());
  run.run();
  BOOST_TEST(run.redrive("token-1").ok());  // Idempotent: no second ExecutionRedriven.
  BOOST_TEST(run.redrive("token-2").ok());
  run.run();
  BOOST_TEST(events_of(run.history(), EventType::ExecutionRedriven).size() == 2u);
  WFSIM_CHECK_CLEAN(run.observation());
  History miscounted = run.history();
  for (HistoryEvent& e : miscounted.events) {
    if (e.type == EventType::ExecutionRedriven && e.redrive_count == 2) e.redrive_count = 3;
  }
  WFSIM_CHECK_VIOLATES(run.observation_with(&miscounted, &run.calls), "sfn.redrive_append_only");
  CallLog other_answer = run.calls;  // The idempotent repeat answered differently.
  (*find_call(other_answer, ApiCall::RedriveExecution, 1)->response)["redriveDate"] = "2030-01-01";
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &other_answer),
                       "sfn.redrive_append_only");
  CallLog refused = run.calls;  // The second real redrive reported as refused.
  CallRecord* second = find_call(refused, ApiCall::RedriveExecution, 2);
  second->response.reset();
  second->error = ApiError{"ExecutionNotRedrivable", "Execution is RUNNING and cannot be redriven"};
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &refused), "sfn.redrive_append_only");
}

BOOST_AUTO_TEST_CASE(redrive_restarts_the_execution_clock_and_retry_counts_on_the_engine) {
  SfnRun run;
  run.start(R"({"TimeoutSeconds":10,"StartAt":"Pause","States":{
      "Pause":{"Type":"Wait","Seconds":8,"Next":"Pause2"},
      "Pause2":{"Type":"Wait","Seconds":8,"End":true}}})");
  run.run();
  run.run_until(run.now() + Duration::seconds(100));
  run.redrive();
  run.run();
  BOOST_TEST(run.history().events.back().type == EventType::ExecutionSucceeded);
  WFSIM_CHECK_CLEAN(run.observation());
  History early = run.history();  // Timed out 1 s early in the first run.
  early.events[static_cast<size_t>(events_of(early, EventType::ExecutionTimedOut).front()->id - 1)]
      .timestamp = kDefaultEpoch + Duration::seconds(9);
  WFSIM_CHECK_VIOLATES(run.observation_with(&early, &run.calls), "sfn.redrive_resets_clocks");
}

BOOST_AUTO_TEST_CASE(a_resumed_task_that_keeps_its_retry_count_breaks_redrive_resets_clocks) {
  SfnRun run;
  run.on_delivery(fail_first(4));
  run.start(kPassThenTask);
  run.run();
  run.redrive();
  run.run();
  BOOST_TEST(events_of(run.history(), EventType::TaskScheduled).size() == 4u);
  WFSIM_CHECK_CLEAN(run.observation());
  // Drop the retry after the redrive: the resumed visit gave up as if its count were still 1.
  History edited = run.history();
  const int64_t retry = events_of(edited, EventType::TaskScheduled)[3]->id;
  const Instant failed = edited.at(retry - 1).timestamp;
  remove_events(edited, {retry, retry + 1, retry + 2});
  edited.events.back().timestamp = failed;
  CallLog calls = run.calls;
  calls.records.resize(calls.records.size() - 2);
  WFSIM_CHECK_VIOLATES(run.observation_with(&edited, &calls), "sfn.redrive_resets_clocks");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
