// The shrinker's search, driven by a predicate instead of the world so that what "still fails"
// is exactly known.
#include <boost/test/unit_test.hpp>

#include "run/shrink.h"
#include "scenario/scenario.h"

namespace wfsim::run {
namespace {

// These tests read scenario files and capsules throughout.
using namespace ::wfsim::scenario;

ShrinkCandidate start_candidate() {
  ShrinkCandidate candidate;
  candidate.scenario = Json::parse(R"({"name": "s", "dialect": "step-functions",
    "definition": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}},
    "input": {"items": [1, 2, 42, 4, 5, 6, 7], "note": "keep me short", "count": 9},
    "resources": {"Ship": {"workers": 8, "duration_seconds": {"uniform": [10, 80]},
                           "attempts": {"0": {"Return": 1, "duration_seconds": 64}}},
                  "Bill": {"workers": 4, "duration_seconds": 3}},
    "actions": [{"at_seconds": 1, "call": "StopExecution"},
                {"at_seconds": 9, "call": "RedriveExecution"}]})");
  for (uint64_t ordinal = 1; ordinal <= 20; ++ordinal) {
    world::FaultFiring firing;
    firing.kind = world::FaultKind::heartbeat_drop;
    firing.target = "Ship/1";
    firing.ordinal = ordinal;
    candidate.schedule.firings.push_back(firing);
  }
  return candidate;
}

// Fails while firing 7 is kept, Ship has 2 or more workers, the redrive action stays, the input
// still holds 42 and Ship's upper duration is at least 20 s.
bool fails(const ShrinkCandidate& candidate) {
  bool has_firing = false;
  for (const auto& firing : candidate.schedule.firings) has_firing |= firing.ordinal == 7;
  const Json& scenario = candidate.scenario;
  const Json& ship = scenario["resources"]["Ship"];
  bool has_redrive = false;
  for (const Json& action : scenario["actions"]) {
    has_redrive |= action["call"] == "RedriveExecution";
  }
  bool has_42 = false;
  if (scenario["input"].contains("items")) {
    for (const Json& item : scenario["input"]["items"]) has_42 |= item == 42;
  }
  return has_firing && ship["workers"].get<uint64_t>() >= 2 && has_redrive && has_42 &&
         ship["duration_seconds"]["uniform"][1].get<double>() >= 20;
}

BOOST_AUTO_TEST_CASE(shrinking_keeps_only_what_the_failure_needs) {
  ShrinkStats stats;
  const StillFails still_fails = [](ShrinkCandidate& candidate) { return fails(candidate); };
  const ShrinkCandidate smallest = shrink(start_candidate(), still_fails, 1000, stats);
  BOOST_TEST(fails(smallest));
  BOOST_REQUIRE_EQUAL(smallest.schedule.firings.size(), 1U);
  BOOST_TEST(smallest.schedule.firings[0].ordinal == 7U);
  const Json& scenario = smallest.scenario;
  BOOST_TEST(scenario["resources"]["Ship"]["workers"] == 2);
  BOOST_TEST(scenario["resources"]["Bill"]["workers"] == 1);
  BOOST_TEST(scenario["resources"]["Ship"]["duration_seconds"]["uniform"][1] == 20);
  BOOST_TEST(scenario["resources"]["Bill"]["duration_seconds"].get<double>() < 0.002);
  BOOST_TEST(scenario["resources"]["Ship"]["attempts"]["0"]["duration_seconds"].get<double>() <
             0.002);
  BOOST_TEST(scenario["actions"].size() == 1U);
  BOOST_TEST(scenario["actions"][0]["call"] == "RedriveExecution");
  BOOST_TEST(scenario["input"] == Json::parse(R"({"items": [42]})"));
  BOOST_TEST(scenario["definition"] == start_candidate().scenario["definition"]);
  BOOST_TEST(!stats.budget_exhausted);
  BOOST_TEST(stats.accepted > 0U);
  BOOST_TEST(stats.attempts >= stats.accepted);
}

BOOST_AUTO_TEST_CASE(shrinking_stops_at_the_attempt_budget_with_a_still_failing_candidate) {
  ShrinkStats stats;
  size_t calls = 0;
  const StillFails still_fails = [&](ShrinkCandidate& candidate) {
    ++calls;
    return fails(candidate);
  };
  const ShrinkCandidate smallest = shrink(start_candidate(), still_fails, 5, stats);
  BOOST_TEST(calls == 5U);
  BOOST_TEST(stats.attempts == 5U);
  BOOST_TEST(stats.budget_exhausted);
  BOOST_TEST(fails(smallest));
}

BOOST_AUTO_TEST_CASE(the_predicate_may_replace_the_schedule_by_what_actually_fired) {
  ShrinkStats stats;
  const StillFails still_fails = [](ShrinkCandidate& candidate) {
    candidate.schedule.firings.erase(
        std::remove_if(candidate.schedule.firings.begin(), candidate.schedule.firings.end(),
                       [](const world::FaultFiring& firing) { return firing.ordinal > 10; }),
        candidate.schedule.firings.end());
    return fails(candidate);
  };
  const ShrinkCandidate smallest = shrink(start_candidate(), still_fails, 1000, stats);
  BOOST_TEST(smallest.schedule.firings.size() == 1U);
}

BOOST_AUTO_TEST_CASE(fewer_workers_move_the_faults_of_removed_workers_to_remaining_ones) {
  ShrinkCandidate start = start_candidate();
  start.schedule.firings.resize(1);
  start.schedule.firings[0].target = "Ship/6";
  ShrinkStats stats;
  // Fails while some firing still hits a Ship worker that exists.
  const StillFails still_fails = [](ShrinkCandidate& candidate) {
    const uint64_t workers = candidate.scenario["resources"]["Ship"]["workers"].get<uint64_t>();
    for (const auto& firing : candidate.schedule.firings) {
      for (uint64_t n = 1; n <= workers; ++n) {
        if (firing.target == "Ship/" + std::to_string(n)) return true;
      }
    }
    return false;
  };
  const ShrinkCandidate smallest = shrink(start, still_fails, 1000, stats);
  BOOST_TEST(smallest.scenario["resources"]["Ship"]["workers"] == 1);
  BOOST_REQUIRE_EQUAL(smallest.schedule.firings.size(), 1U);
  BOOST_TEST(smallest.schedule.firings[0].target == "Ship/1");
}

BOOST_AUTO_TEST_CASE(a_candidate_that_never_fails_again_is_returned_unchanged) {
  ShrinkStats stats;
  const StillFails never = [](ShrinkCandidate&) { return false; };
  const ShrinkCandidate start = start_candidate();
  const ShrinkCandidate smallest = shrink(start, never, 1000, stats);
  BOOST_TEST(smallest.scenario == start.scenario);
  BOOST_TEST((smallest.schedule.firings == start.schedule.firings));
  BOOST_TEST(stats.accepted == 0U);
  BOOST_TEST(stats.attempts > 0U);
}

BOOST_AUTO_TEST_CASE(sizes_count_firings_actions_workers_work_and_input) {
  const ScenarioSize size = measure(start_candidate());
  BOOST_TEST(size.firings == 20U);
  BOOST_TEST(size.actions == 2U);
  BOOST_TEST(size.workers == 12U);
  BOOST_TEST(size.nominal_work == Duration::seconds(83));
  const std::string input = R"({"items":[1,2,42,4,5,6,7],"note":"keep me short","count":9})";
  BOOST_TEST(size.input_bytes == input.size());
  BOOST_TEST(to_string(size) == "20 fault firings, 2 actions, 12 workers, 83.000 s of work per "
                                "attempt, 59 input bytes");
}

}  // namespace
}  // namespace wfsim::run
