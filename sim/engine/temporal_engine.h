// The Temporal activity engine: workflows of activity steps (temporal_spec.h) run with the
// server's activity semantics (facts TMP-1.1 … TMP-4.2): the four timeouts, the retry policy and
// its exact arithmetic, the ScheduleToClose cut-off, heartbeats whose details carry over to the
// next attempt, cancellation that reaches an activity only in a heartbeat response, and NotFound
// for stale tokens. It records a Temporal history (record/temporal_history.h).
//
// It is a functional core on the same footing as the Step Functions engine (engine/host.h): it
// is handed `now` on every call and a seeded Random, never reads a clock, and asks its Host for
// timers and for waking pollers. Faults and bad calls are answers (Temporal service errors) and
// history events, never exceptions; its own invariants are WFSIM_ASSERTs. It does not model
// workers, their heartbeat throttling (sim/world/temporal_heartbeats.h does) or networks, and it
// has no workflow tasks: the steps are the workflow.
//
// Driving it:
//   * start_workflow() schedules the first steps; Host::task_available(queue) then tells pollers
//     that poll_activity_task(queue) will return a task. A poll with nothing available returns an
//     empty response at once (the host models long polling by polling again when told).
//   * Timers: the engine arms and cancels dense slots through TimerHost; when a slot's deadline
//     comes the host calls on_timer(now, slot). A fire for a slot that has no pending timer, or
//     before its deadline, is ignored.
//   * Workers answer with respond_activity_completed / _failed / _canceled and heartbeat with
//     record_activity_heartbeat, always with the token of the task they hold.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"
#include "engine/host.h"
#include "engine/mutants.h"
#include "engine/temporal_api.h"
#include "engine/temporal_spec.h"
#include "record/temporal_history.h"

namespace wfsim::temporal {

// The engine_tag of Temporal task tokens (engine/token.h): "TMP" and version 1.
inline constexpr uint32_t kTokenEngineTag = 0x544d5001;

class Host : public TimerHost {
 public:
  // An activity task became available on `task_queue`: its first scheduling, or the end of a
  // retry's backoff. Wake that queue's pollers (they call poll_activity_task).
  virtual void task_available(std::string_view task_queue) = 0;
  // Only the cancel_delivered_without_heartbeat mutant calls this, when a cancel is requested for
  // a started attempt: the server pushes the cancellation to the worker holding `task_token`,
  // which a real server never does (TMP-3.5). The world should hand it to the activity as if a
  // heartbeat response had carried cancel_requested.
  virtual void cancel_pushed(std::string_view task_token) = 0;
  // A workflow reached a terminal status.
  virtual void workflow_closed(std::string_view /*workflow_id*/, WorkflowStatus /*status*/) {}

 protected:
  ~Host() = default;
};

struct EngineOptions {
  std::string namespace_name = "default";
  MutantSet mutants;
};

// What the simulated world may learn about a token it holds (not a Temporal API; checkers must
// not use it): which activity and attempt it names, and whether that attempt is still open.
struct TaskInfo {
  std::string workflow_id;
  std::string activity_id;
  std::string activity_type;
  int32_t attempt = 0;
  int64_t scheduled_event_id = 0;
  bool current = false;  // The attempt is started and open: the token would be accepted.
};

class Engine {
 public:
  Engine(Host& host, Random random, EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const EngineOptions& options() const;

  // --- Temporal API -----------------------------------------------------------------------
  // Starts `spec` (its activity ids assigned, see assign_activity_ids) as `workflow_id`, with
  // `input` as the input of every step that has none. InvalidArgument if the spec does not
  // validate; WorkflowExecutionAlreadyStarted if the id was used before (id reuse is not
  // modelled).
  Reply<StartWorkflowResponse> start_workflow(Instant now,
                                              std::shared_ptr<const WorkflowSpec> spec,
                                              const std::string& workflow_id, const Json& input);
  // Hands out the oldest available task of `task_queue` and starts its attempt with a fresh
  // token; an empty response when none is available.
  Reply<PollActivityTaskResponse> poll_activity_task(Instant now, std::string_view task_queue,
                                                     std::string_view identity);
  // Records the details (replacing earlier ones) and pushes the heartbeat deadline back.
  // NotFound for a stale or closed token (TMP-4.1); InvalidArgument for a token that does not
  // decode.
  Reply<HeartbeatResponse> record_activity_heartbeat(Instant now, std::string_view token,
                                                     Payloads details);
  Reply<Empty> respond_activity_completed(Instant now, std::string_view token, Payloads result);
  // Retries per the retry policy (TMP-2.2 … 2.4) or closes the activity ActivityTaskFailed.
  Reply<Empty> respond_activity_failed(Instant now, std::string_view token,
                                       const ApplicationFailure& failure);
  Reply<Empty> respond_activity_canceled(Instant now, std::string_view token, Payloads details);
  // The workflow requests cancellation of the activity with id `activity`; when no activity has
  // that id, of every scheduled, open activity whose type is `activity`. Records
  // ActivityTaskCancelRequested; an activity that has not started (queued or in backoff) is
  // canceled at once, a started one learns it from its next heartbeat response. NotFound when
  // nothing open matches or the cancel was already requested.
  Reply<RequestCancelResponse> request_cancel_activity(Instant now, std::string_view workflow_id,
                                                       std::string_view activity);
  Reply<WorkflowDescription> describe_workflow(Instant now, std::string_view workflow_id) const;

  // --- Driving ----------------------------------------------------------------------------
  void on_timer(Instant now, TimerSlot slot);

  // --- Observation ------------------------------------------------------------------------
  const History* history(std::string_view workflow_id) const;
  std::optional<WorkflowStatus> status(std::string_view workflow_id) const;
  std::optional<TaskInfo> task_info(std::string_view token) const;
  // Ids of every workflow, in start order.
  std::vector<std::string> workflow_ids() const;
  size_t running_workflows() const;

  struct State;  // engine/temporal_state.h.

 private:
  std::unique_ptr<State> state_;
};

}  // namespace wfsim::temporal
