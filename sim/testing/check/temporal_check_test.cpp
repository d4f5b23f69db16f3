// Temporal invariants 19-25 on faithful engine runs (with an SDK-like worker where heartbeats
// matter) and on records edited into violations. The planted defects are in
// mutants_caught_test.cpp.
#include "testing/check_harness.h"
#include "record/temporal_history_json.h"

namespace wfsim::check {
using namespace testing;

namespace {

Instant at_s(double s) {
  return kDefaultEpoch + Duration::microseconds(static_cast<int64_t>(s * 1e6));
}

std::string one_activity(const std::string& options) {
  return R"({"steps":[{"activity":"A","options":)" + options + "}]}";
}

// Polls and fails every attempt at once until the workflow closes (TMP-2.5 with S2C 10 s).
void fail_every_attempt(TemporalRun& run, bool heartbeat_first = false) {
  while (run.engine.status(run.workflow_id) == temporal::WorkflowStatus::running) {
    if (auto task = run.poll()) {
      if (heartbeat_first) run.heartbeat(task->task_token, {Json(task->attempt)});
      run.fail(task->task_token);
    } else if (!run.fire_next()) {
      break;
    }
  }
}

CallRecord* find_call(CallLog& log, ApiCall api, size_t nth = 0) {
  for (CallRecord& r : log.records) {
    if (r.api == api && (api != ApiCall::PollActivityTaskQueue || (r.response && !r.response->empty())) &&
        nth-- == 0) {
      return &r;
    }
  }
  BOOST_FAIL("no such call");
  return nullptr;
}

temporal::HistoryEvent* find_event(temporal::History& h, temporal::EventType type) {
  for (auto& e : h.events) {
    if (e.type == type) return &e;
  }
  BOOST_FAIL("no such event");
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(temporal_checks)

BOOST_AUTO_TEST_CASE(the_tmp_2_5_schedule_holds_and_a_shifted_retry_breaks_exact_backoff) {
  TemporalRun run;
  run.start(one_activity(R"({"schedule_to_close_seconds": 10})"));
  fail_every_attempt(run);
  WFSIM_CHECK_CLEAN(run.observation());
  CallLog shifted = run.calls;
  (*find_call(shifted, ApiCall::PollActivityTaskQueue, 2)->response)["currentAttemptScheduledTime"] =
      temporal::format_proto_timestamp(at_s(3.5));
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &shifted), "temporal.exact_backoff");
}

BOOST_AUTO_TEST_CASE(next_retry_delay_replaces_the_backoff_even_above_the_cap_tmp_2_3) {
  TemporalRun run;
  run.start(one_activity(R"({"start_to_close_seconds": 10, "retry_policy":
      {"maximum_interval_seconds": 2, "maximum_attempts": 2}})"));
  run.fail(run.poll()->task_token, "Later", false, Duration::seconds(7));
  run.advance_to(at_s(7));
  run.complete(run.poll()->task_token);
  WFSIM_CHECK_CLEAN(run.observation());
  CallLog other_delay = run.calls;
  find_call(other_delay, ApiCall::RespondActivityTaskFailed)
      ->request["failure"]["applicationFailureInfo"]["nextRetryDelay"] = "5s";
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &other_delay),
                       "temporal.exact_backoff");
}

BOOST_AUTO_TEST_CASE(maximum_attempts_holds_and_misnumbered_attempts_break_retry_bounds) {
  TemporalRun run;
  run.start(one_activity(R"({"start_to_close_seconds": 10,
                             "retry_policy": {"maximum_attempts": 3}})"));
  fail_every_attempt(run);
  const auto& close = run.history().events[run.history().size() - 2];
  BOOST_TEST(close.retry_state == temporal::RetryState::maximum_attempts_reached);
  WFSIM_CHECK_CLEAN(run.observation());
  CallLog misnumbered = run.calls;
  (*find_call(misnumbered, ApiCall::PollActivityTaskQueue, 1)->response)["attempt"] = 3;
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &misnumbered), "temporal.retry_bounds");
  temporal::History wrong_state = run.history();
  find_event(wrong_state, temporal::EventType::ActivityTaskFailed)->retry_state =
      temporal::RetryState::timeout;
  WFSIM_CHECK_VIOLATES(run.observation_with(&wrong_state, &run.calls), "temporal.retry_bounds");
}

BOOST_AUTO_TEST_CASE(non_retryable_failures_close_at_once_and_a_retried_one_is_caught) {
  for (const bool flagged : {true, false}) {
    TemporalRun run;
    run.start(one_activity(R"({"start_to_close_seconds": 10, "retry_policy":
        {"non_retryable_error_types": ["CardDeclined"]}})"));
    run.fail(run.poll()->task_token, flagged ? "Flaky" : "CardDeclined", flagged);
    BOOST_TEST(run.history().events[run.history().size() - 2].retry_state ==
               temporal::RetryState::non_retryable_failure);
    WFSIM_CHECK_CLEAN(run.observation());
  }
  TemporalRun retried;
  retried.start(one_activity(R"({"start_to_close_seconds": 10})"));
  retried.fail(retried.poll()->task_token);
  retried.advance_to(at_s(1));
  retried.complete(retried.poll()->task_token);
  WFSIM_CHECK_CLEAN(retried.observation());
  CallLog flagged = retried.calls;
  find_call(flagged, ApiCall::RespondActivityTaskFailed)
      ->request["failure"]["applicationFailureInfo"]["nonRetryable"] = true;
  WFSIM_CHECK_VIOLATES(retried.observation_with(&retried.history(), &flagged),
                       "temporal.non_retryable_closes");
}

BOOST_AUTO_TEST_CASE(heartbeat_timeouts_fire_exactly_and_are_recorded_with_their_type) {
  TemporalRun run;
  run.start(one_activity(R"({"start_to_close_seconds": 10, "heartbeat_timeout_seconds": 2,
                             "retry_policy": {"maximum_attempts": 2}})"));
  const auto first = run.poll();
  run.advance_to(at_s(1));
  run.heartbeat(first->task_token, {Json("one")});
  run.advance_to(at_s(4));  // Heartbeat timeout at 3 s; retry at 4 s.
  const auto second = run.poll();
  BOOST_TEST_REQUIRE(second.has_value());
  run.advance_to(at_s(10));  // Heartbeat timeout at 6 s closes it.
  const auto& close = run.history().events[run.history().size() - 2];
  BOOST_TEST((close.event_time == at_s(6)));
  WFSIM_CHECK_CLEAN(run.observation());
  temporal::History wrong_type = run.history();
  find_event(wrong_type, temporal::EventType::ActivityTaskTimedOut)->failure->timeout_type =
      temporal::TimeoutType::start_to_close;
  WFSIM_CHECK_VIOLATES(run.observation_with(&wrong_type, &run.calls), "temporal.timer_semantics");
  temporal::History late = run.history();
  find_event(late, temporal::EventType::ActivityTaskTimedOut)->event_time = at_s(7);
  WFSIM_CHECK_VIOLATES(run.observation_with(&late, &run.calls), "temporal.timer_semantics");
  CallLog accepted_late = run.calls;  // The heartbeat at 1 s moved to 3.5 s, past the deadline.
  CallRecord* beat = find_call(accepted_late, ApiCall::RecordActivityTaskHeartbeat);
  beat->time = at_s(3.5);
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &accepted_late),
                       "temporal.timer_semantics");
}

BOOST_AUTO_TEST_CASE(stale_tokens_get_not_found_and_an_accepted_one_is_caught) {
  TemporalRun run;
  run.start(one_activity(R"({"start_to_close_seconds": 2})"));
  const auto first = run.poll();
  run.advance_to(at_s(3));  // StartToClose timeout at 2 s; retry at 3 s.
  const auto second = run.poll();
  BOOST_TEST_REQUIRE(second.has_value());
  // The first worker still holds its token (token expiry), the second's completion is duplicated.
  BOOST_TEST(run.heartbeat(first->task_token).is_error("NotFound"));
  BOOST_TEST(run.complete(first->task_token).is_error("NotFound"));
  BOOST_TEST(run.complete(second->task_token).ok());
  BOOST_TEST(run.complete(second->task_token).is_error("NotFound"));
  WFSIM_CHECK_CLEAN(run.observation());
  CallLog accepted = run.calls;
  CallRecord* stale = find_call(accepted, ApiCall::RespondActivityTaskCompleted, 0);
  stale->error.reset();
  stale->response = Json::object();
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &accepted),
                       "temporal.stale_tokens_not_found");
  CallLog duplicate = run.calls;
  CallRecord* again = find_call(duplicate, ApiCall::RespondActivityTaskCompleted, 2);
  again->error.reset();
  again->response = Json::object();
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &duplicate),
                       "temporal.stale_tokens_not_found");
}

BOOST_AUTO_TEST_CASE(heartbeat_details_are_handed_to_the_next_attempt_and_the_final_failure) {
  TemporalRun run;
  run.start(one_activity(R"({"start_to_close_seconds": 5, "retry_policy":
      {"maximum_attempts": 3}})"));
  fail_every_attempt(run, true);
  WFSIM_CHECK_CLEAN(run.observation());
  CallLog lost = run.calls;
  find_call(lost, ApiCall::PollActivityTaskQueue, 2)->response->erase("heartbeatDetails");
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &lost),
                       "temporal.heartbeat_details_carry_over");

  TemporalRun timed_out;
  timed_out.start(one_activity(R"({"start_to_close_seconds": 5, "retry_policy":
      {"maximum_attempts": 1}})"));
  timed_out.heartbeat(timed_out.poll()->task_token, {Json("checkpoint")});
  timed_out.advance_to(at_s(6));
  WFSIM_CHECK_CLEAN(timed_out.observation());
  temporal::History forgotten = timed_out.history();
  find_event(forgotten, temporal::EventType::ActivityTaskTimedOut)
      ->failure->last_heartbeat_details.clear();
  WFSIM_CHECK_VIOLATES(timed_out.observation_with(&forgotten, &timed_out.calls),
                       "temporal.heartbeat_details_carry_over");
}

BOOST_AUTO_TEST_CASE(a_throttled_worker_holds_and_unthrottled_or_late_heartbeats_are_caught) {
  TemporalRun run;
  run.start(one_activity(R"({"start_to_close_seconds": 10, "heartbeat_timeout_seconds": 2})"));
  work_attempt(run, *run.poll(), Duration::milliseconds(500), Duration::seconds(7),
               WorkResult::complete);
  BOOST_TEST(run.engine.status("wf") == temporal::WorkflowStatus::completed);
  WFSIM_CHECK_CLEAN(run.observation());
  CallLog eager = run.calls;  // The second RPC sent 0.5 s after the first: under 1.6 s.
  CallRecord* second = find_call(eager, ApiCall::RecordActivityTaskHeartbeat, 1);
  second->sent =
      find_call(eager, ApiCall::RecordActivityTaskHeartbeat, 0)->sent + Duration::milliseconds(500);
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &eager),
                       "temporal.throttle_and_cancel_delivery");
  CallLog after = run.calls;  // A heartbeat sent after the completion.
  CallRecord copy = *find_call(after, ApiCall::RecordActivityTaskHeartbeat, 0);
  copy.sequence = after.records.size() + 1;
  copy.sent = copy.time =
      find_call(after, ApiCall::RespondActivityTaskCompleted)->sent + Duration::seconds(1);
  copy.response.reset();
  copy.error = ApiError{"NotFound", "gone"};
  after.records.push_back(copy);
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &after),
                       "temporal.throttle_and_cancel_delivery");
}

BOOST_AUTO_TEST_CASE(a_cancel_reaches_only_a_heartbeating_activity_tmp_3_5) {
  TemporalRun run;
  run.start(one_activity(R"({"start_to_close_seconds": 10, "heartbeat_timeout_seconds": 2})"));
  work_attempt(run, *run.poll(), Duration::milliseconds(500), Duration::seconds(9),
               WorkResult::complete, at_s(5));
  BOOST_TEST(run.history().events[run.history().size() - 2].type ==
             temporal::EventType::ActivityTaskCanceled);
  WFSIM_CHECK_CLEAN(run.observation());
  CallLog unannounced = run.calls;
  for (CallRecord& r : unannounced.records) {
    if (r.api == ApiCall::RecordActivityTaskHeartbeat && r.response) r.response->erase("cancelRequested");
  }
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &unannounced),
                       "temporal.throttle_and_cancel_delivery");

  TemporalRun silent;
  silent.start(one_activity(R"({"start_to_close_seconds": 10})"));
  work_attempt(silent, *silent.poll(), std::nullopt, Duration::seconds(8), WorkResult::complete,
               at_s(5));
  BOOST_TEST(silent.engine.status("wf") == temporal::WorkflowStatus::completed);
  WFSIM_CHECK_CLEAN(silent.observation());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
