// JSON forms of the Temporal engine's requests and answers; see temporal_api.h.
#include "engine/temporal_api.h"

#include <ostream>

#include "core/assert.h"
#include "record/temporal_history_json.h"

namespace wfsim::temporal {
namespace {

void put_payloads(Json& j, const char* key, const Payloads& payloads) {
  if (!payloads.empty()) j[key] = payloads_to_json(payloads);
}

}  // namespace

std::string_view to_string(WorkflowStatus status) {
  switch (status) {
    case WorkflowStatus::running: return "WORKFLOW_EXECUTION_STATUS_RUNNING";
    case WorkflowStatus::completed: return "WORKFLOW_EXECUTION_STATUS_COMPLETED";
    case WorkflowStatus::failed: return "WORKFLOW_EXECUTION_STATUS_FAILED";
    case WorkflowStatus::timed_out: return "WORKFLOW_EXECUTION_STATUS_TIMED_OUT";
  }
  WFSIM_UNREACHABLE("unknown workflow status");
}

std::string_view to_string(PendingActivityState state) {
  switch (state) {
    case PendingActivityState::scheduled: return "PENDING_ACTIVITY_STATE_SCHEDULED";
    case PendingActivityState::started: return "PENDING_ACTIVITY_STATE_STARTED";
    case PendingActivityState::cancel_requested: return "PENDING_ACTIVITY_STATE_CANCEL_REQUESTED";
  }
  WFSIM_UNREACHABLE("unknown pending activity state");
}

std::ostream& operator<<(std::ostream& out, WorkflowStatus status) {
  return out << to_string(status);
}

std::ostream& operator<<(std::ostream& out, PendingActivityState state) {
  return out << to_string(state);
}

Json to_json(const Empty&) { return Json::object(); }

Json to_json(const StartWorkflowResponse& response) { return Json{{"runId", response.run_id}}; }

Json to_json(const ActivityTask& t) {
  Json j = Json::object();
  j["taskToken"] = t.task_token;
  j["workflowType"] = Json{{"name", t.workflow_type}};
  j["workflowExecution"] = Json{{"workflowId", t.workflow_id}, {"runId", t.run_id}};
  j["activityType"] = Json{{"name", t.activity_type}};
  j["activityId"] = t.activity_id;
  put_payloads(j, "input", t.input);
  put_payloads(j, "heartbeatDetails", t.heartbeat_details);
  j["scheduledTime"] = format_proto_timestamp(t.scheduled_time);
  j["currentAttemptScheduledTime"] = format_proto_timestamp(t.current_attempt_scheduled_time);
  j["startedTime"] = format_proto_timestamp(t.started_time);
  j["attempt"] = t.attempt;
  j["scheduleToCloseTimeout"] = format_proto_duration(t.schedule_to_close_timeout);
  j["startToCloseTimeout"] = format_proto_duration(t.start_to_close_timeout);
  j["heartbeatTimeout"] = format_proto_duration(t.heartbeat_timeout);
  j["retryPolicy"] = retry_policy_to_json(t.retry_policy);
  return j;
}

Json to_json(const PollActivityTaskResponse& response) {
  return response.task ? to_json(*response.task) : Json::object();
}

Json to_json(const HeartbeatResponse& response) {
  Json j = Json::object();
  if (response.cancel_requested) j["cancelRequested"] = true;
  return j;
}

Json to_json(const RequestCancelResponse& response) {
  return Json{{"cancelRequested", response.cancel_requested},
              {"canceledImmediately", response.canceled_immediately}};
}

Json to_json(const ApplicationFailure& failure) {
  return failure_to_json(Failure::application(failure.type, failure.message,
                                              failure.non_retryable, failure.details,
                                              failure.next_retry_delay));
}

Json to_json(const WorkflowDescription& d) {
  Json info = Json::object();
  info["execution"] = Json{{"workflowId", d.workflow_id}, {"runId", d.run_id}};
  info["type"] = Json{{"name", d.workflow_type}};
  info["startTime"] = format_proto_timestamp(d.start_time);
  if (d.close_time) info["closeTime"] = format_proto_timestamp(*d.close_time);
  info["status"] = std::string(to_string(d.status));
  info["historyLength"] = std::to_string(d.history_length);
  Json pending = Json::array();
  for (const PendingActivity& p : d.pending_activities) {
    Json a = Json::object();
    a["activityId"] = p.activity_id;
    a["activityType"] = Json{{"name", p.activity_type}};
    a["state"] = std::string(to_string(p.state));
    put_payloads(a, "heartbeatDetails", p.heartbeat_details);
    if (p.last_heartbeat_time) {
      a["lastHeartbeatTime"] = format_proto_timestamp(*p.last_heartbeat_time);
    }
    if (p.last_started_time) a["lastStartedTime"] = format_proto_timestamp(*p.last_started_time);
    a["attempt"] = p.attempt;
    if (p.maximum_attempts != 0) a["maximumAttempts"] = p.maximum_attempts;
    a["scheduledTime"] = format_proto_timestamp(p.scheduled_time);
    if (p.expiration_time) a["expirationTime"] = format_proto_timestamp(*p.expiration_time);
    if (p.last_failure) a["lastFailure"] = failure_to_json(*p.last_failure);
    if (!p.last_worker_identity.empty()) a["lastWorkerIdentity"] = p.last_worker_identity;
    pending.push_back(std::move(a));
  }
  Json j = Json{{"workflowExecutionInfo", std::move(info)}};
  if (!pending.empty()) j["pendingActivities"] = std::move(pending);
  return j;
}

Json start_workflow_request(std::string_view workflow_id, std::string_view workflow_type,
                            const Json& input) {
  return Json{{"workflowId", workflow_id},
              {"workflowType", Json{{"name", workflow_type}}},
              {"input", payloads_to_json({input})}};
}

Json poll_request(std::string_view task_queue, std::string_view identity) {
  return Json{{"taskQueue", Json{{"name", task_queue}}}, {"identity", identity}};
}

Json heartbeat_request(std::string_view token, const Payloads& details) {
  Json j = Json{{"taskToken", token}};
  put_payloads(j, "details", details);
  return j;
}

Json completed_request(std::string_view token, const Payloads& result) {
  Json j = Json{{"taskToken", token}};
  put_payloads(j, "result", result);
  return j;
}

Json failed_request(std::string_view token, const ApplicationFailure& failure) {
  return Json{{"taskToken", token}, {"failure", to_json(failure)}};
}

Json canceled_request(std::string_view token, const Payloads& details) {
  Json j = Json{{"taskToken", token}};
  put_payloads(j, "details", details);
  return j;
}

Json request_cancel_request(std::string_view workflow_id, std::string_view activity) {
  return Json{{"workflowId", workflow_id}, {"activity", activity}};
}

}  // namespace wfsim::temporal
