// The Temporal harness of check_harness.h: TemporalRun and an SDK-like worker for one
// attempt (work_attempt), built on world/temporal_heartbeats.h.
#include "testing/check_harness.h"
#include "engine/temporal_spec.h"
#include "world/temporal_heartbeats.h"

namespace wfsim::check::testing {

using temporal::ActivityHeartbeats;
using temporal::HeartbeatActions;
using temporal::HeartbeatAnswer;

TemporalRun::TemporalRun(MutantSet mutants, uint64_t seed)
    : engine(*this, Random(seed), temporal::EngineOptions{"default", mutants}) {}

void TemporalRun::start(const std::string& workflow_json, const std::string& id) {
  auto parsed = temporal::parse_workflow_spec(Json::parse(workflow_json), "/workflow");
  if (const auto* problems = std::get_if<asl::Problems>(&parsed)) {
    BOOST_FAIL("invalid test workflow: " << asl::to_string(problems->front()));
  }
  auto spec = std::make_shared<const temporal::WorkflowSpec>(
      std::get<temporal::WorkflowSpec>(std::move(parsed)));
  workflow_id = id;
  const auto reply = engine.start_workflow(now, spec, id, Json());
  CallRecord& r = calls.append(now, "scenario", ApiCall::StartWorkflowExecution,
                               temporal::start_workflow_request(id, spec->workflow_type, Json()));
  temporal::record_answer(r, reply);
  BOOST_REQUIRE(reply.ok());
}

std::optional<temporal::ActivityTask> TemporalRun::poll(const std::string& queue) {
  worker_ = "worker:" + queue + "/1";
  const auto reply = engine.poll_activity_task(now, queue, worker_);
  CallRecord& r = calls.append(now, worker_, ApiCall::PollActivityTaskQueue,
                               temporal::poll_request(queue, worker_));
  temporal::record_answer(r, reply);
  BOOST_REQUIRE(reply.ok());
  return reply.value->task;
}

temporal::Reply<temporal::HeartbeatResponse> TemporalRun::heartbeat(const std::string& token,
                                                                    temporal::Payloads details) {
  const auto reply = engine.record_activity_heartbeat(now, token, details);
  CallRecord& r = calls.append(now, worker_, ApiCall::RecordActivityTaskHeartbeat,
                               temporal::heartbeat_request(token, details));
  temporal::record_answer(r, reply);
  return reply;
}

temporal::Reply<temporal::Empty> TemporalRun::complete(const std::string& token) {
  const temporal::Payloads result = {Json("done")};
  const auto reply = engine.respond_activity_completed(now, token, result);
  CallRecord& r = calls.append(now, worker_, ApiCall::RespondActivityTaskCompleted,
                               temporal::completed_request(token, result));
  temporal::record_answer(r, reply);
  return reply;
}

temporal::Reply<temporal::Empty> TemporalRun::fail(const std::string& token,
                                                   const std::string& type, bool non_retryable,
                                                   std::optional<Duration> next_retry_delay) {
  const temporal::ApplicationFailure failure{
      type, "attempt failed", non_retryable, next_retry_delay, {}};
  const auto reply = engine.respond_activity_failed(now, token, failure);
  CallRecord& r = calls.append(now, worker_, ApiCall::RespondActivityTaskFailed,
                               temporal::failed_request(token, failure));
  temporal::record_answer(r, reply);
  return reply;
}

temporal::Reply<temporal::Empty> TemporalRun::canceled(const std::string& token) {
  const temporal::Payloads details = {Json("stopped")};
  const auto reply = engine.respond_activity_canceled(now, token, details);
  CallRecord& r = calls.append(now, worker_, ApiCall::RespondActivityTaskCanceled,
                               temporal::canceled_request(token, details));
  temporal::record_answer(r, reply);
  return reply;
}

temporal::Reply<temporal::RequestCancelResponse> TemporalRun::request_cancel(
    const std::string& activity) {
  const auto reply = engine.request_cancel_activity(now, workflow_id, activity);
  CallRecord& r = calls.append(now, "scenario", ApiCall::RequestCancelActivity,
                               temporal::request_cancel_request(workflow_id, activity));
  temporal::record_answer(r, reply);
  return reply;
}

bool TemporalRun::fire_next() {
  std::optional<std::pair<Instant, TimerSlot>> best;
  for (const auto& [slot, at] : armed) {
    if (!best || at < best->first) best = std::make_pair(at, slot);
  }
  if (!best) return false;
  now = std::max(now, best->first);
  armed.erase(best->second);
  engine.on_timer(now, best->second);
  return true;
}

void TemporalRun::advance_to(Instant until) {
  for (;;) {
    std::optional<Instant> next;
    for (const auto& [slot, at] : armed) {
      if (!next || at < *next) next = at;
    }
    if (!next || *next > until) break;
    fire_next();
  }
  now = std::max(now, until);
}

const temporal::History& TemporalRun::history() const {
  const temporal::History* h = engine.history(workflow_id);
  BOOST_REQUIRE(h != nullptr);
  return *h;
}

Observation TemporalRun::observation(const Semantics& semantics) const {
  return observation_with(&history(), &calls, semantics);
}

Observation TemporalRun::observation_with(const temporal::History* h, const CallLog* log_in,
                                          const Semantics& semantics) const {
  Observation o;
  o.temporal = true;
  o.temporal_history = h;
  o.calls = log_in;
  o.semantics = semantics;
  return o;
}

void work_attempt(TemporalRun& run, const temporal::ActivityTask& task,
                  std::optional<Duration> every, Duration work, WorkResult result,
                  std::optional<Instant> cancel_at, Duration next_retry_delay) {
  ActivityHeartbeats manager(run.now, task.heartbeat_timeout, task.start_to_close_timeout);
  const size_t pushed_before = run.pushed_cancels.size();
  bool stopped = false;
  auto apply = [&](HeartbeatActions actions) {
    for (;;) {
      if (actions.cancel) stopped = true;
      if (!actions.send_heartbeat) return actions;
      const auto reply = run.heartbeat(task.task_token, *actions.send_heartbeat);
      actions = manager.heartbeat_answered(
          run.now, reply.ok() ? HeartbeatAnswer::accepted(reply.value->cancel_requested)
                              : HeartbeatAnswer::not_found());
    }
  };
  const Instant end = run.now + work;
  bool cancel_pending = cancel_at.has_value();
  const Instant cancel_time = cancel_at.value_or(Instant::max());
  std::optional<Instant> next_beat;
  if (every) next_beat = run.now;
  int step = 0;
  while (!stopped && run.now < end) {
    Instant next = end;
    if (const auto wake = manager.next_wake()) next = std::min(next, *wake);
    if (next_beat) next = std::min(next, *next_beat);
    if (cancel_pending) next = std::min(next, cancel_time);
    run.advance_to(next);
    if (cancel_pending && run.now >= cancel_time) {
      run.request_cancel(task.activity_id);
      cancel_pending = false;
    }
    if (run.pushed_cancels.size() > pushed_before) break;  // The engine pushed a cancel.
    if (const auto wake = manager.next_wake(); wake && run.now >= *wake)
      apply(manager.wake(run.now));
    if (next_beat && run.now >= *next_beat && run.now < end && !stopped) {
      apply(manager.heartbeat(run.now, {Json(++step)}));
      *next_beat = *next_beat + *every;
    }
  }
  const bool pushed = run.pushed_cancels.size() > pushed_before;
  if (result == WorkResult::hang && !stopped && !pushed) return;
  temporal::AttemptResult finish = temporal::AttemptResult::completed;
  if (stopped) finish = temporal::AttemptResult::canceled;
  if (!stopped && result != WorkResult::complete) finish = temporal::AttemptResult::failed;
  const HeartbeatActions done = apply(manager.finish(run.now, finish));
  // A pushed cancel reaches the code as if a heartbeat answer had carried it (world.h).
  if (pushed) {
    run.canceled(task.task_token);
    return;
  }
  if (!done.report) return;
  switch (*done.report) {
    case temporal::AttemptResult::completed: run.complete(task.task_token); break;
    case temporal::AttemptResult::failed:
      switch (result) {
        case WorkResult::fail_non_retryable: run.fail(task.task_token, "Flaky", true); break;
        case WorkResult::fail_listed: run.fail(task.task_token, "Listed"); break;
        case WorkResult::fail_with_delay:
          run.fail(task.task_token, "Later", false, next_retry_delay);
          break;
        default: run.fail(task.task_token); break;
      }
      break;
    case temporal::AttemptResult::canceled: run.canceled(task.task_token); break;
    case temporal::AttemptResult::will_complete_async: break;
  }
}

}  // namespace wfsim::check::testing
