// Strict, bounded JSON reading: syntax errors with positions, duplicate keys, nesting and size
// limits, all as problems and never as exceptions or deep recursion.
#include <boost/test/unit_test.hpp>

#include "scenario/strict_json.h"
#include "scenario_test_support.h"

namespace wfsim::scenario {
namespace {

FileProblem problem_of(std::string_view text, const JsonLimits& limits = {}) {
  auto parsed = parse_json_text(text, "in.json", limits);
  BOOST_REQUIRE(std::holds_alternative<FileProblem>(parsed));
  return std::get<FileProblem>(parsed);
}

BOOST_AUTO_TEST_CASE(valid_json_keeps_key_order_and_every_number_kind) {
  auto parsed = parse_json_text(R"({"b": 1, "a": [true, null, -2, 1.5, 18446744073709551615]})",
                                "in.json");
  const Json& json = std::get<Json>(parsed);
  BOOST_TEST(json.begin().key() == "b");
  BOOST_TEST(json["a"][2].get<int64_t>() == -2);
  BOOST_TEST(json["a"][3].get<double>() == 1.5);
  BOOST_TEST(json["a"][4].get<uint64_t>() == UINT64_MAX);
}

BOOST_AUTO_TEST_CASE(a_syntax_error_names_the_file_line_and_column) {
  const FileProblem problem = problem_of("{\n  \"a\": tru\n}");
  BOOST_TEST(problem.file == "in.json");
  BOOST_TEST(problem.message.find("line ") != std::string::npos, problem.message);
  BOOST_TEST(problem.message.find("column ") != std::string::npos, problem.message);
  BOOST_TEST(problem.message.find("invalid literal") != std::string::npos, problem.message);
  BOOST_TEST(to_string(problem).starts_with("in.json: parse error"), to_string(problem));
}

BOOST_AUTO_TEST_CASE(a_duplicate_key_is_a_problem_at_its_pointer) {
  const FileProblem problem = problem_of(R"({"a": {"x": [1, {"k": 1, "k": 2}]}})");
  BOOST_TEST(problem.pointer == "/a/x/1/k");
  BOOST_TEST(problem.message == "duplicate key \"k\"");
}

BOOST_AUTO_TEST_CASE(nesting_deeper_than_the_limit_stops_without_building_the_document) {
  const std::string deep(100'000, '[');
  const FileProblem problem = problem_of(deep);
  BOOST_TEST(problem.message == "nested deeper than 256 levels");
  BOOST_TEST(problem.pointer.starts_with("/0/0/0"));
  JsonLimits shallow;
  shallow.max_depth = 2;
  BOOST_TEST(problem_of(R"({"a": [[1]]})", shallow).pointer == "/a/0");
  BOOST_TEST(std::holds_alternative<Json>(parse_json_text(R"({"a": [1]})", "in.json", shallow)));
}

BOOST_AUTO_TEST_CASE(input_over_the_size_limit_is_refused_before_parsing) {
  JsonLimits small;
  small.max_file_bytes = 10;
  BOOST_TEST(problem_of(R"({"abcdefghij": 1})", small).message == "larger than 10 bytes");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_and_trailing_garbage_are_problems) {
  BOOST_TEST(!problem_of("\"\xff\"").message.empty());
  BOOST_TEST(!problem_of("{} {}").message.empty());
  BOOST_TEST(!problem_of("").message.empty());
}

BOOST_AUTO_TEST_CASE(reading_a_file_reports_missing_files_and_directories) {
  const test::ScratchDirectory scratch("strict-files");
  const auto missing = read_json_file(scratch.path() / "none.json", "none.json");
  BOOST_TEST(std::get<FileProblem>(missing).message.starts_with("cannot open"));
  const auto directory = read_json_file(scratch.path(), "dir");
  BOOST_TEST(std::get<FileProblem>(directory).message == "is a directory, not a file");
  scratch.write("big.json", std::string(100, ' ') + "1");
  JsonLimits small;
  small.max_file_bytes = 50;
  const auto big = read_json_file(scratch.path() / "big.json", "big.json", small);
  BOOST_TEST(std::get<FileProblem>(big).message == "larger than 50 bytes");
}

}  // namespace
}  // namespace wfsim::scenario
