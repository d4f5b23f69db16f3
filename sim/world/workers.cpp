// The simulated workers' lifecycle, shared by both dialects: pools and who gets woken for an
// announced task, the start of an attempt (its work drawn, its attempt-start faults decided),
// heartbeat ticks with the SDK-side hold, crashes, pauses, resumes and restarts. What a worker
// says to the engine is the dialect's. See world_core.h for the model.
#include <algorithm>

#include "world/distribution.h"
#include "world/world_core.h"

namespace wfsim::world::detail {
namespace {

// Work-progress timers move by the length of a pause; clock timers (heartbeat cadence, late
// reports, client timeouts, SDK wake-ups) just fire at the resume if they came due meanwhile.
bool progress_timer(TimerRole role) { return role == TimerRole::work || role == TimerRole::crash; }

}  // namespace

uint32_t WorldCore::add_pool(const ResourceConfig& config, std::string key, PatternSet patterns,
                             bool polls,
                             std::string queue) {
  const auto index = static_cast<uint32_t>(pools_.size());
  Pool& p = pools_.emplace_back(root_.fork("pool/" + key));
  p.config = &config;
  p.key = std::move(key);
  p.patterns = patterns;
  p.polls = polls;
  p.queue = std::move(queue);
  for (uint32_t n = 1; n <= config.workers; ++n) {
    Worker& w = workers_.emplace_back(root_.fork("worker/" + p.key, n));
    w.name = p.key + "/" + std::to_string(n);
    w.caller = "worker:" + w.name;
    w.index = static_cast<uint32_t>(workers_.size() - 1);
    w.pool = index;
    p.workers.push_back(w.index);
  }
  return index;
}

uint32_t WorldCore::add_default_pool(std::string key, PatternSet patterns, bool polls,
                                     std::string queue) {
  ResourceConfig& config = default_configs_.emplace_back();
  config.key = key;
  config.workers = 1;
  config.duration = DurationDistribution{DurationDistribution::Kind::fixed, Duration::seconds(1),
                                         Duration::seconds(1)};
  config.otherwise = AttemptBehaviour{};  // Return {}.
  count(Probe::default_responder);
  note("defaultResponder", key);
  return add_pool(config, std::move(key), patterns, polls, std::move(queue));
}

void WorldCore::announce(uint32_t pool_index) {
  Pool& p = pools_[pool_index];
  ++p.waiting;
  wake_idle(p);
}

// Wakes idle workers, one per waiting task, choosing among them with the pool's stream (which
// one takes a task is a seeded choice, as a long poll's winner is in a real service).
void WorldCore::wake_idle(Pool& p) {
  while (p.waiting > 0) {
    scratch_.clear();
    for (const uint32_t i : p.workers) {
      if (workers_[i].status == WorkerStatus::idle && !workers_[i].paused) scratch_.push_back(i);
    }
    if (scratch_.empty()) return;
    const size_t pick =
        scratch_.size() == 1 ? 0 : static_cast<size_t>(p.random.uniform(scratch_.size()));
    Worker& w = workers_[scratch_[pick]];
    w.status = WorkerStatus::woken;
    --p.waiting;
    set_timer(w, TimerRole::wake, now(), EventKind::worker_wake);
  }
}

void WorldCore::idle(Worker& w) {
  WFSIM_ASSERT(!w.attempt.has_value());
  w.status = WorkerStatus::idle;
  wake_idle(pools_[w.pool]);
}

void WorldCore::set_timer(Worker& w, TimerRole role, Instant at, EventKind kind) {
  WorkerTimer& timer = w.timers[static_cast<size_t>(role)];
  scheduler_.cancel(timer.handle);
  timer.frozen = false;
  timer.at = std::max(at, now());
  timer.handle = scheduler_.at(timer.at, Event{kind, w.index, w.generation});
}

void WorldCore::clear_timer(Worker& w, TimerRole role) {
  WorkerTimer& timer = w.timers[static_cast<size_t>(role)];
  scheduler_.cancel(timer.handle);
  timer.frozen = false;  // A timer cleared during a pause must not come back at the resume.
}

void WorldCore::begin_attempt(Worker& w, Attempt attempt) {
  WFSIM_ASSERT(w.status == WorkerStatus::woken && !w.attempt && !w.paused);
  w.status = WorkerStatus::busy;
  ++w.attempts;
  ++w.generation;
  const ResourceConfig& rc = *pools_[attempt.behaviour_pool].config;
  attempt.behaviour = &behaviour_for(rc, attempt.invocation, attempt.map_item_index,
                                     attempt.map_items.get());
  attempt.work = attempt_work(rc, *attempt.behaviour, w.random);
  w.attempt = std::move(attempt);
  Attempt& a = *w.attempt;
  decide_attempt_faults(w, a);
  settle_service_answer(w, a);
  if (a.service_failure) {
    // The service answers with an error at that moment, whatever the scenario's behaviour.
    set_timer(w, TimerRole::work, saturating_add(now(), a.service_failure->after),
              EventKind::work_done);
  } else if (a.behaviour->kind == AttemptBehaviour::Kind::crash) {
    set_timer(w, TimerRole::crash, saturating_add(now(), a.behaviour->crash_after),
              EventKind::behaviour_crash);
  } else if (a.token_expiry) {
    // Holds the token past the engine's nearest clock for the attempt, then reports.
    if (a.work != Duration::max()) {
      const Duration hold = std::max(a.work, a.deadline.value_or(Duration::zero()));
      set_timer(w, TimerRole::late_report,
                saturating_add(saturating_add(a.started, hold), a.lateness),
                EventKind::late_report);
    }
  } else if (a.work != Duration::max()) {
    set_timer(w, TimerRole::work, saturating_add(now(), a.work), EventKind::work_done);
  }
  if (rc.heartbeat_every > Duration::zero() && a.can_heartbeat && !a.token_expiry) {
    set_timer(w, TimerRole::tick, saturating_add(now(), rc.heartbeat_every),
              EventKind::heartbeat_tick);
  }
}

// A decision point of `kind` exists for an attempt only where the kind can happen to its pattern
// (fault_kinds.h): a DynamoDB call is never a crash decision, so no crash stream is drawn for it.
bool WorldCore::may_hit(FaultKind kind, const Attempt& a) const {
  return traits_of(kind).applies_to.has(a.pattern) && faults_.may_fire(kind);
}

void WorldCore::decide_attempt_faults(Worker& w, Attempt& a) {
  const Pool& own = pools_[w.pool];
  const FaultTarget target{w.name, own.key};
  Duration span = a.work == Duration::max() ? kHangFaultWindow : a.work;
  if (a.behaviour->kind == AttemptBehaviour::Kind::crash) span = a.behaviour->crash_after;
  if (may_hit(FaultKind::worker_crash, a)) {
    FaultContext context{span, std::nullopt};
    if (own.config->restart_after_crash > Duration::zero()) {
      context.restart_after = own.config->restart_after_crash;
    }
    if (const FaultFiring* f =
            faults_.decide(FaultKind::worker_crash, target, w.attempts, now(), context)) {
      schedule_effect(*f);
    }
  }
  if (may_hit(FaultKind::worker_pause, a)) {
    if (const FaultFiring* f =
            faults_.decide(FaultKind::worker_pause, target, w.attempts, now(), {span, {}})) {
      schedule_effect(*f);
    }
  }
  // Only a token-holding attempt is a token_expiry decision point: an integration's answer comes
  // from the service, which keeps no token past the task's close (a scripted token_expiry stays
  // armed for the target's next token-holding attempt).
  if (a.holds_token && may_hit(FaultKind::token_expiry, a)) {
    if (const FaultFiring* f = faults_.decide(FaultKind::token_expiry, target, w.attempts, now())) {
      a.token_expiry = true;
      a.lateness = f->length;
      note("fault", "token_expiry");
    }
  }
  decide_service_faults(w, a, target, span);
}

// The faults of the called service (INT-2, 3.5, 4): a transient error or a failed job at a moment
// of the attempt, and added latency.
void WorldCore::decide_service_faults(Worker& w, Attempt& a, FaultTarget target, Duration span) {
  const Instant epoch = config_.epoch;
  if (may_hit(FaultKind::service_error, a)) {
    if (const FaultFiring* f =
            faults_.decide(FaultKind::service_error, target, w.attempts, now(), {span, {}})) {
      const auto kind = static_cast<TransientError>(w.random.uniform(kTransientErrorKinds));
      const ServiceError e = transient_service_error(a.resource, kind, request_id(w.random));
      offer_service_failure(a, ServiceFailure{saturating_add(epoch, f->at) - now(), e.error,
                                              e.cause, FaultKind::service_error});
      note("fault", "service_error");
    }
  }
  if (may_hit(FaultKind::service_latency, a)) {
    if (const FaultFiring* f =
            faults_.decide(FaultKind::service_latency, target, w.attempts, now())) {
      a.latency = f->length;  // Added to whatever the service answers (settle_service_answer).
      note("fault", "service_latency");
    }
  }
  if (may_hit(FaultKind::job_failure, a)) {
    if (const FaultFiring* f =
            faults_.decide(FaultKind::job_failure, target, w.attempts, now(), {span, {}})) {
      const bool stopped = w.random.chance(Ratio{1, 3});
      const Instant ends = std::max(now(), saturating_add(epoch, f->at));
      const ServiceError e = job_failed(a.resource, stopped, now(), ends, request_id(w.random));
      offer_service_failure(a, ServiceFailure{ends - now(), e.error, e.cause,
                                              FaultKind::job_failure});
      note("fault", "job_failure");
    }
  }
}

// Keeps the earliest of the service's answers for the attempt.
void WorldCore::offer_service_failure(Attempt& a, ServiceFailure failure) {
  failure.after = std::max(failure.after, Duration::zero());
  if (!a.service_failure || failure.after < a.service_failure->after) {
    a.service_failure = std::move(failure);
  }
}

// What the called service makes of the scenario's behaviour (INT-3.2, 3.3, 4): a Lambda function
// that crashes returns a function error, one that runs (or hangs) past its own timeout returns
// Sandbox.Timedout then; a .sync job whose container dies ends FAILED. Only the earliest answer
// counts; an answer after the work is done never comes.
void WorldCore::settle_service_answer(Worker& w, Attempt& a) {
  const AttemptBehaviour& b = *a.behaviour;
  const bool crashes = b.kind == AttemptBehaviour::Kind::crash;
  if (a.pattern == Pattern::lambda) {
    const Duration timeout = pools_[a.behaviour_pool].config->function_timeout;
    if (crashes) {
      const ServiceError e = lambda_crashed(request_id(w.random));
      offer_service_failure(a, ServiceFailure{b.crash_after, e.error, e.cause,
                                              FaultKind::worker_crash});
    } else if (a.work == Duration::max() || a.work > timeout) {
      const ServiceError e = lambda_timed_out(timeout, request_id(w.random));
      offer_service_failure(a, ServiceFailure{timeout, e.error, e.cause,
                                              FaultKind::service_error});
    }
  } else if (a.pattern == Pattern::sync && crashes) {
    const Instant ends = saturating_add(now(), b.crash_after);
    const ServiceError e = job_failed(a.resource, false, now(), ends, request_id(w.random));
    offer_service_failure(a, ServiceFailure{b.crash_after, e.error, e.cause,
                                            FaultKind::job_failure});
  } else {
    WFSIM_ASSERT_MSG(!crashes || traits_of(FaultKind::worker_crash).applies_to.has(a.pattern),
                     "the scenario loader refuses Crash on a resource that cannot crash");
  }
  const bool finishes_first = !crashes && a.work != Duration::max() && a.service_failure &&
                              a.work <= a.service_failure->after;
  if (finishes_first) a.service_failure.reset();  // The answer came before the failure would.
  // Latency is the service's (an Invoke or API call answered late), not the function's own run
  // time, so it delays the answer without counting toward a function's timeout.
  if (a.latency > Duration::zero()) {
    if (a.work != Duration::max()) a.work = saturating_add(a.work, a.latency);
    if (a.service_failure) {
      a.service_failure->after = saturating_add(a.service_failure->after, a.latency);
    }
  }
}

void WorldCore::cancel_timers(Worker& w) {
  for (WorkerTimer& timer : w.timers) {
    scheduler_.cancel(timer.handle);
    timer.frozen = false;
  }
}

void WorldCore::stop_working(Worker& w) {
  clear_timer(w, TimerRole::tick);
  clear_timer(w, TimerRole::work);
  clear_timer(w, TimerRole::crash);
  clear_timer(w, TimerRole::late_report);
}

void WorldCore::end_attempt(Worker& w) {
  WFSIM_ASSERT(w.status == WorkerStatus::busy && w.attempt.has_value());
  cancel_timers(w);
  w.attempt.reset();
  ++w.generation;
  w.status = WorkerStatus::idle;
  wake_idle(pools_[w.pool]);
}

void WorldCore::crash(Worker& w, std::optional<Duration> restart_after, bool by_fault) {
  if (w.status == WorkerStatus::crashed) return;
  note("crashed", w.name);
  const bool had_claim = w.status == WorkerStatus::woken;
  if (w.attempt) count(Probe::worker_crashed_holding_task);
  if (w.attempt && by_fault) attempt_faulted(*w.attempt);
  cancel_timers(w);
  w.attempt.reset();  // The task is abandoned: the engine's clocks will close it, if any.
  ++w.generation;
  w.status = WorkerStatus::crashed;
  w.crashed_by_fault = by_fault;
  w.paused = false;
  if (restart_after) {
    scheduler_.after(*restart_after, Event{EventKind::worker_restart, w.index, w.generation});
  }
  if (had_claim) {
    Pool& p = pools_[w.pool];
    ++p.waiting;  // Someone else takes the task it was woken for.
    wake_idle(p);
  }
}

void WorldCore::restart(Worker& w) {
  WFSIM_ASSERT(w.status == WorkerStatus::crashed);
  note("restarted", w.name);
  count(Probe::worker_restarted);
  ++w.generation;
  w.crashed_by_fault = false;
  idle(w);
}

void WorldCore::pause(Worker& w, Duration length) {
  if (w.status == WorkerStatus::crashed) return;
  const Instant until = saturating_add(now(), length);
  scheduler_.after(length, Event{EventKind::worker_resume, w.index, 0});
  if (w.paused) {
    w.paused_until = std::max(w.paused_until, until);
    return;
  }
  w.paused = true;
  w.paused_at = now();
  w.paused_until = until;
  if (w.status == WorkerStatus::woken) {
    // A frozen process does not take the task it was woken for; give it back.
    clear_timer(w, TimerRole::wake);
    w.status = WorkerStatus::idle;
    Pool& p = pools_[w.pool];
    ++p.waiting;
    wake_idle(p);
  }
  if (w.attempt && w.attempt->heartbeat_timeout && length > *w.attempt->heartbeat_timeout) {
    count(Probe::paused_past_heartbeat_timeout);
  }
  for (WorkerTimer& timer : w.timers) {
    timer.frozen = scheduler_.pending(timer.handle);
    scheduler_.cancel(timer.handle);  // `at` is kept for the resume.
  }
}

void WorldCore::resume(Worker& w) {
  if (!w.paused || now() < w.paused_until) return;
  w.paused = false;
  note("resumed", w.name);
  for (size_t role = 0; role < w.timers.size(); ++role) {
    WorkerTimer& timer = w.timers[role];
    if (!timer.frozen) continue;
    timer.frozen = false;
    const Instant at = progress_timer(static_cast<TimerRole>(role))
                           ? saturating_add(now(), timer.at - w.paused_at)
                           : std::max(timer.at, now());
    static constexpr EventKind kKinds[] = {
        EventKind::worker_wake, EventKind::heartbeat_tick, EventKind::work_done,
        EventKind::behaviour_crash, EventKind::late_report, EventKind::answer_timeout,
        EventKind::sdk_wake};
    set_timer(w, static_cast<TimerRole>(role), at, kKinds[role]);
  }
  if (w.status == WorkerStatus::idle) wake_idle(pools_[w.pool]);
}

void WorldCore::tick(Worker& w) {
  Attempt& a = *w.attempt;
  ++w.heartbeat_ticks;
  const ResourceConfig& rc = behaviour_config(a);
  if (may_hit(FaultKind::sdk_heartbeat_throttle, a)) {
    if (const FaultFiring* f = faults_.decide(FaultKind::sdk_heartbeat_throttle,
                                              FaultTarget{w.name, pools_[w.pool].key},
                                              w.heartbeat_ticks, now())) {
      // The SDK holds this heartbeat back; it goes out (coalesced with any that came due in
      // between) when the hold ends.
      note("fault", "sdk_heartbeat_throttle");
      set_timer(w, TimerRole::tick, saturating_add(now(), f->length), EventKind::heartbeat_tick);
      return;
    }
  }
  ++a.heartbeats;
  const uint32_t generation = w.generation;
  code_heartbeat(w);
  const bool rearmed = w.timers[static_cast<size_t>(TimerRole::tick)].handle.valid();
  if (w.generation == generation && !rearmed) {
    set_timer(w, TimerRole::tick, saturating_add(now(), rc.heartbeat_every),
              EventKind::heartbeat_tick);
  }
}

void WorldCore::handle_worker_event(const Event& event) {
  Worker& w = workers_[event.entity];
  auto fired = [&](TimerRole role) {
    WorkerTimer& timer = w.timers[static_cast<size_t>(role)];
    WFSIM_ASSERT_MSG(event.tag == w.generation, "a worker timer outlived its attempt");
    timer.handle = Handle{};
  };
  switch (event.kind) {
    case EventKind::worker_wake:
      fired(TimerRole::wake);
      WFSIM_ASSERT(w.status == WorkerStatus::woken && !w.paused);
      take_work(w);
      return;
    case EventKind::heartbeat_tick:
      fired(TimerRole::tick);
      tick(w);
      return;
    case EventKind::work_done:
      fired(TimerRole::work);
      work_done(w);
      return;
    case EventKind::behaviour_crash: {
      fired(TimerRole::crash);
      const Duration restart = pools_[w.pool].config->restart_after_crash;
      crash(w, restart > Duration::zero() ? std::optional<Duration>(restart) : std::nullopt,
            false);
      return;
    }
    case EventKind::late_report:
      fired(TimerRole::late_report);
      count(Probe::token_expiry_report);
      late_report(w);
      return;
    case EventKind::answer_timeout:
      fired(TimerRole::answer_timeout);
      no_answer(w, w.attempt->awaiting);
      return;
    case EventKind::sdk_wake:
      fired(TimerRole::sdk_wake);
      sdk_wake(w);
      return;
    case EventKind::worker_restart:
      // A restart scheduled before faults stopped may find the worker healed already.
      if (w.status == WorkerStatus::crashed && event.tag == w.generation) restart(w);
      return;
    case EventKind::worker_resume:
      resume(w);
      return;
    default:
      WFSIM_UNREACHABLE("not a worker event");
  }
}

}  // namespace wfsim::world::detail
