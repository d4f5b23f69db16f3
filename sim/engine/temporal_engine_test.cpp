// Temporal activity semantics, scenario by scenario (TMP-1.x, TMP-2.x, TMP-3.4, TMP-4.1), driven
// through the engine's API with the test host of temporal_test_support.h.
#include <boost/test/unit_test.hpp>

#include "engine/temporal_test_support.h"

namespace wfsim::temporal {
namespace {

using testing::at_seconds;
using testing::Driver;
using testing::one_activity;
using testing::seconds;

// Polls whenever a task is available and fails every attempt at once with `failure`; returns the
// start time of each attempt. Stops when the workflow closes.
std::vector<Instant> fail_every_attempt(Driver& d, const ApplicationFailure& failure) {
  std::vector<Instant> starts;
  while (d.engine.status("wf") == WorkflowStatus::running) {
    if (auto task = d.poll()) {
      starts.push_back(d.now);
      BOOST_TEST_REQUIRE(d.fail(task->task_token, failure).ok());
    } else if (!d.fire_next()) {
      break;
    }
  }
  return starts;
}

const ApplicationFailure kFlaky{"Flaky", "try again", false, std::nullopt, {}};

}  // namespace

BOOST_AUTO_TEST_SUITE(temporal_engine)

BOOST_AUTO_TEST_CASE(tmp_2_5_attempts_at_0_1_3_7_then_no_retry_with_retry_state_timeout) {
  Driver d;
  BOOST_TEST_REQUIRE(d.start(one_activity(R"({"schedule_to_close_seconds": 10})")).ok());
  const std::vector<Instant> starts = fail_every_attempt(d, kFlaky);
  const std::vector<Instant> expected = {at_seconds(0), at_seconds(1), at_seconds(3),
                                         at_seconds(7)};
  BOOST_TEST(starts == expected, boost::test_tools::per_element());
  const HistoryEvent& failed = d.find(EventType::ActivityTaskFailed);
  BOOST_TEST(failed.retry_state == RetryState::timeout);
  BOOST_TEST((failed.event_time == at_seconds(7)));
  BOOST_TEST(failed.failure->type == "Flaky");  // An application failure stays Failed (TMP-1.5).
  const HistoryEvent& started = d.find(EventType::ActivityTaskStarted);
  BOOST_TEST(started.attempt == 4);
  BOOST_TEST((started.event_time == at_seconds(7)));
  BOOST_TEST_REQUIRE(started.last_failure.has_value());
  BOOST_TEST(started.last_failure->type == "Flaky");
  // TMP-2.6: intermediate attempts write no events.
  const std::vector<EventType> types = {
      EventType::WorkflowExecutionStarted, EventType::ActivityTaskScheduled,
      EventType::ActivityTaskStarted, EventType::ActivityTaskFailed,
      EventType::WorkflowExecutionFailed};
  BOOST_TEST(d.event_types() == types, boost::test_tools::per_element());
  BOOST_TEST(d.host.armed.empty());
}

BOOST_AUTO_TEST_CASE(next_retry_delay_beyond_maximum_interval_is_honoured) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 5,
                           "retry_policy": {"maximum_interval_seconds": 2}})"));
  const auto first = d.poll();
  BOOST_TEST_REQUIRE(first.has_value());
  d.fail(first->task_token, ApplicationFailure{"RateLimited", "later", false, seconds(30), {}});
  d.advance(seconds(29.999999));
  BOOST_TEST(!d.poll().has_value());
  d.advance(seconds(0.000001));
  const auto second = d.poll();
  BOOST_TEST_REQUIRE(second.has_value());
  BOOST_TEST(second->attempt == 2);
  BOOST_TEST((second->current_attempt_scheduled_time == at_seconds(30)));
  BOOST_TEST((second->scheduled_time == at_seconds(0)));
}

BOOST_AUTO_TEST_CASE(maximum_attempts_counts_the_first_attempt_too) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 5,
                           "retry_policy": {"maximum_attempts": 3}})"));
  BOOST_TEST(fail_every_attempt(d, kFlaky).size() == 3u);
  BOOST_TEST(d.find(EventType::ActivityTaskFailed).retry_state ==
             RetryState::maximum_attempts_reached);
  BOOST_TEST(d.find(EventType::ActivityTaskStarted).attempt == 3);
}

BOOST_AUTO_TEST_CASE(a_non_retryable_error_type_closes_on_the_first_attempt) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 5,
                           "retry_policy": {"non_retryable_error_types": ["CardDeclined"]}})"));
  const auto starts =
      fail_every_attempt(d, ApplicationFailure{"CardDeclined", "no", false, std::nullopt, {}});
  BOOST_TEST(starts.size() == 1u);
  const HistoryEvent& failed = d.find(EventType::ActivityTaskFailed);
  BOOST_TEST(failed.retry_state == RetryState::non_retryable_failure);
  BOOST_TEST(d.find(EventType::ActivityTaskStarted).attempt == 1);
  BOOST_TEST(!d.find(EventType::ActivityTaskStarted).last_failure.has_value());
}

BOOST_AUTO_TEST_CASE(a_failure_flagged_non_retryable_closes_and_similar_type_names_retry) {
  Driver flagged;
  flagged.start(one_activity(R"({"start_to_close_seconds": 5})"));
  BOOST_TEST(fail_every_attempt(flagged, ApplicationFailure{"Flaky", "x", true, {}, {}}).size() ==
             1u);
  BOOST_TEST(flagged.find(EventType::ActivityTaskFailed).failure->non_retryable);

  Driver similar;
  similar.start(one_activity(R"({"start_to_close_seconds": 5, "retry_policy":
      {"maximum_attempts": 2, "non_retryable_error_types": ["CardDeclined"]}})"));
  const auto starts =
      fail_every_attempt(similar, ApplicationFailure{"CardDeclinedTwice", "x", false, {}, {}});
  BOOST_TEST(starts.size() == 2u);  // Not a substring match.
}

BOOST_AUTO_TEST_CASE(start_to_close_fires_regardless_of_heartbeats) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 10, "heartbeat_timeout_seconds": 2,
                           "retry_policy": {"maximum_attempts": 1}})"));
  const auto task = d.poll();
  BOOST_TEST_REQUIRE(task.has_value());
  for (int i = 1; i < 10; ++i) {
    d.advance_to(at_seconds(i));
    BOOST_TEST_REQUIRE(d.heartbeat(task->task_token, {Json(i)}).ok());
  }
  d.advance_to(at_seconds(9.999999));
  BOOST_TEST(d.engine.status("wf") == WorkflowStatus::running);
  d.advance_to(at_seconds(10));
  const HistoryEvent& timed_out = d.find(EventType::ActivityTaskTimedOut);
  BOOST_TEST((timed_out.event_time == at_seconds(10)));
  BOOST_TEST(timed_out.failure->timeout_type == TimeoutType::start_to_close);
  BOOST_TEST(timed_out.failure->message == "activity StartToClose timeout");
  BOOST_TEST(timed_out.retry_state == RetryState::maximum_attempts_reached);
  BOOST_TEST(timed_out.failure->last_heartbeat_details == Payloads{Json(9)});
}

BOOST_AUTO_TEST_CASE(a_heartbeat_timeout_fires_heartbeat_timeout_after_the_last_heartbeat) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 60, "heartbeat_timeout_seconds": 2,
                           "retry_policy": {"maximum_attempts": 1}})"));
  const auto task = d.poll();
  d.advance_to(at_seconds(1.5));
  d.heartbeat(task->task_token, {Json("half")});
  d.advance_to(at_seconds(3.499999));
  BOOST_TEST(d.engine.status("wf") == WorkflowStatus::running);
  d.advance_to(at_seconds(3.5));
  const HistoryEvent& timed_out = d.find(EventType::ActivityTaskTimedOut);
  BOOST_TEST(timed_out.failure->timeout_type == TimeoutType::heartbeat);
  BOOST_TEST((timed_out.event_time == at_seconds(3.5)));
}

BOOST_AUTO_TEST_CASE(without_a_heartbeat_timeout_silence_never_times_out_before_start_to_close) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 60, "heartbeat_timeout_seconds": 0,
                           "retry_policy": {"maximum_attempts": 1}})"));
  const auto task = d.poll();
  d.advance_to(at_seconds(59));
  BOOST_TEST_REQUIRE(d.complete(task->task_token, {Json("done")}).ok());
  BOOST_TEST(d.engine.status("wf") == WorkflowStatus::completed);
}

BOOST_AUTO_TEST_CASE(schedule_to_start_is_not_retried_and_writes_no_started_event) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 5, "schedule_to_start_seconds": 3})"));
  d.advance_to(at_seconds(100));
  const std::vector<EventType> types = {
      EventType::WorkflowExecutionStarted, EventType::ActivityTaskScheduled,
      EventType::ActivityTaskTimedOut, EventType::WorkflowExecutionFailed};
  BOOST_TEST(d.event_types() == types, boost::test_tools::per_element());
  const HistoryEvent& timed_out = d.find(EventType::ActivityTaskTimedOut);
  BOOST_TEST(timed_out.failure->timeout_type == TimeoutType::schedule_to_start);
  BOOST_TEST(timed_out.retry_state == RetryState::timeout);
  BOOST_TEST((timed_out.event_time == at_seconds(3)));
  BOOST_TEST(timed_out.started_event_id == 0);
}

BOOST_AUTO_TEST_CASE(schedule_to_start_counts_from_this_attempts_scheduling) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 5, "schedule_to_start_seconds": 3})"));
  const auto first = d.poll();
  d.advance_to(at_seconds(1));
  d.fail(first->task_token);  // Retry scheduled at 2 s; its ScheduleToStart ends at 5 s.
  d.advance_to(at_seconds(4.9));
  const auto second = d.poll();
  BOOST_TEST_REQUIRE(second.has_value());
  BOOST_TEST(second->attempt == 2);
}

BOOST_AUTO_TEST_CASE(running_out_of_schedule_to_close_rewrites_the_timeout_type) {
  Driver d;
  d.start(one_activity(R"({"schedule_to_close_seconds": 10, "start_to_close_seconds": 4,
                           "heartbeat_timeout_seconds": 4})"));
  auto task = d.poll();  // Attempt 1: 0..4, heartbeats once.
  d.advance_to(at_seconds(1));
  d.heartbeat(task->task_token, {Json("p1")});
  d.advance_to(at_seconds(5));  // StartToClose at 4; retry at 5.
  task = d.poll();
  BOOST_TEST_REQUIRE(task.has_value());
  BOOST_TEST(task->attempt == 2);
  d.advance_to(at_seconds(20));  // StartToClose at 9; a retry at 11 would pass 10.
  const HistoryEvent& timed_out = d.find(EventType::ActivityTaskTimedOut);
  BOOST_TEST((timed_out.event_time == at_seconds(9)));
  BOOST_TEST(timed_out.failure->timeout_type == TimeoutType::schedule_to_close);
  BOOST_TEST(timed_out.failure->message ==
             "Not enough time to schedule next retry before activity ScheduleToClose timeout, "
             "giving up retrying");
  BOOST_TEST(timed_out.retry_state == RetryState::timeout);
  BOOST_TEST(timed_out.failure->last_heartbeat_details == Payloads{Json("p1")});
  BOOST_TEST(d.find(EventType::ActivityTaskStarted).last_failure->timeout_type ==
             TimeoutType::start_to_close);
}

BOOST_AUTO_TEST_CASE(the_schedule_to_close_timer_itself_ends_a_started_attempt) {
  Driver d;
  d.start(one_activity(R"({"schedule_to_close_seconds": 10})"));
  const auto task = d.poll();
  d.advance_to(at_seconds(30));
  const HistoryEvent& timed_out = d.find(EventType::ActivityTaskTimedOut);
  BOOST_TEST((timed_out.event_time == at_seconds(10)));
  BOOST_TEST(timed_out.failure->timeout_type == TimeoutType::schedule_to_close);
  BOOST_TEST(timed_out.failure->message == "activity ScheduleToClose timeout");
  BOOST_TEST(timed_out.started_event_id == d.find(EventType::ActivityTaskStarted).event_id);
  BOOST_TEST(d.complete(task->task_token).is_error("NotFound"));
}

BOOST_AUTO_TEST_CASE(heartbeat_details_carry_across_a_heartbeat_timeout_into_the_next_attempt) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 60, "heartbeat_timeout_seconds": 2,
                           "retry_policy": {"maximum_attempts": 2}})"));
  const auto first = d.poll();
  BOOST_TEST(first->heartbeat_details.empty());
  d.advance_to(at_seconds(1));
  d.heartbeat(first->task_token, {Json{{"page", 1}}});
  d.advance_to(at_seconds(2));
  d.heartbeat(first->task_token, {Json{{"page", 2}}});
  d.advance_to(at_seconds(5));  // Heartbeat timeout at 4; retry at 5.
  const auto second = d.poll();
  BOOST_TEST_REQUIRE(second.has_value());
  BOOST_TEST(second->attempt == 2);
  BOOST_TEST(second->heartbeat_details == Payloads{(Json{{"page", 2}})});
  d.advance_to(at_seconds(30));  // Attempt 2 never heartbeats: times out at 7.
  const HistoryEvent& timed_out = d.find(EventType::ActivityTaskTimedOut);
  BOOST_TEST(timed_out.failure->timeout_type == TimeoutType::heartbeat);
  BOOST_TEST(timed_out.retry_state == RetryState::maximum_attempts_reached);
  BOOST_TEST(timed_out.failure->last_heartbeat_details == Payloads{(Json{{"page", 2}})});
}

BOOST_AUTO_TEST_CASE(stale_and_closed_tokens_get_not_found_and_change_nothing) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 5})"));
  const auto first = d.poll();
  d.fail(first->task_token);
  d.advance_to(at_seconds(1));
  const auto second = d.poll();
  BOOST_TEST(second->task_token != first->task_token);  // A fresh token per attempt.
  const Json before = history_to_json(d.history());
  for (const auto& reply : {d.complete(first->task_token), d.fail(first->task_token),
                            d.canceled(first->task_token)}) {
    BOOST_TEST(reply.is_error("NotFound"));
    BOOST_TEST(reply.error->message == kActivityNotFoundMessage);
  }
  BOOST_TEST(d.heartbeat(first->task_token).is_error("NotFound"));
  BOOST_TEST(history_to_json(d.history()) == before);
  BOOST_TEST(d.heartbeat(second->task_token).ok());

  BOOST_TEST(d.complete(second->task_token, {Json(1)}).ok());
  BOOST_TEST(d.engine.status("wf") == WorkflowStatus::completed);
  const auto after_close = d.complete(second->task_token);
  BOOST_TEST(after_close.is_error("NotFound"));
  BOOST_TEST(after_close.error->message == kWorkflowCompletedMessage);
  // The call log holds each answer.
  BOOST_TEST(d.calls.records.back().error->code == "NotFound");
}

BOOST_AUTO_TEST_CASE(tokens_that_do_not_decode_are_invalid_and_forged_ones_not_found) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 5})"));
  const auto task = d.poll();
  BOOST_TEST(d.complete("not-a-token").is_error("InvalidArgument"));
  const std::string other_engine = encode_token(TokenParts{7, 0, 1});
  BOOST_TEST(d.heartbeat(other_engine).is_error("InvalidArgument"));
  const auto parts = decode_token(task->task_token);
  const std::string forged = encode_token(TokenParts{parts->engine_tag, 0, parts->secret + 1});
  BOOST_TEST(d.complete(forged).is_error("NotFound"));
  const std::string unissued = encode_token(TokenParts{parts->engine_tag, 99, parts->secret});
  BOOST_TEST(d.complete(unissued).is_error("NotFound"));
  BOOST_TEST(d.engine.task_info(task->task_token)->current);
}

BOOST_AUTO_TEST_CASE(stale_timer_fires_are_ignored) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 5})"));
  d.poll();
  const auto pending = d.next_timer();
  BOOST_TEST_REQUIRE(pending.has_value());
  const size_t events = d.history().size();
  d.engine.on_timer(at_seconds(1), pending->second);  // Before its deadline.
  d.engine.on_timer(at_seconds(1), 0);                // A slot with nothing pending.
  BOOST_TEST(d.history().size() == events);
  BOOST_TEST(d.engine.status("wf") == WorkflowStatus::running);
}

BOOST_AUTO_TEST_CASE(a_timeout_type_listed_as_non_retryable_closes_on_the_first_timeout) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 4, "retry_policy":
      {"non_retryable_error_types": ["TemporalTimeout:StartToClose"]}})"));
  d.poll();
  d.advance_to(at_seconds(60));
  const HistoryEvent& timed_out = d.find(EventType::ActivityTaskTimedOut);
  BOOST_TEST((timed_out.event_time == at_seconds(4)));
  BOOST_TEST(timed_out.failure->timeout_type == TimeoutType::start_to_close);
  BOOST_TEST(timed_out.retry_state == RetryState::non_retryable_failure);
  BOOST_TEST(d.find(EventType::ActivityTaskStarted).attempt == 1);
}

BOOST_AUTO_TEST_CASE(only_the_latest_heartbeat_details_are_kept_even_when_empty) {
  Driver d;
  d.start(one_activity(R"({"start_to_close_seconds": 5})"));
  const auto first = d.poll();
  d.heartbeat(first->task_token, {Json(1)});
  d.heartbeat(first->task_token, {Json(2), Json("two payloads")});
  d.fail(first->task_token);
  d.advance_to(at_seconds(1));
  const auto second = d.poll();
  BOOST_TEST(second->heartbeat_details == (Payloads{Json(2), Json("two payloads")}));
  d.heartbeat(second->task_token);  // No details: the server now holds none.
  d.fail(second->task_token);
  d.advance_to(at_seconds(3));
  const auto third = d.poll();
  BOOST_TEST_REQUIRE(third.has_value());
  BOOST_TEST(third->attempt == 3);
  BOOST_TEST(third->heartbeat_details.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::temporal
