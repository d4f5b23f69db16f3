// Invariants 27-30 (Distributed Map Runs; DMAP-2.2, 4.1-4.3, 6.1, 6.2, 8.1, 8.5, 9.3, 11.1,
// 12.2): faithful runs with batches, tolerated failures and a Map Run redrive are clean; Map Run
// records edited by hand to show a succeeded child re-run, counters that do not add up, a run that
// succeeded beyond its tolerance or failed within it, and items lost or processed twice are
// violations.
#include "testing/check_harness.h"

namespace wfsim::check {
using namespace testing;

namespace {

constexpr std::string_view kRerun = "sfn.map_run_no_rerun_of_succeeded";
constexpr std::string_view kCounts = "sfn.map_run_counts";
constexpr std::string_view kTolerance = "sfn.map_run_tolerance";
constexpr std::string_view kItemsOnce = "sfn.map_run_items_once";

// Five items in batches of at most two: children of 2, 2 and 1 items.
const char* kBatches = R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",
    "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
      "StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}},
    "ItemBatcher":{"MaxItemsPerBatch":2},"Label":"Fan","End":true}}})";

// Item 2 fails in a Fail state; the tolerance comes in through `fields`.
std::string item_two_fails(const std::string& fields) {
  return R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",
    "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
      "StartAt":"Route","States":{
        "Route":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":2,"Next":"Bad"}],
                 "Default":"Good"},
        "Bad":{"Type":"Fail","Error":"Item.Bad"},
        "Good":{"Type":"Pass","End":true}}},)" +
         fields + R"("End":true}}})";
}

// One child at a time over three items, each a Lambda call; the second call fails.
const char* kShipOneByOne = R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map",
    "ItemsPath":"$.items","MaxConcurrency":1,
    "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
      "StartAt":"Ship","States":{"Ship":{"Type":"Task",
        "Resource":"arn:aws:states:::lambda:invoke","End":true}}},
    "End":true}}})";

const Json kThree = {{"items", {1, 2, 3}}};
const Json kFive = {{"items", {1, 2, 3, 4, 5}}};

// kShipOneByOne failed on its second item, then redriven and finished.
struct RedrivenRun {
  SfnRun run;
  RedrivenRun() {
    run.on_delivery(integration_script({std::nullopt, "Carrier.Down"}));
    run.start(kShipOneByOne, kThree);
    run.run();
    BOOST_REQUIRE(run.redrive().ok());
    run.run();
  }
};

// The observation with its Map Run records replaced by `runs`.
Observation with_runs(const SfnRun& run, const std::vector<Json>& runs) {
  Observation o = run.observation();
  o.map_runs = &runs;
  return o;
}

std::vector<Json> records(const SfnRun& run) { return *run.observation().map_runs; }

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_map_run_checks)

BOOST_AUTO_TEST_CASE(batches_tolerance_and_a_map_run_redrive_are_clean_on_the_engine) {
  SfnRun batches;
  batches.start(kBatches, kFive);
  batches.run();
  BOOST_TEST(batches.history().events.back().type == EventType::ExecutionSucceeded);
  const Observation o = batches.observation();
  BOOST_TEST_REQUIRE(o.map_runs->size() == 1u);
  BOOST_TEST(o.map_runs->front()["childExecutions"].size() == 3u);
  BOOST_TEST(!o.map_runs->front()["countLog"].empty());
  WFSIM_CHECK_CLEAN(o);

  RedrivenRun redriven;
  BOOST_TEST(redriven.run.history().events.back().type == EventType::ExecutionSucceeded);
  WFSIM_CHECK_CLEAN(redriven.run.observation());
}

BOOST_AUTO_TEST_CASE(a_redrive_that_reruns_a_succeeded_child_is_caught) {
  RedrivenRun redriven;
  std::vector<Json> runs = records(redriven.run);
  Json& first = runs.front()["childExecutions"][0];
  BOOST_TEST(first["starts"] == Json::array({0}));
  first["starts"].push_back(1);  // Started again by the first redrive, after it had succeeded.
  WFSIM_CHECK_VIOLATES(with_runs(redriven.run, runs), kRerun);
  // The failed child's second start is the redrive's business (DMAP-12.2).
  BOOST_TEST(records(redriven.run).front()["childExecutions"][1]["starts"] ==
             Json::array({0, 1}));
}

BOOST_AUTO_TEST_CASE(counters_that_do_not_add_up_are_caught_at_their_event) {
  SfnRun run;
  run.start(kBatches, kFive);
  run.run();
  std::vector<Json> runs = records(run);
  runs.front()["countLog"][3]["items"][0] = 9;  // Items pending beyond the total, mid-run.
  WFSIM_CHECK_VIOLATES(with_runs(run, runs), kCounts);
  runs = records(run);
  runs.front()["itemCounts"]["succeeded"] = 4;  // The end no longer adds up either.
  WFSIM_CHECK_VIOLATES(with_runs(run, runs), kCounts);
  runs = records(run);
  runs.front()["executionCounts"]["succeeded"] = 2;  // Nor agrees with the children.
  runs.front()["executionCounts"]["failed"] = 1;
  WFSIM_CHECK_VIOLATES(with_runs(run, runs), kCounts);
}

BOOST_AUTO_TEST_CASE(failures_equal_to_the_tolerated_count_are_tolerated_6_1) {
  SfnRun run;
  run.start(item_two_fails(R"("ToleratedFailureCount":1,)"), kThree);
  run.run();
  BOOST_TEST(run.history().events.back().type == EventType::ExecutionSucceeded);
  WFSIM_CHECK_CLEAN(run.observation());
  // Judged against a count of 0, the success breaks the threshold.
  std::vector<Json> runs = records(run);
  runs.front()["toleratedFailureCount"] = 0;
  WFSIM_CHECK_VIOLATES(with_runs(run, runs), kTolerance);
}

BOOST_AUTO_TEST_CASE(one_failure_in_three_exceeds_33_percent_but_not_34) {
  SfnRun run;
  run.start(item_two_fails(R"("ToleratedFailurePercentage":33,)"), kThree);
  run.run();
  const History& h = run.history();
  BOOST_TEST(h.events.back().type == EventType::ExecutionFailed);
  BOOST_TEST(*h.events.back().error == "States.ExceedToleratedFailureThreshold");
  WFSIM_CHECK_CLEAN(run.observation());
  std::vector<Json> runs = records(run);
  runs.front()["toleratedFailurePercentage"] = 34.0;  // 33.3 % would then be tolerated.
  WFSIM_CHECK_VIOLATES(with_runs(run, runs), kTolerance);
}

BOOST_AUTO_TEST_CASE(lost_or_doubled_items_and_batches_out_of_order_are_caught) {
  SfnRun run;
  run.start(kBatches, kFive);
  run.run();
  std::vector<Json> runs = records(run);
  runs.front()["childExecutions"].erase(2);  // The last batch never ran.
  runs.front()["itemCounts"]["total"] = 4;
  runs.front()["itemCounts"]["succeeded"] = 4;
  WFSIM_CHECK_VIOLATES(with_runs(run, runs), kItemsOnce);
  runs = records(run);
  runs.front()["childExecutions"][0]["starts"].push_back(0);  // Twice in one run.
  WFSIM_CHECK_VIOLATES(with_runs(run, runs), kItemsOnce);
  // A child whose batch holds items 3 and 4 where the first batch should.
  Observation o = run.observation();
  std::map<std::string, History> children = *o.child_histories;
  const std::string first = records(run).front()["childExecutions"][0]["executionArn"];
  children[first].events.front().input =
      std::make_shared<const Json>(Json{{"Items", {3, 4}}});
  o.child_histories = &children;
  WFSIM_CHECK_VIOLATES(o, kItemsOnce);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
