// The seed sweep behind `wfsim explore`: work items (scenario, seed) handed to worker threads,
// results merged so that nothing printed or written depends on the number of threads or their
// timing (apart from fields named as timing), a capsule per distinct failure written atomically
// the moment it is found (and rewritten if a lower seed finds the same failure), and a prompt,
// orderly stop on SIGINT/SIGTERM.
//
// A distinct failure is (scenario, finding name, type of the history event where it shows); its
// capsule keeps the lowest failing seed. Seeds: `--seeds N` covers [start, start + N), `--shard
// K/N` keeps the seeds with seed % N == K - 1, so N shards of one sweep are disjoint and cover it.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/common.h"
#include "scenario/evaluate.h"

namespace wfsim::cli {

struct Shard {
  uint64_t index = 1;  // K, 1-based.
  uint64_t count = 1;  // N.
};
// "K/N" with 1 <= K <= N.
std::optional<Shard> parse_shard(std::string_view text);

// The seeds of one sweep, in order: start, start+1, ... restricted to the shard; `count` bounds
// the range [start, start + count) (nullopt: unbounded, for --time-budget).
class SeedSequence {
 public:
  SeedSequence(uint64_t start, std::optional<uint64_t> count, Shard shard);
  // The k-th seed (0-based), or nullopt past the end.
  std::optional<uint64_t> seed(uint64_t k) const;
  // How many seeds there are (nullopt: unbounded).
  std::optional<uint64_t> size() const { return size_; }

 private:
  uint64_t first_ = 0;
  uint64_t step_ = 1;
  std::optional<uint64_t> size_;
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
  auto operator<=>(const FailureKey&) const = default;
};

struct FailureRecord {
  scenario::Finding::Kind kind = scenario::Finding::Kind::invariant;
  uint64_t first_seed = 0;
  uint64_t seeds = 0;  // Seeds that showed it.
  int64_t event_id = 0;
  std::string message;
  std::string capsule;  // Path.
  std::string command;  // Reproduce command.
};

struct ScenarioTotals {
  uint64_t seeds_run = 0;
  uint64_t failing_seeds = 0;   // Some invariant or expectation finding.
  uint64_t liveness_seeds = 0;  // Some liveness finding.
  uint64_t events = 0;
  std::array<uint64_t, world::kFaultKindCount> faults{};
  std::map<std::string, uint64_t> probes;  // Probe -> seeds that reached it.
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

struct ExploreReport {
  // The sweep as asked.
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

// Runs the sweep. `stop` is polled (a signal handler sets it).
ExploreReport explore(const ExploreArgs& args, const std::vector<ExploreScenario>& scenarios,
                      const std::vector<std::string>& mutants, Shard shard, const StopFlag& stop,
                      std::ostream& err, bool progress);

// Reports (explore_report.cpp).
void print_explore_table(std::ostream& out, const ExploreReport& report,
                         const std::vector<ExploreScenario>& scenarios);
// One line of JSON (so that the files of several shards concatenate into JSON lines).
std::string explore_summary_json(const ExploreReport& report,
                                 const std::vector<ExploreScenario>& scenarios);
std::string explore_junit(const ExploreReport& report,
                          const std::vector<ExploreScenario>& scenarios);
// "<scenario name>\t<seed>\t<digest>" per seed run, by scenario (in the order given) then seed,
// so that sweeps with any --jobs, or on other machines, compare with diff. A run cut by the
// wall-time budget shows "wall-time" instead of its digest.
std::string explore_digests_text(const ExploreReport& report,
                                 const std::vector<ExploreScenario>& scenarios);

// A name safe as one path component: [A-Za-z0-9._-], everything else '_'.
std::string sanitize_file_name(std::string_view name);

}  // namespace wfsim::cli
