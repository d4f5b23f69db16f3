// Step Functions engine: virtual time, history events, timer slots, the step queue and the
// execution lifecycle (close, context object). The interpreter proper is in sfn_states.cpp,
// sfn_tasks.cpp, sfn_errors.cpp and sfn_blocks.cpp.
#include "engine/sfn_core.h"

namespace wfsim::sfn {
namespace {
constexpr TimerSlot kStepSlot = 0;
}  // namespace

Engine::State::State(Host& host_in, Random random_in, EngineOptions options_in)
    : host(host_in), random(std::move(random_in)), options(std::move(options_in)) {
  // Slot 0: the step timer.
  timers.push_back(TimerEntry{TimerKind::step, kNone, 0, kNone, Instant{}, 0});
  arn_prefix = "arn:aws:states:" + options.region + ":" + options.account + ":";
  execution_prefix = arn_prefix + "execution:";
  express_prefix = arn_prefix + "express:";
  state_machine_prefix = arn_prefix + "stateMachine:";
  execution_prefix_hash = hash_name(execution_prefix);
  express_prefix_hash = hash_name(express_prefix);
  history_names =
      std::make_shared<const HistoryNames>(HistoryNames{options.region, options.role_arn});
}

void Engine::State::set_now(Instant t) {
  WFSIM_ASSERT_MSG(!in_host_call, "the host called the engine from inside a host callback");
  WFSIM_ASSERT_MSG(t >= now, "virtual time went backwards");
  now = t;
}

HistoryEvent& Engine::State::emit(Execution& e, EventType type, int64_t previous_event_id) {
  if (!e.running()) {
    scratch = HistoryEvent{};
    return scratch;
  }
  const auto limit = static_cast<size_t>(options.history_event_limit);
  if (e.history.size() + 1 >= limit && !is_execution_terminal(type)) {
    // The limit-th event is the ExecutionFailed itself (SFN-1.5d).
    close_execution(e, ExecutionStatus::FAILED, EventType::ExecutionFailed, asl::errors::kRuntime,
                    "The execution reached the maximum number of history events (" +
                        std::to_string(options.history_event_limit) + ").");
    scratch = HistoryEvent{};
    return scratch;
  }
  return e.history.append(type, now, previous_event_id);
}

HistoryEvent& Engine::State::emit(Thread& t, EventType type) {
  HistoryEvent& event = emit(execution_of(t), type, t.last_event_id);
  if (&event != &scratch) t.last_event_id = event.id;
  return event;
}

TimerSlot Engine::State::arm(TimerKind kind, Id target, uint32_t epoch, Instant at) {
  TimerSlot slot = free_timer;
  if (slot == kNone) {
    slot = static_cast<TimerSlot>(timers.size());
    timers.emplace_back();
  } else {
    free_timer = timers[slot].next_free;
  }
  const uint64_t sequence = ++timer_sequence;
  timers[slot] = TimerEntry{kind, target, epoch, kNone, at, sequence};
  armed_by_due.emplace(std::pair{at, sequence}, slot);
  in_host_call = true;
  host.arm_timer(slot, at);
  in_host_call = false;
  return slot;
}

void Engine::State::rearm(TimerSlot slot, Instant at) {
  WFSIM_ASSERT(slot != kNone && slot < timers.size() && timers[slot].kind != TimerKind::free);
  TimerEntry& entry = timers[slot];
  WFSIM_ASSERT(armed_by_due.erase(std::pair{entry.due, entry.sequence}) == 1);
  entry.due = at;
  entry.sequence = ++timer_sequence;
  armed_by_due.emplace(std::pair{at, entry.sequence}, slot);
  in_host_call = true;
  host.arm_timer(slot, at);
  in_host_call = false;
}

void Engine::State::disarm(TimerSlot& slot) {
  if (slot == kNone) return;
  WFSIM_ASSERT(slot != kStepSlot && slot < timers.size() && timers[slot].kind != TimerKind::free);
  in_host_call = true;
  host.cancel_timer(slot);
  in_host_call = false;
  release_timer(slot);
  slot = kNone;
}

TimerEntry Engine::State::release_timer(TimerSlot slot) {
  WFSIM_ASSERT(slot != kStepSlot && slot < timers.size() && timers[slot].kind != TimerKind::free);
  const TimerEntry entry = timers[slot];
  WFSIM_ASSERT(armed_by_due.erase(std::pair{entry.due, entry.sequence}) == 1);
  timers[slot] = TimerEntry{TimerKind::free, kNone, 0, free_timer, Instant{}, 0};
  free_timer = slot;
  return entry;
}

void Engine::State::fire_due_timers() {
  while (!armed_by_due.empty() && armed_by_due.begin()->first.first <= now) {
    const TimerSlot slot = armed_by_due.begin()->second;
    in_host_call = true;
    host.cancel_timer(slot);
    in_host_call = false;
    fire_timer(slot);
  }
}

void Engine::State::enqueue(StepKind kind, Id target, uint32_t epoch) {
  steps.push_back(Step{kind, target, epoch});
  if (!step_armed) {
    step_armed = true;
    in_host_call = true;
    host.arm_timer(kStepSlot, now);
    in_host_call = false;
  }
}

void Engine::State::drain_steps() {
  // step_armed stays true while draining, so steps added now run in this same drain.
  while (!steps.empty()) {
    const Step step = steps.front();
    steps.pop_front();
    run_step(step);
  }
  step_armed = false;
}

void Engine::State::run_step(const Step& step) {
  switch (step.kind) {
    case StepKind::run_thread: {
      Thread& t = thread(step.target);
      if (t.epoch != step.epoch || !execution_of(t).running()) return;
      if (t.status != ThreadStatus::pending && t.status != ThreadStatus::running) return;
      t.status = ThreadStatus::running;
      proceed(step.target, run_visit(step.target));
      return;
    }
    case StepKind::start_attempt: {
      const Attempt& a = attempts[step.target];
      if (a.generation != step.epoch || a.status != AttemptStatus::scheduled) return;
      if (!executions[a.execution].running()) return;
      start_attempt(step.target);
      return;
    }
    case StepKind::handle_outcome: {
      Thread& t = thread(step.target);
      if (t.epoch != step.epoch || t.status != ThreadStatus::running) return;
      if (!execution_of(t).running()) return;
      handle_outcome(step.target);
      return;
    }
    case StepKind::finish_block:
      if (blocks[step.target].generation != step.epoch || blocks[step.target].closed) return;
      if (!execution_of(thread(blocks[step.target].owner)).running()) return;
      finish_block(step.target);
      return;
    case StepKind::map_child_closed:
      map_child_closed(step.target, step.epoch);
      return;
    case StepKind::start_iterations:
      if (blocks[step.target].generation != step.epoch || blocks[step.target].closed) return;
      if (!execution_of(thread(blocks[step.target].owner)).running()) return;
      start_iterations(step.target);
      return;
  }
}

Id Engine::State::new_thread(Id execution_id, const asl::StateMachine* machine, Id parent,
                             uint32_t index) {
  Id id = kNone;
  if (!free_threads.empty()) {
    id = free_threads.back();
    free_threads.pop_back();
  } else {
    id = static_cast<Id>(threads.size());
    threads.emplace_back();
  }
  Thread& t = threads[id];
  const uint32_t epoch = t.epoch + 1;  // Steps queued for an earlier user of the slot go stale.
  t = Thread{};
  t.epoch = epoch;
  t.self = id;
  t.execution = execution_id;
  t.machine = machine;
  t.parent_block = parent;
  t.child_index = index;
  executions[execution_id].threads.push_back(id);
  return id;
}

Id Engine::State::new_block(Id owner, bool is_map) {
  Id id = kNone;
  if (!free_blocks.empty()) {
    id = free_blocks.back();
    free_blocks.pop_back();
  } else {
    id = static_cast<Id>(blocks.size());
    blocks.emplace_back();
  }
  const uint32_t generation = blocks[id].generation + 1;
  blocks[id] = Block{};
  blocks[id].generation = generation;
  blocks[id].owner = owner;
  blocks[id].is_map = is_map;
  executions[threads[owner].execution].blocks.push_back(id);
  return id;
}

Id Engine::State::new_attempt() {
  Id id = kNone;
  if (!free_attempts.empty()) {
    id = free_attempts.back();
    free_attempts.pop_back();
  } else {
    id = static_cast<Id>(attempts.size());
    attempts.emplace_back();
  }
  const uint32_t generation = attempts[id].generation + 1;
  attempts[id] = Attempt{};
  attempts[id].generation = generation;
  attempts[id].self = id;
  return id;
}

void Engine::State::close_execution(Execution& e, ExecutionStatus status, EventType type,
                                    std::optional<std::string> error,
                                    std::optional<std::string> cause,
                                    std::optional<int64_t> previous_event_id) {
  if (!e.running()) return;
  WFSIM_ASSERT(is_execution_terminal(type));
  abort_open_map_runs(e);  // DMAP-9.4: MapRunAborted before the execution's end.
  if (!e.running()) return;  // The history's event limit ended it meanwhile.
  const auto latest = static_cast<int64_t>(e.history.size());
  WFSIM_ASSERT(!previous_event_id || (*previous_event_id >= 0 && *previous_event_id <= latest));
  HistoryEvent& event = emit(e, type, previous_event_id.value_or(latest));
  if (type == EventType::ExecutionSucceeded) {
    event.output = e.output;
  } else {
    event.error = error;
    event.cause = cause;
    e.error = std::move(error);
    e.cause = std::move(cause);
  }
  e.status = status;
  e.stop_date = now;
  e.open_before_run += now - e.run_start;
  disarm(e.execution_timer);
  for (const Id a : e.attempts) {
    if (attempts[a].status != AttemptStatus::closed) close_attempt(attempts[a]);
  }
  for (const Id t : e.threads) disarm(threads[t].visit.timer);
  WFSIM_ASSERT(running_count > 0);
  --running_count;
  if (e.map_run != kNone) enqueue(StepKind::map_child_closed, e.map_run, e.map_run_child);
  notify(e.arn, status);
}

void Engine::State::arm_execution_timer(Execution& e, Id id) {
  // The earliest of the definition's TimeoutSeconds, the 1-year (or Express 5-minute) maximum.
  const Duration maximum = e.type == ExecutionType::EXPRESS ? options.express_max_duration
                                                            : options.max_execution_duration;
  Instant deadline = saturating_add(e.run_start, maximum - e.open_before_run);
  if (e.definition->timeout_seconds) {
    const Instant start = options.mutants.has(Mutant::execution_timeout_not_reset_on_redrive)
                              ? e.start_date
                              : e.run_start;
    deadline = std::min(deadline, saturating_add(start, Duration::saturating_seconds(
                                                            *e.definition->timeout_seconds)));
  }
  disarm(e.execution_timer);
  e.execution_timer = arm(TimerKind::execution, id, 0, std::max(deadline, now));
}

const Execution* Engine::State::find_execution(std::string_view arn) const {
  const auto it = execution_by_arn.find(std::string(arn));
  if (it == execution_by_arn.end()) return nullptr;
  const Execution& e = executions[it->second];
  return e.released ? nullptr : &e;
}

Json Engine::State::context_object(const Execution& e, const Thread& t, const std::string* token,
                                   const Json* map_item, int64_t map_index) const {
  Json execution = json_object("Id", e.arn, "Input", e.input ? *e.input : Json::object(), "Name",
                               e.name, "RoleArn", options.role_arn, "StartTime",
                               format_iso8601_ms(e.start_date), "RedriveCount", e.redrive_count);
  if (e.redrive_date) execution["RedriveTime"] = format_iso8601_ms(*e.redrive_date);
  const asl::State& s = t.machine->states[static_cast<size_t>(t.visit.state)];
  Json state = json_object("EnteredTime", format_iso8601_ms(t.visit.entered_time), "Name", s.name);
  // A Pass state's context has no RetryCount (REC-4); states that can retry have it.
  if (s.type != asl::StateType::Pass) state["RetryCount"] = t.visit.retry_count;
  Json context = json_object(
      "Execution", std::move(execution), "State", std::move(state),
      "StateMachine",
      json_object("Id", e.state_machine_arn, "Name",
                  e.state_machine_arn.substr(e.state_machine_arn.rfind(':') + 1)));
  if (token != nullptr) context["Task"] = json_object("Token", *token);
  if (map_item != nullptr) {
    context["Map"] = json_object("Item", json_object("Index", map_index, "Value", *map_item));
  }
  return context;
}

void Engine::State::notify(std::string_view arn, ExecutionStatus status) {
  in_host_call = true;
  host.execution_closed(arn, status);
  in_host_call = false;
}

void Engine::State::dispatch(const TaskDispatch& task) {
  in_host_call = true;
  host.dispatch(task);
  in_host_call = false;
}

}  // namespace wfsim::sfn
