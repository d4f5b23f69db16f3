// Judging one run: the engine invariants (sim/check), the scenario's expectations and liveness,
// turned into findings with stable names, the exit code they imply, and the capsule that
// reproduces them. run.h runs a seed and calls evaluate(); so does nothing else.
//
// Names of findings: the invariant names of check::all_invariants(), "expect.<what>" and
// "expect_fault_free.<what>" for expectations, and for liveness "liveness.unfinished" (an
// execution still open at its bound after faults stopped), "liveness.event_limit",
// "liveness.virtual_time_limit", "liveness.stalled" (a zero-time loop) and "liveness.wall_time"
// (the CLI's per-seed budget).
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

// What makes two findings the same failure, so that a sweep keeps a capsule per signature and
// `shrink` keeps it (docs/cli.md, "Capsules"): the finding's name and the type of the event where
// it shows, the state involved (a Temporal activity's type) and the error involved; for an
// expectation judged on how the run ended, also the status it ended with. So "expect.status"
// FAILED on Ship after States.Timeout is another failure than TIMED_OUT, or than FAILED on Split
// after States.Runtime. A liveness finding's signature is its name.
struct Signature {
  std::string name;
  std::string event_type;  // "" when none.
  std::string state;       // "" when none.
  std::string error;       // "" when none.
  std::string status;      // The run's final status, for an expectation without an event.
  auto operator<=>(const Signature&) const = default;
};
// "expect.status FAILED on Ship after States.Timeout",
// "sfn.hard_task_timeout at ActivitySucceeded on Ship": the parts that are set, in that order.
std::string to_string(const Signature& signature);

struct Finding {
  enum class Kind : uint8_t { invariant, expectation, liveness };
  Kind kind = Kind::invariant;
  std::string name;        // Stable name (see above).
  int64_t event_id = 0;    // History event where it shows (0: none).
  std::string event_type;  // That event's type ("" when none).
  uint64_t call = 0;       // Call-log record (0: none).
  std::string message;
  // What the run says is involved (evaluate() fills these in; see Signature).
  std::string state;
  std::string error;
  std::string status;
  // The scenario declares it ("demonstrates"): reported, but it fails neither run nor sweep.
  bool expected = false;

  Signature signature() const { return Signature{name, event_type, state, error, status}; }
};

struct Evaluation {
  std::vector<Finding> findings;  // Invariants first (checker order), expectations, liveness.
  size_t invariants_checked = 0;
  size_t expectations_checked = 0;
  // The run is within the scenario's fault-free scope (scenario.h), so its "expect_fault_free"
  // block was (or, when the run was cut short, would have been) checked.
  bool fault_free = false;
  size_t fault_free_expectations = 0;  // How many the scenario's "expect_fault_free" has.

  bool failed() const { return !findings.empty(); }
  // 1 for an invariant or expectation finding, else 3 for liveness, else 0 (docs/design.md);
  // findings the scenario demonstrates count for nothing.
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

// Fills in the state, error and status of `finding` from the run (see Signature): for a finding
// at an event, the state that event belongs to and the event's error; for an expectation without
// an event, how the run ended (its final status and, when it ended with an error, the error and
// the state it came from). Nothing for liveness findings.
void describe_involvement(Finding& finding, const world::RunResult& result);

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
