// Temporal invariants 20-23 at an activity's close: whether it closed when, how and with the
// retry state the rules give for its final attempt (temporal_model.h decide()), and whether calls
// with tokens that were no longer current got NotFound and changed nothing.
#include <fmt/format.h>

#include "check/record_view.h"
#include "check/temporal_analysis.h"

namespace wfsim::check::tmp {
namespace {

namespace th = ::wfsim::temporal;

th::EventType close_type_for(AttemptEnd end) {
  switch (end) {
    case AttemptEnd::completed: return th::EventType::ActivityTaskCompleted;
    case AttemptEnd::failed: return th::EventType::ActivityTaskFailed;
    case AttemptEnd::canceled: return th::EventType::ActivityTaskCanceled;
    default: return th::EventType::ActivityTaskTimedOut;
  }
}

bool timeout_type_matches(AttemptEnd end, th::TimeoutType type) {
  switch (end) {
    case AttemptEnd::start_to_close: return type == th::TimeoutType::start_to_close;
    case AttemptEnd::heartbeat: return type == th::TimeoutType::heartbeat;
    case AttemptEnd::timeout_either:
      return type == th::TimeoutType::start_to_close || type == th::TimeoutType::heartbeat;
    case AttemptEnd::schedule_to_close: return type == th::TimeoutType::schedule_to_close;
    default: return true;
  }
}

}  // namespace

void Analysis::never_started(const Activity& a) {
  const th::HistoryEvent* c = a.close;
  if (c == nullptr) return;
  const th::HistoryEvent& s = *a.scheduled;
  const bool timed_out = c->type == th::EventType::ActivityTaskTimedOut && c->failure;
  bool ok = c->type == th::EventType::ActivityTaskCanceled && !a.cancel_requests.empty();
  if (timed_out && c->failure->timeout_type == th::TimeoutType::schedule_to_start) {
    ok = s.schedule_to_start_timeout > Duration::zero() &&
         distance(c->event_time, saturating_add(s.event_time, s.schedule_to_start_timeout)) <=
             tolerance_;
  }
  if (timed_out && c->failure->timeout_type == th::TimeoutType::schedule_to_close) {
    ok = a.expiration && distance(c->event_time, *a.expiration) <= tolerance_;
  }
  if (!ok) {
    add(kTimers, c->event_id, 0,
        fmt::format("{} closed with {} at {} without any attempt having started; only its "
                    "ScheduleToStart or ScheduleToClose deadline or a cancel request may close it",
                    name(a), th::to_string(c->type), at(c->event_time)));
  }
}

void Analysis::final_close(const Activity& a) {
  if (a.attempts.empty()) {
    never_started(a);
    return;
  }
  const Attempt& last = a.attempts.back();
  const Decision d = m_.decide(a, a.attempts.size() - 1);
  if (a.close == nullptr) {
    if (d.kind == Decision::Kind::close && !m_.workflow_close &&
        m_.record_end > saturating_add(last.end_time, tolerance_)) {
      add(d.invariant, 0, 0,
          fmt::format("{} must close at {} ({}; {}); the record runs on to {} with it open",
                      name(a), at(last.end_time), ended(last), d.reason, at(m_.record_end)));
    }
    return;
  }
  if (d.kind == Decision::Kind::retry) close_retried(a, last, d);
  if (d.kind == Decision::Kind::close) close_timing(a, last, d);
}

void Analysis::close_timing(const Activity& a, const Attempt& last, const Decision& d) {
  const th::HistoryEvent& c = *a.close;
  const bool by_timer = is_attempt_timeout(last.end) || last.end == AttemptEnd::schedule_to_close;
  if (distance(c.event_time, last.end_time) > tolerance_) {
    add(by_timer ? kTimers : d.invariant, c.event_id, 0,
        fmt::format("{}: {}, which closes the activity ({}); it closed at {} with {}", name(a),
                    ended(last), d.reason, at(c.event_time), th::to_string(c.type)));
    return;
  }
  if (last.schedule_to_close_tie && c.type == th::EventType::ActivityTaskTimedOut && c.failure &&
      c.failure->timeout_type == th::TimeoutType::schedule_to_close &&
      (c.retry_state == th::RetryState::timeout || c.retry_state == d.state)) {
    return;  // The ScheduleToClose timer fired first: as valid as the attempt's own timer.
  }
  const th::EventType expected = close_type_for(last.end);
  if (c.type != expected) {
    const bool by_call = !by_timer;
    add(by_call ? kStale : kTimers, c.event_id, 0,
        fmt::format("{} closed with {}, but {}{}", name(a), th::to_string(c.type), ended(last),
                    by_call ? "; only the accepted response of the current attempt may close it"
                            : std::string()));
    return;
  }
  if ((c.type == th::EventType::ActivityTaskFailed ||
       c.type == th::EventType::ActivityTaskTimedOut) &&
      c.retry_state != d.state) {
    add(d.invariant, c.event_id, 0,
        fmt::format("{} closed with retry state {}; {} ({}), which gives {}", name(a),
                    th::to_string(c.retry_state), ended(last), d.reason, th::to_string(d.state)));
    return;
  }
  if (c.type != th::EventType::ActivityTaskTimedOut || !c.failure) return;
  const th::TimeoutType type = c.failure->timeout_type;
  if (d.out_of_time ? type != th::TimeoutType::schedule_to_close
                    : !timeout_type_matches(last.end, type)) {
    add(d.out_of_time ? kRetryBounds : kTimers, c.event_id, 0,
        fmt::format("{} timed out with type {}; {} ({}), which records {}", name(a),
                    th::to_string(type), ended(last), d.reason,
                    d.out_of_time ? "SCHEDULE_TO_CLOSE (out of ScheduleToClose time)"
                                  : std::string(to_string(last.end))));
    return;
  }
  if (type == th::TimeoutType::heartbeat && a.scheduled->heartbeat_timeout <= Duration::zero()) {
    add(kTimers, c.event_id, 0,
        fmt::format("{} timed out on heartbeats although its heartbeat timeout is 0 (disabled)",
                    name(a)));
  }
}

void Analysis::close_retried(const Activity& a, const Attempt& last, const Decision& d) {
  const th::HistoryEvent& c = *a.close;
  const th::HistoryEvent& s = *a.scheduled;
  const Instant due = saturating_add(last.end_time, d.delay);
  bool ok = false;
  if (c.type == th::EventType::ActivityTaskTimedOut && c.failure) {
    if (c.failure->timeout_type == th::TimeoutType::schedule_to_close && a.expiration) {
      ok = distance(c.event_time, *a.expiration) <= tolerance_;
    }
    if (c.failure->timeout_type == th::TimeoutType::schedule_to_start &&
        s.schedule_to_start_timeout > Duration::zero()) {
      ok = distance(c.event_time, saturating_add(due, s.schedule_to_start_timeout)) <= tolerance_;
    }
  }
  if (c.type == th::EventType::ActivityTaskCanceled) {
    for (const th::HistoryEvent* cancel : a.cancel_requests) {
      if (distance(cancel->event_time, c.event_time) <= tolerance_) ok = true;
    }
  }
  if (!ok) {
    add(kRetryBounds, c.event_id, 0,
        fmt::format("{}: {}; the retry policy schedules attempt {} at {} (after {}), but the "
                    "activity closed at {} with {} and no further attempt",
                    name(a), ended(last), last.number + 1, at(due), seconds_text(d.delay),
                    at(c.event_time), th::to_string(c.type)));
  }
}

void Analysis::stale(const Activity& a) {
  for (const Attempt& t : a.attempts) {
    for (const TokenCall& call : t.calls) stale_call(a, t, *call.record);
  }
}

void Analysis::stale_call(const Activity& a, const Attempt& t, const CallRecord& r) {
  if (r.dropped || &r == t.closing_call) return;
  Instant over = t.end == AttemptEnd::open ? Instant::max() : t.end_time;
  if (a.close != nullptr) over = std::min(over, a.close->event_time);
  if (m_.workflow_close) over = std::min(over, *m_.workflow_close);
  const bool respond = r.api != ApiCall::RecordActivityTaskHeartbeat;
  if (r.time > saturating_add(over, tolerance_)) {
    if (accepted(r)) {
      add(kStale, 0, r.sequence,
          fmt::format("{} was accepted with the token of attempt {} of {}, which stopped being "
                      "current at {}; stale tokens get NotFound",
                      describe_call(r), t.number, name(a), at(over)));
    } else if (r.error && r.error->code == "InvalidArgument") {
      // Other codes (ResourceExhausted from a rate limit) rejected the call before its token
      // was looked at; InvalidArgument is the answer for a token that does not decode.
      add(kStale, 0, r.sequence,
          fmt::format("{} with the stale token of attempt {} of {} got {}; stale tokens get "
                      "NotFound",
                      describe_call(r), t.number, name(a), r.error->code));
    }
    return;
  }
  if (respond && accepted(r) && t.closing_call != nullptr) {
    add(kStale, 0, r.sequence,
        fmt::format("{} was accepted although attempt {} of {} had already been closed by {}",
                    describe_call(r), t.number, name(a), describe_call(*t.closing_call)));
    return;
  }
  if (over != Instant::max() && r.time + tolerance_ >= over) return;  // A tie with the close.
  if (rejected_with(r, "NotFound")) {
    add(kStale, 0, r.sequence,
        fmt::format("{} got NotFound although attempt {} of {} was current (started at {})",
                    describe_call(r), t.number, name(a), at(t.started)));
  }
}

}  // namespace wfsim::check::tmp
