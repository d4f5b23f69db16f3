// Judging one run: the engine invariants (sim/check), the scenario's expectations and liveness,
// turned into findings with stable names, the exit code they imply, and the capsule that
// reproduces them. run.h runs a seed and calls evaluate(); so does nothing else.
//
// Names of findings: the invariant names of check::all_invariants(), "expect.<what>" for
// expectations, and for liveness "liveness.unfinished" (an execution still open at its bound
// after faults stopped), "liveness.event_limit", "liveness.virtual_time_limit",
// "liveness.stalled" (a zero-time loop) and "liveness.wall_time" (the CLI's per-seed budget).
//
// This file does not run the world, print anything or measure wall time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/check.h"
#include "scenario/capsule.h"
#include "scenario/scenario.h"
#include "world/world.h"

namespace wfsim::run {

struct Finding {
  enum class Kind : uint8_t { invariant, expectation, liveness };
  Kind kind = Kind::invariant;
  std::string name;        // Stable name (see above).
  int64_t event_id = 0;    // History event where it shows (0: none).
  std::string event_type;  // That event's type ("" when none).
  uint64_t call = 0;       // Call-log record (0: none).
  std::string message;
};

struct Evaluation {
  std::vector<Finding> findings;  // Invariants first (checker order), expectations, liveness.
  size_t invariants_checked = 0;
  size_t expectations_checked = 0;

  bool failed() const { return !findings.empty(); }
  // 1 for an invariant or expectation finding, else 3 for liveness, else 0 (docs/design.md).
  int exit_code() const;
  // The finding a capsule records: the first invariant, else expectation, else liveness one.
  const Finding* primary() const;
  // Whether a finding of this name is among them.
  bool has(const std::string& name) const;
};

// What stopped a run from the outside.
struct RunContext {
  bool wall_time_exceeded = false;  // The caller's `interrupted` fired for the per-seed budget.
};

// Invariants are checked on every run, even one cut short (the record may end with an open
// execution); expectations only when the run reached its end, since an unfinished execution
// already is a liveness finding.
Evaluation evaluate(const scenario::Scenario& scenario, const world::RunResult& result,
                    const RunContext& context = {});

// The number of invariants that apply to a dialect.
size_t invariant_count(world::Dialect dialect);

// The type name of history event `event_id` ("" when out of range).
std::string event_type_of(const world::RunResult& result, int64_t event_id);

// A capsule of `result` (its schedule, digest, status and primary finding).
scenario::Capsule make_capsule(const scenario::Scenario& scenario, const world::RunResult& result,
                     const Evaluation& evaluation, bool swarm,
                     const std::vector<std::string>& mutants, std::string command);

}  // namespace wfsim::run
