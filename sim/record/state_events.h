// The state types of the Amazon States Language and the history events each one writes.
//
// This file is the one owner of "which events does a state of type T write": the engine emits
// from it, the checkers read histories through it and the timeline draws from it. Adding a state
// type means adding it here; every switch over StateType has no default, so the compiler lists
// the places that must learn it. It says nothing about when an event is written (the engine
// decides) or whether a sequence is well formed (sim/check decides).
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string_view>

#include "record/history.h"

namespace wfsim {

enum class StateType : uint8_t { Task, Pass, Wait, Choice, Parallel, Map, Succeed, Fail };

inline constexpr std::array<StateType, 8> kStateTypes = {
    StateType::Task,     StateType::Pass, StateType::Wait,    StateType::Choice,
    StateType::Parallel, StateType::Map,  StateType::Succeed, StateType::Fail};

// "Task", ... as ASL's "Type" field and the event names spell it.
std::string_view to_string(StateType type);
std::optional<StateType> parse_state_type(std::string_view name);
std::ostream& operator<<(std::ostream& out, StateType type);

// The events a state writes on its own thread of the history, by what they mean. A role the
// type does not have is nullopt.
struct StateEvents {
  StateType type = StateType::Pass;
  EventType entered = EventType::PassStateEntered;
  // Leaving the state normally; a Fail state has none (it ends its execution or branch).
  std::optional<EventType> exited;
  // Ended from outside (a stop, a sibling branch or iteration failing) while it was running.
  std::optional<EventType> aborted;
  // Parallel and Map: the block's own events between entering and exiting.
  std::optional<EventType> started;
  std::optional<EventType> succeeded;
  std::optional<EventType> failed;
  // Map: the events of each iteration.
  std::optional<EventType> iteration_started;
  std::optional<EventType> iteration_succeeded;
  std::optional<EventType> iteration_failed;
  std::optional<EventType> iteration_aborted;
};

namespace detail {
// The table events_of() reads, indexed by StateType (defined in state_events.cpp).
extern const std::array<StateEvents, kStateTypes.size()> kStateEvents;
}  // namespace detail

// Inline: the engine asks for every state it enters.
inline const StateEvents& events_of(StateType type) {
  return detail::kStateEvents[static_cast<size_t>(type)];
}

enum class StateEventRole : uint8_t {
  entered,
  exited,
  aborted,
  started,
  succeeded,
  failed,
  iteration_started,
  iteration_succeeded,
  iteration_failed,
  iteration_aborted,
};

// The other direction: the state type an event belongs to and its role there; nullopt for the
// events that no state type owns (execution, attempt and evaluation events).
struct StateEvent {
  StateType type;
  StateEventRole role;
};
std::optional<StateEvent> state_event(EventType type);

// Shorthands over state_event().
bool has_role(EventType type, StateEventRole role);
// ParallelStateStarted, MapStateStarted.
bool is_block_started(EventType type);
// The Succeeded, Failed and Aborted events of a Parallel or Map block.
bool is_block_end(EventType type);
// TaskStateAborted, WaitStateAborted, ParallelStateAborted, MapStateAborted.
bool is_state_aborted(EventType type);

}  // namespace wfsim
