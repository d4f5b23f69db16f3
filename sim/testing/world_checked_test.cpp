// Property: whole simulated worlds (sim/world: workers, network, every fault kind, stops and
// redrives, Temporal SDK workers) running the faithful engines leave records on which every
// invariant holds. This is where the checkers meet call logs they did not write themselves:
// delayed, duplicated, dropped and throttled calls, lost answers, crashed and paused workers,
// tokens held past their task's close. A violation is an engine or world bug, or a checker that
// is too strict.
#include <rapidcheck/boost_test.h>

#include "testing/check_harness.h"
#include "testing/random_world.h"

namespace wfsim::testing {
namespace {

using check::testing::describe;

void check_world(const world::WorldConfig& c) {
  world::RunOptions options = any_run_options();
  options.record_trace = false;
  const world::RunResult r = world::run(c, options);
  check::Observation o;
  o.temporal = c.dialect == world::Dialect::temporal;
  o.history = &r.history;
  o.temporal_history = &r.temporal_history;
  o.definition = c.definition.get();
  o.calls = &r.calls;
  o.map_runs = &r.map_runs;
  o.child_histories = &r.child_histories;
  o.semantics.default_task_timeout_seconds = c.sfn_options.default_task_timeout_seconds;
  o.semantics.activity_timeout_from_scheduled = c.sfn_options.activity_timeout_from_scheduled;
  const auto found = check::check_invariants(o);
  RC_TAG(r.final_status);
  if (!found.empty()) {
    RC_FAIL("seed " + std::to_string(options.seed) + (options.swarm ? " swarm" : "") +
            describe(found));
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(world_checked)

RC_BOOST_PROP(step_functions_worlds_with_faults_keep_every_invariant, ()) {
  check_world(any_step_functions_world());
}

RC_BOOST_PROP(temporal_worlds_with_faults_keep_every_invariant, ()) {
  check_world(any_temporal_world());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::testing
