// The expectations that read attempts and events (max_attempts, succeeds_at_most_once, if_then)
// on real runs, and the scope of "expect_fault_free": which seeds it is checked on, with and
// without swarm, for each form of allow_faults.
#include <boost/test/unit_test.hpp>

#include "run/evaluate.h"
#include "scenario/scenario_test_support.h"

namespace wfsim::run {
namespace {

using namespace ::wfsim::scenario;

world::RunResult run(const Scenario& scenario, uint64_t seed, bool swarm = false) {
  world::RunOptions options;
  options.seed = seed;
  options.swarm = swarm;
  return world::run(scenario.config, options);
}

const Finding* find(const Evaluation& evaluation, const std::string& name) {
  for (const Finding& finding : evaluation.findings) {
    if (finding.name == name) return &finding;
  }
  return nullptr;
}

// Ship retries Oops three times; attempts 0-1 throw it and attempt 2 returns; Notify follows.
std::string retried_ship(const std::string& expect) {
  return R"({"definition": {"StartAt": "Ship", "States": {
      "Ship": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:ship",
               "Retry": [{"ErrorEquals": ["Oops"], "IntervalSeconds": 1, "MaxAttempts": 3}],
               "Next": "Notify"},
      "Notify": {"Type": "Pass", "End": true}}},
    "resources": {"Ship": {"attempts": {"0-1": {"Throw": {"Error": "Oops", "Cause": "x"}}}}},
    "expect": )" + expect + "}";
}

BOOST_AUTO_TEST_CASE(max_attempts_counts_every_scheduled_attempt_and_names_their_events) {
  const Scenario within = test::load_ok(retried_ship(R"({"max_attempts": {"Ship": 3}})"));
  BOOST_TEST(!evaluate(within, run(within, 0)).failed());
  const Scenario tight = test::load_ok(retried_ship(R"({"max_attempts": {"Ship": 2}})"));
  const world::RunResult result = run(tight, 0);
  const Evaluation evaluation = evaluate(tight, result);
  const Finding* finding = find(evaluation, "expect.max_attempts");
  BOOST_TEST_REQUIRE(finding != nullptr);
  BOOST_TEST(finding->message.find("'Ship' was attempted 3 times (events ") != std::string::npos,
             finding->message);
  BOOST_TEST(finding->message.find("expected at most 2") != std::string::npos);
  BOOST_TEST(finding->event_type == "ActivityScheduled");
  BOOST_TEST(finding->state == "Ship");
  BOOST_TEST(evaluation.expectations_checked == 1U);
}

BOOST_AUTO_TEST_CASE(succeeds_at_most_once_holds_across_retries_of_one_state) {
  const Scenario scenario = test::load_ok(retried_ship(R"({"succeeds_at_most_once": ["Ship"]})"));
  for (uint64_t seed = 0; seed < 5; ++seed) {
    BOOST_TEST(!evaluate(scenario, run(scenario, seed)).failed(), "seed " << seed);
  }
}

BOOST_AUTO_TEST_CASE(if_then_rules_name_the_events_on_both_sides) {
  const Scenario holds = test::load_ok(retried_ship(
      R"({"if_then": [{"if": "ActivityFailed", "then": {"event": "ActivitySucceeded",
                                                         "state": "Ship"}},
                      {"if": {"state": "Notify"}, "then": "ExecutionSucceeded"},
                      {"if": "ExecutionFailed", "then_not": {"state": "Notify"}}]})"));
  BOOST_TEST(!evaluate(holds, run(holds, 0)).failed());

  const Scenario missing = test::load_ok(retried_ship(
      R"({"if_then": [{"if": {"event": "ActivityFailed", "state": "Ship"},
                       "then": "ExecutionFailed"}]})"));
  const Evaluation no_effect = evaluate(missing, run(missing, 0));
  const Finding* finding = find(no_effect, "expect.if_then");
  BOOST_TEST_REQUIRE(finding != nullptr);
  BOOST_TEST(finding->message.find("ActivityFailed on Ship happened (events ") !=
                 std::string::npos, finding->message);
  BOOST_TEST(finding->message.find("but ExecutionFailed never did") != std::string::npos);
  BOOST_TEST(finding->event_type == "ActivityFailed");

  const Scenario both = test::load_ok(retried_ship(
      R"({"if_then": [{"if": "ActivityFailed", "then_not": {"state": "Notify"}}]})"));
  const Evaluation never_both = evaluate(both, run(both, 0));
  finding = find(never_both, "expect.if_then");
  BOOST_TEST_REQUIRE(finding != nullptr);
  BOOST_TEST(finding->message.find("and so did state Notify reached (event ") != std::string::npos,
             finding->message);
  BOOST_TEST(finding->message.find("expected never both") != std::string::npos);
  BOOST_TEST(finding->event_type == "PassStateEntered");
}

// Workers crash at 1/2 per attempt; the story's bound is one nobody meets, so the story fails
// exactly on the seeds it is checked on.
std::string crashing(const std::string& allow) {
  return R"({"definition": {"StartAt": "Ship", "States": {"Ship": {"Type": "Task",
      "Resource": "arn:aws:states:us-east-1:123456789012:activity:ship", "TimeoutSeconds": 30,
      "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1, "MaxAttempts": 5}],
      "End": true}}},
    "resources": {"Ship": {"workers": 2, "restart_after_crash_seconds": 5}},
    "faults": {"rates": {"worker_crash": "1/2"}},
    "expect": {"status": ["SUCCEEDED", "FAILED"]},
    "expect_fault_free": {)" + allow + R"("max_duration_seconds": 0.000001}})";
}

BOOST_AUTO_TEST_CASE(the_fault_free_story_is_checked_only_on_seeds_where_no_fault_fired) {
  const Scenario scenario = test::load_ok(crashing(""));
  size_t checked = 0;
  size_t skipped = 0;
  for (uint64_t seed = 0; seed < 40; ++seed) {
    const world::RunResult result = run(scenario, seed);
    const Evaluation evaluation = evaluate(scenario, result);
    const bool quiet = result.schedule.firings.empty();
    BOOST_TEST(evaluation.fault_free == quiet, "seed " << seed);
    BOOST_TEST(evaluation.has("expect_fault_free.max_duration") == quiet, "seed " << seed);
    BOOST_TEST(!evaluation.has("expect.status"));
    BOOST_TEST(evaluation.fault_free_expectations == 1U);
    (quiet ? checked : skipped) += 1;
  }
  BOOST_TEST(checked > 0U);  // Both kinds of seed occur at 1/2 per attempt.
  BOOST_TEST(skipped > 0U);
}

BOOST_AUTO_TEST_CASE(allowed_kinds_and_declared_faults_widen_the_scope) {
  const Scenario listed = test::load_ok(crashing(R"("allow_faults": ["worker_crash"],)"));
  const Scenario declared = test::load_ok(crashing(R"("allow_faults": "declared",)"));
  const Scenario other = test::load_ok(crashing(R"("allow_faults": ["heartbeat_drop"],)"));
  size_t swarm_skipped = 0;
  for (uint64_t seed = 0; seed < 40; ++seed) {
    const world::RunResult result = run(listed, seed);
    BOOST_TEST(evaluate(listed, result).fault_free, "seed " << seed);
    BOOST_TEST(evaluate(declared, result).fault_free, "seed " << seed);
    BOOST_TEST(evaluate(other, result).fault_free == result.schedule.firings.empty());
    // Under swarm, "declared" excludes seeds where a kind only swarm switched on fired.
    const world::RunResult swarmed = run(declared, seed, true);
    bool swarm_fired = false;
    for (const world::FaultFiring& firing : swarmed.schedule.firings) {
      swarm_fired = swarm_fired || firing.kind != world::FaultKind::worker_crash;
    }
    BOOST_TEST(evaluate(declared, swarmed).fault_free == !swarm_fired, "seed " << seed);
    swarm_skipped += swarm_fired ? 1 : 0;
  }
  BOOST_TEST(swarm_skipped > 0U);
}

// "expect.s3" on a real run: the scenario's objects reach the run's store (world::RunResult::s3)
// and each unmet expectation is a finding that names the object.
BOOST_AUTO_TEST_CASE(s3_expectations_judge_the_store_the_run_leaves) {
  const std::string scenario_text = R"({"definition": {"StartAt": "Done",
      "States": {"Done": {"Type": "Pass", "End": true}}},
    "s3_objects": [{"bucket": "in", "key": "items.json", "json": [1, 2]},
                   {"bucket": "results"}],
    "expect": {"s3": [{"bucket": "in", "key": "items.json", "json": [1, 2]},
                      {"bucket": "in", "prefix": "", "count": 1},
                      {"bucket": "results", "key": "out/manifest.json", "exists": false},
                      {"bucket": "results", "key": "out/manifest.json", "json": {}}]}})";
  const Scenario scenario = test::load_ok(scenario_text);
  const world::RunResult result = run(scenario, 0);
  BOOST_TEST(result.s3.get("in", "items.json")->body == "[1,2]");
  BOOST_TEST(result.s3.has_bucket("results"));
  const Evaluation evaluation = evaluate(scenario, result);
  BOOST_TEST(evaluation.expectations_checked == 4U);
  BOOST_REQUIRE(evaluation.findings.size() == 1U);
  BOOST_TEST(evaluation.findings[0].name == "expect.s3");
  BOOST_TEST(evaluation.findings[0].message == "s3://results/out/manifest.json does not exist");
  BOOST_TEST(evaluation.exit_code() == 1);
}

}  // namespace
}  // namespace wfsim::run
