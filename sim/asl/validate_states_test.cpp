// Per-state validation and compilation: Type, the field table of each state type, unsupported
// JSONata fields and the Distributed Map fields of an inline Map, and the rules of Task, Pass, Wait, Choice, Parallel, Map,
// Succeed and Fail, each with the JSON Pointer of its problem.
#include <boost/test/unit_test.hpp>

#include "asl/definition.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;

constexpr const char* kLambda = "arn:aws:lambda:us-east-1:123456789012:function:Work";

// `state` as "S", plus a Succeed state "T" for it to go to.
Json with_target(const Json& state) {
  Json source = test::single_state(state);
  source["States"]["T"] = json(R"({"Type": "Succeed"})");
  return source;
}

Problems problems_of(const Json& state) { return validate(with_target(state)); }

const State& compiled_state(const std::shared_ptr<const Definition>& definition) {
  return definition->root.states.front();
}

Json task(const Json& extra = Json::object()) {
  Json state = {{"Type", "Task"}, {"Resource", kLambda}, {"Next", "T"}};
  for (auto it = extra.begin(); it != extra.end(); ++it) state[it.key()] = *it;
  return state;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(state_validation)

BOOST_AUTO_TEST_CASE(a_state_needs_a_known_type) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Next": "T"})")), "/States/S", "must have Type");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Sleep"})")), "/States/S/Type",
                      "must be one of Task, Pass");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": 1})")), "/States/S/Type", "must be one of");
  WFSIM_CHECK_PROBLEM(problems_of(json("[]")), "/States/S", "a state must be an object");
}

BOOST_AUTO_TEST_CASE(fields_not_allowed_for_the_state_type_are_reported_at_their_path) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Pass", "Next": "T", "Retry": []})")),
                      "/States/S/Retry", "unknown field 'Retry' for a Pass state");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Succeed", "Next": "T"})")),
                      "/States/S/Next", "unknown field 'Next' for a Succeed state");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Fail", "End": true})")), "/States/S/End",
                      "unknown field 'End' for a Fail state");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Fail", "InputPath": "$"})")),
                      "/States/S/InputPath", "unknown field 'InputPath' for a Fail state");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Wait", "Seconds": 1, "Next": "T",
                                           "ResultPath": "$.x"})")),
                      "/States/S/ResultPath", "unknown field 'ResultPath' for a Wait state");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"Result", 1}})), "/States/S/Result",
                      "unknown field 'Result' for a Task state");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Parallel", "Next": "T", "Branches": [
      {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}], "TimeoutSeconds": 5})")),
                      "/States/S/TimeoutSeconds", "unknown field 'TimeoutSeconds' for a Parallel");
}

BOOST_AUTO_TEST_CASE(jsonata_fields_in_a_jsonpath_state_are_problems) {
  for (const char* field : {"Output", "Arguments"}) {
    Json state = task();
    state[field] = Json::object();
    const Problems problems = problems_of(state);
    BOOST_REQUIRE_EQUAL(problems.size(), 1u);
    BOOST_CHECK_EQUAL(problems[0].path, std::string("/States/S/") + field);
    BOOST_CHECK_EQUAL(problems[0].message,
                      std::string("'") + field +
                          "' exists only in JSONata states (QueryLanguage \"JSONata\")");
  }
  Json state = task();
  state["Assign"] = Json::object();
  WFSIM_CHECK_NO_PROBLEMS(problems_of(state));
}

BOOST_AUTO_TEST_CASE(a_state_may_declare_either_query_language) {
  WFSIM_CHECK_NO_PROBLEMS(problems_of(task({{"QueryLanguage", "JSONata"}})));
  WFSIM_CHECK_NO_PROBLEMS(problems_of(task({{"QueryLanguage", "JSONPath"}, {"Comment", "c"}})));
  WFSIM_CHECK_PROBLEM(problems_of(task({{"QueryLanguage", "jsonata"}})),
                      "/States/S/QueryLanguage", "must be \"JSONPath\" or \"JSONata\"");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"Comment", 1}})), "/States/S/Comment",
                      "must be a string");
}

BOOST_AUTO_TEST_CASE(a_task_needs_a_resource_arn) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Task", "Next": "T"})")), "/States/S",
                      "must have Resource");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"Resource", 5}})), "/States/S/Resource",
                      "must be a string");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"Resource", "my-function"}})), "/States/S/Resource",
                      "must be an ARN");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"Resource", "arn:aws:ecs:us-east-1:1:cluster/x"}})),
                      "/States/S/Resource", "service integration ARN");
}

BOOST_AUTO_TEST_CASE(a_task_compiles_its_resource_kind_and_integration_names) {
  auto definition = test::parse_ok(with_target(
      task({{"Resource", "arn:aws:states:::sqs:sendMessage.waitForTaskToken"},
            {"Parameters", {{"QueueUrl", "q"}, {"MessageBody", {{"Token.$", "$$.Task.Token"}}}}},
            {"HeartbeatSeconds", 5}})));
  const TaskSpec& spec = *compiled_state(definition).task;
  BOOST_CHECK(spec.kind == TaskKind::callback);
  BOOST_CHECK_EQUAL(spec.resource, "arn:aws:states:::sqs:sendMessage.waitForTaskToken");
  BOOST_CHECK_EQUAL(spec.resource_type, "sqs");
  BOOST_CHECK_EQUAL(spec.resource_name, "sendMessage.waitForTaskToken");
  BOOST_CHECK_EQUAL(spec.region, "");
  BOOST_CHECK_EQUAL(*spec.heartbeat.seconds, 5);
  BOOST_CHECK(!spec.timeout.is_set());
  BOOST_REQUIRE(spec.parameters.has_value());
  BOOST_CHECK(spec.parameters->uses_context());
  BOOST_CHECK(!compiled_state(definition).parameters.has_value());
}

BOOST_AUTO_TEST_CASE(a_callback_task_without_a_token_in_its_parameters_is_still_valid) {
  WFSIM_CHECK_NO_PROBLEMS(problems_of(task(
      {{"Resource", "arn:aws:states:::sqs:sendMessage.waitForTaskToken"},
       {"Parameters", {{"QueueUrl", "q"}}}})));
}

BOOST_AUTO_TEST_CASE(task_timeouts_and_heartbeats_are_positive_integers_up_to_99999999) {
  WFSIM_CHECK_PROBLEM(problems_of(task({{"TimeoutSeconds", 0}})), "/States/S/TimeoutSeconds",
                      "must be a positive integer");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"TimeoutSeconds", 100'000'000}})),
                      "/States/S/TimeoutSeconds", "must be at most 99999999");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"HeartbeatSeconds", -1}})),
                      "/States/S/HeartbeatSeconds", "must be a positive integer");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"HeartbeatSeconds", 2.5}})),
                      "/States/S/HeartbeatSeconds", "must be a positive integer");
  WFSIM_CHECK_NO_PROBLEMS(problems_of(task({{"TimeoutSeconds", 99'999'999}})));
}

BOOST_AUTO_TEST_CASE(huge_doubles_in_integer_fields_are_problems_naming_the_field_and_range) {
  // 1e20 is a JSON double: never read as an integer, never saturated, always reported at the
  // field's pointer with AWS's maximum.
  WFSIM_CHECK_PROBLEM(problems_of(task({{"TimeoutSeconds", 1e20}})), "/States/S/TimeoutSeconds",
                      "must be at most 99999999");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"HeartbeatSeconds", 1e300}})),
                      "/States/S/HeartbeatSeconds", "must be at most 99999999");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"TimeoutSeconds", 2.5}})), "/States/S/TimeoutSeconds",
                      "must be a positive integer from 1 to 99999999");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"TimeoutSeconds", Json::parse("1e-300")}})),
                      "/States/S/TimeoutSeconds", "from 1 to 99999999");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Wait", "Next": "T", "Seconds": 1e20})")),
                      "/States/S/Seconds", "must be at most 99999999");
}

BOOST_AUTO_TEST_CASE(heartbeat_seconds_must_be_smaller_than_timeout_seconds) {
  WFSIM_CHECK_PROBLEM(problems_of(task({{"TimeoutSeconds", 30}, {"HeartbeatSeconds", 30}})),
                      "/States/S/HeartbeatSeconds", "must be smaller than TimeoutSeconds (30)");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"TimeoutSeconds", 30}, {"HeartbeatSeconds", 31}})),
                      "/States/S/HeartbeatSeconds", "must be smaller than TimeoutSeconds");
  WFSIM_CHECK_NO_PROBLEMS(problems_of(task({{"TimeoutSeconds", 30}, {"HeartbeatSeconds", 29}})));
  WFSIM_CHECK_NO_PROBLEMS(problems_of(task({{"HeartbeatSeconds", 100}})));
}

BOOST_AUTO_TEST_CASE(a_field_and_its_path_form_together_are_a_problem) {
  WFSIM_CHECK_PROBLEM(
      problems_of(task({{"TimeoutSeconds", 30}, {"TimeoutSecondsPath", "$.timeout"}})),
      "/States/S", "cannot have both TimeoutSeconds and TimeoutSecondsPath");
  WFSIM_CHECK_PROBLEM(
      problems_of(task({{"HeartbeatSeconds", 3}, {"HeartbeatSecondsPath", "$.beat"}})),
      "/States/S", "cannot have both HeartbeatSeconds and HeartbeatSecondsPath");
}

BOOST_AUTO_TEST_CASE(timeout_and_heartbeat_paths_are_reference_paths_and_compile) {
  auto definition = test::parse_ok(with_target(
      task({{"TimeoutSecondsPath", "$.limits.timeout"}, {"HeartbeatSecondsPath", "$.beat"}})));
  const TaskSpec& spec = *compiled_state(definition).task;
  BOOST_CHECK_EQUAL(spec.timeout.path->text(), "$.limits.timeout");
  BOOST_CHECK_EQUAL(spec.heartbeat.path->text(), "$.beat");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"HeartbeatSecondsPath", "$$.Execution.Input.beat"}})),
                      "/States/S/HeartbeatSecondsPath", "context path");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"TimeoutSecondsPath", "$.a[*]"}})),
                      "/States/S/TimeoutSecondsPath", "must be a Reference Path");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"HeartbeatSecondsPath", "$.a[-1]"}})),
                      "/States/S/HeartbeatSecondsPath", "must be a Reference Path");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"TimeoutSecondsPath", 30}})),
                      "/States/S/TimeoutSecondsPath", "must be a Reference Path string");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"TimeoutSecondsPath", "timeout"}})),
                      "/States/S/TimeoutSecondsPath",
                      "Invalid path 'timeout': Path must start with '$'");
}

BOOST_AUTO_TEST_CASE(io_paths_may_be_null_or_paths_and_result_path_a_reference_path) {
  auto definition = test::parse_ok(with_target(
      task({{"InputPath", nullptr}, {"OutputPath", "$.items[*]"}, {"ResultPath", "$.out.r"}})));
  const State& state = compiled_state(definition);
  BOOST_CHECK(state.input_path.kind == IoPath::Kind::null);
  BOOST_CHECK(state.output_path.kind == IoPath::Kind::path);
  BOOST_CHECK_EQUAL(state.result_path.path->text(), "$.out.r");
  auto root = test::parse_ok(with_target(task({{"InputPath", "$"}, {"ResultPath", nullptr}})));
  BOOST_CHECK(compiled_state(root).input_path.kind == IoPath::Kind::root);
  BOOST_CHECK(compiled_state(root).result_path.kind == IoPath::Kind::null);
  WFSIM_CHECK_PROBLEM(problems_of(task({{"ResultPath", "$.a[*]"}})), "/States/S/ResultPath",
                      "must be a Reference Path");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"InputPath", 5}})), "/States/S/InputPath",
                      "must be a path string");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"OutputPath", "$$.Execution"}})),
                      "/States/S/OutputPath", "context path");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"InputPath", "$["}})), "/States/S/InputPath",
                      "Invalid path '$[': Could not parse token starting at position 1");
}

BOOST_AUTO_TEST_CASE(parameters_result_selector_and_credentials_must_be_objects) {
  WFSIM_CHECK_PROBLEM(problems_of(task({{"Parameters", "x"}})), "/States/S/Parameters",
                      "must be an object");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"ResultSelector", json("[]")}})),
                      "/States/S/ResultSelector", "must be an object");
  WFSIM_CHECK_PROBLEM(problems_of(task({{"Credentials", "role"}})), "/States/S/Credentials",
                      "must be an object");
  WFSIM_CHECK_NO_PROBLEMS(problems_of(task({{"Credentials", {{"RoleArn", "r"}}}})));
  WFSIM_CHECK_PROBLEM(problems_of(task({{"ResultSelector", {{"x.$", 1}}}})),
                      "/States/S/ResultSelector/x.$", "must be a string");
}

BOOST_AUTO_TEST_CASE(a_pass_state_keeps_its_result_and_compiles_its_parameters) {
  auto definition = test::parse_ok(with_target(json(R"({"Type": "Pass", "Next": "T",
      "Result": [1, "two"], "Parameters": {"a.$": "$.x"}, "ResultPath": "$.r"})")));
  const State& state = compiled_state(definition);
  BOOST_CHECK_EQUAL(*state.result, json(R"([1, "two"])"));
  BOOST_CHECK(state.parameters.has_value());
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Pass", "Next": "T", "Parameters": 1})")),
                      "/States/S/Parameters", "must be an object");
}

BOOST_AUTO_TEST_CASE(a_wait_state_needs_exactly_one_way_to_wait) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Wait", "Next": "T"})")), "/States/S",
                      "exactly one of Seconds, Timestamp, SecondsPath and TimestampPath");
  WFSIM_CHECK_PROBLEM(
      problems_of(json(R"({"Type": "Wait", "Next": "T", "Seconds": 1, "SecondsPath": "$.s"})")),
      "/States/S", "exactly one of");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Wait", "Next": "T", "Seconds": -1})")),
                      "/States/S/Seconds", "non-negative integer");
  WFSIM_CHECK_PROBLEM(
      problems_of(json(R"({"Type": "Wait", "Next": "T", "Timestamp": "tomorrow"})")),
      "/States/S/Timestamp", "RFC 3339 timestamp");
  WFSIM_CHECK_PROBLEM(
      problems_of(json(R"({"Type": "Wait", "Next": "T", "SecondsPath": "$.a..b"})")),
                      "/States/S/SecondsPath", "Reference Path");
}

BOOST_AUTO_TEST_CASE(each_wait_form_compiles_into_the_wait_spec) {
  auto seconds =
      test::parse_ok(with_target(json(R"({"Type": "Wait", "Next": "T", "Seconds": 0})")));
  BOOST_CHECK_EQUAL(*compiled_state(seconds).wait->seconds, 0);
  auto timestamp = test::parse_ok(with_target(
      json(R"({"Type": "Wait", "Next": "T", "Timestamp": "2024-01-01T00:00:10Z"})")));
  BOOST_CHECK(*compiled_state(timestamp).wait->timestamp ==
              kDefaultEpoch + Duration::seconds(10));
  auto paths = test::parse_ok(with_target(
      json(R"({"Type": "Wait", "Next": "T", "TimestampPath": "$.when"})")));
  BOOST_CHECK_EQUAL(compiled_state(paths).wait->timestamp_path->text(), "$.when");
  BOOST_CHECK(!compiled_state(paths).wait->seconds.has_value());
}

BOOST_AUTO_TEST_CASE(a_choice_state_needs_choices_whose_next_and_default_name_states) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Choice", "Default": "T"})")), "/States/S",
                      "must have Choices");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Choice", "Choices": [], "Default": "T"})")),
                      "/States/S/Choices", "non-empty array");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Choice", "Default": "Nope", "Choices":
      [{"Variable": "$.a", "IsNull": true, "Next": "T"}]})")),
                      "/States/S/Default", "no state named 'Nope'");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Choice", "Choices":
      [{"Variable": "$.a", "IsNull": true, "Next": "Nope"}]})")),
                      "/States/S/Choices/0/Next", "no state named 'Nope'");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Choice", "End": true, "Choices":
      [{"Variable": "$.a", "IsNull": true, "Next": "T"}]})")),
                      "/States/S/End", "unknown field 'End' for a Choice state");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Choice", "Choices":
      [{"Variable": "$.a", "IsNull": 5, "Next": "T"}]})")),
                      "/States/S/Choices/0/IsNull", "must be a boolean");
}

BOOST_AUTO_TEST_CASE(a_choice_state_without_default_compiles_with_no_default) {
  auto definition = test::parse_ok(with_target(json(R"({"Type": "Choice", "Choices":
      [{"Variable": "$.a", "IsNull": true, "Next": "T"}]})")));
  const State& state = compiled_state(definition);
  BOOST_CHECK_EQUAL(state.choice->default_next, kNoState);
  BOOST_CHECK_EQUAL(state.choice->choices[0].next, 1);
  BOOST_CHECK(!state.end);
  BOOST_CHECK_EQUAL(state.next, kNoState);
}

BOOST_AUTO_TEST_CASE(a_parallel_state_needs_branches_that_are_state_machines) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Parallel", "Next": "T"})")), "/States/S",
                      "must have Branches");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Parallel", "Next": "T", "Branches": []})")),
                      "/States/S/Branches", "non-empty array");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Parallel", "Next": "T", "Branches": [1]})")),
                      "/States/S/Branches/0", "must be an object");
  const Problems problems = problems_of(json(R"({"Type": "Parallel", "Next": "T", "Branches": [
      {"States": {"A": {"Type": "Succeed"}}, "Extra": 1}]})"));
  WFSIM_CHECK_PROBLEM(problems, "/States/S/Branches/0", "must have StartAt");
  WFSIM_CHECK_PROBLEM(problems, "/States/S/Branches/0/Extra",
                      "unknown field 'Extra' in a Parallel branch");
}

BOOST_AUTO_TEST_CASE(a_parallel_state_compiles_each_branch_as_its_own_machine) {
  auto definition = test::parse_ok(with_target(json(R"({"Type": "Parallel", "Next": "T",
      "Parameters": {"x.$": "$.x"}, "ResultSelector": {"first.$": "$[0]"}, "Branches": [
      {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}},
      {"StartAt": "C", "Comment": "second", "States": {"C": {"Type": "Succeed"}}}]})")));
  const State& state = compiled_state(definition);
  BOOST_REQUIRE_EQUAL(state.parallel->branches.size(), 2u);
  BOOST_CHECK_EQUAL(state.parallel->branches[0]->states.size(), 2u);
  BOOST_CHECK_EQUAL(state.parallel->branches[0]->states[0].next, 1);
  BOOST_CHECK_EQUAL(state.parallel->branches[1]->start_at, 0);
  BOOST_CHECK(state.parameters.has_value());
  BOOST_CHECK(state.result_selector.has_value());
}

BOOST_AUTO_TEST_CASE(a_map_state_needs_one_item_processor_or_legacy_iterator) {
  const Json processor = json(R"({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}})");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Map", "Next": "T"})")), "/States/S",
                      "must have ItemProcessor");
  WFSIM_CHECK_PROBLEM(problems_of({{"Type", "Map"}, {"Next", "T"}, {"ItemProcessor", processor},
                                   {"Iterator", processor}}),
                      "/States/S", "cannot have both ItemProcessor and Iterator");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Map", "Next": "T", "ItemProcessor": 1})")),
                      "/States/S/ItemProcessor", "must be an object");
}

BOOST_AUTO_TEST_CASE(distributed_map_fields_belong_to_a_distributed_map_only) {
  const Json distributed = json(R"({"Type": "Map", "Next": "T", "ItemProcessor": {
      "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
      "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}})");
  WFSIM_CHECK_NO_PROBLEMS(problems_of(distributed));
  for (const char* field : {"ItemReader", "ItemBatcher", "ResultWriter", "Label"}) {
    Json state = json(R"({"Type": "Map", "Next": "T", "ItemProcessor": {
        "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}})");
    state[field] = Json::object();
    WFSIM_CHECK_PROBLEM(problems_of(state), std::string("/States/S/") + field,
                        "is a field of a Distributed Map");
  }
}

BOOST_AUTO_TEST_CASE(processor_config_accepts_inline_mode_and_rejects_unknown_settings) {
  const auto problems_for = [](const Json& config) {
    Json state = json(R"({"Type": "Map", "Next": "T", "ItemProcessor": {
        "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}})");
    state["ItemProcessor"]["ProcessorConfig"] = config;
    return problems_of(state);
  };
  WFSIM_CHECK_NO_PROBLEMS(problems_for(json(R"({"Mode": "INLINE"})")));
  WFSIM_CHECK_PROBLEM(problems_for(json(R"({"Mode": "inline"})")),
                      "/States/S/ItemProcessor/ProcessorConfig/Mode", "must be \"INLINE\"");
  WFSIM_CHECK_PROBLEM(problems_for(json(R"({"ExecutionType": "FAST"})")),
                      "/States/S/ItemProcessor/ProcessorConfig/ExecutionType", "STANDARD");
  WFSIM_CHECK_PROBLEM(problems_for(json(R"({"Other": 1})")),
                      "/States/S/ItemProcessor/ProcessorConfig/Other", "unknown field 'Other'");
  WFSIM_CHECK_PROBLEM(problems_for(json("[]")), "/States/S/ItemProcessor/ProcessorConfig",
                      "must be an object");
}

BOOST_AUTO_TEST_CASE(a_map_state_compiles_its_processor_selector_and_limits) {
  auto definition = test::parse_ok(with_target(json(R"({"Type": "Map", "Next": "T",
      "ItemsPath": "$.orders", "ItemSelector": {"item.$": "$$.Map.Item.Value"},
      "MaxConcurrency": 2, "ToleratedFailurePercentage": 12.5,
      "ToleratedFailureCountPath": "$.tolerated",
      "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}})")));
  const MapSpec& map = *compiled_state(definition).map;
  BOOST_CHECK_EQUAL(map.items_path->text(), "$.orders");
  BOOST_REQUIRE(map.item_selector.has_value());
  BOOST_CHECK(map.item_selector->uses_context());
  BOOST_CHECK_EQUAL(map.max_concurrency, 2);
  BOOST_CHECK_EQUAL(*map.tolerated_failure_percentage, 12.5);
  BOOST_CHECK_EQUAL(map.tolerated_failure_count_path->text(), "$.tolerated");
  BOOST_CHECK(!map.tolerated_failure_count.has_value());
  BOOST_CHECK_EQUAL(map.processor->states.size(), 1u);
}

BOOST_AUTO_TEST_CASE(a_legacy_map_uses_iterator_and_parameters_as_item_selector) {
  auto definition = test::parse_ok(with_target(json(R"({"Type": "Map", "Next": "T",
      "Parameters": {"v.$": "$$.Map.Item.Value"}, "ItemsPath": "$",
      "Iterator": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}})")));
  const State& state = compiled_state(definition);
  BOOST_CHECK(state.map->item_selector.has_value());
  BOOST_CHECK(!state.parameters.has_value());
  BOOST_CHECK(!state.map->items_path.has_value());
  BOOST_REQUIRE(state.map->processor != nullptr);
}

// AWS accepts ProcessorConfig in a legacy Iterator (LocalStack's AWS recordings
// test_base_scenarios::test_map_state_legacy_config_inline / ..._distributed).
BOOST_AUTO_TEST_CASE(a_legacy_iterator_accepts_processor_config) {
  const auto legacy = [](const char* config) {
    return json(std::string(R"({"Type": "Map", "Next": "T", "Iterator": {"StartAt": "A",
        "States": {"A": {"Type": "Pass", "End": true}}, "ProcessorConfig": )") + config + "}}");
  };
  auto definition = test::parse_ok(with_target(legacy(R"({"Mode": "INLINE"})")));
  BOOST_REQUIRE(compiled_state(definition).map->processor != nullptr);
  test::parse_ok(with_target(legacy("{}")));
  // DMAP-1.2: the legacy spelling with Mode DISTRIBUTED is a Distributed Map.
  auto legacy_distributed = test::parse_ok(with_target(legacy(R"({"Mode": "DISTRIBUTED",
      "ExecutionType": "STANDARD"})")));
  BOOST_CHECK(compiled_state(legacy_distributed).map->distributed.has_value());
  WFSIM_CHECK_PROBLEM(problems_of(legacy(R"({"Mode": "SIDEWAYS"})")),
                      "/States/S/Iterator/ProcessorConfig/Mode", "must be \"INLINE\"");
  WFSIM_CHECK_PROBLEM(problems_of(legacy(R"({"Other": 1})")),
                      "/States/S/Iterator/ProcessorConfig/Other",
                      "unknown field 'Other' in a ProcessorConfig");
}

BOOST_AUTO_TEST_CASE(map_fields_are_type_checked) {
  const auto problems_for = [](const Json& extra) {
    Json state = json(R"({"Type": "Map", "Next": "T", "ItemProcessor": {
        "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}})");
    for (auto it = extra.begin(); it != extra.end(); ++it) state[it.key()] = *it;
    return problems_of(state);
  };
  WFSIM_CHECK_PROBLEM(
      problems_for({{"ItemSelector", Json::object()}, {"Parameters", Json::object()}}),
                      "/States/S", "cannot have both ItemSelector and Parameters");
  WFSIM_CHECK_PROBLEM(problems_for({{"MaxConcurrency", -1}}), "/States/S/MaxConcurrency",
                      "non-negative integer");
  WFSIM_CHECK_PROBLEM(problems_for({{"MaxConcurrency", 1}, {"MaxConcurrencyPath", "$.m"}}),
                      "/States/S", "cannot have both MaxConcurrency and MaxConcurrencyPath");
  WFSIM_CHECK_PROBLEM(problems_for({{"ToleratedFailureCount", 1.5}}),
                      "/States/S/ToleratedFailureCount", "non-negative integer");
  WFSIM_CHECK_PROBLEM(problems_for({{"ToleratedFailurePercentage", 101}}),
                      "/States/S/ToleratedFailurePercentage", "from 0 to 100");
  WFSIM_CHECK_PROBLEM(problems_for({{"ToleratedFailurePercentage", "5"}}),
                      "/States/S/ToleratedFailurePercentage", "from 0 to 100");
  WFSIM_CHECK_PROBLEM(
      problems_for({{"ToleratedFailurePercentage", 5}, {"ToleratedFailurePercentagePath", "$.p"}}),
      "/States/S", "cannot have both ToleratedFailurePercentage");
  WFSIM_CHECK_PROBLEM(problems_for({{"ItemsPath", "$.items[*]"}}), "/States/S/ItemsPath",
                      "Reference Path");
  WFSIM_CHECK_PROBLEM(problems_for({{"Items", "{% $states.input %}"}}), "/States/S/Items",
                      "'Items' exists only in JSONata states");
}

BOOST_AUTO_TEST_CASE(a_fail_state_takes_error_and_cause_or_their_paths_but_not_both) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Fail", "Error": "E", "ErrorPath": "$.e"})")),
                      "/States/S", "cannot have both Error and ErrorPath");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Fail", "Cause": "C", "CausePath": "$.c"})")),
                      "/States/S", "cannot have both Cause and CausePath");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Fail", "Cause": {}})")), "/States/S/Cause",
                      "must be a string");
  WFSIM_CHECK_PROBLEM(
      problems_of(json(R"j({"Type": "Fail", "ErrorPath": "States.Format('{}', $.e)"})j")),
      "/States/S/ErrorPath", "intrinsic functions in ErrorPath are not supported yet");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Type": "Fail", "CausePath": "$.c[*]"})")),
                      "/States/S/CausePath", "Reference Path");
  auto definition = test::parse_ok(
      test::single_state(json(R"({"Type": "Fail", "Error": "Oops", "CausePath": "$.why"})")));
  const State& state = compiled_state(definition);
  BOOST_CHECK_EQUAL(*state.fail->error, "Oops");
  BOOST_CHECK_EQUAL(state.fail->cause_path->text(), "$.why");
  BOOST_CHECK(state.end);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
