// Liveness: after faults stop (and the world heals), every execution must close within its bound;
// the bound derived from a definition or workflow; run limits and interruption.
#include "engine/temporal_spec.h"
#include "world/world_test_support.h"

namespace wfsim::world {
using namespace testing;

namespace {

const char* kCallback = R"({"StartAt":"Ask","States":{"Ask":{"Type":"Task",
    "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters":{"MessageBody.$":"$$.Task.Token"}%s,"End":true}}})";

std::string callback_machine(const std::string& extra = "") {
  std::string text = kCallback;
  text.replace(text.find("%s"), 2, extra.empty() ? "" : "," + extra);
  return text;
}

Duration slack() { return seconds(600); }

WorldConfig temporal_config(const std::string& workflow_json) {
  WorldConfig c;
  c.name = "temporal-liveness";
  c.dialect = Dialect::temporal;
  auto parsed = temporal::parse_workflow_spec(Json::parse(workflow_json), "/workflow");
  BOOST_TEST_REQUIRE(std::holds_alternative<temporal::WorkflowSpec>(parsed));
  c.workflow = std::make_shared<const temporal::WorkflowSpec>(
      std::get<temporal::WorkflowSpec>(std::move(parsed)));
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(world_liveness)

BOOST_AUTO_TEST_CASE(a_hanging_task_without_a_timeout_is_a_liveness_finding) {
  WorldConfig c = sfn_config(callback_machine());
  ResourceConfig r = resource("Ask", 1, 5);  // It even heartbeats: nothing closes the task.
  r.otherwise = hangs();
  c.resources.push_back(r);
  const RunResult result = run_seed(c);
  BOOST_TEST_REQUIRE(result.liveness_failure.has_value());
  BOOST_TEST(result.liveness_failure->find(result.execution) != std::string::npos);
  BOOST_TEST(result.liveness_failure->find("600 s after faults stopped at 0 s") !=
             std::string::npos, *result.liveness_failure);
  BOOST_TEST((result.stop == StopReason::time_limit));
  BOOST_TEST(result.final_status == "RUNNING");
  BOOST_TEST(result.liveness_bound == slack());
  BOOST_TEST(result.faults_stopped_at == Duration::zero());  // No fault could ever fire.
  BOOST_TEST(at(kDefaultEpoch + result.virtual_duration) == 600.0);
}

BOOST_AUTO_TEST_CASE(a_heartbeat_clock_closes_a_hanging_task_whose_worker_is_silent) {
  WorldConfig c = sfn_config(callback_machine(R"("HeartbeatSeconds":10)"));
  ResourceConfig r = resource("Ask", 1);
  r.otherwise = hangs();
  c.resources.push_back(r);
  const RunResult result = run_seed(c);
  BOOST_TEST(!result.liveness_failure.has_value());
  BOOST_TEST(result.final_status == "FAILED");
  BOOST_TEST((result.stop == StopReason::drained));
}

BOOST_AUTO_TEST_CASE(the_liveness_phase_starts_when_faults_stop_and_crashed_workers_heal) {
  WorldConfig c = sfn_config(activity_machine(
      R"("HeartbeatSeconds":3,"Retry":[{"ErrorEquals":["States.Timeout"],"MaxAttempts":5}])"));
  c.resources.push_back(resource(kActivityArn, 4, 1));
  ScriptedFault crash;  // No restart: the only worker stays down until faults stop.
  crash.kind = FaultKind::worker_crash;
  crash.at = seconds(2.5);
  c.faults.script.push_back(crash);
  c.faults.stop_at = seconds(100);
  const RunResult result = run_seed(c);
  BOOST_TEST(!result.liveness_failure.has_value());
  BOOST_TEST(result.final_status == "SUCCEEDED");
  const auto polls = calls(result, ApiCall::GetActivityTask);
  BOOST_TEST_REQUIRE(polls.size() == 2u);
  BOOST_TEST(at(polls[1]->time) == 100.0);
  BOOST_TEST(result.probes.at("liveness_phase") == 1u);
  BOOST_TEST(result.probes.at("worker_restarted") == 1u);
  BOOST_TEST(result.faults_stopped_at == seconds(100));
}

BOOST_AUTO_TEST_CASE(the_scenarios_liveness_bound_overrides_the_derived_one) {
  WorldConfig c = sfn_config(callback_machine());
  ResourceConfig r = resource("Ask", 1);
  r.otherwise = hangs();
  c.resources.push_back(r);
  c.liveness_bound = seconds(42);
  const RunResult result = run_seed(c);
  BOOST_TEST_REQUIRE(result.liveness_failure.has_value());
  BOOST_TEST(result.liveness_failure->find("liveness_bound") != std::string::npos);
  BOOST_TEST(at(kDefaultEpoch + result.virtual_duration) == 42.0);
}

BOOST_AUTO_TEST_CASE(the_derived_bound_follows_timeouts_retries_and_waits) {
  WorldConfig top = sfn_config(R"({"TimeoutSeconds":300,"StartAt":"W","States":{
      "W":{"Type":"Wait","Seconds":5000,"End":true}}})");
  BOOST_TEST(derived_liveness_bound(top) == seconds(300) + slack());

  WorldConfig retried = sfn_config(activity_machine(R"("TimeoutSeconds":10,
      "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":2}])"));
  retried.resources.push_back(resource(kActivityArn, 1));
  retried.resources[0].restart_after_crash = seconds(7);
  // Three attempts of 10 s, retry delays 3 + 6 s, and the restart delay.
  BOOST_TEST(derived_liveness_bound(retried) == seconds(39 + 7) + slack());

  WorldConfig by_workers = sfn_config(R"({"StartAt":"W","States":{
      "W":{"Type":"Wait","Seconds":20,"Next":"T"},
      "T":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","End":true}}})");
  ResourceConfig put = resource("T", 0);
  put.duration = uniform(1, 30);
  by_workers.resources.push_back(put);
  BOOST_TEST(derived_liveness_bound(by_workers) == seconds(20 + 30) + slack());
}

BOOST_AUTO_TEST_CASE(a_loop_multiplies_the_derived_bound) {
  WorldConfig c = sfn_config(R"({"StartAt":"W","States":{
      "W":{"Type":"Wait","Seconds":10,"Next":"C"},
      "C":{"Type":"Choice","Choices":[{"Variable":"$.done","BooleanEquals":false,"Next":"W"}],
           "Default":"End"},
      "End":{"Type":"Succeed"}}})");
  BOOST_TEST(derived_liveness_bound(c) == seconds(10 * 10) + slack());
}

BOOST_AUTO_TEST_CASE(the_temporal_bound_follows_schedule_to_close_or_attempts_and_backoff) {
  const WorldConfig attempts = temporal_config(R"({"steps":[{"activity":"A","options":{
      "start_to_close_seconds":10,"retry_policy":{"initial_interval_seconds":1,
      "backoff_coefficient":2.0,"maximum_attempts":3}}}]})");
  BOOST_TEST(derived_liveness_bound(attempts) == seconds(3 * 10 + 1 + 2) + slack());
  const WorldConfig capped = temporal_config(R"({"steps":[
      {"activity":"A","options":{"start_to_close_seconds":10,"schedule_to_close_seconds":60}},
      {"parallel":[[{"activity":"B","options":{"schedule_to_close_seconds":5}}],
                   [{"activity":"C","options":{"schedule_to_close_seconds":7}}]]}]})");
  BOOST_TEST(derived_liveness_bound(capped) == seconds(60 + 7) + slack());
}

BOOST_AUTO_TEST_CASE(a_worker_heartbeating_forever_after_the_close_cannot_keep_the_run_alive) {
  for (const bool mutant : {false, true}) {
    WorldConfig c = sfn_config(activity_machine(R"("TimeoutSeconds":5)"));
    ResourceConfig r = resource(kActivityArn, 1, 1);
    r.otherwise = hangs();
    c.resources.push_back(r);
    if (mutant) {
      // The engine accepts heartbeats with a closed token: the worker never learns.
      c.sfn_options.mutants.add(Mutant::closed_token_accepted);
    } else {
      // Service throttling hides every rejection until faults stop a day later.
      rate(c, FaultKind::heartbeat_throttle, always());
    }
    const RunResult result = run_seed(c);
    BOOST_TEST(result.final_status == "FAILED");
    BOOST_TEST((result.stop == StopReason::drained));
    const auto beats = calls(result, ApiCall::SendTaskHeartbeat);
    BOOST_TEST_REQUIRE(!beats.empty());
    BOOST_TEST(at(beats.back()->time) > 5.0);  // Heartbeats after the close are still made...
    BOOST_TEST(at(beats.back()->time) <= 305.0);  // ...but only within the quiet period.
  }
}

BOOST_AUTO_TEST_CASE(run_limits_and_interruption_stop_a_run_with_their_reason) {
  WorldConfig c = sfn_config(callback_machine());
  ResourceConfig r = resource("Ask", 1, 1);
  r.otherwise = hangs();
  c.resources.push_back(r);
  c.limits.max_events = 50;
  const RunResult limited = run_seed(c);
  BOOST_TEST((limited.stop == StopReason::event_limit));
  BOOST_TEST(limited.events == 50u);

  c.limits = RunLimits{};
  RunOptions options;
  uint64_t polled = 0;
  options.interrupted = [&polled] { return ++polled > 20; };
  const RunResult interrupted = run(c, options);
  BOOST_TEST((interrupted.stop == StopReason::requested));
  BOOST_TEST(interrupted.events == 20u);
  BOOST_TEST(!interrupted.liveness_failure.has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::world
