// What Step Functions workers say to the engine and how they read its answers: activity pollers
// (GetActivityTask), callback handlers and integration responders taking a delivery,
// SendTaskHeartbeat, the report per the attempt's behaviour (SendTaskSuccess / SendTaskFailure,
// or CompleteIntegration), SDK retries of a report that got no answer, and what an answer
// means to the worker. See sfn_world.h.
#include "world/sfn_world.h"

#include "asl/definition.h"
#include "world/service_errors.h"

namespace wfsim::world::detail {
namespace {

bool integration(sfn::DispatchKind kind) {
  return kind == sfn::DispatchKind::request_response || kind == sfn::DispatchKind::lambda ||
         kind == sfn::DispatchKind::sync;
}

// Answers that tell a worker its task is gone (SFN-1.3f).
bool task_gone(const sfn::ApiAnswer& answer) {
  return answer.error && (answer.error->code == "TaskTimedOut" ||
                          answer.error->code == "InvalidToken" ||
                          answer.error->code == "TaskDoesNotExist");
}

}  // namespace

Json SfnWorld::request_json(const Request& r) const {
  Json j = Json::object();
  j["taskToken"] = r.token;
  const bool output = r.api == ApiCall::SendTaskSuccess || (r.api == ApiCall::CompleteIntegration && r.success);
  if (output) {
    j["output"] = to_compact_text(r.value);
  } else if (r.api != ApiCall::SendTaskHeartbeat) {
    if (r.error) j["error"] = *r.error;
    if (r.cause) j["cause"] = *r.cause;
  }
  return j;
}

void SfnWorld::take_work(Worker& w) {
  if (pool(w.pool).polls) {
    poll(w);
  } else {
    respond(w);
  }
}

void SfnWorld::poll(Worker& w) {
  const std::string& arn = pool(w.pool).queue;
  const sfn::ApiAnswer answer = engine_.get_activity_task(now(), arn, w.name);
  WFSIM_ASSERT(answer.ok());
  Json request = Json::object();
  request["activityArn"] = arn;
  request["workerName"] = w.name;
  CallRecord& record = log_call(w.caller, ApiCall::GetActivityTask, std::move(request));
  const auto token = answer.response->find("taskToken");
  if (token == answer.response->end()) {
    record.response = Json::object();
    idle(w);
    flush();
    return;
  }
  const std::string& text = token->get_ref<const std::string&>();
  const std::optional<sfn::TaskInfo> info = engine_.task_info(text);
  WFSIM_ASSERT(info.has_value());
  routed_tokens_.push_back(text);
  Json response = Json::object();
  response["taskToken"] = text;
  response["input"] = answer.response->at("input");
  response["scheduledEventId"] = info->scheduled_event_id;
  response["executionArn"] = info->execution_arn;
  record.response = std::move(response);
  count_attempt();
  Attempt a;
  a.token = text;
  a.behaviour_pool = behaviour_pool(info->state_name, info->resource, w.pool);
  a.invocation = info->invocation;
  a.scheduled_event_id = info->scheduled_event_id;
  const Clocks c = clocks_of(info->execution_arn, info->scheduled_event_id);
  a.map_item_index = c.map_item_index;
  a.map_items = c.map_items;
  a.dispatch_kind = static_cast<uint8_t>(sfn::DispatchKind::activity);
  a.pattern = Pattern::activity;
  a.resource = info->resource;
  a.started = now();
  if (c.heartbeat_seconds) a.heartbeat_timeout = Duration::saturating_seconds(*c.heartbeat_seconds);
  const int64_t timeout =
      c.timeout_seconds.value_or(config_.sfn_options.default_task_timeout_seconds);
  a.deadline = a.heartbeat_timeout.value_or(Duration::saturating_seconds(timeout));
  begin_attempt(w, std::move(a));
  flush();
}

void SfnWorld::respond(Worker& w) {
  std::deque<OwnedTask>& queue = queues_[w.pool];
  WFSIM_ASSERT_MSG(!queue.empty(), "a responder was woken with nothing queued");
  OwnedTask task = std::move(queue.front());
  queue.pop_front();
  Attempt a;
  a.token = std::move(task.token);
  a.behaviour_pool = behaviour_pool(task.state_name, task.resource, w.pool);
  a.invocation = task.invocation;
  a.map_item_index = task.map_item_index;
  a.map_items = task.map_items;
  a.scheduled_event_id = task.scheduled_event_id;
  a.dispatch_kind = static_cast<uint8_t>(task.kind);
  const auto info = asl::classify_resource(task.resource);
  WFSIM_ASSERT_MSG(info.has_value(), "the engine delivers only tasks of valid resources");
  a.pattern = pattern_of(*info);
  a.resource = task.resource;
  a.started = task.at;
  // Request-response calls and Lambda invocations cannot heartbeat; callbacks and .sync jobs can.
  a.can_heartbeat =
      task.kind == sfn::DispatchKind::callback || task.kind == sfn::DispatchKind::sync;
  // Of the deliveries, only a callback hands its worker a task token to report with.
  a.holds_token = task.kind == sfn::DispatchKind::callback;
  if (task.heartbeat_seconds) {
    a.heartbeat_timeout = Duration::saturating_seconds(*task.heartbeat_seconds);
  }
  const int64_t timeout =
      task.timeout_seconds.value_or(config_.sfn_options.default_task_timeout_seconds);
  a.deadline = a.heartbeat_timeout.value_or(Duration::saturating_seconds(timeout));
  begin_attempt(w, std::move(a));
}

void SfnWorld::code_heartbeat(Worker& w) {
  const Attempt& a = *w.attempt;
  Request r;
  r.api = ApiCall::SendTaskHeartbeat;
  r.token = a.token;
  r.scheduled_event_id = a.scheduled_event_id;
  send(w, std::move(r));
}

void SfnWorld::work_done(Worker& w) {
  Attempt& a = *w.attempt;
  const AttemptBehaviour& b = *a.behaviour;
  WFSIM_ASSERT(a.service_failure || b.kind == AttemptBehaviour::Kind::return_value ||
               b.kind == AttemptBehaviour::Kind::throw_error);
  WFSIM_ASSERT_MSG(!a.service_failure || integration(
                                             static_cast<sfn::DispatchKind>(a.dispatch_kind)),
                   "only a called service answers with a service failure");
  stop_working(w);
  Request r;
  r.token = a.token;
  r.scheduled_event_id = a.scheduled_event_id;
  r.success = !a.service_failure && b.kind == AttemptBehaviour::Kind::return_value;
  if (integration(static_cast<sfn::DispatchKind>(a.dispatch_kind))) {
    r.api = ApiCall::CompleteIntegration;
  } else {
    r.api = r.success ? ApiCall::SendTaskSuccess : ApiCall::SendTaskFailure;
  }
  if (a.service_failure) {
    r.error = a.service_failure->error;
    r.cause = a.service_failure->cause;
    count(a.service_failure->cause_kind == FaultKind::job_failure ? Probe::job_failed
                                                                   : Probe::service_failed);
  } else if (r.success) {
    r.value = b.value;
  } else {
    r.error = b.error;
    r.cause = b.cause;
  }
  a.report = std::move(r);
  send_report(w);
}

void SfnWorld::late_report(Worker& w) { work_done(w); }

void SfnWorld::send_report(Worker& w) {
  Attempt& a = *w.attempt;
  WFSIM_ASSERT(a.report.has_value());
  if (++a.report_sends > 1) count(Probe::completion_retried);
  send(w, *a.report);
}

void SfnWorld::no_answer(Worker& w, Category category) {
  WFSIM_ASSERT(category == Category::completion);
  // The SDK retries a call that timed out; after the last try the worker gives the task up.
  if (w.attempt->report_sends < kMaxReportSends) {
    send_report(w);
  } else {
    note("gaveUp", w.attempt->token.substr(0, 16));
    end_attempt(w);
  }
}

void SfnWorld::arrive(const Message& m) {
  Worker& w = worker(m.worker);
  const Request& r = m.request;
  CallRecord& record = log_worker_call(w, r, m.sent);
  sfn::ApiAnswer answer;
  switch (r.api) {
    case ApiCall::SendTaskHeartbeat:
      answer = engine_.send_task_heartbeat(now(), r.token);
      break;
    case ApiCall::SendTaskSuccess:
      answer = engine_.send_task_success(now(), r.token, to_compact_text(r.value));
      break;
    case ApiCall::SendTaskFailure:
      answer = engine_.send_task_failure(now(), r.token, r.error, r.cause);
      break;
    case ApiCall::CompleteIntegration:
      answer = engine_.complete_integration(
          now(), r.token,
          r.success ? sfn::IntegrationResult::success(r.value)
                    : sfn::IntegrationResult::failure(r.error, r.cause));
      break;
    default:
      WFSIM_UNREACHABLE("not a Step Functions call");
  }
  record.response = answer.response;
  record.error = answer.error;
  record.answer_lost = m.arrival == Arrival::answer_lost;
  if (m.arrival == Arrival::duplicate) count(Probe::duplicate_delivered);
  probe_answer(r, answer);
  if (m.arrival == Arrival::normal && m.generation == w.generation && w.attempt) {
    apply_answer(w, r, answer);
  }
  flush();
}

void SfnWorld::probe_answer(const Request& r, const sfn::ApiAnswer& answer) {
  if (r.api == ApiCall::SendTaskHeartbeat) {
    if (answer.ok()) {
      const auto id = static_cast<size_t>(r.scheduled_event_id);
      if (id >= accepted_heartbeats_.size()) accepted_heartbeats_.resize(id + 1);
      ++accepted_heartbeats_[id];
    } else if (task_gone(answer)) {
      count(Probe::late_heartbeat_rejected);
    }
    return;
  }
  if (answer.ok()) {
    completed_tokens_.insert(r.token);
  } else if (answer.error->code == "TaskTimedOut") {
    count(completed_tokens_.count(r.token) != 0 ? Probe::duplicate_completion_rejected
                                                : Probe::late_completion_rejected);
  }
}

void SfnWorld::apply_answer(Worker& w, const Request& r, const sfn::ApiAnswer& answer) {
  if (r.api == ApiCall::SendTaskHeartbeat) {
    // An SDK worker stops working on a task whose heartbeat says it is gone; one holding its
    // token on purpose (token_expiry) carries on and reports late.
    if (task_gone(answer) && !w.attempt->token_expiry) {
      note("abandoned", "heartbeat rejected");
      end_attempt(w);
    }
    return;
  }
  // Whatever the answer to a report (accepted, or rejected because the task closed), the
  // attempt is over for the worker.
  end_attempt(w);
}

}  // namespace wfsim::world::detail
