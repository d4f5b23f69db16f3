// The state-type event table; see state_events.h.
#include "record/state_events.h"

#include <ostream>

#include "core/assert.h"

namespace wfsim {
namespace {

using E = EventType;

// One row per state type, in the order of StateType. The reverse index below is derived from it.
constexpr StateEvents row(StateType type) {
  StateEvents out;
  out.type = type;
  switch (type) {
    case StateType::Task:
      out.entered = E::TaskStateEntered;
      out.exited = E::TaskStateExited;
      out.aborted = E::TaskStateAborted;
      return out;
    case StateType::Pass:
      out.entered = E::PassStateEntered;
      out.exited = E::PassStateExited;
      return out;
    case StateType::Wait:
      out.entered = E::WaitStateEntered;
      out.exited = E::WaitStateExited;
      out.aborted = E::WaitStateAborted;
      return out;
    case StateType::Choice:
      out.entered = E::ChoiceStateEntered;
      out.exited = E::ChoiceStateExited;
      return out;
    case StateType::Parallel:
      out.entered = E::ParallelStateEntered;
      out.exited = E::ParallelStateExited;
      out.aborted = E::ParallelStateAborted;
      out.started = E::ParallelStateStarted;
      out.succeeded = E::ParallelStateSucceeded;
      out.failed = E::ParallelStateFailed;
      return out;
    case StateType::Map:
      out.entered = E::MapStateEntered;
      out.exited = E::MapStateExited;
      out.aborted = E::MapStateAborted;
      out.started = E::MapStateStarted;
      out.succeeded = E::MapStateSucceeded;
      out.failed = E::MapStateFailed;
      out.iteration_started = E::MapIterationStarted;
      out.iteration_succeeded = E::MapIterationSucceeded;
      out.iteration_failed = E::MapIterationFailed;
      out.iteration_aborted = E::MapIterationAborted;
      return out;
    case StateType::Succeed:
      out.entered = E::SucceedStateEntered;
      out.exited = E::SucceedStateExited;
      return out;
    case StateType::Fail:
      out.entered = E::FailStateEntered;
      return out;
  }
  return out;  // Unreachable: the switch lists every state type.
}

struct Table {
  std::array<StateEvents, kStateTypes.size()> rows{};
  std::array<std::optional<StateEvent>, kEventTypeCount> by_event{};
  bool one_owner = true;  // No event type is claimed by two rows or two roles.

  constexpr Table() {
    for (size_t i = 0; i < kStateTypes.size(); ++i) {
      rows[i] = row(kStateTypes[i]);
      const StateEvents& r = rows[i];
      index(r.type, r.entered, StateEventRole::entered);
      index(r.type, r.exited, StateEventRole::exited);
      index(r.type, r.aborted, StateEventRole::aborted);
      index(r.type, r.started, StateEventRole::started);
      index(r.type, r.succeeded, StateEventRole::succeeded);
      index(r.type, r.failed, StateEventRole::failed);
      index(r.type, r.iteration_started, StateEventRole::iteration_started);
      index(r.type, r.iteration_succeeded, StateEventRole::iteration_succeeded);
      index(r.type, r.iteration_failed, StateEventRole::iteration_failed);
      index(r.type, r.iteration_aborted, StateEventRole::iteration_aborted);
    }
  }

  constexpr void index(StateType type, std::optional<EventType> event, StateEventRole role) {
    if (!event) return;
    auto& slot = by_event[static_cast<size_t>(*event)];
    one_owner = one_owner && !slot.has_value();
    slot = StateEvent{type, role};
  }
};

// Built at compile time: the engine reads it for every state it enters.
constexpr Table kTable;
static_assert(kTable.one_owner, "an event type belongs to one state type and one role");
}  // namespace

namespace detail {
constexpr std::array<StateEvents, kStateTypes.size()> kStateEvents = kTable.rows;
}  // namespace detail

namespace {

static_assert([] {
  for (size_t i = 0; i < kStateTypes.size(); ++i) {
    if (static_cast<size_t>(kStateTypes[i]) != i) return false;
  }
  return true;
}(), "kStateTypes lists the state types in enumeration order");

}  // namespace

std::string_view to_string(StateType type) {
  switch (type) {
    case StateType::Task: return "Task";
    case StateType::Pass: return "Pass";
    case StateType::Wait: return "Wait";
    case StateType::Choice: return "Choice";
    case StateType::Parallel: return "Parallel";
    case StateType::Map: return "Map";
    case StateType::Succeed: return "Succeed";
    case StateType::Fail: return "Fail";
  }
  WFSIM_UNREACHABLE("a StateType outside its enumeration");
}

std::optional<StateType> parse_state_type(std::string_view name) {
  for (const StateType type : kStateTypes) {
    if (to_string(type) == name) return type;
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, StateType type) { return out << to_string(type); }


std::optional<StateEvent> state_event(EventType type) {
  const auto index = static_cast<size_t>(type);
  WFSIM_ASSERT(index < kEventTypeCount);
  return kTable.by_event[index];
}

bool has_role(EventType type, StateEventRole role) {
  const auto event = state_event(type);
  return event && event->role == role;
}

bool is_block_started(EventType type) { return has_role(type, StateEventRole::started); }

bool is_block_end(EventType type) {
  const auto event = state_event(type);
  if (!event) return false;
  const bool block = event->type == StateType::Parallel || event->type == StateType::Map;
  return block && (event->role == StateEventRole::succeeded ||
                   event->role == StateEventRole::failed ||
                   event->role == StateEventRole::aborted);
}

bool is_state_aborted(EventType type) { return has_role(type, StateEventRole::aborted); }

}  // namespace wfsim
