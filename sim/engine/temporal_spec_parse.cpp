// The strict JSON parser of the `temporal` dialect's workflow object; see temporal_spec.h.
//
// Keys (all optional unless marked):
//   workflow: steps (required), run_timeout_seconds, workflow_type, task_queue
//   step:     activity (string) with options, input, activity_id, task_queue;
//             or parallel (array of arrays of steps), alone
//   options:  start_to_close_seconds, schedule_to_close_seconds, schedule_to_start_seconds,
//             heartbeat_timeout_seconds, retry_policy
//   retry_policy: initial_interval_seconds, backoff_coefficient, maximum_interval_seconds,
//             maximum_attempts, non_retryable_error_types
// Seconds may be fractional (rounded to the microsecond). Every JSON access checks the type
// first: nlohmann's throwing accessors are never reached with bad input.
#include <cmath>
#include <initializer_list>
#include <limits>

#include "engine/temporal_spec.h"

namespace wfsim::temporal {
namespace {

class SpecParser {
 public:
  asl::Problems problems;

  void problem(const std::string& at, std::string message) {
    problems.push_back({at, std::move(message)});
  }

  static std::string child(const std::string& at, const std::string& key) {
    return at + "/" + asl::pointer_segment(key);
  }

  // False (with a problem) when `json` is not an object; reports every key not in `allowed`.
  bool object_with_keys(const Json& json, const std::string& at,
                        std::initializer_list<std::string_view> allowed) {
    if (!json.is_object()) {
      problem(at, "must be an object");
      return false;
    }
    for (const auto& [key, value] : json.items()) {
      bool known = false;
      for (const std::string_view name : allowed) known = known || key == name;
      if (!known) problem(child(at, key), "unknown key");
    }
    return true;
  }

  // A number of seconds, possibly fractional, kept with its sign so that validation can report
  // negative values.
  std::optional<Duration> seconds(const Json& object, const std::string& at, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    // Beyond kMaxInputSeconds (100 years) either way is a problem, like every seconds field
    // of a scenario, so no value saturates silently.
    const auto limit = static_cast<double>(kMaxInputSeconds);
    if (it->is_number() && !(std::fabs(it->get<double>()) <= limit)) {
      problem(child(at, key), "must be a number of seconds, at most " +
                                  std::to_string(kMaxInputSeconds) + " (100 years)");
      return std::nullopt;
    }
    if (it->is_number_unsigned()) {
      return Duration::seconds(static_cast<int64_t>(it->get<uint64_t>()));
    }
    if (it->is_number_integer()) return Duration::seconds(it->get<int64_t>());
    if (it->is_number_float()) {
      const double value = it->get<double>();
      return value < 0 ? -Duration::from_seconds_real(-value) : Duration::from_seconds_real(value);
    }
    problem(child(at, key), "must be a number of seconds");
    return std::nullopt;
  }

  std::optional<std::string> text(const Json& object, const std::string& at, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
      problem(child(at, key), "must be a non-empty string");
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  RetryPolicySpec retry_policy(const Json& json, const std::string& at) {
    RetryPolicySpec spec;
    if (!object_with_keys(json, at,
                          {"initial_interval_seconds", "backoff_coefficient",
                           "maximum_interval_seconds", "maximum_attempts",
                           "non_retryable_error_types"})) {
      return spec;
    }
    spec.initial_interval = seconds(json, at, "initial_interval_seconds");
    spec.maximum_interval = seconds(json, at, "maximum_interval_seconds");
    if (const auto it = json.find("backoff_coefficient"); it != json.end()) {
      if (it->is_number()) {
        spec.backoff_coefficient = it->get<double>();
      } else {
        problem(child(at, "backoff_coefficient"), "must be a number");
      }
    }
    if (const auto it = json.find("maximum_attempts"); it != json.end()) {
      constexpr int64_t kMin = std::numeric_limits<int32_t>::min();
      constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
      const bool fits =
          (it->is_number_unsigned() && it->get<uint64_t>() <= static_cast<uint64_t>(kMax)) ||
          (!it->is_number_unsigned() && it->is_number_integer() && it->get<int64_t>() >= kMin &&
           it->get<int64_t>() <= kMax);
      if (fits) {
        spec.maximum_attempts = static_cast<int32_t>(it->get<int64_t>());
      } else {
        problem(child(at, "maximum_attempts"), "must be a 32-bit integer");
      }
    }
    if (const auto it = json.find("non_retryable_error_types"); it != json.end()) {
      const std::string list_at = child(at, "non_retryable_error_types");
      if (!it->is_array()) problem(list_at, "must be an array of strings");
      for (size_t i = 0; it->is_array() && i < it->size(); ++i) {
        if ((*it)[i].is_string()) {
          spec.non_retryable_error_types.push_back((*it)[i].get<std::string>());
        } else {
          problem(list_at + "/" + std::to_string(i), "must be a string");
        }
      }
    }
    return spec;
  }

  ActivityOptions options(const Json& json, const std::string& at) {
    ActivityOptions options;
    if (!object_with_keys(json, at,
                          {"start_to_close_seconds", "schedule_to_close_seconds",
                           "schedule_to_start_seconds", "heartbeat_timeout_seconds",
                           "retry_policy"})) {
      return options;
    }
    options.start_to_close_timeout = seconds(json, at, "start_to_close_seconds");
    options.schedule_to_close_timeout = seconds(json, at, "schedule_to_close_seconds");
    options.schedule_to_start_timeout = seconds(json, at, "schedule_to_start_seconds");
    options.heartbeat_timeout = seconds(json, at, "heartbeat_timeout_seconds");
    if (const auto it = json.find("retry_policy"); it != json.end()) {
      options.retry_policy = retry_policy(*it, child(at, "retry_policy"));
    }
    return options;
  }

  std::optional<Step> activity_step(const Json& json, const std::string& at) {
    if (!object_with_keys(json, at,
                          {"activity", "options", "input", "activity_id", "task_queue"})) {
      return std::nullopt;
    }
    ActivityStep activity;
    activity.activity_type = text(json, at, "activity").value_or("");
    activity.activity_id = text(json, at, "activity_id").value_or("");
    activity.task_queue = text(json, at, "task_queue").value_or("");
    if (const auto it = json.find("input"); it != json.end()) activity.input = *it;
    if (const auto it = json.find("options"); it != json.end()) {
      activity.options = options(*it, child(at, "options"));
    } else {
      problem(at, "an activity step needs \"options\" (StartToClose or ScheduleToClose)");
    }
    return Step::of(std::move(activity));
  }

  std::optional<Step> step(const Json& json, const std::string& at) {
    if (!json.is_object()) {
      problem(at, "must be an object");
      return std::nullopt;
    }
    if (json.contains("activity") == json.contains("parallel")) {
      problem(at, "a step has exactly one of \"activity\" and \"parallel\"");
      return std::nullopt;
    }
    if (json.contains("activity")) return activity_step(json, at);
    if (!object_with_keys(json, at, {"parallel"})) return std::nullopt;
    const Json& branches = json["parallel"];
    const std::string branches_at = child(at, "parallel");
    if (!branches.is_array() || branches.empty()) {
      problem(branches_at, "must be a non-empty array of step arrays");
      return std::nullopt;
    }
    std::vector<std::vector<Step>> sequences;
    for (size_t b = 0; b < branches.size(); ++b) {
      sequences.push_back(sequence(branches[b], branches_at + "/" + std::to_string(b)));
    }
    return Step::parallel_of(std::move(sequences));
  }

  std::vector<Step> sequence(const Json& json, const std::string& at) {
    std::vector<Step> steps;
    if (!json.is_array()) {
      problem(at, "must be an array of steps");
      return steps;
    }
    for (size_t i = 0; i < json.size(); ++i) {
      if (auto parsed = step(json[i], at + "/" + std::to_string(i))) {
        steps.push_back(std::move(*parsed));
      }
    }
    return steps;
  }
};

}  // namespace

std::variant<WorkflowSpec, asl::Problems> parse_workflow_spec(const Json& json,
                                                              const std::string& pointer) {
  SpecParser parser;
  WorkflowSpec spec;
  if (parser.object_with_keys(json, pointer,
                              {"steps", "run_timeout_seconds", "workflow_type", "task_queue"})) {
    if (const auto it = json.find("steps"); it != json.end()) {
      spec.steps = parser.sequence(*it, SpecParser::child(pointer, "steps"));
    } else {
      parser.problem(pointer, "missing required key \"steps\"");
    }
    spec.run_timeout = parser.seconds(json, pointer, "run_timeout_seconds");
    if (auto type = parser.text(json, pointer, "workflow_type")) spec.workflow_type = *type;
    if (auto queue = parser.text(json, pointer, "task_queue")) spec.task_queue = *queue;
  }
  if (!parser.problems.empty()) return std::move(parser.problems);
  assign_activity_ids(spec);
  asl::Problems problems = validate_workflow_spec(spec, pointer);
  if (!problems.empty()) return problems;
  return spec;
}

}  // namespace wfsim::temporal
