// Step Functions workers in the world without faults: activity pollers, callback handlers and
// integration responders; mock-config attempt keys across retries and redrive; the default
// responder; late completions after the close; workers giving a task up when a heartbeat says
// it is gone; scenario actions in the call log.
#include <set>

#include "world/world_test_support.h"

namespace wfsim::world {
using namespace testing;

BOOST_AUTO_TEST_SUITE(world_workers)

BOOST_AUTO_TEST_CASE(an_activity_poller_takes_the_task_heartbeats_on_its_cadence_and_reports) {
  WorldConfig c = sfn_config(activity_machine(R"("HeartbeatSeconds":3)"), Json{{"order", 7}});
  ResourceConfig r = resource(kActivityArn, 5, 2);
  r.otherwise = returns(Json{{"tracking", "1Z"}});
  c.resources.push_back(r);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "SUCCEEDED");
  BOOST_TEST(joined(event_types(result)) ==
             "ExecutionStarted TaskStateEntered ActivityScheduled ActivityStarted "
             "ActivitySucceeded TaskStateExited ExecutionSucceeded");
  const auto delivered = calls(result, ApiCall::DeliverTask);
  BOOST_TEST_REQUIRE(delivered.size() == 1u);
  BOOST_TEST(delivered[0]->request["kind"] == "activity");
  BOOST_TEST(delivered[0]->request["taskToken"] == "");
  const auto polls = calls(result, ApiCall::GetActivityTask);
  BOOST_TEST_REQUIRE(polls.size() == 1u);
  BOOST_TEST(polls[0]->caller == std::string("worker:") + kActivityArn + "/1");
  BOOST_TEST(polls[0]->request["workerName"] == std::string(kActivityArn) + "/1");
  BOOST_TEST((*polls[0]->response)["input"] == R"({"order":7})");
  BOOST_TEST((*polls[0]->response)["scheduledEventId"] == 3);
  const std::string token = (*polls[0]->response)["taskToken"];
  const auto beats = calls(result, ApiCall::SendTaskHeartbeat);
  BOOST_TEST_REQUIRE(beats.size() == 2u);
  BOOST_TEST(at(beats[0]->time) == 2.0);
  BOOST_TEST(at(beats[1]->time) == 4.0);
  BOOST_TEST(beats[0]->request["taskToken"] == token);
  const auto successes = calls(result, ApiCall::SendTaskSuccess);
  BOOST_TEST_REQUIRE(successes.size() == 1u);
  BOOST_TEST(at(successes[0]->time) == 5.0);
  BOOST_TEST(successes[0]->request["output"] == R"({"tracking":"1Z"})");
  BOOST_TEST(successes[0]->response.has_value());
  BOOST_TEST(result.attempts == 1u);
  BOOST_TEST((result.stop == StopReason::drained));
  BOOST_TEST(at(kDefaultEpoch + result.virtual_duration) == 5.0);
}

BOOST_AUTO_TEST_CASE(a_callback_handler_gets_the_token_from_the_delivery_and_sends_it_back) {
  WorldConfig c = sfn_config(R"({"StartAt":"Notify","States":{"Notify":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"MessageBody.$":"$$.Task.Token"},"End":true}}})");
  ResourceConfig r = resource("Notify", 3);
  r.otherwise = throws("Human.Rejected", "no");
  c.resources.push_back(r);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "FAILED");
  const auto delivered = calls(result, ApiCall::DeliverTask);
  BOOST_TEST_REQUIRE(delivered.size() == 1u);
  const auto failures = calls(result, ApiCall::SendTaskFailure, "worker:Notify/");
  BOOST_TEST_REQUIRE(failures.size() == 1u);
  BOOST_TEST(failures[0]->request["taskToken"] == delivered[0]->request["taskToken"]);
  BOOST_TEST(failures[0]->request["error"] == "Human.Rejected");
  BOOST_TEST(failures[0]->request["cause"] == "no");
  BOOST_TEST(at(failures[0]->time) == 3.0);
}

BOOST_AUTO_TEST_CASE(request_response_and_lambda_responders_answer_with_complete_integration) {
  WorldConfig c = sfn_config(R"({"StartAt":"Put","States":{
      "Put":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","Next":"Fn"},
      "Fn":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f",
            "End":true}}})");
  ResourceConfig put = resource("Put", 0.5);
  put.otherwise = returns(Json{{"ok", true}});
  c.resources.push_back(put);
  ResourceConfig fn = resource("arn:aws:lambda:us-east-1:123456789012:function:f", 2);
  fn.otherwise = returns(Json{{"v", 1}});
  c.resources.push_back(fn);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "SUCCEEDED");
  const auto completions = calls(result, ApiCall::CompleteIntegration);
  BOOST_TEST_REQUIRE(completions.size() == 2u);
  BOOST_TEST(completions[0]->caller == "worker:Put/1");
  BOOST_TEST(completions[0]->request["output"] == R"({"ok":true})");
  BOOST_TEST(at(completions[0]->time) == 0.5);
  BOOST_TEST(at(completions[1]->time) == 2.5);
  BOOST_TEST(*result.history.events.back().output == (Json{{"v", 1}}));
  BOOST_TEST(result.attempts == 2u);
}

BOOST_AUTO_TEST_CASE(an_unconfigured_resource_gets_a_default_responder_that_the_trace_records) {
  WorldConfig c = sfn_config(R"({"StartAt":"Put","States":{"Put":{"Type":"Task",
      "Resource":"arn:aws:states:::dynamodb:putItem","End":true}}})");
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "SUCCEEDED");
  const auto completions = calls(result, ApiCall::CompleteIntegration);
  BOOST_TEST_REQUIRE(completions.size() == 1u);
  BOOST_TEST(completions[0]->caller == "worker:arn:aws:states:::dynamodb:putItem/1");
  BOOST_TEST(at(completions[0]->time) == 1.0);
  BOOST_TEST(completions[0]->request["output"] == "{}");
  BOOST_TEST(result.probes.at("default_responder") == 1u);
  bool traced = false;
  for (const Json& event : result.trace) traced = traced || event.contains("defaultResponder");
  BOOST_TEST(traced);
}

BOOST_AUTO_TEST_CASE(a_state_name_wins_over_the_resource_arn) {
  WorldConfig c = sfn_config(R"({"StartAt":"A","States":{
      "A":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","Next":"B"},
      "B":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","End":true}}})");
  ResourceConfig by_arn = resource("arn:aws:states:::dynamodb:putItem", 1);
  by_arn.otherwise = returns(Json{{"from", "arn"}});
  ResourceConfig by_name = resource("B", 1);
  by_name.otherwise = returns(Json{{"from", "name"}});
  c.resources = {by_arn, by_name};
  const RunResult result = run_seed(c);
  const auto completions = calls(result, ApiCall::CompleteIntegration);
  BOOST_TEST_REQUIRE(completions.size() == 2u);
  BOOST_TEST(completions[0]->caller == "worker:arn:aws:states:::dynamodb:putItem/1");
  BOOST_TEST(completions[1]->caller == "worker:B/1");
  BOOST_TEST(completions[1]->request["output"] == R"({"from":"name"})");
}

BOOST_AUTO_TEST_CASE(attempt_keys_count_invocations_across_retries) {
  WorldConfig c = sfn_config(activity_machine(
      R"("Retry":[{"ErrorEquals":["Ship.Unavailable"],"IntervalSeconds":2,"MaxAttempts":3}])"));
  ResourceConfig r = resource(kActivityArn, 1);
  rule(r, 0, 0, throws("Ship.Unavailable", "carrier down"));
  rule(r, 1, 2, returns(Json{{"tracking", "1Z999"}}));
  c.resources.push_back(r);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "SUCCEEDED");
  BOOST_TEST(count_events(result, EventType::ActivityFailed) == 1u);
  BOOST_TEST(count_events(result, EventType::ActivitySucceeded) == 1u);
  const auto delivered = calls(result, ApiCall::DeliverTask);
  BOOST_TEST_REQUIRE(delivered.size() == 2u);
  BOOST_TEST(delivered[0]->request["invocation"] == 0);
  BOOST_TEST(delivered[1]->request["invocation"] == 1);
  BOOST_TEST(at(delivered[1]->time) == 3.0);  // 1 s of work, then the 2 s retry interval.
  BOOST_TEST(result.attempts == 2u);
}

BOOST_AUTO_TEST_CASE(attempt_keys_continue_after_a_redrive_and_the_redrive_is_logged) {
  WorldConfig c = sfn_config(activity_machine());
  ResourceConfig r = resource(kActivityArn, 1);
  rule(r, 0, 0, throws("Ship.Unavailable"));
  rule(r, 1, 1, returns(Json{{"redriven", true}}));
  c.resources.push_back(r);
  c.actions.push_back(action(100, ApiCall::RedriveExecution));
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "SUCCEEDED");
  const auto redrives = calls(result, ApiCall::RedriveExecution, "scenario");
  BOOST_TEST_REQUIRE(redrives.size() == 1u);
  BOOST_TEST(at(redrives[0]->time) == 100.0);
  BOOST_TEST(redrives[0]->request["executionArn"] == result.execution);
  BOOST_TEST(redrives[0]->response.has_value());
  const auto delivered = calls(result, ApiCall::DeliverTask);
  BOOST_TEST_REQUIRE(delivered.size() == 2u);
  BOOST_TEST(delivered[1]->request["invocation"] == 1);
  BOOST_TEST(count_events(result, EventType::ExecutionRedriven) == 1u);
  BOOST_TEST(result.probes.at("redrive_succeeded") == 1u);
  BOOST_TEST(at(kDefaultEpoch + result.virtual_duration) == 101.0);
}

BOOST_AUTO_TEST_CASE(a_stop_action_is_logged_with_its_answer_and_aborts_the_execution) {
  WorldConfig c = sfn_config(activity_machine());
  c.resources.push_back(resource(kActivityArn, 50));
  ScenarioAction stop = action(10, ApiCall::StopExecution);
  stop.error = "Operator.Stop";
  c.actions.push_back(stop);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "ABORTED");
  const auto stops = calls(result, ApiCall::StopExecution, "scenario");
  BOOST_TEST_REQUIRE(stops.size() == 1u);
  BOOST_TEST(stops[0]->request["error"] == "Operator.Stop");
  BOOST_TEST((*stops[0]->response).contains("stopDate"));
  // The worker finishes at 50 s, after the close, and its report is rejected and logged.
  const auto late = calls(result, ApiCall::SendTaskSuccess);
  BOOST_TEST_REQUIRE(late.size() == 1u);
  BOOST_TEST(at(late[0]->time) == 50.0);
  BOOST_TEST(error_code(late[0]) == "TaskTimedOut");
  BOOST_TEST(result.probes.at("execution_aborted") == 1u);
}

BOOST_AUTO_TEST_CASE(a_late_completion_after_the_close_is_made_rejected_and_logged) {
  WorldConfig c = sfn_config(activity_machine(R"("TimeoutSeconds":5)"));
  c.resources.push_back(resource(kActivityArn, 12));
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "FAILED");
  BOOST_TEST(count_events(result, EventType::ActivityTimedOut) == 1u);
  const auto late = calls(result, ApiCall::SendTaskSuccess);
  BOOST_TEST_REQUIRE(late.size() == 1u);
  BOOST_TEST(at(late[0]->time) == 12.0);
  BOOST_TEST(error_code(late[0]) == "TaskTimedOut");
  BOOST_TEST(late[0]->error->message == "Task Timed Out: 'Provided task does not exist anymore'");
  BOOST_TEST(result.probes.at("late_completion_rejected") == 1u);
  // The duration runs to the close, not to the run's end.
  BOOST_TEST(at(kDefaultEpoch + result.virtual_duration) == 5.0);
}

BOOST_AUTO_TEST_CASE(a_worker_stops_when_a_heartbeat_says_its_task_timed_out) {
  WorldConfig c = sfn_config(activity_machine(R"("TimeoutSeconds":5)"));
  ResourceConfig r = resource(kActivityArn, 1, 2);
  r.otherwise = hangs();
  c.resources.push_back(r);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "FAILED");
  const auto beats = calls(result, ApiCall::SendTaskHeartbeat);
  BOOST_TEST_REQUIRE(beats.size() == 3u);  // At 2 and 4 accepted; at 6 TaskTimedOut, then none.
  BOOST_TEST(beats[1]->response.has_value());
  BOOST_TEST(error_code(beats[2]) == "TaskTimedOut");
  BOOST_TEST(result.probes.at("task_timeout_despite_heartbeats") == 1u);
  BOOST_TEST(result.probes.at("late_heartbeat_rejected") == 1u);
  BOOST_TEST(result.probes.at("heartbeat_timeout") == 0u);
}

BOOST_AUTO_TEST_CASE(a_crash_behaviour_kills_the_worker_which_restarts_when_configured) {
  WorldConfig c = sfn_config(activity_machine(
      R"("HeartbeatSeconds":3,"Retry":[{"ErrorEquals":["States.Timeout"],"MaxAttempts":1,
          "IntervalSeconds":1}])"));
  ResourceConfig r = resource(kActivityArn, 1, 1);
  rule(r, 0, 0, crashes(1.5));
  r.restart_after_crash = seconds(10);
  c.resources.push_back(r);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "SUCCEEDED");
  BOOST_TEST(count_events(result, EventType::ActivityTimedOut) == 1u);
  const auto polls = calls(result, ApiCall::GetActivityTask);
  BOOST_TEST_REQUIRE(polls.size() == 2u);
  BOOST_TEST(at(polls[1]->time) == 11.5);  // Restarted 10 s after the crash; the retry waited.
  BOOST_TEST(result.probes.at("worker_restarted") == 1u);
  BOOST_TEST(result.probes.at("heartbeat_timeout") == 1u);
  BOOST_TEST(result.probes.at("retry_after_timeout") == 1u);
  BOOST_TEST(injected(result, FaultKind::worker_crash) == 0u);  // A behaviour, not a fault.
}

BOOST_AUTO_TEST_CASE(map_iterations_queue_for_a_small_pool_of_responders) {
  WorldConfig c = sfn_config(R"({"StartAt":"Each","States":{"Each":{"Type":"Map",
      "ItemsPath":"$.items","ItemProcessor":{"StartAt":"Notify","States":{"Notify":{
        "Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters":{"MessageBody.$":"$$.Task.Token"},"End":true}}},"End":true}}})",
                             Json{{"items", Json::array({1, 2, 3, 4, 5})}});
  c.resources.push_back(resource("Notify", 2, 0, 2));
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "SUCCEEDED");
  const auto reports = calls(result, ApiCall::SendTaskSuccess);
  BOOST_TEST_REQUIRE(reports.size() == 5u);
  // Two workers, five deliveries of 2 s each: done after three rounds.
  BOOST_TEST(at(reports.back()->time) == 6.0);
  std::set<std::string> callers;
  for (const CallRecord* r : reports) callers.insert(r->caller);
  BOOST_TEST(callers.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_refused_start_is_logged_and_the_run_ends) {
  WorldConfig c = sfn_config(activity_machine(), Json{{"blob", std::string(300'000, 'x')}});
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "NOT_STARTED");
  const auto starts = calls(result, ApiCall::StartExecution, "scenario");
  BOOST_TEST_REQUIRE(starts.size() == 1u);
  BOOST_TEST(error_code(starts[0]) == "InvalidExecutionInput");
  BOOST_TEST(result.probes.at("action_rejected") == 1u);
  BOOST_TEST((result.stop == StopReason::drained));
  BOOST_TEST(!result.liveness_failure.has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::world
