// The SDK worker's heartbeat manager for one attempt; see temporal_heartbeats.h. Comments name
// the sdk-core steps (activity_heartbeat_manager.rs: record, handle_report_completed,
// handle_throttle_completed, evict; activities.rs: complete, local timeouts).
#include "world/temporal_heartbeats.h"

#include <algorithm>

#include "core/assert.h"

namespace wfsim::temporal {

Duration heartbeat_throttle_interval(Duration heartbeat_timeout,
                                     const WorkerHeartbeatOptions& options) {
  // A heartbeat timeout of 0 is treated as unset (sdk-core works around servers sending 0).
  const Duration interval = heartbeat_timeout > Duration::zero()
                                ? Duration::microseconds(heartbeat_timeout.us() / 5 * 4 +
                                                         heartbeat_timeout.us() % 5 * 4 / 5)
                                : options.default_heartbeat_throttle_interval;
  return std::min(interval, options.max_heartbeat_throttle_interval);
}

ActivityHeartbeats::ActivityHeartbeats(Instant received, Duration heartbeat_timeout,
                                       Duration start_to_close_timeout,
                                       WorkerHeartbeatOptions options)
    : options_(options),
      throttle_interval_(heartbeat_throttle_interval(heartbeat_timeout, options)),
      heartbeat_timeout_(heartbeat_timeout) {
  // TMP-3.6: the smaller non-zero of (heartbeat, StartToClose); heartbeat wins a tie.
  const bool has_heartbeat = heartbeat_timeout > Duration::zero();
  const bool has_start_to_close = start_to_close_timeout > Duration::zero();
  if (has_heartbeat && (!has_start_to_close || heartbeat_timeout <= start_to_close_timeout)) {
    local_deadline_ = saturating_add(
        received, saturating_add(heartbeat_timeout, options_.local_timeout_buffer));
    local_deadline_resets_ = true;
  } else if (has_start_to_close) {
    local_deadline_ = saturating_add(
        received, saturating_add(start_to_close_timeout, options_.local_timeout_buffer));
  }
}

std::optional<Instant> ActivityHeartbeats::next_wake() const {
  if (finished_) return std::nullopt;
  std::optional<Instant> wake = throttle_until_;
  if (local_deadline_ && (!wake || *local_deadline_ < *wake)) wake = local_deadline_;
  return wake;
}

HeartbeatActions ActivityHeartbeats::actions() const {
  HeartbeatActions out;
  out.wake_at = next_wake();
  out.done = done_;
  return out;
}

void ActivityHeartbeats::send(HeartbeatActions& out, Instant now, Payloads details) {
  WFSIM_ASSERT(!in_flight_);  // TMP-3.2 step 5: one heartbeat RPC in flight at a time.
  WFSIM_ASSERT(!out.send_heartbeat.has_value());
  in_flight_ = true;
  last_send_requested_ = now;
  out.send_heartbeat = std::move(details);
}

void ActivityHeartbeats::deliver_cancel(HeartbeatActions& out, LocalCancelReason reason) {
  if (cancel_delivered_ || finished_) return;  // Never twice; never after the code returned.
  cancel_delivered_ = reason;
  // A NotFound answer or the local timeout mean the server no longer knows the attempt.
  known_not_found_ = reason == LocalCancelReason::not_found ||
                     reason == LocalCancelReason::timed_out;
  out.cancel = reason;
}

// handle_throttle_completed: send the latest details and open a new window, or stop tracking.
void ActivityHeartbeats::throttle_ended(HeartbeatActions& out, Instant now) {
  throttle_until_.reset();
  if (latest_) {
    Payloads details = std::move(*latest_);
    latest_.reset();
    send(out, now, std::move(details));
  } else {
    tracked_ = false;  // The next heartbeat goes out at once again.
  }
}

HeartbeatActions ActivityHeartbeats::heartbeat(Instant now, Payloads details) {
  if (finished_) return actions();  // The SDK rejects heartbeats of a finished activity.
  HeartbeatActions out;
  if (!tracked_) {
    // TMP-3.2 step 1: the first heartbeat for the token goes out immediately.
    tracked_ = true;
    latest_.reset();
    send(out, now, std::move(details));
  } else {
    // Step 2: inside the window (or while a report is in flight) only keep the latest.
    WFSIM_ASSERT(in_flight_ || throttle_until_.has_value());
    latest_ = std::move(details);
  }
  out.wake_at = next_wake();
  return out;
}

HeartbeatActions ActivityHeartbeats::heartbeat_answered(Instant now,
                                                        const HeartbeatAnswer& answer) {
  WFSIM_ASSERT_MSG(in_flight_, "heartbeat_answered without a heartbeat RPC in flight");
  in_flight_ = false;
  HeartbeatActions out;
  if (finished_) {
    // evict waited for this answer; the cancel it may carry reaches no one.
    report_or_flush(out, now);
    out.wake_at = std::nullopt;
    out.done = done_;
    return out;
  }
  if (answer.kind == HeartbeatAnswer::Kind::accepted && answer.cancel_requested) {
    deliver_cancel(out, LocalCancelReason::cancel_requested);  // TMP-3.5.
  } else if (answer.kind == HeartbeatAnswer::Kind::not_found) {
    deliver_cancel(out, LocalCancelReason::not_found);
  }
  // Each answered report resets a heartbeat-based local timeout.
  if (local_deadline_ && local_deadline_resets_) {
    local_deadline_ =
        saturating_add(now, saturating_add(heartbeat_timeout_, options_.local_timeout_buffer));
  }
  // Step 3: sleep for the rest of the window, measured from when this send was requested.
  WFSIM_ASSERT(tracked_);
  const Instant window_end = saturating_add(last_send_requested_, throttle_interval_);
  if (window_end <= now) {
    throttle_ended(out, now);
  } else {
    throttle_until_ = window_end;
  }
  out.wake_at = next_wake();
  return out;
}

HeartbeatActions ActivityHeartbeats::wake(Instant now) {
  HeartbeatActions out;
  if (finished_) return actions();
  if (throttle_until_ && now >= *throttle_until_) throttle_ended(out, now);  // Step 4.
  if (local_deadline_ && now >= *local_deadline_) {
    local_deadline_.reset();
    deliver_cancel(out, LocalCancelReason::timed_out);  // TMP-3.6.
  }
  out.wake_at = next_wake();
  return out;
}

// After finish(): send the pending flush, or report the result, once nothing is in flight.
void ActivityHeartbeats::report_or_flush(HeartbeatActions& out, Instant now) {
  WFSIM_ASSERT(finished_ && !done_);
  if (in_flight_) return;  // TMP-3.3: in-flight heartbeats are awaited before completing.
  if (flush_) {
    Payloads details = std::move(*flush_);
    flush_.reset();
    send(out, now, std::move(details));
    return;
  }
  if (report_allowed_) out.report = result_;
  done_ = true;
}

HeartbeatActions ActivityHeartbeats::finish(Instant now, AttemptResult result) {
  WFSIM_ASSERT_MSG(!finished_, "an attempt finishes once");
  finished_ = true;
  result_ = result;
  local_deadline_.reset();  // The local timeout task is aborted.
  // TMP-3.3 (activities.rs complete): flush only failures and cancellations, never after NotFound.
  const bool should_flush = !known_not_found_ && (result == AttemptResult::failed ||
                                                  result == AttemptResult::canceled);
  report_allowed_ = !known_not_found_ && result != AttemptResult::will_complete_async;
  // evict: the throttle timer is cancelled; unsent details are flushed or dropped.
  throttle_until_.reset();
  tracked_ = false;
  if (latest_ && should_flush) flush_ = std::move(*latest_);
  latest_.reset();
  HeartbeatActions out;
  report_or_flush(out, now);
  out.wake_at = std::nullopt;
  out.done = done_;
  return out;
}

}  // namespace wfsim::temporal
