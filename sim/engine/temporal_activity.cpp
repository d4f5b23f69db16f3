// The activity state machine of the Temporal engine: scheduling, attempts, heartbeats, the four
// timeouts, retries and cancellation (TMP-1.1 … TMP-4.1). History follows TMP-2.6: intermediate
// attempts write no events; when the activity closes, one ActivityTaskStarted for the final
// attempt (if it started) is written, stamped with that attempt's start time, then the terminal
// event.
#include "core/assert.h"
#include "engine/temporal_retry.h"
#include "engine/temporal_state.h"

namespace wfsim::temporal {
namespace {

// The details the server records for a cancel of an activity that never started.
const Json kNotStartedDetails = "ACTIVITY_ID_NOT_STARTED";
const std::string kGiveUpMessage =
    "Not enough time to schedule next retry before activity ScheduleToClose timeout, giving up "
    "retrying";

Duration or_zero(std::optional<Duration> timeout) { return timeout.value_or(Duration::zero()); }

}  // namespace

void Engine::State::schedule_activity(uint32_t workflow_index, uint32_t sequence,
                                      const ActivityStep& step, Instant now) {
  WorkflowRun& workflow = workflows[workflow_index];
  auto normalized = normalize_activity_options(step.options, workflow.run_timeout);
  WFSIM_ASSERT_MSG(std::holds_alternative<NormalizedActivityOptions>(normalized),
                   "start_workflow validates every step");
  const auto index = static_cast<uint32_t>(activities.size());
  ActivityRun& run = activities.emplace_back();
  run.workflow = workflow_index;
  run.sequence = sequence;
  run.step = &step;
  run.options = std::get<NormalizedActivityOptions>(std::move(normalized));
  run.task_queue = step.task_queue.empty() ? step.activity_type : step.task_queue;
  run.input = {step.input.value_or(workflow.input)};
  run.first_slot = new_timer(TimerKind::retry_backoff, index);
  for (uint32_t k = 1; k < kActivityTimerKinds; ++k) new_timer(static_cast<TimerKind>(k), index);
  run.first_scheduled_time = now;
  run.scheduled_time = now;
  workflow.activities.push_back(index);

  HistoryEvent& e = workflow.history.append(EventType::ActivityTaskScheduled, now);
  e.activity_id = step.activity_id;
  e.activity_type = step.activity_type;
  e.task_queue = run.task_queue;
  e.input = run.input;
  const ActivityTimeouts& t = run.options.timeouts;
  e.schedule_to_close_timeout = or_zero(t.schedule_to_close);
  e.schedule_to_start_timeout = or_zero(t.schedule_to_start);
  e.start_to_close_timeout = or_zero(t.start_to_close);
  e.heartbeat_timeout = or_zero(t.heartbeat);
  e.retry_policy = run.options.retry_policy;
  run.scheduled_event_id = e.event_id;

  if (t.schedule_to_close) {
    arm(slot_of(run, TimerKind::schedule_to_close),
        saturating_add(run.first_scheduled_time, *t.schedule_to_close), run.attempt);
  }
  make_available(index, now);
}

void Engine::State::make_available(uint32_t index, Instant /*now*/) {
  ActivityRun& run = activities[index];
  WFSIM_ASSERT(run.phase == ActivityPhase::queued || run.phase == ActivityPhase::backoff);
  run.phase = ActivityPhase::queued;
  // TMP-1.3: ScheduleToStart counts from this attempt's scheduled time.
  if (run.options.timeouts.schedule_to_start) {
    arm(slot_of(run, TimerKind::schedule_to_start),
        saturating_add(run.scheduled_time, *run.options.timeouts.schedule_to_start), run.attempt);
  }
  const std::pair<int64_t, uint64_t> key{run.scheduled_time.unix_us(), next_queue_sequence++};
  queues[run.task_queue].emplace(key, index);
  run.queue_key = key;
  host.task_available(run.task_queue);
}

ActivityTask Engine::State::start_attempt(uint32_t index, Instant now, std::string_view identity) {
  ActivityRun& run = activities[index];
  WFSIM_ASSERT(run.phase == ActivityPhase::queued && run.queue_key.has_value());
  const size_t erased = queues[run.task_queue].erase(*run.queue_key);
  WFSIM_ASSERT(erased == 1);
  run.queue_key.reset();
  disarm(slot_of(run, TimerKind::schedule_to_start));
  run.phase = ActivityPhase::started;
  run.started_time = now;
  run.identity = std::string(identity);
  run.last_heartbeat_time.reset();
  run.token_index = tokens.size();
  tokens.push_back(IssuedToken{index, run.attempt, random.next_u64()});

  const ActivityTimeouts& t = run.options.timeouts;
  WFSIM_ASSERT(t.start_to_close.has_value());
  arm(slot_of(run, TimerKind::start_to_close), saturating_add(now, *t.start_to_close),
      run.attempt);
  // TMP-1.3: a heartbeat timer exists only while started and only when HT > 0.
  if (t.heartbeat) {
    arm(slot_of(run, TimerKind::heartbeat), saturating_add(now, *t.heartbeat), run.attempt);
  }

  const WorkflowRun& workflow = workflows[run.workflow];
  ActivityTask task;
  task.task_token = token_text(run.token_index);
  task.workflow_id = workflow.workflow_id;
  task.run_id = workflow.run_id;
  task.workflow_type = workflow.spec->workflow_type;
  task.activity_id = run.step->activity_id;
  task.activity_type = run.step->activity_type;
  task.task_queue = run.task_queue;
  task.input = run.input;
  // TMP-3.4: the next attempt sees the details of the last recorded heartbeat.
  const bool lose_details = options.mutants.has(Mutant::heartbeat_details_lost_across_retries) &&
                            run.attempt > 1;
  if (!lose_details) task.heartbeat_details = run.heartbeat_details;
  task.scheduled_time = run.first_scheduled_time;
  task.current_attempt_scheduled_time = run.scheduled_time;
  task.started_time = now;
  task.attempt = run.attempt;
  task.schedule_to_close_timeout = or_zero(t.schedule_to_close);
  task.start_to_close_timeout = *t.start_to_close;
  task.heartbeat_timeout = or_zero(t.heartbeat);
  task.retry_policy = run.options.retry_policy;
  return task;
}

void Engine::State::record_heartbeat(uint32_t index, Instant now, Payloads details) {
  ActivityRun& run = activities[index];
  WFSIM_ASSERT(run.phase == ActivityPhase::started);
  // The server keeps only the latest details, even when a heartbeat carries none.
  run.heartbeat_details = std::move(details);
  run.heartbeat_details_time = now;
  run.last_heartbeat_time = now;
  // TMP-1.3: Heartbeat = max(StartedTime, LastHeartbeatUpdateTime) + HT.
  if (run.options.timeouts.heartbeat) {
    arm(slot_of(run, TimerKind::heartbeat), saturating_add(now, *run.options.timeouts.heartbeat),
        run.attempt);
  }
}

namespace {

// Writes the final attempt's ActivityTaskStarted (TMP-2.6) and returns its id.
int64_t write_started(ActivityRun& run, History& history) {
  WFSIM_ASSERT(run.phase == ActivityPhase::started);
  HistoryEvent& e = history.append(EventType::ActivityTaskStarted, run.started_time);
  e.scheduled_event_id = run.scheduled_event_id;
  e.identity = run.identity;
  e.attempt = run.attempt;
  e.last_failure = run.last_failure;
  run.started_event_id = e.event_id;
  return e.event_id;
}

}  // namespace

void Engine::State::abandon(uint32_t index) {
  ActivityRun& run = activities[index];
  for (uint32_t k = 0; k < kActivityTimerKinds; ++k) disarm(run.first_slot + k);
  if (run.queue_key) {
    const size_t erased = queues[run.task_queue].erase(*run.queue_key);
    WFSIM_ASSERT(erased == 1);
    run.queue_key.reset();
  }
}

void Engine::State::complete(uint32_t index, Instant now, Payloads result) {
  ActivityRun& run = activities[index];
  History& history = workflows[run.workflow].history;
  abandon(index);
  write_started(run, history);
  HistoryEvent& e = history.append(EventType::ActivityTaskCompleted, now);
  e.result = result;
  e.scheduled_event_id = run.scheduled_event_id;
  e.started_event_id = run.started_event_id;
  e.identity = run.identity;
  run.phase = ActivityPhase::closed;
  run.outcome = ActivityOutcome::completed;
  activity_closed(index, now, result);
}

void Engine::State::attempt_failed(uint32_t index, Instant now, Failure failure) {
  ActivityRun& run = activities[index];
  WFSIM_ASSERT(run.phase == ActivityPhase::started);
  const RetryPolicy& policy = run.options.retry_policy;
  std::optional<Instant> expiration;
  if (run.options.timeouts.schedule_to_close) {
    expiration = saturating_add(run.first_scheduled_time, *run.options.timeouts.schedule_to_close);
  }
  const RetryDecision decision = decide_retry(
      RetryQuestion{&policy, run.attempt, now, expiration, &failure, run.cancel_requested},
      options.mutants);
  if (decision.state == RetryState::in_progress) {
    // No history: the next attempt is scheduled after the backoff (TMP-2.6).
    disarm(slot_of(run, TimerKind::start_to_close));
    disarm(slot_of(run, TimerKind::heartbeat));
    run.phase = ActivityPhase::backoff;
    run.last_failure = std::move(failure);
    ++run.attempt;
    run.scheduled_time = saturating_add(now, decision.delay);
    run.last_heartbeat_time.reset();
    if (decision.delay == Duration::zero()) {
      make_available(index, now);
    } else {
      arm(slot_of(run, TimerKind::retry_backoff), run.scheduled_time, run.attempt);
    }
    return;
  }
  const bool timed_out = failure.info == FailureInfo::timeout;
  if (timed_out) {
    // TMP-1.5: out of ScheduleToClose time, the timeout is reported as SCHEDULE_TO_CLOSE.
    if (decision.state == RetryState::timeout &&
        failure.timeout_type != TimeoutType::schedule_to_close) {
      failure = Failure::timeout(TimeoutType::schedule_to_close, kGiveUpMessage);
    }
    failure.last_heartbeat_details = run.heartbeat_details;
  }
  History& history = workflows[run.workflow].history;
  abandon(index);
  write_started(run, history);
  HistoryEvent& e = history.append(
      timed_out ? EventType::ActivityTaskTimedOut : EventType::ActivityTaskFailed, now);
  e.failure = failure;
  e.scheduled_event_id = run.scheduled_event_id;
  e.started_event_id = run.started_event_id;
  if (!timed_out) e.identity = run.identity;
  e.retry_state = decision.state;
  run.phase = ActivityPhase::closed;
  run.outcome = timed_out ? ActivityOutcome::timed_out : ActivityOutcome::failed;
  run.close_failure = std::move(failure);
  run.close_retry_state = decision.state;
  activity_closed(index, now, {});
}

void Engine::State::schedule_timeout(uint32_t index, Instant now, TimeoutType type) {
  ActivityRun& run = activities[index];
  WFSIM_ASSERT(run.phase != ActivityPhase::closed);
  Failure failure = Failure::timeout(type);
  const RetryDecision decision = decide_retry(
      RetryQuestion{&run.options.retry_policy, run.attempt, now, std::nullopt, &failure,
                    run.cancel_requested},
      options.mutants);
  WFSIM_ASSERT(decision.state != RetryState::in_progress);  // TMP-1.4: never retried.
  failure.last_heartbeat_details = run.heartbeat_details;
  History& history = workflows[run.workflow].history;
  abandon(index);
  if (run.phase == ActivityPhase::started) write_started(run, history);
  HistoryEvent& e = history.append(EventType::ActivityTaskTimedOut, now);
  e.failure = failure;
  e.scheduled_event_id = run.scheduled_event_id;
  e.started_event_id = run.started_event_id;
  e.retry_state = decision.state;
  run.phase = ActivityPhase::closed;
  run.outcome = ActivityOutcome::timed_out;
  run.close_failure = std::move(failure);
  run.close_retry_state = decision.state;
  activity_closed(index, now, {});
}

void Engine::State::close_canceled(uint32_t index, Instant now, Payloads details) {
  ActivityRun& run = activities[index];
  History& history = workflows[run.workflow].history;
  abandon(index);
  if (run.phase == ActivityPhase::started) write_started(run, history);
  HistoryEvent& e = history.append(EventType::ActivityTaskCanceled, now);
  e.details = details;
  e.latest_cancel_requested_event_id = run.cancel_requested_event_id;
  e.scheduled_event_id = run.scheduled_event_id;
  e.started_event_id = run.started_event_id;
  e.identity = run.phase == ActivityPhase::started ? run.identity : std::string();
  run.phase = ActivityPhase::closed;
  run.outcome = ActivityOutcome::canceled;
  run.close_failure = Failure::canceled("canceled", std::move(details));
  run.close_retry_state = run.cancel_requested ? RetryState::cancel_requested
                                               : RetryState::unspecified;
  activity_closed(index, now, {});
}

bool Engine::State::request_cancel(uint32_t index, Instant now) {
  ActivityRun& run = activities[index];
  WFSIM_ASSERT(run.phase != ActivityPhase::closed && !run.cancel_requested);
  HistoryEvent& e =
      workflows[run.workflow].history.append(EventType::ActivityTaskCancelRequested, now);
  e.scheduled_event_id = run.scheduled_event_id;
  run.cancel_requested = true;
  run.cancel_requested_event_id = e.event_id;
  if (run.phase != ActivityPhase::started) {
    // Not started (queued or in backoff): the server cancels it right away.
    close_canceled(index, now, {kNotStartedDetails});
    return true;
  }
  // TMP-3.5: a started activity learns of it only from a heartbeat response; the mutant pushes.
  if (options.mutants.has(Mutant::cancel_delivered_without_heartbeat)) {
    host.cancel_pushed(token_text(run.token_index));
  }
  return false;
}

void Engine::State::on_activity_timer(uint32_t index, const TimerState& timer, Instant now) {
  ActivityRun& run = activities[index];
  if (run.phase == ActivityPhase::closed) return;
  // TMP-1.3: a timer tagged with an older attempt is ignored. ScheduleToClose spans attempts.
  if (timer.kind != TimerKind::schedule_to_close && timer.attempt < run.attempt) return;
  switch (timer.kind) {
    case TimerKind::retry_backoff:
      WFSIM_ASSERT(run.phase == ActivityPhase::backoff);
      make_available(index, now);
      return;
    case TimerKind::schedule_to_start:
      WFSIM_ASSERT(run.phase == ActivityPhase::queued);
      schedule_timeout(index, now, TimeoutType::schedule_to_start);
      return;
    case TimerKind::schedule_to_close:
      schedule_timeout(index, now, TimeoutType::schedule_to_close);
      return;
    case TimerKind::start_to_close:
      WFSIM_ASSERT(run.phase == ActivityPhase::started);
      attempt_failed(index, now, Failure::timeout(TimeoutType::start_to_close));
      return;
    case TimerKind::heartbeat:
      WFSIM_ASSERT(run.phase == ActivityPhase::started);
      attempt_failed(index, now, Failure::timeout(TimeoutType::heartbeat));
      return;
    case TimerKind::run_timeout:
      break;
  }
  WFSIM_UNREACHABLE("not an activity timer");
}

}  // namespace wfsim::temporal
