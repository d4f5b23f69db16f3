// The classification of every history event type; see event_kinds.h.
#include "record/event_kinds.h"

#include <array>

#include "core/assert.h"

namespace wfsim {
namespace {

using E = EventType;

constexpr EventKind execution(ExecutionRole role) { return {EventGroup::execution, role, {}, {}}; }
constexpr EventKind attempt(AttemptFamily family, AttemptRole role) {
  return {EventGroup::attempt, {}, AttemptEvent{family, role}, {}};
}
constexpr EventKind map_run(MapRunRole role) { return {EventGroup::map_run, {}, {}, role}; }
constexpr EventKind state() { return {EventGroup::state, {}, {}, {}}; }

// Every event type's kind. Classified at compile time: the engine asks on every event it writes.
constexpr EventKind classify(EventType type) {
  using A = AttemptRole;
  constexpr AttemptFamily kActivity = AttemptFamily::activity;
  constexpr AttemptFamily kLambda = AttemptFamily::lambda;
  constexpr AttemptFamily kTask = AttemptFamily::task;
  switch (type) {
    case E::ExecutionStarted: return execution(ExecutionRole::started);
    case E::ExecutionRedriven: return execution(ExecutionRole::redriven);
    case E::ExecutionSucceeded: return execution(ExecutionRole::succeeded);
    case E::ExecutionFailed: return execution(ExecutionRole::failed);
    case E::ExecutionTimedOut: return execution(ExecutionRole::timed_out);
    case E::ExecutionAborted: return execution(ExecutionRole::aborted);
    case E::ActivityScheduled: return attempt(kActivity, A::scheduled);
    case E::ActivityScheduleFailed: return attempt(kActivity, A::schedule_failed);
    case E::ActivityStarted: return attempt(kActivity, A::started);
    case E::ActivitySucceeded: return attempt(kActivity, A::succeeded);
    case E::ActivityFailed: return attempt(kActivity, A::failed);
    case E::ActivityTimedOut: return attempt(kActivity, A::timed_out);
    case E::LambdaFunctionScheduled: return attempt(kLambda, A::scheduled);
    case E::LambdaFunctionScheduleFailed: return attempt(kLambda, A::schedule_failed);
    case E::LambdaFunctionStarted: return attempt(kLambda, A::started);
    case E::LambdaFunctionStartFailed: return attempt(kLambda, A::start_failed);
    case E::LambdaFunctionSucceeded: return attempt(kLambda, A::succeeded);
    case E::LambdaFunctionFailed: return attempt(kLambda, A::failed);
    case E::LambdaFunctionTimedOut: return attempt(kLambda, A::timed_out);
    case E::TaskScheduled: return attempt(kTask, A::scheduled);
    case E::TaskStarted: return attempt(kTask, A::started);
    case E::TaskStartFailed: return attempt(kTask, A::start_failed);
    case E::TaskSubmitted: return attempt(kTask, A::submitted);
    case E::TaskSubmitFailed: return attempt(kTask, A::submit_failed);
    case E::TaskSucceeded: return attempt(kTask, A::succeeded);
    case E::TaskFailed: return attempt(kTask, A::failed);
    case E::TaskTimedOut: return attempt(kTask, A::timed_out);
    case E::MapRunStarted: return map_run(MapRunRole::started);
    case E::MapRunSucceeded: return map_run(MapRunRole::succeeded);
    case E::MapRunFailed: return map_run(MapRunRole::failed);
    case E::MapRunAborted: return map_run(MapRunRole::aborted);
    case E::MapRunRedriven: return map_run(MapRunRole::redriven);
    case E::EvaluationFailed: return {EventGroup::evaluation, {}, {}, {}};
    // The state events: which state type and role is state_events.h's table.
    case E::ChoiceStateEntered: case E::ChoiceStateExited: case E::FailStateEntered:
    case E::MapIterationAborted: case E::MapIterationFailed: case E::MapIterationStarted:
    case E::MapIterationSucceeded: case E::MapStateAborted: case E::MapStateEntered:
    case E::MapStateExited: case E::MapStateFailed: case E::MapStateStarted:
    case E::MapStateSucceeded: case E::ParallelStateAborted: case E::ParallelStateEntered:
    case E::ParallelStateExited: case E::ParallelStateFailed: case E::ParallelStateStarted:
    case E::ParallelStateSucceeded: case E::PassStateEntered: case E::PassStateExited:
    case E::SucceedStateEntered: case E::SucceedStateExited: case E::TaskStateAborted:
    case E::TaskStateEntered: case E::TaskStateExited: case E::WaitStateAborted:
    case E::WaitStateEntered: case E::WaitStateExited:
      return state();  // Which state type and role: state_events.h (vocabulary_test pairs them).
  }
  return {EventGroup::evaluation, {}, {}, {}};  // Unreachable: the switch lists every type.
}

}  // namespace

namespace detail {
constexpr std::array<EventKind, kEventTypeCount> kEventKinds = [] {
  std::array<EventKind, kEventTypeCount> kinds{};
  for (size_t i = 0; i < kEventTypeCount; ++i) kinds[i] = classify(static_cast<EventType>(i));
  return kinds;
}();
}  // namespace detail

std::optional<AttemptEvent> attempt_event(EventType type) { return kind_of(type).attempt; }

std::optional<ExecutionRole> execution_role(EventType type) { return kind_of(type).execution; }

bool is_attempt_failure_without_outcome(EventType type) {
  const auto event = attempt_event(type);
  return event && (event->role == AttemptRole::schedule_failed ||
                   event->role == AttemptRole::start_failed ||
                   event->role == AttemptRole::submit_failed);
}

}  // namespace wfsim
