// Merging the reports of a sweep's shards; see explore_merge.h.
#include "run/explore_merge.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/assert.h"

namespace wfsim::run {
namespace {

std::string shard_name(const Shard& shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string optional_text(const std::optional<uint64_t>& value) {
  return value ? std::to_string(*value) : "none";
}

std::string optional_text(const std::optional<double>& value) {
  return value ? number_text(*value) : "none";
}

std::string list_text(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

std::string scenario_text(const SweptScenario& scenario) {
  return scenario.name + " (" + scenario.file + ")";
}

std::vector<std::string> invalid_files(const ExploreReport& report) {
  std::vector<std::string> files;
  for (const InvalidScenario& invalid : report.invalid_scenarios) files.push_back(invalid.file);
  return files;
}

// Every way `other` is not a shard of the same sweep as `first`, as "<what>: <other's value> in
// <other>, <first's value> in <first>".
class SweepComparison {
 public:
  SweepComparison(const ShardReport& first, const ShardReport& other,
                  std::vector<std::string>& reasons)
      : first_(first), other_(other), reasons_(reasons) {}

  void field(const std::string& what, const std::string& first, const std::string& other) {
    if (first == other) return;
    reasons_.push_back(other_.source + " and " + first_.source +
                       " are not shards of the same sweep: " + what + " is " + other + " in " +
                       other_.source + ", " + first + " in " + first_.source);
  }

  void compare() {
    const ExploreReport& a = first_.report;
    const ExploreReport& b = other_.report;
    field("the wfsim version", a.version, b.version);
    field("--seed-start", std::to_string(a.seed_start), std::to_string(b.seed_start));
    field("--seeds", optional_text(a.seeds_per_scenario), optional_text(b.seeds_per_scenario));
    field("--time-budget", optional_text(a.time_budget_seconds),
          optional_text(b.time_budget_seconds));
    field("--swarm", a.swarm ? "on" : "off", b.swarm ? "on" : "off");
    field("--mutant", list_text(a.mutants), list_text(b.mutants));
    field("--max-seconds-per-seed", number_text(a.max_seconds_per_seed),
          number_text(b.max_seconds_per_seed));
    field("the shard count N of --shard K/N", std::to_string(a.shard.count),
          std::to_string(b.shard.count));
    field("the scenarios that could not be loaded", list_text(invalid_files(a)),
          list_text(invalid_files(b)));
    scenarios(a.scenarios, b.scenarios);
  }

 private:
  void scenarios(const std::vector<SweptScenario>& a, const std::vector<SweptScenario>& b) {
    if (a.size() != b.size()) {
      field("the number of scenarios", std::to_string(a.size()), std::to_string(b.size()));
      return;
    }
    for (size_t i = 0; i < a.size(); ++i) {
      const std::string what = "scenario " + std::to_string(i + 1);
      if (a[i].name != b[i].name || a[i].file != b[i].file) {
        field(what, scenario_text(a[i]), scenario_text(b[i]));
      } else if (a[i].sha256 != b[i].sha256 || a[i].dialect != b[i].dialect) {
        field("the content of scenario " + scenario_text(a[i]) + " (SHA-256)",
              a[i].sha256.substr(0, 16), b[i].sha256.substr(0, 16));
      }
    }
  }

  const ShardReport& first_;
  const ShardReport& other_;
  std::vector<std::string>& reasons_;
};

// Duplicate and missing shards, when every report agrees on N.
void check_coverage(const std::vector<ShardReport>& shards, std::vector<std::string>& reasons) {
  const uint64_t count = shards.front().report.shard.count;
  std::map<uint64_t, std::vector<std::string>> sources;  // Shard index -> where it came from.
  for (const ShardReport& shard : shards) {
    sources[shard.report.shard.index].push_back(shard.source);
  }
  for (const auto& [index, given] : sources) {
    if (given.size() < 2) continue;
    std::string where;
    for (size_t i = 0; i < given.size(); ++i) {
      where += (i == 0 ? "" : i + 1 == given.size() ? " and " : ", ") + given[i];
    }
    reasons.push_back("shard " + shard_name(Shard{index, count}) + " is given " +
                      std::to_string(given.size()) + " times: " + where);
  }
  std::vector<std::string> missing;
  for (uint64_t index = 1; index <= count && missing.size() <= 20; ++index) {
    if (sources.count(index) == 0) missing.push_back(shard_name(Shard{index, count}));
  }
  if (!missing.empty()) {
    const bool many = missing.size() > 20;
    if (many) missing.resize(20);
    reasons.push_back(std::string(missing.size() == 1 ? "shard " : "shards ") + list_text(missing) +
                      (many ? ",..." : "") + (missing.size() == 1 ? " is" : " are") +
                      " missing (" + std::to_string(sources.size()) + " of " +
                      std::to_string(count) + " shards given)");
  }
}

void add_totals(ScenarioTotals& into, const ScenarioTotals& from) {
  into.seeds_run += from.seeds_run;
  into.failing_seeds += from.failing_seeds;
  into.liveness_seeds += from.liveness_seeds;
  into.seeds_with_faults += from.seeds_with_faults;
  into.fault_free_seeds += from.fault_free_seeds;
  into.events += from.events;
  for (size_t k = 0; k < into.faults.size(); ++k) into.faults[k] += from.faults[k];
  for (const auto& [probe, seeds] : from.probes) into.probes[probe] += seeds;
}

// The shard's record of a failure joins the merged one: seeds add up; the lowest first seed
// with a capsule wins (a record without a capsule, from a stopped shard, never beats one).
void add_failure(FailureRecord& into, const FailureRecord& from) {
  const uint64_t seeds = into.seeds + from.seeds;
  const bool from_better = !from.capsule.empty() &&
                           (into.capsule.empty() || from.first_seed < into.first_seed);
  if (from_better) into = from;
  into.seeds = seeds;
}

ExploreReport merge_ordered(const std::vector<const ShardReport*>& ordered) {
  ExploreReport merged = ordered.front()->report;
  merged.shard = Shard{1, 1};
  merged.totals.assign(merged.scenarios.size(), ScenarioTotals{});
  merged.failures.clear();
  merged.nondeterminism.clear();
  merged.digests.clear();
  merged.write_errors.clear();
  merged.interrupted = false;
  merged.signal = 0;
  merged.wall_seconds = 0;
  merged.jobs = 0;
  for (const ShardReport* shard : ordered) {
    const ExploreReport& report = shard->report;
    WFSIM_ASSERT_MSG(report.totals.size() == merged.totals.size(),
                     "a shard's totals are per scenario of the sweep");
    for (size_t i = 0; i < report.totals.size(); ++i) {
      add_totals(merged.totals[i], report.totals[i]);
    }
    for (const auto& [key, record] : report.failures) {
      const auto [it, inserted] = merged.failures.try_emplace(key, record);
      if (!inserted) add_failure(it->second, record);
    }
    merged.nondeterminism.insert(merged.nondeterminism.end(), report.nondeterminism.begin(),
                                 report.nondeterminism.end());
    merged.digests.insert(merged.digests.end(), report.digests.begin(), report.digests.end());
    merged.write_errors.insert(merged.write_errors.end(), report.write_errors.begin(),
                               report.write_errors.end());
    if (report.interrupted && !merged.interrupted) merged.signal = report.signal;
    merged.interrupted = merged.interrupted || report.interrupted;
    merged.wall_seconds = std::max(merged.wall_seconds, report.wall_seconds);
    merged.jobs += report.jobs;
  }
  std::sort(merged.nondeterminism.begin(), merged.nondeterminism.end());
  merged.nondeterminism.erase(
      std::unique(merged.nondeterminism.begin(), merged.nondeterminism.end()),
      merged.nondeterminism.end());
  std::sort(merged.digests.begin(), merged.digests.end());
  merged.exit_code = sweep_exit_code(merged);
  return merged;
}

}  // namespace

std::variant<ExploreReport, std::vector<std::string>> merge_shards(
    const std::vector<ShardReport>& shards) {
  if (shards.empty()) return std::vector<std::string>{"no shard reports to merge"};
  std::vector<std::string> reasons;
  for (size_t i = 1; i < shards.size(); ++i) {
    SweepComparison(shards.front(), shards[i], reasons).compare();
  }
  const uint64_t count = shards.front().report.shard.count;
  const bool same_count = std::all_of(shards.begin(), shards.end(), [&](const ShardReport& s) {
    return s.report.shard.count == count;
  });
  if (same_count) check_coverage(shards, reasons);
  if (!reasons.empty()) return reasons;
  std::vector<const ShardReport*> ordered;
  for (const ShardReport& shard : shards) ordered.push_back(&shard);
  std::sort(ordered.begin(), ordered.end(), [](const ShardReport* a, const ShardReport* b) {
    return a->report.shard.index < b->report.shard.index;
  });
  ExploreReport merged = merge_ordered(ordered);
  uint64_t seeds = 0;
  uint64_t merged_seeds = 0;
  for (const ShardReport& shard : shards) {
    for (const ScenarioTotals& totals : shard.report.totals) seeds += totals.seeds_run;
  }
  for (const ScenarioTotals& totals : merged.totals) merged_seeds += totals.seeds_run;
  WFSIM_ASSERT_MSG(seeds == merged_seeds, "every shard's seeds are counted once");
  return merged;
}

}  // namespace wfsim::run
