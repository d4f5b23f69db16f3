// Activity cancellation (TMP-3.5): recorded as ActivityTaskCancelRequested, delivered only in a
// heartbeat response, immediate for activities that have not started. The last cases drive the
// engine together with the worker-side heartbeat manager (world/temporal_heartbeats.h).
#include <boost/test/unit_test.hpp>

#include "engine/temporal_test_support.h"
#include "world/temporal_heartbeats.h"

namespace wfsim::temporal {
namespace {

using testing::at_seconds;
using testing::Driver;
using testing::seconds;

const char* kHeartbeating = R"({"start_to_close_seconds": 10, "heartbeat_timeout_seconds": 2})";

struct WorkerRun {
  std::optional<Instant> cancel_seen;  // When the activity code saw a cancel.
  std::vector<Instant> rpc_times;      // When heartbeat RPCs went out.
};

// A worker running `task` through an ActivityHeartbeats manager: the activity code calls
// Heartbeat(step) every `every` (never when nullopt) for `work`, then completes; if the manager
// delivers a cancel first, it stops and responds canceled. RPCs reach the engine and are answered
// with no delay. The workflow requests a cancel of activity "1" at `cancel_at`.
WorkerRun run_worker(Driver& d, const ActivityTask& task, std::optional<Duration> every,
                     Duration work, Instant cancel_at) {
  bool cancel_pending = true;
  ActivityHeartbeats manager(d.now, task.heartbeat_timeout, task.start_to_close_timeout);
  WorkerRun out;
  const Instant end = d.now + work;
  std::optional<Instant> next_beat;
  if (every) next_beat = d.now;
  int step = 0;
  auto apply = [&](HeartbeatActions actions) {
    for (;;) {
      if (actions.cancel && !out.cancel_seen) out.cancel_seen = d.now;
      if (!actions.send_heartbeat) return actions;
      out.rpc_times.push_back(d.now);
      const auto reply = d.heartbeat(task.task_token, *actions.send_heartbeat);
      actions = manager.heartbeat_answered(
          d.now, reply.ok() ? HeartbeatAnswer::accepted(reply.value->cancel_requested)
                            : HeartbeatAnswer::not_found());
    }
  };
  while (!out.cancel_seen && d.now < end) {
    Instant next = end;
    if (const auto wake = manager.next_wake()) next = std::min(next, *wake);
    if (next_beat) next = std::min(next, *next_beat);
    if (cancel_pending) next = std::min(next, cancel_at);
    d.advance_to(next);
    if (cancel_pending && d.now >= cancel_at) {
      BOOST_TEST_REQUIRE(d.request_cancel("1").ok());
      cancel_pending = false;
    }
    if (const auto wake = manager.next_wake(); wake && d.now >= *wake) apply(manager.wake(d.now));
    if (next_beat && d.now >= *next_beat && d.now < end && !out.cancel_seen) {
      apply(manager.heartbeat(d.now, {Json(++step)}));
      *next_beat = *next_beat + *every;
    }
  }
  const HeartbeatActions finish = apply(manager.finish(
      d.now, out.cancel_seen ? AttemptResult::canceled : AttemptResult::completed));
  BOOST_TEST(finish.done);
  if (finish.report == AttemptResult::canceled) d.canceled(task.task_token, {Json("stopped")});
  if (finish.report == AttemptResult::completed) d.complete(task.task_token, {Json("done")});
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(temporal_cancel)

BOOST_AUTO_TEST_CASE(a_cancel_reaches_a_started_activity_in_its_next_heartbeat_response) {
  Driver d;
  d.start(testing::one_activity(kHeartbeating));
  const auto task = d.poll();
  for (const double t : {1.0, 2.5, 4.0}) {
    d.advance_to(at_seconds(t));
    BOOST_TEST(!d.heartbeat(task->task_token).value->cancel_requested);
  }
  d.advance_to(at_seconds(5));
  const auto requested = d.request_cancel("1");
  BOOST_TEST_REQUIRE(requested.ok());
  BOOST_TEST(requested.value->canceled_immediately.empty());
  // Copied: the history grows below, and a reference into it would dangle (found by ASan).
  const HistoryEvent cancel_event = d.find(EventType::ActivityTaskCancelRequested);
  BOOST_TEST((cancel_event.event_time == at_seconds(5)));
  d.advance_to(at_seconds(5.5));
  BOOST_TEST(d.heartbeat(task->task_token).value->cancel_requested);
  BOOST_TEST_REQUIRE(d.canceled(task->task_token, {Json("partial")}).ok());
  const HistoryEvent& failed = d.last_event();
  BOOST_TEST(d.find(EventType::ActivityTaskCanceled).latest_cancel_requested_event_id ==
             cancel_event.event_id);
  BOOST_TEST(d.find(EventType::ActivityTaskCanceled).details == Payloads{Json("partial")});
  BOOST_TEST(failed.type == EventType::WorkflowExecutionFailed);
  BOOST_TEST(failed.failure->cause->info == FailureInfo::canceled);
  const std::vector<EventType> types = {
      EventType::WorkflowExecutionStarted,    EventType::ActivityTaskScheduled,
      EventType::ActivityTaskCancelRequested, EventType::ActivityTaskStarted,
      EventType::ActivityTaskCanceled,        EventType::WorkflowExecutionFailed};
  BOOST_TEST(d.event_types() == types, boost::test_tools::per_element());
  BOOST_TEST(d.host.pushed_cancels.empty());
}

BOOST_AUTO_TEST_CASE(an_activity_that_never_heartbeats_never_observes_the_cancel) {
  Driver d;
  d.start(testing::one_activity(R"({"start_to_close_seconds": 10})"));
  const auto task = d.poll();
  d.advance_to(at_seconds(5));
  BOOST_TEST(d.request_cancel("A").ok());  // By activity type.
  d.advance_to(at_seconds(8));
  BOOST_TEST(d.complete(task->task_token, {Json("done")}).ok());
  BOOST_TEST(d.find(EventType::ActivityTaskCompleted).result == Payloads{Json("done")});
  BOOST_TEST(d.engine.status("wf") == WorkflowStatus::completed);
  BOOST_TEST(d.host.pushed_cancels.empty());
}

BOOST_AUTO_TEST_CASE(a_cancel_of_a_queued_activity_cancels_it_at_once) {
  Driver d;
  d.start(testing::one_activity(R"({"start_to_close_seconds": 10})"));
  const auto reply = d.request_cancel("1");
  BOOST_TEST(reply.value->canceled_immediately == std::vector<std::string>{"1"},
             boost::test_tools::per_element());
  const std::vector<EventType> types = {
      EventType::WorkflowExecutionStarted, EventType::ActivityTaskScheduled,
      EventType::ActivityTaskCancelRequested, EventType::ActivityTaskCanceled,
      EventType::WorkflowExecutionFailed};
  BOOST_TEST(d.event_types() == types, boost::test_tools::per_element());
  BOOST_TEST(d.find(EventType::ActivityTaskCanceled).details ==
             Payloads{Json("ACTIVITY_ID_NOT_STARTED")});
  BOOST_TEST(!d.poll().has_value());
}

BOOST_AUTO_TEST_CASE(a_cancel_during_retry_backoff_cancels_at_once) {
  Driver d;
  d.start(testing::one_activity(R"({"start_to_close_seconds": 10})"));
  d.fail(d.poll()->task_token);  // Retry at 1 s.
  d.advance_to(at_seconds(0.5));
  BOOST_TEST(d.request_cancel("1").value->canceled_immediately.size() == 1u);
  BOOST_TEST(d.find(EventType::ActivityTaskCanceled).started_event_id == 0);
  d.advance_to(at_seconds(5));
  BOOST_TEST(!d.poll().has_value());
}

BOOST_AUTO_TEST_CASE(a_failure_after_a_cancel_request_is_not_retried) {
  Driver d;
  d.start(testing::one_activity(kHeartbeating));
  const auto task = d.poll();
  d.request_cancel("1");
  d.fail(task->task_token);
  const HistoryEvent& failed = d.find(EventType::ActivityTaskFailed);
  BOOST_TEST(failed.retry_state == RetryState::cancel_requested);
}

BOOST_AUTO_TEST_CASE(cancel_requests_that_match_nothing_open_are_not_found) {
  Driver d;
  d.start(testing::one_activity(kHeartbeating));
  BOOST_TEST(d.request_cancel("nope").is_error("NotFound"));
  BOOST_TEST(d.request_cancel("1", "other-workflow").is_error("NotFound"));
  d.poll();
  BOOST_TEST(d.request_cancel("1").ok());
  BOOST_TEST(d.request_cancel("1").is_error("NotFound"));  // Already requested.
}

BOOST_AUTO_TEST_CASE(through_the_worker_the_cancel_arrives_with_the_next_heartbeat_rpc) {
  Driver d;
  d.start(testing::one_activity(kHeartbeating));
  const auto task = d.poll();
  // Heartbeat() every 0.5 s; the throttle is 1.6 s (TMP-3.1), so RPCs go out at 0, 1.6, 3.2, 4.8
  // and 6.4 s. The cancel requested at 5 s reaches the activity with the 6.4 s response.
  const WorkerRun run = run_worker(d, *task, seconds(0.5), seconds(9), at_seconds(5));
  const std::vector<Instant> rpcs = {at_seconds(0), at_seconds(1.6), at_seconds(3.2),
                                     at_seconds(4.8), at_seconds(6.4)};
  BOOST_TEST(run.rpc_times == rpcs, boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(run.cancel_seen.has_value());
  BOOST_TEST((*run.cancel_seen == at_seconds(6.4)));
  const HistoryEvent& canceled = d.find(EventType::ActivityTaskCanceled);
  BOOST_TEST((canceled.event_time == at_seconds(6.4)));
  BOOST_TEST(canceled.details == Payloads{Json("stopped")});
}

BOOST_AUTO_TEST_CASE(through_the_worker_an_activity_without_heartbeats_completes_despite_cancel) {
  Driver d;
  d.start(testing::one_activity(R"({"start_to_close_seconds": 10})"));
  const auto task = d.poll();
  const WorkerRun run = run_worker(d, *task, std::nullopt, seconds(8), at_seconds(5));
  BOOST_TEST(!run.cancel_seen.has_value());
  BOOST_TEST(run.rpc_times.empty());
  BOOST_TEST(d.find(EventType::ActivityTaskCancelRequested).event_id > 0);
  BOOST_TEST(d.engine.status("wf") == WorkflowStatus::completed);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::temporal
