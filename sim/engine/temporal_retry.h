// The Temporal server's retry arithmetic for activities: which failures may be retried
// (TMP-1.4, TMP-2.4), the backoff formula (TMP-2.2), the per-failure next_retry_delay (TMP-2.3)
// and the ScheduleToClose cut-off (TMP-2.2 step 4), as pure functions.
//
// Delays are integer microseconds. The one floating-point step is the server's own:
// float64(InitialInterval in ns) × math.Pow(BackoffCoefficient, n−1). Go's math.Pow raises to an
// integer power by binary exponentiation on frexp-normalised mantissas; that is reproduced here
// multiplication for multiplication (IEEE-754 products are correctly rounded, frexp/ldexp are
// exact), so the result is the server's bit for bit on every platform. The product is truncated
// to int64 nanoseconds, saturated at the int64 range, then truncated to microseconds. For
// coefficients that are integers (or dyadic fractions such as 1.5) and delays under 2^53 ns
// (104 days) the result is the exact value floor(Initial × Coefficient^(n−1)). No jitter.
#pragma once

#include <optional>

#include "core/time.h"
#include "engine/mutants.h"
#include "record/temporal_history.h"

namespace wfsim::temporal {

// Go's math.Pow(base, exponent) for an integer exponent >= 0 (binary exponentiation).
double go_integer_pow(double base, int64_t exponent);

// initial × coefficient^exponent as described above (ExponentialBackoffAlgorithm with
// exponent = attempt − 1).
Duration exponential_backoff(Duration initial, double coefficient, int64_t exponent);

// Whether the server may retry after this failure (retry_policy.go IsRetryable):
// StartToClose and Heartbeat timeouts unless "TemporalTimeout:<Type>" is listed; application
// failures unless flagged non_retryable or their type is listed (exact match); never
// ScheduleToStart or ScheduleToClose timeouts or cancellations; failures without info are retried.
bool is_retryable(const Failure& failure, const RetryPolicy& policy);

struct RetryQuestion {
  const RetryPolicy* policy = nullptr;
  int32_t attempt = 1;  // The 1-based attempt that just failed.
  Instant now;          // When it failed.
  // FirstScheduledTime + ScheduleToClose; nullopt without a ScheduleToClose timeout.
  std::optional<Instant> expiration;
  const Failure* failure = nullptr;
  bool cancel_requested = false;  // A cancel request is pending for the activity.
};

struct RetryDecision {
  RetryState state = RetryState::unspecified;  // in_progress: retry after `delay`.
  Duration delay;
};

// The server's RetryActivity decision, in its order:
//   1. a pending cancel request: CANCEL_REQUESTED;
//   2. a ScheduleToStart or ScheduleToClose timeout: TIMEOUT (TMP-1.4);
//   3. not retryable (is_retryable): NON_RETRYABLE_FAILURE;
//   4. MaximumAttempts > 0 and attempt >= MaximumAttempts: MAXIMUM_ATTEMPTS_REACHED;
//   5. delay = next_retry_delay if the failure carries one (not capped; negative counts as 0),
//      else exponential_backoff(initial, coefficient, attempt − 1), replaced by MaximumInterval
//      when above it or not positive;
//   6. now + delay after the expiration: TIMEOUT;
//   7. otherwise IN_PROGRESS with that delay.
// Mutants: backoff_exponent_off_by_one uses exponent `attempt`;
// schedule_to_close_not_enforced_on_retries skips step 6.
RetryDecision decide_retry(const RetryQuestion& question, const MutantSet& mutants);

}  // namespace wfsim::temporal
