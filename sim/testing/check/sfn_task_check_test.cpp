// Invariants 7-11 and one outcome per attempt: task timeouts, heartbeat timeouts, tokens and
// heartbeats that leave no trace, on faithful engine runs and on records edited into violations.
#include "testing/check_harness.h"

namespace wfsim::check {
using namespace testing;

namespace {

const char* kCallback = R"({"StartAt":"Ship","States":{"Ship":{"Type":"Task",
  "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
  "Parameters":{"MessageBody.$":"$$.Task.Token"},
  "HeartbeatSeconds":5,"TimeoutSeconds":12,"End":true}}})";

const char* kCallbackWithRetry = R"({"StartAt":"Ship","States":{"Ship":{"Type":"Task",
  "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
  "Parameters":{"MessageBody.$":"$$.Task.Token"},"TimeoutSeconds":10,
  "Retry":[{"ErrorEquals":["States.Timeout"],"IntervalSeconds":1,"MaxAttempts":1}],
  "End":true}}})";

const char* kActivity = R"({"StartAt":"Pick","States":{"Pick":{"Type":"Task",
  "Resource":"arn:aws:states:us-east-1:123456789012:activity:pick",
  "HeartbeatSeconds":3,"TimeoutSeconds":5,"End":true}}})";

// Heartbeats at the given seconds after delivery, then (optionally) success.
SfnRun::Responder beats(std::vector<int> seconds, std::optional<int> succeed_at) {
  return [seconds, succeed_at](SfnRun& run, const sfn::Delivery& d) {
    for (const int s : seconds) {
      run.after(Duration::seconds(s), [&run, t = d.token] { run.heartbeat(t); });
    }
    if (succeed_at) {
      run.after(Duration::seconds(*succeed_at),
                [&run, t = d.token] { run.succeed(t, R"({"ok":1})"); });
    }
  };
}

CallRecord* find_call(CallLog& log, ApiCall api, size_t nth = 0) {
  for (CallRecord& r : log.records) {
    if (r.api == api && nth-- == 0) return &r;
  }
  BOOST_FAIL("no such call");
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_task_checks)

BOOST_AUTO_TEST_CASE(the_task_timeout_fires_on_time_despite_heartbeats_on_the_engine) {
  SfnRun run;
  run.on_delivery(beats({2, 4, 6, 8, 10, 12, 14}, std::nullopt));
  run.start(kCallback);
  run.run();
  BOOST_TEST(events_of(run.history(), EventType::TaskTimedOut).size() == 1u);
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_CASE(an_attempt_closing_past_timeout_seconds_breaks_the_hard_timeout) {
  SfnRun run;
  run.on_delivery(beats({2, 4, 6, 8, 10}, 11));
  run.start(kCallback);
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  History edited = run.history();
  shift_from(edited, events_of(edited, EventType::TaskSucceeded).front()->id, Duration::seconds(2));
  WFSIM_CHECK_VIOLATES(run.observation_with(&edited, &run.calls), "sfn.hard_task_timeout");
}

BOOST_AUTO_TEST_CASE(the_activity_clock_start_follows_the_semantics_option_sfn_1_4d) {
  for (const bool from_scheduled : {false, true}) {
    sfn::EngineOptions options;
    options.activity_timeout_from_scheduled = from_scheduled;
    SfnRun run(options);
    run.on_delivery([](SfnRun& r, const sfn::Delivery& d) {
      r.after(Duration::seconds(2), [&r, arn = d.resource] { r.poll(arn); });
    });
    run.start(R"({"StartAt":"Pick","States":{"Pick":{"Type":"Task",
        "Resource":"arn:aws:states:us-east-1:123456789012:activity:pick",
        "TimeoutSeconds":5,"End":true}}})");
    run.run();
    Semantics matching;
    matching.activity_timeout_from_scheduled = from_scheduled;
    WFSIM_CHECK_CLEAN(run.observation(matching));
    Semantics other;
    other.activity_timeout_from_scheduled = !from_scheduled;
    WFSIM_CHECK_VIOLATES(run.observation(other), "sfn.hard_task_timeout");
  }
}

BOOST_AUTO_TEST_CASE(heartbeat_timeouts_fire_after_the_last_accepted_heartbeat_on_the_engine) {
  for (const auto& seconds : {std::vector<int>{}, std::vector<int>{1, 2, 3}}) {
    SfnRun run;
    run.on_delivery(beats(seconds, std::nullopt));
    run.start(kCallback);
    run.run();
    const auto timed_out = events_of(run.history(), EventType::TaskTimedOut);
    BOOST_TEST_REQUIRE(timed_out.size() == 1u);
    BOOST_TEST((timed_out.front()->timestamp - kDefaultEpoch) ==
               Duration::seconds(seconds.empty() ? 5 : 8));
    WFSIM_CHECK_CLEAN(run.observation());
  }
}

BOOST_AUTO_TEST_CASE(an_attempt_outliving_its_heartbeat_deadline_breaks_heartbeat_timeout) {
  SfnRun run;
  run.on_delivery(beats({1, 2, 3}, std::nullopt));
  run.start(kCallback);
  run.run();
  // Without the heartbeat at 3 s the deadline was 7 s, but the task timed out at 8 s.
  CallLog calls = run.calls;
  find_call(calls, ApiCall::SendTaskHeartbeat, 2)->dropped = true;
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &calls), "sfn.heartbeat_timeout");
  // A heartbeat expiry must be recorded as States.Timeout.
  History renamed = run.history();
  for (HistoryEvent& e : renamed.events) {
    if (e.type == EventType::TaskTimedOut) e.error = "States.HeartbeatTimeout";
  }
  WFSIM_CHECK_VIOLATES(run.observation_with(&renamed, &run.calls), "sfn.heartbeat_timeout");
}

BOOST_AUTO_TEST_CASE(heartbeats_add_no_events_on_the_engine_4_1c) {
  SfnRun run;
  run.on_delivery(beats({1, 2, 3}, 4));
  run.start(kCallback);
  run.run();
  BOOST_TEST(run.history().size() == 8u);
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_CASE(an_outcome_at_a_heartbeat_with_no_other_cause_breaks_no_trace) {
  SfnRun run;
  run.on_delivery(beats({1, 2, 3}, 4));
  run.start(kCallback);
  run.run();
  History edited = run.history();
  // The success recorded at the second heartbeat's time (2 s) instead of at the call (4 s).
  const int64_t succeeded = events_of(edited, EventType::TaskSucceeded).front()->id;
  shift_from(edited, succeeded, -Duration::seconds(2));
  WFSIM_CHECK_VIOLATES(run.observation_with(&edited, &run.calls), "sfn.heartbeats_leave_no_trace");
  // An extra event on the attempt's thread at a heartbeat's time.
  History extra = run.history();
  HistoryEvent submitted = *events_of(extra, EventType::TaskSubmitted).front();
  submitted.timestamp = kDefaultEpoch + Duration::seconds(3);
  submitted.previous_event_id = submitted.id;
  insert_event(extra, submitted.id, submitted);
  WFSIM_CHECK_VIOLATES(run.observation_with(&extra, &run.calls), "sfn.heartbeats_leave_no_trace");
}

BOOST_AUTO_TEST_CASE(stale_and_garbage_tokens_are_rejected_on_the_engine) {
  SfnRun run;
  std::vector<std::string> tokens;
  run.on_delivery([&](SfnRun&, const sfn::Delivery& d) { tokens.push_back(d.token); });
  run.start(kCallbackWithRetry);
  run.run_until(kDefaultEpoch + Duration::seconds(12));
  BOOST_TEST_REQUIRE(tokens.size() == 2u);
  BOOST_TEST(run.succeed(tokens[0]).error->code == "TaskTimedOut");
  BOOST_TEST(run.heartbeat(tokens[0]).error->code == "TaskTimedOut");
  BOOST_TEST(run.heartbeat("not-a-token").error->code == "InvalidToken");
  BOOST_TEST(run.succeed(tokens[1]).ok());
  BOOST_TEST(run.fail(tokens[1], "Late").error->code == "TaskTimedOut");
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_CASE(accepting_a_closed_or_unknown_token_breaks_closed_token_rejected) {
  SfnRun run;
  std::vector<std::string> tokens;
  run.on_delivery([&](SfnRun&, const sfn::Delivery& d) { tokens.push_back(d.token); });
  run.start(kCallbackWithRetry);
  run.run_until(kDefaultEpoch + Duration::seconds(12));
  run.heartbeat(tokens[0]);
  run.heartbeat("not-a-token");
  run.succeed(tokens[1]);
  run.run();
  CallLog accepted_closed = run.calls;
  CallRecord* stale = find_call(accepted_closed, ApiCall::SendTaskHeartbeat, 0);
  stale->error.reset();
  stale->response = Json::object();
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &accepted_closed),
                       "sfn.closed_token_rejected");
  CallLog wrong_code = run.calls;
  find_call(wrong_code, ApiCall::SendTaskHeartbeat, 1)->error->code = "TaskTimedOut";
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &wrong_code),
                       "sfn.closed_token_rejected");
  // The success recorded although the call was rejected.
  CallLog rejected = run.calls;
  CallRecord* success = find_call(rejected, ApiCall::SendTaskSuccess, 0);
  success->response.reset();
  success->error = ApiError{"TaskTimedOut", "Task Timed Out"};
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &rejected),
                       "sfn.closed_token_rejected");
}

BOOST_AUTO_TEST_CASE(every_attempt_gets_its_own_token_and_a_reused_one_is_caught) {
  SfnRun run;
  run.start(kCallbackWithRetry);
  run.run_until(kDefaultEpoch + Duration::seconds(12));
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  CallLog reused = run.calls;
  std::optional<std::string> first;
  for (CallRecord& r : reused.records) {
    if (r.api != ApiCall::DeliverTask) continue;
    if (!first) {
      first = r.request["taskToken"].get<std::string>();
    } else {
      r.request["taskToken"] = *first;
    }
  }
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &reused), "sfn.fresh_tokens");
}

BOOST_AUTO_TEST_CASE(one_outcome_per_attempt_holds_and_a_duplicated_outcome_is_caught) {
  SfnRun run;
  run.on_delivery([](SfnRun& r, const sfn::Delivery& d) {
    r.after(Duration::seconds(1), [&r, t = d.token] {
      r.succeed(t);
      r.fail(t, "Late");  // Rejected: only the first outcome counts.
    });
  });
  run.start(kCallback);
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  History duplicated = run.history();
  HistoryEvent again = *events_of(duplicated, EventType::TaskSucceeded).front();
  again.previous_event_id = again.id;
  insert_event(duplicated, again.id, again);
  WFSIM_CHECK_VIOLATES(run.observation_with(&duplicated, &run.calls),
                       "sfn.one_outcome_per_attempt");
  CallLog both = run.calls;
  CallRecord* late = find_call(both, ApiCall::SendTaskFailure, 0);
  late->error.reset();
  late->response = Json::object();
  WFSIM_CHECK_VIOLATES(run.observation_with(&run.history(), &both), "sfn.one_outcome_per_attempt");
}

BOOST_AUTO_TEST_CASE(activity_tokens_come_from_get_activity_task_and_are_checked_the_same_way) {
  SfnRun run;
  run.on_delivery([](SfnRun& r, const sfn::Delivery& d) {
    r.after(Duration::seconds(1), [&r, arn = d.resource] {
      const auto token = r.poll(arn);
      BOOST_TEST_REQUIRE(token.has_value());
      r.after(Duration::seconds(1), [&r, t = *token] { r.heartbeat(t); });
      r.after(Duration::seconds(2), [&r, t = *token] { r.succeed(t); });
      r.after(Duration::seconds(3), [&r, t = *token] { r.heartbeat(t); });
    });
  });
  run.start(kActivity);
  run.run();
  BOOST_TEST(run.history().events.back().type == EventType::ExecutionSucceeded);
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
