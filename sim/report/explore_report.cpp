// The reports of a sweep; see explore_report.h.
#include "report/explore_report.h"

#include <cstdio>
#include <ostream>

namespace wfsim::report {

using run::ExploreReport;
using run::ExploreScenario;
using run::FailureKey;
using run::FailureRecord;
using run::Finding;
using run::ScenarioTotals;
using run::Nondeterminism;
using run::SeedDigest;

namespace {

const char* kind_name(Finding::Kind kind) {
  switch (kind) {
    case Finding::Kind::invariant:
      return "invariant";
    case Finding::Kind::expectation:
      return "expectation";
    case Finding::Kind::liveness:
      return "liveness";
  }
  return "?";
}

std::string padded(std::string text, size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text;
}

std::string right(const std::string& text, size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

uint64_t total_seeds(const ExploreReport& report) {
  uint64_t seeds = 0;
  for (const ScenarioTotals& totals : report.totals) seeds += totals.seeds_run;
  return seeds;
}

std::array<uint64_t, world::kFaultKindCount> total_faults(const ExploreReport& report) {
  std::array<uint64_t, world::kFaultKindCount> faults{};
  for (const ScenarioTotals& totals : report.totals) {
    for (size_t k = 0; k < faults.size(); ++k) faults[k] += totals.faults[k];
  }
  return faults;
}

// Probe -> seeds that reached it, over every scenario.
std::map<std::string, uint64_t> total_probes(const ExploreReport& report) {
  std::map<std::string, uint64_t> probes;
  for (const ScenarioTotals& totals : report.totals) {
    for (const auto& [probe, seeds] : totals.probes) probes[probe] += seeds;
  }
  return probes;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters other than tab and newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string sweep_description(const ExploreReport& report) {
  std::string text;
  if (report.seeds_per_scenario) {
    const uint64_t last = *report.seeds_per_scenario - 1 > UINT64_MAX - report.seed_start
                              ? UINT64_MAX
                              : report.seed_start + *report.seeds_per_scenario - 1;
    text = "seeds " + std::to_string(report.seed_start) + ".." + std::to_string(last);
  } else {
    char budget[32];
    std::snprintf(budget, sizeof budget, "%g", report.time_budget_seconds.value_or(0));
    text = "seeds from " + std::to_string(report.seed_start) + " for " + budget + " s";
  }
  text += ", shard " + std::to_string(report.shard.index) + "/" +
          std::to_string(report.shard.count) + ", swarm " + (report.swarm ? "on" : "off");
  text += ", mutants ";
  if (report.mutants.empty()) text += "none";
  for (size_t i = 0; i < report.mutants.size(); ++i) text += (i ? "," : "") + report.mutants[i];
  return text;
}

void print_failures(std::ostream& out, const ExploreReport& report,
                    const std::vector<ExploreScenario>& scenarios) {
  out << "\nfailures by invariant\n";
  if (report.failures.empty()) out << "  none\n";
  for (const auto& [key, record] : report.failures) {
    out << "  " << key.name << (key.event_type.empty() ? "" : " at " + key.event_type) << " in "
        << scenarios[key.scenario].scenario.config.name << ": " << record.seeds
        << (record.seeds == 1 ? " seed" : " seeds");
    if (record.capsule.empty()) {
      out << " (interrupted before its capsule was written)\n";
      continue;
    }
    out << ", first " << record.first_seed << "\n    " << record.message << "\n"
        << "    reproduce: " << record.command << "\n"
        << "    capsule:   " << record.capsule << "\n";
  }
}

// The command that runs a seed twice and compares the traces: how to see a nondeterminism again.
std::string nondeterminism_command(const ExploreReport& report,
                                   const std::vector<ExploreScenario>& scenarios,
                                   const Nondeterminism& entry) {
  return scenario::reproduce_command(scenarios[entry.scenario].file, entry.seed, report.swarm,
                                     report.mutants) +
         " --check-determinism";
}

}  // namespace

void print_explore_table(std::ostream& out, const ExploreReport& report,
                         const std::vector<ExploreScenario>& scenarios) {
  out << "wfsim " << scenario::wfsim_version() << " explore: " << scenarios.size()
      << " scenarios, " << sweep_description(report) << "\n\n";
  out << padded("scenario", 40) << right("seeds", 8) << right("failing", 9)
      << right("liveness", 10) << right("events", 14) << "\n";
  for (size_t i = 0; i < scenarios.size(); ++i) {
    const ScenarioTotals& totals = report.totals[i];
    out << padded(scenarios[i].scenario.config.name, 40)
        << right(std::to_string(totals.seeds_run), 8)
        << right(std::to_string(totals.failing_seeds), 9)
        << right(std::to_string(totals.liveness_seeds), 10)
        << right(std::to_string(totals.events), 14) << "\n";
  }
  print_failures(out, report, scenarios);
  out << "\nfaults injected by kind\n";
  const auto faults = total_faults(report);
  for (size_t k = 0; k < faults.size(); ++k) {
    out << "  " << padded(std::string(world::to_string(static_cast<world::FaultKind>(k))), 26)
        << right(std::to_string(faults[k]), 12) << "\n";
  }
  out << "\nsometimes probes (seeds that reached each)\n";
  const uint64_t seeds = total_seeds(report);
  for (const auto& [probe, reached] : total_probes(report)) {
    out << "  " << padded(probe, 34)
        << (reached == 0 ? std::string("NOT REACHED")
                         : std::to_string(reached) + " of " + std::to_string(seeds))
        << "\n";
  }
  for (const Nondeterminism& entry : report.nondeterminism) {
    out << "\nNONDETERMINISM in " << scenarios[entry.scenario].scenario.config.name << " seed "
        << entry.seed << ": " << entry.message
        << "\n  reproduce: " << nondeterminism_command(report, scenarios, entry) << "\n";
  }
  for (const std::string& error : report.write_errors) out << "\nWRITE ERROR: " << error << "\n";
  char timing[96];
  std::snprintf(timing, sizeof timing, "%.2f s wall, %u jobs", report.wall_seconds, report.jobs);
  out << "\n" << (report.interrupted ? "INTERRUPTED after " : "") << seeds << " seeds, "
      << report.failures.size() << " distinct failures; " << timing << "\n";
}

std::string explore_summary_json(const ExploreReport& report,
                                 const std::vector<ExploreScenario>& scenarios) {
  Json out = Json::object();
  out["wfsim_explore"] = 1;
  out["version"] = std::string(scenario::wfsim_version());
  out["seed_start"] = report.seed_start;
  out["seeds_per_scenario"] =
      report.seeds_per_scenario ? Json(*report.seeds_per_scenario) : Json(nullptr);
  out["time_budget_seconds"] =
      report.time_budget_seconds ? Json(*report.time_budget_seconds) : Json(nullptr);
  out["shard"] = Json{{"index", report.shard.index}, {"count", report.shard.count}};
  out["swarm"] = report.swarm;
  out["mutants"] = report.mutants;
  out["out"] = report.out_dir;
  out["interrupted"] = report.interrupted;
  out["exit_code"] = report.exit_code;
  out["seeds"] = total_seeds(report);
  Json list = Json::array();
  for (size_t i = 0; i < scenarios.size(); ++i) {
    const ScenarioTotals& totals = report.totals[i];
    Json faults = Json::object();
    for (size_t k = 0; k < world::kFaultKindCount; ++k) {
      faults[std::string(world::to_string(static_cast<world::FaultKind>(k)))] = totals.faults[k];
    }
    list.push_back(Json{{"name", scenarios[i].scenario.config.name},
                        {"file", scenarios[i].file},
                        {"dialect", std::string(scenario::to_string(
                                        scenarios[i].scenario.config.dialect))},
                        {"seeds_run", totals.seeds_run},
                        {"failing_seeds", totals.failing_seeds},
                        {"liveness_seeds", totals.liveness_seeds},
                        {"events", totals.events},
                        {"faults_injected", faults},
                        {"probes", totals.probes}});
  }
  out["scenarios"] = std::move(list);
  Json failures = Json::array();
  for (const auto& [key, record] : report.failures) {
    failures.push_back(Json{{"scenario", scenarios[key.scenario].scenario.config.name},
                            {"file", scenarios[key.scenario].file},
                            {"invariant", key.name},
                            {"event_type", key.event_type},
                            {"kind", kind_name(record.kind)},
                            {"first_seed", record.capsule.empty() ? Json(nullptr)
                                                                  : Json(record.first_seed)},
                            {"seeds", record.seeds},
                            {"event_id", record.event_id},
                            {"message", record.message},
                            {"capsule", record.capsule.empty() ? Json(nullptr)
                                                               : Json(record.capsule)},
                            {"command", record.command}});
  }
  out["failures"] = std::move(failures);
  Json faults = Json::object();
  const auto fault_totals = total_faults(report);
  for (size_t k = 0; k < fault_totals.size(); ++k) {
    faults[std::string(world::to_string(static_cast<world::FaultKind>(k)))] = fault_totals[k];
  }
  out["faults_injected"] = std::move(faults);
  Json probes = Json::object();
  for (const auto& [probe, reached] : total_probes(report)) {
    probes[probe] = Json{{"seeds_reached", reached}, {"reached", reached > 0}};
  }
  out["probes"] = std::move(probes);
  Json nondeterminism = Json::array();
  for (const Nondeterminism& entry : report.nondeterminism) {
    nondeterminism.push_back(Json{{"scenario", scenarios[entry.scenario].scenario.config.name},
                                  {"file", scenarios[entry.scenario].file},
                                  {"seed", entry.seed}, {"message", entry.message},
                                  {"command", nondeterminism_command(report, scenarios, entry)}});
  }
  out["nondeterminism"] = std::move(nondeterminism);
  out["write_errors"] = report.write_errors;
  out["timing"] = Json{{"wall_seconds", report.wall_seconds}, {"jobs", report.jobs}};
  return out.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string explore_digests_text(const ExploreReport& report,
                                 const std::vector<ExploreScenario>& scenarios) {
  std::string out;
  for (const SeedDigest& entry : report.digests) {
    out += scenarios[entry.scenario].scenario.config.name + "\t" + std::to_string(entry.seed) +
           "\t" + (entry.wall_time_exceeded ? "wall-time" : scenario::digest_hex(entry.digest)) +
           "\n";
  }
  return out;
}

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

std::string failure_title(const FailureKey& key) {
  return key.name + (key.event_type.empty() ? "" : " at " + key.event_type);
}

// The sweep as asked, for a reader of the XML alone.
std::string junit_properties(const ExploreReport& report) {
  const auto property = [](const char* name, const std::string& value) {
    return std::string("      <property name=\"") + name + "\" value=\"" + xml_escape(value) +
           "\"/>\n";
  };
  std::string mutants;
  for (const std::string& name : report.mutants) mutants += (mutants.empty() ? "" : ",") + name;
  return "    <properties>\n" + property("wfsim_version", std::string(scenario::wfsim_version())) +
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
std::string scenario_case(const ExploreReport& report,
                          const std::vector<ExploreScenario>& scenarios, size_t index,
                          size_t& failures) {
  const ExploreScenario& explored = scenarios[index];
  const ScenarioTotals& totals = report.totals[index];
  std::string titles;
  std::string details;
  size_t found = 0;
  for (const auto& [key, record] : report.failures) {
    if (key.scenario != index) continue;
    ++found;
    titles += (titles.empty() ? "" : ", ") + failure_title(key);
    details += "\n\n" + failure_title(key) + ": " + record.message + "\n" + failure_text(record);
  }
  for (const Nondeterminism& entry : report.nondeterminism) {
    if (entry.scenario != index) continue;
    ++found;
    titles += (titles.empty() ? "" : ", ") + std::string("nondeterminism");
    details += "\n\nnondeterminism at seed " + std::to_string(entry.seed) + ": " + entry.message +
               "\nreproduce: " + nondeterminism_command(report, scenarios, entry);
  }
  std::string out = "    <testcase classname=\"wfsim.explore\" name=\"" +
                    xml_escape(explored.scenario.config.name) + "\">\n";
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

}  // namespace

std::string explore_junit(const ExploreReport& report,
                          const std::vector<ExploreScenario>& scenarios) {
  std::string cases;
  size_t tests = 0;
  size_t failures = 0;
  size_t skipped = 0;
  for (size_t i = 0; i < scenarios.size(); ++i) {
    const std::string name = scenarios[i].scenario.config.name;
    ++tests;
    skipped += report.totals[i].seeds_run == 0 ? 1 : 0;
    cases += scenario_case(report, scenarios, i, failures);
    for (const auto& [key, record] : report.failures) {
      if (key.scenario != i) continue;
      ++tests;
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
               xml_escape("reproduce: " + nondeterminism_command(report, scenarios, entry)) +
               "</failure>\n    </testcase>\n";
    }
  }
  char time[32];
  std::snprintf(time, sizeof time, "%.3f", report.wall_seconds);
  const std::string counts = "tests=\"" + std::to_string(tests) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"0\" skipped=\"" +
                             std::to_string(skipped) + "\" time=\"" + time + "\"";
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"wfsim explore\" " +
         counts + ">\n  <testsuite name=\"wfsim.explore\" " + counts + ">\n" +
         junit_properties(report) + cases + "  </testsuite>\n</testsuites>\n";
}

}  // namespace wfsim::report
