// Property: the checkers read records they cannot trust (a call log from a file, a history from
// another engine's adapter), so no edit of a record, however senseless, makes them crash, assert
// or throw: they report violations instead. Histories and call logs of real runs are corrupted at
// random (event types, ids, previousEventIds, names, times, clocks; call APIs, tokens, ids,
// answers, flags) and every invariant is checked.
#include <rapidcheck/boost_test.h>

#include "testing/check_harness.h"

namespace wfsim::check {
using namespace testing;

namespace {

// Timestamps stay within a century of the epoch: the record readers accept 4-digit years only.
Instant draw_time() {
  return kDefaultEpoch +
         Duration::seconds(*rc::gen::inRange<int64_t>(-3'000'000'000, 3'000'000'000));
}

Json draw_junk() {
  switch (*rc::gen::inRange(0, 7)) {
    case 0: return nullptr;
    case 1: return *rc::gen::arbitrary<int64_t>();
    case 2: return "x";
    case 3: return Json::array({1, "a"});
    case 4: return Json::object();
    case 5: return *rc::gen::arbitrary<bool>();
    default: return -1.5;
  }
}

void corrupt_event(HistoryEvent& e, size_t size) {
  const auto n = static_cast<int64_t>(size);
  switch (*rc::gen::inRange(0, 9)) {
    case 0: e.type = static_cast<EventType>(*rc::gen::inRange<int>(0, kEventTypeCount)); break;
    case 1: e.previous_event_id = *rc::gen::inRange<int64_t>(-2, n + 3); break;
    case 2: e.timestamp = draw_time(); break;
    case 3:
      e.name = *rc::gen::element<std::string_view>("W", "Work", "Nope", "", "Fan", "Both");
      break;
    case 4: e.timeout_seconds = *rc::gen::inRange<int64_t>(-5, 100'000'000'000); break;
    case 5: e.heartbeat_seconds = *rc::gen::inRange<int64_t>(-5, 50); break;
    case 6: e.index = *rc::gen::inRange<int64_t>(-3, 5); break;
    case 7:
      e.error = *rc::gen::element<std::string>("States.Runtime", "States.Timeout", "E", "");
      break;
    default: e.id = *rc::gen::inRange<int64_t>(-1, n + 2); break;
  }
}

void corrupt_call(CallRecord& r, size_t size) {
  switch (*rc::gen::inRange(0, 8)) {
    case 0:
      // Any call of either dialect in any record: a checker must not trust the log's shape.
      r.api = static_cast<ApiCall>(*rc::gen::inRange<size_t>(0, kApiCallCount));
      break;
    case 1: r.request = draw_junk(); break;
    case 2:
      if (!r.request.is_object()) r.request = Json::object();
      r.request["taskToken"] = draw_junk();
      break;
    case 3:
      if (!r.request.is_object()) r.request = Json::object();
      r.request["scheduledEventId"] =
          *rc::gen::inRange<int64_t>(-3, static_cast<int64_t>(size) + 3);
      break;
    case 4: r.response = draw_junk(); break;
    case 5:
      r.error = ApiError{
          *rc::gen::element<std::string>("TaskTimedOut", "InvalidToken", "NotFound", "X"), ""};
      break;
    case 6: r.dropped = !r.dropped; break;
    default:
      r.time = draw_time();
      r.sent = draw_time();
      break;
  }
}

// Three small Step Functions runs that together use every part of the index.
std::unique_ptr<SfnRun> base_run(int which) {
  auto run = std::make_unique<SfnRun>();
  if (which == 0) {
    run->on_delivery([](SfnRun& r, const sfn::Delivery& d) {
      r.after(Duration::seconds(1), [&r, t = d.token] { r.heartbeat(t); });
    });
    run->start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
        "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters":{"MessageBody.$":"$$.Task.Token"},"HeartbeatSeconds":2,"TimeoutSeconds":5,
        "Retry":[{"ErrorEquals":["States.Timeout"],"IntervalSeconds":1,"MaxAttempts":1}],
        "End":true}}})");
  } else if (which == 1) {
    run->start(R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",
        "ItemProcessor":{"StartAt":"Work","States":{"Work":{"Type":"Task",
        "Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":3,"End":true}}},
        "End":true}}})",
               Json{{"items", {1, 2, 3}}});
  } else {
    run->on_delivery(integration_script({"E", "E"}));
    run->start(R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel","Branches":[
        {"StartAt":"Work","States":{"Work":{"Type":"Task",
          "Resource":"arn:aws:states:::lambda:invoke","End":true}}}],
        "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
        "H":{"Type":"Pass","End":true}}})");
  }
  run->run();
  if (which != 2) {
    run->redrive();
    run->run();
  }
  return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(check_robustness)

RC_BOOST_PROP(corrupted_step_functions_records_are_reported_never_crashed_on, ()) {
  const auto run = base_run(*rc::gen::inRange(0, 3));
  History history = run->history();
  CallLog calls = run->calls;
  const int edits = *rc::gen::inRange(1, 6);
  for (int i = 0; i < edits; ++i) {
    if (*rc::gen::arbitrary<bool>() && !history.events.empty()) {
      const auto at = *rc::gen::inRange<size_t>(0, history.events.size());
      corrupt_event(history.events[at], history.size());
    } else if (!calls.records.empty()) {
      const auto at = *rc::gen::inRange<size_t>(0, calls.records.size());
      corrupt_call(calls.records[at], history.size());
    }
  }
  if (*rc::gen::inRange(0, 10) == 0) history.events.clear();
  Observation o = run->observation_with(&history, *rc::gen::arbitrary<bool>() ? &calls : nullptr);
  if (*rc::gen::inRange(0, 4) == 0) o.definition = nullptr;
  const auto found = check_invariants(o);
  for (const Violation& v : found) RC_ASSERT(!v.message.empty());
}

RC_BOOST_PROP(corrupted_temporal_records_are_reported_never_crashed_on, ()) {
  TemporalRun run;
  run.start(R"({"steps":[{"activity":"A","options":{"start_to_close_seconds": 5,
      "heartbeat_timeout_seconds": 2, "schedule_to_close_seconds": 30}}]})");
  for (int i = 0; i < 3; ++i) {
    if (auto task = run.poll()) {
      run.heartbeat(task->task_token, {Json(i)});
      run.fail(task->task_token);
    }
    run.advance(Duration::seconds(4));
  }
  temporal::History history = run.history();
  CallLog calls = run.calls;
  for (int i = *rc::gen::inRange(1, 6); i > 0; --i) {
    if (*rc::gen::arbitrary<bool>()) {
      auto& e = history.events[*rc::gen::inRange<size_t>(0, history.events.size())];
      switch (*rc::gen::inRange(0, 6)) {
        case 0:
          e.type = static_cast<temporal::EventType>(
              *rc::gen::inRange<int>(0, temporal::kEventTypeCount));
          break;
        case 1: e.scheduled_event_id = *rc::gen::inRange<int64_t>(-1, 8); break;
        case 2: e.event_time = draw_time(); break;
        case 3:
          e.start_to_close_timeout =
              Duration::seconds(*rc::gen::inRange<int64_t>(-5, 1'000'000'000));
          break;
        case 4:
          e.retry_policy =
              temporal::RetryPolicy{Duration::seconds(*rc::gen::inRange<int64_t>(-1, 5)),
                                    *rc::gen::element(0.0, 1.0, 1e300, -2.0, std::nan("")),
                                    Duration::seconds(*rc::gen::inRange<int64_t>(-1, 5)),
                                    *rc::gen::inRange<int32_t>(-2, 4),
                                    {"Flaky"}};
          break;
        default: e.attempt = *rc::gen::arbitrary<int32_t>(); break;
      }
    } else {
      auto& r = calls.records[*rc::gen::inRange<size_t>(0, calls.records.size())];
      if (*rc::gen::arbitrary<bool>() && r.response && r.response->is_object()) {
        (*r.response)[*rc::gen::element<std::string>("attempt", "heartbeatTimeout", "activityId",
                                                     "currentAttemptScheduledTime")] = draw_junk();
      } else {
        corrupt_call(r, history.size());
      }
    }
  }
  const auto found = check_invariants(run.observation_with(&history, &calls));
  for (const Violation& v : found) RC_ASSERT(!v.message.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
