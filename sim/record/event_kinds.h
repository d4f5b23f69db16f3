// What each Step Functions history event type is: an execution event, a state event (the
// state-type table of state_events.h), an attempt event (of an activity, a Lambda function or a
// service-integration task), a Map Run event or an evaluation failure.
//
// One exhaustive switch (event_kinds.cpp) classifies every event type; every "is this an
// attempt outcome?" question in wfsim is answered from it, so a new event type is a compile
// error there and nowhere else needs a default case.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "record/history.h"

namespace wfsim {

enum class EventGroup : uint8_t { execution, state, attempt, map_run, evaluation };

enum class ExecutionRole : uint8_t { started, redriven, succeeded, failed, timed_out, aborted };

// Who runs an attempt: an activity worker (Activity*), a legacy Lambda function ARN
// (LambdaFunction*) or a service integration (Task*).
enum class AttemptFamily : uint8_t { activity, lambda, task };

enum class AttemptRole : uint8_t {
  scheduled,
  schedule_failed,
  started,
  start_failed,
  submitted,
  submit_failed,
  succeeded,
  failed,
  timed_out,
};

struct AttemptEvent {
  AttemptFamily family;
  AttemptRole role;
};

enum class MapRunRole : uint8_t { started, succeeded, failed, aborted, redriven };

struct EventKind {
  EventGroup group = EventGroup::execution;
  std::optional<ExecutionRole> execution;
  std::optional<AttemptEvent> attempt;
  std::optional<MapRunRole> map_run;
};

namespace detail {
// The table kind_of() reads, indexed by EventType (defined in event_kinds.cpp).
extern const std::array<EventKind, kEventTypeCount> kEventKinds;
}  // namespace detail

// Inline: the engine asks for every event it writes.
inline const EventKind& kind_of(EventType type) {
  return detail::kEventKinds[static_cast<size_t>(type)];
}

// Shorthands (history.h has is_attempt_scheduled, is_attempt_started, is_attempt_outcome,
// is_attempt_timed_out and is_execution_terminal, also answered from kind_of).
std::optional<AttemptEvent> attempt_event(EventType type);
std::optional<ExecutionRole> execution_role(EventType type);
// ScheduleFailed, StartFailed and SubmitFailed: the failures that end an attempt without one.
bool is_attempt_failure_without_outcome(EventType type);

}  // namespace wfsim
