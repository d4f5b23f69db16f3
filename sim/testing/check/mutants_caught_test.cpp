// Every planted defect of engine/mutants.h is caught by its invariant: for each mutant a small
// scenario that every invariant passes on the faithful engine and that, with the mutant switched
// on, violates the named invariant. A mutant added without a scenario here fails the last test.
#include "testing/check_harness.h"

#include <set>

namespace wfsim::check {
using namespace testing;

namespace {

const char* kCallbackWithRetry = R"({"StartAt":"Ship","States":{"Ship":{"Type":"Task",
  "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
  "Parameters":{"MessageBody.$":"$$.Task.Token"},"TimeoutSeconds":10,
  "Retry":[{"ErrorEquals":["States.Timeout"],"IntervalSeconds":1,"MaxAttempts":1}],
  "End":true}}})";

// A Lambda task "Work" with these extra fields; a catcher may go to the Pass state "Handle".
std::string lambda_task(const std::string& fields) {
  const bool catches = fields.find("\"Catch\"") != std::string::npos;
  return R"({"StartAt":"Work","States":{"Work":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke",)" +
         fields + R"("End":true})" + (catches ? R"(,"Handle":{"Type":"Pass","End":true})" : "") +
         "}}";
}

std::vector<std::optional<std::string>> repeat(size_t n, const char* error) {
  return std::vector<std::optional<std::string>>(n, std::string(error));
}

sfn::EngineOptions with(MutantSet mutants) {
  sfn::EngineOptions options;
  options.mutants = mutants;
  return options;
}

using Scenario = std::vector<Violation> (*)(MutantSet);

std::vector<Violation> heartbeats_past_timeout(MutantSet m) {
  SfnRun run(with(m));
  run.on_delivery([](SfnRun& r, const sfn::Delivery& d) {
    for (int s = 2; s < 40; s += 2)
      r.after(Duration::seconds(s), [&r, t = d.token] { r.heartbeat(t); });
  });
  run.start(R"({"StartAt":"Ship","States":{"Ship":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"MessageBody.$":"$$.Task.Token"},"HeartbeatSeconds":5,"TimeoutSeconds":12,
      "End":true}}})");
  run.run();
  return check_invariants(run.observation());
}

std::vector<Violation> redrive_after_task_failure(MutantSet m) {
  SfnRun run(with(m));
  run.on_delivery(integration_script({"Ship.Unavailable"}));
  run.start(R"({"StartAt":"Prepare","States":{
      "Prepare":{"Type":"Pass","Next":"Ship"},
      "Ship":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}})");
  run.run();
  run.redrive();
  run.run();
  return check_invariants(run.observation());
}

std::vector<Violation> loop_over_a_flaky_task(MutantSet m) {
  SfnRun run(with(m));
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
  return check_invariants(run.observation());
}

std::vector<Violation> exhausted_first_retrier(MutantSet m) {
  SfnRun run(with(m));
  run.on_delivery(integration_script(repeat(4, "E")));
  run.start(lambda_task(R"("Retry":[{"ErrorEquals":["E"],"MaxAttempts":1},
                           {"ErrorEquals":["States.ALL"],"MaxAttempts":5}],)"));
  run.run();
  return check_invariants(run.observation());
}

std::vector<Violation> full_jitter_under_a_small_cap(MutantSet m) {
  SfnRun run(with(m), 7);
  run.on_delivery(integration_script(repeat(5, "E")));
  run.start(lambda_task(R"("Retry":[{"ErrorEquals":["E"],"IntervalSeconds":5,"MaxAttempts":4,
                           "MaxDelaySeconds":1,"JitterStrategy":"FULL"}],)"));
  run.run();
  return check_invariants(run.observation());
}

std::vector<Violation> late_success_with_an_old_token(MutantSet m) {
  SfnRun run(with(m));
  std::vector<std::string> tokens;
  run.on_delivery([&tokens](SfnRun&, const sfn::Delivery& d) { tokens.push_back(d.token); });
  run.start(kCallbackWithRetry);
  run.run_until(kDefaultEpoch + Duration::seconds(12));
  run.succeed(tokens.front());
  run.run();
  return check_invariants(run.observation());
}

std::vector<Violation> callback_retried_after_timeout(MutantSet m) {
  SfnRun run(with(m));
  run.start(kCallbackWithRetry);
  run.run();
  return check_invariants(run.observation());
}

std::vector<Violation> activity_polled_late(MutantSet m) {
  SfnRun run(with(m));
  run.on_delivery([](SfnRun& r, const sfn::Delivery& d) {
    r.after(Duration::seconds(2), [&r, arn = d.resource] { r.poll(arn); });
  });
  run.start(R"({"StartAt":"Pick","States":{"Pick":{"Type":"Task",
      "Resource":"arn:aws:states:us-east-1:123456789012:activity:pick",
      "HeartbeatSeconds":3,"TimeoutSeconds":10,"End":true}}})");
  run.run();
  return check_invariants(run.observation());
}

std::vector<Violation> map_redrive(MutantSet m) {
  SfnRun run(with(m));
  auto round = std::make_shared<int>(0);
  run.on_delivery([round](SfnRun& r, const sfn::Delivery& d) {
    const int n = d.payload["n"].get<int>();
    r.complete(d.token, *round == 0 && n == 1 ? sfn::IntegrationResult::failure("Odd", "")
                                              : sfn::IntegrationResult::success(Json{{"n", n}}));
  });
  run.start(R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",
      "MaxConcurrency":1,"ItemProcessor":{"StartAt":"W","States":{
      "W":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},
      "End":true}}})",
            Json{{"items", {{{"n", 0}}, {{"n", 1}}, {{"n", 2}}}}});
  run.run();
  *round = 1;
  run.redrive();
  run.run();
  return check_invariants(run.observation());
}

std::vector<Violation> runtime_error_under_states_all(MutantSet m) {
  SfnRun run(with(m));
  run.on_delivery(integration_script({"States.Runtime", "States.Runtime"}));
  run.start(lambda_task(R"("Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":1}],
                           "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Handle"}],)"));
  run.run();
  return check_invariants(run.observation());
}

std::vector<Violation> timeout_under_task_failed(MutantSet m) {
  SfnRun run(with(m));  // Nobody answers.
  run.start(lambda_task(R"("TimeoutSeconds":2,
                           "Retry":[{"ErrorEquals":["States.TaskFailed"],"MaxAttempts":1}],
                           "Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"Handle"}],)"));
  run.run();
  return check_invariants(run.observation());
}

std::vector<Violation> max_attempts_zero(MutantSet m) {
  SfnRun run(with(m));
  run.on_delivery(integration_script(repeat(2, "E")));
  run.start(lambda_task(R"("Retry":[{"ErrorEquals":["E"],"MaxAttempts":0}],)"));
  run.run();
  return check_invariants(run.observation());
}

std::vector<Violation> redrive_after_execution_timeout(MutantSet m) {
  SfnRun run(with(m));
  run.start(R"({"TimeoutSeconds":10,"StartAt":"Pause","States":{
      "Pause":{"Type":"Wait","Seconds":8,"Next":"Pause2"},
      "Pause2":{"Type":"Wait","Seconds":8,"End":true}}})");
  run.run();
  run.run_until(run.now() + Duration::seconds(100));
  run.redrive();
  run.run();
  return check_invariants(run.observation());
}

// A JSONata swap: both entries read the values from before the Assign (VAR-2.1).
std::vector<Violation> assign_swaps_two_variables(MutantSet m) {
  SfnRun run(with(m));
  run.start(R"({"QueryLanguage":"JSONata","StartAt":"Init","States":{
      "Init":{"Type":"Pass","Assign":{"a":1,"b":2},"Next":"Swap"},
      "Swap":{"Type":"Pass","Assign":{"a":"{% $b %}","b":"{% $a %}"},"End":true}}})");
  run.run();
  return check_invariants(run.observation());
}

// A variable assigned in every iteration is gone after the Map (VAR-3.2).
std::vector<Violation> iteration_variable_after_the_map(MutantSet m) {
  SfnRun run(with(m));
  run.start(R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",
      "ItemProcessor":{"StartAt":"Mark","States":{
        "Mark":{"Type":"Pass","Assign":{"inner":true},"End":true}}},
      "ResultPath":null,"Next":"After"},
      "After":{"Type":"Pass","QueryLanguage":"JSONata",
               "Assign":{"seen":"{% $exists($inner) %}"},"End":true}}})",
            Json{{"items", {1, 2}}});
  run.run();
  return check_invariants(run.observation());
}

// $states.result is not provided in a Task's Arguments (JSONATA-3.8).
std::vector<Violation> arguments_probe_the_result(MutantSet m) {
  SfnRun run(with(m));
  run.on_delivery(integration_script({std::nullopt}));
  run.start(R"({"QueryLanguage":"JSONata","StartAt":"Work","States":{"Work":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke",
      "Arguments":{"FunctionName":"f","Payload":{"had":"{% $exists($states.result) %}"}},
      "End":true}}})");
  run.run();
  return check_invariants(run.observation());
}

Instant at_s(double s) {
  return kDefaultEpoch + Duration::microseconds(static_cast<int64_t>(s * 1e6));
}

std::vector<Violation> details_across_a_heartbeat_timeout(MutantSet m) {
  TemporalRun run(m);
  run.start(R"({"steps":[{"activity":"A","options":{"start_to_close_seconds": 60,
      "heartbeat_timeout_seconds": 2, "retry_policy": {"maximum_attempts": 2}}}]})");
  run.heartbeat(run.poll()->task_token, {Json("checkpoint")});
  run.advance_to(at_s(3));  // Heartbeat timeout at 2 s, retry at 3 s.
  run.poll();
  run.advance_to(at_s(10));
  return check_invariants(run.observation());
}

std::vector<Violation> cancel_of_a_silent_activity(MutantSet m) {
  TemporalRun run(m);
  run.start(R"({"steps":[{"activity":"A","options":{"start_to_close_seconds": 10}}]})");
  work_attempt(run, *run.poll(), std::nullopt, Duration::seconds(8), WorkResult::complete, at_s(5));
  return check_invariants(run.observation());
}

std::vector<Violation> failing_until_schedule_to_close(MutantSet m) {
  TemporalRun run(m);
  run.start(R"({"steps":[{"activity":"A","options":{"schedule_to_close_seconds": 10}}]})");
  while (run.engine.status(run.workflow_id) == temporal::WorkflowStatus::running) {
    if (auto task = run.poll()) {
      run.fail(task->task_token);
    } else if (!run.fire_next()) {
      break;
    }
  }
  return check_invariants(run.observation());
}

// A Distributed Map of three items shipped one at a time; the second shipment fails the Map
// Run, and the redrive re-runs that child and starts the third (DMAP-12.2).
std::vector<Violation> map_run_redrive(MutantSet m) {
  SfnRun run(with(m));
  run.on_delivery(integration_script({std::nullopt, "Carrier.Down"}));
  run.start(R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",
      "MaxConcurrency":1,
      "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
        "StartAt":"Ship","States":{"Ship":{"Type":"Task",
          "Resource":"arn:aws:states:::lambda:invoke","End":true}}},
      "End":true}}})",
            Json{{"items", {1, 2, 3}}});
  run.run();
  run.redrive();
  run.run();
  return check_invariants(run.observation());
}

// One of three items fails under ToleratedFailurePercentage 33: 33.3 % exceeds it (DMAP-6.1).
std::vector<Violation> one_failure_in_three_items(MutantSet m) {
  SfnRun run(with(m));
  run.start(R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",
      "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
        "StartAt":"Route","States":{
          "Route":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":2,"Next":"Bad"}],
                   "Default":"Good"},
          "Bad":{"Type":"Fail","Error":"Item.Bad"},
          "Good":{"Type":"Pass","End":true}}},
      "ToleratedFailurePercentage":33,"End":true}}})",
            Json{{"items", {1, 2, 3}}});
  run.run();
  return check_invariants(run.observation());
}

// Five items in batches of at most two: the last batch holds one item (DMAP-4.1).
std::vector<Violation> five_items_in_pairs(MutantSet m) {
  SfnRun run(with(m));
  run.start(R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",
      "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
        "StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}},
      "ItemBatcher":{"MaxItemsPerBatch":2},"End":true}}})",
            Json{{"items", {1, 2, 3, 4, 5}}});
  run.run();
  return check_invariants(run.observation());
}

struct Case {
  Mutant mutant;
  std::string_view invariant;
  Scenario scenario;
};

const Case kCases[] = {
    {Mutant::heartbeat_extends_task_timeout, "sfn.hard_task_timeout", heartbeats_past_timeout},
    {Mutant::redrive_reruns_succeeded_states, "sfn.redrive_no_rerun_of_succeeded",
     redrive_after_task_failure},
    {Mutant::retry_counter_not_reset_on_reentry, "sfn.counter_reset", loop_over_a_flaky_task},
    {Mutant::retrier_fall_through, "sfn.no_fall_through", exhausted_first_retrier},
    {Mutant::jitter_beyond_cap, "sfn.retry_delay_bound", full_jitter_under_a_small_cap},
    {Mutant::closed_token_accepted, "sfn.closed_token_rejected", late_success_with_an_old_token},
    {Mutant::token_reused_across_attempts, "sfn.fresh_tokens", callback_retried_after_timeout},
    {Mutant::heartbeat_clock_from_scheduled, "sfn.heartbeat_timeout", activity_polled_late},
    {Mutant::map_redrive_reruns_succeeded_iterations, "sfn.redrive_no_rerun_of_succeeded",
     map_redrive},
    {Mutant::states_all_catches_runtime, "sfn.uncatchable_errors", runtime_error_under_states_all},
    {Mutant::task_failed_matches_timeout, "sfn.uncatchable_errors", timeout_under_task_failed},
    {Mutant::max_attempts_zero_retries_once, "sfn.retry_budget", max_attempts_zero},
    {Mutant::execution_timeout_not_reset_on_redrive, "sfn.redrive_resets_clocks",
     redrive_after_execution_timeout},
    {Mutant::assign_sees_new_values, "sfn.variable_scopes", assign_swaps_two_variables},
    {Mutant::block_assignment_leaks, "sfn.variable_scopes", iteration_variable_after_the_map},
    {Mutant::states_result_in_arguments, "sfn.variable_scopes", arguments_probe_the_result},
    {Mutant::map_run_redrive_reruns_succeeded_children, "sfn.map_run_no_rerun_of_succeeded",
     map_run_redrive},
    {Mutant::tolerated_percentage_wrong_rounding, "sfn.map_run_tolerance",
     one_failure_in_three_items},
    {Mutant::batcher_drops_last_partial_batch, "sfn.map_run_items_once", five_items_in_pairs},
    {Mutant::heartbeat_details_lost_across_retries, "temporal.heartbeat_details_carry_over",
     details_across_a_heartbeat_timeout},
    {Mutant::cancel_delivered_without_heartbeat, "temporal.throttle_and_cancel_delivery",
     cancel_of_a_silent_activity},
    {Mutant::schedule_to_close_not_enforced_on_retries, "temporal.retry_bounds",
     failing_until_schedule_to_close},
    {Mutant::backoff_exponent_off_by_one, "temporal.exact_backoff",
     failing_until_schedule_to_close},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(mutants_caught)

BOOST_AUTO_TEST_CASE(each_mutant_scenario_is_clean_on_the_faithful_engine_and_caught_with_it) {
  for (const Case& c : kCases) {
    BOOST_TEST_CONTEXT("mutant " << to_string(c.mutant)) {
      const auto faithful = c.scenario({});
      BOOST_TEST(faithful.empty(), describe(faithful));
      const auto mutated = c.scenario(MutantSet(c.mutant));
      const auto caught = of(mutated, c.invariant);
      BOOST_TEST(!caught.empty(), c.invariant << " missed it; found:" << describe(mutated));
      for (const Violation& v : caught) BOOST_TEST_MESSAGE(v.invariant << ": " << v.message);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_planted_mutant_has_a_scenario_that_catches_it) {
  std::set<Mutant> covered;
  for (const Case& c : kCases) covered.insert(c.mutant);
  for (const MutantInfo& info : all_mutants()) {
    BOOST_TEST(covered.count(info.mutant) == 1u, "no scenario catches " << info.name);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
