// Golden history sequences of facts section 4: what Step Functions records for each task kind's
// success, for heartbeat and task timeouts, and for Stop. Driven by LocalDriver, no simulator.
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {
const char* kLambdaInvoke = R"({"StartAt":"Work","States":{"Work":{"Type":"Task",
  "Resource":"arn:aws:states:::lambda:invoke",
  "Parameters":{"FunctionName":"work","Payload.$":"$"},"End":true}}})";

const char* kCallback = R"({"StartAt":"Ship","States":{"Ship":{"Type":"Task",
  "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
  "Parameters":{"QueueUrl":"https://sqs/q","MessageBody":{"token.$":"$$.Task.Token"}},
  "HeartbeatSeconds":5,"TimeoutSeconds":600,"End":true}}})";

const char* kActivity = R"({"StartAt":"Ship","States":{"Ship":{"Type":"Task",
  "Resource":"arn:aws:states:us-east-1:123456789012:activity:ship",
  "TimeoutSeconds":5,"End":true}}})";

void succeed_integrations(LocalDriver& driver, const Delivery& d) {
  if (d.kind == DispatchKind::request_response || d.kind == DispatchKind::lambda) {
    driver.after(Duration::milliseconds(100), [&driver, d] {
      driver.engine().complete_integration(driver.now(), d.token,
                                           IntegrationResult::success(lambda_payload(d.payload)));
    });
  }
}
}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_sequences)

BOOST_AUTO_TEST_CASE(an_optimized_lambda_integration_records_the_4_1_sequence) {
  LocalDriver driver;
  driver.set_responder(succeed_integrations);
  const std::string arn = driver.start(kLambdaInvoke, Json{{"orderId", 7}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskSucceeded "
             "TaskStateExited ExecutionSucceeded");
  const HistoryEvent& scheduled = h.at(3);
  BOOST_TEST(scheduled.resource_type == "lambda");
  BOOST_TEST(scheduled.resource == "invoke");
  BOOST_TEST(!scheduled.timeout_seconds.has_value());  // Default 99999999 is not recorded.
  BOOST_TEST(*scheduled.input == (Json{{"FunctionName", "work"}, {"Payload", {{"orderId", 7}}}}));
  BOOST_TEST(seconds_at(h, 7) == 0.1);
  BOOST_TEST(driver.engine().status(arn) == ExecutionStatus::SUCCEEDED);
  check_golden(h, "lambda_invoke_success");
}

BOOST_AUTO_TEST_CASE(a_legacy_lambda_arn_records_lambda_function_events) {
  LocalDriver driver;
  driver.set_responder([](LocalDriver& dr, const Delivery& d) {
    BOOST_TEST((d.kind == DispatchKind::lambda));
    dr.engine().complete_integration(dr.now(), d.token, IntegrationResult::success(Json{{"v", 1}}));
  });
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:lambda:us-east-1:123456789012:function:Work","End":true}}})",
                                       Json::object());
  driver.run();
  BOOST_TEST(joined(types(history_of(driver, arn))) ==
             "ExecutionStarted TaskStateEntered LambdaFunctionScheduled LambdaFunctionStarted "
             "LambdaFunctionSucceeded TaskStateExited ExecutionSucceeded");
}

BOOST_AUTO_TEST_CASE(a_callback_task_records_task_submitted_and_heartbeats_add_no_events) {
  LocalDriver driver;
  std::string token;
  driver.set_responder([&](LocalDriver& dr, const Delivery& d) {
    token = d.token;
    for (int s = 1; s <= 3; ++s) {
      dr.after(Duration::seconds(s), [&dr, t = d.token] {
        BOOST_TEST(dr.engine().send_task_heartbeat(dr.now(), t).ok());
      });
    }
    dr.after(Duration::seconds(4), [&dr, t = d.token] {
      BOOST_TEST(dr.engine().send_task_success(dr.now(), t, R"({"shipped":true})").ok());
    });
  });
  const std::string arn = driver.start(kCallback, Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskSubmitted "
             "TaskSucceeded TaskStateExited ExecutionSucceeded");
  // The token reached the worker through $$.Task.Token in Parameters.
  BOOST_TEST((*h.at(3).input)["MessageBody"]["token"] == token);
  BOOST_TEST(*h.at(3).heartbeat_seconds == 5);
  BOOST_TEST(*h.at(3).timeout_seconds == 600);
  check_golden(h, "callback_success_with_heartbeats");
}

BOOST_AUTO_TEST_CASE(an_activity_records_scheduled_started_with_worker_name_and_succeeded) {
  LocalDriver driver;
  driver.set_responder([](LocalDriver& dr, const Delivery& d) {
    BOOST_TEST((d.kind == DispatchKind::activity));
    BOOST_TEST(d.token.empty());  // Activity tokens come from GetActivityTask.
    dr.after(Duration::seconds(1), [&dr, arn = d.resource] {
      const ApiAnswer task = dr.engine().get_activity_task(dr.now(), arn, "worker-1");
      BOOST_TEST_REQUIRE(task.response->contains("taskToken"));
      const std::string token = (*task.response)["taskToken"];
      dr.after(Duration::seconds(2), [&dr, token] {
        BOOST_TEST(dr.engine().send_task_success(dr.now(), token, "{}").ok());
      });
    });
  });
  const std::string arn = driver.start(kActivity, Json{{"n", 1}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted TaskStateEntered ActivityScheduled ActivityStarted "
             "ActivitySucceeded TaskStateExited ExecutionSucceeded");
  BOOST_TEST(*h.at(4).worker_name == "worker-1");
  BOOST_TEST(*h.at(3).timeout_seconds == 5);
  check_golden(h, "activity_success");
}

BOOST_AUTO_TEST_CASE(a_missed_heartbeat_times_out_the_callback_with_states_timeout_4_2) {
  LocalDriver driver;  // Nobody answers or heartbeats.
  const std::string arn = driver.start(kCallback, Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskSubmitted "
             "TaskTimedOut ExecutionFailed");
  BOOST_TEST(*h.at(6).error == "States.Timeout");
  BOOST_TEST(seconds_at(h, 6) == 5.0);  // HeartbeatSeconds after TaskStarted.
  BOOST_TEST(*h.at(7).error == "States.Timeout");
  BOOST_TEST(!h.at(7).cause.has_value());
  check_golden(h, "callback_heartbeat_timeout");
}

BOOST_AUTO_TEST_CASE(the_task_timeout_fires_despite_steady_heartbeats) {
  LocalDriver driver;
  driver.set_responder([](LocalDriver& dr, const Delivery& d) {
    for (int s = 2; s < 40; s += 2) {
      dr.after(Duration::seconds(s), [&dr, t = d.token] { dr.engine().send_task_heartbeat(dr.now(), t); });
    }
  });
  const std::string arn = driver.start(R"({"StartAt":"Ship","States":{"Ship":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"MessageBody.$":"$$.Task.Token"},
      "HeartbeatSeconds":5,"TimeoutSeconds":12,"End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  const HistoryEvent* timed_out = first_of(h, EventType::TaskTimedOut);
  BOOST_TEST_REQUIRE(timed_out != nullptr);
  BOOST_TEST(seconds_at(h, timed_out->id) == 12.0);
}

BOOST_AUTO_TEST_CASE(an_integration_task_timeout_records_the_4_3_sequence) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"Work","States":{"Work":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":3,"End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskTimedOut "
             "ExecutionFailed");
  BOOST_TEST(*h.at(3).timeout_seconds == 3);
  BOOST_TEST(seconds_at(h, 5) == 3.0);
}

BOOST_AUTO_TEST_CASE(an_activity_timeout_runs_from_activity_started_by_default) {
  for (const bool from_scheduled : {false, true}) {
    EngineOptions options;
    options.activity_timeout_from_scheduled = from_scheduled;
    LocalDriver driver(options);
    driver.set_responder([](LocalDriver& dr, const Delivery& d) {
      dr.after(Duration::seconds(2), [&dr, arn = d.resource] {
        dr.engine().get_activity_task(dr.now(), arn, "w");
      });
    });
    const std::string arn = driver.start(kActivity, Json::object());
    driver.run();
    const History& h = history_of(driver, arn);
    BOOST_TEST(joined(types(h)) ==
               "ExecutionStarted TaskStateEntered ActivityScheduled ActivityStarted "
               "ActivityTimedOut ExecutionFailed");
    BOOST_TEST(seconds_at(h, 5) == (from_scheduled ? 5.0 : 7.0));
  }
}

BOOST_AUTO_TEST_CASE(stop_execution_aborts_right_after_the_current_state_entered_4_7) {
  LocalDriver driver;
  const std::string arn = driver.start(
      R"({"StartAt":"Pause","States":{"Pause":{"Type":"Wait","Seconds":100,"End":true}}})",
      Json::object());
  driver.after(Duration::seconds(5), [&] {
    BOOST_TEST(driver.engine().stop_execution(driver.now(), arn, "Operator", "cancelled").ok());
  });
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) == "ExecutionStarted WaitStateEntered ExecutionAborted");
  BOOST_TEST(*h.at(3).error == "Operator");
  BOOST_TEST(driver.engine().status(arn) == ExecutionStatus::ABORTED);
  BOOST_TEST(seconds_at(h, 3) == 5.0);
}

BOOST_AUTO_TEST_CASE(the_execution_timeout_ends_the_run_timed_out) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"TimeoutSeconds":10,"StartAt":"Pause",
      "States":{"Pause":{"Type":"Wait","Seconds":100,"End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) == "ExecutionStarted WaitStateEntered ExecutionTimedOut");
  BOOST_TEST(*h.at(3).error == "States.Timeout");
  BOOST_TEST(seconds_at(h, 3) == 10.0);
  BOOST_TEST(driver.engine().status(arn) == ExecutionStatus::TIMED_OUT);
}

BOOST_AUTO_TEST_CASE(an_endless_loop_ends_failed_at_the_25000th_event) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"A","States":{
      "A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}}})",
                                       Json::object());
  BOOST_TEST((driver.run() == StopReason::drained));
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.size() == 25'000u);
  BOOST_TEST(h.events.back().type == EventType::ExecutionFailed);
  BOOST_TEST(*h.events.back().error == "States.Runtime");
  BOOST_TEST(h.events.back().cause->find("25000") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pass_choice_and_wait_shape_their_output) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"Init","States":{
      "Init":{"Type":"Pass","Result":{"v":1},"ResultPath":"$.init","Next":"Check"},
      "Check":{"Type":"Choice","Choices":[{"Variable":"$.init.v","NumericGreaterThan":0,
               "Next":"Hold"}],"Default":"Never"},
      "Hold":{"Type":"Wait","SecondsPath":"$.delay","OutputPath":"$.init","Next":"Done"},
      "Never":{"Type":"Fail","Error":"Unexpected"},
      "Done":{"Type":"Succeed"}}})",
                                       Json{{"delay", 30}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted PassStateEntered PassStateExited ChoiceStateEntered "
             "ChoiceStateExited WaitStateEntered WaitStateExited SucceedStateEntered "
             "SucceedStateExited ExecutionSucceeded");
  BOOST_TEST(*h.at(3).output == (Json{{"delay", 30}, {"init", {{"v", 1}}}}));
  BOOST_TEST(seconds_at(h, 7) == 30.0);
  BOOST_TEST(*h.events.back().output == (Json{{"v", 1}}));
}

BOOST_AUTO_TEST_CASE(a_choice_with_no_match_and_no_default_fails_with_no_choice_matched) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"C","States":{
      "C":{"Type":"Choice","Choices":[{"Variable":"$.x","StringEquals":"a","Next":"D"}]},
      "D":{"Type":"Succeed"}}})",
                                       Json{{"x", "b"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) == "ExecutionStarted ChoiceStateEntered ExecutionFailed");
  BOOST_TEST(*h.at(3).error == "States.NoChoiceMatched");
}

BOOST_AUTO_TEST_CASE(a_fail_state_reports_its_error_and_cause_paths) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"F","States":{
      "F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"$.c"}}})",
                                       Json{{"e", "Order.Rejected"}, {"c", "no stock"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) == "ExecutionStarted FailStateEntered ExecutionFailed");
  BOOST_TEST(*h.at(3).error == "Order.Rejected");
  BOOST_TEST(*h.at(3).cause == "no stock");
  const ApiAnswer described = driver.engine().describe_execution(driver.now(), arn);
  BOOST_TEST((*described.response)["status"] == "FAILED");
  BOOST_TEST((*described.response)["error"] == "Order.Rejected");
  BOOST_TEST((*described.response)["redriveStatus"] == "REDRIVABLE");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
