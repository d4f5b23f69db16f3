// InputPath / OutputPath selection, ResultPath placement (creating objects on the way, failing
// on non-objects) and the Catch error output.
#include <boost/test/unit_test.hpp>

#include "asl/data_flow.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;

IoPath io(std::string_view text) {
  IoPath out;
  out.kind = IoPath::Kind::path;
  out.path = test::path(text);
  return out;
}

IoPath of_kind(IoPath::Kind kind) {
  IoPath out;
  out.kind = kind;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_flow)

BOOST_AUTO_TEST_CASE(an_absent_io_path_passes_the_value_through) {
  const Json value = json(R"({"a": 1})");
  BOOST_CHECK_EQUAL(apply_io_path(of_kind(IoPath::Kind::root), value).value(), value);
}

BOOST_AUTO_TEST_CASE(a_null_io_path_gives_an_empty_object) {
  BOOST_CHECK_EQUAL(apply_io_path(of_kind(IoPath::Kind::null), json(R"({"a": 1})")).value(),
                    json("{}"));
}

BOOST_AUTO_TEST_CASE(an_io_path_selects_its_node_or_the_array_of_its_matches) {
  const Json value = json(R"({"a": {"b": [1, 2]}})");
  BOOST_CHECK_EQUAL(apply_io_path(io("$.a.b"), value).value(), json("[1, 2]"));
  BOOST_CHECK_EQUAL(apply_io_path(io("$.a.b[*]"), value).value(), json("[1, 2]"));
  BOOST_CHECK_EQUAL(apply_io_path(io("$.a.b[5:]"), value).value(), json("[]"));
}

BOOST_AUTO_TEST_CASE(an_io_path_that_selects_nothing_is_a_runtime_error) {
  auto result = apply_io_path(io("$.x"), json(R"({"a": 1})"));
  BOOST_REQUIRE(!result.ok());
  BOOST_CHECK_EQUAL(result.error().error, "States.Runtime");
  BOOST_CHECK_EQUAL(result.error().cause, "Invalid path '$.x' : No results for path: $['x']");
  auto nested = apply_io_path(io("$.a.b[0]"), json(R"({"a": 1})"));
  BOOST_REQUIRE(!nested.ok());
  // A name missing before the last step: Jayway's "Missing property" text (REC-1.5).
  BOOST_CHECK_EQUAL(nested.error().cause,
                    "Invalid path '$.a.b[0]' : Missing property in path $['a']['b']");
  auto last = apply_io_path(io("$.a.b"), json(R"({"a": {}})"));
  BOOST_REQUIRE(!last.ok());
  BOOST_CHECK_EQUAL(last.error().cause, "Invalid path '$.a.b' : No results for path: $['a']['b']");
}

BOOST_AUTO_TEST_CASE(an_absent_result_path_replaces_the_input_with_the_result) {
  BOOST_CHECK_EQUAL(
      apply_result_path(of_kind(IoPath::Kind::root), json(R"({"a": 1})"), json("5")).value(),
      json("5"));
}

BOOST_AUTO_TEST_CASE(a_null_result_path_discards_the_result_and_keeps_the_input) {
  BOOST_CHECK_EQUAL(
      apply_result_path(of_kind(IoPath::Kind::null), json(R"({"a": 1})"), json("5")).value(),
      json(R"({"a": 1})"));
}

BOOST_AUTO_TEST_CASE(a_result_path_places_the_result_and_creates_missing_objects) {
  const Json input = json(R"({"a": 1})");
  BOOST_CHECK_EQUAL(apply_result_path(io("$.out"), input, json(R"({"v": 2})")).value(),
                    json(R"({"a": 1, "out": {"v": 2}})"));
  BOOST_CHECK_EQUAL(apply_result_path(io("$.x.y.z"), input, json("true")).value(),
                    json(R"({"a": 1, "x": {"y": {"z": true}}})"));
  BOOST_CHECK_EQUAL(apply_result_path(io("$['odd key']"), input, json("0")).value(),
                    json(R"({"a": 1, "odd key": 0})"));
}

BOOST_AUTO_TEST_CASE(a_result_path_overwrites_an_existing_member_in_place) {
  const Json output =
      apply_result_path(io("$.a"), json(R"({"a": 1, "b": 2})"), json("9")).value();
  BOOST_CHECK_EQUAL(output.dump(), R"({"a":9,"b":2})");
  BOOST_CHECK_EQUAL(
      apply_result_path(io("$.a.b"), json(R"({"a": {"b": 1, "c": 2}})"), json("3")).value(),
      json(R"({"a": {"b": 3, "c": 2}})"));
}

BOOST_AUTO_TEST_CASE(a_result_path_may_index_into_an_existing_array_element) {
  BOOST_CHECK_EQUAL(
      apply_result_path(io("$.list[1].v"), json(R"({"list": [{}, {}]})"), json("7")).value(),
      json(R"({"list": [{}, {"v": 7}]})"));
  BOOST_CHECK_EQUAL(
      apply_result_path(io("$.list[0]"), json(R"({"list": [1, 2]})"), json("7")).value(),
      json(R"({"list": [7, 2]})"));
}

BOOST_AUTO_TEST_CASE(a_result_path_through_a_non_object_is_a_result_path_match_failure) {
  auto result = apply_result_path(io("$.a.b"), json(R"({"a": "text"})"), json("1"));
  BOOST_REQUIRE(!result.ok());
  BOOST_CHECK_EQUAL(result.error().error, "States.ResultPathMatchFailure");
  BOOST_CHECK_EQUAL(result.error().cause,
                    "Unable to apply ReferencePath $.a.b to input '{\"a\":\"text\"}'");
  BOOST_CHECK(!apply_result_path(io("$.x"), json("\"plain\""), json("1")).ok());
  BOOST_CHECK(!apply_result_path(io("$.a.b"), json(R"({"a": null})"), json("1")).ok());
  BOOST_CHECK(!apply_result_path(io("$.list[2]"), json(R"({"list": [1]})"), json("1")).ok());
  BOOST_CHECK(!apply_result_path(io("$.a[0]"), json(R"({"a": {"0": 1}})"), json("1")).ok());
}

BOOST_AUTO_TEST_CASE(a_result_path_that_is_not_a_reference_path_is_a_caller_bug) {
  BOOST_CHECK_THROW(apply_result_path(io("$.a[*]"), json("{}"), json("1")), AssertionFailure);
}

BOOST_AUTO_TEST_CASE(the_error_output_has_error_then_cause_with_null_for_missing_ones) {
  BOOST_CHECK_EQUAL(error_output("E", "C").dump(), R"({"Error":"E","Cause":"C"})");
  BOOST_CHECK_EQUAL(error_output(std::nullopt, std::nullopt).dump(),
                    R"({"Error":null,"Cause":null})");
  BOOST_CHECK_EQUAL(error_output("States.Timeout", "").dump(),
                    R"({"Error":"States.Timeout","Cause":""})");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
