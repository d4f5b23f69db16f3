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
//
// Internal to the properties library: definition_writer.cpp writes the JSONPath states and the
// machine's shape, definition_writer_jsonata.cpp the JSONata states.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "properties/generators.h"

namespace wfsim::properties::detail {

inline constexpr const char* kActivityPrefix = "arn:aws:states:us-east-1:123456789012:activity:";

class DefinitionWriter {
 public:
  explicit DefinitionWriter(const MachineSpec& machine)
      : all_jsonata_(machine.jsonata), timed_tasks_(every_task_timed(machine.main)) {
    number(machine.main);
  }

  Json machine(const MachineSpec& spec);

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

  static bool every_task_timed(const SequenceSpec& sequence);
  // Variables assigned inside blocks that ended before the step being written: invisible to it.
  std::vector<std::string> hidden_;

  // A JSONata state of a JSONPath machine says so (JSONATA-1.2); in a JSONata machine every
  // state inherits the top level's language.
  Json& language(Json& state, bool jsonata) const;

  // The variable a step surely assigns when it completes normally, if any.
  std::optional<std::string> own_variable(const StepSpec& s) const;

  // Every variable assigned inside the branches of a block.
  void inner_variables(const StepSpec& block, std::vector<std::string>& out) const;

  // The scope probes a JSONata step adds to its Assign (see the file comment).
  void add_probes(const StepSpec& s, Json& assign) const;

  // Numbers every step (and every Succeed/Fail that ends a sequence) in document order.
  void number(const SequenceSpec& sequence);

  int id(const StepSpec& step) const { return step_ids_.at(&step); }
  static std::string name(const char* prefix, int id) { return prefix + std::to_string(id); }

  std::string entry(const StepSpec& step) const;

  static void link(Json& state, const std::optional<std::string>& next);

  void sequence(const SequenceSpec& seq, Json& states, const std::optional<std::string>& next);

  static Json retrier(const RetrierSpec& r);

  // Retry and Catch of a Task or block; catchers go to the Pass state "Handle<id>".
  void error_handling(const StepSpec& s, Json& state, Json& states,
                      const std::optional<std::string>& next);

  // A JSONata Task: the same resources, with Arguments, Output and Assign as expressions.
  Json jsonata_task_state(const StepSpec& s);

  Json task_state(const StepSpec& s);

  // A JSONata Parallel or Map: Items and ItemSelector as expressions, the results merged into
  // the input by Output, the count assigned from $states.result (VAR-3.4) with the probes.
  Json jsonata_block_state(const StepSpec& s);

  // A Distributed Map (DMAP-1.3): the same layout as the inline Map, its iterations as child
  // executions. A batched child first unpacks its batch into that layout ("Unbatch<id>": the
  // first item of the batch stands for it); a child whose item is listed fails in "Drop<id>".
  Json distributed_map_state(const StepSpec& s);

  Json block_state(const StepSpec& s);

  Json submachine(const SequenceSpec& seq);

  // A counted loop: Init -> body -> Count -> Again (back to the body while n < rounds).
  void loop(const StepSpec& s, Json& states, const std::optional<std::string>& next);

  // The counted loop in JSONata: the counter lives at $states.input.c<id>.n.
  void jsonata_loop(const StepSpec& s, Json& states, const std::optional<std::string>& next);

  // The JSONata Choice: Condition on the flag, a rule Assign and Output, the state's Assign
  // when Default is taken (VAR-4.3), and a Fail whose Error and Cause are expressions.
  void jsonata_choice(const StepSpec& s, Json& states, const std::optional<std::string>& next);

  // A Choice on $.flag: true goes to a Fail (or Succeed) state, false goes on.
  void choice(const StepSpec& s, Json& states, const std::optional<std::string>& next);

  // A JSONata Pass or Wait: Output merges the step's mark into the input.
  Json jsonata_simple_state(const StepSpec& s);

  void step(const StepSpec& s, Json& states, const std::optional<std::string>& next);
};

}  // namespace wfsim::properties::detail
