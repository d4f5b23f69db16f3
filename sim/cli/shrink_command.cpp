// `wfsim shrink CAPSULE`: minimises a failing capsule (fault firings, actions, workers,
// durations, input) while the same failure still shows (the same finding with the same
// signature: state, error and status involved), and writes the smaller capsule with its
// new digest, verified by replaying it. The search and its checks are sim/run's
// (run/shrink_capsule.h); this command reports them.
#include <ostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "run/shrink_capsule.h"

namespace wfsim::cli {
namespace {

std::string default_output(const std::string& capsule) {
  const std::string suffix = ".json";
  const bool has_suffix = capsule.size() > suffix.size() && capsule.ends_with(suffix);
  return (has_suffix ? capsule.substr(0, capsule.size() - suffix.size()) : capsule) +
         ".shrunk.json";
}

}  // namespace

int shrink_command(const ShrinkArgs& args, std::ostream& out, std::ostream& err) {
  auto opened = open_capsule_or_report(args.capsule, err);
  if (!opened) return kExitBadInput;
  if (!opened->capsule.violation) {
    err << args.capsule << ": records no violation, so there is nothing to shrink\n";
    return kExitBadInput;
  }
  const std::string& finding = opened->capsule.violation->invariant;
  const std::string output = args.out.empty() ? default_output(args.capsule) : args.out;
  run::ShrinkOptions options;
  options.max_attempts = args.max_attempts;
  options.max_seconds = args.max_seconds;
  options.clock = &wall_clock();
  options.output_command = "wfsim replay " + scenario::shell_quote(output);
  const run::ShrinkResult result = run::shrink_capsule(*opened, options);
  switch (result.status) {
    case run::ShrinkResult::Status::not_replayable:
      out << "DIVERGED: the capsule does not replay to its digest; run `"
          << opened->replay_command << "` for details\n";
      return kExitNondeterminism;
    case run::ShrinkResult::Status::no_longer_fails:
      out << "NO LONGER FAILS: " << finding << " held when replaying " << args.capsule
          << "; nothing to shrink\n";
      return result.exit_code;
    case run::ShrinkResult::Status::diverged:
    case run::ShrinkResult::Status::shrunk:
      break;
  }
  out << "shrinking " << args.capsule << " (" << run::to_string(result.signature) << ", seed "
      << opened->capsule.seed << ")\n  before: " << run::to_string(result.before) << "\n"
      << "  after:  " << run::to_string(result.after) << "\n"
      << "  tried " << result.stats.attempts << " candidates, kept " << result.stats.accepted
      << (result.stats.budget_exhausted ? " (attempt budget spent; --max-attempts raises it)" : "")
      << "\n";
  if (result.other_signatures > 0) {
    out << "  rejected " << result.other_signatures << " that failed another way (first: "
        << run::to_string(*result.first_other) << ")\n";
  }
  if (result.status == run::ShrinkResult::Status::diverged) {
    out << "DIVERGED: the smallest candidate did not repeat its run (nondeterminism, or a "
           "wall-time finding that depends on the machine)\n";
    return kExitNondeterminism;
  }
  const std::string before_text = scenario::capsule_to_text(opened->capsule);
  const std::string after_text = scenario::capsule_to_text(*result.capsule);
  if (!write_output(output, after_text, err)) return kExitBadInput;
  out << "  capsule " << before_text.size() << " -> " << after_text.size() << " bytes, digest "
      << scenario::digest_hex(result.capsule->digest) << "\n"
      << "wrote " << output << "\n"
      << "STILL FAILS: " << run::to_string(result.shown->signature()) << ": "
      << result.shown->message << "\n"
      << "reproduce: wfsim replay " << scenario::shell_quote(output) << "\n";
  return result.exit_code;
}

}  // namespace wfsim::cli
