// The stateful test of the Step Functions API (api_state_test.cpp): a small model of what the
// API must answer, and the system it is compared with, the reference engine driven directly
// through a tiny host.
//
// Every execution runs its own copy of one state machine, polled on its own activity ARN:
//
//   {"TimeoutSeconds": E, "StartAt": "Work", "States": {
//     "Work": {"Type": "Task", "Resource": "...:activity:work<k>", "TimeoutSeconds": T,
//              "HeartbeatSeconds": H,
//              "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": I, "MaxAttempts": R,
//                         "BackoffRate": 2.0}],
//              "Catch": [{"ErrorEquals": ["Fatal"], "Next": "Recovered"}], "End": true},
//     "Recovered": {"Type": "Pass", "End": true}}}
//
// From the facts it predicts each execution's status, which token calls are accepted (an open
// attempt's token) and which get TaskTimedOut (a closed attempt's) or InvalidToken (never issued),
// the retry delays, both timeout clocks and the execution clock (restarted by a redrive), and
// whether RedriveExecution succeeds and DescribeExecution says REDRIVABLE (FAILED, TIMED_OUT or
// ABORTED, closed at most 14 days ago). The system keeps one call log per execution, written as
// sim/world/world.h describes, so the record can also be handed to the invariant checkers.
//
// Ties: the host fires timers due at the same instant in the order they were armed, so an
// execution's own timeout (armed when it started or was redriven) wins over its task's clocks.
// After every call the host fires what is due at that instant (the engine's step queue runs
// from a timer armed for `now`), before the next call is made.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/model.h"
#include "core/time.h"
#include "engine/sfn_engine.h"
#include "record/call_log.h"

namespace wfsim::properties::api {

struct MachineConfig {
  int timeout_seconds = 10;    // T
  int heartbeat_seconds = 3;   // H < T
  int interval_seconds = 1;    // I
  int max_attempts = 2;        // R
  int execution_timeout_seconds = 100;  // E
};

// The definition of execution k (its activity ARN is activity_arn(k)).
std::string definition_text(const MachineConfig& config, size_t k);
std::string activity_arn(size_t k);

enum class Status : uint8_t { RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED };
const char* to_string(Status status);

struct ExecutionModel {
  enum class Phase : uint8_t { none, waiting, started, backoff };
  Status status = Status::RUNNING;
  Phase phase = Phase::waiting;
  Duration run_start;       // Start, or the latest redrive.
  Duration attempt_start;   // Phase started: when GetActivityTask handed out the token.
  Duration last_heartbeat;  // Phase started: the latest accepted heartbeat (or the start).
  Duration retry_at;        // Phase backoff.
  Duration closed_at;       // Not RUNNING: when it closed.
  int retries = 0;          // Retries of the Work visit so far.
  int redrive_count = 0;
  std::optional<size_t> token;  // The open attempt's token (phase started).
};

struct Model {
  MachineConfig config;
  Duration now;  // From the test's epoch.
  std::vector<ExecutionModel> executions;
  std::vector<size_t> token_execution;  // Token index -> its execution.
  std::vector<bool> token_open;

  // Whether RedriveExecution of execution k must succeed now (with `window` false: were it not
  // for the 14-day redrive window).
  bool redrivable(size_t k, bool window = true) const;
  // Moves time on by `by`, applying every clock that fires meanwhile (see the ties rule above).
  void advance(Duration by);
  // The effects of the API calls (only called when the call is accepted).
  size_t hand_out(size_t k);  // GetActivityTask that returned a task: the new token's index.
  void heartbeat(size_t token);
  void succeed(size_t token);
  void fail(size_t token, const std::string& error);
  void stop(size_t k);
  void redrive(size_t k);
  void start();

 private:
  void close_execution(ExecutionModel& e, Status status, Duration at);
  void close_attempt(ExecutionModel& e);
};

// The reference engine behind a host that fires timers in (deadline, arming order).
class System final : public sfn::Host {
 public:
  System(const MachineConfig& config, uint64_t seed, MutantSet mutants = {});

  sfn::ApiAnswer start();
  // GetActivityTask of execution k's ARN; the token, when one was handed out, is appended.
  sfn::ApiAnswer poll(size_t k);
  sfn::ApiAnswer heartbeat(const std::string& token, size_t log);
  sfn::ApiAnswer succeed(const std::string& token, size_t log);
  sfn::ApiAnswer fail(const std::string& token, const std::string& error, size_t log);
  sfn::ApiAnswer stop(size_t k);
  sfn::ApiAnswer redrive(size_t k);
  sfn::ApiAnswer describe(size_t k);
  void advance(Duration by);

  const History& history(size_t k) const;
  const CallLog& calls(size_t k) const { return logs_[k]; }
  const std::shared_ptr<const asl::Definition>& definition(size_t k) const {
    return definitions_[k];
  }
  size_t executions() const { return arns_.size(); }

  std::vector<std::string> tokens;  // Handed out, in order (the model's token indexes).

  // Host.
  void arm_timer(TimerSlot slot, Instant at) override;
  void cancel_timer(TimerSlot slot) override;
  void dispatch(const sfn::TaskDispatch& task) override;

 private:
  MachineConfig config_;
  Instant now_;
  uint64_t arming_ = 0;
  std::map<TimerSlot, std::pair<Instant, uint64_t>> timers_;  // Slot -> (deadline, arming).
  std::vector<CallRecord> delivered_;  // DeliverTask records of the call in progress.
  std::vector<size_t> delivered_to_;   // Their executions.
  sfn::Engine engine_;
  std::vector<std::string> arns_;
  std::vector<std::shared_ptr<const asl::Definition>> definitions_;
  std::vector<CallLog> logs_;

  sfn::ApiAnswer logged(size_t log, const std::string& caller, ApiCall api,
                        Json request, sfn::ApiAnswer answer);
  size_t execution_of(std::string_view arn) const;
};

}  // namespace wfsim::properties::api
