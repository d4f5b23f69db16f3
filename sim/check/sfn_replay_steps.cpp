// What the record shows after each failure of a state visit (sfn_replay.h): the failure's error,
// and whether a retry, a catch, the thread's failure or an interruption followed. The error of a
// failed Parallel or Map run is the error of its failing branch or iteration, found by the abort
// order of docs/checks.md.
#include "check/sfn_replay.h"

namespace wfsim::check::sfn {
namespace {

constexpr int kMaxDepth = 64;  // Nesting of Parallel and Map; the ASL parser allows 32.

struct ErrorInfo {
  bool known = false;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  bool cause_known = true;
};

ErrorInfo known(std::optional<std::string> error, std::optional<std::string> cause) {
  return ErrorInfo{true, std::move(error), std::move(cause)};
}

bool tolerance_set(const asl::MapSpec& map) {
  return map.tolerated_failure_count || map.tolerated_failure_percentage ||
         map.tolerated_failure_count_path || map.tolerated_failure_percentage_path;
}

// A timed-out attempt carries an empty Cause in its error output (SFN-1.6f).
ErrorInfo outcome_error(const HistoryEvent& outcome) {
  std::optional<std::string> cause = outcome.cause;
  if (is_attempt_timed_out(outcome.type) && !cause) cause = std::string();
  return known(outcome.error, cause);
}

ErrorInfo run_error(const Record& record, int run, int depth);

// The failing child of a failed run: for Map the iteration with MapIterationFailed; for Parallel
// the branch that failed without an abort event of its own, or else the branch whose
// TaskStateAborted immediately precedes ParallelStateFailed.
// The visit is a Parallel or Map whose run failed before `before`. When the execution then fails,
// the record marks such a visit interrupted too, as every visit still open at the terminal event.
bool failed_before(const Record& record, const Visit& v, int64_t before) {
  if (v.runs.empty()) return false;
  const Run& run = record.runs[static_cast<size_t>(v.runs.back())];
  if (run.ended == 0 || run.ended >= before) return false;
  const EventType type = record.end_type(run);
  return type == EventType::ParallelStateFailed || type == EventType::MapStateFailed;
}

// The run ended because its own state was aborted (by a failure further out): none of its
// branches failed it.
bool block_aborted(const Record& record, const Run& run) {
  if (run.ended == 0) return false;
  const EventType type = record.end_type(run);
  return type == EventType::ParallelStateAborted || type == EventType::MapStateAborted;
}

int failing_child(const Record& record, const Run& run) {
  if (run.ended == 0) return -1;
  const bool map = record.end_type(run) == EventType::MapStateFailed;
  int best = -1;
  int64_t best_end = 0;
  std::vector<int> silent;
  for (const int c : run.children) {
    const Thread& t = record.threads[static_cast<size_t>(c)];
    if (map) {
      if (t.iteration_end != 0 && t.iteration_end <= run.ended && t.iteration_end > best_end &&
          record.event(t.iteration_end).type == EventType::MapIterationFailed) {
        best = c;
        best_end = t.iteration_end;
      }
      continue;
    }
    if (t.visits.empty()) continue;
    const Visit& v = record.visits[static_cast<size_t>(t.visits.back())];
    if (v.exited == 0 && v.aborted == 0 &&
        (!v.interrupted || failed_before(record, v, run.ended))) {
      silent.push_back(c);
    }
  }
  if (map) return best;
  if (silent.size() == 1) return silent.front();
  const int64_t last = record.last_before_end(run);
  if (!silent.empty() || last < 1) return -1;
  const HistoryEvent& before = record.event(last);
  if (before.type != EventType::TaskStateAborted) return -1;
  const int thread = record.thread_of(before.id);
  for (const int c : run.children) {
    if (c == thread) return c;
  }
  return -1;
}

ErrorInfo fail_state_error(const Record& record, const Visit& v) {
  const asl::FailSpec& spec = *v.state->fail;
  const Document& input = record.event(v.entered).input;
  // A path reading a workflow variable (VAR-1.3) depends on values the replay does not track.
  for (const auto* path : {&spec.error_path, &spec.cause_path}) {
    if (*path && !(*path)->variable().empty()) return {};
  }
  // So does a JSONata Error or Cause expression (the record shows its value only at the end of
  // the execution, not on the failing branch or iteration).
  if (spec.error_query || spec.cause_query) return {};
  auto read = [&](const std::optional<std::string>& fixed,
                  const std::optional<asl::JsonPath>& path) -> std::optional<std::string> {
    if (!path) return fixed;
    const Json* value = input ? path->find(*input) : nullptr;
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return value->get<std::string>();
  };
  if (spec.error_path && !read(spec.error, spec.error_path)) {
    return known(std::string("States.Runtime"), std::nullopt);  // ErrorPath selects no string.
  }
  return known(read(spec.error, spec.error_path), read(spec.cause, spec.cause_path));
}

ErrorInfo thread_error(const Record& record, int thread, int depth) {
  const Thread& t = record.threads[static_cast<size_t>(thread)];
  if (t.visits.empty() || depth > kMaxDepth) return {};
  const Visit& v = record.visits[static_cast<size_t>(t.visits.back())];
  if (v.exited != 0 || v.state == nullptr) return {};
  switch (v.state->type) {
    case asl::StateType::Fail: return fail_state_error(record, v);
    case asl::StateType::Task: {
      // With a catcher the thread fails only if its ResultPath cannot place the error output:
      // then the error is States.ResultPathMatchFailure, which the history does not show.
      if (v.attempts.empty() || !v.state->catch_.empty()) return {};
      const Attempt& a = record.attempts[static_cast<size_t>(v.attempts.back())];
      if (a.outcomes.empty()) return {};
      const HistoryEvent& outcome = record.event(a.outcomes.front());
      if (outcome.type == EventType::TaskSucceeded ||
          outcome.type == EventType::ActivitySucceeded ||
          outcome.type == EventType::LambdaFunctionSucceeded) {
        return {};  // A data-flow error after the success: not in the history.
      }
      return outcome_error(outcome);
    }
    case asl::StateType::Parallel:
    case asl::StateType::Map:
      if (v.runs.empty()) return {};
      return run_error(record, v.runs.back(), depth + 1);
    case asl::StateType::Pass:
    case asl::StateType::Wait:
    case asl::StateType::Choice:
    case asl::StateType::Succeed: return {};
  }
  WFSIM_UNREACHABLE("a StateType outside its enumeration");
}

ErrorInfo run_error(const Record& record, int run_index, int depth) {
  const Run& run = record.runs[static_cast<size_t>(run_index)];
  const Visit& v = record.visits[static_cast<size_t>(run.visit)];
  if (v.state != nullptr && v.state->map && tolerance_set(*v.state->map)) {
    // The engine's own error: the history records no cause for it.
    ErrorInfo info = known(std::string("States.ExceedToleratedFailureThreshold"), std::nullopt);
    info.cause_known = false;
    return info;
  }
  const int child = failing_child(record, run);
  if (child < 0) return {};
  return thread_error(record, child, depth + 1);
}

bool is_event_limit_failure(const Record& record, const HistoryEvent& e) {
  return e.type == EventType::ExecutionFailed &&
         e.id >= record.observation.semantics.history_event_limit;
}

// How the visit ended after its last failure at `point`.
Observed end_of_visit(const Record& record, const Visit& v, const FailurePoint& point) {
  const Thread& t = record.threads[static_cast<size_t>(v.thread)];
  if (v.exited != 0)
    return Observed{ObservedKind::caught, v.exited, record.event(v.exited).timestamp};
  if (v.interrupted) {
    const int64_t terminal = record.segments[static_cast<size_t>(v.segment)].terminal;
    if (terminal == 0) return {};
    const HistoryEvent& te = record.event(terminal);
    if (t.kind != ThreadKind::root || te.type != EventType::ExecutionFailed ||
        is_event_limit_failure(record, te) || te.timestamp != point.time) {
      return Observed{ObservedKind::interrupted, terminal, te.timestamp};
    }
    if (!point.error_known || te.error != point.error) return {};
    return Observed{ObservedKind::failed, terminal, te.timestamp};
  }
  if (t.kind == ThreadKind::iteration && t.iteration_end != 0) {
    const HistoryEvent& end = record.event(t.iteration_end);
    const ObservedKind kind = end.type == EventType::MapIterationFailed ? ObservedKind::failed
                                                                        : ObservedKind::interrupted;
    return Observed{kind, end.id, end.timestamp};
  }
  // A branch opened where no Parallel was running has no run (a well-formedness problem the
  // record already reports): nothing is known of how it ended.
  if (t.kind == ThreadKind::branch && t.parent_run >= 0) {
    const Run& run = record.runs[static_cast<size_t>(t.parent_run)];
    if (v.aborted != 0) {
      const HistoryEvent& abort = record.event(v.aborted);
      if (abort.timestamp > point.time || block_aborted(record, run))
        return Observed{ObservedKind::interrupted, abort.id, abort.timestamp};
      if (record.last_before_end(run) == v.aborted) {
        // The abort right before the block's failure is the failing branch's own end, unless
        // another branch ended silently first (a nested Parallel or Map that failed): then this
        // branch was aborted at the instant of its own failure, perhaps while waiting to retry.
        const int failing = failing_child(record, run);
        if (failing >= 0 && failing != v.thread)
          return Observed{ObservedKind::interrupted, abort.id, abort.timestamp};
        return Observed{ObservedKind::failed, abort.id, abort.timestamp};
      }
      return Observed{ObservedKind::ambiguous, abort.id, abort.timestamp};
    }
    if (run.ended != 0) {
      const bool failing = failing_child(record, run) == v.thread;
      return Observed{failing ? ObservedKind::failed : ObservedKind::ambiguous, run.ended,
                      record.event(run.ended).timestamp};
    }
  }
  if (v.open() && record.segments[static_cast<size_t>(v.segment)].terminal == 0) {
    return Observed{ObservedKind::pending, 0, point.time};
  }
  return {};
}

Tri heartbeat_expiry(const Record& record, const Attempt& a, const AttemptClocks& clocks,
                     Instant at) {
  switch (timeout_cause(record, a, clocks, at)) {
    case TimeoutCause::task_timeout: return Tri::no;
    case TimeoutCause::heartbeat: return Tri::yes;
    case TimeoutCause::either:
    case TimeoutCause::unexplained: return Tri::unknown;
  }
  return Tri::unknown;
}

bool is_success(EventType type) {
  return type == EventType::TaskSucceeded || type == EventType::ActivitySucceeded ||
         type == EventType::LambdaFunctionSucceeded || type == EventType::ParallelStateSucceeded ||
         type == EventType::MapStateSucceeded;
}

}  // namespace

std::vector<Step> visit_steps(const Record& record, const std::vector<AttemptClocks>& clocks,
                              int visit_index) {
  const Visit& v = record.visits[static_cast<size_t>(visit_index)];
  std::vector<Step> steps;
  const bool task = v.state != nullptr && v.state->type == asl::StateType::Task;
  const size_t n = task ? v.attempts.size() : v.runs.size();
  for (size_t i = 0; i < n; ++i) {
    int64_t end_id = 0;
    int64_t next_id = 0;
    if (task) {
      const Attempt& a = record.attempts[static_cast<size_t>(v.attempts[i])];
      if (!a.outcomes.empty()) end_id = a.outcomes.front();
      if (i + 1 < n) next_id = record.attempts[static_cast<size_t>(v.attempts[i + 1])].scheduled;
    } else {
      const Run& run = record.runs[static_cast<size_t>(v.runs[i])];
      end_id = run.ended;
      if (i + 1 < n) next_id = record.runs[static_cast<size_t>(v.runs[i + 1])].started;
    }
    if (end_id == 0) continue;
    const HistoryEvent& end = record.event(end_id);
    const EventType end_type =
        task ? end.type : record.end_type(record.runs[static_cast<size_t>(v.runs[i])]);
    if (end_type == EventType::ParallelStateAborted || end_type == EventType::MapStateAborted) {
      continue;
    }
    Step step;
    step.point.event_id = end_id;
    step.point.time = end.timestamp;
    if (is_success(end_type)) {
      if (next_id == 0) continue;      // A plain success.
      step.point.error_known = false;  // Retried after a success: a data-flow error.
    } else if (task) {
      const int a_index = v.attempts[i];
      const ErrorInfo info = outcome_error(end);
      step.point.error = info.error;
      step.point.cause = info.cause;
      if (is_attempt_timed_out(end.type)) {
        const Attempt& a = record.attempts[static_cast<size_t>(a_index)];
        step.point.heartbeat_expiry =
            heartbeat_expiry(record, a, clocks[static_cast<size_t>(a_index)], end.timestamp);
      }
    } else {
      const ErrorInfo info = run_error(record, v.runs[i], 0);
      step.point.error_known = info.known;
      step.point.error = info.error;
      step.point.cause = info.cause;
      step.point.cause_known = info.cause_known;
    }
    if (next_id != 0) {
      step.observed = Observed{ObservedKind::retry, next_id, record.event(next_id).timestamp};
    } else {
      step.observed = end_of_visit(record, v, step.point);
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace wfsim::check::sfn
