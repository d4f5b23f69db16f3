// `wfsim eval` end to end, through the wfsim program: the result as JSON on stdout (nothing when
// undefined), exit 1 with the JSONata code on an evaluation error, exit 2 with code and position
// on a syntax error or unreadable input, variables from --bindings, and $now/$random/$uuid read
// from --now and --seed so that a result reproduces.
#include "cli_test_support.h"

namespace wfsim::cli::test {
namespace {

fs::path scratch_file(const std::string& name, const std::string& text) {
  const fs::path file = fs::temp_directory_path() / ("wfsim-eval-test-" + name);
  std::ofstream(file) << text;
  return file;
}

const fs::path kOrders = scratch_file(
    "orders.json", R"({"orders": [{"id": 1, "total": 10.5, "tags": ["gift"]},
                                  {"id": 2, "total": 4, "tags": []}]})");

Exit eval(std::vector<std::string> args) {
  args.insert(args.begin(), "eval");
  return run_wfsim(args);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_eval)

BOOST_AUTO_TEST_CASE(the_result_is_printed_as_json_with_exit_0) {
  Exit exit = eval({"--jsonata", "$sum(orders.total)", "--input", kOrders.string()});
  BOOST_TEST(exit.code == 0, exit.err);
  BOOST_TEST(exit.out == "14.5\n");
  exit = eval({"--jsonata", "orders[total > 5].{'id': id, 'first': tags[0]}", "--input",
               kOrders.string()});
  BOOST_TEST(exit.out == "{\"id\":1,\"first\":\"gift\"}\n");
  exit = eval({"--jsonata", "[1, 2]", "--indent", "2"});
  BOOST_TEST(exit.out == "[\n  1,\n  2\n]\n");
}

BOOST_AUTO_TEST_CASE(an_undefined_result_prints_nothing_with_exit_0) {
  for (const char* expression : {"missing.field", "orders[total > 100]", "function($x) { $x }"}) {
    const Exit exit = eval({"--jsonata", expression, "--input", kOrders.string()});
    BOOST_TEST(exit.code == 0, expression << ": " << exit.err);
    BOOST_TEST(exit.out.empty(), expression << ": " << exit.out);
  }
  const Exit no_input = eval({"--jsonata", "$"});
  BOOST_TEST(no_input.code == 0);
  BOOST_TEST(no_input.out.empty());
}

BOOST_AUTO_TEST_CASE(variables_come_from_the_bindings_file_with_or_without_dollar) {
  const fs::path bindings =
      scratch_file("bindings.json", R"({"total": 3, "$states": {"input": {"x": 9}}})");
  const Exit exit = eval({"--jsonata", "$total + $states.input.x", "--bindings", bindings.string()});
  BOOST_TEST(exit.code == 0, exit.err);
  BOOST_TEST(exit.out == "12\n");
  const fs::path not_object = scratch_file("array.json", "[1]");
  const Exit refused = eval({"--jsonata", "1", "--bindings", not_object.string()});
  BOOST_TEST(refused.code == 2);
  BOOST_TEST(contains(refused.err, "must be a JSON object"), refused.err);
}

BOOST_AUTO_TEST_CASE(an_evaluation_error_exits_1_with_its_code) {
  const Exit exit = eval({"--jsonata", "1 + 'a'"});
  BOOST_TEST(exit.code == 1);
  BOOST_TEST(exit.out.empty());
  BOOST_TEST(contains(exit.err, "T2002"), exit.err);
  const Exit unknown = eval({"--jsonata", "$nosuch(1)"});
  BOOST_TEST(unknown.code == 1);
  BOOST_TEST(contains(unknown.err, "T1006"), unknown.err);
}

BOOST_AUTO_TEST_CASE(a_syntax_error_or_bad_input_exits_2) {
  const Exit syntax = eval({"--jsonata", "1 +"});
  BOOST_TEST(syntax.code == 2);
  BOOST_TEST(contains(syntax.err, "S0207"), syntax.err);
  BOOST_TEST(contains(syntax.err, "position 3"), syntax.err);
  const fs::path broken = scratch_file("broken.json", "{\"a\": ");
  const Exit bad_input = eval({"--jsonata", "a", "--input", broken.string()});
  BOOST_TEST(bad_input.code == 2);
  BOOST_TEST(contains(bad_input.err, broken.string()), bad_input.err);
  BOOST_TEST(eval({"--jsonata", "a", "--input", "/no/such/file.json"}).code == 2);
  BOOST_TEST(eval({"--jsonata", "$now()", "--now", "yesterday"}).code == 2);
  BOOST_TEST(eval({"--jsonata", "1", "--seed", "-1"}).code == 2);
}

BOOST_AUTO_TEST_CASE(now_random_and_uuid_reproduce_from_now_and_seed) {
  const std::vector<std::string> args = {"--jsonata", "[$now(), $millis(), $uuid(), $random()]",
                                         "--seed", "7", "--now", "2025-06-01T12:00:00Z"};
  const Exit first = eval(args);
  const Exit second = eval(args);
  BOOST_TEST(first.code == 0, first.err);
  BOOST_TEST(first.out == second.out);
  BOOST_TEST(contains(first.out, "\"2025-06-01T12:00:00.000Z\",1748779200000,"), first.out);
  std::vector<std::string> other_seed = args;
  other_seed[3] = "8";
  BOOST_TEST(eval(other_seed).out != first.out);
  BOOST_TEST(contains(eval({"--jsonata", "$now()"}).out, "2024-01-01T00:00:00.000Z"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::cli::test
