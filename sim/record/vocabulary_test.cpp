// The record's vocabulary: API call names and roles, the state-type event table, and the call
// log refusing names it does not know (so a file cannot smuggle a call no checker reads).
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "record/api_call.h"
#include "record/call_log.h"
#include "record/event_kinds.h"
#include "record/state_events.h"

namespace wfsim {

BOOST_AUTO_TEST_SUITE(record_vocabulary)

BOOST_AUTO_TEST_CASE(every_api_call_name_round_trips_and_is_distinct) {
  std::set<std::string_view> names;
  for (size_t i = 0; i < kApiCallCount; ++i) {
    const auto call = static_cast<ApiCall>(i);
    BOOST_TEST((parse_api_call(to_string(call)) == call));
    BOOST_TEST(names.insert(to_string(call)).second);
  }
  BOOST_TEST(!parse_api_call("SendTaskHeartBeat"));  // Case matters, as on the wire.
  BOOST_TEST(!parse_api_call(""));
}

BOOST_AUTO_TEST_CASE(completions_are_the_reports_that_end_an_attempt) {
  BOOST_TEST(is_completion(ApiCall::SendTaskSuccess));
  BOOST_TEST(is_completion(ApiCall::SendTaskFailure));
  BOOST_TEST(is_completion(ApiCall::CompleteIntegration));
  BOOST_TEST(is_completion(ApiCall::RespondActivityTaskCanceled));
  BOOST_TEST(!is_completion(ApiCall::SendTaskHeartbeat));
  BOOST_TEST(!is_completion(ApiCall::GetActivityTask));
  BOOST_TEST((role_of(ApiCall::RecordActivityTaskHeartbeat) == ApiRole::heartbeat));
  BOOST_TEST(is_temporal(ApiCall::PollActivityTaskQueue));
  BOOST_TEST(!is_temporal(ApiCall::GetActivityTask));
}

BOOST_AUTO_TEST_CASE(a_call_log_naming_an_unknown_api_is_refused) {
  const std::string line =
      R"({"seq":1,"time":"2024-01-01T00:00:00.000Z","caller":"worker:a/1",)"
      R"("api":"SendTaskHeartbeats","request":{}})";
  const auto parsed = call_log_from_json_lines(line + "\n");
  BOOST_TEST_REQUIRE(std::holds_alternative<std::string>(parsed));
  BOOST_TEST(std::get<std::string>(parsed).find("SendTaskHeartbeats") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_state_type_has_entered_and_the_table_maps_back) {
  for (const StateType type : kStateTypes) {
    const StateEvents& events = events_of(type);
    BOOST_TEST((events.type == type));
    BOOST_TEST((parse_state_type(to_string(type)) == type));
    const auto entered = state_event(events.entered);
    BOOST_TEST_REQUIRE(entered.has_value());
    BOOST_TEST((entered->type == type && entered->role == StateEventRole::entered));
    BOOST_TEST(is_state_entered(events.entered));
    // Every event a state writes names the state type in its own name.
    for (const auto& event : {events.exited, events.aborted, events.started, events.succeeded,
                              events.failed, events.iteration_started}) {
      if (!event) continue;
      BOOST_TEST(to_string(*event).starts_with(to_string(type)));
      BOOST_TEST((state_event(*event)->type == type));
    }
  }
  BOOST_TEST(!events_of(StateType::Fail).exited.has_value());
  BOOST_TEST((events_of(StateType::Map).iteration_failed == EventType::MapIterationFailed));
  BOOST_TEST(!state_event(EventType::TaskScheduled).has_value());
  BOOST_TEST(!state_event(EventType::ExecutionStarted).has_value());
}

BOOST_AUTO_TEST_CASE(every_event_type_is_classified_once_and_state_events_are_in_the_table) {
  for (size_t i = 0; i < kEventTypeCount; ++i) {
    const auto type = static_cast<EventType>(i);
    const EventKind& kind = kind_of(type);
    BOOST_TEST(((kind.group == EventGroup::state) == state_event(type).has_value()),
               to_string(type));
    BOOST_TEST(((kind.group == EventGroup::attempt) == kind.attempt.has_value()), to_string(type));
    BOOST_TEST(((kind.group == EventGroup::execution) == kind.execution.has_value()),
               to_string(type));
  }
  BOOST_TEST(is_execution_terminal(EventType::ExecutionAborted));
  BOOST_TEST(!is_execution_terminal(EventType::ExecutionRedriven));
  BOOST_TEST(is_attempt_failure_without_outcome(EventType::TaskSubmitFailed));
  BOOST_TEST(!is_attempt_failure_without_outcome(EventType::TaskFailed));
}

BOOST_AUTO_TEST_CASE(block_and_abort_shorthands_follow_the_table) {
  BOOST_TEST(is_block_started(EventType::MapStateStarted));
  BOOST_TEST(is_block_started(EventType::ParallelStateStarted));
  BOOST_TEST(!is_block_started(EventType::MapIterationStarted));
  BOOST_TEST(is_block_end(EventType::ParallelStateAborted));
  BOOST_TEST(is_block_end(EventType::MapStateSucceeded));
  BOOST_TEST(!is_block_end(EventType::TaskStateAborted));
  BOOST_TEST(is_state_aborted(EventType::WaitStateAborted));
  BOOST_TEST(!is_state_aborted(EventType::MapIterationAborted));
  size_t entered = 0;
  size_t exited = 0;
  for (size_t i = 0; i < kEventTypeCount; ++i) {
    entered += is_state_entered(static_cast<EventType>(i)) ? 1 : 0;
    exited += is_state_exited(static_cast<EventType>(i)) ? 1 : 0;
  }
  BOOST_TEST(entered == kStateTypes.size());
  BOOST_TEST(exited == kStateTypes.size() - 1);  // Fail has no Exited event.
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim
