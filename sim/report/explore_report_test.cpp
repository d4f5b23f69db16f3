// The reports of a sweep read back (explore_report.h): a --json summary read by
// read_explore_summaries and written again is the same bytes, whatever it holds (failures with
// and without capsules, nondeterministic seeds, invalid scenarios, a time budget); JSON lines
// give one report per line; and a summary that is not one (unknown keys, totals that do not add
// up, a failure of a scenario it does not list, not JSON) is refused with every problem at its
// file, line and pointer. The table and JUnit are functions of the report alone.
#include <boost/test/unit_test.hpp>

#include <sstream>

#include "record/json.h"
#include "report/explore_report.h"

namespace wfsim::report {
namespace {

using run::ExploreReport;

ExploreReport example() {
  ExploreReport report;
  report.version = "0.1.0";
  report.scenarios = {
      run::SweptScenario{"slow-ship", "scenarios/slow-ship.scenario.json",
                         world::Dialect::step_functions, std::string(64, 'a')},
      run::SweptScenario{"travel", "scenarios/travel.scenario.json", world::Dialect::temporal,
                         std::string(64, 'b')}};
  report.totals.resize(2);
  report.totals[0] = {20, 3, 1, 800, {}, {{"heartbeat_timeout", 4}, {"redrive_succeeded", 0}}};
  report.totals[0].faults[0] = 2;
  report.totals[0].faults[3] = 7;
  report.totals[1] = {20, 0, 0, 1200, {}, {{"activity_retried", 9}}};
  report.seed_start = 5;
  report.seeds_per_scenario = 40;
  report.shard = run::Shard{2, 2};
  report.swarm = true;
  report.mutants = {"heartbeat-extends-task-timeout"};
  report.out_dir = "out dir/capsules";
  report.max_seconds_per_seed = 2.5;
  run::FailureRecord captured;
  captured.kind = run::Finding::Kind::invariant;
  captured.first_seed = 7;
  captured.seeds = 3;
  captured.event_id = 5;
  captured.message = "the attempt of 'Ship' \"ran\" <past> its timeout\n\u00e9";
  captured.capsule = "out dir/capsules/slow-ship/x.capsule.json";
  captured.command = "wfsim run scenarios/slow-ship.scenario.json --seed 7 --swarm";
  report.failures[{0, "sfn.hard_task_timeout", "ActivitySucceeded", "Ship", "", ""}] = captured;
  // The same expectation failing two ways is two signatures, each with its seed count.
  run::FailureRecord timed_out = captured;
  timed_out.kind = run::Finding::Kind::expectation;
  timed_out.seeds = 2;
  timed_out.event_id = 0;
  timed_out.message = "the run ended FAILED; expected one of SUCCEEDED";
  timed_out.capsule = "out dir/capsules/slow-ship/expect.status.FAILED.Ship.States.Timeout.json";
  report.failures[{0, "expect.status", "", "Ship", "States.Timeout", "FAILED"}] = timed_out;
  timed_out.seeds = 1;
  timed_out.first_seed = 11;
  timed_out.message = "the run ended TIMED_OUT; expected one of SUCCEEDED";
  timed_out.capsule = "out dir/capsules/slow-ship/expect.status.TIMED_OUT.Ship.States.Timeout.json";
  report.failures[{0, "expect.status", "", "Ship", "States.Timeout", "TIMED_OUT"}] = timed_out;
  run::FailureRecord uncaptured;  // A stopped sweep never wrote its capsule.
  uncaptured.first_seed = UINT64_MAX;
  uncaptured.seeds = 1;
  report.failures[{0, "liveness.unfinished", "", "", "", ""}] = uncaptured;
  report.nondeterminism = {{0, 9, "replaying the fault schedule gave digest 1, the seeded run 2"}};
  report.write_errors = {"cannot write out dir/x: Permission denied"};
  report.invalid_scenarios = {
      {"scenarios/bad.scenario.json",
       {{"scenarios/bad.scenario.json", "/faults/stop_at_seconds", "must be a number"},
        {"scenarios/definitions/bad.asl.json", "", "parse error"}}}};
  report.interrupted = true;
  report.signal = 2;
  report.exit_code = run::sweep_exit_code(report);
  report.wall_seconds = 1.25;
  report.jobs = 3;
  return report;
}

std::vector<run::ShardReport> read_ok(const std::string& text, const std::string& file) {
  auto read = read_explore_summaries(text, file);
  if (auto* problems = std::get_if<scenario::FileProblems>(&read)) {
    std::string all;
    for (const auto& problem : *problems) all += scenario::to_string(problem) + "\n";
    BOOST_FAIL("unexpected problems:\n" + all);
  }
  return std::get<std::vector<run::ShardReport>>(std::move(read));
}

std::string problems_of(const std::string& text, const std::string& file = "s.json") {
  auto read = read_explore_summaries(text, file);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<scenario::FileProblems>(read),
                        "read without problems: " << text);
  std::string all;
  for (const auto& problem : std::get<scenario::FileProblems>(read)) {
    all += scenario::to_string(problem) + "\n";
  }
  return all;
}

bool has(const std::string& text, const std::string& words) {
  return text.find(words) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(explore_report)

BOOST_AUTO_TEST_CASE(a_summary_read_back_writes_the_same_bytes_and_the_same_reports) {
  const ExploreReport report = example();
  const std::string json = explore_summary_json(report);
  const auto read = read_ok(json, "summary.json");
  BOOST_TEST_REQUIRE(read.size() == 1U);
  BOOST_TEST(read[0].source == "summary.json");
  BOOST_TEST(explore_summary_json(read[0].report) == json);
  BOOST_TEST(explore_junit(read[0].report) == explore_junit(report));
  std::ostringstream table;
  std::ostringstream again;
  print_explore_table(table, report);
  print_explore_table(again, read[0].report);
  BOOST_TEST(table.str() == again.str());
  // The new fields are there for a merge: per-scenario content digests, the budget, invalid files.
  const Json parsed = Json::parse(json);
  BOOST_TEST(parsed["scenarios"][1]["sha256"] == std::string(64, 'b'));
  BOOST_TEST(parsed["max_seconds_per_seed"] == 2.5);
  BOOST_TEST(parsed["invalid_scenarios"][0]["problems"][0]["pointer"] ==
             "/faults/stop_at_seconds");
  BOOST_TEST(parsed["exit_code"] == 4);  // A nondeterministic seed outranks every finding.
  BOOST_TEST(parsed["failures"][2]["first_seed"].is_null());  // liveness.unfinished
  // Failures are listed by signature, each with its seed count, in the table, JSON and JUnit.
  BOOST_TEST(parsed["failures"][0]["signature"] ==
             "expect.status FAILED on Ship after States.Timeout");
  BOOST_TEST(parsed["failures"][0]["seeds"] == 2);
  BOOST_TEST(parsed["failures"][0]["state"] == "Ship");
  BOOST_TEST(parsed["failures"][0]["error"] == "States.Timeout");
  BOOST_TEST(parsed["failures"][0]["status"] == "FAILED");
  BOOST_TEST(parsed["failures"][1]["signature"] ==
             "expect.status TIMED_OUT on Ship after States.Timeout");
  BOOST_TEST(parsed["failures"][3]["signature"] ==
             "sfn.hard_task_timeout at ActivitySucceeded on Ship");
  BOOST_TEST(parsed["failures"][3]["status"] == "");
  BOOST_TEST(has(table.str(), "failures by invariant (a line per signature"));
  BOOST_TEST(has(table.str(), "  expect.status FAILED on Ship after States.Timeout in slow-ship: "
                              "2 seeds, first 7\n"));
  BOOST_TEST(has(table.str(), "  expect.status TIMED_OUT on Ship after States.Timeout in "
                              "slow-ship: 1 seed, first 11\n"));
  BOOST_TEST(has(explore_junit(report),
                 "name=\"expect.status TIMED_OUT on Ship after States.Timeout\""));
  // The table and JUnit name the file that could not be loaded.
  BOOST_TEST(has(table.str(), "invalid scenarios (not run)\n  scenarios/bad.scenario.json\n"));
  const std::string junit = explore_junit(report);
  BOOST_TEST(has(junit, "errors=\"1\""));
  BOOST_TEST(has(junit, "<error message=\"invalid scenario, not run: 2 problems\""));
}

BOOST_AUTO_TEST_CASE(json_lines_give_a_report_per_line_named_by_line) {
  ExploreReport first = example();
  first.shard = run::Shard{1, 2};
  const std::string text = explore_summary_json(first) + "\n" + explore_summary_json(example());
  const auto read = read_ok(text, "all.jsonl");
  BOOST_TEST_REQUIRE(read.size() == 2U);
  BOOST_TEST(read[0].source == "all.jsonl line 1");
  BOOST_TEST(read[1].source == "all.jsonl line 3");
  BOOST_TEST(read[0].report.shard.index == 1U);
  BOOST_TEST(read[1].report.shard.index == 2U);
}

BOOST_AUTO_TEST_CASE(what_is_not_a_summary_is_refused_with_every_problem_at_its_pointer) {
  Json json = Json::parse(explore_summary_json(example()));
  Json unknown = json;
  unknown["seeds_per_scenari"] = 3;
  BOOST_TEST(has(problems_of(unknown.dump()), "s.json: /seeds_per_scenari: unknown key"));
  Json sums = json;
  sums["seeds"] = 41;
  BOOST_TEST(has(problems_of(sums.dump()), "s.json: /seeds: must be the sum"));
  Json faults = json;
  faults["faults_injected"]["worker_crash"] = 99;
  BOOST_TEST(has(problems_of(faults.dump()), "/faults_injected: must be the sum"));
  Json stray = json;
  stray["failures"][0]["scenario"] = "nobody";
  BOOST_TEST(has(problems_of(stray.dump()), "/failures/0/scenario: names no scenario"));
  Json kinds = json;
  kinds["scenarios"][0]["faults_injected"]["cosmic_ray"] = 1;
  BOOST_TEST(has(problems_of(kinds.dump()), "/scenarios/0/faults_injected/cosmic_ray"));
  Json shard = json;
  shard["shard"]["index"] = 3;
  BOOST_TEST(has(problems_of(shard.dump()), "/shard/index: must be an integer from 1 to 2"));
  Json signature = json;
  signature["failures"][0]["signature"] = "expect.status FAILED";
  BOOST_TEST(has(problems_of(signature.dump()),
                 "/failures/0/signature: must be \"expect.status FAILED on Ship after "
                 "States.Timeout\""));
  Json half = json;
  half["failures"][0]["capsule"] = nullptr;
  BOOST_TEST(has(problems_of(half.dump()), "must be null exactly when first_seed is null"));
  Json missing = json;
  missing.erase("max_seconds_per_seed");
  BOOST_TEST(has(problems_of(missing.dump()), "missing required key \"max_seconds_per_seed\""));
  BOOST_TEST(has(problems_of("", "empty.json"), "empty.json: holds no summary"));
  BOOST_TEST(has(problems_of(json.dump() + "\n{", "two.jsonl"), "two.jsonl line 2: parse error"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::report
