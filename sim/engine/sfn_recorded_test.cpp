// Histories recorded on real AWS (facts REC-x in docs/semantics.md; the recordings are LocalStack
// snapshot tests validated against AWS, named in each case): runtime error causes, what ends an
// execution at once, States.DataLimitExceeded, the context object of a Pass state and .sync
// tokens. Each case compares wfsim's history as "id(previousEventId) Type" with the recording.
//
// Not here: Map and Parallel linking and retries (sfn_linking_test.cpp).
#include "asl/definition.h"
#include "engine/sfn_test_support.h"

namespace wfsim::sfn {
using namespace testing;

namespace {

struct Run {
  std::string trace;
  std::string error;
  std::string cause;
};

Run run(const std::string& definition, const Json& input, LocalDriver::Responder responder = {}) {
  EngineOptions options;
  LocalDriver driver(options);
  if (responder) driver.set_responder(std::move(responder));
  const std::string arn = driver.start(definition, input);
  driver.run();
  const History& h = history_of(driver, arn);
  const HistoryEvent& last = h.events.back();
  return Run{linked_trace(h), last.error.value_or(""), last.cause.value_or("")};
}

std::string single_pass(const std::string& fields) {
  return R"({"StartAt":"pass","States":{"pass":{"Type":"Pass",)" + fields + R"("End":true}}})";
}

std::string prefix(const std::string& state, int entered) {
  return "An error occurred while executing the state '" + state + "' (entered at the event id #" +
         std::to_string(entered) + "). ";
}

const Json kIntLiteral = Json{{"int-literal", 0}};
const std::string kEnteredThenFailed = "1(0) ExecutionStarted 2(0) PassStateEntered 3(2) ExecutionFailed";

}  // namespace

BOOST_AUTO_TEST_SUITE(sfn_recorded)

// test_base_scenarios test_invalid_jsonpath[ST.INVALID_JSONPATH_IN_INPUTPATH|..._OUTPUTPATH]
BOOST_AUTO_TEST_CASE(a_missing_input_or_output_path_ends_the_execution_rec_1_1) {
  for (const std::string field : {"InputPath", "OutputPath"}) {
    const std::string path = "$.NoSuch" + field;
    const Run r = run(single_pass("\"" + field + "\":\"" + path + "\","), kIntLiteral);
    BOOST_TEST(r.trace == kEnteredThenFailed);
    BOOST_TEST(r.error == "States.Runtime");
    BOOST_TEST(r.cause == prefix("pass", 2) + "Invalid path '" + path +
                              "' : No results for path: $['NoSuch" + field + "']");
  }
}

// test_invalid_jsonpath[INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH|..._CONTEXTPATH]; the unmasked
// input text as floci's us-east-1 measurement shows it (notes 10.N).
BOOST_AUTO_TEST_CASE(a_missing_template_path_names_the_field_and_the_input_rec_1_4) {
  for (const std::string path : {"$.no_such_jsonpath", "$$.Execution.Input.no_such_jsonpath"}) {
    const Run r = run(single_pass(R"("Parameters":{"value.$":")" + path + "\"},"), kIntLiteral);
    BOOST_TEST(r.trace == kEnteredThenFailed);
    BOOST_TEST(r.cause == prefix("pass", 2) + "The JSONPath '" + path +
                              "' specified for the field 'value.$' could not be found in the "
                              "input '{\"int-literal\":0}'");
  }
}

// test_invalid_jsonpath[INVALID_JSONPATH_IN_ERRORPATH|ST.INVALID_JSONPATH_IN_CAUSEPATH]
BOOST_AUTO_TEST_CASE(a_missing_error_or_cause_path_fails_with_states_runtime_rec_1_4) {
  for (const std::string field : {"ErrorPath", "CausePath"}) {
    const Run r = run(R"({"StartAt":"pass","States":{"pass":{"Type":"Pass",
        "Parameters":{"Error":"error-value"},"Next":"fail"},
        "fail":{"Type":"Fail",")" + field + R"(":"$.NoSuch"}}})",
                      kIntLiteral);
    BOOST_TEST(r.trace == "1(0) ExecutionStarted 2(0) PassStateEntered 3(2) PassStateExited "
                          "4(3) FailStateEntered 5(4) ExecutionFailed");
    BOOST_TEST(r.error == "States.Runtime");
    BOOST_TEST(r.cause == prefix("fail", 4) + "The JSONPath '$.NoSuch' specified for the field '" +
                              field + "' could not be found in the input '{\"Error\":\"error-value\"}'");
  }
}

// test_invalid_jsonpath[ST.INVALID_JSONPATH_IN_TIMEOUTSECONDSPATH|..._HEARTBEATSECONDSPATH]
BOOST_AUTO_TEST_CASE(a_missing_timeout_or_heartbeat_path_fails_before_task_scheduled_rec_1_5) {
  for (const auto& [resource, field] :
       {std::pair<std::string, std::string>{"aws-sdk:s3:listBuckets", "TimeoutSecondsPath"},
        {"aws-sdk:s3:listBuckets.waitForTaskToken", "HeartbeatSecondsPath"}}) {
    const Run r = run(R"({"StartAt":"task","States":{"task":{"Type":"Task",
        "Resource":"arn:aws:states:::)" + resource + R"(","Parameters":{},
        ")" + field + R"(":"$.NoSuchTimeoutSecondsPath","End":true}}})",
                      kIntLiteral);
    BOOST_TEST(r.trace == "1(0) ExecutionStarted 2(0) TaskStateEntered 3(2) ExecutionFailed");
    BOOST_TEST(r.cause == prefix("task", 2) +
                              "Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path: "
                              "$['NoSuchTimeoutSecondsPath']");
  }
}

// test_catch_states_runtime: a catcher naming States.Runtime does not catch it; the failure links
// to the latest event of the state (LambdaFunctionSucceeded), and a deeper missing path is
// reported by its first missing name.
BOOST_AUTO_TEST_CASE(states_runtime_is_not_caught_even_by_name_and_links_the_latest_event_rec_1_1) {
  const Run r = run(R"({"StartAt":"RaiseRuntime","States":{"RaiseRuntime":{"Type":"Task",
      "Resource":"arn:aws:lambda:us-east-1:111111111111:function:f",
      "OutputPath":"$.no.such.result.path",
      "Catch":[{"ErrorEquals":["States.Runtime"],"Next":"CaughtRuntime"}],"Next":"Final"},
      "CaughtRuntime":{"Type":"Pass","End":true},"Final":{"Type":"Pass","End":true}}})",
                    Json::object(), [](LocalDriver& driver, const Delivery& d) {
                      BOOST_TEST(driver.engine()
                                     .complete_integration(driver.now(), d.token,
                                                           IntegrationResult::success(Json::object()))
                                     .ok());
                    });
  BOOST_TEST(r.trace == "1(0) ExecutionStarted 2(0) TaskStateEntered 3(2) LambdaFunctionScheduled "
                        "4(3) LambdaFunctionStarted 5(4) LambdaFunctionSucceeded 6(5) ExecutionFailed");
  BOOST_TEST(r.cause == prefix("RaiseRuntime", 2) +
                            "Invalid path '$.no.such.result.path' : Missing property in path $['no']");
}

// test_wait_timestamp_path[NO_T|NO_Z|INVALID_DATE|INVALID_TIME|INVALID_ISO] and the suffix
// variants of test_wait (valid: Z with 0, 2, 3, 6 or 7 fractional digits).
BOOST_AUTO_TEST_CASE(an_invalid_timestamp_path_value_is_quoted_raw_rec_1_2) {
  const std::string definition = R"({"StartAt":"WaitUntil","States":{"WaitUntil":{"Type":"Wait",
      "TimestampPath":"$.TimestampValue","End":true}}})";
  for (const std::string value : {"2016-12-05 21:29:29Z", "2016-12-05T21:29:29", "2016-13-05T21:29:29Z",
                                  "2016-12-05T25:29:29Z", "05-12-2016T21:29:29Z",
                                  "2016-12-05T21:29:29.000", "2016-12-05T21:29:29.000000"}) {
    const Run r = run(definition, Json{{"TimestampValue", value}});
    BOOST_TEST(r.trace == "1(0) ExecutionStarted 2(0) WaitStateEntered 3(2) ExecutionFailed");
    BOOST_TEST(r.error == "States.Runtime");
    BOOST_TEST(r.cause == prefix("WaitUntil", 2) +
                              "The TimestampPath parameter does not reference a valid ISO-8601 "
                              "extended offset date-time format string: $.TimestampValue == " +
                              value);
  }
  for (const std::string value : {"2016-12-05T21:29:29Z", "2016-12-05T21:29:29.00Z",
                                  "2016-12-05T21:29:29.000Z", "2016-12-05T21:29:29.000000Z",
                                  "2016-12-05T21:29:29.0000000Z"}) {
    const Run r = run(definition, Json{{"TimestampValue", value}});
    BOOST_TEST(r.trace == "1(0) ExecutionStarted 2(0) WaitStateEntered 3(2) WaitStateExited "
                          "4(3) ExecutionSucceeded");
  }
}

// test_timestamp_too_far_in_future_boundary[24855|24856]: the threshold is 2^31 seconds.
BOOST_AUTO_TEST_CASE(a_wait_of_2_pow_31_seconds_or_more_is_too_long_rec_1_3) {
  const std::string definition = R"({"StartAt":"State_1","States":{"State_1":{"Type":"Wait",
      "TimestampPath":"$.start_at","End":true}}})";
  for (const int64_t days : {24855, 24856}) {
    EngineOptions options;
    LocalDriver driver(options);
    const Instant at = driver.now() + Duration::seconds(days * 86'400);
    const std::string arn =
        driver.start(definition, Json{{"start_at", format_iso8601_ms(at)}});
    driver.run_until(driver.now() + Duration::seconds(10));
    const History& h = history_of(driver, arn);
    if (days == 24855) {
      BOOST_TEST(linked_trace(h) == "1(0) ExecutionStarted 2(0) WaitStateEntered");  // Still waiting.
    } else {
      BOOST_TEST(linked_trace(h) == "1(0) ExecutionStarted 2(0) WaitStateEntered 3(2) ExecutionFailed");
      BOOST_TEST(*h.events.back().cause == prefix("State_1", 2) + "Wait state delay is too long.");
    }
  }
}

// LocalStack's seconds_path.py texts (written to match AWS; no AWS snapshot of these values).
BOOST_AUTO_TEST_CASE(a_negative_or_fractional_seconds_path_value_fails_in_aws_words_rec_1_2) {
  const std::string definition = R"({"StartAt":"WaitState","States":{"WaitState":{"Type":"Wait",
      "SecondsPath":"$.input.waitSeconds","End":true}}})";
  const Run negative = run(definition, Json{{"input", {{"waitSeconds", -1}}}});
  BOOST_TEST(negative.trace == "1(0) ExecutionStarted 2(0) WaitStateEntered 3(2) ExecutionFailed");
  BOOST_TEST(negative.cause == prefix("WaitState", 2) +
                                   "The SecondsPath parameter references a negative value: "
                                   "$.input.waitSeconds == -1");
  const Run fraction = run(definition, Json{{"input", {{"waitSeconds", 1.5}}}});
  BOOST_TEST(fraction.cause == prefix("WaitState", 2) +
                                   "The SecondsPath parameter cannot be parsed as a long value: "
                                   "$.input.waitSeconds == 1.5");
  const Run one = run(definition, Json{{"input", {{"waitSeconds", 1}}}});  // test_base_wait_seconds_path
  BOOST_TEST(one.trace == "1(0) ExecutionStarted 2(0) WaitStateEntered 3(2) WaitStateExited "
                          "4(3) ExecutionSucceeded");
}

// test_max_concurrency_path[NoNumber]: no MapStateStarted.
BOOST_AUTO_TEST_CASE(a_max_concurrency_path_that_is_no_integer_fails_before_map_state_started_rec_1_6) {
  const Run r = run(R"({"StartAt":"MapState","States":{"MapState":{"Type":"Map",
      "ItemsPath":"$.Values","MaxConcurrencyPath":"$.MaxConcurrencyValue",
      "ItemProcessor":{"StartAt":"HandleItem","States":{"HandleItem":{"Type":"Pass","End":true}}},
      "End":true}}})",
                    Json{{"MaxConcurrencyValue", "NoNumber"}, {"Values", {"HelloWorld"}}});
  BOOST_TEST(r.trace == "1(0) ExecutionStarted 2(0) MapStateEntered 3(2) ExecutionFailed");
  BOOST_TEST(r.cause == prefix("MapState", 2) +
                            "The MaxConcurrencyPath field refers to value \"NoNumber\" which is not "
                            "a valid integer: $.MaxConcurrencyValue");
}

// floci getExecutionHistory_namesTheBranchStateAFailureBelongsTo ("verified against us-east-1"):
// a runtime error inside a branch ends the execution directly, naming the branch state.
BOOST_AUTO_TEST_CASE(a_runtime_error_inside_a_branch_ends_the_execution_directly_rec_1_1) {
  const Run r = run(R"({"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
      {"StartAt":"Fast","States":{"Fast":{"Type":"Pass","Parameters":{"m.$":"$.nope"},"End":true}}}],
      "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}],"End":true},
      "H":{"Type":"Pass","End":true}}})",
                    Json{{"x", "a"}});
  BOOST_TEST(r.trace == "1(0) ExecutionStarted 2(0) ParallelStateEntered 3(2) ParallelStateStarted "
                        "4(3) PassStateEntered 5(4) ExecutionFailed");
  BOOST_TEST(r.cause == prefix("Fast", 4) +
                            "The JSONPath '$.nope' specified for the field 'm.$' could not be found "
                            "in the input '{\"x\":\"a\"}'");
}

// test_invoke_with_headers[singleStringHeader] (and [custom_header1], which runs). The recording
// masks the Parameters in the cause; the "$" fields are printed in AWS's order (REC-9).
BOOST_AUTO_TEST_CASE(an_api_gateway_header_that_is_not_a_list_fails_before_task_scheduled_rec_6) {
  const std::string definition = R"({"StartAt":"ApiGatewayInvoke","States":{"ApiGatewayInvoke":{
      "Type":"Task","Resource":"arn:aws:states:::apigateway:invoke",
      "Parameters":{"ApiEndpoint.$":"$.ApiEndpoint","Method.$":"$.Method","Headers.$":"$.Headers"},
      "End":true}}})";
  const Run single = run(definition, Json{{"ApiEndpoint", "e"}, {"Method", "POST"},
                                          {"Headers", {{"custom_header", "singleStringHeader"}}}});
  BOOST_TEST(single.trace == "1(0) ExecutionStarted 2(0) TaskStateEntered 3(2) ExecutionFailed");
  BOOST_TEST(single.error == "States.Runtime");
  BOOST_TEST(single.cause ==
             prefix("ApiGatewayInvoke", 2) +
                 "The Parameters '{\"Headers\":{\"custom_header\":\"singleStringHeader\"},"
                 "\"ApiEndpoint\":\"e\",\"Method\":\"POST\"}' could not be used to start the Task: "
                 "[The value of the field 'Headers' has an invalid format]");
  const Run listed = run(definition, Json{{"ApiEndpoint", "e"}, {"Method", "POST"},
                                          {"Headers", {{"custom_header", {"arrayHeader0"}}}}});
  BOOST_TEST(listed.trace.find("3(2) TaskScheduled") != std::string::npos);
}

// test_states_errors test_service_task_lambada_data_limit_exceeded_on_large_utf8_response and
// ..._catch_state_all_...: caught by a catcher naming it and by States.ALL (departs from
// SFN-1.6c as the docs state it); the cause names the resource type.
BOOST_AUTO_TEST_CASE(data_limit_exceeded_from_a_task_is_caught_by_name_and_by_states_all_rec_2) {
  const std::string huge = std::string(257 * 1024, 'a');
  EngineOptions options;
  for (const std::string& catchers :
       {std::string(R"([{"ErrorEquals":["States.DataLimitExceeded"],"Next":"Handle"},
                        {"ErrorEquals":["States.ALL"],"Next":"HandleGeneralError"}])"),
        std::string(R"([{"ErrorEquals":["States.ALL"],"Next":"Handle"}])")}) {
    LocalDriver driver(options);
    driver.set_responder([&huge](LocalDriver& dr, const Delivery& d) {
      BOOST_TEST(dr.engine()
                     .complete_integration(dr.now(), d.token,
                                           IntegrationResult::success(lambda_payload(huge)))
                     .ok());
    });
    const std::string arn = driver.start(R"({"StartAt":"InvokeLambda","States":{"InvokeLambda":{
        "Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
        "Parameters":{"FunctionName.$":"$.FunctionName","Payload.$":"$.Payload"},
        "Catch":)" + catchers + R"(,"Next":"ProcessResult"},
        "Handle":{"Type":"Pass","End":true},"HandleGeneralError":{"Type":"Pass","End":true},
        "ProcessResult":{"Type":"Pass","Next":"HandleGeneralError"}}})",
                                         Json{{"FunctionName", "f"}, {"Payload", nullptr}});
    driver.run();
    const History& h = history_of(driver, arn);
    BOOST_TEST(linked_trace(h) == "1(0) ExecutionStarted 2(0) TaskStateEntered 3(2) TaskScheduled "
                           "4(3) TaskStarted 5(4) TaskFailed 6(5) TaskStateExited "
                           "7(6) PassStateEntered 8(7) PassStateExited 9(8) ExecutionSucceeded");
    const std::string cause =
        "The state/task 'lambda' returned a result with a size exceeding the maximum number of "
        "bytes service limit.";
    BOOST_TEST(*h.at(5).error == "States.DataLimitExceeded");
    BOOST_TEST(*h.at(5).cause == cause);
    BOOST_TEST(h.at(7).name == "Handle");
    BOOST_TEST(*h.events.back().output ==
               (Json{{"Error", "States.DataLimitExceeded"}, {"Cause", cause}}));
  }
}

// test_start_large_input: a Pass state whose Result is over 256 KiB; the cause names the state.
BOOST_AUTO_TEST_CASE(a_pass_state_output_over_the_limit_fails_with_data_limit_exceeded_rec_2) {
  const Json result = Json{{"Arg1", std::string(257 * 1024, 'a')}};
  const Run r = run(R"({"StartAt":"State_1","States":{"State_1":{"Type":"Pass","Result":)" +
                        result.dump() + R"(,"End":true}}})",
                    Json::object());
  BOOST_TEST(r.trace == kEnteredThenFailed);
  BOOST_TEST(r.error == "States.DataLimitExceeded");
  BOOST_TEST(r.cause == "The state/task 'State_1' returned a result with a size exceeding the "
                        "maximum number of bytes service limit.");
}

// No history of an oversized StartExecution input was recorded; the API refuses it (inferred).
BOOST_AUTO_TEST_CASE(an_execution_input_over_the_limit_is_refused_by_start_execution_rec_2) {
  LocalDriver driver;
  auto definition = asl::parse_definition_text(single_pass(""));
  BOOST_TEST_REQUIRE(std::holds_alternative<std::shared_ptr<const asl::Definition>>(definition));
  const ApiAnswer answer = driver.engine().start_execution(
      driver.now(), std::get<std::shared_ptr<const asl::Definition>>(std::move(definition)), "sm",
      "big", Json{{"blob", std::string(257 * 1024, 'a')}}, ExecutionType::STANDARD);
  BOOST_TEST(!answer.ok());
  BOOST_TEST(answer.error->code == "InvalidExecutionInput");
}

// test_input_path[$$]: a Pass state's context object has no State.RetryCount (a Task's has).
BOOST_AUTO_TEST_CASE(the_context_object_of_a_pass_state_has_no_retry_count_rec_4) {
  LocalDriver driver;
  const std::string arn = driver.start(
      R"({"StartAt":"TestState","States":{"TestState":{"Type":"Pass",
          "Parameters":{"context.$":"$$"},"End":true}}})",
      Json{{"input-value", 0}});
  driver.run();
  // wfsim does not take "$$" as an InputPath (AWS does, 6a); Parameters show the same object.
  const Json& output = (*history_of(driver, arn).events.back().output)["context"];
  BOOST_TEST(output["State"].size() == 2u);
  BOOST_TEST(output["State"].contains("Name"));
  BOOST_TEST(output["State"].contains("EnteredTime"));
  BOOST_TEST(output["Execution"]["Input"] == (Json{{"input-value", 0}}));
  BOOST_TEST(output["Execution"]["RedriveCount"] == 0);
}

// test_sync_with_task_token: a .sync task may hand out $$.Task.Token; SendTaskSuccess on it
// completes the task with the callback's output.
BOOST_AUTO_TEST_CASE(a_sync_task_may_use_its_task_token_rec_5) {
  EngineOptions options;
  LocalDriver driver(options);
  driver.set_responder([](LocalDriver& dr, const Delivery& d) {
    const std::string token = d.payload["Input"]["TaskToken"].get<std::string>();
    BOOST_TEST(token == d.token);
    dr.after(Duration::seconds(1), [&dr, token] {
      BOOST_TEST(dr.engine().send_task_success(dr.now(), token, "\"SQS_SEND_MESSAGE_AND_WAIT\"").ok());
    });
  });
  const std::string arn = driver.start(R"({"StartAt":"StartExecution","States":{"StartExecution":{
      "Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync",
      "Parameters":{"StateMachineArn.$":"$.StateMachineArn","Name.$":"$.Name",
                    "Input":{"QueueUrl.$":"$.QueueUrl","TaskToken.$":"$$.Task.Token"}},
      "End":true}}})",
                                       Json{{"StateMachineArn", "arn:aws:states:us-east-1:1:stateMachine:c"},
                                            {"Name", "TestStartTarget"},
                                            {"QueueUrl", "sqs_queue_url"}});
  driver.run();
  const History& h = history_of(driver, arn);
  BOOST_TEST(linked_trace(h) == "1(0) ExecutionStarted 2(0) TaskStateEntered 3(2) TaskScheduled "
                         "4(3) TaskStarted 5(4) TaskSubmitted 6(5) TaskSucceeded "
                         "7(6) TaskStateExited 8(7) ExecutionSucceeded");
  BOOST_TEST(*h.events.back().output == Json("SQS_SEND_MESSAGE_AND_WAIT"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::sfn
