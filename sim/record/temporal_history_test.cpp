// Temporal history records: names, the protojson shape of the export, and the reader's problems.
#include <boost/test/unit_test.hpp>

#include "record/temporal_history_json.h"

namespace wfsim::temporal {
namespace {

Instant at_seconds(int64_t s) { return kDefaultEpoch + Duration::seconds(s); }

// Scheduled, Started (attempt 2 after a failure), Completed, WorkflowExecutionCompleted.
History retry_then_success() {
  History h;
  HistoryEvent& started = h.append(EventType::WorkflowExecutionStarted, at_seconds(0));
  started.workflow_type = "Charge";
  started.task_queue = "ChargeCard";
  started.input = {Json{{"orderId", 7}}};
  started.run_id = "run-1";
  started.attempt = 1;
  HistoryEvent& scheduled = h.append(EventType::ActivityTaskScheduled, at_seconds(0));
  scheduled.activity_id = "1";
  scheduled.activity_type = "ChargeCard";
  scheduled.task_queue = "ChargeCard";
  scheduled.schedule_to_close_timeout = Duration::seconds(60);
  scheduled.schedule_to_start_timeout = Duration::seconds(60);
  scheduled.start_to_close_timeout = Duration::seconds(10);
  scheduled.heartbeat_timeout = Duration::milliseconds(1500);
  scheduled.retry_policy = RetryPolicy{};
  scheduled.retry_policy->non_retryable_error_types = {"CardDeclined"};
  HistoryEvent& attempt = h.append(EventType::ActivityTaskStarted, at_seconds(1));
  attempt.scheduled_event_id = 2;
  attempt.identity = "worker-1";
  attempt.attempt = 2;
  attempt.last_failure = Failure::application("Flaky", "try again");
  HistoryEvent& completed = h.append(EventType::ActivityTaskCompleted, at_seconds(2));
  completed.result = {Json("ok")};
  completed.scheduled_event_id = 2;
  completed.started_event_id = 3;
  completed.identity = "worker-1";
  h.append(EventType::WorkflowExecutionCompleted, at_seconds(2)).result = {Json::array({"ok"})};
  return h;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(temporal_history_records)

BOOST_AUTO_TEST_CASE(event_type_names_round_trip_in_both_spellings) {
  for (size_t i = 0; i < kEventTypeCount; ++i) {
    const auto type = static_cast<EventType>(i);
    BOOST_TEST((parse_event_type(proto_name(type)) == type));
    BOOST_TEST((parse_event_type(to_string(type)) == type));
  }
  BOOST_TEST(proto_name(EventType::ActivityTaskTimedOut) == "EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT");
  BOOST_TEST(attributes_key(EventType::ActivityTaskCancelRequested) ==
             "activityTaskCancelRequestedEventAttributes");
  BOOST_TEST(!parse_event_type("EVENT_TYPE_WORKFLOW_TASK_SCHEDULED").has_value());
}

BOOST_AUTO_TEST_CASE(timeout_types_have_proto_and_short_names) {
  BOOST_TEST(to_string(TimeoutType::schedule_to_close) == "TIMEOUT_TYPE_SCHEDULE_TO_CLOSE");
  BOOST_TEST(short_name(TimeoutType::heartbeat) == "Heartbeat");
  BOOST_TEST((parse_timeout_type("StartToClose") == TimeoutType::start_to_close));
  BOOST_TEST((parse_timeout_type("TIMEOUT_TYPE_SCHEDULE_TO_START") ==
              TimeoutType::schedule_to_start));
  BOOST_TEST(Failure::timeout(TimeoutType::start_to_close).message ==
             "activity StartToClose timeout");
}

BOOST_AUTO_TEST_CASE(every_retry_state_of_tmp_4_2_has_its_proto_name) {
  BOOST_TEST(to_string(RetryState::in_progress) == "RETRY_STATE_IN_PROGRESS");
  BOOST_TEST(to_string(RetryState::non_retryable_failure) == "RETRY_STATE_NON_RETRYABLE_FAILURE");
  BOOST_TEST(to_string(RetryState::timeout) == "RETRY_STATE_TIMEOUT");
  BOOST_TEST(to_string(RetryState::maximum_attempts_reached) ==
             "RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED");
  BOOST_TEST(to_string(RetryState::retry_policy_not_set) == "RETRY_STATE_RETRY_POLICY_NOT_SET");
  BOOST_TEST(to_string(RetryState::internal_server_error) == "RETRY_STATE_INTERNAL_SERVER_ERROR");
  BOOST_TEST(to_string(RetryState::cancel_requested) == "RETRY_STATE_CANCEL_REQUESTED");
  BOOST_TEST((parse_retry_state("RETRY_STATE_CANCEL_REQUESTED") == RetryState::cancel_requested));
}

BOOST_AUTO_TEST_CASE(durations_and_timestamps_print_as_protojson_does) {
  BOOST_TEST(format_proto_duration(Duration::seconds(10)) == "10s");
  BOOST_TEST(format_proto_duration(Duration::milliseconds(1500)) == "1.500s");
  BOOST_TEST(format_proto_duration(Duration::microseconds(1)) == "0.000001s");
  BOOST_TEST(format_proto_duration(Duration::zero()) == "0s");
  BOOST_TEST(format_proto_duration(-Duration::seconds(2)) == "-2s");
  BOOST_TEST(format_proto_timestamp(kDefaultEpoch) == "2024-01-01T00:00:00Z");
  BOOST_TEST(format_proto_timestamp(kDefaultEpoch + Duration::milliseconds(1500)) ==
             "2024-01-01T00:00:01.500Z");
  BOOST_TEST(format_proto_timestamp(kDefaultEpoch + Duration::microseconds(7)) ==
             "2024-01-01T00:00:00.000007Z");
  BOOST_TEST((parse_proto_duration("1.5s") == Duration::milliseconds(1500)));
  BOOST_TEST((parse_proto_duration("0.000000001s") == Duration::zero()));
  BOOST_TEST((parse_proto_duration("-3s") == -Duration::seconds(3)));
  BOOST_TEST(!parse_proto_duration("3").has_value());
  BOOST_TEST(!parse_proto_duration("1.s").has_value());
}

BOOST_AUTO_TEST_CASE(events_use_the_attribute_names_of_temporal_api_history_v1) {
  const Json json = history_to_json(retry_then_success());
  const Json& scheduled = json["events"][1];
  BOOST_TEST(scheduled["eventId"] == "2");  // int64 as a string.
  BOOST_TEST(scheduled["eventType"] == "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED");
  const Json& a = scheduled["activityTaskScheduledEventAttributes"];
  BOOST_TEST(a["activityType"]["name"] == "ChargeCard");
  BOOST_TEST(a["heartbeatTimeout"] == "1.500s");
  BOOST_TEST(a["retryPolicy"]["backoffCoefficient"] == 2);
  BOOST_TEST(a["retryPolicy"]["maximumInterval"] == "100s");
  BOOST_TEST(!a["retryPolicy"].contains("maximumAttempts"));  // 0 is omitted.
  const Json& started = json["events"][2]["activityTaskStartedEventAttributes"];
  BOOST_TEST(started["attempt"] == 2);
  BOOST_TEST(started["lastFailure"]["applicationFailureInfo"]["type"] == "Flaky");
  const Json& completed = json["events"][3]["activityTaskCompletedEventAttributes"];
  BOOST_TEST(completed["result"]["payloads"][0] == "ok");
  BOOST_TEST(completed["startedEventId"] == "3");
  BOOST_TEST(json["events"][4]["eventTime"] == "2024-01-01T00:00:02Z");
}

BOOST_AUTO_TEST_CASE(a_history_round_trips_through_json) {
  History h = retry_then_success();
  HistoryEvent& timed_out = h.append(EventType::ActivityTaskTimedOut, at_seconds(9));
  Failure failure = Failure::timeout(TimeoutType::heartbeat);
  failure.last_heartbeat_details = {Json(42), Json{{"step", 3}}};
  timed_out.failure = failure;
  timed_out.retry_state = RetryState::timeout;
  timed_out.scheduled_event_id = 2;
  HistoryEvent& workflow_failed = h.append(EventType::WorkflowExecutionFailed, at_seconds(9));
  Failure wrapper;
  wrapper.message = "activity error";
  wrapper.info = FailureInfo::activity;
  wrapper.activity_id = "1";
  wrapper.activity_type = "ChargeCard";
  wrapper.retry_state = RetryState::timeout;
  wrapper.cause = std::make_shared<const Failure>(failure);
  workflow_failed.failure = wrapper;
  workflow_failed.retry_state = RetryState::retry_policy_not_set;

  const Json json = history_to_json(h);
  const auto parsed = history_from_json(json);
  BOOST_TEST_REQUIRE(std::holds_alternative<History>(parsed));
  BOOST_TEST((std::get<History>(parsed) == h));
  BOOST_TEST(history_to_json(std::get<History>(parsed)) == json);
}

BOOST_AUTO_TEST_CASE(the_reader_decodes_full_form_json_plain_payloads) {
  // {"orderId":7} with metadata encoding "json/plain", both base64.
  const Json payload = {{"metadata", {{"encoding", "anNvbi9wbGFpbg=="}}},
                        {"data", "eyJvcmRlcklkIjo3fQ=="}};
  Json json = history_to_json(retry_then_success());
  json["events"][0]["workflowExecutionStartedEventAttributes"]["input"]["payloads"][0] = payload;
  const auto parsed = history_from_json(json);
  BOOST_TEST_REQUIRE(std::holds_alternative<History>(parsed));
  BOOST_TEST(std::get<History>(parsed).at(1).input.at(0) == (Json{{"orderId", 7}}));
}

BOOST_AUTO_TEST_CASE(the_reader_names_the_pointer_of_the_first_problem) {
  Json json = history_to_json(retry_then_success());
  json["events"][2]["activityTaskStartedEventAttributes"]["attempt"] = "two";
  json["events"][3]["eventType"] = "EVENT_TYPE_NOPE";
  const auto parsed = history_from_json(json);
  BOOST_TEST_REQUIRE(std::holds_alternative<JsonProblem>(parsed));
  BOOST_TEST(std::get<JsonProblem>(parsed).pointer ==
             "/events/2/activityTaskStartedEventAttributes/attempt");

  Json gap = history_to_json(retry_then_success());
  gap["events"][1]["eventId"] = "5";
  const auto gapped = history_from_json(gap);
  BOOST_TEST_REQUIRE(std::holds_alternative<JsonProblem>(gapped));
  BOOST_TEST(to_string(std::get<JsonProblem>(gapped)) == "/events/1/eventId: must be 2");

  Json policy = history_to_json(retry_then_success());
  policy["events"][1]["activityTaskScheduledEventAttributes"]["retryPolicy"]
        ["nonRetryableErrorTypes"][0] = 3;
  const auto bad_policy = history_from_json(policy);
  BOOST_TEST_REQUIRE(std::holds_alternative<JsonProblem>(bad_policy));
  BOOST_TEST(std::get<JsonProblem>(bad_policy).pointer ==
             "/events/1/activityTaskScheduledEventAttributes/retryPolicy/"
             "nonRetryableErrorTypes/0");
  BOOST_TEST(std::holds_alternative<JsonProblem>(history_from_json(Json::array())));
}

BOOST_AUTO_TEST_CASE(unmodelled_events_are_a_problem_unless_skipping_is_asked_for) {
  Json json = history_to_json(retry_then_success());
  Json task = {{"eventId", "3"}, {"eventTime", "2024-01-01T00:00:00Z"},
               {"eventType", "EVENT_TYPE_WORKFLOW_TASK_SCHEDULED"},
               {"workflowTaskScheduledEventAttributes", Json::object()}};
  json["events"].insert(json["events"].begin() + 2, task);
  for (size_t i = 3; i < json["events"].size(); ++i) {
    json["events"][i]["eventId"] = std::to_string(i + 1);
  }
  BOOST_TEST(std::holds_alternative<JsonProblem>(history_from_json(json)));
  const auto skipped = history_from_json(json, HistoryReadOptions{.skip_unmodelled_events = true});
  BOOST_TEST_REQUIRE(std::holds_alternative<History>(skipped));
  const History& h = std::get<History>(skipped);
  BOOST_TEST(h.size() == 5u);
  BOOST_TEST(h.events[2].event_id == 4);  // Ids are kept as exported.
  BOOST_TEST(h.events[2].type == EventType::ActivityTaskStarted);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::temporal
