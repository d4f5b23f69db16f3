// The reports people read (docs/reports.md), end to end through the wfsim program: explore's
// --junit (well-formed XML, a testcase per scenario and per distinct failure, failures carrying a
// reproduce command that does reproduce), explore's --json (seeds, failures with capsules that
// replay, probes, fault counts, timing), a capsule and seed count per failure signature (and
// shrink keeping it), hostile scenario names in both, and the --timeline
// option of run and replay (byte-identical pages, a write error is exit 2).
#include <algorithm>
#include <sstream>

#include "cli_test_support.h"
#include "record/json.h"

namespace wfsim::cli::test {
namespace {

const std::string kShip = testdata("ship.scenario.json").string();
const std::string kSlow = testdata("slow-ship.scenario.json").string();
const std::string kMutant = "heartbeat-extends-task-timeout";

// Checks that `xml` is well-formed as far as a JUnit reader cares: one root, balanced and
// properly nested elements, quoted attributes, no raw '<' or stray '&' in text or values.
// Returns "" or what is wrong.
std::string xml_problem(const std::string& xml) {
  std::vector<std::string> open;
  size_t i = xml.rfind("?>", 200) == std::string::npos ? 0 : xml.find("?>") + 2;
  size_t roots = 0;
  const auto entity_ok = [&](size_t at) {
    for (const char* entity : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"}) {
      if (xml.compare(at, std::string(entity).size(), entity) == 0) return true;
    }
    return false;
  };
  while (i < xml.size()) {
    if (xml[i] == '&' && !entity_ok(i)) return "a stray & at " + std::to_string(i);
    if (xml[i] != '<') {
      ++i;
      continue;
    }
    const bool closing = xml[i + 1] == '/';
    size_t end = i + 1;
    for (bool quoted = false; end < xml.size() && (quoted || xml[end] != '>'); ++end) {
      if (xml[end] == '"') quoted = !quoted;
      if (quoted && xml[end] == '<') return "a raw < in an attribute at " + std::to_string(end);
      if (quoted && xml[end] == '&' && !entity_ok(end)) {
        return "a stray & at " + std::to_string(end);
      }
    }
    if (end >= xml.size()) return "an unterminated tag at " + std::to_string(i);
    const std::string tag = xml.substr(i + (closing ? 2 : 1), end - i - (closing ? 2 : 1));
    const std::string name = tag.substr(0, tag.find_first_of(" \n/"));
    if (closing) {
      if (open.empty() || open.back() != name) return "</" + name + "> closes nothing open";
      open.pop_back();
    } else if (tag.empty() || tag.back() != '/') {
      if (open.empty()) ++roots;
      open.push_back(name);
    }
    i = end + 1;
  }
  if (!open.empty()) return "<" + open.back() + "> never closed";
  return roots == 1 ? "" : "not exactly one root element";
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string attribute_of(const std::string& xml, const std::string& element,
                         const std::string& name) {
  const size_t at = xml.find("<" + element + " ");
  const size_t key = xml.find(" " + name + "=\"", at);
  const size_t value = key + name.size() + 3;
  return xml.substr(value, xml.find('"', value) - value);
}

// The words of a reproduce command line (wfsim's own paths have no spaces).
std::vector<std::string> words_after(const std::string& text, const std::string& prefix) {
  const size_t at = text.find(prefix);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, "no \"" << prefix << "\" in " << text);
  std::istringstream line(text.substr(at + prefix.size(), text.find('\n', at) - at -
                                                               prefix.size()));
  std::vector<std::string> words;
  for (std::string word; line >> word;) words.push_back(word);
  return words;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(junit_has_a_testcase_per_scenario_and_per_failure_whose_command_reproduces) {
  const Scratch scratch("report-junit");
  const Exit exit = run_wfsim({"explore", kSlow, kShip, "--seeds", "12", "--mutant", kMutant,
                               "--jobs", "2", "--out", (scratch / "out").string(), "--junit",
                               (scratch / "j.xml").string(), "--no-progress"});
  BOOST_TEST(exit.code == 1, exit.out << exit.err);
  const std::string junit = slurp(scratch / "j.xml");
  BOOST_TEST(xml_problem(junit) == "", junit);
  // Two scenarios and slow-ship's one distinct failure; slow-ship and its failure fail.
  BOOST_TEST(count(junit, "<testcase ") == 3U);
  BOOST_TEST(attribute_of(junit, "testsuites", "tests") == "3");
  BOOST_TEST(attribute_of(junit, "testsuites", "failures") == "2");
  BOOST_TEST(count(junit, "<failure ") == 2U);
  BOOST_TEST(contains(junit, "<testcase classname=\"wfsim.explore\" name=\"slow-ship\">\n"
                             "      <failure message=\"1 distinct failure: "
                             "sfn.hard_task_timeout at ActivitySucceeded on Ship\""));
  BOOST_TEST(contains(junit, "<testcase classname=\"wfsim.explore\" name=\"ship-heartbeats\">\n"
                             "      <system-out>"));
  BOOST_TEST(contains(junit, "<testcase classname=\"wfsim.explore.slow-ship\" "
                             "name=\"sfn.hard_task_timeout at ActivitySucceeded on Ship\">"));
  BOOST_TEST(contains(junit, "<property name=\"mutants\" value=\"" + kMutant + "\"/>"));
  // The failing testcase's reproduce command fails the same way; its capsule is on disk and
  // its timeline command writes the page.
  const std::vector<std::string> reproduce = words_after(junit, "reproduce: wfsim ");
  BOOST_TEST(reproduce[0] == "run");
  const Exit again = run_wfsim(reproduce);
  BOOST_TEST(again.code == 1);
  BOOST_TEST(contains(again.out, "VIOLATION sfn.hard_task_timeout"), again.out);
  const std::vector<std::string> capsule = words_after(junit, "capsule:   ");
  BOOST_TEST(fs::exists(capsule[0]));
  const std::vector<std::string> timeline = words_after(junit, "timeline:  wfsim ");
  BOOST_TEST((timeline == std::vector<std::string>{"replay", capsule[0], "--timeline",
                                                   timeline.back()}));
  BOOST_TEST(run_wfsim(timeline).code == 1);
  BOOST_TEST(contains(slurp(timeline.back()), "sfn.hard_task_timeout"));
}

BOOST_AUTO_TEST_CASE(json_has_seeds_failures_with_capsules_probes_fault_counts_and_timing) {
  const Scratch scratch("report-json");
  const Exit exit = run_wfsim({"explore", kSlow, kShip, "--seeds", "12", "--mutant", kMutant,
                               "--out", (scratch / "out").string(), "--json",
                               (scratch / "s.json").string(), "--no-progress"});
  BOOST_TEST(exit.code == 1, exit.out << exit.err);
  const Json summary = Json::parse(slurp(scratch / "s.json"));
  BOOST_TEST(summary["exit_code"] == 1);
  BOOST_TEST(summary["seeds"] == 24);
  uint64_t run = 0;
  for (const Json& scenario : summary["scenarios"]) {
    run += scenario["seeds_run"].get<uint64_t>();
    // Every fault kind, zeros too.
    BOOST_TEST(scenario["faults_injected"].size() == 15U);  // The 15 fault kinds.
    BOOST_TEST(scenario["probes"].size() > 0U);
  }
  BOOST_TEST(run == 24U);
  BOOST_REQUIRE(summary["failures"].size() == 1U);
  const Json& failure = summary["failures"][0];
  BOOST_TEST(failure["scenario"] == "slow-ship");
  BOOST_TEST(failure["kind"] == "invariant");
  BOOST_TEST(failure["seeds"].get<uint64_t>() >= 1U);
  const std::string capsule = failure["capsule"].get<std::string>();
  BOOST_TEST(fs::exists(capsule));
  const Exit replay = run_wfsim({"replay", capsule});
  BOOST_TEST(replay.code == 1);
  BOOST_TEST(contains(replay.out, "STILL FAILS: sfn.hard_task_timeout"), replay.out);
  BOOST_TEST(contains(failure["command"].get<std::string>(),
                      "--seed " + std::to_string(failure["first_seed"].get<uint64_t>())));
  // Fault counts add up over the scenarios; every probe says how many seeds reached it.
  for (const auto& [kind, total] : summary["faults_injected"].items()) {
    uint64_t sum = 0;
    for (const Json& scenario : summary["scenarios"]) {
      sum += scenario["faults_injected"][kind].get<uint64_t>();
    }
    BOOST_TEST(total.get<uint64_t>() == sum, kind);
  }
  BOOST_TEST(summary["faults_injected"]["heartbeat_drop"].get<uint64_t>() > 0U);
  for (const auto& [probe, reached] : summary["probes"].items()) {
    BOOST_TEST(reached["reached"] == (reached["seeds_reached"].get<uint64_t>() > 0), probe);
  }
  BOOST_TEST(summary["timing"]["wall_seconds"].is_number());
  BOOST_TEST(summary["timing"]["jobs"].get<unsigned>() >= 1U);
  BOOST_TEST(summary["nondeterminism"].empty());
  BOOST_TEST(summary["write_errors"].empty());
}

BOOST_AUTO_TEST_CASE(hostile_scenario_names_are_escaped_in_junit_and_json) {
  const Scratch scratch("report-names");
  const std::string name = "ship <b> & \"co\" 'ltd' </testcase>";
  const std::string scenario = (scratch / "hostile.scenario.json").string();
  std::ofstream(scenario) << Json{{"name", name},
                                  {"definition",
                                   Json::parse(slurp(testdata("definitions/ship.asl.json")))},
                                  {"resources", {{"Ship", {{"duration_seconds", 1}}}}},
                                  {"expect", {{"status", Json::array({"FAILED"})}}}}
                                 .dump();
  const Exit exit = run_wfsim({"explore", scenario, "--seeds", "2", "--out",
                               (scratch / "out").string(), "--junit", (scratch / "j.xml").string(),
                               "--json", (scratch / "s.json").string(), "--no-progress"});
  BOOST_TEST(exit.code == 1, exit.out << exit.err);
  // The checker itself bites on what an unescaped name would produce.
  BOOST_TEST(xml_problem("<a name=\"x & y\"/>") != "");
  BOOST_TEST(xml_problem("<a><b></a></b>") != "");
  const std::string junit = slurp(scratch / "j.xml");
  BOOST_TEST(xml_problem(junit) == "", junit);
  BOOST_TEST(contains(junit, "name=\"ship &lt;b&gt; &amp; &quot;co&quot; &apos;ltd&apos; "
                             "&lt;/testcase&gt;\""),
             junit);
  BOOST_TEST(count(junit, "<testcase ") == 2U);  // The scenario and its expect.status failure.
  const Json summary = Json::parse(slurp(scratch / "s.json"));
  BOOST_TEST(summary["failures"][0]["scenario"] == name);
  BOOST_TEST(summary["failures"][0]["invariant"] == "expect.status");
}

BOOST_AUTO_TEST_CASE(each_failure_signature_gets_its_capsule_and_seed_count_and_shrink_keeps_it) {
  // Pack and Ship time out after 10 s while their workers take 0 to 20 s: expect.status fails at
  // Pack on some seeds and at Ship on others, two failures of one expectation.
  const Scratch scratch("report-signatures");
  const std::string scenario = (scratch / "two-ways.scenario.json").string();
  const auto task = [](const char* activity, const char* next) {
    Json state = {{"Type", "Task"}, {"TimeoutSeconds", 10},
                  {"Resource", std::string("arn:aws:states:us-east-1:123456789012:activity:") +
                                   activity}};
    if (*next == '\0') {
      state["End"] = true;
    } else {
      state["Next"] = next;
    }
    return state;
  };
  const Json duration = {{"duration_seconds", {{"uniform", {0, 20}}}}};
  std::ofstream(scenario) << Json{{"name", "two-ways"},
                                  {"definition", {{"StartAt", "Pack"},
                                                  {"States", {{"Pack", task("pack", "Ship")},
                                                              {"Ship", task("ship", "")}}}}},
                                  {"resources", {{"Pack", duration}, {"Ship", duration}}},
                                  {"expect", {{"status", Json::array({"SUCCEEDED"})}}}}
                                 .dump();
  const Exit exit = run_wfsim({"explore", scenario, "--seeds", "40", "--out",
                               (scratch / "out").string(), "--json", (scratch / "s.json").string(),
                               "--no-progress"});
  BOOST_TEST_REQUIRE(exit.code == 1, exit.out << exit.err);
  const Json summary = Json::parse(slurp(scratch / "s.json"));
  BOOST_TEST_REQUIRE(summary["failures"].size() == 2U, summary["failures"].dump());
  uint64_t seeds = 0;
  for (const Json& failure : summary["failures"]) {
    const std::string signature = failure["signature"].get<std::string>();
    BOOST_TEST(contains(exit.out, "  " + signature + " in two-ways: "), exit.out);
    seeds += failure["seeds"].get<uint64_t>();
    BOOST_TEST(fs::exists(failure["capsule"].get<std::string>()));
  }
  BOOST_TEST(summary["failures"][0]["signature"] ==
             "expect.status FAILED on Pack after States.Timeout");
  BOOST_TEST(summary["failures"][1]["signature"] ==
             "expect.status FAILED on Ship after States.Timeout");
  BOOST_TEST(seeds == summary["scenarios"][0]["failing_seeds"].get<uint64_t>());
  // Shrinking the Ship capsule keeps Ship's failure: never Pack's, which is another one.
  const std::string capsule = summary["failures"][1]["capsule"].get<std::string>();
  const Exit shrink = run_wfsim({"shrink", capsule, "--out", (scratch / "s.shrunk.json").string()});
  BOOST_TEST(shrink.code == 1, shrink.out << shrink.err);
  BOOST_TEST(contains(shrink.out, "(expect.status FAILED on Ship after States.Timeout, seed "),
             shrink.out);
  BOOST_TEST(contains(shrink.out, "STILL FAILS: expect.status FAILED on Ship after "
                                  "States.Timeout: "),
             shrink.out);
}

BOOST_AUTO_TEST_CASE(run_and_replay_timelines_are_the_same_bytes_for_the_same_run) {
  const Scratch scratch("report-timeline");
  const std::string capsule = (scratch / "c.capsule.json").string();
  for (const char* page : {"a.html", "b.html"}) {
    const Exit exit = run_wfsim({"run", kSlow, "--seed", "3", "--mutant", kMutant, "--timeline",
                                 (scratch / page).string(), "--capsule", capsule});
    BOOST_TEST(exit.code == 1);
  }
  const std::string page = slurp(scratch / "a.html");
  BOOST_TEST(page == slurp(scratch / "b.html"));
  BOOST_TEST(page.rfind("<!DOCTYPE html>", 0) == 0U);
  BOOST_TEST(contains(page, "wfsim run " + kSlow + " --seed 3 --mutant " + kMutant));
  for (const char* page_name : {"r1.html", "r2.html"}) {
    BOOST_TEST(run_wfsim({"replay", capsule, "--timeline", (scratch / page_name).string()}).code ==
               1);
  }
  const std::string replayed = slurp(scratch / "r1.html");
  BOOST_TEST(replayed == slurp(scratch / "r2.html"));
  BOOST_TEST(contains(replayed, "wfsim replay " + capsule));
  // The same run, so the same embedded data apart from the reproduce command.
  const auto data = [](const std::string& html) {
    const size_t at = html.find("id=\"wfsim-timeline-data\">");
    Json parsed = Json::parse(html.substr(at + 25, html.find("</script>", at) - at - 25));
    parsed.erase("command");
    parsed["scenario"].erase("file");  // The scenario file, or for a replay the capsule.
    return parsed;
  };
  BOOST_TEST(data(page) == data(replayed));
}

BOOST_AUTO_TEST_CASE(a_timeline_that_cannot_be_written_is_exit_2) {
  const Scratch scratch("report-timeline-error");
  std::ofstream(scratch / "file") << "not a directory";
  const Exit exit = run_wfsim({"run", kShip, "--timeline", (scratch / "file" / "t.html").string()});
  BOOST_TEST(exit.code == 2);
  BOOST_TEST(contains(exit.err, (scratch / "file").string()), exit.err);
  BOOST_TEST(contains(exit.out, "result"), "the run itself ran: " << exit.out);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::cli::test
