// Temporal invariant 25, the worker's side of heartbeating as the call log shows it (TMP-3.1 -
// 3.3, 3.5): per attempt token, heartbeat RPCs go out at least one throttle interval apart (by
// their `sent` times), one at a time, except the final flush before a failure or cancellation;
// none follows the completion RPC; and a worker reports Canceled only after a heartbeat answer
// told it a cancel was requested.
//
// Not checked, because the call log does not record it: that each RPC carries the latest details
// the activity code passed to Heartbeat() (the SDK call is not an API call).
#include <fmt/format.h>

#include <algorithm>

#include "check/record_view.h"
#include "check/temporal_analysis.h"

namespace wfsim::check::tmp {
namespace {

// TMP-3.1: min(0.8 x heartbeat timeout, max) when set, else min(default, max); 0.8 x in whole
// microseconds as x4/5.
Duration throttle_interval(Duration heartbeat_timeout, const Semantics& s) {
  const Duration base = heartbeat_timeout > Duration::zero()
                            ? Duration::microseconds(heartbeat_timeout.us() / 5 * 4 +
                                                     heartbeat_timeout.us() % 5 * 4 / 5)
                            : s.default_heartbeat_throttle_interval;
  return std::min(base, s.max_heartbeat_throttle_interval);
}

void check_attempt(const Attempt& t, const std::string& activity, const Semantics& semantics,
                   std::vector<Problem>& out) {
  std::vector<const CallRecord*> beats;
  const CallRecord* first_response = nullptr;
  for (const TokenCall& call : t.calls) {
    if (call.api == TokenApi::heartbeat) {
      beats.push_back(call.record);
    } else if (first_response == nullptr || call.record->sent < first_response->sent) {
      first_response = call.record;
    }
  }
  std::stable_sort(beats.begin(), beats.end(),
                   [](const CallRecord* a, const CallRecord* b) { return a->sent < b->sent; });
  const Duration throttle = throttle_interval(t.heartbeat_timeout, semantics);
  // Only the final flush may come early: before a failure or cancellation report, or as the
  // token's last call when no report followed (the worker died or gave up after sending it).
  const bool flush_allowed = first_response == nullptr ||
                             first_response->api == ApiCall::RespondActivityTaskFailed ||
                             first_response->api == ApiCall::RespondActivityTaskCanceled;
  auto add = [&](const CallRecord& r, std::string message) {
    out.push_back(Problem{kWorker, 0, r.sequence, std::move(message)});
  };
  for (size_t i = 0; i < beats.size(); ++i) {
    const CallRecord& q = *beats[i];
    if (first_response != nullptr && q.sent > first_response->sent) {
      add(q, fmt::format("{} of attempt {} of {} was sent after its {} ({}); no heartbeat RPC "
                         "follows the completion",
                         describe_call(q), t.number, activity, to_string(first_response->api),
                         describe_call(*first_response)));
      continue;
    }
    if (i == 0) continue;
    const CallRecord& p = *beats[i - 1];
    if (!p.dropped && q.sent < p.time) {
      add(q, fmt::format("{} of attempt {} of {} was sent at {} while {} was still in flight "
                         "(answered at {}); one heartbeat RPC per token at a time",
                         describe_call(q), t.number, activity, at(q.sent), describe_call(p),
                         at(p.time)));
      continue;
    }
    const bool final_flush = i + 1 == beats.size() && flush_allowed;
    if (q.sent - p.sent < throttle && !final_flush) {
      add(q, fmt::format("heartbeat RPCs of attempt {} of {} went out {} apart ({} then {}); "
                         "the throttle interval is {}{}",
                         t.number, activity, seconds_text(q.sent - p.sent), describe_call(p),
                         describe_call(q), seconds_text(throttle),
                         first_response != nullptr && !flush_allowed
                             ? " (only a failure or cancellation flushes early)"
                             : ""));
    }
  }
  for (const TokenCall& call : t.calls) {
    if (call.api != TokenApi::canceled) continue;
    const CallRecord& c = *call.record;
    bool told = false;
    for (const CallRecord* b : beats) {
      if (accepted(*b) && !b->answer_lost && b->time <= c.sent &&
          bool_member(*b->response, "cancelRequested").value_or(false)) {
        told = true;
      }
    }
    if (!told) {
      add(c, fmt::format("{} reported attempt {} of {} canceled, but no heartbeat answer it "
                         "received carried cancelRequested; an activity learns of a cancel only "
                         "from a heartbeat response",
                         describe_call(c), t.number, activity));
    }
  }
}

}  // namespace

void worker_problems(const Model& model, std::vector<Problem>& out) {
  for (const Activity& a : model.activities) {
    const std::string activity =
        fmt::format("activity {} ({})", a.scheduled->activity_id, a.scheduled->activity_type);
    for (const Attempt& t : a.attempts)
      check_attempt(t, activity, model.observation.semantics, out);
  }
}

}  // namespace wfsim::check::tmp
