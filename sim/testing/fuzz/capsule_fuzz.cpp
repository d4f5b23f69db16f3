// libFuzzer target: repro capsules as `wfsim replay` and `wfsim shrink` open them. Bytes go
// through the strict JSON reader, the capsule reader and the CLI's own capsule opening
// (run::capsule_scenario: the self-contained scenario, mutants switched on); a capsule that opens
// is replayed, its fault schedule fired as recorded, with the event limit lowered so that one
// input stays cheap.
//
// Promises checked, beyond "no crash, no hang, no escaped exception, no WFSIM_ASSERT":
//   - rejection is a list of problems, each with a message and a JSON Pointer;
//   - a capsule that reads writes back to text that reads to the same capsule;
//   - replaying a schedule is deterministic (two replays, one digest), whatever the schedule
//     names: unknown workers, negative or huge lengths, times past the end.
#include <algorithm>
#include <variant>

#include "fuzz_support.h"
#include "run/replay.h"
#include "run/run.h"
#include "scenario/capsule.h"
#include "scenario_oracles.h"

namespace {

using namespace wfsim;

constexpr uint64_t kMaxEventsPerRun = 20'000;

void check_problems(const scenario::FileProblems& problems) {
  fuzz::check_file_problems(problems, false);
}

void check_round_trip(const scenario::Capsule& capsule) {
  const std::string text = scenario::capsule_to_text(capsule);
  auto document = scenario::parse_json_text(text, "written.capsule.json");
  if (const auto* problem = std::get_if<scenario::FileProblem>(&document)) {
    fuzz::oracle_failed("a written capsule is not JSON: " + to_string(*problem));
  }
  auto reread = scenario::capsule_from_json(std::get<Json>(document), "written.capsule.json");
  if (const auto* problems = std::get_if<scenario::FileProblems>(&reread)) {
    fuzz::oracle_failed("a written capsule does not read: " + to_string(problems->front()));
  }
  WFSIM_FUZZ_CHECK(scenario::capsule_to_text(std::get<scenario::Capsule>(reread)) == text,
                   "a capsule changed on its way through text");
}

void replay_twice(const scenario::Capsule& capsule, scenario::Scenario& loaded) {
  loaded.config.limits.max_events = std::min(loaded.config.limits.max_events, kMaxEventsPerRun);
  run::Request request;  // No clock, so no wall-time budget: the outcome must not depend on it.
  request.scenario = &loaded;
  request.seed = capsule.seed;
  request.swarm = capsule.swarm;
  request.replay = &capsule.schedule;
  const run::Outcome first = run::run_seed(request);
  const run::Outcome second = run::run_seed(request);
  WFSIM_FUZZ_CHECK(first.result.digest == second.result.digest, "one schedule, two digests");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string label = "fuzz.capsule.json";
  auto document = scenario::parse_json_text(fuzz::as_text(data, size), label);
  if (const auto* problem = std::get_if<scenario::FileProblem>(&document)) {
    check_problems({*problem});
    fuzz::tally("not_json");
    return 0;
  }
  auto read = scenario::capsule_from_json(std::get<Json>(document), label);
  if (const auto* problems = std::get_if<scenario::FileProblems>(&read)) {
    check_problems(*problems);
    fuzz::tally("rejected");
    return 0;
  }
  const scenario::Capsule& capsule = std::get<scenario::Capsule>(read);
  check_round_trip(capsule);
  auto loaded = run::capsule_scenario(capsule.scenario, label, capsule.mutants);
  if (const auto* problems = std::get_if<scenario::FileProblems>(&loaded)) {
    check_problems(*problems);
    fuzz::tally("rejected");
    return 0;
  }
  replay_twice(capsule, std::get<scenario::Scenario>(loaded));
  fuzz::tally("accepted");
  return 0;
}
