// The Temporal mutants of engine/mutants.h are real: each one, switched on alone, makes a check of
// these tests come out differently, and changes only what its description says.
#include <boost/test/unit_test.hpp>

#include "engine/temporal_test_support.h"

namespace wfsim::temporal {
namespace {

using testing::at_seconds;
using testing::Driver;
using testing::one_activity;

// TMP-2.5: start times of attempts that all fail at once, and the final activity event.
struct FailingRun {
  std::vector<Instant> starts;
  EventType close = EventType::ActivityTaskCompleted;
};
FailingRun tmp_2_5(MutantSet mutants) {
  Driver d(mutants);
  d.start(one_activity(R"({"schedule_to_close_seconds": 10})"));
  FailingRun run;
  while (d.engine.status("wf") == WorkflowStatus::running) {
    if (auto task = d.poll()) {
      run.starts.push_back(d.now);
      d.fail(task->task_token);
    } else if (!d.fire_next()) {
      break;
    }
  }
  run.close = d.history().events.at(d.history().size() - 2).type;
  return run;
}

// Details recorded by attempt 1, as attempt 2's poll response carries them; and the final
// timeout failure's last_heartbeat_details.
std::pair<Payloads, Payloads> details_across_retry(MutantSet mutants) {
  Driver d(mutants);
  d.start(one_activity(R"({"start_to_close_seconds": 60, "heartbeat_timeout_seconds": 2,
                           "retry_policy": {"maximum_attempts": 2}})"));
  const auto first = d.poll();
  d.heartbeat(first->task_token, {Json("checkpoint")});
  d.advance_to(at_seconds(3));  // Heartbeat timeout at 2; retry at 3.
  const auto second = d.poll();
  BOOST_TEST_REQUIRE(second.has_value());
  d.advance_to(at_seconds(10));
  return {second->heartbeat_details,
          d.find(EventType::ActivityTaskTimedOut).failure->last_heartbeat_details};
}

// An activity that never heartbeats, whose worker responds canceled if a cancel is pushed to it.
struct QuietRun {
  size_t pushed = 0;
  WorkflowStatus status = WorkflowStatus::running;
};
QuietRun cancel_without_heartbeats(MutantSet mutants) {
  Driver d(mutants);
  d.start(one_activity(R"({"start_to_close_seconds": 10})"));
  const auto task = d.poll();
  d.advance_to(at_seconds(5));
  d.request_cancel("1");
  QuietRun run;
  run.pushed = d.host.pushed_cancels.size();
  d.advance_to(at_seconds(8));
  if (run.pushed > 0) {
    BOOST_TEST(d.host.pushed_cancels.front() == task->task_token);
    d.canceled(task->task_token);
  } else {
    d.complete(task->task_token, {Json("done")});
  }
  run.status = *d.engine.status("wf");
  return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(temporal_mutants)

BOOST_AUTO_TEST_CASE(backoff_exponent_off_by_one_shifts_every_retry) {
  const std::vector<Instant> faithful = {at_seconds(0), at_seconds(1), at_seconds(3),
                                         at_seconds(7)};
  BOOST_TEST(tmp_2_5({}).starts == faithful, boost::test_tools::per_element());
  // Delays 2, 4, then 8 (past the deadline) instead of 1, 2, 4.
  const std::vector<Instant> mutated = {at_seconds(0), at_seconds(2), at_seconds(6)};
  BOOST_TEST(tmp_2_5(MutantSet(Mutant::backoff_exponent_off_by_one)).starts == mutated,
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(schedule_to_close_not_enforced_on_retries_schedules_past_the_deadline) {
  const FailingRun faithful = tmp_2_5({});
  BOOST_TEST(faithful.close == EventType::ActivityTaskFailed);
  // The fifth attempt is scheduled at 15 s; the ScheduleToClose timer ends it at 10 s instead.
  const FailingRun mutated = tmp_2_5(MutantSet(Mutant::schedule_to_close_not_enforced_on_retries));
  BOOST_TEST(mutated.starts.size() == 4u);
  BOOST_TEST(mutated.close == EventType::ActivityTaskTimedOut);
}

BOOST_AUTO_TEST_CASE(heartbeat_details_lost_across_retries_hides_them_from_the_next_attempt) {
  const auto [faithful_seen, faithful_final] = details_across_retry({});
  BOOST_TEST(faithful_seen == Payloads{Json("checkpoint")});
  const auto [mutated_seen, mutated_final] =
      details_across_retry(MutantSet(Mutant::heartbeat_details_lost_across_retries));
  BOOST_TEST(mutated_seen.empty());
  BOOST_TEST(mutated_final == faithful_final);  // Only the hand-over changes.
}

BOOST_AUTO_TEST_CASE(cancel_delivered_without_heartbeat_reaches_a_silent_activity) {
  const QuietRun faithful = cancel_without_heartbeats({});
  BOOST_TEST(faithful.pushed == 0u);
  BOOST_TEST(faithful.status == WorkflowStatus::completed);
  const QuietRun mutated =
      cancel_without_heartbeats(MutantSet(Mutant::cancel_delivered_without_heartbeat));
  BOOST_TEST(mutated.pushed == 1u);
  BOOST_TEST(mutated.status == WorkflowStatus::failed);  // The activity was canceled.
}

BOOST_AUTO_TEST_CASE(step_functions_mutants_leave_the_temporal_engine_unchanged) {
  MutantSet others;
  others.add(Mutant::heartbeat_extends_task_timeout);
  others.add(Mutant::closed_token_accepted);
  others.add(Mutant::token_reused_across_attempts);
  BOOST_TEST(tmp_2_5(others).starts == tmp_2_5({}).starts, boost::test_tools::per_element());
  BOOST_TEST(cancel_without_heartbeats(others).pushed == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::temporal
