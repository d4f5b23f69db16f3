// Temporal histories in the JSON shape of Temporal's history export (protojson of
// temporal.api.history.v1.History, as `temporal workflow show --output json` prints it):
//
//   {"events":[{"eventId":"1","eventTime":"2024-01-01T00:00:00Z",
//               "eventType":"EVENT_TYPE_ACTIVITY_TASK_SCHEDULED",
//               "activityTaskScheduledEventAttributes":{"activityId":"1", ...}}]}
//
// protojson conventions are kept: int64 fields as strings, enums by their proto names, durations
// as "10s"/"1.500s", timestamps as RFC 3339 with 0, 3 or 6 fractional digits, and fields holding
// their default value (0, false, "", empty payloads, UNSPECIFIED enums) omitted. Payloads are
// written in the CLI's JSON "shorthand" ({"payloads":[<json value>, ...]}); the reader also
// accepts the full form ({"metadata":{"encoding":"<base64 json/plain>"},"data":"<base64>"}).
//
// Not written: taskId, version, header, workerVersion and every other field wfsim does not model
// (the reader ignores them).
#pragma once

#include <string>
#include <variant>

#include "record/temporal_history.h"

namespace wfsim::temporal {

Json history_to_json(const History& history);
Json event_to_json(const HistoryEvent& event);
Json failure_to_json(const Failure& failure);
Json retry_policy_to_json(const RetryPolicy& policy);
// {"payloads":[...]}.
Json payloads_to_json(const Payloads& payloads);

// protojson Duration text: "10s", "1.500s", "0.000001s", "-2s".
std::string format_proto_duration(Duration duration);
// protojson Timestamp text: "2024-01-01T00:00:00Z", "2024-01-01T00:00:01.500Z".
std::string format_proto_timestamp(Instant instant);
// Parses protojson Duration text; digits beyond microseconds are truncated. Never throws.
std::optional<Duration> parse_proto_duration(std::string_view text);

// The first problem found while reading: where (a JSON Pointer) and what.
struct JsonProblem {
  std::string pointer;  // e.g. "/events/3/eventType"
  std::string message;  // e.g. "unknown event type \"EVENT_TYPE_FOO\""
};
// "/events/3/eventType: unknown event type ..."
std::string to_string(const JsonProblem& problem);

struct HistoryReadOptions {
  // Exports from a real server also hold events wfsim does not model (workflow tasks, timers,
  // markers...). When true they are skipped, keeping the ids of the others; when false they are
  // a problem.
  bool skip_unmodelled_events = false;
};

// Parses a history document. Unknown fields are ignored; fields of the wrong type, unknown enum
// values and non-contiguous event ids are problems.
std::variant<History, JsonProblem> history_from_json(const Json& document,
                                                     HistoryReadOptions options = {});

}  // namespace wfsim::temporal
