// Mutant names and descriptions; see mutants.h.
#include "engine/mutants.h"

#include <array>

#include "core/assert.h"

namespace wfsim {
namespace {
constexpr std::array<MutantInfo, kMutantCount> kMutants = {{
    {Mutant::heartbeat_extends_task_timeout, "heartbeat-extends-task-timeout",
     "a heartbeat also pushes back the Task's TimeoutSeconds deadline"},
    {Mutant::redrive_reruns_succeeded_states, "redrive-reruns-succeeded-states",
     "RedriveExecution restarts at StartAt and re-runs states that already succeeded"},
    {Mutant::retry_counter_not_reset_on_reentry, "retry-counter-not-reset-on-reentry",
     "retrier counters are not reset when a state is left and entered again"},
    {Mutant::retrier_fall_through, "retrier-fall-through",
     "after the first matching retrier is exhausted, the next matching retrier is used"},
    {Mutant::jitter_beyond_cap, "jitter-beyond-cap",
     "FULL jitter draws from [0, IntervalSeconds*BackoffRate^k], ignoring MaxDelaySeconds"},
    {Mutant::closed_token_accepted, "closed-token-accepted",
     "SendTaskSuccess/Failure/Heartbeat with a closed attempt's token is answered as accepted"},
    {Mutant::token_reused_across_attempts, "token-reused-across-attempts",
     "a retried attempt keeps the task token of the attempt before it"},
    {Mutant::heartbeat_clock_from_scheduled, "heartbeat-clock-from-scheduled",
     "the heartbeat clock starts when the task is scheduled instead of when it starts"},
    {Mutant::map_redrive_reruns_succeeded_iterations, "map-redrive-reruns-succeeded-iterations",
     "redriving a Map state re-runs iterations that had succeeded"},
    {Mutant::states_all_catches_runtime, "states-all-catches-runtime",
     "a States.ALL retrier or catcher also matches States.Runtime"},
    {Mutant::task_failed_matches_timeout, "task-failed-matches-timeout",
     "a States.TaskFailed retrier or catcher also matches States.Timeout"},
    {Mutant::max_attempts_zero_retries_once, "max-attempts-zero-retries-once",
     "a retrier with MaxAttempts 0 still retries once"},
    {Mutant::execution_timeout_not_reset_on_redrive, "execution-timeout-not-reset-on-redrive",
     "after a redrive the execution TimeoutSeconds is still measured from the first start"},
    {Mutant::assign_sees_new_values, "assign-sees-new-values",
     "an Assign is evaluated against the variables with its own new values already written"},
    {Mutant::block_assignment_leaks, "block-assignment-leaks",
     "a Parallel branch's or Map iteration's variables stay visible after it succeeds"},
    {Mutant::states_result_in_arguments, "states-result-in-arguments",
     "a JSONata Task's Arguments see $states.result, bound to the state input"},
    {Mutant::map_run_redrive_reruns_succeeded_children,
     "map-run-redrive-reruns-succeeded-children",
     "redriving a Distributed Map's Map Run also re-runs the children that had succeeded"},
    {Mutant::tolerated_percentage_wrong_rounding, "tolerated-percentage-wrong-rounding",
     "the failed-item percentage is truncated to a whole number (integer division) before it "
     "is compared with ToleratedFailurePercentage"},
    {Mutant::batcher_drops_last_partial_batch, "batcher-drops-last-partial-batch",
     "ItemBatcher drops a last batch that has fewer items than MaxItemsPerBatch"},
    {Mutant::heartbeat_details_lost_across_retries, "heartbeat-details-lost-across-retries",
     "Temporal: the next attempt does not receive the last recorded heartbeat details"},
    {Mutant::cancel_delivered_without_heartbeat, "cancel-delivered-without-heartbeat",
     "Temporal: a cancellation reaches an activity that never heartbeats"},
    {Mutant::schedule_to_close_not_enforced_on_retries, "schedule-to-close-not-enforced-on-retries",
     "Temporal: retries are scheduled even when they would start after ScheduleToClose"},
    {Mutant::backoff_exponent_off_by_one, "backoff-exponent-off-by-one",
     "Temporal: the retry delay uses BackoffCoefficient^n instead of ^(n-1)"},
}};
}  // namespace

std::span<const MutantInfo> all_mutants() {
  for (size_t i = 0; i < kMutants.size(); ++i) {
    WFSIM_ASSERT(static_cast<size_t>(kMutants[i].mutant) == i);
  }
  return kMutants;
}

std::optional<Mutant> parse_mutant(std::string_view name) {
  for (const MutantInfo& info : kMutants) {
    if (info.name == name) return info.mutant;
  }
  return std::nullopt;
}

std::string_view to_string(Mutant mutant) {
  const auto i = static_cast<size_t>(mutant);
  WFSIM_ASSERT(i < kMutants.size());
  return kMutants[i].name;
}

}  // namespace wfsim
