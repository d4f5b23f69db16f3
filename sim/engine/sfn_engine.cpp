// Step Functions engine: the public API (sfn_engine.h) on top of Engine::State. Each call sets
// virtual time, validates its arguments as the service does, and answers with the response or
// the documented error; task-token calls change nothing when they are rejected (SFN-1.3f).
#include "engine/sfn_core.h"

#include <algorithm>

namespace wfsim::sfn {
namespace {


ApiAnswer does_not_exist(std::string_view arn) {
  return ApiAnswer::failure("ExecutionDoesNotExist",
                            "Execution Does Not Exist: '" + std::string(arn) + "'");
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 80) return false;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f || std::string_view("<>{}[]?*\"#%\\^|~`$&,;:/").find(ch) !=
                                      std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool looks_like_execution_arn(std::string_view arn) {
  return arn.starts_with("arn:") &&
         (arn.find(":execution:") != std::string_view::npos ||
          arn.find(":express:") != std::string_view::npos);
}

}  // namespace

const char* to_string(ExecutionStatus status) {
  switch (status) {
    case ExecutionStatus::RUNNING: return "RUNNING";
    case ExecutionStatus::SUCCEEDED: return "SUCCEEDED";
    case ExecutionStatus::FAILED: return "FAILED";
    case ExecutionStatus::TIMED_OUT: return "TIMED_OUT";
    case ExecutionStatus::ABORTED: return "ABORTED";
    case ExecutionStatus::PENDING_REDRIVE: return "PENDING_REDRIVE";
  }
  return "UNKNOWN";
}

const char* to_string(DispatchKind kind) {
  switch (kind) {
    case DispatchKind::activity: return "activity";
    case DispatchKind::lambda: return "lambda";
    case DispatchKind::request_response: return "request_response";
    case DispatchKind::callback: return "callback";
    case DispatchKind::sync: return "sync";
  }
  return "unknown";
}

Engine::Engine(Host& host, Random random, EngineOptions options)
    : state_(std::make_unique<State>(host, std::move(random), std::move(options))) {}
Engine::~Engine() = default;

const EngineOptions& Engine::options() const { return state_->options; }

ApiAnswer Engine::start_execution(Instant now, std::shared_ptr<const asl::Definition> definition,
                                  const std::string& state_machine_name, const std::string& name,
                                  const Json& input, ExecutionType type) {
  State& s = *state_;
  s.set_now(now);
  WFSIM_ASSERT(definition != nullptr);
  if (!valid_name(name) || !valid_name(state_machine_name)) {
    return ApiAnswer::failure("InvalidName", "Invalid Name: '" + name + "'");
  }
  if (json_depth(input, kMaxJsonDepth) > kMaxJsonDepth) {
    return ApiAnswer::failure("InvalidExecutionInput",
                              "Invalid Execution Input: the input nests deeper than " +
                                  std::to_string(kMaxJsonDepth) + " levels");
  }
  if (!compact_text_fits(input, kMaxPayloadBytes)) {
    return ApiAnswer::failure("InvalidExecutionInput",
                              "Invalid Execution Input: the input exceeds 262144 bytes");
  }
  const bool express = type == ExecutionType::EXPRESS;
  std::string arn;
  arn.reserve(s.execution_prefix.size() + state_machine_name.size() + name.size() + 2);
  arn += express ? s.express_prefix : s.execution_prefix;
  const size_t prefix_size = arn.size();
  arn += state_machine_name;
  arn += ':';
  arn += name;
  if (s.execution_by_arn.count(arn) != 0) {
    return ApiAnswer::failure("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
  }
  // The same stream as s.random.fork(arn), hashing only what follows the prefix.
  const uint64_t arn_hash = hash_name(std::string_view(arn).substr(prefix_size),
                                      express ? s.express_prefix_hash : s.execution_prefix_hash);
  const Id id = s.open_execution(std::move(arn), arn_hash, name,
                                 s.state_machine_prefix + state_machine_name,
                                 std::move(definition), type, make_document(input));
  const Execution& e = s.executions[id];
  return ApiAnswer::success(
      json_object("executionArn", e.arn, "startDate", format_iso8601_ms(e.start_date)));
}

Id Engine::State::open_execution(std::string arn, uint64_t arn_hash, const std::string& name,
                                 std::string state_machine_arn,
                                 std::shared_ptr<const asl::Definition> definition,
                                 ExecutionType type, Document input) {
  Id id = kNone;
  if (!free_executions.empty()) {
    id = free_executions.back();
    free_executions.pop_back();
    executions[id].reset();
  } else {
    id = static_cast<Id>(executions.size());
    executions.emplace_back();
    // Room for a run through the top-level states without growing (about three events a state):
    // a Distributed Map's 10,000 concurrent children of two states each take 9 events, not 32.
    const size_t expected_events = 3 * definition->root.states.size() + 3;
    executions.back().history.events.reserve(std::min<size_t>(32, expected_events));
  }
  Execution& e = executions[id];
  e.arn = std::move(arn);
  e.name = name;
  e.state_machine_arn = std::move(state_machine_arn);
  e.definition = std::move(definition);
  e.type = type;
  e.input = std::move(input);
  e.start_date = now;
  e.run_start = now;
  e.random = random.fork_hashed(arn_hash);
  e.history.owners.push_back(e.definition);
  e.history.owners.push_back(history_names);
  const bool new_arn = execution_by_arn.try_emplace(e.arn, id).second;
  WFSIM_ASSERT_MSG(new_arn, "an execution ARN is opened once");
  e.opened = ++executions_opened;
  execution_order.emplace_back(id, e.opened);
  ++running_count;
  HistoryEvent& started = emit(e, EventType::ExecutionStarted, 0);
  started.input = e.input;
  started.role_arn = history_names->role_arn;
  e.root = new_thread(id, &e.definition->root, kNone, 0);
  Thread& root = thread(e.root);
  start_thread(root, e.definition->root.start_at, e.input);
  root.last_event_id = started.id;
  relink(root, 0);  // The first state's Entered event links to 0 (REC-7).
  enqueue(StepKind::run_thread, e.root, root.epoch);
  arm_execution_timer(e, id);
  return id;
}

ApiAnswer Engine::get_activity_task(Instant now, std::string_view activity_arn,
                                    std::string_view worker_name) {
  State& s = *state_;
  s.set_now(now);
  const auto queue = s.activity_queues.find(std::string(activity_arn));
  if (queue == s.activity_queues.end()) return ApiAnswer::success(Json::object());
  while (!queue->second.empty()) {
    const auto [aid, generation] = queue->second.front();
    queue->second.pop_front();
    Attempt& a = s.attempts[aid];
    if (a.generation != generation || a.status != AttemptStatus::scheduled ||
        !s.executions[a.execution].running()) {
      continue;
    }
    s.start_attempt(aid);
    Execution& e = s.executions[a.execution];
    // The history's event limit may fall on ActivityStarted: the execution failed instead and
    // there is no task to hand out.
    if (!e.running()) return ApiAnswer::success(Json::object());
    HistoryEvent& started = e.history.events.back();
    WFSIM_ASSERT(started.type == EventType::ActivityStarted);
    if (!worker_name.empty()) started.worker_name = std::string(worker_name);
    return ApiAnswer::success(json_object("taskToken", a.token, "input", to_compact_text(*a.payload)));
  }
  return ApiAnswer::success(Json::object());
}

ApiAnswer Engine::send_task_success(Instant now, std::string_view token, std::string_view output) {
  State& s = *state_;
  s.set_now(now);
  ApiAnswer rejection;
  Attempt* a = s.open_attempt_for_token(token, rejection);
  if (a == nullptr) {
    if (rejection.error->code == "TaskTimedOut" &&
        s.options.mutants.has(Mutant::closed_token_accepted)) {
      return ApiAnswer::success(Json::object());
    }
    return rejection;
  }
  Json parsed = Json::parse(output, nullptr, false);
  if (parsed.is_discarded()) {
    return ApiAnswer::failure("InvalidOutput", "Invalid Output: 'the output is not valid JSON'");
  }
  if (json_depth(parsed, kMaxJsonDepth) > kMaxJsonDepth) {
    return ApiAnswer::failure("InvalidOutput", "Invalid Output: 'the output nests deeper than " +
                                                   std::to_string(kMaxJsonDepth) + " levels'");
  }
  if (output.size() > kMaxPayloadBytes) {
    s.record_failure(*a,
                     s.data_limit_failure(*a->state),
                     false);
    return ApiAnswer::success(Json::object());
  }
  s.record_success(*a, std::move(parsed));
  return ApiAnswer::success(Json::object());
}

ApiAnswer Engine::send_task_failure(Instant now, std::string_view token,
                                    std::optional<std::string> error,
                                    std::optional<std::string> cause) {
  State& s = *state_;
  s.set_now(now);
  if ((error && error->size() > 256) || (cause && cause->size() > 32'768)) {
    return ApiAnswer::failure("ValidationException",
                              "error must be at most 256 and cause at most 32768 characters");
  }
  ApiAnswer rejection;
  Attempt* a = s.open_attempt_for_token(token, rejection);
  if (a == nullptr) {
    if (rejection.error->code == "TaskTimedOut" &&
        s.options.mutants.has(Mutant::closed_token_accepted)) {
      return ApiAnswer::success(Json::object());
    }
    return rejection;
  }
  s.record_failure(*a, Failure{std::move(error), std::move(cause), false}, false);
  return ApiAnswer::success(Json::object());
}

ApiAnswer Engine::send_task_heartbeat(Instant now, std::string_view token) {
  State& s = *state_;
  s.set_now(now);
  ApiAnswer rejection;
  Attempt* a = s.open_attempt_for_token(token, rejection);
  if (a == nullptr) {
    if (rejection.error->code == "TaskTimedOut" &&
        s.options.mutants.has(Mutant::closed_token_accepted)) {
      return ApiAnswer::success(Json::object());
    }
    return rejection;
  }
  // A heartbeat resets the heartbeat clock only; TimeoutSeconds holds regardless (SFN-1.1f).
  if (a->heartbeat_timer != kNone) {
    s.rearm(a->heartbeat_timer, now + Duration::seconds(*a->heartbeat_seconds));
  }
  if (a->timeout_timer != kNone && s.options.mutants.has(Mutant::heartbeat_extends_task_timeout)) {
    s.rearm(a->timeout_timer, saturating_add(now, Duration::seconds(a->timeout_seconds)));
  }
  return ApiAnswer::success(Json::object());
}

ApiAnswer Engine::stop_execution(Instant now, std::string_view arn,
                                 std::optional<std::string> error,
                                 std::optional<std::string> cause) {
  State& s = *state_;
  s.set_now(now);
  if (!looks_like_execution_arn(arn)) {
    return ApiAnswer::failure("InvalidArn", "Invalid Arn: '" + std::string(arn) + "'");
  }
  const Execution* found = s.find_execution(arn);
  if (found == nullptr) return does_not_exist(arn);
  Execution& e = s.executions[s.execution_by_arn.at(std::string(arn))];
  if (e.type == ExecutionType::EXPRESS) {
    return ApiAnswer::failure("ValidationException", "Express executions cannot be stopped");
  }
  // Stopping a closed execution changes nothing and answers with its stop date.
  s.close_execution(e, ExecutionStatus::ABORTED, EventType::ExecutionAborted, std::move(error),
                    std::move(cause));
  return ApiAnswer::success(json_object("stopDate", format_iso8601_ms(*e.stop_date)));
}

ApiAnswer Engine::redrive_execution(Instant now, std::string_view arn,
                                    std::optional<std::string> client_token) {
  State& s = *state_;
  s.set_now(now);
  if (!looks_like_execution_arn(arn)) {
    return ApiAnswer::failure("InvalidArn", "Invalid Arn: '" + std::string(arn) + "'");
  }
  if (s.find_execution(arn) == nullptr) return does_not_exist(arn);
  const Id id = s.execution_by_arn.at(std::string(arn));
  return s.redrive(s.executions[id], id, std::move(client_token));
}

ApiAnswer Engine::describe_execution(Instant now, std::string_view arn) const {
  const State& s = *state_;
  WFSIM_ASSERT(now >= s.now);
  if (!looks_like_execution_arn(arn)) {
    return ApiAnswer::failure("InvalidArn", "Invalid Arn: '" + std::string(arn) + "'");
  }
  const Execution* e = s.find_execution(arn);
  if (e == nullptr) return does_not_exist(arn);
  return ApiAnswer::success(s.describe(*e));
}

ApiAnswer Engine::complete_integration(Instant now, std::string_view token,
                                       IntegrationResult result) {
  State& s = *state_;
  s.set_now(now);
  ApiAnswer rejection;
  Attempt* a = s.open_attempt_for_token(token, rejection);
  if (a == nullptr) return rejection;
  if (result.output && json_depth(*result.output, kMaxJsonDepth) > kMaxJsonDepth) {
    return ApiAnswer::failure("InvalidOutput", "Invalid Output: 'the output nests deeper than " +
                                                   std::to_string(kMaxJsonDepth) + " levels'");
  }
  if (result.output) {
    if (!compact_text_fits(*result.output, kMaxPayloadBytes)) {
      s.record_failure(*a,
                       s.data_limit_failure(*a->state),
                       false);
    } else {
      s.record_success(*a, std::move(*result.output));
    }
  } else {
    s.record_failure(*a, Failure{std::move(result.error), std::move(result.cause), false}, false);
  }
  return ApiAnswer::success(Json::object());
}

void Engine::on_timer(Instant now, TimerSlot slot) {
  State& s = *state_;
  s.set_now(now);
  if (slot == 0) {
    s.fire_due_timers();
    s.drain_steps();
    return;
  }
  s.fire_timer(slot);
}

void Engine::State::fire_timer(TimerSlot slot) {
  const TimerEntry entry = release_timer(slot);
  switch (entry.kind) {
    case TimerKind::task_timeout:
      attempts[entry.target].timeout_timer = kNone;
      on_attempt_timeout(entry.target, false);
      return;
    case TimerKind::heartbeat_timeout:
      attempts[entry.target].heartbeat_timer = kNone;
      on_attempt_timeout(entry.target, true);
      return;
    case TimerKind::retry:
    case TimerKind::wait: {
      Thread& t = thread(entry.target);
      WFSIM_ASSERT(t.epoch == entry.epoch && t.visit.timer == slot);
      t.visit.timer = kNone;
      if (entry.kind == TimerKind::retry) {
        on_retry_elapsed(entry.target);
      } else {
        on_wait_elapsed(entry.target);
      }
      return;
    }
    case TimerKind::execution: {
      Execution& e = executions[entry.target];
      e.execution_timer = kNone;
      close_execution(e, ExecutionStatus::TIMED_OUT, EventType::ExecutionTimedOut,
                      asl::errors::kTimeout, std::nullopt);
      return;
    }
    case TimerKind::step:
    case TimerKind::free:
      break;
  }
  WFSIM_UNREACHABLE("timer of unknown kind");
}

const History* Engine::history(std::string_view arn) const {
  const Execution* e = state_->find_execution(arn);
  return e == nullptr ? nullptr : &e->history;
}

std::optional<ExecutionStatus> Engine::status(std::string_view arn) const {
  const Execution* e = state_->find_execution(arn);
  if (e == nullptr) return std::nullopt;
  return e->status;
}

std::optional<TaskInfo> Engine::task_info(std::string_view token) const {
  ApiAnswer rejection;
  const Attempt* a = state_->attempt_for_token(token, rejection);
  if (a == nullptr || a->state == nullptr) return std::nullopt;
  const Execution& e = state_->executions[a->execution];
  return TaskInfo{e.arn, a->state->name, a->state->task->resource, a->invocation,
                  a->scheduled_event_id, a->status != AttemptStatus::closed};
}

size_t Engine::running_executions() const { return state_->running_count; }

std::vector<std::string> Engine::execution_arns() const {
  std::vector<std::string> out;
  for (const auto& [id, opened] : state_->execution_order) {
    const Execution& e = state_->executions[id];
    if (!e.released && e.opened == opened) out.push_back(e.arn);
  }
  return out;
}

void Engine::release_execution(std::string_view arn) {
  State& s = *state_;
  const auto it = s.execution_by_arn.find(std::string(arn));
  WFSIM_ASSERT_MSG(it != s.execution_by_arn.end(), "release of an unknown execution");
  s.release(it->second);
}

void Engine::State::release(Id id) {
  Execution& e = executions[id];
  WFSIM_ASSERT_MSG(!e.running(), "release of a running execution");
  WFSIM_ASSERT(!e.released);
  for (const Id t : e.threads) {
    threads[t].status = ThreadStatus::aborted;
    free_threads.push_back(t);
  }
  for (const Id b : e.blocks) free_blocks.push_back(b);
  for (const Id a : e.attempts) free_attempts.push_back(a);
  // Its Map Runs keep their counters (DescribeMapRun) but not what they held per child or item:
  // a long run of released executions keeps flat memory.
  for (const Id r : e.map_runs) release_map_run_records(map_runs[r]);
  execution_by_arn.erase(e.arn);
  e.reset();
  e.released = true;
  if (++execution_order_dead > execution_order.size() / 2) {
    std::erase_if(execution_order, [this](const std::pair<Id, uint64_t>& entry) {
      const Execution& other = executions[entry.first];
      return other.released || other.opened != entry.second;
    });
    execution_order_dead = 0;
  }
  free_executions.push_back(id);
}

}  // namespace wfsim::sfn
