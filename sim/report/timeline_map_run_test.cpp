// The timeline's Map Run lanes (timeline_map_runs.cpp): a Distributed Map's run below its state,
// its children grouped by status with counts that add up, each child linked to its own history
// (or saying it was not kept), and a 10,000-child run that stays a few rows until unfolded.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "run/evaluate.h"
#include "scenario/scenario_test_support.h"
#include "report/timeline.h"
#include "report/timeline_model.h"

namespace wfsim::report::timeline {
namespace {

using namespace ::wfsim::scenario;

struct MapRunCase {
  Scenario scenario;
  world::RunResult result;
  run::Evaluation evaluation;
  TimelineInput input() const {
    TimelineInput in;
    in.scenario = &scenario;
    in.result = &result;
    in.evaluation = &evaluation;
    return in;
  }
};

MapRunCase run_case(Scenario scenario, uint64_t seed) {
  world::RunOptions options;
  options.seed = seed;
  MapRunCase out{std::move(scenario), {}, {}};
  out.result = world::run(out.scenario.config, options);
  out.evaluation = run::evaluate(out.scenario, out.result);
  return out;
}

// A Distributed Map over `items` numbers whose child is one Pass state.
Scenario fan_out(int items, bool keep_histories) {
  Json numbers = Json::array();
  for (int i = 0; i < items; ++i) numbers.push_back(i);
  const Json definition = Json::parse(R"json({"StartAt": "Fan", "States": {"Fan": {"Type": "Map",
      "Label": "Fan", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED",
      "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Pass",
      "End": true}}}, "ResultSelector": {"n.$": "States.ArrayLength($)"}, "End": true}}})json");
  const Json scenario = {{"name", "fan-out"}, {"definition", definition}, {"input", numbers}};
  Scenario loaded = test::load_ok(scenario.dump());
  loaded.config.sfn_options.keep_map_run_child_histories = keep_histories;
  return loaded;
}

std::vector<size_t> lanes_of(const Model& model, LaneKind kind) {
  std::vector<size_t> out;
  for (size_t i = 0; i < model.lanes.size(); ++i) {
    if (model.lanes[i].kind == kind) out.push_back(i);
  }
  return out;
}

// The child lanes below `lane`, at any depth.
size_t children_below(const Model& model, size_t lane) {
  size_t count = 0;
  for (const size_t child : lanes_of(model, LaneKind::map_run_child)) {
    for (size_t up = model.lanes[child].parent; up != kNoLane; up = model.lanes[up].parent) {
      if (up == lane) {
        ++count;
        break;
      }
    }
  }
  return count;
}

std::filesystem::path bundled(const std::string& name) {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  const std::filesystem::path base = root != nullptr ? root : WFSIM_DEFAULT_SOURCE_DIR;
  return base / "scenarios" / name;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(timeline_map_runs)

BOOST_AUTO_TEST_CASE(a_map_run_is_a_lane_below_its_state_with_children_by_status) {
  auto loaded = load_scenario(bundled("sfn-distributed-map-json-batches.scenario.json"));
  BOOST_REQUIRE(std::holds_alternative<Scenario>(loaded));
  const MapRunCase run = run_case(std::get<Scenario>(std::move(loaded)), 1);
  const Model model = build_model(run.input());
  const auto runs = lanes_of(model, LaneKind::map_run);
  BOOST_REQUIRE_EQUAL(runs.size(), 1U);
  const Lane& lane = model.lanes[runs[0]];
  BOOST_REQUIRE(lane.parent != kNoLane);
  BOOST_TEST(model.lanes[lane.parent].label == "RenderAlbum");
  BOOST_TEST(lane.title.find(":mapRun:") != std::string::npos);
  // Three batches, all succeeded at seed 1; a small run is not folded.
  const auto groups = lanes_of(model, LaneKind::map_run_group);
  BOOST_REQUIRE_EQUAL(groups.size(), 1U);
  BOOST_TEST(model.lanes[groups[0]].label == "succeeded: 3 of 3");
  BOOST_TEST(!model.lanes[groups[0]].folded);
  BOOST_TEST(children_below(model, groups[0]) == 3U);
  size_t linked = 0;
  for (const Bar& bar : model.bars) {
    if (bar.kind != "child") continue;
    BOOST_TEST(bar.outcome == "succeeded");
    BOOST_TEST(run.result.child_histories.contains(bar.refs.child));
    ++linked;
  }
  BOOST_TEST(linked == 3U);
  const Json data = model_to_json(model, run.input());
  BOOST_TEST(data["child_histories"].size() == 3U);
  for (const auto& [arn, rows] : data["child_histories"].items()) {
    BOOST_TEST(rows.front()[1] == "ExecutionStarted");
    BOOST_TEST(rows.back()[1] == "ExecutionSucceeded");
  }
}

BOOST_AUTO_TEST_CASE(ten_thousand_children_stay_a_few_rows_until_unfolded) {
  const MapRunCase run = run_case(fan_out(10'000, false), 0);
  BOOST_REQUIRE_EQUAL(run.result.final_status, "SUCCEEDED");
  const Model model = build_model(run.input());
  const auto groups = lanes_of(model, LaneKind::map_run_group);
  BOOST_REQUIRE_EQUAL(groups.size(), 1U);
  BOOST_TEST(model.lanes[groups[0]].folded);
  BOOST_TEST(model.lanes[groups[0]].label == "succeeded: 10000 of 10000");
  // The counts add up: every child has a lane below its group, and the buckets count them all.
  BOOST_TEST(children_below(model, groups[0]) == 10'000U);
  BOOST_TEST(lanes_of(model, LaneKind::map_run_child).size() == 10'000U);
  size_t bucketed = 0;
  size_t buckets = 0;
  for (const Bar& bar : model.bars) {
    if (bar.kind != "bucket") continue;
    bucketed += std::stoul(bar.label);
    ++buckets;
  }
  BOOST_TEST(bucketed == 10'000U);
  BOOST_TEST(buckets <= static_cast<size_t>(kMapRunBuckets));
  // Folded: execution, calls, the state, the run and its group.
  const size_t rows = drawn_lanes(model, {}).size();
  BOOST_TEST(rows <= 6U);
  // Unfolding the group shows its pages, unfolding a page its hundred children.
  const auto pages = lanes_of(model, LaneKind::map_run_page);
  BOOST_TEST(pages.size() == 100U);
  BOOST_TEST(drawn_lanes(model, {groups[0]}).size() == rows + 100U);
  BOOST_TEST(drawn_lanes(model, {groups[0], pages[3]}).size() == rows + 100U + kMapRunPageSize);
  BOOST_TEST(drawn_lanes(model, {pages[3]}).size() == rows);  // Its group is still folded.
  // Histories were not kept: each child says so and shows the Map Run's record instead.
  const Json data = model_to_json(model, run.input());
  BOOST_TEST(data["child_histories"].empty());
  size_t not_kept = 0;
  for (const Bar& bar : model.bars) {
    if (bar.kind != "child") continue;
    BOOST_TEST(bar.refs.child.empty());
    BOOST_TEST(!bar.open);
    not_kept += bar.refs.note.find("history was not kept") != std::string::npos ? 1 : 0;
  }
  BOOST_TEST(not_kept == 10'000U);
}

BOOST_AUTO_TEST_CASE(kept_histories_are_embedded_within_the_page_budget) {
  const MapRunCase run = run_case(fan_out(30, true), 0);
  const Model model = build_model(run.input());
  const Json data = model_to_json(model, run.input());
  BOOST_TEST(data["child_histories"].size() == 30U);
  // More than kMapRunUnfolded children: the group starts folded, its lanes carry "folded".
  size_t folded = 0;
  for (const Json& lane : data["lanes"]) folded += lane.value("folded", false) ? 1 : 0;
  BOOST_TEST(folded == 1U);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::report::timeline
