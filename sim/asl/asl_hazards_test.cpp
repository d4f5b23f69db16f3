// The input hazards of docs/reliability.md, at full size, for the ASL validator and compiler, so
// that every build (not only the clang fuzz build) covers them: numbers at and past the edges of
// double and int64, cycles of Next, 200,000 states, empty and invalid UTF-8 strings, and every
// value of every bundled definition replaced by each JSON type. Each input is rejected with
// problems or compiled; none throws, asserts or takes more than linear time. Deep nesting is
// definition_test.cpp's (and, through the file reader, scenario_hazards_test.cpp's). The fuzz
// targets (asl_fuzz.cpp, jsonpath_fuzz.cpp, intrinsic_fuzz.cpp) explore the same ground at random.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "asl/definition.h"
#include "asl/path.h"
#include "asl/payload.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

namespace fs = std::filesystem;
using test::json;
using test::single_state;

fs::path source_dir() {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  BOOST_REQUIRE_MESSAGE(root != nullptr, "WFSIM_SOURCE_DIR is not set (run through ctest)");
  return root;
}

// Either outcome is fine; what matters is that it is one of the two and that the two entry
// points agree. Problems must be printable as JSON (tools print them so).
void expect_rejected_or_compiled(const Json& definition, const std::string& what) {
  const Problems problems = validate(definition);
  auto parsed = parse_definition(definition);
  const auto* found = std::get_if<Problems>(&parsed);
  BOOST_TEST((found == nullptr) == problems.empty(), what);
  if (found != nullptr) BOOST_TEST((*found == problems), what);
  for (const Problem& problem : problems) {
    BOOST_TEST(!problem.message.empty(), what);
    BOOST_TEST((problem.path.empty() || problem.path.front() == '/'), what);
    BOOST_CHECK_NO_THROW(Json(problem.message).dump());
    BOOST_CHECK_NO_THROW(Json(problem.path).dump());
  }
}

// {"StartAt": "S0", "States": {"S0": Pass -> S1, ..., "S<n-1>": Pass, End}}.
Json chain_of_pass_states(size_t count) {
  Json states = Json::object();
  auto& entries = static_cast<Json::object_t::Container&>(states.get_ref<Json::object_t&>());
  entries.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    Json state = {{"Type", "Pass"}};
    if (i + 1 < count) {
      std::string next = "S";
      next += std::to_string(i + 1);
      state["Next"] = std::move(next);
    } else {
      state["End"] = true;
    }
    std::string name = "S";
    name += std::to_string(i);
    // Appended directly: operator[] searches an ordered_json linearly (quadratic here).
    entries.emplace_back(std::move(name), std::move(state));
  }
  return Json{{"StartAt", "S0"}, {"States", std::move(states)}};
}

BOOST_AUTO_TEST_SUITE(asl_hazards)

BOOST_AUTO_TEST_CASE(two_hundred_thousand_states_are_refused_quickly_by_the_state_limit) {
  const Json definition = chain_of_pass_states(200'000);
  const Problems problems = validate(definition);
  BOOST_TEST(problems.size() == 1U, test::describe(problems));
  BOOST_TEST(test::has_problem(problems, "/States/S10000", "more than 10000 states"));
}

BOOST_AUTO_TEST_CASE(two_hundred_thousand_states_compile_when_allowed) {
  // With the limit lifted, the validator's whole-machine passes (names, reachability) run over
  // every state. A linear pass takes well under a second here; a quadratic one (4e10 steps)
  // would run past the test's ctest time limit, so no wall clock is read.
  ParseLimits limits;
  limits.max_states = 250'000;
  const Json small = chain_of_pass_states(20'000);
  const Json large = chain_of_pass_states(200'000);
  WFSIM_CHECK_NO_PROBLEMS(validate(small, limits));
  auto parsed = parse_definition(large, limits);
  BOOST_REQUIRE(std::holds_alternative<std::shared_ptr<const Definition>>(parsed));
  BOOST_TEST(std::get<std::shared_ptr<const Definition>>(parsed)->root.states.size() == 200'000U);
}

BOOST_AUTO_TEST_CASE(cycles_of_next_are_valid_asl_and_validate_terminates) {
  // A state machine may loop (the engine bounds the run: history limit, run limits); the
  // validator must walk cycles without looping itself.
  const Json self_loop =
      json(R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}})");
  WFSIM_CHECK_NO_PROBLEMS(validate(self_loop));
  const Json ring = json(R"({"StartAt": "A", "States": {
      "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Wait", "Seconds": 0, "Next": "C"},
      "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "A"}],
            "Default": "B"}}})");
  WFSIM_CHECK_NO_PROBLEMS(validate(ring));
  // A long ring: every state's Next is the following one, the last's the first.
  Json big = chain_of_pass_states(10'000);
  auto& last = big["States"]["S9999"];
  last.erase("End");
  last["Next"] = "S0";
  WFSIM_CHECK_NO_PROBLEMS(validate(big));
  // A loop nobody enters is still unreachable.
  const Json island = json(R"({"StartAt": "A", "States": {"A": {"Type": "Succeed"},
      "B": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Pass", "Next": "B"}}})");
  WFSIM_CHECK_PROBLEM(validate(island), "/States/B", "not reachable");
}

BOOST_AUTO_TEST_CASE(numbers_at_and_past_the_edges_are_problems_or_exact_values) {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<Json> numbers = {
      Json(1e300), Json(-1e300), Json(inf), Json(-inf), Json(nan), Json(-0.0), Json(0.5),
      Json(std::numeric_limits<uint64_t>::max()), Json(std::numeric_limits<int64_t>::min()),
      Json(std::numeric_limits<int64_t>::max()), Json(9007199254740993ULL), Json(1e-320)};
  const char* task = R"({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "End": true, "Retry": [{"ErrorEquals": ["States.ALL"]}]})";
  for (const Json& number : numbers) {
    const std::string what = number.dump();
    for (const char* field : {"TimeoutSeconds", "HeartbeatSeconds"}) {
      Json state = json(task);
      state[field] = number;
      expect_rejected_or_compiled(single_state(state), what + " as " + field);
    }
    for (const char* field : {"IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds"}) {
      Json state = json(task);
      state["Retry"][0][field] = number;
      expect_rejected_or_compiled(single_state(state), what + " as " + field);
    }
    Json wait = {{"Type", "Wait"}, {"Seconds", number}, {"End", true}};
    expect_rejected_or_compiled(single_state(wait), what + " as Wait Seconds");
    Json map = json(R"({"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "P",
        "States": {"P": {"Type": "Pass", "End": true}}}})");
    map["MaxConcurrency"] = number;
    map["ToleratedFailurePercentage"] = number;
    expect_rejected_or_compiled(single_state(map), what + " in Map");
    Json choice = json(R"({"Type": "Choice", "Default": "S", "Choices": [
        {"Variable": "$.x", "NumericEquals": 0, "Next": "S"}]})");
    choice["Choices"][0]["NumericEquals"] = number;
    expect_rejected_or_compiled(single_state(choice), what + " in Choice");
    Json top = single_state({{"Type", "Pass"}, {"End", true}});
    top["TimeoutSeconds"] = number;
    expect_rejected_or_compiled(top, what + " as the top TimeoutSeconds");
  }
}

BOOST_AUTO_TEST_CASE(empty_strings_everywhere_are_problems_with_paths) {
  WFSIM_CHECK_PROBLEM(validate(json(R"({"StartAt": "", "States": {"": {"Type": "Succeed"}}})")),
                      "/States/", "must not be empty");
  const Json fields = single_state(json(R"({"Type": "Task", "Resource": "", "End": true,
      "InputPath": "", "ResultPath": "", "Parameters": {"a.$": ""},
      "Retry": [{"ErrorEquals": [""]}], "Catch": [{"ErrorEquals": [], "Next": ""}]})"));
  const Problems problems = validate(fields);
  BOOST_TEST(problems.size() >= 5U, test::describe(problems));
  expect_rejected_or_compiled(fields, "empty strings");
  BOOST_TEST(std::holds_alternative<std::string>(JsonPath::parse("")));
  Random random(1);
  BOOST_TEST(!evaluate_intrinsic("", Json::object(), nullptr, random).ok());
  BOOST_TEST(!evaluate_intrinsic("States.Format()", Json::object(), nullptr, random).ok());
}

BOOST_AUTO_TEST_CASE(invalid_utf8_in_names_paths_and_messages_never_throws_when_printed) {
  // The strict file reader refuses invalid UTF-8, but definitions also arrive as documents built
  // in memory (capsules, generators, engine tests); problems quoting them must still print.
  const std::string bad = "S\xff\xfe\xc3(";
  Json definition = {{"StartAt", bad}, {"States", Json::object()}};
  definition["States"][bad] = {{"Type", "Pass"}, {"Next", bad + "x"}, {"Comment", bad}};
  definition["States"]["\xed\xa0\x80"] = {{"Type", bad}};
  expect_rejected_or_compiled(definition, "invalid UTF-8 names");
  Json state = {{"Type", "Pass"}, {"End", true}, {"InputPath", "$." + bad},
                {"Parameters", {{"a.$", "States.Format('" + bad + "{}', $." + bad + ")"}}}};
  expect_rejected_or_compiled(single_state(state), "invalid UTF-8 paths");
  Random random(1);
  const Json input = {{"b64", "//79"}};  // Decodes to 0xff 0xfe 0xfd: not UTF-8.
  const auto decoded = evaluate_intrinsic("States.Base64Decode($.b64)", input, nullptr, random);
  BOOST_REQUIRE(decoded.ok());
  BOOST_CHECK_NO_THROW(decoded.value().dump(-1, ' ', false, Json::error_handler_t::replace));
  const auto format = evaluate_intrinsic("States.Format('{}', $.b64)", Json{{"b64", bad}},
                                         nullptr, random);
  if (!format.ok()) BOOST_CHECK_NO_THROW(Json(format.error().cause).dump(
                        -1, ' ', false, Json::error_handler_t::replace));
}

// Every pointer into `document`, in document order.
void collect_pointers(const Json& value, const std::string& at, std::vector<std::string>& out) {
  out.push_back(at);
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      collect_pointers(member, at + "/" + pointer_segment(key), out);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      collect_pointers(value[i], at + "/" + std::to_string(i), out);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_value_of_every_bundled_definition_replaced_by_every_type) {
  const std::vector<Json> replacements = {
      Json(nullptr), Json(true), Json(0), Json(-1), Json(1.5), Json(1e300), Json(""),
      Json("x"), Json::array(), Json::object(), Json::array({Json::array()}),
      Json{{"", Json::object()}}};
  size_t definitions = 0;
  size_t variants = 0;
  for (const char* directory : {"scenarios/definitions", "bench/definitions"}) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(source_dir() / directory)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      std::ifstream in(file);
      std::stringstream text;
      text << in.rdbuf();
      const Json original = Json::parse(text.str());
      ++definitions;
      std::vector<std::string> pointers;
      collect_pointers(original, "", pointers);
      for (const std::string& pointer : pointers) {
        for (const Json& replacement : replacements) {
          Json variant = original;
          variant[Json::json_pointer(pointer)] = replacement;
          expect_rejected_or_compiled(variant, file.filename().string() + " " + pointer);
          ++variants;
        }
      }
    }
  }
  BOOST_TEST(definitions >= 18U);
  BOOST_TEST_MESSAGE(variants << " variants of " << definitions << " definitions");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wfsim::asl
