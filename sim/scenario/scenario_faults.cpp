// Parsing a scenario's "faults" (scripted faults, rates, delay distribution, stop time) and
// "actions" (API calls the scenario makes at virtual times). See docs/scenario-format.md.
#include "scenario/scenario_options.h"
#include "scenario/scenario_parts.h"

#include "core/assert.h"
#include "record/api_call.h"

namespace wfsim::scenario::detail {
namespace {

using world::FaultKind;

std::string fault_kind_list() {
  std::string out;
  for (size_t i = 0; i < world::kFaultKindCount; ++i) {
    if (!out.empty()) out += ", ";
    out += world::to_string(static_cast<FaultKind>(i));
  }
  return out;
}

std::optional<FaultKind> fault_kind(Reader& reader, const std::string& name,
                                    const std::string& at) {
  const auto kind = world::parse_fault_kind(name);
  if (!kind) reader.problem(at, "unknown fault kind \"" + name + "\"; expected one of " +
                                    fault_kind_list());
  return kind;
}

// "heartbeat_drop cannot happen to 'Charge' (lambda); the kinds that can: worker_crash, ..."
std::string cannot_happen(FaultKind kind, const std::string& owner, world::PatternSet patterns) {
  return std::string(world::to_string(kind)) + " cannot happen to " + owner + " (" +
         world::to_string(patterns) + "); the kinds that can: " +
         world::applicable_kind_list(patterns) + " (docs/world.md, faults per integration " +
         "pattern)";
}

// A fault target: a resource key, or a worker name "<resource key>/<n>" with n from 1 to the
// resource's workers.
bool is_known_target(const std::string& target, const Targets& targets) {
  if (targets.resource_keys.contains(target)) return true;
  const size_t slash = target.rfind('/');
  if (slash == std::string::npos || slash + 1 == target.size()) return false;
  const std::string key = target.substr(0, slash);
  const std::string number = target.substr(slash + 1);
  if (number.size() > 9 || number.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  const auto configured = targets.workers.find(key);
  const uint64_t workers = configured != targets.workers.end() ? configured->second : 1;
  const uint64_t n = std::stoull(number);
  return targets.resource_keys.contains(key) && n >= 1 && n <= workers;
}

std::optional<world::ScriptedFault> parse_scripted(Reader& reader, const Json& entry,
                                                   const std::string& at,
                                                   const Targets& targets) {
  if (!reader.object(entry, at,
                     {"at_seconds", "kind", "target", "restart_after_seconds",
                      "duration_seconds"})) {
    return std::nullopt;
  }
  world::ScriptedFault fault;
  const auto at_time = reader.seconds(entry, at, "at_seconds", false, true);
  const auto kind_name = reader.text(entry, at, "kind", true);
  std::optional<FaultKind> kind;
  if (kind_name) kind = fault_kind(reader, *kind_name, Reader::child(at, "kind"));
  if (auto target = reader.text(entry, at, "target")) {
    if (targets.known && !is_known_target(*target, targets)) {
      reader.problem(Reader::child(at, "target"),
                     "names no resource or worker (a resource key, or \"<resource key>/<n>\" "
                     "with n from 1 to its workers)");
    }
    fault.target = *target;
  }
  fault.restart_after = reader.seconds(entry, at, "restart_after_seconds");
  const auto length = reader.seconds(entry, at, "duration_seconds");
  if (!at_time || !kind) return std::nullopt;
  fault.at = *at_time;
  fault.kind = *kind;
  if (fault.restart_after && *kind != FaultKind::worker_crash) {
    reader.problem(Reader::child(at, "restart_after_seconds"), "only for worker_crash");
  }
  if (targets.known) {
    const world::PatternSet patterns = targets.patterns_of_target(fault.target);
    if (!world::applies(*kind, patterns)) {
      reader.problem(Reader::child(at, "kind"),
                     cannot_happen(*kind,
                                   fault.target.empty() ? std::string("any Task of this scenario")
                                                        : "'" + fault.target + "'",
                                   patterns));
    }
  }
  if (length && !world::traits_of(*kind).takes_length) {
    reader.problem(Reader::child(at, "duration_seconds"),
                   "only for " + world::kinds_taking_length());
  } else if (length && *length <= Duration::zero()) {
    reader.problem(Reader::child(at, "duration_seconds"),
                   "must be positive (leave it out to draw it from faults.delay_seconds)");
  }
  fault.length = length.value_or(Duration{});
  return fault;
}

}  // namespace

world::ResourceRates parse_rates(Reader& reader, const Json& value, const std::string& at,
                                 world::PatternSet patterns, const std::string& owner) {
  world::ResourceRates rates;
  if (!value.is_object()) {
    reader.problem(at, "must be an object of fault kind -> ratio (\"1/10\")");
    return rates;
  }
  for (const auto& [name, rate] : value.items()) {
    const std::string rate_at = Reader::child(at, name);
    const auto kind = fault_kind(reader, name, rate_at);
    std::optional<Ratio> ratio;
    if (rate.is_string()) ratio = Ratio::parse(rate.get_ref<const std::string&>());
    if (!ratio) {
      reader.problem(rate_at, "must be a ratio string \"n/d\" with 0 <= n <= d, d > 0 (or \"0\", "
                              "\"1\")");
      continue;
    }
    if (!kind) continue;
    if (!ratio->is_never() && !world::applies(*kind, patterns)) {
      reader.problem(rate_at, cannot_happen(*kind, owner, patterns));
      continue;
    }
    rates[static_cast<size_t>(*kind)] = *ratio;
  }
  return rates;
}

world::FaultConfig parse_faults(Reader& reader, const Json& value, const std::string& at,
                                const Targets& targets) {
  world::FaultConfig faults;
  if (!reader.object(value, at,
                     {"script", "rates", "delay_seconds", "stop_at_seconds", "swarm"})) {
    return faults;
  }
  if (auto stop = reader.seconds(value, at, "stop_at_seconds")) faults.stop_at = *stop;
  if (const Json* script = reader.find(value, at, "script")) {
    const std::string script_at = Reader::child(at, "script");
    if (reader.array(*script, script_at)) {
      for (size_t i = 0; i < script->size(); ++i) {
        const std::string entry_at = Reader::child(script_at, i);
        auto fault = parse_scripted(reader, (*script)[i], entry_at, targets);
        if (!fault) continue;
        if (fault->at >= faults.stop_at) {
          reader.problem(Reader::child(entry_at, "at_seconds"),
                         "at or after faults.stop_at_seconds, so it would never fire");
        }
        faults.script.push_back(std::move(*fault));
      }
    }
  }
  if (const Json* rates = reader.find(value, at, "rates")) {
    // A global rate hits the Tasks whose pattern the kind applies to and no others (the run
    // header lists the kinds per Task); per-resource rates and scripted faults are checked.
    const world::ResourceRates parsed = parse_rates(reader, *rates, Reader::child(at, "rates"),
                                                    world::PatternSet::all(), "");
    for (size_t i = 0; i < world::kFaultKindCount; ++i) {
      if (parsed[i]) faults.rates.rates[i] = *parsed[i];
    }
  }
  if (const Json* swarm = reader.find(value, at, "swarm")) {
    // The envelope --swarm draws within: kinds not named stay off.
    const world::ResourceRates parsed =
        parse_rates(reader, *swarm, Reader::child(at, "swarm"),
                    targets.known ? targets.all_patterns : world::PatternSet::all(),
                    "any Task of this scenario");
    auto& envelope = faults.swarm_envelope.emplace();
    for (size_t i = 0; i < world::kFaultKindCount; ++i) {
      envelope[i] = parsed[i].value_or(Ratio::never());
    }
  }
  if (const Json* delay = reader.find(value, at, "delay_seconds")) {
    if (auto parsed = parse_distribution(reader, *delay, Reader::child(at, "delay_seconds"))) {
      faults.rates.delay = *parsed;
    }
  }
  return faults;
}

FaultFreeScope parse_fault_free_scope(Reader& reader, const Json& value, const std::string& at) {
  FaultFreeScope scope;
  const Json* allow = reader.find(value, at, "allow_faults");
  if (allow == nullptr) return scope;
  const std::string allow_at = Reader::child(at, "allow_faults");
  if (allow->is_string() && allow->get_ref<const std::string&>() == "declared") {
    scope.allow_declared = true;
    return scope;
  }
  if (!allow->is_array()) {
    reader.problem(allow_at, "must be \"declared\" (the scenario's own faults) or a list of "
                             "fault kinds; expected one of " + fault_kind_list());
    return scope;
  }
  for (size_t i = 0; i < allow->size(); ++i) {
    const Json& name = (*allow)[i];
    const std::string name_at = Reader::child(allow_at, i);
    if (!name.is_string()) {
      reader.problem(name_at, "must be a fault kind name");
      continue;
    }
    if (const auto kind = fault_kind(reader, name.get<std::string>(), name_at)) {
      scope.allowed_kinds[static_cast<size_t>(*kind)] = true;
    }
  }
  return scope;
}

std::vector<world::ScenarioAction> parse_actions(Reader& reader, const Json& value,
                                                 const std::string& at, const Targets& targets) {
  std::vector<world::ScenarioAction> actions;
  if (!reader.array(value, at)) return actions;
  const bool temporal = targets.dialect == world::Dialect::temporal;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string entry_at = Reader::child(at, i);
    const Json& entry = value[i];
    if (!reader.object(entry, entry_at,
                       {"at_seconds", "call", "client_token", "error", "cause", "activity"})) {
      continue;
    }
    world::ScenarioAction action;
    const auto at_time = reader.seconds(entry, entry_at, "at_seconds", false, true);
    const std::vector<ApiCall> allowed =
        temporal ? std::vector<ApiCall>{ApiCall::RequestCancelActivity}
                 : std::vector<ApiCall>{ApiCall::RedriveExecution, ApiCall::StopExecution};
    std::vector<std::string_view> allowed_names;
    for (const ApiCall allowed_call : allowed) allowed_names.push_back(to_string(allowed_call));
    const auto call_name = reader.choice(entry, entry_at, "call", allowed_names);
    if (!entry.contains("call")) reader.problem(entry_at, "missing required key \"call\"");
    action.client_token = reader.text(entry, entry_at, "client_token");
    action.error = reader.text(entry, entry_at, "error");
    action.cause = reader.text(entry, entry_at, "cause");
    const auto activity = reader.text(entry, entry_at, "activity");
    if (!at_time || !call_name) continue;
    const auto call = parse_api_call(*call_name);
    WFSIM_ASSERT_MSG(call.has_value(), "reader.choice accepts only the names of allowed calls");
    action.at = *at_time;
    action.call = *call;
    if (action.client_token && *call != ApiCall::RedriveExecution) {
      reader.problem(Reader::child(entry_at, "client_token"), "only for RedriveExecution");
    }
    for (const char* key : {"error", "cause"}) {
      if (entry.contains(key) && *call != ApiCall::StopExecution) {
        reader.problem(Reader::child(entry_at, key), "only for StopExecution");
      }
    }
    if (*call == ApiCall::RequestCancelActivity) {
      if (!activity) reader.problem(entry_at, "missing required key \"activity\"");
      if (activity && targets.known && !targets.state_names.contains(*activity)) {
        reader.problem(Reader::child(entry_at, "activity"),
                       "matches no activity id or type of the workflow");
      }
      action.activity = activity.value_or("");
    } else if (entry.contains("activity")) {
      reader.problem(Reader::child(entry_at, "activity"), "only for RequestCancelActivity");
    }
    actions.push_back(std::move(action));
  }
  return actions;
}

}  // namespace wfsim::scenario::detail
