// Properties over generated worlds (random_world.h): whatever the workflow, the workers and the
// fault mix, a run never trips a wfsim assertion, stops for a stated reason, keeps its call log
// consistent, and replays from its schedule to the same digest and the same firings.
#include <rapidcheck/boost_test.h>

#include "testing/random_world.h"

namespace wfsim::testing {
namespace {

void check_run(const world::WorldConfig& c) {
  const world::RunOptions options = any_run_options();
  const world::RunResult r = world::run(c, options);
  RC_ASSERT(r.trace.size() == (options.record_trace ? r.events : 0));
  RC_ASSERT((r.stop == StopReason::drained || r.stop == StopReason::time_limit));
  RC_ASSERT((r.stop == StopReason::time_limit) == r.liveness_failure.has_value());
  if (r.liveness_failure) RC_ASSERT(r.final_status == "RUNNING");
  uint64_t injected = 0;
  for (const uint64_t n : r.faults_injected) injected += n;
  RC_ASSERT(injected == r.schedule.firings.size());
  for (size_t i = 0; i < r.calls.records.size(); ++i) {
    const CallRecord& call = r.calls.records[i];
    RC_ASSERT(call.sequence == i + 1);
    RC_ASSERT(call.sent <= call.time);
    RC_ASSERT(!(call.dropped && (call.response || call.error)));
    if (i > 0) RC_ASSERT(r.calls.records[i - 1].time <= call.time);
  }
  world::RunOptions replay = options;
  replay.replay = &r.schedule;
  const world::RunResult again = world::run(c, replay);
  RC_ASSERT(again.digest == r.digest);
  RC_ASSERT(again.schedule.firings == r.schedule.firings);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(world_properties)

RC_BOOST_PROP(any_step_functions_world_runs_to_a_stated_end_and_replays, ()) {
  check_run(any_step_functions_world());
}

RC_BOOST_PROP(any_temporal_world_runs_to_a_stated_end_and_replays, ()) {
  check_run(any_temporal_world());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::testing
