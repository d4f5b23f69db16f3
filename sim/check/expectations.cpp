// A scenario's "expect" block (check.h, docs/design.md "Scenario files"): allowed final statuses, a
// duration bound, states that must or must not be reached, and history events that must appear.
// For the Temporal dialect a "state" is an activity, named by its type or its activity id, and it
// is reached when it was scheduled.
#include <fmt/format.h>

#include <algorithm>

#include "check/check.h"
#include "check/record_view.h"
#include "core/assert.h"

namespace wfsim::check {
namespace {

// The first event that shows `name` was reached, or 0.
int64_t reached(const Observation& o, std::string_view name) {
  if (o.temporal) {
    for (const temporal::HistoryEvent& e : o.temporal_history->events) {
      if (e.type == temporal::EventType::ActivityTaskScheduled &&
          (e.activity_type == name || e.activity_id == name)) {
        return e.event_id;
      }
    }
    return 0;
  }
  for (const HistoryEvent& e : o.history->events) {
    if (is_state_entered(e.type) && e.name == name) return e.id;
  }
  return 0;
}

// Whether an event of type `name` appears: 1 yes, 0 no, -1 when no such event type exists.
int has_event(const Observation& o, std::string_view name) {
  if (o.temporal) {
    const auto type = temporal::parse_event_type(name);
    if (!type) return -1;
    return std::any_of(o.temporal_history->events.begin(), o.temporal_history->events.end(),
                       [&](const temporal::HistoryEvent& e) { return e.type == *type; });
  }
  const auto type = parse_event_type(name);
  if (!type) return -1;
  return std::any_of(o.history->events.begin(), o.history->events.end(),
                     [&](const HistoryEvent& e) { return e.type == *type; });
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

std::vector<Violation> check_expectations(const Observation& observation,
                                          const Expectations& expect, std::string_view final_status,
                                          Duration duration) {
  WFSIM_ASSERT(observation.temporal ? observation.temporal_history != nullptr
                                    : observation.history != nullptr);
  std::vector<Violation> out;
  auto add = [&](std::string_view name, int64_t event, std::string message) {
    out.push_back(Violation{std::string(name), event, 0, std::move(message)});
  };
  if (!expect.status.empty() &&
      std::find(expect.status.begin(), expect.status.end(), final_status) == expect.status.end()) {
    add("expect.status", 0,
        fmt::format("the run ended {}; expected one of {}", final_status, joined(expect.status)));
  }
  if (expect.max_duration && duration > *expect.max_duration) {
    add("expect.max_duration", 0,
        fmt::format("the run took {} of virtual time; expected at most {}", seconds_text(duration),
                    seconds_text(*expect.max_duration)));
  }
  const char* what = observation.temporal ? "activity" : "state";
  for (const std::string& name : expect.states_reached) {
    if (reached(observation, name) == 0) {
      add("expect.states_reached", 0, fmt::format("{} '{}' was never reached", what, name));
    }
  }
  for (const std::string& name : expect.states_not_reached) {
    if (const int64_t id = reached(observation, name)) {
      add("expect.states_not_reached", id,
          fmt::format("{} '{}' was reached (event {}); expected it not to be", what, name, id));
    }
  }
  for (const std::string& name : expect.events) {
    const int found = has_event(observation, name);
    if (found == 1) continue;
    add("expect.events", 0,
        found < 0 ? fmt::format("'{}' is not a {} history event type", name,
                                observation.temporal ? "Temporal" : "Step Functions")
                  : fmt::format("no {} event appears in the history", name));
  }
  return out;
}

}  // namespace wfsim::check
