// Properties (RapidCheck): the parser, validator and evaluators accept or reject any input
// without throwing, compiled models keep their indexes in range, numeric Choice comparisons are
// exact, and ResultPath puts the result where the path then finds it.
//
// Generators draw ASL-shaped JSON (known field names and values mixed with junk) so that random
// inputs reach deep into the validator instead of failing at the first field.
#include <boost/test/unit_test.hpp>
#include <rapidcheck/boost_test.h>

#include <cmath>

#include "asl/choice.h"
#include "asl/data_flow.h"
#include "asl/definition.h"
#include "asl/payload.h"

namespace wfsim::asl {
namespace {

const std::vector<std::string> kNames = {"A", "B", "C", "D", ""};
const std::vector<std::string> kTypes = {"Task", "Pass",    "Wait", "Choice", "Parallel",
                                         "Map",  "Succeed", "Fail", "Bogus"};
const std::vector<std::string> kStrings = {
    "A", "B", "$", "$.a", "$.a[0]", "$..a", "$$.Task.Token", "$.a[*]", "$.a[-1]", "$[", "",
    "States.ALL", "States.Timeout", "States.Bogus", "States.Format('{}', $.a)", "States.UUID()",
    "States.ArrayRange(1, $.n, 2)", "arn:aws:states:::lambda:invoke",
    "arn:aws:lambda:us-east-1:1:function:f", "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    "arn:aws:states:us-east-1:1:activity:a", "2024-01-01T00:00:00Z", "JSONPath", "JSONata",
    "INLINE", "DISTRIBUTED", "FULL", "NONE", "x*y", "\xff\xfe"};
const std::vector<std::string> kFields = {
    "Type", "Next", "End", "Resource", "Choices", "Default", "Branches", "ItemProcessor",
    "Iterator", "Parameters", "ResultSelector", "ItemSelector", "ResultPath", "InputPath",
    "OutputPath", "Retry", "Catch", "Seconds", "Timestamp", "SecondsPath", "TimeoutSeconds",
    "HeartbeatSeconds", "TimeoutSecondsPath", "Result", "Error", "Cause", "ErrorPath",
    "ItemsPath", "MaxConcurrency", "ToleratedFailurePercentage", "QueryLanguage", "Comment",
    "Assign", "ItemReader", "Credentials", "Bogus"};
const std::vector<std::string> kDataKeys = {"a", "n", "a.$", "b.$"};
const std::vector<std::string> kOperators = {
    "StringEquals", "StringMatches", "NumericGreaterThan", "NumericEqualsPath", "BooleanEquals",
    "TimestampLessThan", "IsPresent", "IsNull", "IsTimestamp", "StringLessThanPath", "Nope"};

Json scalar() {
  switch (*rc::gen::inRange(0, 7)) {
    case 0: return *rc::gen::elementOf(kStrings);
    case 1: return *rc::gen::arbitrary<int64_t>();
    case 2: return *rc::gen::inRange<int64_t>(-2, 40);
    case 3: return *rc::gen::arbitrary<bool>();
    case 4: return nullptr;
    case 5: return *rc::gen::arbitrary<uint64_t>();
    default: {
      const double d = *rc::gen::arbitrary<double>();
      return std::isfinite(d) ? Json(d) : Json(0.5);
    }
  }
}

Json value(int depth) {
  const int kind = depth <= 0 ? 0 : *rc::gen::inRange(0, 3);
  if (kind == 0) return scalar();
  const int count = *rc::gen::inRange(0, 4);
  Json out = kind == 1 ? Json::array() : Json::object();
  for (int i = 0; i < count; ++i) {
    if (kind == 1) {
      out.push_back(value(depth - 1));
    } else {
      std::string key = *rc::gen::elementOf(kFields);
      if (*rc::gen::arbitrary<bool>()) key = *rc::gen::elementOf(kDataKeys);
      out[key] = value(depth - 1);
    }
  }
  return out;
}

Json rule(int depth) {
  Json out = Json::object();
  const int kind = depth <= 0 ? 0 : *rc::gen::inRange(0, 4);
  if (kind == 1 || kind == 2) {
    Json children = Json::array();
    const int count = *rc::gen::inRange(0, 3);
    for (int i = 0; i < count; ++i) children.push_back(rule(depth - 1));
    out[kind == 1 ? "And" : "Or"] = children;
  } else if (kind == 3) {
    out["Not"] = rule(depth - 1);
  } else {
    out["Variable"] = *rc::gen::elementOf(kStrings);
    out[*rc::gen::elementOf(kOperators)] = scalar();
  }
  if (*rc::gen::inRange(0, 4) == 0) out["Next"] = *rc::gen::elementOf(kNames);
  return out;
}

Json machine(int depth);

Json field_value(const std::string& field, int depth) {
  if (field == "Next" || field == "Default") return *rc::gen::elementOf(kNames);
  if (field == "Type") return *rc::gen::elementOf(kTypes);
  if (field == "Choices") {
    Json rules = Json::array();
    const int count = *rc::gen::inRange(0, 3);
    for (int i = 0; i < count; ++i) rules.push_back(rule(2));
    return rules;
  }
  if ((field == "Branches" || field == "ItemProcessor" || field == "Iterator") && depth > 0) {
    return field == "Branches" ? Json::array({machine(depth - 1)}) : machine(depth - 1);
  }
  if (field == "Retry" || field == "Catch") {
    Json entry = {{"ErrorEquals", Json::array({*rc::gen::elementOf(kStrings)})}};
    if (*rc::gen::arbitrary<bool>()) entry["Next"] = *rc::gen::elementOf(kNames);
    if (*rc::gen::arbitrary<bool>()) entry[*rc::gen::elementOf(kFields)] = scalar();
    return Json::array({entry});
  }
  return value(2);
}

Json machine(int depth) {
  Json states = Json::object();
  const int count = *rc::gen::inRange(1, 5);
  for (int i = 0; i < count; ++i) {
    Json state = {{"Type", *rc::gen::elementOf(kTypes)}};
    for (const std::string& field : kFields) {
      if (*rc::gen::inRange(0, 8) == 0) state[field] = field_value(field, depth);
    }
    if (*rc::gen::inRange(0, 2) == 0) state["End"] = true;
    states[*rc::gen::elementOf(kNames)] = state;
  }
  Json out = {{"StartAt", *rc::gen::elementOf(kNames)}, {"States", states}};
  if (*rc::gen::inRange(0, 10) == 0) out[*rc::gen::elementOf(kFields)] = scalar();
  return out;
}

// Every index the model holds points at a state of its own machine.
void check_indexes(const StateMachine& machine, const Json& input, const Json& context) {
  const auto size = static_cast<int>(machine.states.size());
  const auto in_range = [&](int index, bool optional) {
    return (optional && index == kNoState) || (index >= 0 && index < size);
  };
  RC_ASSERT(in_range(machine.start_at, false));
  Random random(1);
  for (const State& state : machine.states) {
    RC_ASSERT(in_range(state.next, true));
    RC_ASSERT(state.end == (state.next == kNoState && state.type != StateType::Choice));
    for (const Catcher& catcher : state.catch_) RC_ASSERT(in_range(catcher.next, false));
    if (state.choice) {
      RC_ASSERT(in_range(state.choice->default_next, true));
      for (const ChoiceBranch& branch : state.choice->choices) {
        RC_ASSERT(in_range(branch.next, false));
        branch.rule.evaluate(input, &context);  // Any outcome; never a throw.
      }
    }
    for (const auto* payload : {&state.parameters, &state.result_selector}) {
      if (*payload) (*payload)->evaluate(input, &context, random);
    }
    if (state.task && state.task->parameters) {
      state.task->parameters->evaluate(input, &context, random);
    }
    if (state.parallel) {
      for (const auto& branch : state.parallel->branches) check_indexes(*branch, input, context);
    }
    if (state.map) {
      RC_ASSERT(state.map->processor != nullptr);
      check_indexes(*state.map->processor, input, context);
    }
  }
}

// Data documents whose keys are the ones the generated paths use.
Json data(int depth) {
  const int kind = depth <= 0 ? 0 : *rc::gen::inRange(0, 3);
  if (kind == 0) return scalar();
  const int count = *rc::gen::inRange(0, 4);
  Json out = kind == 1 ? Json::array() : Json::object();
  for (int i = 0; i < count; ++i) {
    if (kind == 1) {
      out.push_back(data(depth - 1));
    } else {
      out[*rc::gen::elementOf(std::vector<std::string>{"a", "b", "n"})] = data(depth - 1);
    }
  }
  return out;
}

const std::vector<std::string> kResources = {
    "arn:aws:states:::lambda:invoke", "arn:aws:lambda:us-east-1:1:function:f",
    "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "arn:aws:states:us-east-1:1:activity:a",
    "arn:aws:states:::glue:startJobRun.sync"};

Json valid_machine(int depth, int& counter);

// A valid state of `type` going to `next` (empty: the end).
Json valid_state(const std::string& type, const std::string& next, int depth, int& counter) {
  Json state = {{"Type", type}};
  if (next.empty()) {
    state["End"] = true;
  } else {
    state["Next"] = next;
  }
  if (type == "Task") {
    state["Resource"] = *rc::gen::elementOf(kResources);
    if (*rc::gen::arbitrary<bool>()) state["TimeoutSeconds"] = *rc::gen::inRange(2, 100);
    if (*rc::gen::arbitrary<bool>()) state["HeartbeatSeconds"] = 1;
    if (*rc::gen::arbitrary<bool>()) state["Parameters"] = {{"x.$", "$.a"}, {"t.$", "$$.Task"}};
    if (*rc::gen::arbitrary<bool>()) {
      state["Retry"] = {{{"ErrorEquals", {"E"}}, {"MaxAttempts", 2}},
                        {{"ErrorEquals", {"States.ALL"}}, {"JitterStrategy", "FULL"}}};
    }
    if (!next.empty() && *rc::gen::arbitrary<bool>()) {
      state["Catch"] = {{{"ErrorEquals", {"States.ALL"}}, {"Next", next}, {"ResultPath", "$.e"}}};
    }
  } else if (type == "Pass") {
    if (*rc::gen::arbitrary<bool>()) state["Result"] = value(2);
    if (*rc::gen::arbitrary<bool>()) state["ResultPath"] = "$.r.s";
    if (*rc::gen::arbitrary<bool>()) state["Parameters"] = {{"v.$", "States.Array($.a, 1)"}};
  } else if (type == "Wait") {
    state["Seconds"] = *rc::gen::inRange(0, 10);
  } else if (type == "Choice") {
    state.erase("Next");
    state["Choices"] = {{{"Variable", "$.a"}, {"NumericGreaterThan", 0}, {"Next", next}},
                        {{"Not", {{"Variable", "$.b", }, {"IsPresent", true}}}, {"Next", next}}};
    state["Default"] = next;
  } else if (type == "Parallel") {
    state["Branches"] = {valid_machine(depth - 1, counter), valid_machine(depth - 1, counter)};
  } else if (type == "Map") {
    state["ItemsPath"] = "$.a";
    state["ItemSelector"] = {{"item.$", "$$.Map.Item.Value"}};
    state["ItemProcessor"] = valid_machine(depth - 1, counter);
  }
  return state;
}

Json valid_machine(int depth, int& counter) {
  const int count = *rc::gen::inRange(1, 5);
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) {
    names.push_back(std::string(1, 'S').append(std::to_string(counter++)));
  }
  Json states = Json::object();
  for (int i = 0; i < count; ++i) {
    const bool last = i + 1 == count;
    std::vector<std::string> types = {"Task", "Pass", "Wait"};
    if (!last) types.push_back("Choice");
    if (last) types.insert(types.end(), {"Succeed", "Fail"});
    if (depth > 0) types.insert(types.end(), {"Parallel", "Map"});
    const std::string type = *rc::gen::elementOf(types);
    states[names[static_cast<size_t>(i)]] =
        valid_state(type, last ? "" : names[static_cast<size_t>(i) + 1], depth, counter);
    if (type == "Succeed" || type == "Fail") states[names.back()].erase("End");
  }
  return {{"StartAt", names.front()}, {"States", states}};
}

// Sets or removes one field of one state somewhere in the definition (top level only).
void mutate(Json& definition) {
  Json& states = definition["States"];
  auto it = states.begin();
  std::advance(it, *rc::gen::inRange<size_t>(0, states.size()));
  const std::string field = *rc::gen::elementOf(kFields);
  if (*rc::gen::arbitrary<bool>()) {
    it->erase(field);
  } else {
    (*it)[field] = field_value(field, 1);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(asl_properties)

RC_BOOST_PROP(generated_valid_definitions_compile_and_mutants_never_break_the_model, ()) {
  int counter = 0;
  Json definition = valid_machine(2, counter);
  const bool mutated = *rc::gen::arbitrary<bool>();
  if (mutated) mutate(definition);
  auto parsed = parse_definition(definition);
  const auto* problems = std::get_if<Problems>(&parsed);
  if (!mutated) {
    RC_ASSERT(problems == nullptr);
  }
  RC_TAG(mutated ? "mutated" : "valid", problems == nullptr ? "compiled" : "rejected");
  if (problems != nullptr) {
    RC_ASSERT(!problems->empty());
    RC_ASSERT(validate(definition) == *problems);
    return;
  }
  const auto& compiled = std::get<std::shared_ptr<const Definition>>(parsed);
  check_indexes(compiled->root, data(3), value(3));
  RC_ASSERT(compiled->all_states().size() >= static_cast<size_t>(1));
}

RC_BOOST_PROP(paths_built_from_every_syntax_form_parse_and_find_agrees_with_select, ()) {
  const std::vector<std::string> tokens = {
      ".a", ".b", ".n", "[0]", "[1]", "[-1]", "[*]", ".*", "..a", "..*", "['a']", "[\"b\"]",
      "[0:2]", "[::-1]", "[1:]", "[0,1]", "['a','n']", "[?(@.a)]", "[?(@.a > 1)]",
      "[?(@ == 'x')]", "[?(@.n <= 2 || @.b)]", ".[0]", ".['a']", "['a','n']",
      "[?(@.a == $.n && !(@.b))]", "[?(@.a in [1, 'x'] || @.n nin $.a)]"};
  std::string text = "$";
  const int count = *rc::gen::inRange(0, 5);
  for (int i = 0; i < count; ++i) text += *rc::gen::elementOf(tokens);
  auto parsed = JsonPath::parse(text);
  RC_ASSERT(std::holds_alternative<JsonPath>(parsed));
  const JsonPath& path = std::get<JsonPath>(parsed);
  const Json document = data(4);
  const auto selected = path.select(document);
  if (path.is_definite()) {
    const Json* found = path.find(document);
    RC_ASSERT((found == nullptr) == !selected.has_value());
    if (found != nullptr) RC_ASSERT(*found == *selected);
    RC_TAG(found != nullptr ? "found" : "absent");
  } else if (path.yields_one_value()) {
    RC_ASSERT(!selected.has_value() || selected->is_object());  // A merge of named members.
    RC_TAG("merged");
  } else {
    RC_ASSERT(selected.has_value() && selected->is_array());
    RC_TAG(selected->empty() ? "no match" : "matches");
  }
}

RC_BOOST_PROP(junk_shaped_like_asl_is_rejected_or_compiled_without_throwing, ()) {
  const Json definition = machine(2);
  const Problems problems = validate(definition);
  auto parsed = parse_definition(definition);
  RC_ASSERT(problems.empty() == std::holds_alternative<std::shared_ptr<const Definition>>(parsed));
  if (const auto* compiled = std::get_if<std::shared_ptr<const Definition>>(&parsed)) {
    RC_TAG("valid");
    check_indexes((*compiled)->root, value(3), value(3));
  } else {
    RC_ASSERT(std::get<Problems>(parsed) == problems);
  }
}

RC_BOOST_PROP(path_parsing_never_throws_and_find_agrees_with_select, ()) {
  const std::string alphabet = "$.[]*'\"?@()=<>!&|:,-0123456789ab \\_";
  const std::string text = *rc::gen::container<std::string>(rc::gen::elementOf(alphabet));
  auto parsed = JsonPath::parse("$" + text);
  const auto* path = std::get_if<JsonPath>(&parsed);
  if (path == nullptr) return;
  RC_TAG("parsed");
  const Json document = value(4);
  const auto selected = path->select(document);
  if (path->is_definite()) {
    const Json* found = path->find(document);
    RC_ASSERT((found == nullptr) == !selected.has_value());
    if (found != nullptr) RC_ASSERT(*found == *selected);
  } else if (path->yields_one_value()) {
    RC_ASSERT(!selected.has_value() || selected->is_object());
  } else {
    RC_ASSERT(selected.has_value() && selected->is_array());
  }
}

RC_BOOST_PROP(intrinsic_evaluation_never_throws, ()) {
  const std::vector<std::string> tokens = {
      "States.Format(", "States.Array(", "States.ArrayRange(", "States.Hash(", "States.MathAdd(",
      "States.StringSplit(", "States.JsonMerge(", "States.ArrayUnique(", "States.Base64Decode(",
      "States.MathRandom(", "States.StringToJson(", "$.a", "$.n", "$$.x", "$", "'{}'", "'a,b'",
      "'\\''", "1", "-3", "2.5", "true", "null", ",", ")", " ", "'SHA-256'", "'MD5'"};
  std::string expression;
  const int count = *rc::gen::inRange(1, 14);
  for (int i = 0; i < count; ++i) expression += *rc::gen::elementOf(tokens);
  const Json input = value(3);
  const Json context = value(2);
  Random random(5);
  evaluate_intrinsic(expression, input, &context, random);
  evaluate_intrinsic(expression, input, nullptr, random);
}

RC_BOOST_PROP(numeric_choice_comparisons_are_exact_between_integers_and_doubles,
              (int64_t integer, double real)) {
  RC_PRE(std::isfinite(real));
  const Json input = {{"i", integer}, {"d", real}};
  Problems problems;
  const auto holds = [&](const char* op) {
    auto rule = ChoiceRule::compile({{"Variable", "$.i"}, {op, "$.d"}}, "", false, problems);
    RC_ASSERT(rule.has_value());
    return rule->evaluate(input, nullptr).value();
  };
  // long double holds every int64 and every double exactly on x86-64.
  const auto a = static_cast<long double>(integer);
  const auto b = static_cast<long double>(real);
  RC_ASSERT(holds("NumericLessThanPath") == (a < b));
  RC_ASSERT(holds("NumericEqualsPath") == (a == b));
  RC_ASSERT(holds("NumericGreaterThanPath") == (a > b));
}

RC_BOOST_PROP(result_path_places_the_result_where_the_path_finds_it, ()) {
  std::string text = "$";
  const int steps = *rc::gen::inRange(1, 4);
  for (int i = 0; i < steps; ++i) {
    text += *rc::gen::elementOf(std::vector<std::string>{".a", ".b", "[0]", ".a", "['n']"});
  }
  IoPath path;
  path.kind = IoPath::Kind::path;
  path.path = std::get<JsonPath>(JsonPath::parse(text));
  const Json input = {{"a", data(2)}, {"b", data(2)}};
  const Json result = value(2);
  auto output = apply_result_path(path, input, result);
  if (!output.ok()) {
    RC_ASSERT(output.error().error == std::string(errors::kResultPathMatchFailure));
    return;
  }
  RC_TAG("placed");
  const Json* found = path.path->find(output.value());
  RC_ASSERT(found != nullptr);
  RC_ASSERT(*found == result);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace wfsim::asl
