// The SDK worker's heartbeat manager (TMP-3.1 … TMP-3.6), driven with virtual times only.
#include <boost/test/unit_test.hpp>

#include <rapidcheck/boost_test.h>

#include <vector>

#include "world/temporal_heartbeats.h"

namespace wfsim::temporal {
namespace {

Instant at(double s) {
  return kDefaultEpoch + Duration::microseconds(static_cast<int64_t>(s * 1e6));
}
Duration secs(double s) { return Duration::microseconds(static_cast<int64_t>(s * 1e6)); }

struct Sent {
  Instant time;
  Payloads details;
};

// Calls Heartbeat(i) at `first`, `first + every`, ... until `until`; every RPC is answered
// `latency` after it goes out (accepted, no cancel). Returns the RPCs in order.
std::vector<Sent> heartbeat_loop(ActivityHeartbeats& m, Instant first, Duration every,
                                 Instant until, Duration latency = Duration::zero()) {
  std::vector<Sent> sent;
  bool answer_pending = false;  // An RPC is out; its answer comes at answer_at.
  Instant answer_at = Instant::max();
  Instant next_beat = first;
  int i = 0;
  auto take = [&](const HeartbeatActions& a, Instant now) {
    if (a.send_heartbeat) {
      sent.push_back({now, *a.send_heartbeat});
      answer_pending = true;
      answer_at = now + latency;
    }
  };
  for (;;) {
    Instant now = next_beat;
    if (answer_pending && answer_at <= now) now = answer_at;
    if (const auto wake = m.next_wake(); wake && *wake < now) now = *wake;
    if (now > until) break;
    if (answer_pending && now == answer_at) {
      answer_pending = false;
      take(m.heartbeat_answered(now, HeartbeatAnswer::accepted(false)), now);
    } else if (const auto wake = m.next_wake(); wake && now == *wake) {
      take(m.wake(now), now);
    } else {
      take(m.heartbeat(now, {Json(i++)}), now);
      next_beat = next_beat + every;
    }
  }
  return sent;
}

// TMP-3.1 through the manager: heartbeats every 0.7 s; RPCs go out at 0, T, 2T, 3T, each with
// the details of the last Heartbeat() call before it.
void check_throttle(Duration heartbeat_timeout, Duration expected) {
  ActivityHeartbeats m(at(0), heartbeat_timeout, secs(3600));
  BOOST_TEST(m.throttle_interval() == expected);
  const Duration every = secs(0.7);
  const auto sent = heartbeat_loop(m, at(0), every, at(0) + expected * 3);
  BOOST_TEST_REQUIRE(sent.size() == 4u);
  for (int64_t k = 0; k < 4; ++k) {
    BOOST_TEST((sent[static_cast<size_t>(k)].time == at(0) + expected * k));
    const int64_t last_call = (expected * k).us() / every.us();
    BOOST_TEST(sent[static_cast<size_t>(k)].details == Payloads{Json(last_call)});
  }
}

// A random worker run for the invariant-25 property: Heartbeat() calls at random gaps, RPCs
// answered after random latencies (sometimes NotFound or an error, sometimes with
// cancel_requested), the activity code finishing at a random time with a random result.
// What happened, for the checks:
struct RunLog {
  struct Call {
    Instant time;
    Payloads details;
  };
  struct Rpc {
    Instant time;
    Payloads details;
    bool after_finish = false;
    size_t calls_before = 0;  // Heartbeat() calls made before it was sent.
  };
  std::vector<Call> calls;
  std::vector<Rpc> rpcs;
  std::vector<Instant> answers;
  std::optional<Instant> finished_at;
  AttemptResult result = AttemptResult::completed;
  std::optional<AttemptResult> report;
  std::optional<Instant> report_at;
  int cancels = 0;
  // A cancel for NotFound or the local timeout reached the activity code before it returned:
  // the worker then knows the server has dropped the attempt.
  bool lost_before_finish = false;
};

// The random choices of one run, drawn up front so that RapidCheck can shrink them.
struct Script {
  std::vector<int64_t> call_gaps_ms;  // Between Heartbeat() calls; the first call is at 0.
  int64_t finish_ms = 0;              // When the activity code returns.
  AttemptResult result = AttemptResult::completed;
  std::vector<int64_t> latencies_ms;  // Of successive RPCs, cycled.
  std::vector<int> answers;           // 0: cancel_requested, 1: NotFound, 2: error, else OK.
};

Script draw_script() {
  Script s;
  s.call_gaps_ms = *rc::gen::container<std::vector<int64_t>>(rc::gen::inRange<int64_t>(1, 5000));
  s.finish_ms = *rc::gen::inRange<int64_t>(0, 60000);
  s.result = static_cast<AttemptResult>(*rc::gen::inRange(0, 4));
  s.latencies_ms = *rc::gen::nonEmpty(
      rc::gen::container<std::vector<int64_t>>(rc::gen::inRange<int64_t>(0, 6000)));
  s.answers = *rc::gen::nonEmpty(rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 20)));
  return s;
}

class ScriptedWorker {
 public:
  ScriptedWorker(ActivityHeartbeats& m, const Script& script, RunLog& log)
      : m_(m), script_(script), log_(log) {}

  void take(const HeartbeatActions& a, Instant now) {
    if (a.cancel) {
      ++log_.cancels;
      RC_ASSERT(!log_.finished_at.has_value());  // Never after the code returned.
      log_.lost_before_finish = *a.cancel != LocalCancelReason::cancel_requested;
    }
    if (a.send_heartbeat) {
      RC_ASSERT(!answer_at_);  // At most one heartbeat RPC in flight.
      log_.rpcs.push_back(
          {now, *a.send_heartbeat, log_.finished_at.has_value(), log_.calls.size()});
      const auto& latencies = script_.latencies_ms;
      answer_at_ = now + Duration::milliseconds(latencies[log_.rpcs.size() % latencies.size()]);
    }
    if (a.report) {
      RC_ASSERT(!answer_at_);  // The completion waits for heartbeats in flight.
      log_.report = a.report;
      log_.report_at = now;
    }
  }

  void answer(Instant now) {
    answer_at_.reset();
    log_.answers.push_back(now);
    const int kind = script_.answers[log_.answers.size() % script_.answers.size()];
    HeartbeatAnswer answer = HeartbeatAnswer::accepted(kind == 0);
    if (kind == 1) answer = HeartbeatAnswer::not_found();
    if (kind == 2) answer = HeartbeatAnswer::error();
    take(m_.heartbeat_answered(now, answer), now);
  }

  std::optional<Instant> answer_at() const { return answer_at_; }

 private:
  ActivityHeartbeats& m_;
  const Script& script_;
  RunLog& log_;
  std::optional<Instant> answer_at_;
};

RunLog run_script(Duration heartbeat_timeout, const Script& script) {
  ActivityHeartbeats m(at(0), heartbeat_timeout, secs(3600));
  RunLog log;
  log.result = script.result;
  ScriptedWorker worker(m, script, log);
  const Instant finish_at = at(0) + Duration::milliseconds(script.finish_ms);
  size_t calls = 0;
  Instant next_call = at(0);
  for (int steps = 0; !m.done(); ++steps) {
    RC_ASSERT(steps < 100000);  // Liveness.
    const bool calls_left = calls < script.call_gaps_ms.size() && next_call < finish_at;
    Instant now = Instant::max();
    if (worker.answer_at()) now = std::min(now, *worker.answer_at());
    if (const auto wake = m.next_wake()) now = std::min(now, *wake);
    if (!m.finished()) now = std::min(now, calls_left ? next_call : finish_at);
    RC_ASSERT(now != Instant::max());  // Something is always pending.
    if (worker.answer_at() && now == *worker.answer_at()) {
      worker.answer(now);
    } else if (const auto wake = m.next_wake(); wake && now == *wake) {
      worker.take(m.wake(now), now);
    } else if (calls_left && now == next_call) {
      log.calls.push_back({now, {Json(calls)}});
      worker.take(m.heartbeat(now, {Json(calls)}), now);
      next_call = now + Duration::milliseconds(script.call_gaps_ms[calls++]);
    } else {
      log.finished_at = now;
      worker.take(m.finish(now, log.result), now);
    }
  }
  return log;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(temporal_heartbeats)

BOOST_AUTO_TEST_CASE(throttle_interval_is_four_fifths_of_the_heartbeat_timeout_capped_at_60s) {
  BOOST_TEST(heartbeat_throttle_interval(secs(10)) == secs(8));
  BOOST_TEST(heartbeat_throttle_interval(secs(120)) == secs(60));
  BOOST_TEST(heartbeat_throttle_interval(Duration::zero()) == secs(30));
  BOOST_TEST(heartbeat_throttle_interval(secs(2)) == secs(1.6));
  WorkerHeartbeatOptions options;
  options.max_heartbeat_throttle_interval = secs(20);
  BOOST_TEST(heartbeat_throttle_interval(Duration::zero(), options) == secs(20));
}

BOOST_AUTO_TEST_CASE(tmp_3_1_heartbeat_timeout_10s_throttles_to_8s) {
  check_throttle(secs(10), secs(8));
}
BOOST_AUTO_TEST_CASE(tmp_3_1_heartbeat_timeout_120s_throttles_to_60s) {
  check_throttle(secs(120), secs(60));
}
BOOST_AUTO_TEST_CASE(tmp_3_1_no_heartbeat_timeout_throttles_to_30s) {
  check_throttle(Duration::zero(), secs(30));
}
BOOST_AUTO_TEST_CASE(tmp_3_1_heartbeat_timeout_2s_throttles_to_1_6s) {
  check_throttle(secs(2), secs(1.6));
}

BOOST_AUTO_TEST_CASE(after_an_idle_window_the_next_heartbeat_goes_out_at_once) {
  ActivityHeartbeats m(at(0), secs(10), secs(60));
  BOOST_TEST(m.heartbeat(at(0), {Json(1)}).send_heartbeat.has_value());
  const HeartbeatActions answered = m.heartbeat_answered(at(0.1), HeartbeatAnswer::accepted(false));
  BOOST_TEST((answered.wake_at == at(8)));  // The window counts from the send request.
  BOOST_TEST(!m.wake(at(8)).send_heartbeat.has_value());  // Nothing new: stop tracking.
  const HeartbeatActions again = m.heartbeat(at(20), {Json(2)});
  BOOST_TEST_REQUIRE(again.send_heartbeat.has_value());
  BOOST_TEST(*again.send_heartbeat == Payloads{Json(2)});
}

BOOST_AUTO_TEST_CASE(only_the_latest_details_of_a_window_are_sent) {
  ActivityHeartbeats m(at(0), secs(10), secs(60));
  m.heartbeat(at(0), {Json("first")});
  m.heartbeat_answered(at(0), HeartbeatAnswer::accepted(false));
  for (const char* details : {"a", "b", "c"}) {
    BOOST_TEST(!m.heartbeat(at(1), {Json(details)}).send_heartbeat.has_value());
  }
  const HeartbeatActions woken = m.wake(at(8));
  BOOST_TEST_REQUIRE(woken.send_heartbeat.has_value());
  BOOST_TEST(*woken.send_heartbeat == Payloads{Json("c")});
}

BOOST_AUTO_TEST_CASE(at_most_one_heartbeat_rpc_is_in_flight) {
  ActivityHeartbeats m(at(0), secs(10), secs(60));
  const auto sent = heartbeat_loop(m, at(0), secs(1), at(40), /*latency=*/secs(12));
  // Each answer comes 12 s after its send, past the 8 s window: the next send waits for it.
  BOOST_TEST_REQUIRE(sent.size() >= 3u);
  BOOST_TEST((sent[1].time == at(12)));
  BOOST_TEST((sent[2].time == at(24)));
  BOOST_TEST(m.heartbeat(at(40.5), {Json("x")}).send_heartbeat.has_value() == false);
}

BOOST_AUTO_TEST_CASE(a_failure_flushes_unsent_details_before_reporting) {
  ActivityHeartbeats m(at(0), secs(10), secs(60));
  m.heartbeat(at(0), {Json(1)});
  m.heartbeat_answered(at(0), HeartbeatAnswer::accepted(false));
  m.heartbeat(at(2), {Json(2)});
  const HeartbeatActions finished = m.finish(at(3), AttemptResult::failed);
  BOOST_TEST_REQUIRE(finished.send_heartbeat.has_value());  // Throttling does not hold it back.
  BOOST_TEST(*finished.send_heartbeat == Payloads{Json(2)});
  BOOST_TEST(!finished.report.has_value());
  const HeartbeatActions reported = m.heartbeat_answered(at(3.1), HeartbeatAnswer::accepted(true));
  BOOST_TEST((reported.report == AttemptResult::failed));
  BOOST_TEST(!reported.cancel.has_value());  // Too late to reach the activity code.
  BOOST_TEST(reported.done);
}

BOOST_AUTO_TEST_CASE(a_cancellation_also_flushes_unsent_details) {
  ActivityHeartbeats m(at(0), secs(10), secs(60));
  m.heartbeat(at(0), {Json(1)});
  m.heartbeat_answered(at(0), HeartbeatAnswer::accepted(false));
  m.heartbeat(at(1), {Json(2)});
  BOOST_TEST(m.finish(at(2), AttemptResult::canceled).send_heartbeat.has_value());
}

BOOST_AUTO_TEST_CASE(success_drops_unsent_details) {
  ActivityHeartbeats m(at(0), secs(10), secs(60));
  m.heartbeat(at(0), {Json(1)});
  m.heartbeat_answered(at(0), HeartbeatAnswer::accepted(false));
  m.heartbeat(at(2), {Json(2)});
  const HeartbeatActions finished = m.finish(at(3), AttemptResult::completed);
  BOOST_TEST(!finished.send_heartbeat.has_value());
  BOOST_TEST((finished.report == AttemptResult::completed));
  BOOST_TEST(finished.done);
  BOOST_TEST(!finished.wake_at.has_value());
  BOOST_TEST(!m.heartbeat(at(4), {Json(3)}).send_heartbeat.has_value());  // Ignored after.
}

BOOST_AUTO_TEST_CASE(the_completion_waits_for_a_heartbeat_in_flight) {
  ActivityHeartbeats m(at(0), secs(10), secs(60));
  m.heartbeat(at(0), {Json(1)});
  const HeartbeatActions finished = m.finish(at(0.5), AttemptResult::completed);
  BOOST_TEST(!finished.report.has_value());
  BOOST_TEST(!finished.done);
  const HeartbeatActions answered = m.heartbeat_answered(at(1), HeartbeatAnswer::accepted(false));
  BOOST_TEST((answered.report == AttemptResult::completed));
}

BOOST_AUTO_TEST_CASE(a_flush_waits_for_the_heartbeat_in_flight) {
  ActivityHeartbeats m(at(0), secs(10), secs(60));
  m.heartbeat(at(0), {Json(1)});
  m.heartbeat(at(0.2), {Json(2)});
  const HeartbeatActions finished = m.finish(at(0.5), AttemptResult::failed);
  BOOST_TEST(!finished.send_heartbeat.has_value());  // One RPC in flight at a time.
  const HeartbeatActions flush = m.heartbeat_answered(at(1), HeartbeatAnswer::accepted(false));
  BOOST_TEST_REQUIRE(flush.send_heartbeat.has_value());
  BOOST_TEST(*flush.send_heartbeat == Payloads{Json(2)});
  BOOST_TEST((m.heartbeat_answered(at(1.1), HeartbeatAnswer::error()).report ==
              AttemptResult::failed));
}

BOOST_AUTO_TEST_CASE(cancel_requested_in_a_response_is_delivered_once) {
  ActivityHeartbeats m(at(0), secs(10), secs(60));
  m.heartbeat(at(0), {Json(1)});
  const HeartbeatActions first = m.heartbeat_answered(at(0), HeartbeatAnswer::accepted(true));
  BOOST_TEST((first.cancel == LocalCancelReason::cancel_requested));
  m.heartbeat(at(1), {Json(2)});
  BOOST_TEST(m.wake(at(8)).send_heartbeat.has_value());
  BOOST_TEST(!m.heartbeat_answered(at(8), HeartbeatAnswer::accepted(true)).cancel.has_value());
  BOOST_TEST(!m.known_not_found());
}

BOOST_AUTO_TEST_CASE(not_found_cancels_locally_and_nothing_more_is_sent_or_reported) {
  ActivityHeartbeats m(at(0), secs(10), secs(60));
  m.heartbeat(at(0), {Json(1)});
  const HeartbeatActions answered = m.heartbeat_answered(at(0), HeartbeatAnswer::not_found());
  BOOST_TEST((answered.cancel == LocalCancelReason::not_found));
  BOOST_TEST(m.known_not_found());
  m.heartbeat(at(1), {Json(2)});
  const HeartbeatActions finished = m.finish(at(2), AttemptResult::canceled);
  BOOST_TEST(!finished.send_heartbeat.has_value());
  BOOST_TEST(!finished.report.has_value());
  BOOST_TEST(finished.done);
}

BOOST_AUTO_TEST_CASE(the_local_heartbeat_timeout_is_reset_by_each_answered_heartbeat) {
  ActivityHeartbeats m(at(0), secs(10), secs(60));
  BOOST_TEST((m.next_wake() == at(15)));  // Heartbeat timeout + 5 s buffer (TMP-3.6).
  m.heartbeat(at(4), {Json(1)});
  m.heartbeat_answered(at(4), HeartbeatAnswer::accepted(false));
  BOOST_TEST(!m.wake(at(12)).send_heartbeat.has_value());  // Window over, nothing new.
  BOOST_TEST((m.next_wake() == at(19)));
  const HeartbeatActions timed_out = m.wake(at(19));
  BOOST_TEST((timed_out.cancel == LocalCancelReason::timed_out));
  BOOST_TEST(m.known_not_found());
  BOOST_TEST(!m.finish(at(19.5), AttemptResult::canceled).report.has_value());
}

BOOST_AUTO_TEST_CASE(without_a_heartbeat_timeout_the_local_timeout_is_start_to_close_plus_5s) {
  ActivityHeartbeats m(at(0), Duration::zero(), secs(20));
  BOOST_TEST((m.next_wake() == at(25)));
  m.heartbeat(at(1), {Json(1)});
  m.heartbeat_answered(at(1), HeartbeatAnswer::accepted(false));
  BOOST_TEST((m.next_wake() == at(25)));  // Not reset by heartbeats.
  ActivityHeartbeats none(at(0), Duration::zero(), Duration::zero());
  BOOST_TEST(!none.next_wake().has_value());
}

RC_BOOST_PROP(invariant_25_throttle_latest_details_no_rpc_after_success_one_in_flight, ()) {
  const Duration heartbeat_timeout =
      *rc::gen::arbitrary<bool>() ? Duration::zero()
                                  : Duration::milliseconds(*rc::gen::inRange<int64_t>(1, 20000));
  const Duration throttle = heartbeat_throttle_interval(heartbeat_timeout);
  const RunLog log = run_script(heartbeat_timeout, draw_script());
  RC_ASSERT(log.finished_at.has_value());
  for (size_t i = 0; i < log.rpcs.size(); ++i) {
    const RunLog::Rpc& rpc = log.rpcs[i];
    // Each RPC carries the details of the latest Heartbeat() call made before it. (Payloads are
    // compared outside RC_ASSERT, which cannot print JSON.)
    RC_ASSERT(rpc.calls_before > 0u);
    const bool latest_details = rpc.details == log.calls[rpc.calls_before - 1].details;
    RC_ASSERT(latest_details);
    // Except for the final flush, RPCs are at least one throttle interval apart.
    if (i > 0 && !rpc.after_finish) RC_ASSERT(rpc.time - log.rpcs[i - 1].time >= throttle);
    if (rpc.after_finish) {
      // Only failures and cancellations flush, and never after NotFound.
      RC_ASSERT(log.result == AttemptResult::failed || log.result == AttemptResult::canceled);
      RC_ASSERT(!log.lost_before_finish);
    }
  }
  RC_ASSERT(log.cancels <= 1);
  if (log.lost_before_finish) {
    RC_ASSERT(!log.report.has_value());
  } else if (log.result != AttemptResult::will_complete_async) {
    RC_ASSERT(log.report == log.result);
    // RC_ASSERT does not short-circuit `||`, so the condition is computed first.
    const bool after_answers = log.answers.empty() || *log.report_at >= log.answers.back();
    RC_ASSERT(after_answers);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::temporal
