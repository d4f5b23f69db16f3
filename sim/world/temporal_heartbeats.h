// The Temporal SDK worker's side of heartbeating for one activity attempt, as sdk-core's
// ActivityHeartbeatManager and activity task manager behave (TMP-3.1 … TMP-3.6), as a pure,
// clock-free state machine: the caller reports what happened (the activity code heartbeated, an
// RPC was answered, a wake-up came due, the activity code finished) with the time, and the
// machine answers what to do now (send a heartbeat RPC with these details, deliver a cancel to the
// activity code, send the completion RPC) and when to wake it next.
//
// It owns the throttle (TMP-3.1, 3.2), the final flush (TMP-3.3), cancellation through heartbeat
// responses and NotFound (TMP-3.5) and the worker's local timeout (TMP-3.6). It does not send
// anything, read a clock, or know about networks: sim/world wraps it and carries the RPCs.
//
// One deliberate difference from sdk-core: when the attempt finishes while a heartbeat RPC is in
// flight and unsent details must be flushed, sdk-core sends the flush at once, concurrently; here
// the flush waits for the in-flight answer, so at most one heartbeat RPC is ever in flight per
// attempt (TMP-3.2 step 5). The completion RPC still goes out only after both (TMP-3.3).
#pragma once

#include <optional>

#include "core/time.h"
#include "record/temporal_history.h"

namespace wfsim::temporal {

struct WorkerHeartbeatOptions {
  Duration max_heartbeat_throttle_interval = Duration::seconds(60);      // sdk-core default.
  Duration default_heartbeat_throttle_interval = Duration::seconds(30);  // sdk-core default.
  Duration local_timeout_buffer = Duration::seconds(5);  // local_timeout_buffer_for_activities.
};

// TMP-3.1: min(0.8 × heartbeat timeout, max) when a heartbeat timeout is set (non-zero),
// otherwise min(default, max). 0.8 × is computed as ×4/5 in whole microseconds.
Duration heartbeat_throttle_interval(Duration heartbeat_timeout,
                                     const WorkerHeartbeatOptions& options = {});

// Why the worker cancels the activity code locally (sdk-core ActivityCancelReason).
enum class LocalCancelReason : uint8_t {
  cancel_requested,  // A heartbeat response said cancel_requested.
  not_found,         // A heartbeat RPC got NotFound.
  timed_out,         // The worker's own timeout fired (TMP-3.6).
};

// How the activity code ended.
enum class AttemptResult : uint8_t { completed, failed, canceled, will_complete_async };

// The answer to a RecordActivityTaskHeartbeat RPC as the worker sees it.
struct HeartbeatAnswer {
  enum class Kind : uint8_t { accepted, not_found, error };
  Kind kind = Kind::accepted;
  bool cancel_requested = false;

  static HeartbeatAnswer accepted(bool cancel_requested) {
    return {Kind::accepted, cancel_requested};
  }
  static HeartbeatAnswer not_found() { return {Kind::not_found, false}; }
  // Any other failure, including a call whose request or answer the network lost.
  static HeartbeatAnswer error() { return {Kind::error, false}; }
};

// What to do now. Every field may be set at once; do them in field order.
struct HeartbeatActions {
  // Send RecordActivityTaskHeartbeat with these details now, then report its answer with
  // heartbeat_answered().
  std::optional<Payloads> send_heartbeat;
  // Cancel the activity code now (delivered at most once per attempt).
  std::optional<LocalCancelReason> cancel;
  // Send the completion RPC for this result now (Completed, Failed or Canceled).
  std::optional<AttemptResult> report;
  // Call wake() at this time; nullopt means no wake-up is needed (drop any earlier one).
  std::optional<Instant> wake_at;
  // The attempt is over: the manager will ask for nothing more.
  bool done = false;
};

class ActivityHeartbeats {
 public:
  // Built when the worker receives the task, at `received`, with the task's heartbeat and
  // StartToClose timeouts (zero: unset). The local timeout starts now (see next_wake()).
  ActivityHeartbeats(Instant received, Duration heartbeat_timeout, Duration start_to_close_timeout,
                     WorkerHeartbeatOptions options = {});

  // The activity code called Heartbeat(details). The first heartbeat of a window goes out at
  // once; later ones only replace the latest details. Ignored after finish().
  HeartbeatActions heartbeat(Instant now, Payloads details);
  // The in-flight heartbeat RPC was answered (or failed).
  HeartbeatActions heartbeat_answered(Instant now, const HeartbeatAnswer& answer);
  // A wake-up asked for earlier came due (a throttle window ended, or the local timeout).
  // Spurious or early calls do nothing harmful.
  HeartbeatActions wake(Instant now);
  // The activity code returned. Failure and cancellation flush unsent details first; success
  // drops them; nothing is sent, and no completion is reported, after the server said NotFound
  // or the local timeout fired.
  HeartbeatActions finish(Instant now, AttemptResult result);

  Duration throttle_interval() const { return throttle_interval_; }
  // When to call wake() next, if ever.
  std::optional<Instant> next_wake() const;
  bool rpc_in_flight() const { return in_flight_; }
  bool known_not_found() const { return known_not_found_; }
  std::optional<LocalCancelReason> cancel_delivered() const { return cancel_delivered_; }
  bool finished() const { return finished_; }
  bool done() const { return done_; }
  // Details recorded during the throttle window and not sent yet.
  const std::optional<Payloads>& unsent_details() const { return latest_; }

 private:
  HeartbeatActions actions() const;
  void send(HeartbeatActions& out, Instant now, Payloads details);
  void throttle_ended(HeartbeatActions& out, Instant now);
  void deliver_cancel(HeartbeatActions& out, LocalCancelReason reason);
  void report_or_flush(HeartbeatActions& out, Instant now);

  WorkerHeartbeatOptions options_;
  Duration throttle_interval_;
  Duration heartbeat_timeout_;
  // Local timeout (TMP-3.6): min of the non-zero heartbeat and StartToClose timeouts plus the
  // buffer; reset by each answered heartbeat when the heartbeat timeout is the smaller.
  std::optional<Instant> local_deadline_;
  bool local_deadline_resets_ = false;

  bool tracked_ = false;  // A throttle window is open (sdk-core keeps state for the token).
  bool in_flight_ = false;
  Instant last_send_requested_;
  std::optional<Instant> throttle_until_;
  std::optional<Payloads> latest_;

  std::optional<LocalCancelReason> cancel_delivered_;
  bool known_not_found_ = false;

  bool finished_ = false;
  bool done_ = false;
  bool report_allowed_ = false;
  AttemptResult result_ = AttemptResult::completed;
  std::optional<Payloads> flush_;  // Final details to send once nothing is in flight.
};

}  // namespace wfsim::temporal
