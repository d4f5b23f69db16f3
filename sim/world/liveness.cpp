// derived_liveness_bound() (world.h): how long after faults stop an execution may stay open
// before the run is a liveness finding, when the scenario does not say.
//
// Step Functions: the definition's TimeoutSeconds when it has one. Otherwise the sum over every
// state of the longest it can take, which covers any path through an acyclic machine:
//   Task: per attempt its TimeoutSeconds, else the longest its workers take (the longest duration
//         any attempt rule can draw, or crash_after plus the restart) and its HeartbeatSeconds
//         (a worker that died is noticed then), capped by the engine's default timeout; times
//         1 + the retries of all its retriers, plus every retry delay (capped by MaxDelaySeconds);
//   Wait: its Seconds, or its Timestamp from the epoch; a path: kUnknownWait;
//   Parallel: its longest branch, with its own retries; Map: its iteration times the number of
//         items (read from the input when ItemsPath finds an array there, else kAssumedMapItems),
//         as if the items ran one after another, with its own retries;
//   a machine with a loop (a transition back to an earlier state): kLoopVisits times its sum.
// Hang attempts add nothing: nothing bounds them, which is what the liveness phase is to find.
// Temporal: per activity its ScheduleToClose, else attempts × (StartToClose + ScheduleToStart)
// plus the backoffs (unlimited attempts count as kUnboundedAttempts); steps add up, parallel
// branches take the longest; the workflow run timeout caps the sum.
// Both: plus kLivenessSlack for healing workers, polls and client timeouts, and the longest
// restart delay of the resources. Everything saturates at kMaxBound.
#include <algorithm>
#include <cmath>
#include <functional>

#include "world/distribution.h"
#include "world/world.h"

namespace wfsim::world {
namespace {

constexpr int64_t kLoopVisits = 10;
constexpr int64_t kAssumedMapItems = 100;
constexpr int64_t kUnboundedAttempts = 10;
constexpr int64_t kMaxRetriesCounted = 1000;
constexpr Duration kUnknownWait = Duration::seconds(86'400);
constexpr Duration kLivenessSlack = Duration::seconds(600);
constexpr Duration kMaxBound = Duration::seconds(int64_t{10} * 365 * 86'400);

Duration cap(Duration d) { return std::clamp(d, Duration::zero(), kMaxBound); }
Duration add(Duration a, Duration b) { return cap(saturating_add(cap(a), cap(b))); }
Duration times(Duration d, int64_t k) {
  d = cap(d);
  if (k <= 0) return Duration::zero();
  if (d.us() > kMaxBound.us() / k) return kMaxBound;
  return d * k;
}
Duration seconds_real(double s) {
  if (!(s < static_cast<double>(kMaxBound.whole_seconds()))) return kMaxBound;
  return Duration::microseconds(static_cast<int64_t>(s * 1e6));
}

class SfnBound {
 public:
  explicit SfnBound(const WorldConfig& config) : config_(config) {}

  Duration machine(const asl::StateMachine& m) const {
    Duration total;
    for (const asl::State& s : m.states) total = add(total, state(s));
    return has_loop(m) ? times(total, kLoopVisits) : total;
  }

 private:
  const ResourceConfig* resource_of(const asl::State& s) const {
    for (const std::string* key : {&s.name, &s.task->resource}) {
      for (const ResourceConfig& rc : config_.resources) {
        if (rc.key == *key) return &rc;
      }
    }
    return nullptr;
  }

  Duration workers(const asl::State& s) const {
    const ResourceConfig* rc = resource_of(s);
    if (rc == nullptr) return Duration::seconds(1);  // The default responder.
    Duration longest;
    // A Lambda function answers by its own timeout whatever it does (INT-3.2).
    const auto info = asl::classify_resource(s.task->resource);
    const bool lambda = info && pattern_of(*info) == Pattern::lambda;
    auto consider = [&](const AttemptBehaviour& b) {
      switch (b.kind) {
        case AttemptBehaviour::Kind::hang:
          if (lambda) longest = std::max(longest, rc->function_timeout);
          return;
        case AttemptBehaviour::Kind::crash:
          longest = std::max(longest, add(b.crash_after, rc->restart_after_crash));
          return;
        default:
          longest = std::max(longest, max_of(b.duration ? *b.duration : rc->duration));
      }
    };
    for (const AttemptRule& rule : rc->attempts) consider(rule.behaviour);
    consider(rc->otherwise);
    for (const ItemRule& item : rc->map_items) {
      for (const AttemptRule& rule : item.attempts) consider(rule.behaviour);
      if (item.otherwise) consider(*item.otherwise);
    }
    return lambda ? std::min(longest, rc->function_timeout) : longest;
  }

  Duration task_attempt(const asl::State& s) const {
    const asl::TaskSpec& t = *s.task;
    if (t.timeout.seconds) return Duration::saturating_seconds(*t.timeout.seconds);
    Duration bound = workers(s);
    if (t.heartbeat.seconds) {
      bound = std::max(bound, Duration::saturating_seconds(*t.heartbeat.seconds));
    }
    return std::min(bound,
                    Duration::saturating_seconds(config_.sfn_options.default_task_timeout_seconds));
  }

  static Duration with_retries(const asl::State& s, Duration body) {
    int64_t retries = 0;
    Duration delays;
    for (const asl::Retrier& r : s.retry) {
      const int64_t attempts = std::min(r.max_attempts, kMaxRetriesCounted);
      retries += attempts;
      double delay = static_cast<double>(r.interval_seconds);
      for (int64_t k = 0; k < attempts; ++k) {
        double capped = delay;
        if (r.max_delay_seconds) {
          capped = std::min(capped, static_cast<double>(*r.max_delay_seconds));
        }
        delays = add(delays, seconds_real(capped));
        delay = std::min(delay * r.backoff_rate, 1e12);
      }
    }
    return add(times(body, 1 + retries), delays);
  }

  int64_t map_items(const asl::MapSpec& m) const {
    const Json* items = m.items_path ? m.items_path->find(config_.input) : &config_.input;
    if (items != nullptr && items->is_array()) {
      return std::max<int64_t>(static_cast<int64_t>(items->size()), 1);
    }
    return kAssumedMapItems;
  }

  Duration state(const asl::State& s) const {
    switch (s.type) {
      case asl::StateType::Task:
        return with_retries(s, task_attempt(s));
      case asl::StateType::Wait:
        if (s.wait->seconds) return Duration::saturating_seconds(*s.wait->seconds);
        if (s.wait->timestamp) return cap(*s.wait->timestamp - config_.epoch);
        return kUnknownWait;
      case asl::StateType::Parallel: {
        Duration longest;
        for (const auto& branch : s.parallel->branches) {
          longest = std::max(longest, machine(*branch));
        }
        return with_retries(s, longest);
      }
      case asl::StateType::Map:
        return with_retries(s, times(machine(*s.map->processor), map_items(*s.map)));
      case asl::StateType::Pass:
      case asl::StateType::Choice:
      case asl::StateType::Succeed:
      case asl::StateType::Fail:
        return Duration::zero();
    }
    WFSIM_UNREACHABLE("a StateType outside its enumeration");
  }

  static bool has_loop(const asl::StateMachine& m) {
    std::vector<uint8_t> mark(m.states.size(), 0);  // 0 new, 1 on the path, 2 done.
    std::function<bool(int)> visit = [&](int i) {
      if (i == asl::kNoState) return false;
      const auto index = static_cast<size_t>(i);
      if (mark[index] == 1) return true;
      if (mark[index] == 2) return false;
      mark[index] = 1;
      const asl::State& s = m.states[index];
      bool loop = visit(s.next);
      for (const asl::Catcher& c : s.catch_) loop = loop || visit(c.next);
      if (s.choice) {
        for (const asl::ChoiceBranch& b : s.choice->choices) loop = loop || visit(b.next);
        loop = loop || visit(s.choice->default_next);
      }
      mark[index] = 2;
      return loop;
    };
    return visit(m.start_at);
  }

  const WorldConfig& config_;
};

Duration activity_bound(const temporal::ActivityStep& step, std::optional<Duration> run_timeout) {
  const auto normalized = temporal::normalize_activity_options(step.options, run_timeout);
  const auto* options = std::get_if<temporal::NormalizedActivityOptions>(&normalized);
  if (options == nullptr) return kUnknownWait;
  const temporal::ActivityTimeouts& t = options->timeouts;
  if (t.schedule_to_close) return cap(*t.schedule_to_close);
  const temporal::RetryPolicy& p = options->retry_policy;
  const int64_t attempts = p.maximum_attempts > 0 ? p.maximum_attempts : kUnboundedAttempts;
  const Duration per_attempt = add(t.start_to_close.value_or(Duration::zero()),
                                   t.schedule_to_start.value_or(Duration::zero()));
  Duration backoff;
  double interval = p.initial_interval.seconds_real();
  for (int64_t n = 1; n < std::min(attempts, kMaxRetriesCounted); ++n) {
    backoff = add(backoff, seconds_real(std::min(interval, p.maximum_interval.seconds_real())));
    interval = std::min(interval * p.backoff_coefficient, 1e12);
  }
  return add(times(per_attempt, attempts), backoff);
}

Duration steps_bound(const std::vector<temporal::Step>& steps,
                     std::optional<Duration> run_timeout) {
  Duration total;
  for (const temporal::Step& step : steps) {
    if (step.activity) {
      total = add(total, activity_bound(*step.activity, run_timeout));
    } else {
      Duration longest;
      for (const auto& branch : step.parallel) {
        longest = std::max(longest, steps_bound(branch, run_timeout));
      }
      total = add(total, longest);
    }
  }
  return total;
}

}  // namespace

Duration derived_liveness_bound(const WorldConfig& config) {
  Duration bound;
  if (config.dialect == Dialect::step_functions) {
    WFSIM_ASSERT(config.definition != nullptr);
    bound = config.definition->timeout_seconds
                ? Duration::saturating_seconds(*config.definition->timeout_seconds)
                : SfnBound(config).machine(config.definition->root);
  } else {
    WFSIM_ASSERT(config.workflow != nullptr);
    const std::optional<Duration> run_timeout = temporal::effective_run_timeout(*config.workflow);
    bound = steps_bound(config.workflow->steps, run_timeout);
    if (run_timeout) bound = std::min(bound, *run_timeout);
  }
  Duration restart;
  for (const ResourceConfig& rc : config.resources) {
    restart = std::max(restart, rc.restart_after_crash);
  }
  return add(add(bound, kLivenessSlack), restart);
}

}  // namespace wfsim::world
