// Running one seed of a scenario and judging it: the one pipeline that `wfsim run`, `replay`,
// `shrink` and `explore`, the property suite and the benchmarks all go through.
//
// A request names the scenario, the seed, swarm or a fault schedule to replay, and what may cut
// the run short (a stop flag, a wall-time budget). sim/run reads no clock: a budget is measured
// by the caller's Clock (the CLI's wall clock; nothing in tests or benchmarks), so everything
// under sim/ outside the CLI stays free of wall time. The outcome holds the world's result and
// its evaluation (evaluate.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "check/check.h"
#include "run/evaluate.h"
#include "scenario/scenario.h"
#include "world/world.h"

namespace wfsim::run {

// A source of elapsed seconds, injected by the caller (the CLI reads a steady clock).
class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since some fixed point; never decreases.
  virtual double seconds() const = 0;
};

// A flag a signal handler sets; runs poll it and stop as soon as they can.
using StopFlag = std::atomic<bool>;

struct Request {
  const scenario::Scenario* scenario = nullptr;
  uint64_t seed = 0;
  bool swarm = false;
  const world::FaultSchedule* replay = nullptr;  // Set: fire exactly these faults.
  bool record_trace = false;
  // Wall-time budget of this run in seconds, measured by `clock`; <= 0 or no clock: none.
  double max_seconds = 0;
  const Clock* clock = nullptr;
  const StopFlag* stop = nullptr;  // Set: stop as soon as possible (not a finding).
  // The command that reproduces this run; a failed assertion meanwhile prints it
  // (core/assert.h AssertionContext).
  std::string context;
};

struct Outcome {
  world::RunResult result;
  Evaluation evaluation;
  bool wall_time_exceeded = false;
  bool stopped = false;  // Stopped by the stop flag: neither a result nor a finding.
};

// Runs the world for the request and judges the run (evaluate()), unless it was stopped.
Outcome run_seed(const Request& request);

// Runs the world for the request without judging it, for callers that judge one invariant at a
// time (the property suite) or measure the world alone. No budget, no stop flag.
world::RunResult run_world(const Request& request);

// The world's options for a request: seed, swarm, replay, trace, and the interruption that polls
// the stop flag and the budget. `outcome` receives the reason a run was cut short.
world::RunOptions world_options(const Request& request, Outcome& outcome);

// What the checkers read of a run of `scenario`.
check::Observation observe(const scenario::Scenario& scenario, const world::RunResult& result);

// The planted defects by name (engine/mutants.h), switched on in both engines' options.
// Every name must be a known mutant (callers check names first: parse_mutant).
void apply_mutants(scenario::Scenario& scenario, const std::vector<std::string>& names);

}  // namespace wfsim::run
