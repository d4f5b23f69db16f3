// Temporal workflow histories as typed events: the activity events and the workflow's own start
// and close, as `temporal workflow show --output json` or the Web UI's JSON download return them
// (temporal.api.history.v1). temporal_history_json.h writes and reads the JSON form.
//
// This file owns the event, failure and retry-policy types and their names. It does NOT model
// workflow tasks: wfsim's Temporal workflows are fixed lists of activity steps whose decisions
// need no workflow code, so a history holds no WorkflowTask* events and every
// workflowTaskCompletedEventId is left unset. Timers, markers, signals, child workflows, local
// activities and continue-as-new are not modelled either.
//
// Like the Step Functions history (history.h) this is the observable record the checkers read; it
// holds no engine internals.
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

namespace wfsim::temporal {

// A Temporal Payloads list. Each element is one payload's JSON value ("json/plain" encoding);
// an SDK call Heartbeat(123, 456) records two. Empty means "not set" (protojson omits it).
using Payloads = std::vector<Json>;

enum class EventType : uint8_t {
  WorkflowExecutionStarted,
  WorkflowExecutionCompleted,
  WorkflowExecutionFailed,
  WorkflowExecutionTimedOut,
  ActivityTaskScheduled,
  ActivityTaskStarted,
  ActivityTaskCompleted,
  ActivityTaskFailed,
  ActivityTaskTimedOut,
  ActivityTaskCancelRequested,
  ActivityTaskCanceled,  // The last: kEventTypeCount counts up to it.
};
inline constexpr size_t kEventTypeCount = static_cast<size_t>(EventType::ActivityTaskCanceled) + 1;

// "ActivityTaskScheduled".
std::string_view to_string(EventType type);
// "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED", as the JSON export spells eventType.
std::string_view proto_name(EventType type);
// "activityTaskScheduledEventAttributes".
std::string_view attributes_key(EventType type);
// Accepts the proto name and the short name.
std::optional<EventType> parse_event_type(std::string_view name);
std::ostream& operator<<(std::ostream& out, EventType type);

// ActivityTaskCompleted, Failed, TimedOut, Canceled.
bool is_activity_close(EventType type);
// WorkflowExecutionCompleted, Failed, TimedOut.
bool is_workflow_close(EventType type);

enum class TimeoutType : uint8_t {
  unspecified,
  start_to_close,
  schedule_to_start,
  schedule_to_close,
  heartbeat,
};
// "TIMEOUT_TYPE_START_TO_CLOSE".
std::string_view to_string(TimeoutType type);
// "StartToClose": the form used in messages ("activity StartToClose timeout") and in
// NonRetryableErrorTypes ("TemporalTimeout:StartToClose").
std::string_view short_name(TimeoutType type);
// Accepts both forms.
std::optional<TimeoutType> parse_timeout_type(std::string_view name);
std::ostream& operator<<(std::ostream& out, TimeoutType type);

// temporal.api.enums.v1.RetryState (TMP-4.2).
enum class RetryState : uint8_t {
  unspecified,
  in_progress,
  non_retryable_failure,
  timeout,
  maximum_attempts_reached,
  retry_policy_not_set,
  internal_server_error,
  cancel_requested,
};
// "RETRY_STATE_TIMEOUT".
std::string_view to_string(RetryState state);
std::optional<RetryState> parse_retry_state(std::string_view name);
std::ostream& operator<<(std::ostream& out, RetryState state);

// A retry policy after the server filled in its defaults (TMP-2.1).
struct RetryPolicy {
  Duration initial_interval = Duration::seconds(1);
  double backoff_coefficient = 2.0;
  Duration maximum_interval = Duration::seconds(100);
  int32_t maximum_attempts = 0;  // 0: unlimited.
  std::vector<std::string> non_retryable_error_types;
  friend bool operator==(const RetryPolicy&, const RetryPolicy&) = default;
};

// Which failure-info member of temporal.api.failure.v1.Failure is set.
enum class FailureInfo : uint8_t { none, application, timeout, canceled, activity };
std::ostream& operator<<(std::ostream& out, FailureInfo info);

// temporal.api.failure.v1.Failure, reduced to the infos activities produce.
struct Failure {
  std::string message;
  std::string source;  // "Server" for failures the server makes; workers may leave it empty.
  FailureInfo info = FailureInfo::none;

  // applicationFailureInfo.
  std::string type;
  bool non_retryable = false;
  std::optional<Duration> next_retry_delay;
  Payloads details;  // applicationFailureInfo.details and canceledFailureInfo.details.

  // timeoutFailureInfo.
  TimeoutType timeout_type = TimeoutType::unspecified;
  Payloads last_heartbeat_details;

  // activityFailureInfo: the wrapper a workflow sees around an activity's own failure.
  int64_t scheduled_event_id = 0;
  int64_t started_event_id = 0;
  std::string identity;
  std::string activity_type;
  std::string activity_id;
  RetryState retry_state = RetryState::unspecified;

  std::shared_ptr<const Failure> cause;

  static Failure application(std::string type, std::string message, bool non_retryable = false,
                             Payloads details = {},
                             std::optional<Duration> next_retry_delay = std::nullopt);
  // A server-made timeout failure: message "activity <ShortName> timeout" unless given.
  static Failure timeout(TimeoutType type, std::string message = {});
  static Failure canceled(std::string message, Payloads details = {});
};
// Deep equality (causes compared by value).
bool operator==(const Failure& a, const Failure& b);

// One event. Which fields an event carries depends on its type; temporal_history_json.cpp writes
// exactly the attributes temporal.api.history.v1 defines for it.
struct HistoryEvent {
  int64_t event_id = 0;
  Instant event_time;
  EventType type = EventType::WorkflowExecutionStarted;

  // WorkflowExecutionStarted.
  std::string workflow_type;
  Duration workflow_run_timeout;  // Zero: none.
  std::string run_id;             // originalExecutionRunId and firstExecutionRunId.

  std::string task_queue;  // WorkflowExecutionStarted, ActivityTaskScheduled.
  Payloads input;          // WorkflowExecutionStarted, ActivityTaskScheduled.
  Payloads result;         // WorkflowExecutionCompleted, ActivityTaskCompleted.
  int32_t attempt = 0;     // WorkflowExecutionStarted (1), ActivityTaskStarted.
  std::string identity;    // WorkflowExecutionStarted and the activity events that name a worker.

  // ActivityTaskScheduled. A zero timeout means none, as the server stores it.
  std::string activity_id;
  std::string activity_type;
  Duration schedule_to_close_timeout;
  Duration schedule_to_start_timeout;
  Duration start_to_close_timeout;
  Duration heartbeat_timeout;
  std::optional<RetryPolicy> retry_policy;

  int64_t scheduled_event_id = 0;                // Every activity event after Scheduled.
  int64_t started_event_id = 0;                  // Completed, Failed, TimedOut, Canceled.
  int64_t latest_cancel_requested_event_id = 0;  // ActivityTaskCanceled.

  std::optional<Failure> last_failure;  // ActivityTaskStarted: the previous attempt's failure.
  // ActivityTaskFailed, ActivityTaskTimedOut, WorkflowExecutionFailed.
  std::optional<Failure> failure;
  Payloads details;  // ActivityTaskCanceled.
  // ActivityTaskFailed, ActivityTaskTimedOut, WorkflowExecutionFailed, WorkflowExecutionTimedOut.
  RetryState retry_state = RetryState::unspecified;

  friend bool operator==(const HistoryEvent&, const HistoryEvent&) = default;
};

struct History {
  std::vector<HistoryEvent> events;

  // Appends an event with the next id (ids run 1..N) and returns it for the caller to fill in.
  // Event times need not increase: the server writes an activity's ActivityTaskStarted only when
  // the activity closes, stamped with the time its final attempt started (TMP-2.6).
  HistoryEvent& append(EventType type, Instant event_time);
  size_t size() const { return events.size(); }
  // The event with this id; asserts that it exists.
  const HistoryEvent& at(int64_t event_id) const;
  friend bool operator==(const History&, const History&) = default;
};

// The ActivityTaskScheduled event of the activity event `event_id` is about (the event itself
// when it is one), or nullptr for a non-activity event or a malformed link.
const HistoryEvent* activity_scheduled_event(const History& history, int64_t event_id);

}  // namespace wfsim::temporal
