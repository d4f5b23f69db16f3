// The machinery both dialects share (internal to sim/world; include only from world *.cpp): the
// simulator events, the simulated workers and their pools, the network between workers and the
// engine, the fault decisions around them, the call log, the trace, the probes, the quiet and
// liveness bookkeeping, and the run loop.
//
// A worker's life: idle -> woken (a task was announced to its pool) -> busy (it holds an
// attempt: works, heartbeats, reports) -> idle again; or crashed (until a restart). A pause
// freezes it: work does not progress, and its clock timers (heartbeats, late reports, client
// timeouts) fire when it resumes if they came due meanwhile. What a worker asks the engine and
// how it reads the answer is the dialect's (sfn_world.cpp, temporal_world.cpp); when and with
// which faults is decided here (workers.cpp, network.cpp, world_core.cpp).
//
// Not here: engine semantics (sim/engine), scenario parsing (sim/scenario), invariant checks
// (sim/check).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/scheduler.h"
#include "engine/temporal_api.h"
#include "world/faults.h"
#include "world/service_errors.h"
#include "world/temporal_heartbeats.h"
#include "world/world.h"

namespace wfsim::world::detail {

enum class EventKind : uint8_t {
  start,            // The execution (or workflow) starts.
  action,           // A scenario action (entity: its index).
  engine_timer,     // An engine timer slot came due (entity: the slot).
  worker_wake,      // A woken worker takes its announced task (poll or delivery).
  heartbeat_tick,   // The activity code's heartbeat cadence.
  work_done,        // The attempt's work is finished; the worker reports.
  behaviour_crash,  // The attempt's Crash behaviour kills the worker.
  fault_effect,     // A crash or pause decided earlier takes effect (entity: the effect).
  worker_restart,
  worker_resume,
  late_report,      // token_expiry: the worker reports with the token it kept.
  answer_timeout,   // A call got no answer within the client timeout.
  sdk_wake,         // Temporal: the SDK heartbeat manager asked to be woken.
  message_arrival,  // A delayed or duplicated request reaches the engine (entity: message).
  scripted_fault,   // A scripted crash or pause (entity: script index; tag 1: an unscripted
                    // firing of a hand-made replay schedule).
  faults_stop,      // Faults stop: crashed workers restart, paused ones resume.
  liveness_check,   // The liveness bound after faults stopped has passed.
  s3_answer,        // The simulated S3 answers a Map Run's read or write (entity: request).
  count_,
};
std::string_view to_string(EventKind kind);

struct Event {
  EventKind kind = EventKind::start;
  uint32_t entity = 0;
  uint32_t tag = 0;  // The worker generation the event belongs to (stale ones are skipped).
  uint32_t digest_kind() const { return static_cast<uint32_t>(kind); }
  uint64_t digest_entity() const { return (uint64_t{entity} << 32) | tag; }
};
using Handle = Scheduler<Event>::Handle;

enum class Category : uint8_t { heartbeat, completion };

// A worker-to-engine call as the network carries it: a heartbeat or a completion (SendTask*,
// CompleteIntegration with output or error and cause, RespondActivityTask*).
struct Request {
  ApiCall api = ApiCall::SendTaskHeartbeat;
  std::string token;
  Json value;          // Step Functions success output (sent as JSON text).
  bool success = true;  // sfn_integration: output (true) or error and cause.
  int64_t scheduled_event_id = 0;  // Of the attempt the token names (for probes).
  std::optional<std::string> error;
  std::optional<std::string> cause;
  temporal::Payloads payloads;
  temporal::ApplicationFailure failure;
  Category category() const {
    return role_of(api) == ApiRole::heartbeat ? Category::heartbeat : Category::completion;
  }
};

// How a request reaches the engine.
enum class Arrival : uint8_t {
  normal,       // The engine handles it and the caller reads the answer.
  answer_lost,  // The engine handles it; the answer never reaches the caller.
  duplicate,    // A network copy: handled again; nobody reads its answer.
};

struct Message {
  uint32_t worker = 0;
  uint32_t generation = 0;
  Instant sent;
  Arrival arrival = Arrival::normal;
  Request request;
};

// A timer of a worker, kept with its deadline so that a pause can move it.
struct WorkerTimer {
  Handle handle;
  Instant at;
  bool frozen = false;  // Pending when the worker paused; rescheduled when it resumes.
};
enum class TimerRole : uint8_t {
  wake, tick, work, crash, late_report, answer_timeout, sdk_wake, count_
};

// What a worker holds while it works on one attempt.
// An answer the called service gives in place of the scenario's (docs/world.md, "Faults per
// integration pattern"): a transient service error, a job that failed or was stopped, a Lambda
// function's crash or timeout.
struct ServiceFailure {
  Duration after;   // From the attempt's start.
  std::string error;
  std::string cause;
  FaultKind cause_kind = FaultKind::service_error;  // worker_crash for a function crash.
};

struct Attempt {
  std::string token;
  Pattern pattern = Pattern::activity;
  std::string resource;  // The Task's Resource ARN (Step Functions), for the service's errors.
  uint32_t behaviour_pool = 0;  // Whose attempt rules and durations apply.
  const AttemptBehaviour* behaviour = nullptr;
  uint32_t invocation = 0;
  std::optional<uint32_t> map_item_index;  // Inside a Map iteration: its index and the items.
  Document map_items;
  int64_t scheduled_event_id = 0;
  uint8_t dispatch_kind = 0;  // sfn::DispatchKind for Step Functions.
  Instant started;            // When the engine started the attempt (its clocks' origin).
  Duration work;              // Duration::max(): never finishes (Hang).
  std::optional<Duration> deadline;  // The engine's nearest clock for it (token_expiry).
  // The worker holds a task token it reports with (activity tasks, `.waitForTaskToken`
  // callbacks, Temporal activities). Request-response, Lambda and `.sync` integrations hand it
  // none: the service itself answers for them, so token_expiry has nothing to keep.
  bool holds_token = true;
  bool token_expiry = false;
  Duration lateness;
  uint32_t heartbeats = 0;  // Heartbeats the code made in this attempt (progress details).
  bool can_heartbeat = true;
  std::optional<Duration> heartbeat_timeout;  // The engine's heartbeat clock, if any.
  uint32_t report_sends = 0;
  Category awaiting = Category::completion;  // The call whose answer the worker waits for.
  std::optional<Request> report;  // The completion being sent (kept for SDK retries).
  std::optional<temporal::ActivityHeartbeats> manager;  // Temporal SDK heartbeat manager.
  bool code_finished = false;                           // Temporal: the code returned.
  std::optional<ServiceFailure> service_failure;  // Answers instead of the behaviour, `after`.
  Duration latency;  // service_latency: the called service answers this much later.
};

enum class WorkerStatus : uint8_t { idle, woken, busy, crashed };

struct Worker {
  std::string name;    // "<resource>/<n>"
  std::string caller;  // "worker:<resource>/<n>"
  uint32_t index = 0;
  uint32_t pool = 0;
  Random random;
  WorkerStatus status = WorkerStatus::idle;
  bool paused = false;
  bool crashed_by_fault = false;
  Instant paused_at;
  Instant paused_until;
  uint32_t generation = 1;  // Changes whenever what the worker holds changes.
  std::optional<Attempt> attempt;
  std::array<WorkerTimer, static_cast<size_t>(TimerRole::count_)> timers{};
  // Decision-point counters (FaultFiring::ordinal), over the whole run.
  uint64_t attempts = 0;
  uint64_t heartbeat_ticks = 0;
  uint64_t heartbeat_requests = 0;
  uint64_t completion_requests = 0;

  explicit Worker(Random r) : random(r) {}
};

struct Pool {
  const ResourceConfig* config = nullptr;
  std::string key;
  PatternSet patterns;     // The integration patterns its attempts are of.
  bool polls = false;      // Activity pollers (else responders to deliveries).
  std::string queue;       // The activity ARN or task queue polled.
  std::vector<uint32_t> workers;
  uint32_t waiting = 0;    // Announced or queued work not yet claimed by a woken worker.
  Random random;
  explicit Pool(Random r) : random(r) {}
};

// A crash or pause waiting for its time (a FaultFiring's effect).
struct Effect {
  uint32_t worker = 0;
  FaultKind kind = FaultKind::worker_crash;
  Duration length;
  std::optional<Duration> restart_after;
};

enum class Probe : uint8_t {
  late_completion_rejected, duplicate_completion_rejected, late_heartbeat_rejected,
  heartbeat_timeout, task_timeout_despite_heartbeats, retry_after_timeout, catch_taken,
  redrive_succeeded, worker_restarted, worker_crashed_holding_task, paused_past_heartbeat_timeout,
  completion_retried, answer_lost, duplicate_delivered, token_expiry_report, heartbeat_throttled,
  default_responder, liveness_phase, action_rejected, execution_timed_out, execution_aborted,
  cancel_delivered, local_timeout, heartbeat_flushed, heartbeat_details_carried,
  next_retry_delay_used, canceled_before_start, service_failed, job_failed, map_run_redriven,
  child_failed_by_fault, count_,
};
std::string_view to_string(Probe probe);
// The probes that can happen in a dialect, in report order (probes.cpp).
std::span<const Probe> dialect_probes(Dialect dialect);

inline constexpr Duration kClientTimeout = Duration::seconds(10);  // SDK call timeout.
inline constexpr uint32_t kMaxReportSends = 3;  // An SDK sends a completion at most 3 times.
// The window a random crash or pause of a Hang attempt falls into.
inline constexpr Duration kHangFaultWindow = Duration::seconds(60);

class WorldCore {
 public:
  WorldCore(const WorldConfig& config, const RunOptions& options, RunResult& result);
  virtual ~WorldCore() = default;
  WorldCore(const WorldCore&) = delete;
  WorldCore& operator=(const WorldCore&) = delete;

  // Runs to the end and fills in the result.
  void run();

 protected:
  // --- What a dialect provides ----------------------------------------------------------
  virtual void start_execution() = 0;
  virtual void perform_action(const ScenarioAction& action) = 0;
  virtual void fire_engine_timer(TimerSlot slot) = 0;
  // A woken worker takes the work announced to its pool (a poll or a queued delivery).
  virtual void take_work(Worker& worker) = 0;
  // The activity code heartbeats (the SDK hold, if any, is over).
  virtual void code_heartbeat(Worker& worker) = 0;
  // The attempt's work is done: report per the behaviour.
  virtual void work_done(Worker& worker) = 0;
  // token_expiry: report with the kept token, now, bypassing whatever the SDK would do.
  virtual void late_report(Worker& worker) = 0;
  // A request reaches the engine: call it, log it, and (Arrival::normal, same generation) hand
  // the answer to the worker.
  virtual void arrive(const Message& message) = 0;
  // The call of this category got no answer within the client timeout.
  virtual void no_answer(Worker& worker, Category category) = 0;
  // The service throttled a heartbeat (after it was logged).
  virtual void heartbeat_throttled(Worker& worker) = 0;
  // Whether a caller waits for (and times out on) the answer to calls of this category.
  virtual bool wants_answer(Category category) const = 0;
  virtual ApiError throttling_error() const = 0;
  virtual void sdk_wake(Worker&) {}
  // The simulated S3 answers the request with this index (Step Functions Distributed Maps).
  virtual void s3_answer(uint32_t) {}
  // A fault hit the attempt a worker held: it crashed, or its completion was lost (the Step
  // Functions world notes the execution, to tell a Map Run child failed by a fault).
  virtual void attempt_faulted(const Attempt&) {}
  virtual Json request_json(const Request& request) const = 0;
  // For a liveness finding: what the open execution waits for (its open states and attempts,
  // who holds each); "" when the dialect cannot say.
  virtual std::string describe_stuck() const { return ""; }
  // Fills the dialect's part of the result (history, status, history-derived probes).
  virtual void finish(RunResult& result) = 0;

  // --- For the dialects: time, logging, trace, probes -------------------------------------
  Instant now() const { return scheduler_.now(); }
  CallRecord& log_call(std::string_view caller, ApiCall api, Json request);
  CallRecord& log_worker_call(const Worker& worker, const Request& request, Instant sent);
  bool tracing() const { return trace_event_ != nullptr; }
  void note(const char* key, Json value);
  void count(Probe probe) { ++probes_[static_cast<size_t>(probe)]; }
  uint64_t probe_count(Probe probe) const { return probes_[static_cast<size_t>(probe)]; }
  void count_attempt() { ++result_.attempts; }

  // The execution opened (started or redriven) or closed.
  void execution_opened();
  void execution_closed_now(std::string status);
  bool execution_open() const { return open_; }

  // What holds the attempt with this token and what it waits for ("worker ship/1, paused");
  // "" when no worker holds it. For liveness messages.
  std::string describe_holder(std::string_view token) const;
  // Queued work of the pool with this key that no worker took, and why ("no live worker").
  std::string describe_queue(std::string_view key) const;

  // --- Pools and workers (workers.cpp) -------------------------------------------------------
  uint32_t add_pool(const ResourceConfig& config, std::string key, PatternSet patterns, bool polls,
                    std::string queue);
  // A pool for a resource the scenario does not configure: 1 worker returning {} after 1 s.
  uint32_t add_default_pool(std::string key, PatternSet patterns, bool polls, std::string queue);
  Pool& pool(uint32_t index) { return pools_[index]; }
  size_t pool_count() const { return pools_.size(); }
  Worker& worker(uint32_t index) { return workers_[index]; }
  size_t worker_count() const { return workers_.size(); }
  Worker* find_worker(std::string_view name);
  // One more task is waiting for this pool: wake an idle worker for it.
  void announce(uint32_t pool_index);
  // A woken worker found nothing: it is idle again.
  void idle(Worker& worker);
  // The worker received an attempt; draws its work and decides its faults.
  void begin_attempt(Worker& worker, Attempt attempt);
  // The attempt is over (reported, abandoned, or cancelled): the worker is idle again.
  void end_attempt(Worker& worker);
  // Stops the attempt's work and heartbeats but keeps the attempt (it is still reporting).
  void stop_working(Worker& worker);
  void set_timer(Worker& worker, TimerRole role, Instant at, EventKind kind);
  void clear_timer(Worker& worker, TimerRole role);
  const ResourceConfig& behaviour_config(const Attempt& attempt) const {
    return *pools_[attempt.behaviour_pool].config;
  }

  // --- The network (network.cpp) -----------------------------------------------------------
  // Sends a worker's request through the network: fault decisions, then delivery now, later,
  // twice, or never.
  void send(Worker& worker, Request request);

  const WorldConfig& config_;
  const RunOptions& options_;
  RunResult& result_;
  Random root_;

 private:
  void handle(const Event& event);
  void handle_worker_event(const Event& event);
  bool should_stop();
  void begin_trace(const Event& event);
  void end_trace();
  void schedule_setup();
  void faults_stop();
  void liveness_check();
  void scripted_fault(uint32_t index, bool unscripted);
  void apply_effect(uint32_t index);
  void schedule_effect(const FaultFiring& firing);
  void crash(Worker& worker, std::optional<Duration> restart_after, bool by_fault);
  void pause(Worker& worker, Duration length);
  void resume(Worker& worker);
  void restart(Worker& worker);
  void tick(Worker& worker);
  void cancel_timers(Worker& worker);
  void wake_idle(Pool& pool);
  void decide_attempt_faults(Worker& worker, Attempt& attempt);
  void decide_service_faults(Worker& worker, Attempt& attempt, FaultTarget target, Duration span);
  bool may_hit(FaultKind kind, const Attempt& attempt) const;
  static void offer_service_failure(Attempt& attempt, ServiceFailure failure);
  void settle_service_answer(Worker& worker, Attempt& attempt);
  uint32_t store_message(Message message);
  void route_completion(Worker& worker, Request request, uint64_t ordinal);
  std::optional<FaultFiring> consider_for(const Worker& worker, FaultKind kind, FaultTarget target,
                                          uint64_t ordinal);
  void route_heartbeat(Worker& worker, Request request, uint64_t ordinal);
  void lost(Worker& worker, const Request& request, const FaultFiring& firing);
  void finish_result();

 protected:
  Random ties_;
  Scheduler<Event> scheduler_;
  FaultInjector faults_;
  std::vector<Handle> engine_timers_;  // By slot.

 private:
  std::deque<Pool> pools_;
  std::deque<Worker> workers_;
  std::deque<ResourceConfig> default_configs_;
  std::vector<Message> messages_;
  std::vector<uint32_t> free_messages_;
  std::vector<Effect> effects_;
  std::vector<uint32_t> scratch_;  // Reused by wake_idle().
  std::array<uint64_t, static_cast<size_t>(Probe::count_)> probes_{};

  // Execution and run state.
  bool open_ = false;
  bool ever_opened_ = false;
  std::optional<Instant> closed_at_;
  Instant quiet_since_;
  size_t actions_pending_ = 0;
  Handle liveness_handle_;
  Duration liveness_bound_;
  bool liveness_failed_ = false;
  bool interrupted_ = false;  // The caller's interrupted() said stop.
  bool faults_stopped_ = false;

  // Trace of the event being handled.
  Json* trace_event_ = nullptr;
  size_t trace_first_call_ = 0;
};

}  // namespace wfsim::world::detail
