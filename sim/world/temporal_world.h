// The Temporal world (internal to sim/world): the engine's Host, pools of activity pollers per
// task queue, and Temporal workers as the SDKs behave: each attempt's heartbeats go through the
// SDK heartbeat manager (world/temporal_heartbeats.h: throttling, the final flush, cancellation
// through heartbeat responses, the worker's local timeout), and the activity code reports
// Completed, Failed (with non_retryable and next_retry_delay) or Canceled.
//
// A pool is keyed by activity type and polls the task queue of that type's steps (the type
// itself when the steps name none). An announced task wakes one idle poller (no empty long
// polls are simulated, as in sfn_world.h). A poller applies the attempt rules of the pool of its
// task's activity type, else its own. The attempt key of a Temporal attempt is attempt - 1 (the
// first attempt is "0").
#pragma once

#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/temporal_engine.h"
#include "world/world_core.h"

namespace wfsim::world::detail {

class TemporalWorld final : public WorldCore, public temporal::Host {
 public:
  TemporalWorld(const WorldConfig& config, const RunOptions& options, RunResult& result);

  // temporal::Host
  void arm_timer(TimerSlot slot, Instant at) override;
  void cancel_timer(TimerSlot slot) override;
  void task_available(std::string_view task_queue) override;
  void cancel_pushed(std::string_view task_token) override;
  void workflow_closed(std::string_view workflow_id, temporal::WorkflowStatus status) override;

 private:
  void start_execution() override;
  void perform_action(const ScenarioAction& action) override;
  void fire_engine_timer(TimerSlot slot) override;
  void take_work(Worker& worker) override;
  void code_heartbeat(Worker& worker) override;
  void work_done(Worker& worker) override;
  void late_report(Worker& worker) override;
  void arrive(const Message& message) override;
  void no_answer(Worker& worker, Category category) override;
  void heartbeat_throttled(Worker& worker) override;
  bool wants_answer(Category) const override { return true; }
  ApiError throttling_error() const override {
    return {"ResourceExhausted", "namespace rate limit exceeded"};
  }
  void sdk_wake(Worker& worker) override;
  Json request_json(const Request& request) const override;
  void finish(RunResult& result) override;

  void setup_pools();
  void flush();
  uint32_t poller_pool(std::string_view queue);
  // The SDK heartbeat manager's actions, in field order.
  void apply(Worker& worker, const temporal::HeartbeatActions& actions);
  void heartbeat_answer(Worker& worker, const temporal::HeartbeatAnswer& answer);
  void code_cancelled(Worker& worker, temporal::LocalCancelReason reason);
  void code_returned(Worker& worker, temporal::AttemptResult result);
  Request report_request(const Attempt& attempt, temporal::AttemptResult result) const;
  void send_report(Worker& worker);
  void schedule_sdk_wake(Worker& worker);
  void probe_answer(const Request& request, const std::optional<ApiError>& error);
  void count_history_probes(const temporal::History& history);

  std::shared_ptr<const temporal::WorkflowSpec> spec_;
  temporal::Engine engine_;
  std::string workflow_id_ = "wfsim-run";
  std::vector<std::string> pending_queues_;
  std::vector<std::string> pending_cancels_;
  std::map<std::string, uint32_t, std::less<>> pool_by_key_;
  std::map<std::string, std::vector<uint32_t>, std::less<>> pollers_by_queue_;
  std::unordered_set<std::string> completed_tokens_;  // Lookup only; never iterated.
};

}  // namespace wfsim::world::detail
