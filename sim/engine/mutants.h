// Planted defects: realistic bugs that can be switched on by name in the reference engines, so the
// property suite and the bundled scenarios can prove they catch them (docs/mutants.md). All are off
// by default; a mutant changes behaviour only where its name says.
#pragma once

#include <bitset>
#include <optional>
#include <span>
#include <string_view>

namespace wfsim {

enum class Mutant : uint8_t {
  // Step Functions engine.
  heartbeat_extends_task_timeout,      // A heartbeat also pushes back the TimeoutSeconds deadline.
  redrive_reruns_succeeded_states,     // Redrive restarts at StartAt, re-running succeeded states.
  retry_counter_not_reset_on_reentry,  // Retrier counters survive leaving and re-entering a state.
  retrier_fall_through,                // An exhausted retrier hands the error to the next match.
  jitter_beyond_cap,                   // FULL jitter draws from [0, base] ignoring MaxDelaySeconds.
  closed_token_accepted,               // SendTask* with a closed attempt's token is answered OK.
  token_reused_across_attempts,        // A retry keeps the previous attempt's task token.
  heartbeat_clock_from_scheduled,      // The heartbeat clock starts at Scheduled, not Started.
  map_redrive_reruns_succeeded_iterations,  // Redrive re-runs every Map iteration.
  states_all_catches_runtime,          // States.ALL also matches States.Runtime.
  task_failed_matches_timeout,         // States.TaskFailed also matches States.Timeout.
  max_attempts_zero_retries_once,      // MaxAttempts 0 still retries once.
  execution_timeout_not_reset_on_redrive,  // The execution TimeoutSeconds clock keeps its start.
  assign_sees_new_values,      // An Assign's entries read the values that same Assign writes.
  block_assignment_leaks,      // A branch's or iteration's variables stay visible after it.
  states_result_in_arguments,  // A JSONata Task's Arguments see $states.result (its input).
  map_run_redrive_reruns_succeeded_children,  // A Map Run redrive re-runs succeeded children.
  tolerated_percentage_wrong_rounding,  // The failed percentage is truncated to an integer.
  batcher_drops_last_partial_batch,     // ItemBatcher loses a last batch short of MaxItems.
  // Temporal engine.
  heartbeat_details_lost_across_retries,   // The next attempt does not see the last details.
  cancel_delivered_without_heartbeat,      // Cancellation reaches an activity that never heartbeats.
  schedule_to_close_not_enforced_on_retries,  // Retries are scheduled past ScheduleToClose.
  backoff_exponent_off_by_one,             // Retry delay uses Coefficient^n instead of ^(n-1).
  count_,
};

inline constexpr size_t kMutantCount = static_cast<size_t>(Mutant::count_);

struct MutantInfo {
  Mutant mutant;
  std::string_view name;         // As given to --mutant: "heartbeat-extends-task-timeout".
  std::string_view description;  // One line for `wfsim mutants`.
};

std::span<const MutantInfo> all_mutants();
std::optional<Mutant> parse_mutant(std::string_view name);
std::string_view to_string(Mutant mutant);

// A set of switched-on mutants; empty means the faithful engine.
class MutantSet {
 public:
  MutantSet() = default;
  explicit MutantSet(Mutant m) { bits_.set(static_cast<size_t>(m)); }
  bool has(Mutant m) const { return bits_.test(static_cast<size_t>(m)); }
  void add(Mutant m) { bits_.set(static_cast<size_t>(m)); }
  bool empty() const { return bits_.none(); }
  friend bool operator==(const MutantSet&, const MutantSet&) = default;

 private:
  std::bitset<kMutantCount> bits_;
};

}  // namespace wfsim
