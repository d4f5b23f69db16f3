// WorldConfig: everything one simulated run needs, already validated. sim/scenario builds it from
// a scenario file (or a capsule); sim/world runs it. Nothing here parses JSON or reads files.
//
// Times are virtual durations from the run's start (the scenario's virtual epoch). Ratios are
// whole-number probabilities. Every field has the default documented in docs/scenario-format.md.
#pragma once

#include <array>
#include <map>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/model.h"
#include "core/ratio.h"
#include "core/scheduler.h"
#include "core/time.h"
#include "engine/sfn_options.h"
#include "engine/temporal_engine.h"
#include "engine/temporal_spec.h"
#include "record/api_call.h"
#include "record/json.h"
#include "s3/s3.h"
#include "world/fault_kinds.h"

namespace wfsim::world {

enum class Dialect : uint8_t { step_functions, temporal };

// A duration drawn once per attempt (or per delay) from the world's seeded streams.
struct DurationDistribution {
  enum class Kind : uint8_t { fixed, uniform, exponential };
  Kind kind = Kind::fixed;
  Duration low;   // fixed: the value; uniform: lower bound; exponential: the mean.
  Duration high;  // uniform: upper bound (inclusive).
};

// What one attempt of a task does, in the Step Functions Local mock-config convention
// (Return / Throw) plus the simulation's own outcomes.
struct AttemptBehaviour {
  enum class Kind : uint8_t {
    return_value,  // Finish after the duration and report `value` (SendTaskSuccess, ...).
    throw_error,   // Finish after the duration and report the error (SendTaskFailure, ...).
    hang,          // Never finish (heartbeats go on while the worker lives).
    crash,         // The worker dies `crash_after` into the attempt (restarts if configured).
  };
  Kind kind = Kind::return_value;
  Json value = Json::object();
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::optional<DurationDistribution> duration;  // Overrides the resource's duration.
  Duration crash_after;
  // Temporal application failures.
  bool non_retryable = false;
  std::optional<Duration> next_retry_delay;
};

// Attempts `first`..`last` (0-based invocation counts, inclusive) behave as `behaviour`.
struct AttemptRule {
  uint32_t first = 0;
  uint32_t last = 0;
  AttemptBehaviour behaviour;
};

// Outcomes chosen per Map iteration (scenario "map_items"): an attempt of a Task inside a Map
// iteration whose index lies in `index`, and whose item has `equals` at `path` (each when given),
// follows `attempts` and `otherwise` instead of the resource's own. The first matching rule wins.
struct ItemRule {
  std::optional<std::pair<uint32_t, uint32_t>> index;  // Inclusive range of iteration indexes.
  std::optional<asl::JsonPath> path;                   // A definite path into the item.
  Json equals;
  std::vector<AttemptRule> attempts;
  std::optional<AttemptBehaviour> otherwise;  // Unset: the resource's `otherwise`.
};

// The simulated workers of one resource: a Task state name, a resource ARN (a state name wins),
// or a Temporal activity type.
struct ResourceConfig {
  std::string key;
  uint32_t workers = 1;
  DurationDistribution duration;      // Default: fixed 1 s.
  Duration heartbeat_every;           // Zero: the worker never heartbeats.
  Json heartbeat_details = nullptr;   // Temporal: details sent with heartbeats (null: progress).
  std::vector<AttemptRule> attempts;  // Searched in order; first match wins.
  AttemptBehaviour otherwise;         // When no rule matches: return {}.
  std::vector<ItemRule> map_items;    // Per Map iteration; searched before `attempts`.
  Duration restart_after_crash;       // Zero: a crashed worker stays down (unless a fault says).
  // A Lambda function's own timeout (INT-3.2): an invocation running longer fails with
  // Sandbox.Timedout then, whatever the Task's TimeoutSeconds. Lambda's default: 3 s.
  Duration function_timeout = Duration::seconds(3);
};

// Fault rates that override faults.rates for one resource's attempts, kind by kind.
using ResourceRates = std::array<std::optional<Ratio>, kFaultKindCount>;

// A fault at a fixed virtual time (faults.script).
struct ScriptedFault {
  Duration at;
  FaultKind kind = FaultKind::worker_crash;
  std::string target;                   // Resource key or worker name; empty: any (drawn).
  std::optional<Duration> restart_after;  // worker_crash.
  Duration length;                       // worker_pause: pause length; delays: the delay.
};

struct FaultRates {
  std::array<Ratio, kFaultKindCount> rates{};   // All never by default.
  DurationDistribution delay{DurationDistribution::Kind::uniform, Duration::seconds(1),
                             Duration::seconds(30)};  // For *_delay and worker_pause lengths.
};

struct FaultConfig {
  std::vector<ScriptedFault> script;
  FaultRates rates;
  // Per-resource rates (a resource's own "faults" block), by resource key.
  std::map<std::string, ResourceRates, std::less<>> resource_rates;
  // Faults (scripted and random) stop here; the liveness phase follows. Default: 1 day.
  Duration stop_at = Duration::seconds(86'400);
  // What --swarm may draw for this scenario ("faults.swarm"): the largest rate of each kind;
  // never means swarm leaves the kind off. Unset: every kind that applies, at any rate.
  std::optional<std::array<Ratio, kFaultKindCount>> swarm_envelope;
};

// An API call the scenario makes at a virtual time (docs/design.md "actions").
struct ScenarioAction {
  Duration at;
  ApiCall call = ApiCall::RedriveExecution;  // Or StopExecution, RequestCancelActivity.
  std::optional<std::string> client_token;  // RedriveExecution.
  std::optional<std::string> error;         // StopExecution.
  std::optional<std::string> cause;
  std::string activity;                      // RequestCancelActivity: activity id or type.
};

struct WorldConfig {
  std::string name;
  Dialect dialect = Dialect::step_functions;
  std::shared_ptr<const asl::Definition> definition;       // step_functions.
  std::shared_ptr<const temporal::WorkflowSpec> workflow;  // temporal.
  Json input = Json::object();
  std::vector<ResourceConfig> resources;
  FaultConfig faults;
  std::vector<ScenarioAction> actions;
  // The scenario's "s3_objects": the simulated S3 a Step Functions run starts with (each run
  // gets its own copy). Null: no objects and no buckets.
  std::shared_ptr<const s3::ObjectStore> s3_objects;

  Instant epoch = kDefaultEpoch;
  sfn::EngineOptions sfn_options;  // Includes the mutants.
  temporal::EngineOptions temporal_options;
  RunLimits limits;
  bool shuffle_ties = true;  // Equal-time events in a seeded order (false: FIFO).
  // After faults stop, every execution must close within this bound, or the run is a liveness
  // finding (exit 3). Unset: derived from the definition's timeouts and retries.
  std::optional<Duration> liveness_bound;
  // How long the world keeps running after the last execution closed, so late completions and
  // heartbeats are made and their rejections recorded. Default 5 minutes.
  Duration quiet_period = Duration::seconds(300);
};

}  // namespace wfsim::world
