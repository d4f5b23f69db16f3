// The run header (seed and every derived option, printed before a run) and the run summary of
// `wfsim run` and `wfsim replay`; see common.h.
#include <ostream>

#include "cli/common.h"

namespace wfsim::cli {
namespace {

void line(std::ostream& out, const char* label, const std::string& value) {
  std::string padded = label;
  padded.resize(20, ' ');
  out << "  " << padded << value << "\n";
}

std::string join(const std::vector<std::string>& words, const char* empty) {
  if (words.empty()) return empty;
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

void print_limits(std::ostream& out, const scenario::Scenario& scenario, double max_seconds) {
  const world::WorldConfig& config = scenario.config;
  std::string limits = "max_events=" + std::to_string(config.limits.max_events) +
                       " max_virtual=" + format_seconds(config.limits.max_virtual_time);
  if (config.dialect == world::Dialect::step_functions) {
    limits += " history_event_limit=" + std::to_string(config.sfn_options.history_event_limit);
  }
  line(out, "limits", limits);
  const Duration bound =
      config.liveness_bound ? *config.liveness_bound : world::derived_liveness_bound(config);
  line(out, "liveness bound",
       format_seconds(bound) + " after faults stop" +
           (scenario.liveness_bound_given ? "" : " (derived from the definition)"));
  line(out, "quiet period", format_seconds(config.quiet_period));
  line(out, "wall time per seed",
       max_seconds > 0 ? format_seconds(Duration::from_seconds_real(max_seconds)) : "unbounded");
}

std::string format_resource_rates(const world::ResourceRates& rates) {
  std::string out;
  for (size_t i = 0; i < rates.size(); ++i) {
    if (!rates[i]) continue;
    out += (out.empty() ? "" : " ") + std::string(world::to_string(static_cast<world::FaultKind>(i))) +
           "=" + rates[i]->to_string();
  }
  return out;
}

// Which fault kinds can hit which resource (INT-9): one line per Task state (Step Functions) or
// one for every activity (Temporal), so a reader knows what a swarm or a rate can do to each.
void print_fault_kinds(std::ostream& out, const world::WorldConfig& config) {
  if (config.dialect == world::Dialect::temporal) {
    const auto activity = world::PatternSet::of({world::Pattern::temporal_activity});
    line(out, "fault kinds", "every activity (" + world::to_string(activity) +
                                 "): " + world::applicable_kind_list(activity));
    return;
  }
  if (config.definition == nullptr) return;
  const char* label = "fault kinds";
  for (const asl::State* state : config.definition->all_states()) {
    if (!state->task) continue;
    const world::PatternSet patterns = world::patterns_of_key(*config.definition, state->name);
    line(out, label, state->name + " (" + world::to_string(patterns) +
                         "): " + world::applicable_kind_list(patterns));
    label = "";
  }
}

}  // namespace

void print_run_header(std::ostream& out, const char* command, const scenario::Scenario& scenario,
                      uint64_t seed, bool swarm, const std::vector<std::string>& mutants,
                      double max_seconds, bool replaying) {
  const world::WorldConfig& config = scenario.config;
  const bool sfn = config.dialect == world::Dialect::step_functions;
  out << "wfsim " << scenario::wfsim_version() << " " << command << "\n";
  line(out, "scenario",
       config.name + (scenario.file.empty() ? "" : " (" + scenario.file + ")"));
  line(out, "dialect", std::string(scenario::to_string(config.dialect)));
  line(out, "seed", std::to_string(seed));
  line(out, "swarm", swarm ? "on" : "off");
  line(out, "mutants", join(mutants, "none"));
  line(out, "epoch", format_iso8601_ms(config.epoch));
  line(out, "tie order", config.shuffle_ties ? "seeded" : "fifo");
  if (sfn) {
    const int64_t timeout = config.sfn_options.default_task_timeout_seconds;
    line(out, "default timeout",
         std::string(timeout == asl::kAwsDefaultTimeoutSeconds ? "aws" : "spec") + " (" +
             std::to_string(timeout) + " s when a Task gives none)");
    line(out, "activity clock",
         config.sfn_options.activity_timeout_from_scheduled ? "scheduled" : "started");
  }
  if (replaying) {
    line(out, "faults", "replayed from the capsule's schedule (rates and script not drawn)");
  } else {
    const world::FaultRates rates =
        swarm ? world::swarm_rates(config, seed) : config.faults.rates;
    line(out, swarm ? "fault rates (swarm)" : "fault rates", format_rates(rates));
    if (config.faults.swarm_envelope) {
      line(out, "swarm envelope", world::describe_swarm_envelope(config));
    }
    for (const auto& [key, rates_of_key] : config.faults.resource_rates) {
      line(out, "  rates of resource", key + ": " + format_resource_rates(rates_of_key));
    }
    line(out, "fault script", std::to_string(config.faults.script.size()) + " scripted");
  }
  print_fault_kinds(out, config);
  line(out, "fault delays", format_distribution(config.faults.rates.delay));
  line(out, "faults stop at", format_seconds(config.faults.stop_at));
  line(out, "actions", std::to_string(config.actions.size()));
  print_limits(out, scenario, max_seconds);
  out.flush();
}

namespace {

// "machine/Fan SUCCEEDED, items 3 succeeded 0 failed 0 timed out 0 aborted 0 pending of 3,
// 3 executions, redriven 0 times" (DMAP-11.1 counters).
std::string describe_map_run(const Json& run) {
  const std::string arn = run.value("mapRunArn", std::string());
  const size_t machine = arn.find(":mapRun:");
  std::string name = machine == std::string::npos ? arn : arn.substr(machine + 8);
  name = name.substr(0, name.rfind(':'));
  const Json& items = run.at("itemCounts");
  const auto count = [&](const char* key) { return std::to_string(items.value(key, 0)); };
  return name + " " + run.value("status", std::string()) + ", items " + count("succeeded") +
         " succeeded " + count("failed") + " failed " + count("timedOut") + " timed out " +
         count("aborted") + " aborted " + count("running") + " running " + count("pending") +
         " pending of " + count("total") + ", " +
         std::to_string(run.at("executionCounts").value("total", 0)) + " executions, redriven " +
         std::to_string(run.value("redriveCount", 0)) + " times";
}

}  // namespace

void print_run_summary(std::ostream& out, const run::Outcome& outcome) {
  const world::RunResult& result = outcome.result;
  const run::Evaluation& evaluation = outcome.evaluation;
  const size_t history_events = result.dialect == world::Dialect::temporal
                                    ? result.temporal_history.events.size()
                                    : result.history.events.size();
  out << "result\n";
  line(out, "status", result.final_status.empty() ? "(none)" : result.final_status);
  line(out, "stop", to_string(result.stop));
  line(out, "virtual duration", format_seconds(result.virtual_duration));
  line(out, "events", std::to_string(result.events) + " simulator, " +
                          std::to_string(history_events) + " history, " +
                          std::to_string(result.calls.records.size()) + " API calls");
  line(out, "attempts", std::to_string(result.attempts));
  for (const Json& run : result.map_runs) line(out, "map run", describe_map_run(run));
  line(out, "faults injected", format_faults_injected(result.faults_injected));
  size_t invariant_findings = 0;
  size_t expectation_findings = 0;
  for (const run::Finding& finding : evaluation.findings) {
    invariant_findings += finding.kind == run::Finding::Kind::invariant ? 1 : 0;
    expectation_findings += finding.kind == run::Finding::Kind::expectation ? 1 : 0;
  }
  line(out, "invariants", std::to_string(evaluation.invariants_checked) + " checked, " +
                              std::to_string(invariant_findings) + " violations");
  line(out, "expectations", std::to_string(evaluation.expectations_checked) + " checked, " +
                                std::to_string(expectation_findings) + " violations" +
                                (evaluation.fault_free_expectations > 0 && !evaluation.fault_free
                                     ? " (expect_fault_free not checked: faults beyond "
                                       "its allow_faults fired)"
                                     : ""));
  line(out, "digest", scenario::digest_hex(result.digest));
}

}  // namespace wfsim::cli
