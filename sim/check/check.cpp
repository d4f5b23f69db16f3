// The invariant registry (check.h): every invariant of facts section 6 with its stable name, fact
// reference and one-line summary, and the dispatch to its checker. The checkers themselves live
// in sfn_*_checks.cpp, sfn_replay.cpp and temporal_*.cpp.
#include <array>

#include "check/checks_internal.h"
#include "check/invariant_names.h"
#include "core/assert.h"

namespace wfsim::check {
namespace {

struct Entry {
  InvariantInfo info;
  sfn::Checker sfn = nullptr;
  tmp::Checker temporal = nullptr;
};

constexpr auto kEntries = std::to_array<Entry>({
    {{names::kSfnRetryDelayBound, "invariant 1 (SFN-2.3a)",
      "the k-th retry of a retrier waits min(IntervalSeconds x BackoffRate^k, MaxDelaySeconds), "
      "or at most that with FULL jitter",
      false},
     sfn::report_replay_problems},
    {{names::kSfnRetryBudget, "invariant 2 (SFN-2.1a, 2.2b; rec 4.4c)",
      "per visit a retrier retries at most MaxAttempts times, counting every error it matches, "
      "and uses those retries before the state gives up",
      false},
     sfn::report_replay_problems},
    {{names::kSfnNoFallThrough, "invariant 3 (SFN-2.2a)",
      "once the first matching retrier is exhausted, no later retrier fires for that error", false},
     sfn::report_replay_problems},
    {{names::kSfnCounterReset, "invariant 4 (SFN-2.2c)",
      "retrier counters and backoff exponents start at 0 each time a state is entered again",
      false},
     sfn::report_replay_problems},
    {{names::kSfnUncatchableErrors, "invariant 5 (SFN-1.6c, 1.6d)",
      "States.Runtime and States.DataLimitExceeded are never retried or caught; States.TaskFailed "
      "never matches States.Timeout",
      false},
     sfn::report_replay_problems},
    {{names::kSfnCatchAfterRetry, "invariant 6 (SFN-2.4a, 2.4b)",
      "a catcher is taken only after every applicable retry is used, goes to its Next and passes "
      "{Error, Cause} placed by its ResultPath",
      false},
     sfn::report_replay_problems},
    {{names::kSfnHardTaskTimeout, "invariant 7 (SFN-1.1e, 1.1f)",
      "every task attempt closes within TimeoutSeconds of its clock's start, whatever the "
      "heartbeats",
      false},
     sfn::check_hard_task_timeout},
    {{names::kSfnHeartbeatTimeout, "invariant 8 (SFN-1.2a-c)",
      "with HeartbeatSeconds an attempt times out exactly HeartbeatSeconds after its start or "
      "last accepted heartbeat; every timeout is recorded as States.Timeout",
      false},
     sfn::check_heartbeat_timeout},
    {{names::kSfnClosedTokenRejected, "invariant 9 (SFN-1.3f-h)",
      "SendTask* with a closed attempt's token gets TaskTimedOut, with a never-issued token "
      "InvalidToken, and a rejected call changes nothing",
      false},
     sfn::check_closed_token_rejected},
    {{names::kSfnOneOutcomePerAttempt, "invariant 9 (SFN-1.3f; section 4)",
      "an attempt has at most one outcome event and one accepted completion call, and they agree",
      false},
     sfn::check_one_outcome_per_attempt},
    {{names::kSfnFreshTokens, "invariant 10 (SFN-1.3b)",
      "every attempt, retries and redrives included, gets a token no other attempt had", false},
     sfn::check_fresh_tokens},
    {{names::kSfnHeartbeatsLeaveNoTrace, "invariant 11 (SFN-1.2a; rec 4.1c)",
      "an accepted SendTaskHeartbeat causes no history event", false},
     sfn::check_heartbeats_leave_no_trace},
    {{names::kSfnHistoryWellFormed, "invariant 12 (SFN-1.5b; section 4)",
      "ids 1..N, ExecutionStarted first, Scheduled < Started < [TaskSubmitted] < one outcome, one "
      "terminal event per run segment and only ExecutionRedriven after it",
      false},
     sfn::check_history_well_formed},
    {{names::kSfnRetryShape, "invariant 13 (rec 4.4, 4.4e)",
      "retries repeat only Scheduled, Started and the outcome (or ...StateStarted); a state "
      "exits at most once per visit",
      false},
     sfn::report_record_problems},
    {{names::kSfnBranchAbort, "invariant 14 (SFN-1.5g, 1.5h)",
      "a failing branch or iteration closes every open Task with TaskStateAborted, aborts the "
      "other iterations, and its block fails once",
      false},
     sfn::check_branch_abort},
    {{names::kSfnRedriveEligibility, "invariant 15 (SFN-3.2-3.4)",
      "RedriveExecution succeeds iff the execution is eligible, and DescribeExecution's "
      "redriveStatus agrees",
      false},
     sfn::check_redrive_eligibility},
    {{names::kSfnRedriveNoRerunOfSucceeded, "invariant 16 (SFN-3.5, 3.6)",
      "a redrive resumes where the execution stopped and reruns only failed or aborted branches "
      "and iterations",
      false},
     sfn::check_redrive_no_rerun_of_succeeded},
    {{names::kSfnRedriveAppendOnly, "invariant 17 (SFN-3.1, 3.4)",
      "a redrive appends ExecutionRedriven (redriveCount + 1) after the terminal event; a refused "
      "or repeated one changes nothing",
      false},
     sfn::check_redrive_append_only},
    {{names::kSfnRedriveResetsClocks, "invariant 18 (SFN-3.5, 2.2d)",
      "after a redrive the execution timeout runs from the redrive and retry counts start at 0",
      false},
     sfn::check_redrive_resets_clocks},
    {{names::kSfnVariableScopes, "invariant 26 (VAR-2.1, 2.2, 3.1, 3.2, 4.3)",
      "a state's JSONata Arguments, Assign and Output see the variables of its own scope as it "
      "was entered: none its own Assign writes, none assigned inside a finished branch or "
      "iteration",
      false},
     sfn::check_variable_scopes},
    {{names::kSfnMapRunNoRerunOfSucceeded, "invariant 27 (DMAP-12.2)",
      "a Map Run redrive never re-runs a child execution that had succeeded", false},
     sfn::check_map_run_no_rerun_of_succeeded},
    {{names::kSfnMapRunCounts, "invariant 28 (DMAP-11.1, 4.3, 8.5)",
      "a Map Run's item and execution counters add up (pending + running + finished = total) "
      "at every change and Map Run event, and the last ones agree with its children",
      false},
     sfn::check_map_run_counts},
    {{names::kSfnMapRunTolerance, "invariant 29 (DMAP-6.1, 6.2, 9.3)",
      "a Map Run fails with States.ExceedToleratedFailureThreshold only when its failed and "
      "timed-out items exceed the tolerance, and never succeeds after they did",
      false},
     sfn::check_map_run_tolerance},
    {{names::kSfnMapRunItemsOnce, "invariant 30 (DMAP-2.2, 4.1, 4.2, 8.1)",
      "each item of a Map Run is processed by exactly one child per run, and batches partition "
      "the items in order",
      false},
     sfn::check_map_run_items_once},
    {{names::kTemporalExactBackoff, "invariant 19 (TMP-2.2, 2.3)",
      "the next attempt is scheduled exactly min(Initial x Coef^(n-1), MaxInterval), or "
      "next_retry_delay, after the failure",
      true},
     nullptr,
     tmp::report_problems},
    {{names::kTemporalRetryBounds, "invariant 20 (TMP-2.2, 1.5)",
      "attempts <= MaximumAttempts, none scheduled past ScheduleToClose, and running out of time "
      "closes with SCHEDULE_TO_CLOSE / RETRY_STATE_TIMEOUT",
      true},
     nullptr,
     tmp::report_problems},
    {{names::kTemporalNonRetryableCloses, "invariant 21 (TMP-1.4, 2.4)",
      "non-retryable failures, cancellation and schedule timeouts close the activity on that "
      "attempt",
      true},
     nullptr,
     tmp::report_problems},
    {{names::kTemporalTimerSemantics, "invariant 22 (TMP-1.2, 1.3)",
      "StartToClose bounds every attempt whatever the heartbeats; the heartbeat timeout fires "
      "exactly at max(start, last heartbeat) + HT, never when HT = 0",
      true},
     nullptr,
     tmp::report_problems},
    {{names::kTemporalStaleTokensNotFound, "invariant 23 (TMP-4.1)",
      "calls with a token that is not the current attempt's, or after the close, get NotFound "
      "and change nothing",
      true},
     nullptr,
     tmp::report_problems},
    {{names::kTemporalHeartbeatDetailsCarryOver, "invariant 24 (TMP-3.4, 1.5)",
      "attempt n+1 is handed the last details recorded during attempts <= n, and a timeout "
      "failure carries them",
      true},
     nullptr,
     tmp::report_problems},
    {{names::kTemporalThrottleAndCancelDelivery, "invariant 25 (TMP-3.1-3.3, 3.5)",
      "heartbeat RPCs are throttled and one at a time, none after completion, and an activity "
      "reports Canceled only after a heartbeat answer carried the cancel",
      true},
     nullptr,
     tmp::report_problems},
});

const std::array<InvariantInfo, kEntries.size()> kInfos = [] {
  std::array<InvariantInfo, kEntries.size()> infos{};
  for (size_t i = 0; i < kEntries.size(); ++i) infos[i] = kEntries[i].info;
  return infos;
}();

const Entry* find(std::string_view name) {
  for (const Entry& e : kEntries) {
    if (e.info.name == name) return &e;
  }
  return nullptr;
}

void require_dialect(const Observation& o) {
  if (o.temporal) {
    WFSIM_ASSERT_MSG(o.temporal_history != nullptr, "a Temporal observation needs its history");
  } else {
    WFSIM_ASSERT_MSG(o.history != nullptr, "a Step Functions observation needs its history");
  }
}

// Every violation names an invariant of the observation's dialect.
void assert_violations(const Observation& observation, const std::vector<Violation>& found) {
  for (const Violation& v : found) {
    const Entry* entry = find(v.invariant);
    WFSIM_ASSERT_MSG(entry != nullptr, "a violation of an unregistered invariant: " + v.invariant);
    WFSIM_ASSERT_MSG(entry->info.temporal == observation.temporal,
                     v.invariant + " reported on the other dialect's record");
  }
}

}  // namespace

std::span<const InvariantInfo> all_invariants() { return kInfos; }

std::vector<Violation> check_invariants(const Observation& observation) {
  require_dialect(observation);
  std::vector<Violation> out;
  if (observation.temporal) {
    tmp::Context context(observation);
    for (const Entry& e : kEntries) {
      if (!e.info.temporal) continue;
      Findings findings(e.info.name, out);
      e.temporal(context, findings);
    }
  } else {
    sfn::Context context(observation);
    for (const Entry& e : kEntries) {
      if (e.info.temporal) continue;
      Findings findings(e.info.name, out);
      e.sfn(context, findings);
    }
  }
  assert_violations(observation, out);
  return out;
}

std::vector<Violation> check_invariant(std::string_view name, const Observation& observation) {
  const Entry* entry = find(name);
  WFSIM_ASSERT_MSG(entry != nullptr, "unknown invariant '" + std::string(name) + "'");
  require_dialect(observation);
  std::vector<Violation> out;
  if (entry->info.temporal != observation.temporal) return out;  // Another dialect's invariant.
  Findings findings(entry->info.name, out);
  if (observation.temporal) {
    tmp::Context context(observation);
    entry->temporal(context, findings);
  } else {
    sfn::Context context(observation);
    entry->sfn(context, findings);
  }
  assert_violations(observation, out);
  for (const Violation& v : out) WFSIM_ASSERT(v.invariant == entry->info.name);
  return out;
}

}  // namespace wfsim::check
