// Property: on the faithful Temporal engine, with SDK-like workers (throttled heartbeats, final
// flushes, cancellation through heartbeat answers), no Temporal invariant is ever violated.
// RapidCheck draws activity options and a retry policy, what each attempt does (complete, fail in
// each way, hang, with or without heartbeats) and sometimes a cancel request, runs the workflow
// and checks invariants 19-25. A failure is an engine bug or a checker that is too strict.
#include <rapidcheck/boost_test.h>

#include "testing/check_harness.h"

namespace wfsim::check {
using namespace testing;

namespace {

struct Step {
  WorkResult result = WorkResult::complete;
  int64_t work_ms = 0;
  int64_t heartbeat_every_ms = 0;  // 0: never.
  int64_t next_retry_delay_ms = 0;
};

struct Case {
  Json options;
  std::vector<Step> script;
  std::optional<int64_t> cancel_at_ms;
};

Json draw_options() {
  const int64_t start_to_close = *rc::gen::inRange<int64_t>(1, 11);
  Json options = {{"start_to_close_seconds", start_to_close}};
  if (*rc::gen::arbitrary<bool>()) {
    options["heartbeat_timeout_seconds"] = *rc::gen::inRange<int64_t>(1, start_to_close + 1);
  }
  if (*rc::gen::arbitrary<bool>()) {
    options["schedule_to_close_seconds"] = *rc::gen::inRange<int64_t>(2, 60);
  }
  const int64_t initial = *rc::gen::inRange<int64_t>(1, 4);
  Json policy = {{"initial_interval_seconds", initial},
                 {"backoff_coefficient", *rc::gen::element(1.0, 1.5, 2.0, 3.0)},
                 {"maximum_attempts", *rc::gen::inRange(0, 6)},
                 {"non_retryable_error_types", Json::array({"Listed"})}};
  if (*rc::gen::arbitrary<bool>()) {
    policy["maximum_interval_seconds"] = initial * *rc::gen::inRange<int64_t>(1, 10);
  }
  options["retry_policy"] = policy;
  return options;
}

Case draw_case() {
  Case c;
  c.options = draw_options();
  c.script.resize(static_cast<size_t>(*rc::gen::inRange(1, 8)));
  for (Step& s : c.script) {
    s.result = *rc::gen::weightedElement<WorkResult>({{2, WorkResult::complete},
                                                      {5, WorkResult::fail},
                                                      {1, WorkResult::fail_non_retryable},
                                                      {1, WorkResult::fail_listed},
                                                      {2, WorkResult::fail_with_delay},
                                                      {2, WorkResult::hang}});
    s.work_ms = *rc::gen::inRange<int64_t>(0, 12'000);
    if (*rc::gen::arbitrary<bool>()) s.heartbeat_every_ms = *rc::gen::inRange<int64_t>(200, 3000);
    s.next_retry_delay_ms = *rc::gen::inRange<int64_t>(0, 20'000);
  }
  if (*rc::gen::inRange(0, 4) == 0) c.cancel_at_ms = *rc::gen::inRange<int64_t>(0, 20'000);
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(temporal_check_properties)

RC_BOOST_PROP(random_activity_runs_on_the_faithful_engine_violate_no_invariant, ()) {
  const Case c = draw_case();
  TemporalRun run;
  run.start(Json{{"steps", Json::array({{{"activity", "A"}, {"options", c.options}}})}}.dump());
  std::optional<Instant> cancel_at;
  if (c.cancel_at_ms) cancel_at = kDefaultEpoch + Duration::milliseconds(*c.cancel_at_ms);
  size_t attempts = 0;
  while (run.engine.status(run.workflow_id) == temporal::WorkflowStatus::running) {
    const auto task = run.poll();
    if (!task) {
      std::optional<Instant> next_timer;
      for (const auto& [slot, at] : run.armed) {
        if (!next_timer || at < *next_timer) next_timer = at;
      }
      if (cancel_at && (!next_timer || *cancel_at <= *next_timer)) {
        run.advance_to(*cancel_at);
        run.request_cancel("1");
        cancel_at.reset();
        continue;
      }
      RC_ASSERT(run.fire_next());  // A running workflow always has a timer pending.
      continue;
    }
    const Step s = attempts < c.script.size() ? c.script[attempts] : Step{};
    ++attempts;
    std::optional<Duration> every;
    if (s.heartbeat_every_ms > 0) every = Duration::milliseconds(s.heartbeat_every_ms);
    const bool cancel_now = cancel_at && *cancel_at < run.now + Duration::milliseconds(s.work_ms);
    work_attempt(run, *task, every, Duration::milliseconds(s.work_ms), s.result,
                 cancel_now ? cancel_at : std::nullopt,
                 Duration::milliseconds(s.next_retry_delay_ms));
    if (cancel_now) cancel_at.reset();
  }
  RC_TAG(std::string(to_string(run.history().events[run.history().size() - 2].type)));
  const auto found = check_invariants(run.observation());
  if (!found.empty()) RC_FAIL(c.options.dump() + describe(found));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
