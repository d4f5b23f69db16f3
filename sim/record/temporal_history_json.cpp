// Writing Temporal histories as protojson; see temporal_history_json.h. The reader is in
// temporal_history_read.cpp.
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/assert.h"
#include "record/temporal_history_json.h"

namespace wfsim::temporal {
namespace {

// protojson writes int64 as a JSON string.
std::string int64_text(int64_t value) { return std::to_string(value); }

void put_id(Json& j, const char* key, int64_t id) {
  if (id != 0) j[key] = int64_text(id);
}
void put_string(Json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}
void put_payloads(Json& j, const char* key, const Payloads& payloads) {
  if (!payloads.empty()) j[key] = payloads_to_json(payloads);
}
void put_retry_state(Json& j, RetryState state) {
  if (state != RetryState::unspecified) j["retryState"] = std::string(to_string(state));
}
Json named(const std::string& name) { return Json{{"name", name}}; }
Json task_queue_json(const std::string& name) {
  return Json{{"name", name}, {"kind", "TASK_QUEUE_KIND_NORMAL"}};
}

// A JSON number as protojson prints a double: integral values without a fraction.
Json double_json(double value) {
  if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 9e15) {
    return Json(static_cast<int64_t>(value));
  }
  return Json(value);
}

Json workflow_attributes(const HistoryEvent& e) {
  Json a = Json::object();
  switch (e.type) {
    case EventType::WorkflowExecutionStarted:
      a["workflowType"] = named(e.workflow_type);
      a["taskQueue"] = task_queue_json(e.task_queue);
      put_payloads(a, "input", e.input);
      if (e.workflow_run_timeout != Duration::zero()) {
        a["workflowRunTimeout"] = format_proto_duration(e.workflow_run_timeout);
      }
      put_string(a, "originalExecutionRunId", e.run_id);
      put_string(a, "identity", e.identity);
      put_string(a, "firstExecutionRunId", e.run_id);
      if (e.attempt != 0) a["attempt"] = e.attempt;
      break;
    case EventType::WorkflowExecutionCompleted:
      put_payloads(a, "result", e.result);
      break;
    case EventType::WorkflowExecutionFailed:
      if (e.failure) a["failure"] = failure_to_json(*e.failure);
      put_retry_state(a, e.retry_state);
      break;
    case EventType::WorkflowExecutionTimedOut:
      put_retry_state(a, e.retry_state);
      break;
    case EventType::ActivityTaskScheduled:
    case EventType::ActivityTaskStarted:
    case EventType::ActivityTaskCompleted:
    case EventType::ActivityTaskFailed:
    case EventType::ActivityTaskTimedOut:
    case EventType::ActivityTaskCancelRequested:
    case EventType::ActivityTaskCanceled:
      WFSIM_UNREACHABLE("not a workflow event");
  }
  return a;
}

Json scheduled_attributes(const HistoryEvent& e) {
  Json a = Json::object();
  put_string(a, "activityId", e.activity_id);
  a["activityType"] = named(e.activity_type);
  a["taskQueue"] = task_queue_json(e.task_queue);
  put_payloads(a, "input", e.input);
  // The server always sets the four timeouts; zero (none) prints as "0s".
  a["scheduleToCloseTimeout"] = format_proto_duration(e.schedule_to_close_timeout);
  a["scheduleToStartTimeout"] = format_proto_duration(e.schedule_to_start_timeout);
  a["startToCloseTimeout"] = format_proto_duration(e.start_to_close_timeout);
  a["heartbeatTimeout"] = format_proto_duration(e.heartbeat_timeout);
  if (e.retry_policy) a["retryPolicy"] = retry_policy_to_json(*e.retry_policy);
  return a;
}

Json activity_attributes(const HistoryEvent& e) {
  Json a = Json::object();
  switch (e.type) {
    case EventType::ActivityTaskScheduled:
      return scheduled_attributes(e);
    case EventType::ActivityTaskStarted:
      put_id(a, "scheduledEventId", e.scheduled_event_id);
      put_string(a, "identity", e.identity);
      if (e.attempt != 0) a["attempt"] = e.attempt;
      if (e.last_failure) a["lastFailure"] = failure_to_json(*e.last_failure);
      break;
    case EventType::ActivityTaskCompleted:
      put_payloads(a, "result", e.result);
      put_id(a, "scheduledEventId", e.scheduled_event_id);
      put_id(a, "startedEventId", e.started_event_id);
      put_string(a, "identity", e.identity);
      break;
    case EventType::ActivityTaskFailed:
    case EventType::ActivityTaskTimedOut:
      if (e.failure) a["failure"] = failure_to_json(*e.failure);
      put_id(a, "scheduledEventId", e.scheduled_event_id);
      put_id(a, "startedEventId", e.started_event_id);
      if (e.type == EventType::ActivityTaskFailed) put_string(a, "identity", e.identity);
      put_retry_state(a, e.retry_state);
      break;
    case EventType::ActivityTaskCancelRequested:
      put_id(a, "scheduledEventId", e.scheduled_event_id);
      break;
    case EventType::ActivityTaskCanceled:
      put_payloads(a, "details", e.details);
      put_id(a, "latestCancelRequestedEventId", e.latest_cancel_requested_event_id);
      put_id(a, "scheduledEventId", e.scheduled_event_id);
      put_id(a, "startedEventId", e.started_event_id);
      put_string(a, "identity", e.identity);
      break;
    case EventType::WorkflowExecutionStarted:
    case EventType::WorkflowExecutionCompleted:
    case EventType::WorkflowExecutionFailed:
    case EventType::WorkflowExecutionTimedOut:
      WFSIM_UNREACHABLE("not an activity event");
  }
  return a;
}

std::string fraction_text(int64_t micros) {
  char buffer[16];
  if (micros == 0) return "";
  if (micros % 1000 == 0) {
    std::snprintf(buffer, sizeof buffer, ".%03lld", static_cast<long long>(micros / 1000));
  } else {
    std::snprintf(buffer, sizeof buffer, ".%06lld", static_cast<long long>(micros));
  }
  return buffer;
}

}  // namespace

std::string format_proto_duration(Duration duration) {
  const int64_t us = duration.us();
  // |INT64_MIN| does not fit; no duration we write is that negative.
  WFSIM_ASSERT(us != std::numeric_limits<int64_t>::min());
  const int64_t magnitude = us < 0 ? -us : us;
  std::string text = us < 0 ? "-" : "";
  text += std::to_string(magnitude / 1'000'000);
  text += fraction_text(magnitude % 1'000'000);
  text += 's';
  return text;
}

std::string format_proto_timestamp(Instant instant) {
  const std::string full = format_iso8601(instant);  // "...T00:00:00.000000Z"
  WFSIM_ASSERT(full.size() > 8 && full[full.size() - 8] == '.');
  const int64_t micros = ((instant.unix_us() % 1'000'000) + 1'000'000) % 1'000'000;
  return full.substr(0, full.size() - 8) + fraction_text(micros) + "Z";
}

Json payloads_to_json(const Payloads& payloads) {
  Json list = Json::array();
  for (const Json& payload : payloads) list.push_back(payload);
  return Json{{"payloads", std::move(list)}};
}

Json retry_policy_to_json(const RetryPolicy& policy) {
  Json j = Json::object();
  j["initialInterval"] = format_proto_duration(policy.initial_interval);
  j["backoffCoefficient"] = double_json(policy.backoff_coefficient);
  j["maximumInterval"] = format_proto_duration(policy.maximum_interval);
  if (policy.maximum_attempts != 0) j["maximumAttempts"] = policy.maximum_attempts;
  if (!policy.non_retryable_error_types.empty()) {
    j["nonRetryableErrorTypes"] = policy.non_retryable_error_types;
  }
  return j;
}

Json failure_to_json(const Failure& f) {
  Json j = Json::object();
  put_string(j, "message", f.message);
  put_string(j, "source", f.source);
  if (f.cause) j["cause"] = failure_to_json(*f.cause);
  Json info = Json::object();
  switch (f.info) {
    case FailureInfo::none:
      return j;
    case FailureInfo::application:
      put_string(info, "type", f.type);
      if (f.non_retryable) info["nonRetryable"] = true;
      put_payloads(info, "details", f.details);
      if (f.next_retry_delay) info["nextRetryDelay"] = format_proto_duration(*f.next_retry_delay);
      j["applicationFailureInfo"] = std::move(info);
      break;
    case FailureInfo::timeout:
      if (f.timeout_type != TimeoutType::unspecified) {
        info["timeoutType"] = std::string(to_string(f.timeout_type));
      }
      put_payloads(info, "lastHeartbeatDetails", f.last_heartbeat_details);
      j["timeoutFailureInfo"] = std::move(info);
      break;
    case FailureInfo::canceled:
      put_payloads(info, "details", f.details);
      j["canceledFailureInfo"] = std::move(info);
      break;
    case FailureInfo::activity:
      put_id(info, "scheduledEventId", f.scheduled_event_id);
      put_id(info, "startedEventId", f.started_event_id);
      put_string(info, "identity", f.identity);
      info["activityType"] = named(f.activity_type);
      put_string(info, "activityId", f.activity_id);
      put_retry_state(info, f.retry_state);
      j["activityFailureInfo"] = std::move(info);
      break;
  }
  return j;
}

Json event_to_json(const HistoryEvent& e) {
  Json j = Json::object();
  j["eventId"] = int64_text(e.event_id);
  j["eventTime"] = format_proto_timestamp(e.event_time);
  j["eventType"] = std::string(proto_name(e.type));
  const bool workflow_event = e.type == EventType::WorkflowExecutionStarted ||
                              is_workflow_close(e.type);
  j[std::string(attributes_key(e.type))] =
      workflow_event ? workflow_attributes(e) : activity_attributes(e);
  return j;
}

Json history_to_json(const History& history) {
  Json events = Json::array();
  for (const HistoryEvent& e : history.events) events.push_back(event_to_json(e));
  return Json{{"events", std::move(events)}};
}

std::string to_string(const JsonProblem& problem) {
  return (problem.pointer.empty() ? std::string("/") : problem.pointer) + ": " + problem.message;
}

}  // namespace wfsim::temporal
