// Temporal workers in the world: heartbeats through the SDK heartbeat manager (throttling,
// coalesced details, cancellation that arrives in a heartbeat response, the local timeout),
// application failures with non_retryable and next_retry_delay, details carried over to the next
// attempt, and the world's fault kinds on Temporal workers.
#include "engine/temporal_api.h"
#include "engine/temporal_spec.h"
#include "world/world_test_support.h"

namespace wfsim::world {
using namespace testing;

namespace {

WorldConfig temporal_config(const std::string& options_json, const std::string& type = "Charge") {
  WorldConfig c;
  c.name = "temporal-world";
  c.dialect = Dialect::temporal;
  const Json workflow = Json::parse(R"({"steps":[{"activity":")" + type +
                                    R"(","options":)" + options_json + "}]}");
  auto parsed = temporal::parse_workflow_spec(workflow, "/workflow");
  BOOST_TEST_REQUIRE(std::holds_alternative<temporal::WorkflowSpec>(parsed));
  c.workflow = std::make_shared<const temporal::WorkflowSpec>(
      std::get<temporal::WorkflowSpec>(std::move(parsed)));
  c.input = Json{{"amount", 5}};
  return c;
}

std::vector<double> times_of(const std::vector<const CallRecord*>& records) {
  std::vector<double> out;
  for (const CallRecord* r : records) out.push_back(at(r->time));
  return out;
}

size_t count_temporal(const RunResult& r, temporal::EventType type) {
  size_t n = 0;
  for (const temporal::HistoryEvent& e : r.temporal_history.events) n += e.type == type ? 1 : 0;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(world_temporal)

BOOST_AUTO_TEST_CASE(heartbeats_go_out_throttled_by_the_sdk_with_the_latest_details) {
  WorldConfig c = temporal_config(R"({"start_to_close_seconds":10,"heartbeat_timeout_seconds":2})");
  ResourceConfig r = resource("Charge", 8, 0.5);
  r.otherwise = returns(Json{{"charged", true}});
  c.resources.push_back(r);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "COMPLETED");
  const auto polls = calls(result, ApiCall::PollActivityTaskQueue);
  BOOST_TEST_REQUIRE(polls.size() == 1u);
  BOOST_TEST(polls[0]->caller == "worker:Charge/1");
  BOOST_TEST((*polls[0]->response)["attempt"] == 1);
  // Throttle interval 0.8 × 2 s = 1.6 s: the first heartbeat at once, then one per window.
  const auto beats = calls(result, ApiCall::RecordActivityTaskHeartbeat);
  BOOST_TEST(times_of(beats) == (std::vector<double>{0.5, 2.1, 3.7, 5.3, 6.9}),
             boost::test_tools::per_element());
  BOOST_TEST(beats[0]->request["details"]["payloads"][0] == 1);
  // At 2.1 s the latest details are those of the code's 4th heartbeat (at 2.0 s).
  BOOST_TEST(beats[1]->request["details"]["payloads"][0] == 4);
  const auto completed = calls(result, ApiCall::RespondActivityTaskCompleted);
  BOOST_TEST_REQUIRE(completed.size() == 1u);
  BOOST_TEST(at(completed[0]->time) == 8.0);
  BOOST_TEST(completed[0]->response.has_value());
  BOOST_TEST(result.probes.at("heartbeat_flushed") == 0u);  // Success drops unsent details.
}

BOOST_AUTO_TEST_CASE(a_cancel_reaches_the_activity_in_a_heartbeat_response) {
  WorldConfig c = temporal_config(R"({"start_to_close_seconds":30,"heartbeat_timeout_seconds":5})");
  c.resources.push_back(resource("Charge", 20, 1));
  ScenarioAction cancel = action(3.5, ApiCall::RequestCancelActivity);
  cancel.activity = "Charge";
  c.actions.push_back(cancel);
  const RunResult result = run_seed(c);
  const auto requests = calls(result, ApiCall::RequestCancelActivity, "scenario");
  BOOST_TEST_REQUIRE(requests.size() == 1u);
  BOOST_TEST(requests[0]->response.has_value());
  const auto beats = calls(result, ApiCall::RecordActivityTaskHeartbeat);
  const CallRecord* answer_with_cancel = nullptr;
  for (const CallRecord* b : beats) {
    if (b->response && b->response->value("cancelRequested", false)) answer_with_cancel = b;
  }
  BOOST_TEST_REQUIRE(answer_with_cancel != nullptr);
  BOOST_TEST(at(answer_with_cancel->time) > 3.5);
  const auto canceled = calls(result, ApiCall::RespondActivityTaskCanceled);
  BOOST_TEST_REQUIRE(canceled.size() == 1u);
  BOOST_TEST(canceled[0]->response.has_value());
  BOOST_TEST(canceled[0]->time >= answer_with_cancel->time);
  BOOST_TEST(count_temporal(result, temporal::EventType::ActivityTaskCanceled) == 1u);
  BOOST_TEST(result.probes.at("cancel_delivered") == 1u);
  BOOST_TEST(calls(result, ApiCall::RespondActivityTaskCompleted).empty());
}

BOOST_AUTO_TEST_CASE(an_activity_that_never_heartbeats_never_observes_a_cancel) {
  WorldConfig c = temporal_config(R"({"start_to_close_seconds":30})");
  c.resources.push_back(resource("Charge", 8));
  ScenarioAction cancel = action(2, ApiCall::RequestCancelActivity);
  cancel.activity = "Charge";
  c.actions.push_back(cancel);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.probes.at("cancel_delivered") == 0u);
  BOOST_TEST(calls(result, ApiCall::RespondActivityTaskCanceled).empty());
  const auto completed = calls(result, ApiCall::RespondActivityTaskCompleted);
  BOOST_TEST_REQUIRE(completed.size() == 1u);
  BOOST_TEST(at(completed[0]->time) == 8.0);
}

BOOST_AUTO_TEST_CASE(a_non_retryable_failure_closes_the_activity_on_its_first_attempt) {
  WorldConfig c = temporal_config(R"({"start_to_close_seconds":10})");
  ResourceConfig r = resource("Charge", 1);
  AttemptBehaviour declined = throws("CardDeclined", "insufficient funds");
  declined.non_retryable = true;
  r.otherwise = declined;
  c.resources.push_back(r);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "FAILED");
  BOOST_TEST(result.attempts == 1u);
  const auto failed = calls(result, ApiCall::RespondActivityTaskFailed);
  BOOST_TEST_REQUIRE(failed.size() == 1u);
  const Json& info = failed[0]->request["failure"]["applicationFailureInfo"];
  BOOST_TEST(info["type"] == "CardDeclined");
  BOOST_TEST(info["nonRetryable"] == true);
}

BOOST_AUTO_TEST_CASE(next_retry_delay_sets_the_gap_before_the_next_attempt) {
  WorldConfig c = temporal_config(R"({"start_to_close_seconds":10})");
  ResourceConfig r = resource("Charge", 1);
  AttemptBehaviour busy = throws("Busy", "try later");
  busy.next_retry_delay = seconds(7);
  rule(r, 0, 0, busy);
  r.otherwise = returns(Json("ok"));
  c.resources.push_back(r);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "COMPLETED");
  const auto polls = calls(result, ApiCall::PollActivityTaskQueue);
  BOOST_TEST_REQUIRE(polls.size() == 2u);
  BOOST_TEST(at(polls[1]->time) == 8.0);  // Failed at 1 s, retried 7 s later.
  BOOST_TEST((*polls[1]->response)["attempt"] == 2);
  BOOST_TEST(result.probes.at("next_retry_delay_used") == 1u);
}

BOOST_AUTO_TEST_CASE(failures_flush_unsent_details_which_the_next_attempt_receives) {
  WorldConfig c = temporal_config(R"({"start_to_close_seconds":20,"heartbeat_timeout_seconds":10,
      "retry_policy":{"initial_interval_seconds":1}})");
  ResourceConfig r = resource("Charge", 5, 1);
  rule(r, 0, 0, throws("Flaky"));
  r.otherwise = returns(Json("ok"));
  c.resources.push_back(r);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "COMPLETED");
  BOOST_TEST(result.probes.at("heartbeat_flushed") == 1u);
  const auto polls = calls(result, ApiCall::PollActivityTaskQueue);
  BOOST_TEST_REQUIRE(polls.size() == 2u);
  // Code heartbeats at 1..4 s; throttled to 8 s windows, so 2..4 were unsent until the flush.
  BOOST_TEST((*polls[1]->response)["heartbeatDetails"]["payloads"][0] == 4);
  BOOST_TEST(result.probes.at("heartbeat_details_carried") == 1u);
}

BOOST_AUTO_TEST_CASE(a_hanging_silent_activity_is_cancelled_by_the_workers_local_timeout) {
  WorldConfig c = temporal_config(R"({"start_to_close_seconds":30,"heartbeat_timeout_seconds":2,
      "retry_policy":{"maximum_attempts":2,"initial_interval_seconds":1}})");
  ResourceConfig r = resource("Charge", 1);
  r.otherwise = hangs();
  c.resources.push_back(r);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "FAILED");
  BOOST_TEST(result.probes.at("heartbeat_timeout") >= 1u);
  // The worker's own timer (heartbeat timeout + 5 s) frees it for the retry at 7 s.
  BOOST_TEST(result.probes.at("local_timeout") == 2u);
  const auto polls = calls(result, ApiCall::PollActivityTaskQueue);
  BOOST_TEST_REQUIRE(polls.size() == 2u);
  BOOST_TEST(at(polls[1]->time) == 7.0);
  BOOST_TEST(calls(result, ApiCall::RespondActivityTaskCanceled).empty());  // Nothing is reported.
}

BOOST_AUTO_TEST_CASE(service_side_heartbeat_throttling_is_a_failed_heartbeat_rpc) {
  WorldConfig c = temporal_config(R"({"start_to_close_seconds":30,"heartbeat_timeout_seconds":3,
      "retry_policy":{"maximum_attempts":1}})");
  c.resources.push_back(resource("Charge", 10, 1));
  rate(c, FaultKind::heartbeat_throttle, always());
  const RunResult result = run_seed(c);
  const auto beats = calls(result, ApiCall::RecordActivityTaskHeartbeat);
  BOOST_TEST_REQUIRE(!beats.empty());
  for (const CallRecord* b : beats) BOOST_TEST(error_code(b) == "ResourceExhausted");
  // One RPC per 2.4 s throttle window (0.8 × 3 s): a failed RPC still closes its window.
  BOOST_TEST(times_of(beats) == (std::vector<double>{1, 3.4, 5.8, 8.2}),
             boost::test_tools::per_element());
  BOOST_TEST(result.final_status == "FAILED");  // The activity timed out; the workflow fails.
  BOOST_TEST(result.probes.at("heartbeat_timeout") == 1u);
  BOOST_TEST(injected(result, FaultKind::heartbeat_throttle) == beats.size());
}

BOOST_AUTO_TEST_CASE(a_lost_completion_answer_is_retried_and_gets_not_found) {
  WorldConfig c = temporal_config(R"({"start_to_close_seconds":30})");
  c.resources.push_back(resource("Charge", 2));
  FaultSchedule schedule;
  schedule.firings.push_back(
      FaultFiring{FaultKind::completion_drop, seconds(2), "Charge/1", 1, {}, {}, true});
  RunOptions options;
  options.replay = &schedule;
  const RunResult result = run(c, options);
  BOOST_TEST(result.final_status == "COMPLETED");
  const auto completed = calls(result, ApiCall::RespondActivityTaskCompleted);
  BOOST_TEST_REQUIRE(completed.size() == 2u);
  BOOST_TEST(completed[0]->answer_lost);
  BOOST_TEST(at(completed[1]->time) == 12.0);
  BOOST_TEST(error_code(completed[1]) == "NotFound");
  BOOST_TEST(result.probes.at("duplicate_completion_rejected") == 1u);
}

BOOST_AUTO_TEST_CASE(token_expiry_completes_asynchronously_after_the_attempt_timed_out) {
  WorldConfig c = temporal_config(R"({"start_to_close_seconds":4,
      "retry_policy":{"maximum_attempts":1}})");
  c.resources.push_back(resource("Charge", 6));
  ScriptedFault expiry;
  expiry.kind = FaultKind::token_expiry;
  expiry.length = seconds(1);
  c.faults.script.push_back(expiry);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "FAILED");
  const auto completed = calls(result, ApiCall::RespondActivityTaskCompleted);
  BOOST_TEST_REQUIRE(completed.size() == 1u);
  BOOST_TEST(at(completed[0]->time) == 7.0);  // max(6 s of work, StartToClose 4 s) + 1 s.
  BOOST_TEST(error_code(completed[0]) == "NotFound");
  BOOST_TEST(result.probes.at("token_expiry_report") == 1u);
  BOOST_TEST(result.probes.at("late_completion_rejected") == 1u);
}

BOOST_AUTO_TEST_CASE(work_cancelled_during_a_pause_does_not_resume_when_the_pause_ends) {
  WorldConfig c = temporal_config(R"({"start_to_close_seconds":60,"heartbeat_timeout_seconds":20})");
  c.resources.push_back(resource("Charge", 5, 1));
  ScenarioAction cancel = action(0.5, ApiCall::RequestCancelActivity);
  cancel.activity = "Charge";
  c.actions.push_back(cancel);
  auto scripted = [](FaultKind kind, double at_seconds, double length_seconds) {
    ScriptedFault f;
    f.kind = kind;
    f.at = seconds(at_seconds);
    f.length = seconds(length_seconds);
    return f;
  };
  // The heartbeat at 1 s carries the cancel back at 3 s, while the worker is paused (2 to 12 s);
  // its Canceled report is delayed to 18 s, so the attempt is still open when the pause ends and
  // when the cancelled work would have finished (5 s of work, 3 s of it left at the pause).
  c.faults.script = {scripted(FaultKind::heartbeat_delay, 0, 2),
                     scripted(FaultKind::worker_pause, 2, 10),
                     scripted(FaultKind::completion_delay, 0, 15)};
  const RunResult result = run_seed(c);
  const auto canceled = calls(result, ApiCall::RespondActivityTaskCanceled);
  BOOST_TEST_REQUIRE(canceled.size() == 1u);
  BOOST_TEST(at(canceled[0]->sent) == 3.0);
  BOOST_TEST(at(canceled[0]->time) == 18.0);
  BOOST_TEST(canceled[0]->response.has_value());
  BOOST_TEST(calls(result, ApiCall::RespondActivityTaskCompleted).empty());
  BOOST_TEST(result.probes.at("cancel_delivered") == 1u);
}

BOOST_AUTO_TEST_CASE(temporal_runs_replay_to_the_same_digest) {
  WorldConfig c = temporal_config(R"({"start_to_close_seconds":10,"heartbeat_timeout_seconds":2,
      "retry_policy":{"maximum_attempts":6,"initial_interval_seconds":1}})");
  ResourceConfig r = resource("Charge", 0, 0.5, 2);
  r.duration = uniform(1, 9);
  r.restart_after_crash = seconds(2);
  c.resources.push_back(r);
  for (size_t k = 0; k < kFaultKindCount; ++k) rate(c, static_cast<FaultKind>(k), Ratio{1, 8});
  size_t fired = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    RunOptions options;
    options.seed = seed;
    const RunResult original = run(c, options);
    fired += original.schedule.firings.size();
    RunOptions replay = options;
    replay.replay = &original.schedule;
    const RunResult again = run(c, replay);
    BOOST_TEST(again.digest == original.digest, "seed " << seed);
    BOOST_TEST((again.temporal_history == original.temporal_history));
    BOOST_TEST(call_log_to_json_lines(again.calls) == call_log_to_json_lines(original.calls));
  }
  BOOST_TEST(fired > 20u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::world
