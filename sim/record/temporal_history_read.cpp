// Reading Temporal history JSON into typed events; see temporal_history_json.h. Every accessor
// checks the JSON type first, so nothing here throws on bad input: the first problem is kept
// with its JSON Pointer and reading stops.
#include <limits>

#include "record/temporal_history_json.h"

namespace wfsim::temporal {
namespace {

std::string child(const std::string& at, std::string_view key) {
  return at + "/" + std::string(key);  // Our keys hold neither '~' nor '/'.
}

std::optional<std::string> base64_decode(std::string_view text) {
  auto value_of = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (const char c : text) {
    if (c == '=') break;
    const int v = value_of(c);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xff));
    }
  }
  return out;
}

class Reader {
 public:
  explicit Reader(HistoryReadOptions options) : options_(options) {}

  std::optional<JsonProblem> problem;

  bool fail(std::string pointer, std::string message) {
    if (!problem) problem = JsonProblem{std::move(pointer), std::move(message)};
    return false;
  }

  // Each field reader leaves `out` unchanged when the field is absent (protojson omits defaults)
  // and fails when it is present with the wrong type.
  bool int64_field(const Json& o, const std::string& at, const char* key, int64_t& out) {
    const auto it = o.find(key);
    if (it == o.end()) return true;
    if (it->is_number_integer()) {
      out = it->get<int64_t>();
      return true;
    }
    if (it->is_string()) {
      const std::string& text = it->get_ref<const std::string&>();
      int64_t value = 0;
      bool ok = !text.empty() && text.size() <= 18;
      for (const char c : text) ok = ok && c >= '0' && c <= '9';
      if (ok) {
        for (const char c : text) value = value * 10 + (c - '0');
        out = value;
        return true;
      }
    }
    return fail(child(at, key), "must be an integer (or its decimal string)");
  }

  bool int32_field(const Json& o, const std::string& at, const char* key, int32_t& out) {
    int64_t value = out;
    if (!int64_field(o, at, key, value)) return false;
    if (value > std::numeric_limits<int32_t>::max()) return fail(child(at, key), "out of range");
    out = static_cast<int32_t>(value);
    return true;
  }

  bool string_field(const Json& o, const std::string& at, const char* key, std::string& out) {
    const auto it = o.find(key);
    if (it == o.end()) return true;
    if (!it->is_string()) return fail(child(at, key), "must be a string");
    out = it->get<std::string>();
    return true;
  }

  bool object_at(const Json& o, const std::string& at, const char* key, const Json*& out) {
    out = nullptr;
    const auto it = o.find(key);
    if (it == o.end()) return true;
    if (!it->is_object()) return fail(child(at, key), "must be an object");
    out = &*it;
    return true;
  }

  bool name_field(const Json& o, const std::string& at, const char* key, std::string& out) {
    const Json* named = nullptr;
    if (!object_at(o, at, key, named)) return false;
    return named == nullptr || string_field(*named, child(at, key), "name", out);
  }

  bool duration_field(const Json& o, const std::string& at, const char* key, Duration& out) {
    std::string text;
    if (o.find(key) == o.end()) return true;
    if (!string_field(o, at, key, text)) return false;
    const auto parsed = parse_proto_duration(text);
    if (!parsed) return fail(child(at, key), "is not a duration (\"10s\")");
    out = *parsed;
    return true;
  }

  bool retry_state_field(const Json& o, const std::string& at, RetryState& out) {
    std::string text;
    if (o.find("retryState") == o.end()) return true;
    if (!string_field(o, at, "retryState", text)) return false;
    const auto parsed = parse_retry_state(text);
    if (!parsed) return fail(child(at, "retryState"), "unknown retry state \"" + text + "\"");
    out = *parsed;
    return true;
  }

  bool payload(const Json& p, const std::string& at, Json& out);
  bool payloads_field(const Json& o, const std::string& at, const char* key, Payloads& out);
  bool failure(const Json& f, const std::string& at, Failure& out, int depth);
  bool failure_info(const Json& f, const std::string& at, Failure& out);
  bool failure_field(const Json& o, const std::string& at, const char* key,
                     std::optional<Failure>& out);
  bool retry_policy(const Json& o, const std::string& at, std::optional<RetryPolicy>& out);
  bool event_attributes(const Json& a, const std::string& at, HistoryEvent& e);
  bool event(const Json& j, const std::string& at, History& history);

 private:
  HistoryReadOptions options_;
};

// A full-form payload: {"metadata":{"encoding":"<base64>"},"data":"<base64>"} and nothing else.
bool is_full_form_payload(const Json& p) {
  if (!p.is_object() || !p.contains("metadata") || !p["metadata"].is_object()) return false;
  if (!p["metadata"].contains("encoding") || !p["metadata"]["encoding"].is_string()) return false;
  for (const auto& [key, value] : p.items()) {
    if (key != "metadata" && key != "data" && key != "externalPayloads") return false;
  }
  return true;
}

bool Reader::payload(const Json& p, const std::string& at, Json& out) {
  if (!is_full_form_payload(p)) {
    out = p;  // Shorthand: the JSON value itself.
    return true;
  }
  const auto encoding = base64_decode(p["metadata"]["encoding"].get<std::string>());
  if (!encoding) return fail(at + "/metadata/encoding", "is not base64");
  if (*encoding == "binary/null") {
    out = nullptr;
    return true;
  }
  if (*encoding != "json/plain") {
    return fail(at + "/metadata/encoding", "unsupported payload encoding \"" + *encoding + "\"");
  }
  const auto data_it = p.find("data");
  if (data_it == p.end() || !data_it->is_string()) return fail(at + "/data", "must be a string");
  const auto data = base64_decode(data_it->get<std::string>());
  if (!data) return fail(at + "/data", "is not base64");
  out = Json::parse(*data, nullptr, /*allow_exceptions=*/false);
  if (out.is_discarded()) return fail(at + "/data", "is not JSON text");
  return true;
}

bool Reader::payloads_field(const Json& o, const std::string& at, const char* key,
                            Payloads& out) {
  const Json* holder = nullptr;
  if (!object_at(o, at, key, holder) || holder == nullptr) return problem == std::nullopt;
  const std::string holder_at = child(at, key);
  const auto it = holder->find("payloads");
  if (it == holder->end()) return true;
  if (!it->is_array()) return fail(child(holder_at, "payloads"), "must be an array");
  out.clear();
  for (size_t i = 0; i < it->size(); ++i) {
    Json value;
    if (!payload((*it)[i], child(holder_at, "payloads") + "/" + std::to_string(i), value)) {
      return false;
    }
    out.push_back(std::move(value));
  }
  return true;
}

bool Reader::failure_info(const Json& f, const std::string& at, Failure& out) {
  const Json* info = nullptr;
  if (!object_at(f, at, "applicationFailureInfo", info)) return false;
  if (info != nullptr) {
    const std::string info_at = child(at, "applicationFailureInfo");
    out.info = FailureInfo::application;
    const auto flag = info->find("nonRetryable");
    if (flag != info->end() && !flag->is_boolean()) {
      return fail(child(info_at, "nonRetryable"), "must be a boolean");
    }
    out.non_retryable = flag != info->end() && flag->get<bool>();
    Duration delay;
    if (!string_field(*info, info_at, "type", out.type) ||
        !payloads_field(*info, info_at, "details", out.details) ||
        !duration_field(*info, info_at, "nextRetryDelay", delay)) {
      return false;
    }
    if (info->contains("nextRetryDelay")) out.next_retry_delay = delay;
    return true;
  }
  if (!object_at(f, at, "timeoutFailureInfo", info)) return false;
  if (info != nullptr) {
    const std::string info_at = child(at, "timeoutFailureInfo");
    out.info = FailureInfo::timeout;
    std::string type_text;
    if (!string_field(*info, info_at, "timeoutType", type_text)) return false;
    if (!type_text.empty()) {
      const auto type = parse_timeout_type(type_text);
      if (!type) return fail(child(info_at, "timeoutType"), "unknown timeout type");
      out.timeout_type = *type;
    }
    return payloads_field(*info, info_at, "lastHeartbeatDetails", out.last_heartbeat_details);
  }
  if (!object_at(f, at, "canceledFailureInfo", info)) return false;
  if (info != nullptr) {
    out.info = FailureInfo::canceled;
    return payloads_field(*info, child(at, "canceledFailureInfo"), "details", out.details);
  }
  if (!object_at(f, at, "activityFailureInfo", info)) return false;
  if (info != nullptr) {
    const std::string info_at = child(at, "activityFailureInfo");
    out.info = FailureInfo::activity;
    return int64_field(*info, info_at, "scheduledEventId", out.scheduled_event_id) &&
           int64_field(*info, info_at, "startedEventId", out.started_event_id) &&
           string_field(*info, info_at, "identity", out.identity) &&
           name_field(*info, info_at, "activityType", out.activity_type) &&
           string_field(*info, info_at, "activityId", out.activity_id) &&
           retry_state_field(*info, info_at, out.retry_state);
  }
  return true;  // Another info kind, not modelled: kept as FailureInfo::none.
}

bool Reader::failure(const Json& f, const std::string& at, Failure& out, int depth) {
  if (!f.is_object()) return fail(at, "must be an object");
  if (depth > 32) return fail(at, "failure causes nest too deeply");
  if (!string_field(f, at, "message", out.message) ||
      !string_field(f, at, "source", out.source) || !failure_info(f, at, out)) {
    return false;
  }
  const auto cause = f.find("cause");
  if (cause == f.end()) return true;
  Failure inner;
  if (!failure(*cause, child(at, "cause"), inner, depth + 1)) return false;
  out.cause = std::make_shared<const Failure>(std::move(inner));
  return true;
}

bool Reader::failure_field(const Json& o, const std::string& at, const char* key,
                           std::optional<Failure>& out) {
  const auto it = o.find(key);
  if (it == o.end()) return true;
  Failure f;
  if (!failure(*it, child(at, key), f, 0)) return false;
  out = std::move(f);
  return true;
}

bool Reader::retry_policy(const Json& o, const std::string& at, std::optional<RetryPolicy>& out) {
  const Json* p = nullptr;
  if (!object_at(o, at, "retryPolicy", p) || p == nullptr) return problem == std::nullopt;
  const std::string p_at = child(at, "retryPolicy");
  RetryPolicy policy;
  policy.initial_interval = Duration::zero();
  policy.backoff_coefficient = 0;
  policy.maximum_interval = Duration::zero();
  const auto coefficient = p->find("backoffCoefficient");
  if (coefficient != p->end()) {
    if (!coefficient->is_number()) return fail(child(p_at, "backoffCoefficient"), "not a number");
    policy.backoff_coefficient = coefficient->get<double>();
  }
  if (!duration_field(*p, p_at, "initialInterval", policy.initial_interval) ||
      !duration_field(*p, p_at, "maximumInterval", policy.maximum_interval) ||
      !int32_field(*p, p_at, "maximumAttempts", policy.maximum_attempts)) {
    return false;
  }
  const auto types = p->find("nonRetryableErrorTypes");
  if (types != p->end()) {
    const std::string types_at = child(p_at, "nonRetryableErrorTypes");
    if (!types->is_array()) return fail(types_at, "must be an array");
    for (size_t i = 0; i < types->size(); ++i) {
      if (!(*types)[i].is_string()) return fail(types_at + "/" + std::to_string(i), "not a string");
      policy.non_retryable_error_types.push_back((*types)[i].get<std::string>());
    }
  }
  out = std::move(policy);
  return true;
}

bool Reader::event_attributes(const Json& a, const std::string& at, HistoryEvent& e) {
  switch (e.type) {
    case EventType::WorkflowExecutionStarted:
      if (!duration_field(a, at, "workflowRunTimeout", e.workflow_run_timeout)) return false;
      return name_field(a, at, "workflowType", e.workflow_type) &&
             name_field(a, at, "taskQueue", e.task_queue) &&
             payloads_field(a, at, "input", e.input) &&
             string_field(a, at, "originalExecutionRunId", e.run_id) &&
             string_field(a, at, "identity", e.identity) &&
             int32_field(a, at, "attempt", e.attempt);
    case EventType::WorkflowExecutionCompleted:
      return payloads_field(a, at, "result", e.result);
    case EventType::WorkflowExecutionFailed:
    case EventType::WorkflowExecutionTimedOut:
      return failure_field(a, at, "failure", e.failure) && retry_state_field(a, at, e.retry_state);
    case EventType::ActivityTaskScheduled:
      return string_field(a, at, "activityId", e.activity_id) &&
             name_field(a, at, "activityType", e.activity_type) &&
             name_field(a, at, "taskQueue", e.task_queue) &&
             payloads_field(a, at, "input", e.input) &&
             duration_field(a, at, "scheduleToCloseTimeout", e.schedule_to_close_timeout) &&
             duration_field(a, at, "scheduleToStartTimeout", e.schedule_to_start_timeout) &&
             duration_field(a, at, "startToCloseTimeout", e.start_to_close_timeout) &&
             duration_field(a, at, "heartbeatTimeout", e.heartbeat_timeout) &&
             retry_policy(a, at, e.retry_policy);
    case EventType::ActivityTaskStarted:
    case EventType::ActivityTaskCompleted:
    case EventType::ActivityTaskFailed:
    case EventType::ActivityTaskTimedOut:
    case EventType::ActivityTaskCancelRequested:
    case EventType::ActivityTaskCanceled:
      break;
  }
  return int64_field(a, at, "scheduledEventId", e.scheduled_event_id) &&
         int64_field(a, at, "startedEventId", e.started_event_id) &&
         int64_field(a, at, "latestCancelRequestedEventId", e.latest_cancel_requested_event_id) &&
         string_field(a, at, "identity", e.identity) &&
         int32_field(a, at, "attempt", e.attempt) &&
         failure_field(a, at, "lastFailure", e.last_failure) &&
         failure_field(a, at, "failure", e.failure) &&
         payloads_field(a, at, "result", e.result) &&
         payloads_field(a, at, "details", e.details) && retry_state_field(a, at, e.retry_state);
}

bool Reader::event(const Json& j, const std::string& at, History& history) {
  if (!j.is_object()) return fail(at, "must be an object");
  std::string type_text;
  if (!string_field(j, at, "eventType", type_text)) return false;
  if (type_text.empty()) return fail(child(at, "eventType"), "is missing");
  const auto type = parse_event_type(type_text);
  if (!type) {
    if (options_.skip_unmodelled_events) return true;
    return fail(child(at, "eventType"), "unknown event type \"" + type_text + "\"");
  }
  HistoryEvent e;
  e.type = *type;
  if (!int64_field(j, at, "eventId", e.event_id)) return false;
  const int64_t previous = history.events.empty() ? 0 : history.events.back().event_id;
  const bool contiguous = e.event_id == previous + 1;
  if (e.event_id <= previous || (!options_.skip_unmodelled_events && !contiguous)) {
    return fail(child(at, "eventId"), "must be " + std::to_string(previous + 1));
  }
  std::string time_text;
  if (!string_field(j, at, "eventTime", time_text)) return false;
  const auto time = parse_iso8601(time_text);
  if (!time) return fail(child(at, "eventTime"), "is not an RFC 3339 timestamp");
  e.event_time = *time;
  const std::string key(attributes_key(e.type));
  const Json* attributes = nullptr;
  if (!object_at(j, at, key.c_str(), attributes)) return false;
  if (attributes == nullptr) return fail(child(at, key), "is missing");
  if (!event_attributes(*attributes, child(at, key), e)) return false;
  history.events.push_back(std::move(e));
  return true;
}

}  // namespace

std::optional<Duration> parse_proto_duration(std::string_view text) {
  if (text.size() < 2 || text.back() != 's') return std::nullopt;
  text.remove_suffix(1);
  const bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  int64_t seconds = 0;
  int64_t micros = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    if (text[i] < '0' || text[i] > '9' || i >= 12) return std::nullopt;
    seconds = seconds * 10 + (text[i] - '0');
  }
  if (i == 0) return std::nullopt;
  if (i < text.size()) {
    const size_t digits = text.size() - i - 1;
    if (digits == 0 || digits > 9) return std::nullopt;
    for (size_t k = 1; k <= digits; ++k) {
      const char c = text[i + k];
      if (c < '0' || c > '9') return std::nullopt;
      if (k <= 6) micros = micros * 10 + (c - '0');
    }
    for (size_t k = digits; k < 6; ++k) micros *= 10;
  }
  const int64_t us = seconds * 1'000'000 + micros;
  return Duration::microseconds(negative ? -us : us);
}

std::variant<History, JsonProblem> history_from_json(const Json& document,
                                                     HistoryReadOptions options) {
  Reader reader(options);
  if (!document.is_object()) return JsonProblem{"", "must be an object"};
  const auto events = document.find("events");
  if (events == document.end() || !events->is_array()) {
    return JsonProblem{"/events", "must be an array"};
  }
  History history;
  for (size_t i = 0; i < events->size(); ++i) {
    if (!reader.event((*events)[i], "/events/" + std::to_string(i), history)) {
      return *reader.problem;
    }
  }
  return history;
}

}  // namespace wfsim::temporal
