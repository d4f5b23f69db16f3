// The API and the guarantees around the language: AWS's added functions, host bindings without
// copies, determinism of $random/$uuid/$now, bounded work (deep nesting, huge ranges and strings,
// catastrophic regexes, runaway recursion, the step budget), free variables, concurrent
// evaluation, JavaScript number text, and RapidCheck properties.
#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <thread>

#include "jsonata/jsonata.h"
#include "jsonata/number_text.h"

namespace wfsim::jsonata {
namespace {

Expression compiled(std::string_view text) {
  auto result = compile(text);
  if (auto* error = std::get_if<Error>(&result)) {
    BOOST_FAIL("'" << text << "' does not compile: " << error->describe());
  }
  return std::get<Expression>(std::move(result));
}

Outcome run(std::string_view text, const Json* input = nullptr, Limits limits = {},
            uint64_t seed = 1, int64_t now = 1700000000000) {
  Random random(seed);
  Environment environment;
  environment.now_millis = now;
  environment.random = &random;
  environment.limits = limits;
  return evaluate(compiled(text), input, environment);
}

Json value_of(std::string_view text, const Json* input = nullptr) {
  const Outcome outcome = run(text, input);
  BOOST_REQUIRE_MESSAGE(outcome.kind == Outcome::Kind::value,
                        text << ": " << (outcome.kind == Outcome::Kind::error
                                             ? outcome.error.describe()
                                             : std::string("no value")));
  return outcome.value;
}

std::string error_of(std::string_view text, const Json* input = nullptr, Limits limits = {}) {
  const Outcome outcome = run(text, input, limits);
  BOOST_REQUIRE_MESSAGE(outcome.kind == Outcome::Kind::error, text << " did not fail");
  return outcome.error.code;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(jsonata_aws_functions)

BOOST_AUTO_TEST_CASE(partition_chunks_with_a_short_last_chunk) {
  BOOST_CHECK_EQUAL(value_of("$partition([0], 1)"), Json::parse("[[0]]"));
  BOOST_CHECK_EQUAL(value_of("$partition([0,1], 5)"), Json::parse("[[0,1]]"));
  BOOST_CHECK_EQUAL(value_of("$partition([0,1], 1)"), Json::parse("[[0],[1]]"));
  BOOST_CHECK_EQUAL(value_of("$partition([0,1,2], 2)"), Json::parse("[[0,1],[2]]"));
  BOOST_CHECK_EQUAL(value_of("$partition([0,1,2,3], 3)"), Json::parse("[[0,1,2],[3]]"));
  BOOST_CHECK_EQUAL(error_of("$partition([0,1], 0)"), "D3200");
  BOOST_CHECK_EQUAL(error_of("$partition([0,1], 1.5)"), "D3200");
}

BOOST_AUTO_TEST_CASE(range_includes_a_reached_end_and_collapses_a_singleton) {
  BOOST_CHECK_EQUAL(value_of("$range(0,9,3)"), Json::parse("[0,3,6,9]"));
  BOOST_CHECK_EQUAL(value_of("$range(0,10,3)"), Json::parse("[0,3,6,9]"));
  BOOST_CHECK_EQUAL(value_of("$range(1,9,2)"), Json::parse("[1,3,5,7,9]"));
  BOOST_CHECK_EQUAL(value_of("$range(1,9,9)"), Json(1));
  BOOST_CHECK_EQUAL(value_of("$range(5,1,-2)"), Json::parse("[5,3,1]"));
  BOOST_CHECK_EQUAL(value_of("$range(0,3)"), Json::parse("[0,1,2,3]"));
  BOOST_CHECK_EQUAL(value_of("$range(0,3,0)"), Json::parse("[]"));
  BOOST_CHECK_EQUAL(error_of("$range(0,1e9,1)"), "D2014");
}

BOOST_AUTO_TEST_CASE(hash_gives_hex_digests_of_the_five_algorithms) {
  BOOST_CHECK_EQUAL(value_of("$hash('hello', 'MD5')"), "5d41402abc4b2a76b9719d911017c592");
  BOOST_CHECK_EQUAL(value_of("$hash('hello', 'SHA-1')"), "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
  BOOST_CHECK_EQUAL(value_of("$hash('hello', 'SHA-256')"),
                    "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  BOOST_CHECK_EQUAL(value_of("$length($hash('hello', 'SHA-384'))"), 96);
  BOOST_CHECK_EQUAL(value_of("$length($hash('hello', 'SHA-512'))"), 128);
  BOOST_CHECK_EQUAL(error_of("$hash('hello', 'SHA-3')"), "D3201");
  BOOST_CHECK_EQUAL(error_of("$hash(1, 'MD5')"), "T0410");
}

BOOST_AUTO_TEST_CASE(parse_follows_json_parse) {
  BOOST_CHECK_EQUAL(value_of("$parse('-0')"), Json(0));
  BOOST_CHECK_EQUAL(value_of("$parse('1.1')"), Json(1.1));
  BOOST_CHECK_EQUAL(value_of("$parse('true')"), Json(true));
  BOOST_CHECK_EQUAL(value_of("$parse('\"HelloWorld\"')"), Json("HelloWorld"));
  BOOST_CHECK_EQUAL(value_of("$parse('{\"a\":[1,{\"b\":null}]}').a[1]"), Json::parse(R"({"b":null})"));
  BOOST_CHECK_EQUAL(error_of("$parse('{')"), "D3202");
}

BOOST_AUTO_TEST_CASE(eval_and_unknown_functions_are_not_functions) {
  const Outcome outcome = run("$randomSeeded(1)");
  BOOST_CHECK_EQUAL(outcome.error.describe(), "T1006: Attempted to invoke a non-function");
  BOOST_CHECK_EQUAL(error_of("$eval('1')"), "T1006");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(jsonata_determinism)

BOOST_AUTO_TEST_CASE(random_and_uuid_draw_from_the_host_stream) {
  BOOST_CHECK_EQUAL(run("[$random(), $uuid()]", nullptr, {}, 7).value,
                    run("[$random(), $uuid()]", nullptr, {}, 7).value);
  BOOST_CHECK_NE(run("$uuid()", nullptr, {}, 7).value, run("$uuid()", nullptr, {}, 8).value);
  const Json uuid = value_of("$uuid()");
  const std::string text = uuid.get<std::string>();
  BOOST_CHECK_EQUAL(text.size(), 36u);
  BOOST_CHECK_EQUAL(text[14], '4');
  BOOST_CHECK(std::string("89ab").find(text[19]) != std::string::npos);
  const double number = value_of("$random()").get<double>();
  BOOST_CHECK(number >= 0 && number < 1);
}

BOOST_AUTO_TEST_CASE(seeded_random_is_a_pure_function_of_the_seed) {
  BOOST_CHECK_EQUAL(run("$random(42)", nullptr, {}, 1).value, run("$random(42)", nullptr, {}, 2).value);
  BOOST_CHECK_NE(value_of("$random(42)"), value_of("$random(43)"));
  BOOST_CHECK_EQUAL(value_of("$random('x') = $random('x')"), Json(true));
  const double number = value_of("$random(42)").get<double>();
  BOOST_CHECK(number >= 0 && number < 1);
}

BOOST_AUTO_TEST_CASE(millis_reads_the_virtual_clock_for_the_whole_evaluation) {
  BOOST_CHECK_EQUAL(run("$millis()", nullptr, {}, 1, 123).value, Json(123));
  BOOST_CHECK_EQUAL(run("[$millis(), $millis()]", nullptr, {}, 1, 5).value, Json::parse("[5,5]"));
}

BOOST_AUTO_TEST_CASE(random_without_a_source_is_an_error_not_a_crash) {
  Environment environment;
  const Outcome outcome = evaluate(compiled("$random()"), nullptr, environment);
  BOOST_CHECK(outcome.kind == Outcome::Kind::error);
  BOOST_CHECK_EQUAL(outcome.error.code, "U1004");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(jsonata_bounded_work)

BOOST_AUTO_TEST_CASE(deep_nesting_is_a_syntax_error_not_a_stack_overflow) {
  const std::string parens = std::string(100000, '(') + "1" + std::string(100000, ')');
  auto result = compile(parens);
  BOOST_REQUIRE(std::holds_alternative<Error>(result));
  BOOST_CHECK_EQUAL(std::get<Error>(result).code, "S0800");
  std::string sum = "1";
  for (int i = 0; i < 50000; ++i) sum += "+1";
  BOOST_CHECK_EQUAL(std::get<Error>(compile(sum)).code, "S0800");
  std::string path = "a";
  for (int i = 0; i < 50000; ++i) path += ".a";
  BOOST_CHECK(std::holds_alternative<Error>(compile(path)));
  BOOST_CHECK(std::holds_alternative<Expression>(compile(std::string(300, '[') + std::string(300, ']'))));
}

BOOST_AUTO_TEST_CASE(huge_ranges_and_strings_end_with_errors) {
  BOOST_CHECK_EQUAL(error_of("[1..1e9]"), "D2014");
  Limits limits;
  limits.array_length = 1000;
  BOOST_CHECK_EQUAL(error_of("[1..5000]", nullptr, limits), "U1002");
  BOOST_CHECK_EQUAL(error_of("$pad('x', 1e12)"), "U1002");
  BOOST_CHECK_EQUAL(error_of("$reduce([1..40], function($a, $b){$a & $a}, 'xy')"), "U1002");
  BOOST_CHECK_EQUAL(error_of("$reduce([1..40], function($a, $b){$append($a, $a)}, [1])"), "U1002");
  BOOST_CHECK_EQUAL(error_of("$reduce([1..2000], function($a, $b){[[$a]]}, [])"), "U1002");
}

BOOST_AUTO_TEST_CASE(runaway_recursion_is_u1001) {
  BOOST_CHECK_EQUAL(error_of("($f := function($n){$f($n+1)}; $f(0))"), "U1001");
  BOOST_CHECK_EQUAL(error_of("($f := function($n){1 + $f($n+1)}; $f(0))"), "U1001");
  BOOST_CHECK_EQUAL(error_of("(function($f){$f($f)})(function($f){$f($f)})"), "U1001");
  // 5,000 levels fit the default 64 MiB in a Release build; sanitizer builds use far bigger
  // frames, so this check lends more (segments are mapped only as deep as the recursion goes).
  Limits deep;
  deep.stack_bytes = size_t{1} << 30;
  const Outcome outcome =
      run("($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f(5000))", nullptr, deep);
  BOOST_CHECK_EQUAL(outcome.value, Json(5000));
}

BOOST_AUTO_TEST_CASE(the_step_budget_ends_long_loops) {
  Limits limits;
  limits.steps = 100000;
  BOOST_CHECK_EQUAL(error_of("$sum([1..1000000])", nullptr, limits), "U1001");
  BOOST_CHECK_EQUAL(error_of("$count([1..200000].($ * 2))", nullptr, limits), "U1001");
  const Outcome outcome = run("$sum([1..1000].($v := $; $sum([1..1000].($ * $v))))", nullptr, limits);
  BOOST_CHECK_EQUAL(outcome.error.describe(),
                    "U1001: Expression evaluation timeout: Check for infinite loop");
}

BOOST_AUTO_TEST_CASE(catastrophic_regex_backtracking_is_an_error) {
  const Json input = Json{{"s", std::string(5000, 'a') + "!"}};
  BOOST_CHECK_EQUAL(error_of("$match(s, /(a+)+$/)", &input), "U1003");
  BOOST_CHECK_EQUAL(error_of("$contains(s, /^(a|a?)+$/)", &input), "U1003");
  BOOST_CHECK_EQUAL(value_of("$contains(s, /a+!/)", &input), Json(true));
}

BOOST_AUTO_TEST_CASE(deep_input_is_walked_without_overflow) {
  Json deep = 1;
  for (int i = 0; i < 400; ++i) deep = Json::array({deep});
  BOOST_CHECK(run("**", &deep).kind == Outcome::Kind::value);
  BOOST_CHECK(run("$string($)", &deep).kind == Outcome::Kind::value);
  BOOST_CHECK(run("$ = $", &deep).kind == Outcome::Kind::value);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(jsonata_api)

BOOST_AUTO_TEST_CASE(bindings_refer_to_host_json) {
  const Json input = Json::parse(R"({"list": [1, 2, 3]})");
  const Json context = Json::parse(R"({"Execution": {"Id": "arn:1"}})");
  const Json answer = 42;
  const std::vector<Binding::Member> states{{"input", &input}, {"context", &context},
                                            {"result", nullptr}};
  std::vector<Binding> bindings;
  bindings.push_back(Binding{"states", nullptr, states});
  bindings.push_back(Binding{"answer", &answer, {}});
  Environment environment;
  environment.bindings = bindings;
  auto expression = compiled(
      "{'sum': $sum($states.input.list) + $answer, 'id': $states.context.Execution.Id, "
      "'result': $exists($states.result)}");
  const Outcome outcome = evaluate(expression, nullptr, environment);
  BOOST_REQUIRE(outcome.kind == Outcome::Kind::value);
  BOOST_CHECK_EQUAL(outcome.value, Json::parse(R"({"sum": 48, "id": "arn:1", "result": false})"));
  BOOST_CHECK(evaluate(compiled("$states.input"), nullptr, environment).value == input);
}

// An object binding ($states) is read in place, never built into a box: used as a whole, it
// behaves as the object of its present members, in the order given.
BOOST_AUTO_TEST_CASE(object_bindings_behave_as_objects_when_used_whole) {
  const Json input = Json::parse(R"({"a": 1})");
  const Json result = Json::parse(R"([true])");
  const std::vector<Binding::Member> states{{"input", &input}, {"errorOutput", nullptr},
                                            {"result", &result}};
  const std::vector<Binding> bindings{Binding{"states", nullptr, states}};
  Environment environment;
  environment.bindings = bindings;
  const auto value = [&](std::string_view text) {
    const Outcome outcome = evaluate(compiled(text), nullptr, environment);
    BOOST_REQUIRE_MESSAGE(outcome.kind == Outcome::Kind::value, text);
    return outcome.value;
  };
  BOOST_CHECK_EQUAL(value("$states"), Json::parse(R"({"input": {"a": 1}, "result": [true]})"));
  BOOST_CHECK_EQUAL(value("$keys($states)"), Json::parse(R"(["input", "result"])"));
  BOOST_CHECK_EQUAL(value("$count($keys($states))"), Json(2));
  BOOST_CHECK_EQUAL(value("$string($states)"), Json(R"({"input":{"a":1},"result":[true]})"));
  BOOST_CHECK_EQUAL(value("$states = $states"), Json(true));
  BOOST_CHECK_EQUAL(value("$states = {'input': {'a': 1}, 'result': [true]}"), Json(true));
  BOOST_CHECK_EQUAL(value("$merge([$states, {'result': 2}])"),
                    Json::parse(R"({"input": {"a": 1}, "result": 2})"));
  BOOST_CHECK_EQUAL(value("$states ~> |$|{'extra': 1}, ['input']|"),
                    Json::parse(R"({"result": [true], "extra": 1})"));
  BOOST_CHECK_EQUAL(value("$states.*"), Json::parse(R"([{"a": 1}, true])"));
  BOOST_CHECK_EQUAL(value("$exists($states.errorOutput)"), Json(false));
  BOOST_CHECK_EQUAL(value("$type($states)"), Json("object"));
  BOOST_CHECK_EQUAL(value("$lookup($states, 'input').a"), Json(1));
  BOOST_CHECK_EQUAL(value("$each($states, function($v, $k) {$k})"),
                    Json::parse(R"(["input", "result"])"));
  BOOST_CHECK_EQUAL(value("$sift($states, function($v, $k) {$k = 'input'})"),
                    Json::parse(R"({"input": {"a": 1}})"));
}

BOOST_AUTO_TEST_CASE(outcome_kinds) {
  BOOST_CHECK(run("$missing").kind == Outcome::Kind::undefined);
  BOOST_CHECK(run("function($x){$x}").kind == Outcome::Kind::function);
  BOOST_CHECK(run("$sum").kind == Outcome::Kind::function);
  BOOST_CHECK(run("$x := 1").kind == Outcome::Kind::value);
  BOOST_CHECK_EQUAL(error_of("1/0"), "D1001");
  const Json input = Json::parse("[1, 2]");
  BOOST_CHECK_EQUAL(value_of("$", &input), input);
  BOOST_CHECK_EQUAL(value_of("$[0]", &input), Json(1));
}

BOOST_AUTO_TEST_CASE(free_variables_are_the_unbound_reads) {
  const Expression expression = compiled(
      "($x := $states.input.a; $f := function($p){$p + $bias}; $f($x) + $count($list) + $$.v)");
  BOOST_CHECK(expression.free_variables() == (std::vector<std::string>{"bias", "list", "states"}));
  BOOST_CHECK_EQUAL(expression.source().size(), 86u);
  BOOST_CHECK(compiled("a.b[c > 1]").free_variables().empty());
  BOOST_CHECK(compiled("a@$o.b#$i.{'x': $o, 'i': $i, 'y': $y}").free_variables() ==
              std::vector<std::string>{"y"});
}

BOOST_AUTO_TEST_CASE(error_positions_and_descriptions) {
  const Outcome outcome = run("1 + 'a'");
  BOOST_CHECK_EQUAL(outcome.error.describe(),
                    "T2002: The right side of the \"+\" operator must evaluate to a number");
  BOOST_CHECK_EQUAL(outcome.error.position, 3u);
  auto syntax = compile("'é' + ");
  BOOST_CHECK_EQUAL(std::get<Error>(syntax).code, "S0207");
  BOOST_CHECK_EQUAL(std::get<Error>(syntax).position, 6u);  // UTF-16 offsets, as jsonata-js
}

BOOST_AUTO_TEST_CASE(one_expression_evaluates_on_several_threads_at_once) {
  const Expression expression = compiled(
      "$sum(items.(price * qty)) & '-' & $join(items^(>price).name, ',') & $string($random(3))");
  Json input = {{"items", Json::array()}};
  for (int i = 0; i < 200; ++i)
    input["items"].push_back({{"price", i % 17}, {"qty", i % 5}, {"name", "n" + std::to_string(i)}});
  Environment environment;
  const Json expected = evaluate(expression, &input, environment).value;
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i)
        if (evaluate(expression, &input, environment).value != expected) ++mismatches;
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_CHECK_EQUAL(mismatches.load(), 0);
}

BOOST_AUTO_TEST_CASE(number_text_follows_javascript) {
  using detail::js_number_text;
  BOOST_CHECK_EQUAL(js_number_text(1e21), "1e+21");
  BOOST_CHECK_EQUAL(js_number_text(1e20), "100000000000000000000");
  BOOST_CHECK_EQUAL(js_number_text(1.5e-7), "1.5e-7");
  BOOST_CHECK_EQUAL(js_number_text(0.000001), "0.000001");
  BOOST_CHECK_EQUAL(js_number_text(0.1 + 0.2), "0.30000000000000004");
  BOOST_CHECK_EQUAL(js_number_text(-0.0), "0");
  BOOST_CHECK_EQUAL(js_number_text(123.456), "123.456");
  BOOST_CHECK_EQUAL(js_number_text(-5e-324), "-5e-324");
  BOOST_CHECK_EQUAL(js_number_text(1.7976931348623157e308), "1.7976931348623157e+308");
  BOOST_CHECK_EQUAL(detail::js_radix_text(255, 16), "ff");
  BOOST_CHECK_EQUAL(detail::js_radix_text(-10, 2), "-1010");
}

RC_BOOST_PROP(number_text_round_trips, (double value)) {
  RC_PRE(std::isfinite(value));
  const std::string text = detail::js_number_text(value);
  RC_ASSERT(std::strtod(text.c_str(), nullptr) == (value == 0 ? 0.0 : value));
}

RC_BOOST_PROP(compile_and_evaluate_never_throw_on_arbitrary_text, (std::string text)) {
  auto result = compile(text);
  if (auto* expression = std::get_if<Expression>(&result)) {
    Limits limits;
    limits.steps = 20000;
    Random random(1);
    Environment environment;
    environment.random = &random;
    environment.limits = limits;
    const Json input = Json::parse(R"({"a": [1, "x", {"b": null}], "c": {"d": 2.5}})");
    (void)evaluate(*expression, &input, environment);
  } else {
    RC_ASSERT(!std::get<Error>(result).code.empty());
  }
}

RC_BOOST_PROP(compile_never_throws_on_token_soup, ()) {
  static const std::vector<std::string> tokens = {
      "a", "$x", "$", "$$", "(", ")", "[", "]", "{", "}", ".", ",", ";", ":", "?", "+", "-", "*",
      "/", "%", "&", "=", "!=", "<", ">=", "..", ":=", "~>", "^(", "@", "#", "|", "'s'", "1",
      "true", "null", "function", "λ", "and", "or", "in", "**", "/a/", "<n:n>", "$sum", "$map"};
  const auto picks = *rc::gen::container<std::vector<size_t>>(
      rc::gen::inRange<size_t>(0, tokens.size()));
  std::string text;
  for (size_t pick : picks) text += tokens[pick] + " ";
  auto result = compile(text);
  if (auto* expression = std::get_if<Expression>(&result)) {
    Limits limits;
    limits.steps = 20000;
    Random random(1);
    Environment environment;
    environment.random = &random;
    environment.limits = limits;
    const Json input = Json::parse(R"({"a": [1, 2], "x": "y"})");
    (void)evaluate(*expression, &input, environment);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::jsonata
