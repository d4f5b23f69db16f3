// Writing the worker, fault, action and Temporal option specs of generators.h as the scenario
// JSON of docs/scenario-format.md, and printing a generated case for RapidCheck. Keys are only
// written when they differ from the scenario defaults, so a shrunk case reads short.
#include <cmath>
#include <ostream>

#include "properties/generators.h"

namespace wfsim::properties {
namespace {

// Seconds as a JSON number: whole seconds as integers, the rest as they are.
Json seconds(double value) {
  const double whole = std::round(value);
  if (whole == value) return static_cast<int64_t>(whole);
  return value;
}

Json behaviour_json(const AttemptSpec& a, bool temporal) {
  Json out = Json::object();
  switch (a.kind) {
    case AttemptSpec::Kind::returns:
      out["Return"] = {{"ok", a.first}};
      break;
    case AttemptSpec::Kind::throws: {
      Json error = Json::object();
      if (a.error) error["Error"] = *a.error;
      error["Cause"] = "attempt " + std::to_string(a.first) + " failed";
      if (temporal && a.non_retryable) error["NonRetryable"] = true;
      if (temporal && a.next_retry_delay_seconds) {
        error["NextRetryDelaySeconds"] = *a.next_retry_delay_seconds;
      }
      out["Throw"] = std::move(error);
      break;
    }
    case AttemptSpec::Kind::hangs:
      out["Hang"] = true;
      break;
    case AttemptSpec::Kind::crashes:
      out["Crash"] = {{"after_seconds", a.crash_after_seconds}};
      break;
  }
  if (a.duration_seconds) out["duration_seconds"] = seconds(*a.duration_seconds);
  return out;
}

}  // namespace

Json worker_json(const WorkerSpec& worker, bool temporal) {
  Json out = Json::object();
  if (worker.workers != 1) out["workers"] = worker.workers;
  if (worker.duration_high_seconds > worker.duration_low_seconds) {
    out["duration_seconds"] = {{"uniform", {seconds(worker.duration_low_seconds),
                                            seconds(worker.duration_high_seconds)}}};
  } else {
    out["duration_seconds"] = seconds(worker.duration_low_seconds);
  }
  if (worker.heartbeat_every_seconds > 0) {
    out["heartbeat_every_seconds"] = seconds(worker.heartbeat_every_seconds);
  }
  if (temporal && worker.heartbeat_details) out["heartbeat_details"] = *worker.heartbeat_details;
  if (!worker.attempts.empty()) {
    Json attempts = Json::object();
    for (const AttemptSpec& a : worker.attempts) {
      const std::string key = a.first == a.last
                                  ? std::to_string(a.first)
                                  : std::to_string(a.first) + "-" + std::to_string(a.last);
      attempts[key] = behaviour_json(a, temporal);
    }
    out["attempts"] = std::move(attempts);
  }
  if (worker.restart_after_crash_seconds > 0) {
    out["restart_after_crash_seconds"] = worker.restart_after_crash_seconds;
  }
  if (worker.function_timeout_seconds) {
    out["function_timeout_seconds"] = seconds(*worker.function_timeout_seconds);
  }
  return out;
}

Json faults_json(const FaultSpec& faults) {
  Json out = Json::object();
  if (!faults.script.empty()) {
    Json script = Json::array();
    for (const ScriptedFaultSpec& f : faults.script) {
      Json entry = {{"at_seconds", seconds(f.at_seconds)}, {"kind", f.kind}};
      if (!f.target.empty()) entry["target"] = f.target;
      if (f.restart_after_seconds) entry["restart_after_seconds"] = *f.restart_after_seconds;
      if (f.length_seconds) entry["duration_seconds"] = seconds(*f.length_seconds);
      script.push_back(std::move(entry));
    }
    out["script"] = std::move(script);
  }
  if (!faults.rates.empty()) {
    Json rates = Json::object();
    for (const auto& [kind, ratio] : faults.rates) rates[kind] = ratio;
    out["rates"] = std::move(rates);
    out["delay_seconds"] = {
        {"uniform", {seconds(faults.delay_low_seconds), seconds(faults.delay_high_seconds)}}};
  }
  if (!out.empty()) out["stop_at_seconds"] = faults.stop_at_seconds;
  return out;
}

Json action_json(const ActionSpec& action) {
  Json out = {{"at_seconds", seconds(action.at_seconds)}, {"call", to_string(action.call)}};
  if (action.client_token) out["client_token"] = *action.client_token;
  if (!action.activity.empty()) out["activity"] = action.activity;
  return out;
}

Json activity_options_json(const ActivityOptionsSpec& o) {
  Json out = Json::object();
  if (o.start_to_close_seconds) out["start_to_close_seconds"] = *o.start_to_close_seconds;
  if (o.schedule_to_close_seconds) out["schedule_to_close_seconds"] = *o.schedule_to_close_seconds;
  if (o.schedule_to_start_seconds) out["schedule_to_start_seconds"] = *o.schedule_to_start_seconds;
  if (o.heartbeat_timeout_seconds) out["heartbeat_timeout_seconds"] = *o.heartbeat_timeout_seconds;
  Json retry = {{"initial_interval_seconds", o.initial_interval_seconds},
                {"backoff_coefficient", o.backoff_coefficient},
                {"maximum_attempts", o.maximum_attempts}};
  if (o.maximum_interval_seconds) retry["maximum_interval_seconds"] = *o.maximum_interval_seconds;
  if (o.fatal_is_non_retryable) retry["non_retryable_error_types"] = Json::array({"Fatal"});
  out["retry_policy"] = std::move(retry);
  return out;
}

void showValue(const GeneratedCase& generated, std::ostream& out) {
  out << "seed " << generated.seed << " (" << to_string(generated.area) << "), scenario:\n"
      << generated.scenario.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace wfsim::properties
