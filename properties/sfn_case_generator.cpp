// Generating whole Step Functions cases: a machine (machine_generator.cpp), the simulated
// workers of each of its Task states, a fault schedule (rates and scripted faults), the scenario's
// API calls (StopExecution, RedriveExecution with and without client tokens) and the input, put
// together as a self-contained scenario document.
//
// Also the fault generator both dialects share. Durations are drawn in half seconds around the
// machine's clocks (TimeoutSeconds up to 30 s, HeartbeatSeconds below it), so that attempts time
// out, heartbeat in time or too late, and complete before or after their task closed.
#include <algorithm>
#include <cmath>

#include "properties/generator_support.h"
#include "properties/generators.h"
#include "core/assert.h"
#include "world/fault_kinds.h"

namespace wfsim::properties {
namespace {

using detail::chance;
using detail::in_range;
using detail::pick;

// The first state of a hanging case: its callback Task, which nothing ever closes.
constexpr const char* kHangingState = "Work1";

// How likely each fault kind is switched on, per area (percent).
int fault_percent(Area area, const world::FaultKindTraits& kind) {
  const bool heartbeat = kind.family == world::FaultFamily::heartbeat;
  const bool completion = kind.family == world::FaultFamily::completion ||
                          kind.family == world::FaultFamily::token;
  switch (area) {
    case Area::timing:
    case Area::temporal_timers:
      return heartbeat || kind.kind == world::FaultKind::worker_pause ? 35 : 12;
    case Area::tokens:
      return completion ? 35 : 12;
    case Area::temporal_heartbeats:
      return heartbeat ? 35 : 10;
    default:
      return 10;
  }
}

// The retry area throws States.Runtime more often, so that States.ALL retriers and catchers
// meet it (invariant 5) well within the mutant test's budget.
std::optional<std::string> sfn_error(Area area) {
  const size_t runtime = area == Area::retry ? 2 : 1;
  return pick<std::optional<std::string>>({{4, std::string("E1")},
                                           {3, std::string("E2")},
                                           {runtime, std::string("States.Runtime")},
                                           {1, std::nullopt}});
}

std::vector<AttemptSpec> attempt_rules(Area area, bool temporal) {
  std::vector<AttemptSpec> rules;
  const int count = in_range(0, 4);
  uint32_t cursor = 0;
  const bool failing = area == Area::retry || area == Area::temporal_retry ||
                       area == Area::redrive || area == Area::map_runs;
  for (int i = 0; i < count; ++i) {
    AttemptSpec a;
    a.first = cursor + in_range<uint32_t>(0, 2);
    a.last = a.first + in_range<uint32_t>(0, 3);
    cursor = a.last + 1;
    a.kind = pick<AttemptSpec::Kind>({{3, AttemptSpec::Kind::returns},
                                      {failing ? 6u : 3u, AttemptSpec::Kind::throws},
                                      {1, AttemptSpec::Kind::hangs},
                                      {1, AttemptSpec::Kind::crashes}});
    if (a.kind == AttemptSpec::Kind::throws) {
      a.error = temporal ? pick<std::optional<std::string>>({{4, std::string("Flaky")},
                                                             {2, std::string("Fatal")},
                                                             {1, std::nullopt}})
                         : sfn_error(area);
      a.non_retryable = temporal && chance(15);
      if (temporal && chance(15)) a.next_retry_delay_seconds = in_range(0, 6);
    }
    if (a.kind == AttemptSpec::Kind::crashes) a.crash_after_seconds = in_range(0, 10);
    if (chance(20)) a.duration_seconds = in_range(0, 61) / 2.0;
    rules.push_back(std::move(a));
  }
  return rules;
}

// Distributed Maps get up to 7 items, mostly 3: 3, 6 and 7 put the tolerated percentages on
// their edges.
Json sfn_input(Area area) {
  Json items = Json::array();
  const int count = area == Area::map_runs
                        ? pick<int>({{5, 3}, {1, 1}, {1, 2}, {1, 4}, {1, 5}, {1, 6}, {1, 7}})
                        : in_range(1, 5);
  for (int i = 0; i < count; ++i) items.push_back(i + 1);
  return {{"flag", chance(30)}, {"items", std::move(items)}};
}

std::vector<ActionSpec> sfn_actions(Area area) {
  std::vector<ActionSpec> actions;
  const bool redrive_area = area == Area::redrive || area == Area::map_runs;
  if (chance(redrive_area ? 25 : 8)) {
    actions.push_back({in_range(0, 121) * 1.0, ApiCall::StopExecution, std::nullopt, ""});
  }
  const int redrives = redrive_area ? in_range(1, 4) : (chance(10) ? 1 : 0);
  double at = 0;
  for (int i = 0; i < redrives; ++i) {
    at += in_range(5, 400);
    ActionSpec redrive{at, ApiCall::RedriveExecution, std::nullopt, ""};
    if (chance(25)) redrive.client_token = "redrive-" + std::to_string(in_range(1, 3));
    actions.push_back(std::move(redrive));
  }
  return actions;
}

// A worker that cannot block its pool forever: a hung or crashed worker that never learns its
// task closed would keep later activity tasks from ever starting (and so from ever timing out),
// which is a dead worker pool, not an engine that fails to terminate.
void bound_worker(WorkerSpec& worker) {
  for (AttemptSpec& a : worker.attempts) {
    if (a.kind != AttemptSpec::Kind::hangs) continue;
    a.kind = AttemptSpec::Kind::returns;
    a.duration_seconds = 60;
  }
  worker.restart_after_crash_seconds = std::max(worker.restart_after_crash_seconds, 5);
}

// How much of the generated world is left free: `bounded` cases cannot run forever (liveness
// property), `hanging` cases hold exactly one thing that can (its negative twin).
enum class Mode : uint8_t { free, bounded, hanging };

GeneratedCase assemble(Area area, const MachineSpec& machine, Mode mode) {
  const bool bounded = mode != Mode::free;
  GeneratedCase c;
  c.area = area;
  Json scenario = {{"name", std::string("generated-") + to_string(area)},
                   {"dialect", "step-functions"},
                   {"definition", definition_json(machine)},
                   {"input", sfn_input(area)}};
  Json resources = Json::object();
  std::vector<FaultTargetSpec> targets;
  for (const auto& [state, task] : task_states(machine)) {
    if (mode == Mode::hanging && state == kHangingState) {
      resources[state] = {{"attempts", {{"0-99", {{"Hang", true}}}}}};
      continue;
    }
    if (chance(10)) continue;  // No pool: the world's default responder answers.
    WorkerSpec worker = *worker_spec(area, state, task);
    if (bounded) bound_worker(worker);
    resources[state] = worker_json(worker, false);
    const auto patterns = world::PatternSet::of({pattern_of(task.kind)});
    targets.push_back({state, patterns});
    targets.push_back({state + "/1", patterns});
  }
  if (!resources.empty()) scenario["resources"] = std::move(resources);
  const Json faults = faults_json(*fault_spec(area, targets));
  if (!faults.empty()) scenario["faults"] = faults;
  Json actions = Json::array();
  if (mode != Mode::hanging) {
    for (const ActionSpec& a : sfn_actions(area)) actions.push_back(action_json(a));
  }
  if (!actions.empty()) scenario["actions"] = std::move(actions);
  c.scenario = std::move(scenario);
  c.seed = in_range<uint64_t>(0, 1'000'000);
  return c;
}

// Gives every Task a TimeoutSeconds, so that no attempt can stay open forever.
void bound_tasks(SequenceSpec& sequence) {
  for (StepSpec& step : sequence.steps) {
    if (step.kind == StepSpec::Kind::task && !step.task.timeout_seconds) {
      step.task.timeout_seconds = 30;
      if (step.task.heartbeat_seconds && *step.task.heartbeat_seconds >= 30) {
        step.task.heartbeat_seconds.reset();
      }
    }
    for (SequenceSpec& branch : step.branches) bound_tasks(branch);
  }
}

}  // namespace

rc::Gen<WorkerSpec> worker_spec(Area area, const std::string& key, const TaskSpec& task) {
  return rc::gen::exec([area, key, task] {
    const bool temporal = is_temporal(area);
    WorkerSpec w;
    w.key = key;
    w.workers = in_range(1, 4);
    // In half seconds: slow enough to outlast the clocks in the timing areas, mostly within them
    // elsewhere (a Temporal workflow stops at its first failed activity).
    const bool slow = area == Area::timing || area == Area::tokens ||
                      area == Area::temporal_timers;
    w.duration_low_seconds = in_range(0, slow ? 81 : temporal ? 17 : 41) / 2.0;
    w.duration_high_seconds = w.duration_low_seconds;
    if (chance(40)) w.duration_high_seconds += in_range(1, 41) / 2.0;
    const bool can_heartbeat = temporal || task.kind != TaskKind::lambda;
    const bool beats = area == Area::timing || area == Area::temporal_heartbeats;
    if (can_heartbeat && chance(beats ? 80 : 45)) {
      w.heartbeat_every_seconds = *rc::gen::element(0.5, 1.0, 2.0, 3.0, 5.0);
    }
    if (temporal && chance(30)) {
      w.heartbeat_details = "checkpoint-" + std::to_string(in_range(1, 4));
    }
    w.attempts = attempt_rules(area, temporal);
    if (chance(40)) w.restart_after_crash_seconds = *rc::gen::element(2, 10, 30);
    // A Lambda function stops at its own timeout (Lambda's default 3 s); mostly the scenario
    // gives one that the function's work fits, sometimes one it outruns.
    if (!temporal && task.kind == TaskKind::lambda && chance(75)) {
      w.function_timeout_seconds =
          chance(80) ? std::max(1.0, std::ceil(w.duration_high_seconds) + 1)
                     : std::max(1.0, std::floor(w.duration_low_seconds / 2));
    }
    return w;
  });
}

world::Pattern pattern_of(TaskKind kind) {
  switch (kind) {
    case TaskKind::lambda: return world::Pattern::lambda;
    case TaskKind::activity: return world::Pattern::activity;
    case TaskKind::callback: return world::Pattern::callback;
    case TaskKind::sync: return world::Pattern::sync;
  }
  WFSIM_UNREACHABLE("a TaskKind outside its enumeration");
}

rc::Gen<FaultSpec> fault_spec(Area area, const std::vector<FaultTargetSpec>& targets) {
  return rc::gen::exec([area, targets] {
    FaultSpec f;
    for (const world::FaultKindTraits& kind : world::all_fault_kinds()) {
      if (!chance(fault_percent(area, kind))) continue;
      f.rates.emplace_back(std::string(kind.name),
                           *rc::gen::element<std::string>("1/2", "1/5", "1/10", "1/20"));
    }
    f.delay_low_seconds = in_range(1, 5) / 2.0;
    f.delay_high_seconds = f.delay_low_seconds + in_range(1, 30);
    const int scripted = targets.empty() ? 0 : in_range(0, 3);
    for (int i = 0; i < scripted; ++i) {
      ScriptedFaultSpec s;
      s.at_seconds = in_range(0, 121) / 2.0;
      const FaultTargetSpec& target = *rc::gen::elementOf(targets);
      std::vector<world::FaultKindTraits> can_happen;
      for (const world::FaultKindTraits& kind : world::all_fault_kinds()) {
        if (kind.applies_to.intersects(target.patterns)) can_happen.push_back(kind);
      }
      RC_ASSERT(!can_happen.empty());
      const world::FaultKindTraits& kind = *rc::gen::elementOf(can_happen);
      s.kind = std::string(kind.name);
      s.target = target.name;
      if (kind.kind == world::FaultKind::worker_crash && chance(60)) {
        s.restart_after_seconds = in_range(0, 40);
      }
      if (kind.takes_length && chance(50)) s.length_seconds = in_range(1, 41) / 2.0;
      f.script.push_back(std::move(s));
    }
    f.stop_at_seconds = 60 * in_range(2, 16);
    return f;
  });
}

rc::Gen<GeneratedCase> step_functions_case(Area area) {
  return rc::gen::exec([area] { return assemble(area, *machine_spec(area), Mode::free); });
}

rc::Gen<GeneratedCase> bounded_step_functions_case() {
  return rc::gen::exec([] {
    const Area area = *rc::gen::element(Area::retry, Area::timing, Area::tokens, Area::shape,
                                        Area::redrive);
    MachineSpec machine = *machine_spec(area);
    bound_tasks(machine.main);
    return assemble(area, machine, Mode::bounded);
  });
}

rc::Gen<GeneratedCase> hanging_step_functions_case() {
  return rc::gen::exec([] {
    const Area area = *rc::gen::element(Area::retry, Area::timing, Area::shape);
    MachineSpec machine = *machine_spec(area);
    bound_tasks(machine.main);
    machine.timeout_seconds.reset();
    StepSpec hang;
    hang.kind = StepSpec::Kind::task;
    hang.task.kind = TaskKind::callback;
    hang.jsonata = machine.jsonata;  // A JSONata machine has no JSONPath state (JSONATA-1.3).
    machine.main.steps.insert(machine.main.steps.begin(), hang);
    return assemble(area, machine, Mode::hanging);
  });
}

rc::Gen<GeneratedCase> case_for(Area area) {
  return is_temporal(area) ? temporal_case(area) : step_functions_case(area);
}

}  // namespace wfsim::properties
