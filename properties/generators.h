// RapidCheck generators of whole wfsim cases: random but valid ASL state machines (Task, Pass,
// Wait, Choice, Parallel, Map, Succeed, Fail, counted loops; Retry and Catch; TimeoutSeconds and
// HeartbeatSeconds; JSONata states and workflow variables in both query languages), Temporal
// workflows with random activity options, simulated worker
// behaviours, fault schedules and scenario actions (RedriveExecution, StopExecution,
// RequestCancelActivity), each case written out as a self-contained scenario document exactly as
// `wfsim run` reads it.
//
// Generation goes through small specs (the structs below) drawn with RapidCheck, then turned into
// JSON by plain code, so RapidCheck shrinks the specs (fewer steps, fewer retriers, smaller
// numbers) and a counterexample prints as the scenario a user can run.
//
// This file does not run or judge anything (case_runner.h does) and never draws from a library
// random source: every choice is a RapidCheck pick, so a case is reproduced by its RC_PARAMS.
#pragma once

#include <rapidcheck.h>

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "world/fault_kinds.h"

#include "record/api_call.h"
#include "record/json.h"

namespace wfsim::properties {

// What a property stresses. Every area can produce every feature; an area only shifts the
// weights so that the invariants of that area are exercised in most cases.
enum class Area : uint8_t {
  retry,    // Retriers, catchers, errors, loops that re-enter states (invariants 1-6).
  timing,   // TimeoutSeconds, HeartbeatSeconds, heartbeating workers, pauses (7, 8, 11).
  tokens,   // Callbacks and activities answered late, twice or never (9, 10).
  shape,    // Parallel and Map with failing branches and iterations (12-14).
  redrive,  // Failing executions, stops and RedriveExecution calls (15-18).
  map_runs,  // Distributed Maps: batches, tolerances, failing children, redrives (27-30).
  temporal_retry,       // Temporal retry policies and failures (19-21).
  temporal_timers,      // Temporal timeouts and late calls (22, 23).
  temporal_heartbeats,  // Temporal heartbeats, details, throttling and cancels (24, 25).
};
const char* to_string(Area area);
bool is_temporal(Area area);

// --- Step Functions specs -----------------------------------------------------------------

enum class TaskKind : uint8_t { lambda, activity, callback, sync };

struct RetrierSpec {
  std::vector<std::string> errors;  // ErrorEquals.
  int interval_seconds = 1;
  int max_attempts = 3;
  double backoff_rate = 2.0;
  std::optional<int> max_delay_seconds;
  bool full_jitter = false;
};

struct CatcherSpec {
  std::vector<std::string> errors;
  bool default_result_path = false;  // ResultPath "$" (the default) instead of "$.error<id>".
};

struct TaskSpec {
  TaskKind kind = TaskKind::lambda;
  bool shared_activity = false;  // Polls the ARN every shared activity Task uses.
  std::optional<int> timeout_seconds;
  std::optional<int> heartbeat_seconds;
  bool discard_result = false;  // ResultPath null.
};

struct SequenceSpec;

// One step of a sequence. Blocks (Parallel, Map, loop) hold nested sequences.
struct StepSpec {
  enum class Kind : uint8_t { task, pass, wait, choice, parallel, map, loop };
  Kind kind = Kind::task;
  TaskSpec task;
  std::vector<RetrierSpec> retry;      // Task, Parallel, Map.
  std::vector<CatcherSpec> catches;    // Task, Parallel, Map.
  int wait_seconds = 0;                // Wait.
  bool choice_fails = false;           // Choice: the flagged path ends in a Fail state.
  std::vector<SequenceSpec> branches;  // Parallel: branches; Map, loop: one body.
  int max_concurrency = 0;             // Map.
  int loop_rounds = 2;                 // Loop: how often the body runs.
  // QueryLanguage JSONata (JSONATA-1.1): Arguments, Output, Assign, Condition, Seconds and Fail
  // Error/Cause as expressions, and Assign entries that probe the variables' scopes.
  bool jsonata = false;
  // JSONata Task: its Arguments fail with States.QueryEvaluationError when the input's flag is
  // set (JSONATA-5.3, 5.6), for its Retry and Catch to handle.
  bool query_failure = false;
  // Map: a Distributed Map (JSONPath only) whose items run as child executions of a Map Run.
  bool distributed = false;
  bool express = false;  // ExecutionType EXPRESS (its Tasks are Lambda calls).
  int batch_items = 0;   // ItemBatcher's MaxItemsPerBatch; 0: no batcher.
  std::optional<int> tolerated_count;
  std::optional<double> tolerated_percentage;
  // Items (their values 1..7, the first of a batch) whose child ends in a Fail state.
  std::vector<int> failing_items;
};

// How a sequence ends after its steps: it goes on (to the state after it, or ends its machine),
// or ends in a Succeed or a Fail state.
enum class SequenceEnd : uint8_t { next, succeed, fail };

struct SequenceSpec {
  std::vector<StepSpec> steps;  // Never empty.
  SequenceEnd end = SequenceEnd::next;
};

struct MachineSpec {
  SequenceSpec main;
  std::optional<int> timeout_seconds;  // The execution's TimeoutSeconds.
  bool jsonata = false;  // Top-level QueryLanguage JSONata: every step is JSONata (JSONATA-1.3).
};

// --- Worker, fault and action specs (both dialects) ------------------------------------------

struct AttemptSpec {
  enum class Kind : uint8_t { returns, throws, hangs, crashes };
  uint32_t first = 0;  // Attempts first..last (0-based invocation counts).
  uint32_t last = 0;
  Kind kind = Kind::returns;
  std::optional<std::string> error;  // throws; none: a failure without an error name.
  int crash_after_seconds = 0;
  std::optional<double> duration_seconds;  // Overrides the resource's duration.
  bool non_retryable = false;              // Temporal.
  std::optional<int> next_retry_delay_seconds;  // Temporal.
};

struct WorkerSpec {
  std::string key;  // Task state name or Temporal activity type.
  int workers = 1;
  double duration_low_seconds = 1;
  double duration_high_seconds = 1;  // Equal to low: a fixed duration.
  double heartbeat_every_seconds = 0;
  std::optional<std::string> heartbeat_details;  // Temporal; none: the heartbeat count.
  std::vector<AttemptSpec> attempts;
  int restart_after_crash_seconds = 0;
  std::optional<double> function_timeout_seconds;  // Lambda tasks only (INT-3.2).
};

// A fault target and the integration patterns it serves: a scripted fault picks only kinds that
// can happen to it (world/fault_kinds.h).
struct FaultTargetSpec {
  std::string name;  // A resource key or "<key>/<n>".
  world::PatternSet patterns;
};

struct ScriptedFaultSpec {
  double at_seconds = 0;
  std::string kind;    // world::to_string(FaultKind).
  std::string target;  // A resource key or "<key>/<n>".
  std::optional<int> restart_after_seconds;
  std::optional<double> length_seconds;
};

struct FaultSpec {
  std::vector<std::pair<std::string, std::string>> rates;  // Kind -> "1/10".
  double delay_low_seconds = 1;
  double delay_high_seconds = 30;
  std::vector<ScriptedFaultSpec> script;
  int stop_at_seconds = 600;
};

struct ActionSpec {
  double at_seconds = 0;
  ApiCall call = ApiCall::RedriveExecution;  // Or StopExecution, RequestCancelActivity.
  std::optional<std::string> client_token;
  std::string activity;  // RequestCancelActivity.
};

// --- Temporal specs --------------------------------------------------------------------------

struct ActivityOptionsSpec {
  std::optional<int> start_to_close_seconds;
  std::optional<int> schedule_to_close_seconds;
  std::optional<int> schedule_to_start_seconds;
  std::optional<int> heartbeat_timeout_seconds;
  int initial_interval_seconds = 1;
  double backoff_coefficient = 2.0;
  std::optional<int> maximum_interval_seconds;
  int maximum_attempts = 0;
  bool fatal_is_non_retryable = false;  // non_retryable_error_types ["Fatal"].
};

struct ActivityStepSpec {
  ActivityOptionsSpec options;
  std::vector<std::vector<ActivityOptionsSpec>> parallel;  // Non-empty: a parallel group.
};

// --- Cases -----------------------------------------------------------------------------------

// One generated case: a self-contained scenario (definition or workflow inlined) and the seed it
// runs with. Printed by RapidCheck as the scenario JSON, so a counterexample is a runnable file.
struct GeneratedCase {
  Area area = Area::retry;
  Json scenario;
  uint64_t seed = 0;
};
void showValue(const GeneratedCase& generated, std::ostream& out);

// A whole Step Functions case stressing `area`.
rc::Gen<GeneratedCase> step_functions_case(Area area);
// A whole Temporal case stressing `area` (one of the temporal_* areas).
rc::Gen<GeneratedCase> temporal_case(Area area);
// step_functions_case or temporal_case by the area's dialect.
rc::Gen<GeneratedCase> case_for(Area area);

// A case where nothing can run forever: every Task has a TimeoutSeconds (or the workers always
// answer), faults stop, no action keeps the execution open. Used by the liveness property.
rc::Gen<GeneratedCase> bounded_step_functions_case();
rc::Gen<GeneratedCase> bounded_temporal_case();
// A bounded case whose first state is a callback Task without TimeoutSeconds or HeartbeatSeconds
// whose worker never answers, and no execution TimeoutSeconds or actions: nothing ends it.
rc::Gen<GeneratedCase> hanging_step_functions_case();

// The parts, for tests that build their own cases.
rc::Gen<MachineSpec> machine_spec(Area area);
rc::Gen<RetrierSpec> retrier_spec(Area area, bool last);
rc::Gen<WorkerSpec> worker_spec(Area area, const std::string& key, const TaskSpec& task);
rc::Gen<FaultSpec> fault_spec(Area area, const std::vector<FaultTargetSpec>& targets);
// The pattern of a generated Task kind.
world::Pattern pattern_of(TaskKind kind);
rc::Gen<ActivityOptionsSpec> activity_options_spec(Area area);

// Spec -> JSON.
Json definition_json(const MachineSpec& machine);
// The Task states of a definition built by definition_json, with their specs, in state order.
std::vector<std::pair<std::string, TaskSpec>> task_states(const MachineSpec& machine);
Json worker_json(const WorkerSpec& worker, bool temporal);
Json faults_json(const FaultSpec& faults);
Json action_json(const ActionSpec& action);
Json activity_options_json(const ActivityOptionsSpec& options);

}  // namespace wfsim::properties
