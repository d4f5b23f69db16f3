// Writing the JSONata states of a generated machine (definition_writer.h, JSONATA-1.8): Tasks,
// blocks, loops, Choices, Pass and Wait states in the same data layout as their JSONPath forms,
// with Output merging into $states.input and the variable-scope probes of every Assign.
#include "properties/definition_writer.h"

namespace wfsim::properties::detail {

void DefinitionWriter::add_probes(const StepSpec& s, Json& assign) const {
  const std::string n = std::to_string(id(s));
  if (auto own = own_variable(s)) assign["prior" + n] = "{% $exists($" + *own + ") %}";
  if (hidden_.empty()) return;
  std::string probes;
  // The latest blocks' variables first; three are enough to see a leak.
  for (size_t i = 0; i < hidden_.size() && i < 3; ++i) {
    probes += (i == 0 ? "" : ", ") + std::string("$exists($") +
              hidden_[hidden_.size() - 1 - i] + ")";
  }
  assign["leak" + n] = "{% [" + probes + "] %}";
}

Json DefinitionWriter::jsonata_task_state(const StepSpec& s) {
  const TaskSpec& t = s.task;
  const int n = id(s);
  const std::string k = std::to_string(n);
  Json state = {{"Type", "Task"}};
  language(state, true);
  Json payload = {{"step", n},
                  {"flag", "{% $states.input.flag %}"},
                  {"hasResult", "{% $exists($states.result) %}"}};
  // Undefined when flagged: States.QueryEvaluationError before the task is scheduled.
  if (s.query_failure) payload["check"] = "{% $states.input.flag ? $states.input.none : 0 %}";
  switch (t.kind) {
    case TaskKind::lambda:
      state["Resource"] = "arn:aws:states:::lambda:invoke";
      state["Arguments"] = {{"FunctionName", name("work", n)}, {"Payload", payload}};
      break;
    case TaskKind::activity:
      state["Resource"] =
          std::string(kActivityPrefix) + (t.shared_activity ? "shared" : name("work", n));
      state["Arguments"] = payload;
      break;
    case TaskKind::callback:
      state["Resource"] = "arn:aws:states:::sqs:sendMessage.waitForTaskToken";
      payload["token"] = "{% $states.context.Task.Token %}";
      state["Arguments"] = {
          {"QueueUrl", "https://sqs.us-east-1.amazonaws.com/123456789012/work"},
          {"MessageBody", payload}};
      break;
    case TaskKind::sync:
      state["Resource"] = "arn:aws:states:::ecs:runTask.sync";
      state["Arguments"] = {{"Cluster", "work"}, {"TaskDefinition", name("work", n)}};
      break;
  }
  state["Output"] = t.discard_result
                        ? "{% $states.input %}"
                        : "{% $merge([$states.input, {'r" + k + "': $states.result}]) %}";
  Json assign = {{"done" + k, true}, {"kind" + k, "{% $type($states.result) %}"}};
  add_probes(s, assign);
  state["Assign"] = std::move(assign);
  // Literal timeouts: sim/asl does not accept TimeoutSeconds or HeartbeatSeconds expressions
  // (JSONATA-1.10) yet.
  if (t.timeout_seconds) state["TimeoutSeconds"] = *t.timeout_seconds;
  if (t.heartbeat_seconds) state["HeartbeatSeconds"] = *t.heartbeat_seconds;
  tasks.emplace_back(name("Work", n), t);
  return state;
}

Json DefinitionWriter::jsonata_block_state(const StepSpec& s) {
  const std::string k = std::to_string(id(s));
  const bool map = s.kind == StepSpec::Kind::map;
  Json state = {{"Type", map ? "Map" : "Parallel"}};
  language(state, true);
  if (map) {
    state["Items"] = "{% $states.input.items %}";
    state["ItemSelector"] = {{"item", "{% $states.context.Map.Item.Value %}"},
                             {"flag", "{% $states.input.flag %}"},
                             {"items", "{% $states.input.items %}"}};
    state["MaxConcurrency"] = s.max_concurrency;
    state["ItemProcessor"] = submachine(s.branches.front());
  } else {
    Json branches = Json::array();
    for (const SequenceSpec& branch : s.branches) branches.push_back(submachine(branch));
    state["Branches"] = std::move(branches);
    state["Arguments"] = "{% $states.input %}";
  }
  const std::string key = (map ? "each" : "fork") + k;
  state["Output"] = "{% $merge([$states.input, {'" + key + "': $states.result}]) %}";
  Json assign = {{(map ? "mapped" : "forked") + k, "{% $count($states.result) %}"}};
  add_probes(s, assign);
  state["Assign"] = std::move(assign);
  return state;
}

void DefinitionWriter::jsonata_loop(const StepSpec& s, Json& states,
                                    const std::optional<std::string>& next) {
  const int n = id(s);
  const std::string c = "c" + std::to_string(n);
  const std::string body = entry(s.branches.front().steps.front());
  Json init = {{"Type", "Pass"},
               {"Output", "{% $merge([$states.input, {'" + c + "': {'n': 0}}]) %}"},
               {"Next", body}};
  states[name("Init", n)] = std::move(language(init, true));
  sequence(s.branches.front(), states, name("Count", n));
  Json count = {{"Type", "Pass"},
                {"Output", "{% $merge([$states.input, {'" + c + "': {'n': $states.input." + c +
                               ".n + 1}}]) %}"},
                {"Next", name("Again", n)}};
  states[name("Count", n)] = std::move(language(count, true));
  const std::string exit = next ? *next : name("Exit", n);
  Json again = {{"Type", "Choice"},
                {"Choices", Json::array({{{"Condition", "{% $states.input." + c + ".n < " +
                                                            std::to_string(s.loop_rounds) +
                                                            " %}"},
                                          {"Next", body}}})},
                {"Default", exit}};
  states[name("Again", n)] = std::move(language(again, true));
  if (!next) states[exit] = {{"Type", "Succeed"}};
}

void DefinitionWriter::jsonata_choice(const StepSpec& s, Json& states,
                                      const std::optional<std::string>& next) {
  const int n = id(s);
  const std::string k = std::to_string(n);
  const std::string flagged = name(s.choice_fails ? "Abort" : "Finish", n);
  const std::string otherwise = next ? *next : name("Done", n);
  Json rule_assign = {{"chose" + k, true}};
  Json default_assign = {{"chose" + k, false}};
  add_probes(s, rule_assign);
  add_probes(s, default_assign);
  Json state = {{"Type", "Choice"},
                {"Choices", Json::array({{{"Condition", "{% $states.input.flag = true %}"},
                                          {"Next", flagged},
                                          {"Output", "{% $states.input %}"},
                                          {"Assign", std::move(rule_assign)}}})},
                {"Default", otherwise},
                {"Assign", std::move(default_assign)}};
  states[name("Choose", n)] = std::move(language(state, true));
  if (s.choice_fails) {
    Json fail = {{"Type", "Fail"},
                 {"Error", "{% 'Workflow.' & 'Flagged' %}"},
                 {"Cause", "{% 'the input flag was ' & $string($states.input.flag) %}"}};
    states[flagged] = std::move(language(fail, true));
  } else {
    states[flagged] = {{"Type", "Succeed"}};
  }
  if (!next) states[otherwise] = {{"Type", "Succeed"}};
}

Json DefinitionWriter::jsonata_simple_state(const StepSpec& s) {
  const std::string k = std::to_string(id(s));
  Json assign = Json::object();
  Json state;
  if (s.kind == StepSpec::Kind::pass) {
    assign["pass" + k] = id(s);
    state = {{"Type", "Pass"},
             {"Output", "{% $merge([$states.input, {'pass" + k + "': {'step': " + k +
                            "}}]) %}"}};
  } else {
    assign["waited" + k] = s.wait_seconds;
    const Json seconds = timed_tasks_ ? Json("{% $count($states.input.items) >= 0 ? " +
                                             std::to_string(s.wait_seconds) + " : 0 %}")
                                      : Json(s.wait_seconds);
    state = {{"Type", "Wait"}, {"Seconds", seconds}};
  }
  add_probes(s, assign);
  state["Assign"] = std::move(assign);
  return std::move(language(state, true));
}

}  // namespace wfsim::properties::detail
