// The random-world generator; see random_world.h.
#include "testing/random_world.h"

#include <rapidcheck.h>

#include <iterator>

#include "asl/definition.h"
#include "engine/temporal_spec.h"

namespace wfsim::testing {
namespace {

using world::AttemptBehaviour;
using world::FaultKind;
using world::ResourceConfig;
using world::ScenarioAction;
using world::WorldConfig;

constexpr const char* kActivity = "arn:aws:states:us-east-1:123456789012:activity:ship";

const char* kMachines[] = {
    // An activity with heartbeats, retriers on both timeout names, and a catcher.
    R"({"StartAt":"Ship","States":{"Ship":{"Type":"Task",
      "Resource":"arn:aws:states:us-east-1:123456789012:activity:ship","HeartbeatSeconds":4,
      "TimeoutSeconds":30,
      "Retry":[{"ErrorEquals":["States.HeartbeatTimeout"],"IntervalSeconds":2,"MaxAttempts":2},
               {"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":2,
                "JitterStrategy":"FULL","MaxDelaySeconds":3}],
      "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done","ResultPath":"$.error",
                "Assign":{"failure.$":"$.Error"}}],
      "Assign":{"shipment.$":"$"},
      "Next":"Done"},"Done":{"Type":"Pass","End":true}}})",
    // A callback and a request-response call in parallel, retried as a whole.
    R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel","Branches":[
      {"StartAt":"Ask","States":{"Ask":{"Type":"Task",
        "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters":{"MessageBody.$":"$$.Task.Token"},"HeartbeatSeconds":6,
        "TimeoutSeconds":30,"End":true}}},
      {"StartAt":"Put","States":{"Put":{"Type":"Task",
        "Resource":"arn:aws:states:::dynamodb:putItem","TimeoutSeconds":20,
        "Retry":[{"ErrorEquals":["States.Timeout"],"MaxAttempts":1}],"End":true}}}],
      "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":1}],
      "End":true}}})",
    // A Map of activities with a concurrency limit and a tolerated failure.
    R"json({"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items",
      "MaxConcurrency":2,"ToleratedFailureCount":1,"ItemProcessor":{"StartAt":"Ship","States":{
        "Ship":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:ship",
        "HeartbeatSeconds":5,"TimeoutSeconds":25,"Assign":{"shipped.$":"$"},"End":true}}},
      "Assign":{"results.$":"States.ArrayLength($)"},"End":true}}})json",
    // A loop over a Lambda with a retrier, under an execution timeout.
    R"json({"TimeoutSeconds":120,"StartAt":"Count","States":{
      "Count":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 1)"},"Next":"Call"},
      "Call":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f",
              "TimeoutSeconds":10,"ResultPath":null,
              "Retry":[{"ErrorEquals":["Flaky","States.Timeout"],"IntervalSeconds":1,
                        "BackoffRate":1.5,"MaxAttempts":2}],"Next":"Again"},
      "Again":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":3,"Next":"Count"}],
               "Default":"Done"},
      "Done":{"Type":"Succeed"}}})json",
};

const char* kWorkflows[] = {
    R"({"steps":[{"activity":"Charge","options":{"start_to_close_seconds":10,
      "heartbeat_timeout_seconds":3,"retry_policy":{"maximum_attempts":4,
      "non_retryable_error_types":["Declined"]}}}]})",
    R"({"steps":[{"parallel":[[{"activity":"Charge","options":{"start_to_close_seconds":8,
      "schedule_to_close_seconds":60}}],[{"activity":"Ship","options":{
      "start_to_close_seconds":12,"heartbeat_timeout_seconds":4,
      "retry_policy":{"backoff_coefficient":1.5}}}]]}]})",
};

Duration secs(double s) { return Duration::from_seconds_real(s); }

world::DurationDistribution uniform(double low, double high) {
  return {world::DurationDistribution::Kind::uniform, secs(low), secs(high)};
}

// `can_crash`: the resource has something that can crash (the loader refuses a scripted Crash
// on a plain request-response call such as DynamoDB).
AttemptBehaviour any_behaviour(bool can_crash) {
  AttemptBehaviour b;
  switch (*rc::gen::inRange(0, 10)) {
    case 0: b.kind = AttemptBehaviour::Kind::hang; break;
    case 1:
      if (!can_crash) break;
      b.kind = AttemptBehaviour::Kind::crash;
      b.crash_after = secs(*rc::gen::inRange(0, 8));
      break;
    case 2:
    case 3:
      b.kind = AttemptBehaviour::Kind::throw_error;
      b.error = *rc::gen::element<std::string>("Flaky", "Declined", "States.Timeout");
      b.cause = "scripted";
      b.non_retryable = *rc::gen::inRange(0, 4) == 0;
      // At least 1 s: zero-length work failing with a zero NextRetryDelay and unlimited
      // attempts retries for ever at one instant, which the scheduler stops as `stalled` (a
      // stated stop for a degenerate scenario, scheduler_test), not a run this property judges.
      if (*rc::gen::inRange(0, 4) == 0) b.next_retry_delay = secs(*rc::gen::inRange(1, 5));
      break;
    default: b.value = Json{{"ok", *rc::gen::inRange(0, 100)}}; break;
  }
  return b;
}

ResourceConfig any_resource(std::string key, world::PatternSet patterns) {
  const bool can_crash = world::applies(FaultKind::worker_crash, patterns) ||
                         patterns.has(world::Pattern::sync);
  ResourceConfig r;
  r.key = std::move(key);
  r.workers = static_cast<uint32_t>(*rc::gen::inRange(1, 4));
  const int low = *rc::gen::inRange(0, 6);
  r.duration = uniform(low, low + *rc::gen::inRange(0, 10));
  r.heartbeat_every = secs(*rc::gen::element(0.0, 0.7, 1.0, 2.5));
  for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
    const auto first = static_cast<uint32_t>(*rc::gen::inRange(0, 3));
    r.attempts.push_back(world::AttemptRule{
        first, first + static_cast<uint32_t>(*rc::gen::inRange(0, 2)), any_behaviour(can_crash)});
  }
  if (*rc::gen::inRange(0, 3) == 0) r.otherwise = any_behaviour(can_crash);
  r.restart_after_crash = secs(*rc::gen::element(0, 0, 3, 30));
  if (patterns.has(world::Pattern::lambda)) {
    r.function_timeout = secs(*rc::gen::element(1, 3, 10, 900));
  }
  return r;
}

void any_faults(WorldConfig& c, const std::vector<std::string>& targets) {
  for (size_t k = 0; k < world::kFaultKindCount; ++k) {
    c.faults.rates.rates[k] =
        *rc::gen::element(Ratio::never(), Ratio::never(), Ratio{1, 2}, Ratio{1, 5}, Ratio{1, 20});
  }
  c.faults.rates.delay = uniform(0.2, *rc::gen::inRange(1, 40));
  for (int i = *rc::gen::inRange(0, 4); i > 0; --i) {
    world::ScriptedFault f;
    f.kind = static_cast<FaultKind>(*rc::gen::inRange<size_t>(0, world::kFaultKindCount));
    f.at = secs(*rc::gen::inRange(0, 60));
    f.length = secs(*rc::gen::inRange(0, 20));
    f.target = *rc::gen::elementOf(targets);
    if (*rc::gen::inRange(0, 2) == 0) f.restart_after = secs(*rc::gen::inRange(0, 30));
    c.faults.script.push_back(f);
  }
  c.faults.stop_at = secs(*rc::gen::inRange(0, 400));
  c.quiet_period = secs(*rc::gen::element(0, 60, 300));
  c.shuffle_ties = *rc::gen::arbitrary<bool>();
}

ScenarioAction action_at(int seconds, ApiCall call) {
  ScenarioAction a;
  a.at = secs(seconds);
  a.call = call;
  return a;
}

}  // namespace

WorldConfig any_step_functions_world() {
  WorldConfig c;
  c.name = "random-step-functions";
  const char* machine =
      *rc::gen::elementOf(std::vector<const char*>(std::begin(kMachines), std::end(kMachines)));
  c.definition =
      std::get<std::shared_ptr<const asl::Definition>>(asl::parse_definition_text(machine));
  c.input = Json{{"items", Json::array({1, 2, 3, 4})}, {"n", 0}};
  std::vector<std::string> targets = {""};
  for (const char* key : {kActivity, "Ask", "Put", "Call"}) {
    if (*rc::gen::inRange(0, 4) == 0) continue;  // Some resources get the default responder.
    c.resources.push_back(any_resource(key, world::patterns_of_key(*c.definition, key)));
    targets.push_back(key);
    targets.push_back(std::string(key) + "/1");
  }
  any_faults(c, targets);
  if (*rc::gen::inRange(0, 3) == 0) {
    c.actions.push_back(action_at(*rc::gen::inRange(0, 200), ApiCall::StopExecution));
  }
  for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
    ScenarioAction redrive = action_at(*rc::gen::inRange(0, 400), ApiCall::RedriveExecution);
    if (*rc::gen::arbitrary<bool>()) redrive.client_token = "token-" + std::to_string(i % 2);
    c.actions.push_back(redrive);
  }
  return c;
}

WorldConfig any_temporal_world() {
  WorldConfig c;
  c.name = "random-temporal";
  c.dialect = world::Dialect::temporal;
  const char* workflow =
      *rc::gen::elementOf(std::vector<const char*>(std::begin(kWorkflows), std::end(kWorkflows)));
  auto parsed = temporal::parse_workflow_spec(Json::parse(workflow), "/workflow");
  RC_ASSERT(std::holds_alternative<temporal::WorkflowSpec>(parsed));
  c.workflow = std::make_shared<const temporal::WorkflowSpec>(
      std::get<temporal::WorkflowSpec>(std::move(parsed)));
  std::vector<std::string> targets = {""};
  for (const char* key : {"Charge", "Ship"}) {
    c.resources.push_back(
        any_resource(key, world::PatternSet::of({world::Pattern::temporal_activity})));
    targets.push_back(key);
    targets.push_back(std::string(key) + "/1");
  }
  any_faults(c, targets);
  if (*rc::gen::inRange(0, 2) == 0) {
    ScenarioAction cancel = action_at(*rc::gen::inRange(0, 30), ApiCall::RequestCancelActivity);
    cancel.activity = *rc::gen::element(std::string("Charge"), std::string("Ship"));
    c.actions.push_back(cancel);
  }
  return c;
}

world::RunOptions any_run_options() {
  world::RunOptions options;
  options.seed = *rc::gen::arbitrary<uint64_t>();
  options.swarm = *rc::gen::inRange(0, 4) == 0;
  options.record_trace = *rc::gen::inRange(0, 4) == 0;
  return options;
}

}  // namespace wfsim::testing
