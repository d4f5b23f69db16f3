// The invariant properties and the area each draws from; see property_catalogue.h.
#include "properties/property_catalogue.h"

#include <array>

#include "check/check.h"
#include "core/assert.h"
#include "properties/case_runner.h"

namespace wfsim::properties {
namespace {

// In check::all_invariants() order; a test checks that the two lists agree.
constexpr std::array<InvariantProperty, 31> kProperties = {{
    {"sfn.retry_delay_bound", Area::retry},
    {"sfn.retry_budget", Area::retry},
    {"sfn.no_fall_through", Area::retry},
    {"sfn.counter_reset", Area::retry},
    {"sfn.uncatchable_errors", Area::retry},
    {"sfn.catch_after_retry", Area::retry},
    {"sfn.hard_task_timeout", Area::timing},
    {"sfn.heartbeat_timeout", Area::timing},
    {"sfn.closed_token_rejected", Area::tokens},
    {"sfn.one_outcome_per_attempt", Area::tokens},
    {"sfn.fresh_tokens", Area::tokens},
    {"sfn.heartbeats_leave_no_trace", Area::timing},
    {"sfn.history_well_formed", Area::shape},
    {"sfn.retry_shape", Area::shape},
    {"sfn.branch_abort", Area::shape},
    {"sfn.redrive_eligibility", Area::redrive},
    {"sfn.redrive_no_rerun_of_succeeded", Area::redrive},
    {"sfn.redrive_append_only", Area::redrive},
    {"sfn.redrive_resets_clocks", Area::redrive},
    {"sfn.variable_scopes", Area::shape},
    {"sfn.map_run_no_rerun_of_succeeded", Area::map_runs},
    {"sfn.map_run_counts", Area::map_runs},
    {"sfn.map_run_tolerance", Area::map_runs},
    {"sfn.map_run_items_once", Area::map_runs},
    {"temporal.exact_backoff", Area::temporal_retry},
    {"temporal.retry_bounds", Area::temporal_retry},
    {"temporal.non_retryable_closes", Area::temporal_retry},
    {"temporal.timer_semantics", Area::temporal_timers},
    {"temporal.stale_tokens_not_found", Area::temporal_timers},
    {"temporal.heartbeat_details_carry_over", Area::temporal_heartbeats},
    {"temporal.throttle_and_cancel_delivery", Area::temporal_heartbeats},
}};

}  // namespace

std::span<const InvariantProperty> invariant_properties() { return kProperties; }

const InvariantProperty& invariant_property(std::string_view invariant) {
  for (const InvariantProperty& p : kProperties) {
    if (p.invariant == invariant) return p;
  }
  WFSIM_UNREACHABLE("no property for invariant " + std::string(invariant));
}

std::string property_test_name(std::string_view invariant) {
  std::string name(invariant);
  for (char& c : name) {
    if (c == '.') c = '_';
  }
  return name;
}

void run_invariant_property(std::string_view invariant, const std::vector<std::string>& mutants,
                            bool write_capsules) {
  const InvariantProperty& property = invariant_property(invariant);
  const GeneratedCase generated = *case_for(property.area);
  const PropertyContext context{std::string(invariant), mutants, write_capsules};
  check_invariant_case(context, invariant, generated);
}

}  // namespace wfsim::properties
