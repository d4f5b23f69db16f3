// The `temporal` dialect's workflow: a sequence of activity invocations (a step may be a parallel
// group of sequences), each with Temporal ActivityOptions, plus the server's validation and
// normalisation of those options (TMP-1.2, TMP-2.1) and the strict JSON parser of docs/design.md's
// `"workflow"` object.
//
// This file owns the description of a workflow. It does not run one (temporal_engine.h does) and
// knows nothing of workers or scenarios.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "asl/problem.h"
#include "core/time.h"
#include "record/json.h"
#include "record/temporal_history.h"

namespace wfsim::temporal {

// A RetryPolicy as the workflow gives it; unset fields take the server's defaults (TMP-2.1).
struct RetryPolicySpec {
  std::optional<Duration> initial_interval;
  std::optional<double> backoff_coefficient;
  std::optional<Duration> maximum_interval;
  std::optional<int32_t> maximum_attempts;
  std::vector<std::string> non_retryable_error_types;
};

// ActivityOptions as the workflow gives them. A zero timeout means "not set", as in Temporal.
struct ActivityOptions {
  std::optional<Duration> schedule_to_close_timeout;
  std::optional<Duration> schedule_to_start_timeout;
  std::optional<Duration> start_to_close_timeout;
  std::optional<Duration> heartbeat_timeout;
  RetryPolicySpec retry_policy;
};

// Timeouts after normalisation; nullopt means no timeout (the server stores 0).
struct ActivityTimeouts {
  std::optional<Duration> schedule_to_close;
  std::optional<Duration> schedule_to_start;
  std::optional<Duration> start_to_close;  // Always set after normalisation.
  std::optional<Duration> heartbeat;
  friend bool operator==(const ActivityTimeouts&, const ActivityTimeouts&) = default;
};

struct NormalizedActivityOptions {
  ActivityTimeouts timeouts;
  RetryPolicy retry_policy;
};

// Validates and normalises options as the server does when it records ActivityTaskScheduled
// (TMP-1.2: validateAndNormalizeTimeouts; TMP-2.1: EnsureDefaults then Validate). Problem paths
// are JSON Pointers relative to the options object, in the dialect's key names
// ("/retry_policy/backoff_coefficient"). `run_timeout` is the workflow run timeout (nullopt: none).
std::variant<NormalizedActivityOptions, asl::Problems> normalize_activity_options(
    const ActivityOptions& options, std::optional<Duration> run_timeout);

struct ActivityStep {
  std::string activity_type;
  // Unique within the workflow. Empty in a hand-built spec: assign_activity_ids() derives it from
  // the step's position ("2" for the second step, "3.1.2" for the second step of the first branch
  // of the third step).
  std::string activity_id;
  std::string task_queue;     // Empty: the activity type. Workers poll by task queue.
  std::optional<Json> input;  // Absent: the workflow's input.
  ActivityOptions options;
};

// A workflow step: exactly one of an activity invocation or a parallel group of sequences.
struct Step {
  std::optional<ActivityStep> activity;
  std::vector<std::vector<Step>> parallel;

  static Step of(ActivityStep activity);
  static Step parallel_of(std::vector<std::vector<Step>> branches);
};

// How the workflow runs its steps (the rule temporal_engine.h implements, see docs/temporal.md):
// a sequence runs its steps one after another; a parallel step starts every branch at once and
// completes when every branch has ended. When an activity closes other than Completed (Failed,
// TimedOut or Canceled) its sequence stops; sibling branches of the enclosing parallel groups still
// run to their end (nothing is cancelled), and then the group counts as failed, which stops the
// sequence holding it, and so on up to the workflow, which ends WorkflowExecutionFailed with the
// earliest such activity failure.
struct WorkflowSpec {
  std::vector<Step> steps;
  std::optional<Duration> run_timeout;  // Workflow run timeout; nullopt: none.
  std::string workflow_type = "StepsWorkflow";
  std::string task_queue = "workflows";  // The workflow's own queue (history only).
};

// Fills every empty activity_id with the id derived from the step's position.
void assign_activity_ids(WorkflowSpec& spec);

// Every problem of a spec whose activity ids are assigned: steps that are neither or both kinds,
// empty activity types, duplicate activity ids, a negative run timeout, and each activity's option
// problems. Paths are JSON Pointers into the dialect's JSON ("/steps/1/parallel/0/0/options/...").
// `pointer` prefixes every path (where the workflow object sits in its document).
asl::Problems validate_workflow_spec(const WorkflowSpec& spec, const std::string& pointer = "");

// The run timeout the engine enforces: run_timeout when positive, otherwise none.
std::optional<Duration> effective_run_timeout(const WorkflowSpec& spec);

// Parses the JSON of docs/design.md's temporal example (`{"steps":[...]}`), strictly: unknown keys and
// wrong types are problems, and the spec is also validated. `pointer` is where `json` sits in its
// document ("/workflow"); every problem's path starts with it. Never throws.
std::variant<WorkflowSpec, asl::Problems> parse_workflow_spec(const Json& json,
                                                              const std::string& pointer);

}  // namespace wfsim::temporal
