// Internal state of the Temporal engine (temporal_engine.h), shared by temporal_engine.cpp (API
// entry points, tokens, timers, observation), temporal_activity.cpp (the activity state machine)
// and temporal_workflow.cpp (step progression and workflow close). Not part of the API.
//
// Everything is held in vectors indexed by dense numbers (workflow, activity, timer slot, token);
// ordered maps are keyed by strings or (time, sequence), so no output depends on hash order.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/temporal_engine.h"
#include "engine/token.h"

namespace wfsim::temporal {

enum class TimerKind : uint8_t {
  retry_backoff,  // The end of a retry's backoff: the next attempt becomes available.
  schedule_to_start,
  schedule_to_close,
  start_to_close,
  heartbeat,
  run_timeout,  // The workflow's.
};
// The first five kinds belong to an activity, which owns kActivityTimerKinds consecutive slots.
inline constexpr uint32_t kActivityTimerKinds = 5;

struct TimerState {
  TimerKind kind = TimerKind::retry_backoff;
  uint32_t owner = 0;                // Activity index, or workflow index for run_timeout.
  std::optional<Instant> deadline;   // Set while a timer is pending.
  int32_t attempt = 0;               // The attempt it was armed for (TMP-1.3).
};

enum class ActivityPhase : uint8_t {
  backoff,  // Waiting for a retry's scheduled time.
  queued,   // Available to pollers.
  started,  // Held by a worker.
  closed,
};

enum class ActivityOutcome : uint8_t { completed, failed, timed_out, canceled };

struct ActivityRun {
  uint32_t workflow = 0;
  uint32_t sequence = 0;  // The workflow's SequenceRun this step belongs to.
  const ActivityStep* step = nullptr;
  NormalizedActivityOptions options;
  std::string task_queue;
  Payloads input;
  int64_t scheduled_event_id = 0;
  TimerSlot first_slot = 0;

  ActivityPhase phase = ActivityPhase::queued;
  int32_t attempt = 1;
  Instant first_scheduled_time;
  Instant scheduled_time;  // This attempt's; in the future during backoff.
  Instant started_time;
  std::string identity;                        // The current (or last) attempt's worker.
  size_t token_index = 0;                      // State::tokens entry of the started attempt.
  std::optional<Instant> last_heartbeat_time;  // Within the current attempt.
  Payloads heartbeat_details;                  // Last recorded, across attempts (TMP-3.4).
  std::optional<Instant> heartbeat_details_time;
  std::optional<Failure> last_failure;         // The previous attempt's failure.
  std::optional<std::pair<int64_t, uint64_t>> queue_key;  // While queued.

  bool cancel_requested = false;
  int64_t cancel_requested_event_id = 0;

  // Set on close.
  ActivityOutcome outcome = ActivityOutcome::completed;
  std::optional<Failure> close_failure;
  RetryState close_retry_state = RetryState::unspecified;
  int64_t started_event_id = 0;
};

// One sequence of steps: the workflow's top level (index 0) or a branch of a parallel group.
struct SequenceRun {
  const std::vector<Step>* steps = nullptr;
  size_t next = 0;  // The step running now, or the next to run.
  std::optional<uint32_t> group;  // The group this sequence is a branch of.
  bool ended = false;
  bool failed = false;
  Json results = Json::array();
};

struct GroupRun {
  uint32_t parent_sequence = 0;
  std::vector<uint32_t> branches;
  size_t open_branches = 0;
  bool failed = false;
};

struct WorkflowRun {
  std::string workflow_id;
  std::string run_id;
  std::shared_ptr<const WorkflowSpec> spec;
  std::optional<Duration> run_timeout;
  Json input;
  WorkflowStatus status = WorkflowStatus::running;
  History history;
  Instant start_time;
  std::optional<Instant> close_time;
  std::vector<SequenceRun> sequences;
  std::vector<GroupRun> groups;
  std::vector<uint32_t> activities;  // Engine activity indices, in scheduling order.
  std::optional<uint32_t> first_failed_activity;
  TimerSlot run_timeout_slot = 0;
};

struct IssuedToken {
  uint32_t activity = 0;
  int32_t attempt = 0;
  uint64_t secret = 0;
};

struct Engine::State {
  State(Host& host_in, Random random_in, EngineOptions options_in)
      : host(host_in), random(std::move(random_in)), options(std::move(options_in)) {}

  Host& host;
  Random random;
  EngineOptions options;
  std::vector<WorkflowRun> workflows;
  std::map<std::string, uint32_t, std::less<>> workflow_index;
  std::vector<ActivityRun> activities;
  std::vector<TimerState> timers;
  std::vector<IssuedToken> tokens;
  // Available tasks per task queue, oldest first: (available time in µs, sequence) -> activity.
  std::map<std::string, std::map<std::pair<int64_t, uint64_t>, uint32_t>, std::less<>> queues;
  uint64_t next_queue_sequence = 0;

  // --- Timers and tokens (temporal_engine.cpp) -------------------------------------------------
  TimerSlot new_timer(TimerKind kind, uint32_t owner);
  void arm(TimerSlot slot, Instant at, int32_t attempt);
  void disarm(TimerSlot slot);
  TimerSlot slot_of(const ActivityRun& activity, TimerKind kind) const;
  std::string token_text(size_t token_index) const;
  // The activity whose current started attempt `token` names, or the error to answer.
  std::variant<uint32_t, ApiError> resolve_token(std::string_view token) const;

  // --- Activities (temporal_activity.cpp) ------------------------------------------------------
  void schedule_activity(uint32_t workflow, uint32_t sequence, const ActivityStep& step,
                         Instant now);
  void make_available(uint32_t activity, Instant now);
  ActivityTask start_attempt(uint32_t activity, Instant now, std::string_view identity);
  void record_heartbeat(uint32_t activity, Instant now, Payloads details);
  void complete(uint32_t activity, Instant now, Payloads result);
  // A started attempt failed (application failure or StartToClose/Heartbeat timeout): retry or
  // close.
  void attempt_failed(uint32_t activity, Instant now, Failure failure);
  // Closes the activity ActivityTaskCanceled: its worker responded canceled, or a cancel was
  // requested before it started.
  void close_canceled(uint32_t activity, Instant now, Payloads details);
  // ScheduleToStart or ScheduleToClose fired.
  void schedule_timeout(uint32_t activity, Instant now, TimeoutType type);
  // Returns whether the activity was canceled at once (it had not started).
  bool request_cancel(uint32_t activity, Instant now);
  void on_activity_timer(uint32_t activity, const TimerState& timer, Instant now);
  // Disarms an open activity's timers and removes it from its queue (workflow closing).
  void abandon(uint32_t activity);

  // --- Workflows (temporal_workflow.cpp) -------------------------------------------------------
  Reply<StartWorkflowResponse> start_workflow(Instant now, std::shared_ptr<const WorkflowSpec> spec,
                                              const std::string& workflow_id, const Json& input);
  // Starts the sequence's next step, or ends the sequence.
  void advance(uint32_t workflow, uint32_t sequence, Instant now);
  // The activity closed (its events are written); moves its sequence on.
  void activity_closed(uint32_t activity, Instant now, const Payloads& result);
  // The top-level sequence ended: WorkflowExecutionCompleted or Failed.
  void close_workflow(uint32_t workflow, Instant now);
  void time_out_workflow(uint32_t workflow, Instant now);
  WorkflowDescription describe(const WorkflowRun& workflow) const;
};

}  // namespace wfsim::temporal
