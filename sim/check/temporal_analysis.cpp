// Temporal invariants 19-24, attempt by attempt: options, attempt numbering, calls accepted after
// a timer ran out, what followed each attempt (exact backoff or a close), the final
// ActivityTaskStarted and the heartbeat details handed over. The activity's close and stale
// tokens are in temporal_close.cpp; invariant 25 in temporal_worker_checks.cpp.
#include "check/temporal_analysis.h"

#include <fmt/format.h>

#include "check/checks_internal.h"
#include "check/record_view.h"

namespace wfsim::check::tmp {
namespace {

namespace th = ::wfsim::temporal;

Json as_json(const th::Payloads& payloads) {
  Json out = Json::array();
  for (const Json& p : payloads) out.push_back(p);
  return out;
}

}  // namespace

Duration distance(Instant a, Instant b) { return a < b ? b - a : a - b; }

Analysis::Analysis(const Model& model, std::vector<Problem>& out)
    : m_(model), out_(out), tolerance_(model.observation.semantics.temporal_tolerance) {}

void Analysis::run() {
  for (const Activity& a : m_.activities) {
    options(a);
    numbering(a);
    late_calls(a);
    transitions(a);
    final_close(a);
    started_event(a);
    details(a);
    stale(a);
  }
  for (const CallRecord* r : m_.unknown_token_calls) {
    if (accepted(*r)) {
      add(kStale, 0, r->sequence,
          fmt::format("{} accepted a token that no poll answer of this workflow handed out",
                      describe_call(*r)));
    }
  }
}

void Analysis::add(std::string_view invariant, int64_t event, uint64_t call, std::string message) {
  out_.push_back(Problem{invariant, event, call, std::move(message)});
}

std::string Analysis::name(const Activity& a) {
  return fmt::format("activity {} ({})", a.scheduled->activity_id, a.scheduled->activity_type);
}

std::string Analysis::ended(const Attempt& a) {
  return fmt::format("attempt {} ended ({}) at {}", a.number, to_string(a.end), at(a.end_time));
}

void Analysis::options(const Activity& a) {
  const th::HistoryEvent& s = *a.scheduled;
  if (s.start_to_close_timeout > Duration::zero() &&
      s.heartbeat_timeout > s.start_to_close_timeout) {
    add(kTimers, s.event_id, 0,
        fmt::format("{} has HeartbeatTimeout {} above StartToClose {}; normalisation caps it at "
                    "StartToClose",
                    name(a), seconds_text(s.heartbeat_timeout),
                    seconds_text(s.start_to_close_timeout)));
  }
}

void Analysis::numbering(const Activity& a) {
  const int32_t maximum =
      a.scheduled->retry_policy ? a.scheduled->retry_policy->maximum_attempts : 0;
  for (size_t i = 0; i < a.attempts.size(); ++i) {
    const Attempt& t = a.attempts[i];
    const uint64_t call = t.poll->sequence;
    const auto position = static_cast<int32_t>(i) + 1;
    if (t.number != position) {
      add(kRetryBounds, 0, call,
          fmt::format("the poll answer numbers attempt {} of {} as attempt {}", position, name(a),
                      t.number));
    }
    if (maximum > 0 && position > maximum) {
      add(kRetryBounds, 0, call,
          fmt::format("{} started attempt {} although MaximumAttempts is {}", name(a), position,
                      maximum));
    }
    if (i > 0 && a.expiration && t.scheduled > saturating_add(*a.expiration, tolerance_)) {
      add(kRetryBounds, 0, call,
          fmt::format("attempt {} of {} was scheduled at {}, after the ScheduleToClose deadline "
                      "{}",
                      position, name(a), at(t.scheduled), at(*a.expiration)));
    }
  }
}

void Analysis::late_calls(const Activity& a) {
  for (const Attempt& t : a.attempts) {
    for (const CallRecord* r : t.late_calls) {
      add(kTimers, 0, r->sequence,
          fmt::format("{} was accepted for attempt {} of {} after its timers had run out "
                      "(StartToClose at {}, heartbeat at {})",
                      describe_call(*r), t.number, name(a), at(t.start_to_close_deadline),
                      t.heartbeat_deadline ? at(*t.heartbeat_deadline) : std::string("none")));
    }
  }
}

std::string Analysis::delay_text(const Activity& a, const Attempt& t, const Decision& d) const {
  if (t.end == AttemptEnd::failed && t.failure.next_retry_delay) {
    return fmt::format("the failure's next_retry_delay {}", seconds_text(d.delay));
  }
  const th::RetryPolicy& p = *a.scheduled->retry_policy;
  return fmt::format("{} (InitialInterval {} x BackoffCoefficient {}^{}, MaximumInterval {})",
                     seconds_text(d.delay), seconds_text(p.initial_interval), p.backoff_coefficient,
                     t.number - 1, seconds_text(p.maximum_interval));
}

void Analysis::transitions(const Activity& a) {
  for (size_t i = 0; i + 1 < a.attempts.size(); ++i) {
    const Attempt& t = a.attempts[i];
    const Attempt& next = a.attempts[i + 1];
    const Decision d = m_.decide(a, i);
    if (d.kind == Decision::Kind::unknown) continue;
    if (d.kind == Decision::Kind::close) {
      add(d.invariant, 0, next.poll->sequence,
          fmt::format("{} started attempt {} although {}, which closes it: {}", name(a),
                      next.number, ended(t), d.reason));
      continue;
    }
    const Instant expected = saturating_add(t.end_time, d.delay);
    if (distance(next.scheduled, expected) > tolerance_) {
      add(kExactBackoff, 0, next.poll->sequence,
          fmt::format("attempt {} of {} was scheduled at {}, {} after {}; the retry policy gives "
                      "exactly {}",
                      next.number, name(a), at(next.scheduled),
                      seconds_text(next.scheduled - t.end_time), ended(t), delay_text(a, t, d)));
    }
  }
}

void Analysis::started_event(const Activity& a) {
  if (a.attempts.empty() || a.close == nullptr) return;
  const Attempt& last = a.attempts.back();
  const Decision::Kind decision = m_.decide(a, a.attempts.size() - 1).kind;
  if (decision == Decision::Kind::unknown) return;
  if (decision == Decision::Kind::retry) {
    // Closed while the next attempt waited (backoff or queue): no attempt was running.
    if (a.started != nullptr) {
      add(kRetryBounds, a.started->event_id, 0,
          fmt::format("{} closed while attempt {} was not yet started, yet records "
                      "ActivityTaskStarted for attempt {}",
                      name(a), last.number + 1, a.started->attempt));
    }
    return;
  }
  if (a.started == nullptr || a.started->attempt != last.number ||
      distance(a.started->event_time, last.started) > tolerance_) {
    add(kRetryBounds, a.started ? a.started->event_id : a.close->event_id, 0,
        fmt::format("the closed {} must record one ActivityTaskStarted for its final attempt {} "
                    "(started at {}){}",
                    name(a), last.number, at(last.started),
                    a.started ? fmt::format("; it records attempt {} at {}", a.started->attempt,
                                            at(a.started->event_time))
                              : std::string()));
    return;
  }
  if (a.attempts.size() < 2) return;
  const Attempt& prev = a.attempts[a.attempts.size() - 2];
  if (!is_attempt_timeout(prev.end)) return;
  const auto& lf = a.started->last_failure;
  const th::TimeoutType expected = prev.end == AttemptEnd::heartbeat
                                       ? th::TimeoutType::heartbeat
                                       : th::TimeoutType::start_to_close;
  const bool either = prev.end == AttemptEnd::timeout_either;
  if (!lf || lf->info != th::FailureInfo::timeout || (!either && lf->timeout_type != expected)) {
    add(kTimers, a.started->event_id, 0,
        fmt::format("the lastFailure of {}'s final attempt must be the {} of attempt {}", name(a),
                    to_string(prev.end), prev.number));
  }
}

void Analysis::details(const Activity& a) {
  Json recorded = Json::array();
  for (const Attempt& t : a.attempts) {
    if (t.details_seen != recorded) {
      add(kDetails, 0, t.poll->sequence,
          fmt::format("attempt {} of {} was handed heartbeat details {}; the last details the "
                      "server recorded before it are {}",
                      t.number, name(a), to_compact_text(t.details_seen),
                      to_compact_text(recorded)));
    }
    if (t.recorded_details) recorded = *t.recorded_details;
  }
  const th::HistoryEvent* c = a.close;
  if (c != nullptr && c->type == th::EventType::ActivityTaskTimedOut && c->failure &&
      as_json(c->failure->last_heartbeat_details) != recorded) {
    add(kDetails, c->event_id, 0,
        fmt::format("the timeout failure of {} carries last_heartbeat_details {}; the last "
                    "recorded details are {}",
                    name(a), to_compact_text(as_json(c->failure->last_heartbeat_details)),
                    to_compact_text(recorded)));
  }
}

Context::Context(const Observation& observation)
    : model_(std::make_unique<Model>(observation)),
      problems_(std::make_unique<std::vector<Problem>>()) {
  WFSIM_ASSERT_MSG(observation.temporal, "a Temporal context reads a Temporal record");
  Analysis(*model_, *problems_).run();
  worker_problems(*model_, *problems_);
  // The model refers only to the record it was built from (whatever that record holds): every
  // activity starts at its scheduled event, every attempt at the poll that handed it out, every
  // call and closing call is a record of the log; each problem names a Temporal invariant.
  for (const Activity& activity : model_->activities) {
    WFSIM_ASSERT(activity.scheduled != nullptr);
    for (const Attempt& attempt : activity.attempts) {
      WFSIM_ASSERT(attempt.poll != nullptr);
      for (const TokenCall& call : attempt.calls) WFSIM_ASSERT(call.record != nullptr);
    }
  }
  for (const Problem& p : *problems_) WFSIM_ASSERT(p.invariant.starts_with("temporal."));
}

Context::~Context() = default;

void report_problems(Context& context, Findings& findings) {
  for (const Problem& p : context.problems()) {
    if (p.invariant == findings.invariant()) findings.add(p.event_id, p.call, p.message);
  }
}

}  // namespace wfsim::check::tmp
