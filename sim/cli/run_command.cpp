// `wfsim run SCENARIO`: one seed, with the header first, the summary, the findings, one reproduce
// command, and the optional history, call-log, trace, timeline and capsule files and the
// simulated S3's objects (--s3-out).
#include <ostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/trace_compare.h"
#include "scenario/writers.h"

namespace wfsim::cli {
namespace {

bool write_outputs(const RunArgs& args, const world::RunResult& result, std::ostream& err) {
  bool ok = true;
  if (!args.history.empty()) {
    ok = write_output(args.history, scenario::history_text(result), err) && ok;
  }
  if (!args.calls.empty()) ok = write_output(args.calls, scenario::calls_text(result), err) && ok;
  if (!args.trace.empty()) ok = write_output(args.trace, scenario::trace_text(result), err) && ok;
  if (!args.s3_out.empty()) {
    for (const std::string& failure : scenario::write_s3_objects(args.s3_out, result.s3)) {
      err << "wfsim: --s3-out: " << failure << "\n";
      ok = false;
    }
  }
  if (!args.map_runs.empty()) {
    Json runs = Json::array();
    for (Json run : result.map_runs) {
      // The checks' extras (the counter log, each child's starts) stay out of DescribeMapRun.
      run.erase("countLog");
      for (Json& child : run["childExecutions"]) child.erase("starts");
      runs.push_back(std::move(run));
    }
    ok = write_output(args.map_runs, runs.dump(2) + "\n", err) && ok;
  }
  return ok;
}

}  // namespace

int run_command(const RunArgs& args, std::ostream& out, std::ostream& err) {
  auto mutants = parse_mutants(args.mutants, err);
  if (!mutants) return kExitBadInput;
  auto input = load_input_or_report(args.scenario, err);
  if (!input) return kExitBadInput;
  std::optional<scenario::Scenario> loaded = std::move(input->scenario);
  if (input->form != scenario::InputForm::scenario) {
    out << default_scenario_note(args.scenario, input->form) << "\n";
  }
  run::apply_mutants(*loaded, *mutants);
  const std::string command =
      scenario::reproduce_command(args.scenario, args.seed, args.swarm, *mutants);
  print_run_header(out, "run", *loaded, args.seed, args.swarm, *mutants, args.max_seconds, false);

  run::Request request = request_for(*loaded, args.seed, args.swarm, args.max_seconds, command);
  request.record_trace = !args.trace.empty() || !args.timeline.empty() || args.check_determinism;
  const run::Outcome outcome = run::run_seed(request);
  print_run_summary(out, outcome);
  if (!write_outputs(args, outcome.result, err)) return kExitBadInput;
  if (!args.timeline.empty() &&
      !write_timeline(args.timeline, *loaded, outcome, args.swarm, *mutants, command, err)) {
    return kExitBadInput;
  }

  int exit_code = outcome.evaluation.exit_code();
  if (args.check_determinism) {
    const run::Outcome again = run::run_seed(request);
    const auto divergence = first_trace_divergence(outcome.result.trace, again.result.trace);
    if (divergence || again.result.digest != outcome.result.digest) {
      out << "NONDETERMINISM: the same seed ran twice differently\n";
      print_divergence(out, divergence, outcome.result.digest, again.result.digest);
      exit_code = kExitNondeterminism;
    } else {
      out << "  determinism         two runs, identical traces ("
          << outcome.result.trace.size() << " records)\n";
    }
  }
  print_findings(out, outcome.evaluation);
  if (!args.capsule.empty()) {
    const scenario::Capsule capsule = run::make_capsule(
        *loaded, outcome.result, outcome.evaluation, args.swarm, *mutants, command);
    if (!write_output(args.capsule, scenario::capsule_to_text(capsule), err)) {
      return kExitBadInput;
    }
  }
  if (outcome.evaluation.failed()) {
    out << "reproduce: " << command << "\n";
    if (!args.capsule.empty()) out << "capsule: " << args.capsule << "\n";
  } else if (exit_code == kExitHeld) {
    out << "OK: every invariant and expectation held\n";
  }
  return exit_code;
}

}  // namespace wfsim::cli
