// The timeline page (docs/reports.md) in a real browser: `wfsim run|replay --timeline` pages of
// bundled scenarios opened in headless Chromium (Debian's chromium package). The page records
// what it drew, its self-test of zoom, wheel, drag and hover ("#selftest"), and any script error
// as data-* attributes of #wfsim-timeline, which these tests read from the dumped DOM; Chromium's
// console (stderr) must show no uncaught error; one page is also rendered to a PNG, kept in the
// build tree for a look (CI publishes it).
//
// Without Chromium the tests fail saying how to install it, unless WFSIM_SKIP_BROWSER=1 is set,
// which skips them. Every Chromium run has a hard time limit.
#include <boost/test/unit_test.hpp>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cli_test_support.h"

namespace wfsim::cli::test {
namespace {

constexpr double kBrowserSeconds = 90;

// $WFSIM_CHROMIUM, else chromium or chromium-browser on the PATH; "" when there is none.
std::string find_chromium() {
  if (const char* given = std::getenv("WFSIM_CHROMIUM"); given != nullptr && *given != '\0') {
    return given;
  }
  const char* path = std::getenv("PATH");
  std::string directories = path != nullptr ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= directories.size()) {
    const size_t end = std::min(directories.find(':', start), directories.size());
    const fs::path directory = directories.substr(start, end - start);
    for (const char* name : {"chromium", "chromium-browser"}) {
      if (!directory.empty() && ::access((directory / name).c_str(), X_OK) == 0) {
        return (directory / name).string();
      }
    }
    start = end + 1;
  }
  return "";
}

bool skip_asked() {
  const char* skip = std::getenv("WFSIM_SKIP_BROWSER");
  return skip != nullptr && std::string(skip) == "1";
}

// Skips a test only when asked to and Chromium is missing; a missing Chromium otherwise fails
// inside the test with the install command.
boost::test_tools::assertion_result browser_available(boost::unit_test::test_unit_id) {
  boost::test_tools::assertion_result ok(!(skip_asked() && find_chromium().empty()));
  ok.message() << "WFSIM_SKIP_BROWSER=1 and no chromium installed";
  return ok;
}

std::string require_chromium() {
  const std::string chromium = find_chromium();
  BOOST_REQUIRE_MESSAGE(!chromium.empty(),
                        "chromium is not installed: the timeline page is tested in a real "
                        "browser. Install it with `apt-get install -y chromium` (Debian "
                        "bookworm), or set WFSIM_SKIP_BROWSER=1 to skip this test");
  return chromium;
}

// Runs Chromium headless on `page` (a file URL with its fragment), in its own process group so
// that the whole browser goes if the time limit passes. Returns stdout; stderr goes to `log`.
std::string chromium(const std::string& binary, const std::vector<std::string>& mode,
                     const std::string& url, const Scratch& scratch, std::string& log) {
  static int runs = 0;
  const std::string id = std::to_string(++runs);
  std::vector<std::string> words = {binary,
                                    "--headless",
                                    "--no-sandbox",  // Root in CI containers.
                                    "--disable-gpu",
                                    "--disable-dev-shm-usage",
                                    "--disable-background-networking",
                                    "--no-first-run",
                                    "--no-default-browser-check",
                                    "--user-data-dir=" + (scratch / ("profile-" + id)).string(),
                                    "--enable-logging=stderr",
                                    "--v=0"};
  words.insert(words.end(), mode.begin(), mode.end());
  words.push_back(url);
  SpawnOptions options;
  options.timeout_seconds = kBrowserSeconds;
  options.own_process_group = true;
  const Exit exit = run_program(std::move(words), options);
  log = exit.err;
  BOOST_TEST_REQUIRE(exit.code < 128, "chromium was killed by signal " << exit.code - 128);
  BOOST_TEST_REQUIRE(exit.code == 0, "chromium exited with " << exit.code << " on " << url
                                                              << ":\n" << log);
  return exit.out;
}

// The value of attribute `name` on the page's #wfsim-timeline element in a dumped DOM.
std::string attribute(const std::string& dom, const std::string& name) {
  const size_t element = dom.find("id=\"wfsim-timeline\"");
  BOOST_REQUIRE_MESSAGE(element != std::string::npos, "no #wfsim-timeline in the DOM");
  // The tag ends at the first '>' outside a quoted value (values may hold '>').
  size_t end = element;
  for (bool quoted = false; end < dom.size() && (quoted || dom[end] != '>'); ++end) {
    if (dom[end] == '"') quoted = !quoted;
  }
  const std::string tag = dom.substr(element, end - element);
  const std::string key = " " + name + "=\"";
  const size_t at = tag.find(key);
  if (at == std::string::npos) return "";
  const size_t value = at + key.size();
  return tag.substr(value, tag.find('"', value) - value);
}

// "file:///abs/page.html#fragment".
std::string file_url(const std::string& page, const std::string& fragment = "") {
  std::string url = "file://";
  url += fs::absolute(page).string();
  if (!fragment.empty()) url += "#" + fragment;
  return url;
}

bool lists(const std::string& comma_separated, const std::string& item) {
  return contains("," + comma_separated + ",", "," + item + ",");
}

// A page loaded with its self-test: no script error, nothing uncaught on the console, and the
// zoom buttons, wheel, drag and hover all did what they should.
std::string load_and_self_test(const std::string& page, const Scratch& scratch) {
  const std::string binary = require_chromium();
  std::string log;
  const std::string dom =
      chromium(binary, {"--dump-dom"}, file_url(page, "selftest"), scratch, log);
  BOOST_TEST(attribute(dom, "data-errors") == "0", attribute(dom, "data-error-text"));
  BOOST_TEST(!contains(log, "Uncaught"), log);
  const std::string renders = attribute(dom, "data-rendered");
  BOOST_TEST((!renders.empty() && renders != "0"), "the page drew nothing: " << renders);
  BOOST_TEST(attribute(dom, "data-selftest") == "passed",
             attribute(dom, "data-selftest-detail"));
  return dom;
}

uint32_t big_endian(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

fs::path artifacts() {
  const fs::path directory = WFSIM_TIMELINE_ARTIFACTS;
  fs::create_directories(directory);
  return directory;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(timeline_browser, *boost::unit_test::precondition(&browser_available))

BOOST_AUTO_TEST_CASE(a_redriven_parallel_run_draws_its_lanes_and_markers_and_a_png) {
  const Scratch scratch("timeline-parallel");
  const std::string page = (artifacts() / "redrive-parallel-mixed.seed1.timeline.html").string();
  const Exit run = run_wfsim({"run", bundled("redrive-parallel-mixed.scenario.json"), "--seed",
                              "1", "--timeline", page});
  BOOST_REQUIRE_MESSAGE(run.code == 0, run.out << run.err);
  const std::string dom = load_and_self_test(page, scratch);
  const std::string lanes = attribute(dom, "data-lane-kinds");
  for (const char* kind : {"execution", "calls", "state", "branch", "worker"}) {
    BOOST_TEST(lists(lanes, kind), kind << " not in " << lanes);
  }
  const std::string markers = attribute(dom, "data-marker-kinds");
  for (const char* kind : {"api", "fault", "redrive", "report"}) {
    BOOST_TEST(lists(markers, kind), kind << " not in " << markers);
  }
  BOOST_TEST(lists(attribute(dom, "data-bar-outcomes"), "failed"));
  BOOST_TEST(lists(attribute(dom, "data-tick-fates"), "delivered"));
  for (const char* label : {"Provision \u25b8 branch 3: GrantAccess", "GrantAccess/2",
                            "scenario API calls", "WelcomeEmail"}) {
    BOOST_TEST(contains(dom, std::string(">") + label + "</text>"), label);
  }
  const std::string png = (artifacts() / "redrive-parallel-mixed.seed1.timeline.png").string();
  fs::remove(png);
  std::string log;
  chromium(require_chromium(), {"--screenshot=" + png, "--window-size=1400,1000"},
           file_url(page), scratch, log);
  BOOST_TEST(!contains(log, "Uncaught"), log);
  const std::string image = slurp(png);
  BOOST_REQUIRE(image.size() > 24U);
  BOOST_TEST(image.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  BOOST_TEST(big_endian(image, 16) == 1400U);  // IHDR width and height.
  BOOST_TEST(big_endian(image, 20) == 1000U);
  BOOST_TEST(image.size() > 30'000U, "a drawn page, not a blank one: " << image.size());
}

BOOST_AUTO_TEST_CASE(a_distributed_map_draws_its_map_run_and_child_lanes) {
  const Scratch scratch("timeline-map-run");
  const std::string page =
      (artifacts() / "sfn-distributed-map-json-batches.seed1.timeline.html").string();
  const Exit run = run_wfsim({"run", bundled("sfn-distributed-map-json-batches.scenario.json"),
                              "--seed", "1", "--timeline", page});
  BOOST_REQUIRE_MESSAGE(run.code == 0, run.out << run.err);
  const std::string dom = load_and_self_test(page, scratch);
  const std::string lanes = attribute(dom, "data-lane-kinds");
  for (const char* kind : {"map_run", "map_run_group", "map_run_child"}) {
    BOOST_TEST(lists(lanes, kind), kind << " not in " << lanes);
  }
  BOOST_TEST(contains(dom, ">succeeded: 3 of 3</text>"));
  BOOST_TEST(attribute(dom, "data-rows") == attribute(dom, "data-lane-count"));  // Unfolded.
}

BOOST_AUTO_TEST_CASE(a_temporal_run_draws_activity_lanes_attempts_and_crashed_workers) {
  const Scratch scratch("timeline-temporal");
  const std::string page = (scratch / "travel.html").string();
  const Exit run = run_wfsim({"run", bundled("temporal-book-travel-under-faults.scenario.json"),
                              "--seed", "3", "--timeline", page});
  BOOST_REQUIRE_MESSAGE(run.code == 0, run.out << run.err);
  const std::string dom = load_and_self_test(page, scratch);
  const std::string lanes = attribute(dom, "data-lane-kinds");
  for (const char* kind : {"execution", "activity", "branch", "worker"}) {
    BOOST_TEST(lists(lanes, kind), kind << " not in " << lanes);
  }
  const std::string outcomes = attribute(dom, "data-bar-outcomes");
  for (const char* outcome : {"succeeded", "failed", "timed_out", "crashed", "restarted"}) {
    BOOST_TEST(lists(outcomes, outcome), outcome << " not in " << outcomes);
  }
  BOOST_TEST(lists(attribute(dom, "data-marker-kinds"), "fault"));
  BOOST_TEST(contains(dom, ">1 QuoteFares</text>"));
  BOOST_TEST(contains(dom, ">step 2 \u25b8 branch 1</text>"));
}

BOOST_AUTO_TEST_CASE(a_failing_capsule_replay_highlights_the_violated_invariant) {
  const Scratch scratch("timeline-failing");
  const std::string capsule = (scratch / "c.capsule.json").string();
  const Exit run = run_wfsim({"run", bundled("mutants/heartbeats-past-task-timeout.scenario.json"),
                              "--seed", "0", "--mutant", "heartbeat-extends-task-timeout",
                              "--capsule", capsule});
  BOOST_REQUIRE_MESSAGE(run.code == 1, run.out << run.err);
  const std::string page = (artifacts() / "heartbeats-past-task-timeout.replay.html").string();
  const Exit replay = run_wfsim({"replay", capsule, "--timeline", page});
  BOOST_REQUIRE_MESSAGE(replay.code == 1, replay.out << replay.err);
  const std::string html = slurp(page);
  BOOST_TEST(contains(html, "sfn.hard_task_timeout"));
  BOOST_TEST(contains(html, "wfsim replay " + capsule));
  const std::string dom = load_and_self_test(page, scratch);
  BOOST_TEST(lists(attribute(dom, "data-marker-kinds"), "finding"));
  BOOST_TEST(attribute(dom, "data-finding-count") == "3");  // The invariant, two expectations.
  BOOST_TEST(contains(dom, "class=\"finding-ring\""));
  BOOST_TEST(contains(dom, " violated\""), "the violating event's items are outlined");
  // The self-test hovered the first finding: its details show the violating history event.
  const std::string hover = attribute(dom, "data-hover-text");
  BOOST_TEST(contains(hover, "sfn.hard_task_timeout"), hover);
  BOOST_TEST(contains(hover, "ActivitySucceeded"), hover);
}

BOOST_AUTO_TEST_CASE(workers_of_arn_keyed_resources_show_the_resource_name_and_the_arn_on_hover) {
  const Scratch scratch("timeline-arn");
  const std::string page = (artifacts() / "arn-workers.seed1.timeline.html").string();
  const Exit run = run_wfsim({"run", testdata("arn-workers.scenario.json").string(), "--seed",
                              "1", "--timeline", page});
  BOOST_REQUIRE_MESSAGE(run.code == 0, run.out << run.err);
  const std::string dom = load_and_self_test(page, scratch);
  // The lanes are labelled by the activity's and the function's names, never by the ARN.
  BOOST_TEST(contains(dom, ">resize-photo/1</text>"), "no resize-photo/1 label");
  BOOST_TEST((contains(dom, ">ship/1</text>") || contains(dom, ">ship/2</text>")));
  BOOST_TEST(!contains(dom, ">arn:aws:"), "a lane label is still an ARN");
  BOOST_TEST(contains(dom, "lane-label k-worker titled"));
  // The self-test hovered the first shortened label: its details show the full ARN.
  BOOST_TEST(contains(attribute(dom, "data-selftest-detail"), "lane-hover:ok"),
             attribute(dom, "data-selftest-detail"));
  const std::string hover = attribute(dom, "data-lane-hover-text");
  BOOST_TEST(contains(hover, "worker: arn:aws:"), hover);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::cli::test
