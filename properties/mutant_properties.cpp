// The harness has teeth: every planted defect of engine/mutants.h, switched on alone, is caught
// by the properties. For each mutant this runs every invariant property of the mutant's dialect,
// and for Step Functions mutants the stateful API property, with the mutant on (the same
// generated cases the properties draw under the profile's seed, without shrinking) and records
// which properties caught it and after how many cases. The test fails unless each mutant is
// caught by an invariant property, and prints the table docs/mutants.md records.
//
// A second test case, disabled by default, plants one mutant in one property and runs it exactly
// as the property binaries do (shrinking, capsule, RapidCheck's reproduce string), so anyone can
// see what a real failure prints and practise replaying it (docs/testing.md).
#include <rapidcheck/boost_test.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>

#include "engine/mutants.h"
#include "properties/api_model_property.h"
#include "properties/profile.h"
#include "properties/property_catalogue.h"

// How many cases each property may take to catch a mutant: ci, soak.
WFSIM_PROPERTY_BUDGET(150, 500);

namespace wfsim::properties {
namespace {

class SilentListener final : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

struct Catch {
  std::string_view invariant;
  int cases = 0;  // Generated cases up to and including the one that caught the mutant.
};

bool is_temporal_mutant(const MutantInfo& info) {
  return info.description.starts_with("Temporal:");
}

// The stateful API property's name in the table.
constexpr std::string_view kApiModel = "api.model";

// Runs the property `name` (an invariant's, or kApiModel) with `mutant` on for at most `budget`
// cases; the number of cases it took to fail, or nullopt when every case held.
std::optional<int> cases_to_catch(std::string_view name, const MutantInfo& mutant, int budget) {
  rc::detail::TestParams params = test_params(budget);
  params.disableShrinking = true;  // Only the count matters here.
  const std::string id = std::string(mutant.name) + "/" + std::string(name);
  const rc::detail::TestMetadata metadata{id, id};
  SilentListener listener;
  const std::vector<std::string> mutants = {std::string(mutant.name)};
  const MutantSet set(mutant.mutant);
  const std::string invariant(name);
  const auto property = rc::detail::toProperty([invariant, mutants, set] {
    if (invariant == kApiModel) {
      api::check_api_model(set);
    } else {
      run_invariant_property(invariant, mutants, false);
    }
  });
  // An empty reproduce map: RC_PARAMS="reproduce=..." for another test must not skip these.
  const rc::detail::TestResult result =
      rc::detail::checkProperty(property, metadata, params, listener, {});
  if (result.is<rc::detail::FailureResult>()) {
    const auto& failure = result.get<rc::detail::FailureResult>();
    // A failed WFSIM_ASSERT is a crash of the harness, not a catch by the invariant.
    const bool asserted = failure.description.find("wfsim asserted") != std::string::npos;
    BOOST_TEST(!asserted, id << ": " << failure.description);
    if (asserted) return std::nullopt;
    return failure.numSuccess + 1;
  }
  BOOST_TEST(result.is<rc::detail::SuccessResult>(), id << " gave up or errored");
  return std::nullopt;
}

std::string environment_or(const char* name, std::string_view fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : std::string(fallback);
}

std::string catches_text(const std::vector<Catch>& catches) {
  std::ostringstream out;
  for (size_t i = 0; i < catches.size(); ++i) {
    out << (i == 0 ? "" : ", ") << catches[i].invariant << " (" << catches[i].cases << ")";
  }
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mutants)

BOOST_AUTO_TEST_CASE(every_planted_mutant_is_caught_by_an_invariant_property) {
  const int budget = current_profile().max_success;
  std::cout << "mutant | caught by | cases | all properties that caught it (cases)\n";
  for (const MutantInfo& info : all_mutants()) {
    std::vector<Catch> catches;
    for (const InvariantProperty& property : invariant_properties()) {
      if (is_temporal(property.area) != is_temporal_mutant(info)) continue;
      if (auto cases = cases_to_catch(property.invariant, info, budget)) {
        catches.push_back({property.invariant, *cases});
      }
    }
    std::stable_sort(catches.begin(), catches.end(),
                     [](const Catch& a, const Catch& b) { return a.cases < b.cases; });
    BOOST_TEST(!catches.empty(), "no invariant property caught the mutant "
                                     << info.name << " within " << budget << " cases each");
    if (!is_temporal_mutant(info)) {
      if (auto cases = cases_to_catch(kApiModel, info, budget)) {
        catches.push_back({kApiModel, *cases});
      }
    }
    if (catches.empty()) {
      std::cout << info.name << " | NOT CAUGHT | - | -\n";
      continue;
    }
    std::cout << info.name << " | " << catches.front().invariant << " | "
              << catches.front().cases << " | " << catches_text(catches) << "\n";
  }
  std::cout << std::flush;
}

// Run by name: properties_mutants --run_test=mutants/a_planted_mutant_fails_like_a_real_finding
// (WFSIM_MUTANT and WFSIM_PROPERTY choose another pair). It fails on purpose when the property
// catches the mutant, printing what a real finding prints.
BOOST_AUTO_TEST_CASE(a_planted_mutant_fails_like_a_real_finding,
                     *boost::unit_test::disabled()) {
  const std::string mutant = environment_or("WFSIM_MUTANT", "heartbeat-extends-task-timeout");
  const std::string invariant = environment_or("WFSIM_PROPERTY", "sfn.hard_task_timeout");
  BOOST_TEST_REQUIRE(parse_mutant(mutant).has_value(),
                     "WFSIM_MUTANT: no mutant \"" << mutant << "\" (see wfsim mutants)");
  const auto properties = invariant_properties();
  BOOST_TEST_REQUIRE(std::any_of(properties.begin(), properties.end(),
                                 [&](const InvariantProperty& p) {
                                   return p.invariant == invariant;
                                 }),
                     "WFSIM_PROPERTY: no property \"" << invariant << "\"");
  std::cout << "planted mutant " << mutant << " in the property of " << invariant << "\n"
            << std::flush;
  rc::detail::checkBoostTest([mutant, invariant] {
    run_invariant_property(invariant, {mutant}, true);
  });
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::properties
