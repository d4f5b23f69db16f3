// The retry arithmetic of TMP-2.2 … TMP-2.4 and TMP-1.4 as pure functions.
#include <boost/test/unit_test.hpp>

#include "engine/temporal_retry.h"
#include "engine/temporal_test_support.h"

namespace wfsim::temporal {
namespace {

using testing::seconds;

RetryDecision decide(const RetryPolicy& policy, int32_t attempt, const Failure& failure,
                     std::optional<Instant> expiration = std::nullopt,
                     Instant now = kDefaultEpoch, bool cancel_requested = false,
                     MutantSet mutants = {}) {
  return decide_retry(RetryQuestion{&policy, attempt, now, expiration, &failure, cancel_requested},
                      mutants);
}

const Failure kFlaky = Failure::application("Flaky", "try again");

}  // namespace

BOOST_AUTO_TEST_SUITE(temporal_retry)

BOOST_AUTO_TEST_CASE(go_integer_pow_is_exact_for_integer_and_dyadic_bases) {
  BOOST_TEST(go_integer_pow(2.0, 0) == 1.0);
  BOOST_TEST(go_integer_pow(2.0, 10) == 1024.0);
  BOOST_TEST(go_integer_pow(3.0, 33) == 5559060566555523.0);  // 3^33 < 2^53.
  BOOST_TEST(go_integer_pow(1.5, 4) == 5.0625);
  BOOST_TEST(go_integer_pow(2.0, 5000) == std::numeric_limits<double>::infinity());
}

BOOST_AUTO_TEST_CASE(default_policy_delays_are_1_2_4_8_16_32_64_then_100_seconds) {
  const RetryPolicy policy;  // TMP-2.1 defaults.
  const std::vector<int64_t> expected = {1, 2, 4, 8, 16, 32, 64, 100, 100, 100};
  for (int32_t attempt = 1; attempt <= 10; ++attempt) {
    const RetryDecision d = decide(policy, attempt, kFlaky);
    BOOST_TEST(d.state == RetryState::in_progress);
    BOOST_TEST(d.delay.whole_seconds() == expected[static_cast<size_t>(attempt - 1)]);
  }
}

BOOST_AUTO_TEST_CASE(a_fractional_coefficient_gives_exact_microseconds) {
  RetryPolicy policy;
  policy.backoff_coefficient = 1.5;
  BOOST_TEST((decide(policy, 2, kFlaky).delay == Duration::milliseconds(1500)));
  BOOST_TEST((decide(policy, 4, kFlaky).delay == Duration::microseconds(3'375'000)));
  policy.initial_interval = Duration::microseconds(3);
  // 3 us x 1.5 = 4.5 us: the server's nanoseconds (4500) truncate to 4 us.
  BOOST_TEST((exponential_backoff(policy.initial_interval, 1.5, 1) == Duration::microseconds(4)));
}

BOOST_AUTO_TEST_CASE(huge_exponents_saturate_to_the_maximum_interval_without_overflow) {
  RetryPolicy policy;
  policy.maximum_interval = seconds(7);
  // int64 nanoseconds saturate, then truncate to microseconds.
  BOOST_TEST((exponential_backoff(seconds(1), 2.0, 100000) ==
              Duration::microseconds(std::numeric_limits<int64_t>::max() / 1000)));
  BOOST_TEST((decide(policy, 5000, kFlaky).delay == seconds(7)));
}

BOOST_AUTO_TEST_CASE(the_worked_example_of_tmp_2_5_gives_up_after_the_fourth_failure) {
  const RetryPolicy policy;
  const Instant first = kDefaultEpoch;
  const Instant deadline = first + seconds(10);
  // Attempts start at 0, 1, 3, 7 and fail at once.
  const std::vector<double> fail_at = {0, 1, 3, 7};
  for (size_t n = 0; n < 3; ++n) {
    const RetryDecision d = decide(policy, static_cast<int32_t>(n + 1), kFlaky, deadline,
                                   first + seconds(fail_at[n]));
    BOOST_TEST(d.state == RetryState::in_progress);
    BOOST_TEST((first + seconds(fail_at[n]) + d.delay == first + seconds(fail_at[n + 1])));
  }
  // The 8 s delay would end at 15 s, past the 10 s deadline.
  BOOST_TEST(decide(policy, 4, kFlaky, deadline, first + seconds(7)).state == RetryState::timeout);
}

BOOST_AUTO_TEST_CASE(a_retry_ending_exactly_at_the_deadline_is_still_scheduled) {
  const RetryPolicy policy;
  const Instant deadline = kDefaultEpoch + seconds(10);
  BOOST_TEST(decide(policy, 1, kFlaky, deadline, deadline - seconds(1)).state ==
             RetryState::in_progress);
  BOOST_TEST(decide(policy, 1, kFlaky, deadline, deadline - seconds(0.5)).state ==
             RetryState::timeout);
}

BOOST_AUTO_TEST_CASE(next_retry_delay_replaces_the_delay_and_is_not_capped) {
  RetryPolicy policy;
  policy.maximum_interval = seconds(2);
  Failure failure = Failure::application("RateLimited", "slow down", false, {}, seconds(30));
  const RetryDecision d = decide(policy, 1, failure);
  BOOST_TEST(d.state == RetryState::in_progress);
  BOOST_TEST((d.delay == seconds(30)));
  failure.next_retry_delay = -seconds(5);
  BOOST_TEST((decide(policy, 1, failure).delay == Duration::zero()));
  // MaximumAttempts and the deadline still apply.
  failure.next_retry_delay = seconds(30);
  BOOST_TEST(decide(policy, 1, failure, kDefaultEpoch + seconds(20)).state == RetryState::timeout);
  policy.maximum_attempts = 1;
  BOOST_TEST(decide(policy, 1, failure).state == RetryState::maximum_attempts_reached);
}

BOOST_AUTO_TEST_CASE(maximum_attempts_counts_total_attempts) {
  RetryPolicy policy;
  policy.maximum_attempts = 3;
  BOOST_TEST(decide(policy, 1, kFlaky).state == RetryState::in_progress);
  BOOST_TEST(decide(policy, 2, kFlaky).state == RetryState::in_progress);
  BOOST_TEST(decide(policy, 3, kFlaky).state == RetryState::maximum_attempts_reached);
}

BOOST_AUTO_TEST_CASE(which_failures_are_retryable) {
  RetryPolicy policy;
  policy.non_retryable_error_types = {"CardDeclined", "TemporalTimeout:StartToClose"};
  BOOST_TEST(is_retryable(kFlaky, policy));
  BOOST_TEST(!is_retryable(Failure::application("CardDeclined", "no"), policy));
  // An exact match, not a substring.
  BOOST_TEST(is_retryable(Failure::application("CardDeclinedTwice", "no"), policy));
  BOOST_TEST(!is_retryable(Failure::application("Flaky", "no", /*non_retryable=*/true), policy));
  BOOST_TEST(!is_retryable(Failure::timeout(TimeoutType::start_to_close), policy));
  BOOST_TEST(is_retryable(Failure::timeout(TimeoutType::heartbeat), policy));
  BOOST_TEST(!is_retryable(Failure::timeout(TimeoutType::schedule_to_start), policy));
  BOOST_TEST(!is_retryable(Failure::timeout(TimeoutType::schedule_to_close), policy));
  BOOST_TEST(!is_retryable(Failure::canceled("canceled"), policy));
  BOOST_TEST(is_retryable(Failure{}, policy));  // No info: retried.
}

BOOST_AUTO_TEST_CASE(retry_states_of_non_retryable_outcomes) {
  RetryPolicy policy;
  policy.non_retryable_error_types = {"TemporalTimeout:Heartbeat"};
  BOOST_TEST(decide(policy, 1, Failure::timeout(TimeoutType::heartbeat)).state ==
             RetryState::non_retryable_failure);
  BOOST_TEST(decide(policy, 1, Failure::timeout(TimeoutType::schedule_to_start)).state ==
             RetryState::timeout);
  BOOST_TEST(decide(policy, 1, Failure::timeout(TimeoutType::schedule_to_close)).state ==
             RetryState::timeout);
  BOOST_TEST(decide(policy, 1, kFlaky, std::nullopt, kDefaultEpoch, /*cancel_requested=*/true)
                 .state == RetryState::cancel_requested);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::temporal
