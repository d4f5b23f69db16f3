// Parsing the simulated workers of a scenario: "resources", their duration distributions and the
// mock-config style "attempts" table. See docs/scenario-format.md for every key and default.
#include <algorithm>
#include <charconv>
#include <limits>

#include "scenario/scenario_parts.h"

namespace wfsim::scenario::detail {
namespace {

using world::AttemptBehaviour;
using world::AttemptRule;
using world::DurationDistribution;

constexpr const char* kDistributionShapes =
    "must be a number of seconds, {\"uniform\": [low, high]} or {\"exponential\": mean}";

void add_workflow_targets(const std::vector<temporal::Step>& steps, Targets& targets) {
  for (const temporal::Step& step : steps) {
    if (step.activity) {
      targets.resource_keys.insert(step.activity->activity_type);
      targets.state_names.insert(step.activity->activity_type);
      targets.state_names.insert(step.activity->activity_id);
    }
    for (const auto& branch : step.parallel) add_workflow_targets(branch, targets);
  }
}

std::optional<uint32_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value > std::numeric_limits<uint32_t>::max()) return std::nullopt;
  return static_cast<uint32_t>(value);
}

// "3" or "1-2" (inclusive, first <= last).
std::optional<std::pair<uint32_t, uint32_t>> parse_range(const std::string& key) {
  const size_t dash = key.find('-');
  if (dash == std::string::npos) {
    const auto only = parse_count(key);
    if (!only) return std::nullopt;
    return std::pair{*only, *only};
  }
  const auto first = parse_count(std::string_view(key).substr(0, dash));
  const auto last = parse_count(std::string_view(key).substr(dash + 1));
  if (!first || !last || *first > *last) return std::nullopt;
  return std::pair{*first, *last};
}

void parse_throw(Reader& reader, const Json& value, const std::string& at,
                 AttemptsDialect dialect, AttemptBehaviour& behaviour) {
  behaviour.kind = AttemptBehaviour::Kind::throw_error;
  const bool ok = dialect.temporal
                      ? reader.object(value, at,
                                      {"Error", "Cause", "NonRetryable", "NextRetryDelaySeconds"})
                      : reader.object(value, at, {"Error", "Cause"});
  if (!ok) return;
  for (const char* key : {"Error", "Cause"}) {
    const Json* field = reader.find(value, at, key);
    if (field == nullptr) continue;
    if (!field->is_string()) {
      reader.problem(Reader::child(at, key), "must be a string");
      continue;
    }
    (std::string_view(key) == "Error" ? behaviour.error : behaviour.cause) =
        field->get<std::string>();
  }
  if (auto non_retryable = reader.boolean(value, at, "NonRetryable")) {
    behaviour.non_retryable = *non_retryable;
  }
  behaviour.next_retry_delay = reader.seconds(value, at, "NextRetryDelaySeconds");
}

AttemptBehaviour parse_behaviour(Reader& reader, const Json& value, const std::string& at,
                                 AttemptsDialect dialect) {
  AttemptBehaviour behaviour;
  const bool ok = dialect.mock_config
                      ? reader.object(value, at, {"Return", "Throw"})
                      : reader.object(value, at,
                                      {"Return", "Throw", "Hang", "Crash", "duration_seconds"});
  if (!ok) return behaviour;
  int outcomes = 0;
  for (const char* key : {"Return", "Throw", "Hang", "Crash"}) outcomes += value.contains(key);
  if (outcomes != 1) {
    reader.problem(at, dialect.mock_config ? "needs exactly one of \"Return\" or \"Throw\""
                                           : "needs exactly one of \"Return\", \"Throw\", "
                                             "\"Hang\" or \"Crash\"");
  }
  if (const Json* result = reader.find(value, at, "Return")) {
    behaviour.kind = AttemptBehaviour::Kind::return_value;
    behaviour.value = *result;
  } else if (const Json* error = reader.find(value, at, "Throw")) {
    parse_throw(reader, *error, Reader::child(at, "Throw"), dialect, behaviour);
  } else if (const Json* hang = reader.find(value, at, "Hang")) {
    behaviour.kind = AttemptBehaviour::Kind::hang;
    if (!(hang->is_boolean() && hang->get<bool>())) {
      reader.problem(Reader::child(at, "Hang"), "must be true");
    }
  } else if (const Json* crash = reader.find(value, at, "Crash")) {
    behaviour.kind = AttemptBehaviour::Kind::crash;
    const std::string crash_at = Reader::child(at, "Crash");
    if (reader.object(*crash, crash_at, {"after_seconds"})) {
      behaviour.crash_after =
          reader.seconds(*crash, crash_at, "after_seconds").value_or(Duration{});
    }
  }
  if (const Json* duration = reader.find(value, at, "duration_seconds")) {
    behaviour.duration =
        parse_distribution(reader, *duration, Reader::child(at, "duration_seconds"));
  }
  return behaviour;
}

// function_timeout_seconds: a Lambda function's own timeout (INT-3.2), for Lambda tasks only.
void parse_service_keys(Reader& reader, const Json& entry, const std::string& at,
                        world::PatternSet patterns, world::ResourceConfig& resource) {
  const auto timeout = reader.seconds(entry, at, "function_timeout_seconds");
  if (!timeout) return;
  if (!patterns.has(world::Pattern::lambda)) {
    reader.problem(Reader::child(at, "function_timeout_seconds"),
                   "only for Lambda tasks (lambda:invoke or a function ARN); this resource is " +
                       world::to_string(patterns));
  } else if (*timeout < Duration::seconds(1) || *timeout > Duration::seconds(900)) {
    reader.problem(Reader::child(at, "function_timeout_seconds"),
                   "must be from 1 to 900 seconds, as Lambda allows");
  }
  resource.function_timeout = *timeout;
}

// A scripted Crash needs something that can crash: a worker, a token holder, a Lambda function
// (a function error) or a .sync job's container (the job fails); a DynamoDB call just answers.
void check_crashes(Reader& reader, const std::vector<AttemptRule>& rules, const std::string& at,
                   world::PatternSet patterns, const std::string& key) {
  // A .sync job's container can die: the job ends FAILED (INT-4, 9).
  if (world::applies(world::FaultKind::worker_crash, patterns) ||
      patterns.has(world::Pattern::sync)) {
    return;
  }
  for (const AttemptRule& rule : rules) {
    if (rule.behaviour.kind != AttemptBehaviour::Kind::crash) continue;
    const std::string range = rule.first == rule.last
                                  ? std::to_string(rule.first)
                                  : std::to_string(rule.first) + "-" + std::to_string(rule.last);
    reader.problem(Reader::child(Reader::child(at, range), "Crash"),
                   "'" + key + "' is a " + world::to_string(patterns) +
                       " call: nothing holds it that can crash (use Throw with the service's "
                       "error, or the service_error fault kind)");
  }
}

// "map_items": [{"index": 2 | "1-3", "path": "$.sku", "equals": value, "attempts": {...},
// "otherwise": {...}}]: outcomes per Map iteration (config.h ItemRule).
std::vector<world::ItemRule> parse_map_items(Reader& reader, const Json& value,
                                             const std::string& at, AttemptsDialect dialect) {
  std::vector<world::ItemRule> rules;
  if (!reader.array(value, at)) return rules;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string entry_at = Reader::child(at, i);
    const Json& entry = value[i];
    if (!reader.object(entry, entry_at, {"index", "path", "equals", "attempts", "otherwise"})) {
      continue;
    }
    world::ItemRule rule;
    if (const Json* index = reader.find(entry, entry_at, "index")) {
      const std::string text = index->is_number_unsigned() ? std::to_string(index->get<uint64_t>())
                               : index->is_string()        ? index->get<std::string>()
                                                           : std::string("?");
      rule.index = parse_range(text);
      if (!rule.index) {
        reader.problem(Reader::child(entry_at, "index"),
                       "must be an iteration index (0-based) or a range \"N-M\" with N <= M");
      }
    }
    if (const Json* path = reader.find(entry, entry_at, "path")) {
      auto parsed = path->is_string() ? asl::JsonPath::parse(path->get<std::string>())
                                      : std::variant<asl::JsonPath, std::string>("not a string");
      if (auto* message = std::get_if<std::string>(&parsed)) {
        reader.problem(Reader::child(entry_at, "path"), "must be a JSONPath into the item: " +
                                                            *message);
      } else if (!std::get<asl::JsonPath>(parsed).is_definite() ||
                 std::get<asl::JsonPath>(parsed).is_context()) {
        reader.problem(Reader::child(entry_at, "path"),
                       "must name one field of the item (names and indexes only, from $)");
      } else {
        rule.path = std::get<asl::JsonPath>(std::move(parsed));
      }
      if (const Json* equals = reader.find(entry, entry_at, "equals", true)) rule.equals = *equals;
    } else if (entry.contains("equals")) {
      reader.problem(Reader::child(entry_at, "equals"), "needs \"path\": where in the item");
    }
    if (!entry.contains("index") && !entry.contains("path")) {
      reader.problem(entry_at, "needs \"index\" or \"path\" (with \"equals\") to select items");
    }
    if (const Json* attempts = reader.find(entry, entry_at, "attempts")) {
      rule.attempts =
          parse_attempts(reader, *attempts, Reader::child(entry_at, "attempts"), dialect);
    }
    if (const Json* otherwise = reader.find(entry, entry_at, "otherwise")) {
      rule.otherwise =
          parse_behaviour(reader, *otherwise, Reader::child(entry_at, "otherwise"), dialect);
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace

Targets targets_of(const asl::Definition& definition) {
  Targets targets;
  targets.dialect = world::Dialect::step_functions;
  targets.known = true;
  for (const asl::State* state : definition.all_states()) {
    targets.state_names.insert(state->name);
    if (state->type != asl::StateType::Task || !state->task) continue;
    targets.resource_keys.insert(state->name);
    targets.resource_keys.insert(state->task->resource);
    const auto info = asl::classify_resource(state->task->resource);
    if (!info) continue;
    const world::Pattern pattern = world::pattern_of(*info);
    targets.patterns[state->name].add(pattern);
    targets.patterns[state->task->resource].add(pattern);
    targets.all_patterns.add(pattern);
  }
  // The S3 fault kinds hit a Distributed Map's reader or writer (any target, no resource key).
  for (const world::Pattern p : {world::Pattern::item_reader, world::Pattern::result_writer}) {
    if (world::s3_patterns_of(definition).has(p)) targets.all_patterns.add(p);
  }
  return targets;
}

Targets targets_of(const temporal::WorkflowSpec& workflow) {
  Targets targets;
  targets.dialect = world::Dialect::temporal;
  targets.known = true;
  add_workflow_targets(workflow.steps, targets);
  const auto activity = world::PatternSet::of({world::Pattern::temporal_activity});
  for (const std::string& key : targets.resource_keys) targets.patterns[key] = activity;
  targets.all_patterns = activity;
  return targets;
}

world::PatternSet Targets::patterns_of_target(const std::string& target) const {
  if (target.empty()) return all_patterns;
  if (const auto it = patterns.find(target); it != patterns.end()) return it->second;
  const size_t slash = target.rfind('/');
  if (slash == std::string::npos) return {};
  const auto it = patterns.find(std::string_view(target).substr(0, slash));
  return it != patterns.end() ? it->second : world::PatternSet{};
}

std::optional<DurationDistribution> parse_distribution(Reader& reader, const Json& value,
                                                       const std::string& at) {
  if (value.is_number()) {
    const auto fixed = reader.seconds_value(value, at);
    if (!fixed) return std::nullopt;
    return DurationDistribution{DurationDistribution::Kind::fixed, *fixed, *fixed};
  }
  if (!value.is_object() || value.size() != 1) {
    reader.problem(at, kDistributionShapes);
    return std::nullopt;
  }
  if (const Json* uniform = reader.find(value, at, "uniform")) {
    const std::string uniform_at = Reader::child(at, "uniform");
    if (!uniform->is_array() || uniform->size() != 2) {
      reader.problem(uniform_at, "must be [low, high] in seconds");
      return std::nullopt;
    }
    const auto low = reader.seconds_value((*uniform)[0], Reader::child(uniform_at, 0));
    const auto high = reader.seconds_value((*uniform)[1], Reader::child(uniform_at, 1));
    if (!low || !high) return std::nullopt;
    if (*low > *high) {
      reader.problem(uniform_at, "low must not be greater than high");
      return std::nullopt;
    }
    return DurationDistribution{DurationDistribution::Kind::uniform, *low, *high};
  }
  if (const Json* mean = reader.find(value, at, "exponential")) {
    const auto mean_duration = reader.seconds_value(*mean, Reader::child(at, "exponential"), true);
    if (!mean_duration) return std::nullopt;
    return DurationDistribution{DurationDistribution::Kind::exponential, *mean_duration,
                                *mean_duration};
  }
  reader.problem(at, kDistributionShapes);
  return std::nullopt;
}

std::vector<AttemptRule> parse_attempts(Reader& reader, const Json& value, const std::string& at,
                                        AttemptsDialect dialect) {
  std::vector<AttemptRule> rules;
  if (!value.is_object()) {
    reader.problem(at, "must be an object keyed by attempt (\"0\", \"1-2\", ...)");
    return rules;
  }
  std::vector<std::pair<AttemptRule, std::string>> keyed;
  for (const auto& [key, entry] : value.items()) {
    const std::string entry_at = Reader::child(at, key);
    const auto range = parse_range(key);
    if (!range) {
      reader.problem(entry_at, "attempt key must be \"N\" or \"N-M\" with N <= M (0-based "
                               "invocation counts)");
    }
    AttemptRule rule;
    rule.behaviour = parse_behaviour(reader, entry, entry_at, dialect);
    if (!range) continue;
    rule.first = range->first;
    rule.last = range->second;
    keyed.emplace_back(std::move(rule), entry_at);
  }
  std::vector<size_t> order(keyed.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return keyed[a].first.first < keyed[b].first.first; });
  for (size_t i = 1; i < order.size(); ++i) {
    const auto& before = keyed[order[i - 1]];
    const auto& after = keyed[order[i]];
    if (after.first.first <= before.first.last) {
      reader.problem(after.second, "overlaps the attempts of " + before.second);
    }
  }
  for (auto& [rule, where] : keyed) rules.push_back(std::move(rule));
  return rules;
}

std::vector<world::ResourceConfig> parse_resources(
    Reader& reader, const Json& value, const std::string& at, const Targets& targets,
    std::map<std::string, world::ResourceRates, std::less<>>& resource_rates) {
  std::vector<world::ResourceConfig> resources;
  if (!value.is_object()) {
    reader.problem(at, "must be an object keyed by Task state name, resource ARN or activity type");
    return resources;
  }
  const bool temporal = targets.dialect == world::Dialect::temporal;
  for (const auto& [key, entry] : value.items()) {
    const std::string entry_at = Reader::child(at, key);
    if (targets.known && !targets.resource_keys.contains(key)) {
      reader.problem(entry_at, temporal ? "matches no activity type of the workflow"
                                        : "matches no Task state name or resource ARN of the "
                                          "definition");
    }
    world::ResourceConfig resource;
    resource.key = key;
    resource.duration = {DurationDistribution::Kind::fixed, Duration::seconds(1),
                         Duration::seconds(1)};
    if (!reader.object(entry, entry_at,
                       {"workers", "duration_seconds", "heartbeat_every_seconds",
                        "heartbeat_details", "attempts", "restart_after_crash_seconds",
                        "function_timeout_seconds", "faults", "otherwise", "map_items"})) {
      continue;
    }
    const world::PatternSet patterns =
        targets.known ? targets.patterns_of_target(key) : world::PatternSet::all();
    const std::string owner = "'" + key + "' (" + world::to_string(patterns) + ")";
    if (auto workers = reader.integer(entry, entry_at, "workers", 1, 10'000)) {
      resource.workers = static_cast<uint32_t>(*workers);
    }
    if (const Json* duration = reader.find(entry, entry_at, "duration_seconds")) {
      if (auto parsed = parse_distribution(reader, *duration,
                                           Reader::child(entry_at, "duration_seconds"))) {
        resource.duration = *parsed;
      }
    }
    resource.heartbeat_every =
        reader.seconds(entry, entry_at, "heartbeat_every_seconds").value_or(Duration{});
    if (const Json* details = reader.find(entry, entry_at, "heartbeat_details")) {
      if (!temporal) {
        reader.problem(Reader::child(entry_at, "heartbeat_details"),
                       "only for the temporal dialect (SendTaskHeartbeat carries no details)");
      }
      resource.heartbeat_details = *details;
    }
    if (const Json* attempts = reader.find(entry, entry_at, "attempts")) {
      resource.attempts = parse_attempts(reader, *attempts, Reader::child(entry_at, "attempts"),
                                         AttemptsDialect{false, temporal});
    }
    if (const Json* otherwise = reader.find(entry, entry_at, "otherwise")) {
      // What attempts no "attempts" rule matches do (default: Return {}).
      resource.otherwise = parse_behaviour(reader, *otherwise, Reader::child(entry_at, "otherwise"),
                                           AttemptsDialect{false, temporal});
    }
    if (const Json* items = reader.find(entry, entry_at, "map_items")) {
      if (temporal) {
        reader.problem(Reader::child(entry_at, "map_items"),
                       "only for the step-functions dialect (Map iterations)");
      }
      resource.map_items = parse_map_items(reader, *items, Reader::child(entry_at, "map_items"),
                                           AttemptsDialect{false, temporal});
    }
    resource.restart_after_crash =
        reader.seconds(entry, entry_at, "restart_after_crash_seconds").value_or(Duration{});
    parse_service_keys(reader, entry, entry_at, patterns, resource);
    check_crashes(reader, resource.attempts, Reader::child(entry_at, "attempts"), patterns, key);
    if (const Json* faults = reader.find(entry, entry_at, "faults")) {
      const std::string faults_at = Reader::child(entry_at, "faults");
      if (reader.object(*faults, faults_at, {"rates"})) {
        if (const Json* rates = reader.find(*faults, faults_at, "rates")) {
          resource_rates[key] =
              parse_rates(reader, *rates, Reader::child(faults_at, "rates"), patterns, owner);
        }
      }
    }
    resources.push_back(std::move(resource));
  }
  return resources;
}

}  // namespace wfsim::scenario::detail
