// The generators exercise what the properties claim to check: for each area, a sample of
// generated cases (drawn with the profile's seed) is run and must reach the situations its
// invariants are about (retries, catches, both timeout clocks, late and duplicate completions,
// failing branches and iterations, redrives, Temporal retries, cancels and heartbeat details;
// JSONata states of every kind, States.QueryEvaluationError retried and caught, variables).
// A property that never meets its situation passes without testing anything; this test makes
// such a drift in the generators fail, and prints how often each situation was reached.
#include <rapidcheck/boost_test.h>

#include <iostream>
#include <map>
#include <set>

#include "properties/case_runner.h"
#include "properties/profile.h"
#include "record/temporal_history.h"

WFSIM_PROPERTY_BUDGET(300, 3000);  // Cases sampled per area.

namespace wfsim::properties {
namespace {

// How many sampled cases showed each signal: history event types ("event:TaskTimedOut"),
// probes ("probe:catch_taken"), final statuses ("status:FAILED"), "retry" (an attempt after
// a failed one in the same visit, or a Temporal attempt > 1), the JSONata states of the
// definition ("jsonata:Task", "jsonata:machine" for a top-level JSONata machine), what became
// of a States.QueryEvaluationError ("query_error:retried", "query_error:caught") and where
// variables were assigned ("variables:top", "variables:inside" a branch or iteration).
using Signals = std::map<std::string, int>;

// The JSONata states of a definition (JSONATA-1.1: a state inherits the top level's language)
// and the names of the states inside branches and iterations.
void add_jsonata_states(const Json& machine, bool jsonata, bool inside, std::set<std::string>& seen,
                        std::set<std::string, std::less<>>& inner) {
  if (!machine.contains("States")) return;
  for (const auto& [name, state] : machine["States"].items()) {
    if (inside) inner.insert(name);
    const bool own = state.value("QueryLanguage", jsonata ? "JSONata" : "JSONPath") == "JSONata";
    if (own) seen.insert("jsonata:" + state.value("Type", std::string("?")));
    if (state.contains("Branches")) {
      for (const Json& branch : state["Branches"]) {
        add_jsonata_states(branch, jsonata, true, seen, inner);
      }
    }
    if (state.contains("ItemProcessor")) {
      add_jsonata_states(state["ItemProcessor"], jsonata, true, seen, inner);
    }
  }
}

// A state's EvaluationFailed followed by another one (a retry) or by its Exited (a catch), and
// the exits that assigned variables.
void add_history_signals(const History& history, const std::set<std::string, std::less<>>& inner,
                         std::set<std::string>& seen) {
  std::map<std::string, int, std::less<>> failed;  // Per state: since it was last entered.
  for (const HistoryEvent& e : history.events) {
    if (is_state_entered(e.type)) failed[std::string(e.name)] = 0;
    if (e.type == EventType::EvaluationFailed) {
      if (++failed[std::string(e.name)] > 1) seen.insert("query_error:retried");
    }
    if (is_state_exited(e.type)) {
      const auto found = failed.find(e.name);
      if (found != failed.end() && found->second > 0) seen.insert("query_error:caught");
    }
    if (is_state_exited(e.type) && e.assigned_variables) {
      seen.insert(inner.contains(e.name) ? "variables:inside" : "variables:top");
    }
  }
}

// Distributed Maps: batched and Express runs, redriven runs, children that failed, and the
// event types of the children's own histories ("child_event:TaskFailed").
void add_map_run_signals(const world::RunResult& result, std::set<std::string>& seen) {
  for (const Json& run : result.map_runs) {
    if (run.value("redriveCount", 0) > 0) seen.insert("map_run:redriven");
    for (const Json& child : run.value("childExecutions", Json::array())) {
      if (child.value("itemCount", 1) > 1) seen.insert("map_run:batched");
      if (child.value("executionArn", std::string()).find(":express:") != std::string::npos) {
        seen.insert("map_run:express");
      }
      if (child.value("status", std::string()) == "FAILED") seen.insert("map_run:child_failed");
    }
  }
  for (const auto& [arn, history] : result.child_histories) {
    for (const HistoryEvent& e : history.events) {
      seen.insert("child_event:" + std::string(to_string(e.type)));
    }
  }
}

void add_signals(const Json& scenario, const world::RunResult& result, Signals& signals) {
  std::set<std::string> seen;
  seen.insert("status:" + result.final_status);
  for (const auto& [probe, count] : result.probes) {
    if (count > 0) seen.insert("probe:" + probe);
  }
  if (result.dialect == world::Dialect::step_functions) {
    size_t entered = 0;
    size_t scheduled = 0;
    for (const HistoryEvent& e : result.history.events) {
      seen.insert("event:" + std::string(to_string(e.type)));
      entered += e.type == EventType::TaskStateEntered ? 1 : 0;
      scheduled += e.type == EventType::TaskScheduled || e.type == EventType::ActivityScheduled;
    }
    if (scheduled > entered) seen.insert("retry");
    const Json& definition = scenario["definition"];
    const bool jsonata = definition.value("QueryLanguage", "JSONPath") == "JSONata";
    if (jsonata) seen.insert("jsonata:machine");
    std::set<std::string, std::less<>> inner;
    add_jsonata_states(definition, jsonata, false, seen, inner);
    add_history_signals(result.history, inner, seen);
    add_map_run_signals(result, seen);
  } else {
    for (const temporal::HistoryEvent& e : result.temporal_history.events) {
      seen.insert("event:" + std::string(temporal::to_string(e.type)));
    }
    for (const CallRecord& call : result.calls.records) {
      if (call.api == ApiCall::PollActivityTaskQueue && call.response &&
          call.response->value("attempt", 0) > 1) {
        seen.insert("retry");
      }
    }
  }
  for (const std::string& signal : seen) ++signals[signal];
}

Signals sample(Area area, int cases) {
  Signals signals;
  rc::Random random(current_profile().seed + static_cast<uint64_t>(area));
  const rc::Gen<GeneratedCase> gen = case_for(area);
  for (int i = 0; i < cases; ++i) {
    const GeneratedCase generated = gen(random.split(), 100).value();
    const scenario::SourceContext context{"generated scenario", "", std::nullopt, {}};
    auto loaded = scenario::parse_scenario(generated.scenario, context);
    if (const auto* problems = std::get_if<scenario::FileProblems>(&loaded)) {
      std::string text;
      for (const scenario::FileProblem& problem : *problems) text += to_string(problem) + "\n";
      BOOST_FAIL("the generator wrote a scenario wfsim rejects: " + text +
                 generated.scenario.dump());
    }
    run::Request request;
    request.scenario = &std::get<scenario::Scenario>(loaded);
    request.seed = generated.seed;
    add_signals(generated.scenario, run::run_world(request), signals);
  }
  return signals;
}

void expect_reached(Area area, const std::vector<std::string>& required) {
  const int cases = current_profile().max_success;
  const Signals signals = sample(area, cases);
  std::cout << to_string(area) << " (" << cases << " cases):";
  for (const auto& [signal, count] : signals) std::cout << " " << signal << "=" << count;
  std::cout << "\n" << std::flush;
  for (const std::string& signal : required) {
    const auto found = signals.find(signal);
    BOOST_TEST((found != signals.end() && found->second > 0),
               to_string(area) << " cases never reached " << signal);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(generator_coverage)

BOOST_AUTO_TEST_CASE(retry_cases_retry_catch_fail_and_succeed) {
  expect_reached(Area::retry, {"retry", "probe:catch_taken", "probe:retry_after_timeout",
                               "event:ChoiceStateEntered", "status:SUCCEEDED", "status:FAILED"});
}

BOOST_AUTO_TEST_CASE(timing_cases_reach_both_clocks_and_late_heartbeats) {
  expect_reached(Area::timing, {"event:ActivityTimedOut", "event:TaskTimedOut",
                                "probe:heartbeat_timeout", "probe:task_timeout_despite_heartbeats",
                                "probe:late_heartbeat_rejected", "probe:paused_past_heartbeat_timeout"});
}

BOOST_AUTO_TEST_CASE(token_cases_answer_late_twice_and_after_expiry) {
  expect_reached(Area::tokens, {"retry", "probe:late_completion_rejected",
                                "probe:duplicate_completion_rejected", "probe:token_expiry_report",
                                "probe:completion_retried"});
}

BOOST_AUTO_TEST_CASE(shape_cases_fail_and_abort_branches_and_iterations) {
  expect_reached(Area::shape, {"event:ParallelStateFailed", "event:ParallelStateSucceeded",
                               "event:MapIterationFailed", "event:MapIterationAborted",
                               "event:TaskStateAborted", "event:MapStateSucceeded"});
}

BOOST_AUTO_TEST_CASE(redrive_cases_redrive_refuse_stop_and_time_out) {
  expect_reached(Area::redrive, {"event:ExecutionRedriven", "probe:redrive_succeeded",
                                 "probe:action_rejected", "event:ExecutionAborted",
                                 "event:ExecutionTimedOut"});
}

BOOST_AUTO_TEST_CASE(retry_cases_write_jsonata_states_and_retry_and_catch_query_errors) {
  expect_reached(Area::retry, {"jsonata:machine", "jsonata:Pass", "jsonata:Task", "jsonata:Wait",
                               "jsonata:Choice", "jsonata:Fail", "event:EvaluationFailed",
                               "query_error:retried", "query_error:caught"});
}

BOOST_AUTO_TEST_CASE(shape_cases_assign_variables_inside_and_outside_blocks) {
  expect_reached(Area::shape, {"variables:top", "variables:inside", "jsonata:Task",
                               "jsonata:Map", "jsonata:Parallel",
                               "event:MapIterationSucceeded", "event:ParallelStateSucceeded"});
}

BOOST_AUTO_TEST_CASE(map_run_cases_batch_fail_tolerate_and_redrive_children) {
  expect_reached(Area::map_runs,
                 {"event:MapRunStarted", "event:MapRunSucceeded", "event:MapRunFailed",
                  "event:MapRunRedriven", "map_run:batched", "map_run:redriven",
                  "map_run:child_failed", "child_event:TaskFailed",
                  "child_event:ExecutionAborted", "child_event:ExecutionRedriven",
                  "probe:map_run_redriven", "probe:child_failed_by_fault"});
}

BOOST_AUTO_TEST_CASE(temporal_retry_cases_retry_fail_and_time_out) {
  expect_reached(Area::temporal_retry,
                 {"retry", "event:ActivityTaskFailed", "event:ActivityTaskCompleted",
                  "event:ActivityTaskTimedOut", "probe:next_retry_delay_used"});
}

BOOST_AUTO_TEST_CASE(temporal_timer_cases_time_out_and_answer_late) {
  expect_reached(Area::temporal_timers, {"event:ActivityTaskTimedOut", "probe:local_timeout",
                                         "probe:late_completion_rejected"});
}

BOOST_AUTO_TEST_CASE(temporal_heartbeat_cases_carry_details_throttle_and_cancel) {
  expect_reached(Area::temporal_heartbeats,
                 {"probe:heartbeat_details_carried", "probe:cancel_delivered",
                  "probe:heartbeat_flushed", "probe:heartbeat_throttled",
                  "event:ActivityTaskCanceled"});
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::properties
