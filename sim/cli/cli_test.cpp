// The wfsim program end to end: exit codes 0/1/2/3/4, the run header and reproduce lines,
// output files, explore's determinism across --jobs, shards, SIGINT, replay and shrink, and what
// validate takes from a directory.
#include <fstream>
#include <map>

#include "cli_test_support.h"
#include "record/json.h"

namespace wfsim::cli::test {
namespace {

const std::string kShip = testdata("ship.scenario.json").string();
const std::string kSlow = testdata("slow-ship.scenario.json").string();
const std::string kHang = testdata("hang.scenario.json").string();
const std::string kExpect = testdata("expect-fails.scenario.json").string();
const std::string kMutant = "heartbeat-extends-task-timeout";

Json summary_without_timing(const fs::path& file) {
  Json summary = Json::parse(slurp(file));
  summary.erase("timing");
  return summary;
}

BOOST_AUTO_TEST_CASE(mutants_lists_every_planted_defect_name_first) {
  const Exit exit = run_wfsim({"mutants"});
  BOOST_TEST(exit.code == 0);
  BOOST_TEST(exit.out.starts_with("heartbeat-extends-task-timeout "));
  BOOST_TEST(contains(exit.out, "\nclosed-token-accepted "), exit.out);
  BOOST_TEST(std::count(exit.out.begin(), exit.out.end(), '\n') >= 17);
}

BOOST_AUTO_TEST_CASE(run_prints_the_seed_and_options_first_and_exits_0_when_everything_held) {
  const Exit exit = run_wfsim({"run", kShip, "--seed", "4"});
  BOOST_TEST(exit.code == 0, exit.out << exit.err);
  const size_t seed = exit.out.find("  seed                4\n");
  const size_t result = exit.out.find("result\n");
  BOOST_TEST(seed != std::string::npos);
  BOOST_TEST(seed < result);
  for (const char* option : {"dialect", "epoch", "tie order", "default timeout", "fault rates",
                             "liveness bound", "mutants", "limits", "wall time per seed"}) {
    BOOST_TEST(exit.out.find(std::string("  ") + option) < result, option);
  }
  for (const char* summary : {"status", "virtual duration", "events", "attempts",
                              "faults injected", "invariants", "digest"}) {
    BOOST_TEST(exit.out.find(std::string("  ") + summary, result) != std::string::npos, summary);
  }
  BOOST_TEST(contains(exit.out, "OK: every invariant and expectation held"));
}

BOOST_AUTO_TEST_CASE(run_exits_1_on_a_violation_and_prints_one_reproduce_command) {
  const Exit exit = run_wfsim({"run", kSlow, "--seed", "2", "--mutant", kMutant});
  BOOST_TEST(exit.code == 1, exit.out << exit.err);
  BOOST_TEST(contains(exit.out, "VIOLATION sfn.hard_task_timeout at event "), exit.out);
  BOOST_TEST(contains(exit.out, "reproduce: wfsim run " + kSlow + " --seed 2 --mutant " +
                                    kMutant + "\n"),
             exit.out);
}

BOOST_AUTO_TEST_CASE(run_exits_1_on_an_unmet_expectation_and_3_on_liveness) {
  const Exit expect = run_wfsim({"run", kExpect});
  BOOST_TEST(expect.code == 1, expect.out);
  BOOST_TEST(contains(expect.out, "EXPECTATION expect.status"), expect.out);
  const Exit hang = run_wfsim({"run", kHang});
  BOOST_TEST(hang.code == 3, hang.out);
  BOOST_TEST(contains(hang.out, "LIVENESS liveness.unfinished"), hang.out);
}

BOOST_AUTO_TEST_CASE(bad_input_and_bad_usage_exit_2_naming_the_file_and_json_path) {
  const Exit keys = run_wfsim({"run", testdata("bad/bad-keys.json").string()});
  BOOST_TEST(keys.code == 2);
  BOOST_TEST(contains(keys.err, "bad-keys.json: /resources/Ship/workers: must be an integer"),
             keys.err);
  BOOST_TEST(contains(keys.err, "bad-keys.json: /resources/Ship/heartbeat_every_second: unknown "
                                "key; did you mean \"heartbeat_every_seconds\"?"),
             keys.err);
  const Exit definition = run_wfsim({"run", testdata("bad/bad-definition.json").string()});
  BOOST_TEST(definition.code == 2);
  BOOST_TEST(contains(definition.err, "bad-definition.json: /definition/States/Ship/"
                                      "HeartbeatSeconds: must be smaller than TimeoutSeconds"),
             definition.err);
  const Exit syntax = run_wfsim({"run", testdata("bad/bad-syntax.json").string()});
  BOOST_TEST(syntax.code == 2);
  BOOST_TEST(contains(syntax.err, "bad-syntax.json: parse error at line 1"), syntax.err);
  BOOST_TEST(run_wfsim({"run", "/nonexistent/x.json"}).code == 2);
  BOOST_TEST(run_wfsim({"run"}).code == 2);
  BOOST_TEST(run_wfsim({"frobnicate"}).code == 2);
  BOOST_TEST(run_wfsim({}).code == 2);
  BOOST_TEST(run_wfsim({"run", kShip, "--seed", "minus-one"}).code == 2);
  BOOST_TEST(run_wfsim({"explore", kShip, "--seeds", "5", "--time-budget", "1"}).code == 2);
  BOOST_TEST(run_wfsim({"explore", kShip, "--shard", "3/2"}).code == 2);
  const Exit mutant = run_wfsim({"run", kShip, "--mutant", "no-such-mutant"});
  BOOST_TEST(mutant.code == 2);
  BOOST_TEST(contains(mutant.err, "unknown mutant \"no-such-mutant\""), mutant.err);
  BOOST_TEST(contains(mutant.err, "  closed-token-accepted\n"), mutant.err);
  BOOST_TEST(run_wfsim({"--help"}).code == 0);
  BOOST_TEST(run_wfsim({"--version"}).code == 0);
}

BOOST_AUTO_TEST_CASE(validate_checks_each_kind_of_file_and_exits_2_on_any_problem) {
  const Exit good = run_wfsim({"validate", kShip, testdata("definitions/ship.asl.json").string(),
                               testdata("mock/MockConfigFile.json").string(),
                               testdata("mock/order.scenario.json").string()});
  BOOST_TEST(good.code == 0, good.err);
  BOOST_TEST(contains(good.out, "ship.scenario.json: ok (scenario ship-heartbeats"), good.out);
  BOOST_TEST(contains(good.out, "ship.asl.json: ok (ASL definition"), good.out);
  BOOST_TEST(contains(good.out, "MockConfigFile.json: ok (Step Functions Local mock config)"));
  // Files named on the command line are taken by content, whatever their names.
  const Exit bad = run_wfsim({"validate", testdata("bad/bad-keys.json").string(),
                              testdata("bad/bad-definition.json").string()});
  BOOST_TEST(bad.code == 2);
  BOOST_TEST(contains(bad.err, "bad-keys.json: /faults/rates/worker_crash: must be a ratio"),
             bad.err);
  BOOST_TEST(contains(bad.err, "bad-definition.json: /definition/States/Ship/HeartbeatSeconds"),
             bad.err);
}

BOOST_AUTO_TEST_CASE(validate_of_the_scenario_library_skips_golden_histories_and_exits_0) {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  const fs::path library = fs::path(root != nullptr ? root : WFSIM_DEFAULT_SOURCE_DIR) /
                           "scenarios";
  const Exit exit = run_wfsim({"validate", library.string()});
  BOOST_TEST(exit.code == 0, exit.err);
  BOOST_TEST(exit.err.empty(), exit.err);
  BOOST_TEST(contains(exit.out, "golden/sfn-order-processing.history.json: skipped (not a "
                                "*.scenario.json, *.asl.json, capsule or mock config)"),
             exit.out);
  BOOST_TEST(contains(exit.out, "sfn-order-processing.scenario.json: ok (scenario "), exit.out);
  BOOST_TEST(contains(exit.out, "order-processing.asl.json: ok (ASL definition"), exit.out);
  BOOST_TEST(contains(exit.out, "MockConfigFile.json: ok (Step Functions Local mock config)"));
  BOOST_TEST(contains(exit.out, "\nvalidated "), exit.out);
  BOOST_TEST(contains(exit.out, " 0 with problems, "), exit.out);
}

BOOST_AUTO_TEST_CASE(validate_of_a_directory_checks_what_it_classifies_and_skips_the_rest) {
  const Scratch scratch("validate-dir");
  const fs::path dir = scratch / "mixed";
  fs::create_directories(dir / "definitions");
  fs::copy_file(kShip, dir / "ship.scenario.json");
  fs::copy_file(testdata("definitions/ship.asl.json"), dir / "definitions" / "ship.asl.json");
  fs::copy_file(testdata("mock/MockConfigFile.json"), dir / "MockConfigFile.json");
  const Exit run = run_wfsim({"run", kShip, "--seed", "3", "--capsule",
                              (dir / "run-3.capsule.json").string(), "--history",
                              (dir / "run-3.history.json").string()});
  BOOST_TEST_REQUIRE(run.code == 0, run.out << run.err);
  std::ofstream(dir / "workflow.json") << R"({"steps": [{"activity": "ChargeCard"}]})";
  std::ofstream(dir / "notes.json") << "not JSON at all";
  const Exit good = run_wfsim({"validate", dir.string()});
  BOOST_TEST(good.code == 0, good.out << good.err);
  BOOST_TEST(contains(good.out, "ship.scenario.json: ok (scenario ship-heartbeats"), good.out);
  BOOST_TEST(contains(good.out, "ship.asl.json: ok (ASL definition"), good.out);
  BOOST_TEST(contains(good.out, "MockConfigFile.json: ok (Step Functions Local mock config)"));
  BOOST_TEST(contains(good.out, "run-3.capsule.json: ok (capsule of ship-heartbeats, seed 3)"),
             good.out);
  BOOST_TEST(contains(good.out, "run-3.history.json: skipped (not a *.scenario.json"), good.out);
  BOOST_TEST(contains(good.out, "workflow.json: skipped (not a *.scenario.json"), good.out);
  BOOST_TEST(contains(good.out, "notes.json: skipped (parse error at line 1"), good.out);
  BOOST_TEST(contains(good.out, "validated 4 files: 4 ok, 0 with problems, 3 skipped\n"),
             good.out);
  // A file whose name claims a kind is checked as that kind, and its problems fail the run.
  std::ofstream(dir / "typo.scenario.json")
      << R"({"definition": "definitions/ship.asl.json", "resourcez": {}})";
  std::ofstream(dir / "broken.asl.json") << R"({"StartAt": "Nowhere", "States": {}})";
  const Exit bad = run_wfsim({"validate", dir.string()});
  BOOST_TEST(bad.code == 2, bad.out);
  BOOST_TEST(contains(bad.err, "typo.scenario.json: /resourcez: unknown key"), bad.err);
  BOOST_TEST(contains(bad.err, "broken.asl.json: "), bad.err);
  BOOST_TEST(contains(bad.out, "validated 6 files: 4 ok, 2 with problems, 3 skipped\n"),
             bad.out);
  // Named explicitly, a history is taken by content (as a scenario) and fails.
  const Exit named = run_wfsim({"validate", (dir / "run-3.history.json").string()});
  BOOST_TEST(named.code == 2, named.out);
  BOOST_TEST(contains(named.err, "run-3.history.json: /events: unknown key"), named.err);
}

BOOST_AUTO_TEST_CASE(validate_of_a_directory_with_nothing_it_can_classify_exits_2) {
  const Scratch scratch("validate-nothing");
  std::ofstream(scratch / "history.json") << R"({"events": []})";
  const Exit exit = run_wfsim({"validate", scratch.path().string()});
  BOOST_TEST(exit.code == 2, exit.out << exit.err);
  BOOST_TEST(contains(exit.out, "history.json: skipped ("), exit.out);
  BOOST_TEST(contains(exit.err, "no files to check (every *.json file found was skipped)"),
             exit.err);
}

BOOST_AUTO_TEST_CASE(run_writes_history_calls_and_trace_and_one_seed_gives_identical_bytes) {
  const Scratch scratch("outputs");
  for (const char* name : {"a", "b"}) {
    const std::string prefix = (scratch / name).string();
    const Exit exit = run_wfsim({"run", kShip, "--seed", "9", "--history", prefix + ".history",
                                 "--calls", prefix + ".calls", "--trace", prefix + ".trace"});
    BOOST_TEST(exit.code == 0, exit.err);
  }
  for (const char* suffix : {".history", ".calls", ".trace"}) {
    const std::string first = slurp(scratch / (std::string("a") + suffix));
    BOOST_TEST(!first.empty(), suffix);
    BOOST_TEST(first == slurp(scratch / (std::string("b") + suffix)), suffix);
  }
  const Json history = Json::parse(slurp(scratch / "a.history"));
  BOOST_TEST(history["events"][0]["type"] == "ExecutionStarted");
  BOOST_TEST(history["events"][0]["timestamp"] == "2024-01-01T00:00:00.000000Z");
  const Json call = Json::parse(slurp(scratch / "a.calls").substr(0, slurp(scratch / "a.calls")
                                                                       .find('\n')));
  BOOST_TEST(call["api"] == "StartExecution");
  const Exit determinism = run_wfsim({"run", kShip, "--seed", "9", "--check-determinism"});
  BOOST_TEST(determinism.code == 0);
  BOOST_TEST(contains(determinism.out, "two runs, identical traces"), determinism.out);
}

BOOST_AUTO_TEST_CASE(a_run_capsule_replays_with_its_digest_and_an_edited_digest_exits_4) {
  const Scratch scratch("replay");
  const std::string capsule = (scratch / "c.capsule.json").string();
  const Exit run = run_wfsim({"run", kSlow, "--seed", "1", "--mutant", kMutant, "--capsule",
                              capsule});
  BOOST_TEST(run.code == 1, run.out);
  const Exit replay = run_wfsim({"replay", capsule});
  BOOST_TEST(replay.code == 1, replay.out << replay.err);
  BOOST_TEST(contains(replay.out, "digest check        matches the capsule"), replay.out);
  BOOST_TEST(contains(replay.out, "STILL FAILS: sfn.hard_task_timeout"), replay.out);
  BOOST_TEST(contains(replay.out, "history around event"), replay.out);
  BOOST_TEST(contains(replay.out, "  => "), replay.out);
  Json edited = Json::parse(slurp(capsule));
  edited["digest"] = "0000000000000001";
  std::ofstream(scratch / "edited.json") << edited.dump(2);
  const Exit diverged = run_wfsim({"replay", (scratch / "edited.json").string()});
  BOOST_TEST(diverged.code == 4, diverged.out);
  BOOST_TEST(contains(diverged.out, "DIVERGED"), diverged.out);
  BOOST_TEST(contains(diverged.out, "two replays agree with each other"), diverged.out);
  edited["schedule"] = Json::array({Json{{"kind", "meteor"}, {"at_us", 0}}});
  std::ofstream(scratch / "broken.json") << edited.dump(2);
  const Exit broken = run_wfsim({"replay", (scratch / "broken.json").string()});
  BOOST_TEST(broken.code == 2);
  BOOST_TEST(contains(broken.err, "broken.json: /schedule/0/kind: unknown fault kind"),
             broken.err);
}

BOOST_AUTO_TEST_CASE(explore_gives_the_same_capsules_and_summary_with_one_job_or_two) {
  const Scratch scratch("explore-jobs");
  std::map<std::string, std::string> capsules[2];
  Json summaries[2];
  std::string tables[2];
  for (int i = 0; i < 2; ++i) {
    fs::remove_all(scratch / "out");
    const Exit exit = run_wfsim({"explore", kSlow, kShip, "--seeds", "40", "--mutant", kMutant,
                                 "--jobs", i == 0 ? "1" : "2", "--out", (scratch / "out").string(),
                                 "--json", (scratch / "summary.json").string()});
    BOOST_TEST(exit.code == 1, exit.out << exit.err);
    capsules[i] = files_in(scratch / "out");
    summaries[i] = summary_without_timing(scratch / "summary.json");
    tables[i] = exit.out.substr(0, exit.out.rfind("distinct failures;"));
  }
  BOOST_TEST(!capsules[0].empty());
  BOOST_TEST((capsules[0] == capsules[1]));
  BOOST_TEST(summaries[0] == summaries[1]);
  BOOST_TEST(tables[0] == tables[1]);
  BOOST_TEST(summaries[0]["seeds"] == 80);
  BOOST_TEST(summaries[0]["failures"][0]["invariant"] == "sfn.hard_task_timeout");
  BOOST_TEST(contains(tables[0], "reproduce: wfsim run " + kSlow + " --seed "), tables[0]);
  BOOST_TEST(contains(tables[0], "faults injected by kind"));
  BOOST_TEST(contains(tables[0], "sometimes probes"));
}

BOOST_AUTO_TEST_CASE(explore_holding_everything_exits_0_and_writes_json_and_junit) {
  const Scratch scratch("explore-held");
  const Exit exit = run_wfsim({"explore", kShip, testdata("charge.scenario.json").string(),
                               "--seeds", "30", "--out", (scratch / "out").string(), "--json",
                               (scratch / "s.json").string(), "--junit",
                               (scratch / "j.xml").string()});
  BOOST_TEST(exit.code == 0, exit.out << exit.err);
  BOOST_TEST(exit.err.empty(), exit.err);  // Not a terminal: no progress lines.
  const std::string json = slurp(scratch / "s.json");
  BOOST_TEST(std::count(json.begin(), json.end(), '\n') == 1);  // One line: shards concatenate.
  const Json summary = Json::parse(json);
  BOOST_TEST(summary["seeds"] == 60);
  BOOST_TEST(summary["failures"].empty());
  BOOST_TEST(summary["scenarios"][1]["dialect"] == "temporal");
  BOOST_TEST(summary["probes"].size() > 0U);
  const std::string junit = slurp(scratch / "j.xml");
  BOOST_TEST(contains(junit, "<testsuites name=\"wfsim explore\" tests=\"2\" failures=\"0\""),
             junit);
  BOOST_TEST(contains(junit, "<testcase classname=\"wfsim.explore\" name=\"ship-heartbeats\">"));
}

BOOST_AUTO_TEST_CASE(explore_junit_has_a_failing_testcase_per_violated_invariant) {
  const Scratch scratch("explore-junit");
  const Exit exit = run_wfsim({"explore", kSlow, "--seeds", "10", "--mutant", kMutant, "--out",
                               (scratch / "out").string(), "--junit",
                               (scratch / "j.xml").string()});
  BOOST_TEST(exit.code == 1);
  const std::string junit = slurp(scratch / "j.xml");
  BOOST_TEST(contains(junit, "name=\"sfn.hard_task_timeout at "), junit);
  BOOST_TEST(contains(junit, "reproduce: wfsim run "), junit);
}

BOOST_AUTO_TEST_CASE(shards_split_the_seed_range_into_disjoint_slices) {
  const Scratch scratch("shards");
  uint64_t total = 0;
  for (const char* shard : {"1/3", "2/3", "3/3"}) {
    const Exit exit = run_wfsim({"explore", kShip, "--seeds", "20", "--seed-start", "5",
                                 "--shard", shard, "--out", (scratch / "out").string(), "--json",
                                 (scratch / "s.json").string()});
    BOOST_TEST(exit.code == 0);
    total += Json::parse(slurp(scratch / "s.json"))["seeds"].get<uint64_t>();
  }
  BOOST_TEST(total == 20U);
}

BOOST_AUTO_TEST_CASE(explore_exits_3_for_liveness_only_and_2_for_a_bad_scenario_among_good) {
  const Scratch scratch("explore-codes");
  const Exit hang = run_wfsim({"explore", kHang, "--seeds", "3", "--out",
                               (scratch / "out").string()});
  BOOST_TEST(hang.code == 3, hang.out);
  BOOST_TEST(fs::exists(scratch / "out" / "hang" / "liveness.unfinished.capsule.json"));
  // The bad file is reported and skipped; the good one is swept; the exit code says 2 at the end.
  const Exit bad = run_wfsim({"explore", kShip, testdata("bad/bad-keys.json").string(), "--seeds",
                              "3", "--out", (scratch / "out3").string()});
  BOOST_TEST(bad.code == 2);
  BOOST_TEST(contains(bad.out, "invalid scenarios (not run)"), bad.out);
  BOOST_TEST(contains(bad.out, "3 seeds, 0 distinct failures"), bad.out);
  const Exit empty = run_wfsim({"explore", testdata("definitions").string()});
  BOOST_TEST(empty.code == 2);
  BOOST_TEST(contains(empty.err, "no *.scenario.json files"), empty.err);
  const Exit twice = run_wfsim({"explore", kShip, testdata("mock").string(), kShip,
                                "--seeds", "2", "--out", (scratch / "out2").string()});
  BOOST_TEST(twice.code == 0, twice.err);  // The same file twice runs once.
}

BOOST_AUTO_TEST_CASE(a_time_budget_stops_the_sweep) {
  const Scratch scratch("budget");
  const Exit exit = run_wfsim({"explore", kShip, "--time-budget", "0.5", "--out",
                               (scratch / "out").string(), "--json",
                               (scratch / "s.json").string()});
  BOOST_TEST(exit.code == 0);
  BOOST_TEST(exit.seconds < 10);
  const Json summary = Json::parse(slurp(scratch / "s.json"));
  BOOST_TEST(summary["seeds"].get<uint64_t>() > 0U);
  BOOST_TEST(summary["seeds_per_scenario"].is_null());
}

BOOST_AUTO_TEST_CASE(sigint_stops_a_long_sweep_promptly_with_the_summary_and_capsules) {
  const Scratch scratch("sigint");
  const Exit exit = run_wfsim({"explore", kSlow, "--seeds", "1000000000", "--mutant", kMutant,
                               "--jobs", "2", "--out", (scratch / "out").string(), "--json",
                               (scratch / "s.json").string()},
                              30, std::chrono::milliseconds(1500), SIGINT);
  BOOST_TEST(exit.code == 1, exit.out << exit.err);  // Findings outrank the interruption.
  BOOST_TEST(exit.seconds < 6);
  BOOST_TEST(contains(exit.out, "INTERRUPTED after "), exit.out);
  const Json summary = Json::parse(slurp(scratch / "s.json"));
  BOOST_TEST(summary["interrupted"] == true);
  BOOST_TEST(summary["seeds"].get<uint64_t>() > 0U);
  BOOST_TEST(!files_in(scratch / "out").empty());
  for (const Json& failure : summary["failures"]) {
    if (!failure["capsule"].is_null()) {
      BOOST_TEST(fs::exists(failure["capsule"].get<std::string>()));
    }
  }
  const Exit clean = run_wfsim({"explore", kShip, "--seeds", "1000000000", "--out",
                                (scratch / "out2").string()},
                               30, std::chrono::milliseconds(500), SIGTERM);
  BOOST_TEST(clean.code == 143, clean.out << clean.err);
}

BOOST_AUTO_TEST_CASE(shrink_writes_a_smaller_capsule_that_replays_and_still_fails) {
  const Scratch scratch("shrink");
  const Exit explore = run_wfsim({"explore", kSlow, "--seeds", "5", "--mutant", kMutant,
                                  "--out", (scratch / "out").string()});
  BOOST_TEST(explore.code == 1);
  const auto capsules = files_in(scratch / "out");
  BOOST_REQUIRE(!capsules.empty());
  const fs::path capsule = scratch / "out" / capsules.begin()->first;
  const fs::path smaller = scratch / "smaller.json";
  const Exit shrink = run_wfsim({"shrink", capsule.string(), "--out", smaller.string()});
  BOOST_TEST(shrink.code == 1, shrink.out << shrink.err);
  BOOST_TEST(contains(shrink.out, "STILL FAILS: sfn.hard_task_timeout"), shrink.out);
  BOOST_TEST(contains(shrink.out, "  before: "), shrink.out);
  BOOST_TEST(slurp(smaller).size() < slurp(capsule).size());
  const Json original = Json::parse(slurp(capsule));
  const Json shrunk = Json::parse(slurp(smaller));
  BOOST_TEST(shrunk["scenario"]["definition"] == original["scenario"]["definition"]);
  BOOST_TEST(shrunk["seed"] == original["seed"]);
  BOOST_TEST(shrunk["scenario"]["resources"]["Ship"]["workers"].get<int>() <=
             original["scenario"]["resources"]["Ship"]["workers"].get<int>());
  const Exit replay = run_wfsim({"replay", smaller.string()});
  BOOST_TEST(replay.code == 1, replay.out);
  BOOST_TEST(contains(replay.out, "matches the capsule"), replay.out);
  BOOST_TEST(contains(replay.out, "STILL FAILS: sfn.hard_task_timeout"), replay.out);
  const Exit default_name = run_wfsim({"shrink", capsule.string(), "--max-attempts", "3"});
  BOOST_TEST(default_name.code == 1);
  BOOST_TEST(contains(default_name.out, "attempt budget spent"), default_name.out);
  BOOST_TEST(fs::exists(capsule.parent_path() /
                        (capsule.stem().string() + ".shrunk.json")));
}

BOOST_AUTO_TEST_CASE(run_s3_out_writes_every_object_and_refuses_keys_that_escape) {
  const Scratch scratch("s3-out");
  std::ofstream(scratch / "rows.csv", std::ios::binary) << "id\n1\n";
  const std::string objects = R"([
      {"bucket": "in", "key": "items.json", "json": [1, {"a": "b"}]},
      {"bucket": "in", "key": "nested/deeper/rows.csv", "file": "rows.csv"},
      {"bucket": "in", "key": "folder/", "text": ""},
      {"bucket": "results"})";
  const auto write_scenario = [&](const std::string& name, const std::string& extra) {
    std::ofstream(scratch / name) << R"({"definition": {"StartAt": "Done", "States": {"Done":
        {"Type": "Pass", "End": true}}}, "s3_objects": )" << objects << extra << "]}";
  };
  write_scenario("s3.json", "");
  const Exit exit = run_wfsim({"run", (scratch / "s3.json").string(), "--s3-out",
                               (scratch / "out").string()});
  BOOST_TEST(exit.code == 0, exit.out << exit.err);
  const auto files = files_in(scratch / "out");
  BOOST_TEST(files.size() == 2U);
  BOOST_TEST(files.at("in/items.json") == R"([1,{"a":"b"}])");
  BOOST_TEST(files.at("in/nested/deeper/rows.csv") == "id\n1\n");
  BOOST_TEST(fs::is_directory(scratch / "out" / "in" / "folder"));
  BOOST_TEST(fs::is_directory(scratch / "out" / "results"));
  write_scenario("escape.json", R"(, {"bucket": "in", "key": "../../escaped.txt", "text": "x"},
      {"bucket": "in", "key": "a//b", "text": "x"})");
  const Exit escape = run_wfsim({"run", (scratch / "escape.json").string(), "--s3-out",
                                 (scratch / "out2").string()});
  BOOST_TEST(escape.code == 2, escape.out << escape.err);
  BOOST_TEST(contains(escape.err, "s3://in/../../escaped.txt: the key would not stay inside"),
             escape.err);
  BOOST_TEST(contains(escape.err, "s3://in/a//b"), escape.err);
  BOOST_TEST(!fs::exists(scratch / "escaped.txt"));
  BOOST_TEST(!fs::exists(scratch.path().parent_path() / "escaped.txt"));
  BOOST_TEST(files_in(scratch / "out2").size() == 2U);
}

}  // namespace
}  // namespace wfsim::cli::test
