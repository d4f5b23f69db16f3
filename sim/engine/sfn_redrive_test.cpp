// RedriveExecution (facts section 3, sequence 4.6): eligibility and DescribeExecution, resuming at
// the failed state with its original input, never re-running succeeded states, partial Parallel
// and Map reruns, restarted clocks, clientToken idempotency and the appended history.
#include "asl/definition.h"
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {

// Fails the first `failures` invocations of state `state`; succeeds everything else.
struct FailFirst {
  std::string state;
  uint32_t failures = 1;
  void operator()(LocalDriver& driver, const Delivery& d) {
    const bool fail = d.state_name == state && d.invocation < failures;
    driver.engine().complete_integration(
        driver.now(), d.token,
        fail ? IntegrationResult::failure("Ship.Unavailable", "carrier down")
             : IntegrationResult::success(Json{{"from", d.state_name}}));
  }
};

const char* kPassThenTask = R"({"StartAt":"Prepare","States":{
  "Prepare":{"Type":"Pass","Result":{"prepared":true},"ResultPath":"$.prep","Next":"Ship"},
  "Ship":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","ResultPath":"$.ship",
          "End":true}}})";

int count_events(const History& h, EventType type, std::string_view name, int64_t after_id = 0) {
  int n = 0;
  for (const HistoryEvent& e : h.events) {
    if (e.id > after_id && e.type == type && (name.empty() || e.name == name)) ++n;
  }
  return n;
}

ApiAnswer redrive(LocalDriver& driver, const std::string& arn,
                  std::optional<std::string> client_token = std::nullopt) {
  return driver.engine().redrive_execution(driver.now(), arn, std::move(client_token));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_redrive)

BOOST_AUTO_TEST_CASE(redrive_after_a_task_failure_resumes_at_the_task_4_6) {
  LocalDriver driver;
  driver.set_responder(FailFirst{"Ship"});
  const std::string arn = driver.start(kPassThenTask, Json{{"order", 7}});
  driver.run();
  BOOST_TEST((driver.engine().status(arn) == ExecutionStatus::FAILED));
  const size_t before = history_of(driver, arn).size();
  driver.run_until(driver.now() + Duration::seconds(3600));
  const ApiAnswer answer = redrive(driver, arn);
  BOOST_TEST_REQUIRE(answer.ok());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted PassStateEntered PassStateExited TaskStateEntered TaskScheduled "
             "TaskStarted TaskFailed ExecutionFailed ExecutionRedriven TaskStateEntered "
             "TaskScheduled TaskStarted TaskSucceeded TaskStateExited ExecutionSucceeded");
  BOOST_TEST(h.at(static_cast<int64_t>(before) + 1).redrive_count == 1);
  // Same input as the failed attempt, including the kept result of Prepare.
  BOOST_TEST(*h.at(10).input == *h.at(4).input);
  BOOST_TEST(count_events(h, EventType::PassStateEntered, "Prepare", 9) == 0);
  const ApiAnswer described = driver.engine().describe_execution(driver.now(), arn);
  BOOST_TEST((*described.response)["redriveCount"] == 1);
  BOOST_TEST((*described.response)["status"] == "SUCCEEDED");
  BOOST_TEST((*described.response)["redriveStatus"] == "NOT_REDRIVABLE");
  BOOST_TEST((*described.response)["redriveStatusReason"] ==
             "Execution is SUCCEEDED and cannot be redriven");
  check_golden(h, "redrive_after_task_failure");
}

BOOST_AUTO_TEST_CASE(redrive_after_a_heartbeat_timeout_gets_a_fresh_token_and_clock) {
  LocalDriver driver;
  std::vector<std::string> tokens;
  bool answer = false;
  driver.set_responder([&](LocalDriver& dr, const Delivery& d) {
    tokens.push_back(d.token);
    if (answer) dr.engine().send_task_success(dr.now(), d.token, "{}");
  });
  const std::string arn = driver.start(R"({"StartAt":"Wait4","States":{"Wait4":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"MessageBody.$":"$$.Task.Token"},"HeartbeatSeconds":5,"End":true}}})",
                                       Json::object());
  driver.run();
  answer = true;
  driver.run_until(driver.now() + Duration::seconds(60));
  BOOST_TEST(redrive(driver, arn).ok());
  driver.run();
  BOOST_TEST_REQUIRE(tokens.size() == 2u);
  BOOST_TEST(tokens[0] != tokens[1]);
  BOOST_TEST(driver.engine().send_task_heartbeat(driver.now(), tokens[0]).error->code ==
             "TaskTimedOut");
  BOOST_TEST((driver.engine().status(arn) == ExecutionStatus::SUCCEEDED));
  check_golden(history_of(driver, arn), "redrive_after_heartbeat_timeout");
}

BOOST_AUTO_TEST_CASE(redrive_after_an_execution_timeout_restarts_the_execution_clock) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"TimeoutSeconds":10,"StartAt":"Pause","States":{
      "Pause":{"Type":"Wait","Seconds":8,"Next":"Pause2"},
      "Pause2":{"Type":"Wait","Seconds":8,"End":true}}})",
                                       Json::object());
  driver.run();
  BOOST_TEST((driver.engine().status(arn) == ExecutionStatus::TIMED_OUT));
  driver.run_until(driver.now() + Duration::seconds(100));
  BOOST_TEST(redrive(driver, arn).ok());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted WaitStateEntered WaitStateExited WaitStateEntered "
             "ExecutionTimedOut ExecutionRedriven WaitStateEntered WaitStateExited "
             "ExecutionSucceeded");
  BOOST_TEST((h.events.back().timestamp - h.at(6).timestamp) == Duration::seconds(8));
  check_golden(h, "redrive_after_execution_timeout");
}

BOOST_AUTO_TEST_CASE(redrive_after_stop_execution_reruns_the_interrupted_task) {
  LocalDriver driver;
  bool answer = false;
  driver.set_responder([&](LocalDriver& dr, const Delivery& d) {
    if (answer) dr.engine().complete_integration(dr.now(), d.token, IntegrationResult::success(Json{}));
  });
  const std::string arn = driver.start(kPassThenTask, Json::object());
  driver.run_until(kDefaultEpoch + Duration::seconds(5));
  BOOST_TEST(driver.engine().stop_execution(driver.now(), arn, std::nullopt, std::nullopt).ok());
  answer = true;
  BOOST_TEST(redrive(driver, arn).ok());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(count_events(h, EventType::PassStateEntered, "Prepare") == 1);
  BOOST_TEST(count_events(h, EventType::TaskScheduled, "") == 2);
  check_golden(h, "redrive_after_stop");
}

BOOST_AUTO_TEST_CASE(redrive_reruns_only_the_failed_parallel_branch) {
  LocalDriver driver;
  driver.set_responder(FailFirst{"B"});
  const std::string arn = driver.start(R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel",
      "Branches":[
        {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "End":true}}},
        {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "End":true}}}],"End":true}}})",
                                       Json::object());
  driver.run();
  BOOST_TEST((driver.engine().status(arn) == ExecutionStatus::FAILED));
  const int64_t redriven_after = static_cast<int64_t>(history_of(driver, arn).size());
  BOOST_TEST(redrive(driver, arn).ok());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(count_events(h, EventType::TaskStateEntered, "A", redriven_after) == 0);
  BOOST_TEST(count_events(h, EventType::TaskStateEntered, "B", redriven_after) == 1);
  BOOST_TEST(*h.events.back().output == Json::array({{{"from", "A"}}, {{"from", "B"}}}));
  check_golden(h, "redrive_parallel_mixed");
}

BOOST_AUTO_TEST_CASE(redrive_reruns_only_the_failed_map_iterations) {
  LocalDriver driver;
  std::vector<int> seen;
  int round = 0;
  driver.set_responder([&](LocalDriver& dr, const Delivery& d) {
    const int n = d.payload["n"].get<int>();
    seen.push_back(n);
    const bool fail = round == 0 && n % 2 == 1;
    dr.engine().complete_integration(dr.now(), d.token,
                                     fail ? IntegrationResult::failure("Odd", "")
                                          : IntegrationResult::success(Json{{"n", n}}));
  });
  const std::string arn = driver.start(R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map",
      "ItemsPath":"$.items","MaxConcurrency":1,"ItemProcessor":{"StartAt":"W","States":{
      "W":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},
      "End":true}}})",
                                       Json{{"items", {{{"n", 0}}, {{"n", 1}}, {{"n", 2}}}}});
  driver.run();
  BOOST_TEST((driver.engine().status(arn) == ExecutionStatus::FAILED));
  round = 1;
  seen.clear();
  BOOST_TEST(redrive(driver, arn).ok());
  driver.run();
  // Item 0 succeeded before; item 1 failed; item 2 never started (MaxConcurrency 1).
  BOOST_TEST(seen == (std::vector<int>{1, 2}), boost::test_tools::per_element());
  const History& h = history_of(driver, arn);
  BOOST_TEST(*h.events.back().output == Json::array({{{"n", 0}}, {{"n", 1}}, {{"n", 2}}}));
  check_golden(h, "redrive_map_mixed");
}

BOOST_AUTO_TEST_CASE(running_and_succeeded_executions_are_not_redrivable) {
  LocalDriver driver;
  const std::string arn = driver.start(
      R"({"StartAt":"P","States":{"P":{"Type":"Wait","Seconds":10,"End":true}}})", Json::object());
  driver.run_until(kDefaultEpoch + Duration::seconds(1));
  ApiAnswer refused = redrive(driver, arn);
  BOOST_TEST(refused.error->code == "ExecutionNotRedrivable");
  BOOST_TEST(refused.error->message == "Execution is RUNNING and cannot be redriven");
  driver.run();
  refused = redrive(driver, arn);
  BOOST_TEST(refused.error->message == "Execution is SUCCEEDED and cannot be redriven");
  BOOST_TEST(history_of(driver, arn).events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(redrive(driver, "arn:aws:states:us-east-1:123456789012:execution:machine:nope")
                 .error->code == "ExecutionDoesNotExist");
  BOOST_TEST(redrive(driver, "not-an-arn").error->code == "InvalidArn");
}

BOOST_AUTO_TEST_CASE(the_redrive_window_closes_14_days_after_the_execution_closed) {
  LocalDriver driver;
  driver.set_responder(FailFirst{"Ship", 10});
  const std::string arn = driver.start(kPassThenTask, Json::object());
  driver.run();
  driver.run_until(driver.now() + Duration::seconds(14 * 86'400));
  BOOST_TEST((*driver.engine().describe_execution(driver.now(), arn).response)["redriveStatus"] ==
             "REDRIVABLE");
  driver.run_until(driver.now() + Duration::seconds(1));
  const ApiAnswer refused = redrive(driver, arn);
  BOOST_TEST(refused.error->message == "Execution redrivable period exceeded");
  const Json described = *driver.engine().describe_execution(driver.now(), arn).response;
  BOOST_TEST(described["redriveStatus"] == "NOT_REDRIVABLE");
  BOOST_TEST(described["redriveCount"] == 0);
}

BOOST_AUTO_TEST_CASE(executions_started_before_the_redrive_launch_are_not_redrivable) {
  LocalDriver driver({}, 1, Instant::from_unix_us(1'690'000'000'000'000));  // July 2023.
  driver.set_responder(FailFirst{"Ship"});
  const std::string arn = driver.start(kPassThenTask, Json::object());
  driver.run();
  BOOST_TEST(redrive(driver, arn).error->message ==
             "Execution was started before the launch of RedriveExecution");
}

BOOST_AUTO_TEST_CASE(a_repeated_client_token_is_idempotent_for_15_minutes) {
  LocalDriver driver;
  driver.set_responder(FailFirst{"Ship", 3});
  const std::string arn = driver.start(kPassThenTask, Json::object());
  driver.run();
  const ApiAnswer first = redrive(driver, arn, "token-1");
  BOOST_TEST_REQUIRE(first.ok());
  driver.run();  // Fails again (second invocation of Ship).
  const ApiAnswer repeat = redrive(driver, arn, "token-1");
  BOOST_TEST(repeat.ok());
  BOOST_TEST(*repeat.response == *first.response);
  BOOST_TEST(history_of(driver, arn).events.back().type == EventType::ExecutionFailed);
  driver.run_until(driver.now() + Duration::seconds(16 * 60));
  BOOST_TEST(redrive(driver, arn, "token-1").ok());  // Expired: a real second redrive.
  driver.run();
  const Json described = *driver.engine().describe_execution(driver.now(), arn).response;
  BOOST_TEST(described["redriveCount"] == 2);
}

BOOST_AUTO_TEST_CASE(redrive_resets_retry_counters_sfn_2_2d) {
  LocalDriver driver;
  driver.set_responder(FailFirst{"Ship", 4});
  const std::string arn = driver.start(R"({"StartAt":"Ship","States":{"Ship":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke",
      "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":1}],
      "End":true}}})",
                                       Json::object());
  driver.run();
  const int64_t cut = static_cast<int64_t>(history_of(driver, arn).size());
  BOOST_TEST(redrive(driver, arn).ok());
  driver.run();
  const History& h = history_of(driver, arn);
  // The retrier's single retry is available again after the redrive: two attempts per run.
  BOOST_TEST(count_events(h, EventType::TaskScheduled, "", cut) == 2);
  BOOST_TEST(h.events.back().type == EventType::ExecutionFailed);
}

BOOST_AUTO_TEST_CASE(express_executions_refuse_redrive) {
  LocalDriver driver;
  driver.set_responder(FailFirst{"Ship"});
  auto parsed = asl::parse_definition_text(kPassThenTask);
  auto definition = std::get<std::shared_ptr<const asl::Definition>>(std::move(parsed));
  const ApiAnswer started = driver.engine().start_execution(driver.now(), definition, "fast",
                                                            "e1", Json::object(),
                                                            ExecutionType::EXPRESS);
  driver.run();
  const std::string arn = (*started.response)["executionArn"];
  BOOST_TEST(arn.find(":express:") != std::string::npos);
  BOOST_TEST(redrive(driver, arn).error->code == "ExecutionNotRedrivable");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
