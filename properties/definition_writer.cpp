// Writing a MachineSpec as an ASL definition (definition_writer.h): the machine's shape (state
// names, links, sequences, loops, Choices), the JSONPath states, Retry and Catch, the Distributed
// Map, and the entry points of generators.h. The JSONata states are in
// definition_writer_jsonata.cpp.
#include "properties/definition_writer.h"

namespace wfsim::properties {
namespace detail {

Json DefinitionWriter::machine(const MachineSpec& spec) {
  Json out = Json::object();
  if (spec.jsonata) out["QueryLanguage"] = "JSONata";
  out["StartAt"] = entry(spec.main.steps.front());
  if (spec.timeout_seconds) out["TimeoutSeconds"] = *spec.timeout_seconds;
  Json states = Json::object();
  sequence(spec.main, states, std::nullopt);
  out["States"] = std::move(states);
  return out;
}

bool DefinitionWriter::every_task_timed(const SequenceSpec& sequence) {
  for (const StepSpec& step : sequence.steps) {
    if (step.kind == StepSpec::Kind::task && !step.task.timeout_seconds) return false;
    for (const SequenceSpec& branch : step.branches) {
      if (!every_task_timed(branch)) return false;
    }
  }
  return true;
}

Json& DefinitionWriter::language(Json& state, bool jsonata) const {
  if (jsonata && !all_jsonata_) state["QueryLanguage"] = "JSONata";
  return state;
}

std::optional<std::string> DefinitionWriter::own_variable(const StepSpec& s) const {
  const std::string n = std::to_string(id(s));
  switch (s.kind) {
    case StepSpec::Kind::pass: return "pass" + n;
    case StepSpec::Kind::task: return "done" + n;
    case StepSpec::Kind::wait: return "waited" + n;
    case StepSpec::Kind::parallel: return "forked" + n;
    case StepSpec::Kind::map: return "mapped" + n;
    case StepSpec::Kind::choice:
      if (s.jsonata) return "chose" + n;
      return std::nullopt;
    case StepSpec::Kind::loop: return std::nullopt;
  }
  return std::nullopt;
}

void DefinitionWriter::inner_variables(const StepSpec& block, std::vector<std::string>& out) const {
  for (const SequenceSpec& branch : block.branches) {
    for (const StepSpec& inner : branch.steps) {
      if (auto name = own_variable(inner)) out.push_back(*name);
      inner_variables(inner, out);
    }
  }
}

void DefinitionWriter::number(const SequenceSpec& sequence) {
  for (const StepSpec& step : sequence.steps) {
    step_ids_[&step] = next_id_++;
    for (const SequenceSpec& branch : step.branches) number(branch);
  }
  if (sequence.end != SequenceEnd::next) end_ids_[&sequence] = next_id_++;
}

std::string DefinitionWriter::entry(const StepSpec& step) const {
  switch (step.kind) {
    case StepSpec::Kind::task: return name("Work", id(step));
    case StepSpec::Kind::pass: return name("Pass", id(step));
    case StepSpec::Kind::wait: return name("Wait", id(step));
    case StepSpec::Kind::choice: return name("Choose", id(step));
    case StepSpec::Kind::loop: return name("Init", id(step));
    case StepSpec::Kind::parallel: return name("Fork", id(step));
    case StepSpec::Kind::map: return name("Each", id(step));
  }
  return "?";
}

void DefinitionWriter::link(Json& state, const std::optional<std::string>& next) {
  if (next) {
    state["Next"] = *next;
  } else {
    state["End"] = true;
  }
}

void DefinitionWriter::sequence(const SequenceSpec& seq, Json& states,
                                const std::optional<std::string>& next) {
  std::optional<std::string> after = next;
  if (seq.end == SequenceEnd::succeed) after = name("Success", end_ids_.at(&seq));
  if (seq.end == SequenceEnd::fail) after = name("Failure", end_ids_.at(&seq));
  const size_t hidden_before = hidden_.size();
  for (size_t i = 0; i < seq.steps.size(); ++i) {
    const bool last = i + 1 == seq.steps.size();
    step(seq.steps[i], states, last ? after : std::optional(entry(seq.steps[i + 1])));
    if (seq.steps[i].kind == StepSpec::Kind::parallel ||
        seq.steps[i].kind == StepSpec::Kind::map) {
      inner_variables(seq.steps[i], hidden_);
    }
  }
  hidden_.resize(hidden_before);
  if (seq.end == SequenceEnd::succeed) states[*after] = Json{{"Type", "Succeed"}};
  if (seq.end == SequenceEnd::fail) {
    states[*after] = Json{{"Type", "Fail"}, {"Error", "Workflow.Failed"},
                          {"Cause", "the generated machine ends in a Fail state"}};
  }
}

Json DefinitionWriter::retrier(const RetrierSpec& r) {
  Json out = {{"ErrorEquals", r.errors},
              {"IntervalSeconds", r.interval_seconds},
              {"MaxAttempts", r.max_attempts},
              {"BackoffRate", r.backoff_rate}};
  if (r.max_delay_seconds) out["MaxDelaySeconds"] = *r.max_delay_seconds;
  if (r.full_jitter) out["JitterStrategy"] = "FULL";
  return out;
}

void DefinitionWriter::error_handling(const StepSpec& s, Json& state, Json& states,
                                      const std::optional<std::string>& next) {
  Json retry = Json::array();
  for (const RetrierSpec& r : s.retry) retry.push_back(retrier(r));
  if (!retry.empty()) state["Retry"] = std::move(retry);
  if (s.catches.empty()) return;
  const std::string handler = name("Handle", id(s));
  Json catches = Json::array();
  const std::string n = std::to_string(id(s));
  for (const CatcherSpec& c : s.catches) {
    Json catcher = {{"ErrorEquals", c.errors}, {"Next", handler}};
    if (s.jsonata) {
      // The error output joins the input where a JSONPath catcher's ResultPath puts it.
      catcher["Output"] =
          "{% $merge([$states.input, {'error" + n + "': $states.errorOutput}]) %}";
      catcher["Assign"] = {{"caught" + n, "{% $states.errorOutput.Error %}"}};
      catches.push_back(std::move(catcher));
      continue;
    }
    if (!c.default_result_path) catcher["ResultPath"] = "$.error" + n;
    // A catcher's Assign sees the error output (VAR-4.1); names are unique per step, so no
    // branch or iteration assigns a name its enclosing machine assigns (VAR-3.2).
    catcher["Assign"] = {{"caught" + std::to_string(id(s)) + ".$", "$.Error"}};
    catches.push_back(std::move(catcher));
  }
  state["Catch"] = std::move(catches);
  Json handle = {{"Type", "Pass"}};
  language(handle, s.jsonata);
  link(handle, next);
  states[handler] = std::move(handle);
}

Json DefinitionWriter::task_state(const StepSpec& s) {
  if (s.jsonata) return jsonata_task_state(s);
  const TaskSpec& t = s.task;
  const int n = id(s);
  Json state = {{"Type", "Task"}};
  switch (t.kind) {
    case TaskKind::lambda:
      state["Resource"] = "arn:aws:states:::lambda:invoke";
      state["Parameters"] = {{"FunctionName", name("work", n)}, {"Payload", {{"step", n}}}};
      break;
    case TaskKind::activity:
      state["Resource"] =
          std::string(kActivityPrefix) + (t.shared_activity ? "shared" : name("work", n));
      break;
    case TaskKind::callback:
      state["Resource"] = "arn:aws:states:::sqs:sendMessage.waitForTaskToken";
      state["Parameters"] = {
          {"QueueUrl", "https://sqs.us-east-1.amazonaws.com/123456789012/work"},
          {"MessageBody", {{"token.$", "$$.Task.Token"}, {"step", n}}}};
      break;
    case TaskKind::sync:
      state["Resource"] = "arn:aws:states:::ecs:runTask.sync";
      state["Parameters"] = {{"Cluster", "work"}, {"TaskDefinition", name("work", n)}};
      break;
  }
  state["ResultPath"] = t.discard_result ? Json(nullptr) : Json("$.r" + std::to_string(n));
  state["Assign"] = {{"done" + std::to_string(n), true}};
  if (t.timeout_seconds) state["TimeoutSeconds"] = *t.timeout_seconds;
  if (t.heartbeat_seconds) state["HeartbeatSeconds"] = *t.heartbeat_seconds;
  tasks.emplace_back(name("Work", n), t);
  return state;
}

Json DefinitionWriter::distributed_map_state(const StepSpec& s) {
  const int n = id(s);
  Json processor = submachine(s.branches.front());
  Json& states = processor["States"];
  std::string start = processor["StartAt"];
  if (!s.failing_items.empty()) {
    Json any = Json::array();
    for (const int item : s.failing_items) {
      any.push_back({{"Variable", "$.item"}, {"NumericEquals", item}});
    }
    states[name("Pick", n)] = {{"Type", "Choice"},
                               {"Choices", Json::array({{{"Or", std::move(any)},
                                                         {"Next", name("Drop", n)}}})},
                               {"Default", start}};
    states[name("Drop", n)] = {{"Type", "Fail"}, {"Error", "Item.Rejected"},
                               {"Cause", "the item is on the generated failing list"}};
    start = name("Pick", n);
  }
  if (s.batch_items > 0) {
    states[name("Unbatch", n)] = {{"Type", "Pass"},
                                  {"Parameters",
                                   {{"item.$", "$.Items[0].item"},
                                    {"flag.$", "$.BatchInput.flag"},
                                    {"items.$", "$.BatchInput.items"},
                                    {"batch.$", "States.ArrayLength($.Items)"}}},
                                  {"Next", start}};
    start = name("Unbatch", n);
  }
  processor["StartAt"] = start;
  processor["ProcessorConfig"] = {{"Mode", "DISTRIBUTED"},
                                  {"ExecutionType", s.express ? "EXPRESS" : "STANDARD"}};
  Json state = {{"Type", "Map"},
                {"ItemsPath", "$.items"},
                {"ItemSelector",
                 {{"item.$", "$$.Map.Item.Value"}, {"flag.$", "$.flag"}, {"items.$", "$.items"}}},
                {"MaxConcurrency", s.max_concurrency},
                {"ItemProcessor", std::move(processor)},
                {"Label", name("Run", n)},
                {"ResultPath", "$.each" + std::to_string(n)},
                {"Assign", {{"mapped" + std::to_string(n) + ".$", "States.ArrayLength($)"}}}};
  if (s.batch_items > 0) {
    state["ItemBatcher"] = {{"MaxItemsPerBatch", s.batch_items},
                            {"BatchInput", {{"flag.$", "$.flag"}, {"items.$", "$.items"}}}};
  }
  if (s.tolerated_count) state["ToleratedFailureCount"] = *s.tolerated_count;
  if (s.tolerated_percentage) state["ToleratedFailurePercentage"] = *s.tolerated_percentage;
  return state;
}

Json DefinitionWriter::block_state(const StepSpec& s) {
  if (s.jsonata) return jsonata_block_state(s);
  if (s.distributed) return distributed_map_state(s);
  const int n = id(s);
  if (s.kind == StepSpec::Kind::parallel) {
    Json branches = Json::array();
    for (const SequenceSpec& branch : s.branches) branches.push_back(submachine(branch));
    return {{"Type", "Parallel"}, {"Branches", std::move(branches)},
            {"ResultPath", "$.fork" + std::to_string(n)},
            {"Assign", {{"forked" + std::to_string(n) + ".$", "States.ArrayLength($)"}}}};
  }
  return {{"Type", "Map"},
          {"ItemsPath", "$.items"},
          {"ItemSelector",
           {{"item.$", "$$.Map.Item.Value"}, {"flag.$", "$.flag"}, {"items.$", "$.items"}}},
          {"MaxConcurrency", s.max_concurrency},
          {"ItemProcessor", submachine(s.branches.front())},
          {"ResultPath", "$.each" + std::to_string(n)},
          {"Assign", {{"mapped" + std::to_string(n) + ".$", "States.ArrayLength($)"}}}};
}

Json DefinitionWriter::submachine(const SequenceSpec& seq) {
  Json states = Json::object();
  sequence(seq, states, std::nullopt);
  return {{"StartAt", entry(seq.steps.front())}, {"States", std::move(states)}};
}

void DefinitionWriter::loop(const StepSpec& s, Json& states,
                            const std::optional<std::string>& next) {
  if (s.jsonata) return jsonata_loop(s, states, next);
  const int n = id(s);
  const std::string counter = "$.c" + std::to_string(n);
  const std::string body = entry(s.branches.front().steps.front());
  states[name("Init", n)] = {
      {"Type", "Pass"}, {"Result", {{"n", 0}}}, {"ResultPath", counter}, {"Next", body}};
  sequence(s.branches.front(), states, name("Count", n));
  states[name("Count", n)] = {{"Type", "Pass"},
                              {"Parameters", {{"n.$", "States.MathAdd(" + counter + ".n, 1)"}}},
                              {"ResultPath", counter},
                              {"Next", name("Again", n)}};
  const std::string exit = next ? *next : name("Exit", n);
  states[name("Again", n)] = {
      {"Type", "Choice"},
      {"Choices", Json::array({{{"Variable", counter + ".n"},
                                {"NumericLessThan", s.loop_rounds},
                                {"Next", body}}})},
      {"Default", exit}};
  if (!next) states[exit] = {{"Type", "Succeed"}};
}

void DefinitionWriter::choice(const StepSpec& s, Json& states,
                              const std::optional<std::string>& next) {
  if (s.jsonata) return jsonata_choice(s, states, next);
  const int n = id(s);
  const std::string flagged = name(s.choice_fails ? "Abort" : "Finish", n);
  const std::string otherwise = next ? *next : name("Done", n);
  states[name("Choose", n)] = {
      {"Type", "Choice"},
      {"Choices", Json::array({{{"Variable", "$.flag"}, {"BooleanEquals", true},
                                {"Next", flagged}}})},
      {"Default", otherwise}};
  if (s.choice_fails) {
    states[flagged] = {{"Type", "Fail"}, {"Error", "Workflow.Flagged"},
                       {"Cause", "the input's flag was set"}};
  } else {
    states[flagged] = {{"Type", "Succeed"}};
  }
  if (!next) states[otherwise] = {{"Type", "Succeed"}};
}

void DefinitionWriter::step(const StepSpec& s, Json& states,
                            const std::optional<std::string>& next) {
  const int n = id(s);
  if (s.jsonata && (s.kind == StepSpec::Kind::pass || s.kind == StepSpec::Kind::wait)) {
    Json state = jsonata_simple_state(s);
    link(state, next);
    states[entry(s)] = std::move(state);
    return;
  }
  switch (s.kind) {
    case StepSpec::Kind::pass: {
      Json state = {{"Type", "Pass"}, {"Result", {{"step", n}}},
                    {"ResultPath", "$.pass" + std::to_string(n)},
                    {"Assign", {{"pass" + std::to_string(n) + ".$", "$.step"}}}};
      link(state, next);
      states[entry(s)] = std::move(state);
      return;
    }
    case StepSpec::Kind::wait: {
      Json state = {{"Type", "Wait"}, {"Seconds", s.wait_seconds},
                    {"Assign", {{"waited" + std::to_string(n), s.wait_seconds}}}};
      link(state, next);
      states[entry(s)] = std::move(state);
      return;
    }
    case StepSpec::Kind::choice: return choice(s, states, next);
    case StepSpec::Kind::loop: return loop(s, states, next);
    case StepSpec::Kind::task:
    case StepSpec::Kind::parallel:
    case StepSpec::Kind::map: {
      // The state goes in first so that the definition reads in order (its handler after it).
      const std::string state_name = entry(s);
      states[state_name] = Json::object();
      Json state = s.kind == StepSpec::Kind::task ? task_state(s) : block_state(s);
      error_handling(s, state, states, next);
      link(state, next);
      states[state_name] = std::move(state);
      return;
    }
  }
}

}  // namespace detail

Json definition_json(const MachineSpec& machine) {
  detail::DefinitionWriter writer(machine);
  return writer.machine(machine);
}

std::vector<std::pair<std::string, TaskSpec>> task_states(const MachineSpec& machine) {
  detail::DefinitionWriter writer(machine);
  writer.machine(machine);
  return std::move(writer.tasks);
}

}  // namespace wfsim::properties
