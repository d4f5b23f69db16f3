// The timeline model and page (timeline.h) on real runs of bundled scenarios: lanes per state,
// Parallel branch, Map iteration, Temporal activity and worker; bars and their outcomes as the
// history and call log say; ticks per heartbeat call with its fate; findings at their event; the
// escaping of user data; byte-identical pages for one seed; thinning of very many ticks.
//
// Drawing the page in a real browser is sim/cli/timeline_browser_test.cpp.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/mutants.h"
#include "record/call_log.h"
#include "run/evaluate.h"
#include "scenario/scenario_test_support.h"
#include "report/timeline.h"
#include "report/timeline_model.h"
#include "report/timeline_page.h"

namespace wfsim::report::timeline {
namespace {

// These tests load bundled scenarios and judge their runs throughout.
using namespace ::wfsim::scenario;
using namespace ::wfsim::run;

std::filesystem::path bundled(const std::string& name) {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  const std::filesystem::path base = root != nullptr ? root : WFSIM_DEFAULT_SOURCE_DIR;
  return base / "scenarios" / name;
}

// One run of a scenario with its trace, judged, ready for a timeline.
struct Run {
  Scenario scenario;
  world::RunResult result;
  Evaluation evaluation;
  TimelineInput input() const {
    TimelineInput in;
    in.scenario = &scenario;
    in.result = &result;
    in.evaluation = &evaluation;
    in.command = "wfsim run " + scenario.file + " --seed " + std::to_string(result.seed);
    return in;
  }
};

Run run(Scenario scenario, uint64_t seed) {
  world::RunOptions options;
  options.seed = seed;
  options.record_trace = true;
  Run out{std::move(scenario), {}, {}};
  out.result = world::run(out.scenario.config, options);
  out.evaluation = evaluate(out.scenario, out.result);
  return out;
}

Run run_bundled(const std::string& name, uint64_t seed) {
  auto loaded = load_scenario(bundled(name));
  if (auto* problems = std::get_if<FileProblems>(&loaded)) BOOST_FAIL(test::render(*problems));
  return run(std::get<Scenario>(std::move(loaded)), seed);
}

const Json* lane_named(const Json& data, const std::string& label) {
  for (const Json& lane : data["lanes"]) {
    if (lane["label"] == label) return &lane;
  }
  return nullptr;
}

size_t lane_index(const Json& data, const std::string& label) {
  for (size_t i = 0; i < data["lanes"].size(); ++i) {
    if (data["lanes"][i]["label"] == label) return i;
  }
  BOOST_FAIL("no lane " + label);
  return 0;
}

// "kind:outcome" of the bars of a lane, in the order they were added.
std::vector<std::string> bars_of(const Json& data, size_t lane, const std::string& kind) {
  std::vector<std::string> out;
  for (const Json& bar : data["bars"]) {
    if (bar["lane"] == lane && bar["kind"] == kind) {
      out.push_back(bar["outcome"].get<std::string>());
    }
  }
  return out;
}

size_t count_markers(const Json& data, const std::string& kind) {
  return static_cast<size_t>(std::count_if(data["markers"].begin(), data["markers"].end(),
                                           [&](const Json& m) { return m["kind"] == kind; }));
}

using Outcomes = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(timeline)

BOOST_AUTO_TEST_CASE(a_parallel_gets_a_lane_per_branch_below_it_and_a_redrive_a_second_run) {
  const Run parallel = run_bundled("redrive-parallel-mixed.scenario.json", 1);
  const Json data = model_to_json(build_model(parallel.input()), parallel.input());
  BOOST_TEST(data["lanes"][0]["kind"] == "execution");
  BOOST_TEST(data["lanes"][1]["kind"] == "calls");
  const size_t provision = lane_index(data, "Provision");
  for (int branch = 1; branch <= 3; ++branch) {
    const std::string prefix = "Provision \u25b8 branch " + std::to_string(branch) + ": ";
    const Json* lane = nullptr;
    for (const Json& candidate : data["lanes"]) {
      if (candidate["label"].get<std::string>().rfind(prefix, 0) == 0) lane = &candidate;
    }
    BOOST_REQUIRE_MESSAGE(lane != nullptr, "no lane for branch " << branch);
    BOOST_TEST((*lane)["kind"] == "branch");
    BOOST_TEST((*lane)["parent"] == provision);
    BOOST_TEST((*lane)["depth"] == 1);
  }
  // The first run failed on GrantAccess's first attempt; the redrive re-ran only that branch.
  BOOST_TEST((bars_of(data, 0, "run") == Outcomes{"failed", "succeeded"}));
  const size_t grant = lane_index(data, "Provision \u25b8 branch 3: GrantAccess");
  // The branch runs GrantAccess then AuditGrant; the first GrantAccess failed.
  BOOST_TEST((bars_of(data, grant, "attempt") == Outcomes{"failed", "succeeded", "succeeded"}));
  BOOST_TEST((bars_of(data, grant, "state") == Outcomes{"aborted", "succeeded", "succeeded"}));
  const size_t billing = lane_index(data, "Provision \u25b8 branch 2: CreateBillingProfile");
  BOOST_TEST((bars_of(data, billing, "attempt") == Outcomes{"succeeded"}));
  BOOST_TEST(count_markers(data, "redrive") == 1U);
  BOOST_TEST(count_markers(data, "api") == 2U);  // StartExecution and RedriveExecution.
  BOOST_TEST(lane_named(data, "GrantAccess/2") != nullptr);
  BOOST_TEST((*lane_named(data, "GrantAccess/2"))["kind"] == "worker");
}

BOOST_AUTO_TEST_CASE(workers_of_resources_keyed_by_arn_are_labelled_by_the_resource_name) {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  const std::filesystem::path file = std::filesystem::path(root != nullptr
                                                               ? root
                                                               : WFSIM_DEFAULT_SOURCE_DIR) /
                                     "sim" / "scenario" / "testdata" / "arn-workers.scenario.json";
  auto loaded = load_scenario(file);
  if (auto* problems = std::get_if<FileProblems>(&loaded)) BOOST_FAIL(test::render(*problems));
  const Run arn = run(std::get<Scenario>(std::move(loaded)), 1);
  const Json data = model_to_json(build_model(arn.input()), arn.input());
  const std::string activity = "arn:aws:states:us-east-1:123456789012:activity:ship";
  const std::string function = "arn:aws:lambda:us-east-1:123456789012:function:resize-photo";
  const Json* resize = lane_named(data, "resize-photo/1");
  BOOST_REQUIRE(resize != nullptr);
  BOOST_TEST((*resize)["kind"] == "worker");
  BOOST_TEST((*resize)["title"] == function + "/1");
  bool ship = false;
  for (const Json& lane : data["lanes"]) {
    const std::string label = lane["label"].get<std::string>();
    BOOST_TEST(label.rfind("arn:", 0) != 0U, label);  // No label is an ARN any more.
    if (label.rfind("ship/", 0) == 0) {
      ship = true;
      BOOST_TEST(lane["title"] == activity + label.substr(4));
    }
  }
  BOOST_TEST(ship);
  // Workers keyed by a state name keep their name, with nothing to show on hover.
  const Run parallel = run_bundled("redrive-parallel-mixed.scenario.json", 1);
  const Json other = model_to_json(build_model(parallel.input()), parallel.input());
  BOOST_REQUIRE(lane_named(other, "GrantAccess/2") != nullptr);
  BOOST_TEST(!lane_named(other, "GrantAccess/2")->contains("title"));
}

BOOST_AUTO_TEST_CASE(map_iterations_keep_their_lane_across_a_redrive) {
  const Run map = run_bundled("redrive-map-mixed.scenario.json", 0);
  const Json data = model_to_json(build_model(map.input()), map.input());
  const size_t resize = lane_index(data, "ResizePhotos");
  for (int i = 0; i < 6; ++i) {
    const Json* lane = lane_named(data, "ResizePhotos [" + std::to_string(i) + "]");
    BOOST_REQUIRE_MESSAGE(lane != nullptr, "no lane for iteration " << i);
    BOOST_TEST((*lane)["kind"] == "iteration");
    BOOST_TEST((*lane)["parent"] == resize);
  }
  // Iteration 1 failed (Converter.NotReady) and succeeded after the redrive; 3 and 4 were
  // aborted by that failure; 0 and 2 succeeded once and did not run again.
  BOOST_TEST((bars_of(data, lane_index(data, "ResizePhotos [1]"), "iteration") ==
              Outcomes{"failed", "succeeded"}));
  BOOST_TEST((bars_of(data, lane_index(data, "ResizePhotos [3]"), "iteration") ==
              Outcomes{"aborted", "succeeded"}));
  BOOST_TEST((bars_of(data, lane_index(data, "ResizePhotos [0]"), "iteration") ==
              Outcomes{"succeeded"}));
}

BOOST_AUTO_TEST_CASE(temporal_activities_get_a_lane_each_with_a_bar_per_attempt) {
  const Run travel = run_bundled("temporal-book-travel-under-faults.scenario.json", 3);
  const Json data = model_to_json(build_model(travel.input()), travel.input());
  BOOST_TEST(data["lanes"][0]["label"] == "workflow wfsim-run");
  // QuoteFares: three attempts whose reports were lost timed out, the fourth completed; the
  // history keeps only the last, the call log has them all.
  const size_t quote = lane_index(data, "1 QuoteFares");
  BOOST_TEST((bars_of(data, quote, "attempt") ==
              Outcomes{"timed_out", "timed_out", "timed_out", "succeeded"}));
  BOOST_TEST((bars_of(data, quote, "activity") == Outcomes{"succeeded"}));
  for (const Json& bar : data["bars"]) {
    if (bar["lane"] == quote && bar["outcome"] == "timed_out") {
      BOOST_TEST(bar["refs"]["note"].get<std::string>().find("backoff") != std::string::npos);
      BOOST_TEST(bar["end"].get<int64_t>() > bar["started"].get<int64_t>());
    }
  }
  const Json* flight = lane_named(data, "2.1.1 BookFlight");
  BOOST_REQUIRE(flight != nullptr);
  BOOST_TEST(data["lanes"][(*flight)["parent"].get<size_t>()]["label"] ==
             "step 2 \u25b8 branch 1");
  BOOST_TEST((bars_of(data, lane_index(data, "3 ChargeTraveller"), "attempt") ==
              Outcomes{"failed", "timed_out", "succeeded"}));
  // A crash shows as the worker's task ending "crashed" and then a down bar until the restart.
  const size_t crashed = lane_index(data, "BookFlight/2");
  BOOST_TEST((bars_of(data, crashed, "work") == Outcomes{"crashed"}));
  BOOST_TEST((bars_of(data, crashed, "down") == Outcomes{"restarted"}));
}

BOOST_AUTO_TEST_CASE(each_heartbeat_call_is_a_tick_with_its_fate) {
  const Run throttled = run_bundled("sfn-heartbeat-throttling.scenario.json", 1);
  const Model model = build_model(throttled.input());
  size_t heartbeats = 0, dropped = 0, throttled_calls = 0, delayed = 0;
  for (const CallRecord& call : throttled.result.calls.records) {
    if (call.api != ApiCall::SendTaskHeartbeat) continue;
    ++heartbeats;
    dropped += call.dropped ? 1 : 0;
    throttled_calls += call.error && call.error->code == "ThrottlingException" ? 1 : 0;
    delayed += !call.dropped && call.time > call.sent ? 1 : 0;
  }
  const auto fates = [&](const std::string& fate) {
    return static_cast<size_t>(std::count_if(model.ticks.begin(), model.ticks.end(),
                                             [&](const Tick& t) { return t.fate == fate; }));
  };
  BOOST_TEST(model.ticks.size() == heartbeats);
  BOOST_TEST(dropped > 0U);
  BOOST_TEST(fates("dropped") == dropped);
  BOOST_TEST(throttled_calls > 0U);
  BOOST_TEST(fates("throttled") == throttled_calls);
  const size_t arrivals = static_cast<size_t>(std::count_if(
      model.ticks.begin(), model.ticks.end(), [](const Tick& t) { return t.arrive_us; }));
  BOOST_TEST(arrivals == delayed);
  BOOST_TEST(delayed > 0U);
  // Every fault of the schedule is a marker on its target worker's lane.
  size_t faults = 0;
  for (const Marker& marker : model.markers) {
    if (marker.kind != "fault") continue;
    ++faults;
    const auto& firing = throttled.result.schedule.firings.at(*marker.refs.fault);
    BOOST_TEST(model.lanes[marker.lane].label == firing.target);
  }
  BOOST_TEST(faults == throttled.result.schedule.firings.size());
}

BOOST_AUTO_TEST_CASE(a_finding_is_drawn_at_the_lane_and_time_of_its_event) {
  auto loaded = load_scenario(bundled("mutants/heartbeats-past-task-timeout.scenario.json"));
  BOOST_REQUIRE(std::holds_alternative<Scenario>(loaded));
  Scenario scenario = std::get<Scenario>(std::move(loaded));
  scenario.config.sfn_options.mutants.add(*parse_mutant("heartbeat-extends-task-timeout"));
  const Run failing = run(std::move(scenario), 0);
  BOOST_REQUIRE(failing.evaluation.has("sfn.hard_task_timeout"));
  const Model model = build_model(failing.input());
  const Json data = model_to_json(model, failing.input());
  const Json& finding = data["findings"][0];
  BOOST_TEST(finding["name"] == "sfn.hard_task_timeout");
  const int64_t event = finding["event_id"].get<int64_t>();
  BOOST_TEST(event > 0);
  const Place place = model.event_places.at(event);
  BOOST_TEST(finding["at"] == place.at_us);
  BOOST_TEST(data["lanes"][finding["lane"].get<size_t>()]["label"] ==
             model.lanes[place.lane].label);
  const HistoryEvent& violating = failing.result.history.at(event);
  BOOST_TEST(place.at_us == (violating.timestamp - failing.scenario.config.epoch).us());
  // The attempt bar that event closed refers to it, which is what the page outlines in red.
  bool referenced = false;
  for (const Bar& bar : model.bars) {
    referenced |= bar.kind == "attempt" &&
                  std::find(bar.refs.events.begin(), bar.refs.events.end(), event) !=
                      bar.refs.events.end();
  }
  BOOST_TEST(referenced);
}

BOOST_AUTO_TEST_CASE(user_data_is_escaped_in_the_page_text_and_in_the_embedded_json) {
  const std::string evil = "</script><script>alert(1)</script> & <!-- \u2028";
  Scenario scenario = test::load_ok(R"({"name": "plain", "definition": )" + test::kOneTask +
                                    R"(, "resources": {"Ship": {"duration_seconds": 1}}})");
  scenario.config.name = evil;
  scenario.config.input = Json{{"note", evil}};
  const Run hostile = run(std::move(scenario), 1);
  TimelineInput input = hostile.input();
  input.command = "wfsim run '" + evil + "'";
  const std::string page = timeline_html(input);
  BOOST_TEST(page.find("<script>alert") == std::string::npos);
  BOOST_TEST(page.find("<!--") == std::string::npos);
  // Exactly the page's own two script elements open and close.
  size_t closes = 0;
  for (size_t at = page.find("</script>"); at != std::string::npos;
       at = page.find("</script>", at + 1)) {
    ++closes;
  }
  BOOST_TEST(closes == 2U);
  BOOST_TEST(page.find("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp;") !=
             std::string::npos);
  // The embedded JSON reads back as the model.
  const std::string open = "id=\"wfsim-timeline-data\">";
  const size_t start = page.find(open) + open.size();
  const Json embedded = Json::parse(page.substr(start, page.find("</script>", start) - start));
  BOOST_TEST(embedded == model_to_json(build_model(input), input));
  BOOST_TEST(embedded["scenario"]["name"] == evil);
}

BOOST_AUTO_TEST_CASE(html_escape_replaces_markup_characters_and_invalid_utf8) {
  BOOST_TEST(html_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;");
  BOOST_TEST(html_escape("caf\xc3\xa9 \xe2\x96\xb8") == "caf\xc3\xa9 \xe2\x96\xb8");
  BOOST_TEST(html_escape("bad \xff\xc3 end\x01") == "bad \uFFFD\uFFFD end\uFFFD");
  BOOST_TEST(html_escape("\xed\xa0\x80") == "\uFFFD\uFFFD\uFFFD");  // A UTF-16 surrogate.
  BOOST_TEST(script_json(Json("</script>&")) == "\"\\u003c/script\\u003e\\u0026\"");
  BOOST_TEST(script_json(Json("\xe2\x80\xa8")) == "\"\\u2028\"");
}

BOOST_AUTO_TEST_CASE(one_seed_gives_the_same_page_byte_for_byte) {
  const Run first = run_bundled("sfn-order-processing.scenario.json", 7);
  const Run second = run_bundled("sfn-order-processing.scenario.json", 7);
  const std::string page = timeline_html(first.input());
  BOOST_TEST(page == timeline_html(second.input()));
  // Nothing is fetched: outside the embedded data (where the run's own URLs are text), the only
  // address is the SVG namespace's name, and nothing names a source to load.
  const std::string open = "id=\"wfsim-timeline-data\">";
  const size_t data_start = page.find(open);
  BOOST_REQUIRE(data_start != std::string::npos);
  const std::string outside =
      page.substr(0, data_start) + page.substr(page.find("</script>", data_start));
  for (size_t at = outside.find("http"); at != std::string::npos;
       at = outside.find("http", at + 1)) {
    BOOST_TEST(outside.compare(at, 26, "http://www.w3.org/2000/svg") == 0);
  }
  for (const char* loader : {" src=", "<link", "@import", "fetch(", "XMLHttpRequest", "url(h"}) {
    BOOST_TEST(outside.find(loader) == std::string::npos, loader);
  }
}

BOOST_AUTO_TEST_CASE(beyond_the_cap_delivered_ticks_are_thinned_and_every_other_tick_kept) {
  // About 50,000 one-second heartbeats, one in a hundred dropped.
  Scenario scenario = test::load_ok(R"({"definition": {"StartAt": "Crunch", "States": {
      "Crunch": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:c",
                 "TimeoutSeconds": 60000, "HeartbeatSeconds": 30, "End": true}}},
    "resources": {"Crunch": {"duration_seconds": 50000, "heartbeat_every_seconds": 1}},
    "faults": {"rates": {"heartbeat_drop": "1/100"}}})");
  const Run long_run = run(std::move(scenario), 1);
  const Model model = build_model(long_run.input());
  size_t heartbeats = 0, dropped = 0;
  for (const CallRecord& call : long_run.result.calls.records) {
    heartbeats += call.api == ApiCall::SendTaskHeartbeat ? 1 : 0;
    dropped += call.api == ApiCall::SendTaskHeartbeat && call.dropped ? 1 : 0;
  }
  BOOST_REQUIRE(heartbeats > kMaxTicks);
  BOOST_TEST(model.ticks.size() == kMaxTicks);
  BOOST_TEST(model.ticks_omitted == heartbeats - kMaxTicks);
  const size_t kept_dropped = static_cast<size_t>(std::count_if(
      model.ticks.begin(), model.ticks.end(), [](const Tick& t) { return t.fate == "dropped"; }));
  BOOST_TEST(dropped > 0U);
  BOOST_TEST(kept_dropped == dropped);
  BOOST_TEST(std::is_sorted(model.ticks.begin(), model.ticks.end(),
                            [](const Tick& a, const Tick& b) { return a.at_us < b.at_us; }));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::report::timeline
