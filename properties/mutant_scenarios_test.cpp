// The bundled scenarios of scenarios/mutants catch every planted defect under `wfsim explore`:
// for each mutant, exploring that directory with --mutant NAME over a bounded number of seeds
// must find an invariant violation (exit code 1), and exploring it without mutants must find
// nothing (exit code 0). Runs the built wfsim program, exactly as a user would, and prints per
// mutant the scenario, invariant and first seed that caught it (docs/mutants.md records them).
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <tuple>
#include <vector>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "engine/mutants.h"
#include "properties/profile.h"
#include "record/json.h"
#include "scenario/capsule.h"

WFSIM_PROPERTY_PROFILE();

namespace wfsim::properties {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  return root != nullptr ? fs::path(root) : fs::path(WFSIM_DEFAULT_SOURCE_DIR);
}

struct Explored {
  int exit_code = -1;
  Json summary;  // The --json summary (null when it was not written).
  std::string output;
};

// `wfsim explore scenarios/mutants --seeds N [--mutant NAME]` with its summary as JSON.
Explored explore(const std::string& mutant, int seeds) {
  const fs::path scratch =
      fs::temp_directory_path() / ("wfsim-mutant-scenarios-" + std::to_string(::getpid()));
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  const fs::path summary = scratch / "summary.json";
  const fs::path output = scratch / "output.txt";
  std::string command = scenario::shell_quote(WFSIM_BINARY) + " explore " +
                        scenario::shell_quote((source_dir() / "scenarios" / "mutants").string()) +
                        " --seeds " + std::to_string(seeds) + " --jobs 1 --out " +
                        scenario::shell_quote((scratch / "capsules").string()) + " --json " +
                        scenario::shell_quote(summary.string());
  if (!mutant.empty()) command += " --mutant " + mutant;
  command += " > " + scenario::shell_quote(output.string()) + " 2>&1";
  const int status = std::system(command.c_str());
  Explored explored;
  explored.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(summary);
  std::stringstream text;
  text << in.rdbuf();
  explored.summary = Json::parse(text.str(), nullptr, false);
  std::ifstream out(output);
  std::stringstream printed;
  printed << out.rdbuf();
  explored.output = printed.str();
  fs::remove_all(scratch);
  return explored;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mutant_scenarios)

BOOST_AUTO_TEST_CASE(the_mutant_scenarios_hold_on_the_faithful_engines) {
  const Explored faithful = explore("", profile_count(100, 2000));
  BOOST_TEST(faithful.exit_code == 0, faithful.output);
}

BOOST_AUTO_TEST_CASE(exploring_the_mutant_scenarios_catches_every_planted_mutant) {
  const int seeds = profile_count(30, 500);
  std::cout << "mutant | scenarios that caught it: invariant @ first seed (of " << seeds << ")\n";
  for (const MutantInfo& info : all_mutants()) {
    const Explored explored = explore(std::string(info.name), seeds);
    BOOST_TEST(explored.exit_code == 1, info.name << " was not caught:\n" << explored.output);
    if (!explored.summary.is_object() || !explored.summary.contains("failures")) continue;
    std::vector<std::tuple<uint64_t, std::string, std::string>> caught;
    for (const Json& failure : explored.summary["failures"]) {
      if (failure.value("kind", "") != "invariant" || !failure["first_seed"].is_number()) continue;
      caught.emplace_back(failure["first_seed"].get<uint64_t>(),
                          failure["scenario"].get<std::string>(),
                          failure["invariant"].get<std::string>());
    }
    BOOST_TEST(!caught.empty(), info.name << ": no invariant failure in the summary");
    std::sort(caught.begin(), caught.end());
    caught.erase(std::unique(caught.begin(), caught.end()), caught.end());
    std::cout << info.name << " |";
    for (const auto& [seed, scenario_name, invariant] : caught) {
      std::cout << " " << scenario_name << ": " << invariant << " @ " << seed << ";";
    }
    std::cout << "\n";
  }
  std::cout << std::flush;
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::properties
