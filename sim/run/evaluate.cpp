// Judging runs; see evaluate.h.
#include "run/evaluate.h"

#include <algorithm>

#include "core/assert.h"
#include "run/run.h"

namespace wfsim::run {
namespace {

Finding finding_of(Finding::Kind kind, const check::Violation& violation,
                   const world::RunResult& result) {
  Finding finding;
  finding.kind = kind;
  finding.name = violation.invariant;
  finding.event_id = violation.event_id;
  finding.event_type = event_type_of(result, violation.event_id);
  finding.call = violation.call;
  finding.message = violation.message;
  describe_involvement(finding, result);
  return finding;
}

std::optional<Finding> liveness_of(const world::RunResult& result, const RunContext& context) {
  Finding finding;
  finding.kind = Finding::Kind::liveness;
  if (context.wall_time_exceeded) {
    finding.name = "liveness.wall_time";
    finding.message = "the run exceeded its wall-time budget per seed (--max-seconds-per-seed)";
    return finding;
  }
  if (result.liveness_failure) {
    finding.name = "liveness.unfinished";
    finding.message = *result.liveness_failure;
    return finding;
  }
  switch (result.stop) {
    case StopReason::event_limit:
      finding.name = "liveness.event_limit";
      finding.message = "the run reached options.max_events";
      return finding;
    case StopReason::time_limit:
      finding.name = "liveness.virtual_time_limit";
      finding.message = "the run reached options.max_virtual_seconds";
      return finding;
    case StopReason::stalled:
      finding.name = "liveness.stalled";
      finding.message = "too many events at one virtual instant (a zero-time loop)";
      return finding;
    case StopReason::drained:
    case StopReason::requested:
      break;
  }
  return std::nullopt;
}

// Whether the run is one the scenario's fault-free story speaks of (scenario.h, FaultFreeScope):
// every fault that fired is of a kind it allows, or, allowing the declared faults, of a kind that
// not only swarm could have added.
bool within_fault_free_scope(const scenario::Scenario& scenario, const world::RunResult& result) {
  const scenario::FaultFreeScope& scope = scenario.fault_free_scope;
  for (const world::FaultFiring& firing : result.schedule.firings) {
    if (scope.allowed_kinds[static_cast<size_t>(firing.kind)]) continue;
    if (scope.allow_declared &&
        !world::swarm_added_kind(scenario.config, result.rates, firing.kind)) {
      continue;
    }
    return false;
  }
  return true;
}

// "<prefix>.s3" findings: each object expectation the run's store does not meet, by name.
void check_objects(const std::vector<s3::ObjectExpectation>& expectations,
                   const world::RunResult& result, std::string_view prefix,
                   Evaluation& evaluation) {
  evaluation.expectations_checked += expectations.size();
  for (const s3::ObjectExpectation& expectation : expectations) {
    if (auto message = s3::check_object(result.s3, expectation)) {
      Finding finding;
      finding.kind = Finding::Kind::expectation;
      finding.name = std::string(prefix) + ".s3";
      finding.message = std::move(*message);
      describe_involvement(finding, result);
      evaluation.findings.push_back(std::move(finding));
    }
  }
}

}  // namespace

int Evaluation::exit_code() const {
  bool liveness = false;
  for (const Finding& finding : findings) {
    if (finding.expected) continue;
    if (finding.kind != Finding::Kind::liveness) return 1;
    liveness = true;
  }
  return liveness ? 3 : 0;
}

const Finding* Evaluation::primary() const {
  for (const Finding::Kind kind :
       {Finding::Kind::invariant, Finding::Kind::expectation, Finding::Kind::liveness}) {
    for (const Finding& finding : findings) {
      if (finding.kind == kind) return &finding;
    }
  }
  return nullptr;
}

bool Evaluation::has(const std::string& name) const {
  for (const Finding& finding : findings) {
    if (finding.name == name) return true;
  }
  return false;
}

size_t invariant_count(world::Dialect dialect) {
  size_t count = 0;
  for (const check::InvariantInfo& info : check::all_invariants()) {
    count += info.temporal == (dialect == world::Dialect::temporal) ? 1 : 0;
  }
  return count;
}

std::string event_type_of(const world::RunResult& result, int64_t event_id) {
  if (event_id <= 0) return "";
  const auto index = static_cast<size_t>(event_id - 1);
  if (result.dialect == world::Dialect::temporal) {
    if (index >= result.temporal_history.events.size()) return "";
    return std::string(temporal::to_string(result.temporal_history.events[index].type));
  }
  if (index >= result.history.events.size()) return "";
  return std::string(to_string(result.history.events[index].type));
}

Evaluation evaluate(const scenario::Scenario& scenario, const world::RunResult& result,
                    const RunContext& context) {
  Evaluation evaluation;
  const check::Observation observation = observe(scenario, result);
  evaluation.invariants_checked = invariant_count(result.dialect);
  for (const check::Violation& violation : check::check_invariants(observation)) {
    evaluation.findings.push_back(finding_of(Finding::Kind::invariant, violation, result));
  }
  const std::optional<Finding> liveness = liveness_of(result, context);
  evaluation.fault_free = within_fault_free_scope(scenario, result);
  evaluation.fault_free_expectations =
      scenario.expect_fault_free.count() + scenario.expect_fault_free_s3.size();
  if (!liveness) {
    evaluation.expectations_checked = scenario.expect.count();  // check_objects adds "s3".
    for (const check::Violation& violation : check::check_expectations(
             observation, scenario.expect, result.final_status, result.virtual_duration)) {
      evaluation.findings.push_back(finding_of(Finding::Kind::expectation, violation, result));
    }
    check_objects(scenario.expect_s3, result, "expect", evaluation);
    if (evaluation.fault_free) {
      evaluation.expectations_checked += scenario.expect_fault_free.count();
      for (const check::Violation& violation :
           check::check_expectations(observation, scenario.expect_fault_free,
                                     result.final_status, result.virtual_duration,
                                     "expect_fault_free")) {
        evaluation.findings.push_back(finding_of(Finding::Kind::expectation, violation, result));
      }
      check_objects(scenario.expect_fault_free_s3, result, "expect_fault_free", evaluation);
    }
  } else {
    evaluation.findings.push_back(*liveness);
  }
  for (Finding& finding : evaluation.findings) {
    finding.expected = std::find(scenario.demonstrates.begin(), scenario.demonstrates.end(),
                                 finding.name) != scenario.demonstrates.end();
  }
  // Postconditions: findings come invariants first, then expectations, then at most one
  // liveness finding; each has a name and says what happened.
  int last_kind = 0;
  for (const Finding& finding : evaluation.findings) {
    const int kind = static_cast<int>(finding.kind);
    WFSIM_ASSERT_MSG(kind >= last_kind, "findings are ordered invariant, expectation, liveness");
    WFSIM_ASSERT(!finding.name.empty() && !finding.message.empty());
    last_kind = kind;
  }
  WFSIM_ASSERT(evaluation.invariants_checked == invariant_count(result.dialect));
  return evaluation;
}

scenario::Capsule make_capsule(const scenario::Scenario& scenario,
                               const world::RunResult& result, const Evaluation& evaluation,
                               bool swarm, const std::vector<std::string>& mutants,
                               std::string command) {
  scenario::Capsule capsule;
  capsule.version = std::string(scenario::wfsim_version());
  capsule.scenario = scenario.self_contained;
  capsule.seed = result.seed;
  capsule.swarm = swarm;
  capsule.mutants = mutants;
  capsule.schedule = result.schedule;
  capsule.digest = result.digest;
  if (const Finding* finding = evaluation.primary()) {
    capsule.violation = scenario::CapsuleViolation{finding->name, finding->event_id, finding->event_type,
                                         finding->call, finding->message};
  }
  capsule.status = result.final_status;
  capsule.events = result.events;
  capsule.stop = to_string(result.stop);
  capsule.command = std::move(command);
  return capsule;
}

}  // namespace wfsim::run
