// previousEventId linking, Map and Parallel retries and same-instant timeouts, compared with
// complete histories recorded on AWS (REC-3, REC-7, REC-8 in docs/semantics.md; the LocalStack
// snapshot test is named in each case). Histories are compared as "id(previousEventId) Type".
//
// Not here: runtime error causes and the other recorded facts (sfn_recorded_test.cpp).
#include <map>

#include "asl/definition.h"
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {

std::string run_trace(const std::string& definition, const Json& input,
                      LocalDriver::Responder responder = {}) {
  EngineOptions options;
  LocalDriver driver(options);
  if (responder) driver.set_responder(std::move(responder));
  const std::string arn = driver.start(definition, input);
  driver.run();
  return linked_trace(history_of(driver, arn));
}

const char* const kFailingMap = R"({"StartAt":"StartState","States":{
    "StartState":{"Type":"Pass","Result":[1],"ResultPath":"$.arr","Next":"MapState"},
    "MapState":{"Type":"Map","InputPath":"$.arr","ResultPath":null,"MaxConcurrency":1,
      "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"HandleItemFail",
        "States":{"HandleItemFail":{"Type":"Fail","Error":"HandleItemFailError",
                                    "Cause":"HandleItemFailCause"}}},
      HANDLING,"Next":"Final"},
    "Final":{"Type":"Pass","Next":"FinalCaught"},"FinalCaught":{"Type":"Pass","End":true}}})";

std::string failing_map(const std::string& handling) {
  std::string text = kFailingMap;
  text.replace(text.find("HANDLING"), 8, handling);
  return text;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_linking)

// test_map_state_nested: serial iterations link to the previous iteration's last state event;
// Succeeded and Exited of a Map are siblings; the first state links to 0.
BOOST_AUTO_TEST_CASE(nested_maps_link_as_recorded_rec_7) {
  const std::string processor_l2 = R"({"StartAt":"MapL2Pass","States":{
      "MapL2Pass":{"Type":"Pass","End":true}}})";
  const std::string definition = R"({"StartAt":"MapL1","States":{"MapL1":{"Type":"Map",
      "MaxConcurrency":1,"ItemProcessor":{"StartAt":"MapL2","States":{"MapL2":{"Type":"Map",
      "MaxConcurrency":1,"ItemProcessor":)" + processor_l2 + R"(,"End":true}}},"End":true}}})";
  BOOST_TEST(run_trace(definition, Json::parse("[[1, 2, 3], [4, 5, 6]]")) ==
             "1(0) ExecutionStarted 2(0) MapStateEntered 3(2) MapStateStarted "
             "4(3) MapIterationStarted 5(4) MapStateEntered 6(5) MapStateStarted "
             "7(6) MapIterationStarted 8(7) PassStateEntered 9(8) PassStateExited "
             "10(9) MapIterationSucceeded 11(9) MapIterationStarted 12(11) PassStateEntered "
             "13(12) PassStateExited 14(13) MapIterationSucceeded 15(13) MapIterationStarted "
             "16(15) PassStateEntered 17(16) PassStateExited 18(17) MapIterationSucceeded "
             "19(18) MapStateSucceeded 20(18) MapStateExited 21(20) MapIterationSucceeded "
             "22(20) MapIterationStarted 23(22) MapStateEntered 24(23) MapStateStarted "
             "25(24) MapIterationStarted 26(25) PassStateEntered 27(26) PassStateExited "
             "28(27) MapIterationSucceeded 29(27) MapIterationStarted 30(29) PassStateEntered "
             "31(30) PassStateExited 32(31) MapIterationSucceeded 33(31) MapIterationStarted "
             "34(33) PassStateEntered 35(34) PassStateExited 36(35) MapIterationSucceeded "
             "37(36) MapStateSucceeded 38(36) MapStateExited 39(38) MapIterationSucceeded "
             "40(39) MapStateSucceeded 41(39) MapStateExited 42(41) ExecutionSucceeded");
}

// test_map_state_break_condition: a Fail state in a serial Map; later items never start.
BOOST_AUTO_TEST_CASE(a_serial_map_with_a_fail_state_links_as_recorded_rec_7) {
  const std::string definition = R"({"StartAt":"StartState","States":{
      "StartState":{"Type":"Pass","Result":[1,"Hello",{},3.3,3,4,5],"ResultPath":"$.arr",
                    "Next":"MapState"},
      "MapState":{"Type":"Map","InputPath":"$.arr","ResultPath":null,"MaxConcurrency":1,
        "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Equals3","States":{
          "Equals3":{"Type":"Choice","Choices":[{"And":[{"Variable":"$","IsPresent":true},
              {"And":[{"Variable":"$","IsNumeric":true},{"Variable":"$","NumericEquals":3}]}],
              "Next":"Break"}],"Default":"Pass"},
          "Break":{"Type":"Fail","Error":"SomeFailure",
                   "Cause":"This state machines raises a 'SomeFailure' failure."},
          "Pass":{"Type":"Pass","End":true}}},
        "End":true}}})";
  std::string expected =
      "1(0) ExecutionStarted 2(0) PassStateEntered 3(2) PassStateExited 4(3) MapStateEntered "
      "5(4) MapStateStarted";
  int64_t link = 5;
  for (int64_t item = 0, id = 6; item < 4; ++item, id += 6) {
    expected += " " + std::to_string(id) + "(" + std::to_string(link) + ") MapIterationStarted " +
                std::to_string(id + 1) + "(" + std::to_string(id) + ") ChoiceStateEntered " +
                std::to_string(id + 2) + "(" + std::to_string(id + 1) + ") ChoiceStateExited " +
                std::to_string(id + 3) + "(" + std::to_string(id + 2) + ") PassStateEntered " +
                std::to_string(id + 4) + "(" + std::to_string(id + 3) + ") PassStateExited " +
                std::to_string(id + 5) + "(" + std::to_string(id + 4) + ") MapIterationSucceeded";
    link = id + 4;
  }
  expected += " 30(28) MapIterationStarted 31(30) ChoiceStateEntered 32(31) ChoiceStateExited "
              "33(32) FailStateEntered 34(33) MapIterationFailed 35(33) MapStateFailed "
              "36(35) ExecutionFailed";
  BOOST_TEST(run_trace(definition, Json::object()) == expected);
}

// test_sqs_failure_in_wait_for_task_tok_no_error_field[SQS_PARALLEL_WAIT_FOR_TASK_TOKEN]: the
// aborted task and ParallelStateFailed both link to the failure that decided it.
BOOST_AUTO_TEST_CASE(a_parallel_with_a_failed_callback_links_as_recorded_rec_7) {
  const std::string definition = R"({"StartAt":"ParallelJob","States":{"ParallelJob":{
      "Type":"Parallel","Branches":[{"StartAt":"SendMessageWithWait","States":{
        "SendMessageWithWait":{"Type":"Task",
          "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters":{"QueueUrl":"q","MessageBody":{"TaskToken.$":"$$.Task.Token"}},
          "End":true}}}],
      "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.states_all_error",
                "Next":"CaughtStatesALL"}],"End":true},
      "CaughtStatesALL":{"Type":"Pass","End":true}}})";
  const std::string actual =
      run_trace(definition, Json::object(), [](LocalDriver& driver, const Delivery& d) {
        driver.after(Duration::seconds(1), [&driver, token = d.token] {
          BOOST_TEST(driver.engine()
                         .send_task_failure(driver.now(), token, std::nullopt, std::nullopt)
                         .ok());
        });
      });
  BOOST_TEST(actual ==
             "1(0) ExecutionStarted 2(0) ParallelStateEntered 3(2) ParallelStateStarted "
             "4(3) TaskStateEntered 5(4) TaskScheduled 6(5) TaskStarted 7(6) TaskSubmitted "
             "8(7) TaskFailed 9(8) TaskStateAborted 10(8) ParallelStateFailed "
             "11(10) ParallelStateExited 12(11) PassStateEntered 13(12) PassStateExited "
             "14(13) ExecutionSucceeded");
}

// test_map_state_items_eval_jsonata[empty]: both closing events link to MapStateStarted.
BOOST_AUTO_TEST_CASE(an_empty_map_links_its_closing_events_to_map_state_started_rec_7) {
  BOOST_TEST(run_trace(R"({"StartAt":"MapIterateState","States":{"MapIterateState":{
      "Type":"Map","ItemsPath":"$.items","ItemProcessor":{"StartAt":"Pass","States":{
        "Pass":{"Type":"Pass","End":true}}},"End":true}}})",
                       Json{{"items", Json::array()}}) ==
             "1(0) ExecutionStarted 2(0) MapStateEntered 3(2) MapStateStarted "
             "4(3) MapStateSucceeded 5(3) MapStateExited 6(5) ExecutionSucceeded");
}

// test_map_state_legacy_config_inline: the serial linking of 10.A through a legacy Iterator.
BOOST_AUTO_TEST_CASE(a_legacy_iterator_map_links_as_recorded_rec_7) {
  BOOST_TEST(run_trace(R"({"StartAt":"MapState","States":{"MapState":{"Type":"Map",
      "MaxConcurrency":1,"Iterator":{"StartAt":"IteratorInner","States":{
        "IteratorInner":{"Type":"Pass","End":true}},"ProcessorConfig":{"Mode":"INLINE"}},
      "Next":"Finish"},"Finish":{"Type":"Succeed"}}})",
                       Json::array({"Hello", "World"})) ==
             "1(0) ExecutionStarted 2(0) MapStateEntered 3(2) MapStateStarted "
             "4(3) MapIterationStarted 5(4) PassStateEntered 6(5) PassStateExited "
             "7(6) MapIterationSucceeded 8(6) MapIterationStarted 9(8) PassStateEntered "
             "10(9) PassStateExited 11(10) MapIterationSucceeded 12(11) MapStateSucceeded "
             "13(11) MapStateExited 14(13) SucceedStateEntered 15(14) SucceedStateExited "
             "16(15) ExecutionSucceeded");
}

// test_map_state_retry: no MapStateFailed between attempts; the new MapStateStarted links to
// the failure that decided the attempt.
BOOST_AUTO_TEST_CASE(a_retried_map_writes_no_map_state_failed_between_attempts_rec_3) {
  BOOST_TEST(run_trace(failing_map(R"("Retry":[{"ErrorEquals":["HandleItemFailError"],
                                                 "MaxAttempts":2}])"),
                       Json::object()) ==
             "1(0) ExecutionStarted 2(0) PassStateEntered 3(2) PassStateExited "
             "4(3) MapStateEntered 5(4) MapStateStarted 6(5) MapIterationStarted "
             "7(6) FailStateEntered 8(7) MapIterationFailed 9(7) MapStateStarted "
             "10(9) MapIterationStarted 11(10) FailStateEntered 12(11) MapIterationFailed "
             "13(11) MapStateStarted 14(13) MapIterationStarted 15(14) FailStateEntered "
             "16(15) MapIterationFailed 17(15) MapStateFailed 18(17) ExecutionFailed");
}

// test_map_state_catch: a caught Map writes MapStateFailed, and Exited links to it.
BOOST_AUTO_TEST_CASE(a_caught_map_links_its_exit_to_map_state_failed_rec_7) {
  BOOST_TEST(run_trace(failing_map(R"("Catch":[{"ErrorEquals":["HandleItemFailError"],
                                                 "Next":"FinalCaught"}])"),
                       Json::object()) ==
             "1(0) ExecutionStarted 2(0) PassStateEntered 3(2) PassStateExited "
             "4(3) MapStateEntered 5(4) MapStateStarted 6(5) MapIterationStarted "
             "7(6) FailStateEntered 8(7) MapIterationFailed 9(7) MapStateFailed "
             "10(9) MapStateExited 11(10) PassStateEntered 12(11) PassStateExited "
             "13(12) ExecutionSucceeded");
}

// test_parallel_state_retry: a new ParallelStateStarted, no ParallelStateFailed in between.
BOOST_AUTO_TEST_CASE(a_retried_parallel_writes_no_parallel_state_failed_between_attempts_rec_3) {
  BOOST_TEST(run_trace(R"({"StartAt":"ParallelState","States":{"ParallelState":{
      "Type":"Parallel","Branches":[{"StartAt":"Branch1","States":{"Branch1":{"Type":"Fail",
        "Error":"FailureType","Cause":"Cause description"}}}],
      "Retry":[{"ErrorEquals":["FailureType"],"MaxAttempts":2}],"Next":"Final"},
      "Final":{"Type":"Pass","End":true}}})",
                       Json::object()) ==
             "1(0) ExecutionStarted 2(0) ParallelStateEntered 3(2) ParallelStateStarted "
             "4(3) FailStateEntered 5(4) ParallelStateStarted 6(5) FailStateEntered "
             "7(6) ParallelStateStarted 8(7) FailStateEntered 9(8) ParallelStateFailed "
             "10(9) ExecutionFailed");
}

namespace {
// A host that fires same-instant timers in the worst order for the engine: the step timer
// first, then the others from the most recently armed. Nobody answers a task.
struct AdversarialHost final : Host {
  std::map<TimerSlot, Instant> armed;
  void arm_timer(TimerSlot slot, Instant at) override { armed[slot] = at; }
  void cancel_timer(TimerSlot slot) override { armed.erase(slot); }
  void dispatch(const TaskDispatch&) override {}
  // The next timer to fire, or nullopt when none is armed.
  std::optional<std::pair<TimerSlot, Instant>> next() const {
    std::optional<std::pair<TimerSlot, Instant>> best;
    for (auto it = armed.rbegin(); it != armed.rend(); ++it) {
      const bool earlier = !best || it->second < best->second ||
                           (it->second == best->second && it->first == 0);
      if (earlier) best = *it;
    }
    return best;
  }
};
}  // namespace

// test_service_lambda_map_timeout: all four TaskTimedOut are recorded before the Map reacts,
// whatever order the host fires the four timers and the step timer in; every abort links to the
// deciding timeout (event 20).
BOOST_AUTO_TEST_CASE(simultaneous_timeouts_are_all_recorded_before_the_map_reacts_rec_8) {
  AdversarialHost host;
  EngineOptions options;
  Engine engine(host, Random(7), options);
  auto parsed = asl::parse_definition_text(R"({"StartAt":"MapWait","States":{"MapWait":{
      "Type":"Map","InputPath":"$.Inputs","ItemProcessor":{"StartAt":"LambdaInvoke","States":{
        "LambdaInvoke":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "TimeoutSeconds":5,"Parameters":{"FunctionName.$":"$.FunctionName",
          "Payload.$":"$.Payload"},"End":true}}},"End":true}}})");
  auto definition = std::get<std::shared_ptr<const asl::Definition>>(std::move(parsed));
  const Json item = {{"FunctionName", "f"}, {"Payload", nullptr}};
  const Instant start = kDefaultEpoch;
  const ApiAnswer answer = engine.start_execution(start, definition, "machine", "run",
                                                  Json{{"Inputs", {item, item, item, item}}});
  BOOST_TEST_REQUIRE(answer.ok());
  for (int fired = 0; fired < 10'000; ++fired) {
    const auto next = host.next();
    if (!next || next->second > start + Duration::seconds(60)) break;
    host.armed.erase(next->first);
    engine.on_timer(next->second, next->first);
  }
  const History* h = engine.history(answer.response->at("executionArn").get<std::string>());
  BOOST_TEST_REQUIRE(h != nullptr);
  std::string expected =
      "1(0) ExecutionStarted 2(0) MapStateEntered 3(2) MapStateStarted 4(3) MapIterationStarted "
      "5(3) MapIterationStarted 6(3) MapIterationStarted 7(3) MapIterationStarted "
      "8(4) TaskStateEntered 9(8) TaskScheduled 10(5) TaskStateEntered 11(10) TaskScheduled "
      "12(6) TaskStateEntered 13(12) TaskScheduled 14(7) TaskStateEntered 15(14) TaskScheduled "
      "16(9) TaskStarted 17(11) TaskStarted 18(13) TaskStarted 19(15) TaskStarted ";
  // The order of the four timeouts is not fixed on AWS (recorded 0, 2, 1, 3); check the shape.
  const std::string actual = linked_trace(*h);
  BOOST_TEST_REQUIRE(actual.size() > expected.size());
  BOOST_TEST(actual.substr(0, expected.size()) == expected);
  for (int64_t id = 20; id <= 23; ++id) BOOST_TEST(h->at(id).type == EventType::TaskTimedOut);
  const int64_t deciding_iteration_started = h->at(h->at(h->at(h->at(20).previous_event_id)
                                                               .previous_event_id)
                                                      .previous_event_id)
                                                 .previous_event_id;
  BOOST_TEST(h->at(24).type == EventType::MapIterationFailed);
  BOOST_TEST(h->at(24).index == h->at(deciding_iteration_started).index);
  for (int64_t id = 24; id <= 32; ++id) BOOST_TEST(h->at(id).previous_event_id == 20);
  BOOST_TEST(linked_trace(*h).ends_with("32(20) MapStateFailed 33(32) ExecutionFailed"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
