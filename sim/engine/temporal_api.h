// The requests and answers of the Temporal engine's API (temporal_engine.h), with their JSON
// forms for the call log. Field names follow temporal.api.workflowservice.v1 (taskToken,
// heartbeatDetails, cancelRequested, ...); errors are Temporal service errors (NotFound,
// InvalidArgument, WorkflowExecutionAlreadyStarted).
//
// This file owns the data that crosses the engine's boundary and how it is logged. It does not
// decide anything: the engine does.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "engine/temporal_spec.h"
#include "record/call_log.h"
#include "record/temporal_history.h"

namespace wfsim::temporal {

// The NotFound messages of TMP-4.1.
inline constexpr std::string_view kActivityNotFoundMessage =
    "invalid activityID or activity already timed out or invoking workflow is completed";
inline constexpr std::string_view kWorkflowCompletedMessage =
    "workflow execution already completed";

// An answer: the typed response, or a service error. Exactly one is set.
template <typename T>
struct Reply {
  std::optional<T> value;
  std::optional<ApiError> error;

  bool ok() const { return value.has_value(); }
  bool is_error(std::string_view code) const { return error && error->code == code; }
  static Reply success(T response) { return Reply{std::move(response), std::nullopt}; }
  static Reply failure(std::string code, std::string message) {
    return Reply{std::nullopt, ApiError{std::move(code), std::move(message)}};
  }
};

enum class WorkflowStatus : uint8_t { running, completed, failed, timed_out };
// "WORKFLOW_EXECUTION_STATUS_COMPLETED".
std::string_view to_string(WorkflowStatus status);
std::ostream& operator<<(std::ostream& out, WorkflowStatus status);

struct Empty {};

struct StartWorkflowResponse {
  std::string run_id;
};

// PollActivityTaskQueueResponse for one started attempt.
struct ActivityTask {
  std::string task_token;  // Names this attempt only (a fresh token per attempt).
  std::string workflow_id;
  std::string run_id;
  std::string workflow_type;
  std::string activity_id;
  std::string activity_type;
  std::string task_queue;
  Payloads input;
  Payloads heartbeat_details;  // From the last heartbeat the server recorded (TMP-3.4).
  Instant scheduled_time;                  // The first scheduling of the activity.
  Instant current_attempt_scheduled_time;  // This attempt's scheduling.
  Instant started_time;
  int32_t attempt = 1;
  Duration schedule_to_close_timeout;  // Zero: none (as the server sends it).
  Duration start_to_close_timeout;
  Duration heartbeat_timeout;  // Zero: heartbeats disabled.
  RetryPolicy retry_policy;
};

// An empty `task` is an empty poll: the long poll ended without a task.
struct PollActivityTaskResponse {
  std::optional<ActivityTask> task;
};

// RecordActivityTaskHeartbeatResponse; paused and reset are not modelled.
struct HeartbeatResponse {
  bool cancel_requested = false;
};

// The failure a worker reports in RespondActivityTaskFailed (an ApplicationFailure).
struct ApplicationFailure {
  std::string type;
  std::string message;
  bool non_retryable = false;
  std::optional<Duration> next_retry_delay;
  Payloads details;
};

struct RequestCancelResponse {
  // The activities the request reached, in spec order, and those it canceled at once because
  // they had not started (TMP: the server cancels a scheduled-but-not-started activity).
  std::vector<std::string> cancel_requested;
  std::vector<std::string> canceled_immediately;
};

enum class PendingActivityState : uint8_t { scheduled, started, cancel_requested };
// "PENDING_ACTIVITY_STATE_STARTED".
std::string_view to_string(PendingActivityState state);
std::ostream& operator<<(std::ostream& out, PendingActivityState state);

// DescribeWorkflowExecutionResponse.pendingActivities[i].
struct PendingActivity {
  std::string activity_id;
  std::string activity_type;
  PendingActivityState state = PendingActivityState::scheduled;
  int32_t attempt = 1;
  int32_t maximum_attempts = 0;
  Payloads heartbeat_details;
  std::optional<Instant> last_heartbeat_time;
  std::optional<Instant> last_started_time;
  Instant scheduled_time;  // This attempt's scheduling (in the future during backoff).
  std::optional<Instant> expiration_time;  // FirstScheduledTime + ScheduleToClose.
  std::optional<Failure> last_failure;
  std::string last_worker_identity;
};

struct WorkflowDescription {
  std::string workflow_id;
  std::string run_id;
  std::string workflow_type;
  WorkflowStatus status = WorkflowStatus::running;
  Instant start_time;
  std::optional<Instant> close_time;
  int64_t history_length = 0;
  std::vector<PendingActivity> pending_activities;  // In scheduling order.
};

// --- JSON forms (call-log responses) ---------------------------------------------------------
Json to_json(const Empty& response);
Json to_json(const StartWorkflowResponse& response);
Json to_json(const ActivityTask& task);
Json to_json(const PollActivityTaskResponse& response);
Json to_json(const HeartbeatResponse& response);
Json to_json(const RequestCancelResponse& response);
Json to_json(const WorkflowDescription& description);
Json to_json(const ApplicationFailure& failure);

// --- Requests as logged --------------------------------------------------------------------
Json start_workflow_request(std::string_view workflow_id, std::string_view workflow_type,
                            const Json& input);
Json poll_request(std::string_view task_queue, std::string_view identity);
Json heartbeat_request(std::string_view token, const Payloads& details);
Json completed_request(std::string_view token, const Payloads& result);
Json failed_request(std::string_view token, const ApplicationFailure& failure);
Json canceled_request(std::string_view token, const Payloads& details);
Json request_cancel_request(std::string_view workflow_id, std::string_view activity);

// Puts an answer into a call-log record: the response JSON, or the error.
template <typename T>
void record_answer(CallRecord& record, const Reply<T>& reply) {
  if (reply.ok()) {
    record.response = to_json(*reply.value);
  } else {
    record.error = reply.error;
  }
}

}  // namespace wfsim::temporal
