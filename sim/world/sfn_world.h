// The Step Functions world (internal to sim/world): the engine's Host, the routing of delivered
// tasks to worker pools, and what Step Functions workers say to the engine and how they read its
// answers.
//
// Pools: a ResourceConfig keyed by an activity ARN, or by the name of a Task state whose resource
// is an activity, is a pool of GetActivityTask pollers of that ARN; any other is a pool of
// responders to the engine's deliveries (callback handlers, request-response and Lambda
// services, .sync jobs). A delivered task goes to the pool keyed by its state name, else by its
// resource; a resource nobody configured gets a default pool (one worker that returns {} after
// 1 s). A poller applies the attempt rules of the pool its task's state name (else its resource)
// selects, falling back to its own.
//
// Polling is modelled without empty long polls: an announced activity task wakes one idle
// poller, which calls GetActivityTask at once; a poller with nothing announced waits silently
// (a real one would sit in 60-second long polls that return nothing). An empty answer happens
// only when the announced task is gone (its execution closed) and is logged as {}.
#pragma once

#include <deque>
#include <map>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/sfn_engine.h"
#include "s3/s3.h"
#include "world/world_core.h"

namespace wfsim::world::detail {

// An owned copy of a TaskDispatch (whose views point into the engine).
struct OwnedTask {
  sfn::DispatchKind kind = sfn::DispatchKind::request_response;
  std::string execution_arn;  // The run's execution, or a Distributed Map's child.
  std::string state_name;
  std::string resource;
  std::string token;
  Document payload;
  int64_t scheduled_event_id = 0;
  uint32_t invocation = 0;
  std::optional<int64_t> timeout_seconds;
  std::optional<int64_t> heartbeat_seconds;
  Instant at;
  std::optional<uint32_t> map_item_index;  // Inside a Map iteration: its index and the items.
  Document map_items;
};

class SfnWorld final : public WorldCore, public sfn::Host, public sfn::S3Host {
 public:
  SfnWorld(const WorldConfig& config, const RunOptions& options, RunResult& result);

  // sfn::Host
  void arm_timer(TimerSlot slot, Instant at) override;
  void cancel_timer(TimerSlot slot) override;
  void dispatch(const sfn::TaskDispatch& task) override;
  void execution_closed(std::string_view execution_arn, sfn::ExecutionStatus status) override;
  sfn::S3Host* s3() override { return this; }

  // sfn::S3Host (sfn_s3.cpp): the store is read or written when the answer is due, after the
  // latency (and the faults) decided when the request was made.
  void read_items(sfn::S3Ticket ticket, const s3::ReadRequest& request) override;
  void write_results(sfn::S3Ticket ticket, const s3::WriteRequest& request,
                     std::vector<s3::ChildResult> children) override;

  // The run's simulated S3: filled from the scenario's objects before the run, read by item
  // readers and written by result writers during it, handed to the RunResult at the end.
  s3::ObjectStore& s3_store() { return s3_store_; }
  const s3::ObjectStore& s3_store() const { return s3_store_; }

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
  void heartbeat_throttled(Worker&) override {}
  bool wants_answer(Category category) const override {
    return category == Category::completion;  // Heartbeats are fire-and-forget.
  }
  ApiError throttling_error() const override { return {"ThrottlingException", "Rate exceeded"}; }
  Json request_json(const Request& request) const override;
  void finish(RunResult& result) override;
  std::string describe_stuck() const override;

  void setup_pools();
  // Deliveries made during an engine call are routed after it returns (hosts must not call the
  // engine from inside its callbacks).
  void flush();
  void s3_answer(uint32_t index) override;
  // A Map Run's request to the simulated S3, waiting for its answer event.
  struct S3Request {
    sfn::S3Ticket ticket;
    bool write = false;
    s3::ReadRequest read;
    s3::WriteRequest write_request;
    std::vector<s3::ChildResult> children;
    std::optional<std::string> injected_failure;  // result_writer_failure: the write fails.
  };
  uint32_t schedule_s3_answer(S3Request request, Duration latency);
  std::vector<S3Request> s3_requests_;  // By answer event; a slot is freed when answered.
  std::vector<uint32_t> free_s3_requests_;
  Random s3_latency_;  // "s3": the normal latency of each read and write.
  uint64_t s3_reads_ = 0;   // Decision-point ordinals of the S3 faults.
  uint64_t s3_writes_ = 0;
  void route(OwnedTask task);
  uint32_t poller_pool(const OwnedTask& task);
  uint32_t responder_pool(const OwnedTask& task);
  std::optional<uint32_t> pool_for(std::string_view key) const;
  uint32_t behaviour_pool(std::string_view state_name, std::string_view resource,
                          uint32_t fallback) const;
  void poll(Worker& worker);
  void respond(Worker& worker);
  void send_report(Worker& worker);
  void apply_answer(Worker& worker, const Request& request, const sfn::ApiAnswer& answer);
  void probe_answer(const Request& request, const sfn::ApiAnswer& answer);
  void log_scenario_call(ApiCall api, Json request, const sfn::ApiAnswer& answer);
  void count_history_probes(const History& history);

  sfn::Engine engine_;
  s3::ObjectStore s3_store_;
  std::string arn_;
  std::string state_machine_name_;
  std::vector<OwnedTask> pending_;
  std::vector<std::deque<OwnedTask>> queues_;  // By pool: deliveries waiting for a responder.
  std::map<std::string, uint32_t, std::less<>> pool_by_key_;
  std::map<std::string, std::vector<uint32_t>, std::less<>> pollers_by_arn_;
  // Clocks of each scheduled attempt, by scheduled event id (activities learn theirs here).
  struct Clocks {
    std::optional<int64_t> timeout_seconds;
    std::optional<int64_t> heartbeat_seconds;
    std::optional<uint32_t> map_item_index;  // The Map iteration the attempt runs in.
    Document map_items;
  };
  std::vector<Clocks> clocks_;  // The run's execution, by scheduled event id.
  // Distributed Map children's attempts, by (child ARN, scheduled event id).
  std::map<std::pair<std::string, int64_t>, Clocks> child_clocks_;
  void set_clocks(const std::string& execution_arn, int64_t scheduled_event_id, Clocks clocks);
  Clocks clocks_of(const std::string& execution_arn, int64_t scheduled_event_id) const;
  void collect_map_runs(RunResult& result) const;
  std::vector<uint32_t> accepted_heartbeats_;  // By scheduled event id.
  std::vector<std::string> routed_tokens_;  // Every token handed out (delivered or polled).
  std::unordered_set<std::string> completed_tokens_;  // Lookup only; never iterated.
  bool redriven_ = false;
  // Executions whose task attempts a worker crash or a lost completion hit (attempt_faulted).
  std::set<std::string> faulted_executions_;
  void attempt_faulted(const Attempt& attempt) override;
  void count_map_run_probes(const RunResult& result);
};

}  // namespace wfsim::world::detail
