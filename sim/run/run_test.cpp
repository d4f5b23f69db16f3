// The pipeline of sim/run: a request runs and is judged, a budget measured by an injected clock
// cuts a run into a wall-time finding, a stop flag stops it without a finding, shards partition
// a sweep, a sweep's report does not depend on its jobs, and a shrunk capsule still fails the
// same way and replays to its digest.
#include <boost/test/unit_test.hpp>

#include <rapidcheck/boost_test.h>

#include <set>

#include "engine/mutants.h"
#include "run/explore.h"
#include "run/replay.h"
#include "run/run.h"
#include "run/shrink_capsule.h"
#include "scenario/scenario_test_support.h"
#include "scenario/writers.h"

namespace wfsim::run {
namespace {

using scenario::Scenario;
namespace test = scenario::test;

// A clock that jumps ahead by `step` seconds at every reading.
class SteppingClock final : public Clock {
 public:
  explicit SteppingClock(double step) : step_(step) {}
  double seconds() const override { return now_ += step_; }

 private:
  double step_;
  mutable double now_ = 0;
};

// Counts what a sweep tells.
class CountingObserver final : public ExploreObserver {
 public:
  void found(const ExploreScenario&, uint64_t, const Finding&, const FailureRecord&) override {
    ++found_;
  }
  void progress(uint64_t seeds_done, std::optional<uint64_t>, size_t, double,
                bool final) override {
    last_seeds_ = seeds_done;
    finals_ += final ? 1 : 0;
  }
  size_t found_ = 0;
  uint64_t last_seeds_ = 0;
  size_t finals_ = 0;
};

BOOST_AUTO_TEST_CASE(a_request_runs_and_is_judged) {
  const Scenario scenario = test::load_testdata("ship.scenario.json");
  Request request;
  request.scenario = &scenario;
  request.seed = 3;
  const Outcome outcome = run_seed(request);
  BOOST_TEST(!outcome.stopped);
  BOOST_TEST(!outcome.wall_time_exceeded);
  BOOST_TEST(outcome.result.seed == 3U);
  BOOST_TEST(outcome.evaluation.invariants_checked > 0U);
  BOOST_TEST(!outcome.evaluation.failed());
}

BOOST_AUTO_TEST_CASE(a_budget_spent_on_the_injected_clock_is_a_wall_time_finding) {
  // A worker heartbeating fifty times a second for 25 s: far more events than the 256 between two
  // readings of the clock.
  const Scenario scenario = test::load_ok(R"({"name": "busy", "dialect": "step-functions",
    "definition": )" + test::kOneTask + R"(,
    "resources": {"Ship": {"duration_seconds": 25, "heartbeat_every_seconds": 0.02}}})");
  const SteppingClock clock(1.0);  // Every reading is a second later.
  Request request;
  request.scenario = &scenario;
  request.max_seconds = 0.5;
  request.clock = &clock;
  const Outcome outcome = run_seed(request);
  BOOST_TEST(outcome.wall_time_exceeded);
  BOOST_TEST(outcome.evaluation.has("liveness.wall_time"));
  BOOST_TEST(outcome.evaluation.exit_code() == 3);
}

BOOST_AUTO_TEST_CASE(a_set_stop_flag_stops_a_run_without_a_finding) {
  const Scenario scenario = test::load_testdata("ship.scenario.json");
  const StopFlag stop{true};
  Request request;
  request.scenario = &scenario;
  request.stop = &stop;
  const Outcome outcome = run_seed(request);
  BOOST_TEST(outcome.stopped);
  BOOST_TEST(outcome.evaluation.findings.empty());
}

RC_BOOST_PROP(the_shards_of_a_sweep_are_disjoint_and_cover_it,
              (uint16_t start, uint8_t count, uint8_t shards)) {
  const uint64_t n = 1 + shards % 9;
  std::multiset<uint64_t> covered;
  for (uint64_t k = 1; k <= n; ++k) {
    const SeedSequence seeds(start, count, Shard{k, n});
    for (uint64_t i = 0; const auto seed = seeds.seed(i); ++i) {
      RC_ASSERT(seed.value() % n == k - 1);
      covered.insert(*seed);
    }
  }
  RC_ASSERT(covered.size() == static_cast<size_t>(count));
  for (uint64_t s = start; s < uint64_t{start} + count; ++s) RC_ASSERT(covered.count(s) == 1U);
}

ExploreReport sweep(const std::vector<ExploreScenario>& scenarios, unsigned jobs,
                    CountingObserver& observer, const std::string& out) {
  ExploreOptions options;
  options.seeds = 40;
  options.jobs = jobs;
  options.swarm = true;
  options.collect_digests = true;
  options.out_dir = out;
  options.mutants = {"heartbeat-extends-task-timeout"};
  const StopFlag stop{false};
  const SteppingClock clock(0.0);
  return explore(options, scenarios, stop, clock, observer);
}

BOOST_AUTO_TEST_CASE(a_sweep_reports_the_same_whatever_its_jobs) {
  const test::ScratchDirectory scratch("run-explore");
  Scenario scenario = test::load_testdata("slow-ship.scenario.json");
  apply_mutants(scenario, {"heartbeat-extends-task-timeout"});
  const std::vector<ExploreScenario> scenarios = {
      ExploreScenario{"slow-ship.scenario.json", "slow-ship", scenario}};
  CountingObserver one_observer;
  CountingObserver two_observer;
  const ExploreReport one = sweep(scenarios, 1, one_observer, (scratch.path() / "1").string());
  const ExploreReport two = sweep(scenarios, 2, two_observer, (scratch.path() / "2").string());
  BOOST_TEST(one.digests == two.digests);
  BOOST_TEST(one.digests.size() == 40U);
  BOOST_TEST_REQUIRE(!one.failures.empty());
  BOOST_TEST(one.failures.size() == two.failures.size());
  for (const auto& [key, record] : one.failures) {
    BOOST_TEST_REQUIRE(two.failures.count(key) == 1U);
    BOOST_TEST(two.failures.at(key).first_seed == record.first_seed);
    BOOST_TEST(two.failures.at(key).seeds == record.seeds);
  }
  BOOST_TEST(one_observer.found_ == one.failures.size());
  BOOST_TEST(one_observer.last_seeds_ == 40U);
  BOOST_TEST(one_observer.finals_ == 1U);
  BOOST_TEST(one.nondeterminism.empty());
}

BOOST_AUTO_TEST_CASE(a_shrunk_capsule_still_fails_the_same_way_and_replays_to_its_digest) {
  const test::ScratchDirectory scratch("run-shrink");
  Scenario scenario = test::load_testdata("slow-ship.scenario.json");
  apply_mutants(scenario, {"heartbeat-extends-task-timeout"});
  Request request;
  request.scenario = &scenario;
  const Outcome outcome = run_seed(request);
  BOOST_TEST_REQUIRE(outcome.evaluation.has("sfn.hard_task_timeout"));
  const auto path = scratch.path() / "failing.capsule.json";
  const scenario::Capsule capsule =
      make_capsule(scenario, outcome.result, outcome.evaluation, false,
                   {"heartbeat-extends-task-timeout"}, "wfsim replay failing.capsule.json");
  BOOST_TEST_REQUIRE(!scenario::write_file_atomically(path, capsule_to_text(capsule)));
  auto opened = open_capsule(path.string());
  BOOST_TEST_REQUIRE(std::holds_alternative<OpenedCapsule>(opened));
  const ShrinkResult shrunk = shrink_capsule(std::get<OpenedCapsule>(opened), ShrinkOptions{});
  BOOST_TEST_REQUIRE((shrunk.status == ShrinkResult::Status::shrunk));
  BOOST_TEST(shrunk.capsule->violation->invariant == "sfn.hard_task_timeout");
  BOOST_TEST(shrunk.after.firings <= shrunk.before.firings);
  // The shrunk capsule, written and opened again, replays to its digest with the same finding.
  const auto shrunk_path = scratch.path() / "failing.shrunk.json";
  BOOST_TEST_REQUIRE(
      !scenario::write_file_atomically(shrunk_path, capsule_to_text(*shrunk.capsule)));
  auto reopened = open_capsule(shrunk_path.string());
  BOOST_TEST_REQUIRE(std::holds_alternative<OpenedCapsule>(reopened));
  const Outcome replayed = run_seed(std::get<OpenedCapsule>(reopened).request());
  BOOST_TEST(replayed.result.digest == shrunk.capsule->digest);
  BOOST_TEST(replayed.evaluation.has("sfn.hard_task_timeout"));
}

}  // namespace
}  // namespace wfsim::run
