// Internal state of the Step Functions engine (not part of its API; include only from sfn_*.cpp).
//
// An execution runs as a tree of threads: the top-level thread, one per Parallel branch and one
// per Map iteration. A thread walks its StateMachine one state visit at a time; it blocks on a
// task attempt, a retry delay, a Wait timer or a running Parallel/Map block. Work the engine owes
// at the current instant (start an attempt, handle a recorded outcome, run a spawned thread,
// finish a block) goes through a FIFO of steps that one "step" timer drains, so outcomes recorded
// at one instant are all written before any of them is handled, as AWS records them (§4.3e).
//
// Threads, blocks and attempts are kept after an execution closes: redrive resumes from them.
// Everything lives in slabs indexed by small integers; nothing is found by pointer or hash order.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "asl/model.h"
#include "asl/outcome.h"
#include "engine/sfn_engine.h"

namespace wfsim::sfn {

using Id = uint32_t;
inline constexpr Id kNone = UINT32_MAX;

// An error raised in a state: the name and cause as Step Functions reports them, whether a
// timeout came from the heartbeat clock (recorded as States.Timeout, matched by
// States.HeartbeatTimeout too; SFN-1.2b), and whether it is a runtime error the engine raised
// itself, which ends the whole execution at once (REC-1.1).
struct Failure {
  std::optional<std::string> error;
  std::optional<std::string> cause;
  bool heartbeat_expiry = false;
  bool runtime = false;

  static Failure of(const asl::StateError& e) {
    return {e.error, e.cause, false, e.error == asl::errors::kRuntime};
  }
  std::string_view name() const { return error ? std::string_view(*error) : std::string_view(); }
};

enum class ThreadStatus : uint8_t { pending, running, succeeded, failed, aborted };

// One visit of a state by a thread: from its Entered event to leaving it.
struct Visit {
  int state = asl::kNoState;
  Document input;  // The raw state input (ResultPath combines with it; redrive re-uses it).
  bool entered = false;
  Instant entered_time;
  int64_t entered_event_id = 0;
  std::vector<uint32_t> retrier_counts;  // One per retrier of the state.
  uint32_t retry_count = 0;              // Retries so far in this visit ($$.State.RetryCount).
  Id attempt = kNone;                    // The Task's current attempt.
  Id block = kNone;                      // The running Parallel or Map.
  Id redrive_block = kNone;              // Redrive: the block whose unsuccessful children rerun.
  Id map_run = kNone;                    // A Distributed Map's current Map Run.
  Id redrive_map_run = kNone;            // Redrive: the failed Map Run to redrive.
  TimerSlot timer = kNone;               // Retry delay or Wait timer.
  Document effective_input;              // After InputPath (and Parameters for Parallel/Map).
  // A recorded task outcome waiting for its step: the result, or the failure.
  Document pending_result;
  std::optional<Failure> pending_failure;
  // An Assign evaluated for this visit and not yet written (VAR-2.1): the assigned object and
  // the thread's variables after it; leave_state() writes both.
  Document assigned;
  Document variables_after;

  // Starts a visit of `next_state`: every field as a fresh Visit has it, except that
  // retrier_counts keeps its allocation (a thread visits many states; the simple benchmark spent
  // 4% of an execution building and freeing fresh visits). A new field must be reset here too.
  void restart(int next_state, Document next_input) {
    state = next_state;
    input = std::move(next_input);
    entered = false;
    entered_time = Instant();
    entered_event_id = 0;
    retrier_counts.clear();
    retry_count = 0;
    attempt = kNone;
    block = kNone;
    redrive_block = kNone;
    map_run = kNone;
    redrive_map_run = kNone;
    timer = kNone;
    effective_input.reset();
    pending_result.reset();
    pending_failure.reset();
    assigned.reset();
    variables_after.reset();
  }
};

struct Thread {
  Id self = kNone;
  Id execution = kNone;
  const asl::StateMachine* machine = nullptr;
  Id parent_block = kNone;  // kNone for the top-level thread.
  uint32_t child_index = 0; // Branch or iteration index in the parent block.
  ThreadStatus status = ThreadStatus::pending;
  uint32_t epoch = 0;       // Changes when the thread is aborted or redriven; stale steps skip.
  Visit visit;
  int64_t last_event_id = 0;
  Document output;                 // When succeeded.
  std::optional<Failure> failure;  // When failed.
  std::vector<uint32_t> invocations;  // Per state index: Task invocations so far.
  std::vector<std::vector<uint32_t>> kept_retrier_counts;  // retry-counter mutant only.
  // The workflow variables this thread sees (an object of name to value; null: none): a branch
  // or iteration starts with its parent's, and what it assigns stays in it (VAR-3.1, 3.2). Kept
  // across redrive, so a redriven state sees the values it was entered with (VAR-7.1).
  Document variables;
};

// What a Map state iterates, resolved from its fields before the block starts.
struct MapPlan {
  Json items;                   // An array.
  int64_t max_concurrency = 0;  // 0: unbounded.
  std::optional<double> tolerated_count;
  std::optional<double> tolerated_percentage;
};

enum class ChildStatus : uint8_t { not_started, running, succeeded, failed, aborted };

// A running Parallel or Map state.
struct Block {
  uint32_t generation = 0;  // Of this slab slot; stale steps skip.
  Id owner = kNone;  // The thread whose current state this is.
  bool is_map = false;
  std::vector<Id> children;  // Threads, in branch or item order.
  std::vector<ChildStatus> child_status;
  std::vector<Document> results;
  Document items;  // Map: the items array.
  size_t running = 0;
  size_t succeeded = 0;
  size_t failed = 0;
  size_t next_to_start = 0;
  int64_t max_concurrency = 0;  // 0: unbounded.
  std::optional<int64_t> tolerated_count;
  std::optional<double> tolerated_percentage;
  bool tolerance_set = false;
  bool closed = false;
  bool data_limit_exceeded = false;  // Failed with States.DataLimitExceeded: rerun all on redrive.
  int64_t started_event_id = 0;
  // previousEventId links (REC-7): a newly started iteration links to MapStateStarted, or, when
  // it starts because another finished, to that one's last state event; the block's own closing
  // events link to the last event a child wrote.
  int64_t start_link = 0;
  int64_t last_child_event = 0;
};

enum class AttemptStatus : uint8_t { scheduled, started, closed };

struct Attempt {
  Id self = kNone;
  Id execution = kNone;
  Id thread = kNone;
  uint32_t thread_epoch = 0;
  const asl::State* state = nullptr;
  AttemptStatus status = AttemptStatus::scheduled;
  uint32_t generation = 0;  // Of this slab slot; part of the token.
  uint64_t secret = 0;
  std::string token;
  Instant scheduled_at;
  Instant started_at;
  TimerSlot timeout_timer = kNone;
  TimerSlot heartbeat_timer = kNone;
  int64_t scheduled_event_id = 0;
  int64_t timeout_seconds = 0;
  bool timeout_explicit = false;
  std::optional<int64_t> heartbeat_seconds;
  uint32_t invocation = 0;
  Document payload;
  Id successor = kNone;  // token-reused-across-attempts mutant: the retry that took the token.
};

struct ClientToken {
  std::string token;
  Instant used_at;
  Json response;
};

struct Execution {
  std::string arn;
  std::string name;
  std::string state_machine_arn;
  std::shared_ptr<const asl::Definition> definition;
  ExecutionType type = ExecutionType::STANDARD;
  ExecutionStatus status = ExecutionStatus::RUNNING;
  Document input;
  Instant start_date;
  Instant run_start;  // Start of the current run (start or last redrive).
  std::optional<Instant> stop_date;
  Duration open_before_run;  // Time open in earlier runs (for the 1-year maximum).
  Document output;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  History history;
  Id root = kNone;
  std::vector<Id> threads;   // Every thread of this execution.
  std::vector<Id> attempts;  // Every attempt not yet released.
  std::vector<Id> blocks;    // Every Parallel or Map block.
  TimerSlot execution_timer = kNone;
  int64_t redrive_count = 0;
  std::optional<Instant> redrive_date;
  std::deque<ClientToken> client_tokens;
  Random random{0};  // This execution's own stream: jitter, tokens, intrinsics.
  bool released = false;
  Id map_run = kNone;           // A Map Run's child: the run, and its index there.
  uint32_t map_run_child = 0;
  uint32_t map_runs_started = 0;  // Map Runs this execution started (their ids derive from it).
  uint64_t opened = 0;            // Its place in State::execution_order (slots are reused).
  std::vector<Id> map_runs;       // Those Map Runs, whose per-child records go with a release.

  bool running() const { return status == ExecutionStatus::RUNNING; }
  // Returns the execution to its initial state, keeping allocations (strings, history, slab
  // lists) so a recycled slot costs no allocation on the next start. Every field is listed:
  // a new field must be reset here too.
  void reset() {
    arn.clear();
    name.clear();
    state_machine_arn.clear();
    definition.reset();
    type = ExecutionType::STANDARD;
    status = ExecutionStatus::RUNNING;
    input.reset();
    start_date = Instant();
    run_start = Instant();
    stop_date.reset();
    open_before_run = Duration();
    output.reset();
    error.reset();
    cause.reset();
    history.clear();
    root = kNone;
    threads.clear();
    attempts.clear();
    blocks.clear();
    execution_timer = kNone;
    redrive_count = 0;
    redrive_date.reset();
    client_tokens.clear();
    random = Random(0);
    released = false;
    map_run = kNone;
    map_run_child = 0;
    map_runs_started = 0;
    map_runs.clear();
  }
};

enum class TimerKind : uint8_t { free, step, task_timeout, heartbeat_timeout, retry, wait, execution };

struct TimerEntry {
  TimerKind kind = TimerKind::free;
  Id target = kNone;  // Attempt, thread or execution.
  uint32_t epoch = 0; // Of the thread, for retry and wait timers.
  TimerSlot next_free = kNone;
  Instant due;            // When armed: the deadline given to the host.
  uint64_t sequence = 0;  // When armed: the arming order (ties among due timers).
};

enum class StepKind : uint8_t {
  run_thread,      // Enter the thread's visit state (a spawned or transitioned thread).
  start_attempt,   // Write TaskStarted (or LambdaFunctionStarted) and deliver the task.
  handle_outcome,  // Act on a recorded task outcome (success or failure).
  finish_block,    // All children of a block are done: finish the Parallel or Map state.
  start_iterations,  // Start Map iterations while concurrency allows.
  map_child_closed,  // A Map Run's child execution closed (target: run; epoch: child index).
};

struct Step {
  StepKind kind;
  Id target;  // Thread, attempt or block.
  uint32_t epoch;
};

}  // namespace wfsim::sfn
