// Timeline lanes of a Step Functions run (timeline_model.h): the execution's runs (a redrive
// starts a new one), a lane per top-level state, a lane per Parallel branch and per Map iteration
// below the state that owns it, each state visit as a bar and each task attempt (scheduled,
// started, ended) as a bar inside it, timeouts as markers.
//
// Which branch or iteration an event belongs to is read from the history alone, as a reader of
// GetExecutionHistory would: previousEventId chains events of one branch or iteration together,
// and they hang off the ParallelStateStarted or MapIterationStarted event that opened them. The
// definition is only asked which branch of a Parallel holds a state name.
//
// This file does not look at workers or calls (timeline_workers.cpp does).
#include <string>

#include "core/assert.h"
#include "record/history_json.h"
#include "record/event_kinds.h"
#include "record/sfn_threads.h"
#include "record/state_events.h"
#include "report/timeline_model.h"

namespace wfsim::report::timeline {
namespace {

// The index of the branch of Parallel state `parallel` that holds state `state`.
std::optional<size_t> branch_of(const asl::Definition* definition, std::string_view parallel,
                                const std::string& state) {
  if (definition == nullptr) return std::nullopt;
  for (const asl::State* candidate : definition->all_states()) {
    if (candidate->name != parallel || !candidate->parallel) continue;
    const auto& branches = candidate->parallel->branches;
    for (size_t i = 0; i < branches.size(); ++i) {
      if (branches[i]->find(state) != asl::kNoState) return i;
    }
  }
  return std::nullopt;
}

// An attempt's outcome or failure event as the page names it.
std::string attempt_outcome(EventType type) {
  const auto event = attempt_event(type);
  if (event && event->role == AttemptRole::timed_out) return "timed_out";
  if (event && event->role == AttemptRole::succeeded) return "succeeded";
  return "failed";
}

// How an execution (or one run of it, before a redrive) ended, from its terminal event.
std::string run_outcome(EventType type) {
  const auto role = execution_role(type);
  WFSIM_ASSERT_MSG(role.has_value(), "a run ends at an execution event");
  switch (*role) {
    case ExecutionRole::succeeded: return "succeeded";
    case ExecutionRole::timed_out: return "timed_out";
    case ExecutionRole::aborted: return "aborted";
    case ExecutionRole::failed:
    case ExecutionRole::started:
    case ExecutionRole::redriven: return "failed";
  }
  WFSIM_UNREACHABLE("an ExecutionRole outside its enumeration");
}

class SfnLanes {
 public:
  SfnLanes(const Source& source, Model& model)
      : source_(source), model_(model), history_(source.result.history) {}

  void build() {
    execution_lane_ = model_.lane(LaneKind::execution, "execution", "execution");
    scopes_.push_back(Scope{});  // The root: a lane per state.
    for (const HistoryEvent& event : history_.events) handle(event);
  }

 private:
  // Where events of one branch, iteration or the top level go.
  struct Scope {
    std::string key;
    std::string label;
    size_t lane = kNoLane;  // kNoLane: the top level, with a lane per state.
    std::optional<size_t> state_bar;
    std::string state_name;
    std::optional<size_t> attempt_bar;
    int attempts = 0;
    bool last_attempt_failed = false;
    std::optional<size_t> iteration_bar;
  };

  size_t state_lane(size_t scope, const std::string& name) {
    if (scopes_[scope].lane != kNoLane) return scopes_[scope].lane;
    return model_.lane(LaneKind::state, "state:" + name, name);
  }

  // The lane an event is drawn on when it has no bar of its own.
  size_t event_lane(size_t scope) {
    const Scope& s = scopes_[scope];
    if (s.lane != kNoLane) return s.lane;
    return s.state_bar ? model_.bars[*s.state_bar].lane : execution_lane_;
  }

  size_t nested_scope(size_t parent, const std::string& key_suffix, const std::string& label,
                      LaneKind kind, int64_t order) {
    const std::string key = scopes_[parent].key + "/" + key_suffix;
    const auto found = scope_by_key_.find(key);
    if (found != scope_by_key_.end()) return found->second;
    const Scope& owner = scopes_[parent];
    const size_t parent_lane = owner.state_bar ? model_.bars[*owner.state_bar].lane
                                               : state_lane(parent, owner.state_name);
    Scope scope;
    scope.key = key;
    scope.label = label;
    scope.lane = model_.lane(kind, "scope:" + key, label, parent_lane, order);
    scopes_.push_back(std::move(scope));
    scope_by_key_.emplace(key, scopes_.size() - 1);
    return scopes_.size() - 1;
  }

  // The scope of an event: the scope of the thread record/sfn_threads places it on; a branch's
  // first event and an iteration's start open the thread's scope.
  size_t scope_for(const HistoryEvent& event) {
    const SfnPlacement placed = threads_.place(event);
    const auto thread = static_cast<size_t>(placed.thread);
    if (!placed.opened) return scope_of_thread_[thread];
    WFSIM_ASSERT(thread == scope_of_thread_.size());
    const SfnThread& opened = threads_.threads()[thread];
    const size_t parent = scope_of_thread_[static_cast<size_t>(opened.parent)];
    if (opened.kind == SfnThreadKind::iteration) {
      const std::string name(event.name);
      const std::string index = std::to_string(event.index);
      const size_t scope = nested_scope(parent, name + "[" + index + "]",
                                        name + " [" + index + "]", LaneKind::iteration,
                                        event.index);
      iteration_scopes_[name + "[" + index + "]"] = scope;
      scope_of_thread_.push_back(scope);
      return scope;
    }
    const std::string parallel = scopes_[parent].state_name;
    const std::string state(event.name);
    const auto branch = branch_of(source_.scenario.config.definition.get(), parallel, state);
    const int64_t index = branch ? static_cast<int64_t>(*branch) : -1;
    const std::string number = branch ? std::to_string(*branch + 1) : "?";
    const size_t scope = nested_scope(parent, parallel + "#" + (branch ? number : state),
                                      parallel + " \u25b8 branch " + number + ": " + state,
                                      LaneKind::branch, index);
    scope_of_thread_.push_back(scope);
    return scope;
  }

  void handle(const HistoryEvent& event) {
    const size_t scope = scope_for(event);
    const int64_t at = source_.offset_us(event.timestamp);
    const EventType type = event.type;
    if (type == EventType::ExecutionStarted || type == EventType::ExecutionRedriven ||
        is_execution_terminal(type)) {
      execution_event(event, at);
    } else if (is_state_entered(type)) {
      enter_state(scope, event, at);
    } else if (is_state_exited(type) || is_state_aborted(type)) {
      exit_state(scope, event, at);
    } else if (is_attempt_scheduled(type)) {
      schedule_attempt(scope, event, at);
    } else if (is_attempt_outcome(type) || is_attempt_failure_without_outcome(type)) {
      end_attempt(scope, event, at);
    } else {
      other_event(scope, event, at);
    }
  }

  void execution_event(const HistoryEvent& event, int64_t at) {
    model_.place_event(event.id, execution_lane_, at);
    if (event.type == EventType::ExecutionStarted || event.type == EventType::ExecutionRedriven) {
      Bar run;
      run.lane = execution_lane_;
      run.kind = "run";
      run.label = event.type == EventType::ExecutionStarted
                      ? "execution"
                      : "redrive " + std::to_string(event.redrive_count);
      run.start_us = at;
      run.refs.events.push_back(event.id);
      run_bar_ = model_.add_bar(std::move(run));
      if (event.type == EventType::ExecutionRedriven) {
        model_.add_marker(Marker{execution_lane_, at, std::nullopt, "redrive", "ExecutionRedriven",
                                 "", Refs{{event.id}, {}, {}, std::nullopt, "", ""}});
      }
      return;
    }
    close_everything(at);
    if (event.type == EventType::ExecutionTimedOut) {
      model_.add_marker(Marker{execution_lane_, at, std::nullopt, "timeout", "ExecutionTimedOut",
                               "", Refs{{event.id}, {}, {}, std::nullopt, "", ""}});
    }
    if (run_bar_) {
      model_.bars[*run_bar_].refs.events.push_back(event.id);
      model_.close_bar(*run_bar_, at, run_outcome(event.type));
      run_bar_.reset();
    }
  }

  // Whatever is still open when the execution closes ends with it; a state whose last attempt
  // (or Parallel or Map) failed failed the execution.
  void close_everything(int64_t at) {
    for (Scope& scope : scopes_) {
      if (scope.attempt_bar) model_.close_bar(*scope.attempt_bar, at, "ended");
      if (scope.state_bar) {
        model_.close_bar(*scope.state_bar, at, scope.last_attempt_failed ? "failed" : "ended");
      }
      if (scope.iteration_bar) model_.close_bar(*scope.iteration_bar, at, "ended");
      scope.attempt_bar.reset();
      scope.state_bar.reset();
      scope.iteration_bar.reset();
    }
  }

  void enter_state(size_t scope, const HistoryEvent& event, int64_t at) {
    Scope& s = scopes_[scope];
    if (s.state_bar) model_.close_bar(*s.state_bar, at, "ended");  // Not expected; kept honest.
    s.state_name = std::string(event.name);
    s.attempts = 0;
    s.last_attempt_failed = false;
    Bar bar;
    bar.lane = state_lane(scope, s.state_name);
    bar.kind = "state";
    bar.label = s.state_name;
    bar.start_us = at;
    bar.refs.events.push_back(event.id);
    scopes_[scope].state_bar = model_.add_bar(std::move(bar));
    model_.place_event(event.id, model_.bars[*scopes_[scope].state_bar].lane, at);
    if (event.type == EventType::FailStateEntered) {
      model_.close_bar(*scopes_[scope].state_bar, at, "failed");
    }
  }

  void exit_state(size_t scope, const HistoryEvent& event, int64_t at) {
    Scope& s = scopes_[scope];
    model_.place_event(event.id, event_lane(scope), at);
    const bool aborted = is_state_aborted(event.type);
    if (s.attempt_bar) {
      model_.bars[*s.attempt_bar].refs.events.push_back(event.id);
      model_.close_bar(*s.attempt_bar, at, aborted ? "aborted" : "ended");
      s.attempt_bar.reset();
    }
    if (!s.state_bar) return;
    model_.bars[*s.state_bar].refs.events.push_back(event.id);
    model_.close_bar(*s.state_bar, at,
                     aborted ? "aborted" : (s.last_attempt_failed ? "caught" : "succeeded"));
    s.state_bar.reset();
  }

  void schedule_attempt(size_t scope, const HistoryEvent& event, int64_t at) {
    Scope& s = scopes_[scope];
    const size_t lane = event_lane(scope);
    model_.place_event(event.id, lane, at);
    if (s.attempt_bar) model_.close_bar(*s.attempt_bar, at, "ended");
    ++s.attempts;
    Bar bar;
    bar.lane = lane;
    bar.kind = "attempt";
    bar.label = "attempt " + std::to_string(s.attempts);
    bar.start_us = at;
    bar.refs.events.push_back(event.id);
    s.attempt_bar = model_.add_bar(std::move(bar));
    // State names are unique in a machine; only an iteration needs saying which one.
    std::string label = s.state_name + " #" + std::to_string(s.attempts);
    if (model_.lanes[s.lane == kNoLane ? 0 : s.lane].kind == LaneKind::iteration) {
      label += " (" + s.label + ")";
    }
    model_.scheduled_labels[event.id] = std::move(label);
  }

  void end_attempt(size_t scope, const HistoryEvent& event, int64_t at) {
    Scope& s = scopes_[scope];
    const size_t lane = event_lane(scope);
    model_.place_event(event.id, lane, at);
    const std::string outcome = attempt_outcome(event.type);
    s.last_attempt_failed = outcome != "succeeded";
    if (is_attempt_timed_out(event.type)) {
      model_.add_marker(Marker{lane, at, std::nullopt, "timeout",
                               std::string(to_string(event.type)), "",
                               Refs{{event.id}, {}, {}, std::nullopt,
                                    event.cause.value_or(event.error.value_or("")), ""}});
    }
    if (!s.attempt_bar) return;
    model_.bars[*s.attempt_bar].refs.events.push_back(event.id);
    model_.close_bar(*s.attempt_bar, at, outcome);
    s.attempt_bar.reset();
  }

  void other_event(size_t scope, const HistoryEvent& event, int64_t at) {
    Scope& s = scopes_[scope];
    model_.place_event(event.id, event_lane(scope), at);
    const auto state = state_event(event.type);
    const auto role = state ? std::optional<StateEventRole>(state->role) : std::nullopt;
    if (role == StateEventRole::iteration_started) {
      Bar bar;
      bar.lane = s.lane;
      bar.kind = "iteration";
      bar.label = s.label;
      bar.start_us = at;
      bar.refs.events.push_back(event.id);
      if (s.iteration_bar) model_.close_bar(*s.iteration_bar, at, "ended");
      s.iteration_bar = model_.add_bar(std::move(bar));
      return;
    }
    if (role == StateEventRole::iteration_succeeded || role == StateEventRole::iteration_failed ||
        role == StateEventRole::iteration_aborted) {
      close_iteration(scope, event, at);
      return;
    }
    if (role == StateEventRole::failed) s.last_attempt_failed = true;  // A Parallel or Map block.
    if (event.type == EventType::EvaluationFailed) {
      model_.add_marker(Marker{event_lane(scope), at, std::nullopt, "failure", "EvaluationFailed",
                               "",
                               Refs{{event.id}, {}, {}, std::nullopt,
                                    event.cause.value_or(""), ""}});
    }
    if (is_attempt_started(event.type) && s.attempt_bar) {
      model_.bars[*s.attempt_bar].started_us = at;
      model_.bars[*s.attempt_bar].refs.events.push_back(event.id);
    } else if (s.attempt_bar && event.type == EventType::TaskSubmitted) {
      model_.bars[*s.attempt_bar].refs.events.push_back(event.id);
    } else if (s.state_bar) {
      model_.bars[*s.state_bar].refs.events.push_back(event.id);
    } else if (run_bar_) {
      model_.bars[*run_bar_].refs.events.push_back(event.id);
    }
  }

  // A MapIteration* close event names its iteration; its predecessor need not be in it.
  void close_iteration(size_t scope, const HistoryEvent& event, int64_t at) {
    const auto named = iteration_scopes_.find(std::string(event.name) + "[" +
                                              std::to_string(event.index) + "]");
    Scope& s = scopes_[named != iteration_scopes_.end() ? named->second : scope];
    if (!s.iteration_bar) return;
    const std::string outcome = event.type == EventType::MapIterationSucceeded ? "succeeded"
                                : event.type == EventType::MapIterationFailed  ? "failed"
                                                                               : "aborted";
    model_.bars[*s.iteration_bar].refs.events.push_back(event.id);
    model_.close_bar(*s.iteration_bar, at, outcome);
    s.iteration_bar.reset();
  }

  const Source& source_;
  Model& model_;
  const History& history_;
  size_t execution_lane_ = 0;
  std::optional<size_t> run_bar_;
  std::vector<Scope> scopes_;
  std::map<std::string, size_t> scope_by_key_;
  std::map<std::string, size_t> iteration_scopes_;  // "Map[3]" -> its latest scope.
  SfnThreads threads_{history_};
  std::vector<size_t> scope_of_thread_{0};  // By record/sfn_threads thread; the top is scope 0.
};

}  // namespace

void add_sfn_lanes(const Source& source, Model& model) { SfnLanes(source, model).build(); }

}  // namespace wfsim::report::timeline
