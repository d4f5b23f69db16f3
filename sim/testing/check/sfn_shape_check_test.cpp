// Invariants 12-14: well-formed histories, the shape of retries, and what failing branches and
// iterations leave behind, on the recorded sequences of facts section 4 and on edited copies.
#include "testing/check_harness.h"

namespace wfsim::check {
using namespace testing;

namespace {

std::string map_over(int items_extra_timeout) {
  return R"({"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items",
      "ItemProcessor":{"StartAt":"Work","States":{"Work":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","TimeoutSeconds":)" +
         std::to_string(items_extra_timeout) + R"(,"End":true}}},"End":true}}})";
}

Json items(int n) {
  Json list = Json::array();
  for (int i = 0; i < n; ++i) list.push_back(Json{{"n", i}});
  return Json{{"items", list}};
}

const char* kParallelOfThree = R"({"StartAt":"Both","States":{"Both":{"Type":"Parallel",
  "Branches":[
    {"StartAt":"Slow","States":{"Slow":{"Type":"Wait","Seconds":60,"End":true}}},
    {"StartAt":"W","States":{"W":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
      "Parameters":{"fail":true},"End":true}}},
    {"StartAt":"Hang","States":{"Hang":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","End":true}}}],
  "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
  "H":{"Type":"Pass","End":true}}})";

// Fails the Lambda call whose payload says so, after one second; never answers the others.
void fail_marked(SfnRun& run, const sfn::Delivery& d) {
  if (!d.payload.value("fail", false)) return;
  run.after(Duration::seconds(1), [&run, t = d.token] {
    run.complete(t, sfn::IntegrationResult::failure("Bad", "marked"));
  });
}

int64_t first(const History& h, EventType type) { return events_of(h, type).front()->id; }

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_shape_checks)

BOOST_AUTO_TEST_CASE(the_recorded_sequences_of_section_4_are_well_formed) {
  // 4.1, 4.1b, 4.1c, 4.3, 4.7 and a Choice/Wait/Pass/Fail walk.
  const char* definitions[] = {
      R"({"StartAt":"W","States":{"W":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "End":true}}})",
      R"({"StartAt":"W","States":{"W":{"Type":"Task",
          "Resource":"arn:aws:lambda:us-east-1:123456789012:function:Work","End":true}}})",
      R"({"StartAt":"W","States":{"W":{"Type":"Task","TimeoutSeconds":3,
          "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters":{"MessageBody.$":"$$.Task.Token"},"End":true}}})",
      R"({"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.x",
          "NumericGreaterThan":0,"Next":"P"}],"Default":"F"},
          "P":{"Type":"Wait","Seconds":2,"Next":"S"},"S":{"Type":"Succeed"},
          "F":{"Type":"Fail","Error":"Nope"}}})"};
  for (const char* definition : definitions) {
    SfnRun run;
    run.on_delivery([](SfnRun& r, const sfn::Delivery& d) {
      if (d.kind == sfn::DispatchKind::callback) return;
      r.complete(d.token, sfn::IntegrationResult::success(Json{{"v", 1}}));
    });
    run.start(definition, Json{{"x", 1}});
    run.run();
    WFSIM_CHECK_CLEAN(run.observation());
  }
}

BOOST_AUTO_TEST_CASE(broken_ids_order_and_terminal_events_break_well_formedness) {
  SfnRun run;
  run.on_delivery(succeed_integrations());
  run.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","End":true}}})");
  run.run();
  const History& h = run.history();
  History gap = h;
  gap.events[3].id = 9;
  WFSIM_CHECK_VIOLATES(run.observation_with(&gap, &run.calls), "sfn.history_well_formed");
  History swapped = h;  // TaskStarted before TaskScheduled.
  std::swap(swapped.events[2].type, swapped.events[3].type);
  WFSIM_CHECK_VIOLATES(run.observation_with(&swapped, &run.calls), "sfn.history_well_formed");
  History after_end = h;  // An event after ExecutionSucceeded.
  HistoryEvent extra = h.events[1];
  extra.previous_event_id = static_cast<int64_t>(h.size());
  insert_event(after_end, static_cast<int64_t>(h.size()), extra);
  WFSIM_CHECK_VIOLATES(run.observation_with(&after_end, &run.calls), "sfn.history_well_formed");
  History backwards = h;
  backwards.events[4].timestamp = kDefaultEpoch - Duration::seconds(1);
  WFSIM_CHECK_VIOLATES(run.observation_with(&backwards, &run.calls), "sfn.history_well_formed");
  History unknown_state = h;
  unknown_state.events[1].name = "Nope";
  WFSIM_CHECK_VIOLATES(run.observation_with(&unknown_state, &run.calls), "sfn.history_well_formed");
}

BOOST_AUTO_TEST_CASE(a_callback_outcome_without_task_submitted_breaks_well_formedness) {
  SfnRun run;
  run.on_delivery([](SfnRun& r, const sfn::Delivery& d) { r.succeed(d.token); });
  run.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"MessageBody.$":"$$.Task.Token"},"End":true}}})");
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  History edited = run.history();
  remove_events(edited, {first(edited, EventType::TaskSubmitted)});
  WFSIM_CHECK_VIOLATES(run.observation_with(&edited, &run.calls), "sfn.history_well_formed");
}

BOOST_AUTO_TEST_CASE(entering_the_state_again_for_a_retry_or_exiting_twice_breaks_retry_shape) {
  SfnRun run;
  run.on_delivery(integration_script({"E"}));
  run.start(R"({"StartAt":"W","States":{"W":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke",
      "Retry":[{"ErrorEquals":["E"],"IntervalSeconds":1}],"End":true}}})");
  run.run();
  WFSIM_CHECK_CLEAN(run.observation());
  History reentered = run.history();
  HistoryEvent entered = reentered.events[1];
  const int64_t failed = first(reentered, EventType::TaskFailed);
  entered.previous_event_id = failed;
  entered.timestamp = reentered.at(failed + 1).timestamp;
  insert_event(reentered, failed, entered);
  WFSIM_CHECK_VIOLATES(run.observation_with(&reentered, &run.calls), "sfn.retry_shape");
  History exited_between = run.history();  // TaskStateExited between the two attempts.
  HistoryEvent left = *events_of(exited_between, EventType::TaskStateExited).front();
  left.previous_event_id = failed;
  left.timestamp = exited_between.at(failed).timestamp;
  insert_event(exited_between, failed, left);
  WFSIM_CHECK_VIOLATES(run.observation_with(&exited_between, &run.calls), "sfn.retry_shape");
  History twice = run.history();
  HistoryEvent exited = *events_of(twice, EventType::TaskStateExited).front();
  exited.previous_event_id = exited.id;
  insert_event(twice, exited.id, exited);
  WFSIM_CHECK_VIOLATES(run.observation_with(&twice, &run.calls), "sfn.retry_shape");
}

BOOST_AUTO_TEST_CASE(a_map_iteration_timeout_aborts_every_iteration_in_order_4_3e) {
  SfnRun run;  // Nobody answers; every task times out at 3 s.
  run.start(map_over(3), items(4));
  run.run();
  BOOST_TEST(events_of(run.history(), EventType::MapIterationAborted).size() == 3u);
  WFSIM_CHECK_CLEAN(run.observation());
}

BOOST_AUTO_TEST_CASE(missing_abort_events_after_a_failed_iteration_break_branch_abort) {
  SfnRun run;
  run.start(map_over(3), items(4));
  run.run();
  History no_iteration_abort = run.history();
  remove_events(no_iteration_abort, {first(no_iteration_abort, EventType::MapIterationAborted)});
  WFSIM_CHECK_VIOLATES(run.observation_with(&no_iteration_abort, &run.calls), "sfn.branch_abort");
  History no_task_abort = run.history();
  remove_events(no_task_abort, {events_of(no_task_abort, EventType::TaskStateAborted).back()->id});
  WFSIM_CHECK_VIOLATES(run.observation_with(&no_task_abort, &run.calls), "sfn.branch_abort");
  History failed_twice = run.history();
  HistoryEvent again = *events_of(failed_twice, EventType::MapStateFailed).front();
  insert_event(failed_twice, again.id, again);
  WFSIM_CHECK_VIOLATES(run.observation_with(&failed_twice, &run.calls), "sfn.branch_abort");
}

BOOST_AUTO_TEST_CASE(a_failing_branch_aborts_its_siblings_and_is_caught_once_1_5h) {
  SfnRun run;
  run.on_delivery(fail_marked);
  run.start(kParallelOfThree);
  run.run();
  const History& h = run.history();
  BOOST_TEST(events_of(h, EventType::WaitStateAborted).size() == 1u);
  BOOST_TEST(events_of(h, EventType::TaskStateAborted).size() == 2u);
  BOOST_TEST(h.events.back().type == EventType::ExecutionSucceeded);
  WFSIM_CHECK_CLEAN(run.observation());
  // The sibling Task "Hang" is not aborted: it exits after the block failed.
  History leaked = h;
  HistoryEvent exit = *events_of(leaked, EventType::TaskStateAborted).front();
  const int64_t hang_started = exit.previous_event_id;
  remove_events(leaked, {exit.id});
  exit.type = EventType::TaskStateExited;
  exit.name = "Hang";
  exit.previous_event_id = hang_started;
  insert_event(leaked, first(leaked, EventType::ParallelStateFailed), exit);
  WFSIM_CHECK_VIOLATES(run.observation_with(&leaked, &run.calls), "sfn.branch_abort");
  History open = h;
  remove_events(open, {events_of(open, EventType::TaskStateAborted).front()->id});
  WFSIM_CHECK_VIOLATES(run.observation_with(&open, &run.calls), "sfn.branch_abort");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::check
