// Task tokens and the SendTask* answers (SFN-1.3b, 1.3f–1.3h; invariants 9 and 10): one fresh
// token per attempt, the first outcome wins, a closed token gets TaskTimedOut, a garbage token
// gets InvalidToken, and a rejected call changes nothing.
#include "asl/definition.h"
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {
const char* kCallbackWithRetry = R"({"StartAt":"Ship","States":{"Ship":{"Type":"Task",
  "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
  "Parameters":{"MessageBody.$":"$$.Task.Token"},"TimeoutSeconds":10,
  "Retry":[{"ErrorEquals":["States.Timeout"],"IntervalSeconds":1,"MaxAttempts":1}],
  "End":true}}})";
}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_tokens)

BOOST_AUTO_TEST_CASE(every_attempt_gets_a_fresh_token_and_old_tokens_are_rejected) {
  LocalDriver driver;
  std::vector<std::string> tokens;
  driver.set_responder([&](LocalDriver&, const Delivery& d) { tokens.push_back(d.token); });
  const std::string arn = driver.start(kCallbackWithRetry, Json::object());
  driver.run_until(kDefaultEpoch + Duration::seconds(12));
  BOOST_TEST_REQUIRE(tokens.size() == 2u);
  BOOST_TEST(tokens[0] != tokens[1]);
  Engine& engine = driver.engine();
  const ApiAnswer stale = engine.send_task_success(driver.now(), tokens[0], "{}");
  BOOST_TEST_REQUIRE(stale.error.has_value());
  BOOST_TEST(stale.error->code == "TaskTimedOut");
  BOOST_TEST(engine.send_task_heartbeat(driver.now(), tokens[0]).error->code == "TaskTimedOut");
  BOOST_TEST((engine.status(arn) == ExecutionStatus::RUNNING));  // Nothing changed.
  BOOST_TEST(engine.send_task_success(driver.now(), tokens[1], R"({"done":1})").ok());
  driver.run();
  BOOST_TEST((engine.status(arn) == ExecutionStatus::SUCCEEDED));
}

BOOST_AUTO_TEST_CASE(only_the_first_outcome_of_a_token_is_accepted) {
  LocalDriver driver;
  std::string token;
  driver.set_responder([&](LocalDriver&, const Delivery& d) { token = d.token; });
  const std::string arn = driver.start(kCallbackWithRetry, Json::object());
  driver.run_until(kDefaultEpoch + Duration::seconds(1));
  Engine& engine = driver.engine();
  BOOST_TEST(engine.send_task_success(driver.now(), token, "{}").ok());
  BOOST_TEST(engine.send_task_failure(driver.now(), token, "Late", "x").error->code == "TaskTimedOut");
  BOOST_TEST(engine.send_task_success(driver.now(), token, "{}").error->code == "TaskTimedOut");
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(all_of(h, EventType::TaskSucceeded).size() == 1u);
  BOOST_TEST(all_of(h, EventType::TaskFailed).empty());
}

BOOST_AUTO_TEST_CASE(garbage_tokens_get_invalid_token) {
  LocalDriver driver;
  driver.start(kCallbackWithRetry, Json::object());
  driver.run_until(kDefaultEpoch + Duration::seconds(1));
  for (const char* bad : {"", "not-a-token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
    const ApiAnswer answer = driver.engine().send_task_heartbeat(driver.now(), bad);
    BOOST_TEST_REQUIRE(answer.error.has_value());
    BOOST_TEST(answer.error->code == "InvalidToken");
    BOOST_TEST(answer.error->message == "Invalid Token: 'Invalid token'");
  }
}

BOOST_AUTO_TEST_CASE(invalid_output_json_is_rejected_and_the_task_stays_open) {
  LocalDriver driver;
  std::string token;
  driver.set_responder([&](LocalDriver&, const Delivery& d) { token = d.token; });
  const std::string arn = driver.start(kCallbackWithRetry, Json::object());
  driver.run_until(kDefaultEpoch + Duration::seconds(1));
  BOOST_TEST(driver.engine().send_task_success(driver.now(), token, "{oops").error->code ==
             "InvalidOutput");
  BOOST_TEST(driver.engine().send_task_success(driver.now(), token, "[1,2]").ok());
  driver.run();
  BOOST_TEST(*history_of(driver, arn).events.back().output == Json::array({1, 2}));
}

BOOST_AUTO_TEST_CASE(inputs_and_outputs_nested_too_deep_to_copy_are_refused) {
  std::string deep_text;
  for (int i = 0; i < 600; ++i) deep_text += "[";
  for (int i = 0; i < 600; ++i) deep_text += "]";
  const Json deep = Json::parse(deep_text);
  LocalDriver driver;
  auto parsed = asl::parse_definition_text(kCallbackWithRetry);
  const ApiAnswer refused = driver.engine().start_execution(
      driver.now(), std::get<std::shared_ptr<const asl::Definition>>(parsed), "m", "deep", deep);
  BOOST_TEST(refused.error->code == "InvalidExecutionInput");
  std::string token;
  driver.set_responder([&](LocalDriver&, const Delivery& d) { token = d.token; });
  driver.start(kCallbackWithRetry, Json::object());
  driver.run_until(kDefaultEpoch + Duration::seconds(1));
  BOOST_TEST(driver.engine().send_task_success(driver.now(), token, deep_text).error->code ==
             "InvalidOutput");
  BOOST_TEST(driver.engine().send_task_success(driver.now(), token, "[[1]]").ok());
}

BOOST_AUTO_TEST_CASE(a_history_outlives_its_engine) {
  History kept;
  {
    LocalDriver driver;
    driver.set_responder([](LocalDriver& dr, const Delivery& d) {
      dr.engine().send_task_success(dr.now(), d.token, "{}");
    });
    const std::string arn = driver.start(kCallbackWithRetry, Json::object());
    driver.run();
    kept = *driver.engine().history(arn);
  }
  // Every view in the events (names, resources, region, role) must still be readable.
  const Json json = history_to_json(kept);
  BOOST_TEST(json["events"][0]["executionStartedEventDetails"]["roleArn"] ==
             "arn:aws:iam::123456789012:role/wfsim-execution-role");
  BOOST_TEST(json["events"][2]["taskScheduledEventDetails"]["region"] == "us-east-1");
  BOOST_TEST(json["events"][1]["stateEnteredEventDetails"]["name"] == "Ship");
}

BOOST_AUTO_TEST_CASE(a_failure_without_error_name_reaches_a_catcher_as_null_sfn_1_3e) {
  LocalDriver driver;
  driver.set_responder([](LocalDriver& dr, const Delivery& d) {
    dr.engine().send_task_failure(dr.now(), d.token, std::nullopt, std::nullopt);
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
  BOOST_TEST(!failed->error.has_value());
  BOOST_TEST(*h.events.back().output == (Json{{"Error", nullptr}, {"Cause", nullptr}}));
}

BOOST_AUTO_TEST_CASE(an_activity_token_exists_only_after_get_activity_task) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"A","States":{"A":{"Type":"Task",
      "Resource":"arn:aws:states:us-east-1:123456789012:activity:pick","End":true}}})",
                                       Json{{"sku", "x"}});
  driver.run_until(kDefaultEpoch + Duration::seconds(1));
  Engine& engine = driver.engine();
  BOOST_TEST(engine.get_activity_task(driver.now(), "arn:aws:states:us-east-1:123456789012:activity:other",
                                      "w")
                 .response->empty());
  const ApiAnswer task = engine.get_activity_task(
      driver.now(), "arn:aws:states:us-east-1:123456789012:activity:pick", "w");
  BOOST_TEST((*task.response)["input"] == R"({"sku":"x"})");
  const auto info = engine.task_info((*task.response)["taskToken"].get<std::string>());
  BOOST_TEST_REQUIRE(info.has_value());
  BOOST_TEST(info->state_name == "A");
  BOOST_TEST(info->invocation == 0u);
  BOOST_TEST(info->open);
  // The queue is empty now.
  BOOST_TEST(engine.get_activity_task(driver.now(), "arn:aws:states:us-east-1:123456789012:activity:pick",
                                      "w")
                 .response->empty());
  BOOST_TEST((engine.status(arn) == ExecutionStatus::RUNNING));
}

BOOST_AUTO_TEST_CASE(tokens_of_a_stopped_execution_get_task_timed_out) {
  LocalDriver driver;
  std::string token;
  driver.set_responder([&](LocalDriver&, const Delivery& d) { token = d.token; });
  const std::string arn = driver.start(kCallbackWithRetry, Json::object());
  driver.run_until(kDefaultEpoch + Duration::seconds(1));
  BOOST_TEST(driver.engine().stop_execution(driver.now(), arn, std::nullopt, std::nullopt).ok());
  BOOST_TEST(driver.engine().send_task_success(driver.now(), token, "{}").error->code ==
             "TaskTimedOut");
  driver.engine().release_execution(arn);
  BOOST_TEST(driver.engine().send_task_heartbeat(driver.now(), token).error->code == "TaskTimedOut");
  BOOST_TEST(driver.engine().describe_execution(driver.now(), arn).error->code ==
             "ExecutionDoesNotExist");
  BOOST_TEST(driver.engine().describe_execution(driver.now(), "nonsense").error->code == "InvalidArn");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
