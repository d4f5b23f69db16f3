// The reports of a sweep; see explore_report.h.
#include "report/explore_report.h"

#include <cstdio>
#include <ostream>

#include "report/explore_report_parts.h"

namespace wfsim::report {

using run::ExploreReport;
using run::InvalidScenario;
using run::SweptScenario;
using run::FailureKey;
using run::FailureRecord;
using run::Finding;
using run::ScenarioTotals;
using run::Nondeterminism;
using run::SeedDigest;

namespace detail {

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

void print_failures(std::ostream& out, const ExploreReport& report) {
  out << "\nfailures by invariant (a line per signature: finding, event, status, state, error)\n";
  if (report.failures.empty()) out << "  none\n";
  for (const auto& [key, record] : report.failures) {
    out << "  " << run::to_string(key.signature()) << " in "
        << report.scenarios[key.scenario].name << ": " << record.seeds
        << (record.seeds == 1 ? " seed" : " seeds")
        << (record.expected ? " (expected: the scenario demonstrates it)" : "");
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
std::string nondeterminism_command(const ExploreReport& report, const Nondeterminism& entry) {
  return scenario::reproduce_command(report.scenarios[entry.scenario].file, entry.seed,
                                     report.swarm, report.mutants) +
         " --check-determinism";
}

Json faults_json(const std::array<uint64_t, world::kFaultKindCount>& counts) {
  Json faults = Json::object();
  for (size_t k = 0; k < counts.size(); ++k) {
    faults[std::string(world::to_string(static_cast<world::FaultKind>(k)))] = counts[k];
  }
  return faults;
}

// Scenario files the sweep could not load, with every problem (only when there are any, so the
// table of a sweep without them is as it always was).
void print_invalid_scenarios(std::ostream& out, const ExploreReport& report) {
  if (report.invalid_scenarios.empty()) return;
  out << "\ninvalid scenarios (not run)\n";
  for (const InvalidScenario& invalid : report.invalid_scenarios) {
    out << "  " << invalid.file << "\n";
    for (const scenario::FileProblem& problem : invalid.problems) {
      out << "    " << scenario::to_string(problem) << "\n";
    }
  }
}

// Per scenario, what the sweep reached: seeds where some fault fired, seeds within the fault-free
// scope (its story was checked), faults fired, and the "sometimes" probes reached of those its
// dialect has. A swarm sweep that only failed early shows here as few faults and few probes.
void print_coverage(std::ostream& out, const ExploreReport& report) {
  out << "\ncoverage by scenario (seeds with a fault, seeds checked fault-free, faults fired, "
         "probes reached)\n";
  for (size_t i = 0; i < report.scenarios.size(); ++i) {
    const ScenarioTotals& totals = report.totals[i];
    uint64_t faults = 0;
    for (const uint64_t count : totals.faults) faults += count;
    size_t reached = 0;
    for (const auto& [probe, seeds] : totals.probes) reached += seeds > 0 ? 1 : 0;
    out << "  " << padded(report.scenarios[i].name, 40)
        << right(std::to_string(totals.seeds_with_faults), 8)
        << right(std::to_string(totals.fault_free_seeds), 8) << right(std::to_string(faults), 10)
        << right(std::to_string(reached) + "/" + std::to_string(totals.probes.size()), 8)
        << "\n";
  }
}

}  // namespace detail

using namespace detail;

void print_explore_table(std::ostream& out, const ExploreReport& report) {
  const std::vector<SweptScenario>& scenarios = report.scenarios;
  out << "wfsim " << report.version << " explore: " << scenarios.size() << " scenarios, "
      << sweep_description(report) << "\n\n";
  out << padded("scenario", 40) << right("seeds", 8) << right("failing", 9)
      << right("liveness", 10) << right("events", 14) << "\n";
  for (size_t i = 0; i < scenarios.size(); ++i) {
    const ScenarioTotals& totals = report.totals[i];
    out << padded(scenarios[i].name, 40)
        << right(std::to_string(totals.seeds_run), 8)
        << right(std::to_string(totals.failing_seeds), 9)
        << right(std::to_string(totals.liveness_seeds), 10)
        << right(std::to_string(totals.events), 14) << "\n";
  }
  print_invalid_scenarios(out, report);
  print_failures(out, report);
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
  print_coverage(out, report);
  for (const Nondeterminism& entry : report.nondeterminism) {
    out << "\nNONDETERMINISM in " << scenarios[entry.scenario].name << " seed " << entry.seed
        << ": " << entry.message << "\n  reproduce: " << nondeterminism_command(report, entry)
        << "\n";
  }
  for (const std::string& error : report.write_errors) out << "\nWRITE ERROR: " << error << "\n";
  char timing[96];
  std::snprintf(timing, sizeof timing, "%.2f s wall, %u jobs", report.wall_seconds, report.jobs);
  out << "\n" << (report.interrupted ? "INTERRUPTED after " : "") << seeds << " seeds, "
      << report.failures.size() << " distinct failures; " << timing << "\n";
}

std::string explore_summary_json(const ExploreReport& report) {
  const std::vector<SweptScenario>& scenarios = report.scenarios;
  Json out = Json::object();
  out["wfsim_explore"] = 1;
  out["version"] = report.version;
  out["seed_start"] = report.seed_start;
  out["seeds_per_scenario"] =
      report.seeds_per_scenario ? Json(*report.seeds_per_scenario) : Json(nullptr);
  out["time_budget_seconds"] =
      report.time_budget_seconds ? Json(*report.time_budget_seconds) : Json(nullptr);
  out["shard"] = Json{{"index", report.shard.index}, {"count", report.shard.count}};
  out["swarm"] = report.swarm;
  out["mutants"] = report.mutants;
  out["out"] = report.out_dir;
  out["max_seconds_per_seed"] = report.max_seconds_per_seed;
  out["interrupted"] = report.interrupted;
  out["exit_code"] = report.exit_code;
  out["seeds"] = total_seeds(report);
  Json list = Json::array();
  for (size_t i = 0; i < scenarios.size(); ++i) {
    const ScenarioTotals& totals = report.totals[i];
    list.push_back(Json{{"name", scenarios[i].name},
                        {"file", scenarios[i].file},
                        {"dialect", std::string(scenario::to_string(scenarios[i].dialect))},
                        {"seeds_run", totals.seeds_run},
                        {"failing_seeds", totals.failing_seeds},
                        {"liveness_seeds", totals.liveness_seeds},
                        {"seeds_with_faults", totals.seeds_with_faults},
                        {"fault_free_seeds", totals.fault_free_seeds},
                        {"events", totals.events},
                        {"faults_injected", faults_json(totals.faults)},
                        {"probes", totals.probes},
                        {"sha256", scenarios[i].sha256}});
  }
  out["scenarios"] = std::move(list);
  Json failures = Json::array();
  for (const auto& [key, record] : report.failures) {
    failures.push_back(Json{{"scenario", scenarios[key.scenario].name},
                            {"file", scenarios[key.scenario].file},
                            {"invariant", key.name},
                            {"event_type", key.event_type},
                            {"state", key.state},
                            {"error", key.error},
                            {"status", key.status},
                            {"signature", run::to_string(key.signature())},
                            {"kind", kind_name(record.kind)},
                            {"expected", record.expected},
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
  out["faults_injected"] = faults_json(total_faults(report));
  Json probes = Json::object();
  for (const auto& [probe, reached] : total_probes(report)) {
    probes[probe] = Json{{"seeds_reached", reached}, {"reached", reached > 0}};
  }
  out["probes"] = std::move(probes);
  Json nondeterminism = Json::array();
  for (const Nondeterminism& entry : report.nondeterminism) {
    nondeterminism.push_back(Json{{"scenario", scenarios[entry.scenario].name},
                                  {"file", scenarios[entry.scenario].file},
                                  {"seed", entry.seed}, {"message", entry.message},
                                  {"command", nondeterminism_command(report, entry)}});
  }
  out["nondeterminism"] = std::move(nondeterminism);
  out["write_errors"] = report.write_errors;
  Json invalid = Json::array();
  for (const InvalidScenario& scenario : report.invalid_scenarios) {
    Json problems = Json::array();
    for (const scenario::FileProblem& problem : scenario.problems) {
      problems.push_back(Json{{"file", problem.file}, {"pointer", problem.pointer},
                              {"message", problem.message}});
    }
    invalid.push_back(Json{{"file", scenario.file}, {"problems", std::move(problems)}});
  }
  out["invalid_scenarios"] = std::move(invalid);
  out["timing"] = Json{{"wall_seconds", report.wall_seconds}, {"jobs", report.jobs}};
  return out.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string explore_digests_text(const ExploreReport& report) {
  std::string out;
  for (const SeedDigest& entry : report.digests) {
    out += report.scenarios[entry.scenario].name + "\t" + std::to_string(entry.seed) + "\t" +
           (entry.wall_time_exceeded ? "wall-time" : scenario::digest_hex(entry.digest)) + "\n";
  }
  return out;
}

}  // namespace wfsim::report
