// Judging real runs of the bundled test scenarios: findings and their names, exit codes,
// capsules whose schedule replays to the same digest, and byte-identical outputs per seed.
#include <boost/test/unit_test.hpp>

#include "engine/mutants.h"
#include "record/call_log.h"
#include "record/history_json.h"
#include "run/evaluate.h"
#include "scenario/writers.h"
#include "scenario/scenario_test_support.h"

namespace wfsim::run {
namespace {

// These tests read scenario files and capsules throughout.
using namespace ::wfsim::scenario;

world::RunResult run(const Scenario& scenario, uint64_t seed,
                     const world::FaultSchedule* replay = nullptr) {
  world::RunOptions options;
  options.seed = seed;
  options.replay = replay;
  return world::run(scenario.config, options);
}

Scenario with_mutant(Scenario scenario, Mutant mutant) {
  scenario.config.sfn_options.mutants.add(mutant);
  return scenario;
}

BOOST_AUTO_TEST_CASE(the_faithful_engine_holds_every_invariant_on_the_ship_scenario) {
  const Scenario scenario = test::load_testdata("ship.scenario.json");
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const world::RunResult result = run(scenario, seed);
    const Evaluation evaluation = evaluate(scenario, result);
    BOOST_TEST(!evaluation.failed(), "seed " << seed << ": "
                                             << (evaluation.failed()
                                                     ? evaluation.findings[0].message : ""));
    BOOST_TEST(evaluation.exit_code() == 0);
    BOOST_TEST(evaluation.invariants_checked == invariant_count(world::Dialect::step_functions));
    BOOST_TEST(evaluation.expectations_checked == 2U);  // status, one state reached.
  }
}

BOOST_AUTO_TEST_CASE(a_heartbeat_extending_the_timeout_is_found_as_the_hard_timeout_invariant) {
  const Scenario scenario = with_mutant(test::load_testdata("slow-ship.scenario.json"),
                                        Mutant::heartbeat_extends_task_timeout);
  const world::RunResult result = run(scenario, 0);
  const Evaluation evaluation = evaluate(scenario, result);
  BOOST_TEST_REQUIRE(evaluation.has("sfn.hard_task_timeout"));
  BOOST_TEST(evaluation.exit_code() == 1);
  const Finding* primary = evaluation.primary();
  BOOST_TEST((primary->kind == Finding::Kind::invariant));
  BOOST_TEST(primary->event_id > 0);
  BOOST_TEST(primary->event_type == event_type_of(result, primary->event_id));
}

BOOST_AUTO_TEST_CASE(a_capsule_schedule_replays_to_the_same_digest_and_the_same_violation) {
  const Scenario scenario = with_mutant(test::load_testdata("slow-ship.scenario.json"),
                                        Mutant::heartbeat_extends_task_timeout);
  for (uint64_t seed = 0; seed < 10; ++seed) {
    const world::RunResult seeded = run(scenario, seed);
    const Evaluation evaluation = evaluate(scenario, seeded);
    const Capsule capsule = make_capsule(scenario, seeded, evaluation, false,
                                         {"heartbeat-extends-task-timeout"}, "wfsim run x");
    const world::RunResult replayed = run(scenario, seed, &capsule.schedule);
    BOOST_TEST(replayed.digest == capsule.digest, "seed " << seed);
    BOOST_TEST((replayed.schedule.firings == capsule.schedule.firings));
    if (capsule.violation) {
      BOOST_TEST(evaluate(scenario, replayed).has(capsule.violation->invariant));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_capsule_carries_the_self_contained_scenario_and_the_run_facts) {
  const Scenario scenario = test::load_testdata("ship.scenario.json");
  const world::RunResult result = run(scenario, 3);
  const Capsule capsule =
      make_capsule(scenario, result, evaluate(scenario, result), true, {}, "cmd");
  BOOST_TEST(capsule.scenario == scenario.self_contained);
  BOOST_TEST(capsule.scenario["definition"]["StartAt"] == "Ship");  // Inlined from its file.
  BOOST_TEST(capsule.seed == 3U);
  BOOST_TEST(capsule.swarm);
  BOOST_TEST(capsule.digest == result.digest);
  BOOST_TEST(capsule.status == result.final_status);
  BOOST_TEST(capsule.stop == "drained");
  BOOST_TEST(!capsule.violation.has_value());
  BOOST_TEST(capsule.version == wfsim_version());
}

BOOST_AUTO_TEST_CASE(an_execution_left_open_past_its_bound_is_a_liveness_finding_with_exit_3) {
  const Scenario scenario = test::load_testdata("hang.scenario.json");
  const world::RunResult result = run(scenario, 0);
  const Evaluation evaluation = evaluate(scenario, result);
  BOOST_TEST(evaluation.has("liveness.unfinished"));
  BOOST_TEST(evaluation.exit_code() == 3);
  BOOST_TEST(evaluation.expectations_checked == 0U);
  RunContext wall;
  wall.wall_time_exceeded = true;
  const Evaluation timed_out = evaluate(scenario, result, wall);
  BOOST_TEST(timed_out.has("liveness.wall_time"));
  BOOST_TEST(!timed_out.has("liveness.unfinished"));
}

BOOST_AUTO_TEST_CASE(an_unmet_expectation_is_a_finding_with_exit_1) {
  const Scenario scenario = test::load_testdata("expect-fails.scenario.json");
  const world::RunResult result = run(scenario, 0);
  const Evaluation evaluation = evaluate(scenario, result);
  BOOST_TEST(evaluation.has("expect.status"));
  BOOST_TEST(evaluation.exit_code() == 1);
  BOOST_TEST((evaluation.primary()->kind == Finding::Kind::expectation));
}

BOOST_AUTO_TEST_CASE(the_mock_config_test_case_drives_the_run) {
  const Scenario scenario = test::load_testdata("mock/order.scenario.json");
  const world::RunResult result = run(scenario, 0);
  BOOST_TEST(result.final_status == "SUCCEEDED");
  BOOST_TEST(!evaluate(scenario, result).failed());
  size_t ship_failures = 0;
  for (const HistoryEvent& event : result.history.events) {
    ship_failures += event.type == EventType::ActivityFailed ? 1 : 0;
  }
  BOOST_TEST(ship_failures == 2U);  // Attempts 0-1 throw, attempt 2 returns.
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_byte_identical_histories_call_logs_and_traces) {
  const Scenario scenario = test::load_testdata("ship.scenario.json");
  world::RunOptions options;
  options.seed = 11;
  const world::RunResult first = world::run(scenario.config, options);
  const world::RunResult second = world::run(scenario.config, options);
  BOOST_TEST(!first.trace.empty());
  BOOST_TEST(trace_text(first) == trace_text(second));
  BOOST_TEST(history_text(first) == history_text(second));
  BOOST_TEST(calls_text(first) == calls_text(second));
}

BOOST_AUTO_TEST_CASE(written_histories_and_call_logs_read_back_with_the_record_readers) {
  const Scenario scenario = test::load_testdata("ship.scenario.json");
  world::RunOptions options;
  options.seed = 5;
  const world::RunResult result = world::run(scenario.config, options);
  const auto history = history_from_json(Json::parse(history_text(result)));
  BOOST_REQUIRE(std::holds_alternative<History>(history));
  BOOST_TEST(std::get<History>(history).events.size() == result.history.events.size());
  const auto calls = call_log_from_json_lines(calls_text(result));
  BOOST_REQUIRE(std::holds_alternative<CallLog>(calls));
  BOOST_TEST(std::get<CallLog>(calls).records.size() == result.calls.records.size());
  const std::string trace = trace_text(result);
  BOOST_TEST(static_cast<size_t>(std::count(trace.begin(), trace.end(), '\n')) ==
             result.trace.size());
}

BOOST_AUTO_TEST_CASE(temporal_runs_are_judged_and_written_in_their_own_history_shape) {
  const Scenario scenario = test::load_testdata("charge.scenario.json");
  const world::RunResult result = run(scenario, 0);
  BOOST_TEST(!evaluate(scenario, result).failed());
  BOOST_TEST(evaluate(scenario, result).invariants_checked ==
             invariant_count(world::Dialect::temporal));
  const Json history = Json::parse(history_text(result));
  BOOST_TEST(history["events"][0]["eventType"] == "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED");
}

}  // namespace
}  // namespace wfsim::run
