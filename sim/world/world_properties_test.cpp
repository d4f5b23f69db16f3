// Properties over generated worlds: random workflows (activities, callbacks, integrations inside
// Parallel and Map; Temporal steps), random worker behaviours (Return, Throw, Hang, Crash),
// random fault mixes, scripted faults and actions. Whatever the mix, a run never trips a wfsim
// assertion, stops for a stated reason, keeps its record consistent, and replays from its
// schedule to the same digest.
#include <rapidcheck/boost_test.h>

#include "engine/temporal_spec.h"
#include "world/world_test_support.h"

namespace wfsim::world {
using namespace testing;

namespace {

const char* kMachines[] = {
    // An activity with a retrier and a catcher.
    R"({"StartAt":"Ship","States":{"Ship":{"Type":"Task",
      "Resource":"arn:aws:states:us-east-1:123456789012:activity:ship","HeartbeatSeconds":4,
      "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":2}],
      "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done"}],"Next":"Done"},
      "Done":{"Type":"Pass","End":true}}})",
    // A callback and a request-response call in parallel.
    R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel","Branches":[
      {"StartAt":"Ask","States":{"Ask":{"Type":"Task",
        "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters":{"MessageBody.$":"$$.Task.Token"},"TimeoutSeconds":30,"End":true}}},
      {"StartAt":"Put","States":{"Put":{"Type":"Task",
        "Resource":"arn:aws:states:::dynamodb:putItem","TimeoutSeconds":20,
        "Retry":[{"ErrorEquals":["States.Timeout"],"MaxAttempts":1}],"End":true}}}],
      "End":true}}})",
    // A Map of activities with a concurrency limit.
    R"({"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items",
      "MaxConcurrency":2,"ItemProcessor":{"StartAt":"Ship","States":{"Ship":{"Type":"Task",
        "Resource":"arn:aws:states:us-east-1:123456789012:activity:ship",
        "HeartbeatSeconds":5,"TimeoutSeconds":25,"End":true}}},"End":true}}})",
};

const char* kWorkflows[] = {
    R"({"steps":[{"activity":"Charge","options":{"start_to_close_seconds":10,
      "heartbeat_timeout_seconds":3,"retry_policy":{"maximum_attempts":4}}}]})",
    R"({"steps":[{"parallel":[[{"activity":"Charge","options":{"start_to_close_seconds":8,
      "schedule_to_close_seconds":60}}],[{"activity":"Ship","options":{
      "start_to_close_seconds":12,"heartbeat_timeout_seconds":4}}]]}]})",
};

AttemptBehaviour any_behaviour() {
  switch (*rc::gen::inRange(0, 10)) {
    case 0: return hangs();
    case 1: return crashes(*rc::gen::inRange(0, 8));
    case 2:
    case 3: {
      AttemptBehaviour b = throws("Flaky");
      b.non_retryable = *rc::gen::inRange(0, 4) == 0;
      if (*rc::gen::inRange(0, 4) == 0) b.next_retry_delay = seconds(*rc::gen::inRange(0, 5));
      return b;
    }
    default: return returns(Json{{"ok", *rc::gen::inRange(0, 100)}});
  }
}

ResourceConfig any_resource(std::string key) {
  ResourceConfig r = resource(std::move(key), 0, 0, static_cast<uint32_t>(*rc::gen::inRange(1, 4)));
  const int low = *rc::gen::inRange(0, 6);
  r.duration = uniform(low, low + *rc::gen::inRange(0, 10));
  r.heartbeat_every = seconds(*rc::gen::element(0.0, 0.7, 1.0, 2.5));
  const int rules = *rc::gen::inRange(0, 3);
  for (int i = 0; i < rules; ++i) {
    const auto first = static_cast<uint32_t>(*rc::gen::inRange(0, 3));
    rule(r, first, first + static_cast<uint32_t>(*rc::gen::inRange(0, 2)), any_behaviour());
  }
  if (*rc::gen::inRange(0, 3) == 0) r.otherwise = any_behaviour();
  r.restart_after_crash = seconds(*rc::gen::element(0, 0, 3, 30));
  return r;
}

void any_faults(WorldConfig& c, const std::vector<std::string>& targets) {
  for (size_t k = 0; k < kFaultKindCount; ++k) {
    rate(c, static_cast<FaultKind>(k),
         *rc::gen::element(Ratio::never(), Ratio::never(), Ratio{1, 2}, Ratio{1, 5},
                           Ratio{1, 20}));
  }
  c.faults.rates.delay = uniform(0.2, *rc::gen::inRange(1, 40));
  const int scripted = *rc::gen::inRange(0, 4);
  for (int i = 0; i < scripted; ++i) {
    ScriptedFault f;
    f.kind = static_cast<FaultKind>(*rc::gen::inRange<size_t>(0, kFaultKindCount));
    f.at = seconds(*rc::gen::inRange(0, 60));
    f.length = seconds(*rc::gen::inRange(0, 20));
    f.target = *rc::gen::elementOf(targets);
    if (*rc::gen::inRange(0, 2) == 0) f.restart_after = seconds(*rc::gen::inRange(0, 30));
    c.faults.script.push_back(f);
  }
  c.faults.stop_at = seconds(*rc::gen::inRange(0, 400));
  c.quiet_period = seconds(*rc::gen::element(0, 60, 300));
  c.shuffle_ties = *rc::gen::arbitrary<bool>();
}

void check_run(const WorldConfig& c) {
  RunOptions options;
  options.seed = *rc::gen::arbitrary<uint64_t>();
  options.swarm = *rc::gen::inRange(0, 4) == 0;
  options.record_trace = *rc::gen::inRange(0, 4) == 0;
  const RunResult r = run(c, options);
  RC_ASSERT(r.trace.size() == (options.record_trace ? r.events : 0));
  RC_ASSERT((r.stop == StopReason::drained || r.stop == StopReason::time_limit));
  RC_ASSERT((r.stop == StopReason::time_limit) == r.liveness_failure.has_value());
  if (r.liveness_failure) RC_ASSERT(r.final_status == "RUNNING");
  uint64_t injected = 0;
  for (const uint64_t n : r.faults_injected) injected += n;
  RC_ASSERT(injected == r.schedule.firings.size());
  for (size_t i = 0; i < r.calls.records.size(); ++i) {
    const CallRecord& call = r.calls.records[i];
    RC_ASSERT(call.sequence == i + 1);
    RC_ASSERT(call.sent <= call.time);
    RC_ASSERT(!(call.dropped && (call.response || call.error)));
    if (i > 0) RC_ASSERT(r.calls.records[i - 1].time <= call.time);
  }
  RunOptions replay = options;
  replay.replay = &r.schedule;
  const RunResult again = run(c, replay);
  RC_ASSERT(again.digest == r.digest);
  RC_ASSERT(again.schedule.firings == r.schedule.firings);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(world_properties)

RC_BOOST_PROP(any_step_functions_world_runs_to_a_stated_end_and_replays, ()) {
  const size_t which = *rc::gen::inRange<size_t>(0, std::size(kMachines));
  WorldConfig c = sfn_config(kMachines[which], Json{{"items", Json::array({1, 2, 3, 4})}});
  std::vector<std::string> targets = {""};
  for (const char* key : {kActivityArn, "Ask", "Put"}) {
    if (*rc::gen::inRange(0, 4) == 0) continue;  // Some resources get the default responder.
    c.resources.push_back(any_resource(key));
    targets.push_back(key);
    targets.push_back(std::string(key) + "/1");
  }
  any_faults(c, targets);
  if (*rc::gen::inRange(0, 3) == 0) {
    c.actions.push_back(action(*rc::gen::inRange(0, 200), ApiCall::StopExecution));
  }
  if (*rc::gen::inRange(0, 2) == 0) {
    c.actions.push_back(action(*rc::gen::inRange(0, 300), ApiCall::RedriveExecution));
  }
  check_run(c);
}

RC_BOOST_PROP(any_temporal_world_runs_to_a_stated_end_and_replays, ()) {
  const size_t which = *rc::gen::inRange<size_t>(0, std::size(kWorkflows));
  WorldConfig c;
  c.name = "temporal-property";
  c.dialect = Dialect::temporal;
  auto parsed = temporal::parse_workflow_spec(Json::parse(kWorkflows[which]), "/workflow");
  RC_ASSERT(std::holds_alternative<temporal::WorkflowSpec>(parsed));
  c.workflow = std::make_shared<const temporal::WorkflowSpec>(
      std::get<temporal::WorkflowSpec>(std::move(parsed)));
  std::vector<std::string> targets = {""};
  for (const char* key : {"Charge", "Ship"}) {
    c.resources.push_back(any_resource(key));
    targets.push_back(key);
    targets.push_back(std::string(key) + "/1");
  }
  any_faults(c, targets);
  if (*rc::gen::inRange(0, 2) == 0) {
    ScenarioAction cancel = action(*rc::gen::inRange(0, 30),
                                   ApiCall::RequestCancelActivity);
    cancel.activity = *rc::gen::element(std::string("Charge"), std::string("Ship"));
    c.actions.push_back(cancel);
  }
  check_run(c);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::world
