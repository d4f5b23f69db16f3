// Choice rules: every comparison operator and its "Path" form, StringMatches, the type tests,
// And/Or/Not, exact numeric comparison, runtime errors for absent values, and the compile-time
// problems with their pointers.
#include <boost/test/unit_test.hpp>

#include "asl/choice.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;

const Json kInput = json(R"({
  "s": "banana", "n": 10, "f": 2.5, "b": true, "nul": null, "obj": {}, "arr": [1],
  "t": "2024-03-01T12:00:00Z", "t2": "2024-03-01T13:00:00+01:00", "notime": "yesterday",
  "other_s": "cherry", "other_n": 10.0, "other_b": false,
  "big": 9007199254740993, "bigf": 9007199254740992.0, "umax": 18446744073709551615,
  "neg": -1, "file": "log-2024.txt", "star": "a*b", "slash": "a\\b"
})");

ChoiceRule compile_nested(const Json& source) {
  Problems problems;
  auto rule = ChoiceRule::compile(source, "/Choices/0", false, problems);
  BOOST_REQUIRE_MESSAGE(rule.has_value() && problems.empty(),
                        source.dump() << " did not compile:\n" << test::describe(problems));
  return std::move(*rule);
}

bool matches(const Json& source, const Json& input = kInput) {
  const ChoiceRule rule = compile_nested(source);
  auto result = rule.evaluate(input, nullptr);
  BOOST_REQUIRE_MESSAGE(result.ok(), source.dump() << " failed: "
                                                   << (result.ok() ? "" : result.error().cause));
  return result.value();
}

// {"Variable": variable, op: operand}
bool compare(std::string_view variable, std::string_view op, const Json& operand) {
  return matches(Json{{"Variable", variable}, {op, operand}});
}

Problems problems_of(const Json& source, bool top_level = false) {
  Problems problems;
  auto rule = ChoiceRule::compile(source, "/Choices/0", top_level, problems);
  BOOST_CHECK(!rule.has_value());
  return problems;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(choice_rules)

BOOST_AUTO_TEST_CASE(string_operators_compare_strings_lexicographically) {
  BOOST_CHECK(compare("$.s", "StringEquals", "banana"));
  BOOST_CHECK(!compare("$.s", "StringEquals", "Banana"));
  BOOST_CHECK(compare("$.s", "StringLessThan", "cherry"));
  BOOST_CHECK(!compare("$.s", "StringLessThan", "banana"));
  BOOST_CHECK(compare("$.s", "StringGreaterThan", "apple"));
  BOOST_CHECK(compare("$.s", "StringLessThanEquals", "banana"));
  BOOST_CHECK(compare("$.s", "StringGreaterThanEquals", "banana"));
  BOOST_CHECK(!compare("$.s", "StringGreaterThanEquals", "c"));
}

BOOST_AUTO_TEST_CASE(string_path_operators_compare_with_another_value_of_the_input) {
  BOOST_CHECK(!compare("$.s", "StringEqualsPath", "$.other_s"));
  BOOST_CHECK(compare("$.s", "StringEqualsPath", "$.s"));
  BOOST_CHECK(compare("$.s", "StringLessThanPath", "$.other_s"));
  BOOST_CHECK(compare("$.other_s", "StringGreaterThanPath", "$.s"));
  BOOST_CHECK(compare("$.s", "StringLessThanEqualsPath", "$.s"));
  BOOST_CHECK(compare("$.s", "StringGreaterThanEqualsPath", "$.s"));
  BOOST_CHECK(!compare("$.s", "StringEqualsPath", "$.n"));
}

BOOST_AUTO_TEST_CASE(string_matches_supports_stars_and_escaped_stars_and_backslashes) {
  BOOST_CHECK(compare("$.file", "StringMatches", "log-*.txt"));
  BOOST_CHECK(compare("$.file", "StringMatches", "*"));
  BOOST_CHECK(compare("$.file", "StringMatches", "log*2*4*"));
  BOOST_CHECK(compare("$.file", "StringMatches", "log-2024.txt"));
  BOOST_CHECK(!compare("$.file", "StringMatches", "log-*.csv"));
  BOOST_CHECK(!compare("$.file", "StringMatches", "*.txt.*"));
  BOOST_CHECK(!compare("$.file", "StringMatches", "log-2024"));
  BOOST_CHECK(compare("$.star", "StringMatches", "a\\*b"));
  BOOST_CHECK(!compare("$.file", "StringMatches", "log-\\*.txt"));
  BOOST_CHECK(compare("$.slash", "StringMatches", "a\\\\b"));
  BOOST_CHECK(!compare("$.n", "StringMatches", "*"));
  // The first and last pieces must not overlap: "aXa" is not "a*a" reused from both ends of "a".
  BOOST_CHECK(!matches(json(R"({"Variable": "$.v", "StringMatches": "ab*ba"})"),
                       json(R"({"v": "aba"})")));
}

BOOST_AUTO_TEST_CASE(numeric_operators_compare_integers_and_doubles_by_value) {
  BOOST_CHECK(compare("$.n", "NumericEquals", 10));
  BOOST_CHECK(compare("$.n", "NumericEquals", 10.0));
  BOOST_CHECK(compare("$.f", "NumericLessThan", 3));
  BOOST_CHECK(compare("$.f", "NumericGreaterThan", 2));
  BOOST_CHECK(compare("$.n", "NumericLessThanEquals", 10));
  BOOST_CHECK(compare("$.n", "NumericGreaterThanEquals", 10));
  BOOST_CHECK(!compare("$.n", "NumericGreaterThan", 10));
  BOOST_CHECK(compare("$.neg", "NumericLessThan", 0));
}

BOOST_AUTO_TEST_CASE(numeric_comparison_is_exact_beyond_double_precision) {
  // 2^53 + 1 as an integer against 2^53 as a double: unequal, though both round to 2^53.
  BOOST_CHECK(!compare("$.big", "NumericEqualsPath", "$.bigf"));
  BOOST_CHECK(compare("$.big", "NumericGreaterThanPath", "$.bigf"));
  BOOST_CHECK(compare("$.umax", "NumericGreaterThan", 9223372036854775807));
  BOOST_CHECK(compare("$.umax", "NumericLessThan", 1.9e19));
  BOOST_CHECK(compare("$.umax", "NumericGreaterThan", -1));
  BOOST_CHECK(compare("$.neg", "NumericLessThanPath", "$.umax"));
  BOOST_CHECK(compare("$.n", "NumericEqualsPath", "$.other_n"));
  BOOST_CHECK(compare("$.n", "NumericLessThanEqualsPath", "$.other_n"));
  BOOST_CHECK(compare("$.n", "NumericGreaterThanEqualsPath", "$.other_n"));
  BOOST_CHECK(!compare("$.f", "NumericLessThanPath", "$.f"));
}

BOOST_AUTO_TEST_CASE(boolean_equals_and_its_path_form) {
  BOOST_CHECK(compare("$.b", "BooleanEquals", true));
  BOOST_CHECK(!compare("$.b", "BooleanEquals", false));
  BOOST_CHECK(!compare("$.b", "BooleanEqualsPath", "$.other_b"));
  BOOST_CHECK(compare("$.other_b", "BooleanEqualsPath", "$.other_b"));
  BOOST_CHECK(!compare("$.s", "BooleanEquals", true));
}

BOOST_AUTO_TEST_CASE(timestamp_operators_compare_instants_across_offsets) {
  BOOST_CHECK(compare("$.t", "TimestampEquals", "2024-03-01T12:00:00Z"));
  BOOST_CHECK(compare("$.t", "TimestampEqualsPath", "$.t2"));
  BOOST_CHECK(compare("$.t", "TimestampLessThan", "2024-03-01T12:00:00.001Z"));
  BOOST_CHECK(compare("$.t", "TimestampGreaterThan", "2024-02-29T23:59:59Z"));
  BOOST_CHECK(compare("$.t", "TimestampLessThanEquals", "2024-03-01T12:00:00Z"));
  BOOST_CHECK(compare("$.t", "TimestampGreaterThanEquals", "2024-03-01T12:00:00Z"));
  BOOST_CHECK(compare("$.t", "TimestampLessThanEqualsPath", "$.t2"));
  BOOST_CHECK(compare("$.t", "TimestampGreaterThanEqualsPath", "$.t2"));
  BOOST_CHECK(!compare("$.t", "TimestampLessThanPath", "$.t2"));
  BOOST_CHECK(!compare("$.t", "TimestampGreaterThanPath", "$.t2"));
}

BOOST_AUTO_TEST_CASE(timestamp_operators_are_false_for_values_that_are_not_timestamps) {
  BOOST_CHECK(!compare("$.notime", "TimestampLessThan", "2030-01-01T00:00:00Z"));
  BOOST_CHECK(!compare("$.notime", "TimestampGreaterThan", "2000-01-01T00:00:00Z"));
  BOOST_CHECK(!compare("$.n", "TimestampEquals", "2024-03-01T12:00:00Z"));
  BOOST_CHECK(!compare("$.t", "TimestampEqualsPath", "$.notime"));
}

BOOST_AUTO_TEST_CASE(comparisons_of_mismatched_types_are_false_not_errors) {
  BOOST_CHECK(!compare("$.n", "StringEquals", "10"));
  BOOST_CHECK(!compare("$.s", "NumericEquals", 10));
  BOOST_CHECK(!compare("$.nul", "NumericLessThan", 1));
  BOOST_CHECK(!compare("$.obj", "StringLessThan", "z"));
}

BOOST_AUTO_TEST_CASE(type_tests_check_the_json_type_of_the_variable) {
  BOOST_CHECK(compare("$.nul", "IsNull", true));
  BOOST_CHECK(compare("$.s", "IsNull", false));
  BOOST_CHECK(compare("$.f", "IsNumeric", true));
  BOOST_CHECK(compare("$.s", "IsNumeric", false));
  BOOST_CHECK(compare("$.s", "IsString", true));
  BOOST_CHECK(compare("$.n", "IsString", false));
  BOOST_CHECK(compare("$.b", "IsBoolean", true));
  BOOST_CHECK(compare("$.nul", "IsBoolean", false));
  BOOST_CHECK(compare("$.t", "IsTimestamp", true));
  BOOST_CHECK(compare("$.notime", "IsTimestamp", false));
  BOOST_CHECK(compare("$.n", "IsTimestamp", false));
}

BOOST_AUTO_TEST_CASE(is_present_tests_for_absence_without_an_error) {
  BOOST_CHECK(compare("$.s", "IsPresent", true));
  BOOST_CHECK(!compare("$.missing", "IsPresent", true));
  BOOST_CHECK(compare("$.missing", "IsPresent", false));
  BOOST_CHECK(compare("$.nul", "IsPresent", true));
  BOOST_CHECK(!compare("$.arr[?(@ > 5)]", "IsPresent", true));
  BOOST_CHECK(compare("$.arr[*]", "IsPresent", true));
}

BOOST_AUTO_TEST_CASE(an_absent_variable_is_a_runtime_error_with_the_aws_message) {
  for (const char* op : {"StringEquals", "IsNull", "IsString"}) {
    const Json operand = std::string(op) == "StringEquals" ? Json("x") : Json(true);
    const ChoiceRule rule = compile_nested({{"Variable", "$.x"}, {op, operand}});
    auto result = rule.evaluate(kInput, nullptr);
    BOOST_REQUIRE(!result.ok());
    BOOST_CHECK_EQUAL(result.error().error, "States.Runtime");
    BOOST_CHECK_EQUAL(result.error().cause, "Invalid path '$.x': The choice state's condition "
                                            "path references an invalid value.");
  }
}

BOOST_AUTO_TEST_CASE(an_absent_path_operand_is_a_runtime_error_naming_that_path) {
  const ChoiceRule rule =
      compile_nested(json(R"({"Variable": "$.n", "NumericEqualsPath": "$.y"})"));
  auto result = rule.evaluate(kInput, nullptr);
  BOOST_REQUIRE(!result.ok());
  BOOST_CHECK_EQUAL(result.error().cause, "Invalid path '$.y': The choice state's condition "
                                          "path references an invalid value.");
}

BOOST_AUTO_TEST_CASE(and_or_not_combine_rules_and_short_circuit) {
  const Json yes = json(R"({"Variable": "$.n", "NumericEquals": 10})");
  const Json no = json(R"({"Variable": "$.n", "NumericEquals": 11})");
  const Json broken = json(R"({"Variable": "$.missing", "NumericEquals": 1})");
  BOOST_CHECK(matches({{"And", {yes, yes}}}));
  BOOST_CHECK(!matches({{"And", {yes, no}}}));
  BOOST_CHECK(matches({{"Or", {no, yes}}}));
  BOOST_CHECK(!matches({{"Or", {no, no}}}));
  BOOST_CHECK(matches({{"Not", no}}));
  BOOST_CHECK(!matches({{"Not", yes}}));
  BOOST_CHECK(matches({{"Or", {yes, broken}}}));
  BOOST_CHECK(!matches({{"And", {no, broken}}}));
  BOOST_CHECK(!compile_nested({{"And", {yes, broken}}}).evaluate(kInput, nullptr).ok());
  BOOST_CHECK(!compile_nested({{"Not", broken}}).evaluate(kInput, nullptr).ok());
  BOOST_CHECK(matches({{"Not", {{"Not", {{"And", {{{"Or", {no, yes}}}}}}}}}}));
}

BOOST_AUTO_TEST_CASE(a_variable_may_read_the_context_object) {
  Problems problems;
  auto rule = ChoiceRule::compile(
      json(R"({"Variable": "$$.State.RetryCount", "NumericGreaterThan": 0})"), "/c", false,
      problems);
  BOOST_REQUIRE(rule.has_value());
  BOOST_CHECK(rule->uses_context());
  const Json context = json(R"({"State": {"RetryCount": 2}})");
  BOOST_CHECK(rule->evaluate(kInput, &context).value());
  BOOST_CHECK(!compile_nested(json(R"({"Variable": "$.n", "IsNumeric": true})")).uses_context());
  BOOST_CHECK(compile_nested(json(R"({"Not": {"Variable": "$.n", "NumericEqualsPath":
                                      "$$.x"}})")).uses_context());
}

BOOST_AUTO_TEST_CASE(a_top_level_rule_needs_next_and_a_nested_one_must_not_have_it) {
  const Json rule = json(R"({"Variable": "$.n", "NumericEquals": 1})");
  WFSIM_CHECK_PROBLEM(problems_of(rule, true), "/Choices/0", "must have Next");
  Json with_next = rule;
  with_next["Next"] = "S";
  Problems problems;
  BOOST_CHECK(ChoiceRule::compile(with_next, "/Choices/0", true, problems).has_value());
  WFSIM_CHECK_NO_PROBLEMS(problems);
  WFSIM_CHECK_PROBLEM(problems_of(with_next, false), "/Choices/0/Next", "must not have Next");
  with_next["Next"] = 3;
  WFSIM_CHECK_PROBLEM(problems_of(with_next, true), "/Choices/0/Next", "must be a string");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"And": [{"Variable": "$.n", "IsNumeric": true,
                                          "Next": "S"}], "Next": "S"})"), true),
                      "/Choices/0/And/0/Next", "must not have Next");
}

BOOST_AUTO_TEST_CASE(a_rule_must_have_exactly_one_operator) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Variable": "$.n"})")), "/Choices/0",
                      "needs one comparison operator");
  WFSIM_CHECK_PROBLEM(
      problems_of(json(R"({"Variable": "$.n", "NumericEquals": 1, "IsNumeric": true})")),
      "/Choices/0", "exactly one operator, not NumericEquals, IsNumeric");
}

BOOST_AUTO_TEST_CASE(a_comparison_needs_a_variable_that_is_a_path) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"NumericEquals": 1})")), "/Choices/0",
                      "needs a Variable");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Variable": "n", "NumericEquals": 1})")),
                      "/Choices/0/Variable", "Invalid path 'n': Path must start with '$'");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Variable": 5, "NumericEquals": 1})")),
                      "/Choices/0/Variable", "must be a path string");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Variable": "$.n", "And": []})")),
                      "/Choices/0/Variable", "not allowed with And");
}

BOOST_AUTO_TEST_CASE(operands_must_have_the_operator_type) {
  const auto check = [](const char* op, const Json& operand, const char* fragment) {
    WFSIM_CHECK_PROBLEM(problems_of({{"Variable", "$.v"}, {op, operand}}),
                        "/Choices/0/" + std::string(op), fragment);
  };
  check("StringEquals", 1, "must be a string");
  check("StringMatches", true, "must be a string");
  check("NumericLessThan", "1", "must be a number");
  check("BooleanEquals", "true", "must be a boolean");
  check("IsNull", 1, "must be a boolean");
  check("IsPresent", "yes", "must be a boolean");
  check("TimestampEquals", "2024-13-01T00:00:00Z", "RFC 3339 timestamp");
  check("TimestampLessThan", 5, "RFC 3339 timestamp");
  check("StringEqualsPath", "not a path", "Invalid path 'not a path'");
  check("NumericEqualsPath", 4, "must be a path string");
}

BOOST_AUTO_TEST_CASE(and_or_need_non_empty_arrays_of_rules_and_not_needs_one_rule) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"And": []})")), "/Choices/0/And",
                      "non-empty array");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Or": {"Variable": "$.n", "IsNull": true}})")),
                      "/Choices/0/Or", "non-empty array");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Not": [1]})")), "/Choices/0/Not", "must be an object");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Or": [{"Variable": "$.n", "IsNull": 3}]})")),
                      "/Choices/0/Or/0/IsNull", "must be a boolean");
}

BOOST_AUTO_TEST_CASE(unknown_and_jsonata_fields_in_a_rule_are_problems) {
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Variable": "$.n", "IsNull": true, "Foo": 1})")),
                      "/Choices/0/Foo", "unknown field 'Foo' in a Choice rule");
  WFSIM_CHECK_PROBLEM(problems_of(json(R"({"Condition": "{% true %}", "Next": "S"})"), true),
                      "/Choices/0/Condition", "'Condition' exists only in JSONata Choice rules");
  Problems problems;
  BOOST_CHECK(ChoiceRule::compile(json(R"({"Variable": "$.n", "IsNull": true, "Comment": "c"})"),
                                  "/c", false, problems));
  WFSIM_CHECK_NO_PROBLEMS(problems);
}

BOOST_AUTO_TEST_CASE(rules_that_are_not_objects_are_problems) {
  WFSIM_CHECK_PROBLEM(problems_of(json("[]")), "/Choices/0", "must be an object");
  WFSIM_CHECK_PROBLEM(problems_of(json("null")), "/Choices/0", "must be an object");
}

BOOST_AUTO_TEST_CASE(rule_nesting_is_bounded) {
  Json rule = json(R"({"Variable": "$.n", "IsNull": false})");
  for (int i = 0; i < 32; ++i) rule = Json{{"Not", rule}};
  BOOST_CHECK(matches(rule));  // 32 levels of Not: allowed, and an even count.
  rule = Json{{"Not", rule}};
  const Problems problems = problems_of(rule);
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  BOOST_CHECK(problems[0].message.find("nest deeper than 32") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
