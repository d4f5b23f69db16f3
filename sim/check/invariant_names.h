// The names of the invariants: the one place each is spelt. The registry (check.cpp) pairs each
// with its checker, fact and summary; the checkers tag their problems with these constants, so a
// misspelt name is a compile error instead of a problem no invariant ever reports. Findings,
// capsules and reports carry the text.
#pragma once

#include <string_view>

namespace wfsim::check::names {

inline constexpr std::string_view kSfnBranchAbort = "sfn.branch_abort";
inline constexpr std::string_view kSfnCatchAfterRetry = "sfn.catch_after_retry";
inline constexpr std::string_view kSfnClosedTokenRejected = "sfn.closed_token_rejected";
inline constexpr std::string_view kSfnCounterReset = "sfn.counter_reset";
inline constexpr std::string_view kSfnFreshTokens = "sfn.fresh_tokens";
inline constexpr std::string_view kSfnHardTaskTimeout = "sfn.hard_task_timeout";
inline constexpr std::string_view kSfnHeartbeatTimeout = "sfn.heartbeat_timeout";
inline constexpr std::string_view kSfnHeartbeatsLeaveNoTrace = "sfn.heartbeats_leave_no_trace";
inline constexpr std::string_view kSfnHistoryWellFormed = "sfn.history_well_formed";
inline constexpr std::string_view kSfnNoFallThrough = "sfn.no_fall_through";
inline constexpr std::string_view kSfnOneOutcomePerAttempt = "sfn.one_outcome_per_attempt";
inline constexpr std::string_view kSfnRedriveAppendOnly = "sfn.redrive_append_only";
inline constexpr std::string_view kSfnRedriveEligibility = "sfn.redrive_eligibility";
inline constexpr std::string_view kSfnRedriveNoRerunOfSucceeded =
    "sfn.redrive_no_rerun_of_succeeded";
inline constexpr std::string_view kSfnRedriveResetsClocks = "sfn.redrive_resets_clocks";
inline constexpr std::string_view kSfnRetryBudget = "sfn.retry_budget";
inline constexpr std::string_view kSfnRetryDelayBound = "sfn.retry_delay_bound";
inline constexpr std::string_view kSfnRetryShape = "sfn.retry_shape";
inline constexpr std::string_view kSfnUncatchableErrors = "sfn.uncatchable_errors";
inline constexpr std::string_view kSfnVariableScopes = "sfn.variable_scopes";
inline constexpr std::string_view kSfnMapRunNoRerunOfSucceeded =
    "sfn.map_run_no_rerun_of_succeeded";
inline constexpr std::string_view kSfnMapRunCounts = "sfn.map_run_counts";
inline constexpr std::string_view kSfnMapRunTolerance = "sfn.map_run_tolerance";
inline constexpr std::string_view kSfnMapRunItemsOnce = "sfn.map_run_items_once";
inline constexpr std::string_view kTemporalExactBackoff = "temporal.exact_backoff";
inline constexpr std::string_view kTemporalHeartbeatDetailsCarryOver =
    "temporal.heartbeat_details_carry_over";
inline constexpr std::string_view kTemporalNonRetryableCloses = "temporal.non_retryable_closes";
inline constexpr std::string_view kTemporalRetryBounds = "temporal.retry_bounds";
inline constexpr std::string_view kTemporalStaleTokensNotFound = "temporal.stale_tokens_not_found";
inline constexpr std::string_view kTemporalThrottleAndCancelDelivery =
    "temporal.throttle_and_cancel_delivery";
inline constexpr std::string_view kTemporalTimerSemantics = "temporal.timer_semantics";

}  // namespace wfsim::check::names
