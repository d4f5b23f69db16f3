// Step Functions invariants 7, 8 and 11: the TimeoutSeconds deadline holds whatever the
// heartbeats (SFN-1.1e, 1.1f), the heartbeat deadline fires exactly and is recorded as
// States.Timeout (SFN-1.2a-c), and an accepted heartbeat causes no history event (SFN-1.2a).
#include <fmt/format.h>

#include "check/checks_internal.h"
#include "check/invariant_names.h"
#include "check/record_view.h"
#include "check/sfn_clocks.h"

namespace wfsim::check::sfn {
namespace {

std::string attempt_text(const Record& r, const Attempt& a) {
  return fmt::format("the attempt of '{}' scheduled at event {}",
                     a.visit >= 0 ? r.visits[static_cast<size_t>(a.visit)].name : "?", a.scheduled);
}

// The latest time the record shows the execution at: its last event.
Instant record_end(const Record& r) { return r.history.events.back().timestamp; }

}  // namespace

void check_hard_task_timeout(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnHardTaskTimeout,
                   "the registry pairs each checker with its own invariant");
  const Record& r = context.record();
  if (!r.usable) return;
  const Duration tolerance = r.observation.semantics.timer_tolerance;
  const auto& clocks = context.clocks();
  for (size_t i = 0; i < r.attempts.size(); ++i) {
    const Attempt& a = r.attempts[i];
    const AttemptClocks& c = clocks[i];
    if (!c.timeout_deadline) continue;
    const Instant late = saturating_add(*c.timeout_deadline, tolerance);
    if (!a.closed()) {
      if (record_end(r) > late) {
        findings.add(a.scheduled, 0,
                     fmt::format("{} is still open at {}, past its TimeoutSeconds deadline {} "
                                 "({}s after {})",
                                 attempt_text(r, a), at(record_end(r)), at(*c.timeout_deadline),
                                 a.timeout_seconds, at(*c.timeout_clock_start)));
      }
      continue;
    }
    if (a.close_time > late) {
      findings.add(
          a.closed_by, 0,
          fmt::format("{} closed at {} ({}), {} after its clock started at {}; "
                      "TimeoutSeconds is {} whatever the heartbeats",
                      attempt_text(r, a), at(a.close_time), to_string(r.event(a.closed_by).type),
                      seconds_text(a.close_time - *c.timeout_clock_start),
                      at(*c.timeout_clock_start), a.timeout_seconds));
      continue;
    }
    const HistoryEvent& closer = r.event(a.closed_by);
    if (is_attempt_timed_out(closer.type) && !a.heartbeat_seconds &&
        timeout_cause(r, a, c, closer.timestamp) == TimeoutCause::unexplained) {
      findings.add(closer.id, 0,
                   fmt::format("{} timed out at {}, but its TimeoutSeconds deadline is {}",
                               attempt_text(r, a), at(closer.timestamp), at(*c.timeout_deadline)));
    }
  }
}

void check_heartbeat_timeout(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnHeartbeatTimeout,
                   "the registry pairs each checker with its own invariant");
  const Record& r = context.record();
  if (!r.usable) return;
  const Duration tolerance = r.observation.semantics.timer_tolerance;
  const auto& clocks = context.clocks();
  for (size_t i = 0; i < r.attempts.size(); ++i) {
    const Attempt& a = r.attempts[i];
    const AttemptClocks& c = clocks[i];
    for (const int64_t id : a.outcomes) {
      const HistoryEvent& e = r.event(id);
      if (is_attempt_timed_out(e.type) && e.error != std::optional<std::string>("States.Timeout")) {
        findings.add(id, 0,
                     fmt::format("{} records error '{}'; a timeout from either clock is "
                                 "recorded as States.Timeout",
                                 to_string(e.type), e.error.value_or("")));
      }
    }
    if (!c.heartbeat_deadline) continue;
    for (const LateHeartbeat& late : c.late_heartbeats) {
      findings.add(a.scheduled, late.call->sequence,
                   fmt::format("{} accepted SendTaskHeartbeat at {} ({}), after its heartbeat "
                               "deadline {} (HeartbeatSeconds {} after the start or the last "
                               "accepted heartbeat): it should have timed out then",
                               attempt_text(r, a), at(late.call->time), describe_call(*late.call),
                               at(late.deadline), *a.heartbeat_seconds));
    }
    if (!c.late_heartbeats.empty()) continue;
    const Instant deadline = saturating_add(*c.heartbeat_deadline, tolerance);
    const Instant end = a.closed() ? a.close_time : record_end(r);
    if (c.heartbeats_known && end > deadline) {
      findings.add(a.closed() ? a.closed_by : a.scheduled, 0,
                   fmt::format("{} was still open at {}, past its heartbeat deadline {} "
                               "(HeartbeatSeconds {}, {} accepted heartbeats)",
                               attempt_text(r, a), at(end), at(*c.heartbeat_deadline),
                               *a.heartbeat_seconds, c.accepted_heartbeats.size()));
      continue;
    }
    if (!a.closed() || !is_attempt_timed_out(r.event(a.closed_by).type)) continue;
    if (timeout_cause(r, a, c, a.close_time) == TimeoutCause::unexplained) {
      findings.add(a.closed_by, 0,
                   fmt::format("{} timed out at {}, which is neither its heartbeat deadline {} "
                               "(HeartbeatSeconds {} after its start at {} or its last accepted "
                               "heartbeat) nor its TimeoutSeconds deadline {}",
                               attempt_text(r, a), at(a.close_time), at(*c.heartbeat_deadline),
                               *a.heartbeat_seconds, at(a.started_time),
                               c.timeout_deadline ? at(*c.timeout_deadline) : std::string("none")));
    }
  }
}

namespace {

// Whether something other than a heartbeat explains how attempt `a` closed at `t`.
bool close_explained(Context& context, const Attempt& a, size_t index, Instant t) {
  const Record& r = context.record();
  const HistoryEvent& closer = r.event(a.closed_by);
  if (is_attempt_timed_out(closer.type)) {
    const TimeoutCause cause = timeout_cause(r, a, context.clocks()[index], t);
    return cause == TimeoutCause::task_timeout || cause == TimeoutCause::either;
  }
  if (is_attempt_outcome(closer.type)) {
    for (const int c : r.calls_of_attempt[index]) {
      const TokenCall& call = r.token_calls[static_cast<size_t>(c)];
      if (call.is_outcome() && accepted(*call.record) && call.record->time == t) return true;
    }
    return false;
  }
  // An abort or the execution's end: explained by a block failing or the execution closing.
  for (const HistoryEvent& e : r.history.events) {
    if (e.timestamp != t) continue;
    if (e.type == EventType::ParallelStateFailed || e.type == EventType::MapStateFailed ||
        e.type == EventType::MapIterationFailed || is_execution_terminal(e.type)) {
      return true;
    }
  }
  // A failing block that is retried writes no ...StateFailed (REC-3): its run ends at t.
  for (const Run& run : r.runs) {
    if (run.ended == 0 || !run.retried || r.event(run.ended).timestamp != t) continue;
    const EventType end = r.end_type(run);
    if (end == EventType::ParallelStateFailed || end == EventType::MapStateFailed) return true;
  }
  return false;
}

}  // namespace

void check_heartbeats_leave_no_trace(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnHeartbeatsLeaveNoTrace,
                   "the registry pairs each checker with its own invariant");
  const Record& r = context.record();
  if (!r.usable) return;
  for (const TokenCall& call : r.token_calls) {
    if (call.kind != TokenCallKind::heartbeat || call.attempt < 0 || !accepted(*call.record)) {
      continue;
    }
    const auto index = static_cast<size_t>(call.attempt);
    const Attempt& a = r.attempts[index];
    const Instant t = call.record->time;
    // Events of the attempt's visit between its start and its close, at the heartbeat's time.
    const Visit& v = r.visits[static_cast<size_t>(a.visit)];
    const int64_t begun = std::max(a.started, a.submitted);
    for (const int64_t id : v.events) {
      if (id <= begun || begun == 0 || (a.closed() && id >= a.closed_by)) continue;
      if (r.event(id).timestamp == t) {
        findings.add(id, call.record->sequence,
                     fmt::format("{} appeared at {} during {}, at the time of the accepted {}: "
                                 "heartbeats write no history event",
                                 to_string(r.event(id).type), at(t), attempt_text(r, a),
                                 describe_call(*call.record)));
      }
    }
    if (!a.closed() || a.close_time != t || close_explained(context, a, index, t)) continue;
    findings.add(a.closed_by, call.record->sequence,
                 fmt::format("{} closed with {} at {}, the time of the accepted {}, and nothing "
                             "else (a completion, a deadline, a failing block or the execution's "
                             "end) explains it: heartbeats leave no trace",
                             attempt_text(r, a), to_string(r.event(a.closed_by).type), at(t),
                             describe_call(*call.record)));
  }
}

}  // namespace wfsim::check::sfn
