// JSONata Parallel and Map states in the engine (sfn_jsonata.cpp with sfn_blocks.cpp): a
// Parallel's Arguments and Output (JSONATA-1.8, 3.5), a Map's Items as a literal array with
// templates or an expression (JSONATA-2.3, 3.9), the array check and its causes (JSONATA-5.2,
// 5.3, EX-11, EX-12), ItemSelector with $states.context.Map.Item (JSONATA-3.4), MaxConcurrency
// and the tolerated failures from expressions (JSONATA-1.10), Assign over $states.result
// (VAR-3.4), and a Task's TimeoutSeconds and HeartbeatSeconds as expressions (JSONATA-1.10).
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {

std::string jsonata_machine(const std::string& states, const std::string& start = "S") {
  return R"({"QueryLanguage":"JSONata","StartAt":")" + start + R"(","States":)" + states + "}";
}

const char* const kPassProcessor =
    R"("ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})";

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_jsonata_blocks)

BOOST_AUTO_TEST_CASE(items_as_a_literal_array_with_templates_jsonata_2_3) {
  LocalDriver driver;
  const std::string arn = driver.start(
      jsonata_machine(R"({"S":{"Type":"Map","End":true,
          "Items":[1,"{% $number(\"2\") %}",3],)" + std::string(kPassProcessor) + "}}"),
      Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(first_of(h, EventType::MapStateStarted)->length == 3);
  // Without Output a Map's output is the array of its iterations' outputs (JSONATA-3.5).
  BOOST_TEST(*h.events.back().output == Json::parse("[1,2,3]"));
}

BOOST_AUTO_TEST_CASE(without_items_the_input_must_be_an_array_ex_12) {
  LocalDriver driver;
  const std::string arn = driver.start(
      jsonata_machine(R"({"S":{"Type":"Map","End":true,)" + std::string(kPassProcessor) + "}}"),
      Json(1));
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) == "ExecutionStarted MapStateEntered EvaluationFailed "
                                 "MapStateFailed ExecutionFailed");
  const HistoryEvent& failed = h.at(3);
  BOOST_TEST(*failed.error == "States.QueryEvaluationError");
  BOOST_TEST(*failed.cause ==
             "An error occurred while executing the state 'S' (entered at the event id #2). Map "
             "state input must be an array but was: 1");
  BOOST_TEST(failed.location.empty());  // AWS writes no location here.
}

BOOST_AUTO_TEST_CASE(items_of_the_wrong_type_fail_at_items_ex_11) {
  LocalDriver driver;
  const std::string arn = driver.start(
      jsonata_machine(R"({"A":{"Type":"Pass","Next":"S",
          "Assign":{"ItemsVar":"{% {'foo': 'bar'} %}"}},
          "S":{"Type":"Map","End":true,"Items":"{% $ItemsVar %}",)" +
                          std::string(kPassProcessor) + "}}",
                      "A"),
      Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  const HistoryEvent* failed = first_of(h, EventType::EvaluationFailed);
  BOOST_REQUIRE(failed != nullptr);
  BOOST_TEST(failed->location == "Items");
  BOOST_TEST(failed->cause->ends_with(
      "returned an unexpected result type. Expected 'array', but was 'object' for value: "
      "{\"foo\":\"bar\"}"));
  BOOST_TEST(first_of(h, EventType::MapStateFailed) != nullptr);
  BOOST_TEST(h.events.back().type == EventType::ExecutionFailed);
}

BOOST_AUTO_TEST_CASE(item_selector_reads_the_item_its_index_and_the_map_input) {
  LocalDriver driver;
  const std::string arn = driver.start(
      jsonata_machine(R"({"S":{"Type":"Map","End":true,"Items":"{% $states.input.list %}",
          "ItemSelector":{"v":"{% $states.context.Map.Item.Value %}",
                          "i":"{% $states.context.Map.Item.Index %}",
                          "tag":"{% $states.input.tag %}"},)" +
                      std::string(kPassProcessor) + "}}"),
      Json{{"list", {"a", "b"}}, {"tag", "t"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(*h.events.back().output ==
             Json::parse(R"([{"v":"a","i":0,"tag":"t"},{"v":"b","i":1,"tag":"t"}])"));
}

BOOST_AUTO_TEST_CASE(max_concurrency_and_tolerance_come_from_expressions_jsonata_1_10) {
  // One iteration at a time: each starts after the one before it has succeeded.
  LocalDriver serial;
  const std::string arn = serial.start(
      jsonata_machine(R"({"S":{"Type":"Map","End":true,"Items":[1,2],
          "MaxConcurrency":"{% $states.input.n %}",)" + std::string(kPassProcessor) + "}}"),
      Json{{"n", 1}});
  serial.run();
  BOOST_TEST(joined(types(history_of(serial, arn))) ==
             "ExecutionStarted MapStateEntered MapStateStarted MapIterationStarted "
             "PassStateEntered PassStateExited MapIterationSucceeded MapIterationStarted "
             "PassStateEntered PassStateExited MapIterationSucceeded MapStateSucceeded "
             "MapStateExited ExecutionSucceeded");
  // Two of three iterations fail; 50% is not enough, 70% is (failures over tolerance fail the
  // Map with States.ExceedToleratedFailureThreshold).
  const std::string failing = jsonata_machine(R"({"S":{"Type":"Map","End":true,
      "Items":[0,1,1],"ToleratedFailurePercentage":"{% $states.input.p %}",
      "ItemProcessor":{"StartAt":"C","States":{"C":{"Type":"Choice",
          "Choices":[{"Condition":"{% $states.input = 1 %}","Next":"F"}],"Default":"P"},
        "F":{"Type":"Fail","Error":"Bad"},"P":{"Type":"Pass","End":true}}}}})");
  for (const auto& [percentage, succeeds] : {std::pair{50, false}, std::pair{70, true}}) {
    LocalDriver driver;
    const std::string id = driver.start(failing, Json{{"p", percentage}});
    driver.run();
    const History& h = history_of(driver, id);
    BOOST_TEST((h.events.back().type == EventType::ExecutionSucceeded) == succeeds);
    if (!succeeds) {
      BOOST_TEST(*h.events.back().error == "States.ExceedToleratedFailureThreshold");
    }
  }
  // A percentage over 100 from an expression is an evaluation failure (OQ-9: our type words).
  LocalDriver bad;
  const std::string id = bad.start(failing, Json{{"p", 101}});
  bad.run();
  const HistoryEvent* evaluation = first_of(history_of(bad, id), EventType::EvaluationFailed);
  BOOST_REQUIRE(evaluation != nullptr);
  BOOST_TEST(evaluation->location == "ToleratedFailurePercentage");
}

BOOST_AUTO_TEST_CASE(parallel_arguments_output_and_assign_see_the_branch_outputs) {
  LocalDriver driver;
  const std::string arn = driver.start(
      jsonata_machine(R"({"S":{"Type":"Parallel","Next":"E",
          "Arguments":{"x":"{% $states.input.x * 2 %}"},
          "Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,
                        "Output":"{% $states.input.x + 1 %}"}}},
                      {"StartAt":"B","States":{"B":{"Type":"Pass","End":true}}}],
          "Assign":{"first":"{% $states.result[0] %}"},
          "Output":{"all":"{% $states.result %}","in":"{% $states.input.x %}"}},
          "E":{"Type":"Pass","End":true,"Output":"{% $first %}"}})"),
      Json{{"x", 5}});
  driver.run();
  const History& h = history_of(driver, arn);
  const HistoryEvent* exited = first_of(h, EventType::ParallelStateExited);
  BOOST_REQUIRE(exited != nullptr);
  BOOST_TEST(*exited->output == Json::parse(R"({"all":[11,{"x":10}],"in":5})"));
  BOOST_TEST(*h.events.back().output == Json(11));
}

BOOST_AUTO_TEST_CASE(a_failed_parallel_argument_is_retried_then_caught) {
  LocalDriver driver;
  const std::string arn = driver.start(
      jsonata_machine(R"({"S":{"Type":"Parallel","End":true,
          "Arguments":"{% $missing %}",
          "Branches":[{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}],
          "Retry":[{"ErrorEquals":["States.QueryEvaluationError"],"MaxAttempts":1}],
          "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}]},
          "H":{"Type":"Pass","End":true}})"),
      Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  // No ...StateFailed before the retry (REC-3); one before the catcher takes it.
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted ParallelStateEntered EvaluationFailed EvaluationFailed "
             "ParallelStateFailed ParallelStateExited PassStateEntered PassStateExited "
             "ExecutionSucceeded");
  BOOST_TEST((*h.events.back().output)["Error"] == "States.QueryEvaluationError");
}

BOOST_AUTO_TEST_CASE(task_timeouts_from_expressions_are_resolved_before_scheduling) {
  // JSONATA-1.10: TaskScheduled carries the resolved values.
  LocalDriver driver;
  driver.set_responder(echo);
  const std::string arn = driver.start(
      jsonata_machine(R"({"S":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "End":true,"TimeoutSeconds":"{% $states.input.t * 2 %}",
          "HeartbeatSeconds":"{% $states.input.t %}"}})"),
      Json{{"t", 7}});
  driver.run();
  const HistoryEvent* scheduled = first_of(history_of(driver, arn), EventType::TaskScheduled);
  BOOST_REQUIRE(scheduled != nullptr);
  BOOST_TEST(*scheduled->timeout_seconds == 14);
  BOOST_TEST(*scheduled->heartbeat_seconds == 7);
  // Zero is not a timeout: an evaluation failure at the field, before anything is scheduled.
  LocalDriver zero;
  zero.set_responder(echo);
  const std::string id = zero.start(
      jsonata_machine(R"({"S":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "End":true,"TimeoutSeconds":"{% 0 %}"}})"),
      Json::object());
  zero.run();
  const History& h = history_of(zero, id);
  BOOST_TEST(joined(types(h)) == "ExecutionStarted TaskStateEntered EvaluationFailed "
                                 "ExecutionFailed");
  BOOST_TEST(h.at(3).location == "TimeoutSeconds");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
