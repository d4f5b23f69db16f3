// Writing a MachineSpec as an ASL definition (generators.h): unique state names numbered in
// document order ("Work3", "Fork4", "Handle3"), Next/End links, the data layout that keeps
// machines meaningful while they run, workflow variables (every Pass, Wait, Task, block and
// catcher assigns one named after its step), and the list of Task states for the worker specs.
//
// Data layout: the execution input is {"flag", "items"}. Task results go to "$.r<id>" (or are
// discarded), catchers place the error at "$.error<id>" (or replace the data, ResultPath's
// default), blocks put their results at "$.fork<id>" / "$.each<id>", a loop counts in
// "$.c<id>.n", and a Map iteration sees {"item", "flag", "items"}. A catcher that replaces the
// data on purpose makes later Choice and loop states fail with States.Runtime, which is a valid
// (and useful) run, not a generator bug.
//
// A JSONata step (JSONATA-1.8) keeps that layout with Output expressions merging into
// $states.input, reads its Task result as $states.result, and assigns, besides its own variable,
// probes of the variables' scopes that sim/check's sfn.variable_scopes evaluates again: whether
// its own variable was already set (VAR-2.1: an Assign sees the values from before it), whether
// variables assigned inside blocks that finished earlier are visible (VAR-3.2: they are not),
// and whether a Task's Arguments see $states.result (JSONATA-3.8: they do not). The probes are
// valid and deterministic whatever they find; the checker, not the writer, knows the answer.
#include <map>

#include "properties/generators.h"

namespace wfsim::properties {
namespace {

constexpr const char* kActivityPrefix = "arn:aws:states:us-east-1:123456789012:activity:";

class DefinitionWriter {
 public:
  explicit DefinitionWriter(const MachineSpec& machine)
      : all_jsonata_(machine.jsonata), timed_tasks_(every_task_timed(machine.main)) {
    number(machine.main);
  }

  Json machine(const MachineSpec& spec) {
    Json out = Json::object();
    if (spec.jsonata) out["QueryLanguage"] = "JSONata";
    out["StartAt"] = entry(spec.main.steps.front());
    if (spec.timeout_seconds) out["TimeoutSeconds"] = *spec.timeout_seconds;
    Json states = Json::object();
    sequence(spec.main, states, std::nullopt);
    out["States"] = std::move(states);
    return out;
  }

  std::vector<std::pair<std::string, TaskSpec>> tasks;

 private:
  std::map<const StepSpec*, int> step_ids_;
  std::map<const SequenceSpec*, int> end_ids_;
  int next_id_ = 1;
  const bool all_jsonata_;
  // Every Task has a TimeoutSeconds. Only then may a Wait's Seconds be an expression: the world
  // bounds such a wait by a day (world/liveness.cpp), and a worker that hangs heartbeating on a
  // Task without a timeout would then keep a run going for days of heartbeats.
  const bool timed_tasks_;

  static bool every_task_timed(const SequenceSpec& sequence) {
    for (const StepSpec& step : sequence.steps) {
      if (step.kind == StepSpec::Kind::task && !step.task.timeout_seconds) return false;
      for (const SequenceSpec& branch : step.branches) {
        if (!every_task_timed(branch)) return false;
      }
    }
    return true;
  }
  // Variables assigned inside blocks that ended before the step being written: invisible to it.
  std::vector<std::string> hidden_;

  // A JSONata state of a JSONPath machine says so (JSONATA-1.2); in a JSONata machine every
  // state inherits the top level's language.
  Json& language(Json& state, bool jsonata) const {
    if (jsonata && !all_jsonata_) state["QueryLanguage"] = "JSONata";
    return state;
  }

  // The variable a step surely assigns when it completes normally, if any.
  std::optional<std::string> own_variable(const StepSpec& s) const {
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

  // Every variable assigned inside the branches of a block.
  void inner_variables(const StepSpec& block, std::vector<std::string>& out) const {
    for (const SequenceSpec& branch : block.branches) {
      for (const StepSpec& inner : branch.steps) {
        if (auto name = own_variable(inner)) out.push_back(*name);
        inner_variables(inner, out);
      }
    }
  }

  // The scope probes a JSONata step adds to its Assign (see the file comment).
  void add_probes(const StepSpec& s, Json& assign) const {
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

  // Numbers every step (and every Succeed/Fail that ends a sequence) in document order.
  void number(const SequenceSpec& sequence) {
    for (const StepSpec& step : sequence.steps) {
      step_ids_[&step] = next_id_++;
      for (const SequenceSpec& branch : step.branches) number(branch);
    }
    if (sequence.end != SequenceEnd::next) end_ids_[&sequence] = next_id_++;
  }

  int id(const StepSpec& step) const { return step_ids_.at(&step); }
  static std::string name(const char* prefix, int id) { return prefix + std::to_string(id); }

  std::string entry(const StepSpec& step) const {
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

  static void link(Json& state, const std::optional<std::string>& next) {
    if (next) {
      state["Next"] = *next;
    } else {
      state["End"] = true;
    }
  }

  void sequence(const SequenceSpec& seq, Json& states, const std::optional<std::string>& next) {
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

  static Json retrier(const RetrierSpec& r) {
    Json out = {{"ErrorEquals", r.errors},
                {"IntervalSeconds", r.interval_seconds},
                {"MaxAttempts", r.max_attempts},
                {"BackoffRate", r.backoff_rate}};
    if (r.max_delay_seconds) out["MaxDelaySeconds"] = *r.max_delay_seconds;
    if (r.full_jitter) out["JitterStrategy"] = "FULL";
    return out;
  }

  // Retry and Catch of a Task or block; catchers go to the Pass state "Handle<id>".
  void error_handling(const StepSpec& s, Json& state, Json& states,
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

  // A JSONata Task: the same resources, with Arguments, Output and Assign as expressions.
  Json jsonata_task_state(const StepSpec& s) {
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

  Json task_state(const StepSpec& s) {
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

  // A JSONata Parallel or Map: Items and ItemSelector as expressions, the results merged into
  // the input by Output, the count assigned from $states.result (VAR-3.4) with the probes.
  Json jsonata_block_state(const StepSpec& s) {
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

  // A Distributed Map (DMAP-1.3): the same layout as the inline Map, its iterations as child
  // executions. A batched child first unpacks its batch into that layout ("Unbatch<id>": the
  // first item of the batch stands for it); a child whose item is listed fails in "Drop<id>".
  Json distributed_map_state(const StepSpec& s) {
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

  Json block_state(const StepSpec& s) {
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

  Json submachine(const SequenceSpec& seq) {
    Json states = Json::object();
    sequence(seq, states, std::nullopt);
    return {{"StartAt", entry(seq.steps.front())}, {"States", std::move(states)}};
  }

  // A counted loop: Init -> body -> Count -> Again (back to the body while n < rounds).
  void loop(const StepSpec& s, Json& states, const std::optional<std::string>& next) {
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

  // The counted loop in JSONata: the counter lives at $states.input.c<id>.n.
  void jsonata_loop(const StepSpec& s, Json& states, const std::optional<std::string>& next) {
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

  // The JSONata Choice: Condition on the flag, a rule Assign and Output, the state's Assign
  // when Default is taken (VAR-4.3), and a Fail whose Error and Cause are expressions.
  void jsonata_choice(const StepSpec& s, Json& states, const std::optional<std::string>& next) {
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

  // A Choice on $.flag: true goes to a Fail (or Succeed) state, false goes on.
  void choice(const StepSpec& s, Json& states, const std::optional<std::string>& next) {
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

  // A JSONata Pass or Wait: Output merges the step's mark into the input.
  Json jsonata_simple_state(const StepSpec& s) {
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

  void step(const StepSpec& s, Json& states, const std::optional<std::string>& next) {
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
};

}  // namespace

Json definition_json(const MachineSpec& machine) {
  DefinitionWriter writer(machine);
  return writer.machine(machine);
}

std::vector<std::pair<std::string, TaskSpec>> task_states(const MachineSpec& machine) {
  DefinitionWriter writer(machine);
  writer.machine(machine);
  return std::move(writer.tasks);
}

}  // namespace wfsim::properties
