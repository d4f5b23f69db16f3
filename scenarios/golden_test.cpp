// Golden histories of the bundled scenario library: each scenarios/*.scenario.json, run by the
// real `wfsim run FILE --seed 1 --history OUT`, must write exactly the bytes of
// scenarios/golden/<file name without .scenario.json>.history.json, and hold every invariant and
// expectation at that seed.
//
// A changed history means the engine, the world or the scenario changed what a user would see.
// The failure names the diff command; when the change is intended, regenerate with
// WFSIM_UPDATE_GOLDEN=1 (which rewrites the golden files and passes) and review the diff in git.
//
// This file does not explore seeds (the scenarios_explore ctest does) and does not look inside a
// history: byte equality is the contract, so the exact JSON the command writes is what is pinned.
// Scenarios in subdirectories (scenarios/mutants/) are not part of this library's goldens.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_support.h"

namespace {

using namespace wfsim::cli::test;

constexpr const char* kSeed = "1";
constexpr const char* kScenarioSuffix = ".scenario.json";
constexpr const char* kGoldenSuffix = ".history.json";

fs::path library_dir() { return source_dir() / "scenarios"; }
fs::path golden_dir() { return library_dir() / "golden"; }
// Where each run's history is written, so a failure can be diffed after the test ends.
fs::path actual_dir() { return fs::path(WFSIM_GOLDEN_ACTUAL_DIR); }

bool updating() {
  const char* update = std::getenv("WFSIM_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

// The bundled scenarios, by the name their golden file carries, in name order.
std::vector<std::string> bundled_names() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(library_dir(), error)) {
    const std::string file = entry.path().filename().string();
    const std::string suffix = kScenarioSuffix;
    if (entry.is_regular_file() && file.size() > suffix.size() && file.ends_with(suffix)) {
      names.push_back(file.substr(0, file.size() - suffix.size()));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::set<std::string> golden_names() {
  std::set<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(golden_dir(), error)) {
    const std::string file = entry.path().filename().string();
    const std::string suffix = kGoldenSuffix;
    if (file.size() > suffix.size() && file.ends_with(suffix)) {
      names.insert(file.substr(0, file.size() - suffix.size()));
    }
  }
  return names;
}

std::string regenerate_hint() {
  return "if the change is intended, regenerate every golden history with\n"
         "  WFSIM_UPDATE_GOLDEN=1 ctest -R scenarios_golden_test\n"
         "and review the diff with git diff scenarios/golden";
}

// Runs one bundled scenario at the golden seed and compares (or, when updating, rewrites) its
// golden history.
void check_golden_history(const std::string& name) {
  const fs::path scenario = library_dir() / (name + kScenarioSuffix);
  const fs::path golden = golden_dir() / (name + kGoldenSuffix);
  const fs::path actual = actual_dir() / (name + kGoldenSuffix);
  fs::create_directories(actual_dir());
  const Exit exit = run_wfsim({"run", scenario.string(), "--seed", kSeed, "--history",
                               actual.string()});
  const std::string output = exit.out + exit.err;
  BOOST_TEST_INFO("wfsim run " << scenario.string() << " --seed " << kSeed);
  BOOST_TEST(exit.code == 0, "a bundled scenario must hold at its golden seed; it exited "
                                 << exit.code << ":\n" << output);
  BOOST_REQUIRE_MESSAGE(fs::exists(actual), "no history was written:\n" << output);
  if (updating()) {
    fs::create_directories(golden_dir());
    fs::copy_file(actual, golden, fs::copy_options::overwrite_existing);
    BOOST_TEST_MESSAGE("updated " << golden.string());
    return;
  }
  BOOST_REQUIRE_MESSAGE(fs::exists(golden), "no golden history " << golden.string() << "\n"
                                                                  << regenerate_hint());
  const bool same = slurp(golden) == slurp(actual);
  BOOST_TEST(same, "the history of " << name << " at seed " << kSeed
                                     << " differs from its golden file; see\n  diff -u "
                                     << golden.string() << " " << actual.string() << "\n"
                                     << regenerate_hint());
}

// One test case per bundled scenario, named after it, so ctest output says which one changed.
struct GoldenRegistrar {
  GoldenRegistrar() {
    auto& suite = boost::unit_test::framework::master_test_suite();
    for (const std::string& name : bundled_names()) {
      std::string test_name = "golden_history_of_" + name + "_is_unchanged";
      std::replace(test_name.begin(), test_name.end(), '-', '_');
      suite.add(boost::unit_test::make_test_case([name] { check_golden_history(name); },
                                                 test_name, __FILE__, __LINE__));
    }
  }
};
const GoldenRegistrar registrar;

}  // namespace

BOOST_AUTO_TEST_CASE(the_library_holds_at_least_twenty_scenarios) {
  BOOST_TEST(bundled_names().size() >= 20u, "found " << bundled_names().size() << " in "
                                                     << library_dir().string());
}

BOOST_AUTO_TEST_CASE(every_golden_history_belongs_to_a_bundled_scenario) {
  if (updating()) {
    // Stale golden files are removed, not reported, when regenerating.
    const std::vector<std::string> bundled = bundled_names();
    for (const std::string& name : golden_names()) {
      if (!std::binary_search(bundled.begin(), bundled.end(), name)) {
        fs::remove(golden_dir() / (name + kGoldenSuffix));
      }
    }
    return;
  }
  const std::vector<std::string> bundled = bundled_names();
  for (const std::string& name : golden_names()) {
    BOOST_TEST(std::binary_search(bundled.begin(), bundled.end(), name),
               "golden/" << name << kGoldenSuffix << " has no scenario " << name
                         << kScenarioSuffix << "; delete it or regenerate with "
                            "WFSIM_UPDATE_GOLDEN=1");
  }
}
