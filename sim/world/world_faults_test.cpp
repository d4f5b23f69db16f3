// Every fault kind, injected: what it does to the record (history and call log), that it is
// counted and recorded in the schedule, that faults stop at stop_at, that each kind draws from
// its own stream, and the swarm mix.
#include "world/faults.h"
#include "world/world_test_support.h"

namespace wfsim::world {
using namespace testing;

namespace {

// An activity with a 3 s heartbeat clock and a 60 s timeout; its worker works 10.5 s and
// heartbeats every 0.9 s (at 0.9, 1.8, ... 9.9 s: 11 heartbeats; no time ties with the clocks).
WorldConfig heartbeating(uint32_t workers = 1) {
  WorldConfig c = sfn_config(activity_machine(R"("HeartbeatSeconds":3,"TimeoutSeconds":60)"));
  ResourceConfig r = resource(kActivityArn, 10.5, 0.9, workers);
  r.otherwise = returns(Json{{"ok", 1}});
  c.resources.push_back(r);
  return c;
}

ScriptedFault scripted(FaultKind kind, double at_seconds, double length_seconds = 0) {
  ScriptedFault f;
  f.kind = kind;
  f.at = seconds(at_seconds);
  f.length = seconds(length_seconds);
  return f;
}

const FaultFiring& only_firing(const RunResult& r, FaultKind kind) {
  const FaultFiring* found = nullptr;
  for (const FaultFiring& f : r.schedule.firings) {
    if (f.kind == kind) {
      BOOST_TEST_REQUIRE(found == nullptr);
      found = &f;
    }
  }
  BOOST_TEST_REQUIRE(found != nullptr);
  return *found;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(world_faults)

BOOST_AUTO_TEST_CASE(heartbeat_drop_loses_every_heartbeat_request_or_its_answer) {
  WorldConfig c = heartbeating();
  rate(c, FaultKind::heartbeat_drop, always());
  const RunResult r = run_seed(c, 3);
  const auto beats = calls(r, ApiCall::SendTaskHeartbeat);
  BOOST_TEST_REQUIRE(!beats.empty());
  size_t dropped = 0;
  size_t answer_lost = 0;
  for (const CallRecord* b : beats) {
    BOOST_TEST(b->dropped != b->answer_lost);
    if (b->dropped) BOOST_TEST((!b->response && !b->error));
    dropped += b->dropped ? 1 : 0;
    answer_lost += b->answer_lost ? 1 : 0;
  }
  BOOST_TEST(injected(r, FaultKind::heartbeat_drop) == beats.size());
  BOOST_TEST(r.probes.at("answer_lost") == answer_lost);
  BOOST_TEST(dropped > 0u);
}

BOOST_AUTO_TEST_CASE(heartbeat_delay_makes_heartbeats_arrive_after_they_were_sent) {
  WorldConfig c = heartbeating();
  rate(c, FaultKind::heartbeat_delay, always());
  c.faults.rates.delay = fixed(1.5);
  const RunResult r = run_seed(c);
  const auto beats = calls(r, ApiCall::SendTaskHeartbeat);
  BOOST_TEST_REQUIRE(beats.size() == 11u);
  for (const CallRecord* b : beats) BOOST_TEST((b->time - b->sent == seconds(1.5)));
  BOOST_TEST(injected(r, FaultKind::heartbeat_delay) == beats.size());
  BOOST_TEST(r.final_status == "SUCCEEDED");  // 1.5 s late is still within the 3 s clock.
}

BOOST_AUTO_TEST_CASE(heartbeat_throttle_rejects_heartbeats_so_the_heartbeat_clock_fires) {
  WorldConfig c = heartbeating();
  rate(c, FaultKind::heartbeat_throttle, always());
  const RunResult r = run_seed(c);
  const auto beats = calls(r, ApiCall::SendTaskHeartbeat);
  // Never reaching the engine, they never tell the worker its task is gone: it keeps going.
  BOOST_TEST_REQUIRE(beats.size() == 11u);
  for (const CallRecord* b : beats) {
    BOOST_TEST(error_code(b) == "ThrottlingException");
    BOOST_TEST(!b->dropped);
  }
  BOOST_TEST(r.final_status == "FAILED");
  BOOST_TEST(count_events(r, EventType::ActivityTimedOut) == 1u);
  BOOST_TEST(at(r.history.events[4].timestamp) == 3.0);
  BOOST_TEST(r.probes.at("heartbeat_timeout") == 1u);
  BOOST_TEST(r.probes.at("heartbeat_throttled") == 11u);
  BOOST_TEST(injected(r, FaultKind::heartbeat_throttle) == 11u);
}

BOOST_AUTO_TEST_CASE(sdk_heartbeat_throttle_holds_a_heartbeat_back_past_the_heartbeat_clock) {
  WorldConfig c = heartbeating();
  c.faults.script.push_back(scripted(FaultKind::sdk_heartbeat_throttle, 2.5, 5));
  const RunResult r = run_seed(c);
  const auto beats = calls(r, ApiCall::SendTaskHeartbeat);
  BOOST_TEST_REQUIRE(beats.size() >= 3u);
  BOOST_TEST(at(beats[0]->time) == 0.9);
  BOOST_TEST(at(beats[1]->time) == 1.8);
  BOOST_TEST(at(beats[2]->time) == 7.7);  // The heartbeat due at 2.7 s was held for 5 s.
  BOOST_TEST(error_code(beats[2]) == "TaskTimedOut");
  const FaultFiring& f = only_firing(r, FaultKind::sdk_heartbeat_throttle);
  BOOST_TEST(f.ordinal == 3u);
  BOOST_TEST(f.length == seconds(5));
  BOOST_TEST(r.probes.at("heartbeat_timeout") == 1u);
}

BOOST_AUTO_TEST_CASE(completion_delay_makes_the_report_arrive_late) {
  WorldConfig c = heartbeating();
  rate(c, FaultKind::completion_delay, always());
  c.faults.rates.delay = fixed(7);
  const RunResult r = run_seed(c);
  const auto reports = calls(r, ApiCall::SendTaskSuccess);
  BOOST_TEST_REQUIRE(reports.size() == 1u);
  BOOST_TEST(at(reports[0]->sent) == 10.5);
  BOOST_TEST(at(reports[0]->time) == 17.5);
  // The worker stopped heartbeating when it finished, so the 3 s clock closed the attempt.
  BOOST_TEST(error_code(reports[0]) == "TaskTimedOut");
  BOOST_TEST(r.probes.at("late_completion_rejected") == 1u);
  BOOST_TEST(injected(r, FaultKind::completion_delay) == 1u);
}

BOOST_AUTO_TEST_CASE(completion_duplicate_delivers_the_report_twice_and_the_copy_is_rejected) {
  WorldConfig c = heartbeating();
  rate(c, FaultKind::completion_duplicate, always());
  c.faults.rates.delay = fixed(1);
  const RunResult r = run_seed(c);
  const auto reports = calls(r, ApiCall::SendTaskSuccess);
  BOOST_TEST_REQUIRE(reports.size() == 2u);
  BOOST_TEST(reports[0]->sent == reports[1]->sent);
  BOOST_TEST(reports[0]->request == reports[1]->request);
  BOOST_TEST(reports[0]->response.has_value());
  BOOST_TEST(at(reports[1]->time) == 11.5);
  BOOST_TEST(error_code(reports[1]) == "TaskTimedOut");
  BOOST_TEST(r.final_status == "SUCCEEDED");
  BOOST_TEST(r.probes.at("duplicate_delivered") == 1u);
  BOOST_TEST(r.probes.at("duplicate_completion_rejected") == 1u);
}

BOOST_AUTO_TEST_CASE(a_dropped_completion_request_is_retried_by_the_sdk_after_its_timeout) {
  WorldConfig c = heartbeating();
  FaultSchedule schedule;
  schedule.firings.push_back(FaultFiring{FaultKind::completion_drop, seconds(10.5),
                                         std::string(kActivityArn) + "/1", 1, {}, {}, false});
  RunOptions options;
  options.replay = &schedule;
  const RunResult r = run(c, options);
  const auto reports = calls(r, ApiCall::SendTaskSuccess);
  BOOST_TEST_REQUIRE(reports.size() == 2u);
  BOOST_TEST(reports[0]->dropped);
  BOOST_TEST(at(reports[1]->time) == 20.5);  // After the 10 s client timeout.
  // The worker stopped heartbeating when it finished: the retry comes after the heartbeat clock
  // closed the attempt.
  BOOST_TEST(error_code(reports[1]) == "TaskTimedOut");
  BOOST_TEST(r.probes.at("completion_retried") == 1u);
  BOOST_TEST(r.probes.at("late_completion_rejected") == 1u);
  BOOST_TEST(r.schedule.firings == schedule.firings);
}

BOOST_AUTO_TEST_CASE(a_lost_completion_answer_makes_the_sdk_retry_a_report_that_was_accepted) {
  WorldConfig c = heartbeating();
  FaultSchedule schedule;
  schedule.firings.push_back(FaultFiring{FaultKind::completion_drop, seconds(10.5),
                                         std::string(kActivityArn) + "/1", 1, {}, {}, true});
  RunOptions options;
  options.replay = &schedule;
  const RunResult r = run(c, options);
  BOOST_TEST(r.final_status == "SUCCEEDED");
  const auto reports = calls(r, ApiCall::SendTaskSuccess);
  BOOST_TEST_REQUIRE(reports.size() == 2u);
  BOOST_TEST(reports[0]->answer_lost);
  BOOST_TEST(reports[0]->response.has_value());
  BOOST_TEST(error_code(reports[1]) == "TaskTimedOut");
  BOOST_TEST(r.probes.at("duplicate_completion_rejected") == 1u);
  BOOST_TEST(r.probes.at("answer_lost") == 1u);
}

BOOST_AUTO_TEST_CASE(a_scripted_crash_abandons_the_task_until_the_worker_restarts) {
  WorldConfig c = heartbeating();
  c.resources[0].otherwise = returns(Json{{"ok", 1}});
  ScriptedFault crash = scripted(FaultKind::worker_crash, 4.6);
  crash.target = kActivityArn;  // A resource: one of its workers is drawn.
  crash.restart_after = seconds(20);
  c.faults.script.push_back(crash);
  const RunResult r = run_seed(c);
  BOOST_TEST(r.final_status == "FAILED");  // No retrier: the heartbeat clock fails it.
  const auto beats = calls(r, ApiCall::SendTaskHeartbeat);
  BOOST_TEST_REQUIRE(beats.size() == 5u);
  BOOST_TEST(at(beats.back()->time) == 4.5);
  BOOST_TEST(count_events(r, EventType::ActivityTimedOut) == 1u);
  BOOST_TEST(at(r.history.events[4].timestamp) == 7.5);
  const FaultFiring& f = only_firing(r, FaultKind::worker_crash);
  BOOST_TEST(f.target == std::string(kActivityArn) + "/1");
  BOOST_TEST(f.ordinal == 0u);  // Time-triggered.
  BOOST_TEST(f.at == seconds(4.6));
  BOOST_TEST(f.restart_after == std::optional<Duration>(seconds(20)));
  BOOST_TEST(r.probes.at("worker_crashed_holding_task") == 1u);
  BOOST_TEST(r.probes.at("worker_restarted") == 1u);
}

BOOST_AUTO_TEST_CASE(worker_pause_stops_heartbeats_and_the_worker_reports_late) {
  WorldConfig c = heartbeating();
  c.faults.script.push_back(scripted(FaultKind::worker_pause, 4.6, 20));
  const RunResult r = run_seed(c);
  const auto beats = calls(r, ApiCall::SendTaskHeartbeat);
  BOOST_TEST_REQUIRE(beats.size() == 6u);
  BOOST_TEST(at(beats[4]->time) == 4.5);
  BOOST_TEST(at(beats[5]->time) == 24.6);  // Overdue at the resume: sent at once.
  BOOST_TEST(error_code(beats[5]) == "TaskTimedOut");  // The clock fired at 7.5 s.
  BOOST_TEST(r.final_status == "FAILED");
  BOOST_TEST(r.probes.at("paused_past_heartbeat_timeout") == 1u);
  // The rejected heartbeat makes the worker give the task up: it never reports.
  BOOST_TEST(calls(r, ApiCall::SendTaskSuccess).empty());
  BOOST_TEST(injected(r, FaultKind::worker_pause) == 1u);
}

BOOST_AUTO_TEST_CASE(a_random_pause_falls_inside_the_attempt_and_work_resumes_after_it) {
  WorldConfig c = sfn_config(activity_machine());  // No heartbeat clock: the report is accepted.
  c.resources.push_back(resource(kActivityArn, 10));
  rate(c, FaultKind::worker_pause, always());
  c.faults.rates.delay = fixed(30);
  const RunResult r = run_seed(c, 11);
  const FaultFiring& f = only_firing(r, FaultKind::worker_pause);
  BOOST_TEST(f.ordinal == 1u);
  BOOST_TEST((f.at >= Duration::zero() && f.at <= seconds(10)));
  const auto reports = calls(r, ApiCall::SendTaskSuccess);
  BOOST_TEST_REQUIRE(reports.size() == 1u);
  BOOST_TEST(at(reports[0]->time) == 40.0);  // 10 s of work plus the 30 s pause.
  BOOST_TEST(r.final_status == "SUCCEEDED");
}

BOOST_AUTO_TEST_CASE(token_expiry_keeps_the_token_past_the_close_and_reports_late) {
  WorldConfig c = heartbeating();
  c.faults.script.push_back(scripted(FaultKind::token_expiry, 0, 5));
  const RunResult r = run_seed(c);
  BOOST_TEST(calls(r, ApiCall::SendTaskHeartbeat).empty());  // It stops heartbeating.
  BOOST_TEST(r.final_status == "FAILED");
  const auto reports = calls(r, ApiCall::SendTaskSuccess);
  BOOST_TEST_REQUIRE(reports.size() == 1u);
  BOOST_TEST(at(reports[0]->time) == 15.5);  // max(10.5 s of work, the 3 s clock) + 5 s.
  BOOST_TEST(error_code(reports[0]) == "TaskTimedOut");
  BOOST_TEST(r.probes.at("token_expiry_report") == 1u);
  BOOST_TEST(r.probes.at("late_completion_rejected") == 1u);
  BOOST_TEST(only_firing(r, FaultKind::token_expiry).ordinal == 1u);
}

BOOST_AUTO_TEST_CASE(token_expiry_never_applies_to_request_response_lambda_or_sync_integrations) {
  // Each integration's worker takes 2 s, far past nothing: a token_expiry on any of them would
  // hold its answer past the 5 s TimeoutSeconds and fail the execution.
  WorldConfig c = sfn_config(R"({"StartAt":"Put","States":{
      "Put":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem",
             "TimeoutSeconds":5,"Next":"Invoke"},
      "Invoke":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "TimeoutSeconds":5,"Next":"Legacy"},
      "Legacy":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f",
                "TimeoutSeconds":5,"Next":"Job"},
      "Job":{"Type":"Task","Resource":"arn:aws:states:::glue:startJobRun.sync",
             "TimeoutSeconds":5,"End":true}}})");
  for (const char* state : {"Put", "Invoke", "Legacy", "Job"}) {
    ResourceConfig r = resource(state, 2);
    r.otherwise = returns(Json{{"from", state}});
    c.resources.push_back(r);
  }
  rate(c, FaultKind::token_expiry, always());
  for (const uint64_t seed : {1, 2, 3}) {
    const RunResult r = run_seed(c, seed);
    BOOST_TEST(r.final_status == "SUCCEEDED", "seed " << seed);
    BOOST_TEST(injected(r, FaultKind::token_expiry) == 0u);
    BOOST_TEST(r.schedule.firings.empty());
    BOOST_TEST(r.probes.at("token_expiry_report") == 0u);
    const auto completions = calls(r, ApiCall::CompleteIntegration);
    BOOST_TEST_REQUIRE(completions.size() == 4u);
    for (const CallRecord* done : completions) {
      BOOST_TEST(!done->error.has_value(), done->caller << ": " << error_code(done));
    }
    BOOST_TEST(at(completions.back()->time) == 8.0);  // Four 2 s answers, none held back.
  }
}

BOOST_AUTO_TEST_CASE(token_expiry_applies_to_callback_tasks_that_hand_out_a_token) {
  WorldConfig c = sfn_config(R"({"StartAt":"Approve","States":{"Approve":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"MessageBody.$":"$$.Task.Token"},"TimeoutSeconds":5,"End":true}}})");
  ResourceConfig r = resource("Approve", 2);
  r.otherwise = returns(Json{{"approved", true}});
  c.resources.push_back(r);
  rate(c, FaultKind::token_expiry, always());
  c.faults.rates.delay = fixed(1);
  const RunResult result = run_seed(c);
  BOOST_TEST(result.final_status == "FAILED");
  BOOST_TEST(only_firing(result, FaultKind::token_expiry).ordinal == 1u);
  const auto reports = calls(result, ApiCall::SendTaskSuccess);
  BOOST_TEST_REQUIRE(reports.size() == 1u);
  BOOST_TEST(at(reports[0]->time) == 6.0);  // max(2 s of work, the 5 s clock) + 1 s.
  BOOST_TEST(error_code(reports[0]) == "TaskTimedOut");
  BOOST_TEST(result.probes.at("token_expiry_report") == 1u);
}

BOOST_AUTO_TEST_CASE(a_scripted_token_expiry_passes_over_integrations_to_the_next_token_holder) {
  // One pool keyed by the state names would be two pools; a target "any worker" lets the
  // Lambda's attempt come first, and the script must wait for the activity's.
  WorldConfig c = sfn_config(R"({"StartAt":"Invoke","States":{
      "Invoke":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Next":"Ship"},
      "Ship":{"Type":"Task","Resource":")" + std::string(kActivityArn) + R"(",
              "TimeoutSeconds":5,"End":true}}})");
  ResourceConfig invoke = resource("Invoke", 1);
  invoke.otherwise = returns(Json::object());
  c.resources.push_back(invoke);
  ResourceConfig ship = resource(kActivityArn, 1);
  ship.otherwise = returns(Json{{"tracking", "1Z"}});
  c.resources.push_back(ship);
  c.faults.script.push_back(scripted(FaultKind::token_expiry, 0, 2));
  const RunResult r = run_seed(c);
  const FaultFiring& f = only_firing(r, FaultKind::token_expiry);
  BOOST_TEST(f.target == std::string(kActivityArn) + "/1");
  const auto completions = calls(r, ApiCall::CompleteIntegration);
  BOOST_TEST_REQUIRE(completions.size() == 1u);
  BOOST_TEST(!completions[0]->error.has_value());
  const auto reports = calls(r, ApiCall::SendTaskSuccess);
  BOOST_TEST_REQUIRE(reports.size() == 1u);
  BOOST_TEST(error_code(reports[0]) == "TaskTimedOut");
  BOOST_TEST(r.final_status == "FAILED");
}

BOOST_AUTO_TEST_CASE(a_token_held_on_a_hanging_attempt_is_let_go_when_faults_stop) {
  // The only worker hangs on attempt 0 and keeps its token (no heartbeats): the attempt times out
  // on its 3 s heartbeat clock and the retry waits for a worker until faults stop at 100 s.
  WorldConfig c = sfn_config(activity_machine(
      R"("HeartbeatSeconds":3,"TimeoutSeconds":60,
         "Retry":[{"ErrorEquals":["States.Timeout"],"IntervalSeconds":1,"MaxAttempts":1}])"));
  ResourceConfig r = resource(kActivityArn, 2, 1);
  rule(r, 0, 0, hangs());
  r.otherwise = returns(Json{{"ok", 1}});
  c.resources.push_back(r);
  c.faults.script.push_back(scripted(FaultKind::token_expiry, 0, 5));
  c.faults.stop_at = seconds(100);
  const RunResult result = run_seed(c);
  BOOST_TEST((result.stop == StopReason::drained));
  BOOST_TEST(!result.liveness_failure.has_value());
  BOOST_TEST(result.final_status == "SUCCEEDED");
  for (const CallRecord* beat : calls(result, ApiCall::SendTaskHeartbeat)) {
    BOOST_TEST(at(beat->time) > 100.0);  // Only the retry heartbeats.
  }
  std::vector<double> started;
  for (const HistoryEvent& e : result.history.events) {
    if (e.type == EventType::ActivityStarted) started.push_back(at(e.timestamp));
  }
  BOOST_TEST_REQUIRE(started.size() == 2u);
  BOOST_TEST(started[1] == 100.0);  // The healed worker takes the retry.
  BOOST_TEST(at(kDefaultEpoch + result.virtual_duration) == 102.0);
}

BOOST_AUTO_TEST_CASE(no_fault_fires_at_or_after_stop_at) {
  WorldConfig c = heartbeating();
  rate(c, FaultKind::heartbeat_delay, always());
  c.faults.rates.delay = fixed(0.5);
  c.faults.stop_at = seconds(5);
  const RunResult r = run_seed(c);
  const auto beats = calls(r, ApiCall::SendTaskHeartbeat);
  BOOST_TEST_REQUIRE(beats.size() == 11u);
  for (const CallRecord* b : beats) {
    BOOST_TEST((at(b->sent) < 5.0) == (b->sent != b->time));
  }
  for (const FaultFiring& f : r.schedule.firings) BOOST_TEST(f.at < seconds(5));
  BOOST_TEST(r.faults_stopped_at == seconds(5));
}

BOOST_AUTO_TEST_CASE(each_kind_draws_from_its_own_stream) {
  FaultConfig config;
  auto firings = [&](Ratio heartbeat_drop) {
    FaultRates rates;
    rates.rates[static_cast<size_t>(FaultKind::completion_delay)] = Ratio{1, 3};
    rates.rates[static_cast<size_t>(FaultKind::heartbeat_drop)] = heartbeat_drop;
    FaultInjector injector(config, rates, Random(99), nullptr, kDefaultEpoch);
    std::vector<std::pair<uint64_t, Duration>> delays;
    for (uint64_t n = 1; n <= 200; ++n) {
      injector.decide(FaultKind::heartbeat_drop, {"w/1", "w"}, n, kDefaultEpoch);
      if (const FaultFiring* f =
              injector.decide(FaultKind::completion_delay, {"w/1", "w"}, n, kDefaultEpoch)) {
        delays.emplace_back(f->ordinal, f->length);
      }
    }
    return delays;
  };
  const auto without = firings(Ratio::never());
  const auto with = firings(Ratio{1, 2});
  BOOST_TEST(without.size() > 40u);
  BOOST_TEST((without == with));
}

BOOST_AUTO_TEST_CASE(swarm_rates_switch_each_kind_per_seed_and_keep_the_scenarios_rates) {
  FaultRates base;
  base.rates[static_cast<size_t>(FaultKind::worker_crash)] = Ratio{1, 7};
  const std::vector<Ratio> allowed = {Ratio::never(), {1, 2}, {1, 5}, {1, 10}, {1, 50}, {1, 200}};
  std::array<size_t, kFaultKindCount> on{};
  FaultKindSet every{};
  every.fill(true);
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const FaultRates rates = swarm_rates(base, seed, every);
    BOOST_TEST((rates.rates == swarm_rates(base, seed, every).rates));  // A function of the seed.
    BOOST_TEST((rates.rates[0] == Ratio{1, 7}));
    for (size_t k = 1; k < kFaultKindCount; ++k) {
      BOOST_TEST((std::find(allowed.begin(), allowed.end(), rates.rates[k]) != allowed.end()));
      on[k] += rates.rates[k].is_never() ? 0 : 1;
    }
  }
  for (size_t k = 1; k < kFaultKindCount; ++k) BOOST_TEST((on[k] > 60u && on[k] < 140u));
}

BOOST_AUTO_TEST_CASE(swarm_rates_never_switch_on_a_kind_that_applies_to_no_task) {
  FaultKindSet applicable{};
  applicable[static_cast<size_t>(FaultKind::service_error)] = true;
  FaultKindSet every{};
  every.fill(true);
  for (uint64_t seed = 0; seed < 100; ++seed) {
    const FaultRates rates = swarm_rates(FaultRates{}, seed, applicable);
    const FaultRates all = swarm_rates(FaultRates{}, seed, every);
    for (size_t k = 0; k < kFaultKindCount; ++k) {
      // The same draws happen either way: an applicable kind gets the rate it would get anyway.
      BOOST_TEST((rates.rates[k] == (applicable[k] ? all.rates[k] : Ratio::never())));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_swarm_envelope_caps_each_rate_and_keeps_unnamed_kinds_off) {
  FaultKindSet every{};
  every.fill(true);
  std::array<Ratio, kFaultKindCount> envelope{};  // All never: swarm adds nothing.
  envelope[static_cast<size_t>(FaultKind::completion_drop)] = Ratio{1, 10};
  envelope[static_cast<size_t>(FaultKind::heartbeat_drop)] = Ratio{1, 2};
  FaultRates base;
  base.rates[static_cast<size_t>(FaultKind::worker_crash)] = Ratio{1, 7};  // Its own rate stands.
  size_t capped = 0;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const FaultRates free = swarm_rates(base, seed, every);
    const FaultRates bounded = swarm_rates(base, seed, every, &envelope);
    for (size_t k = 0; k < kFaultKindCount; ++k) {
      const auto kind = static_cast<FaultKind>(k);
      if (kind == FaultKind::worker_crash) {
        BOOST_TEST((bounded.rates[k] == Ratio{1, 7}));
      } else if (envelope[k].is_never()) {
        BOOST_TEST(bounded.rates[k].is_never());
      } else if (free.rates[k].is_never()) {
        BOOST_TEST(bounded.rates[k].is_never());  // The same kinds are switched on.
      } else {
        const Ratio& r = bounded.rates[k];
        BOOST_TEST(r.numerator * envelope[k].denominator <=
                   envelope[k].numerator * r.denominator);
        capped += r == free.rates[k] ? 0 : 1;
      }
    }
  }
  BOOST_TEST(capped > 0u);  // 1/2 and 1/5 drawn for completion_drop are lowered to 1/10.
}

BOOST_AUTO_TEST_CASE(applicable_kinds_follow_the_patterns_of_the_tasks) {
  const WorldConfig c = heartbeating(2);  // Activity tasks only.
  const FaultKindSet kinds = applicable_kinds(c);
  BOOST_TEST(kinds[static_cast<size_t>(FaultKind::heartbeat_drop)]);
  BOOST_TEST(kinds[static_cast<size_t>(FaultKind::worker_crash)]);
  BOOST_TEST(!kinds[static_cast<size_t>(FaultKind::service_error)]);
  BOOST_TEST(!kinds[static_cast<size_t>(FaultKind::job_failure)]);
}

BOOST_AUTO_TEST_CASE(a_swarm_run_reports_the_mix_it_used) {
  WorldConfig c = heartbeating(2);
  RunOptions options;
  options.seed = 5;
  options.swarm = true;
  const RunResult r = run(c, options);
  BOOST_TEST((r.rates.rates == swarm_rates(c.faults.rates, 5, applicable_kinds(c)).rates));
  uint64_t total = 0;
  for (const uint64_t n : r.faults_injected) total += n;
  BOOST_TEST(total == r.schedule.firings.size());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::world
