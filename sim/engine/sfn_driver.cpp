// LocalDriver; see sfn_driver.h.
#include "engine/sfn_driver.h"

#include "asl/definition.h"

namespace wfsim::sfn {

LocalDriver::LocalDriver(EngineOptions options, uint64_t seed, Instant start)
    : scheduler_(start, RunLimits{}), engine_(*this, Random(seed).fork("engine"), std::move(options)) {}

void LocalDriver::at(Instant when, Action action) {
  uint32_t index = 0;
  if (!free_actions_.empty()) {
    index = free_actions_.back();
    free_actions_.pop_back();
    actions_[index] = std::move(action);
  } else {
    index = static_cast<uint32_t>(actions_.size());
    actions_.push_back(std::move(action));
  }
  scheduler_.at(std::max(when, scheduler_.now()), Event{false, index});
}

void LocalDriver::arm_timer(TimerSlot slot, Instant when) {
  if (slot >= timers_.size()) timers_.resize(slot + 1);
  scheduler_.cancel(timers_[slot]);
  timers_[slot] = scheduler_.at(std::max(when, scheduler_.now()), Event{true, slot});
}

void LocalDriver::cancel_timer(TimerSlot slot) {
  if (slot < timers_.size()) scheduler_.cancel(timers_[slot]);
}

void LocalDriver::dispatch(const TaskDispatch& task) {
  Delivery d{task.kind,         std::string(task.execution_arn),
             std::string(task.state_name), std::string(task.resource),
             task.token,        task.payload ? *task.payload : Json(),
             task.scheduled_event_id, task.invocation,
             task.heartbeat_seconds, scheduler_.now()};
  deliveries_.push_back(d);
  pending_.push_back(std::move(d));
}

void LocalDriver::read_items(S3Ticket ticket, const s3::ReadRequest& request) {
  ++s3_reads_;
  after(s3_read_latency_, [this, ticket, request] {
    engine_.on_items_read(scheduler_.now(), ticket, s3::read_items(s3_store_, request));
  });
}

void LocalDriver::write_results(S3Ticket ticket, const s3::WriteRequest& request,
                                std::vector<s3::ChildResult> children) {
  ++s3_writes_;
  after(s3_write_latency_, [this, ticket, request, children = std::move(children)] {
    s3::WriteOutcome outcome;
    if (s3_write_failure_) {
      outcome.failure_cause = *s3_write_failure_;
    } else {
      s3::WriteRequest now_request = request;
      now_request.now = scheduler_.now();
      outcome = s3::write_results(s3_store_, now_request, children);
    }
    engine_.on_results_written(scheduler_.now(), ticket, std::move(outcome));
  });
}

void LocalDriver::flush_pending() {
  // Responders may call the engine, which must not happen inside an engine callback.
  while (!pending_.empty()) {
    std::vector<Delivery> batch;
    batch.swap(pending_);
    for (const Delivery& d : batch) {
      if (responder_) responder_(*this, d);
    }
  }
}

void LocalDriver::handle(const Event& event) {
  if (event.is_timer) {
    timers_[event.index] = {};
    engine_.on_timer(scheduler_.now(), event.index);
  } else {
    Action action = std::move(actions_[event.index]);
    actions_[event.index] = nullptr;
    free_actions_.push_back(event.index);
    action();
  }
  flush_pending();
}

StopReason LocalDriver::run() {
  flush_pending();
  return scheduler_.run([this](Instant, Event& event) { handle(event); }, [] { return false; });
}

void LocalDriver::run_until(Instant until) {
  flush_pending();
  scheduler_.run([this](Instant, Event& event) { handle(event); },
                 [&] { return scheduler_.next_time().value_or(until) > until; });
  if (until > scheduler_.now()) scheduler_.advance_to(until);
}

std::string LocalDriver::start(const std::string& definition_json, const Json& input,
                               const std::string& name) {
  auto parsed = asl::parse_definition_text(definition_json);
  if (auto* problems = std::get_if<asl::Problems>(&parsed)) {
    std::string text;
    for (const auto& p : *problems) text += asl::to_string(p) + "\n";
    WFSIM_ASSERT_MSG(false, "invalid test definition:\n" + text);
  }
  auto definition = std::get<std::shared_ptr<const asl::Definition>>(std::move(parsed));
  const ApiAnswer answer = engine_.start_execution(scheduler_.now(), std::move(definition),
                                                   "machine", name, input);
  WFSIM_ASSERT_MSG(answer.ok(), answer.error ? answer.error->message : "");
  ++started_;
  flush_pending();
  return answer.response->at("executionArn").get<std::string>();
}

}  // namespace wfsim::sfn
