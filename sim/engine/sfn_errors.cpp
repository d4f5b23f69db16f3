// Step Functions engine: Retry and Catch. The first retrier whose ErrorEquals matches is the only
// one used (SFN-2.2a); its counter runs for the whole state visit (SFN-2.2b); the wait is
// min(IntervalSeconds * BackoffRate^k, MaxDelaySeconds), fully jittered on request (SFN-2.3a);
// catchers are consulted only after retries are used up (SFN-2.4a). States.Runtime is never
// retried or caught (SFN-1.6c, REC-1.1); States.DataLimitExceeded is an ordinary error that
// catchers naming it or States.ALL catch, as recorded on AWS (REC-2, departing from SFN-1.6c).
#include <cmath>

#include "asl/data_flow.h"
#include "engine/sfn_core.h"

namespace wfsim::sfn {
namespace {

constexpr double kMaxDelayUs = 1e17;  // About 3,000 years: far past every run limit.

bool is_terminal(std::string_view name) { return name == asl::errors::kRuntime; }

EventType exited_type(asl::StateType type) {
  const std::optional<EventType> exited = events_of(type).exited;
  WFSIM_ASSERT_MSG(exited && (type == asl::StateType::Task || type == asl::StateType::Parallel ||
                              type == asl::StateType::Map),
                   "only Task, Parallel and Map states have Retry and Catch");
  return *exited;
}

}  // namespace

bool Engine::State::matches(const std::vector<std::string>& error_equals,
                            const Failure& failure) const {
  const std::string_view name = failure.name();
  const bool has_name = failure.error.has_value();
  if (has_name && is_terminal(name)) {
    if (!options.mutants.has(Mutant::states_all_catches_runtime)) return false;
    for (const std::string& e : error_equals) {
      if (e == asl::errors::kAll) return true;
    }
    return false;
  }
  for (const std::string& e : error_equals) {
    if (e == asl::errors::kAll) return true;
    if (e == asl::errors::kTaskFailed) {
      // Every error except States.Timeout, which heartbeat expiries are recorded as (SFN-1.6d).
      if (name == asl::errors::kTimeout &&
          !options.mutants.has(Mutant::task_failed_matches_timeout)) {
        continue;
      }
      return true;
    }
    if (e == asl::errors::kHeartbeatTimeout && failure.heartbeat_expiry) return true;
    if (has_name && name == e) return true;
  }
  return false;
}

Duration Engine::State::retry_delay(const asl::Retrier& r, uint32_t retries_done,
                                    Random& stream) const {
  // IEEE double products are the same everywhere; std::pow need not be, so multiply k times.
  double base_us = static_cast<double>(r.interval_seconds) * 1e6;
  for (uint32_t k = 0; k < retries_done && base_us < kMaxDelayUs; ++k) base_us *= r.backoff_rate;
  base_us = std::min(base_us, kMaxDelayUs);
  double cap_us = base_us;
  if (r.max_delay_seconds) cap_us = std::min(cap_us, static_cast<double>(*r.max_delay_seconds) * 1e6);
  if (r.jitter == asl::JitterStrategy::full) {
    const double upper_us = options.mutants.has(Mutant::jitter_beyond_cap) ? base_us : cap_us;
    return Duration::microseconds(stream.uniform_in(0, std::llround(upper_us)));
  }
  return Duration::microseconds(std::llround(cap_us));
}

bool Engine::State::will_retry(const Thread& t, const Failure& failure) const {
  const asl::State& s = state_of(t);
  const Visit& v = t.visit;
  WFSIM_ASSERT(v.retrier_counts.size() == s.retry.size());
  for (size_t i = 0; i < s.retry.size(); ++i) {
    const asl::Retrier& r = s.retry[i];
    if (!matches(r.error_equals, failure)) continue;
    int64_t allowed = r.max_attempts;
    if (allowed == 0 && options.mutants.has(Mutant::max_attempts_zero_retries_once)) allowed = 1;
    if (v.retrier_counts[i] < allowed) return true;
    if (!options.mutants.has(Mutant::retrier_fall_through)) break;
  }
  return false;
}

Failure Engine::State::data_limit_failure(const asl::State& state) {
  // A Task names its resource as the recording does: the resource type of a service
  // integration ("lambda"), the ARN of a Lambda function or activity; other states their name.
  std::string_view named = state.name;
  if (state.task) {
    const bool by_arn = state.task->kind == asl::TaskKind::lambda_legacy ||
                        state.task->kind == asl::TaskKind::activity;
    named = by_arn ? std::string_view(state.task->resource)
                   : std::string_view(state.task->resource_type);
  }
  return Failure{asl::errors::kDataLimitExceeded,
                 "The state/task '" + std::string(named) +
                     "' returned a result with a size exceeding the maximum number of bytes "
                     "service limit.",
                 false, false};
}

Advance Engine::State::handle_error(Id tid, Failure failure) {
  Thread& t = thread(tid);
  const asl::State& s = state_of(t);
  Visit& v = t.visit;
  WFSIM_ASSERT(v.retrier_counts.size() == s.retry.size());
  // An assignment the state evaluated before failing is never written (VAR-4.1).
  v.assigned.reset();
  v.variables_after.reset();
  for (size_t i = 0; i < s.retry.size(); ++i) {
    const asl::Retrier& r = s.retry[i];
    if (!matches(r.error_equals, failure)) continue;
    int64_t allowed = r.max_attempts;
    if (allowed == 0 && options.mutants.has(Mutant::max_attempts_zero_retries_once)) allowed = 1;
    if (v.retrier_counts[i] < allowed) {
      const Duration delay = retry_delay(r, v.retrier_counts[i], execution_of(t).random);
      ++v.retrier_counts[i];
      ++v.retry_count;
      v.timer = arm(TimerKind::retry, tid, t.epoch, saturating_add(now, delay));
      return Advance::blocked();
    }
    // Exhausted: later retriers are not consulted (SFN-2.2a).
    if (!options.mutants.has(Mutant::retrier_fall_through)) break;
  }
  for (const asl::Catcher& c : s.catch_) {
    if (!matches(c.error_equals, failure)) continue;
    auto caught = catch_output(t, s, c, failure);
    if (auto* raised = std::get_if<Failure>(&caught)) return Advance::fail(std::move(*raised));
    HistoryEvent& exited = emit(t, exited_type(s.type));
    exited.name = s.name;
    Document output = std::move(std::get<Document>(caught));
    exited.output = output;
    // Only the catcher's Assign applies, on the failing state's Exited event (VAR-4.1, 4.2).
    commit_assign(t, exited);
    return Advance::go_to(c.next, std::move(output));
  }
  return Advance::fail(std::move(failure));
}

std::variant<Document, Failure> Engine::State::catch_output(Thread& t, const asl::State& s,
                                                           const asl::Catcher& c,
                                                           const Failure& failure) {
  const Json error = asl::error_output(failure.error, failure.cause);
  // The catcher's Assign sees the error output: JSONPath "$" (our choice, not recorded) and
  // JSONata $states.errorOutput (JSONATA-3.3). A failure here is not caught again (OQ-10).
  if (c.assign) {
    if (auto raised = evaluate_assign(t, s, *c.assign, {&error, nullptr, &error})) {
      return std::move(*raised);
    }
  }
  if (s.query_language == asl::QueryLanguage::jsonata) {
    // Without Output the state's output is the error output (JSONATA-3.5, 3.6).
    if (!c.output) return make_document(error);
    auto value = query(t, *c.output, ExpectedType::any, nullptr, nullptr, &error);
    if (auto* query_failure = std::get_if<QueryFailure>(&value)) {
      return query_failed(t, s, *query_failure);
    }
    return make_document(std::move(std::get<Json>(value)));
  }
  auto placed = asl::apply_result_path(c.result_path, *t.visit.input, error);
  if (!placed.ok()) return Failure::of(placed.error());
  return make_document(std::move(placed).value());
}

void Engine::State::on_retry_elapsed(Id tid) {
  Thread& t = thread(tid);
  const asl::State& s = state_of(t);
  switch (s.type) {
    case asl::StateType::Task: proceed(tid, schedule_attempt(tid)); return;
    case asl::StateType::Parallel: proceed(tid, run_parallel(t, s)); return;
    case asl::StateType::Map: proceed(tid, run_map(t, s)); return;
    case asl::StateType::Pass:
    case asl::StateType::Wait:
    case asl::StateType::Choice:
    case asl::StateType::Succeed:
    case asl::StateType::Fail: WFSIM_UNREACHABLE("retry of a state without Retry");
  }
}

}  // namespace wfsim::sfn
