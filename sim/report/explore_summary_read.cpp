// Reading `wfsim explore --json` summaries back into reports (explore_report.h), for
// `wfsim merge`. The reading is as strict as a scenario's: unknown keys, wrong types, numbers out
// of range, a failure naming a scenario the summary does not list, each a problem at its JSON
// pointer. What is derived from the rest (the top-level seed count, faults and probes) is checked
// against it rather than trusted, so a hand-edited summary cannot merge into a wrong total.
//
// This file reads; explore_report.cpp writes the same format and owns what each field means.
#include <algorithm>
#include <array>
#include <csignal>
#include <limits>
#include <map>
#include <sstream>

#include "report/explore_report.h"
#include "scenario/reader.h"
#include "scenario/strict_json.h"

namespace wfsim::report {
namespace {

using run::ExploreReport;
using run::FailureKey;
using run::FailureRecord;
using run::Finding;
using run::ScenarioTotals;
using scenario::Reader;

constexpr uint64_t kMaxCount = std::numeric_limits<uint64_t>::max();

class SummaryReader {
 public:
  explicit SummaryReader(Reader& reader) : r_(reader) {}

  std::optional<ExploreReport> read(const Json& json);

 private:
  // A string member, empty allowed.
  std::string string(const Json& object, const std::string& at, std::string_view key) {
    const Json* value = r_.find(object, at, key, true);
    if (value == nullptr) return {};
    if (!value->is_string()) r_.problem(Reader::child(at, key), "must be a string");
    return value->is_string() ? value->get<std::string>() : std::string();
  }
  uint64_t count(const Json& object, const std::string& at, std::string_view key) {
    return r_.integer(object, at, key, 0, kMaxCount, true).value_or(0);
  }
  // A number >= 0 (seconds), or null when `nullable`.
  std::optional<double> real(const Json& object, const std::string& at, std::string_view key,
                             bool nullable) {
    const Json* value = r_.find(object, at, key, true);
    if (value == nullptr || (nullable && value->is_null())) return std::nullopt;
    if (!value->is_number() || !(value->get<double>() >= 0)) {
      r_.problem(Reader::child(at, key), nullable ? "must be a number >= 0 or null"
                                                  : "must be a number >= 0");
      return std::nullopt;
    }
    return value->get<double>();
  }
  std::vector<std::string> strings(const Json& object, const std::string& at,
                                   std::string_view key) {
    std::vector<std::string> out;
    const Json* value = r_.find(object, at, key, true);
    if (value == nullptr || !r_.array(*value, Reader::child(at, key))) return out;
    for (size_t i = 0; i < value->size(); ++i) {
      if ((*value)[i].is_string()) {
        out.push_back((*value)[i].get<std::string>());
      } else {
        r_.problem(Reader::child(Reader::child(at, key), i), "must be a string");
      }
    }
    return out;
  }
  // Every element of array `key` through `each(element, pointer)`.
  template <typename Each>
  void elements(const Json& object, const std::string& at, std::string_view key, Each each) {
    const Json* value = r_.find(object, at, key, true);
    if (value == nullptr || !r_.array(*value, Reader::child(at, key))) return;
    for (size_t i = 0; i < value->size(); ++i) {
      each((*value)[i], Reader::child(Reader::child(at, key), i));
    }
  }

  void sweep(const Json& json, ExploreReport& report);
  void scenario_entry(const Json& entry, const std::string& at, ExploreReport& report);
  std::array<uint64_t, world::kFaultKindCount> faults(const Json& object, const std::string& at);
  std::optional<size_t> scenario_index(const Json& entry, const std::string& at,
                                       const ExploreReport& report);
  void failure(const Json& entry, const std::string& at, ExploreReport& report);
  void nondeterminism(const Json& entry, const std::string& at, ExploreReport& report);
  void invalid(const Json& entry, const std::string& at, ExploreReport& report);
  void derived(const Json& json, const ExploreReport& report);

  Reader& r_;
};

void SummaryReader::sweep(const Json& json, ExploreReport& report) {
  r_.integer(json, "", "wfsim_explore", 1, 1, true);  // The format; 1 is the only one yet.
  report.version = string(json, "", "version");
  report.seed_start = count(json, "", "seed_start");
  if (const Json* seeds = r_.find(json, "", "seeds_per_scenario", true);
      seeds != nullptr && !seeds->is_null()) {
    report.seeds_per_scenario = r_.integer(json, "", "seeds_per_scenario", 1, kMaxCount);
  }
  report.time_budget_seconds = real(json, "", "time_budget_seconds", true);
  if (const Json* shard = r_.find(json, "", "shard", true);
      shard != nullptr && r_.object(*shard, "/shard", {"index", "count"})) {
    report.shard.count = r_.integer(*shard, "/shard", "count", 1, kMaxCount, true).value_or(1);
    report.shard.index =
        r_.integer(*shard, "/shard", "index", 1, report.shard.count, true).value_or(1);
  }
  if (r_.find(json, "", "swarm", true)) {
    report.swarm = r_.boolean(json, "", "swarm").value_or(false);
  }
  report.mutants = strings(json, "", "mutants");
  report.out_dir = string(json, "", "out");
  report.max_seconds_per_seed = real(json, "", "max_seconds_per_seed", false).value_or(0);
  if (r_.find(json, "", "interrupted", true)) {
    report.interrupted = r_.boolean(json, "", "interrupted").value_or(false);
  }
  report.exit_code = static_cast<int>(r_.integer(json, "", "exit_code", 0, 255, true).value_or(0));
  // The signal that stopped an interrupted sweep shows in its exit code when nothing outranked it
  // (run::sweep_exit_code); when something did, the merged report is outranked the same way.
  if (report.interrupted) report.signal = report.exit_code == 128 + SIGTERM ? SIGTERM : SIGINT;
}

std::array<uint64_t, world::kFaultKindCount> SummaryReader::faults(const Json& object,
                                                                   const std::string& at) {
  std::array<uint64_t, world::kFaultKindCount> counts{};
  const Json* value = r_.find(object, at, "faults_injected", true);
  const std::string here = Reader::child(at, "faults_injected");
  if (value == nullptr) return counts;
  if (!value->is_object()) {
    r_.problem(here, "must be an object");
    return counts;
  }
  for (const auto& [name, number] : value->items()) {
    const auto kind = world::parse_fault_kind(name);
    if (!kind) {
      r_.problem(Reader::child(here, name), "not a fault kind");
      continue;
    }
    counts[static_cast<size_t>(*kind)] = count(*value, here, name);
  }
  return counts;
}

void SummaryReader::scenario_entry(const Json& entry, const std::string& at,
                                   ExploreReport& report) {
  if (!r_.object(entry, at, {"name", "file", "dialect", "seeds_run", "failing_seeds",
                             "liveness_seeds", "seeds_with_faults", "fault_free_seeds", "events",
                             "faults_injected", "probes", "sha256"})) {
    return;
  }
  run::SweptScenario swept;
  swept.name = string(entry, at, "name");
  swept.file = string(entry, at, "file");
  const auto dialect = r_.choice(entry, at, "dialect", {"step-functions", "temporal"});
  if (!dialect) r_.find(entry, at, "dialect", true);
  swept.dialect = dialect == "temporal" ? world::Dialect::temporal : world::Dialect::step_functions;
  swept.sha256 = string(entry, at, "sha256");
  ScenarioTotals totals;
  totals.seeds_run = count(entry, at, "seeds_run");
  totals.failing_seeds = count(entry, at, "failing_seeds");
  totals.liveness_seeds = count(entry, at, "liveness_seeds");
  // Written since swarm coverage statistics; a summary from before has neither.
  if (entry.contains("seeds_with_faults")) {
    totals.seeds_with_faults = count(entry, at, "seeds_with_faults");
  }
  if (entry.contains("fault_free_seeds")) {
    totals.fault_free_seeds = count(entry, at, "fault_free_seeds");
  }
  totals.events = count(entry, at, "events");
  totals.faults = faults(entry, at);
  const Json* probes = r_.find(entry, at, "probes", true);
  if (probes != nullptr && probes->is_object()) {
    for (const auto& [probe, seeds] : probes->items()) {
      totals.probes[probe] = count(*probes, Reader::child(at, "probes"), probe);
    }
  } else if (probes != nullptr) {
    r_.problem(Reader::child(at, "probes"), "must be an object");
  }
  report.scenarios.push_back(std::move(swept));
  report.totals.push_back(std::move(totals));
}

std::optional<size_t> SummaryReader::scenario_index(const Json& entry, const std::string& at,
                                                    const ExploreReport& report) {
  const std::string name = string(entry, at, "scenario");
  const std::string file = string(entry, at, "file");
  for (size_t i = 0; i < report.scenarios.size(); ++i) {
    if (report.scenarios[i].name == name && report.scenarios[i].file == file) return i;
  }
  r_.problem(Reader::child(at, "scenario"),
             "names no scenario of this summary's \"scenarios\" (" + name + ", " + file + ")");
  return std::nullopt;
}

void SummaryReader::failure(const Json& entry, const std::string& at, ExploreReport& report) {
  if (!r_.object(entry, at, {"scenario", "file", "invariant", "event_type", "state", "error",
                             "status", "signature", "kind", "first_seed", "seeds", "event_id",
                             "message", "capsule", "command", "expected"})) {
    return;
  }
  const auto index = scenario_index(entry, at, report);
  FailureKey key{index.value_or(0),           string(entry, at, "invariant"),
                 string(entry, at, "event_type"), string(entry, at, "state"),
                 string(entry, at, "error"),      string(entry, at, "status")};
  // The signature's text is derived from the rest; one that is not is not this wfsim's summary.
  if (string(entry, at, "signature") != run::to_string(key.signature())) {
    r_.problem(Reader::child(at, "signature"),
               "must be \"" + run::to_string(key.signature()) +
                   "\", the text of invariant, event_type, status, state and error");
  }
  FailureRecord record;
  const auto kind = r_.choice(entry, at, "kind", {"invariant", "expectation", "liveness"});
  if (!kind) r_.find(entry, at, "kind", true);
  record.kind = kind == "expectation" ? Finding::Kind::expectation
                : kind == "liveness"  ? Finding::Kind::liveness
                                      : Finding::Kind::invariant;
  record.seeds = r_.integer(entry, at, "seeds", 1, kMaxCount, true).value_or(1);
  record.event_id = static_cast<int64_t>(r_.integer(entry, at, "event_id", 0,
                                                    std::numeric_limits<int64_t>::max(), true)
                                             .value_or(0));
  record.message = string(entry, at, "message");
  record.expected = r_.boolean(entry, at, "expected").value_or(false);  // Absent before 0.2.
  record.command = string(entry, at, "command");
  // A failure whose capsule a stopped sweep never wrote has neither first seed nor capsule.
  const Json* capsule = r_.find(entry, at, "capsule", true);
  const Json* first = r_.find(entry, at, "first_seed", true);
  if (capsule != nullptr && first != nullptr && capsule->is_null() != first->is_null()) {
    r_.problem(Reader::child(at, "capsule"), "must be null exactly when first_seed is null");
  } else if (capsule != nullptr && capsule->is_null()) {
    record.first_seed = UINT64_MAX;
  } else if (capsule != nullptr) {
    record.capsule = string(entry, at, "capsule");
    if (record.capsule.empty()) r_.problem(Reader::child(at, "capsule"), "must not be empty");
    record.first_seed = count(entry, at, "first_seed");
  }
  if (index && !report.failures.emplace(key, std::move(record)).second) {
    r_.problem(at, "the same failure (scenario and signature) is listed twice");
  }
}

void SummaryReader::nondeterminism(const Json& entry, const std::string& at,
                                   ExploreReport& report) {
  if (!r_.object(entry, at, {"scenario", "file", "seed", "message", "command"})) return;
  const auto index = scenario_index(entry, at, report);
  run::Nondeterminism item{index.value_or(0), count(entry, at, "seed"),
                           string(entry, at, "message")};
  (void)string(entry, at, "command");  // Derived from the rest; written again on output.
  if (index) report.nondeterminism.push_back(std::move(item));
}

void SummaryReader::invalid(const Json& entry, const std::string& at, ExploreReport& report) {
  if (!r_.object(entry, at, {"file", "problems"})) return;
  run::InvalidScenario invalid{string(entry, at, "file"), {}};
  elements(entry, at, "problems", [&](const Json& problem, const std::string& here) {
    if (!r_.object(problem, here, {"file", "pointer", "message"})) return;
    invalid.problems.push_back({string(problem, here, "file"), string(problem, here, "pointer"),
                                string(problem, here, "message")});
  });
  report.invalid_scenarios.push_back(std::move(invalid));
}

// The top-level seed count, fault counts and probes are sums over the scenarios.
void SummaryReader::derived(const Json& json, const ExploreReport& report) {
  uint64_t seeds = 0;
  std::array<uint64_t, world::kFaultKindCount> faults_total{};
  std::map<std::string, uint64_t> probes_total;
  for (const ScenarioTotals& totals : report.totals) {
    seeds += totals.seeds_run;
    for (size_t k = 0; k < faults_total.size(); ++k) faults_total[k] += totals.faults[k];
    for (const auto& [probe, reached] : totals.probes) probes_total[probe] += reached;
  }
  if (count(json, "", "seeds") != seeds) {
    r_.problem("/seeds", "must be the sum of the scenarios' seeds_run (" + std::to_string(seeds) +
                             ")");
  }
  if (faults(json, "") != faults_total) {
    r_.problem("/faults_injected", "must be the sum of the scenarios' faults_injected");
  }
  const Json* probes = r_.find(json, "", "probes", true);
  if (probes == nullptr) return;
  bool same = probes->is_object() && probes->size() == probes_total.size();
  for (const auto& [probe, reached] : probes_total) {
    same = same && probes->contains(probe) &&
           (*probes)[probe] == Json{{"seeds_reached", reached}, {"reached", reached > 0}};
  }
  if (!same) r_.problem("/probes", "must be the scenarios' probes added up");
}

std::optional<ExploreReport> SummaryReader::read(const Json& json) {
  const size_t before = r_.problem_count();
  if (!r_.object(json, "", {"wfsim_explore", "version", "seed_start", "seeds_per_scenario",
                            "time_budget_seconds", "shard", "swarm", "mutants", "out",
                            "max_seconds_per_seed", "interrupted", "exit_code", "seeds",
                            "scenarios", "failures", "faults_injected", "probes",
                            "nondeterminism", "write_errors", "invalid_scenarios", "timing"})) {
    return std::nullopt;
  }
  ExploreReport report;
  sweep(json, report);
  elements(json, "", "scenarios", [&](const Json& entry, const std::string& at) {
    scenario_entry(entry, at, report);
  });
  elements(json, "", "failures", [&](const Json& entry, const std::string& at) {
    failure(entry, at, report);
  });
  elements(json, "", "nondeterminism", [&](const Json& entry, const std::string& at) {
    nondeterminism(entry, at, report);
  });
  elements(json, "", "invalid_scenarios", [&](const Json& entry, const std::string& at) {
    invalid(entry, at, report);
  });
  std::sort(report.nondeterminism.begin(), report.nondeterminism.end());
  report.write_errors = strings(json, "", "write_errors");
  if (const Json* timing = r_.find(json, "", "timing", true);
      timing != nullptr && r_.object(*timing, "/timing", {"wall_seconds", "jobs"})) {
    report.wall_seconds = real(*timing, "/timing", "wall_seconds", false).value_or(0);
    report.jobs = static_cast<unsigned>(
        r_.integer(*timing, "/timing", "jobs", 1, std::numeric_limits<unsigned>::max(), true)
            .value_or(1));
  }
  derived(json, report);
  if (report.scenarios.empty()) r_.problem("/scenarios", "a sweep has at least one scenario");
  if (r_.problem_count() != before) return std::nullopt;
  return report;
}

}  // namespace

std::variant<std::vector<run::ShardReport>, scenario::FileProblems> read_explore_summaries(
    const std::string& text, const std::string& file) {
  std::vector<std::string> lines;
  std::vector<size_t> numbers;  // Line numbers, from 1.
  std::istringstream in(text);
  size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    lines.push_back(std::move(line));
    numbers.push_back(number);
  }
  scenario::FileProblems problems;
  if (lines.empty()) {
    problems.push_back({file, "", "holds no summary (expected the --json file of wfsim explore)"});
    return problems;
  }
  std::vector<run::ShardReport> reports;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string label =
        lines.size() == 1 ? file : file + " line " + std::to_string(numbers[i]);
    auto parsed = scenario::parse_json_text(lines[i], label);
    if (auto* problem = std::get_if<scenario::FileProblem>(&parsed)) {
      problems.push_back(std::move(*problem));
      continue;
    }
    Reader reader(label, problems);
    if (auto report = SummaryReader(reader).read(std::get<Json>(parsed))) {
      reports.push_back(run::ShardReport{label, std::move(*report)});
    }
  }
  if (!problems.empty()) return problems;
  return reports;
}

}  // namespace wfsim::report
