// The zero-configuration start: telling a scenario from a definition, the default scenario derived
// from a definition (responders per pattern, the input and results the definition reads, the
// heartbeat cadence), the commented scaffold loading as it is, and "comment" / "otherwise" keys.
#include <boost/test/unit_test.hpp>

#include "core/test_printing.h"
#include "scenario/default_scenario.h"
#include "scenario_test_support.h"

namespace wfsim::scenario {
namespace {

using test::load_ok;
using test::load_problems;
using test::has_problem;
using test::ScratchDirectory;

Json parse(const std::string& text) {
  auto json = parse_json_text(text, "test.json");
  BOOST_REQUIRE(std::holds_alternative<Json>(json));
  return std::get<Json>(json);
}

Json default_of(const std::string& definition, bool annotate = false) {
  const Json asl = parse(definition);
  auto document = default_scenario_document(asl, asl, "test", "test.json", annotate);
  BOOST_REQUIRE(std::holds_alternative<Json>(document));
  return std::get<Json>(document);
}

Scenario load_document(const Json& document) {
  auto loaded = parse_scenario(document, SourceContext{"test.json", "", std::nullopt, {}});
  if (auto* problems = std::get_if<FileProblems>(&loaded)) BOOST_FAIL(test::render(*problems));
  return std::get<Scenario>(std::move(loaded));
}

const std::string kLambdaThenMap = R"({"StartAt": "List", "States": {
  "List": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "list", "Payload": {"date.$": "$.date"}},
    "ResultSelector": {"batches.$": "$.Payload.batches"}, "ResultPath": "$.work", "Next": "Each"},
  "Each": {"Type": "Map", "ItemsPath": "$.work.batches", "ItemProcessor": {"StartAt": "Run",
    "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
      "Parameters": {"Batch.$": "$.batchId"},
      "ResultSelector": {"code.$": "$.Containers[0].ExitCode"}, "End": true}}},
    "Next": "Done?"},
  "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.status", "StringEquals": "DONE",
    "Next": "Ask"}], "Default": "Ask"},
  "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "Parameters": {"MessageBody": {"token.$": "$$.Task.Token"}}, "HeartbeatSeconds": 30,
    "End": true}}})";

BOOST_AUTO_TEST_CASE(the_three_input_forms_are_told_apart_by_content) {
  BOOST_TEST((input_form_of(parse(kLambdaThenMap)) == InputForm::definition));
  Json described = Json::object();
  described["stateMachineArn"] = "arn:aws:states:us-east-1:123456789012:stateMachine:x";
  described["definition"] = kLambdaThenMap;
  BOOST_TEST((input_form_of(described) == InputForm::described));
  BOOST_TEST((input_form_of(parse(R"({"definition": {"StartAt": "A"}})")) ==
              InputForm::scenario));
  BOOST_TEST(to_string(InputForm::described) == "describe-state-machine output");
  auto unwrapped = definition_of(described, InputForm::described, "d.json");
  BOOST_REQUIRE(std::holds_alternative<Json>(unwrapped));
  BOOST_TEST(std::get<Json>(unwrapped).contains("StartAt"));
  described["name"] = "orders";
  BOOST_TEST(default_name(described, InputForm::described, "d.json") == "orders");
  BOOST_TEST(default_name(Json::object(), InputForm::definition, "dir/my.asl.json") == "my");
}

BOOST_AUTO_TEST_CASE(every_task_gets_a_responder_shaped_by_what_later_states_read) {
  const Json document = default_of(kLambdaThenMap);
  const Json& resources = document["resources"];
  BOOST_TEST(resources.size() == 3U);
  // List: lambda:invoke's answer, with the batches its ResultSelector reads as the Map's items.
  const Json& list = resources["List"]["otherwise"]["Return"];
  BOOST_TEST(list["StatusCode"] == 200);
  BOOST_TEST(list["Payload"]["batches"].is_array());
  BOOST_TEST(list["Payload"]["batches"].size() == 3U);
  BOOST_TEST(list["Payload"]["batches"][0]["batchId"] == "example");
  // Run: the element its ResultSelector indexes.
  BOOST_TEST(resources["Run"]["otherwise"]["Return"]["Containers"][0]["ExitCode"] == "example");
  // Ask: a callback with HeartbeatSeconds 30 heartbeats every 10 s.
  BOOST_TEST(resources["Ask"]["heartbeat_every_seconds"] == 10.0);
  BOOST_TEST(!resources["List"].contains("heartbeat_every_seconds"));
  // The input: what the first states read; the Choice variable takes its first rule's value.
  BOOST_TEST(document["input"]["date"] == "example");
  BOOST_TEST(document["input"]["status"] == "DONE");
  BOOST_TEST(document["expect"]["status"].size() == 4U);
  const Scenario scenario = load_document(document);
  BOOST_TEST(scenario.config.resources.size() == 3U);
  BOOST_TEST(scenario.expect.status.size() == 4U);
}

BOOST_AUTO_TEST_CASE(the_scaffold_is_commented_and_loads_as_it_is) {
  const Json document = default_of(kLambdaThenMap, true);
  BOOST_TEST(document["comment"].is_array());
  const Json& ask = document["resources"]["Ask"];
  const std::string lines = ask["comment"].dump();
  BOOST_TEST(lines.find("pattern: callback") != std::string::npos);
  BOOST_TEST(lines.find("token_expiry") != std::string::npos);
  BOOST_TEST(document["resources"]["Run"]["comment"].dump().find("job_failure") !=
             std::string::npos);
  BOOST_TEST(document["faults"]["comment"].dump().find("service_error") != std::string::npos);
  const Scenario scenario = load_document(document);
  BOOST_TEST(scenario.config.resources.size() == 3U);
}

BOOST_AUTO_TEST_CASE(comment_keys_must_be_text_and_otherwise_sets_every_unmatched_attempt) {
  const Scenario scenario = load_ok(R"({"comment": ["a", "b"], "definition": )" + test::kOneTask +
                                    R"(, "resources": {"Ship": {"comment": "why",
    "otherwise": {"Return": {"ok": 1}}}}, "expect": {"comment": "x", "status": ["SUCCEEDED"]}})");
  BOOST_TEST((scenario.config.resources[0].otherwise.value == Json{{"ok", 1}}));
  const FileProblems problems = load_problems(R"({"comment": 7, "definition": )" +
                                              test::kOneTask + "}");
  BOOST_TEST(has_problem(problems, "/comment", "a string or an array of strings"));
}

BOOST_AUTO_TEST_CASE(a_definition_file_loads_with_its_default_scenario_in_either_form) {
  const ScratchDirectory directory("default-scenario");
  const auto bare = directory.write("orders.asl.json", kLambdaThenMap);
  auto loaded = load_input(bare);
  BOOST_REQUIRE(std::holds_alternative<LoadedInput>(loaded));
  BOOST_TEST((std::get<LoadedInput>(loaded).form == InputForm::definition));
  BOOST_TEST(std::get<LoadedInput>(loaded).scenario.config.name == "orders");
  // The self-contained form (capsules) holds the definition inline.
  BOOST_TEST(std::get<LoadedInput>(loaded).scenario.self_contained["definition"].is_object());
  Json described = Json::object();
  described["stateMachineArn"] = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
  described["definition"] = kLambdaThenMap;
  const auto described_file = directory.write("described.json", described.dump());
  auto from_described = load_input(described_file);
  BOOST_REQUIRE(std::holds_alternative<LoadedInput>(from_described));
  BOOST_TEST((std::get<LoadedInput>(from_described).form == InputForm::described));
  // A broken definition reports its own problems, in its file.
  const auto broken = directory.write("broken.asl.json", R"({"StartAt": "Nope", "States": {
    "A": {"Type": "Succeed"}}})");
  auto problems = load_input(broken);
  BOOST_REQUIRE(std::holds_alternative<FileProblems>(problems));
  BOOST_TEST(std::get<FileProblems>(problems).front().file == broken.string());
}

const std::string kTemplated = R"({"StartAt": "Call", "States": {"Call": {"Type": "Task",
  "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "${CallArn}",
  "Payload": {"table": "${Table}-${Stage}"}}, "End": true}}})";

BOOST_AUTO_TEST_CASE(definition_substitutions_replace_placeholders_and_leftovers_are_problems) {
  const Scenario scenario = load_ok(R"({"definition": )" + kTemplated +
                                    R"(, "definition_substitutions": {"CallArn": "arn:aws:lambda:)"
                                    R"(us-east-1:123456789012:function:call", "Table": "orders",)"
                                    R"( "Stage": 2}})");
  const Json& parameters = scenario.self_contained["definition"]["States"]["Call"]["Parameters"];
  BOOST_TEST(parameters["FunctionName"] == "arn:aws:lambda:us-east-1:123456789012:function:call");
  BOOST_TEST(parameters["Payload"]["table"] == "orders-2");
  const FileProblems problems = load_problems(R"({"definition": )" + kTemplated +
                                              R"(, "definition_substitutions": {"Table": "t",)"
                                              R"( "Stage": true}})");
  BOOST_TEST(has_problem(problems, "/definition/States/Call/Parameters/FunctionName",
                         "unreplaced placeholder ${CallArn} in \"${CallArn}\""),
             test::render(problems));
  BOOST_TEST(problems.size() == 1U, test::render(problems));
  const FileProblems bad = load_problems(R"({"definition": )" + kTemplated +
                                         R"(, "definition_substitutions": {"CallArn": [1]}})");
  BOOST_TEST(has_problem(bad, "/definition_substitutions/CallArn", "a string, a number"));
}

BOOST_AUTO_TEST_CASE(a_definition_given_alone_with_placeholders_is_refused_naming_them) {
  const ScratchDirectory directory("placeholders");
  const auto file = directory.write("templated.asl.json", kTemplated);
  auto loaded = load_input(file);
  BOOST_REQUIRE(std::holds_alternative<FileProblems>(loaded));
  const FileProblems& problems = std::get<FileProblems>(loaded);
  BOOST_TEST(has_problem(problems, "/States/Call/Parameters/Payload/table",
                         "${Table} in \"${Table}-${Stage}\"", file.string()),
             test::render(problems));
}

BOOST_AUTO_TEST_CASE(the_input_can_come_from_a_file_and_capsules_inline_it) {
  const ScratchDirectory directory("input-file");
  directory.write("inputs/order.json", R"({"orderId": 7})");
  const auto file = directory.write(
      "s.scenario.json",
      R"({"definition": )" + test::kOneTask + R"(, "input_file": "inputs/order.json"})");
  auto loaded = load_scenario(file);
  if (auto* problems = std::get_if<FileProblems>(&loaded)) BOOST_FAIL(test::render(*problems));
  const Scenario& scenario = std::get<Scenario>(loaded);
  BOOST_TEST((scenario.config.input == Json{{"orderId", 7}}));
  BOOST_TEST((scenario.self_contained["input"] == Json{{"orderId", 7}}));
  BOOST_TEST(!scenario.self_contained.contains("input_file"));
  const auto both = directory.write("b.scenario.json", R"({"definition": )" + test::kOneTask +
                                    R"(, "input": {}, "input_file": "inputs/order.json"})");
  auto refused = load_scenario(both);
  BOOST_REQUIRE(std::holds_alternative<FileProblems>(refused));
  BOOST_TEST(has_problem(std::get<FileProblems>(refused), "/input_file", "not both",
                         both.string()));
  const auto missing = directory.write("m.scenario.json", R"({"definition": )" + test::kOneTask +
                                       R"(, "input_file": "inputs/none.json"})");
  BOOST_TEST(std::holds_alternative<FileProblems>(load_scenario(missing)));
}

}  // namespace
}  // namespace wfsim::scenario
