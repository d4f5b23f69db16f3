// Building the Step Functions record index from the history; see sfn_record.h. The call-log part
// is in sfn_calls.cpp.
#include "check/sfn_record.h"
#include "check/invariant_names.h"

#include <fmt/format.h>

#include "check/record_view.h"
#include "core/assert.h"

namespace wfsim::check::sfn {
namespace {

constexpr std::string_view kWellFormed = names::kSfnHistoryWellFormed;
constexpr std::string_view kRetryShape = names::kSfnRetryShape;
constexpr std::string_view kBranchAbort = names::kSfnBranchAbort;

bool is_execution_event(EventType type) {
  return type == EventType::ExecutionStarted || type == EventType::ExecutionRedriven ||
         is_execution_terminal(type);
}

}  // namespace

Record::Record(const Observation& obs)
    : observation(obs), history(*obs.history), definition(obs.definition),
      placement_(*obs.history) {
  WFSIM_ASSERT_MSG(obs.history != nullptr, "a Step Functions observation needs its history");
  index_definition();
  index_events();
  index_calls();
  assert_consistent();
}

// Whatever the history holds, the index refers only to its own entries: every link between
// threads, visits, attempts, runs and token calls is in range and points back.
void Record::assert_consistent() const {
  const auto in = [](int index, size_t size) {
    return index >= 0 && static_cast<size_t>(index) < size;
  };
  for (size_t v = 0; v < visits.size(); ++v) {
    WFSIM_ASSERT(in(visits[v].thread, threads.size()));
    for (const int a : visits[v].attempts) {
      WFSIM_ASSERT(in(a, attempts.size()) && attempts[static_cast<size_t>(a)].visit ==
                                                 static_cast<int>(v));
    }
    for (const int run : visits[v].runs) {
      WFSIM_ASSERT(in(run, runs.size()) && runs[static_cast<size_t>(run)].visit ==
                                               static_cast<int>(v));
    }
  }
  for (const Thread& t : threads) {
    WFSIM_ASSERT(t.parent_run == -1 || in(t.parent_run, runs.size()));
    for (const int v : t.visits) WFSIM_ASSERT(in(v, visits.size()));
  }
  for (const Run& run : runs) {
    for (const int child : run.children) WFSIM_ASSERT(in(child, threads.size()));
  }
  WFSIM_ASSERT(calls_of_attempt.size() == attempts.size());
  for (const TokenCall& call : token_calls) {
    WFSIM_ASSERT(call.record != nullptr);
    WFSIM_ASSERT(call.attempt == -1 || in(call.attempt, attempts.size()));
    WFSIM_ASSERT(call.issue == -1 || in(call.issue, issues.size()));
  }
  for (const TokenIssue& issue : issues) {
    WFSIM_ASSERT(issue.record != nullptr);
    WFSIM_ASSERT(issue.attempt == -1 || in(issue.attempt, attempts.size()));
  }
}

void Record::problem(std::string_view invariant, int64_t id, std::string message) {
  problems.push_back(Problem{invariant, id, std::move(message)});
}

void Record::index_definition() {
  if (definition == nullptr) return;
  index_machine(definition->root, nullptr, -1);
}

void Record::index_machine(const asl::StateMachine& machine, const asl::State* owner, int branch) {
  for (const asl::State& s : machine.states) {
    states_.emplace(s.name, StateInfo{&s, &machine, owner, branch});
    if (s.parallel) {
      for (size_t b = 0; b < s.parallel->branches.size(); ++b) {
        if (s.parallel->branches[b])
          index_machine(*s.parallel->branches[b], &s, static_cast<int>(b));
      }
    }
    if (s.map && s.map->processor) index_machine(*s.map->processor, &s, -1);
  }
}

const StateInfo* Record::state_info(std::string_view name) const {
  const auto it = states_.find(name);
  return it == states_.end() ? nullptr : &it->second;
}

std::optional<asl::TaskKind> Record::task_kind(const Attempt& a) const {
  if (a.visit < 0) return std::nullopt;
  const asl::State* s = visits[static_cast<size_t>(a.visit)].state;
  if (s == nullptr || !s->task) return std::nullopt;
  return s->task->kind;
}

int Record::attempt_of_scheduled(int64_t id) const {
  const auto it = attempt_by_scheduled_.find(id);
  return it == attempt_by_scheduled_.end() ? -1 : it->second;
}

int Record::run_of_started(int64_t id) const {
  const auto it = run_by_started_.find(id);
  return it == run_by_started_.end() ? -1 : it->second;
}

int Record::owner_visit(const Thread& t) const {
  return t.parent_run < 0 ? -1 : runs[static_cast<size_t>(t.parent_run)].visit;
}

EventType Record::end_type(const Run& run) const {
  WFSIM_ASSERT(run.ended != 0);
  if (!run.retried) return event(run.ended).type;
  return event(run.started).type == EventType::MapStateStarted ? EventType::MapStateFailed
                                                               : EventType::ParallelStateFailed;
}

int Record::open_visit(int thread) const {
  const Thread& t = threads[static_cast<size_t>(thread)];
  if (t.visits.empty()) return -1;
  const int v = t.visits.back();
  return visits[static_cast<size_t>(v)].open() ? v : -1;
}

void Record::index_events() {
  const auto& events = history.events;
  if (events.empty()) {
    problem(kWellFormed, 0, "the history has no events");
    return;
  }
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].id != static_cast<int64_t>(i) + 1) {
      problem(kWellFormed, events[i].id,
              fmt::format("event ids must run 1..N without gaps: position {} holds id {}", i + 1,
                          events[i].id));
      return;
    }
  }
  usable = true;
  thread_of_.assign(events.size(), 0);
  visit_of_.assign(events.size(), -1);
  segment_of_.assign(events.size(), 0);
  threads.push_back(Thread{});
  segments.push_back(Segment{1, 0, events.front().timestamp});
  if (events.front().type != EventType::ExecutionStarted) {
    problem(kWellFormed, 1,
            fmt::format("the first event must be ExecutionStarted, not {}",
                        to_string(events.front().type)));
  }
  for (size_t i = 0; i < events.size(); ++i) {
    const HistoryEvent& e = events[i];
    if (i > 0 && e.timestamp < events[i - 1].timestamp) {
      problem(kWellFormed, e.id,
              fmt::format("timestamp {} is earlier than event {}'s {}", at(e.timestamp), e.id - 1,
                          at(events[i - 1].timestamp)));
    }
    const Segment& segment = segments.back();
    if (segment.terminal != 0 && e.type != EventType::ExecutionRedriven) {
      problem(kWellFormed, e.id,
              fmt::format("{} follows the terminal event {}; only ExecutionRedriven may",
                          to_string(e.type), segment.terminal));
    }
    segment_of_[i] = static_cast<int>(segments.size()) - 1;
    index_event(e);
  }
}

void Record::index_event(const HistoryEvent& e) {
  const auto i = static_cast<size_t>(e.id - 1);
  SfnPlacement placed = placement_.place(e);
  if (is_execution_event(e.type)) {
    on_execution_event(e);
    return;
  }
  const int thread = assign_thread(e, std::move(placed));
  thread_of_[i] = thread;
  threads[static_cast<size_t>(thread)].events.push_back(e.id);
  if (is_state_entered(e.type)) {
    on_entered(e, thread);
  } else if (is_state_exited(e.type)) {
    on_exited(e, thread);
  } else if (is_state_aborted(e.type) && e.type != EventType::ParallelStateAborted &&
             e.type != EventType::MapStateAborted) {
    on_aborted(e, thread);
  } else if (is_attempt_scheduled(e.type) || is_attempt_started(e.type) ||
             is_attempt_outcome(e.type) || e.type == EventType::TaskSubmitted) {
    on_attempt_event(e, thread);
  } else if (is_block_started(e.type) || is_block_end(e.type)) {
    on_block_event(e, thread);
  } else if (e.type == EventType::MapIterationSucceeded ||
             e.type == EventType::MapIterationFailed || e.type == EventType::MapIterationAborted ||
             e.type == EventType::MapIterationStarted) {
    on_iteration_event(e, thread);
  } else {
    const int v = open_visit(thread);
    if (v >= 0) {
      visit_of_[i] = v;
      visits[static_cast<size_t>(v)].events.push_back(e.id);
    }
  }
}

// The thread record/sfn_threads placed the event on; a thread it opened is opened here too, so
// both number threads alike.
int Record::assign_thread(const HistoryEvent& e, SfnPlacement placed) {
  if (!placed.complaint.empty()) problem(kWellFormed, e.id, std::move(placed.complaint));
  if (placed.opened) {
    const SfnThread& opened = placement_.threads()[static_cast<size_t>(placed.thread)];
    const ThreadKind kind =
        opened.kind == SfnThreadKind::iteration ? ThreadKind::iteration : ThreadKind::branch;
    const int id = new_thread(kind, opened.parent, e);
    WFSIM_ASSERT(id == placed.thread);
  }
  WFSIM_ASSERT(placed.thread >= 0 && static_cast<size_t>(placed.thread) < threads.size());
  return placed.thread;
}

int Record::new_thread(ThreadKind kind, int owner_thread, const HistoryEvent& first) {
  const Thread& holder = threads[static_cast<size_t>(owner_thread)];
  const int owner_visit = holder.visits.empty() ? -1 : holder.visits.back();
  const int run_index = owner_visit < 0 || visits[static_cast<size_t>(owner_visit)].runs.empty()
                            ? -1
                            : visits[static_cast<size_t>(owner_visit)].runs.back();
  Thread t;
  t.kind = kind;
  t.parent_run = run_index;
  t.segment = static_cast<int>(segments.size()) - 1;
  const std::string owner_name =
      owner_visit < 0 ? "?" : std::string(visits[static_cast<size_t>(owner_visit)].name);
  if (run_index < 0) {
    problem(kWellFormed, first.id,
            fmt::format("{} opens a branch or iteration on a thread with no running Parallel or "
                        "Map state",
                        to_string(first.type)));
  }
  std::string suffix;
  if (kind == ThreadKind::iteration) {
    t.index = first.index;
    suffix = fmt::format("[{}]", first.index);
  } else {
    const asl::State* owner_state =
        owner_visit < 0 ? nullptr : visits[static_cast<size_t>(owner_visit)].state;
    const StateInfo* info = state_info(first.name);
    if (info != nullptr && owner_state != nullptr && info->owner == owner_state) {
      t.branch = info->branch;
    } else if (definition != nullptr) {
      problem(kWellFormed, first.id,
              fmt::format("the first event of a branch of Parallel state '{}' must enter a state "
                          "of one of its branches",
                          owner_name));
    }
    suffix = fmt::format("#{}", t.branch);
  }
  t.key = holder.key + "/" + owner_name + suffix;
  threads.push_back(std::move(t));
  const int id = static_cast<int>(threads.size()) - 1;
  if (run_index >= 0) runs[static_cast<size_t>(run_index)].children.push_back(id);
  return id;
}

void Record::on_entered(const HistoryEvent& e, int thread) {
  Thread& t = threads[static_cast<size_t>(thread)];
  const int current = open_visit(thread);
  if (current >= 0) {
    problem(kRetryShape, e.id,
            fmt::format("{} for '{}' while the visit of '{}' entered at event {} has not exited: "
                        "a retry must not enter the state again",
                        to_string(e.type), e.name, visits[static_cast<size_t>(current)].name,
                        visits[static_cast<size_t>(current)].entered));
    visits[static_cast<size_t>(current)].interrupted = true;
  }
  Visit v;
  v.thread = thread;
  v.segment = static_cast<int>(segments.size()) - 1;
  v.entered = e.id;
  v.name = e.name;
  v.events.push_back(e.id);
  if (const StateInfo* info = state_info(e.name)) {
    v.state = info->state;
    const auto entered = state_event(e.type);
    WFSIM_ASSERT_MSG(entered && entered->role == StateEventRole::entered,
                     "a visit opens at a ...StateEntered event");
    if (info->state->type != entered->type) {
      problem(kWellFormed, e.id,
              fmt::format("{} names '{}', a {} state", to_string(e.type), e.name,
                          to_string(info->state->type)));
    }
    const int owner = owner_visit(t);
    const asl::State* expected_owner =
        owner < 0 ? nullptr : visits[static_cast<size_t>(owner)].state;
    if (info->owner != expected_owner && (owner < 0 || expected_owner != nullptr)) {
      problem(kWellFormed, e.id,
              fmt::format("'{}' is entered on a thread of another scope (its previousEventId "
                          "chain leads to {})",
                          e.name, t.key.empty() ? "the top level" : t.key));
    }
  } else if (definition != nullptr) {
    problem(kWellFormed, e.id,
            fmt::format("{} names '{}', which the definition does not have", to_string(e.type),
                        e.name));
  }
  visits.push_back(std::move(v));
  t.visits.push_back(static_cast<int>(visits.size()) - 1);
  visit_of_[static_cast<size_t>(e.id - 1)] = static_cast<int>(visits.size()) - 1;
}

void Record::on_exited(const HistoryEvent& e, int thread) {
  const Thread& t = threads[static_cast<size_t>(thread)];
  const int last = t.visits.empty() ? -1 : t.visits.back();
  if (last < 0 || visits[static_cast<size_t>(last)].name != e.name) {
    problem(kWellFormed, e.id,
            fmt::format("{} for '{}' without a matching Entered on its thread", to_string(e.type),
                        e.name));
    return;
  }
  Visit& v = visits[static_cast<size_t>(last)];
  visit_of_[static_cast<size_t>(e.id - 1)] = last;
  v.events.push_back(e.id);
  if (v.exited != 0 || v.aborted != 0) {
    problem(kRetryShape, e.id,
            fmt::format("'{}' leaves its visit (entered at event {}) a second time", e.name,
                        v.entered));
    return;
  }
  v.exited = e.id;
  if (!v.attempts.empty() && !attempts[static_cast<size_t>(v.attempts.back())].closed()) {
    problem(kWellFormed, e.id,
            fmt::format("'{}' exits while its attempt scheduled at event {} has no outcome", e.name,
                        attempts[static_cast<size_t>(v.attempts.back())].scheduled));
  }
  if (!v.runs.empty() && runs[static_cast<size_t>(v.runs.back())].ended == 0) {
    problem(kWellFormed, e.id,
            fmt::format("'{}' exits while its run started at event {} has not ended", e.name,
                        runs[static_cast<size_t>(v.runs.back())].started));
  }
}

void Record::on_aborted(const HistoryEvent& e, int thread) {
  const int v = open_visit(thread);
  if (v < 0) {
    problem(kBranchAbort, e.id,
            fmt::format("{} on a thread with no open state visit", to_string(e.type)));
    return;
  }
  Visit& visit = visits[static_cast<size_t>(v)];
  visit.aborted = e.id;
  visit.events.push_back(e.id);
  visit_of_[static_cast<size_t>(e.id - 1)] = v;
  if (!visit.attempts.empty()) {
    Attempt& a = attempts[static_cast<size_t>(visit.attempts.back())];
    if (!a.closed()) {
      a.closed_by = e.id;
      a.close_time = e.timestamp;
    }
  }
}

}  // namespace wfsim::check::sfn
