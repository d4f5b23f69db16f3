// Names and helpers of the Temporal history types; see temporal_history.h.
#include "record/temporal_history.h"

#include <array>
#include <ostream>

#include "core/assert.h"

namespace wfsim::temporal {
namespace {

struct EventNames {
  EventType type;
  std::string_view name;
  std::string_view proto;
  std::string_view attributes;
};

constexpr std::array<EventNames, kEventTypeCount> kEventNames = {{
    {EventType::WorkflowExecutionStarted, "WorkflowExecutionStarted",
     "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED", "workflowExecutionStartedEventAttributes"},
    {EventType::WorkflowExecutionCompleted, "WorkflowExecutionCompleted",
     "EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED", "workflowExecutionCompletedEventAttributes"},
    {EventType::WorkflowExecutionFailed, "WorkflowExecutionFailed",
     "EVENT_TYPE_WORKFLOW_EXECUTION_FAILED", "workflowExecutionFailedEventAttributes"},
    {EventType::WorkflowExecutionTimedOut, "WorkflowExecutionTimedOut",
     "EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT", "workflowExecutionTimedOutEventAttributes"},
    {EventType::ActivityTaskScheduled, "ActivityTaskScheduled",
     "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED", "activityTaskScheduledEventAttributes"},
    {EventType::ActivityTaskStarted, "ActivityTaskStarted", "EVENT_TYPE_ACTIVITY_TASK_STARTED",
     "activityTaskStartedEventAttributes"},
    {EventType::ActivityTaskCompleted, "ActivityTaskCompleted",
     "EVENT_TYPE_ACTIVITY_TASK_COMPLETED", "activityTaskCompletedEventAttributes"},
    {EventType::ActivityTaskFailed, "ActivityTaskFailed", "EVENT_TYPE_ACTIVITY_TASK_FAILED",
     "activityTaskFailedEventAttributes"},
    {EventType::ActivityTaskTimedOut, "ActivityTaskTimedOut", "EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT",
     "activityTaskTimedOutEventAttributes"},
    {EventType::ActivityTaskCancelRequested, "ActivityTaskCancelRequested",
     "EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED", "activityTaskCancelRequestedEventAttributes"},
    {EventType::ActivityTaskCanceled, "ActivityTaskCanceled", "EVENT_TYPE_ACTIVITY_TASK_CANCELED",
     "activityTaskCanceledEventAttributes"},
}};

const EventNames& names_of(EventType type) {
  const auto i = static_cast<size_t>(type);
  WFSIM_ASSERT(i < kEventNames.size());
  WFSIM_ASSERT(kEventNames[i].type == type);
  return kEventNames[i];
}

struct TimeoutNames {
  std::string_view proto;
  std::string_view short_name;
};
constexpr std::array<TimeoutNames, 5> kTimeoutNames = {{
    {"TIMEOUT_TYPE_UNSPECIFIED", "Unspecified"},
    {"TIMEOUT_TYPE_START_TO_CLOSE", "StartToClose"},
    {"TIMEOUT_TYPE_SCHEDULE_TO_START", "ScheduleToStart"},
    {"TIMEOUT_TYPE_SCHEDULE_TO_CLOSE", "ScheduleToClose"},
    {"TIMEOUT_TYPE_HEARTBEAT", "Heartbeat"},
}};

constexpr std::array<std::string_view, 8> kRetryStateNames = {
    "RETRY_STATE_UNSPECIFIED",
    "RETRY_STATE_IN_PROGRESS",
    "RETRY_STATE_NON_RETRYABLE_FAILURE",
    "RETRY_STATE_TIMEOUT",
    "RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED",
    "RETRY_STATE_RETRY_POLICY_NOT_SET",
    "RETRY_STATE_INTERNAL_SERVER_ERROR",
    "RETRY_STATE_CANCEL_REQUESTED",
};

}  // namespace

std::string_view to_string(EventType type) { return names_of(type).name; }
std::string_view proto_name(EventType type) { return names_of(type).proto; }
std::string_view attributes_key(EventType type) { return names_of(type).attributes; }

std::optional<EventType> parse_event_type(std::string_view name) {
  for (const EventNames& names : kEventNames) {
    if (names.proto == name || names.name == name) return names.type;
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, EventType type) { return out << to_string(type); }

bool is_activity_close(EventType type) {
  return type == EventType::ActivityTaskCompleted || type == EventType::ActivityTaskFailed ||
         type == EventType::ActivityTaskTimedOut || type == EventType::ActivityTaskCanceled;
}

bool is_workflow_close(EventType type) {
  return type == EventType::WorkflowExecutionCompleted ||
         type == EventType::WorkflowExecutionFailed ||
         type == EventType::WorkflowExecutionTimedOut;
}

std::string_view to_string(TimeoutType type) {
  const auto i = static_cast<size_t>(type);
  WFSIM_ASSERT(i < kTimeoutNames.size());
  return kTimeoutNames[i].proto;
}

std::string_view short_name(TimeoutType type) {
  const auto i = static_cast<size_t>(type);
  WFSIM_ASSERT(i < kTimeoutNames.size());
  return kTimeoutNames[i].short_name;
}

std::optional<TimeoutType> parse_timeout_type(std::string_view name) {
  for (size_t i = 0; i < kTimeoutNames.size(); ++i) {
    if (kTimeoutNames[i].proto == name || kTimeoutNames[i].short_name == name) {
      return static_cast<TimeoutType>(i);
    }
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, TimeoutType type) { return out << to_string(type); }

std::ostream& operator<<(std::ostream& out, FailureInfo info) {
  constexpr std::array<std::string_view, 5> kNames = {"none", "application", "timeout",
                                                      "canceled", "activity"};
  return out << kNames.at(static_cast<size_t>(info));
}

std::string_view to_string(RetryState state) {
  const auto i = static_cast<size_t>(state);
  WFSIM_ASSERT(i < kRetryStateNames.size());
  return kRetryStateNames[i];
}

std::optional<RetryState> parse_retry_state(std::string_view name) {
  for (size_t i = 0; i < kRetryStateNames.size(); ++i) {
    if (kRetryStateNames[i] == name) return static_cast<RetryState>(i);
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, RetryState state) { return out << to_string(state); }

Failure Failure::application(std::string type, std::string message, bool non_retryable,
                             Payloads details, std::optional<Duration> next_retry_delay) {
  Failure f;
  f.message = std::move(message);
  f.info = FailureInfo::application;
  f.type = std::move(type);
  f.non_retryable = non_retryable;
  f.details = std::move(details);
  f.next_retry_delay = next_retry_delay;
  return f;
}

Failure Failure::timeout(TimeoutType type, std::string message) {
  WFSIM_ASSERT(type != TimeoutType::unspecified);
  Failure f;
  f.message = message.empty() ? "activity " + std::string(short_name(type)) + " timeout"
                              : std::move(message);
  f.source = "Server";
  f.info = FailureInfo::timeout;
  f.timeout_type = type;
  return f;
}

Failure Failure::canceled(std::string message, Payloads details) {
  Failure f;
  f.message = std::move(message);
  f.info = FailureInfo::canceled;
  f.details = std::move(details);
  return f;
}

bool operator==(const Failure& a, const Failure& b) {
  const bool same_cause = (a.cause == nullptr) == (b.cause == nullptr) &&
                          (a.cause == nullptr || *a.cause == *b.cause);
  return same_cause && a.message == b.message && a.source == b.source && a.info == b.info &&
         a.type == b.type && a.non_retryable == b.non_retryable &&
         a.next_retry_delay == b.next_retry_delay && a.details == b.details &&
         a.timeout_type == b.timeout_type && a.last_heartbeat_details == b.last_heartbeat_details &&
         a.scheduled_event_id == b.scheduled_event_id &&
         a.started_event_id == b.started_event_id && a.identity == b.identity &&
         a.activity_type == b.activity_type && a.activity_id == b.activity_id &&
         a.retry_state == b.retry_state;
}

HistoryEvent& History::append(EventType type, Instant event_time) {
  HistoryEvent& event = events.emplace_back();
  event.event_id = static_cast<int64_t>(events.size());
  event.event_time = event_time;
  event.type = type;
  return event;
}

const HistoryEvent& History::at(int64_t event_id) const {
  WFSIM_ASSERT(event_id >= 1 && event_id <= static_cast<int64_t>(events.size()));
  return events[static_cast<size_t>(event_id - 1)];
}

const HistoryEvent* activity_scheduled_event(const History& history, int64_t event_id) {
  for (int steps = 0; steps < 2; ++steps) {
    if (event_id <= 0 || static_cast<size_t>(event_id) > history.events.size()) return nullptr;
    const HistoryEvent& event = history.events[static_cast<size_t>(event_id - 1)];
    if (event.type == EventType::ActivityTaskScheduled) return &event;
    if (event.scheduled_event_id <= 0 || event.scheduled_event_id >= event_id) return nullptr;
    event_id = event.scheduled_event_id;
  }
  return nullptr;
}

}  // namespace wfsim::temporal
