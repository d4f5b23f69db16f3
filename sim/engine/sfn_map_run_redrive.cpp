// Step Functions engine: redriving a Map Run (DMAP-12) and DescribeMapRun (DMAP-11.1).
//
// Redriving the parent re-enters its failed Distributed Map state, which then redrives the same
// Map Run (MapRunRedriven{mapRunArn, redriveCount}) instead of starting a new one: succeeded
// children are kept; Standard children that failed, timed out or were aborted are redriven in
// place from their failed state (their own ExecutionRedriven); Express children are started
// afresh under the same ARN; children never started start now. The items read before are
// reused (DMAP-12.4). A run that never started a child, or that failed with
// States.DataLimitExceeded, is replaced by a new Map Run instead (DMAP-12.1, 12.3).
#include "engine/sfn_core.h"

namespace wfsim::sfn {
namespace {

Json counts_json(const MapRunCounts& counts) {
  return Json{{"pending", counts.pending},
              {"running", counts.running},
              {"succeeded", counts.succeeded},
              {"failed", counts.failed},
              {"timedOut", counts.timed_out},
              {"aborted", counts.aborted},
              {"total", counts.total},
              {"resultsWritten", counts.results_written},
              {"failuresNotRedrivable", counts.failures_not_redrivable},
              {"pendingRedrive", counts.pending_redrive}};
}

}  // namespace

Advance Engine::State::redrive_map_run(Thread& t, const asl::State& s, Id r) {
  MapRun& run = map_runs[r];
  WFSIM_ASSERT(run.closed && run.status != MapRunStatus::SUCCEEDED && run.children_started);
  HistoryEvent& started = emit(t, EventType::MapStateStarted);
  started.length = s.map->distributed->reader ? 0 : static_cast<int64_t>(run.item_count);
  if (!execution_of(t).running()) return Advance::blocked();
  run.owner = t.self;
  run.owner_epoch = t.epoch;
  run.closed = false;
  run.status = MapRunStatus::RUNNING;
  run.stop_date.reset();
  run.error.reset();
  run.cause.reset();
  ++run.redrive_count;
  run.redrive_date = now;
  run.next_to_start = 0;
  run.items.results_written = run.executions.results_written = 0;
  forget_s3_requests(run);  // A closed run's files still being written are written again.
  t.visit.map_run = r;
  HistoryEvent& redriven = emit(t, EventType::MapRunRedriven);
  redriven.map_run_arn = execution_of(t).history.keep(run.arn);
  redriven.redrive_count = run.redrive_count;
  if (!execution_of(t).running()) return Advance::blocked();
  std::string before = map_run_statuses(run);
  run.items.failures_not_redrivable = run.executions.failures_not_redrivable = 0;
  for (MapRunChild& child : run.children) {
    const bool unsuccessful = child.status == MapChildStatus::failed ||
                              child.status == MapChildStatus::timed_out ||
                              child.status == MapChildStatus::aborted;
    // Planted: succeeded children are re-run as well.
    const bool rerun_succeeded =
        options.mutants.has(Mutant::map_run_redrive_reruns_succeeded_children) &&
        child.status == MapChildStatus::succeeded;
    if (!unsuccessful && !rerun_succeeded) continue;
    const bool standard = run.type == asl::ChildExecutionType::standard;
    if (unsuccessful && standard && child.execution != kNone &&
        redrive_refusal(executions[child.execution]).has_value()) {
      // DMAP-12.2: a child no longer redrivable keeps its final result.
      run.items.failures_not_redrivable += child.items;
      ++run.executions.failures_not_redrivable;
      continue;
    }
    move_child(run, child, MapChildStatus::pending);  // DMAP-11.4: failed counts reset.
  }
  run.items.pending_redrive = run.items.pending;
  run.executions.pending_redrive = run.executions.pending;
  log_map_run(run, "MapRunRedriven", redriven.id, std::move(before));
  start_map_children(r);
  return Advance::blocked();
}

Json Engine::State::describe_map_run(const MapRun& run) const {
  Json out = {{"mapRunArn", run.arn},
              {"executionArn", executions[run.execution].arn},
              {"status", to_string(run.status)},
              {"startDate", format_iso8601_ms(run.start_date)}};
  if (run.stop_date) out["stopDate"] = format_iso8601_ms(*run.stop_date);
  out["maxConcurrency"] = run.max_concurrency;
  out["toleratedFailurePercentage"] = run.tolerated_percentage.value_or(0.0);
  out["toleratedFailureCount"] = run.tolerated_count.value_or(0);
  out["itemCounts"] = counts_json(run.items);
  out["executionCounts"] = counts_json(run.executions);
  out["redriveCount"] = run.redrive_count;
  if (run.redrive_date) out["redriveDate"] = format_iso8601_ms(*run.redrive_date);
  return out;
}

namespace {

const MapRun* find_map_run(const std::deque<MapRun>& runs, std::string_view arn) {
  for (const MapRun& run : runs) {  // Few runs per execution; a scan keeps no second index.
    if (run.arn == arn) return &run;
  }
  return nullptr;
}

}  // namespace

ApiAnswer Engine::describe_map_run(Instant now, std::string_view arn) const {
  const State& s = *state_;
  WFSIM_ASSERT(now >= s.now);
  const MapRun* run = find_map_run(s.map_runs, arn);
  if (run == nullptr) {
    return ApiAnswer::failure("ResourceNotFound",
                              "Resource not found: '" + std::string(arn) + "'");
  }
  return ApiAnswer::success(s.describe_map_run(*run));
}

std::vector<std::string> Engine::map_run_arns() const {
  std::vector<std::string> out;
  for (const MapRun& run : state_->map_runs) out.push_back(run.arn);
  return out;
}

std::vector<std::string> Engine::map_run_children(std::string_view arn) const {
  const State& s = *state_;
  std::vector<std::string> out;
  const MapRun* run = find_map_run(s.map_runs, arn);
  if (run == nullptr) return out;
  for (const MapRunChild& child : run->children) {
    out.push_back(child.execution == kNone ? std::string() : s.executions[child.execution].arn);
  }
  return out;
}

}  // namespace wfsim::sfn
