// Compiling one state: its Type and QueryLanguage, the fields each JSONPath state type allows
// (anything else is reported, with a specific message for the JSONata-only fields, Assign on
// Succeed and Fail), the common fields, Assign (assign.cpp),
// Next/End, and the JSONPath flow states Pass, Wait, Choice, Succeed and Fail. States of QueryLanguage JSONata are in states_jsonata.cpp.
//
// Task, Parallel and Map are in states_work.cpp; Retry and Catch in retry_catch.cpp.
#include <algorithm>
#include <span>

#include "asl/compiler.h"

namespace wfsim::asl::detail {
namespace {

using Fields = std::span<const std::string_view>;

constexpr std::string_view kTaskFields[] = {
    "Resource", "Next", "End", "InputPath", "OutputPath", "Parameters", "ResultPath",
    "ResultSelector", "Retry", "Catch", "TimeoutSeconds", "TimeoutSecondsPath",
    "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials", "Assign"};
constexpr std::string_view kPassFields[] = {"Next", "End", "InputPath", "OutputPath",
                                            "Parameters", "ResultPath", "Result", "Assign"};
constexpr std::string_view kWaitFields[] = {"Next", "End", "InputPath", "OutputPath", "Seconds",
                                            "Timestamp", "SecondsPath", "TimestampPath",
                                            "Assign"};
constexpr std::string_view kChoiceFields[] = {"Choices", "Default", "InputPath", "OutputPath",
                                              "Assign"};
constexpr std::string_view kParallelFields[] = {
    "Branches", "Next", "End", "InputPath", "OutputPath", "Parameters", "ResultPath",
    "ResultSelector", "Retry", "Catch", "Assign"};
constexpr std::string_view kMapFields[] = {
    "ItemProcessor", "Iterator", "ItemsPath", "ItemSelector", "Parameters", "MaxConcurrency",
    "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath",
    "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Next", "End", "InputPath",
    "OutputPath", "ResultPath", "ResultSelector", "Retry", "Catch", "Assign", "ItemReader",
    "ItemBatcher", "ResultWriter", "Label"};
constexpr std::string_view kSucceedFields[] = {"InputPath", "OutputPath"};
constexpr std::string_view kFailFields[] = {"Error", "ErrorPath", "Cause", "CausePath"};

// The fields each state type takes (its name comes from record/state_events.h).
struct TypeInfo {
  StateType type;
  Fields fields;
};

constexpr TypeInfo kTypes[] = {
    {StateType::Task, kTaskFields},         {StateType::Pass, kPassFields},
    {StateType::Wait, kWaitFields},         {StateType::Choice, kChoiceFields},
    {StateType::Parallel, kParallelFields}, {StateType::Map, kMapFields},
    {StateType::Succeed, kSucceedFields},   {StateType::Fail, kFailFields},
};

bool allows(Fields fields, std::string_view key) {
  return std::find(fields.begin(), fields.end(), key) != fields.end();
}

// Fields that exist in ASL but that wfsim does not model: a clearer message than "unknown".
std::optional<std::string> unsupported(const std::string& key, StateType type) {
  if (key == "Assign") {
    return "a " + std::string(to_string(type)) + " state cannot assign variables (VAR-1.1)";
  }
  if (key == "Output" || key == "Arguments" || (key == "Items" && type == StateType::Map)) {
    return "'" + key + "' exists only in JSONata states (QueryLanguage \"JSONata\")";
  }
  return std::nullopt;
}

bool is_terminal(StateType type) {
  return type == StateType::Choice || type == StateType::Succeed || type == StateType::Fail;
}

void check_fields(DefinitionCompiler& compiler, const StateSource& source, const TypeInfo& info) {
  for (auto it = source.json.begin(); it != source.json.end(); ++it) {
    const std::string& key = it.key();
    if (key == "Type" || key == "Comment" || key == "QueryLanguage" || allows(info.fields, key)) {
      continue;
    }
    auto message = unsupported(key, info.type);
    compiler.problem(source.at(key), message ? *message
                                             : "unknown field '" + key + "' for a " +
                                                   std::string(to_string(info.type)) + " state");
  }
}

// Next / End of the states that continue (Task, Pass, Wait, Parallel, Map).
void transitions(DefinitionCompiler& compiler, State& out, const StateSource& source) {
  const Json* next = source.field("Next");
  const Json* end = source.field("End");
  const bool ends = end != nullptr && end->is_boolean() && end->get<bool>();
  if (end != nullptr && !ends) compiler.problem(source.at("End"), "must be true when present");
  if (next != nullptr) out.next = compiler.resolve_next(*next, source.at("Next"), source.names);
  if (next != nullptr && end != nullptr) {
    compiler.problem(source.pointer, "cannot have both Next and End");
  } else if (next == nullptr && !ends) {
    compiler.problem(source.pointer, "must have Next or End");
  }
  out.end = ends && next == nullptr;
}

}  // namespace

void DefinitionCompiler::state(State& out, const StateSource& source) {
  if (!source.json.is_object()) {
    problem(source.pointer, "a state must be an object");
    return;
  }
  const Json* type = source.field("Type");
  if (type == nullptr) {
    problem(source.pointer, "must have Type");
    return;
  }
  const auto info = std::find_if(std::begin(kTypes), std::end(kTypes),
                                 [&](const TypeInfo& t) { return *type == to_string(t.type); });
  if (info == std::end(kTypes)) {
    problem(source.at("Type"), "must be one of Task, Pass, Wait, Choice, Parallel, Map, "
                               "Succeed, Fail");
    return;
  }
  out.type = info->type;
  out.query_language = top_language_;
  if (const Json* language = source.field("QueryLanguage")) {
    const auto own = query_language(*language, source.at("QueryLanguage"));
    if (own == QueryLanguage::jsonpath && top_language_ == QueryLanguage::jsonata) {
      // JSONATA-1.3: AWS's SCHEMA_VALIDATION_FAILED text, at the state.
      problem(source.pointer, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for "
                              "whole state machine");
    } else if (own) {
      out.query_language = *own;
    }
  }
  if (auto comment = string_field(source, "Comment")) out.comment = std::move(*comment);
  if (out.query_language == QueryLanguage::jsonata) {
    jsonata_state(out, source);
  } else {
    check_fields(*this, source, *info);
    if (out.type != StateType::Fail) {
      out.input_path = io_path_field(source, "InputPath", false);
      out.output_path = io_path_field(source, "OutputPath", false);
    }
    switch (out.type) {
      case StateType::Task: task_state(out, source); break;
      case StateType::Pass: pass_state(out, source); break;
      case StateType::Wait: wait_state(out, source); break;
      case StateType::Choice: choice_state(out, source); break;
      case StateType::Parallel: parallel_state(out, source); break;
      case StateType::Map: map_state(out, source); break;
      case StateType::Succeed: break;
      case StateType::Fail: fail_state(out, source); break;
    }
  }
  if (out.type != StateType::Succeed && out.type != StateType::Fail) {
    out.assign = assign_field(source, out.query_language);
  }
  if (is_terminal(out.type)) {
    out.end = out.type != StateType::Choice;
  } else {
    transitions(*this, out, source);
  }
}

void DefinitionCompiler::pass_state(State& out, const StateSource& source) {
  out.result_path = io_path_field(source, "ResultPath", true);
  out.parameters = template_field(source, "Parameters");
  if (const Json* result = source.field("Result")) {
    out.result = *result;
    out.result_document = make_document(*result);
  }
}

void DefinitionCompiler::wait_state(State& out, const StateSource& source) {
  constexpr std::string_view kForms[] = {"Seconds", "Timestamp", "SecondsPath", "TimestampPath"};
  const auto given = std::count_if(std::begin(kForms), std::end(kForms),
                                   [&](std::string_view key) { return source.field(key); });
  if (given != 1) {
    problem(source.pointer, "a Wait state needs exactly one of Seconds, Timestamp, SecondsPath "
                            "and TimestampPath");
  }
  WaitSpec wait;
  wait.seconds = integer_field(source, "Seconds", 0, kMaxSeconds);
  if (const Json* timestamp = source.field("Timestamp")) {
    if (timestamp->is_string()) wait.timestamp = parse_iso8601(timestamp->get<std::string>());
    if (!wait.timestamp) {
      problem(source.at("Timestamp"),
              "must be an RFC 3339 timestamp string such as \"2016-03-14T01:59:00Z\"");
    }
  }
  wait.seconds_path = reference_path_field(source, "SecondsPath");
  wait.timestamp_path = reference_path_field(source, "TimestampPath");
  out.wait = std::move(wait);
}

void DefinitionCompiler::choice_state(State& out, const StateSource& source) {
  ChoiceSpec choice;
  const Json* choices = source.field("Choices");
  if (choices == nullptr) {
    problem(source.pointer, "a Choice state must have Choices");
  } else if (!choices->is_array() || choices->empty()) {
    problem(source.at("Choices"), "must be a non-empty array of Choice rules");
  } else {
    for (size_t i = 0; i < choices->size(); ++i) {
      const Json& rule_source = (*choices)[i];
      const std::string pointer = source.at("Choices") + "/" + std::to_string(i);
      auto rule = ChoiceRule::compile(rule_source, pointer, true, problems_);
      ChoiceBranch branch;
      if (rule_source.is_object()) {
        if (const auto assign = rule_source.find("Assign"); assign != rule_source.end()) {
          branch.assign = assign_value(*assign, pointer + "/Assign", QueryLanguage::jsonpath);
        }
        const auto next = rule_source.find("Next");
        if (next != rule_source.end() && next->is_string()) {
          branch.next = resolve_next(*next, pointer + "/Next", source.names);
        }
      }
      if (rule) branch.rule = std::move(*rule);
      choice.choices.push_back(std::move(branch));
    }
  }
  if (const Json* fallback = source.field("Default")) {
    choice.default_next = resolve_next(*fallback, source.at("Default"), source.names);
  }
  out.choice = std::move(choice);
}

void DefinitionCompiler::fail_state(State& out, const StateSource& source) {
  FailSpec fail;
  exclusive_pair(source, "Error", "ErrorPath");
  exclusive_pair(source, "Cause", "CausePath");
  fail.error = string_field(source, "Error");
  fail.cause = string_field(source, "Cause");
  for (const std::string_view key : {"ErrorPath", "CausePath"}) {
    const Json* value = source.field(key);
    if (value == nullptr) continue;
    if (value->is_string() && value->get_ref<const std::string&>().starts_with("States.")) {
      problem(source.at(key), "intrinsic functions in " + std::string(key) +
                                  " are not supported yet");
      continue;
    }
    auto path = path_value(*value, source.at(key), true, false);
    (key == "ErrorPath" ? fail.error_path : fail.cause_path) = std::move(path);
  }
  out.fail = std::move(fail);
}

}  // namespace wfsim::asl::detail
