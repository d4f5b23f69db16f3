// The network between workers and the engine: every request a worker sends passes through
// send(), which takes the fault decisions for it and delivers it now, later, twice or never.
// There is no base latency: a request that no fault touches is handled at the instant it is
// sent, so histories keep the exact times the scenario describes.
//
// At each decision point every applicable fault kind is decided from its own stream (so one
// kind's switch never shifts another's draws); when several fire, one wins and only the
// winner is recorded: for heartbeats drop > throttle > delay, for completions drop, else delay
// and duplicate together (the copy arrives `length` after the first arrival).
#include "world/world_core.h"

namespace wfsim::world::detail {

uint32_t WorldCore::store_message(Message message) {
  uint32_t index = 0;
  if (!free_messages_.empty()) {
    index = free_messages_.back();
    free_messages_.pop_back();
    messages_[index] = std::move(message);
  } else {
    index = static_cast<uint32_t>(messages_.size());
    messages_.push_back(std::move(message));
  }
  return index;
}

void WorldCore::send(Worker& w, Request request) {
  WFSIM_ASSERT(w.attempt.has_value());
  if (request.category() == Category::heartbeat) {
    route_heartbeat(w, std::move(request), ++w.heartbeat_requests);
  } else {
    route_completion(w, std::move(request), ++w.completion_requests);
  }
}

void WorldCore::lost(Worker& w, const Request& request, const FaultFiring& firing) {
  note("fault", to_string(firing.kind));
  if (firing.answer_lost) {
    count(Probe::answer_lost);
    arrive(Message{w.index, w.generation, now(), Arrival::answer_lost, request});
  } else {
    log_worker_call(w, request, now()).dropped = true;
  }
  if (w.attempt && wants_answer(request.category())) {
    w.attempt->awaiting = request.category();
    set_timer(w, TimerRole::answer_timeout, saturating_add(now(), kClientTimeout),
              EventKind::answer_timeout);
  }
}

// A request of a worker meets a fault only where the kind can happen to what the worker runs: the
// answer of a called service (a Lambda function, a DynamoDB call, a .sync job) is not a report of
// user code, so it is never lost, late or repeated on the way (fault_kinds.h).
std::optional<FaultFiring> WorldCore::consider_for(const Worker& w, FaultKind kind,
                                                   FaultTarget target, uint64_t ordinal) {
  const PatternSet patterns =
      w.attempt ? PatternSet::of({w.attempt->pattern}) : pools_[w.pool].patterns;
  if (!traits_of(kind).applies_to.intersects(patterns)) return std::nullopt;
  return faults_.consider(kind, target, ordinal, now());
}

void WorldCore::route_heartbeat(Worker& w, Request request, uint64_t ordinal) {
  const FaultTarget target{w.name, pool(w.pool).key};
  std::optional<FaultFiring> drop =
      consider_for(w, FaultKind::heartbeat_drop, target, ordinal);
  std::optional<FaultFiring> throttle =
      consider_for(w, FaultKind::heartbeat_throttle, target, ordinal);
  std::optional<FaultFiring> delay =
      consider_for(w, FaultKind::heartbeat_delay, target, ordinal);
  if (drop) {
    lost(w, request, faults_.commit(std::move(*drop)));
    return;
  }
  if (throttle) {
    faults_.commit(std::move(*throttle));
    note("fault", "heartbeat_throttle");
    log_worker_call(w, request, now()).error = throttling_error();
    count(Probe::heartbeat_throttled);
    heartbeat_throttled(w);
    return;
  }
  if (delay) {
    const FaultFiring& firing = faults_.commit(std::move(*delay));
    note("fault", "heartbeat_delay");
    const uint32_t index = store_message(
        Message{w.index, w.generation, now(), Arrival::normal, std::move(request)});
    scheduler_.after(firing.length, Event{EventKind::message_arrival, index, 0});
    return;
  }
  arrive(Message{w.index, w.generation, now(), Arrival::normal, std::move(request)});
}

void WorldCore::route_completion(Worker& w, Request request, uint64_t ordinal) {
  const FaultTarget target{w.name, pool(w.pool).key};
  std::optional<FaultFiring> drop =
      consider_for(w, FaultKind::completion_drop, target, ordinal);
  std::optional<FaultFiring> delay =
      consider_for(w, FaultKind::completion_delay, target, ordinal);
  std::optional<FaultFiring> duplicate =
      consider_for(w, FaultKind::completion_duplicate, target, ordinal);
  if (drop) {
    if (w.attempt) attempt_faulted(*w.attempt);
    lost(w, request, faults_.commit(std::move(*drop)));
    return;
  }
  Duration arrival = Duration::zero();
  if (delay) {
    arrival = faults_.commit(std::move(*delay)).length;
    note("fault", "completion_delay");
  }
  if (duplicate) {
    const Duration gap = faults_.commit(std::move(*duplicate)).length;
    note("fault", "completion_duplicate");
    const uint32_t index =
        store_message(Message{w.index, w.generation, now(), Arrival::duplicate, request});
    scheduler_.after(saturating_add(arrival, gap), Event{EventKind::message_arrival, index, 0});
  }
  Message message{w.index, w.generation, now(), Arrival::normal, std::move(request)};
  if (delay) {
    const uint32_t index = store_message(std::move(message));
    scheduler_.after(arrival, Event{EventKind::message_arrival, index, 0});
  } else {
    arrive(message);
  }
}

}  // namespace wfsim::world::detail
