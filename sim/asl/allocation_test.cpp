// The hot paths the engine runs per state allocate nothing: a simple Choice comparison and a
// definite JsonPath lookup. This file replaces the global operator new of the test binary with
// a counting one; counting is off except inside the measured blocks.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <new>

#include "asl/choice.h"
#include "asl/path.h"
#include "asl/test_support.h"

// GCC cannot see that this operator new and delete are a matching pair.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {
bool g_counting = false;
size_t g_allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  if (g_counting) ++g_allocations;
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }

namespace wfsim::asl {
namespace {

// Allocations made by `action`.
template <typename Action>
size_t allocations_of(Action&& action) {
  g_allocations = 0;
  g_counting = true;
  action();
  g_counting = false;
  return g_allocations;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hot_paths)

BOOST_AUTO_TEST_CASE(a_simple_numeric_choice_rule_evaluates_without_allocating) {
  Problems problems;
  const auto rule = ChoiceRule::compile(
      test::json(R"({"Variable": "$.out.v", "NumericGreaterThan": 0})"), "", false, problems);
  BOOST_REQUIRE(rule.has_value());
  const Json input = test::json(R"({"init": {"v": 1}, "out": {"v": 1}})");
  bool matched = false;
  const size_t count = allocations_of([&] {
    for (int i = 0; i < 100; ++i) matched = rule->evaluate(input, nullptr).value();
  });
  BOOST_CHECK(matched);
  BOOST_CHECK_EQUAL(count, 0u);
}

BOOST_AUTO_TEST_CASE(string_timestamp_and_combined_rules_evaluate_without_allocating) {
  Problems problems;
  const auto rule = ChoiceRule::compile(test::json(R"({"And": [
      {"Variable": "$.s", "StringMatches": "log-*.txt"},
      {"Variable": "$.t", "TimestampLessThan": "2030-01-01T00:00:00Z"},
      {"Not": {"Variable": "$.b", "BooleanEquals": false}},
      {"Variable": "$.n", "NumericEqualsPath": "$.m"},
      {"Variable": "$.s", "IsPresent": true}]})"), "", false, problems);
  BOOST_REQUIRE(rule.has_value());
  const Json input = test::json(
      R"({"s": "log-1.txt", "t": "2024-01-01T00:00:00Z", "b": true, "n": 3, "m": 3.0})");
  bool matched = false;
  const size_t count = allocations_of([&] { matched = rule->evaluate(input, nullptr).value(); });
  BOOST_CHECK(matched);
  BOOST_CHECK_EQUAL(count, 0u);
}

BOOST_AUTO_TEST_CASE(a_definite_path_lookup_does_not_allocate) {
  const JsonPath path = test::path("$.a.b[1]");
  const Json document = test::json(R"({"a": {"b": [0, 7]}})");
  const Json* found = nullptr;
  const size_t count = allocations_of([&] { found = path.find(document); });
  BOOST_REQUIRE(found != nullptr);
  BOOST_CHECK_EQUAL(*found, 7);
  BOOST_CHECK_EQUAL(count, 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
