// Task attempt clocks; see sfn_clocks.h.
#include "check/sfn_clocks.h"

#include "check/record_view.h"

namespace wfsim::check::sfn {
namespace {

Duration distance(Instant a, Instant b) { return a < b ? b - a : a - b; }

}  // namespace

AttemptClocks attempt_clocks(const Record& record, const Attempt& a) {
  AttemptClocks clocks;
  const Semantics& semantics = record.observation.semantics;
  const auto scheduled = attempt_event(a.scheduled_type);
  const bool activity = scheduled && scheduled->family == AttemptFamily::activity;
  if (activity && semantics.activity_timeout_from_scheduled) {
    clocks.timeout_clock_start = a.scheduled_time;
  } else if (a.started != 0) {
    clocks.timeout_clock_start = a.started_time;
  }
  if (clocks.timeout_clock_start) {
    clocks.timeout_deadline = saturating_add(*clocks.timeout_clock_start,
                                             Duration::saturating_seconds(a.timeout_seconds));
  }
  clocks.heartbeats_known = record.observation.calls != nullptr;
  if (!a.heartbeat_seconds || a.started == 0) return clocks;
  const Duration beat = Duration::saturating_seconds(*a.heartbeat_seconds);
  Instant deadline = saturating_add(a.started_time, beat);
  const int index = record.attempt_of_scheduled(a.scheduled);
  if (index < 0) return clocks;
  for (const int c : record.calls_of_attempt[static_cast<size_t>(index)]) {
    const TokenCall& call = record.token_calls[static_cast<size_t>(c)];
    if (call.kind != TokenCallKind::heartbeat || !accepted(*call.record)) continue;
    const Instant t = call.record->time;
    // Calls outside the attempt's life are the token checkers' business.
    if (t < a.started_time || (a.closed() && t > a.close_time)) continue;
    if (t > saturating_add(deadline, semantics.timer_tolerance)) {
      clocks.late_heartbeats.push_back(LateHeartbeat{call.record, deadline});
    }
    deadline = std::max(deadline, saturating_add(t, beat));
    clocks.accepted_heartbeats.push_back(call.record);
  }
  clocks.heartbeat_deadline = deadline;
  return clocks;
}

TimeoutCause timeout_cause(const Record& record, const Attempt& a, const AttemptClocks& clocks,
                           Instant t) {
  const Duration tolerance = record.observation.semantics.timer_tolerance;
  const bool task_timeout =
      clocks.timeout_deadline && distance(t, *clocks.timeout_deadline) <= tolerance;
  bool heartbeat =
      clocks.heartbeat_deadline && distance(t, *clocks.heartbeat_deadline) <= tolerance;
  if (!clocks.heartbeats_known && a.heartbeat_seconds && clocks.heartbeat_deadline &&
      t >= *clocks.heartbeat_deadline) {
    heartbeat = true;  // Without a call log any later heartbeat deadline is possible.
  }
  if (task_timeout && heartbeat) return TimeoutCause::either;
  if (task_timeout) return TimeoutCause::task_timeout;
  if (heartbeat) return TimeoutCause::heartbeat;
  return TimeoutCause::unexplained;
}

}  // namespace wfsim::check::sfn
