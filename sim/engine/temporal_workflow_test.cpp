// Workflow-level behaviour of the Temporal engine: step progression, the parallel-group failure
// rule, the run timeout, polling and the observation calls.
#include <boost/test/unit_test.hpp>

#include "engine/temporal_test_support.h"

namespace wfsim::temporal {
namespace {

using testing::at_seconds;
using testing::Driver;
using testing::seconds;

// Polls `queue` and completes the task with `result`; fails the test when there is none.
void complete_next(Driver& d, const std::string& queue, const Json& result) {
  const auto task = d.poll(queue);
  BOOST_TEST_REQUIRE(task.has_value());
  BOOST_TEST_REQUIRE(d.complete(task->task_token, {result}).ok());
}

const char* kParallel = R"({"steps": [
    {"activity": "A", "options": {"start_to_close_seconds": 10}},
    {"parallel": [[{"activity": "B", "options": {"start_to_close_seconds": 10,
                                                 "retry_policy": {"maximum_attempts": 1}}},
                   {"activity": "C", "options": {"start_to_close_seconds": 10}}],
                  [{"activity": "D", "options": {"start_to_close_seconds": 10}},
                   {"activity": "E", "options": {"start_to_close_seconds": 10}}]]},
    {"activity": "F", "options": {"start_to_close_seconds": 10}}]})";

}  // namespace

BOOST_AUTO_TEST_SUITE(temporal_workflow)

BOOST_AUTO_TEST_CASE(steps_run_in_sequence_and_branches_at_once_and_results_nest) {
  Driver d;
  BOOST_TEST_REQUIRE(d.start(testing::spec_from(kParallel), "wf", Json{{"order", 1}}).ok());
  BOOST_TEST(!d.poll("B").has_value());  // B waits for A.
  const auto a = d.poll("A");
  BOOST_TEST(a->input == Payloads{(Json{{"order", 1}})});  // The workflow input by default.
  d.complete(a->task_token, {Json("a")});
  BOOST_TEST(d.host.available.size() == 3u);  // A, then B and D at once.
  complete_next(d, "D", "d");
  complete_next(d, "B", "b");
  complete_next(d, "E", "e");
  BOOST_TEST(!d.poll("F").has_value());  // F waits for both branches.
  complete_next(d, "C", "c");
  complete_next(d, "F", "f");
  BOOST_TEST(d.engine.status("wf") == WorkflowStatus::completed);
  const HistoryEvent& done = d.last_event();
  BOOST_TEST(done.type == EventType::WorkflowExecutionCompleted);
  BOOST_TEST(done.result.at(0) == Json::parse(R"(["a", [["b", "c"], ["d", "e"]], "f"])"));
  BOOST_TEST(d.host.closed.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_failed_branch_lets_its_siblings_finish_then_fails_the_workflow) {
  Driver d;
  d.start(testing::spec_from(kParallel));
  complete_next(d, "A", "a");
  const auto b = d.poll("B");
  d.fail(b->task_token, "Broken");  // MaximumAttempts 1: B closes failed; C never runs.
  BOOST_TEST(d.engine.status("wf") == WorkflowStatus::running);
  BOOST_TEST(!d.poll("C").has_value());
  complete_next(d, "D", "d");
  complete_next(d, "E", "e");  // The sibling branch still runs to its end.
  BOOST_TEST(d.engine.status("wf") == WorkflowStatus::failed);
  BOOST_TEST(!d.poll("F").has_value());  // The step after the group never starts.
  const HistoryEvent& failed = d.last_event();
  BOOST_TEST(failed.type == EventType::WorkflowExecutionFailed);
  BOOST_TEST(failed.retry_state == RetryState::retry_policy_not_set);
  BOOST_TEST(failed.failure->info == FailureInfo::activity);
  BOOST_TEST(failed.failure->activity_type == "B");
  BOOST_TEST(failed.failure->activity_id == "2.1.1");
  BOOST_TEST(failed.failure->retry_state == RetryState::maximum_attempts_reached);
  BOOST_TEST(failed.failure->cause->type == "Broken");
}

BOOST_AUTO_TEST_CASE(the_run_timeout_closes_the_workflow_and_abandons_open_activities) {
  Driver d;
  d.start(testing::spec_from(R"({"run_timeout_seconds": 30, "steps": [
      {"activity": "A", "options": {"start_to_close_seconds": 100}}]})"));
  const auto task = d.poll();
  BOOST_TEST(task->start_to_close_timeout == seconds(30));  // Capped at the run timeout.
  d.advance_to(at_seconds(31));
  BOOST_TEST(d.engine.status("wf") == WorkflowStatus::timed_out);
  const HistoryEvent& timed_out = d.last_event();
  BOOST_TEST(timed_out.type == EventType::WorkflowExecutionTimedOut);
  BOOST_TEST((timed_out.event_time == at_seconds(30)));
  BOOST_TEST(timed_out.retry_state == RetryState::timeout);
  BOOST_TEST(d.host.armed.empty());
  const auto late = d.complete(task->task_token);
  BOOST_TEST(late.error->message == kWorkflowCompletedMessage);
}

BOOST_AUTO_TEST_CASE(an_empty_poll_returns_no_task_and_queues_are_per_task_queue) {
  Driver d;
  d.start(testing::spec_from(R"({"steps": [{"activity": "A", "task_queue": "shared",
                                            "options": {"start_to_close_seconds": 1}}]})"));
  BOOST_TEST(!d.poll("A").has_value());
  BOOST_TEST((d.calls.records.back().response == Json::object()));
  const auto task = d.poll("shared");
  BOOST_TEST_REQUIRE(task.has_value());
  BOOST_TEST(task->activity_type == "A");
  BOOST_TEST(d.calls.records.back().response->at("activityId") == "1");
}

BOOST_AUTO_TEST_CASE(a_workflow_id_cannot_be_started_twice) {
  Driver d;
  const auto spec = testing::one_activity(R"({"start_to_close_seconds": 1})");
  BOOST_TEST(d.start(spec).ok());
  BOOST_TEST(d.start(spec).is_error("WorkflowExecutionAlreadyStarted"));
  BOOST_TEST(d.engine.workflow_ids().size() == 1u);
  BOOST_TEST(d.engine.running_workflows() == 1u);
}

BOOST_AUTO_TEST_CASE(describe_lists_pending_activities_with_their_retry_state) {
  Driver d;
  d.start(testing::one_activity(R"({"schedule_to_close_seconds": 60})"));
  const auto task = d.poll();
  d.heartbeat(task->task_token, {Json(5)});
  d.fail(task->task_token);
  const auto described = d.engine.describe_workflow(d.now, "wf");
  BOOST_TEST_REQUIRE(described.ok());
  BOOST_TEST_REQUIRE(described.value->pending_activities.size() == 1u);
  const PendingActivity& p = described.value->pending_activities[0];
  BOOST_TEST(p.state == PendingActivityState::scheduled);
  BOOST_TEST(p.attempt == 2);
  BOOST_TEST((p.scheduled_time == at_seconds(1)));
  BOOST_TEST((p.expiration_time == at_seconds(60)));
  BOOST_TEST(p.heartbeat_details == Payloads{Json(5)});
  BOOST_TEST(p.last_failure->type == "Flaky");
  const Json json = to_json(*described.value);
  BOOST_TEST(json["pendingActivities"][0]["state"] == "PENDING_ACTIVITY_STATE_SCHEDULED");
  BOOST_TEST(d.engine.describe_workflow(d.now, "nope").is_error("NotFound"));
}

BOOST_AUTO_TEST_CASE(task_info_tells_the_world_which_attempt_a_token_names) {
  Driver d;
  d.start(testing::one_activity(R"({"start_to_close_seconds": 5})"));
  const auto first = d.poll();
  d.fail(first->task_token);
  const auto info = d.engine.task_info(first->task_token);
  BOOST_TEST_REQUIRE(info.has_value());
  BOOST_TEST(info->attempt == 1);
  BOOST_TEST(info->activity_id == "1");
  BOOST_TEST(!info->current);
  BOOST_TEST(!d.engine.task_info("garbage").has_value());
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_tokens_and_run_ids) {
  auto run = [](uint64_t seed) {
    Driver d(MutantSet{}, seed);
    const auto started = d.start(testing::one_activity(R"({"start_to_close_seconds": 5})"));
    return started.value->run_id + " " + d.poll()->task_token;
  };
  BOOST_TEST(run(42) == run(42));
  BOOST_TEST(run(42) != run(43));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::temporal
