// API call log; see call_log.h.
#include "record/call_log.h"

#include <sstream>

namespace wfsim {

CallRecord& CallLog::append(Instant time, std::string caller, ApiCall api, Json request) {
  CallRecord& record = records.emplace_back();
  record.sequence = records.size();
  record.time = time;
  record.sent = time;
  record.caller = std::move(caller);
  record.api = api;
  record.request = std::move(request);
  return record;
}

Json call_to_json(const CallRecord& r) {
  Json j = Json::object();
  j["seq"] = r.sequence;
  j["time"] = format_iso8601(r.time);
  if (r.sent != r.time) j["sent"] = format_iso8601(r.sent);
  j["caller"] = r.caller;
  j["api"] = to_string(r.api);
  j["request"] = r.request;
  if (r.dropped) j["dropped"] = true;
  if (r.response) j["response"] = *r.response;
  if (r.error) j["error"] = Json{{"code", r.error->code}, {"message", r.error->message}};
  if (r.answer_lost) j["answerLost"] = true;
  return j;
}

std::string call_log_to_json_lines(const CallLog& log) {
  std::string out;
  for (const CallRecord& r : log.records) {
    out += to_compact_text(call_to_json(r));
    out += '\n';
  }
  return out;
}

namespace {
std::optional<std::string> read_record(const Json& j, CallRecord& r) {
  if (!j.is_object()) return "must be a JSON object";
  auto str = [&](const char* key, std::string& out) -> bool {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  std::string time_text;
  if (!str("time", time_text)) return "\"time\" must be a string";
  const auto time = parse_iso8601(time_text);
  if (!time) return "\"time\" is not an ISO-8601 timestamp";
  r.time = *time;
  r.sent = *time;
  std::string sent_text;
  if (str("sent", sent_text)) {
    const auto sent = parse_iso8601(sent_text);
    if (!sent) return "\"sent\" is not an ISO-8601 timestamp";
    r.sent = *sent;
  }
  if (!str("caller", r.caller)) return "\"caller\" must be a string";
  std::string api;
  if (!str("api", api)) return "\"api\" must be a string";
  const auto call = parse_api_call(api);
  if (!call) return "\"api\" names no API call wfsim knows: \"" + api + "\"";
  r.api = *call;
  if (const auto it = j.find("request"); it != j.end()) r.request = *it;
  if (const auto it = j.find("response"); it != j.end()) r.response = *it;
  if (const auto it = j.find("error"); it != j.end()) {
    if (!it->is_object() || !it->contains("code") || !(*it)["code"].is_string()) {
      return "\"error\" must be an object with a string \"code\"";
    }
    r.error = ApiError{(*it)["code"].get<std::string>(), it->value("message", std::string())};
  }
  r.dropped = j.value("dropped", false);
  r.answer_lost = j.value("answerLost", false);
  return std::nullopt;
}
}  // namespace

std::variant<CallLog, std::string> call_log_from_json_lines(const std::string& text) {
  CallLog log;
  std::istringstream lines(text);
  std::string line;
  size_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty()) continue;
    Json j = Json::parse(line, nullptr, false);
    if (j.is_discarded()) return "line " + std::to_string(number) + ": not valid JSON";
    CallRecord r;
    if (auto problem = read_record(j, r)) return "line " + std::to_string(number) + ": " + *problem;
    r.sequence = log.records.size() + 1;
    log.records.push_back(std::move(r));
  }
  return log;
}

}  // namespace wfsim
