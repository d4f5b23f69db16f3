// Compiling a state of QueryLanguage JSONata (JSONATA-1.5 to 1.9, 2.1 to 2.5): the fields each
// state type takes in JSONata, the JSONPath-only fields reported (AWS's diagnostic is not
// recorded, OQ-1: ours names the field), "{% %}" templates compiled once, and Choice rules made
// of Condition. A Task reuses task_state() for Resource, timeouts, Retry and Catch.
// Parallel and Map reuse parallel_state() and map_state() (states_work.cpp), which hand their
// JSONata fields (Arguments; Items, ItemSelector and the count fields) to the functions here.
// Assign is compiled by assign.cpp.
#include <algorithm>
#include <span>

#include "asl/compiler.h"

namespace wfsim::asl::detail {
namespace {

using Fields = std::span<const std::string_view>;

constexpr std::string_view kTaskFields[] = {"Resource", "Next", "End", "Arguments", "Output",
                                            "Retry", "Catch", "TimeoutSeconds",
                                            "HeartbeatSeconds", "Credentials", "Assign"};
constexpr std::string_view kPassFields[] = {"Next", "End", "Output", "Assign"};
constexpr std::string_view kWaitFields[] = {"Next", "End", "Seconds", "Timestamp", "Output",
                                            "Assign"};
constexpr std::string_view kChoiceFields[] = {"Choices", "Default", "Output", "Assign"};
constexpr std::string_view kSucceedFields[] = {"Output"};
constexpr std::string_view kFailFields[] = {"Error", "Cause"};
constexpr std::string_view kParallelFields[] = {"Branches", "Next", "End", "Arguments", "Output",
                                                "Retry", "Catch", "Assign"};
// The Distributed Map fields (ItemReader, ItemBatcher, ResultWriter, Label) pass here and are
// judged by map_state().
constexpr std::string_view kMapFields[] = {
    "ItemProcessor", "Iterator", "Items", "ItemSelector", "MaxConcurrency",
    "ToleratedFailureCount", "ToleratedFailurePercentage", "ItemReader", "ItemBatcher",
    "ResultWriter", "Label", "Next", "End", "Output", "Retry", "Catch", "Assign"};
// The JSONPath input and output fields and the *Path forms (JSONATA-1.5, 1.6); Pass Result is
// treated as JSONPath-only until recorded otherwise (OQ-20).
constexpr std::string_view kJsonPathOnly[] = {
    "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Result",
    "TimeoutSecondsPath", "HeartbeatSecondsPath", "ErrorPath", "CausePath", "SecondsPath",
    "TimestampPath", "ItemsPath", "MaxConcurrencyPath", "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath"};

bool contains(Fields fields, std::string_view key) {
  return std::find(fields.begin(), fields.end(), key) != fields.end();
}

Fields fields_of(StateType type) {
  switch (type) {
    case StateType::Task: return kTaskFields;
    case StateType::Pass: return kPassFields;
    case StateType::Wait: return kWaitFields;
    case StateType::Choice: return kChoiceFields;
    case StateType::Succeed: return kSucceedFields;
    case StateType::Fail: return kFailFields;
    case StateType::Parallel: return kParallelFields;
    case StateType::Map: return kMapFields;
  }
  WFSIM_UNREACHABLE("a JSONata state type without a field table");
}

void check_jsonata_fields(DefinitionCompiler& compiler, const StateSource& source,
                          StateType type) {
  const Fields fields = fields_of(type);
  for (auto it = source.json.begin(); it != source.json.end(); ++it) {
    const std::string& key = it.key();
    if (key == "Type" || key == "Comment" || key == "QueryLanguage" || contains(fields, key)) {
      continue;
    }
    const std::string at = source.at(key);
    if (contains(kJsonPathOnly, key)) {
      compiler.problem(at, "'" + key + "' is a JSONPath field; a JSONata state does not take it "
                           "(it uses Arguments and Output)");
    } else if (key == "Assign") {
      compiler.problem(at, "a " + std::string(to_string(type)) +
                               " state cannot assign variables (VAR-1.1)");
    } else {
      compiler.problem(at, "unknown field '" + key + "' for a JSONata " +
                               std::string(to_string(type)) + " state");
    }
  }
}

// The value of `key` when it is a "{% %}" string, else null (absent or a literal).
const Json* expression_value(const StateSource& source, std::string_view key) {
  const Json* value = source.field(key);
  if (value == nullptr || !value->is_string()) return nullptr;
  return template_expression(value->get_ref<const std::string&>()) ? value : nullptr;
}

}  // namespace

std::optional<JsonataTemplate> DefinitionCompiler::jsonata_field(const StateSource& source,
                                                                 std::string_view key) {
  const Json* value = source.field(key);
  if (value == nullptr) return std::nullopt;
  return JsonataTemplate::compile(*value, std::string(key), source.at(key), problems_);
}

void DefinitionCompiler::jsonata_state(State& out, const StateSource& source) {
  check_jsonata_fields(*this, source, out.type);
  if (out.type != StateType::Fail) out.output = jsonata_field(source, "Output");
  switch (out.type) {
    case StateType::Task: jsonata_task(out, source); break;
    case StateType::Wait: jsonata_wait(out, source); break;
    case StateType::Choice: jsonata_choice(out, source); break;
    case StateType::Fail: jsonata_fail(out, source); break;
    case StateType::Parallel:
      parallel_state(out, source);
      jsonata_catchers(source);
      break;
    case StateType::Map:
      map_state(out, source);
      jsonata_catchers(source);
      break;
    case StateType::Pass:
    case StateType::Succeed: break;
  }
}

void DefinitionCompiler::jsonata_catchers(const StateSource& source) {
  const Json* catchers = source.field("Catch");
  if (catchers == nullptr || !catchers->is_array()) return;
  for (size_t i = 0; i < catchers->size(); ++i) {
    const Json& entry = (*catchers)[i];
    if (entry.is_object() && entry.contains("ResultPath")) {
      problem(source.at("Catch") + "/" + std::to_string(i) + "/ResultPath",
              "'ResultPath' is a JSONPath field; a JSONata catcher does not take it");
    }
  }
}

NumberField DefinitionCompiler::jsonata_number(const StateSource& source, std::string_view key,
                                               double max_value, bool integer) {
  NumberField out;
  const Json* value = source.field(key);
  if (value == nullptr) return out;
  if (expression_value(source, key) != nullptr) {
    out.query = jsonata_field(source, key);
  } else if (integer ? value->is_number_integer() && value->get<double>() >= 0 &&
                           value->get<double>() <= max_value
                     : value->is_number() && value->get<double>() >= 0 &&
                           value->get<double>() <= max_value) {
    out.literal = value->get<double>();
  } else {
    problem(source.at(key), std::string("must be ") +
                                (integer ? "a non-negative integer" : "a number from 0 to 100") +
                                " or a JSONata expression \"{% ... %}\"");
  }
  return out;
}

// Items: a literal array whose elements may be templates, or an expression that must return an
// array (JSONATA-2.3, 3.9); ItemSelector: a template evaluated per item.
JsonataMapFields DefinitionCompiler::jsonata_map_fields(const StateSource& source) {
  JsonataMapFields out;
  if (const Json* items = source.field("Items")) {
    if (items->is_array() || expression_value(source, "Items") != nullptr) {
      out.items = jsonata_field(source, "Items");
    } else {
      problem(source.at("Items"), "must be an array or a JSONata expression \"{% ... %}\"");
    }
  }
  out.item_selector = jsonata_field(source, "ItemSelector");
  out.max_concurrency = jsonata_number(source, "MaxConcurrency", 1e9, true);
  out.tolerated_failure_count = jsonata_number(source, "ToleratedFailureCount", 1e18, true);
  out.tolerated_failure_percentage =
      jsonata_number(source, "ToleratedFailurePercentage", 100, false);
  return out;
}

void DefinitionCompiler::jsonata_task(State& out, const StateSource& source) {
  task_state(out, source);
  out.task->arguments = jsonata_field(source, "Arguments");
  // Expressions are resolved before the task is scheduled (JSONATA-1.10).
  if (expression_value(source, "TimeoutSeconds") != nullptr) {
    out.task->timeout.query = jsonata_field(source, "TimeoutSeconds");
  }
  if (expression_value(source, "HeartbeatSeconds") != nullptr) {
    out.task->heartbeat.query = jsonata_field(source, "HeartbeatSeconds");
  }
  jsonata_catchers(source);
}

void DefinitionCompiler::jsonata_wait(State& out, const StateSource& source) {
  const bool seconds = source.field("Seconds") != nullptr;
  const bool timestamp = source.field("Timestamp") != nullptr;
  if (seconds == timestamp) {
    problem(source.pointer, "a JSONata Wait state needs exactly one of Seconds and Timestamp");
  }
  WaitSpec wait;
  if (expression_value(source, "Seconds") != nullptr) {
    wait.seconds_query = jsonata_field(source, "Seconds");
  } else {
    wait.seconds = integer_field(source, "Seconds", 0, kMaxSeconds);
  }
  if (expression_value(source, "Timestamp") != nullptr) {
    wait.timestamp_query = jsonata_field(source, "Timestamp");
  } else if (const Json* literal = source.field("Timestamp")) {
    if (literal->is_string()) wait.timestamp = parse_iso8601(literal->get<std::string>());
    if (!wait.timestamp) {
      problem(source.at("Timestamp"), "must be an RFC 3339 timestamp string such as "
                                      "\"2016-03-14T01:59:00Z\" or a JSONata expression");
    }
  }
  out.wait = std::move(wait);
}

void DefinitionCompiler::jsonata_fail(State& out, const StateSource& source) {
  FailSpec fail;
  if (expression_value(source, "Error") != nullptr) {
    fail.error_query = jsonata_field(source, "Error");
  } else {
    fail.error = string_field(source, "Error");
  }
  if (expression_value(source, "Cause") != nullptr) {
    fail.cause_query = jsonata_field(source, "Cause");
  } else {
    fail.cause = string_field(source, "Cause");
  }
  out.fail = std::move(fail);
}

void DefinitionCompiler::jsonata_choice(State& out, const StateSource& source) {
  ChoiceSpec choice;
  const Json* choices = source.field("Choices");
  if (choices == nullptr) {
    problem(source.pointer, "a Choice state must have Choices");
  } else if (!choices->is_array() || choices->empty()) {
    problem(source.at("Choices"), "must be a non-empty array of Choice rules");
  } else {
    for (size_t i = 0; i < choices->size(); ++i) {
      const std::string pointer = source.at("Choices") + "/" + std::to_string(i);
      choice.choices.push_back(jsonata_rule((*choices)[i], pointer, source.names));
    }
  }
  if (const Json* fallback = source.field("Default")) {
    choice.default_next = resolve_next(*fallback, source.at("Default"), source.names);
  }
  out.choice = std::move(choice);
}

// One rule: Condition (a boolean or an expression, JSONATA-1.9), Next, and optionally Output
// and Comment. JSONPath's Variable and comparison operators do not exist here (JSONATA-1.6).
ChoiceBranch DefinitionCompiler::jsonata_rule(const Json& rule, const std::string& pointer,
                                              const StateIndex& names) {
  ChoiceBranch branch;
  if (!rule.is_object()) {
    problem(pointer, "a Choice rule must be an object");
    return branch;
  }
  for (auto it = rule.begin(); it != rule.end(); ++it) {
    const std::string& key = it.key();
    const std::string at = pointer + "/" + pointer_segment(key);
    if (key == "Condition" || key == "Next" || key == "Output") continue;
    if (key == "Comment") {
      if (!it->is_string()) problem(at, "must be a string");
    } else if (key == "Assign") {
      branch.assign = assign_value(*it, at, QueryLanguage::jsonata);
    } else {
      problem(at, "unknown field '" + key + "' in a JSONata Choice rule (it has Condition, "
                  "not JSONPath's Variable and comparison operators)");
    }
  }
  const auto condition = rule.find("Condition");
  if (condition == rule.end()) {
    problem(pointer, "a JSONata Choice rule must have Condition");
  } else if (condition->is_boolean() ||
             (condition->is_string() &&
              template_expression(condition->get_ref<const std::string&>()))) {
    branch.condition = JsonataTemplate::compile(*condition, "Condition", pointer + "/Condition",
                                                problems_);
  } else {
    problem(pointer + "/Condition", "must be a boolean or a JSONata expression \"{% ... %}\"");
  }
  if (const auto output = rule.find("Output"); output != rule.end()) {
    branch.output = JsonataTemplate::compile(*output, "Output", pointer + "/Output", problems_);
  }
  if (const auto next = rule.find("Next"); next == rule.end()) {
    problem(pointer, "a Choice rule must have Next");
  } else {
    branch.next = resolve_next(*next, pointer + "/Next", names);
  }
  return branch;
}

}  // namespace wfsim::asl::detail
