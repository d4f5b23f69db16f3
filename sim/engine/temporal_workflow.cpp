// Workflow runs of the Temporal engine: starting, step progression through sequences and
// parallel groups, and the workflow's close (the rule is stated on WorkflowSpec in
// temporal_spec.h and in docs/temporal.md).
#include <cstdio>

#include "core/assert.h"
#include "engine/temporal_state.h"

namespace wfsim::temporal {
namespace {

bool has_unassigned_ids(const std::vector<Step>& steps) {
  for (const Step& step : steps) {
    if (step.activity && step.activity->activity_id.empty()) return true;
    for (const auto& branch : step.parallel) {
      if (has_unassigned_ids(branch)) return true;
    }
  }
  return false;
}

// A version-4 UUID drawn from the engine's stream, as Temporal run ids look.
std::string draw_run_id(Random& random) {
  const uint64_t high = random.next_u64();
  const uint64_t low = random.next_u64();
  char text[40];
  std::snprintf(text, sizeof text, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                static_cast<unsigned long long>(high >> 32),
                static_cast<unsigned long long>((high >> 16) & 0xffff),
                static_cast<unsigned long long>(high & 0xfff),
                static_cast<unsigned long long>(0x8000 | ((low >> 48) & 0x3fff)),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

// An activity's result as a step result: null, the single payload, or the list.
Json step_result(const Payloads& result) {
  if (result.empty()) return nullptr;
  if (result.size() == 1) return result.front();
  return Json(result);
}

}  // namespace

Reply<StartWorkflowResponse> Engine::State::start_workflow(
    Instant now, std::shared_ptr<const WorkflowSpec> spec, const std::string& workflow_id,
    const Json& input) {
  using R = Reply<StartWorkflowResponse>;
  WFSIM_ASSERT(spec != nullptr);
  if (workflow_id.empty()) {
    return R::failure("InvalidArgument", "WorkflowId is not set on request.");
  }
  if (const auto it = workflow_index.find(workflow_id); it != workflow_index.end()) {
    return R::failure("WorkflowExecutionAlreadyStarted",
                      "Workflow execution is already running. WorkflowId: " + workflow_id +
                          ", RunId: " + workflows[it->second].run_id + ".");
  }
  if (has_unassigned_ids(spec->steps)) {
    auto assigned = std::make_shared<WorkflowSpec>(*spec);
    assign_activity_ids(*assigned);
    spec = std::move(assigned);
  }
  const asl::Problems problems = validate_workflow_spec(*spec);
  if (!problems.empty()) {
    std::string message = asl::to_string(problems.front());
    if (problems.size() > 1) message += " (and " + std::to_string(problems.size() - 1) + " more)";
    return R::failure("InvalidArgument", message);
  }
  const auto index = static_cast<uint32_t>(workflows.size());
  WorkflowRun& workflow = workflows.emplace_back();
  workflow_index.emplace(workflow_id, index);
  workflow.workflow_id = workflow_id;
  workflow.run_id = draw_run_id(random);
  workflow.spec = spec;
  workflow.run_timeout = effective_run_timeout(*spec);
  workflow.input = input;
  workflow.start_time = now;

  HistoryEvent& e = workflow.history.append(EventType::WorkflowExecutionStarted, now);
  e.workflow_type = spec->workflow_type;
  e.task_queue = spec->task_queue;
  e.input = {input};
  e.workflow_run_timeout = workflow.run_timeout.value_or(Duration::zero());
  e.run_id = workflow.run_id;
  e.attempt = 1;

  workflow.run_timeout_slot = new_timer(TimerKind::run_timeout, index);
  if (workflow.run_timeout) {
    arm(workflow.run_timeout_slot, saturating_add(now, *workflow.run_timeout), 1);
  }
  workflow.sequences.push_back(SequenceRun{&spec->steps, 0, std::nullopt, false, false,
                                           Json::array()});
  const std::string run_id = workflow.run_id;
  advance(index, 0, now);
  return R::success({run_id});
}

void Engine::State::advance(uint32_t workflow_index_in, uint32_t sequence, Instant now) {
  WorkflowRun& workflow = workflows[workflow_index_in];
  WFSIM_ASSERT(workflow.status == WorkflowStatus::running);
  SequenceRun& run = workflow.sequences[sequence];
  WFSIM_ASSERT(!run.ended);
  if (!run.failed && run.next < run.steps->size()) {
    const Step& step = (*run.steps)[run.next];
    if (step.activity) {
      schedule_activity(workflow_index_in, sequence, *step.activity, now);
      return;
    }
    const auto group = static_cast<uint32_t>(workflow.groups.size());
    workflow.groups.push_back(GroupRun{sequence, {}, step.parallel.size(), false});
    for (const std::vector<Step>& branch : step.parallel) {
      workflow.groups[group].branches.push_back(static_cast<uint32_t>(workflow.sequences.size()));
      workflow.sequences.push_back(SequenceRun{&branch, 0, group, false, false, Json::array()});
    }
    // Branches start in order; a copy, since starting one may grow the vectors.
    const std::vector<uint32_t> branches = workflow.groups[group].branches;
    for (const uint32_t branch : branches) advance(workflow_index_in, branch, now);
    return;
  }

  // The sequence has ended.
  run.ended = true;
  if (!run.group) {
    for (const uint32_t a : workflow.activities) {
      WFSIM_ASSERT(activities[a].phase == ActivityPhase::closed);
    }
    close_workflow(workflow_index_in, now);
    return;
  }
  GroupRun& group = workflow.groups[*run.group];
  WFSIM_ASSERT(group.open_branches > 0);
  --group.open_branches;
  group.failed = group.failed || run.failed;
  if (group.open_branches > 0) return;
  SequenceRun& parent = workflow.sequences[group.parent_sequence];
  if (group.failed) {
    parent.failed = true;
  } else {
    Json results = Json::array();
    for (const uint32_t branch : group.branches) {
      results.push_back(workflow.sequences[branch].results);
    }
    parent.results.push_back(std::move(results));
    ++parent.next;
  }
  advance(workflow_index_in, group.parent_sequence, now);
}

void Engine::State::activity_closed(uint32_t activity, Instant now, const Payloads& result) {
  const ActivityRun& run = activities[activity];
  WFSIM_ASSERT(run.phase == ActivityPhase::closed);
  WorkflowRun& workflow = workflows[run.workflow];
  SequenceRun& sequence = workflow.sequences[run.sequence];
  if (run.outcome == ActivityOutcome::completed) {
    sequence.results.push_back(step_result(result));
    ++sequence.next;
  } else {
    sequence.failed = true;
    if (!workflow.first_failed_activity) workflow.first_failed_activity = activity;
  }
  advance(run.workflow, run.sequence, now);
}

void Engine::State::close_workflow(uint32_t index, Instant now) {
  WorkflowRun& workflow = workflows[index];
  disarm(workflow.run_timeout_slot);
  const SequenceRun& top = workflow.sequences.front();
  if (top.failed) {
    WFSIM_ASSERT(workflow.first_failed_activity.has_value());
    const ActivityRun& failed = activities[*workflow.first_failed_activity];
    WFSIM_ASSERT(failed.close_failure.has_value());
    Failure wrapper;
    wrapper.message = "activity error";
    wrapper.info = FailureInfo::activity;
    wrapper.scheduled_event_id = failed.scheduled_event_id;
    wrapper.started_event_id = failed.started_event_id;
    wrapper.identity = failed.started_event_id != 0 ? failed.identity : std::string();
    wrapper.activity_type = failed.step->activity_type;
    wrapper.activity_id = failed.step->activity_id;
    wrapper.retry_state = failed.close_retry_state;
    wrapper.cause = std::make_shared<const Failure>(*failed.close_failure);
    HistoryEvent& e = workflow.history.append(EventType::WorkflowExecutionFailed, now);
    e.failure = std::move(wrapper);
    e.retry_state = RetryState::retry_policy_not_set;  // Workflows get no retry policy (TMP-2.1).
    workflow.status = WorkflowStatus::failed;
  } else {
    workflow.history.append(EventType::WorkflowExecutionCompleted, now).result = {top.results};
    workflow.status = WorkflowStatus::completed;
  }
  workflow.close_time = now;
  host.workflow_closed(workflow.workflow_id, workflow.status);
}

void Engine::State::time_out_workflow(uint32_t index, Instant now) {
  WorkflowRun& workflow = workflows[index];
  WFSIM_ASSERT(workflow.status == WorkflowStatus::running);
  // Open activities are abandoned: their tokens now answer "workflow execution already
  // completed" and their timers are gone.
  for (const uint32_t a : workflow.activities) {
    if (activities[a].phase != ActivityPhase::closed) abandon(a);
  }
  workflow.history.append(EventType::WorkflowExecutionTimedOut, now).retry_state =
      RetryState::timeout;
  workflow.status = WorkflowStatus::timed_out;
  workflow.close_time = now;
  host.workflow_closed(workflow.workflow_id, workflow.status);
}

WorkflowDescription Engine::State::describe(const WorkflowRun& workflow) const {
  WorkflowDescription d;
  d.workflow_id = workflow.workflow_id;
  d.run_id = workflow.run_id;
  d.workflow_type = workflow.spec->workflow_type;
  d.status = workflow.status;
  d.start_time = workflow.start_time;
  d.close_time = workflow.close_time;
  d.history_length = static_cast<int64_t>(workflow.history.size());
  if (workflow.status != WorkflowStatus::running) return d;
  for (const uint32_t a : workflow.activities) {
    const ActivityRun& run = activities[a];
    if (run.phase == ActivityPhase::closed) continue;
    PendingActivity p;
    p.activity_id = run.step->activity_id;
    p.activity_type = run.step->activity_type;
    p.state = run.cancel_requested                 ? PendingActivityState::cancel_requested
              : run.phase == ActivityPhase::started ? PendingActivityState::started
                                                    : PendingActivityState::scheduled;
    p.attempt = run.attempt;
    p.maximum_attempts = run.options.retry_policy.maximum_attempts;
    p.heartbeat_details = run.heartbeat_details;
    p.last_heartbeat_time = run.heartbeat_details_time;
    if (run.phase == ActivityPhase::started) p.last_started_time = run.started_time;
    p.scheduled_time = run.scheduled_time;
    if (run.options.timeouts.schedule_to_close) {
      p.expiration_time =
          saturating_add(run.first_scheduled_time, *run.options.timeouts.schedule_to_close);
    }
    p.last_failure = run.last_failure;
    p.last_worker_identity = run.identity;
    d.pending_activities.push_back(std::move(p));
  }
  return d;
}

}  // namespace wfsim::temporal
