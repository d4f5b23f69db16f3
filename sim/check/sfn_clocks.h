// The two clocks of a Step Functions task attempt, computed from the record: the TimeoutSeconds
// deadline (from the start event, or for activities from Scheduled when the run's Semantics say
// so; SFN-1.1e, 1.4d) and the HeartbeatSeconds deadline (from the start event, pushed back by
// every accepted SendTaskHeartbeat of the attempt's token; SFN-1.2a). Shared by the timeout
// checkers and by the Retry replay, which must know whether a timeout was a heartbeat expiry
// (States.HeartbeatTimeout matches only those; SFN-1.2b).
#pragma once

#include <optional>
#include <vector>

#include "check/sfn_record.h"

namespace wfsim::check::sfn {

// A heartbeat accepted after the heartbeat deadline had already passed.
struct LateHeartbeat {
  const CallRecord* call = nullptr;
  Instant deadline;
};

struct AttemptClocks {
  std::optional<Instant> timeout_clock_start;  // Unset: the clock never started.
  std::optional<Instant> timeout_deadline;
  // The heartbeat deadline at the attempt's close (or now, while open), after every accepted
  // heartbeat; unset when the attempt has no HeartbeatSeconds or never started.
  std::optional<Instant> heartbeat_deadline;
  std::vector<const CallRecord*> accepted_heartbeats;  // In log order.
  std::vector<LateHeartbeat> late_heartbeats;
  // Accepted heartbeats are only known from a call log.
  bool heartbeats_known = false;
};

AttemptClocks attempt_clocks(const Record& record, const Attempt& attempt);

// Why an attempt's TimedOut event happened, judged by its time against both deadlines.
enum class TimeoutCause : uint8_t { task_timeout, heartbeat, either, unexplained };
TimeoutCause timeout_cause(const Record& record, const Attempt& attempt,
                           const AttemptClocks& clocks, Instant timed_out_at);

}  // namespace wfsim::check::sfn
