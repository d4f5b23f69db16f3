// A Distributed Map of QueryLanguage JSONata (sfn_map_run_jsonata.cpp; DMAP-1.4, 3.1, 4.2, 6.1,
// 12.2; JSONATA-1.1, 1.10, 3.4, 3.9, 5.2): Items as an expression, ItemSelector with
// $states.context.Map.Item, ItemBatcher's expressions, tolerated failures and MaxConcurrency from
// expressions, Output and Assign over $states.result, failing expressions caught, and a redrive.
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {

// A JSONata machine whose Map "Fan" is distributed with `extra` fields; its child is one Task
// (the top-level QueryLanguage applies to it, JSONATA-1.1). `after` ends the Map state.
std::string jsonata_distributed(const std::string& extra,
                                const std::string& after = R"("End":true)") {
  return distributed_machine(extra, kLambdaChild, "STANDARD", after,
                             R"("QueryLanguage":"JSONata",)");
}

Json numbers(int n) {
  Json list = Json::array();
  for (int i = 0; i < n; ++i) list.push_back(i);
  return Json{{"numbers", list}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_map_run_jsonata)

BOOST_AUTO_TEST_CASE(items_expression_and_item_selector_build_the_children_3_1) {
  LocalDriver driver;
  driver.set_responder(echo);
  const std::string arn = driver.start(
      jsonata_distributed(R"("Items":"{% $states.input.numbers %}",
          "ItemSelector":{"n":"{% $states.context.Map.Item.Value %}",
                          "i":"{% $states.context.Map.Item.Index %}",
                          "tag":"{% $states.input.tag %}"},)"),
      Json{{"numbers", {5, 6, 7}}, {"tag", "t"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted MapStateEntered MapStateStarted MapRunStarted MapRunSucceeded "
             "MapStateSucceeded MapStateExited ExecutionSucceeded");
  BOOST_TEST(first_of(h, EventType::MapStateStarted)->length == 3);
  const Json& out = *h.events.back().output;
  BOOST_TEST_REQUIRE(out.size() == 3u);
  BOOST_TEST(out[2]["echo"] == Json({{"n", 7}, {"i", 2}, {"tag", "t"}}));
  // Each item ran as a child execution of its own (DMAP-1.3).
  const auto children =
      driver.engine().map_run_children(driver.engine().map_run_arns().front());
  BOOST_TEST(children.size() == 3u);
}

BOOST_AUTO_TEST_CASE(without_items_the_input_array_is_iterated_and_output_sees_the_result) {
  LocalDriver driver;
  driver.set_responder(echo);
  const std::string arn = driver.start(
      jsonata_distributed(R"("Output":{"count":"{% $count($states.result) %}",
          "first":"{% $states.result[0].echo %}"},
          "Assign":{"total":"{% $count($states.result) %}"},)"),
      Json::array({10, 20}));
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(*h.events.back().output == Json({{"count", 2}, {"first", 10}}));
  const HistoryEvent* exited = first_of(h, EventType::MapStateExited);
  BOOST_TEST_REQUIRE(exited != nullptr);
  BOOST_TEST_REQUIRE(exited->assigned_variables != nullptr);
  BOOST_TEST((*exited->assigned_variables)["total"] == 2);
}

BOOST_AUTO_TEST_CASE(batcher_expressions_shape_the_batches_4_2) {
  LocalDriver driver;
  driver.set_responder(echo);
  const std::string arn = driver.start(
      jsonata_distributed(R"("Items":"{% $states.input.numbers %}",
          "ItemBatcher":{"MaxItemsPerBatch":"{% $states.input.per %}",
            "BatchInput":{"entered":"{% $states.context.State.EnteredTime %}",
                          "size":"{% $states.input.per %}"}},)"),
      Json{{"numbers", {0, 1, 2, 3, 4}}, {"per", 2}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  const Json& out = *h.events.back().output;
  BOOST_TEST_REQUIRE(out.size() == 3u);
  BOOST_TEST(out[0]["echo"]["Items"] == Json::array({0, 1}));
  BOOST_TEST(out[2]["echo"]["Items"] == Json::array({4}));
  BOOST_TEST(out[1]["echo"]["BatchInput"]["size"] == 2);
  BOOST_TEST(out[1]["echo"]["BatchInput"]["entered"].is_string());
  const Json described = describe_run(driver);
  BOOST_TEST(described["itemCounts"]["total"] == 5);
  BOOST_TEST(described["executionCounts"]["total"] == 3);
}

BOOST_AUTO_TEST_CASE(tolerated_count_and_concurrency_from_expressions_1_10) {
  LocalDriver driver;
  driver.set_responder(MapItemWorker{Duration::seconds(1), {{1, 9}}, {}});
  const std::string arn = driver.start(
      jsonata_distributed(R"("Items":"{% $states.input.numbers.{'n': $} %}",
          "ToleratedFailureCount":"{% $states.input.tolerate %}",
          "MaxConcurrency":"{% 1 %}",)"),
      Json{{"numbers", {0, 1, 2}}, {"tolerate", 1}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST((*h.events.back().output)[1]["Error"] == "Item.Bad");
  const Json described = describe_run(driver);
  BOOST_TEST(described["maxConcurrency"] == 1);
  BOOST_TEST(described["toleratedFailureCount"] == 1);
  BOOST_TEST(described["itemCounts"]["failed"] == 1);
  // One child at a time, 1 s each (DMAP-5.1).
  BOOST_TEST(seconds_at(h, static_cast<int64_t>(h.size())) == 3.0);
}

BOOST_AUTO_TEST_CASE(tolerated_percentage_exceeded_fails_the_run_6_1) {
  LocalDriver driver;
  driver.set_responder(MapItemWorker{Duration::seconds(1), {{0, 9}, {1, 9}}, {}});
  const std::string arn = driver.start(
      jsonata_distributed(R"("Items":[{"n":0},{"n":1},{"n":2},{"n":3}],
          "ToleratedFailurePercentage":"{% 25 %}",)"),
      Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionFailed);
  BOOST_TEST(*first_of(h, EventType::MapRunFailed)->error ==
             "States.ExceedToleratedFailureThreshold");
  BOOST_TEST(describe_run(driver)["toleratedFailurePercentage"] == 25.0);
}

BOOST_AUTO_TEST_CASE(a_failing_items_expression_is_caught_before_any_map_run_5_2) {
  LocalDriver driver;
  driver.set_responder(echo);
  const std::string arn = driver.start(
      jsonata_distributed(R"("Items":"{% $states.input.missing %}",)",
                          R"("Next":"Handled","Catch":[{"ErrorEquals":
                             ["States.QueryEvaluationError"],"Next":"Handled"}])"),
      Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted MapStateEntered EvaluationFailed MapStateFailed MapStateExited "
             "PassStateEntered PassStateExited ExecutionSucceeded");
  BOOST_TEST(first_of(h, EventType::EvaluationFailed)->location == "Items");
  BOOST_TEST((*h.events.back().output)["Error"] == "States.QueryEvaluationError");
  BOOST_TEST(driver.engine().map_run_arns().empty());
}

BOOST_AUTO_TEST_CASE(a_failing_item_selector_fails_the_map_run) {
  LocalDriver driver;
  driver.set_responder(echo);
  const std::string arn = driver.start(
      jsonata_distributed(R"("Items":[1,2],"ItemSelector":{"x":"{% $nothing %}"},)"),
      Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted MapStateEntered MapStateStarted MapRunStarted EvaluationFailed "
             "MapRunFailed MapStateFailed ExecutionFailed");
  BOOST_TEST(*first_of(h, EventType::MapRunFailed)->error == "States.QueryEvaluationError");
  BOOST_TEST(first_of(h, EventType::EvaluationFailed)->location == "ItemSelector/x");
  BOOST_TEST(describe_run(driver)["status"] == "FAILED");
}

BOOST_AUTO_TEST_CASE(a_batch_bound_that_is_not_positive_fails_the_map_run) {
  LocalDriver driver;
  driver.set_responder(echo);
  const std::string arn = driver.start(
      jsonata_distributed(R"("Items":[1,2],"ItemBatcher":{"MaxItemsPerBatch":"{% 0 %}"},)"),
      Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionFailed);
  BOOST_TEST(*h.events.back().error == "States.QueryEvaluationError");
  BOOST_TEST(h.events.back().cause->find("positive integer") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(redrive_reruns_only_the_failed_children_12_2) {
  LocalDriver driver;
  driver.set_responder(MapItemWorker{Duration::seconds(1), {{1, 1}}, {}});
  const std::string arn = driver.start(
      jsonata_distributed(
          R"("Items":"{% $map($states.input.numbers, function($v) { {'n': $v} }) %}",)"),
      numbers(3));
  driver.run();
  BOOST_TEST(history_of(driver, arn).events.back().type == EventType::ExecutionFailed);
  const std::string run_arn = driver.engine().map_run_arns().at(0);
  const auto children = driver.engine().map_run_children(run_arn);
  BOOST_TEST(driver.engine().redrive_execution(driver.now(), arn, std::nullopt).ok());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(first_of(h, EventType::MapRunRedriven) != nullptr);
  BOOST_TEST(driver.engine().map_run_arns().size() == 1u);
  for (size_t i = 0; i < children.size(); ++i) {
    const bool rerun = first_of(history_of(driver, children[i]), EventType::ExecutionRedriven);
    BOOST_TEST(rerun == (i == 1), "child " << i);
  }
  BOOST_TEST(*h.events.back().output ==
             Json::array({{{"doubled", 0}}, {{"doubled", 2}}, {{"doubled", 4}}}));
}

BOOST_AUTO_TEST_CASE(children_run_the_item_processor_in_the_top_level_language_1_1) {
  // A JSONPath machine with a JSONata Distributed Map: its child's Pass keeps JSONPath (the
  // top-level default, JSONATA-1.1, 1.4), so its "Parameters" with ".$" works.
  LocalDriver driver;
  const std::string arn = driver.start(
      R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","QueryLanguage":"JSONata",
          "Items":[{"v":1}],"ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED",
          "ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass",
          "Parameters":{"got.$":"$.v"},"End":true}}},"End":true}}})",
      Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(*h.events.back().output == Json::array({{{"got", 1}}}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
