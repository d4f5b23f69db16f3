// Retry and Catch (facts section 2; sequences 4.4, 4.4c, 4.5): which retrier is used, how long it
// waits, when catchers are consulted and what they pass on.
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {

// A Lambda task whose invocations fail with the given errors in turn, then succeed.
struct FailingLambda {
  std::vector<std::string> errors;
  size_t calls = 0;
  void operator()(LocalDriver& driver, const Delivery& d) {
    const size_t n = calls++;
    const std::string token = d.token;
    if (n < errors.size()) {
      driver.engine().complete_integration(
          driver.now(), token, IntegrationResult::failure(errors[n], "attempt " + std::to_string(n)));
    } else {
      driver.engine().complete_integration(driver.now(), token,
                                           IntegrationResult::success(Json{{"ok", true}}));
    }
  }
};

// A Lambda task with the given Retry; with `catch_` (a Catch array), a Pass state "Handle" too.
std::string task_with(const std::string& retry, const std::string& catch_ = "") {
  std::string text = R"({"StartAt":"Work","States":{"Work":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","Retry":)" + retry;
  if (!catch_.empty()) text += R"(,"Catch":)" + catch_;
  text += R"(,"End":true})";
  if (!catch_.empty()) text += R"(,"Handle":{"Type":"Pass","End":true})";
  return text + "}}";
}

// Seconds between consecutive TaskFailed and the next TaskScheduled.
std::vector<double> retry_waits(const History& h) {
  std::vector<double> waits;
  double failed_at = -1;
  for (const HistoryEvent& e : h.events) {
    const double t = (e.timestamp - kDefaultEpoch).seconds_real();
    if (e.type == EventType::TaskFailed || e.type == EventType::TaskTimedOut) failed_at = t;
    if (e.type == EventType::TaskScheduled && failed_at >= 0) {
      waits.push_back(t - failed_at);
      failed_at = -1;
    }
  }
  return waits;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_retry)

BOOST_AUTO_TEST_CASE(retries_repeat_only_scheduled_started_and_outcome_then_catch_4_4) {
  LocalDriver driver;
  driver.set_responder(FailingLambda{{"Boom", "Boom", "Boom", "Boom"}});
  const std::string arn = driver.start(
      task_with(R"([{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":2}])",
                R"([{"ErrorEquals":["States.ALL"],"Next":"Handle","ResultPath":"$.error"}])"),
      Json{{"order", 1}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskFailed "
             "TaskScheduled TaskStarted TaskFailed TaskScheduled TaskStarted TaskFailed "
             "TaskStateExited PassStateEntered PassStateExited ExecutionSucceeded");
  BOOST_TEST(retry_waits(h) == (std::vector<double>{1.0, 2.0}), boost::test_tools::per_element());
  BOOST_TEST(*h.events.back().output ==
             (Json{{"order", 1}, {"error", {{"Error", "Boom"}, {"Cause", "attempt 2"}}}}));
  check_golden(h, "retry_then_catch");
}

BOOST_AUTO_TEST_CASE(max_attempts_zero_runs_exactly_one_attempt_4_4c) {
  LocalDriver driver;
  driver.set_responder(FailingLambda{{"Boom"}});
  const std::string arn =
      driver.start(task_with(R"([{"ErrorEquals":["States.ALL"],"MaxAttempts":0}])"), Json::object());
  driver.run();
  BOOST_TEST(joined(types(history_of(driver, arn))) ==
             "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskFailed "
             "ExecutionFailed");
}

BOOST_AUTO_TEST_CASE(a_retry_then_success_exits_once_4_4d) {
  LocalDriver driver;
  driver.set_responder(FailingLambda{{"Flaky"}});
  const std::string arn = driver.start(task_with(R"([{"ErrorEquals":["Flaky"]}])"), Json::object());
  driver.run();
  BOOST_TEST(joined(types(history_of(driver, arn))) ==
             "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskFailed "
             "TaskScheduled TaskStarted TaskSucceeded TaskStateExited ExecutionSucceeded");
}

BOOST_AUTO_TEST_CASE(one_counter_per_retrier_counts_every_error_it_matches_sfn_2_2b) {
  // The spec's example: errors A, B, C, B with retriers [A,B] (MaxAttempts 2) and [C].
  LocalDriver driver;
  driver.set_responder(FailingLambda{{"ErrorA", "ErrorB", "ErrorC", "ErrorB"}});
  const std::string arn = driver.start(
      task_with(R"([{"ErrorEquals":["ErrorA","ErrorB"],"IntervalSeconds":1,"BackoffRate":2,
                     "MaxAttempts":2},
                    {"ErrorEquals":["ErrorC"],"IntervalSeconds":5}])"),
      Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(retry_waits(h) == (std::vector<double>{1.0, 2.0, 5.0}), boost::test_tools::per_element());
  BOOST_TEST(*h.events.back().error == "ErrorB");  // The 4th error finds its retrier exhausted.
}

BOOST_AUTO_TEST_CASE(an_exhausted_retrier_does_not_fall_through_to_a_later_match_sfn_2_2a) {
  LocalDriver driver;
  driver.set_responder(FailingLambda{{"E", "E", "E"}});
  const std::string arn = driver.start(
      task_with(R"([{"ErrorEquals":["E"],"MaxAttempts":1},{"ErrorEquals":["States.ALL"],
                    "MaxAttempts":5}])"),
      Json::object());
  driver.run();
  BOOST_TEST(all_of(history_of(driver, arn), EventType::TaskScheduled).size() == 2u);
}

BOOST_AUTO_TEST_CASE(worked_backoff_values_of_sfn_2_3b) {
  struct Case {
    const char* retrier;
    std::vector<double> waits;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"ErrorEquals":["E"],"IntervalSeconds":3,"BackoffRate":2,"MaxDelaySeconds":5})",
            {3, 5, 5}},
           {R"({"ErrorEquals":["E"],"IntervalSeconds":2,"BackoffRate":2})", {2, 4, 8}},
           {R"({"ErrorEquals":["E"],"IntervalSeconds":3,"BackoffRate":1.5,"MaxAttempts":2})",
            {3, 4.5}},
           {R"({"ErrorEquals":["E"]})", {1, 2, 4}}}) {
    LocalDriver driver;
    driver.set_responder(FailingLambda{{"E", "E", "E", "E", "E"}});
    const std::string arn = driver.start(task_with(std::string("[") + c.retrier + "]"), Json::object());
    driver.run();
    BOOST_TEST(retry_waits(history_of(driver, arn)) == c.waits, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(full_jitter_stays_within_the_capped_delay_and_is_seeded) {
  std::vector<double> first_run;
  for (int run = 0; run < 2; ++run) {
    LocalDriver driver({}, 77);
    driver.set_responder(FailingLambda{std::vector<std::string>(6, "E")});
    const std::string arn = driver.start(
        task_with(R"([{"ErrorEquals":["E"],"IntervalSeconds":2,"BackoffRate":2,"MaxAttempts":6,
                       "MaxDelaySeconds":10,"JitterStrategy":"FULL"}])"),
        Json::object());
    driver.run();
    const auto waits = retry_waits(history_of(driver, arn));
    BOOST_TEST_REQUIRE(waits.size() == 6u);
    const double caps[] = {2, 4, 8, 10, 10, 10};
    for (size_t k = 0; k < waits.size(); ++k) {
      BOOST_TEST(waits[k] >= 0.0);
      BOOST_TEST(waits[k] <= caps[k]);
    }
    if (run == 0) first_run = waits;
    if (run == 1) BOOST_TEST(waits == first_run, boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(states_task_failed_does_not_match_states_timeout_sfn_1_6d) {
  LocalDriver driver;  // Nobody answers: the task times out.
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":2,
      "Retry":[{"ErrorEquals":["States.TaskFailed"]}],
      "Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"H"}],"End":true},
      "H":{"Type":"Pass","End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionFailed);
  BOOST_TEST(all_of(h, EventType::TaskScheduled).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_heartbeat_timeout_catcher_matches_only_heartbeat_expiry_sfn_1_2b) {
  for (const bool heartbeat_expires : {true, false}) {
    LocalDriver driver;
    driver.set_responder([&](LocalDriver& dr, const Delivery& d) {
      if (heartbeat_expires) return;
      for (int s = 1; s < 20; ++s) {
        dr.after(Duration::seconds(s), [&dr, t = d.token] { dr.engine().send_task_heartbeat(dr.now(), t); });
      }
    });
    const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
        "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters":{"MessageBody.$":"$$.Task.Token"},"HeartbeatSeconds":3,"TimeoutSeconds":10,
        "Catch":[{"ErrorEquals":["States.HeartbeatTimeout"],"Next":"H"}],"End":true},
        "H":{"Type":"Pass","End":true}}})",
                                         Json::object());
    driver.run();
    const History& h = history_of(driver, arn);
    BOOST_TEST(*first_of(h, EventType::TaskTimedOut)->error == "States.Timeout");
    BOOST_TEST((h.events.back().type == EventType::ExecutionSucceeded) == heartbeat_expires);
  }
}

BOOST_AUTO_TEST_CASE(a_caught_timeout_passes_an_empty_cause_sfn_1_6f) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":1,
      "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
      "H":{"Type":"Pass","End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskTimedOut "
             "TaskStateExited PassStateEntered PassStateExited ExecutionSucceeded");
  BOOST_TEST(*h.events.back().output == (Json{{"Error", "States.Timeout"}, {"Cause", ""}}));
}

BOOST_AUTO_TEST_CASE(states_runtime_is_neither_retried_nor_caught_by_states_all_sfn_1_6c) {
  LocalDriver driver;
  driver.set_responder(FailingLambda{});
  const std::string arn = driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","InputPath":"$.missing",
      "Retry":[{"ErrorEquals":["States.ALL"]}],
      "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
      "H":{"Type":"Pass","End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) == "ExecutionStarted TaskStateEntered ExecutionFailed");
  BOOST_TEST(*h.events.back().error == "States.Runtime");
}

BOOST_AUTO_TEST_CASE(retry_counters_restart_when_a_state_is_entered_again_sfn_2_2c) {
  // Work fails once per visit; a loop visits it three times; MaxAttempts 1 suffices each time.
  LocalDriver driver;
  int call = 0;
  driver.set_responder([&](LocalDriver& dr, const Delivery& d) {
    const bool fail = call++ % 2 == 0;
    dr.engine().complete_integration(dr.now(), d.token,
                                     fail ? IntegrationResult::failure("E", "x")
                                          : IntegrationResult::success(Json{{"ok", 1}}));
  });
  const std::string arn = driver.start(R"json({"StartAt":"Count","States":{
      "Count":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, 1)"},"Next":"Work"},
      "Work":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","ResultPath":null,
              "Retry":[{"ErrorEquals":["E"],"MaxAttempts":1}],"Next":"Again"},
      "Again":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericLessThan":3,"Next":"Count"}],
               "Default":"Done"},
      "Done":{"Type":"Succeed"}}})json",
                                       Json{{"n", 0}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(all_of(h, EventType::TaskFailed).size() == 3u);
}

BOOST_AUTO_TEST_CASE(retry_count_is_visible_in_the_context_object_sfn_2_2e) {
  LocalDriver driver;
  std::vector<int64_t> seen;
  driver.set_responder([&](LocalDriver& dr, const Delivery& d) {
    seen.push_back(d.payload["retry"].get<int64_t>());
    dr.engine().complete_integration(dr.now(), d.token, IntegrationResult::failure("E", ""));
  });
  driver.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","Parameters":{"retry.$":"$$.State.RetryCount"},
      "Retry":[{"ErrorEquals":["E"],"IntervalSeconds":1,"MaxAttempts":2}],"End":true}}})",
               Json::object());
  driver.run();
  BOOST_TEST(seen == (std::vector<int64_t>{0, 1, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
