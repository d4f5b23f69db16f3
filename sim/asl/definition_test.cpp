// Whole definitions: the benchmark definitions, top-level fields, state names, StartAt, Next /
// End, reachability, limits, JSON text parsing and the compiled model (defaults, indexes).
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "asl/definition.h"
#include "asl/test_support.h"

namespace wfsim::asl {
namespace {

using test::json;
using test::single_state;

std::string read_source_file(const std::string& relative) {
  const char* root = std::getenv("WFSIM_SOURCE_DIR");
  BOOST_REQUIRE_MESSAGE(root != nullptr, "WFSIM_SOURCE_DIR is not set (run through ctest)");
  std::ifstream in(std::string(root) + "/" + relative);
  BOOST_REQUIRE_MESSAGE(in.good(), "cannot read " << relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const Json kPass = json(R"({"Type": "Pass", "End": true})");

// "S3"; built by appending (GCC 12 warns falsely on "S" + std::to_string(i)).
std::string numbered(char prefix, int i) {
  std::string out(1, prefix);
  out += std::to_string(i);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(definitions)

BOOST_AUTO_TEST_CASE(the_simple_benchmark_definition_parses_into_the_expected_model) {
  auto parsed = parse_definition_text(read_source_file("bench/definitions/simple.asl.json"));
  const auto* problems = std::get_if<Problems>(&parsed);
  BOOST_REQUIRE_MESSAGE(problems == nullptr, test::describe(problems ? *problems : Problems{}));
  const Definition& definition = *std::get<std::shared_ptr<const Definition>>(parsed);
  const StateMachine& root = definition.root;
  BOOST_REQUIRE_EQUAL(root.states.size(), 4u);
  BOOST_CHECK_EQUAL(root.start_at, root.find("Init"));
  const State& init = root.states[static_cast<size_t>(root.find("Init"))];
  BOOST_CHECK(init.type == StateType::Pass);
  BOOST_CHECK_EQUAL(*init.result, json(R"({"v": 1})"));
  BOOST_CHECK(init.result_path.kind == IoPath::Kind::path);
  BOOST_CHECK_EQUAL(init.result_path.path->text(), "$.init");
  BOOST_CHECK_EQUAL(init.next, root.find("Work"));
  const State& work = root.states[static_cast<size_t>(root.find("Work"))];
  BOOST_REQUIRE(work.task.has_value());
  BOOST_CHECK(work.task->kind == TaskKind::lambda_legacy);
  BOOST_CHECK_EQUAL(*work.task->timeout.seconds, 30);
  BOOST_CHECK(!work.task->heartbeat.is_set());
  BOOST_CHECK_EQUAL(work.task->region, "us-east-1");
  const State& check = root.states[static_cast<size_t>(root.find("Check"))];
  BOOST_REQUIRE(check.choice.has_value());
  BOOST_REQUIRE_EQUAL(check.choice->choices.size(), 1u);
  BOOST_CHECK_EQUAL(check.choice->choices[0].next, root.find("Done"));
  BOOST_CHECK_EQUAL(check.choice->default_next, root.find("Done"));
  BOOST_CHECK(check.choice->choices[0].rule.evaluate(json(R"({"out": {"v": 1}})"), nullptr)
                  .value());
  const State& done = root.states[static_cast<size_t>(root.find("Done"))];
  BOOST_CHECK(done.type == StateType::Succeed);
  BOOST_CHECK(done.end);
  BOOST_CHECK_EQUAL(definition.source, json(read_source_file("bench/definitions/simple.asl.json")));
}

BOOST_AUTO_TEST_CASE(the_map_benchmark_definition_parses_with_its_item_processor) {
  auto parsed = parse_definition_text(read_source_file("bench/definitions/map100.asl.json"));
  const auto* problems = std::get_if<Problems>(&parsed);
  BOOST_REQUIRE_MESSAGE(problems == nullptr, test::describe(problems ? *problems : Problems{}));
  const Definition& definition = *std::get<std::shared_ptr<const Definition>>(parsed);
  const State& fan = definition.root.states[static_cast<size_t>(definition.root.find("Fan"))];
  BOOST_REQUIRE(fan.map.has_value());
  BOOST_REQUIRE(fan.map->processor != nullptr);
  BOOST_CHECK_EQUAL(fan.map->processor->states.size(), 3u);
  BOOST_CHECK_EQUAL(fan.map->items_path->text(), "$.items");
  BOOST_CHECK_EQUAL(fan.map->max_concurrency, 0);
  BOOST_CHECK_EQUAL(definition.all_states().size(), 6u);
}

BOOST_AUTO_TEST_CASE(a_definition_must_be_an_object) {
  for (const Json& source : {json("[]"), json("1"), json("null"), json("\"x\"")}) {
    WFSIM_CHECK_PROBLEM(validate(source), "", "must be a JSON object");
  }
}

BOOST_AUTO_TEST_CASE(start_at_and_states_are_required) {
  const Problems problems = validate(json("{}"));
  WFSIM_CHECK_PROBLEM(problems, "", "must have StartAt");
  WFSIM_CHECK_PROBLEM(problems, "", "must have States");
  WFSIM_CHECK_PROBLEM(validate(json(R"({"StartAt": "S", "States": []})")), "/States",
                      "must be an object");
  WFSIM_CHECK_PROBLEM(validate(json(R"({"StartAt": "S", "States": {}})")), "/States",
                      "must have at least one state");
}

BOOST_AUTO_TEST_CASE(start_at_must_name_a_state_of_its_machine) {
  Json source = single_state(kPass);
  source["StartAt"] = "Nope";
  WFSIM_CHECK_PROBLEM(validate(source), "/StartAt", "no state named 'Nope'");
  source["StartAt"] = 7;
  WFSIM_CHECK_PROBLEM(validate(source), "/StartAt", "must be a string naming a state");
}

BOOST_AUTO_TEST_CASE(top_level_fields_are_checked_and_unknown_ones_reported) {
  Json source = single_state(kPass);
  source["Comment"] = "fine";
  source["Version"] = "1.0";
  source["TimeoutSeconds"] = 60;
  source["QueryLanguage"] = "JSONPath";
  auto definition = test::parse_ok(source);
  BOOST_CHECK_EQUAL(definition->comment, "fine");
  BOOST_CHECK_EQUAL(definition->version, "1.0");
  BOOST_CHECK_EQUAL(*definition->timeout_seconds, 60);

  source["Extra"] = 1;
  source["Version"] = 1;
  source["Comment"] = false;
  const Problems problems = validate(source);
  WFSIM_CHECK_PROBLEM(problems, "/Extra", "unknown top-level field 'Extra'");
  WFSIM_CHECK_PROBLEM(problems, "/Version", "must be a string");
  WFSIM_CHECK_PROBLEM(problems, "/Comment", "must be a string");
}

BOOST_AUTO_TEST_CASE(top_level_timeout_seconds_must_be_a_positive_integer) {
  const auto problems_for = [](const Json& value) {
    Json source = single_state(kPass);
    source["TimeoutSeconds"] = value;
    return validate(source);
  };
  WFSIM_CHECK_PROBLEM(problems_for(0), "/TimeoutSeconds", "must be a positive integer");
  WFSIM_CHECK_PROBLEM(problems_for(-5), "/TimeoutSeconds", "must be a positive integer");
  WFSIM_CHECK_PROBLEM(problems_for(1.5), "/TimeoutSeconds", "must be a positive integer");
  WFSIM_CHECK_PROBLEM(problems_for(30.0), "/TimeoutSeconds", "must be a positive integer");
  WFSIM_CHECK_PROBLEM(problems_for("60"), "/TimeoutSeconds", "must be a positive integer");
  WFSIM_CHECK_PROBLEM(problems_for(100'000'000), "/TimeoutSeconds", "must be at most 99999999");
  WFSIM_CHECK_PROBLEM(problems_for(json("18446744073709551615")), "/TimeoutSeconds",
                      "must be at most 99999999");
  // A whole number written with an exponent is not an integer, and past the maximum it is
  // reported as too large; anything else names the accepted range.
  WFSIM_CHECK_PROBLEM(problems_for(json("1e300")), "/TimeoutSeconds", "must be at most 99999999");
  WFSIM_CHECK_PROBLEM(problems_for(json("1e20")), "/TimeoutSeconds", "must be at most 99999999");
  WFSIM_CHECK_PROBLEM(problems_for(json("1e2")), "/TimeoutSeconds",
                      "must be a positive integer from 1 to 99999999");
  WFSIM_CHECK_PROBLEM(problems_for(json("-1e20")), "/TimeoutSeconds",
                      "must be a positive integer from 1 to 99999999");
}

BOOST_AUTO_TEST_CASE(the_top_level_query_language_is_jsonpath_or_jsonata_jsonata_1_1) {
  Json source = single_state(kPass);
  source["QueryLanguage"] = "JSONata";
  WFSIM_CHECK_NO_PROBLEMS(validate(source));
  const auto definition = test::parse_ok(source);
  BOOST_CHECK(definition->root.states[0].query_language == QueryLanguage::jsonata);
  source["QueryLanguage"] = "XPath";
  WFSIM_CHECK_PROBLEM(validate(source), "/QueryLanguage", "must be \"JSONPath\" or \"JSONata\"");
}

BOOST_AUTO_TEST_CASE(state_names_must_be_non_empty_and_at_most_80_characters) {
  const auto problems_for = [](const std::string& name) {
    return validate(Json{{"StartAt", name}, {"States", {{name, kPass}}}});
  };
  WFSIM_CHECK_PROBLEM(problems_for(""), "/States/", "must not be empty");
  WFSIM_CHECK_PROBLEM(problems_for(std::string(81, 'x')), "/States/" + std::string(81, 'x'),
                      "at most 80 characters");
  WFSIM_CHECK_NO_PROBLEMS(problems_for(std::string(80, 'x')));
  std::string accented;
  for (int i = 0; i < 80; ++i) accented += "é";
  WFSIM_CHECK_NO_PROBLEMS(problems_for(accented));
}

BOOST_AUTO_TEST_CASE(state_names_are_unique_across_nested_branches_and_processors) {
  const Json source = json(R"({
    "StartAt": "P", "States": {
      "P": {"Type": "Parallel", "Next": "M", "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]},
      "M": {"Type": "Map", "End": true, "ItemProcessor":
        {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}}
    }})");
  const Problems problems = validate(source);
  WFSIM_CHECK_PROBLEM(problems, "/States/P/Branches/1/States/A",
                      "duplicate state name 'A' (also at /States/P/Branches/0/States/A)");
  WFSIM_CHECK_PROBLEM(problems, "/States/M/ItemProcessor/States/P", "duplicate state name 'P'");
}

BOOST_AUTO_TEST_CASE(pointers_escape_state_names_with_slashes_and_tildes) {
  const Json source = json(R"({"StartAt": "a/b~c", "States": {"a/b~c": {"Type": "Pass"}}})");
  WFSIM_CHECK_PROBLEM(validate(source), "/States/a~1b~0c", "must have Next or End");
}

BOOST_AUTO_TEST_CASE(continuing_states_need_exactly_one_of_next_and_end) {
  const auto problems_for = [](const Json& state) {
    Json source = single_state(state);
    source["States"]["T"] = kPass;
    return validate(source);
  };
  WFSIM_CHECK_PROBLEM(problems_for(json(R"({"Type": "Pass"})")), "/States/S",
                      "must have Next or End");
  WFSIM_CHECK_PROBLEM(problems_for(json(R"({"Type": "Pass", "Next": "T", "End": true})")),
                      "/States/S", "cannot have both Next and End");
  WFSIM_CHECK_PROBLEM(problems_for(json(R"({"Type": "Pass", "End": false})")), "/States/S/End",
                      "must be true");
  WFSIM_CHECK_PROBLEM(problems_for(json(R"({"Type": "Pass", "End": "yes"})")), "/States/S/End",
                      "must be true");
  WFSIM_CHECK_PROBLEM(problems_for(json(R"({"Type": "Pass", "Next": "Nope"})")),
                      "/States/S/Next", "no state named 'Nope' in this state machine");
  WFSIM_CHECK_PROBLEM(problems_for(json(R"({"Type": "Pass", "Next": 3})")), "/States/S/Next",
                      "must be a string naming a state");
}

BOOST_AUTO_TEST_CASE(next_must_name_a_state_of_the_same_machine_not_an_outer_one) {
  const Json source = json(R"({
    "StartAt": "P", "States": {
      "P": {"Type": "Parallel", "Next": "After", "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "After"}}}]},
      "After": {"Type": "Succeed"}}})");
  WFSIM_CHECK_PROBLEM(validate(source), "/States/P/Branches/0/States/A/Next",
                      "no state named 'After'");
}

BOOST_AUTO_TEST_CASE(states_not_reachable_from_start_at_are_reported) {
  const Json source = json(R"({
    "StartAt": "A", "States": {
      "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "B",
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]},
      "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "C"}],
            "Default": "D"},
      "C": {"Type": "Succeed"}, "D": {"Type": "Succeed"}, "Caught": {"Type": "Succeed"},
      "Orphan": {"Type": "Pass", "Next": "Orphan2"}, "Orphan2": {"Type": "Succeed"}}})");
  const Problems problems = validate(source);
  BOOST_CHECK_EQUAL(problems.size(), 2u);
  WFSIM_CHECK_PROBLEM(problems, "/States/Orphan", "state 'Orphan' is not reachable from StartAt");
  WFSIM_CHECK_PROBLEM(problems, "/States/Orphan2", "not reachable");
}

BOOST_AUTO_TEST_CASE(unreachable_states_inside_a_branch_are_reported_with_their_path) {
  const Json source = json(R"({
    "StartAt": "P", "States": {
      "P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}]}}})");
  WFSIM_CHECK_PROBLEM(validate(source), "/States/P/Branches/0/States/B", "not reachable");
}

BOOST_AUTO_TEST_CASE(more_states_than_the_limit_is_one_problem_and_stops_there) {
  Json states = Json::object();
  for (int i = 0; i < 50; ++i) {
    states[numbered('S', i)] =
        i == 49 ? kPass : Json{{"Type", "Pass"}, {"Next", numbered('S', i + 1)}};
  }
  const Json source = {{"StartAt", "S0"}, {"States", states}};
  WFSIM_CHECK_NO_PROBLEMS(validate(source));
  ParseLimits limits;
  limits.max_states = 10;
  const Problems problems = validate(source, limits);
  BOOST_CHECK_EQUAL(problems.size(), 1u);
  WFSIM_CHECK_PROBLEM(problems, "/States/S10", "more than 10 states");
}

BOOST_AUTO_TEST_CASE(nested_states_count_toward_the_state_limit) {
  const Json source = json(R"({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
    "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
                                                 "B": {"Type": "Succeed"}}}}}})");
  ParseLimits limits;
  limits.max_states = 2;
  WFSIM_CHECK_PROBLEM(validate(source, limits), "/States/M/ItemProcessor/States/B",
                      "more than 2 states");
}

BOOST_AUTO_TEST_CASE(parallel_and_map_nesting_beyond_the_limit_is_reported_without_recursing) {
  Json inner = json(R"({"StartAt": "X", "States": {"X": {"Type": "Succeed"}}})");
  for (int level = 0; level < 60; ++level) {
    const std::string name = numbered('L', level);
    Json state = {{"Type", "Parallel"}, {"End", true}, {"Branches", Json::array({inner})}};
    inner = {{"StartAt", name}, {"States", {{name, state}}}};
  }
  const Problems problems = validate(inner);
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  BOOST_CHECK(problems[0].message.find("nest deeper than 32 levels") != std::string::npos);
  ParseLimits limits;
  limits.max_depth = 1000;
  WFSIM_CHECK_NO_PROBLEMS(validate(inner, limits));
  for (int level = 60; level < 200; ++level) {
    const std::string name = numbered('L', level);
    Json state = {{"Type", "Parallel"}, {"End", true}, {"Branches", Json::array({inner})}};
    inner = {{"StartAt", name}, {"States", {{name, state}}}};
  }
  WFSIM_CHECK_NO_PROBLEMS(validate(inner, limits));
  WFSIM_CHECK_PROBLEM(validate(inner), "", "nests deeper than 512 levels of JSON");
}

BOOST_AUTO_TEST_CASE(json_nested_too_deep_to_copy_safely_is_refused_before_any_copy) {
  Json result = 1;
  for (int i = 0; i < 100'000; ++i) result = Json::array({std::move(result)});
  Json source = single_state(kPass);
  source["States"]["S"]["Result"] = std::move(result);
  const Problems problems = validate(source);
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  BOOST_CHECK_EQUAL(problems[0].path, "");
  BOOST_CHECK(problems[0].message.find("deeper than 512 levels") != std::string::npos);
  const std::string text = std::string(200'000, '[') + std::string(200'000, ']');
  BOOST_CHECK(std::holds_alternative<Problems>(parse_definition_text(text)));
}

BOOST_AUTO_TEST_CASE(problems_quoting_invalid_utf8_are_repaired_so_they_can_be_printed) {
  Json source = {{"StartAt", "S"}, {"States", {{"S", kPass}, {"\xff", kPass}}}};
  const Problems problems = validate(source);
  BOOST_REQUIRE(!problems.empty());
  for (const Problem& problem : problems) {
    BOOST_CHECK_NO_THROW(Json(problem.path).dump());
    BOOST_CHECK_NO_THROW(Json(problem.message).dump());
  }
  WFSIM_CHECK_PROBLEM(problems, "/States/\xEF\xBF\xBD", "not reachable");
  auto parsed = parse_definition_text("{\"a\": tru\xff}");
  BOOST_REQUIRE(std::holds_alternative<Problems>(parsed));
  BOOST_CHECK_NO_THROW(Json(std::get<Problems>(parsed)[0].message).dump());
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported_not_only_the_first) {
  const Json source = json(R"({"StartAt": "A", "States": {
    "A": {"Type": "Pass", "Next": "B", "Bogus": 1},
    "B": {"Type": "Wait", "End": true},
    "C": {"Type": "Fail", "Error": 5}}})");
  const Problems problems = validate(source);
  WFSIM_CHECK_PROBLEM(problems, "/States/A/Bogus", "unknown field 'Bogus' for a Pass state");
  WFSIM_CHECK_PROBLEM(problems, "/States/B", "exactly one of Seconds");
  WFSIM_CHECK_PROBLEM(problems, "/States/C/Error", "must be a string");
  WFSIM_CHECK_PROBLEM(problems, "/States/C", "not reachable");
}

BOOST_AUTO_TEST_CASE(parse_definition_returns_the_problems_instead_of_a_model) {
  auto parsed = parse_definition(json(R"({"StartAt": "S"})"));
  BOOST_REQUIRE(std::holds_alternative<Problems>(parsed));
  WFSIM_CHECK_PROBLEM(std::get<Problems>(parsed), "", "must have States");
}

BOOST_AUTO_TEST_CASE(json_syntax_errors_are_one_problem_at_the_root_with_the_byte_offset) {
  auto parsed = parse_definition_text(R"({"StartAt": "S", "States": {)");
  BOOST_REQUIRE(std::holds_alternative<Problems>(parsed));
  const Problems& problems = std::get<Problems>(parsed);
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  BOOST_CHECK_EQUAL(problems[0].path, "");
  BOOST_CHECK(problems[0].message.starts_with("invalid JSON at byte 29"));
  BOOST_CHECK(std::holds_alternative<Problems>(parse_definition_text("")));
  BOOST_CHECK(std::holds_alternative<Problems>(parse_definition_text("{\"a\": \"\xff\"}")));
  BOOST_CHECK(std::holds_alternative<Problems>(parse_definition_text("[1e400]")));
}

BOOST_AUTO_TEST_CASE(the_model_keeps_the_source_and_lists_every_state_in_definition_order) {
  const Json source = json(R"({
    "StartAt": "P", "States": {
      "P": {"Type": "Parallel", "Next": "M", "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}]},
      "M": {"Type": "Map", "End": true, "Iterator":
        {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}}}})");
  auto definition = test::parse_ok(source);
  BOOST_CHECK_EQUAL(definition->source, source);
  std::vector<std::string> names;
  for (const State* state : definition->all_states()) names.push_back(state->name);
  BOOST_CHECK((names == std::vector<std::string>{"P", "A", "M", "B"}));
  BOOST_CHECK_EQUAL(definition->root.find("M"), 1);
  BOOST_CHECK_EQUAL(definition->root.find("A"), kNoState);
}

BOOST_AUTO_TEST_CASE(state_types_have_their_asl_names) {
  BOOST_CHECK_EQUAL(to_string(StateType::Task), "Task");
  BOOST_CHECK_EQUAL(to_string(StateType::Pass), "Pass");
  BOOST_CHECK_EQUAL(to_string(StateType::Wait), "Wait");
  BOOST_CHECK_EQUAL(to_string(StateType::Choice), "Choice");
  BOOST_CHECK_EQUAL(to_string(StateType::Parallel), "Parallel");
  BOOST_CHECK_EQUAL(to_string(StateType::Map), "Map");
  BOOST_CHECK_EQUAL(to_string(StateType::Succeed), "Succeed");
  BOOST_CHECK_EQUAL(to_string(StateType::Fail), "Fail");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
