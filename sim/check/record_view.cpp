// Type-checked reads of call-log records; see record_view.h.
#include "check/record_view.h"

#include <sstream>

#include "record/temporal_history_json.h"

namespace wfsim::check {

const Json* member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> string_member(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

std::optional<int64_t> integer_member(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  if (value->is_number_integer()) return value->get<int64_t>();
  if (value->is_number_unsigned()) {
    const auto u = value->get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  return std::nullopt;
}

std::optional<bool> bool_member(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  if (value == nullptr || !value->is_boolean()) return std::nullopt;
  return value->get<bool>();
}

std::optional<Instant> time_member(const Json& object, std::string_view key) {
  const auto text = string_member(object, key);
  if (!text) return std::nullopt;
  return parse_iso8601(*text);
}

std::optional<Duration> duration_member(const Json& object, std::string_view key) {
  const auto text = string_member(object, key);
  if (!text) return std::nullopt;
  return temporal::parse_proto_duration(*text);
}

Json payloads_member(const Json& object, std::string_view key) {
  const Json* value = member(object, key);
  if (value == nullptr) return Json::array();
  const Json* payloads = member(*value, "payloads");
  if (payloads == nullptr || !payloads->is_array()) return Json::array();
  return *payloads;
}

std::optional<std::string> task_token(const CallRecord& record) {
  return string_member(record.request, "taskToken");
}

std::string describe_call(const CallRecord& record) {
  std::ostringstream out;
  out << "call " << record.sequence << " (" << record.api << " at " << record.time << ")";
  return out.str();
}

std::string at(Instant instant) { return format_iso8601(instant); }

std::string seconds_text(Duration duration) {
  std::ostringstream out;
  out << duration;
  return out.str();
}

}  // namespace wfsim::check
