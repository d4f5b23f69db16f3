// Loading the scoped and history expectations ("expect_fault_free" with "allow_faults",
// "max_attempts", "succeeds_at_most_once", "if_then") and the swarm envelope ("faults.swarm"),
// with the problems bad values give.
#include <boost/test/unit_test.hpp>

#include "scenario/scenario_test_support.h"
#include "world/world.h"

namespace wfsim::scenario {
namespace {

using test::has_problem;
using test::kOneTask;
using test::load_ok;
using test::load_problems;
using test::render;

std::string with(const std::string& rest) {
  return R"({"definition": )" + kOneTask + ", " + rest + "}";
}

BOOST_AUTO_TEST_CASE(history_expectations_and_the_fault_free_scope_are_read) {
  const Scenario scenario = load_ok(with(R"(
    "expect": {"status": ["SUCCEEDED", "FAILED"], "max_attempts": {"Ship": 3},
               "succeeds_at_most_once": ["Ship"],
               "if_then": [{"if": "ActivityFailed", "then": {"state": "Ship"}},
                           {"if": {"event": "ActivitySucceeded", "state": "Ship"},
                            "then_not": "ExecutionFailed", "comment": "charged, never failed"}]},
    "expect_fault_free": {"allow_faults": ["worker_crash", "heartbeat_drop"],
                          "status": ["SUCCEEDED"], "max_duration_seconds": 60})"));
  const check::Expectations& expect = scenario.expect;
  BOOST_REQUIRE_EQUAL(expect.max_attempts.size(), 1U);
  BOOST_TEST(expect.max_attempts[0].first == "Ship");
  BOOST_TEST(expect.max_attempts[0].second == 3U);
  BOOST_TEST(expect.succeeds_at_most_once == std::vector<std::string>{"Ship"});
  BOOST_REQUIRE_EQUAL(expect.if_then.size(), 2U);
  BOOST_TEST(expect.if_then[0].if_event.event == "ActivityFailed");
  BOOST_TEST(expect.if_then[0].then_event.state == "Ship");
  BOOST_TEST(!expect.if_then[0].forbid);
  BOOST_TEST(expect.if_then[1].if_event.state == "Ship");
  BOOST_TEST(expect.if_then[1].forbid);
  BOOST_TEST(expect.count() == 5U);
  BOOST_TEST(scenario.expect_fault_free.count() == 2U);
  const FaultFreeScope& scope = scenario.fault_free_scope;
  BOOST_TEST(!scope.allow_declared);
  BOOST_TEST(scope.allowed_kinds[static_cast<size_t>(world::FaultKind::worker_crash)]);
  BOOST_TEST(scope.allowed_kinds[static_cast<size_t>(world::FaultKind::heartbeat_drop)]);
  BOOST_TEST(!scope.allowed_kinds[static_cast<size_t>(world::FaultKind::completion_drop)]);
  BOOST_TEST(scenario.self_contained.contains("expect_fault_free"));  // Capsules keep it.

  const Scenario declared = load_ok(
      with(R"("expect_fault_free": {"allow_faults": "declared", "events": ["ActivityStarted"]})"));
  BOOST_TEST(declared.fault_free_scope.allow_declared);
  const Scenario plain = load_ok(with(R"("expect_fault_free": {"status": ["SUCCEEDED"]})"));
  BOOST_TEST(!plain.fault_free_scope.allow_declared);
  for (const bool allowed : plain.fault_free_scope.allowed_kinds) BOOST_TEST(!allowed);
}

BOOST_AUTO_TEST_CASE(bad_history_expectations_are_problems_at_their_pointers) {
  const FileProblems problems = load_problems(with(R"(
    "expect": {"max_attempts": {"Nope": 3, "Ship": -1}, "succeeds_at_most_once": ["Nope"],
               "if_then": [{"if": "NoSuchEvent", "then": "ActivityFailed"},
                           {"if": "ActivityFailed"},
                           {"if": "ActivityFailed", "then": "ActivityFailed",
                            "then_not": "ActivityFailed"},
                           {"if": {"state": "Nope"}, "then": {}}],
               "allow_faults": "declared"},
    "expect_fault_free": {"allow_faults": ["cosmic_ray", 3], "bogus": 1})"));
  const std::string all = render(problems);
  BOOST_TEST(has_problem(problems, "/expect/max_attempts/Nope", "matches no state"), all);
  BOOST_TEST(has_problem(problems, "/expect/max_attempts/Ship", "integer from 0"), all);
  BOOST_TEST(has_problem(problems, "/expect/succeeds_at_most_once/0", "matches no state"), all);
  BOOST_TEST(has_problem(problems, "/expect/if_then/0/if", "history event type"), all);
  BOOST_TEST(has_problem(problems, "/expect/if_then/1", "exactly one of"), all);
  BOOST_TEST(has_problem(problems, "/expect/if_then/2", "exactly one of"), all);
  BOOST_TEST(has_problem(problems, "/expect/if_then/3/if/state", "matches no state"), all);
  BOOST_TEST(has_problem(problems, "/expect/if_then/3/then", "\"event\" type, a \"state\""), all);
  BOOST_TEST(has_problem(problems, "/expect/allow_faults", "unknown key"), all);
  BOOST_TEST(has_problem(problems, "/expect_fault_free/allow_faults/0", "unknown fault kind"),
             all);
  BOOST_TEST(has_problem(problems, "/expect_fault_free/allow_faults/1", "fault kind name"), all);
  BOOST_TEST(has_problem(problems, "/expect_fault_free/bogus", "unknown key"), all);
  const FileProblems scalar =
      load_problems(with(R"("expect_fault_free": {"allow_faults": "everything"})"));
  BOOST_TEST(has_problem(scalar, "/expect_fault_free/allow_faults", "\"declared\""),
             render(scalar));
}

BOOST_AUTO_TEST_CASE(the_swarm_envelope_is_read_and_must_fit_the_tasks) {
  const Scenario scenario = load_ok(with(
      R"("faults": {"swarm": {"heartbeat_drop": "1/10", "worker_crash": "1/2"}})"));
  BOOST_REQUIRE(scenario.config.faults.swarm_envelope.has_value());
  const auto& envelope = *scenario.config.faults.swarm_envelope;
  BOOST_TEST((envelope[static_cast<size_t>(world::FaultKind::heartbeat_drop)] == Ratio{1, 10}));
  BOOST_TEST((envelope[static_cast<size_t>(world::FaultKind::worker_crash)] == Ratio{1, 2}));
  BOOST_TEST(envelope[static_cast<size_t>(world::FaultKind::completion_drop)].is_never());
  BOOST_TEST(world::describe_swarm_envelope(scenario.config) ==
             "worker_crash<=1/2, heartbeat_drop<=1/10");
  const Scenario closed = load_ok(with(R"("faults": {"swarm": {}})"));
  BOOST_TEST(world::describe_swarm_envelope(closed.config) == "none");
  BOOST_TEST(world::describe_swarm_envelope(load_ok(with(R"("input": {})")).config).empty());

  // An activity Task never calls a service: service_error cannot happen to it.
  const FileProblems problems =
      load_problems(with(R"("faults": {"swarm": {"service_error": "1/2", "worker_crash": "x"}})"));
  BOOST_TEST(has_problem(problems, "/faults/swarm/service_error", "cannot happen"),
             render(problems));
  BOOST_TEST(has_problem(problems, "/faults/swarm/worker_crash", "ratio string"),
             render(problems));
}

}  // namespace
}  // namespace wfsim::scenario
