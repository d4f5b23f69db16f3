// One RapidCheck property per Step Functions invariant of facts section 6, named after it: each
// draws generated state machines, workers, faults and API calls stressing its area
// (property_catalogue.cpp), runs them in the simulated world, and checks its invariant from the
// history and call log alone. A failure prints the shrunk case as scenario JSON, RapidCheck's
// reproduce string and the path of a wfsim capsule of it.
#include <rapidcheck/boost_test.h>

#include "properties/invariant_test_support.h"
#include "properties/profile.h"
#include "properties/property_catalogue.h"

WFSIM_PROPERTY_BUDGET(400, 10000);

BOOST_AUTO_TEST_SUITE(step_functions_invariants)

WFSIM_INVARIANT_PROPERTY(sfn_retry_delay_bound, "sfn.retry_delay_bound")
WFSIM_INVARIANT_PROPERTY(sfn_retry_budget, "sfn.retry_budget")
WFSIM_INVARIANT_PROPERTY(sfn_no_fall_through, "sfn.no_fall_through")
WFSIM_INVARIANT_PROPERTY(sfn_counter_reset, "sfn.counter_reset")
WFSIM_INVARIANT_PROPERTY(sfn_uncatchable_errors, "sfn.uncatchable_errors")
WFSIM_INVARIANT_PROPERTY(sfn_catch_after_retry, "sfn.catch_after_retry")
WFSIM_INVARIANT_PROPERTY(sfn_hard_task_timeout, "sfn.hard_task_timeout")
WFSIM_INVARIANT_PROPERTY(sfn_heartbeat_timeout, "sfn.heartbeat_timeout")
WFSIM_INVARIANT_PROPERTY(sfn_closed_token_rejected, "sfn.closed_token_rejected")
WFSIM_INVARIANT_PROPERTY(sfn_one_outcome_per_attempt, "sfn.one_outcome_per_attempt")
WFSIM_INVARIANT_PROPERTY(sfn_fresh_tokens, "sfn.fresh_tokens")
WFSIM_INVARIANT_PROPERTY(sfn_heartbeats_leave_no_trace, "sfn.heartbeats_leave_no_trace")
WFSIM_INVARIANT_PROPERTY(sfn_history_well_formed, "sfn.history_well_formed")
WFSIM_INVARIANT_PROPERTY(sfn_retry_shape, "sfn.retry_shape")
WFSIM_INVARIANT_PROPERTY(sfn_branch_abort, "sfn.branch_abort")
WFSIM_INVARIANT_PROPERTY(sfn_redrive_eligibility, "sfn.redrive_eligibility")
WFSIM_INVARIANT_PROPERTY(sfn_redrive_no_rerun_of_succeeded, "sfn.redrive_no_rerun_of_succeeded")
WFSIM_INVARIANT_PROPERTY(sfn_redrive_append_only, "sfn.redrive_append_only")
WFSIM_INVARIANT_PROPERTY(sfn_redrive_resets_clocks, "sfn.redrive_resets_clocks")
WFSIM_INVARIANT_PROPERTY(sfn_variable_scopes, "sfn.variable_scopes")
WFSIM_INVARIANT_PROPERTY(sfn_map_run_no_rerun_of_succeeded, "sfn.map_run_no_rerun_of_succeeded")
WFSIM_INVARIANT_PROPERTY(sfn_map_run_counts, "sfn.map_run_counts")
WFSIM_INVARIANT_PROPERTY(sfn_map_run_tolerance, "sfn.map_run_tolerance")
WFSIM_INVARIANT_PROPERTY(sfn_map_run_items_once, "sfn.map_run_items_once")

BOOST_AUTO_TEST_CASE(every_step_functions_invariant_has_a_property_named_after_it) {
  wfsim::properties::testing::expect_a_property_per_invariant(false);
}

BOOST_AUTO_TEST_SUITE_END()
