// Opening a capsule for replay or shrink: read it strictly, rebuild its scenario without touching
// the file system, switch on its mutants, and prepare the run request that replays its schedule.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "cli/common.h"
#include "scenario/capsule.h"
#include "scenario/scenario.h"

namespace wfsim::cli {

struct OpenedCapsule {
  scenario::Capsule capsule;
  scenario::Scenario scenario;  // Mutants applied.
  std::string replay_command;   // "wfsim replay <file>".

  // A request that replays the capsule's schedule for its seed.
  RunRequest request(double max_seconds) const;
};

// Problems (file, JSON pointer) are printed to `err`; nullopt then.
std::optional<OpenedCapsule> open_capsule(const std::string& file, std::ostream& err);

// Rebuilds a scenario from a capsule's self-contained scenario JSON (problems name `label` and
// point under "/scenario").
std::variant<scenario::Scenario, scenario::FileProblems> capsule_scenario(
    const Json& scenario_json, const std::string& label, const std::vector<std::string>& mutants);

// The history events around `event_id`, the violating one marked "=>".
void print_history_around(std::ostream& out, const world::RunResult& result, int64_t event_id,
                          int context_events);

}  // namespace wfsim::cli
