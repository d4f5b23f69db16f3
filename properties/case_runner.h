// Running generated cases and judging them the way wfsim's users do: the scenario document is
// loaded by sim/scenario (as `wfsim run` loads a file), run by sim/world for its seed, and judged
// by sim/check from the observable record alone (history, call log, definition), never from
// engine internals.
//
// A failing case writes a wfsim capsule of itself (scenario inlined, seed, fault schedule,
// mutants, the violated invariant) into the capsule directory and fails the RapidCheck case with
// the violation, the capsule's path and the `wfsim replay` / `wfsim shrink` commands. While
// RapidCheck shrinks, every smaller failing case overwrites the capsule, so the file left behind
// is the minimal counterexample RapidCheck prints.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "check/check.h"
#include "properties/generators.h"
#include "run/evaluate.h"
#include "run/run.h"
#include "scenario/scenario.h"
#include "world/world.h"

namespace wfsim::properties {

// How a property runs its cases.
struct PropertyContext {
  std::string property;               // Names the capsule file: "sfn.hard_task_timeout".
  std::vector<std::string> mutants;   // Switched on, by catalogue name.
  bool write_capsules = true;         // The mutant test expects failures and writes none.
};

struct LoadedCase {
  GeneratedCase generated;
  scenario::Scenario scenario;  // Mutants applied.
  std::vector<std::string> mutants;
};

// Loads the generated scenario as a capsule would be loaded (no files around) and switches the
// mutants on. A scenario wfsim rejects is a generator bug: the case fails, naming every problem.
LoadedCase load_case(const GeneratedCase& generated, const std::vector<std::string>& mutants);

// One world run of the case for its seed (with `replay`, exactly that fault schedule).
world::RunResult run_case(const LoadedCase& loaded, bool record_trace = false,
                          const world::FaultSchedule* replay = nullptr);

// run_case, except that a failed WFSIM_ASSERT (a bug in wfsim) fails the RapidCheck case after
// writing the scenario next to where its capsule would go, with the `wfsim run` command that
// reproduces the assertion.
world::RunResult run_or_fail(const PropertyContext& context, const LoadedCase& loaded,
                             bool record_trace = false);

// What the checkers read: history, call log, definition, and the run's semantic options.
check::Observation observe(const LoadedCase& loaded, const world::RunResult& result);

// Fails the current RapidCheck case with `finding` (and, when the context says so, writes its
// capsule first). Never returns.
[[noreturn]] void fail_case(const PropertyContext& context, const LoadedCase& loaded,
                            const world::RunResult& result, const run::Finding& finding);

// Runs a generated case and checks one invariant on its record; a violation fails the case.
void check_invariant_case(const PropertyContext& context, std::string_view invariant,
                          const GeneratedCase& generated);

// Where capsules go: $WFSIM_CAPSULE_DIR, else <build>/property-capsules.
std::filesystem::path capsule_directory();


}  // namespace wfsim::properties
