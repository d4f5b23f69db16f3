// One RapidCheck property per Temporal invariant of facts section 6 (19-25), named after it:
// each draws generated workflows, activity options, SDK-like workers, faults and cancellation
// requests stressing its area (property_catalogue.cpp), runs them in the simulated world and
// checks its invariant from the history and call log alone.
#include <rapidcheck/boost_test.h>

#include "properties/invariant_test_support.h"
#include "properties/profile.h"
#include "properties/property_catalogue.h"

WFSIM_PROPERTY_BUDGET(600, 20000);

BOOST_AUTO_TEST_SUITE(temporal_invariants)

WFSIM_INVARIANT_PROPERTY(temporal_exact_backoff, "temporal.exact_backoff")
WFSIM_INVARIANT_PROPERTY(temporal_retry_bounds, "temporal.retry_bounds")
WFSIM_INVARIANT_PROPERTY(temporal_non_retryable_closes, "temporal.non_retryable_closes")
WFSIM_INVARIANT_PROPERTY(temporal_timer_semantics, "temporal.timer_semantics")
WFSIM_INVARIANT_PROPERTY(temporal_stale_tokens_not_found, "temporal.stale_tokens_not_found")
WFSIM_INVARIANT_PROPERTY(temporal_heartbeat_details_carry_over,
                         "temporal.heartbeat_details_carry_over")
WFSIM_INVARIANT_PROPERTY(temporal_throttle_and_cancel_delivery,
                         "temporal.throttle_and_cancel_delivery")

BOOST_AUTO_TEST_CASE(every_temporal_invariant_has_a_property_named_after_it) {
  wfsim::properties::testing::expect_a_property_per_invariant(true);
}

BOOST_AUTO_TEST_SUITE_END()
