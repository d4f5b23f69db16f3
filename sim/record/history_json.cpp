// GetExecutionHistory JSON shape; see history_json.h.
#include "record/history_json.h"

#include <array>

#include "core/assert.h"

namespace wfsim {
namespace {

enum class Shape : uint8_t {
  none,
  error_cause,         // {error, cause}
  evaluation_failed,   // {error, cause, location, state}
  task_error_cause,    // {resourceType, resource, error, cause}
  activity_scheduled,  // {resource, input, inputDetails, timeoutInSeconds, heartbeatInSeconds}
  activity_started,    // {workerName}
  output,              // {output, outputDetails}
  task_output,         // {resourceType, resource, output, outputDetails}
  task_scheduled,      // {resourceType, resource, region, parameters, timeoutInSeconds, ...}
  task_started,        // {resourceType, resource}
  execution_started,   // {input, inputDetails, roleArn}
  execution_redriven,  // {redriveCount}
  map_started,         // {length}
  map_iteration,       // {name, index}
  map_run_started,     // {mapRunArn}
  map_run_redriven,    // {mapRunArn, redriveCount}
  lambda_scheduled,    // {resource, input, inputDetails, timeoutInSeconds}
  state_entered,       // {name, input, inputDetails}
  state_exited,        // {name, output, outputDetails}
};

struct TypeInfo {
  Shape shape;
  std::string_view key;
};

TypeInfo info(EventType type) {
  using E = EventType;
  switch (type) {
    case E::ActivityFailed: return {Shape::error_cause, "activityFailedEventDetails"};
    case E::ActivityScheduleFailed: return {Shape::error_cause, "activityScheduleFailedEventDetails"};
    case E::ActivityScheduled: return {Shape::activity_scheduled, "activityScheduledEventDetails"};
    case E::ActivityStarted: return {Shape::activity_started, "activityStartedEventDetails"};
    case E::ActivitySucceeded: return {Shape::output, "activitySucceededEventDetails"};
    case E::ActivityTimedOut: return {Shape::error_cause, "activityTimedOutEventDetails"};
    case E::TaskFailed: return {Shape::task_error_cause, "taskFailedEventDetails"};
    case E::TaskScheduled: return {Shape::task_scheduled, "taskScheduledEventDetails"};
    case E::TaskStartFailed: return {Shape::task_error_cause, "taskStartFailedEventDetails"};
    case E::TaskStarted: return {Shape::task_started, "taskStartedEventDetails"};
    case E::TaskSubmitFailed: return {Shape::task_error_cause, "taskSubmitFailedEventDetails"};
    case E::TaskSubmitted: return {Shape::task_output, "taskSubmittedEventDetails"};
    case E::TaskSucceeded: return {Shape::task_output, "taskSucceededEventDetails"};
    case E::TaskTimedOut: return {Shape::task_error_cause, "taskTimedOutEventDetails"};
    case E::ExecutionFailed: return {Shape::error_cause, "executionFailedEventDetails"};
    case E::ExecutionStarted: return {Shape::execution_started, "executionStartedEventDetails"};
    case E::ExecutionSucceeded: return {Shape::output, "executionSucceededEventDetails"};
    case E::ExecutionAborted: return {Shape::error_cause, "executionAbortedEventDetails"};
    case E::ExecutionTimedOut: return {Shape::error_cause, "executionTimedOutEventDetails"};
    case E::ExecutionRedriven: return {Shape::execution_redriven, "executionRedrivenEventDetails"};
    case E::MapStateStarted: return {Shape::map_started, "mapStateStartedEventDetails"};
    case E::MapIterationStarted: return {Shape::map_iteration, "mapIterationStartedEventDetails"};
    case E::MapIterationSucceeded: return {Shape::map_iteration, "mapIterationSucceededEventDetails"};
    case E::MapIterationFailed: return {Shape::map_iteration, "mapIterationFailedEventDetails"};
    case E::MapIterationAborted: return {Shape::map_iteration, "mapIterationAbortedEventDetails"};
    case E::LambdaFunctionFailed: return {Shape::error_cause, "lambdaFunctionFailedEventDetails"};
    case E::LambdaFunctionScheduleFailed:
      return {Shape::error_cause, "lambdaFunctionScheduleFailedEventDetails"};
    case E::LambdaFunctionStartFailed:
      return {Shape::error_cause, "lambdaFunctionStartFailedEventDetails"};
    case E::LambdaFunctionTimedOut: return {Shape::error_cause, "lambdaFunctionTimedOutEventDetails"};
    case E::LambdaFunctionScheduled:
      return {Shape::lambda_scheduled, "lambdaFunctionScheduledEventDetails"};
    case E::LambdaFunctionSucceeded: return {Shape::output, "lambdaFunctionSucceededEventDetails"};
    case E::EvaluationFailed: return {Shape::evaluation_failed, "evaluationFailedEventDetails"};
    // DMAP-9.1, 9.2, 9.4: MapRunSucceeded and MapRunAborted carry no details.
    case E::MapRunStarted: return {Shape::map_run_started, "mapRunStartedEventDetails"};
    case E::MapRunFailed: return {Shape::error_cause, "mapRunFailedEventDetails"};
    case E::MapRunRedriven: return {Shape::map_run_redriven, "mapRunRedrivenEventDetails"};
    case E::ChoiceStateEntered: case E::FailStateEntered: case E::MapStateEntered:
    case E::ParallelStateEntered: case E::PassStateEntered: case E::SucceedStateEntered:
    case E::TaskStateEntered: case E::WaitStateEntered:
      return {Shape::state_entered, "stateEnteredEventDetails"};
    case E::ChoiceStateExited: case E::MapStateExited: case E::ParallelStateExited:
    case E::PassStateExited: case E::SucceedStateExited: case E::TaskStateExited:
    case E::WaitStateExited:
      return {Shape::state_exited, "stateExitedEventDetails"};
    // No details.
    case E::MapStateAborted: case E::MapStateFailed: case E::MapStateSucceeded:
    case E::ParallelStateAborted: case E::ParallelStateFailed: case E::ParallelStateStarted:
    case E::ParallelStateSucceeded: case E::TaskStateAborted: case E::WaitStateAborted:
    case E::LambdaFunctionStarted:
    case E::MapRunAborted: case E::MapRunSucceeded:
      return {Shape::none, ""};
  }
  WFSIM_UNREACHABLE("an EventType outside its enumeration");
}

const Json kNotTruncated = Json{{"truncated", false}};

void put_text(Json& out, const char* key, const char* details_key, const Document& doc) {
  if (!doc) return;
  out[key] = to_compact_text(*doc);
  out[details_key] = kNotTruncated;
}

void put_error_cause(Json& out, const HistoryEvent& e) {
  if (e.error) out["error"] = *e.error;
  if (e.cause) out["cause"] = *e.cause;
}

void put_resource(Json& out, const HistoryEvent& e) {
  out["resourceType"] = std::string(e.resource_type);
  out["resource"] = std::string(e.resource);
}

void put_timeouts(Json& out, const HistoryEvent& e) {
  if (e.timeout_seconds) out["timeoutInSeconds"] = *e.timeout_seconds;
  if (e.heartbeat_seconds) out["heartbeatInSeconds"] = *e.heartbeat_seconds;
}

// VAR-6.1, 6.2: only a state that assigned at least one variable has these fields.
void put_assigned(Json& out, const HistoryEvent& e) {
  if (!e.assigned_variables || !e.assigned_variables->is_object() ||
      e.assigned_variables->empty()) {
    return;
  }
  Json assigned = Json::object();
  for (auto it = e.assigned_variables->begin(); it != e.assigned_variables->end(); ++it) {
    assigned[it.key()] = to_compact_text(*it);
  }
  out["assignedVariables"] = std::move(assigned);
  out["assignedVariablesDetails"] = Json{{"truncated", false}};
}

Json details_of(const HistoryEvent& e, Shape shape) {
  Json d = Json::object();
  switch (shape) {
    case Shape::none: break;
    case Shape::error_cause: put_error_cause(d, e); break;
    case Shape::evaluation_failed:
      put_error_cause(d, e);
      if (!e.location.empty()) d["location"] = std::string(e.location);
      d["state"] = std::string(e.name);
      break;
    case Shape::task_error_cause: put_resource(d, e); put_error_cause(d, e); break;
    case Shape::activity_scheduled:
      d["resource"] = std::string(e.resource);
      put_text(d, "input", "inputDetails", e.input);
      put_timeouts(d, e);
      break;
    case Shape::activity_started:
      if (e.worker_name) d["workerName"] = *e.worker_name;
      break;
    case Shape::output: put_text(d, "output", "outputDetails", e.output); break;
    case Shape::task_output:
      put_resource(d, e);
      put_text(d, "output", "outputDetails", e.output);
      break;
    case Shape::task_scheduled:
      put_resource(d, e);
      d["region"] = std::string(e.region);
      d["parameters"] = e.input ? to_compact_text(*e.input) : std::string("{}");
      put_timeouts(d, e);
      break;
    case Shape::task_started: put_resource(d, e); break;
    case Shape::execution_started:
      put_text(d, "input", "inputDetails", e.input);
      d["roleArn"] = std::string(e.role_arn);
      break;
    case Shape::execution_redriven: d["redriveCount"] = e.redrive_count; break;
    case Shape::map_started: d["length"] = e.length; break;
    case Shape::map_run_started: d["mapRunArn"] = std::string(e.map_run_arn); break;
    case Shape::map_run_redriven:
      d["mapRunArn"] = std::string(e.map_run_arn);
      d["redriveCount"] = e.redrive_count;
      break;
    case Shape::map_iteration:
      d["name"] = std::string(e.name);
      d["index"] = e.index;
      break;
    case Shape::lambda_scheduled:
      d["resource"] = std::string(e.resource);
      put_text(d, "input", "inputDetails", e.input);
      if (e.timeout_seconds) d["timeoutInSeconds"] = *e.timeout_seconds;
      break;
    case Shape::state_entered:
      d["name"] = std::string(e.name);
      put_text(d, "input", "inputDetails", e.input);
      break;
    case Shape::state_exited:
      d["name"] = std::string(e.name);
      put_text(d, "output", "outputDetails", e.output);
      put_assigned(d, e);
      break;
  }
  return d;
}

// --- Reading -------------------------------------------------------------------------------

struct Reader {
  History& history;
  std::string error;

  bool fail(const std::string& path, const std::string& message) {
    if (error.empty()) error = path + ": " + message;
    return false;
  }

  bool text(const Json& d, const char* key, const std::string& path, std::string_view& out) {
    const auto it = d.find(key);
    if (it == d.end()) return true;
    if (!it->is_string()) return fail(path + "/" + key, "must be a string");
    out = history.keep(it->get<std::string>());
    return true;
  }
  bool optional_text(const Json& d, const char* key, const std::string& path,
                     std::optional<std::string>& out) {
    const auto it = d.find(key);
    if (it == d.end()) return true;
    if (it->is_null()) return true;
    if (!it->is_string()) return fail(path + "/" + key, "must be a string");
    out = it->get<std::string>();
    return true;
  }
  bool integer(const Json& d, const char* key, const std::string& path, int64_t& out) {
    const auto it = d.find(key);
    if (it == d.end()) return true;
    if (!it->is_number_integer()) return fail(path + "/" + key, "must be an integer");
    out = it->get<int64_t>();
    return true;
  }
  bool optional_integer(const Json& d, const char* key, const std::string& path,
                        std::optional<int64_t>& out) {
    int64_t value = 0;
    if (d.find(key) == d.end()) return true;
    if (!integer(d, key, path, value)) return false;
    out = value;
    return true;
  }
  bool document(const Json& d, const char* key, const std::string& path, Document& out) {
    const auto it = d.find(key);
    if (it == d.end()) return true;
    if (!it->is_string()) return fail(path + "/" + key, "must be a string holding JSON");
    Json parsed = Json::parse(it->get<std::string>(), nullptr, false);
    if (parsed.is_discarded()) return fail(path + "/" + key, "is not valid JSON text");
    out = make_document(std::move(parsed));
    return true;
  }

  bool assigned(const Json& d, const std::string& path, HistoryEvent& e) {
    const auto it = d.find("assignedVariables");
    if (it == d.end()) return true;
    if (!it->is_object()) return fail(path + "/assignedVariables", "must be an object");
    Json values = Json::object();
    for (auto entry = it->begin(); entry != it->end(); ++entry) {
      const std::string at = path + "/assignedVariables/" + entry.key();
      if (!entry->is_string()) return fail(at, "must be a string holding JSON");
      Json parsed = Json::parse(entry->get<std::string>(), nullptr, false);
      if (parsed.is_discarded()) return fail(at, "is not valid JSON text");
      values[entry.key()] = std::move(parsed);
    }
    e.assigned_variables = make_document(std::move(values));
    return true;
  }

  bool details(const Json& d, const std::string& path, Shape shape, HistoryEvent& e) {
    if (!d.is_object()) return fail(path, "must be an object");
    bool ok = optional_text(d, "error", path, e.error) && optional_text(d, "cause", path, e.cause) &&
              text(d, "resource", path, e.resource) &&
              text(d, "resourceType", path, e.resource_type) && text(d, "region", path, e.region) &&
              text(d, "roleArn", path, e.role_arn) && text(d, "name", path, e.name) &&
              optional_text(d, "workerName", path, e.worker_name) &&
              optional_integer(d, "timeoutInSeconds", path, e.timeout_seconds) &&
              optional_integer(d, "heartbeatInSeconds", path, e.heartbeat_seconds) &&
              integer(d, "index", path, e.index) && integer(d, "length", path, e.length) &&
              integer(d, "redriveCount", path, e.redrive_count) &&
              document(d, "output", path, e.output) &&
              text(d, "location", path, e.location) && assigned(d, path, e) &&
              text(d, "mapRunArn", path, e.map_run_arn) &&
              (shape != Shape::evaluation_failed || text(d, "state", path, e.name));
    if (!ok) return false;
    return shape == Shape::task_scheduled ? document(d, "parameters", path, e.input)
                                          : document(d, "input", path, e.input);
  }

  bool event(const Json& j, const std::string& path) {
    if (!j.is_object()) return fail(path, "must be an object");
    const auto type_it = j.find("type");
    if (type_it == j.end() || !type_it->is_string()) return fail(path + "/type", "must be a string");
    const auto type = parse_event_type(type_it->get<std::string>());
    if (!type) return fail(path + "/type", "unknown event type \"" + type_it->get<std::string>() + "\"");
    int64_t id = 0;
    int64_t previous = 0;
    if (!integer(j, "id", path, id) || !integer(j, "previousEventId", path, previous)) return false;
    const int64_t expected_id = static_cast<int64_t>(history.events.size()) + 1;
    if (id != expected_id) {
      return fail(path + "/id", "must be " + std::to_string(expected_id) + " (ids run 1..N)");
    }
    if (previous < 0 || previous >= id) {
      return fail(path + "/previousEventId", "must refer to an earlier event or be 0");
    }
    const auto ts_it = j.find("timestamp");
    if (ts_it == j.end() || !ts_it->is_string()) {
      return fail(path + "/timestamp", "must be an ISO-8601 string");
    }
    const auto timestamp = parse_iso8601(ts_it->get<std::string>());
    if (!timestamp) return fail(path + "/timestamp", "is not an ISO-8601 UTC timestamp");
    HistoryEvent& e = history.append(*type, *timestamp, previous);
    const TypeInfo ti = info(*type);
    if (ti.shape == Shape::none) return true;
    const auto d = j.find(std::string(ti.key));
    if (d == j.end()) return true;
    return details(*d, path + "/" + std::string(ti.key), ti.shape, e);
  }
};

}  // namespace

std::string_view details_key(EventType type) { return info(type).key; }

Json event_to_json(const HistoryEvent& e) {
  Json j = Json::object();
  j["id"] = e.id;
  j["previousEventId"] = e.previous_event_id;
  j["timestamp"] = format_iso8601(e.timestamp);
  j["type"] = std::string(to_string(e.type));
  const TypeInfo ti = info(e.type);
  if (ti.shape != Shape::none) j[std::string(ti.key)] = details_of(e, ti.shape);
  return j;
}

Json history_to_json(const History& history) {
  Json events = Json::array();
  for (const HistoryEvent& e : history.events) events.push_back(event_to_json(e));
  return Json{{"events", std::move(events)}};
}

std::variant<History, std::string> history_from_json(const Json& document) {
  History history;
  Reader reader{history, {}};
  if (!document.is_object()) return std::string("/: must be an object with \"events\"");
  const auto events = document.find("events");
  if (events == document.end() || !events->is_array()) {
    return std::string("/events: must be an array");
  }
  for (size_t i = 0; i < events->size(); ++i) {
    if (!reader.event((*events)[i], "/events/" + std::to_string(i))) return reader.error;
  }
  return history;
}

}  // namespace wfsim
