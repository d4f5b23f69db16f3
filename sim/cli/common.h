// What every wfsim command shares: exit codes, loading inputs with their problems printed,
// mutant names, running one seed under a wall-time budget and a stop flag, the assertion handler
// that prints a reproduce command, the run header and summary, and formatting helpers.
//
// sim/cli is the only place in sim/ that reads the wall clock (per-seed budgets, explore's time
// budget and progress); nothing it measures reaches a capsule or a digest.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "scenario/capsule.h"
#include "scenario/evaluate.h"
#include "scenario/scenario.h"
#include "world/world.h"

namespace wfsim::cli {

// DESIGN.md "Exit codes", plus the conventional codes of a sweep stopped by a signal.
enum ExitCode : int {
  kExitHeld = 0,
  kExitViolation = 1,
  kExitBadInput = 2,
  kExitLiveness = 3,
  kExitNondeterminism = 4,
  kExitInternal = 70,
  kExitInterrupted = 130,  // SIGINT (128 + 2); SIGTERM gives 143.
};

// Loads a scenario, printing every problem to `err`; nullopt when there were problems.
std::optional<scenario::Scenario> load_scenario_or_report(const std::string& file,
                                                          std::ostream& err);
void report_problems(const scenario::FileProblems& problems, std::ostream& err);

// Checks mutant names, printing the valid ones on a bad name; returns them in catalogue order
// without duplicates, or nullopt.
std::optional<std::vector<std::string>> parse_mutants(const std::vector<std::string>& names,
                                                      std::ostream& err);
// The scenario with the mutants switched on in both engines' options.
void apply_mutants(scenario::Scenario& scenario, const std::vector<std::string>& names);

// A flag a signal handler sets; runs poll it.
using StopFlag = std::atomic<bool>;

struct RunRequest {
  const scenario::Scenario* scenario = nullptr;
  uint64_t seed = 0;
  bool swarm = false;
  const world::FaultSchedule* replay = nullptr;
  bool record_trace = false;
  double max_seconds = 10;          // Wall-time budget of this run; <= 0: none.
  const StopFlag* stop = nullptr;   // Set: stop as soon as possible (not a finding).
  std::string context;              // Reproduce command, printed if wfsim asserts meanwhile.
};

struct RunOutcome {
  world::RunResult result;
  scenario::Evaluation evaluation;
  bool wall_time_exceeded = false;
  bool stopped = false;  // Stopped by the stop flag: neither a result nor a finding.
};

RunOutcome run_seed(const RunRequest& request);

// Installs the handler that prints a failed WFSIM_ASSERT, the command of the run that was going
// on in that thread, and exits with 70 at once (other threads may still be running).
void install_assertion_handler();
// For an exception that escaped (a bug in wfsim): prints it with the run in progress on this
// thread and exits with 70 at once.
[[noreturn]] void report_internal_error(const std::exception& error);

// Prints the seed and every derived option (DESIGN.md: before anything runs).
void print_run_header(std::ostream& out, const char* command, const scenario::Scenario& scenario,
                      uint64_t seed, bool swarm, const std::vector<std::string>& mutants,
                      double max_seconds, bool replaying);
// Status, duration, events, attempts, faults, invariants, expectations, digest.
void print_run_summary(std::ostream& out, const RunOutcome& outcome);
// One line per finding: "VIOLATION <name> at event 9 (TaskTimedOut): <message>".
void print_findings(std::ostream& out, const scenario::Evaluation& evaluation);

// "72.5 s", "0.000001 s", "1 d 2 h" style is avoided: plain seconds, exact to the microsecond.
std::string format_seconds(Duration duration);
std::string format_rates(const world::FaultRates& rates);
std::string format_distribution(const world::DurationDistribution& distribution);
std::string format_faults_injected(const std::array<uint64_t, world::kFaultKindCount>& counts);

// Writes an output file (atomically), printing a message on failure. False on failure.
bool write_output(const std::string& path, const std::string& content, std::ostream& err);

// Writes the HTML timeline page of a run (needs the run's trace), as write_output does.
bool write_timeline(const std::string& path, const scenario::Scenario& scenario,
                    const RunOutcome& outcome, bool swarm, const std::vector<std::string>& mutants,
                    const std::string& command, std::ostream& err);

}  // namespace wfsim::cli
