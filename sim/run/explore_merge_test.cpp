// Merging the shards of a sweep (explore_merge.h): four shards of a real sweep merge into the
// report of the unsharded sweep (totals, failures with their lowest seed and capsule, seed
// counts, digests); the lowest first seed wins whichever shard found it; a failure a stopped
// shard never captured does not beat one with a capsule; shards of different sweeps, duplicate
// and missing shards are refused with reasons that name them.
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "run/explore.h"
#include "run/explore_merge.h"
#include "scenario/scenario_test_support.h"

namespace wfsim::run {
namespace {

using scenario::Scenario;
namespace test = scenario::test;

class NoClock final : public Clock {
 public:
  double seconds() const override { return 0; }
};

class Silent final : public ExploreObserver {
 public:
  void found(const ExploreScenario&, uint64_t, const Finding&, const FailureRecord&) override {}
  void progress(uint64_t, std::optional<uint64_t>, size_t, double, bool) override {}
};

std::vector<ExploreScenario> scenarios() {
  std::vector<ExploreScenario> out;
  for (const char* name : {"slow-ship", "ship"}) {
    Scenario scenario = test::load_testdata(std::string(name) + ".scenario.json");
    apply_mutants(scenario, {"heartbeat-extends-task-timeout"});
    out.push_back(ExploreScenario{std::string(name) + ".scenario.json",
                                  sanitize_file_name(scenario.config.name), scenario});
  }
  return out;
}

ExploreReport sweep(const std::vector<ExploreScenario>& swept, Shard shard,
                    const std::string& out) {
  ExploreOptions options;
  options.seeds = 24;
  options.jobs = 2;
  options.swarm = true;
  options.shard = shard;
  options.out_dir = out;
  options.collect_digests = true;
  options.mutants = {"heartbeat-extends-task-timeout"};
  const StopFlag stop{false};
  Silent observer;
  return explore(options, swept, stop, NoClock(), observer);
}

ExploreReport merged_or_fail(const std::vector<ShardReport>& shards) {
  auto merged = merge_shards(shards);
  if (auto* reasons = std::get_if<std::vector<std::string>>(&merged)) {
    std::string all;
    for (const std::string& reason : *reasons) all += reason + "\n";
    BOOST_FAIL("refused:\n" + all);
  }
  return std::get<ExploreReport>(std::move(merged));
}

std::vector<std::string> refusals(const std::vector<ShardReport>& shards) {
  auto merged = merge_shards(shards);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<std::vector<std::string>>(merged),
                        "the shards were merged");
  return std::get<std::vector<std::string>>(merged);
}

bool mentions(const std::vector<std::string>& reasons, const std::string& words) {
  return std::any_of(reasons.begin(), reasons.end(), [&](const std::string& reason) {
    return reason.find(words) != std::string::npos;
  });
}

// A report of a sweep with one scenario and one failure, as shard `index` of `count`.
ShardReport synthetic(uint64_t index, uint64_t count) {
  ExploreReport report;
  report.version = "0.1.0";
  report.scenarios = {SweptScenario{"s", "s.scenario.json", world::Dialect::step_functions,
                                    std::string(64, 'a')}};
  report.totals.resize(1);
  report.totals[0].seeds_run = 10;
  report.seeds_per_scenario = 40;
  report.shard = Shard{index, count};
  report.jobs = 1;
  return ShardReport{"shard-" + std::to_string(index) + ".json", report};
}

FailureRecord failure(uint64_t first_seed, uint64_t seeds, const std::string& capsule) {
  FailureRecord record;
  record.first_seed = first_seed;
  record.seeds = seeds;
  record.message = "seen at seed " + std::to_string(first_seed);
  record.capsule = capsule;
  record.command = capsule.empty() ? "" : "wfsim run s.scenario.json --seed " +
                                               std::to_string(first_seed);
  return record;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explore_merge)

BOOST_AUTO_TEST_CASE(four_shards_merge_into_the_unsharded_sweep) {
  const test::ScratchDirectory scratch("run-merge");
  const auto swept = scenarios();
  const std::string out = (scratch.path() / "out").string();
  const ExploreReport whole = sweep(swept, Shard{1, 1}, out);
  std::vector<ShardReport> shards;
  for (const uint64_t k : {3, 1, 4, 2}) {  // Any order.
    shards.push_back({"shard " + std::to_string(k), sweep(swept, Shard{k, 4}, out)});
  }
  const ExploreReport merged = merged_or_fail(shards);
  BOOST_TEST(merged.shard.index == 1U);
  BOOST_TEST(merged.shard.count == 1U);
  BOOST_TEST(merged.scenarios == whole.scenarios);
  BOOST_TEST(merged.digests == whole.digests);
  BOOST_TEST(merged.digests.size() == 48U);
  BOOST_TEST_REQUIRE(merged.totals.size() == whole.totals.size());
  for (size_t i = 0; i < whole.totals.size(); ++i) {
    BOOST_TEST(merged.totals[i].seeds_run == whole.totals[i].seeds_run);
    BOOST_TEST(merged.totals[i].failing_seeds == whole.totals[i].failing_seeds);
    BOOST_TEST(merged.totals[i].liveness_seeds == whole.totals[i].liveness_seeds);
    BOOST_TEST(merged.totals[i].events == whole.totals[i].events);
    BOOST_TEST(merged.totals[i].faults == whole.totals[i].faults);
    BOOST_TEST(merged.totals[i].probes == whole.totals[i].probes);
  }
  BOOST_TEST_REQUIRE(!whole.failures.empty());
  BOOST_TEST_REQUIRE(merged.failures.size() == whole.failures.size());
  for (const auto& [key, record] : whole.failures) {
    BOOST_TEST_REQUIRE(merged.failures.count(key) == 1U);
    const FailureRecord& got = merged.failures.at(key);
    BOOST_TEST(got.first_seed == record.first_seed, key.name);
    BOOST_TEST(got.seeds == record.seeds, key.name);
    BOOST_TEST(got.event_id == record.event_id, key.name);
    BOOST_TEST(got.message == record.message, key.name);
    BOOST_TEST(got.capsule == record.capsule, key.name);
    BOOST_TEST(got.command == record.command, key.name);
  }
  BOOST_TEST(merged.nondeterminism == whole.nondeterminism);
  BOOST_TEST(merged.exit_code == sweep_exit_code(whole));
  BOOST_TEST(merged.jobs == 8U);  // Timing: the shards' jobs added up.
}

BOOST_AUTO_TEST_CASE(a_failure_keeps_the_lowest_first_seed_and_adds_the_seed_counts) {
  std::vector<ShardReport> shards = {synthetic(1, 3), synthetic(2, 3), synthetic(3, 3)};
  const FailureKey key{0, "sfn.hard_task_timeout", "ActivitySucceeded", "Ship", "", ""};
  shards[0].report.failures[key] = failure(9, 2, "out/s/a.capsule.json");
  shards[1].report.failures[key] = failure(4, 5, "out/s/b.capsule.json");
  // Shard 3 was stopped before it wrote the capsule of its (lower) seed: it cannot win.
  shards[2].report.failures[key] = failure(UINT64_MAX, 1, "");
  shards[2].report.interrupted = true;
  shards[2].report.signal = 15;
  const ExploreReport merged = merged_or_fail(shards);
  const FailureRecord& record = merged.failures.at(key);
  BOOST_TEST(record.first_seed == 4U);
  BOOST_TEST(record.seeds == 8U);
  BOOST_TEST(record.capsule == "out/s/b.capsule.json");
  BOOST_TEST(record.message == "seen at seed 4");
  BOOST_TEST(merged.totals[0].seeds_run == 30U);
  BOOST_TEST(merged.interrupted);
  BOOST_TEST(merged.exit_code == 1);  // A violation outranks the interruption.
}

BOOST_AUTO_TEST_CASE(nondeterministic_seeds_are_the_union_and_outrank_everything) {
  std::vector<ShardReport> shards = {synthetic(1, 2), synthetic(2, 2)};
  shards[1].report.nondeterminism.push_back({0, 7, "replaying gave another digest"});
  shards[0].report.nondeterminism.push_back({0, 2, "replaying gave another digest"});
  const ExploreReport merged = merged_or_fail(shards);
  BOOST_TEST_REQUIRE(merged.nondeterminism.size() == 2U);
  BOOST_TEST(merged.nondeterminism[0].seed == 2U);
  BOOST_TEST(merged.nondeterminism[1].seed == 7U);
  BOOST_TEST(merged.exit_code == 4);
}

BOOST_AUTO_TEST_CASE(an_interrupted_shard_without_findings_gives_its_signal) {
  std::vector<ShardReport> shards = {synthetic(1, 2), synthetic(2, 2)};
  shards[1].report.interrupted = true;
  shards[1].report.signal = 15;
  BOOST_TEST(merged_or_fail(shards).exit_code == 143);
  shards[0].report.invalid_scenarios = {{"bad.scenario.json", {}}};
  shards[1].report.invalid_scenarios = shards[0].report.invalid_scenarios;
  BOOST_TEST(merged_or_fail(shards).exit_code == 2);  // An invalid scenario outranks a stop.
}

BOOST_AUTO_TEST_CASE(shards_of_different_sweeps_are_refused_saying_what_differs) {
  const auto differs = [](auto change, const std::string& words) {
    std::vector<ShardReport> shards = {synthetic(1, 2), synthetic(2, 2)};
    change(shards[1].report);
    const auto reasons = refusals(shards);
    BOOST_TEST(mentions(reasons, words), words);
    BOOST_TEST(mentions(reasons, "shard-2.json and shard-1.json are not shards of the same sweep"));
  };
  differs([](ExploreReport& r) { r.seed_start = 100; }, "--seed-start is 100 in shard-2.json");
  differs([](ExploreReport& r) { r.seeds_per_scenario = 41; }, "--seeds is 41");
  differs([](ExploreReport& r) { r.swarm = true; }, "--swarm is on");
  differs([](ExploreReport& r) { r.mutants = {"heartbeat-extends-task-timeout"}; }, "--mutant");
  differs([](ExploreReport& r) { r.max_seconds_per_seed = 3; }, "--max-seconds-per-seed");
  differs([](ExploreReport& r) { r.version = "0.2.0"; }, "the wfsim version");
  differs([](ExploreReport& r) { r.scenarios[0].sha256 = std::string(64, 'b'); },
          "the content of scenario s (s.scenario.json)");
  differs([](ExploreReport& r) { r.scenarios[0].file = "other/s.scenario.json"; },
          "scenario 1 is s (other/s.scenario.json)");
  differs(
      [](ExploreReport& r) {
        r.scenarios.push_back(r.scenarios[0]);
        r.totals.push_back(r.totals[0]);
      },
      "the number of scenarios is 2");
}

BOOST_AUTO_TEST_CASE(duplicate_missing_and_miscounted_shards_are_refused) {
  auto reasons = refusals({synthetic(1, 4), synthetic(2, 4), synthetic(2, 4), synthetic(4, 4)});
  BOOST_TEST(mentions(reasons, "shard 2/4 is given 2 times: shard-2.json and shard-2.json"));
  BOOST_TEST(mentions(reasons, "shard 3/4 is missing (3 of 4 shards given)"));
  reasons = refusals({synthetic(1, 4)});
  BOOST_TEST(mentions(reasons, "shards 2/4,3/4,4/4 are missing"));
  reasons = refusals({synthetic(1, 2), synthetic(2, 3)});
  BOOST_TEST(mentions(reasons, "the shard count N of --shard K/N is 3 in shard-2.json"));
  BOOST_TEST(refusals({}).size() == 1U);
  // One unsharded report merges into itself.
  BOOST_TEST(merged_or_fail({synthetic(1, 1)}).totals[0].seeds_run == 10U);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::run
