// The run loop of the world and what happens around the workers: setup, the event handler, the
// trace, the stop conditions (quiet after close, liveness, limits), faults stopping, scripted and
// replayed crashes and pauses, and the result. See world_core.h.
#include "world/world_core.h"

#include <algorithm>

#include "world/distribution.h"

namespace wfsim::world::detail {
namespace {

std::string seconds_text(Duration d) {
  std::string text = std::to_string(d.whole_seconds());
  if (const int64_t us = d.us() % 1'000'000; us != 0) {
    std::string fraction = std::to_string(us < 0 ? -us : us);
    fraction.insert(0, 6 - fraction.size(), '0');
    while (fraction.back() == '0') fraction.pop_back();
    text += "." + fraction;
  }
  return text + " s";
}

}  // namespace

std::string_view to_string(EventKind kind) {
  static constexpr std::string_view kNames[] = {
      "start",        "action",         "engine_timer",    "worker_wake",   "heartbeat_tick",
      "work_done",    "behaviour_crash", "fault_effect",   "worker_restart", "worker_resume",
      "late_report",  "answer_timeout", "sdk_wake",        "message_arrival", "scripted_fault",
      "faults_stop",  "liveness_check", "s3_answer",
  };
  static_assert(std::size(kNames) == static_cast<size_t>(EventKind::count_));
  return kNames[static_cast<size_t>(kind)];
}

WorldCore::WorldCore(const WorldConfig& config, const RunOptions& options, RunResult& result)
    : config_(config),
      options_(options),
      result_(result),
      root_(options.seed),
      ties_(root_.fork("ties")),
      scheduler_(config.epoch, config.limits, config.shuffle_ties ? &ties_ : nullptr),
      faults_(config.faults,
              options.swarm ? swarm_rates(config, options.seed) : config.faults.rates,
              root_, options.replay, config.epoch),
      quiet_since_(config.epoch) {
  liveness_bound_ = config.liveness_bound ? *config.liveness_bound : derived_liveness_bound(config);
}

void WorldCore::schedule_setup() {
  const Instant start = config_.epoch;
  result_.calls.records.reserve(32);
  scheduler_.at(start, Event{EventKind::start, 0, 0});
  for (size_t i = 0; i < config_.actions.size(); ++i) {
    scheduler_.at(saturating_add(start, config_.actions[i].at),
                  Event{EventKind::action, static_cast<uint32_t>(i), 0});
    ++actions_pending_;
  }
  // The same scripted-fault events in a run and in its replay (tag 0); only firings of a
  // hand-made schedule that no script entry explains get events of their own (tag 1).
  for (const FaultInjector::Timed& t : faults_.timed_script()) {
    const auto index = static_cast<uint32_t>(t.script_index);
    scheduler_.at(t.at, Event{EventKind::scripted_fault, index, 0});
  }
  const auto& unscripted = faults_.replay_unscripted();
  for (size_t i = 0; i < unscripted.size(); ++i) {
    scheduler_.at(std::max(start, saturating_add(start, unscripted[i].at)),
                  Event{EventKind::scripted_fault, static_cast<uint32_t>(i), 1});
  }
  scheduler_.at(faults_.stop_at(), Event{EventKind::faults_stop, 0, 0});
}

void WorldCore::run() {
  schedule_setup();
  StopReason reason = scheduler_.run([this](Instant, Event& event) { handle(event); },
                                     [this] { return should_stop(); });
  if (liveness_failed_) {
    reason = StopReason::time_limit;  // Even when the liveness check was the last event.
  } else if (reason == StopReason::requested && !interrupted_) {
    reason = StopReason::drained;  // Our own stop: the world went quiet after the close.
  }
  result_.stop = reason;
  finish_result();
}

bool WorldCore::should_stop() {
  if (liveness_failed_) return true;
  if (options_.interrupted && options_.interrupted()) {
    interrupted_ = true;
    return true;
  }
  if (open_ || !ever_opened_ || actions_pending_ > 0) return false;
  // Closed: keep going while workers still report (late completions and heartbeats get made
  // and rejected), and stop once neither the close nor a report is within the quiet period.
  const std::optional<Instant> next = scheduler_.next_time();
  return next && *next > saturating_add(quiet_since_, config_.quiet_period);
}

void WorldCore::handle(const Event& event) {
  if (options_.record_trace) begin_trace(event);
  switch (event.kind) {
    case EventKind::start:
      start_execution();
      break;
    case EventKind::action:
      --actions_pending_;
      perform_action(config_.actions[event.entity]);
      break;
    case EventKind::engine_timer:
      engine_timers_[event.entity] = Handle{};
      fire_engine_timer(event.entity);
      break;
    case EventKind::message_arrival: {
      const Message message = std::move(messages_[event.entity]);
      free_messages_.push_back(event.entity);
      arrive(message);
      break;
    }
    case EventKind::fault_effect:
      apply_effect(event.entity);
      break;
    case EventKind::scripted_fault:
      scripted_fault(event.entity, event.tag == 1);
      break;
    case EventKind::faults_stop:
      faults_stop();
      break;
    case EventKind::liveness_check:
      liveness_check();
      break;
    case EventKind::s3_answer:
      s3_answer(event.entity);
      break;
    default:
      handle_worker_event(event);
      break;
  }
  if (trace_event_ != nullptr) end_trace();
}

void WorldCore::begin_trace(const Event& event) {
  Json& j = result_.trace.emplace_back(Json::object());
  j["seq"] = scheduler_.events_processed();
  j["time"] = format_iso8601(now());
  j["kind"] = to_string(event.kind);
  switch (event.kind) {
    case EventKind::start:
    case EventKind::faults_stop:
    case EventKind::liveness_check:
      j["entity"] = result_.execution.empty() ? config_.name : result_.execution;
      break;
    case EventKind::message_arrival:
      j["entity"] = workers_[messages_[event.entity].worker].name;
      break;
    case EventKind::fault_effect:
      j["entity"] = workers_[effects_[event.entity].worker].name;
      break;
    case EventKind::engine_timer:
    case EventKind::action:
    case EventKind::scripted_fault:
    case EventKind::s3_answer:
      j["entity"] = event.entity;
      break;
    default:
      j["entity"] = workers_[event.entity].name;
      break;
  }
  trace_event_ = &j;
  trace_first_call_ = result_.calls.records.size();
}

void WorldCore::end_trace() {
  const size_t calls = result_.calls.records.size();
  if (calls > trace_first_call_) {
    (*trace_event_)["calls"] = Json::array({trace_first_call_ + 1, calls});
  }
  trace_event_ = nullptr;
}

void WorldCore::note(const char* key, Json value) {
  if (trace_event_ == nullptr) return;
  Json& j = *trace_event_;
  const auto it = j.find(key);
  if (it == j.end()) {
    j[key] = std::move(value);
  } else {
    if (!it->is_array()) *it = Json::array({std::move(*it)});
    it->push_back(std::move(value));
  }
}

CallRecord& WorldCore::log_call(std::string_view caller, ApiCall api, Json request) {
  return result_.calls.append(now(), std::string(caller), api, std::move(request));
}

CallRecord& WorldCore::log_worker_call(const Worker& worker, const Request& request,
                                       Instant sent) {
  // Reports keep a closed run going (late completions get made and rejected); heartbeats do not,
  // so a worker that heartbeats forever (its rejections throttled away, or an engine that
  // accepts closed tokens) cannot keep a run alive.
  if (request.category() == Category::completion) quiet_since_ = std::max(quiet_since_, now());
  CallRecord& record = log_call(worker.caller, request.api, request_json(request));
  record.sent = sent;
  return record;
}

void WorldCore::execution_opened() {
  open_ = true;
  ever_opened_ = true;
  closed_at_.reset();
  if (faults_stopped_) {
    scheduler_.cancel(liveness_handle_);
    liveness_handle_ = scheduler_.after(liveness_bound_, Event{EventKind::liveness_check, 0, 0});
  }
}

void WorldCore::execution_closed_now(std::string status) {
  open_ = false;
  closed_at_ = now();
  quiet_since_ = std::max(quiet_since_, now());
  result_.final_status = std::move(status);
  scheduler_.cancel(liveness_handle_);
  note("closed", result_.final_status);
}

void WorldCore::faults_stop() {
  faults_stopped_ = true;
  // Healing: whatever faults did to the workers ends, so that the liveness phase measures the
  // engine and the workflow, not a dead worker pool. Crashes that an attempt's own Crash
  // behaviour caused stay as configured.
  for (Worker& w : workers_) {
    if (w.status == WorkerStatus::crashed && w.crashed_by_fault) {
      restart(w);
      continue;
    }
    if (w.paused) {
      w.paused_until = now();
      resume(w);
    }
    // A token kept on purpose (token_expiry) by an attempt that never finishes (Hang) would hold
    // the worker for ever, silent, so it never learns that its task closed: it lets the task go
    // (the engine's clocks close the attempt) and takes other work.
    if (w.status == WorkerStatus::busy && w.attempt && w.attempt->token_expiry &&
        w.attempt->work == Duration::max()) {
      note("gaveUp", w.attempt->token.substr(0, 16));
      end_attempt(w);
    }
  }
  if (open_) {
    count(Probe::liveness_phase);
    liveness_handle_ = scheduler_.after(liveness_bound_, Event{EventKind::liveness_check, 0, 0});
  }
}

void WorldCore::liveness_check() {
  liveness_handle_ = Handle{};
  if (!open_) return;
  liveness_failed_ = true;
  const Instant start = config_.epoch;
  result_.liveness_failure =
      "execution " + result_.execution + " is still open at " + seconds_text(now() - start) +
      ", " + seconds_text(liveness_bound_) + " after faults stopped at " +
      seconds_text(faults_.stop_at() - start) + " (and after it last started); the bound " +
      (config_.liveness_bound ? std::string("is the scenario's liveness_bound")
                              : "is derived from its timeouts, retries and worker durations");
  if (const std::string stuck = describe_stuck(); !stuck.empty()) {
    *result_.liveness_failure += "; stuck: " + stuck;
  }
  note("liveness", *result_.liveness_failure);
}

std::string WorldCore::describe_holder(std::string_view token) const {
  for (const Worker& w : workers_) {
    if (!w.attempt || w.attempt->token != token) continue;
    const Attempt& a = *w.attempt;
    std::string text = "held by worker " + w.name + ", ";
    if (w.status == WorkerStatus::crashed) return text + "which crashed and was not restarted";
    if (w.paused) return text + "paused until " + seconds_text(w.paused_until - config_.epoch);
    if (a.report) {
      return text + "waiting for the answer to its report (sent " +
             std::to_string(a.report_sends) + " times)";
    }
    if (a.token_expiry) text += "keeping the token past the task's close (token_expiry), ";
    if (a.work == Duration::max()) {
      text += "working without end (its attempt Hangs)";
    } else {
      text += "working since " + seconds_text(a.started - config_.epoch) + " for " +
              seconds_text(a.work);
    }
    const Pool& pool = pools_[w.pool];
    text += pool.config->heartbeat_every > Duration::zero() && a.can_heartbeat
                ? ", heartbeating every " + seconds_text(pool.config->heartbeat_every)
                : ", not heartbeating";
    return text;
  }
  return "";
}

std::string WorldCore::describe_queue(std::string_view key) const {
  for (const Pool& pool : pools_) {
    if (pool.key != key || pool.waiting == 0) continue;
    size_t live = 0;
    for (const uint32_t i : pool.workers) {
      live += workers_[i].status != WorkerStatus::crashed && !workers_[i].paused ? 1 : 0;
    }
    return std::to_string(pool.waiting) + " queued for the " + std::to_string(pool.workers.size()) +
           " workers of " + pool.key + " (" + std::to_string(live) + " live, none free)";
  }
  return "";
}

Worker* WorldCore::find_worker(std::string_view name) {
  for (Worker& w : workers_) {
    if (w.name == name) return &w;
  }
  return nullptr;
}

void WorldCore::scripted_fault(uint32_t index, bool unscripted) {
  std::optional<FaultFiring> firing;
  if (unscripted) {
    firing = faults_.replay_unscripted()[index];
  } else if (options_.replay != nullptr) {
    firing = faults_.replayed_scripted(index);
  } else {
    const ScriptedFault& fault = faults_.scripted(index);
    std::vector<std::string_view> candidates;
    for (const Worker& w : workers_) {
      if (FaultInjector::targets(fault, FaultTarget{w.name, pools_[w.pool].key})) {
        candidates.push_back(w.name);
      }
    }
    firing = faults_.resolve_scripted(index, now(), candidates);
    if (firing && firing->kind == FaultKind::worker_crash && !firing->restart_after) {
      const Pool& own = pools_[find_worker(firing->target)->pool];
      const Duration pool_restart = own.config->restart_after_crash;
      if (pool_restart > Duration::zero()) firing->restart_after = pool_restart;
    }
  }
  if (!firing || find_worker(firing->target) == nullptr) {
    note("scriptedFault", "no worker to hit");
    return;
  }
  schedule_effect(faults_.commit(std::move(*firing)));
}

void WorldCore::schedule_effect(const FaultFiring& firing) {
  Worker* w = find_worker(firing.target);
  WFSIM_ASSERT(w != nullptr);
  effects_.push_back(Effect{w->index, firing.kind, firing.length, firing.restart_after});
  const Instant at = std::max(now(), saturating_add(config_.epoch, firing.at));
  scheduler_.at(at, Event{EventKind::fault_effect, static_cast<uint32_t>(effects_.size() - 1), 0});
}

void WorldCore::apply_effect(uint32_t index) {
  const Effect effect = effects_[index];
  Worker& w = workers_[effect.worker];
  note("fault", to_string(effect.kind));
  if (effect.kind == FaultKind::worker_crash) {
    const Pool& own = pools_[w.pool];
    if (w.attempt && w.attempt->pattern == Pattern::lambda) {
      // A Lambda function's process dying is a function error the Invoke API returns at once
      // (INT-3.3); Lambda runs the next invocation on a fresh instance, so the slot stays up.
      count(Probe::worker_crashed_holding_task);
      Attempt& a = *w.attempt;
      const ServiceError e = lambda_crashed(request_id(w.random));
      a.service_failure = ServiceFailure{now() - a.started, e.error, e.cause,
                                         FaultKind::worker_crash};
      stop_working(w);
      work_done(w);
      return;
    }
    const PatternSet process_holders =
        PatternSet::of({Pattern::activity, Pattern::callback, Pattern::temporal_activity});
    if (!w.attempt && !own.patterns.empty() && !own.patterns.intersects(process_holders)) {
      return;  // Between calls no process of a service or Lambda slot is there to die.
    }
    crash(w, effect.restart_after, true);
  } else {
    WFSIM_ASSERT(effect.kind == FaultKind::worker_pause);
    pause(w, effect.length);
  }
}

void WorldCore::finish_result() {
  const Instant start = config_.epoch;
  result_.seed = options_.seed;
  result_.digest = scheduler_.digest().value();
  result_.events = scheduler_.events_processed();
  result_.virtual_duration = (!open_ && closed_at_ ? *closed_at_ : now()) - start;
  result_.faults_injected = faults_.injected();
  result_.schedule = faults_.take_schedule();
  result_.rates = faults_.rates();
  result_.liveness_bound = liveness_bound_;
  result_.faults_stopped_at = faults_.stop_at() - start;
  finish(result_);
  result_.probes.clear();
  for (const Probe probe : dialect_probes(result_.dialect)) {
    result_.probes.emplace(std::string(to_string(probe)), probes_[static_cast<size_t>(probe)]);
  }
}

}  // namespace wfsim::world::detail
