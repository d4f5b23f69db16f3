// An index over one Step Functions record (history, call log, definition) that the invariant
// checkers share: which thread (top-level run, Parallel branch, Map iteration) each event belongs
// to, the state visits of each thread, the task attempts of each Task visit, the block runs of
// each Parallel or Map visit, the run segments between redrives, and the task tokens of the call
// log with the attempts they name.
//
// Threads are recovered from previousEventId links as AWS writes them, by record/sfn_threads.h
// (the one reading of those links; docs/checks.md). Whatever does not fit is recorded as a
// Problem for history_well_formed or retry_shape to report, and the index carries on with its
// best reading; it never asserts on the record's content.
//
// It does not judge semantics (retries, timeouts, tokens): the checkers do.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asl/model.h"
#include "check/check.h"
#include "record/event_kinds.h"
#include "record/sfn_threads.h"
#include "record/state_events.h"

namespace wfsim::check::sfn {

// Where a state sits in the definition.
struct StateInfo {
  const asl::State* state = nullptr;
  const asl::StateMachine* machine = nullptr;  // The States object holding it (Next indexes it).
  const asl::State* owner = nullptr;  // The Parallel or Map state holding it; nullptr: top level.
  int branch = -1;                    // Its branch index when the owner is a Parallel state.
};

struct Attempt {
  int visit = -1;
  EventType scheduled_type = EventType::TaskScheduled;
  int64_t scheduled = 0;
  int64_t started = 0;
  int64_t submitted = 0;
  std::vector<int64_t> outcomes;  // Succeeded/Failed/TimedOut events; more than one is a defect.
  int64_t closed_by = 0;          // First outcome, TaskStateAborted or terminal event; 0: open.
  Instant scheduled_time;
  Instant started_time;
  Instant close_time;
  int64_t timeout_seconds = 0;  // As recorded, or the Semantics default.
  std::optional<int64_t> heartbeat_seconds;
  bool closed() const { return closed_by != 0; }
};

// One run of a Parallel or Map visit: from its ...StateStarted to its Succeeded/Failed/Aborted.
struct Run {
  int visit = -1;
  int64_t started = 0;
  // Its Succeeded/Failed/Aborted event; for a failed run that was retried, which AWS closes with
  // no ...StateFailed (REC-3), the run's last event. 0 while running.
  int64_t ended = 0;
  bool retried = false;       // Failed and retried: `ended` is its last event, not a Failed.
  std::vector<int> children;  // Threads.
};

struct Visit {
  int thread = -1;
  int segment = 0;
  int64_t entered = 0;
  int64_t exited = 0;
  int64_t aborted = 0;       // Task/Wait/Parallel/MapStateAborted.
  bool interrupted = false;  // Still open when its run segment ended.
  std::string_view name;
  const asl::State* state = nullptr;  // nullptr when the definition lacks the state.
  std::vector<int> attempts;
  std::vector<int> runs;
  std::vector<int64_t> events;  // Every event of the visit on its thread, Entered first.
  bool open() const { return exited == 0 && aborted == 0 && !interrupted; }
};

enum class ThreadKind : uint8_t { root, branch, iteration };

struct Thread {
  ThreadKind kind = ThreadKind::root;
  int parent_run = -1;
  int branch = -1;     // Parallel branch index (from the state names), -1 when unknown.
  int64_t index = -1;  // Map iteration index.
  std::string key;     // Logical path: "" for the root, "/Both#1", "/Fan[2]/Inner#0".
  int segment = 0;
  std::vector<int64_t> events;
  std::vector<int> visits;
  int64_t iteration_end = 0;  // MapIterationSucceeded/Failed/Aborted.
};

struct Segment {
  int64_t first = 0;     // ExecutionStarted or ExecutionRedriven.
  int64_t terminal = 0;  // 0 while running.
  Instant start;
};

struct Problem {
  std::string_view invariant;
  int64_t event_id = 0;
  std::string message;
};

// A task token handed out: by DeliverTask (callbacks, integrations) or a GetActivityTask answer.
struct TokenIssue {
  std::string token;
  int64_t scheduled_event_id = 0;
  int attempt = -1;  // -1 when scheduledEventId names no attempt.
  const CallRecord* record = nullptr;
};

enum class TokenCallKind : uint8_t { heartbeat, success, failure, integration };

// A SendTaskHeartbeat/Success/Failure or CompleteIntegration call that reached the engine.
struct TokenCall {
  TokenCallKind kind = TokenCallKind::heartbeat;
  const CallRecord* record = nullptr;
  std::optional<std::string> token;
  int issue = -1;    // The latest issue of the token before the call; -1: never issued.
  int attempt = -1;  // That issue's attempt.
  bool is_outcome() const { return kind != TokenCallKind::heartbeat; }
};

class Record {
 public:
  explicit Record(const Observation& observation);

  const Observation& observation;
  const History& history;
  const asl::Definition* definition;  // May be nullptr.
  bool usable = false;                // Ids are 1..N: the thread and visit index below exists.

  std::vector<Thread> threads;
  std::vector<Visit> visits;
  std::vector<Attempt> attempts;
  std::vector<Run> runs;
  std::vector<Segment> segments;
  std::vector<Problem> problems;
  std::vector<TokenIssue> issues;
  std::vector<TokenCall> token_calls;
  std::vector<std::vector<int>> calls_of_attempt;  // Token calls (indexes) by attempt.

  const HistoryEvent& event(int64_t id) const {
    return history.events[static_cast<size_t>(id - 1)];
  }
  int thread_of(int64_t id) const { return thread_of_[static_cast<size_t>(id - 1)]; }
  int visit_of(int64_t id) const { return visit_of_[static_cast<size_t>(id - 1)]; }
  int segment_of(int64_t id) const { return segment_of_[static_cast<size_t>(id - 1)]; }
  int attempt_of_scheduled(int64_t id) const;
  int run_of_started(int64_t id) const;
  const StateInfo* state_info(std::string_view name) const;
  // The task kind of an attempt's state, when the definition has it.
  std::optional<asl::TaskKind> task_kind(const Attempt& attempt) const;
  // The owner visit of a thread's parent run (-1 for the root).
  int owner_visit(const Thread& thread) const;
  // How a run ended: its end event's type, or ...StateFailed for a retried run (REC-3).
  EventType end_type(const Run& run) const;
  // The event right before the run's end: the last event of a failing run.
  int64_t last_before_end(const Run& run) const { return run.retried ? run.ended : run.ended - 1; }
  // Every thread below `run`, nested runs included: children first, depth first.
  std::vector<int> threads_below(const Run& run) const;

 private:
  std::vector<int> thread_of_;
  std::vector<int> visit_of_;
  std::vector<int> segment_of_;
  std::map<int64_t, int> attempt_by_scheduled_;
  std::map<int64_t, int> run_by_started_;
  std::map<std::string, StateInfo, std::less<>> states_;
  SfnThreads placement_;

  void index_definition();
  void index_machine(const asl::StateMachine& machine, const asl::State* owner, int branch);
  void index_events();
  void index_event(const HistoryEvent& e);
  int assign_thread(const HistoryEvent& e, SfnPlacement placed);
  int new_thread(ThreadKind kind, int owner_thread, const HistoryEvent& first);
  void end_retried_run(Run& run, const HistoryEvent& restart);
  void collect_threads_below(const Run& run, std::vector<int>& out, int depth) const;
  void on_entered(const HistoryEvent& e, int thread);
  void on_exited(const HistoryEvent& e, int thread);
  void on_aborted(const HistoryEvent& e, int thread);
  void on_attempt_event(const HistoryEvent& e, int thread);
  void on_scheduled(const HistoryEvent& e, int visit, Attempt* last);
  void outside_visit(const HistoryEvent& e, int thread, std::string_view kind);
  void on_started(const HistoryEvent& e, Attempt& last);
  void on_submitted(const HistoryEvent& e, Attempt& last);
  void on_outcome(const HistoryEvent& e, Attempt& last);
  void on_block_event(const HistoryEvent& e, int thread);
  void on_iteration_event(const HistoryEvent& e, int thread);
  void on_execution_event(const HistoryEvent& e);
  int open_visit(int thread) const;
  void problem(std::string_view invariant, int64_t id, std::string message);
  void index_calls();
  void assert_consistent() const;
};


}  // namespace wfsim::check::sfn
