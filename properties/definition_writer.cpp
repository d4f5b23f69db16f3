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
#include <map>

#include "properties/generators.h"

namespace wfsim::properties {
namespace {

constexpr const char* kActivityPrefix = "arn:aws:states:us-east-1:123456789012:activity:";

class DefinitionWriter {
 public:
  explicit DefinitionWriter(const MachineSpec& machine) { number(machine.main); }

  Json machine(const MachineSpec& spec) {
    Json out = Json::object();
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
    for (size_t i = 0; i < seq.steps.size(); ++i) {
      const bool last = i + 1 == seq.steps.size();
      step(seq.steps[i], states, last ? after : std::optional(entry(seq.steps[i + 1])));
    }
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
    for (const CatcherSpec& c : s.catches) {
      Json catcher = {{"ErrorEquals", c.errors}, {"Next", handler}};
      if (!c.default_result_path) catcher["ResultPath"] = "$.error" + std::to_string(id(s));
      // A catcher's Assign sees the error output (VAR-4.1); names are unique per step, so no
      // branch or iteration assigns a name its enclosing machine assigns (VAR-3.2).
      catcher["Assign"] = {{"caught" + std::to_string(id(s)) + ".$", "$.Error"}};
      catches.push_back(std::move(catcher));
    }
    state["Catch"] = std::move(catches);
    Json handle = {{"Type", "Pass"}};
    link(handle, next);
    states[handler] = std::move(handle);
  }

  Json task_state(const StepSpec& s) {
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

  Json block_state(const StepSpec& s) {
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

  // A Choice on $.flag: true goes to a Fail (or Succeed) state, false goes on.
  void choice(const StepSpec& s, Json& states, const std::optional<std::string>& next) {
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

  void step(const StepSpec& s, Json& states, const std::optional<std::string>& next) {
    const int n = id(s);
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
