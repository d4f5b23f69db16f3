// The API call log: every call made to the engine (by simulated workers, by the scenario's
// actions) and every task the engine handed to a worker, with its answer.
//
// Together with the history this is the observable record the checkers read. A call that the
// network lost before it reached the engine is logged too, marked as dropped, so that a checker
// can tell "no heartbeat was sent" from "a heartbeat was sent and lost".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/time.h"
#include "record/api_call.h"
#include "record/json.h"

namespace wfsim {

struct ApiError {
  std::string code;     // "TaskTimedOut", "InvalidToken", "NotFound", ...
  std::string message;  // As the service words it.
  friend bool operator==(const ApiError&, const ApiError&) = default;
};

struct CallRecord {
  uint64_t sequence = 0;  // Position in the log, from 1.
  Instant time;           // When the engine handled the call, or when it was lost.
  Instant sent;           // When the caller sent it.
  std::string caller;     // "worker:ship/1", "scenario", "engine", ...
  ApiCall api = ApiCall::StartExecution;
  Json request = Json::object();
  std::optional<Json> response;   // Set when the engine answered successfully.
  std::optional<ApiError> error;  // Set when the engine answered with an error.
  bool dropped = false;           // The request never reached the engine.
  bool answer_lost = false;       // The engine answered but the caller never heard it.
};

struct CallLog {
  std::vector<CallRecord> records;

  // Appends with the next sequence number and returns the record to fill in.
  CallRecord& append(Instant time, std::string caller, ApiCall api, Json request);
};

Json call_to_json(const CallRecord& record);
// One JSON object per line.
std::string call_log_to_json_lines(const CallLog& log);
// Parses JSON lines; on failure returns "line N: <problem>".
std::variant<CallLog, std::string> call_log_from_json_lines(const std::string& text);

}  // namespace wfsim
