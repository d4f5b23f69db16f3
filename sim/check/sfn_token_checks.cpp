// Step Functions task tokens (invariants 9 and 10, and one outcome per attempt): a closed
// attempt's token gets TaskTimedOut and a never-issued one InvalidToken, and neither changes the
// history (SFN-1.3f-h); every attempt gets its own token (SFN-1.3b); an attempt has at most one
// outcome event and at most one accepted outcome call, and the two agree.
#include <fmt/format.h>

#include <map>

#include "check/checks_internal.h"
#include "check/invariant_names.h"
#include "check/record_view.h"
#include "check/sfn_record.h"

namespace wfsim::check::sfn {
namespace {

// The history's event limit can fall on the outcome an accepted call would have written: the
// call is answered, and the limit-th event is ExecutionFailed instead (SFN-1.5d).
bool event_limit_reached_at(const Record& r, Instant time) {
  for (const HistoryEvent& e : r.observation.history->events) {
    if (e.type == EventType::ExecutionFailed && e.timestamp == time &&
        e.id >= r.observation.semantics.history_event_limit) {
      return true;
    }
  }
  return false;
}

std::string attempt_text(const Record& r, const Attempt& a) {
  return fmt::format("the attempt of '{}' scheduled at event {}",
                     a.visit >= 0 ? r.visits[static_cast<size_t>(a.visit)].name : "?", a.scheduled);
}

// Whether the call was judged on its token: accepted, or rejected with one of the token errors
// of SFN-1.3f. Other errors (InvalidOutput, ValidationException, a ThrottlingException from the
// service's rate limit) rejected the call before its token was looked at.
bool token_judged(const CallRecord& c) {
  if (!c.error) return c.response.has_value();
  return c.error->code == "TaskTimedOut" || c.error->code == "InvalidToken" ||
         c.error->code == "TaskDoesNotExist";
}

bool is_success_outcome(EventType type) {
  return type == EventType::TaskSucceeded || type == EventType::ActivitySucceeded ||
         type == EventType::LambdaFunctionSucceeded;
}

// Whether an accepted outcome call and the recorded outcome event agree.
bool call_matches_outcome(const TokenCall& call, const HistoryEvent& outcome) {
  const Json& request = call.record->request;
  const bool data_limit = outcome.error == std::optional<std::string>("States.DataLimitExceeded");
  switch (call.kind) {
    case TokenCallKind::success: return is_success_outcome(outcome.type) || data_limit;
    case TokenCallKind::failure:
      return !is_success_outcome(outcome.type) && !is_attempt_timed_out(outcome.type) &&
             outcome.error == string_member(request, "error");
    case TokenCallKind::integration:
      if (member(request, "output") != nullptr)
        return is_success_outcome(outcome.type) || data_limit;
      return !is_success_outcome(outcome.type) && !is_attempt_timed_out(outcome.type) &&
             outcome.error == string_member(request, "error");
    case TokenCallKind::heartbeat: break;
  }
  return false;
}

}  // namespace

void check_closed_token_rejected(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnClosedTokenRejected,
                   "the registry pairs each checker with its own invariant");
  const Record& r = context.record();
  for (const TokenCall& call : r.token_calls) {
    const CallRecord& c = *call.record;
    if (!token_judged(c)) continue;
    if (call.issue < 0) {
      if (accepted(c)) {
        findings.add(0, c.sequence,
                     fmt::format("{} was accepted with a token that was never "
                                 "issued; it must get InvalidToken",
                                 describe_call(c)));
      } else if (c.error && c.error->code != "InvalidToken") {
        findings.add(0, c.sequence,
                     fmt::format("{} with a token that was never issued got {}; "
                                 "it must get InvalidToken",
                                 describe_call(c), c.error->code));
      }
      continue;
    }
    if (call.attempt < 0) continue;  // fresh_tokens reports the unknown attempt.
    const Attempt& a = r.attempts[static_cast<size_t>(call.attempt)];
    if (a.closed() && a.close_time < c.time) {
      if (accepted(c)) {
        findings.add(a.closed_by, c.sequence,
                     fmt::format("{} was accepted for {}, which closed at {} ({}); a closed "
                                 "attempt's token gets TaskTimedOut",
                                 describe_call(c), attempt_text(r, a), at(a.close_time),
                                 to_string(r.event(a.closed_by).type)));
      } else if (c.error && c.error->code != "TaskTimedOut") {
        findings.add(
            a.closed_by, c.sequence,
            fmt::format("{} for {}, closed at {}, got {}; a closed attempt's token gets "
                        "TaskTimedOut",
                        describe_call(c), attempt_text(r, a), at(a.close_time), c.error->code));
      }
    } else if ((!a.closed() || a.close_time > c.time) && c.error) {
      findings.add(a.scheduled, c.sequence,
                   fmt::format("{} was rejected with {} although {} was open; only the token of "
                               "a closed attempt is rejected",
                               describe_call(c), c.error->code, attempt_text(r, a)));
    }
  }
  // A rejected call changes nothing: an outcome needs an accepted call at its time.
  for (size_t i = 0; i < r.attempts.size(); ++i) {
    const Attempt& a = r.attempts[i];
    if (a.outcomes.empty() || is_attempt_timed_out(r.event(a.outcomes.front()).type)) continue;
    const HistoryEvent& outcome = r.event(a.outcomes.front());
    bool accepted_now = false;
    const CallRecord* rejected_now = nullptr;
    for (const int c : r.calls_of_attempt[i]) {
      const TokenCall& call = r.token_calls[static_cast<size_t>(c)];
      if (!call.is_outcome() || call.record->time != outcome.timestamp) continue;
      if (accepted(*call.record)) accepted_now = true;
      if (call.record->error && token_judged(*call.record)) rejected_now = call.record;
    }
    if (!accepted_now && rejected_now != nullptr) {
      findings.add(
          outcome.id, rejected_now->sequence,
          fmt::format("{} of {} was recorded at the time of the rejected {} and no "
                      "accepted call: a rejected call must change nothing",
                      to_string(outcome.type), attempt_text(r, a), describe_call(*rejected_now)));
    }
  }
}

void check_fresh_tokens(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnFreshTokens,
                   "the registry pairs each checker with its own invariant");
  const Record& r = context.record();
  std::map<std::string, const TokenIssue*, std::less<>> first_issue;
  for (const TokenIssue& issue : r.issues) {
    if (r.usable && issue.attempt < 0) {
      findings.add(0, issue.record->sequence,
                   fmt::format("{} hands out a token for scheduledEventId {}, which is not a "
                               "Scheduled event of the history",
                               describe_call(*issue.record), issue.scheduled_event_id));
      continue;
    }
    const auto [it, inserted] = first_issue.emplace(issue.token, &issue);
    if (inserted || it->second->scheduled_event_id == issue.scheduled_event_id) continue;
    // Named by state (when the attempt is known), so the finding says where it happened.
    const auto attempt_of = [&](const TokenIssue& which) {
      return which.attempt >= 0 ? attempt_text(r, r.attempts[static_cast<size_t>(which.attempt)])
                                : fmt::format("the attempt scheduled at event {}",
                                              which.scheduled_event_id);
    };
    findings.add(issue.scheduled_event_id, issue.record->sequence,
                 fmt::format("{} hands {} the token already issued by {} for {}: every attempt, "
                             "retries included, gets a fresh token",
                             describe_call(*issue.record), attempt_of(issue),
                             describe_call(*it->second->record), attempt_of(*it->second)));
  }
}

void check_one_outcome_per_attempt(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnOneOutcomePerAttempt,
                   "the registry pairs each checker with its own invariant");
  const Record& r = context.record();
  if (!r.usable) return;
  std::vector<std::vector<const TokenCall*>> accepted_calls(r.attempts.size());
  std::vector<bool> issued_in_log(r.attempts.size(), false);
  for (const TokenIssue& issue : r.issues) {
    if (issue.attempt >= 0) issued_in_log[static_cast<size_t>(issue.attempt)] = true;
  }
  for (const TokenCall& call : r.token_calls) {
    if (call.is_outcome() && call.attempt >= 0 && accepted(*call.record)) {
      accepted_calls[static_cast<size_t>(call.attempt)].push_back(&call);
    }
  }
  for (size_t i = 0; i < r.attempts.size(); ++i) {
    const Attempt& a = r.attempts[i];
    if (a.outcomes.size() > 1) {
      findings.add(a.outcomes[1], 0,
                   fmt::format("{} records a second outcome ({}) after {} (event {})",
                               attempt_text(r, a), to_string(r.event(a.outcomes[1]).type),
                               to_string(r.event(a.outcomes[0]).type), a.outcomes[0]));
    }
    const auto& calls = accepted_calls[i];
    if (calls.size() > 1) {
      findings.add(a.scheduled, calls[1]->record->sequence,
                   fmt::format("{} accepted a second outcome call, {}, after {}; only the first "
                               "outcome of a token is accepted",
                               attempt_text(r, a), describe_call(*calls[1]->record),
                               describe_call(*calls[0]->record)));
    }
    if (!calls.empty()) {
      const TokenCall& first = *calls.front();
      if (a.closed() && a.close_time < first.record->time) continue;  // closed_token_rejected.
      if (a.outcomes.empty() && event_limit_reached_at(r, first.record->time)) continue;
      if (a.outcomes.empty() || r.event(a.outcomes.front()).timestamp != first.record->time ||
          !call_matches_outcome(first, r.event(a.outcomes.front()))) {
        findings.add(
            a.outcomes.empty() ? a.scheduled : a.outcomes.front(), first.record->sequence,
            fmt::format("{} accepted {}, but {}", attempt_text(r, a), describe_call(*first.record),
                        a.outcomes.empty()
                            ? std::string("no outcome was recorded")
                            : fmt::format("the recorded outcome is {} at {}",
                                          to_string(r.event(a.outcomes.front()).type),
                                          at(r.event(a.outcomes.front()).timestamp))));
      }
      continue;
    }
    if (!a.outcomes.empty() && issued_in_log[i] &&
        !is_attempt_timed_out(r.event(a.outcomes.front()).type)) {
      findings.add(a.outcomes.front(), 0,
                   fmt::format("{} records {} without an accepted completion call for its token",
                               attempt_text(r, a), to_string(r.event(a.outcomes.front()).type)));
    }
  }
}

}  // namespace wfsim::check::sfn
