// Reading call-log records without trusting them: a call log may come from a file or from another
// engine's adapter, so every field is looked up with its type checked and a missing or mistyped
// field reads as absent. Nothing here throws or asserts on the content of a record.
//
// This file only reads fields; what a record means is decided by the checkers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "record/call_log.h"

namespace wfsim::check {

// The member `key` of `object`, when `object` is an object that has it; otherwise nullptr.
const Json* member(const Json& object, std::string_view key);
std::optional<std::string> string_member(const Json& object, std::string_view key);
std::optional<int64_t> integer_member(const Json& object, std::string_view key);
std::optional<bool> bool_member(const Json& object, std::string_view key);
// An ISO-8601 / RFC 3339 timestamp member.
std::optional<Instant> time_member(const Json& object, std::string_view key);
// A protojson duration member ("10s", "1.500s").
std::optional<Duration> duration_member(const Json& object, std::string_view key);
// A Temporal payloads member ({"payloads":[...]}) as its array; an absent member is the empty
// array (protojson omits empty payloads).
Json payloads_member(const Json& object, std::string_view key);

// The request's taskToken, if it is a string.
std::optional<std::string> task_token(const CallRecord& record);

// The call reached the engine and was answered with success.
inline bool accepted(const CallRecord& record) {
  return !record.dropped && record.response.has_value() && !record.error.has_value();
}
// The call reached the engine and was answered with this error code.
inline bool rejected_with(const CallRecord& record, std::string_view code) {
  return !record.dropped && record.error.has_value() && record.error->code == code;
}
inline bool reached_engine(const CallRecord& record) { return !record.dropped; }

// "call 17 (SendTaskHeartbeat at 2024-01-01T00:00:05.000000Z)".
std::string describe_call(const CallRecord& record);
// "12.500s after the epoch"-free form used in messages: the ISO-8601 time.
std::string at(Instant instant);
// "1.500000s".
std::string seconds_text(Duration duration);

}  // namespace wfsim::check
