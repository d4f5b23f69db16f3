// Shrinking a capsule end to end; see shrink_capsule.h.
#include "run/shrink_capsule.h"

#include "core/assert.h"

namespace wfsim::run {
namespace {

// A candidate run: its scenario re-loaded from JSON, its schedule replayed.
struct CandidateRun {
  std::optional<scenario::Scenario> scenario;  // Unset: the candidate's scenario did not load.
  Outcome outcome;
};

CandidateRun run_candidate(const OpenedCapsule& original, const ShrinkCandidate& candidate,
                           const ShrinkOptions& options) {
  CandidateRun run;
  auto loaded = capsule_scenario(candidate.scenario,
                                 original.scenario.file + " (shrink candidate)",
                                 original.capsule.mutants);
  if (!std::holds_alternative<scenario::Scenario>(loaded)) return run;
  run.scenario = std::get<scenario::Scenario>(std::move(loaded));
  Request request;
  request.scenario = &*run.scenario;
  request.seed = original.capsule.seed;
  request.swarm = original.capsule.swarm;
  request.replay = &candidate.schedule;
  request.max_seconds = options.max_seconds;
  request.clock = options.clock;
  request.context = original.replay_command + " (shrinking)";
  run.outcome = run_seed(request);
  return run;
}

const Finding* finding_with(const Evaluation& evaluation, const Signature& signature) {
  for (const Finding& finding : evaluation.findings) {
    if (finding.signature() == signature) return &finding;
  }
  return nullptr;
}

// The finding of the capsule's own run that the capsule records: the same name, event and event
// type (the run is the recorded one, so they match exactly); else the first of the same name.
const Finding* recorded_finding(const Evaluation& evaluation,
                                const scenario::CapsuleViolation& violation) {
  const Finding* named = nullptr;
  for (const Finding& finding : evaluation.findings) {
    if (finding.name != violation.invariant) continue;
    if (finding.event_id == violation.event_id && finding.event_type == violation.event_type) {
      return &finding;
    }
    if (named == nullptr) named = &finding;
  }
  return named;
}

// Re-runs the smallest candidate twice (it must show the finding and repeat its digest) and
// builds its capsule.
void finish(const OpenedCapsule& opened, const ShrinkCandidate& smallest,
            const ShrinkOptions& options, ShrinkResult& result) {
  const CandidateRun final_run = run_candidate(opened, smallest, options);
  const Finding* finding = final_run.scenario
                               ? finding_with(final_run.outcome.evaluation, result.signature)
                               : nullptr;
  const CandidateRun check_run = run_candidate(opened, smallest, options);
  if (finding == nullptr || check_run.outcome.result.digest != final_run.outcome.result.digest) {
    result.status = ShrinkResult::Status::diverged;
    return;
  }
  Evaluation chosen;
  chosen.findings.push_back(*finding);
  scenario::Capsule shrunk =
      make_capsule(*final_run.scenario, final_run.outcome.result, chosen, opened.capsule.swarm,
                   opened.capsule.mutants, options.output_command);
  shrunk.schedule = smallest.schedule;  // What the replay was given, so it replays exactly.
  WFSIM_ASSERT_MSG(shrunk.violation && shrunk.violation->invariant == result.finding &&
                       finding->signature() == result.signature,
                   "a shrunk capsule records the finding it was shrunk for, same signature");
  WFSIM_ASSERT_MSG(shrunk.digest == check_run.outcome.result.digest,
                   "a shrunk capsule's schedule replays to its digest");
  result.capsule = std::move(shrunk);
  result.shown = *finding;
  result.exit_code = final_run.outcome.evaluation.exit_code();
}

}  // namespace

ShrinkResult shrink_capsule(const OpenedCapsule& opened, const ShrinkOptions& options) {
  WFSIM_ASSERT_MSG(opened.capsule.violation.has_value(), "only a failing capsule shrinks");
  ShrinkResult result;
  result.finding = opened.capsule.violation->invariant;
  const ShrinkCandidate start{opened.capsule.scenario, opened.capsule.schedule};
  result.before = measure(start);
  const CandidateRun first = run_candidate(opened, start, options);
  if (first.outcome.result.digest != opened.capsule.digest) {
    result.status = ShrinkResult::Status::not_replayable;
    return result;
  }
  result.exit_code = first.outcome.evaluation.exit_code();
  const Finding* recorded = recorded_finding(first.outcome.evaluation, *opened.capsule.violation);
  if (recorded == nullptr) {
    result.status = ShrinkResult::Status::no_longer_fails;
    return result;
  }
  result.signature = recorded->signature();
  const StillFails still_fails = [&](ShrinkCandidate& candidate) {
    const CandidateRun run = run_candidate(opened, candidate, options);
    if (!run.scenario) return false;
    if (finding_with(run.outcome.evaluation, result.signature) == nullptr) {
      // The same finding with another signature is another failure: count it, reject the step.
      for (const Finding& finding : run.outcome.evaluation.findings) {
        if (finding.name != result.finding) continue;
        ++result.other_signatures;
        if (!result.first_other) result.first_other = finding.signature();
        break;
      }
      return false;
    }
    candidate.schedule = run.outcome.result.schedule;  // What actually fired.
    return true;
  };
  const ShrinkCandidate smallest = shrink(start, still_fails, options.max_attempts, result.stats);
  result.after = measure(smallest);
  finish(opened, smallest, options, result);
  return result;
}

}  // namespace wfsim::run
