// Intrinsic functions: each function's happy path and each of its failures, argument syntax
// (literals, escapes, paths, nesting) and the compile-time problems.
#include <boost/test/unit_test.hpp>

#include "asl/payload.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;

const Json kInput = json(R"({
  "name": "Arnav", "count": 3, "items": [1, 2, 3, 4, 5, 6, 7, 8, 9],
  "obj": {"a": 1, "b": [true, null]}, "template": "Hi {} and {}",
  "arn": "arn:aws:imagebuilder:us-east-1:123:image-recipe/my-recipe.name/1.0.0",
  "text": "This.is+a,test=string", "splitter": ".+,=", "encoded": "RGF0YSB0byBlbmNvZGU="
})");

Json evaluate_ok(const std::string& expression, const Json& input = kInput) {
  Random random(7);
  auto result = evaluate_intrinsic(expression, input, nullptr, random);
  BOOST_REQUIRE_MESSAGE(result.ok(), expression << " failed: "
                                                << (result.ok() ? "" : result.error().cause));
  return std::move(result).value();
}

StateError evaluate_error(const std::string& expression, const Json& input = kInput) {
  Random random(7);
  auto result = evaluate_intrinsic(expression, input, nullptr, random);
  BOOST_REQUIRE_MESSAGE(!result.ok(), expression << " unexpectedly gave "
                                                 << (result.ok() ? result.value().dump() : ""));
  return result.error();
}

// The intrinsic failure of `expression`, checking its name and a fragment of its cause.
void check_failure(const std::string& expression, std::string_view fragment) {
  const StateError error = evaluate_error(expression);
  BOOST_CHECK_EQUAL(error.error, "States.IntrinsicFailure");
  BOOST_CHECK_MESSAGE(error.cause.find(fragment) != std::string::npos,
                      expression << ": cause '" << error.cause << "' lacks '" << fragment << "'");
}

Problems compile_problems(const std::string& expression) {
  Problems problems;
  const Json source = {{"value.$", expression}};
  PayloadTemplate::compile(source, "/Parameters", problems);
  return problems;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(intrinsics)

BOOST_AUTO_TEST_CASE(format_inserts_strings_raw_and_other_values_as_java_prints_them) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.Format('Hello, my name is {}.', $.name)"),
                    "Hello, my name is Arnav.");
  BOOST_CHECK_EQUAL(evaluate_ok("States.Format('{} {} {} {} {}', $.count, $.obj, true, null, "
                                "1.5)"),
                    "3 {a=1, b=[true, null]} true null 1.5");
  BOOST_CHECK_EQUAL(evaluate_ok("States.Format('no placeholders')"), "no placeholders");
}

BOOST_AUTO_TEST_CASE(format_escapes_make_braces_quotes_and_backslashes_literal) {
  BOOST_CHECK_EQUAL(evaluate_ok(R"(States.Format('\{\} {} it\'s a \\ {x}', 'v'))"),
                    R"({} v it's a \ {x})");
}

BOOST_AUTO_TEST_CASE(format_takes_its_template_from_a_path_and_checks_the_count_at_run_time) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.Format($.template, 'a', $.count)"), "Hi a and 3");
  check_failure("States.Format($.template, 'a')", "2 placeholder(s) but 1 value(s)");
  check_failure("States.Format($.count)", "the template must be a string");
}

BOOST_AUTO_TEST_CASE(format_with_a_literal_template_checks_the_placeholder_count_when_compiled) {
  const Problems problems = compile_problems("States.Format('{} and {}', $.name)");
  WFSIM_CHECK_PROBLEM(problems, "/Parameters/value.$", "2 placeholder(s) but 1 value(s)");
  WFSIM_CHECK_PROBLEM(compile_problems("States.Format(3)"), "/Parameters/value.$",
                      "first argument of States.Format must be a string");
}

BOOST_AUTO_TEST_CASE(string_to_json_parses_and_json_to_string_prints_compactly) {
  BOOST_CHECK_EQUAL(evaluate_ok(R"(States.StringToJson('{"a": [1, 2]}'))"), json(R"({"a":[1,2]})"));
  BOOST_CHECK_EQUAL(evaluate_ok("States.JsonToString($.obj)"), R"({"a":1,"b":[true,null]})");
  BOOST_CHECK_EQUAL(evaluate_ok("States.StringToJson(States.JsonToString($.obj))"), kInput["obj"]);
  check_failure("States.StringToJson('{oops')", "not valid JSON");
  check_failure("States.StringToJson($.count)", "must be a string");
  const Json deep = {{"s", std::string(600, '[') + std::string(600, ']')}};
  const StateError error = evaluate_error("States.StringToJson($.s)", deep);
  BOOST_CHECK(error.cause.find("deeper than 512 levels") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(array_collects_its_arguments_in_order) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.Array($.name, 1, 'x', States.Array(), null)"),
                    json(R"(["Arnav", 1, "x", [], null])"));
  BOOST_CHECK_EQUAL(evaluate_ok("States.Array()"), json("[]"));
}

BOOST_AUTO_TEST_CASE(array_partition_cuts_chunks_and_rejects_a_non_positive_size) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayPartition($.items, 4)"),
                    json("[[1,2,3,4],[5,6,7,8],[9]]"));
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayPartition(States.Array(), 4)"), json("[]"));
  check_failure("States.ArrayPartition($.items, 0)", "chunk size must be positive");
  check_failure("States.ArrayPartition($.items, '4')", "chunk size must be an integer");
  check_failure("States.ArrayPartition($.name, 2)", "first argument must be an array");
}

BOOST_AUTO_TEST_CASE(array_contains_compares_json_values_by_value) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayContains($.items, 5)"), true);
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayContains($.items, 5.0)"), true);
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayContains($.items, '5')"), false);
  const Json input = json(R"({"list": [{"b": 2, "a": 1}], "probe": {"a": 1, "b": 2}})");
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayContains($.list, $.probe)", input), true);
  check_failure("States.ArrayContains($.obj, 1)", "must be an array");
}

BOOST_AUTO_TEST_CASE(array_range_includes_the_end_and_allows_a_negative_step) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayRange(1, 9, 2)"), json("[1,3,5,7,9]"));
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayRange(10, 1, -3)"), json("[10,7,4,1]"));
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayRange(5, 1, 1)"), json("[]"));
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayRange(1, 1000, 1)").size(), 1000u);
  check_failure("States.ArrayRange(0, 1000, 1)", "more than 1000 items");
  check_failure("States.ArrayRange(-9223372036854775808, 9223372036854775807, 1)",
                "more than 1000 items");
  check_failure("States.ArrayRange(1, 9, 0)", "step must not be 0");
  check_failure("States.ArrayRange('1', 9, 1)", "start must be an integer");
}

BOOST_AUTO_TEST_CASE(array_get_item_returns_the_item_or_fails_out_of_bounds) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayGetItem($.items, 0)"), 1);
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayGetItem($.items, 8)"), 9);
  check_failure("States.ArrayGetItem($.items, 9)", "index 9 is out of bounds");
  check_failure("States.ArrayGetItem($.items, -1)", "index -1 is out of bounds");
  check_failure("States.ArrayGetItem($.obj, 0)", "must be an array");
}

BOOST_AUTO_TEST_CASE(array_length_counts_items) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayLength($.items)"), 9);
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayLength(States.Array())"), 0);
  check_failure("States.ArrayLength($.name)", "must be an array");
}

BOOST_AUTO_TEST_CASE(array_unique_keeps_the_first_of_equal_values_in_order) {
  const Json input =
      json(R"({"v": [1, 2, 1, "1", {"a": 1, "b": 2}, {"b": 2, "a": 1}, 1.0, [1], [1], null]})");
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayUnique($.v)", input),
                    json(R"([1, 2, "1", {"a": 1, "b": 2}, [1], null])"));
  check_failure("States.ArrayUnique($.obj)", "must be an array");
}

BOOST_AUTO_TEST_CASE(base64_encodes_and_decodes_standard_padded_base64) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.Base64Encode('Data to encode')"), "RGF0YSB0byBlbmNvZGU=");
  BOOST_CHECK_EQUAL(evaluate_ok("States.Base64Encode('héllo→')"), "aMOpbGxv4oaS");
  BOOST_CHECK_EQUAL(evaluate_ok("States.Base64Decode($.encoded)"), "Data to encode");
  BOOST_CHECK_EQUAL(evaluate_ok("States.Base64Decode('YQ')"), "a");
  BOOST_CHECK_EQUAL(evaluate_ok("States.Base64Decode('')"), "");
}

BOOST_AUTO_TEST_CASE(base64_rejects_invalid_input_and_inputs_over_ten_thousand_characters) {
  check_failure("States.Base64Decode('Y')", "not valid base64");
  check_failure("States.Base64Decode('YQ=')", "not valid base64");
  check_failure("States.Base64Decode('a*bc')", "not valid base64");
  check_failure("States.Base64Decode($.count)", "must be a string");
  check_failure("States.Base64Encode($.count)", "must be a string");
  const Json long_input = {{"s", std::string(10'001, 'a')}};
  const StateError too_long = evaluate_error("States.Base64Encode($.s)", long_input);
  BOOST_CHECK(too_long.cause.find("longer than 10000") != std::string::npos);
  BOOST_CHECK(evaluate_ok("States.Base64Encode($.s)", {{"s", std::string(10'000, 'a')}})
                  .is_string());
  const StateError decode_too_long = evaluate_error("States.Base64Decode($.s)", long_input);
  BOOST_CHECK(decode_too_long.cause.find("longer than 10000") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(base64_decode_replaces_bytes_that_are_not_utf8) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.Base64Decode('/w==')"), "\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(hash_supports_md5_and_the_sha_family_in_lowercase_hex) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.Hash('input data', 'MD5')"),
                    "812f45842bc6d66ee14572ce20db8e86");
  BOOST_CHECK_EQUAL(evaluate_ok("States.Hash('input data', 'SHA-1')"),
                    "aaff4a450a104cd177d28d18d74485e8cae074b7");
  BOOST_CHECK_EQUAL(evaluate_ok("States.Hash('input data', 'SHA-256')"),
                    "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3");
  BOOST_CHECK_EQUAL(evaluate_ok("States.Hash('input data', 'SHA-384')"),
                    "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc8"
                    "35ebb27e1fb9e9374a15562");
  BOOST_CHECK_EQUAL(evaluate_ok("States.Hash('input data', 'SHA-512')"),
                    "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf29"
                    "54f0f1d593fc50283731a533d30d425402d4f91316d871303aac4");
}

BOOST_AUTO_TEST_CASE(hash_of_a_non_string_hashes_its_compact_json_text) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.Hash($.obj, 'MD5')"),
                    "9264c02a0f4163be44ebc9264e797413");
}

BOOST_AUTO_TEST_CASE(hash_rejects_unknown_algorithms_and_long_inputs) {
  check_failure("States.Hash('x', 'SHA256')", "unsupported algorithm 'SHA256'");
  check_failure("States.Hash('x', 5)", "algorithm must be a string");
  const StateError error =
      evaluate_error("States.Hash($.s, 'MD5')", {{"s", std::string(10'001, 'x')}});
  BOOST_CHECK(error.cause.find("longer than 10000") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_merge_is_shallow_and_refuses_deep_mode_as_aws_does) {
  const Json input = json(R"({"a": {"a": {"a1": 1, "a2": 2}, "b": 2},
                              "b": {"a": {"a3": 1, "a4": 2}, "c": 3}})");
  BOOST_CHECK_EQUAL(evaluate_ok("States.JsonMerge($.a, $.b, false)", input),
                    json(R"({"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3})"));
  const StateError deep = evaluate_error("States.JsonMerge($.a, $.b, true)", input);
  BOOST_CHECK_EQUAL(deep.error, "States.IntrinsicFailure");
  BOOST_CHECK(deep.cause.find("deep merge is not supported") != std::string::npos);
  check_failure("States.JsonMerge($.obj, $.items, false)", "must be objects");
  check_failure("States.JsonMerge($.obj, $.obj, 'false')", "must be a boolean");
}

BOOST_AUTO_TEST_CASE(math_random_draws_from_the_given_random_within_start_and_end) {
  Random first(42), second(42);
  for (int i = 0; i < 50; ++i) {
    auto a = evaluate_intrinsic("States.MathRandom(1, 5)", kInput, nullptr, first);
    auto b = evaluate_intrinsic("States.MathRandom(1, 5)", kInput, nullptr, second);
    BOOST_REQUIRE(a.ok() && b.ok());
    BOOST_CHECK_EQUAL(a.value(), b.value());
    BOOST_CHECK(a.value().get<int64_t>() >= 1 && a.value().get<int64_t>() < 5);
  }
  BOOST_CHECK_EQUAL(evaluate_ok("States.MathRandom(-3, -2)"), -3);
}

BOOST_AUTO_TEST_CASE(math_random_with_a_seed_is_the_same_whatever_the_run_stream) {
  Random one(1), other(999);
  auto a = evaluate_intrinsic("States.MathRandom(0, 1000000, 17)", kInput, nullptr, one);
  auto b = evaluate_intrinsic("States.MathRandom(0, 1000000, 17)", kInput, nullptr, other);
  BOOST_REQUIRE(a.ok() && b.ok());
  BOOST_CHECK_EQUAL(a.value(), b.value());
  BOOST_CHECK_EQUAL(one.next_u64(), Random(1).next_u64());  // The run's stream was not drawn.
}

BOOST_AUTO_TEST_CASE(math_random_rejects_an_empty_range_and_non_numbers) {
  check_failure("States.MathRandom(5, 5)", "start must be smaller than the end");
  check_failure("States.MathRandom('a', 5)", "start must be an integer");
  check_failure("States.MathRandom(1, 5, 'seed')", "seed must be an integer");
  BOOST_CHECK_EQUAL(evaluate_ok("States.MathRandom(-9223372036854775808, -9223372036854775807)"),
                    INT64_MIN);
}

BOOST_AUTO_TEST_CASE(math_add_adds_integers_rounding_other_numbers_and_failing_on_overflow) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.MathAdd(111, -1)"), 110);
  BOOST_CHECK_EQUAL(evaluate_ok("States.MathAdd($.count, 1.5)"), 5);
  BOOST_CHECK_EQUAL(evaluate_ok("States.MathAdd(-1.5, 0)"), -1);
  check_failure("States.MathAdd(9223372036854775807, 1)", "overflows");
  check_failure("States.MathAdd('1', 1)", "first argument must be an integer");
  check_failure("States.MathAdd(1, 1e300)", "second argument must be an integer");
}

BOOST_AUTO_TEST_CASE(string_split_splits_on_any_delimiter_character_and_drops_empty_pieces) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.StringSplit($.text, $.splitter)"),
                    json(R"(["This","is","a","test","string"])"));
  BOOST_CHECK_EQUAL(evaluate_ok("States.StringSplit(',,a,,b,', ',')"), json(R"(["a","b"])"));
  BOOST_CHECK_EQUAL(evaluate_ok("States.StringSplit('a→b→c', '→')"),
                    json(R"(["a","b","c"])"));
  BOOST_CHECK_EQUAL(evaluate_ok("States.StringSplit('abc', '')"), json(R"(["abc"])"));
  BOOST_CHECK_EQUAL(evaluate_ok("States.StringSplit('', ',')"), json("[]"));
  check_failure("States.StringSplit($.count, ',')", "first argument must be a string");
  check_failure("States.StringSplit('a', 1)", "delimiter characters must be a string");
}

BOOST_AUTO_TEST_CASE(uuid_is_a_version_4_uuid_drawn_from_the_given_random) {
  Random first(3), second(3);
  const Json a = evaluate_intrinsic("States.UUID()", kInput, nullptr, first).value();
  const Json b = evaluate_intrinsic("States.UUID()", kInput, nullptr, second).value();
  const Json c = evaluate_intrinsic("States.UUID()", kInput, nullptr, first).value();
  BOOST_CHECK_EQUAL(a, b);
  BOOST_CHECK_NE(a, c);
  const std::string text = a.get<std::string>();
  BOOST_REQUIRE_EQUAL(text.size(), 36u);
  BOOST_CHECK_EQUAL(text[8], '-');
  BOOST_CHECK_EQUAL(text[13], '-');
  BOOST_CHECK_EQUAL(text[14], '4');
  BOOST_CHECK(std::string("89ab").find(text[19]) != std::string::npos);
  BOOST_CHECK(text.find_first_not_of("0123456789abcdef-") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(calls_nest_as_in_the_aws_example) {
  BOOST_CHECK_EQUAL(
      evaluate_ok("States.Format('{}.{}', States.ArrayGetItem(States.StringSplit("
                  "States.ArrayGetItem(States.StringSplit($.arn, '/'), 1), '.'), 0), "
                  "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
                  "States.StringSplit($.arn, '/'), 1), '.'), 1))"),
      "my-recipe.name");
}

BOOST_AUTO_TEST_CASE(arguments_may_be_indefinite_paths_and_context_paths) {
  BOOST_CHECK_EQUAL(evaluate_ok("States.ArrayLength($.items[?(@ > 4)])"), 5);
  BOOST_CHECK_EQUAL(evaluate_ok("States.Array($.items[0,1], $.obj.b[ 0 ])"),
                    json("[[1,2], true]"));
  const Json context = json(R"({"Execution": {"Id": "exec-1"}})");
  Random random(1);
  auto result = evaluate_intrinsic("States.Format('{}', $$.Execution.Id)", kInput, &context,
                                   random);
  BOOST_REQUIRE(result.ok());
  BOOST_CHECK_EQUAL(result.value(), "exec-1");
}

BOOST_AUTO_TEST_CASE(an_argument_path_that_matches_nothing_is_a_runtime_error) {
  const StateError error = evaluate_error("States.Format('{}', $.missing)", json(R"({"a":1})"));
  BOOST_CHECK_EQUAL(error.error, "States.Runtime");
  BOOST_CHECK_EQUAL(error.cause,
                    "The JSONPath '$.missing' could not be found in the input '{\"a\":1}'");
}

BOOST_AUTO_TEST_CASE(malformed_calls_are_reported_as_problems_at_the_field) {
  const std::string at = "/Parameters/value.$";
  WFSIM_CHECK_PROBLEM(compile_problems("States.Nope(1)"), at, "unknown intrinsic function");
  WFSIM_CHECK_PROBLEM(compile_problems("States.ArrayRange(1, 2)"), at,
                      "States.ArrayRange takes 3 argument(s), not 2");
  WFSIM_CHECK_PROBLEM(compile_problems("States.MathRandom(1)"), at, "takes 2 to 3 argument(s)");
  WFSIM_CHECK_PROBLEM(compile_problems("States.Format()"), at, "takes at least 1 argument(s)");
  WFSIM_CHECK_PROBLEM(compile_problems("States.UUID(1)"), at, "takes 0 argument(s)");
  WFSIM_CHECK_PROBLEM(compile_problems("States.Array('abc)"), at, "unterminated string");
  WFSIM_CHECK_PROBLEM(compile_problems("States.Array('a\\nb')"), at, "invalid escape");
  WFSIM_CHECK_PROBLEM(compile_problems("States.Array(1) x"), at, "unexpected text after");
  WFSIM_CHECK_PROBLEM(compile_problems("States.Array(1,)"), at, "expected an argument");
  WFSIM_CHECK_PROBLEM(compile_problems("States.Array(1 2)"), at, "expected ',' or ')'");
  WFSIM_CHECK_PROBLEM(compile_problems("States.Array"), at, "expected '('");
  WFSIM_CHECK_PROBLEM(compile_problems("States.Array(maybe)"), at, "expected an argument");
  WFSIM_CHECK_PROBLEM(compile_problems("States.Array(1e999)"), at, "invalid number");
  WFSIM_CHECK_PROBLEM(compile_problems("States.Array($.a[)"), at,
                      "Invalid path '$.a[)': Could not parse token starting at position 3");
  WFSIM_CHECK_PROBLEM(compile_problems("States.Array(\"x\")"), at, "expected an argument");
}

BOOST_AUTO_TEST_CASE(intrinsics_nest_at_most_ten_deep) {
  std::string ten, eleven;
  for (int i = 0; i < 10; ++i) ten += "States.Array(";
  ten += '1';
  ten.append(10, ')');
  eleven = "States.Array(" + ten + ")";
  BOOST_CHECK(compile_problems(ten).empty());
  WFSIM_CHECK_PROBLEM(compile_problems(eleven), "/Parameters/value.$", "nest more than 10 deep");
}

BOOST_AUTO_TEST_CASE(a_malformed_standalone_expression_is_an_intrinsic_failure_value) {
  const StateError error = evaluate_error("States.Nope()");
  BOOST_CHECK_EQUAL(error.error, "States.IntrinsicFailure");
  BOOST_CHECK(error.cause.find("unknown intrinsic function") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
