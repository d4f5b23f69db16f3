// The seed sweep behind `wfsim explore`: work items (scenario, seed) handed to worker threads,
// results merged so that nothing reported depends on the number of threads or their timing
// (apart from fields named as timing), a capsule per distinct failure written atomically the
// moment it is found (and rewritten if a lower seed finds the same failure), and a prompt,
// orderly stop when the stop flag is set.
//
// A distinct failure is a scenario and a finding's signature (evaluate.h: the finding's name, the
// type of the history event where it shows, the state and error involved, and for an expectation
// on how the run ended its final status); its capsule keeps the lowest failing seed. The sweep
// reads no clock and prints nothing itself: the caller's Clock measures the time budget and the
// per-seed budget, and its ExploreObserver shows progress and findings as they come (the CLI
// prints them on a terminal).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "run/evaluate.h"
#include "run/run.h"
#include "run/seeds.h"
#include "scenario/scenario.h"

namespace wfsim::run {

struct ExploreOptions {
  uint64_t seeds = 100;                        // Per scenario (ignored with a time budget).
  std::optional<double> time_budget_seconds;   // Set: run until it is spent.
  uint64_t seed_start = 0;
  unsigned jobs = 1;
  Shard shard;
  std::string out_dir = "wfsim-out";
  bool swarm = false;
  std::vector<std::string> mutants;            // Already applied to the scenarios.
  bool collect_digests = false;
  double max_seconds = 0;                      // Per seed; measured by the clock.
};

struct ExploreScenario {
  std::string file;  // As given (or found in a directory).
  std::string directory;  // Sanitised name: the capsule directory under --out.
  scenario::Scenario scenario;  // Mutants applied.
};

struct FailureKey {
  size_t scenario = 0;
  std::string name;
  std::string event_type;
  // The rest of the signature (Signature); "" when none.
  std::string state;
  std::string error;
  std::string status;
  auto operator<=>(const FailureKey&) const = default;

  static FailureKey of(size_t scenario, const Signature& signature) {
    return {scenario, signature.name, signature.event_type, signature.state, signature.error,
            signature.status};
  }
  Signature signature() const { return {name, event_type, state, error, status}; }
};

// The capsule file name of a signature, without directory: "<name>[.<event type>][.<status>]
// [.<state>][.<error>].capsule.json", each part made safe as a path component; when the state or
// error is not a plain name (characters other than letters, digits, '_', '-', and '.' in an
// error), 8 hex digits of a hash of the signature follow, so two signatures never share a file.
std::string capsule_file_name(const Signature& signature);

struct FailureRecord {
  Finding::Kind kind = Finding::Kind::invariant;
  uint64_t first_seed = 0;
  uint64_t seeds = 0;  // Seeds that showed it.
  int64_t event_id = 0;
  std::string message;
  std::string capsule;  // Path.
  std::string command;  // Reproduce command.
  bool expected = false;  // The scenario demonstrates it: not a failure of the sweep.
};

struct ScenarioTotals {
  uint64_t seeds_run = 0;
  uint64_t failing_seeds = 0;   // Some invariant or expectation finding.
  uint64_t liveness_seeds = 0;  // Some liveness finding.
  uint64_t events = 0;
  std::array<uint64_t, world::kFaultKindCount> faults{};
  std::map<std::string, uint64_t> probes;  // Probe -> seeds that reached it.
  uint64_t seeds_with_faults = 0;  // At least one fault fired.
  // Within the scenario's fault-free scope (scenario.h): its "expect_fault_free" block applied.
  uint64_t fault_free_seeds = 0;
};

// The digest of one seed's run, for --digests. A run cut by the wall-time budget has a digest
// that depends on the machine, so it is marked rather than compared.
struct SeedDigest {
  size_t scenario = 0;
  uint64_t seed = 0;
  uint64_t digest = 0;
  bool wall_time_exceeded = false;
  auto operator<=>(const SeedDigest&) const = default;
};

struct Nondeterminism {
  size_t scenario = 0;
  uint64_t seed = 0;
  std::string message;
  auto operator<=>(const Nondeterminism&) const = default;
};

// A scenario as the reports of a sweep name it: enough to print them without the scenario, and
// to tell whether two shards swept the same one (`wfsim merge` reads these back from --json).
struct SweptScenario {
  std::string name;
  std::string file;  // As given (or found in a directory).
  world::Dialect dialect = world::Dialect::step_functions;
  std::string sha256;  // Of its self-contained form (scenario.h), in hex: same content or not.
  friend bool operator==(const SweptScenario&, const SweptScenario&) = default;
};
SweptScenario describe(const ExploreScenario& scenario);

// A scenario file that could not be loaded; the sweep went on without it (docs/cli.md).
struct InvalidScenario {
  std::string file;
  scenario::FileProblems problems;
  friend bool operator==(const InvalidScenario&, const InvalidScenario&) = default;
};

struct ExploreReport {
  // The sweep as asked.
  std::string version;  // Of the wfsim that ran it.
  std::vector<SweptScenario> scenarios;  // In the order given; totals[i] is scenarios[i]'s.
  std::vector<InvalidScenario> invalid_scenarios;  // Not run; filled by the caller.
  double max_seconds_per_seed = 0;
  uint64_t seed_start = 0;
  std::optional<uint64_t> seeds_per_scenario;
  std::optional<double> time_budget_seconds;
  Shard shard;
  bool swarm = false;
  std::vector<std::string> mutants;
  std::string out_dir;
  unsigned jobs = 1;
  // What happened.
  std::vector<ScenarioTotals> totals;  // Per scenario, in the order given.
  std::map<FailureKey, FailureRecord> failures;
  std::vector<Nondeterminism> nondeterminism;  // Sorted.
  std::vector<SeedDigest> digests;  // Sorted; only collected when --digests is given.
  std::vector<std::string> write_errors;
  bool interrupted = false;
  int signal = 0;
  double wall_seconds = 0;  // Timing.
  int exit_code = 0;
};

// What the sweep tells as it goes; called from worker threads under the sweep's lock, so
// calls never overlap.
class ExploreObserver {
 public:
  virtual ~ExploreObserver() = default;
  // The first time a distinct failure is found (its capsule is already written).
  virtual void found(const ExploreScenario& scenario, uint64_t seed, const Finding& finding,
                     const FailureRecord& record) = 0;
  // About five times a second while the sweep runs, and once at the end (final).
  virtual void progress(uint64_t seeds_done, std::optional<uint64_t> seeds_total,
                        size_t distinct_failures, double elapsed_seconds, bool final) = 0;
};

// The exit code of a sweep (docs/cli.md), the most serious that applies: 4 when a capsule's
// schedule did not replay to its digest, 1 for an invariant or expectation finding, 3 for a
// liveness finding, 2 when a scenario could not be loaded, 130 (SIGINT) or 143 (SIGTERM) when
// the sweep was stopped early, else 0.
int sweep_exit_code(const ExploreReport& report);

// Runs the sweep. `stop` is polled; `clock` measures the budgets and the wall time reported.
ExploreReport explore(const ExploreOptions& options, const std::vector<ExploreScenario>& scenarios,
                      const StopFlag& stop, const Clock& clock, ExploreObserver& observer);

// A name safe as one path component: [A-Za-z0-9._-], everything else '_'.
std::string sanitize_file_name(std::string_view name);

}  // namespace wfsim::run
