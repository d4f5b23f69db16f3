// History and call-log records: names, JSON shape and round trips.
#include <boost/test/unit_test.hpp>

#include "record/call_log.h"
#include "record/history_json.h"

namespace wfsim {

BOOST_AUTO_TEST_SUITE(history_records)

BOOST_AUTO_TEST_CASE(every_event_type_name_round_trips) {
  for (size_t i = 0; i < kEventTypeCount; ++i) {
    const auto type = static_cast<EventType>(i);
    BOOST_TEST((parse_event_type(to_string(type)) == type));
  }
  BOOST_TEST(!parse_event_type("NoSuchEvent").has_value());
  BOOST_TEST(kEventTypeCount == 62u);  // SFN-1.5b lists 62.
}

BOOST_AUTO_TEST_CASE(details_use_the_keys_step_functions_uses) {
  BOOST_TEST(details_key(EventType::TaskStateEntered) == "stateEnteredEventDetails");
  BOOST_TEST(details_key(EventType::PassStateExited) == "stateExitedEventDetails");
  BOOST_TEST(details_key(EventType::TaskScheduled) == "taskScheduledEventDetails");
  BOOST_TEST(details_key(EventType::MapIterationAborted) == "mapIterationAbortedEventDetails");
  BOOST_TEST(details_key(EventType::TaskStateAborted).empty());
}

BOOST_AUTO_TEST_CASE(a_history_round_trips_through_json) {
  History h;
  auto& started = h.append(EventType::ExecutionStarted, kDefaultEpoch, 0);
  started.input = make_document(Json{{"orderId", 7}});
  started.role_arn = "arn:aws:iam::123456789012:role/wfsim";
  auto& scheduled = h.append(EventType::TaskScheduled, kDefaultEpoch + Duration::seconds(1), 1);
  scheduled.resource = "invoke";
  scheduled.resource_type = "lambda";
  scheduled.region = "us-east-1";
  scheduled.input = make_document(Json{{"FunctionName", "f"}});
  scheduled.heartbeat_seconds = 5;
  auto& failed = h.append(EventType::TaskFailed, kDefaultEpoch + Duration::milliseconds(1500), 2);
  failed.resource = "invoke";
  failed.resource_type = "lambda";
  failed.error = "Ship.Unavailable";
  auto& iteration = h.append(EventType::MapIterationStarted, kDefaultEpoch + Duration::seconds(2), 3);
  iteration.name = "Fan";
  iteration.index = 3;

  const Json json = history_to_json(h);
  const Json& e2 = json["events"][1];
  BOOST_TEST(e2["type"] == "TaskScheduled");
  BOOST_TEST(e2["taskScheduledEventDetails"]["parameters"] == "{\"FunctionName\":\"f\"}");
  BOOST_TEST(e2["taskScheduledEventDetails"]["heartbeatInSeconds"] == 5);
  BOOST_TEST(!e2["taskScheduledEventDetails"].contains("timeoutInSeconds"));
  BOOST_TEST(!json["events"][2]["taskFailedEventDetails"].contains("cause"));
  BOOST_TEST(json["events"][2]["timestamp"] == "2024-01-01T00:00:01.500000Z");

  const auto parsed = history_from_json(json);
  BOOST_TEST_REQUIRE(std::holds_alternative<History>(parsed));
  BOOST_TEST(history_to_json(std::get<History>(parsed)) == json);
}

// DMAP-9.1, 9.2, 9.4: the Map Run events' details (none for MapRunSucceeded and MapRunAborted).
BOOST_AUTO_TEST_CASE(map_run_events_carry_their_details_and_round_trip) {
  History h;
  h.append(EventType::ExecutionStarted, kDefaultEpoch, 0);
  const std::string arn = "arn:aws:states:us-east-1:123456789012:mapRun:sm/Fan:0-1";
  h.append(EventType::MapRunStarted, kDefaultEpoch, 1).map_run_arn = h.keep(arn);
  auto& failed = h.append(EventType::MapRunFailed, kDefaultEpoch, 2);
  failed.error = "States.ExceedToleratedFailureThreshold";
  failed.cause = "The specified tolerated failure threshold was exceeded";
  auto& redriven = h.append(EventType::MapRunRedriven, kDefaultEpoch, 3);
  redriven.map_run_arn = h.keep(arn);
  redriven.redrive_count = 1;
  h.append(EventType::MapRunSucceeded, kDefaultEpoch, 4);
  const Json json = history_to_json(h);
  BOOST_TEST(json["events"][1]["mapRunStartedEventDetails"]["mapRunArn"] == arn);
  BOOST_TEST(json["events"][2]["mapRunFailedEventDetails"]["error"] ==
             "States.ExceedToleratedFailureThreshold");
  BOOST_TEST(json["events"][3]["mapRunRedrivenEventDetails"]["redriveCount"] == 1);
  BOOST_TEST(json["events"][3]["mapRunRedrivenEventDetails"]["mapRunArn"] == arn);
  BOOST_TEST(!json["events"][4].contains("mapRunSucceededEventDetails"));
  const auto parsed = history_from_json(json);
  BOOST_TEST_REQUIRE(std::holds_alternative<History>(parsed));
  BOOST_TEST(history_to_json(std::get<History>(parsed)) == json);
}

BOOST_AUTO_TEST_CASE(a_malformed_history_names_the_offending_path) {
  Json bad = Json::parse(R"({"events":[{"id":1,"previousEventId":0,
      "timestamp":"2024-01-01T00:00:00Z","type":"ExecutionStarted"},
      {"id":2,"previousEventId":1,"timestamp":"2024-01-01T00:00:00Z","type":"Bogus"}]})");
  const auto parsed = history_from_json(bad);
  BOOST_TEST_REQUIRE(std::holds_alternative<std::string>(parsed));
  BOOST_TEST(std::get<std::string>(parsed).find("/events/1/type") == 0u);

  bad["events"][1]["type"] = "PassStateEntered";
  bad["events"][1]["id"] = 5;
  const auto gap = history_from_json(bad);
  BOOST_TEST_REQUIRE(std::holds_alternative<std::string>(gap));
  BOOST_TEST(std::get<std::string>(gap).find("/events/1/id") == 0u);
}

BOOST_AUTO_TEST_CASE(compact_text_fits_agrees_with_the_serialised_size) {
  const Json small = Json{{"a", 1}, {"b", {1, 2, "x"}}};
  const size_t exact = to_compact_text(small).size();
  BOOST_TEST(compact_text_fits(small, exact));
  BOOST_TEST(!compact_text_fits(small, exact - 1));
  const Json big = Json{{"s", std::string(300'000, 'x')}};
  BOOST_TEST(!compact_text_fits(big, 262'144));
  BOOST_TEST(compact_text_fits(Json{{"s", std::string(262'000, 'x')}}, 262'144));
}

BOOST_AUTO_TEST_CASE(a_call_log_round_trips_through_json_lines) {
  CallLog log;
  auto& hb = log.append(kDefaultEpoch, "worker:ship/1", ApiCall::SendTaskHeartbeat, Json{{"taskToken", "t1"}});
  hb.error = ApiError{"TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'"};
  auto& lost = log.append(kDefaultEpoch + Duration::seconds(2), "worker:ship/1", ApiCall::SendTaskSuccess,
                          Json{{"taskToken", "t1"}, {"output", "{}"}});
  lost.dropped = true;
  lost.sent = kDefaultEpoch + Duration::seconds(1);
  const std::string text = call_log_to_json_lines(log);
  const auto parsed = call_log_from_json_lines(text);
  BOOST_TEST_REQUIRE(std::holds_alternative<CallLog>(parsed));
  BOOST_TEST(call_log_to_json_lines(std::get<CallLog>(parsed)) == text);
  BOOST_TEST(std::get<CallLog>(parsed).records[1].sent == kDefaultEpoch + Duration::seconds(1));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim
