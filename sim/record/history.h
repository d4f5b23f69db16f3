// The execution history of Step Functions as typed events: what GetExecutionHistory returns.
//
// This is the observable record the invariant checkers read. It holds no engine internals: an
// engine adapter that fetched a real GetExecutionHistory could build the same structure (see
// history_json.h). String fields that name definition parts are views; History::owners keeps
// whatever they point into alive.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "record/json.h"

namespace wfsim {

// Every HistoryEventType of the Step Functions API (botocore 1.43.11), SFN-1.5b.
#define WFSIM_HISTORY_EVENT_TYPES(X)                                                    \
  X(ActivityFailed) X(ActivityScheduled) X(ActivityScheduleFailed) X(ActivityStarted)   \
  X(ActivitySucceeded) X(ActivityTimedOut) X(ChoiceStateEntered) X(ChoiceStateExited)   \
  X(ExecutionAborted) X(ExecutionFailed) X(ExecutionStarted) X(ExecutionSucceeded)      \
  X(ExecutionTimedOut) X(ExecutionRedriven) X(FailStateEntered) X(LambdaFunctionFailed) \
  X(LambdaFunctionScheduled) X(LambdaFunctionScheduleFailed) X(LambdaFunctionStarted)   \
  X(LambdaFunctionStartFailed) X(LambdaFunctionSucceeded) X(LambdaFunctionTimedOut)     \
  X(MapIterationAborted) X(MapIterationFailed) X(MapIterationStarted)                   \
  X(MapIterationSucceeded) X(MapStateAborted) X(MapStateEntered) X(MapStateExited)      \
  X(MapStateFailed) X(MapStateStarted) X(MapStateSucceeded) X(MapRunAborted)            \
  X(MapRunFailed) X(MapRunStarted) X(MapRunSucceeded) X(MapRunRedriven)                 \
  X(ParallelStateAborted) X(ParallelStateEntered) X(ParallelStateExited)                \
  X(ParallelStateFailed) X(ParallelStateStarted) X(ParallelStateSucceeded)              \
  X(PassStateEntered) X(PassStateExited) X(SucceedStateEntered) X(SucceedStateExited)   \
  X(TaskFailed) X(TaskScheduled) X(TaskStarted) X(TaskStartFailed) X(TaskStateAborted)  \
  X(TaskStateEntered) X(TaskStateExited) X(TaskSubmitFailed) X(TaskSubmitted)           \
  X(TaskSucceeded) X(TaskTimedOut) X(WaitStateAborted) X(WaitStateEntered)              \
  X(WaitStateExited) X(EvaluationFailed)

enum class EventType : uint8_t {
#define WFSIM_X(name) name,
  WFSIM_HISTORY_EVENT_TYPES(WFSIM_X)
#undef WFSIM_X
};

inline constexpr size_t kEventTypeCount = 0
#define WFSIM_X(name) +1
    WFSIM_HISTORY_EVENT_TYPES(WFSIM_X)
#undef WFSIM_X
    ;

std::string_view to_string(EventType type);
std::optional<EventType> parse_event_type(std::string_view name);
std::ostream& operator<<(std::ostream& out, EventType type);

// Classification helpers used by the checkers and writers.
bool is_state_entered(EventType type);
bool is_state_exited(EventType type);
// ExecutionSucceeded, ExecutionFailed, ExecutionTimedOut, ExecutionAborted.
bool is_execution_terminal(EventType type);
// ActivityScheduled, TaskScheduled, LambdaFunctionScheduled.
bool is_attempt_scheduled(EventType type);
bool is_attempt_started(EventType type);
// The Succeeded, Failed and TimedOut events of activities, tasks and Lambda functions.
bool is_attempt_outcome(EventType type);
bool is_attempt_timed_out(EventType type);

struct HistoryEvent {
  int64_t id = 0;
  int64_t previous_event_id = 0;
  Instant timestamp;
  EventType type = EventType::ExecutionStarted;

  // Details. Which of these an event carries depends on its type (see history_json.cpp, which
  // writes exactly the fields GetExecutionHistory has for that type).
  std::string_view name;           // State name (Entered/Exited) or Map state name (iterations);
                                   // EvaluationFailed: the state whose field failed.
  std::string_view location;       // EvaluationFailed: the field ("Output/result"), when known.
  std::string_view resource;       // Task, activity or Lambda resource.
  std::string_view resource_type;  // "lambda", "sqs", ... for Task* events.
  std::string_view region;
  std::string_view role_arn;       // ExecutionStarted.
  Document input;                  // Entered input, ExecutionStarted input, Scheduled parameters.
  Document output;                 // Exited output, Succeeded output, TaskSubmitted output.
  // Exited events: the workflow variables the state assigned, an object of name to value
  // (VAR-6.1); null when it assigned none. Written as assignedVariables (each value as compact
  // JSON text, VAR-6.2) with assignedVariablesDetails {"truncated": false}.
  Document assigned_variables;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::optional<int64_t> timeout_seconds;    // Scheduled events, when set explicitly.
  std::optional<int64_t> heartbeat_seconds;  // Scheduled events, when set.
  std::optional<std::string> worker_name;    // ActivityStarted.
  int64_t index = -1;                        // Map iteration index.
  int64_t length = -1;                       // MapStateStarted: number of items.
  int64_t redrive_count = -1;                // ExecutionRedriven, MapRunRedriven.
  std::string_view map_run_arn;              // MapRunStarted, MapRunRedriven (DMAP-9.1, 9.4).
};

struct History;
// The state event `event_id` belongs to: the nearest event at or before it, along previous-event
// links, that names a state ("" when none does, or the id is out of range). Bounded by the
// history's length, so a malformed link ends the walk instead of looping.
std::string_view state_of_event(const History& history, int64_t event_id);

struct History {
  std::vector<HistoryEvent> events;
  // Keeps alive whatever the events' string views point into (a definition, a string arena).
  std::vector<std::shared_ptr<const void>> owners;

  // Appends an event with the next id; returns it for the caller to fill in.
  HistoryEvent& append(EventType type, Instant timestamp, int64_t previous_event_id);
  size_t size() const { return events.size(); }
  const HistoryEvent& at(int64_t id) const;
  // Stores a string for the lifetime of this history and returns a view of it.
  std::string_view keep(std::string text);
  // Empties the history, keeping its allocation for reuse.
  void clear();

 private:
  std::shared_ptr<std::vector<std::unique_ptr<std::string>>> arena_;
};

}  // namespace wfsim
