// Facts of section 1 and sequences of section 4 not covered elsewhere: the semantic option for the
// default TimeoutSeconds, *Path timeouts, the 1-year limit, States.DataLimitExceeded, and the
// timeout and catch sequences of callbacks and legacy Lambda tasks.
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

BOOST_AUTO_TEST_SUITE(sfn_facts)

BOOST_AUTO_TEST_CASE(the_spec_default_timeout_option_fails_an_unanswered_task_after_60s_sfn_1_1b) {
  for (const auto& [default_seconds, ends] :
       {std::pair<int64_t, double>{60, 60.0}, std::pair<int64_t, double>{99'999'999, -1}}) {
    EngineOptions options;
    options.default_task_timeout_seconds = default_seconds;
    options.max_execution_duration = Duration::seconds(3600);
    LocalDriver driver(options);
    const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
        "Resource":"arn:aws:states:::lambda:invoke","End":true}}})",
                                         Json::object());
    driver.run();
    const History& h = history_of(driver, arn);
    if (ends > 0) {
      BOOST_TEST(seconds_at(h, first_of(h, EventType::TaskTimedOut)->id) == ends);
      BOOST_TEST(!h.at(3).timeout_seconds.has_value());  // A default is never recorded.
    } else {
      BOOST_TEST(first_of(h, EventType::TaskTimedOut) == nullptr);
      BOOST_TEST(h.events.back().type == EventType::ExecutionTimedOut);  // The 1-hour cap here.
    }
  }
}

BOOST_AUTO_TEST_CASE(timeout_and_heartbeat_paths_resolve_from_the_input_sfn_1_1c_1_1g) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"MessageBody.$":"$$.Task.Token"},
      "TimeoutSecondsPath":"$.limits.timeout","HeartbeatSecondsPath":"$.limits.heartbeat",
      "End":true}}})",
                                       Json{{"limits", {{"timeout", 30}, {"heartbeat", 4}}}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(*h.at(3).timeout_seconds == 30);
  BOOST_TEST(*h.at(3).heartbeat_seconds == 4);  // Recorded already resolved.
  BOOST_TEST(seconds_at(h, first_of(h, EventType::TaskTimedOut)->id) == 4.0);
}

BOOST_AUTO_TEST_CASE(a_timeout_path_that_is_not_a_positive_integer_fails_with_states_runtime) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","TimeoutSecondsPath":"$.t",
      "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
      "H":{"Type":"Pass","End":true}}})",
                                       Json{{"t", -5}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) == "ExecutionStarted TaskStateEntered ExecutionFailed");
  BOOST_TEST(*h.events.back().error == "States.Runtime");
}

BOOST_AUTO_TEST_CASE(a_callback_without_timeout_or_heartbeat_waits_for_the_one_year_limit) {
  LocalDriver driver;  // SFN-1.2d, SFN-1.5c: nobody ever answers.
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"MessageBody.$":"$$.Task.Token"},"End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionTimedOut);
  BOOST_TEST(seconds_at(h, h.events.back().id) == 365.0 * 86'400);
  const Json described = *driver.engine().describe_execution(driver.now(), arn).response;
  BOOST_TEST(described["status"] == "TIMED_OUT");
  BOOST_TEST(described["redriveStatusReason"] == "Execution has exceeded the max execution time");
}

BOOST_AUTO_TEST_CASE(a_timed_out_execution_is_redrivable_sfn_1_5e) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"TimeoutSeconds":5,"StartAt":"P",
      "States":{"P":{"Type":"Wait","Seconds":50,"End":true}}})",
                                       Json::object());
  driver.run();
  const Json described = *driver.engine().describe_execution(driver.now(), arn).response;
  BOOST_TEST(described["status"] == "TIMED_OUT");
  BOOST_TEST(described["redriveStatus"] == "REDRIVABLE");
  BOOST_TEST(!described.contains("cause"));
}

BOOST_AUTO_TEST_CASE(an_oversized_callback_output_fails_the_task_and_is_caught_rec_2) {
  LocalDriver driver;  // SFN-1.6b; catchable as recorded on AWS (REC-2), unlike SFN-1.6c says.
  driver.set_responder([](LocalDriver& dr, const Delivery& d) {
    const std::string big = "{\"blob\":\"" + std::string(300'000, 'x') + "\"}";
    BOOST_TEST(dr.engine().send_task_success(dr.now(), d.token, big).ok());
  });
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"MessageBody.$":"$$.Task.Token"},
      "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
      "H":{"Type":"Pass","End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  const HistoryEvent* failed = first_of(h, EventType::TaskFailed);
  BOOST_TEST_REQUIRE(failed != nullptr);
  BOOST_TEST(*failed->error == "States.DataLimitExceeded");
  BOOST_TEST(*failed->cause == "The state/task 'sqs' returned a result with a size exceeding the "
                               "maximum number of bytes service limit.");
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
}

BOOST_AUTO_TEST_CASE(a_callback_task_timeout_records_the_4_3b_sequence) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"MessageBody.$":"$$.Task.Token"},"TimeoutSeconds":7,"End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskSubmitted "
             "TaskTimedOut ExecutionFailed");
  BOOST_TEST(seconds_at(h, 6) == 7.0);
}

BOOST_AUTO_TEST_CASE(a_legacy_lambda_timeout_records_the_4_3c_sequence) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:lambda:us-east-1:123456789012:function:Slow","TimeoutSeconds":2,
      "End":true}}})",
                                       Json::object());
  driver.run();
  BOOST_TEST(joined(types(history_of(driver, arn))) ==
             "ExecutionStarted TaskStateEntered LambdaFunctionScheduled LambdaFunctionStarted "
             "LambdaFunctionTimedOut ExecutionFailed");
}

BOOST_AUTO_TEST_CASE(legacy_lambda_retries_exhaust_after_three_attempts_4_4b) {
  LocalDriver driver;
  driver.set_responder([](LocalDriver& dr, const Delivery& d) {
    dr.engine().complete_integration(dr.now(), d.token,
                                     IntegrationResult::failure("Lambda.Unknown", "boom"));
  });
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:lambda:us-east-1:123456789012:function:F",
      "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2,"IntervalSeconds":1,
                "MaxDelaySeconds":5,"JitterStrategy":"NONE"}],"End":true}}})",
                                       Json::object());
  driver.run();
  BOOST_TEST(joined(types(history_of(driver, arn))) ==
             "ExecutionStarted TaskStateEntered LambdaFunctionScheduled LambdaFunctionStarted "
             "LambdaFunctionFailed LambdaFunctionScheduled LambdaFunctionStarted "
             "LambdaFunctionFailed LambdaFunctionScheduled LambdaFunctionStarted "
             "LambdaFunctionFailed ExecutionFailed");
}

BOOST_AUTO_TEST_CASE(a_catch_without_retry_records_the_4_5_sequence) {
  LocalDriver driver;
  driver.set_responder([](LocalDriver& dr, const Delivery& d) {
    dr.engine().complete_integration(dr.now(), d.token, IntegrationResult::failure("Bad", "x"));
  });
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke",
      "Catch":[{"ErrorEquals":["Bad"],"Next":"H"}],"End":true},
      "H":{"Type":"Pass","End":true}}})",
                                       Json::object());
  driver.run();
  BOOST_TEST(joined(types(history_of(driver, arn))) ==
             "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskFailed "
             "TaskStateExited PassStateEntered PassStateExited ExecutionSucceeded");
}

BOOST_AUTO_TEST_CASE(the_event_limit_can_fall_on_any_event_of_an_attempt) {
  // With a limit of 3..6 the limit-th event is ExecutionFailed in place of ActivityScheduled,
  // ActivityStarted, ActivitySucceeded or TaskStateExited; 7 events suffice to succeed.
  for (int64_t limit = 3; limit <= 8; ++limit) {
    EngineOptions options;
    options.history_event_limit = limit;
    LocalDriver driver(options);
    driver.set_responder([](LocalDriver& dr, const Delivery& d) {
      dr.after(Duration::seconds(1), [&dr, arn = d.resource] {
        const ApiAnswer task = dr.engine().get_activity_task(dr.now(), arn, "w");
        if (!task.response->contains("taskToken")) return;
        dr.after(Duration::seconds(1), [&dr, t = (*task.response)["taskToken"].get<std::string>()] {
          dr.engine().send_task_success(dr.now(), t, "{}");
        });
      });
    });
    const std::string arn = driver.start(R"({"StartAt":"A","States":{"A":{"Type":"Task",
        "Resource":"arn:aws:states:us-east-1:123456789012:activity:a","End":true}}})",
                                         Json::object());
    driver.run();
    const History& h = history_of(driver, arn);
    BOOST_TEST(h.events.back().type == (limit >= 7 ? EventType::ExecutionSucceeded
                                                    : EventType::ExecutionFailed),
               "limit " << limit);
    BOOST_TEST(static_cast<int64_t>(h.size()) <= limit);
  }
}

BOOST_AUTO_TEST_CASE(get_activity_task_with_nothing_waiting_answers_empty_sfn_1_4a) {
  LocalDriver driver;
  const ApiAnswer answer = driver.engine().get_activity_task(
      driver.now(), "arn:aws:states:us-east-1:123456789012:activity:idle", "w");
  BOOST_TEST_REQUIRE(answer.ok());
  BOOST_TEST(answer.response->empty());
}

BOOST_AUTO_TEST_CASE(a_wait_with_a_past_timestamp_exits_at_once) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Wait",
      "Timestamp":"2020-01-01T00:00:00Z","End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(seconds_at(h, h.events.back().id) == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
