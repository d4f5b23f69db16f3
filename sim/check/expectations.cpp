// A scenario's "expect" and "expect_fault_free" blocks (check.h, docs/scenario-format.md): allowed
// final statuses, a duration bound, states that must or must not be reached, history events that
// must appear, the most attempts of a state, states that succeed at most once, and "if X then Y"
// over the history. For the Temporal dialect a "state" is an activity, named by its type or its
// activity id, and it is reached when it was scheduled.
//
// This file judges one record against the expectations it is handed; which block applies to a
// run (every run, or only one without faults beyond a set) is decided by sim/run (evaluate.cpp).
#include <fmt/format.h>

#include <algorithm>

#include "check/check.h"
#include "check/record_view.h"
#include "core/assert.h"
#include "record/event_kinds.h"

namespace wfsim::check {
namespace {

// Whether Temporal activity event `e` is about the activity named `name` (type or id).
bool about_activity(const temporal::History& history, const temporal::HistoryEvent& e,
                    std::string_view name) {
  const temporal::HistoryEvent* scheduled =
      temporal::activity_scheduled_event(history, e.event_id);
  return scheduled != nullptr &&
         (scheduled->activity_type == name || scheduled->activity_id == name);
}

// The ids of the events that match `pattern`, in history order. A pattern with only a state
// matches the state's entry (Temporal: its ActivityTaskScheduled). An unknown event type matches
// nothing (the loader rejects it).
std::vector<int64_t> matching(const Observation& o, const EventPattern& pattern) {
  std::vector<int64_t> ids;
  if (o.temporal) {
    const temporal::History& history = *o.temporal_history;
    const auto type = pattern.event.empty()
                          ? std::optional(temporal::EventType::ActivityTaskScheduled)
                          : temporal::parse_event_type(pattern.event);
    if (!type) return ids;
    for (const temporal::HistoryEvent& e : history.events) {
      if (e.type != *type) continue;
      if (!pattern.state.empty() && !about_activity(history, e, pattern.state)) continue;
      ids.push_back(e.event_id);
    }
    return ids;
  }
  const History& history = *o.history;
  const auto type = pattern.event.empty() ? std::nullopt : parse_event_type(pattern.event);
  if (!pattern.event.empty() && !type) return ids;
  for (const HistoryEvent& e : history.events) {
    if (type ? e.type != *type : !is_state_entered(e.type)) continue;
    if (!pattern.state.empty() && state_of_event(history, e.id) != pattern.state) continue;
    ids.push_back(e.id);
  }
  return ids;
}

// The first event that shows `name` was reached, or 0.
int64_t reached(const Observation& o, std::string_view name) {
  const std::vector<int64_t> ids = matching(o, EventPattern{"", std::string(name)});
  return ids.empty() ? 0 : ids.front();
}

// Whether an event of type `name` appears: 1 yes, 0 no, -1 when no such event type exists.
int has_event(const Observation& o, std::string_view name) {
  const bool known = o.temporal ? temporal::parse_event_type(name).has_value()
                                : parse_event_type(name).has_value();
  if (!known) return -1;
  return matching(o, EventPattern{std::string(name), ""}).empty() ? 0 : 1;
}

// Step Functions: the attempt events of one role for state `name` (Scheduled: its attempts;
// Succeeded: its successes). Temporal: an activity's attempts are the attempt numbers its
// ActivityTaskStarted events carry (the server records only the last attempt's start), and its
// successes are its ActivityTaskCompleted events.
struct Tally {
  uint64_t count = 0;
  std::vector<int64_t> ids;  // The events that show them.
};

Tally attempts_of(const Observation& o, std::string_view name) {
  Tally tally;
  if (o.temporal) {
    for (const temporal::HistoryEvent& e : o.temporal_history->events) {
      if (e.type != temporal::EventType::ActivityTaskStarted) continue;
      if (!about_activity(*o.temporal_history, e, name)) continue;
      tally.count += static_cast<uint64_t>(std::max(e.attempt, 1));
      tally.ids.push_back(e.event_id);
    }
    return tally;
  }
  for (const HistoryEvent& e : o.history->events) {
    if (!is_attempt_scheduled(e.type) || state_of_event(*o.history, e.id) != name) continue;
    ++tally.count;
    tally.ids.push_back(e.id);
  }
  return tally;
}

Tally successes_of(const Observation& o, std::string_view name) {
  Tally tally;
  if (o.temporal) {
    for (const temporal::HistoryEvent& e : o.temporal_history->events) {
      if (e.type != temporal::EventType::ActivityTaskCompleted) continue;
      if (!about_activity(*o.temporal_history, e, name)) continue;
      ++tally.count;
      tally.ids.push_back(e.event_id);
    }
    return tally;
  }
  for (const HistoryEvent& e : o.history->events) {
    const auto attempt = attempt_event(e.type);
    if (!attempt || attempt->role != AttemptRole::succeeded) continue;
    if (state_of_event(*o.history, e.id) != name) continue;
    ++tally.count;
    tally.ids.push_back(e.id);
  }
  return tally;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// "events 4, 9 and 15" (at most eight ids, then "..."): the events a message points at.
std::string event_list(const std::vector<int64_t>& ids) {
  WFSIM_ASSERT(!ids.empty());
  std::string out = ids.size() == 1 ? "event " : "events ";
  const size_t shown = std::min<size_t>(ids.size(), 8);
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) out += i + 1 == shown && shown == ids.size() ? " and " : ", ";
    out += std::to_string(ids[i]);
  }
  if (shown < ids.size()) out += ", ...";
  return out;
}

// "TaskFailed on ChargeCard", "TaskFailed", "state ChargeCard".
std::string describe(const EventPattern& pattern, const char* what) {
  WFSIM_ASSERT(!pattern.event.empty() || !pattern.state.empty());
  if (pattern.event.empty()) return fmt::format("{} {} reached", what, pattern.state);
  if (pattern.state.empty()) return pattern.event;
  return fmt::format("{} on {}", pattern.event, pattern.state);
}

// The expectations over attempts and events: max_attempts, succeeds_at_most_once, if_then.
template <typename Add>
void check_history(const Observation& observation, const Expectations& expect, const char* what,
                   Add& add) {
  for (const auto& [name, most] : expect.max_attempts) {
    const Tally attempts = attempts_of(observation, name);
    if (attempts.count <= most) continue;
    add("max_attempts", attempts.ids.back(),
        fmt::format("{} '{}' was attempted {} times ({}); expected at most {}", what, name,
                    attempts.count, event_list(attempts.ids), most));
  }
  for (const std::string& name : expect.succeeds_at_most_once) {
    const Tally successes = successes_of(observation, name);
    if (successes.count <= 1) continue;
    add("succeeds_at_most_once", successes.ids[1],
        fmt::format("{} '{}' succeeded {} times in one execution ({}); expected at most once",
                    what, name, successes.count, event_list(successes.ids)));
  }
  for (const Implication& rule : expect.if_then) {
    const std::vector<int64_t> causes = matching(observation, rule.if_event);
    if (causes.empty()) continue;
    const std::vector<int64_t> effects = matching(observation, rule.then_event);
    if (!rule.forbid && effects.empty()) {
      add("if_then", causes.front(),
          fmt::format("{} happened ({}) but {} never did", describe(rule.if_event, what),
                      event_list(causes), describe(rule.then_event, what)));
    } else if (rule.forbid && !effects.empty()) {
      add("if_then", effects.front(),
          fmt::format("{} happened ({}) and so did {} ({}); expected never both",
                      describe(rule.if_event, what), event_list(causes),
                      describe(rule.then_event, what), event_list(effects)));
    }
  }
}

}  // namespace

std::vector<Violation> check_expectations(const Observation& observation,
                                          const Expectations& expect, std::string_view final_status,
                                          Duration duration, std::string_view prefix) {
  WFSIM_ASSERT(observation.temporal ? observation.temporal_history != nullptr
                                    : observation.history != nullptr);
  std::vector<Violation> out;
  auto add = [&](std::string_view name, int64_t event, std::string message) {
    out.push_back(Violation{fmt::format("{}.{}", prefix, name), event, 0, std::move(message)});
  };
  if (!expect.status.empty() &&
      std::find(expect.status.begin(), expect.status.end(), final_status) == expect.status.end()) {
    add("status", 0,
        fmt::format("the run ended {}; expected one of {}", final_status, joined(expect.status)));
  }
  if (expect.max_duration && duration > *expect.max_duration) {
    add("max_duration", 0,
        fmt::format("the run took {} of virtual time; expected at most {}", seconds_text(duration),
                    seconds_text(*expect.max_duration)));
  }
  const char* what = observation.temporal ? "activity" : "state";
  for (const std::string& name : expect.states_reached) {
    if (reached(observation, name) == 0) {
      add("states_reached", 0, fmt::format("{} '{}' was never reached", what, name));
    }
  }
  for (const std::string& name : expect.states_not_reached) {
    if (const int64_t id = reached(observation, name)) {
      add("states_not_reached", id,
          fmt::format("{} '{}' was reached (event {}); expected it not to be", what, name, id));
    }
  }
  for (const std::string& name : expect.events) {
    const int found = has_event(observation, name);
    if (found == 1) continue;
    add("events", 0,
        found < 0 ? fmt::format("'{}' is not a {} history event type", name,
                                observation.temporal ? "Temporal" : "Step Functions")
                  : fmt::format("no {} event appears in the history", name));
  }
  check_history(observation, expect, what, add);
  return out;
}

}  // namespace wfsim::check
