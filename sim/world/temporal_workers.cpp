// What Temporal workers say to the engine and how they read its answers: polls, the activity
// code's heartbeats through the SDK heartbeat manager (whose actions are carried out here, in
// field order: send a heartbeat RPC, cancel the code, send the completion, wake later), the
// completion RPCs with SDK retries, and the token_expiry worker that completes asynchronously
// with a token it kept past the attempt's close. See temporal_world.h.
#include "world/temporal_world.h"

namespace wfsim::world::detail {

using temporal::AttemptResult;
using temporal::HeartbeatAnswer;
using temporal::LocalCancelReason;

Json TemporalWorld::request_json(const Request& r) const {
  switch (r.api) {
    case ApiCall::RecordActivityTaskHeartbeat: return temporal::heartbeat_request(r.token, r.payloads);
    case ApiCall::RespondActivityTaskCompleted: return temporal::completed_request(r.token, r.payloads);
    case ApiCall::RespondActivityTaskFailed: return temporal::failed_request(r.token, r.failure);
    case ApiCall::RespondActivityTaskCanceled: return temporal::canceled_request(r.token, r.payloads);
    default: break;
  }
  WFSIM_UNREACHABLE("not a Temporal call");
}

void TemporalWorld::take_work(Worker& w) {
  const std::string& queue = pool(w.pool).queue;
  const auto reply = engine_.poll_activity_task(now(), queue, w.name);
  CallRecord& record =
      log_call(w.caller, ApiCall::PollActivityTaskQueue, temporal::poll_request(queue, w.name));
  temporal::record_answer(record, reply);
  if (!reply.ok() || !reply.value->task) {
    idle(w);
    flush();
    return;
  }
  const temporal::ActivityTask& task = *reply.value->task;
  count_attempt();
  if (task.attempt > 1 && !task.heartbeat_details.empty()) {
    count(Probe::heartbeat_details_carried);
  }
  Attempt a;
  a.pattern = Pattern::temporal_activity;
  a.token = task.task_token;
  const auto by_type = pool_by_key_.find(task.activity_type);
  a.behaviour_pool = by_type != pool_by_key_.end() ? by_type->second : w.pool;
  a.invocation = static_cast<uint32_t>(task.attempt - 1);
  a.scheduled_event_id = engine_.task_info(task.task_token)->scheduled_event_id;
  a.started = now();
  if (task.heartbeat_timeout > Duration::zero()) a.heartbeat_timeout = task.heartbeat_timeout;
  a.deadline = task.start_to_close_timeout;
  if (a.heartbeat_timeout && *a.heartbeat_timeout < task.start_to_close_timeout) {
    a.deadline = a.heartbeat_timeout;
  }
  a.manager.emplace(now(), task.heartbeat_timeout, task.start_to_close_timeout);
  begin_attempt(w, std::move(a));
  if (w.attempt->token_expiry) {
    // The code keeps the token and completes asynchronously later (late_report): the SDK's
    // heartbeat manager and its local timeout are out of the picture.
    w.attempt->manager.reset();
  } else {
    schedule_sdk_wake(w);
  }
  flush();
}

void TemporalWorld::schedule_sdk_wake(Worker& w) {
  const std::optional<Instant> wake = w.attempt->manager->next_wake();
  if (wake) {
    set_timer(w, TimerRole::sdk_wake, *wake, EventKind::sdk_wake);
  } else {
    clear_timer(w, TimerRole::sdk_wake);
  }
}

void TemporalWorld::code_heartbeat(Worker& w) {
  Attempt& a = *w.attempt;
  if (!a.manager || a.code_finished) return;
  const Json& configured = behaviour_config(a).heartbeat_details;
  temporal::Payloads details{configured.is_null() ? Json(a.heartbeats) : configured};
  apply(w, a.manager->heartbeat(now(), std::move(details)));
}

void TemporalWorld::sdk_wake(Worker& w) { apply(w, w.attempt->manager->wake(now())); }

void TemporalWorld::apply(Worker& w, const temporal::HeartbeatActions& actions) {
  const uint32_t generation = w.generation;
  if (actions.send_heartbeat) {
    Attempt& a = *w.attempt;
    if (a.code_finished) count(Probe::heartbeat_flushed);
    Request r;
    r.api = ApiCall::RecordActivityTaskHeartbeat;
    r.token = a.token;
    r.payloads = *actions.send_heartbeat;
    r.scheduled_event_id = a.scheduled_event_id;
    send(w, std::move(r));  // May be answered at once, which applies further actions.
    if (w.generation != generation || !w.attempt || !w.attempt->manager) return;
  }
  if (actions.cancel) code_cancelled(w, *actions.cancel);
  if (w.generation != generation || !w.attempt || !w.attempt->manager) return;
  if (actions.report && !w.attempt->report) {
    w.attempt->report = report_request(*w.attempt, *actions.report);
    send_report(w);
    return;
  }
  Attempt& a = *w.attempt;
  if (a.manager->done() && !a.report) {
    end_attempt(w);  // Finished without a report (NotFound, local timeout).
    return;
  }
  schedule_sdk_wake(w);
}

void TemporalWorld::code_cancelled(Worker& w, LocalCancelReason reason) {
  Attempt& a = *w.attempt;
  if (a.code_finished) return;
  switch (reason) {
    case LocalCancelReason::cancel_requested: count(Probe::cancel_delivered); break;
    case LocalCancelReason::not_found: count(Probe::late_heartbeat_rejected); break;
    case LocalCancelReason::timed_out: count(Probe::local_timeout); break;
  }
  note("codeCancelled", static_cast<int>(reason));
  code_returned(w, AttemptResult::canceled);
}

void TemporalWorld::code_returned(Worker& w, AttemptResult result) {
  Attempt& a = *w.attempt;
  stop_working(w);
  a.code_finished = true;
  apply(w, a.manager->finish(now(), result));
}

void TemporalWorld::work_done(Worker& w) {
  const AttemptBehaviour& b = *w.attempt->behaviour;
  WFSIM_ASSERT(b.kind == AttemptBehaviour::Kind::return_value ||
               b.kind == AttemptBehaviour::Kind::throw_error);
  code_returned(w, b.kind == AttemptBehaviour::Kind::return_value ? AttemptResult::completed
                                                                  : AttemptResult::failed);
}

void TemporalWorld::late_report(Worker& w) {
  Attempt& a = *w.attempt;
  const AttemptBehaviour& b = *a.behaviour;
  stop_working(w);
  a.code_finished = true;
  a.report = report_request(a, b.kind == AttemptBehaviour::Kind::return_value
                                   ? AttemptResult::completed
                                   : AttemptResult::failed);
  send_report(w);
}

Request TemporalWorld::report_request(const Attempt& a, AttemptResult result) const {
  const AttemptBehaviour& b = *a.behaviour;
  Request r;
  r.token = a.token;
  r.scheduled_event_id = a.scheduled_event_id;
  switch (result) {
    case AttemptResult::completed:
      r.api = ApiCall::RespondActivityTaskCompleted;
      r.payloads = temporal::Payloads{b.value};
      break;
    case AttemptResult::failed:
      r.api = ApiCall::RespondActivityTaskFailed;
      r.failure = temporal::ApplicationFailure{b.error.value_or("Error"), b.cause.value_or(""),
                                               b.non_retryable, b.next_retry_delay, {}};
      break;
    case AttemptResult::canceled:
      r.api = ApiCall::RespondActivityTaskCanceled;
      break;
    case AttemptResult::will_complete_async:
      WFSIM_UNREACHABLE("the world's activities never complete asynchronously through the SDK");
  }
  return r;
}

void TemporalWorld::send_report(Worker& w) {
  Attempt& a = *w.attempt;
  if (++a.report_sends > 1) count(Probe::completion_retried);
  if (a.report->api == ApiCall::RespondActivityTaskFailed && a.report->failure.next_retry_delay) {
    count(Probe::next_retry_delay_used);
  }
  send(w, *a.report);
}

void TemporalWorld::no_answer(Worker& w, Category category) {
  if (category == Category::heartbeat) {
    heartbeat_answer(w, HeartbeatAnswer::error());
    return;
  }
  if (w.attempt->report_sends < kMaxReportSends) {
    send_report(w);
  } else {
    end_attempt(w);  // The SDK gives the completion up.
  }
}

void TemporalWorld::heartbeat_throttled(Worker& w) {
  heartbeat_answer(w, HeartbeatAnswer::error());
}

void TemporalWorld::heartbeat_answer(Worker& w, const HeartbeatAnswer& answer) {
  Attempt& a = *w.attempt;
  clear_timer(w, TimerRole::answer_timeout);
  if (!a.manager || !a.manager->rpc_in_flight()) return;
  apply(w, a.manager->heartbeat_answered(now(), answer));
}

void TemporalWorld::arrive(const Message& m) {
  Worker& w = worker(m.worker);
  const Request& r = m.request;
  CallRecord& record = log_worker_call(w, r, m.sent);
  record.answer_lost = m.arrival == Arrival::answer_lost;
  if (m.arrival == Arrival::duplicate) count(Probe::duplicate_delivered);
  const bool answered = m.arrival == Arrival::normal && m.generation == w.generation && w.attempt;
  if (r.api == ApiCall::RecordActivityTaskHeartbeat) {
    const auto reply = engine_.record_activity_heartbeat(now(), r.token, r.payloads);
    temporal::record_answer(record, reply);
    probe_answer(r, reply.error);
    if (answered) {
      heartbeat_answer(w, reply.ok() ? HeartbeatAnswer::accepted(reply.value->cancel_requested)
                          : reply.is_error("NotFound") ? HeartbeatAnswer::not_found()
                                                       : HeartbeatAnswer::error());
    }
    flush();
    return;
  }
  std::optional<ApiError> error;
  if (r.api == ApiCall::RespondActivityTaskCompleted) {
    const auto reply = engine_.respond_activity_completed(now(), r.token, r.payloads);
    temporal::record_answer(record, reply);
    error = reply.error;
  } else if (r.api == ApiCall::RespondActivityTaskFailed) {
    const auto reply = engine_.respond_activity_failed(now(), r.token, r.failure);
    temporal::record_answer(record, reply);
    error = reply.error;
  } else {
    const auto reply = engine_.respond_activity_canceled(now(), r.token, r.payloads);
    temporal::record_answer(record, reply);
    error = reply.error;
  }
  probe_answer(r, error);
  // sdk-core logs and ignores NotFound on completion (TMP-4.1): either way the attempt is over.
  if (answered) end_attempt(w);
  flush();
}

void TemporalWorld::probe_answer(const Request& r, const std::optional<ApiError>& error) {
  if (r.api == ApiCall::RecordActivityTaskHeartbeat) return;  // A NotFound heartbeat is counted when it cancels.
  if (!error) {
    completed_tokens_.insert(r.token);
  } else if (error->code == "NotFound") {
    count(completed_tokens_.count(r.token) != 0 ? Probe::duplicate_completion_rejected
                                                : Probe::late_completion_rejected);
  }
}

}  // namespace wfsim::world::detail
