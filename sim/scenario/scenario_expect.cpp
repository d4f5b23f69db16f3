// Parsing the expectations of an expect block that read the history's attempts and events:
// "max_attempts" ({"ChargeCard": 3}) and "if_then" ([{"if": ..., "then": ...}]). See
// docs/scenario-format.md. The other keys are scenario_options.cpp's; judging them is
// sim/check's (expectations.cpp).
#include "record/history.h"
#include "record/temporal_history.h"
#include "scenario/scenario_options.h"

namespace wfsim::scenario::detail {
namespace {

bool known_event_type(world::Dialect dialect, const std::string& name) {
  return dialect == world::Dialect::temporal ? temporal::parse_event_type(name).has_value()
                                             : parse_event_type(name).has_value();
}

std::string state_problem(const Targets& targets) {
  return targets.dialect == world::Dialect::temporal
             ? "matches no activity id or type of the workflow"
             : "matches no state of the definition";
}

// "TaskFailed" (an event type), or {"event": "TaskFailed", "state": "ChargeCard"} with either
// key, or {"state": "ChargeCard"} (the state was reached).
std::optional<check::EventPattern> parse_pattern(Reader& reader, const Json& value,
                                                 const std::string& at, const Targets& targets) {
  check::EventPattern pattern;
  if (value.is_string()) {
    pattern.event = value.get<std::string>();
  } else if (reader.object(value, at, {"event", "state"})) {
    pattern.event = reader.text(value, at, "event").value_or("");
    pattern.state = reader.text(value, at, "state").value_or("");
    if (pattern.event.empty() && pattern.state.empty()) {
      reader.problem(at, "must name an \"event\" type, a \"state\", or both");
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  bool ok = true;
  if (!pattern.event.empty() && !known_event_type(targets.dialect, pattern.event)) {
    reader.problem(value.is_string() ? at : Reader::child(at, "event"),
                   targets.dialect == world::Dialect::temporal
                       ? "must be a Temporal event type (\"ActivityTaskTimedOut\", ...)"
                       : "must be a Step Functions history event type (\"TaskFailed\", ...)");
    ok = false;
  }
  if (!pattern.state.empty() && targets.known && !targets.state_names.contains(pattern.state)) {
    reader.problem(Reader::child(at, "state"), state_problem(targets));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return pattern;
}

void parse_max_attempts(Reader& reader, const Json& object, const std::string& at,
                        const Targets& targets, check::Expectations& expect) {
  const Json* limits = reader.find(object, at, "max_attempts");
  if (limits == nullptr) return;
  const std::string limits_at = Reader::child(at, "max_attempts");
  if (!limits->is_object()) {
    reader.problem(limits_at, "must be an object of state -> the most attempts it may have");
    return;
  }
  for (const auto& [name, most] : limits->items()) {
    const std::string name_at = Reader::child(limits_at, name);
    if (targets.known && !targets.state_names.contains(name)) {
      reader.problem(name_at, state_problem(targets));
      continue;
    }
    if (auto parsed = reader.integer(*limits, limits_at, name, 0, 1'000'000)) {
      expect.max_attempts.emplace_back(name, static_cast<uint32_t>(*parsed));
    }
  }
}

void parse_if_then(Reader& reader, const Json& object, const std::string& at,
                   const Targets& targets, check::Expectations& expect) {
  const Json* rules = reader.find(object, at, "if_then");
  if (rules == nullptr) return;
  const std::string rules_at = Reader::child(at, "if_then");
  if (!reader.array(*rules, rules_at)) return;
  for (size_t i = 0; i < rules->size(); ++i) {
    const Json& rule = (*rules)[i];
    const std::string rule_at = Reader::child(rules_at, i);
    if (!reader.object(rule, rule_at, {"if", "then", "then_not", "comment"})) continue;
    reader.text(rule, rule_at, "comment");
    const Json* cause = reader.find(rule, rule_at, "if", true);
    const bool has_then = rule.contains("then");
    const bool has_then_not = rule.contains("then_not");
    if (has_then == has_then_not) {
      reader.problem(rule_at, "needs exactly one of \"then\" and \"then_not\"");
      continue;
    }
    const char* effect_key = has_then ? "then" : "then_not";
    if (cause == nullptr) continue;
    auto if_event = parse_pattern(reader, *cause, Reader::child(rule_at, "if"), targets);
    auto then_event =
        parse_pattern(reader, rule[effect_key], Reader::child(rule_at, effect_key), targets);
    if (!if_event || !then_event) continue;
    expect.if_then.push_back(check::Implication{*if_event, *then_event, has_then_not});
  }
}

// Whether `name` names a finding wfsim can report (run/evaluate.h lists them).
bool is_finding_name(const std::string& name) {
  static constexpr std::string_view kLiveness[] = {
      "liveness.unfinished", "liveness.event_limit", "liveness.virtual_time_limit",
      "liveness.stalled", "liveness.wall_time"};
  static constexpr std::string_view kExpectations[] = {
      "status", "max_duration", "states_reached", "states_not_reached", "events",
      "max_attempts", "succeeds_at_most_once", "if_then", "s3"};
  for (const std::string_view liveness : kLiveness) {
    if (name == liveness) return true;
  }
  for (const std::string_view prefix :
       {std::string_view("expect."), std::string_view("expect_fault_free.")}) {
    if (!name.starts_with(prefix)) continue;
    for (const std::string_view key : kExpectations) {
      if (name.substr(prefix.size()) == key) return true;
    }
  }
  for (const check::InvariantInfo& info : check::all_invariants()) {
    if (name == info.name) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> parse_demonstrates(Reader& reader, const Json& value,
                                            const std::string& at) {
  std::vector<std::string> names;
  if (!reader.array(value, at)) return names;
  for (size_t i = 0; i < value.size(); ++i) {
    const Json& name = value[i];
    if (!name.is_string() || !is_finding_name(name.get<std::string>())) {
      reader.problem(Reader::child(at, i),
                     "must name a finding: an invariant (docs/checks.md), \"expect.<key>\", "
                     "\"expect_fault_free.<key>\" or \"liveness.unfinished\", ...");
      continue;
    }
    names.push_back(name.get<std::string>());
  }
  return names;
}

void parse_history_expectations(Reader& reader, const Json& value, const std::string& at,
                                const Targets& targets, check::Expectations& expect) {
  parse_max_attempts(reader, value, at, targets, expect);
  parse_if_then(reader, value, at, targets, expect);
}

}  // namespace wfsim::scenario::detail
