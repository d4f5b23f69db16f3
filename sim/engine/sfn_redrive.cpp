// Step Functions engine: RedriveExecution and DescribeExecution.
//
// Eligibility follows SFN-3.2/3.3 (status, 14-day window, launch date, event limit, 1-year open
// time; Express executions refuse). A redrive appends ExecutionRedriven and resumes every
// unsuccessful thread at the state where it stopped, with that state's original input, retry
// counters at 0 and the execution and task clocks restarted (SFN-3.5); a redriven state is
// entered again (our choice where AWS is unattested, SFN-3.10). Parallel and Map rerun only failed
// or aborted children, everything after States.DataLimitExceeded (SFN-3.6). clientToken makes a
// repeated call within 15 minutes idempotent (SFN-3.4).
#include "engine/sfn_core.h"

namespace wfsim::sfn {

std::optional<std::string> Engine::State::redrive_refusal(const Execution& e) const {
  if (e.type == ExecutionType::EXPRESS) {
    return "Execution of an EXPRESS state machine cannot be redriven";
  }
  if (e.status == ExecutionStatus::RUNNING) return "Execution is RUNNING and cannot be redriven";
  if (e.status == ExecutionStatus::SUCCEEDED) {
    return "Execution is SUCCEEDED and cannot be redriven";
  }
  if (e.start_date < options.redrive_launch) {
    return "Execution was started before the launch of RedriveExecution";
  }
  // Room for ExecutionRedriven and at least one more event (SFN-3.2).
  if (e.history.size() + 1 >= static_cast<size_t>(options.history_event_limit)) {
    return "Execution history event limit exceeded";
  }
  if (e.open_before_run >= options.max_execution_duration) {
    return "Execution has exceeded the max execution time";
  }
  if (e.stop_date && now - *e.stop_date > options.redrive_window) {
    return "Execution redrivable period exceeded";
  }
  return std::nullopt;
}

ApiAnswer Engine::State::redrive(Execution& e, Id id, std::optional<std::string> client_token) {
  while (!e.client_tokens.empty() &&
         now - e.client_tokens.front().used_at > options.redrive_client_token_lifetime) {
    e.client_tokens.pop_front();
  }
  if (client_token) {
    if (client_token->empty() || client_token->size() > 64) {
      return ApiAnswer::failure("ValidationException",
                                "clientToken must be between 1 and 64 characters long");
    }
    for (const ClientToken& used : e.client_tokens) {
      if (used.token == *client_token) return ApiAnswer::success(used.response);
    }
  }
  if (auto refusal = redrive_refusal(e)) {
    return ApiAnswer::failure("ExecutionNotRedrivable", *refusal);
  }
  e.status = ExecutionStatus::RUNNING;
  ++running_count;
  ++e.redrive_count;
  e.redrive_date = now;
  e.run_start = now;
  e.stop_date.reset();
  e.output = nullptr;
  e.error.reset();
  e.cause.reset();
  HistoryEvent& redriven = emit(e, EventType::ExecutionRedriven,
                                static_cast<int64_t>(e.history.size()));
  redriven.redrive_count = e.redrive_count;
  const int64_t redriven_id = redriven.id;
  arm_execution_timer(e, id);
  Thread& root = thread(e.root);
  if (options.mutants.has(Mutant::redrive_reruns_succeeded_states)) {
    ++root.epoch;
    root.status = ThreadStatus::pending;
    root.failure.reset();
    start_thread(root, e.definition->root.start_at, e.input);
  } else {
    redrive_thread(e.root, false);
  }
  root.last_event_id = redriven_id;
  enqueue(StepKind::run_thread, e.root, root.epoch);
  Json response = {{"redriveDate", format_iso8601_ms(now)}};
  if (client_token) {
    e.client_tokens.push_back(ClientToken{*client_token, now, response});
    while (e.client_tokens.size() > options.redrive_client_tokens_kept) e.client_tokens.pop_front();
  }
  return ApiAnswer::success(std::move(response));
}

// Prepares a thread of a failed, timed-out or aborted run to resume at the state where it
// stopped; the caller enqueues it. A Parallel or Map state remembers its old block so that only
// its unsuccessful children rerun.
void Engine::State::redrive_thread(Id id, bool rerun_everything) {
  Thread& t = thread(id);
  WFSIM_ASSERT(t.status != ThreadStatus::succeeded);
  ++t.epoch;
  t.status = ThreadStatus::pending;
  t.failure.reset();
  const Id old_block = t.visit.block;
  const Id old_map_run = t.visit.map_run;
  const int state = t.visit.state;
  Document input = t.visit.input;
  start_thread(t, state, std::move(input));
  const asl::State& s = state_of(t);
  const bool is_block = s.type == asl::StateType::Parallel || s.type == asl::StateType::Map;
  if (is_block && old_block != kNone && !rerun_everything) t.visit.redrive_block = old_block;
  if (old_map_run != kNone && !rerun_everything) t.visit.redrive_map_run = old_map_run;
}

Json Engine::State::describe(const Execution& e) const {
  Json out = {{"executionArn", e.arn},
              {"stateMachineArn", e.state_machine_arn},
              {"name", e.name},
              {"status", to_string(e.status)},
              {"startDate", format_iso8601_ms(e.start_date)}};
  if (e.stop_date) out["stopDate"] = format_iso8601_ms(*e.stop_date);
  out["input"] = to_compact_text(e.input ? *e.input : Json::object());
  out["inputDetails"] = {{"included", true}};
  if (e.output) {
    out["output"] = to_compact_text(*e.output);
    out["outputDetails"] = {{"included", true}};
  }
  if (e.error) out["error"] = *e.error;
  if (e.cause) out["cause"] = *e.cause;
  if (e.map_run != kNone) out["mapRunArn"] = map_runs[e.map_run].arn;  // DMAP-8.1.
  out["redriveCount"] = e.redrive_count;
  if (e.redrive_date) out["redriveDate"] = format_iso8601_ms(*e.redrive_date);
  if (auto refusal = redrive_refusal(e)) {
    out["redriveStatus"] = "NOT_REDRIVABLE";
    out["redriveStatusReason"] = *refusal;
  } else {
    out["redriveStatus"] = "REDRIVABLE";
  }
  return out;
}

}  // namespace wfsim::sfn
