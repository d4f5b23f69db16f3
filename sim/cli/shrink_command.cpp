// `wfsim shrink CAPSULE`: minimises a failing capsule (fault firings, actions, workers,
// durations, input) while the same invariant still fails, and writes the smaller capsule with its
// new digest, verified by replaying it.
#include <ostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/replay_support.h"
#include "scenario/shrink.h"

namespace wfsim::cli {
namespace {

std::string default_output(const std::string& capsule) {
  const std::string suffix = ".json";
  const bool has_suffix = capsule.size() > suffix.size() && capsule.ends_with(suffix);
  return (has_suffix ? capsule.substr(0, capsule.size() - suffix.size()) : capsule) +
         ".shrunk.json";
}

// Runs a candidate (its scenario re-loaded from JSON, its schedule replayed).
struct CandidateRun {
  bool loaded = false;
  std::optional<scenario::Scenario> scenario;
  RunOutcome outcome;
};

CandidateRun run_candidate(const OpenedCapsule& original,
                           const scenario::ShrinkCandidate& candidate, const ShrinkArgs& args,
                           const std::string& context) {
  CandidateRun run;
  auto loaded = capsule_scenario(candidate.scenario, args.capsule + " (shrink candidate)",
                                 original.capsule.mutants);
  if (!std::holds_alternative<scenario::Scenario>(loaded)) return run;
  run.loaded = true;
  run.scenario = std::get<scenario::Scenario>(std::move(loaded));
  RunRequest request;
  request.scenario = &*run.scenario;
  request.seed = original.capsule.seed;
  request.swarm = original.capsule.swarm;
  request.replay = &candidate.schedule;
  request.max_seconds = args.max_seconds;
  request.context = context;
  run.outcome = run_seed(request);
  return run;
}

const scenario::Finding* finding_named(const scenario::Evaluation& evaluation,
                                       const std::string& name) {
  for (const scenario::Finding& finding : evaluation.findings) {
    if (finding.name == name) return &finding;
  }
  return nullptr;
}

// Re-runs the smallest candidate twice (it must fail the same way and repeat its digest) and
// writes its capsule.
int write_shrunk(const OpenedCapsule& opened, const scenario::ShrinkCandidate& smallest,
                 const ShrinkArgs& args, const std::string& output, std::ostream& out,
                 std::ostream& err) {
  const std::string& invariant = opened.capsule.violation->invariant;
  const std::string context = opened.replay_command + " (shrinking)";
  const CandidateRun final_run = run_candidate(opened, smallest, args, context);
  const scenario::Finding* finding =
      final_run.loaded ? finding_named(final_run.outcome.evaluation, invariant) : nullptr;
  const CandidateRun check_run = run_candidate(opened, smallest, args, context);
  if (finding == nullptr || check_run.outcome.result.digest != final_run.outcome.result.digest) {
    out << "DIVERGED: the smallest candidate did not repeat its run (nondeterminism, or a "
           "wall-time finding that depends on the machine)\n";
    return kExitNondeterminism;
  }
  scenario::Evaluation chosen;
  chosen.findings.push_back(*finding);
  scenario::Capsule shrunk = scenario::make_capsule(
      *final_run.scenario, final_run.outcome.result, chosen, opened.capsule.swarm,
      opened.capsule.mutants, "wfsim replay " + scenario::shell_quote(output));
  shrunk.schedule = smallest.schedule;  // What the replay was given, so it replays exactly.
  const std::string before_text = scenario::capsule_to_text(opened.capsule);
  const std::string after_text = scenario::capsule_to_text(shrunk);
  if (!write_output(output, after_text, err)) return kExitBadInput;
  out << "  capsule " << before_text.size() << " -> " << after_text.size() << " bytes, digest "
      << scenario::digest_hex(shrunk.digest) << "\n"
      << "wrote " << output << "\n"
      << "STILL FAILS: " << invariant << ": " << finding->message << "\n"
      << "reproduce: wfsim replay " << scenario::shell_quote(output) << "\n";
  return final_run.outcome.evaluation.exit_code();
}

}  // namespace

int shrink_command(const ShrinkArgs& args, std::ostream& out, std::ostream& err) {
  auto opened = open_capsule(args.capsule, err);
  if (!opened) return kExitBadInput;
  if (!opened->capsule.violation) {
    err << args.capsule << ": records no violation, so there is nothing to shrink\n";
    return kExitBadInput;
  }
  const std::string invariant = opened->capsule.violation->invariant;
  const std::string output = args.out.empty() ? default_output(args.capsule) : args.out;
  const scenario::ShrinkCandidate start{opened->capsule.scenario, opened->capsule.schedule};
  const CandidateRun first = run_candidate(*opened, start, args, opened->replay_command);
  if (first.outcome.result.digest != opened->capsule.digest) {
    out << "DIVERGED: the capsule does not replay to its digest; run `"
        << opened->replay_command << "` for details\n";
    return kExitNondeterminism;
  }
  if (!first.outcome.evaluation.has(invariant)) {
    out << "NO LONGER FAILS: " << invariant << " held when replaying " << args.capsule
        << "; nothing to shrink\n";
    return first.outcome.evaluation.exit_code();
  }
  out << "shrinking " << args.capsule << " (" << invariant << ", seed " << opened->capsule.seed
      << ")\n  before: " << scenario::to_string(scenario::measure(start)) << "\n";

  const std::string context = opened->replay_command + " (shrinking)";
  const scenario::StillFails still_fails = [&](scenario::ShrinkCandidate& candidate) {
    const CandidateRun run = run_candidate(*opened, candidate, args, context);
    if (!run.loaded || !run.outcome.evaluation.has(invariant)) return false;
    candidate.schedule = run.outcome.result.schedule;  // What actually fired.
    return true;
  };
  scenario::ShrinkStats stats;
  const scenario::ShrinkCandidate smallest =
      scenario::shrink(start, still_fails, args.max_attempts, stats);
  out << "  after:  " << scenario::to_string(scenario::measure(smallest)) << "\n"
      << "  tried " << stats.attempts << " candidates, kept " << stats.accepted
      << (stats.budget_exhausted ? " (attempt budget spent; --max-attempts raises it)" : "")
      << "\n";

  return write_shrunk(*opened, smallest, args, output, out, err);
}

}  // namespace wfsim::cli
