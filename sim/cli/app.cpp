// The `wfsim` command line (CLI11): every command and option of docs/cli.md, parsed into the
// argument structs of commands.h. Bad usage exits with 2, as bad input does; every numeric option
// is checked strictly against its range first (numbers.h).
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/numbers.h"

namespace wfsim::cli {
namespace {

constexpr const char* kExitCodes =
    "Exit codes: 0 all held; 1 an invariant or expectation was violated; 2 bad usage or invalid "
    "input; 3 liveness (an execution did not finish in its bound, or a run hit a limit); "
    "4 nondeterminism (a replay diverged from its digest); 70 internal assertion in wfsim; "
    "130/143 explore stopped by SIGINT/SIGTERM with nothing found.";

void add_run(CLI::App& app, RunArgs& args) {
  CLI::App* run = app.add_subcommand("run", "Run one seed of a scenario and check it");
  run->add_option("scenario", args.scenario,
                  "Scenario file, ASL definition or describe-state-machine output")
      ->required();
  run->add_option("--seed", args.seed, "Seed (default 0)")->check(integer_in(0, UINT64_MAX));
  run->add_flag("--swarm", args.swarm, "Draw this seed's fault mix (swarm testing)");
  run->add_option("--mutant", args.mutants, "Switch on a planted defect (repeatable)");
  run->add_option("--history", args.history, "Write the execution history (JSON)");
  run->add_option("--calls", args.calls, "Write the API call log (JSON lines)");
  run->add_option("--trace", args.trace, "Write the simulator trace (JSON lines)");
  run->add_option("--capsule", args.capsule, "Write the run's repro capsule");
  run->add_option("--timeline", args.timeline,
                  "Write the run as a self-contained HTML timeline page");
  run->add_option("--s3-out", args.s3_out,
                  "Write the simulated S3's objects after the run to DIR/<bucket>/<key>");
  run->add_option("--map-runs", args.map_runs,
                  "Write the Distributed Map runs (JSON array shaped like DescribeMapRun)");
  run->add_option("--max-seconds-per-seed", args.max_seconds,
                  "Wall-time budget of the run in seconds (0: none; default 10)")
      ->check(seconds_in(kMaxSecondsPerSeed, false));
  run->add_flag("--check-determinism", args.check_determinism,
                "Run the seed twice and compare the traces (exit 4 if they differ)");
}

void add_explore(CLI::App& app, ExploreArgs& args, double& budget) {
  CLI::App* explore = app.add_subcommand("explore", "Sweep seeds over scenarios");
  explore->add_option("scenarios", args.scenarios,
                      "Scenario files, ASL definitions or describe-state-machine outputs, "
                      "or directories searched for *.scenario.json")
      ->required();
  CLI::Option* seeds = explore->add_option("--seeds", args.seeds,
                                           "Seeds per scenario (default 100)")
                           ->check(integer_in(1, UINT64_MAX));
  explore->add_option("--time-budget", budget, "Run seeds until this many seconds have passed")
      ->check(seconds_in(kMaxTimeBudgetSeconds, true))
      ->excludes(seeds);
  explore->add_option("--seed-start", args.seed_start, "First seed (default 0)")
      ->check(integer_in(0, UINT64_MAX));
  explore->add_option("--jobs,-j", args.jobs, "Worker threads (default: one per core)")
      ->check(integer_in(1, kMaxJobs));
  explore->add_option("--shard", args.shard, "Run only seeds with seed % N == K-1 (K/N)");
  explore->add_option("--out", args.out_dir, "Capsule directory (default wfsim-out)");
  explore->add_flag("--swarm", args.swarm, "Draw a fault mix per seed (swarm testing)");
  explore->add_option("--mutant", args.mutants, "Switch on a planted defect (repeatable)");
  explore->add_option("--json", args.json, "Write the summary as one line of JSON");
  explore->add_option("--junit", args.junit, "Write a JUnit XML report");
  explore->add_option("--digests", args.digests,
                      "Write each seed's run digest, one line per seed (to compare sweeps)");
  explore->add_option("--max-seconds-per-seed", args.max_seconds,
                      "Wall-time budget per seed; a seed over it is a liveness finding "
                      "(0: none; default 10)")
      ->check(seconds_in(kMaxSecondsPerSeed, false));
  explore->add_option("--exclude", args.exclude,
                      "Skip scenario files whose path or name matches this glob (repeatable)");
  explore->add_flag("--progress,!--no-progress", args.progress,
                    "Show progress (default: when stderr is a terminal)");
}

void add_replay(CLI::App& app, ReplayArgs& args) {
  CLI::App* replay = app.add_subcommand("replay", "Re-run a capsule and check its digest");
  replay->add_option("capsule", args.capsule, "Capsule file")->required();
  replay->add_option("--history", args.history, "Write the execution history (JSON)");
  replay->add_option("--calls", args.calls, "Write the API call log (JSON lines)");
  replay->add_option("--trace", args.trace, "Write the simulator trace (JSON lines)");
  replay->add_option("--timeline", args.timeline,
                     "Write the replay as a self-contained HTML timeline page");
  replay->add_option("--context", args.context_events,
                     "History events shown around the violation (default 3)")
      ->check(integer_in(0, 1000));
  replay->add_option("--max-seconds-per-seed", args.max_seconds,
                     "Wall-time budget of the run in seconds (0: none; default 10)")
      ->check(seconds_in(kMaxSecondsPerSeed, false));
}

void add_shrink(CLI::App& app, ShrinkArgs& args) {
  CLI::App* shrink = app.add_subcommand("shrink", "Minimise a failing capsule");
  shrink->add_option("capsule", args.capsule, "Capsule file")->required();
  shrink->add_option("--out,-o", args.out, "Output file (default <capsule>.shrunk.json)");
  shrink->add_option("--max-attempts", args.max_attempts,
                     "Candidate runs to try at most (default 500)")
      ->check(integer_in(1, 1'000'000));
  shrink->add_option("--max-seconds-per-seed", args.max_seconds,
                     "Wall-time budget of each candidate run (0: none; default 10)")
      ->check(seconds_in(kMaxSecondsPerSeed, false));
}

void add_merge(CLI::App& app, MergeArgs& args) {
  CLI::App* merge = app.add_subcommand(
      "merge", "Merge the --json summaries of the shards of one sweep into one report");
  merge->add_option("summaries", args.summaries,
                    "The shards' --json files (each one summary, or several as JSON lines)")
      ->required();
  merge->add_option("--json", args.json, "Write the merged summary as one line of JSON");
  merge->add_option("--junit", args.junit, "Write the merged JUnit XML report");
}

void add_eval(CLI::App& app, EvalArgs& args) {
  CLI::App* eval = app.add_subcommand(
      "eval", "Evaluate one JSONata expression against a JSON input, as Step Functions would");
  eval->add_option("--jsonata", args.expression, "The JSONata expression")->required();
  eval->add_option("--input", args.input, "JSON file bound to $ (absent: undefined)");
  eval->add_option("--bindings", args.bindings,
                   "JSON object file of variables ({\"states\": {...}, \"total\": 3})");
  eval->add_option("--now", args.now,
                   "What $now() and $millis() report (ISO-8601; default 2024-01-01T00:00:00Z)");
  eval->add_option("--seed", args.seed, "Seed of $random(), $uuid() and $shuffle() (default 0)")
      ->check(integer_in(0, UINT64_MAX));
  eval->add_option("--indent", args.indent, "Pretty-print the result with this many spaces")
      ->check(integer_in(0, 16));
}

void add_scaffold(CLI::App& app, ScaffoldArgs& args) {
  CLI::App* scaffold = app.add_subcommand(
      "scaffold", "Write a definition's default scenario as a commented starting point");
  scaffold->add_option("definition", args.definition,
                       "ASL definition, or describe-state-machine output")
      ->required();
  scaffold->add_option("--out,-o", args.out, "Output file (default: standard output)");
}

}  // namespace

int main(int argc, char** argv) {
  install_assertion_handler();
  CLI::App app{"wfsim: deterministic simulation and fault injection for durable workflows"};
  app.footer(kExitCodes);
  app.set_version_flag("--version", std::string(scenario::wfsim_version()));
  app.require_subcommand(1);
  RunArgs run;
  ExploreArgs explore;
  double budget = 0;
  ReplayArgs replay;
  ShrinkArgs shrink;
  MergeArgs merge;
  EvalArgs eval;
  ScaffoldArgs scaffold;
  std::vector<std::string> validate;
  add_run(app, run);
  add_explore(app, explore, budget);
  add_replay(app, replay);
  add_shrink(app, shrink);
  add_merge(app, merge);
  add_eval(app, eval);
  add_scaffold(app, scaffold);
  app.add_subcommand("validate", "Check definitions, scenarios, mock configs and capsules")
      ->add_option("files", validate, "Files or directories")
      ->required();
  app.add_subcommand("mutants", "List the planted defects (name, then description)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitHeld : kExitBadInput;
  }
  if (app.get_subcommand("explore")->count("--time-budget") > 0) {
    explore.time_budget_seconds = budget;
  }
  // Bad input never throws (it is reported as problems), so an exception here is a wfsim bug.
  try {
    if (app.got_subcommand("run")) return run_command(run, std::cout, std::cerr);
    if (app.got_subcommand("explore")) return explore_command(explore, std::cout, std::cerr);
    if (app.got_subcommand("replay")) return replay_command(replay, std::cout, std::cerr);
    if (app.got_subcommand("shrink")) return shrink_command(shrink, std::cout, std::cerr);
    if (app.got_subcommand("merge")) return merge_command(merge, std::cout, std::cerr);
    if (app.got_subcommand("eval")) return eval_command(eval, std::cout, std::cerr);
    if (app.got_subcommand("scaffold")) return scaffold_command(scaffold, std::cout, std::cerr);
    if (app.got_subcommand("validate")) return validate_command(validate, std::cout, std::cerr);
    return mutants_command(std::cout);
  } catch (const std::exception& error) {
    report_internal_error(error);
  }
}

}  // namespace wfsim::cli
