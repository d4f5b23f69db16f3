// The Retry and Catch rules (SFN-1.6c/d, 2.1-2.4) run against what each visit shows; see
// sfn_replay.h. visit_steps() (sfn_replay_steps.cpp) reads the record; this file decides what
// should have happened and names the invariant a disagreement breaks.
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "asl/data_flow.h"
#include "check/record_view.h"
#include "check/invariant_names.h"
#include "check/sfn_replay.h"

namespace wfsim::check::sfn {
namespace {

// The Cause a catcher's output carries where its ResultPath placed the error output (for errors
// whose cause the record does not show).
std::optional<std::string> placed_cause(const asl::IoPath& result_path, const Json& output) {
  const Json* placed = nullptr;
  if (result_path.kind == asl::IoPath::Kind::root) placed = &output;
  if (result_path.kind == asl::IoPath::Kind::path && result_path.path->is_definite()) {
    placed = result_path.path->find(output);
  }
  if (placed == nullptr || !placed->is_object()) return std::nullopt;
  const auto cause = placed->find("Cause");
  if (cause == placed->end() || !cause->is_string()) return std::nullopt;
  return cause->get<std::string>();
}

constexpr std::string_view kDelayBound = names::kSfnRetryDelayBound;
constexpr std::string_view kBudget = names::kSfnRetryBudget;
constexpr std::string_view kFallThrough = names::kSfnNoFallThrough;
constexpr std::string_view kCounterReset = names::kSfnCounterReset;
constexpr std::string_view kUncatchable = names::kSfnUncatchableErrors;
constexpr std::string_view kCatchAfterRetry = names::kSfnCatchAfterRetry;
constexpr std::string_view kRedriveClocks = names::kSfnRedriveResetsClocks;

constexpr double kMaxDelayUs = 1e17;  // Far past any run: the product is only compared.

bool is_terminal_error(const FailurePoint& p) {
  return p.error &&
         (*p.error == asl::errors::kRuntime || *p.error == asl::errors::kDataLimitExceeded);
}

std::string error_text(const FailurePoint& p) {
  return p.error ? fmt::format("'{}'", *p.error) : std::string("(no error name)");
}

// Whether one ErrorEquals list matches the failure (SFN-1.6c, 1.6d, 1.2b).
Tri matches(const std::vector<std::string>& error_equals, const FailurePoint& p) {
  if (is_terminal_error(p)) return Tri::no;
  bool unsure = false;
  for (const std::string& e : error_equals) {
    if (e == asl::errors::kAll) return Tri::yes;
    if (e == asl::errors::kTaskFailed) {
      if (p.error && *p.error == asl::errors::kTimeout) continue;
      return Tri::yes;
    }
    if (e == asl::errors::kHeartbeatTimeout) {
      if (p.heartbeat_expiry == Tri::yes) return Tri::yes;
      if (p.heartbeat_expiry == Tri::unknown) unsure = true;
    }
    if (p.error && e == *p.error) return Tri::yes;
  }
  return unsure ? Tri::unknown : Tri::no;
}

struct Expected {
  enum class Kind : uint8_t { retry, caught, failed, unknown } kind = Kind::unknown;
  int retrier = -1;    // retry: the retrier used.
  int64_t done = 0;    // retry: retries it performed before this one.
  int exhausted = -1;  // The first matching retrier, when it had no retries left.
  int catcher = -1;
};

Expected decide(const asl::State& s, const std::vector<int64_t>& counts, const FailurePoint& p) {
  Expected out;
  if (!p.error_known) return out;
  for (size_t i = 0; i < s.retry.size(); ++i) {
    const Tri m = matches(s.retry[i].error_equals, p);
    if (m == Tri::unknown) return out;
    if (m == Tri::no) continue;
    if (counts[i] < s.retry[i].max_attempts) {
      out.kind = Expected::Kind::retry;
      out.retrier = static_cast<int>(i);
      out.done = counts[i];
      return out;
    }
    out.exhausted = static_cast<int>(i);
    break;  // SFN-2.2a: later retriers are not consulted.
  }
  for (size_t j = 0; j < s.catch_.size(); ++j) {
    const Tri m = matches(s.catch_[j].error_equals, p);
    if (m == Tri::unknown) return Expected{};
    if (m == Tri::yes) {
      out.kind = Expected::Kind::caught;
      out.catcher = static_cast<int>(j);
      return out;
    }
  }
  out.kind = Expected::Kind::failed;
  return out;
}

std::string retrier_text(const asl::State& s, int i) {
  const asl::Retrier& r = s.retry[static_cast<size_t>(i)];
  std::string errors;
  for (const std::string& e : r.error_equals) errors += (errors.empty() ? "" : ", ") + e;
  return fmt::format("Retry[{}] (ErrorEquals [{}], MaxAttempts {})", i, errors, r.max_attempts);
}

// The wait before the retry after `done` earlier retries of `r`: min(I * B^done, MaxDelay).
double capped_delay_us(const asl::Retrier& r, int64_t done) {
  double base_us = static_cast<double>(r.interval_seconds) * 1e6;
  // Multiplied k times like the engine; a rate of 1 (or a bad one) leaves the base as it is.
  for (int64_t k = 0; k < done && base_us < kMaxDelayUs && r.backoff_rate > 1.0; ++k) {
    base_us *= r.backoff_rate;
  }
  base_us = std::min(base_us, kMaxDelayUs);
  if (r.max_delay_seconds)
    base_us = std::min(base_us, static_cast<double>(*r.max_delay_seconds) * 1e6);
  return base_us;
}

struct Mismatch {
  std::string_view invariant;
  int64_t event_id = 0;
  std::string message;
};

std::optional<Mismatch> check_delay(const Record& record, const Visit& v, const Step& step,
                                    const Expected& e) {
  const asl::Retrier& r = v.state->retry[static_cast<size_t>(e.retrier)];
  const double cap_us = capped_delay_us(r, e.done);
  const double waited_us = static_cast<double>((step.observed.time - step.point.time).us());
  const double tolerance_us =
      static_cast<double>(record.observation.semantics.retry_delay_tolerance.us());
  const bool full = r.jitter == asl::JitterStrategy::full;
  const bool ok = full ? waited_us >= -tolerance_us && waited_us <= cap_us + tolerance_us
                       : std::fabs(waited_us - cap_us) <= tolerance_us;
  if (ok) return std::nullopt;
  return Mismatch{
      kDelayBound, step.observed.event_id,
      fmt::format("retry {} of {} in '{}' waited {:.6f}s after event {}; with "
                  "JitterStrategy {} it must wait {}{:.6f}s (IntervalSeconds {} x "
                  "BackoffRate {}^{}{})",
                  e.done + 1, retrier_text(*v.state, e.retrier), v.name, waited_us / 1e6,
                  step.point.event_id, full ? "FULL" : "NONE", full ? "between 0 and " : "exactly ",
                  cap_us / 1e6, r.interval_seconds, r.backoff_rate, e.done,
                  r.max_delay_seconds
                      ? fmt::format(", capped at MaxDelaySeconds {}", *r.max_delay_seconds)
                      : std::string())};
}

// A retry that the rules do not allow: which rule it breaks.
Mismatch unexpected_retry(const Visit& v, const Step& step, const Expected& e) {
  const asl::State& s = *v.state;
  const FailurePoint& p = step.point;
  const int64_t id = step.observed.event_id;
  if (is_terminal_error(p)) {
    return {kUncatchable, id,
            fmt::format("'{}' retried error {} (event {}); States.Runtime and "
                        "States.DataLimitExceeded are never retried",
                        v.name, error_text(p), p.event_id)};
  }
  if (e.exhausted < 0 && p.error && *p.error == asl::errors::kTimeout) {
    return {kUncatchable, id,
            fmt::format("'{}' retried States.Timeout (event {}) although no "
                        "retrier names it; States.TaskFailed does not match "
                        "States.Timeout",
                        v.name, p.event_id)};
  }
  if (e.exhausted >= 0) {
    for (size_t i = static_cast<size_t>(e.exhausted) + 1; i < s.retry.size(); ++i) {
      if (matches(s.retry[i].error_equals, p) == Tri::yes) {
        return {kFallThrough, id,
                fmt::format("'{}' retried error {} (event {}) after {} had used all its "
                            "attempts; a later retrier ({}) must not take over",
                            v.name, error_text(p), p.event_id, retrier_text(s, e.exhausted),
                            retrier_text(s, static_cast<int>(i)))};
      }
    }
    return {kBudget, id,
            fmt::format("'{}' retried error {} (event {}) although {} had already "
                        "retried MaxAttempts times",
                        v.name, error_text(p), p.event_id, retrier_text(s, e.exhausted))};
  }
  return {kBudget, id,
          fmt::format("'{}' retried error {} (event {}) although no retrier "
                      "matches it",
                      v.name, error_text(p), p.event_id)};
}

std::optional<Mismatch> check_catch(const Record& record, const Visit& v, const Step& step,
                                    const Expected& e) {
  const asl::State& s = *v.state;
  const FailurePoint& p = step.point;
  const asl::Catcher& c = s.catch_[static_cast<size_t>(e.catcher)];
  const StateInfo* info = record.state_info(v.name);
  const Thread& t = record.threads[static_cast<size_t>(v.thread)];
  const HistoryEvent& exited = record.event(v.exited);
  // The state entered next on the same thread, if any.
  const HistoryEvent* next = nullptr;
  for (const int64_t id : t.events) {
    if (id > v.exited && is_state_entered(record.event(id).type)) {
      next = &record.event(id);
      break;
    }
  }
  if (info != nullptr && info->machine != nullptr && next != nullptr && c.next >= 0 &&
      static_cast<size_t>(c.next) < info->machine->states.size()) {
    const std::string& target = info->machine->states[static_cast<size_t>(c.next)].name;
    if (next->name != target) {
      return Mismatch{
          kCatchAfterRetry, next->id,
          fmt::format("Catch[{}] of '{}' matches error {} (event {}) and goes to '{}', "
                      "but '{}' was entered",
                      e.catcher, v.name, error_text(p), p.event_id, target, next->name)};
    }
  }
  const Document& input = record.event(v.entered).input;
  // A JSONata catcher's Output decides the output itself (JSONATA-3.6); without one the output
  // is the error output, which the default ResultPath places the same way.
  const bool placed_by_result_path = s.query_language == asl::QueryLanguage::jsonpath ||
                                     !c.output.has_value();
  if (input && exited.output && placed_by_result_path) {
    std::optional<std::string> cause = p.cause;
    if (!p.cause_known) cause = placed_cause(c.result_path, *exited.output);
    auto placed = asl::apply_result_path(c.result_path, *input, asl::error_output(p.error, cause));
    if (placed.ok() && placed.value() != *exited.output) {
      return Mismatch{
          kCatchAfterRetry, exited.id,
          fmt::format("Catch[{}] of '{}' must pass the error output {} placed by its "
                      "ResultPath: {}; the state exited with {}",
                      e.catcher, v.name, to_compact_text(asl::error_output(p.error, cause)),
                      to_compact_text(placed.value()), to_compact_text(*exited.output))};
    }
  }
  return std::nullopt;
}

// A catcher whose ResultPath cannot place the error output into the state input fails the
// state with States.ResultPathMatchFailure instead of transitioning (SFN-2.4b).
bool catcher_output_fails(const Record& record, const Visit& v, const Step& step,
                          const Expected& e) {
  const asl::Catcher& c = v.state->catch_[static_cast<size_t>(e.catcher)];
  const Document& input = record.event(v.entered).input;
  if (!input) return false;
  return !asl::apply_result_path(c.result_path, *input,
                                 asl::error_output(step.point.error, step.point.cause))
              .ok();
}

std::optional<Mismatch> compare(const Record& record, const Visit& v, const Step& step,
                                const Expected& e) {
  const asl::State& s = *v.state;
  const FailurePoint& p = step.point;
  switch (step.observed.kind) {
    case ObservedKind::retry:
      if (e.kind == Expected::Kind::retry) return check_delay(record, v, step, e);
      return unexpected_retry(v, step, e);
    case ObservedKind::caught:
      if (e.kind == Expected::Kind::caught) return check_catch(record, v, step, e);
      if (e.kind == Expected::Kind::retry) {
        return Mismatch{
            kCatchAfterRetry, step.observed.event_id,
            fmt::format("'{}' was left through a catcher after error {} (event {}) "
                        "while {} had used only {} of its retries",
                        v.name, error_text(p), p.event_id, retrier_text(s, e.retrier), e.done)};
      }
      if (is_terminal_error(p) || (p.error && *p.error == asl::errors::kTimeout)) {
        return Mismatch{kUncatchable, step.observed.event_id,
                        fmt::format("'{}' caught error {} (event {}), which none of its catchers "
                                    "may match (States.ALL excludes States.Runtime and "
                                    "States.DataLimitExceeded; States.TaskFailed excludes "
                                    "States.Timeout)",
                                    v.name, error_text(p), p.event_id)};
      }
      return Mismatch{kCatchAfterRetry, step.observed.event_id,
                      fmt::format("'{}' was left through a catcher after error {} (event {}), "
                                  "which no catcher matches",
                                  v.name, error_text(p), p.event_id)};
    case ObservedKind::failed:
      if (e.kind == Expected::Kind::retry) {
        return Mismatch{
            kBudget, step.observed.event_id,
            fmt::format("'{}' gave up after error {} (event {}) although {} had "
                        "retried only {} times",
                        v.name, error_text(p), p.event_id, retrier_text(s, e.retrier), e.done)};
      }
      if (e.kind == Expected::Kind::caught && !catcher_output_fails(record, v, step, e)) {
        return Mismatch{kCatchAfterRetry, step.observed.event_id,
                        fmt::format("'{}' failed with error {} (event {}) although Catch[{}] "
                                    "matches it",
                                    v.name, error_text(p), p.event_id, e.catcher)};
      }
      return std::nullopt;
    default: return std::nullopt;
  }
}

struct ReplayResult {
  std::optional<Mismatch> mismatch;
  size_t mismatch_step = 0;
  std::vector<int64_t> counts;  // The retrier counters after the visit.
};

ReplayResult replay_visit(const Record& record, const Visit& v, const std::vector<Step>& steps,
                          std::vector<int64_t> counts) {
  ReplayResult result;
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    if (step.observed.kind == ObservedKind::unknown) break;
    const Expected e = decide(*v.state, counts, step.point);
    if (e.kind == Expected::Kind::unknown) break;
    if (auto mismatch = compare(record, v, step, e)) {
      result.mismatch = std::move(mismatch);
      result.mismatch_step = i;
      break;
    }
    if (step.observed.kind != ObservedKind::retry) break;
    ++counts[static_cast<size_t>(e.retrier)];
  }
  result.counts = std::move(counts);
  return result;
}

struct Previous {
  int visit = -1;
  int segment = 0;
  std::vector<int64_t> counts;
};

}  // namespace

std::vector<Problem> replay_retries(const Record& record,
                                    const std::vector<AttemptClocks>& clocks) {
  std::vector<Problem> problems;
  if (!record.usable || record.definition == nullptr) return problems;
  std::map<std::string, Previous> previous;  // By thread key and state name.
  for (size_t vi = 0; vi < record.visits.size(); ++vi) {
    const Visit& v = record.visits[vi];
    if (v.state == nullptr) continue;
    const asl::StateType type = v.state->type;
    if (type != asl::StateType::Task && type != asl::StateType::Parallel &&
        type != asl::StateType::Map) {
      continue;
    }
    const std::vector<Step> steps = visit_steps(record, clocks, static_cast<int>(vi));
    const std::vector<int64_t> zeros(v.state->retry.size(), 0);
    ReplayResult result = replay_visit(record, v, steps, zeros);
    const std::string key =
        record.threads[static_cast<size_t>(v.thread)].key + "\n" + std::string(v.name);
    const auto prev = previous.find(key);
    if (result.mismatch && prev != previous.end() && prev->second.counts != zeros) {
      ReplayResult carried = replay_visit(record, v, steps, prev->second.counts);
      if (!carried.mismatch || carried.mismatch_step > result.mismatch_step) {
        const bool resumed = prev->second.segment < v.segment;
        std::string counts;
        for (const int64_t c : prev->second.counts)
          counts += (counts.empty() ? "" : ", ") + std::to_string(c);
        result.mismatch = Mismatch{
            resumed ? kRedriveClocks : kCounterReset, result.mismatch->event_id,
            fmt::format("'{}' {} at event {} kept the retrier counters [{}] of its visit entered "
                        "at event {}; counters start at 0 {} ({})",
                        v.name, resumed ? "resumed by the redrive" : "entered again", v.entered,
                        counts, record.visits[static_cast<size_t>(prev->second.visit)].entered,
                        resumed ? "after a redrive" : "on every visit", result.mismatch->message)};
        result.counts = std::move(carried.counts);
      }
    }
    if (result.mismatch) {
      problems.push_back(Problem{result.mismatch->invariant, result.mismatch->event_id,
                                 std::move(result.mismatch->message)});
    }
    previous[key] = Previous{static_cast<int>(vi), v.segment, std::move(result.counts)};
  }
  return problems;
}

}  // namespace wfsim::check::sfn
