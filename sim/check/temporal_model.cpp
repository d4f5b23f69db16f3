// The Temporal activity model; see temporal_model.h.
#include "check/temporal_model.h"
#include "check/invariant_names.h"

#include <algorithm>
#include <limits>
#include <map>

#include "check/record_view.h"

namespace wfsim::check::tmp {
namespace {

namespace th = ::wfsim::temporal;

constexpr std::string_view kRetryBounds = names::kTemporalRetryBounds;
constexpr std::string_view kNonRetryable = names::kTemporalNonRetryableCloses;

std::optional<TokenApi> token_api(ApiCall api) {
  if (api == ApiCall::RecordActivityTaskHeartbeat) return TokenApi::heartbeat;
  if (api == ApiCall::RespondActivityTaskCompleted) return TokenApi::completed;
  if (api == ApiCall::RespondActivityTaskFailed) return TokenApi::failed;
  if (api == ApiCall::RespondActivityTaskCanceled) return TokenApi::canceled;
  return std::nullopt;
}

ReportedFailure read_failure(const Json& request) {
  ReportedFailure out;
  const Json* failure = member(request, "failure");
  const Json* info = failure ? member(*failure, "applicationFailureInfo") : nullptr;
  if (info == nullptr) return out;
  out.has_info = true;
  out.type = string_member(*info, "type").value_or("");
  out.non_retryable = bool_member(*info, "nonRetryable").value_or(false);
  out.next_retry_delay = duration_member(*info, "nextRetryDelay");
  return out;
}

bool listed(const th::RetryPolicy& policy, std::string_view type) {
  return std::find(policy.non_retryable_error_types.begin(), policy.non_retryable_error_types.end(),
                   type) != policy.non_retryable_error_types.end();
}

Decision close(th::RetryState state, std::string reason, std::string_view invariant) {
  Decision d;
  d.kind = Decision::Kind::close;
  d.state = state;
  d.reason = std::move(reason);
  d.invariant = invariant;
  return d;
}

}  // namespace

std::string_view to_string(AttemptEnd end) {
  switch (end) {
    case AttemptEnd::open: return "still open";
    case AttemptEnd::completed: return "completed";
    case AttemptEnd::failed: return "failed";
    case AttemptEnd::canceled: return "canceled";
    case AttemptEnd::start_to_close: return "StartToClose timeout";
    case AttemptEnd::heartbeat: return "Heartbeat timeout";
    case AttemptEnd::timeout_either: return "StartToClose and Heartbeat timeout";
    case AttemptEnd::schedule_to_close: return "ScheduleToClose timeout";
    case AttemptEnd::workflow_closed: return "workflow close";
  }
  return "?";
}

bool is_attempt_timeout(AttemptEnd end) {
  return end == AttemptEnd::start_to_close || end == AttemptEnd::heartbeat ||
         end == AttemptEnd::timeout_either;
}

Model::Model(const Observation& obs) : observation(obs), history(*obs.temporal_history) {
  read_history();
  read_polls();
  read_token_calls();
  for (Activity& activity : activities) derive_ends(activity);
}

void Model::read_history() {
  std::map<int64_t, size_t> by_scheduled;
  for (const th::HistoryEvent& e : history.events) {
    record_end = std::max(record_end, e.event_time);
    if (e.type == th::EventType::WorkflowExecutionStarted) run_id = e.run_id;
    if (th::is_workflow_close(e.type) && !workflow_close) workflow_close = e.event_time;
    if (e.type == th::EventType::ActivityTaskScheduled) {
      Activity a;
      a.scheduled = &e;
      if (e.schedule_to_close_timeout > Duration::zero()) {
        a.expiration = saturating_add(e.event_time, e.schedule_to_close_timeout);
      }
      by_scheduled[e.event_id] = activities.size();
      activities.push_back(std::move(a));
      continue;
    }
    const auto it = by_scheduled.find(e.scheduled_event_id);
    if (it == by_scheduled.end()) continue;
    Activity& a = activities[it->second];
    if (e.type == th::EventType::ActivityTaskStarted) a.started = &e;
    if (e.type == th::EventType::ActivityTaskCancelRequested) a.cancel_requests.push_back(&e);
    if (th::is_activity_close(e.type) && a.close == nullptr) a.close = &e;
  }
}

void Model::read_polls() {
  if (observation.calls == nullptr) return;
  for (const CallRecord& r : observation.calls->records) {
    record_end = std::max(record_end, r.time);
    if (r.api != ApiCall::PollActivityTaskQueue || r.dropped || !r.response) continue;
    const auto token = string_member(*r.response, "taskToken");
    if (!token || token->empty()) continue;
    if (const Json* execution = member(*r.response, "workflowExecution")) {
      const auto run = string_member(*execution, "runId");
      if (run && !run_id.empty() && *run != run_id) continue;  // Another workflow's task.
    }
    const auto activity_id = string_member(*r.response, "activityId");
    Activity* activity = nullptr;
    for (Activity& a : activities) {
      if (activity_id && a.scheduled->activity_id == *activity_id) activity = &a;
    }
    if (activity == nullptr) continue;
    Attempt attempt;
    attempt.number = static_cast<int32_t>(integer_member(*r.response, "attempt").value_or(0));
    attempt.token = *token;
    attempt.poll = &r;
    attempt.scheduled = time_member(*r.response, "currentAttemptScheduledTime").value_or(r.time);
    attempt.started = r.time;
    attempt.details_seen = payloads_member(*r.response, "heartbeatDetails");
    attempt.heartbeat_timeout = duration_member(*r.response, "heartbeatTimeout")
                                    .value_or(activity->scheduled->heartbeat_timeout);
    activity->attempts.push_back(std::move(attempt));
  }
}

void Model::read_token_calls() {
  if (observation.calls == nullptr) return;
  std::map<std::string, Attempt*, std::less<>> by_token;
  for (Activity& activity : activities) {
    for (Attempt& attempt : activity.attempts) by_token.emplace(attempt.token, &attempt);
  }
  for (const CallRecord& r : observation.calls->records) {
    const auto api = token_api(r.api);
    if (!api) continue;
    const auto token = task_token(r);
    const auto it = token ? by_token.find(*token) : by_token.end();
    if (it == by_token.end()) {
      if (!r.dropped) unknown_token_calls.push_back(&r);
      continue;
    }
    it->second->calls.push_back(TokenCall{*api, &r});
  }
}

void Model::derive_ends(Activity& activity) {
  const th::HistoryEvent& scheduled = *activity.scheduled;
  const Duration tolerance = observation.semantics.temporal_tolerance;
  const Duration start_to_close = scheduled.start_to_close_timeout;
  const Duration heartbeat = scheduled.heartbeat_timeout;
  const Instant schedule_to_close = activity.expiration.value_or(Instant::max());
  const Instant workflow = workflow_close.value_or(Instant::max());
  for (Attempt& a : activity.attempts) {
    if (start_to_close > Duration::zero()) {
      a.start_to_close_deadline = saturating_add(a.started, start_to_close);
    }
    std::optional<Instant> beat_deadline;
    if (heartbeat > Duration::zero()) beat_deadline = saturating_add(a.started, heartbeat);
    const CallRecord* response = nullptr;  // The first accepted Respond*.
    for (const TokenCall& call : a.calls) {
      if (call.api != TokenApi::heartbeat && accepted(*call.record)) {
        response = call.record;
        break;
      }
    }
    for (const TokenCall& call : a.calls) {
      if (!accepted(*call.record)) continue;
      if (response && call.record->sequence > response->sequence) break;
      const Instant t = call.record->time;
      const Instant limit =
          std::min({a.start_to_close_deadline, beat_deadline.value_or(Instant::max()),
                    schedule_to_close, workflow});
      if (t > saturating_add(limit, tolerance)) a.late_calls.push_back(call.record);
      if (call.api != TokenApi::heartbeat) break;
      if (beat_deadline) beat_deadline = std::max(*beat_deadline, saturating_add(t, heartbeat));
      a.recorded_details = payloads_member(call.record->request, "details");
    }
    a.heartbeat_deadline = beat_deadline;
    const Instant natural =
        std::min(a.start_to_close_deadline, beat_deadline.value_or(Instant::max()));
    const Instant first = std::min({natural, schedule_to_close, workflow});
    // A response closes the attempt only if it came before every timer; a later one was
    // accepted late (timer_semantics) or with a stale token (stale_tokens_not_found).
    if (response && response->time <= saturating_add(first, tolerance)) {
      a.closing_call = response;
      a.end_time = a.closing_call->time;
      const auto api = token_api(a.closing_call->api);
      a.end = api == TokenApi::completed ? AttemptEnd::completed
              : api == TokenApi::failed  ? AttemptEnd::failed
                                         : AttemptEnd::canceled;
      if (a.end == AttemptEnd::failed) a.failure = read_failure(a.closing_call->request);
      continue;
    }
    if (first == Instant::max() || first > record_end) continue;  // Open when the record ends.
    a.end_time = first;
    a.schedule_to_close_tie = natural == first && schedule_to_close == first;
    if (natural == first) {
      const Instant beat = beat_deadline.value_or(Instant::max());
      a.end = a.start_to_close_deadline < beat   ? AttemptEnd::start_to_close
              : beat < a.start_to_close_deadline ? AttemptEnd::heartbeat
                                                 : AttemptEnd::timeout_either;
    } else if (schedule_to_close == first) {
      a.end = AttemptEnd::schedule_to_close;
    } else {
      a.end = AttemptEnd::workflow_closed;
    }
  }
}

Duration Model::backoff(const th::RetryPolicy& policy, int32_t failed_attempt) {
  // initial x coefficient^(n-1) in nanoseconds, truncated, then to microseconds (TMP-2.2). The
  // power is taken by squaring, so a huge attempt number from a hand-written record costs
  // nothing; a non-finite or absurd coefficient saturates.
  constexpr long double kSaturation = 9.2e18L;
  long double factor = 1.0L;
  long double base = static_cast<long double>(policy.backoff_coefficient);
  for (int64_t e = std::max<int64_t>(failed_attempt - 1, 0); e > 0 && factor < kSaturation;
       e >>= 1) {
    if ((e & 1) != 0) factor *= base;
    base = base < kSaturation ? base * base : kSaturation;
  }
  const long double ns = static_cast<long double>(policy.initial_interval.us()) * 1000.0L * factor;
  int64_t whole_ns = 0;
  if (!(ns >= 0.0L)) {
    whole_ns = 0;  // NaN or negative: "not positive", replaced by MaximumInterval below.
  } else if (ns >= kSaturation) {
    whole_ns = std::numeric_limits<int64_t>::max();
  } else {
    whole_ns = static_cast<int64_t>(ns);
  }
  Duration delay = Duration::microseconds(whole_ns / 1000);
  if (delay > policy.maximum_interval || delay <= Duration::zero()) delay = policy.maximum_interval;
  return delay;
}

// Whether a cancel request was pending when the attempt ended. At the same instant the call log
// orders a request against the response that ended the attempt; against a timer it cannot.
Model::CancelOrder Model::cancel_before_end(const Activity& activity, const Attempt& a) const {
  CancelOrder order = CancelOrder::after;
  for (const th::HistoryEvent* cancel : activity.cancel_requests) {
    if (cancel->event_time < a.end_time) return CancelOrder::before;
    if (cancel->event_time != a.end_time) continue;
    if (a.closing_call == nullptr || observation.calls == nullptr) return CancelOrder::unknown;
    for (const CallRecord& r : observation.calls->records) {
      if (r.api == ApiCall::RequestCancelActivity && accepted(r) && r.time == a.end_time &&
          r.sequence < a.closing_call->sequence) {
        return CancelOrder::before;
      }
    }
  }
  return order;
}

Decision Model::decide(const Activity& activity, size_t index) const {
  const Attempt& a = activity.attempts[index];
  switch (a.end) {
    case AttemptEnd::open:
    case AttemptEnd::workflow_closed: return Decision{};
    case AttemptEnd::completed:
      return close(th::RetryState::unspecified, "the attempt completed", kNonRetryable);
    case AttemptEnd::canceled:
      return close(th::RetryState::unspecified, "the attempt reported cancellation", kNonRetryable);
    default: break;
  }
  // The server's order (TMP-1.4, 2.2): a pending cancel request first, then timeouts that are
  // never retried, then the retry policy.
  switch (cancel_before_end(activity, a)) {
    case CancelOrder::before:
      return close(th::RetryState::cancel_requested, "a cancel was requested", kNonRetryable);
    case CancelOrder::unknown: return Decision{};
    case CancelOrder::after: break;
  }
  if (a.end == AttemptEnd::schedule_to_close) {
    return close(th::RetryState::timeout, "ScheduleToClose timeouts are never retried",
                 kNonRetryable);
  }
  if (!activity.scheduled->retry_policy) return Decision{};
  const th::RetryPolicy& policy = *activity.scheduled->retry_policy;
  if (a.end == AttemptEnd::failed) {
    if (a.failure.has_info && a.failure.non_retryable) {
      return close(th::RetryState::non_retryable_failure, "the failure is flagged non_retryable",
                   kNonRetryable);
    }
    if (a.failure.has_info && listed(policy, a.failure.type)) {
      return close(th::RetryState::non_retryable_failure,
                   "its type '" + a.failure.type + "' is in NonRetryableErrorTypes", kNonRetryable);
    }
  } else {
    const bool stc_listed = listed(policy, "TemporalTimeout:StartToClose");
    const bool beat_listed = listed(policy, "TemporalTimeout:Heartbeat");
    const bool non_retryable = a.end == AttemptEnd::start_to_close ? stc_listed
                               : a.end == AttemptEnd::heartbeat    ? beat_listed
                                                                   : stc_listed && beat_listed;
    if (a.end == AttemptEnd::timeout_either && stc_listed != beat_listed) return Decision{};
    if (non_retryable) {
      return close(th::RetryState::non_retryable_failure,
                   "its timeout type is listed in NonRetryableErrorTypes", kNonRetryable);
    }
  }
  if (policy.maximum_attempts > 0 && a.number >= policy.maximum_attempts) {
    return close(th::RetryState::maximum_attempts_reached,
                 "attempt " + std::to_string(a.number) + " is MaximumAttempts", kRetryBounds);
  }
  Decision d;
  d.delay = a.end == AttemptEnd::failed && a.failure.next_retry_delay
                ? std::max(*a.failure.next_retry_delay, Duration::zero())
                : backoff(policy, a.number);
  if (activity.expiration && saturating_add(a.end_time, d.delay) > *activity.expiration) {
    Decision out = close(th::RetryState::timeout,
                         "a retry would start at " + at(saturating_add(a.end_time, d.delay)) +
                             ", after the ScheduleToClose deadline " + at(*activity.expiration),
                         kRetryBounds);
    out.out_of_time = true;
    out.delay = d.delay;
    return out;
  }
  d.kind = Decision::Kind::retry;
  d.state = th::RetryState::in_progress;
  return d;
}

}  // namespace wfsim::check::tmp
