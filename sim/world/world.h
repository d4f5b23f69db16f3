// The simulated world: workers, a network and a fault injector around one engine, driven by the
// core scheduler. world::run() executes one scenario (a WorldConfig) for one seed and returns the
// observable record (history, call log), the simulator trace, the digest and what was injected.
//
// Determinism: everything random is drawn from Random(seed) forked by name ("engine", "ties",
// "faults/<kind>", "worker/<resource>/<n>", "pool/<resource>", "swarm"), equal-time events are
// ordered by a draw (unless config.shuffle_ties is false), and no wall clock is read: the caller
// passes `interrupted` to stop a run early (the CLI's wall-time budget). docs/world.md describes
// the model (workers, network, faults, probes, liveness) and every modelling choice.
//
// The call log (record/call_log.h) is written as follows, and the checkers rely on it:
//  Step Functions
//   - caller "scenario": StartExecution, StopExecution, RedriveExecution (request and answer).
//   - caller "engine", api "DeliverTask": a task the engine handed to a simulated service or
//     callback handler (executionArn: a Distributed Map's child for its tasks); request {kind,
//     executionArn, stateName, resource, taskToken,
//     scheduledEventId, invocation, payload}; response {}.
//   - caller "worker:<resource>/<n>": GetActivityTask {activityArn, workerName} -> {taskToken,
//     input, scheduledEventId, executionArn} or {}; SendTaskHeartbeat {taskToken}; SendTaskSuccess {taskToken,
//     output}; SendTaskFailure {taskToken, error?, cause?}; CompleteIntegration {taskToken,
//     output | error, cause} for request-response, Lambda and .sync responders (`output` is
//     JSON text in both). For an activity, DeliverTask has kind "activity" and an empty
//     taskToken: it announces the task, which a poller then takes with GetActivityTask.
//   - `time` is when the engine handled the call; a request lost in the network has dropped=true
//     and `time` = when it was lost; an answer lost on the way back has answerLost=true.
//   - A delayed request has `sent` < `time`. A duplicated request appears twice: the copy is a
//     second record with the same caller, api, request and `sent`, and a later `time`.
//   - A heartbeat the service throttled (the heartbeat_throttle fault) never reached the engine:
//     it is logged with error ThrottlingException ("Rate exceeded"), neither dropped nor
//     answered, and it reset no clock.
//   - Every record is appended when the call is handled (or lost), so the log is in handling
//     order; `seq` follows it.
//  Temporal: caller "scenario" for StartWorkflowExecution and RequestCancelActivity; caller
//  "worker:<activity type>/<n>" with the API names of engine/temporal_api.h
//  (PollActivityTaskQueue, RecordActivityTaskHeartbeat, RespondActivityTaskCompleted/Failed/
//  Canceled), the requests built by its *_request() functions and the answers by record_answer().
//  A throttled heartbeat has error ResourceExhausted.
//  Both dialects: a worker name ("ship/1") is the resource key, '/', and a 1-based number.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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
//
// `ordinal` names the decision point, counted per worker from 1 over the whole run:
//   worker_crash, worker_pause, token_expiry: the n-th attempt the worker received (token_expiry
//   is decided only on attempts that hold a task token: activity tasks, `.waitForTaskToken`
//   callbacks and Temporal activities, never request-response, Lambda or `.sync` integrations);
//   heartbeat_drop, heartbeat_delay, heartbeat_throttle: the n-th heartbeat request it sent;
//   sdk_heartbeat_throttle: the n-th heartbeat its activity code made;
//   completion_*: the n-th completion request it sent (SDK retries included).
// Ordinal 0 is a time-triggered fault (a scripted worker_crash or worker_pause): it fires at `at`
// whatever the worker is doing. A crash or pause decided at an attempt start takes effect at `at`.
struct FaultFiring {
  FaultKind kind = FaultKind::worker_crash;
  Duration at;                // When it fired or takes effect, from the run's start.
  std::string target;         // Worker name.
  uint64_t ordinal = 0;       // The decision point (see above); 0: time-triggered.
  Duration length;            // Pause length, delay, hold, duplicate gap or token-expiry lateness.
  std::optional<Duration> restart_after;
  // heartbeat_drop, completion_drop: the engine handled the request and the answer was lost on
  // the way back (false: the request itself was lost).
  bool answer_lost = false;
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

// Rare situations a sweep should reach sometimes ("sometimes" probes); counted per run. Every
// probe of the run's dialect is present (zero when not reached), so a sweep can list the ones it
// never reached. Names: "late_completion_rejected", "heartbeat_timeout",
// "task_timeout_despite_heartbeats", "retry_after_timeout", "redrive_succeeded", "catch_taken",
// "duplicate_completion_rejected", "worker_restarted", "cancel_delivered", ... (all_probes();
// docs/world.md says what each counts).
using Probes = std::map<std::string, uint64_t>;

// Every probe name of a dialect, in a fixed order.
std::vector<std::string_view> all_probes(Dialect dialect);

struct RunResult {
  uint64_t seed = 0;
  StopReason stop = StopReason::drained;
  Dialect dialect = Dialect::step_functions;
  std::string execution;     // Execution ARN or Temporal workflow id.
  // "SUCCEEDED", "FAILED", ... or Temporal's "COMPLETED", ...; "RUNNING" when the run ended
  // with the execution open; "NOT_STARTED" when the start call was refused (see the call log).
  std::string final_status;
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
  // The liveness bound the run used (config.liveness_bound or derived_liveness_bound()) and when
  // faults stopped (config.faults.stop_at, or the start when no fault can fire), for the header.
  Duration liveness_bound;
  Duration faults_stopped_at;
  // step_functions: the simulated S3 after the run, the scenario's objects and whatever the run
  // wrote (`wfsim run --s3-out`, "expect.s3").
  s3::ObjectStore s3;
  // Step Functions Distributed Maps: each Map Run as sfn::Engine::map_run_record gives it
  // (DescribeMapRun, DMAP-11.1, plus "childExecutions" in item order and "countLog" for the
  // checks, and "childRecords": what the Map Run keeps of each child even after its history is
  // released, for the timeline), in start order; and the history of every child execution the
  // engine kept, by ARN.
  std::vector<Json> map_runs;
  std::map<std::string, History> child_histories;
};

RunResult run(const WorldConfig& config, const RunOptions& options);

// Which fault kinds can hit anything in the scenario: those that apply to the integration pattern
// of at least one of its Tasks (every Temporal activity is one pattern).
using FaultKindSet = std::array<bool, kFaultKindCount>;
FaultKindSet applicable_kinds(const WorldConfig& config);

// The integration patterns a scenario resource serves (fault_kinds.h), for its run header.
PatternSet patterns_of_resource(const WorldConfig& config, const ResourceConfig& resource);

// The fault mix a swarm run of `seed` uses: each kind on or off with probability 1/2, then a rate
// drawn from {1/2, 1/5, 1/10, 1/50, 1/200}; kinds the scenario already rates keep their rate, and
// kinds that apply to none of its Tasks stay off (the draws still happen, so one seed switches
// the same kinds whatever the scenario).
// With an envelope (faults.swarm), a kind the envelope leaves off stays off and a drawn rate above
// the envelope's is lowered to it; the draws are the same, so the envelope changes only rates.
FaultRates swarm_rates(const FaultRates& base, uint64_t seed, const FaultKindSet& applicable,
                       const std::array<Ratio, kFaultKindCount>* envelope = nullptr);
// The fault mix a swarm run of `seed` of this scenario uses (its rates, applicable kinds and
// envelope): what the world runs with and what the run header prints.
FaultRates swarm_rates(const WorldConfig& config, uint64_t seed);
// "worker_crash<=1/10, completion_drop<=1/2" ("none" when it allows nothing); "" when unset.
std::string describe_swarm_envelope(const WorldConfig& config);
// Whether a fired fault of this kind can only come from swarm in a run with these effective
// rates: the scenario neither rates it (globally or for a resource) nor scripts it.
bool swarm_added_kind(const WorldConfig& config, const FaultRates& effective, FaultKind kind);

// The liveness bound derived from a definition or workflow when the scenario gives none.
Duration derived_liveness_bound(const WorldConfig& config);

}  // namespace wfsim::world
