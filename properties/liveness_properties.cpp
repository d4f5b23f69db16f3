// Liveness: once faults stop (and the world heals: crashed workers restart, paused ones resume),
// every execution ends within its bound, the one `wfsim run` derives from the definition's
// timeouts and retries (or the workflow's options). Checked on generated cases in which nothing
// is allowed to run forever: every Task has a TimeoutSeconds, every Temporal activity a
// StartToClose and bounded attempts, and no worker blocks its pool for ever.
//
// The negative twin proves the check has teeth: a callback Task that no clock bounds and whose
// worker never answers is reported as a liveness finding (exit code 3 at the CLI), wherever it
// sits in an otherwise bounded machine.
#include <rapidcheck/boost_test.h>

#include "properties/case_runner.h"
#include "properties/profile.h"

WFSIM_PROPERTY_BUDGET(300, 5000);

namespace wfsim::properties {
namespace {

bool ended(const world::RunResult& result) {
  return result.final_status != "RUNNING" && result.final_status != "NOT_STARTED";
}

void expect_ends_within_bound(const char* property, const GeneratedCase& generated) {
  const PropertyContext context{property, {}, true};
  const LoadedCase loaded = load_case(generated, {});
  const world::RunResult result = run_or_fail(context, loaded);
  const run::Evaluation evaluation = run::evaluate(loaded.scenario, result);
  for (const run::Finding& finding : evaluation.findings) {
    if (finding.kind == run::Finding::Kind::liveness) {
      fail_case(context, loaded, result, finding);
    }
  }
  RC_ASSERT(result.stop == StopReason::drained);
  RC_ASSERT(ended(result));
  RC_TAG(result.final_status);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(liveness)

RC_BOOST_PROP(after_faults_stop_every_step_functions_execution_ends_within_its_bound, ()) {
  expect_ends_within_bound("liveness.step_functions", *bounded_step_functions_case());
}

RC_BOOST_PROP(after_faults_stop_every_temporal_workflow_ends_within_its_bound, ()) {
  expect_ends_within_bound("liveness.temporal", *bounded_temporal_case());
}

RC_BOOST_PROP(an_execution_nothing_bounds_is_reported_as_a_liveness_finding, ()) {
  const LoadedCase loaded = load_case(*hanging_step_functions_case(), {});
  const world::RunResult result = run_case(loaded);
  const run::Evaluation evaluation = run::evaluate(loaded.scenario, result);
  RC_ASSERT(result.liveness_failure.has_value());
  RC_ASSERT(result.stop == StopReason::time_limit);
  RC_ASSERT(result.final_status == "RUNNING");
  RC_ASSERT(evaluation.has("liveness.unfinished"));
  RC_ASSERT(evaluation.exit_code() == 3);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::properties
