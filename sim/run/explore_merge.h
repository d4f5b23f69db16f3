// Merging the reports of the shards of one sweep (`wfsim explore --shard K/N`, each run anywhere)
// into the report one unsharded run of the same sweep gives, apart from the fields named timing:
// per-scenario totals, fault counts and probes are summed; a distinct failure found in several
// shards keeps the lowest first seed with its capsule, message and reproduce command, and adds
// the seed counts; nondeterministic seeds are the union. That holds because every one of these
// is a commutative function of the seeds run, which is also why explore's threads may run seeds
// in any order.
//
// Reports of different sweeps (another wfsim version, other scenarios or scenario contents,
// seeds, swarm, mutants, per-seed budget or shard count) and duplicate or missing shards are
// refused, each reason naming the shards concerned. Reading the shards' --json files is
// sim/report's (explore_summary.h); this file sees only ExploreReports and prints nothing.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "run/explore.h"

namespace wfsim::run {

// One shard's report and where it came from ("summary-2.json", "all.jsonl line 3"), for messages.
struct ShardReport {
  std::string source;
  ExploreReport report;
};

// The merged report (shard 1/1, its exit code set), or every reason the shards do not make one
// sweep. Timing: the longest shard's wall time (shards run side by side) and the sum of jobs.
// `out` is shard 1's (each failure's capsule path is the one its shard wrote).
std::variant<ExploreReport, std::vector<std::string>> merge_shards(
    const std::vector<ShardReport>& shards);

}  // namespace wfsim::run
