// Test support for the Temporal engine tests, with no simulator: a host that keeps armed timers in
// an ordered map and a driver that advances virtual time by firing the earliest timer, logs every
// API call into a CallLog, and reads specs from JSON text. Test-only; not part of any library.
#pragma once

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>
#include <vector>

#include "engine/temporal_engine.h"
#include "engine/token.h"
#include "record/temporal_history_json.h"

// Boost.Test prints optionals through these (found by argument-dependent lookup).
namespace wfsim {
template <typename T>
std::ostream& boost_test_print_type(std::ostream& out, const std::optional<T>& value) {
  if (!value) return out << "nullopt";
  return out << *value;
}
}  // namespace wfsim
namespace wfsim::temporal {
template <typename T>
std::ostream& boost_test_print_type(std::ostream& out, const std::optional<T>& value) {
  if (!value) return out << "nullopt";
  return out << *value;
}
}  // namespace wfsim::temporal

namespace wfsim::temporal::testing {

inline Instant at_seconds(double s) {
  return kDefaultEpoch + Duration::microseconds(static_cast<int64_t>(s * 1e6));
}
inline Duration seconds(double s) {
  return Duration::microseconds(static_cast<int64_t>(s * 1e6));
}

class TestHost final : public Host {
 public:
  void arm_timer(TimerSlot slot, Instant at) override { armed[slot] = at; }
  void cancel_timer(TimerSlot slot) override { armed.erase(slot); }
  void task_available(std::string_view task_queue) override {
    available.emplace_back(task_queue);
  }
  void cancel_pushed(std::string_view task_token) override {
    pushed_cancels.emplace_back(task_token);
  }
  void workflow_closed(std::string_view workflow_id, WorkflowStatus status) override {
    closed.emplace_back(std::string(workflow_id), status);
  }

  std::map<TimerSlot, Instant> armed;
  std::vector<std::string> available;
  std::vector<std::string> pushed_cancels;
  std::vector<std::pair<std::string, WorkflowStatus>> closed;
};

// Parses a workflow object written as JSON text; fails the test on problems.
inline std::shared_ptr<const WorkflowSpec> spec_from(const std::string& json_text) {
  const Json json = Json::parse(json_text);
  auto parsed = parse_workflow_spec(json, "/workflow");
  if (const auto* problems = std::get_if<asl::Problems>(&parsed)) {
    BOOST_FAIL("spec problems, first: " + asl::to_string(problems->front()));
  }
  return std::make_shared<const WorkflowSpec>(std::get<WorkflowSpec>(std::move(parsed)));
}

// One activity step of type "A" with these options (JSON text of the options object).
inline std::shared_ptr<const WorkflowSpec> one_activity(const std::string& options_json) {
  return spec_from(R"({"steps":[{"activity":"A","options":)" + options_json + "}]}");
}

class Driver {
 public:
  explicit Driver(MutantSet mutants = {}, uint64_t seed = 1)
      : engine(host, Random(seed), EngineOptions{"default", mutants}) {}

  TestHost host;
  Engine engine;
  Instant now = kDefaultEpoch;
  CallLog calls;

  // The earliest pending timer (ties: lowest slot), if any.
  std::optional<std::pair<Instant, TimerSlot>> next_timer() const {
    std::optional<std::pair<Instant, TimerSlot>> best;
    for (const auto& [slot, at] : host.armed) {
      if (!best || at < best->first) best = std::make_pair(at, slot);
    }
    return best;
  }

  // Fires the earliest timer, moving time to its deadline; false when none is pending.
  bool fire_next() {
    const auto next = next_timer();
    if (!next) return false;
    BOOST_REQUIRE(next->first >= now);
    now = next->first;
    host.armed.erase(next->second);
    engine.on_timer(now, next->second);
    return true;
  }

  // Fires every timer due at or before `until`, then moves time to `until`.
  void advance_to(Instant until) {
    while (const auto next = next_timer()) {
      if (next->first > until) break;
      fire_next();
    }
    now = until;
  }
  void advance(Duration by) { advance_to(now + by); }

  Reply<StartWorkflowResponse> start(std::shared_ptr<const WorkflowSpec> spec,
                                     const std::string& id = "wf", const Json& input = nullptr) {
    const auto reply = engine.start_workflow(now, spec, id, input);
    log(ApiCall::StartWorkflowExecution, "scenario", start_workflow_request(id, spec->workflow_type, input),
        reply);
    return reply;
  }
  std::optional<ActivityTask> poll(const std::string& queue = "A",
                                   const std::string& identity = "worker-1") {
    const auto reply = engine.poll_activity_task(now, queue, identity);
    log(ApiCall::PollActivityTaskQueue, identity, poll_request(queue, identity), reply);
    BOOST_REQUIRE(reply.ok());
    return reply.value->task;
  }
  Reply<HeartbeatResponse> heartbeat(const std::string& token, Payloads details = {}) {
    const auto reply = engine.record_activity_heartbeat(now, token, details);
    log(ApiCall::RecordActivityTaskHeartbeat, "worker-1", heartbeat_request(token, details), reply);
    return reply;
  }
  Reply<Empty> complete(const std::string& token, Payloads result = {}) {
    const auto reply = engine.respond_activity_completed(now, token, result);
    log(ApiCall::RespondActivityTaskCompleted, "worker-1", completed_request(token, result), reply);
    return reply;
  }
  Reply<Empty> fail(const std::string& token, const ApplicationFailure& failure) {
    const auto reply = engine.respond_activity_failed(now, token, failure);
    log(ApiCall::RespondActivityTaskFailed, "worker-1", failed_request(token, failure), reply);
    return reply;
  }
  Reply<Empty> fail(const std::string& token, const std::string& type = "Flaky") {
    return fail(token, ApplicationFailure{type, "attempt failed", false, std::nullopt, {}});
  }
  Reply<Empty> canceled(const std::string& token, Payloads details = {}) {
    const auto reply = engine.respond_activity_canceled(now, token, details);
    log(ApiCall::RespondActivityTaskCanceled, "worker-1", canceled_request(token, details), reply);
    return reply;
  }
  Reply<RequestCancelResponse> request_cancel(const std::string& activity,
                                              const std::string& id = "wf") {
    const auto reply = engine.request_cancel_activity(now, id, activity);
    log(ApiCall::RequestCancelActivity, "scenario", request_cancel_request(id, activity), reply);
    return reply;
  }

  const History& history(const std::string& id = "wf") const {
    const History* h = engine.history(id);
    BOOST_REQUIRE(h != nullptr);
    return *h;
  }
  std::vector<EventType> event_types(const std::string& id = "wf") const {
    std::vector<EventType> types;
    for (const HistoryEvent& e : history(id).events) types.push_back(e.type);
    return types;
  }
  const HistoryEvent& last_event(const std::string& id = "wf") const {
    return history(id).events.back();
  }
  // The latest event of `type`; fails the test when there is none.
  const HistoryEvent& find(EventType type, const std::string& id = "wf") const {
    const auto& events = history(id).events;
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->type == type) return *it;
    }
    BOOST_FAIL("no " << to_string(type) << " event");
    return events.front();
  }

 private:
  template <typename T>
  void log(ApiCall api, const std::string& caller, Json request, const Reply<T>& reply) {
    CallRecord& record = calls.append(now, caller, api, std::move(request));
    record_answer(record, reply);
  }
};

}  // namespace wfsim::temporal::testing
