// Validation and normalisation of activity options and workflow specs; see temporal_spec.h.
#include "engine/temporal_spec.h"

#include <algorithm>
#include <map>

#include "core/assert.h"

namespace wfsim::temporal {
namespace {

constexpr std::string_view kTimeoutPrefix = "TemporalTimeout:";

// Server validation of one timeout: negative is invalid, zero is "not set".
std::optional<Duration> checked_timeout(std::optional<Duration> value, const char* path,
                                        asl::Problems& problems) {
  if (!value) return std::nullopt;
  if (*value < Duration::zero()) {
    problems.push_back({path, "must not be negative"});
    return std::nullopt;
  }
  if (*value == Duration::zero()) return std::nullopt;
  return value;
}

std::optional<Duration> min_of(std::optional<Duration> value, Duration cap) {
  if (!value) return value;
  return std::min(*value, cap);
}

// TMP-1.2, validateAndNormalizeTimeouts.
std::optional<ActivityTimeouts> normalize_timeouts(const ActivityOptions& options,
                                                   std::optional<Duration> run_timeout,
                                                   asl::Problems& problems) {
  const size_t before = problems.size();
  ActivityTimeouts t;
  t.schedule_to_close = checked_timeout(options.schedule_to_close_timeout,
                                        "/schedule_to_close_seconds", problems);
  t.schedule_to_start = checked_timeout(options.schedule_to_start_timeout,
                                        "/schedule_to_start_seconds", problems);
  t.start_to_close =
      checked_timeout(options.start_to_close_timeout, "/start_to_close_seconds", problems);
  t.heartbeat =
      checked_timeout(options.heartbeat_timeout, "/heartbeat_timeout_seconds", problems);
  if (problems.size() != before) return std::nullopt;
  if (t.schedule_to_close) {
    if (run_timeout) t.schedule_to_close = std::min(*t.schedule_to_close, *run_timeout);
    t.schedule_to_start = t.schedule_to_start ? std::min(*t.schedule_to_start, *t.schedule_to_close)
                                              : *t.schedule_to_close;
    t.start_to_close = t.start_to_close ? std::min(*t.start_to_close, *t.schedule_to_close)
                                        : *t.schedule_to_close;
  } else if (t.start_to_close) {
    t.schedule_to_close = run_timeout;
    if (!t.schedule_to_start) t.schedule_to_start = run_timeout;
  } else {
    problems.push_back({"", "A valid StartToClose or ScheduleToCloseTimeout is not set on "
                            "ScheduleActivityTaskCommand."});
    return std::nullopt;
  }
  if (run_timeout) {
    t.schedule_to_close = min_of(t.schedule_to_close, *run_timeout);
    t.schedule_to_start = min_of(t.schedule_to_start, *run_timeout);
    t.start_to_close = min_of(t.start_to_close, *run_timeout);
    t.heartbeat = min_of(t.heartbeat, *run_timeout);
  }
  WFSIM_ASSERT(t.start_to_close.has_value());
  t.heartbeat = min_of(t.heartbeat, *t.start_to_close);
  return t;
}

bool valid_timeout_type_name(std::string_view name) {
  const auto type = parse_timeout_type(name);
  return type.has_value() && *type != TimeoutType::unspecified;
}

// TMP-2.1: retrypolicy.EnsureDefaults, then retrypolicy.Validate.
RetryPolicy normalize_retry_policy(const RetryPolicySpec& spec, asl::Problems& problems) {
  RetryPolicy p;
  p.maximum_attempts = spec.maximum_attempts.value_or(0);
  const Duration initial = spec.initial_interval.value_or(Duration::zero());
  p.initial_interval = initial == Duration::zero() ? Duration::seconds(1) : initial;
  const Duration maximum = spec.maximum_interval.value_or(Duration::zero());
  if (maximum == Duration::zero()) {
    // time.Duration(100) * initial; saturating where Go would wrap.
    const int64_t us = p.initial_interval.us();
    int64_t product = 0;
    p.maximum_interval = __builtin_mul_overflow(us, int64_t{100}, &product)
                             ? (us < 0 ? -Duration::max() : Duration::max())
                             : Duration::microseconds(product);
  } else {
    p.maximum_interval = maximum;
  }
  const double coefficient = spec.backoff_coefficient.value_or(0.0);
  p.backoff_coefficient = coefficient == 0.0 ? 2.0 : coefficient;
  p.non_retryable_error_types = spec.non_retryable_error_types;
  if (p.maximum_attempts == 1) return p;  // Validate skips everything else (no retries).

  const char* at = "/retry_policy";
  if (p.initial_interval < Duration::zero()) {
    problems.push_back({std::string(at) + "/initial_interval_seconds", "must not be negative"});
  }
  if (!(p.backoff_coefficient >= 1.0)) {
    problems.push_back({std::string(at) + "/backoff_coefficient",
                        "BackoffCoefficient cannot be less than 1 on retry policy."});
  }
  if (p.maximum_interval < Duration::zero()) {
    problems.push_back({std::string(at) + "/maximum_interval_seconds", "must not be negative"});
  } else if (p.initial_interval >= Duration::zero() && p.maximum_interval > Duration::zero() &&
             p.maximum_interval < p.initial_interval) {
    problems.push_back({std::string(at) + "/maximum_interval_seconds",
                        "MaximumInterval cannot be less than InitialInterval on retry policy."});
  }
  if (p.maximum_attempts < 0) {
    problems.push_back({std::string(at) + "/maximum_attempts",
                        "MaximumAttempts cannot be negative on retry policy."});
  }
  for (size_t i = 0; i < p.non_retryable_error_types.size(); ++i) {
    const std::string& type = p.non_retryable_error_types[i];
    if (type.rfind(kTimeoutPrefix, 0) == 0 &&
        !valid_timeout_type_name(std::string_view(type).substr(kTimeoutPrefix.size()))) {
      problems.push_back({std::string(at) + "/non_retryable_error_types/" + std::to_string(i),
                          "Invalid timeout type value: " + type.substr(kTimeoutPrefix.size()) +
                              "."});
    }
  }
  return p;
}

struct SpecValidator {
  std::optional<Duration> run_timeout;
  asl::Problems problems;
  std::map<std::string, std::string> id_to_pointer;  // Ordered: output never depends on hashing.

  void sequence(const std::vector<Step>& steps, const std::string& at) {
    for (size_t i = 0; i < steps.size(); ++i) step(steps[i], at + "/" + std::to_string(i));
  }

  void step(const Step& step, const std::string& at) {
    if (step.activity.has_value() == !step.parallel.empty()) {
      problems.push_back({at, "a step is exactly one of \"activity\" and \"parallel\""});
      return;
    }
    if (!step.activity) {
      for (size_t b = 0; b < step.parallel.size(); ++b) {
        sequence(step.parallel[b], at + "/parallel/" + std::to_string(b));
      }
      return;
    }
    const ActivityStep& activity = *step.activity;
    if (activity.activity_type.empty()) problems.push_back({at + "/activity", "must not be empty"});
    WFSIM_ASSERT_MSG(!activity.activity_id.empty(), "call assign_activity_ids first");
    const auto [it, inserted] = id_to_pointer.emplace(activity.activity_id, at);
    if (!inserted) {
      problems.push_back({at, "duplicate activity id \"" + activity.activity_id +
                                  "\" (also at " + it->second + ")"});
    }
    const auto normalized = normalize_activity_options(activity.options, run_timeout);
    if (const auto* found = std::get_if<asl::Problems>(&normalized)) {
      for (const asl::Problem& p : *found) {
        problems.push_back({at + "/options" + p.path, p.message});
      }
    }
  }
};

void assign_ids(std::vector<Step>& steps, const std::string& prefix) {
  for (size_t i = 0; i < steps.size(); ++i) {
    const std::string position = prefix + std::to_string(i + 1);
    if (steps[i].activity) {
      if (steps[i].activity->activity_id.empty()) steps[i].activity->activity_id = position;
      continue;
    }
    for (size_t b = 0; b < steps[i].parallel.size(); ++b) {
      assign_ids(steps[i].parallel[b], position + "." + std::to_string(b + 1) + ".");
    }
  }
}

}  // namespace

std::variant<NormalizedActivityOptions, asl::Problems> normalize_activity_options(
    const ActivityOptions& options, std::optional<Duration> run_timeout) {
  asl::Problems problems;
  const auto timeouts = normalize_timeouts(options, run_timeout, problems);
  RetryPolicy policy = normalize_retry_policy(options.retry_policy, problems);
  if (!problems.empty()) return problems;
  WFSIM_ASSERT(timeouts.has_value());
  return NormalizedActivityOptions{*timeouts, std::move(policy)};
}

Step Step::of(ActivityStep activity) {
  Step step;
  step.activity = std::move(activity);
  return step;
}

Step Step::parallel_of(std::vector<std::vector<Step>> branches) {
  Step step;
  step.parallel = std::move(branches);
  return step;
}

void assign_activity_ids(WorkflowSpec& spec) { assign_ids(spec.steps, ""); }

asl::Problems validate_workflow_spec(const WorkflowSpec& spec, const std::string& pointer) {
  SpecValidator validator;
  if (spec.run_timeout && *spec.run_timeout < Duration::zero()) {
    validator.problems.push_back({pointer + "/run_timeout_seconds", "must not be negative"});
  }
  validator.run_timeout = effective_run_timeout(spec);
  validator.sequence(spec.steps, pointer + "/steps");
  return std::move(validator.problems);
}

std::optional<Duration> effective_run_timeout(const WorkflowSpec& spec) {
  if (spec.run_timeout && *spec.run_timeout > Duration::zero()) return spec.run_timeout;
  return std::nullopt;
}

}  // namespace wfsim::temporal
