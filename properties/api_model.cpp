// The model of the Step Functions API and the engine-with-a-tiny-host it is compared with; see
// api_model.h.
#include "properties/api_model.h"

#include "asl/definition.h"
#include "core/assert.h"

namespace wfsim::properties::api {
namespace {

constexpr Duration kRedriveWindow = Duration::seconds(int64_t{14} * 86'400);
constexpr const char* kWorker = "worker:Work/1";

Duration seconds(int64_t s) { return Duration::seconds(s); }

}  // namespace

std::string activity_arn(size_t k) {
  return "arn:aws:states:us-east-1:123456789012:activity:work" + std::to_string(k);
}

std::string definition_text(const MachineConfig& c, size_t k) {
  const Json definition = {
      {"TimeoutSeconds", c.execution_timeout_seconds},
      {"StartAt", "Work"},
      {"States",
       {{"Work",
         {{"Type", "Task"},
          {"Resource", activity_arn(k)},
          {"TimeoutSeconds", c.timeout_seconds},
          {"HeartbeatSeconds", c.heartbeat_seconds},
          {"Retry", Json::array({{{"ErrorEquals", {"Flaky"}},
                                  {"IntervalSeconds", c.interval_seconds},
                                  {"MaxAttempts", c.max_attempts},
                                  {"BackoffRate", 2.0}}})},
          {"Catch", Json::array({{{"ErrorEquals", {"Fatal"}}, {"Next", "Recovered"}}})},
          {"End", true}}},
        {"Recovered", {{"Type", "Pass"}, {"End", true}}}}}};
  return definition.dump();
}

const char* to_string(Status status) {
  switch (status) {
    case Status::RUNNING: return "RUNNING";
    case Status::SUCCEEDED: return "SUCCEEDED";
    case Status::FAILED: return "FAILED";
    case Status::TIMED_OUT: return "TIMED_OUT";
    case Status::ABORTED: return "ABORTED";
  }
  return "?";
}

// --- Model -------------------------------------------------------------------------------------

bool Model::redrivable(size_t k, bool window) const {
  const ExecutionModel& e = executions.at(k);
  const bool unsuccessful = e.status == Status::FAILED || e.status == Status::TIMED_OUT ||
                            e.status == Status::ABORTED;
  return unsuccessful && (!window || now - e.closed_at <= kRedriveWindow);
}

void Model::close_attempt(ExecutionModel& e) {
  if (e.token) token_open[*e.token] = false;
  e.token.reset();
  e.phase = ExecutionModel::Phase::none;
}

void Model::close_execution(ExecutionModel& e, Status status, Duration at) {
  close_attempt(e);
  e.status = status;
  e.closed_at = at;
}

void Model::advance(Duration by) {
  const Duration until = now + by;
  for (ExecutionModel& e : executions) {
    while (e.status == Status::RUNNING) {
      // The execution clock first: at a tie it was armed before the task's clocks.
      Duration at = e.run_start + seconds(config.execution_timeout_seconds);
      enum class Fires { execution, task, retry } fires = Fires::execution;
      if (e.phase == ExecutionModel::Phase::started) {
        const Duration task = std::min(e.attempt_start + seconds(config.timeout_seconds),
                                       e.last_heartbeat + seconds(config.heartbeat_seconds));
        if (task < at) {
          at = task;
          fires = Fires::task;
        }
      }
      if (e.phase == ExecutionModel::Phase::backoff && e.retry_at < at) {
        at = e.retry_at;
        fires = Fires::retry;
      }
      if (at > until) break;
      switch (fires) {
        case Fires::execution:
          close_execution(e, Status::TIMED_OUT, at);
          break;
        case Fires::task:
          // States.Timeout: the retrier names only Flaky and the catcher only Fatal.
          close_execution(e, Status::FAILED, at);
          break;
        case Fires::retry:
          e.phase = ExecutionModel::Phase::waiting;
          break;
      }
    }
  }
  now = until;
}

size_t Model::hand_out(size_t k) {
  ExecutionModel& e = executions.at(k);
  WFSIM_ASSERT(e.status == Status::RUNNING && e.phase == ExecutionModel::Phase::waiting);
  const size_t token = token_execution.size();
  token_execution.push_back(k);
  token_open.push_back(true);
  e.phase = ExecutionModel::Phase::started;
  e.attempt_start = now;
  e.last_heartbeat = now;
  e.token = token;
  return token;
}

void Model::heartbeat(size_t token) {
  WFSIM_ASSERT(token_open.at(token));
  executions.at(token_execution[token]).last_heartbeat = now;
}

void Model::succeed(size_t token) {
  WFSIM_ASSERT(token_open.at(token));
  close_execution(executions.at(token_execution[token]), Status::SUCCEEDED, now);
}

void Model::fail(size_t token, const std::string& error) {
  WFSIM_ASSERT(token_open.at(token));
  ExecutionModel& e = executions.at(token_execution[token]);
  close_attempt(e);
  if (error == "Fatal") {
    close_execution(e, Status::SUCCEEDED, now);  // Caught: Recovered is a Pass that ends.
  } else if (error == "Flaky" && e.retries < config.max_attempts) {
    // IntervalSeconds x BackoffRate^k for the k-th retry, no jitter (SFN-2.3a).
    e.retry_at = now + seconds(int64_t{config.interval_seconds} << e.retries);
    ++e.retries;
    e.phase = ExecutionModel::Phase::backoff;
  } else {
    close_execution(e, Status::FAILED, now);
  }
}

void Model::stop(size_t k) {
  ExecutionModel& e = executions.at(k);
  if (e.status == Status::RUNNING) close_execution(e, Status::ABORTED, now);
}

void Model::redrive(size_t k) {
  WFSIM_ASSERT(redrivable(k));
  ExecutionModel& e = executions.at(k);
  // The Work state runs again from its start: a new attempt, retry counters at 0 (SFN-3.5).
  e.status = Status::RUNNING;
  e.phase = ExecutionModel::Phase::waiting;
  e.run_start = now;
  e.retries = 0;
  ++e.redrive_count;
}

void Model::start() {
  ExecutionModel e;
  e.run_start = now;
  executions.push_back(e);
}

// --- System ------------------------------------------------------------------------------------

namespace {
sfn::EngineOptions with_mutants(MutantSet mutants) {
  sfn::EngineOptions options;
  options.mutants = mutants;
  return options;
}
}  // namespace

System::System(const MachineConfig& config, uint64_t seed, MutantSet mutants)
    : config_(config),
      now_(kDefaultEpoch),
      engine_(*this, Random(seed).fork("engine"), with_mutants(mutants)) {}

void System::arm_timer(TimerSlot slot, Instant at) { timers_[slot] = {at, ++arming_}; }

void System::cancel_timer(TimerSlot slot) { timers_.erase(slot); }

void System::dispatch(const sfn::TaskDispatch& task) {
  CallRecord record;
  record.time = now_;
  record.sent = now_;
  record.caller = "engine";
  record.api = ApiCall::DeliverTask;
  record.request = {{"kind", sfn::to_string(task.kind)},
                    {"executionArn", task.execution_arn},
                    {"stateName", task.state_name},
                    {"resource", task.resource},
                    {"taskToken", task.token},
                    {"scheduledEventId", task.scheduled_event_id},
                    {"invocation", task.invocation},
                    {"payload", task.payload ? *task.payload : Json()}};
  record.response = Json::object();
  delivered_.push_back(std::move(record));
  delivered_to_.push_back(execution_of(task.execution_arn));
}

size_t System::execution_of(std::string_view arn) const {
  for (size_t k = 0; k < arns_.size(); ++k) {
    if (arns_[k] == arn) return k;
  }
  // Dispatched during StartExecution, before its arn is known here: the execution being started.
  return arns_.size();
}

sfn::ApiAnswer System::logged(size_t log, const std::string& caller, ApiCall api,
                              Json request, sfn::ApiAnswer answer) {
  if (logs_.size() <= log) logs_.resize(log + 1);
  CallRecord& record = logs_[log].append(now_, caller, api, std::move(request));
  record.response = answer.response;
  record.error = answer.error;
  // Tasks the engine handed out while it handled the call come right after it.
  for (size_t i = 0; i < delivered_.size(); ++i) {
    if (logs_.size() <= delivered_to_[i]) logs_.resize(delivered_to_[i] + 1);
    CallRecord& delivery = logs_[delivered_to_[i]].append(
        now_, delivered_[i].caller, delivered_[i].api, std::move(delivered_[i].request));
    delivery.response = Json::object();
  }
  delivered_.clear();
  delivered_to_.clear();
  // The engine runs what a call set in motion from a timer due now (its step queue).
  advance(Duration::zero());
  return answer;
}

sfn::ApiAnswer System::start() {
  const size_t k = arns_.size();
  auto parsed = asl::parse_definition_text(definition_text(config_, k));
  WFSIM_ASSERT_MSG(std::holds_alternative<std::shared_ptr<const asl::Definition>>(parsed),
                   "the API model's definition is invalid");
  definitions_.push_back(std::get<std::shared_ptr<const asl::Definition>>(std::move(parsed)));
  const std::string name = "run" + std::to_string(k);
  sfn::ApiAnswer answer =
      engine_.start_execution(now_, definitions_.back(), "machine", name, Json::object());
  WFSIM_ASSERT(answer.ok());
  arns_.push_back(answer.response->at("executionArn").get<std::string>());
  return logged(k, "scenario", ApiCall::StartExecution, {{"name", name}, {"input", Json::object()}},
                std::move(answer));
}

sfn::ApiAnswer System::poll(size_t k) {
  sfn::ApiAnswer answer = engine_.get_activity_task(now_, activity_arn(k), "Work/1");
  if (answer.ok() && answer.response->contains("taskToken")) {
    const std::string token = answer.response->at("taskToken").get<std::string>();
    tokens.push_back(token);
    // The log names the attempt the token belongs to, as the world logs it.
    const auto info = engine_.task_info(token);
    WFSIM_ASSERT(info.has_value());
    (*answer.response)["scheduledEventId"] = info->scheduled_event_id;
  }
  return logged(k, kWorker, ApiCall::GetActivityTask,
                {{"activityArn", activity_arn(k)}, {"workerName", "Work/1"}}, std::move(answer));
}

sfn::ApiAnswer System::heartbeat(const std::string& token, size_t log) {
  return logged(log, kWorker, ApiCall::SendTaskHeartbeat, {{"taskToken", token}},
                engine_.send_task_heartbeat(now_, token));
}

sfn::ApiAnswer System::succeed(const std::string& token, size_t log) {
  return logged(log, kWorker, ApiCall::SendTaskSuccess, {{"taskToken", token}, {"output", "{}"}},
                engine_.send_task_success(now_, token, "{}"));
}

sfn::ApiAnswer System::fail(const std::string& token, const std::string& error, size_t log) {
  return logged(log, kWorker, ApiCall::SendTaskFailure,
                {{"taskToken", token}, {"error", error}, {"cause", "model"}},
                engine_.send_task_failure(now_, token, error, "model"));
}

sfn::ApiAnswer System::stop(size_t k) {
  return logged(k, "scenario", ApiCall::StopExecution, {{"executionArn", arns_.at(k)}},
                engine_.stop_execution(now_, arns_.at(k), std::nullopt, std::nullopt));
}

sfn::ApiAnswer System::redrive(size_t k) {
  return logged(k, "scenario", ApiCall::RedriveExecution, {{"executionArn", arns_.at(k)}},
                engine_.redrive_execution(now_, arns_.at(k), std::nullopt));
}

sfn::ApiAnswer System::describe(size_t k) {
  return logged(k, "scenario", ApiCall::DescribeExecution, {{"executionArn", arns_.at(k)}},
                engine_.describe_execution(now_, arns_.at(k)));
}

void System::advance(Duration by) {
  const Instant until = now_ + by;
  for (;;) {
    auto next = timers_.end();
    for (auto it = timers_.begin(); it != timers_.end(); ++it) {
      if (next == timers_.end() || it->second < next->second) next = it;
    }
    if (next == timers_.end() || next->second.first > until) break;
    const TimerSlot slot = next->first;
    now_ = std::max(now_, next->second.first);
    timers_.erase(next);
    engine_.on_timer(now_, slot);
    // A retry schedules the next attempt: its DeliverTask goes in the execution's log.
    for (size_t i = 0; i < delivered_.size(); ++i) {
      CallRecord& delivery = logs_.at(delivered_to_[i]).append(
          now_, delivered_[i].caller, delivered_[i].api, std::move(delivered_[i].request));
      delivery.response = Json::object();
    }
    delivered_.clear();
    delivered_to_.clear();
  }
  now_ = until;
}

const History& System::history(size_t k) const {
  const History* history = engine_.history(arns_.at(k));
  WFSIM_ASSERT(history != nullptr);
  return *history;
}

}  // namespace wfsim::properties::api
