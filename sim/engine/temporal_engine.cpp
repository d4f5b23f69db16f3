// The Temporal engine's API entry points, tokens, timer slots and observation; see
// temporal_engine.h. The activity state machine is in temporal_activity.cpp, step progression
// and workflow close in temporal_workflow.cpp.
#include "engine/temporal_engine.h"

#include "core/assert.h"
#include "engine/temporal_state.h"

namespace wfsim::temporal {

// --- Timers and tokens -----------------------------------------------------------------------

TimerSlot Engine::State::new_timer(TimerKind kind, uint32_t owner) {
  const auto slot = static_cast<TimerSlot>(timers.size());
  WFSIM_ASSERT(static_cast<size_t>(slot) == timers.size());  // Dense slots never wrap.
  timers.push_back(TimerState{kind, owner, std::nullopt, 0});
  return slot;
}

void Engine::State::arm(TimerSlot slot, Instant at, int32_t attempt) {
  WFSIM_ASSERT(slot < timers.size());
  timers[slot].deadline = at;
  timers[slot].attempt = attempt;
  host.arm_timer(slot, at);
}

void Engine::State::disarm(TimerSlot slot) {
  WFSIM_ASSERT(slot < timers.size());
  if (!timers[slot].deadline) return;
  timers[slot].deadline.reset();
  host.cancel_timer(slot);
}

TimerSlot Engine::State::slot_of(const ActivityRun& activity, TimerKind kind) const {
  WFSIM_ASSERT(kind != TimerKind::run_timeout);
  const TimerSlot slot = activity.first_slot + static_cast<TimerSlot>(kind);
  WFSIM_ASSERT(timers[slot].kind == kind);
  return slot;
}

std::string Engine::State::token_text(size_t token_index) const {
  WFSIM_ASSERT(token_index < tokens.size());
  return encode_token(TokenParts{kTokenEngineTag, token_index, tokens[token_index].secret});
}

std::variant<uint32_t, ApiError> Engine::State::resolve_token(std::string_view token) const {
  const auto parts = decode_token(token);
  if (!parts || parts->engine_tag != kTokenEngineTag) {
    return ApiError{"InvalidArgument", "Error deserializing task token."};
  }
  const ApiError not_found{"NotFound", std::string(kActivityNotFoundMessage)};
  if (parts->attempt >= tokens.size()) return not_found;  // Never issued.
  const IssuedToken& issued = tokens[parts->attempt];
  if (issued.secret != parts->secret) return not_found;
  const ActivityRun& activity = activities[issued.activity];
  if (workflows[activity.workflow].status != WorkflowStatus::running) {
    return ApiError{"NotFound", std::string(kWorkflowCompletedMessage)};
  }
  // TMP-4.1: only the current attempt, while started, is found.
  if (activity.phase != ActivityPhase::started || activity.attempt != issued.attempt ||
      activity.token_index != parts->attempt) {
    return not_found;
  }
  return issued.activity;
}

// --- Engine ----------------------------------------------------------------------------------

Engine::Engine(Host& host, Random random, EngineOptions options)
    : state_(std::make_unique<State>(host, std::move(random), std::move(options))) {}

Engine::~Engine() = default;

const EngineOptions& Engine::options() const { return state_->options; }

Reply<StartWorkflowResponse> Engine::start_workflow(Instant now,
                                                    std::shared_ptr<const WorkflowSpec> spec,
                                                    const std::string& workflow_id,
                                                    const Json& input) {
  return state_->start_workflow(now, std::move(spec), workflow_id, input);
}

Reply<PollActivityTaskResponse> Engine::poll_activity_task(Instant now,
                                                           std::string_view task_queue,
                                                           std::string_view identity) {
  const auto queue = state_->queues.find(task_queue);
  if (queue == state_->queues.end() || queue->second.empty()) {
    return Reply<PollActivityTaskResponse>::success({});
  }
  const uint32_t activity = queue->second.begin()->second;
  return Reply<PollActivityTaskResponse>::success(
      {state_->start_attempt(activity, now, identity)});
}

Reply<HeartbeatResponse> Engine::record_activity_heartbeat(Instant now, std::string_view token,
                                                           Payloads details) {
  const auto resolved = state_->resolve_token(token);
  if (const auto* error = std::get_if<ApiError>(&resolved)) {
    return Reply<HeartbeatResponse>::failure(error->code, error->message);
  }
  const uint32_t activity = std::get<uint32_t>(resolved);
  state_->record_heartbeat(activity, now, std::move(details));
  return Reply<HeartbeatResponse>::success({state_->activities[activity].cancel_requested});
}

Reply<Empty> Engine::respond_activity_completed(Instant now, std::string_view token,
                                                Payloads result) {
  const auto resolved = state_->resolve_token(token);
  if (const auto* error = std::get_if<ApiError>(&resolved)) {
    return Reply<Empty>::failure(error->code, error->message);
  }
  state_->complete(std::get<uint32_t>(resolved), now, std::move(result));
  return Reply<Empty>::success({});
}

Reply<Empty> Engine::respond_activity_failed(Instant now, std::string_view token,
                                             const ApplicationFailure& failure) {
  const auto resolved = state_->resolve_token(token);
  if (const auto* error = std::get_if<ApiError>(&resolved)) {
    return Reply<Empty>::failure(error->code, error->message);
  }
  state_->attempt_failed(std::get<uint32_t>(resolved), now,
                         Failure::application(failure.type, failure.message,
                                              failure.non_retryable, failure.details,
                                              failure.next_retry_delay));
  return Reply<Empty>::success({});
}

Reply<Empty> Engine::respond_activity_canceled(Instant now, std::string_view token,
                                               Payloads details) {
  const auto resolved = state_->resolve_token(token);
  if (const auto* error = std::get_if<ApiError>(&resolved)) {
    return Reply<Empty>::failure(error->code, error->message);
  }
  state_->close_canceled(std::get<uint32_t>(resolved), now, std::move(details));
  return Reply<Empty>::success({});
}

Reply<RequestCancelResponse> Engine::request_cancel_activity(Instant now,
                                                             std::string_view workflow_id,
                                                             std::string_view activity) {
  using R = Reply<RequestCancelResponse>;
  const auto found = state_->workflow_index.find(workflow_id);
  if (found == state_->workflow_index.end()) {
    return R::failure("NotFound", "workflow not found for ID: " + std::string(workflow_id));
  }
  const WorkflowRun& workflow = state_->workflows[found->second];
  if (workflow.status != WorkflowStatus::running) {
    return R::failure("NotFound", std::string(kWorkflowCompletedMessage));
  }
  bool id_known = false;
  for (const uint32_t a : workflow.activities) {
    id_known = id_known || state_->activities[a].step->activity_id == activity;
  }
  std::vector<uint32_t> targets;
  for (const uint32_t a : workflow.activities) {
    const ActivityRun& run = state_->activities[a];
    const bool matches = id_known ? run.step->activity_id == activity
                                  : run.step->activity_type == activity;
    if (matches && run.phase != ActivityPhase::closed && !run.cancel_requested) {
      targets.push_back(a);
    }
  }
  if (targets.empty()) {
    return R::failure("NotFound", "no open activity \"" + std::string(activity) +
                                      "\" without a pending cancel request in workflow " +
                                      std::string(workflow_id));
  }
  RequestCancelResponse response;
  for (const uint32_t a : targets) {
    response.cancel_requested.push_back(state_->activities[a].step->activity_id);
    if (state_->request_cancel(a, now)) {
      response.canceled_immediately.push_back(state_->activities[a].step->activity_id);
    }
  }
  return R::success(std::move(response));
}

Reply<WorkflowDescription> Engine::describe_workflow(Instant /*now*/,
                                                     std::string_view workflow_id) const {
  const auto found = state_->workflow_index.find(workflow_id);
  if (found == state_->workflow_index.end()) {
    return Reply<WorkflowDescription>::failure(
        "NotFound", "workflow not found for ID: " + std::string(workflow_id));
  }
  return Reply<WorkflowDescription>::success(
      state_->describe(state_->workflows[found->second]));
}

void Engine::on_timer(Instant now, TimerSlot slot) {
  WFSIM_ASSERT(slot < state_->timers.size());
  TimerState& timer = state_->timers[slot];
  // A fire for a slot with nothing pending (cancelled, or already fired) or before its deadline
  // (re-armed later) is stale.
  if (!timer.deadline || now < *timer.deadline) return;
  timer.deadline.reset();
  const TimerState fired = timer;
  if (fired.kind == TimerKind::run_timeout) {
    state_->time_out_workflow(fired.owner, now);
    return;
  }
  state_->on_activity_timer(fired.owner, fired, now);
}

const History* Engine::history(std::string_view workflow_id) const {
  const auto found = state_->workflow_index.find(workflow_id);
  if (found == state_->workflow_index.end()) return nullptr;
  return &state_->workflows[found->second].history;
}

std::optional<WorkflowStatus> Engine::status(std::string_view workflow_id) const {
  const auto found = state_->workflow_index.find(workflow_id);
  if (found == state_->workflow_index.end()) return std::nullopt;
  return state_->workflows[found->second].status;
}

std::optional<TaskInfo> Engine::task_info(std::string_view token) const {
  const auto parts = decode_token(token);
  if (!parts || parts->engine_tag != kTokenEngineTag || parts->attempt >= state_->tokens.size()) {
    return std::nullopt;
  }
  const IssuedToken& issued = state_->tokens[parts->attempt];
  if (issued.secret != parts->secret) return std::nullopt;
  const ActivityRun& activity = state_->activities[issued.activity];
  TaskInfo info;
  info.workflow_id = state_->workflows[activity.workflow].workflow_id;
  info.activity_id = activity.step->activity_id;
  info.activity_type = activity.step->activity_type;
  info.attempt = issued.attempt;
  info.scheduled_event_id = activity.scheduled_event_id;
  info.current = std::holds_alternative<uint32_t>(state_->resolve_token(token));
  return info;
}

std::vector<std::string> Engine::workflow_ids() const {
  std::vector<std::string> ids;
  for (const WorkflowRun& workflow : state_->workflows) ids.push_back(workflow.workflow_id);
  return ids;
}

size_t Engine::running_workflows() const {
  size_t running = 0;
  for (const WorkflowRun& workflow : state_->workflows) {
    running += workflow.status == WorkflowStatus::running ? 1 : 0;
  }
  return running;
}

}  // namespace wfsim::temporal
