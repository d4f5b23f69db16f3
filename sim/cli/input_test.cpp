// Strict input end to end, through the wfsim program: every numeric option of every command
// takes only a plain number inside its range, anything else is exit 2 with the range in the
// message; seconds fields of scenarios past 100 years and huge integers in definitions are
// problems at their JSON pointer; `explore` over a directory with an invalid scenario reports it
// and sweeps the rest (exit 2 at the end, unless a finding outranks it), in the table, --json and
// --junit; `--exclude GLOB` skips files.
#include <algorithm>

#include "cli_test_support.h"
#include "record/json.h"

namespace wfsim::cli::test {
namespace {

const std::string kShip = testdata("ship.scenario.json").string();
const std::string kMax = "18446744073709551615";

// A valid step-functions scenario with everything inline, as JSON to edit.
Json ship_scenario(const std::string& name) {
  Json scenario = Json::parse(R"({"definition": {"StartAt": "Ship", "States": {"Ship": {
    "Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:ship",
    "TimeoutSeconds": 60, "End": true}}}, "resources": {"Ship": {"duration_seconds": 2}}})");
  scenario["name"] = name;
  return scenario;
}

void write(const fs::path& file, const Json& json) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << json.dump(2);
}

// Runs wfsim and expects exit 2 with `words` on stderr and nothing run.
void refused(const std::vector<std::string>& args, const std::string& words) {
  const Exit exit = run_wfsim(args);
  std::string command;
  for (const std::string& arg : args) command += arg + " ";
  BOOST_TEST(exit.code == 2, command << "exited " << exit.code << "\n" << exit.out << exit.err);
  BOOST_TEST(contains(exit.err, words), command << "\nstderr: " << exit.err);
  BOOST_TEST(!contains(exit.out, "result"), command << "ran: " << exit.out);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(strict_input)

BOOST_AUTO_TEST_CASE(integer_options_take_only_plain_integers_in_their_range) {
  const std::string seed_range = "--seed: must be an integer from 0 to " + kMax;
  for (const char* bad : {"-1", "99999999999999999999999", "18446744073709551616", "1e3", "0x10",
                          "+5", "5.0", "", "five", " 5"}) {
    refused({"run", kShip, "--seed", bad}, seed_range + " (got \"" + bad + "\")");
  }
  const std::string seeds_range = "--seeds: must be an integer from 1 to " + kMax;
  refused({"explore", kShip, "--seeds", "1e23"}, seeds_range + " (got \"1e23\")");
  refused({"explore", kShip, "--seeds", "0"}, seeds_range);
  refused({"explore", kShip, "--seeds", "-3"}, seeds_range);
  refused({"explore", kShip, "--seed-start", "-1"},
          "--seed-start: must be an integer from 0 to " + kMax);
  refused({"explore", kShip, "--jobs", "0"}, "--jobs: must be an integer from 1 to 4096");
  refused({"explore", kShip, "-j", "4097"}, "must be an integer from 1 to 4096 (got \"4097\")");
  refused({"replay", "c.json", "--context", "-1"}, "--context: must be an integer from 0 to 1000");
  refused({"replay", "c.json", "--context", "1001"}, "from 0 to 1000");
  refused({"shrink", "c.json", "--max-attempts", "0"},
          "--max-attempts: must be an integer from 1 to 1000000");
  refused({"shrink", "c.json", "--max-attempts", "1e6"}, "from 1 to 1000000 (got \"1e6\")");
  // Shards: K and N integers with 1 <= K <= N.
  for (const char* bad : {"0/4", "5/4", "-1/4", "1e1/4", "1/99999999999999999999999", "1/", "4"}) {
    refused({"explore", kShip, "--shard", bad},
            "--shard must be K/N with integers 1 <= K <= N <= " + kMax + " (got \"" + bad + "\")");
  }
  // The largest seed is a seed like any other.
  const Exit largest = run_wfsim({"run", kShip, "--seed", kMax});
  BOOST_TEST((largest.code == 0 || largest.code == 1), largest.out << largest.err);
  BOOST_TEST(contains(largest.out, kMax));
}

BOOST_AUTO_TEST_CASE(seconds_options_take_only_finite_numbers_in_their_range) {
  for (const char* bad : {"-1", "nan", "inf", "1e300", "86401", "0x10", "", "1s"}) {
    refused({"run", kShip, "--max-seconds-per-seed", bad},
            "--max-seconds-per-seed: must be a number of seconds from 0 to 86400 (got \"" +
                std::string(bad) + "\")");
  }
  refused({"explore", kShip, "--max-seconds-per-seed", "-0.5"}, "from 0 to 86400");
  refused({"replay", "c.json", "--max-seconds-per-seed", "1e9"}, "from 0 to 86400");
  refused({"shrink", "c.json", "--max-seconds-per-seed", "-1"}, "from 0 to 86400");
  for (const char* bad : {"0", "-2", "1e300", "31536001", "inf"}) {
    refused({"explore", kShip, "--time-budget", bad},
            "--time-budget: must be a number of seconds greater than 0 and at most 31536000");
  }
  const Exit fraction = run_wfsim({"run", kShip, "--max-seconds-per-seed", "2.5e0"});
  BOOST_TEST((fraction.code == 0 || fraction.code == 1), fraction.out << fraction.err);
}

BOOST_AUTO_TEST_CASE(seconds_in_scenarios_are_bounded_at_100_years_with_their_pointer) {
  const Scratch scratch("input-seconds");
  Json scenario = ship_scenario("huge");
  scenario["resources"]["Ship"]["duration_seconds"] = 1e300;
  scenario["faults"] = {{"stop_at_seconds", 3153600001},
                        {"delay_seconds", {{"uniform", {1, 1e20}}}}};
  scenario["options"] = {{"max_virtual_seconds", 1e19}, {"quiet_period_seconds", -1}};
  scenario["actions"] = Json::array({{{"at_seconds", 1e300}, {"call", "StopExecution"}}});
  const fs::path file = scratch / "huge.scenario.json";
  write(file, scenario);
  const Exit exit = run_wfsim({"validate", file.string()});
  BOOST_TEST(exit.code == 2);
  const std::string range = "must be a number of seconds >= 0 and at most 3153600000 (100 years)";
  for (const char* pointer : {"/resources/Ship/duration_seconds", "/faults/stop_at_seconds",
                              "/faults/delay_seconds/uniform/1", "/options/quiet_period_seconds",
                              "/actions/0/at_seconds"}) {
    BOOST_TEST(contains(exit.err, file.string() + ": " + pointer + ": " + range),
               pointer << "\n" << exit.err);
  }
  BOOST_TEST(contains(exit.err, "/options/max_virtual_seconds: must be a positive number of "
                                "seconds, at most 3153600000 (100 years)"),
             exit.err);
  // 100 years is allowed.
  Json bound = ship_scenario("bound");
  bound["faults"] = {{"stop_at_seconds", 3153600000}};
  write(scratch / "bound.scenario.json", bound);
  const Exit ok = run_wfsim({"validate", (scratch / "bound.scenario.json").string()});
  BOOST_TEST(ok.code == 0, ok.out << ok.err);
  // A Temporal workflow's seconds have the same bound.
  Json temporal = Json::parse(slurp(testdata("charge.scenario.json")));
  temporal["workflow"]["steps"][0]["options"]["start_to_close_seconds"] = 1e20;
  write(scratch / "temporal.scenario.json", temporal);
  const Exit workflow = run_wfsim({"validate", (scratch / "temporal.scenario.json").string()});
  BOOST_TEST(workflow.code == 2);
  BOOST_TEST(contains(workflow.err, "/workflow/steps/0/options/start_to_close_seconds: must be a "
                                    "number of seconds, at most 3153600000 (100 years)"),
             workflow.err);
}

BOOST_AUTO_TEST_CASE(a_huge_timeout_seconds_in_a_definition_is_an_asl_problem_naming_the_field) {
  const Scratch scratch("input-timeout");
  Json scenario = ship_scenario("timeout");
  scenario["definition"]["States"]["Ship"]["TimeoutSeconds"] = 1e20;
  const fs::path file = scratch / "timeout.scenario.json";
  write(file, scenario);
  const Exit exit = run_wfsim({"validate", file.string()});
  BOOST_TEST(exit.code == 2);
  BOOST_TEST(contains(exit.err, file.string() +
                                    ": /definition/States/Ship/TimeoutSeconds: must be at most "
                                    "99999999"),
             exit.err);
  const Exit run = run_wfsim({"run", file.string()});
  BOOST_TEST(run.code == 2);
  BOOST_TEST(contains(run.err, "/definition/States/Ship/TimeoutSeconds"), run.err);
}

BOOST_AUTO_TEST_CASE(explore_reports_an_invalid_scenario_and_sweeps_the_rest) {
  const Scratch scratch("input-explore");
  const fs::path dir = scratch / "scenarios";
  write(dir / "a-good.scenario.json", ship_scenario("good"));
  Json bad = ship_scenario("bad");
  bad["resources"]["Ship"]["duration_seconds"] = 1e300;
  write(dir / "b-bad.scenario.json", bad);
  write(dir / "sub" / "c-other.scenario.json", ship_scenario("other"));
  const Exit exit = run_wfsim({"explore", dir.string(), "--seeds", "3", "--no-progress", "--out",
                               (scratch / "out").string(), "--json",
                               (scratch / "s.json").string(), "--junit",
                               (scratch / "j.xml").string()});
  BOOST_TEST(exit.code == 2, exit.out << exit.err);
  const std::string bad_file = (dir / "b-bad.scenario.json").string();
  BOOST_TEST(contains(exit.err, bad_file + ": /resources/Ship/duration_seconds: must be a number "
                                           "of seconds >= 0 and at most 3153600000"),
             exit.err);
  BOOST_TEST(contains(exit.err, "1 of 3 scenario files could not be loaded; sweeping the other 2"));
  BOOST_TEST(contains(exit.out, "invalid scenarios (not run)\n  " + bad_file + "\n"), exit.out);
  BOOST_TEST(contains(exit.out, "6 seeds, 0 distinct failures"), exit.out);
  const Json summary = Json::parse(slurp(scratch / "s.json"));
  BOOST_TEST(summary["exit_code"] == 2);
  BOOST_TEST(summary["scenarios"].size() == 2U);
  BOOST_TEST_REQUIRE(summary["invalid_scenarios"].size() == 1U);
  BOOST_TEST(summary["invalid_scenarios"][0]["file"] == bad_file);
  BOOST_TEST(summary["invalid_scenarios"][0]["problems"][0]["pointer"] ==
             "/resources/Ship/duration_seconds");
  const std::string junit = slurp(scratch / "j.xml");
  BOOST_TEST(contains(junit, "errors=\"1\""), junit);
  BOOST_TEST(contains(junit, "classname=\"wfsim.explore.invalid\""), junit);

  // A finding outranks the invalid scenario: exit 1, the invalid one still reported.
  write(dir / "d-fails.scenario.json", Json::parse(slurp(testdata("expect-fails.scenario.json"))));
  const Exit finding = run_wfsim({"explore", dir.string(), "--seeds", "2", "--no-progress",
                                  "--out", (scratch / "out2").string()});
  BOOST_TEST(finding.code == 1, finding.out << finding.err);
  BOOST_TEST(contains(finding.out, "invalid scenarios (not run)"), finding.out);
}

BOOST_AUTO_TEST_CASE(exclude_skips_files_by_name_or_path_glob) {
  const Scratch scratch("input-exclude");
  const fs::path dir = scratch / "scenarios";
  write(dir / "a-good.scenario.json", ship_scenario("good"));
  Json bad = ship_scenario("bad");
  bad["resources"]["Ship"]["workers"] = 0;
  write(dir / "b-bad.scenario.json", bad);
  write(dir / "sub" / "c-other.scenario.json", ship_scenario("other"));
  const auto explore = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"explore", dir.string(), "--seeds", "2", "--no-progress",
                                     "--out", (scratch / "out").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_wfsim(args);
  };
  Exit exit = explore({"--exclude", "b-*"});
  BOOST_TEST(exit.code == 0, exit.out << exit.err);
  BOOST_TEST(contains(exit.out, "2 scenarios"), exit.out);
  exit = explore({"--exclude", "b-*", "--exclude", "*/sub/*"});
  BOOST_TEST(exit.code == 0, exit.out << exit.err);
  BOOST_TEST(contains(exit.out, "explore: 1 scenarios"), exit.out);
  BOOST_TEST(!contains(exit.out, "other"), exit.out);
  exit = explore({"--exclude", "*.scenario.json"});
  BOOST_TEST(exit.code == 2);
  BOOST_TEST(contains(exit.err, "every scenario file is excluded by --exclude"), exit.err);
  exit = explore({});  // Without --exclude the bad one is reported and the others swept.
  BOOST_TEST(exit.code == 2);
  BOOST_TEST(contains(exit.err, "/resources/Ship/workers: must be an integer from 1 to 10000"),
             exit.err);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::cli::test
