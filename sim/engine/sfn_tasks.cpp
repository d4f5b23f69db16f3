// Step Functions engine: Task attempts. Scheduling (with a fresh token per attempt, SFN-1.3b),
// starting, delivering to the host, the TimeoutSeconds and HeartbeatSeconds clocks (both from the
// Started event, SFN-1.1e; a heartbeat resets only its own clock, SFN-1.1f), recording outcomes,
// and turning a recorded outcome into the state's exit or error handling.
#include "asl/data_flow.h"
#include "engine/sfn_core.h"
#include "engine/sfn_query.h"
#include "engine/token.h"

namespace wfsim::sfn {
namespace {

constexpr uint32_t kSfnTokenTag = 0x53464e31;  // "SFN1"
constexpr int64_t kMaxTaskSeconds = 99'999'999;

DispatchKind dispatch_kind(asl::TaskKind kind) {
  switch (kind) {
    case asl::TaskKind::activity: return DispatchKind::activity;
    case asl::TaskKind::lambda_legacy: return DispatchKind::lambda;
    case asl::TaskKind::request_response: return DispatchKind::request_response;
    case asl::TaskKind::callback: return DispatchKind::callback;
    case asl::TaskKind::sync: return DispatchKind::sync;
  }
  WFSIM_UNREACHABLE("task kind");
}

EventType outcome_type(asl::TaskKind kind, int outcome) {  // 0 succeeded, 1 failed, 2 timed out
  static constexpr EventType kActivity[] = {EventType::ActivitySucceeded, EventType::ActivityFailed,
                                            EventType::ActivityTimedOut};
  static constexpr EventType kLambda[] = {EventType::LambdaFunctionSucceeded,
                                          EventType::LambdaFunctionFailed,
                                          EventType::LambdaFunctionTimedOut};
  static constexpr EventType kTask[] = {EventType::TaskSucceeded, EventType::TaskFailed,
                                        EventType::TaskTimedOut};
  if (kind == asl::TaskKind::activity) return kActivity[outcome];
  if (kind == asl::TaskKind::lambda_legacy) return kLambda[outcome];
  return kTask[outcome];
}

// An API Gateway call whose Headers are not an object of arrays of strings is refused before
// TaskScheduled (REC-6), in AWS's words; nullopt when the parameters can start the task.
std::optional<asl::StateError> refused_parameters(const asl::TaskSpec& task, const Json& payload) {
  if (task.resource_type != "apigateway" || !payload.is_object()) return std::nullopt;
  const auto headers = payload.find("Headers");
  if (headers == payload.end()) return std::nullopt;
  bool valid = headers->is_object();
  for (const Json& value : valid ? *headers : Json::object()) valid = valid && value.is_array();
  if (valid) return std::nullopt;
  return asl::StateError{asl::errors::kRuntime,
                         "The Parameters '" + to_compact_text(payload) +
                             "' could not be used to start the Task: [The value of the field "
                             "'Headers' has an invalid format]"};
}

}  // namespace

Advance Engine::State::run_task(Thread& t, const asl::State&) { return schedule_attempt(t.self); }

std::optional<asl::StateError> Engine::State::resolve_timeouts(Thread& t, const asl::State& s,
                                                               Attempt& a) {
  const asl::TaskSpec& task = *s.task;
  std::optional<Json> selected;  // The InputPath result, computed only if a *Path field needs it.
  auto resolve = [&](const asl::SecondsField& field) -> asl::Outcome<std::optional<int64_t>> {
    if (field.query) {  // JSONata: resolved before scheduling (JSONATA-1.10).
      auto value = query(t, *field.query, ExpectedType::task_seconds, nullptr, nullptr);
      if (auto* failure = std::get_if<QueryFailure>(&value)) {
        Failure raised = query_failed(t, s, *failure);
        return asl::StateError{*raised.error, *raised.cause};
      }
      return std::optional<int64_t>(std::get<Json>(value).get<int64_t>());
    }
    if (field.seconds || !field.path) return field.seconds;
    if (!selected) {
      auto in = asl::apply_io_path(s.input_path, *t.visit.input, variables_of(t));
      selected = in.ok() ? std::move(in).value() : Json();
    }
    const Json* value = asl::find_value(*field.path, *selected, variables_of(t));
    if (value == nullptr) {  // REC-1.5: Jayway's words, as for InputPath.
      return asl::StateError{asl::errors::kRuntime, "Invalid path '" + field.path->text() +
                                                        "' : " +
                                                        field.path->no_results_detail(*selected)};
    }
    if (!value->is_number_integer() || value->get<int64_t>() <= 0 ||
        value->get<int64_t>() > kMaxTaskSeconds) {
      return asl::StateError{asl::errors::kRuntime,
                             "The path '" + field.path->text() + "' of state '" + s.name +
                                 "' must point to a positive integer no greater than 99999999"};
    }
    return std::optional<int64_t>(value->get<int64_t>());
  };
  auto timeout = resolve(task.timeout);
  if (!timeout.ok()) return timeout.error();
  auto heartbeat = resolve(task.heartbeat);
  if (!heartbeat.ok()) return heartbeat.error();
  a.timeout_explicit = timeout.value().has_value();
  a.timeout_seconds = timeout.value().value_or(options.default_task_timeout_seconds);
  a.heartbeat_seconds = heartbeat.value();
  if (a.heartbeat_seconds && *a.heartbeat_seconds >= a.timeout_seconds) {
    return asl::StateError{asl::errors::kRuntime,
                           "HeartbeatSeconds (" + std::to_string(*a.heartbeat_seconds) +
                               ") must be smaller than TimeoutSeconds (" +
                               std::to_string(a.timeout_seconds) + ") in state '" + s.name + "'"};
  }
  return std::nullopt;
}

Advance Engine::State::schedule_attempt(Id tid) {
  Thread& t = thread(tid);
  Execution& e = execution_of(t);
  const asl::State& s = state_of(t);
  const asl::TaskSpec& task = *s.task;
  const Id previous = t.visit.attempt;
  const Id aid = new_attempt();
  Attempt& a = attempts[aid];
  if (options.mutants.has(Mutant::token_reused_across_attempts) && previous != kNone) {
    a.secret = attempts[previous].secret;
    a.token = attempts[previous].token;
    attempts[previous].successor = aid;
  } else {
    a.secret = e.random.next_u64();
    a.token = encode_token({kSfnTokenTag, (uint64_t{a.generation} << 32) | aid, a.secret});
  }
  // Callbacks and .sync jobs both expose $$.Task.Token (REC-5: a .sync task may hand its token
  // to someone who answers with SendTask*).
  const bool has_token = task.kind == asl::TaskKind::callback || task.kind == asl::TaskKind::sync;
  auto payload = s.query_language == asl::QueryLanguage::jsonata
                     ? jsonata_arguments(t, s, has_token ? &a.token : nullptr)
                     : effective_input(t, s, task.parameters ? &*task.parameters : nullptr,
                                       has_token ? &a.token : nullptr);
  std::optional<asl::StateError> problem;
  if (!payload.ok()) problem = payload.error();
  if (!problem) problem = refused_parameters(task, *payload.value());
  if (!problem) problem = resolve_timeouts(t, s, a);
  if (problem) {
    a.status = AttemptStatus::closed;
    free_attempts.push_back(aid);
    // A JSONata evaluation failure is an ordinary state error: Retry and Catch see it
    // (JSONATA-5.6); the JSONPath payload failures end the execution as before.
    if (problem->error == asl::errors::kQueryEvaluationError) {
      return handle_error(tid, Failure::of(*problem));
    }
    return Advance::fail(Failure::of(*problem));
  }
  a.execution = t.execution;
  a.thread = tid;
  a.thread_epoch = t.epoch;
  a.state = &s;
  a.scheduled_at = now;
  a.payload = std::move(payload).value();
  if (t.invocations.size() < t.machine->states.size()) {
    t.invocations.resize(t.machine->states.size());
  }
  a.invocation = t.invocations[static_cast<size_t>(t.visit.state)]++;
  t.visit.attempt = aid;
  e.attempts.push_back(aid);
  emit_scheduled(t, task, a);
  if (!e.running()) return Advance::blocked();

  if (options.mutants.has(Mutant::heartbeat_clock_from_scheduled) && a.heartbeat_seconds) {
    a.heartbeat_timer = arm(TimerKind::heartbeat_timeout, aid, a.generation,
                            now + Duration::seconds(*a.heartbeat_seconds));
  }
  if (task.kind != asl::TaskKind::activity) {
    enqueue(StepKind::start_attempt, aid, a.generation);
    return Advance::blocked();
  }
  if (options.activity_timeout_from_scheduled) {
    a.timeout_timer = arm(TimerKind::task_timeout, aid, a.generation,
                          saturating_add(now, Duration::seconds(a.timeout_seconds)));
  }
  activity_queues[task.resource].push_back({aid, a.generation});
  TaskDispatch d;
  d.kind = DispatchKind::activity;
  d.execution_arn = e.arn;
  d.state_name = s.name;
  d.resource = task.resource;
  d.payload = a.payload;
  d.scheduled_event_id = a.scheduled_event_id;
  d.invocation = a.invocation;
  d.timeout_seconds = a.timeout_seconds;
  d.heartbeat_seconds = a.heartbeat_seconds;
  map_item_of(thread(a.thread), d);
  dispatch(d);
  return Advance::blocked();
}

void Engine::State::emit_scheduled(Thread& t, const asl::TaskSpec& task, Attempt& a) {
  EventType type = EventType::TaskScheduled;
  if (task.kind == asl::TaskKind::activity) type = EventType::ActivityScheduled;
  if (task.kind == asl::TaskKind::lambda_legacy) type = EventType::LambdaFunctionScheduled;
  HistoryEvent& event = emit(t, type);
  event.input = a.payload;
  if (a.timeout_explicit) event.timeout_seconds = a.timeout_seconds;
  if (type != EventType::LambdaFunctionScheduled) event.heartbeat_seconds = a.heartbeat_seconds;
  if (type == EventType::TaskScheduled) {
    event.resource_type = task.resource_type;
    event.resource = task.resource_name;
    event.region = task.region.empty() ? std::string_view(history_names->region)
                                       : std::string_view(task.region);
  } else {
    event.resource = task.resource;
  }
  a.scheduled_event_id = event.id;
}

void Engine::State::start_attempt(Id aid) {
  Attempt& a = attempts[aid];
  Thread& t = thread(a.thread);
  Execution& e = execution_of(t);
  const asl::TaskSpec& task = *a.state->task;
  WFSIM_ASSERT(a.status == AttemptStatus::scheduled);
  a.status = AttemptStatus::started;
  a.started_at = now;
  if (task.kind == asl::TaskKind::activity) {
    HistoryEvent& started = emit(t, EventType::ActivityStarted);
    (void)started;  // The caller fills in workerName.
  } else if (task.kind == asl::TaskKind::lambda_legacy) {
    emit(t, EventType::LambdaFunctionStarted);
  } else {
    HistoryEvent& started = emit(t, EventType::TaskStarted);
    started.resource_type = task.resource_type;
    started.resource = task.resource_name;
  }
  if (!e.running()) return;  // The event limit fell on the Started event.
  if (a.timeout_timer == kNone) {
    a.timeout_timer = arm(TimerKind::task_timeout, aid, a.generation,
                          saturating_add(now, Duration::seconds(a.timeout_seconds)));
  }
  if (a.heartbeat_seconds && a.heartbeat_timer == kNone) {
    a.heartbeat_timer = arm(TimerKind::heartbeat_timeout, aid, a.generation,
                            now + Duration::seconds(*a.heartbeat_seconds));
  }
  if (task.kind == asl::TaskKind::activity) return;
  if (task.kind == asl::TaskKind::callback || task.kind == asl::TaskKind::sync) {
    HistoryEvent& submitted = emit(t, EventType::TaskSubmitted);
    submitted.resource_type = task.resource_type;
    submitted.resource = task.resource_name;
    submitted.output = make_document(Json::object());
  }
  if (!e.running()) return;
  TaskDispatch d;
  d.kind = dispatch_kind(task.kind);
  d.execution_arn = e.arn;
  d.state_name = a.state->name;
  d.resource = task.resource;
  d.token = a.token;
  d.payload = a.payload;
  d.scheduled_event_id = a.scheduled_event_id;
  d.invocation = a.invocation;
  d.timeout_seconds = a.timeout_seconds;
  d.heartbeat_seconds = a.heartbeat_seconds;
  map_item_of(thread(a.thread), d);
  dispatch(d);
}

void Engine::State::map_item_of(const Thread& t, TaskDispatch& d) const {
  // Up through Parallel branches to the nearest Map iteration.
  for (const Thread* child = &t; child->parent_block != kNone;) {
    const Block& block = blocks[child->parent_block];
    if (block.is_map) {
      if (!block.items || !block.items->is_array()) return;
      WFSIM_ASSERT(child->child_index < block.items->size());
      d.map_item_index = child->child_index;
      d.map_items = block.items;
      return;
    }
    child = &threads[block.owner];
  }
  // A Distributed Map's child execution: its (first) item in the Map Run, so hosts answer per
  // item as they do for inline iterations.
  const Execution& e = executions[t.execution];
  if (e.map_run == kNone) return;
  const MapRun& run = map_runs[e.map_run];
  if (!run.items_read || e.map_run_child >= run.children.size()) return;
  d.map_item_index = run.children[e.map_run_child].first_item;
  d.map_items = run.items_read;
}

void Engine::State::close_attempt(Attempt& a) {
  a.status = AttemptStatus::closed;
  disarm(a.timeout_timer);
  disarm(a.heartbeat_timer);
}

void Engine::State::record_success(Attempt& a, Json output) {
  Thread& t = thread(a.thread);
  const asl::TaskSpec& task = *a.state->task;
  Document result = make_document(std::move(output));
  HistoryEvent& event = emit(t, outcome_type(task.kind, 0));
  event.output = result;
  if (event.type == EventType::TaskSucceeded) {
    event.resource_type = task.resource_type;
    event.resource = task.resource_name;
  }
  close_attempt(a);
  t.visit.pending_result = std::move(result);
  t.visit.pending_failure.reset();
  enqueue(StepKind::handle_outcome, a.thread, t.epoch);
}

void Engine::State::record_failure(Attempt& a, Failure failure, bool timed_out) {
  Thread& t = thread(a.thread);
  const asl::TaskSpec& task = *a.state->task;
  HistoryEvent& event = emit(t, outcome_type(task.kind, timed_out ? 2 : 1));
  event.error = failure.error;
  if (!(timed_out && failure.cause && failure.cause->empty())) event.cause = failure.cause;
  if (event.type == EventType::TaskFailed || event.type == EventType::TaskTimedOut) {
    event.resource_type = task.resource_type;
    event.resource = task.resource_name;
  }
  close_attempt(a);
  t.visit.pending_result = nullptr;
  t.visit.pending_failure = std::move(failure);
  enqueue(StepKind::handle_outcome, a.thread, t.epoch);
}

void Engine::State::on_attempt_timeout(Id aid, bool heartbeat) {
  Attempt& a = attempts[aid];
  if (a.status == AttemptStatus::closed || !executions[a.execution].running()) return;
  record_failure(a, Failure{asl::errors::kTimeout, std::string(), heartbeat}, true);
}

void Engine::State::handle_outcome(Id tid) {
  Thread& t = thread(tid);
  const asl::State& s = state_of(t);
  if (!t.visit.pending_result) {
    WFSIM_ASSERT(t.visit.pending_failure.has_value());
    Failure failure = std::move(*t.visit.pending_failure);
    t.visit.pending_failure.reset();
    proceed(tid, handle_error(tid, std::move(failure)));
    return;
  }
  Document result = std::move(t.visit.pending_result);
  t.visit.pending_result = nullptr;
  proceed(tid, exit_with_result(t, s, std::move(result), EventType::TaskStateExited));
}

const Attempt* Engine::State::attempt_for_token(std::string_view token,
                                                ApiAnswer& rejection) const {
  const auto parts = decode_token(token);
  const uint64_t slot = parts ? (parts->attempt & 0xffffffffULL) : 0;
  if (!parts || parts->engine_tag != kSfnTokenTag || slot >= attempts.size() ||
      (attempts[slot].generation == (parts->attempt >> 32) &&
       attempts[slot].secret != parts->secret)) {
    rejection = ApiAnswer::failure("InvalidToken", "Invalid Token: 'Invalid token'");
    return nullptr;
  }
  const Attempt& a = attempts[slot];
  if (a.generation != (parts->attempt >> 32)) {
    // The attempt's slot was reused: its execution was released long after the attempt closed.
    rejection = ApiAnswer::failure("TaskTimedOut",
                                   "Task Timed Out: 'Provided task does not exist anymore'");
    return nullptr;
  }
  return &a;
}

Attempt* Engine::State::open_attempt_for_token(std::string_view token, ApiAnswer& rejection) {
  const Attempt* found = attempt_for_token(token, rejection);
  if (found == nullptr) return nullptr;
  auto* a = const_cast<Attempt*>(found);  // This is the non-const twin of attempt_for_token.
  while (a->status == AttemptStatus::closed && a->successor != kNone) a = &attempts[a->successor];
  if (a->status == AttemptStatus::scheduled && a->state->task->kind == asl::TaskKind::activity) {
    // An activity token exists only once GetActivityTask handed it out.
    rejection = ApiAnswer::failure("InvalidToken", "Invalid Token: 'Invalid token'");
    return nullptr;
  }
  if (a->status == AttemptStatus::closed) {
    rejection = ApiAnswer::failure("TaskTimedOut",
                                   "Task Timed Out: 'Provided task does not exist anymore'");
    return nullptr;
  }
  return a;
}

}  // namespace wfsim::sfn
