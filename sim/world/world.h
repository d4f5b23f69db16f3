// The simulated world: workers, a network and a fault injector around one engine, driven by the
// core scheduler. world::run() executes one scenario (a WorldConfig) for one seed and returns the
// observable record (history, call log), the simulator trace, the digest and what was injected.
//
// Determinism: everything random is drawn from Random(seed) forked by name ("network",
// "faults/<kind>", "worker/<resource>/<n>", "engine"), equal-time events are ordered by a draw
// (unless config.shuffle_ties is false), and no wall clock is read: the caller passes
// `interrupted` to stop a run early (the CLI's wall-time budget).
//
// The call log (record/call_log.h) is written as follows, and the checkers rely on it:
//  Step Functions
//   - caller "scenario": StartExecution, StopExecution, RedriveExecution (request and answer).
//   - caller "engine", api "DeliverTask": a task the engine handed to a simulated service or
//     callback handler; request {kind, executionArn, stateName, resource, taskToken,
//     scheduledEventId, invocation, payload}; response {}.
//   - caller "worker:<resource>/<n>": GetActivityTask {activityArn, workerName} -> {taskToken,
//     input, scheduledEventId} or {}; SendTaskHeartbeat {taskToken}; SendTaskSuccess {taskToken,
//     output}; SendTaskFailure {taskToken, error?, cause?}; CompleteIntegration {taskToken,
//     output | error, cause} for request-response, Lambda and .sync responders.
//   - `time` is when the engine handled the call; a request lost in the network has dropped=true
//     and `time` = when it was lost; an answer lost on the way back has answerLost=true.
//  Temporal: caller "worker:<activity type>/<n>" with the API names of engine/temporal_api.h.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/scheduler.h"
#include "record/call_log.h"
#include "record/history.h"
#include "record/temporal_history.h"
#include "world/config.h"

namespace wfsim::world {

// One fault that fired, precisely enough to fire again in a replay without drawing: scripted and
// random faults alike end up here. `decision` names the decision point ("heartbeat_drop" on the
// 17th heartbeat request of worker "ship/1" is {kind, "ship/1", 17}).
struct FaultFiring {
  FaultKind kind = FaultKind::worker_crash;
  Duration at;                // When it fired.
  std::string target;         // Worker name.
  uint64_t ordinal = 0;       // For message faults: the n-th message of that kind from target.
  Duration length;            // Pause length or delay.
  std::optional<Duration> restart_after;
  friend bool operator==(const FaultFiring&, const FaultFiring&) = default;
};

struct FaultSchedule {
  std::vector<FaultFiring> firings;  // In firing order.
};

struct RunOptions {
  uint64_t seed = 0;
  // When set, faults fire exactly as listed (scripted and random faults are not drawn); used by
  // replay and shrink. Everything else still comes from the seed.
  const FaultSchedule* replay = nullptr;
  // Swarm testing: draw this seed's fault mix (each kind on or off, then a rate) from the seed.
  bool swarm = false;
  bool record_trace = true;
  // Polled between events; returning true stops the run (StopReason::requested).
  std::function<bool()> interrupted;
};

// Rare situations a sweep should reach sometimes ("sometimes" probes); counted per run.
// Names: "late_completion_rejected", "heartbeat_timeout", "task_timeout_despite_heartbeats",
// "retry_after_timeout", "redrive_succeeded", "catch_taken", "duplicate_completion_rejected",
// "worker_restarted", "cancel_delivered", ... (see docs/scenario-format.md).
using Probes = std::map<std::string, uint64_t>;

struct RunResult {
  uint64_t seed = 0;
  StopReason stop = StopReason::drained;
  Dialect dialect = Dialect::step_functions;
  std::string execution;     // Execution ARN or Temporal workflow id.
  std::string final_status;  // "SUCCEEDED", "FAILED", ... or Temporal's "COMPLETED", ...
  History history;                     // step_functions.
  temporal::History temporal_history;  // temporal.
  CallLog calls;
  std::vector<Json> trace;  // One object per processed simulator event.
  uint64_t digest = 0;
  uint64_t events = 0;
  uint64_t attempts = 0;
  Duration virtual_duration;  // From start to the execution's close (or the run's end).
  std::array<uint64_t, kFaultKindCount> faults_injected{};
  FaultSchedule schedule;  // Every fault that fired.
  Probes probes;
  // Set when an execution was still open `liveness_bound` after faults stopped.
  std::optional<std::string> liveness_failure;
  // The effective fault mix (after swarm), for the run's header line.
  FaultRates rates;
};

RunResult run(const WorldConfig& config, const RunOptions& options);

// The fault mix a swarm run of `seed` uses: each kind on or off with probability 1/2, then a rate
// drawn from {1/2, 1/5, 1/10, 1/50, 1/200}; kinds the scenario already rates keep their rate.
FaultRates swarm_rates(const FaultRates& base, uint64_t seed);

// The liveness bound derived from a definition or workflow when the scenario gives none.
Duration derived_liveness_bound(const WorldConfig& config);

}  // namespace wfsim::world
