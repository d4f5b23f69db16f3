// JSONata states in the engine (sfn_jsonata.cpp): definitions run to their histories and
// outputs. Pass/Succeed Output (JSONATA-2.4, 3.5), $states.input and context (JSONATA-3.1, 3.4),
// Choice Condition and rule Output (JSONATA-1.9, 3.7), Wait Seconds and Timestamp (JSONATA-5.5,
// EX-16), Fail Error and Cause (JSONATA-5.8), Task Arguments and Output (JSONATA-3.5, EX-2), the
// EvaluationFailed event and its cause (JSONATA-5.1 to 5.4, EX-1), Retry and Catch of
// States.QueryEvaluationError (JSONATA-5.6), the virtual clock and the seeded random stream.
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {

std::string jsonata_machine(const std::string& states, const std::string& start = "S") {
  return R"({"QueryLanguage":"JSONata","StartAt":")" + start + R"(","States":)" + states + "}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_jsonata)

BOOST_AUTO_TEST_CASE(pass_output_reads_states_input_and_context) {
  LocalDriver driver;
  const std::string arn = driver.start(jsonata_machine(R"({"S":{"Type":"Pass","Next":"E",
      "Output":{"sum":"{% $sum($states.input.list) %}","name":"{% $states.context.State.Name %}",
      "literal":"$states.input","deep":[{"k":"{% $states.input.list[0] %}"}]}},
      "E":{"Type":"Succeed"}})"),
                                       Json{{"list", {1, 2, 3}}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) == "ExecutionStarted PassStateEntered PassStateExited "
                                 "SucceedStateEntered SucceedStateExited ExecutionSucceeded");
  const Json expected = Json::parse(R"({"sum":6,"name":"S","literal":"$states.input",
                                        "deep":[{"k":1}]})");
  BOOST_TEST(*h.events.back().output == expected);
}

BOOST_AUTO_TEST_CASE(an_undefined_output_leaf_fails_with_evaluation_failed_ex_1) {
  LocalDriver driver;
  const std::string arn = driver.start(
      jsonata_machine(R"({"State0":{"Type":"Pass","End":true,
          "Output":{"result":"{% $doesNotExist %}"}}})", "State0"),
      Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) == "ExecutionStarted PassStateEntered EvaluationFailed "
                                 "ExecutionFailed");
  const std::string cause =
      "An error occurred while executing the state 'State0' (entered at the event id #2). The "
      "JSONata expression '$doesNotExist' specified for the field 'Output/result' returned "
      "nothing (undefined).";
  const HistoryEvent& failed = h.at(3);
  BOOST_TEST(*failed.error == "States.QueryEvaluationError");
  BOOST_TEST(*failed.cause == cause);
  BOOST_TEST(failed.location == "Output/result");
  BOOST_TEST(failed.name == "State0");
  BOOST_TEST(*h.at(4).error == "States.QueryEvaluationError");
  BOOST_TEST(*h.at(4).cause == cause);
  // As GetExecutionHistory writes it, and read back.
  const Json written = event_to_json(failed)["evaluationFailedEventDetails"];
  BOOST_TEST(written == Json({{"error", "States.QueryEvaluationError"}, {"cause", cause},
                              {"location", "Output/result"}, {"state", "State0"}}));
  auto reread = history_from_json(history_to_json(h));
  BOOST_REQUIRE(std::holds_alternative<History>(reread));
  BOOST_TEST(std::get<History>(reread).at(3).location == "Output/result");
  BOOST_TEST(std::get<History>(reread).at(3).name == "State0");
}

BOOST_AUTO_TEST_CASE(choice_conditions_pick_the_rule_and_its_output) {
  const std::string definition = jsonata_machine(R"({"S":{"Type":"Choice",
      "Choices":[{"Condition":"{% $states.input.n > 10 %}","Next":"Big","Output":"rule"},
                 {"Condition":false,"Next":"Big"}],
      "Default":"Small","Output":{"n":"{% $states.input.n %}","via":"default"}},
      "Big":{"Type":"Succeed"},"Small":{"Type":"Succeed"}})");
  for (const auto& [n, expected, next] :
       {std::tuple{20, Json("rule"), "Big"},
        std::tuple{1, Json::parse(R"({"n":1,"via":"default"})"), "Small"}}) {
    LocalDriver driver;
    const std::string arn = driver.start(definition, Json{{"n", n}});
    driver.run();
    const History& h = history_of(driver, arn);
    BOOST_TEST(*h.at(3).output == expected);  // ChoiceStateExited (JSONATA-3.7).
    BOOST_TEST(h.at(4).name == next);
  }
  LocalDriver driver;
  const std::string arn = driver.start(definition, Json{{"n", "text"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.at(3).type == EventType::EvaluationFailed);
  BOOST_TEST(h.at(3).location == "Condition");
  BOOST_TEST(h.at(3).cause->find("threw an error during evaluation. T20") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(wait_seconds_and_timestamps_come_from_expressions) {
  LocalDriver driver;
  const std::string arn = driver.start(jsonata_machine(R"({"S":{"Type":"Wait",
      "Seconds":"{% $states.input.s * 2 %}","Next":"U"},
      "U":{"Type":"Wait","Timestamp":"{% $states.input.at %}","Next":"N"},
      "N":{"Type":"Pass","Output":{"now":"{% $now() %}","millis":"{% $millis() %}"},"End":true}})"),
                                       Json{{"s", 5}, {"at", "2024-01-01T00:01:00Z"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(seconds_at(h, 3) == 10.0);  // WaitStateExited of S.
  BOOST_TEST(seconds_at(h, 5) == 60.0);  // WaitStateExited of U.
  // $now() and $millis() read the execution's virtual clock.
  BOOST_TEST(*h.events.back().output ==
             Json::parse(R"({"now":"2024-01-01T00:01:00.000Z","millis":1704067260000})"));
  LocalDriver bad;
  const std::string bad_arn = bad.start(jsonata_machine(R"({"S":{"Type":"Wait",
      "Timestamp":"{% $states.input.at %}","End":true}})"),
                                        Json{{"at", "2016-12-05T21:29:29"}});
  bad.run();
  const History& b = history_of(bad, bad_arn);
  BOOST_TEST(joined(types(b)) == "ExecutionStarted WaitStateEntered EvaluationFailed "
                                 "ExecutionFailed");
  BOOST_TEST(b.at(3).location == "Timestamp");
  BOOST_TEST(b.at(3).cause->ends_with("The Timestamp field cannot be parsed as an ISO-8601 "
                                      "extended offset date-time format string: "
                                      "2016-12-05T21:29:29"));
}

BOOST_AUTO_TEST_CASE(fail_error_and_cause_from_expressions_jsonata_5_8) {
  LocalDriver driver;
  const std::string arn = driver.start(jsonata_machine(R"({"S":{"Type":"Fail",
      "Error":"{% 'Order.' & $states.input.kind %}","Cause":"plain cause"}})"),
                                       Json{{"kind", "Rejected"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) == "ExecutionStarted FailStateEntered ExecutionFailed");
  BOOST_TEST(*h.events.back().error == "Order.Rejected");
  BOOST_TEST(*h.events.back().cause == "plain cause");
  LocalDriver only_error;
  const std::string arn2 = only_error.start(
      jsonata_machine(R"({"S":{"Type":"Fail","Error":"{% 'E' %}"}})"), Json::object());
  only_error.run();
  BOOST_TEST(!history_of(only_error, arn2).events.back().cause.has_value());
}

BOOST_AUTO_TEST_CASE(task_arguments_are_the_payload_and_output_reads_the_result) {
  LocalDriver driver;
  driver.set_responder(echo);
  const std::string arn = driver.start(jsonata_machine(R"({"S":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","Next":"D",
      "Arguments":{"FunctionName":"f","Payload":{"id":"{% $states.input.id %}"}},
      "Output":{"got":"{% $states.result.echo.Payload.id %}","in":"{% $states.input.id %}"}},
      "D":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}})"),
                                       Json{{"id", 7}});
  driver.run();
  const History& h = history_of(driver, arn);
  const HistoryEvent* scheduled = first_of(h, EventType::TaskScheduled);
  BOOST_REQUIRE(scheduled != nullptr);
  BOOST_TEST(*scheduled->input == Json::parse(R"({"FunctionName":"f","Payload":{"id":7}})"));
  BOOST_TEST(*first_of(h, EventType::TaskStateExited)->output ==
             Json::parse(R"({"got":7,"in":7})"));
  // Without Arguments the task gets the state input (OQ-19) and without Output the state
  // output is the result itself, not merged with the input (JSONATA-3.5).
  BOOST_TEST(*all_of(h, EventType::TaskScheduled)[1]->input ==
             Json::parse(R"({"got":7,"in":7})"));
  BOOST_TEST(*h.events.back().output == Json::parse(R"({"echo":{"got":7,"in":7}})"));
}

BOOST_AUTO_TEST_CASE(a_failed_argument_schedules_nothing_and_can_be_caught_ex_2) {
  const std::string definition = jsonata_machine(R"({"S":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","End":true,
      "Arguments":{"FunctionName":"{% $doesNotExist %}"}CATCH},
      "H":{"Type":"Pass","End":true}})");
  LocalDriver uncaught;
  uncaught.set_responder(echo);
  std::string text = definition;
  text.replace(text.find("CATCH"), 5, R"(,"Catch":[{"ErrorEquals":["Other"],"Next":"H"}])");
  const std::string arn = uncaught.start(text, Json::object());
  uncaught.run();
  const History& h = history_of(uncaught, arn);
  BOOST_TEST(joined(types(h)) == "ExecutionStarted TaskStateEntered EvaluationFailed "
                                 "ExecutionFailed");
  BOOST_TEST(h.at(3).location == "Arguments/FunctionName");

  LocalDriver caught;
  caught.set_responder(echo);
  text = definition;
  text.replace(text.find("CATCH"), 5,
               R"(,"Retry":[{"ErrorEquals":["States.QueryEvaluationError"],"MaxAttempts":1}],
               "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}])");
  const std::string arn2 = caught.start(text, Json{{"x", 1}});
  caught.run();
  const History& c = history_of(caught, arn2);
  BOOST_TEST(joined(types(c)) ==
             "ExecutionStarted TaskStateEntered EvaluationFailed EvaluationFailed "
             "TaskStateExited PassStateEntered PassStateExited ExecutionSucceeded");
  // The catcher's default output is the error output (JSONATA-3.5).
  const Json error_output = *c.at(5).output;
  BOOST_TEST(error_output["Error"] == "States.QueryEvaluationError");
  BOOST_TEST(error_output["Cause"].get<std::string>().starts_with(
      "An error occurred while executing the state 'S' (entered at the event id #2)."));
  BOOST_TEST(seconds_at(c, 4) - seconds_at(c, 3) == 1.0);  // The retrier's interval.
}

BOOST_AUTO_TEST_CASE(random_and_uuid_replay_with_the_execution_seed) {
  const std::string definition = jsonata_machine(R"({"S":{"Type":"Pass","End":true,
      "Output":{"r":"{% $random() %}","u":"{% $uuid() %}","seeded":"{% $random(42) %}"}}})");
  auto run_once = [&](uint64_t seed) {
    LocalDriver driver({}, seed);
    const std::string arn = driver.start(definition, Json::object());
    driver.run();
    return *history_of(driver, arn).events.back().output;
  };
  const Json first = run_once(1);
  BOOST_TEST(first == run_once(1));
  BOOST_TEST(first["u"].get<std::string>().size() == 36u);
  const Json other = run_once(2);
  BOOST_TEST(first["u"] != other["u"]);
  BOOST_TEST(first["seeded"] == other["seeded"]);  // $random(seed) depends on the seed only.
}

BOOST_AUTO_TEST_CASE(a_jsonpath_machine_runs_a_jsonata_state_jsonata_1_2) {
  LocalDriver driver;
  const std::string arn = driver.start(R"({"StartAt":"P","States":{
      "P":{"Type":"Pass","Parameters":{"v.$":"$.a"},"Next":"J"},
      "J":{"Type":"Pass","QueryLanguage":"JSONata","Output":"{% $states.input.v + 1 %}",
           "End":true}}})",
                                       Json{{"a", 41}});
  driver.run();
  BOOST_TEST(*history_of(driver, arn).events.back().output == Json(42));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
