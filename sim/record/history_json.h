// Reading and writing histories in the JSON shape of GetExecutionHistory:
//   {"events":[{"id","previousEventId","timestamp","type","<detailsKey>":{...}}]}
// with the details key and fields Step Functions uses for each type (for example every
// "...StateEntered" event carries "stateEnteredEventDetails"), inputs and outputs as JSON text,
// and timestamps as ISO-8601 UTC with microseconds.
#pragma once

#include <string>
#include <variant>

#include "record/history.h"

namespace wfsim {

// The details key of a type ("taskScheduledEventDetails"), or empty when the type has none.
std::string_view details_key(EventType type);

Json history_to_json(const History& history);
Json event_to_json(const HistoryEvent& event);

// Parses a GetExecutionHistory document. On failure returns a message naming the JSON path of the
// first problem (for example "/events/3/type: unknown event type \"Foo\"").
std::variant<History, std::string> history_from_json(const Json& document);

}  // namespace wfsim
