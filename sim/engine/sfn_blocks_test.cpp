// Parallel and Map (SFN-1.5g, 1.5h; sequences 4.3e, 4.4e, 4.5b): outputs in order, concurrency,
// tolerated failures, and the abort events when a branch or iteration fails.
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {
// Answers each Lambda call with {"doubled": 2 * input.n} after `delay`, or fails items listed.
struct Doubler {
  Duration delay = Duration::zero();
  std::vector<int> failing;
  void operator()(LocalDriver& driver, const Delivery& d) {
    const int n = d.payload.contains("n") ? d.payload["n"].get<int>() : 0;
    const bool fail = std::find(failing.begin(), failing.end(), n) != failing.end();
    driver.after(delay, [&driver, token = d.token, n, fail] {
      driver.engine().complete_integration(
          driver.now(), token,
          fail ? IntegrationResult::failure("Item.Bad", "item " + std::to_string(n))
               : IntegrationResult::success(Json{{"doubled", 2 * n}}));
    });
  }
};

std::string map_over(const std::string& extra, const std::string& task_extra = "") {
  return R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",)" + extra +
         R"("ItemProcessor":{"StartAt":"Work","States":{"Work":{"Type":"Task",
         "Resource":"arn:aws:states:::lambda:invoke",)" +
         task_extra + R"("End":true}}},"End":true}}})";
}

Json items(int n) {
  Json list = Json::array();
  for (int i = 0; i < n; ++i) list.push_back(Json{{"n", i}});
  return Json{{"items", list}};
}
}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_blocks)

BOOST_AUTO_TEST_CASE(a_map_keeps_item_order_in_its_output) {
  LocalDriver driver;
  driver.set_responder(Doubler{Duration::seconds(1), {}});
  const std::string arn = driver.start(map_over(""), items(3));
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(*h.events.back().output ==
             Json::array({{{"doubled", 0}}, {{"doubled", 2}}, {{"doubled", 4}}}));
  BOOST_TEST(first_of(h, EventType::MapStateStarted)->length == 3);
  BOOST_TEST(all_of(h, EventType::MapIterationSucceeded).size() == 3u);
  check_golden(h, "map_three_items");
}

BOOST_AUTO_TEST_CASE(max_concurrency_one_runs_items_one_at_a_time_in_order) {
  LocalDriver driver;
  driver.set_responder(Doubler{Duration::seconds(1), {}});
  const std::string arn = driver.start(map_over(R"("MaxConcurrency":1,)"), items(3));
  driver.run();
  const History& h = history_of(driver, arn);
  const auto started = all_of(h, EventType::MapIterationStarted);
  BOOST_TEST_REQUIRE(started.size() == 3u);
  for (size_t i = 0; i < 3; ++i) {
    BOOST_TEST(started[i]->index == static_cast<int64_t>(i));
    BOOST_TEST(seconds_at(h, started[i]->id) == static_cast<double>(i));
  }
}

BOOST_AUTO_TEST_CASE(an_iteration_timeout_aborts_the_others_in_the_recorded_order_4_3e) {
  LocalDriver driver;  // Nobody answers; every task times out at 3 s.
  const std::string arn = driver.start(map_over("", R"("TimeoutSeconds":3,)"), items(4));
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted MapStateEntered MapStateStarted MapIterationStarted "
             "MapIterationStarted MapIterationStarted MapIterationStarted "
             "TaskStateEntered TaskScheduled TaskStateEntered TaskScheduled TaskStateEntered "
             "TaskScheduled TaskStateEntered TaskScheduled TaskStarted TaskStarted TaskStarted "
             "TaskStarted TaskTimedOut TaskTimedOut TaskTimedOut TaskTimedOut MapIterationFailed "
             "TaskStateAborted MapIterationAborted TaskStateAborted MapIterationAborted "
             "TaskStateAborted MapIterationAborted TaskStateAborted MapStateFailed ExecutionFailed");
  BOOST_TEST(*h.events.back().error == "States.Timeout");
  check_golden(h, "map_iteration_timeout");
}

BOOST_AUTO_TEST_CASE(a_caught_failure_inside_an_iteration_lets_it_succeed_4_5b) {
  LocalDriver driver;
  driver.set_responder(Doubler{Duration::zero(), {1}});
  const std::string arn = driver.start(R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map",
      "ItemsPath":"$.items","ItemProcessor":{"StartAt":"Work","States":{
        "Work":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Fallback"}],"End":true},
        "Fallback":{"Type":"Pass","Result":"fallback","End":true}}},"End":true}}})",
                                       items(2));
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  BOOST_TEST(*h.events.back().output == Json::array({{{"doubled", 0}}, "fallback"}));
  BOOST_TEST(all_of(h, EventType::TaskStateAborted).empty());
}

BOOST_AUTO_TEST_CASE(tolerated_failures_let_the_map_succeed_until_the_threshold) {
  for (const auto& [tolerated, succeeds] : {std::pair{1, true}, std::pair{0, false}}) {
    LocalDriver driver;
    driver.set_responder(Doubler{Duration::zero(), {2}});
    const std::string arn = driver.start(
        map_over(R"("ToleratedFailureCount":)" + std::to_string(tolerated) + ","), items(4));
    driver.run();
    const History& h = history_of(driver, arn);
    BOOST_TEST((h.events.back().type == EventType::ExecutionSucceeded) == succeeds);
    if (succeeds) {
      BOOST_TEST((*h.events.back().output)[2]["Error"] == "Item.Bad");
    } else {
      BOOST_TEST(*h.events.back().error == "States.ExceedToleratedFailureThreshold");
    }
  }
}

BOOST_AUTO_TEST_CASE(a_failed_single_branch_parallel_passes_its_own_error_to_the_catcher) {
  LocalDriver driver;
  driver.set_responder([](LocalDriver& dr, const Delivery& d) {
    dr.engine().complete_integration(dr.now(), d.token, IntegrationResult::failure("Exception", "x"));
  });
  const std::string arn = driver.start(R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel",
      "Branches":[{"StartAt":"W","States":{"W":{"Type":"Task",
        "Resource":"arn:aws:states:::lambda:invoke","End":true}}}],
      "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
      "H":{"Type":"Pass","End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted ParallelStateEntered ParallelStateStarted TaskStateEntered "
             "TaskScheduled TaskStarted TaskFailed TaskStateAborted ParallelStateFailed "
             "ParallelStateExited PassStateEntered PassStateExited ExecutionSucceeded");
  BOOST_TEST((*h.events.back().output)["Error"] == "Exception");
  check_golden(h, "parallel_branch_failure_caught");
}

BOOST_AUTO_TEST_CASE(a_parallel_retry_repeats_parallel_state_started_4_4e) {
  LocalDriver driver;
  int calls = 0;
  driver.set_responder([&](LocalDriver& dr, const Delivery& d) {
    dr.engine().complete_integration(dr.now(), d.token,
                                     calls++ == 0 ? IntegrationResult::failure("Flaky", "")
                                                  : IntegrationResult::success(Json{{"ok", 1}}));
  });
  const std::string arn = driver.start(R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel",
      "Branches":[{"StartAt":"W","States":{"W":{"Type":"Task",
        "Resource":"arn:aws:states:::lambda:invoke","End":true}}}],
      "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":2}],"End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(all_of(h, EventType::ParallelStateStarted).size() == 2u);
  BOOST_TEST(all_of(h, EventType::ParallelStateEntered).size() == 1u);
  BOOST_TEST(*h.events.back().output == Json::array({{{"ok", 1}}}));
}

BOOST_AUTO_TEST_CASE(a_failing_branch_aborts_its_running_siblings) {
  LocalDriver driver;
  driver.set_responder([](LocalDriver& dr, const Delivery& d) {
    if (d.payload.value("fail", false)) {
      dr.after(Duration::seconds(1), [&dr, t = d.token] {
        dr.engine().complete_integration(dr.now(), t, IntegrationResult::failure("Bad", ""));
      });
    }
  });
  const std::string arn = driver.start(R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel",
      "Branches":[
        {"StartAt":"Slow","States":{"Slow":{"Type":"Wait","Seconds":60,"End":true}}},
        {"StartAt":"W","States":{"W":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "Parameters":{"fail":true},"End":true}}},
        {"StartAt":"Hang","States":{"Hang":{"Type":"Task",
          "Resource":"arn:aws:states:::lambda:invoke","End":true}}}],"End":true}}})",
                                       Json::object());
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(all_of(h, EventType::WaitStateAborted).size() == 1u);
  BOOST_TEST(all_of(h, EventType::TaskStateAborted).size() == 2u);
  BOOST_TEST(all_of(h, EventType::ParallelStateFailed).size() == 1u);
  BOOST_TEST(*h.events.back().error == "Bad");
  BOOST_TEST(seconds_at(h, h.events.back().id) == 1.0);
}

BOOST_AUTO_TEST_CASE(item_selector_sees_the_map_item_in_the_context_object) {
  LocalDriver driver;
  std::vector<Json> payloads;
  driver.set_responder([&](LocalDriver& dr, const Delivery& d) {
    payloads.push_back(d.payload);
    dr.engine().complete_integration(dr.now(), d.token, IntegrationResult::success(Json{}));
  });
  driver.start(R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",
      "ItemSelector":{"index.$":"$$.Map.Item.Index","value.$":"$$.Map.Item.Value","tag.$":"$.tag"},
      "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Task",
        "Resource":"arn:aws:states:::lambda:invoke","End":true}}},"End":true}}})",
               Json{{"tag", "t"}, {"items", {"a", "b"}}});
  driver.run();
  BOOST_TEST_REQUIRE(payloads.size() == 2u);
  // In the order AWS writes ".$" fields (REC-9).
  BOOST_TEST(payloads[1] == (Json{{"index", 1}, {"tag", "t"}, {"value", "b"}}));
}

BOOST_AUTO_TEST_CASE(an_empty_map_succeeds_with_an_empty_array) {
  LocalDriver driver;
  const std::string arn = driver.start(map_over(""), Json{{"items", Json::array()}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(joined(types(h)) ==
             "ExecutionStarted MapStateEntered MapStateStarted MapStateSucceeded MapStateExited "
             "ExecutionSucceeded");
  BOOST_TEST(*h.events.back().output == Json::array());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
