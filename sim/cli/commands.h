// The wfsim commands, each a function from parsed arguments to an exit code (common.h), writing
// to the given streams. app.cpp parses the command line (CLI11) and calls them.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace wfsim::cli {

struct RunArgs {
  std::string scenario;
  uint64_t seed = 0;
  bool swarm = false;
  std::vector<std::string> mutants;
  std::string history;  // Output files; empty: not written.
  std::string calls;
  std::string trace;
  std::string capsule;
  std::string timeline;  // The HTML timeline page (docs/reports.md).
  std::string s3_out;    // Directory for the simulated S3's objects (DIR/<bucket>/<key>).
  std::string map_runs;  // Distributed Map runs, a JSON array shaped like DescribeMapRun.
  double max_seconds = 10;
  bool check_determinism = false;  // Run twice and compare the traces (exit 4 if they differ).
};
int run_command(const RunArgs& args, std::ostream& out, std::ostream& err);

struct ReplayArgs {
  std::string capsule;
  std::string history;
  std::string calls;
  std::string trace;
  std::string timeline;
  double max_seconds = 10;
  int context_events = 3;  // History events shown before and after the violation.
};
int replay_command(const ReplayArgs& args, std::ostream& out, std::ostream& err);

struct ShrinkArgs {
  std::string capsule;
  std::string out;  // Empty: <capsule without .json>.shrunk.json.
  size_t max_attempts = 500;
  double max_seconds = 10;
};
int shrink_command(const ShrinkArgs& args, std::ostream& out, std::ostream& err);

struct ExploreArgs {
  std::vector<std::string> scenarios;  // Files, or directories searched for *.scenario.json.
  uint64_t seeds = 100;
  std::optional<double> time_budget_seconds;
  uint64_t seed_start = 0;
  unsigned jobs = 0;  // 0: one per hardware thread.
  std::string shard = "1/1";
  std::string out_dir = "wfsim-out";
  bool swarm = false;
  std::vector<std::string> mutants;
  std::string json;
  std::string junit;
  std::string digests;  // One line per seed run (scenario, seed, digest); empty: not written.
  double max_seconds = 10;
  std::optional<bool> progress;  // Unset: only when stderr is a terminal.
  std::vector<std::string> exclude;  // Globs: scenario files whose path or name matches are skipped.
};
int explore_command(const ExploreArgs& args, std::ostream& out, std::ostream& err);

struct MergeArgs {
  std::vector<std::string> summaries;  // The shards' --json files.
  std::string json;                    // Output files; empty: not written.
  std::string junit;
};
int merge_command(const MergeArgs& args, std::ostream& out, std::ostream& err);

struct EvalArgs {
  std::string expression;  // JSONata.
  std::string input;       // JSON file; empty: the input is undefined.
  std::string bindings;    // JSON object file: variable name (with or without '$') -> value.
  std::string now;         // ISO-8601; empty: the scenarios' default epoch, 2024-01-01T00:00:00Z.
  uint64_t seed = 0;       // Seeds $random(), $uuid() and $shuffle().
  int indent = -1;         // -1: compact JSON.
};
int eval_command(const EvalArgs& args, std::ostream& out, std::ostream& err);
struct ScaffoldArgs {
  std::string definition;  // A bare ASL definition or describe-state-machine output.
  std::string out;         // Empty: standard output.
};
int scaffold_command(const ScaffoldArgs& args, std::ostream& out, std::ostream& err);

int validate_command(const std::vector<std::string>& files, std::ostream& out,
                     std::ostream& err);
int mutants_command(std::ostream& out);

// Parses the command line and runs the command; the whole program.
int main(int argc, char** argv);

}  // namespace wfsim::cli
