// Temporal retry arithmetic; see temporal_retry.h.
#include "engine/temporal_retry.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/assert.h"

namespace wfsim::temporal {
namespace {

constexpr std::string_view kTimeoutPrefix = "TemporalTimeout:";

bool listed(const RetryPolicy& policy, std::string_view type) {
  return std::find(policy.non_retryable_error_types.begin(),
                   policy.non_retryable_error_types.end(),
                   type) != policy.non_retryable_error_types.end();
}

// Go's int64(x) for the values the formula produces, then max(0, min(., MaxInt64)).
int64_t saturating_nanoseconds(double ns) {
  if (!(ns > 0)) return 0;
  if (ns >= 9223372036854775808.0) return std::numeric_limits<int64_t>::max();  // 2^63
  return static_cast<int64_t>(ns);
}

}  // namespace

double go_integer_pow(double base, int64_t exponent) {
  WFSIM_ASSERT(exponent >= 0);
  if (exponent == 0 || base == 1.0) return 1.0;
  if (exponent == 1) return base;
  // math.Pow: ans = a1 * 2^ae, built from the bits of the exponent with frexp-normalised x1.
  double a1 = 1.0;
  int64_t ae = 0;
  int xe_int = 0;
  double x1 = std::frexp(base, &xe_int);
  int64_t xe = xe_int;
  for (int64_t i = exponent; i != 0; i >>= 1) {
    if (xe < -(int64_t{1} << 12) || (int64_t{1} << 12) < xe) {
      ae += xe;  // Catastrophic overflow: the result is infinite (or zero) anyway.
      break;
    }
    if ((i & 1) == 1) {
      a1 *= x1;
      ae += xe;
    }
    x1 *= x1;
    xe <<= 1;
    if (x1 < 0.5) {
      x1 += x1;
      --xe;
    }
  }
  const int64_t clamped = std::clamp<int64_t>(ae, -100000, 100000);
  return std::ldexp(a1, static_cast<int>(clamped));
}

Duration exponential_backoff(Duration initial, double coefficient, int64_t exponent) {
  int64_t initial_ns = 0;
  if (__builtin_mul_overflow(initial.us(), int64_t{1000}, &initial_ns)) {
    initial_ns = initial.us() < 0 ? std::numeric_limits<int64_t>::min()
                                  : std::numeric_limits<int64_t>::max();
  }
  const double ns = static_cast<double>(initial_ns) * go_integer_pow(coefficient, exponent);
  return Duration::microseconds(saturating_nanoseconds(ns) / 1000);
}

bool is_retryable(const Failure& failure, const RetryPolicy& policy) {
  switch (failure.info) {
    case FailureInfo::timeout:
      if (failure.timeout_type == TimeoutType::start_to_close ||
          failure.timeout_type == TimeoutType::heartbeat) {
        return !listed(policy, std::string(kTimeoutPrefix) +
                                   std::string(short_name(failure.timeout_type)));
      }
      return false;
    case FailureInfo::canceled:
      return false;
    case FailureInfo::application:
      return !failure.non_retryable && !listed(policy, failure.type);
    case FailureInfo::none:
    case FailureInfo::activity:
      return true;
  }
  WFSIM_UNREACHABLE("unknown failure info");
}

RetryDecision decide_retry(const RetryQuestion& q, const MutantSet& mutants) {
  WFSIM_ASSERT(q.policy != nullptr && q.failure != nullptr);
  WFSIM_ASSERT(q.attempt >= 1);
  const RetryPolicy& policy = *q.policy;
  const Failure& failure = *q.failure;
  if (q.cancel_requested) return {RetryState::cancel_requested, Duration::zero()};
  if (failure.info == FailureInfo::timeout &&
      (failure.timeout_type == TimeoutType::schedule_to_start ||
       failure.timeout_type == TimeoutType::schedule_to_close)) {
    return {RetryState::timeout, Duration::zero()};
  }
  if (!is_retryable(failure, policy)) return {RetryState::non_retryable_failure, Duration::zero()};
  if (policy.maximum_attempts > 0 && q.attempt >= policy.maximum_attempts) {
    return {RetryState::maximum_attempts_reached, Duration::zero()};
  }
  Duration delay;
  if (failure.info == FailureInfo::application && failure.next_retry_delay) {
    // TMP-2.3: the worker's delay replaces the computed one and is its own cap.
    delay = std::max(*failure.next_retry_delay, Duration::zero());
  } else {
    const int64_t exponent =
        mutants.has(Mutant::backoff_exponent_off_by_one) ? q.attempt : q.attempt - 1;
    delay = exponential_backoff(policy.initial_interval, policy.backoff_coefficient, exponent);
    if (delay > policy.maximum_interval || delay <= Duration::zero()) {
      delay = policy.maximum_interval;
    }
  }
  const bool enforce_expiration = !mutants.has(Mutant::schedule_to_close_not_enforced_on_retries);
  if (enforce_expiration && q.expiration && saturating_add(q.now, delay) > *q.expiration) {
    return {RetryState::timeout, Duration::zero()};
  }
  return {RetryState::in_progress, delay};
}

}  // namespace wfsim::temporal
