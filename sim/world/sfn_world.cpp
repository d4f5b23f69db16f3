// The Step Functions world: engine host, pool setup, routing of deliveries, the execution start
// and the scenario's actions, and the result. Worker calls are in sfn_workers.cpp. See
// sfn_world.h.
#include "world/sfn_world.h"

#include <algorithm>
#include <map>
#include <set>

#include "asl/definition.h"

namespace wfsim::world::detail {
namespace {

// The state machine name for StartExecution: the scenario's name with the characters Step
// Functions does not allow in names replaced (docs/design.md leaves scenario names free).
std::string machine_name(const std::string& scenario) {
  std::string name;
  for (const char ch : scenario) {
    const auto c = static_cast<unsigned char>(ch);
    constexpr std::string_view kForbidden = "<>{}[]?*\"#%\\^|~`$&,;:/";
    const bool bad = c <= 0x20 || c >= 0x7f || kForbidden.find(ch) != std::string_view::npos;
    name += bad ? '-' : ch;
    if (name.size() == 80) break;
  }
  return name.empty() ? "wfsim" : name;
}

bool is_activity_arn(const std::string& resource) {
  const auto info = asl::classify_resource(resource);
  return info && info->kind == asl::TaskKind::activity;
}

}  // namespace

SfnWorld::SfnWorld(const WorldConfig& config, const RunOptions& options, RunResult& result)
    : WorldCore(config, options, result),
      s3_latency_(root_.fork("s3")),
      engine_(*this, root_.fork("engine"), config.sfn_options),
      state_machine_name_(machine_name(config.name)) {
  WFSIM_ASSERT_MSG(config.definition != nullptr, "a step-functions WorldConfig needs a definition");
  result_.dialect = Dialect::step_functions;
  if (config.s3_objects) s3_store_ = *config.s3_objects;
  setup_pools();
}

void SfnWorld::setup_pools() {
  const std::vector<const asl::State*> states = config_.definition->all_states();
  for (const ResourceConfig& rc : config_.resources) {
    std::string activity;
    const auto state = std::find_if(states.begin(), states.end(),
                                    [&](const asl::State* s) { return s->name == rc.key; });
    if (state != states.end()) {
      if ((*state)->task && (*state)->task->kind == asl::TaskKind::activity) {
        activity = (*state)->task->resource;
      }
    } else if (is_activity_arn(rc.key)) {
      activity = rc.key;
    }
    const bool polls = !activity.empty();
    const uint32_t index =
        add_pool(rc, rc.key, patterns_of_key(*config_.definition, rc.key), polls, activity);
    pool_by_key_.emplace(rc.key, index);
    if (polls) pollers_by_arn_[activity].push_back(index);
  }
  queues_.resize(pool_count());
}

// --- Host ------------------------------------------------------------------------------------

void SfnWorld::arm_timer(TimerSlot slot, Instant at) {
  if (slot >= engine_timers_.size()) engine_timers_.resize(slot + 1);
  scheduler_.cancel(engine_timers_[slot]);
  engine_timers_[slot] =
      scheduler_.at(std::max(at, now()), Event{EventKind::engine_timer, slot, 0});
}

void SfnWorld::cancel_timer(TimerSlot slot) {
  if (slot < engine_timers_.size()) scheduler_.cancel(engine_timers_[slot]);
}

void SfnWorld::dispatch(const sfn::TaskDispatch& task) {
  pending_.push_back(OwnedTask{task.kind, std::string(task.execution_arn),
                               std::string(task.state_name),
                               std::string(task.resource), task.token, task.payload,
                               task.scheduled_event_id, task.invocation, task.timeout_seconds,
                               task.heartbeat_seconds, now(), task.map_item_index,
                               task.map_items});
}

void SfnWorld::execution_closed(std::string_view execution_arn, sfn::ExecutionStatus status) {
  if (execution_arn != arn_) return;
  execution_closed_now(sfn::to_string(status));
}

// --- Routing ---------------------------------------------------------------------------------

void SfnWorld::flush() {
  while (!pending_.empty()) {
    std::vector<OwnedTask> batch;
    batch.swap(pending_);
    for (OwnedTask& task : batch) route(std::move(task));
  }
}

std::optional<uint32_t> SfnWorld::pool_for(std::string_view key) const {
  const auto it = pool_by_key_.find(key);
  if (it == pool_by_key_.end()) return std::nullopt;
  return it->second;
}

uint32_t SfnWorld::behaviour_pool(std::string_view state_name, std::string_view resource,
                                  uint32_t fallback) const {
  if (const auto by_state = pool_for(state_name)) return *by_state;
  if (const auto by_resource = pool_for(resource)) return *by_resource;
  return fallback;
}

uint32_t SfnWorld::poller_pool(const OwnedTask& task) {
  for (const std::string_view key : {std::string_view(task.state_name),
                                     std::string_view(task.resource)}) {
    const auto index = pool_for(key);
    if (index && pool(*index).polls && pool(*index).queue == task.resource) return *index;
  }
  if (const auto it = pollers_by_arn_.find(task.resource); it != pollers_by_arn_.end()) {
    return it->second.front();
  }
  const uint32_t index = add_default_pool(
      task.resource, PatternSet::of({Pattern::activity}), true, task.resource);
  pool_by_key_.emplace(task.resource, index);
  pollers_by_arn_[task.resource].push_back(index);
  queues_.resize(pool_count());
  return index;
}

uint32_t SfnWorld::responder_pool(const OwnedTask& task) {
  for (const std::string_view key : {std::string_view(task.state_name),
                                     std::string_view(task.resource)}) {
    const auto index = pool_for(key);
    if (index && !pool(*index).polls) return *index;
  }
  const uint32_t index = add_default_pool(
      task.resource, patterns_of_key(*config_.definition, task.resource), false, std::string());
  pool_by_key_.emplace(task.resource, index);
  queues_.resize(pool_count());
  return index;
}

void SfnWorld::route(OwnedTask task) {
  if (!task.token.empty()) routed_tokens_.push_back(task.token);  // Activities: at the poll.
  Json request = Json::object();
  request["kind"] = sfn::to_string(task.kind);
  request["executionArn"] = task.execution_arn;
  request["stateName"] = task.state_name;
  request["resource"] = task.resource;
  request["taskToken"] = task.token;
  request["scheduledEventId"] = task.scheduled_event_id;
  request["invocation"] = task.invocation;
  request["payload"] = task.payload ? *task.payload : Json();
  log_call("engine", ApiCall::DeliverTask, std::move(request)).response = Json::object();
  set_clocks(task.execution_arn, task.scheduled_event_id,
             Clocks{task.timeout_seconds, task.heartbeat_seconds, task.map_item_index,
                    task.map_items});
  if (task.kind == sfn::DispatchKind::activity) {
    announce(poller_pool(task));
    return;
  }
  count_attempt();  // Every other kind starts when it is delivered.
  const uint32_t index = responder_pool(task);
  queues_[index].push_back(std::move(task));
  announce(index);
}

void SfnWorld::set_clocks(const std::string& execution_arn, int64_t scheduled_event_id,
                          Clocks clocks) {
  if (execution_arn != arn_) {
    child_clocks_[{execution_arn, scheduled_event_id}] = std::move(clocks);
    return;
  }
  const auto id = static_cast<size_t>(scheduled_event_id);
  if (id >= clocks_.size()) clocks_.resize(id + 1);
  clocks_[id] = std::move(clocks);
}

SfnWorld::Clocks SfnWorld::clocks_of(const std::string& execution_arn,
                                     int64_t scheduled_event_id) const {
  if (execution_arn != arn_) {
    const auto it = child_clocks_.find({execution_arn, scheduled_event_id});
    return it == child_clocks_.end() ? Clocks{} : it->second;
  }
  const auto id = static_cast<size_t>(scheduled_event_id);
  return id < clocks_.size() ? clocks_[id] : Clocks{};
}

// --- Execution and actions ---------------------------------------------------------------------

void SfnWorld::log_scenario_call(ApiCall api, Json request,
                                 const sfn::ApiAnswer& answer) {
  CallRecord& record = log_call("scenario", api, std::move(request));
  record.response = answer.response;
  record.error = answer.error;
  if (!answer.ok()) {
    count(Probe::action_rejected);
    note("rejected", answer.error->code);
  }
}

void SfnWorld::start_execution() {
  const std::string name = "wfsim-run";
  const sfn::ApiAnswer answer = engine_.start_execution(now(), config_.definition,
                                                        state_machine_name_, name, config_.input);
  const sfn::EngineOptions& o = config_.sfn_options;
  Json request = Json{{"stateMachineArn", "arn:aws:states:" + o.region + ":" + o.account +
                                              ":stateMachine:" + state_machine_name_},
                      {"name", name},
                      {"input", to_compact_text(config_.input)}};
  log_scenario_call(ApiCall::StartExecution, std::move(request), answer);
  if (answer.ok()) {
    arn_ = answer.response->at("executionArn").get<std::string>();
    result_.execution = arn_;
    result_.final_status = "RUNNING";
    execution_opened();
  }
  flush();
}

void SfnWorld::perform_action(const ScenarioAction& action) {
  switch (action.call) {
    case ApiCall::RedriveExecution: {
      Json request = Json{{"executionArn", arn_}};
      if (action.client_token) request["clientToken"] = *action.client_token;
      const sfn::ApiAnswer answer = engine_.redrive_execution(now(), arn_, action.client_token);
      log_scenario_call(ApiCall::RedriveExecution, std::move(request), answer);
      if (answer.ok() && !execution_open() &&
          engine_.status(arn_) == sfn::ExecutionStatus::RUNNING) {
        redriven_ = true;
        result_.final_status = "RUNNING";
        execution_opened();
      }
      break;
    }
    case ApiCall::StopExecution: {
      Json request = Json{{"executionArn", arn_}};
      if (action.error) request["error"] = *action.error;
      if (action.cause) request["cause"] = *action.cause;
      const sfn::ApiAnswer answer =
          engine_.stop_execution(now(), arn_, action.error, action.cause);
      log_scenario_call(ApiCall::StopExecution, std::move(request), answer);
      break;
    }
    case ApiCall::RequestCancelActivity:
      // A Temporal call; scenario validation keeps it out of step-functions scenarios, and a
      // capsule edited by hand gets the service's answer to an unknown operation.
      log_scenario_call(ApiCall::RequestCancelActivity, Json{{"activity", action.activity}},
                        sfn::ApiAnswer::failure("UnknownOperationException",
                                                "RequestCancelActivity is not a Step Functions "
                                                "API"));
      break;
    default:
      WFSIM_UNREACHABLE("the scenario loader allows only RedriveExecution, StopExecution and "
                        "RequestCancelActivity as actions");
  }
  flush();
}

void SfnWorld::fire_engine_timer(TimerSlot slot) {
  engine_.on_timer(now(), slot);
  flush();
}

// --- Result ------------------------------------------------------------------------------------

void SfnWorld::finish(RunResult& result) {
  result.s3 = std::move(s3_store_);
  if (arn_.empty()) {
    result.final_status = "NOT_STARTED";  // StartExecution was refused (see the call log).
    return;
  }
  const History* history = engine_.history(arn_);
  WFSIM_ASSERT(history != nullptr);
  result.history = *history;
  const auto status = engine_.status(arn_);
  result.final_status = sfn::to_string(*status);
  if (redriven_ && status == sfn::ExecutionStatus::SUCCEEDED) count(Probe::redrive_succeeded);
  if (status == sfn::ExecutionStatus::TIMED_OUT) count(Probe::execution_timed_out);
  if (status == sfn::ExecutionStatus::ABORTED) count(Probe::execution_aborted);
  count_history_probes(*history);
  collect_map_runs(result);
  count_map_run_probes(result);
}

void SfnWorld::attempt_faulted(const Attempt& attempt) {
  if (auto info = engine_.task_info(attempt.token)) faulted_executions_.insert(info->execution_arn);
}

// map_run_redriven: a MapRunRedriven in the run's history; child_failed_by_fault: a Map Run
// child that failed or timed out after a worker crash or a lost completion hit one of its tasks.
void SfnWorld::count_map_run_probes(const RunResult& result) {
  for (const HistoryEvent& e : result.history.events) {
    if (e.type == EventType::MapRunRedriven) count(Probe::map_run_redriven);
  }
  for (const auto& [arn, history] : result.child_histories) {
    if (!faulted_executions_.contains(arn)) continue;
    for (const HistoryEvent& e : history.events) {
      if (e.type == EventType::ExecutionFailed || e.type == EventType::ExecutionTimedOut) {
        count(Probe::child_failed_by_fault);
        break;
      }
    }
  }
}

// Each Map Run as the engine records it (DescribeMapRun, its children with their item counts and
// starts, the counter log, the run's own record of each child; DMAP-11.1), and the histories of
// the children the engine kept: what `--map-runs` writes and the Map Run checks and the timeline
// read.
void SfnWorld::collect_map_runs(RunResult& result) const {
  for (const std::string& run_arn : engine_.map_run_arns()) {
    Json run = engine_.map_run_record(now(), run_arn);
    WFSIM_ASSERT(run.is_object());
    for (const Json& child : run.at("childExecutions")) {
      const std::string arn = child.at("executionArn").get<std::string>();
      if (arn.empty() || result.child_histories.contains(arn)) continue;
      if (const History* history = engine_.history(arn)) result.child_histories[arn] = *history;
    }
    result.map_runs.push_back(std::move(run));
  }
}

void SfnWorld::count_history_probes(const History& history) {
  const int64_t default_timeout = config_.sfn_options.default_task_timeout_seconds;
  for (const HistoryEvent& e : history.events) {
    if (e.previous_event_id <= 0) continue;
    const HistoryEvent& previous = history.at(e.previous_event_id);
    if (is_attempt_scheduled(e.type) && is_attempt_timed_out(previous.type)) {
      count(Probe::retry_after_timeout);
    }
    const bool failure_before = previous.type == EventType::TaskFailed ||
                                previous.type == EventType::ActivityFailed ||
                                previous.type == EventType::LambdaFunctionFailed ||
                                is_attempt_timed_out(previous.type) ||
                                previous.type == EventType::ParallelStateFailed ||
                                previous.type == EventType::MapStateFailed;
    if (is_state_exited(e.type) && failure_before) count(Probe::catch_taken);
    if (!is_attempt_timed_out(e.type)) continue;
    // Which clock closed it: the heartbeat clock if the attempt ran less than TimeoutSeconds.
    const HistoryEvent* started = &previous;
    if (started->type == EventType::TaskSubmitted) {
      started = &history.at(started->previous_event_id);
    }
    if (!is_attempt_started(started->type)) continue;
    const HistoryEvent& scheduled = history.at(started->previous_event_id);
    const int64_t timeout = scheduled.timeout_seconds.value_or(default_timeout);
    if (e.timestamp - started->timestamp < Duration::saturating_seconds(timeout)) {
      count(Probe::heartbeat_timeout);
    } else {
      const auto id = static_cast<size_t>(scheduled.id);
      if (id < accepted_heartbeats_.size() && accepted_heartbeats_[id] > 0) {
        count(Probe::task_timeout_despite_heartbeats);
      }
    }
  }
}

}  // namespace wfsim::world::detail

namespace wfsim::world::detail {

// The open attempts (each with its holder, or why none holds it, and what the engine waits for),
// then the states entered and not left that are not Tasks (a Wait, a Map waiting on iterations).
std::string SfnWorld::describe_stuck() const {
  std::vector<std::string> parts;
  std::set<std::string> open_tasks;
  for (const std::string& token : routed_tokens_) {
    const auto info = engine_.task_info(token);
    if (!info || !info->open) continue;
    open_tasks.insert(info->state_name);
    const auto resource = asl::classify_resource(info->resource);
    const bool holder = resource && (resource->kind == asl::TaskKind::activity ||
                                     resource->kind == asl::TaskKind::callback);
    const Clocks clocks = clocks_of(info->execution_arn, info->scheduled_event_id);
    std::string text = "'" + info->state_name + "' attempt " + std::to_string(info->invocation) +
                       (clocks.map_item_index
                            ? " of Map item " + std::to_string(*clocks.map_item_index)
                            : std::string()) +
                       " (" + info->resource + ") ";
    const std::string held = describe_holder(token);
    const std::string queued = describe_queue(info->state_name).empty()
                                   ? describe_queue(info->resource)
                                   : describe_queue(info->state_name);
    if (!held.empty()) {
      text += held;
    } else if (!queued.empty()) {
      text += "is " + queued;
    } else {
      text += "is held by no worker";
    }
    text += holder ? "; the engine waits for SendTaskSuccess or SendTaskFailure on its token"
                   : "; the engine waits for the service's answer";
    text += clocks.timeout_seconds
                ? " (TimeoutSeconds " + std::to_string(*clocks.timeout_seconds)
                : std::string(" (no TimeoutSeconds");
    if (holder) {
      text += clocks.heartbeat_seconds
                  ? ", HeartbeatSeconds " + std::to_string(*clocks.heartbeat_seconds)
                  : std::string(", no HeartbeatSeconds");
    }
    text += ")";
    parts.push_back(std::move(text));
  }
  if (const History* history = engine_.history(arn_)) {
    std::map<std::string, int64_t, std::less<>> open;  // Entered minus exited, by state name.
    for (const HistoryEvent& event : history->events) {
      const std::string_view type = to_string(event.type);
      if (type.ends_with("StateEntered")) ++open[std::string(event.name)];
      if (type.ends_with("StateExited")) --open[std::string(event.name)];
    }
    for (const auto& [name, count] : open) {
      if (count > 0 && !open_tasks.contains(name)) {
        parts.push_back("'" + name + "' entered, not left");
      }
    }
  }
  constexpr size_t kShown = 5;
  std::string out;
  for (size_t i = 0; i < parts.size() && i < kShown; ++i) out += (i > 0 ? "; " : "") + parts[i];
  if (parts.size() > kShown) out += "; and " + std::to_string(parts.size() - kShown) + " more";
  return out;
}

}  // namespace wfsim::world::detail
