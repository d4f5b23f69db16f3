// The Temporal world: engine host, pools per task queue, the workflow start and the scenario's
// actions, and the result. What workers say to the engine is in temporal_workers.cpp. See
// temporal_world.h.
#include "world/temporal_world.h"

#include <algorithm>
#include <functional>

namespace wfsim::world::detail {
namespace {

// The spec with activity ids assigned (the scenario loader normally has done it already).
std::shared_ptr<const temporal::WorkflowSpec> with_ids(
    const std::shared_ptr<const temporal::WorkflowSpec>& spec) {
  bool missing = false;
  std::function<void(const std::vector<temporal::Step>&)> scan =
      [&](const std::vector<temporal::Step>& steps) {
        for (const temporal::Step& step : steps) {
          if (step.activity && step.activity->activity_id.empty()) missing = true;
          for (const auto& branch : step.parallel) scan(branch);
        }
      };
  scan(spec->steps);
  if (!missing) return spec;
  auto copy = std::make_shared<temporal::WorkflowSpec>(*spec);
  temporal::assign_activity_ids(*copy);
  return copy;
}

// The task queue the steps of `activity_type` use; nullopt when no step has that type.
std::optional<std::string> queue_of(const std::vector<temporal::Step>& steps,
                                    const std::string& activity_type) {
  for (const temporal::Step& step : steps) {
    if (step.activity && step.activity->activity_type == activity_type) {
      return step.activity->task_queue.empty() ? activity_type : step.activity->task_queue;
    }
    for (const auto& branch : step.parallel) {
      if (auto queue = queue_of(branch, activity_type)) return queue;
    }
  }
  return std::nullopt;
}

std::string short_status(temporal::WorkflowStatus status) {
  switch (status) {
    case temporal::WorkflowStatus::running: return "RUNNING";
    case temporal::WorkflowStatus::completed: return "COMPLETED";
    case temporal::WorkflowStatus::failed: return "FAILED";
    case temporal::WorkflowStatus::timed_out: return "TIMED_OUT";
  }
  WFSIM_UNREACHABLE("workflow status");
}

}  // namespace

TemporalWorld::TemporalWorld(const WorldConfig& config, const RunOptions& options,
                             RunResult& result)
    : WorldCore(config, options, result),
      spec_(with_ids(config.workflow)),
      engine_(*this, root_.fork("engine"), config.temporal_options) {
  result_.dialect = Dialect::temporal;
  setup_pools();
}

void TemporalWorld::setup_pools() {
  for (const ResourceConfig& rc : config_.resources) {
    const std::string queue = queue_of(spec_->steps, rc.key).value_or(rc.key);
    const uint32_t index =
        add_pool(rc, rc.key, PatternSet::of({Pattern::temporal_activity}), true, queue);
    pool_by_key_.emplace(rc.key, index);
    pollers_by_queue_[queue].push_back(index);
  }
}

// --- Host ------------------------------------------------------------------------------------

void TemporalWorld::arm_timer(TimerSlot slot, Instant at) {
  if (slot >= engine_timers_.size()) engine_timers_.resize(slot + 1);
  scheduler_.cancel(engine_timers_[slot]);
  engine_timers_[slot] =
      scheduler_.at(std::max(at, now()), Event{EventKind::engine_timer, slot, 0});
}

void TemporalWorld::cancel_timer(TimerSlot slot) {
  if (slot < engine_timers_.size()) scheduler_.cancel(engine_timers_[slot]);
}

void TemporalWorld::task_available(std::string_view task_queue) {
  pending_queues_.emplace_back(task_queue);
}

void TemporalWorld::cancel_pushed(std::string_view task_token) {
  pending_cancels_.emplace_back(task_token);
}

void TemporalWorld::workflow_closed(std::string_view workflow_id,
                                    temporal::WorkflowStatus status) {
  if (workflow_id == workflow_id_) execution_closed_now(short_status(status));
}

void TemporalWorld::flush() {
  while (!pending_queues_.empty() || !pending_cancels_.empty()) {
    std::vector<std::string> queues;
    queues.swap(pending_queues_);
    for (const std::string& queue : queues) announce(poller_pool(queue));
    std::vector<std::string> cancels;
    cancels.swap(pending_cancels_);
    for (const std::string& token : cancels) {
      // Only a mutant pushes cancels (temporal_engine.h); the worker holding the token gets it
      // as if a heartbeat response had carried cancel_requested.
      for (size_t i = 0; i < worker_count(); ++i) {
        Worker& w = worker(static_cast<uint32_t>(i));
        if (w.attempt && w.attempt->token == token && w.attempt->manager) {
          code_cancelled(w, temporal::LocalCancelReason::cancel_requested);
          break;
        }
      }
    }
  }
}

uint32_t TemporalWorld::poller_pool(std::string_view queue) {
  const auto it = pollers_by_queue_.find(queue);
  if (it != pollers_by_queue_.end()) {
    // Several activity types may share a queue: the first pool with an idle worker hears it.
    for (const uint32_t index : it->second) {
      for (const uint32_t w : pool(index).workers) {
        if (worker(w).status == WorkerStatus::idle && !worker(w).paused) return index;
      }
    }
    return it->second.front();
  }
  const uint32_t index = add_default_pool(
      std::string(queue), PatternSet::of({Pattern::temporal_activity}), true, std::string(queue));
  pool_by_key_.emplace(std::string(queue), index);
  pollers_by_queue_[std::string(queue)].push_back(index);
  return index;
}

// --- Workflow and actions ------------------------------------------------------------------------

void TemporalWorld::start_execution() {
  const auto reply = engine_.start_workflow(now(), spec_, workflow_id_, config_.input);
  CallRecord& record = log_call(
      "scenario", ApiCall::StartWorkflowExecution,
      temporal::start_workflow_request(workflow_id_, spec_->workflow_type, config_.input));
  temporal::record_answer(record, reply);
  if (reply.ok()) {
    result_.execution = workflow_id_;
    result_.final_status = "RUNNING";
    execution_opened();
  } else {
    count(Probe::action_rejected);
  }
  flush();
}

void TemporalWorld::perform_action(const ScenarioAction& action) {
  if (action.call != ApiCall::RequestCancelActivity) {
    // Step Functions calls; scenario validation keeps them out of temporal scenarios.
    const bool redrive = action.call == ApiCall::RedriveExecution;
    CallRecord& record = log_call("scenario", redrive ? ApiCall::RedriveExecution : ApiCall::StopExecution,
                                  Json{{"workflowId", workflow_id_}});
    record.error = ApiError{"Unimplemented", "not a Temporal API"};
    count(Probe::action_rejected);
    return;
  }
  const auto reply = engine_.request_cancel_activity(now(), workflow_id_, action.activity);
  CallRecord& record = log_call("scenario", ApiCall::RequestCancelActivity,
                                temporal::request_cancel_request(workflow_id_, action.activity));
  temporal::record_answer(record, reply);
  if (!reply.ok()) {
    count(Probe::action_rejected);
  } else if (!reply.value->canceled_immediately.empty()) {
    count(Probe::canceled_before_start);
  }
  flush();
}

void TemporalWorld::fire_engine_timer(TimerSlot slot) {
  engine_.on_timer(now(), slot);
  flush();
}

// --- Result ------------------------------------------------------------------------------------

void TemporalWorld::finish(RunResult& result) {
  const temporal::History* history = engine_.history(workflow_id_);
  if (history == nullptr) {
    result.final_status = "NOT_STARTED";  // StartWorkflowExecution was refused.
    return;
  }
  result.temporal_history = *history;
  result.final_status = short_status(*engine_.status(workflow_id_));
  if (result.final_status == "TIMED_OUT") count(Probe::execution_timed_out);
  count_history_probes(*history);
}

void TemporalWorld::count_history_probes(const temporal::History& history) {
  using temporal::EventType;
  using temporal::TimeoutType;
  for (const temporal::HistoryEvent& e : history.events) {
    if (e.type == EventType::ActivityTaskTimedOut && e.failure) {
      if (e.failure->timeout_type == TimeoutType::heartbeat) count(Probe::heartbeat_timeout);
    }
    if (e.type == EventType::ActivityTaskStarted && e.last_failure &&
        e.last_failure->info == temporal::FailureInfo::timeout) {
      count(Probe::retry_after_timeout);
      if (e.last_failure->timeout_type == TimeoutType::heartbeat) count(Probe::heartbeat_timeout);
    }
  }
}

}  // namespace wfsim::world::detail
