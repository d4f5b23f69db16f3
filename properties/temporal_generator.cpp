// Generating whole Temporal cases: a workflow of one to three steps (an activity, or a parallel
// group of two short sequences), random ActivityOptions (StartToClose, ScheduleToClose,
// ScheduleToStart, HeartbeatTimeout, RetryPolicy), SDK-like workers per activity type, faults and
// RequestCancelActivity calls, as a self-contained scenario document.
//
// Every generated option set is one the server accepts (normalisation fills the rest), and an
// activity that may retry without a MaximumAttempts always has a ScheduleToClose, so a case ends
// within bounded virtual time.
#include <algorithm>

#include "properties/generator_support.h"
#include "properties/generators.h"

namespace wfsim::properties {
namespace {

using detail::chance;
using detail::in_range;

ActivityOptionsSpec draw_options(Area area, bool bounded) {
  ActivityOptionsSpec o;
  const int schedule_percent = area == Area::temporal_retry ? 55 : 30;
  if (chance(schedule_percent)) o.schedule_to_close_seconds = in_range(5, 121);
  if (!o.schedule_to_close_seconds || chance(80) || bounded) {
    o.start_to_close_seconds = in_range(1, 21);
  }
  if (chance(15)) o.schedule_to_start_seconds = in_range(1, 31);
  const int heartbeat_percent = area == Area::temporal_heartbeats ? 80 : 40;
  if (chance(heartbeat_percent)) {
    const int ceiling = o.start_to_close_seconds ? *o.start_to_close_seconds : 10;
    o.heartbeat_timeout_seconds = in_range(1, ceiling + 1);
  }
  o.initial_interval_seconds = in_range(1, 4);
  o.backoff_coefficient = *rc::gen::element(1.0, 1.5, 2.0, 3.0);
  if (chance(35)) {
    o.maximum_interval_seconds = in_range(o.initial_interval_seconds, 21);
  }
  o.maximum_attempts = in_range(0, 6);
  if (o.maximum_attempts == 0 && !o.schedule_to_close_seconds) {
    o.schedule_to_close_seconds = in_range(5, 121);
  }
  o.fatal_is_non_retryable = chance(30);
  return o;
}

// One activity step; its type is "Act<n>" with n counted across the workflow.
Json activity_step(const ActivityOptionsSpec& options, int& next_activity,
                   std::vector<std::string>& types) {
  const std::string type = "Act" + std::to_string(next_activity++);
  types.push_back(type);
  return {{"activity", type}, {"options", activity_options_json(options)}};
}

GeneratedCase draw_case(Area area, bool bounded) {
  Json steps = Json::array();
  std::vector<std::string> types;
  int next_activity = 1;
  const int count = in_range(1, 4);
  for (int i = 0; i < count; ++i) {
    if (!chance(20)) {
      steps.push_back(activity_step(draw_options(area, bounded), next_activity, types));
      continue;
    }
    Json branches = Json::array();
    for (int b = 0; b < 2; ++b) {
      Json branch = Json::array();
      const int length = in_range(1, 3);
      for (int j = 0; j < length; ++j) {
        branch.push_back(activity_step(draw_options(area, bounded), next_activity, types));
      }
      branches.push_back(std::move(branch));
    }
    steps.push_back({{"parallel", std::move(branches)}});
  }
  Json workflow = {{"steps", std::move(steps)}};
  if (!bounded && chance(10)) workflow["run_timeout_seconds"] = in_range(10, 201);

  GeneratedCase c;
  c.area = area;
  Json scenario = {{"name", std::string("generated-") + to_string(area)},
                   {"dialect", "temporal"},
                   {"workflow", std::move(workflow)}};
  Json resources = Json::object();
  std::vector<FaultTargetSpec> targets;
  const auto activity = world::PatternSet::of({world::Pattern::temporal_activity});
  for (const std::string& type : types) {
    WorkerSpec worker = *worker_spec(area, type, TaskSpec{});
    if (bounded) {
      worker.restart_after_crash_seconds = std::max(worker.restart_after_crash_seconds, 5);
    }
    resources[type] = worker_json(worker, true);
    targets.push_back({type, activity});
    targets.push_back({type + "/1", activity});
  }
  scenario["resources"] = std::move(resources);
  const Json faults = faults_json(*fault_spec(area, targets));
  if (!faults.empty()) scenario["faults"] = faults;
  const int cancel_percent = area == Area::temporal_heartbeats ? 50 : 15;
  if (chance(cancel_percent)) {
    ActionSpec cancel{in_range(0, 61) / 2.0, ApiCall::RequestCancelActivity, std::nullopt,
                      *rc::gen::elementOf(types)};
    scenario["actions"] = Json::array({action_json(cancel)});
  }
  c.scenario = std::move(scenario);
  c.seed = in_range<uint64_t>(0, 1'000'000);
  return c;
}

}  // namespace

rc::Gen<ActivityOptionsSpec> activity_options_spec(Area area) {
  return rc::gen::exec([area] { return draw_options(area, false); });
}

rc::Gen<GeneratedCase> temporal_case(Area area) {
  return rc::gen::exec([area] { return draw_case(area, false); });
}

rc::Gen<GeneratedCase> bounded_temporal_case() {
  return rc::gen::exec([] {
    const Area area = *rc::gen::element(Area::temporal_retry, Area::temporal_timers,
                                        Area::temporal_heartbeats);
    return draw_case(area, true);
  });
}

}  // namespace wfsim::properties
