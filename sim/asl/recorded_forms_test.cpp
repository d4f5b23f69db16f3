// Behaviour pinned to AWS recordings and to VAR-1.3: States.Format printing values as Java does,
// States.StringToJson of blank text, workflow variables ("$name") as template values, intrinsic
// arguments and Choice Variables (evaluated when the caller gives their values, listed for
// variableReferences), and the definition compiler reporting them while the engine holds no
// variables.
#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include "asl/choice.h"
#include "asl/definition.h"
#include "asl/payload.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;
using Names = std::vector<std::string>;

Json format_of(const Json& value) {
  Random random(1);
  const Json input = {{"v", value}};
  auto result = evaluate_intrinsic("States.Format('{}', $.v)", input, nullptr, random);
  BOOST_REQUIRE(result.ok());
  return std::move(result).value();
}

Outcome<Json> with_variables(const std::string& expression, const Json& variables) {
  Random random(1);
  return evaluate_intrinsic(expression, json(R"({"in": 5})"), nullptr, random, &variables);
}

PayloadTemplate compiled(const Json& source) {
  Problems problems;
  auto out = PayloadTemplate::compile(source, "/Parameters", problems);
  BOOST_REQUIRE_MESSAGE(out.has_value(), test::describe(problems));
  return *out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(recorded_forms)

// test_generic::test_format_2 (exec 7) and test_context_json_path (LocalStack's AWS recordings,
// v2/intrinsic_functions/test_generic.snapshot.json): {"Arg1": 1, "Arg2": []} prints as
// "{Arg1=1, Arg2=[]}", and an object of strings as "{Id=arn:..., Name=...}".
BOOST_AUTO_TEST_CASE(format_prints_objects_and_arrays_as_java_maps_and_lists) {
  BOOST_CHECK_EQUAL(format_of(json(R"({"Arg1": 1, "Arg2": []})")), "{Arg1=1, Arg2=[]}");
  BOOST_CHECK_EQUAL(format_of(json(R"({"Id": "arn:aws:states:r:1:stateMachine:m", "Name": "m"})")),
                    "{Id=arn:aws:states:r:1:stateMachine:m, Name=m}");
  BOOST_CHECK_EQUAL(format_of(json(R"(["a", "b"])")), "[a, b]");
  BOOST_CHECK_EQUAL(format_of(json(R"({"a": {"b": [1, {"c": null}]}, "d": [true, false]})")),
                    "{a={b=[1, {c=null}]}, d=[true, false]}");
  BOOST_CHECK_EQUAL(format_of(json(R"([[], {}, "", " x "])")), "[[], {}, ,  x ]");
  BOOST_CHECK_EQUAL(format_of(json("[1.5, 100.0, -0.0, 1e21, 0.0001, 12345678.9]")),
                    "[1.5, 100.0, -0.0, 1.0E21, 1.0E-4, 1.23456789E7]");
  // Top-level values recorded in test_format_1: "", " ", "HelloWorld", null, 1, 1.1.
  BOOST_CHECK_EQUAL(format_of(""), "");
  BOOST_CHECK_EQUAL(format_of(" "), " ");
  BOOST_CHECK_EQUAL(format_of(nullptr), "null");
  BOOST_CHECK_EQUAL(format_of(1), "1");
  BOOST_CHECK_EQUAL(format_of(1.1), "1.1");
  BOOST_CHECK_EQUAL(format_of(R"({"Arg1": 1, "Arg2": []})"), R"({"Arg1": 1, "Arg2": []})");
}

BOOST_AUTO_TEST_CASE(format_prints_deeply_nested_values_without_recursion) {
  Json deep = Json::array();
  for (int i = 0; i < 500; ++i) deep = Json::array({std::move(deep)});
  const std::string text = format_of(deep).get<std::string>();
  BOOST_CHECK_EQUAL(text, std::string(501, '[') + std::string(501, ']'));
}

RC_BOOST_PROP(format_prints_an_integer_list_as_java_does, (std::vector<int64_t> items)) {
  std::string expected = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    expected += (i > 0 ? ", " : "") + std::to_string(items[i]);
  }
  expected += "]";
  RC_ASSERT(format_of(Json(items)).get<std::string>() == expected);
}

// test_json_manipulation::test_string_to_json (exec 0 and 1) recorded null for "" and " ".
BOOST_AUTO_TEST_CASE(string_to_json_of_blank_text_is_null) {
  Random random(1);
  const Json input = json(R"({"empty": "", "space": " ", "blanks": " \n\t\r ", "minus": "-0"})");
  for (const char* path : {"$.empty", "$.space", "$.blanks"}) {
    auto result = evaluate_intrinsic("States.StringToJson(" + std::string(path) + ")", input,
                                     nullptr, random);
    BOOST_REQUIRE(result.ok());
    BOOST_CHECK(result.value().is_null());
  }
  auto zero = evaluate_intrinsic("States.StringToJson($.minus)", input, nullptr, random);
  BOOST_CHECK_EQUAL(zero.value().dump(), "0");
}

BOOST_AUTO_TEST_CASE(intrinsic_arguments_read_workflow_variables_the_caller_gives) {
  const Json variables = json(R"({"x": "world", "order": {"lines": [3, 4]}})");
  BOOST_CHECK_EQUAL(with_variables("States.Format('hello {}', $x)", variables).value(),
                    "hello world");
  BOOST_CHECK_EQUAL(with_variables("States.MathAdd($order.lines[1], $.in)", variables).value(),
                    9);
  BOOST_CHECK_EQUAL(with_variables("States.ArrayLength($order.lines[*])", variables).value(), 2);
  const auto missing = with_variables("States.Format('{}', $nope.a)", variables);
  BOOST_REQUIRE(!missing.ok());
  BOOST_CHECK_EQUAL(missing.error().error, "States.Runtime");
  BOOST_CHECK_EQUAL(missing.error().cause,
                    "The variable '$nope' read by the JSONPath '$nope.a' is not defined");
  const auto absent = with_variables("States.Format('{}', $order.none)", variables);
  BOOST_REQUIRE(!absent.ok());
  BOOST_CHECK_EQUAL(absent.error().cause, "The JSONPath '$order.none' could not be found in the "
                                          "input '{\"lines\":[3,4]}'");
  BOOST_CHECK(intrinsic_variable_references("States.Format('{} {}', $a, States.Array($b, $a))") ==
              (Names{"a", "b"}));
  BOOST_CHECK(intrinsic_variable_references("States.UUID()") == Names{});
  BOOST_CHECK(!intrinsic_variable_references("States.Nope()").has_value());
}

BOOST_AUTO_TEST_CASE(a_template_reads_variables_and_lists_them) {
  const PayloadTemplate t = compiled(json(R"j({"a.$": "$order.id", "b": {"c.$": "$", "d.$":
      "States.Format('{}', $who)"}, "e.$": "$.items[?(@.id == $wanted)]", "f": "$literal"})j"));
  BOOST_CHECK(t.variable_references() == (Names{"order", "who", "wanted"}));
  const Json variables = json(R"({"order": {"id": 7}, "who": "me", "wanted": 2})");
  const Json input = json(R"({"items": [{"id": 1}, {"id": 2}]})");
  Random random(1);
  auto out = t.evaluate(input, nullptr, random, &variables);
  BOOST_REQUIRE(out.ok());
  BOOST_CHECK_EQUAL(out.value(), json(R"({"b": {"c": {"items": [{"id": 1}, {"id": 2}]},
      "d": "me"}, "f": "$literal", "a": 7, "e": [{"id": 2}]})"));
  auto without = t.evaluate(input, nullptr, random);
  BOOST_REQUIRE(!without.ok());
  BOOST_CHECK_EQUAL(without.error().cause, "The variable '$order' read by the JSONPath "
                                           "'$order.id' specified for the field 'a.$' is not "
                                           "defined");
}

BOOST_AUTO_TEST_CASE(a_choice_rule_reads_variables_and_lists_them) {
  Problems problems;
  auto rule = ChoiceRule::compile(json(R"({"And": [
      {"Variable": "$limit", "NumericGreaterThanPath": "$.n"},
      {"Not": {"Variable": "$flags.off", "IsPresent": true}}], "Next": "X"})"), "/Choices/0",
                                  true, problems);
  BOOST_REQUIRE_MESSAGE(rule.has_value(), test::describe(problems));
  BOOST_CHECK(rule->variable_references() == (Names{"limit", "flags"}));
  const Json input = json(R"({"n": 3})");
  const Json variables = json(R"({"limit": 5, "flags": {}})");
  BOOST_CHECK(rule->evaluate(input, nullptr, &variables).value());
  const Json off = json(R"({"limit": 5, "flags": {"off": true}})");
  BOOST_CHECK(!rule->evaluate(input, nullptr, &off).value());
  const auto undefined = rule->evaluate(input, nullptr);
  BOOST_REQUIRE(!undefined.ok());
  BOOST_CHECK_EQUAL(undefined.error().error, "States.Runtime");
}

BOOST_AUTO_TEST_CASE(definitions_accept_variable_reads_in_every_path_field) {
  const auto problems = [](const Json& state) {
    return validate(test::single_state(state));
  };
  // VAR-1.3: "$name" paths in InputPath, templates, intrinsic arguments, Wait and Choice.
  WFSIM_CHECK_NO_PROBLEMS(problems(json(R"j({"Type": "Pass", "End": true, "InputPath": "$in",
      "Parameters": {"a.$": "States.Format('{}', $greeting)"}})j")));
  WFSIM_CHECK_NO_PROBLEMS(problems(json(R"({"Type": "Wait", "End": true, "SecondsPath":
      "$wait.seconds"})")));
  WFSIM_CHECK_NO_PROBLEMS(problems(json(R"({"Type": "Choice", "Default": "S", "Choices": [
      {"Variable": "$.a", "StringEqualsPath": "$expected", "Next": "S"}]})")));
  WFSIM_CHECK_PROBLEM(problems(json(R"({"Type": "Pass", "End": true, "ResultPath": "$out"})")),
                      "/States/S/ResultPath", "a ResultPath cannot refer to a workflow variable");
  // Without ".$" a "$name" string is a literal and reads nothing (VAR-1.3).
  WFSIM_CHECK_NO_PROBLEMS(problems(json(R"({"Type": "Pass", "End": true,
      "Parameters": {"result": "$result"}})")));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
