// The Distributed Map's Map Run (DMAP-1.3, 1.6, 3.2, 4.1, 5.1, 6.1, 6.2, 6.4, 7.2, 8.3, 9.1 to
// 9.4, 10.1, 11.1, 12.2): the parent history, child executions with their own histories and
// ARNs, ItemSelector, ItemBatcher, MaxConcurrency, tolerated failures, abort and redrive.
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {

// The Map "Fan" over $.items with a Lambda child; `extra` are members of the Map state.
std::string distributed(const std::string& extra, const std::string& type = "STANDARD",
                        const std::string& after = R"("End":true)") {
  return distributed_machine(R"("ItemsPath":"$.items",)" + extra, kLambdaChild, type, after);
}

Json items(int n) {
  Json list = Json::array();
  for (int i = 0; i < n; ++i) list.push_back(Json{{"n", i}});
  return Json{{"items", list}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_map_run)

BOOST_AUTO_TEST_CASE(a_distributed_map_writes_only_map_run_events_in_the_parent_9_1) {
  LocalDriver driver;
  driver.set_responder(MapItemWorker{});
  const std::string arn = driver.start(distributed(""), items(3));
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted MapStateEntered MapStateStarted MapRunStarted MapRunSucceeded "
             "MapStateSucceeded MapStateExited ExecutionSucceeded");
  BOOST_TEST(first_of(h, EventType::MapStateStarted)->length == 3);
  BOOST_TEST(*h.events.back().output ==
             Json::array({{{"doubled", 0}}, {{"doubled", 2}}, {{"doubled", 4}}}));
  const std::string run_arn(first_of(h, EventType::MapRunStarted)->map_run_arn);
  BOOST_TEST(run_arn.starts_with("arn:aws:states:us-east-1:123456789012:mapRun:machine/Fan:"));
  const auto children = driver.engine().map_run_children(run_arn);
  BOOST_TEST_REQUIRE(children.size() == 3u);
  for (const std::string& child : children) {
    BOOST_TEST(child.starts_with("arn:aws:states:us-east-1:123456789012:execution:machine/Fan:"));
    BOOST_TEST(child.size() == std::string("arn:aws:states:us-east-1:123456789012:execution:"
                                           "machine/Fan:").size() + 36);
    const History& ch = history_of(driver, child);
    BOOST_TEST(ch.events.front().type == EventType::ExecutionStarted);
    BOOST_TEST(ch.events.back().type == EventType::ExecutionSucceeded);
  }
  const Json described = describe_run(driver);
  BOOST_TEST(described["status"] == "SUCCEEDED");
  BOOST_TEST(described["itemCounts"]["succeeded"] == 3);
  BOOST_TEST(described["itemCounts"]["resultsWritten"] == 3);  // DMAP-10.5
  BOOST_TEST(described["executionCounts"]["total"] == 3);
  const ApiAnswer child = driver.engine().describe_execution(driver.now(), children[0]);
  BOOST_TEST((*child.response)["mapRunArn"] == run_arn);  // DMAP-8.1
}

BOOST_AUTO_TEST_CASE(item_selector_sees_the_map_input_as_dollar_3_2) {
  LocalDriver driver;
  driver.set_responder(echo);
  const std::string arn = driver.start(
      distributed(R"("ItemSelector":{"v.$":"$$.Map.Item.Value","i.$":"$$.Map.Item.Index",
                     "all.$":"$.items"},)"),
      items(2));
  driver.run();
  const Json& out = *history_of(driver, arn).events.back().output;
  BOOST_TEST(out[1]["echo"]["v"] == Json({{"n", 1}}));
  BOOST_TEST(out[1]["echo"]["i"] == 1);
  BOOST_TEST(out[0]["echo"]["all"] == items(2)["items"]);
}

BOOST_AUTO_TEST_CASE(batches_partition_the_items_in_order_4_1) {
  LocalDriver driver;
  driver.set_responder(echo);
  const std::string arn = driver.start(
      distributed(R"("ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"run":"r1"}},)"), items(5));
  driver.run();
  const Json& out = *history_of(driver, arn).events.back().output;
  BOOST_TEST_REQUIRE(out.size() == 3u);
  BOOST_TEST(out[0]["echo"]["Items"] == Json::array({{{"n", 0}}, {{"n", 1}}}));
  BOOST_TEST(out[2]["echo"]["Items"] == Json::array({{{"n", 4}}}));
  BOOST_TEST(out[2]["echo"]["BatchInput"] == Json({{"run", "r1"}}));
  const Json described = describe_run(driver);
  BOOST_TEST(described["itemCounts"]["total"] == 5);
  BOOST_TEST(described["executionCounts"]["total"] == 3);
}

BOOST_AUTO_TEST_CASE(max_concurrency_bounds_the_running_children_5_1) {
  LocalDriver driver;
  driver.set_responder(MapItemWorker{});
  const std::string arn = driver.start(distributed(R"("MaxConcurrency":2,)"), items(5));
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(seconds_at(h, static_cast<int64_t>(h.size())) == 3.0);  // 2 + 2 + 1, 1 s each.
}

BOOST_AUTO_TEST_CASE(failures_equal_to_the_count_are_tolerated_6_1) {
  LocalDriver driver;
  driver.set_responder(MapItemWorker{Duration::seconds(1), {{1, 9}}, {}});
  const std::string arn = driver.start(distributed(R"("ToleratedFailureCount":1,)"), items(3));
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST((*h.events.back().output)[1]["Error"] == "Item.Bad");
  BOOST_TEST(describe_run(driver)["itemCounts"]["failed"] == 1);
}

BOOST_AUTO_TEST_CASE(exceeding_the_threshold_fails_the_run_and_aborts_children_9_3) {
  LocalDriver driver;
  // Item 2 never answers.
  driver.set_responder(MapItemWorker{Duration::seconds(1), {{0, 9}}, {2}});
  const std::string arn = driver.start(distributed(""), items(3));
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted MapStateEntered MapStateStarted MapRunStarted MapRunFailed "
             "MapStateFailed ExecutionFailed");
  const HistoryEvent* failed = first_of(h, EventType::MapRunFailed);
  BOOST_TEST(*failed->error == "States.ExceedToleratedFailureThreshold");
  BOOST_TEST(*failed->cause == "The specified tolerated failure threshold was exceeded");
  BOOST_TEST(*h.events.back().error == "States.ExceedToleratedFailureThreshold");
  const Json described = describe_run(driver);
  BOOST_TEST(described["status"] == "FAILED");
  BOOST_TEST(described["itemCounts"]["aborted"] == 1);
  BOOST_TEST(described["itemCounts"]["failed"] == 1);
  BOOST_TEST(described["itemCounts"]["succeeded"] == 1);
  BOOST_TEST(described["itemCounts"]["running"] == 0);
}

BOOST_AUTO_TEST_CASE(a_caught_threshold_failure_goes_to_the_catcher_6_2) {
  LocalDriver driver;
  driver.set_responder(MapItemWorker{Duration::seconds(1), {{0, 9}}, {}});
  const std::string arn = driver.start(
      distributed("", "STANDARD", R"("Next":"Handled","Catch":[{"ErrorEquals":
          ["States.ExceedToleratedFailureThreshold"],"Next":"Handled"}])"),
      items(2));
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST((*h.events.back().output)["Error"] == "States.ExceedToleratedFailureThreshold");
}

BOOST_AUTO_TEST_CASE(a_retry_starts_a_new_map_run_1_6) {
  LocalDriver driver;
  driver.set_responder(MapItemWorker{Duration::seconds(1), {{0, 1}}, {}});
  const std::string arn = driver.start(
      distributed(R"("Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1}],)"), items(2));
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  const auto started = all_of(h, EventType::MapRunStarted);
  BOOST_TEST_REQUIRE(started.size() == 2u);
  BOOST_TEST(started[0]->map_run_arn != started[1]->map_run_arn);
  BOOST_TEST(first_of(h, EventType::MapStateFailed) == nullptr);  // Retried (REC-3).
}

BOOST_AUTO_TEST_CASE(invalid_tolerated_count_path_fails_before_the_run_6_4) {
  LocalDriver driver;
  Json input = items(1);
  input["tolerated"] = -1;
  const std::string arn =
      driver.start(distributed(R"("ToleratedFailureCountPath":"$.tolerated",)"), input);
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted MapStateEntered MapStateStarted ExecutionFailed");
  BOOST_TEST(*h.events.back().error == "States.Runtime");
  BOOST_TEST(*h.events.back().cause ==
             "An error occurred while executing the state 'Fan' (entered at the event id #2). "
             "ToleratedFailureCount cannot be negative.");
}

BOOST_AUTO_TEST_CASE(stopping_the_parent_aborts_the_map_run_and_its_children_9_4) {
  LocalDriver driver;
  driver.set_responder(MapItemWorker{Duration::seconds(10), {}, {}});
  const std::string arn = driver.start(distributed(""), items(2));
  driver.run_until(driver.now() + Duration::seconds(2));
  BOOST_TEST(driver.engine().stop_execution(driver.now(), arn, std::nullopt, std::nullopt).ok());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events[h.size() - 2].type == EventType::MapRunAborted);
  BOOST_TEST(h.events.back().type == EventType::ExecutionAborted);
  const Json described = describe_run(driver);
  BOOST_TEST(described["status"] == "ABORTED");
  BOOST_TEST(described["itemCounts"]["aborted"] == 2);
}

BOOST_AUTO_TEST_CASE(express_children_time_out_after_five_minutes_8_3) {
  LocalDriver driver;
  driver.set_responder(MapItemWorker{Duration::seconds(1), {}, {1}});
  const std::string arn =
      driver.start(distributed(R"("ToleratedFailureCount":1,)", "EXPRESS"), items(2));
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(seconds_at(h, static_cast<int64_t>(h.size())) == 300.0);
  BOOST_TEST(describe_run(driver)["itemCounts"]["timedOut"] == 1);
}

BOOST_AUTO_TEST_CASE(redrive_reruns_only_unsuccessful_standard_children_12_2) {
  LocalDriver driver;
  driver.set_responder(MapItemWorker{Duration::seconds(1), {{1, 1}}, {}});
  const std::string arn = driver.start(distributed(""), items(3));
  driver.run();
  BOOST_TEST(history_of(driver, arn).events.back().type == EventType::ExecutionFailed);
  const std::string run_arn = driver.engine().map_run_arns().at(0);
  const auto children = driver.engine().map_run_children(run_arn);
  std::vector<size_t> sizes;
  for (const std::string& child : children) sizes.push_back(history_of(driver, child).size());
  BOOST_TEST(driver.engine().redrive_execution(driver.now(), arn, std::nullopt).ok());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  const HistoryEvent* redriven = first_of(h, EventType::MapRunRedriven);
  BOOST_TEST_REQUIRE(redriven != nullptr);
  BOOST_TEST(redriven->map_run_arn == run_arn);
  BOOST_TEST(redriven->redrive_count == 1);
  BOOST_TEST(driver.engine().map_run_arns().size() == 1u);
  BOOST_TEST(driver.engine().map_run_children(run_arn) == children);
  for (size_t i = 0; i < children.size(); ++i) {
    const History& ch = history_of(driver, children[i]);
    const bool rerun = first_of(ch, EventType::ExecutionRedriven) != nullptr;
    BOOST_TEST(rerun == (i == 1), "child " << i);
    if (i != 1) BOOST_TEST(ch.size() == sizes[i]);
  }
  const Json described = describe_run(driver);
  BOOST_TEST(described["status"] == "SUCCEEDED");
  BOOST_TEST(described["redriveCount"] == 1);
  BOOST_TEST(described["itemCounts"]["succeeded"] == 3);
  BOOST_TEST(described["itemCounts"]["failed"] == 0);
}

BOOST_AUTO_TEST_CASE(a_redrive_after_a_succeeded_run_starts_a_new_run) {
  LocalDriver driver;
  driver.set_responder(MapItemWorker{});
  // The run succeeds, then ResultSelector reads a path that is not there (States.Runtime).
  const std::string arn =
      driver.start(distributed(R"("ResultSelector":{"x.$":"$.missing"},)"), items(2));
  driver.run();
  BOOST_TEST(history_of(driver, arn).events.back().type == EventType::ExecutionFailed);
  BOOST_TEST(driver.engine().redrive_execution(driver.now(), arn, std::nullopt).ok());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(all_of(h, EventType::MapRunStarted).size() == 2u);
  BOOST_TEST(first_of(h, EventType::MapRunRedriven) == nullptr);
  BOOST_TEST(driver.engine().map_run_arns().size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
