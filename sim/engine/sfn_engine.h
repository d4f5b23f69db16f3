// The reference Step Functions engine: executions of ASL state machines with activities,
// callbacks and request-response integrations, heartbeats, timeouts, retry and catch, Parallel and
// Map, StopExecution and RedriveExecution, recorded as GetExecutionHistory events.
//
// It is a functional core (see engine/host.h): handed `now` and a seeded Random, it answers API
// calls with their responses and asks its Host for timers and task deliveries. It never reads a
// clock, never throws for anything a workflow or a caller does (those become history events and
// API errors) and asserts on its own invariants. It does not model workers, networks or faults;
// sim/world does.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asl/model.h"
#include "core/random.h"
#include "engine/host.h"
#include "engine/sfn_options.h"
#include "record/call_log.h"
#include "record/history.h"
#include "s3/s3.h"

namespace wfsim::sfn {

enum class ExecutionStatus : uint8_t { RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE };
const char* to_string(ExecutionStatus status);

enum class ExecutionType : uint8_t { STANDARD, EXPRESS };

// How the host should deliver a task the engine has scheduled.
enum class DispatchKind : uint8_t {
  activity,          // An activity task is waiting for a GetActivityTask poller of `resource`.
  lambda,            // Legacy Lambda ARN: invoke, then complete_integration(token, ...).
  request_response,  // Integration call: answer with complete_integration(token, ...).
  callback,          // .waitForTaskToken: the request carries `token`; a worker later calls
                     // SendTaskSuccess/Failure/Heartbeat with it.
  sync,              // .sync job: answer with complete_integration when the job ends; heartbeats
                     // are accepted on `token`.
};
const char* to_string(DispatchKind kind);

struct TaskDispatch {
  DispatchKind kind = DispatchKind::request_response;
  std::string_view execution_arn;
  std::string_view state_name;
  std::string_view resource;
  // The completion token. Empty for activities: a poller receives it from GetActivityTask.
  std::string token;
  Document payload;  // The task's input after InputPath and Parameters.
  int64_t scheduled_event_id = 0;
  // Invocations of this state before this one in the same execution (within the same Map
  // iteration or Parallel branch), counted across retries and redrives: the mock-config key.
  uint32_t invocation = 0;
  std::optional<int64_t> timeout_seconds;    // Resolved TimeoutSeconds.
  std::optional<int64_t> heartbeat_seconds;  // Resolved HeartbeatSeconds, if any.
  // Inside a Map iteration (the innermost one): its index and the Map's items, so a host can
  // answer per item ($$.Map.Item.Index and .Value). Unset outside a Map.
  std::optional<uint32_t> map_item_index;
  Document map_items;
};

// Which request of which Map Run an S3 answer belongs to. The host hands it back unchanged; the
// engine ignores an answer whose run has moved on (closed, aborted, redriven) since it asked.
struct S3Ticket {
  uint32_t map_run = 0;
  uint32_t sequence = 0;
};

// The simulated S3 a Distributed Map's ItemReader reads and its ResultWriter writes (DMAP-2,
// 10). The engine does not own the store: the host reads or writes it, later (with its latency
// and faults), and answers through Engine::on_items_read / on_results_written. Like every host
// callback, these must not call back into the engine synchronously.
class S3Host {
 public:
  virtual void read_items(S3Ticket ticket, const s3::ReadRequest& request) = 0;
  virtual void write_results(S3Ticket ticket, const s3::WriteRequest& request,
                             std::vector<s3::ChildResult> children) = 0;

 protected:
  ~S3Host() = default;
};

class Host : public TimerHost {
 public:
  // The simulated S3, when the host has one. Without it an ItemReader fails the Map Run
  // (States.ItemReaderFailed) and a ResultWriter to S3 fails it (States.ResultWriterFailed).
  virtual S3Host* s3() { return nullptr; }
  // A task was scheduled (activity) or started (every other kind) and should be delivered.
  virtual void dispatch(const TaskDispatch& task) = 0;
  // An execution reached a terminal status (also after each redriven run ends).
  virtual void execution_closed(std::string_view /*execution_arn*/, ExecutionStatus /*status*/) {}

 protected:
  ~Host() = default;
};

// An API answer: a response document or a Step Functions error.
struct ApiAnswer {
  std::optional<Json> response;
  std::optional<ApiError> error;
  bool ok() const { return response.has_value(); }
  static ApiAnswer success(Json response) { return {std::move(response), std::nullopt}; }
  static ApiAnswer failure(std::string code, std::string message) {
    return {std::nullopt, ApiError{std::move(code), std::move(message)}};
  }
};

// What the simulated world learns about a token it holds (not an AWS API; checkers must not use
// it). Used to pick the mocked behaviour of an attempt.
struct TaskInfo {
  std::string execution_arn;
  std::string state_name;
  std::string resource;
  uint32_t invocation = 0;
  int64_t scheduled_event_id = 0;
  bool open = false;  // The attempt has not closed.
};

// The result of an integration call, a Lambda invocation or a .sync job.
struct IntegrationResult {
  std::optional<Json> output;  // Success.
  std::optional<std::string> error;
  std::optional<std::string> cause;
  static IntegrationResult success(Json output) { return {std::move(output), {}, {}}; }
  static IntegrationResult failure(std::optional<std::string> error,
                                   std::optional<std::string> cause) {
    return {std::nullopt, std::move(error), std::move(cause)};
  }
};

class Engine {
 public:
  Engine(Host& host, Random random, EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const EngineOptions& options() const;

  // --- Step Functions API ------------------------------------------------------------------
  // StartExecution of `definition` (already validated). Response: {executionArn, startDate}.
  ApiAnswer start_execution(Instant now, std::shared_ptr<const asl::Definition> definition,
                            const std::string& state_machine_name, const std::string& name,
                            const Json& input, ExecutionType type = ExecutionType::STANDARD);
  // GetActivityTask: {taskToken, input} when a task is waiting, {} when none (the host models
  // long polling by calling again when dispatch() announces a task).
  ApiAnswer get_activity_task(Instant now, std::string_view activity_arn,
                              std::string_view worker_name);
  ApiAnswer send_task_success(Instant now, std::string_view token, std::string_view output);
  ApiAnswer send_task_failure(Instant now, std::string_view token,
                              std::optional<std::string> error, std::optional<std::string> cause);
  ApiAnswer send_task_heartbeat(Instant now, std::string_view token);
  ApiAnswer stop_execution(Instant now, std::string_view execution_arn,
                           std::optional<std::string> error, std::optional<std::string> cause);
  ApiAnswer redrive_execution(Instant now, std::string_view execution_arn,
                              std::optional<std::string> client_token);
  ApiAnswer describe_execution(Instant now, std::string_view execution_arn) const;

  // --- Map Runs of Distributed Maps (DMAP-11) -------------------------------------------------
  // DescribeMapRun: {mapRunArn, executionArn, status, startDate, stopDate?, maxConcurrency,
  // toleratedFailurePercentage, toleratedFailureCount, itemCounts, executionCounts,
  // redriveCount, redriveDate?}; ResourceNotFound for an unknown ARN.
  ApiAnswer describe_map_run(Instant now, std::string_view map_run_arn) const;
  // Every Map Run's ARN, in start order.
  std::vector<std::string> map_run_arns() const;
  // The child execution ARNs of a Map Run in item order ("" for a child never started or
  // released); empty for an unknown ARN. Like ListExecutions(mapRunArn).
  std::vector<std::string> map_run_children(std::string_view map_run_arn) const;
  // The one record of a Map Run, which the Map Run checks (sim/check), the timeline and
  // `--map-runs` read: DescribeMapRun plus, in item order, "childExecutions" (the children as
  // ListExecutions(mapRunArn) lists them, for the checks: {executionArn ("" when never started
  // or released), status?, error?, cause?, redriveCount?, itemCount, starts: the run's redrive
  // count at each start of the child}), "countLog" (the counters after every change and at
  // every MapRun* event; empty unless the engine keeps the children's histories) and
  // "childRecords" (what the Map Run itself keeps of each child after its history is released,
  // for the timeline: {name, executionArn (as formed, DMAP-7.2), status (PENDING, RUNNING,
  // SUCCEEDED, FAILED, TIMED_OUT, ABORTED; DMAP-8.5), firstItem, itemCount, redriveCount,
  // historyKept, startDate?, stopDate?, error?}). Null for an unknown ARN.
  Json map_run_record(Instant now, std::string_view map_run_arn) const;

  // --- Integrations (the simulated services answering the engine's calls) ------------------
  ApiAnswer complete_integration(Instant now, std::string_view token, IntegrationResult result);

  // --- Driving ---------------------------------------------------------------------------
  // The host's answers to S3Host::read_items and write_results (stale tickets are ignored).
  void on_items_read(Instant now, S3Ticket ticket, s3::ReadOutcome outcome);
  void on_results_written(Instant now, S3Ticket ticket, s3::WriteOutcome outcome);
  // A timer armed through Host::arm_timer fired.
  void on_timer(Instant now, TimerSlot slot);

  // --- Observation -------------------------------------------------------------------------
  const History* history(std::string_view execution_arn) const;
  std::optional<ExecutionStatus> status(std::string_view execution_arn) const;
  std::optional<TaskInfo> task_info(std::string_view token) const;
  // Executions that have not reached a terminal status.
  size_t running_executions() const;
  // Arns of all executions, in start order.
  std::vector<std::string> execution_arns() const;
  // Forgets a closed execution and everything it holds, so that long runs (a million executions
  // in a benchmark) keep flat memory. Its arn is then unknown and its tokens answer TaskTimedOut.
  void release_execution(std::string_view execution_arn);

  struct State;  // Defined in engine/sfn_state.h.

 private:
  std::unique_ptr<State> state_;
};

}  // namespace wfsim::sfn
