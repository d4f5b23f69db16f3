// Building the Step Functions record index: task attempts, block runs, Map iterations and the
// execution's run segments (see sfn_record.h). Thread and visit assignment is in sfn_record.cpp.
#include <algorithm>

#include <fmt/format.h>

#include "check/sfn_record.h"
#include "check/invariant_names.h"
#include "core/assert.h"

namespace wfsim::check::sfn {
namespace {

constexpr std::string_view kWellFormed = names::kSfnHistoryWellFormed;
constexpr std::string_view kRetryShape = names::kSfnRetryShape;
constexpr std::string_view kBranchAbort = names::kSfnBranchAbort;

const char* family_name(AttemptFamily family) {
  switch (family) {
    case AttemptFamily::activity: return "Activity";
    case AttemptFamily::lambda: return "LambdaFunction";
    case AttemptFamily::task: return "Task";
  }
  WFSIM_UNREACHABLE("an AttemptFamily outside its enumeration");
}

AttemptFamily family_of_scheduled(EventType scheduled_type) {
  const auto scheduled = attempt_event(scheduled_type);
  WFSIM_ASSERT_MSG(scheduled && scheduled->role == AttemptRole::scheduled,
                   "an attempt opens at a ...Scheduled event");
  return scheduled->family;
}

}  // namespace

void Record::on_attempt_event(const HistoryEvent& e, int thread) {
  const int v = open_visit(thread);
  if (v < 0) {
    outside_visit(e, thread, "Task");
    return;
  }
  Visit& visit = visits[static_cast<size_t>(v)];
  visit.events.push_back(e.id);
  visit_of_[static_cast<size_t>(e.id - 1)] = v;
  if (visit.state != nullptr && visit.state->type != asl::StateType::Task) {
    problem(kWellFormed, e.id,
            fmt::format("{} in '{}', which is not a Task state", to_string(e.type), visit.name));
  }
  Attempt* last =
      visit.attempts.empty() ? nullptr : &attempts[static_cast<size_t>(visit.attempts.back())];
  if (is_attempt_scheduled(e.type)) {
    on_scheduled(e, v, last);
    return;
  }
  if (last == nullptr) {
    problem(kWellFormed, e.id,
            fmt::format("{} without a Scheduled event before it in '{}'", to_string(e.type),
                        visit.name));
    return;
  }
  const AttemptFamily family = family_of_scheduled(last->scheduled_type);
  const auto event = attempt_event(e.type);
  if (e.type != EventType::TaskSubmitted && (!event || event->family != family)) {
    problem(kWellFormed, e.id,
            fmt::format("{} follows {}; an attempt's events are all {}* events", to_string(e.type),
                        to_string(last->scheduled_type), family_name(family)));
  }
  if (is_attempt_started(e.type)) {
    on_started(e, *last);
  } else if (e.type == EventType::TaskSubmitted) {
    on_submitted(e, *last);
  } else {
    on_outcome(e, *last);
  }
}

// An attempt or block event with no open visit. Right after the state's own Exited and starting
// a new attempt or run, it is a retry that left the state in between (invariant 13); otherwise
// the history is malformed.
void Record::outside_visit(const HistoryEvent& e, int thread, std::string_view kind) {
  const Thread& t = threads[static_cast<size_t>(thread)];
  const bool starts_again = is_attempt_scheduled(e.type) || is_block_started(e.type);
  if (starts_again && !t.visits.empty()) {
    const Visit& last = visits[static_cast<size_t>(t.visits.back())];
    if (last.exited != 0 && !last.interrupted &&
        last.segment + 1 == static_cast<int>(segments.size())) {
      problem(kRetryShape, e.id,
              fmt::format("{} retries '{}' after its Exited (event {}): retries write no Exited "
                          "between attempts",
                          to_string(e.type), last.name, last.exited));
      return;
    }
  }
  problem(kWellFormed, e.id,
          fmt::format("{} outside an open {} state visit", to_string(e.type), kind));
}

void Record::on_scheduled(const HistoryEvent& e, int visit, Attempt* last) {
  if (last != nullptr && !last->closed()) {
    problem(kWellFormed, e.id,
            fmt::format("{} while the attempt scheduled at event {} has no outcome",
                        to_string(e.type), last->scheduled));
    last->closed_by = e.id;
    last->close_time = e.timestamp;
  }
  Attempt a;
  a.visit = visit;
  a.scheduled_type = e.type;
  a.scheduled = e.id;
  a.scheduled_time = e.timestamp;
  a.timeout_seconds =
      e.timeout_seconds.value_or(observation.semantics.default_task_timeout_seconds);
  a.heartbeat_seconds = e.heartbeat_seconds;
  attempts.push_back(a);
  const int index = static_cast<int>(attempts.size()) - 1;
  visits[static_cast<size_t>(visit)].attempts.push_back(index);
  attempt_by_scheduled_[e.id] = index;
}

void Record::on_started(const HistoryEvent& e, Attempt& last) {
  if (last.started != 0 || last.closed()) {
    problem(kWellFormed, e.id,
            fmt::format("{} for an attempt (scheduled at event {}) that already started",
                        to_string(e.type), last.scheduled));
    return;
  }
  last.started = e.id;
  last.started_time = e.timestamp;
}

void Record::on_submitted(const HistoryEvent& e, Attempt& last) {
  if (last.started == 0 || last.submitted != 0 || !last.outcomes.empty() ||
      family_of_scheduled(last.scheduled_type) != AttemptFamily::task) {
    problem(kWellFormed, e.id,
            fmt::format("TaskSubmitted must come once, between TaskStarted and the outcome of a "
                        "Task* attempt (scheduled at event {})",
                        last.scheduled));
    return;
  }
  last.submitted = e.id;
}

void Record::on_outcome(const HistoryEvent& e, Attempt& last) {
  // With the activity clock running from ActivityScheduled (SFN-1.4d), an activity no worker
  // picked up times out without ever starting.
  const bool may_time_out_unstarted = e.type == EventType::ActivityTimedOut &&
                                      observation.semantics.activity_timeout_from_scheduled;
  if (last.started == 0 && last.outcomes.empty() && !may_time_out_unstarted) {
    problem(kWellFormed, e.id,
            fmt::format("{} before the attempt (scheduled at event {}) started", to_string(e.type),
                        last.scheduled));
  }
  const auto kind = task_kind(last);
  if (kind && (*kind == asl::TaskKind::callback || *kind == asl::TaskKind::sync) &&
      last.started != 0 && last.submitted == 0 && last.outcomes.empty()) {
    problem(kWellFormed, e.id,
            fmt::format("callback and .sync tasks record TaskSubmitted between TaskStarted "
                        "(event {}) and the outcome",
                        last.started));
  }
  last.outcomes.push_back(e.id);
  if (!last.closed()) {
    last.closed_by = e.id;
    last.close_time = e.timestamp;
  }
}

void Record::on_block_event(const HistoryEvent& e, int thread) {
  const int v = open_visit(thread);
  if (v < 0) {
    outside_visit(e, thread, "Parallel or Map");
    return;
  }
  Visit& visit = visits[static_cast<size_t>(v)];
  visit.events.push_back(e.id);
  visit_of_[static_cast<size_t>(e.id - 1)] = v;
  const bool parallel_event =
      e.type == EventType::ParallelStateStarted || e.type == EventType::ParallelStateSucceeded ||
      e.type == EventType::ParallelStateFailed || e.type == EventType::ParallelStateAborted;
  if (visit.state != nullptr &&
      visit.state->type != (parallel_event ? asl::StateType::Parallel : asl::StateType::Map)) {
    problem(kWellFormed, e.id,
            fmt::format("{} in '{}', a {} state", to_string(e.type), visit.name,
                        to_string(visit.state->type)));
  }
  Run* last = visit.runs.empty() ? nullptr : &runs[static_cast<size_t>(visit.runs.back())];
  if (is_block_started(e.type)) {
    if (last != nullptr && last->ended == 0) end_retried_run(*last, e);
    runs.push_back(Run{v, e.id, 0, false, {}});
    visit.runs.push_back(static_cast<int>(runs.size()) - 1);
    run_by_started_[e.id] = static_cast<int>(runs.size()) - 1;
    return;
  }
  if (last == nullptr || last->ended != 0) {
    problem(kBranchAbort, e.id,
            fmt::format("{} without a running Parallel or Map run to end: at most one end event "
                        "per run",
                        to_string(e.type)));
  } else {
    last->ended = e.id;
  }
  if (e.type == EventType::ParallelStateAborted || e.type == EventType::MapStateAborted) {
    visit.aborted = e.id;
  }
}

// A retried run writes no ...StateFailed (REC-3): the next run's Started ends it. A Map run ends
// so only after an iteration failed and once none is still running.
void Record::end_retried_run(Run& run, const HistoryEvent& restart) {
  int64_t last = run.started;
  for (const int t : threads_below(run)) {
    const std::vector<int64_t>& events = threads[static_cast<size_t>(t)].events;
    if (!events.empty()) last = std::max(last, events.back());
  }
  run.ended = last;
  run.retried = true;
  if (event(run.started).type != EventType::MapStateStarted) return;
  bool failed = false;
  for (const int c : run.children) {
    const Thread& t = threads[static_cast<size_t>(c)];
    if (t.iteration_end == 0) {
      problem(kRetryShape, restart.id,
              fmt::format("{} while iteration {} of the run started at event {} is running",
                          to_string(restart.type), t.index, run.started));
      return;
    }
    failed = failed || event(t.iteration_end).type == EventType::MapIterationFailed;
  }
  if (!failed) {
    problem(kRetryShape, restart.id,
            fmt::format("{} while the run started at event {} has neither ended nor failed an "
                        "iteration",
                        to_string(restart.type), run.started));
  }
}

std::vector<int> Record::threads_below(const Run& run) const {
  std::vector<int> out;
  collect_threads_below(run, out, 0);
  return out;
}

void Record::collect_threads_below(const Run& run, std::vector<int>& out, int depth) const {
  if (depth > 64) return;
  for (const int c : run.children) {
    out.push_back(c);
    for (const int v : threads[static_cast<size_t>(c)].visits) {
      for (const int sub : visits[static_cast<size_t>(v)].runs) {
        collect_threads_below(runs[static_cast<size_t>(sub)], out, depth + 1);
      }
    }
  }
}

void Record::on_iteration_event(const HistoryEvent& e, int thread) {
  Thread& t = threads[static_cast<size_t>(thread)];
  if (e.type == EventType::MapIterationStarted) return;  // Began the thread (assign_thread).
  if (t.kind != ThreadKind::iteration) {
    problem(kWellFormed, e.id,
            fmt::format("{} is not on a Map iteration's thread (its previousEventId chain does "
                        "not lead to a MapIterationStarted)",
                        to_string(e.type)));
    return;
  }
  if (e.index != t.index) {
    problem(kWellFormed, e.id,
            fmt::format("{} has index {} on the thread of iteration {}", to_string(e.type), e.index,
                        t.index));
  }
  if (t.iteration_end != 0) {
    problem(kBranchAbort, e.id,
            fmt::format("iteration {} already ended with event {}", t.index, t.iteration_end));
    return;
  }
  t.iteration_end = e.id;
}

void Record::on_execution_event(const HistoryEvent& e) {
  threads[0].events.push_back(e.id);
  if (e.type == EventType::ExecutionStarted) {
    if (e.id != 1) problem(kWellFormed, e.id, "ExecutionStarted may only be event 1");
    return;
  }
  if (e.type == EventType::ExecutionRedriven) {
    if (segments.back().terminal == 0) {
      problem(kWellFormed, e.id, "ExecutionRedriven while the execution is still running");
    }
    segments.push_back(Segment{e.id, 0, e.timestamp});
    return;
  }
  Segment& segment = segments.back();
  if (segment.terminal != 0) return;  // Reported as an event after the terminal one.
  segment.terminal = e.id;
  for (Attempt& a : attempts) {
    if (!a.closed()) {
      a.closed_by = e.id;
      a.close_time = e.timestamp;
    }
  }
  for (Visit& v : visits) {
    if (v.open()) v.interrupted = true;
  }
}

}  // namespace wfsim::check::sfn
