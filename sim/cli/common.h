// What every wfsim command shares: exit codes, loading inputs with their problems printed,
// mutant names, the wall clock that measures budgets, the assertion handler that prints a
// reproduce command, the run header and summary, and formatting helpers. Running and judging a
// seed is sim/run's (run/run.h); the CLI only fills in the request.
//
// sim/cli is the only place in sim/ that reads the wall clock (per-seed budgets, explore's time
// budget and progress, through wall_clock()); nothing it measures reaches a capsule or a digest.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "run/evaluate.h"
#include "run/explore.h"
#include "run/replay.h"
#include "run/run.h"
#include "scenario/capsule.h"
#include "scenario/default_scenario.h"
#include "scenario/scenario.h"
#include "world/world.h"

namespace wfsim::cli {

// docs/design.md "Exit codes", plus the conventional codes of a sweep stopped by a signal.
enum ExitCode : int {
  kExitHeld = 0,
  kExitViolation = 1,
  kExitBadInput = 2,
  kExitLiveness = 3,
  kExitNondeterminism = 4,
  kExitInternal = 70,
  kExitInterrupted = 130,  // SIGINT (128 + 2); SIGTERM gives 143.
};

// The more serious of two exit codes (docs/cli.md): 70, then 4, 1, 3, 2, then 130/143, then 0.
int most_serious(int a, int b);

// The closing table of a sweep on `out`, and its --json, --junit and --digests files (empty:
// not written); `explore` and `merge` end here. Returns the report's exit code, or 2 when an
// output could not be written and nothing more serious happened.
struct SweepOutputs {
  std::string json;
  std::string junit;
  std::string digests;
};
int write_sweep_reports(const run::ExploreReport& report, const SweepOutputs& outputs,
                        std::ostream& out, std::ostream& err);

// Loads a scenario, printing every problem to `err`; nullopt when there were problems.
std::optional<scenario::Scenario> load_scenario_or_report(const std::string& file,
                                                          std::ostream& err);
void report_problems(const scenario::FileProblems& problems, std::ostream& err);
// Loads a scenario, a bare ASL definition or describe-state-machine output (a definition gets its
// default scenario, scenario/default_scenario.h), printing every problem to `err`.
std::optional<scenario::LoadedInput> load_input_or_report(const std::string& file,
                                                          std::ostream& err);
// "my.asl.json: read as an ASL definition; ..." for a definition given alone; "" for a scenario.
std::string default_scenario_note(const std::string& file, scenario::InputForm form);

// Checks mutant names, printing the valid ones on a bad name; returns them in catalogue order
// without duplicates, or nullopt.
std::optional<std::vector<std::string>> parse_mutants(const std::vector<std::string>& names,
                                                      std::ostream& err);
// The steady wall clock, as sim/run's Clock: per-seed budgets, explore's time budget, progress.
const run::Clock& wall_clock();

// A run request for `scenario` and `seed` with the CLI's wall clock and per-seed budget; the
// context is the command that reproduces the run.
run::Request request_for(const scenario::Scenario& scenario, uint64_t seed, bool swarm,
                         double max_seconds, std::string context);

// Opens a capsule (run/replay.h), printing its problems, and a note when another wfsim version
// wrote it; nullopt on problems.
std::optional<run::OpenedCapsule> open_capsule_or_report(const std::string& file,
                                                        std::ostream& err);

// The history events around `event_id`, the violating one marked "=>".
void print_history_around(std::ostream& out, const world::RunResult& result, int64_t event_id,
                          int context_events);

// Installs the handler that prints a failed WFSIM_ASSERT, the command of the run that was going
// on in that thread, and exits with 70 at once (other threads may still be running).
void install_assertion_handler();
// For an exception that escaped (a bug in wfsim): prints it with the run in progress on this
// thread and exits with 70 at once.
[[noreturn]] void report_internal_error(const std::exception& error);

// Prints the seed and every derived option (docs/design.md: before anything runs).
void print_run_header(std::ostream& out, const char* command, const scenario::Scenario& scenario,
                      uint64_t seed, bool swarm, const std::vector<std::string>& mutants,
                      double max_seconds, bool replaying);
// Status, duration, events, attempts, faults, invariants, expectations, digest.
void print_run_summary(std::ostream& out, const run::Outcome& outcome);
// One line per finding: "VIOLATION <name> at event 9 (TaskTimedOut): <message>".
void print_findings(std::ostream& out, const run::Evaluation& evaluation);

// "72.5 s", "0.000001 s", "1 d 2 h" style is avoided: plain seconds, exact to the microsecond.
std::string format_seconds(Duration duration);
std::string format_rates(const world::FaultRates& rates);
std::string format_distribution(const world::DurationDistribution& distribution);
std::string format_faults_injected(const std::array<uint64_t, world::kFaultKindCount>& counts);

// Writes an output file (atomically), printing a message on failure. False on failure.
bool write_output(const std::string& path, const std::string& content, std::ostream& err);

// Writes the HTML timeline page of a run (needs the run's trace), as write_output does.
bool write_timeline(const std::string& path, const scenario::Scenario& scenario,
                    const run::Outcome& outcome, bool swarm,
                    const std::vector<std::string>& mutants, const std::string& command,
                    std::ostream& err);

}  // namespace wfsim::cli
