// The README's swarm sweep over the whole bundled library (scenarios/, subdirectories included),
// with fewer seeds than the README's 10,000: every expectation in a scenario's "expect" block is
// meant to hold under any fault mix, so the sweep exits 0 and reports exactly one finding, the
// one scenarios/findings/sfn-callback-without-timeout declares it demonstrates. The summary
// shows coverage (fault-free stories checked, faults fired, rare situations reached) and is
// byte-identical with one job or two.
//
// This file does not run the goldens (golden_test.cpp) or the mutants (properties/).
#include <boost/test/unit_test.hpp>

#include <string>

#include "cli_test_support.h"
#include "record/json.h"

namespace {

using namespace wfsim::cli::test;
using wfsim::Json;

constexpr const char* kSeeds = "1000";

std::string library() { return (source_dir() / "scenarios").string(); }

Json summary_of(const fs::path& file) {
  Json summary = Json::parse(slurp(file));
  summary.erase("timing");
  return summary;
}

BOOST_AUTO_TEST_CASE(the_library_explores_clean_under_swarm_but_for_the_finding_it_demonstrates) {
  const Scratch scratch("swarm-library");
  const Exit exit = run_wfsim({"explore", library(), "--seeds", kSeeds, "--jobs", "2", "--swarm",
                               "--no-progress", "--out", (scratch / "out").string(), "--json",
                               (scratch / "s.json").string()},
                              300);
  BOOST_TEST(exit.code == 0, exit.out << exit.err);
  const Json summary = summary_of(scratch / "s.json");
  BOOST_REQUIRE_EQUAL(summary["failures"].size(), 1U);
  const Json& finding = summary["failures"][0];
  BOOST_TEST(finding["scenario"] == "sfn-callback-without-timeout");
  BOOST_TEST(finding["invariant"] == "liveness.unfinished");
  BOOST_TEST(finding["expected"] == true);
  BOOST_TEST(contains(exit.out, "(expected: the scenario demonstrates it)"), exit.out);
  // Coverage: each story was checked on some seeds, swarm fired faults everywhere it could, and
  // the rare situations were reached.
  for (const Json& scenario : summary["scenarios"]) {
    const std::string name = scenario["name"];
    BOOST_TEST(scenario["seeds_run"] == 1000, name);
    BOOST_TEST(scenario["fault_free_seeds"].get<uint64_t>() > 0U, name);
  }
  for (const char* probe : {"heartbeat_timeout", "worker_crashed_holding_task",
                            "redrive_succeeded", "late_completion_rejected",
                            "duplicate_completion_rejected", "token_expiry_report",
                            "service_failed", "job_failed", "cancel_delivered"}) {
    BOOST_TEST(summary["probes"][probe]["seeds_reached"].get<uint64_t>() > 0U, probe);
  }
  BOOST_TEST(contains(exit.out, "coverage by scenario"), exit.out);
}

BOOST_AUTO_TEST_CASE(the_demonstration_alone_reports_exactly_its_finding_with_or_without_swarm) {
  const std::string file = library() + "/findings/sfn-callback-without-timeout.scenario.json";
  for (const bool swarm : {false, true}) {
    const Scratch scratch(swarm ? "demo-swarm" : "demo");
    std::vector<std::string> args = {"explore", file, "--seeds", "200", "--no-progress", "--out",
                                     (scratch / "out").string(), "--json",
                                     (scratch / "s.json").string()};
    if (swarm) args.push_back("--swarm");
    const Exit exit = run_wfsim(args);
    BOOST_TEST(exit.code == 0, exit.out << exit.err);
    const Json summary = summary_of(scratch / "s.json");
    BOOST_REQUIRE_EQUAL(summary["failures"].size(), 1U);
    BOOST_TEST(summary["failures"][0]["signature"] == "liveness.unfinished");
    BOOST_TEST(summary["failures"][0]["expected"] == true);
    // The envelope ("swarm": {}) keeps swarm's own kinds off: only the scenario's crashes fire.
    for (const auto& [kind, count] : summary["faults_injected"].items()) {
      if (kind != "worker_crash") BOOST_TEST(count == 0, kind);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_swarm_summary_is_the_same_with_one_job_or_two) {
  const Scratch scratch("swarm-jobs");
  Json summaries[2];
  std::string tables[2];
  for (int i = 0; i < 2; ++i) {
    fs::remove_all(scratch / "out");
    const Exit exit = run_wfsim({"explore", library(), "--seeds", "60", "--swarm", "--jobs",
                                 i == 0 ? "1" : "2", "--no-progress", "--out",
                                 (scratch / "out").string(), "--json",
                                 (scratch / "s.json").string()},
                                300);
    BOOST_TEST(exit.code == 0, exit.out << exit.err);
    summaries[i] = summary_of(scratch / "s.json");
    summaries[i].erase("jobs");
    tables[i] = exit.out.substr(0, exit.out.rfind("distinct failures;"));
  }
  BOOST_TEST(summaries[0] == summaries[1]);
  BOOST_TEST(tables[0] == tables[1]);
}

}  // namespace
