// RapidCheck properties of the Temporal engine over random retry policies and random attempt
// outcomes, checking invariants 19-24 of facts section 6 against the recorded history and the
// poll answers. Expected backoff delays are computed here independently, in exact integer
// arithmetic, from the formula of TMP-2.2.
#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include "engine/temporal_test_support.h"

namespace wfsim::temporal {
namespace {

using testing::Driver;

enum class Act : int { complete, fail, fail_non_retryable, fail_listed, fail_with_delay, hang };

struct Action {
  Act act = Act::complete;
  int64_t after_ms = 0;  // When the worker responds, from the attempt's start.
  bool heartbeat = false;  // Heartbeat once, halfway.
  int64_t next_retry_delay_ms = 0;
};

struct Coefficient {
  double value;
  int64_t numerator;
  int64_t denominator;
};
constexpr Coefficient kCoefficients[] = {{1.0, 1, 1}, {1.5, 3, 2}, {2.0, 2, 1}, {2.5, 5, 2},
                                         {3.0, 3, 1}};

// floor(initial × (numerator/denominator)^exponent), or `cap` when that is larger: exact.
Duration expected_backoff(Duration initial, const Coefficient& c, int exponent, Duration cap) {
  int64_t top = initial.us();  // Small: the loop stops once past the cap.
  int64_t bottom = 1;
  for (int i = 0; i < exponent; ++i) {
    top *= c.numerator;
    bottom *= c.denominator;
    if (top > cap.us() * bottom) return cap;
  }
  return Duration::microseconds(static_cast<int64_t>(top / bottom));
}

struct Attempt {
  Instant scheduled;
  Instant started;
  std::string token;
  Action action;
  std::optional<Instant> closed_at;     // When this attempt ended (response or timeout).
  Payloads details_seen;                // heartbeat_details of its poll response.
  std::optional<Payloads> details_sent; // Recorded by the server during this attempt.
};

Action draw_action(int64_t start_to_close_ms) {
  Action a;
  // Weighted towards retries, so that runs reach the retry bounds and the deadline.
  a.act = *rc::gen::weightedElement<Act>({{1, Act::complete},
                                           {5, Act::fail},
                                           {1, Act::fail_non_retryable},
                                           {1, Act::fail_listed},
                                           {2, Act::fail_with_delay},
                                           {2, Act::hang}});
  a.after_ms = *rc::gen::inRange<int64_t>(0, start_to_close_ms + 500);
  a.heartbeat = *rc::gen::arbitrary<bool>();
  a.next_retry_delay_ms = *rc::gen::inRange<int64_t>(0, 150'000);
  return a;
}

// Runs one attempt's scripted worker; returns whether the worker's own response closed it.
void run_attempt(Driver& d, Attempt& attempt, int number) {
  const Duration after = Duration::milliseconds(attempt.action.after_ms);
  if (attempt.action.heartbeat) {
    d.advance(after / 2);
    const Payloads details = {Json{{"attempt", number}}};
    if (d.heartbeat(attempt.token, details).ok()) attempt.details_sent = details;
    d.advance(after - after / 2);
  } else {
    d.advance(after);
  }
  if (attempt.action.act == Act::hang || !d.engine.task_info(attempt.token)->current) return;
  const Action& a = attempt.action;
  switch (a.act) {
    case Act::complete: RC_ASSERT(d.complete(attempt.token, {Json(number)}).ok()); break;
    case Act::fail: RC_ASSERT(d.fail(attempt.token).ok()); break;
    case Act::fail_non_retryable:
      RC_ASSERT(d.fail(attempt.token, ApplicationFailure{"Flaky", "no", true, {}, {}}).ok());
      break;
    case Act::fail_listed: RC_ASSERT(d.fail(attempt.token, "Listed").ok()); break;
    case Act::fail_with_delay:
      RC_ASSERT(d.fail(attempt.token, ApplicationFailure{"Later", "later", false,
                                                         Duration::milliseconds(
                                                             a.next_retry_delay_ms),
                                                         {}})
                    .ok());
      break;
    case Act::hang: break;
  }
  attempt.closed_at = d.now;
}

bool retryable_failure(const Action& a) {
  return a.act == Act::fail || a.act == Act::fail_with_delay || a.act == Act::hang;
}

// One generated run: a retry policy, timeouts, and what the worker does on each attempt
// (attempts past the script complete at once).
struct Case {
  Duration initial;
  Coefficient coefficient = kCoefficients[0];
  int64_t cap_factor = 0;  // 0: the default 100 x InitialInterval.
  int32_t maximum_attempts = 0;
  std::optional<Duration> schedule_to_close;
  Duration start_to_close_given;
  std::vector<Action> script;

  Duration cap() const { return initial * (cap_factor > 0 ? cap_factor : 100); }
  // After normalisation (TMP-1.2).
  Duration start_to_close() const {
    return schedule_to_close ? std::min(start_to_close_given, *schedule_to_close)
                             : start_to_close_given;
  }
};

Case draw_case() {
  Case c;
  c.initial = Duration::milliseconds(*rc::gen::inRange<int64_t>(1, 3001));
  c.coefficient = kCoefficients[*rc::gen::inRange(0, 5)];
  c.cap_factor = *rc::gen::inRange<int64_t>(0, 40);
  c.maximum_attempts = *rc::gen::inRange(0, 7);
  if (*rc::gen::arbitrary<bool>()) {
    c.schedule_to_close = Duration::seconds(*rc::gen::inRange<int64_t>(1, 120));
  }
  c.start_to_close_given = Duration::seconds(*rc::gen::inRange<int64_t>(1, 30));
  c.script.resize(static_cast<size_t>(*rc::gen::inRange(1, 11)));
  for (Action& a : c.script) a = draw_action(c.start_to_close_given.us() / 1000);
  return c;
}

std::shared_ptr<const WorkflowSpec> spec_of(const Case& c) {
  auto spec = std::make_shared<WorkflowSpec>();
  ActivityStep step;
  step.activity_type = "A";
  step.options.start_to_close_timeout = c.start_to_close_given;
  step.options.schedule_to_close_timeout = c.schedule_to_close;
  RetryPolicySpec& policy = step.options.retry_policy;
  policy.initial_interval = c.initial;
  policy.backoff_coefficient = c.coefficient.value;
  if (c.cap_factor > 0) policy.maximum_interval = c.initial * c.cap_factor;
  policy.maximum_attempts = c.maximum_attempts;
  policy.non_retryable_error_types = {"Listed"};
  spec->steps.push_back(Step::of(step));
  return spec;
}

// Polls whenever a task is available and plays the script; checks invariant 23 on the way.
std::vector<Attempt> run_case(Driver& d, const Case& c) {
  RC_ASSERT(d.start(spec_of(c)).ok());
  std::vector<Attempt> attempts;
  while (d.engine.status("wf") == WorkflowStatus::running) {
    const auto task = d.poll();
    if (!task) {
      RC_ASSERT(d.fire_next());  // Liveness: a running workflow always has a timer pending.
      continue;
    }
    RC_ASSERT(task->attempt == static_cast<int32_t>(attempts.size()) + 1);
    Attempt& attempt = attempts.emplace_back();
    attempt.scheduled = task->current_attempt_scheduled_time;
    attempt.started = d.now;
    attempt.token = task->task_token;
    attempt.details_seen = task->heartbeat_details;
    const size_t index = attempts.size() - 1;
    attempt.action = index < c.script.size() ? c.script[index] : Action{};
    // Invariant 23: every earlier token is stale and changes nothing.
    const Json before = history_to_json(d.history());
    for (size_t k = 0; k < index; ++k) {
      RC_ASSERT(d.heartbeat(attempts[k].token).is_error("NotFound"));
      RC_ASSERT(d.complete(attempts[k].token).is_error("NotFound"));
    }
    RC_ASSERT(history_to_json(d.history()) == before);
    run_attempt(d, attempt, task->attempt);
  }
  return attempts;
}

// Invariants 19-22 and 24 between consecutive attempts; returns the last recorded details.
std::optional<Payloads> check_attempts(const Case& c, const std::vector<Attempt>& attempts) {
  RC_ASSERT(!attempts.empty());
  // Invariant 20: attempts <= MaximumAttempts; none scheduled after the ScheduleToClose deadline.
  if (c.maximum_attempts > 0) {
    RC_ASSERT(attempts.size() <= static_cast<size_t>(c.maximum_attempts));
  }
  for (const Attempt& a : attempts) {
    if (c.schedule_to_close) RC_ASSERT(a.scheduled <= kDefaultEpoch + *c.schedule_to_close);
    RC_ASSERT(a.started >= a.scheduled);
  }
  std::optional<Payloads> last_recorded;
  for (size_t k = 0; k + 1 < attempts.size(); ++k) {
    const Attempt& failed = attempts[k];
    // Invariant 21: only a retryable failure (or a StartToClose timeout) is retried.
    RC_ASSERT(retryable_failure(failed.action) ||
              failed.action.after_ms >= c.start_to_close().us() / 1000);
    // A failure the worker did not report is the StartToClose timeout.
    const Instant failed_at = failed.closed_at.value_or(failed.started + c.start_to_close());
    // Invariant 22: each attempt closes at or before start + StartToClose.
    RC_ASSERT(failed_at <= failed.started + c.start_to_close());
    // Invariant 19: the exact backoff, or the worker's next_retry_delay even above the cap.
    const bool custom_delay = failed.closed_at && failed.action.act == Act::fail_with_delay;
    const Duration expected =
        custom_delay ? Duration::milliseconds(failed.action.next_retry_delay_ms)
                     : expected_backoff(c.initial, c.coefficient, static_cast<int>(k), c.cap());
    RC_ASSERT(attempts[k + 1].scheduled - failed_at == expected);
    // Invariant 24: the next attempt sees the last details the server recorded.
    if (failed.details_sent) last_recorded = failed.details_sent;
    const bool handed_over = attempts[k + 1].details_seen == last_recorded.value_or(Payloads{});
    RC_ASSERT(handed_over);  // Payloads are compared outside RC_ASSERT, which cannot print JSON.
  }
  if (attempts.back().details_sent) last_recorded = attempts.back().details_sent;
  return last_recorded;
}

// Invariants 20-22 and 24 on the activity's recorded close.
void check_close(const Case& c, const History& h, const std::vector<Attempt>& attempts,
                 const std::optional<Payloads>& last_recorded) {
  const HistoryEvent& scheduled = h.at(2);
  RC_ASSERT(scheduled.type == EventType::ActivityTaskScheduled);
  RC_ASSERT(scheduled.heartbeat_timeout <= scheduled.start_to_close_timeout);  // Invariant 22.
  const HistoryEvent& close = h.events[h.size() - 2];
  RC_ASSERT(is_activity_close(close.type));
  RC_TAG(std::string(to_string(close.type)), std::string(to_string(close.retry_state)));
  // Invariant 20: no attempt waits for a start past the deadline, so the last one started.
  RC_ASSERT(close.started_event_id != 0);
  const HistoryEvent& started = h.at(close.started_event_id);
  const auto n = static_cast<int32_t>(attempts.size());
  RC_ASSERT(started.attempt == n);
  RC_ASSERT(started.last_failure.has_value() == (n > 1));
  if (close.type == EventType::ActivityTaskTimedOut) {
    // Invariant 20: out of time, the timeout is reported as SCHEDULE_TO_CLOSE; 24: details.
    if (close.retry_state == RetryState::timeout) {
      RC_ASSERT(close.failure->timeout_type == TimeoutType::schedule_to_close);
    }
    const bool final_details =
        close.failure->last_heartbeat_details == last_recorded.value_or(Payloads{});
    RC_ASSERT(final_details);
  }
  const Action& last = attempts.back().action;
  if (close.type == EventType::ActivityTaskFailed && !retryable_failure(last)) {
    RC_ASSERT(close.retry_state == RetryState::non_retryable_failure);  // Invariant 21.
  }
  if (close.type != EventType::ActivityTaskCompleted && n == c.maximum_attempts &&
      retryable_failure(last) && close.retry_state != RetryState::timeout) {
    RC_ASSERT(close.retry_state == RetryState::maximum_attempts_reached);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(temporal_properties)

RC_BOOST_PROP(retries_follow_the_policy_exactly_and_stay_within_their_bounds, ()) {
  const Case c = draw_case();
  Driver d;
  const std::vector<Attempt> attempts = run_case(d, c);
  const std::optional<Payloads> last_recorded = check_attempts(c, attempts);
  check_close(c, d.history(), attempts, last_recorded);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::temporal
