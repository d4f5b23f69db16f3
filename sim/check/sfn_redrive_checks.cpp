// Step Functions redrive (invariants 15-18; SFN-3.1-3.6, 2.2d): RedriveExecution succeeds iff the
// execution is eligible, appends ExecutionRedriven with redriveCount + 1 and nothing else changes
// before it, resumes only what had not succeeded, and restarts the execution clock. The
// retry-count part of invariant 18 comes from the Retry replay (sfn_replay.cpp).
#include <fmt/format.h>

#include <algorithm>

#include "check/checks_internal.h"
#include "check/invariant_names.h"
#include "check/record_view.h"
#include "check/sfn_record.h"

namespace wfsim::check::sfn {
namespace {

// A RedriveExecution call and the ExecutionRedriven it produced.
struct RedriveCall {
  const CallRecord* call = nullptr;
  // Answered from a clientToken seen within its lifetime: the earlier successful call.
  const CallRecord* repeat_of = nullptr;
  bool idempotent_repeat = false;
  int64_t redriven = 0;  // The ExecutionRedriven matched to an accepted call.
};

std::vector<RedriveCall> match_redrives(const Record& r) {
  std::vector<RedriveCall> out;
  if (r.observation.calls == nullptr || !r.usable) return out;
  std::vector<int64_t> redriven;
  for (const HistoryEvent& e : r.history.events) {
    if (e.type == EventType::ExecutionRedriven) redriven.push_back(e.id);
  }
  size_t next = 0;
  std::vector<const CallRecord*> succeeded;
  const Duration lifetime = r.observation.semantics.redrive_client_token_lifetime;
  for (const CallRecord& c : r.observation.calls->records) {
    if (c.api != ApiCall::RedriveExecution || c.dropped) continue;
    RedriveCall rc{&c, nullptr, false, 0};
    if (accepted(c)) {
      const auto token = string_member(c.request, "clientToken");
      for (const CallRecord* s : succeeded) {
        if (token && string_member(s->request, "clientToken") == token &&
            c.time - s->time <= lifetime) {
          rc.idempotent_repeat = true;
          rc.repeat_of = s;
        }
      }
      if (!rc.idempotent_repeat) {
        if (next < redriven.size()) rc.redriven = redriven[next++];
        succeeded.push_back(&c);
      }
    }
    out.push_back(rc);
  }
  return out;
}

// Why a redrive at `t` of the history's first `prefix` events must be refused, if it must.
std::optional<std::string> refusal(const Record& r, size_t prefix, Instant t,
                                   std::string_view arn) {
  const Semantics& s = r.observation.semantics;
  if (arn.find(":express:") != std::string_view::npos) return "it is an Express execution";
  if (prefix == 0) return "it has no history";
  const HistoryEvent& last = r.history.events[prefix - 1];
  if (!is_execution_terminal(last.type)) return "it is RUNNING";
  if (last.type == EventType::ExecutionSucceeded) return "it SUCCEEDED";
  if (r.history.events.front().timestamp < s.redrive_launch) {
    return "it started before the launch of RedriveExecution";
  }
  if (static_cast<int64_t>(prefix) + 1 >= s.history_event_limit)
    return "its history is at the event limit";
  Duration open;
  for (const Segment& seg : r.segments) {
    if (seg.first > static_cast<int64_t>(prefix) || seg.terminal == 0 ||
        seg.terminal > static_cast<int64_t>(prefix)) {
      continue;
    }
    open = saturating_add(open, r.event(seg.terminal).timestamp - seg.start);
  }
  if (open >= s.max_execution_duration) return "it exceeded the maximum execution time";
  if (t - last.timestamp > s.redrive_window) return "it closed more than the redrive window ago";
  return std::nullopt;
}

// The number of events with timestamp < t (strictly) or <= t.
size_t prefix_at(const Record& r, Instant t, bool inclusive) {
  size_t n = 0;
  for (const HistoryEvent& e : r.history.events) {
    if (e.timestamp < t || (inclusive && e.timestamp == t)) ++n;
  }
  return n;
}

}  // namespace

void check_redrive_eligibility(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnRedriveEligibility,
                   "the registry pairs each checker with its own invariant");
  const Record& r = context.record();
  for (const RedriveCall& rc : match_redrives(r)) {
    const CallRecord& c = *rc.call;
    const std::string arn = string_member(c.request, "executionArn").value_or("");
    if (accepted(c) && !rc.idempotent_repeat) {
      // The history when the call was handled: up to the ExecutionRedriven it appended, and
      // only events of that time or earlier.
      size_t prefix = prefix_at(r, c.time, true);
      if (rc.redriven != 0) prefix = std::min(prefix, static_cast<size_t>(rc.redriven - 1));
      if (const auto why = refusal(r, prefix, c.time, arn)) {
        findings.add(rc.redriven, c.sequence,
                     fmt::format("{} was accepted although {}", describe_call(c), *why));
      }
    } else if (rejected_with(c, "ExecutionNotRedrivable")) {
      const auto before = refusal(r, prefix_at(r, c.time, false), c.time, arn);
      const auto after = refusal(r, prefix_at(r, c.time, true), c.time, arn);
      if (!before && !after) {
        findings.add(0, c.sequence,
                     fmt::format("{} was refused ({}) although the execution was redrivable",
                                 describe_call(c), c.error->message));
      }
    }
  }
  if (r.observation.calls == nullptr || !r.usable) return;
  for (const CallRecord& c : r.observation.calls->records) {
    if (c.api != ApiCall::DescribeExecution || !accepted(c)) continue;
    const auto status = string_member(*c.response, "redriveStatus");
    if (!status) continue;
    const std::string arn = string_member(c.request, "executionArn").value_or("");
    const bool before = !refusal(r, prefix_at(r, c.time, false), c.time, arn);
    const bool after = !refusal(r, prefix_at(r, c.time, true), c.time, arn);
    if (before != after) continue;  // The call raced an event at the same instant.
    if ((*status == "REDRIVABLE") != before) {
      findings.add(0, c.sequence,
                   fmt::format("{} reports redriveStatus {}, but a RedriveExecution then would "
                               "have been {}",
                               describe_call(c), *status, before ? "accepted" : "refused"));
    }
  }
}

void check_redrive_append_only(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnRedriveAppendOnly,
                   "the registry pairs each checker with its own invariant");
  const Record& r = context.record();
  if (!r.usable) return;
  for (size_t s = 1; s < r.segments.size(); ++s) {
    const HistoryEvent& e = r.event(r.segments[s].first);
    if (e.id < 2) {
      findings.add(e.id, 0, "ExecutionRedriven cannot be the first event");
      continue;
    }
    const HistoryEvent& before = r.event(e.id - 1);
    if (!is_execution_terminal(before.type) || e.previous_event_id != e.id - 1) {
      findings.add(e.id, 0,
                   fmt::format("ExecutionRedriven must be appended right after the terminal "
                               "event and point to it; it follows {} and points to {}",
                               to_string(before.type), e.previous_event_id));
    }
    if (e.redrive_count != static_cast<int64_t>(s)) {
      findings.add(e.id, 0,
                   fmt::format("ExecutionRedriven number {} has redriveCount {}; it "
                               "rises by exactly 1 per successful redrive",
                               s, e.redrive_count));
    }
  }
  std::vector<int64_t> matched;
  for (const RedriveCall& rc : match_redrives(r)) {
    const CallRecord& c = *rc.call;
    if (rc.repeat_of != nullptr && c.response != rc.repeat_of->response) {
      findings.add(
          0, c.sequence,
          fmt::format("{} repeats the clientToken of {} within its lifetime, so it must "
                      "get the same answer ({}); it got {}",
                      describe_call(c), describe_call(*rc.repeat_of),
                      to_compact_text(*rc.repeat_of->response), to_compact_text(*c.response)));
    }
    if (!accepted(c) || rc.idempotent_repeat) continue;
    if (rc.redriven == 0 || r.event(rc.redriven).timestamp != c.time) {
      findings.add(rc.redriven, c.sequence,
                   fmt::format("{} was accepted but no ExecutionRedriven was appended at {}",
                               describe_call(c), at(c.time)));
    }
    if (rc.redriven != 0) matched.push_back(rc.redriven);
  }
  if (r.observation.calls == nullptr) return;
  for (size_t s = 1; s < r.segments.size(); ++s) {
    const int64_t id = r.segments[s].first;
    if (std::find(matched.begin(), matched.end(), id) == matched.end()) {
      findings.add(id, 0,
                   "ExecutionRedriven without an accepted RedriveExecution call: a "
                   "refused or repeated redrive must leave the history unchanged");
    }
  }
}

void check_redrive_resets_clocks(Context& context, Findings& findings) {
  WFSIM_ASSERT_MSG(findings.invariant() == names::kSfnRedriveResetsClocks,
                   "the registry pairs each checker with its own invariant");
  report_replay_problems(context, findings);
  const Record& r = context.record();
  if (!r.usable || r.definition == nullptr || !r.definition->timeout_seconds) return;
  const Duration limit = Duration::saturating_seconds(*r.definition->timeout_seconds);
  const Duration tolerance = r.observation.semantics.timer_tolerance;
  for (size_t s = 0; s < r.segments.size(); ++s) {
    const Segment& seg = r.segments[s];
    const Instant deadline = saturating_add(seg.start, limit);
    const std::string from = s == 0 ? "the start" : fmt::format("redrive {}", s);
    const int64_t last = seg.terminal != 0 ? seg.terminal : static_cast<int64_t>(r.history.size());
    for (int64_t id = seg.first; id <= last; ++id) {
      if (r.event(id).timestamp > saturating_add(deadline, tolerance)) {
        findings.add(id, 0,
                     fmt::format("{} at {} comes after the execution's TimeoutSeconds "
                                 "deadline {} ({}s from {})",
                                 to_string(r.event(id).type), at(r.event(id).timestamp),
                                 at(deadline), *r.definition->timeout_seconds, from));
        break;
      }
    }
    if (seg.terminal == 0) continue;
    const HistoryEvent& end = r.event(seg.terminal);
    if (end.type == EventType::ExecutionTimedOut && end.timestamp + tolerance < deadline) {
      findings.add(end.id, 0,
                   fmt::format("ExecutionTimedOut at {}, {} after {}; TimeoutSeconds {} is "
                               "measured from {}",
                               at(end.timestamp), seconds_text(end.timestamp - seg.start), from,
                               *r.definition->timeout_seconds, from));
    }
  }
}

}  // namespace wfsim::check::sfn
