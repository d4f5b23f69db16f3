// Step Functions history shape (invariants 12 and 14): the structural problems the record index
// found, the event limit, and what a failing Parallel branch or Map iteration must leave behind
// (SFN-1.5g, 1.5h): every open Task closed by TaskStateAborted, every other running iteration
// MapIterationAborted, the failing one MapIterationFailed, and nothing after ...StateFailed.
// Invariant 13 (retry shape) is found entirely by the index (sfn_record.cpp).
#include <fmt/format.h>

#include "check/checks_internal.h"
#include "check/invariant_names.h"
#include "check/record_view.h"
#include "check/sfn_record.h"

namespace wfsim::check::sfn {
namespace {

void check_failed_run(const Record& r, const Run& run, Findings& findings) {
  const EventType failed = r.end_type(run);
  const Visit& owner = r.visits[static_cast<size_t>(run.visit)];
  const bool map = failed == EventType::MapStateFailed;
  for (const int id : r.threads_below(run)) {
    const Thread& t = r.threads[static_cast<size_t>(id)];
    for (const int64_t e : t.events) {
      if (e > run.ended) {
        findings.add(e, 0,
                     fmt::format("{} on {} follows {} (event {}) of '{}': nothing in a "
                                 "failed block runs on",
                                 to_string(r.event(e).type), t.key, to_string(failed),
                                 run.ended, owner.name));
        break;
      }
    }
    if (t.visits.empty()) continue;
    const Visit& v = r.visits[static_cast<size_t>(t.visits.back())];
    if (v.state == nullptr || v.exited != 0 || v.aborted != 0) continue;
    const std::optional<EventType> expected = events_of(v.state->type).aborted;
    // A failing Parallel or Map inside reports ...StateFailed instead of being aborted.
    const bool nested_failed =
        !v.runs.empty() && r.runs[static_cast<size_t>(v.runs.back())].ended != 0 &&
        !is_state_aborted(r.end_type(r.runs[static_cast<size_t>(v.runs.back())]));
    if (!expected || nested_failed) continue;
    findings.add(
        run.ended, 0,
        fmt::format("'{}' on {} was still open when '{}' failed (event {}); it must close "
                    "with {}, never {}Exited",
                    v.name, t.key, owner.name, run.ended, to_string(*expected),
                    to_string(v.state->type)));
  }
  // A Distributed Map has no iterations in this history: its items ran as child executions,
  // and MapRunFailed says why it failed (DMAP-1.3, 9.2, 9.3).
  const bool distributed = owner.state != nullptr && owner.state->map.has_value() &&
                           owner.state->map->distributed.has_value();
  if (!map || distributed) return;
  int failed_iterations = 0;
  for (const int c : run.children) {
    const Thread& t = r.threads[static_cast<size_t>(c)];
    if (t.iteration_end == 0) {
      findings.add(run.ended, 0,
                   fmt::format("iteration {} of '{}' was running when the Map failed (event {}) "
                               "and has no MapIterationAborted",
                               t.index, owner.name, run.ended));
    } else if (r.event(t.iteration_end).type == EventType::MapIterationFailed) {
      ++failed_iterations;
    }
  }
  if (failed_iterations == 0) {
    findings.add(run.ended, 0,
                 fmt::format("Map '{}' failed (event {}) without a MapIterationFailed for the "
                             "iteration that failed",
                             owner.name, run.ended));
  }
}

}  // namespace

void check_history_well_formed(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnHistoryWellFormed,
                   "the registry pairs each checker with its own invariant");
  report_record_problems(context, findings);
  const Record& r = context.record();
  const int64_t limit = r.observation.semantics.history_event_limit;
  if (static_cast<int64_t>(r.history.size()) > limit) {
    findings.add(limit + 1, 0,
                 fmt::format("the history has {} events; the limit is {} (the "
                             "limit-th event is the ExecutionFailed)",
                             r.history.size(), limit));
  }
}

void check_branch_abort(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnBranchAbort,
                   "the registry pairs each checker with its own invariant");
  report_record_problems(context, findings);
  const Record& r = context.record();
  if (!r.usable) return;
  for (const Run& run : r.runs) {
    if (run.ended == 0) continue;
    const EventType type = r.end_type(run);
    if (type == EventType::ParallelStateFailed || type == EventType::MapStateFailed) {
      check_failed_run(r, run, findings);
    }
  }
}

}  // namespace wfsim::check::sfn
