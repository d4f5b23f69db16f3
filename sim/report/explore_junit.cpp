// The JUnit XML report of a sweep (`wfsim explore --junit`, `wfsim merge --junit`); see
// explore_report.h and docs/reports.md. A testcase per scenario (failing when the scenario had a
// finding), per distinct failure and per nondeterministic seed, and an erroring one per scenario
// file that could not be loaded. `time` is the only field that differs between identical sweeps.
#include <cstdio>

#include "report/explore_report.h"
#include "report/explore_report_parts.h"

namespace wfsim::report {

using run::ExploreReport;
using run::FailureKey;
using run::FailureRecord;
using run::InvalidScenario;
using run::Nondeterminism;
using run::ScenarioTotals;
using run::SweptScenario;
using namespace detail;

namespace {

// The timeline page of a capsule's replay, next to the capsule (docs/reports.md).
std::string timeline_command(const std::string& capsule) {
  const std::string suffix = ".capsule.json";
  std::string page = capsule;
  if (page.size() > suffix.size() &&
      page.compare(page.size() - suffix.size(), suffix.size(), suffix) == 0) {
    page.resize(page.size() - suffix.size());
  }
  return "wfsim replay " + capsule + " --timeline " + page + ".timeline.html";
}

// What a CI reader needs to act on a failure: the lowest seed, the command that reproduces it,
// the capsule and how to see its timeline.
std::string failure_text(const FailureRecord& record) {
  if (record.capsule.empty()) {
    return std::to_string(record.seeds) + " failing seeds; the sweep was stopped before the " +
           "capsule of the lowest one was written (run the sweep again to get it)";
  }
  return "first failing seed " + std::to_string(record.first_seed) + " (" +
         std::to_string(record.seeds) + (record.seeds == 1 ? " failing seed" : " failing seeds") +
         ")\nreproduce: " + record.command + "\ncapsule:   " + record.capsule +
         "\ntimeline:  " + timeline_command(record.capsule);
}

std::string failure_title(const FailureKey& key) { return run::to_string(key.signature()); }

// The sweep as asked, for a reader of the XML alone.
std::string junit_properties(const ExploreReport& report) {
  const auto property = [](const char* name, const std::string& value) {
    return std::string("      <property name=\"") + name + "\" value=\"" + xml_escape(value) +
           "\"/>\n";
  };
  std::string mutants;
  for (const std::string& name : report.mutants) mutants += (mutants.empty() ? "" : ",") + name;
  return "    <properties>\n" + property("wfsim_version", report.version) +
         property("seed_start", std::to_string(report.seed_start)) +
         property("seeds_per_scenario", report.seeds_per_scenario
                                            ? std::to_string(*report.seeds_per_scenario)
                                            : "time budget") +
         property("shard", std::to_string(report.shard.index) + "/" +
                               std::to_string(report.shard.count)) +
         property("swarm", report.swarm ? "true" : "false") + property("mutants", mutants) +
         property("interrupted", report.interrupted ? "true" : "false") + "    </properties>\n";
}

// One testcase for a scenario, failing when any seed of it had a finding or was
// nondeterministic; its failure lists every distinct failure with its reproduce command.
std::string scenario_case(const ExploreReport& report, size_t index, size_t& failures) {
  const SweptScenario& explored = report.scenarios[index];
  const ScenarioTotals& totals = report.totals[index];
  std::string titles;
  std::string details;
  size_t found = 0;
  for (const auto& [key, record] : report.failures) {
    if (key.scenario != index || record.expected) continue;  // Demonstrated: not a failure.
    ++found;
    titles += (titles.empty() ? "" : ", ") + failure_title(key);
    details += "\n\n" + failure_title(key) + ": " + record.message + "\n" + failure_text(record);
  }
  for (const Nondeterminism& entry : report.nondeterminism) {
    if (entry.scenario != index) continue;
    ++found;
    titles += (titles.empty() ? "" : ", ") + std::string("nondeterminism");
    details += "\n\nnondeterminism at seed " + std::to_string(entry.seed) + ": " + entry.message +
               "\nreproduce: " + nondeterminism_command(report, entry);
  }
  std::string out = "    <testcase classname=\"wfsim.explore\" name=\"" +
                    xml_escape(explored.name) + "\">\n";
  if (found > 0) {
    ++failures;
    const std::string summary = std::to_string(found) +
                                (found == 1 ? " distinct failure: " : " distinct failures: ");
    out += "      <failure message=\"" + xml_escape(summary + titles) + "\" type=\"wfsim\">" +
           xml_escape(explored.file + details) + "</failure>\n";
  } else if (totals.seeds_run == 0) {
    out += "      <skipped message=\"no seed ran: the sweep was stopped first\"/>\n";
  }
  return out + "      <system-out>" +
         xml_escape(std::to_string(totals.seeds_run) + " seeds, " + sweep_description(report) +
                    ", " + explored.file) +
         "</system-out>\n    </testcase>\n";
}

// One erroring testcase per scenario file that could not be loaded, its text every problem.
std::string invalid_case(const InvalidScenario& invalid) {
  std::string problems;
  for (const scenario::FileProblem& problem : invalid.problems) {
    problems += (problems.empty() ? "" : "\n") + scenario::to_string(problem);
  }
  const std::string count = std::to_string(invalid.problems.size()) +
                            (invalid.problems.size() == 1 ? " problem" : " problems");
  return "    <testcase classname=\"wfsim.explore.invalid\" name=\"" + xml_escape(invalid.file) +
         "\">\n      <error message=\"" + xml_escape("invalid scenario, not run: " + count) +
         "\" type=\"invalid_scenario\">" + xml_escape(problems) + "</error>\n    </testcase>\n";
}

}  // namespace

std::string explore_junit(const ExploreReport& report) {
  std::string cases;
  size_t tests = 0;
  size_t failures = 0;
  size_t skipped = 0;
  for (size_t i = 0; i < report.scenarios.size(); ++i) {
    const std::string& name = report.scenarios[i].name;
    ++tests;
    skipped += report.totals[i].seeds_run == 0 ? 1 : 0;
    cases += scenario_case(report, i, failures);
    for (const auto& [key, record] : report.failures) {
      if (key.scenario != i) continue;
      ++tests;
      if (record.expected) {  // The scenario demonstrates it: a passing testcase that says so.
        cases += "    <testcase classname=\"wfsim.explore." + xml_escape(name) + "\" name=\"" +
                 xml_escape(failure_title(key)) + " (expected)\">\n      <system-out>" +
                 xml_escape(record.message + "\n" + failure_text(record)) +
                 "</system-out>\n    </testcase>\n";
        continue;
      }
      ++failures;
      cases += "    <testcase classname=\"wfsim.explore." + xml_escape(name) + "\" name=\"" +
               xml_escape(failure_title(key)) + "\">\n      <failure message=\"" +
               xml_escape(record.message) + "\" type=\"" + kind_name(record.kind) + "\">" +
               xml_escape(failure_text(record)) + "</failure>\n    </testcase>\n";
    }
    for (const Nondeterminism& entry : report.nondeterminism) {
      if (entry.scenario != i) continue;
      ++tests;
      ++failures;
      cases += "    <testcase classname=\"wfsim.explore." + xml_escape(name) +
               "\" name=\"nondeterminism at seed " + std::to_string(entry.seed) +
               "\">\n      <failure message=\"" + xml_escape(entry.message) +
               "\" type=\"nondeterminism\">" +
               xml_escape("reproduce: " + nondeterminism_command(report, entry)) +
               "</failure>\n    </testcase>\n";
    }
  }
  for (const InvalidScenario& invalid : report.invalid_scenarios) {
    ++tests;
    cases += invalid_case(invalid);
  }
  char time[32];
  std::snprintf(time, sizeof time, "%.3f", report.wall_seconds);
  const std::string counts =
      "tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
      "\" errors=\"" + std::to_string(report.invalid_scenarios.size()) + "\" skipped=\"" +
      std::to_string(skipped) + "\" time=\"" + time + "\"";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"wfsim explore\" " +
         counts + ">\n  <testsuite name=\"wfsim.explore\" " + counts + ">\n" +
         junit_properties(report) + cases + "  </testsuite>\n</testsuites>\n";
}

}  // namespace wfsim::report
