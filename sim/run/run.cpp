// One seed, run and judged; see run.h.
#include "run/run.h"

#include "core/assert.h"
#include "engine/mutants.h"

namespace wfsim::run {

world::RunOptions world_options(const Request& request, Outcome& outcome) {
  WFSIM_ASSERT(request.scenario != nullptr);
  world::RunOptions options;
  options.seed = request.seed;
  options.swarm = request.swarm;
  options.replay = request.replay;
  options.record_trace = request.record_trace;
  const bool budgeted = request.max_seconds > 0 && request.clock != nullptr;
  if (!budgeted && request.stop == nullptr) return options;
  const double deadline = budgeted ? request.clock->seconds() + request.max_seconds : 0;
  options.interrupted = [&request, &outcome, budgeted, deadline, polls = uint32_t{0}]() mutable {
    if (request.stop != nullptr && request.stop->load(std::memory_order_relaxed)) {
      outcome.stopped = true;
      return true;
    }
    // Reading a clock costs about 20 ns; every 256th poll keeps that out of the event loop.
    if (!budgeted || (++polls & 255U) != 0) return false;
    if (request.clock->seconds() < deadline) return false;
    outcome.wall_time_exceeded = true;
    return true;
  };
  return options;
}

Outcome run_seed(const Request& request) {
  WFSIM_ASSERT(request.scenario != nullptr);
  const AssertionContext context_scope(request.context);
  Outcome outcome;
  const world::RunOptions options = world_options(request, outcome);
  outcome.result = world::run(request.scenario->config, options);
  WFSIM_ASSERT_MSG(outcome.result.seed == request.seed, "a run keeps the seed it was given");
  if (outcome.stopped) return outcome;
  RunContext context;
  context.wall_time_exceeded = outcome.wall_time_exceeded;
  outcome.evaluation = evaluate(*request.scenario, outcome.result, context);
  WFSIM_ASSERT_MSG(!outcome.wall_time_exceeded || outcome.evaluation.has("liveness.wall_time"),
                   "a run cut by its budget is judged a wall-time finding");
  return outcome;
}

world::RunResult run_world(const Request& request) {
  WFSIM_ASSERT(request.scenario != nullptr);
  WFSIM_ASSERT_MSG(request.stop == nullptr && request.clock == nullptr,
                   "run_world runs to the end: budgets and stops are run_seed's");
  const AssertionContext context_scope(request.context);
  Outcome unused;
  return world::run(request.scenario->config, world_options(request, unused));
}

check::Observation observe(const scenario::Scenario& scenario, const world::RunResult& result) {
  check::Observation observation;
  observation.temporal = result.dialect == world::Dialect::temporal;
  observation.history = &result.history;
  observation.definition = scenario.config.definition.get();
  observation.temporal_history = &result.temporal_history;
  observation.calls = &result.calls;
  observation.map_runs = &result.map_runs;
  observation.child_histories = &result.child_histories;
  observation.semantics = scenario.semantics;
  return observation;
}

void apply_mutants(scenario::Scenario& scenario, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    const auto mutant = parse_mutant(name);
    WFSIM_ASSERT_MSG(mutant.has_value(), "mutant names are checked before they are applied: " +
                                             name);
    scenario.config.sfn_options.mutants.add(*mutant);
    scenario.config.temporal_options.mutants.add(*mutant);
  }
}

}  // namespace wfsim::run
