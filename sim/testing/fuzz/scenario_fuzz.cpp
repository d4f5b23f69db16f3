// libFuzzer target: scenario files as `wfsim run FILE` reads them. Bytes go through the strict
// JSON reader and the scenario loader with the bundled scenarios/ directory as the scenario's
// directory (so "definitions/<name>.asl.json" references resolve as they do for the library);
// a scenario that loads is then run for one seed, as `wfsim run` would, with its event limit
// lowered so that one input stays cheap. A document with "StateMachines" is also read as a Step
// Functions Local mock config, as `wfsim validate` does.
//
// Promises checked, beyond "no crash, no hang, no escaped exception, no WFSIM_ASSERT":
//   - rejection is a list of problems, each with a message and a JSON Pointer;
//   - a scenario that loads has a self-contained form that loads again with no files around
//     (capsules and replay depend on it), and that form is a fixed point;
//   - the run ends (its event limit) and two runs of one seed have one digest.
#include <algorithm>
#include <variant>

#include "fuzz_support.h"
#include "run/run.h"
#include "scenario/mock_config.h"
#include "scenario/scenario.h"
#include "scenario_oracles.h"

namespace {

using namespace wfsim;

constexpr uint64_t kMaxEventsPerRun = 20'000;

void check_problems(const scenario::FileProblems& problems) {
  fuzz::check_file_problems(problems, true);
}

void run_twice(scenario::Scenario& loaded) {
  loaded.config.limits.max_events = std::min(loaded.config.limits.max_events, kMaxEventsPerRun);
  run::Request request;  // No clock, so no wall-time budget: the outcome must not depend on it.
  request.scenario = &loaded;
  request.seed = 1;
  const run::Outcome first = run::run_seed(request);
  const run::Outcome second = run::run_seed(request);
  WFSIM_FUZZ_CHECK(first.result.digest == second.result.digest, "one seed, two digests");
  WFSIM_FUZZ_CHECK(first.result.events <= kMaxEventsPerRun, "the run passed its event limit");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::filesystem::path directory = fuzz::source_dir() / "scenarios";
  const std::string label = (directory / "fuzz.scenario.json").string();
  auto document = scenario::parse_json_text(fuzz::as_text(data, size), label);
  if (const auto* problem = std::get_if<scenario::FileProblem>(&document)) {
    check_problems({*problem});
    fuzz::tally("not_json");
    return 0;
  }
  const Json& json = std::get<Json>(document);
  if (json.is_object() && json.contains("StateMachines")) {
    auto mock = scenario::parse_mock_config(json, label);
    if (const auto* problems = std::get_if<scenario::FileProblems>(&mock)) {
      check_problems(*problems);
    }
  }
  const scenario::SourceContext context{label, "", directory, {}};
  auto loaded = scenario::parse_scenario(json, context);
  if (const auto* problems = std::get_if<scenario::FileProblems>(&loaded)) {
    check_problems(*problems);
    fuzz::tally("rejected");
    return 0;
  }
  scenario::Scenario& found = std::get<scenario::Scenario>(loaded);
  const scenario::SourceContext self_contained{"capsule", "/scenario", std::nullopt, {}};
  auto again = scenario::parse_scenario(found.self_contained, self_contained);
  if (const auto* problems = std::get_if<scenario::FileProblems>(&again)) {
    fuzz::oracle_failed("the self-contained form does not load: " + to_string(problems->front()));
  }
  WFSIM_FUZZ_CHECK(std::get<scenario::Scenario>(again).self_contained == found.self_contained,
                   "the self-contained form is not a fixed point");
  run_twice(found);
  fuzz::tally("accepted");
  return 0;
}
